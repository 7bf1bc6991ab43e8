"""Borrower eligibility (Art. 9, 10)."""
# STUB — being written
from __future__ import annotations

import datetime as _dt

from poverty_credit.decision import Decision
from poverty_credit.models import LegalEntity, NaturalPerson
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["check_eligibility", "counted_households"]


def counted_households(entity: LegalEntity, on: _dt.date) -> tuple[NaturalPerson, ...]:
    raise NotImplementedError


def check_eligibility(
    borrower: NaturalPerson | LegalEntity, on: _dt.date, policy: Policy = DEFAULT_POLICY
) -> Decision:
    raise NotImplementedError
