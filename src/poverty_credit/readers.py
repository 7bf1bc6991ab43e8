"""Reading records: files and dataframes turned into models, with one set of parsing rules.

:func:`read_records` reads a whole source into a list of models; :func:`iter_records` streams it,
one :class:`Record` at a time, with memory bounded by the read chunk, not the file. Sources:

* a path (``str`` or :class:`os.PathLike`) to a ``.csv`` (``.tsv``/``.txt``: tab-separated),
  ``.json`` (an array of objects), ``.jsonl``/``.ndjson`` (one object per line) or ``.xlsx``
  (the first sheet, or ``sheet=``; needs the ``excel`` extra, ``openpyxl``) file; a CSV or
  ``.xlsx`` header below title rows is found with ``header_row=``;
* an open binary or text file (give ``format=``, else it is sniffed: ``[`` JSON, ``{`` JSON
  Lines, otherwise CSV);
* a pandas, polars or pyarrow dataframe (or pyarrow table), or any iterable of mappings.

Columns (or keys) are the model's field names, their Chinese labels (出生日期, 身份证号 …), nested
fields as ``borrower.id``, ``borrower_id`` or 借款人编号, or whatever a ``columns`` mapping says.
The rules for every value — encodings, dates, amounts, booleans, enum labels — and the list of
Chinese headers are tabulated on the documentation's *Reading exports* page. Every problem names
the source, the line (or record) and the field; a header problem is reported once for the file,
not once per line.

>>> import io
>>> from poverty_credit import NaturalPerson
>>> text = "姓名,身份证号,是否建档立卡\\n张三,11010519491231002X,是\\n"
>>> [person] = read_records(io.BytesIO(text.encode("gb18030")), NaturalPerson, format="csv")
>>> person.id, person.birth_date, person.registered_poor
('11010519491231002X', datetime.date(1949, 12, 31), True)
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import enum
import functools
import io
import itertools
import json
import math
import os
import re
import sys
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any, TypeVar, Union

import attrs

from poverty_credit import _labels
from poverty_credit._money import describe
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.models import LegalEntity, NaturalPerson, Repayment

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "Located",
    "ReadError",
    "Record",
    "iter_records",
    "load_columns",
    "read_records",
]

T = TypeVar("T")

#: Input formats by name, with the file extensions that select them.
FORMATS: Mapping[str, tuple[str, ...]] = {
    "csv": (".csv", ".tsv", ".txt"),
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "xlsx": (".xlsx", ".xlsm"),
}
#: Encodings that are detected (``encoding=None``); any codec Python knows can be forced.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030")
#: Bytes read at a time from a file (and the sample that encoding detection looks at).
CHUNK = 1 << 16
#: Dates outside these years are refused: far beyond any loan, and a rule adding months or years
#: to one would leave the calendar.
MIN_YEAR, MAX_YEAR = 1900, 2199
#: Whole numbers with more digits than this are refused (no count or rating is that long).
MAX_INT_DIGITS = 18
#: Rows at the top of a CSV or .xlsx file looked at for a header below title rows (counted from
#: the first row that is not blank): a header found there is suggested as ``header_row`` in the
#: header's error, never taken silently.
HEADER_SEARCH = 10
#: Significant digits of a binary float that still stand for the decimal typed into a cell
#: (Excel keeps 15); a float with more is a computed value, not a figure, and is refused.
FLOAT_DIGITS = 15

_TRUE = frozenset({"true", "1", "yes", "y", "t", "是", "有", "√", "✓"})
_FALSE = frozenset({"false", "0", "no", "n", "f", "否", "无", "×", "✗"})
_BLANK = object()


# --------------------------------------------------------------------------------------------
# results and errors


@attrs.frozen
class Located:
    """One problem of a source: where (``source``, ``where`` — a line, record or row — and the
    dotted ``field``) and what.

    >>> str(Located("loans.csv", "line 3", "principal", "must be > 0"))
    'loans.csv, line 3, field principal: must be > 0'
    """

    source: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.source, self.where) if p)
        if self.field:
            place = f"{place}, field {self.field}" if place else f"field {self.field}"
        return f"{place}: {self.message}" if place else self.message


class ReadError(InvalidInputError):
    """A source that cannot be read into models; ``.located`` lists every problem with its place
    (``.problems`` has the same problems as dotted field paths, like every InvalidInputError)."""

    def __init__(self, located: Sequence[Located]) -> None:
        self.located: tuple[Located, ...] = tuple(located)
        super().__init__([Problem(p.field, p.message) for p in self.located])
        self.args = ("; ".join(str(p) for p in self.located),)

    def __str__(self) -> str:
        return str(self.args[0])


@attrs.frozen
class Record:
    """One record of a source: the model (``None`` when it has ``problems``), where it came from,
    and the values of any ``extra`` fields that were asked for."""

    value: Any
    where: str
    problems: tuple[Located, ...] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


class _Bad(Exception):
    """A problem of one value, raised inside a converter (turned into a Located by the caller)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --------------------------------------------------------------------------------------------
# values


def _clean(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII) and surrounding blanks removed."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


def _check_text(value: str, field: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _Bad(field, f"holds an unpaired surrogate {value[exc.start]!r}, which is not a "
                   "character (got a corrupted string)") from None
    return value


def _from_float(value: float, field: str) -> Decimal:
    """The decimal a spreadsheet or dataframe float stands for: its shortest repr."""
    if not math.isfinite(value):
        raise _Bad(field, f"must be a finite number (got {value!r})")
    number = Decimal(repr(value))
    if len(number.as_tuple().digits) > FLOAT_DIGITS:
        raise _Bad(field, f"is a computed binary fraction ({value!r}), not a figure as typed: "
                   "round it or store it as text")
    return number


def _as_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, Decimal) and value.is_finite() and value in (0, 1):
        return bool(value)
    if isinstance(value, float) and value in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text not in _TRUE and text not in _FALSE:
            text = _clean(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _Bad(field, "must be a boolean: true/false, 1/0, yes/no, 是/否 or 有/无 "
               f"(got {describe(value)})")


_INT = re.compile(r"[+-]?\d+")


def _as_int(value: Any, field: str) -> int:
    if isinstance(value, bool):
        raise _Bad(field, f"must be a whole number (got {describe(value)})")
    if isinstance(value, float):
        value = _from_float(value, field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _Bad(field, f"must be a whole number (got {describe(value)})")
        if value.adjusted() >= MAX_INT_DIGITS:
            raise _Bad(field, f"must be a whole number of at most {MAX_INT_DIGITS} digits (got "
                       f"one of {value.adjusted() + 1} digits)")
        if value != value.to_integral_value():
            raise _Bad(field, f"must be a whole number (got {describe(value)})")
        return int(value)
    if isinstance(value, int):
        if abs(value) >= 10**MAX_INT_DIGITS:
            raise _Bad(field, f"must be a whole number of at most {MAX_INT_DIGITS} digits")
        return value
    if isinstance(value, str):
        text = _clean(value)
        if _INT.fullmatch(text) and len(text.lstrip("+-")) <= MAX_INT_DIGITS:
            return int(text)
    raise _Bad(field, f"must be a whole number (got {describe(value)})")


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _decimal_text(text: str, field: str, percent: bool) -> Decimal:
    raw = text
    text = _clean(text)
    scale = 0
    if percent and text.endswith("%"):
        text, scale = text[:-1].rstrip(), 2
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise _Bad(field, f"has thousands separators in the wrong places (got {raw!r}); "
                       "write 50,000.00 or 50000.00")
        text = text.replace(",", "")
    if len(text) > 40:
        raise _Bad(field, f"must be a number of at most 40 digits (got {len(text)} characters)")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise _Bad(field, f"must be a number such as 50000.00 (got {describe(raw)})")
    return Decimal(text).scaleb(-scale)


def _decimal_converter(percent: bool) -> Callable[[Any, str], Any]:
    def convert(value: Any, field: str) -> Any:
        if isinstance(value, str):
            return _decimal_text(value, field, percent)
        if isinstance(value, float):
            return _from_float(value, field)
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            _short(value, field)
        return value  # Decimal, int (and junk): the model parses and checks them

    return convert


def _short(value: int | Decimal, field: str) -> None:
    """Refuse a number too long to be a figure before any message repeats its digits."""
    if isinstance(value, Decimal):
        digits = len(value.as_tuple().digits)
    else:
        digits = 41 if abs(value) >= 10**40 else 0
    if digits > 40:
        raise _Bad(field, f"must be a number of at most 40 digits (got one of {digits} digits)")


_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_DAY_FIRST = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def _year_ok(day: _dt.date, field: str, raw: object) -> _dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _Bad(field, f"must be a date between {MIN_YEAR} and {MAX_YEAR} (got {raw!r})")
    return day


def _as_date(value: Any, field: str) -> Any:
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time(0) or value.tzinfo is not None:
            raise _Bad(field, f"must be a date without a time of day (got {value!r})")
        return _year_ok(value.date(), field, value)
    if isinstance(value, _dt.date):
        return _year_ok(_dt.date(value.year, value.month, value.day), field, value)
    if isinstance(value, str):
        text = _clean(value)
        if (len(text) == 10 and text[4] == "-" == text[7] and text[:4].isdigit()
                and text[5:7].isdigit() and text[8:].isdigit()):  # the common YYYY-MM-DD
            try:
                return _year_ok(_dt.date(int(text[:4]), int(text[5:7]), int(text[8:])), field,
                                value)
            except ValueError:
                raise _Bad(field, f"is not a real date (got {value!r})") from None
        if text.endswith(" 00:00:00"):  # an Excel date exported as text with its midnight
            text = text[: -len(" 00:00:00")]
        for form in _DATE_FORMS:
            match = form.fullmatch(text)
            if match:
                try:
                    day = _dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
                except ValueError:
                    raise _Bad(field, f"is not a real date (got {value!r})") from None
                return _year_ok(day, field, value)
        if _DAY_FIRST.fullmatch(text):
            raise _Bad(field, f"must put the year first: {value!r} could be day/month or "
                       "month/day; write YYYY-MM-DD, YYYY/M/D or YYYY年M月D日")
        raise _Bad(field, "must be a date written YYYY-MM-DD, YYYY/M/D or YYYY年M月D日 "
                   f"(got {describe(value)})")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise _Bad(field, f"must be a date, not a number (got {value!r}); format the column "
                   "as a date in the spreadsheet")
    return value  # junk: the model refuses it with its own message


def _as_text(value: Any, field: str) -> Any:
    if isinstance(value, str):
        return _check_text(value, field)
    if isinstance(value, float):
        value = _from_float(value, field)
    if (isinstance(value, Decimal) and value.is_finite() and value.adjusted() < 15
            and value == value.to_integral_value()):
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15:
        return str(value)  # a spreadsheet id column holding numbers
    return value


def _id_number(value: Any, field: str) -> Any:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise _Bad(field, f"must be text: a spreadsheet number cannot hold 18 digits exactly "
                   f"(got {value!r}); format the column as text")
    return _as_text(value, field)


def _alias_converter(aliases: Mapping[str, str]) -> Callable[[Any, str], Any]:
    def convert(value: Any, field: str) -> Any:
        value = _as_text(value, field)
        if isinstance(value, str):
            found = aliases.get(value)
            return found if found is not None else aliases.get(_clean(value).casefold(), value)
        return value

    return convert


def _enum_converter(kind: type[enum.Enum]) -> Callable[[Any, str], Any]:
    spellings: dict[str, enum.Enum] = {}
    for member in kind:
        names = [str(member.value), member.name]
        for attr in ("zh", "en"):
            label = getattr(member, attr, None)
            if isinstance(label, str):
                names.append(label)
        names.extend(_labels.ENUM_ALIASES.get(member, ()))
        for name in names:
            spellings.setdefault(_clean(name).casefold(), member)
    allowed = ", ".join(repr(m.value) for m in kind)

    def convert(value: Any, field: str) -> Any:
        if isinstance(value, kind):
            return value
        if isinstance(value, str):
            member = spellings.get(_clean(value).casefold())
            if member is not None:
                return member
        raise _Bad(field, f"must be a {kind.__name__}: one of {allowed} or its Chinese label "
                   f"(got {describe(value)})")

    return convert


# --------------------------------------------------------------------------------------------
# plans: how to build one model class, compiled once


def _union_args(hint: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return typing.get_args(hint)
    return None


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and attrs.has(hint)


@attrs.frozen(eq=False)
class _Field:
    name: str
    convert: Callable[[Any, str], Any]
    required: bool
    nullable: bool
    item_plan: _Plan | None = None  # for a list of models (repayments, agreements)


@attrs.frozen(eq=False)
class _Plan:
    """The compiled reading of one model class (or of the borrower union)."""

    cls: Any  # a class, or a tuple of classes for a union
    fields: dict[str, _Field]
    keys: dict[str, str]  # a normalised key spelling (field name or label) → field name
    nested: dict[str, _Plan]  # field name → the plan of the model it holds
    list_items: dict[str, Any]  # field name → item type, for tuple/frozenset/list fields


def _norm_key(text: str) -> str:
    key = _clean(text).casefold().replace(" ", "")
    if key.endswith("(元)"):
        key = key[: -len("(元)")]
    return key.lstrip("*")


@functools.cache
def _plan(cls: Any) -> _Plan:
    if isinstance(cls, tuple):
        plans = [_plan(c) for c in cls]
        keys: dict[str, str] = {"type": "type"}
        fields: dict[str, _Field] = {}
        nested: dict[str, _Plan] = {}
        items: dict[str, Any] = {}
        for p in plans:
            keys.update({k: v for k, v in p.keys.items() if k not in keys})
            fields.update({k: v for k, v in p.fields.items() if k not in fields})
            nested.update(p.nested)
            items.update(p.list_items)
        return _Plan(cls, fields, keys, nested, items)
    hints = typing.get_type_hints(cls)
    labels = _labels.FIELD_LABELS.get(cls, {})
    fields = {}
    keys = {}
    nested = {}
    items = {}
    for fld in attrs.fields(cls):
        hint = hints[fld.name]
        args = _union_args(hint)
        nullable = args is not None and type(None) in args
        core = [a for a in (args or (hint,)) if a is not type(None)]
        models = tuple(a for a in core if _is_model(a))
        convert: Callable[[Any, str], Any]
        if models:
            nested[fld.name] = _plan(models if len(models) > 1 else models[0])
            convert = _identity
        else:
            convert = _converter(cls, fld.name, core[0])
            origin = typing.get_origin(core[0])
            if origin in (tuple, frozenset, list, set):
                items[fld.name] = typing.get_args(core[0])[0]
        item = items.get(fld.name)
        item_plan = _plan(item) if _is_model(item) else None
        fields[fld.name] = _Field(fld.name, convert, fld.default is attrs.NOTHING, nullable,
                                  item_plan)
        keys[_norm_key(fld.name)] = fld.name
    for name, spellings in labels.items():
        if name not in fields:
            continue  # a label for a field this version of the model does not have yet
        for spelling in spellings:
            keys.setdefault(_norm_key(spelling), name)
    return _Plan(cls, fields, keys, nested, items)


def _identity(value: Any, field: str) -> Any:
    return value


def _converter(cls: type, name: str, hint: Any) -> Callable[[Any, str], Any]:
    if name == "id_number":
        return _id_number
    if cls is not None and name == "lender":
        aliases = {}
        for key, (zh, en) in _labels.LENDER_NAMES.items():
            for spelling in (key, zh, en):
                aliases[_clean(spelling).casefold()] = key
        return _alias_converter(aliases)
    if hint is bool:
        return _as_bool
    if hint is int:
        return _as_int
    if hint is _dt.date:
        return _as_date
    if hint is Decimal:
        return _decimal_converter((cls, name) in _labels.PERCENT_FIELDS)
    if hint is str:
        return _as_text
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_converter(hint)
    origin = typing.get_origin(hint)
    if origin in (tuple, frozenset, list, set):
        return _list_converter(typing.get_args(hint)[0])
    return _identity


def _split(text: str, item: Any) -> list[str]:
    """A list cell: items separated by ``;`` (also ；、 and newlines); enum lists also by ``,``."""
    seps = ";；、\n"
    if isinstance(item, type) and issubclass(item, enum.Enum):
        seps += ",，"
    for sep in seps[1:]:
        text = text.replace(sep, ";")
    return [part.strip() for part in text.split(";") if part.strip()]


def _list_converter(item: Any) -> Callable[[Any, str], Any]:
    item_convert = None if _is_model(item) else _converter(None, "", item)  # type: ignore[arg-type]

    def convert(value: Any, field: str) -> Any:
        if isinstance(value, str):
            text = _clean(value)
            if text.startswith("["):
                value = _json_cell(text, field)
            else:
                value = _split(value, item)
                if item is Repayment:
                    value = [_repayment_cell(v, f"{field}[{i}]") for i, v in enumerate(value)]
        if not isinstance(value, list):
            raise _Bad(field, f"must be a list (got {describe(value)})")
        if item_convert is None:
            return value
        return [item_convert(v, f"{field}[{i}]") for i, v in enumerate(value)]

    return convert


def _repayment_cell(text: str, field: str) -> dict[str, str]:
    on, sep, amount = text.partition(":")
    if not sep:
        raise _Bad(field, f"must be written DATE:AMOUNT, e.g. 2026-06-15:20000 (got {text!r})")
    return {"on": on, "principal": amount}


def _json_cell(text: str, field: str) -> Any:
    try:
        return _loads(text)
    except (json.JSONDecodeError, _JSONProblem, RecursionError) as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise _Bad(field, f"must hold valid JSON here ({message}; got {text!r})") from None


# --------------------------------------------------------------------------------------------
# building a model from a mapping


def _blank(value: Any) -> bool:
    if value is None or value is _BLANK:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    return False


def _printable(text: str) -> str:
    """``text`` with unpaired surrogates escaped, so that a message naming it can be printed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _resolve(plan: _Plan, data: Mapping[str, Any], path: str,
             problems: list[tuple[str, str]]) -> dict[str, Any]:
    """Keys of a JSON object (or frame row) to field names: names, labels, ``a.b``/``a_b``."""
    out: dict[str, Any] = {}
    grouped: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            problems.append((_join(path, str(key)), "a key must be a string"))
            continue
        name = plan.keys.get(key)
        if name is None:
            norm = _norm_key(key)
            name = plan.keys.get(norm)
        if name is None:
            key = _printable(key)
            sub = _nested_key(plan, key)
            if sub is not None:
                grouped.setdefault(sub[0], {})[sub[1]] = value
                continue
            if norm in _IGNORED:
                continue
            expected = ", ".join(plan.fields)
            problems.append((_join(path, key), f"is not a field of {_name(plan)} "
                             f"(expected one of {expected})"))
            continue
        if name in out:
            problems.append((_join(path, key), f"names the field {name!r} a second time"))
            continue
        out[name] = value
    for name, columns in grouped.items():
        if _blank(out.get(name)):
            out[name] = columns
        elif any(not _blank(v) for v in columns.values()):
            problems.append((_join(path, name), f"is given both as a column and as {name}_* "
                             "columns"))
    return out


_IGNORED = frozenset(_norm_key(h) for h in _labels.IGNORED_HEADERS)
_GENERIC = frozenset(_norm_key(h) for h in _labels.GENERIC_LABELS)


def _nested_key(plan: _Plan, key: str) -> tuple[str, str] | None:
    for name in sorted(plan.nested, key=len, reverse=True):
        for sep in (".", "_"):
            if key.startswith(name + sep) and len(key) > len(name) + 1:
                return name, key[len(name) + 1:]
    return None


def _name(plan: _Plan) -> str:
    if isinstance(plan.cls, tuple):
        return " or ".join(c.__name__ for c in plan.cls)
    return str(plan.cls.__name__)


def _build(plan: _Plan, data: Any, path: str, problems: list[tuple[str, str]],
           resolved: bool = False) -> Any:
    """The model of ``plan`` from ``data``; problems are appended (field path, message)."""
    if isinstance(data, str):
        try:
            data = _json_cell(_clean(data), path)
        except _Bad as exc:
            problems.append((exc.field, exc.message))
            return None
    if not isinstance(data, Mapping):
        problems.append((path, f"must be an object of {_name(plan)} fields "
                         f"(got {describe(data)})"))
        return None
    if not resolved:
        data = _resolve(plan, data, path, problems)
    if isinstance(plan.cls, tuple):
        return _build_borrower(plan, data, path, problems)
    cls = plan.cls
    if cls is NaturalPerson:
        data = _derive_from_id_number(data)
    kwargs: dict[str, Any] = {}
    start = len(problems)
    nested = plan.nested
    for name, fld in plan.fields.items():
        value = data.get(name, _BLANK)
        if (value is _BLANK or value is None
                or (value.__class__ is str and (not value or value.isspace()))):
            if value is None and fld.nullable and name in data and not fld.required:
                kwargs[name] = None
            elif fld.required:
                problems.append((f"{path}.{name}" if path else name,
                                 "is required but missing or empty"))
            continue
        where = f"{path}.{name}" if path else name
        try:
            if name in nested:
                value = _build(nested[name], value, where, problems,
                               resolved and isinstance(value, dict))
            elif fld.item_plan is not None:
                items = fld.convert(value, where)
                value = [_build(fld.item_plan, v, f"{where}[{i}]", problems)
                         for i, v in enumerate(items)]
            else:
                value = fld.convert(value, where)
        except _Bad as exc:
            problems.append((exc.field, exc.message))
            continue
        kwargs[name] = value
    if len(problems) > start:
        return None
    try:
        return cls(**kwargs)
    except InvalidInputError as exc:
        problems.extend((p.prefixed(path).field, p.message) for p in exc.problems)
        return None


def _derive_from_id_number(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A person's birth date (and id) from the 18-digit ID number when their column is missing
    or empty: digits 7–14 are the birth date (GB 11643-1999); the model checks the checksum and,
    when both are given, that they agree."""
    number = data.get("id_number")
    if _blank(number) or not isinstance(number, str):
        return data
    text = _clean(number)
    out = dict(data)
    if _blank(out.get("birth_date")) and len(text) == 18 and text[:17].isdigit():
        out["birth_date"] = f"{text[6:10]}-{text[10:12]}-{text[12:14]}"
    if _blank(out.get("id")):
        out["id"] = text.upper()
    return out


def _build_borrower(plan: _Plan, data: Mapping[str, Any], path: str,
                    problems: list[tuple[str, str]]) -> Any:
    """A legal entity when it has a ``kind`` (or ``type`` is ``legal_entity``), else a person."""
    data = dict(data)
    tag = data.pop("type", None)
    if _blank(tag):
        is_entity = not _blank(data.get("kind"))
    elif tag in ("legal_entity", "natural_person"):
        is_entity = tag == "legal_entity"
    else:
        problems.append((_join(path, "type"), "must be 'natural_person' or 'legal_entity' "
                         f"(got {describe(tag)})"))
        return None
    cls = LegalEntity if is_entity else NaturalPerson
    own = _plan(cls)
    for key in list(data):
        if key not in own.fields:
            if _blank(data[key]):
                del data[key]
            else:
                problems.append((_join(path, key), f"is not a field of {cls.__name__} "
                                 f"(expected one of {', '.join(own.fields)})"))
                return None
    return _build(own, data, path, problems, resolved=True)


# --------------------------------------------------------------------------------------------
# headers of flat files


def _spellings(plan: _Plan, depth: int = 0) -> dict[str, tuple[str, ...]]:
    """Every header spelling of a flat file for ``plan`` → the field path it stands for."""
    out: dict[str, tuple[str, ...]] = {k: (v,) for k, v in plan.keys.items()}
    if depth >= 3:
        return out
    labels = _labels.FIELD_LABELS
    bare: dict[str, tuple[str, ...] | None] = {}
    full: tuple[str, ...] | None
    for name, sub in plan.nested.items():
        owners = plan.cls if isinstance(plan.cls, tuple) else (plan.cls,)
        prefixes = [name]
        for owner in owners:
            prefixes.extend(labels.get(owner, {}).get(name, ()))
        for spelling, subpath in _spellings(sub, depth + 1).items():
            full = (name, *subpath)
            for prefix in prefixes:
                for sep in ((".", "_") if prefix == name else ("", ".")):
                    out.setdefault(_norm_key(prefix + sep) + spelling, full)
            if not spelling.isascii() and spelling not in _GENERIC:
                bare[spelling] = None if spelling in bare and bare[spelling] != full else full
    for spelling, full in bare.items():
        if full is not None:
            out.setdefault(spelling, full)
    return out


@functools.cache
def _header_map(plan: _Plan) -> dict[str, tuple[str, ...]]:
    return _spellings(plan)


def _header_paths(plan: _Plan, header: Sequence[str], columns: Mapping[str, str],
                  extra: Mapping[str, Any], source: str, defaults: Mapping[str, Any] = {}
                  ) -> list[tuple[str, ...] | None]:
    """Each column's field path (``None``: ignored); every header problem at once."""
    spellings = _header_map(plan)
    problems: list[Located] = []
    paths: list[tuple[str, ...] | None] = []
    seen: dict[tuple[str, ...], int] = {}
    mapped = {_norm_key(k): v for k, v in columns.items()}
    for i, raw in enumerate(header):
        text = _printable(raw.strip().lstrip("\ufeff"))
        norm = _norm_key(text)
        where = f"header, column {i + 1}"
        path: tuple[str, ...] | None
        if norm in mapped:
            target = mapped[norm]
            path = tuple(target.split(".")) if target else None
            if path is not None and path not in spellings.values() and path[0] not in extra:
                problems.append(Located(source, where, text, f"is mapped to {target!r}, which "
                                        f"is not a field of {_name(plan)}"))
                paths.append(None)
                continue
        elif not norm:
            problems.append(Located(source, where, "", "has an empty column name"))
            paths.append(None)
            continue
        elif norm in spellings:
            path = spellings[norm]
        elif norm in {_norm_key(e) for e in extra}:
            path = (next(e for e in extra if _norm_key(e) == norm),)
        elif norm in _IGNORED:
            path = None
        else:
            problems.append(Located(source, where, text, f"is not a field of {_name(plan)} nor "
                                    "a known label; map it with a columns file (an empty target "
                                    "ignores the column)"))
            paths.append(None)
            continue
        if path is not None:
            if path in seen:
                problems.append(Located(source, where, text, "gives the field "
                                        f"{'.'.join(path)} again (column {seen[path] + 1} "
                                        "already does)"))
            seen.setdefault(path, i)
        paths.append(path)
    if not problems:
        given = [p for p in paths if p] + [(name,) for name in defaults]
        problems.extend(_missing_columns(plan, given, source))
    if problems:
        raise ReadError(problems)
    return paths


def _header_below(plan: _Plan, header: Sequence[str], rows: Iterator[tuple[list[Any], str]],
                  columns: Mapping[str, str], extra: Mapping[str, Any], source: str
                  ) -> Located | None:
    """When no cell of a refused header is a header spelling (a title row), the first of the
    next rows (within :data:`HEADER_SEARCH`) that looks like the header — at least half of its
    cells are header spellings — as a hint to pass ``header_row``; it is never taken silently."""
    known = (set(_header_map(plan)) | {_norm_key(k) for k in columns}
             | {_norm_key(e) for e in extra} | _IGNORED)

    def spellings(cells: Iterable[Any]) -> tuple[int, int]:
        # a tab inside a cell: a tab-separated header below a title line, which set the
        # delimiter to a comma (with header_row the delimiter comes from the header line)
        texts = [_norm_key(t.lstrip("\ufeff")) for c in cells if not _blank(c)
                 for t in str(c).split("\t") if t.strip()]
        return sum(t in known for t in texts), len(texts)

    if spellings(header)[0]:
        return None  # a header with a typo, not a title: its own problems say it all
    try:
        for cells, where in itertools.islice(rows, HEADER_SEARCH - 1):
            hits, count = spellings(cells)
            if hits and 2 * hits >= count:
                number = where.rsplit(" ", 1)[-1]
                return Located(source, where, "", f"looks like the header: pass "
                               f"header_row={number} (--header-row {number}) to skip the rows "
                               "above it")
    except ReadError:  # a broken line further down: the header's problems come first
        return None
    return None


def _missing_columns(plan: _Plan, paths: list[tuple[str, ...]], source: str) -> list[Located]:
    """Required fields no column gives (a column for an enclosing model, e.g. a JSON ``borrower``
    column, gives all of its fields)."""
    given = set(paths)

    def covered(path: tuple[str, ...]) -> bool:
        return any(path[:n] in given for n in range(1, len(path) + 1))

    def missing(p: _Plan, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        if isinstance(p.cls, tuple):
            options = [missing(_plan(c), prefix) for c in p.cls]
            return min(options, key=len)
        out = []
        for name, fld in p.fields.items():
            path = (*prefix, name)
            if covered(path):
                continue
            if p.cls is NaturalPerson and name in ("id", "birth_date") and covered(
                    (*prefix, "id_number")):
                continue
            if name in p.nested and any(g[: len(path)] == path for g in given):
                out.extend(missing(p.nested[name], path))
            elif fld.required:
                out.append(path)
        return out

    return [Located(source, "header", ".".join(path), "no column gives this required field"
                    + _label_hint(plan, path)) for path in missing(plan, ())]


def _label_hint(plan: _Plan, path: tuple[str, ...]) -> str:
    p, owner = plan, None
    for name in path[:-1]:
        p = p.nested.get(name, p)
    owner = p.cls if not isinstance(p.cls, tuple) else p.cls[0]
    labels = _labels.FIELD_LABELS.get(owner, {}).get(path[-1], ())
    return f" (Chinese header: {labels[0]})" if labels else ""


def _template(paths: Sequence[tuple[str, ...] | None]) -> dict[str, Any] | None:
    """Field name → column index (or a nested template), built once per header; ``None`` when
    a column holds a whole model that other columns also give fields of."""
    tree: dict[str, Any] = {}
    for index, path in enumerate(paths):
        if path is None:
            continue
        node = tree
        for name in path[:-1]:
            child = node.setdefault(name, {})
            if not isinstance(child, dict):
                return None
            node = child
        if path[-1] in node:
            return None
        node[path[-1]] = index
    return tree


def _fill(template: Mapping[str, Any], cells: Sequence[Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name, index in template.items():
        if isinstance(index, dict):
            row[name] = _fill(index, cells)
        else:
            cell = cells[index]
            row[name] = cell.strip() if isinstance(cell, str) else cell
    return row


def _flat_row(paths: Sequence[str | None], cells: Sequence[Any]) -> dict[str, Any]:
    """A row of a flat file by dotted field path; text cells lose surrounding blanks."""
    return {path: cell.strip() if isinstance(cell, str) else cell
            for path, cell in zip(paths, cells, strict=False) if path is not None}


# --------------------------------------------------------------------------------------------
# text: encodings and lines


class _Text:
    """A byte stream decoded in chunks, with the encoding detected from the first chunk."""

    def __init__(self, raw: IO[bytes], source: str, encoding: str | None) -> None:
        self.raw = raw
        self.source = source
        first = raw.read(CHUNK)
        if not isinstance(first, bytes):
            raise ReadError([Located(source, "", "", "must be opened in binary mode")])
        self.encoding = encoding or _detect(first, source)
        try:
            self.decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        except LookupError:
            raise ReadError([Located(source, "", "", f"unknown encoding {encoding!r}")]) from None
        self.pending: bytes | None = first
        self.lines_done = 0  # newlines in the text decoded so far

    def chunks(self) -> Iterator[str]:
        while True:
            data = self.pending if self.pending is not None else self.raw.read(CHUNK)
            self.pending = None
            final = not data
            try:
                text = self.decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                head = exc.object[: exc.start].decode(self.encoding, "replace")
                line = self.lines_done + head.count("\n") + 1
                raise ReadError([Located(self.source, f"line {line}", "",
                                         f"is not valid {self.encoding} text ({exc.reason}); "
                                         "give the file's encoding, e.g. --encoding gb18030")]
                                ) from None
            self.lines_done += text.count("\n")
            if text:
                yield text
            if final:
                return

    def lines(self) -> Iterator[str]:
        rest = ""
        for chunk in self.chunks():
            parts = (rest + chunk).split("\n")
            rest = parts.pop()
            for part in parts:
                yield part + "\n"
        if rest:
            yield rest


def _detect(sample: bytes, source: str) -> str:
    """UTF-8 (BOM or not), UTF-16 (BOM, or NULs in every other byte), else GB18030 (a superset of
    GBK and GB2312): the first of them that decodes the sample."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and not sample[0::2].count(0):
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and not sample[1::2].count(0):
        return "utf-16-be"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ReadError([Located(source, "line 1", "", "is neither UTF-8, UTF-16 nor GB18030/GBK "
                             "text; give the file's encoding, e.g. --encoding big5")])


# --------------------------------------------------------------------------------------------
# JSON


class _JSONProblem(ValueError):
    """Valid JSON syntax that a record may not hold (a duplicate key, NaN, a huge number)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JSONProblem(f"duplicate key {key!r} in one object")
        out[key] = value
    return out


def _json_int(text: str) -> int | Decimal:
    # Decimal keeps a long number (Python's int() refuses over 4 300 digits); the field refuses it
    return int(text) if len(text) <= 30 else Decimal(text)


def _json_constant(name: str) -> Any:
    raise _JSONProblem(f"{name} is not a number a record may hold")


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=Decimal, parse_int=_json_int,
                            parse_constant=_json_constant)


def _loads(text: str) -> Any:
    value, end = _DECODER.raw_decode(text)
    if text[end:].strip():
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def _json_array(text: _Text, source: str) -> Iterator[tuple[Any, str]]:
    """The records of a JSON array, decoded one at a time (linear: each character is scanned for
    newlines once)."""
    chunks = text.chunks()
    buf, pos, line, eof = "", 0, 1, False

    def more() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = next(chunks, None)
        if chunk is None:
            eof = True
            return False
        buf, pos = buf[pos:] + chunk, 0
        return True

    def advance(to: int) -> None:
        nonlocal pos, line
        line += buf.count("\n", pos, to)
        pos = to

    def skip_ws() -> str:
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n\ufeff":
                advance(pos + 1)
            if pos < len(buf) or not more():
                return buf[pos] if pos < len(buf) else ""

    def fail(message: str, at: int | None = None) -> ReadError:
        where = line + (buf.count("\n", pos, at) if at is not None else 0)
        return ReadError([Located(source, f"line {where}", "", message)])

    if skip_ws() != "[":
        raise fail("must hold a JSON array of objects, one per record")
    advance(pos + 1)
    index = 0
    if skip_ws() == "]":
        advance(pos + 1)
    else:
        while True:
            skip_ws()
            where = f"record [{index}] (line {line})"
            bad: str | None = None
            while True:
                try:
                    value, end = _DECODER.raw_decode(buf, pos)
                except json.JSONDecodeError as exc:
                    # near the end of the buffer the record may just be cut by the chunk
                    truncated = len(buf) - exc.pos < 1024 or exc.msg.startswith("Unterminated")
                    if truncated and more():
                        continue
                    raise fail(f"invalid JSON ({exc.msg})", exc.pos) from None
                except _JSONProblem as exc:
                    end = _skip_value(buf, pos)
                    if end < 0:
                        if more():
                            continue
                        raise fail(f"invalid JSON ({exc})") from None
                    value, bad = None, str(exc)
                except RecursionError:
                    raise fail("invalid JSON (nested too deeply for a record)") from None
                break
            advance(end)
            yield (_JSONBad(bad) if bad is not None else value), where
            index += 1
            sep = skip_ws()
            if sep == ",":
                advance(pos + 1)
                continue
            if sep == "]":
                advance(pos + 1)
                break
            raise fail(f"invalid JSON (expected ',' or ']' after record [{index - 1}])")
    if skip_ws():
        raise fail("invalid JSON (extra data after the array)")


class _JSONBad:
    def __init__(self, message: str) -> None:
        self.message = message


def _skip_value(buf: str, pos: int) -> int:
    """The end of the JSON value at ``pos``, decoded without the checks (-1: none)."""
    try:
        return json.JSONDecoder(parse_int=str, parse_float=str,
                                parse_constant=str).raw_decode(buf, pos)[1]
    except (json.JSONDecodeError, RecursionError):
        return -1


def _json_lines(text: _Text, source: str) -> Iterator[tuple[Any, str]]:
    for number, raw in enumerate(text.lines(), 1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            value = _loads(raw.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            raise ReadError([Located(source, where, "", f"invalid JSON ({exc.msg})")]) from None
        except _JSONProblem as exc:
            yield _JSONBad(str(exc)), where
            continue
        except RecursionError:
            raise ReadError([Located(source, where, "", "invalid JSON (nested too deeply for a "
                                     "record)")]) from None
        yield value, where


# --------------------------------------------------------------------------------------------
# flat sources: CSV, xlsx, frames


def _csv_rows(text: _Text, source: str, header_row: int | None = None
              ) -> Iterator[tuple[list[str], str]]:
    """The rows of a CSV text, each named by the physical line it starts on. With
    ``header_row``, the lines above it are skipped unparsed (a title with a stray quote or no
    delimiter does no harm) and the delimiter is told from the header line."""
    lines = text.lines()
    skip = (header_row or 1) - 1
    for count in range(skip):
        if next(lines, None) is None:
            raise _beyond(source, skip + 1, count, "the file", "line")
    first = next(lines, None)
    if first is None:
        if header_row is not None:
            raise _beyond(source, header_row, skip, "the file", "line")
        return
    delimiter = "\t" if "\t" in first and "," not in first else ","

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError([Located(source, f"line {start + skip}", "", f"bad CSV: {exc}")]
                            ) from None
        yield cells, f"line {start + skip}"


def _beyond(source: str, header_row: int, count: int, where: str, unit: str) -> ReadError:
    """``header_row`` past the end of a file (or sheet) of ``count`` lines (or rows)."""
    size = "is empty" if count == 0 else f"has only {count} {unit}{'s' if count > 1 else ''}"
    return ReadError([Located(source, "", "header_row", f"is {header_row}, but {where} {size}")])


def _xlsx_rows(raw: IO[bytes] | str, source: str, sheet: str | None,
               header_row: int | None = None) -> Iterator[tuple[list[Any], str]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the excel extra is part of the test install
        raise ReadError([Located(source, "", "", "reading .xlsx needs the 'excel' extra: "
                                 "pip install 'poverty-credit[excel]'")]) from None
    try:
        book = openpyxl.load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, XML errors…
        raise ReadError([Located(source, "", "", f"is not a readable .xlsx workbook ({exc})")]
                        ) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise ReadError([Located(source, "", "", f"has no sheet {sheet!r} (sheets: "
                                     f"{', '.join(book.sheetnames)})")])
        skip = (header_row or 1) - 1
        number = 0
        for number, row in enumerate(ws.iter_rows(values_only=True), 1):
            if number > skip:  # rows above header_row are skipped, whatever they hold
                yield list(row), f"sheet {ws.title}, row {number}"
        if header_row is not None and number < header_row:
            raise _beyond(source, header_row, number, f"sheet {ws.title}", "row")
    finally:
        book.close()


def _frame_rows(frame: Any) -> Iterator[tuple[list[Any], str]] | None:
    """The header and rows of a pandas/polars/pyarrow frame, in bounded batches (or None)."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas" and hasattr(frame, "itertuples"):
        columns = [str(c) for c in frame.columns]

        def pandas_rows() -> Iterator[tuple[list[Any], str]]:
            yield columns, "header"
            for number, row in enumerate(frame.itertuples(index=False, name=None)):
                yield [_scalar(v) for v in row], f"row {number}"

        return pandas_rows()
    if module == "polars" and hasattr(frame, "iter_rows"):

        def polars_rows() -> Iterator[tuple[list[Any], str]]:
            yield list(frame.columns), "header"
            for number, row in enumerate(frame.iter_rows()):
                yield [_scalar(v) for v in row], f"row {number}"

        return polars_rows()
    if module == "pyarrow" and hasattr(frame, "to_batches"):

        def arrow_rows() -> Iterator[tuple[list[Any], str]]:
            yield list(frame.schema.names), "header"
            number = 0
            for batch in frame.to_batches(max_chunksize=4096):
                columns = [col.to_pylist() for col in batch.columns]
                for row in zip(*columns, strict=True):
                    yield [_scalar(v) for v in row], f"row {number}"
                    number += 1

        return arrow_rows()
    return None


def _scalar(value: Any) -> Any:
    """A dataframe cell as a plain Python value: NaN/NaT/NA → missing, numpy → Python."""
    if value is None:
        return None
    kind = type(value)
    if kind in (str, int, bool, Decimal, _dt.date):
        return value
    if kind is float:
        return None if math.isnan(value) else value
    module = kind.__module__.split(".")[0]
    if module in ("numpy", "pandas"):
        try:
            if value != value:  # NaN, NaT
                return None
        except (TypeError, ValueError):  # pandas.NA refuses comparisons
            return None
        if hasattr(value, "to_pydatetime"):
            return value.to_pydatetime()
        if hasattr(value, "item"):
            item = value.item()
            if isinstance(item, int) and hasattr(value, "dtype") and value.dtype.kind == "M":
                return None  # pragma: no cover - numpy datetime64 without a unit
            return item
    return value


# --------------------------------------------------------------------------------------------
# the public readers


def _source_name(source: object, name: str | None) -> str:
    if name:
        return name
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<input>"))


def _format_of(source: object, fmt: str | None, source_name: str) -> str | None:
    if fmt is not None:
        if fmt not in FORMATS:
            raise ReadError([Located(source_name, "", "", f"unknown format {fmt!r} (one of "
                                     f"{', '.join(FORMATS)})")])
        return fmt
    if isinstance(source, (str, os.PathLike)):
        ext = os.path.splitext(os.fspath(source))[1].lower()
        for name, exts in FORMATS.items():
            if ext in exts:
                return name
        raise ReadError([Located(source_name, "", "", "cannot tell the format from the "
                                 f"extension {ext or '(none)'!r}: use .csv, .tsv, .json, .jsonl "
                                 "or .xlsx")])
    return None  # sniffed from the content


def _opened(source: object, source_name: str) -> IO[bytes]:
    if isinstance(source, (str, os.PathLike)):
        try:
            return open(source, "rb")
        except OSError as exc:
            raise ReadError([Located(source_name, "", "", "cannot read the file: "
                                     f"{exc.strerror or exc}")]) from None
    if isinstance(source, io.TextIOBase) or hasattr(source, "encoding"):
        buffer = getattr(source, "buffer", None)
        if buffer is not None:
            return typing.cast(IO[bytes], buffer)
        return typing.cast(IO[bytes], _TextAsBytes(typing.cast(IO[str], source)))
    return typing.cast(IO[bytes], source)


class _TextAsBytes(io.RawIOBase):
    """A text stream without a byte buffer (``io.StringIO``) read as UTF-8 bytes."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.rest = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.rest) < size:
            chunk = self.text.read(CHUNK if size < 0 else max(size, 1))
            if not chunk:
                break
            self.rest += chunk.encode("utf-8", "surrogatepass")
        if size < 0:
            out, self.rest = self.rest, b""
        else:
            out, self.rest = self.rest[:size], self.rest[size:]
        return out


def _sniff(stream: IO[bytes]) -> tuple[str, IO[bytes]]:
    head = stream.read(CHUNK)
    rest = typing.cast(IO[bytes], io.BufferedReader(_Prefixed(head, stream)))
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if text.startswith(b"["):
        return "json", rest
    if text.startswith(b"{"):
        return "jsonl", rest
    return "csv", rest


class _Prefixed(io.RawIOBase):
    def __init__(self, head: bytes, tail: IO[bytes]) -> None:
        self.head = head
        self.tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.head[: len(buffer)] if self.head else self.tail.read(len(buffer))
        self.head = self.head[len(data):] if self.head else b""
        buffer[: len(data)] = data
        return len(data)


def load_columns(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read a columns file: a TOML table ``[columns]`` (or top-level keys) mapping a header of
    the file to a field path (``"户主身份证号" = "borrower.id_number"``; ``""`` ignores it).

    Raises:
        ReadError: the file is missing, not UTF-8 TOML, or a value is not a string.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.loads(fh.read().decode("utf-8"))
    except OSError as exc:
        raise ReadError([Located(name, "", "", f"cannot read the file: {exc.strerror or exc}")]
                        ) from None
    except UnicodeDecodeError as exc:
        raise ReadError([Located(name, "", "", f"is not UTF-8 text (TOML files are UTF-8; "
                                 f"{exc.reason} at byte {exc.start})")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ReadError([Located(name, "", "", f"is not valid TOML ({exc})")]) from None
    table = data.get("columns", data)
    problems = [Located(name, "", str(k), "must map a header to a field path string")
                for k, v in table.items() if not isinstance(v, str)]
    if problems or not isinstance(table, dict):
        raise ReadError(problems or [Located(name, "", "columns", "must be a table")])
    return {str(k): str(v) for k, v in table.items()}


def iter_records(
    source: Any,
    cls: Any,
    *,
    format: str | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    name: str | None = None,
    extra: Mapping[str, Any] | None = None,
    defaults: Mapping[str, Any] | None = None,
    header_row: int | None = None,
) -> Iterator[Record]:
    """Stream the records of ``source`` as models of ``cls``, one :class:`Record` at a time.

    ``cls`` is a model class, or ``NaturalPerson | LegalEntity`` for borrowers of either kind (an
    entity is a record with a ``kind``). A record with problems is yielded with ``value=None``
    and its :class:`Located` problems, so that a caller can report every bad record; a problem of
    the whole source (unreadable, bad encoding, bad header) raises :class:`ReadError` at once.

    Args:
        source: a path, an open file, a dataframe, or an iterable of mappings.
        cls: the model to build.
        format: ``"csv"``, ``"json"``, ``"jsonl"`` or ``"xlsx"``; default: the extension, or
            sniffed.
        encoding: force an encoding (default: detected, see :data:`ENCODINGS`).
        columns: header → field path (``""``: ignore the column), e.g. from :func:`load_columns`.
        sheet: the worksheet of an ``.xlsx`` file (default: the first).
        name: the source's name in messages (default: the path or the file's ``name``).
        extra: more fields to read beside the model's, name → type (e.g. ``tuple[Document, ...]``);
            their values land in :attr:`Record.extra`.
        defaults: values for fields a record leaves out: a value, or a function of the record's
            other raw values.
        header_row: the line (CSV: the physical line the header starts on) or sheet row
            (``.xlsx``) of the header, counted from 1, for exports with title rows above it; the
            rows before it are skipped whatever they hold, and every message keeps the file's
            own line and row numbers. Default: the first row that is not blank. CSV and
            ``.xlsx`` only (JSON, iterables and dataframes have no header row, and refuse it).

    >>> rows = [{"id": "P-1", "birth_date": "2026/3/1", "registered_poor": "否"},
    ...         {"id": "P-2", "birth_date": "01/03/2026", "registered_poor": "是"}]
    >>> good, bad = iter_records(rows, NaturalPerson, name="people")
    >>> good.value.birth_date, bad.value
    (datetime.date(2026, 3, 1), None)
    >>> print(bad.problems[0])  # doctest: +ELLIPSIS
    people, row 1, field birth_date: must put the year first: '01/03/2026' could be day/month...
    """
    plan = _plan(_plan_key(cls))
    source_name = _source_name(source, name)
    _check_header_row(header_row, source_name)
    fmt = _format_of(source, format, source_name)
    extra_convert = {k: _converter(None, k, v) for k, v in (extra or {}).items()}  # type: ignore[arg-type]
    build = functools.partial(_record, plan, source_name, extra_convert, defaults or {})
    frame = None if _is_stream(source) else _frame_rows(source)
    if frame is not None:
        _no_header_row(header_row, source_name, "a dataframe's header is its column names (drop "
                       "the title rows when you build the frame, or read the file itself with "
                       "header_row)")
        yield from _flat(plan, frame, source_name, columns or {}, extra_convert, build,
                         defaults)
        return
    if not _is_stream(source):
        if isinstance(source, Iterable) and not isinstance(source, (str, bytes, Mapping)):
            _no_header_row(header_row, source_name, "an iterable of mappings has no header row "
                           "(its keys are the headers)")
            mapped = {_norm_key(k): v for k, v in (columns or {}).items()}
            for i, item in enumerate(source):
                if mapped and isinstance(item, dict):
                    item = _remap(item, mapped)
                yield build(item, f"row {i}", False)
            return
        raise ReadError([Located(source_name, "", "", "must be a path, an open file, a "
                                 f"dataframe or an iterable of mappings (got {describe(source)})")])
    stream = _opened(source, source_name)
    try:
        if fmt == "xlsx":
            yield from _flat(plan, _xlsx_rows(stream, source_name, sheet, header_row),
                             source_name, columns or {}, extra_convert, build, defaults,
                             header_row=header_row, search=True)
            return
        if fmt is None:
            fmt, stream = _sniff(stream)
        if fmt != "csv":
            kind = "JSON" if fmt == "json" else "JSON Lines"
            _no_header_row(header_row, source_name, f"a {kind} file has no header row (its keys "
                           "are the headers)")
        text = _Text(stream, source_name, encoding)
        if fmt == "csv":
            yield from _flat(plan, _csv_rows(text, source_name, header_row), source_name,
                             columns or {}, extra_convert, build, defaults,
                             header_row=header_row, search=True)
            return
        items = _json_array(text, source_name) if fmt == "json" else _json_lines(text,
                                                                                  source_name)
        mapped = {_norm_key(k): v for k, v in (columns or {}).items()}
        for value, where in items:
            if isinstance(value, _JSONBad):
                yield Record(None, where, (Located(source_name, where, "", value.message),))
                continue
            if mapped and isinstance(value, dict):
                value = _remap(value, mapped)
            yield build(value, where, False)
    finally:
        if isinstance(source, (str, os.PathLike)):
            stream.close()


def _plan_key(cls: Any) -> Any:
    args = _union_args(cls)
    if args is not None:
        return tuple(a for a in args if a is not type(None))
    if not _is_model(cls):
        raise InvalidInputError.single("cls", f"must be a model class (got {describe(cls)})")
    return cls


def _check_header_row(header_row: object, source: str) -> None:
    if header_row is None:
        return
    if isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1:
        raise ReadError([Located(source, "", "header_row", "must be a whole number >= 1: the "
                                 "line (CSV) or sheet row (.xlsx) of the header, counted from 1 "
                                 f"(got {describe(header_row)})")])


def _no_header_row(header_row: int | None, source: str, why: str) -> None:
    if header_row is not None:
        raise ReadError([Located(source, "", "header_row", f"applies to CSV and .xlsx files "
                                 f"only: {why}")])


def _is_stream(source: object) -> bool:
    return isinstance(source, (str, os.PathLike)) or hasattr(source, "read")


def _remap(value: dict[str, Any], mapped: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        target = mapped.get(_norm_key(key)) if isinstance(key, str) else None
        if target == "":
            continue
        out[target or key] = item
    return out


def _flat(plan: _Plan, rows: Iterator[tuple[list[Any], str]], source: str,
          columns: Mapping[str, str], extra: Mapping[str, Any],
          build: Callable[[Any, str, bool], Record],
          defaults: Mapping[str, Any] | None = None, *, header_row: int | None = None,
          search: bool = False) -> Iterator[Record]:
    """Records of a flat source: its header row (the first that is not blank, or the first
    ``rows`` gives when ``header_row`` was given), then one record per row that is not blank.
    ``search``: on a bad header, look below it for a row that looks like the header."""
    defaults = defaults or {}
    first = next(rows, None)  # with header_row, the rows end early only with a ReadError
    while header_row is None and first is not None and all(_blank(c) for c in first[0]):
        first = next(rows, None)  # leading blank lines or spreadsheet rows
    if first is None:
        raise ReadError([Located(source, "", "", "is empty: expected a header line of field "
                                 "names")])
    if header_row is not None and all(_blank(c) for c in first[0]):
        unit = "line" if first[1].startswith("line") else "row"
        raise ReadError([Located(source, first[1], "header_row", f"is {header_row}, a blank "
                                 f"{unit}: give the {unit} the header is on")])
    header = ["" if h is None else str(h) for h in first[0]]
    while header and not header[-1].strip():
        header.pop()  # spreadsheets often carry empty trailing columns
    try:
        paths = _header_paths(plan, header, columns, extra, source, defaults)
    except ReadError as exc:
        hint = _header_below(plan, header, rows, columns, extra, source) if search else None
        if hint is None:
            raise
        raise ReadError([*exc.located, hint]) from None
    template = _template(paths)
    dotted = [None if p is None else ".".join(p) for p in paths]
    width = len(header)
    for cells, where in rows:
        if all(_blank(c) for c in cells):
            continue  # a blank line or spreadsheet row
        if len(cells) > width and any(not _blank(c) for c in cells[width:]):
            yield Record(None, where, (Located(source, where, "", f"has {len(cells)} cells, "
                                               f"more than the header's {width} columns"),))
            continue
        if len(cells) < width:
            yield Record(None, where, (Located(source, where, "", f"has {len(cells)} cells, "
                                               f"fewer than the header's {width} columns (a "
                                               "short row is refused: give every cell, even "
                                               "empty)"),))
            continue
        if template is not None:
            yield build(_fill(template, cells), where, True)
        else:  # a model column beside its own field columns: let _resolve judge them
            yield build(_flat_row(dotted, cells), where, False)


def _record(plan: _Plan, source: str, extra: Mapping[str, Callable[[Any, str], Any]],
            defaults: Mapping[str, Any], data: Any, where: str, resolved: bool) -> Record:
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    if isinstance(data, Mapping) and (extra or defaults):
        data = dict(data)
        for key, convert in extra.items():
            raw = data.pop(key, None)
            if not _blank(raw):
                try:
                    values[key] = convert(raw, key)
                except _Bad as exc:
                    problems.append((exc.field, exc.message))
        for key, default in defaults.items():
            if _blank(data.get(key)):
                data[key] = default(data) if callable(default) else default
    if not isinstance(data, Mapping):
        located = Located(source, where, "", f"must be an object of {_name(plan)} fields (got "
                          f"{describe(data)[:200]})")
        return Record(None, where, (located,), values)
    value = _build(plan, data, "", problems, resolved)
    if problems:
        return Record(None, where, tuple(Located(source, where, f, m) for f, m in problems),
                      values)
    return Record(value, where, (), values)


def read_records(source: Any, cls: type[T] | Any, **options: Any) -> list[T]:
    """Read every record of ``source`` into a model of ``cls`` (options as :func:`iter_records`).

    Raises:
        ReadError: any problem of the source or of a record; ``.located`` lists them all.

    >>> import io
    >>> from poverty_credit import Loan
    >>> csv_text = ("贷款编号,借款人编号,出生日期,是否建档立卡,贷款银行,贷款金额,"
    ...             "放款日期,到期日期,年利率\\r\\n"
    ...             'L-1,P-1,1980年5月1日,是,县信用联社,"50,000.00",2026/3/1,2027/3/1,4.35%\\r\\n')
    >>> [loan] = read_records(io.BytesIO(csv_text.encode("utf-8-sig")), Loan, format="csv")
    >>> loan.lender, loan.principal, loan.annual_rate, loan.borrower.birth_date
    ('credit_union', Decimal('50000.00'), Decimal('0.0435'), datetime.date(1980, 5, 1))
    >>> read_records([{"id": "L-2"}], Loan, name="loans")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    poverty_credit.readers.ReadError: loans, row 0, field borrower: is required but missing...
    """
    values: list[T] = []
    problems: list[Located] = []
    for record in iter_records(source, cls, **options):
        if record.problems:
            problems.extend(record.problems)
        else:
            values.append(record.value)
    if problems:
        raise ReadError(problems)
    return values
