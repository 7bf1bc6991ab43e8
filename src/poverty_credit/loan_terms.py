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

Beside it: :func:`entity_credit_limit` (Art. 10), :func:`lending_capacity` (Art. 13, 1:10) and
:func:`poverty_relending_rate` (Art. 11, 1 percentage point below the normal relending rate).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal

from poverty_credit import rates
from poverty_credit._money import compute, parse_rate, to_fen
from poverty_credit._validate import validate_all
from poverty_credit.decision import Decision, Reason, ReasonCode, check, finding
from poverty_credit.eligibility import counted_households
from poverty_credit.models import LegalEntity, Loan, NaturalPerson, require_loan
from poverty_credit.periods import add_years, term_months
from poverty_credit.policy import DEFAULT_POLICY, Policy, require_policy

__all__ = ["check_loan_terms", "entity_credit_limit", "lending_capacity", "poverty_relending_rate"]

_ART_10 = "Art. 10"
_RATE_ZERO = Decimal("0")


def entity_credit_limit(
    entity: LegalEntity, on: _dt.date, policy: Policy = DEFAULT_POLICY
) -> Decimal:
    """The most a legal entity may borrow on ``on`` (Art. 10 "实际额度以其带动贫困户户数而定").

    ``policy.max_loan_amount`` × the number of :func:`~poverty_credit.counted_households` on ``on``;
    zero when it drives none.

    Args:
        entity: the legal entity.
        on: the day the limit applies (a loan's start date).
        policy: the parameters (``max_loan_amount``).

    Returns:
        The limit in yuan, to the fen.

    Raises:
        InvalidInputError: ``entity`` not a :class:`LegalEntity`, ``on`` not a date, ``policy``
            not a :class:`Policy`.

    >>> import datetime as dt
    >>> from poverty_credit import DrivingAgreement, EntityKind, NaturalPerson
    >>> people = [NaturalPerson(id=f"P{i}", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    ...           for i in range(3)]
    >>> farm = LegalEntity(id="F", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
    ...     DrivingAgreement(household=p, signed_on=dt.date(2026, 1, 1)) for p in people])
    >>> entity_credit_limit(farm, dt.date(2026, 3, 1))
    Decimal('150000.00')
    """
    policy, households = validate_all(
        lambda: require_policy(policy), lambda: len(counted_households(entity, on))
    )
    with compute():
        return to_fen(policy.need("max_loan_amount") * households)


def lending_capacity(lender: str, policy: Policy = DEFAULT_POLICY) -> Decimal:
    """How much a lender may lend against its share of the fund (Art. 13 "1:10").

    ``policy.leverage`` × ``policy.fund_allocations[lender]``.

    Args:
        lender: a key of ``policy.fund_allocations`` (``"credit_union"``, ``"postal_savings"``).
        policy: the parameters (``leverage``, ``fund_allocations``).

    Returns:
        The capacity in yuan, to the fen.

    Raises:
        InvalidInputError: an unknown lender, or ``policy`` not a :class:`Policy`.

    >>> lending_capacity("credit_union"), lending_capacity("postal_savings")
    (Decimal('150000000.00'), Decimal('50000000.00'))
    """
    policy = require_policy(policy)
    lender = policy.require_lender(lender, "lender")  # the lender is judged by the policy
    with compute():
        return to_fen(policy.need("leverage") * policy.need("fund_allocations")[lender])


def poverty_relending_rate(normal_rate: Decimal, policy: Policy = DEFAULT_POLICY) -> Decimal:
    """The poverty relending rate (Art. 11): the normal agricultural relending rate less
    ``policy.relending_discount`` (1 percentage point), never below zero.

    Args:
        normal_rate: the normal agricultural relending rate (正常支农再贷款利率), a fraction.
        policy: the parameters (``relending_discount``).

    Returns:
        The rate as a fraction (exact, not rounded).

    Raises:
        InvalidInputError: ``normal_rate`` not a rate ``0 <= rate < 1`` (``"2.75"`` meant as
            percent), or ``policy`` not a :class:`Policy`.

    >>> poverty_relending_rate(Decimal("0.0275")), poverty_relending_rate("0.005")
    (Decimal('0.0175'), Decimal('0'))
    """
    rate, policy = validate_all(
        lambda: parse_rate(normal_rate, "normal_rate"), lambda: require_policy(policy)
    )
    with compute():
        relending = rate - policy.need("relending_discount")
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


def check_loan_terms(loan: Loan, policy: Policy = DEFAULT_POLICY) -> Decision:
    """Whether a loan keeps to the "5321" terms (Art. 10); every rule is evaluated.

    Findings, in order: ``AMOUNT_ABOVE_LIMIT`` (natural person) or ``AMOUNT_ABOVE_ENTITY_LIMIT``
    (legal entity), ``TERM_ABOVE_LIMIT``, ``GUARANTEE_REQUIRED``, ``COLLATERAL_REQUIRED``,
    ``RATE_ABOVE_BENCHMARK``. The benchmark is :func:`~poverty_credit.benchmark_rate` on the start
    date for :func:`~poverty_credit.term_months` of the original term (``policy.benchmark`` says
    which table).

    Args:
        loan: the loan.
        policy: the parameters.

    Returns:
        A :class:`Decision` whose ``subject`` is the loan's id.

    Raises:
        InvalidInputError: ``loan`` not a :class:`Loan`, a lender the policy does not know, or
            ``policy`` not a :class:`Policy`.
        RateNotFound: the rate table has no entry in force on the start date.

    >>> import datetime as dt
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L-1", borrower=p, lender="credit_union", principal="50000",
    ...             start_date=dt.date(2016, 1, 1), maturity_date=dt.date(2017, 1, 1),
    ...             annual_rate="0.0435")
    >>> check_loan_terms(loan)
    <Decision L-1: granted (5 checks passed)>
    """
    loan, policy = validate_all(lambda: require_loan(loan), lambda: require_policy(policy))
    policy.require_lender(loan.lender, "loan.lender")
    return Decision.of(_findings(loan, policy), subject=loan.id)


def _findings(loan: Loan, policy: Policy) -> Iterator[Reason]:
    if isinstance(loan.borrower, NaturalPerson):
        yield _person_amount(loan, policy)
    else:
        yield _entity_amount(loan, loan.borrower, policy)
    yield _term(loan, policy)
    yield check(
        not loan.guarantee_required,
        ReasonCode.GUARANTEE_REQUIRED,
        _ART_10,
        passed=("no guarantee required (免担保)", "免担保"),
        failed=(
            "the loan requires a guarantee; the Measures lend without one (免担保)",
            "贷款要求担保，不符合“免担保”",
        ),
    )
    yield check(
        not loan.collateral_required,
        ReasonCode.COLLATERAL_REQUIRED,
        _ART_10,
        passed=("no collateral required (免抵押)", "免抵押"),
        failed=(
            "the loan requires collateral; the Measures lend without it (免抵押)",
            "贷款要求抵押，不符合“免抵押”",
        ),
    )
    yield _rate(loan, policy)


def _person_amount(loan: Loan, policy: Policy) -> Reason:
    limit = policy.need("max_loan_amount")
    bound = "(Art. 10 以下, inclusive)"
    if loan.principal <= limit:
        return finding(
            ReasonCode.AMOUNT_ABOVE_LIMIT,
            _ART_10,
            True,
            f"principal {loan.principal} is within the limit of {limit} {bound}",
            f"贷款本金{loan.principal}元，未超过{limit}元上限（第十条，以下含本数）",
        )
    return finding(
        ReasonCode.AMOUNT_ABOVE_LIMIT,
        _ART_10,
        False,
        f"principal {loan.principal} is above the limit of {limit} {bound}",
        f"贷款本金{loan.principal}元，超过{limit}元上限（第十条，以下含本数）",
    )


def _entity_amount(loan: Loan, entity: LegalEntity, policy: Policy) -> Reason:
    start = loan.start_date
    households = len(counted_households(entity, start))
    limit = entity_credit_limit(entity, start, policy)
    how = (
        f"{policy.need('max_loan_amount')} × {households} counted household(s) on "
        f"{start.isoformat()}, "
        "Art. 10 实际额度以其带动贫困户户数而定; the per-person limit does not apply"
    )
    how_zh = (
        f"{policy.need('max_loan_amount')}元 × {start.isoformat()}带动计入的贫困户{households}户，"
        "第十条“实际额度以其带动贫困户户数而定”"
    )
    if loan.principal <= limit:
        return finding(
            ReasonCode.AMOUNT_ABOVE_ENTITY_LIMIT,
            _ART_10,
            True,
            f"principal {loan.principal} is within the entity's limit of {limit} ({how})",
            f"贷款本金{loan.principal}元，未超过法人客户额度{limit}元（{how_zh}）",
        )
    return finding(
        ReasonCode.AMOUNT_ABOVE_ENTITY_LIMIT,
        _ART_10,
        False,
        f"principal {loan.principal} is above the entity's limit of {limit} ({how})",
        f"贷款本金{loan.principal}元，超过法人客户额度{limit}元（{how_zh}）",
    )


def _term(loan: Loan, policy: Policy) -> Reason:
    years = policy.need("max_term_years")
    latest = add_years(loan.start_date, years, field="loan.start_date")
    start, maturity = loan.start_date.isoformat(), loan.maturity_date.isoformat()
    bound = f"(Art. 10 {years}年期以内, inclusive; latest maturity {latest.isoformat()})"
    bound_zh = f"（第十条“{years}年期以内”，含；最迟到期日{latest.isoformat()}）"
    if loan.maturity_date > latest:
        return finding(
            ReasonCode.TERM_ABOVE_LIMIT,
            _ART_10,
            False,
            f"maturity {maturity} is more than {years} years after the start {start} {bound}",
            f"到期日{maturity}超过起贷日{start}后{years}年{bound_zh}",
        )
    extension = extension_zh = ""
    if loan.extended_to is not None:
        extension = (
            f"; the extension to {loan.extended_to.isoformat()} is not limited by the "
            "Measures (see the subsidy rules for what it costs)"
        )
        extension_zh = f"；展期至{loan.extended_to.isoformat()}不受本办法期限限制（贴息见贴息规则）"
    return finding(
        ReasonCode.TERM_ABOVE_LIMIT,
        _ART_10,
        True,
        f"maturity {maturity} is within {years} years of the start {start} {bound}{extension}",
        f"到期日{maturity}在起贷日{start}后{years}年以内{bound_zh}{extension_zh}",
    )


def _rate(loan: Loan, policy: Policy) -> Reason:
    months = term_months(loan.start_date, loan.maturity_date)
    quote = rates.benchmark_quote(loan.start_date, months, policy)
    benchmark = quote.rate
    band, band_zh = _band(quote.column, quote.effective)
    band = f"{band}, rates of {quote.effective.isoformat()}"
    band_zh = f"{band_zh}，{quote.effective.isoformat()}起执行"
    start = loan.start_date.isoformat()
    rate, bench = percent(loan.annual_rate), percent(benchmark)
    where = f"the benchmark {bench} in force on {start} for a {months}-month loan ({band})"
    where_zh = f"{start}适用的{months}个月期基准利率{bench}（{band_zh}）"
    if loan.annual_rate <= benchmark:
        return finding(
            ReasonCode.RATE_ABOVE_BENCHMARK,
            _ART_10,
            True,
            f"annual rate {rate} is not above {where}; lending at the benchmark or "
            "lower (Art. 10 基准利率放贷)",
            f"年利率{rate}，未超过{where_zh}（第十条“基准利率放贷”）",
        )
    return finding(
        ReasonCode.RATE_ABOVE_BENCHMARK,
        _ART_10,
        False,
        f"annual rate {rate} is above {where} (Art. 10 基准利率放贷)",
        f"年利率{rate}，高于{where_zh}（第十条“基准利率放贷”）",
    )
