"""validate(record, policy): what only the policy knows, caught at the boundary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given

import poverty_credit as pc
from poverty_credit import (
    DEFAULT_POLICY,
    Application,
    CompensationClaim,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    ProblemCode,
    validate,
)
from strategies import loans, policies

PERSON = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)


def _loan(**changes: Any) -> Loan:
    args: dict[str, Any] = {
        "id": "L-1", "borrower": PERSON, "lender": "credit_union", "principal": "50000",
        "start_date": dt.date(2026, 3, 2), "maturity_date": dt.date(2027, 3, 2),
        "annual_rate": "0.0435"}
    return Loan(**{**args, **changes})


def _problems(record: object, policy: object = DEFAULT_POLICY, **kw: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as err:
        validate(record, policy, **kw)  # type: ignore[arg-type]
    return [(p.path, p.code.value) for p in err.value.problems]


def test_a_good_loan_is_returned_as_is() -> None:
    loan = _loan()
    assert validate(loan) is loan
    assert validate(Application(loan=loan), on=dt.date(2026, 3, 2)).loan is loan


def test_unknown_lender_of_a_loan_an_application_and_a_claim() -> None:
    """Art. 7 names two lenders; "county_bank" passes from_dict and used to fail in a rule."""
    loan = _loan(lender="county_bank")
    assert _problems(loan) == [("lender", "UNKNOWN_LENDER")]
    assert _problems(Application(loan=loan)) == [("loan.lender", "UNKNOWN_LENDER")]
    claim = CompensationClaim(loan=loan, due_date=dt.date(2027, 3, 2), unpaid_principal="100",
                              unpaid_interest="0", notice_start=dt.date(2027, 6, 1),
                              notice_end=dt.date(2027, 6, 8))
    assert _problems(claim) == [("loan.lender", "UNKNOWN_LENDER")]


def test_lender_known_to_another_policy() -> None:
    policy = attrs.evolve(DEFAULT_POLICY, fund_allocations={"county_bank": "1000000"})
    loan = _loan(lender="county_bank")
    assert validate(loan, policy) is loan
    assert _problems(_loan(), policy) == [("lender", "UNKNOWN_LENDER")]


def test_loan_older_than_the_rate_table() -> None:
    """The PBoC table shipped starts on 2011-07-07: a 2010 loan has no benchmark rate."""
    loan = _loan(start_date=dt.date(2010, 1, 4), maturity_date=dt.date(2011, 1, 4))
    assert _problems(loan) == [("start_date", "RATE_NOT_FOUND")]
    with pytest.raises(pc.RateNotFound):
        pc.check_loan_terms(loan)  # what the rule would have raised later


def test_filing_year_without_calendar_data() -> None:
    """The built-in calendar ends in 2026: the filing deadline of a 2030 loan cannot be known."""
    loan = _loan(start_date=dt.date(2030, 3, 1), maturity_date=dt.date(2031, 3, 1))
    app = Application(loan=loan, filed_on=dt.date(2030, 3, 5))
    assert _problems(app) == [("loan.start_date", "CALENDAR_DATA_MISSING")]


def test_term_beyond_the_calendar() -> None:
    loan = _loan(start_date=dt.date(9998, 1, 1), maturity_date=dt.date(9999, 12, 31))
    assert _problems(loan) == [("start_date", "DATE_OUT_OF_RANGE")]


def test_loan_beyond_the_subsidy_years() -> None:
    """The subsidy rules take years 1900-2200: a loan of 9990 passes the loan-term rule but could
    not be subsidised; the subsidy's own "year" argument is reported at the loan's start date."""
    loan = _loan(start_date=dt.date(9990, 1, 1), maturity_date=dt.date(9990, 6, 1))
    with pytest.raises(InvalidInputError) as err:
        validate(loan)
    (problem,) = err.value.problems
    assert (problem.path, problem.code) == ("start_date", ProblemCode.OUT_OF_RANGE)
    assert problem.message.startswith("year: must be between 1900 and 2200")


def test_evaluation_date_before_birth() -> None:
    assert _problems(_loan(), on=dt.date(1970, 1, 1)) == [("on", "DATE_ORDER")]
    assert _problems(PERSON, on=dt.date(1970, 1, 1)) == [("on", "DATE_ORDER")]
    assert validate(PERSON, on=dt.date(2026, 1, 1)) is PERSON


def test_claim_dry_run_on_a_date() -> None:
    claim = CompensationClaim(loan=_loan(),
                              due_date=dt.date(9999, 12, 1), unpaid_principal="1",
                              unpaid_interest="0", notice_start=dt.date(9999, 12, 2),
                              notice_end=dt.date(9999, 12, 20))
    assert _problems(claim, on=dt.date(9999, 12, 31)) == [("due_date", "DATE_OUT_OF_RANGE")]
    assert validate(claim) is claim  # without a date the claim rule is not run


def test_entity_is_validated_with_its_households() -> None:
    entity = LegalEntity(id="E", name="社", kind="cooperative",
                         agreements=[pc.DrivingAgreement(household=PERSON,
                                                         signed_on=dt.date(2026, 1, 1))])
    assert validate(entity, on=dt.date(2026, 6, 1)) is entity


def test_dicts_are_read_first_and_all_their_problems_reported() -> None:
    data = pc.to_dict(_loan())
    data["principal"] = 1.5
    data["lender"] = "county_bank"
    assert _problems(data, cls=Loan) == [("principal", "WRONG_TYPE")]  # shape before policy
    data["principal"] = "1"
    assert _problems(data, cls=Loan) == [("lender", "UNKNOWN_LENDER")]
    assert _problems(data) == [("cls", "REQUIRED")]


@pytest.mark.parametrize(
    ("args", "kw", "expected"),
    [
        ((5,), {}, [("", "WRONG_TYPE")]),
        ((_loan(), "x"), {}, [("policy", "WRONG_TYPE")]),
        ((_loan(),), {"on": "2026-01-01"}, [("on", "WRONG_TYPE")]),
        ((object(), 0), {"on": 3}, [("policy", "WRONG_TYPE"), ("on", "WRONG_TYPE"),
                                    ("", "WRONG_TYPE")]),
    ],
)
def test_wrong_arguments(args: tuple[Any, ...], kw: dict[str, Any],
                         expected: list[tuple[str, str]]) -> None:
    with pytest.raises(InvalidInputError) as err:
        validate(*args, **kw)
    assert [(p.path, p.code.value) for p in err.value.problems] == expected


def test_other_records_pass_through() -> None:
    decision = pc.check_loan_terms(_loan())
    assert validate(decision) is decision
    assert validate(DEFAULT_POLICY) is DEFAULT_POLICY


@given(loans(), policies())
def test_a_validated_loan_never_raises_in_the_rules(loan: Loan, policy: pc.Policy) -> None:
    """The promise of validate: after it passes, the loan rules give verdicts, not exceptions."""
    codes: set[ProblemCode] = set()
    try:
        validate(loan, policy)
    except InvalidInputError as exc:
        codes = {p.code for p in exc.problems}
    if codes:
        assert codes <= {ProblemCode.UNKNOWN_LENDER, ProblemCode.RATE_NOT_FOUND}
        return
    pc.check_loan_terms(loan, policy)
    pc.subsidy_schedule(loan, policy)
    pc.lending_capacity(loan.lender, policy)


def test_policy_paths_of_a_rule_are_kept() -> None:
    """A rule naming a policy parameter (an unset one, after the policy rework) is reported at
    the parameter, not at the record."""
    from poverty_credit.errors import Problem
    from poverty_credit.validation import _rebased

    problem = Problem("policy.max_term_years", "is not set by national-2026")
    assert _rebased(problem, _loan(), "", "start_date") is problem
    moved = _rebased(Problem("loan.principal", "x"), _loan(), "loan", "loan.start_date")
    assert moved.path == "loan.principal"


@pytest.mark.parametrize("name", ["national-2026", "national-2021"])
def test_a_preset_without_lenders_is_parameter_unset(name: str) -> None:
    """The national documents set no fund allocations: a county extends them with its own."""
    problems = _problems(_loan(), pc.preset(name))
    assert problems == [("policy.fund_allocations", "PARAMETER_UNSET")]


def test_a_schedule_is_accepted_and_its_contract_policy_checked() -> None:
    """qingyang-2024 is a schedule; its policies set no allocations either."""
    schedule = pc.preset_schedule("qingyang-2024")
    assert _problems(_loan(), schedule) == [("policy.fund_allocations", "PARAMETER_UNSET")]
    with_lenders = pc.PolicySchedule([
        attrs.evolve(p, fund_allocations={"credit_union": "1000000"}) for p in schedule])
    assert _problems(_loan(lender="postal_savings"), with_lenders) == [
        ("lender", "UNKNOWN_LENDER")]


def test_age_on_takes_a_schedule() -> None:
    schedule = pc.PolicySchedule([
        DEFAULT_POLICY,
        attrs.evolve(DEFAULT_POLICY, effective_from=dt.date(2026, 1, 1),
                     age_reached_on_birthday=False),
    ])
    born = dt.date(1980, 5, 1)
    assert pc.age_on(born, dt.date(2025, 5, 1), schedule) == 45  # reached on the birthday
    assert pc.age_on(born, dt.date(2026, 5, 1), schedule) == 45  # the day after, from 2026
    assert pc.age_on(born, dt.date(2026, 5, 2), schedule) == 46


def test_a_parameter_a_rule_needs_is_parameter_unset() -> None:
    """national-2026 sets no term limit: check_loan_terms would raise, validate reports it."""
    policy = attrs.evolve(pc.preset("national-2026"), fund_allocations={"credit_union": "1"})
    with pytest.raises(InvalidInputError) as err:
        validate(_loan(), policy)
    (problem,) = err.value.problems
    assert (problem.path, problem.code) == ("policy.max_term_years", ProblemCode.PARAMETER_UNSET)
    assert problem.message_zh == "national-2026 未规定 max_term_years，请以本县的取值扩展该政策"
