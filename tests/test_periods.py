"""Legal dates and periods: Civil Code art. 201/202, age (周岁), a loan's term in months."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    InvalidInputError,
    PolicyDocument,
    PolicySchedule,
    ProblemCode,
)
from poverty_credit.periods import (
    add_months,
    add_years,
    age_on,
    completed_years,
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


# --- what each error says (issue 14: pinned, since mutants changing them survived) -----------

NOON = dt.datetime(2026, 3, 1, 12, 0)
PERIOD_ERRORS = [
    (lambda: require_date(NOON, "on"), [(
        "on", "DATETIME_NOT_DATE",
        "must be a date, not a datetime (got datetime.datetime(2026, 3, 1, 12, 0), a datetime); "
        "pass .date() explicitly if the time is irrelevant",
        "应为日期，不能是带时间的日期时间（实际为 datetime.datetime(2026, 3, 1, 12, 0)"
        "（datetime 类型））；如时间无关，请先取 .date()")]),
    (lambda: require_date("2026-03-01", "on"), [(
        "on", "WRONG_TYPE", "must be a datetime.date (got '2026-03-01', a str)",
        "应为日期 datetime.date（实际为 '2026-03-01'（str 类型））")]),
    (lambda: parse_date("2026-02-30", "due"), [(
        "due", "NOT_A_DATE", "must be a date written YYYY-MM-DD (got '2026-02-30', a str)",
        "应为 YYYY-MM-DD 格式的有效日期（实际为 '2026-02-30'（str 类型））")]),
    (lambda: parse_date(20260301, "due"), [(
        "due", "WRONG_TYPE", "must be a datetime.date (got 20260301, an int)",
        "应为日期 datetime.date（实际为 20260301（int 类型））")]),
    # 9999-12 + 1 month is year 10000
    (lambda: add_months(dt.date(9999, 12, 1), 1, field="due"), [(
        "due", "DATE_OUT_OF_RANGE",
        "9999-12-01 + 1 month is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        "9999-12-01加1个月超出可表示的日期范围（0001-01-01至9999-12-31）")]),
    (lambda: add_months("2026-01-01", 1, field="due"), [(
        "due", "WRONG_TYPE", "must be a datetime.date (got '2026-01-01', a str)",
        "应为日期 datetime.date（实际为 '2026-01-01'（str 类型））")]),
    (lambda: days_after("2026-01-01", 1, field="notice"), [(
        "notice", "WRONG_TYPE", "must be a datetime.date (got '2026-01-01', a str)",
        "应为日期 datetime.date（实际为 '2026-01-01'（str 类型））")]),
    (lambda: add_months(dt.date(2026, 1, 1), "1"), [(
        "months", "WRONG_TYPE", "must be an int (got '1', a str)",
        "应为整数（实际为 '1'（str 类型））")]),
    (lambda: add_years(dt.date(2026, 1, 1), 1.0), [(
        "years", "WRONG_TYPE", "must be an int (got 1.0, a float)",
        "应为整数（实际为 1.0（float 类型））")]),
    # add_years counts in years (12 months each); the default field is "start"
    (lambda: add_years(dt.date(9999, 1, 1), 1), [(
        "start", "DATE_OUT_OF_RANGE",
        "9999-01-01 + 1 year is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        "9999-01-01加1年超出可表示的日期范围（0001-01-01至9999-12-31）")]),
    (lambda: days_after(dt.date(9999, 12, 31), 1, field="notice"), [(
        "notice", "DATE_OUT_OF_RANGE",
        "9999-12-31 + 1 day is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        "9999-12-31加1天超出可表示的日期范围（0001-01-01至9999-12-31）")]),
    # plural units: 9998-01-01 + 3 years is 10001-01-01, 9999-12-25 + 7 days is 10000-01-01
    (lambda: add_years(dt.date(9998, 1, 1), 3, field="loan.start_date"), [(
        "loan.start_date", "DATE_OUT_OF_RANGE",
        "9998-01-01 + 3 years is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        "9998-01-01加3年超出可表示的日期范围（0001-01-01至9999-12-31）")]),
    (lambda: days_after(dt.date(9999, 12, 25), 7), [(
        "event", "DATE_OUT_OF_RANGE",
        "9999-12-25 + 7 days is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        "9999-12-25加7天超出可表示的日期范围（0001-01-01至9999-12-31）")]),
    (lambda: add_months(dt.date(1, 1, 31), -1, field="due"), [(
        "due", "DATE_OUT_OF_RANGE",
        "0001-01-31 + -1 month is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        "0001-01-31加-1个月超出可表示的日期范围（0001-01-01至9999-12-31）")]),
    (lambda: days_after(dt.date(2026, 1, 1), True), [(
        "days", "WRONG_TYPE", "must be an int (got True, a bool)",
        "应为整数（实际为 True（bool 类型））")]),
    (lambda: age_on(dt.date(1980, 1, 1), dt.date(2026, 1, 1), "x"), [(
        "policy", "WRONG_TYPE", "must be a Policy, a PolicySchedule or None (got 'x', a str)",
        "应为 Policy、PolicySchedule 或 None（实际为 'x'（str 类型））")]),
    (lambda: age_on("1980", None), [
        ("birth_date", "WRONG_TYPE", "must be a datetime.date (got '1980', a str)",
         "应为日期 datetime.date（实际为 '1980'（str 类型））"),
        ("on", "WRONG_TYPE", "must be a datetime.date (got None, a NoneType)",
         "应为日期 datetime.date（实际为 None（NoneType 类型））")]),
    (lambda: age_on(dt.date(1980, 1, 2), dt.date(1980, 1, 1)), [(
        "on", "DATE_ORDER", "is before the birth date 1980-01-02 (got 1980-01-01)",
        "早于出生日期1980-01-02（实际为1980-01-01）")]),
    (lambda: term_months("a", dt.date(2026, 1, 1)), [(
        "start", "WRONG_TYPE", "must be a datetime.date (got 'a', a str)",
        "应为日期 datetime.date（实际为 'a'（str 类型））")]),
    (lambda: term_months(dt.date(2026, 1, 1), "b"), [(
        "maturity", "WRONG_TYPE", "must be a datetime.date (got 'b', a str)",
        "应为日期 datetime.date（实际为 'b'（str 类型））")]),
    (lambda: term_months(dt.date(2026, 3, 1), dt.date(2026, 3, 1)), [(
        "maturity", "DATE_ORDER", "must be after the start 2026-03-01 (got 2026-03-01)",
        "应晚于起始日2026-03-01（实际为2026-03-01）")]),
]


@pytest.mark.parametrize(("call", "expected"), PERIOD_ERRORS)
def test_errors_name_the_field_the_value_and_the_code(call: Any, expected: list[Any]) -> None:
    assert problems(call) == expected


def test_parse_date_passes_a_date_through() -> None:
    assert parse_date(dt.date(2026, 3, 1), "due") == dt.date(2026, 3, 1)
    assert parse_date("2026-03-01", "due") == dt.date(2026, 3, 1)


def test_age_on_reads_a_schedule_on_the_day_asked_about() -> None:
    """Seed (birthday rule) until 2026-03-14, the day-after rule from 2026-03-15. Born
    1961-03-15: on 2026-03-15 (the 65th birthday) the later policy governs → still 64; a year
    before, on 2025-03-15 (64th birthday), the seed governs → 64 already; on 2026-03-16 → 65."""
    later = attrs.evolve(DEFAULT_POLICY, age_reached_on_birthday=False,
                         document=PolicyDocument(id="day-after", title="Day-after notice"),
                         effective_from=dt.date(2026, 3, 15))
    schedule = PolicySchedule([DEFAULT_POLICY, later])
    born = dt.date(1961, 3, 15)
    assert age_on(born, dt.date(2025, 3, 15), schedule) == 64
    assert age_on(born, dt.date(2026, 3, 15), schedule) == 64
    assert age_on(born, dt.date(2026, 3, 16), schedule) == 65


# --- the Gregorian century rule, reached through age_on and term_months (issue 14) -------------
# A year is a leap year when divisible by 4, except a year divisible by 100 unless it is also
# divisible by 400: 1896 and 1996 and 2096 are leap years (÷4, not ÷100); 1900 and 2100 are not
# (÷100, not ÷400); 2000 is (÷400).

@pytest.mark.parametrize(
    ("birth", "on", "age", "age_next_day"),
    [
        # 1900 is common: a 29-Feb birth has its birthday on 28 Feb 1900 (art. 202);
        # 1900 - 1896 = 4 on that day (day-after rule: 4 from 1 March).
        (D(1896, 2, 29), D(1900, 2, 28), 4, 3),
        (D(1896, 2, 29), D(1900, 3, 1), 4, 4),
        # 2000 is a leap year: the birthday is 29 Feb 2000 itself; 2000 - 1996 = 4 on it, 3 on
        # 28 Feb (day-after rule: 4 from 1 March).
        (D(1996, 2, 29), D(2000, 2, 28), 3, 3),
        (D(1996, 2, 29), D(2000, 2, 29), 4, 3),
        (D(1996, 2, 29), D(2000, 3, 1), 4, 4),
        # 2100 is common, like 1900: 2100 - 2096 = 4 on 28 Feb 2100.
        (D(2096, 2, 29), D(2100, 2, 28), 4, 3),
    ],
)
def test_age_of_a_29_february_birth_in_century_years(
    birth: dt.date, on: dt.date, age: int, age_next_day: int
) -> None:
    next_day = attrs.evolve(DEFAULT_POLICY, age_reached_on_birthday=False)
    assert age_on(birth, on) == age
    assert age_on(birth, on, next_day) == age_next_day


@pytest.mark.parametrize(
    ("start", "maturity", "months"),
    [
        # 31 Jan + 1 month is February's last day (art. 202): 28 Feb 1900 (common), so a
        # maturity of 28 Feb 1900 is 1 month and 1 March 1900 is 2.
        (D(1900, 1, 31), D(1900, 2, 28), 1),
        (D(1900, 1, 31), D(1900, 3, 1), 2),
        # 29 Feb 2000 (a leap year): 28 Feb and 29 Feb are within 1 month, 1 March is 2.
        (D(2000, 1, 31), D(2000, 2, 28), 1),
        (D(2000, 1, 31), D(2000, 2, 29), 1),
        (D(2000, 1, 31), D(2000, 3, 1), 2),
        # 28 Feb 2100 (common).
        (D(2100, 1, 31), D(2100, 2, 28), 1),
        (D(2100, 1, 31), D(2100, 3, 1), 2),
        # an ordinary leap year: 30 Jan and 31 Jan 2024 + 1 month are both 29 Feb 2024.
        (D(2024, 1, 30), D(2024, 2, 29), 1),
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        (D(2024, 1, 31), D(2024, 3, 1), 2),
        # 29 Nov 1999 + 3 months: 29 Feb 2000 exists; 1 March 2000 needs a fourth month.
        (D(1999, 11, 29), D(2000, 2, 29), 3),
        (D(1999, 11, 29), D(2000, 3, 1), 4),
    ],
)
def test_term_months_across_february_of_century_and_leap_years(
    start: dt.date, maturity: dt.date, months: int
) -> None:
    assert term_months(start, maturity) == months


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        # the last day Python holds, reached by years: 9998-12-31 + 1 year = 9999-12-31
        (D(9998, 12, 31), 1, D(9999, 12, 31)),
        # 9990-06-01 + 9 years = 9999-06-01 (108 months, within the calendar)
        (D(9990, 6, 1), 9, D(9999, 6, 1)),
        # and the first: 0002-01-01 - 1 year = 0001-01-01
        (D(2, 1, 1), -1, D(1, 1, 1)),
    ],
)
def test_add_years_reaches_the_ends_of_the_calendar(
    start: dt.date, years: int, expected: dt.date
) -> None:
    """A year is 12 months: a result within years 1-9999 is returned, not refused."""
    assert add_years(start, years) == expected


def test_add_years_names_the_field_of_a_bad_start() -> None:
    assert problems(lambda: add_years("2026-01-01", 1, field="loan.start_date")) == [(
        "loan.start_date", "WRONG_TYPE", "must be a datetime.date (got '2026-01-01', a str)",
        "应为日期 datetime.date（实际为 '2026-01-01'（str 类型））")]
    assert problems(lambda: add_years(NOON, 1)) == [(
        "start", "DATETIME_NOT_DATE",
        "must be a date, not a datetime (got datetime.datetime(2026, 3, 1, 12, 0), a datetime); "
        "pass .date() explicitly if the time is irrelevant",
        "应为日期，不能是带时间的日期时间（实际为 datetime.datetime(2026, 3, 1, 12, 0)"
        "（datetime 类型））；如时间无关，请先取 .date()")]


def test_completed_years_counts_the_birthday_rule_by_default() -> None:
    """Like age_on under the default policy (SPEC A "age": the new age is reached on the
    birthday): born 1961-03-15, 2026 - 1961 = 65 on 2026-03-15, 64 the day before."""
    assert completed_years(D(1961, 3, 15), D(2026, 3, 15)) == 65
    assert completed_years(D(1961, 3, 15), D(2026, 3, 14)) == 64
    assert completed_years(D(1961, 3, 15), D(2026, 3, 15), False) == 64
