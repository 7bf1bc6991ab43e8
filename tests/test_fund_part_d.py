"""The fund's ledger under part D (SPEC D1, D2, D3, D7): citations as data, schedules, unset
parameters. Every expected value is worked out by hand in the test."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    FundEvent,
    FundEventKind,
    FundStatement,
    InvalidInputError,
    LossShare,
    Policy,
    PolicyDocument,
    PolicySchedule,
    RateNotFound,
    ReasonCode,
    RiskFund,
    from_dict,
    from_json,
    load_policy,
    preset,
    share_loss,
    to_dict,
    to_json,
)
from strategies import examples

D = Decimal
JAN_1 = dt.date(2026, 1, 1)
CU, PS, RB = "credit_union", "postal_savings", "rural_bank"

#: the six ledger keys of SPEC D7, by kind of event
CODES = {
    FundEventKind.ALLOCATION: ReasonCode.FUND_ALLOCATION,
    FundEventKind.CONTRIBUTION: ReasonCode.FUND_CONTRIBUTION,
    FundEventKind.INTEREST: ReasonCode.FUND_INTEREST,
    FundEventKind.PAYOUT: ReasonCode.FUND_PAYOUT,
    FundEventKind.RECOVERY: ReasonCode.FUND_RECOVERY,
    FundEventKind.CLAWBACK: ReasonCode.FUND_CLAW_BACK,
}
#: the seed's articles of the ledger, as the events carried them before part D
SEED = {
    FundEventKind.ALLOCATION: ("Art. 5, 7", "第五条、第七条"),
    FundEventKind.CONTRIBUTION: ("Art. 5", "第五条"),
    FundEventKind.INTEREST: ("Art. 4, 5", "第四条、第五条"),
    FundEventKind.PAYOUT: ("Art. 20(4), 22, 26", "第二十条第四项、第二十二条、第二十六条"),
    FundEventKind.RECOVERY: ("Art. 23", "第二十三条"),
    FundEventKind.CLAWBACK: ("Art. 32", "第三十二条"),
}


def write(tmp_path: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def every_kind(fund: RiskFund, lender: str, year: int = 2026) -> RiskFund:
    """One operation of each kind after the opening, on ``lender``, in ``year``."""
    fund = fund.accrue_interest(lender, dt.date(year, 1, 1), dt.date(year, 2, 1), rate="0.0035")
    fund = fund.contribute("1000", lender, dt.date(year, 2, 1), source="county budget")
    fund, _ = fund.pay("7000", lender, dt.date(year, 3, 1), reference="L-1")
    fund, _ = fund.recover("1000", lender, dt.date(year, 4, 1), reference="L-1")
    return fund.claw_back("100", lender, dt.date(year, 5, 1), reference="L-1")


# -- the seed: every event's article as before, now read from the seed's citations -------------


def test_seed_events_cite_the_articles_they_always_cited() -> None:
    fund = every_kind(RiskFund.open(on=JAN_1), CU)
    got = [(e.kind, e.article, e.article_zh, e.policy_id) for e in fund.events]
    assert got == [(e.kind, *SEED[e.kind], "x-county-measures") for e in fund.events]
    assert [e.kind for e in fund.events] == [
        FundEventKind.ALLOCATION, FundEventKind.ALLOCATION, FundEventKind.INTEREST,
        FundEventKind.CONTRIBUTION, FundEventKind.PAYOUT, FundEventKind.RECOVERY,
        FundEventKind.CLAWBACK]


def test_the_ledger_citations_live_in_the_seed_file() -> None:
    """The six keys of SPEC D7, each with an article, its Chinese label and a quote of the
    Measures."""
    for kind, code in CODES.items():
        c = DEFAULT_POLICY.citations[code.value]
        assert (c.article, c.article_zh) == SEED[kind]
        assert c.quote
    assert DEFAULT_POLICY.citations["FUND_PAYOUT"].quote == "从风险补偿金中拨付给承贷金融机构"


def test_seed_statement_names_its_document() -> None:
    """Figures as before: 15 000 000 + 4 520.83 interest (15 000 000 × 0.0035 × 31 / 360 =
    4 520.833… → 4 520.83) + 1 000 − 7 000 + 700 (1 000 × 0.70) + 100 = 14 999 320.83."""
    s = every_kind(RiskFund.open(on=JAN_1), CU).statement(2026, CU)
    assert (s.interest, s.recoveries, s.clawbacks, s.closing) == (
        D("4520.83"), D("700.00"), D("100.00"), D("14999320.83"))
    assert (s.policy_id, s.policy_ids) == ("x-county-measures", ("x-county-measures",))
    quiet = RiskFund.open(on=JAN_1).statement(2030)  # no events: the policy in force that year
    assert (quiet.policy_id, quiet.policy_ids) == ("x-county-measures", ("x-county-measures",))


# -- a second county's policy file: its own document and articles (the central test) -----------

Y_COUNTY = """\
# Y县 (a county of this test): its own measures, its own articles for the fund's ledger.
fund_share = 0.75

[fund_allocations]
credit_union = 3000000
rural_bank = 1000000

[document]
id = "y-county-2025"
title = "Y县扶贫小额信贷风险补偿金管理办法"
short_name = "the Y Measures"
short_name_zh = "《Y县办法》"

[citations]
FUND_ALLOCATION = { article = "Art. 6", article_zh = "第六条", quote = "县农商行100万元" }
FUND_CONTRIBUTION = { article = "Art. 8", article_zh = "第八条" }
FUND_INTEREST = "Art. 9"
FUND_PAYOUT = { article = "Art. 15(3)", article_zh = "第十五条第三项" }
FUND_RECOVERY = { article = "Art. 16", article_zh = "第十六条", quote = "按比例返还" }
FUND_CLAW_BACK = { article = "Art. 21", article_zh = "第二十一条" }
"""
Y_ARTICLES = {
    FundEventKind.ALLOCATION: ("Art. 6", "第六条"),
    FundEventKind.CONTRIBUTION: ("Art. 8", "第八条"),
    FundEventKind.INTEREST: ("Art. 9", None),
    FundEventKind.PAYOUT: ("Art. 15(3)", "第十五条第三项"),
    FundEventKind.RECOVERY: ("Art. 16", "第十六条"),
    FundEventKind.CLAWBACK: ("Art. 21", "第二十一条"),
}


@pytest.fixture
def y_county(tmp_path: pathlib.Path) -> Policy:
    return load_policy(write(tmp_path, "y.toml", Y_COUNTY))


def test_second_county_events_cite_its_articles_never_the_seeds(y_county: Policy) -> None:
    """Y's file gives its own [document], so it inherits no citation of the seed: each event
    cites Y's article for its kind, and no event carries an article or label of the seed."""
    fund = every_kind(RiskFund.open(y_county, on=JAN_1), RB)
    assert [(e.kind, e.article, e.article_zh) for e in fund.events] == [
        (e.kind, *Y_ARTICLES[e.kind]) for e in fund.events]
    assert {e.policy_id for e in fund.events} == {"y-county-2025"}
    seed_texts = {text for pair in SEED.values() for text in pair}
    cited = {e.article for e in fund.events} | {e.article_zh for e in fund.events}
    assert not seed_texts & cited


def test_second_county_figures_by_hand(y_county: Policy) -> None:
    """Y: rural bank 1 000 000; interest Jan (31 days) 1 000 000 × 0.0035 × 31 / 360 = 301.388…
    → 301.39; + 1 000 contribution; payout 7 000 from the fund (balance enough); recovery of
    1 000 without a share: 1 000 × 0.75 (Y's fund_share) = 750; clawback 100.
    Closing 1 000 000 + 301.39 + 1 000 − 7 000 + 750 + 100 = 995 151.39."""
    fund = every_kind(RiskFund.open(y_county, on=JAN_1), RB)
    s = fund.statement(2026, RB)
    assert (s.contributions, s.interest, s.payouts, s.recoveries, s.clawbacks, s.closing) == (
        D("1001000.00"), D("301.39"), D("7000.00"), D("750.00"), D("100.00"), D("995151.39"))
    assert s.policy_id == "y-county-2025"
    assert fund.statement(2026).closing == D("3995151.39")  # + the credit union's 3 000 000
    with pytest.raises(InvalidInputError) as err:  # the seed's postal savings is not Y's lender
        fund.pay("1", PS, dt.date(2026, 6, 1))
    assert err.value.field == "lender"


def test_a_policy_without_citations_records_no_article() -> None:
    """Policy.unset: no citations at all, so every event's article and label are None; the
    figures do not depend on citations (payout 7 000 of 1 000 000)."""
    bare = Policy.unset(PolicyDocument(id="bare-fund", title="A bare fund"),
                        fund_allocations={CU: "1000000"}, fund_share="0.70")
    fund, payout = RiskFund.open(bare, on=JAN_1).pay("7000", CU, dt.date(2026, 3, 1),
                                                      reference="L-1")
    fund = fund.claw_back("7000", CU, dt.date(2026, 4, 1), reference="L-1")
    assert payout.from_fund == D("7000.00")
    assert [(e.article, e.article_zh, e.policy_id) for e in fund.events] == [
        (None, None, "bare-fund")] * 3
    assert fund.balance(CU) == D("1000000.00")
    assert from_json(to_json(fund), RiskFund) == fund  # article None survives the round trip


def test_a_citation_variant_in_the_policy_does_not_leak_into_events() -> None:
    """Only the six keys are read ("CODE", no variant): an unrelated key changes nothing, a
    changed key changes only its kind's events."""
    changed = attrs.evolve(DEFAULT_POLICY, citations={
        **DEFAULT_POLICY.citations,
        "FUND_PAYOUT": Citation("Art. 26", "第二十六条"),
        "FUND_PAYOUT:other": Citation("Art. 99"),
    })
    fund, _ = RiskFund.open(changed, on=JAN_1).pay("1", CU, dt.date(2026, 2, 1))
    assert [e.article for e in fund.events] == ["Art. 5, 7", "Art. 5, 7", "Art. 26"]


# -- stored ledgers --------------------------------------------------------------------------


def test_a_ledger_stored_before_part_d_still_loads() -> None:
    """A stored event without article_zh and policy_id (the format before part D) loads, with
    both None; the ledger's figures are those of the events."""
    fund = every_kind(RiskFund.open(on=JAN_1), CU)
    data = to_dict(fund)
    assert data["events"][0]["policy_id"] == "x-county-measures"
    for event in data["events"]:
        del event["article_zh"], event["policy_id"]
    old = from_dict(data, RiskFund)
    assert [(e.article_zh, e.policy_id) for e in old.events] == [(None, None)] * 7
    assert [e.article for e in old.events] == [e.article for e in fund.events]
    assert old.balance(CU) == fund.balance(CU) == D("14999320.83")
    assert old.statement(2026).policy_ids == ("x-county-measures",)  # resolved by the policy
    assert old == fund  # the annotations are not part of equality; the articles are
    back = from_dict(to_dict(fund), RiskFund)
    assert back == fund
    assert [(e.article_zh, e.policy_id) for e in back.events] == [
        (e.article_zh, e.policy_id) for e in fund.events]
    assert attrs.evolve(fund.events[0], article="Art. 7") != fund.events[0]


def test_fund_event_and_statement_validate_the_new_fields() -> None:
    with pytest.raises(InvalidInputError) as err:
        FundEvent(on=JAN_1, kind="payout", lender=CU, amount="1", article="",
                  article_zh=3, policy_id="")  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == ["article", "article_zh", "policy_id"]
    assert FundEvent(on=JAN_1, kind="payout", lender=CU, amount="1").article is None
    with pytest.raises(InvalidInputError) as err:
        FundStatement(year=2026, lender=None, opening="0", contributions="0", interest="0",
                      payouts="0", county_top_ups="0", recoveries="0", clawbacks="0",
                      county_refunds="0", closing="0", policy_id=1,  # type: ignore[arg-type]
                      policy_ids=("a", ""))
    assert [p.field for p in err.value.problems] == ["policy_id", "policy_ids[1]"]


# -- a schedule: the fund share changes from 0.70 to 0.80 on 2026-07-01 ----------------------

CHANGE = dt.date(2026, 7, 1)
REVISED = attrs.evolve(
    DEFAULT_POLICY, fund_share=D("0.80"), effective_from=CHANGE,
    document=PolicyDocument(id="x-county-2026", title="X县风险补偿金管理办法（2026年修订）",
                            short_name="the revised Measures", short_name_zh="本办法"),
)  # keeps the seed's citations: attrs.evolve changes only what it names
SHARE_CHANGE = PolicySchedule([DEFAULT_POLICY, REVISED])


def test_schedule_a_payout_before_and_after_the_share_changes() -> None:
    """The seed (0.70) is in force until 2026-06-30, the revision (0.80) from 2026-07-01.
    Each operation follows the policy in force on its date (SPEC D2, D7).

    credit union 15 000 000.00
    06-01 L-1 loss 10 000 × 0.70 = 7 000 paid            → 14 993 000
    06-15 L-1 recovered 1 000, no share: × 0.70 = 700     → 14 993 700
    06-20 L-3 loss 10 000 × 0.70 = 7 000 paid            → 14 986 700
    09-01 L-2 loss 10 000 × 0.80 = 8 000 paid            → 14 978 700
    10-01 L-2 recovered 1 000, no share: × 0.80 = 800     → 14 979 500
    10-15 L-1 recovered 1 000, no share: the revision is in force on the recovery's date,
          × 0.80 = 800                                    → 14 980 300
    10-20 L-3 recovered 1 000 with the share it was borne in (7 000 : 3 000):
          1 000 × 7 000 / 10 000 = 700                    → 14 981 000
    payouts 7 000 + 7 000 + 8 000 = 22 000; recoveries 700 + 800 + 800 + 700 = 3 000;
    closing 15 000 000 − 22 000 + 3 000 = 14 981 000."""
    fund = RiskFund.open(SHARE_CHANGE, on=JAN_1)
    before = share_loss(D("10000"), SHARE_CHANGE.on(dt.date(2026, 6, 1)))
    assert (before.fund, before.lender) == (D("7000.00"), D("3000.00"))
    fund, p1 = fund.pay(before.fund, CU, dt.date(2026, 6, 1), reference="L-1")
    assert fund.balance(CU) == D("14993000.00")
    fund, r1 = fund.recover("1000", CU, dt.date(2026, 6, 15), reference="L-1")
    assert (r1.fund, r1.lender) == (D("700.00"), D("300.00"))
    fund, _ = fund.pay("7000", CU, dt.date(2026, 6, 20), reference="L-3")
    after = share_loss(D("10000"), SHARE_CHANGE.on(dt.date(2026, 9, 1)))
    assert (after.fund, after.lender) == (D("8000.00"), D("2000.00"))
    fund, p2 = fund.pay(after.fund, CU, dt.date(2026, 9, 1), reference="L-2")
    assert (p1.from_fund, p2.from_fund) == (D("7000.00"), D("8000.00"))
    assert fund.balance(CU) == D("14978700.00")
    fund, r2 = fund.recover("1000", CU, dt.date(2026, 10, 1), reference="L-2")
    fund, r3 = fund.recover("1000", CU, dt.date(2026, 10, 15), reference="L-1")
    fund, r4 = fund.recover("1000", CU, dt.date(2026, 10, 20), reference="L-3",
                            share=LossShare(fund="7000", lender="3000"))
    assert (r2.fund, r3.fund, r4.fund) == (D("800.00"), D("800.00"), D("700.00"))
    s = fund.statement(2026, CU)
    assert (s.payouts, s.recoveries, s.closing) == (D("22000.00"), D("3000.00"),
                                                    D("14981000.00"))
    assert s.closing == fund.balance(CU)
    assert s.policy_ids == ("x-county-measures", "x-county-2026")
    assert s.policy_id == "x-county-2026"
    assert [(e.on.isoformat(), e.policy_id) for e in fund.events if e.on.month in (6, 9)] == [
        ("2026-06-01", "x-county-measures"), ("2026-06-15", "x-county-measures"),
        ("2026-06-20", "x-county-measures"), ("2026-09-01", "x-county-2026")]
    # the revision keeps the seed's citations: same articles, another document
    assert {e.article for e in fund.events if e.kind is FundEventKind.PAYOUT} == {
        "Art. 20(4), 22, 26"}
    assert fund.statement(2027).policy_ids == ("x-county-2026",)  # a quiet year: in force then
    assert from_json(to_json(fund), RiskFund) == fund


def test_schedule_a_quiet_year_before_the_schedule_names_no_document() -> None:
    later = attrs.evolve(REVISED, effective_from=None)  # a schedule in force from 2026 only
    starts = PolicySchedule([attrs.evolve(later, effective_from=JAN_1)])
    fund = RiskFund.open(starts, on=JAN_1)
    s = fund.statement(2025)
    assert (s.policy_id, s.policy_ids, s.closing) == (None, (), D("0.00"))
    with pytest.raises(InvalidInputError) as err:
        RiskFund.open(starts, on=dt.date(2025, 12, 31))
    assert err.value.field == "on"
    assert "before the first policy" in str(err.value)


def test_schedule_interest_follows_the_policy_in_force_on_its_end() -> None:
    """From 2026-02-15 the account earns the 1-year tier (1.50 %) instead of demand (0.35 %);
    accrue_interest follows the policy in force on its ``end`` (SPEC D7), for the whole period.

    postal savings 5 000 000
    Jan 1 → Feb 1 (31 days), ends under the seed: 5 000 000 × 0.0035 × 31 / 360 = 1 506.944…
        → 1 506.94 (balance 5 001 506.94 from Feb 1)
    Feb 1 → Mar 1 (28 days), ends under the revision (1y 1.50 % on every day, Feb 1–14 too):
        5 001 506.94 × 0.015 × 28 / 360 = 5 835.091… → 5 835.09"""
    tiered = attrs.evolve(REVISED, fund_deposit_tier="1y", effective_from=dt.date(2026, 2, 15))
    fund = RiskFund.open(PolicySchedule([DEFAULT_POLICY, tiered]), on=JAN_1)
    fund = fund.accrue_interest(PS, JAN_1, dt.date(2026, 2, 1))
    fund = fund.accrue_interest(PS, dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    assert [(e.amount, e.policy_id) for e in fund.events[2:]] == [
        (D("1506.94"), "x-county-measures"), (D("5835.09"), "x-county-2026")]


# -- a schedule whose policies have different lenders ----------------------------------------

REALLOCATED = attrs.evolve(
    DEFAULT_POLICY, effective_from=dt.date(2027, 1, 1),
    fund_allocations={CU: D("15000000"), RB: D("2000000")},
    document=PolicyDocument(id="x-county-2027", title="X县风险补偿金管理办法（2027年）"),
)
LENDERS_CHANGE = PolicySchedule([DEFAULT_POLICY, REALLOCATED])


def test_schedule_lenders_are_those_of_the_policy_in_force() -> None:
    """From 2027 the rural bank replaces postal savings. An operation names a lender of the
    policy in force on its date; the new policy's allocation moves no money by itself (the
    leading group's reallocation is a contribution); readers see every lender of the ledger.

    2027 opens with 15 000 000 + 5 000 000 (postal savings keeps its balance) + 0 = 20 000 000;
    the rural bank gets 2 000 000 → closing 22 000 000; a payout of 2 000 100 at the rural bank
    takes its 2 000 000 and the county tops up 100."""
    fund = RiskFund.open(LENDERS_CHANGE, on=JAN_1)
    with pytest.raises(InvalidInputError) as err:  # 2026: not yet a lender
        fund.contribute("1", RB, dt.date(2026, 12, 1), source="x")
    assert err.value.field == "lender"
    assert "x-county-measures is the policy in force on 2026-12-01" in str(err.value)
    assert fund.balance(RB) == D("0.00")  # known to the schedule, not yet seen
    fund = fund.contribute("2000000", RB, dt.date(2027, 1, 2),
                           source="reallocation approved by the leading group")
    with pytest.raises(InvalidInputError) as err:  # 2027: no longer a lender
        fund.pay("1000", PS, dt.date(2027, 2, 1), reference="L-9")
    assert err.value.field == "lender"
    assert "x-county-2027 is the policy in force on 2027-02-01" in str(err.value)
    fund, payout = fund.pay("2000100", RB, dt.date(2027, 3, 1), reference="L-10")
    assert (payout.from_fund, payout.from_county) == (D("2000000.00"), D("100.00"))
    assert fund.balance(PS) == D("5000000.00")  # still readable
    s = fund.statement(2027)
    assert (s.opening, s.contributions, s.payouts, s.county_top_ups, s.closing) == (
        D("20000000.00"), D("2000000.00"), D("2000000.00"), D("100.00"), D("20000000.00"))
    assert fund.statement(2027, PS).closing == D("5000000.00")
    assert fund.reference_status(RB, "L-10").from_county == D("100.00")
    with pytest.raises(InvalidInputError) as err:
        fund.balance("icbc")
    assert err.value.field == "lender"
    assert "'credit_union', 'postal_savings', 'rural_bank'" in str(err.value)
    assert dict(fund.replay(dt.date(2026, 12, 31))) == {CU: D("15000000.00"),
                                                         PS: D("5000000.00")}
    assert from_json(to_json(fund), RiskFund) == fund


def test_schedule_refusals_say_which_policy_and_which_lenders() -> None:
    """Under LENDERS_CHANGE (the seed until 2026-12-31: credit union and postal savings; from
    2027 the rural bank instead of postal savings). An operation for a lender the policy in
    force does not know names that policy and the day; a reader for a lender neither the
    ledger nor any policy of the schedule knows lists all three, in the order the ledger and
    then the schedule bring them; a schedule starting 2026-01-01 refuses an earlier date under
    the operation's own field. Each in English and, under 取值无效, in Chinese."""
    def one(field: str, message: str) -> list[tuple[str, str, str, str]]:
        return [(field, "INVALID_VALUE", message, f"取值无效：{message}")]

    fund = RiskFund.open(LENDERS_CHANGE, on=JAN_1)
    assert problems(lambda: fund.contribute("1", RB, dt.date(2026, 12, 1), source="x")) == one(
        "lender", "must be a lender of the policy, one of 'credit_union', 'postal_savings' "
        "(got 'rural_bank', a str); x-county-measures is the policy in force on 2026-12-01")
    assert problems(lambda: fund.accrue_interest(RB, JAN_1, dt.date(2026, 2, 1))) == one(
        "lender", "must be a lender of the policy, one of 'credit_union', 'postal_savings' "
        "(got 'rural_bank', a str); x-county-measures is the policy in force on 2026-02-01")
    for reader in (lambda: fund.balance("icbc"), lambda: fund.statement(2026, "icbc"),
                   lambda: fund.reference_status("icbc", "L-1")):
        assert problems(reader) == one(
            "lender", "must be a lender of the ledger or of a policy of its schedule, one of "
            "'credit_union', 'postal_savings', 'rural_bank' (got 'icbc', a str)")
    assert problems(lambda: fund.balance(7)) == one(  # type: ignore[arg-type]
        "lender", "must be a lender of the ledger or of a policy of its schedule, one of "
        "'credit_union', 'postal_savings', 'rural_bank' (got 7, an int)")
    starts = PolicySchedule([attrs.evolve(DEFAULT_POLICY, effective_from=JAN_1)])
    late = RiskFund(policy=starts)  # no events yet: every date is open to it
    before = "2025-12-31 is before the first policy of the schedule (x-county-measures, from " \
             "2026-01-01)"
    assert problems(lambda: RiskFund.open(starts, on=dt.date(2025, 12, 31))) == one("on", before)
    assert problems(lambda: late.contribute("1", CU, dt.date(2025, 12, 31), source="x")) == one(
        "on", before)
    assert problems(lambda: late.accrue_interest(CU, dt.date(2025, 12, 1),
                                                 dt.date(2025, 12, 31))) == one("end", before)


def test_schedule_stored_events_follow_the_policy_of_their_dates() -> None:
    """A stored ledger is checked against the policy in force on each event's date: a lender
    the policy of that date does not know, or a date before the schedule, is refused."""
    fund = RiskFund.open(LENDERS_CHANGE, on=JAN_1)
    late = FundEvent(on=dt.date(2027, 5, 1), kind="contribution", lender=PS, amount="1",
                     reference="x")
    with pytest.raises(InvalidInputError) as err:
        RiskFund(policy=LENDERS_CHANGE, events=(*fund.events, late))
    assert err.value.field == "events[2].lender"
    starts = PolicySchedule([attrs.evolve(DEFAULT_POLICY, effective_from=JAN_1)])
    early = FundEvent(on=dt.date(2025, 5, 1), kind="allocation", lender=CU, amount="1")
    with pytest.raises(InvalidInputError) as err:
        RiskFund(policy=starts, events=(early,))
    assert err.value.field == "events[0].on"
    assert RiskFund(policy=LENDERS_CHANGE).statement(2026).closing == D("0.00")


def test_schedule_stored_payout_of_a_lender_new_to_the_ledger() -> None:
    """Under LENDERS_CHANGE the rural bank is a lender from 2027, but the ledger opened in 2026
    has no event of it: a stored payout of 0 from its fund (nothing there) with 100 topped up
    by the county is what a payout of 100 there would record, and is accepted."""
    fund = RiskFund.open(LENDERS_CHANGE, on=JAN_1)
    topped = FundEvent(on=dt.date(2027, 3, 1), kind="payout", lender=RB, amount="0",
                       county="100", reference="L-10")
    back = RiskFund(policy=LENDERS_CHANGE, events=(*fund.events, topped))
    assert back.reference_status(RB, "L-10") == fund.pay(
        "100", RB, dt.date(2027, 3, 1), reference="L-10")[0].reference_status(RB, "L-10")
    assert back.reference_status(RB, "L-10").from_county == D("100.00")
    assert back.balance(RB) == D("0.00")


def test_schedule_interest_of_a_lender_new_to_the_ledger_is_zero() -> None:
    """Under LENDERS_CHANGE the rural bank may earn interest from 2027, but it holds nothing
    until its first event: January 2027 earns 0.00, and its balance stays 0.00."""
    fund = RiskFund.open(LENDERS_CHANGE, on=JAN_1)
    fund = fund.accrue_interest(RB, dt.date(2027, 1, 1), dt.date(2027, 2, 1), rate="0.0035")
    assert (fund.events[-1].lender, fund.events[-1].amount) == (RB, D("0.00"))
    assert fund.balance(RB) == D("0.00")


def test_interest_asks_the_rates_of_the_policy_it_follows() -> None:
    """The deposit table is confirmed through 2015-10-24 (pboc_deposit.csv). A policy that
    refuses unconfirmed rates gets no demand rate for 2026 (RateNotFound naming it), the seed
    (which notes them) gets 0.35 %; a rate given explicitly needs no table."""
    refusing = attrs.evolve(DEFAULT_POLICY, unconfirmed_rates="refuse")
    fund = RiskFund.open(refusing, on=JAN_1)
    with pytest.raises(RateNotFound, match=r"2026-01-01 is after 2015-10-24, .* policy "
                                           r"x-county-measures refuses unconfirmed rates"):
        fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1))
    assert fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1), rate="0.0035").balance(
        CU) == D("15004520.83")  # 15 M × 0.0035 × 31 / 360 = 4 520.83


def test_schedule_interest_names_its_start_and_end() -> None:
    """Under a schedule too, a start given as text is refused as ``start`` and an end before the
    last event (2026-03-01) as ``end``; a payout dated then, as ``on``."""
    fund = RiskFund.open(LENDERS_CHANGE, on=JAN_1).contribute("1", CU, dt.date(2026, 3, 1),
                                                             source="x")
    ((field, code, _en, _zh),) = problems(
        lambda: fund.accrue_interest(CU, "2026-01-01", dt.date(2026, 4, 1)))  # type: ignore[arg-type]
    assert (field, code) == ("start", "WRONG_TYPE")
    message = ("the ledger's dates must not go backwards: the last event is dated 2026-03-01 "
               "(got 2026-02-01)")
    assert problems(lambda: fund.accrue_interest(CU, JAN_1, dt.date(2026, 2, 1))) == [
        ("end", "INVALID_VALUE", message, f"取值无效：{message}")]
    assert problems(lambda: fund.pay("1", CU, dt.date(2026, 2, 1), reference="L-1")) == [
        ("on", "INVALID_VALUE", message, f"取值无效：{message}")]


def test_serialised_schedule_is_a_list_of_policies() -> None:
    fund = RiskFund.open(SHARE_CHANGE, on=JAN_1)
    data = to_dict(fund)
    assert [p["document"]["id"] for p in data["policy"]] == ["x-county-measures",
                                                             "x-county-2026"]
    assert from_dict(data, RiskFund).policy == SHARE_CHANGE
    with pytest.raises(InvalidInputError) as err:
        from_dict({**data, "policy": "x-county-measures"}, RiskFund)
    assert err.value.field == "policy"
    with pytest.raises(InvalidInputError) as err:
        RiskFund.open("x-county-measures", on=JAN_1)  # type: ignore[arg-type]
    assert err.value.field == "policy"


# -- unset parameters: read only when needed ------------------------------------------------


def test_a_national_preset_cannot_open_a_fund() -> None:
    with pytest.raises(InvalidInputError) as err:
        RiskFund.open(preset("national-2021"), on=JAN_1)
    assert err.value.field == "policy.fund_allocations"
    assert "national-2021 does not set fund_allocations" in str(err.value)


def test_fund_share_and_deposit_tier_are_needed_only_when_used() -> None:
    """Unset share and tier: a payout, a recovery with its share or in bad faith, and interest at
    a given rate need neither; a recovery without a share needs fund_share, interest at the
    benchmark needs fund_deposit_tier."""
    bare = Policy.unset(PolicyDocument(id="bare-fund", title="A bare fund"),
                        fund_allocations={CU: "1000000"})
    fund, _ = RiskFund.open(bare, on=JAN_1).pay("7000", CU, dt.date(2026, 3, 1),
                                                reference="L-1")
    with pytest.raises(InvalidInputError) as err:
        fund.recover("1000", CU, dt.date(2026, 4, 1), reference="L-1")
    assert err.value.field == "policy.fund_share"
    fund, split = fund.recover("1000", CU, dt.date(2026, 4, 1), reference="L-1",
                               share=LossShare(fund="7000", lender="3000"))
    assert split.fund == D("700.00")  # 1 000 × 7 000 / 10 000
    with pytest.raises(InvalidInputError) as err:
        fund.accrue_interest(CU, JAN_1, dt.date(2026, 4, 1))
    assert err.value.field == "policy.fund_deposit_tier"
    fund = fund.accrue_interest(CU, JAN_1, dt.date(2026, 4, 1), rate="0.0035")
    # 1 000 000 × 59 days (Jan 1 – Feb 28) + 993 000 × 31 (Mar) = 59 000 000 + 30 783 000
    # = 89 783 000 balance-days × 0.0035 / 360 = 872.8902… → 872.89 (Apr 1 sees the recovery
    # only at the end of the period)
    assert fund.events[-1].amount == D("872.89")


def test_nanao_extended_by_a_county_file_shares_eight_to_two(tmp_path: pathlib.Path) -> None:
    """nanao-2025 sets fund_share 0.8 but no allocations; a county file extends it with them.
    It brings no [document] and no [citations]: the events name nanao-2025 and cite nothing.

    loss 10 000: fund 10 000 × 0.8 = 8 000, bank 2 000; paid from 3 000 000 → 2 992 000;
    recovered 2 500 without a share: 2 500 × 0.8 = 2 000 to the fund → 2 994 000, 500 to the
    bank."""
    path = write(tmp_path, "nanao-banks.toml", (
        'extends = "nanao-2025"\n'
        "[fund_allocations]\n"
        "rural_bank = 3000000\n"
        "postal_savings = 1000000\n"))
    nanao = load_policy(path)
    loss = share_loss(D("10000"), nanao)
    assert (loss.fund, loss.lender) == (D("8000.00"), D("2000.00"))
    fund, payout = RiskFund.open(nanao, on=JAN_1).pay(loss.fund, RB, dt.date(2026, 5, 1),
                                                      reference="N-1")
    assert payout.from_fund == D("8000.00")
    assert fund.balance(RB) == D("2992000.00")
    fund, back = fund.recover("2500", RB, dt.date(2026, 8, 1), reference="N-1")
    assert (back.fund, back.lender) == (D("2000.00"), D("500.00"))
    assert fund.balance(RB) == D("2994000.00")
    assert {(e.article, e.article_zh, e.policy_id) for e in fund.events} == {
        (None, None, "nanao-2025")}
    assert fund.statement(2026).policy_id == "nanao-2025"
    with pytest.raises(InvalidInputError) as err:  # nanao gives no deposit tier
        fund.accrue_interest(RB, JAN_1, dt.date(2026, 9, 1))
    assert err.value.field == "policy.fund_deposit_tier"


# -- property: every event cites the policy in force on its date -----------------------------

OTHER = attrs.evolve(
    DEFAULT_POLICY, citations={code.value: Citation(f"Art. {40 + i}", f"第{40 + i}条")
                               for i, code in enumerate(CODES.values())},
    document=PolicyDocument(id="other-doc", title="Another document"),
)


@settings(max_examples=examples(40), deadline=None)
@given(
    change=st.integers(1, 200),
    ops=st.lists(st.tuples(st.sampled_from(["pay", "contribute", "interest"]),
                           st.integers(0, 10), st.integers(1, 50_000)), max_size=12),
)
def test_every_event_cites_the_policy_in_force_on_its_date(
    change: int, ops: list[tuple[str, int, int]]
) -> None:
    changes_on = JAN_1 + dt.timedelta(days=change)
    schedule = PolicySchedule([DEFAULT_POLICY, attrs.evolve(OTHER, effective_from=changes_on)])
    fund = RiskFund.open(schedule, on=JAN_1)
    day = JAN_1
    for kind, step, amount in ops:
        start, day = day, day + dt.timedelta(days=step)
        if kind == "pay":
            fund, _ = fund.pay(amount, CU, day)
        elif kind == "contribute":
            fund = fund.contribute(amount, PS, day, source="county budget")
        elif day > start:
            fund = fund.accrue_interest(CU, start, day, rate="0.0035")
    for e in fund.events:
        governing = schedule.on(e.on)
        cited = governing.cite(CODES[e.kind])
        assert (e.article, e.article_zh, e.policy_id) == (
            cited.article, cited.article_zh, governing.id)
    year_ids = fund.statement(2026).policy_ids
    assert year_ids[0] == "x-county-measures"
    assert set(year_ids) == {schedule.on(e.on).id for e in fund.events if e.on.year == 2026}


def test_unset_allocations_are_named_once() -> None:
    """A stored ledger under a policy without allocations is refused once, naming the
    parameter; so is every event of a schedule whose policy in force sets none (one problem)."""
    national = preset("national-2021")
    events = RiskFund.open(on=JAN_1).events
    with pytest.raises(InvalidInputError) as err:
        RiskFund(policy=national, events=events)
    assert [p.field for p in err.value.problems] == ["policy.fund_allocations"]
    empty = RiskFund(policy=national)  # nothing to check yet
    with pytest.raises(InvalidInputError) as err:
        empty.statement(2026)
    assert err.value.field == "policy.fund_allocations"
    schedule = PolicySchedule([attrs.evolve(national, effective_from=None)])
    with pytest.raises(InvalidInputError) as err:
        RiskFund(policy=schedule, events=events)
    assert [p.field for p in err.value.problems] == ["policy.fund_allocations"]
    later = PolicySchedule([DEFAULT_POLICY, attrs.evolve(national, effective_from=CHANGE)])
    fund = RiskFund.open(later, on=JAN_1)
    with pytest.raises(InvalidInputError) as err:
        fund.pay("1", CU, CHANGE)
    assert err.value.field == "policy.fund_allocations"
    assert fund.balance(CU) == D("15000000.00")  # readers: the lenders the ledger has seen


# -- a statement's year and balance, pinned (issue 14) -----------------------------------------

FLOWS = {"lender": CU, "opening": "10", "contributions": "1", "interest": "2", "payouts": "3",
         "county_top_ups": "0", "recoveries": "4", "clawbacks": "5", "county_refunds": "0"}


def test_statement_year_bounds_and_the_balance_it_states() -> None:
    """10 + 1 + 2 − 3 + 4 + 5 = 19: a closing of 19 balances, 20 does not; years 1–9999."""
    assert [FundStatement(year=y, closing="19", **FLOWS).year for y in (1, 9999)] == [1, 9999]
    for year in (0, 10000):
        assert problems(lambda year=year: FundStatement(year=year, closing="19", **FLOWS)) == [
            ("year", "OUT_OF_RANGE", f"must be between 1 and 9999 (got {year})",
             f"应在 1 到 9999 之间（实际为 {year}）")]
    ((field, _code, message, _zh),) = problems(
        lambda: FundStatement(year=2026, closing="20", **FLOWS))
    assert (field, message) == ("closing", (
        "does not balance: opening 10.00 + contributions 1.00 + interest 2.00 − payouts 3.00 + "
        "recoveries 4.00 + clawbacks 5.00 = 19.00 (got 20.00)"))
