"""The scalar rules against hand-written plain Python, before and after, in one run (issue 11).

Run from the repository root::

    python benchmarks/bench_scalar.py                 # before = main, after = this checkout
    python benchmarks/bench_scalar.py --before 73b2ea6 --write   # and write docs/performance.md

The parent process exports the ``before`` revision's ``src/`` with ``git archive`` into a temporary
directory, then runs this file as a child (``--measure SRC``) for the before and the after code,
alternating, ``--rounds`` times each; every figure is the best of those rounds, and within a round
the best of several ``timeit`` repeats. Every child times the plain-Python equivalent of each row
too, so a ratio is always library ÷ plain from the same process. The plain equivalents compute the
same verdict or amount with bare ints, dates and Decimals and explain nothing: they are the floor
of what the arithmetic costs in Python.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import decimal
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FEN = Decimal("0.01")

# --------------------------------------------------------------------------------------------
# the hand-written equivalents


def plain_age(birth: dt.date, on: dt.date) -> int:
    years = on.year - birth.year
    month, day = birth.month, birth.day
    leap = on.year % 4 == 0 and (on.year % 100 != 0 or on.year % 400 == 0)
    if month == 2 and day == 29 and not leap:
        day = 28
    return years if (on.month, on.day) >= (month, day) else years - 1


def plain_eligibility(birth: dt.date, on: dt.date, registered: bool, five: bool, bad: bool,
                      max_age: int = 65, min_age: int = 18) -> tuple[bool, list[str]]:
    age = plain_age(birth, on)
    failed = []
    if not registered:
        failed.append("NOT_REGISTERED_POOR")
    if five:
        failed.append("FIVE_GUARANTEE_HOUSEHOLD")
    if bad:
        failed.append("OUTSTANDING_BAD_LOANS")
    if age > max_age:
        failed.append("AGE_ABOVE_LIMIT")
    if age < min_age:
        failed.append("AGE_BELOW_LIMIT")
    return not failed, failed


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def plain_add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    last = _MONTH_DAYS[m] + (m == 1 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))
    return dt.date(y, m + 1, min(d.day, last))


def plain_term(start: dt.date, maturity: dt.date) -> int:
    months = (maturity.year - start.year) * 12 + maturity.month - start.month
    return months + 1 if plain_add_months(start, months) < maturity else months


# the PBoC lending table's 3-band rows (2015-10-24 on) as the plain lookup sees it
_BENCH_DAYS = [dt.date(2015, 10, 24)]
_BENCH_ROWS = [(Decimal("0.0435"), Decimal("0.0475"), Decimal("0.049"))]


def plain_benchmark(on: dt.date, months: int) -> Decimal:
    row = _BENCH_ROWS[bisect.bisect_right(_BENCH_DAYS, on) - 1]
    return row[0] if months <= 12 else row[1] if months <= 60 else row[2]


def plain_loan_terms(principal: Decimal, start: dt.date, maturity: dt.date, rate: Decimal,
                     guarantee: bool, collateral: bool) -> tuple[bool, list[str]]:
    failed = []
    if principal > 50000:
        failed.append("AMOUNT_ABOVE_LIMIT")
    months = plain_term(start, maturity)
    if months > 36:
        failed.append("TERM_ABOVE_LIMIT")
    if guarantee:
        failed.append("GUARANTEE_REQUIRED")
    if collateral:
        failed.append("COLLATERAL_REQUIRED")
    if rate > plain_benchmark(start, months):
        failed.append("RATE_ABOVE_BENCHMARK")
    return not failed, failed


def plain_month(principal: Decimal, start: dt.date, end: dt.date, rate: Decimal,
                repayments: list[tuple[dt.date, Decimal]], first: dt.date, nxt: dt.date,
                cap: Decimal = Decimal(50000)) -> Decimal:
    """One loan's month, as in ``benchmarks/bench_subsidy.py`` (the benchmark rate looked up)."""
    rate = min(rate, plain_benchmark(start, plain_term(start, end)))
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        lo, hi = max(first, start), min(nxt, end)
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
        return (total * rate / 360).quantize(FEN, rounding=ROUND_HALF_UP)


def plain_claim(due: dt.date, on: dt.date, notice_start: dt.date, notice_end: dt.date,
                objections: int, flags: tuple[bool, ...],
                cause: str | None) -> tuple[bool, list[str]]:
    failed = []
    if (on - due).days < 90:
        failed.append("NOT_OVERDUE_ENOUGH")
    if (notice_end - notice_start).days < 7 or on <= notice_end:
        failed.append("NOTICE_TOO_SHORT")
    if objections:
        failed.append("NOTICE_OBJECTION")
    for name, ok in zip(("MISSING_TOWN_OPINION", "NOT_APPROVED", "LOSS_NOT_DETERMINED",
                         "NO_COLLECTION_IN_PERIOD", "RECOURSE_NOT_PERFORMED",
                         "MAJOR_EVENT_NOT_HANDLED", "LOAN_NOT_AS_REQUIRED"), flags,
                        strict=True):
        if not ok:
            failed.append(name)
    if cause not in ("death", "disability", "disease", "disaster", "accident"):
        failed.append("CAUSE_NOT_COVERED")
    return not failed, failed


def plain_share(loss: Decimal, share: Decimal = Decimal("0.70")) -> tuple[Decimal, Decimal]:
    fund = (loss * share).quantize(FEN, rounding=ROUND_HALF_UP)
    return fund, loss - fund


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class PlainLoan:
    """A slotted dataclass with the loan's fields and hand-written checks of the same things."""

    id: str
    borrower: object
    lender: str
    principal: Decimal
    start_date: dt.date
    maturity_date: dt.date
    annual_rate: Decimal
    guarantee_required: bool = False
    collateral_required: bool = False
    repayments: tuple[object, ...] = ()
    extended_to: dt.date | None = None
    insurer_share: Decimal | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not isinstance(self.lender, str):
            raise ValueError("id, lender")
        p = self.principal
        if isinstance(p, bool) or not isinstance(p, (Decimal, int, str)):
            raise ValueError("principal")
        p = Decimal(p)
        if not p.is_finite() or p <= 0 or p.quantize(FEN) != p:
            raise ValueError("principal")
        object.__setattr__(self, "principal", p)
        r = self.annual_rate
        if isinstance(r, bool) or not isinstance(r, (Decimal, int, str)):
            raise ValueError("annual_rate")
        r = Decimal(r)
        if not 0 <= r < 1:
            raise ValueError("annual_rate")
        object.__setattr__(self, "annual_rate", r)
        for d in (self.start_date, self.maturity_date):
            if type(d) is not dt.date:
                raise ValueError("date")
        if self.maturity_date <= self.start_date:
            raise ValueError("maturity_date")
        object.__setattr__(self, "repayments", tuple(self.repayments))


# --------------------------------------------------------------------------------------------
# the child: time the library (whichever is on sys.path) and the equivalents


def best(fn: Callable[[], object], seconds: float = 0.15, repeat: int = 7) -> float:
    """Best time of one call, in seconds (``timeit``: best of ``repeat`` batches)."""
    timer = timeit.Timer(fn)
    number, took = timer.autorange()
    number = max(1, int(number * seconds / max(took, 1e-9)))
    return min(timer.repeat(repeat=repeat, number=number)) / number


def measure(loans_n: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    import poverty_credit as pc
    imported = time.perf_counter() - t0
    import bench_subsidy  # the 10^5-loan portfolio and its plain loop

    out: dict[str, Any] = {"file": pc.__file__, "import_in_child": imported}
    on = dt.date(2026, 3, 15)
    person = pc.NaturalPerson(id="P-1", birth_date=dt.date(1961, 3, 15), registered_poor=True)
    birth = person.birth_date
    out["check_eligibility"] = (
        best(lambda: pc.check_eligibility(person, on)),
        best(lambda: plain_eligibility(birth, on, True, False, False)),
    )
    kwargs: dict[str, Any] = {"id": "L-1", "borrower": person, "lender": "credit_union",
                              "principal": "30000", "start_date": dt.date(2024, 3, 10),
                              "maturity_date": dt.date(2027, 3, 10), "annual_rate": "0.0435"}
    loan = pc.Loan(**kwargs)
    assert pc.check_loan_terms(loan).findings[0].passed
    out["check_loan_terms"] = (
        best(lambda: pc.check_loan_terms(loan)),
        best(lambda: plain_loan_terms(loan.principal, loan.start_date, loan.maturity_date,
                                      loan.annual_rate, False, False)),
    )
    sub = pc.Loan(**{**kwargs, "repayments": (pc.Repayment(on=dt.date(2025, 6, 10),
                                                           principal="10000"),)})
    first, nxt = dt.date(2025, 6, 1), dt.date(2025, 7, 1)
    reps = [(r.on, r.principal) for r in sub.repayments]
    assert pc.monthly_subsidy(sub, 2025, 6).amount == plain_month(
        sub.principal, sub.start_date, sub.maturity_date, sub.annual_rate, reps, first, nxt)
    out["monthly_subsidy"] = (
        best(lambda: pc.monthly_subsidy(sub, 2025, 6)),
        best(lambda: plain_month(sub.principal, sub.start_date, sub.maturity_date,
                                 sub.annual_rate, reps, first, nxt)),
    )
    claim = pc.CompensationClaim(
        loan=pc.Loan(**{**kwargs, "start_date": dt.date(2024, 1, 10),
                        "maturity_date": dt.date(2025, 1, 10)}),
        due_date=dt.date(2025, 1, 10), unpaid_principal="30000", unpaid_interest="120.50",
        notice_start=dt.date(2025, 4, 20), notice_end=dt.date(2025, 4, 27),
        cause=pc.LossCause.DEATH, approved=True)
    claim_on = dt.date(2025, 5, 6)
    assert pc.check_claim(claim, claim_on)
    flags = (True,) * 7
    out["check_claim"] = (
        best(lambda: pc.check_claim(claim, claim_on)),
        best(lambda: plain_claim(claim.due_date, claim_on, claim.notice_start, claim.notice_end,
                                 0, flags, "death")),
    )
    loss = Decimal("33333.33")
    assert pc.share_loss(loss).fund == plain_share(loss)[0]
    out["share_loss"] = (best(lambda: pc.share_loss(loss)), best(lambda: plain_share(loss)))
    out["Loan(...)"] = (best(lambda: pc.Loan(**kwargs)), best(lambda: PlainLoan(**kwargs)))
    filed = dt.date(2025, 9, 26)  # the National Day week follows: a long walk
    out["filing_deadline"] = (best(lambda: pc.filing_deadline(filed)), None)

    sizes = {}
    for months, n_rep in ((12, 12), (120, 120)):
        start = dt.date(2020, 1, 10)
        maturity = pc.add_months(start, months)
        reps_ = tuple(pc.Repayment(on=pc.add_months(start, i) + dt.timedelta(days=3),
                                   principal="100") for i in range(n_rep))
        long = pc.Loan(**{**kwargs, "start_date": start, "maturity_date": maturity,
                          "repayments": reps_})
        sizes[f"{months}+{n_rep}"] = best(lambda long=long: pc.subsidy_schedule(long),
                                          seconds=0.3, repeat=3)
    out["subsidy_schedule"] = sizes

    portfolio = bench_subsidy.build_loans(loans_n)
    rows = [(x.principal, x.start_date, x.maturity_date,
             min(x.annual_rate, plain_benchmark(x.start_date,
                                                plain_term(x.start_date, x.maturity_date))),
             [(r.on, r.principal) for r in x.repayments]) for x in portfolio]
    cap = Decimal(50000)
    settled = pc.settle_month(portfolio, bench_subsidy.YEAR, bench_subsidy.MONTH)
    amounts = bench_subsidy.plain_loop(rows, cap)
    by_id = {s.loan_id: s.amount for s in settled.statements}
    assert all(by_id.get(x.id, Decimal(0)) == a for x, a in zip(portfolio, amounts, strict=True))
    lib_t = []
    for _ in range(2):
        t0 = time.perf_counter()
        pc.settle_month(portfolio, bench_subsidy.YEAR, bench_subsidy.MONTH)
        lib_t.append(time.perf_counter() - t0)
    plain_t = []
    for _ in range(3):
        t0 = time.perf_counter()
        bench_subsidy.plain_loop(rows, cap)
        plain_t.append(time.perf_counter() - t0)
    out[f"settle_month, {loans_n} loans"] = (min(lib_t), min(plain_t))
    return out


def import_time(src: str, rounds: int = 7) -> float:
    code = ("import time; t = time.perf_counter(); import poverty_credit; "
            "print(time.perf_counter() - t)")
    env = {**os.environ, "PYTHONPATH": src}
    return min(float(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                    capture_output=True, text=True).stdout)
               for _ in range(rounds))


# --------------------------------------------------------------------------------------------
# the parent: before and after, alternating; the table


def run_child(src: str, loans_n: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, str(ROOT / "benchmarks")])}
    done = subprocess.run([sys.executable, __file__, "--measure", src, "--loans", str(loans_n)],
                          env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    assert result["file"].startswith(src), result["file"]
    result["import"] = import_time(src)
    return result


def merge(a: dict[str, Any] | None, b: dict[str, Any]) -> dict[str, Any]:
    """The best of two rounds, figure by figure."""
    if a is None:
        return b
    out = dict(b)
    for key, value in b.items():
        if isinstance(value, list):
            pairs = zip(a[key], value, strict=True)
            out[key] = [min(x, y) if x is not None else None for x, y in pairs]
        elif isinstance(value, dict):
            out[key] = {k: min(a[key][k], v) for k, v in value.items()}
        elif isinstance(value, float):
            out[key] = min(a[key], value)
    return out


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs" if seconds < 1e-2 else f"{seconds:,.2f} s"


TARGETS = {
    "check_eligibility": "≤ 10 µs",
    "check_loan_terms": "≤ 15 µs",
    "monthly_subsidy": "≤ 10 µs",
    "check_claim": "≤ 10 µs",
    "share_loss": "≤ 10 µs",
    "Loan(...)": "≤ 3× a slotted dataclass",
    "filing_deadline": "≤ 20 µs",
}


def table(before: dict[str, Any], after: dict[str, Any]) -> str:
    lines = [
        "| call | before | plain (before run) | ratio before | after | plain (after run) "
        "| ratio after | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, value in after.items():
        if not isinstance(value, list):
            continue
        (lib_b, plain_b), (lib_a, plain_a) = before[key], value
        target = TARGETS.get(key, "≤ 5× the plain loop" if key.startswith("settle") else "")
        if plain_a is None:
            lines.append(f"| `{key}` | {us(lib_b)} | — | — | {us(lib_a)} | — | — | {target} |")
        else:
            lines.append(
                f"| `{key}` | {us(lib_b)} | {us(plain_b)} | {lib_b / plain_b:.1f}× | {us(lib_a)} "
                f"| {us(plain_a)} | {lib_a / plain_a:.1f}× | {target} |"
            )
    sb, sa = before["subsidy_schedule"], after["subsidy_schedule"]
    small, large = list(sa)
    lines.append(
        f"| `subsidy_schedule` {small} → {large} (months + repayments) | {us(sb[small])} → "
        f"{us(sb[large])} | | {sb[large] / sb[small]:.1f}× for 10× the size | {us(sa[small])} → "
        f"{us(sa[large])} | | {sa[large] / sa[small]:.1f}× for 10× the size | linear: ≈ 10× |"
    )
    lines.append(
        f"| `import poverty_credit` | {before['import']:.3f} s | | | {after['import']:.3f} s | | "
        "| ≤ 0.3 s |"
    )
    return "\n".join(lines)


SECTION = "## The scalar rules"


def write_docs(text: str) -> None:
    path = ROOT / "docs" / "performance.md"
    doc = path.read_text(encoding="utf-8")
    start = doc.find(SECTION)
    if start < 0:
        head, tail = doc.split("## Batch and scenarios", 1)
        doc = f"{head}{text}\n\n## Batch and scenarios{tail}"
    else:
        nxt = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + text + "\n" + (doc[nxt:] if nxt >= 0 else "")
    path.write_text(doc, encoding="utf-8")


def report(before_rev: str, rounds: int, loans_n: int, write: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="pc-before-") as tmp:
        archive = subprocess.run(["git", "archive", before_rev, "src"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        src_before, src_after = str(Path(tmp) / "src"), str(ROOT / "src")
        before = after = None
        for i in range(rounds):
            print(f"round {i + 1}/{rounds}: before", file=sys.stderr)
            before = merge(before, run_child(src_before, loans_n))
            print(f"round {i + 1}/{rounds}: after", file=sys.stderr)
            after = merge(after, run_child(src_after, loans_n))
    assert before is not None
    assert after is not None
    rev = subprocess.run(["git", "rev-parse", "--short", before_rev], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else cpu
    machine = (f"{cpu}, {os.cpu_count()} cores (shared with other jobs), {platform.system()}, "
               f"Python {platform.python_version()}")
    label = " (main)" if before_rev == "main" else ""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join([
        SECTION,
        "",
        "Each row of issue 11, the library against a hand-written plain-Python equivalent of the",
        "same verdict or amount (bare ints, dates and `Decimal`s, no explanation), in one run:",
        "",
        "```bash",
        "pip install -e '.[bench]'",
        f"python benchmarks/bench_scalar.py --before {before_rev} --write",
        "```",
        "",
        f"Machine: {machine}. Run: {stamp}; before = `{rev}`{label}, after = `{head}` plus the",
        f"working tree. Best of {rounds} rounds, before and after alternating, each round the best",
        "of 7 `timeit` repeats; every ratio divides by the plain figure of the same process. The",
        "plain equivalents are in `benchmarks/bench_scalar.py`; the settlement's is the loop of",
        "`benchmarks/bench_subsidy.py`, given the benchmark rate.",
        "",
        table(before, after),
    ])
    print(text)
    if write:
        write_docs(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="git revision of the 'before' code")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    parser.add_argument("--measure", metavar="SRC", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.loans), default=str))
    else:
        report(args.before, args.rounds, args.loans, args.write)


if __name__ == "__main__":
    main()
