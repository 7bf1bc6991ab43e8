"""The quoted phrases a rule's message borrows from a policy's citations (``_wording``).

A *phrase variant* ``"CODE:variant"`` is used only while it cites the same article as the reason
it words (``beside``, by default the code's own citation); else the caller's fallback. Every
expected phrase below is read off by hand from the seed's citations
(``src/poverty_credit/data/presets/x-county-measures.toml``, the ``[citations]`` table):

- ``NOT_REGISTERED_POOR`` = Art. 9(1) "建档立卡贫困农户", and its phrase variant
  ``"NOT_REGISTERED_POOR:register"`` = Art. 9(1) "扶贫人口信息系统" (the same article);
- ``OUTSTANDING_BAD_LOANS`` = Art. 9(1) "名下无存量不良贷款", and ``"OUTSTANDING_BAD_LOANS:loan"``
  = Art. 9(1) "存量不良贷款";
- ``AGE_ABOVE_LIMIT`` = Art. 9(1) "65周岁以下", ``AMOUNT_ABOVE_LIMIT`` = Art. 10 "5万元以下";
- ``AGE_BELOW_LIMIT`` has no citation (article ``None``).

Every test builds its own :class:`Policy` object: the phrases are memoised per policy object, and
a memo of ``DEFAULT_POLICY`` filled by an earlier test would answer in place of the code under test.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs
import pytest

from poverty_credit import Citation, Policy, ReasonCode, _wording
from poverty_credit._wording import phrase, quote
from poverty_credit.citations import Cited

_REGISTER = "扶贫人口信息系统"  # "NOT_REGISTERED_POOR:register", Art. 9(1)
_FALLBACK = "FALLBACK"


class _Plain(enum.Enum):
    """A code that is an enum but not a str: its key is its value, never its name."""

    NOT_REGISTERED = "NOT_REGISTERED_POOR"


def _fresh() -> Policy:
    """The seed's policy as a new object (an empty memo)."""
    return Policy()


def _overridden() -> Policy:
    """A county that cites NOT_REGISTERED_POOR to its own Art. 3 but keeps the seed's variant
    (Art. 9(1) "扶贫人口信息系统")."""
    seed = Policy()
    return attrs.evolve(
        seed,
        citations={
            **seed.citations,
            "NOT_REGISTERED_POOR": Citation("Art. 3", "第三条", "贫困户"),
        },
    )


# --- what mutation testing found unpinned (issue 14)


@pytest.mark.parametrize(
    "code",
    [ReasonCode.NOT_REGISTERED_POOR, "NOT_REGISTERED_POOR", _Plain.NOT_REGISTERED],
    ids=["reason-code", "str", "plain-enum"],
)
def test_phrase_of_the_same_article_is_the_variants_quote(code: enum.Enum | str) -> None:
    # own citation Art. 9(1) == the variant's Art. 9(1), the variant has a quote: its quote
    assert phrase(_fresh(), code, "register", _FALLBACK) == _REGISTER


def test_phrase_of_another_code() -> None:
    # "OUTSTANDING_BAD_LOANS:loan" = Art. 9(1) "存量不良贷款", beside its code's Art. 9(1)
    assert phrase(_fresh(), ReasonCode.OUTSTANDING_BAD_LOANS, "loan", _FALLBACK) == "存量不良贷款"


def test_phrase_without_such_variant_is_the_fallback() -> None:
    assert phrase(_fresh(), ReasonCode.NOT_REGISTERED_POOR, "loan", _FALLBACK) == _FALLBACK
    assert phrase(_fresh(), "NO_SUCH_CODE", "register", _FALLBACK) == _FALLBACK


def test_phrase_of_a_variant_without_quote_is_the_fallback() -> None:
    seed = Policy()
    policy = attrs.evolve(
        seed,
        citations={**seed.citations, "NOT_REGISTERED_POOR:register": Citation("Art. 9(1)")},
    )
    assert phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _FALLBACK


def test_phrase_beside_an_overridden_own_citation_is_the_fallback() -> None:
    # own citation Art. 3 != the variant's Art. 9(1): the seed's words never stand beside Art. 3
    policy = _overridden()
    assert phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _FALLBACK
    assert phrase(policy, "NOT_REGISTERED_POOR", "register", _FALLBACK) == _FALLBACK


def test_phrase_beside_the_variants_article_is_its_quote() -> None:
    # beside AGE_ABOVE_LIMIT's Art. 9(1) == the variant's Art. 9(1), whatever the code's own
    # citation (Art. 3 here): the quote
    policy = _overridden()
    beside = policy.cite(ReasonCode.AGE_ABOVE_LIMIT)
    assert beside.article == "Art. 9(1)"
    got = phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK, beside=beside)
    assert got == _REGISTER


def test_phrase_beside_another_article_is_the_fallback() -> None:
    # beside AMOUNT_ABOVE_LIMIT's Art. 10 != the variant's Art. 9(1), though the code's own
    # citation is Art. 9(1): the fallback
    policy = _fresh()
    beside = policy.cite(ReasonCode.AMOUNT_ABOVE_LIMIT)
    assert beside.article == "Art. 10"
    got = phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK, beside=beside)
    assert got == _FALLBACK


def test_phrase_beside_no_article_is_the_fallback() -> None:
    # AGE_BELOW_LIMIT has no citation: beside no article, no phrase variant
    policy = _fresh()
    beside = policy.cite(ReasonCode.AGE_BELOW_LIMIT)
    assert beside.article is None
    got = phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK, beside=beside)
    assert got == _FALLBACK


def test_phrase_where_neither_has_an_article_is_the_fallback() -> None:
    # no citation for the code (article None), and a variant that has one: not the same article
    seed = Policy()
    citations = dict(seed.citations)
    del citations["NOT_REGISTERED_POOR"]
    policy = attrs.evolve(seed, citations=citations)
    assert policy.cite(ReasonCode.NOT_REGISTERED_POOR).article is None
    assert phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _FALLBACK


def test_quote_is_the_own_quote_or_the_fallback() -> None:
    policy = _fresh()
    assert quote(policy, ReasonCode.NOT_REGISTERED_POOR, _FALLBACK) == "建档立卡贫困农户"
    assert quote(policy, "AGE_ABOVE_LIMIT", _FALLBACK) == "65周岁以下"
    assert quote(policy, ReasonCode.AGE_BELOW_LIMIT, _FALLBACK) == _FALLBACK


# the memo: one answer per policy object and per (code, variant, fallback, article beside)


def test_memo_gives_the_same_answer_on_the_second_call() -> None:
    policy = _fresh()
    first = phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK)
    second = phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK)
    assert first == second == _REGISTER


def test_memo_answers_the_second_call(monkeypatch: pytest.MonkeyPatch) -> None:
    # the phrase is worked out once per policy object and key; the second call reads the memo
    calls: list[str] = []
    inner: Callable[..., str] = _wording._phrase

    def counted(*args: object) -> str:
        calls.append("phrase")
        return inner(*args)

    monkeypatch.setattr(_wording, "_phrase", counted)
    policy = _fresh()
    assert phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _REGISTER
    assert phrase(policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _REGISTER
    assert calls == ["phrase"]
    beside = policy.cite(ReasonCode.AMOUNT_ABOVE_LIMIT)  # Art. 10: another key
    for _ in range(2):
        assert phrase(
            policy, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK, beside=beside
        ) == _FALLBACK
    assert calls == ["phrase", "phrase"]


def test_memo_is_per_policy_object() -> None:
    seed, county = _fresh(), _overridden()
    for _ in range(2):  # either one first, and again
        assert phrase(seed, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _REGISTER
        assert phrase(county, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _FALLBACK
    county, seed = _overridden(), _fresh()
    assert phrase(county, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _FALLBACK
    assert phrase(seed, ReasonCode.NOT_REGISTERED_POOR, "register", _FALLBACK) == _REGISTER


def test_memo_is_per_key() -> None:
    policy = _overridden()  # own citation Art. 3: every phrase of the code is its fallback
    code = ReasonCode.NOT_REGISTERED_POOR
    assert phrase(policy, code, "register", "A") == "A"
    assert phrase(policy, code, "register", "B") == "B"  # another fallback
    assert phrase(policy, ReasonCode.OUTSTANDING_BAD_LOANS, "register", "A") == "A"
    assert phrase(policy, ReasonCode.OUTSTANDING_BAD_LOANS, "loan", "A") == "存量不良贷款"
    assert phrase(policy, code, "loan", "A") == "A"  # another variant, no such citation


def test_memo_beside_another_article_after_the_own_citation() -> None:
    # the own citation (Art. 9(1)) first, then beside Art. 10, then beside Art. 9(1) again
    policy = _fresh()
    code = ReasonCode.NOT_REGISTERED_POOR
    art10 = policy.cite(ReasonCode.AMOUNT_ABOVE_LIMIT)
    art9 = policy.cite(ReasonCode.AGE_ABOVE_LIMIT)
    assert phrase(policy, code, "register", _FALLBACK) == _REGISTER
    assert phrase(policy, code, "register", _FALLBACK, beside=art10) == _FALLBACK
    assert phrase(policy, code, "register", _FALLBACK, beside=art9) == _REGISTER
    assert phrase(policy, code, "register", _FALLBACK) == _REGISTER


def test_memo_own_citation_after_beside_another_article() -> None:
    # beside Art. 10 first, then the own citation (Art. 9(1)); and a county's Art. 3 own citation
    # after beside Art. 9(1)
    policy = _fresh()
    code = ReasonCode.NOT_REGISTERED_POOR
    art10 = policy.cite(ReasonCode.AMOUNT_ABOVE_LIMIT)
    assert phrase(policy, code, "register", _FALLBACK, beside=art10) == _FALLBACK
    assert phrase(policy, code, "register", _FALLBACK) == _REGISTER
    county = _overridden()
    art9 = Cited(Citation("Art. 9(1)", "第九条第（一）项"), county.document)
    assert phrase(county, code, "register", _FALLBACK, beside=art9) == _REGISTER
    assert phrase(county, code, "register", _FALLBACK) == _FALLBACK
