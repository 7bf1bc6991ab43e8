"""Batch settlement, compare and simulate_fund: time and ratios measured in one run.

Run from the repository root (extras ``batch``, optional ``polars``, ``openfisca-core``)::

    python benchmarks/bench_batch.py            # 10^4, 10^5, 10^6 loans; scalar up to 10^5
    python benchmarks/bench_batch.py --quick    # 10^4 and 10^5 only
    python benchmarks/bench_batch.py --scalar-max 1000000   # the scalar API at 10^6 too (~1 min)

Every competitor computes the same figure for every loan: one month's subsidy, principal-days over
runs of constant outstanding principal (repayments), the 50 000 cap, the original-maturity cut-off,
min(loan rate, the benchmark of the term band on the start date), one ROUND_HALF_UP to the fen, and
totals per lender. The hand-written NumPy kernel and the Polars query get the inputs already as
integers (rates in millionths, lender codes) and check nothing; ``poverty_credit.batch`` gets the
documented columns (str ids and lenders, int millionths) and checks every cell. All results are
compared to the fen before any time is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import numpy as np

import poverty_credit as pc
from poverty_credit import batch
from poverty_credit.rates import benchmark_rate, rate_table

YEAR, MONTH = 2018, 6
LO = np.datetime64("2018-06-01").astype(np.int64)
HI = np.datetime64("2018-07-01").astype(np.int64)
LENDERS = ("credit_union", "postal_savings")
RATES = np.array([43_500, 47_500, 50_000, 39_000], dtype=np.int64)  # millionths


def portfolio(n: int, seed: int = 20160310, repaid_share: float = 0.3) -> dict[str, Any]:
    """``n`` loans started 2016–2018 for 1–3 years, some above the cap and the benchmark; about
    ``repaid_share`` of them with 1–3 repayments."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2016-01-01") + rng.integers(0, 3 * 365, n).astype("timedelta64[D]")
    maturity = start + rng.choice([365, 730, 1095], n).astype("timedelta64[D]")
    principal = rng.integers(1_000, 80_001, n).astype(np.int64) * 100
    lender_code = rng.integers(0, 2, n)
    loans = {
        "id": np.array([f"L-{i}" for i in range(n)], dtype=object),
        "lender": np.array(LENDERS, dtype=object)[lender_code],
        "principal_fen": principal,
        "start_date": start,
        "maturity_date": maturity,
        "annual_rate": RATES[rng.integers(0, 4, n)],
    }
    who = np.flatnonzero(rng.random(n) < repaid_share)
    count = rng.integers(1, 4, who.size)
    loan = np.repeat(who, count)
    day = start[loan] + rng.integers(0, 800, loan.size).astype("timedelta64[D]")
    fen = np.maximum(1, principal[loan] // 4 - rng.integers(0, 100, loan.size))
    repayments = {"loan": loan, "on": day, "principal_fen": fen}
    return {"loans": loans, "repayments": repayments, "lender_code": lender_code}


# ------------------------------------------------------------------------------------------
# the hand-written NumPy kernel of the same arithmetic


def _month_starts(lo: int, hi: int) -> tuple[int, np.ndarray]:
    """Day numbers of the first days of the months around [lo, hi] (a small table)."""
    first = int(np.datetime64(lo, "D").astype("datetime64[M]").astype(np.int64)) - 1
    last = int(np.datetime64(hi, "D").astype("datetime64[M]").astype(np.int64)) + 62
    months = np.arange(first, last + 1)
    return first, months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _add_months(days: np.ndarray, months: int, table: tuple[int, np.ndarray]) -> np.ndarray:
    _, starts = table
    index = np.searchsorted(starts, days, side="right") - 1
    dom = days - starts[index]
    first = starts[index + months]
    return first + np.minimum(dom, starts[index + months + 1] - first - 1)


def _benchmark_lut() -> tuple[np.ndarray, np.ndarray]:
    table = rate_table("pboc_lending")
    eff = np.array([np.datetime64(e.effective).astype(np.int64) for e in table.entries])
    lut = np.array([int(benchmark_rate(e.effective, t).scaleb(6))
                    for e in table.entries for t in (6, 12, 36, 60, 61)], dtype=np.int64)
    return eff, lut


def numpy_kernel(data: dict[str, Any], eff: np.ndarray, lut: np.ndarray) -> np.ndarray:
    loans, rep = data["loans"], data["repayments"]
    start = loans["start_date"].astype(np.int64)
    mat = loans["maturity_date"].astype(np.int64)
    principal = loans["principal_fen"]
    months = _month_starts(int(start.min()), int(start.max()))
    band = sum((mat > _add_months(start, m, months)).astype(np.int64) for m in (6, 12, 36, 60))
    bench = lut[(np.searchsorted(eff, start, side="right") - 1) * 5 + band]
    rate = np.minimum(loans["annual_rate"], bench)
    a, b = np.maximum(start, LO), np.minimum(mat, HI)
    n = start.size
    order = np.lexsort((rep["on"], rep["loan"]))
    r_loan, r_day = rep["loan"][order], rep["on"][order].astype(np.int64)
    r_fen = rep["principal_fen"][order]
    per = np.bincount(r_loan, minlength=n)
    before = np.concatenate(([0], np.cumsum(per)[:-1]))
    first = np.arange(n) + before
    size = n + r_loan.size
    lo, out = np.empty(size, np.int64), np.empty(size, np.int64)
    lo[first], out[first] = start, principal
    pos = r_loan + 1 + np.arange(r_loan.size)
    cum = np.cumsum(r_fen)
    head = before[r_loan]
    lo[pos] = r_day
    out[pos] = principal[r_loan] - (cum - np.where(head > 0, cum[np.maximum(head - 1, 0)], 0))
    hi = np.empty(size, np.int64)
    hi[:-1] = lo[1:]
    hi[first + per] = np.iinfo(np.int64).max
    owner = np.repeat(np.arange(n), per + 1)
    overlap = np.maximum(np.minimum(hi, b[owner]) - np.maximum(lo, a[owner]), 0)
    pd = np.add.reduceat(np.minimum(out, 5_000_000) * overlap, first)
    q, r = np.divmod(pd * rate, 360 * 10**6)
    amount = q + (2 * r >= 360 * 10**6)
    totals = np.zeros(2, np.int64)
    np.add.at(totals, data["lender_code"], amount)
    return amount


def polars_kernel(data: dict[str, Any], eff: np.ndarray, lut: np.ndarray) -> np.ndarray | None:
    try:
        import polars as pl
    except ImportError:
        return None
    loans, rep = data["loans"], data["repayments"]
    start = loans["start_date"].astype(np.int64)
    mat = loans["maturity_date"].astype(np.int64)
    months = _month_starts(int(start.min()), int(start.max()))
    band = sum((mat > _add_months(start, m, months)).astype(np.int64) for m in (6, 12, 36, 60))
    bench = lut[(np.searchsorted(eff, start, side="right") - 1) * 5 + band]
    frame = pl.DataFrame({"loan": np.arange(start.size), "start": start, "mat": mat,
                          "principal": loans["principal_fen"], "rate": loans["annual_rate"],
                          "bench": bench, "lender": data["lender_code"]})
    repf = pl.DataFrame({"loan": rep["loan"], "day": rep["on"].astype(np.int64),
                         "fen": rep["principal_fen"]})
    events = pl.concat([
        frame.select("loan", pl.col("start").alias("day"), pl.lit(0, pl.Int64).alias("fen")),
        repf.group_by("loan", "day").agg(pl.col("fen").sum()),
    ]).sort("loan", "day")
    events = events.join(frame, on="loan").with_columns(
        out=pl.col("principal") - pl.col("fen").cum_sum().over("loan"),
        hi=pl.col("day").shift(-1).over("loan").fill_null(np.iinfo(np.int64).max),
    ).with_columns(
        a=pl.max_horizontal(pl.col("start"), pl.lit(int(LO))),
        b=pl.min_horizontal(pl.col("mat"), pl.lit(int(HI))),
    ).with_columns(
        overlap=(pl.min_horizontal("hi", "b") - pl.max_horizontal("day", "a")).clip(0),
    ).with_columns(pdays=pl.min_horizontal("out", pl.lit(5_000_000)) * pl.col("overlap"))
    per_loan = events.group_by("loan").agg(pl.col("pdays").sum(), pl.col("rate").first(),
                                            pl.col("bench").first()).sort("loan")
    num = per_loan.select(num=pl.col("pdays") * pl.min_horizontal("rate", "bench"))["num"]
    den = 360 * 10**6
    q = num // den
    amount = q + ((num - q * den) * 2 >= den).cast(pl.Int64)
    return amount.to_numpy()


def openfisca_runner(eff: np.ndarray, lut: np.ndarray) -> Callable[[dict[str, Any]], Any] | None:
    """The same month's subsidy as an OpenFisca variable (loans as a person entity; inputs as
    integers; OpenFisca's int is int32, so the formula widens to int64 for the products). Loans
    without repayments only: OpenFisca has no runs of a balance."""
    try:
        from openfisca_core.entities import build_entity
        from openfisca_core.periods import DateUnit
        from openfisca_core.simulation_builder import SimulationBuilder
        from openfisca_core.taxbenefitsystems import TaxBenefitSystem
        from openfisca_core.variables import Variable
    except ImportError:
        return None
    loan_entity = build_entity(key="loan", plural="loans", label="A loan", is_person=True)

    def inputs(name: str) -> type:
        return type(name, (Variable,), {"value_type": int, "entity": loan_entity,
                                        "definition_period": DateUnit.ETERNITY, "label": name})

    names = ("principal_fen", "start_day", "maturity_day", "rate_millionths", "bench_millionths")

    class subsidy_fen(Variable):
        value_type = int
        entity = loan_entity
        definition_period = DateUnit.MONTH
        label = "the month's interest subsidy in fen"

        def formula(loans, period, parameters):
            start = loans("start_day", period.this_year.first_month).astype(np.int64)
            mat = loans("maturity_day", period.this_year.first_month).astype(np.int64)
            principal = loans("principal_fen", period).astype(np.int64)
            rate = np.minimum(loans("rate_millionths", period), loans("bench_millionths", period))
            a, b = np.maximum(start, int(LO)), np.minimum(mat, int(HI))
            pd = np.minimum(principal, 5_000_000) * np.maximum(b - a, 0)
            q, r = np.divmod(pd * rate.astype(np.int64), 360 * 10**6)
            return q + (2 * r >= 360 * 10**6)

    system = TaxBenefitSystem([loan_entity])
    for name in names:
        system.add_variable(inputs(name))
    system.add_variable(subsidy_fen)

    def run(data: dict[str, Any]) -> Any:
        loans = data["loans"]
        start = loans["start_date"].astype(np.int64)
        mat = loans["maturity_date"].astype(np.int64)
        months = _month_starts(int(start.min()), int(start.max()))
        band = sum((mat > _add_months(start, m, months)).astype(np.int64) for m in (6, 12, 36, 60))
        bench = lut[(np.searchsorted(eff, start, side="right") - 1) * 5 + band]
        simulation = SimulationBuilder().build_default_simulation(system, count=start.size)
        for name, values in (("principal_fen", loans["principal_fen"]), ("start_day", start),
                             ("maturity_day", mat), ("rate_millionths", loans["annual_rate"]),
                             ("bench_millionths", bench)):
            simulation.set_input(name, "ETERNITY", values)
        return simulation.calculate("subsidy_fen", f"{YEAR}-{MONTH:02d}")

    return run


# ------------------------------------------------------------------------------------------


def fmt(x: float | None) -> str:
    return f"{x:9.4f}" if x is not None else f"{'-':>9}"


def best(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def scalar_loans(data: dict[str, Any]) -> list[pc.Loan]:
    columns = dict(data["loans"])
    columns["annual_rate"] = [str(Decimal(int(v)).scaleb(-6)) for v in columns["annual_rate"]]
    table = batch._loans.read_loans(columns, data["repayments"])
    return [table.loan(i) for i in range(table.n)]


def peak_bytes(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scalar-max", type=int, default=100_000)
    args = parser.parse_args()
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    eff, lut = _benchmark_lut()
    print(f"settle_month {YEAR}-{MONTH:02d}; best of 3 (scalar: 1 run)\n")
    print(f"{'loans':>9} {'batch s':>9} {'numpy s':>9} {'polars s':>9} {'scalar s':>9} "
          f"{'batch/numpy':>11} {'polars/batch':>12} {'scalar/batch':>12} {'peak B/loan':>11}")
    for n in sizes:
        data = portfolio(n)
        t_batch, got = best(lambda d=data: batch.settle_month(
            d["loans"], YEAR, MONTH, repayments=d["repayments"]))
        t_numpy, hand = best(lambda d=data: numpy_kernel(d, eff, lut))
        assert (np.asarray(got.amount_fen, dtype=np.int64) == hand).all(), "numpy kernel differs"
        t_polars, pol = best(lambda d=data: polars_kernel(d, eff, lut))
        if pol is not None:
            assert (pol == hand).all(), "polars differs"
        t_scalar = None
        if n <= args.scalar_max:
            models = scalar_loans(data)
            t = time.perf_counter()
            expected = pc.settle_month(models, YEAR, MONTH)
            t_scalar = time.perf_counter() - t
            amounts = {s.loan_id: s.amount for s in expected.statements}
            assert all(amounts.get(models[i].id, Decimal("0.00")) == got.amount(i)
                       for i in range(n)), "scalar differs"
            assert expected.totals == got.totals
        peak = peak_bytes(lambda d=data: batch.settle_month(
            d["loans"], YEAR, MONTH, repayments=d["repayments"]))
        print(f"{n:>9} {fmt(t_batch)} {fmt(t_numpy)} {fmt(t_polars if pol is not None else None)}"
              f" {fmt(t_scalar)} {t_batch / t_numpy:11.2f} "
              f"{(t_polars / t_batch) if pol is not None else float('nan'):12.2f} "
              f"{(t_scalar / t_batch) if t_scalar else float('nan'):12.1f} {peak / n:11.0f}")

    run_openfisca = openfisca_runner(eff, lut)
    print("\nloans without repayments (what OpenFisca can express); best of 3")
    print(f"{'loans':>9} {'batch s':>9} {'numpy s':>9} {'openfisca s':>11} {'batch/numpy':>11} "
          f"{'openfisca/batch':>15}")
    for n in sizes:
        data = portfolio(n, repaid_share=0.0)
        t_batch, got = best(lambda d=data: batch.settle_month(d["loans"], YEAR, MONTH))
        t_numpy, hand = best(lambda d=data: numpy_kernel(d, eff, lut))
        assert (np.asarray(got.amount_fen, dtype=np.int64) == hand).all()
        t_of = None
        if run_openfisca is not None:
            t_of, of = best(lambda d=data: run_openfisca(d))
            assert (np.asarray(of, dtype=np.int64) == hand).all(), "openfisca differs"
        ratio = f"{t_of / t_batch:15.1f}" if t_of else f"{'-':>15}"
        print(f"{n:>9} {fmt(t_batch)} {fmt(t_numpy)} {fmt(t_of):>11} {t_batch / t_numpy:11.2f} "
              f"{ratio}")

    print("\nsimulate_fund, 10^4 scenarios × 10^4 loans, one year")
    data = portfolio(10_000, repaid_share=0.0)
    for p in ("0.03", "0.20"):
        t, sim = best(lambda p=p: batch.simulate_fund(
            data["loans"], on=dt.date(2019, 1, 1), default_probability=float(p),
            scenarios=10_000, recovery_rate="0.3", seed=1), repeat=2)
        print(f"  default probability {p}: {t:.3f} s  {sim!r}")

    print("\ncompare, 10^5 records, the seed against the seed with a 100 000 loan cap")
    data = portfolio(100_000)
    other = attrs.evolve(pc.DEFAULT_POLICY, max_loan_amount="100000")
    t, c = best(lambda: batch.compare(data["loans"], pc.DEFAULT_POLICY, other,
                                      on=dt.date(2018, 6, 15), year=YEAR, month=MONTH,
                                      repayments=data["repayments"]), repeat=2)
    print(f"  {t:.3f} s  {c!r}")


if __name__ == "__main__":
    main()
