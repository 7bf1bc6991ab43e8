"""A griffe extension for the API reference: show docstring doctests as code.

The docstrings keep their examples as plain ``>>>`` blocks (so that ``pytest --doctest-modules``
runs them). Outside a Google-style ``Examples:`` section, Markdown would render such a block as a
paragraph, and its output (``['A']``, ``[('X', 1)]``) as broken reference links. This extension
fences every unindented ``>>>`` block as ``pycon`` before mkdocstrings renders it. It is configured
in ``mkdocs.yml`` (``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each unindented doctest block (``>>>`` up to the next blank line) in a fence.

    >>> fence_doctests("Intro.\\n\\n>>> 1 + 1\\n2\\n\\nMore.").splitlines()
    ['Intro.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    in_fence = in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_block and line.startswith(">>>"):
            out.append("```pycon")
            in_block = True
        elif in_block and not line.strip():
            out.append("```")
            in_block = False
        out.append(line)
    if in_block:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the doctest blocks of every docstring (see :func:`fence_doctests`)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
