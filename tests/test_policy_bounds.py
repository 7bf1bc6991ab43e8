"""Bounds a Policy should refuse on construction (proposed; policy.py belongs to the policy rework).

The rework bounds ``max_term_years`` (1-50), the day counts (``min_days_past_due``,
``min_notice_days``, ``filing_working_days``: up to 36 600) and ``day_count_basis`` (1-366), so a
term of 10^6 years no longer reaches the rules. One bound is still missing: a day-count basis is a
convention, actual/360 (the Measures, 日利率 = 年利率 / 360) or actual/365, and any other divisor is
a typo that silently scales every interest and subsidy (a basis of 1 multiplies them by 360). The
tests are strict xfails: they pass CI now and fail (XPASS) the day the bound lands, to be turned
into plain tests then.

Proposed: ``day_count_basis`` in {360, 365}.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from poverty_credit import DEFAULT_POLICY, InvalidInputError

pytestmark = pytest.mark.xfail(strict=True, reason="policy bounds: pending policy.py rework")


@pytest.mark.parametrize("change", [{"day_count_basis": 1}, {"day_count_basis": 364},
                                    {"day_count_basis": 366}],
                         ids=["basis=1", "basis=364", "basis=366"])
def test_policy_refuses_values_beyond_the_proposed_bounds(change: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as err:
        attrs.evolve(DEFAULT_POLICY, **change)
    assert err.value.field == next(iter(change))
