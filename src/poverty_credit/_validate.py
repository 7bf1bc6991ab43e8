"""Validation helpers shared by the models and the policy: collect every problem of one input."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from poverty_credit._money import (
    _CONTEXT,
    FEN,
    MAX_AMOUNT,
    describe,
    describe_zh,
    safe_repr,
)
from poverty_credit.errors import InvalidInputError, Problem, ProblemCode

E = TypeVar("E", bound=enum.Enum)


class _Unreadable:
    """The value :func:`~poverty_credit.from_dict` hands a model for a field it could not read.

    The model then checks every *other* field (and every rule between readable fields), so one
    error lists every problem of a record at once; a :class:`Checker` treats the marker as an
    invalid field already reported. The half-built instance is never returned to anyone.
    """

    def __repr__(self) -> str:
        return "<unreadable>"


UNREADABLE = _Unreadable()


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
    article = "an" if kind.__name__[:1] in "AEIOU" else "a"
    raise InvalidInputError.single(
        field,
        f"must be {article} {kind.__name__}, one of {allowed} (got {describe(value)})",
        ProblemCode.NOT_A_MEMBER,
        f"应为 {kind.__name__} 的取值之一：{allowed}（{describe_zh(value)}）",
    )


def as_int(value: object, field: str, low: int | None = None, high: int | None = None) -> int:
    """An ``int`` (not a ``bool``) within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError.single(
            field,
            f"must be an int (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为整数（{describe_zh(value)}）",
        )
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            bound, bound_zh = f">= {low}", f"不小于 {low}"
        elif low is None:
            bound, bound_zh = f"<= {high}", f"不大于 {high}"
        else:
            bound, bound_zh = f"between {low} and {high}", f"在 {low} 到 {high} 之间"
        shown = safe_repr(value)  # a huge int is shown by its size
        raise InvalidInputError.single(
            field,
            f"must be {bound} (got {shown})",
            ProblemCode.OUT_OF_RANGE,
            f"应{bound_zh}（实际为 {shown}）",
        )
    return value


def as_bool(value: object, field: str) -> bool:
    """A real ``bool`` (files are parsed by the CLI and :func:`from_dict`, not here)."""
    if not isinstance(value, bool):
        raise InvalidInputError.single(
            field,
            f"must be a bool (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为布尔值 true 或 false（{describe_zh(value)}）",
        )
    return value


def as_text(value: object, field: str) -> str:
    """A non-empty, non-blank ``str``."""
    if not isinstance(value, str):
        raise InvalidInputError.single(
            field,
            f"must be a non-empty str (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为非空字符串（{describe_zh(value)}）",
        )
    if not value.strip():
        raise InvalidInputError.single(
            field,
            f"must be a non-empty str (got {describe(value)})",
            ProblemCode.BLANK,
            f"不能为空（{describe_zh(value)}）",
        )
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
            raise InvalidInputError.single(
                field,
                f"must be {what} (got {describe(value)})",
                ProblemCode.WRONG_TYPE,
                f"类型错误，应为 {what}（{describe_zh(value)}）",
            )
        return value

    return parse_instance


# --------------------------------------------------------------------------------------------
# quick parsers: the general parser's result for the everyday inputs, without its checks of
# every other kind of input. Each returns ``None`` where only the general parser can tell (any
# other type, text with spaces or a sign, a value it would refuse): the caller then runs it.
# ``tests/test_fast_models_claims.py`` proves them equal to the general parsers on random input.

#: the longest digit text read quickly (at most 40 digits: every result stays exact in the
#: 50-digit context, as the general parsers' results do)
_QUICK_TEXT = 40
_NOUGHT = Decimal(0)
_MAX_YUAN = int(MAX_AMOUNT)


def _digits(text: str) -> tuple[str, str] | None:
    """The whole and the decimal digits of ASCII text written ``123``, ``123.45``, ``.5`` or
    ``5.``, or ``None`` for any other text."""
    if len(text) > _QUICK_TEXT or not text.isascii():
        return None
    whole, _, decimals = text.partition(".")
    if (whole.isdigit() or (not whole and decimals)) and (not decimals or decimals.isdigit()):
        return whole, decimals
    return None


def quick_money(value: object) -> Decimal | None:
    """:func:`~poverty_credit._money.parse_money` of a positive ``Decimal`` or ``int`` below the
    largest amount, or of digit text (``"30000"``, ``"0.5"``) with at most two decimals; ``None``
    for anything else."""
    kind = type(value)
    if kind is str:
        parts = _digits(value)  # type: ignore[arg-type]  # a str: its type was checked
        if parts is None or len(parts[1]) > 2:
            return None
        # the digits with two decimals: what quantizing to the fen gives (exponent -2)
        amount = Decimal(f"{parts[0]}.{parts[1]:0<2}")
        return amount if 0 < amount < MAX_AMOUNT else None
    if kind is int:
        if not 0 < value < _MAX_YUAN:  # type: ignore[operator]  # an int: its type was checked
            return None
        return Decimal(f"{value}.00")
    if kind is Decimal:
        number: Decimal = value  # type: ignore[assignment]  # a Decimal: its type was checked
        if not number.is_finite() or not 0 < number < MAX_AMOUNT:
            return None
        fen = number.quantize(FEN, context=_CONTEXT)
        return fen if fen == number else None  # positive: adding 0.00 changes nothing
    return None


def quick_fraction(value: object, *, upper_inclusive: bool = False) -> Decimal | None:
    """:func:`~poverty_credit._money.parse_fraction` of a ``Decimal`` or of digit text
    (``"0.0435"``) within the bounds; ``None`` for anything else."""
    kind = type(value)
    if kind is str:
        if _digits(value) is None:  # type: ignore[arg-type]  # a str: its type was checked
            return None
        # exponent <= 0, no sign, at most 40 digits: adding 0 changes nothing
        number = Decimal(value)  # type: ignore[arg-type]
    elif kind is Decimal:
        number = value  # type: ignore[assignment]  # a Decimal: its type was checked
        if not number.is_finite():
            return None
    else:
        return None
    if number < 0 or (number > 1 if upper_inclusive else number >= 1):
        return None
    return number if kind is str else _CONTEXT.add(number, _NOUGHT)


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
        value = getattr(self.obj, name)
        if value is UNREADABLE:
            return False
        try:
            object.__setattr__(self.obj, name, parse(value, name))
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
        if value is UNREADABLE:
            return False
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            self.problem(
                name,
                f"must be a collection (got {describe(value)})",
                ProblemCode.WRONG_TYPE,
                f"应为列表等集合（{describe_zh(value)}）",
            )
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

    def problem(
        self,
        field: str,
        message: str,
        code: ProblemCode = ProblemCode.INVALID_VALUE,
        message_zh: str = "",
    ) -> None:
        """Record a problem that concerns several fields together."""
        self.problems.append(Problem(field, message, code, message_zh))

    def done(self) -> None:
        """Raise one :class:`InvalidInputError` with every problem found, if any."""
        if self.problems:
            raise InvalidInputError(self.problems)
