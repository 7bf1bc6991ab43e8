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
    Problem,
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


# --- what mutation testing found unpinned (issue 14)

_D = DEFAULT_POLICY
#: a claim on the good loan: due at maturity, a week's notice in June 2027
_CLAIM = CompensationClaim(loan=_loan(), due_date=dt.date(2027, 3, 2), unpaid_principal="100",
                           unpaid_interest="0", notice_start=dt.date(2027, 6, 1),
                           notice_end=dt.date(2027, 6, 8))


def _raised(record: object, policy: object = DEFAULT_POLICY, **kw: Any) -> tuple[Problem, ...]:
    with pytest.raises(InvalidInputError) as err:
        validate(record, policy, **kw)  # type: ignore[arg-type]
    return err.value.problems


def _unset(name: str) -> Problem:
    """What Policy.need says of a parameter the seed (x-county-measures, SPEC part C) leaves
    unset, as validate codes it."""
    return Problem(
        f"policy.{name}",
        f"x-county-measures does not set {name}; extend it with your county's value",
        ProblemCode.PARAMETER_UNSET,
        f"x-county-measures 未规定 {name}，请以本县的取值扩展该政策",
    )


def test_the_wrong_argument_messages_are_pinned() -> None:
    """describe(5) is "5, an int", describe_zh(5) "实际为 5（int 类型）"; 'x' is "'x', a str"."""
    assert _raised(5) == (Problem(
        "", "must be a record of poverty_credit or a dict of one (got 5, an int)",
        ProblemCode.WRONG_TYPE, "应为本库的记录或其字典（实际为 5（int 类型））"),)
    assert _raised(_loan(), "x") == (Problem(
        "policy", "must be a Policy or a PolicySchedule (got 'x', a str)",
        ProblemCode.WRONG_TYPE, "应为 Policy 或 PolicySchedule（实际为 'x'（str 类型））"),)
    assert _raised({"id": "L-1"}) == (Problem(
        "cls", "is needed to read a dict: give the model class, e.g. cls=Loan",
        ProblemCode.REQUIRED, "读取字典时须指明模型类，例如 cls=Loan"),)


@attrs.frozen
class _Foreign:
    """An attrs class of another package: not a record of poverty_credit."""

    x: int = 0


@pytest.mark.parametrize("value", [_Foreign(), ProblemCode.WRONG_TYPE],
                         ids=["foreign-attrs", "not-attrs-of-the-package"])
def test_a_record_is_an_attrs_class_of_the_package(value: object) -> None:
    """Both conditions: an attrs class from elsewhere and a class of poverty_credit that is not
    an attrs class (an enum member) are no records."""
    assert _problems(value) == [("", "WRONG_TYPE")]


def test_unknown_lender_message() -> None:
    """SPEC: the Measures' two lenders are "credit_union" and "postal_savings" (in that order),
    DEFAULT_POLICY.document.id is "x-county-measures"; each is shown by its repr."""
    assert _raised(_loan(lender="county_bank")) == (Problem(
        "lender",
        "is not a lender of x-county-measures, one of 'credit_union', 'postal_savings' "
        "(got 'county_bank', a str)",
        ProblemCode.UNKNOWN_LENDER,
        "不是 x-county-measures 的贷款机构，应为 'credit_union', 'postal_savings' 之一"
        "（实际为 'county_bank'（str 类型））"),)


def test_rate_not_found_message_and_path_in_an_application() -> None:
    """The lending table's title (its "# title:" line) and first row (2011-07-07) are those of
    data/rates/pboc_lending.csv; a 2010-01-04 loan is before it."""
    inner = ("PBoC benchmark lending rates (人民币贷款基准利率), % a year, by term band: "
             "no rate on 2010-01-04, the table starts on 2011-07-07")
    loan = _loan(start_date=dt.date(2010, 1, 4), maturity_date=dt.date(2011, 1, 4))
    expected = Problem("start_date", f"has no benchmark rate in force under this policy ({inner})",
                       ProblemCode.RATE_NOT_FOUND, f"按此政策，该日期没有有效的基准利率（{inner}）")
    assert _raised(loan) == (expected,)
    assert _raised(Application(loan=loan)) == (attrs.evolve(expected, path="loan.start_date"),)


def test_calendar_data_missing_message() -> None:
    """validate's words around what the rule raises (the calendar's own words name the package
    version, so they are taken from the rule)."""
    loan = _loan(start_date=dt.date(2030, 3, 1), maturity_date=dt.date(2031, 3, 1))
    app = Application(loan=loan, filed_on=dt.date(2030, 3, 5))
    with pytest.raises(pc.CalendarDataMissing) as err:
        pc.check_disbursement(app)
    inner = str(err.value)
    assert inner.startswith("no official working-day schedule for 2030-03-02")  # the day after
    assert _raised(app) == (Problem(
        "loan.start_date", f"needs working-day data the calendar does not hold ({inner})",
        ProblemCode.CALENDAR_DATA_MISSING, f"所需年份没有官方工作日安排数据（{inner}）"),)


def test_a_rule_problem_on_a_field_keeps_its_words_under_the_prefix() -> None:
    """check_loan_terms: latest maturity = start + max_term_years (3) = 9998 + 3 = 10001 > 9999,
    refused at its "loan.start_date"; in an application that is the loan's start date."""
    app = Application(loan=_loan(start_date=dt.date(9998, 1, 1),
                                 maturity_date=dt.date(9999, 12, 31)))
    assert _raised(app) == (Problem(
        "loan.start_date",
        "9998-01-01 + 3 years is beyond the dates Python can hold (0001-01-01 to 9999-12-31)",
        ProblemCode.DATE_OUT_OF_RANGE,
        "9998-01-01加3年超出可表示的日期范围（0001-01-01至9999-12-31）"),)


def test_a_rule_argument_is_reported_at_the_date_with_its_name() -> None:
    """The subsidy's year 9990 is outside 1900-2200 (as_int's words, both languages), reported
    at the loan's start date with the rule's path "year" in front."""
    loan = _loan(start_date=dt.date(9990, 1, 1), maturity_date=dt.date(9990, 6, 1))
    assert _raised(loan) == (Problem(
        "start_date", "year: must be between 1900 and 2200 (got 9990)",
        ProblemCode.OUT_OF_RANGE, "year：应在 1900 到 2200 之间（实际为 9990）"),)


def test_the_evaluation_date_is_reported_as_is() -> None:
    """age_on refuses a date before the birth (1980-05-01) at "on", validate's own argument: the
    problem is not moved nor its message prefixed."""
    expected = (Problem("on", "is before the birth date 1980-05-01 (got 1970-01-01)",
                        ProblemCode.DATE_ORDER, "早于出生日期1980-05-01（实际为1970-01-01）"),)
    assert _raised(_loan(), on=dt.date(1970, 1, 1)) == expected
    assert _raised(PERSON, on=dt.date(1970, 1, 1)) == expected


def test_the_borrower_of_an_application_and_a_claim_is_checked_on_the_date() -> None:
    """The borrower's eligibility is dry-run for the loan inside an application or a claim too
    (the claim rule would say something else: "on" before the loan's start)."""
    assert _problems(Application(loan=_loan()), on=dt.date(1970, 1, 1)) == [("on", "DATE_ORDER")]
    assert _problems(_CLAIM, on=dt.date(1970, 1, 1)) == [("on", "DATE_ORDER")]


def test_a_lender_unknown_to_a_later_policy_of_the_subsidy() -> None:
    """A schedule: the seed, then from 2026-06-01 (switching existing contracts) a policy that
    knows only postal_savings. The contract's policy (the seed) knows credit_union, the terms are
    judged on the start date, but the subsidy from June 2026 is under the later policy:
    subsidy_schedule refuses the lender at "loan.lender" (require_lender's words, no Chinese of
    its own: the code's description in front)."""
    later = attrs.evolve(_D, effective_from=dt.date(2026, 6, 1), existing_contracts="switch",
                         fund_allocations={"postal_savings": "5000000"})
    message = "must be a lender of the policy, one of 'postal_savings' (got 'credit_union', a str)"
    assert _raised(Application(loan=_loan()), pc.PolicySchedule([_D, later])) == (Problem(
        "loan.lender", message, ProblemCode.INVALID_VALUE, f"取值无效：{message}"),)


def test_a_set_parameter_a_rule_refuses_is_not_parameter_unset() -> None:
    """From 2026-06-01 a policy settling once a year governs the loan (switch): both policies
    set subsidy_cycle, so the subsidy's refusal keeps its own code."""
    yearly = attrs.evolve(_D, effective_from=dt.date(2026, 6, 1), existing_contracts="switch",
                          subsidy_cycle="year")
    (problem,) = _raised(_loan(), pc.PolicySchedule([_D, yearly]))
    assert (problem.path, problem.code) == ("policy.subsidy_cycle", ProblemCode.INVALID_VALUE)


@pytest.mark.parametrize(
    ("record", "name", "on"),
    [
        (_loan(), "subsidy_cycle", None),  # subsidy_schedule needs it, check_loan_terms not
        (Application(loan=_loan()), "filing_working_days", None),  # check_disbursement
        (_CLAIM, "min_notice_days", dt.date(2027, 7, 1)),  # check_claim
        (PERSON, "min_age", dt.date(2026, 6, 1)),  # check_eligibility
    ],
    ids=["subsidy", "disbursement", "claim", "eligibility"],
)
def test_each_rule_is_dry_run_with_the_policy_given(record: object, name: str,
                                                    on: dt.date | None) -> None:
    """The seed with one parameter unset: only the rule that needs it refuses, under the policy
    given (the seed itself would pass), and the refusal is PARAMETER_UNSET, words kept."""
    policy = attrs.evolve(_D, **{name: None})
    assert _raised(record, policy, on=on) == (_unset(name),)
    assert validate(record, on=on) is record


def test_a_claim_judged_under_a_later_policy() -> None:
    """The loan matures on 2027-03-02; from 2027-06-01 a policy that knows only postal_savings
    governs existing contracts. The subsidy never reaches it, the claim on 2027-07-01 does:
    check_claim refuses at "claim.loan.lender", the claim's "loan.lender"."""
    later = attrs.evolve(_D, effective_from=dt.date(2027, 6, 1), existing_contracts="switch",
                         fund_allocations={"postal_savings": "5000000"})
    schedule = pc.PolicySchedule([_D, later])
    message = "must be a lender of the policy, one of 'postal_savings' (got 'credit_union', a str)"
    assert _raised(_CLAIM, schedule, on=dt.date(2027, 7, 1)) == (Problem(
        "loan.lender", message, ProblemCode.INVALID_VALUE, f"取值无效：{message}"),)
    assert validate(_CLAIM, schedule) is _CLAIM


def test_a_loan_before_the_schedule_is_reported_at_its_own_start_date() -> None:
    """A loan of 2020-01-06 under a schedule whose first policy starts on 2024-01-01: the
    schedule refuses the day under its own argument name ``on``, but validate was given no
    ``on``: the problem is the loan's ``start_date`` (``loan.start_date`` in an application),
    with the rule's path kept in front of its message, as for any rule argument. Found by
    mutation testing (issue 14); it was reported at ``on``."""
    first = attrs.evolve(DEFAULT_POLICY, effective_from=dt.date(2024, 1, 1))
    schedule = pc.PolicySchedule([first])
    loan = _loan(start_date=dt.date(2020, 1, 6), maturity_date=dt.date(2021, 1, 6))
    with pytest.raises(InvalidInputError) as err:
        schedule.on(dt.date(2020, 1, 6))
    (own,) = err.value.problems  # the schedule's own words, which validate keeps
    assert own.message == ("2020-01-06 is before the first policy of the schedule "
                           "(x-county-measures, from 2024-01-01)")
    (problem,) = _raised(loan, schedule)
    assert (problem.path, problem.code, problem.message, problem.message_zh) == (
        "start_date", own.code, f"on: {own.message}", f"on：{own.message_zh}")
    (in_app,) = _raised(Application(loan=loan), schedule)
    assert (in_app.path, in_app.message) == ("loan.start_date", f"on: {own.message}")
    (with_on,) = _raised(loan, schedule, on=dt.date(2026, 3, 2))
    assert with_on.path == "start_date"  # validate's own on is good: still the loan's date


def test_a_claim_judged_before_its_loan_is_reported_at_validates_on() -> None:
    """check_claim refuses an evaluation date before the loan's start (2026-03-02): that date is
    validate's own ``on``, so the problem stays at ``on`` with the rule's words as they are (not
    moved to the claim's ``due_date`` as a rule's own argument would be)."""
    (problem,) = _raised(_CLAIM, on=dt.date(2026, 1, 5))
    assert (problem.path, problem.message) == (
        "on", "is before the loan's start_date 2026-03-02 (got 2026-01-05); a claim cannot be "
        "judged before the loan exists")
