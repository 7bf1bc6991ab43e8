"""The 18-digit resident identity number (公民身份号码, GB 11643-1999), python-stdnum style.

The number has four parts: a 6-digit address code (the GB/T 2260 administrative-division code of
the county where the person was registered when the number was assigned), the birth date
``YYYYMMDD``, a 3-digit sequence code (odd for men, even for women) and a check character
computed by ISO 7064 MOD 11-2 (``0``-``9`` or ``X``).

* :func:`compact` removes spaces (any Unicode white space) and hyphens and upper-cases an ``x``;
* :func:`validate` returns the compact number or raises
  :class:`~poverty_credit.InvalidInputError` with one problem, coded ``ID_NUMBER_FORMAT``,
  ``ID_NUMBER_CHECKSUM``, ``ID_NUMBER_BIRTH_DATE`` or ``ID_NUMBER_AREA``;
* :func:`is_valid` says whether :func:`validate` would accept it;
* :func:`birth_date`, :func:`sex` and :func:`birth_place` read the parts of a valid number.

Only the ASCII digits ``0``-``9`` are digits here. Superscript (``¹``), full-width (``１``) and
other Unicode digits are refused rather than normalised: Python's ``str.isdigit()`` accepts them
and ``int()`` then fails or silently converts, and a register must hold one spelling per number.

The checksum and the area table come from `python-stdnum <https://arthurdejong.org/python-stdnum/>`_
(``stdnum.cn.ric``): its ``cn/loc.dat`` lists the GB/T 2260 codes, current and withdrawn, with the
years each was in use, compiled from Wikipedia's tables of the administrative-division codes (the
copy shipped with python-stdnum 2.2). An address code passes when it is in that table for *any*
period: unlike ``stdnum.cn.ric.validate``, the code is not required to have existed in the birth
year, because a number carries the code of the place of registration when it was assigned (from
1984, 18 digits from 1999), which may be younger than the person (德安县 360426 is listed from
1983; its people born in 1970 carry it).

>>> validate("110105 19491231 002X")
'11010519491231002X'
>>> birth_date("11010519491231002X"), sex("11010519491231002X")
(datetime.date(1949, 12, 31), 'female')
>>> is_valid("990000197001010122")
False
>>> validate("990000197001010122")
Traceback (most recent call last):
...
poverty_credit.errors.InvalidInputError: id_number: has the address code '990000', which is no \
GB/T 2260 administrative-division code (got '990000197001010122')
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from poverty_credit._money import describe, describe_zh, safe_repr
from poverty_credit.errors import InvalidInputError, ProblemCode

__all__ = ["birth_date", "birth_place", "compact", "is_valid", "sex", "validate"]

_ASCII_DIGITS = frozenset("0123456789")


def _fail(field: str, message: str, code: ProblemCode, message_zh: str) -> InvalidInputError:
    return InvalidInputError.single(field, message, code, message_zh)


def compact(number: str, *, field: str = "id_number") -> str:
    """The number without spaces or hyphens, ``x`` upper-cased (nothing else is checked).

    >>> compact(" 110105-19491231-002x ")
    '11010519491231002X'
    """
    if not isinstance(number, str):
        raise _fail(
            field,
            f"must be a str of 18 characters (got {describe(number)})",
            ProblemCode.WRONG_TYPE,
            f"应为18位字符串（{describe_zh(number)}）",
        )
    return "".join(number.split()).replace("-", "").upper()


def _check_format(number: str, original: str, field: str) -> None:
    foreign = next((c for c in number if c not in _ASCII_DIGITS and c != "X"), None)
    if foreign is not None and (foreign.isdigit() or foreign.isnumeric() or ord(foreign) > 127):
        raise _fail(
            field,
            f"must be written with the ASCII digits 0-9 (and X); it holds {foreign!r} "
            f"(U+{ord(foreign):04X}) (got {safe_repr(original)})",
            ProblemCode.ID_NUMBER_FORMAT,
            f"只能使用半角数字0-9和X，不能含 {foreign!r}（U+{ord(foreign):04X}）"
            f"（实际为 {safe_repr(original)}）",
        )
    if (
        len(number) != 18
        or not set(number[:17]) <= _ASCII_DIGITS
        or number[17] not in "0123456789X"
    ):
        raise _fail(
            field,
            "must be 17 digits and a check digit or X, 18 characters in all "
            f"(got {safe_repr(original)}, {len(number)} characters without spaces)",
            ProblemCode.ID_NUMBER_FORMAT,
            f"应为17位数字加1位校验码（数字或X），共18位（实际为 {safe_repr(original)}）",
        )


def _born(number: str) -> _dt.date | None:
    try:
        return _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _area_known(code: str) -> bool:
    info = {k: v for _, props in _area_table().info(code) for k, v in props.items()}
    return "county" in info


def validate(number: str, *, field: str = "id_number") -> str:
    """The compact number if it is a valid resident ID; else :class:`InvalidInputError`.

    Checked in this order, the first failure reported: 18 ASCII characters, 17 digits and a check
    digit or ``X`` (``ID_NUMBER_FORMAT``); the ISO 7064 MOD 11-2 check character
    (``ID_NUMBER_CHECKSUM``); a real birth date (``ID_NUMBER_BIRTH_DATE``); an address code of
    GB/T 2260 (``ID_NUMBER_AREA``).

    Args:
        number: the number as written, spaces and hyphens allowed.
        field: the field path the problem is reported at.

    >>> validate("11010519491231002x")
    '11010519491231002X'
    >>> validate("110105194912310021")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: id_number: has a wrong check character '1', \
expected 'X' (got '110105194912310021')
    """
    compacted = compact(number, field=field)
    _check_format(compacted, number, field)
    expected = _ric().calc_check_digit(compacted)
    if compacted[17] != expected:
        raise _fail(
            field,
            f"has a wrong check character {compacted[17]!r}, expected {expected!r} "
            f"(got {safe_repr(number)})",
            ProblemCode.ID_NUMBER_CHECKSUM,
            f"校验码 {compacted[17]!r} 错误，应为 {expected!r}（实际为 {safe_repr(number)}）",
        )
    if _born(compacted) is None:
        raise _fail(
            field,
            f"holds no real birth date ({compacted[6:14]}) (got {safe_repr(number)})",
            ProblemCode.ID_NUMBER_BIRTH_DATE,
            f"其中的出生日期 {compacted[6:14]} 不是有效日期（实际为 {safe_repr(number)}）",
        )
    if not _area_known(compacted[:6]):
        raise _fail(
            field,
            f"has the address code {compacted[:6]!r}, which is no GB/T 2260 "
            f"administrative-division code (got {safe_repr(number)})",
            ProblemCode.ID_NUMBER_AREA,
            f"地址码 {compacted[:6]} 不是 GB/T 2260 行政区划代码（实际为 {safe_repr(number)}）",
        )
    return compacted


def is_valid(number: object) -> bool:
    """Whether :func:`validate` accepts ``number`` (never raises).

    >>> is_valid("11010519491231002X"), is_valid("11010519491231002¹"), is_valid(None)
    (True, False, False)
    """
    try:
        validate(number)  # type: ignore[arg-type]  # anything else is simply not valid
    except InvalidInputError:
        return False
    return True


def birth_date(number: str) -> _dt.date:
    """The birth date the number holds (the number is validated first).

    >>> birth_date("110105194912310021".replace("0021", "002X"))
    datetime.date(1949, 12, 31)
    """
    born = _born(validate(number))
    assert born is not None  # validate checked it
    return born


def sex(number: str) -> Literal["male", "female"]:
    """``"male"`` for an odd sequence code (the 17th digit), ``"female"`` for an even one.

    >>> sex("11010519491231002X")
    'female'
    """
    return "male" if int(validate(number)[16]) % 2 else "female"


def birth_place(number: str) -> dict[str, str]:
    """The province and county names of the address code, as python-stdnum's table gives them
    (a county may list its names with the years each was in use, e.g. ``"[1983-]德安县"``).

    >>> birth_place("11010519491231002X")
    {'province': '北京市', 'county': '朝阳区'}
    """
    code = validate(number)[:6]
    return {k: v for _, props in _area_table().info(code) for k, v in props.items()}


def _area_table() -> Any:
    """stdnum's GB/T 2260 area table, imported when an identity number is first checked."""
    from stdnum import numdb

    return numdb.get("cn/loc")


def _ric() -> Any:
    from stdnum.cn import ric

    return ric
