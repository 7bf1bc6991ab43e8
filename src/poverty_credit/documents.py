"""Subsidy application documents (Art. 28, 29)."""
# STUB — issue 3
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from poverty_credit.decision import Decision
from poverty_credit.models import Document, LegalEntity, NaturalPerson
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["check_documents"]


def check_documents(
    submitted: Iterable[Document | str],
    borrower: NaturalPerson | LegalEntity,
    policy: Policy = DEFAULT_POLICY,
    *,
    on: _dt.date | None = None,
) -> Decision:
    raise NotImplementedError
