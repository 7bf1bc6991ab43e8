"""The junk suite: for any input, a public function returns or raises a documented error.

Documented: :class:`InvalidInputError` for bad input, :class:`RateNotFound` for a date before a
rate table, :class:`CalendarDataMissing` for a year without the State Council's schedule. Nothing
else may escape (no ``ValueError`` from ``int()``, no ``OverflowError`` from date arithmetic, no
``AttributeError`` from a wrong argument type).

Values: huge ints (beyond the 4300 digits ``repr`` refuses), superscript and other Unicode digits,
years 1 and 9999, the extremes a Policy accepts, and wrong types for every parameter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import poverty_credit as pc
from poverty_credit import (
    DEFAULT_POLICY,
    CalendarDataMissing,
    InvalidInputError,
    Loan,
    NaturalPerson,
    RateNotFound,
)
from strategies import compensation_claims, junk, legal_entities, natural_persons

DOCUMENTED = (InvalidInputError, RateNotFound, CalendarDataMissing)

HUGE = 10**5000  # str() and repr() refuse ints over 4300 digits (CPython's int_max_str_digits)
UNICODE_DIGITS = ["¹²³", "５００００", "٥٠٠٠٠", "߅", "1²", "²⁰²⁶-⁰³-⁰¹", "２０２６-０３-０１",
                  "11010519491231002¹", "Ⅻ", "𝟓𝟎𝟎𝟎𝟎"]


def wild() -> st.SearchStrategy[object]:
    """The shared junk plus huge ints, Unicode digits and the first and last dates."""
    return st.one_of(
        junk(),
        st.sampled_from([HUGE, -HUGE, HUGE + 1, 2**64, -(2**63)]),
        st.sampled_from(UNICODE_DIGITS),
        st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 12, 31), dt.date(9999, 1, 1)]),
        st.text(max_size=8),
        st.integers(),
    )


def extreme_dates() -> st.SearchStrategy[dt.date]:
    return st.one_of(
        st.sampled_from([dt.date.min, dt.date(1, 2, 28), dt.date(9999, 12, 1), dt.date.max]),
        st.dates(dt.date(1, 1, 1), dt.date(3, 12, 31)),
        st.dates(dt.date(9997, 1, 1), dt.date(9999, 12, 31)),
        st.dates(),
    )


#: Policies at the edges of what Policy accepts (test_policy_bounds: what it refuses); each is
#: built as attrs.evolve of the default, and skipped if Policy refuses it.
_EXTREMES: list[dict[str, Any]] = [
    {"max_term_years": 0}, {"max_term_years": 1}, {"max_term_years": 50}, {"max_term_years": HUGE},
    {"min_age": 0, "max_age": 0}, {"min_age": 0, "max_age": 150}, {"max_age": HUGE},
    {"min_days_past_due": 0}, {"min_days_past_due": 36_600}, {"min_days_past_due": HUGE},
    {"min_notice_days": 0}, {"min_notice_days": 36_600},
    {"filing_working_days": 1}, {"filing_working_days": 36_600},
    {"subsidy_max_days": 1}, {"subsidy_max_days": 36_600}, {"day_count_basis": 365},
    {"max_loan_amount": "0.01"}, {"max_loan_amount": "999999999999999.99"},
    {"leverage": "0"}, {"leverage": "999999999999999.99"}, {"fund_share": "0"},
    {"fund_share": "1"}, {"age_reached_on_birthday": False}, {"subsidise_extensions": True},
    {"benchmark": "lpr"}, {"day_count_basis": 1}, {"day_count_basis": HUGE},
]


def _policies() -> list[pc.Policy]:
    found = [DEFAULT_POLICY]
    for change in _EXTREMES:
        with contextlib.suppress(InvalidInputError):
            found.append(attrs.evolve(DEFAULT_POLICY, **change))
    return found


POLICIES = _policies()


def only_documented(call: Callable[[], object]) -> None:
    """Run ``call``; a documented error is fine, and an InvalidInputError names a field."""
    try:
        call()
    except InvalidInputError as exc:
        _check_error(exc)
    except (RateNotFound, CalendarDataMissing):
        pass


def _check_error(exc: InvalidInputError) -> None:
    assert exc.problems, "an InvalidInputError lists its problems"
    for problem in exc.problems:
        assert problem.message
        assert problem.message_zh
        str(problem)  # printing a problem never fails (huge ints, odd reprs)
    str(exc)


def test_policy_extremes_are_really_accepted() -> None:
    """The suite is only as good as its extremes: most of them are accepted today."""
    assert len(POLICIES) > len(_EXTREMES) // 2


# -- constructors: any value in any field -------------------------------------------------------

_PERSON = {"id": "P", "birth_date": dt.date(1980, 5, 1), "registered_poor": True}
_ENTITY = {"id": "E", "name": "合作社", "kind": "cooperative"}


def _loan_args() -> dict[str, Any]:
    return {"id": "L", "borrower": NaturalPerson(**_PERSON), "lender": "credit_union",
            "principal": "50000", "start_date": dt.date(2026, 3, 2),
            "maturity_date": dt.date(2027, 3, 2), "annual_rate": "0.0435"}


_MODELS: list[tuple[type, Callable[[], dict[str, Any]]]] = [
    (NaturalPerson, lambda: dict(_PERSON)),
    (pc.LegalEntity, lambda: dict(_ENTITY)),
    (pc.Repayment, lambda: {"on": dt.date(2026, 4, 1), "principal": "1"}),
    (Loan, _loan_args),
    (pc.DrivingAgreement, lambda: {"household": NaturalPerson(**_PERSON),
                                   "signed_on": dt.date(2026, 1, 1)}),
    (pc.Application, lambda: {"loan": Loan(**_loan_args())}),
    (pc.CompensationClaim, lambda: {
        "loan": Loan(**_loan_args()), "due_date": dt.date(2027, 3, 2),
        "unpaid_principal": "100", "unpaid_interest": "0",
        "notice_start": dt.date(2027, 6, 1), "notice_end": dt.date(2027, 6, 8)}),
    (pc.Policy, dict),
]
_FIELDS = [(cls, a.name, base) for cls, base in _MODELS for a in attrs.fields(cls)]


@pytest.mark.parametrize(("cls", "field", "base"), _FIELDS,
                         ids=[f"{c.__name__}.{f}" for c, f, _ in _FIELDS])
@given(value=wild())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
def test_any_value_in_any_field(cls: type, field: str, base: Any, value: object) -> None:
    args = base()
    args[field] = value
    only_documented(lambda: cls(**args))


@given(value=wild(), field=st.sampled_from(["id", "birth_date", "registered_poor",
                                              "star_rating", "id_number", "household_id"]))
def test_from_dict_any_value_in_a_person(value: object, field: str) -> None:
    data = pc.to_dict(NaturalPerson(**_PERSON))
    data[field] = value
    only_documented(lambda: pc.from_dict(data, NaturalPerson))


@given(value=wild())
def test_from_dict_any_value_as_a_record(value: object) -> None:
    for cls in (NaturalPerson, Loan, pc.Policy, pc.PortfolioFigures, pc.Decision):
        only_documented(lambda c=cls: pc.from_dict(value, c))


@given(st.dictionaries(st.sampled_from(["eligible_households", "eligible_with_loan",
                                        "registered_households", "registered_covered"]),
                       st.one_of(st.integers(), st.sampled_from([HUGE, -HUGE])),
                       min_size=4))
def test_portfolio_figures_read_strictly(data: dict[str, int]) -> None:
    """Negative counts, or more households with a loan than households, are invalid input."""
    impossible = min(data.values()) < 0 or (
        data["eligible_with_loan"] > data["eligible_households"]
        or data["registered_covered"] > data["registered_households"])
    if impossible:
        with pytest.raises(InvalidInputError):
            pc.from_dict(data, pc.PortfolioFigures)
    else:
        assert pc.to_dict(pc.from_dict(data, pc.PortfolioFigures)) == data


# -- rules: wrong types for every parameter -----------------------------------------------------

_LOAN = Loan(**_loan_args())
_CLAIM = pc.CompensationClaim(**_MODELS[6][1]())
_GOOD: dict[str, Callable[..., object]] = {
    "age_on": lambda a=dt.date(1980, 5, 1), b=dt.date(2026, 1, 1), c=DEFAULT_POLICY:
        pc.age_on(a, b, c),
    "term_months": lambda a=dt.date(2026, 1, 1), b=dt.date(2027, 1, 1): pc.term_months(a, b),
    "add_months": lambda a=dt.date(2026, 1, 31), b=1: pc.add_months(a, b),
    "add_years": lambda a=dt.date(2024, 2, 29), b=1: pc.add_years(a, b),
    "days_after": lambda a=dt.date(2026, 1, 1), b=7: pc.days_after(a, b),
    "days_past_due": lambda a=dt.date(2026, 1, 1), b=dt.date(2026, 4, 1): pc.days_past_due(a, b),
    "check_eligibility": lambda a=_LOAN.borrower, b=dt.date(2026, 3, 2), c=DEFAULT_POLICY:
        pc.check_eligibility(a, b, c),
    "check_loan_terms": lambda a=_LOAN, b=DEFAULT_POLICY: pc.check_loan_terms(a, b),
    "check_claim": lambda a=_CLAIM, b=dt.date(2027, 9, 1), c=DEFAULT_POLICY:
        pc.check_claim(a, b, c),
    "monthly_subsidy": lambda a=_LOAN, b=2026, c=5, d=DEFAULT_POLICY:
        pc.monthly_subsidy(a, b, c, d),
    "subsidy_schedule": lambda a=_LOAN, b=DEFAULT_POLICY: pc.subsidy_schedule(a, b),
    "share_loss": lambda a="100", b=DEFAULT_POLICY: pc.share_loss(a, b),
    "lending_capacity": lambda a="credit_union", b=DEFAULT_POLICY: pc.lending_capacity(a, b),
    "benchmark_rate": lambda a=dt.date(2026, 1, 1), b=12, c=DEFAULT_POLICY:
        pc.benchmark_rate(a, b, c),
    "filing_deadline": lambda a=dt.date(2026, 3, 2), b=DEFAULT_POLICY:
        pc.filing_deadline(a, b),
    "validate": lambda a=_LOAN, b=DEFAULT_POLICY: pc.validate(a, b),
    "json_schema": lambda a="Loan": pc.json_schema(a),
    "idnumber.validate": lambda a="11010519491231002X": pc.idnumber.validate(a),
    "creditcode.validate": lambda a="91110000600037341L": pc.creditcode.validate(a),
}
_ARITY = {name: fn.__code__.co_argcount for name, fn in _GOOD.items()}
_PARAMS = [(name, i) for name, n in _ARITY.items() for i in range(n)]


@pytest.mark.parametrize("name", sorted(_GOOD))
def test_good_calls_work(name: str) -> None:
    _GOOD[name]()


@pytest.mark.parametrize(("name", "index"), _PARAMS, ids=[f"{n}[{i}]" for n, i in _PARAMS])
@given(value=wild())
@settings(max_examples=40)
def test_wrong_value_for_every_parameter(name: str, index: int, value: object) -> None:
    args = list(_GOOD[name].__defaults__ or ())
    args[index] = value
    only_documented(lambda: _GOOD[name](*args))


def test_age_on_refuses_what_is_not_a_policy() -> None:
    for bad in ("x", 0, {}, 1.5):
        with pytest.raises(InvalidInputError) as err:
            pc.age_on(dt.date(1980, 1, 1), dt.date(2026, 1, 1), bad)  # type: ignore[arg-type]
        assert err.value.field == "policy"
    assert pc.age_on(dt.date(1980, 1, 1), dt.date(2026, 1, 1), None) == 46


# -- years 1 and 9999 with every policy extreme ------------------------------------------------


@given(person=natural_persons(born=extreme_dates()), on=extreme_dates(),
       policy=st.sampled_from(POLICIES))
def test_eligibility_at_the_ends_of_the_calendar(person: NaturalPerson, on: dt.date,
                                                 policy: pc.Policy) -> None:
    only_documented(lambda: pc.check_eligibility(person, on, policy))
    only_documented(lambda: pc.age_on(person.birth_date, on, policy))


@st.composite
def edge_loans(draw: st.DrawFn) -> Loan:
    """Loans starting in years 1-3 or 9997-9999 (and anywhere), maturing up to 9999-12-31."""
    start = draw(extreme_dates().filter(lambda d: d < dt.date.max))
    room = (dt.date.max - start).days
    maturity = start + dt.timedelta(days=draw(st.integers(1, min(room, 4000))))
    room = (dt.date.max - maturity).days
    extended = None
    if room > 0 and draw(st.booleans()):
        extended = maturity + dt.timedelta(days=draw(st.integers(1, min(room, 800))))
    born = draw(st.dates(dt.date.min, start))
    return Loan(id="L", borrower=NaturalPerson(id="P", birth_date=born, registered_poor=True),
                lender="credit_union", principal=draw(st.sampled_from(["0.01", "50000", "1"])),
                start_date=start, maturity_date=maturity, extended_to=extended,
                annual_rate=draw(st.sampled_from(["0", "0.0435", "0.9999"])),
                repayments=[pc.Repayment(on=maturity, principal="0.01")]
                if draw(st.booleans()) else [])


@given(loan=edge_loans(), policy=st.sampled_from(POLICIES))
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_loan_rules_at_the_ends_of_the_calendar(loan: Loan, policy: pc.Policy) -> None:
    only_documented(lambda: pc.check_loan_terms(loan, policy))
    only_documented(lambda: pc.validate(loan, policy))
    only_documented(lambda: pc.monthly_subsidy(loan, loan.start_date.year,
                                               loan.start_date.month, policy))
    only_documented(lambda: pc.filing_deadline(loan.start_date, policy))


@given(claim=compensation_claims(), on=extreme_dates(), policy=st.sampled_from(POLICIES))
def test_claims_at_the_ends_of_the_calendar(claim: pc.CompensationClaim, on: dt.date,
                                            policy: pc.Policy) -> None:
    only_documented(lambda: pc.check_claim(claim, on, policy))


def test_far_future_loan_terms_and_claim_are_invalid_input() -> None:
    """The issue's overflows: start + 3 years beyond 9999 and due + 90 days beyond 9999."""
    person = NaturalPerson(**_PERSON)
    loan = Loan(id="L", borrower=person, lender="credit_union", principal="1000",
                start_date=dt.date(9998, 1, 1), maturity_date=dt.date(9999, 12, 31),
                annual_rate="0.04")
    with pytest.raises(InvalidInputError) as err:
        pc.check_loan_terms(loan)
    assert err.value.problems[0].code is pc.ProblemCode.DATE_OUT_OF_RANGE
    assert err.value.field == "loan.start_date"
    claim = pc.CompensationClaim(loan=loan, due_date=dt.date(9999, 12, 1),
                                 unpaid_principal="1", unpaid_interest="0",
                                 notice_start=dt.date(9999, 12, 20),
                                 notice_end=dt.date(9999, 12, 30))
    with pytest.raises(InvalidInputError) as err:
        pc.check_claim(claim, dt.date(9999, 12, 31))
    assert err.value.field == "claim.due_date"


@given(entity=legal_entities(max_agreements=2), on=extreme_dates())
def test_entities_at_the_ends_of_the_calendar(entity: pc.LegalEntity, on: dt.date) -> None:
    only_documented(lambda: pc.check_eligibility(entity, on))
    only_documented(lambda: pc.entity_credit_limit(entity, on))


def test_huge_int_message_is_printable() -> None:
    with pytest.raises(InvalidInputError) as err:
        NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True,
                      star_rating=HUGE)
    assert "about 5001 digits" in str(err.value)
    with pytest.raises(InvalidInputError):
        pc.Repayment(on=dt.date(2026, 1, 1), principal=HUGE)
    with pytest.raises(InvalidInputError):
        pc.from_dict({"on": "2026-01-01", "principal": -HUGE}, pc.Repayment)


def test_broken_repr_does_not_break_the_message() -> None:
    class Nasty:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    with pytest.raises(InvalidInputError, match="unprintable Nasty"):
        pc.Repayment(on=Nasty(), principal="1")  # type: ignore[arg-type]


def test_long_values_are_cut_in_messages() -> None:
    with pytest.raises(InvalidInputError) as err:
        pc.Repayment(on="x" * 10_000, principal="1")  # type: ignore[arg-type]
    assert len(str(err.value)) < 300


@pytest.mark.parametrize("text", UNICODE_DIGITS)
def test_unicode_digits_in_dates_and_ids(text: str) -> None:
    data = pc.to_dict(NaturalPerson(**_PERSON))
    data["birth_date"] = text
    with pytest.raises(InvalidInputError):
        pc.from_dict(data, NaturalPerson)
    data = pc.to_dict(NaturalPerson(**_PERSON))
    data["id_number"] = text
    with pytest.raises(InvalidInputError):
        pc.from_dict(data, NaturalPerson)


def test_nan_and_floats_never_pass_as_money() -> None:
    for bad in (math.nan, 1.5, Decimal("NaN"), Decimal("sNaN"), "Infinity", HUGE):
        with pytest.raises(InvalidInputError):
            pc.Repayment(on=dt.date(2026, 1, 1), principal=bad)  # type: ignore[arg-type]
