"""A frozen copy of subsidy.py as of main 5c9a7f4 (before SPEC part D): the reference oracle that
tests/test_subsidy_variants.py compares today's results under DEFAULT_POLICY against. Do not edit:
its point is to stay what the library computed before part D."""
# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from poverty_credit._money import ZERO, compute, describe, to_fen
from poverty_credit._validate import as_int
from poverty_credit.decision import Reason, ReasonCode
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.loan_terms import entity_credit_limit
from poverty_credit.models import LegalEntity, Loan, require_loan
from poverty_credit.periods import term_months
from poverty_credit.policy import DEFAULT_POLICY, Policy, require_policy
from poverty_credit.rates import benchmark_rate

__all__ = [
    "Settlement",
    "SkippedLoan",
    "SubsidyStatement",
    "monthly_subsidy",
    "settle_month",
    "subsidy_schedule",
]

#: The years a statement may be asked for (a sanity bound on the input, not a rule of the Measures).
MIN_YEAR, MAX_YEAR = 1900, 2200

_ONE_DAY = _dt.timedelta(days=1)
_ART = "Art. 27"
_ART_OVERDUE = "Art. 27 ¶2"


def _percent(rate: Decimal) -> str:
    """``Decimal('0.0435')`` → ``'4.35 %'`` (the ``%`` format shifts the exponent exactly, without
    a decimal context or a float)."""
    return f"{rate:%}"[:-1] + " %"


def _month_name(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _reasons(items: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True, repr=False)
class SubsidyStatement:
    """One loan's interest subsidy for one calendar month (Art. 27 一月一结算).

    Attributes:
        loan_id: the loan's id.
        year: the calendar year.
        month: the calendar month, 1–12.
        days: days of the month whose subsidised principal is above zero.
        principal_days: Σ of the subsidised principal over those days (yuan-days, exact).
        rate: the subsidy rate used, ``min(loan rate, benchmark)``.
        amount: ``to_fen(principal_days × rate / day_count_basis)``; never negative and never above
            the interest the loan accrued in the month at its own rate.
        findings: informational reasons (all ``passed=True``): days left out before the start,
            from the maturity, after repayment, and a capped principal or rate.

    >>> s = SubsidyStatement(loan_id="L-1", year=2016, month=2, days=29,
    ...                      principal_days=Decimal("1450000.00"), rate=Decimal("0.0435"),
    ...                      amount=Decimal("175.21"))
    >>> s
    SubsidyStatement(L-1 2016-02: 29 days, 1450000.00 principal-days at 4.35 % → 175.21)
    >>> s.period
    '2016-02'
    """

    loan_id: str
    year: int
    month: int
    days: int
    principal_days: Decimal
    rate: Decimal
    amount: Decimal
    findings: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)

    @property
    def period(self) -> str:
        """The month as ``YYYY-MM``."""
        return _month_name(self.year, self.month)

    def explain(self, lang: str = "en") -> str:
        """The statement and its findings as readable lines (``"en"`` or ``"zh"``)."""
        if lang == "zh":
            head = (f"{self.loan_id} {self.period}：贴息天数{self.days}天，"
                    f"积数{self.principal_days}，贴息率{_percent(self.rate)}，贴息{self.amount}元")
        else:
            head = (f"{self.loan_id} {self.period}: {self.days} days, {self.principal_days} "
                    f"principal-days at {_percent(self.rate)} → {self.amount}")
        lines = [head]
        lines.extend(f"  [{r.code.value}] {r.article or '-'}: {r.text(lang)}"
                     for r in self.findings)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"SubsidyStatement({self.loan_id} {self.period}: {self.days} days, "
                f"{self.principal_days} principal-days at {_percent(self.rate)} → {self.amount})")


@attrs.frozen(kw_only=True)
class SkippedLoan:
    """A loan of a settlement that gets nothing for the month, and why.

    >>> SkippedLoan(loan_id="L-9", lender="credit_union", reason="repaid in full")
    SkippedLoan(loan_id='L-9', lender='credit_union', reason='repaid in full', findings=())
    """

    loan_id: str
    lender: str
    reason: str
    findings: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)


def _statements(items: Iterable[SubsidyStatement]) -> tuple[SubsidyStatement, ...]:
    return tuple(items)


def _skipped(items: Iterable[SkippedLoan]) -> tuple[SkippedLoan, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True, repr=False)
class Settlement:
    """A month's subsidy settlement over many loans (Art. 27 一月一结算, paid to the lenders).

    Attributes:
        year: the calendar year.
        month: the calendar month, 1–12.
        statements: the statements of the loans with at least one subsidised day, in input order.
        totals: lender → the sum of its loans' amounts (every lender of the policy, 0.00 if none):
            what is transferred to each lending institution.
        skipped: loans without a subsidised day in the month, with the reason.
        total: the grand total; equals the sum of the statements' amounts (and of ``totals``).

    >>> Settlement(year=2016, month=3, totals={"credit_union": Decimal("187.29")},
    ...            total=Decimal("187.29"))
    <Settlement 2016-03: 0 statements, 0 skipped, total 187.29 (credit_union 187.29)>
    """

    year: int
    month: int
    statements: tuple[SubsidyStatement, ...] = attrs.field(default=(), converter=_statements)
    totals: dict[str, Decimal] = attrs.field(factory=dict, hash=False)
    skipped: tuple[SkippedLoan, ...] = attrs.field(default=(), converter=_skipped)
    total: Decimal = ZERO

    @property
    def period(self) -> str:
        """The month as ``YYYY-MM``."""
        return _month_name(self.year, self.month)

    def __repr__(self) -> str:
        per_lender = ", ".join(f"{lender} {amount}" for lender, amount in self.totals.items())
        return (f"<Settlement {self.period}: {len(self.statements)} statements, "
                f"{len(self.skipped)} skipped, total {self.total}"
                + (f" ({per_lender})>" if per_lender else ">"))


# --------------------------------------------------------------------------------------------
# input checks




def _month_window(year: object, month: object) -> tuple[_dt.date, _dt.date]:
    """``[first day of the month, first day of the next month)``."""
    problems: list[Problem] = []
    for value, field, low, high in ((year, "year", MIN_YEAR, MAX_YEAR), (month, "month", 1, 12)):
        try:
            as_int(value, field, low, high)
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    assert isinstance(year, int)
    assert isinstance(month, int)
    first = _dt.date(year, month, 1)
    following = _dt.date(year + 1, 1, 1) if month == 12 else _dt.date(year, month + 1, 1)
    return first, following


# --------------------------------------------------------------------------------------------
# the computation


@functools.lru_cache(maxsize=4096)
def _benchmark_for(start: _dt.date, maturity: _dt.date, policy: Policy) -> tuple[Decimal, int]:
    """The benchmark lending rate on the start date for the original term, and that term."""
    term = term_months(start, maturity)
    return benchmark_rate(start, term, policy), term


def _subsidy_end(loan: Loan, policy: Policy) -> _dt.date:
    """The first day that is no longer subsidised (Art. 27 ¶2)."""
    if policy.need("subsidise_extensions") and loan.extended_to is not None:
        return loan.extended_to
    return loan.maturity_date


def _entity_breaks(entity: LegalEntity) -> list[_dt.date]:
    """Days on which an entity's credit limit may change: an agreement comes into force on
    ``signed_on`` and is out of force from the day after ``ends_on``."""
    days: set[_dt.date] = set()
    for agreement in entity.agreements:
        days.add(agreement.signed_on)
        if agreement.ends_on is not None and agreement.ends_on < _dt.date.max:
            days.add(agreement.ends_on + _ONE_DAY)
    return sorted(days)


def _runs(loan: Loan, lo: _dt.date, hi: _dt.date, end: _dt.date) -> Iterator[
    tuple[_dt.date, _dt.date, Decimal]
]:
    """Runs ``[a, b)`` covering ``[lo, hi)`` (``lo >= start_date``) on which the end-of-day
    outstanding principal is constant, each cut at ``end`` and (for entities) at agreement
    boundaries. Yields ``(a, b, outstanding)``."""
    repayment_days = [r.on for r in loan.repayments]
    cuts = set(repayment_days)
    cuts.add(end)
    if isinstance(loan.borrower, LegalEntity):
        cuts.update(_entity_breaks(loan.borrower))
    inner = sorted(d for d in cuts if lo < d < hi)
    # outstanding at the end of lo: every repayment dated on or before lo is already deducted
    index = bisect.bisect_right(repayment_days, lo)
    outstanding = loan.principal - sum((r.principal for r in loan.repayments[:index]), ZERO)
    a = lo
    for b in [*inner, hi]:
        yield a, b, outstanding
        while index < len(loan.repayments) and loan.repayments[index].on <= b:
            outstanding -= loan.repayments[index].principal
            index += 1
        a = b


@attrs.define
class _Tally:
    """What a walk over some days found."""

    before_start: int = 0
    from_maturity: int = 0
    repaid: int = 0
    days: int = 0
    principal_days: Decimal = ZERO
    capped_days: int = 0
    capped_excess: Decimal = ZERO
    caps: set[Decimal] = attrs.Factory(set)
    last_day: _dt.date | None = None


def _walk(loan: Loan, lo: _dt.date, hi: _dt.date, policy: Policy) -> _Tally:
    """Tally the days ``[lo, hi)``: subsidised principal-days and the days left out, by reason.
    Call it inside ``compute()``: the sums are exact in the 50-digit context."""
    tally = _Tally()
    start = loan.start_date
    if lo < start:
        tally.before_start = (min(hi, start) - lo).days
        lo = start
    if lo >= hi:
        return tally
    end = _subsidy_end(loan, policy)
    entity = loan.borrower if isinstance(loan.borrower, LegalEntity) else None
    for a, b, outstanding in _runs(loan, lo, hi, end):
        n = (b - a).days
        if outstanding == 0:
            tally.repaid += n
            continue
        if a >= end:
            tally.from_maturity += n
            continue
        cap = (policy.need("max_loan_amount") if entity is None
               else entity_credit_limit(entity, a, policy))
        subsidised = min(outstanding, cap)
        if subsidised < outstanding:
            tally.capped_days += n
            tally.capped_excess += (outstanding - subsidised) * n
            tally.caps.add(cap)
        if subsidised > 0:
            tally.days += n
            tally.principal_days += subsidised * n
            tally.last_day = b - _ONE_DAY
    return tally


def _findings(loan: Loan, tally: _Tally, period: str, policy: Policy, rate: Decimal,
              benchmark: Decimal, term: int) -> tuple[Reason, ...]:
    """The informational findings of a statement, in a fixed order: before start, from maturity,
    repaid, principal capped, rate capped."""
    found: list[Reason] = []

    def note(code: ReasonCode, article: str, en: str, zh: str) -> None:
        found.append(Reason(code=code, article=article, passed=True, message=en, message_zh=zh))

    start = loan.start_date.isoformat()
    if tally.before_start:
        note(ReasonCode.SUBSIDY_BEFORE_START, _ART,
             f"{tally.before_start} days of {period} before the loan date {start} are not "
             "subsidised (the subsidy runs from the day the loan is made)",
             f"{period}中贷款发放日{start}之前的{tally.before_start}天不予贴息")
    if tally.from_maturity:
        en, zh = _from_maturity_text(loan, tally.from_maturity, period, policy)
        note(ReasonCode.SUBSIDY_FROM_MATURITY, _ART_OVERDUE, en, zh)
    if tally.repaid:
        repaid = loan.repaid_in_full_on
        when = f" (repaid in full on {repaid.isoformat()})" if repaid else ""
        when_zh = f"（已于{repaid.isoformat()}全部还清）" if repaid else ""
        note(ReasonCode.SUBSIDY_REPAID, _ART,
             f"{tally.repaid} days of {period} without outstanding principal{when} are not "
             "subsidised (a repayment day accrues on the balance after the repayment, 算头不算尾)",
             f"{period}中无贷款余额的{tally.repaid}天{when_zh}不予贴息（算头不算尾）")
    if tally.capped_days:
        note(ReasonCode.SUBSIDY_PRINCIPAL_CAPPED, _ART,
             *_capped_text(loan, tally, period, policy))
    if rate < loan.annual_rate and tally.principal_days > 0:
        note(ReasonCode.SUBSIDY_RATE_CAPPED, _ART,
             f"the loan's rate {_percent(loan.annual_rate)} is above the benchmark lending rate "
             f"{_percent(benchmark)} in force on {start} for a {term}-month term: the subsidy rate "
             f"is {_percent(rate)} (贴息率按基准利率执行)",
             f"贷款利率{_percent(loan.annual_rate)}高于{start}适用于{term}个月期限的基准利率"
             f"{_percent(benchmark)}，按基准利率{_percent(rate)}贴息")
    return tuple(found)


def _from_maturity_text(loan: Loan, days: int, period: str, policy: Policy) -> tuple[str, str]:
    end = _subsidy_end(loan, policy).isoformat()
    if loan.extended_to is None:
        why = "the loan was not repaid on time (未按期还贷的，从到期之日起不予贴息)"
        why_zh = "贷款未按期归还，从到期之日起不予贴息"
    elif policy.need("subsidise_extensions"):
        why = (f"the extension (展期) to {end} is subsidised under policy.subsidise_extensions, "
               "but not beyond it")
        why_zh = f"展期至{end}的贷款按政策贴息至展期到期日，此后未还不予贴息"
    else:
        why = (f"the loan was extended (展期) to {loan.extended_to.isoformat()}, which counts as "
               "not repaid on time (policy.subsidise_extensions is false)")
        why_zh = f"贷款展期至{loan.extended_to.isoformat()}，视为未按期还贷，从原到期日起不予贴息"
    if not loan.is_natural_person:
        why += ("; interpretation: Art. 27 ¶2 is written for natural-person clients, "
                "the library applies it to legal-entity loans too")
        why_zh += "；解释：第二十七条第二款针对自然人客户，本库同样适用于法人客户"
    return (f"{days} days of {period} from {end} on, with principal still outstanding, are not "
            f"subsidised: {why}",
            f"{period}中自{end}起仍有余额的{days}天不予贴息：{why_zh}")


def _capped_text(loan: Loan, tally: _Tally, period: str, policy: Policy) -> tuple[str, str]:
    low, high = min(tally.caps), max(tally.caps)
    caps = f"{low}" if low == high else f"{low} to {high}"
    caps_zh = f"{low}元" if low == high else f"{low}元至{high}元"
    if loan.is_natural_person:
        what = (f"the 5321 limit of {caps} per household (Art. 10 5万元以下; the part above it is "
                "not subsidised)")
        what_zh = f"5321政策上限{caps_zh}（超出部分不予贴息）"
    else:
        per_household = policy.need("max_loan_amount")
        what = (f"the entity credit limit of {caps} (max_loan_amount {per_household} × "
                "counted households driven, 法人客户按带动脱贫农户授信额度)")
        what_zh = f"按带动脱贫农户授信额度{caps_zh}"
    return (f"on {tally.capped_days} days of {period} the outstanding principal was above {what}: "
            f"{tally.capped_excess} principal-days above it are not subsidised",
            f"{period}中有{tally.capped_days}天贷款余额超过{what_zh}，超出的积数{tally.capped_excess}"
            "不予贴息")


def _statement(loan: Loan, year: int, month: int, lo: _dt.date, hi: _dt.date,
               policy: Policy) -> SubsidyStatement:
    benchmark, term = _benchmark_for(loan.start_date, loan.maturity_date, policy)
    rate = min(loan.annual_rate, benchmark)
    with compute():
        tally = _walk(loan, lo, hi, policy)
        amount = to_fen(tally.principal_days * rate / policy.day_count_basis)
    return SubsidyStatement(
        loan_id=loan.id, year=year, month=month, days=tally.days,
        principal_days=tally.principal_days, rate=rate, amount=amount,
        findings=_findings(loan, tally, _month_name(year, month), policy, rate, benchmark, term),
    )


def monthly_subsidy(loan: Loan, year: int, month: int,
                    policy: Policy = DEFAULT_POLICY) -> SubsidyStatement:
    """The interest subsidy of ``loan`` for one calendar month (Art. 27), paid to its lender.

    Args:
        loan: the loan; its lender must be a key of ``policy.fund_allocations``.
        year: the calendar year (1900–2200).
        month: the calendar month, 1–12.
        policy: the parameters (``max_loan_amount``, ``day_count_basis``,
            ``subsidise_extensions``, ``benchmark``).

    Returns:
        The statement; a month outside the subsidised period gives ``days=0, amount=0.00`` with
        findings saying why.

    Raises:
        InvalidInputError: a bad loan, year, month or policy, or a lender unknown to the policy.
        RateNotFound: no benchmark rate is known on the loan's start date.

    >>> import datetime as dt
    >>> from poverty_credit import NaturalPerson, Loan, Repayment
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
    >>> loan = Loan(id="L-2", borrower=p, lender="postal_savings", principal="60000",
    ...             start_date=dt.date(2016, 4, 11), maturity_date=dt.date(2018, 4, 11),
    ...             annual_rate="0.0475")
    >>> s = monthly_subsidy(loan, 2016, 4)   # 20 days × min(60000, 50000) × 4.75 % / 360
    >>> s.days, s.principal_days, s.amount
    (20, Decimal('1000000.00'), Decimal('131.94'))
    >>> [r.code.value for r in s.findings]
    ['SUBSIDY_BEFORE_START', 'SUBSIDY_PRINCIPAL_CAPPED']
    """
    loan = require_loan(loan)
    policy = require_policy(policy)
    policy.require_lender(loan.lender, "loan.lender")
    lo, hi = _month_window(year, month)
    return _statement(loan, year, month, lo, hi, policy)


def _months(first: _dt.date, last: _dt.date) -> Iterator[tuple[int, int]]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def subsidy_schedule(loan: Loan, policy: Policy = DEFAULT_POLICY) -> tuple[SubsidyStatement, ...]:
    """One statement per calendar month, from the start month to the month of the last
    subsidised day (Art. 27).

    A loan without any subsidised day (repaid on its start day, or an entity that drives no
    counted household) gives the start month's zero statement alone, whose findings say why.
    The days of the schedule add up to the subsidised days of the loan's life.

    >>> import datetime as dt
    >>> from poverty_credit import NaturalPerson, Loan, Repayment
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
    >>> loan = Loan(id="L-3", borrower=p, lender="credit_union", principal="10000",
    ...             start_date=dt.date(2016, 1, 20), maturity_date=dt.date(2016, 7, 20),
    ...             annual_rate="0.0435",
    ...             repayments=[Repayment(on=dt.date(2016, 3, 5), principal="10000")])
    >>> [(s.period, s.days, str(s.amount)) for s in subsidy_schedule(loan)]
    [('2016-01', 12, '14.50'), ('2016-02', 29, '35.04'), ('2016-03', 4, '4.83')]

    Raises:
        InvalidInputError: a bad loan or policy, or a lender unknown to the policy.
        RateNotFound: no benchmark rate is known on the loan's start date.
    """
    loan = require_loan(loan)
    policy = require_policy(policy)
    policy.require_lender(loan.lender, "loan.lender")
    with compute():
        whole = _walk(loan, loan.start_date, _subsidy_end(loan, policy), policy)
    if whole.last_day is None:  # SPEC part B (settled in issue 8): no subsidised day, no statement
        return ()
    last = whole.last_day
    statements = []
    for year, month in _months(loan.start_date, last):
        lo, hi = _month_window(year, month)
        statements.append(_statement(loan, year, month, lo, hi, policy))
    return tuple(statements)


def settle_month(loans: Iterable[Loan], year: int, month: int,
                 policy: Policy = DEFAULT_POLICY) -> Settlement:
    """Settle one month's subsidy over many loans (Art. 27 一月一结算), totalled per lender.

    Loans with no subsidised day in the month are listed in ``skipped`` with the reason. The
    grand total is the sum of the statements' amounts, each rounded once.

    Raises:
        InvalidInputError: ``loans`` is not a collection of loans (paths ``loans[i]``), two loans
            share an id (``loans[i].id``), a lender is unknown, or the year or month is bad.
        RateNotFound: no benchmark rate is known on some loan's start date.

    >>> import datetime as dt
    >>> from poverty_credit import NaturalPerson, Loan
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
    >>> a = Loan(id="A", borrower=p, lender="credit_union", principal="50000",
    ...          start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
    ...          annual_rate="0.0435")
    >>> b = attrs.evolve(a, id="B", start_date=dt.date(2016, 4, 1),
    ...                  maturity_date=dt.date(2017, 4, 1))
    >>> settle_month([a, b], 2016, 3)  # doctest: +NORMALIZE_WHITESPACE
    <Settlement 2016-03: 1 statements, 1 skipped, total 187.29
     (credit_union 187.29, postal_savings 0.00)>
    """
    policy = require_policy(policy)
    lo, hi = _month_window(year, month)
    if isinstance(loans, (str, bytes)) or not isinstance(loans, Iterable):
        raise InvalidInputError.single(
            "loans", f"must be a collection of Loan (got {describe(loans)})")
    totals = dict.fromkeys(policy.need("fund_allocations"), ZERO)
    statements: list[SubsidyStatement] = []
    skipped: list[SkippedLoan] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(loans):
        where = f"loans[{i}]"
        loan = require_loan(item, where)
        lender = policy.require_lender(loan.lender, f"{where}.lender")
        if loan.id in seen:
            raise InvalidInputError.single(
                f"{where}.id", f"duplicates the id of loans[{seen[loan.id]}] (got {loan.id!r}); "
                "each loan is settled once")
        seen[loan.id] = i
        statement = _statement(loan, year, month, lo, hi, policy)
        if statement.days == 0:
            reason = "; ".join(r.message for r in statement.findings)
            skipped.append(SkippedLoan(loan_id=loan.id, lender=lender,
                                       reason=f"not in the subsidised period: {reason}",
                                       findings=statement.findings))
            continue
        statements.append(statement)
        totals[lender] += statement.amount
    total = sum((s.amount for s in statements), ZERO)
    return Settlement(year=year, month=month, statements=statements, totals=totals,
                      skipped=skipped, total=total)
