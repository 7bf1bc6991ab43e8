"""Decision and Reason: the verdict, the failures, the explanation in two languages."""

from __future__ import annotations

import pytest
from hypothesis import given

from poverty_credit import Decision, InvalidInputError, Reason, ReasonCode, RuleViolation
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
    from poverty_credit.decision import finding

    reason = finding(ReasonCode.AGE_ABOVE_LIMIT, "Art. 9(1)", False, "en", "zh")
    assert (reason.article, reason.article_zh, reason.passed) == ("Art. 9(1)", None, False)
    assert (reason.message, reason.message_zh) == ("en", "zh")
