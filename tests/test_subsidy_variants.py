"""The subsidy under other documents and other years (SPEC D1–D7), worked out by hand.

Every amount below is computed by hand in the test's docstring or comment:
amount = ROUND_HALF_UP(Σ over runs of principal × days × rate × share / 360), rounded ONCE per
statement; which policy governs each day is ``for_contract(loan.start_date, day)`` (SPEC D2).
Rates used: the 1-year LPR is 3.45 % from 2023-08-21, the 5-year-and-above LPR 4.65 % from
2020-04-20 and 3.95 % from 2024-02-20; the PBoC 1-year benchmark 4.35 % from 2015-10-24.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import attrs
import pytest

from poverty_credit import (
    DEFAULT_POLICY,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    Policy,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    Repayment,
    SubsidyStatement,
    load_policy,
    monthly_subsidy,
    preset,
    preset_schedule,
    settle_month,
    settle_year,
    subsidy_schedule,
)
from poverty_credit import subsidy as subsidy_module
from subsidy_cases import HOUSEHOLD, make_loan, person

D = Decimal
day = dt.date
R = ReasonCode


def codes(statement: SubsidyStatement) -> list[str]:
    return [r.code.value for r in statement.findings]


def only(statement: SubsidyStatement, code: ReasonCode) -> str:
    (reason,) = [r for r in statement.findings if r.code is code]
    assert reason.passed
    assert reason.message_zh
    return reason.message


def write(tmp_path: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


#: What a county adds to a preset that leaves the subsidy's own parameters unset.
COUNTY_SUPPLIES = """
subsidy_rate = "benchmark"
subsidy_cycle = "month"
subsidise_extensions = false
[fund_allocations]
credit_union = 10000000
"""


# ---------------------------------------------------------------------------------------------
# 青阳 2024: 100 % to 2023-12-31, 70 % from 2024-01-01, existing contracts switch


def qingyang(tmp_path: pathlib.Path, *, switch_on: str | None = None) -> PolicySchedule:
    """The shipped schedule's two policies, each extended by the county with what the restatement
    leaves unset (loan cap, benchmark, rate kind, cycle, extensions, its lender). ``switch_on``
    moves the 70 % policy's date (a county variant that changes in the middle of a month)."""
    extra = f"\neffective_from = {switch_on}\n" if switch_on else ""
    full = write(tmp_path, "full.toml", 'extends = "qingyang-2024-full"\nmax_loan_amount = 50000\n'
                 'benchmark = "lpr"\n' + COUNTY_SUPPLIES)
    seventy = write(tmp_path, "seventy.toml", 'extends = "qingyang-2024-70"\nmax_loan_amount = '
                    '50000\nbenchmark = "lpr"' + extra + COUNTY_SUPPLIES)
    return PolicySchedule([load_policy(full), load_policy(seventy)])


def qingyang_loan() -> Loan:
    """50 000 from 2023-09-01 for 12 months at 3.45 %, the 1-year LPR in force on its start date
    (from 2023-08-21): the subsidy rate is min(3.45 %, 3.45 %) = 3.45 %."""
    return make_loan("50000", day(2023, 9, 1), day(2024, 9, 1), "0.0345")


def test_qingyang_preset_alone_refuses_naming_the_unset_parameter() -> None:
    """The restatement gives only the share: a rule that needs more refuses, naming it."""
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(qingyang_loan(), 2024, 1, preset_schedule("qingyang-2024"))
    assert err.value.field.startswith("policy.")
    assert "qingyang-2024" in str(err.value)
    assert "extend it with your county's value" in str(err.value)


def test_qingyang_schedule_across_the_change(tmp_path: pathlib.Path) -> None:
    """December 2023: for_contract(2023-09-01, 2023-12-d) is qingyang-2024-full (the 70 % policy
    is not yet in force): 50 000 × 31 × 0.0345 × 1 / 360 = 53 475 / 360 = 148.5416… → 148.54.
    January 2024: the 70 % policy is in force and switches existing contracts, so it governs the
    2023 loan: 50 000 × 31 × 0.0345 × 0.70 / 360 = 37 432.5 / 360 = 103.9791… → 103.98."""
    schedule = qingyang(tmp_path)
    loan = qingyang_loan()
    december = monthly_subsidy(loan, 2023, 12, schedule)
    january = monthly_subsidy(loan, 2024, 1, schedule)
    assert (december.days, december.principal_days, december.rate, december.amount) == (
        31, D("1550000.00"), D("0.0345"), D("148.54"))
    assert (january.days, january.principal_days, january.rate, january.amount) == (
        31, D("1550000.00"), D("0.0345"), D("103.98"))
    assert (december.policy_id, december.policy_ids) == ("qingyang-2024-full",
                                                         ("qingyang-2024-full",))
    assert (january.policy_id, january.policy_ids) == ("qingyang-2024-70", ("qingyang-2024-70",))
    assert codes(december) == []
    assert codes(january) == ["SUBSIDY_SHARE"]
    share = january.findings[0]
    assert share.article is None  # the restatement gives no article: the message names it
    assert "70 %" in share.message
    assert "青阳县小额信贷贴息（2024年1月1日起：70%）" in share.message
    # the loan's schedule: Sep–Dec 2023 at 100 %, Jan–Aug 2024 at 70 %, 12 statements
    statements = subsidy_schedule(loan, schedule)
    assert [s.policy_id for s in statements] == ["qingyang-2024-full"] * 4 + [
        "qingyang-2024-70"] * 8
    assert sum(s.days for s in statements) == 366  # 2023-09-01 → 2024-09-01


def test_a_month_that_straddles_a_change_is_computed_in_runs(tmp_path: pathlib.Path) -> None:
    """A county moves the 70 % to 2024-01-16. January 2024 has two runs:
    run 1, 01-01–01-15 under qingyang-2024-full: 50 000 × 15 × 0.0345 × 1 = 25 875;
    run 2, 01-16–01-31 under qingyang-2024-70: 50 000 × 16 × 0.0345 × 0.70 = 19 320;
    Σ 45 195 / 360 = 125.5416… → 125.54, rounded ONCE. (Rounding each run would give
    71.875 → 71.88 plus 53.666… → 53.67 = 125.55: a fen too much.)"""
    schedule = qingyang(tmp_path, switch_on="2024-01-16")
    s = monthly_subsidy(qingyang_loan(), 2024, 1, schedule)
    assert (s.days, s.principal_days, s.amount) == (31, D("1550000.00"), D("125.54"))
    # the statement takes the policy of its last subsidised day and lists both
    assert s.policy_id == "qingyang-2024-70"
    assert s.policy_ids == ("qingyang-2024-full", "qingyang-2024-70")
    assert codes(s) == ["SUBSIDY_SHARE", "SUBSIDY_POLICIES"]
    runs = only(s, R.SUBSIDY_POLICIES)
    assert "2024-01-01 to 2024-01-15 under qingyang-2024-full" in runs
    assert "2024-01-16 to 2024-01-31 under qingyang-2024-70" in runs
    assert "750000.00 principal-days at 3.45 % × 1" in runs
    assert "800000.00 principal-days at 3.45 % × 0.70" in runs
    assert "rounded once" in runs
    # a settlement names the documents of its statements
    settlement = settle_month([qingyang_loan()], 2024, 1, schedule)
    assert settlement.total == D("125.54")
    assert settlement.policy_ids == ("qingyang-2024-full", "qingyang-2024-70")
    assert settlement.statement_policy_ids == {"L-1": "qingyang-2024-70"}


def test_keep_leaves_older_contracts_on_their_policy() -> None:
    """A later policy paying 50 % from 2024-01-16 that KEEPS older contracts out: a loan made on
    2023-09-01 stays on the seed for all of January (50 000 × 31 × 0.0435 / 360 = 187.29, the
    12-month PBoC benchmark 4.35 %); a loan made on 2024-02-01 is governed by the later policy:
    February, 29 days: 50 000 × 29 × 0.0435 × 0.50 / 360 = 31 537.5 / 360 = 87.6041… → 87.60."""
    later = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.50", effective_from=day(2024, 1, 16),
                         document=PolicyDocument(id="half", title="A later notice"))
    schedule = PolicySchedule([DEFAULT_POLICY, later])
    old = make_loan(start=day(2023, 9, 1), maturity=day(2024, 9, 1))
    new = make_loan(start=day(2024, 2, 1), maturity=day(2025, 2, 1), loan_id="L-2")
    january = monthly_subsidy(old, 2024, 1, schedule)
    assert (january.amount, january.policy_ids) == (D("187.29"), ("x-county-measures",))
    february = monthly_subsidy(new, 2024, 2, schedule)
    assert (february.amount, february.policy_id) == (D("87.60"), "half")
    # PBoC rates past 2021-01-01 are unconfirmed: the note comes last
    assert codes(february) == ["SUBSIDY_SHARE", "RATE_UNCONFIRMED"]


def test_a_contract_before_a_keeping_first_policy_is_refused() -> None:
    """The first policy takes effect on 2021-01-01 and keeps older contracts out: a day before
    it has no policy at all, and a 2016 contract has none even on a later day (SPEC D7)."""
    first = attrs.evolve(DEFAULT_POLICY, effective_from=day(2021, 1, 1))
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(make_loan(), 2016, 3, PolicySchedule([first]))
    assert "before the first policy" in str(err.value)
    long_loan = make_loan(maturity=day(2022, 3, 1))
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(long_loan, 2021, 3, PolicySchedule([first]))
    assert err.value.field == "start_date"


# ---------------------------------------------------------------------------------------------
# national 2021: 10万 loans, 5万 subsidised; a county supplies what the notice leaves unset


COUNTY_2021 = """
extends = "national-2021"
subsidy_share = 1
""" + COUNTY_SUPPLIES


def test_national_2021_alone_refuses_what_it_does_not_set() -> None:
    loan = make_loan("100000", day(2021, 3, 1), day(2024, 3, 1), "0.0465")
    with pytest.raises(InvalidInputError) as err:
        monthly_subsidy(loan, 2021, 3, preset("national-2021"))
    assert "national-2021 does not set" in str(err.value)


def test_a_2021_top_up_loan_is_subsidised_on_5_wan_only(tmp_path: pathlib.Path) -> None:
    """100 000 from 2021-03-01 for 36 months at 4.65 %: the 5-year LPR on 2021-03-01 is 4.65 %,
    so the rate is 4.65 %. national-2021 caps the subsidised principal at 50 000:
    March 2021: 50 000 × 31 × 0.0465 / 360 = 72 075 / 360 = 200.2083… → 200.21.
    (The seed with max_loan_amount = 100 000 would subsidise all of it: 100 000 × 31 × 0.0465
    / 360 = 400.4166… → 400.42, the doubling issue 10 describes.)"""
    policy = load_policy(write(tmp_path, "county.toml", COUNTY_2021))
    loan = make_loan("100000", day(2021, 3, 1), day(2024, 3, 1), "0.0465")
    s = monthly_subsidy(loan, 2021, 3, policy)
    assert (s.days, s.principal_days, s.rate, s.amount) == (
        31, D("1550000.00"), D("0.0465"), D("200.21"))
    assert s.policy_id == "national-2021"
    assert codes(s) == ["SUBSIDY_PRINCIPAL_CAPPED"]
    capped = s.findings[0]
    assert capped.article is None  # national-2021 brings no citations
    assert "the subsidised cap of 50000.00 (max_subsidised_principal; 银保监发〔2021〕6号" in (
        capped.message)
    assert "1550000.00 principal-days above it" in capped.message  # 50 000 × 31 left out
    doubled = monthly_subsidy(loan, 2021, 3, attrs.evolve(DEFAULT_POLICY,
                                                          max_loan_amount="100000"))
    assert doubled.amount == D("400.42")


def test_entity_limit_uses_the_subsidised_cap_per_household() -> None:
    """Loan cap 100 000, subsidised cap 50 000; an entity drives 2 counted households, borrows
    150 000: its subsidy limit is 2 × 50 000 = 100 000 (not 2 × 100 000).
    March 2016: 100 000 × 31 × 0.0435 / 360 = 134 850 / 360 = 374.5833… → 374.58."""
    policy = attrs.evolve(DEFAULT_POLICY, max_loan_amount="100000",
                          max_subsidised_principal="50000")
    farm = LegalEntity(id="E-1", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
        DrivingAgreement(household=person(f"H-{i}"), signed_on=day(2016, 1, 1)) for i in (1, 2)])
    s = monthly_subsidy(make_loan("150000", borrower=farm), 2016, 3, policy)
    assert (s.principal_days, s.amount) == (D("3100000.00"), D("374.58"))
    text = only(s, R.SUBSIDY_PRINCIPAL_CAPPED)
    assert "the entity credit limit of 100000.00 (max_subsidised_principal 50000.00 ×" in text


# ---------------------------------------------------------------------------------------------
# 通许 2025: once a year, at most 365 days per loan, LPR of the same tenor


def tongxu(tmp_path: pathlib.Path) -> Policy:
    return load_policy(write(tmp_path, "tongxu.toml", 'extends = "tongxu-2025"\n'
                             "[fund_allocations]\ncredit_union = 10000000\n"))


def tongxu_loan() -> Loan:
    """50 000 from 2024-07-01 for 24 months at 3.95 %: a 24-month term reads the 5-year LPR, 3.95 %
    on 2024-07-01 (from 2024-02-20)."""
    return make_loan("50000", day(2024, 7, 1), day(2026, 7, 1), "0.0395")


def test_tongxu_yearly_statements_and_the_365_day_limit(tmp_path: pathlib.Path) -> None:
    """Day d is subsidised only while (d − 2024-07-01).days < 365: through 2025-06-30.
    2024: 07-01–12-31 = 184 days; 50 000 × 184 × 0.0395 / 360 = 363 400 / 360 = 1009.4444…
    → 1009.44. 2025: 01-01–06-30 = 181 days (184 + 181 = 365); 50 000 × 181 × 0.0395 / 360
    = 357 475 / 360 = 992.9861… → 992.99; 07-01–12-31 (184 days) are beyond the limit."""
    policy = tongxu(tmp_path)
    loan = tongxu_loan()
    y2024 = settle_year([loan], 2024, policy)
    y2025 = settle_year([loan], 2025, policy)
    (s24,), (s25,) = y2024.statements, y2025.statements
    assert (s24.year, s24.month, s24.period, s24.days, s24.amount) == (
        2024, None, "2024", 184, D("1009.44"))
    assert (s25.days, s25.principal_days, s25.amount) == (181, D("9050000.00"), D("992.99"))
    assert (y2024.period, y2024.month, y2025.total) == ("2024", None, D("992.99"))
    assert y2025.totals == {"credit_union": D("992.99")}
    assert codes(s24) == ["SUBSIDY_BEFORE_START"]  # 01-01–06-30 of 2024, 182 days
    assert codes(s25) == ["SUBSIDY_DAYS_LIMIT"]
    limit = only(s25, R.SUBSIDY_DAYS_LIMIT)
    assert "184 days of 2025 from 2025-07-01 on" in limit
    assert "365 days of subsidy" in limit
    assert "the Tongxu plan" in limit  # no article given: the message names the document
    assert s25.findings[0].article is None
    assert s25.findings[0].message_zh.startswith("2025年中自2025-07-01起仍有余额的184天超出")
    # 2026 gets nothing: 181 days beyond the limit, then from the maturity 2026-07-01 on
    (skipped,) = settle_year([loan], 2026, policy).skipped
    assert [r.code.value for r in skipped.findings] == ["SUBSIDY_FROM_MATURITY",
                                                        "SUBSIDY_DAYS_LIMIT"]
    assert skipped.policy_id == "tongxu-2025"
    # the schedule follows the yearly cycle: 2024 and 2025, the year of the last subsidised day
    assert [(s.period, s.amount) for s in subsidy_schedule(loan, policy)] == [
        ("2024", D("1009.44")), ("2025", D("992.99"))]
    # monthly_subsidy ignores the cycle: July 2024, 31 days: 61 225 / 360 = 170.0694… → 170.07
    july = monthly_subsidy(loan, 2024, 7, policy)
    assert (july.month, july.days, july.amount) == (7, 31, D("170.07"))


def test_each_settlement_refuses_the_other_cycle(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_month([tongxu_loan()], 2025, 1, tongxu(tmp_path))
    assert err.value.field == "policy.subsidy_cycle"
    assert "use settle_year" in str(err.value)
    with pytest.raises(InvalidInputError) as err:
        settle_year([], 2025)
    assert err.value.field == "policy.subsidy_cycle"
    assert "use settle_month" in str(err.value)
    with pytest.raises(InvalidInputError) as err:
        settle_year([], "2025", tongxu(tmp_path))  # type: ignore[arg-type]
    assert err.value.field == "year"


def test_a_schedule_that_changes_cycle_is_refused_where_it_matters(tmp_path: pathlib.Path) -> None:
    """Seed (monthly) for contracts to 2024-12-31, then a yearly policy that switches them."""
    yearly = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year", effective_from=day(2025, 1, 1),
                          existing_contracts="switch",
                          document=PolicyDocument(id="yearly", title="Yearly"))
    schedule = PolicySchedule([DEFAULT_POLICY, yearly])
    loan = make_loan(start=day(2024, 6, 1), maturity=day(2025, 6, 1))
    assert settle_month([loan], 2024, 12, schedule).total == D("187.29")
    with pytest.raises(InvalidInputError) as err:
        settle_month([loan], 2025, 1, schedule)
    assert err.value.field == "loans[0]"
    assert "yearly" in str(err.value)
    with pytest.raises(InvalidInputError) as err:
        subsidy_schedule(loan, schedule)
    assert err.value.field == "policy.subsidy_cycle"


# ---------------------------------------------------------------------------------------------
# a flat rate (云南 5 %)

FLAT = attrs.evolve(DEFAULT_POLICY, subsidy_rate="flat", subsidy_flat_rate="0.05")


def test_flat_rate_below_the_loans_rate() -> None:
    """Loan at 6 % > 5 %: the subsidy rate is 5 %; the benchmark is not consulted.
    March 2016: 50 000 × 31 × 0.05 / 360 = 77 500 / 360 = 215.2777… → 215.28."""
    s = monthly_subsidy(make_loan(rate="0.06"), 2016, 3, FLAT)
    assert (s.rate, s.amount) == (D("0.05"), D("215.28"))
    assert codes(s) == ["SUBSIDY_RATE_CAPPED"]
    text = only(s, R.SUBSIDY_RATE_CAPPED)
    assert "above the flat subsidy rate 5 %" in text
    assert "基准利率执行" not in text  # the seed's Art. 27 is not the source of a flat rate
    assert s.findings[0].article is None


def test_flat_rate_above_the_loans_rate() -> None:
    """Loan at 4.35 % < 5 %: never above the loan's own rate, so 4.35 %:
    50 000 × 31 × 0.0435 / 360 = 187.2916… → 187.29. A 2026 loan under a flat rate gets no
    RATE_UNCONFIRMED note: no benchmark was used."""
    s = monthly_subsidy(make_loan(), 2016, 3, FLAT)
    assert (s.rate, s.amount) == (D("0.0435"), D("187.29"))
    assert "the subsidy rate is 4.35 %" in only(s, R.SUBSIDY_RATE_CAPPED)
    late = monthly_subsidy(make_loan(start=day(2026, 1, 1), maturity=day(2027, 1, 1)), 2026, 3,
                           FLAT)
    assert R.RATE_UNCONFIRMED.value not in codes(late)


# ---------------------------------------------------------------------------------------------
# the household allotment (caps_per_household)


def household_loans(*, same_start: bool = False) -> tuple[Loan, Loan]:
    a = make_loan("40000", day(2016, 1, 1), day(2017, 1, 1), borrower=person("P-1", "H-1"),
                  loan_id="A")
    b = make_loan("40000", day(2016, 1, 1) if same_start else day(2016, 2, 1),
                  day(2017, 2, 1), borrower=person("P-2", "H-1"), loan_id="B")
    return a, b


def test_two_loans_of_one_household_share_the_subsidised_cap() -> None:
    """Two 40 000 loans of household H-1 (A from 2016-01-01, B from 2016-02-01), cap 50 000 per
    household. March 2016: A comes first (earlier start): 40 000 × 31 = 1 240 000 →
    × 0.0435 / 360 = 149.8333… → 149.83; B gets what is left, 10 000 × 31 = 310 000 → 13 485 / 360
    = 37.4583… → 37.46. Household total 187.29 = 50 000's. Without caps_per_household both get
    149.83 (299.66: subsidised on 80 000)."""
    a, b = household_loans()
    settlement = settle_month([b, a], 2016, 3, HOUSEHOLD)
    by_id = {s.loan_id: s for s in settlement.statements}
    assert (by_id["A"].principal_days, by_id["A"].amount) == (D("1240000.00"), D("149.83"))
    assert (by_id["B"].principal_days, by_id["B"].amount) == (D("310000.00"), D("37.46"))
    assert settlement.total == D("187.29")
    assert codes(by_id["A"]) == []
    assert codes(by_id["B"]) == ["SUBSIDY_HOUSEHOLD_CAPPED"]
    text = only(by_id["B"], R.SUBSIDY_HOUSEHOLD_CAPPED)
    assert "on 31 days of 2016-03 the household H-1's earlier loans (A)" in text
    assert "930000.00 principal-days" in text  # 30 000 × 31
    # today's reading without the household cap
    assert settle_month([a, b], 2016, 3).total == D("299.66")
    # monthly_subsidy sees one loan alone: no allotment
    assert monthly_subsidy(b, 2016, 3, HOUSEHOLD).amount == D("149.83")


def test_the_allotment_follows_repayments_day_by_day() -> None:
    """A repays 20 000 on 2016-03-16. A: 40 000 × 15 + 20 000 × 16 = 920 000 → 40 020 / 360 =
    111.1666… → 111.17. B: days 1–15 get 50 000 − 40 000 = 10 000 → 150 000; days 16–31 get
    min(40 000, 50 000 − 20 000) = 30 000 → 480 000; Σ 630 000 → 27 405 / 360 = 76.125 → 76.13."""
    a, b = household_loans()
    a = attrs.evolve(a, repayments=[Repayment(on=day(2016, 3, 16), principal="20000")])
    statements = {s.loan_id: s for s in settle_month([a, b], 2016, 3, HOUSEHOLD).statements}
    assert (statements["A"].principal_days, statements["A"].amount) == (
        D("920000.00"), D("111.17"))
    assert (statements["B"].principal_days, statements["B"].amount) == (
        D("630000.00"), D("76.13"))


def test_a_loan_repaid_in_full_frees_the_household_cap() -> None:
    """A repays all 40 000 on 2016-03-16: A has 40 000 × 15 = 600 000 → 26 100 / 360 = 72.50;
    B gets 10 000 on days 1–15 (150 000), then its whole 40 000 on days 16–31 (640 000):
    790 000 × 0.0435 / 360 = 34 365 / 360 = 95.4583… → 95.46."""
    a, b = household_loans()
    a = attrs.evolve(a, repayments=[Repayment(on=day(2016, 3, 16), principal="40000")])
    statements = {s.loan_id: s for s in settle_month([a, b], 2016, 3, HOUSEHOLD).statements}
    assert (statements["A"].amount, statements["B"].principal_days, statements["B"].amount) == (
        D("72.50"), D("790000.00"), D("95.46"))
    assert "on 15 days of 2016-03" in only(statements["B"], R.SUBSIDY_HOUSEHOLD_CAPPED)


def test_a_schedule_without_lenders_refuses_to_settle() -> None:
    with pytest.raises(InvalidInputError) as err:
        settle_month([], 2024, 1, preset_schedule("qingyang-2024"))
    assert err.value.field == "policy.fund_allocations"


def test_ties_on_the_start_date_go_by_loan_id_as_text() -> None:
    """Same start date: "A" < "B" as text, so A is served first. Ids "L-10" and "L-9": "L-10"
    sorts first as text (the character "1" before "9")."""
    a, b = household_loans(same_start=True)
    by_id = {s.loan_id: s.amount for s in settle_month([b, a], 2016, 3, HOUSEHOLD).statements}
    assert by_id == {"A": D("149.83"), "B": D("37.46")}
    a, b = attrs.evolve(a, id="L-9"), attrs.evolve(b, id="L-10")
    by_id = {s.loan_id: s.amount for s in settle_month([a, b], 2016, 3, HOUSEHOLD).statements}
    assert by_id == {"L-10": D("149.83"), "L-9": D("37.46")}


def test_a_loan_that_gets_nothing_from_the_household_cap_is_skipped() -> None:
    """A takes the whole 50 000 of the household; B gets nothing and is listed as skipped."""
    a = make_loan("50000", day(2016, 1, 1), day(2017, 1, 1), borrower=person("P-1", "H-1"),
                  loan_id="A")
    _, b = household_loans()
    settlement = settle_month([a, b], 2016, 3, HOUSEHOLD)
    assert [s.loan_id for s in settlement.statements] == ["A"]
    (skipped,) = settlement.skipped
    assert skipped.loan_id == "B"
    assert [r.code.value for r in skipped.findings] == ["SUBSIDY_HOUSEHOLD_CAPPED"]


def test_caps_per_household_is_needed_only_when_a_household_has_two_loans() -> None:
    unset = attrs.evolve(DEFAULT_POLICY, caps_per_household=None)
    a, b = household_loans()
    assert settle_month([a], 2016, 3, unset).total == D("149.83")
    with pytest.raises(InvalidInputError) as err:
        settle_month([a, b], 2016, 3, unset)
    assert err.value.field == "policy.caps_per_household"


# ---------------------------------------------------------------------------------------------
# the share and the days limit on the seed


def test_a_share_is_applied_before_the_one_rounding() -> None:
    """Share 70 %: 50 000 × 31 × 0.0435 × 0.70 / 360 = 47 197.5 / 360 = 131.1041… → 131.10."""
    s = monthly_subsidy(make_loan(), 2016, 3, attrs.evolve(DEFAULT_POLICY, subsidy_share="0.70"))
    assert s.amount == D("131.10")
    assert "the budget pays 70 % of the interest" in only(s, R.SUBSIDY_SHARE)


def test_a_days_limit_cuts_inside_a_month() -> None:
    """Limit 20 days from 2016-03-01: days 03-01–03-20 (offsets 0–19) are subsidised:
    50 000 × 20 × 0.0435 / 360 = 43 500 / 360 = 120.8333… → 120.83; 11 days from 03-21 are not."""
    s = monthly_subsidy(make_loan(), 2016, 3, attrs.evolve(DEFAULT_POLICY, subsidy_max_days=20))
    assert (s.days, s.amount) == (20, D("120.83"))
    assert "11 days of 2016-03 from 2016-03-21 on" in only(s, R.SUBSIDY_DAYS_LIMIT)


# ---------------------------------------------------------------------------------------------
# citations: another county's articles, or the document's name; never the seed's


OTHER_COUNTY = """
extends = "x-county-measures"
subsidy_share = 0.80

[document]
id = "y-county-2024"
title = "Y县脱贫人口小额信贷贴息办法"
short_name = "the Y Measures"
short_name_zh = "《Y县办法》"

[citations]
SUBSIDY_BEFORE_START = { article = "Art. 8", article_zh = "第八条" }
SUBSIDY_REPAID = { article = "Art. 8", article_zh = "第八条" }
SUBSIDY_FROM_MATURITY = { article = "Art. 9", article_zh = "第九条", quote = "逾期不贴" }
SUBSIDY_PRINCIPAL_CAPPED = { article = "Art. 7", article_zh = "第七条", quote = "每户5万元" }
SUBSIDY_RATE_CAPPED = { article = "Art. 10", article_zh = "第十条", quote = "按LPR贴息" }
SUBSIDY_SHARE = { article = "Art. 11", article_zh = "第十一条", quote = "贴息80%" }
"""

SEED_TEXTS = ("Art. 27", "Art. 10 ", "第二十七条", "未按期还贷的，从到期之日起不予贴息",
              "贴息率按基准利率执行", "5万元以下", "法人客户按带动脱贫农户授信额度", "the Measures")


def statements_touching_every_finding(policy: Policy) -> list[SubsidyStatement]:
    """Statements whose findings cover before-start, repaid, from-maturity, capped, rate capped,
    share, and an entity's from-maturity interpretation."""
    farm = LegalEntity(id="E-1", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
        DrivingAgreement(household=person("H-1"), signed_on=day(2016, 1, 1))])
    loans = [
        (make_loan("80000", day(2016, 3, 10), day(2018, 3, 10), "0.06",
                   repayments=((day(2016, 3, 20), "80000"),)), 2016, 3),
        (make_loan("30000", day(2016, 1, 15), day(2017, 1, 15)), 2017, 1),
        (make_loan("30000", day(2016, 1, 15), day(2017, 1, 15), borrower=farm), 2017, 1),
        (make_loan("90000", borrower=farm), 2016, 4),
    ]
    return [monthly_subsidy(loan, year, month, policy) for loan, year, month in loans]


def test_another_countys_file_cites_its_own_articles(tmp_path: pathlib.Path) -> None:
    policy = load_policy(write(tmp_path, "y.toml", OTHER_COUNTY))
    statements = statements_touching_every_finding(policy)
    found = {r.code: r for s in statements for r in s.findings}
    assert set(found) >= {R.SUBSIDY_BEFORE_START, R.SUBSIDY_REPAID, R.SUBSIDY_FROM_MATURITY,
                          R.SUBSIDY_PRINCIPAL_CAPPED, R.SUBSIDY_RATE_CAPPED, R.SUBSIDY_SHARE}
    assert (found[R.SUBSIDY_FROM_MATURITY].article,
            found[R.SUBSIDY_FROM_MATURITY].article_zh) == ("Art. 9", "第九条")
    capped = next(r for r in statements[0].findings if r.code is R.SUBSIDY_PRINCIPAL_CAPPED)
    assert capped.article == "Art. 7"
    assert "per household (Art. 7 每户5万元; the part above it" in capped.message
    entity_capped = found[R.SUBSIDY_PRINCIPAL_CAPPED]  # the entity's: its quote, no seed words
    assert "counted households driven, 每户5万元)" in entity_capped.message
    assert found[R.SUBSIDY_RATE_CAPPED].message.endswith("(按LPR贴息)")
    assert "(逾期不贴)" in found[R.SUBSIDY_FROM_MATURITY].message
    assert "Art. 11 贴息80%" in found[R.SUBSIDY_SHARE].message
    entity_overdue = next(r for r in statements[2].findings if r.code is R.SUBSIDY_FROM_MATURITY)
    assert "interpretation: Art. 9 is written for natural-person clients" in entity_overdue.message
    assert "解释：第九条针对自然人客户" in entity_overdue.message_zh
    for s in statements:
        assert s.policy_id == "y-county-2024"
        for r in s.findings:
            for text in (r.message, r.message_zh, r.article or "", r.article_zh or ""):
                for seed in SEED_TEXTS:
                    assert seed not in text, (r.code, seed)


def test_a_policy_without_citations_names_the_document() -> None:
    """No citations at all: article None everywhere; where a seed message quoted Art. 27 or
    Art. 10 the message names the document."""
    bare = attrs.evolve(DEFAULT_POLICY, citations={},
                        document=PolicyDocument(id="bare", title="Z县办法", short_name="the Z plan",
                                                short_name_zh="《Z县办法》"))
    statements = statements_touching_every_finding(bare)
    reasons = [r for s in statements for r in s.findings]
    assert reasons
    assert all(r.article is None and r.article_zh is None for r in reasons)
    overdue = next(r for r in statements[1].findings if r.code is R.SUBSIDY_FROM_MATURITY)
    assert overdue.message.endswith("the loan was not repaid on time (the Z plan)")
    capped = next(r for r in statements[0].findings if r.code is R.SUBSIDY_PRINCIPAL_CAPPED)
    assert "per household (the Z plan; the part above it" in capped.message
    for r in reasons:
        for seed in SEED_TEXTS:
            assert seed not in r.message, (r.code, seed)
    # the shipped nanao-2025 preset has no citations either
    assert dict(preset("nanao-2025").citations) == {}


def test_the_seed_cites_article_27_in_both_languages() -> None:
    s = statements_touching_every_finding(DEFAULT_POLICY)[1]
    (overdue,) = s.findings
    assert (overdue.article, overdue.article_zh) == ("Art. 27 ¶2", "第二十七条第二款")
    assert overdue.message.endswith("(未按期还贷的，从到期之日起不予贴息)")


def test_seed_subsidy_citations_sit_between_the_markers() -> None:
    seed = pathlib.Path(subsidy_module.__file__).parent / "data/presets/x-county-measures.toml"
    text = seed.read_text(encoding="utf-8")
    section = text.split("# -- subsidy")[1].split("# -- end subsidy")[0]
    for key in ("SUBSIDY_BEFORE_START", "SUBSIDY_REPAID", "SUBSIDY_FROM_MATURITY",
                "SUBSIDY_PRINCIPAL_CAPPED", '"SUBSIDY_PRINCIPAL_CAPPED:limit"',
                '"SUBSIDY_PRINCIPAL_CAPPED:entity"', "SUBSIDY_RATE_CAPPED"):
        assert f"\n{key} = " in section
        assert text.count(f"\n{key} = ") == 1
