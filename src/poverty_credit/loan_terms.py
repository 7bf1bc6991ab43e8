"""Loan terms, the "5321" policy (Art. 10, 11, 13)."""
# STUB — being written
from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from poverty_credit.decision import Decision
from poverty_credit.models import LegalEntity, Loan
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["check_loan_terms", "entity_credit_limit", "lending_capacity", "poverty_relending_rate"]


def entity_credit_limit(entity: LegalEntity, on: _dt.date, policy: Policy = DEFAULT_POLICY) -> Decimal:
    raise NotImplementedError


def lending_capacity(lender: str, policy: Policy = DEFAULT_POLICY) -> Decimal:
    raise NotImplementedError


def poverty_relending_rate(normal_rate: Decimal, policy: Policy = DEFAULT_POLICY) -> Decimal:
    raise NotImplementedError


def check_loan_terms(loan: Loan, policy: Policy = DEFAULT_POLICY) -> Decision:
    raise NotImplementedError
