"""The built-in example county and the demo report."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from poverty_credit import DEFAULT_POLICY, check_eligibility, check_loan_terms
from poverty_credit.cli import main
from poverty_credit.demo import SCREEN_ON, load_county, run_demo

ROOT = Path(__file__).resolve().parents[1]


def test_demo_runs_and_ends_with_the_fund_statement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.rstrip("\n").splitlines()
    heading = lines.index("The fund's statement for 2025 (Art. 5):")
    statement = lines[heading + 1 :]
    assert statement[0].split() == ["credit_union", "postal_savings", "total"]
    assert [line.split()[0] for line in statement[1:]] == [
        "opening", "+", "+", "-", "+", "+", "closing", "county", "returned"]
    assert lines[-1].strip().startswith("returned to the county")


def test_demo_report_sections() -> None:
    report = run_demo()
    for heading in ("1. Eligibility on 2025-03-03", "2. Loan terms", "3. Interest subsidy for "
                    "2025-06", "4. One book, two documents", "5. Compensation claims",
                    "6. The risk-compensation fund"):
        assert heading in report
    assert "credit_union" in report
    assert "postal_savings" in report
    assert "recovered 2025-12-10" in report


def test_demo_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "年末余额" in out
    assert "不予通过" in out


def test_demo_with_a_policy_variant() -> None:
    variant = attrs.evolve(DEFAULT_POLICY, max_age=70)
    assert "Policy: a variant." in run_demo(policy=variant)


def test_the_county_is_what_the_issue_asks_for() -> None:
    county = load_county()
    assert len(county.people) + len(county.entities) >= 200  # a few hundred
    assert {loan.lender for loan in county.loans} == {"credit_union", "postal_savings"}
    starts = sorted(loan.start_date for loan in county.loans)
    assert (starts[-1] - starts[0]).days <= 366  # a year of loans
    # both verdicts occur, so the report has something to say
    verdicts = {bool(check_eligibility(p, SCREEN_ON)) for p in county.people}
    assert verdicts == {True, False}
    assert {bool(check_loan_terms(loan)) for loan in county.loans} == {True, False}


def test_shipped_data_is_what_the_generator_makes() -> None:
    """The package data is generated, not hand-edited: regenerating gives the same bytes."""
    spec = importlib.util.spec_from_file_location("make_demo_data",
                                                  ROOT / "tools" / "make_demo_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_data"] = module
    spec.loader.exec_module(module)
    shipped = ROOT / "src" / "poverty_credit" / "data" / "demo"
    for name, text in module.generate().items():
        assert (shipped / name).read_text(encoding="utf-8") == text, name


def test_demo_in_chinese_is_chinese_throughout() -> None:
    """--lang zh: headings, lender names, claim lines and the fund statement are Chinese."""
    report = run_demo(lang="zh")
    assert report.splitlines()[0] == "poverty-credit 演示：示例县（随软件包提供的模拟数据）"
    for text in ("1. 2025-03-03借款人资格审查", "2. “5321”贷款条件审查", "3. 2025年06月贴息结算",
                 "5. 2025-11-20代偿申请审核", "6. 风险补偿金", "县信用联社", "县邮政储蓄银行",
                 "受理：风险补偿金承担", "不予受理：", "活期存款基准利率"):
        assert text in report
    for english in ("Eligibility", "loans checked", "accepted:", "not accepted", "paid 2025",
                    "opening balance", "credit_union", "postal_savings"):
        assert english not in report


def test_the_mixed_book_names_the_document_each_loan_was_settled_under() -> None:
    """Issue 10: one county's book across a policy change. Loans made before 2025-01-01 keep the
    Measures (existing_contracts "keep"); later ones are settled under the later rules, whose
    benchmark is the LPR: e.g. a 12-month loan made 2025-04-25 at 4.35 % is subsidised at the
    1-year LPR in force that day, 3.10 % (2024-10-21 fixing, domain-facts §5.3)."""
    import poverty_credit as pc
    from poverty_credit.demo import LATER_RULES_FROM, later_rules

    county = load_county()
    book = pc.PolicySchedule([DEFAULT_POLICY, later_rules()])
    settlement = pc.settle_month(county.loans, 2025, 6, book)
    by_id = {loan.id: loan for loan in county.loans}
    for statement in settlement.statements:
        made = by_id[statement.loan_id].start_date
        expected = "x-county-measures" if made < LATER_RULES_FROM else "x-county-2025-example"
        assert statement.policy_id == expected, statement
    ids = {s.policy_id for s in settlement.statements}
    assert ids == {"x-county-measures", "x-county-2025-example"}
    # L0002: 30 000 at 4.35 % for 12 months from 2025-04-25, under the later rules: June's 30
    # days at min(4.35 %, 3.10 %) → 30 000 × 30 × 0.031 / 360 = 77.50
    l0002 = next(s for s in settlement.statements if s.loan_id == "L0002")
    assert by_id["L0002"].start_date == dt.date(2025, 4, 25)
    assert by_id["L0002"].principal == Decimal("30000.00")
    assert (l0002.policy_id, l0002.days, l0002.rate, l0002.amount) == (
        "x-county-2025-example", 30, Decimal("0.031"), Decimal("77.50"))
    report = run_demo()
    assert "under x-county-2025-example" in report
