"""The error hierarchy.

One root, :class:`PovertyCreditError`; each subclass also subclasses the built-in it means, so
``except ValueError`` keeps working in code that does not know this library.

A rule's *outcome* is never an exception: it is a :class:`~poverty_credit.Decision`. Exceptions are
for bad input (:class:`InvalidInputError`), missing reference data (:class:`CalendarDataMissing`,
:class:`RateNotFound`) and callers who asked for one (:class:`RuleViolation`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from poverty_credit.decision import Decision

__all__ = [
    "CalendarDataMissing",
    "InvalidInputError",
    "PovertyCreditError",
    "Problem",
    "RateNotFound",
    "RuleViolation",
]


class PovertyCreditError(Exception):
    """Root of every error this library raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input: where (a dotted field path) and what.

    >>> Problem("loan.principal", "must be > 0 (got Decimal('0'))")
    Problem(field='loan.principal', message="must be > 0 (got Decimal('0'))")
    """

    field: str
    message: str

    def prefixed(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` put in front of its field path."""
        if not prefix:
            return self
        field = (
            f"{prefix}.{self.field}"
            if self.field and not self.field.startswith("[")
            else (f"{prefix}{self.field}")
        )
        return Problem(field, self.message)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidInputError(PovertyCreditError, ValueError):
    """Input that no rule can judge: a wrong type, an impossible value, an inconsistent record.

    Every problem of one input is collected into one error. ``.problems`` lists them, each with
    its dotted field path (``"loan.repayments[1].on"``); ``.field`` is the first path.

    >>> err = InvalidInputError.single("principal", "must be > 0 (got Decimal('0'))")
    >>> str(err)
    "principal: must be > 0 (got Decimal('0'))"
    >>> err.field
    'principal'
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...] | str) -> None:
        if isinstance(problems, str):
            problems = (Problem("", problems),)
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, field: str, message: str) -> InvalidInputError:
        """One problem at one field."""
        return cls((Problem(field, message),))

    @property
    def field(self) -> str | None:
        """The field path of the first problem (``None`` when it concerns the whole input)."""
        return self.problems[0].field if self.problems and self.problems[0].field else None

    def prefixed(self, prefix: str) -> InvalidInputError:
        """The same problems, with ``prefix`` put in front of every field path."""
        return InvalidInputError([p.prefixed(prefix) for p in self.problems])


class CalendarDataMissing(PovertyCreditError, LookupError):
    """The working-day calendar holds no official schedule for the date asked about.

    Raised instead of guessing from weekends alone: a year without the State Council's schedule
    lacks its holidays and adjusted working weekends (调休).
    """


class RateNotFound(PovertyCreditError, LookupError):
    """No rate table entry is in force on the date (or for the tier) asked about."""


class RuleViolation(PovertyCreditError):
    """Raised by :meth:`Decision.raise_if_denied`; ``.decision`` holds the full explanation."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        codes = ", ".join(r.code.value for r in decision.reasons)
        super().__init__(f"denied: {codes}")
