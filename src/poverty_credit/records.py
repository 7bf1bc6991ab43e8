"""Results as plain records: one flat ``dict`` per result, ready for a dataframe or a CSV writer.

:func:`to_records` needs no dataframe library. Its values are JSON-friendly plain Python values:
``str``, ``int``, ``bool``, ``None`` and lists of them. Amounts and rates become exact strings
(``"50000.00"``, ``"0.0435"``) so that no float ever rounds a fen away; convert them with
``decimal.Decimal`` (or ``pandas.to_numeric`` if you accept floats) where you need numbers. Dates
become ISO strings, enum members their value.

>>> import datetime as dt
>>> from poverty_credit import NaturalPerson, check_eligibility
>>> person = NaturalPerson(id="P-1", birth_date=dt.date(1958, 1, 1), registered_poor=True)
>>> [row] = to_records([check_eligibility(person, dt.date(2026, 3, 2))])
>>> row["subject"], row["granted"], row["reasons"]
('P-1', False, ['AGE_ABOVE_LIMIT'])
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from poverty_credit._money import describe
from poverty_credit.decision import Decision, Reason
from poverty_credit.errors import InvalidInputError

__all__ = ["to_records"]


def to_records(results: object, *, json_lists: bool = False) -> list[dict[str, Any]]:
    """Turn results into a list of flat records of plain values (one ``dict`` per result).

    ``results`` is one result or an iterable of them. What each kind becomes:

    * a :class:`~poverty_credit.Decision` → ``subject``, ``granted`` (the verdict), ``reasons``
      (the failed codes), ``articles``, ``messages`` (English) and ``messages_zh``, each a list in
      the rule's order;
    * a :class:`~poverty_credit.Settlement` → one record per statement (the skipped loans are in
      ``settlement.skipped``);
    * a :class:`~poverty_credit.SubsidyStatement` → its fields, ``period`` (``"YYYY-MM"``) and
      ``findings`` as a list of codes;
    * a :class:`~poverty_credit.LossShare` or :class:`~poverty_credit.Payout` → its parts and
      ``total``; a fund statement or any other result class → its fields;
    * a model (a :class:`~poverty_credit.Loan`, a :class:`~poverty_credit.NaturalPerson`…) →
      :func:`~poverty_credit.to_dict` flattened with dotted keys (``borrower.id``); lists such as
      ``repayments`` stay lists of plain dicts;
    * a mapping → the same mapping with plain values.

    Anything else raises :class:`~poverty_credit.InvalidInputError` naming its position.

    With ``json_lists=True`` every list value is written as its JSON text instead
    (``'[{"on": "2026-06-15", "principal": "20000.00"}]'``), so that a CSV writer keeps it readable:
    such a CSV is valid input of :func:`~poverty_credit.readers.read_records` and the command
    line (a plain ``csv`` writer would write the Python ``repr`` of the list, which is not).

    >>> from decimal import Decimal
    >>> from poverty_credit import share_loss
    >>> to_records(share_loss(Decimal("10000.00")))
    [{'fund': '7000.00', 'lender': '3000.00', 'insurer': '0.00', 'total': '10000.00'}]
    """
    items: Iterable[object]
    if _is_single(results):
        items = [results]
    elif isinstance(results, Iterable) and not isinstance(results, (str, bytes)):
        items = results
    else:
        raise InvalidInputError.single(
            "results", f"must be a result or an iterable of results (got {describe(results)})"
        )
    records: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        records.extend(_records_of(item, f"results[{i}]"))
    if json_lists:
        records = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                    for k, v in record.items()} for record in records]
    return records


def _is_single(value: object) -> bool:
    return isinstance(value, (Decision, Mapping)) or attrs.has(type(value))


def _records_of(item: object, where: str) -> Iterator[dict[str, Any]]:
    from poverty_credit.subsidy import Settlement

    if isinstance(item, Decision):
        yield _decision(item)
    elif isinstance(item, Settlement):
        for statement in item.statements:
            yield _fields(statement)
    elif isinstance(item, Mapping):
        yield {str(k): plain(v) for k, v in item.items()}
    elif attrs.has(type(item)):
        if type(item).__module__ == "poverty_credit.models":
            from poverty_credit.serialization import to_dict

            yield flatten(to_dict(item))
        else:
            yield _fields(item)
    else:
        raise InvalidInputError.single(
            where, f"cannot be turned into a record: expected a Decision, a statement, a share, a "
            f"payout or a model (got {describe(item)})"
        )


def _decision(decision: Decision) -> dict[str, Any]:
    reasons = decision.reasons
    return {
        "subject": decision.subject,
        "granted": bool(decision),
        "reasons": [r.code.value for r in reasons],
        "articles": [r.article for r in reasons],
        "messages": [r.message for r in reasons],
        "messages_zh": [r.message_zh for r in reasons],
    }


def _fields(obj: object) -> dict[str, Any]:
    """An attrs result's fields (and a few derived properties) as plain values."""
    record: dict[str, Any] = {}
    kind: Any = type(obj)
    for field in attrs.fields(kind):
        record[field.name] = plain(getattr(obj, field.name))
    for derived in ("period", "total"):
        if derived not in record and isinstance(getattr(type(obj), derived, None), property):
            record[derived] = plain(getattr(obj, derived))
    return record


def plain(value: Any) -> Any:
    """A JSON-friendly plain value: ``Decimal`` → exact ``str``, date → ISO, enum → value, a
    reason → its code, collections → lists (sets sorted), attrs objects and mappings → dicts.

    >>> plain({"rate": Decimal("0.0435"), "on": _dt.date(2026, 3, 2)})
    {'rate': '0.0435', 'on': '2026-03-02'}
    """
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Reason):
        return value.code.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if attrs.has(type(value)):
        return _fields(value)
    return str(value)


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts flattened with dotted keys; lists are kept as they are.

    >>> flatten({"id": "L-1", "borrower": {"id": "P-1", "registered_poor": True}})
    {'id': 'L-1', 'borrower.id': 'P-1', 'borrower.registered_poor': True}
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = plain(value)
    return out
