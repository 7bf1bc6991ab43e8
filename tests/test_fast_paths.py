"""The fast paths of issue 11 equal their reference paths on random inputs.

* reasons whose messages are rendered when first read, and decisions whose reasons are built when
  first read, equal the eager ones (the same findings, messages, equality, hash, repr, pickling,
  ``to_dict``), whichever message is read first;
* integer month arithmetic (``shift_months``) equals pendulum's (``add_months``), and integer
  ages (``completed_years``) equal the pendulum path of ``age_on``;
* memoised benchmark quotes equal fresh ones; memoised citations equal fresh lookups;
* loss shares built without re-validation equal the validating constructor's.
"""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    InvalidInputError,
    Loan,
    LossShare,
    NaturalPerson,
    RateNotFound,
    Reason,
    Repayment,
    SubsidyStatement,
    benchmark_quote,
    check_claim,
    check_eligibility,
    check_loan_terms,
    monthly_subsidy,
    preset,
    share_loss,
    subsidy_schedule,
    to_dict,
)
from poverty_credit._money import ZERO, compute
from poverty_credit.claims import _findings_eager as _claim_findings_eager
from poverty_credit.claims import _periods, _validated
from poverty_credit.decision import Decision, deferred, pending_decision
from poverty_credit.eligibility import _person_findings_eager
from poverty_credit.loan_terms import _findings_eager
from poverty_credit.periods import (
    _add_months_pendulum,
    add_years,
    completed_years,
    shift_months,
    term_months,
)
from poverty_credit.rates import policy_benchmark_quote
from poverty_credit.subsidy import _repayment_index
from strategies import amounts, compensation_claims, loans, natural_persons, policies

SHIPPED = [DEFAULT_POLICY, preset("nanao-2025"), preset("national-2021"), preset("yanjin-2016")]
any_policy = st.sampled_from(SHIPPED) | policies()


def _same_reasons(fast: Decision, eager: tuple[Reason, ...], zh_first: bool) -> None:
    if zh_first:  # the other message is rendered by the same read
        assert [r.message_zh for r in fast.findings] == [r.message_zh for r in eager]
    assert fast.findings == eager
    assert [(r.message, r.message_zh, r.article, r.article_zh) for r in fast.findings] == [
        (r.message, r.message_zh, r.article, r.article_zh) for r in eager
    ]
    assert bool(fast) == all(r.passed for r in eager)


def _same_decision(fast: Decision, eager: Decision) -> None:
    assert bool(fast) == bool(eager)
    assert fast == eager
    assert hash(fast) == hash(eager)
    assert repr(fast) == repr(eager)
    assert fast.explain("zh") == eager.explain("zh")
    assert to_dict(fast) == to_dict(eager)
    assert pickle.loads(pickle.dumps(fast)) == eager


@settings(max_examples=150, deadline=None)
@given(natural_persons(), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), any_policy,
       st.booleans())
def test_eligibility_lazy_equals_eager(person, on, policy, zh_first):
    try:
        eager = tuple(_person_findings_eager(person, on, policy))
    except InvalidInputError as exc:
        expected = str(exc)
    else:
        expected = None
    if expected is not None:  # the fast path refuses the same input with the same error
        with pytest.raises(InvalidInputError) as caught:
            check_eligibility(person, on, policy)
        assert str(caught.value) == expected
        return
    fast = check_eligibility(person, on, policy)
    _same_reasons(fast, eager, zh_first)
    _same_decision(check_eligibility(person, on, policy),
                   Decision.of(eager, subject=person.id, policy_id=policy.id))


@settings(max_examples=150, deadline=None)
@given(loans(borrower=natural_persons()), any_policy, st.booleans())
def test_loan_terms_lazy_equals_eager(loan, policy, zh_first):
    try:
        if policy.fund_allocations is not None:
            policy.require_lender(loan.lender, "loan.lender")
        eager = tuple(_findings_eager(loan, policy, ()))
    except (InvalidInputError, RateNotFound) as exc:
        expected: tuple[type[Exception], str] | None = (type(exc), str(exc))
    else:
        expected = None
    if expected is not None:
        with pytest.raises(expected[0]) as caught:
            check_loan_terms(loan, policy)
        assert str(caught.value) == expected[1]
        return
    _same_reasons(check_loan_terms(loan, policy), eager, zh_first)
    _same_decision(check_loan_terms(loan, policy),
                   Decision.of(eager, subject=loan.id, policy_id=policy.id))


@settings(max_examples=150, deadline=None)
@given(compensation_claims(), st.integers(0, 400), any_policy, st.booleans())
def test_claims_lazy_equals_eager(claim, later, policy, zh_first):
    on = claim.notice_start + dt.timedelta(days=later)
    try:
        checked, on, chosen = _validated(claim, on, policy)
        overdue, notice = _periods(chosen)
        chosen.require_lender(claim.loan.lender, "claim.loan.lender")
        eager = tuple(_claim_findings_eager(checked, on, chosen, overdue, notice))
    except InvalidInputError as exc:
        expected: str | None = str(exc)
    else:
        expected = None
    if expected is not None:
        with pytest.raises(InvalidInputError) as caught:
            check_claim(claim, on, policy)
        assert str(caught.value) == expected
        return
    _same_reasons(check_claim(claim, on, policy), eager, zh_first)
    _same_decision(check_claim(claim, on, policy),
                   Decision.of(eager, subject=claim.loan.id, policy_id=chosen.id))


def test_a_pending_decision_built_from_reasons_and_deferred_items():
    eager = Reason(code="AGE_ABOVE_LIMIT", article="A", passed=True, message="m", message_zh="z")
    later = Reason(code="AGE_BELOW_LIMIT", article="B", passed=False, message="n", message_zh="y")
    fast = pending_decision([eager, (later.code, "B", False, lambda: later)], "S", "P")
    assert not fast
    assert fast.findings == (eager, later)
    assert fast.reasons[0].message_zh == "y"
    assert deferred(later.code, "B", False, lambda: later).message == "n"


@settings(max_examples=500)
@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.integers(-2400, 2400))
def test_integer_months_equal_pendulum(start, months):
    total = start.year * 12 + start.month - 1 + months
    if not 12 <= total < 10000 * 12:
        return
    assert shift_months(start, months) == _add_months_pendulum(start, months)


@settings(max_examples=500)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
       st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.booleans())
def test_integer_age_equals_the_pendulum_path(birth, on, on_birthday):
    if on < birth:
        birth, on = on, birth
    years = on.year - birth.year
    birthday = add_years(birth, years)  # pendulum
    reached = on >= birthday if on_birthday else on > birthday
    assert completed_years(birth, on, on_birthday) == max(0, years if reached else years - 1)


@settings(max_examples=300)
@given(st.dates(dt.date(2005, 1, 1), dt.date(2035, 12, 31)),
       st.dates(dt.date(2005, 1, 2), dt.date(2045, 12, 31)))
def test_term_months_is_the_smallest_n_by_pendulum(start, maturity):
    if maturity <= start:
        return
    n = term_months(start, maturity)
    assert _add_months_pendulum(start, n) >= maturity
    assert n == 1 or _add_months_pendulum(start, n - 1) < maturity


@settings(max_examples=300)
@given(st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)), st.integers(1, 400),
       st.sampled_from(SHIPPED) | policies())
def test_memoised_quotes_equal_fresh_ones(on, months, policy):
    try:
        fresh = benchmark_quote(on, months, policy)
    except (RateNotFound, InvalidInputError) as exc:
        with pytest.raises(type(exc)):
            policy_benchmark_quote(on, months, policy)
        return
    assert policy_benchmark_quote(on, months, policy) == fresh
    assert policy_benchmark_quote(on, months, policy) == fresh  # from the memo


@given(st.sampled_from(SHIPPED) | policies(), st.sampled_from(sorted(DEFAULT_POLICY.citations)))
def test_memoised_citations_equal_fresh_lookups(policy, key):
    code, _, variant = key.partition(":")
    assert policy.cite(code, variant or None) == policy._cite(code, variant or None)
    assert policy.cite(code, variant or None) is policy.cite(code, variant or None)


@given(amounts("0.00", "1000000000.00"), st.none() | st.integers(1, 100).map(
    lambda n: Decimal(n).scaleb(-2)), st.integers(0, 100).map(lambda n: Decimal(n).scaleb(-2)))
def test_unvalidated_loss_shares_equal_validated_ones(loss, insurer, fund_share):
    policy = attrs.evolve(DEFAULT_POLICY, fund_share=fund_share)
    share = share_loss(loss, policy, insurer_share=insurer)
    rebuilt = LossShare(fund=share.fund, lender=share.lender, insurer=share.insurer)
    assert share == rebuilt
    assert [str(x) for x in (share.fund, share.lender, share.insurer)] == [
        str(x) for x in (rebuilt.fund, rebuilt.lender, rebuilt.insurer)
    ]


@settings(max_examples=100, deadline=None)
@given(loans(borrower=natural_persons(),
             start=st.dates(dt.date(2012, 1, 1), dt.date(2025, 12, 31))),
       st.integers(0, 40))
def test_statements_word_their_findings_when_read(loan, months_on):
    year, month0 = divmod(loan.start_date.year * 12 + loan.start_date.month - 1 + months_on, 12)
    try:
        first = monthly_subsidy(loan, year, month0 + 1)
    except (InvalidInputError, RateNotFound):
        return
    second = monthly_subsidy(loan, year, month0 + 1)
    assert pickle.loads(pickle.dumps(second)) == first  # pickled unread, compared read
    public = SubsidyStatement(**{f.name: getattr(first, f.name) for f in attrs.fields(
        SubsidyStatement)})
    assert public == first
    assert hash(public) == hash(monthly_subsidy(loan, year, month0 + 1))
    assert to_dict(monthly_subsidy(loan, year, month0 + 1)) == to_dict(public)
    assert all(r.passed for r in first.findings)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 30), st.data())
def test_the_repayment_index_equals_the_sums(n, data):
    start = dt.date(2020, 1, 10)
    days = sorted(data.draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n)))
    loan = Loan(id="L", borrower=NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1),
                                                   registered_poor=True),
                lender="credit_union", principal=Decimal(100 * n + 1), start_date=start,
                maturity_date=dt.date(2023, 1, 10), annual_rate="0.0435",
                repayments=[Repayment(on=start + dt.timedelta(days=d), principal=100)
                            for d in days])
    with compute():
        found, repaid = _repayment_index(loan)
        assert found == [r.on for r in loan.repayments]
        for k in range(n + 1):
            assert repaid(k) == sum((r.principal for r in loan.repayments[:k]), ZERO)
    reference = [s.amount for s in subsidy_schedule(loan)]
    assert reference == [monthly_subsidy(loan, s.year, s.month).amount
                         for s in subsidy_schedule(loan)]
