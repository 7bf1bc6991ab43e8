"""The subsidy's settlement, household allotment, windows and general path, worked out by hand.

Issue 14's survivors of subsidy.py (the computation, the windows, the household allotment and the
settlement). Conventions (SPEC part A, B "Interest subsidy", D5): amount = ROUND_HALF_UP(Σ
subsidised principal over the subsidised days × rate / 360), rounded once per statement; a day
accrues on the principal outstanding at its END (the start day counts, a repayment day accrues on
the balance after the repayment); the PBoC benchmark from 2015-10-24 is 4.35 % for terms up to
12 months. Under ``caps_per_household`` a household gets at most the subsidised cap (here 50 000)
in all on each day, allotted in order of start date, then loan id (SPEC D5, D7).

The general path (runs, pieces, tallies) is taken for legal entities, for a period in which the
governing policy changes, for every loan of a household with several loans in a settlement, and
for the findings of every statement (worded when first read).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from poverty_credit import (
    DEFAULT_POLICY,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    Policy,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    SubsidyStatement,
    monthly_subsidy,
    settle_month,
    settle_year,
    subsidy_schedule,
)
from subsidy_cases import HOUSEHOLD, YEARLY, make_loan, person

D = Decimal
day = dt.date
R = ReasonCode


def in_household(loan_id: str, principal: str, start: dt.date, household: str = "H-1", *,
                 repayments: tuple[tuple[dt.date, str], ...] = (),
                 maturity: dt.date | None = None) -> Loan:
    return make_loan(principal, start, maturity or day(start.year + 1, start.month, start.day),
                     borrower=person(f"P-{loan_id}", household), loan_id=loan_id,
                     repayments=repayments)


def codes(statement: SubsidyStatement) -> list[str]:
    return [r.code.value for r in statement.findings]


def only(findings: tuple[object, ...] | SubsidyStatement, code: ReasonCode) -> tuple[str, str]:
    """The English and Chinese messages of the one finding ``code`` (always a passed note)."""
    items = findings.findings if isinstance(findings, SubsidyStatement) else findings
    (reason,) = [r for r in items if getattr(r, "code", None) is code]
    assert reason.passed  # type: ignore[attr-defined]
    return reason.message, reason.message_zh  # type: ignore[attr-defined]


def household(i: int) -> NaturalPerson:
    return NaturalPerson(id=f"H-{i}", birth_date=day(1970, 1, 1), registered_poor=True)


def farm(*agreements: DrivingAgreement) -> LegalEntity:
    return LegalEntity(id="E-1", name="Hillside Farm", kind=EntityKind.FAMILY_FARM,
                       agreements=agreements)


def other_document(doc_id: str, **values: Any) -> Policy:
    document = PolicyDocument(id=doc_id, title=f"Notice {doc_id}")
    return attrs.evolve(DEFAULT_POLICY, document=document, **values)


# ---------------------------------------------------------------------------------------------
# the household allotment (SPEC D5)


def test_two_households_of_two_loans_each_are_capped_apart() -> None:
    """Households H-1 (A, B) and H-2 (C, D), each a 40 000 loan from 2016-01-01 and a 40 000 loan
    from 2016-02-01; cap 50 000 per household. March 2016 (31 days), in each household:
    the first loan 40 000 × 31 = 1 240 000 → × 0.0435 / 360 = 53 940 / 360 = 149.8333… → 149.83;
    the second gets 10 000 × 31 = 310 000 → 13 485 / 360 = 37.4583… → 37.46. One household's
    loans never take the other's cap (all four go the general path: each household has two)."""
    loans = [in_household("A", "40000", day(2016, 1, 1)),
             in_household("B", "40000", day(2016, 2, 1)),
             in_household("C", "40000", day(2016, 1, 1), "H-2"),
             in_household("D", "40000", day(2016, 2, 1), "H-2")]
    settlement = settle_month(loans, 2016, 3, HOUSEHOLD)
    figures = {s.loan_id: (s.principal_days, s.amount) for s in settlement.statements}
    assert figures == {"A": (D("1240000.00"), D("149.83")), "B": (D("310000.00"), D("37.46")),
                       "C": (D("1240000.00"), D("149.83")), "D": (D("310000.00"), D("37.46"))}
    assert settlement.total == D("374.58")  # 2 × (149.83 + 37.46)
    assert settlement.skipped == ()


def test_a_one_yuan_balance_takes_its_yuan_of_the_household_cap() -> None:
    """A (10 000 from 2016-01-01) repaid 9 999 on 2016-02-15: 1.00 outstanding all March;
    B (50 000 from 2016-02-01) gets 50 000 − 1 = 49 999 on each of the 31 days.
    A: 1.00 × 31 = 31.00 principal-days → 31 × 0.0435 / 360 = 0.0037… → 0.00, but 31 subsidised
    days (a statement, not a skipped loan). B: 49 999 × 31 = 1 549 969.00 → × 0.0435 =
    67 423.6515 / 360 = 187.2879… → 187.29; its household note: 1.00 × 31 = 31.00 principal-days
    not subsidised, taken by A."""
    a = in_household("A", "10000", day(2016, 1, 1), repayments=((day(2016, 2, 15), "9999"),))
    b = in_household("B", "50000", day(2016, 2, 1))
    by_id = {s.loan_id: s for s in settle_month([b, a], 2016, 3, HOUSEHOLD).statements}
    assert (by_id["A"].days, by_id["A"].principal_days, by_id["A"].amount) == (
        31, D("31.00"), D("0.00"))
    assert (by_id["B"].days, by_id["B"].principal_days, by_id["B"].amount) == (
        31, D("1549969.00"), D("187.29"))
    assert codes(by_id["B"]) == ["SUBSIDY_HOUSEHOLD_CAPPED"]
    en, _ = only(by_id["B"], R.SUBSIDY_HOUSEHOLD_CAPPED)
    assert en.startswith("on 31 days of 2016-03 the household H-1's earlier loans (A) already")
    assert en.endswith(": 31.00 principal-days of this loan are not subsidised")


def test_a_later_loan_under_a_policy_without_the_household_cap_keeps_its_principal() -> None:
    """A schedule: the first policy caps per household; a later one (from 2016-02-01, keeping
    older contracts) does not. A (50 000 from 2016-01-10) stays on the first, B (50 000 from
    2016-02-10) is governed by the later one: B is not cut by A. March, each:
    50 000 × 31 = 1 550 000 → × 0.0435 = 67 425 / 360 = 187.2916… → 187.29."""
    later = other_document("no-household-cap", effective_from=day(2016, 2, 1),
                           caps_per_household=False)
    schedule = PolicySchedule([HOUSEHOLD, later])
    a = in_household("A", "50000", day(2016, 1, 10))
    b = in_household("B", "50000", day(2016, 2, 10))
    settlement = settle_month([a, b], 2016, 3, schedule)
    figures = {s.loan_id: (s.principal_days, s.amount, s.policy_id)
               for s in settlement.statements}
    assert figures == {"A": (D("1550000.00"), D("187.29"), "x-county-measures"),
                       "B": (D("1550000.00"), D("187.29"), "no-household-cap")}
    assert settlement.skipped == ()
    assert settlement.total == D("374.58")


def household_of_cut_pieces() -> tuple[Loan, Loan]:
    """A: 40 000 from 2016-01-01, nothing repaid. B: 30 000 from 2016-02-01, repays 5 000 on
    2016-03-10 and 5 000 on 2016-03-20 (B's pieces cut A's March into three)."""
    a = in_household("A", "40000", day(2016, 1, 1))
    b = in_household("B", "30000", day(2016, 2, 1),
                     repayments=((day(2016, 3, 10), "5000"), (day(2016, 3, 20), "5000")))
    return a, b


def test_the_household_note_adds_up_every_cut_piece() -> None:
    """March 2016. A first (earlier start): 40 000 × 31 = 1 240 000 → 149.83 (53 940 / 360).
    B gets 50 000 − 40 000 = 10 000 every day: 10 000 × 31 = 310 000 → 13 485 / 360 = 37.4583…
    → 37.46. B's own principal: 30 000 on 1–9 (9 days), 25 000 on 10–19 (10), 20 000 on 20–31
    (12): the part above 10 000 is 20 000 × 9 + 15 000 × 10 + 10 000 × 12 = 180 000 + 150 000 +
    120 000 = 450 000.00 principal-days on 9 + 10 + 12 = 31 days, under the cap 50 000.00."""
    a, b = household_of_cut_pieces()
    by_id = {s.loan_id: s for s in settle_month([a, b], 2016, 3, HOUSEHOLD).statements}
    assert (by_id["A"].days, by_id["A"].principal_days, by_id["A"].amount) == (
        31, D("1240000.00"), D("149.83"))
    assert (by_id["B"].days, by_id["B"].principal_days, by_id["B"].amount) == (
        31, D("310000.00"), D("37.46"))
    assert codes(by_id["A"]) == []
    assert codes(by_id["B"]) == ["SUBSIDY_HOUSEHOLD_CAPPED"]
    assert only(by_id["B"], R.SUBSIDY_HOUSEHOLD_CAPPED) == (
        "on 31 days of 2016-03 the household H-1's earlier loans (A) already took up the "
        "subsidised principal of 50000.00 per household (caps_per_household; the Measures): "
        "450000.00 principal-days of this loan are not subsidised",
        "2016-03中有31天，同户（H-1）在先贷款（A）已占用每户贴息本金上限50000.00元（本办法），"
        "本笔贷款超出的积数450000.00不予贴息")


def test_three_loans_take_the_household_cap_in_turn() -> None:
    """Household H-1, cap 50 000, March 2016. A (30 000, from 2016-01-01) first: 30 000 × 31 =
    930 000 → × 0.0435 = 40 455 / 360 = 112.375 → 112.38. B (30 000, from 2016-02-01) gets
    50 000 − 30 000 = 20 000: 620 000 → 26 970 / 360 = 74.9166… → 74.92. A and B use the
    50 000 in all: C (10 000, from 2016-02-15) and D (10 000, from 2016-02-20) get nothing and
    are skipped; the loans that took the cap are A and B (C took nothing: it is not named)."""
    loans = [in_household("D", "10000", day(2016, 2, 20)),
             in_household("C", "10000", day(2016, 2, 15)),
             in_household("B", "30000", day(2016, 2, 1)),
             in_household("A", "30000", day(2016, 1, 1))]
    settlement = settle_month(loans, 2016, 3, HOUSEHOLD)
    figures = {s.loan_id: (s.principal_days, s.amount) for s in settlement.statements}
    assert figures == {"A": (D("930000.00"), D("112.38")), "B": (D("620000.00"), D("74.92"))}
    assert settlement.total == D("187.30")
    assert [s.loan_id for s in settlement.skipped] == ["D", "C"]
    for skipped in settlement.skipped:
        assert [r.code.value for r in skipped.findings] == ["SUBSIDY_HOUSEHOLD_CAPPED"]
        en, zh = only(skipped.findings, R.SUBSIDY_HOUSEHOLD_CAPPED)
        # its whole 10 000 on 31 days: 310 000.00 principal-days
        assert en == ("on 31 days of 2016-03 the household H-1's earlier loans (A, B) already "
                      "took up the subsidised principal of 50000.00 per household "
                      "(caps_per_household; the Measures): 310000.00 principal-days of this "
                      "loan are not subsidised")
        assert "在先贷款（A、B）" in zh


def test_a_household_loan_that_matured_and_was_then_repaid_keeps_both_notes() -> None:
    """A: 50 000 from 2015-12-10 to 2016-03-10 (3 months, 4.35 %), repaid in full only on
    2016-03-20; B: 20 000 from 2016-01-01. March 2016: A is subsidised on 1–9 (9 days):
    50 000 × 9 = 450 000 → × 0.0435 = 19 575 / 360 = 54.375 → 54.38; from its maturity on
    10–19 (10 days) nothing (not repaid on time), then 20–31 (12 days) without principal.
    B gets nothing on 1–9 (A takes the 50 000: 20 000 × 9 = 180 000.00 principal-days lost),
    then its 20 000 on 10–31 (22 days): 440 000 → 19 140 / 360 = 53.1666… → 53.17."""
    a = in_household("A", "50000", day(2015, 12, 10), maturity=day(2016, 3, 10),
                     repayments=((day(2016, 3, 20), "50000"),))
    b = in_household("B", "20000", day(2016, 1, 1))
    by_id = {s.loan_id: s for s in settle_month([a, b], 2016, 3, HOUSEHOLD).statements}
    assert (by_id["A"].days, by_id["A"].principal_days, by_id["A"].amount) == (
        9, D("450000.00"), D("54.38"))
    assert (by_id["B"].days, by_id["B"].principal_days, by_id["B"].amount) == (
        22, D("440000.00"), D("53.17"))
    assert codes(by_id["A"]) == ["SUBSIDY_FROM_MATURITY", "SUBSIDY_REPAID"]
    assert only(by_id["A"], R.SUBSIDY_FROM_MATURITY)[0].startswith(
        "10 days of 2016-03 from 2016-03-10 on, with principal still outstanding, are not "
        "subsidised: the loan was not repaid on time")
    assert only(by_id["A"], R.SUBSIDY_REPAID)[0] == (
        "12 days of 2016-03 without outstanding principal (repaid in full on 2016-03-20) are "
        "not subsidised (a repayment day accrues on the balance after the repayment, 算头不算尾)")
    assert only(by_id["B"], R.SUBSIDY_HOUSEHOLD_CAPPED)[0].startswith(
        "on 9 days of 2016-03 the household H-1's earlier loans (A)")


# ---------------------------------------------------------------------------------------------
# the tallies of several pieces of one kind (the findings go the general path)


def test_days_without_principal_are_counted_across_the_maturity_cut() -> None:
    """50 000 from 2016-01-20 to 2016-03-20, repaid in full on 2016-03-05. March 2016: 1–4
    (4 days) × 50 000 = 200 000 → × 0.0435 = 8 700 / 360 = 24.1666… → 24.17; the days 5–19
    (15) and 20–31 (12, cut at the maturity) have no principal: 27 days."""
    loan = make_loan("50000", day(2016, 1, 20), day(2016, 3, 20),
                     repayments=((day(2016, 3, 5), "50000"),))
    s = monthly_subsidy(loan, 2016, 3)
    assert (s.days, s.principal_days, s.amount) == (4, D("200000.00"), D("24.17"))
    assert codes(s) == ["SUBSIDY_REPAID"]
    assert only(s, R.SUBSIDY_REPAID) == (
        "27 days of 2016-03 without outstanding principal (repaid in full on 2016-03-05) are "
        "not subsidised (a repayment day accrues on the balance after the repayment, 算头不算尾)",
        "2016-03中无贷款余额的27天（已于2016-03-05全部还清）不予贴息（算头不算尾）")


def test_days_beyond_the_limit_are_counted_across_a_repayment() -> None:
    """subsidy_max_days = 10: 50 000 from 2016-03-01 is subsidised on 1–10 (day d while
    (d − start).days < 10): 50 000 × 10 = 500 000 → × 0.0435 = 21 750 / 360 = 60.4166… → 60.42.
    A repayment of 10 000 on 2016-03-20 cuts the days beyond: 11–19 (9) and 20–31 (12) = 21."""
    limited = attrs.evolve(DEFAULT_POLICY, subsidy_max_days=10)
    loan = make_loan(repayments=((day(2016, 3, 20), "10000"),))
    s = monthly_subsidy(loan, 2016, 3, limited)
    assert (s.days, s.principal_days, s.amount) == (10, D("500000.00"), D("60.42"))
    assert codes(s) == ["SUBSIDY_DAYS_LIMIT"]
    en, zh = only(s, R.SUBSIDY_DAYS_LIMIT)
    assert en.startswith("21 days of 2016-03 from 2016-03-11 on, with principal still "
                         "outstanding, are beyond the 10 days of subsidy a loan gets from its "
                         "loan date 2016-03-01 (subsidy_max_days 10; ")
    assert zh.startswith("2016-03中自2016-03-11起仍有余额的21天超出自贷款发放日2016-03-01起"
                         "最多10天")


# ---------------------------------------------------------------------------------------------
# a loan of many repayments (the repayment index kept per loan) through the general path


def test_an_entity_loan_of_nine_repayments() -> None:
    """A farm driving two counted households: limit 2 × 50 000 = 100 000. 90 000 from 2016-03-10
    to 2017-03-10 (12 months, 4.35 %), repaying 5 000 on the 10th of each month from April to
    December (9 repayments). July 2016: April, May and June are repaid: 75 000 on 1–9 (9 days),
    after the July repayment 70 000 on 10–31 (22 days): 675 000 + 1 540 000 = 2 215 000 →
    × 0.0435 = 96 352.5 / 360 = 267.6458… → 267.65. November: 7 repaid before (April–October,
    35 000): 55 000 on 1–9, 50 000 after the 10th on 10–30 (21): 495 000 + 1 050 000 =
    1 545 000 → 67 207.5 / 360 = 186.6875 → 186.69. March 2016 (start on the 10th, nothing
    repaid): 90 000 × 22 = 1 980 000 → 86 130 / 360 = 239.25."""
    entity = farm(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)),
                  DrivingAgreement(household=household(2), signed_on=day(2016, 1, 1)))
    repayments = tuple((day(2016, m, 10), "5000") for m in range(4, 13))
    loan = make_loan("90000", day(2016, 3, 10), day(2017, 3, 10), borrower=entity,
                     repayments=repayments)
    for _ in range(2):  # the second time from the loan's kept index
        july = monthly_subsidy(loan, 2016, 7)
        assert (july.days, july.principal_days, july.amount) == (31, D("2215000.00"), D("267.65"))
        november = monthly_subsidy(loan, 2016, 11)
        assert (november.days, november.principal_days, november.amount) == (
            30, D("1545000.00"), D("186.69"))
        march = monthly_subsidy(loan, 2016, 3)
        assert (march.days, march.principal_days, march.amount) == (
            22, D("1980000.00"), D("239.25"))


def test_an_entity_limit_that_changes_on_the_next_months_first_day() -> None:
    """One counted household from 2016-01-01, a second from 2016-04-01: March's limit is 50 000
    on every day (the April limit of 100 000 is not March's). 150 000 outstanding: 50 000 × 31 =
    1 550 000 → 187.29; 100 000 × 31 = 3 100 000.00 principal-days above the limit."""
    entity = farm(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)),
                  DrivingAgreement(household=household(2), signed_on=day(2016, 4, 1)))
    loan = make_loan("150000", day(2016, 1, 10), day(2017, 1, 10), borrower=entity)
    s = monthly_subsidy(loan, 2016, 3)
    assert (s.days, s.principal_days, s.amount) == (31, D("1550000.00"), D("187.29"))
    en, zh = only(s, R.SUBSIDY_PRINCIPAL_CAPPED)
    assert en.startswith("on 31 days of 2016-03 the outstanding principal was above the entity "
                         "credit limit of 50000.00 (max_loan_amount 50000.00 × counted "
                         "households driven, ")
    assert en.endswith("): 3100000.00 principal-days above it are not subsidised")
    assert zh.startswith("2016-03中有31天贷款余额超过按带动脱贫农户授信额度50000.00元，")


# ---------------------------------------------------------------------------------------------
# schedules: the statement's policy, a start on the next month's first day


def test_a_loan_repaid_before_a_mid_month_change_is_stated_under_the_earlier_policy() -> None:
    """A later policy governs every contract from 2016-03-16 (switch). The loan (50 000 from
    2016-01-10) is repaid in full on 2016-03-10: subsidised 1–9 only, under the seed:
    50 000 × 9 = 450 000 → × 0.0435 = 19 575 / 360 = 54.375 → 54.38. The statement's policy is
    that of its last subsidised day (SPEC D7): the seed; both runs' documents are listed."""
    later = other_document("later", effective_from=day(2016, 3, 16), existing_contracts="switch")
    loan = make_loan(start=day(2016, 1, 10), maturity=day(2017, 1, 10),
                     repayments=((day(2016, 3, 10), "50000"),))
    s = monthly_subsidy(loan, 2016, 3, PolicySchedule([DEFAULT_POLICY, later]))
    assert (s.days, s.principal_days, s.amount) == (9, D("450000.00"), D("54.38"))
    assert (s.policy_id, s.policy_ids) == ("x-county-measures", ("x-county-measures", "later"))


def test_an_entity_loan_starting_on_the_next_months_first_day_is_skipped_not_refused() -> None:
    """The entity's loan starts on 2016-04-01 under a yearly policy in force from that day; the
    month of March has no day of the loan (31 days before its start): it is skipped, and the
    yearly policy's cycle is not judged for a month without a loan day."""
    yearly = other_document("yearly", effective_from=day(2016, 4, 1), subsidy_cycle="year")
    entity = farm(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)))
    loan = make_loan("30000", day(2016, 4, 1), day(2017, 4, 1), borrower=entity)
    settlement = settle_month([loan], 2016, 3, PolicySchedule([DEFAULT_POLICY, yearly]))
    assert settlement.statements == ()
    (skipped,) = settlement.skipped
    assert (skipped.loan_id, skipped.policy_id) == ("L-1", "yearly")
    assert [r.code.value for r in skipped.findings] == ["SUBSIDY_BEFORE_START"]
    assert settlement.total == D("0.00")


# ---------------------------------------------------------------------------------------------
# the lenders of a schedule's settlement


def test_a_schedules_lenders_are_those_of_the_policies_in_force_before_the_periods_end() -> None:
    """A policy adding a lender from 2016-04-01 does not add it to March's totals (the day
    after March), only from April on."""
    allocations = {"credit_union": "15000000", "postal_savings": "5000000",
                   "rural_bank": "1000000"}
    later = other_document("three-lenders", effective_from=day(2016, 4, 1),
                           fund_allocations=allocations)
    schedule = PolicySchedule([DEFAULT_POLICY, later])
    assert settle_month([], 2016, 3, schedule).totals == {
        "credit_union": D("0.00"), "postal_savings": D("0.00")}
    assert settle_month([], 2016, 4, schedule).totals == {
        "credit_union": D("0.00"), "postal_savings": D("0.00"), "rural_bank": D("0.00")}


def test_a_month_before_every_policy_of_the_schedule_has_no_lender() -> None:
    """The schedule's only policy takes effect on 2017-01-01: no policy is in force in March
    2016; an empty settlement of that month has no lender and totals 0.00."""
    first = attrs.evolve(DEFAULT_POLICY, effective_from=day(2017, 1, 1))
    settlement = settle_month([], 2016, 3, PolicySchedule([first]))
    assert (settlement.totals, settlement.total, settlement.statements) == ({}, D("0.00"), ())


def test_a_schedule_without_lenders_names_its_latest_policy_in_force() -> None:
    """Neither policy sets fund_allocations; both are in force before the end of March 2016:
    the refusal names the later one (the latest policy that may govern the month)."""
    first = attrs.evolve(DEFAULT_POLICY, fund_allocations=None)
    second = other_document("second", effective_from=day(2016, 2, 1), fund_allocations=None)
    with pytest.raises(InvalidInputError) as err:
        settle_month([], 2016, 3, PolicySchedule([first, second]))
    assert err.value.field == "policy.fund_allocations"
    assert "second" in str(err.value)
    assert "x-county-measures" not in str(err.value)


# ---------------------------------------------------------------------------------------------
# input problems named word for word


def test_a_settlement_names_what_is_not_a_loan() -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_month([make_loan(), 42], 2016, 3)  # type: ignore[list-item]
    (problem,) = err.value.problems
    assert (problem.path, problem.message) == ("loans[1]", "must be a Loan (got 42, an int)")
    with pytest.raises(InvalidInputError) as err:
        settle_month("abc", 2016, 3)  # type: ignore[arg-type]
    (problem,) = err.value.problems
    assert (problem.path, problem.message) == (
        "loans", "must be a collection of Loan (got 'abc', a str)")


UNKNOWN_LENDER = ("must be a lender of the policy, one of 'credit_union', 'postal_savings' "
                  "(got 'rural_bank', a str)")


def test_a_settlement_names_an_unknown_lender() -> None:
    """Under a plain policy and under a schedule of it: the path is the loan's lender."""
    loans = [make_loan(), make_loan(loan_id="L-2", lender="rural_bank")]
    for policy in (DEFAULT_POLICY, PolicySchedule([DEFAULT_POLICY])):
        with pytest.raises(InvalidInputError) as err:
            settle_month(loans, 2016, 3, policy)
        (problem,) = err.value.problems
        assert (problem.path, problem.message) == ("loans[1].lender", UNKNOWN_LENDER)


def test_a_schedule_of_subsidy_names_an_unknown_lender() -> None:
    loan = make_loan(lender="rural_bank")
    for policy in (DEFAULT_POLICY, PolicySchedule([DEFAULT_POLICY])):
        with pytest.raises(InvalidInputError) as err:
            subsidy_schedule(loan, policy)
        (problem,) = err.value.problems
        assert (problem.path, problem.message) == ("loan.lender", UNKNOWN_LENDER)


def test_a_bad_year_with_january_is_one_problem() -> None:
    """Month 1 is a good month: only the year is named."""
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(), 1899, 1)
    (problem,) = err.value.problems
    assert (problem.path, problem.message) == ("year", "must be between 1900 and 2200 (got 1899)")
    with pytest.raises(InvalidInputError) as err:
        settle_month([], 2201, 1)
    (problem,) = err.value.problems
    assert (problem.path, problem.message) == ("year", "must be between 1900 and 2200 (got 2201)")


@pytest.mark.parametrize("year", [1899, 2201])
def test_a_yearly_settlement_refuses_a_year_out_of_range(year: int) -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_year([], year, YEARLY)
    (problem,) = err.value.problems
    assert (problem.path, problem.message) == (
        "year", f"must be between 1900 and 2200 (got {year})")


def test_a_yearly_settlement_of_the_first_and_last_years() -> None:
    assert settle_year([], 1900, YEARLY).period == "1900"
    assert settle_year([], 2200, YEARLY).period == "2200"


# ---------------------------------------------------------------------------------------------
# a statement made by the caller


def test_a_statement_made_by_hand_keeps_its_policy_ids() -> None:
    s = SubsidyStatement(loan_id="L-1", year=2016, month=3, days=31,
                         principal_days=D("1550000.00"), rate=D("0.0435"), amount=D("187.29"),
                         policy_id="b", policy_ids=["a", "b"])
    assert s.policy_ids == ("a", "b")
    plain = SubsidyStatement(loan_id="L-1", year=2016, month=3, days=0,
                             principal_days=D("0.00"), rate=D("0.0435"), amount=D("0.00"))
    assert (plain.policy_ids, plain.findings) == ((), ())
