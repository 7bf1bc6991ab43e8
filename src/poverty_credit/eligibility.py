"""Borrower eligibility (Art. 9, 10): who may borrow a poverty-alleviation microloan.

A natural person (自然人客户, Art. 9(1)) is judged on the evaluation date ``on`` by six
findings, always in this order:

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

A legal entity (法人客户, Art. 9(2), 10) gets one finding, ``NO_DRIVING_AGREEMENT``: it fails
unless the entity drives at least one *counted* household on ``on`` (:func:`counted_households`).
The bank's own review of the entity is outside these rules.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs

from poverty_credit._money import describe
from poverty_credit._validate import validate_all
from poverty_credit.decision import Decision, Reason, ReasonCode, check, finding
from poverty_credit.errors import InvalidInputError
from poverty_credit.models import DrivingAgreement, LegalEntity, NaturalPerson
from poverty_credit.periods import age_on, require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy, require_policy

__all__ = ["check_eligibility", "counted_households"]

_ART_9_1 = "Art. 9(1)"
_ART_10 = "Art. 10"


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


@attrs.frozen
class _Exclusion:
    """An agreement whose household is not counted on the day, and why (en, zh)."""

    agreement: DrivingAgreement
    why: str
    why_zh: str


def _sorted_out(
    entity: LegalEntity, on: _dt.date
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
            else:
                ends = agreement.ends_on.isoformat() if agreement.ends_on else "?"
                why = f"agreement ended on {ends}"
                why_zh = f"协议已于{ends}到期"
            excluded.append(_Exclusion(agreement, why, why_zh))
        elif not person.registered_poor:
            excluded.append(_Exclusion(agreement, "not registered poor", "非建档立卡贫困户"))
        elif person.five_guarantee:
            excluded.append(_Exclusion(agreement, "five-guarantee household", "五保户"))
        elif person.household not in counted:
            counted[person.household] = person
    # Only households that are not counted at all need a reason; the other agreements of counted
    # households (repeated, expired, naming another member) are counted once, with their household.
    return tuple(counted.values()), tuple(
        x for x in excluded if x.agreement.household.household not in counted
    )


def counted_households(entity: LegalEntity, on: _dt.date) -> tuple[NaturalPerson, ...]:
    """The households an entity drives on ``on`` and may borrow on (Art. 10), one person each.

    A household is counted when an agreement naming one of its members is in force on ``on``
    (``signed_on <= on <= ends_on``; ``ends_on=None`` is open-ended) and that member is registered
    poor (建档立卡) and not a five-guarantee household (五保户). Age and credit do not matter: the
    entity borrows on the household's "5321" entitlement. Each household (by
    :attr:`NaturalPerson.household`) counts once, however many agreements or members name it; the
    member named by its first qualifying agreement stands for it. Order: the agreements' order.

    Interpretation: the flags are read per member, so a household counts when one of its named
    members qualifies (as in the portfolio metrics, "eligible if any member is").

    Args:
        entity: the legal entity.
        on: the evaluation date.

    Returns:
        One :class:`NaturalPerson` per counted household.

    Raises:
        InvalidInputError: ``entity`` is not a :class:`LegalEntity` or ``on`` not a date.

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
    entity, on = validate_all(
        lambda: _require_entity(entity, "entity"), lambda: require_date(on, "on")
    )
    return _sorted_out(entity, on)[0]


def check_eligibility(
    borrower: NaturalPerson | LegalEntity, on: _dt.date, policy: Policy = DEFAULT_POLICY
) -> Decision:
    """Whether ``borrower`` may borrow on ``on`` (Art. 9, 10); every rule is evaluated.

    Natural person: ``NOT_REGISTERED_POOR``, ``FIVE_GUARANTEE_HOUSEHOLD``,
    ``OUTSTANDING_BAD_LOANS``, ``BAD_CREDIT_RECORD`` (always passed), ``AGE_ABOVE_LIMIT``,
    ``AGE_BELOW_LIMIT`` — in this order. Legal entity: ``NO_DRIVING_AGREEMENT``. Age is counted by
    :func:`~poverty_credit.age_on` (``policy.age_reached_on_birthday``).

    Args:
        borrower: a :class:`NaturalPerson` or a :class:`LegalEntity`.
        on: the evaluation date; the flags on the model describe the state on this day.
        policy: the parameters (``max_age``, ``min_age``, ``age_reached_on_birthday``).

    Returns:
        A :class:`Decision` whose ``subject`` is the borrower's id.

    Raises:
        InvalidInputError: a borrower of another type, ``on`` not a date (or a datetime), ``on``
            before the person's birth, or ``policy`` not a :class:`Policy`.

    >>> import datetime as dt
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1961, 3, 15), registered_poor=True)
    >>> check_eligibility(p, dt.date(2026, 3, 15))
    <Decision P-1: granted (6 checks passed)>
    >>> d = check_eligibility(p, dt.date(2027, 3, 15))
    >>> d.reasons[0].message
    'age 66 on 2027-03-15 is above the limit of 65 (Art. 9(1) 65周岁以下, inclusive)'
    """
    borrower, on, policy = validate_all(
        lambda: _require_borrower(borrower),
        lambda: require_date(on, "on"),
        lambda: require_policy(policy),
    )
    if isinstance(borrower, NaturalPerson):
        return Decision.of(_person_findings(borrower, on, policy), subject=borrower.id)
    return Decision.of([_driving_finding(borrower, on)], subject=borrower.id)


def _person_findings(person: NaturalPerson, on: _dt.date, policy: Policy) -> Iterator[Reason]:
    age = age_on(person.birth_date, on, policy)  # raises InvalidInputError before the birth
    day = on.isoformat()
    yield check(
        person.registered_poor,
        ReasonCode.NOT_REGISTERED_POOR,
        _ART_9_1,
        passed=(
            f"registered as a poor household (建档立卡) in the poverty information system on "
            f"{day}; households lifted out of poverty stay registered",
            f"{day}为扶贫人口信息系统中的建档立卡贫困户（已脱贫户仍属建档立卡）",
        ),
        failed=(
            f"not registered as a poor household (建档立卡) in the poverty information "
            f"system on {day}",
            f"{day}未录入扶贫人口信息系统，不是建档立卡贫困户",
        ),
    )
    yield check(
        not person.five_guarantee,
        ReasonCode.FIVE_GUARANTEE_HOUSEHOLD,
        _ART_9_1,
        passed=("not a five-guarantee household (五保户除外 does not apply)", "非五保户"),
        failed=(
            "a five-guarantee household is excluded (Art. 9(1) 五保户除外)",
            "五保户不纳入（第九条第（一）项“五保户除外”）",
        ),
    )
    yield check(
        not person.has_outstanding_bad_loans,
        ReasonCode.OUTSTANDING_BAD_LOANS,
        _ART_9_1,
        passed=(
            f"no outstanding non-performing loan in the borrower's name on {day}",
            f"{day}名下无存量不良贷款",
        ),
        failed=(
            f"has an outstanding non-performing loan in the borrower's name on {day} "
            "(Art. 9(1) 名下无存量不良贷款)",
            f"{day}名下有存量不良贷款（第九条第（一）项要求名下无存量不良贷款）",
        ),
    )
    yield _bad_credit_finding(person)
    yield _age_above(age, on, policy)
    yield _age_below(age, on, policy)


def _bad_credit_finding(person: NaturalPerson) -> Reason:
    if not person.has_bad_credit_record:
        en = (
            "no bad credit record; a bad record alone would not exclude: households with one but "
            "no outstanding non-performing loan shall all be included (应全部纳入)"
        )
        zh = "无不良征信记录；即使存在不良征信记录，名下无存量不良贷款的贫困户也应全部纳入"
    elif person.has_outstanding_bad_loans:
        en = (
            "the bad credit record itself does not exclude (应全部纳入); the outstanding "
            "non-performing loan is judged under OUTSTANDING_BAD_LOANS"
        )
        zh = "不良征信记录本身不排除（应全部纳入）；存量不良贷款见OUTSTANDING_BAD_LOANS"
    else:
        en = (
            "a bad credit record without an outstanding non-performing loan does not exclude: "
            "such households shall all be included (应全部纳入)"
        )
        zh = "存在不良征信记录但名下无存量不良贷款的贫困户应全部纳入"
    return finding(ReasonCode.BAD_CREDIT_RECORD, _ART_9_1, True, en, zh)


def _age_above(age: int, on: _dt.date, policy: Policy) -> Reason:
    limit = policy.need("max_age")
    day = on.isoformat()
    bound = f"(Art. 9(1) {limit}周岁以下, inclusive)"
    bound_zh = f"（第九条第（一）项“{limit}周岁以下”，含{limit}周岁）"
    if age <= limit:
        return finding(
            ReasonCode.AGE_ABOVE_LIMIT,
            _ART_9_1,
            True,
            f"age {age} on {day} is within the limit of {limit} {bound}",
            f"{day}年满{age}周岁，未超过{limit}周岁上限{bound_zh}",
        )
    return finding(
        ReasonCode.AGE_ABOVE_LIMIT,
        _ART_9_1,
        False,
        f"age {age} on {day} is above the limit of {limit} {bound}",
        f"{day}年满{age}周岁，超过{limit}周岁上限{bound_zh}",
    )


def _age_below(age: int, on: _dt.date, policy: Policy) -> Reason:
    # Not the Measures: the national rule (18 周岁（含）— 65 周岁（含）, 2019 and 2021 notices) and
    # full civil capacity (Civil Code art. 17, 18). Hence no article of the Measures.
    limit = policy.need("min_age")
    day = on.isoformat()
    bound = (
        f"(national rule, not the Measures: at least {limit}, inclusive, with full civil capacity)"
    )
    bound_zh = f"（国家政策，非本办法：{limit}周岁（含）以上，具有完全民事行为能力）"
    if age >= limit:
        return finding(
            ReasonCode.AGE_BELOW_LIMIT,
            None,
            True,
            f"age {age} on {day} reaches the minimum of {limit} {bound}",
            f"{day}年满{age}周岁，达到{limit}周岁下限{bound_zh}",
        )
    return finding(
        ReasonCode.AGE_BELOW_LIMIT,
        None,
        False,
        f"age {age} on {day} is below the minimum of {limit} {bound}",
        f"{day}年满{age}周岁，未满{limit}周岁{bound_zh}",
    )


def _driving_finding(entity: LegalEntity, on: _dt.date) -> Reason:
    counted, excluded = _sorted_out(entity, on)
    day = on.isoformat()
    ids = ", ".join(p.household for p in counted)
    ids_part = f" ({ids})" if counted else ""
    ids_part_zh = f"（{ids}）" if counted else ""
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
    n = len(counted)
    if counted:
        return finding(
            ReasonCode.NO_DRIVING_AGREEMENT,
            _ART_10,
            True,
            f"drives {n} counted poor household(s) under an agreement in force on {day}"
            f"{ids_part}{once_part}{not_counted}",
            f"{day}依协议带动{n}户计入的建档立卡贫困户{ids_part_zh}{once_part_zh}{not_counted_zh}",
        )
    total = len(entity.agreements)
    return finding(
        ReasonCode.NO_DRIVING_AGREEMENT,
        _ART_10,
        False,
        f"drives no counted poor household on {day} ({total} agreement(s)){not_counted}; "
        "Art. 10 requires driving at least one poor household under a signed agreement",
        f"{day}未依协议带动任何计入的建档立卡贫困户（协议{total}份）{not_counted_zh}；"
        "第十条要求带动一户贫困户且签订协议",
    )
