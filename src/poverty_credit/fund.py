"""The risk-compensation fund's ledger (Art. 4, 5, 7, 14, 23, 26, 32)."""
# STUB — issue 4
from __future__ import annotations

from decimal import Decimal

import attrs

__all__ = ["Payout", "RiskFund"]


@attrs.frozen(kw_only=True)
class Payout:
    from_fund: Decimal
    from_county: Decimal


@attrs.frozen(kw_only=True)
class RiskFund:
    pass
