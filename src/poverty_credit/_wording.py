"""How the rules word a citation: the quoted phrases a message borrows from the policy's data.

A rule's article and its main quote come from :meth:`Policy.cite
<poverty_credit.Policy.cite>`. Some messages also borrow a second phrase of the same article (the
seed's register beside its target group): a *phrase variant* ``"CODE:variant"``. Unlike a
variant that is itself the citation of a reason, a phrase variant is used only while it cites the
same article as the code's own citation, so that a county that overrides the code's citation
never gets the seed's words beside its own article.
"""

from __future__ import annotations

import enum

from poverty_credit.citations import Cited
from poverty_credit.policy import Policy, policy_memo


def phrase(
    policy: Policy,
    code: enum.Enum | str,
    variant: str,
    fallback: str,
    *,
    beside: Cited | None = None,
) -> str:
    """The quote of ``"CODE:variant"`` when it cites the same article as the reason it words
    (``beside``, default: the code's own citation); else ``fallback``."""
    memo = policy_memo(policy)
    memo_key = ("phrase", code, variant, fallback, beside.article if beside else _OWN)
    found: str | None = memo.get(memo_key)
    if found is None:
        found = memo[memo_key] = _phrase(policy, code, variant, fallback, beside)
    return found


_OWN = object()  # the memo key of "beside the code's own citation"


def _phrase(
    policy: Policy, code: enum.Enum | str, variant: str, fallback: str, beside: Cited | None
) -> str:
    key = str(code.value) if isinstance(code, enum.Enum) else code
    article = beside.article if beside is not None else policy.cite(key).article
    extra = policy.citations.get(f"{key}:{variant}")
    if article is not None and extra is not None and extra.quote and extra.article == article:
        return extra.quote
    return fallback


def quote(policy: Policy, code: enum.Enum | str, fallback: str) -> str:
    """The quote of the code's own citation, or ``fallback`` where it has none."""
    return policy.cite(code).quote or fallback
