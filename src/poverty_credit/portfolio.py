"""Portfolio checks and figures (Art. 7, 10, 12, 13).

:func:`check_portfolio` judges a lender's book on a day; its findings, always in this order:

1. ``FIVE_STAR_SHARE_LOW`` — among the rated people, 5-star clients ≥ ``five_star_target`` (Art. 12
   "5星级客户占比年内达30%以上");
2. ``THREE_STAR_SHARE_LOW`` — clients with 3 stars *or more* ≥ ``three_star_target`` (Art. 12
   "3星级客户占比…50%以上"; interpretation: "3星级" read as 3 stars or more). With no rated people
   both targets pass as not applicable;
3. ``DUPLICATE_ENTITLEMENT`` — a household's "5321" entitlement (Art. 10) is used once at a time:
   one failed finding per offending household, naming it (or one passed finding);
4. ``CAPACITY_EXCEEDED`` — per lender of the policy, outstanding principal ≤ its lending capacity
   (Art. 13 "1:10"): one finding per lender.

:func:`portfolio_metrics` gives the loan access rate (获贷率) and the coverage rate (覆盖率) of
Art. 7, per lender and in total. Rates are ``Decimal`` fractions rounded half up to four decimals
(0.01 %); the exact counts behind them are given too.

Both read a schedule of policies on ``on`` (SPEC D7); households counted by an entity are those of
the policy's target group (SPEC D4), and the coverage rate's households are the target group's
(the seed: 建档立卡, registered poor or lifted out). Articles come from the policy's citations.

>>> import datetime as dt
>>> from poverty_credit import Loan, NaturalPerson
>>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 1, 1), registered_poor=True, star_rating=5)
>>> loan = Loan(id="L-1", borrower=p, lender="credit_union", principal="50000",
...             start_date=dt.date(2026, 1, 5), maturity_date=dt.date(2027, 1, 5),
...             annual_rate="0.0435")
>>> bool(check_portfolio([loan], [p], on=dt.date(2026, 6, 30)))
True
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import TypeVar

import attrs

from poverty_credit._money import ZERO, compute, describe
from poverty_credit._wording import quote
from poverty_credit.decision import Decision, Reason, ReasonCode, finding
from poverty_credit.eligibility import check_eligibility, counted_households, in_target_group
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.loan_terms import lending_capacity
from poverty_credit.models import LegalEntity, Loan, NaturalPerson
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.schedule import PolicySchedule, policy_on, require_schedule

__all__ = ["PortfolioFigures", "PortfolioMetrics", "check_portfolio", "portfolio_metrics"]

_RATE_PLACES = Decimal("0.0001")

T = TypeVar("T", Loan, NaturalPerson)


# -- input --------------------------------------------------------------------------------------


def _unique(items: list[T], field: str, problems: list[Problem]) -> list[T]:
    """Drop exact repeats; refuse two different records with the same id."""
    seen: dict[str, int] = {}
    kept: list[T] = []
    for i, item in enumerate(items):
        if item.id in seen:
            j = seen[item.id]
            if items[j] != item:
                problems.append(Problem(f"{field}[{i}].id", f"{item.id!r} is also the id of a "
                                        f"different record, {field}[{j}]"))
            continue
        seen[item.id] = i
        kept.append(item)
    return kept


def _collection(value: object, field: str) -> list[object]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidInputError.single(field, f"must be a collection (got {describe(value)})")
    return list(value)


def _inputs(
    loans: object, people: object, on: object, policy: object
) -> tuple[list[Loan], list[NaturalPerson], _dt.date, Policy]:
    problems: list[Problem] = []
    loan_list: list[Loan] = []
    person_list: list[NaturalPerson] = []
    good_on: _dt.date | None = None
    good_policy: Policy | None = None
    chosen: Policy | PolicySchedule | None = None
    try:
        chosen = require_schedule(policy)
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    try:
        good_on = require_date(on, "on")
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    if chosen is not None and good_on is not None:
        try:
            good_policy = policy_on(chosen, good_on)
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    # the lenders are judged by the policy even when ``on`` is bad (a schedule needs the day)
    lenders = good_policy or (chosen if isinstance(chosen, Policy) else None)
    try:
        for i, loan in enumerate(_collection(loans, "loans")):
            if not isinstance(loan, Loan):
                problems.append(Problem(f"loans[{i}]", f"must be a Loan (got {describe(loan)})"))
            elif lenders is not None and loan.lender not in lenders.need("fund_allocations"):
                known = ", ".join(repr(k) for k in lenders.need("fund_allocations"))
                problems.append(Problem(f"loans[{i}].lender", f"must be a lender of the policy, "
                                        f"one of {known} (got {loan.lender!r})"))
            else:
                loan_list.append(loan)
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    try:
        for i, person in enumerate(_collection(people, "people")):
            if isinstance(person, NaturalPerson):
                person_list.append(person)
            elif not isinstance(person, LegalEntity):
                problems.append(Problem(f"people[{i}]", "must be a NaturalPerson or a LegalEntity "
                                        f"(got {describe(person)})"))
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    loan_list = _unique(loan_list, "loans", problems)
    person_list = _unique(person_list, "people", problems)
    if problems:
        raise InvalidInputError(problems)
    assert good_on is not None
    assert good_policy is not None
    return loan_list, person_list, good_on, good_policy


# -- helpers ------------------------------------------------------------------------------------


def _percent(count: int, total: int) -> str:
    with compute():
        return f"{(Decimal(100) * count / total).quantize(Decimal('0.01'), ROUND_HALF_UP)} %"


def _target(fraction: Decimal) -> str:
    with compute():
        text = format((fraction * 100).normalize(), "f")
    return f"{text} %"



def _outstanding(loans: list[Loan], on: _dt.date) -> list[tuple[Loan, Decimal]]:
    return [(loan, amount) for loan in loans if (amount := loan.outstanding(on)) > 0]


# -- stars (Art. 12) ----------------------------------------------------------------------------


def _star_findings(people: list[NaturalPerson], policy: Policy) -> list[Reason]:
    rated = [p for p in people if p.star_rating is not None]
    if not rated:
        return [
            finding(code, policy.cite(code), True,
                    f"not applicable: none of the {len(people)} people given has a star rating",
                    f"不适用：所列{len(people)}人均无星级评定")
            for code in (ReasonCode.FIVE_STAR_SHARE_LOW, ReasonCode.THREE_STAR_SHARE_LOW)
        ]
    n = len(rated)
    five = sum(1 for p in rated if p.star_rating == 5)
    three = sum(1 for p in rated if (p.star_rating or 0) >= 3)
    out = []
    for code, count, target, en_what, zh_what in (
        (ReasonCode.FIVE_STAR_SHARE_LOW, five, policy.need("five_star_target"), "5-star clients",
         "5星级客户"),
        (ReasonCode.THREE_STAR_SHARE_LOW, three, policy.need("three_star_target"),
         "clients with 3 stars or more (interpretation of 3星级)",
         "3星级及以上客户（解释：含4、5星级）"),
    ):
        with compute():
            ok = count >= target * n
        share, goal = _percent(count, n), _target(target)
        verdict_en = "meets" if ok else "is below"
        verdict_zh = "达到" if ok else "未达到"
        cited = policy.cite(code)
        # 占比…以上 (a share of at least, inclusive) beside the article; the document where none.
        bound = f"{cited.ref_en} 占比…以上" if cited.article else cited.ref_en
        out.append(finding(
            code, cited, ok,
            f"{en_what}: {count} of {n} rated ({share}) {verdict_en} the target of at least {goal} "
            f"({bound}, inclusive)",
            f"{zh_what}{count}人，占已评级{n}人的{share}，{verdict_zh}{goal}以上的目标"
            f"（{cited.ref_zh}）",
        ))
    return out


# -- entitlement (Art. 10) ----------------------------------------------------------------------


def _entitlement_findings(
    active: list[tuple[Loan, Decimal]], on: _dt.date, policy: Policy
) -> list[Reason]:
    own: dict[str, list[tuple[Loan, Decimal]]] = {}
    counted_by: dict[str, set[str]] = {}
    for loan, amount in active:
        if isinstance(loan.borrower, NaturalPerson):
            own.setdefault(loan.borrower.household, []).append((loan, amount))
        else:
            for person in counted_households(loan.borrower, on, policy):
                counted_by.setdefault(person.household, set()).add(loan.borrower.id)
    limit = policy.need("max_loan_amount")
    cited = policy.cite(ReasonCode.DUPLICATE_ENTITLEMENT)
    scheme = quote(policy, ReasonCode.DUPLICATE_ENTITLEMENT, "")
    scheme_zh = f"“{scheme}”政策" if scheme else "贷款政策"
    scheme_en = f"{scheme} entitlement" if scheme else "entitlement"
    day = on.isoformat()
    findings: list[Reason] = []
    households = sorted(set(own) | set(counted_by))
    for household in households:
        loans = own.get(household, [])
        entities = sorted(counted_by.get(household, set()))
        en: list[str] = []
        zh: list[str] = []
        ids = ", ".join(loan.id for loan, _ in loans)
        if loans and entities:
            which = "which has" if len(entities) == 1 else "each of which has"
            en.append(f"has its own outstanding loan(s) {ids} and is also counted by "
                      f"{', '.join(entities)}, {which} an outstanding loan")
            zh.append(f"既有本户未结清贷款{ids}，又被有未结清贷款的法人客户{'、'.join(entities)}带动计户")
        if len(entities) > 1:
            en.append(f"is counted by {len(entities)} entities with outstanding loans "
                      f"({', '.join(entities)})")
            zh.append(f"同时被{len(entities)}个有未结清贷款的法人客户（{'、'.join(entities)}）带动计户")
        with compute():
            total = sum((amount for _, amount in loans), ZERO)
        if total > limit:
            en.append(f"owes {total} of principal on its members' own loans ({ids}), above the "
                      f"household limit of {limit}")
            zh.append(f"本户成员自有贷款（{ids}）未结清本金合计{total}元，超过每户{limit}元的限额")
        if en:
            findings.append(finding(
                ReasonCode.DUPLICATE_ENTITLEMENT, cited, False,
                f"household {household} on {day} " + "; ".join(en)
                + f" ({cited.ref_en}: one household's {scheme_en} is used once at a time)",
                f"贫困户{household}于{day}" + "；".join(zh)
                + f"（{cited.ref_zh}：每户{scheme_zh}同一时间只能享受一次）",
            ))
    if not findings:
        findings.append(finding(
            ReasonCode.DUPLICATE_ENTITLEMENT, cited, True,
            f"each of the {len(households)} households with an outstanding loan on {day} uses its "
            f"{scheme_en} once, within {limit} ({cited.ref_en})",
            f"{day}有未结清贷款的{len(households)}户均只享受一次{scheme_zh}，且未超过{limit}元"
            f"（{cited.ref_zh}）",
        ))
    return findings


# -- capacity (Art. 13) -------------------------------------------------------------------------


def _capacity_findings(
    active: list[tuple[Loan, Decimal]], on: _dt.date, policy: Policy
) -> list[Reason]:
    findings = []
    cited = policy.cite(ReasonCode.CAPACITY_EXCEEDED)
    for lender in policy.need("fund_allocations"):
        with compute():
            outstanding = sum((amount for loan, amount in active if loan.lender == lender), ZERO)
        capacity = lending_capacity(lender, policy)
        with compute():
            leverage = format(policy.need("leverage").normalize(), "f")
        ok = outstanding <= capacity
        relation_en = "within" if ok else "above"
        relation_zh = "未超过" if ok else "超过"
        ratio = f"{cited.ref_en} 1:{leverage}" if cited.article else cited.ref_en
        findings.append(finding(
            ReasonCode.CAPACITY_EXCEEDED, cited, ok,
            f"{lender}: outstanding principal {outstanding} on {on.isoformat()} is {relation_en} "
            f"its lending capacity {capacity} ({leverage} × allocation "
            f"{policy.need('fund_allocations')[lender]}, {ratio})",
            f"{lender}于{on.isoformat()}贷款余额{outstanding}元，{relation_zh}放贷上限{capacity}元"
            f"（风险补偿金{policy.need('fund_allocations')[lender]}元的1:{leverage}，"
            f"{cited.ref_zh}）",
        ))
    return findings


def check_portfolio(
    loans: Iterable[Loan],
    people: Iterable[NaturalPerson | LegalEntity],
    on: _dt.date,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
) -> Decision:
    """Check a portfolio on ``on``: star shares, one entitlement per household, lending capacity.

    A loan counts when principal is outstanding at the end of ``on``
    (:meth:`~poverty_credit.Loan.outstanding`). ``people`` gives the star ratings (natural persons;
    legal entities are accepted and not needed: an entity loan carries its borrower). A household is
    ``NaturalPerson.household``; households counted by an entity come from
    :func:`~poverty_credit.counted_households`. For each household with an outstanding loan:
    no own outstanding 5321 loan while an entity with an outstanding loan counts it; not counted by
    two such entities; its members' outstanding own principal together ≤ ``max_loan_amount``.

    Args:
        loans: the loans (any lenders of the policy); repeats of one loan are ignored.
        people: the rated population (natural persons; entities ignored); repeats ignored.
        on: the evaluation date.
        policy: the parameters (targets, ``max_loan_amount``, leverage, allocations, the target
            group); a schedule is read on ``on``.

    Returns:
        A :class:`~poverty_credit.Decision` (findings in the order of the module docstring).

    Raises:
        InvalidInputError: a non-loan or non-person item, an unknown lender, two different
            records with one id, a bad date or policy.

    >>> import datetime as dt
    >>> from poverty_credit import Loan, NaturalPerson
    >>> a = NaturalPerson(id="A", birth_date=dt.date(1980, 1, 1), registered_poor=True,
    ...                   household_id="H-1")
    >>> b = NaturalPerson(id="B", birth_date=dt.date(1982, 1, 1), registered_poor=True,
    ...                   household_id="H-1")
    >>> loans = [Loan(id=f"L-{p.id}", borrower=p, lender="credit_union", principal="30000",
    ...               start_date=dt.date(2026, 1, 5), maturity_date=dt.date(2027, 1, 5),
    ...               annual_rate="0.0435") for p in (a, b)]
    >>> d = check_portfolio(loans, [a, b], on=dt.date(2026, 6, 30))
    >>> [r.code.value for r in d.reasons]
    ['DUPLICATE_ENTITLEMENT']
    """
    loan_list, person_list, on, rules = _inputs(loans, people, on, policy)
    active = _outstanding(loan_list, on)
    findings = [
        *_star_findings(person_list, rules),
        *_entitlement_findings(active, on, rules),
        *_capacity_findings(active, on, rules),
    ]
    return Decision.of(findings, subject=f"portfolio on {on.isoformat()}", policy_id=rules.id)


# -- metrics (Art. 7) ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PortfolioFigures:
    """The Art. 7 figures of one lender or the whole county, and the counts behind them.

    ``loan_access_rate`` (获贷率) = ``eligible_with_loan / eligible_households``;
    ``coverage_rate`` (覆盖率) = ``registered_covered / registered_households``; each ``None`` when
    its denominator is 0, else a ``Decimal`` fraction rounded half up to four decimals.

    >>> PortfolioFigures(eligible_households=3, eligible_with_loan=1, registered_households=0,
    ...                  registered_covered=0).loan_access_rate
    Decimal('0.3333')
    """

    eligible_households: int
    eligible_with_loan: int
    registered_households: int
    registered_covered: int

    @property
    def loan_access_rate(self) -> Decimal | None:
        """获贷率: eligible households with an outstanding own loan ÷ eligible households."""
        return _rate(self.eligible_with_loan, self.eligible_households)

    @property
    def coverage_rate(self) -> Decimal | None:
        """覆盖率: registered households with an own loan or counted by an entity with one ÷
        registered households."""
        return _rate(self.registered_covered, self.registered_households)


def _rate(count: int, total: int) -> Decimal | None:
    if total == 0:
        return None
    with compute():
        return (Decimal(count) / total).quantize(_RATE_PLACES, ROUND_HALF_UP)


@attrs.frozen(kw_only=True)
class PortfolioMetrics:
    """The figures of :func:`portfolio_metrics`: in ``total`` and per lender of the policy.

    >>> import datetime as dt
    >>> m = portfolio_metrics([], [], on=dt.date(2026, 6, 30))
    >>> m.total.loan_access_rate is None, sorted(m.per_lender)
    (True, ['credit_union', 'postal_savings'])
    """

    on: _dt.date
    total: PortfolioFigures
    per_lender: Mapping[str, PortfolioFigures]
    #: the ``document.id`` of the policy the figures were computed under (SPEC D1).
    policy_id: str | None = None


def portfolio_metrics(
    loans: Iterable[Loan],
    people: Iterable[NaturalPerson | LegalEntity],
    on: _dt.date,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
) -> PortfolioMetrics:
    """The loan access rate (获贷率) and coverage rate (覆盖率) on ``on`` (Art. 7), no verdict.

    The households are those of ``people`` (natural persons, grouped by ``household``). A household
    is *eligible* when any member passes :func:`~poverty_credit.check_eligibility` on ``on``, and
    *registered* when any member is in the policy's target group on ``on``
    (:func:`~poverty_credit.eligibility.in_target_group`; the seed: registered poor, lifted out
    included). It *has an own loan* when a member's loan has principal outstanding at the end of
    ``on``; it is *covered* when it has one or is counted
    (:func:`~poverty_credit.counted_households`) by an entity with an outstanding loan. Per lender
    only that lender's loans count; the denominators are the county's. Households that borrow but
    are not among ``people`` are not counted anywhere.

    Args:
        loans: the loans; repeats of one loan are ignored.
        people: the population (natural persons; entities ignored).
        on: the evaluation date.
        policy: the parameters (eligibility, the target group, the lenders); a schedule is read
            on ``on``.

    Returns:
        A :class:`PortfolioMetrics`.

    Raises:
        InvalidInputError: as :func:`check_portfolio`.

    >>> import datetime as dt
    >>> from poverty_credit import Loan, NaturalPerson
    >>> a = NaturalPerson(id="A", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    >>> b = NaturalPerson(id="B", birth_date=dt.date(1950, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L-A", borrower=a, lender="postal_savings", principal="20000",
    ...             start_date=dt.date(2026, 1, 5), maturity_date=dt.date(2027, 1, 5),
    ...             annual_rate="0.0435")
    >>> m = portfolio_metrics([loan], [a, b], on=dt.date(2026, 6, 30))
    >>> m.total.loan_access_rate, m.total.coverage_rate  # B (76) is not eligible: 1/1 and 1/2
    (Decimal('1.0000'), Decimal('0.5000'))
    """
    loan_list, person_list, on, rules = _inputs(loans, people, on, policy)
    eligible: set[str] = set()
    registered: set[str] = set()
    for person in person_list:
        if in_target_group(person, on, rules):
            registered.add(person.household)
        if check_eligibility(person, on, rules):
            eligible.add(person.household)
    own: dict[str, set[str]] = {lender: set() for lender in rules.need("fund_allocations")}
    covered: dict[str, set[str]] = {lender: set() for lender in rules.need("fund_allocations")}
    for loan, _ in _outstanding(loan_list, on):
        if isinstance(loan.borrower, NaturalPerson):
            own[loan.lender].add(loan.borrower.household)
            covered[loan.lender].add(loan.borrower.household)
        else:
            covered[loan.lender].update(
                p.household for p in counted_households(loan.borrower, on, rules)
            )

    def figures(own_set: set[str], covered_set: set[str]) -> PortfolioFigures:
        return PortfolioFigures(
            eligible_households=len(eligible), eligible_with_loan=len(own_set & eligible),
            registered_households=len(registered),
            registered_covered=len(covered_set & registered),
        )

    per_lender = {lender: figures(own[lender], covered[lender]) for lender in own}
    total = figures(set().union(*own.values()), set().union(*covered.values()))
    return PortfolioMetrics(
        on=on, total=total, per_lender=MappingProxyType(per_lender), policy_id=rules.id
    )
