"""The command line names the shipped documents and takes them as --policy (issue 9, 15)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from poverty_credit import presets
from poverty_credit.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


def test_policies_lists_every_preset_with_its_document() -> None:
    code, out, err = run("policies", "--format", "json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == list(presets())
    by_id = {r["id"]: r for r in rows}
    assert by_id["national-2021"]["number"] == "银保监发〔2021〕6号"
    assert by_id["national-2021"]["effective_from"] == "2021-01-01"
    assert by_id["national-2021"]["verified"] == "restated"  # content known from a restatement
    assert by_id["nanao-2025"]["issued_on"] == "2025-08-12"
    assert by_id["qingyang-2024"]["kind"] == "schedule"
    assert by_id["qingyang-2024"]["document"] == (
        "qingyang-2024-full (—), qingyang-2024-70 (2024-01-01)")


def test_policies_table_in_chinese() -> None:
    code, out, _ = run("policies", "--lang", "zh")
    assert code == 0
    head, *rows = out.splitlines()
    assert head.split() == ["编号", "类型", "文件", "文号", "印发日期", "施行日期", "来源"]
    assert len(rows) == len(presets())
    assert rows[-1].startswith("yanjin-2016")


def test_policy_takes_a_preset_id_and_names_what_it_leaves_unset(tmp_path: Path) -> None:
    loans = tmp_path / "loans.csv"
    loans.write_text(
        "id,borrower.id,borrower.birth_date,borrower.registered_poor,lender,principal,"
        "start_date,maturity_date,annual_rate\n"
        "L-1,P-1,1980-05-01,true,credit_union,50000,2026-03-02,2027-03-02,0.03\n",
        encoding="utf-8",
    )
    # the seed by id: a month of subsidy as with no --policy at all
    assert run("settle", str(loans), "--month", "2026-04", "--policy", "x-county-measures")[1] \
        == run("settle", str(loans), "--month", "2026-04")[1]
    code, out, err = run("settle", str(loans), "--month", "2026-04", "--policy", "national-2021")
    assert (code, out) == (2, "")
    assert "national-2021 does not set subsidy_cycle" in err


def test_schema_lists_names_and_prints_one() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert {"Loan", "NaturalPerson", "Policy", "Decision"} <= set(out.split())
    code, out, _ = run("schema", "Repayment")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$defs"]["Repayment"]["required"] == ["on", "principal"]
    code, out, err = run("schema", "Nope")
    assert (code, out) == (2, "")
    assert "'Nope' is not a model or result" in err
