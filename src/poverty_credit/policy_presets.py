"""Presets: the documents the library ships as policies, each value with its source (SPEC D3).

``presets()`` lists every shipped id, schedules included; ``preset(id)`` is a
:class:`~poverty_credit.Policy`, ``preset_schedule(id)`` a
:class:`~poverty_credit.PolicySchedule`. Each preset is a TOML file in
``poverty_credit/data/presets/`` that gives its ``[document]`` and only the values its sources
give (``policy-sources`` marks [V] and [S]); every other parameter is unset, and a rule that needs
it refuses until a county's file supplies it (``extends = "<id>"``).

>>> "x-county-measures" in presets()
True
>>> from poverty_credit import DEFAULT_POLICY
>>> preset("x-county-measures") == DEFAULT_POLICY
True
>>> preset("nanao-2025").fund_share
Decimal('0.8')
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib
from typing import Any

from poverty_credit._money import describe
from poverty_credit.citations import PolicyDocument
from poverty_credit.errors import InvalidInputError
from poverty_credit.policy import Policy, _load_file, _read_toml
from poverty_credit.schedule import PolicySchedule

__all__ = ["preset", "preset_schedule", "presets"]

_POLICY_SUFFIX = ".toml"
_SCHEDULE_SUFFIX = ".schedule.toml"


def _folder() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files("poverty_credit") / "data" / "presets"))


@functools.cache
def policy_ids() -> tuple[str, ...]:
    """The ids of the shipped single-policy presets."""
    return tuple(
        sorted(
            p.name[: -len(_POLICY_SUFFIX)]
            for p in _folder().iterdir()
            if p.name.endswith(_POLICY_SUFFIX) and not p.name.endswith(_SCHEDULE_SUFFIX)
        )
    )


@functools.cache
def schedule_ids() -> tuple[str, ...]:
    """The ids of the shipped schedules."""
    return tuple(
        sorted(
            p.name[: -len(_SCHEDULE_SUFFIX)]
            for p in _folder().iterdir()
            if p.name.endswith(_SCHEDULE_SUFFIX)
        )
    )


def presets() -> tuple[str, ...]:
    """Every shipped preset id, policies and schedules, sorted.

    >>> "qingyang-2024" in presets(), "national-2021" in presets()
    (True, True)
    """
    return tuple(sorted(policy_ids() + schedule_ids()))


_NOTHING = Policy.unset(PolicyDocument(id="nothing", title="(no document)"))


@functools.cache
def _cached(preset_id: str) -> Policy:
    return _load_file(_folder() / f"{preset_id}{_POLICY_SUFFIX}", base=_NOTHING, chain=())


def load_preset(preset_id: str, chain: tuple[str, ...] = ()) -> Policy:
    """Load a shipped policy preset (``chain``: the files extending it, for loop detection)."""
    if not chain:
        return _cached(preset_id)
    return _load_file(_folder() / f"{preset_id}{_POLICY_SUFFIX}", base=_NOTHING, chain=chain)


def _unknown(preset_id: object, field: str) -> InvalidInputError:
    return InvalidInputError.single(
        field, f"is not a preset (got {describe(preset_id)}); known: {', '.join(presets())}"
    )


def preset(preset_id: str) -> Policy:
    """The shipped policy ``preset_id``.

    Raises:
        InvalidInputError: an unknown id (the message lists the known ones), or a schedule's id
            (use :func:`preset_schedule`).

    >>> preset("qingyang-2024")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: id: 'qingyang-2024' is a schedule of policies; use \
preset_schedule('qingyang-2024')
    """
    if isinstance(preset_id, str) and preset_id in schedule_ids():
        raise InvalidInputError.single(
            "id",
            f"{preset_id!r} is a schedule of policies; use preset_schedule({preset_id!r})",
        )
    if not isinstance(preset_id, str) or preset_id not in policy_ids():
        raise _unknown(preset_id, "id")
    return _cached(preset_id)


@functools.cache
def _schedule(preset_id: str) -> PolicySchedule:
    path = _folder() / f"{preset_id}{_SCHEDULE_SUFFIX}"
    data: dict[str, Any] = _read_toml(path)
    ids = data.get("policies")
    if not isinstance(ids, list) or not ids:  # pragma: no cover - a packaging defect
        raise InvalidInputError.single(f"{path}:policies", "must list preset ids")
    return PolicySchedule([preset(i) for i in ids])


def preset_schedule(preset_id: str) -> PolicySchedule:
    """The shipped schedule ``preset_id``, or a one-policy schedule of a policy preset.

    >>> import datetime as dt
    >>> s = preset_schedule("qingyang-2024")
    >>> s.on(dt.date(2023, 12, 31)).subsidy_share, s.on(dt.date(2024, 1, 1)).subsidy_share
    (Decimal('1'), Decimal('0.70'))
    """
    if isinstance(preset_id, str) and preset_id in schedule_ids():
        return _schedule(preset_id)
    if isinstance(preset_id, str) and preset_id in policy_ids():
        return PolicySchedule([_cached(preset_id)])
    raise _unknown(preset_id, "id")
