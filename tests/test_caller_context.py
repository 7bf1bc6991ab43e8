"""The caller's decimal context is never read nor changed (SPEC part A, "money").

Every result below is first computed under Python's default context, then again inside a hostile
caller context (3 significant digits, rounding down); the two must be identical, and the caller's
context must come back unchanged. The expected values are the hand-worked ones of each rule's own
tests; here only their independence from the caller's context is checked.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import ROUND_DOWN, Decimal
from typing import Any

import attrs

from poverty_credit import (
    DEFAULT_POLICY,
    CompensationClaim,
    Loan,
    NaturalPerson,
    Repayment,
    RiskFund,
    lending_capacity,
    monthly_subsidy,
    share_loss,
    share_recovery,
)


def _scenario() -> dict[str, Any]:
    person = NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    loan = Loan(
        id="L", borrower=person, lender="credit_union", principal="12345.67",
        start_date=dt.date(2016, 1, 1), maturity_date=dt.date(2017, 1, 1), annual_rate="0.0435",
        repayments=[Repayment(on=dt.date(2016, 3, 10), principal="12345.66"),
                    Repayment(on=dt.date(2016, 3, 20), principal="0.01")],
    )
    claim = CompensationClaim(
        loan=attrs.evolve(loan, repayments=()), due_date=dt.date(2017, 1, 1),
        unpaid_principal="12345.67", unpaid_interest="123.45",
        notice_start=dt.date(2017, 4, 1), notice_end=dt.date(2017, 4, 8), approved=True,
    )
    share = share_loss(claim.loss)
    fund = RiskFund.open(on=dt.date(2017, 1, 1))
    fund = fund.accrue_interest("credit_union", dt.date(2017, 1, 1), dt.date(2017, 2, 1))
    fund, payout = fund.pay(share.fund, "credit_union", dt.date(2017, 5, 1), reference="L")
    return {
        "outstanding": loan.outstanding(dt.date(2016, 3, 15)),
        "repaid_on": loan.repaid_in_full_on,
        "loss": claim.loss,
        "fund_total": DEFAULT_POLICY.fund_total,
        "capacity": lending_capacity("credit_union"),
        "subsidy": monthly_subsidy(loan, 2016, 3).amount,
        "share": share,
        "recovery": share_recovery(Decimal("1000.00"), share),
        "payout": payout,
        "balance": fund.balance("credit_union"),
    }


def test_results_do_not_depend_on_the_callers_context() -> None:
    expected = _scenario()
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        assert _scenario() == expected
        assert decimal.getcontext().prec == 3
        assert decimal.getcontext().rounding == ROUND_DOWN
    # a spot check by hand: 12345.67 - 12345.66 = 0.01 outstanding on 2016-03-15
    assert expected["outstanding"] == Decimal("0.01")
    assert expected["fund_total"] == Decimal("20000000.00")  # 15 M + 5 M (Art. 5, 7)
