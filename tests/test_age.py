"""Boundary tables for age_on (周岁, SPEC A "age") and term_months (SPEC A "term").

Every expected value below was worked out by hand from the convention, not taken from the code.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import DEFAULT_POLICY, InvalidInputError, add_months, age_on, term_months

D = dt.date
NEXT_DAY = attrs.evolve(DEFAULT_POLICY, age_reached_on_birthday=False)

# (birth, on, age with the birthday rule, age with the day-after rule, why)
AGE_CASES = [
    # 2026 - 1961 = 65 completed on the birthday 2026-03-15; one day before: 64.
    (D(1961, 3, 15), D(2026, 3, 14), 64, 64, "day before the 65th birthday"),
    (D(1961, 3, 15), D(2026, 3, 15), 65, 64, "65th birthday: 65; day-after rule still 64"),
    (D(1961, 3, 15), D(2026, 3, 16), 65, 65, "day after the 65th birthday"),
    # 2027 - 1961 = 66 on 2027-03-15.
    (D(1961, 3, 15), D(2027, 3, 14), 65, 65, "last day at 65"),
    (D(1961, 3, 15), D(2027, 3, 15), 66, 65, "66th birthday"),
    # 18th birthday: 2026 - 2008 = 18 on 2026-03-15.
    (D(2008, 3, 15), D(2026, 3, 14), 17, 17, "day before the 18th birthday"),
    (D(2008, 3, 15), D(2026, 3, 15), 18, 17, "18th birthday"),
    (D(2008, 3, 15), D(2026, 3, 16), 18, 18, "day after the 18th birthday"),
    # 29 February, common year 2026: the birthday is 28 February (Civil Code art. 202);
    # 2026 - 2008 = 18.
    (D(2008, 2, 29), D(2026, 2, 27), 17, 17, "29-Feb birth, common year, 27 Feb"),
    (D(2008, 2, 29), D(2026, 2, 28), 18, 17, "29-Feb birth, common year: 28 Feb is the birthday"),
    (D(2008, 2, 29), D(2026, 3, 1), 18, 18, "29-Feb birth, common year, 1 Mar"),
    # 29 February, leap year 2028: the birthday is 29 February itself, 2028-2008=20.
    (D(2008, 2, 29), D(2028, 2, 28), 19, 19, "29-Feb birth, leap year, 28 Feb: not yet"),
    (D(2008, 2, 29), D(2028, 2, 29), 20, 19, "29-Feb birth, leap year, 29 Feb"),
    (D(2008, 2, 29), D(2028, 3, 1), 20, 20, "29-Feb birth, leap year, 1 Mar"),
    # Born today: 0 completed years either way.
    (D(2026, 3, 15), D(2026, 3, 15), 0, 0, "day of birth"),
    # 31 Dec birth, 1 Jan next year: 0 (the first birthday is a year away).
    (D(2025, 12, 31), D(2026, 1, 1), 0, 0, "day after a 31-Dec birth"),
]


@pytest.mark.parametrize(("birth", "on", "age", "age_next_day", "why"), AGE_CASES,
                         ids=[c[-1] for c in AGE_CASES])
def test_age_on_table(birth: dt.date, on: dt.date, age: int, age_next_day: int, why: str) -> None:
    """Age on the birthday (default) and on the day after (``age_reached_on_birthday=False``)."""
    assert age_on(birth, on) == age
    assert age_on(birth, on, DEFAULT_POLICY) == age
    assert age_on(birth, on, NEXT_DAY) == age_next_day


def test_age_before_birth_is_invalid_input() -> None:
    """An evaluation date the day before the birth is refused, naming ``on``."""
    with pytest.raises(InvalidInputError) as info:
        age_on(D(2000, 1, 2), D(2000, 1, 1))
    assert info.value.field == "on"
    assert "2000-01-02" in str(info.value)


@pytest.mark.parametrize("bad", [dt.datetime(2026, 3, 15, 9, 0), "2026-03-15", 20260315, None])
def test_age_refuses_non_dates(bad: object) -> None:
    """A datetime (silent truncation) or a non-date is refused."""
    with pytest.raises(InvalidInputError):
        age_on(D(1980, 1, 1), bad)  # type: ignore[arg-type]


# (start, maturity, months, why): the smallest n with maturity <= start + n months (art. 202).
TERM_CASES = [
    # one day is already a one-month band
    (D(2026, 3, 15), D(2026, 3, 16), 1, "one day"),
    # 31 Jan + 1 month = 28 Feb 2026 (no 31 Feb): 28 Feb fits in 1 month ...
    (D(2026, 1, 31), D(2026, 2, 28), 1, "month end, common year"),
    # ... 1 Mar does not (28 Feb < 1 Mar); 31 Jan + 2 months = 31 Mar >= 1 Mar.
    (D(2026, 1, 31), D(2026, 3, 1), 2, "one day past the month end"),
    # 31 Mar + 1 month = 30 Apr.
    (D(2026, 3, 31), D(2026, 4, 30), 1, "31st to the 30th"),
    # 1 Jan 2016 + 12 months = 1 Jan 2017 exactly.
    (D(2016, 1, 1), D(2017, 1, 1), 12, "exactly one year"),
    # one day more needs a 13th month.
    (D(2016, 1, 1), D(2017, 1, 2), 13, "one year and a day"),
    (D(2016, 1, 1), D(2017, 2, 1), 13, "thirteen months"),
    # 29 Feb 2024 + 36 months = 28 Feb 2027 (common year): 36; 1 Mar 2027 needs 37.
    (D(2024, 2, 29), D(2027, 2, 28), 36, "three years from 29 Feb"),
    (D(2024, 2, 29), D(2027, 3, 1), 37, "three years and a day from 29 Feb"),
    # 29 Feb 2024 + 48 months = 29 Feb 2028 (leap year).
    (D(2024, 2, 29), D(2028, 2, 29), 48, "four years, leap to leap"),
    # 60 and 61 months: the edge of the 1-5 year band.
    (D(2020, 6, 30), D(2025, 6, 30), 60, "five years"),
    (D(2020, 6, 30), D(2025, 7, 1), 61, "five years and a day"),
]


@pytest.mark.parametrize(("start", "maturity", "months", "why"), TERM_CASES,
                         ids=[c[-1] for c in TERM_CASES])
def test_term_months_table(start: dt.date, maturity: dt.date, months: int, why: str) -> None:
    """The term band boundaries, worked out by hand."""
    assert term_months(start, maturity) == months


@pytest.mark.parametrize("maturity", [D(2026, 3, 15), D(2026, 3, 14)])
def test_term_months_needs_maturity_after_start(maturity: dt.date) -> None:
    """A maturity on or before the start is refused, naming ``maturity``."""
    with pytest.raises(InvalidInputError) as info:
        term_months(D(2026, 3, 15), maturity)
    assert info.value.field == "maturity"


born = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2060, 12, 31))
gaps = st.integers(min_value=0, max_value=40000)


@given(birth=born, first=gaps, second=gaps, on_birthday=st.booleans())
def test_age_never_decreases(birth: dt.date, first: int, second: int, on_birthday: bool) -> None:
    """A later evaluation date never makes anyone younger (and never older by more than the years
    elapsed, plus one for the birthday crossing)."""
    policy = attrs.evolve(DEFAULT_POLICY, age_reached_on_birthday=on_birthday)
    early = birth + dt.timedelta(days=min(first, second))
    late = birth + dt.timedelta(days=max(first, second))
    young, old = age_on(birth, early, policy), age_on(birth, late, policy)
    assert 0 <= young <= old <= young + (late - early).days // 365 + 1


@given(birth=born, years=st.integers(min_value=0, max_value=100))
def test_age_on_the_anniversary(birth: dt.date, years: int) -> None:
    """On the art. 202 anniversary the age is the number of years; the day before, one less."""
    anniversary = add_months(birth, 12 * years)
    assert age_on(birth, anniversary) == years
    if years:
        assert age_on(birth, anniversary - dt.timedelta(days=1)) == years - 1


@given(start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
       days=st.integers(min_value=1, max_value=4000))
def test_term_months_is_the_smallest_fitting_month_count(start: dt.date, days: int) -> None:
    """``start + n months`` reaches the maturity and ``start + (n-1) months`` does not."""
    maturity = start + dt.timedelta(days=days)
    n = term_months(start, maturity)
    assert n >= 1
    assert maturity <= add_months(start, n)
    assert add_months(start, n - 1) < maturity
