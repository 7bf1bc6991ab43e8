"""A dict/JSON round trip for every model and result, with errors that name the field path.

:func:`to_dict` turns a model (or a result: a :class:`~poverty_credit.Decision`, a
:class:`~poverty_credit.SubsidyStatement`, a :class:`~poverty_credit.LossShare`…) into a dict that
:func:`json.dumps` accepts as is:

* amounts and rates → exact strings (``"50000.00"``, ``"0.0435"``), never floats;
* dates → ISO ``"YYYY-MM-DD"``; enum members → their value (``"credit_union"`` stays a str key);
* tuples → lists, sets → sorted lists, mappings (``Policy.fund_allocations``) → dicts;
  ``None`` is kept; a :class:`~poverty_credit.PolicySchedule` (``RiskFund.policy``) → the list of
  its policies, oldest first.

:func:`from_dict` is the inverse: ``from_dict(to_dict(x), type(x)) == x`` for every model. Input is
read strictly, as a JSON document would give it:

* a date must be an ISO ``"YYYY-MM-DD"`` string (or a :class:`datetime.date`);
* a flag must be a JSON boolean (``true``/``false``); parsing ``"是"``/``"yes"`` is the command
  line's business, not this module's;
* an amount or a rate may be a JSON integer or a string; a JSON float (``50000.0``) is refused,
  because binary floats cannot hold most amounts of fen exactly;
* a key that is not a field of the record is refused (a misspelt ``"pricipal"`` must not silently
  fall back to a default), and so is a missing required key;
* a loan's ``borrower`` is told apart by its keys — a person has ``birth_date``, an entity has
  ``kind`` — or by an optional tag ``"type": "natural_person"`` / ``"legal_entity"``.

Every problem is reported in one :class:`~poverty_credit.InvalidInputError` whose field paths start
at the record given (``"loan.principal"``, ``"repayments[1].on"``,
``"agreements[0].household.registered_poor"``); nothing else is raised for bad data.

>>> import datetime as dt
>>> from poverty_credit import NaturalPerson
>>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
>>> to_dict(p)["birth_date"]
'1980-05-01'
>>> from_dict(to_dict(p), NaturalPerson) == p
True
>>> from_dict({"id": "P-1", "birth_date": "1980-05-01", "registered_poor": "yes"}, NaturalPerson)
Traceback (most recent call last):
...
poverty_credit.errors.InvalidInputError: registered_poor: must be a bool (got 'yes', a str)
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    import cattrs

from poverty_credit._money import describe, describe_zh
from poverty_credit._validate import UNREADABLE, as_enum
from poverty_credit.errors import InvalidInputError, Problem, ProblemCode
from poverty_credit.models import (
    Application,
    CompensationClaim,
    DrivingAgreement,
    LegalEntity,
    Loan,
    NaturalPerson,
    Repayment,
)
from poverty_credit.periods import not_a_date, parse_date
from poverty_credit.policy import Policy
from poverty_credit.schedule import PolicySchedule

T = TypeVar("T")

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]

#: Classes that validate every field themselves (with messages naming the field): their scalar
#: fields are handed over raw, so the message a user sees is the model's own.
_SELF_VALIDATING: frozenset[type] = frozenset({
    Application, CompensationClaim, DrivingAgreement, LegalEntity, Loan, NaturalPerson, Policy,
    Repayment,
})
_SCALARS = (str, int, bool, Decimal)
#: The tag values accepted for a borrower (optional; the keys tell the two kinds apart anyway).
_BORROWER_TAGS: dict[str, type] = {"natural_person": NaturalPerson, "legal_entity": LegalEntity}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \d takes any digit


# --- unstructuring (model → dict) ----------------------------------------------------------------


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")  # exact and without exponent: "50000.00", "0.0435"


def _plain(value: object) -> Any:
    """Enum members as their value; bools, ints and strs as themselves."""
    return value.value if isinstance(value, enum.Enum) else value


def _sort_key(value: object) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def _sorted_list(items: typing.Iterable[Any]) -> list[Any]:
    return sorted(items, key=_sort_key)


# --- structuring (dict → model) ------------------------------------------------------------------


def _wrong_type(value: object, what: str, what_zh: str) -> InvalidInputError:
    return InvalidInputError.single(
        "",
        f"must be {what} (got {describe(value)})",
        ProblemCode.WRONG_TYPE,
        f"应为{what_zh}（{describe_zh(value)}）",
    )


def _structure_text(value: object, kind: type) -> Any:
    if issubclass(kind, enum.Enum):
        return _structure_enum(value, kind)
    if not isinstance(value, str):
        raise _wrong_type(value, "a str", "字符串")
    return value


def _structure_int(value: object, kind: type) -> Any:
    if issubclass(kind, enum.Enum):
        return _structure_enum(value, kind)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(value, "an int", "整数")
    return value


def _require_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type(value, "a bool", "布尔值 true 或 false")
    return value


def _structure_decimal(value: object, _: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise _wrong_type(
            value, "a Decimal, int or str of a number", "Decimal、int 或 str 表示的数值"
        )
    try:
        number = value if isinstance(value, Decimal) else Decimal(
            value.strip() if isinstance(value, str) else value
        )
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidInputError.single(
            "",
            f"must be a finite number (got {describe(value)})",
            ProblemCode.NOT_FINITE,
            f"应为有限数值（{describe_zh(value)}）",
        )
    return number


def _structure_date(value: object, _: object) -> _dt.date:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value.strip()):
        raise not_a_date(value, "")
    return parse_date(value, "")


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    for member in kind:  # a value of the member's own type (an IntEnum's int); else as the models
        if type(value) is type(member.value) and value == member.value:
            return member
    return as_enum(kind, value, "")


def _items(value: object) -> list[Any]:
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise _wrong_type(value, "a list", "列表")
    return list(value)


def _structure_items(items: list[Any], item_types: list[Any]) -> list[Any]:
    """Structure every item of a list, collecting every problem with its index."""
    parsed: list[Any] = []
    problems: list[Problem] = []
    for i, (item, item_type) in enumerate(zip(items, item_types, strict=True)):
        try:
            parsed.append(_CONVERTER.structure(item, item_type))
        except Exception as exc:  # every failure becomes a Problem with its path
            problems.extend(_problems(exc, f"[{i}]"))
    if problems:
        raise InvalidInputError(problems)
    return parsed


def _structure_each(value: object, item_type: Any) -> list[Any]:
    items = _items(value)
    return _structure_items(items, [item_type] * len(items))


def _structure_sequence(value: object, kind: Any) -> Any:
    """tuple[X, ...], tuple[X, Y], list[X], Sequence[X]: from a list, item by item."""
    args = typing.get_args(kind) or (Any, ...)
    if _origin(kind) is list:
        return _structure_each(value, args[0])
    if len(args) == 1 or (len(args) == 2 and args[1] is Ellipsis):
        return tuple(_structure_each(value, args[0]))
    items = _items(value)
    if len(items) != len(args):
        raise InvalidInputError.single(
            "",
            f"must be a list of {len(args)} items (got {describe(value)})",
            ProblemCode.WRONG_TYPE,
            f"应为含 {len(args)} 项的列表（{describe_zh(value)}）",
        )
    return tuple(_structure_items(items, list(args)))


def _structure_frozenset(value: object, kind: Any) -> frozenset[Any]:
    (item_type,) = typing.get_args(kind) or (Any,)
    return frozenset(_structure_each(value, item_type))


def _structure_mapping(value: object, kind: Any) -> dict[Any, Any]:
    key_type, value_type = typing.get_args(kind) or (Any, Any)
    if not isinstance(value, Mapping):
        raise _wrong_type(value, "a dict", "对象（键值映射）")
    parsed: dict[Any, Any] = {}
    problems: list[Problem] = []
    for key, item in value.items():
        try:
            parsed[_CONVERTER.structure(key, key_type)] = _CONVERTER.structure(item, value_type)
        except Exception as exc:  # every failure becomes a Problem with its path
            problems.extend(_problems(exc, str(key)))
    if problems:
        raise InvalidInputError(problems)
    return parsed


def _structure_borrower(value: object, _: object) -> NaturalPerson | LegalEntity:
    if not isinstance(value, Mapping):
        raise _wrong_type(
            value, "a dict of a NaturalPerson or a LegalEntity", "自然人或法人客户的对象"
        )
    data = dict(value)
    tag = data.pop("type", None)
    if tag is not None:
        if not isinstance(tag, str) or tag not in _BORROWER_TAGS:
            raise InvalidInputError.single(
                "type",
                f"must be 'natural_person' or 'legal_entity' (got {describe(tag)})",
                ProblemCode.NOT_A_MEMBER,
                f"应为 'natural_person' 或 'legal_entity'（{describe_zh(tag)}）",
            )
        kind = _BORROWER_TAGS[tag]
    elif "birth_date" in data and "kind" not in data:
        kind = NaturalPerson
    elif "kind" in data and "birth_date" not in data:
        kind = LegalEntity
    else:
        raise InvalidInputError.single(
            "",
            "cannot tell a NaturalPerson (with birth_date) from a LegalEntity (with kind); "
            "give exactly one of those keys or a \"type\" of 'natural_person' or 'legal_entity' "
            f"(got the keys {sorted(map(str, data))})",
            ProblemCode.AMBIGUOUS_RECORD,
            "无法判断是自然人（有 birth_date）还是法人客户（有 kind）：请只给出其中一个键，"
            "或给出 \"type\"：'natural_person' 或 'legal_entity'"
            f"（实际的键为 {sorted(map(str, data))}）",
        )
    result: NaturalPerson | LegalEntity = _CONVERTER.structure(data, kind)
    return result


def _structure_policy_or_schedule(value: object, _: object) -> Policy | PolicySchedule:
    """``RiskFund.policy``: a policy (a dict) or a schedule (a list of policies, oldest first)."""
    if isinstance(value, Mapping):
        policy: Policy = _CONVERTER.structure(value, Policy)
        return policy
    if isinstance(value, list):
        return PolicySchedule(_structure_each(value, Policy))
    raise InvalidInputError.single(
        "", f"must be a dict of Policy fields, or a list of them for a PolicySchedule "
        f"(got {describe(value)})"
    )


def _raw(value: object, _: object) -> object:
    return value


def _is_scalar(kind: Any) -> bool:
    """Whether a field type is a scalar (possibly optional) or a mapping of scalars."""
    options = [kind]
    if _is_union(kind):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
    for option in options:
        origin = typing.get_origin(option) or option
        if isinstance(origin, type) and (
            issubclass(origin, _SCALARS) or issubclass(origin, enum.Enum)
            or issubclass(origin, Mapping)
        ):
            continue
        return False
    return True


def _origin(kind: Any) -> Any:
    return typing.get_origin(kind)


def _is_union(kind: Any) -> bool:
    return typing.get_origin(kind) in (typing.Union, types.UnionType)


def _head(path: str) -> str:
    """The first component of a field path: ``"repayments"`` of ``"repayments[1].on"``."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _missing(name: str) -> Problem:
    return Problem(name, "is required but missing", ProblemCode.REQUIRED, "缺少必填字段")


def _unknown(key: object, cls: type, names: Sequence[str]) -> Problem:
    allowed = ", ".join(names)
    return Problem(
        str(key),
        f"is not a field of {cls.__name__} (expected one of: {allowed})",
        ProblemCode.UNKNOWN_FIELD,
        f"不是 {cls.__name__} 的字段（可用字段：{allowed}）",
    )


def _attrs_structure_hook(cls: type) -> Callable[[Any, Any], Any]:
    """Read a dict into ``cls`` reporting every problem at once, nested ones included.

    Each field is read on its own. A field that cannot be read is handed to the constructor as
    :data:`~poverty_credit._validate.UNREADABLE`, so the model still checks every other field and
    every rule between readable fields; its problems for unreadable fields are dropped (already
    reported). Nothing half-built is ever returned.
    """
    fields = [a for a in attrs.fields(cls) if a.init]
    hints = typing.get_type_hints(cls)
    raw = (
        {a.name for a in fields if _is_scalar(hints[a.name])}
        if cls in _SELF_VALIDATING else set()
    )
    order = {a.name: i for i, a in enumerate(fields)}

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidInputError.single(
                "",
                f"must be a dict of {cls.__name__} fields (got {describe(value)})",
                ProblemCode.WRONG_TYPE,
                f"应为 {cls.__name__} 字段组成的对象（{describe_zh(value)}）",
            )
        problems: list[Problem] = []
        unreadable: set[str] = set()
        kwargs: dict[str, Any] = {}
        for a in fields:
            if a.name not in value:
                if a.default is attrs.NOTHING:
                    problems.append(_missing(a.name))
                    unreadable.add(a.name)
                    kwargs[a.alias] = UNREADABLE
                continue
            item = value[a.name]
            if a.name in raw:
                kwargs[a.alias] = item
                continue
            try:
                kwargs[a.alias] = _CONVERTER.structure(item, hints[a.name])
            except Exception as exc:  # every failure becomes a Problem with its path
                problems.extend(_problems(exc, a.name))
                unreadable.add(a.name)
                kwargs[a.alias] = UNREADABLE
        extra = sorted(set(value) - set(order), key=str)
        problems.extend(_unknown(key, cls, list(order)) for key in extra)
        try:
            obj = cls(**kwargs)
        except InvalidInputError as exc:
            problems.extend(p for p in exc.problems if _head(p.field) not in unreadable)
        except Exception as exc:  # a constructor failing on its own: still only invalid input
            if not problems:
                problems.append(Problem("", f"cannot be read ({type(exc).__name__}: {exc})"))
        else:
            if not problems:
                problems.extend(_result_problems(obj, hints))
        if problems:
            last = len(order)
            raise InvalidInputError(sorted(problems, key=lambda p: order.get(_head(p.field), last)))
        return obj

    return structure


#: Signed number fields of result classes (``Class.field``); every other int or Decimal of a
#: result is a count, an amount or a rate and is never negative.
_SIGNED: frozenset[str] = frozenset()
#: Result fields with a narrower range than ">= 0".
_RANGES: dict[str, tuple[int, int]] = {
    "month": (1, 12),
    "year": (1, 9999),
}
#: Counts that cannot exceed another count of the same result (``part``, ``whole``).
_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "PortfolioFigures": (
        ("eligible_with_loan", "eligible_households"),
        ("registered_covered", "registered_households"),
    ),
}


def _result_problems(obj: object, hints: dict[str, Any]) -> list[Problem]:
    """What a result read from a dict cannot be: a negative count or amount, month 13, more
    households with a loan than households. Results made by the rules never are; these checks
    apply to results that validate nothing themselves (models check their own fields)."""
    cls = type(obj)
    if cls in _SELF_VALIDATING:
        return []
    problems: list[Problem] = []
    for a in attrs.fields(typing.cast(Any, cls)):
        value = getattr(obj, a.name)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            continue
        if f"{cls.__name__}.{a.name}" in _SIGNED or not _is_number_type(hints.get(a.name)):
            continue
        low, high = _RANGES.get(a.name, (0, None)) if isinstance(value, int) else (0, None)
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f">= {low}"
            bound_zh = f"在 {low} 到 {high} 之间" if high is not None else f"不小于 {low}"
            problems.append(Problem(
                a.name,
                f"must be {bound} (got {describe(value)})",
                ProblemCode.NEGATIVE if value < 0 else ProblemCode.OUT_OF_RANGE,
                f"应{bound_zh}（{describe_zh(value)}）",
            ))
    for part, whole in _PARTS.get(cls.__name__, ()):
        if not problems and getattr(obj, part) > getattr(obj, whole):
            problems.append(Problem(
                part,
                f"cannot exceed {whole} {getattr(obj, whole)} (got {getattr(obj, part)})",
                ProblemCode.AMOUNT_INCONSISTENT,
                f"不能超过 {whole} 的 {getattr(obj, whole)}（实际为 {getattr(obj, part)}）",
            ))
    return problems


def _is_number_type(kind: Any) -> bool:
    options = typing.get_args(kind) if _is_union(kind) else (kind,)
    return any(o in (int, Decimal) for o in options)


def _make_converter() -> cattrs.Converter:
    import cattrs  # imported when serialization is first used, not with the package

    conv = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        unstruct_collection_overrides={
            typing.AbstractSet: _sorted_list,
            typing.Sequence: list,
            typing.Mapping: dict,
        },
    )
    conv.register_unstructure_hook(Decimal, _decimal_text)
    conv.register_unstructure_hook(_dt.date, _dt.date.isoformat)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(_dt.date, _structure_date)
    # A str enum is a subclass of str: cattrs dispatches it to the str hook first, so the scalar
    # hooks read enums too (as their value, checked by as_enum).
    conv.register_structure_hook(str, _structure_text)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _require_bool)
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_unstructure_hook(str, _plain)
    conv.register_unstructure_hook(int, _plain)
    conv.register_unstructure_hook(enum.Enum, _plain)
    conv.register_structure_hook_func(
        lambda t: _origin(t) in (tuple, list, typing.Sequence, Sequence), _structure_sequence
    )
    conv.register_structure_hook_func(
        lambda t: _origin(t) in (frozenset, set, typing.AbstractSet), _structure_frozenset
    )
    conv.register_structure_hook_func(
        lambda t: _origin(t) in (dict, Mapping, typing.Mapping), _structure_mapping
    )
    conv.register_structure_hook_func(
        lambda t: _is_union(t) and set(typing.get_args(t)) == {NaturalPerson, LegalEntity},
        _structure_borrower,
    )
    conv.register_structure_hook_func(
        lambda t: _is_union(t) and set(typing.get_args(t)) == {Policy, PolicySchedule},
        _structure_policy_or_schedule,
    )
    conv.register_unstructure_hook(
        PolicySchedule, lambda schedule: [conv.unstructure(p) for p in schedule]
    )
    conv.register_structure_hook_factory(attrs.has, _attrs_structure_hook)
    return conv


# --- errors: every failure → one InvalidInputError with field paths ------------------------------


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Every problem of an exception raised while structuring, with its field path."""
    if isinstance(exc, InvalidInputError):
        return [p.prefixed(path) for p in exc.problems]
    return [Problem(path, f"cannot be read ({type(exc).__name__}: {exc})")]


class _LazyConverter:
    """The converter, made (and cattrs imported) on first use."""

    _made: cattrs.Converter | None = None

    def __getattr__(self, name: str) -> Any:
        if _LazyConverter._made is None:
            _LazyConverter._made = _make_converter()
        return getattr(_LazyConverter._made, name)


_CONVERTER: Any = _LazyConverter()


# --- the public functions ------------------------------------------------------------------------


def to_dict(obj: object) -> dict[str, Any]:
    """A JSON-ready dict of a model or a result (amounts as exact strings, dates ISO).

    Args:
        obj: an instance of a model (``Loan``, ``Policy``…) or a result (``Decision``,
            ``SubsidyStatement``…).

    Returns:
        A dict that :func:`json.dumps` accepts without a ``default=``.

    Raises:
        InvalidInputError: ``obj`` is not a record of this library (an attrs instance).

    >>> from poverty_credit import DEFAULT_POLICY
    >>> d = to_dict(DEFAULT_POLICY)
    >>> d["max_loan_amount"], d["fund_share"], d["fund_allocations"]["credit_union"]
    ('50000.00', '0.70', '15000000.00')
    """
    if not attrs.has(type(obj)):
        raise _wrong_type(obj, "a model or a result of poverty_credit", "本库的模型或结果")
    result: dict[str, Any] = _CONVERTER.unstructure(obj)
    return result


def from_dict(data: object, cls: type[T]) -> T:
    """Build a model or a result of class ``cls`` from a dict such as :func:`to_dict` makes.

    Args:
        data: a dict (a parsed JSON object).
        cls: the class to build, e.g. :class:`~poverty_credit.Loan`.

    Returns:
        The validated instance; ``from_dict(to_dict(x), type(x)) == x``.

    Raises:
        InvalidInputError: every problem of ``data``, each with its field path from the record
            given, e.g. ``"borrower.birth_date"``; also for junk (a list, ``None``…) and for
            unknown keys.

    >>> from poverty_credit import Repayment
    >>> from_dict({"on": "2026-06-15", "principal": "20000"}, Repayment)
    Repayment(on=datetime.date(2026, 6, 15), principal=Decimal('20000.00'))
    >>> from_dict({"on": "15/06/2026", "principal": 20000.0, "by": "cash"}, Repayment)
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: on: must be a date written YYYY-MM-DD \
(got '15/06/2026', a str); principal: must be a Decimal, int or str of yuan \
(got 20000.0, a float); by: is not a field of Repayment (expected one of: on, principal)
    """
    if not (attrs.has(cls) or _is_union(cls)):
        raise InvalidInputError.single(
            "cls",
            f"must be a model or result class of poverty_credit (got {describe(cls)})",
            ProblemCode.WRONG_TYPE,
            f"应为本库的模型或结果类（{describe_zh(cls)}）",
        )
    try:
        result: T = _CONVERTER.structure(data, cls)
    except Exception as exc:  # bad data must only ever raise InvalidInputError
        raise InvalidInputError(_problems(exc, "")) from None
    return result


def to_json(obj: object, *, indent: int | None = 2) -> str:
    """:func:`to_dict` written as JSON text (UTF-8 characters kept readable, e.g. 能人大户).

    >>> from poverty_credit import Repayment
    >>> import datetime as dt
    >>> print(to_json(Repayment(on=dt.date(2026, 6, 15), principal="20000"), indent=None))
    {"on": "2026-06-15", "principal": "20000.00"}
    """
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """:func:`from_dict` of JSON text; text that is not JSON is :class:`InvalidInputError` too.

    >>> from poverty_credit import Repayment
    >>> from_json('{"on": "2026-06-15", "principal": 20000}', Repayment).principal
    Decimal('20000.00')
    >>> from_json('{"on": "2026-06-15", "principal": 20000.5}', Repayment)
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: principal: must be a Decimal, int or str of yuan \
(got 20000.5, a float)
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise _wrong_type(text, "JSON text", "JSON 文本")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidInputError.single(
            "", f"is not valid JSON: {exc}", ProblemCode.INVALID_JSON, f"不是有效的 JSON：{exc}"
        ) from None
    return from_dict(data, cls)
