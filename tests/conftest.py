"""Hypothesis profiles: "dev" by default, "ci" when the environment variable CI is set, and the
heavier "nightly" when ``HYPOTHESIS_PROFILE=nightly`` (which wins over CI).

None has a deadline (timings are not assertions; SPEC/STYLE: no timed tests). The number of
examples each profile runs per property is documented in docs/testing.md.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
