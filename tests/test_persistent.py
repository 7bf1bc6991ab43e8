"""The persistent containers behind the fund's ledger, against plain lists and dicts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit._persistent import Map, Vector


@given(st.integers(0, 2500), st.data())
def test_vector_matches_a_list_and_older_versions_stay_valid(n: int, data: st.DataObject) -> None:
    """Every prefix version keeps its own items; the sizes cross the 32, 1056 (= 32 + 32²) and
    deeper boundaries where the trie grows a level."""
    versions = [Vector[int]()]
    for i in range(n):
        versions.append(versions[-1].append(i))
    for k in data.draw(st.lists(st.integers(0, n), max_size=5)):
        v = versions[k]
        assert len(v) == k
        assert list(v) == list(range(k))
        if k:
            j = data.draw(st.integers(-k, k - 1))
            assert v[j] == list(range(k))[j]
            assert list(v.with_last(-7)) == [*range(k - 1), -7]
            assert v[-1] == k - 1  # unchanged
    # branching from an old version leaves the newer one alone
    if n > 40:
        branch = versions[40].append(-1)
        assert branch[40] == -1
        assert versions[n][40] == 40


def test_vector_bounds() -> None:
    v = Vector[str]().append("a")
    with pytest.raises(IndexError):
        v[1]
    with pytest.raises(IndexError):
        v[-2]
    with pytest.raises(IndexError):
        Vector[str]().with_last("x")


class Colliding:
    """A key whose hash is chosen by the test, to force shared prefixes and whole collisions."""

    def __init__(self, name: str, hash_: int) -> None:
        self.name, self.hash_ = name, hash_

    def __hash__(self) -> int:
        return self.hash_

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Colliding) and other.name == self.name

    def __repr__(self) -> str:
        return f"Colliding({self.name!r}, {self.hash_})"


KEYS = st.builds(Colliding, st.sampled_from("abcdefgh"),
                 st.sampled_from([0, 1, 32, 1 << 40, (1 << 60) + 1, -1, 2**63 - 1, 7]))


@given(st.lists(st.tuples(KEYS, st.integers()), max_size=60), KEYS)
def test_map_matches_a_dict(pairs: list[tuple[Colliding, int]], probe: Colliding) -> None:
    m = Map[Colliding, int]()
    d: dict[Colliding, int] = {}
    versions = []
    for key, value in pairs:
        versions.append((m, dict(d)))
        m = m.set(key, value)
        d[key] = value
        assert len(m) == len(d)
    for key in d:
        assert m.get(key) == d[key]
    assert m.get(probe, -99) == d.get(probe, -99)
    for old, snapshot in versions:  # older maps are untouched
        assert len(old) == len(snapshot)
        for key, value in snapshot.items():
            assert old.get(key) == value


def test_map_of_many_strings() -> None:
    m = Map[tuple[str, str], int]()
    for i in range(5000):
        m = m.set(("credit_union", f"L-{i}"), i)
    assert len(m) == 5000
    assert all(m.get(("credit_union", f"L-{i}")) == i for i in range(0, 5000, 7))
    assert m.get(("postal_savings", "L-1")) is None


# -- hand-worked edges (issue 14: the properties above draw few sizes under the mutation profile)


def test_vector_across_every_growth_boundary() -> None:
    """A 32-way trie with a 32-item tail: the root takes 32 leaves of 32 (1 024 items) below one
    level, so the 1 057th item (32 leaves + a full tail = 1 056) grows a second level, and the
    32 801st (32 768 + 32) a third. Every index, forwards and backwards, and every item in order,
    at the sizes around each boundary (above 1 100 items: every 97th index and those around the
    boundaries)."""
    sizes = {0, 1, 31, 32, 33, 63, 64, 65, 1055, 1056, 1057, 1088, 1089, 32799, 32800, 32801,
             32833, 33000}
    v = Vector[int]()
    for n in range(max(sizes) + 1):
        if n in sizes:
            assert len(v) == n
            assert list(v) == list(range(n))
            probes = range(n) if n < 1100 else [*range(0, n, 97), *range(1020, 1060),
                                                  *range(32760, min(n, 32840)), n - 1]
            assert [v[i] for i in probes] == list(probes)
            assert [v[i - n] for i in probes] == list(probes)
            if n:
                changed = v.with_last(-1)
                assert len(changed) == n
                assert list(changed) == [*range(n - 1), -1]
                assert changed[n - 1] == changed[-1] == -1
                assert v[-1] == n - 1
        v = v.append(n)


def test_vector_errors_say_what_went_wrong() -> None:
    """Indexing one past either end of a 1-item vector, and with_last of an empty one."""
    v = Vector[str]().append("a")
    for index in (1, -2, 5, -6):
        with pytest.raises(IndexError, match=r"^Vector index out of range$"):
            v[index]
    with pytest.raises(IndexError, match=r"^with_last of an empty Vector$"):
        Vector[str]().with_last("x")
    assert (v[0], v[-1]) == ("a", "a")


def test_vector_branches_share_nothing_they_change() -> None:
    """Two appends to the same 1 056-item vector (a full trie and tail: the next append grows a
    level) and to a 40-item one give independent vectors; the original is unchanged."""
    v = Vector[int]()
    for i in range(1056):
        v = v.append(i)
    left, right = v.append(-1), v.append(-2)
    assert (left[1056], right[1056], len(v), v[-1]) == (-1, -2, 1056, 1055)
    assert list(left)[:1056] == list(right)[:1056] == list(v)


def test_map_collisions_by_hand() -> None:
    """Keys with chosen hashes. 0 and 32 share the first 5 bits (slot 0) and differ in the next
    (0 vs 1): pushed one level down. 0 and 1 << 40 share the first 40 bits: eight levels down.
    "a" and "b" with the same hash 7 share one bucket. Setting a key again keeps the size;
    a missing key gives the default, in every shape of node."""
    a0, b0 = Colliding("a", 0), Colliding("b", 0)
    c32, d40, e7 = Colliding("c", 32), Colliding("d", 1 << 40), Colliding("e", 7)
    m = Map[Colliding, int]()
    assert (len(m), m.get(a0), m.get(a0, 5)) == (0, None, 5)
    m1 = m.set(a0, 1)
    m2 = m1.set(c32, 2)
    m3 = m2.set(d40, 3)
    m4 = m3.set(b0, 4)  # the same whole hash as a0: one bucket of two
    m5 = m4.set(a0, 10)  # again: replaced, not added
    m6 = m5.set(e7, 7)
    assert [len(x) for x in (m1, m2, m3, m4, m5, m6)] == [1, 2, 3, 4, 4, 5]
    assert [m6.get(k) for k in (a0, b0, c32, d40, e7)] == [10, 4, 2, 3, 7]
    assert [m4.get(k) for k in (a0, b0, c32, d40, e7)] == [1, 4, 2, 3, None]
    assert [m2.get(k, -1) for k in (a0, b0, c32, d40)] == [1, -1, 2, -1]
    assert m6.get(Colliding("z", 0), -9) == -9  # the bucket of hash 0, another key
    assert m6.get(Colliding("z", 64), -9) == -9  # an empty slot below the pushed-down node
    assert m6.get(Colliding("z", 1 << 45), -9) == -9  # a bucket of another hash in the slot
    assert m1.get(Colliding("z", 1), -9) == -9  # an empty slot of the root


def test_map_of_negative_hashes() -> None:
    """Negative hashes (Python's hash of -5 is -5) are read as their low 64 bits: -5 and -5 - 2**5
    share the first 5 bits and differ in the next, and two keys of hash -5 share a bucket."""
    x, y, z = Colliding("x", -5), Colliding("y", -5), Colliding("z", -5 - 32)
    m = Map[Colliding, int]().set(x, 1).set(y, 2).set(z, 3)
    assert (len(m), m.get(x), m.get(y), m.get(z), m.get(Colliding("w", -5))) == (3, 1, 2, 3, None)
