"""Compensation claims (Art. 19-25, 32)."""
# STUB — issue 4
from __future__ import annotations

import datetime as _dt

from poverty_credit.decision import Decision
from poverty_credit.models import CompensationClaim
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["check_claim", "days_past_due"]


def days_past_due(due_date: _dt.date, on: _dt.date) -> int:
    raise NotImplementedError


def check_claim(claim: CompensationClaim, on: _dt.date, policy: Policy = DEFAULT_POLICY) -> Decision:
    raise NotImplementedError
