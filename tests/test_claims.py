"""days_past_due and check_claim (Art. 19-25, 32).

Every expected value is worked out by hand from SPEC B "Compensation claims" and the Measures; the
arithmetic is in each case's docstring or comment.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    CompensationClaim,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    ReasonCode,
    check_claim,
    days_past_due,
)
from strategies import compensation_claims, junk

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
LOAN = Loan(id="L-1", borrower=PERSON, lender="credit_union", principal="50000",
            start_date=dt.date(2025, 3, 1), maturity_date=dt.date(2026, 3, 1),
            annual_rate="0.0435")
DUE = dt.date(2026, 3, 1)
# Mar 1 → Apr 1 = 31 days, → May 1 = 61, → May 29 = 89, → May 30 = 90.
DAY_89 = dt.date(2026, 5, 29)
DAY_90 = dt.date(2026, 5, 30)


def claim(**changes: object) -> CompensationClaim:
    """A claim that passes every point when judged on 2026-06-09 (100 days past due)."""
    base = CompensationClaim(
        loan=LOAN, due_date=DUE, unpaid_principal="50000", unpaid_interest="1812.50",
        notice_start=dt.date(2026, 4, 1), notice_end=dt.date(2026, 4, 8),
        cause=LossCause.DEATH, approved=True,
    )
    return attrs.evolve(base, **changes)


ON = dt.date(2026, 6, 9)  # Mar 1 → Jun 1 = 92 days, → Jun 9 = 100


# -- days_past_due ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "on", "expected"),
    [
        (DUE, DUE, 0),  # the due date itself: nothing overdue yet
        (DUE, dt.date(2026, 3, 2), 1),  # art. 201: day 1 is the day after
        (DUE, DAY_89, 89),
        (DUE, DAY_90, 90),
        (DUE, dt.date(2026, 2, 1), 0),  # before the due date: 0, not -28
        # leap year: Feb 29 → Mar 1 is 1 day, → May 29 is 1 + 31 + 30 + 28 = 90
        (dt.date(2024, 2, 29), dt.date(2024, 5, 29), 90),
        (dt.date(2025, 12, 31), dt.date(2026, 3, 31), 90),  # across a year: 31 + 28 + 31
    ],
)
def test_days_past_due(due: dt.date, on: dt.date, expected: int) -> None:
    assert days_past_due(due, on) == expected


@pytest.mark.parametrize("bad", [dt.datetime(2026, 3, 1, 9, 0), "2026-03-01", None, 20260301])
def test_days_past_due_refuses_non_dates(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        days_past_due(bad, ON)  # type: ignore[arg-type]
    assert err.value.field == "due_date"
    with pytest.raises(InvalidInputError) as err:
        days_past_due(DUE, bad)  # type: ignore[arg-type]
    assert err.value.field == "on"


# -- check_claim: the whole ---------------------------------------------------------------------


def test_good_claim_passes_every_point_in_order() -> None:
    d = check_claim(claim(), ON)
    assert bool(d)
    assert [r.code for r in d.findings] == ORDER
    assert all(r.passed for r in d.findings)
    assert d.subject == "L-1"
    assert all(r.article and r.message and r.message_zh for r in d.findings)


def test_every_failure_is_reported_at_once() -> None:
    """Nothing short-circuits: a claim wrong on every point lists all eleven failures."""
    bad = claim(notice_end=dt.date(2026, 4, 3), objections=2, town_station_signed=False,
                approved=False, loss_determined=False, collected_in_period=False,
                recourse_performed=False, major_event_acted=False, lent_as_required=False,
                cause=LossCause.OTHER)
    d = check_claim(bad, dt.date(2026, 4, 2))  # 32 days past due, notice not over
    assert list(d.codes) == ORDER


# -- Art. 19: 90 days ---------------------------------------------------------------------------


def test_89_days_is_not_enough() -> None:
    """Mar 1 → May 29 is 89 days (31 + 30 + 28): below 90."""
    d = check_claim(claim(), DAY_89)
    assert list(d.codes) == [ReasonCode.NOT_OVERDUE_ENOUGH]
    r = d.reasons[0]
    assert r.article == "Art. 19"
    assert "89 days" in r.message
    assert "90" in r.message
    assert "2026-05-30" in r.message
    assert "逾期89天" in r.message_zh
    assert "不足90天" in r.message_zh


def test_90_days_is_enough() -> None:
    """Mar 1 → May 30 is 90 days: "逾期90天" reached (≥, inclusive)."""
    d = check_claim(claim(), DAY_90)
    assert bool(d)
    assert "90 days past due" in d.findings[0].message


def test_policy_changes_the_threshold() -> None:
    """With min_days_past_due = 100: Jun 8 is day 99 (92 + 7) and fails, Jun 9 is day 100."""
    policy = attrs.evolve(DEFAULT_POLICY, min_days_past_due=100)
    assert check_claim(claim(), DAY_90, policy).codes == (ReasonCode.NOT_OVERDUE_ENOUGH,)
    assert check_claim(claim(), dt.date(2026, 6, 8), policy).codes == (
        ReasonCode.NOT_OVERDUE_ENOUGH,)
    assert bool(check_claim(claim(), dt.date(2026, 6, 9), policy))


# -- Art. 20(2): notice -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "on", "passed", "fragment"),
    [
        # Apr 1 → Apr 7: 7 − 1 = 6 days < 7
        (dt.date(2026, 4, 1), dt.date(2026, 4, 7), ON, False, "only 6 days"),
        # Apr 1 → Apr 8: 8 − 1 = 7 days ≥ 7
        (dt.date(2026, 4, 1), dt.date(2026, 4, 8), ON, True, "7 days"),
        # long enough, but judged on its last day: objections may still come
        (dt.date(2026, 6, 1), dt.date(2026, 6, 8), dt.date(2026, 6, 8), False, "not over"),
        # the day after the last day: over (Jun 9 is 100 days past due)
        (dt.date(2026, 6, 1), dt.date(2026, 6, 8), dt.date(2026, 6, 9), True, "over on 2026-06-09"),
        # a one-day notice still running: both problems in one message
        (dt.date(2026, 6, 9), dt.date(2026, 6, 9), dt.date(2026, 6, 9), False, "0 days"),
    ],
)
def test_notice(start: dt.date, end: dt.date, on: dt.date, passed: bool, fragment: str) -> None:
    d = check_claim(claim(notice_start=start, notice_end=end), on)
    notice = d.findings[1]
    assert notice.code is ReasonCode.NOTICE_TOO_SHORT
    assert notice.passed is passed
    assert notice.article == "Art. 20(2)"
    assert fragment in notice.message
    assert start.isoformat() in notice.message_zh
    assert bool(d) is passed


def test_a_notice_long_enough_but_not_over_word_for_word() -> None:
    """Jun 1 → Jun 8: 8 − 1 = 7 days ≥ 7, judged on Jun 8, its last day: only "not over". The
    Chinese parts the period's end from the day by a comma (it ran "…2026-06-082026-06-08…")."""
    d = check_claim(claim(notice_start=dt.date(2026, 6, 1), notice_end=dt.date(2026, 6, 8)),
                    dt.date(2026, 6, 8))
    notice = d.findings[1]
    assert notice.message == (
        "public notice from 2026-06-01 through 2026-06-08 is not over on 2026-06-08 (objections "
        "may come until the end of 2026-06-08) (Art. 20(2) 公示期不少于7天)")
    assert notice.message_zh == (
        "公示期2026-06-01至2026-06-08，2026-06-08尚未期满（异议可提至2026-06-08当日结束）"
        "（第二十条第二项：公示期不少于7天）")


def test_notice_messages_show_both_problems() -> None:
    d = check_claim(claim(notice_start=dt.date(2026, 6, 5), notice_end=dt.date(2026, 6, 9)),
                    dt.date(2026, 6, 9))
    r = d.reasons[0]
    assert "only 4 days, fewer than 7" in r.message
    assert "is not over" in r.message
    assert "仅4天" in r.message_zh
    assert "尚未期满" in r.message_zh


def test_objection_fails() -> None:
    d = check_claim(claim(objections=1), ON)
    assert d.codes == (ReasonCode.NOTICE_OBJECTION,)
    assert "1 objection" in d.reasons[0].message
    assert d.reasons[0].article == "Art. 20(3)"


# -- Art. 19, 20, 21, 24, 32: the office's findings ---------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "article"),
    [
        ({"town_station_signed": False}, ReasonCode.MISSING_TOWN_OPINION, "Art. 24"),
        ({"approved": False}, ReasonCode.NOT_APPROVED, "Art. 20(3)"),
        ({"loss_determined": False}, ReasonCode.LOSS_NOT_DETERMINED, "Art. 19, 32(2)"),
        ({"collected_in_period": False}, ReasonCode.NO_COLLECTION_IN_PERIOD, "Art. 21(1)"),
        ({"recourse_performed": False}, ReasonCode.RECOURSE_NOT_PERFORMED, "Art. 21(2)"),
        ({"major_event_acted": False}, ReasonCode.MAJOR_EVENT_NOT_HANDLED, "Art. 21(3)"),
        ({"major_event_reported": False}, ReasonCode.MAJOR_EVENT_NOT_HANDLED, "Art. 21(3)"),
        ({"major_event_acted": False, "major_event_reported": False},
         ReasonCode.MAJOR_EVENT_NOT_HANDLED, "Art. 21(3)"),
        ({"lent_as_required": False}, ReasonCode.LOAN_NOT_AS_REQUIRED, "Art. 21(4)"),
    ],
)
def test_each_finding_fails_alone(changes: dict[str, bool], code: ReasonCode, article: str) -> None:
    d = check_claim(claim(**changes), ON)
    assert d.codes == (code,)
    assert d.reasons[0].article == article
    assert len(d.findings) == len(ORDER)


def test_major_event_message_names_the_failing_part() -> None:
    acted = check_claim(claim(major_event_acted=False), ON).reasons[0]
    reported = check_claim(claim(major_event_reported=False), ON).reasons[0]
    assert "did not act promptly" in acted.message
    assert "notify" not in acted.message
    assert "did not notify" in reported.message
    assert "act promptly" not in reported.message
    assert "未及时采取措施" in acted.message_zh
    assert "未告知" in reported.message_zh


# -- Art. 25: causes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cause", "passed", "article"),
    [
        (LossCause.DEATH, True, "Art. 25(1)"),
        (LossCause.LOSS_OF_WORKING_CAPACITY, True, "Art. 25(1)"),
        (LossCause.SIMILAR_INCOME_LOSS, True, "Art. 25(1)"),  # "等原因" keeps item 1 open
        (LossCause.NATURAL_DISASTER, True, "Art. 25(2)"),
        (LossCause.SIMILAR_FORCE_MAJEURE, True, "Art. 25(2)"),  # "等不可抗拒因素"
        (LossCause.OTHER_ACCEPTED, True, "Art. 25(3)"),  # the leading group accepted it
        (LossCause.OTHER, False, "Art. 25"),  # the leading group did not
        (None, False, "Art. 25"),  # a household loan needs a cause; not an input error
    ],
)
def test_causes_for_a_household_loan(cause: LossCause | None, passed: bool, article: str) -> None:
    finding = check_claim(claim(cause=cause), ON).findings[-1]
    assert finding.code is ReasonCode.CAUSE_NOT_COVERED
    assert finding.passed is passed
    assert finding.article == article
    if cause is not None:
        assert cause.en in finding.message
        assert cause.zh in finding.message_zh


def entity_loan() -> Loan:
    household = NaturalPerson(id="P-9", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    coop = LegalEntity(id="E-1", name="红旗合作社", kind=EntityKind.COOPERATIVE,
                       agreements=(DrivingAgreement(household=household,
                                                    signed_on=dt.date(2025, 1, 1)),))
    return Loan(id="L-E", borrower=coop, lender="postal_savings", principal="50000",
                start_date=dt.date(2025, 3, 1), maturity_date=dt.date(2026, 3, 1),
                annual_rate="0.0435")


@pytest.mark.parametrize("cause", [None, LossCause.OTHER, LossCause.NATURAL_DISASTER])
def test_entity_claim_cause_not_applicable(cause: LossCause | None) -> None:
    """Art. 25 is about poor households' loans: for an entity loan the finding passes as n/a,
    whatever the cause (None included)."""
    d = check_claim(claim(loan=entity_loan(), cause=cause), ON)
    assert bool(d)
    finding = d.findings[-1]
    assert finding.passed
    assert "not applicable" in finding.message
    assert "不适用" in finding.message_zh


# -- bad input ----------------------------------------------------------------------------------


def test_on_before_the_loan_start_is_invalid() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), dt.date(2025, 2, 28))
    assert err.value.field == "on"
    assert "2025-03-01" in str(err.value)


def test_a_lender_that_is_not_a_partner_is_refused_as_input() -> None:
    """Art. 7: the fund covers the two partner lenders only ("credit_union", "postal_savings").
    A claim on a loan from "icbc" was granted although RiskFund.pay refuses that lender; like
    every rule that meets an unknown lender, check_claim refuses it as input."""
    stranger = claim(loan=attrs.evolve(LOAN, lender="icbc"))
    with pytest.raises(InvalidInputError) as err:
        check_claim(stranger, ON)
    assert err.value.field == "claim.loan.lender"
    assert "'icbc'" in str(err.value)
    # a policy that names the lender accepts the same claim (every other point passes)
    other = attrs.evolve(DEFAULT_POLICY, fund_allocations={"icbc": "1000000"})
    assert check_claim(stranger, ON, other)


def test_a_claim_without_a_loss_is_refused_as_input() -> None:
    """SPEC part B: unpaid principal and unpaid interest both zero is no loss (Art. 19, 22,
    32(1)); the claim itself is invalid input, named at unpaid_principal."""
    with pytest.raises(InvalidInputError) as err:
        claim(unpaid_principal="0", unpaid_interest="0.00")
    assert err.value.field == "unpaid_principal"
    assert claim(unpaid_principal="0", unpaid_interest="0.01").loss == Decimal("0.01")


def test_bad_arguments_are_all_reported() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_claim("claim", dt.datetime(2026, 6, 9), {"min_days_past_due": 90})  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == ["claim", "on", "policy"]


@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    for args in ((value, ON), (claim(), value), (claim(), ON, value)):
        with pytest.raises(InvalidInputError):
            check_claim(*args)  # type: ignore[arg-type]


# -- properties ---------------------------------------------------------------------------------


@given(compensation_claims(), st.integers(0, 3000))
def test_every_point_is_evaluated_in_order(c: CompensationClaim, offset: int) -> None:
    on = c.loan.start_date + dt.timedelta(days=offset)
    d = check_claim(c, on)
    # SPEC D5/D7: an uninsured household loan above the 50 000 the seed's fund covers gets one
    # more finding, a passed note (LOSS_ABOVE_COVER) at the end, when the covered part
    # loss × 50 000 ÷ principal (half up) is less than the loss; notes are not changes.
    cap = DEFAULT_POLICY.max_loan_amount
    with decimal.localcontext(decimal.Context(prec=50)):
        covered = (c.loss * cap / c.loan.principal).quantize(Decimal("0.01"), decimal.ROUND_HALF_UP)
    above_cover = (
        c.loan.is_natural_person
        and c.loan.insurer_share is None
        and c.loan.principal > cap
        and covered < c.loss
    )
    assert [r.code for r in d.findings] == ORDER + [ReasonCode.LOSS_ABOVE_COVER] * above_cover
    assert all(r.passed for r in d.findings[len(ORDER):])
    assert bool(d) == all(r.passed for r in d.findings)
    overdue = d.findings[0]
    assert overdue.passed == (days_past_due(c.due_date, on) >= DEFAULT_POLICY.min_days_past_due)
    notice = d.findings[1]
    assert notice.passed == ((c.notice_end - c.notice_start).days >= 7 and on > c.notice_end)


# -- every finding's words, pinned --------------------------------------------------------------
#
# The seed's citations (x-county-measures.toml [citations]) give each finding its article, its
# Chinese label and its quote; a passed message cites the article, a failed one the article and
# the quote (``Cited.en()``), a Chinese one the Chinese label. The document's English name is
# "the Measures". The base claim: due 2026-03-01, judged 2026-06-09 (100 days past due, see
# ON), notice 2026-04-01 through 2026-04-08 (8 − 1 = 7 days), cause DEATH.

SEED_PASSED = [
    (ReasonCode.NOT_OVERDUE_ENOUGH, "Art. 19", "第十九条",
     "100 days past due on 2026-06-09 (due 2026-03-01), at least 90 (Art. 19 逾期90天)",
     "截至2026-06-09逾期100天（2026-03-01到期），已满90天（第十九条）"),
    (ReasonCode.NOTICE_TOO_SHORT, "Art. 20(2)", "第二十条第二项",
     "public notice from 2026-04-01 through 2026-04-08: 7 days, at least 7, and over on "
     "2026-06-09 (Art. 20(2) 公示期不少于7天)",
     "公示期2026-04-01至2026-04-08共7天，不少于7天，2026-06-09已期满（第二十条第二项）"),
    # the "none" variant: the condition's own words 公示无异议
    (ReasonCode.NOTICE_OBJECTION, "Art. 20(3)", "第二十条第三项",
     "no objection was raised during the public notice (Art. 20(3) 公示无异议)",
     "公示期内无异议（第二十条第三项）"),
    (ReasonCode.MISSING_TOWN_OPINION, "Art. 24", "第二十四条",
     "the town poverty station verified the claim and signed its opinion (Art. 24)",
     "镇扶贫工作站已核准并签署意见（第二十四条）"),
    (ReasonCode.NOT_APPROVED, "Art. 20(3)", "第二十条第三项",
     "approved by the county leading group after the joint review (Art. 20(3))",
     "经联合审核确认，已报县金融扶贫工作领导小组批准（第二十条第三项）"),
    # the finding cites Art. 19, 32(2); the passed message the determination, Art. 19 ¶2 认定
    (ReasonCode.LOSS_NOT_DETERMINED, "Art. 19, 32(2)", "第十九条第二款、第三十二条第二项",
     "the poverty office determined the loss (Art. 19 ¶2 认定)",
     "县扶农办已对贷款损失进行认定（第十九条第二款）"),
    (ReasonCode.NO_COLLECTION_IN_PERIOD, "Art. 21(1)", "第二十一条第一项",
     "the lender dunned the borrower within the recourse period (Art. 21(1))",
     "合作金融机构已在追索期内向借款人催收（第二十一条第一项）"),
    (ReasonCode.RECOURSE_NOT_PERFORMED, "Art. 21(2)", "第二十一条第二项",
     "the lender performed its recourse duty (Art. 21(2))",
     "合作金融机构已按规定履行追索义务（第二十一条第二项）"),
    (ReasonCode.MAJOR_EVENT_NOT_HANDLED, "Art. 21(3)", "第二十一条第三项",
     "no failure to act on or report a major event endangering the loan (Art. 21(3))",
     "不存在对危及贷款安全的重大事项未及时采取措施并告知的情形（第二十一条第三项）"),
    (ReasonCode.LOAN_NOT_AS_REQUIRED, "Art. 21(4)", "第二十一条第四项",
     "the loan was made as the poverty office required (Art. 21(4))",
     "合作金融机构已按县扶农办要求发放贷款（第二十一条第四项）"),
    # death is item 1 of Art. 25
    (ReasonCode.CAUSE_NOT_COVERED, "Art. 25(1)", "第二十五条第1项",
     "the loss came from death of the borrower, covered by Art. 25(1)",
     "损失原因为借款人死亡，属第二十五条第1项"),
]


def test_every_passed_finding_word_for_word() -> None:
    d = check_claim(claim(), ON)
    assert [(r.code, r.article, r.article_zh, r.passed, r.message, r.message_zh)
            for r in d.findings] == [(c, a, az, True, en, zh) for c, a, az, en, zh in SEED_PASSED]
    assert d.policy_id == "x-county-measures"


@pytest.mark.parametrize(
    ("changes", "on", "index", "message", "message_zh"),
    [
        # Mar 1 → May 29 = 89 days < 90; the earliest day is Mar 1 + 90 days = May 30
        ({}, DAY_89, 0,
         "only 89 days past due on 2026-05-29 (due 2026-03-01); a claim needs at least 90 "
         "(Art. 19 逾期90天): not before 2026-05-30",
         "截至2026-05-29仅逾期89天（2026-03-01到期），不足90天（第十九条），最早2026-05-30起可申请"),
        # Jun 5 → Jun 9 = 4 days < 7, and judged on its last day: both problems, joined
        ({"notice_start": dt.date(2026, 6, 5), "notice_end": dt.date(2026, 6, 9)}, ON, 1,
         "public notice from 2026-06-05 through 2026-06-09 lasted only 4 days, fewer than 7 and "
         "is not over on 2026-06-09 (objections may come until the end of 2026-06-09) "
         "(Art. 20(2) 公示期不少于7天)",
         "公示期2026-06-05至2026-06-09仅4天，少于7天，2026-06-09尚未期满（异议可提至2026-06-09当日"
         "结束）（第二十条第二项：公示期不少于7天）"),
        # the failed objection cites the article's quote, its Chinese the condition 公示无异议
        ({"objections": 2}, ON, 2,
         "2 objection(s) were raised during the public notice; only claims without objection go "
         "forward (Art. 20(3) 对公示无异议的贷款户)",
         "公示期内有2项异议，只有公示无异议的贷款户方可审核确认（第二十条第三项）"),
        ({"town_station_signed": False}, ON, 3,
         "the town poverty station has not verified the claim and signed its opinion "
         "(Art. 24 核准、签署意见)",
         "镇扶贫工作站未核准、签署意见（第二十四条）"),
        # the approving body as Art. 20(3) names it ("NOT_APPROVED:body", the same article)
        ({"approved": False}, ON, 4,
         "not (yet) approved by the county leading group (Art. 20(3) 报县金融扶贫工作领导小组批准)",
         "未经县金融扶贫工作领导小组批准（第二十条第三项）"),
        # the penalty: Art. 32(2) and its quote
        ({"loss_determined": False}, ON, 5,
         "the poverty office has not determined the loss; paying without a loss determination "
         "is what Art. 32(2) forbids (未经过损失认定而支付风险补偿金)",
         "县扶农办未进行损失认定；未经损失认定而支付风险补偿金属第三十二条第二项所列行为"),
        ({"collected_in_period": False}, ON, 6,
         "the lender did not dun the borrower within the recourse period: the claim is not "
         "accepted (Art. 21(1) 不予受理)",
         "合作金融机构未在追索期内向借款人催收，不予受理（第二十一条第一项）"),
        ({"recourse_performed": False}, ON, 7,
         "the lender did not perform its recourse duty under the Measures: the claim is not "
         "accepted (Art. 21(2) 不予受理)",
         "合作金融机构未按规定履行追索义务，不予受理（第二十一条第二项）"),
        ({"major_event_acted": False}, ON, 8,
         "the lender knew of a major event endangering the loan and did not act promptly, "
         "causing the loss: the claim is not accepted (Art. 21(3) 不予受理)",
         "合作金融机构确认借款人已发生危及贷款安全的重大事项而未及时采取措施，造成贷款损失，"
         "不予受理（第二十一条第三项）"),
        ({"major_event_reported": False}, ON, 8,
         "the lender knew of a major event endangering the loan and did not notify the poverty "
         "office, causing the loss: the claim is not accepted (Art. 21(3) 不予受理)",
         "合作金融机构确认借款人已发生危及贷款安全的重大事项而未告知县扶农办，造成贷款损失，"
         "不予受理（第二十一条第三项）"),
        ({"major_event_acted": False, "major_event_reported": False}, ON, 8,
         "the lender knew of a major event endangering the loan and did not act promptly and "
         "did not notify the poverty office, causing the loss: the claim is not accepted "
         "(Art. 21(3) 不予受理)",
         "合作金融机构确认借款人已发生危及贷款安全的重大事项而未及时采取措施、未告知县扶农办，"
         "造成贷款损失，不予受理（第二十一条第三项）"),
        ({"lent_as_required": False}, ON, 9,
         "the lender did not lend as the poverty office required, causing the loss: the claim "
         "is not accepted (Art. 21(4) 不予受理)",
         "合作金融机构未按县扶农办要求发放贷款，造成贷款损失，不予受理（第二十一条第四项）"),
        ({"cause": None}, ON, 10,
         "no cause of the loss was given; a loan to a household is compensated only for a "
         "cause of Art. 25",
         "未说明损失原因；贫困户贷款仅对第二十五条所列原因造成的损失予以补偿"),
        ({"cause": LossCause.OTHER}, ON, 10,
         "the cause, another cause, not accepted by the leading group, is not one of Art. 25 "
         "(death, lost working capacity or similar loss of income; major natural disaster or "
         "similar force majeure; another cause the leading group accepted)",
         "损失原因（其他原因（领导小组未认可））不属于第二十五条所列情形"),
    ],
    ids=["overdue", "notice", "objection", "town", "approval", "loss", "collection",
         "recourse", "acted", "reported", "both", "lent", "no-cause", "other-cause"],
)
def test_every_failed_finding_word_for_word(changes: dict[str, object], on: dt.date,
                                            index: int, message: str, message_zh: str) -> None:
    """Each failed alone: the one reason, with the article of the passed finding (SEED_PASSED,
    the cause's the whole Art. 25), its English and its Chinese words."""
    d = check_claim(claim(**changes), on)
    code, article, article_zh, _, _ = SEED_PASSED[index]
    if code is ReasonCode.CAUSE_NOT_COVERED:
        article, article_zh = "Art. 25", "第二十五条"
    assert [(r.code, r.article, r.article_zh, r.passed, r.message, r.message_zh)
            for r in d.reasons] == [(code, article, article_zh, False, message, message_zh)]
    assert len(d.findings) == len(ORDER)


@pytest.mark.parametrize(
    ("cause", "article", "article_zh", "en", "zh"),
    [
        (LossCause.LOSS_OF_WORKING_CAPACITY, "Art. 25(1)", "第二十五条第1项",
         "loss of working capacity", "丧失劳动能力"),
        (LossCause.SIMILAR_INCOME_LOSS, "Art. 25(1)", "第二十五条第1项",
         "a similar cause of lost or insufficient income",
         "其他丧失收入来源或收入不足清偿贷款的原因"),
        (LossCause.NATURAL_DISASTER, "Art. 25(2)", "第二十五条第2项",
         "a major natural disaster", "重大自然灾害"),
        (LossCause.SIMILAR_FORCE_MAJEURE, "Art. 25(2)", "第二十五条第2项",
         "a similar force majeure", "其他不可抗拒因素"),
        (LossCause.OTHER_ACCEPTED, "Art. 25(3)", "第二十五条第3项",
         "another cause the leading group accepted for compensation",
         "县金融扶贫工作领导小组认为需要补偿的其他原因"),
    ],
    ids=["capacity", "income", "disaster", "force-majeure", "accepted"],
)
def test_each_covered_cause_cites_its_item(cause: LossCause, article: str, article_zh: str,
                                           en: str, zh: str) -> None:
    """Each covered cause cites its own item of Art. 25 ("CAUSE_NOT_COVERED:<cause>")."""
    r = check_claim(claim(cause=cause), ON).findings[-1]
    assert (r.passed, r.article, r.article_zh) == (True, article, article_zh)
    assert r.message == f"the loss came from {en}, covered by {article}"
    assert r.message_zh == f"损失原因为{zh}，属{article_zh}"


def test_entity_cause_not_applicable_word_for_word() -> None:
    r = check_claim(claim(loan=entity_loan(), cause=LossCause.OTHER), ON).findings[-1]
    assert (r.code, r.passed, r.article, r.article_zh) == (
        ReasonCode.CAUSE_NOT_COVERED, True, "Art. 25", "第二十五条")
    assert r.message == ("not applicable: Art. 25 lists causes for loans to poor households; "
                         "this is a loan to a legal entity")
    assert r.message_zh == "不适用：第二十五条针对建档立卡贫困户贷款，本笔为法人客户贷款"


def test_on_before_the_loan_start_message() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), dt.date(2025, 2, 28))
    assert [(p.field, p.message) for p in err.value.problems] == [
        ("on", "is before the loan's start_date 2025-03-01 (got 2025-02-28); a claim cannot be "
               "judged before the loan exists")]


def test_a_one_day_policy_judged_on_the_due_date() -> None:
    """With min_days_past_due = 1 the due date itself is day 0: not enough; the earliest day is
    Mar 1 + 1 = Mar 2, which is day 1 and enough."""
    policy = attrs.evolve(DEFAULT_POLICY, min_days_past_due=1)
    r = check_claim(claim(), DUE, policy).findings[0]
    assert (r.code, r.passed) == (ReasonCode.NOT_OVERDUE_ENOUGH, False)
    assert r.message == ("only 0 days past due on 2026-03-01 (due 2026-03-01); a claim needs at "
                         "least 1 (Art. 19 逾期90天): not before 2026-03-02")
    assert check_claim(claim(), dt.date(2026, 3, 2), policy).findings[0].passed


def test_earliest_day_beyond_the_calendar_names_the_due_date() -> None:
    """Due 9999-12-01 and judged on 9999-12-15 (14 days): the earliest day, 9999-12-01 + 90
    days, is after 9999-12-31, the last date Python holds; the error names claim.due_date."""
    loan = Loan(id="L-9", borrower=PERSON, lender="credit_union", principal="50000",
                start_date=dt.date(9999, 6, 1), maturity_date=dt.date(9999, 12, 1),
                annual_rate="0.0435")
    late = CompensationClaim(loan=loan, due_date=dt.date(9999, 12, 1), unpaid_principal="1",
                             unpaid_interest="0", notice_start=dt.date(9999, 12, 2),
                             notice_end=dt.date(9999, 12, 9), cause=LossCause.DEATH)
    with pytest.raises(InvalidInputError) as err:
        check_claim(late, dt.date(9999, 12, 15))
    [p] = err.value.problems
    assert (p.field, p.code.value, p.message) == (
        "claim.due_date", "DATE_OUT_OF_RANGE",
        "9999-12-01 + 90 days is beyond the dates Python can hold (0001-01-01 to 9999-12-31)")


def test_a_claim_that_is_not_a_claim_message() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_claim("claim", ON)  # type: ignore[arg-type]
    assert [(p.field, p.code.value, p.message, p.message_zh) for p in err.value.problems] == [
        ("claim", "WRONG_TYPE", "must be a CompensationClaim (got 'claim', a str)",
         "类型错误，应为 a CompensationClaim（实际为 'claim'（str 类型））")]


def test_exactly_90_days_word_for_word() -> None:
    """Mar 1 → May 30 = 90 days: at least 90, passed, in the passed words."""
    r = check_claim(claim(), DAY_90).findings[0]
    assert (r.passed, r.message, r.message_zh) == (
        True, "90 days past due on 2026-05-30 (due 2026-03-01), at least 90 (Art. 19 逾期90天)",
        "截至2026-05-30逾期90天（2026-03-01到期），已满90天（第十九条）")


class _Day(dt.date):
    """A date subclass: check_claim reads it as the plain date (the general path)."""


def test_judged_on_the_start_day_given_as_a_date_subclass() -> None:
    """The loan starts 2025-03-01: a claim may be judged that day (not before), however the day
    is given; day 0 of nothing overdue yet (due 2026-03-01) fails only the overdue points."""
    d = check_claim(claim(), _Day(2025, 3, 1))
    assert d.codes == (ReasonCode.NOT_OVERDUE_ENOUGH, ReasonCode.NOTICE_TOO_SHORT)
    with pytest.raises(InvalidInputError) as err:
        check_claim(claim(), _Day(2025, 2, 28))
    assert err.value.field == "on"


def test_the_eager_reference_findings_equal_the_verdicts() -> None:
    """The eager reference (every message formatted at once) carries the same codes, articles,
    verdicts and words as check_claim, passed and failed."""
    from poverty_credit.claims import _findings_eager

    bad = claim(notice_end=dt.date(2026, 4, 3), objections=2, town_station_signed=False,
                approved=False, loss_determined=False, collected_in_period=False,
                recourse_performed=False, major_event_acted=False, lent_as_required=False,
                cause=LossCause.OTHER)
    cases = [(claim(), ON), (bad, dt.date(2026, 4, 2)),
             (claim(loan=entity_loan()), ON), (claim(cause=LossCause.NATURAL_DISASTER), ON)]
    for c, on in cases:
        eager = _findings_eager(c, on, DEFAULT_POLICY, 90, 7)
        assert [(r.code, r.article, r.article_zh, r.passed, r.message, r.message_zh)
                for r in eager] == [
            (r.code, r.article, r.article_zh, r.passed, r.message, r.message_zh)
            for r in check_claim(c, on).findings]
        assert [r.code for r in eager] == ORDER
