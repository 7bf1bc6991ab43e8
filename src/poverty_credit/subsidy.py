"""Interest subsidy (Ch. 6, Art. 27): statements, a loan's schedule, a period's settlement.

The seed Measures settle the subsidy per calendar month (一月一结算) and pay it to the lending
institution (划转经办金融机构). For one loan and one period (a month; a year under
``subsidy_cycle = "year"``):

* **days**: actual days, a day ``d`` accrues on the principal outstanding at the *end* of ``d``
  (:meth:`Loan.outstanding`): the disbursement day counts, the repayment day does not (算头不算尾);
* **policy**: each day ``d`` is governed by ``policy_for_contract(policy, loan.start_date, d)``
  (a plain :class:`~poverty_credit.Policy` governs every day; a
  :class:`~poverty_credit.PolicySchedule` may change in the middle of a period: the period is then
  computed in *runs*, one policy per run, SPEC D2);
* **period**: ``d`` is subsidised only if ``start_date <= d < maturity_date`` (the original
  maturity). A loan not repaid on time gets nothing from its maturity date on (Art. 27 ¶2); an
  extended loan (展期) counts as not repaid on time unless ``policy.subsidise_extensions``, in
  which case ``extended_to`` replaces the maturity. Interpretation: the same applies to
  legal-entity loans. With ``policy.subsidy_max_days = n``, ``d`` is subsidised only if
  ``(d − start_date).days < n`` (通许: 365);
* **principal**: natural person ``min(outstanding, policy.subsidised_cap)`` (the subsidised cap,
  ``max_subsidised_principal``, else ``max_loan_amount``); legal entity ``min(outstanding,
  entity_credit_limit(entity, d, p))`` where ``p`` is the policy with the subsidised cap as its
  per-household amount (under the seed: the policy itself). In :func:`settle_month` and
  :func:`settle_year`, under ``caps_per_household`` a household gets at most the subsidised cap in
  all on each day, allotted to its loans in order of start date, then loan id;
* **rate**: ``min(loan rate, benchmark lending rate on the start date for the loan's term band)``
  (the term counted to the original maturity), or ``min(loan rate, subsidy_flat_rate)`` under
  ``subsidy_rate = "flat"``;
* **amount**: ``to_fen(Σ principal-days × rate × subsidy_share / day_count_basis)``: principal-days
  are summed first (per run), multiplied by the run's rate and share, divided once and rounded once
  (ROUND_HALF_UP) per statement.

A period outside the subsidised period gives a zero statement (``days=0``, ``amount=0.00``), never
an error; its findings say why. Periods are computed over stretches of constant outstanding
principal, constant entity limit and one policy (repayment dates, agreement boundaries, policy
changes), not day by day. Where one policy governs a natural person's loan over the whole
period, the same figures come from one walk over its repayments
(:mod:`poverty_credit._subsidy_fast`).

>>> import datetime as dt
>>> from poverty_credit import NaturalPerson, Loan
>>> person = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
>>> loan = Loan(id="L-1", borrower=person, lender="credit_union", principal="50000",
...             start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
...             annual_rate="0.0435")
>>> monthly_subsidy(loan, 2016, 3)   # 50 000 × 31 × 0.0435 / 360 = 187.2916… → 187.29
SubsidyStatement(L-1 2016-03: 31 days, 1550000.00 principal-days at 4.35 % → 187.29)
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import math
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import attrs

from poverty_credit import _subsidy_fast as fast
from poverty_credit._money import _CONTEXT, ZERO, compute, describe, to_fen
from poverty_credit._validate import as_int
from poverty_credit.citations import Cited
from poverty_credit.decision import Later, Reason, ReasonCode, computed_later, finding
from poverty_credit.errors import InvalidInputError, PovertyCreditError, Problem
from poverty_credit.loan_terms import entity_credit_limit
from poverty_credit.models import LegalEntity, Loan, NaturalPerson, require_loan
from poverty_credit.policy import (
    DEFAULT_POLICY,
    Policy,
    SubsidyCycle,
    SubsidyRate,
    policy_memo,
)
from poverty_credit.rates import RateQuote, unconfirmed_note
from poverty_credit.schedule import PolicySchedule, policy_for_contract, require_schedule

__all__ = [
    "Settlement",
    "SkippedLoan",
    "SubsidyStatement",
    "monthly_subsidy",
    "settle_month",
    "settle_year",
    "subsidy_schedule",
]

#: The years a statement may be asked for (a sanity bound on the input, not a rule of the Measures).
MIN_YEAR, MAX_YEAR = 1900, 2200

_ONE_DAY = _dt.timedelta(days=1)
R = ReasonCode
#: how _findings adds a passed finding: (code, citation, English, Chinese).
_Note = Callable[[ReasonCode, Cited, str, str], None]


def _percent(rate: Decimal) -> str:
    """``Decimal('0.0435')`` → ``'4.35 %'`` (the ``%`` format shifts the exponent exactly, without
    a decimal context or a float)."""
    return f"{rate:%}"[:-1] + " %"


def _period_name(year: int, month: int | None) -> str:
    return f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"


def _zh(period: str) -> str:
    """A period in a Chinese message: ``"2016-03"`` as it is, a year as ``"2016年"``."""
    return f"{period}年" if len(period) == 4 else period


def _reasons(items: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(items)


def _ids(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True, repr=False)
class SubsidyStatement:
    """One loan's interest subsidy for one calendar month (Art. 27 一月一结算), or for one
    calendar year under ``subsidy_cycle = "year"`` (``month`` is then ``None``).

    Attributes:
        loan_id: the loan's id.
        year: the calendar year.
        month: the calendar month, 1–12; ``None`` for a yearly statement.
        days: days of the period whose subsidised principal is above zero.
        principal_days: Σ of the subsidised principal over those days (yuan-days, exact).
        rate: the subsidy rate used on the last subsidised day (``min(loan rate, benchmark)``, or
            the flat rate); for a period without a subsidised day, the rate of the policy that
            governs the loan at the period's end.
        amount: ``to_fen(Σ principal-days × rate × share / day_count_basis)`` over the runs of the
            period, rounded once; never negative and never above the interest the loan accrued
            in the period at its own rate.
        findings: informational reasons (all ``passed=True``): days left out before the start,
            from the maturity, after repayment, beyond the days limit; a capped principal, rate
            or household; the share; the policies of several runs; an unconfirmed rate (last).
        policy_id: the ``document.id`` of the policy of the last subsidised day (of the period's
            end when there is none): the document the statement was computed under (SPEC D1).
        policy_ids: the ids of every policy of the statement's runs, in date order.

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
    month: int | None
    days: int
    principal_days: Decimal
    rate: Decimal
    amount: Decimal
    findings: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)
    policy_id: str | None = None
    policy_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids)

    @property
    def period(self) -> str:
        """The month as ``YYYY-MM``, or the year as ``YYYY`` for a yearly statement."""
        return _period_name(self.year, self.month)

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
    """A loan of a settlement that gets nothing for the period, and why.

    ``policy_id`` is the document its (zero) statement was computed under.

    >>> SkippedLoan(loan_id="L-9", lender="credit_union", reason="repaid in full")
    SkippedLoan(loan_id='L-9', lender='credit_union', reason='repaid in full', findings=())
    """

    loan_id: str
    lender: str
    reason: str
    findings: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)
    policy_id: str | None = attrs.field(default=None, repr=False)


def _statements(items: Iterable[SubsidyStatement]) -> tuple[SubsidyStatement, ...]:
    return tuple(items)


def _skipped(items: Iterable[SkippedLoan]) -> tuple[SkippedLoan, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True, repr=False)
class Settlement:
    """A month's (or, under ``subsidy_cycle = "year"``, a year's) subsidy settlement over many
    loans (Art. 27 一月一结算, paid to the lenders).

    Attributes:
        year: the calendar year.
        month: the calendar month, 1–12; ``None`` for a yearly settlement (:func:`settle_year`).
        statements: the statements of the loans with at least one subsidised day, in input order.
        totals: lender → the sum of its loans' amounts (every lender of the policy, 0.00 if none):
            what is transferred to each lending institution.
        skipped: loans without a subsidised day in the period, with the reason.
        total: the grand total; equals the sum of the statements' amounts (and of ``totals``).

    Each statement carries the ``policy_id`` it was computed under; :attr:`policy_ids` lists the
    documents of the whole settlement and :attr:`statement_policy_ids` the id of each statement.

    >>> Settlement(year=2016, month=3, totals={"credit_union": Decimal("187.29")},
    ...            total=Decimal("187.29"))
    <Settlement 2016-03: 0 statements, 0 skipped, total 187.29 (credit_union 187.29)>
    """

    year: int
    month: int | None
    statements: tuple[SubsidyStatement, ...] = attrs.field(default=(), converter=_statements)
    totals: dict[str, Decimal] = attrs.field(factory=dict, hash=False)
    skipped: tuple[SkippedLoan, ...] = attrs.field(default=(), converter=_skipped)
    total: Decimal = ZERO

    @property
    def period(self) -> str:
        """The month as ``YYYY-MM``, or the year as ``YYYY``."""
        return _period_name(self.year, self.month)

    @property
    def policy_ids(self) -> tuple[str, ...]:
        """Every document the statements' runs were computed under, in order of first use."""
        return tuple(dict.fromkeys(i for s in self.statements for i in s.policy_ids))

    @property
    def statement_policy_ids(self) -> dict[str, str | None]:
        """Loan id → the ``policy_id`` of its statement."""
        return {s.loan_id: s.policy_id for s in self.statements}

    def __repr__(self) -> str:
        per_lender = ", ".join(f"{lender} {amount}" for lender, amount in self.totals.items())
        return (f"<Settlement {self.period}: {len(self.statements)} statements, "
                f"{len(self.skipped)} skipped, total {self.total}"
                + (f" ({per_lender})>" if per_lender else ">"))


# --------------------------------------------------------------------------------------------
# input checks


def _month_window(year: object, month: object) -> tuple[_dt.date, _dt.date]:
    """``[first day of the month, first day of the next month)``."""
    if (type(year) is not int or type(month) is not int or not MIN_YEAR <= year <= MAX_YEAR
            or not 1 <= month <= 12):  # else nothing to check: an int year and month in range
        problems: list[Problem] = []
        for value, field, low, high in ((year, "year", MIN_YEAR, MAX_YEAR),
                                        (month, "month", 1, 12)):
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


def _year_window(year: object) -> tuple[_dt.date, _dt.date]:
    """``[1 January, 1 January of the next year)``."""
    value = as_int(year, "year", MIN_YEAR, MAX_YEAR)
    return _dt.date(value, 1, 1), _dt.date(value + 1, 1, 1)


def _cycle_name(cycle: SubsidyCycle) -> str:
    return "once a year" if cycle is SubsidyCycle.YEAR else "once a month"


def _use(cycle: SubsidyCycle) -> str:
    if cycle is SubsidyCycle.YEAR:
        return "use settle_year(loans, year, policy)"
    return "use settle_month(loans, year, month, policy)"


def _require_cycle(policy: Policy, cycle: SubsidyCycle) -> None:
    """Refuse a policy that settles on the other cycle (SPEC D7)."""
    own: SubsidyCycle = policy.need("subsidy_cycle")
    if own is not cycle:
        raise InvalidInputError.single(
            "policy.subsidy_cycle",
            f"{policy.id} settles the subsidy {_cycle_name(own)} (subsidy_cycle = "
            f"'{own.value}'): {_use(own)}")


# --------------------------------------------------------------------------------------------
# the computation: a period of a loan as runs (one policy each) of pieces (constant principal)

_OPEN, _REPAID, _MATURED, _BEYOND = "open", "repaid", "matured", "beyond"


@attrs.define
class _Piece:
    """Days ``[a, b)`` of one loan with one policy, one kind and one outstanding principal."""

    a: _dt.date
    b: _dt.date
    policy: Policy
    kind: str
    outstanding: Decimal
    cap: Decimal = ZERO  # the loan's own cap (subsidised cap, or the entity limit)
    own: Decimal = ZERO  # min(outstanding, cap): before the household allotment
    subsidised: Decimal = ZERO  # after the household allotment
    takers: tuple[str, ...] = ()  # the household's earlier loans that took the cap
    household_cap: Decimal = ZERO

    @property
    def days(self) -> int:
        return (self.b - self.a).days


@attrs.define
class _Run:
    """Days ``[a, b)`` of a period governed by one policy."""

    policy: Policy
    a: _dt.date
    b: _dt.date
    pieces: list[_Piece]


@attrs.define
class _Work:
    """One loan's period, computed but not yet turned into a statement."""

    loan: Loan
    year: int
    month: int | None
    schedule: Policy | PolicySchedule
    before_start: int
    runs: list[_Run]

    @property
    def policies(self) -> list[Policy]:
        """The policies of the runs (the start date's policy when the period has no loan day)."""
        if self.runs:
            return [run.policy for run in self.runs]
        start = self.loan.start_date
        return [policy_for_contract(self.schedule, start, start)]


def _subsidy_end(loan: Loan, policy: Policy) -> _dt.date:
    """The first day that is no longer subsidised (Art. 27 ¶2)."""
    if policy.need("subsidise_extensions") and loan.extended_to is not None:
        return loan.extended_to
    return loan.maturity_date


def _days_limit_end(loan: Loan, policy: Policy) -> _dt.date | None:
    """The first day beyond ``subsidy_max_days`` (``None``: no limit)."""
    if policy.subsidy_max_days is None:
        return None
    # years are at most MAX_YEAR and the limit at most 36 600 days: no date overflow
    return loan.start_date + _dt.timedelta(days=policy.subsidy_max_days)


@functools.lru_cache(maxsize=256)
def _limit_policy(policy: Policy) -> Policy:
    """The policy whose per-household amount is the subsidised cap, for ``entity_credit_limit``
    (SPEC D5): the policy itself where the two caps agree (the seed)."""
    cap = policy.subsidised_cap
    if policy.max_loan_amount == cap:
        return policy
    return attrs.evolve(policy, max_loan_amount=cap)


def _entity_breaks(entity: LegalEntity) -> list[_dt.date]:
    """Days on which an entity's credit limit may change: an agreement comes into force on
    ``signed_on`` and is out of force from the day after ``ends_on``."""
    days: set[_dt.date] = set()
    for agreement in entity.agreements:
        days.add(agreement.signed_on)
        if agreement.ends_on is not None and agreement.ends_on < _dt.date.max:
            days.add(agreement.ends_on + _ONE_DAY)
    return sorted(days)


def _stretches(loan: Loan, lo: _dt.date, hi: _dt.date, cuts: set[_dt.date]) -> Iterator[
    tuple[_dt.date, _dt.date, Decimal]
]:
    """Stretches ``[a, b)`` covering ``[lo, hi)`` (``lo >= start_date``) on which the end-of-day
    outstanding principal is constant, also cut at ``cuts`` and (for entities) at agreement
    boundaries. Yields ``(a, b, outstanding)``."""
    repayment_days, repaid = _repayment_index(loan)
    # the repayments inside (lo, hi) by bisection: a schedule is linear in months + repayments
    index = bisect.bisect_right(repayment_days, lo)
    inside = {d for d in cuts if lo < d < hi}
    inside.update(repayment_days[index:bisect.bisect_left(repayment_days, hi)])
    if isinstance(loan.borrower, LegalEntity):
        inside.update(d for d in _entity_breaks(loan.borrower) if lo < d < hi)
    inner = sorted(inside)
    # outstanding at the end of lo: every repayment dated on or before lo is already deducted
    outstanding = loan.principal - repaid(index)
    a = lo
    for b in [*inner, hi]:
        yield a, b, outstanding
        while index < len(loan.repayments) and loan.repayments[index].on <= b:
            outstanding -= loan.repayments[index].principal
            index += 1
        a = b


_FEW_REPAYMENTS = 8  # below this, summing them again is cheaper than keeping an index


def _repayment_index(loan: Loan) -> tuple[list[_dt.date], Callable[[int], Decimal]]:
    """The repayment days (sorted: the model keeps them in date order) and the principal repaid
    by the first ``k`` of them, ``sum(principals[:k], ZERO)`` — kept per loan object when it has
    many repayments, so that the months of a schedule do not add them up again. Call it inside
    ``compute()``."""
    repayments = loan.repayments
    if len(repayments) < _FEW_REPAYMENTS:
        return [r.on for r in repayments], (
            lambda k: sum((r.principal for r in repayments[:k]), ZERO))
    memo = policy_memo(loan)  # the memo of an immutable object, by identity
    found: tuple[list[_dt.date], list[Decimal]] | None = memo.get(_REPAYMENT_INDEX)
    if found is None:
        prefix = [ZERO]
        for r in repayments:  # the additions of sum(..., ZERO), in the same order
            prefix.append(prefix[-1] + r.principal)
        found = memo[_REPAYMENT_INDEX] = ([r.on for r in repayments], prefix)
    return found[0], found[1].__getitem__


_REPAYMENT_INDEX = object()  # the memo key of a loan's repayment index


def _pieces(loan: Loan, lo: _dt.date, hi: _dt.date, policy: Policy) -> list[_Piece]:
    """The pieces of ``[lo, hi)`` (``lo >= start_date``) under one policy."""
    end = _subsidy_end(loan, policy)
    limit = _days_limit_end(loan, policy)
    cuts = {end} if limit is None else {end, limit}
    entity = loan.borrower if isinstance(loan.borrower, LegalEntity) else None
    pieces: list[_Piece] = []
    for a, b, outstanding in _stretches(loan, lo, hi, cuts):
        if outstanding == 0:
            pieces.append(_Piece(a, b, policy, _REPAID, outstanding))
        elif a >= end:
            pieces.append(_Piece(a, b, policy, _MATURED, outstanding))
        elif limit is not None and a >= limit:
            pieces.append(_Piece(a, b, policy, _BEYOND, outstanding))
        else:
            cap = (policy.subsidised_cap if entity is None
                   else entity_credit_limit(entity, a, _limit_policy(policy)))
            own = min(outstanding, cap)
            pieces.append(_Piece(a, b, policy, _OPEN, outstanding, cap, own, own))
    return pieces


def _segments(loan: Loan, lo: _dt.date, hi: _dt.date,
              schedule: Policy | PolicySchedule) -> list[tuple[_dt.date, _dt.date, Policy]]:
    """``[lo, hi)`` (``lo >= start_date``) split where the governing policy changes (SPEC D2)."""
    if isinstance(schedule, Policy):
        return [(lo, hi, schedule)]
    changes = sorted({p.effective_from for p in schedule
                      if p.effective_from is not None and lo < p.effective_from < hi})
    segments: list[tuple[_dt.date, _dt.date, Policy]] = []
    a = lo
    for b in [*changes, hi]:
        policy = schedule.for_contract(loan.start_date, a)
        if segments and segments[-1][2] is policy:
            segments[-1] = (segments[-1][0], b, policy)
        else:
            segments.append((a, b, policy))
        a = b
    return segments


def _work(loan: Loan, year: int, month: int | None, lo: _dt.date, hi: _dt.date,
          schedule: Policy | PolicySchedule) -> _Work:
    """Compute the runs and pieces of ``[lo, hi)``. Call it inside ``compute()``: the sums are
    exact in the 50-digit context."""
    start = loan.start_date
    before = 0
    if lo < start:
        before = (min(hi, start) - lo).days
        lo = start
    runs = [_Run(policy, a, b, _pieces(loan, a, b, policy))
            for a, b, policy in (_segments(loan, lo, hi, schedule) if lo < hi else [])]
    return _Work(loan, year, month, schedule, before, runs)


def _check_lenders(work: _Work, field: str) -> None:
    """The loan's lender must be a lender of every policy that governs it in the period."""
    for policy in work.policies:
        policy.require_lender(work.loan.lender, field)


def _check_cycle(work: _Work, cycle: SubsidyCycle, field: str) -> None:
    """Refuse a loan governed, on a day it could be subsidised, by a policy of the other cycle."""
    for run in work.runs:
        if any(p.kind == _OPEN for p in run.pieces):
            own: SubsidyCycle = run.policy.need("subsidy_cycle")
            if own is not cycle:
                raise InvalidInputError.single(
                    field,
                    f"loan {work.loan.id!r} is governed from {run.a.isoformat()} by "
                    f"{run.policy.id}, which settles the subsidy {_cycle_name(own)} "
                    f"(subsidy_cycle = '{own.value}'): {_use(own)}")


# --------------------------------------------------------------------------------------------
# the household allotment (SPEC D5: caps_per_household)


def _split(pieces: list[_Piece], cuts: list[_dt.date]) -> list[_Piece]:
    """Open pieces cut at every day of ``cuts`` inside them."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.kind != _OPEN:
            out.append(piece)
            continue
        i = bisect.bisect_right(cuts, piece.a)
        a = piece.a
        while i < len(cuts) and cuts[i] < piece.b:
            out.append(attrs.evolve(piece, a=a, b=cuts[i]))
            a = cuts[i]
            i += 1
        out.append(attrs.evolve(piece, a=a, b=piece.b))
    return out


def _allot_household(works: list[_Work]) -> None:
    """Give the household at most the subsidised cap in all on each day, allotted to its loans
    in order (``works`` is sorted by start date, then loan id)."""
    if all(run.policy.caps_per_household is False for w in works for run in w.runs):
        return  # no policy of theirs caps per household: cutting the pieces would change nothing
    opened = [w for w in works
              if any(p.kind == _OPEN and p.own > 0 for r in w.runs for p in r.pieces)]
    if len(opened) < 2:
        return
    cuts = sorted({d for w in opened for r in w.runs for p in r.pieces if p.kind == _OPEN
                   for d in (p.a, p.b)})
    by_day: dict[_dt.date, list[tuple[str, _Piece]]] = {}
    for w in opened:
        for run in w.runs:
            run.pieces = _split(run.pieces, cuts)
            for piece in run.pieces:
                if piece.kind == _OPEN and piece.own > 0:
                    by_day.setdefault(piece.a, []).append((w.loan.id, piece))
    for entries in by_day.values():
        used = ZERO
        earlier: list[str] = []
        for loan_id, piece in entries:
            if earlier and piece.policy.need("caps_per_household"):
                cap = piece.policy.subsidised_cap
                allowed = max(ZERO, cap - used)
                if piece.own > allowed:
                    piece.subsidised = allowed
                    piece.takers = tuple(earlier)
                    piece.household_cap = cap
            used += piece.subsidised
            if piece.subsidised > 0:
                earlier.append(loan_id)


def _allot(works: list[_Work]) -> None:
    """The household allotment of a settlement: natural persons' loans, by household."""
    households: dict[str, list[_Work]] = {}
    for w in works:
        if isinstance(w.loan.borrower, NaturalPerson):
            households.setdefault(w.loan.borrower.household, []).append(w)
    for group in households.values():
        if len(group) > 1:
            _allot_household(sorted(group, key=lambda w: (w.loan.start_date, str(w.loan.id))))


# --------------------------------------------------------------------------------------------
# a statement from its runs


@attrs.define
class _Tally:
    """What a run's pieces add up to."""

    repaid: int = 0
    from_maturity: int = 0
    beyond_limit: int = 0
    days: int = 0
    principal_days: Decimal = ZERO
    capped_days: int = 0
    capped_excess: Decimal = ZERO
    caps: set[Decimal] = attrs.Factory(set)
    household_days: int = 0
    household_excess: Decimal = ZERO
    household_caps: set[Decimal] = attrs.Factory(set)
    takers: dict[str, None] = attrs.Factory(dict)
    last_day: _dt.date | None = None


def _tally(run: _Run) -> _Tally:
    tally = _Tally()
    for piece in run.pieces:
        n = piece.days
        if piece.kind == _REPAID:
            tally.repaid += n
        elif piece.kind == _MATURED:
            tally.from_maturity += n
        elif piece.kind == _BEYOND:
            tally.beyond_limit += n
        else:
            if piece.own < piece.outstanding:
                tally.capped_days += n
                tally.capped_excess += (piece.outstanding - piece.own) * n
                tally.caps.add(piece.cap)
            if piece.subsidised < piece.own:
                tally.household_days += n
                tally.household_excess += (piece.own - piece.subsidised) * n
                tally.household_caps.add(piece.household_cap)
                tally.takers.update(dict.fromkeys(piece.takers))
            if piece.subsidised > 0:
                tally.days += n
                tally.principal_days += piece.subsidised * n
                tally.last_day = piece.b - _ONE_DAY
    return tally


@attrs.frozen
class _Rate:
    """A run's subsidy rate and how it was found."""

    rate: Decimal
    quote: RateQuote | None = None  # the benchmark consulted (None under a flat rate)
    term: int = 0
    flat: Decimal | None = None


def _rate(loan: Loan, policy: Policy) -> _Rate:
    kind: SubsidyRate = policy.need("subsidy_rate")
    if kind is SubsidyRate.FLAT:
        flat: Decimal = policy.need("subsidy_flat_rate")
        return _Rate(min(loan.annual_rate, flat), flat=flat)
    quote, term = fast.benchmark_for(loan.start_date, loan.maturity_date, policy)
    return _Rate(min(loan.annual_rate, quote.rate), quote, term)


_Paid = list[tuple[_Run, _Tally]]


def _summed(work: _Work) -> tuple[list[_Tally], _Paid, dict[int, _Rate], Policy, _Rate]:
    """A computed period's tallies, its paid runs and their rates, the policy of the statement
    and its rate. Call it inside ``compute()``."""
    loan = work.loan
    tallies = [_tally(run) for run in work.runs]
    paid = [(run, tally) for run, tally in zip(work.runs, tallies, strict=True) if tally.days]
    rates = {id(run): _rate(loan, run.policy) for run, _ in paid}
    ref = paid[-1][0].policy if paid else work.policies[-1]
    ref_rate = rates[id(paid[-1][0])] if paid else _rate(loan, ref)
    return tallies, paid, rates, ref, ref_rate


def _statement(work: _Work) -> SubsidyStatement:
    """The statement of a computed period. Call it inside ``compute()``."""
    loan = work.loan
    tallies, paid, rates, ref, ref_rate = _summed(work)
    principal_days = sum((t.principal_days for t in tallies), ZERO)
    if paid:
        common = math.lcm(*(run.policy.day_count_basis for run, _ in paid))
        numerator = sum(
            (t.principal_days * rates[id(run)].rate * run.policy.need("subsidy_share")
             * (common // run.policy.day_count_basis) for run, t in paid), ZERO)
        amount = to_fen(numerator / common)
    else:
        amount = to_fen(ZERO)
    period = _period_name(work.year, work.month)
    statement: SubsidyStatement = object.__new__(SubsidyStatement)  # library-made: no converters
    _SET(statement, "loan_id", loan.id)
    _SET(statement, "year", work.year)
    _SET(statement, "month", work.month)
    _SET(statement, "days", sum(t.days for t in tallies))
    _SET(statement, "principal_days", principal_days)
    _SET(statement, "rate", ref_rate.rate)
    _SET(statement, "amount", amount)
    _SET(statement, "policy_id", ref.id)
    _SET(statement, "policy_ids", tuple(dict.fromkeys(p.id for p in work.policies)))
    # the findings (all notes) are worded when first read; most callers read only the amount
    _FINDINGS.__set__(statement, Later(lambda: _worded(work, tallies, rates, ref, period)))
    return statement


_SET = object.__setattr__
_FINDINGS = computed_later(SubsidyStatement, "findings")
_SET_FINDINGS = _FINDINGS.__set__


def _worded(work: _Work, tallies: list[_Tally], rates: dict[int, _Rate], ref: Policy,
            period: str) -> tuple[Reason, ...]:
    with compute():
        return _findings(work, tallies, rates, ref, period)


# --------------------------------------------------------------------------------------------
# the fast path: one policy, a natural person (issue 11)


def _fast(loan: Loan, year: int, month: int | None, lo: _dt.date, hi: _dt.date,
          schedule: Policy | PolicySchedule, cycle: SubsidyCycle | None,
          terms: fast.Terms | None = None) -> SubsidyStatement | None:
    """The statement of ``_statement(_work(...))`` where one policy governs a natural person's
    loan over the whole period (:mod:`poverty_credit._subsidy_fast`), without runs, pieces or
    tallies; its findings are the general path's, computed when first read. ``None`` where it
    does not apply or anything fails: the general path then computes (or refuses) the period.

    It makes the general path's checks of the period: the lender under a schedule's policy, and,
    with ``cycle``, the policy's cycle on an open day (``_check_lenders``, ``_check_cycle``).
    ``terms`` are those of ``schedule`` when it is a plain policy (a settlement looks them up
    once); else they are looked up here."""
    if isinstance(loan.borrower, LegalEntity):
        return None
    start = loan.start_date
    first = lo if lo > start else start
    try:
        if terms is not None and isinstance(schedule, Policy):
            policy = schedule
        else:
            found = fast.one_policy(loan, first, hi, schedule)
            if found is None:
                return None
            policy, terms = found, fast.terms_of(found)
            if terms is None:
                return None
            if schedule is not policy:
                policy.require_lender(loan.lender)
        days, principal_days = terms.figures(loan, first, hi) if first < hi else (0, ZERO)
        if days and cycle is not None and terms.cycle is not cycle:
            return None  # an open day under the other cycle: refused
        rate = terms.rate(loan, policy)
        amount = terms.amount(principal_days, rate) if days else _NO_AMOUNT
    except (PovertyCreditError, ArithmeticError):
        return None  # the general path raises it, in its own order
    statement: SubsidyStatement = _NEW(SubsidyStatement)  # library-made: no converters
    _LOAN_ID(statement, loan.id)
    _YEAR(statement, year)
    _MONTH(statement, month)
    _DAYS(statement, days)
    _PRINCIPAL_DAYS(statement, principal_days)  # ZERO + whole fen: the same
    _RATE(statement, rate)
    _AMOUNT(statement, amount)
    _POLICY_ID(statement, terms.id)
    _POLICY_IDS(statement, terms.ids)
    _SET_FINDINGS(statement, Later(_WORDS(_found, loan, year, month, lo, hi, schedule)))
    return statement


_NEW = object.__new__
_WORDS = functools.partial
_ADD = _CONTEXT.add
_NO_AMOUNT = to_fen(ZERO)
(_LOAN_ID, _YEAR, _MONTH, _DAYS, _PRINCIPAL_DAYS, _RATE, _AMOUNT, _POLICY_ID, _POLICY_IDS) = (
    SubsidyStatement.__dict__[name].__set__ for name in (
        "loan_id", "year", "month", "days", "principal_days", "rate", "amount", "policy_id",
        "policy_ids"))


def _found(loan: Loan, year: int, month: int | None, lo: _dt.date, hi: _dt.date,
           schedule: Policy | PolicySchedule) -> tuple[Reason, ...]:
    """The findings of a fast statement, when first read: the general path's, of its period."""
    with compute():
        work = _work(loan, year, month, lo, hi, schedule)
        tallies, _, rates, ref, _ = _summed(work)
        return _findings(work, tallies, rates, ref, _period_name(year, month))


# --------------------------------------------------------------------------------------------
# findings: every literal article and quotation comes from the policy's citations


def _quoted(cited: Cited) -> str:
    """The words the rule quotes, else the article (or the document) it applies."""
    return cited.quote or cited.ref_en


def _cite_exact(policy: Policy, code: ReasonCode, variant: str) -> Cited:
    """The citation of ``"CODE:variant"`` only (no fallback to ``"CODE"``): for a rule the
    seed's article does not make (a flat rate, a subsidised cap apart from the loan cap)."""
    return Cited(policy.citations.get(f"{code.value}:{variant}"), policy.document)


def _findings(work: _Work, tallies: list[_Tally], rates: dict[int, _Rate], ref: Policy,
              period: str) -> tuple[Reason, ...]:
    """The informational findings of a statement, in a fixed order: before start, from maturity,
    repaid, principal capped, rate capped (part B, per run); then days limit, household cap,
    share, the runs' policies, and an unconfirmed rate last (part D)."""
    loan = work.loan
    found: list[Reason] = []

    def note(code: ReasonCode, cited: Cited, en: str, zh: str) -> None:
        reason = finding(code, cited, True, en, zh)
        if reason not in found:
            found.append(reason)

    start = loan.start_date.isoformat()
    runs = list(zip(work.runs, tallies, strict=True))
    if work.before_start:
        first = work.policies[0]
        note(R.SUBSIDY_BEFORE_START, first.cite(R.SUBSIDY_BEFORE_START),
             f"{work.before_start} days of {period} before the loan date {start} are not "
             "subsidised (the subsidy runs from the day the loan is made)",
             f"{_zh(period)}中贷款发放日{start}之前的{work.before_start}天不予贴息")
    for run, tally in runs:
        if tally.from_maturity:
            cited = run.policy.cite(R.SUBSIDY_FROM_MATURITY)
            note(R.SUBSIDY_FROM_MATURITY, cited,
                 *_from_maturity_text(loan, tally.from_maturity, period, run.policy, cited))
    for run, tally in runs:
        if tally.repaid:
            repaid = loan.repaid_in_full_on
            when = f" (repaid in full on {repaid.isoformat()})" if repaid else ""
            when_zh = f"（已于{repaid.isoformat()}全部还清）" if repaid else ""
            note(R.SUBSIDY_REPAID, run.policy.cite(R.SUBSIDY_REPAID),
                 f"{tally.repaid} days of {period} without outstanding principal{when} are not "
                 "subsidised (a repayment day accrues on the balance after the repayment, "
                 "算头不算尾)",
                 f"{_zh(period)}中无贷款余额的{tally.repaid}天{when_zh}不予贴息（算头不算尾）")
    for run, tally in runs:
        if tally.capped_days:
            note(R.SUBSIDY_PRINCIPAL_CAPPED, run.policy.cite(R.SUBSIDY_PRINCIPAL_CAPPED),
                 *_capped_text(loan, tally, period, run.policy))
    for run, tally in runs:
        if tally.days:
            _rate_note(note, loan, rates[id(run)], run.policy)
    for run, tally in runs:
        if tally.beyond_limit:
            note(R.SUBSIDY_DAYS_LIMIT, run.policy.cite(R.SUBSIDY_DAYS_LIMIT),
                 *_days_limit_text(loan, tally.beyond_limit, period, run.policy))
    for run, tally in runs:
        if tally.household_days:
            note(R.SUBSIDY_HOUSEHOLD_CAPPED, run.policy.cite(R.SUBSIDY_HOUSEHOLD_CAPPED),
                 *_household_text(loan, tally, period, run.policy))
    for run, tally in runs:
        share: Decimal = run.policy.need("subsidy_share") if tally.days else Decimal(1)
        if share != 1:
            cited = run.policy.cite(R.SUBSIDY_SHARE)
            basis = run.policy.day_count_basis
            note(R.SUBSIDY_SHARE, cited,
                 f"the budget pays {_percent(share)} of the interest at the subsidy rate "
                 f"(subsidy_share {share}; {cited.en()}): principal-days × rate × {share} ÷ "
                 f"{basis}, rounded once",
                 f"按贴息率计算的利息的{_percent(share)}贴息（{cited.zh()}）：积数×贴息率×{share}"
                 f"÷{basis}，统一四舍五入")
    if len(runs) > 1:
        note(R.SUBSIDY_POLICIES, ref.cite(R.SUBSIDY_POLICIES),
             *_policies_text(runs, rates, period))
    for run, tally in runs:
        quote = rates[id(run)].quote if tally.days else None
        late = unconfirmed_note(quote, run.policy) if quote is not None else None
        if late is not None and late not in found:
            found.append(late)
    return tuple(found)


def _from_maturity_text(loan: Loan, days: int, period: str, policy: Policy,
                        cited: Cited) -> tuple[str, str]:
    end = _subsidy_end(loan, policy).isoformat()
    if loan.extended_to is None:
        why = f"the loan was not repaid on time ({_quoted(cited)})"
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
        if cited.citation is not None:
            why += (f"; interpretation: {cited.ref_en} is written for natural-person clients, "
                    "the library applies it to legal-entity loans too")
            why_zh += f"；解释：{cited.ref_zh}针对自然人客户，本库同样适用于法人客户"
        else:
            why += "; interpretation: the library applies this rule to legal-entity loans too"
            why_zh += "；解释：本库对法人客户同样适用此规则"
    return (f"{days} days of {period} from {end} on, with principal still outstanding, are not "
            f"subsidised: {why}",
            f"{_zh(period)}中自{end}起仍有余额的{days}天不予贴息：{why_zh}")


def _capped_text(loan: Loan, tally: _Tally, period: str, policy: Policy) -> tuple[str, str]:
    low, high = min(tally.caps), max(tally.caps)
    caps = f"{low}" if low == high else f"{low} to {high}"
    caps_zh = f"{low}元" if low == high else f"{low}元至{high}元"
    own_cap = policy.max_subsidised_principal is None  # the loan cap is the subsidised cap
    if loan.is_natural_person and own_cap:
        limit = policy.cite(R.SUBSIDY_PRINCIPAL_CAPPED, "limit")
        # the name the document gives its loan policy ("5321"), read exactly: no fallback
        scheme = _cite_exact(policy, R.SUBSIDY_PRINCIPAL_CAPPED, "scheme").quote
        what = (f"the {scheme + ' ' if scheme else ''}limit of {caps} per household "
                f"({limit.en()}; the part above it is not subsidised)")
        what_zh = f"{scheme + '政策' if scheme else ''}上限{caps_zh}（超出部分不予贴息）"
    elif loan.is_natural_person:
        limit = _cite_exact(policy, R.SUBSIDY_PRINCIPAL_CAPPED, "subsidised")
        what = (f"the subsidised cap of {caps} (max_subsidised_principal; {limit.en()}; the part "
                "above it is not subsidised)")
        what_zh = f"贴息本金上限{caps_zh}（{limit.zh()}，超出部分不予贴息）"
    else:
        name = "max_loan_amount" if own_cap else "max_subsidised_principal"
        entity = policy.cite(R.SUBSIDY_PRINCIPAL_CAPPED, "entity")
        what = (f"the entity credit limit of {caps} ({name} {policy.subsidised_cap} × "
                f"counted households driven, {_quoted(entity)})")
        what_zh = f"按带动脱贫农户授信额度{caps_zh}"
    return (f"on {tally.capped_days} days of {period} the outstanding principal was above {what}: "
            f"{tally.capped_excess} principal-days above it are not subsidised",
            f"{_zh(period)}中有{tally.capped_days}天贷款余额超过{what_zh}，超出的积数{tally.capped_excess}"
            "不予贴息")


def _rate_note(note: _Note, loan: Loan, rate: _Rate, policy: Policy) -> None:
    """``SUBSIDY_RATE_CAPPED`` when the subsidy rate is below the loan's own rate (benchmark or
    flat), or when a flat rate above the loan's rate is cut to it."""
    start = loan.start_date.isoformat()
    own = loan.annual_rate
    if rate.flat is None:
        if rate.rate < own:
            assert rate.quote is not None
            benchmark, term = rate.quote.rate, rate.term
            cited = policy.cite(R.SUBSIDY_RATE_CAPPED)
            note(R.SUBSIDY_RATE_CAPPED, cited,
                 f"the loan's rate {_percent(own)} is above the benchmark lending rate "
                 f"{_percent(benchmark)} in force on {start} for a {term}-month term: the subsidy "
                 f"rate is {_percent(rate.rate)} ({_quoted(cited)})",
                 f"贷款利率{_percent(own)}高于{start}适用于{term}个月期限的基准利率"
                 f"{_percent(benchmark)}，按基准利率{_percent(rate.rate)}贴息")
        return
    cited = _cite_exact(policy, R.SUBSIDY_RATE_CAPPED, "flat")
    flat = rate.flat
    if flat < own:
        note(R.SUBSIDY_RATE_CAPPED, cited,
             f"the loan's rate {_percent(own)} is above the flat subsidy rate {_percent(flat)} "
             f"(subsidy_flat_rate; {cited.en()}): the subsidy rate is {_percent(rate.rate)}",
             f"贷款利率{_percent(own)}高于固定贴息率{_percent(flat)}（{cited.zh()}），"
             f"按{_percent(rate.rate)}贴息")
    elif flat > own:
        note(R.SUBSIDY_RATE_CAPPED, cited,
             f"the flat subsidy rate {_percent(flat)} (subsidy_flat_rate; {cited.en()}) is above "
             f"the loan's own rate {_percent(own)}: the subsidy rate is {_percent(rate.rate)} "
             "(a subsidy never exceeds the interest the loan accrues)",
             f"固定贴息率{_percent(flat)}（{cited.zh()}）高于贷款利率{_percent(own)}，"
             f"按贷款利率{_percent(rate.rate)}贴息（贴息不超过贷款应计利息）")


def _days_limit_text(loan: Loan, days: int, period: str, policy: Policy) -> tuple[str, str]:
    cited = policy.cite(R.SUBSIDY_DAYS_LIMIT)
    limit = policy.subsidy_max_days
    first = _days_limit_end(loan, policy)
    assert limit is not None
    assert first is not None
    start, since = loan.start_date.isoformat(), first.isoformat()
    return (f"{days} days of {period} from {since} on, with principal still outstanding, are "
            f"beyond the {limit} days of subsidy a loan gets from its loan date {start} "
            f"(subsidy_max_days {limit}; {cited.en()}): not subsidised",
            f"{_zh(period)}中自{since}起仍有余额的{days}天超出自贷款发放日{start}起最多{limit}天的"
            f"贴息期限（{cited.zh()}），不予贴息")


def _household_text(loan: Loan, tally: _Tally, period: str, policy: Policy) -> tuple[str, str]:
    cited = policy.cite(R.SUBSIDY_HOUSEHOLD_CAPPED)
    low, high = min(tally.household_caps), max(tally.household_caps)
    caps = f"{low}" if low == high else f"{low} to {high}"
    others = ", ".join(tally.takers)
    assert isinstance(loan.borrower, NaturalPerson)
    household = loan.borrower.household
    return (f"on {tally.household_days} days of {period} the household {household}'s earlier "
            f"loans ({others}) already took up the subsidised principal of {caps} per household "
            f"(caps_per_household; {cited.en()}): {tally.household_excess} principal-days of this "
            "loan are not subsidised",
            f"{_zh(period)}中有{tally.household_days}天，同户（{household}）在先贷款（{'、'.join(tally.takers)}）"
            f"已占用每户贴息本金上限{caps}元（{cited.zh()}），本笔贷款超出的积数"
            f"{tally.household_excess}不予贴息")


def _policies_text(runs: list[tuple[_Run, _Tally]], rates: dict[int, _Rate],
                   period: str) -> tuple[str, str]:
    parts, parts_zh = [], []
    for run, tally in runs:
        first, last = run.a.isoformat(), (run.b - _ONE_DAY).isoformat()
        doc = run.policy.document
        what = f"{first} to {last} under {run.policy.id} ({doc.ref_en}): {tally.days} days"
        what_zh = f"{first}至{last}按{run.policy.id}（{doc.ref_zh}）：{tally.days}天"
        if tally.days:
            share = run.policy.need("subsidy_share")
            rate = _percent(rates[id(run)].rate)
            what += f", {tally.principal_days} principal-days at {rate} × {share}"
            what_zh += f"，积数{tally.principal_days}，贴息率{rate}×{share}"
        parts.append(what)
        parts_zh.append(what_zh)
    return (f"{period} is computed in {len(runs)} runs, one policy each: {'; '.join(parts)}; the "
            "runs' interest is summed unrounded and rounded once",
            f"{_zh(period)}分{len(runs)}段按各自政策计算：{'；'.join(parts_zh)}；各段利息合计后统一四舍五入")


# --------------------------------------------------------------------------------------------
# the public functions


def monthly_subsidy(loan: Loan, year: int, month: int,
                    policy: Policy | PolicySchedule = DEFAULT_POLICY) -> SubsidyStatement:
    """The interest subsidy of ``loan`` for one calendar month (Art. 27), paid to its lender.

    ``policy.subsidy_cycle`` is not consulted: this is always one month's statement (a yearly
    policy's months are what :func:`settle_year` adds up, each rounded on its own here). The
    household allotment of ``caps_per_household`` needs the household's other loans: it is made by
    :func:`settle_month` and :func:`settle_year`, not here.

    Args:
        loan: the loan; its lender must be a key of ``policy.fund_allocations``.
        year: the calendar year (1900–2200).
        month: the calendar month, 1–12.
        policy: the parameters (``max_loan_amount`` / ``max_subsidised_principal``,
            ``day_count_basis``, ``subsidise_extensions``, ``benchmark``, ``subsidy_rate``,
            ``subsidy_share``, ``subsidy_max_days``), or a :class:`~poverty_credit.PolicySchedule`:
            each day is then governed by ``for_contract(loan.start_date, day)``.

    Returns:
        The statement; a month outside the subsidised period gives ``days=0, amount=0.00`` with
        findings saying why.

    Raises:
        InvalidInputError: a bad loan, year, month or policy, a lender unknown to the policy, or
            a parameter the policy leaves unset.
        RateNotFound: no benchmark rate is known on the loan's start date.

    >>> import datetime as dt
    >>> from poverty_credit import NaturalPerson, Loan, Repayment
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
    >>> loan = Loan(id="L-2", borrower=p, lender="postal_savings", principal="60000",
    ...             start_date=dt.date(2016, 4, 11), maturity_date=dt.date(2018, 4, 11),
    ...             annual_rate="0.0475")
    >>> s = monthly_subsidy(loan, 2016, 4)   # 20 days × min(60000, 50000) × 4.75 % / 360
    >>> s.days, s.principal_days, s.amount, s.policy_id
    (20, Decimal('1000000.00'), Decimal('131.94'), 'x-county-measures')
    >>> [r.code.value for r in s.findings]
    ['SUBSIDY_BEFORE_START', 'SUBSIDY_PRINCIPAL_CAPPED']
    """
    loan = require_loan(loan)
    schedule = require_schedule(policy)
    if isinstance(schedule, Policy):
        schedule.require_lender(loan.lender, "loan.lender")
    lo, hi = _month_window(year, month)
    statement = _fast(loan, year, month, lo, hi, schedule, None)
    if statement is not None:
        return statement
    with compute():
        work = _work(loan, year, month, lo, hi, schedule)
        if not isinstance(schedule, Policy):
            _check_lenders(work, "loan.lender")
        return _statement(work)


def _periods(first: _dt.date, last: _dt.date,
             cycle: SubsidyCycle) -> Iterator[tuple[int, int | None, _dt.date, _dt.date]]:
    """The calendar months (or years) from ``first``'s to ``last``'s, with their windows."""
    if cycle is SubsidyCycle.YEAR:
        for year in range(first.year, last.year + 1):
            yield (year, None, *_year_window(year))
        return
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield (year, month, *_month_window(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def subsidy_schedule(loan: Loan, policy: Policy | PolicySchedule = DEFAULT_POLICY
                     ) -> tuple[SubsidyStatement, ...]:
    """One statement per calendar month (per calendar year under ``subsidy_cycle = "year"``),
    from the start's period to the period of the last subsidised day (Art. 27).

    A loan without any subsidised day (repaid on its start day, or an entity that drives no
    counted household) gives ``()``: there is nothing to settle (:func:`monthly_subsidy` of its
    start month says why). The days of the schedule add up to the subsidised days of the loan's
    life. The cycle is the one of the policy governing the loan on its start date; a schedule
    that later governs the loan under the other cycle is refused (settle those periods with
    :func:`settle_month` and :func:`settle_year`).

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
        InvalidInputError: a bad loan or policy, a lender unknown to the policy, a parameter the
            policy leaves unset, or a change of cycle during the loan's life.
        RateNotFound: no benchmark rate is known on the loan's start date.
    """
    loan = require_loan(loan)
    schedule = require_schedule(policy)
    if isinstance(schedule, Policy):
        schedule.require_lender(loan.lender, "loan.lender")
    start = loan.start_date
    cycle: SubsidyCycle = policy_for_contract(schedule, start, start).need("subsidy_cycle")
    latest = max(loan.maturity_date, loan.extended_to or loan.maturity_date)
    with compute():
        whole = _work(loan, start.year, None, start, latest, schedule)
        ends = [t.last_day for t in map(_tally, whole.runs) if t.last_day is not None]
    if not ends:  # no subsidised day: no statement (SPEC part B)
        return ()
    last = max(ends)
    statements = []
    for year, month, lo, hi in _periods(start, last, cycle):
        with compute():
            work = _work(loan, year, month, lo, hi, schedule)
            _check_lenders(work, "loan.lender")
            _check_cycle(work, cycle, "policy.subsidy_cycle")
            statements.append(_statement(work))
    return tuple(statements)


def _lenders(schedule: Policy | PolicySchedule, hi: _dt.date) -> dict[str, Decimal]:
    """Every lender of the policies that may govern a day before ``hi``, at 0.00."""
    if isinstance(schedule, Policy):
        return dict.fromkeys(schedule.need("fund_allocations"), ZERO)
    candidates = [p for p in schedule if p.effective_from is None or p.effective_from < hi]
    totals: dict[str, Decimal] = {}
    for p in candidates:
        totals.update(dict.fromkeys(p.fund_allocations or {}, ZERO))
    if not totals:
        (candidates or [schedule.policies[0]])[-1].need("fund_allocations")
    return totals


def _settle(loans: Iterable[Loan], year: int, month: int | None,
            policy: Policy | PolicySchedule, cycle: SubsidyCycle) -> Settlement:
    schedule = require_schedule(policy)
    if isinstance(schedule, Policy):
        _require_cycle(schedule, cycle)
    lo, hi = _month_window(year, month) if month is not None else _year_window(year)
    if isinstance(loans, (str, bytes)) or not isinstance(loans, Iterable):
        raise InvalidInputError.single(
            "loans", f"must be a collection of Loan (got {describe(loans)})")
    totals = _lenders(schedule, hi)
    with fast.collector_paused():
        kept, done = _computed(loans, year, month, lo, hi, schedule, cycle)
        if not all(p.caps_per_household is False for p in _policies(schedule)):
            _share_households(kept, done, lo, hi, schedule)
        with compute():
            _allot([w for w in done if type(w) is _Work])
        return _settled(kept, done, year, month, totals)


def _computed(loans: Iterable[Loan], year: int, month: int | None, lo: _dt.date, hi: _dt.date,
              schedule: Policy | PolicySchedule, cycle: SubsidyCycle
              ) -> tuple[list[Loan], list[SubsidyStatement | _Work]]:
    """The checked loans, and each one's statement where the fast path computes it, else its
    work (the general path: its statement follows the household allotment)."""
    plain = isinstance(schedule, Policy)
    lenders = schedule.need("fund_allocations") if isinstance(schedule, Policy) else {}
    terms = fast.terms_of(schedule) if isinstance(schedule, Policy) else None
    kept: list[Loan] = []
    done: list[SubsidyStatement | _Work] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(loans):
        loan = item if type(item) is Loan else require_loan(item, f"loans[{i}]")
        if plain and (type(loan.lender) is not str or loan.lender not in lenders):
            assert isinstance(schedule, Policy)
            schedule.require_lender(loan.lender, f"loans[{i}].lender")
        if loan.id in seen:
            raise InvalidInputError.single(
                f"loans[{i}].id", f"duplicates the id of loans[{seen[loan.id]}] (got "
                f"{loan.id!r}); each loan is settled once")
        seen[loan.id] = i
        kept.append(loan)
        statement = _fast(loan, year, month, lo, hi, schedule, cycle, terms)
        if statement is not None:
            done.append(statement)
            continue
        with compute():
            work = _work(loan, year, month, lo, hi, schedule)
        if not plain:
            _check_lenders(work, f"loans[{i}].lender")
        _check_cycle(work, cycle, f"loans[{i}]")
        done.append(work)
    return kept, done


def _policies(schedule: Policy | PolicySchedule) -> Iterable[Policy]:
    return (schedule,) if isinstance(schedule, Policy) else schedule


def _share_households(kept: list[Loan], done: list[SubsidyStatement | _Work], lo: _dt.date,
                      hi: _dt.date, schedule: Policy | PolicySchedule) -> None:
    """Give every loan of a household of several natural-person loans its work (the general
    path), for the household allotment: the fast path does not allot. Its checks are made."""
    households: dict[str, list[int]] = {}
    for i, loan in enumerate(kept):
        if isinstance(loan.borrower, NaturalPerson):
            households.setdefault(loan.borrower.household, []).append(i)
    for group in households.values():
        for i in group if len(group) > 1 else ():
            statement = done[i]
            if type(statement) is SubsidyStatement:
                with compute():
                    done[i] = _work(kept[i], statement.year, statement.month, lo, hi, schedule)


def _settled(kept: list[Loan], done: list[SubsidyStatement | _Work], year: int,
             month: int | None, totals: dict[str, Decimal]) -> Settlement:
    """The settlement of the loans' statements (computed here from the works), in input order."""
    statements: list[SubsidyStatement] = []
    skipped: list[SkippedLoan] = []
    total = ZERO
    for loan, item in zip(kept, done, strict=True):
        if isinstance(item, _Work):
            with compute():
                statement = _statement(item)
        else:
            statement = item
        if statement.days == 0:
            skipped.append(_skip(statement, loan.lender))
            continue
        statements.append(statement)
        totals[loan.lender] = _ADD(totals.get(loan.lender, ZERO), statement.amount)
        total = _ADD(total, statement.amount)
    return Settlement(year=year, month=month, statements=statements, totals=totals,
                      skipped=skipped, total=total)


def _skip(statement: SubsidyStatement, lender: str) -> SkippedLoan:
    """The skipped loan of a statement without a subsidised day; its findings (the statement's)
    and its reason (made of them) are worded when first read."""
    found = _FINDINGS.__get__(statement, SubsidyStatement).make  # the statement's, unread
    skipped: SkippedLoan = _NEW(SkippedLoan)  # library-made: no converters
    _SET(skipped, "loan_id", statement.loan_id)
    _SET(skipped, "lender", lender)
    _SKIP_REASON.__set__(skipped, Later(_Reason(found)))
    _SKIP_FINDINGS.__set__(skipped, Later(found))
    _SET(skipped, "policy_id", statement.policy_id)
    return skipped


class _Reason:
    """A skipped loan's reason, when first read: its findings' messages."""

    __slots__ = ("found",)

    def __init__(self, found: Callable[[], tuple[Reason, ...]]) -> None:
        self.found = found

    def __call__(self) -> str:
        reason = "; ".join(r.message for r in self.found())
        return f"not in the subsidised period: {reason}"


_SKIP_REASON = computed_later(SkippedLoan, "reason")
_SKIP_FINDINGS = computed_later(SkippedLoan, "findings")


def settle_month(loans: Iterable[Loan], year: int, month: int,
                 policy: Policy | PolicySchedule = DEFAULT_POLICY) -> Settlement:
    """Settle one month's subsidy over many loans (Art. 27 一月一结算), totalled per lender.

    Loans with no subsidised day in the month are listed in ``skipped`` with the reason. The
    grand total is the sum of the statements' amounts, each rounded once. Under
    ``caps_per_household`` (SPEC D5) a household's natural-person loans share the subsidised cap
    day by day: in order of start date, then loan id, each loan gets at most what the earlier ones
    left of it (``SUBSIDY_HOUSEHOLD_CAPPED`` names them).

    The statements' findings, and the skipped loans' reasons and findings, are worded when first
    read. While the settlement is built (``loans`` iterated included) Python's cyclic garbage
    collector is paused, and switched back on afterwards if it was on (``docs/performance.md``).

    Raises:
        InvalidInputError: ``loans`` is not a collection of loans (paths ``loans[i]``), two loans
            share an id (``loans[i].id``), a lender is unknown, the year or month is bad, a
            parameter the policy needs is unset, or the policy settles once a year
            (``subsidy_cycle = "year"``: use :func:`settle_year`).
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
    return _settle(loans, year, month, policy, SubsidyCycle.MONTH)


def settle_year(loans: Iterable[Loan], year: int,
                policy: Policy | PolicySchedule = DEFAULT_POLICY) -> Settlement:
    """Settle one calendar year's subsidy over many loans, for a policy that settles once a year
    (``subsidy_cycle = "year"``, 通许): one statement per loan for the whole year, rounded once.

    The yearly counterpart of :func:`settle_month` (statements and the settlement have
    ``month=None``); the household allotment, the wording when read and the paused collector
    work the same way.

    Raises:
        InvalidInputError: as :func:`settle_month`, and a policy that settles once a month
            (``subsidy_cycle = "month"``: use :func:`settle_month`).
        RateNotFound: no benchmark rate is known on some loan's start date.

    >>> import datetime as dt
    >>> from poverty_credit import DEFAULT_POLICY, NaturalPerson, Loan
    >>> yearly = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year")
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
    >>> a = Loan(id="A", borrower=p, lender="credit_union", principal="50000",
    ...          start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
    ...          annual_rate="0.0435")
    >>> s = settle_year([a], 2016, yearly)   # 306 days (1 Mar – 31 Dec) × 50 000 × 4.35 % / 360
    >>> s.period, s.statements[0].days, s.total
    ('2016', 306, Decimal('1848.75'))
    """
    return _settle(loans, year, None, policy, SubsidyCycle.YEAR)
