"""Compensation claims on the risk-compensation fund (Art. 19-25, 32).

A lender claims compensation for a loan that is still unpaid 90 days after it fell due (Art. 19).
:func:`check_claim` evaluates every point of the Measures, always all of them, in this fixed order:

1. ``NOT_OVERDUE_ENOUGH`` — days past due ≥ ``policy.min_days_past_due`` (Art. 19 "逾期90天");
2. ``NOTICE_TOO_SHORT`` — the public notice lasted ≥ ``policy.min_notice_days`` days and is over
   (Art. 20(2) "公示期不少于7天");
3. ``NOTICE_OBJECTION`` — nobody objected (Art. 20(3) "对公示无异议");
4. ``MISSING_TOWN_OPINION`` — the town poverty station verified and signed (Art. 24);
5. ``NOT_APPROVED`` — the leading group approved (Art. 20(3));
6. ``LOSS_NOT_DETERMINED`` — the poverty office determined the loss (Art. 19 ¶2, Art. 32(2));
7. ``NO_COLLECTION_IN_PERIOD`` … ``LOAN_NOT_AS_REQUIRED`` — the four grounds of Art. 21 for not
   accepting a claim, each the reviewing office's finding (causation included);
8. ``CAUSE_NOT_COVERED`` — natural-person loans only: the cause is one of Art. 25;
9. only where a part of the loss is not covered (SPEC D5: an uninsured household loan above the
   principal the fund covers), a passed ``LOSS_ABOVE_COVER`` note naming the covered part and the
   arithmetic (``loss × cap ÷ principal``).

These are the seed Measures' articles: under another policy each finding cites that document's
article from :attr:`Policy.citations <poverty_credit.Policy.citations>` (``policy.cite``), or,
where it gives none, names the document. A :class:`~poverty_credit.PolicySchedule` is resolved
for the claim's contract: ``for_contract(claim.loan.start_date, on)`` (SPEC D2).

>>> import datetime as dt
>>> from poverty_credit import CompensationClaim, Loan, LossCause, NaturalPerson
>>> p = NaturalPerson(id="P-7", birth_date=dt.date(1975, 4, 2), registered_poor=True)
>>> loan = Loan(id="L-7", borrower=p, lender="credit_union", principal="50000",
...             start_date=dt.date(2024, 3, 1), maturity_date=dt.date(2026, 3, 1),
...             annual_rate="0.0475")
>>> claim = CompensationClaim(loan=loan, due_date=dt.date(2026, 3, 1), unpaid_principal="50000",
...     unpaid_interest="0", notice_start=dt.date(2026, 6, 1), notice_end=dt.date(2026, 6, 8),
...     cause=LossCause.NATURAL_DISASTER, approved=True)
>>> bool(check_claim(claim, on=dt.date(2026, 6, 9)))
True
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from poverty_credit._validate import instance_of, validate_all
from poverty_credit._wording import phrase
from poverty_credit.citations import Cited
from poverty_credit.decision import (
    Decision,
    Deferred,
    Reason,
    ReasonCode,
    check,
    finding,
    pending_decision,
)
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.loss_sharing import _cover_cap, _covered_loss
from poverty_credit.models import CompensationClaim, LossCause, NaturalPerson
from poverty_credit.periods import days_after, require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy, policy_memo
from poverty_credit.schedule import PolicySchedule, policy_for_contract, require_schedule

__all__ = ["check_claim", "days_past_due"]


def days_past_due(due_date: _dt.date, on: _dt.date) -> int:
    """Days an amount is past due on ``on``: ``(on − due_date).days``, never below zero.

    The due date itself is day 0 (the amount may still be paid that day); the day after is day 1
    (Civil Code art. 201: a period in days starts the day after the event). Before the due date
    nothing is overdue, so the result is 0 rather than a negative count.

    Args:
        due_date: the day the unpaid amount fell due.
        on: the evaluation date.

    Returns:
        The number of days past due, ``>= 0``.

    Raises:
        InvalidInputError: either argument is not a ``datetime.date`` (a ``datetime`` is refused).

    >>> import datetime as dt
    >>> days_past_due(dt.date(2026, 3, 1), dt.date(2026, 5, 30))
    90
    >>> days_past_due(dt.date(2026, 3, 1), dt.date(2026, 2, 20))
    0
    """
    due_date = require_date(due_date, "due_date")
    on = require_date(on, "on")
    return max(0, (on - due_date).days)


def _validated(
    claim: object, on: object, policy: object
) -> tuple[CompensationClaim, _dt.date, Policy]:
    if (
        type(claim) is CompensationClaim
        and type(on) is _dt.date
        and type(policy) is Policy
        and on >= claim.loan.start_date
    ):
        return claim, on, policy  # the everyday call: nothing to convert or refuse
    problems: list[Problem] = []
    parsed: dict[str, object] = {}
    checks = (
        ("claim", claim, instance_of(CompensationClaim, "a CompensationClaim")),
        ("on", on, require_date),
        ("policy", policy, require_schedule),
    )
    for name, value, parse in checks:
        try:
            parsed[name] = parse(value, name)
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    good_claim = parsed["claim"]
    good_on = parsed["on"]
    assert isinstance(good_claim, CompensationClaim)
    assert isinstance(good_on, _dt.date)
    start = good_claim.loan.start_date
    if good_on < start:
        raise InvalidInputError.single(
            "on",
            f"is before the loan's start_date {start.isoformat()} "
            f"(got {good_on.isoformat()}); a claim cannot be judged before the loan exists",
        )
    # SPEC D2: a claim is judged under the policy that governs its contract on the day.
    return good_claim, good_on, policy_for_contract(policy, start, good_on)


def _periods(policy: Policy) -> tuple[int, int]:
    """The two periods a claim needs (unset in a policy: refuse, naming every one missing)."""
    overdue, notice = policy.min_days_past_due, policy.min_notice_days
    if overdue is None or notice is None:  # refuse, naming every one missing
        overdue, notice = validate_all(
            lambda: policy.need("min_days_past_due"), lambda: policy.need("min_notice_days")
        )
    return overdue, notice


def _with_quote(cited: Cited, sep: str) -> str:
    """The Chinese reference, then ``sep`` and the quote where the citation has one."""
    return f"{cited.ref_zh}{sep}{cited.quote}" if cited.quote else cited.ref_zh


def _overdue(claim: CompensationClaim, on: _dt.date, policy: Policy, need: int) -> Reason:
    days = days_past_due(claim.due_date, on)
    cited = policy.cite(ReasonCode.NOT_OVERDUE_ENOUGH)
    due, today = claim.due_date.isoformat(), on.isoformat()
    if days >= need:
        return finding(
            ReasonCode.NOT_OVERDUE_ENOUGH,
            cited,
            True,
            f"{days} days past due on {today} (due {due}), at least {need} ({cited.en()})",
            f"截至{today}逾期{days}天（{due}到期），已满{need}天（{cited.ref_zh}）",
        )
    earliest = days_after(claim.due_date, need, field="claim.due_date").isoformat()
    return finding(
        ReasonCode.NOT_OVERDUE_ENOUGH,
        cited,
        False,
        f"only {days} days past due on {today} (due {due}); a claim needs at least {need} "
        f"({cited.en()}): not before {earliest}",
        f"截至{today}仅逾期{days}天（{due}到期），不足{need}天（{cited.ref_zh}），"
        f"最早{earliest}起可申请",
    )


def _notice(claim: CompensationClaim, on: _dt.date, policy: Policy, need: int) -> Reason:
    days = (claim.notice_end - claim.notice_start).days
    cited = policy.cite(ReasonCode.NOTICE_TOO_SHORT)
    start, end, today = claim.notice_start.isoformat(), claim.notice_end.isoformat(), on.isoformat()
    long_enough = days >= need
    over = on > claim.notice_end
    if long_enough and over:
        return finding(
            ReasonCode.NOTICE_TOO_SHORT,
            cited,
            True,
            f"public notice from {start} through {end}: {days} days, at least {need}, and over "
            f"on {today} ({cited.en()})",
            f"公示期{start}至{end}共{days}天，不少于{need}天，{today}已期满（{cited.ref_zh}）",
        )
    problems_en: list[str] = []
    problems_zh: list[str] = []
    if not long_enough:
        problems_en.append(f"lasted only {days} days, fewer than {need}")
        problems_zh.append(f"仅{days}天，少于{need}天")
    if not over:
        problems_en.append(f"is not over on {today} (objections may come until the end of {end})")
        problems_zh.append(f"{today}尚未期满（异议可提至{end}当日结束）")
    return finding(
        ReasonCode.NOTICE_TOO_SHORT,
        cited,
        False,
        f"public notice from {start} through {end} "
        + " and ".join(problems_en)
        + f" ({cited.en()})",
        # "仅…天" follows the period directly; a notice long enough but not over starts with
        # the day, which a comma parts from the period's end date
        f"公示期{start}至{end}" + ("" if not long_enough else "，") + "，".join(problems_zh)
        + f"（{_with_quote(cited, '：')}）",
    )


def _objection(claim: CompensationClaim, policy: Policy) -> Reason:
    n = claim.objections
    cited = policy.cite(ReasonCode.NOTICE_OBJECTION)
    none = policy.cite(ReasonCode.NOTICE_OBJECTION, "none")
    if n == 0:
        return finding(
            ReasonCode.NOTICE_OBJECTION,
            none,
            True,
            f"no objection was raised during the public notice ({none.en()})",
            f"公示期内无异议（{none.ref_zh}）",
        )
    # the condition in the document's words where it gives them apart ("公示无异议")
    condition = none.quote if none.citation is not cited.citation and none.quote else ""
    return finding(
        ReasonCode.NOTICE_OBJECTION,
        cited,
        False,
        f"{n} objection(s) were raised during the public notice; only claims without "
        f"objection go forward ({cited.en()})",
        f"公示期内有{n}项异议，只有{condition or '公示期内无异议'}的贷款户方可审核确认"
        f"（{cited.ref_zh}）",
    )


def _major_event(claim: CompensationClaim, policy: Policy) -> Reason:
    cited = policy.cite(ReasonCode.MAJOR_EVENT_NOT_HANDLED)
    major_bad_en = " and ".join(
        part
        for part, failed in (
            ("did not act promptly", not claim.major_event_acted),
            ("did not notify the poverty office", not claim.major_event_reported),
        )
        if failed
    )
    major_bad_zh = "、".join(
        part
        for part, failed in (
            ("未及时采取措施", not claim.major_event_acted),
            ("未告知县扶农办", not claim.major_event_reported),
        )
        if failed
    )
    return check(
        claim.major_event_acted and claim.major_event_reported,
        ReasonCode.MAJOR_EVENT_NOT_HANDLED,
        cited,
        passed=(
            f"no failure to act on or report a major event endangering the loan ({cited.ref_en})",
            f"不存在对危及贷款安全的重大事项未及时采取措施并告知的情形（{cited.ref_zh}）",
        ),
        failed=(
            f"the lender knew of a major event endangering the loan and {major_bad_en}, "
            f"causing the loss: the claim is not accepted ({cited.en()})",
            f"合作金融机构确认借款人已发生危及贷款安全的重大事项而{major_bad_zh}，造成贷款损失，"
            f"{_refused_zh(cited)}（{cited.ref_zh}）",
        ),
    )


def _refused_zh(cited: Cited) -> str:
    """"Not accepted" in the document's words where it quotes them (Art. 21 "不予受理")."""
    return cited.quote or "不受理"


def _procedure(claim: CompensationClaim, policy: Policy) -> list[Reason]:
    town = policy.cite(ReasonCode.MISSING_TOWN_OPINION)
    approval = policy.cite(ReasonCode.NOT_APPROVED)
    # the approving body as the document names it ("NOT_APPROVED:body"), only beside that
    # document's own article; never NOT_APPROVED's own quote, which is the whole act ("报…批准")
    body = phrase(policy, ReasonCode.NOT_APPROVED, "body", "", beside=approval)
    loss = policy.cite(ReasonCode.LOSS_NOT_DETERMINED)
    determined = policy.cite(ReasonCode.LOSS_NOT_DETERMINED, "determination")
    penalty = policy.cite(ReasonCode.LOSS_NOT_DETERMINED, "penalty")
    determine_zh = determined.quote or "核定"  # the document's word for the determination
    penalty_en = f"is what {penalty.ref_en} forbids" + (
        f" ({penalty.quote})" if penalty.quote else ""
    )
    collected = policy.cite(ReasonCode.NO_COLLECTION_IN_PERIOD)
    recourse = policy.cite(ReasonCode.RECOURSE_NOT_PERFORMED)
    as_required = policy.cite(ReasonCode.LOAN_NOT_AS_REQUIRED)
    return [
        check(
            claim.town_station_signed,
            ReasonCode.MISSING_TOWN_OPINION,
            town,
            passed=(
                f"the town poverty station verified the claim and signed its opinion "
                f"({town.ref_en})",
                f"镇扶贫工作站已核准并签署意见（{town.ref_zh}）",
            ),
            failed=(
                f"the town poverty station has not verified the claim and signed its opinion "
                f"({town.en()})",
                f"镇扶贫工作站未{town.quote or '核准并签署意见'}（{town.ref_zh}）",
            ),
        ),
        check(
            claim.approved,
            ReasonCode.NOT_APPROVED,
            approval,
            passed=(
                f"approved by the county leading group after the joint review ({approval.ref_en})",
                f"经联合审核确认，已{approval.quote or '报领导小组批准'}（{approval.ref_zh}）",
            ),
            failed=(
                f"not (yet) approved by the county leading group ({approval.en()})",
                f"未经{body or '领导小组'}批准（{approval.ref_zh}）",
            ),
        ),
        check(
            claim.loss_determined,
            ReasonCode.LOSS_NOT_DETERMINED,
            loss,
            passed=(
                f"the poverty office determined the loss ({determined.en()})",
                f"县扶农办已对贷款损失进行{determine_zh}（{determined.ref_zh}）",
            ),
            failed=(
                "the poverty office has not determined the loss; paying without a loss "
                f"determination {penalty_en}",
                f"县扶农办未进行损失{determine_zh}；未经损失{determine_zh}而支付风险补偿金属"
                f"{penalty.ref_zh}所列行为",
            ),
        ),
        check(
            claim.collected_in_period,
            ReasonCode.NO_COLLECTION_IN_PERIOD,
            collected,
            passed=(
                f"the lender dunned the borrower within the recourse period ({collected.ref_en})",
                f"合作金融机构已在追索期内向借款人催收（{collected.ref_zh}）",
            ),
            failed=(
                "the lender did not dun the borrower within the recourse period: the claim is not "
                f"accepted ({collected.en()})",
                f"合作金融机构未在追索期内向借款人催收，{_refused_zh(collected)}"
                f"（{collected.ref_zh}）",
            ),
        ),
        check(
            claim.recourse_performed,
            ReasonCode.RECOURSE_NOT_PERFORMED,
            recourse,
            passed=(
                f"the lender performed its recourse duty ({recourse.ref_en})",
                f"合作金融机构已按规定履行追索义务（{recourse.ref_zh}）",
            ),
            failed=(
                f"the lender did not perform its recourse duty under {policy.document.ref_en}: "
                f"the claim is not accepted ({recourse.en()})",
                f"合作金融机构未按规定履行追索义务，{_refused_zh(recourse)}（{recourse.ref_zh}）",
            ),
        ),
        _major_event(claim, policy),
        check(
            claim.lent_as_required,
            ReasonCode.LOAN_NOT_AS_REQUIRED,
            as_required,
            passed=(
                f"the loan was made as the poverty office required ({as_required.ref_en})",
                f"合作金融机构已按县扶农办要求发放贷款（{as_required.ref_zh}）",
            ),
            failed=(
                "the lender did not lend as the poverty office required, causing the loss: "
                f"the claim is not accepted ({as_required.en()})",
                f"合作金融机构未按县扶农办要求发放贷款，造成贷款损失，{_refused_zh(as_required)}"
                f"（{as_required.ref_zh}）",
            ),
        ),
    ]


def _cause(claim: CompensationClaim, policy: Policy) -> Reason:
    code = ReasonCode.CAUSE_NOT_COVERED
    article = policy.cite(code)
    if not claim.loan.is_natural_person:
        return finding(
            code,
            article,
            True,
            f"not applicable: {article.ref_en} lists causes for loans to poor households; this is "
            "a loan to a legal entity",
            f"不适用：{article.ref_zh}针对建档立卡贫困户贷款，本笔为法人客户贷款",
        )
    cause = claim.cause
    if cause is None:
        return finding(
            code,
            article,
            False,
            "no cause of the loss was given; a loan to a household is compensated only "
            f"for a cause of {article.ref_en}",
            f"未说明损失原因；贫困户贷款仅对{article.ref_zh}所列原因造成的损失予以补偿",
        )
    if cause is LossCause.OTHER:
        return finding(
            code,
            article,
            False,
            f"the cause, {cause.en}, is not one of {article.ref_en} (death, lost working "
            "capacity or similar loss of income; major natural disaster or similar "
            "force majeure; another cause the leading group accepted)",
            f"损失原因（{cause.zh}）不属于{article.ref_zh}所列情形",
        )
    # every other cause is covered (SPEC B); each cites the item of its own (variant = the cause)
    item = policy.cite(code, cause.value)
    return finding(
        code,
        item,
        True,
        f"the loss came from {cause.en}, covered by {item.ref_en}",
        f"损失原因为{cause.zh}，属{item.ref_zh}",
    )


def _cover(claim: CompensationClaim, policy: Policy) -> list[Reason]:
    """SPEC D5: a passed note naming the covered part, when a part of the loss is not covered."""
    if claim.loan.insurer_share is not None:
        return []  # an insured loss is shared by insurer and lender whole; the fund pays nothing
    covered, cap = _covered_loss(claim, policy)
    if cap is None:
        return []
    loss, principal = claim.loss, claim.loan.principal
    uncovered = loss - covered
    cited = policy.cite(ReasonCode.LOSS_ABOVE_COVER)
    return [
        finding(
            ReasonCode.LOSS_ABOVE_COVER,
            cited,
            True,
            f"the principal {principal} is above the {cap} the fund covers: the covered loss is "
            f"{loss} × {cap} ÷ {principal} = {covered}, shared with the fund; the other "
            f"{uncovered} of the loss {loss} is the lender's alone ({cited.ref_en})",
            f"本金{principal}元超过风险补偿金覆盖的{cap}元：覆盖损失 = {loss} × {cap} ÷ "
            f"{principal} = {covered}元，由风险补偿金按比例分担；其余{uncovered}元"
            f"（损失共{loss}元）由贷款机构自行承担（{cited.ref_zh}）",
        )
    ]


def check_claim(
    claim: CompensationClaim, on: _dt.date, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> Decision:
    """Decide whether a compensation claim is accepted on ``on`` (Art. 19-25, 32).

    Every point is evaluated, in the order of the module docstring; ``findings`` holds all of
    them and ``reasons`` the failed ones. A natural-person claim without a cause fails
    ``CAUSE_NOT_COVERED``; for a legal-entity loan that finding passes as not applicable. Where a
    part of the loss lies above the fund's cover, a passed ``LOSS_ABOVE_COVER`` note at the end
    names the covered part (what :func:`~poverty_credit.share_loss` shares) and the rest.

    Args:
        claim: the claim, with the reviewing office's findings as booleans.
        on: the evaluation date ("today").
        policy: the parameters (``min_days_past_due``, ``min_notice_days``, the lenders of
            ``fund_allocations``, the covered cap) and citations; a policy or a schedule, resolved
            with ``for_contract(claim.loan.start_date, on)``.

    Returns:
        A :class:`~poverty_credit.Decision` whose subject is the loan id and whose ``policy_id``
        is the governing policy's document id.

    Raises:
        InvalidInputError: ``claim`` is not a claim, ``on`` not a date or before the loan's start,
            ``policy`` neither a Policy nor a schedule, no policy of the schedule governs the
            contract, the policy leaves ``min_days_past_due``, ``min_notice_days`` or
            ``fund_allocations`` unset, or the loan's lender is not one of its lenders
            (``claim.loan.lender``). A claim with no loss (unpaid principal and interest both
            zero) cannot even be built: :class:`~poverty_credit.CompensationClaim` refuses it.

    >>> import datetime as dt
    >>> from poverty_credit import CompensationClaim, Loan, LossCause, NaturalPerson
    >>> p = NaturalPerson(id="P-8", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L-8", borrower=p, lender="postal_savings", principal="30000",
    ...             start_date=dt.date(2025, 1, 10), maturity_date=dt.date(2026, 1, 10),
    ...             annual_rate="0.0435")
    >>> claim = CompensationClaim(loan=loan, due_date=dt.date(2026, 1, 10),
    ...     unpaid_principal="30000", unpaid_interest="0", notice_start=dt.date(2026, 4, 10),
    ...     notice_end=dt.date(2026, 4, 17), cause=LossCause.DEATH, approved=True)
    >>> d = check_claim(claim, on=dt.date(2026, 4, 17))
    >>> [r.code.value for r in d.reasons]
    ['NOTICE_TOO_SHORT']
    >>> print(d.reasons[0].message)
    public notice from 2026-04-10 through 2026-04-17 is not over on 2026-04-17 (objections may \
come until the end of 2026-04-17) (Art. 20(2) 公示期不少于7天)
    """
    claim, on, policy = _validated(claim, on, policy)
    overdue_days, notice_days = _periods(policy)
    # only the partner lenders' loans are covered (RiskFund.pay refuses any other lender)
    lender, allocations = claim.loan.lender, policy.fund_allocations
    if allocations is None or type(lender) is not str or lender not in allocations:
        policy.require_lender(lender, "claim.loan.lender")
    return pending_decision(
        _findings(claim, on, policy, overdue_days, notice_days),
        subject=claim.loan.id,
        policy_id=policy.id,
    )


def _findings_eager(
    claim: CompensationClaim, on: _dt.date, policy: Policy, overdue_days: int, notice_days: int
) -> list[Reason]:
    """The reference path of :func:`_findings`: every message formatted at once."""
    return [
        _overdue(claim, on, policy, overdue_days),
        _notice(claim, on, policy, notice_days),
        _objection(claim, policy),
        *_procedure(claim, policy),
        _cause(claim, policy),
        *_cover(claim, policy),
    ]


#: the key of a claim's citations in a policy's memo (see :func:`_claim_citations`)
_CITATIONS = object()

#: the citation of each finding of a claim, in the order of the findings (cause: the code's own)
_CITED = (
    (ReasonCode.NOT_OVERDUE_ENOUGH, None),
    (ReasonCode.NOTICE_TOO_SHORT, None),
    (ReasonCode.NOTICE_OBJECTION, "none"),
    (ReasonCode.MISSING_TOWN_OPINION, None),
    (ReasonCode.NOT_APPROVED, None),
    (ReasonCode.LOSS_NOT_DETERMINED, None),
    (ReasonCode.NO_COLLECTION_IN_PERIOD, None),
    (ReasonCode.RECOURSE_NOT_PERFORMED, None),
    (ReasonCode.MAJOR_EVENT_NOT_HANDLED, None),
    (ReasonCode.LOAN_NOT_AS_REQUIRED, None),
    (ReasonCode.CAUSE_NOT_COVERED, None),
)

_ClaimCitations = tuple[tuple[Cited, ...], dict[LossCause, Cited], Decimal | None]


def _claim_citations(policy: Policy) -> _ClaimCitations:
    """What a claim's verdicts need of ``policy``, looked up once per policy object (it is
    immutable): the citations of :data:`_CITED` (``policy.cite``'s own objects), the citation of
    each covered cause, and the principal the fund covers."""
    memo = policy_memo(policy)
    found: _ClaimCitations | None = memo.get(_CITATIONS)
    if found is None:
        found = memo[_CITATIONS] = (
            tuple(policy.cite(code, variant) for code, variant in _CITED),
            {c: policy.cite(ReasonCode.CAUSE_NOT_COVERED, c.value) for c in LossCause},
            _cover_cap(policy),
        )
    return found


def _findings(
    claim: CompensationClaim, on: _dt.date, policy: Policy, overdue_days: int, notice_days: int
) -> list[Reason | Deferred]:
    """The findings of :func:`_findings_eager`, a passed one's messages rendered when first
    read (a failed one is built at once: its words may need a date computed, which may fail)."""
    cited, cause_cited, cap = _claim_citations(policy)
    items: list[Reason | Deferred] = []
    append = items.append
    loan = claim.loan
    if max(0, (on - claim.due_date).days) >= overdue_days:  # days_past_due
        append((ReasonCode.NOT_OVERDUE_ENOUGH, cited[0], True,
                lambda: _overdue(claim, on, policy, overdue_days)))
    else:
        append(_overdue(claim, on, policy, overdue_days))
    if (claim.notice_end - claim.notice_start).days >= notice_days and on > claim.notice_end:
        append((ReasonCode.NOTICE_TOO_SHORT, cited[1], True,
                lambda: _notice(claim, on, policy, notice_days)))
    else:
        append(_notice(claim, on, policy, notice_days))
    if claim.objections == 0:
        append((ReasonCode.NOTICE_OBJECTION, cited[2], True, lambda: _objection(claim, policy)))
    else:
        append(_objection(claim, policy))
    procedure: list[list[Reason]] = []

    def step(index: int) -> Reason:
        if not procedure:  # the seven are worded together: once for all of them
            procedure.append(_procedure(claim, policy))
        return procedure[0][index]

    for index, passed in enumerate((
        claim.town_station_signed,
        claim.approved,
        claim.loss_determined,
        claim.collected_in_period,
        claim.recourse_performed,
        claim.major_event_acted and claim.major_event_reported,
        claim.lent_as_required,
    )):
        if passed:
            code, _ = _CITED[index + 3]
            append((code, cited[index + 3], True, lambda index=index: step(index)))  # type: ignore[misc]
        else:
            append(step(index))
    natural = isinstance(loan.borrower, NaturalPerson)  # loan.is_natural_person
    cause = claim.cause
    if not natural:
        append((ReasonCode.CAUSE_NOT_COVERED, cited[10], True, lambda: _cause(claim, policy)))
    elif cause is None or cause is LossCause.OTHER:
        append(_cause(claim, policy))
    else:
        append((ReasonCode.CAUSE_NOT_COVERED, cause_cited[cause], True,
                lambda: _cause(claim, policy)))
    # only a natural person's uninsured loan above the covered cap has a part not covered
    if loan.insurer_share is None and natural and cap is not None and loan.principal > cap:
        items.extend(_cover(claim, policy))
    return items
