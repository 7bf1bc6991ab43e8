"""Money and rates: the one place where amounts are parsed, computed and rounded.

Conventions (SPEC part A):

* money is :class:`~decimal.Decimal` yuan with at most two decimals; accepted as ``Decimal``,
  ``int`` or ``str``; ``float``, ``bool``, NaN, infinities, negatives and non-numeric strings are
  refused with :class:`~poverty_credit.InvalidInputError`;
* rates are ``Decimal`` fractions per year, ``0 <= rate < 1`` (``Decimal("0.0435")`` is 4.35 %);
* results are rounded to the fen with ``ROUND_HALF_UP`` (四舍五入) once, at the end;
* every computation runs in a private decimal context of 50 digits, so the caller's context is
  never read nor changed.
"""

from __future__ import annotations

import decimal
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Decimal

from poverty_credit.errors import InvalidInputError, ProblemCode

__all__ = [
    "FEN",
    "MAX_AMOUNT",
    "ZERO",
    "compute",
    "describe",
    "describe_zh",
    "parse_amount",
    "parse_fraction",
    "parse_money",
    "parse_rate",
    "safe_repr",
    "to_fen",
]

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
#: Amounts at or above this (10^15 yuan) are refused: far beyond any real figure, and it keeps every
#: product of an amount, a day count and a rate exact in the 50-digit context.
MAX_AMOUNT = Decimal(10) ** 15
_NOUGHT = Decimal(0)

_CONTEXT = decimal.Context(
    prec=50,
    rounding=ROUND_HALF_UP,
    Emin=-999999,
    Emax=999999,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
    ],
)


def compute() -> AbstractContextManager[decimal.Context]:
    """A local 50-digit decimal context for a calculation (the caller's context is untouched).

    ``decimal.localcontext`` itself (a copy of the private context on entry, the caller's context
    restored on exit), without a generator around it: it is entered for every sum.
    """
    return decimal.localcontext(_CONTEXT)


#: The longest repr shown in a message; longer ones are cut (a 10 MB string must not be echoed).
_MAX_REPR = 120


def safe_repr(value: object) -> str:
    """``repr(value)``, but never raising and never huge.

    Python refuses to turn an int of more than 4300 digits into text (``ValueError``), and an
    object's own ``__repr__`` may raise anything: a message about bad input must not fail itself.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        digits = int(value.bit_length() * 0.30103) + 1  # log10(2): the digit count, +-1
        return f"<an int of about {digits} digits>"
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ of a caller's object
        return f"<unprintable {type(value).__name__}>"
    if len(text) > _MAX_REPR:
        text = text[: _MAX_REPR - 5] + "...>" + text[-1:]
    return text


def describe(value: object) -> str:
    """``repr`` of a bad value and its type, for error messages: ``50000.0, a float``.

    >>> describe(50000.0)
    '50000.0, a float'
    >>> describe(10**5000)
    '<an int of about 5001 digits>, an int'
    """
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"{safe_repr(value)}, {article} {kind}"


def describe_zh(value: object) -> str:
    """The Chinese counterpart of :func:`describe`: ``实际为 50000.0（float 类型）``."""
    return f"实际为 {safe_repr(value)}（{type(value).__name__} 类型）"


def _to_decimal(value: object, field: str, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise InvalidInputError.single(
            field,
            f"must be a Decimal, int or str of {what} (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为 Decimal、int 或 str 表示的数值，不接受浮点数等其他类型（{describe_zh(value)}）",
        )
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        try:
            with compute():  # a bad string must not set a flag in the caller's context
                number = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise InvalidInputError.single(
                field,
                f"must be a number of {what} (got {describe(value)})",
                ProblemCode.NOT_A_NUMBER,
                f"应为数字（{describe_zh(value)}）",
            ) from None
    if not number.is_finite():
        raise InvalidInputError.single(
            field,
            f"must be a finite number (got {describe(value)})",
            ProblemCode.NOT_FINITE,
            f"应为有限数值（{describe_zh(value)}）",
        )
    return number


def parse_amount(value: object, field: str) -> Decimal:
    """A non-negative amount of yuan with at most two decimals, quantized to the fen.

    >>> parse_amount("1234.5", "principal")
    Decimal('1234.50')
    >>> parse_amount(50000.0, "principal")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: principal: must be a Decimal, int or str of yuan \
(got 50000.0, a float)
    """
    number = _to_decimal(value, field, "yuan")
    if number < 0:
        raise InvalidInputError.single(
            field,
            f"must not be negative (got {describe(value)})",
            ProblemCode.NEGATIVE,
            f"不能为负数（{describe_zh(value)}）",
        )
    if number >= MAX_AMOUNT:
        raise InvalidInputError.single(
            field,
            f"must be below 10^15 yuan (got {describe(value)})",
            ProblemCode.TOO_LARGE,
            f"须小于10^15元（{describe_zh(value)}）",
        )
    fen = number.quantize(FEN, context=_CONTEXT)  # the private context, not entered
    if fen != number:
        raise InvalidInputError.single(
            field,
            f"must have at most two decimals, i.e. whole fen (got {describe(value)})",
            ProblemCode.TOO_MANY_DECIMALS,
            f"最多两位小数，即精确到分（{describe_zh(value)}）",
        )
    return _CONTEXT.add(fen, ZERO)  # normalise -0.00 to 0.00


def parse_money(value: object, field: str) -> Decimal:
    """Like :func:`parse_amount`, but the amount must be above zero (a principal, a payment)."""
    amount = parse_amount(value, field)
    if amount <= 0:
        raise InvalidInputError.single(
            field,
            f"must be greater than zero (got {describe(value)})",
            ProblemCode.NOT_POSITIVE,
            f"必须大于零（{describe_zh(value)}）",
        )
    return amount


def parse_fraction(value: object, field: str, *, upper_inclusive: bool = False) -> Decimal:
    """A fraction ``0 <= x < 1`` (or ``<= 1`` when ``upper_inclusive``), exact as given."""
    number = _to_decimal(value, field, "a fraction (0.0435 is 4.35 %)")
    too_big = number > 1 if upper_inclusive else number >= 1
    if number < 0 or too_big:
        bound = "<= 1" if upper_inclusive else "< 1"
        raise InvalidInputError.single(
            field,
            f"must be a fraction with 0 <= value {bound}, e.g. Decimal('0.0435') for 4.35 % "
            f"(got {describe(value)})",
            ProblemCode.OUT_OF_RANGE,
            f"应为 0 到 1 之间的小数（{'含' if upper_inclusive else '不含'} 1），"
            f"例如 4.35% 写作 Decimal('0.0435')（{describe_zh(value)}）",
        )
    return _CONTEXT.add(number, _NOUGHT)  # drops a negative zero's sign


def parse_rate(value: object, field: str) -> Decimal:
    """An annual interest rate as a fraction, ``0 <= rate < 1``.

    >>> parse_rate("0.0435", "annual_rate")
    Decimal('0.0435')
    >>> parse_rate("4.35", "annual_rate")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: annual_rate: must be a fraction with 0 <= value < 1, \
e.g. Decimal('0.0435') for 4.35 % (got '4.35', a str)
    """
    return parse_fraction(value, field)


def to_fen(value: Decimal) -> Decimal:
    """Round a finished result to the fen, half up (四舍五入) — the one rounding of a calculation.

    >>> to_fen(Decimal("0.005")), to_fen(Decimal("2.675")), to_fen(Decimal("-0.001"))
    (Decimal('0.01'), Decimal('2.68'), Decimal('0.00'))
    """
    # the private context's own methods: what ``with compute():`` would do, without entering it
    return _CONTEXT.add(value.quantize(FEN, ROUND_HALF_UP, _CONTEXT), ZERO)
