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
8. ``CAUSE_NOT_COVERED`` — natural-person loans only: the cause is one of Art. 25.

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

from poverty_credit._validate import instance_of
from poverty_credit.decision import Decision, Reason, ReasonCode, check, finding
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.models import CompensationClaim, LossCause
from poverty_credit.periods import days_after, require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy

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
    problems: list[Problem] = []
    parsed: dict[str, object] = {}
    checks = (
        ("claim", claim, instance_of(CompensationClaim, "a CompensationClaim")),
        ("on", on, require_date),
        ("policy", policy, instance_of(Policy, "a Policy")),
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
    assert isinstance(policy, Policy)
    return good_claim, good_on, policy


def _overdue(claim: CompensationClaim, on: _dt.date, policy: Policy) -> Reason:
    days = days_past_due(claim.due_date, on)
    need = policy.min_days_past_due
    due, today = claim.due_date.isoformat(), on.isoformat()
    if days >= need:
        return finding(
            ReasonCode.NOT_OVERDUE_ENOUGH,
            "Art. 19",
            True,
            f"{days} days past due on {today} (due {due}), at least {need} (Art. 19 逾期{need}天)",
            f"截至{today}逾期{days}天（{due}到期），已满{need}天（第十九条）",
        )
    earliest = days_after(claim.due_date, need, field="claim.due_date").isoformat()
    return finding(
        ReasonCode.NOT_OVERDUE_ENOUGH,
        "Art. 19",
        False,
        f"only {days} days past due on {today} (due {due}); a claim needs at least {need} "
        f"(Art. 19 逾期{need}天): not before {earliest}",
        f"截至{today}仅逾期{days}天（{due}到期），不足{need}天（第十九条），最早{earliest}起可申请",
    )


def _notice(claim: CompensationClaim, on: _dt.date, policy: Policy) -> Reason:
    days = (claim.notice_end - claim.notice_start).days
    need = policy.min_notice_days
    start, end, today = claim.notice_start.isoformat(), claim.notice_end.isoformat(), on.isoformat()
    long_enough = days >= need
    over = on > claim.notice_end
    if long_enough and over:
        return finding(
            ReasonCode.NOTICE_TOO_SHORT,
            "Art. 20(2)",
            True,
            f"public notice from {start} through {end}: {days} days, at least {need}, and over "
            f"on {today} (Art. 20(2) 公示期不少于{need}天)",
            f"公示期{start}至{end}共{days}天，不少于{need}天，{today}已期满（第二十条第二项）",
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
        "Art. 20(2)",
        False,
        f"public notice from {start} through {end} "
        + " and ".join(problems_en)
        + f" (Art. 20(2) 公示期不少于{need}天)",
        f"公示期{start}至{end}"
        + "，".join(problems_zh)
        + f"（第二十条第二项：公示期不少于{need}天）",
    )


def _objection(claim: CompensationClaim) -> Reason:
    n = claim.objections
    if n == 0:
        return finding(
            ReasonCode.NOTICE_OBJECTION,
            "Art. 20(3)",
            True,
            "no objection was raised during the public notice (Art. 20(3) 公示无异议)",
            "公示期内无异议（第二十条第三项）",
        )
    return finding(
        ReasonCode.NOTICE_OBJECTION,
        "Art. 20(3)",
        False,
        f"{n} objection(s) were raised during the public notice; only claims without "
        "objection go forward (Art. 20(3) 对公示无异议的贷款户)",
        f"公示期内有{n}项异议，只有公示无异议的贷款户方可审核确认（第二十条第三项）",
    )


def _procedure(claim: CompensationClaim) -> list[Reason]:
    major_ok = claim.major_event_acted and claim.major_event_reported
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
    return [
        check(
            claim.town_station_signed,
            ReasonCode.MISSING_TOWN_OPINION,
            "Art. 24",
            passed=(
                "the town poverty station verified the claim and signed its opinion (Art. 24)",
                "镇扶贫工作站已核准并签署意见（第二十四条）",
            ),
            failed=(
                "the town poverty station has not verified the claim and signed its opinion "
                "(Art. 24 核准、签署意见)",
                "镇扶贫工作站未核准、签署意见（第二十四条）",
            ),
        ),
        check(
            claim.approved,
            ReasonCode.NOT_APPROVED,
            "Art. 20(3)",
            passed=(
                "approved by the county leading group after the joint review (Art. 20(3))",
                "经联合审核确认，已报县金融扶贫工作领导小组批准（第二十条第三项）",
            ),
            failed=(
                "not (yet) approved by the county leading group "
                "(Art. 20(3) 报县金融扶贫工作领导小组批准)",
                "未经县金融扶贫工作领导小组批准（第二十条第三项）",
            ),
        ),
        check(
            claim.loss_determined,
            ReasonCode.LOSS_NOT_DETERMINED,
            "Art. 19, 32(2)",
            passed=(
                "the poverty office determined the loss (Art. 19 ¶2 认定)",
                "县扶农办已对贷款损失进行认定（第十九条第二款）",
            ),
            failed=(
                "the poverty office has not determined the loss; paying without a loss "
                "determination "
                "is what Art. 32(2) forbids (未经过损失认定而支付风险补偿金)",
                "县扶农办未进行损失认定；未经损失认定而支付风险补偿金属第三十二条第二项所列行为",
            ),
        ),
        check(
            claim.collected_in_period,
            ReasonCode.NO_COLLECTION_IN_PERIOD,
            "Art. 21(1)",
            passed=(
                "the lender dunned the borrower within the recourse period (Art. 21(1))",
                "合作金融机构已在追索期内向借款人催收（第二十一条第一项）",
            ),
            failed=(
                "the lender did not dun the borrower within the recourse period: the claim is not "
                "accepted (Art. 21(1) 不予受理)",
                "合作金融机构未在追索期内向借款人催收，不予受理（第二十一条第一项）",
            ),
        ),
        check(
            claim.recourse_performed,
            ReasonCode.RECOURSE_NOT_PERFORMED,
            "Art. 21(2)",
            passed=(
                "the lender performed its recourse duty (Art. 21(2))",
                "合作金融机构已按规定履行追索义务（第二十一条第二项）",
            ),
            failed=(
                "the lender did not perform its recourse duty under the Measures: the claim is not "
                "accepted (Art. 21(2) 不予受理)",
                "合作金融机构未按规定履行追索义务，不予受理（第二十一条第二项）",
            ),
        ),
        check(
            major_ok,
            ReasonCode.MAJOR_EVENT_NOT_HANDLED,
            "Art. 21(3)",
            passed=(
                "no failure to act on or report a major event endangering the loan (Art. 21(3))",
                "不存在对危及贷款安全的重大事项未及时采取措施并告知的情形（第二十一条第三项）",
            ),
            failed=(
                f"the lender knew of a major event endangering the loan and {major_bad_en}, "
                "causing "
                "the loss: the claim is not accepted (Art. 21(3) 不予受理)",
                f"合作金融机构确认借款人已发生危及贷款安全的重大事项而{major_bad_zh}，造成贷款损失，"
                "不予受理（第二十一条第三项）",
            ),
        ),
        check(
            claim.lent_as_required,
            ReasonCode.LOAN_NOT_AS_REQUIRED,
            "Art. 21(4)",
            passed=(
                "the loan was made as the poverty office required (Art. 21(4))",
                "合作金融机构已按县扶农办要求发放贷款（第二十一条第四项）",
            ),
            failed=(
                "the lender did not lend as the poverty office required, causing the loss: "
                "the claim "
                "is not accepted (Art. 21(4) 不予受理)",
                "合作金融机构未按县扶农办要求发放贷款，造成贷款损失，不予受理（第二十一条第四项）",
            ),
        ),
    ]


_CAUSE_ITEM = {
    LossCause.DEATH: "1",
    LossCause.LOSS_OF_WORKING_CAPACITY: "1",
    LossCause.SIMILAR_INCOME_LOSS: "1",
    LossCause.NATURAL_DISASTER: "2",
    LossCause.SIMILAR_FORCE_MAJEURE: "2",
    LossCause.OTHER_ACCEPTED: "3",
}


def _cause(claim: CompensationClaim) -> Reason:
    code = ReasonCode.CAUSE_NOT_COVERED
    if not claim.loan.is_natural_person:
        return finding(
            code,
            "Art. 25",
            True,
            "not applicable: Art. 25 lists causes for loans to poor households; this is "
            "a loan to a legal entity",
            "不适用：第二十五条针对建档立卡贫困户贷款，本笔为法人客户贷款",
        )
    cause = claim.cause
    if cause is None:
        return finding(
            code,
            "Art. 25",
            False,
            "no cause of the loss was given; a loan to a household is compensated only "
            "for a cause of Art. 25",
            "未说明损失原因；贫困户贷款仅对第二十五条所列原因造成的损失予以补偿",
        )
    item = _CAUSE_ITEM.get(cause)
    if item is None:
        return finding(
            code,
            "Art. 25",
            False,
            f"the cause, {cause.en}, is not one of Art. 25 (death, lost working "
            "capacity or similar loss of income; major natural disaster or similar "
            "force majeure; another cause the leading group accepted)",
            f"损失原因（{cause.zh}）不属于第二十五条所列情形",
        )
    return finding(
        code,
        f"Art. 25({item})",
        True,
        f"the loss came from {cause.en}, covered by Art. 25({item})",
        f"损失原因为{cause.zh}，属第二十五条第{item}项",
    )


def check_claim(
    claim: CompensationClaim, on: _dt.date, policy: Policy = DEFAULT_POLICY
) -> Decision:
    """Decide whether a compensation claim is accepted on ``on`` (Art. 19-25, 32).

    Every point is evaluated, in the order of the module docstring; ``findings`` holds all of
    them and ``reasons`` the failed ones. A natural-person claim without a cause fails
    ``CAUSE_NOT_COVERED``; for a legal-entity loan that finding passes as not applicable.

    Args:
        claim: the claim, with the reviewing office's findings as booleans.
        on: the evaluation date ("today").
        policy: the parameters (``min_days_past_due``, ``min_notice_days``).

    Returns:
        A :class:`~poverty_credit.Decision` whose subject is the loan id.

    Raises:
        InvalidInputError: ``claim`` is not a claim, ``on`` not a date or before the loan's start,
            ``policy`` not a Policy.

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
    findings = [
        _overdue(claim, on, policy),
        _notice(claim, on, policy),
        _objection(claim),
        *_procedure(claim),
        _cause(claim),
    ]
    return Decision.of(findings, subject=claim.loan.id)
