"""``settle_month`` and ``settle_year`` over columns (Art. 27; SPEC B, D2, D5, D6)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

import poverty_credit as _pc
from poverty_credit._validate import as_int
from poverty_credit.batch._columns import I64, Objects, day_number
from poverty_credit.batch._loans import LoanTable, read_loans
from poverty_credit.batch._subsidy import policies_of, settle, window
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.policy import Policy, SubsidyCycle

#: The years a statement may be asked for (as the scalar functions).
MIN_YEAR, MAX_YEAR = 1900, 2200


def _fen(amount: Decimal) -> int:
    return int(amount.scaleb(2))


def _yuan(fen: int) -> Decimal:
    return Decimal(int(fen)).scaleb(-2)


@attrs.frozen(eq=False, repr=False)
class BatchSettlement:
    """A period's subsidy over a loan table: one row per input row, in input order.

    Columns (NumPy arrays): ``loan_id``, ``lender``, ``days``, ``principal_days_fen`` (Σ of the
    subsidised principal in fen over the days: ``principal_days`` of the scalar statement × 100),
    ``amount_fen`` (the statement's amount in fen, rounded once), ``policy_id`` (the document of
    the last subsidised day, ``None`` without one). ``rate(i)`` is the row's subsidy rate as an
    exact :class:`~decimal.Decimal`. A row with ``days == 0`` is what the scalar settlement lists
    under ``skipped``.

    Attributes:
        totals: lender → Decimal yuan, every lender of the policy (0.00 if none).
        total: the grand total, the sum of every row's amount.
        scalar_rows: the rows computed by the scalar functions (not vectorised).
    """

    year: int
    month: int | None
    loan_id: Objects
    lender: Objects
    days: I64
    principal_days_fen: npt.NDArray[Any]
    amount_fen: npt.NDArray[Any]
    policy_id: Objects
    totals: dict[str, Decimal]
    total: Decimal
    scalar_rows: I64
    _rate_num: npt.NDArray[Any]
    _rate_digits: int
    _rate_overrides: Mapping[int, Decimal]

    def __len__(self) -> int:
        return len(self.loan_id)

    @property
    def period(self) -> str:
        """``YYYY-MM``, or ``YYYY`` for a yearly settlement."""
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    def rate(self, row: int) -> Decimal:
        """The subsidy rate of a row (a fraction per year, exact)."""
        if row in self._rate_overrides:
            return self._rate_overrides[row]
        return Decimal(int(self._rate_num[row])).scaleb(-self._rate_digits).normalize()

    def amount(self, row: int) -> Decimal:
        """The amount of a row in yuan."""
        return _yuan(int(self.amount_fen[row]))

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: ``loan_id, lender, period, days, principal_days, rate, amount,
        policy_id`` (Decimals in yuan), ready for a dataframe or JSON via ``str``."""
        return [
            {
                "loan_id": self.loan_id[i],
                "lender": self.lender[i],
                "period": self.period,
                "days": int(self.days[i]),
                "principal_days": _yuan(int(self.principal_days_fen[i])),
                "rate": self.rate(i),
                "amount": self.amount(i),
                "policy_id": self.policy_id[i],
            }
            for i in range(len(self))
        ]

    def __repr__(self) -> str:
        subsidised = int(np.count_nonzero(self.days))
        per_lender = ", ".join(f"{k} {v}" for k, v in self.totals.items())
        return (f"<BatchSettlement {self.period}: {subsidised} statements, "
                f"{len(self) - subsidised} skipped, total {self.total} ({per_lender})>")

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{k}</td><td style='text-align:right'>{v}</td></tr>"
                       for k, v in self.totals.items())
        return (f"<table><caption>Subsidy {self.period}: {len(self)} loans</caption>"
                f"<tr><th>lender</th><th>total (yuan)</th></tr>{rows}"
                f"<tr><th>total</th><th style='text-align:right'>{self.total}</th></tr></table>")


def _check_period(year: object, month: object, yearly: bool) -> tuple[int, int | None]:
    problems: list[Problem] = []
    try:
        as_int(year, "year", MIN_YEAR, MAX_YEAR)
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    if not yearly:
        try:
            as_int(month, "month", 1, 12)
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    assert isinstance(year, int)
    return year, (None if yearly else month)  # type: ignore[return-value]


def _check_cycle(policies: Sequence[Policy], lo: _dt.date, hi: _dt.date, yearly: bool) -> None:
    """``settle_month`` refuses a yearly policy and ``settle_year`` a monthly one (SPEC D7),
    judged for every policy in force during the period."""
    want = SubsidyCycle.YEAR if yearly else SubsidyCycle.MONTH
    for i, p in enumerate(policies):
        starts = p.effective_from
        ends = policies[i + 1].effective_from if i + 1 < len(policies) else None
        if (starts is not None and starts >= hi) or (ends is not None and ends <= lo):
            continue
        if p.need("subsidy_cycle") is not want:
            other = "settle_month" if yearly else "settle_year"
            raise InvalidInputError.single(
                "policy",
                f"{p.id} settles the subsidy per {p.need('subsidy_cycle').value}: use {other}",
            )


def _lender_codes(table: LoanTable, lenders: Sequence[str]) -> I64:
    index = {name: i for i, name in enumerate(lenders)}
    try:
        distinct = set(table.lender.tolist())
        if len(distinct) <= 8 and distinct <= set(index):
            codes = np.zeros(table.n, dtype=np.int64)
            for name in distinct:  # a few vectorised comparisons beat a lookup per row
                codes[table.lender == name] = index[name]
            return codes
        return np.fromiter(map(index.__getitem__, table.lender.tolist()), np.int64, table.n)
    except KeyError:
        for row, name in enumerate(table.lender.tolist()):
            if name not in index:
                raise InvalidInputError.single(
                    f"lender[{row}]",
                    f"is not a lender of the policy (got {name!r}; known: "
                    f"{', '.join(lenders)})",
                ) from None
        raise  # pragma: no cover


def _lenders(policies: Sequence[Policy]) -> list[str]:
    names: dict[str, None] = {}
    for p in policies:
        names.update(dict.fromkeys(p.need("fund_allocations")))
    return list(names)


def _scalar_statements(table: LoanTable, rows: I64, year: int, month: int | None,
                       policy: object) -> dict[int, Any]:
    """Statements of rows the kernel does not vectorise, from the scalar functions."""
    loans = [table.loan(int(r)) for r in rows.tolist()]
    if month is None:
        settle_year = getattr(_pc, "settle_year", None)
        if settle_year is None:
            raise InvalidInputError.single(
                "columns", "these rows need the scalar settle_year, which this version lacks")
        settlement = settle_year(loans, year, policy)
    else:
        settlement = _pc.settle_month(loans, year, month, policy)  # type: ignore[arg-type]
    by_id = {s.loan_id: s for s in settlement.statements}
    return {int(r): by_id.get(loan.id) for r, loan in zip(rows.tolist(), loans, strict=True)}


def _settle(data: object, year: object, month: object, policy: object, repayments: object,
            yearly: bool) -> BatchSettlement:
    year_, month_ = _check_period(year, month, yearly)
    policies = policies_of(policy)
    table = read_loans(data, repayments)
    first, following = window(year_, month_)
    _check_cycle(policies, first, following, yearly)
    lenders = _lenders(policies)
    codes = _lender_codes(table, lenders)
    if any(p.caps_per_household for p in policies):
        # the household allotment (SPEC D5) orders a household's loans: the scalar path
        scalar = np.arange(table.n, dtype=np.int64)
    else:
        scalar = table.entity_rows()
    vector = np.setdiff1d(np.arange(table.n, dtype=np.int64), scalar, assume_unique=True) \
        if scalar.size else np.arange(table.n, dtype=np.int64)
    lo, hi = day_number(first), day_number(following)
    days, fen_days, amount, rate, digits, last = settle(table, policies, lo, hi, vector)
    ids = np.array([p.id for p in policies] + [None], dtype=object)
    if scalar.size:
        n = table.n
        all_days = np.zeros(n, dtype=np.int64)
        all_pd: npt.NDArray[Any] = np.zeros(n, dtype=fen_days.dtype)
        all_amount: npt.NDArray[Any] = np.zeros(n, dtype=amount.dtype)
        all_rate: npt.NDArray[Any] = np.zeros(n, dtype=rate.dtype)
        all_last = np.full(n, -1, dtype=np.int64)
        all_days[vector], all_pd[vector], all_amount[vector] = days, fen_days, amount
        all_rate[vector], all_last[vector] = rate, last
        overrides: dict[int, Decimal] = {}
        policy_id = ids[all_last]
        for row, statement in _scalar_statements(table, scalar, year_, month_, policy).items():
            if statement is None:
                continue
            all_days[row] = statement.days
            all_pd[row] = _fen(statement.principal_days)
            all_amount[row] = _fen(statement.amount)
            overrides[row] = statement.rate
            policy_id[row] = getattr(statement, "policy_id", policies[-1].id)
        days, fen_days, amount = all_days, all_pd, all_amount
        rate, last = all_rate, all_last
    else:
        overrides = {}
        policy_id = ids[last]
    sums = _totals(codes, amount, len(lenders))
    totals = {name: _yuan(s) for name, s in zip(lenders, sums, strict=True)}
    return BatchSettlement(
        year=year_, month=month_, loan_id=table.ids, lender=table.lender, days=days,
        principal_days_fen=fen_days, amount_fen=amount, policy_id=policy_id, totals=totals,
        total=_yuan(sum(sums)), scalar_rows=scalar, rate_num=rate, rate_digits=digits,
        rate_overrides=overrides,
    )


def _totals(codes: I64, amount: npt.NDArray[Any], k: int) -> list[int]:
    """Exact integer sums of the amounts per lender code."""
    if amount.dtype == object:
        sums = [0] * k
        for c, a in zip(codes.tolist(), amount.tolist(), strict=True):
            sums[c] += int(a)
        return sums
    out = np.zeros(k, dtype=np.int64)
    np.add.at(out, codes, amount)
    return [int(v) for v in out.tolist()]


def settle_month(columns: object, year: int, month: int, policy: object = None, *,
                 repayments: object = None) -> BatchSettlement:
    """One month's subsidy over loan columns, equal to the fen to
    :func:`poverty_credit.settle_month` on the same loans (Art. 27 一月一结算).

    Args:
        columns: loan columns (a mapping of equal-length arrays or lists, or a pandas, polars or
            pyarrow table); see :mod:`poverty_credit.batch` for names and dtypes.
        year: the calendar year (1900–2200).
        month: the calendar month, 1–12.
        policy: a :class:`~poverty_credit.Policy` or :class:`~poverty_credit.PolicySchedule`
            (default: the seed Measures).
        repayments: a table ``loan`` (row index into ``columns``), ``on`` (date),
            ``principal_fen`` (int64), or ``None``.

    Raises:
        InvalidInputError: a bad cell (named ``column[row]``), a duplicate id, an unknown lender,
            a bad year or month, a yearly policy.
        RateNotFound: no benchmark rate on some loan's start date.

    >>> import numpy as np
    >>> columns = {"id": ["A", "B"], "lender": ["credit_union", "postal_savings"],
    ...            "principal_fen": np.array([5_000_000, 6_000_000]),
    ...            "start_date": np.array(["2016-03-01", "2016-04-11"], dtype="datetime64[D]"),
    ...            "maturity_date": np.array(["2017-03-01", "2018-04-11"], dtype="datetime64[D]"),
    ...            "annual_rate": ["0.0435", "0.0475"]}
    >>> s = settle_month(columns, 2016, 4)
    >>> s.days.tolist(), s.amount_fen.tolist()   # A: 50000 × 30 × 4.35 % / 360 = 181.25
    ([30, 20], [18125, 13194])
    >>> s                                         # B: 50000 (capped) × 20 × 4.75 % / 360
    <BatchSettlement 2016-04: 2 statements, 0 skipped, total 313.19 (credit_union 181.25, \
postal_savings 131.94)>
    """
    return _settle(columns, year, month, _default(policy), repayments, yearly=False)


def settle_year(columns: object, year: int, policy: object = None, *,
                repayments: object = None) -> BatchSettlement:
    """One year's subsidy over loan columns under a yearly policy (SPEC D6
    ``subsidy_cycle = "year"``: one statement per loan per calendar year, rounded once).

    Raises:
        InvalidInputError: as :func:`settle_month`, and a monthly policy.
    """
    return _settle(columns, year, None, _default(policy), repayments, yearly=True)


def _default(policy: object) -> object:
    return _pc.DEFAULT_POLICY if policy is None else policy
