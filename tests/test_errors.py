"""The error hierarchy and field paths."""

from __future__ import annotations

import pytest

from poverty_credit import (
    CalendarDataMissing,
    Decision,
    InvalidInputError,
    PovertyCreditError,
    Problem,
    RateNotFound,
    RuleViolation,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [(InvalidInputError, ValueError), (CalendarDataMissing, LookupError),
     (RateNotFound, LookupError), (RuleViolation, PovertyCreditError)],
)
def test_hierarchy(error: type[Exception], builtin: type[Exception]) -> None:
    assert issubclass(error, PovertyCreditError)
    assert issubclass(error, builtin)


def test_single_problem() -> None:
    err = InvalidInputError.single("principal", "must be > 0")
    assert err.field == "principal"
    assert str(err) == "principal: must be > 0"
    assert err.problems == (Problem("principal", "must be > 0"),)


def test_whole_input_problem_has_no_field() -> None:
    err = InvalidInputError("not a loan")
    assert err.field is None
    assert str(err) == "not a loan"


def test_several_problems_joined() -> None:
    err = InvalidInputError([Problem("a", "x"), Problem("b", "y")])
    assert str(err) == "a: x; b: y"


@pytest.mark.parametrize(
    ("field", "prefix", "expected"),
    [
        ("principal", "loan", "loan.principal"),
        ("[1].on", "repayments", "repayments[1].on"),  # an index joins without a dot
        ("", "loan", "loan"),  # a problem of the whole record takes the prefix as its path
        ("principal", "", "principal"),
    ],
)
def test_prefixed(field: str, prefix: str, expected: str) -> None:
    assert Problem(field, "m").prefixed(prefix).field == expected
    assert InvalidInputError.single(field, "m").prefixed(prefix).problems[0].field == expected


def test_rule_violation_carries_the_decision() -> None:
    decision = Decision(findings=())
    assert RuleViolation(decision).decision is decision
