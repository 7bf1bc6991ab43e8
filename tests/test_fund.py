"""RiskFund, the fund's ledger (Art. 4, 5, 7, 23, 26, 32): cases by hand and a state machine."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    FundEvent,
    FundEventKind,
    FundStatement,
    InvalidInputError,
    LossShare,
    Payout,
    RiskFund,
    from_dict,
    from_json,
    share_loss,
    share_recovery,
    to_dict,
    to_json,
)
from poverty_credit import fund as fund_module
from strategies import examples, junk, steps

D = Decimal
JAN_1 = dt.date(2026, 1, 1)
CU, PS = "credit_union", "postal_savings"


@pytest.fixture
def fund() -> RiskFund:
    return RiskFund.open(on=JAN_1)


# -- opening (Art. 5, 7) ------------------------------------------------------------------------


def test_open_records_one_allocation_per_lender(fund: RiskFund) -> None:
    """Art. 7: 15 M to the credit union, 5 M to postal savings; Art. 5: 20 M in all."""
    assert [(e.kind, e.lender, e.amount) for e in fund.events] == [
        (FundEventKind.ALLOCATION, CU, D("15000000")),
        (FundEventKind.ALLOCATION, PS, D("5000000")),
    ]
    assert all(e.on == JAN_1 and e.article == "Art. 5, 7" for e in fund.events)
    assert fund.balance(CU) == D("15000000")
    assert fund.balance(PS) == D("5000000")
    s = fund.statement(2026)
    assert (s.opening, s.contributions, s.closing) == (D(0), D("20000000"), D("20000000"))
    assert fund.statement(2025).closing == 0  # before the opening: nothing


# -- interest (Art. 4, 5) -----------------------------------------------------------------------


def test_interest_on_a_constant_balance(fund: RiskFund) -> None:
    """15 000 000 × 0.35 % × 31 / 360 = 1 627 500 / 360 = 4 520.833… → 4 520.83, credited Feb 1."""
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1), rate=D("0.0035"))
    event = fund.events[-1]
    assert (event.kind, event.on, event.amount) == (
        FundEventKind.INTEREST, dt.date(2026, 2, 1), D("4520.83"))
    assert event.period_start == JAN_1
    assert fund.balance(CU) == D("15004520.83")
    assert fund.statement(2026, CU).interest == D("4520.83")


def test_interest_default_rate_is_the_demand_deposit_rate(fund: RiskFund) -> None:
    """Demand deposits (活期) earn 0.35 % since 2015-10-24 (domain-facts §5.2): same 4 520.83."""
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1))
    assert fund.events[-1].amount == D("4520.83")


def test_interest_follows_the_end_of_day_balance(fund: RiskFund) -> None:
    """1 000 000 paid out on Jan 11: Jan 1-10 at 15 M (10 days), Jan 11-31 at 14 M (21 days).
    (150 M + 294 M) yuan-days × 0.0035 / 360 = 1 554 000 / 360 = 4 316.666… → 4 316.67."""
    fund, _ = fund.pay(D("1000000"), CU, dt.date(2026, 1, 11), reference="L-1")
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1), rate="0.0035")
    assert fund.events[-1].amount == D("4316.67")


def test_interest_counts_every_event_of_the_period_and_only_the_lenders() -> None:
    """Opened Jan 1; the credit union pays 1 000 000 on Jan 20 and 2 000 000 on Jan 25, postal
    savings gets 500 on Jan 22. The credit union's interest for Jan 15 → Feb 1 (17 days):
    Jan 15-19 at 15 M (5 days, 75 M), Jan 20-24 at 14 M (5 days, 70 M), Jan 25-31 at 12 M
    (7 days, 84 M): 229 M yuan-days × 0.0035 / 360 = 801 500 / 360 = 2 226.388… → 2 226.39."""
    fund = RiskFund.open(on=JAN_1)
    fund, _ = fund.pay(D("1000000"), CU, dt.date(2026, 1, 20), reference="L-1")
    fund = fund.contribute(D("500"), PS, dt.date(2026, 1, 22), source="county")
    fund, _ = fund.pay(D("2000000"), CU, dt.date(2026, 1, 25), reference="L-2")
    fund = fund.accrue_interest(CU, dt.date(2026, 1, 15), dt.date(2026, 2, 1), rate="0.0035")
    assert fund.events[-1].amount == D("2226.39")


def test_interest_before_the_opening_counts_nothing() -> None:
    """Opened on Feb 1: for Jan 1 → Mar 1 the credit union held nothing in January (31 days)
    and 15 M in February (28 days): 15 M × 0.0035 × 28 / 360 = 1 470 000 / 360 = 4 083.333…
    → 4 083.33."""
    fund = RiskFund.open(on=dt.date(2026, 2, 1))
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 3, 1), rate="0.0035")
    assert fund.events[-1].amount == D("4083.33")


def test_interest_uses_the_rate_in_force_each_day(
    fund: RiskFund, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A (made-up) rate cut to 0.30 % on Jan 16: 15 days at 0.35 %, 16 at 0.30 %.
    15 M × (15 × 0.0035 + 16 × 0.0030) / 360 = 15 M × 0.1005 / 360 = 4 187.50."""

    def fake_rate(on: dt.date, tier: object, policy: object = None) -> Decimal:
        return D("0.0035") if on < dt.date(2026, 1, 16) else D("0.0030")

    monkeypatch.setattr(fund_module.rates, "deposit_rate", fake_rate)
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1))
    assert fund.events[-1].amount == D("4187.50")


def test_interest_periods_follow_each_other(fund: RiskFund) -> None:
    """Jan: 4 520.83 (above). Feb 1 → Mar 1, 28 days on 15 004 520.83:
    15 004 520.83 × 0.0035 × 28 / 360 = 1 470 443.04134 / 360 = 4 084.563… → 4 084.56."""
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1), rate="0.0035")
    fund = fund.accrue_interest(CU, dt.date(2026, 2, 1), dt.date(2026, 3, 1), rate="0.0035")
    assert fund.events[-1].amount == D("4084.56")
    with pytest.raises(InvalidInputError) as err:  # overlaps February
        fund.accrue_interest(CU, dt.date(2026, 2, 15), dt.date(2026, 4, 1), rate="0.0035")
    assert err.value.field == "start"
    # the other lender has its own periods
    assert fund.accrue_interest(PS, JAN_1, dt.date(2026, 3, 1), rate="0").events[-1].amount == 0


@pytest.mark.parametrize(
    ("start", "end", "rate", "field"),
    [
        (dt.date(2026, 2, 1), dt.date(2026, 2, 1), "0.0035", "end"),  # empty period
        (dt.date(2026, 2, 1), dt.date(2026, 1, 31), "0.0035", "end"),
        (JAN_1, dt.date(2026, 2, 1), "1.5", "rate"),  # a percentage, not a fraction
        (JAN_1, dt.date(2026, 2, 1), 0.0035, "rate"),  # a float
        (dt.datetime(2026, 1, 1, 0, 0), dt.date(2026, 2, 1), "0.0035", "start"),
    ],
)
def test_bad_interest_input(
    fund: RiskFund, start: dt.date, end: dt.date, rate: object, field: str
) -> None:
    with pytest.raises(InvalidInputError) as err:
        fund.accrue_interest(CU, start, end, rate=rate)  # type: ignore[arg-type]
    assert err.value.field == field


# -- payouts (Art. 22, 26) ----------------------------------------------------------------------


def test_fund_runs_dry_mid_year(fund: RiskFund) -> None:
    """Postal savings holds 5 000 000. Mar 1: pays 3 000 000 (all from the fund, 2 M left).
    Jun 1: 2 500 000 asked, 2 000 000 from the fund, 500 000 county top-up (Art. 26).
    Jul 1: 100 asked, all from the county. The balance stays at 0, never negative."""
    fund, p1 = fund.pay(D("3000000"), PS, dt.date(2026, 3, 1), reference="L-A")
    fund, p2 = fund.pay(D("2500000"), PS, dt.date(2026, 6, 1), reference="L-B")
    fund, p3 = fund.pay(D("100"), PS, dt.date(2026, 7, 1), reference="L-C")
    assert p1 == Payout(from_fund=D("3000000"), from_county=D(0))
    assert p2 == Payout(from_fund=D("2000000"), from_county=D("500000"))
    assert p3 == Payout(from_fund=D(0), from_county=D("100"))
    assert p2.total == D("2500000")
    assert fund.balance(PS) == 0
    assert fund.balance(CU) == D("15000000")  # the other lender's account is separate
    s = fund.statement(2026, PS)
    assert (s.opening, s.contributions, s.payouts, s.county_top_ups, s.closing) == (
        D(0), D("5000000"), D("5000000"), D("500100"), D(0))
    last = fund.events[-1]
    assert (last.kind, last.amount, last.county, last.reference) == (
        FundEventKind.PAYOUT, D(0), D("100"), "L-C")


def test_insured_loan_costs_the_fund_nothing(fund: RiskFund) -> None:
    """Art. 22, literal reading: an insured loss of 10 000 at 80 % → insurer 8 000, lender 2 000,
    fund 0; nothing is paid, so there is nothing to recover either."""
    share = share_loss(D("10000"), insurer_share=D("0.8"))
    assert share.fund == 0
    with pytest.raises(InvalidInputError) as err:
        fund.recover(D("1000"), CU, dt.date(2026, 9, 1), reference="L-INS", share=share)
    assert err.value.field == "reference"


# -- recoveries (Art. 23) -----------------------------------------------------------------------


def paid(fund: RiskFund, amount: str = "7000", lender: str = CU, ref: str = "L-1") -> RiskFund:
    return fund.pay(D(amount), lender, dt.date(2026, 5, 1), reference=ref)[0]


def test_recoveries_with_the_claims_share(fund: RiskFund) -> None:
    """Loss 10 000 borne 7 000 / 3 000. Recover 2 000: 1 400 fund / 600 lender. Recover 8 000 more:
    5 600 / 2 400; 10 000 in all, as much as the loss. One fen more is invalid."""
    borne = LossShare(fund=D("7000"), lender=D("3000"))
    fund = paid(fund)
    fund, first = fund.recover(D("2000"), CU, dt.date(2026, 8, 1), reference="L-1", share=borne)
    fund, second = fund.recover(D("8000"), CU, dt.date(2026, 9, 1), reference="L-1", share=borne)
    assert (first.fund, first.lender) == (D("1400"), D("600"))
    assert (second.fund, second.lender) == (D("5600"), D("2400"))
    assert fund.balance(CU) == D("15000000")
    with pytest.raises(InvalidInputError) as err:
        fund.recover(D("0.01"), CU, dt.date(2026, 9, 2), reference="L-1", share=borne)
    assert err.value.field == "amount"
    assert "10000.01" in str(err.value)
    assert fund.statement(2026, CU).recoveries == D("7000")


def test_partial_recoveries_never_return_more_than_was_paid(fund: RiskFund) -> None:
    """Paid 0.07 (70 % of a 0.10 loss). Without a share each recovery's fund part is × 0.70:
    0.05 → 0.035 → 0.04; the next 0.05 → 0.04 again, but only 0.07 − 0.04 = 0.03 is unreturned:
    0.03 to the fund, 0.02 to the lender. A third recovery gives the fund nothing."""
    fund = paid(fund, "0.07")
    fund, a = fund.recover(D("0.05"), CU, dt.date(2026, 8, 1), reference="L-1")
    fund, b = fund.recover(D("0.05"), CU, dt.date(2026, 8, 2), reference="L-1")
    fund, c = fund.recover(D("1.00"), CU, dt.date(2026, 8, 3), reference="L-1")
    assert (a.fund, a.lender) == (D("0.04"), D("0.01"))
    assert (b.fund, b.lender) == (D("0.03"), D("0.02"))
    assert (c.fund, c.lender) == (D(0), D("1.00"))
    assert fund.balance(CU) == D("15000000")
    assert fund.reference_status(CU, "L-1") == Payout(from_fund=D(0), from_county=D(0))


def test_recovery_goes_to_the_fund_first_then_to_the_county(fund: RiskFund) -> None:
    """L-B: 2 500 000 paid, 2 000 000 by the fund (its whole balance) and 500 000 by the county.
    Recover 1 000 000 (no share): fund side 700 000, all back into the fund's account.
    Bad-faith recovery of 2 000 000: fund side up to the unreturned 1 800 000; the fund's account
    gets the 1 300 000 it is still short, the county its 500 000; the lender keeps 200 000."""
    fund, _ = fund.pay(D("3000000"), PS, dt.date(2026, 3, 1), reference="L-A")
    fund, _ = fund.pay(D("2500000"), PS, dt.date(2026, 6, 1), reference="L-B")
    fund, first = fund.recover(D("1000000"), PS, dt.date(2026, 9, 1), reference="L-B")
    assert (first.fund, first.lender) == (D("700000"), D("300000"))
    assert (fund.events[-1].amount, fund.events[-1].county) == (D("700000"), D(0))
    fund, second = fund.recover(D("2000000"), PS, dt.date(2026, 10, 1), reference="L-B",
                                bad_faith=True)
    assert (second.fund, second.lender, second.insurer) == (D("1800000"), D("200000"), D(0))
    assert (fund.events[-1].amount, fund.events[-1].county) == (D("1300000"), D("500000"))
    assert fund.events[-1].recovered == D("2000000")
    assert fund.balance(PS) == D("2000000")  # 5 M − 3 M − 2 M + 0.7 M + 1.3 M
    s = fund.statement(2026, PS)
    assert (s.recoveries, s.county_refunds, s.county_top_ups) == (
        D("2000000"), D("500000"), D("500000"))


def test_bad_faith_with_a_share_is_capped_by_what_was_paid(fund: RiskFund) -> None:
    """Paid 7 000 of a 10 000 loss; a bad-faith recovery of 9 000 returns the 7 000 the fund bore
    and 2 000 to the lender (Art. 23, interpretation)."""
    fund = paid(fund)
    borne = LossShare(fund=D("7000"), lender=D("3000"))
    fund, split = fund.recover(D("9000"), CU, dt.date(2026, 8, 1), reference="L-1", share=borne,
                               bad_faith=True)
    assert (split.fund, split.lender) == (D("7000"), D("2000"))


def test_recovery_of_an_insured_and_fund_share(fund: RiskFund) -> None:
    """A share with all three parts (fund 5 000, lender 1 000, insurer 4 000; loss 10 000):
    a 1 000 recovery returns 500 to the fund, 400 to the insurer, 100 to the lender."""
    fund = paid(fund, "5000")
    borne = LossShare(fund=D("5000"), lender=D("1000"), insurer=D("4000"))
    fund, split = fund.recover(D("1000"), CU, dt.date(2026, 8, 1), reference="L-1", share=borne)
    assert (split.fund, split.lender, split.insurer) == (D("500"), D("100"), D("400"))
    assert fund.balance(CU) == D("14995500")


# -- clawbacks (Art. 32) ------------------------------------------------------------------------


def test_clawback_in_full(fund: RiskFund) -> None:
    """7 000 paid on a claim later found false: clawed back in full, the balance is restored."""
    fund = paid(fund)
    fund = fund.claw_back(D("7000"), CU, dt.date(2026, 11, 2), reference="L-1")
    assert fund.balance(CU) == D("15000000")
    e = fund.events[-1]
    assert (e.kind, e.article, e.amount, e.county) == (FundEventKind.CLAWBACK, "Art. 32",
                                                       D("7000"), D(0))
    assert fund.statement(2026, CU).clawbacks == D("7000")
    with pytest.raises(InvalidInputError) as err:
        fund.claw_back(D("0.01"), CU, dt.date(2026, 11, 3), reference="L-1")
    assert "0.00" in str(err.value)


def test_clawback_after_a_recovery_and_a_county_top_up(fund: RiskFund) -> None:
    """Postal savings pays 5 000 100: 5 000 000 from the fund, 100 from the county. 1 000 is
    recovered (700 to the fund). The rest unreturned is 5 000 100 − 700 = 4 999 400; clawing back
    4 999 400 gives the fund its 4 999 300 and the county its 100."""
    fund, payout = fund.pay(D("5000100"), PS, dt.date(2026, 5, 1), reference="L-X")
    assert payout == Payout(from_fund=D("5000000"), from_county=D("100"))
    fund, _ = fund.recover(D("1000"), PS, dt.date(2026, 6, 1), reference="L-X")
    with pytest.raises(InvalidInputError):
        fund.claw_back(D("4999400.01"), PS, dt.date(2026, 7, 1), reference="L-X")
    fund = fund.claw_back(D("4999400"), PS, dt.date(2026, 7, 1), reference="L-X")
    assert (fund.events[-1].amount, fund.events[-1].county) == (D("4999300"), D("100"))
    assert fund.balance(PS) == D("5000000")
    s = fund.statement(2026, PS)
    assert (s.county_top_ups, s.county_refunds, s.clawbacks, s.recoveries) == (
        D("100"), D("100"), D("4999300"), D("700"))


# -- shares that must agree with the ledger (Art. 23, SPEC part B) ------------------------------


def test_a_loss_paid_in_two_instalments_is_one_reference(fund: RiskFund) -> None:
    """4 000 and then 3 000 paid for L-1: 7 000 unreturned; a clawback of 7 000 returns both."""
    fund, _ = fund.pay(D("4000"), CU, dt.date(2026, 5, 1), reference="L-1")
    fund, _ = fund.pay(D("3000"), CU, dt.date(2026, 6, 1), reference="L-1")
    assert fund.reference_status(CU, "L-1") == Payout(from_fund=D("7000"))
    fund = fund.claw_back(D("7000"), CU, dt.date(2026, 7, 1), reference="L-1")
    assert fund.reference_status(CU, "L-1") == Payout(from_fund=D("0"))
    assert fund.balance(CU) == D("15000000")


def test_a_share_must_say_the_fund_bore_what_was_paid(fund: RiskFund) -> None:
    """Postal savings pays 5 000 100 for L-X: 5 000 000 from the fund, 100 county top-up. The loss
    was 7 143 000 (× 70 % = 5 000 100). A share saying the fund bore 5 000 000 (what the fund
    itself paid, without the top-up) contradicts the ledger; 5 000 100 is right: a recovery of
    71 430 (1 %) gives the fund side 71 430 × 5 000 100 / 7 143 000 = 50 001, lender 21 429."""
    fund, _ = fund.pay(D("5000100"), PS, dt.date(2026, 5, 1), reference="L-X")
    wrong = LossShare(fund=D("5000000"), lender=D("2143000"))
    with pytest.raises(InvalidInputError) as err:
        fund.recover(D("71430"), PS, dt.date(2026, 6, 1), reference="L-X", share=wrong)
    assert err.value.field == "share"
    assert "5000100.00" in str(err.value)
    right = share_loss(D("7143000"))
    assert right == LossShare(fund=D("5000100"), lender=D("2142900"))
    fund, split = fund.recover(D("71430"), PS, dt.date(2026, 6, 1), reference="L-X", share=right)
    assert (split.fund, split.lender, split.insurer) == (D("50001"), D("21429"), D(0))
    assert fund.events[-1].share == right


def test_every_recovery_of_a_reference_gives_the_same_share_or_none(fund: RiskFund) -> None:
    """Paid 7 000 for L-1 (loss 10 000 borne 7 000 / 3 000). After a recovery with that share, one
    without a share, or with another split of the same loss, is refused; and after one without a
    share, one with a share is refused. The same share again is accepted."""
    borne = LossShare(fund=D("7000"), lender=D("3000"))
    other = LossShare(fund=D("7000"), lender=D("2000"), insurer=D("1000"))
    fund = paid(fund)
    with_share, _ = fund.recover(D("100"), CU, dt.date(2026, 8, 1), reference="L-1", share=borne)
    for share in (None, other):
        with pytest.raises(InvalidInputError) as err:
            with_share.recover(D("100"), CU, dt.date(2026, 8, 2), reference="L-1", share=share)
        assert err.value.field == "share"
    with_share.recover(D("100"), CU, dt.date(2026, 8, 2), reference="L-1", share=borne)
    without, _ = fund.recover(D("100"), CU, dt.date(2026, 8, 1), reference="L-1")
    with pytest.raises(InvalidInputError) as err:
        without.recover(D("100"), CU, dt.date(2026, 8, 2), reference="L-1", share=borne)
    assert err.value.field == "share"
    assert "none does" in str(err.value)
    without.recover(D("100"), CU, dt.date(2026, 8, 2), reference="L-1", bad_faith=True)


def test_a_bad_faith_recovery_with_a_share_is_split_by_share_recovery(fund: RiskFund) -> None:
    """Loss 10 000 borne fund 7 000 / lender 2 000 / insurer 1 000; 7 000 paid. In good faith
    1 000 recovered splits 700 / 200 / 100 (× 7/10, 2/10, 1/10). In bad faith (Art. 23,
    interpretation) share_recovery gives the fund first up to what it bore, the insurer nothing:
    8 000 → fund min(8 000, 7 000) = 7 000, but only 7 000 − 700 = 6 300 is unreturned, so the
    fund side gets 6 300 and the lender 1 700. The recoveries total 9 000 ≤ 10 000."""
    borne = LossShare(fund=D("7000"), lender=D("2000"), insurer=D("1000"))
    fund = paid(fund)
    fund, first = fund.recover(D("1000"), CU, dt.date(2026, 8, 1), reference="L-1", share=borne)
    assert (first.fund, first.lender, first.insurer) == (D("700"), D("200"), D("100"))
    fund, second = fund.recover(D("8000"), CU, dt.date(2026, 9, 1), reference="L-1",
                                share=borne, bad_faith=True)
    assert (second.fund, second.lender, second.insurer) == (D("6300"), D("1700"), D(0))
    assert fund.balance(CU) == D("15000000")  # made whole: 15 M − 7 000 + 700 + 6 300
    with pytest.raises(InvalidInputError) as err:  # 9 000 + 1 000.01 > the loss 10 000
        fund.recover(D("1000.01"), CU, dt.date(2026, 9, 2), reference="L-1", share=borne)
    assert err.value.field == "amount"


# -- stored ledgers are checked whole, once ---------------------------------------------------


def _event(kind: str, amount: str, day: int = 1, month: int = 1, lender: str = CU,
           **extra: object) -> FundEvent:
    return FundEvent(on=dt.date(2026, month, day), kind=kind, lender=lender, amount=amount,
                     article="Art. x", **extra)  # type: ignore[arg-type]


SMALL_100 = attrs.evolve(DEFAULT_POLICY, fund_allocations={CU: "100", PS: "0"})
ALLOC = _event("allocation", "100")
PAID_70 = _event("payout", "70", month=3, reference="L-1")


CONTRADICTIONS = [
    # clawbacks beyond the payouts: 70 paid, 80 clawed back (the balance stays ≥ 0: 110)
    ((ALLOC, PAID_70, _event("clawback", "80", month=4, reference="L-1")),
     ["events[2].amount"]),
    # a recovery for a reference never paid
    ((ALLOC, _event("recovery", "7", month=4, reference="L-9", recovered="10")),
     ["events[1].reference"]),
    # a clawback naming no reference
    ((ALLOC, PAID_70, _event("clawback", "1", month=4)), ["events[2].reference"]),
    # a payout of the other lender does not open L-1 at the credit union
    ((ALLOC, _event("payout", "70", lender=PS, reference="L-1"),
      _event("clawback", "1", month=4, reference="L-1")), ["events[1].amount",
                                                           "events[2].reference"]),
    # the county refunded while the fund's account is still short: the fund paid its whole
    # 100 and the county topped up 30; 10 recovered all go to the county
    ((ALLOC, _event("payout", "100", month=3, reference="L-1", county="30"),
      _event("recovery", "0", month=4, reference="L-1", county="10", recovered="10")),
     ["events[2].county"]),
    # a refund to the county of more than it topped up (nothing)
    ((ALLOC, PAID_70, _event("recovery", "0", month=4, reference="L-1", county="10",
                             recovered="10")), ["events[2].county"]),
    # a county refund larger than the county's top-up (none)
    ((ALLOC, PAID_70, _event("clawback", "70", month=4, reference="L-1", county="5")),
     ["events[2].county"]),
    # a fund side part above the amount recovered
    ((ALLOC, PAID_70, _event("recovery", "50", month=4, reference="L-1", recovered="40")),
     ["events[2].recovered"]),
    # a county top-up while the fund could pay (balance 100, paid 50 + 10 county)
    ((ALLOC, _event("payout", "50", reference="L-1", county="10")), ["events[1].county"]),
    # county money, an amount recovered, a share or a period on events that have none
    ((ALLOC, _event("contribution", "1", county="1", recovered="1",
                    share=LossShare(fund="1", lender="0"), period_start=dt.date(2025, 1, 1))),
     ["events[1].county", "events[1].recovered", "events[1].share", "events[1].period_start"]),
    # interest periods overlapping: Jan 1..Feb 1, then Jan 15..Mar 1
    ((ALLOC, _event("interest", "1", month=2, period_start=dt.date(2026, 1, 1)),
      _event("interest", "1", month=3, period_start=dt.date(2026, 1, 15))),
     ["events[2].period_start"]),
    # a share whose fund part is not what was paid (70)
    ((ALLOC, PAID_70, _event("recovery", "7", month=4, reference="L-1", recovered="10",
                             share=LossShare(fund="80", lender="20"))), ["events[2].share"]),
    # recoveries with the share above its loss (100): 60 + 50
    ((ALLOC, PAID_70,
      _event("recovery", "42", month=4, reference="L-1", recovered="60",
             share=LossShare(fund="70", lender="30")),
      _event("recovery", "28", month=5, reference="L-1", recovered="50",
             share=LossShare(fund="70", lender="30"))), ["events[3].recovered"]),
    # a second recovery without the first one's share
    ((ALLOC, PAID_70,
      _event("recovery", "7", month=4, reference="L-1", recovered="10",
             share=LossShare(fund="70", lender="30")),
      _event("recovery", "7", month=5, reference="L-1", recovered="10")),
     ["events[3].share"]),
]


@pytest.mark.parametrize(("events", "fields"), CONTRADICTIONS)
def test_a_stored_ledger_that_contradicts_itself_is_refused(
    events: tuple[FundEvent, ...], fields: list[str]
) -> None:
    with pytest.raises(InvalidInputError) as err:
        RiskFund(policy=SMALL_100, events=events)
    assert [p.field for p in err.value.problems] == fields


CONTRADICTION_MESSAGES = [
    [("events[2].amount", "returns 80.00 to the fund's account, but only 70.00 of what the fund "
                          "paid for 'L-1' is unreturned")],
    [("events[1].reference",
      "no compensation was paid for 'L-9' at credit_union before this recovery")],
    [("events[2].reference", "a clawback must name the payout it returns (got None)")],
    [("events[1].amount", "takes the balance of postal_savings below zero (-70.00)"),
     ("events[2].reference",
      "no compensation was paid for 'L-1' at credit_union before this clawback")],
    [("events[2].county", "refunds the county before the fund's account got back the 100.00 the "
                          "fund paid for 'L-1' (returned money goes to the fund first)")],
    [("events[2].county",
      "refunds 10.00 to the county, but only 0.00 of its top-up for 'L-1' is unreturned")],
    [("events[2].county",
      "refunds 5.00 to the county, but only 0.00 of its top-up for 'L-1' is unreturned")],
    [("events[2].recovered", "the fund side's part 50.00 is more than the amount recovered 40.00")],
    [("events[1].county", "the county tops up only what the fund cannot pay, but the fund paid "
                          "50.00 while credit_union's balance was 100.00")],
    [("events[1].county", "a contribution event moves no county money (got 1.00)"),
     ("events[1].recovered",
      "only a recovery records an amount recovered (got 1.00 on a contribution event)"),
     ("events[1].share", "only a recovery is split by a share (got one on a contribution event)"),
     ("events[1].period_start",
      "only an interest event has a period (got one on a contribution event)")],
    [("events[2].period_start",
      "interest for credit_union was already credited for 2026-01-01..2026-02-01 (exclusive); "
      "this period starts 2026-01-15")],
    [("events[2].share", "says the fund bore 80.00, but 70.00 was paid for 'L-1' (from the fund "
                         "70.00 + county top-up 0.00); share.fund must be the total paid for the "
                         "reference")],
    [("events[3].recovered", "recoveries for 'L-1' would total 110.00, more than the loss 100.00 "
                             "(earlier recoveries 60.00, got 50.00)")],
    [("events[3].share", "every recovery of 'L-1' gives the same share or none does: the earlier "
                         "1 gave LossShare(fund=Decimal('70.00'), lender=Decimal('30.00'), "
                         "insurer=Decimal('0.00')) (got None)")],
]


@pytest.mark.parametrize(("case", "expected"), list(zip(CONTRADICTIONS, CONTRADICTION_MESSAGES,
                                                        strict=True)))
def test_each_contradiction_states_the_amounts_and_the_reference(
    case: tuple[tuple[FundEvent, ...], list[str]], expected: list[tuple[str, str]]
) -> None:
    """The messages of the table above (issue 14: mutants emptying them survived)."""
    events, _fields = case
    got = problems(lambda: RiskFund(policy=SMALL_100, events=events))
    assert [(field, en) for field, _code, en, _zh in got] == expected


COUNTY_PAID = _event("payout", "100", month=3, reference="L-1", county="30")


def test_what_is_left_to_refund_the_county_counts_earlier_refunds() -> None:
    """The fund paid its whole 100 and the county topped up 30 for L-1. A recovery of 120 gives
    100 back to the fund and 20 to the county: 30 − 20 = 10 of the top-up is unreturned, so a
    second refund of 20 is 10 too many."""
    events = (ALLOC, COUNTY_PAID,
              _event("recovery", "100", month=4, reference="L-1", county="20", recovered="120"),
              _event("recovery", "0", month=5, reference="L-1", county="20", recovered="20"))
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: RiskFund(policy=SMALL_100, events=events))] == [
        ("events[3].county",
         "refunds 20.00 to the county, but only 10.00 of its top-up for 'L-1' is unreturned")]


def test_the_fund_side_of_a_recovery_includes_the_county_refund() -> None:
    """100 to the fund + 20 to the county = 120 on the fund side, above the 110 recovered."""
    events = (ALLOC, COUNTY_PAID,
              _event("recovery", "100", month=4, reference="L-1", county="20", recovered="110"))
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: RiskFund(policy=SMALL_100, events=events))] == [
        ("events[2].recovered", "the fund side's part 120.00 is more than the amount recovered "
                                "110.00")]


def test_stored_events_name_their_kind_with_its_article_and_keep_date_order() -> None:
    """"an interest", "an allocation", "a payout": the article follows the kind's first letter.
    The last event (2026-01-31) is dated before the one before it (2026-02-01). The balance
    stays 100 + 1 + 1 − 1 + 1 = 102 ≥ 0 and the period Jan 1..Feb 1 is before its event."""
    events = (ALLOC, _event("interest", "1", month=2, county="1", period_start=JAN_1),
              _event("allocation", "1", month=2, recovered="2"),
              _event("payout", "1", month=2, reference="L-1",
                     share=LossShare(fund="1", lender="0")),
              _event("contribution", "1", day=31))
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: RiskFund(policy=SMALL_100, events=events))] == [
        ("events[1].county", "an interest event moves no county money (got 1.00)"),
        ("events[2].recovered",
         "only a recovery records an amount recovered (got 2.00 on an allocation event)"),
        ("events[3].share", "only a recovery is split by a share (got one on a payout event)"),
        ("events[4].on", "events must be in date order: 2026-01-31 is before the previous "
                         "event's 2026-02-01")]
    same_day = (ALLOC, _event("contribution", "1"))  # the same date as the one before: in order
    assert RiskFund(policy=SMALL_100, events=same_day).balance(CU) == D("101.00")


def test_each_refused_operation_says_why() -> None:
    """Opened 2026-01-01 (credit union 15 000 000); 7 000 paid for L-1 on 2026-05-01 (balance
    14 993 000); interest for 2026-05-01..2026-06-01 at 0.35 %:
    14 993 000 × 0.0035 × 31 / 360 = 4 518.7236… → 4 518.72, credited on 2026-06-01.
    A period may start on the day the last one ended: 2026-06-01..2026-07-01,
    14 997 518.72 × 0.0035 × 30 / 360 = 4 374.2763… → 4 374.28. Each message in English and,
    under the code's label 取值无效, in Chinese."""
    fund = paid(RiskFund.open(on=JAN_1))
    fund = fund.accrue_interest(CU, dt.date(2026, 5, 1), dt.date(2026, 6, 1), rate="0.0035")
    assert fund.events[-1].amount == D("4518.72")
    cases = [
        (lambda: fund.contribute("1", CU, dt.date(2026, 5, 31), source="x"), "on",
         "the ledger's dates must not go backwards: the last event is dated 2026-06-01 "
         "(got 2026-05-31)"),
        (lambda: fund.accrue_interest(CU, dt.date(2026, 5, 1), dt.date(2026, 5, 31)), "end",
         "the ledger's dates must not go backwards: the last event is dated 2026-06-01 "
         "(got 2026-05-31)"),
        (lambda: fund.accrue_interest(CU, dt.date(2026, 7, 1), dt.date(2026, 7, 1)), "end",
         "must be after start 2026-07-01 (got 2026-07-01)"),
        (lambda: fund.accrue_interest(CU, dt.date(2026, 5, 31), dt.date(2026, 7, 1)), "start",
         "interest for credit_union was already credited for 2026-05-01..2026-06-01 "
         "(exclusive); a new period must start on or after 2026-06-01 (got 2026-05-31)"),
        (lambda: fund.recover("1", CU, dt.date(2026, 6, 1), reference="L-2"), "reference",
         "no compensation was paid for 'L-2' at credit_union; recoveries and clawbacks follow "
         "a payout with the same reference"),
        (lambda: fund.claw_back("7000.01", CU, dt.date(2026, 6, 1), reference="L-1"), "amount",
         "cannot exceed what is still unreturned of the compensation paid for 'L-1': 7000.00 "
         "(got 7000.01)"),
    ]
    for call, field, message in cases:
        assert problems(call) == [(field, "INVALID_VALUE", message, f"取值无效：{message}")]
    later = fund.accrue_interest(CU, dt.date(2026, 6, 1), dt.date(2026, 7, 1), rate="0.0035")
    assert later.events[-1].amount == D("4374.28")
    assert later.events[-1].reference == "interest 2026-06-01..2026-07-01"
    assert later.events[-1].period_start == dt.date(2026, 6, 1)


def test_an_interest_period_must_end_after_it_starts() -> None:
    """A stored interest event dated 2026-02-01: a period starting that day is refused, one
    starting the day before is a period of one day."""
    assert problems(lambda: FundEvent(on=dt.date(2026, 2, 1), kind="interest", lender=CU,
                                      amount="1", period_start=dt.date(2026, 2, 1))) == [
        ("period_start", "INVALID_VALUE",
         "must be before the event's date 2026-02-01 (got 2026-02-01)",
         "取值无效：must be before the event's date 2026-02-01 (got 2026-02-01)")]
    one_day = FundEvent(on=dt.date(2026, 2, 1), kind="interest", lender=CU, amount="1",
                        period_start=dt.date(2026, 1, 31))
    assert one_day.period_start == dt.date(2026, 1, 31)


def test_only_an_interest_event_credits_a_period() -> None:
    """A contribution dated Feb 1 with a period from Jan 1 is refused for that, but credits no
    interest period: a later interest period Jan 15 → Mar 1 overlaps nothing credited."""
    events = (ALLOC, _event("contribution", "1", month=2, period_start=JAN_1),
              _event("interest", "1", month=3, period_start=dt.date(2026, 1, 15)))
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: RiskFund(policy=SMALL_100, events=events))] == [
        ("events[1].period_start",
         "only an interest event has a period (got one on a contribution event)")]


def test_what_is_left_to_return_to_the_fund_counts_earlier_returns() -> None:
    """The fund paid 70 for L-1; a recovery of 30 gave 30 back to its account, so 70 − 30 = 40
    of the fund's part is unreturned: a clawback of 50 to the fund is 10 too many (one of 40 is
    accepted and makes the account whole again: 100 − 70 + 30 + 40 = 100)."""
    returned_30 = _event("recovery", "30", month=4, reference="L-1", recovered="30")
    too_much = (ALLOC, PAID_70, returned_30, _event("clawback", "50", month=5, reference="L-1"))
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: RiskFund(policy=SMALL_100, events=too_much))] == [
        ("events[3].amount", "returns 50.00 to the fund's account, but only 40.00 of what the "
                             "fund paid for 'L-1' is unreturned")]
    whole = (ALLOC, PAID_70, returned_30, _event("clawback", "40", month=5, reference="L-1"))
    assert RiskFund(policy=SMALL_100, events=whole).balance(CU) == D("100.00")


def test_the_county_part_of_a_reference_nets_its_refunds() -> None:
    """The credit union's fund holds 100; 130 paid for L-1 is 100 from the fund and 30 topped up
    by the county. 120 recovered in bad faith all goes to the fund side (120 ≤ 130 unreturned):
    100 back to the fund's account (all it paid), 20 to the county. Unreturned: fund 100 − 100
    = 0, county 30 − 20 = 10; the year's county refunds 20."""
    fund = RiskFund.open(SMALL_100, on=JAN_1)
    fund, payout = fund.pay(D("130"), CU, dt.date(2026, 3, 1), reference="L-1")
    assert (payout.from_fund, payout.from_county) == (D("100.00"), D("30.00"))
    fund, split = fund.recover(D("120"), CU, dt.date(2026, 4, 1), reference="L-1",
                               bad_faith=True)
    assert (split.fund, split.lender, split.insurer) == (D("120.00"), D("0.00"), D("0.00"))
    assert (fund.events[-1].amount, fund.events[-1].county) == (D("100.00"), D("20.00"))
    assert fund.reference_status(CU, "L-1") == Payout(from_fund=D("0.00"), from_county=D("10.00"))
    s = fund.statement(2026, CU)
    assert (s.county_top_ups, s.recoveries, s.county_refunds, s.closing) == (
        D("30.00"), D("100.00"), D("20.00"), D("100.00"))


def test_replay_names_a_bad_until() -> None:
    """A day given as text is refused under the name of the argument, ``until``."""
    fund = RiskFund.open(on=JAN_1)
    ((field, code, _en, _zh),) = problems(lambda: fund.replay("2026-03-01"))  # type: ignore[arg-type]
    assert (field, code) == ("until", "WRONG_TYPE")


def test_from_dict_of_a_tampered_ledger_names_the_event(fund: RiskFund) -> None:
    """A stored ledger is checked once when read back: raising a stored clawback from 7 000 to
    8 000 returns more than the 7 000 paid for L-1, at events[3].amount."""
    fund, _ = fund.pay(D("7000"), CU, dt.date(2026, 5, 1), reference="L-1")
    fund = fund.claw_back(D("7000"), CU, dt.date(2026, 6, 1), reference="L-1")
    assert from_json(to_json(fund), RiskFund) == fund
    data = to_dict(fund)
    data["events"][3]["amount"] = "8000.00"
    with pytest.raises(InvalidInputError) as err:
        from_dict(data, RiskFund)
    assert err.value.field == "events[3].amount"
    assert "7000.00" in str(err.value)


def test_a_round_trip_keeps_the_share_of_the_recoveries(fund: RiskFund) -> None:
    """The share is stored on the recovery event, so a fund read back still holds the next
    recovery of L-1 to it."""
    borne = LossShare(fund=D("7000"), lender=D("3000"))
    fund = paid(fund)
    fund, _ = fund.recover(D("100"), CU, dt.date(2026, 8, 1), reference="L-1", share=borne)
    back = from_dict(to_dict(fund), RiskFund)
    assert back.events[-1].share == borne
    with pytest.raises(InvalidInputError) as err:
        back.recover(D("100"), CU, dt.date(2026, 8, 2), reference="L-1")
    assert err.value.field == "share"


# -- the ledger is persistent: older funds stay as they were ------------------------------------


def test_branches_from_an_older_fund_do_not_see_each_other(fund: RiskFund) -> None:
    """f1 and f2 both grow from the same fund; each keeps its own balance, references and
    statement, and the fund they grew from is unchanged (15 M at the credit union)."""
    f1, _ = fund.pay(D("700"), CU, dt.date(2026, 3, 1), reference="L-1")
    f2, _ = fund.pay(D("300"), CU, dt.date(2026, 3, 2), reference="L-2")
    f3 = f1.contribute(D("5"), CU, dt.date(2027, 1, 1), source="county")
    assert (fund.balance(CU), f1.balance(CU), f2.balance(CU), f3.balance(CU)) == (
        D("15000000"), D("14999300"), D("14999700"), D("14999305"))
    assert f2.reference_status(CU, "L-2").from_fund == D("300")
    assert f2.reference_status(CU, "L-1").from_fund == 0
    with pytest.raises(InvalidInputError):
        f1.recover(D("1"), CU, dt.date(2026, 4, 1), reference="L-2")
    assert [len(f.events) for f in (fund, f1, f2, f3)] == [2, 3, 3, 4]
    assert (f1.events[-1].reference, f2.events[-1].reference) == ("L-1", "L-2")
    assert (f1.statement(2026).payouts, f2.statement(2026).payouts) == (D("700"), D("300"))
    assert f3.statement(2027).opening == f1.statement(2026).closing == D("19999300")


def test_events_are_built_once_when_first_read(fund: RiskFund) -> None:
    """A fund grown by an operation builds its events tuple on the first read and keeps it."""
    grown = fund.contribute(D("1"), CU, dt.date(2026, 2, 1), source="county")
    first = grown.events
    assert type(first) is tuple
    assert first is grown.events
    assert first[:2] == fund.events
    with pytest.raises(AttributeError, match=r"^no_such_attribute$"):
        grown.no_such_attribute  # type: ignore[attr-defined]  # noqa: B018
    assert attrs.evolve(grown) == grown
    assert hash(attrs.evolve(grown)) == hash(grown)


def test_statements_of_years_without_events(fund: RiskFund) -> None:
    """Opened 2026 (20 M); a contribution of 10 on 2028-03-01. 2027 has no event: it opens and
    closes with 2026's closing. 2025 (before the opening) is all zeros; 2029 carries 2028 on."""
    fund = fund.contribute(D("10"), PS, dt.date(2028, 3, 1), source="county")
    s27 = fund.statement(2027)
    assert (s27.opening, s27.contributions, s27.closing) == (D("20000000"), D(0), D("20000000"))
    assert fund.statement(2025).closing == 0
    assert fund.statement(2029).opening == fund.statement(2029).closing == D("20000010")
    assert fund.statement(9999, PS).closing == D("5000010")
    assert fund.replay(dt.date(2027, 6, 1))[PS] == D("5000000")
    assert fund.replay(dt.date(2028, 2, 29))[PS] == D("5000000")
    assert fund.replay(dt.date(2028, 3, 1))[PS] == D("5000010")


# -- statements and roll-over (Art. 5) ----------------------------------------------------------


def test_statement_balances_and_rolls_over(fund: RiskFund) -> None:
    """2026, credit union: opening 0 + contributions 15 000 000 + interest 4 520.83 − payouts
    35 000 + recoveries 7 000 = 14 976 520.83. 2027 opens with that, adds a 1 000 contribution."""
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1), rate="0.0035")
    fund, _ = fund.pay(D("35000"), CU, dt.date(2026, 6, 1), reference="L-1")
    fund, _ = fund.recover(D("10000"), CU, dt.date(2026, 12, 31), reference="L-1")
    fund = fund.contribute(D("1000"), CU, dt.date(2027, 1, 1), source="subsidy fund interest")
    s26 = fund.statement(2026, CU)
    assert (s26.opening, s26.contributions, s26.interest, s26.payouts, s26.recoveries,
            s26.closing) == (D(0), D("15000000"), D("4520.83"), D("35000"), D("7000"),
                             D("14976520.83"))
    s27 = fund.statement(2027, CU)
    assert (s27.opening, s27.contributions, s27.closing) == (
        D("14976520.83"), D("1000"), D("14977520.83"))
    whole = fund.statement(2027)
    assert whole.lender is None
    assert whole.closing == s27.closing + fund.statement(2027, PS).closing == D("19977520.83")
    assert fund.events[-1].reference == "subsidy fund interest"


def test_statement_years_run_from_1_to_9999_and_name_the_lender(fund: RiskFund) -> None:
    """Years 1 and 9999 are statements (nothing before the 2026 opening: 0; 9999 carries the
    20 M on); 0 and 10000 are refused. A lender's statement names it, the whole fund's None."""
    assert (fund.statement(1).closing, fund.statement(9999).closing) == (D("0"), D("20000000"))
    for year in (0, 10000):
        message = f"must be between 1 and 9999 (got {year})"
        assert [(f, c, en) for f, c, en, _zh in problems(lambda year=year: fund.statement(year))
                ] == [("year", "OUT_OF_RANGE", message)]
    assert (fund.statement(2026, CU).lender, fund.statement(2026).lender) == (CU, None)


def test_statement_that_does_not_balance_is_refused() -> None:
    with pytest.raises(InvalidInputError) as err:
        FundStatement(year=2026, lender=None, opening=D(0), contributions=D(100), interest=D(0),
                      payouts=D(0), county_top_ups=D(0), recoveries=D(0), clawbacks=D(0),
                      county_refunds=D(0), closing=D(99))
    assert err.value.field == "closing"


def test_replay_until_a_date(fund: RiskFund) -> None:
    fund, _ = fund.pay(D("500"), CU, dt.date(2026, 3, 1), reference="L-1")
    assert fund.replay(dt.date(2026, 2, 28))[CU] == D("15000000")
    assert fund.replay(dt.date(2026, 3, 1))[CU] == D("14999500")
    assert fund.replay()[CU] == fund.balance(CU)


# -- bad input ----------------------------------------------------------------------------------


def test_dates_must_not_go_backwards(fund: RiskFund) -> None:
    fund, _ = fund.pay(D("500"), CU, dt.date(2026, 3, 1), reference="L-1")
    with pytest.raises(InvalidInputError) as err:
        fund.contribute(D("1"), PS, dt.date(2026, 2, 28), source="county")
    assert err.value.field == "on"
    assert "2026-03-01" in str(err.value)
    # the same day is fine
    fund.contribute(D("1"), PS, dt.date(2026, 3, 1), source="county")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda f: f.pay(D("1"), "agricultural_bank", JAN_1), "lender"),
        (lambda f: f.balance("agricultural_bank"), "lender"),
        (lambda f: f.statement(2026, "agricultural_bank"), "lender"),
        (lambda f: f.pay(D(0), CU, JAN_1), "amount"),
        (lambda f: f.pay(D("-5"), CU, JAN_1), "amount"),
        (lambda f: f.pay(100.0, CU, JAN_1), "amount"),
        (lambda f: f.pay(D("1.001"), CU, JAN_1), "amount"),
        (lambda f: f.pay(D("1"), CU, "2026-01-01"), "on"),
        (lambda f: f.pay(D("1"), CU, JAN_1, reference=""), "reference"),
        (lambda f: f.contribute(D("1"), CU, JAN_1, source=" "), "source"),
        (lambda f: f.recover(D("1"), CU, JAN_1, reference=None), "reference"),
        (lambda f: f.recover(D("1"), CU, JAN_1, reference="L-0"), "reference"),  # nothing paid
        (lambda f: f.recover(D("1"), CU, JAN_1, reference="L-0", share=(7, 3)), "share"),
        (lambda f: f.recover(D("1"), CU, JAN_1, reference="L-0", bad_faith="yes"), "bad_faith"),
        (lambda f: f.claw_back(D("1"), CU, JAN_1, reference="L-0"), "reference"),
        (lambda f: f.statement(2026.0), "year"),
        (lambda f: f.statement(0), "year"),
        (lambda f: f.reference_status(CU, ""), "reference"),
        (lambda f: RiskFund.open(policy={"fund_share": "0.7"}, on=JAN_1), "policy"),
        (lambda f: RiskFund.open(on=dt.datetime(2026, 1, 1, 8)), "on"),
    ],
)
def test_bad_input_names_the_field(fund: RiskFund, call: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        call(fund)  # type: ignore[operator]
    assert err.value.field == field


def test_a_fund_built_from_bad_events_is_refused() -> None:
    alloc = FundEvent(on=JAN_1, kind="allocation", lender=CU, amount="100", article="Art. 5")
    payout = FundEvent(on=dt.date(2025, 12, 1), kind="payout", lender=CU, amount="150",
                       article="Art. 22")
    stranger = FundEvent(on=JAN_1, kind="contribution", lender="bank_x", amount="1",
                         article="Art. 5")
    with pytest.raises(InvalidInputError) as err:
        RiskFund(events=(alloc, payout))
    assert [p.field for p in err.value.problems] == ["events[1].on", "events[1].amount"]
    with pytest.raises(InvalidInputError) as err:
        RiskFund(events=(alloc, stranger))
    assert err.value.field == "events[1].lender"
    with pytest.raises(InvalidInputError) as err:
        RiskFund(events=(alloc, "payout"))  # type: ignore[arg-type]
    assert err.value.field == "events[1]"
    assert err.value.problems[0].message == "must be a FundEvent (got 'payout', a str)"
    assert RiskFund(events=[alloc]).balance(CU) == D("100")  # type: ignore[arg-type]


def test_fund_event_validates() -> None:
    with pytest.raises(InvalidInputError) as err:
        FundEvent(on=JAN_1, kind="gift", lender="", amount=-1, article="",
                  period_start=dt.date(2026, 2, 1))
    assert [p.field for p in err.value.problems] == [
        "kind", "lender", "amount", "article", "period_start"]


def test_every_bad_field_of_an_event_and_a_payout_is_named() -> None:
    """Each field of a FundEvent and a Payout is checked under its own name, all at once."""
    with pytest.raises(InvalidInputError) as err:
        FundEvent(on="2026-01-01", kind="payout", lender=CU, amount="1", reference="",  # type: ignore[arg-type]
                  county="-1", recovered="x", share=(7, 3))  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == [
        "on", "reference", "county", "recovered", "share"]
    assert err.value.problems[-1].message == "must be a LossShare (got (7, 3), a tuple)"
    with pytest.raises(InvalidInputError) as err:
        Payout(from_fund="-1", from_county=1.5)  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == ["from_fund", "from_county"]


def test_a_recovery_share_must_be_a_loss_share(fund: RiskFund) -> None:
    """A tuple is not a LossShare: refused as a wrong type, in both languages."""
    fund = paid(fund)
    assert problems(lambda: fund.recover(D("1"), CU, dt.date(2026, 6, 1), reference="L-1",
                                         share=(7, 3))) == [  # type: ignore[arg-type]
        ("share", "WRONG_TYPE", "must be a LossShare (got (7, 3), a tuple)",
         "类型错误，应为 a LossShare（实际为 (7, 3)（tuple 类型））")]


def test_a_fund_without_events_reads_zero_for_each_lender() -> None:
    """A plain policy's lenders are known before any event: each reads 0.00, as does the
    whole fund's statement of any year; the allocation events name their reference."""
    empty = RiskFund(policy=DEFAULT_POLICY)
    assert (empty.balance(CU), empty.balance(PS)) == (D("0.00"), D("0.00"))
    assert dict(empty.replay()) == {CU: D("0.00"), PS: D("0.00")}
    assert empty.statement(2026).closing == D("0.00")
    opened = RiskFund.open(on=JAN_1)
    assert [(e.reference, e.policy_id) for e in opened.events] == [
        ("allocation", "x-county-measures"), ("allocation", "x-county-measures")]


def test_a_refused_recovery_states_the_share_and_the_reference(fund: RiskFund) -> None:
    """7 000 paid for L-1. A share saying the fund bore 8 000 contradicts it; with the right
    share (7 000 + 3 000 = a loss of 10 000) a recovery of 10 000.01 is above the loss."""
    fund = paid(fund)
    wrong = LossShare(fund=D("8000"), lender=D("2000"))
    message = ("says the fund bore 8000.00, but 7000.00 was paid for 'L-1' (from the fund "
               "7000.00 + county top-up 0.00); share.fund must be the total paid for the "
               "reference")
    assert problems(lambda: fund.recover(D("1"), CU, dt.date(2026, 6, 1), reference="L-1",
                                         share=wrong)) == [
        ("share", "INVALID_VALUE", message, f"取值无效：{message}")]
    borne = LossShare(fund=D("7000"), lender=D("3000"))
    message = ("recoveries for 'L-1' would total 10000.01, more than the loss 10000.00 "
               "(earlier recoveries 0.00, got 10000.01)")
    assert problems(lambda: fund.recover(D("10000.01"), CU, dt.date(2026, 6, 1),
                                         reference="L-1", share=borne)) == [
        ("amount", "INVALID_VALUE", message, f"取值无效：{message}")]


@pytest.mark.parametrize("operation", ["contribute", "recover", "claw_back"])
def test_a_bad_amount_is_named_amount(fund: RiskFund, operation: str) -> None:
    """0 is not an amount to move (it must be > 0), whatever the operation."""
    fund = paid(fund)
    calls = {
        "contribute": lambda: fund.contribute("0", CU, dt.date(2026, 6, 1), source="x"),
        "recover": lambda: fund.recover("0", CU, dt.date(2026, 6, 1), reference="L-1"),
        "claw_back": lambda: fund.claw_back("0", CU, dt.date(2026, 6, 1), reference="L-1"),
    }
    assert [f for f, _c, _en, _zh in problems(calls[operation])] == ["amount"]


def test_every_stored_event_is_checked_after_one_of_an_unknown_lender() -> None:
    """An event of a lender the policy does not know does not stop the check: the payout of
    150 after it takes the credit union's 100 to −50."""
    events = (ALLOC, _event("contribution", "1", lender="bank_x"),
              _event("payout", "150", month=2, reference="L-1"))
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: RiskFund(policy=SMALL_100, events=events))] == [
        ("events[1].lender", "must be a lender of the policy, one of 'credit_union', "
                             "'postal_savings' (got 'bank_x', a str)"),
        ("events[2].amount", "takes the balance of credit_union below zero (-50.00)")]


_BASE = paid(RiskFund.open(on=JAN_1))
_JUNK_CALLS = [
    lambda v: _BASE.pay(v, CU, dt.date(2026, 6, 1)),
    lambda v: _BASE.pay(D(1), v, dt.date(2026, 6, 1)),
    lambda v: _BASE.pay(D(1), CU, v),
    lambda v: _BASE.pay(D(1), CU, dt.date(2026, 6, 1), reference=v),
    lambda v: _BASE.contribute(v, CU, dt.date(2026, 6, 1), source="x"),
    lambda v: _BASE.contribute(D(1), CU, dt.date(2026, 6, 1), source=v),
    lambda v: _BASE.recover(v, CU, dt.date(2026, 6, 1), reference="L-1"),
    lambda v: _BASE.recover(D(1), CU, dt.date(2026, 6, 1), reference=v),
    lambda v: _BASE.recover(D(1), CU, dt.date(2026, 6, 1), reference="L-1", share=v),
    lambda v: _BASE.recover(D(1), CU, dt.date(2026, 6, 1), reference="L-1", bad_faith=v),
    lambda v: _BASE.claw_back(v, CU, dt.date(2026, 6, 1), reference="L-1"),
    lambda v: _BASE.accrue_interest(CU, JAN_1, dt.date(2026, 6, 1), rate=v),
    lambda v: _BASE.accrue_interest(CU, v, dt.date(2026, 6, 1)),
    lambda v: _BASE.accrue_interest(CU, JAN_1, v),
    lambda v: _BASE.statement(v),
    lambda v: _BASE.statement(2026, v),
    lambda v: _BASE.replay(v),
    lambda v: RiskFund.open(v, on=JAN_1),
    lambda v: RiskFund(policy=DEFAULT_POLICY, events=v),
]


@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    """Every operation either accepts the value (a junk str may be a valid amount or reference)
    or raises InvalidInputError, never another exception."""
    for call in _JUNK_CALLS:
        with contextlib.suppress(InvalidInputError):
            call(value)


# -- the state machine --------------------------------------------------------------------------


SMALL = attrs.evolve(DEFAULT_POLICY, fund_allocations={CU: "1000", PS: "300"})
LENDER = st.sampled_from([CU, PS])
AMOUNT = st.integers(1, 80000).map(lambda f: D(f).scaleb(-2))  # 0.01 … 800.00


def naive_statement(events: tuple[FundEvent, ...], year: int,
                    lender: str | None) -> tuple[Decimal, ...]:
    """A statement by replaying every event from the start (the old, quadratic way), as a tuple:
    opening, contributions, interest, payouts, top-ups, recoveries, clawbacks, refunds, closing."""
    mine = [e for e in events if lender is None or e.lender == lender]
    opening = sum((e.delta for e in mine if e.on.year < year), D("0.00"))
    this = [e for e in mine if e.on.year == year]

    def total(*kinds: FundEventKind, county: bool = False) -> Decimal:
        return sum((e.county if county else e.amount for e in this if e.kind in kinds),
                   D("0.00"))

    K = FundEventKind
    return (opening, total(K.ALLOCATION, K.CONTRIBUTION), total(K.INTEREST), total(K.PAYOUT),
            total(K.PAYOUT, county=True), total(K.RECOVERY), total(K.CLAWBACK),
            total(K.RECOVERY, K.CLAWBACK, county=True), opening + sum(e.delta for e in this))


def as_tuple(s: FundStatement) -> tuple[Decimal, ...]:
    return (s.opening, s.contributions, s.interest, s.payouts, s.county_top_ups, s.recoveries,
            s.clawbacks, s.county_refunds, s.closing)


class FundMachine(RuleBasedStateMachine):
    """Random sequences of operations on a small fund, checked against a running model of the
    SPEC's rules and against a naive replay of the whole ledger at every step."""

    references = Bundle("references")

    @initialize()
    def open_fund(self) -> None:
        self.fund = RiskFund.open(SMALL, on=JAN_1)
        self.today = JAN_1
        self.model = {CU: D("1000"), PS: D("300")}
        self.paid: dict[tuple[str, str], Decimal] = {}
        self.paid_fund: dict[tuple[str, str], Decimal] = {}
        self.returned: dict[tuple[str, str], Decimal] = {}
        self.returned_fund: dict[tuple[str, str], Decimal] = {}
        self.shares: dict[tuple[str, str], LossShare | None] = {}
        self.recovered: dict[tuple[str, str], Decimal] = {}
        self.recoveries: dict[tuple[str, str], int] = {}
        self.interest_from = {CU: JAN_1, PS: JAN_1}
        self.count = 0
        self.older: list[tuple[RiskFund, dict[str, Decimal], int]] = []

    def advance(self, days: int) -> dt.date:
        self.today += dt.timedelta(days=days)
        return self.today

    def keep(self) -> None:
        """Remember the fund before an operation: it must stay as it was."""
        self.older.append((self.fund, dict(self.model), len(self.fund.events)))

    @rule(amount=AMOUNT, lender=LENDER, days=st.integers(0, 60))
    def contribute(self, amount: Decimal, lender: str, days: int) -> None:
        self.keep()
        self.fund = self.fund.contribute(amount, lender, self.advance(days), source="county")
        self.model[lender] += amount

    @rule(target=references, amount=AMOUNT, lender=LENDER, days=st.integers(0, 400),
          lender_part=st.one_of(st.none(), st.integers(0, 80000)), insurer_part=AMOUNT)
    def pay(self, amount: Decimal, lender: str, days: int, lender_part: int | None,
            insurer_part: Decimal) -> tuple[str, str]:
        self.count += 1
        ref = f"L-{self.count}"
        self.keep()
        self.fund, payout = self.fund.pay(amount, lender, self.advance(days), reference=ref)
        assert payout.total == amount
        assert payout.from_fund == min(amount, self.model[lender])
        self.model[lender] -= payout.from_fund
        key = (lender, ref)
        self.paid[key], self.paid_fund[key] = amount, payout.from_fund
        self.returned[key] = self.returned_fund[key] = self.recovered[key] = D(0)
        self.recoveries[key] = 0
        # the share of the loss, if the recoveries give one: the fund bore what was paid
        self.shares[key] = None if lender_part is None else LossShare(
            fund=amount, lender=D(lender_part).scaleb(-2),
            insurer=insurer_part if lender_part % 3 == 0 else D(0))
        return key

    @rule(key=references, amount=AMOUNT, bad_faith=st.booleans(), days=st.integers(0, 60),
          wrong=st.integers(0, 3).map(lambda n: n == 0))
    def recover(self, key: tuple[str, str], amount: Decimal, bad_faith: bool, days: int,
                wrong: bool) -> None:
        lender, ref = key
        share = self.shares[key]
        on = self.advance(days)
        if wrong:  # a share that contradicts the ledger is refused (and nothing changes)
            off = LossShare(fund=self.paid[key] + D("0.01"), lender=D(0))  # not what was paid
            other = off if share is None else None  # the reference's recoveries give the other
            for bad in (off, other) if self.recoveries[key] else (off,):
                with pytest.raises(InvalidInputError) as err:
                    self.fund.recover(amount, lender, on, reference=ref, share=bad,
                                      bad_faith=bad_faith)
                assert err.value.field == "share"
            return
        if share is not None and self.recovered[key] + amount > share.total:
            with pytest.raises(InvalidInputError) as err:
                self.fund.recover(amount, lender, on, reference=ref, share=share,
                                  bad_faith=bad_faith)
            assert err.value.field == "amount"
            return
        # SPEC part B: the fund side's part, then capped by what is still unreturned
        if share is not None:
            wanted = share_recovery(amount, share, bad_faith=bad_faith).fund
        elif bad_faith:
            wanted = amount
        else:
            wanted = (amount * SMALL.fund_share).quantize(D("0.01"), ROUND_HALF_UP)
        fund_part = min(wanted, self.paid[key] - self.returned[key])
        to_fund = min(fund_part, self.paid_fund[key] - self.returned_fund[key])
        self.keep()
        self.fund, split = self.fund.recover(amount, lender, on, reference=ref, share=share,
                                             bad_faith=bad_faith)
        event = self.fund.events[-1]
        assert split.total == amount
        assert split.fund == fund_part
        assert (event.amount, event.county, event.share) == (to_fund, fund_part - to_fund, share)
        self.returned[key] += fund_part
        self.returned_fund[key] += to_fund
        self.recovered[key] += amount
        self.recoveries[key] += 1
        self.model[lender] += to_fund

    @rule(key=references, amount=AMOUNT, days=st.integers(0, 60))
    def claw_back(self, key: tuple[str, str], amount: Decimal, days: int) -> None:
        lender, ref = key
        left = self.paid[key] - self.returned[key]
        if amount > left:
            with pytest.raises(InvalidInputError):
                self.fund.claw_back(amount, lender, self.advance(days), reference=ref)
            return
        self.keep()
        self.fund = self.fund.claw_back(amount, lender, self.advance(days), reference=ref)
        event = self.fund.events[-1]
        to_fund = min(amount, self.paid_fund[key] - self.returned_fund[key])
        assert (event.amount, event.county) == (to_fund, amount - to_fund)
        self.returned[key] += amount
        self.returned_fund[key] += to_fund
        self.model[lender] += event.amount

    @rule(lender=LENDER, days=st.integers(1, 120), rate=st.integers(0, 500))
    def interest(self, lender: str, days: int, rate: int) -> None:
        start = self.interest_from[lender]
        end = self.advance(days)
        expected = naive_interest(self.fund.events, lender, start, end, D(rate).scaleb(-4))
        self.keep()
        self.fund = self.fund.accrue_interest(lender, start, end, rate=D(rate).scaleb(-4))
        self.interest_from[lender] = end
        assert self.fund.events[-1].amount == expected
        self.model[lender] += expected

    @precondition(lambda self: hasattr(self, "fund"))
    @invariant()
    def balances_match_the_model_and_a_full_replay(self) -> None:
        events = self.fund.events
        replayed = {lender: D(0) for lender in (CU, PS)}
        for event in events:
            replayed[event.lender] += event.delta
            assert replayed[event.lender] >= 0  # never negative along the way
        for lender in (CU, PS):
            assert self.fund.balance(lender) == self.model[lender] == replayed[lender]
        assert replayed == dict(self.fund.replay())
        for day in {events[len(events) // 2].on, events[-1].on - dt.timedelta(days=1)}:
            naive = {lender: D(0) for lender in (CU, PS)}
            for event in events:
                if event.on <= day:
                    naive[event.lender] += event.delta
            assert dict(self.fund.replay(day)) == naive

    @precondition(lambda self: hasattr(self, "fund"))
    @invariant()
    def statements_match_a_full_replay(self) -> None:
        events = self.fund.events
        previous = None
        for year in range(2025, self.today.year + 2):
            whole = self.fund.statement(year)
            assert as_tuple(whole) == naive_statement(events, year, None)
            parts = [self.fund.statement(year, lender) for lender in (CU, PS)]
            for lender, part in zip((CU, PS), parts, strict=True):
                assert as_tuple(part) == naive_statement(events, year, lender)
            assert whole.closing == sum(p.closing for p in parts)
            if previous is not None:
                assert whole.opening == previous.closing
            previous = whole
        assert previous is not None
        assert previous.closing == self.model[CU] + self.model[PS]

    @precondition(lambda self: hasattr(self, "fund"))
    @invariant()
    def references_match_the_model(self) -> None:
        for (lender, ref), paid_total in self.paid.items():
            status = self.fund.reference_status(lender, ref)
            assert status.total == paid_total - self.returned[lender, ref]
            assert status.from_fund == self.paid_fund[lender, ref] - self.returned_fund[lender, ref]

    @precondition(lambda self: hasattr(self, "fund"))
    @invariant()
    def the_ledger_reads_back_and_older_funds_are_unchanged(self) -> None:
        # the whole check of a stored ledger accepts every ledger the operations make
        back = RiskFund(policy=self.fund.policy, events=self.fund.events)
        assert back == self.fund
        assert {lender: back.balance(lender) for lender in (CU, PS)} == self.model
        for old, model, length in self.older[-3:]:
            assert len(old.events) == length
            assert {lender: old.balance(lender) for lender in (CU, PS)} == model


    def teardown(self) -> None:
        if hasattr(self, "fund"):  # and so does from_dict, through JSON
            assert from_json(to_json(self.fund), RiskFund) == self.fund


def naive_interest(events: tuple[FundEvent, ...], lender: str, start: dt.date, end: dt.date,
                   rate: Decimal) -> Decimal:
    """Σ over the days of [start, end) of the end-of-day balance × rate / 360, from the events."""
    total = D(0)
    day = start
    while day < end:
        balance = sum((e.delta for e in events if e.lender == lender and e.on <= day), D(0))
        total += balance * rate
        day += dt.timedelta(days=1)
    return (total / 360).quantize(D("0.01"), ROUND_HALF_UP)


TestFundMachine = FundMachine.TestCase
TestFundMachine.settings = settings(
    max_examples=examples(80), stateful_step_count=steps(30), deadline=None
)


def test_only_payouts_open_a_reference(fund: RiskFund) -> None:
    """A contribution whose source reads like a loan id is not a payout: nothing to recover."""
    fund = fund.contribute(D("10"), CU, dt.date(2026, 2, 1), source="L-7")
    with pytest.raises(InvalidInputError):
        fund.recover(D("1"), CU, dt.date(2026, 2, 2), reference="L-7")
    fund, _ = fund.pay(D("5"), CU, dt.date(2026, 2, 3), reference="L-7")
    assert fund.reference_status(CU, "L-7") == Payout(from_fund=D("5"), from_county=D(0))
    assert str(FundEventKind.PAYOUT) == "payout"


def _ledger_scenario() -> tuple[object, ...]:
    fund, payout = RiskFund.open(on=JAN_1).pay(D("5000100.05"), PS, dt.date(2026, 3, 1),
                                               reference="L-1")
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 4, 1), rate="0.0035")
    fund, split = fund.recover(D("1234.57"), PS, dt.date(2026, 5, 1), reference="L-1")
    fund = fund.claw_back(D("1000.01"), PS, dt.date(2026, 6, 1), reference="L-1")
    return (payout, split, fund.statement(2026), fund.statement(2026, PS), dict(fund.replay()),
            fund.reference_status(PS, "L-1"), fund.events)


def test_the_callers_decimal_context_is_ignored() -> None:
    """Same results under a hostile caller context (3 digits, rounding down), left unchanged."""
    import decimal

    expected = _ledger_scenario()
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert _ledger_scenario() == expected
        assert decimal.getcontext().prec == 3
