"""The subsidy's figures where one policy governs a natural person's loan over a whole period.

:mod:`poverty_credit.subsidy` computes a period in *runs* (one policy each) of *pieces* (constant
principal, entity limit and kind), tallied into a statement. Where one policy governs the period
and the borrower is a natural person — a plain :class:`~poverty_credit.Policy`, or a schedule
whose policy does not change for the loan inside the period — there is one run, its open pieces
are cut by the repayment days alone, and the statement's figures follow from a walk over the
repayments: no runs, pieces or tallies are built. This module is that walk (issue 11).

Every sum is the general path's sum: the same :class:`~decimal.Decimal` operations in the same
order, in the private 50-digit context (its own methods, nothing entered), so the figures are
the same to the last digit and exponent — but for the general path's ``ZERO + x`` and
``x - ZERO`` of whole fen, which change nothing: every amount of a loan, a repayment and a
policy has exactly two decimals (``parse_amount`` quantizes to the fen), and so has the product
of one with a day count. It computes figures only; the statement's findings are the general
path's, worded when first read (:mod:`poverty_credit.subsidy`). Anything this walk cannot see
through — a change of policy inside the period, a legal entity, a parameter the policy leaves
unset — is left to the general path, and so is any error: the caller falls back to the general
path, which raises it in its own order.

:func:`collector_paused` is what a settlement of many loans runs in.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from poverty_credit._money import _CONTEXT, ZERO, to_fen
from poverty_credit.errors import PovertyCreditError
from poverty_credit.models import Loan
from poverty_credit.periods import term_months
from poverty_credit.policy import Policy, SubsidyCycle, SubsidyRate, policy_memo
from poverty_credit.rates import RateQuote, policy_benchmark_quote
from poverty_credit.schedule import PolicySchedule

__all__ = ["Terms", "benchmark_for", "collector_paused", "one_policy", "terms_of"]

_ADD, _SUB, _MUL, _DIV = _CONTEXT.add, _CONTEXT.subtract, _CONTEXT.multiply, _CONTEXT.divide

_BY_DATES = object()  # the policy memo key of the quotes by (start date, maturity date)
_KEPT = 65536  # quotes kept per policy: every (start, maturity) of a long book
_Quotes = dict[tuple[_dt.date, _dt.date], tuple[RateQuote, int]]


def _quotes(policy: Policy) -> _Quotes:
    memo = policy_memo(policy)
    quotes: _Quotes | None = memo.get(_BY_DATES)
    if quotes is None:
        quotes = memo[_BY_DATES] = {}
    return quotes


def benchmark_for(start: _dt.date, maturity: _dt.date, policy: Policy,
                  quotes: _Quotes | None = None) -> tuple[RateQuote, int]:
    """The benchmark lending rate on the start date for the original term, and that term
    (SPEC part A's term band), memoised per policy object on (start, maturity) — what a quote
    depends on (the day, the term, the policy's table and its unconfirmed-rates setting) is
    fixed for one policy object. A refused or missing rate is not kept."""
    if quotes is None:
        quotes = _quotes(policy)
    found = quotes.get((start, maturity))
    if found is None:
        term = term_months(start, maturity)
        found = (policy_benchmark_quote(start, term, policy), term)
        if len(quotes) >= _KEPT:
            quotes.clear()
        quotes[start, maturity] = found
    return found


class Terms:
    """What the subsidy reads of one policy, read once: the general path reads the same
    parameters (``need``) for every loan. A policy that leaves one of them unset has no terms
    (:func:`terms_of` gives ``None``): the general path refuses it where it needs the value."""

    __slots__ = ("basis", "cap", "cycle", "extend", "flat", "id", "ids", "max_days", "quotes",
                 "share")

    def __init__(self, policy: Policy) -> None:
        # kept in the policy's memo: holds no reference to the policy (the memo dies with it)
        self.id = policy.id
        self.ids = (policy.id,)
        self.extend = bool(policy.need("subsidise_extensions"))
        days = policy.subsidy_max_days
        self.max_days = None if days is None else _dt.timedelta(days=days)
        self.cap: Decimal = policy.subsidised_cap
        rate: SubsidyRate = policy.need("subsidy_rate")
        self.flat: Decimal | None = (policy.need("subsidy_flat_rate")
                                     if rate is SubsidyRate.FLAT else None)
        self.quotes = _quotes(policy)
        self.share: Decimal = policy.need("subsidy_share")
        self.basis = policy.day_count_basis
        self.cycle: SubsidyCycle = policy.need("subsidy_cycle")

    def rate(self, loan: Loan, policy: Policy) -> Decimal:
        """The subsidy rate of ``loan`` under ``policy`` (these terms' policy): ``min(loan
        rate, benchmark or flat rate)``."""
        if self.flat is not None:
            return min(loan.annual_rate, self.flat)
        found = self.quotes.get((loan.start_date, loan.maturity_date))
        if found is None:
            found = benchmark_for(loan.start_date, loan.maturity_date, policy, self.quotes)
        return min(loan.annual_rate, found[0].rate)

    def figures(self, loan: Loan, lo: _dt.date, hi: _dt.date) -> tuple[int, Decimal]:
        """``(days, principal-days)`` of ``[lo, hi)`` (``start_date <= lo < hi``) of a natural
        person's loan: the subsidised days and the sum of the subsidised principal over them —
        the general path's one run, tallied. The days are those open to the subsidy (principal
        outstanding, before the subsidy's end and the days limit): the outstanding principal
        and the cap are above zero (a policy's caps are), so every open day is subsidised.

        The open days are ``[lo, upper)`` with principal outstanding, ``upper`` the first of
        ``hi``, the subsidy's end (the original maturity, or the extension's under
        ``subsidise_extensions``) and the days limit; the repayment days inside cut them into
        stretches of constant principal, each adding ``min(outstanding, cap) × days``.
        """
        extended = loan.extended_to
        end = extended if self.extend and extended is not None else loan.maturity_date
        upper = hi if hi < end else end
        if self.max_days is not None and loan.start_date + self.max_days < upper:
            upper = loan.start_date + self.max_days
        if upper <= lo:
            return 0, ZERO
        repayments = loan.repayments
        if not repayments:  # one stretch: the whole principal outstanding
            n = (upper - lo).days
            return n, _MUL(min(loan.principal, self.cap), n)
        count = len(repayments)
        k = 0
        outstanding = loan.principal
        if repayments[0].on <= lo:  # deducted by the end of lo: principal - (r1 + r2 + ...)
            repaid = repayments[0].principal
            k = 1
            while k < count and repayments[k].on <= lo:
                repaid = _ADD(repaid, repayments[k].principal)
                k += 1
            outstanding = _SUB(outstanding, repaid)
        days = 0
        principal_days = ZERO
        cap = self.cap
        a = lo
        while True:
            last = k == count or repayments[k].on >= upper
            b = upper if last else repayments[k].on
            if outstanding != 0:
                n = (b - a).days
                days += n
                principal_days = _ADD(principal_days, _MUL(min(outstanding, cap), n))
            if last:
                return days, principal_days
            while k < count and repayments[k].on <= b:
                outstanding = _SUB(outstanding, repayments[k].principal)
                k += 1
            a = b

    def amount(self, principal_days: Decimal, rate: Decimal) -> Decimal:
        """``to_fen(principal-days × rate × share ÷ basis)``: the general path's one run (its
        ``× (common // basis)`` is ``× 1``, which changes no Decimal of the context)."""
        numerator = _ADD(ZERO, _MUL(_MUL(principal_days, rate), self.share))
        return to_fen(_DIV(numerator, self.basis))


_TERMS = object()  # the policy memo key of its terms


def terms_of(policy: Policy) -> Terms | None:
    """The terms of ``policy``, memoised per policy object; ``None`` if it leaves one unset."""
    memo: dict[Any, Any] = policy_memo(policy)
    try:
        return memo[_TERMS]  # type: ignore[no-any-return]
    except KeyError:
        pass
    try:
        found: Terms | None = Terms(policy)
    except PovertyCreditError:
        found = None
    memo[_TERMS] = found
    return found


def one_policy(loan: Loan, lo: _dt.date, hi: _dt.date,
               schedule: Policy | PolicySchedule) -> Policy | None:
    """The one policy that governs ``loan`` on every day of ``[lo, hi)`` (``lo >= start_date``),
    or, when the period has no loan day (``lo >= hi``), the policy of the start date — what the
    general path's runs (or its start-date policy) hold; ``None`` where the governing policy
    changes inside the period."""
    if isinstance(schedule, Policy):
        return schedule
    start = loan.start_date
    if lo >= hi:
        return schedule.for_contract(start, start)
    policy = schedule.for_contract(start, lo)
    for p in schedule:
        changes = p.effective_from
        if (changes is not None and lo < changes < hi
                and schedule.for_contract(start, changes) is not policy):
            return None
    return policy


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a settlement is built, and restore it.

    A settlement of 10⁵ loans keeps a few hundred thousand new objects alive (statements and
    what words their findings later); each time the collector's count of new objects passes a
    threshold it walks every live object of the program, the caller's loans included, and finds
    nothing to free. Reference counting frees everything as usual meanwhile; only cyclic
    garbage waits, and it is collected as soon as the collector runs again. The collector is
    switched back on in ``finally`` if it was on at the start (as Mercurial's ``util.nogc``
    does); a program that switches it from another thread during a settlement may find it
    switched back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
