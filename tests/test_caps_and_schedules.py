"""Caps per household and per entity, rate notes, and schedules in the rules of eligibility,
terms, approval, documents and portfolio (SPEC D2, D3, D5, D7), worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Application,
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
    age_on,
    check_disbursement,
    check_documents,
    check_eligibility,
    check_loan_terms,
    check_portfolio,
    entity_credit_limit,
    filing_deadline,
    lending_capacity,
    portfolio_metrics,
    poverty_relending_rate,
    preset,
)

D = dt.date
C = ReasonCode
N2021 = preset("national-2021")


def member(pid: str, household: str | None = "H-1") -> NaturalPerson:
    return NaturalPerson(id=pid, birth_date=D(1980, 5, 1), status="lifted_out",
                         household_id=household)


def loan(lid: str, borrower: NaturalPerson | LegalEntity, principal: str, start: dt.date,
         months: int = 12, **extra: object) -> Loan:
    from poverty_credit.periods import add_months

    return Loan(id=lid, borrower=borrower, lender="credit_union", principal=principal,
                start_date=start, maturity_date=add_months(start, months),
                annual_rate=extra.pop("annual_rate", "0.0345"), **extra)  # type: ignore[arg-type]


# --- the household cap (caps_per_household) ----------------------------------------------------

START = D(2024, 6, 1)
#: A's loan: 60 000 from 2024-01-10, 10 000 repaid on 2024-03-01: 50 000 outstanding on START.
A_LOAN = loan("L-A", member("A"), "60000", D(2024, 1, 10),
              repayments=[Repayment(on=D(2024, 3, 1), principal="10000")])


def household_finding(principal: str, others: list[Loan]) -> tuple[bool, str]:
    decision = check_loan_terms(loan("L-B", member("B"), principal, START), N2021,
                                household_loans=others)
    codes = [r.code for r in decision.findings]
    assert codes == [C.AMOUNT_ABOVE_LIMIT, C.HOUSEHOLD_AMOUNT_ABOVE_LIMIT, C.TERM_ABOVE_LIMIT,
                     C.GUARANTEE_REQUIRED, C.COLLATERAL_REQUIRED, C.RATE_ABOVE_BENCHMARK]
    reason = decision.findings[1]
    assert reason.article is None  # national-2021 has no citations
    return reason.passed, reason.message


def test_household_above_the_cap() -> None:
    """2021: 10万 per household. B's 60 000 + A's 50 000 outstanding on 2024-06-01 = 110 000 >
    100 000: HOUSEHOLD_AMOUNT_ABOVE_LIMIT fails, though the loan alone (60 000) passes."""
    passed, message = household_finding("60000", [A_LOAN])
    assert not passed
    assert message == (
        "household H-1: principal 60000.00 + 50000.00 outstanding on 2024-06-01 on its other "
        "loans (L-A) = 110000.00, above the household limit of 100000.00 "
        "(银保监发〔2021〕6号, inclusive)")


def test_household_at_the_cap_passes() -> None:
    """50 000 + 50 000 = 100 000 <= 100 000 (以内, inclusive)."""
    assert household_finding("50000", [A_LOAN])[0]


def test_other_household_and_repaid_loans_are_not_counted() -> None:
    """C is another household; A's loan repaid in full before the start leaves 0 outstanding:
    nothing else counts, the finding passes even for 100 000."""
    repaid = loan("L-A2", member("A"), "60000", D(2023, 1, 10),
                  repayments=[Repayment(on=D(2024, 5, 31), principal="60000")])
    other = loan("L-C", member("C", household="H-2"), "100000", D(2024, 1, 10))
    passed, message = household_finding("100000", [repaid, other])
    assert passed
    assert message.startswith("household H-1 has no other own loan outstanding on 2024-06-01")


def test_the_loan_itself_among_household_loans_is_not_counted_twice() -> None:
    this = loan("L-B", member("B"), "60000", START)
    assert household_finding("60000", [this])[0]


def test_household_loans_are_ignored_unless_the_policy_caps_per_household() -> None:
    """The seed (caps_per_household false): the same two loans, five findings, no household one;
    2016 rates (no note)."""
    old_a = loan("L-A", member("A"), "50000", D(2016, 1, 10), annual_rate="0.0435")
    b = loan("L-B", member("B"), "50000", D(2016, 6, 1), annual_rate="0.0435")
    decision = check_loan_terms(b, household_loans=[old_a])
    assert len(decision.findings) == 5
    assert decision
    # a policy leaving caps_per_household unset needs it only when other loans are given
    n2017 = preset("national-2017")
    assert check_loan_terms(b, n2017)
    with pytest.raises(InvalidInputError, match="national-2017 does not set caps_per_household"):
        check_loan_terms(b, n2017, household_loans=[old_a])


def test_bad_household_loans() -> None:
    b = loan("L-B", member("B"), "50000", START)
    with pytest.raises(InvalidInputError) as info:
        check_loan_terms(b, N2021, household_loans=[A_LOAN, "L-X"])  # type: ignore[list-item]
    assert info.value.field == "household_loans[1]"
    with pytest.raises(InvalidInputError) as info:
        check_loan_terms(b, N2021, household_loans=A_LOAN)  # type: ignore[arg-type]
    assert info.value.field == "household_loans"


@given(mine=st.integers(1, 150), other=st.integers(0, 150))
def test_household_fails_exactly_when_other_principal_and_sum_above_cap(
    mine: int, other: int
) -> None:
    """In thousands of yuan: fails iff other > 0 and mine + other > 100."""
    others = [loan("L-A", member("A"), str(other * 1000), D(2024, 1, 10))] if other else []
    passed, _ = household_finding(str(mine * 1000), others)
    assert passed is not (other > 0 and mine + other > 100)


# --- the entity cap (max_entity_loan_amount) ---------------------------------------------------


def test_entity_limit_capped_by_max_entity_loan_amount() -> None:
    """盐津 2016: 3万 per household, at most 100万 per entity. 40 counted households: 30 000 × 40
    = 1 200 000, capped at 1 000 000; 20 households: 600 000, no cap."""
    yanjin = attrs.evolve(preset("yanjin-2016"), entity_lending=True)
    people = [NaturalPerson(id=f"P{i}", birth_date=D(1970, 1, 1), registered_poor=True)
              for i in range(40)]
    big = LegalEntity(id="E-40", name="Tea", kind=EntityKind.LEADING_ENTERPRISE, agreements=[
        DrivingAgreement(household=p, signed_on=D(2016, 1, 1)) for p in people])
    small = attrs.evolve(big, id="E-20", agreements=big.agreements[:20])
    on = D(2016, 9, 1)
    assert entity_credit_limit(big, on, yanjin) == Decimal("1000000.00")
    assert entity_credit_limit(small, on, yanjin) == Decimal("600000.00")
    terms = check_loan_terms(loan("L-E", big, "1000000.01", on, annual_rate="0.0435"), yanjin)
    (reason,) = terms.reasons
    assert reason.code is C.AMOUNT_ABOVE_ENTITY_LIMIT
    assert reason.message.endswith(
        "; 1200000.00 capped at the entity limit of 1000000.00 (the Yanjin measures))")
    assert check_loan_terms(loan("L-E", big, "1000000", on, annual_rate="0.0435"), yanjin)


def test_top_up_loan_of_2021() -> None:
    """2021: a lifted-out household may borrow 8万 (cap 10万); the seed would refuse it."""
    top_up = loan("L-T", member("T", household=None), "80000", START)
    decision = check_loan_terms(top_up, N2021)
    assert decision
    assert decision.findings[0].message == (
        "principal 80000.00 is within the limit of 100000.00 (银保监发〔2021〕6号, inclusive)")
    assert not check_loan_terms(attrs.evolve(top_up, annual_rate="0.0435"))


# --- rate notes ------------------------------------------------------------------------------


def test_rate_unconfirmed_note_ends_the_findings() -> None:
    """The PBoC table is confirmed through 2021-01-01: a seed loan of 2021-06-01 (12 months,
    4.35 %) gets a sixth, passed finding RATE_UNCONFIRMED after RATE_ABOVE_BENCHMARK; a loan of
    2016 gets none. LPR (2021 preset) is confirmed through 2026-03-20."""
    late = loan("L-1", member("A"), "50000", D(2021, 6, 1), annual_rate="0.0435")
    decision = check_loan_terms(late)
    assert [r.code for r in decision.findings][-2:] == [C.RATE_ABOVE_BENCHMARK,
                                                         C.RATE_UNCONFIRMED]
    assert decision.findings[-1].passed
    assert "2021-01-01" in decision.findings[-1].message
    assert bool(decision)
    early = attrs.evolve(late, start_date=D(2016, 6, 1), maturity_date=D(2017, 6, 1))
    assert len(check_loan_terms(early).findings) == 5
    lpr_late = loan("L-2", member("A", None), "50000", D(2026, 6, 1), annual_rate="0.03")
    assert check_loan_terms(lpr_late, N2021).findings[-1].code is C.RATE_UNCONFIRMED
    lpr_ok = loan("L-3", member("A", None), "50000", D(2026, 3, 2), annual_rate="0.03")
    assert check_loan_terms(lpr_ok, N2021).findings[-1].code is C.RATE_ABOVE_BENCHMARK


# --- schedules ---------------------------------------------------------------------------------

LATER = attrs.evolve(
    DEFAULT_POLICY,
    document=PolicyDocument(id="x-county-2021", title="X县2021年小额信贷办法",
                            short_name="the 2021 rules", short_name_zh="2021年办法"),
    citations={},
    effective_from=D(2021, 1, 1),
    max_age=60,
    max_loan_amount=100000,
    filing_working_days=10,
    age_reached_on_birthday=False,
)
SCHEDULE = PolicySchedule([DEFAULT_POLICY, LATER])


def test_eligibility_selects_by_on() -> None:
    """Born 1960-03-01: 60 on 2020-12-31 (seed max 65: granted) and on 2021-01-01 (the 2021 rules:
    max 60, still 60: granted); on 2021-03-02 61 > 60 (refused, article None, the 2021 rules)."""
    p = NaturalPerson(id="P", birth_date=D(1960, 3, 1), registered_poor=True)
    assert check_eligibility(p, D(2020, 12, 31), SCHEDULE).policy_id == "x-county-measures"
    assert check_eligibility(p, D(2021, 1, 1), SCHEDULE).policy_id == "x-county-2021"
    d = check_eligibility(p, D(2021, 3, 2), SCHEDULE)
    assert d.codes == (C.AGE_ABOVE_LIMIT,)
    assert d.reasons[0].article is None
    assert d.reasons[0].message == (
        "age 61 on 2021-03-02 is above the limit of 60 (the 2021 rules, inclusive)")


def test_age_on_reads_the_schedule_on_the_day() -> None:
    """Born 2003-01-01: the seed counts 18 on the birthday 2021-01-01... but from 2021-01-01 the
    later policy reaches a new age the day after: 17 on 2021-01-01, 18 on 2021-01-02."""
    born = D(2003, 1, 1)
    assert age_on(born, D(2020, 12, 31), SCHEDULE) == 17
    assert age_on(born, D(2021, 1, 1), SCHEDULE) == 17
    assert age_on(born, D(2021, 1, 2), SCHEDULE) == 18
    assert age_on(born, D(2021, 1, 1)) == 18
    with pytest.raises(InvalidInputError, match="policy"):
        age_on(born, D(2021, 1, 1), "x-county-measures")  # type: ignore[arg-type]


def test_loan_terms_select_by_start_date() -> None:
    """80 000 made on 2020-12-31: the seed's 5万 (refused); on 2021-01-04: the 2021 rules' 10万."""
    p = member("A", None)
    before = loan("L-1", p, "80000", D(2020, 12, 31), annual_rate="0.0435")
    after = loan("L-2", p, "80000", D(2021, 1, 4), annual_rate="0.0435")
    d1, d2 = check_loan_terms(before, SCHEDULE), check_loan_terms(after, SCHEDULE)
    assert (d1.policy_id, d1.codes) == ("x-county-measures", (C.AMOUNT_ABOVE_LIMIT,))
    assert (d2.policy_id, bool(d2)) == ("x-county-2021", True)


def test_filing_selects_by_the_loan_date() -> None:
    """Loan date 2021-01-04 (a Monday): the 2021 rules' 10 working days end on 2021-01-18
    (Jan 5-8, 11-15, 18); the seed's 15 on 2021-01-25. The decision names the document."""
    assert filing_deadline(D(2021, 1, 4), SCHEDULE) == D(2021, 1, 18)
    assert filing_deadline(D(2021, 1, 4)) == D(2021, 1, 25)
    app = Application(loan=loan("L-1", member("A"), "50000", D(2021, 1, 4)),
                      filed_on=D(2021, 1, 19))
    d = check_disbursement(app, SCHEDULE)
    assert d.policy_id == "x-county-2021"
    assert d.findings[-1].code is C.FILING_LATE
    assert not d.findings[-1].passed
    assert d.findings[-1].article is None


def test_documents_select_by_on_and_the_last_policy() -> None:
    p = member("A")
    assert check_documents([], p, SCHEDULE).policy_id == "x-county-2021"
    old = check_documents([], p, SCHEDULE, on=D(2020, 6, 1))
    assert old.policy_id == "x-county-measures"
    assert old.reasons[0].article == "Art. 28"
    assert check_documents([], p, SCHEDULE).reasons[0].article is None


def test_portfolio_selects_by_on() -> None:
    a = member("A", None)
    loans = [loan("L-1", a, "80000", D(2021, 2, 1))]
    d = check_portfolio(loans, [a], D(2021, 6, 30), SCHEDULE)
    assert d.policy_id == "x-county-2021"
    assert [r.passed for r in d.findings if r.code is C.DUPLICATE_ENTITLEMENT] == [True]
    # the same book judged under the seed: 80 000 is above its 5万 household limit
    assert not check_portfolio(loans, [a], D(2021, 6, 30))
    m = portfolio_metrics(loans, [a], D(2021, 6, 30), SCHEDULE)
    assert m.policy_id == "x-county-2021"
    assert m.total.coverage_rate == Decimal("1.0000")
    with pytest.raises(InvalidInputError) as info:
        check_portfolio(loans, [a], D(1999, 1, 1), PolicySchedule([LATER]))
    assert info.value.field == "on"


def test_entity_limit_selects_by_on_and_capacity_takes_one_policy() -> None:
    people = [member(f"P{i}", None) for i in range(2)]
    e = LegalEntity(id="E", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
        DrivingAgreement(household=p, signed_on=D(2020, 1, 1)) for p in people])
    assert entity_credit_limit(e, D(2020, 12, 31), SCHEDULE) == Decimal("100000.00")
    assert entity_credit_limit(e, D(2021, 1, 1), SCHEDULE) == Decimal("200000.00")
    assert lending_capacity("credit_union", PolicySchedule([DEFAULT_POLICY])) == Decimal(
        "150000000.00")
    assert poverty_relending_rate("0.0275", PolicySchedule([DEFAULT_POLICY])) == Decimal("0.0175")
    with pytest.raises(InvalidInputError, match="schedule of one policy"):
        lending_capacity("credit_union", SCHEDULE)
