"""check_claim and share_loss under other documents and dates (SPEC D1, D2, D3, D5, D7).

Every expected value is worked out by hand from SPEC part D and the presets' sourced values; the
arithmetic (which policy a schedule picks and why; loss × covered cap ÷ principal; the rounding)
is written beside each case.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    CappedLossShare,
    CompensationClaim,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossCause,
    LossShare,
    NaturalPerson,
    Policy,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    check_claim,
    from_dict,
    load_policy,
    preset,
    share_loss,
    share_recovery,
    to_dict,
)
from strategies import compensation_claims

D = Decimal

ORDER = [
    ReasonCode.NOT_OVERDUE_ENOUGH,
    ReasonCode.NOTICE_TOO_SHORT,
    ReasonCode.NOTICE_OBJECTION,
    ReasonCode.MISSING_TOWN_OPINION,
    ReasonCode.NOT_APPROVED,
    ReasonCode.LOSS_NOT_DETERMINED,
    ReasonCode.NO_COLLECTION_IN_PERIOD,
    ReasonCode.RECOURSE_NOT_PERFORMED,
    ReasonCode.MAJOR_EVENT_NOT_HANDLED,
    ReasonCode.LOAN_NOT_AS_REQUIRED,
    ReasonCode.CAUSE_NOT_COVERED,
]

PERSON = NaturalPerson(id="P-1", birth_date=dt.date(1975, 4, 2), registered_poor=True)


def loan(principal: str = "50000", start: dt.date = dt.date(2025, 3, 1), **changes: object) -> Loan:
    base = Loan(id="L-1", borrower=PERSON, lender="credit_union", principal=principal,
                start_date=start, maturity_date=start + dt.timedelta(days=365),
                annual_rate="0.0435")
    return attrs.evolve(base, **changes)


def claim(the_loan: Loan | None = None, **changes: object) -> CompensationClaim:
    """A claim on a 2025-03-01 loan due 2026-03-01 that passes every seed point on 2026-06-09
    (Mar 1 → Jun 1 = 92 days, → Jun 9 = 100 days past due; notice Apr 1 → Apr 8 = 7 days)."""
    the_loan = the_loan or loan()
    due = the_loan.maturity_date
    base = CompensationClaim(
        loan=the_loan, due_date=due, unpaid_principal=the_loan.principal,
        unpaid_interest="1812.50", notice_start=due + dt.timedelta(days=31),
        notice_end=due + dt.timedelta(days=38), cause=LossCause.DEATH, approved=True,
    )
    return attrs.evolve(base, **changes)


ON = dt.date(2026, 6, 9)


def write(tmp_path: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def seed_texts() -> set[str]:
    """Every article, Chinese label and quote of the seed's citations."""
    found: set[str] = set()
    for c in DEFAULT_POLICY.citations.values():
        found.update(x for x in (c.article, c.article_zh, c.quote) if x)
    return found


# -- a second county's own document and articles (the central test) ------------------------------

Z_COUNTY = """\
# Z县 (a county of this test): its own measures, its own articles.
min_days_past_due = 60
min_notice_days = 10
fund_share = 0.6

[fund_allocations]
credit_union = 3000000

[document]
id = "z-county-2020"
title = "Z县扶贫小额信贷风险补偿金管理办法"
short_name = "the Z Measures"
short_name_zh = "《Z县办法》"

[citations]
NOT_OVERDUE_ENOUGH = { article = "Art. 15", article_zh = "第十五条", quote = "逾期60天" }
NOTICE_TOO_SHORT = { article = "Art. 16", article_zh = "第十六条", quote = "公示10天" }
NO_COLLECTION_IN_PERIOD = { article = "Art. 17(1)", article_zh = "第十七条第一项", \
quote = "不受理" }
"CAUSE_NOT_COVERED:death" = { article = "Art. 18(1)", article_zh = "第十八条第一项" }
"""


@pytest.fixture
def z_county(tmp_path: pathlib.Path) -> Policy:
    return load_policy(write(tmp_path, "z.toml", Z_COUNTY))


def test_second_county_cites_its_own_articles_never_the_seeds(z_county: Policy) -> None:
    """Z's file gives its own [document], so it inherits no citation of the seed: the four codes
    it cites carry its articles; every other finding has article None and names "the Z Measures".

    Judged on 2026-05-05: Mar 1 → May 1 = 61, → May 5 = 65 days past due ≥ 60 (Z Art. 15); the
    notice 2026-04-01 → 2026-04-08 lasted 7 days < 10 (Z Art. 16); the lender did not dun."""
    d = check_claim(claim(collected_in_period=False), dt.date(2026, 5, 5), z_county)
    assert d.policy_id == "z-county-2020"
    assert list(d.codes) == [ReasonCode.NOTICE_TOO_SHORT, ReasonCode.NO_COLLECTION_IN_PERIOD]
    by_code = {r.code: r for r in d.findings}
    overdue = by_code[ReasonCode.NOT_OVERDUE_ENOUGH]
    assert (overdue.article, overdue.article_zh, overdue.passed) == ("Art. 15", "第十五条", True)
    assert overdue.message == (
        "65 days past due on 2026-05-05 (due 2026-03-01), at least 60 (Art. 15 逾期60天)"
    )
    assert overdue.message_zh == "截至2026-05-05逾期65天（2026-03-01到期），已满60天（第十五条）"
    notice = by_code[ReasonCode.NOTICE_TOO_SHORT]
    assert notice.article == "Art. 16"
    assert notice.message == (
        "public notice from 2026-04-01 through 2026-04-08 lasted only 7 days, fewer than 10 "
        "(Art. 16 公示10天)"
    )
    assert notice.message_zh == "公示期2026-04-01至2026-04-08仅7天，少于10天（第十六条：公示10天）"
    dun = by_code[ReasonCode.NO_COLLECTION_IN_PERIOD]
    assert dun.article == "Art. 17(1)"
    assert dun.message_zh == "合作金融机构未在追索期内向借款人催收，不受理（第十七条第一项）"
    cause = by_code[ReasonCode.CAUSE_NOT_COVERED]
    assert (cause.article, cause.message_zh) == (
        "Art. 18(1)", "损失原因为借款人死亡，属第十八条第一项")
    uncited = [r for r in d.findings if r.code not in {
        ReasonCode.NOT_OVERDUE_ENOUGH, ReasonCode.NOTICE_TOO_SHORT,
        ReasonCode.NO_COLLECTION_IN_PERIOD, ReasonCode.CAUSE_NOT_COVERED}]
    assert len(uncited) == 7
    for r in uncited:
        assert r.article is None
        assert r.article_zh is None
        assert "the Z Measures" in r.message
        assert "《Z县办法》" in r.message_zh
    seed = seed_texts()
    for r in d.findings:
        for text in seed:
            assert text not in r.message, (r.code, text)
            assert text not in r.message_zh, (r.code, text)


def test_second_county_without_a_cause_citation_names_its_document(z_county: Policy) -> None:
    """Z cites only the death item: a natural disaster is covered (SPEC B), citing the document."""
    r = check_claim(claim(cause=LossCause.NATURAL_DISASTER), ON, z_county).findings[-1]
    assert r.passed
    assert r.article is None
    assert r.message == "the loss came from a major natural disaster, covered by the Z Measures"
    assert r.message_zh == "损失原因为重大自然灾害，属《Z县办法》"


def test_second_county_failed_messages_name_the_document(z_county: Policy) -> None:
    """Every finding failed under Z: the uncited ones speak of Z's document, never the seed."""
    bad = claim(objections=1, town_station_signed=False, approved=False, loss_determined=False,
                recourse_performed=False, major_event_acted=False, lent_as_required=False,
                cause=LossCause.OTHER)
    d = check_claim(bad, ON, z_county)
    msgs = {r.code: (r.message, r.message_zh) for r in d.reasons}
    assert msgs[ReasonCode.LOSS_NOT_DETERMINED] == (
        "the poverty office has not determined the loss; paying without a loss determination "
        "is what the Z Measures forbids",
        "县扶农办未进行损失核定；未经损失核定而支付风险补偿金属《Z县办法》所列行为",
    )
    assert msgs[ReasonCode.NOTICE_OBJECTION] == (
        "1 objection(s) were raised during the public notice; only claims without objection go "
        "forward (the Z Measures)",
        "公示期内有1项异议，只有公示期内无异议的贷款户方可审核确认（《Z县办法》）",
    )
    assert msgs[ReasonCode.RECOURSE_NOT_PERFORMED][0] == (
        "the lender did not perform its recourse duty under the Z Measures: the claim is not "
        "accepted (the Z Measures)"
    )
    assert msgs[ReasonCode.MISSING_TOWN_OPINION][1] == "镇扶贫工作站未核准并签署意见（《Z县办法》）"
    seed = seed_texts()
    for en, zh in msgs.values():
        assert not [t for t in seed if t in en or t in zh]


def test_second_county_extending_the_seed_overrides_one_article(tmp_path: pathlib.Path) -> None:
    """extends = "x-county-measures" keeps the seed's citations, key by key: only the overridden
    article changes (Y县 counts 60 days under its own 第十二条)."""
    path = write(tmp_path, "y.toml", """\
extends = "x-county-measures"
min_days_past_due = 60
[citations]
NOT_OVERDUE_ENOUGH = { article = "Art. 12", article_zh = "第十二条", quote = "逾期60天" }
""")
    d = check_claim(claim(), ON, load_policy(path))
    assert d.findings[0].article == "Art. 12"
    assert d.findings[0].message.endswith("at least 60 (Art. 12 逾期60天)")
    assert d.findings[1].article == "Art. 20(2)"  # inherited from the seed
    assert d.policy_id == "x-county-measures"  # no [document]: the parent's


# -- nanao-2025: 8 : 2, 90 days, no citations, no notice period ----------------------------------


def test_nanao_alone_refuses_naming_min_notice_days() -> None:
    """NANAO [V] gives 90 days and 8 : 2, not the notice period: the claim refuses, naming it."""
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), ON, preset("nanao-2025"))
    assert err.value.field == "policy.min_notice_days"
    assert "nanao-2025 does not set min_notice_days" in str(err.value)


NANAO_COUNTY = """\
extends = "nanao-2025"
# the county's own notice period and its banks' accounts (NANAO: "fund split between two banks")
min_notice_days = 7
[fund_allocations]
credit_union = 2000000
postal_savings = 1000000
"""


def test_nanao_extended_by_a_county_file(tmp_path: pathlib.Path) -> None:
    """With the notice period supplied the claim is judged under NANAO: every article is None and
    the messages name the document; 100 days past due ≥ NANAO's 90."""
    policy = load_policy(write(tmp_path, "nanao-county.toml", NANAO_COUNTY))
    d = check_claim(claim(), ON, policy)
    assert bool(d)
    assert d.policy_id == "nanao-2025"
    assert [r.code for r in d.findings] == ORDER  # NANAO caps nothing: no cover note
    assert all(r.article is None and r.article_zh is None for r in d.findings)
    assert d.findings[0].message == (
        "100 days past due on 2026-06-09 (due 2026-03-01), at least 90 (the Nanao Measures)"
    )
    assert d.findings[0].message_zh == (
        "截至2026-06-09逾期100天（2026-03-01到期），已满90天（《南澳县脱贫人口小额信贷风险补偿金管理办法(试行)》）"
    )
    # 8 : 2 of the loss 50 000 + 1 812.50 = 51 812.50: fund 41 450.00, bank 10 362.50
    share = share_loss(claim(), policy, on=ON)
    assert share == LossShare(fund=D("41450.00"), lender=D("10362.50"))


def test_nanao_county_file_needs_its_lenders(tmp_path: pathlib.Path) -> None:
    """NANAO leaves fund_allocations unset: without the county's banks the lender cannot be
    checked, and the claim refuses naming the parameter."""
    path = write(tmp_path, "n.toml", 'extends = "nanao-2025"\nmin_notice_days = 7\n')
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), ON, load_policy(path))
    assert err.value.field == "policy.fund_allocations"


def test_unknown_lender_is_refused() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(loan(lender="rural_bank")), ON)
    assert err.value.field == "claim.loan.lender"
    assert "'rural_bank'" in str(err.value)


def test_policy_without_the_overdue_days_refuses_naming_it() -> None:
    bare = Policy.unset(PolicyDocument(id="bare", title="A bare document"), min_notice_days=7,
                        fund_allocations={"credit_union": 1})
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), ON, bare)
    assert err.value.field == "policy.min_days_past_due"


def test_policy_without_either_period_names_both() -> None:
    """Every missing parameter of one claim is reported at once (STYLE: one error, all problems)."""
    bare = Policy.unset(PolicyDocument(id="bare", title="A bare document"),
                        fund_allocations={"credit_union": 1})
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), ON, bare)
    assert [p.field for p in err.value.problems] == [
        "policy.min_days_past_due", "policy.min_notice_days"]
    assert "bare does not set min_notice_days" in str(err.value)


# -- yanjin-2016: 50 : 50 and a 3万 cap --------------------------------------------------------


def test_yanjin_shares_half_and_half() -> None:
    """YANJIN [V] fund 50 : bank 50: 10 000 → 5 000 / 5 000; 0.05 × 0.5 = 0.025 → 0.03 (half up)."""
    yanjin = preset("yanjin-2016")
    assert share_loss(D("10000"), yanjin) == LossShare(fund=D("5000"), lender=D("5000"))
    assert share_loss(D("0.05"), yanjin) == LossShare(fund=D("0.03"), lender=D("0.02"))


def test_yanjin_claim_above_its_cap() -> None:
    """YANJIN caps a household's loan at 30 000 and sets no separate cover: a 40 000 loan with
    40 000 unpaid (+ 0 interest) has covered = 40 000 × 30 000 ÷ 40 000 = 30 000.00;
    fund = 30 000 × 0.5 = 15 000.00; lender = 40 000 − 15 000 = 25 000.00. share_loss needs only
    fund_share, not the claim parameters yanjin leaves unset."""
    c = claim(loan("40000"), unpaid_interest="0")
    share = share_loss(c, preset("yanjin-2016"), on=ON)
    assert share == CappedLossShare(fund=D("15000"), lender=D("25000"), covered=D("30000"))
    assert share.uncovered == D("10000.00")


# -- national-2021 extended with the fund's parameters: 5万 of a 10万 top-up covered -----------

N2021_COUNTY = """\
extends = "national-2021"
fund_share = 0.7
min_days_past_due = 90
min_notice_days = 7
[fund_allocations]
credit_union = 10000000
"""


@pytest.fixture
def n2021(tmp_path: pathlib.Path) -> Policy:
    return load_policy(write(tmp_path, "n2021-county.toml", N2021_COUNTY))


def test_national_2021_covers_only_the_first_50000(n2021: Policy) -> None:
    """An 80 000 loan (allowed: N2021 caps loans at 10万) with a loss of 60 000: covered =
    60 000 × 50 000 ÷ 80 000 = 3 000 000 000 ÷ 80 000 = 37 500.00; fund = 37 500 × 0.7 =
    26 250.00; lender = 60 000 − 26 250 = 33 750.00 (its 30 % of the covered part, 11 250, plus
    the 22 500 above the cover)."""
    c = claim(loan("80000", start=dt.date(2021, 3, 1)), unpaid_principal="60000",
              unpaid_interest="0")
    share = share_loss(c, n2021, on=ON)
    assert share == CappedLossShare(fund=D("26250"), lender=D("33750"), insurer=D(0),
                                    covered=D("37500"))
    assert share.total == c.loss == D("60000.00")
    d = check_claim(c, ON, n2021)
    assert bool(d)
    assert d.policy_id == "national-2021"
    note = d.findings[-1]
    assert [r.code for r in d.findings] == [*ORDER, ReasonCode.LOSS_ABOVE_COVER]
    assert note.passed
    assert note.article is None
    assert note.message == (
        "the principal 80000.00 is above the 50000.00 the fund covers: the covered loss is "
        "60000.00 × 50000.00 ÷ 80000.00 = 37500.00, shared with the fund; the other 22500.00 "
        "of the loss 60000.00 is the lender's alone (银保监发〔2021〕6号)"
    )
    assert note.message_zh == (
        "本金80000.00元超过风险补偿金覆盖的50000.00元：覆盖损失 = 60000.00 × 50000.00 ÷ "
        "80000.00 = 37500.00元，由风险补偿金按比例分担；其余22500.00元（损失共60000.00元）"
        "由贷款机构自行承担（银保监发〔2021〕6号）"
    )


@pytest.mark.parametrize(
    ("loss", "covered", "fund", "lender"),
    [
        # 33 333.33 × 50 000 ÷ 80 000 = 20 833.33125 → 20 833.33; × 0.7 = 14 583.331 → 14 583.33
        ("33333.33", "20833.33", "14583.33", "18750.00"),
        # 0.04 × 0.625 = 0.025 → 0.03 (half up, not to even); × 0.7 = 0.021 → 0.02
        ("0.04", "0.03", "0.02", "0.02"),
        # 100.01 × 0.625 = 62.50625 → 62.51; × 0.7 = 43.757 → 43.76; lender 100.01 − 43.76
        ("100.01", "62.51", "43.76", "56.25"),
    ],
)
def test_covered_part_rounds_once_half_up(
    n2021: Policy, loss: str, covered: str, fund: str, lender: str
) -> None:
    c = claim(loan("80000", start=dt.date(2021, 3, 1)), unpaid_principal=loss,
              unpaid_interest="0")
    share = share_loss(c, n2021, on=ON)
    assert (share.covered, share.fund, share.lender) == (D(covered), D(fund), D(lender))


def test_a_few_fen_rounding_back_to_the_whole_are_covered_whole(n2021: Policy) -> None:
    """0.01 lost on a 50 000.01 loan: 0.01 × 50 000 ÷ 50 000.01 = 0.0099999… → 0.01, the whole
    loss: nothing is left uncovered, so the share is a plain one and there is no note."""
    c = claim(loan("50000.01", start=dt.date(2021, 3, 1)), unpaid_principal="0.01",
              unpaid_interest="0")
    share = share_loss(c, n2021, on=ON)
    assert type(share) is LossShare
    assert share == LossShare(fund=D("0.01"), lender=D("0.00"))  # 0.007 → 0.01
    assert [r.code for r in check_claim(c, ON, n2021).findings] == ORDER


def test_a_loan_at_the_cover_is_covered_whole(n2021: Policy) -> None:
    """50 000 ≤ the 50 000 covered ("5万元（含）以下"): a plain share, covered None, no note."""
    c = claim(loan("50000", start=dt.date(2021, 3, 1)))
    share = share_loss(c, n2021, on=ON)
    assert type(share) is LossShare
    assert share.covered is None
    # 51 812.50 × 0.7 = 36 268.75
    assert share == LossShare(fund=D("36268.75"), lender=D("15543.75"))
    assert [r.code for r in check_claim(c, ON, n2021).findings] == ORDER


def test_insured_loan_above_the_cover_is_shared_whole(n2021: Policy) -> None:
    """Insured at 80 %: insurer 60 000 × 0.8 = 48 000, lender 12 000; the fund pays nothing, so its
    cover is not applied and the decision has no cover note (Art. 22, SPEC D7)."""
    insured = loan("80000", start=dt.date(2021, 3, 1), insurer_share="0.8")
    c = claim(insured, unpaid_principal="60000", unpaid_interest="0")
    share = share_loss(c, n2021, on=ON)
    assert share == LossShare(fund=D(0), lender=D("12000"), insurer=D("48000"))
    assert share.covered is None
    assert share_loss(c, n2021, on=ON, insurer_share=D("0.8")) == share
    assert [r.code for r in check_claim(c, ON, n2021).findings] == ORDER


def test_entity_loan_is_covered_whole(n2021: Policy) -> None:
    """An entity's limit is its households' entitlements (Art. 10): its loan is not cut to one
    household's cover. 100 000 × 0.7 = 70 000."""
    household = NaturalPerson(id="P-9", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    coop = LegalEntity(id="E-1", name="红旗合作社", kind=EntityKind.COOPERATIVE,
                       agreements=(DrivingAgreement(household=household,
                                                    signed_on=dt.date(2021, 1, 1)),))
    c = claim(loan("100000", start=dt.date(2021, 3, 1), borrower=coop), unpaid_interest="0",
              cause=None)
    assert share_loss(c, n2021, on=ON) == LossShare(fund=D("70000"), lender=D("30000"))


def test_seed_loan_above_its_limit_gets_the_note() -> None:
    """Under the seed the cover is the loan cap, 50 000 (Art. 10, 13): a 60 000 loan (which fails
    check_loan_terms) with a loss of 60 000 + 0 has covered = 60 000 × 50 000 ÷ 60 000 = 50 000;
    fund = 35 000, lender = 25 000. The verdict is unchanged; the note is a passed finding."""
    c = claim(loan("60000"), unpaid_interest="0")
    d = check_claim(c, ON)
    assert bool(d)
    note = d.findings[-1]
    assert (note.code, note.article, note.article_zh) == (
        ReasonCode.LOSS_ABOVE_COVER, "Art. 10, 13", "第十条、第十三条")
    assert note.message.endswith("the other 10000.00 of the loss 60000.00 is the lender's alone "
                                 "(Art. 10, 13)")
    assert share_loss(c, on=ON) == CappedLossShare(fund=D("35000"), lender=D("25000"),
                                                   covered=D("50000"))
    # the bare loss knows no principal: part B's 70 % of the whole, as ever
    assert share_loss(c.loss) == LossShare(fund=D("42000"), lender=D("18000"))


# -- schedules: which policy governs the claim --------------------------------------------------


@pytest.fixture
def book(n2021: Policy) -> PolicySchedule:
    """The seed (always), then the 2021 county file from 2021-01-01, keeping older contracts."""
    return PolicySchedule([DEFAULT_POLICY, n2021])


def test_schedule_keeps_an_old_contract_under_the_seed(book: PolicySchedule) -> None:
    """A contract of 2020-06-01 judged on 2022-03-01: for_contract takes the latest policy in
    force on the day (national-2021, from 2021-01-01) only if it switches older contracts or was
    in force at the start; it keeps them out, so the seed governs: its 70 % of the whole loss and
    its articles."""
    old = claim(loan("50000", start=dt.date(2020, 6, 1)))
    on = dt.date(2021, 9, 9)  # due 2021-06-01; Jun 1 → Sep 1 = 92, → Sep 9 = 100 days
    d = check_claim(old, on, book)
    assert d.policy_id == "x-county-measures"
    assert d.findings[0].article == "Art. 19"
    assert share_loss(old, book, on=on) == LossShare(fund=D("36268.75"), lender=D("15543.75"))


def test_schedule_judges_a_new_contract_under_2021(book: PolicySchedule) -> None:
    """A contract of 2021-03-01 (after 2021-01-01) on 2022-06-09: national-2021 governs; its 80 000
    loan with 60 000 lost has 37 500 covered, as computed above."""
    new = claim(loan("80000", start=dt.date(2021, 3, 1)), unpaid_principal="60000",
                unpaid_interest="0")
    d = check_claim(new, ON, book)
    assert d.policy_id == "national-2021"
    assert d.findings[0].article is None
    assert share_loss(new, book, on=ON).covered == D("37500.00")


def test_schedule_switch_governs_older_contracts(n2021: Policy) -> None:
    """With existing_contracts = "switch" the 2021 file governs the 2020 contract too, from its
    effective date on the judging day: fund 8 : 2 → 51 812.50 × 0.8 = 41 450.00."""
    switch = attrs.evolve(n2021, existing_contracts="switch", fund_share="0.8")
    old = claim(loan("50000", start=dt.date(2020, 6, 1)))
    on = dt.date(2021, 9, 9)
    assert check_claim(old, on, PolicySchedule([DEFAULT_POLICY, switch])).policy_id == \
        "national-2021"
    assert share_loss(old, PolicySchedule([DEFAULT_POLICY, switch]), on=on) == LossShare(
        fund=D("41450"), lender=D("10362.50"))


def test_schedule_with_no_policy_for_the_contract(n2021: Policy) -> None:
    """A schedule that starts in 2021 and keeps older contracts out governs no 2020 contract."""
    old = claim(loan("50000", start=dt.date(2020, 6, 1)))
    with pytest.raises(InvalidInputError) as err:
        check_claim(old, dt.date(2021, 9, 9), PolicySchedule([n2021]))
    assert err.value.field == "start_date"
    with pytest.raises(InvalidInputError):
        share_loss(old, PolicySchedule([n2021]), on=dt.date(2021, 9, 9))


# -- share_loss: bad input ----------------------------------------------------------------------


def test_share_loss_of_a_claim_needs_on() -> None:
    with pytest.raises(InvalidInputError) as err:
        share_loss(claim())
    assert err.value.field == "on"
    with pytest.raises(InvalidInputError) as err:
        share_loss(claim(), on=dt.datetime(2026, 6, 9, 8, 0))  # type: ignore[arg-type]
    assert err.value.field == "on"
    with pytest.raises(InvalidInputError) as err:
        share_loss(claim(), on=dt.date(2025, 2, 28))  # before the loan's start
    assert err.value.field == "on"


def test_share_loss_of_a_bare_loss_takes_no_on_and_no_long_schedule(book: PolicySchedule) -> None:
    with pytest.raises(InvalidInputError) as err:
        share_loss(D("100"), on=ON)
    assert err.value.field == "on"
    with pytest.raises(InvalidInputError) as err:
        share_loss(D("100"), book)
    assert err.value.field == "policy"
    # a schedule of one policy is that policy
    assert share_loss(D("100"), PolicySchedule([DEFAULT_POLICY])) == share_loss(D("100"))


def test_share_loss_insurer_share_must_agree_with_the_loan() -> None:
    with pytest.raises(InvalidInputError) as err:
        share_loss(claim(), on=ON, insurer_share=D("0.5"))  # the loan is uninsured
    assert err.value.field == "insurer_share"
    insured = claim(loan(insurer_share="0.8"))
    with pytest.raises(InvalidInputError) as err:
        share_loss(insured, on=ON, insurer_share=D("0.7"))
    assert err.value.field == "insurer_share"


def test_share_loss_of_a_claim_needs_the_fund_share() -> None:
    """national-2021 alone leaves the fund's parameters unset (SPEC D3)."""
    c = claim(loan("80000", start=dt.date(2021, 3, 1)))
    with pytest.raises(InvalidInputError) as err:
        share_loss(c, preset("national-2021"), on=ON)
    assert err.value.field == "policy.fund_share"


def test_share_loss_refuses_a_bad_policy() -> None:
    with pytest.raises(InvalidInputError) as err:
        share_loss(claim(), {"fund_share": "0.7"}, on=ON)  # type: ignore[arg-type]
    assert err.value.field == "policy"


# -- CappedLossShare ------------------------------------------------------------------------------


def test_capped_share_is_a_loss_share_with_covered() -> None:
    s = CappedLossShare(fund="26250", lender="33750", covered="37500")
    assert isinstance(s, LossShare)
    assert repr(s) == ("CappedLossShare(fund=Decimal('26250.00'), lender=Decimal('33750.00'), "
                       "insurer=Decimal('0.00'), covered=Decimal('37500.00'))")
    assert to_dict(s) == {"fund": "26250.00", "lender": "33750.00", "insurer": "0.00",
                          "covered": "37500.00"}
    assert from_dict(to_dict(s), CappedLossShare) == s
    assert s != LossShare(fund="26250", lender="33750")


def test_plain_share_repr_and_dict_unchanged() -> None:
    s = LossShare(fund="7000", lender="3000")
    assert repr(s) == ("LossShare(fund=Decimal('7000.00'), lender=Decimal('3000.00'), "
                       "insurer=Decimal('0.00'))")
    assert to_dict(s) == {"fund": "7000.00", "lender": "3000.00", "insurer": "0.00"}
    assert (s.covered, s.uncovered) == (None, D("0.00"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"covered": "30000"}, "covered"),  # above the whole loss 26 250 + 1 (fund + lender)
        ({"covered": "100"}, "covered"),  # below the fund's part
        ({"covered": -1}, "covered"),
        ({"covered": 1.5}, "covered"),
        ({"fund": "x"}, "fund"),
    ],
)
def test_capped_share_validates(changes: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"fund": "26250", "lender": "1", "covered": "26250"}
    args.update(changes)
    with pytest.raises(InvalidInputError) as err:
        CappedLossShare(**args)  # type: ignore[arg-type]
    assert err.value.field == field


def test_recovery_of_a_capped_share_follows_what_each_bore() -> None:
    """6 000 recovered of the 60 000 loss borne 26 250 (fund) / 33 750 (lender): fund = 6 000 ×
    26 250 ÷ 60 000 = 2 625.00, lender 3 375.00 (Art. 23: in the proportions borne)."""
    borne = CappedLossShare(fund="26250", lender="33750", covered="37500")
    assert share_recovery(D("6000"), borne) == LossShare(fund=D("2625"), lender=D("3375"))


# -- properties ---------------------------------------------------------------------------------

fractions = st.integers(0, 100).map(lambda n: D(n).scaleb(-2))
caps = st.none() | st.integers(1, 200).map(lambda n: D(n * 500))


@given(compensation_claims(), fractions, caps)
def test_covered_shares_add_up(
    c: CompensationClaim, fund_share: Decimal, cap: Decimal | None
) -> None:
    """Parts add up to the loss exactly; 0 ≤ fund ≤ covered ≤ loss; an uncapped share is plain."""
    policy = attrs.evolve(DEFAULT_POLICY, fund_share=fund_share, max_covered_principal=cap)
    share = share_loss(c, policy, on=c.loan.start_date)
    assert share.total == c.loss
    assert min(share.fund, share.lender, share.insurer) >= 0
    covered = c.loss if share.covered is None else share.covered
    assert share.fund <= covered <= c.loss
    assert share.covered is None or share.covered < c.loss  # capped only when a part is left
    if c.loan.insurer_share is not None:
        assert share.fund == 0
        assert share.covered is None
    limit = policy.covered_cap
    if share.covered is not None:
        assert c.loan.is_natural_person
        assert c.loan.principal > limit


# -- a county that cites (nearly) nothing: every message names its document -----------------------

W_COUNTY = """\
# W县 (a county of this test): its own document, one citation only (Art. 9 for the objection).
min_days_past_due = 90
min_notice_days = 7
fund_share = 0.6

[fund_allocations]
credit_union = 1000000

[document]
id = "w-county-2021"
title = "W县扶贫小额信贷风险补偿办法"
short_name = "the W Measures"
short_name_zh = "《W县办法》"

[citations]
NOTICE_OBJECTION = { article = "Art. 9", article_zh = "第九条", quote = "对公示无异议的贷款户" }
"""


@pytest.fixture
def w_county(tmp_path: pathlib.Path) -> Policy:
    return load_policy(write(tmp_path, "w.toml", W_COUNTY))


def test_uncited_passed_findings_name_the_document(w_county: Policy) -> None:
    """Without a citation a finding's article is None and its messages name "the W Measures" /
    《W县办法》 where the seed's cite an article; the words the seed quotes fall back to the
    module's own (报领导小组批准, 核定). The objection's "none" variant falls back to Art. 9
    itself, quote included. Judged on 2026-06-09: 100 days past due, notice 7 days and over."""
    d = check_claim(claim(), ON, w_county)
    w, wz = "the W Measures", "《W县办法》"
    assert [(r.code, r.article, r.article_zh, r.passed, r.message, r.message_zh)
            for r in d.findings] == [
        (ReasonCode.NOT_OVERDUE_ENOUGH, None, None, True,
         f"100 days past due on 2026-06-09 (due 2026-03-01), at least 90 ({w})",
         f"截至2026-06-09逾期100天（2026-03-01到期），已满90天（{wz}）"),
        (ReasonCode.NOTICE_TOO_SHORT, None, None, True,
         f"public notice from 2026-04-01 through 2026-04-08: 7 days, at least 7, and over on "
         f"2026-06-09 ({w})",
         f"公示期2026-04-01至2026-04-08共7天，不少于7天，2026-06-09已期满（{wz}）"),
        (ReasonCode.NOTICE_OBJECTION, "Art. 9", "第九条", True,
         "no objection was raised during the public notice (Art. 9 对公示无异议的贷款户)",
         "公示期内无异议（第九条）"),
        (ReasonCode.MISSING_TOWN_OPINION, None, None, True,
         f"the town poverty station verified the claim and signed its opinion ({w})",
         f"镇扶贫工作站已核准并签署意见（{wz}）"),
        (ReasonCode.NOT_APPROVED, None, None, True,
         f"approved by the county leading group after the joint review ({w})",
         f"经联合审核确认，已报领导小组批准（{wz}）"),
        (ReasonCode.LOSS_NOT_DETERMINED, None, None, True,
         f"the poverty office determined the loss ({w})",
         f"县扶农办已对贷款损失进行核定（{wz}）"),
        (ReasonCode.NO_COLLECTION_IN_PERIOD, None, None, True,
         f"the lender dunned the borrower within the recourse period ({w})",
         f"合作金融机构已在追索期内向借款人催收（{wz}）"),
        (ReasonCode.RECOURSE_NOT_PERFORMED, None, None, True,
         f"the lender performed its recourse duty ({w})",
         f"合作金融机构已按规定履行追索义务（{wz}）"),
        (ReasonCode.MAJOR_EVENT_NOT_HANDLED, None, None, True,
         f"no failure to act on or report a major event endangering the loan ({w})",
         f"不存在对危及贷款安全的重大事项未及时采取措施并告知的情形（{wz}）"),
        (ReasonCode.LOAN_NOT_AS_REQUIRED, None, None, True,
         f"the loan was made as the poverty office required ({w})",
         f"合作金融机构已按县扶农办要求发放贷款（{wz}）"),
        (ReasonCode.CAUSE_NOT_COVERED, None, None, True,
         f"the loss came from death of the borrower, covered by {w}",
         f"损失原因为借款人死亡，属{wz}"),
    ]
    assert d.policy_id == "w-county-2021"


def test_uncited_failed_findings_name_the_document(w_county: Policy) -> None:
    """Every point failed under W, judged on 2026-04-08: Mar 1 → Apr 1 = 31, → Apr 8 = 38 days
    past due < 90 (earliest Mar 1 + 90 days = May 30); the notice Apr 1 → Apr 8 (7 days) is not
    over on its last day. Without quotes the module's own words stand: 核准并签署意见,
    领导小组, 核定, 不受理; the penalty has no quote to add; the objection's condition is the
    module's 公示期内无异议 (Art. 9 gives no separate "none" words)."""
    bad = claim(objections=1, town_station_signed=False, approved=False, loss_determined=False,
                collected_in_period=False, recourse_performed=False, major_event_acted=False,
                major_event_reported=False, lent_as_required=False, cause=LossCause.OTHER)
    d = check_claim(bad, dt.date(2026, 4, 8), w_county)
    w, wz = "the W Measures", "《W县办法》"
    got = [(r.code, r.article, r.passed, r.message, r.message_zh) for r in d.findings]
    notice = got.pop(1)
    assert notice[:4] == (
        ReasonCode.NOTICE_TOO_SHORT, None, False,
        "public notice from 2026-04-01 through 2026-04-08 is not over on 2026-04-08 "
        f"(objections may come until the end of 2026-04-08) ({w})")
    # the Chinese: the period, then the one problem, then the document without a quote
    # (long enough, so the day comes first, parted from the period by a comma)
    assert notice[4] == ("公示期2026-04-01至2026-04-08，2026-04-08尚未期满（异议可提至2026-04-08"
                         f"当日结束）（{wz}）")
    assert got == [
        (ReasonCode.NOT_OVERDUE_ENOUGH, None, False,
         f"only 38 days past due on 2026-04-08 (due 2026-03-01); a claim needs at least 90 "
         f"({w}): not before 2026-05-30",
         f"截至2026-04-08仅逾期38天（2026-03-01到期），不足90天（{wz}），最早2026-05-30起可申请"),
        (ReasonCode.NOTICE_OBJECTION, "Art. 9", False,
         "1 objection(s) were raised during the public notice; only claims without objection "
         "go forward (Art. 9 对公示无异议的贷款户)",
         "公示期内有1项异议，只有公示期内无异议的贷款户方可审核确认（第九条）"),
        (ReasonCode.MISSING_TOWN_OPINION, None, False,
         f"the town poverty station has not verified the claim and signed its opinion ({w})",
         f"镇扶贫工作站未核准并签署意见（{wz}）"),
        (ReasonCode.NOT_APPROVED, None, False,
         f"not (yet) approved by the county leading group ({w})",
         f"未经领导小组批准（{wz}）"),
        (ReasonCode.LOSS_NOT_DETERMINED, None, False,
         f"the poverty office has not determined the loss; paying without a loss determination "
         f"is what {w} forbids",
         f"县扶农办未进行损失核定；未经损失核定而支付风险补偿金属{wz}所列行为"),
        (ReasonCode.NO_COLLECTION_IN_PERIOD, None, False,
         f"the lender did not dun the borrower within the recourse period: the claim is not "
         f"accepted ({w})",
         f"合作金融机构未在追索期内向借款人催收，不受理（{wz}）"),
        (ReasonCode.RECOURSE_NOT_PERFORMED, None, False,
         f"the lender did not perform its recourse duty under {w}: the claim is not accepted "
         f"({w})",
         f"合作金融机构未按规定履行追索义务，不受理（{wz}）"),
        (ReasonCode.MAJOR_EVENT_NOT_HANDLED, None, False,
         f"the lender knew of a major event endangering the loan and did not act promptly and "
         f"did not notify the poverty office, causing the loss: the claim is not accepted ({w})",
         f"合作金融机构确认借款人已发生危及贷款安全的重大事项而未及时采取措施、未告知县扶农办，"
         f"造成贷款损失，不受理（{wz}）"),
        (ReasonCode.LOAN_NOT_AS_REQUIRED, None, False,
         f"the lender did not lend as the poverty office required, causing the loss: the claim "
         f"is not accepted ({w})",
         f"合作金融机构未按县扶农办要求发放贷款，造成贷款损失，不受理（{wz}）"),
        (ReasonCode.CAUSE_NOT_COVERED, None, False,
         f"the cause, another cause, not accepted by the leading group, is not one of {w} "
         "(death, lost working capacity or similar loss of income; major natural disaster or "
         "similar force majeure; another cause the leading group accepted)",
         f"损失原因（其他原因（领导小组未认可））不属于{wz}所列情形"),
    ]


def test_the_approving_body_only_beside_its_own_article(tmp_path: pathlib.Path) -> None:
    """The seed's NOT_APPROVED:body (Art. 20(3), 县金融扶贫工作领导小组) names the body because
    it cites the approval's own article; a variant citing another article (Art. 5 here) is not
    put beside Art. 20(3): the failed Chinese says the module's 领导小组."""
    path = write(tmp_path, "v.toml", """\
extends = "x-county-measures"
[citations]
"NOT_APPROVED:body" = { article = "Art. 5", article_zh = "第五条", quote = "县扶贫开发领导小组" }
""")
    r = check_claim(claim(approved=False), ON, load_policy(path)).reasons[0]
    assert (r.code, r.article) == (ReasonCode.NOT_APPROVED, "Art. 20(3)")
    assert r.message_zh == "未经领导小组批准（第二十条第三项）"


def test_a_document_quoting_the_approval_but_naming_no_body(tmp_path: pathlib.Path) -> None:
    """A county file whose NOT_APPROVED quotes the whole act ("报县领导小组批准", Art. 20(3)) but
    gives no "NOT_APPROVED:body": the failed Chinese names the module's 领导小组, not the quote
    (which would read "未经报县领导小组批准批准"); the passed one says the act as quoted. A
    [document] of its own drops the seed's citations (the body variant with them)."""
    path = write(tmp_path, "q.toml", """\
extends = "x-county-measures"
[document]
id = "q-county"
title = "Q县扶贫小额信贷管理办法"
short_name_zh = "Q县办法"
[citations]
NOT_APPROVED = { article = "Art. 20(3)", article_zh = "第二十条第三项", quote = "报县领导小组批准" }
""")
    policy = load_policy(path)
    assert "NOT_APPROVED:body" not in policy.citations
    failed = check_claim(claim(approved=False), ON, policy)
    [r] = [r for r in failed.reasons if r.code is ReasonCode.NOT_APPROVED]
    assert r.message_zh == "未经领导小组批准（第二十条第三项）"
    [ok] = [r for r in check_claim(claim(), ON, policy).findings
            if r.code is ReasonCode.NOT_APPROVED]
    assert ok.message_zh == "经联合审核确认，已报县领导小组批准（第二十条第三项）"
