"""Validation helpers shared by the models and the policy: collect every problem of one input."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from poverty_credit._money import describe
from poverty_credit.errors import InvalidInputError, Problem

E = TypeVar("E", bound=enum.Enum)


def as_enum(kind: type[E], value: object, field: str) -> E:
    """A member of ``kind`` given as the member, its value or its name (any case)."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        text = value.strip()
        for member in kind:
            if text == member.value or text.upper() == member.name:
                return member
        for member in kind:
            if text.lower() == str(member.value).lower():
                return member
    allowed = ", ".join(repr(m.value) for m in kind)
    raise InvalidInputError.single(
        field, f"must be a {kind.__name__}, one of {allowed} (got {describe(value)})"
    )


def as_int(value: object, field: str, low: int | None = None, high: int | None = None) -> int:
    """An ``int`` (not a ``bool``) within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError.single(field, f"must be an int (got {describe(value)})")
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            bound = f">= {low}"
        elif low is None:
            bound = f"<= {high}"
        else:
            bound = f"between {low} and {high}"
        raise InvalidInputError.single(field, f"must be {bound} (got {value!r})")
    return value


def as_bool(value: object, field: str) -> bool:
    """A real ``bool`` (files are parsed by the CLI and :func:`from_dict`, not here)."""
    if not isinstance(value, bool):
        raise InvalidInputError.single(field, f"must be a bool (got {describe(value)})")
    return value


def as_text(value: object, field: str) -> str:
    """A non-empty, non-blank ``str``."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError.single(field, f"must be a non-empty str (got {describe(value)})")
    return value


def optional(parse: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """Accept ``None`` as is; parse anything else."""

    def parse_optional(value: object, field: str) -> Any:
        return None if value is None else parse(value, field)

    return parse_optional


def instance_of(kind: type | tuple[type, ...], what: str) -> Callable[[Any, str], Any]:
    """Accept instances of ``kind`` only."""

    def parse_instance(value: object, field: str) -> Any:
        if not isinstance(value, kind):
            raise InvalidInputError.single(field, f"must be {what} (got {describe(value)})")
        return value

    return parse_instance


def validate_all(*checks: Callable[[], Any]) -> list[Any]:
    """Run every argument check; raise one :class:`InvalidInputError` with all their problems
    (in argument order), or return their results in order."""
    problems: list[Problem] = []
    results: list[Any] = []
    for check in checks:
        try:
            results.append(check())
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    return results


class Checker:
    """Validate and normalise the fields of a frozen attrs instance, collecting every problem."""

    def __init__(self, obj: object) -> None:
        self.obj = obj
        self.problems: list[Problem] = []

    def field(self, name: str, parse: Callable[[Any, str], Any]) -> bool:
        """Parse ``obj.<name>`` and store the normalised value; return whether it was valid."""
        try:
            object.__setattr__(self.obj, name, parse(getattr(self.obj, name), name))
        except InvalidInputError as exc:
            self.problems.extend(exc.problems)
            return False
        return True

    def items(
        self,
        name: str,
        parse: Callable[[Any, str], Any],
        *,
        container: Callable[[Iterable[Any]], Any],
    ) -> bool:
        """Parse every item of the collection ``obj.<name>`` (paths ``name[i]``)."""
        value = getattr(self.obj, name)
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            self.problem(name, f"must be a collection (got {describe(value)})")
            return False
        parsed: list[Any] = []
        ok = True
        for i, item in enumerate(value):
            try:
                parsed.append(parse(item, f"{name}[{i}]"))
            except InvalidInputError as exc:
                self.problems.extend(exc.problems)
                ok = False
        if ok:
            object.__setattr__(self.obj, name, container(parsed))
        return ok

    def problem(self, field: str, message: str) -> None:
        """Record a problem that concerns several fields together."""
        self.problems.append(Problem(field, message))

    def done(self) -> None:
        """Raise one :class:`InvalidInputError` with every problem found, if any."""
        if self.problems:
            raise InvalidInputError(self.problems)
