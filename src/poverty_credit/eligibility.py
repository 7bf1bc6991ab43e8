"""Borrower eligibility (Art. 9, 10): who may borrow a poverty-alleviation microloan.

A natural person (自然人客户, Art. 9(1)) is judged on the evaluation date ``on`` by six
findings, always in this order (the seed Measures' articles; every article, Chinese label and
quoted word of a message comes from the policy's citations, SPEC D1):

1. ``NOT_REGISTERED_POOR`` — the household is registered in the poverty information system
   (建档立卡); households lifted out of poverty (已脱贫) stay registered;
2. ``FIVE_GUARANTEE_HOUSEHOLD`` — it is not a five-guarantee household (五保户除外);
3. ``OUTSTANDING_BAD_LOANS`` — no outstanding non-performing loan in the borrower's name;
4. ``BAD_CREDIT_RECORD`` — never a failure: households with a bad credit record but no outstanding
   non-performing loan "shall all be included" (应全部纳入); the finding is always present;
5. ``AGE_ABOVE_LIMIT`` — age ≤ ``policy.max_age`` (Art. 9(1) "65周岁以下", inclusive);
6. ``AGE_BELOW_LIMIT`` — age ≥ ``policy.min_age``: the national rule (18 周岁含, full civil
   capacity), not the Measures, so this finding's ``article`` is ``None``.

Art. 9(1) is worded as who *must* be included; like the national rules, the library treats its
conditions as the eligibility test.

Other documents (SPEC D4): the target group is :attr:`Policy.eligible_statuses
<poverty_credit.Policy.eligible_statuses>` (a monitored household counts only while its monitoring
is active); finding 1 is ``NOT_IN_TARGET_GROUP`` unless those statuses are a subset of
{``REGISTERED_POOR``, ``LIFTED_OUT``}, where it stays ``NOT_REGISTERED_POOR``; finding 2 passes
when ``exclude_five_guarantee`` is false; under ``bad_credit_excludes = "major"`` finding 4 is
``MAJOR_BAD_CREDIT_RECORD`` (a major bad credit record excludes).

A legal entity (法人客户, Art. 9(2), 10) gets one finding, ``NO_DRIVING_AGREEMENT``: it fails
unless the entity drives at least one *counted* household on ``on`` (:func:`counted_households`).
Under a policy with ``entity_lending = false`` a failed ``ENTITY_LENDING_NOT_ALLOWED`` comes first.
The bank's own review of the entity is outside these rules.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs

from poverty_credit._money import describe
from poverty_credit._validate import validate_all
from poverty_credit._wording import phrase, quote
from poverty_credit.decision import (
    Decision,
    Deferred,
    Reason,
    ReasonCode,
    check,
    finding,
    pending_decision,
)
from poverty_credit.errors import InvalidInputError
from poverty_credit.models import DrivingAgreement, LegalEntity, NaturalPerson
from poverty_credit.periods import age_on, completed_years, require_date
from poverty_credit.policy import DEFAULT_POLICY, BadCreditExcludes, Policy
from poverty_credit.schedule import PolicySchedule, policy_on, require_schedule
from poverty_credit.status import REGISTERED_STATUSES, PovertyStatus

__all__ = ["check_eligibility", "counted_households", "in_target_group"]

_REG = PovertyStatus.REGISTERED_POOR
_LIFTED = PovertyStatus.LIFTED_OUT


def _require_borrower(borrower: object) -> NaturalPerson | LegalEntity:
    if not isinstance(borrower, (NaturalPerson, LegalEntity)):
        raise InvalidInputError.single(
            "borrower", f"must be a NaturalPerson or a LegalEntity (got {describe(borrower)})"
        )
    return borrower


def _require_entity(entity: object, field: str) -> LegalEntity:
    if not isinstance(entity, LegalEntity):
        raise InvalidInputError.single(field, f"must be a LegalEntity (got {describe(entity)})")
    return entity


def target_group_code(policy: Policy) -> ReasonCode:
    """The code of the target-group finding (SPEC D4): ``NOT_REGISTERED_POOR`` where the eligible
    statuses are a subset of {``REGISTERED_POOR``, ``LIFTED_OUT``} (the seed, 2014–2019),
    ``NOT_IN_TARGET_GROUP`` otherwise.

    Raises:
        InvalidInputError: the policy leaves ``eligible_statuses`` unset.
    """
    statuses: frozenset[PovertyStatus] = policy.need("eligible_statuses")
    if statuses <= REGISTERED_STATUSES:
        return ReasonCode.NOT_REGISTERED_POOR
    return ReasonCode.NOT_IN_TARGET_GROUP


def in_target_group(person: NaturalPerson, on: _dt.date, policy: Policy) -> bool:
    """Whether ``person``'s household is in the policy's target group on ``on`` (SPEC D4): its
    status is one of ``eligible_statuses`` and, for a monitored status, its monitoring is active
    (``monitoring_ended_on`` is ``None`` or after ``on``).

    >>> import datetime as dt
    >>> from poverty_credit import preset
    >>> p = NaturalPerson(id="M", birth_date=dt.date(1980, 1, 1), status="monitored_marginal",
    ...                   monitoring_ended_on=dt.date(2024, 6, 30))
    >>> n2021 = preset("national-2021")
    >>> [in_target_group(p, dt.date(2024, 6, d), n2021) for d in (29, 30)]
    [True, False]
    """
    statuses: frozenset[PovertyStatus] = policy.need("eligible_statuses")
    if person.status not in statuses:
        return False
    return not person.status.monitored or person.monitored_on(on)


@attrs.frozen
class _Exclusion:
    """An agreement whose household is not counted on the day, and why (en, zh)."""

    agreement: DrivingAgreement
    why: str
    why_zh: str


def _outside_group(person: NaturalPerson, policy: Policy) -> tuple[str, str]:
    """Why a driven household is outside the target group (en, zh)."""
    status = person.status
    if status.monitored and status in policy.need("eligible_statuses"):
        # in the group's statuses but not counted: its monitoring has ended
        assert person.monitoring_ended_on is not None
        ended = person.monitoring_ended_on.isoformat()
        return f"monitoring ended on {ended}", f"已于{ended}结束监测"
    if target_group_code(policy) is ReasonCode.NOT_REGISTERED_POOR and (
        status is PovertyStatus.NONE
    ):
        return "not registered poor", f"非{_REG.label_zh}"
    return f"not in the target group ({status.value})", f"非帮扶对象（{status.label_zh}）"


def _sorted_out(
    entity: LegalEntity, on: _dt.date, policy: Policy
) -> tuple[tuple[NaturalPerson, ...], tuple[_Exclusion, ...]]:
    """Split the entity's agreements into counted households and the ones not counted (with why).

    Agreements are read in their given order; the first qualifying person of a household stands for
    it. Households not counted at all come back with why (an agreement may name one several
    times); the other agreements of counted households need no reason: they count once.
    """
    counted: dict[str, NaturalPerson] = {}
    excluded: list[_Exclusion] = []
    for agreement in entity.agreements:
        person = agreement.household
        if not agreement.in_force(on):
            if on < agreement.signed_on:
                why = f"agreement signed only on {agreement.signed_on.isoformat()}"
                why_zh = f"协议{agreement.signed_on.isoformat()}才签订"
            else:  # signed, not in force: it has ended
                assert agreement.ends_on is not None
                ends = agreement.ends_on.isoformat()
                why = f"agreement ended on {ends}"
                why_zh = f"协议已于{ends}到期"
            excluded.append(_Exclusion(agreement, why, why_zh))
        elif not in_target_group(person, on, policy):
            excluded.append(_Exclusion(agreement, *_outside_group(person, policy)))
        elif person.five_guarantee and policy.need("exclude_five_guarantee"):
            excluded.append(_Exclusion(agreement, "five-guarantee household", "五保户"))
        elif person.household not in counted:
            counted[person.household] = person
    # Only households that are not counted at all need a reason; the other agreements of counted
    # households (repeated, expired, naming another member) are counted once, with their household.
    return tuple(counted.values()), tuple(
        x for x in excluded if x.agreement.household.household not in counted
    )


def counted_households(
    entity: LegalEntity, on: _dt.date, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> tuple[NaturalPerson, ...]:
    """The households an entity drives on ``on`` and may borrow on (Art. 10), one person each.

    A household is counted when an agreement naming one of its members is in force on ``on``
    (``signed_on <= on <= ends_on``; ``ends_on=None`` is open-ended) and that member is in the
    policy's target group (:func:`in_target_group`: the seed's 建档立卡, registered poor or lifted
    out) and, where the policy excludes them, not a five-guarantee household (五保户). Age and
    credit do not matter: the entity borrows on the household's "5321" entitlement. Each household
    (by :attr:`NaturalPerson.household`) counts once, however many agreements or members name it;
    the member named by its first qualifying agreement stands for it. Order: the agreements' order.
    A schedule of policies is read on ``on``.

    Interpretation: the flags are read per member, so a household counts when one of its named
    members qualifies (as in the portfolio metrics, "eligible if any member is").

    Args:
        entity: the legal entity.
        on: the evaluation date.
        policy: the target group (``eligible_statuses``, ``exclude_five_guarantee``).

    Returns:
        One :class:`NaturalPerson` per counted household.

    Raises:
        InvalidInputError: ``entity`` is not a :class:`LegalEntity`, ``on`` not a date, ``policy``
            not a policy or a schedule, or a parameter the count needs is unset.

    >>> import datetime as dt
    >>> from poverty_credit import DrivingAgreement, EntityKind, LegalEntity, NaturalPerson
    >>> a = NaturalPerson(id="A", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    >>> b = NaturalPerson(id="B", birth_date=dt.date(1972, 1, 1), registered_poor=False)
    >>> coop = LegalEntity(id="E", name="Coop", kind=EntityKind.COOPERATIVE, agreements=[
    ...     DrivingAgreement(household=a, signed_on=dt.date(2026, 1, 1)),
    ...     DrivingAgreement(household=b, signed_on=dt.date(2026, 1, 1))])
    >>> [p.id for p in counted_households(coop, dt.date(2026, 3, 1))]
    ['A']
    """
    entity, on, chosen = validate_all(
        lambda: _require_entity(entity, "entity"),
        lambda: require_date(on, "on"),
        lambda: require_schedule(policy),
    )
    return _sorted_out(entity, on, policy_on(chosen, on))[0]


def check_eligibility(
    borrower: NaturalPerson | LegalEntity,
    on: _dt.date,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
) -> Decision:
    """Whether ``borrower`` may borrow on ``on`` (Art. 9, 10); every rule is evaluated.

    Natural person: ``NOT_REGISTERED_POOR`` (or ``NOT_IN_TARGET_GROUP``),
    ``FIVE_GUARANTEE_HOUSEHOLD``, ``OUTSTANDING_BAD_LOANS``, ``BAD_CREDIT_RECORD`` (always passed;
    ``MAJOR_BAD_CREDIT_RECORD`` in its place under ``bad_credit_excludes = "major"``),
    ``AGE_ABOVE_LIMIT``, ``AGE_BELOW_LIMIT`` — in this order. Legal entity:
    ``ENTITY_LENDING_NOT_ALLOWED`` (only where the policy does not lend to entities), then
    ``NO_DRIVING_AGREEMENT``. Age is counted by :func:`~poverty_credit.age_on`
    (``policy.age_reached_on_birthday``). A schedule of policies is read on ``on``; the decision's
    ``policy_id`` names the document.

    Args:
        borrower: a :class:`NaturalPerson` or a :class:`LegalEntity`.
        on: the evaluation date; the flags on the model describe the state on this day.
        policy: a :class:`~poverty_credit.Policy` or a :class:`~poverty_credit.PolicySchedule`.

    Returns:
        A :class:`Decision` whose ``subject`` is the borrower's id.

    Raises:
        InvalidInputError: a borrower of another type, ``on`` not a date (or a datetime), ``on``
            before the person's birth or the schedule's first policy, ``policy`` not a policy,
            or a parameter the rule needs left unset by the policy (``max_age``…).

    >>> import datetime as dt
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1961, 3, 15), registered_poor=True)
    >>> check_eligibility(p, dt.date(2026, 3, 15))
    <Decision P-1: granted (6 checks passed)>
    >>> d = check_eligibility(p, dt.date(2027, 3, 15))
    >>> d.reasons[0].message
    'age 66 on 2027-03-15 is above the limit of 65 (Art. 9(1) 65周岁以下, inclusive)'
    """
    if type(on) is _dt.date and type(policy) is Policy and type(borrower) is NaturalPerson:
        rules = policy  # the everyday call: nothing to convert or collect
    else:
        borrower, on, chosen = validate_all(
            lambda: _require_borrower(borrower),
            lambda: require_date(on, "on"),
            lambda: require_schedule(policy),
        )
        rules = policy_on(chosen, on)
    if isinstance(borrower, NaturalPerson):
        return pending_decision(
            _person_findings(borrower, on, rules), subject=borrower.id, policy_id=rules.id
        )
    findings = list(_entity_findings(borrower, on, rules))
    return Decision.of(findings, subject=borrower.id, policy_id=rules.id)


def _person_findings(
    person: NaturalPerson, on: _dt.date, policy: Policy
) -> Iterator[Reason | Deferred]:
    """The six findings, their messages rendered when first read (the verdict is decided here;
    the words are those of the eager builders below, which :func:`_person_findings_eager`
    calls directly)."""
    if on < person.birth_date:
        age_on(person.birth_date, on, policy)  # raises InvalidInputError before the birth
    age = completed_years(person.birth_date, on, policy.age_reached_on_birthday)
    code = target_group_code(policy)
    if code is ReasonCode.NOT_IN_TARGET_GROUP:
        statuses: frozenset[PovertyStatus] = policy.need("eligible_statuses")
        status = person.status
        passed = status in statuses and not (
            status.monitored and not person.monitored_on(on)
        )
        yield (code, policy.cite(code), passed, lambda: _in_group(person, on, policy))
    else:
        statuses = policy.need("eligible_statuses")
        yield (code, policy.cite(code), person.status in statuses,
                       lambda: _target_group(person, on, policy))
    code = ReasonCode.FIVE_GUARANTEE_HOUSEHOLD
    passed = not person.five_guarantee or not policy.need("exclude_five_guarantee")
    yield (code, policy.cite(code), passed, lambda: _five_guarantee(person, policy))
    code = ReasonCode.OUTSTANDING_BAD_LOANS
    yield (code, policy.cite(code), not person.has_outstanding_bad_loans,
                   lambda: _bad_loans(person, on, policy))
    excludes: BadCreditExcludes | None = policy.bad_credit_excludes
    if excludes is None and person.has_major_bad_credit_record:
        policy.need("bad_credit_excludes")  # the verdict depends on it: refuse
    if excludes is BadCreditExcludes.MAJOR:
        code, passed = ReasonCode.MAJOR_BAD_CREDIT_RECORD, not person.has_major_bad_credit_record
    else:
        code, passed = ReasonCode.BAD_CREDIT_RECORD, True
    yield (code, policy.cite(code), passed,
                   lambda: _bad_credit_finding(person, on, policy))
    code = ReasonCode.AGE_ABOVE_LIMIT
    yield (code, policy.cite(code), age <= policy.need("max_age"),
                   lambda: _age_above(age, on, policy))
    code = ReasonCode.AGE_BELOW_LIMIT
    yield (code, policy.cite(code), age >= policy.need("min_age"),
                   lambda: _age_below(age, on, policy))


def _person_findings_eager(
    person: NaturalPerson, on: _dt.date, policy: Policy
) -> Iterator[Reason]:
    """The reference path of :func:`_person_findings`: every message formatted at once."""
    age = age_on(person.birth_date, on, policy)  # raises InvalidInputError before the birth
    yield _target_group(person, on, policy)
    yield _five_guarantee(person, policy)
    yield _bad_loans(person, on, policy)
    yield _bad_credit_finding(person, on, policy)
    yield _age_above(age, on, policy)
    yield _age_below(age, on, policy)


def _target_group(person: NaturalPerson, on: _dt.date, policy: Policy) -> Reason:
    code = target_group_code(policy)
    if code is ReasonCode.NOT_IN_TARGET_GROUP:
        return _in_group(person, on, policy)
    statuses: frozenset[PovertyStatus] = policy.need("eligible_statuses")
    cited = policy.cite(code)
    day = on.isoformat()
    register = phrase(policy, code, "register", "")
    status = person.status
    if status in statuses:
        kept = (
            "; households lifted out of poverty stay registered"
            if _LIFTED in statuses
            else ", not yet lifted out of poverty"
        )
        kept_zh = f"（{_LIFTED.label_zh}仍属建档立卡）" if _LIFTED in statuses else ""
        where_zh = f"{register}中的" if register else ""
        return finding(
            code,
            cited,
            True,
            f"registered as a poor household (建档立卡) in the poverty information system on "
            f"{day}{kept}",
            f"{day}为{where_zh}{_REG.label_zh}{kept_zh}",
        )
    if status.registered:  # lifted out, where the policy lends only to those not lifted out
        return finding(
            code,
            cited,
            False,
            f"lifted out of poverty ({_LIFTED.label_zh}) on {day}; {cited.ref_en} lends only to "
            "registered poor households not yet lifted out",
            f"{day}为{_LIFTED.label_zh}，{cited.ref_zh}仅支持尚未脱贫的{_REG.label_zh}",
        )
    which = "" if status is PovertyStatus.NONE else f" (status {status.value}: {status.label_zh})"
    which_zh = "" if status is PovertyStatus.NONE else f"（{status.label_zh}）"
    not_in = f"未录入{register}，" if register else ""
    return finding(
        code,
        cited,
        False,
        f"not registered as a poor household (建档立卡) in the poverty information "
        f"system on {day}{which}",
        f"{day}{not_in}不是{_REG.label_zh}{which_zh}",
    )


def _in_group(person: NaturalPerson, on: _dt.date, policy: Policy) -> Reason:
    """``NOT_IN_TARGET_GROUP``: a policy whose target group reaches beyond 建档立卡 (SPEC D4)."""
    cited = policy.cite(ReasonCode.NOT_IN_TARGET_GROUP)
    statuses: frozenset[PovertyStatus] = policy.need("eligible_statuses")
    group = ", ".join(s.value for s in PovertyStatus if s in statuses)
    group_zh = "、".join(s.label_zh for s in PovertyStatus if s in statuses)
    day, status, label = on.isoformat(), person.status, person.status.label_zh
    ref, ref_zh = cited.en(), cited.zh()
    if status not in statuses:
        return finding(
            ReasonCode.NOT_IN_TARGET_GROUP,
            cited,
            False,
            f"not in the target group on {day}: {status.value} ({label}) is not one of "
            f"{group} ({ref})",
            f"{day}不属于帮扶对象：{label}不在{group_zh}之列（{ref_zh}）",
        )
    if status.monitored and not person.monitored_on(on):
        assert person.monitoring_ended_on is not None  # not monitored on ``on``: it has ended
        ended = person.monitoring_ended_on.isoformat()
        return finding(
            ReasonCode.NOT_IN_TARGET_GROUP,
            cited,
            False,
            f"not in the target group on {day}: the monitoring of this {status.value} household "
            f"({label}) ended on {ended}; a monitored household counts only while its "
            f"monitoring is active ({ref})",
            f"{day}不属于帮扶对象：{label}已于{ended}结束监测，监测对象仅在监测期内纳入（{ref_zh}）",
        )
    active = active_zh = ""
    if status.monitored:
        active, active_zh = ", monitoring active", "，仍在监测期内"
    return finding(
        ReasonCode.NOT_IN_TARGET_GROUP,
        cited,
        True,
        f"in the target group on {day}: {status.value} ({label}){active} ({ref})",
        f"{day}属于帮扶对象：{label}{active_zh}（{ref_zh}）",
    )


def _five_guarantee(person: NaturalPerson, policy: Policy) -> Reason:
    code = ReasonCode.FIVE_GUARANTEE_HOUSEHOLD
    cited = policy.cite(code)
    if not person.five_guarantee:  # exclude_five_guarantee is not needed: nothing to exclude
        words = f" ({cited.quote} does not apply)" if cited.quote else ""
        return finding(code, cited, True, f"not a five-guarantee household{words}", "非五保户")
    excluded: bool = policy.need("exclude_five_guarantee")
    return check(
        not excluded,
        code,
        cited,
        passed=(
            f"a five-guarantee household, not excluded by {policy.document.ref_en}",
            f"五保户，{policy.document.ref_zh}未将其排除",
        ),
        failed=(
            f"a five-guarantee household is excluded ({cited.en()})",
            f"五保户不纳入（{cited.zh()}）",
        ),
    )


def _bad_loans(person: NaturalPerson, on: _dt.date, policy: Policy) -> Reason:
    code = ReasonCode.OUTSTANDING_BAD_LOANS
    cited = policy.cite(code)
    day = on.isoformat()
    none_zh = quote(policy, code, "没有未结清的不良贷款")
    loan_zh = phrase(policy, code, "loan", "不良贷款")
    return check(
        not person.has_outstanding_bad_loans,
        code,
        cited,
        passed=(
            f"no outstanding non-performing loan in the borrower's name on {day}",
            f"{day}{none_zh}",
        ),
        failed=(
            f"has an outstanding non-performing loan in the borrower's name on {day} "
            f"({cited.en()})",
            f"{day}名下有{loan_zh}（{cited.ref_zh}要求{none_zh}）",
        ),
    )


def _bad_credit_finding(person: NaturalPerson, on: _dt.date, policy: Policy) -> Reason:
    excludes: BadCreditExcludes | None = policy.bad_credit_excludes
    if excludes is None and person.has_major_bad_credit_record:
        policy.need("bad_credit_excludes")  # the verdict depends on it: refuse
    if excludes is BadCreditExcludes.MAJOR:
        return _major_bad_credit(person, on, policy)
    code = ReasonCode.BAD_CREDIT_RECORD
    cited = policy.cite(code)
    included = quote(policy, code, "")
    record = phrase(policy, code, "record", "不良信用记录")
    no_bad_loan = quote(policy, ReasonCode.OUTSTANDING_BAD_LOANS, "没有未结清的不良贷款")
    bad_loan = phrase(policy, ReasonCode.OUTSTANDING_BAD_LOANS, "loan", "不良贷款")
    said = f" ({included})" if included else ""
    said_zh = f"（{included}）" if included else ""
    then_zh = f"也{included}" if included else "也不因此排除"
    if not (person.has_bad_credit_record or person.has_major_bad_credit_record):
        en = (
            "no bad credit record; a bad record alone would not exclude: households with one but "
            f"no outstanding non-performing loan shall all be included{said}"
        )
        zh = f"无{record}；即使存在{record}，{no_bad_loan}的贫困户{then_zh}"
    elif person.has_outstanding_bad_loans:
        en = (
            f"the bad credit record itself does not exclude{said}; the outstanding "
            "non-performing loan is judged under OUTSTANDING_BAD_LOANS"
        )
        zh = f"{record}本身不排除{said_zh}；{bad_loan}见OUTSTANDING_BAD_LOANS"
    else:
        en = (
            "a bad credit record without an outstanding non-performing loan does not exclude: "
            f"such households shall all be included{said}"
        )
        zh = f"存在{record}但{no_bad_loan}的贫困户{included or '不因此排除'}"
    return finding(code, cited, True, en, zh)


def _major_bad_credit(person: NaturalPerson, on: _dt.date, policy: Policy) -> Reason:
    """``MAJOR_BAD_CREDIT_RECORD`` (SPEC D4, 2019 on: 无重大不良信用记录)."""
    code = ReasonCode.MAJOR_BAD_CREDIT_RECORD
    cited = policy.cite(code)
    day = on.isoformat()
    if person.has_major_bad_credit_record:
        return finding(
            code,
            cited,
            False,
            f"has a major bad credit record on {day}, which excludes ({cited.en()})",
            f"{day}存在重大不良信用记录，不予纳入（{cited.zh()}）",
        )
    if person.has_bad_credit_record:
        return finding(
            code,
            cited,
            True,
            f"a bad credit record that is not major does not exclude ({cited.en()})",
            f"{day}存在不良信用记录但非重大，不排除（{cited.zh()}）",
        )
    return finding(
        code,
        cited,
        True,
        f"no major bad credit record on {day} ({cited.en()})",
        f"{day}无重大不良信用记录（{cited.zh()}）",
    )


def _age_above(age: int, on: _dt.date, policy: Policy) -> Reason:
    limit = policy.need("max_age")
    cited = policy.cite(ReasonCode.AGE_ABOVE_LIMIT)
    day = on.isoformat()
    bound = f"({cited.en()}, inclusive)"
    bound_zh = f"（{cited.zh()}，含{limit}周岁）"
    if age <= limit:
        return finding(
            ReasonCode.AGE_ABOVE_LIMIT,
            cited,
            True,
            f"age {age} on {day} is within the limit of {limit} {bound}",
            f"{day}年满{age}周岁，未超过{limit}周岁上限{bound_zh}",
        )
    return finding(
        ReasonCode.AGE_ABOVE_LIMIT,
        cited,
        False,
        f"age {age} on {day} is above the limit of {limit} {bound}",
        f"{day}年满{age}周岁，超过{limit}周岁上限{bound_zh}",
    )


def _age_below(age: int, on: _dt.date, policy: Policy) -> Reason:
    # The seed's minimum age is not its own: the national rule (18 周岁（含）— 65 周岁（含）,
    # 2019 and 2021 notices) and full civil capacity (Civil Code art. 17, 18). A document that
    # cites an article for its upper age bound and none for the lower one is read the same way.
    limit = policy.need("min_age")
    cited = policy.cite(ReasonCode.AGE_BELOW_LIMIT)
    day = on.isoformat()
    doc, doc_zh = policy.document.ref_en, policy.document.ref_zh
    if cited.article is not None:
        bound = f"({cited.en()}: at least {limit}, inclusive, with full civil capacity)"
        bound_zh = f"（{cited.zh()}：{limit}周岁（含）以上，具有完全民事行为能力）"
    elif policy.cite(ReasonCode.AGE_ABOVE_LIMIT).article is not None:
        bound = (
            f"(national rule, not {doc}: at least {limit}, inclusive, with full civil capacity)"
        )
        bound_zh = f"（国家政策，非{doc_zh}：{limit}周岁（含）以上，具有完全民事行为能力）"
    else:
        bound = f"({doc}: at least {limit}, inclusive, with full civil capacity)"
        bound_zh = f"（{doc_zh}：{limit}周岁（含）以上，具有完全民事行为能力）"
    if age >= limit:
        return finding(
            ReasonCode.AGE_BELOW_LIMIT,
            cited,
            True,
            f"age {age} on {day} reaches the minimum of {limit} {bound}",
            f"{day}年满{age}周岁，达到{limit}周岁下限{bound_zh}",
        )
    return finding(
        ReasonCode.AGE_BELOW_LIMIT,
        cited,
        False,
        f"age {age} on {day} is below the minimum of {limit} {bound}",
        f"{day}年满{age}周岁，未满{limit}周岁{bound_zh}",
    )


def _entity_findings(entity: LegalEntity, on: _dt.date, policy: Policy) -> Iterator[Reason]:
    lending = entity_lending_finding(policy)
    if lending is not None:
        yield lending
    yield _driving_finding(entity, on, policy)


def entity_lending_finding(policy: Policy) -> Reason | None:
    """The failed ``ENTITY_LENDING_NOT_ALLOWED`` of a policy that does not lend to legal
    entities (SPEC D4), or ``None`` where it does (the seed: no finding)."""
    if policy.need("entity_lending"):
        return None
    cited = policy.cite(ReasonCode.ENTITY_LENDING_NOT_ALLOWED)
    return finding(
        ReasonCode.ENTITY_LENDING_NOT_ALLOWED,
        cited,
        False,
        f"lending to legal entities is not allowed ({cited.en()}): the loans go to the "
        "households themselves",
        f"不得向法人客户发放（{cited.zh()}），贷款应发放到户",
    )


def _driving_finding(entity: LegalEntity, on: _dt.date, policy: Policy) -> Reason:
    counted, excluded = _sorted_out(entity, on, policy)
    code = ReasonCode.NO_DRIVING_AGREEMENT
    cited = policy.cite(code)
    day = on.isoformat()
    ids = ", ".join(p.household for p in counted)  # shown only when some are counted
    once_part = once_part_zh = ""
    if len(entity.agreements) > len(counted) + len(excluded):
        once_part = "; each household counts once, however many agreements or members name it"
        once_part_zh = "；同一户无论签订几份协议、涉及几名成员，只计一户"
    if excluded:
        not_counted = "; not counted: " + ", ".join(
            f"{x.agreement.household.id} ({x.why})" for x in excluded
        )
        not_counted_zh = "；未计入：" + "，".join(
            f"{x.agreement.household.id}（{x.why_zh}）" for x in excluded
        )
    else:
        not_counted = not_counted_zh = ""
    group_zh = (
        _REG.label_zh if target_group_code(policy) is ReasonCode.NOT_REGISTERED_POOR else "帮扶对象"
    )
    n = len(counted)
    if counted:
        return finding(
            code,
            cited,
            True,
            f"drives {n} counted poor household(s) under an agreement in force on {day}"
            f" ({ids}){once_part}{not_counted}",
            f"{day}依协议带动{n}户计入的{group_zh}（{ids}）{once_part_zh}{not_counted_zh}",
        )
    total = len(entity.agreements)
    needs_zh = cited.quote or "依协议带动至少一户"
    return finding(
        code,
        cited,
        False,
        f"drives no counted poor household on {day} ({total} agreement(s)){not_counted}; "
        f"{cited.ref_en} requires driving at least one poor household under a signed agreement",
        f"{day}未依协议带动任何计入的{group_zh}（协议{total}份）{not_counted_zh}；"
        f"{cited.ref_zh}要求{needs_zh}",
    )
