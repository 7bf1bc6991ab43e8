"""Cost of the fund's ledger as it grows: 10², 10³, 10⁴ and 10⁵ operations, and its reads.

Run from the repository root:  .venv/bin/python benchmarks/bench_fund.py [LARGEST_EXPONENT]

For each size ``n`` the same kind of random ledger is built from :meth:`RiskFund.open`: a mix of
payouts (35 %), recoveries (20 %, with and without a share, some in bad faith), clawbacks (5 %),
contributions (25 %) and interest accruals (15 %, each over the days since that lender's last
one), the dates moving on by 0–2 days an operation. The operations are drawn before the clock
starts, so only the library is timed. Reported:

* the mean cost of one operation over the build of the whole ledger, and the cost of one of the
  next 1000 operations appended to it (best of 5 runs: the fund is persistent, so the same batch
  can be appended to the same ledger again; the best run is the least disturbed by the machine);
* the growth ratio of both between 10³ and 10⁵ operations (flat is ~1; the issue's target is
  < 1.5; the old ledger, which replayed and re-validated everything at each step, was quadratic);
* on the largest ledger: ``balance``, ``statement(year)``, ``statement(year, lender)`` and
  ``reference_status`` against a plain ``dict`` lookup timed in the same run; reading ``events``
  the first time (it builds the tuple, ``O(n)`` once), and the whole check of a stored ledger of
  that size (``RiskFund(events=...)``, ``O(n)`` once).

No assertion: this is a measurement, not a test (the test suite has no timed assertions).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal

from poverty_credit import LossShare, RiskFund

LENDERS = ("credit_union", "postal_savings")
OPENED = dt.date(2026, 1, 1)

Op = tuple[str, tuple[object, ...], dict[str, object]]


def draw_operations(n: int, seed: int = 2026) -> list[Op]:
    """``n`` operations that are all valid in order (amounts in whole yuan)."""
    rng = random.Random(seed)
    ops: list[Op] = []
    day = OPENED
    interest_from = dict.fromkeys(LENDERS, OPENED)
    open_refs: list[tuple[str, str, int]] = []  # paid, nothing returned yet: (lender, ref, paid)
    count = 0
    while len(ops) < n:
        day += dt.timedelta(days=rng.choice((0, 0, 1, 2)))
        lender = rng.choice(LENDERS)
        roll = rng.random()
        if roll < 0.35 or not open_refs:
            count += 1
            amount = rng.randrange(1_000, 40_001)
            ref = f"L-{count}"
            ops.append(("pay", (amount, lender, day), {"reference": ref}))
            open_refs.append((lender, ref, amount))
        elif roll < 0.55:
            who, ref, paid = open_refs.pop(rng.randrange(len(open_refs)))
            share = None
            if rng.random() < 0.5:  # the loss was borne 70 / 30: the fund's part is what was paid
                share = LossShare(fund=paid, lender=(Decimal(paid) * 3 / 7).quantize(Decimal(1)))
            ops.append(("recover", (rng.randrange(1, paid + 1), who, day),
                        {"reference": ref, "share": share, "bad_faith": rng.random() < 0.2}))
        elif roll < 0.60:
            who, ref, paid = open_refs.pop(rng.randrange(len(open_refs)))
            ops.append(("claw_back", (paid, who, day), {"reference": ref}))
        elif roll < 0.85:
            ops.append(("contribute", (rng.randrange(1, 50_001), lender, day),
                        {"source": "county budget"}))
        else:
            start = interest_from[lender]
            end = day if day > start else start + dt.timedelta(days=1)
            day = end
            ops.append(("accrue_interest", (lender, start, end), {"rate": "0.0035"}))
            interest_from[lender] = end
    return ops


def apply(fund: RiskFund, ops: list[Op]) -> RiskFund:
    for name, args, kwargs in ops:
        result = getattr(fund, name)(*args, **kwargs)
        fund = result[0] if isinstance(result, tuple) else result
    return fund


def build(ops: list[Op]) -> tuple[RiskFund, float]:
    """Apply ``ops`` to a new fund; the fund and the seconds it took."""
    t0 = time.perf_counter()
    fund = apply(RiskFund.open(on=OPENED), ops)
    return fund, time.perf_counter() - t0


def marginal_cost(fund: RiskFund, batch: list[Op], repeat: int = 5) -> float:
    """Seconds per operation of ``batch`` appended to ``fund``, the best of ``repeat`` runs.

    The fund is persistent, so the same batch can be appended to the same ledger again and
    again: each run starts from the same ``n`` events, and the best run is the least disturbed
    by whatever else the machine is doing.
    """
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        apply(fund, batch)
        best = min(best, time.perf_counter() - t0)
    return best / len(batch)


def per_call(call: Callable[[], object], repeat: int) -> float:
    """Seconds per call, the best of three runs of ``repeat`` calls."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(repeat):
            call()
        best = min(best, (time.perf_counter() - t0) / repeat)
    return best


def main() -> None:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sizes = [10**k for k in range(2, largest + 1)]
    batch_size = 1000
    marginal: dict[int, float] = {}
    mean: dict[int, float] = {}
    fund, ops = RiskFund.open(on=OPENED), []
    print(f"{'operations':>11} {'build s':>8} {'mean µs/op':>11} "
          f"{'µs/op for the next 1000 (best of 5)':>36}")
    for n in sizes:
        drawn = draw_operations(n + batch_size)
        ops, batch = drawn[:n], drawn[n:]
        fund, total = build(ops)
        mean[n], marginal[n] = total / n, marginal_cost(fund, batch)
        print(f"{n:>11,} {total:>8.2f} {mean[n] * 1e6:>11.1f} {marginal[n] * 1e6:>36.1f}")
    if 10**3 in marginal and 10**5 in marginal:
        print(f"growth 10^3 → 10^5 (target < 1.5x): next 1000 operations "
              f"{marginal[10**5] / marginal[10**3]:.2f}x, mean over the build "
              f"{mean[10**5] / mean[10**3]:.2f}x")

    n = len(ops) + len(LENDERS)  # the operations and the opening allocations
    last_day = ops[-1][1][2]  # every operation's third argument is its date (accruals: the end)
    assert isinstance(last_day, dt.date)
    last_year = last_day.year
    mid_year = (OPENED.year + last_year) // 2
    plain = {lender: Decimal("1.00") for lender in LENDERS}
    repeat = 100_000
    lookup = per_call(lambda: plain["credit_union"], repeat)
    reads = {
        "dict lookup (baseline)": lookup,
        "balance(lender)": per_call(lambda: fund.balance("credit_union"), repeat),
        f"statement({mid_year})": per_call(lambda: fund.statement(mid_year), repeat // 10),
        f"statement({mid_year}, lender)": per_call(
            lambda: fund.statement(mid_year, "postal_savings"), repeat // 10),
        "reference_status(lender, ref)": per_call(
            lambda: fund.reference_status("credit_union", "L-7"), repeat // 10),
        "replay() (every balance)": per_call(fund.replay, repeat),
    }
    print(f"\nreads on a ledger of {n:,} events ({OPENED.year}–{last_year}):")
    for name, seconds in reads.items():
        print(f"  {name:<32} {seconds * 1e9:>9,.0f} ns  {seconds / lookup:>7.1f}x a dict lookup")
    t0 = time.perf_counter()
    events = fund.events
    first_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = RiskFund(policy=fund.policy, events=events)
    checked = time.perf_counter() - t0
    assert again.balance("credit_union") == fund.balance("credit_union")
    print(f"  events, first read (builds the tuple once)  {first_read * 1e3:>8.1f} ms")
    print(f"  RiskFund(events=...) whole check, once      {checked:>8.2f} s "
          f"({checked / n * 1e6:.1f} µs/event)")


if __name__ == "__main__":
    main()
