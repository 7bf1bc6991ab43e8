"""Approval and filing (Art. 17)."""
# STUB — being written
from __future__ import annotations

import datetime as _dt

from poverty_credit.decision import Decision
from poverty_credit.models import Application
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.workdays import WorkingDayCalendar

__all__ = ["check_disbursement", "filing_deadline"]


def filing_deadline(
    loan_date: _dt.date, policy: Policy = DEFAULT_POLICY, calendar: WorkingDayCalendar | None = None
) -> _dt.date:
    raise NotImplementedError


def check_disbursement(
    application: Application, policy: Policy = DEFAULT_POLICY, calendar: WorkingDayCalendar | None = None
) -> Decision:
    raise NotImplementedError
