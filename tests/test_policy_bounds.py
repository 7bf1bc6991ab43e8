"""Bounds a Policy should refuse on construction (proposed; policy.py is being reworked).

Each value below is accepted by ``Policy`` today and then makes the rules fail: a term of 10^6
years runs past 9999-12-31 in ``check_loan_terms`` (now an ``InvalidInputError`` blaming the loan's
``start_date``, where the policy is at fault), 10^7 days past due overflow in ``check_claim``, 10^6
filing working days run out of calendar data in every case, and a day-count basis of 1 multiplies
every subsidy by 360. The tests are strict xfails: they pass CI now and fail (XPASS) the day the
bounds land, to be turned into plain tests then.

Proposed bounds (the Measures' values and the national rules are well inside them):

=====================  ======================  =================================================
field                  proposed                why
=====================  ======================  =================================================
max_term_years         1 ≤ n ≤ 30              3 in the Measures; 30 years is a mortgage's term
min_days_past_due      0 ≤ n ≤ 3650            90 in the Measures; beyond 10 years is no rule
min_notice_days        0 ≤ n ≤ 365             7 in the Measures
filing_working_days    1 ≤ n ≤ 250             15 in the Measures; 250 is a year's working days
day_count_basis        360 or 365              actual/360 (the Measures), actual/365
=====================  ======================  =================================================
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from poverty_credit import DEFAULT_POLICY, InvalidInputError

pytestmark = pytest.mark.xfail(strict=True, reason="policy bounds: pending policy.py rework")


@pytest.mark.parametrize(
    "change",
    [
        {"max_term_years": 10**6},  # the example
        {"max_term_years": 31},
        {"max_term_years": 10**5000},
        {"min_days_past_due": 3651},
        {"min_days_past_due": 10**7},
        {"min_notice_days": 366},
        {"filing_working_days": 251},
        {"filing_working_days": 10**6},
        {"day_count_basis": 1},
        {"day_count_basis": 364},
        {"day_count_basis": 10**5000},
    ],
    ids=lambda change: "-".join(f"{k}={v if v < 10**9 else 'huge'}" for k, v in change.items()),
)
def test_policy_refuses_values_beyond_the_proposed_bounds(change: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as err:
        attrs.evolve(DEFAULT_POLICY, **change)
    assert err.value.field == next(iter(change))
