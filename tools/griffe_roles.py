"""A griffe extension for the API reference: Sphinx roles become cross-references.

The docstrings cite other objects with Sphinx roles (``:class:`Decision```,
``:func:`~poverty_credit.to_records```, ``:meth:``, ``:attr:``, ``:data:``, ``:mod:``, ``:exc:``),
which Markdown would show raw. Before mkdocstrings renders a docstring, this extension resolves
each role's target with griffe — relative to the object, its module, then the package, following
re-exports to the object's canonical path — and writes an optional autorefs cross-reference:
a link where the target is rendered in the reference, plain code where it is not (so that
``mkdocs build --strict`` never fails on a private target). ``~`` shows the last name only, as in
Sphinx. Code fences and doctest lines are left alone. Configured in ``mkdocs.yml``
(``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|data|mod|exc|obj|const):`(~?)([^`<>]+)`")


def _lookup(scope: Any, dotted: str) -> Any:
    try:
        return scope[dotted]
    except (KeyError, ValueError, AttributeError, griffe.AliasResolutionError,
            griffe.CyclicAliasError):
        return None


def _canonical(found: Any) -> str | None:
    try:
        return str(found.canonical_path)
    except (griffe.AliasResolutionError, griffe.CyclicAliasError, AttributeError):
        return None


def resolve(obj: Any, target: str) -> str | None:
    """The canonical path of ``target`` as seen from ``obj`` (``None`` when griffe cannot find
    it): the object's own members, then its parents' up to the package, then absolute."""
    scope = obj
    while scope is not None:
        found = _lookup(scope, target)
        if found is not None:
            return _canonical(found)
        scope = scope.parent
    package = obj.package
    head, _, rest = target.partition(".")
    if head == package.name:
        found = _lookup(package, rest) if rest else package
        if found is not None:
            return _canonical(found)
    return None


def rewrite_roles(text: str, obj: Any) -> str:
    """Replace each Sphinx role in ``text`` by an autorefs reference (outside code).

    >>> class Fake:  # an object whose lookups all fail
    ...     parent = None
    ...     package = type("P", (), {"name": "pkg"})()
    ...     def __getitem__(self, key): raise KeyError(key)
    >>> rewrite_roles("See :class:`~pkg.models.Loan` and ``x``.", Fake())
    'See <autoref identifier="pkg.models.Loan" optional><code>Loan</code></autoref> and ``x``.'
    """
    out: list[str] = []
    in_fence = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if in_fence or stripped.startswith((">>>", "...")):
            out.append(line)
            continue
        out.append(ROLE.sub(lambda m: _reference(m, obj), line))
    return "\n".join(out)


def _reference(match: re.Match[str], obj: Any) -> str:
    short, target = match.group(1) == "~", match.group(2).strip()
    shown = target.rsplit(".", 1)[-1] if short else target
    identifier = resolve(obj, target) or target
    return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'


class SphinxRoles(griffe.Extension):
    """Rewrite the Sphinx roles of every docstring (see :func:`rewrite_roles`) once the whole
    package is loaded, so that re-exports resolve to the objects they name."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _walk(pkg, set())


def _walk(obj: Any, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if obj.docstring is not None:
        obj.docstring.value = rewrite_roles(obj.docstring.value, obj)
    for member in obj.members.values():
        if not member.is_alias:
            _walk(member, seen)
