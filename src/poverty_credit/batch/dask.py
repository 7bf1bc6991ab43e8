"""The batch settlement on a Dask DataFrame (extra ``dask``): partition-wise and exact.

:func:`poverty_credit.batch.settle_month` is pure and row-wise (a loan's statement depends on its
own row and repayments only), so each partition is settled on its own and the per-lender totals
are exact integer sums of fen. The answer is the one machine's, to the fen, however the loans are
partitioned (the household allotment of ``caps_per_household`` needs a household's loans in one
partition: partition by ``household_id`` then).

Recipe::

    import dask.dataframe as dd
    from poverty_credit.batch import dask as pc_dask

    loans = dd.read_parquet("loans/")            # the loan columns of poverty_credit.batch
    repayments = pd.read_parquet("repayments.parquet")   # loan_id, on, principal_fen
    rows = pc_dask.statements(loans, 2026, 3, policy, repayments=repayments)   # lazy
    settlement = pc_dask.settle_month(loans, 2026, 3, policy, repayments=repayments)
    settlement.totals, settlement.total

Repayments are a pandas frame keyed by ``loan_id`` (each partition takes the rows of its loans);
for repayment tables too large for memory, merge them into the loan partitions yourself and pass
each partition's rows through :func:`poverty_credit.batch.settle_month`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd

from poverty_credit.batch._settle import settle_month as _settle_month
from poverty_credit.batch._settle import settle_year as _settle_year

__all__ = ["DaskSettlement", "settle_month", "settle_year", "statements"]

_META = {
    "loan_id": "object",
    "lender": "object",
    "days": "int64",
    "principal_days_fen": "int64",
    "amount_fen": "int64",
    "policy_id": "object",
}


def _partition(frame: pd.DataFrame, year: int, month: int | None, policy: Any,
               repayments: pd.DataFrame | None) -> pd.DataFrame:
    rep = None
    if repayments is not None and len(repayments):
        position = pd.Series(np.arange(len(frame), dtype=np.int64), index=frame["id"].to_numpy())
        mine = repayments[repayments["loan_id"].isin(position.index)]
        rep = {"loan": position.loc[mine["loan_id"].to_numpy()].to_numpy(),
               "on": mine["on"].to_numpy(), "principal_fen": mine["principal_fen"].to_numpy()}
    if month is None:
        s = _settle_year(frame, year, policy, repayments=rep)
    else:
        s = _settle_month(frame, year, month, policy, repayments=rep)
    return pd.DataFrame({
        "loan_id": s.loan_id, "lender": s.lender, "days": s.days,
        "principal_days_fen": np.asarray(s.principal_days_fen, dtype=np.int64),
        "amount_fen": np.asarray(s.amount_fen, dtype=np.int64), "policy_id": s.policy_id,
    }, index=frame.index).astype(_META)


def statements(loans: Any, year: int, month: int | None, policy: Any = None, *,
               repayments: pd.DataFrame | None = None) -> Any:
    """A lazy Dask DataFrame of one row per loan: ``loan_id, lender, days, principal_days_fen,
    amount_fen, policy_id`` (``month=None``: the yearly settlement)."""
    from poverty_credit import DEFAULT_POLICY

    meta = pd.DataFrame({k: pd.Series(dtype=v) for k, v in _META.items()})
    return loans.map_partitions(_partition, year, month,
                                DEFAULT_POLICY if policy is None else policy, repayments,
                                meta=meta)


@attrs.frozen
class DaskSettlement:
    """Totals of a partitioned settlement: lender → yuan, and the grand total."""

    totals: dict[str, Decimal]
    total: Decimal
    statements: pd.DataFrame = attrs.field(repr=False)


def _collect(rows: Any, policy: Any) -> DaskSettlement:
    from poverty_credit import DEFAULT_POLICY
    from poverty_credit.batch._settle import _lenders
    from poverty_credit.batch._subsidy import policies_of

    frame = rows.compute()
    sums = frame.groupby("lender")["amount_fen"].sum()
    lenders = _lenders(policies_of(DEFAULT_POLICY if policy is None else policy))
    totals = {name: Decimal(int(sums.get(name, 0))).scaleb(-2) for name in lenders}
    return DaskSettlement(totals=totals, total=Decimal(int(frame["amount_fen"].sum())).scaleb(-2),
                          statements=frame)


def settle_month(loans: Any, year: int, month: int, policy: Any = None, *,
                 repayments: pd.DataFrame | None = None) -> DaskSettlement:
    """Compute :func:`statements` and total per lender (exact int64 sums of fen)."""
    return _collect(statements(loans, year, month, policy, repayments=repayments), policy)


def settle_year(loans: Any, year: int, policy: Any = None, *,
                repayments: pd.DataFrame | None = None) -> DaskSettlement:
    """The yearly counterpart of :func:`settle_month`."""
    return _collect(statements(loans, year, None, policy, repayments=repayments), policy)
