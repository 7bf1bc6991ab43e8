"""The risk-compensation fund's ledger (Art. 4, 5, 7, 14, 20(4), 22, 23, 26, 32).

:class:`RiskFund` is an immutable, append-only ledger kept per lender (Art. 7: the fund is split
between the two partner lenders and deposited with them in a dedicated account, Art. 4). Every
operation returns a *new* fund with one more dated :class:`FundEvent`; the balance is always the
replay of the events. Accounts are yearly and roll over (Art. 5 "按年度核算，滚存使用"): the
:meth:`RiskFund.statement` of a year opens with the previous year's closing.

The replay is done once, as the events are appended: each fund carries its balances, what was paid
and returned for each reference, and each year's running figures forward from the fund it grew from,
in persistent containers that share everything but the new path (:mod:`poverty_credit._persistent`).
So an operation, :meth:`~RiskFund.balance`, :meth:`~RiskFund.statement` and
:meth:`~RiskFund.reference_status` cost the same on a ledger of ten events or of a million, and
every older fund stays valid. A fund built from stored events (``RiskFund(events=...)``,
:func:`~poverty_credit.from_dict`) is checked whole once, event by event, and refused if the events
contradict each other (see :class:`RiskFund`).

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
* **recoveries** (Art. 23; interpretation): the fund side's part of a recovery (split by
  :func:`~poverty_credit.share_recovery` with the share the loss was borne in, which must agree
  with the ledger, then capped by what is still unreturned) is credited to the fund's account
  first, up to what the fund itself paid for that reference, and only the excess is returned to
  the county that topped it up. Art. 23 sends recovered money back to "the
  risk-compensation fund's dedicated account", and the fund is the pool that must keep covering
  later losses (Art. 5 滚存使用), whereas the county's top-up is a one-off budget appropriation;
* **clawbacks** (Art. 32): compensation paid without a loss determination or on a false claim is
  recovered from the lender in full, split back fund first, then county, like a recovery. Subsidy
  paid on a false claim (Art. 32 "追回已支付的…贴息资金") is *not* a fund operation: the subsidy
  fund is a separate budget line (Art. 2, 5 "动态配置"), so the amounts of the affected
  :class:`~poverty_credit.SubsidyStatement` are reclaimed from the lender outside this ledger.

Citations and schedules (SPEC D1, D2, D7):

* **articles are data.** Each event records the article, Chinese label and document of the policy
  it was made under: ``policy.cite(code)`` for the kind's code, ``FUND_ALLOCATION``,
  ``FUND_CONTRIBUTION``, ``FUND_INTEREST``, ``FUND_PAYOUT``, ``FUND_RECOVERY`` or
  ``FUND_CLAW_BACK`` (the seed's live in its policy file; a policy that cites nothing gives
  ``article=None``). This module holds no article of its own;
* **a schedule.** ``policy`` may be a :class:`~poverty_credit.PolicySchedule`: every operation
  follows the policy in force on its date (``accrue_interest``: on its ``end``, for the whole
  period), which gives it its ``fund_share`` (a recovery without ``share``), its deposit tier,
  its citations and the lenders it may name. *Interpretation* where the policies' allocations
  differ: the lenders are those of the policy in force on the operation's date, and an
  operation for any other lender is refused; the allocations are paid once, by :meth:`open`
  (a later policy's other allocations move no money by themselves: record a reallocation with
  :meth:`~RiskFund.contribute`); a lender a later policy drops keeps its balance, readable
  with :meth:`~RiskFund.balance`, :meth:`~RiskFund.statement` (which counts every lender of
  the ledger and of the schedule) and :meth:`~RiskFund.reference_status`. A recovery after a
  change of ``fund_share`` follows the share in force on its date, not the one of the payout:
  give the ``share`` the loss was borne in to keep the old proportions;
* **unset parameters** are read only when an operation needs them (``policy.need``):
  ``fund_allocations`` to open, ``fund_share`` for a recovery without a share (not in bad
  faith), ``fund_deposit_tier`` for interest without a rate.

>>> import datetime as dt
>>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
>>> fund.balance("credit_union"), fund.balance("postal_savings")
(Decimal('15000000.00'), Decimal('5000000.00'))
>>> fund, payout = fund.pay("35000", "postal_savings", dt.date(2026, 7, 1), reference="L-9")
>>> payout
Payout(from_fund=Decimal('35000.00'), from_county=Decimal('0.00'))
>>> fund.statement(2026).closing
Decimal('19965000.00')
>>> fund.events[-1].article, fund.events[-1].article_zh, fund.events[-1].policy_id
('Art. 20(4), 22, 26', '第二十条第四项、第二十二条、第二十六条', 'x-county-measures')
"""

from __future__ import annotations

import bisect
import datetime as _dt
import enum
import typing
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from poverty_credit import rates
from poverty_credit._money import (
    ZERO,
    compute,
    describe,
    parse_amount,
    parse_money,
    parse_rate,
    to_fen,
)
from poverty_credit._persistent import Map, Vector
from poverty_credit._validate import (
    Checker,
    as_bool,
    as_enum,
    as_int,
    as_text,
    instance_of,
    optional,
)
from poverty_credit.decision import ReasonCode
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.loss_sharing import LossShare, share_recovery
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.schedule import PolicySchedule, require_schedule

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
    recovered from the borrower (the lender's and insurer's parts included), and ``share`` the
    :class:`~poverty_credit.LossShare` it was split by (``None``: split by the policy's
    ``fund_share``), kept so that later recoveries of the reference can be held to the same share.
    ``period_start`` is the first day of an interest period (the event is dated on its end).

    ``article`` and ``article_zh`` are the citation of the policy in force on the event's date for
    its kind (``policy.cite("FUND_PAYOUT")`` etc., SPEC D7; ``None`` where that policy cites
    nothing), and ``policy_id`` that policy's document id. They record what the event was made
    under; a stored ledger is not held to them (events stored before they existed have
    ``article_zh`` and ``policy_id`` ``None``), and equality ignores those two annotations.

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
    article: str | None = None
    reference: str | None = None
    county: Decimal = ZERO
    recovered: Decimal = ZERO
    period_start: _dt.date | None = None
    share: LossShare | None = None
    #: annotations, not part of equality: an event stored before part D equals the same event
    article_zh: str | None = attrs.field(default=None, eq=False)
    policy_id: str | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        on_ok = c.field("on", require_date)
        c.field("kind", lambda v, f: as_enum(FundEventKind, v, f))
        c.field("lender", as_text)
        c.field("amount", parse_amount)
        c.field("article", optional(as_text))
        c.field("reference", optional(as_text))
        c.field("county", parse_amount)
        c.field("recovered", parse_amount)
        if c.field("period_start", optional(require_date)) and on_ok and (
            self.period_start is not None and self.period_start >= self.on
        ):
            c.problem("period_start", f"must be before the event's date {self.on.isoformat()} "
                      f"(got {self.period_start.isoformat()})")
        c.field("share", optional(instance_of(LossShare, "a LossShare")))
        c.field("article_zh", optional(as_text))
        c.field("policy_id", optional(as_text))
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

    ``policy_ids`` are the documents the year's events were made under, in the order they were
    first used (one, unless the ledger follows a :class:`~poverty_credit.PolicySchedule` that
    changed during the year), and ``policy_id`` the last of them; a year without events names the
    policy in force on its last day (``()`` and ``None`` if the schedule does not reach it).
    Equality compares the figures, not these annotations.

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
    #: annotations, not part of equality (the figures are)
    policy_id: str | None = attrs.field(default=None, eq=False)
    policy_ids: tuple[str, ...] = attrs.field(default=(), eq=False)

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("year", lambda v, f: as_int(v, f, 1, 9999))
        c.field("lender", optional(as_text))
        c.field("policy_id", optional(as_text))
        c.items("policy_ids", as_text, container=tuple)
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


class _Flows(NamedTuple):
    """One lender's flows in one year: the lines of a :class:`FundStatement` between opening and
    closing."""

    contributions: Decimal = ZERO
    interest: Decimal = ZERO
    payouts: Decimal = ZERO
    county_top_ups: Decimal = ZERO
    recoveries: Decimal = ZERO
    clawbacks: Decimal = ZERO
    county_refunds: Decimal = ZERO

    def plus(self, event: FundEvent) -> _Flows:
        """The flows with ``event`` added (call inside ``compute()``)."""
        kind = event.kind
        if kind is FundEventKind.INTEREST:
            return self._replace(interest=self.interest + event.amount)
        if kind is FundEventKind.PAYOUT:
            return self._replace(payouts=self.payouts + event.amount,
                                 county_top_ups=self.county_top_ups + event.county)
        if kind is FundEventKind.RECOVERY:
            return self._replace(recoveries=self.recoveries + event.amount,
                                 county_refunds=self.county_refunds + event.county)
        if kind is FundEventKind.CLAWBACK:
            return self._replace(clawbacks=self.clawbacks + event.amount,
                                 county_refunds=self.county_refunds + event.county)
        return self._replace(contributions=self.contributions + event.amount)


_NO_FLOWS = _Flows()


@attrs.frozen
class _Year:
    """A year of the ledger: where its events start, the balances it opens with, its flows."""

    year: int
    first: int  # the index of its first event
    opening: Mapping[str, Decimal]  # every lender's balance after the events of earlier years
    flows: Mapping[str, _Flows]  # lender → flows (lenders without an event this year are absent)
    policy_ids: tuple[str, ...]  # the documents its events were made under, first use first


def _an(word: object) -> str:
    """``"an interest"``, ``"a clawback"``: the word with its indefinite article."""
    text = str(word)
    return f"{'an' if text[:1] in 'aeiou' else 'a'} {text}"

def _year_of(entry: _Year) -> int:
    return entry.year


@attrs.frozen
class _Reference:
    """What was paid and returned so far for one reference at one lender."""

    paid_fund: Decimal = ZERO
    paid_county: Decimal = ZERO
    returned_fund: Decimal = ZERO
    returned_county: Decimal = ZERO
    recovered: Decimal = ZERO
    payouts: int = 0
    recoveries: int = 0
    share: LossShare | None = None  # the share of its recoveries (the same for all of them)

    @property
    def paid(self) -> Decimal:
        """The whole compensation paid: the fund's part and the county's top-up."""
        with compute():
            return self.paid_fund + self.paid_county

    @property
    def remaining(self) -> Decimal:
        with compute():
            return self.paid_fund + self.paid_county - self.returned_fund - self.returned_county

    def split(self, fund_part: Decimal) -> tuple[Decimal, Decimal]:
        """Fund first: to the fund's account up to what the fund paid, the rest to the county."""
        with compute():
            to_fund = min(fund_part, self.paid_fund - self.returned_fund)
            return to_fund, fund_part - to_fund

    def plus(self, event: FundEvent) -> _Reference:
        """The totals with ``event`` (a payout, recovery or clawback) added."""
        with compute():
            if event.kind is FundEventKind.PAYOUT:
                return attrs.evolve(self, paid_fund=self.paid_fund + event.amount,
                                    paid_county=self.paid_county + event.county,
                                    payouts=self.payouts + 1)
            returned = attrs.evolve(self, returned_fund=self.returned_fund + event.amount,
                                    returned_county=self.returned_county + event.county)
            if event.kind is FundEventKind.RECOVERY:
                returned = attrs.evolve(returned, recovered=self.recovered + event.recovered,
                                        recoveries=self.recoveries + 1, share=event.share)
            return returned


_NO_REFERENCE = _Reference()
_REFERENCED = frozenset({FundEventKind.PAYOUT, FundEventKind.RECOVERY, FundEventKind.CLAWBACK})


class _Ledger:
    """The figures of a prefix of the ledger, carried forward one event at a time.

    Immutable by convention: :meth:`plus` builds a new ledger and shares everything it does not
    change (the events and the references in persistent containers, the small per-lender dicts
    copied). Its cost does not depend on the number of events before.
    """

    __slots__ = ("balances", "events", "interest", "last", "references", "years")

    def __init__(
        self,
        events: Vector[FundEvent],
        balances: dict[str, Decimal],
        references: Map[tuple[str, str], _Reference],
        years: Vector[_Year],
        interest: dict[str, tuple[_dt.date, _dt.date]],
        last: _dt.date | None,
    ) -> None:
        self.events = events  # every event, in order
        self.balances = balances  # lender → balance after every event
        self.references = references  # (lender, reference) → what was paid and returned
        self.years = years  # one entry per year with events, in order
        self.interest = interest  # lender → the last interest period credited
        self.last = last  # the date of the last event

    @classmethod
    def empty(cls, policy: Policy | PolicySchedule) -> _Ledger:
        """No events yet: every lender of a plain policy at zero (a schedule's lenders are those
        its events bring)."""
        lenders = policy.fund_allocations if isinstance(policy, Policy) else None
        return cls(Vector(), dict.fromkeys(lenders or (), ZERO), Map(), Vector(), {}, None)

    def plus(self, event: FundEvent, policy_id: str) -> _Ledger:
        """The figures after one more event (of a lender of the policy ``policy_id``, in force
        on its date)."""
        lender = event.lender
        years = self.years
        with compute():
            balances = dict(self.balances)
            balances[lender] = balances.get(lender, ZERO) + event.delta
            if not years or years[-1].year != event.on.year:
                years = years.append(_Year(event.on.year, len(self.events), self.balances, {},
                                           ()))
            current = years[-1]
            flows = dict(current.flows)
            flows[lender] = flows.get(lender, _NO_FLOWS).plus(event)
        ids = current.policy_ids
        if policy_id not in ids:
            ids = (*ids, policy_id)
        years = years.with_last(_Year(current.year, current.first, current.opening, flows, ids))
        references = self.references
        if event.kind in _REFERENCED and event.reference is not None:
            key = (lender, event.reference)
            references = references.set(key, (references.get(key) or _NO_REFERENCE).plus(event))
        interest = self.interest
        if event.kind is FundEventKind.INTEREST and event.period_start is not None:
            interest = {**interest, lender: (event.period_start, event.on)}
        return _Ledger(self.events.append(event), balances, references, years, interest, event.on)

    def year_index(self, year: int) -> int:
        """The index of the first year entry for ``year`` or later (``len(years)`` if none)."""
        return bisect.bisect_left(self.years, year, key=_year_of)

    def opening(self, year: int) -> Mapping[str, Decimal]:
        """Every lender's balance after the events dated before ``year``."""
        index = self.year_index(year)
        return self.years[index].opening if index < len(self.years) else self.balances


def _share_conflict(
    ref: _Reference, share: LossShare | None, recovered: Decimal, reference: str
) -> tuple[str, str] | None:
    """How a recovery's ``share`` contradicts the ledger (Art. 23, SPEC part B), if it does:
    ``("share", message)`` or ``("total", message)`` for recoveries above the loss."""
    if share is not None and share.fund != ref.paid:
        return "share", (
            f"says the fund bore {share.fund}, but {ref.paid} was paid for {reference!r} "
            f"(from the fund {ref.paid_fund} + county top-up {ref.paid_county}); share.fund "
            "must be the total paid for the reference")
    if ref.recoveries and share != ref.share:
        return "share", (
            f"every recovery of {reference!r} gives the same share or none does: the earlier "
            f"{ref.recoveries} gave {ref.share!r} (got {share!r})")
    if share is not None:
        with compute():
            total = ref.recovered + recovered
        if total > share.total:
            return "total", (
                f"recoveries for {reference!r} would total {total}, more than the loss "
                f"{share.total} (earlier recoveries {ref.recovered}, got {recovered})")
    return None


def _contradictions(ledger: _Ledger, event: FundEvent, where: str) -> list[Problem]:
    """What in a stored ``event`` contradicts the ledger before it."""
    found: list[Problem] = []

    def problem(field: str, message: str) -> None:
        found.append(Problem(f"{where}.{field}", message))

    kind, lender = event.kind, event.lender
    if ledger.last is not None and event.on < ledger.last:
        problem("on", f"events must be in date order: {event.on.isoformat()} is before the "
                f"previous event's {ledger.last.isoformat()}")
    if event.county and kind not in _REFERENCED:
        problem("county", f"{_an(kind)} event moves no county money (got {event.county})")
    if event.recovered and kind is not FundEventKind.RECOVERY:
        problem("recovered", f"only a recovery records an amount recovered (got {event.recovered} "
                f"on {_an(kind)} event)")
    if event.share is not None and kind is not FundEventKind.RECOVERY:
        problem("share", f"only a recovery is split by a share (got one on {_an(kind)} event)")
    if event.period_start is not None:
        credited = ledger.interest.get(lender)
        if kind is not FundEventKind.INTEREST:
            problem("period_start", f"only an interest event has a period (got one on {_an(kind)} "
                    "event)")
        elif credited is not None and event.period_start < credited[1]:
            problem("period_start", f"interest for {lender} was already credited for "
                    f"{credited[0].isoformat()}..{credited[1].isoformat()} (exclusive); this "
                    f"period starts {event.period_start.isoformat()}")
    if kind is FundEventKind.PAYOUT:
        balance = ledger.balances.get(lender, ZERO)
        if event.county and event.amount < balance:
            problem("county", f"the county tops up only what the fund cannot pay, but "
                    f"the fund paid {event.amount} while {lender}'s balance was {balance}")
    elif kind in _RETURNS:
        found.extend(_return_contradictions(ledger, event, where))
    return found


def _return_contradictions(ledger: _Ledger, event: FundEvent, where: str) -> list[Problem]:
    """What in a stored recovery or clawback contradicts what was paid for its reference."""
    if event.reference is None:
        return [Problem(f"{where}.reference", f"{_an(event.kind)} must name the payout it returns "
                        "(got None)")]
    ref = ledger.references.get((event.lender, event.reference))
    if ref is None or ref.payouts == 0:
        return [Problem(f"{where}.reference", f"no compensation was paid for "
                        f"{event.reference!r} at {event.lender} before this {event.kind}")]
    found: list[Problem] = []
    with compute():
        fund_left = ref.paid_fund - ref.returned_fund
        county_left = ref.paid_county - ref.returned_county
        fund_side = event.amount + event.county
    if event.amount > fund_left:
        found.append(Problem(f"{where}.amount", f"returns {event.amount} to the fund's account, "
                             f"but only {fund_left} of what the fund paid for "
                             f"{event.reference!r} is unreturned"))
    if event.county > county_left:
        found.append(Problem(f"{where}.county", f"refunds {event.county} to the county, but only "
                             f"{county_left} of its top-up for {event.reference!r} is unreturned"))
    elif event.county and event.amount < fund_left:
        found.append(Problem(f"{where}.county", f"refunds the county before the fund's account "
                             f"got back the {fund_left} the fund paid for {event.reference!r} "
                             "(returned money goes to the fund first)"))
    if event.kind is FundEventKind.RECOVERY:
        if fund_side > event.recovered:
            found.append(Problem(f"{where}.recovered", f"the fund side's part {fund_side} is more "
                                 f"than the amount recovered {event.recovered}"))
        conflict = _share_conflict(ref, event.share, event.recovered, event.reference)
        if conflict is not None:
            field = "share" if conflict[0] == "share" else "recovered"
            found.append(Problem(f"{where}.{field}", conflict[1]))
    return found


def _in_force(policy: Policy | PolicySchedule, day: _dt.date, field: str) -> Policy:
    """The policy in force on ``day`` (SPEC D2: a fund operation → its date); a day before the
    schedule's first policy is refused naming ``field``."""
    if isinstance(policy, Policy):
        return policy
    try:
        return policy.on(day)
    except InvalidInputError as exc:
        raise InvalidInputError([Problem(field, p.message) for p in exc.problems]) from None


def _checked_ledger(policy: Policy | PolicySchedule, events: tuple[FundEvent, ...]) -> _Ledger:
    """Replay stored events once, refusing every event that contradicts the ledger before it
    (its lender must be one of the policy in force on its date)."""
    if events and isinstance(policy, Policy):
        policy.need("fund_allocations")  # once, not for every event
    ledger = _Ledger.empty(policy)
    problems: list[Problem] = []
    for i, event in enumerate(events):
        where = f"events[{i}]"
        try:
            governing = _in_force(policy, event.on, f"{where}.on")
            if governing is not policy or event.lender not in ledger.balances:
                governing.require_lender(event.lender, f"{where}.lender")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_contradictions(ledger, event, where))
        ledger = ledger.plus(event, governing.id)
        if ledger.balances[event.lender] < 0:
            problems.append(Problem(f"{where}.amount", f"takes the balance of {event.lender} "
                                    f"below zero ({ledger.balances[event.lender]})"))
    if problems:
        raise InvalidInputError(list(dict.fromkeys(problems)))  # a schedule's unset allocations
    return ledger


def _lender_of(policy: Policy, lender: object, day: _dt.date) -> str:
    """``lender`` if ``policy`` (in force on ``day``, of a schedule) knows it; refuse it naming
    the policy otherwise."""
    try:
        return policy.require_lender(lender)
    except InvalidInputError as exc:
        raise InvalidInputError([
            Problem(p.field, f"{p.message}; {policy.id} is the policy in force on "
                    f"{day.isoformat()}") for p in exc.problems]) from None


@attrs.frozen(kw_only=True)
class RiskFund:
    """The fund's ledger: an immutable tuple of dated events and the policy it follows.

    ``policy`` is a :class:`~poverty_credit.Policy` or a :class:`~poverty_credit.PolicySchedule`:
    every operation follows the policy in force on its date (SPEC D2, D7; ``accrue_interest``: on
    its ``end``), which gives the event its article and ``policy_id``, and the lenders it may
    name: an operation for a lender that policy does not know is refused. The ledger keeps every
    lender it has seen, so balances, statements and references of a lender the later policy
    dropped stay readable (see :mod:`poverty_credit.fund`).

    Build it with :meth:`open`; every operation returns a new fund and leaves this one as it was.
    A fund built directly from events (e.g. read back from a file with
    :func:`~poverty_credit.from_dict`) is checked whole, once: events in date order, lenders of the
    policy in force on their dates, no balance ever below zero, no interest period overlapping
    the one before, county money only on payouts (only what the fund could not pay) and on
    returns, and every recovery or clawback following a payout of its reference and returning no
    more than was paid (to the fund's account first), with a share that agrees with the ledger.
    An event that contradicts the ledger is :class:`~poverty_credit.InvalidInputError` naming its
    path, e.g. ``events[3].amount``.

    ``events`` is built from the ledger's persistent store the first time it is read (``O(n)``,
    then kept); the operations, balances and statements never need it.

    >>> import datetime as dt
    >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
    >>> len(fund.events), fund.events[0].kind.value, fund.events[0].amount
    (2, 'allocation', Decimal('15000000.00'))
    """

    policy: Policy | PolicySchedule = DEFAULT_POLICY
    events: tuple[FundEvent, ...] = ()
    _ledger: _Ledger = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("policy", require_schedule)
        c.items("events", instance_of(FundEvent, "a FundEvent"), container=tuple)
        c.done()
        object.__setattr__(self, "_ledger", _checked_ledger(self.policy, self.events))

    # hidden from type checkers, to which it would give every unknown attribute a type
    if not typing.TYPE_CHECKING:  # pragma: no branch

        def __getattr__(self, name: str) -> object:
            # A fund grown by an operation leaves its ``events`` slot empty until it is read:
            # building the tuple at every operation would copy the whole ledger each time.
            if name != "events":
                raise AttributeError(name)
            events = tuple(self._ledger.events)
            object.__setattr__(self, "events", events)
            return events

    @classmethod
    def _grown(cls, policy: Policy | PolicySchedule, ledger: _Ledger) -> RiskFund:
        fund = object.__new__(cls)
        object.__setattr__(fund, "policy", policy)
        object.__setattr__(fund, "_ledger", ledger)
        return fund

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def open(cls, policy: Policy | PolicySchedule = DEFAULT_POLICY, *, on: _dt.date) -> RiskFund:
        """Open the fund on ``on`` with one allocation event per lender (Art. 5, 7).

        The allocations (``fund_allocations`` of the policy in force on ``on``) count as that
        year's contributions. A later policy of a schedule with other allocations moves no money
        by itself: record the change with :meth:`contribute`.

        Raises:
            InvalidInputError: ``policy`` is not a Policy or a PolicySchedule, ``on`` not a date
                or before the schedule's first policy, or the policy in force leaves
                ``fund_allocations`` unset (``policy.fund_allocations``).

        >>> import datetime as dt
        >>> RiskFund.open(on=dt.date(2026, 1, 1)).statement(2026).contributions
        Decimal('20000000.00')
        """
        policy = require_schedule(policy, "policy")
        on = require_date(on, "on")
        governing = _in_force(policy, on, "on")
        allocations: Mapping[str, Decimal] = governing.need("fund_allocations")
        cited = governing.cite(ReasonCode.FUND_ALLOCATION)
        events = tuple(
            FundEvent(on=on, kind=FundEventKind.ALLOCATION, lender=lender, amount=amount,
                      article=cited.article, article_zh=cited.article_zh,
                      policy_id=governing.id, reference="allocation")
            for lender, amount in allocations.items()
        )
        return cls(policy=policy, events=events)

    def _append(self, event: FundEvent) -> RiskFund:
        return RiskFund._grown(self.policy, self._ledger.plus(event, event.policy_id or ""))

    @staticmethod
    def _event(policy: Policy, code: ReasonCode, **fields: Any) -> FundEvent:
        """An event made under ``policy``: its article from ``policy.cite(code)`` (SPEC D7)."""
        cited = policy.cite(code)
        return FundEvent(article=cited.article, article_zh=cited.article_zh, policy_id=policy.id,
                         **fields)

    def _operation(
        self, lender: object, on: object, field: str = "on"
    ) -> tuple[Policy, str, _dt.date]:
        """The policy in force on an operation's date, its lender and its date, checked."""
        if isinstance(self.policy, Policy):  # the lender first, as before schedules
            return self.policy, self.policy.require_lender(lender), self._date(on, field)
        day = self._date(on, field)
        governing = _in_force(self.policy, day, field)
        return governing, _lender_of(governing, lender, day), day

    def _lenders(self) -> list[str]:
        """Every lender a reader may name: a plain policy's; for a schedule, those the ledger
        has seen and those of every policy of the schedule."""
        if isinstance(self.policy, Policy):
            return list(self.policy.need("fund_allocations"))
        known = dict.fromkeys(self._ledger.balances)
        for policy in self.policy:
            known.update(dict.fromkeys(policy.fund_allocations or ()))
        return list(known)

    def _lender(self, lender: object) -> str:
        """``lender`` if a reader (``balance``, ``statement``…) may name it."""
        if isinstance(self.policy, Policy):
            return self.policy.require_lender(lender)
        known = self._lenders()
        if not isinstance(lender, str) or lender not in known:
            names = ", ".join(repr(k) for k in known)
            raise InvalidInputError.single(
                "lender", f"must be a lender of the ledger or of a policy of its schedule, one "
                f"of {names} (got {describe(lender)})")
        return lender

    def _year_policy_ids(self, year: int) -> tuple[str, ...]:
        """The documents a year without events would name: the policy in force on its last
        day."""
        try:
            return (_in_force(self.policy, _dt.date(year, 12, 31), "year").id,)
        except InvalidInputError:
            return ()

    def _date(self, value: object, field: str = "on") -> _dt.date:
        on = require_date(value, field)
        last = self._ledger.last
        if last is not None and on < last:
            raise InvalidInputError.single(
                field, f"the ledger's dates must not go backwards: the last event is dated "
                f"{last.isoformat()} (got {on.isoformat()})"
            )
        return on

    # -- reading --------------------------------------------------------------------------------

    def replay(self, until: _dt.date | None = None) -> Mapping[str, Decimal]:
        """The balance of every lender after the events dated on or before ``until`` (all events
        when ``None``).

        The balances after every event are carried forward; for an earlier ``until`` the year's
        opening is replayed up to that day (at most the events of that year). Under a schedule
        the lenders are those the ledger had seen by then.

        >>> import datetime as dt
        >>> dict(RiskFund.open(on=dt.date(2026, 1, 1)).replay(dt.date(2025, 12, 31)))
        {'credit_union': Decimal('0.00'), 'postal_savings': Decimal('0.00')}
        """
        limit = None if until is None else require_date(until, "until")
        ledger = self._ledger
        if limit is None or ledger.last is None or limit >= ledger.last:
            return MappingProxyType(ledger.balances)
        index = ledger.year_index(limit.year)  # < len(years): limit is before the last event
        entry = ledger.years[index]
        balances = dict(entry.opening)
        if entry.year == limit.year:
            events, i = ledger.events, entry.first
            with compute():  # stops before the end: the last event is after limit
                while (event := events[i]).on <= limit:
                    balances[event.lender] = balances.get(event.lender, ZERO) + event.delta
                    i += 1
        return MappingProxyType(balances)

    def balance(self, lender: str) -> Decimal:
        """The lender's fund balance after every event (the replay of the events, carried
        forward).

        >>> import datetime as dt
        >>> RiskFund.open(on=dt.date(2026, 1, 1)).balance("postal_savings")
        Decimal('5000000.00')
        """
        lender = self._lender(lender)
        return self._ledger.balances.get(lender, ZERO)

    def statement(self, year: int, lender: str | None = None) -> FundStatement:
        """The account of ``year`` for one lender or, with ``lender=None``, the whole fund.

        The opening is the closing of the year before (Art. 5 roll-over); the statement balances
        to the fen (see :class:`FundStatement`). The year's figures are carried forward as events
        are appended, so a statement costs the same however long the ledger.

        >>> import datetime as dt
        >>> fund = RiskFund.open(on=dt.date(2026, 1, 1))
        >>> fund = fund.contribute("1000", "credit_union", dt.date(2027, 3, 1), source="county")
        >>> s = fund.statement(2027, "credit_union")
        >>> s.opening, s.contributions, s.closing
        (Decimal('15000000.00'), Decimal('1000.00'), Decimal('15001000.00'))
        """
        year = as_int(year, "year", 1, 9999)
        if lender is not None:
            lender = self._lender(lender)
        ledger = self._ledger
        lenders = self._lenders() if lender is None else [lender]
        index = ledger.year_index(year)
        found = index < len(ledger.years) and ledger.years[index].year == year
        year_flows = ledger.years[index].flows if found else {}
        ids = ledger.years[index].policy_ids if found else self._year_policy_ids(year)
        opening_of, closing_of = ledger.opening(year), ledger.opening(year + 1)
        with compute():
            opening = sum((opening_of.get(name, ZERO) for name in lenders), ZERO)
            closing = sum((closing_of.get(name, ZERO) for name in lenders), ZERO)
            flows = [sum(column, ZERO) for column in zip(
                *(year_flows.get(name, _NO_FLOWS) for name in lenders), strict=True)]
        total = _Flows(*flows)
        return FundStatement(
            year=year, lender=lender, opening=opening, contributions=total.contributions,
            interest=total.interest, payouts=total.payouts, county_top_ups=total.county_top_ups,
            recoveries=total.recoveries, clawbacks=total.clawbacks,
            county_refunds=total.county_refunds, closing=closing,
            policy_id=ids[-1] if ids else None, policy_ids=ids,
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
        lender = self._lender(lender)
        ref = self._reference(lender, as_text(reference, "reference"))
        with compute():
            return Payout(from_fund=ref.paid_fund - ref.returned_fund,
                          from_county=ref.paid_county - ref.returned_county)

    def _reference(self, lender: str, reference: str) -> _Reference:
        return self._ledger.references.get((lender, reference)) or _NO_REFERENCE

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
        policy, lender, on = self._operation(lender, on)
        text = as_text(source, "source")
        return self._append(self._event(
            policy, ReasonCode.FUND_CONTRIBUTION, on=on, kind=FundEventKind.CONTRIBUTION,
            lender=lender, amount=money, reference=text))

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
        if isinstance(self.policy, Policy):  # the lender first, as before schedules
            policy, lender = self.policy, self.policy.require_lender(lender)
            start = require_date(start, "start")
            end = self._date(end, "end")
        else:
            start = require_date(start, "start")
            end = self._date(end, "end")
            policy = _in_force(self.policy, end, "end")  # SPEC D7: accrue_interest → its end
            lender = _lender_of(policy, lender, end)
        fixed = None if rate is None else parse_rate(rate, "rate")
        if end <= start:
            raise InvalidInputError.single(
                "end", f"must be after start {start.isoformat()} (got {end.isoformat()})")
        credited = self._ledger.interest.get(lender)
        if credited is not None and start < credited[1]:
            first, last = credited
            raise InvalidInputError.single(
                "start", f"interest for {lender} was already credited for "
                f"{first.isoformat()}..{last.isoformat()} (exclusive); a new period "
                f"must start on or after {last.isoformat()} (got {start.isoformat()})")
        total = ZERO
        with compute():
            for day, balance in self._daily_balances(lender, start, end):
                if balance:
                    day_rate = fixed if fixed is not None else rates.deposit_rate(
                        day, policy.need("fund_deposit_tier"), policy)
                    total += balance * day_rate
            interest = to_fen(total / policy.day_count_basis)
        return self._append(self._event(
            policy, ReasonCode.FUND_INTEREST, on=end, kind=FundEventKind.INTEREST, lender=lender,
            amount=interest, reference=f"interest {start.isoformat()}..{end.isoformat()}",
            period_start=start))

    def _daily_balances(
        self, lender: str, start: _dt.date, end: _dt.date
    ) -> list[tuple[_dt.date, Decimal]]:
        """The end-of-day balance of each day of ``[start, end)``.

        ``end`` is on or after the last event, so the events of the period are the ledger's tail:
        it is read backwards from the end, as far as ``start`` (the events of the period only).
        """
        events = self._ledger.events
        window: list[FundEvent] = []
        i = len(events) - 1
        while i >= 0 and events[i].on >= start:
            if events[i].lender == lender:
                window.append(events[i])
            i -= 1
        window.reverse()
        days: list[tuple[_dt.date, Decimal]] = []
        one = _dt.timedelta(days=1)
        day, j = start, 0
        with compute():
            balance = self._ledger.balances.get(lender, ZERO) - sum((e.delta for e in window),
                                                                    ZERO)
            while day < end:
                while j < len(window) and window[j].on == day:
                    balance += window[j].delta
                    j += 1
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
        policy, lender, on = self._operation(lender, on)
        text = optional(as_text)(reference, "reference")
        from_fund = min(money, self._ledger.balances.get(lender, ZERO))
        with compute():
            payout = Payout(from_fund=from_fund, from_county=money - from_fund)
        event = self._event(policy, ReasonCode.FUND_PAYOUT, on=on, kind=FundEventKind.PAYOUT,
                            lender=lender, amount=from_fund, county=payout.from_county,
                            reference=text)
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

        The fund side's part: with ``share`` (how the loss was borne), as
        :func:`share_recovery(amount, share, bad_faith=bad_faith) <share_recovery>` splits it (the
        insurer's part likewise); without it, ``ROUND_HALF_UP(amount × policy.fund_share)``, or in
        bad faith all of it. That part is then capped by what is still unreturned for
        ``reference`` (its payouts, county top-ups included, less what earlier recoveries and
        clawbacks returned), so partial recoveries never return more than was paid out; any excess
        stays with the lender. The part is credited to the fund's account first, up to what the
        fund itself paid, then refunded to the county (see the module docstring).

        A ``share`` must agree with the ledger (SPEC part B): ``share.fund`` is the total paid
        for the reference (``from_fund + from_county`` of its payouts); every recovery of a
        reference gives the same share, or none does; and with a share the recoveries of the
        reference together never exceed the loss (``share.total``). The share is kept on the
        event, so a stored ledger holds later recoveries to it too.

        Returns:
            The new fund and the split of ``amount`` (``fund`` = the fund side's part, county
            refund included).

        Raises:
            InvalidInputError: bad input; no payout recorded for ``reference``; a share that
                contradicts the ledger (``share``); recoveries above the loss (``amount``).

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
        policy, lender, on = self._operation(lender, on)
        if share is not None:
            share = instance_of(LossShare, "a LossShare")(share, "share")
        bad_faith = as_bool(bad_faith, "bad_faith")
        text, ref = self._paid_reference(lender, reference)
        conflict = _share_conflict(ref, share, money, text)
        if conflict is not None:
            raise InvalidInputError.single("share" if conflict[0] == "share" else "amount",
                                           conflict[1])
        insurer = ZERO
        if share is not None:
            parts = share_recovery(money, share, bad_faith=bad_faith)
            wanted, insurer = parts.fund, parts.insurer
        elif bad_faith:
            wanted = money
        else:
            with compute():
                wanted = to_fen(money * policy.need("fund_share"))
        fund_part = min(wanted, ref.remaining)
        to_fund, to_county = ref.split(fund_part)
        event = self._event(policy, ReasonCode.FUND_RECOVERY, on=on, kind=FundEventKind.RECOVERY,
                            lender=lender, amount=to_fund, county=to_county, recovered=money,
                            reference=text, share=share)
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
        policy, lender, on = self._operation(lender, on)
        text, ref = self._paid_reference(lender, reference)
        if money > ref.remaining:
            raise InvalidInputError.single(
                "amount", f"cannot exceed what is still unreturned of the compensation paid for "
                f"{text!r}: {ref.remaining} (got {money})")
        to_fund, to_county = ref.split(money)
        return self._append(self._event(
            policy, ReasonCode.FUND_CLAW_BACK, on=on, kind=FundEventKind.CLAWBACK, lender=lender,
            amount=to_fund, county=to_county, reference=text))
