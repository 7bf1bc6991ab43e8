"""Hypothesis strategies for the domain, shared by every test module.

Every strategy builds *valid* records (they construct without error) unless its name says
otherwise (:func:`junk`). Amounts are ``Decimal`` yuan with at most two decimals, rates are
``Decimal`` fractions, dates are plain :class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Application,
    Benchmark,
    CompensationClaim,
    Decision,
    DepositTier,
    DrivingAgreement,
    EntityKind,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    Policy,
    Reason,
    ReasonCode,
    Repayment,
    Review,
    Stamp,
)

__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "LENDERS",
    "amounts",
    "applications",
    "borrowers",
    "compensation_claims",
    "credit_code_for",
    "credit_codes",
    "dates",
    "decisions",
    "driving_agreements",
    "id_number_for",
    "identifiers",
    "junk",
    "legal_entities",
    "loans",
    "money",
    "natural_persons",
    "policies",
    "rates",
    "reasons",
    "repayments_for",
    "wide_dates",
]

DATE_MIN = dt.date(2004, 1, 1)
DATE_MAX = dt.date(2026, 12, 31)
#: The lenders of DEFAULT_POLICY (Art. 7).
LENDERS = ("credit_union", "postal_savings")

_EDGE_AMOUNTS = ("0.00", "0.01", "0.99", "1.00", "49999.99", "50000.00", "50000.01", "100000.00")


def examples(count: int) -> int:
    """``count`` examples for a property's own ``@settings``, or the profile's (fewer) examples
    under ``HYPOTHESIS_PROFILE=mutation`` (tests/conftest.py), which mutation testing sets."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "mutation":
        return min(count, settings.default.max_examples)
    return count


def steps(count: int) -> int:
    """``count`` steps for a state machine's own ``@settings``, or the profile's (fewer) steps
    under ``HYPOTHESIS_PROFILE=mutation`` (tests/conftest.py), which mutation testing sets."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "mutation":
        return min(count, settings.default.stateful_step_count)
    return count


def _fen(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Whole fen between ``low`` and ``high`` fen, as yuan with exactly two decimals."""
    return st.integers(low, high).map(lambda f: Decimal(f).scaleb(-2))


def amounts(
    min_value: Decimal | str = "0.00", max_value: Decimal | str = "1000000.00"
) -> st.SearchStrategy[Decimal]:
    """Amounts of yuan with two decimals in ``[min_value, max_value]``, the 5321 edges favoured
    (0.01, 50000.00, 50000.01)."""
    low, high = Decimal(min_value), Decimal(max_value)
    edges = [Decimal(e) for e in _EDGE_AMOUNTS if low <= Decimal(e) <= high]
    ranged = _fen(int(low * 100), int(high * 100))
    return st.one_of(st.sampled_from(edges), ranged) if edges else ranged


def money(max_value: Decimal | str = "1000000.00") -> st.SearchStrategy[Decimal]:
    """Amounts above zero (a principal, a repayment)."""
    return amounts("0.01", max_value)


def rates(max_value: Decimal | str = "0.2") -> st.SearchStrategy[Decimal]:
    """Annual rates as fractions, multiples of 0.0001 (a hundredth of a per cent), 0 to 20 %."""
    top = int(Decimal(max_value) * 10000)
    return st.integers(0, top).map(lambda n: Decimal(n).scaleb(-4))


def dates(
    min_value: dt.date = DATE_MIN, max_value: dt.date = DATE_MAX
) -> st.SearchStrategy[dt.date]:
    """Dates of the Measures' era (2004–2026 by default)."""
    return st.dates(min_value, max_value)


def wide_dates() -> st.SearchStrategy[dt.date]:
    """Any date Python can hold (years 1–9999)."""
    return st.dates()


def identifiers() -> st.SearchStrategy[str]:
    """Non-blank ids and names (any Unicode, 能人大户 included)."""
    return st.text(min_size=1, max_size=12).filter(lambda s: bool(s.strip()))


_ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643-1999: W_i = 2^(i-1) mod 11


def id_number_for(birth: dt.date, area: str = "110105", serial: int = 1) -> str:
    """A resident ID number (GB 11643-1999) for ``birth``, with its ISO 7064 MOD 11-2 check."""
    body = f"{area}{birth:%Y%m%d}{serial:03d}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    check = (12 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


@st.composite
def natural_persons(
    draw: st.DrawFn, *, born: st.SearchStrategy[dt.date] | None = None
) -> NaturalPerson:
    """Natural persons born 1930–2010 (any flags, with or without an ID number)."""
    birth = draw(born if born is not None else st.dates(dt.date(1930, 1, 1), dt.date(2010, 12, 31)))
    id_number = None
    if birth.year >= 1000 and draw(st.booleans()):
        id_number = id_number_for(birth, serial=draw(st.integers(0, 999)))
    return NaturalPerson(
        id=draw(identifiers()),
        birth_date=birth,
        registered_poor=draw(st.booleans()),
        five_guarantee=draw(st.booleans()),
        has_outstanding_bad_loans=draw(st.booleans()),
        has_bad_credit_record=draw(st.booleans()),
        star_rating=draw(st.none() | st.integers(1, 5)),
        household_id=draw(st.none() | identifiers()),
        id_number=id_number,
    )


#: GB 32100-2015: the 31 characters of a unified social credit code; weights W_i = 3^(i-1) mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code_for(body: str) -> str:
    """A unified social credit code: the 17 characters ``body`` and their check character."""
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    """Valid unified social credit codes (departments 1, 5, 9, N, Y; a few provinces)."""
    department = draw(st.sampled_from("159NY"))
    kind = draw(st.sampled_from("1239"))
    area = draw(st.sampled_from(["110000", "110105", "360426", "440300", "650000", "100000"]))
    organisation = draw(st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9))
    return credit_code_for(department + kind + area + organisation)


@st.composite
def driving_agreements(draw: st.DrawFn) -> DrivingAgreement:
    """Agreements in force from ``signed_on`` through ``ends_on`` (or open-ended)."""
    signed = draw(dates())
    ends = draw(st.none() | st.dates(signed, dt.date(2030, 12, 31)))
    return DrivingAgreement(household=draw(natural_persons()), signed_on=signed, ends_on=ends)


@st.composite
def legal_entities(draw: st.DrawFn, *, max_agreements: int = 3) -> LegalEntity:
    """Legal entities of every kind with up to ``max_agreements`` agreements."""
    return LegalEntity(
        id=draw(identifiers()),
        name=draw(identifiers()),
        kind=draw(st.sampled_from(EntityKind)),
        agreements=draw(st.lists(driving_agreements(), max_size=max_agreements)),
        credit_code=draw(st.none() | credit_codes()),
    )


def borrowers() -> st.SearchStrategy[NaturalPerson | LegalEntity]:
    """A natural person or a legal entity."""
    return st.one_of(natural_persons(), legal_entities(max_agreements=2))


@st.composite
def repayments_for(
    draw: st.DrawFn, principal: Decimal, start: dt.date, last: dt.date
) -> list[Repayment]:
    """Valid repayments of a loan: dated ``start``…``last``, in date order, summing to at most
    the principal (possibly exactly, i.e. repaid in full)."""
    remaining = int(principal * 100)
    span = (last - start).days
    count = draw(st.integers(0, 4))
    days = sorted(draw(st.lists(st.integers(0, span), min_size=count, max_size=count)))
    result = []
    for day in days:
        if remaining == 0:
            break
        fen = draw(st.integers(1, remaining))
        remaining -= fen
        result.append(Repayment(on=start + dt.timedelta(days=day),
                                principal=Decimal(fen).scaleb(-2)))
    return result


@st.composite
def loans(
    draw: st.DrawFn,
    *,
    borrower: st.SearchStrategy[NaturalPerson | LegalEntity] | None = None,
    principal: st.SearchStrategy[Decimal] | None = None,
    start: st.SearchStrategy[dt.date] | None = None,
) -> Loan:
    """Valid loans: ``start < maturity (< extended_to)``, repayments valid and sorted."""
    start_date = draw(start if start is not None else dates(DATE_MIN, dt.date(2026, 6, 30)))
    maturity = start_date + dt.timedelta(days=draw(st.integers(1, 4 * 366)))
    extended = draw(st.none() | st.integers(1, 730).map(lambda d: maturity + dt.timedelta(days=d)))
    amount = draw(principal if principal is not None else money("200000.00"))
    last = (extended or maturity) + dt.timedelta(days=draw(st.integers(0, 400)))
    return Loan(
        id=draw(identifiers()),
        borrower=draw(borrower if borrower is not None else borrowers()),
        lender=draw(st.sampled_from(LENDERS)),
        principal=amount,
        start_date=start_date,
        maturity_date=maturity,
        annual_rate=draw(rates()),
        guarantee_required=draw(st.booleans()),
        collateral_required=draw(st.booleans()),
        repayments=draw(repayments_for(amount, start_date, last)),
        extended_to=extended,
        insurer_share=draw(st.none() | st.integers(1, 100).map(lambda n: Decimal(n).scaleb(-2))),
    )


@st.composite
def applications(draw: st.DrawFn) -> Application:
    """Applications with any subset of reviews and stamps, filed on or after the loan date."""
    loan = draw(loans())
    filed = draw(st.none() | st.integers(0, 60).map(
        lambda d: loan.start_date + dt.timedelta(days=d)))
    return Application(
        loan=loan,
        reviews=draw(st.frozensets(st.sampled_from(Review))),
        stamps=draw(st.frozensets(st.sampled_from(Stamp))),
        leading_group_approved=draw(st.booleans()),
        filed_on=filed,
    )


@st.composite
def compensation_claims(draw: st.DrawFn) -> CompensationClaim:
    """Claims that pass the input checks (the loss is above zero, dates in order)."""
    loan = draw(loans())
    unpaid = draw(amounts("0.00", loan.principal))
    interest = draw(amounts("0.00", "20000.00"))
    if unpaid + interest == 0:
        unpaid = Decimal("0.01")
    due = loan.start_date + dt.timedelta(days=draw(st.integers(0, 2000)))
    notice_start = due + dt.timedelta(days=draw(st.integers(-30, 400)))
    notice_end = notice_start + dt.timedelta(days=draw(st.integers(0, 30)))
    flags = {
        name: draw(st.booleans())
        for name in ("town_station_signed", "approved", "loss_determined", "collected_in_period",
                     "recourse_performed", "major_event_acted", "major_event_reported",
                     "lent_as_required")
    }
    return CompensationClaim(
        loan=loan,
        due_date=due,
        unpaid_principal=unpaid,
        unpaid_interest=interest,
        notice_start=notice_start,
        notice_end=notice_end,
        cause=draw(st.none() | st.sampled_from(LossCause)),
        objections=draw(st.integers(0, 5)),
        **flags,
    )


_LENDER_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Variants of DEFAULT_POLICY made with :func:`attrs.evolve` (a few fields changed)."""
    min_age = draw(st.integers(16, 20))
    changes: dict[str, Any] = {
        "max_loan_amount": draw(money("200000.00")),
        "max_term_years": draw(st.integers(1, 5)),
        "min_age": min_age,
        "max_age": draw(st.integers(min_age, 75)),
        "age_reached_on_birthday": draw(st.booleans()),
        "leverage": draw(money("20.00")),
        "relending_discount": draw(rates("0.05")),
        "fund_allocations": draw(st.dictionaries(_LENDER_NAMES, amounts("0.00", "50000000.00"),
                                                 min_size=1, max_size=3)),
        "fund_share": draw(st.integers(0, 100).map(lambda n: Decimal(n).scaleb(-2))),
        "fund_deposit_tier": draw(st.sampled_from(DepositTier)),
        "min_days_past_due": draw(st.integers(0, 180)),
        "subsidise_extensions": draw(st.booleans()),
        "benchmark": draw(st.sampled_from(Benchmark)),
    }
    keep = draw(st.sets(st.sampled_from(sorted(changes))))
    if "min_age" in keep or "max_age" in keep:  # the two ages change together (min <= max)
        keep |= {"min_age", "max_age"}
    return attrs.evolve(DEFAULT_POLICY, **{k: v for k, v in changes.items() if k not in keep})


@st.composite
def reasons(draw: st.DrawFn) -> Reason:
    """Reasons with any code, article and verdict."""
    return Reason(
        code=draw(st.sampled_from(ReasonCode)),
        article=draw(st.none() | st.sampled_from(["Art. 9(1)", "Art. 10", "Art. 17(3)"])),
        passed=draw(st.booleans()),
        message=draw(st.text(max_size=30)),
        message_zh=draw(st.text(max_size=30)),
    )


def decisions() -> st.SearchStrategy[Decision]:
    """Decisions of up to five findings."""
    return st.builds(
        Decision, findings=st.lists(reasons(), max_size=5).map(tuple),
        subject=st.none() | identifiers(),
    )


def junk() -> st.SearchStrategy[object]:
    """Values of the wrong type or out of any domain: floats (NaN, inf), bools, None, lists, dicts,
    datetimes, bytes, odd strings, negative and huge numbers, plain objects."""
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([math.nan, math.inf, -math.inf, 0.1, 50000.0]),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        st.datetimes(),
        st.binary(max_size=5),
        st.sampled_from(["", " ", "abc", "NaN", "-Infinity", "1e999", "四万", "2026-02-30",
                         "\x00", "50000.001", "-1"]),
        st.integers(-(10**20), -1),
        st.integers(10**15, 10**20),
        st.decimals(allow_nan=True, allow_infinity=True).filter(
            lambda d: not d.is_finite() or d < 0),
        st.builds(object),
        st.complex_numbers(max_magnitude=10),
    )
