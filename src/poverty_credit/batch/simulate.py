"""A seeded Monte Carlo of the risk-compensation fund over years (Art. 4, 5, 22, 23, 26).

Each scenario draws which loans default in which year; the money follows the rules in exact
integer fen:

* the loss of a defaulted loan is its outstanding principal on ``on`` (interest is left out);
* above the covered cap only ``loss × max_covered_principal ÷ principal`` (half up) is covered
  (SPEC D5); the fund's part is ``ROUND_HALF_UP(covered × fund_share)`` per loan (``share_loss``);
* each year, in this order: deposit interest on the opening balance,
  ``ROUND_HALF_UP(balance × rate × days of the year / day_count_basis)`` (Art. 4); the fund side of
  the recoveries that arrive this year goes back to the account up to what the fund itself paid for
  that year's defaults, the rest to the county (Art. 23, 26); then the year's payouts: from the
  fund ``min(parts, balance)``, the rest is the county top-up beyond the balance (Art. 26);
* a defaulted loan recovers ``ROUND_HALF_UP(loss × recovery_rate)`` after ``recovery_lag_years``
  years, of which the fund side is ``ROUND_HALF_UP(recovered × fund part ÷ loss)`` (Art. 23).

Probabilities are the only floats: they decide *which* loans default, never an amount.
Reproducible by seed: scenarios are drawn in fixed blocks, each from its own
:class:`numpy.random.SeedSequence` child.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from poverty_credit.batch._columns import I64, day_number, decimal_places, half_up_div
from poverty_credit.batch._loans import loan_columns, read_loans
from poverty_credit.batch._rules import _single
from poverty_credit.batch.compare import _outstanding
from poverty_credit.errors import InvalidInputError
from poverty_credit.models import Loan
from poverty_credit.periods import require_date
from poverty_credit.rates import deposit_rate as _deposit_rate

__all__ = ["FundSimulation", "simulate_fund"]

#: Scenarios drawn per block (each block has its own seed; results do not depend on machines).
BLOCK = 256


def _yuan(fen: int) -> Decimal:
    return Decimal(int(fen)).scaleb(-2)


@attrs.frozen(eq=False, repr=False)
class FundSimulation:
    """The distribution of the fund over the scenarios.

    Attributes:
        lenders: the fund accounts (``policy.fund_allocations``), in order.
        first_year: the calendar year of the first simulated year.
        balances_fen: ``(years + 1, scenarios, lenders)`` int64: year-end balances, index 0 the
            opening balance.
        top_up_fen: ``(years, scenarios, lenders)`` int64: the county top-up beyond the balance.
        payouts_fen: ``(years, scenarios, lenders)`` int64: what the fund parts asked for.
    """

    lenders: tuple[str, ...]
    first_year: int
    balances_fen: I64
    top_up_fen: I64
    payouts_fen: I64
    seed: int

    @property
    def scenarios(self) -> int:
        return int(self.balances_fen.shape[1])

    @property
    def years(self) -> int:
        return int(self.top_up_fen.shape[0])

    def probability_dry(self, lender: str | None = None) -> Decimal:
        """The share of scenarios in which the fund (one lender's account, or any) runs dry:
        some year's payouts need a county top-up."""
        topped = self.top_up_fen.sum(axis=0) > 0  # (scenarios, lenders)
        hit = topped[:, self.lenders.index(lender)] if lender else topped.any(axis=1)
        return Decimal(int(np.count_nonzero(hit))) / Decimal(self.scenarios)

    def _top_up_totals(self, lender: str | None) -> I64:
        totals = self.top_up_fen.sum(axis=0)
        out: I64 = totals[:, self.lenders.index(lender)] if lender else totals.sum(axis=1)
        return out

    def expected_top_up(self, lender: str | None = None) -> Decimal:
        """The mean county top-up over the horizon, to the fen (half up)."""
        totals = self._top_up_totals(lender)
        mean = Fraction(int(totals.sum()), self.scenarios)
        return _yuan(int(half_up_div(np.array([mean.numerator], dtype=object),
                                     mean.denominator)[0]))

    def top_up_quantile(self, q: str | Decimal = "0.95", lender: str | None = None) -> Decimal:
        """The ``q`` quantile of the county top-up (nearest rank: the smallest value with at least
        ``q`` of the scenarios at or below it)."""
        totals = np.sort(self._top_up_totals(lender))
        rank = max(1, -(-Fraction(Decimal(q)) * self.scenarios // 1))
        return _yuan(int(totals[int(rank) - 1]))

    def balance_quantiles(self, qs: tuple[str, ...] = ("0.05", "0.25", "0.5", "0.75", "0.95"),
                          lender: str | None = None) -> dict[str, list[Decimal]]:
        """Year-end balance quantiles (nearest rank) per year, of one account or of all."""
        values = self.balances_fen[:, :, self.lenders.index(lender)] if lender else \
            self.balances_fen.sum(axis=2)
        ordered = np.sort(values, axis=1)
        out = {}
        for q in qs:
            rank = max(1, -(-Fraction(Decimal(q)) * self.scenarios // 1))
            out[q] = [_yuan(int(v)) for v in ordered[:, int(rank) - 1].tolist()]
        return out

    def summary(self) -> dict[str, Any]:
        """The headline figures: probability dry, expected and 95th-percentile top-up."""
        return {"scenarios": self.scenarios, "years": self.years,
                "probability_dry": self.probability_dry(),
                "expected_top_up": self.expected_top_up(),
                "top_up_p95": self.top_up_quantile("0.95")}

    def plot_fan(self, ax: Any = None, lender: str | None = None) -> Any:
        """A fan chart of the year-end balances (5–95 % and 25–75 % bands, the median), with
        matplotlib (extra ``plot``). Returns the axes. Floats are used for drawing only."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        qs = self.balance_quantiles(lender=lender)
        years = list(range(self.years + 1))

        def line(q: str) -> list[float]:
            return [float(v) for v in qs[q]]

        ax.fill_between(years, line("0.05"), line("0.95"), alpha=0.2, label="5–95 %")
        ax.fill_between(years, line("0.25"), line("0.75"), alpha=0.4, label="25–75 %")
        ax.plot(years, line("0.5"), label="median")
        ax.set_xticks(years, ["opening", *(str(self.first_year + i) for i in range(self.years))])
        ax.set_xlabel("year end")
        ax.set_ylabel("fund balance (yuan)")
        ax.set_title(f"Risk fund {lender or 'all accounts'}: {self.scenarios} scenarios")
        ax.legend()
        return ax

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<FundSimulation {s['scenarios']} scenarios × {s['years']} year(s): dry "
                f"{s['probability_dry']:.4f}, expected top-up {s['expected_top_up']}, "
                f"95th percentile {s['top_up_p95']}>")


def _probabilities(value: object, n: int, segments: object) -> npt.NDArray[np.float64]:
    if isinstance(value, Mapping):
        if segments is None:
            raise InvalidInputError.single(
                "segments", "a per-segment default_probability needs a segments column")
        labels = list(np.asarray(segments, dtype=object))
        if len(labels) != n:
            raise InvalidInputError.single("segments", f"has {len(labels)} rows, expected {n}")
        missing = sorted({str(s) for s in labels if s not in value})
        if missing:
            raise InvalidInputError.single(
                "default_probability", f"has no probability for segment(s) {', '.join(missing)}")
        p = np.array([float(value[s]) for s in labels], dtype=np.float64)
    else:
        if isinstance(value, (str, Decimal)):
            value = float(value)
        p = np.broadcast_to(np.asarray(value, dtype=np.float64), (n,)).copy()
    bad = ~((p >= 0) & (p <= 1))
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError.single(f"default_probability[{row}]",
                                       f"must be a probability 0 to 1 (got {p[row]!r})")
    return p


def simulate_fund(loans: object, policy: object = None, *, on: _dt.date,
                  default_probability: object, years: int = 1, scenarios: int = 10_000,
                  recovery_rate: str | Decimal = "0", recovery_lag_years: int = 1,
                  deposit_rate: str | Decimal | None = None, segments: object = None,
                  seed: int = 0, repayments: object = None) -> FundSimulation:
    """Simulate the fund's accounts over ``years`` calendar years from ``on``'s year.

    Args:
        loans: batch loan columns or a list of :class:`~poverty_credit.Loan`.
        policy: a policy or schedule (the one in force on ``on``); it must set
            ``fund_allocations`` and ``fund_share``.
        on: the day the exposures are read (outstanding principal) and the opening balances
            are the allocations.
        default_probability: per year: one number, one per loan, or a mapping segment →
            probability with ``segments`` (a column of segment labels).
        years: the horizon in calendar years, from ``on``'s year.
        scenarios: the number of scenarios.
        seed: the seed of the draws.
        recovery_rate: share of a loss recovered (exact decimal), after ``recovery_lag_years``.
        deposit_rate: the deposit rate (exact decimal); ``None``: the policy's deposit tier on
            ``on``.

    >>> import datetime as dt
    >>> import numpy as np
    >>> loans = {"id": [f"L{i}" for i in range(4)], "lender": ["credit_union"] * 4,
    ...          "principal_fen": np.full(4, 5_000_000),
    ...          "start_date": np.full(4, np.datetime64("2024-01-01")),
    ...          "maturity_date": np.full(4, np.datetime64("2026-01-01")),
    ...          "annual_rate": ["0.0435"] * 4}
    >>> sim = simulate_fund(loans, on=dt.date(2024, 6, 1), default_probability=1,
    ...                     scenarios=3, seed=1)
    >>> sim.payouts_fen[0, :, 0].tolist()   # 4 × 50 000 × 0.70 = 140 000 yuan every scenario
    [14000000, 14000000, 14000000]
    """
    from poverty_credit import DEFAULT_POLICY

    on = require_date(on, "on")
    governing = _single(DEFAULT_POLICY if policy is None else policy, on)
    if isinstance(loans, (list, tuple)) and all(isinstance(x, Loan) for x in loans):
        loans, repayments = loan_columns(loans)
    table = read_loans(loans, repayments)
    for name, value, low in (("years", years, 1), ("scenarios", scenarios, 1),
                             ("recovery_lag_years", recovery_lag_years, 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise InvalidInputError.single(name, f"must be an int >= {low} (got {value!r})")
    allocations = governing.need("fund_allocations")
    lenders = tuple(allocations)
    index = {name: i for i, name in enumerate(lenders)}
    for row, name in enumerate(table.lender.tolist()):
        if name not in index:
            raise InvalidInputError.single(f"lender[{row}]",
                                           f"is not a fund account of {governing.id} ({name!r})")
    codes = np.fromiter((index[x] for x in table.lender), np.int64, table.n)
    p = _probabilities(default_probability, table.n, segments)
    share = Fraction(governing.need("fund_share"))
    recovery = Fraction(Decimal(str(recovery_rate)))
    if not 0 <= recovery <= 1:
        raise InvalidInputError.single("recovery_rate", f"must be 0 to 1 (got {recovery_rate})")

    # per loan, exact: loss, covered part, fund part, recovery and its fund side (fen)
    loss = _outstanding(table, day_number(on)).astype(object)
    cap = int(governing.covered_cap.scaleb(2))
    principal = table.principal
    covered = np.array([_half(int(x) * cap, int(y)) if y > cap else int(x)
                        for x, y in zip(loss.tolist(), principal.tolist(), strict=True)],
                       dtype=object)
    part = np.array([_half(int(c) * share.numerator, share.denominator) for c in covered.tolist()],
                    dtype=object)
    recovered = np.array([_half(int(x) * recovery.numerator, recovery.denominator)
                          for x in loss.tolist()], dtype=object)
    fund_back = np.array([_half(int(r) * int(f), int(x)) if x else 0
                          for r, f, x in zip(recovered.tolist(), part.tolist(), loss.tolist(),
                                             strict=True)],
                         dtype=object)
    k = len(lenders)
    weights = np.zeros((table.n, 2 * k), dtype=np.int64)
    weights[np.arange(table.n), codes] = part.astype(np.int64)
    weights[np.arange(table.n), k + codes] = fund_back.astype(np.int64)

    rate = Decimal(str(deposit_rate)) if deposit_rate is not None else _deposit_rate(
        on, governing.need("fund_deposit_tier"), governing)
    digits = decimal_places(rate)
    rate_num = int(rate.scaleb(digits))
    basis = governing.day_count_basis
    opening = np.array([int(allocations[name].scaleb(2)) for name in lenders], dtype=np.int64)

    balances = np.zeros((years + 1, scenarios, k), dtype=np.int64)
    top_up = np.zeros((years, scenarios, k), dtype=np.int64)
    payouts = np.zeros((years, scenarios, k), dtype=np.int64)
    balances[0] = opening
    # the probability of defaulting within the horizon, and (given that) the year it happens
    p_horizon = 1.0 - (1.0 - p) ** years
    p_max = float(p_horizon.max(initial=0.0))
    n = max(table.n, 1)
    blocks = (scenarios + BLOCK - 1) // BLOCK
    children = np.random.SeedSequence(seed).spawn(blocks)
    for block, child in enumerate(children):
        lo, hi = block * BLOCK, min(scenarios, (block + 1) * BLOCK)
        rng = np.random.default_rng(child)
        rows = hi - lo
        keys = _defaults(rng, rows, table.n, p_horizon, p_max)
        loan = keys % n
        if years > 1:
            year_of = _default_year(rng, p[loan], years)
            order = np.lexsort((keys, year_of))
            keys, loan, year_of = keys[order], loan[order], year_of[order]
            cuts = np.searchsorted(year_of, np.arange(years + 1))
        else:
            cuts = np.array([0, keys.size])
        back_due = np.zeros((years, rows, k), dtype=np.int64)
        paid_by_fund = np.zeros((years, rows, k), dtype=np.int64)
        balance = np.broadcast_to(opening, (rows, k)).copy()
        for t in range(years):
            year = on.year + t
            days = 366 if calendar.isleap(year) else 365
            interest = half_up_div(balance * (rate_num * days), basis * 10**digits)
            balance = balance + interest
            # recoveries of earlier defaults: to the account up to what the fund paid for them
            if t >= recovery_lag_years:
                cohort = t - recovery_lag_years
                balance = balance + np.minimum(back_due[cohort], paid_by_fund[cohort])
            part_keys = keys[cuts[t]:cuts[t + 1]]
            sums = _group_sums(part_keys // n, weights[loan[cuts[t]:cuts[t + 1]]], rows)
            asked = sums[:, :k]
            from_fund = np.minimum(asked, balance)
            balance = balance - from_fund
            payouts[t, lo:hi] = asked
            top_up[t, lo:hi] = asked - from_fund
            paid_by_fund[t] = from_fund
            back_due[t] = sums[:, k:]
            balances[t + 1, lo:hi] = balance
    return FundSimulation(lenders=lenders, first_year=on.year, balances_fen=balances,
                          top_up_fen=top_up, payouts_fen=payouts, seed=seed)


def _defaults(rng: np.random.Generator, rows: int, n: int, p: npt.NDArray[np.float64],
              p_max: float) -> I64:
    """Which (scenario, loan) pairs default this year, as sorted flat keys ``scenario * n + loan``.

    Each pair defaults with its loan's probability. Sparse portfolios are drawn by thinning:
    candidates at geometric gaps with the largest probability, each kept with ``p / p_max``;
    dense ones (``p_max > 0.25``) by one uniform per pair."""
    total = rows * n
    if total == 0 or p_max <= 0:
        return np.zeros(0, dtype=np.int64)
    if p_max > 0.25:
        draws = rng.random((rows, n))
        return np.flatnonzero(draws < p).astype(np.int64)
    expected = total * p_max
    chunks = []
    position = -1
    while position < total:
        size = int(expected + 6 * expected**0.5 + 64)
        gaps = rng.geometric(p_max, size=size).astype(np.int64)
        steps = position + np.cumsum(gaps)
        chunks.append(steps)
        position = int(steps[-1])
    keys = np.concatenate(chunks)
    keys = keys[keys < total]
    if float(p.min()) < p_max:
        keep = rng.random(keys.size) * p_max < p[keys % n]
        keys = keys[keep]
    return keys


def _default_year(rng: np.random.Generator, p: npt.NDArray[np.float64], years: int) -> I64:
    """The year (0-based) of a default known to happen within ``years``: the first success of
    yearly trials with probability ``p``, conditioned on happening by then (inverse transform)."""
    u = rng.random(p.size)
    survive = 1.0 - p
    within = 1.0 - survive**years
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.floor(np.log1p(-u * within) / np.log(survive))
    t = np.where(survive <= 0, 0, t)
    year: I64 = np.clip(np.nan_to_num(t, nan=0.0), 0, years - 1).astype(np.int64)
    return year


def _group_sums(scenario: I64, values: I64, rows: int) -> I64:
    """Per-scenario column sums of ``values`` (rows sorted by scenario), exact in int64."""
    out = np.zeros((rows, values.shape[1]), dtype=np.int64)
    if not scenario.size:
        return out
    totals = np.vstack([np.zeros((1, values.shape[1]), dtype=np.int64), np.cumsum(values, axis=0)])
    bounds = np.searchsorted(scenario, np.arange(rows + 1))
    return totals[bounds[1:]] - totals[bounds[:-1]]


def _half(numerator: int, denominator: int) -> int:
    q, r = divmod(numerator, denominator)
    return q + (2 * r >= denominator)
