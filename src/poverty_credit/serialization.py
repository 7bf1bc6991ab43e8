"""dict/JSON round trip of every model and result (cattrs)."""
# STUB — being written
from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["from_dict", "to_dict"]


def to_dict(obj: object) -> dict[str, Any]:
    raise NotImplementedError


def from_dict(data: object, cls: type[T]) -> T:
    raise NotImplementedError
