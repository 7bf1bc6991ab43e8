"""The risk-compensation fund's ledger (Art. 4, 5, 7, 14, 20(4), 22, 23, 26, 32).

:class:`RiskFund` is an immutable, append-only ledger kept per lender (Art. 7: the fund is split
between the two partner lenders and deposited with them in a dedicated account, Art. 4). Every
operation returns a *new* fund with one more dated :class:`FundEvent`; the balance is always the
replay of the events. Accounts are yearly and roll over (Art. 5 "按年度核算，滚存使用"): the
:meth:`RiskFund.statement` of a year opens with the previous year's closing.

How the money moves (the choices where the Measures are silent are marked *interpretation*):

* **opening** (Art. 5, 7): one ``ALLOCATION`` event per lender, counted as that year's
  contributions;
* **contributions** (Art. 5, 14(4)): more money, e.g. the subsidy fund's deposit interest, which
  Art. 5 adds to the fund, or a change of the fund's size approved by the leading group;
* **interest** (Art. 4, 5): ``ROUND_HALF_UP(Σ end-of-day balance × rate / basis)`` over the days of
  ``[start, end)``, credited on ``end``; with no rate given, the benchmark deposit rate of
  ``policy.fund_deposit_tier`` in force on *each day* (a rate change inside the period applies from
  its effective day);
* **payouts** (Art. 20(4), 22, 26; interpretation): the fund pays what its balance allows; the
  county tops up the rest (Art. 26 "超过部分由县财政…另行安排资金解决"). The county top-up is
  recorded on the event but does **not** pass through the fund's balance, which therefore never
  goes negative;
* **recoveries** (Art. 23; interpretation): the fund side's part of a recovery is credited to the
  fund's account first, up to what the fund itself paid for that reference, and only the excess is
  returned to the county that topped it up. Art. 23 sends recovered money back to "the
  risk-compensation fund's dedicated account", and the fund is the pool that must keep covering
  later losses (Art. 5 滚存使用), whereas the county's top-up is a one-off budget appropriation;
* **clawbacks** (Art. 32): compensation paid without a loss determination or on a false claim is
  recovered from the lender in full, split back fund first, then county, like a recovery. Subsidy
  paid on a false claim (Art. 32 "追回已支付的…贴息资金") is *not* a fund operation: the subsidy
  fund is a separate budget line (Art. 2, 5 "动态配置"), so the amounts of the affected
  :class:`~poverty_credit.SubsidyStatement` are reclaimed from the lender outside this ledger.

>>> import datetime as dt
>>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
>>> fund.balance("credit_union"), fund.balance("postal_savings")
(Decimal('15000000.00'), Decimal('5000000.00'))
>>> fund, payout = fund.pay("35000", "postal_savings", dt.date(2026, 7, 1), reference="L-9")
>>> payout
Payout(from_fund=Decimal('35000.00'), from_county=Decimal('0.00'))
>>> fund.statement(2026).closing
Decimal('19965000.00')
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from poverty_credit import rates
from poverty_credit._money import ZERO, compute, parse_amount, parse_money, parse_rate, to_fen
from poverty_credit._validate import (
    Checker,
    as_bool,
    as_enum,
    as_int,
    as_text,
    instance_of,
    optional,
)
from poverty_credit.errors import InvalidInputError
from poverty_credit.loss_sharing import LossShare, share_recovery
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["FundEvent", "FundEventKind", "FundStatement", "Payout", "RiskFund"]


class FundEventKind(str, enum.Enum):
    """What a ledger event records; the sign of its effect on the fund's balance follows from it."""

    ALLOCATION = "allocation"  #: Art. 5, 7: the opening allocation (a contribution)
    CONTRIBUTION = "contribution"  #: Art. 5, 14(4): more money paid into the fund
    INTEREST = "interest"  #: Art. 4, 5: deposit interest credited
    PAYOUT = "payout"  #: Art. 20(4), 22, 26: compensation paid (``county``: the county's top-up)
    RECOVERY = "recovery"  #: Art. 23: money recovered (``county``: the part returned to the county)
    CLAWBACK = "clawback"  #: Art. 32: compensation clawed back (``county``: likewise)

    def __str__(self) -> str:
        return self.value


_INFLOWS = frozenset({
    FundEventKind.ALLOCATION, FundEventKind.CONTRIBUTION, FundEventKind.INTEREST,
    FundEventKind.RECOVERY, FundEventKind.CLAWBACK,
})
_RETURNS = frozenset({FundEventKind.RECOVERY, FundEventKind.CLAWBACK})


@attrs.frozen(kw_only=True)
class FundEvent:
    """One dated entry of the ledger.

    ``amount`` is what passes through the lender's fund account (≥ 0; the ``kind`` says in or
    out). ``county`` is money that does not: the county's top-up of a payout, or the part of a
    recovery or clawback returned to the county. ``recovered`` is, for a recovery, the whole amount
    recovered from the borrower (the lender's and insurer's parts included). ``period_start`` is the
    first day of an interest period (the event is dated on its end).

    >>> import datetime as dt
    >>> e = FundEvent(on=dt.date(2026, 3, 1), kind="payout", lender="credit_union",
    ...               amount="7000", article="Art. 22", reference="L-1")
    >>> e.kind, e.delta
    (<FundEventKind.PAYOUT: 'payout'>, Decimal('-7000.00'))
    """

    on: _dt.date
    kind: FundEventKind
    lender: str
    amount: Decimal
    article: str
    reference: str | None = None
    county: Decimal = ZERO
    recovered: Decimal = ZERO
    period_start: _dt.date | None = None

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        on_ok = c.field("on", require_date)
        c.field("kind", lambda v, f: as_enum(FundEventKind, v, f))
        c.field("lender", as_text)
        c.field("amount", parse_amount)
        c.field("article", as_text)
        c.field("reference", optional(as_text))
        c.field("county", parse_amount)
        c.field("recovered", parse_amount)
        if c.field("period_start", optional(require_date)) and on_ok and (
            self.period_start is not None and self.period_start >= self.on
        ):
            c.problem("period_start", f"must be before the event's date {self.on.isoformat()} "
                      f"(got {self.period_start.isoformat()})")
        c.done()

    @property
    def delta(self) -> Decimal:
        """The change of the lender's balance: ``+amount`` for inflows, ``−amount`` for payouts."""
        with compute():
            return self.amount if self.kind in _INFLOWS else -self.amount


@attrs.frozen(kw_only=True)
class Payout:
    """A compensation payment: what the fund paid and what the county topped up (Art. 26).

    >>> Payout(from_fund="4000", from_county="3000").total
    Decimal('7000.00')
    """

    from_fund: Decimal
    from_county: Decimal = ZERO

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("from_fund", parse_amount)
        c.field("from_county", parse_amount)
        c.done()

    @property
    def total(self) -> Decimal:
        """The whole payment: ``from_fund + from_county``."""
        with compute():
            return self.from_fund + self.from_county


@attrs.frozen(kw_only=True)
class FundStatement:
    """A year's account of the fund (Art. 5 按年度核算), for one lender or all (``lender=None``).

    It balances to the fen, which is checked on construction::

        opening + contributions + interest − payouts + recoveries + clawbacks = closing

    ``payouts``, ``recoveries`` and ``clawbacks`` are the amounts through the fund's account;
    ``county_top_ups`` (paid by the county on top of the fund, Art. 26) and ``county_refunds`` (the
    parts of recoveries and clawbacks returned to the county) are shown beside them but are not part
    of the balance. ``contributions`` include the opening allocations.

    >>> s = FundStatement(year=2026, lender=None, opening="0", contributions="100", interest="1",
    ...                   payouts="50", county_top_ups="0", recoveries="10", clawbacks="0",
    ...                   county_refunds="0", closing="61")
    >>> s.closing
    Decimal('61.00')
    """

    year: int
    lender: str | None
    opening: Decimal
    contributions: Decimal
    interest: Decimal
    payouts: Decimal
    county_top_ups: Decimal
    recoveries: Decimal
    clawbacks: Decimal
    county_refunds: Decimal
    closing: Decimal

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("year", lambda v, f: as_int(v, f, 1, 9999))
        c.field("lender", optional(as_text))
        names = ("opening", "contributions", "interest", "payouts", "county_top_ups", "recoveries",
                 "clawbacks", "county_refunds", "closing")
        ok = all([c.field(name, parse_amount) for name in names])  # noqa: C419 (check every field)
        if ok and self.flows_closing != self.closing:
            c.problem("closing", f"does not balance: opening {self.opening} + contributions "
                      f"{self.contributions} + interest {self.interest} − payouts {self.payouts} + "
                      f"recoveries {self.recoveries} + clawbacks {self.clawbacks} = "
                      f"{self.flows_closing} (got {self.closing})")
        c.done()

    @property
    def flows_closing(self) -> Decimal:
        """The closing computed from the opening and the year's flows."""
        with compute():
            return (self.opening + self.contributions + self.interest - self.payouts
                    + self.recoveries + self.clawbacks)


def _check_events(fund: RiskFund) -> None:
    c = Checker(fund)
    c.field("policy", instance_of(Policy, "a Policy"))
    c.items("events", instance_of(FundEvent, "a FundEvent"), container=tuple)
    c.done()
    balances = dict.fromkeys(fund.policy.need("fund_allocations"), ZERO)
    last: _dt.date | None = None
    for i, event in enumerate(fund.events):
        where = f"events[{i}]"
        if event.lender not in balances:
            fund.policy.require_lender(event.lender, f"{where}.lender")
        if last is not None and event.on < last:
            c.problem(f"{where}.on", f"events must be in date order: {event.on.isoformat()} is "
                      f"before the previous event's {last.isoformat()}")
        last = event.on
        with compute():
            balances[event.lender] += event.delta
        if balances[event.lender] < 0:
            c.problem(f"{where}.amount", f"takes the balance of {event.lender} below zero "
                      f"({balances[event.lender]})")
    c.done()


@attrs.define(frozen=True)
class _Reference:
    """What was paid and returned so far for one reference at one lender."""

    paid_fund: Decimal = ZERO
    paid_county: Decimal = ZERO
    returned_fund: Decimal = ZERO
    returned_county: Decimal = ZERO
    recovered: Decimal = ZERO
    payouts: int = 0

    @property
    def remaining(self) -> Decimal:
        with compute():
            return self.paid_fund + self.paid_county - self.returned_fund - self.returned_county

    def split(self, fund_part: Decimal) -> tuple[Decimal, Decimal]:
        """Fund first: to the fund's account up to what the fund paid, the rest to the county."""
        with compute():
            to_fund = min(fund_part, self.paid_fund - self.returned_fund)
            return to_fund, fund_part - to_fund


@attrs.frozen(kw_only=True)
class RiskFund:
    """The fund's ledger: an immutable tuple of dated events and the policy it follows.

    Build it with :meth:`open`; every operation returns a new fund. A fund built directly from
    events (e.g. read back from a file) is checked: events in date order, known lenders, and no
    balance ever below zero.

    >>> import datetime as dt
    >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
    >>> len(fund.events), fund.events[0].kind.value, fund.events[0].amount
    (2, 'allocation', Decimal('15000000.00'))
    """

    policy: Policy = DEFAULT_POLICY
    events: tuple[FundEvent, ...] = ()

    def __attrs_post_init__(self) -> None:
        _check_events(self)

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def open(cls, policy: Policy = DEFAULT_POLICY, *, on: _dt.date) -> RiskFund:
        """Open the fund on ``on`` with one allocation event per lender (Art. 5, 7).

        The allocations (``policy.fund_allocations``) count as that year's contributions.

        Raises:
            InvalidInputError: ``policy`` is not a Policy or ``on`` not a date.

        >>> import datetime as dt
        >>> RiskFund.open(on=dt.date(2026, 1, 1)).statement(2026).contributions
        Decimal('20000000.00')
        """
        policy = instance_of(Policy, "a Policy")(policy, "policy")
        on = require_date(on, "on")
        events = tuple(
            FundEvent(on=on, kind=FundEventKind.ALLOCATION, lender=lender, amount=amount,
                      article="Art. 5, 7", reference="allocation")
            for lender, amount in policy.need("fund_allocations").items()
        )
        return cls(policy=policy, events=events)

    def _append(self, event: FundEvent) -> RiskFund:
        return RiskFund(policy=self.policy, events=(*self.events, event))

    def _date(self, value: object, field: str = "on") -> _dt.date:
        on = require_date(value, field)
        if self.events and on < self.events[-1].on:
            raise InvalidInputError.single(
                field, f"the ledger's dates must not go backwards: the last event is dated "
                f"{self.events[-1].on.isoformat()} (got {on.isoformat()})"
            )
        return on

    # -- reading --------------------------------------------------------------------------------

    def replay(self, until: _dt.date | None = None) -> Mapping[str, Decimal]:
        """The balance of every lender after replaying the events dated on or before ``until``
        (all events when ``None``): the ledger's only source of balances.

        >>> import datetime as dt
        >>> dict(RiskFund.open(on=dt.date(2026, 1, 1)).replay(dt.date(2025, 12, 31)))
        {'credit_union': Decimal('0.00'), 'postal_savings': Decimal('0.00')}
        """
        limit = None if until is None else require_date(until, "until")
        balances = dict.fromkeys(self.policy.need("fund_allocations"), ZERO)
        with compute():
            for event in self.events:
                if limit is not None and event.on > limit:
                    break
                balances[event.lender] += event.delta
        return MappingProxyType(balances)

    def balance(self, lender: str) -> Decimal:
        """The lender's fund balance after every event (the replay of the events).

        >>> import datetime as dt
        >>> RiskFund.open(on=dt.date(2026, 1, 1)).balance("postal_savings")
        Decimal('5000000.00')
        """
        lender = self.policy.require_lender(lender)
        return self.replay()[lender]

    def statement(self, year: int, lender: str | None = None) -> FundStatement:
        """The account of ``year`` for one lender or, with ``lender=None``, the whole fund.

        The opening is the closing of the year before (Art. 5 roll-over); the statement balances
        to the fen (see :class:`FundStatement`).

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund = fund.contribute("1000", "credit_union", dt.date(2027, 3, 1), source="county")
        >>> s = fund.statement(2027, "credit_union")
        >>> s.opening, s.contributions, s.closing
        (Decimal('15000000.00'), Decimal('1000.00'), Decimal('15001000.00'))
        """
        year = as_int(year, "year", 1, 9999)
        if lender is not None:
            lender = self.policy.require_lender(lender)
        events = [e for e in self.events if lender is None or e.lender == lender]
        totals = dict.fromkeys(FundEventKind, ZERO)
        county_top_ups = county_refunds = ZERO
        with compute():
            opening = sum((e.delta for e in events if e.on.year < year), ZERO)
            for e in events:
                if e.on.year != year:
                    continue
                totals[e.kind] += e.amount
                if e.kind is FundEventKind.PAYOUT:
                    county_top_ups += e.county
                else:
                    county_refunds += e.county
            closing = opening + sum((e.delta for e in events if e.on.year == year), ZERO)
            contributions = totals[FundEventKind.ALLOCATION] + totals[FundEventKind.CONTRIBUTION]
        return FundStatement(
            year=year, lender=lender, opening=opening,
            contributions=contributions,
            interest=totals[FundEventKind.INTEREST], payouts=totals[FundEventKind.PAYOUT],
            county_top_ups=county_top_ups, recoveries=totals[FundEventKind.RECOVERY],
            clawbacks=totals[FundEventKind.CLAWBACK], county_refunds=county_refunds,
            closing=closing,
        )

    def reference_status(self, lender: str, reference: str) -> Payout:
        """What is still unreturned of the compensation paid for ``reference`` at ``lender``: the
        fund's and the county's parts net of recoveries and clawbacks so far.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund, _ = fund.pay("7000", "credit_union", dt.date(2026, 5, 1), reference="L-1")
        >>> fund, _ = fund.recover("1000", "credit_union", dt.date(2026, 9, 1), reference="L-1")
        >>> fund.reference_status("credit_union", "L-1")
        Payout(from_fund=Decimal('6300.00'), from_county=Decimal('0.00'))
        """
        lender = self.policy.require_lender(lender)
        ref = self._reference(lender, as_text(reference, "reference"))
        with compute():
            return Payout(from_fund=ref.paid_fund - ref.returned_fund,
                          from_county=ref.paid_county - ref.returned_county)

    def _reference(self, lender: str, reference: str) -> _Reference:
        ref = _Reference()
        with compute():
            for e in self.events:
                if e.lender != lender or e.reference != reference:
                    continue
                if e.kind is FundEventKind.PAYOUT:
                    ref = attrs.evolve(ref, paid_fund=ref.paid_fund + e.amount,
                                       paid_county=ref.paid_county + e.county,
                                       payouts=ref.payouts + 1)
                elif e.kind in _RETURNS:
                    ref = attrs.evolve(ref, returned_fund=ref.returned_fund + e.amount,
                                       returned_county=ref.returned_county + e.county,
                                       recovered=ref.recovered + e.recovered)
        return ref

    def _paid_reference(self, lender: str, reference: object) -> tuple[str, _Reference]:
        text = as_text(reference, "reference")
        ref = self._reference(lender, text)
        if ref.payouts == 0:
            raise InvalidInputError.single(
                "reference", f"no compensation was paid for {text!r} at {lender}; recoveries and "
                "clawbacks follow a payout with the same reference"
            )
        return text, ref

    # -- operations -----------------------------------------------------------------------------

    def contribute(self, amount: Decimal, lender: str, on: _dt.date, *, source: str) -> RiskFund:
        """Pay money into the lender's fund account (Art. 5, 14(4)).

        ``source`` says where it came from (e.g. ``"subsidy fund interest"``: Art. 5 adds the
        subsidy fund's deposit interest to the risk-compensation fund).

        Raises:
            InvalidInputError: a bad amount (it must be > 0), lender, date or source.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund.contribute("250.40", "credit_union", dt.date(2026, 12, 21),
        ...                 source="subsidy fund interest").balance("credit_union")
        Decimal('15000250.40')
        """
        money = parse_money(amount, "amount")
        lender = self.policy.require_lender(lender)
        on = self._date(on)
        text = as_text(source, "source")
        return self._append(FundEvent(on=on, kind=FundEventKind.CONTRIBUTION, lender=lender,
                                      amount=money, article="Art. 5", reference=text))

    def accrue_interest(
        self, lender: str, start: _dt.date, end: _dt.date, rate: Decimal | None = None
    ) -> RiskFund:
        """Credit deposit interest for the days ``[start, end)`` on ``end`` (Art. 4, 5).

        ``ROUND_HALF_UP(Σ over d in [start, end) of balance at the end of d × rate_d / basis)``
        (``basis`` = ``policy.day_count_basis``, 360). With ``rate=None`` the rate of each day is
        the benchmark deposit rate of ``policy.fund_deposit_tier`` in force on that day, so a rate
        change inside the period applies from its effective day. The interest becomes part of the
        balance from ``end`` on (choose the periods as the bank settles them, e.g. quarterly for
        demand deposits). Periods of one lender must not overlap.

        Raises:
            InvalidInputError: bad lender, dates or rate; ``end`` not after ``start``; ``end``
                before the last event; a period overlapping one already credited.
            RateNotFound: no deposit rate is known for a day of the period.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund = fund.accrue_interest("credit_union", dt.date(2026, 1, 1), dt.date(2026, 2, 1),
        ...                             rate="0.0035")
        >>> fund.events[-1].amount  # 15 000 000 × 0.0035 × 31 / 360 = 4520.833…
        Decimal('4520.83')
        """
        lender = self.policy.require_lender(lender)
        start = require_date(start, "start")
        end = self._date(end, "end")
        fixed = None if rate is None else parse_rate(rate, "rate")
        if end <= start:
            raise InvalidInputError.single(
                "end", f"must be after start {start.isoformat()} (got {end.isoformat()})")
        for e in self.events:
            if (e.lender == lender and e.kind is FundEventKind.INTEREST
                    and e.period_start is not None and start < e.on):
                raise InvalidInputError.single(
                    "start", f"interest for {lender} was already credited for "
                    f"{e.period_start.isoformat()}..{e.on.isoformat()} (exclusive); a new period "
                    f"must start on or after {e.on.isoformat()} (got {start.isoformat()})")
        total = ZERO
        with compute():
            for day, balance in self._daily_balances(lender, start, end):
                if balance:
                    day_rate = fixed if fixed is not None else rates.deposit_rate(
                        day, self.policy.need("fund_deposit_tier"), self.policy)
                    total += balance * day_rate
            interest = to_fen(total / self.policy.day_count_basis)
        return self._append(FundEvent(
            on=end, kind=FundEventKind.INTEREST, lender=lender, amount=interest,
            article="Art. 4, 5", reference=f"interest {start.isoformat()}..{end.isoformat()}",
            period_start=start))

    def _daily_balances(
        self, lender: str, start: _dt.date, end: _dt.date
    ) -> list[tuple[_dt.date, Decimal]]:
        """The end-of-day balance of each day of ``[start, end)``."""
        events = [e for e in self.events if e.lender == lender]
        queue = [e for e in events if e.on >= start]
        days: list[tuple[_dt.date, Decimal]] = []
        i = 0
        day = start
        one = _dt.timedelta(days=1)
        with compute():
            balance = sum((e.delta for e in events if e.on < start), ZERO)
            while day < end:
                while i < len(queue) and queue[i].on == day:
                    balance += queue[i].delta
                    i += 1
                days.append((day, balance))
                day += one
        return days

    def pay(
        self, amount: Decimal, lender: str, on: _dt.date, *, reference: str | None = None
    ) -> tuple[RiskFund, Payout]:
        """Pay the fund's part of an approved loss to the lender (Art. 20(4), 22, 26).

        ``from_fund = min(amount, the lender's balance just before)``; the rest, ``from_county``, is
        the county's top-up (Art. 26, interpretation), recorded on the event but outside the fund's
        balance. Give the loan id as ``reference``: later recoveries and clawbacks name it.

        Raises:
            InvalidInputError: a bad amount (> 0), lender, date or reference.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund, payout = fund.pay("5000100", "postal_savings", dt.date(2026, 9, 1),
        ...                         reference="L-3")
        >>> payout, fund.balance("postal_savings")
        (Payout(from_fund=Decimal('5000000.00'), from_county=Decimal('100.00')), Decimal('0.00'))
        """
        money = parse_money(amount, "amount")
        lender = self.policy.require_lender(lender)
        on = self._date(on)
        text = optional(as_text)(reference, "reference")
        from_fund = min(money, self.balance(lender))
        with compute():
            payout = Payout(from_fund=from_fund, from_county=money - from_fund)
        event = FundEvent(on=on, kind=FundEventKind.PAYOUT, lender=lender, amount=from_fund,
                          county=payout.from_county, article="Art. 20(4), 22, 26", reference=text)
        return self._append(event), payout

    def recover(
        self,
        amount: Decimal,
        lender: str,
        on: _dt.date,
        *,
        reference: str,
        share: LossShare | None = None,
        bad_faith: bool = False,
    ) -> tuple[RiskFund, LossShare]:
        """Record money recovered from the borrower on a compensated loan (Art. 23).

        The fund side's part: with ``share`` (how the loss was borne), as :func:`share_recovery`
        splits it; without it, ``ROUND_HALF_UP(amount × policy.fund_share)``; with ``bad_faith``,
        everything up to what the fund side has not yet got back. That part is never more than
        what was paid for ``reference`` (county top-up included) less what came back before, so
        several partial recoveries never return more than was paid out; any excess stays with the
        lender. With ``share`` the recoveries for a reference together may not exceed the loss.
        The part is credited to the fund's account first, up to what the fund paid, then returned
        to the county (see the module docstring).

        Returns:
            The new fund and the split of ``amount`` (``fund`` = the fund side's part, county
            refund included).

        Raises:
            InvalidInputError: bad input, no payout recorded for ``reference``, or recoveries above
                the loss of ``share``.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund, _ = fund.pay("7000", "credit_union", dt.date(2026, 5, 1), reference="L-1")
        >>> borne = LossShare(fund="7000", lender="3000")
        >>> fund, split = fund.recover("2000", "credit_union", dt.date(2026, 8, 1), reference="L-1",
        ...                            share=borne)
        >>> split.fund, split.lender, fund.balance("credit_union")
        (Decimal('1400.00'), Decimal('600.00'), Decimal('14994400.00'))
        """
        money = parse_money(amount, "amount")
        lender = self.policy.require_lender(lender)
        on = self._date(on)
        if share is not None:
            share = instance_of(LossShare, "a LossShare")(share, "share")
        bad_faith = as_bool(bad_faith, "bad_faith")
        text, ref = self._paid_reference(lender, reference)
        insurer = ZERO
        with compute():
            total = ref.recovered + money
        if share is not None and total > share.total:
            raise InvalidInputError.single(
                "amount", f"recoveries for {text!r} would total {total}, more than "
                f"the loss {share.total} (earlier recoveries {ref.recovered}, got {money})")
        if bad_faith:
            wanted = money
        elif share is not None:
            parts = share_recovery(money, share)
            wanted, insurer = parts.fund, parts.insurer
        else:
            with compute():
                wanted = to_fen(money * self.policy.need("fund_share"))
        fund_part = min(wanted, ref.remaining)
        to_fund, to_county = ref.split(fund_part)
        event = FundEvent(on=on, kind=FundEventKind.RECOVERY, lender=lender, amount=to_fund,
                          county=to_county, recovered=money, article="Art. 23", reference=text)
        with compute():
            split = LossShare(fund=fund_part, lender=money - fund_part - insurer, insurer=insurer)
        return self._append(event), split

    def claw_back(self, amount: Decimal, lender: str, on: _dt.date, *, reference: str) -> RiskFund:
        """Claw back compensation paid without a loss determination or on a false claim (Art. 32).

        The lender returns it in full; it goes back to the fund first, up to what the fund paid for
        ``reference``, then to the county. It cannot exceed what was paid for ``reference`` less
        what came back already (recoveries and earlier clawbacks).

        Raises:
            InvalidInputError: bad input, no payout recorded for ``reference``, or too much.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund, _ = fund.pay("7000", "credit_union", dt.date(2026, 5, 1), reference="L-1")
        >>> fund.claw_back("7000", "credit_union", dt.date(2026, 11, 2),
        ...                reference="L-1").balance("credit_union")
        Decimal('15000000.00')
        """
        money = parse_money(amount, "amount")
        lender = self.policy.require_lender(lender)
        on = self._date(on)
        text, ref = self._paid_reference(lender, reference)
        if money > ref.remaining:
            raise InvalidInputError.single(
                "amount", f"cannot exceed what is still unreturned of the compensation paid for "
                f"{text!r}: {ref.remaining} (got {money})")
        to_fund, to_county = ref.split(money)
        return self._append(FundEvent(on=on, kind=FundEventKind.CLAWBACK, lender=lender,
                                      amount=to_fund, county=to_county, article="Art. 32",
                                      reference=text))
