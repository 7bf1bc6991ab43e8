"""Every finding check_disbursement states, pinned word for word (issue 14: mutants changing a
message, an article or a verdict survived the tests of test_approval.py).

The deadline 2026-03-09 of a loan made on Tue 2026-02-10 is counted by hand in test_approval.py
(DEADLINES: across the Spring Festival, 15 working days, the loan date not counted).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections.abc import Callable

import attrs
import pytest

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    Decision,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    Review,
    Stamp,
    check_disbursement,
    filing_deadline,
)
from poverty_credit.workdays import WorkingDayCalendar
from test_approval import ENTITY, IntsAfterMissing, Talkative, Year2026Only, app

D = dt.date
BARE = attrs.evolve(DEFAULT_POLICY, citations={})  # cites nothing: the Measures are named

CASES = [
    pytest.param(lambda: check_disbursement(app(filed_on=D(2026, 3, 9))), [
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         ('reviewed by the county poverty office (with the industry service centres) (县扶农办和三'
          '大产业服务中心)'),
         '已经县扶农办和三大产业服务中心审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         'reviewed by the county finance office (县金融办)',
         '已经县金融办审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         'reviewed by the county PBoC branch (县人民银行)',
         '已经县人民银行审核'),
        ('MISSING_APPROVAL', 'Art. 17(2)', True,
         ("the leading group's approval is not required for a natural-person loan (Art. 17(2"
          '): approved by the reviewing offices)'),
         '自然人客户无需县金融扶贫工作领导小组批准（由审核部门审核后批准）'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the village (村)',
         '已加盖村公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the town (镇)',
         '已加盖镇公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the county poverty office (县扶农办)',
         '已加盖县扶农办公章'),
        ('FILING_LATE', 'Art. 17(3)', True,
         ('filed on 2026-03-09, by the deadline 2026-03-09 (15 working days after the loan'
          ' date 2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)'),
         '2026-03-09备案，未超过期限2026-03-09（贷款之日2026-02-10起15个工作日内，贷款当日不计入；第十七条第（三）项）'),
    ], id='complete, filed on the deadline'),
    pytest.param(lambda: check_disbursement(app(reviews=(), stamps=())), [
        ('MISSING_REVIEW', 'Art. 17(2)', False,
         ('not reviewed by the county poverty office (with the industry service centres) (县扶'
          '农办和三大产业服务中心); a natural-person loan needs it (Art. 17(2))'),
         '未经县扶农办和三大产业服务中心审核；自然人客户须经其审核（第十七条第（二）项）'),
        ('MISSING_REVIEW', 'Art. 17(2)', False,
         ('not reviewed by the county finance office (县金融办); a natural-person loan needs it'
          ' (Art. 17(2))'),
         '未经县金融办审核；自然人客户须经其审核（第十七条第（二）项）'),
        ('MISSING_REVIEW', 'Art. 17(2)', False,
         ('not reviewed by the county PBoC branch (县人民银行); a natural-person loan needs it (A'
          'rt. 17(2))'),
         '未经县人民银行审核；自然人客户须经其审核（第十七条第（二）项）'),
        ('MISSING_APPROVAL', 'Art. 17(2)', True,
         ("the leading group's approval is not required for a natural-person loan (Art. 17(2"
          '): approved by the reviewing offices)'),
         '自然人客户无需县金融扶贫工作领导小组批准（由审核部门审核后批准）'),
        ('MISSING_STAMP', 'Art. 17(3)', False,
         ('not stamped by the village (村); the loan may be disbursed only after the village,'
          ' town and county poverty office stamps (Art. 17(3))'),
         '未加盖村公章；经村、镇、县扶农办盖章后才能发放贷款（第十七条第（三）项）'),
        ('MISSING_STAMP', 'Art. 17(3)', False,
         ('not stamped by the town (镇); the loan may be disbursed only after the village, to'
          'wn and county poverty office stamps (Art. 17(3))'),
         '未加盖镇公章；经村、镇、县扶农办盖章后才能发放贷款（第十七条第（三）项）'),
        ('MISSING_STAMP', 'Art. 17(3)', False,
         ('not stamped by the county poverty office (县扶农办); the loan may be disbursed only'
          ' after the village, town and county poverty office stamps (Art. 17(3))'),
         '未加盖县扶农办公章；经村、镇、县扶农办盖章后才能发放贷款（第十七条第（三）项）'),
        ('FILING_LATE', 'Art. 17(3)', True,
         ('not filed yet: filing is not judged; the deadline is 2026-03-09 (15 working days'
          ' after the loan date 2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)'),
         '尚未备案，暂不评判；备案期限为2026-03-09（贷款之日2026-02-10起15个工作日内，贷款当日不计入；第十七条第（三）项）'),
    ], id='nothing reviewed or stamped, not filed'),
    pytest.param(lambda: check_disbursement(app(filed_on=D(2026, 3, 10))), [
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         ('reviewed by the county poverty office (with the industry service centres) (县扶农办和三'
          '大产业服务中心)'),
         '已经县扶农办和三大产业服务中心审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         'reviewed by the county finance office (县金融办)',
         '已经县金融办审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         'reviewed by the county PBoC branch (县人民银行)',
         '已经县人民银行审核'),
        ('MISSING_APPROVAL', 'Art. 17(2)', True,
         ("the leading group's approval is not required for a natural-person loan (Art. 17(2"
          '): approved by the reviewing offices)'),
         '自然人客户无需县金融扶贫工作领导小组批准（由审核部门审核后批准）'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the village (村)',
         '已加盖村公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the town (镇)',
         '已加盖镇公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the county poverty office (县扶农办)',
         '已加盖县扶农办公章'),
        ('FILING_LATE', 'Art. 17(3)', False,
         ('filed on 2026-03-10, after the deadline 2026-03-09 (15 working days after the loa'
          'n date 2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)'),
         '2026-03-10备案，超过期限2026-03-09（贷款之日2026-02-10起15个工作日内，贷款当日不计入；第十七条第（三）项）'),
    ], id='filed one working day late'),
    pytest.param(lambda: check_disbursement(app(borrower=ENTITY,
                                                reviews={Review.POVERTY_OFFICE})), [
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         ('reviewed by the county poverty office (with the industry service centres) (县扶农办和三'
          '大产业服务中心)'),
         '已经县扶农办和三大产业服务中心审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', False,
         ('not reviewed by the county finance office (县金融办); a legal-entity loan needs it (A'
          'rt. 17(2))'),
         '未经县金融办审核；法人客户须经其审核（第十七条第（二）项）'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         ('review by the county PBoC branch (县人民银行) is not required for a legal-entity loan'
          ' (Art. 17(2): poverty office and finance office, then the leading group)'),
         '法人客户无需县人民银行审核（第十七条第（二）项）'),
        ('MISSING_APPROVAL', 'Art. 17(2)', False,
         ('not approved by the county leading group for financial poverty alleviation; a leg'
          'al-entity loan needs it after the reviews (Art. 17(2))'),
         '未经县金融扶贫工作领导小组批准；法人客户须审核后报领导小组批准（第十七条第（二）项）'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the village (村)',
         '已加盖村公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the town (镇)',
         '已加盖镇公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the county poverty office (县扶农办)',
         '已加盖县扶农办公章'),
        ('FILING_LATE', 'Art. 17(3)', True,
         ('not filed yet: filing is not judged; the deadline is 2026-03-09 (15 working days'
          ' after the loan date 2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)'),
         '尚未备案，暂不评判；备案期限为2026-03-09（贷款之日2026-02-10起15个工作日内，贷款当日不计入；第十七条第（三）项）'),
    ], id='an entity reviewed by the poverty office only'),
    pytest.param(lambda: check_disbursement(app(
        borrower=ENTITY, reviews={Review.POVERTY_OFFICE, Review.FINANCE_OFFICE},
        leading_group_approved=True)), [
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         ('reviewed by the county poverty office (with the industry service centres) (县扶农办和三'
          '大产业服务中心)'),
         '已经县扶农办和三大产业服务中心审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         'reviewed by the county finance office (县金融办)',
         '已经县金融办审核'),
        ('MISSING_REVIEW', 'Art. 17(2)', True,
         ('review by the county PBoC branch (县人民银行) is not required for a legal-entity loan'
          ' (Art. 17(2): poverty office and finance office, then the leading group)'),
         '法人客户无需县人民银行审核（第十七条第（二）项）'),
        ('MISSING_APPROVAL', 'Art. 17(2)', True,
         'approved by the county leading group for financial poverty alleviation',
         '已经县金融扶贫工作领导小组批准'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the village (村)',
         '已加盖村公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the town (镇)',
         '已加盖镇公章'),
        ('MISSING_STAMP', 'Art. 17(3)', True,
         'stamped by the county poverty office (县扶农办)',
         '已加盖县扶农办公章'),
        ('FILING_LATE', 'Art. 17(3)', True,
         ('not filed yet: filing is not judged; the deadline is 2026-03-09 (15 working days'
          ' after the loan date 2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)'),
         '尚未备案，暂不评判；备案期限为2026-03-09（贷款之日2026-02-10起15个工作日内，贷款当日不计入；第十七条第（三）项）'),
    ], id='an entity reviewed and approved'),
    pytest.param(lambda: check_disbursement(app(reviews=(), stamps=()), BARE), [
        ('MISSING_REVIEW', None, False,
         ('not reviewed by the county poverty office (with the industry service centres) (县扶'
          '农办和三大产业服务中心); a natural-person loan needs it (the Measures)'),
         '未经县扶农办和三大产业服务中心审核；自然人客户须经其审核（本办法）'),
        ('MISSING_REVIEW', None, False,
         ('not reviewed by the county finance office (县金融办); a natural-person loan needs it'
          ' (the Measures)'),
         '未经县金融办审核；自然人客户须经其审核（本办法）'),
        ('MISSING_REVIEW', None, False,
         ('not reviewed by the county PBoC branch (县人民银行); a natural-person loan needs it (t'
          'he Measures)'),
         '未经县人民银行审核；自然人客户须经其审核（本办法）'),
        ('MISSING_APPROVAL', None, True,
         ("the leading group's approval is not required for a natural-person loan (the Measu"
          'res: approved by the reviewing offices)'),
         '自然人客户无需领导小组批准（由审核部门审核后批准）'),
        ('MISSING_STAMP', None, False,
         ('not stamped by the village (村); the loan may be disbursed only after the village,'
          ' town and county poverty office stamps (the Measures)'),
         '未加盖村公章；盖章后方可放款（本办法）'),
        ('MISSING_STAMP', None, False,
         ('not stamped by the town (镇); the loan may be disbursed only after the village, to'
          'wn and county poverty office stamps (the Measures)'),
         '未加盖镇公章；盖章后方可放款（本办法）'),
        ('MISSING_STAMP', None, False,
         ('not stamped by the county poverty office (县扶农办); the loan may be disbursed only'
          ' after the village, town and county poverty office stamps (the Measures)'),
         '未加盖县扶农办公章；盖章后方可放款（本办法）'),
        ('FILING_LATE', None, True,
         ('not filed yet: filing is not judged; the deadline is 2026-03-09 (15 working days'
          ' after the loan date 2026-02-10, the loan date not counted; the Measures)'),
         '尚未备案，暂不评判；备案期限为2026-03-09（贷款之日2026-02-10起15个工作日内，贷款当日不计入；本办法）'),
    ], id='a policy without citations'),
]


@pytest.mark.parametrize(("call", "expected"), CASES)
def test_every_finding_word_for_word(
    call: Callable[[], Decision], expected: list[tuple[str, str | None, bool, str, str]]
) -> None:
    got = [(r.code.value, r.article, r.passed, r.message, r.message_zh) for r in call().findings]
    assert got == expected


def _filing(decision: Decision) -> tuple[str, str | None, bool, str, str]:
    r = decision.findings[-1]
    return (r.code.value, r.article, r.passed, r.message, r.message_zh)


COUNTED = "the loan date 2026-12-20, the loan date not counted; Art. 17(3) 15个工作日内"
COUNTED_ZH = "贷款之日2026-12-20起15个工作日内，贷款当日不计入；第十七条第（三）项"


def test_not_filed_and_the_deadline_beyond_the_data() -> None:
    """Loan Sun 2026-12-20: the 15th working day falls in 2027, which the package lacks."""
    version = importlib.metadata.version("chinesecalendar")
    assert _filing(check_disbursement(app(D(2026, 12, 20), stamps={Stamp.VILLAGE}))) == (
        "FILING_LATE", "Art. 17(3)", True,
        f"not filed yet: filing is not judged; the deadline (15 working days after {COUNTED}) "
        "cannot be computed yet: no official working-day schedule for 2027-01-01: the calendar "
        f"covers 2004–2026 (chinesecalendar {version}); add the year with "
        "OfficialCalendar().with_schedule(2027, holidays=[...], workdays=[...])",
        f"尚未备案，暂不评判；备案期限（{COUNTED_ZH}）暂无法计算：日历数据不足")


@pytest.mark.parametrize(
    ("filed", "calendar", "n"),
    [
        # 12/21–12/25 (5), Mon 12/28 (6)
        (D(2026, 12, 28), None, 6),
        # a user calendar of 2026 weekdays only: 12/21–12/25 (5), 12/28–12/31 (9)
        (D(2026, 12, 31), Year2026Only(), 9),
    ],
)
def test_filed_within_the_data_though_the_deadline_is_beyond_it(
    filed: dt.date, calendar: WorkingDayCalendar | None, n: int
) -> None:
    day = filed.isoformat()
    assert _filing(check_disbursement(app(D(2026, 12, 20), filed_on=filed),
                                      calendar=calendar)) == (
        "FILING_LATE", "Art. 17(3)", True,
        f"filed on {day}, {n} working day(s) after the loan date: on time (15 working days after "
        f"{COUNTED}; the deadline itself lies beyond the calendar's data)",
        f"{day}备案，为贷款后第{n}个工作日，未逾期（{COUNTED_ZH}）")


def test_errors_and_the_policy_id() -> None:
    assert check_disbursement(app()).policy_id == "x-county-measures"
    assert [(f, en) for f, _c, en, _zh in problems(lambda: check_disbursement("x"))] == [
        ("application", "must be an Application (got 'x', a str)")]
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: check_disbursement(app(), calendar=3))] == [  # type: ignore[arg-type]
        ("calendar", "must be None (the official calendar) or an object with "
                     "is_working_day(date) -> bool (got 3, an int)")]
    assert [(f, en) for f, _c, en, _zh in problems(lambda: check_disbursement(
        app(D(2026, 12, 20), filed_on=D(2026, 12, 28)), calendar=Talkative()))] == [
        ("calendar", "is_working_day(2026-12-21) must return a bool (got 'yes', a str)")]


def test_a_schedule_is_read_on_the_loan_date() -> None:
    """From 2026-03-01 five working days. A loan of Tue 2026-02-10 keeps 15 (deadline 2026-03-09,
    see test_approval.py); one of Mon 2026-03-02 gets 3/3, 3/4, 3/5, 3/6, Mon 3/9: 2026-03-09."""
    later = attrs.evolve(DEFAULT_POLICY, filing_working_days=5, effective_from=D(2026, 3, 1),
                         document=PolicyDocument(id="five", title="five"))
    book = PolicySchedule([DEFAULT_POLICY, later])
    assert filing_deadline(D(2026, 2, 10), book) == D(2026, 3, 9)
    assert filing_deadline(D(2026, 3, 2), book) == D(2026, 3, 9)
    decision = check_disbursement(app(D(2026, 3, 2), filed_on=D(2026, 3, 10)), book)
    assert (decision.policy_id, decision.codes) == ("five", (ReasonCode.FILING_LATE,))


def test_the_exact_count_starts_the_day_after_the_loan_date() -> None:
    """Loan Mon 2026-12-14 (a working day), filed Mon 2026-12-28. December 2026 has no holiday
    (domain-facts §6.3: the last 2026 break is National Day), so the working days after the loan
    date are the weekdays: 12/15-12/18 (4), 12/21-12/25 (9), 12/29-12/31 would make 13, so the
    15th falls in 2027 (no data: the exact count is used). Up to 12/28: 4 + 5 + 1 = 10. The loan
    date itself (a Monday) is not counted (Civil Code art. 201): counting it would give 11."""
    counted = "the loan date 2026-12-14, the loan date not counted; Art. 17(3) 15个工作日内"
    counted_zh = "贷款之日2026-12-14起15个工作日内，贷款当日不计入；第十七条第（三）项"
    for calendar in (None, Year2026Only()):
        assert _filing(check_disbursement(app(D(2026, 12, 14), filed_on=D(2026, 12, 28)),
                                          calendar=calendar)) == (
            "FILING_LATE", "Art. 17(3)", True,
            "filed on 2026-12-28, 10 working day(s) after the loan date: on time (15 working "
            f"days after {counted}; the deadline itself lies beyond the calendar's data)",
            f"2026-12-28备案，为贷款后第10个工作日，未逾期（{counted_zh}）")


def test_a_non_bool_answer_in_the_exact_count_is_named() -> None:
    """Loan Sun 2026-12-20: the deadline's count runs into 2027 (9 weekdays left in 2026), so the
    exact count up to the filing day 2026-12-28 is used; its first day, Mon 2026-12-21, is
    answered with the int 1. The problem names the day and the value (no Chinese text is given:
    the default is the code's Chinese label, a full-width colon and the English message)."""
    message = "is_working_day(2026-12-21) must return a bool (got 1, an int)"
    assert problems(lambda: check_disbursement(
        app(D(2026, 12, 20), filed_on=D(2026, 12, 28)), calendar=IntsAfterMissing())) == [
        ("calendar", "INVALID_VALUE", message, f"取值无效：{message}")]
