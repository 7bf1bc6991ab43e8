"""Loan terms, the "5321" policy (Art. 10, 11, 13).

:func:`check_loan_terms` evaluates, always in this order:

1. the amount — ``AMOUNT_ABOVE_LIMIT`` for a natural person (principal ≤ ``max_loan_amount``,
   "5万元以下" inclusive) *or* ``AMOUNT_ABOVE_ENTITY_LIMIT`` for a legal entity (principal ≤
   :func:`entity_credit_limit` on the start date); only the one fitting the borrower is evaluated;
2. ``TERM_ABOVE_LIMIT`` — original maturity ≤ start + ``max_term_years`` years ("3年期以内",
   inclusive, Civil Code art. 202 month-end rule); an extension (``extended_to``) is not limited;
3. ``GUARANTEE_REQUIRED`` and 4. ``COLLATERAL_REQUIRED`` — 免担保、免抵押;
5. ``RATE_ABOVE_BENCHMARK`` — annual rate ≤ the benchmark lending rate in force on the start date
   for the loan's term band (基准利率放贷; lower is allowed).

Other documents (SPEC D4, D5): a policy with ``entity_lending = false`` puts a failed
``ENTITY_LENDING_NOT_ALLOWED`` before an entity loan's findings; with ``caps_per_household`` a
natural person's loan gets ``HOUSEHOLD_AMOUNT_ABOVE_LIMIT`` after its amount (the household's other
outstanding own principal on the start date counts against ``max_loan_amount``); an entity's limit
is at most ``max_entity_loan_amount``. Where the benchmark is read past its table's
confirmed-through date, a passed ``RATE_UNCONFIRMED`` note ends the findings (SPEC D3). Articles
and quoted words come from the policy's citations; a schedule is read on the loan's start date.

Beside it: :func:`entity_credit_limit` (Art. 10), :func:`lending_capacity` (Art. 13, 1:10) and
:func:`poverty_relending_rate` (Art. 11, 1 percentage point below the normal relending rate).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from poverty_credit import rates
from poverty_credit._money import ZERO, compute, describe, parse_rate, to_fen
from poverty_credit._validate import validate_all
from poverty_credit._wording import quote
from poverty_credit.decision import (
    Decision,
    Deferred,
    Reason,
    ReasonCode,
    check,
    finding,
    pending_decision,
)
from poverty_credit.eligibility import counted_households, entity_lending_finding
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.models import LegalEntity, Loan, NaturalPerson, require_loan
from poverty_credit.periods import add_years, require_date, shift_months, term_months
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.schedule import PolicySchedule, policy_on, require_schedule, single_policy

__all__ = ["check_loan_terms", "entity_credit_limit", "lending_capacity", "poverty_relending_rate"]

_RATE_ZERO = Decimal("0")


def _entity_limit(entity: LegalEntity, on: _dt.date, policy: Policy) -> tuple[Decimal, int, bool]:
    """(limit, counted households, whether ``max_entity_loan_amount`` capped it)."""
    households = len(counted_households(entity, on, policy))
    with compute():
        limit = to_fen(policy.need("max_loan_amount") * households)
    cap = policy.max_entity_loan_amount
    if cap is not None and limit > cap:
        return cap, households, True
    return limit, households, False


def entity_credit_limit(
    entity: LegalEntity, on: _dt.date, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> Decimal:
    """The most a legal entity may borrow on ``on`` (Art. 10 "实际额度以其带动贫困户户数而定").

    ``policy.max_loan_amount`` (the per-household cap) × the number of
    :func:`~poverty_credit.counted_households` on ``on``, at most ``max_entity_loan_amount``
    where the policy sets one (SPEC D5; 盐津: 100万); zero when it drives none. A schedule of
    policies is read on ``on``.

    Args:
        entity: the legal entity.
        on: the day the limit applies (a loan's start date).
        policy: the parameters (``max_loan_amount``, ``max_entity_loan_amount``, the target
            group).

    Returns:
        The limit in yuan, to the fen.

    Raises:
        InvalidInputError: ``entity`` not a :class:`LegalEntity`, ``on`` not a date, ``policy``
            not a policy or a schedule, or ``max_loan_amount`` unset.

    >>> import datetime as dt
    >>> from poverty_credit import DrivingAgreement, EntityKind, NaturalPerson
    >>> people = [NaturalPerson(id=f"P{i}", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    ...           for i in range(3)]
    >>> farm = LegalEntity(id="F", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
    ...     DrivingAgreement(household=p, signed_on=dt.date(2026, 1, 1)) for p in people])
    >>> entity_credit_limit(farm, dt.date(2026, 3, 1))
    Decimal('150000.00')
    """
    chosen, entity, on = validate_all(
        lambda: require_schedule(policy),
        lambda: _require_entity(entity),
        lambda: require_date(on, "on"),
    )
    return _entity_limit(entity, on, policy_on(chosen, on))[0]


def _require_entity(entity: object) -> LegalEntity:
    if not isinstance(entity, LegalEntity):
        raise InvalidInputError.single("entity", f"must be a LegalEntity (got {describe(entity)})")
    return entity


def lending_capacity(lender: str, policy: Policy | PolicySchedule = DEFAULT_POLICY) -> Decimal:
    """How much a lender may lend against its share of the fund (Art. 13 "1:10").

    ``policy.leverage`` × ``policy.fund_allocations[lender]``.

    Args:
        lender: a key of ``policy.fund_allocations`` (``"credit_union"``, ``"postal_savings"``).
        policy: the parameters (``leverage``, ``fund_allocations``).

    Returns:
        The capacity in yuan, to the fen.

    Raises:
        InvalidInputError: an unknown lender, ``policy`` not a :class:`Policy` (or a schedule of
            one policy), or ``leverage`` or ``fund_allocations`` unset.

    >>> lending_capacity("credit_union"), lending_capacity("postal_savings")
    (Decimal('150000000.00'), Decimal('50000000.00'))
    """
    rules = single_policy(policy)
    lender = rules.require_lender(lender, "lender")  # the lender is judged by the policy
    with compute():
        return to_fen(rules.need("leverage") * rules.need("fund_allocations")[lender])


def poverty_relending_rate(
    normal_rate: Decimal, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> Decimal:
    """The poverty relending rate (Art. 11): the normal agricultural relending rate less
    ``policy.relending_discount`` (1 percentage point), never below zero.

    Args:
        normal_rate: the normal agricultural relending rate (正常支农再贷款利率), a fraction.
        policy: the parameters (``relending_discount``).

    Returns:
        The rate as a fraction (exact, not rounded).

    Raises:
        InvalidInputError: ``normal_rate`` not a rate ``0 <= rate < 1`` (``"2.75"`` meant as
            percent), ``policy`` not a :class:`Policy` (or a schedule of one policy), or
            ``relending_discount`` unset.

    >>> poverty_relending_rate(Decimal("0.0275")), poverty_relending_rate("0.005")
    (Decimal('0.0175'), Decimal('0'))
    """
    rate, rules = validate_all(
        lambda: parse_rate(normal_rate, "normal_rate"), lambda: single_policy(policy)
    )
    with compute():
        relending = rate - rules.need("relending_discount")
    return relending if relending > 0 else _RATE_ZERO


def percent(rate: Decimal) -> str:
    """A rate fraction as a percentage with at least two decimals: ``0.0435`` → ``"4.35 %"``."""
    with compute():
        value = (rate * 100).normalize()
        if value.as_tuple().exponent > -2:  # type: ignore[operator]
            value = value.quantize(Decimal("0.01"))
    return f"{value:f} %"


#: Messages for the rate tables' band columns (en, zh); an unknown column is shown as is.
_BANDS = {
    "upto_6m": ("PBoC benchmark, up to 6 months (6个月以内含)", "人民银行基准利率，6个月以内"),
    "upto_12m": ("PBoC benchmark, 6 months to 1 year (6个月至1年)", "人民银行基准利率，6个月至1年"),
    "upto_36m": ("PBoC benchmark, 1 to 3 years (1至3年含)", "人民银行基准利率，1至3年（含）"),
    "upto_60m": ("PBoC benchmark, 3 to 5 years (3至5年含)", "人民银行基准利率，3至5年（含）"),
    "over_60m": ("PBoC benchmark, over 5 years (5年以上)", "人民银行基准利率，5年以上"),
    "1y": ("1-year LPR, used for terms up to 12 months", "1年期LPR（1年以内含）"),
    "5y_plus": ("5-year-and-above LPR, used for terms over 12 months", "5年期以上LPR（1年以上）"),
}
#: From 2014-11-22 the PBoC merged its lending bands into three (期限档次简并).
_MERGED_FROM = _dt.date(2014, 11, 22)
_MERGED_BANDS = {
    "upto_12m": ("PBoC benchmark, up to 1 year (1年以内含)", "人民银行基准利率，1年以内（含）"),
    "upto_60m": ("PBoC benchmark, 1 to 5 years (1至5年含)", "人民银行基准利率，1至5年（含）"),
}


def _band(column: str, effective: _dt.date) -> tuple[str, str]:
    """The band a rate was read from, for messages (en, zh)."""
    if effective >= _MERGED_FROM and column in _MERGED_BANDS:
        return _MERGED_BANDS[column]
    return _BANDS.get(column, (column, column))


def _require_household_loans(value: object) -> tuple[Loan, ...]:
    if isinstance(value, (str, bytes, Mapping, Loan)) or not isinstance(value, Iterable):
        raise InvalidInputError.single(
            "household_loans", f"must be a collection of Loan (got {describe(value)})"
        )
    items = list(value)
    problems = [
        Problem(f"household_loans[{i}]", f"must be a Loan (got {describe(item)})")
        for i, item in enumerate(items)
        if not isinstance(item, Loan)
    ]
    if problems:
        raise InvalidInputError(problems)
    return tuple(items)


def check_loan_terms(
    loan: Loan,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
    *,
    household_loans: Iterable[Loan] = (),
) -> Decision:
    """Whether a loan keeps to the "5321" terms (Art. 10); every rule is evaluated.

    Findings, in order: ``ENTITY_LENDING_NOT_ALLOWED`` (an entity loan under a policy that does
    not lend to entities only), ``AMOUNT_ABOVE_LIMIT`` (natural person) or
    ``AMOUNT_ABOVE_ENTITY_LIMIT`` (legal entity), ``HOUSEHOLD_AMOUNT_ABOVE_LIMIT`` (a natural
    person's loan under ``caps_per_household`` only), ``TERM_ABOVE_LIMIT``,
    ``GUARANTEE_REQUIRED``, ``COLLATERAL_REQUIRED``, ``RATE_ABOVE_BENCHMARK``, and a passed
    ``RATE_UNCONFIRMED`` note where the benchmark lies past its table's confirmed-through date.
    The benchmark is :func:`~poverty_credit.benchmark_rate` on the start date for
    :func:`~poverty_credit.term_months` of the original term (``policy.benchmark`` says which
    table). A schedule of policies is read on the loan's start date.

    ``HOUSEHOLD_AMOUNT_ABOVE_LIMIT`` (SPEC D5, D7) counts the household's other loans among
    ``household_loans``: loans to natural persons of the same :attr:`NaturalPerson.household
    <poverty_credit.NaturalPerson.household>`, other than ``loan`` itself, with principal
    outstanding at the end of the start date. It fails only when that other principal is above
    zero and, with this loan's principal, exceeds ``max_loan_amount``; ``household_loans`` is
    ignored unless the policy caps per household.

    Args:
        loan: the loan.
        policy: a :class:`~poverty_credit.Policy` or a :class:`~poverty_credit.PolicySchedule`.
        household_loans: the household's other loans (any loans: the others are not counted).

    Returns:
        A :class:`Decision` whose ``subject`` is the loan's id.

    Raises:
        InvalidInputError: ``loan`` not a :class:`Loan`, a lender the policy does not know,
            ``policy`` not a policy, a ``household_loans`` item that is not a :class:`Loan`, or a
            parameter the rule needs left unset.
        RateNotFound: the rate table has no entry in force on the start date.

    >>> import datetime as dt
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L-1", borrower=p, lender="credit_union", principal="50000",
    ...             start_date=dt.date(2016, 1, 1), maturity_date=dt.date(2017, 1, 1),
    ...             annual_rate="0.0435")
    >>> check_loan_terms(loan)
    <Decision L-1: granted (5 checks passed)>
    """
    if type(loan) is Loan and type(policy) is Policy and household_loans == ():
        rules, others = policy, ()  # the everyday call: nothing to convert or collect
    else:
        loan, chosen, others = validate_all(
            lambda: require_loan(loan),
            lambda: require_schedule(policy),
            lambda: _require_household_loans(household_loans),
        )
        rules = policy_on(chosen, loan.start_date)
    if rules.fund_allocations is not None:  # the terms need no lender: judge it where known
        rules.require_lender(loan.lender, "loan.lender")
    return pending_decision(_findings(loan, rules, others), subject=loan.id, policy_id=rules.id)


def _findings(loan: Loan, policy: Policy, others: tuple[Loan, ...]) -> Iterator[Reason | Deferred]:
    """The findings, their messages rendered when first read: the verdicts are decided here,
    the words are those of the eager builders (:func:`_findings_eager`, the reference path)."""
    borrower = loan.borrower
    if isinstance(borrower, NaturalPerson):
        code = ReasonCode.AMOUNT_ABOVE_LIMIT
        yield (code, policy.cite(code), loan.principal <= policy.need("max_loan_amount"),
                       lambda: _person_amount(loan, policy))
        household = _household(loan, borrower, policy, others)
        if household is not None:
            yield household
    else:
        lending = entity_lending_finding(policy)
        if lending is not None:
            yield lending
        yield _entity_amount(loan, borrower, policy)
    code = ReasonCode.TERM_ABOVE_LIMIT
    latest = _latest_maturity(loan.start_date, policy.need("max_term_years"))
    yield (code, policy.cite(code), loan.maturity_date <= latest,
                   lambda: _term(loan, policy))
    code = ReasonCode.GUARANTEE_REQUIRED
    yield (code, policy.cite(code), not loan.guarantee_required,
                   lambda: _guarantee(loan, policy))
    code = ReasonCode.COLLATERAL_REQUIRED
    yield (code, policy.cite(code), not loan.collateral_required,
                   lambda: _collateral(loan, policy))
    months = term_months(loan.start_date, loan.maturity_date)
    benchmark = rates.policy_benchmark_quote(loan.start_date, months, policy)
    code = ReasonCode.RATE_ABOVE_BENCHMARK
    yield (code, policy.cite(code), loan.annual_rate <= benchmark.rate,
                   lambda: _rate(loan, policy, months, benchmark))
    if benchmark.unconfirmed_after is not None and benchmark.on is not None:
        code = ReasonCode.RATE_UNCONFIRMED  # SPEC D3, D7: a note, at the very end
        yield (code, policy.cite(code), True,
                       lambda: _note(rates.unconfirmed_note(benchmark, policy)))


def _note(note: Reason | None) -> Reason:
    assert note is not None  # the quote is past its table's confirmed date
    return note


def _latest_maturity(start: _dt.date, years: int) -> _dt.date:
    """``add_years(start, years)`` in integer month arithmetic where the result is in range
    (``years`` is ``max_term_years``, at least 1: only the upper end of the calendar is near)."""
    if start.year + years <= _dt.MAXYEAR:
        return shift_months(start, 12 * years)
    return add_years(start, years, field="loan.start_date")  # raises DATE_OUT_OF_RANGE


def _findings_eager(loan: Loan, policy: Policy, others: tuple[Loan, ...]) -> Iterator[Reason]:
    """The reference path of :func:`_findings`: every message formatted at once."""
    if isinstance(loan.borrower, NaturalPerson):
        yield _person_amount(loan, policy)
        household = _household(loan, loan.borrower, policy, others)
        if household is not None:
            yield household
    else:
        lending = entity_lending_finding(policy)
        if lending is not None:
            yield lending
        yield _entity_amount(loan, loan.borrower, policy)
    yield _term(loan, policy)
    yield _guarantee(loan, policy)
    yield _collateral(loan, policy)
    months = term_months(loan.start_date, loan.maturity_date)
    benchmark = rates.benchmark_quote(loan.start_date, months, policy)
    yield _rate(loan, policy, months, benchmark)
    note = rates.unconfirmed_note(benchmark, policy)  # SPEC D3, D7: a note, at the very end
    if note is not None:
        yield note


def _guarantee(loan: Loan, policy: Policy) -> Reason:
    doc, doc_zh = policy.document.ref_en, policy.document.ref_zh
    guarantee = policy.cite(ReasonCode.GUARANTEE_REQUIRED)
    free = quote(policy, ReasonCode.GUARANTEE_REQUIRED, "")
    return check(
        not loan.guarantee_required,
        ReasonCode.GUARANTEE_REQUIRED,
        guarantee,
        passed=(
            f"no guarantee required ({free})" if free else "no guarantee required",
            free or "无需担保",
        ),
        failed=(
            f"the loan requires a guarantee; {doc} lend without one"
            + (f" ({free})" if free else ""),
            f"贷款要求担保，不符合“{free}”" if free else f"贷款要求担保，不符合{doc_zh}",
        ),
    )


def _collateral(loan: Loan, policy: Policy) -> Reason:
    doc, doc_zh = policy.document.ref_en, policy.document.ref_zh
    collateral = policy.cite(ReasonCode.COLLATERAL_REQUIRED)
    free = quote(policy, ReasonCode.COLLATERAL_REQUIRED, "")
    return check(
        not loan.collateral_required,
        ReasonCode.COLLATERAL_REQUIRED,
        collateral,
        passed=(
            f"no collateral required ({free})" if free else "no collateral required",
            free or "无需抵押",
        ),
        failed=(
            f"the loan requires collateral; {doc} lend without it"
            + (f" ({free})" if free else ""),
            f"贷款要求抵押，不符合“{free}”" if free else f"贷款要求抵押，不符合{doc_zh}",
        ),
    )


def _person_amount(loan: Loan, policy: Policy) -> Reason:
    limit = policy.need("max_loan_amount")
    cited = policy.cite(ReasonCode.AMOUNT_ABOVE_LIMIT)
    # 以下 (inclusive, Civil Code art. 1259) beside the article; the document where none is cited.
    bound = f"({cited.ref_en} 以下, inclusive)" if cited.article else f"({cited.ref_en}, inclusive)"
    bound_zh = f"（{cited.ref_zh}，以下含本数）"
    if loan.principal <= limit:
        return finding(
            ReasonCode.AMOUNT_ABOVE_LIMIT,
            cited,
            True,
            f"principal {loan.principal} is within the limit of {limit} {bound}",
            f"贷款本金{loan.principal}元，未超过{limit}元上限{bound_zh}",
        )
    return finding(
        ReasonCode.AMOUNT_ABOVE_LIMIT,
        cited,
        False,
        f"principal {loan.principal} is above the limit of {limit} {bound}",
        f"贷款本金{loan.principal}元，超过{limit}元上限{bound_zh}",
    )


def _household(
    loan: Loan, person: NaturalPerson, policy: Policy, others: tuple[Loan, ...]
) -> Reason | None:
    """``HOUSEHOLD_AMOUNT_ABOVE_LIMIT`` under ``caps_per_household`` (SPEC D5, D7), else None."""
    if not others and policy.caps_per_household is None:
        return None  # nothing to count: the unset parameter is not needed
    if not policy.need("caps_per_household"):
        return None
    household = person.household
    start = loan.start_date
    counted: list[tuple[Loan, Decimal]] = []
    seen: set[str] = {loan.id}
    for other in others:
        if other.id in seen or not isinstance(other.borrower, NaturalPerson):
            continue
        if other.borrower.household != household:
            continue
        amount = other.outstanding(start)
        if amount > 0:
            seen.add(other.id)
            counted.append((other, amount))
    limit = policy.need("max_loan_amount")
    cited = policy.cite(ReasonCode.HOUSEHOLD_AMOUNT_ABOVE_LIMIT)
    day = start.isoformat()
    with compute():
        other_total = sum((amount for _, amount in counted), ZERO)
        total = loan.principal + other_total
    if not counted:
        return finding(
            ReasonCode.HOUSEHOLD_AMOUNT_ABOVE_LIMIT,
            cited,
            True,
            f"household {household} has no other own loan outstanding on {day}: its limit of "
            f"{limit} is judged on this loan alone ({cited.en()})",
            f"{day}本户{household}无其他未结清的自有贷款，按本笔贷款核对每户{limit}元的限额"
            f"（{cited.zh()}）",
        )
    ids = ", ".join(other.id for other, _ in counted)
    ok = total <= limit
    relation, relation_zh = ("within", "未超过") if ok else ("above", "超过")
    return finding(
        ReasonCode.HOUSEHOLD_AMOUNT_ABOVE_LIMIT,
        cited,
        ok,
        f"household {household}: principal {loan.principal} + {other_total} outstanding on {day} "
        f"on its other loans ({ids}) = {total}, {relation} the household limit of {limit} "
        f"({cited.en()}, inclusive)",
        f"本户{household}：本笔{loan.principal}元 + {day}其他贷款（{ids}）未结清本金"
        f"{other_total}元 = {total}元，{relation_zh}每户{limit}元的限额（{cited.zh()}，含本数）",
    )


def _entity_amount(loan: Loan, entity: LegalEntity, policy: Policy) -> Reason:
    start = loan.start_date
    limit, households, capped = _entity_limit(entity, start, policy)
    cited = policy.cite(ReasonCode.AMOUNT_ABOVE_ENTITY_LIMIT)
    per_household = policy.need("max_loan_amount")
    cap_en = cap_zh = ""
    if capped:
        cap = policy.cite(ReasonCode.AMOUNT_ABOVE_ENTITY_CAP)
        with compute():
            full = to_fen(per_household * households)
        cap_en = f"; {full} capped at the entity limit of {limit} ({cap.en()})"
        cap_zh = f"；{full}元超过法人客户上限，按{limit}元计（{cap.zh()}）"
    how = (
        f"{per_household} × {households} counted household(s) on {start.isoformat()}, "
        f"{cited.en()}; the per-person limit does not apply{cap_en}"
    )
    how_zh = (
        f"{per_household}元 × {start.isoformat()}带动计入的贫困户{households}户，"
        f"{cited.zh()}{cap_zh}"
    )
    if loan.principal <= limit:
        return finding(
            ReasonCode.AMOUNT_ABOVE_ENTITY_LIMIT,
            cited,
            True,
            f"principal {loan.principal} is within the entity's limit of {limit} ({how})",
            f"贷款本金{loan.principal}元，未超过法人客户额度{limit}元（{how_zh}）",
        )
    return finding(
        ReasonCode.AMOUNT_ABOVE_ENTITY_LIMIT,
        cited,
        False,
        f"principal {loan.principal} is above the entity's limit of {limit} ({how})",
        f"贷款本金{loan.principal}元，超过法人客户额度{limit}元（{how_zh}）",
    )


def _term(loan: Loan, policy: Policy) -> Reason:
    years = policy.need("max_term_years")
    cited = policy.cite(ReasonCode.TERM_ABOVE_LIMIT)
    latest = add_years(loan.start_date, years, field="loan.start_date")
    start, maturity = loan.start_date.isoformat(), loan.maturity_date.isoformat()
    bound = f"({cited.en()}, inclusive; latest maturity {latest.isoformat()})"
    bound_zh = f"（{cited.zh()}，含；最迟到期日{latest.isoformat()}）"
    if loan.maturity_date > latest:
        return finding(
            ReasonCode.TERM_ABOVE_LIMIT,
            cited,
            False,
            f"maturity {maturity} is more than {years} years after the start {start} {bound}",
            f"到期日{maturity}超过起贷日{start}后{years}年{bound_zh}",
        )
    extension = extension_zh = ""
    if loan.extended_to is not None:
        extension = (
            f"; the extension to {loan.extended_to.isoformat()} is not limited by "
            f"{policy.document.ref_en} (see the subsidy rules for what it costs)"
        )
        extension_zh = (
            f"；展期至{loan.extended_to.isoformat()}不受{policy.document.ref_zh}期限限制"
            "（贴息见贴息规则）"
        )
    return finding(
        ReasonCode.TERM_ABOVE_LIMIT,
        cited,
        True,
        f"maturity {maturity} is within {years} years of the start {start} {bound}{extension}",
        f"到期日{maturity}在起贷日{start}后{years}年以内{bound_zh}{extension_zh}",
    )


def _rate(loan: Loan, policy: Policy, months: int, quote_: rates.RateQuote) -> Reason:
    benchmark = quote_.rate
    cited = policy.cite(ReasonCode.RATE_ABOVE_BENCHMARK)
    band, band_zh = _band(quote_.column, quote_.effective)
    band = f"{band}, rates of {quote_.effective.isoformat()}"
    band_zh = f"{band_zh}，{quote_.effective.isoformat()}起执行"
    start = loan.start_date.isoformat()
    rate, bench = percent(loan.annual_rate), percent(benchmark)
    where = f"the benchmark {bench} in force on {start} for a {months}-month loan ({band})"
    where_zh = f"{start}适用的{months}个月期基准利率{bench}（{band_zh}）"
    if loan.annual_rate <= benchmark:
        return finding(
            ReasonCode.RATE_ABOVE_BENCHMARK,
            cited,
            True,
            f"annual rate {rate} is not above {where}; lending at the benchmark or "
            f"lower ({cited.en()})",
            f"年利率{rate}，未超过{where_zh}（{cited.zh()}）",
        )
    return finding(
        ReasonCode.RATE_ABOVE_BENCHMARK,
        cited,
        False,
        f"annual rate {rate} is above {where} ({cited.en()})",
        f"年利率{rate}，高于{where_zh}（{cited.zh()}）",
    )

