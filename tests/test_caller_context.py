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
import pytest

from poverty_credit import (
    DEFAULT_POLICY,
    CompensationClaim,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossShare,
    NaturalPerson,
    Repayment,
    RiskFund,
    benchmark_quote,
    benchmark_rate,
    check_claim,
    check_loan_terms,
    check_portfolio,
    deposit_quote,
    deposit_rate,
    entity_credit_limit,
    from_dict,
    lending_capacity,
    monthly_subsidy,
    portfolio_metrics,
    poverty_relending_rate,
    settle_month,
    share_loss,
    share_recovery,
    subsidy_schedule,
    to_dict,
    to_records,
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


# -- the sweep: every public function that returns money, under several hostile contexts ---------

_ALL_SIGNALS = [decimal.Clamped, decimal.DivisionByZero, decimal.FloatOperation, decimal.Inexact,
                decimal.InvalidOperation, decimal.Overflow, decimal.Rounded, decimal.Subnormal,
                decimal.Underflow]
HOSTILE = {
    # three digits, rounding down: 187 290.00 would read 1.87E+5, and sums lose fen
    "prec3-down": decimal.Context(prec=3, rounding=ROUND_DOWN),
    # the caller wants to hear about any rounding: library arithmetic must never trip it
    "trap-inexact-rounded": decimal.Context(traps=[decimal.Inexact, decimal.Rounded]),
    # both at once, and every other signal trapped too
    "prec3-trap-all": decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR, traps=_ALL_SIGNALS),
    # tiny exponent range: 20 000 000 (adjusted exponent 7) overflows, 0.0035 is subnormal
    "emax-small": decimal.Context(Emax=4, Emin=-2, capitals=0, clamp=1, traps=_ALL_SIGNALS),
}


def _settings(ctx: decimal.Context) -> tuple[object, ...]:
    return (ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax, ctx.capitals, ctx.clamp,
            tuple(sorted((k.__name__, v) for k, v in ctx.traps.items())))


def _sweep() -> dict[str, Any]:
    """Every public function that returns money (or a decision quoting money), one call each."""
    person = NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True,
                           star_rating=5)
    loan = Loan(id="A", borrower=person, lender="credit_union", principal="50000",
                start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
                annual_rate="0.0435")
    many = [attrs.evolve(loan, id=f"A-{i}") for i in range(1000)]
    coop = LegalEntity(id="E", name="coop", kind=EntityKind.COOPERATIVE, agreements=[
        DrivingAgreement(household=person, signed_on=dt.date(2016, 1, 1))])
    entity_loan = Loan(id="E-1", borrower=coop, lender="postal_savings", principal="50000",
                       start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
                       annual_rate="0.0435")
    claim = CompensationClaim(
        loan=loan, due_date=dt.date(2017, 3, 1), unpaid_principal="33333.33",
        unpaid_interest="123.45", notice_start=dt.date(2017, 7, 1),
        notice_end=dt.date(2017, 7, 8), approved=True, cause="death",
    )
    share = share_loss(claim.loss)
    insured = share_loss(claim.loss, insurer_share="0.85")
    fund = RiskFund.open(on=dt.date(2017, 1, 1))
    fund = fund.accrue_interest("credit_union", dt.date(2017, 1, 1), dt.date(2017, 4, 1))
    fund = fund.accrue_interest("postal_savings", dt.date(2017, 1, 1), dt.date(2017, 4, 1),
                                rate="0.0137")
    fund, payout = fund.pay(share.fund, "credit_union", dt.date(2017, 8, 1), reference="A")
    fund, big = fund.pay("5123456.78", "postal_savings", dt.date(2017, 8, 2), reference="B")
    fund, rec1 = fund.recover("1234.56", "credit_union", dt.date(2017, 9, 1), reference="A",
                              share=share)
    fund, rec2 = fund.recover("777.77", "credit_union", dt.date(2017, 9, 2), reference="A",
                              share=share, bad_faith=True)
    fund, rec3 = fund.recover("333.33", "postal_savings", dt.date(2017, 9, 3), reference="B")
    fund = fund.claw_back("4000000.01", "postal_savings", dt.date(2018, 1, 2), reference="B")
    fund = fund.contribute("250.43", "credit_union", dt.date(2018, 3, 1), source="interest")
    settlement = settle_month(many, 2016, 3)
    return {
        "settle_month.total": settlement.total,
        "settle_month.totals": dict(settlement.totals),
        "settle_month.repr": repr(settlement),
        "monthly_subsidy": monthly_subsidy(entity_loan, 2016, 3),
        "subsidy_schedule": subsidy_schedule(loan),
        "share_loss": share,
        "share_loss.insured": insured,
        "share_loss.total": share.total,
        "share_recovery": share_recovery("1000.01", share),
        "share_recovery.insured": share_recovery("999.99", insured),
        "share_recovery.bad_faith": share_recovery("25000", share, bad_faith=True),
        "claim.loss": claim.loss,
        "check_claim": check_claim(claim, dt.date(2017, 7, 9)),
        "check_loan_terms": check_loan_terms(entity_loan),
        "entity_credit_limit": entity_credit_limit(coop, dt.date(2016, 3, 1)),
        "lending_capacity": lending_capacity("credit_union"),
        "poverty_relending_rate": poverty_relending_rate(Decimal("0.0275")),
        "poverty_relending_rate.floor": poverty_relending_rate(Decimal("0.0033")),
        "benchmark_rate": benchmark_rate(dt.date(2016, 3, 1), 12),
        "benchmark_quote": benchmark_quote(dt.date(2016, 3, 1), 36),
        "deposit_rate": deposit_rate(dt.date(2017, 1, 1), "demand"),
        "deposit_quote": deposit_quote(dt.date(2017, 1, 1), "1y"),
        "fund_total": DEFAULT_POLICY.fund_total,
        "outstanding": loan.outstanding(dt.date(2016, 3, 15)),
        "payouts": (payout, big, payout.total, big.total),
        "recoveries": (rec1, rec2, rec3),
        "balances": (fund.balance("credit_union"), fund.balance("postal_savings")),
        "replay": (dict(fund.replay()), dict(fund.replay(dt.date(2017, 8, 1)))),
        "statements": tuple(fund.statement(y, lender) for y in (2016, 2017, 2018, 2019)
                            for lender in (None, "credit_union", "postal_savings")),
        "flows_closing": fund.statement(2017).flows_closing,
        "reference_status": (fund.reference_status("credit_union", "A"),
                             fund.reference_status("postal_savings", "B")),
        "events": fund.events,
        "deltas": tuple(e.delta for e in fund.events),
        "fund.round_trip": from_dict(to_dict(fund), RiskFund),
        "records": to_records(fund.events),
        "check_portfolio": check_portfolio([loan, entity_loan], [person, coop],
                                           dt.date(2016, 6, 1)),
        "portfolio_metrics": portfolio_metrics([loan, entity_loan], [person, coop],
                                               dt.date(2016, 6, 1)),
        "share.from_dict": from_dict({"fund": "7000.01", "lender": "2999.99"}, LossShare),
    }


def test_the_sweep_is_independent_of_every_hostile_context() -> None:
    """Each hostile context gives exactly the default context's results; the caller's flags stay
    clear and its settings unchanged. Spot checks by hand:

    * 1000 loans of 50 000 at 4.35 % for March 2016: 50 000 × 31 × 0.0435 / 360 = 187.2916… →
      187.29 each; 1000 × 187.29 = 187 290.00, all at the credit union (the defect: 1.00E+5).
    * the loss 33 333.33 + 123.45 = 33 456.78; fund 70 % = 23 419.746 → 23 419.75, lender 10 037.03.
    """
    expected = _sweep()
    assert expected["settle_month.total"] == Decimal("187290.00")
    assert expected["settle_month.totals"] == {"credit_union": Decimal("187290.00"),
                                               "postal_savings": Decimal("0.00")}
    assert expected["share_loss"] == LossShare(fund=Decimal("23419.75"),
                                                lender=Decimal("10037.03"))
    for name, context in HOSTILE.items():
        with decimal.localcontext(context) as ctx:
            ctx.clear_flags()
            before = _settings(ctx)
            got = _sweep()
            raised = [k.__name__ for k, v in ctx.flags.items() if v]
            assert _settings(ctx) == before, name
        assert raised == [], f"{name}: the library set flags in the caller's context: {raised}"
        for key, value in expected.items():
            assert got[key] == value, f"{name}: {key}"


def test_the_defect_as_reported() -> None:
    """SPEC part A: 1000 × 187.29 = 187 290.00 whatever the caller's context; before the fix the
    total read 1.00E+5 under prec=3/ROUND_DOWN, and trapping Inexact raised."""
    person = NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    loan = Loan(id="A", borrower=person, lender="credit_union", principal="50000",
                start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
                annual_rate="0.0435")
    loans = [attrs.evolve(loan, id=f"A-{i}") for i in range(1000)]
    with decimal.localcontext(prec=3, rounding=ROUND_DOWN) as ctx:
        ctx.traps[decimal.Inexact] = True
        ctx.clear_flags()
        settlement = settle_month(loans, 2016, 3)
        assert not any(ctx.flags.values())
    assert str(settlement.total) == "187290.00"
    assert settlement.totals["credit_union"] == Decimal("187290.00")


def test_bad_text_sets_no_flag_in_the_callers_context() -> None:
    """A non-numeric amount is refused as input; parsing it must not flag InvalidOperation in
    the caller's context (nor return a NaN under a context that does not trap it)."""
    with decimal.localcontext(decimal.Context(traps=[])) as ctx:
        ctx.clear_flags()
        with pytest.raises(InvalidInputError) as err:
            LossShare(fund="seven", lender="3")
        assert not any(ctx.flags.values())
    assert err.value.field == "fund"
