"""The unified social credit code (统一社会信用代码, GB 32100-2015), in the python-stdnum style.

Eighteen characters of the alphabet ``0-9 A-H J-N P-R T U W-Y`` (no I, O, S, V, Z): the
registration department (1), the organisation type (1), the GB/T 2260 code of the registering
area (6 digits), the organisation code (9) and a check character (weights ``3**i mod 31``,
check = ``(31 - sum mod 31) mod 31``). Since the three-in-one reform (2015-10-01) it is printed on
the business licence and replaces the organisation code and the tax registration number (Art. 29).

* :func:`compact` removes spaces and hyphens and upper-cases the letters;
* :func:`validate` returns the compact code or raises :class:`~poverty_credit.InvalidInputError`
  coded ``CREDIT_CODE_FORMAT``, ``CREDIT_CODE_CHECKSUM`` or ``CREDIT_CODE_AREA``;
* :func:`is_valid` says whether :func:`validate` would accept it.

The check character is computed by python-stdnum (``stdnum.cn.uscc``). Its ``validate`` is not
used as is: it requires the first two characters to be digits, but registration departments
added after 2015 use letters (``N`` agriculture, for rural collective economic organisations;
``A``, ``Y``), so here they may be any character of the alphabet. The registering area is checked
to the province (its first two digits name a province of python-stdnum's GB/T 2260 table, or
``10``, the national level), not to the county: the code of the registering authority need not be
a county code.

>>> validate("91110000 600037341l")
'91110000600037341L'
>>> validate("91110000600037341M")
Traceback (most recent call last):
...
poverty_credit.errors.InvalidInputError: credit_code: has a wrong check character 'M', expected \
'L' (got '91110000600037341M')
"""

from __future__ import annotations

from typing import Any

from poverty_credit._money import describe, describe_zh, safe_repr
from poverty_credit.errors import InvalidInputError, ProblemCode

__all__ = ["compact", "is_valid", "validate"]

#: GB 32100-2015: the 31 characters a code is written with.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ALPHABET = frozenset(ALPHABET)
_DIGITS = frozenset("0123456789")
_NATIONAL = "10"  # the registering-area prefix of organisations registered at the national level


def compact(number: str, *, field: str = "credit_code") -> str:
    """The code without spaces or hyphens, letters upper-cased (nothing else is checked).

    >>> compact("9111 0000-6000 3734 1l")
    '91110000600037341L'
    """
    if not isinstance(number, str):
        raise InvalidInputError.single(
            field,
            f"must be a str of 18 characters (got {describe(number)})",
            ProblemCode.WRONG_TYPE,
            f"应为18位字符串（{describe_zh(number)}）",
        )
    return "".join(number.split()).replace("-", "").upper()


def validate(number: str, *, field: str = "credit_code") -> str:
    """The compact code if it is a valid unified social credit code; else
    :class:`InvalidInputError` (the first failure: format, check character, registering area).

    >>> validate("91110000600037341L")
    '91110000600037341L'
    """
    code = compact(number, field=field)
    if len(code) != 18 or not set(code) <= _ALPHABET or not set(code[2:8]) <= _DIGITS:
        raise InvalidInputError.single(
            field,
            "must be 18 characters of 0-9 and the capital letters other than I, O, S, V and Z, "
            f"the 3rd to 8th digits (got {safe_repr(number)})",
            ProblemCode.CREDIT_CODE_FORMAT,
            "应为18位，由数字和除 I、O、S、V、Z 以外的大写字母组成，第3至8位为数字"
            f"（实际为 {safe_repr(number)}）",
        )
    expected = _uscc().calc_check_digit(code)
    if code[17] != expected:
        raise InvalidInputError.single(
            field,
            f"has a wrong check character {code[17]!r}, expected {expected!r} "
            f"(got {safe_repr(number)})",
            ProblemCode.CREDIT_CODE_CHECKSUM,
            f"校验码 {code[17]!r} 错误，应为 {expected!r}（实际为 {safe_repr(number)}）",
        )
    province = code[2:4]
    known = any("province" in props for _, props in _area_table().info(province))
    if not (known or province == _NATIONAL):
        raise InvalidInputError.single(
            field,
            f"has the registering area {code[2:8]!r}, whose first two digits name no province "
            f"of GB/T 2260 (got {safe_repr(number)})",
            ProblemCode.CREDIT_CODE_AREA,
            f"登记管理机关行政区划码 {code[2:8]} 的前两位不是 GB/T 2260 的省级代码"
            f"（实际为 {safe_repr(number)}）",
        )
    return code


def is_valid(number: object) -> bool:
    """Whether :func:`validate` accepts ``number`` (never raises).

    >>> is_valid("91110000600037341L"), is_valid("91990000600037341B"), is_valid(42)
    (True, False, False)
    """
    try:
        validate(number)  # type: ignore[arg-type]  # anything else is simply not valid
    except InvalidInputError:
        return False
    return True


def _area_table() -> Any:
    """stdnum's GB/T 2260 area table, imported when an identity number is first checked."""
    from stdnum import numdb

    return numdb.get("cn/loc")


def _uscc() -> Any:
    from stdnum.cn import uscc

    return uscc
