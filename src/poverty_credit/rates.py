"""Rate tables shipped with the package, and the lookups the rules use.

Three tables live as CSV files in ``poverty_credit/data/rates/`` (one row per change point, values
in percent as the sources print them, each row with its source; see the README there):

* ``"pboc_lending"`` — PBoC benchmark lending rates (人民币贷款基准利率) by term band, from
  2011-07-07. Five bands (≤ 6, 7–12, 13–36, 37–60, > 60 months) until 2014-11-21, three bands
  (≤ 12 "1年以内含", 13–60 "1至5年含", > 60 months) from 2014-11-22.
* ``"pboc_deposit"`` — PBoC benchmark deposit rates (活期 and 整存整取) by
  :class:`~poverty_credit.DepositTier`, from 2011-07-07. The 5-year tier was not published from
  2014-11-22.
* ``"lpr"`` — the loan prime rate (LPR), 1-year and 5-year-and-above, from 2019-08-20.

A row holds from its effective date until the next row's. The PBoC benchmark tables end with
2015-10-24: the PBoC never changed them afterwards, so **the library treats the 2015-10-24 rows
as in force to this day**. The LPR table is known to be complete up to
:attr:`RateTable.confirmed_through`; after that date its last row is still returned, so update
the package (or check the figure) for later dates.

Rates are returned as exact :class:`~decimal.Decimal` fractions per year (4.35 % is
``Decimal("0.0435")``). A date before a table's first row raises
:class:`~poverty_credit.RateNotFound`; bad input raises :class:`~poverty_credit.InvalidInputError`.

>>> import datetime as dt
>>> benchmark_rate(dt.date(2026, 3, 2), 12)
Decimal('0.0435')
>>> quote = benchmark_quote(dt.date(2026, 3, 2), 36)
>>> quote.rate, quote.column, quote.effective
(Decimal('0.0475'), 'upto_60m', datetime.date(2015, 10, 24))
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import importlib.resources
import io
import types
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import attrs

from poverty_credit._money import compute, describe
from poverty_credit._validate import as_enum, as_int
from poverty_credit.decision import Reason, ReasonCode, finding
from poverty_credit.errors import InvalidInputError, RateNotFound
from poverty_credit.periods import require_date
from poverty_credit.policy import (
    DEFAULT_POLICY,
    Benchmark,
    DepositTier,
    Policy,
    UnconfirmedRates,
    policy_memo,
)
from poverty_credit.schedule import PolicySchedule, policy_on

__all__ = [
    "TABLE_NAMES",
    "RateEntry",
    "RateQuote",
    "RateTable",
    "benchmark_quote",
    "benchmark_rate",
    "deposit_quote",
    "deposit_rate",
    "rate_table",
    "unconfirmed_note",
]

#: The names :func:`rate_table` accepts (each is ``data/rates/<name>.csv``).
TABLE_NAMES = ("pboc_lending", "pboc_deposit", "lpr")

_LPR_SHORT = "1y"
_LPR_LONG = "5y_plus"
#: The 2021 national rule: terms up to this many months use the 1-year LPR, longer ones the 5-year+.
_LPR_SHORT_MAX_MONTHS = 12


@attrs.frozen
class RateEntry:
    """One row of a rate table: the rates in force from ``effective`` until the next row.

    ``rates`` maps each column of the table to its rate as a fraction per year, or ``None`` where
    the cell is empty (a merged lending band, an unpublished deposit tier). ``source`` is the
    source and status mark as compiled in the project's domain facts.

    >>> entry = rate_table("lpr").entries[0]
    >>> entry.effective, entry.rates["1y"], entry.rates["5y_plus"]
    (datetime.date(2019, 8, 20), Decimal('0.0425'), Decimal('0.0485'))
    """

    effective: _dt.date
    rates: Mapping[str, Decimal | None] = attrs.field(hash=False)
    source: str


@attrs.frozen
class RateTable:
    """A shipped rate table: its name, title, columns and rows (oldest first).

    ``confirmed_through`` is the last date on which the sources confirm the last row (``None``
    when the table is closed, as the PBoC benchmark tables are: never changed after 2015-10-24).

    >>> table = rate_table("pboc_lending")
    >>> table.columns
    ('upto_6m', 'upto_12m', 'upto_36m', 'upto_60m', 'over_60m')
    >>> table.entries[-1].effective, table.entries[-1].rates["upto_12m"]
    (datetime.date(2015, 10, 24), Decimal('0.0435'))
    """

    name: str
    title: str
    columns: tuple[str, ...]
    entries: tuple[RateEntry, ...]
    confirmed_through: _dt.date | None = None

    def entry_on(self, on: _dt.date) -> RateEntry:
        """The row in force on ``on``.

        Raises:
            RateNotFound: ``on`` is before the table's first row.
            InvalidInputError: ``on`` is not a plain date.

        >>> import datetime as dt
        >>> rate_table("lpr").entry_on(dt.date(2019, 8, 19))
        Traceback (most recent call last):
        ...
        poverty_credit.errors.RateNotFound: Loan Prime Rate ...: no rate on 2019-08-19, the table \
starts on 2019-08-20
        """
        on = require_date(on, "on")
        found: RateEntry | None = None
        for entry in self.entries:
            if entry.effective > on:
                break
            found = entry
        if found is None:
            raise RateNotFound(
                f"{self.title}: no rate on {on.isoformat()}, the table starts on "
                f"{self.entries[0].effective.isoformat()}"
            )
        return found


@attrs.frozen
class RateQuote:
    """A rate looked up in a table, with where it came from.

    >>> import datetime as dt
    >>> q = deposit_quote(dt.date(2020, 1, 1), "demand")
    >>> q.rate, q.table, q.column, q.effective
    (Decimal('0.0035'), 'pboc_deposit', 'demand', datetime.date(2015, 10, 24))
    """

    rate: Decimal  #: fraction per year
    table: str  #: the table's name (see :data:`TABLE_NAMES`)
    column: str  #: the band or tier column the rate was read from
    effective: _dt.date  #: the effective date of the row in force
    source: str  #: the row's source and status mark
    #: the date the rate was looked up for
    on: _dt.date | None = None
    #: the table's confirmed-through date when ``on`` is after it (the rate is then unconfirmed)
    unconfirmed_after: _dt.date | None = None
    #: the table's title
    title: str = ""


class _TableDataError(ValueError):
    """The shipped CSV is malformed (a packaging defect, not a user error)."""


def _parse_percent(text: str, where: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        percent = Decimal(text.strip())
    except InvalidOperation:
        raise _TableDataError(f"{where}: {text!r} is not a number") from None
    if not percent.is_finite() or not Decimal(0) <= percent < Decimal(100):
        raise _TableDataError(f"{where}: {text!r} is not a percentage in [0, 100)")
    with compute():
        return percent / 100  # exact: 4.35 % -> 0.0435


def _parse_table(name: str, text: str) -> RateTable:
    """Parse a table file: ``# key: value`` comment lines, then a CSV header and rows."""
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() in {"title", "confirmed_through"}:
                meta[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    rows = list(csv.reader(io.StringIO("\n".join(body))))
    if "title" not in meta or not rows:
        raise _TableDataError(f"{name}: missing '# title:' line or header")
    header = rows[0]
    if header[0] != "effective" or header[-1] != "source" or len(header) < 3:
        raise _TableDataError(f"{name}: header must be effective,<columns...>,source")
    columns = tuple(header[1:-1])
    entries: list[RateEntry] = []
    for number, row in enumerate(rows[1:], start=2):
        where = f"{name} row {number}"
        if len(row) != len(header):
            raise _TableDataError(f"{where}: {len(row)} cells, expected {len(header)}")
        effective = _dt.date.fromisoformat(row[0])
        if entries and effective <= entries[-1].effective:
            raise _TableDataError(f"{where}: dates must increase ({effective})")
        cells = zip(columns, row[1:-1], strict=True)
        rates = {col: _parse_percent(cell, f"{where} {col}") for col, cell in cells}
        entries.append(RateEntry(effective, types.MappingProxyType(rates), row[-1].strip()))
    if not entries:
        raise _TableDataError(f"{name}: no rows")
    through = meta.get("confirmed_through")
    return RateTable(
        name=name,
        title=meta["title"],
        columns=columns,
        entries=tuple(entries),
        confirmed_through=_dt.date.fromisoformat(through) if through else None,
    )


@functools.cache
def _load(name: str) -> RateTable:
    resource = importlib.resources.files("poverty_credit") / "data" / "rates" / f"{name}.csv"
    return _parse_table(name, resource.read_text(encoding="utf-8"))


def rate_table(name: str) -> RateTable:
    """One of the shipped rate tables, with every row and its source.

    Args:
        name: one of :data:`TABLE_NAMES`: ``"pboc_lending"``, ``"pboc_deposit"``, ``"lpr"``.

    Raises:
        InvalidInputError: an unknown name.

    >>> [e.effective.isoformat() for e in rate_table("pboc_deposit").entries][:3]
    ['2011-07-07', '2012-06-08', '2012-07-06']
    """
    if not isinstance(name, str) or name not in TABLE_NAMES:
        raise InvalidInputError.single(
            "name", f"must be one of {', '.join(map(repr, TABLE_NAMES))} (got {describe(name)})"
        )
    return _load(name)



def _band_upper(column: str) -> int | None:
    """``upto_12m`` -> 12; ``over_60m`` -> None (no upper bound)."""
    return int(column[len("upto_") : -1]) if column.startswith("upto_") else None


def _lending_column(entry: RateEntry, columns: tuple[str, ...], term_months: int) -> str:
    # Bands are nested by term; an empty cell means that band was merged into the next longer one
    # (the 2014-11-22 简并: 6 months and 1 year became "1年以内含", 1-3 and 3-5 years "1至5年含").
    for column in columns:
        upper = _band_upper(column)
        if (upper is None or term_months <= upper) and entry.rates[column] is not None:
            return column
    raise RateNotFound(  # pragma: no cover - every shipped row has an open-ended band
        f"no lending band for {term_months} months in the row of {entry.effective}"
    )


def _quote(
    table: RateTable, entry: RateEntry, column: str, on: _dt.date, policy: Policy
) -> RateQuote:
    rate = entry.rates[column]
    assert rate is not None  # callers pick a filled cell
    through = table.confirmed_through
    late = through if through is not None and on > through else None
    if late is not None and policy.unconfirmed_rates is UnconfirmedRates.REFUSE:
        raise RateNotFound(
            f"{table.title}: {on.isoformat()} is after {late.isoformat()}, the last date the "
            f"table's sources confirm, and policy {policy.id} refuses unconfirmed rates "
            "(unconfirmed_rates = 'refuse')"
        )
    return RateQuote(
        rate, table.name, column, entry.effective, entry.source, on, late, table.title
    )


def unconfirmed_note(quote: RateQuote, policy: Policy) -> Reason | None:
    """A passed ``RATE_UNCONFIRMED`` finding when ``quote`` lies past its table's confirmed date.

    >>> import datetime as dt
    >>> from poverty_credit import DEFAULT_POLICY
    >>> note = unconfirmed_note(benchmark_quote(dt.date(2026, 3, 2), 12), DEFAULT_POLICY)
    >>> note.passed, note.message
    (True, 'the benchmark lending rate for 2026-03-02 is past 2021-01-01, the last date the \
sources of PBoC benchmark lending rates (人民币贷款基准利率), % a year, by term band confirm: the \
last known rate 4.35 % (in force from 2015-10-24) is used; check it against the published figure')
    """
    late = quote.unconfirmed_after
    if late is None or quote.on is None:
        return None
    pct = f"{quote.rate:%}"[:-1] + " %"
    day, through, since = quote.on.isoformat(), late.isoformat(), quote.effective.isoformat()
    what, what_zh = (
        ("the deposit rate", "存款基准利率")
        if quote.table == "pboc_deposit"
        else ("the benchmark lending rate", "基准利率")
    )
    return finding(
        ReasonCode.RATE_UNCONFIRMED,
        policy.cite(ReasonCode.RATE_UNCONFIRMED),
        True,
        f"{what} for {day} is past {through}, the last date the sources of {quote.title} "
        f"confirm: the last known rate {pct} (in force from {since}) is used; check it against "
        "the published figure",
        f"{day}适用的{what_zh}超出数据来源确认的最后日期{through}：沿用最后已知利率{pct}"
        f"（自{since}起执行），请与公布值核对",
    )


def benchmark_quote(
    on: _dt.date, term_months: int, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> RateQuote:
    """The benchmark lending rate in force on ``on`` for a loan of ``term_months``, with its source.

    ``policy.benchmark`` picks the table: :attr:`Benchmark.PBOC <poverty_credit.Benchmark.PBOC>`
    (the Measures' 基准利率, Art. 10 and 27) reads the PBoC band that contains the term;
    :attr:`Benchmark.LPR <poverty_credit.Benchmark.LPR>` reads the 1-year LPR for terms up to 12
    months and the 5-year-and-above LPR for longer ones (the 2021 national rule).

    Args:
        on: the date the rate is wanted for (a plain date).
        term_months: the loan's term in whole months (``term_months(start, maturity)``), ≥ 1.
        policy: which table is the benchmark.

    Raises:
        RateNotFound: ``on`` is before the table's first row (2011-07-07; LPR: 2019-08-20).
        InvalidInputError: a datetime or non-date ``on``, a term that is not an int ≥ 1.

    >>> import datetime as dt
    >>> import attrs
    >>> from poverty_credit import DEFAULT_POLICY, Benchmark
    >>> lpr = attrs.evolve(DEFAULT_POLICY, benchmark=Benchmark.LPR)
    >>> q = benchmark_quote(dt.date(2025, 6, 1), 13, lpr)
    >>> q.rate, q.column, q.effective
    (Decimal('0.035'), '5y_plus', datetime.date(2025, 5, 20))
    """
    on = require_date(on, "on")
    term_months = as_int(term_months, "term_months", 1)
    policy = policy_on(policy, on)
    if policy.need("benchmark") is Benchmark.LPR:
        table = rate_table("lpr")
        entry = table.entry_on(on)
        column = _LPR_SHORT if term_months <= _LPR_SHORT_MAX_MONTHS else _LPR_LONG
    else:
        table = rate_table("pboc_lending")
        entry = table.entry_on(on)
        column = _lending_column(entry, table.columns, term_months)
    return _quote(table, entry, column, on, policy)


_QUOTES_KEPT = 65536  # (date, term) quotes kept per policy: every start day of a long book


def policy_benchmark_quote(on: _dt.date, term_months: int, policy: Policy) -> RateQuote:
    """:func:`benchmark_quote` of a plain date, an int term and a :class:`Policy`, memoised per
    policy object (a book of 10⁵ loans asks for a few thousand distinct start days and terms).
    What the quote depends on — the day, the term, the policy's table and its unconfirmed-rates
    setting — is fixed for one policy object; a refused or missing rate is not kept."""
    quotes: dict[tuple[_dt.date, int], RateQuote] | None = policy_memo(policy).get(_QUOTES)
    if quotes is None:
        quotes = policy_memo(policy)[_QUOTES] = {}
    found = quotes.get((on, term_months))
    if found is None:
        found = benchmark_quote(on, term_months, policy)
        if len(quotes) >= _QUOTES_KEPT:
            quotes.clear()
        quotes[on, term_months] = found
    return found


_QUOTES = object()  # the memo key of the quotes


def benchmark_rate(
    on: _dt.date, term_months: int, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> Decimal:
    """The benchmark lending rate (a fraction per year) in force on ``on`` for ``term_months``.

    The value of :func:`benchmark_quote` without its source; see there for the tables and errors.

    >>> import datetime as dt
    >>> benchmark_rate(dt.date(2015, 10, 23), 12), benchmark_rate(dt.date(2015, 10, 24), 12)
    (Decimal('0.046'), Decimal('0.0435'))
    """
    return benchmark_quote(on, term_months, policy).rate


def deposit_quote(
    on: _dt.date, tier: DepositTier | str, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> RateQuote:
    """The PBoC benchmark deposit rate of ``tier`` in force on ``on``, with its source.

    Args:
        on: the date the rate is wanted for (a plain date).
        tier: a :class:`~poverty_credit.DepositTier` or its value (``"demand"``, ``"1y"``, …).
        policy: accepted for symmetry with :func:`benchmark_quote` (deposit rates are always the
            PBoC's).

    Raises:
        RateNotFound: ``on`` is before 2011-07-07, or the tier was not published on ``on``
            (the 5-year tier from 2014-11-22).
        InvalidInputError: a datetime or non-date ``on``, an unknown tier.

    >>> import datetime as dt
    >>> deposit_quote(dt.date(2015, 1, 1), "5y")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.RateNotFound: PBoC benchmark deposit rates ...: the 5y tier was not \
published on 2015-01-01 (not in the row of 2014-11-22)
    """
    on = require_date(on, "on")
    tier = as_enum(DepositTier, tier, "tier")
    chosen = policy_on(policy, on)
    table = rate_table("pboc_deposit")
    entry = table.entry_on(on)
    rate = entry.rates[tier.value]
    if rate is None:
        raise RateNotFound(
            f"{table.title}: the {tier.value} tier was not published on {on.isoformat()} "
            f"(not in the row of {entry.effective.isoformat()})"
        )
    return _quote(table, entry, tier.value, on, chosen)


def deposit_rate(
    on: _dt.date, tier: DepositTier | str, policy: Policy | PolicySchedule = DEFAULT_POLICY
) -> Decimal:
    """The PBoC benchmark deposit rate (a fraction per year) of ``tier`` in force on ``on``.

    The value of :func:`deposit_quote` without its source; see there for the errors.

    >>> import datetime as dt
    >>> deposit_rate(dt.date(2020, 1, 1), "demand")
    Decimal('0.0035')
    """
    return deposit_quote(on, tier, policy).rate
