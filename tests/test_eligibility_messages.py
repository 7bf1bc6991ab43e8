"""The words of check_eligibility's findings, exactly, in both languages, on both paths.

Every expected string below is put together by hand from the message templates SPEC B and D4
describe and the policy data: the seed's citations (``x-county-measures.toml``: Art. 9(1) =
第九条第（一）项 with the quotes 建档立卡贫困农户, 五保户除外, 名下无存量不良贷款, 应全部纳入,
65周岁以下, the phrase variants 扶贫人口信息系统, 存量不良贷款, 不良征信记录; Art. 10 = 第十条,
"带动一户贫困户且签订协议"; no citation for AGE_BELOW_LIMIT; the document is "the Measures" /
本办法), and the national presets, which carry no citations, so their messages name the document
by its number (银保监发〔2019〕24号, 银保监发〔2021〕6号). Status labels are those of SPEC D4
(建档立卡贫困户, 已脱贫户, 动态调出户, 边缘易致贫户, 脱贫不稳定户, 突发严重困难户,
农村地区有帮扶需求的人口).

Each person case is checked twice: on the everyday path (:func:`check_eligibility`, whose messages
are rendered when first read, English or Chinese first) and on the reference path
(``_person_findings_eager``, every message formatted at once), verdicts and articles included.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    NaturalPerson,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    check_eligibility,
    counted_households,
    preset,
)
from poverty_credit.eligibility import _person_findings_eager, in_target_group, target_group_code

D = dt.date
C = ReasonCode
SEED = DEFAULT_POLICY
BARE = attrs.evolve(SEED, citations={})  # cites nothing: "the Measures" / 本办法 are named
N2019 = preset("national-2019")
N2021 = preset("national-2021")
COUNTY_2021 = attrs.evolve(N2021, exclude_five_guarantee=True)
ONLY_NOT_LIFTED = attrs.evolve(SEED, eligible_statuses=["registered_poor"])
A9 = ("Art. 9(1)", "第九条第（一）项")
NONE_ = (None, None)

# The seed's age bounds (Art. 9(1) "65周岁以下"; the minimum is the national rule's):
ABOVE = "(Art. 9(1) 65周岁以下, inclusive)"
ABOVE_ZH = "（第九条第（一）项“65周岁以下”，含65周岁）"
BELOW = "(national rule, not the Measures: at least 18, inclusive, with full civil capacity)"
BELOW_ZH = "（国家政策，非本办法：18周岁（含）以上，具有完全民事行为能力）"
# The seed's five-guarantee, bad-loan and bad-credit words when nothing is wrong:
FIVE_OK = ("not a five-guarantee household (五保户除外 does not apply)", "非五保户")
LOANS_OK = "no outstanding non-performing loan in the borrower's name on {day}"
LOANS_OK_ZH = "{day}名下无存量不良贷款"
CREDIT_NONE = (
    "no bad credit record; a bad record alone would not exclude: households with one but no "
    "outstanding non-performing loan shall all be included (应全部纳入)",
    "无不良征信记录；即使存在不良征信记录，名下无存量不良贷款的贫困户也应全部纳入",
)

Row = tuple[ReasonCode, bool, tuple[str | None, str | None], str, str]


BORN = D(1980, 5, 1)
SIGNED = D(2026, 1, 1)


def person(pid: str = "P-1", born: dt.date = BORN, **fields: object) -> NaturalPerson:
    if "status" not in fields:
        fields.setdefault("registered_poor", True)
    return NaturalPerson(id=pid, birth_date=born, **fields)  # type: ignore[arg-type]


def rows(reasons: object) -> list[Row]:
    return [(r.code, r.passed, (r.article, r.article_zh), r.message, r.message_zh)
            for r in reasons]  # type: ignore[attr-defined]


def assert_both_paths(p: NaturalPerson, on: dt.date, policy: object,
                      expected: list[Row]) -> None:
    """The fast path (English read first, then a fresh decision with Chinese read first) and
    the eager reference path give exactly ``expected``."""
    fast = check_eligibility(p, on, policy)  # type: ignore[arg-type]
    assert rows(fast.findings) == expected
    assert bool(fast) == all(row[1] for row in expected)
    zh_first = check_eligibility(p, on, policy).findings  # type: ignore[arg-type]
    assert [r.message_zh for r in zh_first] == [row[4] for row in expected]
    assert [r.message for r in zh_first] == [row[3] for row in expected]
    chosen = policy.on(on) if isinstance(policy, PolicySchedule) else policy
    assert rows(_person_findings_eager(p, on, chosen)) == expected  # type: ignore[arg-type]


# --- the seed ------------------------------------------------------------------------------------


def test_seed_eligible_person_every_message() -> None:
    """Born 1980-05-01, on 2026-03-15: 2026 − 1980 = 46, less one before the birthday = 45.
    Registered poor in the seed's group {registered_poor, lifted_out}: the lifted-out clause is
    added; the register 扶贫人口信息系统 (the phrase variant beside Art. 9(1)) in Chinese."""
    day = "2026-03-15"
    assert_both_paths(person(), D(2026, 3, 15), SEED, [
        (C.NOT_REGISTERED_POOR, True, A9,
         "registered as a poor household (建档立卡) in the poverty information system on "
         "2026-03-15; households lifted out of poverty stay registered",
         "2026-03-15为扶贫人口信息系统中的建档立卡贫困户（已脱贫户仍属建档立卡）"),
        (C.FIVE_GUARANTEE_HOUSEHOLD, True, A9, *FIVE_OK),
        (C.OUTSTANDING_BAD_LOANS, True, A9, LOANS_OK.format(day=day),
         LOANS_OK_ZH.format(day=day)),
        (C.BAD_CREDIT_RECORD, True, A9, *CREDIT_NONE),
        (C.AGE_ABOVE_LIMIT, True, A9, f"age 45 on 2026-03-15 is within the limit of 65 {ABOVE}",
         f"2026-03-15年满45周岁，未超过65周岁上限{ABOVE_ZH}"),
        (C.AGE_BELOW_LIMIT, True, NONE_,
         f"age 45 on 2026-03-15 reaches the minimum of 18 {BELOW}",
         f"2026-03-15年满45周岁，达到18周岁下限{BELOW_ZH}"),
    ])


def test_seed_every_failure_message() -> None:
    """Born 2008-03-16, on 2026-03-15: 2026 − 2008 = 18, the birthday not yet reached: 17 < 18.
    No status (NONE: no bracket), five-guarantee (excluded: 五保户除外), an outstanding bad loan
    and a bad credit record (which itself does not exclude: 应全部纳入)."""
    p = person(born=D(2008, 3, 16), registered_poor=False, five_guarantee=True,
               has_outstanding_bad_loans=True, has_bad_credit_record=True)
    assert_both_paths(p, D(2026, 3, 15), SEED, [
        (C.NOT_REGISTERED_POOR, False, A9,
         "not registered as a poor household (建档立卡) in the poverty information system on "
         "2026-03-15",
         "2026-03-15未录入扶贫人口信息系统，不是建档立卡贫困户"),
        (C.FIVE_GUARANTEE_HOUSEHOLD, False, A9,
         "a five-guarantee household is excluded (Art. 9(1) 五保户除外)",
         "五保户不纳入（第九条第（一）项“五保户除外”）"),
        (C.OUTSTANDING_BAD_LOANS, False, A9,
         "has an outstanding non-performing loan in the borrower's name on 2026-03-15 "
         "(Art. 9(1) 名下无存量不良贷款)",
         "2026-03-15名下有存量不良贷款（第九条第（一）项要求名下无存量不良贷款）"),
        (C.BAD_CREDIT_RECORD, True, A9,
         "the bad credit record itself does not exclude (应全部纳入); the outstanding "
         "non-performing loan is judged under OUTSTANDING_BAD_LOANS",
         "不良征信记录本身不排除（应全部纳入）；存量不良贷款见OUTSTANDING_BAD_LOANS"),
        (C.AGE_ABOVE_LIMIT, True, A9, f"age 17 on 2026-03-15 is within the limit of 65 {ABOVE}",
         f"2026-03-15年满17周岁，未超过65周岁上限{ABOVE_ZH}"),
        (C.AGE_BELOW_LIMIT, False, NONE_,
         f"age 17 on 2026-03-15 is below the minimum of 18 {BELOW}",
         f"2026-03-15年满17周岁，未满18周岁{BELOW_ZH}"),
    ])


def test_seed_removed_household_with_a_record_above_the_age_limit() -> None:
    """Born 1960-03-15, on its 66th birthday 2026-03-15 (2026 − 1960 = 66 > 65). Status removed
    (动态调出户), outside the seed's group: named in both languages. A bad credit record without
    a bad loan: "such households shall all be included"."""
    p = person(born=D(1960, 3, 15), status="removed", has_bad_credit_record=True)
    assert_both_paths(p, D(2026, 3, 15), SEED, [
        (C.NOT_REGISTERED_POOR, False, A9,
         "not registered as a poor household (建档立卡) in the poverty information system on "
         "2026-03-15 (status removed: 动态调出户)",
         "2026-03-15未录入扶贫人口信息系统，不是建档立卡贫困户（动态调出户）"),
        (C.FIVE_GUARANTEE_HOUSEHOLD, True, A9, *FIVE_OK),
        (C.OUTSTANDING_BAD_LOANS, True, A9, LOANS_OK.format(day="2026-03-15"),
         LOANS_OK_ZH.format(day="2026-03-15")),
        (C.BAD_CREDIT_RECORD, True, A9,
         "a bad credit record without an outstanding non-performing loan does not exclude: such "
         "households shall all be included (应全部纳入)",
         "存在不良征信记录但名下无存量不良贷款的贫困户应全部纳入"),
        (C.AGE_ABOVE_LIMIT, False, A9, f"age 66 on 2026-03-15 is above the limit of 65 {ABOVE}",
         f"2026-03-15年满66周岁，超过65周岁上限{ABOVE_ZH}"),
        (C.AGE_BELOW_LIMIT, True, NONE_,
         f"age 66 on 2026-03-15 reaches the minimum of 18 {BELOW}",
         f"2026-03-15年满66周岁，达到18周岁下限{BELOW_ZH}"),
    ])


def test_seed_major_record_alone_is_a_bad_record_that_does_not_exclude() -> None:
    """Under the seed (bad_credit_excludes "never") a major record without the plain flag is
    still a record: the third wording, not "no bad credit record"."""
    d = check_eligibility(person(has_major_bad_credit_record=True), D(2026, 3, 15))
    eager = list(_person_findings_eager(person(has_major_bad_credit_record=True),
                                        D(2026, 3, 15), SEED))
    for r in (d.findings[3], eager[3]):
        assert (r.code, r.passed) == (C.BAD_CREDIT_RECORD, True)
        assert r.message_zh == "存在不良征信记录但名下无存量不良贷款的贫困户应全部纳入"


def test_a_group_of_the_not_yet_lifted_out() -> None:
    """eligible_statuses = {registered_poor}: a lifted-out household fails, naming Art. 9(1) (the
    citation's reference; 第九条第（一）项 in Chinese); a registered one passes "not yet lifted
    out", with no Chinese lifted-out clause."""
    on = D(2026, 3, 15)
    lifted = check_eligibility(person(status="lifted_out"), on, ONLY_NOT_LIFTED)
    eager = next(_person_findings_eager(person(status="lifted_out"), on, ONLY_NOT_LIFTED))
    expected = (C.NOT_REGISTERED_POOR, False, A9,
                "lifted out of poverty (已脱贫户) on 2026-03-15; Art. 9(1) lends only to "
                "registered poor households not yet lifted out",
                "2026-03-15为已脱贫户，第九条第（一）项仅支持尚未脱贫的建档立卡贫困户")
    assert rows([lifted.findings[0], eager]) == [expected, expected]
    assert lifted.codes == (C.NOT_REGISTERED_POOR,)
    ok = check_eligibility(person(), on, ONLY_NOT_LIFTED)
    eager = next(_person_findings_eager(person(), on, ONLY_NOT_LIFTED))
    expected = (C.NOT_REGISTERED_POOR, True, A9,
                "registered as a poor household (建档立卡) in the poverty information system on "
                "2026-03-15, not yet lifted out of poverty",
                "2026-03-15为扶贫人口信息系统中的建档立卡贫困户")
    assert rows([ok.findings[0], eager]) == [expected, expected]
    assert ok


def test_a_bare_policy_names_the_document() -> None:
    """The seed's numbers with no citations: no quote, no register, no article; the messages name
    "the Measures" / 本办法 and fall back to plain words (没有未结清的不良贷款, 不良贷款,
    不良信用记录, 也不因此排除). Born 1980-05-01, on 2026-03-15: 45."""
    day = "2026-03-15"
    below = "(the Measures: at least 18, inclusive, with full civil capacity)"
    below_zh = "（本办法：18周岁（含）以上，具有完全民事行为能力）"
    assert_both_paths(person(), D(2026, 3, 15), BARE, [
        (C.NOT_REGISTERED_POOR, True, NONE_,
         "registered as a poor household (建档立卡) in the poverty information system on "
         "2026-03-15; households lifted out of poverty stay registered",
         "2026-03-15为建档立卡贫困户（已脱贫户仍属建档立卡）"),
        (C.FIVE_GUARANTEE_HOUSEHOLD, True, NONE_, "not a five-guarantee household", "非五保户"),
        (C.OUTSTANDING_BAD_LOANS, True, NONE_, LOANS_OK.format(day=day),
         "2026-03-15没有未结清的不良贷款"),
        (C.BAD_CREDIT_RECORD, True, NONE_,
         "no bad credit record; a bad record alone would not exclude: households with one but no "
         "outstanding non-performing loan shall all be included",
         "无不良信用记录；即使存在不良信用记录，没有未结清的不良贷款的贫困户也不因此排除"),
        (C.AGE_ABOVE_LIMIT, True, NONE_,
         "age 45 on 2026-03-15 is within the limit of 65 (the Measures, inclusive)",
         "2026-03-15年满45周岁，未超过65周岁上限（本办法，含65周岁）"),
        (C.AGE_BELOW_LIMIT, True, NONE_, f"age 45 on 2026-03-15 reaches the minimum of 18 {below}",
         f"2026-03-15年满45周岁，达到18周岁下限{below_zh}"),
    ])


def test_a_bare_policy_failures() -> None:
    """The bare seed, a person with no status, five-guarantee, a bad loan and a record, born
    1950-01-01 (on 2026-03-15: 76 > 65)."""
    p = person(born=D(1950, 1, 1), registered_poor=False, five_guarantee=True,
               has_outstanding_bad_loans=True, has_bad_credit_record=True)
    d = check_eligibility(p, D(2026, 3, 15), BARE)
    eager = list(_person_findings_eager(p, D(2026, 3, 15), BARE))
    expected = [
        (C.NOT_REGISTERED_POOR, False, NONE_,
         "not registered as a poor household (建档立卡) in the poverty information system on "
         "2026-03-15", "2026-03-15不是建档立卡贫困户"),
        (C.FIVE_GUARANTEE_HOUSEHOLD, False, NONE_,
         "a five-guarantee household is excluded (the Measures)", "五保户不纳入（本办法）"),
        (C.OUTSTANDING_BAD_LOANS, False, NONE_,
         "has an outstanding non-performing loan in the borrower's name on 2026-03-15 "
         "(the Measures)", "2026-03-15名下有不良贷款（本办法要求没有未结清的不良贷款）"),
        (C.BAD_CREDIT_RECORD, True, NONE_,
         "the bad credit record itself does not exclude; the outstanding non-performing loan is "
         "judged under OUTSTANDING_BAD_LOANS",
         "不良信用记录本身不排除；不良贷款见OUTSTANDING_BAD_LOANS"),
        (C.AGE_ABOVE_LIMIT, False, NONE_,
         "age 76 on 2026-03-15 is above the limit of 65 (the Measures, inclusive)",
         "2026-03-15年满76周岁，超过65周岁上限（本办法，含65周岁）"),
    ]
    assert rows(d.findings[:5]) == expected
    assert rows(eager[:5]) == expected
    record_only = person(has_bad_credit_record=True)
    for r in (check_eligibility(record_only, D(2026, 3, 15), BARE).findings[3],
              list(_person_findings_eager(record_only, D(2026, 3, 15), BARE))[3]):
        assert r.message == ("a bad credit record without an outstanding non-performing loan "
                             "does not exclude: such households shall all be included")
        assert r.message_zh == "存在不良信用记录但没有未结清的不良贷款的贫困户不因此排除"


def test_five_guarantee_not_excluded_message() -> None:
    """exclude_five_guarantee false: the five-guarantee household passes, "not excluded by the
    Measures" (本办法未将其排除)."""
    free = attrs.evolve(SEED, exclude_five_guarantee=False)
    p = person(five_guarantee=True)
    for r in (check_eligibility(p, D(2026, 3, 15), free).findings[1],
              list(_person_findings_eager(p, D(2026, 3, 15), free))[1]):
        assert rows([r]) == [(C.FIVE_GUARANTEE_HOUSEHOLD, True, A9,
                              "a five-guarantee household, not excluded by the Measures",
                              "五保户，本办法未将其排除")]


def test_a_cited_minimum_age() -> None:
    """A county that cites an article for the minimum age ("Art. 8", 第八条, "年满18周岁"): the
    bound names it, with the quote; 17 (born 2009-01-01, on 2026-03-15) fails, 18 passes."""
    cited = attrs.evolve(SEED, citations={**SEED.citations, "AGE_BELOW_LIMIT": Citation(
        "Art. 8", "第八条", "年满18周岁")})
    bound = "(Art. 8 年满18周岁: at least 18, inclusive, with full civil capacity)"
    bound_zh = "（第八条“年满18周岁”：18周岁（含）以上，具有完全民事行为能力）"
    young, adult = person(born=D(2009, 1, 1)), person(born=D(2008, 1, 1))
    for p, expected in (
        (young, (C.AGE_BELOW_LIMIT, False, ("Art. 8", "第八条"),
                 f"age 17 on 2026-03-15 is below the minimum of 18 {bound}",
                 f"2026-03-15年满17周岁，未满18周岁{bound_zh}")),
        (adult, (C.AGE_BELOW_LIMIT, True, ("Art. 8", "第八条"),
                 f"age 18 on 2026-03-15 reaches the minimum of 18 {bound}",
                 f"2026-03-15年满18周岁，达到18周岁下限{bound_zh}")),
    ):
        fast = check_eligibility(p, D(2026, 3, 15), cited).findings[5]
        eager = list(_person_findings_eager(p, D(2026, 3, 15), cited))[5]
        assert rows([fast, eager]) == [expected, expected]


def test_age_on_both_paths_follows_the_day_after_rule() -> None:
    """age_reached_on_birthday false: on the 66th birthday (born 1960-03-15, on 2026-03-15) the
    person is still 65 on both paths: "age 65 ... within the limit of 65"."""
    policy = attrs.evolve(SEED, age_reached_on_birthday=False)
    p = person(born=D(1960, 3, 15))
    for r in (check_eligibility(p, D(2026, 3, 15), policy).findings[4],
              list(_person_findings_eager(p, D(2026, 3, 15), policy))[4]):
        assert r.passed
        assert r.message == f"age 65 on 2026-03-15 is within the limit of 65 {ABOVE}"


def test_before_birth_both_paths_refuse_the_same() -> None:
    """On 2026-03-14, a person born 2026-03-15: the same InvalidInputError on ``on``."""
    p = person(born=D(2026, 3, 15))
    with pytest.raises(InvalidInputError) as fast:
        check_eligibility(p, D(2026, 3, 14))
    with pytest.raises(InvalidInputError) as eager:
        list(_person_findings_eager(p, D(2026, 3, 14), SEED))
    assert str(fast.value) == str(eager.value)
    assert fast.value.field == "on"
    assert "2026-03-15" in str(fast.value)


def test_everyday_and_validated_paths_agree() -> None:
    """A schedule of one policy goes through the validating path and gives the same findings
    as the policy itself (born 1960-03-15: 66 on 2026-03-15, five-guarantee: two reasons)."""
    schedule = PolicySchedule([SEED])
    p = person(born=D(1960, 3, 15), five_guarantee=True)
    assert rows(check_eligibility(p, D(2026, 3, 15), schedule).findings) == rows(
        check_eligibility(p, D(2026, 3, 15), SEED).findings)
    assert check_eligibility(p, D(2026, 3, 15), schedule).policy_id == "x-county-measures"
    assert check_eligibility(p, D(2026, 3, 15), schedule).codes == (
        C.FIVE_GUARANTEE_HOUSEHOLD, C.AGE_ABOVE_LIMIT)


# --- national presets ----------------------------------------------------------------------------


def test_national_2019_eligible_person() -> None:
    """national-2019: the group {registered_poor, lifted_out} keeps NOT_REGISTERED_POOR; "major"
    bad credit (MAJOR_BAD_CREDIT_RECORD); no citations, so every message names 银保监发〔2019〕24号.
    Born 1980-05-01, on 2020-06-30: 40. Nobody is five-guarantee, so the unset
    exclude_five_guarantee is not needed."""
    n = "银保监发〔2019〕24号"
    assert_both_paths(person(), D(2020, 6, 30), N2019, [
        (C.NOT_REGISTERED_POOR, True, NONE_,
         "registered as a poor household (建档立卡) in the poverty information system on "
         "2020-06-30; households lifted out of poverty stay registered",
         "2020-06-30为建档立卡贫困户（已脱贫户仍属建档立卡）"),
        (C.FIVE_GUARANTEE_HOUSEHOLD, True, NONE_, "not a five-guarantee household", "非五保户"),
        (C.OUTSTANDING_BAD_LOANS, True, NONE_, LOANS_OK.format(day="2020-06-30"),
         "2020-06-30没有未结清的不良贷款"),
        (C.MAJOR_BAD_CREDIT_RECORD, True, NONE_, f"no major bad credit record on 2020-06-30 ({n})",
         f"2020-06-30无重大不良信用记录（{n}）"),
        (C.AGE_ABOVE_LIMIT, True, NONE_, f"age 40 on 2020-06-30 is within the limit of 65 ({n}, "
         "inclusive)", f"2020-06-30年满40周岁，未超过65周岁上限（{n}，含65周岁）"),
        (C.AGE_BELOW_LIMIT, True, NONE_, f"age 40 on 2020-06-30 reaches the minimum of 18 ({n}: "
         "at least 18, inclusive, with full civil capacity)",
         f"2020-06-30年满40周岁，达到18周岁下限（{n}：18周岁（含）以上，具有完全民事行为能力）"),
    ])


@pytest.mark.parametrize(("bad", "major", "passed", "en", "zh"), [
    (True, False, True, "a bad credit record that is not major does not exclude ({n})",
     "2020-06-30存在不良信用记录但非重大，不排除（{n}）"),
    (True, True, False, "has a major bad credit record on 2020-06-30, which excludes ({n})",
     "2020-06-30存在重大不良信用记录，不予纳入（{n}）"),
    (False, True, False, "has a major bad credit record on 2020-06-30, which excludes ({n})",
     "2020-06-30存在重大不良信用记录，不予纳入（{n}）"),
])
def test_national_2019_major_bad_credit(bad: bool, major: bool, passed: bool, en: str,
                                        zh: str) -> None:
    """The three wordings of MAJOR_BAD_CREDIT_RECORD (SPEC D4 "2019 on"), naming the notice."""
    n = "银保监发〔2019〕24号"
    p = person(has_bad_credit_record=bad, has_major_bad_credit_record=major)
    expected = (C.MAJOR_BAD_CREDIT_RECORD, passed, NONE_, en.format(n=n), zh.format(n=n))
    fast = check_eligibility(p, D(2020, 6, 30), N2019)
    eager = list(_person_findings_eager(p, D(2020, 6, 30), N2019))
    assert rows([fast.findings[3], eager[3]]) == [expected, expected]
    assert bool(fast) is passed


def test_national_2019_unregistered_with_a_bad_loan() -> None:
    """No register to name (no citation): "2020-06-30不是建档立卡贫困户"; the bad-loan words fall
    back to 不良贷款 / 没有未结清的不良贷款 beside the notice's number."""
    n = "银保监发〔2019〕24号"
    p = person(registered_poor=False, has_outstanding_bad_loans=True)
    fast = check_eligibility(p, D(2020, 6, 30), N2019)
    eager = list(_person_findings_eager(p, D(2020, 6, 30), N2019))
    expected = [
        (C.NOT_REGISTERED_POOR, False, NONE_,
         "not registered as a poor household (建档立卡) in the poverty information system on "
         "2020-06-30", "2020-06-30不是建档立卡贫困户"),
        (C.OUTSTANDING_BAD_LOANS, False, NONE_,
         f"has an outstanding non-performing loan in the borrower's name on 2020-06-30 ({n})",
         f"2020-06-30名下有不良贷款（{n}要求没有未结清的不良贷款）"),
    ]
    assert rows([fast.findings[0], fast.findings[2]]) == expected
    assert rows([eager[0], eager[2]]) == expected


GROUP = ("registered_poor, lifted_out, removed, monitored_marginal, monitored_unstable, "
         "monitored_hardship")
GROUP_ZH = "建档立卡贫困户、已脱贫户、动态调出户、边缘易致贫户、脱贫不稳定户、突发严重困难户"
N21 = "银保监发〔2021〕6号"


@pytest.mark.parametrize(("fields", "passed", "en", "zh"), [
    ({"status": "in_need"}, False,
     f"not in the target group on 2024-06-30: in_need (农村地区有帮扶需求的人口) is not one of "
     f"{GROUP} ({N21})",
     f"2024-06-30不属于帮扶对象：农村地区有帮扶需求的人口不在{GROUP_ZH}之列（{N21}）"),
    ({"status": "none"}, False,
     f"not in the target group on 2024-06-30: none (非帮扶对象) is not one of {GROUP} ({N21})",
     f"2024-06-30不属于帮扶对象：非帮扶对象不在{GROUP_ZH}之列（{N21}）"),
    ({"status": "monitored_hardship", "monitoring_ended_on": D(2024, 6, 30)}, False,
     "not in the target group on 2024-06-30: the monitoring of this monitored_hardship "
     "household (突发严重困难户) ended on 2024-06-30; a monitored household counts only while "
     f"its monitoring is active ({N21})",
     f"2024-06-30不属于帮扶对象：突发严重困难户已于2024-06-30结束监测，监测对象仅在监测期内纳入（{N21}）"),
    ({"status": "monitored_marginal", "monitoring_ended_on": D(2024, 7, 1)}, True,
     f"in the target group on 2024-06-30: monitored_marginal (边缘易致贫户), monitoring active "
     f"({N21})",
     f"2024-06-30属于帮扶对象：边缘易致贫户，仍在监测期内（{N21}）"),
    ({"status": "removed", "monitoring_ended_on": D(2022, 1, 1)}, True,
     f"in the target group on 2024-06-30: removed (动态调出户) ({N21})",
     f"2024-06-30属于帮扶对象：动态调出户（{N21}）"),
    ({"registered_poor": True}, True,
     f"in the target group on 2024-06-30: registered_poor (建档立卡贫困户) ({N21})",
     f"2024-06-30属于帮扶对象：建档立卡贫困户（{N21}）"),
], ids=["in need", "none", "monitoring ended today", "monitoring ends tomorrow", "removed",
        "registered"])
def test_2021_target_group_messages(fields: dict[str, object], passed: bool, en: str,
                                    zh: str) -> None:
    """national-2021's group (SPEC D7) lists six statuses, in PovertyStatus order; the finding
    is NOT_IN_TARGET_GROUP and names the notice's number (no citations)."""
    p = person(**fields)
    expected = (C.NOT_IN_TARGET_GROUP, passed, NONE_, en, zh)
    fast = check_eligibility(p, D(2024, 6, 30), COUNTY_2021)
    eager = next(_person_findings_eager(p, D(2024, 6, 30), COUNTY_2021))
    assert rows([fast.findings[0], eager]) == [expected, expected]
    assert in_target_group(p, D(2024, 6, 30), COUNTY_2021) is passed
    assert target_group_code(COUNTY_2021) is C.NOT_IN_TARGET_GROUP


def test_target_group_code() -> None:
    """A subset of {registered_poor, lifted_out} (the seed, the 2019 notice, only one of the two)
    keeps NOT_REGISTERED_POOR; any other status in the group makes it NOT_IN_TARGET_GROUP."""
    assert target_group_code(SEED) is C.NOT_REGISTERED_POOR
    assert target_group_code(ONLY_NOT_LIFTED) is C.NOT_REGISTERED_POOR
    assert target_group_code(N2019) is C.NOT_REGISTERED_POOR
    assert target_group_code(attrs.evolve(SEED, eligible_statuses=["lifted_out", "removed"])) is (
        C.NOT_IN_TARGET_GROUP)
    assert target_group_code(preset("national-2026")) is C.NOT_IN_TARGET_GROUP
    with pytest.raises(InvalidInputError, match="eligible_statuses"):
        target_group_code(attrs.evolve(SEED, eligible_statuses=None))


# --- legal entities ------------------------------------------------------------------------------


def agreement(p: NaturalPerson, signed: dt.date = SIGNED,
              ends: dt.date | None = None) -> DrivingAgreement:
    return DrivingAgreement(household=p, signed_on=signed, ends_on=ends)


def entity(*agreements: DrivingAgreement) -> LegalEntity:
    return LegalEntity(id="E-1", name="Coop", kind=EntityKind.COOPERATIVE, agreements=agreements)


def only(decision: object) -> tuple[ReasonCode, bool, tuple[str | None, str | None], str, str]:
    (r,) = decision.findings  # type: ignore[attr-defined]
    return rows([r])[0]


A10 = ("Art. 10", "第十条")


def test_entity_counted_once_with_every_reason_for_the_others() -> None:
    """On 2026-03-15, six agreements: A (counted), A again and A's expired one (A counts once:
    6 agreements > 1 counted + 3 not counted, so the "counts once" clause), B ended 2026-03-14,
    C not registered (NONE under the seed: "not registered poor", 非建档立卡贫困户),
    D five-guarantee."""
    e = entity(agreement(person("A")), agreement(person("A")),
               agreement(person("A"), ends=D(2026, 3, 1)),
               agreement(person("B"), ends=D(2026, 3, 14)),
               agreement(person("C", registered_poor=False)),
               agreement(person("D", five_guarantee=True)))
    assert only(check_eligibility(e, D(2026, 3, 15))) == (
        C.NO_DRIVING_AGREEMENT, True, A10,
        "drives 1 counted poor household(s) under an agreement in force on 2026-03-15 (A); each "
        "household counts once, however many agreements or members name it; not counted: B "
        "(agreement ended on 2026-03-14), C (not registered poor), D (five-guarantee household)",
        "2026-03-15依协议带动1户计入的建档立卡贫困户（A）；同一户无论签订几份协议、涉及几名成员，只计一户；"
        "未计入：B（协议已于2026-03-14到期），C（非建档立卡贫困户），D（五保户）")


def test_entity_two_households_no_clauses() -> None:
    """Two agreements, two counted households, nothing left over: neither clause."""
    e = entity(agreement(person("A")), agreement(person("B")))
    assert only(check_eligibility(e, D(2026, 3, 15))) == (
        C.NO_DRIVING_AGREEMENT, True, A10,
        "drives 2 counted poor household(s) under an agreement in force on 2026-03-15 (A, B)",
        "2026-03-15依协议带动2户计入的建档立卡贫困户（A, B）")


def test_entity_without_a_counted_household() -> None:
    """The only agreement is signed the day after (2026-03-16): it fails, quoting Art. 10's
    "带动一户贫困户且签订协议"; with no agreement at all, 0 agreement(s) and no list."""
    e = entity(agreement(person("B"), signed=D(2026, 3, 16)))
    assert only(check_eligibility(e, D(2026, 3, 15))) == (
        C.NO_DRIVING_AGREEMENT, False, A10,
        "drives no counted poor household on 2026-03-15 (1 agreement(s)); not counted: B "
        "(agreement signed only on 2026-03-16); Art. 10 requires driving at least one poor "
        "household under a signed agreement",
        "2026-03-15未依协议带动任何计入的建档立卡贫困户（协议1份）；未计入：B（协议2026-03-16才签订）；"
        "第十条要求带动一户贫困户且签订协议")
    assert only(check_eligibility(entity(), D(2026, 3, 15))) == (
        C.NO_DRIVING_AGREEMENT, False, A10,
        "drives no counted poor household on 2026-03-15 (0 agreement(s)); Art. 10 requires "
        "driving at least one poor household under a signed agreement",
        "2026-03-15未依协议带动任何计入的建档立卡贫困户（协议0份）；第十条要求带动一户贫困户且签订协议")


def test_entity_outside_the_seed_group() -> None:
    """Under the seed a removed or monitored household is outside the group (its status named);
    "not registered poor" is kept for NONE."""
    e = entity(agreement(person("R", status="removed")),
               agreement(person("M", status="monitored_marginal")))
    assert only(check_eligibility(e, D(2026, 3, 15)))[3:] == (
        "drives no counted poor household on 2026-03-15 (2 agreement(s)); not counted: R (not in "
        "the target group (removed)), M (not in the target group (monitored_marginal)); Art. 10 "
        "requires driving at least one poor household under a signed agreement",
        "2026-03-15未依协议带动任何计入的建档立卡贫困户（协议2份）；未计入：R（非帮扶对象（动态调出户）），"
        "M（非帮扶对象（边缘易致贫户））；第十条要求带动一户贫困户且签订协议")


def test_entity_under_a_2021_style_group() -> None:
    """A county policy of 2021 that still lends to entities (no citations: 银保监发〔2021〕6号):
    the group is 帮扶对象; a monitored household whose monitoring ended on 2024-03-01 and a NONE
    household (outside a group that is not 建档立卡 alone: named by status) are not counted; the
    Chinese requirement falls back to 依协议带动至少一户."""
    lending = attrs.evolve(COUNTY_2021, entity_lending=True)
    e = entity(agreement(person("M", status="monitored_unstable",
                                monitoring_ended_on=D(2024, 3, 1)), signed=D(2024, 1, 1)),
               agreement(person("N", status="none"), signed=D(2024, 1, 1)))
    assert only(check_eligibility(e, D(2024, 6, 30), lending)) == (
        C.NO_DRIVING_AGREEMENT, False, NONE_,
        "drives no counted poor household on 2024-06-30 (2 agreement(s)); not counted: M "
        "(monitoring ended on 2024-03-01), N (not in the target group (none)); "
        f"{N21} requires driving at least one poor household under a signed agreement",
        "2024-06-30未依协议带动任何计入的帮扶对象（协议2份）；未计入：M（已于2024-03-01结束监测），"
        f"N（非帮扶对象（非帮扶对象））；{N21}要求依协议带动至少一户")
    counted = entity(agreement(person("R", status="removed"), signed=D(2024, 1, 1)))
    assert only(check_eligibility(counted, D(2024, 6, 30), lending))[3:] == (
        "drives 1 counted poor household(s) under an agreement in force on 2024-06-30 (R)",
        "2024-06-30依协议带动1户计入的帮扶对象（R）")


def test_entity_lending_not_allowed_message() -> None:
    """national-2019 does not lend to entities: a failed ENTITY_LENDING_NOT_ALLOWED naming the
    notice, then the driving finding; the household A (registered, signed 2020-01-01) counts."""
    e = entity(agreement(person("A"), signed=D(2020, 1, 1)))
    d = check_eligibility(e, D(2020, 6, 30), N2019)
    n = "银保监发〔2019〕24号"
    assert rows(d.findings) == [
        (C.ENTITY_LENDING_NOT_ALLOWED, False, NONE_,
         f"lending to legal entities is not allowed ({n}): the loans go to the households "
         "themselves", f"不得向法人客户发放（{n}），贷款应发放到户"),
        (C.NO_DRIVING_AGREEMENT, True, NONE_,
         "drives 1 counted poor household(s) under an agreement in force on 2020-06-30 (A)",
         "2020-06-30依协议带动1户计入的建档立卡贫困户（A）"),
    ]
    assert d.codes == (C.ENTITY_LENDING_NOT_ALLOWED,)
    assert d.subject == "E-1"
    assert d.policy_id == "national-2019"


def test_counted_households_follow_the_policy_and_a_schedule() -> None:
    """A five-guarantee household is counted where the policy does not exclude it; a schedule
    is read on ``on``; the first member of a household named stands for it."""
    five = person("F", five_guarantee=True)
    a1, a2 = person("A1", household_id="H"), person("A2", household_id="H")
    e = entity(agreement(five), agreement(a2, ends=D(2026, 2, 1)), agreement(a2), agreement(a1))
    assert [p.id for p in counted_households(e, D(2026, 3, 15))] == ["A2"]
    free = attrs.evolve(SEED, exclude_five_guarantee=False)
    assert [p.id for p in counted_households(e, D(2026, 3, 15), free)] == ["F", "A2"]
    later = attrs.evolve(free, document=PolicyDocument(id="later", title="later rules"),
                         effective_from=D(2026, 3, 1))
    schedule = PolicySchedule([SEED, later])
    assert [p.id for p in counted_households(e, D(2026, 2, 28), schedule)] == ["A2"]
    assert [p.id for p in counted_households(e, D(2026, 3, 1), schedule)] == ["F", "A2"]


def test_a_cited_target_group() -> None:
    """A 2021-style county that cites its own article for the target group ("Art. 5", 第五条,
    quote "脱贫人口和防止返贫监测对象"): the finding carries it, and the message quotes it
    (English: the article and the quote; Chinese: 第五条“…”)."""
    cited = attrs.evolve(COUNTY_2021, citations={"NOT_IN_TARGET_GROUP": Citation(
        "Art. 5", "第五条", "脱贫人口和防止返贫监测对象")})
    p = person(status="removed")
    expected = (C.NOT_IN_TARGET_GROUP, True, ("Art. 5", "第五条"),
                "in the target group on 2024-06-30: removed (动态调出户) "
                "(Art. 5 脱贫人口和防止返贫监测对象)",
                "2024-06-30属于帮扶对象：动态调出户（第五条“脱贫人口和防止返贫监测对象”）")
    fast = check_eligibility(p, D(2024, 6, 30), cited)
    eager = next(_person_findings_eager(p, D(2024, 6, 30), cited))
    assert rows([fast.findings[0], eager]) == [expected, expected]


def test_bad_borrower_and_entity_messages() -> None:
    """The problems name the wrong value and its type (``describe``: repr, "a" and the type
    name): "'P-1', a str"; "'E-1', a str"."""
    with pytest.raises(InvalidInputError) as info:
        check_eligibility("P-1", D(2026, 3, 15))  # type: ignore[arg-type]
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("borrower", "must be a NaturalPerson or a LegalEntity (got 'P-1', a str)")]
    with pytest.raises(InvalidInputError) as info:
        counted_households("E-1", D(2026, 3, 15))  # type: ignore[arg-type]
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("entity", "must be a LegalEntity (got 'E-1', a str)")]


#: A county of 2021 that cites its own articles (made up for the test: "Art. 5" 第五条 for the
#: target group, "Art. 6" 第六条 "无重大不良信用记录" for major bad credit, "Art. 7" 第七条 for
#: lending to entities).
CITED_2021 = attrs.evolve(COUNTY_2021, citations={
    "NOT_IN_TARGET_GROUP": Citation("Art. 5", "第五条"),
    "MAJOR_BAD_CREDIT_RECORD": Citation("Art. 6", "第六条", "无重大不良信用记录"),
    "ENTITY_LENDING_NOT_ALLOWED": Citation("Art. 7", "第七条"),
})


@pytest.mark.parametrize(("fields", "passed", "en"), [
    ({"status": "in_need"}, False, f"not in the target group on 2024-06-30: in_need "
     f"(农村地区有帮扶需求的人口) is not one of {GROUP} (Art. 5)"),
    ({"status": "monitored_marginal", "monitoring_ended_on": D(2024, 1, 1)}, False,
     "not in the target group on 2024-06-30: the monitoring of this monitored_marginal household "
     "(边缘易致贫户) ended on 2024-01-01; a monitored household counts only while its monitoring "
     "is active (Art. 5)"),
    ({"status": "monitored_marginal"}, True,
     "in the target group on 2024-06-30: monitored_marginal (边缘易致贫户), monitoring active "
     "(Art. 5)"),
], ids=["not in the group", "monitoring ended", "monitoring active"])
def test_cited_target_group_every_branch(fields: dict[str, object], passed: bool,
                                         en: str) -> None:
    """Each wording of NOT_IN_TARGET_GROUP carries the county's article on both paths."""
    p = person(**fields)
    fast = check_eligibility(p, D(2024, 6, 30), CITED_2021).findings[0]
    eager = next(_person_findings_eager(p, D(2024, 6, 30), CITED_2021))
    for r in (fast, eager):
        assert (r.code, r.passed, r.article, r.article_zh, r.message) == (
            C.NOT_IN_TARGET_GROUP, passed, "Art. 5", "第五条", en)


@pytest.mark.parametrize(("bad", "major", "passed", "en", "zh"), [
    (False, False, True, "no major bad credit record on 2024-06-30 (Art. 6 无重大不良信用记录)",
     "2024-06-30无重大不良信用记录（第六条“无重大不良信用记录”）"),
    (True, False, True,
     "a bad credit record that is not major does not exclude (Art. 6 无重大不良信用记录)",
     "2024-06-30存在不良信用记录但非重大，不排除（第六条“无重大不良信用记录”）"),
    (True, True, False,
     "has a major bad credit record on 2024-06-30, which excludes (Art. 6 无重大不良信用记录)",
     "2024-06-30存在重大不良信用记录，不予纳入（第六条“无重大不良信用记录”）"),
])
def test_cited_major_bad_credit_every_branch(bad: bool, major: bool, passed: bool, en: str,
                                             zh: str) -> None:
    """Each wording of MAJOR_BAD_CREDIT_RECORD carries the county's article and quote."""
    p = person(has_bad_credit_record=bad, has_major_bad_credit_record=major)
    fast = check_eligibility(p, D(2024, 6, 30), CITED_2021).findings[3]
    eager = list(_person_findings_eager(p, D(2024, 6, 30), CITED_2021))[3]
    expected = (C.MAJOR_BAD_CREDIT_RECORD, passed, ("Art. 6", "第六条"), en, zh)
    assert rows([fast, eager]) == [expected, expected]


def test_cited_entity_lending_not_allowed() -> None:
    """ENTITY_LENDING_NOT_ALLOWED carries the county's article (Art. 7, 第七条)."""
    e = entity(agreement(person("A"), signed=D(2024, 1, 1)))
    (first, _) = check_eligibility(e, D(2024, 6, 30), CITED_2021).findings
    assert rows([first]) == [(C.ENTITY_LENDING_NOT_ALLOWED, False, ("Art. 7", "第七条"),
                              "lending to legal entities is not allowed (Art. 7): the loans go "
                              "to the households themselves",
                              "不得向法人客户发放（第七条），贷款应发放到户")]


def test_unset_bad_credit_rule_on_both_paths() -> None:
    """national-2017 leaves bad_credit_excludes unset: without a major record both paths give
    the plain BAD_CREDIT_RECORD finding (no citations: the fallback words), messages included;
    with one, both refuse, naming the parameter."""
    n2017 = attrs.evolve(preset("national-2017"), min_age=18, max_age=65,
                         exclude_five_guarantee=True)
    p = person(has_bad_credit_record=True)
    fast = check_eligibility(p, D(2024, 6, 30), n2017).findings[3]
    eager = list(_person_findings_eager(p, D(2024, 6, 30), n2017))[3]
    expected = (C.BAD_CREDIT_RECORD, True, NONE_,
                "a bad credit record without an outstanding non-performing loan does not "
                "exclude: such households shall all be included",
                "存在不良信用记录但没有未结清的不良贷款的贫困户不因此排除")
    assert rows([fast, eager]) == [expected, expected]
    major = person(has_major_bad_credit_record=True)
    with pytest.raises(InvalidInputError, match="national-2017 does not set bad_credit_excludes"):
        check_eligibility(major, D(2024, 6, 30), n2017)
    with pytest.raises(InvalidInputError, match="national-2017 does not set bad_credit_excludes"):
        list(_person_findings_eager(major, D(2024, 6, 30), n2017))


def test_entity_one_counted_one_not_no_counts_once_clause() -> None:
    """Two agreements, A counted and B (no status) not: 2 = 1 + 1, every agreement accounted
    for, so no "counts once" clause."""
    e = entity(agreement(person("A")), agreement(person("B", registered_poor=False)))
    assert only(check_eligibility(e, D(2026, 3, 15)))[3:] == (
        "drives 1 counted poor household(s) under an agreement in force on 2026-03-15 (A); "
        "not counted: B (not registered poor)",
        "2026-03-15依协议带动1户计入的建档立卡贫困户（A）；未计入：B（非建档立卡贫困户）")
