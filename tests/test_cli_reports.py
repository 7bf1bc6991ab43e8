"""The report commands (settle, fund, portfolio), the output formats, --version, --lang zh, and
the run-level guarantees: exit 2 with file/line/field for every failure, never a traceback,
nothing written unless the whole run succeeded. Files are made in the tests; figures by hand."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from poverty_credit import __name__ as _pkg  # noqa: F401 - the package imports
from poverty_credit.cli import main

LOANS_CSV = (
    "贷款编号,借款人编号,出生日期,是否建档立卡,贷款银行,贷款金额,放款日期,到期日期,年利率\r\n"
    # L-1: credit union, 50 000 at 4.35 % from 2016-03-01: March 2016 = 31 days × 50 000
    # = 1 550 000 principal-days; × 0.0435 / 360 = 187.2916… → 187.29
    'L-1,P-1,1980-05-01,是,县信用联社,"50,000.00",2016/3/1,2017/3/1,4.35%\r\n'
    # L-2: postal savings, 20 000 from 2016-03-17: 15 days (17..31) × 20 000 = 300 000;
    # × 0.0435 / 360 = 36.25
    "L-2,P-2,1985-01-01,是,县邮政储蓄银行,20000,2016年3月17日,2017年3月17日,0.0435\r\n"
    # L-3: starts in April: no subsidised day in March → skipped
    "L-3,P-3,1990-01-01,是,县信用联社,10000,2016-04-01,2017-04-01,0.0435\r\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8-sig") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -------------------------------------------------------------------------------------------
# settle


def test_settle_table_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV, "gbk")
    code, out, err = run(capsys, "settle", loans, "--month", "2016-03", "--lang", "zh")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "2016年03月 扶贫贷款贴息结算表"
    assert "县信用联社 (credit_union)" in lines
    assert "县邮政储蓄银行 (postal_savings)" in lines
    assert any(line.startswith("L-1 ") and line.split()[-1] == "187.29" for line in lines)
    assert any(line.split()[:1] == ["L-2"] and line.split()[-2:] == ["36.25",
               "SUBSIDY_BEFORE_START"] for line in lines)
    # totals per lender and in all: 187.29 + 36.25 = 223.54
    totals = lines[lines.index("各贷款银行合计") + 1:]
    assert totals[1].split()[-2:] == ["1", "187.29"]
    assert totals[2].split()[-2:] == ["1", "36.25"]
    assert totals[3].split() == ["合计", "2", "223.54"]
    skipped = lines[lines.index("本期不予贴息的贷款") + 2]
    assert skipped.startswith("L-3")
    assert "县信用联社" in skipped
    assert "x-county-measures" in out
    assert "政策依据" in out
    assert "制表人：________________" in lines
    assert "县财政局（盖章）：________________" in lines
    assert not any(word in out for word in ("Totals", "Prepared", "Period"))  # no English left


def test_settle_json_is_exact(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, _ = run(capsys, "settle", loans, "--month", "2016-03", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["report"] == "settlement"
    credit, postal, totals, skipped = data["tables"]
    assert credit["rows"][0] == {
        "loan_id": "L-1", "borrower": "P-1", "principal": "50000.00", "days": 31,
        "principal_days": "1550000.00", "rate": "0.0435", "amount": "187.29", "messages": ""}
    assert credit["total"]["amount"] == "187.29"
    assert postal["rows"][0]["days"] == 15
    assert postal["total"]["amount"] == "36.25"
    assert totals["total"]["amount"] == "223.54"
    assert [r["loan_id"] for r in skipped["rows"]] == ["L-3"]
    assert "not in the subsidised period" in skipped["rows"][0]["reason"]


def test_settle_csv_with_bom_opens_in_excel(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    out_path = tmp_path / "settlement.csv"
    code, out, _ = run(capsys, "settle", loans, "--month", "2016-03", "--format", "csv", "--bom",
                       "--lang", "zh", "-o", str(out_path))
    assert (code, out) == (0, "")
    data = out_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    assert "L-1,P-1,50000.00,31,1550000.00,0.0435,187.29," in text


def test_settle_xlsx_and_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    xlsx = tmp_path / "s.xlsx"
    assert run(capsys, "settle", loans, "--month", "2016-03", "--format", "xlsx", "-o",
               str(xlsx))[0] == 0
    sheet = load_workbook(xlsx).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Interest subsidy settlement 2016-03"
    row = next(r for r in values if r[0] == "L-1")
    assert Decimal(str(row[6])) == Decimal("187.29")  # a number, not text
    html = tmp_path / "s.html"
    assert run(capsys, "settle", loans, "--month", "2016-03", "--format", "html", "--lang",
               "zh", "-o", str(html))[0] == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'lang="zh-CN"' in page
    assert "@media print" in page
    assert "http" not in page
    assert '<td class="n">187.29</td>' in page


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, err = run(capsys, "settle", loans, "--month", "2016-03", "--format", "xlsx")
    assert (code, out) == (2, "")
    assert "give --output FILE.xlsx" in err


def test_settle_year_needs_a_yearly_policy(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, err = run(capsys, "settle", loans, "--year", "2016")
    assert (code, out) == (2, "")
    assert "--year needs a policy that settles the subsidy yearly" in err


def test_settle_names_the_line_of_an_unknown_lender(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    text = LOANS_CSV.replace("县邮政储蓄银行", "county_bank")
    loans = write(tmp_path, "loans.csv", text)
    code, out, err = run(capsys, "settle", loans, "--month", "2016-03")
    assert (code, out) == (2, "")
    assert f"{loans}, line 3, field lender:" in err


def test_nothing_is_half_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A failing run leaves an existing output file as it was and creates no new one."""
    bad = write(tmp_path, "loans.csv", LOANS_CSV + "L-4,P-4,1990-01-01,是,县信用联社,x,"
                "2016-04-01,2017-04-01,0.0435\r\n")
    existing = tmp_path / "old.csv"
    existing.write_text("the last good report")
    code, _, err = run(capsys, "settle", bad, "--month", "2016-03", "-o", str(existing))
    assert code == 2
    assert f"{bad}, line 5, field principal: must be a number such as 50000.00" in err
    assert existing.read_text() == "the last good report"
    fresh = tmp_path / "new.json"
    assert run(capsys, "terms", bad, "-o", str(fresh))[0] == 2
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loans.csv", "old.csv"]  # no temp file


def test_an_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, _, err = run(capsys, "settle", loans, "--month", "2016-03", "-o",
                       str(tmp_path / "no" / "such" / "dir" / "x.txt"))
    assert code == 2
    assert "cannot write there" in err


# -------------------------------------------------------------------------------------------
# fund


EVENTS = (
    # the recovery of 2 000 from the borrower of L-7: 70 % (1 400) back to the fund's account
    "日期,业务类型,合作银行,金额,县财政金额,关联编号,追回总额\n"
    "2026-01-01,拨付,县信用联社,15000000,0,allocation,\n"
    "2026-01-01,拨付,县邮政储蓄银行,5000000,0,allocation,\n"
    "2026-07-01,代偿,县信用联社,21000,0,L-7,\n"
    "2026-09-01,追偿,县信用联社,1400,0,L-7,2000\n"
    "2027-03-01,注入,postal_savings,1000,0,county budget,\n"
)


def test_fund_statements_per_year(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    events = write(tmp_path, "events.csv", EVENTS)
    code, out, _ = run(capsys, "fund", events, "--format", "json")
    assert code == 0
    data = json.loads(out)
    ledger, y2026, y2027 = data["tables"]
    assert [r["kind"] for r in ledger["rows"]] == ["allocation", "allocation", "payout",
                                                   "recovery", "contribution"]
    assert ledger["rows"][2]["article"] == "Art. 20(4), 22, 26"  # filled in from the kind
    closing = {r["item"]: r for r in y2026["rows"]}["closing balance"]
    # credit union: 15 000 000 − 21 000 + 1 400 = 14 980 400
    assert closing == {"item": "closing balance", "credit_union": "14980400.00",
                       "postal_savings": "5000000.00", "total": "19980400.00"}
    opening = {r["item"]: r for r in y2027["rows"]}["opening balance"]
    assert opening["total"] == "19980400.00"  # Art. 5: rolled over
    code, out, _ = run(capsys, "fund", events, "--year", "2027", "--lang", "zh")
    assert code == 0
    assert "2027年度风险补偿金收支情况" in out
    assert "2026年度" not in out
    assert "追偿收回" in out


@pytest.mark.parametrize(("row", "expected"), [
    ("2025-12-01,注入,县信用联社,10,0,x,\n", "line 7, field on: events must be in date order"),
    ("2027-04-01,追偿,县信用联社,10,0,L-9,10\n",
     "line 7, field reference: no compensation was paid for 'L-9' at credit_union"),
    ("2027-04-01,追回,县信用联社,30000,0,L-7,\n",
     "line 7, field amount: returns 30000.00 to the fund's account, but only 19600.00 of what "
     "the fund paid for 'L-7' is unreturned"),
    ("2027-04-01,代偿,县邮政储蓄银行,6000000,0,L-8,\n",
     "line 7, field amount: takes the balance of postal_savings below zero"),
])
def test_an_inconsistent_history_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            row: str, expected: str) -> None:
    events = write(tmp_path, "events.csv", EVENTS + row)
    code, out, err = run(capsys, "fund", events)
    assert (code, out) == (2, "")
    assert f"{events}, {expected}" in err


def test_an_empty_ledger(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    events = write(tmp_path, "events.csv", EVENTS.splitlines()[0] + "\n")
    code, _, err = run(capsys, "fund", events)
    assert code == 2
    assert "holds no events" in err


# -------------------------------------------------------------------------------------------
# portfolio


PEOPLE = "客户编号,出生日期,是否建档立卡,信用星级\nP-1,1980-05-01,是,5\nP-2,1985-01-01,是,3\n"


def test_portfolio_passes_and_reports_per_lender(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    people = write(tmp_path, "people.csv", PEOPLE)
    code, out, _ = run(capsys, "portfolio", loans, "--people", people, "--on", "2016-06-30",
                       "--format", "json")
    assert code == 0
    checks, figures = json.loads(out)["tables"]
    assert {r["code"] for r in checks["rows"]} >= {"FIVE_STAR_SHARE_LOW", "CAPACITY_EXCEEDED"}
    by_lender = {r["lender"]: r for r in figures["rows"]}
    # on 2016-06-30: credit union L-1 50 000 + L-3 10 000 = 60 000; postal L-2 20 000
    assert by_lender["county rural credit union"]["outstanding"] == "60000.00"
    assert by_lender["county Postal Savings Bank"]["outstanding"] == "20000.00"
    assert figures["total"]["outstanding"] == "80000.00"
    # households P-1, P-2 eligible; P-1 and P-2 have own loans → 2/2; P-3 is not among people
    assert figures["total"]["loan_access_rate"] == "1.0000"


def test_portfolio_denied_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    # 5-star share: 0 of 2 rated < 30 % → FIVE_STAR_SHARE_LOW
    people = write(tmp_path, "people.csv", PEOPLE.replace(",5\n", ",1\n"))
    code, out, _ = run(capsys, "portfolio", loans, "--people", people, "--on", "2016-06-30",
                       "--lang", "zh")
    assert code == 1
    assert re.search(r"结论\s+未通过", out)
    assert "FIVE_STAR_SHARE_LOW" in out


def test_portfolio_bad_people_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    people = write(tmp_path, "people.csv", "客户编号,是否建档立卡\nP-1,是\n")
    code, _, err = run(capsys, "portfolio", loans, "--people", people, "--on", "2016-06-30")
    assert code == 2
    assert f"{people}, header, field birth_date" in err


# -------------------------------------------------------------------------------------------
# the record commands in the new formats, --lang zh, --version, --columns, stdin


def test_record_commands_in_chinese_have_chinese_headings(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, _ = run(capsys, "subsidy", loans, "--month", "2016-03", "--lang", "zh")
    assert code == 1  # L-3 has no subsidised day
    assert out.splitlines()[0].split() == ["编号", "是否贴息", "贴息天数", "贴息率", "贴息金额",
                                           "原因"]
    code, out, _ = run(capsys, "terms", loans, "--format", "html", "--lang", "zh", "-o",
                       str(tmp_path / "t.html"))
    assert code == 0
    assert "是否符合条件" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"poverty-credit {version('poverty-credit')}\n")


def test_columns_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    people = write(tmp_path, "p.csv", "户主代码,生日,贫困户\nP-1,1980/5/1,是\n")
    columns = tmp_path / "map.toml"
    columns.write_text('[columns]\n"户主代码" = "id"\n"生日" = "birth_date"\n'
                       '"贫困户" = "registered_poor"\n', encoding="utf-8")
    code, out, _ = run(capsys, "eligibility", people, "--on", "2026-03-02", "--columns",
                       str(columns), "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["id"] == "P-1"
    code, _, err = run(capsys, "eligibility", people, "--on", "2026-03-02", "--columns",
                       str(tmp_path / "missing.toml"))
    assert code == 2
    assert "missing.toml: cannot read the file" in err


def test_encoding_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # a Latin-1 é followed by a newline is neither UTF-8 nor GB18030: detection refuses it
    people = write(tmp_path, "p.csv", "id,birth_date,registered_poor,household_id\n"
                   "P-1,1980-05-01,yes,Café\n", "latin-1")
    code, _, err = run(capsys, "eligibility", people, "--on", "2026-03-02")
    assert code == 2
    assert "--encoding" in err
    assert run(capsys, "eligibility", people, "--on", "2026-03-02", "--encoding", "latin-1"
               )[0] == 0


def test_a_gbk_policy_file_is_exit_2_not_a_traceback(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    policy = tmp_path / "county.toml"
    policy.write_bytes("# 县政策\nmax_loan_amount = 30000\n".encode("gbk"))
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, err = run(capsys, "terms", loans, "--policy", str(policy))
    assert (code, out) == (2, "")
    assert f"{policy}: is not UTF-8 text" in err
    assert "Traceback" not in err


def test_a_preset_id_or_a_schedule_id_as_the_policy(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    """--policy takes a preset id (or a schedule's) as well as a file: one function routes it."""
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, _ = run(capsys, "settle", loans, "--month", "2016-03", "--policy",
                       "x-county-measures")
    assert code == 0
    assert "x-county-measures" in out
    code, out, err = run(capsys, "settle", loans, "--month", "2016-03", "--policy",
                         "qingyang-2024")
    assert code in (0, 2), err  # a schedule is accepted as a policy; its rules may refuse
    assert "Traceback" not in err
    assert "internal error" not in err
    code, _, err = run(capsys, "terms", loans, "--policy", "no-such-preset")
    assert code == 2
    assert "no-such-preset" in err


def test_a_far_future_date_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV.replace("2017/3/1", "9999/12/31"))
    code, out, err = run(capsys, "subsidy", loans, "--month", "2016-03")
    assert (code, out) == (2, "")
    assert f"{loans}, line 2, field maturity_date: must be a date between 1900 and 2199" in err


def test_a_rule_that_raises_is_bad_input_of_its_record(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    from poverty_credit import loan_terms

    def boom(*_: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(loan_terms, "check_loan_terms", boom)
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, _, err = run(capsys, "terms", loans)
    assert code == 2
    assert f"{loans}, line 2: date value out of range" in err


def test_an_unexpected_error_is_exit_2_with_a_message(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    from poverty_credit import reports

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(reports, "settlement_report", boom)
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, err = run(capsys, "settle", loans, "--month", "2016-03")
    assert (code, out) == (2, "")
    assert err == ("poverty-credit: error: internal error (RuntimeError: kaput); nothing was "
                   "written. Please report it.\n")


def test_hostile_json_from_stdin_through_the_console_script(tmp_path: Path) -> None:
    """The installed command, fed a lone surrogate and 10⁵-deep nesting: exit 2, no traceback."""
    for text in ('[{"id": "\\ud800", "birth_date": "1980-01-01", "registered_poor": true}]',
                 "[" * 100_000 + "]" * 100_000):
        done = subprocess.run([sys.executable, "-m", "poverty_credit", "eligibility", "-",
                               "--on", "2026-03-02"], input=text.encode(), capture_output=True,
                              check=False)
        assert done.returncode == 2, done.stderr
        assert done.stdout == b""
        assert b"Traceback" not in done.stderr
        assert b"<stdin>" in done.stderr


def test_stdin_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eligibility", "-", "--on", "2026-03-02", "--format", "csv", "--bom"],
                stdin=io.StringIO("id,birth_date,registered_poor\nP-1,1980-05-01,是\n"))
    out, _ = capsys.readouterr()
    assert code == 0
    assert out == "\ufeffid,eligible,reasons,messages\r\nP-1,true,,\r\n"


def test_settle_places_a_missing_rate_at_its_line(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    """A loan started before the shipped rate tables begin: exit 2 at that loan's line."""
    text = LOANS_CSV + "L-4,P-4,1960-01-01,是,县信用联社,10000,1980-01-01,1981-01-01,0.0435\r\n"
    loans = write(tmp_path, "loans.csv", text)
    code, out, err = run(capsys, "settle", loans, "--month", "1980-03")
    assert (code, out) == (2, "")
    assert err.startswith(f"poverty-credit: error: {loans}, line 5: ")


def test_portfolio_names_the_duplicate_person(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    people = write(tmp_path, "people.csv", PEOPLE + "P-1,1980-05-01,是,4\n")
    code, _, err = run(capsys, "portfolio", loans, "--people", people, "--on", "2016-06-30")
    assert code == 2
    assert f"{people}, line 4" in err


def test_the_report_names_the_policy_file(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    policy = tmp_path / "county.toml"
    policy.write_text("max_loan_amount = 30000\n", encoding="utf-8")
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, _ = run(capsys, "settle", loans, "--month", "2016-03", "--policy", str(policy))
    assert code == 0
    assert re.search(rf"^Policy +.*policy file {re.escape(str(policy))}$", out, re.MULTILINE)
    # 50 000 principal capped at the policy's 30 000: 31 × 30 000 × 0.0435 / 360 = 112.375 → 112.38
    assert any(line.split()[:1] == ["L-1"] and "112.38" in line.split() for line in
               out.splitlines())


def test_settle_a_year_under_a_yearly_policy(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """L-1, 2016: 2016-03-01..12-31 = 306 days × 50 000 = 15 300 000 principal-days;
    × 0.0435 / 360 = 1 848.75 (one statement for the year, rounded once)."""
    policy = tmp_path / "yearly.toml"
    policy.write_text('extends = "x-county-measures"\nsubsidy_cycle = "year"\n', encoding="utf-8")
    loans = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, err = run(capsys, "settle", loans, "--year", "2016", "--policy", str(policy),
                         "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["title"] == "Interest subsidy settlement 2016"
    credit = data["tables"][0]
    assert credit["rows"][0]["loan_id"] == "L-1"
    assert (credit["rows"][0]["days"], credit["rows"][0]["amount"]) == (306, "1848.75")
    code, out, _ = run(capsys, "settle", loans, "--year", "2016", "--policy", str(policy),
                       "--lang", "zh")
    assert out.startswith("2016年度 扶贫贷款贴息结算表")
