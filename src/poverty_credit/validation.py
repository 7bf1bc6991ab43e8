"""Validate a record against a policy at the boundary, so that no rule raises later.

:func:`~poverty_credit.from_dict` and the models check what a record can know about itself.
:func:`validate` adds what only the policy (and the shipped data) knows:

* ``UNKNOWN_LENDER`` — the loan's lender has no fund allocation in the policy (Art. 7);
* ``RATE_NOT_FOUND`` — no benchmark rate is in force on the loan's start date (a loan older than
  the policy's rate table);
* ``PARAMETER_UNSET`` — a parameter the rules need that the policy's document does not set (a
  national preset without ``fund_allocations``: extend it with your county's values);
* ``CALENDAR_DATA_MISSING`` — the filing deadline of Art. 17 falls in a year without the State
  Council's working-day schedule;
* any refusal of the rules themselves for this record under this policy (a term that runs beyond
  9999-12-31, a subsidy year outside 1900-2200, a parameter the policy does not set, an evaluation
  date before a birth): the rules the record is subject to are dry-run (loan terms, the subsidy
  schedule, approval and filing, eligibility and the claim rules when ``on`` is given), and what
  they would raise is reported as problems, with its own code, on the record's paths (a rule's own
  argument at the date that led there).

A record that passes :func:`validate` with a policy (and ``on``, when given) can be given to the
rules with that policy without an exception; the verdicts are theirs to give.
"""

from __future__ import annotations

import datetime as _dt
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from poverty_credit._money import describe, describe_zh
from poverty_credit.errors import (
    CalendarDataMissing,
    InvalidInputError,
    Problem,
    ProblemCode,
    RateNotFound,
)
from poverty_credit.models import Application, CompensationClaim, LegalEntity, Loan, NaturalPerson
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.schedule import PolicySchedule, policy_for_contract

__all__ = ["validate"]

T = TypeVar("T")

#: The names the rules give their arguments; a rule's path under one of them is re-rooted at the
#: record validated (``"loan.start_date"`` of ``check_loan_terms`` is a Loan's ``"start_date"``).
_ROOTS = ("application", "claim", "loan", "borrower", "person", "entity")


def _policy_problem(problem: Problem, policy: object) -> Problem:
    """A rule's problem with a policy parameter; coded ``PARAMETER_UNSET`` when the parameter is
    indeed unset (``None``) in the policy or in a policy of the schedule."""
    name = problem.path.removeprefix("policy.").split(".")[0]
    policies = list(policy) if isinstance(policy, PolicySchedule) else [policy]
    unset = [p for p in policies if isinstance(p, Policy) and getattr(p, name, 0) is None]
    if problem.code is ProblemCode.INVALID_VALUE and unset:
        document = unset[0].document.id
        return Problem(
            problem.path, problem.message, ProblemCode.PARAMETER_UNSET,
            f"{document} 未规定 {name}，请以本县的取值扩展该政策",
        )
    return problem


def _rebased(
    problem: Problem, record: object, prefix: str, date_path: str, policy: object = None,
    *, given_on: bool = False,
) -> Problem:
    """A rule's problem on the record's own paths. A path that names no field of the record (a
    rule's own argument, such as the subsidy's ``year``) is reported at ``date_path``, the date
    that led the rule there, with the rule's path kept in the message. ``on`` is validate's own
    argument only where the rule was given validate's ``on`` (``given_on``); a rule that was given
    the record's own date (a schedule asked for the loan's start) names that date instead."""
    path = problem.path
    if (path == "on" and given_on) or path == "policy":  # validate's arguments
        return problem
    if path.startswith("policy."):
        return _policy_problem(problem, policy)
    for root in _ROOTS:
        if path == root or path.startswith((f"{root}.", f"{root}[")):
            path = path[len(root):].lstrip(".")
            break
    fields = {a.name for a in attrs.fields(typing.cast(Any, type(record)))}
    if path and re.split(r"[.\[]", path, maxsplit=1)[0] in fields:
        return Problem(path, problem.message, problem.code, problem.message_zh).prefixed(prefix)
    return Problem(
        date_path,
        f"{problem.path}: {problem.message}" if problem.path else problem.message,
        problem.code,
        f"{problem.path}：{problem.message_zh}" if problem.path else problem.message_zh,
    )


def _dry_run(
    run: Callable[[], object], record: object, prefix: str, date_path: str, policy: object,
    *, given_on: bool = False,
) -> list[Problem]:
    """What ``run`` would raise for bad input, as problems (it succeeded: none); ``given_on``:
    ``run`` was given validate's ``on``."""
    try:
        run()
    except InvalidInputError as exc:
        return [_rebased(p, record, prefix, date_path, policy, given_on=given_on)
                for p in exc.problems]
    except RateNotFound as exc:
        return [Problem(
            date_path, f"has no benchmark rate in force under this policy ({exc})",
            ProblemCode.RATE_NOT_FOUND, f"按此政策，该日期没有有效的基准利率（{exc}）",
        )]
    except CalendarDataMissing as exc:
        return [Problem(
            date_path, f"needs working-day data the calendar does not hold ({exc})",
            ProblemCode.CALENDAR_DATA_MISSING, f"所需年份没有官方工作日安排数据（{exc}）",
        )]
    return []


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _loan_problems(
    loan: Loan, policy: Policy | PolicySchedule, on: _dt.date | None, prefix: str
) -> list[Problem]:
    from poverty_credit.loan_terms import check_loan_terms
    from poverty_credit.subsidy import subsidy_schedule

    start = _join(prefix, "start_date")
    try:
        governing = policy_for_contract(policy, loan.start_date, loan.start_date)
        allocations: Mapping[str, Any] = governing.need("fund_allocations")
    except InvalidInputError as exc:  # a schedule that starts later, allocations unset
        return [_rebased(p, loan, prefix, start, policy) for p in exc.problems]
    if loan.lender not in allocations:
        known = ", ".join(repr(k) for k in allocations)
        return [Problem(
            _join(prefix, "lender"),
            f"is not a lender of {governing.document.id}, one of {known} "
            f"(got {describe(loan.lender)})",
            ProblemCode.UNKNOWN_LENDER,
            f"不是 {governing.document.id} 的贷款机构，应为 {known} 之一"
            f"（{describe_zh(loan.lender)}）",
        )]
    given: Any = policy  # the rules take a schedule wherever SPEC D2 says so; they check it
    problems = _dry_run(lambda: check_loan_terms(loan, given), loan, prefix, start, policy)
    if not problems:
        problems = _dry_run(lambda: subsidy_schedule(loan, given), loan, prefix, start, policy)
    return problems + _borrower_problems(loan.borrower, policy, on, _join(prefix, "borrower"))


def _borrower_problems(
    borrower: NaturalPerson | LegalEntity,
    policy: Policy | PolicySchedule,
    on: _dt.date | None,
    prefix: str,
) -> list[Problem]:
    from poverty_credit.eligibility import check_eligibility

    if on is None:
        return []
    given: Any = policy
    return _dry_run(lambda: check_eligibility(borrower, on, given), borrower, prefix, "on", policy,
                    given_on=True)


def _problems_of(
    record: object, policy: Policy | PolicySchedule, on: _dt.date | None
) -> list[Problem]:
    from poverty_credit.approval import check_disbursement
    from poverty_credit.claims import check_claim

    given: Any = policy
    if isinstance(record, Loan):
        return _loan_problems(record, policy, on, "")
    if isinstance(record, Application):
        problems = _loan_problems(record.loan, policy, on, "loan")
        if not problems:
            problems = _dry_run(
                lambda: check_disbursement(record, given), record, "", "loan.start_date", policy
            )
        return problems
    if isinstance(record, CompensationClaim):
        problems = _loan_problems(record.loan, policy, on, "loan")
        if not problems and on is not None:
            problems = _dry_run(
                lambda: check_claim(record, on, given), record, "", "due_date", policy,
                given_on=True,
            )
        return problems
    if isinstance(record, (NaturalPerson, LegalEntity)):
        return _borrower_problems(record, policy, on, "")
    return []


def validate(
    record: Any,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
    *,
    cls: type[T] | None = None,
    on: _dt.date | None = None,
) -> Any:
    """Return ``record`` (read with :func:`~poverty_credit.from_dict` when it is a dict) if the
    rules can judge it under ``policy``; raise one :class:`InvalidInputError` with every problem
    otherwise.

    Args:
        record: a model (``Loan``, ``Application``, ``CompensationClaim``, ``NaturalPerson``,
            ``LegalEntity``…) or a dict of one (then ``cls`` says which).
        policy: the policy (or the schedule of policies) the rules will be asked to apply; a
            loan's lender is checked against the policy governing its contract.
        cls: the class to read a dict into.
        on: the evaluation date the rules will be asked about (eligibility, claims), if known.

    Returns:
        The validated model.

    Raises:
        InvalidInputError: every problem, coded (``UNKNOWN_LENDER``, ``RATE_NOT_FOUND``,
            ``CALENDAR_DATA_MISSING``, or the code of what a rule would refuse), with paths from
            the record; also for a dict without ``cls`` and for a ``policy`` or ``on`` of the wrong
            type.

    >>> import datetime as dt
    >>> from poverty_credit import InvalidInputError
    >>> record = {"id": "L-1", "lender": "county_bank", "principal": "50000",
    ...           "start_date": "2026-03-02", "maturity_date": "2027-03-02",
    ...           "annual_rate": "0.0435",
    ...           "borrower": {"id": "P-1", "birth_date": "1980-05-01", "registered_poor": True}}
    >>> try:
    ...     validate(record, cls=Loan)
    ... except InvalidInputError as exc:
    ...     print(exc.problems[0].code.value, exc.problems[0].path)
    UNKNOWN_LENDER lender
    >>> record["lender"] = "credit_union"
    >>> validate(record, cls=Loan).lender
    'credit_union'
    """
    from poverty_credit.serialization import from_dict

    problems: list[Problem] = []
    if not isinstance(policy, (Policy, PolicySchedule)):
        problems.append(Problem(
            "policy", f"must be a Policy or a PolicySchedule (got {describe(policy)})",
            ProblemCode.WRONG_TYPE, f"应为 Policy 或 PolicySchedule（{describe_zh(policy)}）",
        ))
    if on is not None:
        try:
            on = require_date(on, "on")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if isinstance(record, Mapping):
        if cls is None:
            problems.append(Problem(
                "cls", "is needed to read a dict: give the model class, e.g. cls=Loan",
                ProblemCode.REQUIRED, "读取字典时须指明模型类，例如 cls=Loan",
            ))
        else:
            try:
                record = from_dict(record, cls)
            except InvalidInputError as exc:
                problems.extend(exc.problems)
    elif not _is_model(record):
        problems.append(Problem(
            "", f"must be a record of poverty_credit or a dict of one (got {describe(record)})",
            ProblemCode.WRONG_TYPE, f"应为本库的记录或其字典（{describe_zh(record)}）",
        ))
    if problems:
        raise InvalidInputError(problems)
    problems = _problems_of(record, policy, on)
    if problems:
        raise InvalidInputError(problems)
    return record


def _is_model(value: object) -> bool:
    return attrs.has(type(value)) and bool(re.match(r"poverty_credit\.", type(value).__module__))
