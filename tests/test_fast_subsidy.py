"""The subsidy's fast path (``subsidy._fast``, ``_subsidy_fast``) equals the general path.

``monthly_subsidy``, ``settle_month`` and ``settle_year`` are run twice on the same random
inputs: as they are, and with the fast path switched off (``_fast`` answering ``None``, so that
every loan goes through the runs, pieces and tallies of the general path). Everything must be
the same: every figure to the digit and exponent, dates, ``policy_id``\\ s, the findings (codes,
articles, both messages, order), the skipped loans and their reasons, the totals, ``repr``,
``explain``, ``to_dict``, hashes, and the errors (type, message, problems).

The inputs reach every branch of the fast path: natural persons and legal entities, repayments
before, inside and after the month, extensions, caps, households sharing a cap, flat rates,
shares, days limits, both day-count bases, unset parameters, refused unconfirmed rates, the LPR
(which starts in 2019), schedules whose policy changes inside the month or does not, and
settlements with duplicate ids, foreign items and unknown lenders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import pickle
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    Policy,
    PolicyDocument,
    PolicySchedule,
    PovertyCreditError,
    Repayment,
    SubsidyCycle,
    SubsidyStatement,
    monthly_subsidy,
    preset,
    settle_month,
    settle_year,
    to_dict,
)
from poverty_credit import _subsidy_fast as fast
from poverty_credit import subsidy as subsidy_module
from poverty_credit.subsidy import Settlement, SkippedLoan
from strategies import examples, legal_entities, loans, money, natural_persons, rates

day = dt.date
D = Decimal


@contextlib.contextmanager
def general_path() -> Iterator[None]:
    """Every statement through the general path: the fast path declines every loan."""
    with mock.patch.object(subsidy_module, "_fast", return_value=None):
        yield


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "ok", call()
    except PovertyCreditError as exc:
        return "error", exc


def _exact(value: object) -> object:
    """A value with its Decimal exponent made visible (``1.0`` and ``1.00`` differ)."""
    if isinstance(value, Decimal):
        return (value, value.as_tuple())
    if isinstance(value, tuple):
        return tuple(_exact(v) for v in value)
    return value


def _reasons(found: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return [(r.code, r.article, r.article_zh, r.passed, r.message, r.message_zh) for r in found]


def same_statement(fast_one: SubsidyStatement, general: SubsidyStatement) -> None:
    for field in attrs.fields(SubsidyStatement):
        if field.name != "findings":
            assert _exact(getattr(fast_one, field.name)) == _exact(getattr(general, field.name))
    assert _reasons(fast_one.findings) == _reasons(general.findings)
    assert fast_one == general
    assert hash(fast_one) == hash(general)
    assert repr(fast_one) == repr(general)
    assert fast_one.explain("zh") == general.explain("zh")
    assert fast_one.explain() == general.explain()
    assert to_dict(fast_one) == to_dict(general)


def same_skipped(fast_one: SkippedLoan, general: SkippedLoan) -> None:
    assert (fast_one.loan_id, fast_one.lender, fast_one.policy_id) == (
        general.loan_id, general.lender, general.policy_id)
    assert fast_one.reason == general.reason
    assert _reasons(fast_one.findings) == _reasons(general.findings)
    assert fast_one == general
    assert hash(fast_one) == hash(general)
    assert repr(fast_one) == repr(general)


def same_settlement(fast_one: Settlement, general: Settlement) -> None:
    assert (fast_one.year, fast_one.month, fast_one.period) == (
        general.year, general.month, general.period)
    assert _exact(fast_one.total) == _exact(general.total)
    assert [(k, _exact(v)) for k, v in fast_one.totals.items()] == [
        (k, _exact(v)) for k, v in general.totals.items()]
    assert len(fast_one.statements) == len(general.statements)
    for a, b in zip(fast_one.statements, general.statements, strict=True):
        same_statement(a, b)
    assert len(fast_one.skipped) == len(general.skipped)
    for a, b in zip(fast_one.skipped, general.skipped, strict=True):
        same_skipped(a, b)
    assert fast_one.policy_ids == general.policy_ids
    assert fast_one.statement_policy_ids == general.statement_policy_ids
    assert repr(fast_one) == repr(general)
    assert fast_one == general


def same_outcome(fast_one: tuple[str, Any], general: tuple[str, Any],
                 same: Callable[[Any, Any], None]) -> None:
    assert fast_one[0] == general[0], (fast_one, general)
    if fast_one[0] == "error":
        a, b = fast_one[1], general[1]
        assert type(a) is type(b)
        assert str(a) == str(b)
        assert getattr(a, "problems", None) == getattr(b, "problems", None)
    else:
        same(fast_one[1], general[1])


# --------------------------------------------------------------------------------------------
# inputs

_LENDERS = {"credit_union": "1000000", "postal_savings": "1"}
_FILLED = {"fund_allocations": _LENDERS, "subsidise_extensions": False, "subsidy_rate": "benchmark",
           "benchmark": "pboc", "subsidy_share": "1", "subsidy_cycle": "month",
           "max_loan_amount": "50000", "caps_per_household": False}


def _usable(policy: Policy) -> Policy:
    """A shipped policy with the subsidy parameters it leaves unset filled in."""
    return attrs.evolve(policy, **{k: v for k, v in _FILLED.items()
                                   if getattr(policy, k) is None})


BASES = [DEFAULT_POLICY, DEFAULT_POLICY, DEFAULT_POLICY,
         *(_usable(preset(name)) for name in ("national-2021", "nanao-2025", "yanjin-2016",
                                              "tongxu-2025", "national-2026")),
         preset("national-2021"), preset("national-2026")]
_OPTIONS: dict[str, st.SearchStrategy[Any]] = {
    "max_loan_amount": money("120000.00"),
    "max_subsidised_principal": money("80000.00"),
    "caps_per_household": st.booleans(),
    "subsidise_extensions": st.booleans(),
    "subsidy_share": st.sampled_from(["1", "1.0", "0.70", "0.333", "0", "0.5"]),
    "subsidy_cycle": st.sampled_from(["month", "month", "year"]),
    "subsidy_max_days": st.integers(1, 800),
    "day_count_basis": st.sampled_from([360, 365]),
    "benchmark": st.sampled_from(["pboc", "lpr"]),
    "unconfirmed_rates": st.sampled_from(["note", "refuse"]),
}
#: the parameters a policy may leave unset (``None``) that the subsidy reads
_UNSET = ["max_loan_amount", "max_subsidised_principal", "caps_per_household",
          "subsidise_extensions", "subsidy_share", "subsidy_cycle", "subsidy_max_days",
          "benchmark", "fund_allocations", "subsidy_rate"]


@st.composite
def subsidy_policies(draw: st.DrawFn) -> Policy:
    """Variants of the shipped policies in every subsidy parameter (each changed in about one
    example of three), one of them unset in about one example of eight."""
    base = draw(st.sampled_from(BASES))
    changes: dict[str, Any] = {name: draw(values) for name, values in _OPTIONS.items()
                               if draw(st.integers(0, 2)) == 0}
    if draw(st.booleans()):
        changes.update(subsidy_rate="flat", subsidy_flat_rate=draw(rates("0.08")))
    unset = draw(st.sampled_from([None] * 7 + _UNSET))
    if unset is not None and (unset != "subsidy_rate" or "subsidy_flat_rate" not in changes):
        changes[unset] = None
    return attrs.evolve(base, **changes)


@st.composite
def schedules(draw: st.DrawFn, near: dt.date) -> Policy | PolicySchedule:
    """A plain policy, or a schedule of up to three whose changes fall near ``near`` (inside
    the month asked about, often)."""
    first = draw(subsidy_policies())
    if draw(st.booleans()):
        return first
    offsets = sorted(draw(st.sets(st.integers(-400, 60), min_size=1, max_size=2)))
    items = [attrs.evolve(first, effective_from=draw(st.none() | st.just(
        near + dt.timedelta(days=offsets[0] - 500))))]
    for i, offset in enumerate(offsets):
        later = draw(st.sampled_from([first, *BASES[:4]]) | subsidy_policies())
        items.append(attrs.evolve(
            later, effective_from=near + dt.timedelta(days=offset),
            existing_contracts=draw(st.sampled_from(["keep", "switch"])),
            document=PolicyDocument(id=draw(st.sampled_from([f"later-{i}", first.id])),
                                    title="A later notice")))
    return PolicySchedule(items)


def months_of(loan: Loan) -> st.SearchStrategy[tuple[int, int]]:
    """Months of the loan's term mostly, sometimes a little before its start or after its end
    (the extension's)."""
    first = loan.start_date.year * 12 + loan.start_date.month - 1
    maturity = loan.maturity_date.year * 12 + loan.maturity_date.month - 1
    end = max(loan.maturity_date, loan.extended_to or loan.maturity_date)
    last = end.year * 12 + end.month - 1
    months = st.sampled_from([(first, maturity)] * 3 + [(first - 3, last + 3)]).flatmap(
        lambda span: st.integers(*span))
    return months.map(lambda m: (m // 12, m % 12 + 1))


#: the LPR starts on 2019-08-20, the PBoC table on 2011-07-07: half the loans start after both
START = st.dates(day(2019, 8, 20), day(2025, 6, 30)) | st.dates(day(2010, 6, 1), day(2019, 8, 19))
PEOPLE = natural_persons(born=st.dates(day(1950, 1, 1), day(2000, 12, 31)))
BORROWERS = st.sampled_from([PEOPLE, PEOPLE, PEOPLE, legal_entities(max_agreements=2)]).flatmap(
    lambda borrowers: borrowers)  # a legal entity in one loan of four
some_loans = loans(borrower=BORROWERS, start=START,
                   principal=money("120000.00"))


def _repaid_in_month(loan: Loan, data: st.DataObject, year: int, month: int) -> Loan:
    """Sometimes move the repayments into the month asked about (cuts inside it)."""
    if not loan.repayments or not data.draw(st.booleans()):
        return loan
    first = max(day(year, month, 1), loan.start_date)
    days = sorted(data.draw(st.lists(st.integers(0, 30), min_size=len(loan.repayments),
                                     max_size=len(loan.repayments))))
    return attrs.evolve(loan, repayments=[
        attrs.evolve(r, on=first + dt.timedelta(days=d)) for r, d in zip(
            loan.repayments, days, strict=True)])


# --------------------------------------------------------------------------------------------
# the properties


@settings(max_examples=examples(400), deadline=None)
@given(some_loans, st.data())
def test_monthly_subsidy_fast_equals_general(loan, data):
    year, month = data.draw(months_of(loan))
    loan = _repaid_in_month(loan, data, year, month)
    policy = data.draw(schedules(day(year, month, 1) + dt.timedelta(days=data.draw(
        st.integers(0, 27)))))
    found = outcome(lambda: monthly_subsidy(loan, year, month, policy))
    with general_path():
        reference = outcome(lambda: monthly_subsidy(loan, year, month, policy))
    same_outcome(found, reference, same_statement)


@st.composite
def portfolios(draw: st.DrawFn) -> list[Any]:
    """Up to eight loans of a few borrowers (households share caps), sometimes a duplicate id,
    an item that is not a loan, or a lender the policy does not know."""
    borrowers = draw(st.lists(BORROWERS, min_size=1, max_size=3))
    household = draw(st.sampled_from(["H-1", None]))
    borrowers = [attrs.evolve(b, household_id=household) if isinstance(b, NaturalPerson) else b
                 for b in borrowers]
    items = draw(st.lists(loans(borrower=st.sampled_from(borrowers), start=START,
                                principal=money("120000.00")), max_size=8))
    book: list[Any] = [attrs.evolve(x, id=f"L{i}") for i, x in enumerate(items)]
    trouble = draw(st.sampled_from(["none"] * 6 + ["duplicate", "foreign", "lender"]))
    if book and trouble == "duplicate":
        book.append(attrs.evolve(book[0], principal=book[0].principal))
    elif trouble == "foreign":
        book.insert(draw(st.integers(0, len(book))), "not a loan")
    elif book and trouble == "lender":
        book[-1] = attrs.evolve(book[-1], lender="somebody")
    return book


def _yearly(policy: Policy | PolicySchedule) -> Policy | PolicySchedule:
    if isinstance(policy, Policy):
        return attrs.evolve(policy, subsidy_cycle="year")
    return PolicySchedule([attrs.evolve(p, subsidy_cycle="year") for p in policy])


@settings(max_examples=examples(250), deadline=None)
@given(portfolios(), st.booleans(), st.data())
def test_settlements_fast_equal_general(book, yearly, data):
    loans_ = [x for x in book if isinstance(x, Loan)]
    year, month = data.draw(months_of(data.draw(st.sampled_from(loans_))) if loans_ else
                            st.tuples(st.integers(2010, 2026), st.integers(1, 12)))
    policy = data.draw(schedules(day(year, month, 1) + dt.timedelta(days=data.draw(
        st.integers(0, 27)))))
    if yearly and data.draw(st.integers(0, 3)):  # mostly policies that settle once a year
        policy = _yearly(policy)
    as_generator = data.draw(st.booleans())

    def settle() -> Settlement:
        items = (x for x in book) if as_generator else book
        return settle_year(items, year, policy) if yearly else settle_month(
            items, year, month, policy)

    found = outcome(settle)
    with general_path():
        reference = outcome(settle)
    same_outcome(found, reference, same_settlement)


@settings(max_examples=examples(100), deadline=None)
@given(st.one_of(st.integers(), st.booleans(), st.floats(), st.none(), st.text(max_size=3)),
       st.one_of(st.integers(-2, 14), st.booleans(), st.floats(), st.none()))
def test_bad_years_and_months_are_refused_alike(year, month):
    loan = _loan()
    found = outcome(lambda: monthly_subsidy(loan, year, month))
    with general_path():
        reference = outcome(lambda: monthly_subsidy(loan, year, month))
    same_outcome(found, reference, same_statement)


# --------------------------------------------------------------------------------------------
# the fast path's own cases, pinned


def _loan(**changes: Any) -> Loan:
    person = NaturalPerson(id="P-1", birth_date=day(1980, 5, 1), registered_poor=True)
    values: dict[str, Any] = {
        "id": "L-1", "borrower": person, "lender": "credit_union", "principal": "60000",
        "start_date": day(2016, 3, 10), "maturity_date": day(2017, 3, 10),
        "annual_rate": "0.0475"}
    return Loan(**{**values, **changes})


def test_the_fast_path_answers_the_common_case():
    loan = _loan(repayments=[Repayment(on=day(2016, 4, 10), principal="20000")])
    statement = subsidy_module._fast(loan, 2016, 4, day(2016, 4, 1), day(2016, 5, 1),
                                     DEFAULT_POLICY, None)
    assert statement is not None
    with general_path():
        reference = monthly_subsidy(loan, 2016, 4)
    same_statement(statement, reference)


def test_the_fast_path_declines_what_it_does_not_see_through():
    lo, hi = day(2016, 4, 1), day(2016, 5, 1)
    switch = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5", effective_from=day(2016, 4, 16),
                          existing_contracts="switch",
                          document=PolicyDocument(id="later", title="A later notice"))
    kept = attrs.evolve(switch, existing_contracts="keep")
    unset = attrs.evolve(DEFAULT_POLICY, subsidy_share=None)
    yearly = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year")
    entity = LegalEntity(id="E-1", name="Co-op", kind=EntityKind.COOPERATIVE)
    early = {"start_date": day(2010, 3, 10), "maturity_date": day(2011, 3, 10)}
    declined: list[tuple[Loan, int, Policy | PolicySchedule, SubsidyCycle | None]] = [
        (_loan(borrower=entity), 2016, DEFAULT_POLICY, None),          # a legal entity
        (_loan(), 2016, PolicySchedule([DEFAULT_POLICY, switch]), None),  # the policy changes
        (_loan(), 2016, unset, None),                                  # a parameter unset
        (_loan(), 2016, yearly, SubsidyCycle.MONTH),                   # the other cycle
        (_loan(**early), 2010, DEFAULT_POLICY, None),                  # no benchmark rate
        (_loan(lender="somebody"), 2016, PolicySchedule([DEFAULT_POLICY, kept]), None),
    ]
    for loan, year, policy, cycle in declined:
        window = (day(year, 4, 1), day(year, 5, 1))
        assert subsidy_module._fast(loan, year, 4, *window, policy, cycle) is None
    # a change inside the month that keeps the loan's policy: one run, the fast path answers
    schedule = PolicySchedule([DEFAULT_POLICY, kept])
    assert fast.one_policy(_loan(), lo, hi, schedule) is DEFAULT_POLICY
    assert subsidy_module._fast(_loan(), 2016, 4, lo, hi, schedule, None) is not None
    assert fast.terms_of(unset) is None
    assert fast.terms_of(unset) is None  # remembered


def test_a_month_before_the_start_under_a_schedule():
    later = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5", effective_from=day(2016, 2, 1),
                         existing_contracts="switch",
                         document=PolicyDocument(id="later", title="A later notice"))
    schedule = PolicySchedule([DEFAULT_POLICY, later])
    found = monthly_subsidy(_loan(), 2016, 1, schedule)
    with general_path():
        reference = monthly_subsidy(_loan(), 2016, 1, schedule)
    same_statement(found, reference)
    assert found.policy_id == "later"


def test_quotes_by_dates_are_memoised_and_bounded(monkeypatch):
    policy = attrs.evolve(DEFAULT_POLICY, max_loan_amount="40000")
    quotes = fast._quotes(policy)
    assert quotes == {}
    monkeypatch.setattr(fast, "_KEPT", 2)
    answers = [fast.benchmark_for(day(2016, 1, d), day(2018, 1, 1), policy) for d in (1, 2, 3)]
    assert len(quotes) == 1  # cleared when full, then kept
    assert fast.benchmark_for(day(2016, 1, 3), day(2018, 1, 1), policy) is answers[-1]
    assert [term for _, term in answers] == [24, 24, 24]


def test_statements_and_skipped_loans_read_late_equal_read_at_once():
    loan = _loan()
    matured = _loan(id="L-2", start_date=day(2015, 1, 10), maturity_date=day(2016, 1, 10))
    book = [loan, matured]
    settled = settle_month(book, 2016, 3)
    again = pickle.loads(pickle.dumps(settle_month(book, 2016, 3)))  # pickled unread
    with general_path():
        reference = settle_month(book, 2016, 3)
    same_settlement(settled, reference)
    same_settlement(again, reference)
    skipped = settle_month(book, 2016, 3).skipped[0]
    assert skipped.findings == reference.skipped[0].findings  # findings read before the reason
    assert skipped.reason.startswith("not in the subsidised period: ")
    public = SkippedLoan(loan_id=skipped.loan_id, lender=skipped.lender, reason=skipped.reason,
                         findings=skipped.findings, policy_id=skipped.policy_id)
    assert public == skipped
    assert attrs.evolve(skipped) == reference.skipped[0]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_settlement_leaves_the_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        seen = []

        def book() -> Iterator[Loan]:
            seen.append(gc.isenabled())
            yield _loan()

        settle_month(book(), 2016, 4)
        assert seen == [False]  # paused while the loans are settled
        assert gc.isenabled() is enabled
        with pytest.raises(InvalidInputError):
            settle_month([_loan(), _loan()], 2016, 4)  # a duplicate id: restored all the same
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("repaid_on", [day(2016, 4, 1), day(2016, 4, 12), day(2016, 3, 20),
                                       day(2016, 4, 30)])
def test_a_loan_repaid_in_full_before_or_inside_the_month(repaid_on):
    loan = _loan(repayments=[Repayment(on=day(2016, 3, 15), principal="100"),
                             Repayment(on=repaid_on, principal="59900")])
    found = monthly_subsidy(loan, 2016, 4)
    assert subsidy_module._fast(loan, 2016, 4, day(2016, 4, 1), day(2016, 5, 1),
                                DEFAULT_POLICY, None) is not None
    with general_path():
        reference = monthly_subsidy(loan, 2016, 4)
    same_statement(found, reference)


class _Number(int):
    """An int of another type: checked by the general checks, then used as an int."""


def test_a_year_and_month_of_an_int_subclass():
    found = monthly_subsidy(_loan(), _Number(2016), _Number(4))
    with general_path():
        reference = monthly_subsidy(_loan(), _Number(2016), _Number(4))
    same_statement(found, reference)
    assert found.days == 30


# the general path's last branches (the fast path leaves these cases to it)


def test_a_household_whose_loans_fit_under_the_cap():
    capped = attrs.evolve(DEFAULT_POLICY, caps_per_household=True)
    person = NaturalPerson(id="P-1", birth_date=day(1980, 5, 1), registered_poor=True,
                           household_id="H-1")
    first = _loan(id="A", borrower=person, principal="20000")
    second = _loan(id="B", borrower=person, principal="10000", start_date=day(2016, 3, 20))
    settled = settle_month([first, second], 2016, 4, capped)
    with general_path():
        reference = settle_month([first, second], 2016, 4, capped)
    same_settlement(settled, reference)
    assert [s.amount for s in settled.statements] == [
        monthly_subsidy(x, 2016, 4, capped).amount for x in (first, second)]
    assert all(r.code.value != "SUBSIDY_HOUSEHOLD_CAPPED" for s in settled.statements
               for r in s.findings)


def test_a_flat_rate_equal_to_the_loans_own_rate_is_not_a_cap():
    flat = attrs.evolve(DEFAULT_POLICY, subsidy_rate="flat", subsidy_flat_rate="0.0475")
    statement = monthly_subsidy(_loan(), 2016, 4, flat)
    assert statement.rate == D("0.0475")
    assert all(r.code.value != "SUBSIDY_RATE_CAPPED" for r in statement.findings)


def test_a_run_without_a_subsidised_day_is_named_in_the_runs():
    later = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5", effective_from=day(2016, 4, 20),
                         existing_contracts="switch",
                         document=PolicyDocument(id="later", title="A later notice"))
    loan = _loan(start_date=day(2015, 4, 10), maturity_date=day(2016, 4, 10))
    statement = monthly_subsidy(loan, 2016, 4, PolicySchedule([DEFAULT_POLICY, later]))
    runs = [r for r in statement.findings if r.code.value == "SUBSIDY_POLICIES"]
    assert statement.days == 9
    assert "2016-04-20 to 2016-04-30 under later" in runs[0].message
    assert "under later (A later notice): 0 days;" in runs[0].message


# the fast path taken (no timing: ``_fast`` answers, or the helpers say so), on fresh policy
# objects, so that their terms are read in the test itself and not found in a memo


def test_a_fresh_benchmark_policy_has_terms_and_takes_the_fast_path():
    """A benchmark policy that also sets a flat rate subsidises at the benchmark, on the fast
    path, under the cycle asked about.

    The loan: 60 000 yuan at 4.75 % from 2016-03-10 to 2017-03-10, a 12-month term: the PBoC
    benchmark of its start date is the 2015-10-24 row (data/rates/pboc_lending.csv), band
    "upto_12m" 4.35 % (then 4.75 / 4.90 for the longer bands), so the rate is min(4.75 %,
    4.35 %) = 4.35 %, not the unused flat 3 %. April 2016: 30 days × min(60 000, cap 50 000) =
    1 500 000.00 principal-days; 1 500 000 × 0.0435 / 360 = 65 250 / 360 = 181.25.
    """
    policy = attrs.evolve(DEFAULT_POLICY, subsidy_flat_rate="0.03")  # rate stays "benchmark"
    terms = fast.terms_of(policy)
    assert terms is not None
    assert terms.flat is None
    assert terms.cycle is SubsidyCycle.MONTH
    assert fast.terms_of(policy) is terms  # remembered
    assert terms.rate(_loan(), policy) == D("0.0435")
    statement = subsidy_module._fast(_loan(), 2016, 4, day(2016, 4, 1), day(2016, 5, 1),
                                     policy, SubsidyCycle.MONTH)
    assert statement is not None  # the monthly cycle asked about is the policy's: answered
    assert (statement.days, statement.principal_days, statement.rate, statement.amount) == (
        30, D("1500000.00"), D("0.0435"), D("181.25"))


def _switching(on: dt.date) -> PolicySchedule:
    later = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5", effective_from=on,
                         existing_contracts="switch",
                         document=PolicyDocument(id="later", title="A later notice"))
    return PolicySchedule([attrs.evolve(DEFAULT_POLICY), later])


def test_a_change_on_the_first_day_after_the_period_leaves_one_policy():
    """A policy switching existing contracts on 2016-05-01 does not govern April 2016
    (``[2016-04-01, 2016-05-01)``): one policy, the fast path answers."""
    schedule = _switching(day(2016, 5, 1))
    first = schedule.for_contract(day(2016, 3, 10), day(2016, 4, 1))
    lo, hi = day(2016, 4, 1), day(2016, 5, 1)
    assert fast.one_policy(_loan(), lo, hi, schedule) is first
    assert subsidy_module._fast(_loan(), 2016, 4, lo, hi, schedule, None) is not None
    assert monthly_subsidy(_loan(), 2016, 4, schedule).policy_id == first.id


def test_a_period_without_a_day_is_governed_by_the_start_dates_policy():
    """``one_policy`` of an empty period (``lo >= hi``) is the policy of the start date
    (2016-03-10), even where another has switched the contract over by ``lo`` (2016-04-20)."""
    schedule = _switching(day(2016, 4, 1))
    start_policy = schedule.for_contract(day(2016, 3, 10), day(2016, 3, 10))
    assert start_policy.id != "later"
    for lo, hi in [(day(2016, 4, 20), day(2016, 4, 20)), (day(2016, 4, 20), day(2016, 4, 1))]:
        assert fast.one_policy(_loan(), lo, hi, schedule) is start_policy


@pytest.mark.parametrize(("limit", "days", "amount"), [
    # 2016-03-10 + 365 days = 2017-03-10, after April: the whole month, 30 days;
    # 50 000 × 30 × 0.0435 / 360 = 65 250 / 360 = 181.25
    (365, 30, "181.25"),
    # 2016-03-10 + 40 days = 2016-04-19, the first day beyond the limit (day 0 is 03-10):
    # 04-01 to 04-18 are subsidised, 18 days; 50 000 × 18 × 0.0435 / 360 = 39 150 / 360 = 108.75
    (40, 18, "108.75"),
])
def test_a_days_limit_on_the_fast_path(limit: int, days: int, amount: str) -> None:
    """SPEC D5's subsidy_max_days counted from the loan date, on the fast path and the general
    one alike. The rate is min(4.75 %, the 12-month benchmark 4.35 % in force on 2016-03-10);
    the seed subsidises at most 50 000.00 of the 60 000.00 principal (Art. 10)."""
    policy = attrs.evolve(DEFAULT_POLICY, subsidy_max_days=limit)
    loan = _loan()
    statement = subsidy_module._fast(loan, 2016, 4, day(2016, 4, 1), day(2016, 5, 1), policy, None)
    assert statement is not None
    assert (statement.days, statement.amount) == (days, D(amount))
    with general_path():
        reference = monthly_subsidy(loan, 2016, 4, policy)
    same_statement(statement, reference)
