"""The words of the subsidy: findings, statements, settlements and errors, pinned in full.

Each finding a statement carries is read by people (auditors, the county offices): its code, its
article (``article`` / ``article_zh``, from the policy's citations, SPEC D1) and both messages are
part of the result. The tests below pin them whole, under policies that cite every subsidy rule
(a county file's ``[citations]``, here built with ``attrs.evolve``), under policies that cite
none, and under the variants of SPEC D5–D7 (a subsidised cap apart from the loan cap, a flat rate,
a share, a days limit, a household cap, a yearly cycle, a schedule of policies).

Conventions (SPEC part A, B "Interest subsidy"): amount = ROUND_HALF_UP(Σ subsidised principal ×
days × rate × share / day_count_basis), rounded once per statement; a day accrues on the principal
outstanding at its END (the start day counts, a repayment day does not, 算头不算尾); the PBoC
benchmark in force from 2015-10-24 is 4.35 % for terms ≤ 12 months. Money is kept to the fen:
``"50000"`` is ``Decimal("50000.00")``, so caps and principal-days print with two decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Policy,
    PolicyDocument,
    PolicySchedule,
    Reason,
    ReasonCode,
    Settlement,
    SubsidyStatement,
    monthly_subsidy,
    settle_month,
    settle_year,
)
from subsidy_cases import YEARLY, make_loan, person

D = Decimal
day = dt.date
R = ReasonCode


def codes(statement: SubsidyStatement) -> list[str]:
    return [r.code.value for r in statement.findings]


def the(statement: SubsidyStatement, code: ReasonCode) -> Reason:
    """The one finding of ``code``: informational (passed), with both messages."""
    (reason,) = [r for r in statement.findings if r.code is code]
    assert reason.passed
    return reason


def words(reason: Reason) -> tuple[str | None, str | None, str, str]:
    return reason.article, reason.article_zh, reason.message, reason.message_zh


#: The seed with a citation for every subsidy rule the seed Measures do not make (a county's
#: file would give them in its [citations]); the seed's own citations are kept.
CITED = attrs.evolve(DEFAULT_POLICY, citations={
    **DEFAULT_POLICY.citations,
    "SUBSIDY_PRINCIPAL_CAPPED:subsidised": Citation("Art. 15", "第十五条", "贴息5万元以内"),
    "SUBSIDY_RATE_CAPPED:flat": Citation("Art. 16", "第十六条", "按3%贴息"),
    "SUBSIDY_SHARE": Citation("Art. 13", "第十三条", "贴息70%"),
    "SUBSIDY_DAYS_LIMIT": Citation("Art. 31", "第三十一条", "最长一年"),
    "SUBSIDY_HOUSEHOLD_CAPPED": Citation("Art. 12", "第十二条", "每户5万元"),
    "SUBSIDY_POLICIES": Citation("Art. 14", "第十四条", "分段计算"),
})


def without(*keys: str) -> Policy:
    """The seed without the citations ``keys``."""
    return attrs.evolve(DEFAULT_POLICY, citations={
        k: v for k, v in DEFAULT_POLICY.citations.items() if k not in keys})


# ---------------------------------------------------------------------------------------------
# the cycle: settle_month refuses a yearly policy, settle_year a monthly one (SPEC D7)


def test_settle_month_refuses_a_yearly_policy_and_says_what_to_use() -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_month([], 2016, 3, YEARLY)
    (problem,) = err.value.problems
    assert problem.field == "policy.subsidy_cycle"
    assert problem.message == ("x-county-measures settles the subsidy once a year (subsidy_cycle "
                               "= 'year'): use settle_year(loans, year, policy)")


def test_settle_year_refuses_a_monthly_policy_and_says_what_to_use() -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_year([], 2016, DEFAULT_POLICY)
    (problem,) = err.value.problems
    assert problem.field == "policy.subsidy_cycle"
    assert problem.message == ("x-county-measures settles the subsidy once a month "
                               "(subsidy_cycle = 'month'): use settle_month(loans, year, month, "
                               "policy)")


def switch_on(first: Policy, second: Policy, on: dt.date, doc_id: str) -> PolicySchedule:
    """``first``, then ``second`` from ``on``, also for older contracts (``"switch"``)."""
    later = attrs.evolve(second, effective_from=on, existing_contracts="switch",
                         document=PolicyDocument(id=doc_id, title=f"{doc_id} notice",
                                                 short_name="the Z notice",
                                                 short_name_zh="《Z县通知》"))
    return PolicySchedule([first, later])


def test_settle_month_refuses_a_loan_a_yearly_policy_governs_in_the_month() -> None:
    """A loan from 2016-03-01; from 2016-03-16 a yearly policy governs it (switch): its days
    16–31 are open, so settle_month cannot settle them."""
    schedule = switch_on(DEFAULT_POLICY, YEARLY, day(2016, 3, 16), "z-yearly")
    with pytest.raises(InvalidInputError) as err:
        settle_month([make_loan()], 2016, 3, schedule)
    (problem,) = err.value.problems
    assert problem.field == "loans[0]"
    assert problem.message == ("loan 'L-1' is governed from 2016-03-16 by z-yearly, which "
                               "settles the subsidy once a year (subsidy_cycle = 'year'): use "
                               "settle_year(loans, year, policy)")


def test_settle_year_refuses_a_loan_a_monthly_policy_governs_in_the_year() -> None:
    """A loan from 2016-03-01 under a yearly policy; from 2016-07-01 a monthly one (switch)."""
    schedule = switch_on(YEARLY, DEFAULT_POLICY, day(2016, 7, 1), "z-monthly")
    with pytest.raises(InvalidInputError) as err:
        settle_year([make_loan()], 2016, schedule)
    (problem,) = err.value.problems
    assert problem.field == "loans[0]"
    assert problem.message == ("loan 'L-1' is governed from 2016-07-01 by z-monthly, which "
                               "settles the subsidy once a month (subsidy_cycle = 'month'): use "
                               "settle_month(loans, year, month, policy)")


# ---------------------------------------------------------------------------------------------
# a lender unknown to a later policy of a schedule

POSTAL_ONLY = attrs.evolve(DEFAULT_POLICY, fund_allocations={"postal_savings": "5000000"})
UNKNOWN_LENDER = ("must be a lender of the policy, one of 'postal_savings' (got 'credit_union', "
                  "a str)")


@pytest.mark.parametrize("month", [3, 4], ids=["changes mid-month", "later policy only"])
def test_monthly_subsidy_refuses_a_lender_the_governing_policy_does_not_know(month: int) -> None:
    """From 2016-03-16 a policy whose only lender is the postal bank governs the credit union's
    loan: March (two runs) and April (the later policy alone) are both refused at loan.lender."""
    schedule = switch_on(DEFAULT_POLICY, POSTAL_ONLY, day(2016, 3, 16), "z-postal")
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(), 2016, month, schedule)
    (problem,) = err.value.problems
    assert (problem.field, problem.message) == ("loan.lender", UNKNOWN_LENDER)


def test_settle_month_refuses_a_lender_the_governing_policy_does_not_know() -> None:
    schedule = switch_on(DEFAULT_POLICY, POSTAL_ONLY, day(2016, 3, 16), "z-postal")
    postal = make_loan(loan_id="L-0", lender="postal_savings")
    with pytest.raises(InvalidInputError) as err:
        settle_month([postal, make_loan()], 2016, 3, schedule)
    (problem,) = err.value.problems
    assert (problem.field, problem.message) == ("loans[1].lender", UNKNOWN_LENDER)


# ---------------------------------------------------------------------------------------------
# a settlement's repr and a statement's explain()


def test_a_settlement_without_lenders_ends_its_repr_plainly() -> None:
    assert repr(Settlement(year=2016, month=3)) == (
        "<Settlement 2016-03: 0 statements, 0 skipped, total 0.00>")
    assert repr(Settlement(year=2016, month=None, total=D("1.00"))) == (
        "<Settlement 2016: 0 statements, 0 skipped, total 1.00>")


SEVENTY = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.70")


def test_the_share_finding_in_full_and_a_finding_without_article_in_explain() -> None:
    """Share 70 % on the seed, which cites no article for it (the message names the document,
    explain() shows "-"): 50 000 × 31 × 0.0435 × 0.70 / 360 = 47 197.5 / 360 = 131.1041… →
    131.10."""
    s = monthly_subsidy(make_loan(), 2016, 3, SEVENTY)
    assert (s.days, s.principal_days, s.amount) == (31, D("1550000.00"), D("131.10"))
    en = ("the budget pays 70 % of the interest at the subsidy rate (subsidy_share 0.70; the "
          "Measures): principal-days × rate × 0.70 ÷ 360, rounded once")
    zh = "按贴息率计算的利息的70 %贴息（本办法）：积数×贴息率×0.70÷360，统一四舍五入"
    assert words(the(s, R.SUBSIDY_SHARE)) == (None, None, en, zh)
    assert s.explain() == ("L-1 2016-03: 31 days, 1550000.00 principal-days at 4.35 % → 131.10\n"
                           f"  [SUBSIDY_SHARE] -: {en}")
    assert s.explain("zh") == ("L-1 2016-03：贴息天数31天，积数1550000.00，贴息率4.35 %，"
                               f"贴息131.10元\n  [SUBSIDY_SHARE] -: {zh}")


def test_the_share_finding_cites_the_policys_article() -> None:
    """The same month under a policy citing Art. 13 for the share."""
    s = monthly_subsidy(make_loan(), 2016, 3, attrs.evolve(CITED, subsidy_share="0.70"))
    assert s.amount == D("131.10")
    assert words(the(s, R.SUBSIDY_SHARE)) == (
        "Art. 13", "第十三条",
        "the budget pays 70 % of the interest at the subsidy rate (subsidy_share 0.70; Art. 13 "
        "贴息70%): principal-days × rate × 0.70 ÷ 360, rounded once",
        "按贴息率计算的利息的70 %贴息（第十三条“贴息70%”）：积数×贴息率×0.70÷360，统一四舍五入")
    assert s.explain().splitlines()[1].startswith("  [SUBSIDY_SHARE] Art. 13: the budget pays")


def test_a_month_without_a_subsidised_day_says_nothing_of_the_share() -> None:
    """Repaid in full on 2016-02-10: March has 31 days without principal and no subsidised day,
    so no share applies to it: the only finding is SUBSIDY_REPAID."""
    loan = make_loan(start=day(2016, 1, 1), maturity=day(2017, 1, 1),
                     repayments=((day(2016, 2, 10), "50000"),))
    s = monthly_subsidy(loan, 2016, 3, SEVENTY)
    assert (s.days, s.amount) == (0, D("0.00"))
    assert codes(s) == ["SUBSIDY_REPAID"]
    assert the(s, R.SUBSIDY_REPAID).message == (
        "31 days of 2016-03 without outstanding principal (repaid in full on 2016-02-10) are not "
        "subsidised (a repayment day accrues on the balance after the repayment, 算头不算尾)")


# ---------------------------------------------------------------------------------------------
# the days limit (通许: subsidy_max_days)


def test_the_days_limit_finding_cites_the_policys_article() -> None:
    """Limit 20 days from 2016-03-01: days 03-01–03-20 are subsidised, 50 000 × 20 × 0.0435 /
    360 = 43 500 / 360 = 120.8333… → 120.83; the 11 days from 03-21 (offset 20) are not."""
    s = monthly_subsidy(make_loan(), 2016, 3, attrs.evolve(CITED, subsidy_max_days=20))
    assert (s.days, s.amount) == (20, D("120.83"))
    assert codes(s) == ["SUBSIDY_DAYS_LIMIT"]
    assert words(the(s, R.SUBSIDY_DAYS_LIMIT)) == (
        "Art. 31", "第三十一条",
        "11 days of 2016-03 from 2016-03-21 on, with principal still outstanding, are beyond the "
        "20 days of subsidy a loan gets from its loan date 2016-03-01 (subsidy_max_days 20; "
        "Art. 31 最长一年): not subsidised",
        "2016-03中自2016-03-21起仍有余额的11天超出自贷款发放日2016-03-01起最多20天的贴息期限"
        "（第三十一条“最长一年”），不予贴息")


# ---------------------------------------------------------------------------------------------
# the household cap (SPEC D5)


def test_the_household_finding_names_every_earlier_loan_and_cites_the_article() -> None:
    """Household H-1: A (from 2016-01-01), B (2016-02-01) and C (2016-02-15), 20 000 each, cap
    50 000 per household. March 2016, served in order of start date: A 20 000, B 20 000, C the
    10 000 left. A and B: 20 000 × 31 = 620 000 → 26 970 / 360 = 74.9166… → 74.92 each; C:
    10 000 × 31 = 310 000 → 13 485 / 360 = 37.4583… → 37.46; C lost 10 000 × 31 = 310 000
    principal-days to A and B."""
    policy = attrs.evolve(CITED, caps_per_household=True, max_subsidised_principal="50000")
    loans = [make_loan("20000", start, day(2017, start.month, start.day),
                       borrower=person(f"P-{i}", "H-1"), loan_id=name)
             for i, (name, start) in enumerate(
                 [("C", day(2016, 2, 15)), ("A", day(2016, 1, 1)), ("B", day(2016, 2, 1))])]
    settlement = settle_month(loans, 2016, 3, policy)
    by_id = {s.loan_id: s for s in settlement.statements}
    assert {k: s.amount for k, s in by_id.items()} == {
        "C": D("37.46"), "A": D("74.92"), "B": D("74.92")}
    assert codes(by_id["A"]) == codes(by_id["B"]) == []
    assert codes(by_id["C"]) == ["SUBSIDY_HOUSEHOLD_CAPPED"]
    assert words(the(by_id["C"], R.SUBSIDY_HOUSEHOLD_CAPPED)) == (
        "Art. 12", "第十二条",
        "on 31 days of 2016-03 the household H-1's earlier loans (A, B) already took up the "
        "subsidised principal of 50000.00 per household (caps_per_household; Art. 12 每户5万元): "
        "310000.00 principal-days of this loan are not subsidised",
        "2016-03中有31天，同户（H-1）在先贷款（A、B）已占用每户贴息本金上限50000.00元"
        "（第十二条“每户5万元”），本笔贷款超出的积数310000.00不予贴息")


# ---------------------------------------------------------------------------------------------
# the principal caps: the 5321 limit, a subsidised cap apart from it, an entity's limit


def test_a_subsidised_cap_below_the_loan_cap_is_named_with_its_article() -> None:
    """Loan cap 100 000, subsidised cap 50 000 (the 2021 reading): an 80 000 loan gets 50 000 ×
    31 × 0.0435 / 360 = 67 425 / 360 = 187.2916… → 187.29; (80 000 − 50 000) × 31 = 930 000
    principal-days are above the cap. The article is the rule's (Art. 27); the message cites
    the subsidised cap's own (Art. 15)."""
    policy = attrs.evolve(CITED, max_loan_amount="100000", max_subsidised_principal="50000")
    s = monthly_subsidy(make_loan("80000"), 2016, 3, policy)
    assert (s.principal_days, s.amount) == (D("1550000.00"), D("187.29"))
    assert words(the(s, R.SUBSIDY_PRINCIPAL_CAPPED)) == (
        "Art. 27", "第二十七条",
        "on 31 days of 2016-03 the outstanding principal was above the subsidised cap of 50000.00 "
        "(max_subsidised_principal; Art. 15 贴息5万元以内; the part above it is not subsidised): "
        "930000.00 principal-days above it are not subsidised",
        "2016-03中有31天贷款余额超过贴息本金上限50000.00元（第十五条“贴息5万元以内”，超出部分不予"
        "贴息），超出的积数930000.00不予贴息")


@pytest.mark.parametrize(("policy", "scheme", "scheme_zh"), [
    pytest.param(DEFAULT_POLICY, "5321 ", "5321政策", id="the seed names its 5321 policy"),
    pytest.param(without("SUBSIDY_PRINCIPAL_CAPPED:scheme"), "", "", id="no scheme named"),
])
def test_the_loan_cap_finding_names_the_scheme_only_where_the_policy_does(
        policy: Policy, scheme: str, scheme_zh: str) -> None:
    """An 80 000 loan under the 50 000 limit: 187.29 as above, 930 000 principal-days above."""
    s = monthly_subsidy(make_loan("80000"), 2016, 3, policy)
    assert s.amount == D("187.29")
    assert words(the(s, R.SUBSIDY_PRINCIPAL_CAPPED)) == (
        "Art. 27", "第二十七条",
        f"on 31 days of 2016-03 the outstanding principal was above the {scheme}limit of "
        "50000.00 per household (Art. 10 5万元以下; the part above it is not subsidised): "
        "930000.00 principal-days above it are not subsidised",
        f"2016-03中有31天贷款余额超过{scheme_zh}上限50000.00元（超出部分不予贴息），超出的积数"
        "930000.00不予贴息")


def farm(*signed: dt.date) -> LegalEntity:
    return LegalEntity(id="E-1", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
        DrivingAgreement(household=person(f"H-{i}"), signed_on=on)
        for i, on in enumerate(signed, 1)])


def test_an_entity_limit_that_changes_in_the_month_is_given_as_a_range() -> None:
    """The farm drives H-1 from 2016-01-01 and H-2 from 2016-03-16: its limit is 50 000 × 1 on
    days 1–15 and 50 000 × 2 = 100 000 on days 16–31. A 150 000 loan: principal-days 50 000 ×
    15 + 100 000 × 16 = 750 000 + 1 600 000 = 2 350 000 → × 0.0435 = 102 225 → / 360 =
    283.9583… → 283.96; above the limit (150 000 − 50 000) × 15 + (150 000 − 100 000) × 16 =
    1 500 000 + 800 000 = 2 300 000."""
    loan = make_loan("150000", borrower=farm(day(2016, 1, 1), day(2016, 3, 16)))
    s = monthly_subsidy(loan, 2016, 3)
    assert (s.principal_days, s.amount) == (D("2350000.00"), D("283.96"))
    assert words(the(s, R.SUBSIDY_PRINCIPAL_CAPPED)) == (
        "Art. 27", "第二十七条",
        "on 31 days of 2016-03 the outstanding principal was above the entity credit limit of "
        "50000.00 to 100000.00 (max_loan_amount 50000.00 × counted households driven, "
        "法人客户按带动脱贫农户授信额度): 2300000.00 principal-days above it are not subsidised",
        "2016-03中有31天贷款余额超过按带动脱贫农户授信额度50000.00元至100000.00元，超出的积数"
        "2300000.00不予贴息")


# ---------------------------------------------------------------------------------------------
# from the maturity: an entity loan under a policy without the article


def test_an_overdue_entity_loan_without_the_article_says_the_library_interprets() -> None:
    """The farm's 30 000 loan from 2016-01-15 matures on 2017-01-15 unpaid: January 2017 has
    days 1–14 subsidised, 30 000 × 14 × 0.0435 / 360 = 18 270 / 360 = 50.75, and the 17 days from
    the 15th are not. The policy cites nothing for it: the message names the document."""
    policy = without("SUBSIDY_FROM_MATURITY")
    loan = make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), borrower=farm(day(2016, 1, 1)))
    s = monthly_subsidy(loan, 2017, 1, policy)
    assert (s.days, s.amount) == (14, D("50.75"))
    assert codes(s) == ["SUBSIDY_FROM_MATURITY"]
    assert words(the(s, R.SUBSIDY_FROM_MATURITY)) == (
        None, None,
        "17 days of 2017-01 from 2017-01-15 on, with principal still outstanding, are not "
        "subsidised: the loan was not repaid on time (the Measures); interpretation: the library "
        "applies this rule to legal-entity loans too",
        "2017-01中自2017-01-15起仍有余额的17天不予贴息：贷款未按期归还，从到期之日起不予贴息；"
        "解释：本库对法人客户同样适用此规则")


# ---------------------------------------------------------------------------------------------
# a flat subsidy rate (SPEC D6)

FLAT = attrs.evolve(CITED, subsidy_rate="flat", subsidy_flat_rate="0.03")


def test_a_flat_rate_below_the_loans_rate_cites_its_article() -> None:
    """Flat 3 % under the loan's 4.35 %: 50 000 × 31 × 0.03 / 360 = 46 500 / 360 = 129.1666… →
    129.17."""
    s = monthly_subsidy(make_loan(), 2016, 3, FLAT)
    assert (s.rate, s.amount) == (D("0.03"), D("129.17"))
    assert words(the(s, R.SUBSIDY_RATE_CAPPED)) == (
        "Art. 16", "第十六条",
        "the loan's rate 4.35 % is above the flat subsidy rate 3 % (subsidy_flat_rate; Art. 16 "
        "按3%贴息): the subsidy rate is 3 %",
        "贷款利率4.35 %高于固定贴息率3 %（第十六条“按3%贴息”），按3 %贴息")


def test_a_flat_rate_above_the_loans_rate_is_cut_to_it_and_says_why() -> None:
    """Flat 3 % over the loan's 2 %: the subsidy rate is 2 %, 50 000 × 31 × 0.02 / 360 =
    31 000 / 360 = 86.111… → 86.11."""
    s = monthly_subsidy(make_loan(rate="0.02"), 2016, 3, FLAT)
    assert (s.rate, s.amount) == (D("0.02"), D("86.11"))
    assert words(the(s, R.SUBSIDY_RATE_CAPPED)) == (
        "Art. 16", "第十六条",
        "the flat subsidy rate 3 % (subsidy_flat_rate; Art. 16 按3%贴息) is above the loan's own "
        "rate 2 %: the subsidy rate is 2 % (a subsidy never exceeds the interest the loan "
        "accrues)",
        "固定贴息率3 %（第十六条“按3%贴息”）高于贷款利率2 %，按贷款利率2 %贴息"
        "（贴息不超过贷款应计利息）")


# ---------------------------------------------------------------------------------------------
# a month in two runs under two day-count bases (SPEC D2)


def test_two_runs_of_different_bases_are_summed_over_their_common_basis() -> None:
    """From 2016-03-16 a policy counting actual/365 governs the loan (switch). Days 1–15 at
    actual/360: 50 000 × 15 = 750 000 × 0.0435 = 32 625 / 360 = 90.625; days 16–31 at
    actual/365: 50 000 × 16 = 800 000 × 0.0435 = 34 800 / 365 = 95.3424…; Σ 185.9674… → 185.97
    (rounded once: over lcm(360, 365) = 26 280, (32 625 × 73 + 34 800 × 72) / 26 280 =
    (2 381 625 + 2 505 600) / 26 280 = 4 887 225 / 26 280 = 185.9674…)."""
    schedule = switch_on(CITED, attrs.evolve(CITED, day_count_basis=365), day(2016, 3, 16),
                         "z-2016")
    s = monthly_subsidy(make_loan(), 2016, 3, schedule)
    assert (s.days, s.principal_days, s.amount) == (31, D("1550000.00"), D("185.97"))
    assert (s.policy_id, s.policy_ids) == ("z-2016", ("x-county-measures", "z-2016"))
    assert codes(s) == ["SUBSIDY_POLICIES"]
    assert words(the(s, R.SUBSIDY_POLICIES)) == (
        "Art. 14", "第十四条",
        "2016-03 is computed in 2 runs, one policy each: 2016-03-01 to 2016-03-15 under "
        "x-county-measures (the Measures): 15 days, 750000.00 principal-days at 4.35 % × 1; "
        "2016-03-16 to 2016-03-31 under z-2016 (the Z notice): 16 days, 800000.00 principal-days "
        "at 4.35 % × 1; the runs' interest is summed unrounded and rounded once",
        "2016-03分2段按各自政策计算：2016-03-01至2016-03-15按x-county-measures（本办法）：15天，"
        "积数750000.00，贴息率4.35 %×1；2016-03-16至2016-03-31按z-2016（《Z县通知》）：16天，"
        "积数800000.00，贴息率4.35 %×1；各段利息合计后统一四舍五入")
