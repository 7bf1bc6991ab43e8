"""Portfolio checks and metrics (Art. 7, 12, 13)."""
# STUB — issue 4
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from poverty_credit.decision import Decision
from poverty_credit.models import LegalEntity, Loan, NaturalPerson
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["check_portfolio", "portfolio_metrics"]


def check_portfolio(
    loans: Iterable[Loan],
    people: Iterable[NaturalPerson | LegalEntity],
    on: _dt.date,
    policy: Policy = DEFAULT_POLICY,
) -> Decision:
    raise NotImplementedError


def portfolio_metrics(
    loans: Iterable[Loan],
    people: Iterable[NaturalPerson | LegalEntity],
    on: _dt.date,
    policy: Policy = DEFAULT_POLICY,
) -> Any:
    raise NotImplementedError
