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
