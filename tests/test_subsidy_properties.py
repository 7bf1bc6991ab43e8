"""Properties of the subsidy under every variant of SPEC D5–D7, against two oracles:

* ``subsidy_reference``: a frozen copy of the implementation before part D. Under DEFAULT_POLICY
  (and part B's own variants) every statement, schedule and settlement must be bit-identical to
  it; the only difference allowed is the passed RATE_UNCONFIRMED note at the end (SPEC D7).
* a day-by-day oracle written straight from the SPEC, with exact fractions: for every day the
  policy ``for_contract(start, day)``, the subsidised period, the days limit, the subsidised cap
  (and the household allotment), the rate and the share; the statement's amount is the one
  half-up rounding of the exact sum, and the runs' exact sums add up to the statement's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as ps
import subsidy_reference as reference
from poverty_credit import (
    DEFAULT_POLICY,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    Policy,
    PolicyDocument,
    PolicySchedule,
    RateNotFound,
    ReasonCode,
    SubsidyRate,
    SubsidyStatement,
    benchmark_rate,
    entity_credit_limit,
    monthly_subsidy,
    settle_month,
    settle_year,
    subsidy_schedule,
    term_months,
)
from poverty_credit import subsidy as subsidy_module
from poverty_credit._money import compute
from poverty_credit.schedule import policy_for_contract

D = Decimal
day = dt.date
RATE_ERA = (day(2011, 7, 7), day(2026, 6, 30))  # the PBoC lending table starts on 2011-07-07

PART_B_POLICIES = st.sampled_from([
    DEFAULT_POLICY,
    attrs.evolve(DEFAULT_POLICY, subsidise_extensions=True),
    attrs.evolve(DEFAULT_POLICY, max_loan_amount="20000"),
    attrs.evolve(DEFAULT_POLICY, day_count_basis=365),
])

PEOPLE = [NaturalPerson(id=f"P-{i}", birth_date=day(1975, 1, 1), registered_poor=True,
                        household_id=f"H-{i % 2}") for i in range(4)]


def era_loans(borrower: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[Loan]:
    return ps.loans(start=st.dates(*RATE_ERA), borrower=borrower)


def without_note(findings: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Findings as comparable tuples, the trailing RATE_UNCONFIRMED note dropped."""
    items = list(findings)
    if items and items[-1].code is ReasonCode.RATE_UNCONFIRMED:
        items.pop()
    assert all(r.code is not ReasonCode.RATE_UNCONFIRMED for r in items)
    return [(r.code, r.article, r.passed, r.message, r.message_zh) for r in items]


def same_statement(new: SubsidyStatement, old: Any) -> None:
    assert (new.loan_id, new.year, new.month, new.days) == (old.loan_id, old.year, old.month,
                                                            old.days)
    for name in ("principal_days", "rate", "amount"):
        a, b = getattr(new, name), getattr(old, name)
        assert (a, str(a)) == (b, str(b)), name  # equal, and written the same way
    assert without_note(new.findings) == without_note(old.findings)
    assert (new.policy_id, new.policy_ids) == ("x-county-measures", ("x-county-measures",))


def both(call_new: Any, call_old: Any) -> tuple[Any, Any] | None:
    """Run both; if the old one raised, the new one must raise the same kind of error."""
    try:
        old = call_old()
    except (InvalidInputError, RateNotFound) as exc:
        with pytest.raises(type(exc)):
            call_new()
        return None
    return call_new(), old


@settings(max_examples=ps.examples(200), deadline=None)
@given(era_loans(), st.integers(-40, 5 * 366), PART_B_POLICIES)
def test_monthly_statements_are_as_before_part_d(loan: Loan, offset: int, policy: Policy) -> None:
    on = loan.start_date + dt.timedelta(days=offset)
    pair = both(lambda: monthly_subsidy(loan, on.year, on.month, policy),
                lambda: reference.monthly_subsidy(loan, on.year, on.month, policy))
    if pair:
        same_statement(*pair)


@settings(max_examples=ps.examples(60), deadline=None)
@given(era_loans(), PART_B_POLICIES)
def test_schedules_are_as_before_part_d(loan: Loan, policy: Policy) -> None:
    pair = both(lambda: subsidy_schedule(loan, policy),
                lambda: reference.subsidy_schedule(loan, policy))
    if pair:
        new, old = pair
        assert len(new) == len(old)
        for a, b in zip(new, old, strict=True):
            same_statement(a, b)


@settings(max_examples=ps.examples(60), deadline=None)
@given(st.lists(era_loans(), max_size=5, unique_by=lambda loan: loan.id),
       st.dates(day(2011, 7, 1), day(2027, 12, 31)))
def test_settlements_are_as_before_part_d(loans: list[Loan], on: dt.date) -> None:
    pair = both(lambda: settle_month(loans, on.year, on.month),
                lambda: reference.settle_month(loans, on.year, on.month))
    if pair:
        new, old = pair
        assert (new.totals, new.total, repr(new)) == (old.totals, old.total, repr(old))
        for a, b in zip(new.statements, old.statements, strict=True):
            same_statement(a, b)
        assert [(s.loan_id, s.lender, s.reason, without_note(s.findings))
                for s in new.skipped] == [
            (s.loan_id, s.lender, s.reason, without_note(s.findings)) for s in old.skipped]


# ---------------------------------------------------------------------------------------------
# the variants against a day-by-day oracle


@st.composite
def variant_policies(draw: st.DrawFn, document: str = "variant") -> Policy:
    """The seed with any of part D's subsidy fields changed."""
    changes: dict[str, Any] = {
        "document": PolicyDocument(id=document, title=f"{document} document"),
        "subsidy_share": draw(st.integers(0, 100).map(lambda n: D(n).scaleb(-2))),
        "subsidy_max_days": draw(st.none() | st.integers(1, 800)),
        "max_subsidised_principal": draw(st.none() | ps.money("120000.00")),
        "max_loan_amount": draw(ps.money("120000.00")),
        "caps_per_household": draw(st.booleans()),
        "subsidise_extensions": draw(st.booleans()),
        "day_count_basis": draw(st.sampled_from([360, 365])),
    }
    if draw(st.booleans()):
        changes.update(subsidy_rate=SubsidyRate.FLAT, subsidy_flat_rate=draw(ps.rates("0.08")))
    return attrs.evolve(DEFAULT_POLICY, **changes)


@st.composite
def loans_under_schedules(draw: st.DrawFn) -> tuple[Loan, Policy | PolicySchedule]:
    """A loan and a variant policy, or a schedule of two whose second policy takes effect
    within the loan's life (give or take 200 days), keeping or switching older contracts."""
    loan = draw(era_loans())
    first = draw(variant_policies("first"))
    if draw(st.booleans()):
        return loan, first
    later = attrs.evolve(draw(variant_policies("later")),
                         effective_from=loan.start_date + dt.timedelta(
                             days=draw(st.integers(-200, 800))),
                         existing_contracts=draw(st.sampled_from(["keep", "switch"])))
    return loan, PolicySchedule([first, later])


def _days(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days)]


def _half_up(value: Fraction) -> Decimal:
    fen = value * 100
    return D((fen.numerator * 2 + fen.denominator) // (fen.denominator * 2)).scaleb(-2)


ZERO = D("0.00")


@attrs.define
class Expected:
    days: int = 0
    principal_days: Decimal = ZERO
    exact: Fraction = Fraction(0)
    own_interest: Fraction = Fraction(0)
    by_policy: dict[str, Fraction] = attrs.Factory(dict)


def _rate(loan: Loan, p: Policy) -> Decimal:
    if p.subsidy_rate is SubsidyRate.FLAT:
        assert p.subsidy_flat_rate is not None
        return min(loan.annual_rate, p.subsidy_flat_rate)
    term = term_months(loan.start_date, loan.maturity_date)
    return min(loan.annual_rate, benchmark_rate(loan.start_date, term, p))


def _own_principal(loan: Loan, d: dt.date, p: Policy) -> Decimal:
    """The day's subsidised principal before any household allotment (SPEC B, D5)."""
    end = loan.extended_to if p.subsidise_extensions and loan.extended_to else loan.maturity_date
    if not loan.start_date <= d < end:
        return D(0)
    if p.subsidy_max_days is not None and (d - loan.start_date).days >= p.subsidy_max_days:
        return D(0)
    if isinstance(loan.borrower, LegalEntity):
        cap = entity_credit_limit(loan.borrower, d,
                                  attrs.evolve(p, max_loan_amount=p.subsidised_cap))
    else:
        cap = p.subsidised_cap
    return min(loan.outstanding(d), cap)


def oracle(loans: list[Loan], lo: dt.date, hi: dt.date, schedule: Policy | PolicySchedule,
           *, households: bool) -> dict[str, Expected]:
    """Day by day: each loan's subsidised days, principal-days and exact amount."""
    out = {loan.id: Expected() for loan in loans}
    order = sorted(loans, key=lambda loan: (loan.start_date, str(loan.id)))
    for d in _days(lo, hi):
        used: dict[str, Decimal] = {}
        for loan in order:
            if d < loan.start_date:
                continue
            p = policy_for_contract(schedule, loan.start_date, d)
            e = out[loan.id]
            e.own_interest += Fraction(loan.outstanding(d)) * Fraction(loan.annual_rate) / (
                p.day_count_basis)
            principal = _own_principal(loan, d, p)
            if households and isinstance(loan.borrower, NaturalPerson) and principal > 0:
                key = loan.borrower.household
                if key in used and p.caps_per_household:
                    principal = min(principal, max(D(0), p.subsidised_cap - used[key]))
                used[key] = used.get(key, D(0)) + principal
            if principal <= 0:
                continue
            part = (Fraction(principal) * Fraction(_rate(loan, p)) * Fraction(p.subsidy_share)
                    / p.day_count_basis)
            e.days += 1
            e.principal_days += principal
            e.exact += part
            e.by_policy[p.id] = e.by_policy.get(p.id, Fraction(0)) + part
    return out


def check(statement: SubsidyStatement, expected: Expected) -> None:
    assert (statement.days, statement.principal_days) == (expected.days,
                                                          expected.principal_days)
    assert statement.amount == _half_up(expected.exact)  # one rounding of the exact sum
    assert D("0.00") <= statement.amount <= _half_up(expected.own_interest)
    assert all(r.passed for r in statement.findings)
    if statement.days:
        assert list(expected.by_policy) == [
            i for i in statement.policy_ids if i in expected.by_policy]
        assert statement.policy_id == list(expected.by_policy)[-1]


def runs_add_up(loan: Loan, year: int, month: int | None, lo: dt.date, hi: dt.date,
                schedule: Policy | PolicySchedule, expected: Expected) -> None:
    """Each run's exact interest is the oracle's for that run's policy; together they make the
    statement's exact sum."""
    with compute():
        work = subsidy_module._work(loan, year, month, lo, hi, schedule)
    total = Fraction(0)
    for run in work.runs:
        tally = subsidy_module._tally(run)
        if not tally.days:
            continue
        rate = subsidy_module._rate(loan, run.policy).rate
        part = (Fraction(tally.principal_days) * Fraction(rate)
                * Fraction(run.policy.subsidy_share) / run.policy.day_count_basis)
        assert part == expected.by_policy[run.policy.id]
        total += part
    assert total == expected.exact


def _edges(loan: Loan, schedule: Policy | PolicySchedule) -> list[dt.date]:
    """Days where a cut-off falls: maturity, extension, the days limit, a policy change."""
    policies = [schedule] if isinstance(schedule, Policy) else list(schedule)
    days = [loan.maturity_date, loan.extended_to or loan.maturity_date]
    days += [loan.start_date + dt.timedelta(days=p.subsidy_max_days) for p in policies
             if p.subsidy_max_days is not None]
    days += [p.effective_from for p in policies if p.effective_from is not None]
    return days


@settings(max_examples=ps.examples(150), deadline=None)
@given(loans_under_schedules(), st.integers(-40, 3 * 366) | st.integers(-3, 0))
def test_variant_statements_match_the_day_by_day_rule(
        case: tuple[Loan, Policy | PolicySchedule], offset: int) -> None:
    """A month of the loan's life; a negative offset -k picks the month of the k-th cut-off
    (maturity, extension, days limit, policy change), where the boundaries bite."""
    loan, schedule = case
    if offset < 0 and offset >= -3:
        edges = _edges(loan, schedule)
        on = edges[-offset % len(edges)]
    else:
        on = loan.start_date + dt.timedelta(days=offset)
    lo, hi = subsidy_module._month_window(on.year, on.month)
    try:
        s = monthly_subsidy(loan, on.year, on.month, schedule)
    except InvalidInputError:  # a contract older than a first policy that keeps it out
        assert isinstance(schedule, PolicySchedule)
        return
    expected = oracle([loan], lo, hi, schedule, households=False)[loan.id]
    check(s, expected)
    runs_add_up(loan, on.year, on.month, lo, hi, schedule, expected)


@settings(max_examples=ps.examples(40), deadline=None)
@given(loans_under_schedules(), st.integers(0, 2 * 366))
def test_variant_yearly_statements_match_the_day_by_day_rule(
        case: tuple[Loan, Policy | PolicySchedule], offset: int) -> None:
    loan, schedule = case
    year = (loan.start_date + dt.timedelta(days=offset)).year
    yearly = (attrs.evolve(schedule, subsidy_cycle="year") if isinstance(schedule, Policy)
              else PolicySchedule([attrs.evolve(p, subsidy_cycle="year") for p in schedule]))
    try:
        settlement = settle_year([loan], year, yearly)
    except InvalidInputError:
        assert isinstance(yearly, PolicySchedule)
        return
    lo, hi = day(year, 1, 1), day(year + 1, 1, 1)
    expected = oracle([loan], lo, hi, yearly, households=False)[loan.id]
    (s,) = settlement.statements or [None]
    if s is None:
        assert expected.days == 0
        return
    assert s.month is None
    check(s, expected)
    runs_add_up(loan, year, None, lo, hi, yearly, expected)


@st.composite
def household_books(draw: st.DrawFn) -> tuple[list[Loan], dt.date]:
    """Up to five loans made within 90 days of each other, mostly by the two households of
    PEOPLE (some by any borrower), and a month within their lives: the allotment bites."""
    base = draw(st.dates(RATE_ERA[0], day(2026, 3, 31)))
    starts = st.dates(base, base + dt.timedelta(days=90))
    borrowers = st.sampled_from(PEOPLE) | ps.borrowers()
    loans = draw(st.lists(ps.loans(start=starts, borrower=borrowers), max_size=5,
                          unique_by=lambda loan: loan.id))
    return loans, base + dt.timedelta(days=draw(st.integers(0, 180)))


@settings(max_examples=ps.examples(80), deadline=None)
@given(household_books(), variant_policies())
def test_variant_settlements_add_up_and_allot_households(book: tuple[list[Loan], dt.date],
                                                        policy: Policy) -> None:
    """Totals add up to the fen; each loan's amount is the oracle's with the household allotment
    made day by day (at most the subsidised cap per household and day under
    caps_per_household)."""
    loans, on = book
    settlement = settle_month(loans, on.year, on.month, policy)
    assert len(settlement.statements) + len(settlement.skipped) == len(loans)
    assert settlement.total == sum((s.amount for s in settlement.statements), D("0.00"))
    assert settlement.total == sum(settlement.totals.values(), D("0.00"))
    lo, hi = subsidy_module._month_window(on.year, on.month)
    expected = oracle(loans, lo, hi, policy, households=True)
    for s in settlement.statements:
        check(s, expected[s.loan_id])
    for skipped in settlement.skipped:
        assert expected[skipped.loan_id].days == 0
    if policy.caps_per_household:
        for s in settlement.statements:
            capped = [r for r in s.findings if r.code is ReasonCode.SUBSIDY_HOUSEHOLD_CAPPED]
            alone = oracle([next(x for x in loans if x.id == s.loan_id)], lo, hi, policy,
                           households=False)[s.loan_id]
            assert bool(capped) == (alone.principal_days > s.principal_days)


@settings(max_examples=ps.examples(40), deadline=None)
@given(loans_under_schedules())
def test_variant_schedules_add_up(case: tuple[Loan, Policy | PolicySchedule]) -> None:
    """The statements of a schedule cover the loan's subsidised days exactly once."""
    loan, schedule = case
    try:
        statements = subsidy_schedule(loan, schedule)
    except InvalidInputError:
        assert isinstance(schedule, PolicySchedule)
        return
    last = max(loan.maturity_date, loan.extended_to or loan.maturity_date)
    expected = oracle([loan], loan.start_date, last, schedule, households=False)[loan.id]
    assert sum(s.days for s in statements) == expected.days
    assert sum((s.principal_days for s in statements), D(0)) == expected.principal_days
    assert all(s.amount >= 0 for s in statements)
