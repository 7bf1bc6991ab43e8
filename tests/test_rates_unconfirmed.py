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

from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    PolicyDocument,
    PolicySchedule,
    RateNotFound,
    ReasonCode,
    benchmark_quote,
    deposit_quote,
)
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


# --- what the note and the refusal say, exactly (issue 14) ------------------------------------


def test_refusal_names_the_table_the_dates_and_the_policy() -> None:
    with pytest.raises(RateNotFound) as info:
        benchmark_quote(dt.date(2026, 3, 21), 12, REFUSE)
    assert str(info.value) == (
        "Loan Prime Rate (贷款市场报价利率, LPR), % a year, 1-year and 5-year-and-above: "
        "2026-03-21 is after 2026-03-20, the last date the table's sources confirm, and policy "
        "x-county-measures refuses unconfirmed rates (unconfirmed_rates = 'refuse')")


def test_notes_state_rate_dates_and_table_in_both_languages() -> None:
    """Lending on 2026-03-02 (past 2021-01-01): 4.35 % in force from 2015-10-24 (≤ 12 months).
    Deposit (demand) on 2016-01-01 (past 2015-10-24): 0.35 % from 2015-10-24."""
    lending = unconfirmed_note(benchmark_quote(dt.date(2026, 3, 2), 12), DEFAULT_POLICY)
    deposit = unconfirmed_note(deposit_quote(dt.date(2016, 1, 1), "demand"), DEFAULT_POLICY)
    assert lending is not None
    assert deposit is not None
    assert lending.message == (
        "the benchmark lending rate for 2026-03-02 is past 2021-01-01, the last date the sources "
        "of PBoC benchmark lending rates (人民币贷款基准利率), % a year, by term band confirm: the "
        "last known rate 4.35 % (in force from 2015-10-24) is used; check it against the "
        "published figure")
    assert lending.message_zh == (
        "2026-03-02适用的基准利率超出数据来源确认的最后日期2021-01-01：沿用最后已知利率4.35 %"
        "（自2015-10-24起执行），请与公布值核对")
    assert deposit.message == (
        "the deposit rate for 2016-01-01 is past 2015-10-24, the last date the sources of "
        "PBoC benchmark deposit rates (人民币存款基准利率, 活期 and 整存整取), % a year, by tier "
        "confirm: the last known rate 0.35 % (in force from 2015-10-24) is used; check it "
        "against the published figure")
    assert deposit.message_zh == (
        "2016-01-01适用的存款基准利率超出数据来源确认的最后日期2015-10-24：沿用最后已知利率0.35 %"
        "（自2015-10-24起执行），请与公布值核对")


def test_the_note_cites_what_the_policy_cites() -> None:
    """The seed gives RATE_UNCONFIRMED no article; a policy that does is cited."""
    cited = attrs.evolve(DEFAULT_POLICY, citations={
        **DEFAULT_POLICY.citations, "RATE_UNCONFIRMED": Citation("Art. 99", "第九十九条")})
    note = unconfirmed_note(benchmark_quote(dt.date(2026, 3, 2), 12, cited), cited)
    assert note is not None
    assert (note.article, note.article_zh) == ("Art. 99", "第九十九条")


def test_quotes_read_a_schedule_on_the_day_quoted() -> None:
    """Seed (PBoC, note) until 2019-12-31; from 2020-01-01 LPR and refusing. The 1-year LPR on
    2020-03-01 is 4.05 %; the PBoC ≤ 1-year rate on 2019-12-31 is 4.35 %. The demand deposit
    rate is confirmed only to 2015-10-24: noted under the seed, refused under the later policy."""
    later = attrs.evolve(REFUSE, effective_from=dt.date(2020, 1, 1),
                         document=PolicyDocument(id="lpr", title="LPR notice"))
    schedule = PolicySchedule([DEFAULT_POLICY, later])
    assert benchmark_quote(dt.date(2019, 12, 31), 12, schedule).rate == Decimal("0.0435")
    assert benchmark_quote(dt.date(2020, 3, 1), 12, schedule).rate == Decimal("0.0405")
    assert deposit_quote(dt.date(2019, 12, 31), "demand", schedule).rate == Decimal("0.0035")
    with pytest.raises(RateNotFound, match="policy lpr refuses"):
        deposit_quote(dt.date(2020, 1, 1), "demand", schedule)
