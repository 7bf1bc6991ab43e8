"""The batch = scalar property: every row of ``batch.settle_month`` equals the scalar statement.

Random portfolios (tests/strategies_batch.py) under random policies: DEFAULT_POLICY variants and
whatever part-D subsidy variants the scalar API honours today. Expected values are whatever the
scalar functions return; nothing of their logic is repeated here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import poverty_credit as pc
from poverty_credit import Benchmark, batch
from strategies_batch import lpr_safe, portfolios, subsidy_policies


def _first(policy):
    """The policy, or a schedule's first policy (a schedule's later ones share its benchmark)."""
    return policy.policies[0] if isinstance(policy, pc.PolicySchedule) else policy


def _scalar(loans, year, month, policy):
    try:
        return pc.settle_month(loans, year, month, policy), None
    except (pc.InvalidInputError, pc.RateNotFound) as exc:
        return None, exc


def assert_same(loans, year, month, policy):
    expected, error = _scalar(loans, year, month, policy)
    columns, repayments = batch.loan_columns(loans)
    if error is not None:
        with pytest.raises(type(error)):
            batch.settle_month(columns, year, month, policy, repayments=repayments)
        return
    got = batch.settle_month(columns, year, month, policy, repayments=repayments)
    by_id = {s.loan_id: s for s in expected.statements}
    skipped = {s.loan_id for s in expected.skipped}
    for i, loan in enumerate(loans):
        statement = by_id.get(loan.id)
        if statement is None:
            assert loan.id in skipped
            assert got.days[i] == 0, loan
            assert got.amount_fen[i] == 0, loan
            continue
        assert got.days[i] == statement.days, loan
        assert got.principal_days_fen[i] == statement.principal_days * 100, loan
        assert got.amount(i) == statement.amount, loan
        assert got.rate(i) == statement.rate, loan
    assert got.totals == expected.totals
    assert got.total == expected.total


@given(loans=portfolios(), policy=subsidy_policies(), data=st.data())
def test_batch_equals_scalar(loans, policy, data):
    """A month inside some loan's life (or any month), so most statements are not zero."""
    if _first(policy).benchmark is Benchmark.LPR:
        loans = lpr_safe(loans)
    if loans and data.draw(st.booleans()):
        loan = data.draw(st.sampled_from(loans))
        day = data.draw(st.dates(loan.start_date, loan.extended_to or loan.maturity_date))
        period = (day.year, day.month)
    else:
        period = data.draw(st.tuples(st.integers(2011, 2030), st.integers(1, 12)))
    assert_same(loans, *period, policy)


@given(loans=portfolios(max_size=4), policy=subsidy_policies())
def test_batch_equals_scalar_over_a_loan_life(loans, policy):
    """Every month from the first start to the last subsidised day of any loan."""
    if _first(policy).benchmark is Benchmark.LPR:
        loans = lpr_safe(loans)
    if not loans:
        return
    first = min(x.start_date for x in loans)
    last = max(x.extended_to or x.maturity_date for x in loans)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        assert_same(loans, year, month, policy)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@given(loans=portfolios(max_size=4, entities=True),
       period=st.tuples(st.integers(2011, 2028), st.integers(1, 12)))
def test_entity_rows_take_the_scalar_path(loans, period):
    assert_same(loans, *period, pc.DEFAULT_POLICY)


def test_a_loan_before_the_rate_table_raises_like_the_scalar():
    person = pc.NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    loan = pc.Loan(id="L", borrower=person, lender="credit_union", principal="1000",
                   start_date=dt.date(2010, 1, 1), maturity_date=dt.date(2011, 1, 1),
                   annual_rate="0.05")
    assert_same([loan], 2010, 5, pc.DEFAULT_POLICY)
    assert_same([loan], 2016, 5, pc.DEFAULT_POLICY)
