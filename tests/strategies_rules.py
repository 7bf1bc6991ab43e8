"""Hypothesis strategies for the eligibility, loan-terms and approval tests (issue 2).

Kept beside the shared ``tests/strategies.py`` so that the rules' tests do not wait for it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from poverty_credit import DrivingAgreement, EntityKind, LegalEntity, NaturalPerson

#: Evaluation dates: a wide span, leap days included.
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))

#: A few household keys, so that members of one household appear together.
household_ids = st.one_of(st.none(), st.sampled_from(["H-1", "H-2", "H-3"]))


@st.composite
def natural_persons(draw: st.DrawFn, born: st.SearchStrategy[dt.date] = dates) -> NaturalPerson:
    """Any valid natural person."""
    return NaturalPerson(
        id=draw(st.sampled_from(["P-1", "P-2", "P-3", "P-4", "P-5", "P-6"])),
        birth_date=draw(born),
        registered_poor=draw(st.booleans()),
        five_guarantee=draw(st.booleans()),
        has_outstanding_bad_loans=draw(st.booleans()),
        has_bad_credit_record=draw(st.booleans()),
        star_rating=draw(st.one_of(st.none(), st.integers(1, 5))),
        household_id=draw(household_ids),
    )


@st.composite
def agreements(draw: st.DrawFn) -> DrivingAgreement:
    """An agreement signed in 2024-2027, open-ended or ending after it was signed."""
    signed = draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)))
    length = draw(st.one_of(st.none(), st.integers(0, 1500)))
    ends = None if length is None else signed + dt.timedelta(days=length)
    born = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31))
    return DrivingAgreement(household=draw(natural_persons(born)), signed_on=signed, ends_on=ends)


@st.composite
def legal_entities(draw: st.DrawFn, max_agreements: int = 8) -> LegalEntity:
    """An entity with up to ``max_agreements`` agreements."""
    return LegalEntity(
        id="E-1",
        name="Entity",
        kind=draw(st.sampled_from(list(EntityKind))),
        agreements=draw(st.lists(agreements(), max_size=max_agreements)),
    )


#: Values that are no valid input anywhere: wrong types, datetimes, floats, strings.
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.decimals(allow_nan=True),
    st.just(Decimal("NaN")),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
