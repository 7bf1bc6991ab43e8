"""Streaming cost of the reading layer: memory bounded by the chunk, time per row vs the model.

Run from the repository root:  .venv/bin/python benchmarks/bench_readers.py [N]

For N rows (default 10^5) of loans with the borrower in 借款人… columns (a clerk's GBK export with
Chinese headers, grouped amounts and Y/M/D dates), the benchmark:

1. streams a CSV file through ``iter_records`` and counts the loans, measuring the peak of Python
   allocations with ``tracemalloc`` — bounded by the read chunk, not the file (a file of N/10
   rows must peak about as high as one of N rows);
2. does the same for the file as a JSON array and as JSON Lines (linear: N rows take about ten
   times N/10 rows);
3. runs ``poverty-credit terms`` on both files with JSON output to a file, under tracemalloc:
   the command spools its results to a temporary file, so its peak is bounded too;
4. times the model constructors alone (``NaturalPerson(...)`` and ``Loan(...)`` from ready Python
   values) against the whole read, and reports the reader's per-row overhead as a multiple of the
   constructors' cost.

No timing is asserted anywhere (benchmarks are not tests); the figures go into the report.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal

from poverty_credit import Loan, NaturalPerson
from poverty_credit.cli import main as cli_main
from poverty_credit.readers import iter_records

HEADER = "贷款编号,借款人编号,出生日期,是否建档立卡,贷款银行,贷款金额,放款日期,到期日期,年利率\r\n"


def csv_line(i: int) -> str:
    lender = "县信用联社" if i % 3 else "县邮政储蓄银行"
    return (f'L-{i},P-{i},19{60 + i % 40}/{1 + i % 12}/{1 + i % 28},是,{lender},'
            f'"{10 + i % 41},000.00",2026/3/{1 + i % 28},2027/3/{1 + i % 28},4.35%\r\n')


def json_record(i: int) -> dict[str, object]:
    return {"id": f"L-{i}", "borrower": {"id": f"P-{i}",
                                         "birth_date": f"19{60 + i % 40}-{1 + i % 12:02d}-"
                                                       f"{1 + i % 28:02d}",
                                         "registered_poor": True},
            "lender": "credit_union" if i % 3 else "postal_savings",
            "principal": f"{10 + i % 41}000.00", "start_date": f"2026-03-{1 + i % 28:02d}",
            "maturity_date": f"2027-03-{1 + i % 28:02d}", "annual_rate": "0.0435"}


def write_files(n: int, folder: str) -> dict[str, str]:
    paths = {"csv": os.path.join(folder, f"loans-{n}.csv"),
             "json": os.path.join(folder, f"loans-{n}.json"),
             "jsonl": os.path.join(folder, f"loans-{n}.jsonl")}
    with open(paths["csv"], "w", encoding="gb18030", newline="") as fh:
        fh.write(HEADER)
        for i in range(n):
            fh.write(csv_line(i))
    with open(paths["json"], "w", encoding="utf-8") as fh:
        fh.write("[\n")
        for i in range(n):
            fh.write(("," if i else "") + json.dumps(json_record(i), ensure_ascii=False) + "\n")
        fh.write("]\n")
    with open(paths["jsonl"], "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(json_record(i), ensure_ascii=False) + "\n")
    return paths


def count(path: str) -> int:
    total = 0
    for record in iter_records(path, Loan):
        if record.problems:
            raise SystemExit(f"unexpected problem: {record.problems[0]}")
        total += 1
    return total


def stream(path: str) -> tuple[int, float, int]:
    """(records, seconds, peak bytes of Python allocations) for one streamed read: timed on its
    own, then read again under tracemalloc (which slows Python down) for the peak."""
    gc.collect()
    start = time.perf_counter()
    total = count(path)
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    count(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return total, seconds, peak


def timed(n: int, make: Callable[[int], object]) -> float:
    start = time.perf_counter()
    for i in range(n):
        make(i)
    return time.perf_counter() - start


def constructors(i: int) -> Loan:
    person = NaturalPerson(id=f"P-{i}", registered_poor=True,
                           birth_date=dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28))
    return Loan(id=f"L-{i}", borrower=person, lender="credit_union",
                principal=Decimal(f"{10 + i % 41}000.00"),
                start_date=dt.date(2026, 3, 1 + i % 28),
                maturity_date=dt.date(2027, 3, 1 + i % 28), annual_rate=Decimal("0.0435"))


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        small, large = write_files(n // 10, folder), write_files(n, folder)
        print(f"{n} rows; sizes: " + ", ".join(
            f"{k} {os.path.getsize(v) / 1e6:.1f} MB" for k, v in large.items()))
        results = {}
        for fmt in ("csv", "json", "jsonl"):
            c_small, t_small, p_small = stream(small[fmt])
            c_large, t_large, p_large = stream(large[fmt])
            assert (c_small, c_large) == (n // 10, n)
            results[fmt] = t_large
            print(f"{fmt:>5}: {n // 10} rows {t_small:6.2f} s peak {p_small / 1e6:5.2f} MB | "
                  f"{n} rows {t_large:6.2f} s peak {p_large / 1e6:5.2f} MB | "
                  f"time ×{t_large / t_small:4.1f} for ×10 rows, {t_large / n * 1e6:6.1f} µs/row")
        for fmt in ("csv", "json"):
            peaks = []
            for paths in (small, large):
                out = os.path.join(folder, f"out-{fmt}.json")
                gc.collect()
                tracemalloc.start()
                status = cli_main(["terms", paths[fmt], "--format", "json", "-o", out])
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
                assert status in (0, 1), status
            print(f"  cli terms {fmt:>4} --format json -o FILE: peak {peaks[0] / 1e6:5.2f} MB for "
                  f"{n // 10} rows, {peaks[1] / 1e6:5.2f} MB for {n} rows")
        # the per-row ratio: reader and constructors timed alternately on the N/10-row files,
        # best of five rounds each, so that a busy machine slows both sides alike
        rows = n // 10
        best_model = min(timed(rows, constructors) for _ in range(5))
        print(f"model constructors alone: {best_model / rows * 1e6:6.1f} µs/row (best of 5)")
        for fmt in ("csv", "json", "jsonl"):
            best = float("inf")
            for _ in range(5):
                start = time.perf_counter()
                count(small[fmt])
                best = min(best, time.perf_counter() - start)
                best_model = min(best_model, timed(rows, constructors))
            overhead = best - best_model
            print(f"{fmt:>5}: {best / rows * 1e6:6.1f} µs/row in all, reader overhead "
                  f"{overhead / rows * 1e6:6.1f} µs/row = {overhead / best_model:4.2f} × the "
                  "constructors' cost")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
