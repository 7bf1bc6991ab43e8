"""Interest subsidy (Art. 27): statements, schedules and settlements worked out by hand.

Conventions used in every hand computation below (SPEC part A, B "Interest subsidy"):
amount = ROUND_HALF_UP(Σ subsidised principal over the subsidised days × rate / 360);
a day accrues on the principal outstanding at its END (the start day counts, a repayment day
accrues on the balance after the repayment); the benchmark in force from 2015-10-24 is 4.35 %
(≤ 12 months), 4.75 % (13–60 months), 4.90 % (> 60 months).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as ps
from poverty_credit import (
    DEFAULT_POLICY,
    Benchmark,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    Repayment,
    Settlement,
    SubsidyStatement,
    entity_credit_limit,
    monthly_subsidy,
    settle_month,
    subsidy_schedule,
)
from poverty_credit._money import compute, to_fen
from poverty_credit.subsidy import SkippedLoan

D = Decimal
day = dt.date
PERSON = NaturalPerson(id="P-1", birth_date=day(1975, 6, 1), registered_poor=True)
EXTEND = attrs.evolve(DEFAULT_POLICY, subsidise_extensions=True)
R = ReasonCode


MARCH_2016, MARCH_2017 = day(2016, 3, 1), day(2017, 3, 1)


def make_loan(principal: str = "50000", start: dt.date = MARCH_2016,
              maturity: dt.date = MARCH_2017, rate: str = "0.0435", *,
              repayments: tuple[tuple[dt.date, str], ...] = (), extended_to: dt.date | None = None,
              borrower: NaturalPerson | LegalEntity = PERSON, lender: str = "credit_union",
              loan_id: str = "L-1") -> Loan:
    return Loan(id=loan_id, borrower=borrower, lender=lender, principal=principal,
                start_date=start, maturity_date=maturity, annual_rate=rate,
                repayments=[Repayment(on=on, principal=p) for on, p in repayments],
                extended_to=extended_to)


def codes(statement: SubsidyStatement) -> list[str]:
    return [r.code.value for r in statement.findings]


def finding(statement: SubsidyStatement, code: ReasonCode) -> str:
    (reason,) = [r for r in statement.findings if r.code is code]
    assert reason.passed  # informational findings, never failures
    assert reason.message_zh
    return reason.message


# ---------------------------------------------------------------------------------------------
# Table-driven statements:
# (loan, year, month, policy, days, principal_days, rate, amount, codes)

CASES = [
    pytest.param(
        make_loan(), 2016, 3, DEFAULT_POLICY, 31, "1550000.00", "0.0435", "187.29", [],
        # 31-day month: 50 000 × 31 = 1 550 000; × 0.0435 = 67 425; / 360 = 187.2916… → 187.29
        id="31-day month",
    ),
    pytest.param(
        make_loan(), 2016, 4, DEFAULT_POLICY, 30, "1500000.00", "0.0435", "181.25", [],
        # 30-day month: 50 000 × 30 = 1 500 000; × 0.0435 = 65 250; / 360 = 181.25 exactly
        id="30-day month",
    ),
    pytest.param(
        make_loan(start=day(2017, 1, 1), maturity=day(2018, 1, 1)), 2017, 2, DEFAULT_POLICY,
        28, "1400000.00", "0.0435", "169.17", [],
        # common February: 50 000 × 28 = 1 400 000; × 0.0435 = 60 900; / 360 = 169.1666… → 169.17
        id="28-day February",
    ),
    pytest.param(
        make_loan(start=day(2016, 1, 1), maturity=day(2017, 1, 1)), 2016, 2, DEFAULT_POLICY,
        29, "1450000.00", "0.0435", "175.21", [],
        # leap February: 50 000 × 29 = 1 450 000; × 0.0435 = 63 075; / 360 = 175.2083… → 175.21
        id="29-day leap February",
    ),
    pytest.param(
        make_loan("20000", day(2016, 3, 10), day(2017, 3, 10)), 2016, 3, DEFAULT_POLICY,
        22, "440000.00", "0.0435", "53.17", ["SUBSIDY_BEFORE_START"],
        # starts on the 10th: days 10–31 = 22 (the loan day counts, 算头); 20 000 × 22 = 440 000;
        # × 0.0435 = 19 140; / 360 = 53.1666… → 53.17; days 1–9 (9 days) before the start
        id="starts mid-month",
    ),
    pytest.param(
        make_loan("20000", day(2016, 3, 10), day(2017, 3, 10),
                  repayments=((day(2017, 3, 10), "20000"),)), 2017, 3, DEFAULT_POLICY,
        9, "180000.00", "0.0435", "21.75", ["SUBSIDY_REPAID"],
        # repaid on its maturity 2017-03-10: days 1–9 = 9 (the repayment day does not count,
        # 不算尾); 20 000 × 9 = 180 000; × 0.0435 = 7 830; / 360 = 21.75; days 10–31 (22) repaid
        id="matures and is repaid mid-month",
    ),
    pytest.param(
        make_loan("40000", day(2016, 1, 1), day(2017, 1, 1),
                  repayments=((day(2016, 5, 16), "15000"),)), 2016, 5, DEFAULT_POLICY,
        31, "1000000.00", "0.0435", "120.83", [],
        # partial repayment of 15 000 on the 16th: days 1–15 at 40 000 = 600 000; days 16–31 (16)
        # at 25 000 = 400 000; Σ 1 000 000 × 0.0435 = 43 500; / 360 = 120.8333… → 120.83
        id="partial repayment mid-month",
    ),
    pytest.param(
        make_loan("40000", day(2016, 1, 1), day(2017, 1, 1),
                  repayments=((day(2016, 5, 16), "40000"),)), 2016, 5, DEFAULT_POLICY,
        15, "600000.00", "0.0435", "72.50", ["SUBSIDY_REPAID"],
        # full early repayment on the 16th: days 1–15 at 40 000 = 600 000; × 0.0435 = 26 100;
        # / 360 = 72.50; days 16–31 (16) without principal
        id="full repayment mid-month",
    ),
    pytest.param(
        make_loan("50000", repayments=((day(2016, 3, 1), "10000"),)), 2016, 3, DEFAULT_POLICY,
        31, "1240000.00", "0.0435", "149.83", [],
        # 10 000 repaid on the loan day itself: the day accrues on the 40 000 left at its end;
        # 40 000 × 31 = 1 240 000; × 0.0435 = 53 940; / 360 = 149.8333… → 149.83
        id="repayment on the start day",
    ),
    pytest.param(
        make_loan("30000", day(2016, 1, 15), day(2017, 1, 15)), 2017, 1, DEFAULT_POLICY,
        14, "420000.00", "0.0435", "50.75", ["SUBSIDY_FROM_MATURITY"],
        # overdue (never repaid): days 1–14 before maturity; 30 000 × 14 = 420 000; × 0.0435
        # = 18 270; / 360 = 50.75; days 15–31 (17) from the maturity on: not subsidised (Art. 27 ¶2)
        id="overdue: maturity month",
    ),
    pytest.param(
        make_loan("30000", day(2016, 1, 15), day(2017, 1, 15)), 2017, 2, DEFAULT_POLICY,
        0, "0.00", "0.0435", "0.00", ["SUBSIDY_FROM_MATURITY"],
        # overdue: the whole month after maturity gets nothing
        id="overdue: month after maturity",
    ),
    pytest.param(
        make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), extended_to=day(2017, 7, 15)),
        2017, 2, DEFAULT_POLICY, 0, "0.00", "0.0435", "0.00", ["SUBSIDY_FROM_MATURITY"],
        # extended (展期) with subsidise_extensions = false: counts as not repaid on time
        id="extended, extensions not subsidised",
    ),
    pytest.param(
        make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), extended_to=day(2017, 7, 15)),
        2017, 2, EXTEND, 28, "840000.00", "0.0435", "101.50", [],
        # subsidise_extensions = true: subsidised up to extended_to; the rate stays the 12-month
        # band's (term counted to the ORIGINAL maturity): 30 000 × 28 = 840 000; × 0.0435 = 36 540;
        # / 360 = 101.50
        id="extended, extensions subsidised",
    ),
    pytest.param(
        make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), extended_to=day(2017, 7, 15)),
        2017, 7, EXTEND, 14, "420000.00", "0.0435", "50.75", ["SUBSIDY_FROM_MATURITY"],
        # …and nothing from extended_to 2017-07-15 on: days 1–14 → 30 000 × 14 × 0.0435 / 360
        # = 50.75; days 15–31 (17) from the extended maturity
        id="extended, subsidised up to extended_to",
    ),
    pytest.param(
        make_loan(rate="0.03"), 2016, 3, DEFAULT_POLICY, 31, "1550000.00", "0.03", "129.17", [],
        # rate 3 % below the 4.35 % benchmark: the loan's own rate; 1 550 000 × 0.03 = 46 500;
        # / 360 = 129.1666… → 129.17
        id="rate below the benchmark",
    ),
    pytest.param(
        make_loan(maturity=day(2018, 3, 1), rate="0.05"), 2016, 3, DEFAULT_POLICY,
        31, "1550000.00", "0.0475", "204.51", ["SUBSIDY_RATE_CAPPED"],
        # 24-month term → 1–5 year band 4.75 %; the loan's 5 % is capped: 1 550 000 × 0.0475
        # = 73 625; / 360 = 204.5138… → 204.51
        id="rate above the benchmark",
    ),
    pytest.param(
        make_loan("80000"), 2016, 3, DEFAULT_POLICY, 31, "1550000.00", "0.0435", "187.29",
        ["SUBSIDY_PRINCIPAL_CAPPED"],
        # 80 000 outstanding, only the 50 000 of the 5321 limit is subsidised: as the 31-day case
        id="principal above 50 000 capped",
    ),
    pytest.param(
        make_loan("80000", repayments=((day(2016, 3, 11), "40000"),)), 2016, 3, DEFAULT_POLICY,
        31, "1340000.00", "0.0435", "161.92", ["SUBSIDY_PRINCIPAL_CAPPED"],
        # days 1–10: 80 000 capped to 50 000 → 500 000; days 11–31 (21) at 40 000 → 840 000;
        # Σ 1 340 000 × 0.0435 = 58 290; / 360 = 161.9166… → 161.92
        id="capped, then repaid below the cap",
    ),
    pytest.param(
        make_loan(), 2016, 2, DEFAULT_POLICY, 0, "0.00", "0.0435", "0.00",
        ["SUBSIDY_BEFORE_START"],
        id="month before the start",
    ),
    pytest.param(
        make_loan(repayments=((day(2017, 3, 1), "50000"),)), 2030, 1, DEFAULT_POLICY,
        0, "0.00", "0.0435", "0.00", ["SUBSIDY_REPAID"],
        id="month long after repayment",
    ),
    pytest.param(
        make_loan(), 2016, 3, attrs.evolve(DEFAULT_POLICY, day_count_basis=365),
        31, "1550000.00", "0.0435", "184.73", [],
        # actual/365 variant: 67 425 / 365 = 184.7260… → 184.73
        id="day count basis 365",
    ),
    pytest.param(
        make_loan(), 2016, 3, attrs.evolve(DEFAULT_POLICY, max_loan_amount="30000"),
        31, "930000.00", "0.0435", "112.38", ["SUBSIDY_PRINCIPAL_CAPPED"],
        # a county limit of 30 000: 30 000 × 31 = 930 000; × 0.0435 = 40 455; / 360 = 112.375
        # exactly → ROUND_HALF_UP → 112.38
        id="county limit 30 000, half-up",
    ),
    pytest.param(
        make_loan(start=day(2024, 1, 1), maturity=day(2025, 1, 1)), 2024, 1,
        attrs.evolve(DEFAULT_POLICY, benchmark=Benchmark.LPR), 31, "1550000.00", "0.0345",
        "148.54", ["SUBSIDY_RATE_CAPPED"],
        # LPR as benchmark: the 1-year LPR on 2024-01-01 is 3.45 %; 1 550 000 × 0.0345 = 53 475;
        # / 360 = 148.5416… → 148.54
        id="LPR benchmark",
    ),
]


@pytest.mark.parametrize(
    ("loan", "year", "month", "policy", "days", "principal_days", "rate", "amount", "found"),
    CASES,
)
def test_monthly_subsidy_by_hand(loan: Loan, year: int, month: int, policy: object, days: int,
                                 principal_days: str, rate: str, amount: str,
                                 found: list[str]) -> None:
    s = monthly_subsidy(loan, year, month, policy)  # type: ignore[arg-type]
    assert (s.loan_id, s.year, s.month) == (loan.id, year, month)
    assert s.days == days
    assert s.principal_days == D(principal_days)
    assert s.rate == D(rate)
    assert s.amount == D(amount)
    assert str(s.amount) == amount  # two decimals, always
    assert codes(s) == found


def test_half_up_not_half_even() -> None:
    """1 000 for one day (repaid the next) at 4.5 %, a 24-month loan (benchmark 4.75 %, not
    capped): 1 000 × 1 × 0.045 / 360 = 0.125 → 0.13 half-up (四舍五入; half-even: 0.12)."""
    loan = make_loan("1000", day(2016, 3, 1), day(2018, 3, 1), "0.045",
                     repayments=((day(2016, 3, 2), "1000"),))
    assert monthly_subsidy(loan, 2016, 3).amount == D("0.13")


def test_findings_say_why_with_counts() -> None:
    """Start 2016-03-10 → 9 days before the start; an overdue month counts its 17 days."""
    s = monthly_subsidy(make_loan("20000", day(2016, 3, 10), day(2017, 3, 10)), 2016, 3)
    assert "9 days of 2016-03 before the loan date 2016-03-10" in finding(s, R.SUBSIDY_BEFORE_START)
    overdue = monthly_subsidy(make_loan("30000", day(2016, 1, 15), day(2017, 1, 15)), 2017, 1)
    text = finding(overdue, R.SUBSIDY_FROM_MATURITY)
    assert "17 days of 2017-01 from 2017-01-15" in text
    assert "not repaid on time" in text
    assert "interpretation" not in text  # natural person: the literal Art. 27 ¶2
    assert overdue.findings[0].article == "Art. 27 ¶2"


def test_repaid_finding_names_the_repayment_day() -> None:
    loan = make_loan("40000", day(2016, 1, 1), day(2017, 1, 1),
                     repayments=((day(2016, 5, 16), "40000"),))
    text = finding(monthly_subsidy(loan, 2016, 5), R.SUBSIDY_REPAID)
    assert "16 days of 2016-05" in text
    assert "repaid in full on 2016-05-16" in text


def test_extension_findings_differ_by_policy() -> None:
    loan = make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), extended_to=day(2017, 7, 15))
    off = finding(monthly_subsidy(loan, 2017, 1), R.SUBSIDY_FROM_MATURITY)
    assert "extended (展期) to 2017-07-15" in off
    assert "subsidise_extensions is false" in off
    on = finding(monthly_subsidy(loan, 2017, 7, EXTEND), R.SUBSIDY_FROM_MATURITY)
    assert "17 days of 2017-07 from 2017-07-15" in on
    # January with extensions subsidised: nothing left out, 31 days at 30 000
    # 930 000 × 0.0435 / 360 = 112.375 → 112.38
    january = monthly_subsidy(loan, 2017, 1, EXTEND)
    assert (january.days, january.amount, codes(january)) == (31, D("112.38"), [])


def test_capped_finding_shows_the_excess() -> None:
    """80 000 for 31 days: 30 000 × 31 = 930 000 principal-days above the 50 000 limit."""
    text = finding(monthly_subsidy(make_loan("80000"), 2016, 3), R.SUBSIDY_PRINCIPAL_CAPPED)
    assert "on 31 days" in text
    assert "50000.00" in text
    assert "930000.00 principal-days" in text


def test_rate_capped_finding_shows_both_rates() -> None:
    loan = make_loan(maturity=day(2018, 3, 1), rate="0.05")
    s = monthly_subsidy(loan, 2016, 3)
    text = finding(s, R.SUBSIDY_RATE_CAPPED)
    assert "5 %" in text
    assert "4.75 %" in text
    assert "24-month" in text
    # a zero month of the same loan does not report the rate cap: nothing was paid at any rate
    assert codes(monthly_subsidy(loan, 2016, 2)) == ["SUBSIDY_BEFORE_START"]


# ---------------------------------------------------------------------------------------------
# legal entities: the limit follows the counted households day by day


def household(i: int, **flags: bool) -> NaturalPerson:
    return NaturalPerson(id=f"H-{i}", birth_date=day(1970, 1, 1),
                         registered_poor=flags.get("registered_poor", True),
                         five_guarantee=flags.get("five_guarantee", False))


def entity(*agreements: DrivingAgreement, kind: EntityKind = EntityKind.FAMILY_FARM) -> LegalEntity:
    return LegalEntity(id="E-1", name="Hillside Farm", kind=kind, agreements=agreements)


def test_entity_agreement_ending_mid_month() -> None:
    """Two counted households until 2016-03-15 (ends_on, the last day in force), one after.
    Loan 120 000: days 1–15 capped to 2 × 50 000 = 100 000 → 1 500 000; days 16–31 (16) capped to
    50 000 → 800 000; Σ 2 300 000 × 0.0435 = 100 050; / 360 = 277.9166… → 277.92. Excess above the
    limits: 20 000 × 15 + 70 000 × 16 = 300 000 + 1 120 000 = 1 420 000."""
    farm = entity(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)),
                  DrivingAgreement(household=household(2), signed_on=day(2016, 1, 1),
                                   ends_on=day(2016, 3, 15)))
    loan = make_loan("120000", day(2016, 1, 10), day(2017, 1, 10), borrower=farm)
    s = monthly_subsidy(loan, 2016, 3)
    assert (s.days, s.principal_days, s.amount) == (31, D("2300000.00"), D("277.92"))
    text = finding(s, R.SUBSIDY_PRINCIPAL_CAPPED)
    assert "on 31 days" in text
    assert "50000.00 to 100000.00" in text
    assert "1420000.00 principal-days" in text


def test_entity_agreement_signed_mid_month_raises_the_limit() -> None:
    """One household from the start, a second signed on 2016-04-21: loan 100 000.
    Days 1–20 at 50 000 → 1 000 000; days 21–30 (10) at 100 000 → 1 000 000; Σ 2 000 000 × 0.0435
    = 87 000; / 360 = 241.6666… → 241.67."""
    farm = entity(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)),
                  DrivingAgreement(household=household(2), signed_on=day(2016, 4, 21)))
    loan = make_loan("100000", day(2016, 1, 10), day(2017, 1, 10), borrower=farm)
    s = monthly_subsidy(loan, 2016, 4)
    assert (s.days, s.principal_days, s.amount) == (30, D("2000000.00"), D("241.67"))


def test_entity_without_counted_households_gets_nothing() -> None:
    """A household that is not registered poor is not counted: limit 0, no subsidised day."""
    farm = entity(DrivingAgreement(household=household(1, registered_poor=False),
                                   signed_on=day(2016, 1, 1)))
    s = monthly_subsidy(make_loan("30000", borrower=farm), 2016, 3)
    assert (s.days, s.amount) == (0, D("0.00"))
    assert "on 31 days" in finding(s, R.SUBSIDY_PRINCIPAL_CAPPED)
    # SPEC part B: a loan with no subsidised day has an empty schedule
    assert subsidy_schedule(make_loan("30000", borrower=farm)) == ()


def test_entity_overdue_is_an_interpretation() -> None:
    """Art. 27 ¶2 is written for natural persons; the library applies it to entities and says so.
    Days 1–9 of 2017-03 before maturity: 30 000 × 9 = 270 000 × 0.0435 / 360 = 32.625 → 32.63."""
    farm = entity(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)))
    loan = make_loan("30000", day(2016, 3, 10), day(2017, 3, 10), borrower=farm)
    s = monthly_subsidy(loan, 2017, 3)
    assert (s.days, s.amount) == (9, D("32.63"))
    assert "interpretation" in finding(s, R.SUBSIDY_FROM_MATURITY)


# ---------------------------------------------------------------------------------------------
# schedules


def test_schedule_covers_start_month_to_last_subsidised_day() -> None:
    """10 000 from 2016-01-20 to 2016-07-20: Jan 12 days (20–31), Feb 29, Mar 31, Apr 30, May 31,
    Jun 30, Jul 19 (1–19); Σ 182 = (2016-07-20 − 2016-01-20).days. Amounts: 10 000 × n × 0.0435
    / 360 = 1.2083… × n: Jan 14.50, Feb 35.04 (35.0416…), Mar 37.46 (37.4583…), Apr 36.25,
    May 37.46, Jun 36.25, Jul 22.96 (22.9583…)."""
    loan = make_loan("10000", day(2016, 1, 20), day(2016, 7, 20))
    schedule = subsidy_schedule(loan)
    assert [(s.period, s.days, str(s.amount)) for s in schedule] == [
        ("2016-01", 12, "14.50"), ("2016-02", 29, "35.04"), ("2016-03", 31, "37.46"),
        ("2016-04", 30, "36.25"), ("2016-05", 31, "37.46"), ("2016-06", 30, "36.25"),
        ("2016-07", 19, "22.96"),
    ]


def test_schedule_ends_before_a_first_of_month_maturity() -> None:
    """Maturity 2017-01-01: the last subsidised day is 2016-12-31, so 12 statements, 366 days."""
    schedule = subsidy_schedule(make_loan(start=day(2016, 1, 1), maturity=day(2017, 1, 1)))
    assert [s.period for s in schedule][::11] == ["2016-01", "2016-12"]
    assert sum(s.days for s in schedule) == 366


def test_schedule_of_overdue_and_extended_loans() -> None:
    """Overdue: up to the maturity month; extended and subsidised: up to extended_to's month."""
    loan = make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), extended_to=day(2017, 7, 15))
    assert subsidy_schedule(loan)[-1].period == "2017-01"
    assert subsidy_schedule(loan, EXTEND)[-1].period == "2017-07"
    # 2016-01-15 → 2017-07-15 is 547 days
    assert sum(s.days for s in subsidy_schedule(loan, EXTEND)) == 547


def test_schedule_of_a_loan_repaid_on_its_start_day() -> None:
    """Repaid in full on 2016-03-01, its start day: the end-of-day principal is 0 from the first
    day on (算头不算尾), so no day is subsidised and the schedule is () (SPEC part B); the month's
    own statement still says why."""
    loan = make_loan("5000", repayments=((day(2016, 3, 1), "5000"),))
    assert subsidy_schedule(loan) == ()
    only = monthly_subsidy(loan, 2016, 3)
    assert (only.period, only.days, only.amount) == ("2016-03", 0, D("0.00"))
    assert codes(only) == ["SUBSIDY_REPAID"]


# ---------------------------------------------------------------------------------------------
# repayments are validated by Loan (issue 3, item 2), seen from the subsidy side


def test_repayment_before_start_is_refused() -> None:
    with pytest.raises(InvalidInputError) as err:
        make_loan(repayments=((day(2016, 2, 29), "1000"),))
    assert err.value.field == "repayments[0].on"
    assert "before start_date 2016-03-01" in str(err.value)


def test_repayment_above_outstanding_is_refused() -> None:
    """30 000 + 25 000 > 50 000: the second repayment (after sorting by date) is named."""
    with pytest.raises(InvalidInputError) as err:
        make_loan(repayments=((day(2016, 6, 1), "25000"), (day(2016, 4, 1), "30000")))
    assert err.value.field == "repayments[1].principal"
    assert "only 20000.00 is outstanding" in str(err.value)


def test_repayment_after_full_repayment_is_refused() -> None:
    with pytest.raises(InvalidInputError) as err:
        make_loan(repayments=((day(2016, 4, 1), "50000"), (day(2016, 5, 1), "1")))
    assert err.value.field == "repayments[1].principal"
    assert "repaid in full on 2016-04-01" in str(err.value)


@pytest.mark.parametrize("bad", ["0", "-5", 12.5, "1.005"])
def test_repayment_amount_is_validated(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        Repayment(on=day(2016, 4, 1), principal=bad)  # type: ignore[arg-type]
    assert err.value.field == "principal"


def test_two_repayments_on_one_day_both_count() -> None:
    """10 000 + 5 000 on 2016-03-11 (given out of order): days 1–10 at 50 000 = 500 000, days 11–31
    (21) at 35 000 = 735 000; Σ 1 235 000 × 0.0435 = 53 722.5; / 360 = 149.2291… → 149.23."""
    loan = make_loan(repayments=((day(2016, 3, 11), "10000"), (day(2016, 3, 11), "5000")))
    s = monthly_subsidy(loan, 2016, 3)
    assert (s.principal_days, s.amount) == (D("1235000.00"), D("149.23"))


def test_late_repayment_after_maturity() -> None:
    """Overdue 30 000 repaid on 2017-02-10: February has 9 overdue days (1–9, still outstanding)
    and 19 repaid days (10–28); nothing is subsidised."""
    loan = make_loan("30000", day(2016, 1, 15), day(2017, 1, 15),
                     repayments=((day(2017, 2, 10), "30000"),))
    s = monthly_subsidy(loan, 2017, 2)
    assert (s.days, s.amount) == (0, D("0.00"))
    assert "9 days of 2017-02" in finding(s, R.SUBSIDY_FROM_MATURITY)
    assert "19 days of 2017-02" in finding(s, R.SUBSIDY_REPAID)


# ---------------------------------------------------------------------------------------------
# settlement


def test_settle_month_by_hand() -> None:
    """March 2016: A (credit union, 50 000) 187.29; B (postal savings, 80 000 capped) 187.29;
    C starts in April → skipped; D (credit union, 20 000 from the 10th) 53.17.
    Totals: credit union 187.29 + 53.17 = 240.46, postal savings 187.29; grand total 427.75."""
    a = make_loan(loan_id="A")
    b = make_loan("80000", loan_id="B", lender="postal_savings")
    c = make_loan("50000", day(2016, 4, 1), day(2017, 4, 1), loan_id="C")
    d = make_loan("20000", day(2016, 3, 10), day(2017, 3, 10), loan_id="D")
    settlement = settle_month([a, b, c, d], 2016, 3)
    assert isinstance(settlement, Settlement)
    assert [s.loan_id for s in settlement.statements] == ["A", "B", "D"]
    assert settlement.totals == {"credit_union": D("240.46"), "postal_savings": D("187.29")}
    assert settlement.total == D("427.75")
    assert settlement.total == sum(s.amount for s in settlement.statements)
    assert settlement.total == sum(settlement.totals.values())
    (skipped,) = settlement.skipped
    assert isinstance(skipped, SkippedLoan)
    assert (skipped.loan_id, skipped.lender) == ("C", "credit_union")
    assert skipped.reason.startswith("not in the subsidised period: 31 days of 2016-03 before")
    assert repr(settlement) == ("<Settlement 2016-03: 3 statements, 1 skipped, total 427.75 "
                                "(credit_union 240.46, postal_savings 187.29)>")


def test_settle_month_of_nothing() -> None:
    settlement = settle_month([], 2016, 3)
    assert settlement.total == D("0.00")
    assert settlement.totals == {"credit_union": D("0.00"), "postal_savings": D("0.00")}
    assert settlement.period == "2016-03"


def test_settle_month_accepts_any_iterable() -> None:
    settlement = settle_month(iter([make_loan()]), 2016, 3)
    assert settlement.total == D("187.29")


def test_settle_month_refuses_duplicate_ids() -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_month([make_loan(), make_loan(lender="postal_savings")], 2016, 3)
    assert err.value.field == "loans[1].id"
    assert "loans[0]" in str(err.value)


def test_settle_month_names_bad_items() -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_month([make_loan(), "L-2"], 2016, 3)  # type: ignore[list-item]
    assert err.value.field == "loans[1]"
    with pytest.raises(InvalidInputError) as err:
        settle_month([make_loan(lender="state_bank")], 2016, 3)
    assert err.value.field == "loans[0].lender"
    with pytest.raises(InvalidInputError) as err:
        settle_month("L-1", 2016, 3)  # type: ignore[arg-type]
    assert err.value.field == "loans"


# ---------------------------------------------------------------------------------------------
# input errors


@pytest.mark.parametrize(
    ("year", "month", "field"),
    [("2016", 3, "year"), (2016.0, 3, "year"), (True, 3, "year"), (1899, 3, "year"),
     (2201, 3, "year"), (2016, 0, "month"), (2016, 13, "month"), (2016, "3", "month"),
     (2016, None, "month")],
)
def test_bad_year_or_month(year: object, month: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(), year, month)  # type: ignore[arg-type]
    assert err.value.field == field


def test_bad_year_and_month_are_reported_together() -> None:
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(), 0, 0)
    assert [p.field for p in err.value.problems] == ["year", "month"]


def test_unknown_lender() -> None:
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(lender="state_bank"), 2016, 3)
    assert err.value.field == "loan.lender"
    assert "'credit_union'" in str(err.value)
    with pytest.raises(InvalidInputError):
        subsidy_schedule(make_loan(lender="state_bank"))


@pytest.mark.parametrize("bad", [None, "L-1", {"id": "L-1"}, 50000])
def test_not_a_loan(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(bad, 2016, 3)  # type: ignore[arg-type]
    assert err.value.field == "loan"
    with pytest.raises(InvalidInputError):
        subsidy_schedule(bad)  # type: ignore[arg-type]


def test_not_a_policy() -> None:
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(), 2016, 3, {"max_loan_amount": 50000})  # type: ignore[arg-type]
    assert err.value.field == "policy"
    with pytest.raises(InvalidInputError):
        settle_month([], 2016, 3, None)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# readable results


def test_statement_repr_and_explain() -> None:
    s = monthly_subsidy(make_loan("20000", day(2016, 3, 10), day(2017, 3, 10)), 2016, 3)
    assert repr(s) == ("SubsidyStatement(L-1 2016-03: 22 days, 440000.00 principal-days at "
                       "4.35 % → 53.17)")
    en, zh = s.explain(), s.explain("zh")
    assert en.splitlines()[1].startswith("  [SUBSIDY_BEFORE_START] Art. 27: 9 days")
    assert "贴息53.17元" in zh
    assert "之前的9天不予贴息" in zh


# ---------------------------------------------------------------------------------------------
# properties

RATE_ERA = (day(2011, 7, 7), day(2026, 6, 30))  # the PBoC lending table starts on 2011-07-07
POLICIES = st.sampled_from([DEFAULT_POLICY, EXTEND,
                            attrs.evolve(DEFAULT_POLICY, max_loan_amount="20000")])


@st.composite
def loans(draw: st.DrawFn, borrower: NaturalPerson | LegalEntity = PERSON) -> Loan:
    """Valid loans of the rate era: any term up to 4 years, maybe extended, with up to four
    repayments (possibly on the start day, possibly late, possibly in full)."""
    start = draw(st.dates(*RATE_ERA))
    maturity = start + dt.timedelta(days=draw(st.integers(1, 4 * 366)))
    extended = draw(st.none() | st.integers(1, 400).map(lambda n: maturity + dt.timedelta(n)))
    principal = draw(ps.money("120000.00"))
    last = (extended or maturity) + dt.timedelta(days=draw(st.integers(0, 200)))
    remaining = int(principal * 100)
    repayments = []
    for offset in sorted(draw(st.lists(st.integers(0, (last - start).days), max_size=4))):
        if remaining == 0:
            break
        fen = draw(st.integers(1, remaining))
        remaining -= fen
        repayments.append(Repayment(on=start + dt.timedelta(offset), principal=D(fen) / 100))
    return Loan(id=draw(st.sampled_from(["L-1", "L-2", "L-3", "L-4", "L-5", "L-6"])),
                borrower=borrower, lender=draw(st.sampled_from(["credit_union", "postal_savings"])),
                principal=principal, start_date=start, maturity_date=maturity,
                annual_rate=draw(ps.rates("0.08")), repayments=repayments, extended_to=extended)


@st.composite
def entity_loans(draw: st.DrawFn) -> Loan:
    """Loans of an entity whose agreements start and end around the loan's life."""
    loan = draw(loans())
    agreements = []
    for i in range(draw(st.integers(0, 3))):
        signed = loan.start_date + dt.timedelta(days=draw(st.integers(-60, 400)))
        ends = draw(st.none() | st.integers(0, 400).map(lambda n, s=signed: s + dt.timedelta(n)))
        counted = draw(st.booleans())
        agreements.append(DrivingAgreement(household=household(i % 2, registered_poor=counted),
                                           signed_on=signed, ends_on=ends))
    return attrs.evolve(loan, borrower=entity(*agreements))


ANY_LOAN = st.one_of(loans(), entity_loans())


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days)]


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = day(year, month, 1)
    return first, (day(year + 1, 1, 1) if month == 12 else day(year, month + 1, 1))


def _oracle(loan: Loan, year: int, month: int, policy: object) -> tuple[int, Decimal]:
    """Day by day, straight from the SPEC: subsidised days and principal-days of the month."""
    assert isinstance(policy, type(DEFAULT_POLICY))
    end = loan.extended_to if policy.subsidise_extensions and loan.extended_to else (
        loan.maturity_date)
    days, total = 0, D("0.00")
    for d in _days(*_month_bounds(year, month)):
        if not loan.start_date <= d < end:
            continue
        cap = (policy.max_loan_amount if loan.is_natural_person
               else entity_credit_limit(loan.borrower, d, policy))  # type: ignore[arg-type]
        principal = min(loan.outstanding(d), cap)
        if principal > 0:
            days += 1
            total += principal
    return days, total


def _own_interest(loan: Loan, year: int, month: int, basis: int) -> Decimal:
    """Interest the loan accrued in the month at its own rate on the full outstanding principal."""
    principal_days = sum((loan.outstanding(d) for d in _days(*_month_bounds(year, month))), D(0))
    with compute():
        return to_fen(principal_days * loan.annual_rate / basis)


@st.composite
def loan_and_month(draw: st.DrawFn) -> tuple[Loan, int, int]:
    loan = draw(ANY_LOAN)
    on = loan.start_date + dt.timedelta(days=draw(st.integers(-40, 5 * 366)))
    return loan, on.year, on.month


@settings(max_examples=ps.examples(150), deadline=None)
@given(loan_and_month(), POLICIES)
def test_statement_matches_the_day_by_day_rule(case: tuple[Loan, int, int], policy: object) -> None:
    loan, year, month = case
    s = monthly_subsidy(loan, year, month, policy)  # type: ignore[arg-type]
    days, principal_days = _oracle(loan, year, month, policy)
    assert (s.days, s.principal_days) == (days, principal_days)
    with compute():
        assert s.amount == to_fen(principal_days * s.rate / 360)
    assert s.rate <= loan.annual_rate
    assert all(r.passed for r in s.findings)


@settings(max_examples=ps.examples(150), deadline=None)
@given(loan_and_month(), POLICIES)
def test_statement_is_never_negative_nor_above_the_interest(case: tuple[Loan, int, int],
                                                            policy: object) -> None:
    loan, year, month = case
    s = monthly_subsidy(loan, year, month, policy)  # type: ignore[arg-type]
    assert D("0.00") <= s.amount <= _own_interest(loan, year, month, 360)
    if s.days == 0:
        assert s.amount == D("0.00")


@settings(max_examples=ps.examples(100), deadline=None)
@given(ANY_LOAN, POLICIES)
def test_schedule_adds_up(loan: Loan, policy: object) -> None:
    """The days add up to the subsidised days of the loan's life, and the per-month roundings
    differ from one whole-life rounding by at most half a fen per statement. A loan with no
    subsidised day has the empty schedule (SPEC part B)."""
    schedule = subsidy_schedule(loan, policy)  # type: ignore[arg-type]
    life_days = life_principal_days = 0
    for year, month in {(d.year, d.month) for d in _days(loan.start_date, loan.maturity_date + (
            dt.timedelta(days=800)))}:
        n, pd = _oracle(loan, year, month, policy)
        life_days += n
        life_principal_days += pd
    if not life_days:
        assert schedule == ()
        return
    assert schedule[0].period == f"{loan.start_date:%Y-%m}"
    periods = [(s.year, s.month) for s in schedule]
    assert periods == sorted(set(periods))
    assert sum(s.days for s in schedule) == life_days
    assert sum((s.principal_days for s in schedule), D(0)) == life_principal_days
    if life_days:
        assert schedule[-1].days > 0  # ends on the month of the last subsidised day
    rate = schedule[0].rate
    with compute():
        one_shot = to_fen(life_principal_days * rate / 360)
        assert abs(sum(s.amount for s in schedule) - one_shot) <= D("0.005") * len(schedule)


@settings(max_examples=ps.examples(60), deadline=None)
@given(st.lists(ANY_LOAN, max_size=5, unique_by=lambda loan: loan.id),
       st.dates(day(2011, 7, 1), day(2027, 12, 31)))
def test_settlement_totals_equal_the_statements(loans: list[Loan], on: dt.date) -> None:
    settlement = settle_month(loans, on.year, on.month)
    assert len(settlement.statements) + len(settlement.skipped) == len(loans)
    assert settlement.total == sum((s.amount for s in settlement.statements), D("0.00"))
    assert settlement.total == sum(settlement.totals.values(), D("0.00"))
    assert all(s.days > 0 for s in settlement.statements)


@settings(max_examples=ps.examples(100), deadline=None)
@given(st.one_of(ps.junk(), st.just(make_loan())), st.one_of(ps.junk(), st.integers()),
       st.one_of(ps.junk(), st.integers()), st.one_of(ps.junk(), st.just(DEFAULT_POLICY)))
def test_junk_raises_only_invalid_input(loan: object, year: object, month: object,
                                        policy: object) -> None:
    for call in (lambda: monthly_subsidy(loan, year, month, policy),  # type: ignore[arg-type]
                 lambda: subsidy_schedule(loan, policy),  # type: ignore[arg-type]
                 lambda: settle_month(loan, year, month, policy),  # type: ignore[arg-type]
                 lambda: settle_month([loan], year, month, policy)):  # type: ignore[list-item]
        with contextlib.suppress(InvalidInputError):
            call()


# ---------------------------------------------------------------------------------------------
# gaps found by mutation testing (issue 14): what each finding cites and states, exactly


def test_repaid_capped_and_rate_findings_cite_article_27() -> None:
    """The seed cites Art. 27 (第二十七条) for the three informational findings; an auditor reads
    the article, so a finding that lost it would be a wrong explanation.

    Repaid: 40 000 repaid in full on 2016-05-16 → days 16–31 of May (16) have no principal.
    Capped: 80 000 for 31 days, 30 000 above the 50 000 limit → 30 000 × 31 = 930 000.
    Rate: 5 % on a 24-month loan against the 4.75 % benchmark (13–60 months)."""
    repaid = monthly_subsidy(make_loan("40000", day(2016, 1, 1), day(2017, 1, 1),
                                       repayments=((day(2016, 5, 16), "40000"),)), 2016, 5)
    capped = monthly_subsidy(make_loan("80000"), 2016, 3)
    rate = monthly_subsidy(make_loan(maturity=day(2018, 3, 1), rate="0.05"), 2016, 3)
    for statement, code in ((repaid, R.SUBSIDY_REPAID), (capped, R.SUBSIDY_PRINCIPAL_CAPPED),
                            (rate, R.SUBSIDY_RATE_CAPPED)):
        (reason,) = [r for r in statement.findings if r.code is code]
        assert (reason.article, reason.article_zh, reason.passed) == ("Art. 27", "第二十七条", True)
    assert finding(repaid, R.SUBSIDY_REPAID) == (
        "16 days of 2016-05 without outstanding principal (repaid in full on 2016-05-16) are not "
        "subsidised (a repayment day accrues on the balance after the repayment, 算头不算尾)")
    assert finding(capped, R.SUBSIDY_PRINCIPAL_CAPPED) == (
        "on 31 days of 2016-03 the outstanding principal was above the 5321 limit of 50000.00 per "
        "household (Art. 10 5万元以下; the part above it is not subsidised): 930000.00 "
        "principal-days above it are not subsidised")
    assert finding(rate, R.SUBSIDY_RATE_CAPPED) == (
        "the loan's rate 5 % is above the benchmark lending rate 4.75 % in force on 2016-03-01 for "
        "a 24-month term: the subsidy rate is 4.75 % (贴息率按基准利率执行)")
    (zh,) = [r.message_zh for r in capped.findings if r.code is R.SUBSIDY_PRINCIPAL_CAPPED]
    assert zh == ("2016-03中有31天贷款余额超过5321政策上限50000.00元（超出部分不予贴息），"
                  "超出的积数930000.00不予贴息")


def test_settle_month_of_skipped_loans_totals_zero_fen() -> None:
    """Loan C starts on 2016-04-01: March 2016 has no subsidised day, so C is skipped with the
    finding that says why, and the grand total is Decimal('0.00') (to the fen), not the int 0."""
    c = make_loan("50000", day(2016, 4, 1), day(2017, 4, 1), loan_id="C")
    settlement = settle_month([c], 2016, 3)
    assert settlement.statements == ()
    assert repr(settlement.total) == "Decimal('0.00')"
    (skipped,) = settlement.skipped
    (reason,) = skipped.findings
    assert (reason.code, reason.article, reason.passed) == (R.SUBSIDY_BEFORE_START, "Art. 27", True)
    assert reason.message == ("31 days of 2016-03 before the loan date 2016-04-01 are not "
                              "subsidised (the subsidy runs from the day the loan is made)")
    assert skipped.reason == "not in the subsidised period: " + reason.message


def test_open_ended_agreement_ending_on_date_max() -> None:
    """An agreement with ends_on = date.max never goes out of force: there is no day after it to
    cut at. Two counted households × 50 000 = 100 000 ≥ the loan, so all of March counts:
    100 000 × 31 = 3 100 000 × 0.0435 = 134 850; / 360 = 374.583… → 374.58."""
    farm = entity(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1),
                                   ends_on=dt.date.max),
                  DrivingAgreement(household=household(2), signed_on=day(2016, 1, 1)))
    loan = make_loan("100000", day(2016, 1, 10), day(2017, 1, 10), borrower=farm)
    s = monthly_subsidy(loan, 2016, 3)
    assert (s.days, s.principal_days, s.amount, codes(s)) == (31, D("3100000.00"), D("374.58"), [])


@pytest.mark.parametrize(
    ("change", "limit", "principal_days", "amount", "name"),
    [
        # max_loan_amount 30 000 (it is also the subsidised cap): 2 × 30 000 = 60 000;
        # 60 000 × 31 = 1 860 000 × 0.0435 = 80 910; / 360 = 224.75. Excess 40 000 × 31.
        ({"max_loan_amount": "30000"}, "60000.00", "1860000.00", "224.75", "max_loan_amount"),
        # max_subsidised_principal 20 000 under a 50 000 loan cap: 2 × 20 000 = 40 000;
        # 40 000 × 31 = 1 240 000 × 0.0435 = 53 940; / 360 = 149.833… → 149.83. Excess 60 000 × 31.
        ({"max_subsidised_principal": "20000"}, "40000.00", "1240000.00", "149.83",
         "max_subsidised_principal"),
    ],
)
def test_entity_limit_follows_the_policys_per_household_cap(
    change: dict[str, str], limit: str, principal_days: str, amount: str, name: str
) -> None:
    """An entity loan of 100 000 driving two counted households, March 2016 (31 days)."""
    farm = entity(DrivingAgreement(household=household(1), signed_on=day(2016, 1, 1)),
                  DrivingAgreement(household=household(2), signed_on=day(2016, 1, 1)))
    loan = make_loan("100000", day(2016, 1, 10), day(2017, 1, 10), borrower=farm)
    policy = attrs.evolve(DEFAULT_POLICY, **change)
    s = monthly_subsidy(loan, 2016, 3, policy)
    assert (s.days, s.principal_days, s.amount) == (31, D(principal_days), D(amount))
    excess = (D("100000") - D(limit)) * 31
    per_household = D(limit) / 2
    assert finding(s, R.SUBSIDY_PRINCIPAL_CAPPED) == (
        f"on 31 days of 2016-03 the outstanding principal was above the entity credit limit of "
        f"{limit} ({name} {per_household:.2f} × counted households driven, "
        f"法人客户按带动脱贫农户授信额度): {excess:.2f} principal-days above it are not subsidised")


def test_a_note_two_runs_share_is_stated_once() -> None:
    """The seed until 2016-03-15, a 50 % share from 2016-03-16 that switches older contracts; the
    5 % loan on 24 months is capped to the 4.75 % benchmark under both, in the same words, so the
    rate note appears once. Days 1–15: 50 000 × 15 = 750 000 × 0.0475 = 35 625; days 16–31:
    50 000 × 16 = 800 000 × 0.0475 × 0.5 = 19 000; (35 625 + 19 000) / 360 = 151.736… → 151.74."""
    half = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5", effective_from=day(2016, 3, 16),
                        existing_contracts="switch",
                        document=PolicyDocument(id="half", title="Half subsidy notice"))
    loan = make_loan(maturity=day(2018, 3, 1), rate="0.05")
    s = monthly_subsidy(loan, 2016, 3, PolicySchedule([DEFAULT_POLICY, half]))
    assert s.amount == D("151.74")
    assert codes(s) == ["SUBSIDY_RATE_CAPPED", "SUBSIDY_SHARE", "SUBSIDY_POLICIES"]
