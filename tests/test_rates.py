"""Rate tables and lookups: expected values read by hand from domain-facts.md §5."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Benchmark,
    DepositTier,
    InvalidInputError,
    RateNotFound,
    rates,
)
from poverty_credit.policy import policy_memo
from poverty_credit.rates import (
    TABLE_NAMES,
    RateEntry,
    RateTable,
    _lending_column,
    _parse_table,
    benchmark_quote,
    benchmark_rate,
    deposit_quote,
    deposit_rate,
    policy_benchmark_quote,
    rate_table,
)

D = dt.date
LPR = attrs.evolve(DEFAULT_POLICY, benchmark=Benchmark.LPR)


# --- PBoC benchmark lending rates -------------------------------------------------------------

PBOC_CASES = [
    # (on, term_months, expected, why)
    (D(2015, 10, 23), 12, "0.0460", "day before the last cut: 2015-08-26 row, ≤1y band 4.60 %"),
    (D(2015, 10, 24), 12, "0.0435", "effective day of the last cut: ≤1y 4.35 %"),
    (D(2015, 10, 24), 1, "0.0435", "1 month is in the merged ≤1y band (1年以内含): 4.35 %"),
    (D(2015, 10, 24), 13, "0.0475", "13 months is the first month of 1–5y (1至5年含): 4.75 %"),
    (D(2015, 10, 24), 36, "0.0475", "36 months: 1–5y band, 4.75 % (the 3y band was merged in)"),
    (D(2015, 10, 24), 60, "0.0475", "60 months = 5 years, still 含5年: 4.75 %"),
    (D(2015, 10, 24), 61, "0.0490", "61 months is over 5 years: 4.90 %"),
    (D(2026, 3, 2), 36, "0.0475", "never changed after 2015-10-24: the 2015-10-24 row is in force"),
    (D(2012, 7, 6), 6, "0.0560", "2012-07-06 five-band row: ≤6 months 5.60 %"),
    (D(2012, 7, 6), 7, "0.0600", "2012-07-06 row: 6 months–1 year band 6.00 %"),
    (D(2012, 7, 5), 6, "0.0585", "day before: 2012-06-08 row, ≤6 months 5.85 %"),
    (D(2012, 7, 5), 7, "0.0631", "day before: 2012-06-08 row, 6m–1y 6.31 %"),
    (D(2012, 12, 31), 36, "0.0615", "2012-07-06 row, 1–3y band (13–36 months) 6.15 %"),
    (D(2012, 12, 31), 37, "0.0640", "2012-07-06 row, 3–5y band (37–60 months) 6.40 %"),
    (D(2014, 11, 21), 61, "0.0655", "last day of the five bands: >5y 6.55 %"),
    (D(2014, 11, 22), 61, "0.0615", "first day of three bands: >5y 6.15 %"),
    (D(2014, 11, 22), 6, "0.0560", "≤6 months now in the merged ≤1y band 5.60 %"),
    (D(2011, 7, 7), 60, "0.0690", "first row of the table: 3–5y 6.90 %"),
]


@pytest.mark.parametrize(("on", "term", "expected", "why"), PBOC_CASES)
def test_pboc_benchmark_by_hand(on: dt.date, term: int, expected: str, why: str) -> None:
    """Each expected value is the percentage in domain-facts §5.1 divided by 100."""
    assert benchmark_rate(on, term) == Decimal(expected), why


def test_pboc_quote_names_its_row_and_source() -> None:
    """2020-01-01, 12 months: the 2015-10-24 row, band upto_12m, source cites gov.cn."""
    quote = benchmark_quote(D(2020, 1, 1), 12)
    assert quote.table == "pboc_lending"
    assert quote.column == "upto_12m"
    assert quote.effective == D(2015, 10, 24)
    assert "gov.cn" in quote.source
    assert quote.rate == Decimal("0.0435")


def test_pboc_before_first_row() -> None:
    """The table starts 2011-07-07; the day before has no rate, and the message says so."""
    with pytest.raises(RateNotFound) as info:
        benchmark_rate(D(2011, 7, 6), 12)
    message = str(info.value)
    assert "2011-07-06" in message
    assert "2011-07-07" in message
    assert "PBoC benchmark lending" in message


# --- LPR ----------------------------------------------------------------------------------------

LPR_CASES = [
    (D(2025, 6, 1), 12, "0.0300", "12 months ≤ 12: 1-year LPR, 2025-05-20 row 3.00 %"),
    (D(2025, 6, 1), 13, "0.0350", "13 months > 12: 5-year-and-above LPR 3.50 %"),
    (D(2025, 6, 1), 1, "0.0300", "1 month: 1-year LPR 3.00 %"),
    (D(2025, 5, 19), 12, "0.0310", "day before 2025-05-20: 2024-10-21 row 3.10 %"),
    (D(2019, 8, 20), 12, "0.0425", "first fixing: 4.25 %"),
    (D(2019, 8, 20), 36, "0.0485", "first fixing, 5y+: 4.85 %"),
    (D(2021, 12, 19), 12, "0.0385", "20 months at 3.85 % (2020-04-20) until 2021-12-20"),
    (D(2021, 12, 20), 12, "0.0380", "2021-12-20: 3.80 %"),
]


@pytest.mark.parametrize(("on", "term", "expected", "why"), LPR_CASES)
def test_lpr_benchmark_by_hand(on: dt.date, term: int, expected: str, why: str) -> None:
    """Policy.benchmark = LPR: values from domain-facts §5.3 divided by 100."""
    assert benchmark_rate(on, term, LPR) == Decimal(expected), why


def test_lpr_before_first_fixing() -> None:
    """The LPR table starts 2019-08-20; 2019-08-19 → RateNotFound naming both dates."""
    with pytest.raises(RateNotFound, match=r"2019-08-19.*2019-08-20"):
        benchmark_rate(D(2019, 8, 19), 12, LPR)


def test_lpr_table_is_confirmed_through_march_2026() -> None:
    """domain-facts §5.3: unchanged at 3.00/3.50 in March 2026 (the 2026-03-20 fixing)."""
    table = rate_table("lpr")
    assert table.confirmed_through == D(2026, 3, 20)
    # domain-facts §5.1 [S]: banks still listed the 2015-10-24 rates in 2019 and 2021; §5.2 confirms
    # the deposit table only at its last change.
    assert rate_table("pboc_lending").confirmed_through == D(2021, 1, 1)
    assert rate_table("pboc_deposit").confirmed_through == D(2015, 10, 24)


# --- deposit rates ------------------------------------------------------------------------------

DEPOSIT_CASES = [
    (D(2020, 1, 1), DepositTier.DEMAND, "0.0035", "活期 0.35 % since 2012-07-06"),
    (D(2020, 1, 1), "1y", "0.0150", "2015-10-24 row, 1 year 1.50 %"),
    (D(2015, 10, 23), "3y", "0.0300", "2015-08-26 row, 3 years 3.00 %"),
    (D(2011, 7, 7), "demand", "0.0050", "first row, 活期 0.50 %"),
    (D(2012, 6, 8), "5y", "0.0510", "2012-06-08 row, 5 years 5.10 %"),
    (D(2014, 11, 21), "5y", "0.0475", "last day the 5-year tier was published: 4.75 %"),
    (D(2015, 3, 1), DepositTier.MONTHS_3, "0.0210", "2015-03-01 row, 3 months 2.10 %"),
    (D(2015, 6, 28), "6m", "0.0180", "2015-06-28 row, 6 months 1.80 %"),
    (D(2015, 5, 11), "2y", "0.0285", "2015-05-11 row, 2 years 2.85 %"),
]


@pytest.mark.parametrize(("on", "tier", "expected", "why"), DEPOSIT_CASES)
def test_deposit_by_hand(on: dt.date, tier: DepositTier | str, expected: str, why: str) -> None:
    """Values from domain-facts §5.2 divided by 100."""
    assert deposit_rate(on, tier) == Decimal(expected), why


def test_five_year_deposit_not_published_after_2014_11_22() -> None:
    """From 2014-11-22 the 5-year tier has no published benchmark: RateNotFound, not a guess."""
    with pytest.raises(RateNotFound, match=r"5y tier was not published on 2014-11-22"):
        deposit_rate(D(2014, 11, 22), DepositTier.YEARS_5)
    with pytest.raises(RateNotFound, match="not published on 2020-01-01"):
        deposit_rate(D(2020, 1, 1), "5y")


def test_deposit_before_first_row() -> None:
    """2011-07-06 is before the deposit table's first row."""
    with pytest.raises(RateNotFound, match=r"2011-07-06.*2011-07-07"):
        deposit_rate(D(2011, 7, 6), "demand")


def test_deposit_quote_source() -> None:
    """The quote tells where 0.35 % came from: the 2015-10-24 row of pboc_deposit."""
    quote = deposit_quote(D(2024, 1, 1), "demand")
    assert (quote.table, quote.column) == ("pboc_deposit", "demand")
    assert quote.effective == D(2015, 10, 24)
    assert quote.source


# --- tables -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_tables_load_with_sources(name: str) -> None:
    """Every row has a source, dates strictly increase, every value is a fraction in [0, 1)."""
    table = rate_table(name)
    assert isinstance(table, RateTable)
    assert table.title
    dates = [e.effective for e in table.entries]
    assert dates == sorted(set(dates))
    for entry in table.entries:
        assert entry.source.strip()
        assert set(entry.rates) == set(table.columns)
        for value in entry.rates.values():
            assert value is None or Decimal(0) <= value < 1


def test_table_row_counts() -> None:
    """domain-facts §5: 3 + 6 lending rows, 9 deposit rows, 15 LPR change points."""
    assert len(rate_table("pboc_lending").entries) == 9
    assert len(rate_table("pboc_deposit").entries) == 9
    assert len(rate_table("lpr").entries) == 15


def test_values_are_exact_percent_over_100() -> None:
    """4.35 % must be exactly 0.0435 (no binary float anywhere)."""
    row = rate_table("pboc_lending").entries[-1]
    assert row.rates["upto_12m"] == Decimal("4.35") / 100
    assert str(row.rates["upto_12m"]) == "0.0435"


@pytest.mark.parametrize("name", ["", "PBOC", "pboc-lending", None, 3])
def test_unknown_table(name: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        rate_table(name)  # type: ignore[arg-type]
    assert info.value.field == "name"


# --- malformed table files (a packaging defect must fail loudly) --------------------------------

GOOD = "# title: T\neffective,a,source\n2020-01-01,1.00,src\n"


NO_TITLE = "t: missing '# title:' line or header"
BAD_HEADER = "t: header must be effective,<columns...>,source"
ROW = "# title: T\neffective,a,source\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("effective,a,source\n2020-01-01,1.00,src\n", NO_TITLE),
        ("# title\neffective,a,source\n2020-01-01,1.00,src\n", NO_TITLE),  # no colon
        ("# title: T\n", NO_TITLE),  # no header
        ("# title: T\ndate,a,source\n2020-01-01,1.00,src\n", BAD_HEADER),
        ("# title: T\neffective,a,src\n2020-01-01,1.00,src\n", BAD_HEADER),
        ("# title: T\neffective,source\n2020-01-01,src\n", BAD_HEADER),  # no rate column
        (ROW, "t: no rows"),
        # the header is line 2 of the CSV, so the first row is row 2
        (ROW + "2020-01-01,1.00\n", "t row 2: 2 cells, expected 3"),
        (ROW + "2020-01-01,x,src\n", "t row 2 a: 'x' is not a number"),
        (ROW + "2020-01-01,100,src\n", "t row 2 a: '100' is not a percentage in [0, 100)"),
        (ROW + "2020-01-01,-1,src\n", "t row 2 a: '-1' is not a percentage in [0, 100)"),
        (ROW + "2020-01-01,NaN,src\n", "t row 2 a: 'NaN' is not a percentage in [0, 100)"),
        (ROW + "2020-01-02,1,s\n2020-01-01,1,s\n", "t row 3: dates must increase (2020-01-01)"),
        (ROW + "2020-01-02,1,s\n2020-01-02,1,s\n", "t row 3: dates must increase (2020-01-02)"),
        ("# title: T\neffective,a,b,source\n2020-01-02,1,2,s\n2020-02-02,1,x,s\n",
         "t row 3 b: 'x' is not a number"),
    ],
)
def test_malformed_table_text(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:  # noqa: PT011 - any packaging error is a ValueError
        _parse_table("t", text)
    assert str(info.value) == message


def test_table_text_edges() -> None:
    """The title is everything after the first colon; other comment lines are notes; 0 % is a
    rate (0 ≤ p < 100) and 99.99 % the largest kind; an empty cell is no rate; the source is the
    last cell, stripped; without confirmed_through the table is confirmed for no date."""
    table = _parse_table("t", "#title: A: B \n# note: confirmed_through: 2020\n#x\n\n  \n"
                              "effective,a,b,source\n2020-01-01,0,,  src one \n"
                              "2021-01-01,99.99,1,s2\n")
    assert (table.name, table.title, table.columns, table.confirmed_through) == (
        "t", "A: B", ("a", "b"), None)
    first, second = table.entries
    assert (first.effective, dict(first.rates), first.source) == (
        D(2020, 1, 1), {"a": Decimal("0"), "b": None}, "src one")
    assert (dict(second.rates), second.source) == (
        {"a": Decimal("0.9999"), "b": Decimal("0.01")}, "s2")


def test_wellformed_table_text() -> None:
    """A minimal file with a note line and a confirmed_through line parses."""
    table = _parse_table("t", "# a note\n# confirmed_through: 2021-01-01\n" + GOOD)
    assert table.title == "T"
    assert table.confirmed_through == D(2021, 1, 1)
    assert table.entries[0].rates["a"] == Decimal("0.01")


# --- bad input ----------------------------------------------------------------------------------

BAD_DATES = [dt.datetime(2020, 1, 1, 9, 0), "2020-01-01", None, 20200101]


@pytest.mark.parametrize("on", BAD_DATES)
def test_bad_dates(on: object) -> None:
    calls: tuple[Callable[[], object], ...] = (
        lambda: benchmark_rate(on, 12),  # type: ignore[arg-type]
        lambda: deposit_rate(on, "demand"),  # type: ignore[arg-type]
        lambda: rate_table("lpr").entry_on(on),  # type: ignore[arg-type]
    )
    for call in calls:
        with pytest.raises(InvalidInputError) as info:
            call()
        assert info.value.field == "on"


@pytest.mark.parametrize("term", [0, -1, True, 12.0, "12", None, Decimal(12)])
def test_bad_terms(term: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        benchmark_rate(D(2020, 1, 1), term)  # type: ignore[arg-type]
    assert info.value.field == "term_months"


@pytest.mark.parametrize("tier", ["10y", "", None, 1, DepositTier])
def test_bad_tiers(tier: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        deposit_rate(D(2020, 1, 1), tier)  # type: ignore[arg-type]
    assert info.value.field == "tier"


def test_bad_policy() -> None:
    calls: tuple[Callable[[], object], ...] = (
        lambda: benchmark_rate(D(2020, 1, 1), 12, "lpr"),  # type: ignore[arg-type]
        lambda: deposit_rate(D(2020, 1, 1), "1y", None),  # type: ignore[arg-type]
    )
    for call in calls:
        with pytest.raises(InvalidInputError) as info:
            call()
        assert info.value.field == "policy"


def test_datetime_message_says_what_to_do() -> None:
    with pytest.raises(InvalidInputError, match=r"not a datetime.*\.date\(\)"):
        benchmark_rate(dt.datetime(2020, 1, 1, 23, 59), 12)


# --- properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=D(2011, 7, 7), max_value=D(2035, 12, 31))
lpr_dates = st.dates(min_value=D(2019, 8, 20), max_value=D(2035, 12, 31))
terms = st.integers(min_value=1, max_value=600)
policies = st.sampled_from([DEFAULT_POLICY, LPR])
published_tiers = st.sampled_from([t for t in DepositTier if t is not DepositTier.YEARS_5])


@given(on=lpr_dates, term=terms, policy=policies)
def test_rates_are_fractions(on: dt.date, term: int, policy: object) -> None:
    rate = benchmark_rate(on, term, policy)  # type: ignore[arg-type]
    assert Decimal(0) <= rate < 1


@given(on=dates, tier=published_tiers)
def test_deposit_rates_are_fractions(on: dt.date, tier: DepositTier) -> None:
    assert Decimal(0) <= deposit_rate(on, tier) < 1


@given(a=dates, b=dates, term=terms)
def test_step_function_of_the_date(a: dt.date, b: dt.date, term: int) -> None:
    """Two dates in force under the same row give the same rate; the row is the latest ≤ date."""
    qa, qb = benchmark_quote(a, term), benchmark_quote(b, term)
    assert qa.effective <= a
    if qa.effective == qb.effective:
        assert qa.rate == qb.rate
    table = rate_table("pboc_lending")
    later = [e.effective for e in table.entries if e.effective > qa.effective]
    assert not later or later[0] > a


@given(on=dates, term=terms)
def test_rate_constant_within_a_band(on: dt.date, term: int) -> None:
    """Terms in the same band (same column) on the same date get the same rate."""
    quote = benchmark_quote(on, term)
    band_terms = {"upto_6m": 1, "upto_12m": 12, "upto_36m": 36, "upto_60m": 60, "over_60m": 600}
    assert benchmark_rate(on, band_terms[quote.column]) == quote.rate


@given(on=st.dates(max_value=D(2011, 7, 6)), term=terms)
def test_before_tables_always_rate_not_found(on: dt.date, term: int) -> None:
    with pytest.raises(RateNotFound):
        benchmark_rate(on, term)
    with pytest.raises(RateNotFound):
        deposit_rate(on, "demand")


_TIER_WORDS = {t.value.lower() for t in DepositTier} | {t.name.lower() for t in DepositTier}
junk_values = st.one_of(
    st.none(),
    st.text().filter(lambda s: s.strip().lower() not in _TIER_WORDS),
    st.floats(),
    st.booleans(),
    st.datetimes(),
)


@given(junk=junk_values)
def test_junk_raises_only_invalid_input(junk: object) -> None:
    calls: tuple[Callable[[], object], ...] = (
        lambda: benchmark_rate(junk, 12),  # type: ignore[arg-type]
        lambda: benchmark_rate(D(2020, 1, 1), junk),  # type: ignore[arg-type]
        lambda: deposit_rate(D(2020, 1, 1), junk),  # type: ignore[arg-type]
    )
    for call in calls:
        with pytest.raises(InvalidInputError):
            call()


def test_unknown_table_message_lists_the_names() -> None:
    with pytest.raises(InvalidInputError) as info:
        rate_table("PBOC")  # type: ignore[arg-type]
    assert str(info.value) == (
        "name: must be one of 'pboc_lending', 'pboc_deposit', 'lpr' (got 'PBOC', a str)")


def test_a_row_without_a_band_for_the_term_is_a_table_error() -> None:
    """Every shipped row has an open-ended band; a row of empty cells has none for 12 months."""
    columns = rate_table("pboc_lending").columns
    empty = RateEntry(D(2020, 1, 1), types.MappingProxyType(dict.fromkeys(columns)), "s")
    with pytest.raises(RateNotFound) as info:
        _lending_column(empty, columns, 12)
    assert str(info.value) == "no lending band for 12 months in the row of 2020-01-01"


def test_the_quote_memo_is_bounded_and_starts_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """policy_benchmark_quote keeps at most ``_QUOTES_KEPT`` quotes per policy (here 2); a third
    empties the memo first, and a quote asked for again is looked up afresh, the same figure.
    2016-01-01 falls under the row of 2015-10-24 (pboc_lending.csv): 12 months -> upto_12m
    4.35 %; 36 months -> the empty upto_36m cell merges into upto_60m, 4.75 %; 72 months ->
    over_60m 4.90 %."""
    monkeypatch.setattr(rates, "_QUOTES_KEPT", 2)
    p = attrs.evolve(DEFAULT_POLICY, max_age=64)  # a new policy object: an empty memo
    on = D(2016, 1, 1)
    assert policy_benchmark_quote(on, 12, p).rate == Decimal("0.0435")
    assert policy_benchmark_quote(on, 36, p).rate == Decimal("0.0475")
    quotes = policy_memo(p)[rates._QUOTES]
    assert set(quotes) == {(on, 12), (on, 36)}
    assert policy_benchmark_quote(on, 72, p).rate == Decimal("0.0490")
    assert set(quotes) == {(on, 72)}  # full at 2: emptied, then the new one kept
    assert policy_benchmark_quote(on, 12, p).rate == Decimal("0.0435")
    assert set(quotes) == {(on, 72), (on, 12)}


def test_the_quote_memo_keeps_the_quote_of_the_policy_asked() -> None:
    """A memoised quote is the very object looked up first (a second lookup returns it, not a
    copy), and it is the quote of the policy asked about: under the LPR, 2024-03-01 for 12
    months is the 1-year LPR of 2024-02-20, 3.45 % (lpr.csv), not the PBoC benchmark 4.35 %."""
    p = attrs.evolve(LPR, max_age=64)  # a new policy object: an empty memo
    on = D(2024, 3, 1)
    first = policy_benchmark_quote(on, 12, p)
    assert (first.rate, first.table, first.effective) == (Decimal("0.0345"), "lpr", D(2024, 2, 20))
    assert policy_benchmark_quote(on, 12, p) is first
    assert policy_memo(p)[rates._QUOTES][on, 12] is first
