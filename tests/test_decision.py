"""Decision and Reason: the verdict, the failures, the explanation in two languages."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from poverty_credit import (
    DEFAULT_POLICY,
    Decision,
    InvalidInputError,
    Reason,
    ReasonCode,
    RuleViolation,
    to_dict,
)
from poverty_credit.decision import (
    _EN_SLOT,
    _FINDINGS_SLOT,
    _ZH_SLOT,
    Later,
    _findings_property,
    _Pending,
    _rendering,
    check,
    computed_later,
    deferred,
    finding,
    lazy_finding,
    pending_decision,
)
from strategies import decisions

OK = Reason(code=ReasonCode.GUARANTEE_REQUIRED, article="Art. 10", passed=True,
            message="no guarantee required", message_zh="免担保")
AGE = Reason(code=ReasonCode.AGE_ABOVE_LIMIT, article="Art. 9(1)", passed=False,
             message="age 66 on 2026-03-15 is above the limit of 65",
             message_zh="2026-03-15年满66周岁，超过65周岁")
AMOUNT = Reason(code=ReasonCode.AMOUNT_ABOVE_LIMIT, article=None, passed=False,
                message="60000.00 is above 50000.00", message_zh="60000.00元超过5万元")


def test_granted() -> None:
    decision = Decision.of([OK], subject="L-1")
    assert bool(decision) is True
    assert decision.reasons == ()
    assert decision.codes == ()
    assert decision.raise_if_denied() is decision
    assert repr(decision) == "<Decision L-1: granted (1 checks passed)>"


def test_denied_lists_only_failures_in_order() -> None:
    decision = Decision(findings=[AGE, OK, AMOUNT])
    assert bool(decision) is False
    assert decision.findings == (AGE, OK, AMOUNT)  # a list is kept as a tuple
    assert decision.reasons == (AGE, AMOUNT)
    assert decision.codes == (ReasonCode.AGE_ABOVE_LIMIT, ReasonCode.AMOUNT_ABOVE_LIMIT)
    assert repr(decision) == ("<Decision: denied — AGE_ABOVE_LIMIT (Art. 9(1)), "
                              "AMOUNT_ABOVE_LIMIT (-)>")


def test_no_findings_is_granted() -> None:
    assert bool(Decision(findings=()))


def test_raise_if_denied_carries_the_decision() -> None:
    decision = Decision.of([AGE, OK], subject="P-1")
    with pytest.raises(RuleViolation) as caught:
        decision.raise_if_denied()
    assert caught.value.decision is decision
    assert str(caught.value) == "denied: AGE_ABOVE_LIMIT"


def test_explain_in_english_and_chinese() -> None:
    decision = Decision.of([AGE, OK], subject="P-1")
    assert decision.explain() == (
        "P-1: denied\n"
        "  ✗ [AGE_ABOVE_LIMIT] Art. 9(1): age 66 on 2026-03-15 is above the limit of 65\n"
        "  ✓ [GUARANTEE_REQUIRED] Art. 10: no guarantee required"
    )
    assert decision.explain("zh") == (
        "P-1: 不予通过\n"
        "  ✗ [AGE_ABOVE_LIMIT] Art. 9(1): 2026-03-15年满66周岁，超过65周岁\n"
        "  ✓ [GUARANTEE_REQUIRED] Art. 10: 免担保"
    )
    assert Decision.of([OK]).explain("zh", passed=False) == "获准"


def test_explain_refuses_an_unknown_language() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Decision.of([OK]).explain("fr")
    assert caught.value.field == "lang"


def test_reason_repr_and_text() -> None:
    assert repr(AMOUNT) == "Reason(AMOUNT_ABOVE_LIMIT, -, failed: 60000.00 is above 50000.00)"
    assert AGE.text("zh") == AGE.message_zh
    assert str(ReasonCode.FILING_LATE) == "FILING_LATE"


def test_reason_codes_equal_their_values() -> None:
    """The codes are a contract (SPEC part B): every value equals its name."""
    assert all(code.value == code.name for code in ReasonCode)


def test_html() -> None:
    html = Decision.of([AMOUNT], subject="<L>")._repr_html_()
    assert "&lt;L&gt;: denied" in html
    assert "60000.00元超过5万元" in html


@given(decisions())
def test_verdict_is_no_failed_finding(decision: Decision) -> None:
    assert bool(decision) == (not decision.reasons)
    assert set(decision.reasons) <= set(decision.findings)
    text = decision.explain()
    assert all(f"[{r.code.value}]" in text for r in decision.findings)
    assert ("granted" if decision else "denied") in text


def test_finding_with_a_plain_article_has_no_chinese_label() -> None:
    """A rule that cites a str article (not a policy citation) gets no article_zh."""
    reason = finding(ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, "en", "zh")
    assert (reason.article, reason.article_zh, reason.passed) == ("Art. 9(1)", None, False)
    assert (reason.message, reason.message_zh) == ("en", "zh")


# -- gaps found by mutation testing (issue 14) ---------------------------------------------------
# Every expected string below is written out by hand from the formats documented in
# decision.py: Reason's repr "Reason(CODE, article or '-', passed|failed: message)", explain's
# "subject: head" then "  ✓|✗ [CODE] article or '-': text", the HTML table's fixed header.

GUARANTEE = ("no guarantee required", "免担保")
NO_GUARANTEE = ("guarantee required", "要求担保")
#: the seed's citation of AGE_ABOVE_LIMIT (x-county-measures.toml): Art. 9(1), 第九条第（一）项
AGE_CITED = DEFAULT_POLICY.cite(ReasonCode.AGE_ABOVE_LIMIT)


def test_text_in_each_language_and_the_refusal() -> None:
    assert AGE.text() == "age 66 on 2026-03-15 is above the limit of 65"
    assert AGE.text("en") == "age 66 on 2026-03-15 is above the limit of 65"
    assert AGE.text("zh") == "2026-03-15年满66周岁，超过65周岁"
    with pytest.raises(InvalidInputError) as caught:
        AGE.text("fr")
    assert caught.value.field == "lang"
    assert str(caught.value) == "lang: must be 'en' or 'zh' (got 'fr')"


def test_repr_of_a_passed_reason() -> None:
    assert repr(OK) == "Reason(GUARANTEE_REQUIRED, Art. 10, passed: no guarantee required)"
    assert repr(AGE) == (
        "Reason(AGE_ABOVE_LIMIT, Art. 9(1), failed: age 66 on 2026-03-15 is above the limit of 65)"
    )


def test_check_takes_the_messages_of_its_verdict() -> None:
    """check(ok, ...) is finding(code, article, ok, *passed-or-failed messages); passed is the
    bool itself (False, not None: to_dict would write null)."""
    good = check(True, ReasonCode.GUARANTEE_REQUIRED, "Art. 10", passed=GUARANTEE,
                 failed=NO_GUARANTEE)
    bad = check(False, ReasonCode.GUARANTEE_REQUIRED, "Art. 10", passed=GUARANTEE,
                failed=NO_GUARANTEE)
    assert good == OK
    assert good.passed is True
    assert bad.passed is False
    assert (bad.code, bad.article, bad.article_zh) == (
        ReasonCode.GUARANTEE_REQUIRED, "Art. 10", None)
    assert (bad.message, bad.message_zh) == ("guarantee required", "要求担保")
    assert to_dict(bad)["passed"] is False


def test_finding_takes_article_and_label_from_a_citation() -> None:
    reason = finding(ReasonCode.AGE_ABOVE_LIMIT, AGE_CITED, False, "en", "zh")
    assert reason.passed is False
    assert (reason.code, reason.article, reason.article_zh) == (
        ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", "第九条第（一）项")
    assert (reason.message, reason.message_zh) == ("en", "zh")
    assert to_dict(reason) == {
        "code": "AGE_ABOVE_LIMIT", "article": "Art. 9(1)", "passed": False, "message": "en",
        "message_zh": "zh", "article_zh": "第九条第（一）项",
    }
    assert finding(ReasonCode.AGE_ABOVE_LIMIT, AGE_CITED, True, "en", "zh").passed is True


class Calls:
    """A message factory that counts how often it runs."""

    def __init__(self, result: object) -> None:
        self.result = result
        self.count = 0

    def __call__(self) -> object:
        self.count += 1
        return self.result


@pytest.mark.parametrize("zh_first", [False, True], ids=["en-first", "zh-first"])
@pytest.mark.parametrize("passed", [False, True], ids=["failed", "passed"])
def test_lazy_finding_renders_once_and_equals_the_eager_one(zh_first: bool, passed: bool) -> None:
    messages = Calls(("en text", "中文"))
    lazy = lazy_finding(ReasonCode.AGE_ABOVE_LIMIT, AGE_CITED, passed, messages)  # type: ignore[arg-type]
    assert messages.count == 0  # nothing rendered until a message is read
    assert lazy.passed is passed
    assert (lazy.article, lazy.article_zh) == ("Art. 9(1)", "第九条第（一）项")
    if zh_first:
        assert lazy.message_zh == "中文"
        assert lazy.message == "en text"
    else:
        assert lazy.message == "en text"
        assert lazy.message_zh == "中文"
    assert messages.count == 1  # one read renders both; the second is stored
    assert lazy.text("zh") == "中文"
    assert messages.count == 1
    eager = finding(ReasonCode.AGE_ABOVE_LIMIT, AGE_CITED, passed, "en text", "中文")
    assert lazy == eager
    assert hash(lazy) == hash(eager)
    assert repr(lazy) == repr(eager)


def test_lazy_finding_with_a_plain_article_has_no_label() -> None:
    lazy = lazy_finding(ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, lambda: ("e", "z"))
    assert (lazy.article, lazy.article_zh, lazy.passed) == ("Art. 9(1)", None, False)
    assert lazy.message_zh == "z"  # either message may be read first
    assert repr(lazy) == "Reason(AGE_ABOVE_LIMIT, Art. 9(1), failed: e)"
    assert lazy == finding(ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, "e", "z")


@pytest.mark.parametrize("zh_first", [False, True], ids=["en-first", "zh-first"])
def test_deferred_reads_the_eager_builders_messages(zh_first: bool) -> None:
    """deferred(code, article, passed, build): code, article and passed are its own, the two
    messages those of build(), run once on the first read of either."""
    eager = finding(ReasonCode.AGE_ABOVE_LIMIT, AGE_CITED, False, "age 66", "66周岁")
    build = Calls(eager)
    lazy = deferred(ReasonCode.AGE_ABOVE_LIMIT, AGE_CITED, False, build)  # type: ignore[arg-type]
    assert build.count == 0
    assert lazy.passed is False
    assert (lazy.code, lazy.article, lazy.article_zh) == (
        ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", "第九条第（一）项")
    if zh_first:
        assert (lazy.message_zh, lazy.message) == ("66周岁", "age 66")
    else:
        assert (lazy.message, lazy.message_zh) == ("age 66", "66周岁")
    assert build.count == 1
    assert lazy == eager
    plain = deferred(ReasonCode.GUARANTEE_REQUIRED, "Art. 10", True, lambda: OK)
    assert (plain.article, plain.article_zh, plain.passed) == ("Art. 10", None, True)
    assert plain == OK


def test_pending_decision_decides_first_and_builds_once() -> None:
    """A pending decision of one passed Reason and one failed deferred item: denied before any
    finding is built; the findings, built on first read, are kept (the same tuple again) and
    equal the eager decision's."""
    build = Calls(AGE)
    fast = pending_decision(
        [OK, (ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, build)], "P-1", "pol")
    assert bool(fast) is False
    assert (fast.subject, fast.policy_id) == ("P-1", "pol")
    first = fast.findings
    assert fast.findings is first
    assert build.count == 0  # the deferred reason exists, its messages not yet rendered
    assert first[0] is OK
    assert fast == Decision.of([OK, AGE], subject="P-1", policy_id="pol")
    assert build.count == 1
    assert bool(fast) is False  # now from the built findings
    assert fast.codes == (ReasonCode.AGE_ABOVE_LIMIT,)


def test_pending_decision_verdicts() -> None:
    """Granted only when every item passed; a failed item is seen whether it is a Reason or the
    arguments of deferred()."""
    granted = pending_decision([OK, (ReasonCode.AGE_ABOVE_LIMIT, None, True, lambda: OK)],
                               None, None)
    assert bool(granted) is True
    assert repr(granted) == "<Decision: granted (2 checks passed)>"
    assert bool(pending_decision([AGE, OK], None, None)) is False
    assert bool(pending_decision([OK, AGE], None, None)) is False
    assert bool(pending_decision([], None, None)) is True
    denied = pending_decision([OK, AGE, AMOUNT], "L-9", None)
    assert repr(denied) == ("<Decision L-9: denied — AGE_ABOVE_LIMIT (Art. 9(1)), "
                            "AMOUNT_ABOVE_LIMIT (-)>")


def test_of_keeps_subject_and_policy_id() -> None:
    decision = Decision.of(iter([OK]), "L-1", "x-county")
    assert decision.findings == (OK,)
    assert (decision.subject, decision.policy_id) == ("L-1", "x-county")
    assert decision == Decision(findings=(OK,), subject="L-1", policy_id="x-county")


def test_of_on_a_subclass_builds_the_subclass() -> None:
    @attrs.frozen(kw_only=True)
    class Mine(Decision):
        pass

    mine = Mine.of(iter([AGE]), "S", "P")
    assert type(mine) is Mine
    assert (mine.findings, mine.subject, mine.policy_id) == ((AGE,), "S", "P")


def test_explain_without_subject_and_without_passed_checks() -> None:
    decision = Decision.of([AGE, OK, AMOUNT])
    assert decision.explain(passed=False) == (
        "denied\n"
        "  ✗ [AGE_ABOVE_LIMIT] Art. 9(1): age 66 on 2026-03-15 is above the limit of 65\n"
        "  ✗ [AMOUNT_ABOVE_LIMIT] -: 60000.00 is above 50000.00"
    )
    assert Decision.of([OK]).explain() == (
        "granted\n  ✓ [GUARANTEE_REQUIRED] Art. 10: no guarantee required")
    assert Decision.of([OK], subject="L-1").explain("zh") == (
        "L-1: 获准\n  ✓ [GUARANTEE_REQUIRED] Art. 10: 免担保")
    assert Decision.of([AMOUNT], subject="L-2").explain("zh", passed=False) == (
        "L-2: 不予通过\n  ✗ [AMOUNT_ABOVE_LIMIT] -: 60000.00元超过5万元")


def test_repr_without_subject_and_with_one() -> None:
    assert repr(Decision.of([OK, OK])) == "<Decision: granted (2 checks passed)>"
    assert repr(Decision.of([AMOUNT], subject="L-2")) == (
        "<Decision L-2: denied — AMOUNT_ABOVE_LIMIT (-)>")


def test_html_table_exactly() -> None:
    decision = Decision.of([OK, AMOUNT], subject="<L>")
    assert decision._repr_html_() == (
        "<table><caption>&lt;L&gt;: denied</caption><tr><th></th><th>code</th>"
        "<th>article</th><th>message</th><th>说明</th></tr>"
        "<tr><td>✓</td><td>GUARANTEE_REQUIRED</td><td>Art. 10</td>"
        "<td>no guarantee required</td><td>免担保</td></tr>"
        "<tr><td>✗</td><td>AMOUNT_ABOVE_LIMIT</td><td>-</td>"
        "<td>60000.00 is above 50000.00</td><td>60000.00元超过5万元</td></tr></table>"
    )


def test_html_escapes_article_and_messages_and_a_granted_caption() -> None:
    odd = Reason(code=ReasonCode.LOSS_ABOVE_COVER, article="Art. 10 & 13", passed=True,
                 message="a < b", message_zh="甲 > 乙")
    assert Decision.of([odd])._repr_html_() == (
        "<table><caption>granted</caption><tr><th></th><th>code</th>"
        "<th>article</th><th>message</th><th>说明</th></tr>"
        "<tr><td>✓</td><td>LOSS_ABOVE_COVER</td><td>Art. 10 &amp; 13</td>"
        "<td>a &lt; b</td><td>甲 &gt; 乙</td></tr></table>"
    )


def test_computed_later_computes_once_on_first_read() -> None:
    @attrs.frozen
    class Box:
        value: object

    slot = computed_later(Box, "value")
    make = Calls(42)
    box = Box(Later(make))
    assert make.count == 0
    assert box.value == 42
    assert box.value == 42
    assert make.count == 1
    assert slot.__get__(box, Box) == 42  # stored in the slot itself
    assert box == Box(42)
    later = Box(0)
    slot.__set__(later, Later(lambda: "set"))  # what a fast constructor does
    assert later.value == "set"


# Reason.message / message_zh and Decision.findings are properties that _rendering and
# _findings_property build once, when decision.py is imported. These tests build them again and
# use them on real reasons and decisions, so that the builders themselves run under test.


@pytest.mark.parametrize("index", [0, 1], ids=["en-first", "zh-first"])
def test_the_message_properties_render_a_pending_pair_once(index: int) -> None:
    """Reading either property of a pending reason runs the factory once, returns its text and
    stores both texts in their slots; the other property then reads the stored text."""
    props = (_rendering(_EN_SLOT, _ZH_SLOT, 0), _rendering(_ZH_SLOT, _EN_SLOT, 1))
    messages = Calls(("e", "z"))
    reason = lazy_finding(ReasonCode.AGE_ABOVE_LIMIT, "A", False, messages)  # type: ignore[arg-type]
    assert props[index].__get__(reason, Reason) == ("e", "z")[index]
    assert messages.count == 1
    assert (_EN_SLOT.__get__(reason, Reason), _ZH_SLOT.__get__(reason, Reason)) == ("e", "z")
    assert props[1 - index].__get__(reason, Reason) == ("e", "z")[1 - index]
    assert messages.count == 1


def test_the_message_properties_read_a_deferred_reason_and_a_plain_one() -> None:
    en, zh = _rendering(_EN_SLOT, _ZH_SLOT, 0), _rendering(_ZH_SLOT, _EN_SLOT, 1)
    later = deferred(ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, lambda: AGE)
    assert zh.__get__(later, Reason) == "2026-03-15年满66周岁，超过65周岁"
    assert _EN_SLOT.__get__(later, Reason) == "age 66 on 2026-03-15 is above the limit of 65"
    assert en.__get__(OK, Reason) == "no guarantee required"  # rendered already: as it is
    assert zh.__get__(OK, Reason) == "免担保"


def test_the_message_properties_set_only_their_own_slot() -> None:
    """What attrs' __init__ does: the English property stores its value, the Chinese slot keeps
    its pending pair (and the other way round)."""
    en, zh = _rendering(_EN_SLOT, _ZH_SLOT, 0), _rendering(_ZH_SLOT, _EN_SLOT, 1)
    reason = lazy_finding(ReasonCode.AGE_ABOVE_LIMIT, "A", False, lambda: ("e", "z"))
    en.__set__(reason, "set")
    assert _EN_SLOT.__get__(reason, Reason) == "set"
    assert type(_ZH_SLOT.__get__(reason, Reason)) is _Pending
    other = lazy_finding(ReasonCode.AGE_ABOVE_LIMIT, "A", False, lambda: ("e", "z"))
    zh.__set__(other, "设")
    assert _ZH_SLOT.__get__(other, Reason) == "设"
    assert type(_EN_SLOT.__get__(other, Reason)) is _Pending


def test_the_findings_property_builds_pending_findings_once() -> None:
    """A pending decision of a Reason (kept as it is) and deferred arguments (made into a
    deferred reason): built on the first read, stored, and the same tuple on the next."""
    prop = _findings_property()
    build = Calls(AGE)
    decision = pending_decision([OK, (ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, build)],
                                "S", None)
    built = prop.__get__(decision, Decision)
    assert type(built) is tuple
    assert built[0] is OK
    assert (built[1].code, built[1].article, built[1].passed) == (
        ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False)
    assert built == (OK, AGE)
    assert build.count == 1
    assert _FINDINGS_SLOT.__get__(decision, Decision) is built
    assert prop.__get__(decision, Decision) is built
    eager = Decision.of([OK])
    assert prop.__get__(eager, Decision) == (OK,)
    prop.__set__(eager, (AGE,))  # what attrs' __init__ does
    assert _FINDINGS_SLOT.__get__(eager, Decision) == (AGE,)
