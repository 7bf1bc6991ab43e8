"""Persistent containers: immutable values that share structure with the value they grew from.

The fund's ledger (:class:`~poverty_credit.RiskFund`) is immutable and append-only: every
operation returns a new fund and every older fund stays valid. Copying its events or its
per-reference totals at each operation would make a ledger of ``n`` operations cost ``O(n²)``;
these two containers make one step cost ``O(log₃₂ n)`` — at most 4 levels below 10⁶ items, i.e.
flat in practice — however many funds share a prefix:

* :class:`Vector` — an append-only sequence (a 32-way trie of full leaves plus a tail, as in
  Clojure's ``PersistentVector``): ``append``, ``with_last``, indexing, iteration;
* :class:`Map` — a hash trie (HAMT without bitmaps: 32 slots a node, 5 hash bits a level, and
  buckets for keys whose whole hash collides): ``get`` and ``set``.

Neither ever mutates a node once built, so they need no locks and no copies to be shared.

>>> v = Vector[int]()
>>> for i in range(100):
...     v = v.append(i)
>>> len(v), v[0], v[33], v[-1], v.with_last(-1)[-1], v[-1]
(100, 0, 33, 99, -1, 99)
>>> m = Map[str, int]().set("a", 1)
>>> m.set("a", 2).get("a"), m.get("a"), m.get("b"), len(m.set("b", 3))
(2, 1, None, 2)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["Map", "Vector"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_BITS = 5
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1
_HASH_MASK = (1 << 64) - 1


# -- Vector ---------------------------------------------------------------------------------------


def _path(levels: int, node: tuple[Any, ...]) -> tuple[Any, ...]:
    """``node`` wrapped in ``levels / 5`` single-child internal nodes."""
    for _ in range(levels // _BITS):
        node = (node,)
    return node


def _push_tail(count: int, level: int, parent: tuple[Any, ...],
               leaf: tuple[Any, ...]) -> tuple[Any, ...]:
    """``parent`` (at ``level``) with the full ``leaf`` added as items ``count-32 .. count-1``."""
    index = ((count - 1) >> level) & _MASK
    if level == _BITS:
        child = leaf
    elif index < len(parent):
        child = _push_tail(count, level - _BITS, parent[index], leaf)
    else:
        child = _path(level - _BITS, leaf)
    if index < len(parent):
        return (*parent[:index], child, *parent[index + 1:])
    return (*parent, child)


def _leaves(node: tuple[Any, ...], level: int) -> Iterator[Any]:
    if level == 0:
        yield from node
    else:
        for child in node:
            yield from _leaves(child, level - _BITS)


class Vector(Generic[T]):
    """An immutable sequence with ``O(1)`` amortised ``append`` that shares its prefix."""

    __slots__ = ("_count", "_root", "_shift", "_tail")

    _count: int
    _shift: int
    _root: tuple[Any, ...]
    _tail: tuple[T, ...]

    def __init__(self) -> None:
        self._count, self._shift, self._root, self._tail = 0, _BITS, (), ()

    @classmethod
    def _of(cls, count: int, shift: int, root: tuple[Any, ...],
            tail: tuple[T, ...]) -> Vector[T]:
        vector: Vector[T] = object.__new__(cls)
        vector._count, vector._shift, vector._root, vector._tail = count, shift, root, tail
        return vector

    def __len__(self) -> int:
        return self._count

    def append(self, item: T) -> Vector[T]:
        """A new vector with ``item`` after the last item; ``self`` is unchanged."""
        count, shift, root, tail = self._count, self._shift, self._root, self._tail
        if len(tail) < _WIDTH:
            return self._of(count + 1, shift, root, (*tail, item))
        if (count >> _BITS) > (1 << shift):  # the trie is full: grow a level
            root, shift = (root, _path(shift, tail)), shift + _BITS
        else:
            root = _push_tail(count, shift, root, tail)
        return self._of(count + 1, shift, root, (item,))

    def with_last(self, item: T) -> Vector[T]:
        """A new vector whose last item is ``item`` (the last item always lives in the tail)."""
        if not self._count:
            raise IndexError("with_last of an empty Vector")
        return self._of(self._count, self._shift, self._root, (*self._tail[:-1], item))

    def __getitem__(self, index: int) -> T:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("Vector index out of range")
        offset = self._count - len(self._tail)
        if index >= offset:
            return self._tail[index - offset]
        node = self._root
        for level in range(self._shift, 0, -_BITS):
            node = node[(index >> level) & _MASK]
        item: T = node[index & _MASK]
        return item

    def __iter__(self) -> Iterator[T]:
        yield from _leaves(self._root, self._shift)
        yield from self._tail


# -- Map ------------------------------------------------------------------------------------------


class _Bucket:
    """The keys (mostly one) whose whole 64-bit hash is ``hash``, with their values."""

    __slots__ = ("entries", "hash")

    def __init__(self, hash_: int, entries: tuple[tuple[Any, Any], ...]) -> None:
        self.hash = hash_
        self.entries = entries


_EMPTY_NODE: tuple[Any, ...] = (None,) * _WIDTH


def _set(node: tuple[Any, ...], shift: int, hash_: int, key: Any,
         value: Any) -> tuple[tuple[Any, ...], bool]:
    """``node`` with ``key`` set; and whether the key is new."""
    index = (hash_ >> shift) & _MASK
    slot = node[index]
    if slot is None:
        child: Any = _Bucket(hash_, ((key, value),))
        added = True
    elif isinstance(slot, tuple):
        child, added = _set(slot, shift + _BITS, hash_, key, value)
    elif slot.hash == hash_:
        others = tuple(e for e in slot.entries if e[0] != key)
        added = len(others) == len(slot.entries)
        child = _Bucket(hash_, (*others, (key, value)))
    else:  # two hashes share these bits: push the bucket one level down, then try again there
        below = list(_EMPTY_NODE)
        below[(slot.hash >> (shift + _BITS)) & _MASK] = slot
        child, added = _set(tuple(below), shift + _BITS, hash_, key, value)
    return (*node[:index], child, *node[index + 1:]), added


class Map(Generic[K, V]):
    """An immutable hash map with ``O(log₃₂ n)`` ``get`` and ``set`` that shares its nodes."""

    __slots__ = ("_root", "_size")

    _root: tuple[Any, ...]
    _size: int

    def __init__(self) -> None:
        self._root, self._size = _EMPTY_NODE, 0

    def __len__(self) -> int:
        return self._size

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value of ``key``, or ``default``."""
        hash_ = hash(key) & _HASH_MASK
        node, shift = self._root, 0
        while True:
            slot = node[(hash_ >> shift) & _MASK]
            if slot is None:
                return default
            if not isinstance(slot, tuple):
                break
            node, shift = slot, shift + _BITS
        if slot.hash == hash_:
            for k, v in slot.entries:
                if k == key:
                    found: V = v
                    return found
        return default

    def set(self, key: K, value: V) -> Map[K, V]:
        """A new map with ``key`` bound to ``value``; ``self`` is unchanged."""
        root, added = _set(self._root, 0, hash(key) & _HASH_MASK, key, value)
        new: Map[K, V] = object.__new__(type(self))
        new._root, new._size = root, self._size + added
        return new
