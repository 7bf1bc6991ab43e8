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
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
)
from cattrs.gen import make_dict_structure_fn, override

from poverty_credit._money import describe
from poverty_credit._validate import as_enum
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.models import (
    Application,
    CompensationClaim,
    DrivingAgreement,
    LegalEntity,
    Loan,
    NaturalPerson,
    Repayment,
)
from poverty_credit.periods import parse_date
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
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def _structure_text(value: object, kind: type) -> Any:
    if issubclass(kind, enum.Enum):
        return _structure_enum(value, kind)
    if not isinstance(value, str):
        raise InvalidInputError.single("", f"must be a str (got {describe(value)})")
    return value


def _structure_int(value: object, kind: type) -> Any:
    if issubclass(kind, enum.Enum):
        return _structure_enum(value, kind)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError.single("", f"must be an int (got {describe(value)})")
    return value


def _require_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError.single("", f"must be a bool (got {describe(value)})")
    return value


def _structure_decimal(value: object, _: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise InvalidInputError.single(
            "", f"must be a Decimal, int or str of a number (got {describe(value)})"
        )
    try:
        number = value if isinstance(value, Decimal) else Decimal(
            value.strip() if isinstance(value, str) else value
        )
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidInputError.single("", f"must be a finite number (got {describe(value)})")
    return number


def _structure_date(value: object, _: object) -> _dt.date:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value.strip()):
        raise InvalidInputError.single(
            "", f"must be a date written YYYY-MM-DD (got {describe(value)})"
        )
    return parse_date(value, "")


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    for member in kind:  # a value of the member's own type (an IntEnum's int); else as the models
        if type(value) is type(member.value) and value == member.value:
            return member
    return as_enum(kind, value, "")


def _items(value: object) -> list[Any]:
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise InvalidInputError.single("", f"must be a list (got {describe(value)})")
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
            "", f"must be a list of {len(args)} items (got {describe(value)})"
        )
    return tuple(_structure_items(items, list(args)))


def _structure_frozenset(value: object, kind: Any) -> frozenset[Any]:
    (item_type,) = typing.get_args(kind) or (Any,)
    return frozenset(_structure_each(value, item_type))


def _structure_mapping(value: object, kind: Any) -> dict[Any, Any]:
    key_type, value_type = typing.get_args(kind) or (Any, Any)
    if not isinstance(value, Mapping):
        raise InvalidInputError.single("", f"must be a dict (got {describe(value)})")
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
        raise InvalidInputError.single(
            "", f"must be a dict of a NaturalPerson or a LegalEntity (got {describe(value)})"
        )
    data = dict(value)
    tag = data.pop("type", None)
    if tag is not None:
        if not isinstance(tag, str) or tag not in _BORROWER_TAGS:
            raise InvalidInputError.single(
                "type", f"must be 'natural_person' or 'legal_entity' (got {describe(tag)})"
            )
        kind = _BORROWER_TAGS[tag]
    elif "birth_date" in data and "kind" not in data:
        kind = NaturalPerson
    elif "kind" in data and "birth_date" not in data:
        kind = LegalEntity
    else:
        raise InvalidInputError.single(
            "", "cannot tell a NaturalPerson (with birth_date) from a LegalEntity (with kind); "
            "give exactly one of those keys or a \"type\" of 'natural_person' or 'legal_entity' "
            f"(got the keys {sorted(map(str, data))})"
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


def _attrs_structure_hook(cls: type) -> Callable[[Any, Any], Any]:
    overrides: dict[str, Any] = {}
    if cls in _SELF_VALIDATING:
        hints = typing.get_type_hints(cls)
        overrides = {
            a.name: override(struct_hook=_raw)
            for a in attrs.fields(cls)
            if _is_scalar(hints[a.name])
        }
    generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, _CONVERTER, **overrides)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidInputError.single(
                "", f"must be a dict of {cls.__name__} fields (got {describe(value)})"
            )
        return generated(value, cls)

    return structure


def _make_converter() -> cattrs.Converter:
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


# --- errors: cattrs' exception groups → one InvalidInputError with field paths -----------------


def _join(path: str, name: str) -> str:
    if not path:
        return name
    if not name:
        return path
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Every problem of an exception raised while structuring, with its field path."""
    if isinstance(exc, InvalidInputError):
        return [p.prefixed(path) for p in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(a.name for a in attrs.fields(exc.cl)) if attrs.has(exc.cl) else ""
        return [
            Problem(_join(path, str(key)),
                    f"is not a field of {exc.cl.__name__} (expected one of: {allowed})")
            for key in sorted(exc.extra_fields, key=str)
        ]
    if isinstance(exc, BaseValidationError):
        found: list[Problem] = []
        for sub in exc.exceptions:
            found.extend(_problems(sub, _join(path, _note_path(sub))))
        return found
    if isinstance(exc, KeyError) and _note_path(exc):
        return [Problem(path, "is required but missing")]
    return [Problem(path, f"cannot be read ({type(exc).__name__}: {exc})")]


def _note_path(exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return note.name
    return ""


_CONVERTER = _make_converter()


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
        raise InvalidInputError.single(
            "", f"to_dict takes a model or a result of poverty_credit (got {describe(obj)})"
        )
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
(got '15/06/2026', a str); by: is not a field of Repayment (expected one of: on, principal)
    """
    if not (attrs.has(cls) or _is_union(cls)):
        raise InvalidInputError.single(
            "cls", f"must be a model or result class of poverty_credit (got {describe(cls)})"
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
        raise InvalidInputError.single("", f"must be JSON text (got {describe(text)})")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidInputError.single("", f"is not valid JSON: {exc}") from None
    return from_dict(data, cls)
