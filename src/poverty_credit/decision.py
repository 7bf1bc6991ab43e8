"""Decisions and their reasons: what a rule decided, and why, in English and Chinese.

A rule returns a :class:`Decision`. ``bool(decision)`` is the verdict; ``decision.reasons`` lists
every failed check and ``decision.findings`` every check the rule evaluated, passed ones included,
in the rule's fixed, documented order. Each :class:`Reason` carries a stable
:class:`ReasonCode`, the
article of the Measures it applies (``"Art. 9(1)"``) and a message in both languages.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from poverty_credit.citations import Cited
from poverty_credit.errors import RuleViolation

__all__ = ["Decision", "Reason", "ReasonCode", "check", "finding"]


class ReasonCode(str, enum.Enum):
    """Stable codes for every check. A code names the *failure*; a passed finding carries the same
    code with ``passed=True``. The values never change; new codes may be added."""

    # Art. 9, 10 — eligibility
    NOT_REGISTERED_POOR = "NOT_REGISTERED_POOR"
    FIVE_GUARANTEE_HOUSEHOLD = "FIVE_GUARANTEE_HOUSEHOLD"
    OUTSTANDING_BAD_LOANS = "OUTSTANDING_BAD_LOANS"
    BAD_CREDIT_RECORD = "BAD_CREDIT_RECORD"  # never a failure: Art. 9(1) says "应全部纳入"
    AGE_ABOVE_LIMIT = "AGE_ABOVE_LIMIT"
    AGE_BELOW_LIMIT = "AGE_BELOW_LIMIT"
    NO_DRIVING_AGREEMENT = "NO_DRIVING_AGREEMENT"
    # Art. 10, 11, 13 — loan terms ("5321")
    AMOUNT_ABOVE_LIMIT = "AMOUNT_ABOVE_LIMIT"
    AMOUNT_ABOVE_ENTITY_LIMIT = "AMOUNT_ABOVE_ENTITY_LIMIT"
    TERM_ABOVE_LIMIT = "TERM_ABOVE_LIMIT"
    GUARANTEE_REQUIRED = "GUARANTEE_REQUIRED"
    COLLATERAL_REQUIRED = "COLLATERAL_REQUIRED"
    RATE_ABOVE_BENCHMARK = "RATE_ABOVE_BENCHMARK"
    # Art. 17 — approval and filing
    MISSING_REVIEW = "MISSING_REVIEW"
    MISSING_APPROVAL = "MISSING_APPROVAL"
    MISSING_STAMP = "MISSING_STAMP"
    FILING_LATE = "FILING_LATE"
    # Art. 27-29 — subsidy
    MISSING_DOCUMENT = "MISSING_DOCUMENT"
    SUBSIDY_BEFORE_START = "SUBSIDY_BEFORE_START"
    SUBSIDY_FROM_MATURITY = "SUBSIDY_FROM_MATURITY"
    SUBSIDY_REPAID = "SUBSIDY_REPAID"
    SUBSIDY_PRINCIPAL_CAPPED = "SUBSIDY_PRINCIPAL_CAPPED"
    SUBSIDY_RATE_CAPPED = "SUBSIDY_RATE_CAPPED"
    # Art. 19-25, 32 — compensation claims
    NOT_OVERDUE_ENOUGH = "NOT_OVERDUE_ENOUGH"
    NOTICE_TOO_SHORT = "NOTICE_TOO_SHORT"
    NOTICE_OBJECTION = "NOTICE_OBJECTION"
    MISSING_TOWN_OPINION = "MISSING_TOWN_OPINION"
    NOT_APPROVED = "NOT_APPROVED"
    LOSS_NOT_DETERMINED = "LOSS_NOT_DETERMINED"
    NO_COLLECTION_IN_PERIOD = "NO_COLLECTION_IN_PERIOD"
    RECOURSE_NOT_PERFORMED = "RECOURSE_NOT_PERFORMED"
    MAJOR_EVENT_NOT_HANDLED = "MAJOR_EVENT_NOT_HANDLED"
    LOAN_NOT_AS_REQUIRED = "LOAN_NOT_AS_REQUIRED"
    CAUSE_NOT_COVERED = "CAUSE_NOT_COVERED"
    # Art. 7, 12, 13 — portfolio
    FIVE_STAR_SHARE_LOW = "FIVE_STAR_SHARE_LOW"
    THREE_STAR_SHARE_LOW = "THREE_STAR_SHARE_LOW"
    DUPLICATE_ENTITLEMENT = "DUPLICATE_ENTITLEMENT"
    CAPACITY_EXCEEDED = "CAPACITY_EXCEEDED"
    # SPEC part D — target groups, caps, documents and dates
    NOT_IN_TARGET_GROUP = "NOT_IN_TARGET_GROUP"
    MAJOR_BAD_CREDIT_RECORD = "MAJOR_BAD_CREDIT_RECORD"
    ENTITY_LENDING_NOT_ALLOWED = "ENTITY_LENDING_NOT_ALLOWED"
    HOUSEHOLD_AMOUNT_ABOVE_LIMIT = "HOUSEHOLD_AMOUNT_ABOVE_LIMIT"
    AMOUNT_ABOVE_ENTITY_CAP = "AMOUNT_ABOVE_ENTITY_CAP"  # note inside AMOUNT_ABOVE_ENTITY_LIMIT
    SUBSIDY_HOUSEHOLD_CAPPED = "SUBSIDY_HOUSEHOLD_CAPPED"
    SUBSIDY_SHARE = "SUBSIDY_SHARE"
    SUBSIDY_DAYS_LIMIT = "SUBSIDY_DAYS_LIMIT"
    SUBSIDY_POLICIES = "SUBSIDY_POLICIES"  # a statement computed under several documents
    LOSS_ABOVE_COVER = "LOSS_ABOVE_COVER"  # the part of a loss above the covered principal
    RATE_UNCONFIRMED = "RATE_UNCONFIRMED"  # never a failure: a rate past its confirmed date
    # ledger events cite these (SPEC D7): RiskFund's events, not findings
    FUND_ALLOCATION = "FUND_ALLOCATION"
    FUND_CONTRIBUTION = "FUND_CONTRIBUTION"
    FUND_INTEREST = "FUND_INTEREST"
    FUND_PAYOUT = "FUND_PAYOUT"
    FUND_RECOVERY = "FUND_RECOVERY"
    FUND_CLAW_BACK = "FUND_CLAW_BACK"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(kw_only=True)
class Reason:
    """One evaluated check: its code, the article it applies, whether it passed, and why.

    >>> r = Reason(code=ReasonCode.AGE_ABOVE_LIMIT, article="Art. 9(1)", passed=False,
    ...            message="age 66 is above 65", message_zh="年龄66周岁，超过65周岁")
    >>> r
    Reason(AGE_ABOVE_LIMIT, Art. 9(1), failed: age 66 is above 65)
    >>> r.text("zh")
    '年龄66周岁，超过65周岁'
    """

    code: ReasonCode
    article: str | None
    passed: bool
    message: str
    message_zh: str
    #: the Chinese label of the article (``"第九条第（一）项"``), from the policy's citations.
    article_zh: str | None = None

    def text(self, lang: str = "en") -> str:
        """The message in ``"en"`` or ``"zh"``."""
        if lang not in ("en", "zh"):
            from poverty_credit.errors import InvalidInputError

            raise InvalidInputError.single("lang", f"must be 'en' or 'zh' (got {lang!r})")
        return self.message_zh if lang == "zh" else self.message

    def __repr__(self) -> str:
        state = "passed" if self.passed else "failed"
        return f"Reason({self.code.value}, {self.article or '-'}, {state}: {self.message})"


class _Pending:
    """The two messages of a :class:`Reason`, not yet rendered: what both message slots hold
    until one of them is first read (then the factory runs once and both are stored)."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], tuple[str, str] | Reason]) -> None:
        self.factory = factory


# Reason's two message slots, wrapped: reading one renders a pending pair first. Equality,
# hashing, repr, evolve, asdict and pickling all read the attributes, so they see the text.
def _rendering(own: Any, other: Any, index: int) -> property:
    def get(self: Reason) -> str:
        value = own.__get__(self, Reason)
        if type(value) is _Pending:
            made_ = value.factory()
            texts = (
                (made_.message, made_.message_zh)  # deferred(): the eager builder's reason
                if isinstance(made_, Reason)
                else made_
            )
            own.__set__(self, texts[index])
            other.__set__(self, texts[1 - index])
            return texts[index]
        return value  # type: ignore[no-any-return]

    def put(self: Reason, value: object) -> None:  # attrs' __init__ and __setstate__
        own.__set__(self, value)

    return property(get, put)


_EN_SLOT, _ZH_SLOT = Reason.__dict__["message"], Reason.__dict__["message_zh"]
setattr(Reason, "message", _rendering(_EN_SLOT, _ZH_SLOT, 0))  # noqa: B010
setattr(Reason, "message_zh", _rendering(_ZH_SLOT, _EN_SLOT, 1))  # noqa: B010
_CODE_SLOT, _ARTICLE_SLOT, _PASSED_SLOT, _ARTICLE_ZH_SLOT = (
    Reason.__dict__[name] for name in ("code", "article", "passed", "article_zh")
)
_new = object.__new__


def made(
    code: ReasonCode,
    article: str | None,
    passed: bool,
    en: object,
    zh: object,
    article_zh: str | None,
) -> Reason:
    """A Reason from values the library made itself: no checks (the public constructor runs
    none either, so this is the same object, built without attrs' generic ``__init__``)."""
    reason: Reason = _new(Reason)
    _CODE_SLOT.__set__(reason, code)
    _ARTICLE_SLOT.__set__(reason, article)
    _PASSED_SLOT.__set__(reason, passed)
    _EN_SLOT.__set__(reason, en)
    _ZH_SLOT.__set__(reason, zh)
    _ARTICLE_ZH_SLOT.__set__(reason, article_zh)
    return reason


def lazy_finding(
    code: ReasonCode,
    article: Cited | str | None,
    passed: bool,
    messages: Callable[[], tuple[str, str]],
) -> Reason:
    """Like :func:`finding`, with the two messages rendered when first read: ``messages()``
    returns ``(en, zh)`` exactly as :func:`finding` would have been given them. Most callers
    read only the verdict, so a decision's messages are usually never formatted."""
    pending = _Pending(messages)
    if isinstance(article, Cited):
        return made(code, article.article, passed, pending, pending, article.article_zh)
    return made(code, article, passed, pending, pending, None)


def deferred(
    code: ReasonCode, article: Cited | str | None, passed: bool, build: Callable[[], Reason]
) -> Reason:
    """A finding whose messages are those of ``build()``, the rule's eager builder, run when a
    message is first read. The caller decides ``code``, ``article`` and ``passed`` itself (what
    the verdict needs); ``tests/test_lazy_messages.py`` proves the eager reason equal."""
    pending = _Pending(build)
    reason: Reason = _new(Reason)
    _CODE_SLOT.__set__(reason, code)
    _PASSED_SLOT.__set__(reason, passed)
    _EN_SLOT.__set__(reason, pending)
    _ZH_SLOT.__set__(reason, pending)
    if isinstance(article, Cited):
        _ARTICLE_SLOT.__set__(reason, article.article)
        _ARTICLE_ZH_SLOT.__set__(reason, article.article_zh)
    else:
        _ARTICLE_SLOT.__set__(reason, article)
        _ARTICLE_ZH_SLOT.__set__(reason, None)
    return reason


def _as_findings(findings: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(findings)


def finding(
    code: ReasonCode, article: Cited | str | None, passed: bool, en: str, zh: str
) -> Reason:
    """One evaluated check (the rules' shorthand for building a :class:`Reason`).

    ``article`` is normally a :class:`~poverty_credit.citations.Cited` from
    :meth:`Policy.cite <poverty_credit.Policy.cite>`: the reason takes its article and Chinese
    label from the policy's citations.
    """
    if isinstance(article, Cited):
        return made(code, article.article, passed, en, zh, article.article_zh)
    return made(code, article, passed, en, zh, None)


def check(
    ok: bool,
    code: ReasonCode,
    article: Cited | str | None,
    *,
    passed: tuple[str, str],
    failed: tuple[str, str],
) -> Reason:
    """The finding of a yes/no check: the ``passed`` or the ``failed`` messages (English, Chinese).

    >>> check(False, ReasonCode.GUARANTEE_REQUIRED, "Art. 10",
    ...       passed=("no guarantee required", "免担保"), failed=("guarantee required", "要求担保"))
    Reason(GUARANTEE_REQUIRED, Art. 10, failed: guarantee required)
    """
    en, zh = passed if ok else failed
    return finding(code, article, ok, en, zh)


@attrs.frozen(kw_only=True)
class Decision:
    """A rule's verdict with its full explanation.

    ``bool(decision)`` is the verdict: true when no check failed.

    >>> ok = Reason(code=ReasonCode.GUARANTEE_REQUIRED, article="Art. 10", passed=True,
    ...             message="no guarantee required", message_zh="免担保")
    >>> bad = Reason(code=ReasonCode.AMOUNT_ABOVE_LIMIT, article="Art. 10", passed=False,
    ...              message="60000.00 is above 50000.00", message_zh="60000.00元超过5万元")
    >>> d = Decision(findings=(ok, bad), subject="L-1")
    >>> bool(d), [r.code.value for r in d.reasons]
    (False, ['AMOUNT_ABOVE_LIMIT'])
    >>> d
    <Decision L-1: denied — AMOUNT_ABOVE_LIMIT (Art. 10)>
    """

    findings: tuple[Reason, ...] = attrs.field(converter=_as_findings)
    subject: str | None = None
    #: the ``document.id`` of the policy the decision was computed under (SPEC D1).
    policy_id: str | None = None

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The failed checks, in the rule's order (empty when the decision is positive)."""
        return tuple(r for r in self.findings if not r.passed)

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the failed checks."""
        return tuple(r.code for r in self.reasons)

    def __bool__(self) -> bool:
        held = _FINDINGS_SLOT.__get__(self, Decision)
        if type(held) is _PendingFindings:
            return held.verdict
        return all(r.passed for r in held)

    def raise_if_denied(self) -> Decision:
        """Raise :class:`~poverty_credit.RuleViolation` when denied; return ``self`` otherwise."""
        if not self:
            raise RuleViolation(self)
        return self

    def explain(self, lang: str = "en", *, passed: bool = True) -> str:
        """A readable multi-line explanation (failed checks first marked ✗, passed ones ✓)."""
        head = (
            ("获准" if self else "不予通过") if lang == "zh" else ("granted" if self else "denied")
        )
        lines = [f"{self.subject}: {head}" if self.subject else head]
        for r in self.findings:
            if r.passed and not passed:
                continue
            mark = "✓" if r.passed else "✗"
            lines.append(f"  {mark} [{r.code.value}] {r.article or '-'}: {r.text(lang)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        subject = f" {self.subject}" if self.subject else ""
        if self:
            return f"<Decision{subject}: granted ({len(self.findings)} checks passed)>"
        failures = ", ".join(f"{r.code.value} ({r.article or '-'})" for r in self.reasons)
        return f"<Decision{subject}: denied — {failures}>"

    def _repr_html_(self) -> str:
        verdict = "granted" if self else "denied"
        rows = "".join(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                "✓" if r.passed else "✗",
                html.escape(r.code.value),
                html.escape(r.article or "-"),
                html.escape(r.message),
                html.escape(r.message_zh),
            )
            for r in self.findings
        )
        title = html.escape(f"{self.subject}: {verdict}" if self.subject else verdict)
        return (
            f"<table><caption>{title}</caption><tr><th></th><th>code</th><th>article</th>"
            f"<th>message</th><th>说明</th></tr>{rows}</table>"
        )

    @classmethod
    def of(
        cls, findings: Iterable[Reason], subject: str | None = None, policy_id: str | None = None
    ) -> Decision:
        """Build a decision from evaluated findings."""
        if cls is not Decision:
            return cls(findings=tuple(findings), subject=subject, policy_id=policy_id)
        decision: Decision = _new(Decision)  # the converter's work, without attrs' __init__
        _FINDINGS_SLOT.__set__(decision, tuple(findings))
        _SUBJECT_SLOT.__set__(decision, subject)
        _POLICY_ID_SLOT.__set__(decision, policy_id)
        return decision


_FINDINGS_SLOT, _SUBJECT_SLOT, _POLICY_ID_SLOT = (
    Decision.__dict__[name] for name in ("findings", "subject", "policy_id")
)

#: A finding not yet built: ``(code, article, passed, build)``, the arguments of :func:`deferred`.
Deferred = tuple[ReasonCode, "Cited | str | None", bool, Callable[[], Reason]]


class _PendingFindings:
    """A decision's findings, not yet built: the verdict is known, the reasons are made (their
    messages still deferred) when ``findings`` is first read."""

    __slots__ = ("items", "verdict")

    def __init__(self, items: list[Reason | Deferred], verdict: bool) -> None:
        self.items = items
        self.verdict = verdict


def _findings_property() -> property:
    def get(self: Decision) -> tuple[Reason, ...]:
        held = _FINDINGS_SLOT.__get__(self, Decision)
        if type(held) is _PendingFindings:
            built = tuple(
                item if type(item) is Reason else deferred(*item)  # type: ignore[misc]
                for item in held.items
            )
            _FINDINGS_SLOT.__set__(self, built)
            return built
        return held  # type: ignore[no-any-return]

    def put(self: Decision, value: object) -> None:  # attrs' __init__ and __setstate__
        _FINDINGS_SLOT.__set__(self, value)

    return property(get, put)


setattr(Decision, "findings", _findings_property())  # noqa: B010


def pending_decision(
    items: Iterable[Reason | Deferred], subject: str | None, policy_id: str | None
) -> Decision:
    """:meth:`Decision.of` of findings given as reasons or as :func:`deferred` arguments: the
    verdict is decided now, the reasons are built when ``findings`` is first read."""
    listed = list(items)
    verdict = True
    for item in listed:
        if not (item.passed if isinstance(item, Reason) else item[2]):
            verdict = False
            break
    decision: Decision = _new(Decision)
    _FINDINGS_SLOT.__set__(decision, _PendingFindings(listed, verdict))
    _SUBJECT_SLOT.__set__(decision, subject)
    _POLICY_ID_SLOT.__set__(decision, policy_id)
    return decision


class Later:
    """A field value not yet computed: what :func:`computed_later` fields hold until read."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def computed_later(cls: type, name: str) -> Any:
    """Make the slotted attrs field ``cls.name`` accept a :class:`Later`, computed (and stored)
    on first read; returns the field's slot, for fast constructors. Equality, hashing, repr,
    evolve and pickling read the attribute, so they see the computed value."""
    slot = cls.__dict__[name]

    def get(self: object) -> object:
        value = slot.__get__(self, cls)
        if type(value) is Later:
            value = value.make()
            slot.__set__(self, value)
        return value

    def put(self: object, value: object) -> None:  # attrs' __init__ and __setstate__
        slot.__set__(self, value)

    setattr(cls, name, property(get, put))
    return slot
