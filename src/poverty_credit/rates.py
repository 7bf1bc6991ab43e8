"""Rate tables (PBoC benchmark lending and deposit rates, LPR) and their lookups."""
# STUB — being written
from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from poverty_credit.policy import DEFAULT_POLICY, DepositTier, Policy

__all__ = ["benchmark_rate", "deposit_rate"]


def benchmark_rate(on: _dt.date, term_months: int, policy: Policy = DEFAULT_POLICY) -> Decimal:
    raise NotImplementedError


def deposit_rate(on: _dt.date, tier: DepositTier | str, policy: Policy = DEFAULT_POLICY) -> Decimal:
    raise NotImplementedError
