"""Legal dates and periods: Civil Code art. 201/202, age (周岁), a loan's term in months."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import DEFAULT_POLICY, InvalidInputError, ProblemCode
from poverty_credit.periods import (
    add_months,
    add_years,
    age_on,
    days_after,
    parse_date,
    require_date,
    term_months,
)
from strategies import junk, wide_dates

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # February 2026 has no 31st: its last day (art. 202)
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: 29 February
        (D(2026, 3, 31), 1, D(2026, 4, 30)),  # April has 30 days
        (D(2026, 1, 15), 1, D(2026, 2, 15)),  # the corresponding day
        (D(2026, 1, 31), 2, D(2026, 3, 31)),  # counted from the start, not month by month
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across the year end
        (D(2026, 3, 31), -1, D(2026, 2, 28)),  # backwards too
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected
    assert type(add_months(start, months)) is dt.date


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),  # no 29 Feb in 2025: 28 Feb (art. 202)
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2023, 3, 1), 3, D(2026, 3, 1)),
    ],
)
def test_add_years(start: dt.date, years: int, expected: dt.date) -> None:
    assert add_years(start, years) == expected


def test_days_after() -> None:
    """Art. 201: a 7-day period after 1 March starts on 2 March and ends on 8 March;
    90 days after 31 Dec 2025 is 31 March 2026 (31 Jan + 28 Feb + 31 Mar = 90)."""
    assert days_after(D(2026, 3, 1), 7) == D(2026, 3, 8)
    assert days_after(D(2025, 12, 31), 90) == D(2026, 3, 31)


@pytest.mark.parametrize(
    ("start", "maturity", "expected"),
    [
        (D(2026, 1, 31), D(2026, 2, 28), 1),  # 31 Jan + 1 month = 28 Feb: exactly one month
        (D(2026, 1, 31), D(2026, 3, 1), 2),  # one day beyond one month: the term is 2
        (D(2026, 3, 1), D(2027, 3, 1), 12),  # one year: 12 months (the ≤ 12-month band)
        (D(2026, 3, 1), D(2027, 3, 2), 13),  # a day more: 13 (the 1–5 year band)
        (D(2026, 3, 1), D(2029, 3, 1), 36),  # 3 years: 36 (Art. 10's limit, inclusive)
        (D(2026, 3, 1), D(2026, 3, 2), 1),  # a single day still takes one month
    ],
)
def test_term_months(start: dt.date, maturity: dt.date, expected: int) -> None:
    assert term_months(start, maturity) == expected


def test_term_months_refuses_a_maturity_not_after_the_start() -> None:
    with pytest.raises(InvalidInputError) as caught:
        term_months(D(2026, 3, 1), D(2026, 3, 1))
    assert caught.value.field == "maturity"


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (D(1961, 3, 15), D(2026, 3, 14), 64),  # the day before the 65th birthday
        (D(1961, 3, 15), D(2026, 3, 15), 65),  # the birthday: 65 (still "65周岁以下")
        (D(1960, 3, 15), D(2026, 3, 15), 66),
        (D(2008, 2, 29), D(2026, 2, 28), 18),  # 29 Feb birthday: reached on 28 Feb (art. 202)
        (D(2008, 2, 29), D(2026, 2, 27), 17),
        (D(2008, 2, 29), D(2028, 2, 29), 20),
        (D(2026, 5, 1), D(2026, 5, 1), 0),  # born today
    ],
)
def test_age_on(birth: dt.date, on: dt.date, expected: int) -> None:
    assert age_on(birth, on) == expected


def test_age_reached_the_day_after_birthday() -> None:
    """With age_reached_on_birthday = False, the 65th birthday (15 March 2026) is still 64;
    16 March is 65. A 29-Feb birth reaches 18 on 1 March 2026 (the day after 28 Feb)."""
    policy = attrs.evolve(DEFAULT_POLICY, age_reached_on_birthday=False)
    assert age_on(D(1961, 3, 15), D(2026, 3, 15), policy) == 64
    assert age_on(D(1961, 3, 15), D(2026, 3, 16), policy) == 65
    assert age_on(D(2008, 2, 29), D(2026, 2, 28), policy) == 17
    assert age_on(D(2008, 2, 29), D(2026, 3, 1), policy) == 18


def test_age_before_birth_is_invalid() -> None:
    with pytest.raises(InvalidInputError) as caught:
        age_on(D(2000, 1, 2), D(2000, 1, 1))
    assert caught.value.field == "on"


def test_datetime_refused_everywhere() -> None:
    moment = dt.datetime(2026, 3, 1, 9, 30)
    for call in (lambda: add_months(moment, 1), lambda: days_after(moment, 1),
                 lambda: age_on(D(1980, 1, 1), moment), lambda: term_months(moment, D(2027, 1, 1))):
        with pytest.raises(InvalidInputError, match="not a datetime"):
            call()


def test_pendulum_date_is_normalised_to_a_plain_date() -> None:
    value = require_date(pendulum.Date(2026, 2, 28), "on")
    assert value == D(2026, 2, 28)
    assert type(value) is dt.date
    assert type(add_months(pendulum.Date(2026, 1, 31), 1)) is dt.date


def test_parse_date_reads_iso_strings() -> None:
    assert parse_date("2024-02-29", "d") == D(2024, 2, 29)
    with pytest.raises(InvalidInputError, match="YYYY-MM-DD"):
        parse_date("2026-02-30", "d")


@pytest.mark.parametrize("bad", [1.5, True, "1", None])
def test_counts_must_be_ints(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        add_months(D(2026, 1, 1), bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        days_after(D(2026, 1, 1), bad)  # type: ignore[arg-type]


@given(st.dates(D(1900, 1, 1), D(2026, 12, 31)), st.integers(0, 40000), st.integers(1, 400))
def test_age_never_decreases(birth: dt.date, offset: int, step: int) -> None:
    """A later date never makes someone younger; a year later they are at most one year older."""
    on = birth + dt.timedelta(days=offset)
    later = on + dt.timedelta(days=step)
    assert age_on(birth, on) <= age_on(birth, later) <= age_on(birth, on) + 1 + step // 365


@given(st.dates(D(1900, 1, 1), D(2090, 12, 31)), st.integers(1, 120))
def test_term_months_of_add_months_is_the_months(start: dt.date, months: int) -> None:
    """maturity = start + n months has a term of exactly n months (smallest n)."""
    assert term_months(start, add_months(start, months)) == months


@given(wide_dates(), junk())
def test_junk_raises_only_invalid_input(day: dt.date, value: object) -> None:
    with pytest.raises(InvalidInputError):
        require_date(value, "on")
    with pytest.raises(InvalidInputError):
        age_on(value, day)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: add_months(dt.date(9999, 12, 1), 1), "start"),
        (lambda: add_months(dt.date(1, 1, 31), -1), "start"),
        (lambda: add_years(dt.date(9998, 1, 1), 3, field="loan.start_date"), "loan.start_date"),
        (lambda: days_after(dt.date(9999, 12, 25), 7), "event"),
        (lambda: days_after(dt.date(2026, 1, 1), 10**5000, field="claim.due_date"),
         "claim.due_date"),
    ],
)
def test_arithmetic_beyond_the_calendar_is_invalid_input(call: Any, field: str) -> None:
    """9999-12-01 + 1 month is 10000-01-01 and 0001-01-31 − 1 month is year 0: neither exists."""
    with pytest.raises(InvalidInputError) as err:
        call()
    assert err.value.field == field
    assert err.value.problems[0].code is ProblemCode.DATE_OUT_OF_RANGE


def test_last_representable_days_are_still_reached() -> None:
    assert add_months(dt.date(9999, 11, 30), 1) == dt.date(9999, 12, 30)
    assert add_months(dt.date(1, 2, 28), -1) == dt.date(1, 1, 28)
    assert days_after(dt.date(9999, 12, 24), 7) == dt.date(9999, 12, 31)
