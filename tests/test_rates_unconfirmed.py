"""Rates that run out say so (SPEC D3): confirmed-through dates, RATE_UNCONFIRMED, "refuse".

The dates, by hand from domain-facts §5: LPR confirmed unchanged at the March 2026 fixing
(2026-03-20); the PBoC benchmark lending rates still listed by banks in 2021 (2021-01-01, the
first day of that year, is all that is confirmed); the deposit table only at its last change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from poverty_credit import DEFAULT_POLICY, RateNotFound, ReasonCode, benchmark_quote, deposit_quote
from poverty_credit.rates import unconfirmed_note

LPR = attrs.evolve(DEFAULT_POLICY, benchmark="lpr")
REFUSE = attrs.evolve(LPR, unconfirmed_rates="refuse")


def test_a_rate_on_the_confirmed_date_is_confirmed() -> None:
    quote = benchmark_quote(dt.date(2026, 3, 20), 12, LPR)
    assert quote.rate == Decimal("0.03")  # 3.00 % since 2025-05-20
    assert quote.unconfirmed_after is None
    assert unconfirmed_note(quote, LPR) is None


def test_a_rate_the_day_after_is_noted() -> None:
    quote = benchmark_quote(dt.date(2026, 3, 21), 36, LPR)
    assert quote.rate == Decimal("0.035")  # the 5-year LPR, last row 2025-05-20
    assert quote.unconfirmed_after == dt.date(2026, 3, 20)
    note = unconfirmed_note(quote, LPR)
    assert note is not None
    assert (note.code, note.passed) == (ReasonCode.RATE_UNCONFIRMED, True)
    assert "2026-03-21" in note.message
    assert "2026-03-20" in note.message
    assert "3.5 %" in note.message
    assert "2026-03-20" in note.message_zh


def test_refuse_raises_rate_not_found_past_the_confirmed_date() -> None:
    assert benchmark_quote(dt.date(2026, 3, 20), 12, REFUSE).rate == Decimal("0.03")
    with pytest.raises(RateNotFound, match="2026-03-21 is after 2026-03-20"):
        benchmark_quote(dt.date(2026, 3, 21), 12, REFUSE)


def test_the_pboc_tables_are_confirmed_only_as_far_as_their_sources() -> None:
    lending = benchmark_quote(dt.date(2021, 1, 2), 12)
    assert (lending.rate, lending.unconfirmed_after) == (Decimal("0.0435"), dt.date(2021, 1, 1))
    assert benchmark_quote(dt.date(2021, 1, 1), 12).unconfirmed_after is None
    deposit = deposit_quote(dt.date(2016, 1, 1), "demand")
    assert (deposit.rate, deposit.unconfirmed_after) == (Decimal("0.0035"), dt.date(2015, 10, 24))
    note = unconfirmed_note(deposit, DEFAULT_POLICY)
    assert note is not None
    assert note.message.startswith("the deposit rate for 2016-01-01 is past 2015-10-24")
    assert note.message_zh.startswith("2016-01-01适用的存款基准利率")
