"""The batch settlement of a Dask DataFrame on a local cluster equals one machine's, to the fen."""

from __future__ import annotations

import datetime as dt

import attrs
import dask.dataframe as dd
import distributed
import numpy as np
import pandas as pd
import pytest

from poverty_credit import DEFAULT_POLICY, PolicyDocument, PolicySchedule, batch
from poverty_credit.batch import dask as pc_dask


def _portfolio(n=2_000, seed=3):
    rng = np.random.default_rng(seed)
    start = np.datetime64("2016-01-01") + rng.integers(0, 3 * 365, n).astype("timedelta64[D]")
    loans = pd.DataFrame({
        "id": [f"L{i}" for i in range(n)],
        "lender": np.where(rng.random(n) < 0.7, "credit_union", "postal_savings").astype(object),
        "principal_fen": rng.integers(1, 8_000_001, n),
        "start_date": start,
        "maturity_date": start + rng.integers(30, 4 * 365, n).astype("timedelta64[D]"),
        "annual_rate": rng.choice(["0.0435", "0.0475", "0.049", "0.04"], n).astype(object),
    })
    some = rng.choice(n, n // 4, replace=False)
    repayments = pd.DataFrame({
        "loan_id": loans["id"].to_numpy()[some],
        "on": loans["start_date"].to_numpy()[some] + rng.integers(0, 400, some.size).astype(
            "timedelta64[D]"),
        "principal_fen": np.minimum(rng.integers(1, 3_000_000, some.size),
                                    loans["principal_fen"].to_numpy()[some]),
    })
    return loans, repayments


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.mark.parametrize("policy", [
    DEFAULT_POLICY,
    PolicySchedule([DEFAULT_POLICY, attrs.evolve(
        DEFAULT_POLICY, subsidy_share="0.7", effective_from=dt.date(2017, 6, 16),
        existing_contracts="switch", document=PolicyDocument(id="later", title="Later"))]),
])
def test_local_cluster_equals_one_machine(client, policy):
    loans, repayments = _portfolio()
    index = {x: i for i, x in enumerate(loans["id"])}
    local_rep = {"loan": repayments["loan_id"].map(index).to_numpy(),
                 "on": repayments["on"].to_numpy(),
                 "principal_fen": repayments["principal_fen"].to_numpy()}
    one = batch.settle_month(loans, 2017, 6, policy, repayments=local_rep)
    many = pc_dask.settle_month(dd.from_pandas(loans, npartitions=7), 2017, 6, policy,
                                repayments=repayments)
    assert many.totals == one.totals
    assert many.total == one.total
    got = many.statements.set_index("loan_id").loc[loans["id"]]
    assert got["amount_fen"].tolist() == one.amount_fen.tolist()
    assert got["days"].tolist() == one.days.tolist()
    assert one.total > 0
