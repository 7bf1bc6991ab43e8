"""Working-day calendar: expected days counted by hand from the official 2026 schedule.

国务院办公厅关于2026年部分节假日安排的通知 (domain-facts.md §6.3): 元旦 1/1–1/3 off, 1/4 (Sun)
worked; 春节 2/15–2/23 off, 2/14 (Sat) and 2/28 (Sat) worked; 清明 4/4–4/6; 劳动节 5/1–5/5 off,
5/9 (Sat) worked; 端午 6/19–6/21; 中秋 9/25–9/27; 国庆 10/1–10/7 off, 9/20 (Sun) and 10/10 (Sat)
worked.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinned import problems
from poverty_credit import CalendarDataMissing, InvalidInputError
from poverty_credit.workdays import (
    MAX_CONSECUTIVE_DAYS_OFF,
    OfficialCalendar,
    WorkingDayCalendar,
    YearSchedule,
    add_working_days,
)

D = dt.date
CAL = OfficialCalendar()


class WeekdaysOnly:
    """A user calendar: Monday to Friday, no holidays."""

    def is_working_day(self, day: dt.date, /) -> bool:
        return day.weekday() < 5


# --- is_working_day -----------------------------------------------------------------------------

DAY_CASES = [
    (D(2026, 2, 14), True, "Saturday moved to a working day for 春节"),
    (D(2026, 2, 28), True, "Saturday moved to a working day for 春节"),
    (D(2026, 2, 15), False, "Sunday, first day of the 春节 break"),
    (D(2026, 2, 16), False, "Monday inside 2/15–2/23"),
    (D(2026, 2, 23), False, "Monday, last day of the break"),
    (D(2026, 2, 24), True, "Tuesday after the break"),
    (D(2026, 3, 1), False, "ordinary Sunday"),
    (D(2026, 1, 4), True, "Sunday worked for 元旦"),
    (D(2026, 5, 9), True, "Saturday worked for 劳动节"),
    (D(2026, 5, 5), False, "Tuesday inside 5/1–5/5"),
    (D(2026, 9, 20), True, "Sunday worked for 国庆"),
    (D(2026, 10, 10), True, "Saturday worked for 国庆"),
    (D(2026, 10, 7), False, "Wednesday inside 10/1–10/7"),
    (D(2026, 10, 8), True, "Thursday after 国庆"),
    (
        D(2018, 12, 29),
        True,
        "Saturday worked for the 2019 New Year (a December date of the year before)",
    ),
    (D(2004, 1, 1), False, "first covered year: 元旦"),
]


@pytest.mark.parametrize(("day", "expected", "why"), DAY_CASES)
def test_official_days(day: dt.date, expected: bool, why: str) -> None:
    assert CAL.is_working_day(day) is expected, why


def test_covered_years_come_from_the_package() -> None:
    """chinesecalendar 1.11 holds 2004–2026; the first/last years are read from its data."""
    assert CAL.first_year == 2004
    assert CAL.last_year >= 2026
    assert set(range(2004, 2027)) <= CAL.covered_years


@pytest.mark.parametrize("day", [D(2027, 3, 3), D(2003, 3, 3), D(2027, 1, 2)])
def test_outside_the_data_raises_not_guesses(day: dt.date) -> None:
    """2027-03-03 is a Wednesday, but without the 2027 notice it could be a holiday: no guess."""
    if CAL.first_year <= day.year <= CAL.last_year:  # pragma: no cover - a newer package
        pytest.skip("the installed chinesecalendar already covers this year")
    with pytest.raises(CalendarDataMissing) as info:
        CAL.is_working_day(day)
    message = str(info.value)
    assert day.isoformat() in message
    assert "2004–2026" in message
    assert f"with_schedule({day.year}" in message


# --- add_working_days, by hand ------------------------------------------------------------------

COUNT_CASES = [
    (
        D(2026, 2, 10),
        15,
        D(2026, 3, 9),
        "2/11 W(1) 2/12 Th(2) 2/13 F(3) 2/14 Sat worked(4); 2/15–2/23 off; 2/24(5) 2/25(6) "
        "2/26(7) 2/27(8) 2/28 Sat worked(9); 3/1 Sun off; 3/2(10) 3/3(11) 3/4(12) 3/5(13) "
        "3/6(14); 3/7–3/8 weekend; 3/9 Mon(15)",
    ),
    (
        D(2026, 2, 13),
        1,
        D(2026, 2, 14),
        "the next day, Saturday 2/14, is an adjusted working day",
    ),
    (
        D(2026, 2, 14),
        1,
        D(2026, 2, 24),
        "2/15–2/23 all off; 2/24 Tue is the first working day",
    ),
    (
        D(2026, 9, 15),
        15,
        D(2026, 10, 12),
        "9/16(1) 9/17(2) 9/18(3); 9/19 Sat off; 9/20 Sun worked(4); 9/21(5) 9/22(6) 9/23(7) "
        "9/24(8); 9/25–9/27 中秋 off; 9/28(9) 9/29(10) 9/30(11); 10/1–10/7 off; 10/8(12) "
        "10/9(13) 10/10 Sat worked(14); 10/11 Sun off; 10/12 Mon(15)",
    ),
    (
        D(2026, 9, 30),
        15,
        D(2026, 10, 27),
        "10/1–10/7 off; 10/8 Th(1) 10/9 F(2) 10/10 Sat worked(3); 10/11 Sun off; "
        "10/12–10/16 (4–8); 10/17–10/18 weekend; 10/19–10/23 (9–13); 10/24–10/25 weekend; "
        "10/26(14) 10/27(15)",
    ),
]


@pytest.mark.parametrize(("start", "n", "expected", "count"), COUNT_CASES)
def test_add_working_days_by_hand(start: dt.date, n: int, expected: dt.date, count: str) -> None:
    assert add_working_days(start, n) == expected, count


def test_start_day_is_not_counted() -> None:
    """Civil Code art. 201: counting starts the day after. Mon 2026-03-02 + 1 = Tue 03-03."""
    assert add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)


def test_a_non_working_start_is_fine() -> None:
    """Start on Sunday 2026-03-01: the first working day after it is Monday 03-02."""
    assert add_working_days(D(2026, 3, 1), 1) == D(2026, 3, 2)


def test_running_into_an_uncovered_year_raises() -> None:
    """From Mon 2026-12-21, 15 working days: 12/22–12/25 (1–4), 12/28–12/31 (5–8), then 2027-01-01
    is reached before the count ends, and 2027 is not in the package data."""
    if CAL.last_year >= 2027:  # pragma: no cover - a newer package
        pytest.skip("the installed chinesecalendar already covers 2027")
    with pytest.raises(CalendarDataMissing, match="2027-01-01"):
        add_working_days(D(2026, 12, 21), 15)
    # The count within 2026 still works: 12/21 + 8 = 12/31 (12/22–25 = 1–4, 12/28–31 = 5–8).
    assert add_working_days(D(2026, 12, 21), 8) == D(2026, 12, 31)


# Example schedule for 2027 (made up for the test, not the real notice): New Year 1/1–1/3 off,
# Spring Festival 2/6–2/14 off with Saturday 2/20 worked.
EXAMPLE_2027_OFF = [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)] + [
    D(2027, 2, day) for day in range(6, 15)
]
EXAMPLE_2027_WORKED = [D(2027, 2, 20)]


def test_with_schedule_covers_the_new_year() -> None:
    """Same start, with 2027 added: 12/22–12/25 (1–4), 12/28–12/31 (5–8), 2027-01-01 Fri off,
    1/2–1/3 weekend, 1/4–1/8 (9–13), 1/11 (14), 1/12 (15)."""
    cal = CAL.with_schedule(2027, holidays=EXAMPLE_2027_OFF, workdays=EXAMPLE_2027_WORKED)
    assert add_working_days(D(2026, 12, 21), 15, cal) == D(2027, 1, 12)
    assert cal.last_year == 2027
    assert 2027 in cal.covered_years
    assert CAL.last_year == 2026  # the original calendar is unchanged (immutable)


def test_with_schedule_rules() -> None:
    """In an added year: listed holidays off, listed worked weekends on, other days by weekday."""
    cal = CAL.with_schedule(2027, holidays=EXAMPLE_2027_OFF, workdays=EXAMPLE_2027_WORKED)
    assert cal.is_working_day(D(2027, 2, 8)) is False  # Monday in the break
    assert cal.is_working_day(D(2027, 2, 20)) is True  # Saturday worked
    assert cal.is_working_day(D(2027, 2, 21)) is False  # ordinary Sunday
    assert cal.is_working_day(D(2027, 2, 15)) is True  # ordinary Monday
    assert cal.is_working_day(D(2026, 2, 14)) is True  # package years still answered by the package
    with pytest.raises(CalendarDataMissing, match="2004–2027"):
        cal.is_working_day(D(2028, 1, 3))


def test_next_notice_can_move_a_december_day() -> None:
    """A 2027 notice that works Saturday 2026-12-26 overrides the package's ordinary weekend."""
    assert CAL.is_working_day(D(2026, 12, 26)) is False
    cal = CAL.with_schedule(2027, workdays=[D(2026, 12, 26)])
    assert cal.is_working_day(D(2026, 12, 26)) is True
    assert cal.is_working_day(D(2026, 12, 27)) is False  # the Sunday is untouched


def test_a_later_schedule_replaces_an_earlier_one_for_the_same_year() -> None:
    first = CAL.with_schedule(2027, holidays=[D(2027, 3, 1)])
    second = first.with_schedule(2027)
    assert first.is_working_day(D(2027, 3, 1)) is False
    assert second.is_working_day(D(2027, 3, 1)) is True
    assert len(second.schedules) == 1


def test_gaps_are_described() -> None:
    """Adding 2029 without 2027/2028 leaves a gap; the message lists both spans."""
    cal = CAL.with_schedule(2029)
    assert cal.last_year == 2029
    with pytest.raises(CalendarDataMissing, match="2004–2026, 2029"):
        cal.is_working_day(D(2027, 6, 1))


def test_calendar_is_frozen_and_hashable() -> None:
    import attrs

    cal = CAL.with_schedule(2027, holidays=EXAMPLE_2027_OFF)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        cal.schedules = ()  # type: ignore[misc]
    assert hash(cal) == hash(CAL.with_schedule(2027, holidays=reversed(EXAMPLE_2027_OFF)))
    assert cal == CAL.with_schedule(2027, holidays=set(EXAMPLE_2027_OFF))


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"year": 2027.0}, "year", "int"),
        ({"year": 1800}, "year", "between"),
        ({"year": 2027, "holidays": "2027-01-01"}, "holidays", "collection of dates"),
        ({"year": 2027, "holidays": [dt.datetime(2027, 1, 1, 8)]}, "holidays[0]", "datetime"),
        ({"year": 2027, "holidays": [D(2026, 11, 30)]}, "holidays", "outside the 2027 schedule"),
        ({"year": 2027, "workdays": [D(2028, 1, 1)]}, "workdays", "outside the 2027 schedule"),
        ({"year": 2027, "workdays": [D(2027, 1, 4)]}, "workdays", "Monday"),
        (
            {"year": 2027, "holidays": [D(2027, 2, 20)], "workdays": [D(2027, 2, 20)]},
            "workdays",
            "both as a holiday and as a workday",
        ),
    ],
)
def test_bad_schedules(kwargs: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        YearSchedule(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert fragment in str(info.value)


def test_bad_schedule_collects_every_problem() -> None:
    """A bad holiday and a weekday in workdays are both reported in one error."""
    with pytest.raises(InvalidInputError) as info:
        CAL.with_schedule(2027, holidays=["2027-01-01"], workdays=[D(2027, 1, 4)])  # type: ignore[list-item]
    assert [p.field for p in info.value.problems] == ["holidays[0]", "workdays"]


@pytest.mark.parametrize("schedules", ["x", [2027], (YearSchedule(year=2027), None)])
def test_bad_calendar_construction(schedules: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        OfficialCalendar(schedules=schedules)  # type: ignore[arg-type]
    assert (info.value.field or "").startswith("schedules")


# --- user calendars -----------------------------------------------------------------------------


def test_custom_calendar_weekdays_only() -> None:
    """Weekdays only, holidays ignored: Tue 2026-02-10 + 15 = 2/11–2/13 (1–3), 2/16–2/20 (4–8),
    2/23–2/27 (9–13), 3/2 (14), 3/3 (15)."""
    assert isinstance(WeekdaysOnly(), WorkingDayCalendar)
    assert add_working_days(D(2026, 2, 10), 15, WeekdaysOnly()) == D(2026, 3, 3)
    # beyond the package data a user calendar is the user's responsibility: no error
    assert add_working_days(D(2030, 1, 1), 1, WeekdaysOnly()) == D(2030, 1, 2)


class NeverWorks:
    def is_working_day(self, day: dt.date, /) -> bool:
        return False


class ReturnsInt:
    def is_working_day(self, day: dt.date, /) -> int:
        return 1


def test_calendar_reporting_no_working_day() -> None:
    with pytest.raises(InvalidInputError, match="no working day") as info:
        add_working_days(D(2026, 1, 1), 1, NeverWorks())
    assert info.value.field == "calendar"
    assert MAX_CONSECUTIVE_DAYS_OFF == 366


def test_calendar_returning_a_non_bool() -> None:
    with pytest.raises(InvalidInputError, match=r"must return a bool \(got 1, an int\)"):
        add_working_days(D(2026, 1, 1), 1, ReturnsInt())  # type: ignore[arg-type]


@pytest.mark.parametrize("calendar", [object(), "official", 42, WeekdaysOnly])
def test_not_a_calendar(calendar: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        add_working_days(D(2026, 1, 1), 1, calendar)  # type: ignore[arg-type]
    assert info.value.field == "calendar"


def test_running_past_the_last_date() -> None:
    with pytest.raises(InvalidInputError, match="9999-12-31"):
        add_working_days(D(9999, 12, 30), 2, WeekdaysOnly())


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", [dt.datetime(2026, 2, 10, 9, 0), "2026-02-10", None, 20260210])
def test_bad_start(start: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        add_working_days(start, 15)  # type: ignore[arg-type]
    assert info.value.field == "start"


@pytest.mark.parametrize("n", [0, -3, True, 1.0, "15", None])
def test_bad_n(n: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        add_working_days(D(2026, 2, 10), n)  # type: ignore[arg-type]
    assert info.value.field == "n"


def test_datetime_day_refused() -> None:
    with pytest.raises(InvalidInputError, match="not a datetime"):
        CAL.is_working_day(dt.datetime(2026, 2, 14, 9, 0))


# --- properties ---------------------------------------------------------------------------------

covered_starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 9, 30))
counts = st.integers(min_value=1, max_value=40)


@given(start=covered_starts, n=counts)
def test_result_is_a_working_day_after_start(start: dt.date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert CAL.is_working_day(result)


@given(start=covered_starts, n=counts)
def test_strictly_increasing_in_n(start: dt.date, n: int) -> None:
    """The (n+1)-th working day is the first working day after the n-th one."""
    nth = add_working_days(start, n)
    following = add_working_days(start, n + 1)
    assert following > nth
    assert following == add_working_days(nth, 1)


@given(start=covered_starts, n=counts)
def test_exactly_n_working_days_in_between(start: dt.date, n: int) -> None:
    result = add_working_days(start, n)
    span = [start + dt.timedelta(days=i) for i in range(1, (result - start).days + 1)]
    assert sum(CAL.is_working_day(day) for day in span) == n


@given(start=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)), n=counts)
def test_weekdays_only_matches_arithmetic(start: dt.date, n: int) -> None:
    """With weekdays only, every 5 working days are 7 calendar days from a working day."""
    anchor = add_working_days(start, 1, WeekdaysOnly())
    assert add_working_days(anchor, 5 * n, WeekdaysOnly()) == anchor + dt.timedelta(days=7 * n)


@given(
    junk=st.one_of(st.none(), st.text(), st.floats(), st.booleans(), st.datetimes(), st.integers())
)
def test_junk_raises_only_invalid_input(junk: object) -> None:
    for call in (
        lambda: add_working_days(junk, 1),  # type: ignore[arg-type]
        lambda: CAL.is_working_day(junk),  # type: ignore[arg-type]
        lambda: add_working_days(D(2026, 2, 10), junk if not isinstance(junk, int) else -1),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidInputError):
            call()


class _AskingEachDay:
    """The built-in calendar seen through the protocol only: add_working_days must walk it day by
    day, the reference for the bisection fast path on the package's own data."""

    def __init__(self) -> None:
        self.calendar = OfficialCalendar()

    def is_working_day(self, day: dt.date, /) -> bool:
        return self.calendar.is_working_day(day)


@given(
    start=st.dates(min_value=dt.date(2003, 12, 1), max_value=dt.date(2026, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_the_fast_path_counts_like_the_day_by_day_walk(start: dt.date, n: int) -> None:
    def outcome(calendar: object) -> object:
        try:
            return add_working_days(start, n, calendar)  # type: ignore[arg-type]
        except CalendarDataMissing:
            return "missing"

    assert outcome(None) == outcome(_AskingEachDay())


# --- boundaries and messages pinned (issue 14: mutants surviving here) ------------------------


class OffUntil:
    """A user calendar with no working day before ``first`` and every day a working day from it
    (and from ``again`` on, when given, after a second run of days off starting at ``pause``)."""

    def __init__(self, first: dt.date, pause: dt.date | None = None,
                 again: dt.date | None = None) -> None:
        self.first, self.pause, self.again = first, pause, again

    def is_working_day(self, day: dt.date, /) -> bool:
        if self.pause is not None and self.again is not None and self.pause <= day < self.again:
            return False
        return day >= self.first


def test_exactly_the_limit_of_days_off_is_accepted() -> None:
    """Start 2026-01-01; MAX_CONSECUTIVE_DAYS_OFF = 366 days off (2026-01-02 … 2027-01-02, since
    2026 has 365 days: 2026-01-02 + 365 days = 2027-01-02) and the next day, 2027-01-03, is the
    first working day. One more day off (first working day 2027-01-04) is refused."""
    assert MAX_CONSECUTIVE_DAYS_OFF == 366
    start = D(2026, 1, 1)
    assert add_working_days(start, 1, OffUntil(D(2027, 1, 3))) == D(2027, 1, 3)
    assert problems(lambda: add_working_days(start, 1, OffUntil(D(2027, 1, 4)))) == [(
        "calendar", "INVALID_VALUE",
        "the calendar reports no working day in the 367 days up to 2027-01-03: it must report "
        "some working days",
        "取值无效：the calendar reports no working day in the 367 days up to 2027-01-03: it must "
        "report some working days")]


def test_the_days_off_count_restarts_after_a_working_day() -> None:
    """Working from 2027-01-03 (after 366 days off), then 366 more days off from 2027-01-04 to
    2028-01-04 (2027 has 365 days: 2027-01-04 + 365 = 2028-01-04), working again 2028-01-05:
    the second working day after 2026-01-01 is 2028-01-05."""
    cal = OffUntil(D(2027, 1, 3), pause=D(2027, 1, 4), again=D(2028, 1, 5))
    assert add_working_days(D(2026, 1, 1), 2, cal) == D(2028, 1, 5)


def test_counting_past_the_package_years_needs_a_schedule() -> None:
    """2026-12-31 (a Thursday) is the package's last working day; the next is in 2027, which it
    does not cover: CalendarDataMissing, not an index error of the fast path."""
    with pytest.raises(CalendarDataMissing) as info:
        add_working_days(D(2026, 12, 31), 1)
    version = importlib.metadata.version("chinesecalendar")
    assert str(info.value) == (
        "no official working-day schedule for 2027-01-01: the calendar covers 2004–2026 "
        f"(chinesecalendar {version}); add the year with "
        "OfficialCalendar().with_schedule(2027, holidays=[...], workdays=[...])")


def test_a_lone_year_is_named_once() -> None:
    with pytest.raises(CalendarDataMissing) as info:
        CAL.with_schedule(2029).is_working_day(D(2027, 1, 4))
    assert "the calendar covers 2004–2026, 2029 (chinesecalendar" in str(info.value)


def test_missing_package_metadata_says_unknown_version(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    with pytest.raises(CalendarDataMissing, match=r"\(chinesecalendar unknown version\)"):
        CAL.is_working_day(D(2027, 1, 4))


def test_schedule_year_bounds_and_window() -> None:
    """Years 1901–9999; a 2027 notice may name 2026-12-01 … 2027-12-31, nothing outside."""
    assert (YearSchedule(year=1901).year, YearSchedule(year=9999).year) == (1901, 9999)
    edges = YearSchedule(year=2027, holidays=[D(2026, 12, 1), D(2027, 12, 31)])
    assert edges.holidays == {D(2026, 12, 1), D(2027, 12, 31)}
    assert problems(lambda: YearSchedule(year=1900)) == [
        ("year", "OUT_OF_RANGE", "must be between 1901 and 9999 (got 1900)",
         "应在 1901 到 9999 之间（实际为 1900）")]
    assert problems(lambda: YearSchedule(year=10000))[0][2] == (
        "must be between 1901 and 9999 (got 10000)")
    assert [p[2] for p in problems(lambda: YearSchedule(
        year=2027, holidays=[D(2026, 11, 30), D(2028, 1, 1)]))] == [
        "2026-11-30 is outside the 2027 schedule (2026-12-01 to 2027-12-31)",
        "2028-01-01 is outside the 2027 schedule (2026-12-01 to 2027-12-31)"]


WORKDAY_ERRORS = [
    (lambda: add_working_days(D(2026, 1, 1), 1, WeekdaysOnly), "calendar",
     "must be an object with a method is_working_day(date) -> bool (got <class "
     "'test_workdays.WeekdaysOnly'>, a type)"),
    (lambda: add_working_days(D.max - dt.timedelta(days=1), 2, WeekdaysOnly()), "n",
     "2 working days after 9999-12-30 run past 9999-12-31"),
    (lambda: CAL.is_working_day("2026-01-01"), "day",
     "must be a datetime.date (got '2026-01-01', a str)"),
    (lambda: OfficialCalendar(schedules="x"), "schedules",
     "must be a collection of YearSchedule (got 'x', a str)"),
    (lambda: OfficialCalendar(schedules=[1]), "schedules[0]",
     "must be a YearSchedule (got 1, an int)"),
    (lambda: OfficialCalendar(schedules=7), "schedules",
     "must be a collection of YearSchedule (got 7, an int)"),
    (lambda: YearSchedule(year=2027, holidays="x"), "holidays",
     "must be a collection of dates (got 'x', a str)"),
    (lambda: YearSchedule(year=2027, workdays="x"), "workdays",
     "must be a collection of dates (got 'x', a str)"),
    (lambda: YearSchedule(year=2027, workdays=[D(2027, 1, 1)]), "workdays",
     "2027-01-01 is a Friday, a working day anyway: list only weekends moved to working days "
     "(调休上班)"),
]


@pytest.mark.parametrize(("call", "field", "message"), WORKDAY_ERRORS)
def test_errors_name_the_field_and_the_value(call: Any, field: str, message: str) -> None:
    ((got_field, _code, got, _zh),) = problems(call)
    assert (got_field, got) == (field, message)


def test_a_user_calendar_answer_must_be_a_bool() -> None:
    class Numeric:
        def is_working_day(self, day: dt.date, /) -> object:
            return 1

    assert problems(lambda: add_working_days(D(2026, 1, 1), 1, Numeric()))[0][:3] == (
        "calendar", "INVALID_VALUE",
        "is_working_day(2026-01-02) must return a bool (got 1, an int)")
