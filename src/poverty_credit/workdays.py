"""Mainland China's official working-day calendar."""
# STUB — being written
from __future__ import annotations

import datetime as _dt
from typing import Protocol

__all__ = ["OfficialCalendar", "WorkingDayCalendar", "add_working_days"]


class WorkingDayCalendar(Protocol):
    def is_working_day(self, day: _dt.date, /) -> bool: ...


class OfficialCalendar:
    def is_working_day(self, day: _dt.date, /) -> bool:
        raise NotImplementedError


def add_working_days(start: _dt.date, n: int, calendar: WorkingDayCalendar | None = None) -> _dt.date:
    raise NotImplementedError
