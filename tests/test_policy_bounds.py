"""Bounds a Policy refuses on construction.

``max_term_years`` (1-50) and the day counts (``min_days_past_due``, ``min_notice_days``,
``filing_working_days``: up to 36 600) are bounded so a term of 10^6 years never reaches the
rules. A day-count basis is a convention, actual/360 (the Measures, 日利率 = 年利率 / 360) or
actual/365; any other divisor is a typo that silently scales every interest and subsidy (a basis
of 1 multiplies them by 360), so ``day_count_basis`` must be 360 or 365.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from poverty_credit import DEFAULT_POLICY, InvalidInputError


@pytest.mark.parametrize("change", [{"day_count_basis": 1}, {"day_count_basis": 364},
                                    {"day_count_basis": 366}],
                         ids=["basis=1", "basis=364", "basis=366"])
def test_policy_refuses_values_beyond_the_proposed_bounds(change: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as err:
        attrs.evolve(DEFAULT_POLICY, **change)
    assert err.value.field == next(iter(change))
