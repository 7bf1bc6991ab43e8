"""batch.check_eligibility / batch.check_loan_terms = the scalar rules, row by row.

The verdict and the set of failed codes of each row equal the scalar Decision's; random people,
loans and DEFAULT_POLICY variants (tests/strategies.py ``policies``). Errors: the same type.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import poverty_credit as pc
from poverty_credit import batch
from strategies import borrowers, natural_persons, policies
from strategies_batch import portfolios


def _codes(decision):
    return frozenset(r.code.value for r in decision.reasons)


@given(people=st.lists(st.one_of(natural_persons(), borrowers()), max_size=8),
       on=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), policy=policies())
def test_eligibility_equals_scalar(people, on, policy):
    columns = batch.person_columns(people)
    columns["id"] = [f"B{i}" for i in range(len(people))]
    try:
        expected = [pc.check_eligibility(p, on, policy) for p in people]
    except pc.InvalidInputError:
        with pytest.raises(pc.InvalidInputError):
            batch.check_eligibility(columns, on, policy)
        return
    got = batch.check_eligibility(columns, on, policy)
    for i, decision in enumerate(expected):
        assert bool(got.granted[i]) == bool(decision), people[i]
        assert frozenset(got.codes(i)) == _codes(decision), people[i]


@given(loans=portfolios(entities=True), policy=policies(), keep_lenders=st.booleans())
def test_loan_terms_equal_scalar(loans, policy, keep_lenders):
    if keep_lenders:  # most random policies name other lenders: keep the loans' lenders too
        policy = attrs.evolve(policy, fund_allocations=pc.DEFAULT_POLICY.fund_allocations)
    columns, repayments = batch.loan_columns(loans)
    try:
        expected = [pc.check_loan_terms(x, policy) for x in loans]
    except (pc.InvalidInputError, pc.RateNotFound) as exc:
        with pytest.raises(type(exc)):
            batch.check_loan_terms(columns, policy, repayments=repayments)
        return
    got = batch.check_loan_terms(columns, policy, repayments=repayments)
    for i, decision in enumerate(expected):
        assert bool(got.granted[i]) == bool(decision), loans[i]
        assert frozenset(got.codes(i)) == _codes(decision), loans[i]
