"""Throughput of monthly_subsidy on 10^5 loans, against a plain Decimal loop doing the same sums.

Run from the repository root:  .venv/bin/python benchmarks/bench_subsidy.py [N]

Both sides compute, for every loan, one month's subsidy: principal-days over runs of constant
outstanding principal (repayments cut the runs; the 算头不算尾 day rule), the 50 000 cap, the
original-maturity cut-off, min(loan rate, benchmark), one ROUND_HALF_UP to the fen. The baseline
gets the benchmark rate handed to it and does no validation, no findings and no entity limits: it is
the floor of what the arithmetic costs in Python. The ratio says what the library's checks and
explanations cost on top.
"""

from __future__ import annotations

import datetime as dt
import decimal
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

from poverty_credit import (
    DEFAULT_POLICY,
    Loan,
    NaturalPerson,
    Repayment,
    benchmark_rate,
    monthly_subsidy,
    term_months,
)

YEAR, MONTH = 2018, 6
FIRST, NEXT = dt.date(YEAR, MONTH, 1), dt.date(YEAR, MONTH + 1, 1)


def build_loans(n: int, seed: int = 20160310) -> list[Loan]:
    """``n`` natural-person loans started 2016–2018, 1–3 years, 0–3 repayments, some above the cap
    and some above the benchmark rate."""
    rng = random.Random(seed)
    people = [NaturalPerson(id=f"P-{i}", birth_date=dt.date(1960 + i % 40, 1 + i % 12, 1),
                            registered_poor=True) for i in range(1000)]
    loans = []
    for i in range(n):
        start = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        maturity = start + dt.timedelta(days=rng.choice((365, 730, 1095)))
        principal = rng.randrange(1_000, 80_001)  # whole yuan; some above the 50 000 cap
        repayments = []
        left = principal
        for _ in range(rng.randrange(4)):
            on = start + dt.timedelta(days=rng.randrange((maturity - start).days + 60))
            amount = rng.randrange(1, left + 1) if left else 0
            if amount:
                repayments.append(Repayment(on=on, principal=amount))
                left -= amount
        loans.append(Loan(id=f"L-{i}", borrower=people[i % len(people)],
                          lender=rng.choice(("credit_union", "postal_savings")),
                          principal=principal, start_date=start, maturity_date=maturity,
                          annual_rate=rng.choice(("0.0435", "0.0475", "0.05", "0.039")),
                          repayments=repayments))
    return loans


def plain_loop(rows: list[tuple[Decimal, dt.date, dt.date, Decimal, list[tuple[dt.date, Decimal]]]],
               cap: Decimal) -> list[Decimal]:
    """The same arithmetic with bare Decimals: runs of constant principal inside the month."""
    fen = Decimal("0.01")
    out = []
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        for principal, start, end, rate, repayments in rows:
            lo, hi = max(FIRST, start), min(NEXT, end)
            total = Decimal(0)
            if lo < hi:
                outstanding = principal
                cuts = []
                for on, amount in repayments:
                    if on <= lo:
                        outstanding -= amount
                    elif on < hi:
                        cuts.append((on, amount))
                a = lo
                for on, amount in cuts:
                    total += min(outstanding, cap) * (on - a).days
                    outstanding -= amount
                    a = on
                total += min(outstanding, cap) * (hi - a).days
            out.append((total * rate / 360).quantize(fen, rounding=ROUND_HALF_UP))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    loans = build_loans(n)
    built = time.perf_counter() - t0
    print(f"built {n} loans in {built:.2f} s")

    t0 = time.perf_counter()
    statements = [monthly_subsidy(loan, YEAR, MONTH) for loan in loans]
    library = time.perf_counter() - t0

    rows = [(loan.principal, loan.start_date, loan.maturity_date,
             min(loan.annual_rate, benchmark_rate(
                 loan.start_date, term_months(loan.start_date, loan.maturity_date))),
             [(r.on, r.principal) for r in loan.repayments]) for loan in loans]
    t0 = time.perf_counter()
    amounts = plain_loop(rows, DEFAULT_POLICY.max_loan_amount)
    baseline = time.perf_counter() - t0

    mismatches = sum(s.amount != a for s, a in zip(statements, amounts, strict=True))
    total = sum((s.amount for s in statements), Decimal("0.00"))
    print(f"monthly_subsidy : {n / library:12,.0f} statements/s  ({library:.2f} s)")
    print(f"plain Decimal   : {n / baseline:12,.0f} statements/s  ({baseline:.2f} s)")
    print(f"ratio           : {library / baseline:.1f}x slower than the bare arithmetic")
    print(f"{YEAR}-{MONTH:02d}: {sum(s.days > 0 for s in statements)} loans subsidised, "
          f"total {total}; amounts that differ from the baseline: {mismatches}")


if __name__ == "__main__":
    main()
