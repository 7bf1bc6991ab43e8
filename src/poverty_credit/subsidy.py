"""Interest subsidy (Ch. 6, Art. 27)."""
# STUB — issue 3
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from poverty_credit.decision import Reason
from poverty_credit.models import Loan
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["Settlement", "SubsidyStatement", "monthly_subsidy", "settle_month", "subsidy_schedule"]


@attrs.frozen(kw_only=True)
class SubsidyStatement:
    loan_id: str
    year: int
    month: int
    days: int
    principal_days: Decimal
    rate: Decimal
    amount: Decimal
    findings: tuple[Reason, ...] = ()


@attrs.frozen(kw_only=True)
class Settlement:
    year: int
    month: int
    statements: tuple[SubsidyStatement, ...] = ()


def monthly_subsidy(loan: Loan, year: int, month: int, policy: Policy = DEFAULT_POLICY) -> SubsidyStatement:
    raise NotImplementedError


def subsidy_schedule(loan: Loan, policy: Policy = DEFAULT_POLICY) -> tuple[SubsidyStatement, ...]:
    raise NotImplementedError


def settle_month(
    loans: Iterable[Loan], year: int, month: int, policy: Policy = DEFAULT_POLICY
) -> Settlement:
    raise NotImplementedError


_ = _dt
