"""The subsidy kernel: SPEC B "Interest subsidy" and D2, D5, D6 over columns, in exact integers.

For every loan and every *run* (a part of the period governed by one policy of the schedule):

* the subsidised days are ``[max(run start, start_date), min(run end, end))`` where ``end`` is the
  original maturity (or ``extended_to`` under ``subsidise_extensions``), and at most
  ``start_date + subsidy_max_days``;
* the principal-days are Σ over runs of constant end-of-day outstanding principal of
  ``min(outstanding, subsidised cap) × days`` (int64 fen-days);
* the rate is ``min(loan rate, benchmark of the term band on the start date)`` or ``min(loan rate,
  flat rate)``, an exact integer over ``10**digits``;
* the statement's amount is ``ROUND_HALF_UP(Σ_runs fen_days × rate × share / basis)`` in fen,
  computed as one integer quotient with the half-up rule on the remainder.

Rows that are not vectorised (legal entities: limits moving with agreements; households under
``caps_per_household``: the allotment) are settled by the scalar functions on models built from
the rows.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from poverty_credit import rates as _rates
from poverty_credit.batch._columns import (
    I64,
    MAX_RATE_DIGITS,
    NO_DAY,
    day_number,
    decimal_places,
    from_day_number,
    half_up_div,
)
from poverty_credit.batch._dates import BAND_TERMS, term_band
from poverty_credit.batch._loans import LoanTable
from poverty_credit.errors import InvalidInputError, RateNotFound
from poverty_credit.policy import Benchmark, ExistingContracts, Policy, SubsidyRate

_INT64_MAX = 2**63 - 1
_FAR = np.iinfo(np.int64).max


def policies_of(policy: object) -> tuple[Policy, ...]:
    """The policies of a :class:`Policy` or a :class:`~poverty_credit.PolicySchedule`."""
    from poverty_credit.schedule import PolicySchedule

    if isinstance(policy, Policy):
        # a Policy alone behaves as a schedule of one policy in force always (SPEC D2)
        return (policy if policy.effective_from is None
                else attrs.evolve(policy, effective_from=None),)
    if isinstance(policy, PolicySchedule):
        return policy.policies
    raise InvalidInputError.single(
        "policy", f"must be a Policy or a PolicySchedule (got {type(policy).__name__})"
    )


def _start_day(p: Policy) -> int | None:
    return None if p.effective_from is None else day_number(p.effective_from)


def governing(policies: Sequence[Policy], start: I64, day: int) -> I64:
    """For each contract start date, the index of the policy that governs it on ``day``
    (``for_contract``, SPEC D2), or -1 where none does."""
    gov = np.full(start.size, -1, dtype=np.int64)
    in_force = -1
    for i, p in enumerate(policies):
        first = _start_day(p)
        if first is None or first <= day:
            in_force = i
    for i in range(in_force, -1, -1):
        p = policies[i]
        first = _start_day(p)
        if first is None or p.existing_contracts is ExistingContracts.SWITCH:
            gov[gov < 0] = i
        else:
            gov[(gov < 0) & (first <= start)] = i
    return gov


def in_force_index(policies: Sequence[Policy], days: I64) -> I64:
    """For each day, the index of the policy in force (``schedule.on``), or -1 before all."""
    firsts = np.array([_start_day(p) if p.effective_from is not None else np.iinfo(np.int64).min
                       for p in policies], dtype=np.int64)
    return np.searchsorted(firsts, days, side="right").astype(np.int64) - 1


def benchmark_numerators(p: Policy, start: I64, maturity: I64, digits: int
                         ) -> tuple[npt.NDArray[Any], int]:
    """The benchmark lending rate on each start date for the loan's term band, as integers over
    ``10**digits`` (digits raised if a table rate needs more). The values come from
    :func:`poverty_credit.benchmark_rate`, once per (table row, band)."""
    table = _rates.rate_table("lpr" if p.need("benchmark") is Benchmark.LPR else "pboc_lending")
    effective = np.array([day_number(e.effective) for e in table.entries], dtype=np.int64)
    entry = np.searchsorted(effective, start, side="right").astype(np.int64) - 1
    if start.size and entry.min() < 0:
        row = int(np.argmin(entry))
        _rates.benchmark_rate(from_day_number(start[row]), 12, p)  # raises RateNotFound
        raise RateNotFound("no benchmark rate")  # pragma: no cover - the line above raised
    through = table.confirmed_through
    if through is not None and p.unconfirmed_rates.value == "refuse":
        late = start > day_number(through)
        if late.any():
            row = int(np.argmax(late))
            _rates.benchmark_rate(from_day_number(start[row]), 12, p)  # raises RateNotFound
    band = term_band(start, maturity)
    key = entry * len(BAND_TERMS) + band
    used = np.zeros(len(table.entries) * len(BAND_TERMS), dtype=bool)
    used[key] = True
    found: dict[int, Decimal] = {}
    for k in np.flatnonzero(used).tolist():
        on = table.entries[k // len(BAND_TERMS)].effective
        found[k] = _rates.benchmark_rate(on, BAND_TERMS[k % len(BAND_TERMS)], p)
    digits = max([digits, *(decimal_places(r) for r in found.values())])
    lut = np.zeros(used.size, dtype=np.int64 if digits <= MAX_RATE_DIGITS else object)
    for k, r in found.items():
        lut[k] = int(r.scaleb(digits))
    return lut[key], digits


class Kernel:
    """One period's subsidy over a loan table under a policy or schedule."""

    def __init__(self, table: LoanTable, policies: Sequence[Policy], lo: int, hi: int,
                 rows: I64) -> None:
        self.table, self.policies, self.lo, self.hi, self.rows = table, policies, lo, hi, rows
        self._segments: tuple[I64, I64, I64, I64, I64] | None = None

    def runs(self) -> list[tuple[int, int, int, I64]]:
        """``(run start, run end, policy index, rows)`` covering the period: cut at every
        ``effective_from`` inside it, grouped by the governing policy."""
        cuts = sorted({d for p in self.policies if (d := _start_day(p)) is not None
                       and self.lo < d < self.hi})
        bounds = [self.lo, *cuts, self.hi]
        start = self.table.start[self.rows]
        out = []
        for a, b in itertools.pairwise(bounds):
            gov = governing(self.policies, start, a)
            # days from the start date on inside [a, b) need a governing policy
            needs = np.maximum(a, start) < b
            orphan = needs & (gov < 0)
            if orphan.any():
                row = int(self.rows[np.argmax(orphan)])
                raise InvalidInputError.single(
                    f"start_date[{row}]",
                    f"a contract made on {from_day_number(self.table.start[row]).isoformat()} "
                    f"is governed by no policy of the schedule on "
                    f"{from_day_number(max(a, int(self.table.start[row]))).isoformat()}",
                )
            for i in np.unique(gov[needs]).tolist():
                out.append((a, b, int(i), self.rows[needs & (gov == i)]))
        return out

    def principal_days(self, rows: I64, a: I64, b: I64, cap: int) -> tuple[I64, I64]:
        """Σ min(outstanding, cap) × days and the days with subsidised principal above zero,
        over ``[a, b)`` per row (``a >= b``: nothing)."""
        table = self.table
        span = np.maximum(b - a, 0)
        pd = np.minimum(table.principal[rows], cap) * span
        if not table.has_repayments:
            return pd, span
        if self._segments is None:
            self._segments = table.segments()
        loans, first, seg_lo, seg_hi, seg_out = self._segments
        # the loans with repayments: their runs replace the one-run figure
        a_full = np.zeros(table.n, dtype=np.int64)
        b_full = np.zeros(table.n, dtype=np.int64)
        a_full[rows], b_full[rows] = a, b
        owner = np.repeat(loans, np.diff(np.append(first, seg_lo.size)))
        overlap = np.maximum(np.minimum(seg_hi, b_full[owner]) -
                             np.maximum(seg_lo, a_full[owner]), 0)
        sub = np.minimum(seg_out, cap)
        position = np.full(table.n, -1, dtype=np.int64)
        position[rows] = np.arange(rows.size)
        at = position[loans]
        mine = at >= 0
        days = span.copy()
        pd[at[mine]] = np.add.reduceat(sub * overlap, first)[mine]
        days[at[mine]] = np.add.reduceat(np.where(sub > 0, overlap, 0), first)[mine]
        return pd, days


def settle(table: LoanTable, policies: Sequence[Policy], lo: int, hi: int, rows: I64,
           ) -> tuple[I64, npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], int, I64]:
    """Days, fen-days, amount (fen), the rate numerator of the last run and its digits, and the
    index of the policy of the last subsidised run, for ``rows`` over ``[lo, hi)``."""
    kernel = Kernel(table, policies, lo, hi, rows)
    runs = kernel.runs()
    digits = max([6, *(decimal_places(r) for r in table.rates)])
    for p in policies:
        if p.subsidy_rate is SubsidyRate.FLAT:
            digits = max(digits, decimal_places(p.need("subsidy_flat_rate")))
    # the rates of every run first: a benchmark may need more digits
    prepared = []
    whole = None
    if len(policies) == 1 and policies[0].need("subsidy_rate") is SubsidyRate.BENCHMARK:
        # every loan's benchmark, as the scalar statement looks it up even for a month it skips
        whole, digits = benchmark_numerators(policies[0], table.start[rows],
                                             table.maturity[rows], digits)
    # one run over every row in order (one policy, nothing on the scalar path): no gathers
    identity = len(runs) == 1 and runs[0][3].size == rows.size == table.n
    where = np.full(table.n, -1, dtype=np.int64)
    where[rows] = np.arange(rows.size)
    for a, b, i, group in runs:
        p = policies[i]
        bench = None
        if whole is not None:
            bench = whole if identity else whole[where[group]]
        elif p.need("subsidy_rate") is SubsidyRate.BENCHMARK:
            bench, digits = benchmark_numerators(p, table.start[group], table.maturity[group],
                                                 digits)
        prepared.append((a, b, i, group, bench, digits))
    loan_rate = table.rate_numerators(digits)
    weights = [Fraction(p.need("subsidy_share")) / p.day_count_basis for p in policies]
    common = math.lcm(*(w.denominator for w in weights))
    denominator = common * 10**digits
    position = np.full(table.n, -1, dtype=np.int64)
    position[rows] = np.arange(rows.size)
    days = np.zeros(rows.size, dtype=np.int64)
    fen_days = np.zeros(rows.size, dtype=np.int64)
    numerator: npt.NDArray[Any] = np.zeros(rows.size, dtype=np.int64)
    rate = np.zeros(rows.size, dtype=loan_rate.dtype)
    last_policy = np.full(rows.size, -1, dtype=np.int64)
    for a, b, i, group, bench, bench_digits in prepared:
        p = policies[i]
        sel: Any = slice(None) if identity else group
        start = table.start[sel]
        end = table.maturity[sel]
        if p.need("subsidise_extensions"):
            ext = table.extended[sel]
            end = np.where(ext != NO_DAY, ext, end)
        if p.subsidy_max_days is not None:
            end = np.minimum(end, start + int(p.subsidy_max_days))
        run_a = np.maximum(a, start)
        run_b = np.minimum(b, end)
        cap = int(p.subsidised_cap * 100)
        pd, n_days = kernel.principal_days(group, run_a, run_b, cap)
        if p.subsidy_rate is SubsidyRate.FLAT:
            flat = int(p.need("subsidy_flat_rate").scaleb(digits))
            r = np.minimum(loan_rate[sel], flat)
        else:
            assert bench is not None
            if bench_digits != digits:  # a later run's table needed more digits
                bench = bench.astype(object) * 10 ** (digits - bench_digits)
            r = np.minimum(loan_rate[sel], bench)
        weight = int(weights[i] * common)
        top = int(pd.max(initial=0)) * int(np.max(r, initial=0)) * weight
        big = r.dtype == object or top > _INT64_MAX or numerator.dtype == object
        if identity:
            days, fen_days = n_days, pd
            if big:
                numerator = pd.astype(object) * r.astype(object) * weight
            else:
                numerator = pd * r if weight == 1 else pd * r * weight
            rate = r
            last_policy = np.where(n_days > 0, i, -1)
            continue
        at = position[group]
        days[at] += n_days
        fen_days[at] += pd
        if big:
            numerator = numerator.astype(object)
            numerator[at] += pd.astype(object) * r.astype(object) * weight
        else:
            numerator[at] += pd * r * weight
        took = n_days > 0
        rate[at[took]] = r[took]
        last_policy[at[took]] = i
        # the rate of a run without subsidised days still shows where nothing else does
        none_yet = at[~took][last_policy[at[~took]] < 0]
        rate[none_yet] = r[~took][last_policy[at[~took]] < 0]
    if numerator.dtype != object and denominator > _INT64_MAX:
        numerator = numerator.astype(object)
    amount = half_up_div(numerator, denominator)
    return days, fen_days, amount, rate, digits, last_policy


def window(year: int, month: int | None) -> tuple[_dt.date, _dt.date]:
    """``[first day, first day of the next period)`` of a month, or of a year (``month=None``)."""
    if month is None:
        return _dt.date(year, 1, 1), _dt.date(year + 1, 1, 1)
    following = _dt.date(year + 1, 1, 1) if month == 12 else _dt.date(year, month + 1, 1)
    return _dt.date(year, month, 1), following
