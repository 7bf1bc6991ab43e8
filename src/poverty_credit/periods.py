"""Legal dates and periods: dates as input, Civil Code art. 201/202 arithmetic, age, loan terms.

* A ``datetime`` where a date is meant is refused: silently truncating one is a classic
  off-by-one-day bug.
* A period counted in days starts on the day after the event (Civil Code art. 201):
  :func:`days_after`.
* A period in months or years ends on the corresponding day of the final month; where that month has
  no such day (29 February, the 31st), on its last day (art. 202): :func:`add_months`,
  :func:`add_years`.
* Age in completed years (周岁) with the 29-February rule: :func:`age_on`.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from poverty_credit._money import describe, describe_zh, safe_repr
from poverty_credit._validate import validate_all
from poverty_credit.errors import InvalidInputError, ProblemCode

if TYPE_CHECKING:
    from poverty_credit.policy import Policy
    from poverty_credit.schedule import PolicySchedule

__all__ = [
    "add_months",
    "add_years",
    "age_on",
    "days_after",
    "parse_date",
    "require_date",
    "term_months",
]


def require_date(value: object, field: str) -> _dt.date:
    """Return ``value`` as a plain :class:`datetime.date`; refuse datetimes and everything else.

    >>> require_date(_dt.date(2026, 2, 28), "on")
    datetime.date(2026, 2, 28)
    >>> require_date(_dt.datetime(2026, 2, 28, 9, 30), "on")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: on: must be a date, not a datetime (got \
datetime.datetime(2026, 2, 28, 9, 30), a datetime); pass .date() explicitly if the time is \
irrelevant
    """
    if isinstance(value, _dt.datetime):
        raise InvalidInputError.single(
            field,
            f"must be a date, not a datetime (got {describe(value)}); "
            "pass .date() explicitly if the time is irrelevant",
            ProblemCode.DATETIME_NOT_DATE,
            f"应为日期，不能是带时间的日期时间（{describe_zh(value)}）；如时间无关，请先取 .date()",
        )
    if not isinstance(value, _dt.date):
        raise InvalidInputError.single(
            field,
            f"must be a datetime.date (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为日期 datetime.date（{describe_zh(value)}）",
        )
    if type(value) is not _dt.date:  # pendulum.Date and other subclasses: keep plain dates inside
        return _dt.date(value.year, value.month, value.day)
    return value


def parse_date(value: object, field: str) -> _dt.date:
    """A date, or an ISO ``YYYY-MM-DD`` string (for files and command lines).

    >>> parse_date("2024-02-29", "birth_date")
    datetime.date(2024, 2, 29)
    """
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise not_a_date(value, field) from None
    return require_date(value, field)


def not_a_date(value: object, field: str) -> InvalidInputError:
    """The error for text that is not a real date written ``YYYY-MM-DD``."""
    return InvalidInputError.single(
        field,
        f"must be a date written YYYY-MM-DD (got {describe(value)})",
        ProblemCode.NOT_A_DATE,
        f"应为 YYYY-MM-DD 格式的有效日期（{describe_zh(value)}）",
    )


#: the unit of a period in both languages: (singular, plural, Chinese)
_UNITS = {"day": ("day", "days", "天"), "month": ("month", "months", "个月"),
          "year": ("year", "years", "年")}


def _beyond_calendar(start: _dt.date, count: int, unit: str, field: str) -> InvalidInputError:
    one, many, zh = _UNITS[unit]
    shown = safe_repr(count)  # a count of thousands of digits is not spelled out
    return InvalidInputError.single(
        field,
        f"{start.isoformat()} + {shown} {one if count in (1, -1) else many} is beyond the "
        f"dates Python can hold ({_dt.date.min.isoformat()} to {_dt.date.max.isoformat()})",
        ProblemCode.DATE_OUT_OF_RANGE,
        f"{start.isoformat()}加{shown}{zh}超出可表示的日期范围"
        f"（{_dt.date.min.isoformat()}至{_dt.date.max.isoformat()}）",
    )


def _months_fit(start: _dt.date, months: int) -> bool:
    return _dt.MINYEAR * 12 <= start.year * 12 + (start.month - 1) + months < (_dt.MAXYEAR + 1) * 12


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError.single(
            field,
            f"must be an int (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为整数（{describe_zh(value)}）",
        )
    return value


def add_months(start: _dt.date, months: int, *, field: str = "start") -> _dt.date:
    """The date ``months`` months after ``start``.

    Civil Code art. 202: the corresponding day of the final month, or that month's last day when
    it has no corresponding day. A result beyond year 9999 (or before year 1) is
    :class:`~poverty_credit.InvalidInputError` (code ``DATE_OUT_OF_RANGE``) naming ``field``.

    >>> add_months(_dt.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(_dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    start = require_date(start, field)
    months = _count(months, "months")
    if not _months_fit(start, months):
        raise _beyond_calendar(start, months, "month", field)
    return _add_months_pendulum(start, months)


def add_years(start: _dt.date, years: int, *, field: str = "start") -> _dt.date:
    """The date ``years`` years after ``start``; 29 February → 28 February in a common year.

    >>> add_years(_dt.date(2024, 2, 29), 3)
    datetime.date(2027, 2, 28)
    >>> add_years(_dt.date(9998, 1, 1), 3, field="loan.start_date")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: loan.start_date: 9998-01-01 + 3 years is beyond \
the dates Python can hold (0001-01-01 to 9999-12-31)
    """
    years = _count(years, "years")
    start = require_date(start, field)
    if not _months_fit(start, 12 * years):
        raise _beyond_calendar(start, years, "year", field)
    return _add_months_pendulum(start, 12 * years)


def days_after(event: _dt.date, days: int, *, field: str = "event") -> _dt.date:
    """The last day of a period of ``days`` days after ``event`` (art. 201: the event's own day is
    not counted, the period starts the next day). A result outside years 1-9999 is
    :class:`~poverty_credit.InvalidInputError` (``DATE_OUT_OF_RANGE``) naming ``field``.

    >>> days_after(_dt.date(2026, 3, 1), 7)
    datetime.date(2026, 3, 8)
    """
    event = require_date(event, field)
    days = _count(days, "days")
    try:
        return event + _dt.timedelta(days=days)
    except OverflowError:
        raise _beyond_calendar(event, days, "day", field) from None


def age_on(
    birth_date: _dt.date, on: _dt.date, policy: Policy | PolicySchedule | None = None
) -> int:
    """Age in completed years (周岁) on ``on``.

    A new age is reached on the birthday; someone born on 29 February reaches it on 28 February in
    common years (art. 202). With ``policy.age_reached_on_birthday = False`` it is reached the day
    after (the reading of some courts). A date before the birth is invalid input. A schedule
    of policies is read on ``on`` (SPEC D7).

    >>> born = _dt.date(1961, 3, 15)
    >>> age_on(born, _dt.date(2026, 3, 14)), age_on(born, _dt.date(2026, 3, 15))
    (64, 65)
    >>> age_on(_dt.date(2008, 2, 29), _dt.date(2026, 2, 28))
    18
    """
    from poverty_credit.policy import DEFAULT_POLICY, Policy
    from poverty_credit.schedule import PolicySchedule

    def policy_or_default() -> Policy | PolicySchedule:
        if policy is None:
            return DEFAULT_POLICY
        if not isinstance(policy, (Policy, PolicySchedule)):
            raise InvalidInputError.single(
                "policy",
                f"must be a Policy, a PolicySchedule or None (got {describe(policy)})",
                ProblemCode.WRONG_TYPE,
                f"应为 Policy、PolicySchedule 或 None（{describe_zh(policy)}）",
            )
        return policy

    birth_date, on, chosen = validate_all(
        lambda: require_date(birth_date, "birth_date"),
        lambda: require_date(on, "on"),
        policy_or_default,
    )
    if isinstance(chosen, PolicySchedule):  # SPEC D2: the policy in force on the day asked about
        chosen = chosen.on(on)
    reached_on_birthday = chosen.age_reached_on_birthday
    if on < birth_date:
        raise InvalidInputError.single(
            "on",
            f"is before the birth date {birth_date.isoformat()} (got {on.isoformat()})",
            ProblemCode.DATE_ORDER,
            f"早于出生日期{birth_date.isoformat()}（实际为{on.isoformat()}）",
        )
    return completed_years(birth_date, on, reached_on_birthday)


def completed_years(birth_date: _dt.date, on: _dt.date, reached_on_birthday: bool = True) -> int:
    """:func:`age_on` of valid plain dates, in integer arithmetic: the birthday of ``on``'s year
    is ``add_years(birth_date, years)`` (29 February → 28 February in a common year, art. 202);
    ``tests/test_periods.py`` proves it equal to the pendulum path on random dates."""
    years = on.year - birth_date.year
    month, day = birth_date.month, birth_date.day
    if month == 2 and day == 29 and not _is_leap(on.year):
        day = 28
    if reached_on_birthday:
        reached = (on.month, on.day) >= (month, day)
    else:
        reached = (on.month, on.day) > (month, day)
    return max(0, years if reached else years - 1)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _add_months_pendulum(start: _dt.date, months: int) -> _dt.date:
    """pendulum's month arithmetic (art. 202): the public :func:`add_months`, and the reference
    the integer :func:`shift_months` of the hot paths is proven equal to."""
    import pendulum  # imported when month arithmetic is first asked for, not with the package

    moved = pendulum.Date(start.year, start.month, start.day).add(months=months)
    return _dt.date(moved.year, moved.month, moved.day)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def shift_months(start: _dt.date, months: int) -> _dt.date:
    """``add_months`` of a valid plain date whose result is within years 1-9999, in integer
    month arithmetic (the corresponding day, else the month's last day: art. 202)."""
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    last = 29 if month0 == 1 and _is_leap(year) else _MONTH_DAYS[month0]
    day = start.day
    return _dt.date(year, month0 + 1, day if day <= last else last)


def term_months(start: _dt.date, maturity: _dt.date) -> int:
    """A loan's term in months: the smallest ``n`` with ``maturity <= start + n months`` (art. 202).

    >>> term_months(_dt.date(2026, 1, 31), _dt.date(2026, 2, 28))
    1
    >>> leap_day = _dt.date(2024, 2, 29)
    >>> term_months(leap_day, _dt.date(2027, 2, 28)), term_months(leap_day, _dt.date(2027, 3, 1))
    (36, 37)
    """
    start = require_date(start, "start")
    maturity = require_date(maturity, "maturity")
    if maturity <= start:
        raise InvalidInputError.single(
            "maturity",
            f"must be after the start {start.isoformat()} (got {maturity.isoformat()})",
            ProblemCode.DATE_ORDER,
            f"应晚于起始日{start.isoformat()}（实际为{maturity.isoformat()}）",
        )
    months = (maturity.year - start.year) * 12 + (maturity.month - start.month)
    # start + months lands in maturity's month, so only "one more" can be needed; start + (months-1)
    # lands in the month before maturity's, hence before it: the result is the smallest such n.
    if shift_months(start, months) < maturity:  # = add_months: maturity's month is in range
        months += 1
    return months
