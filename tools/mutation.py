"""Mutation testing of one module, several, or all: ``python tools/mutation.py MODULE... | all``.

Each module is mutated (mutmut 3, configured in ``[tool.mutmut]`` of ``pyproject.toml``) in a
scratch copy of the repository under ``.mutation/<module>/``, first against its own test files
(fast), then the survivors are re-run against the whole ``tests/`` suite in ``.mutation/_full/``
(a mutant another module's tests kill is killed). The score counts every mutant:

    score = killed / (killed + survived + timeout + not covered)

and a table of it is printed, with the survivors by name. ``--own-only`` skips the second phase;
``--max-children N`` sets mutmut's parallelism (default: the number of CPUs); ``--fresh``
forgets earlier results of the modules named (mutmut resumes an interrupted run otherwise, and
keeps a verdict it reached unless the mutated function changed).
Show one survivor with ``cd .mutation/_full && mutmut show NAME`` (or ``.mutation/<module>``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "poverty_credit"
SCRATCH = ROOT / ".mutation"

#: Each module's own test files (tests/ mirrors the modules; a few have more than one file).
OWN_TESTS: dict[str, list[str]] = {
    "_money": ["test_money.py"],
    "periods": ["test_periods.py", "test_age.py"],
    "workdays": ["test_workdays.py"],
    "rates": ["test_rates.py", "test_rates_unconfirmed.py"],
    "citations": ["test_county_citations.py"],
    "schedule": ["test_schedule.py", "test_caps_and_schedules.py"],
    "policy": ["test_policy.py", "test_policy_bounds.py", "test_policy_documents.py"],
    "fund": ["test_fund.py", "test_fund_part_d.py"],
    "_persistent": ["test_persistent.py"],
    "portfolio": ["test_portfolio.py", "test_portfolio_findings.py"],
    "approval": ["test_approval.py", "test_approval_findings.py"],
    "documents": ["test_documents.py", "test_documents_findings.py", "test_policy_documents.py"],
    "eligibility": ["test_eligibility.py", "test_target_groups.py", "test_age.py",
                    "test_eligibility_messages.py"],
    "loan_terms": ["test_loan_terms.py", "test_loan_terms_messages.py"],
    "subsidy": ["test_subsidy.py", "test_subsidy_variants.py", "test_subsidy_properties.py",
                "test_fast_subsidy.py", "test_subsidy_words.py", "test_subsidy_settlement.py"],
    "_subsidy_fast": ["test_fast_subsidy.py", "test_subsidy.py"],
    "claims": ["test_claims.py", "test_claims_part_d.py", "test_fast_models_claims.py"],
    "loss_sharing": ["test_loss_sharing.py"],
    "decision": ["test_decision.py"],
    "models": ["test_models.py", "test_fast_models_claims.py"],
    "_wording": ["test_wording.py", "test_eligibility_messages.py", "test_loan_terms_messages.py",
                 "test_county_citations.py", "test_claims_part_d.py"],
    "validation": ["test_validation.py"],
    "idnumber": ["test_idnumber.py"],
    "creditcode": ["test_creditcode.py"],
    "_validate": ["test_validate.py", "test_models.py", "test_errors.py", "test_junk.py",
                  "test_fast_models_claims.py"],
}

#: what mutmut 3.8 prints when it stops because no selected test covers any mutant it was given
NO_TEST_FOR_ANY_MUTANT = "could not find any test case for any mutant"

STATUS_KILLED = {"killed"}
#: statuses that count against the score (every mutant counts; "skipped" ones are not mutants run)
STATUS_NOT_KILLED = {"survived", "timeout", "no tests", "suspicious", "segfault", "not checked"}


def _copy_tree(work: Path) -> None:
    """A scratch copy of what the tests read: src/, tests/, docs/ and tools/ (test_web_example
    and test_problems read docs/, test_demo runs tools/make_demo_data.py), pyproject.toml."""
    work.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests", "docs", "tools"):
        target = work / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, work / name)


def _configure(work: Path, only: list[str], tests: list[str]) -> None:
    """Narrow ``[tool.mutmut]`` of the scratch pyproject.toml to ``only`` and ``tests``."""
    path = work / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("[tool.mutmut]")
    if not sep:
        raise SystemExit("pyproject.toml has no [tool.mutmut] section")
    rest = re.split(r"(?m)^\[", tail, maxsplit=1)
    section = rest[0]
    section = re.sub(
        r"(?m)^pytest_add_cli_args_test_selection = .*$",
        "pytest_add_cli_args_test_selection = " + json.dumps(tests),
        section,
    )
    section += "only_mutate = " + json.dumps(only) + "\n"
    after = "[" + rest[1] if len(rest) > 1 else ""
    path.write_text(head + sep + section + after, encoding="utf-8")


def _mutmut(work: Path, *args: str) -> str:
    # the light, derandomized "mutation" Hypothesis profile of tests/conftest.py (fewer examples:
    # the score is a lower bound); CI dropped so that nothing else chooses the profile
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HYPOTHESIS_PROFILE="mutation")
    env.pop("CI", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = proc.stdout + proc.stderr
    # "run" stops with 1 when none of the mutants named has a test (they stay "no tests", which
    # the score counts); any other failure (the clean run failed, stats not collected) is fatal
    if proc.returncode != 0 and not (args[0] == "run" and NO_TEST_FOR_ANY_MUTANT in out):
        sys.stderr.write(out[-5000:])
        raise SystemExit(f"mutmut {' '.join(args)} failed in {work} (exit {proc.returncode})")
    return out


def _statuses(work: Path) -> dict[str, str]:
    out = _mutmut(work, "results", "--all=True")
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+__mutmut_\d+): (.+)$", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def _module_of(name: str) -> str:
    return name.split(".")[1]


def run(modules: list[str], *, own_only: bool, max_children: int, fresh: bool,
        retest: bool = True) -> int:
    statuses: dict[str, str] = {}
    for module in modules:
        work = SCRATCH / module
        if fresh:
            shutil.rmtree(work / "mutants", ignore_errors=True)
        _copy_tree(work)
        own = [f"tests/{t}" for t in OWN_TESTS.get(module, [f"test_{module}.py"])]
        missing = [t for t in own if not (ROOT / t).exists()]
        if missing:
            raise SystemExit(f"{module}: no such test file {', '.join(missing)} (OWN_TESTS)")
        _configure(work, [f"src/{PACKAGE}/{module}.py"], own)
        print(f"== {module}: own tests {', '.join(own)}", flush=True)
        out = _mutmut(work, "run", f"--max-children={max_children}")
        found = {k: v for k, v in _statuses(work).items() if _module_of(k) == module}
        if not found:
            sys.stderr.write(out[-3000:])
            raise SystemExit(f"no mutants recorded for {module}")
        # a resumed run keeps old verdicts: test the survivors again against today's tests
        again = sorted(k for k, v in found.items() if v not in STATUS_KILLED)
        if again and retest:
            _mutmut(work, "run", f"--max-children={max_children}", *again)
            found = {k: v for k, v in _statuses(work).items() if _module_of(k) == module}
        statuses.update(found)
    survivors = sorted(k for k, v in statuses.items() if v not in STATUS_KILLED)
    if survivors and not own_only:
        work = SCRATCH / "_full"
        if fresh:
            shutil.rmtree(work / "mutants", ignore_errors=True)
        _copy_tree(work)
        _configure(work, [f"src/{PACKAGE}/{m}.py" for m in modules], ["tests/"])
        print(f"== the whole suite on {len(survivors)} survivors", flush=True)
        out = _mutmut(work, "run", f"--max-children={max_children}", *survivors)
        full = _statuses(work)
        if any(full.get(name, "not checked") == "not checked" for name in survivors):
            sys.stderr.write(out[-3000:])
            print("!! the whole-suite run left survivors unchecked: they count as not killed",
                  flush=True)
        for name in survivors:
            statuses[name] = full.get(name, statuses[name])
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    print("\n| module | mutants | killed | score | date |\n|---|---:|---:|---:|---|")
    for module in modules:
        mine = {k: v for k, v in statuses.items() if _module_of(k) == module}
        killed = sum(v in STATUS_KILLED for v in mine.values())
        counted = sum(v in STATUS_KILLED | STATUS_NOT_KILLED for v in mine.values())
        score = 100 * killed / counted if counted else 100.0
        print(f"| {module}.py | {counted} | {killed} | {score:.1f} % | {today} |")
    left = sorted(k for k, v in statuses.items() if v not in STATUS_KILLED)
    if left:
        print("\nsurvivors:")
        for name in left:
            print(f"    {name}: {statuses[name]}")
    (SCRATCH / "last-run.json").write_text(json.dumps(statuses, indent=1, sort_keys=True))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", help="module names (periods, fund, ...) or 'all'")
    parser.add_argument("--own-only", action="store_true", help="skip the whole-suite phase")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fresh", action="store_true", help="forget earlier results first")
    parser.add_argument("--no-retest", dest="retest", action="store_false",
                        help="trust the own-tests verdicts of an earlier run (tests unchanged)")
    args = parser.parse_args(argv)
    modules = list(OWN_TESTS) if args.modules == ["all"] else args.modules
    unknown = [m for m in modules if not (ROOT / "src" / PACKAGE / f"{m}.py").exists()]
    if unknown:
        parser.error(f"no such module: {', '.join(unknown)}")
    return run(modules, own_only=args.own_only, max_children=args.max_children,
               fresh=args.fresh, retest=args.retest)


if __name__ == "__main__":
    raise SystemExit(main())
