"""Mainland China's official working-day calendar, and counting working days (Art. 17(3)).

Weekends and public holidays are not working days; weekends the State Council moves to working
days (调休上班) are. The built-in :class:`OfficialCalendar` reads the ``chinesecalendar`` package
(import ``chinese_calendar``), which holds the State Council's schedules year by year. For a year
outside its data it raises :class:`~poverty_credit.CalendarDataMissing`, never a weekend-only
guess; a user can add a newly published year with :meth:`OfficialCalendar.with_schedule`.

Any object with ``is_working_day(day) -> bool`` can stand in for the calendar
(:class:`WorkingDayCalendar`).

>>> import datetime as dt
>>> add_working_days(dt.date(2026, 2, 13), 1)  # Saturday 2026-02-14 is an adjusted working day
datetime.date(2026, 2, 14)
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import attrs

from poverty_credit._money import describe
from poverty_credit._validate import Checker, as_int, instance_of
from poverty_credit.errors import CalendarDataMissing, InvalidInputError, Problem
from poverty_credit.periods import require_date

__all__ = ["OfficialCalendar", "WorkingDayCalendar", "YearSchedule", "add_working_days"]

#: add_working_days gives up after this many consecutive non-working days: no official schedule
#: comes near it (the longest break is 9 or 10 days), so the calendar must be reporting none.
MAX_CONSECUTIVE_DAYS_OFF = 366

_ONE_DAY = _dt.timedelta(days=1)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@runtime_checkable
class WorkingDayCalendar(Protocol):
    """Anything that says whether a date is a working day.

    >>> import datetime as dt
    >>> class WeekdaysOnly:
    ...     def is_working_day(self, day: dt.date, /) -> bool:
    ...         return day.weekday() < 5
    >>> isinstance(WeekdaysOnly(), WorkingDayCalendar)
    True
    """

    def is_working_day(self, day: _dt.date, /) -> bool:
        """Whether ``day`` is a working day."""
        ...


def _is_weekend(day: _dt.date) -> bool:
    return day.weekday() >= 5


def _dates(value: object, field: str) -> frozenset[_dt.date]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError.single(
            field, f"must be a collection of dates (got {describe(value)})"
        )
    problems: list[Problem] = []
    days: set[_dt.date] = set()
    for i, item in enumerate(value):
        try:
            days.add(require_date(item, f"{field}[{i}]"))
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    return frozenset(days)


@attrs.frozen(kw_only=True)
class YearSchedule:
    """One year's State Council holiday schedule (国务院办公厅关于…年部分节假日安排的通知).

    ``holidays`` are the days off (weekdays and weekends alike may be listed); ``workdays`` the
    weekends moved to working days (调休上班). A notice for ``year`` may name days of the
    preceding December (e.g. 2018-12-29, a working Saturday for the 2019 New Year), so dates in
    ``year`` and in December of ``year - 1`` are accepted.

    Raises:
        InvalidInputError: a bad year, a non-date, a date outside the range above, a date listed
            both as holiday and workday, or a weekday listed as an adjusted working day.

    >>> import datetime as dt
    >>> YearSchedule(year=2027, workdays=[dt.date(2027, 1, 1)])
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: workdays: 2027-01-01 is a Friday, a working day \
anyway: list only weekends moved to working days (调休上班)
    """

    year: int
    holidays: frozenset[_dt.date] = attrs.field(default=frozenset())
    workdays: frozenset[_dt.date] = attrs.field(default=frozenset())

    def __attrs_post_init__(self) -> None:
        checker = Checker(self)
        year_ok = checker.field("year", lambda v, f: as_int(v, f, 1901, 9999))
        holidays_ok = checker.field("holidays", _dates)
        workdays_ok = checker.field("workdays", _dates)
        if year_ok:
            first = _dt.date(self.year - 1, 12, 1)
            last = _dt.date(self.year, 12, 31)
            for name, ok in (("holidays", holidays_ok), ("workdays", workdays_ok)):
                days: frozenset[_dt.date] = getattr(self, name) if ok else frozenset()
                for day in sorted(days):
                    if not first <= day <= last:
                        checker.problem(
                            name,
                            f"{day.isoformat()} is outside the {self.year} schedule "
                            f"({first.isoformat()} to {last.isoformat()})",
                        )
        if workdays_ok:
            for day in sorted(self.workdays):
                if not _is_weekend(day):
                    checker.problem(
                        "workdays",
                        f"{day.isoformat()} is a {_WEEKDAY_NAMES[day.weekday()]}, a working day "
                        "anyway: list only weekends moved to working days (调休上班)",
                    )
        if holidays_ok and workdays_ok:
            for day in sorted(self.holidays & self.workdays):
                checker.problem(
                    "workdays", f"{day.isoformat()} is listed both as a holiday and as a workday"
                )
        checker.done()

    def decides(self, day: _dt.date) -> bool | None:
        """Whether the schedule makes ``day`` a working day (``None``: it says nothing of it)."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year == self.year:
            return not _is_weekend(day)
        return None


@functools.cache
def _package_data() -> tuple[int, int, frozenset[_dt.date], frozenset[_dt.date]]:
    """The package's covered years (first, last: the years of its holiday table, as
    ``chinese_calendar`` itself checks them), its adjusted working days and its holidays, read
    once: ``chinese_calendar.is_workday`` recomputes the years on every call (about 64 µs)."""
    # imported on first use: most callers never count working days (import time, issue 11)
    from chinese_calendar import constants as package  # type: ignore[import-untyped]

    years = {day.year for day in package.holidays}
    return (
        min(years),
        max(years),
        frozenset(package.workdays),
        frozenset(package.holidays),
    )


@functools.cache
def _package_working_ordinals() -> tuple[int, ...]:
    """The ordinals of every working day of the package's covered years, in order."""
    first, last, workdays, holidays = _package_data()
    day, end = _dt.date(first, 1, 1), _dt.date(last, 12, 31)
    found: list[int] = []
    while day <= end:
        if day in workdays or (day.weekday() <= 4 and day not in holidays):
            found.append(day.toordinal())
        day += _ONE_DAY
    return tuple(found)


def _package_years() -> tuple[int, int]:
    first, last, _, _ = _package_data()
    return first, last


def _package_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("chinesecalendar")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - vendored copies only
        return "unknown version"


def _describe_years(years: Iterable[int]) -> str:
    """``[2004, ..., 2026, 2028]`` -> ``"2004–2026, 2028"``."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def _schedules(value: object, field: str) -> tuple[YearSchedule, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError.single(
            field, f"must be a collection of YearSchedule (got {describe(value)})"
        )
    parse = instance_of(YearSchedule, "a YearSchedule")
    items = [parse(item, f"{field}[{i}]") for i, item in enumerate(value)]
    by_year: dict[int, YearSchedule] = {}
    for item in items:  # a later schedule for the same year replaces the earlier one
        by_year[item.year] = item
    return tuple(by_year[year] for year in sorted(by_year))


@attrs.frozen(kw_only=True)
class OfficialCalendar:
    """Mainland China's official working days: the ``chinesecalendar`` data plus added years.

    The package holds the State Council schedules of the years :attr:`first_year` to
    :attr:`last_year` (read from its data, 2004–2026 in chinesecalendar 1.11). A date of another
    year raises :class:`~poverty_credit.CalendarDataMissing` naming the date and the covered years.
    The object is immutable; :meth:`with_schedule` returns a new calendar that also covers a year
    whose notice came out before the package caught up (usually around November). An added
    schedule is authoritative for its year and for the December dates it names.

    Note that a date in December of the last covered year can still gain an adjusted working day
    from the next year's notice: 2018-12-29 (a Saturday) was a working day for the 2019 New Year
    holiday. Add the next year's schedule as soon as it is published.

    Adding 2027 (the dates here are an example, not the real 2027 notice):

    >>> import datetime as dt
    >>> calendar = OfficialCalendar()
    >>> calendar.last_year
    2026
    >>> calendar.is_working_day(dt.date(2027, 1, 4))
    Traceback (most recent call last):
    ...
    poverty_credit.errors.CalendarDataMissing: no official working-day schedule for 2027-01-04: \
the calendar covers 2004–2026 (chinesecalendar ...); add the year with \
OfficialCalendar().with_schedule(2027, holidays=[...], workdays=[...])
    >>> calendar_2027 = calendar.with_schedule(
    ...     2027,
    ...     holidays=[dt.date(2027, 1, 1), dt.date(2027, 2, 8), dt.date(2027, 2, 9)],
    ...     workdays=[dt.date(2027, 2, 20)],
    ... )
    >>> calendar_2027.last_year, calendar_2027.is_working_day(dt.date(2027, 1, 4))
    (2027, True)
    >>> calendar_2027.is_working_day(dt.date(2027, 2, 8)), calendar_2027.is_working_day(
    ...     dt.date(2027, 2, 20))
    (False, True)
    """

    #: years added on top of the package data (see :meth:`with_schedule`), by year.
    schedules: tuple[YearSchedule, ...] = attrs.field(default=())

    def __attrs_post_init__(self) -> None:
        checker = Checker(self)
        checker.field("schedules", _schedules)
        checker.done()

    @property
    def covered_years(self) -> frozenset[int]:
        """Every year this calendar has an official schedule for."""
        first, last = _package_years()
        return frozenset(range(first, last + 1)) | {s.year for s in self.schedules}

    @property
    def first_year(self) -> int:
        """The first covered year."""
        return min(self.covered_years)

    @property
    def last_year(self) -> int:
        """The last covered year (a gap before it is possible if years were added out of order)."""
        return max(self.covered_years)

    def with_schedule(
        self,
        year: int,
        *,
        holidays: Iterable[_dt.date] = (),
        workdays: Iterable[_dt.date] = (),
    ) -> OfficialCalendar:
        """A new calendar that also covers ``year`` with the State Council's schedule.

        In ``year``: a date in ``holidays`` is off; a date in ``workdays`` (a weekend moved to a
        working day) is worked; any other weekday is worked and any other weekend is off. An
        earlier schedule added for the same year is replaced.

        Raises:
            InvalidInputError: see :class:`YearSchedule`.

        >>> import datetime as dt
        >>> OfficialCalendar().with_schedule(2027).is_working_day(dt.date(2027, 3, 1))
        True
        """
        schedule = YearSchedule(year=year, holidays=holidays, workdays=workdays)  # type: ignore[arg-type]
        return OfficialCalendar(schedules=(*self.schedules, schedule))

    def is_working_day(self, day: _dt.date, /) -> bool:
        """Whether ``day`` is a working day in mainland China.

        Raises:
            CalendarDataMissing: no official schedule covers ``day``'s year.
            InvalidInputError: ``day`` is not a plain date (a datetime is refused).

        >>> import datetime as dt
        >>> cal = OfficialCalendar()
        >>> cal.is_working_day(dt.date(2026, 2, 14)), cal.is_working_day(dt.date(2026, 2, 16))
        (True, False)
        """
        return self._verdict(require_date(day, "day"))

    def _verdict(self, day: _dt.date) -> bool:
        """:meth:`is_working_day` of a date already checked."""
        # Newest notice first: the schedule of year Y+1 may name a December date of year Y.
        for schedule in reversed(self.schedules):
            verdict = schedule.decides(day)
            if verdict is not None:
                return verdict
        first, last, workdays, holidays = _package_data()
        if first <= day.year <= last:
            # the package's own rule (chinese_calendar.is_workday), on its tables read once
            return day in workdays or (day.weekday() <= 4 and day not in holidays)
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))  # raises: the year is not covered
        except NotImplementedError:
            raise CalendarDataMissing(
                f"no official working-day schedule for {day.isoformat()}: the calendar covers "
                f"{_describe_years(self.covered_years)} (chinesecalendar {_package_version()}); "
                f"add the year with OfficialCalendar().with_schedule({day.year}, "
                "holidays=[...], workdays=[...])"
            ) from None


_DEFAULT_CALENDAR = OfficialCalendar()


def add_working_days(
    start: _dt.date, n: int, calendar: WorkingDayCalendar | None = None
) -> _dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted).

    Used for Art. 17(3)'s "15个工作日内": the period starts on the day after the event (Civil Code
    art. 201) and counts working days only.

    Args:
        start: the day of the event.
        n: how many working days to count, an int ≥ 1.
        calendar: any :class:`WorkingDayCalendar`; ``None`` is the built-in
            :class:`OfficialCalendar`.

    Raises:
        CalendarDataMissing: the count runs into a year the official calendar does not cover.
        InvalidInputError: a bad ``start`` or ``n``; a calendar without ``is_working_day``, one
            that returns something other than a bool, or one that reports no working day in
            more than 366 consecutive days.

    >>> import datetime as dt
    >>> add_working_days(dt.date(2026, 9, 30), 1)  # 10/1-10/7 off (国庆)
    datetime.date(2026, 10, 8)
    """
    start = require_date(start, "start")
    n = as_int(n, "n", 1)
    if calendar is None:
        calendar = _DEFAULT_CALENDAR
    elif isinstance(calendar, type) or not isinstance(calendar, WorkingDayCalendar):
        # a class passed instead of an instance passes the Protocol check but cannot be called
        raise InvalidInputError.single(
            "calendar",
            "must be an object with a method is_working_day(date) -> bool "
            f"(got {describe(calendar)})",
        )
    if isinstance(calendar, OfficialCalendar) and not calendar.schedules:
        # the package's working days are known in advance: the n-th after start by bisection
        ordinals = _package_working_ordinals()
        first = _package_years()[0]
        index = bisect.bisect_right(ordinals, start.toordinal()) + n - 1
        if start.year >= first and index < len(ordinals):
            return _dt.date.fromordinal(ordinals[index])
    day = start
    counted = 0
    days_off = 0
    # the built-in calendar is asked without re-checking the dates it counts itself
    ask = calendar._verdict if isinstance(calendar, OfficialCalendar) else calendar.is_working_day
    while counted < n:
        if day == _dt.date.max:
            raise InvalidInputError.single(
                "n", f"{n} working days after {start.isoformat()} run past {_dt.date.max}"
            )
        day += _ONE_DAY
        verdict = ask(day)
        if not isinstance(verdict, bool):
            raise InvalidInputError.single(
                "calendar",
                f"is_working_day({day.isoformat()}) must return a bool (got {describe(verdict)})",
            )
        if verdict:
            counted += 1
            days_off = 0
        else:
            days_off += 1
            if days_off > MAX_CONSECUTIVE_DAYS_OFF:
                raise InvalidInputError.single(
                    "calendar",
                    f"the calendar reports no working day in the {MAX_CONSECUTIVE_DAYS_OFF + 1} "
                    f"days up to {day.isoformat()}: it must report some working days",
                )
    return day
