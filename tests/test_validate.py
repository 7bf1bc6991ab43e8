"""The validation helpers of ``_validate``: each error path names its field, its code and both
messages, word for word; the quick parsers at their edges.

Every expected text is written out by hand from the helper's contract: ``describe`` shows a bad
value as ``repr, a/an type`` and ``describe_zh`` as ``实际为 repr（type 类型）``; a problem
without a Chinese message gets the code's Chinese description and the English one
(``取值无效：...``).
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import pytest

from poverty_credit import EntityKind, InvalidInputError, LossCause, ProblemCode, Review
from poverty_credit._validate import (
    UNREADABLE,
    Checker,
    as_bool,
    as_enum,
    as_int,
    as_text,
    instance_of,
    optional,
    quick_fraction,
    quick_money,
    validate_all,
)


def _only(call: Any) -> tuple[str, ProblemCode, str, str]:
    """The one problem ``call()`` raises: (field, code, message, message_zh)."""
    with pytest.raises(InvalidInputError) as caught:
        call()
    [p] = caught.value.problems
    return p.field, p.code, p.message, p.message_zh


# -- as_enum ------------------------------------------------------------------------------------


def test_as_enum_refusal_names_the_kind_with_its_article() -> None:
    """"an EntityKind" (a vowel), "a LossCause"; the allowed values in definition order."""
    assert _only(lambda: as_enum(EntityKind, "bank", "kind")) == (
        "kind", ProblemCode.NOT_A_MEMBER,
        "must be an EntityKind, one of 'cooperative', 'family_farm', 'capable_household', "
        "'leading_enterprise' (got 'bank', a str)",
        "应为 EntityKind 的取值之一：'cooperative', 'family_farm', 'capable_household', "
        "'leading_enterprise'（实际为 'bank'（str 类型））",
    )
    assert _only(lambda: as_enum(Review, 3, "reviews[0]")) == (
        "reviews[0]", ProblemCode.NOT_A_MEMBER,
        "must be a Review, one of 'poverty_office', 'finance_office', 'pboc_branch' "
        "(got 3, an int)",
        "应为 Review 的取值之一：'poverty_office', 'finance_office', 'pboc_branch'"
        "（实际为 3（int 类型））",
    )


def test_as_enum_article_of_an_x() -> None:
    """Only A, E, I, O, U take "an": "a Xiang"."""

    class Xiang(enum.Enum):
        TOWN = "town"

    assert _only(lambda: as_enum(Xiang, "city", "xiang"))[2] == (
        "must be a Xiang, one of 'town' (got 'city', a str)")


def test_as_enum_reads_members_values_and_names() -> None:
    assert as_enum(LossCause, LossCause.DEATH, "cause") is LossCause.DEATH
    assert as_enum(LossCause, "death", "cause") is LossCause.DEATH
    assert as_enum(LossCause, " death\t", "cause") is LossCause.DEATH  # stripped
    assert as_enum(LossCause, "DEATH", "cause") is LossCause.DEATH  # the name
    assert as_enum(LossCause, " natural_DISASTER ", "cause") is LossCause.NATURAL_DISASTER


def test_as_enum_prefers_a_name_to_another_members_value_in_other_case() -> None:
    """The value or the name first (any member), the value in any case only then: "b" is B's
    name in lower case, but A's value exactly; "A" is A's name."""

    class Mixed(enum.Enum):
        A = "b"
        B = "a"

    assert as_enum(Mixed, "b", "m") is Mixed.A  # A's value, exactly
    assert as_enum(Mixed, "A", "m") is Mixed.A  # A's name ("A" is no value)
    assert as_enum(Mixed, "a", "m") is Mixed.A  # A's name in lower case, before B's value "a"


# -- as_int -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown", "kind"), [
    (True, "True, a bool", "bool"), (2.0, "2.0, a float", "float"), ("2", "'2', a str", "str"),
    (None, "None, a NoneType", "NoneType"),
])
def test_as_int_refuses_what_is_not_an_int(value: object, shown: str, kind: str) -> None:
    assert _only(lambda: as_int(value, "n", 0, 9)) == (
        "n", ProblemCode.WRONG_TYPE, f"must be an int (got {shown})",
        f"应为整数（实际为 {shown.split(',')[0]}（{kind} 类型））",
    )


@pytest.mark.parametrize(
    ("value", "low", "high", "message", "message_zh"),
    [
        (-1, 0, None, "must be >= 0 (got -1)", "应不小于 0（实际为 -1）"),
        (4, None, 3, "must be <= 3 (got 4)", "应不大于 3（实际为 4）"),
        (0, 1, 5, "must be between 1 and 5 (got 0)", "应在 1 到 5 之间（实际为 0）"),
        (6, 1, 5, "must be between 1 and 5 (got 6)", "应在 1 到 5 之间（实际为 6）"),
    ],
)
def test_as_int_out_of_range(value: int, low: int | None, high: int | None, message: str,
                             message_zh: str) -> None:
    assert _only(lambda: as_int(value, "n", low, high)) == (
        "n", ProblemCode.OUT_OF_RANGE, message, message_zh)


def test_as_int_bounds_are_inclusive() -> None:
    assert [as_int(v, "n", 1, 5) for v in (1, 5)] == [1, 5]
    assert as_int(0, "n", 0) == 0
    assert as_int(3, "n", None, 3) == 3
    assert as_int(-10**20, "n") == -10**20  # no bound: any int


# -- as_bool, as_text, instance_of, optional ----------------------------------------------------


def test_as_bool() -> None:
    assert as_bool(False, "flag") is False
    assert _only(lambda: as_bool(1, "flag")) == (
        "flag", ProblemCode.WRONG_TYPE, "must be a bool (got 1, an int)",
        "应为布尔值 true 或 false（实际为 1（int 类型））")


def test_as_text() -> None:
    assert as_text(" a ", "id") == " a "  # kept as given
    assert _only(lambda: as_text(7, "id")) == (
        "id", ProblemCode.WRONG_TYPE, "must be a non-empty str (got 7, an int)",
        "应为非空字符串（实际为 7（int 类型））")
    assert _only(lambda: as_text(" \t", "id")) == (
        "id", ProblemCode.BLANK, "must be a non-empty str (got ' \\t', a str)",
        "不能为空（实际为 ' \\t'（str 类型））")
    assert _only(lambda: as_text("", "id"))[1] is ProblemCode.BLANK


def test_instance_of_and_optional() -> None:
    parse = instance_of((int, str), "an int or a str")
    assert parse(3, "x") == 3
    assert _only(lambda: parse(b"3", "x")) == (
        "x", ProblemCode.WRONG_TYPE, "must be an int or a str (got b'3', a bytes)",
        "类型错误，应为 an int or a str（实际为 b'3'（bytes 类型））")
    maybe = optional(as_bool)
    assert maybe(None, "flag") is None
    assert maybe(True, "flag") is True
    assert _only(lambda: maybe(0, "flag"))[:3] == (
        "flag", ProblemCode.WRONG_TYPE, "must be a bool (got 0, an int)")


# -- validate_all -------------------------------------------------------------------------------


def test_validate_all_returns_the_results_in_order() -> None:
    assert validate_all(lambda: 1, lambda: "two", lambda: None) == [1, "two", None]
    assert validate_all() == []


def test_validate_all_collects_every_problem_in_order() -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_all(lambda: as_bool(1, "a"), lambda: 2, lambda: as_text("", "b"),
                     lambda: as_int(9, "c", 0, 3))
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("a", ProblemCode.WRONG_TYPE), ("b", ProblemCode.BLANK), ("c", ProblemCode.OUT_OF_RANGE)]


# -- Checker ------------------------------------------------------------------------------------


class _Record:
    """A stand-in for a frozen attrs instance (Checker sets through object.__setattr__)."""

    def __init__(self, **fields: object) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)


def test_checker_field_stores_the_parsed_value_or_collects_the_problem() -> None:
    record = _Record(a=" x ", b=1, c=UNREADABLE)
    c = Checker(record)
    assert c.field("a", lambda v, f: v.strip()) is True
    assert record.a == "x"  # type: ignore[attr-defined]
    assert c.field("b", as_bool) is False
    assert record.b == 1  # type: ignore[attr-defined]  # left as it was
    assert c.field("c", as_bool) is False  # unreadable: already reported, nothing added
    assert [(p.field, p.message) for p in c.problems] == [("b", "must be a bool (got 1, an int)")]


def test_checker_items_parse_each_with_its_index() -> None:
    record = _Record(ok=["a", "b"], bad=["a", 2, "", "d"], none=UNREADABLE)
    c = Checker(record)
    assert c.items("ok", as_text, container=tuple) is True
    assert record.ok == ("a", "b")  # type: ignore[attr-defined]
    assert c.items("bad", as_text, container=tuple) is False
    assert record.bad == ["a", 2, "", "d"]  # type: ignore[attr-defined]  # unchanged
    assert c.items("none", as_text, container=tuple) is False
    assert [(p.field, p.code) for p in c.problems] == [
        ("bad[1]", ProblemCode.WRONG_TYPE), ("bad[2]", ProblemCode.BLANK)]


@pytest.mark.parametrize(("value", "shown", "shown_zh"), [
    ("ab", "'ab', a str", "'ab'（str 类型）"),
    (b"ab", "b'ab', a bytes", "b'ab'（bytes 类型）"),
    (5, "5, an int", "5（int 类型）"),
])
def test_checker_items_refuse_what_is_not_a_collection(value: object, shown: str,
                                                       shown_zh: str) -> None:
    c = Checker(_Record(xs=value))
    assert c.items("xs", as_text, container=tuple) is False
    assert [(p.field, p.code, p.message, p.message_zh) for p in c.problems] == [
        ("xs", ProblemCode.WRONG_TYPE, f"must be a collection (got {shown})",
         f"应为列表等集合（实际为 {shown_zh}）")]


def test_checker_problem_defaults_and_done() -> None:
    c = Checker(_Record())
    c.done()  # nothing found: no error
    c.problem("a", "is wrong")
    c.problem("b", "is late", ProblemCode.DATE_ORDER, "晚了")
    with pytest.raises(InvalidInputError) as caught:
        c.done()
    assert [(p.field, p.code, p.message, p.message_zh) for p in caught.value.problems] == [
        ("a", ProblemCode.INVALID_VALUE, "is wrong", "取值无效：is wrong"),
        ("b", ProblemCode.DATE_ORDER, "is late", "晚了"),
    ]


def test_unreadable_repr() -> None:
    assert repr(UNREADABLE) == "<unreadable>"


# -- the quick parsers at their edges -----------------------------------------------------------
#
# Each returns parse_money's / parse_fraction's own result (value and exponent: compared by
# repr) or None where only the general parser can tell.

_39 = "0" * 39


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30000", "Decimal('30000.00')"),
        ("0.5", "Decimal('0.50')"),
        (".5", "Decimal('0.50')"),
        ("5.", "Decimal('5.00')"),
        ("0.01", "Decimal('0.01')"),
        ("999999999999999.99", "Decimal('999999999999999.99')"),  # just below 10**15
        (_39 + "5", "Decimal('5.00')"),  # 40 characters: still quick
        (1, "Decimal('1.00')"),
        (999999999999999, "Decimal('999999999999999.00')"),
        (Decimal("12.3"), "Decimal('12.30')"),  # exact in fen: to the fen (exponent -2)
        (Decimal("12.30"), "Decimal('12.30')"),
        (Decimal("1E+2"), "Decimal('100.00')"),
        (Decimal("0.01"), "Decimal('0.01')"),
    ],
)
def test_quick_money_reads(value: object, expected: str) -> None:
    assert repr(quick_money(value)) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0.005", "0", "0.00", ".", "", "1000000000000000", "1000000000000000.00",
        _39 + "05", " 5", "+5", "-5", "5e2", "1.2.3", "٣", "1_000",
        0, -3, 10**15, True,
        Decimal("0"), Decimal("-1"), Decimal("0.001"), Decimal("1E+15"), Decimal("NaN"),
        Decimal("Infinity"), 5.0, None,
    ],
)
def test_quick_money_leaves_the_rest_to_the_general_parser(value: object) -> None:
    assert quick_money(value) is None


@pytest.mark.parametrize(
    ("value", "upper_inclusive", "expected"),
    [
        ("0.0435", False, "Decimal('0.0435')"),
        ("0", False, "Decimal('0')"),
        (".5", False, "Decimal('0.5')"),
        ("0.", False, "Decimal('0')"),
        ("1", True, "Decimal('1')"),
        ("1.000", True, "Decimal('1.000')"),
        ("0." + "9" * 38, False, "Decimal('0." + "9" * 38 + "')"),  # 40 characters
        (Decimal("0.0435"), False, "Decimal('0.0435')"),
        (Decimal("-0"), False, "Decimal('0')"),  # the general parser drops the sign
        (Decimal("-0.00"), True, "Decimal('0.00')"),
        (Decimal("1"), True, "Decimal('1')"),
        (Decimal("0E+3"), False, "Decimal('0')"),  # 0E+3 + 0: the smaller exponent, 0
    ],
)
def test_quick_fraction_reads(value: object, upper_inclusive: bool, expected: str) -> None:
    assert repr(quick_fraction(value, upper_inclusive=upper_inclusive)) == expected


@pytest.mark.parametrize(
    ("value", "upper_inclusive"),
    [
        ("1", False), ("1.0", False), ("1.01", True), ("2", True), ("", False), (".", False),
        ("0." + "9" * 39, False),  # 41 characters
        ("-0.1", False), (" 0.1", False), ("1e-2", False), ("٠.5", False),
        (Decimal("1"), False), (Decimal("1.0001"), True), (Decimal("-0.01"), False),
        (Decimal("NaN"), False), (Decimal("-Infinity"), True), (0, False), (0.5, False),
        (None, True),
    ],
)
def test_quick_fraction_leaves_the_rest_to_the_general_parser(value: object,
                                                              upper_inclusive: bool) -> None:
    assert quick_fraction(value, upper_inclusive=upper_inclusive) is None


def test_quick_fraction_is_exclusive_of_one_by_default() -> None:
    assert quick_fraction("1") is None
    assert quick_fraction(Decimal("1")) is None
