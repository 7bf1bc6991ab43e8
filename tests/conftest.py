"""Hypothesis profiles: "dev" by default, "ci" when the environment variable CI is set, the
heavier "nightly" when ``HYPOTHESIS_PROFILE=nightly`` (which wins over CI), and the lighter,
derandomized "mutation" when ``HYPOTHESIS_PROFILE=mutation`` (what ``tools/mutation.py`` sets:
each mutant runs a module's tests again, so fewer examples per property; a lower bound of the
mutation score) and no shrinking (the first failing example kills the mutant). Under
"mutation" a property with its own ``@settings(max_examples=...)`` or state machine steps runs
the profile's counts instead (``strategies.examples``, ``strategies.steps``).

None has a deadline (timings are not assertions; SPEC/STYLE: no timed tests). The number of
examples each profile runs per property is documented in docs/testing.md.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "nightly",
    max_examples=2000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "mutation",
    max_examples=10,
    stateful_step_count=15,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a mutant is killed, not explained
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


if os.environ.get("HYPOTHESIS_PROFILE") == "mutation":

    @pytest.fixture(autouse=True)
    def _fresh_policy_memos() -> None:
        """Every test starts from empty per-policy memos (citations, phrases, benchmark quotes,
        a claim's citations, the subsidy's terms). mutmut forks each mutant's run from a process
        whose clean run has filled them already, so a mutant on a memoised path would never run
        and would survive although the tests notice it in a fresh process."""
        from poverty_credit.policy import _MEMOS

        _MEMOS.clear()


def _ascii_id(text: str) -> str:
    """``text`` with every character outside printable ASCII written as ``U+XXXX``."""
    return "".join(c if " " <= c <= "~" and c != "\\" else f"U+{ord(c):04X}" for c in text)


def pytest_make_parametrize_id(config: object, val: object, argname: str) -> str | None:
    """Test ids in printable ASCII, without backslashes.

    pytest escapes a non-ASCII or control character of an id as ``\\uXXXX``, and a second
    ``pytest.main`` in the same process (mutmut's stats run, then its clean run) does not
    escape them, so a node id recorded by the first is "not found" by the second and the
    whole-suite phase of ``tools/mutation.py`` stopped (docs/testing.md).
    """
    if isinstance(val, bytes):
        return "".join(chr(b) if 0x20 <= b <= 0x7E and b != 0x5C else f"x{b:02X}" for b in val)
    if isinstance(val, str) and not (val.isascii() and val.isprintable() and "\\" not in val):
        return _ascii_id(val)
    return None


def pytest_collection_modifyitems(config: object, items: list[object]) -> None:
    """Refuse an explicit id outside printable ASCII (see ``pytest_make_parametrize_id``)."""
    bad = [
        nodeid
        for nodeid in (getattr(item, "nodeid", "") for item in items)
        if "[" in nodeid and not (nodeid.isascii() and nodeid.isprintable() and "\\" not in nodeid)
    ]
    if bad:
        raise pytest.UsageError(f"test ids must be printable ASCII without backslashes: {bad[:3]}")
