"""Strategies for the batch functions: portfolios (loan lists with unique ids), policy variants
and schedules, and the feature probes that say which part-D variants the scalar API honours.

A variant joins the batch = scalar property only when the scalar functions already honour it
(probed by asking them, never by re-implementing them), so the property keeps holding while the
scalar part-D code lands on other branches.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

import poverty_credit as pc
from poverty_credit import DEFAULT_POLICY, Benchmark, Loan, NaturalPerson, Policy, PolicyDocument
from strategies import dates, loans, money, natural_persons, rates

#: The PBoC lending table starts here; earlier loans raise RateNotFound (tested separately).
RATES_FROM = dt.date(2011, 7, 7)

_PROBE_PERSON = NaturalPerson(id="probe", birth_date=dt.date(1980, 1, 1), registered_poor=True)
_PROBE = Loan(id="probe", borrower=_PROBE_PERSON, lender="credit_union", principal="60000",
              start_date=dt.date(2016, 1, 1), maturity_date=dt.date(2016, 6, 1),
              annual_rate="0.0435")


def _probe_amount(policy: object, month: int = 3, loan: Loan = _PROBE) -> Decimal | None:
    try:
        return pc.monthly_subsidy(loan, 2016, month, policy).amount  # type: ignore[arg-type]
    except (TypeError, pc.InvalidInputError):
        return None


@functools.cache
def scalar_honours() -> frozenset[str]:
    """The part-D subsidy variants the scalar ``monthly_subsidy`` honours today."""
    base = _probe_amount(DEFAULT_POLICY)
    found = set()
    probes: dict[str, object] = {
        "subsidy_share": attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5"),
        "max_subsidised_principal": attrs.evolve(DEFAULT_POLICY, max_subsidised_principal="10000"),
        "subsidy_flat_rate": attrs.evolve(DEFAULT_POLICY, subsidy_rate="flat",
                                          subsidy_flat_rate="0.01"),
        "subsidy_max_days": attrs.evolve(DEFAULT_POLICY, subsidy_max_days=40),
    }
    for name, policy in probes.items():
        amount = _probe_amount(policy)
        if amount is not None and amount != base:
            found.add(name)
    try:
        from poverty_credit import PolicySchedule

        later = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5",
                             effective_from=dt.date(2016, 3, 16),
                             existing_contracts="switch",
                             document=PolicyDocument(id="probe-later", title="probe"))
        amount = _probe_amount(PolicySchedule([DEFAULT_POLICY, later]))
        if amount is not None and "subsidy_share" in found and amount != base:
            found.add("schedules")
    except ImportError:  # pragma: no cover
        pass
    if hasattr(pc, "settle_year"):
        found.add("settle_year")
    return frozenset(found)


@st.composite
def portfolios(draw: st.DrawFn, *, max_size: int = 8, entities: bool = False) -> list[Loan]:
    """Loans with unique ids, started on or after the first benchmark rate."""
    borrower = (st.one_of(natural_persons(), st.deferred(lambda: _entity())) if entities
                else natural_persons())
    items = draw(st.lists(
        loans(borrower=borrower, start=dates(RATES_FROM, dt.date(2026, 6, 30)),
              principal=st.one_of(money("120000.00"), st.sampled_from(
                  [Decimal("50000.00"), Decimal("50000.01"), Decimal("0.01")]))),
        max_size=max_size))
    return [attrs.evolve(x, id=f"L{i}") for i, x in enumerate(items)]


def _entity() -> st.SearchStrategy[Any]:
    from strategies import legal_entities

    return legal_entities(max_agreements=2)


@st.composite
def subsidy_policies(draw: st.DrawFn) -> Policy:
    """DEFAULT_POLICY variants: max_loan_amount, benchmark, subsidise_extensions, day basis; and
    the part-D subsidy fields the scalar API honours (:func:`scalar_honours`)."""
    changes: dict[str, Any] = {}
    if draw(st.booleans()):
        changes["max_loan_amount"] = draw(money("200000.00"))
    if draw(st.booleans()):
        changes["benchmark"] = draw(st.sampled_from(Benchmark))
    changes["subsidise_extensions"] = draw(st.booleans())
    if draw(st.booleans()):
        changes["day_count_basis"] = draw(st.sampled_from([360, 365]))
    honours = scalar_honours()
    if "subsidy_share" in honours and draw(st.booleans()):
        changes["subsidy_share"] = draw(st.sampled_from(["0.70", "0.5", "1", "0.333"]))
    if "max_subsidised_principal" in honours and draw(st.booleans()):
        changes["max_subsidised_principal"] = draw(money("80000.00"))
    if "subsidy_flat_rate" in honours and draw(st.booleans()):
        changes["subsidy_rate"] = "flat"
        changes["subsidy_flat_rate"] = draw(rates("0.08"))
    if "subsidy_max_days" in honours and draw(st.booleans()):
        changes["subsidy_max_days"] = draw(st.integers(1, 800))
    policy = attrs.evolve(DEFAULT_POLICY, **changes)
    if "schedules" in honours and draw(st.booleans()):
        from poverty_credit import PolicySchedule

        later = attrs.evolve(
            policy, subsidy_share=draw(st.sampled_from(["0.70", "0.5", "1"])),
            effective_from=draw(st.dates(dt.date(2012, 1, 1), dt.date(2026, 12, 31))),
            existing_contracts=draw(st.sampled_from(["keep", "switch"])),
            document=PolicyDocument(id="later", title="A later notice"))
        return PolicySchedule([policy, later])  # type: ignore[return-value]
    return policy


def lpr_safe(loans_: list[Loan]) -> list[Loan]:
    """The LPR table starts on 2019-08-20: move earlier loans' dates forward."""
    shift = []
    for x in loans_:
        if x.start_date < dt.date(2019, 8, 20):
            delta = dt.date(2019, 8, 20) - x.start_date
            shift.append(attrs.evolve(
                x, start_date=x.start_date + delta, maturity_date=x.maturity_date + delta,
                extended_to=None if x.extended_to is None else x.extended_to + delta,
                repayments=[attrs.evolve(r, on=r.on + delta) for r in x.repayments]))
        else:
            shift.append(x)
    return shift
