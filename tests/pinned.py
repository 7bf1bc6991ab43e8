"""Helpers for tests that pin what an error says (issue 14: mutation testing showed that a
message, the field it names or its code could change unnoticed; an auditor reads them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from poverty_credit import InvalidInputError


def problems(call: Callable[[], object]) -> list[tuple[str | None, str, str, str]]:
    """``(field, code, English message, Chinese message)`` of every problem ``call`` raises."""
    with pytest.raises(InvalidInputError) as err:
        call()
    return [(p.field, p.code.value, p.message, p.message_zh) for p in err.value.problems]
