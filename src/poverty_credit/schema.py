"""JSON Schema (draft 2020-12) of every model and result, generated from the attrs classes.

The schemas are built from the classes' fields and type annotations when asked for, so they are
the one source of truth the models are, and a field added to a model appears in its schema without
anyone touching this module. They describe the JSON that :func:`~poverty_credit.to_dict` writes
and :func:`~poverty_credit.from_dict` reads:

* amounts and rates: a decimal string (``"50000.00"``, ``"0.0435"``) or a JSON integer, never a
  float; dates: ``"YYYY-MM-DD"``; enum members: their value; sets: arrays; ``None``: ``null``;
* every object lists its ``required`` keys (fields without a default) and refuses other keys
  (``additionalProperties: false``), as :func:`~poverty_credit.from_dict` does;
* a loan's ``borrower`` is a natural person (with ``birth_date``) or a legal entity (with
  ``kind``), optionally tagged ``"type": "natural_person"`` / ``"legal_entity"``.

A schema checks the shape of a record. The values' own rules (a principal above zero, at most two
decimals, an ID number's checksum, a maturity after the start) stay with the models: run
:func:`~poverty_credit.from_dict` (or :func:`~poverty_credit.validate`) after the schema, or
instead of it.

>>> sorted(json_schema("Repayment")["$defs"]["Repayment"]["required"])
['on', 'principal']
>>> "Loan" in schema_names() and "Decision" in schema_names()
True
"""

from __future__ import annotations

import copy
import datetime as _dt
import enum
import json
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from poverty_credit._money import describe, describe_zh
from poverty_credit.errors import InvalidInputError, ProblemCode

__all__ = ["DIALECT", "json_schema", "schema_names"]

#: The JSON Schema dialect of every schema here.
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A decimal number as :class:`decimal.Decimal` reads it from text (no NaN, no infinity; ASCII
#: digits only, ``[0-9]`` rather than ``\d``, which matches every Unicode digit in Python).
DECIMAL_PATTERN = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
#: A date as :func:`~poverty_credit.from_dict` reads it: ``YYYY-MM-DD`` (blanks around allowed).
DATE_PATTERN = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"
#: The tags a borrower may carry (see :mod:`poverty_credit.serialization`).
_BORROWER_TAGS = {"NaturalPerson": "natural_person", "LegalEntity": "legal_entity"}


def _classes() -> dict[str, type]:
    """Every attrs class the package exports, by name (models, results, problems)."""
    import poverty_credit

    found: dict[str, type] = {}
    for name in poverty_credit.__all__:
        obj = getattr(poverty_credit, name)
        if isinstance(obj, type) and attrs.has(obj):
            found[name] = obj
    return found


def schema_names() -> tuple[str, ...]:
    """The names :func:`json_schema` knows: every model and result class of the package, sorted.

    >>> {"Loan", "NaturalPerson", "Policy", "Decision", "SubsidyStatement"} <= set(schema_names())
    True
    """
    return tuple(sorted(_classes()))


class _Builder:
    """Builds the schema of one type and the ``$defs`` of every attrs class it reaches."""

    def __init__(self, ref_prefix: str) -> None:
        self.ref_prefix = ref_prefix
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"{self.ref_prefix}{name}"}

    def shared(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        """A schema kept once under ``$defs`` and referred to (``Decimal``, ``Date``)."""
        self.defs.setdefault(name, schema)
        return self.ref(name)

    def of(self, kind: Any) -> dict[str, Any]:
        if kind is Any or kind is object:
            return {}
        if isinstance(kind, type) and attrs.has(kind):
            return self.of_class(kind)
        if _is_union(kind):
            return self.of_union(kind)
        origin = typing.get_origin(kind)
        if origin is typing.Literal:
            return {"enum": [_plain(v) for v in typing.get_args(kind)]}
        if origin is not None:
            return self.of_generic(kind, origin)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"enum": [m.value for m in kind], "title": kind.__name__}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if kind is str:
            return {"type": "string"}
        if kind is Decimal:
            return self.shared("Decimal", {
                "title": "Decimal",
                "description": "an exact decimal: a string such as \"50000.00\" or an integer, "
                "never a float (amounts: yuan with at most two decimals; rates: fractions)",
                "anyOf": [{"type": "string", "pattern": DECIMAL_PATTERN}, {"type": "integer"}],
            })
        if kind is _dt.date:
            return self.shared("Date", {
                "title": "Date",
                "description": "a calendar date written YYYY-MM-DD",
                "type": "string",
                "format": "date",
                "pattern": DATE_PATTERN,
            })
        if kind is type(None):
            return {"type": "null"}
        return {}  # a type this module does not know yet: anything (from_dict still checks it)

    def of_union(self, kind: Any) -> dict[str, Any]:
        options = list(typing.get_args(kind))
        names = {getattr(o, "__name__", "") for o in options}
        if set(_BORROWER_TAGS) <= names:
            return {"anyOf": [schema for o in options for schema in self.tagged(o)]}
        return {"anyOf": [self.of(o) for o in options]}

    def tagged(self, kind: Any) -> list[dict[str, Any]]:
        """A class of the borrower union: as is, and with its optional ``"type"`` tag."""
        plain = self.of(kind)
        tag = _BORROWER_TAGS.get(getattr(kind, "__name__", ""))
        if tag is None:
            return [plain]
        name = f"{kind.__name__}Tagged"
        if name not in self.defs:
            tagged = copy.deepcopy(self.defs[kind.__name__])
            tagged["properties"] = {"type": {"const": tag}, **tagged["properties"]}
            tagged["required"] = ["type", *tagged["required"]]
            tagged["title"] = f"{kind.__name__} (tagged)"
            self.defs[name] = tagged
        return [plain, self.ref(name)]

    def of_generic(self, kind: Any, origin: Any) -> dict[str, Any]:
        args = typing.get_args(kind)
        if origin in (dict, Mapping, typing.Mapping):
            key, value = args or (str, Any)
            schema: dict[str, Any] = {"type": "object", "additionalProperties": self.of(value)}
            if isinstance(key, type) and issubclass(key, enum.Enum):
                schema["propertyNames"] = {"enum": [str(m.value) for m in key]}
            return schema
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            items = [self.of(a) for a in args]
            return {
                "type": "array",
                "prefixItems": items,
                "items": False,
                "minItems": len(items),
                "maxItems": len(items),
            }
        if origin in (tuple, list, Sequence, typing.Sequence, frozenset, set, typing.AbstractSet):
            return {"type": "array", "items": self.of(args[0]) if args else {}}
        return {}

    def of_class(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class reached again while building refers to it
            hints = typing.get_type_hints(cls)
            properties: dict[str, Any] = {}
            required: list[str] = []
            for a in attrs.fields(typing.cast(Any, cls)):
                if not a.init:
                    continue
                prop = self.of(hints.get(a.name, Any))
                default = _json_default(a.default)
                if default is not _NO_DEFAULT:
                    prop = {**prop, "default": default}
                properties[a.name] = prop
                if a.default is attrs.NOTHING:
                    required.append(a.name)
            self.defs[name] = {
                "type": "object",
                "title": name,
                "description": _summary(cls),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return self.ref(name)


_NO_DEFAULT = object()


def _plain(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _json_default(default: Any) -> Any:
    """A field's default as JSON (``to_dict``'s form), or ``_NO_DEFAULT`` when there is none or it
    is computed (a factory)."""
    if default is attrs.NOTHING or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return _NO_DEFAULT
    from poverty_credit.serialization import _CONVERTER

    value = _CONVERTER.unstructure(default)
    try:
        json.dumps(value)
    except (TypeError, ValueError):  # pragma: no cover - every default of the models is JSON
        return _NO_DEFAULT
    return value


def _summary(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


def _is_union(kind: Any) -> bool:
    return typing.get_origin(kind) in (typing.Union, types.UnionType)


def json_schema(name_or_cls: str | type, *, ref_prefix: str = "#/$defs/") -> dict[str, Any]:
    """The JSON Schema (2020-12) of a model or result, by class or by name.

    Args:
        name_or_cls: a class such as :class:`~poverty_credit.Loan`, or its name ``"Loan"`` (one
            of :func:`schema_names`).
        ref_prefix: where references point; the default keeps the schema self-contained (its
            classes under ``$defs``). An OpenAPI document wants
            ``"#/components/schemas/"`` (move ``$defs`` there).

    Returns:
        A new dict (yours to change): ``{"$schema", "$id", "$ref", "$defs"}``, the class itself
        among the definitions.

    Raises:
        InvalidInputError: a name or class the package has no schema for (the message lists the
            names).

    >>> schema = json_schema("Loan")
    >>> schema["$ref"], schema["$defs"]["Loan"]["properties"]["start_date"]
    ('#/$defs/Loan', {'$ref': '#/$defs/Date'})
    >>> json_schema("Lone")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: name_or_cls: has no schema (got 'Lone', a str); \
known: Application, ...
    """
    classes = _classes()
    cls = classes.get(name_or_cls) if isinstance(name_or_cls, str) else name_or_cls
    if not (isinstance(cls, type) and classes.get(cls.__name__) is cls):
        known = ", ".join(sorted(classes))
        raise InvalidInputError.single(
            "name_or_cls",
            f"has no schema (got {describe(name_or_cls)}); known: {known}",
            ProblemCode.NOT_A_MEMBER,
            f"没有对应的 JSON Schema（{describe_zh(name_or_cls)}）；可用：{known}",
        )
    builder = _Builder(ref_prefix)
    root = builder.of_class(cls)
    return {
        "$schema": DIALECT,
        "$id": f"urn:poverty-credit:schema:{cls.__name__}",
        "title": cls.__name__,
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
