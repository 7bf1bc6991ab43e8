"""The ``poverty-credit`` command: exit codes, file formats, messages, errors on stderr.

Most tests run ``main(argv)`` in-process (capsys captures stdout/stderr); one runs the installed
console script. Expected values are worked out by hand from SPEC part B, the arithmetic in comments.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from poverty_credit import InvalidInputError, LegalEntity, Loan, NaturalPerson, to_records
from poverty_credit.cli import PROGRESS_THRESHOLD, main
from poverty_credit.readers import read_records
from strategies import junk, loans, natural_persons

ON = "2026-03-02"


def build(cls: object, data: object) -> object:
    """One record read through the public reading layer."""
    [value] = read_records([data], cls)
    return value
HEADER = "id,birth_date,registered_poor,five_guarantee,has_outstanding_bad_loans"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None
        ) -> tuple[int, str, str]:
    code = main(list(argv), stdin=io.StringIO(stdin) if stdin is not None else None)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def households(tmp_path: Path) -> str:
    # P-1: born 1980-05-01, 45 on 2026-03-02, registered poor → eligible.
    # P-2: born 1958-01-01, 68 on 2026-03-02 > 65 → AGE_ABOVE_LIMIT (Art. 9(1)).
    # P-3: not registered poor → NOT_REGISTERED_POOR; also an outstanding bad loan.
    return write(tmp_path, "people.csv", f"""{HEADER}
P-1,1980-05-01,true,false,
P-2,1958-01-01,是,否,no
P-3,1990-07-15,0,,yes
""")


# -------------------------------------------------------------------------------------------
# eligibility


def test_households_csv_screened_to_json_with_the_exact_shape(
    capsys: pytest.CaptureFixture[str], households: str
) -> None:
    code, out, err = run(capsys, "eligibility", households, "--on", ON, "--format", "json")
    assert code == 1  # P-2 and P-3 are denied
    assert err == ""
    records = json.loads(out)
    assert [r["id"] for r in records] == ["P-1", "P-2", "P-3"]
    for r in records:
        assert list(r) == ["id", "eligible", "reasons", "messages"]
    assert records[0] == {"id": "P-1", "eligible": True, "reasons": [], "messages": []}
    assert records[1]["eligible"] is False
    assert records[1]["reasons"] == ["AGE_ABOVE_LIMIT"]
    assert "68" in records[1]["messages"][0]
    # Art. 9(1) order: registered poor, five-guarantee, bad loans, age (SPEC part B)
    assert records[2]["reasons"] == ["NOT_REGISTERED_POOR", "OUTSTANDING_BAD_LOANS"]
    assert len(records[2]["messages"]) == 2


def test_every_record_passing_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "ok.csv", f"{HEADER}\nP-1,1980-05-01,yes,no,no\n")
    code, out, _ = run(capsys, "eligibility", path, "--on", ON)
    assert code == 0
    assert out.splitlines() == ["id   eligible  reasons", "P-1  yes       -"]


@pytest.mark.parametrize(("spelling", "value"), [
    ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("Yes", True), ("是", True),
    ("false", False), ("False", False), ("0", False), ("no", False), ("NO", False), ("否", False),
])
def test_boolean_spellings(spelling: str, value: bool) -> None:
    person = build(NaturalPerson, {"id": "P", "birth_date": "1980-01-01",
                                   "registered_poor": spelling})
    assert person.registered_poor is value


@pytest.mark.parametrize("bad", ["maybe", "2", "", "真", 2, None])
def test_bad_booleans_are_refused(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="registered_poor"):
        build(NaturalPerson, {"id": "P", "birth_date": "1980-01-01", "registered_poor": bad})


def test_registered_poor_spelled_no_in_chinese_is_denied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "p.csv", "id,birth_date,registered_poor\nP-9,1980-01-01,否\n")
    code, out, _ = run(capsys, "eligibility", path, "--on", ON, "--format", "json")
    assert code == 1
    assert json.loads(out)[0]["reasons"] == ["NOT_REGISTERED_POOR"]


def test_malformed_row_names_file_line_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # header = line 1; P-1 = line 2; P-2 = line 3 with month 13; P-3 = line 4 with a bad flag
    path = write(tmp_path, "people.csv", f"""{HEADER}
P-1,1980-05-01,true,false,false
P-2,1980-13-01,true,false,false
P-3,1980-01-01,perhaps,false,false
""")
    code, out, err = run(capsys, "eligibility", path, "--on", ON)
    assert code == 2
    assert out == ""  # nothing but results on stdout, and no results for a bad file
    lines = err.splitlines()
    assert len(lines) == 2
    assert "people.csv, line 3, field birth_date:" in lines[0]
    assert "'1980-13-01'" in lines[0]
    assert "people.csv, line 4, field registered_poor:" in lines[1]
    assert "perhaps" in lines[1]


def test_line_numbers_are_physical_lines_with_multiline_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # the quoted household_id of line 2 spans lines 2-3, so the next record starts on line 4
    path = write(tmp_path, "p.csv", 'id,birth_date,registered_poor,household_id\n'
                 'P-1,1980-01-01,true,"H\n1"\nP-2,1980-01-01,sometimes,\n')
    code, _, err = run(capsys, "eligibility", path, "--on", ON)
    assert code == 2
    assert "line 4, field registered_poor" in err


def test_missing_and_unknown_fields_are_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # a header problem is reported once, for the header, not once per line
    path = write(tmp_path, "p.csv", "id,birth_date,registred_poor\n"
                 + "P-1,1980-01-01,true\n" * 50)
    code, _, err = run(capsys, "eligibility", path, "--on", ON)
    assert code == 2
    assert err.splitlines() == [
        f"poverty-credit: error: {path}, header, column 3, field registred_poor: is not a field "
        "of NaturalPerson or LegalEntity nor a known label; map it with a columns file (an "
        "empty target ignores the column)"]
    # SPEC D7: registered_poor may be omitted when status is given, so the model itself names it
    # once the row has no unknown field left.
    path = write(tmp_path, "q.csv", "id,birth_date\nP-1,1980-01-01\n")
    code, _, err = run(capsys, "eligibility", path, "--on", ON)
    assert code == 2
    assert "line 2, field registered_poor: is required" in err


def test_too_many_cells(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "id,birth_date,registered_poor\nP-1,1980-01-01,true,extra\n")
    code, _, err = run(capsys, "eligibility", path, "--on", ON)
    assert code == 2
    assert "line 2: has 4 cells, more than the header's 3 columns" in err


def test_lang_zh(capsys: pytest.CaptureFixture[str], households: str) -> None:
    code, out, _ = run(capsys, "eligibility", households, "--on", ON, "--lang", "zh",
                       "--format", "json")
    assert code == 1
    message = json.loads(out)[1]["messages"][0]
    assert "周岁" in message
    code, out, _ = run(capsys, "eligibility", households, "--on", ON, "--lang", "zh")
    assert out.splitlines()[1].split()[:2] == ["P-1", "是"]
    assert out.splitlines()[2].split()[:2] == ["P-2", "否"]


def test_policy_file_changes_the_verdict(
    capsys: pytest.CaptureFixture[str], households: str, tmp_path: Path
) -> None:
    # with max_age = 70, P-2 (68) is eligible; P-3 is still not registered poor
    policy = write(tmp_path, "county.toml", "max_age = 70\n")
    code, out, _ = run(capsys, "eligibility", households, "--on", ON, "--policy", policy,
                       "--format", "json")
    assert code == 1
    assert [r["eligible"] for r in json.loads(out)] == [True, True, False]


def test_bad_policy_file_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], households: str, tmp_path: Path
) -> None:
    policy = write(tmp_path, "county.toml", "max_agee = 70\n")
    code, out, err = run(capsys, "eligibility", households, "--on", ON, "--policy", policy)
    assert (code, out) == (2, "")
    assert "county.toml:max_agee" in err


def test_table_format(capsys: pytest.CaptureFixture[str], households: str) -> None:
    code, out, _ = run(capsys, "eligibility", households, "--on", ON, "--format", "table")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["id", "eligible", "reasons"]
    assert lines[1].split() == ["P-1", "yes", "-"]
    assert lines[2].split() == ["P-2", "no", "AGE_ABOVE_LIMIT"]
    assert lines[3].startswith("    Art. 9(1): ")  # the message, indented under its record
    assert lines[4].split()[:3] == ["P-3", "no", "NOT_REGISTERED_POOR,"]


def test_csv_format(capsys: pytest.CaptureFixture[str], households: str) -> None:
    code, out, _ = run(capsys, "eligibility", households, "--on", ON, "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "eligible", "reasons", "messages"]
    assert [(r["id"], r["eligible"], r["reasons"]) for r in rows] == [
        ("P-1", "true", ""),
        ("P-2", "false", "AGE_ABOVE_LIMIT"),
        ("P-3", "false", "NOT_REGISTERED_POOR;OUTSTANDING_BAD_LOANS"),
    ]
    assert " | " in rows[2]["messages"]


def test_json_from_stdin_names_record_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    text = ('[\n {"id": "P-1", "birth_date": "1980-01-01", "registered_poor": true},\n'
            ' {"id": "P-2", "birth_date": "1980-01-01",\n  "registered_poor": "vielleicht"}\n]')
    code, out, err = run(capsys, "eligibility", "-", "--on", ON, stdin=text)
    assert (code, out) == (2, "")
    assert "<stdin>, record [1] (line 3), field registered_poor:" in err


def test_entities_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    # E-1 drives P-1 (registered poor, agreement in force on 2026-03-02) → eligible;
    # E-2's only agreement ended on 2025-12-31 → NO_DRIVING_AGREEMENT (Art. 10).
    person = {"id": "P-1", "birth_date": "1980-01-01", "registered_poor": True}
    text = json.dumps([
        {"id": "E-1", "name": "Tea co-op", "kind": "cooperative",
         "agreements": [{"household": person, "signed_on": "2025-01-01"}]},
        {"type": "legal_entity", "id": "E-2", "name": "Farm", "kind": "family_farm",
         "agreements": [{"household": person, "signed_on": "2025-01-01",
                         "ends_on": "2025-12-31"}]},
        {"type": "natural_person", **person},
    ])
    code, out, _ = run(capsys, "eligibility", "-", "--on", ON, "--format", "json", stdin=text)
    assert code == 1
    assert [(r["id"], r["reasons"]) for r in json.loads(out)] == [
        ("E-1", []), ("E-2", ["NO_DRIVING_AGREEMENT"]), ("P-1", [])]


@pytest.mark.parametrize(("text", "expected"), [
    # stdin starting with "{" is JSON Lines: one object per line
    ('{"id": "P-1"}', "<stdin>, line 1, field birth_date: is required but missing"),
    ('[{"id": "P-1"}] x', "line 1: invalid JSON (extra data after the array)"),
    ('[{"id": "P-1",}]', "line 1: invalid JSON"),
    ('[{"id": "P-1"} {"id": "P-2"}]', "expected ',' or ']'"),
    ('["P-1"]', "record [0] (line 1): must be an object of NaturalPerson or LegalEntity"),
    ('[7]', "record [0] (line 1): must be an object of NaturalPerson or LegalEntity fields"),
])
def test_bad_json(capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    code, out, err = run(capsys, "eligibility", "-", "--on", ON, stdin=text)
    assert (code, out) == (2, "")
    assert expected in err


def test_empty_json_array_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eligibility", "-", "--on", ON, "--format", "json", stdin=" [ ] ")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("people.xml", "x", "cannot tell the format from the extension '.xml'"),
    ("people.csv", "", "is empty"),
    ("people.csv", b"id\n\xff\xfe\n", "line 1: is neither UTF-8, UTF-16 nor GB18030"),
])
def test_bad_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                   text: str | bytes, expected: str) -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    code, out, err = run(capsys, "eligibility", str(path), "--on", ON)
    assert (code, out) == (2, "")
    assert f"{path}" in err
    assert expected in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "eligibility", str(tmp_path / "nope.csv"), "--on", ON)
    assert code == 2
    assert "nope.csv: cannot read the file" in err


def test_many_problems_are_capped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = "".join(f"P-{i},1980-01-01,bad\n" for i in range(30))
    path = write(tmp_path, "p.csv", "id,birth_date,registered_poor\n" + rows)
    code, _, err = run(capsys, "eligibility", path, "--on", ON)
    assert code == 2
    assert len(err.splitlines()) == 21
    assert err.splitlines()[-1].endswith("... and 10 more problems")


@pytest.mark.parametrize("argv", [
    ["eligibility", "x.csv"],  # --on is required
    ["eligibility", "x.csv", "--on", "2026-02-30"],
    ["subsidy", "x.csv", "--month", "2026-13"],
    ["eligibility", "x.csv", "--on", ON, "--format", "xml"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "usage:" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "eligibility" in out


# -------------------------------------------------------------------------------------------
# terms, subsidy, claims

LOANS_CSV = """id,borrower_id,borrower_birth_date,borrower_registered_poor,lender,principal,\
start_date,maturity_date,annual_rate,guarantee_required,repayments
L-1,P-1,1980-01-01,是,credit_union,50000,2026-01-01,2027-01-01,0.0435,否,2026-06-15:20000
L-2,P-2,1985-01-01,yes,postal_savings,60000,2026-01-01,2027-01-01,0.0435,no,
L-3,P-3,1985-01-01,yes,credit_union,30000,2026-01-01,2027-01-01,0.0435,yes,"[{""on"": \
""2026-02-01"", ""principal"": ""100""}]"
"""


def test_terms_with_borrower_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # L-1: 50000 ≤ 50000, 12 months ≤ 3 years, 4.35 % = the ≤ 1-year benchmark → compliant.
    # L-2: 60000 > 50000 → AMOUNT_ABOVE_LIMIT. L-3: a guarantee is required → GUARANTEE_REQUIRED.
    path = write(tmp_path, "loans.csv", LOANS_CSV)
    code, out, err = run(capsys, "terms", path, "--format", "json")
    assert err == ""
    assert code == 1
    assert [(r["id"], r["compliant"], r["reasons"]) for r in json.loads(out)] == [
        ("L-1", True, []), ("L-2", False, ["AMOUNT_ABOVE_LIMIT"]),
        ("L-3", False, ["GUARANTEE_REQUIRED"]),
    ]


def test_repayments_in_both_spellings_are_read() -> None:
    rows = list(csv.DictReader(io.StringIO(LOANS_CSV)))
    loan1, loan3 = build(Loan, rows[0]), build(Loan, rows[2])
    assert [(r.on.isoformat(), str(r.principal)) for r in loan1.repayments] == [
        ("2026-06-15", "20000.00")]
    assert [(r.on.isoformat(), str(r.principal)) for r in loan3.repayments] == [
        ("2026-02-01", "100.00")]


def test_bad_nested_field_is_named_with_its_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "loans.csv", LOANS_CSV.replace("1985-01-01,yes,postal", "1985-01-01,"
                                                          "oui,postal"))
    code, _, err = run(capsys, "terms", path)
    assert code == 2
    assert "loans.csv, line 3, field borrower.registered_poor:" in err


def test_bad_repayment_cell(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "loans.csv", LOANS_CSV.replace("2026-06-15:20000", "20000"))
    code, _, err = run(capsys, "terms", path)
    assert code == 2
    assert "line 2, field repayments[0]: must be written DATE:AMOUNT" in err


def test_borrower_as_json_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "loans.csv", "id,borrower,lender,principal,start_date,maturity_date,"
                 'annual_rate\nL-1,"{""id"": ""P-1"", ""birth_date"": ""1980-01-01"", '
                 '""registered_poor"": true}",credit_union,50000,2026-01-01,2027-01-01,0.0435\n'
                 'L-2,"{not json",credit_union,50000,2026-01-01,2027-01-01,0.0435\n')
    code, _, err = run(capsys, "terms", path)
    assert code == 2
    assert "line 3, field borrower: must hold valid JSON" in err
    assert "line 2" not in err


def test_borrower_column_and_borrower_columns_conflict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError,
                       match="field borrower: is given both as a column and as borrower_"):
        build(Loan, {"id": "L-1", "borrower_id": "P-1", "borrower": "{}", "lender": "x"})


SUBSIDY_CSV = """id,borrower_id,borrower_birth_date,borrower_registered_poor,lender,principal,\
start_date,maturity_date,annual_rate,documents
L-1,P-1,1980-01-01,true,credit_union,50000,2026-01-01,2027-01-01,0.0435,
L-2,P-2,1980-01-01,true,credit_union,50000,2026-04-01,2027-04-01,0.0435,
"""


def test_subsidy_month(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # L-1, March 2026: 31 days × 50000 = 1 550 000 principal-days; × 0.0435 / 360 = 187.2916…
    # → 187.29 (ROUND_HALF_UP). L-2 starts in April: no subsidised day in March → not subsidised.
    path = write(tmp_path, "loans.csv", SUBSIDY_CSV)
    code, out, _ = run(capsys, "subsidy", path, "--month", "2026-03", "--format", "json")
    assert code == 1
    first, second = json.loads(out)
    assert first == {"id": "L-1", "subsidised": True, "reasons": [], "messages": [],
                     "days": 31, "rate": "0.0435", "amount": "187.29"}
    assert (second["subsidised"], second["days"], second["amount"]) == (False, 0, "0.00")


def test_subsidy_with_missing_documents(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    # Art. 28 asks 7 documents of a natural person; 6 are given, the repayment voucher is missing
    given_docs = "id_card;poor_household_form;bank_account_copy;loan_voucher;interest_voucher;" \
                 "subsidy_application_form"
    text = SUBSIDY_CSV.splitlines()[0] + "\n" + SUBSIDY_CSV.splitlines()[1] + f'"{given_docs}"\n'
    path = write(tmp_path, "loans.csv", text)
    code, out, _ = run(capsys, "subsidy", path, "--month", "2026-03", "--format", "json")
    assert code == 1
    [record] = json.loads(out)
    assert record["subsidised"] is False
    assert record["reasons"] == ["MISSING_DOCUMENT"]
    assert record["amount"] == "187.29"


def test_subsidy_with_a_bad_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = SUBSIDY_CSV.splitlines()[0] + "\n" + SUBSIDY_CSV.splitlines()[1] + "passport\n"
    code, _, err = run(capsys, "subsidy", write(tmp_path, "l.csv", text), "--month", "2026-03")
    assert code == 2
    assert "line 2, field documents[0]: must be a Document" in err


def claim(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "loan": {"id": "L-1", "borrower": {"id": "P-1", "birth_date": "1980-01-01",
                                           "registered_poor": True},
                 "lender": "credit_union", "principal": "10000", "start_date": "2025-01-01",
                 "maturity_date": "2026-01-01", "annual_rate": "0.0435"},
        "due_date": "2026-01-01", "unpaid_principal": "10000", "unpaid_interest": "0",
        "notice_start": "2026-04-01", "notice_end": "2026-04-08", "cause": "death",
        "approved": "是",
    }
    data.update(changes)
    return data


def test_claims(capsys: pytest.CaptureFixture[str]) -> None:
    # on 2026-04-20: 109 days past due ≥ 90; notice 2026-04-01..08 = 7 days ≥ 7 and over;
    # death is covered (Art. 25); approved → accepted. Loss 10000 → fund 7000.00, lender 3000.00.
    # The second claim's cause "other" was not accepted → CAUSE_NOT_COVERED.
    text = json.dumps([claim(), claim(cause="other")])
    code, out, _ = run(capsys, "claims", "-", "--on", "2026-04-20", "--format", "json",
                       stdin=text)
    assert code == 1
    accepted, refused = json.loads(out)
    assert accepted == {"id": "L-1", "accepted": True, "reasons": [], "messages": [],
                        "loss": "10000.00", "fund": "7000.00", "lender": "3000.00",
                        "insurer": "0.00"}
    assert refused["reasons"] == ["CAUSE_NOT_COVERED"]
    assert refused["fund"] is None


def test_claims_csv_with_loan_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    flat = {k: v for k, v in claim().items() if k != "loan"}
    loan = claim()["loan"]
    assert isinstance(loan, dict)
    for key, value in loan.items():
        if key == "borrower":
            flat.update({f"loan_borrower_{k}": v for k, v in value.items()})
        else:
            flat[f"loan_{key}"] = value
    out_csv = io.StringIO()
    writer = csv.DictWriter(out_csv, fieldnames=list(flat))
    writer.writeheader()
    writer.writerow(flat)
    path = write(tmp_path, "claims.csv", out_csv.getvalue())
    code, out, _ = run(capsys, "claims", path, "--on", "2026-04-20", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1] == "L-1,true,10000.00,7000.00,3000.00,0.00,,"


def test_reference_data_missing_is_bad_input(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    # a loan from 1980 predates the shipped rate tables → RateNotFound → exit 2 naming the line
    path = write(tmp_path, "loans.csv", LOANS_CSV.replace("2026-01-01,2027-01-01,0.0435,否",
                                                          "1920-01-01,1921-01-01,0.0435,否"))
    code, _, err = run(capsys, "terms", path)
    assert code == 2
    assert "loans.csv, line 2:" in err


# -------------------------------------------------------------------------------------------
# progress, broken pipes, the console script


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "rows", "shown"), [
    (True, PROGRESS_THRESHOLD + 1, True),
    (True, 3, False),
    (False, PROGRESS_THRESHOLD + 1, False),
])
def test_progress_only_for_long_files_on_a_terminal(tty: bool, rows: int, shown: bool) -> None:
    text = json.dumps([{"id": f"P-{i}", "birth_date": "1980-01-01", "registered_poor": True}
                       for i in range(rows)])
    err = _Terminal() if tty else io.StringIO()
    out = io.StringIO()
    assert main(["eligibility", "-", "--on", ON], stdin=io.StringIO(text), stdout=out,
                stderr=err) == 0
    assert (f"{rows}/{rows} records" in err.getvalue()) is shown
    assert "records" not in out.getvalue().splitlines()[0]


class _ClosedPipe(io.StringIO):
    def write(self, s: str) -> int:
        raise BrokenPipeError


def test_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", fake_stdout)
    assert main(["demo"], stdout=_ClosedPipe()) == 0


def test_console_script_demo() -> None:
    script = Path(sys.executable).parent / "poverty-credit"
    done = subprocess.run([str(script), "demo"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "The fund's statement for 2025" in done.stdout
    assert done.stderr == ""


def test_python_dash_m(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", f"{HEADER}\nP-1,1958-01-01,yes,no,no\n")
    done = subprocess.run([sys.executable, "-m", "poverty_credit", "eligibility", path, "--on",
                           ON, "--format", "csv"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 1
    assert done.stdout.splitlines()[1].startswith("P-1,false,AGE_ABOVE_LIMIT,")


# -------------------------------------------------------------------------------------------
# properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(loans())
def test_records_read_back_by_the_cli_give_the_same_loan(loan: Loan) -> None:
    """to_records' dotted keys are valid CLI input: the round trip is lossless."""
    [record] = to_records([loan])
    assert build(Loan, json.loads(json.dumps(record))) == loan


@settings(max_examples=60, deadline=None)
@given(natural_persons())
def test_person_round_trip_through_csv_cells(person: NaturalPerson) -> None:
    """Every value written as text (flags as true/false, None as an empty cell) reads back."""
    [record] = to_records([person])
    cells = {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
             for k, v in record.items()}
    assert build(NaturalPerson, cells) == person


@settings(max_examples=150, deadline=None)
@given(junk(), junk())
def test_junk_raises_only_invalid_input(a: object, b: object) -> None:
    for data in ({"id": a, "birth_date": b, "registered_poor": a}, a,
                 {"id": "L", "borrower": a, "principal": b}, {"borrower_kind": a}):
        for cls in (NaturalPerson, Loan, LegalEntity):
            with pytest.raises(InvalidInputError):
                build(cls, data)


# -------------------------------------------------------------------------------------------
# smaller corners of the readers


def test_json_values_of_other_types() -> None:
    # JSON 1/0 are booleans too; a star rating must be a whole number
    assert build(NaturalPerson, {"id": "P", "birth_date": "1980-01-01",
                                 "registered_poor": 1}).registered_poor is True
    with pytest.raises(InvalidInputError, match="star_rating: must be a whole number"):
        build(NaturalPerson, {"id": "P", "birth_date": "1980-01-01", "registered_poor": 1,
                              "star_rating": "four"})


def test_a_list_field_given_something_else() -> None:
    with pytest.raises(InvalidInputError, match=r"agreements: must be a list \(got 7, an int\)"):
        build(LegalEntity, {"id": "E", "name": "n", "kind": "cooperative", "agreements": 7})


def test_an_empty_prefixed_column_beside_the_json_column_is_ignored() -> None:
    loan = build(Loan, {"id": "L", "borrower_id": "", "borrower": '{"id": "P", "birth_date": '
                        '"1980-01-01", "registered_poor": true}', "lender": "credit_union",
                        "principal": "100", "start_date": "2026-01-01",
                        "maturity_date": "2026-06-01", "annual_rate": "0.0435"})
    assert loan.borrower.id == "P"


def test_a_nested_model_given_as_a_json_string() -> None:
    agreement = {"household": '{"id": "P", "birth_date": "1980-01-01", "registered_poor": true}',
                 "signed_on": "2025-01-01"}
    entity = build(LegalEntity, {"id": "E", "name": "n", "kind": "cooperative",
                                 "agreements": [agreement]})
    assert entity.agreements[0].household.id == "P"


@pytest.mark.parametrize(("tag", "message"), [
    ("robot", "type: must be 'natural_person' or 'legal_entity'"),
])
def test_a_bad_borrower_type(capsys: pytest.CaptureFixture[str], tag: str, message: str) -> None:
    text = json.dumps([{"type": tag, "id": "P", "birth_date": "1980-01-01",
                        "registered_poor": True}])
    code, _, err = run(capsys, "eligibility", "-", "--on", ON, stdin=text)
    assert code == 2
    assert message in err


def test_a_blank_type_falls_back_to_the_kind(capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps([{"type": "", "id": "P", "birth_date": "1980-01-01",
                        "registered_poor": True}])
    assert run(capsys, "eligibility", "-", "--on", ON, stdin=text)[0] == 0


def test_csv_errors_name_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # a cell longer than the csv module's field limit is a csv.Error on the line where it occurs
    huge = "x" * (csv.field_size_limit() + 1)
    bad_header = write(tmp_path, "h.csv", f"id,{huge}\n")
    code, _, err = run(capsys, "eligibility", bad_header, "--on", ON)
    assert code == 2
    assert "h.csv, line 1: bad CSV" in err
    bad_row = write(tmp_path, "r.csv", "id,birth_date,registered_poor\nP-1,1980-01-01,true\n"
                    f"P-2,{huge},true\n")
    code, _, err = run(capsys, "eligibility", bad_row, "--on", ON)
    assert code == 2
    assert "r.csv, line 3: bad CSV" in err


def test_blank_csv_lines_are_skipped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "id,birth_date,registered_poor\n\nP-1,1980-01-01,true\n,,\n")
    code, out, _ = run(capsys, "eligibility", path, "--on", ON, "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["id,eligible,reasons,messages", "P-1,true,,"]


def test_documents_given_as_json_but_not_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    loan = dict(claim()["loan"])  # type: ignore[call-overload]
    loan["documents"] = {"id_card": True}
    code, _, err = run(capsys, "subsidy", "-", "--month", "2025-06", stdin=json.dumps([loan]))
    assert code == 2
    assert "field documents: must be a list" in err
