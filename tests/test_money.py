"""Money and rates (SPEC part A): what is accepted, what is refused, and the one rounding."""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import InvalidInputError, ProblemCode
from poverty_credit._money import (
    compute,
    describe,
    describe_zh,
    parse_amount,
    parse_fraction,
    parse_money,
    parse_rate,
    safe_repr,
    to_fen,
)
from strategies import amounts, junk, rates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50000", Decimal("50000.00")),  # a str of whole yuan gains its two fen digits
        (50000, Decimal("50000.00")),  # an int
        ("1234.5", Decimal("1234.50")),
        (" 0.01 ", Decimal("0.01")),  # blanks around a str are ignored
        (Decimal("1.230"), Decimal("1.23")),  # a trailing zero is not a third decimal
        ("-0", Decimal("0.00")),  # negative zero is zero, written without the sign
        (Decimal("-0.00"), Decimal("0.00")),
        ("999999999999999.99", Decimal("999999999999999.99")),  # just below 10^15
        ("１２３", Decimal("123.00")),  # full-width digits (common in Chinese input) are digits
    ],
)
def test_amounts_accepted(value: object, expected: Decimal) -> None:
    result = parse_amount(value, "principal")
    assert result == expected
    assert str(result) == str(expected)  # two decimals exactly, no sign on zero


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (50000.0, "must be a Decimal, int or str of yuan (got 50000.0, a float)"),
        (True, "(got True, a bool)"),
        (math.nan, "(got nan, a float)"),
        ("NaN", "must be a finite number (got 'NaN', a str)"),
        ("Infinity", "must be a finite number"),
        (Decimal("-Infinity"), "must be a finite number"),
        ("-0.01", "must not be negative (got '-0.01', a str)"),
        ("1.234", "must have at most two decimals, i.e. whole fen (got '1.234', a str)"),
        ("abc", "must be a number of yuan (got 'abc', a str)"),
        ("", "must be a number of yuan"),
        (10**15, "must be below 10^15 yuan (got 1000000000000000, an int)"),
        (None, "(got None, a NoneType)"),
        ([1], "(got [1], a list)"),
    ],
)
def test_amounts_refused(value: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_amount(value, "principal")
    assert caught.value.field == "principal"
    assert fragment in str(caught.value)


def test_money_must_be_above_zero() -> None:
    """A principal of 0 is refused; 0.01 (one fen) is the smallest accepted."""
    with pytest.raises(InvalidInputError, match="must be greater than zero"):
        parse_money("0", "principal")
    assert parse_money("0.01", "principal") == Decimal("0.01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.0435", Decimal("0.0435")), (0, Decimal("0")), ("0.9999", Decimal("0.9999")),
     (Decimal("-0"), Decimal("0"))],
)
def test_rates_accepted_exactly(value: object, expected: Decimal) -> None:
    """Rates keep their digits (4.35 % stays 0.0435, not rounded to the fen)."""
    result = parse_rate(value, "annual_rate")
    assert result == expected
    assert not result.is_signed()


@pytest.mark.parametrize("value", ["4.35", 1, "1", "-0.01", 0.0435, "x"])
def test_rates_refused(value: object) -> None:
    """0 <= rate < 1: "4.35" (a percentage) and 1 (100 %) are refused, so are floats."""
    with pytest.raises(InvalidInputError) as caught:
        parse_rate(value, "annual_rate")
    assert caught.value.field == "annual_rate"


def test_fraction_upper_inclusive() -> None:
    """A share may be 1 (100 %) when the caller says so; 1.01 never."""
    assert parse_fraction("1", "share", upper_inclusive=True) == 1
    with pytest.raises(InvalidInputError, match="<= 1"):
        parse_fraction("1.01", "share", upper_inclusive=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),  # exactly half a fen rounds up (四舍五入)
        ("0.00499999", "0.00"),  # just below half
        ("2.675", "2.68"),  # a float would hold 2.67499999…; the Decimal is exact
        ("1.015", "1.02"),
        ("1.025", "1.03"),  # half up, not half even (which gives 1.02)
        ("-0.001", "0.00"),  # no negative zero
        ("-0.005", "-0.01"),  # half away from zero for negatives
        ("12345.6749", "12345.67"),
    ],
)
def test_to_fen_rounds_half_up(value: str, expected: str) -> None:
    result = to_fen(Decimal(value))
    assert str(result) == expected


def test_callers_context_is_neither_read_nor_changed() -> None:
    """With prec=3 and ROUND_DOWN in force, 50000 × 0.0435 / 360 × 31 = 187.291666…
    → 187.29, and to_fen(2.675) = 2.68 (half up) — the caller's context would give 1.87E+2 and
    2.67. Afterwards the caller's context is as it was."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        with compute():
            interest = Decimal("50000") * Decimal("0.0435") * 31 / 360
        assert to_fen(interest) == Decimal("187.29")
        assert to_fen(Decimal("2.675")) == Decimal("2.68")
        assert decimal.getcontext().prec == 3
        assert decimal.getcontext().rounding == ROUND_DOWN
        assert Decimal("2") / Decimal("3") == Decimal("0.666")  # the caller's own context


def test_parsing_ignores_a_low_precision_caller_context() -> None:
    """parse_amount("123456.78") must be 123456.78 whatever the caller's precision."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        assert parse_amount("123456.78", "x") == Decimal("123456.78")


def test_fraction_ignores_a_low_precision_caller_context() -> None:
    """parse_fraction("0.04351") keeps its five significant digits under prec=3."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert parse_fraction("0.04351", "x") == Decimal("0.04351")


def test_describe() -> None:
    assert describe(50000.0) == "50000.0, a float"
    assert describe(1) == "1, an int"
    assert describe(None) == "None, a NoneType"


@given(amounts())
def test_parse_amount_of_its_own_output_is_identity(amount: Decimal) -> None:
    assert parse_amount(amount, "x") == amount
    assert parse_amount(str(amount), "x") == amount
    assert amount.as_tuple().exponent == -2


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, places=6))
def test_to_fen_is_within_half_a_fen(value: Decimal) -> None:
    """|to_fen(x) − x| ≤ 0.005 and the result has exactly two decimals."""
    fen = to_fen(value)
    assert abs(fen - value) <= Decimal("0.005")
    assert fen.as_tuple().exponent == -2


@given(rates())
def test_rates_round_trip(rate: Decimal) -> None:
    assert parse_rate(rate, "r") == rate
    assert parse_rate(str(rate), "r") == rate


@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    for parse in (parse_amount, parse_money, parse_rate, parse_fraction):
        with pytest.raises(InvalidInputError):
            parse(value, "x")


def test_describe_survives_a_broken_repr() -> None:
    """An error message must not fail on a caller's object whose __repr__ raises."""

    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    assert describe(Broken()) == "<unprintable Broken>, a Broken"


# -- gaps found by mutation testing (issue 14) ---------------------------------------------------
# Each refusal names its field and states the value in both languages: the English message is
# "must ... (got <describe>)", describe = "<repr>, a|an <type>"; the Chinese one ends
# "（实际为 <repr>（<type> 类型））" (describe_zh). Written out by hand for each case.

REFUSALS = [
    (lambda: parse_amount(50000.0, "principal"), "principal", ProblemCode.WRONG_TYPE,
     "must be a Decimal, int or str of yuan (got 50000.0, a float)",
     "应为 Decimal、int 或 str 表示的数值，不接受浮点数等其他类型（实际为 50000.0（float 类型））"),
    (lambda: parse_amount("abc", "principal"), "principal", ProblemCode.NOT_A_NUMBER,
     "must be a number of yuan (got 'abc', a str)", "应为数字（实际为 'abc'（str 类型））"),
    (lambda: parse_amount("NaN", "principal"), "principal", ProblemCode.NOT_FINITE,
     "must be a finite number (got 'NaN', a str)", "应为有限数值（实际为 'NaN'（str 类型））"),
    (lambda: parse_amount("-0.01", "principal"), "principal", ProblemCode.NEGATIVE,
     "must not be negative (got '-0.01', a str)", "不能为负数（实际为 '-0.01'（str 类型））"),
    (lambda: parse_amount(10**15, "principal"), "principal", ProblemCode.TOO_LARGE,
     "must be below 10^15 yuan (got 1000000000000000, an int)",
     "须小于10^15元（实际为 1000000000000000（int 类型））"),
    (lambda: parse_amount("1.234", "principal"), "principal", ProblemCode.TOO_MANY_DECIMALS,
     "must have at most two decimals, i.e. whole fen (got '1.234', a str)",
     "最多两位小数，即精确到分（实际为 '1.234'（str 类型））"),
    (lambda: parse_money("0", "payment"), "payment", ProblemCode.NOT_POSITIVE,
     "must be greater than zero (got '0', a str)", "必须大于零（实际为 '0'（str 类型））"),
    # parse_money passes its field on to parse_amount's own refusals
    (lambda: parse_money("-1", "payment"), "payment", ProblemCode.NEGATIVE,
     "must not be negative (got '-1', a str)", "不能为负数（实际为 '-1'（str 类型））"),
    (lambda: parse_rate("4.35", "annual_rate"), "annual_rate", ProblemCode.OUT_OF_RANGE,
     "must be a fraction with 0 <= value < 1, e.g. Decimal('0.0435') for 4.35 % "
     "(got '4.35', a str)",
     "应为 0 到 1 之间的小数（不含 1），例如 4.35% 写作 Decimal('0.0435')"
     "（实际为 '4.35'（str 类型））"),
    (lambda: parse_fraction("1.01", "share", upper_inclusive=True), "share",
     ProblemCode.OUT_OF_RANGE,
     "must be a fraction with 0 <= value <= 1, e.g. Decimal('0.0435') for 4.35 % "
     "(got '1.01', a str)",
     "应为 0 到 1 之间的小数（含 1），例如 4.35% 写作 Decimal('0.0435')"
     "（实际为 '1.01'（str 类型））"),
    (lambda: parse_fraction(0.5, "share"), "share", ProblemCode.WRONG_TYPE,
     "must be a Decimal, int or str of a fraction (0.0435 is 4.35 %) (got 0.5, a float)",
     "应为 Decimal、int 或 str 表示的数值，不接受浮点数等其他类型（实际为 0.5（float 类型））"),
    (lambda: parse_fraction("x", "share"), "share", ProblemCode.NOT_A_NUMBER,
     "must be a number of a fraction (0.0435 is 4.35 %) (got 'x', a str)",
     "应为数字（实际为 'x'（str 类型））"),
]


@pytest.mark.parametrize(("call", "field", "code", "message", "message_zh"), REFUSALS)
def test_refusals_name_field_code_and_value_in_both_languages(
    call: Callable[[], object], field: str, code: ProblemCode, message: str, message_zh: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == (field, code)
    assert problem.message == message
    assert problem.message_zh == message_zh


def test_describe_zh() -> None:
    assert describe_zh(50000.0) == "实际为 50000.0（float 类型）"
    assert describe_zh(None) == "实际为 None（NoneType 类型）"


def test_safe_repr_of_a_huge_int_counts_its_digits() -> None:
    """10^5000 has 5001 digits and 16610 bits (5000 × log2(10) = 16609.6…); the estimate
    int(16610 × 0.30103) + 1 = int(5000.108…) + 1 = 5001. Python refuses to print it."""
    assert safe_repr(10**5000) == "<an int of about 5001 digits>"
    assert describe(10**5000) == "<an int of about 5001 digits>, an int"


def test_safe_repr_counts_digits_only_above_4000_bits() -> None:
    """2^4000 has 4001 bits: counted, int(4001 × 0.30103) + 1 = int(1204.42…) + 1 = 1205.
    2^3999 has 4000 bits: printed (1204 digits), then cut to 120 characters: the first 115,
    "...>", the last one."""
    assert safe_repr(2**4000) == "<an int of about 1205 digits>"
    digits = str(2**3999)
    assert len(digits) == 1204
    assert safe_repr(2**3999) == digits[:115] + "...>" + digits[-1]


def test_safe_repr_cuts_only_above_120_characters() -> None:
    """repr("a" * 118) is 120 characters (two quotes): kept whole; one more is cut to the first
    115 characters, "...>" and the closing quote (120 in all)."""
    assert safe_repr("a" * 118) == "'" + "a" * 118 + "'"
    cut = safe_repr("a" * 119)
    assert cut == "'" + "a" * 114 + "...>'"
    assert len(cut) == 120


def test_safe_repr_of_a_bool_is_its_repr() -> None:
    assert safe_repr(True) == "True"
    assert describe(False) == "False, a bool"
