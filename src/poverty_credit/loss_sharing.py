"""Loss sharing and recovery (Art. 22, 23)."""
# STUB — issue 4
from __future__ import annotations

from decimal import Decimal

import attrs

from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["LossShare", "share_loss", "share_recovery"]


@attrs.frozen(kw_only=True)
class LossShare:
    fund: Decimal
    lender: Decimal
    insurer: Decimal


def share_loss(loss: Decimal, policy: Policy = DEFAULT_POLICY, *, insurer_share: Decimal | None = None) -> LossShare:
    raise NotImplementedError


def share_recovery(amount: Decimal, share: LossShare, *, bad_faith: bool = False) -> LossShare:
    raise NotImplementedError
