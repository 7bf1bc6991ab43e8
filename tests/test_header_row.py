"""Exports with title rows above the header: ``header_row=`` (``--header-row``) skips them, line and
row numbers stay the file's own, a bad header below a title names the row that looks like the
header, and sources without a header row refuse the option. Every file is made in the test; the
expected messages and line numbers are worked out by hand beside each case."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poverty_credit import InvalidInputError, Loan, NaturalPerson
from poverty_credit.cli import main
from poverty_credit.readers import (
    HEADER_SEARCH,
    Located,
    ReadError,
    Record,
    iter_records,
    read_records,
)

TITLE = "××县扶贫小额信贷贴息明细表"
UNIT = "填报单位：县农村信用合作联社"
MONTH = "2026年6月"
HEADER = "客户编号,出生日期,是否建档立卡,姓名"
NOT_A_FIELD = ("is not a field of NaturalPerson nor a known label; map it with a columns file "
               "(an empty target ignores the column)")
P1 = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
P2 = NaturalPerson(id="P-2", birth_date=dt.date(1958, 1, 1), registered_poor=False)


def problems(exc: pytest.ExceptionInfo[ReadError]) -> list[str]:
    return [str(p) for p in exc.value.located]


def ledger() -> str:
    """Line 1: the title, merged over the four columns in Excel (so exported as one cell and
    three empty ones); line 2: the reporting unit and month; line 3: the header; lines 4-6: a
    good person, a bad birth date (30 February), a good person."""
    return (f"{TITLE},,,\r\n{UNIT},,{MONTH},\r\n{HEADER}\r\n"
            "P-1,1980/5/1,是,张三\r\nP-9,1980-02-30,是,王五\r\nP-2,1958年1月1日,否,李四\r\n")


# -------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_two_title_rows_above_the_header_of_a_csv(tmp_path: Path, encoding: str) -> None:
    """header_row=3 skips the title and the unit line; the bad record keeps its own line, 5."""
    path = tmp_path / "贴息明细.csv"
    path.write_bytes(ledger().encode(encoding))
    records = list(iter_records(path, NaturalPerson, header_row=3))
    assert [r.where for r in records] == ["line 4", "line 5", "line 6"]
    assert [r.value for r in records] == [P1, None, P2]
    assert [str(p) for p in records[1].problems] == [
        f"{path}, line 5, field birth_date: is not a real date (got '1980-02-30')"]
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson, header_row=3)
    assert problems(exc) == [
        f"{path}, line 5, field birth_date: is not a real date (got '1980-02-30')"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_without_header_row_the_error_names_the_line_that_looks_like_the_header(
    tmp_path: Path, encoding: str
) -> None:
    """Line 1 holds no header spelling (a title), line 3 holds three (客户编号, 出生日期,
    是否建档立卡) and 姓名, an ignored descriptive column: the header's problems, then the hint.
    The three empty cells after the title are trailing columns, dropped like any export's."""
    path = tmp_path / "贴息明细.csv"
    path.write_bytes(ledger().encode(encoding))
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson)
    assert problems(exc) == [
        f"{path}, header, column 1, field {TITLE}: {NOT_A_FIELD}",
        f"{path}, line 3: looks like the header: pass header_row=3 (--header-row 3) to skip the "
        "rows above it",
    ]


def test_one_title_row() -> None:
    data = f"{TITLE}\nid,birth_date,registered_poor\nP-1,1980-05-01,yes\n".encode()
    assert read_records(io.BytesIO(data), NaturalPerson, format="csv", header_row=2) == [P1]


def test_a_header_row_naming_the_second_title_line_still_hints_at_the_header() -> None:
    """header_row=2 points at the unit line: its cells are refused (the empty second cell too,
    the empty fourth is trailing), and line 3 is suggested."""
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(ledger().encode()), NaturalPerson, format="csv", name="m.csv",
                     header_row=2)
    assert problems(exc) == [
        f"m.csv, header, column 1, field {UNIT}: {NOT_A_FIELD}",
        "m.csv, header, column 2: has an empty column name",
        f"m.csv, header, column 3, field {MONTH}: {NOT_A_FIELD}",
        "m.csv, line 3: looks like the header: pass header_row=3 (--header-row 3) to skip the "
        "rows above it",
    ]


def test_a_title_cell_spanning_two_lines() -> None:
    """A quoted title with a line break takes physical lines 1 and 2; the header is on line 3
    and the records on lines 4 and 5."""
    data = (f'"{TITLE}\n（第二季度）",,\nid,birth_date,registered_poor\n'
            "P-1,1980-05-01,是\nP-2,1958-01-01,否\n").encode("gb18030")
    records = list(iter_records(io.BytesIO(data), NaturalPerson, format="csv", header_row=3))
    assert [(r.where, r.value) for r in records] == [("line 4", P1), ("line 5", P2)]
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="q.csv")
    assert problems(exc) == [
        f"q.csv, header, column 1, field {TITLE}\n（第二季度）: {NOT_A_FIELD}",
        "q.csv, line 3: looks like the header: pass header_row=3 (--header-row 3) to skip the "
        "rows above it",
    ]


def test_the_lines_above_the_header_are_skipped_unparsed() -> None:
    """A title with an unbalanced quote would swallow the whole file as one cell (bad CSV at line
    1); with header_row the lines above are never parsed. Line 2 of a cell spanning lines 1-2
    is then just text: header_row names a physical line, whatever the lines above hold."""
    data = b'"unbalanced title\nid,birth_date,registered_poor\nP-1,1980-05-01,1\n'
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="u.csv")
    assert problems(exc) == ["u.csv, line 1: bad CSV: unexpected end of data"]
    assert read_records(io.BytesIO(data), NaturalPerson, format="csv", header_row=2) == [P1]
    data = b'"two\nlines",x\nid,birth_date,registered_poor\n'
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="v.csv", header_row=2)
    assert problems(exc)[0] == f"v.csv, header, column 1, field lines\": {NOT_A_FIELD}"


def test_a_tab_separated_header_below_a_title_without_tabs() -> None:
    """The delimiter is told from the first line parsed: the title (no tab, so a comma) by
    default, the header line with header_row. The hint sees the tabs of line 2 all the same."""
    data = f"{TITLE}\nid\tbirth_date\tregistered_poor\nP-1\t1980-05-01\t是\n".encode("utf-16")
    assert read_records(io.BytesIO(data), NaturalPerson, format="csv", header_row=2) == [P1]
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="t.txt")
    assert problems(exc)[-1] == ("t.txt, line 2: looks like the header: pass header_row=2 "
                                 "(--header-row 2) to skip the rows above it")


def test_blank_lines_between_the_header_and_the_records_keep_their_numbers() -> None:
    data = f"{TITLE}\n\nid,birth_date,registered_poor\n\nP-1,1980-05-01,是\nP-2,x,否\n".encode()
    records = list(iter_records(io.BytesIO(data), NaturalPerson, format="csv", name="b.csv",
                                header_row=3))
    assert [r.where for r in records] == ["line 5", "line 6"]
    assert [str(p) for p in records[1].problems] == [
        "b.csv, line 6, field birth_date: must be a date written YYYY-MM-DD, YYYY/M/D or "
        "YYYY年M月D日 (got 'x', a str)"]


def test_header_row_1_is_the_first_line_even_when_it_is_the_header() -> None:
    data = b"id,birth_date,registered_poor\nP-1,1980-05-01,1\n"
    assert read_records(io.BytesIO(data), NaturalPerson, format="csv", header_row=1) == [P1]


def test_a_short_row_and_a_bad_csv_line_below_the_header_name_their_physical_lines() -> None:
    """Title on line 1, header on line 2, a short row on line 3, a broken quote on line 4."""
    data = f'{TITLE}\nid,birth_date,registered_poor\nP-1,1980-05-01\n"P-2"x,1,1\n'.encode()
    records = iter_records(io.BytesIO(data), NaturalPerson, format="csv", name="s.csv",
                           header_row=2)
    short = next(records)
    assert [str(p) for p in short.problems] == [
        "s.csv, line 3: has 2 cells, fewer than the header's 3 columns (a short row is refused: "
        "give every cell, even empty)"]
    with pytest.raises(ReadError) as exc:
        next(records)
    assert problems(exc) == ["s.csv, line 4: bad CSV: ',' expected after '\"'"]


def test_a_decoding_error_in_a_title_line_is_still_an_error_of_the_file() -> None:
    """The encoding is the whole file's: a GBK title in a forced UTF-8 file is refused at its
    line, even though header_row skips the line."""
    data = TITLE.encode("gbk") + b"\nid,birth_date,registered_poor\nP-1,1980-05-01,1\n"
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="g.csv",
                     encoding="utf-8", header_row=2)
    [message] = problems(exc)
    assert message.startswith("g.csv, line 1: is not valid utf-8 text")


# -------------------------------------------------------------------------------------------
# the hint: only for a title row, only within HEADER_SEARCH rows, never taken


def test_a_header_with_a_typo_gets_no_hint() -> None:
    """Line 1 has known headers (客户编号, 是否建档立卡): it is the header, misspelt; the line below
    that looks like a header is not suggested."""
    data = "客户编号,出身日期,是否建档立卡\n客户编号,出生日期,是否建档立卡\n".encode()
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="h.csv")
    assert problems(exc) == [f"h.csv, header, column 2, field 出身日期: {NOT_A_FIELD}"]


@pytest.mark.parametrize(("titles", "hinted"), [
    (HEADER_SEARCH - 1, True),  # header on line 10: the 10th row from the first, looked at
    (HEADER_SEARCH, False),  # header on line 11: beyond the rows looked at
])
def test_the_header_is_looked_for_in_the_first_rows_only(titles: int, hinted: bool) -> None:
    assert HEADER_SEARCH == 10
    lines = [f"title {i}" for i in range(1, titles + 1)]
    data = "\n".join([*lines, "id,birth_date,registered_poor", "P-1,1980-05-01,1", ""]).encode()
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="n.csv")
    expected = ["n.csv, header, column 1, field title 1: is not a field of NaturalPerson nor a "
                "known label; map it with a columns file (an empty target ignores the column)"]
    if hinted:
        expected.append(f"n.csv, line {titles + 1}: looks like the header: pass header_row="
                        f"{titles + 1} (--header-row {titles + 1}) to skip the rows above it")
    assert problems(exc) == expected
    assert read_records(io.BytesIO(data), NaturalPerson, format="csv",
                        header_row=titles + 1) == [P1]


def test_a_data_row_is_not_mistaken_for_a_header() -> None:
    """Below the title only records: 'P-1', '1980-05-01', '1' are no header spellings, so no
    hint. A row where only one cell of three is a header spelling is no header either."""
    data = b"title\nP-1,1980-05-01,1\nid,x,y\n"
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="d.csv")
    assert problems(exc) == [f"d.csv, header, column 1, field title: {NOT_A_FIELD}"]


def test_a_row_of_which_half_the_cells_are_headers_is_suggested() -> None:
    """Line 2: 'id' is a spelling, 'x' is not: one of two cells, half, is enough."""
    data = b"title\nid,x\n"
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="e.csv")
    assert problems(exc)[-1] == ("e.csv, line 2: looks like the header: pass header_row=2 "
                                 "(--header-row 2) to skip the rows above it")


def test_columns_and_extra_names_count_as_header_spellings() -> None:
    """户主身份证 is only known through the columns mapping, documents only as an extra field."""
    data = "××县台账\n户主身份证,documents\n".encode()
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="c.csv",
                     columns={"户主身份证": "id_number"}, extra={"documents": str})
    assert problems(exc)[-1].startswith("c.csv, line 2: looks like the header: pass "
                                        "header_row=2")


def test_a_broken_line_while_looking_for_the_header_leaves_the_header_problems() -> None:
    data = b'title\n"x"y,1\nid,birth_date,registered_poor\n'
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="k.csv")
    assert problems(exc) == [f"k.csv, header, column 1, field title: {NOT_A_FIELD}"]


def test_a_loans_ledger_with_its_chinese_header_on_line_3() -> None:
    """The bank's ledger of the task: title, unit and month, then the loan header (borrower
    columns by their bare labels) on line 3, one loan on line 4."""
    data = (f"{TITLE},,,,,,,,\r\n{UNIT},,,,,,,{MONTH},\r\n"
            "贷款编号,借款人编号,出生日期,是否建档立卡,贷款银行,贷款金额,放款日期,到期日期,年利率\r\n"
            'L-1,P-1,1980年5月1日,是,县信用联社,"50,000.00",2026/3/1,2027/3/1,4.35%\r\n'
            ).encode("gb18030")
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), Loan, format="csv", name="贷款.csv")
    assert problems(exc)[-1] == ("贷款.csv, line 3: looks like the header: pass header_row=3 "
                                 "(--header-row 3) to skip the rows above it")
    [loan] = read_records(io.BytesIO(data), Loan, format="csv", header_row=3)
    assert (loan.id, loan.lender, str(loan.principal), loan.borrower) == (
        "L-1", "credit_union", "50000.00", P1)


# -------------------------------------------------------------------------------------------
# .xlsx


def ledger_book(path: Path) -> None:
    """Sheet 贴息明细: row 1 the title, merged over A1:D1; row 2 the unit in A2 and the month in
    C2; row 3 the header; rows 4-6 as in :func:`ledger` (row 5: a date cell holding a number)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "贴息明细"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:D1")
    sheet["A2"] = UNIT
    sheet["C2"] = MONTH
    sheet.append(HEADER.split(","))
    sheet.append(["P-1", dt.datetime(1980, 5, 1), "是", "张三"])
    sheet.append(["P-9", 29221, "是", "王五"])
    sheet.append(["P-2", dt.date(1958, 1, 1), False, "李四"])
    book.save(path)


def test_xlsx_with_a_merged_title_and_a_unit_row(tmp_path: Path) -> None:
    path = tmp_path / "贴息.xlsx"
    ledger_book(path)
    records = list(iter_records(path, NaturalPerson, header_row=3))
    assert [r.where for r in records] == ["sheet 贴息明细, row 4", "sheet 贴息明细, row 5",
                                          "sheet 贴息明细, row 6"]
    assert [r.value for r in records] == [P1, None, P2]
    assert [str(p) for p in records[1].problems] == [
        f"{path}, sheet 贴息明细, row 5, field birth_date: must be a date, not a number (got "
        "29221); format the column as a date in the spreadsheet"]


def test_xlsx_without_header_row_suggests_row_3(tmp_path: Path) -> None:
    path = tmp_path / "贴息.xlsx"
    ledger_book(path)
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson)
    assert problems(exc) == [
        f"{path}, header, column 1, field {TITLE}: {NOT_A_FIELD}",
        f"{path}, sheet 贴息明细, row 3: looks like the header: pass header_row=3 "
        "(--header-row 3) to skip the rows above it",
    ]


def test_xlsx_multi_line_title_cell_is_one_row(tmp_path: Path) -> None:
    """A cell with a line break is still one spreadsheet row: the header is row 2."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([f"{TITLE}\n（第二季度）", None, "制表：张三"])
    sheet.append(["id", "birth_date", "registered_poor"])
    sheet.append(["P-1", dt.date(1980, 5, 1), True])
    path = tmp_path / "m.xlsx"
    book.save(path)
    assert read_records(path, NaturalPerson, header_row=2) == [P1]


def test_xlsx_header_row_beyond_the_sheet_and_on_a_blank_row(tmp_path: Path) -> None:
    """The sheet has six rows; row 7 does not exist. A blank row 2 is no header."""
    path = tmp_path / "贴息.xlsx"
    ledger_book(path)
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson, header_row=7)
    assert problems(exc) == [f"{path}, field header_row: is 7, but sheet 贴息明细 has only 6 rows"]
    assert exc.value.problems[0].field == "header_row"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet["A1"] = TITLE
    sheet["A3"] = "id"
    blank = tmp_path / "blank.xlsx"
    book.save(blank)
    with pytest.raises(ReadError) as exc:
        read_records(blank, NaturalPerson, header_row=2)
    assert problems(exc) == [f"{blank}, sheet S, row 2, field header_row: is 2, a blank row: "
                             "give the row the header is on"]


# -------------------------------------------------------------------------------------------
# bad values and sources without a header row


@pytest.mark.parametrize(("bad", "got"), [
    (0, "0, an int"), (-1, "-1, an int"), (True, "True, a bool"), (False, "False, a bool"),
    ("3", "'3', a str"), (3.0, "3.0, a float"), ([3], "[3], a list"),
])
def test_a_bad_header_row_is_refused(bad: object, got: str) -> None:
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(b"id\n"), NaturalPerson, format="csv", name="p.csv",
                     header_row=bad)
    [problem] = exc.value.problems
    assert problem.field == "header_row"
    assert isinstance(exc.value, InvalidInputError)
    assert problems(exc) == [
        f"p.csv, field header_row: must be a whole number >= 1: the line (CSV) or sheet row "
        f"(.xlsx) of the header, counted from 1 (got {got})"]


@pytest.mark.parametrize(("data", "header_row", "message"), [
    (b"", 1, "is 1, but the file is empty"),
    (b"", 2, "is 2, but the file is empty"),
    (b"title\n", 2, "is 2, but the file has only 1 line"),
    (b"title\n\nid\n", 4, "is 4, but the file has only 3 lines"),
    (b"title\n\nid", 5, "is 5, but the file has only 3 lines"),
])
def test_a_header_row_beyond_the_end_of_the_file(data: bytes, header_row: int,
                                                 message: str) -> None:
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="p.csv",
                     header_row=header_row)
    assert problems(exc) == [f"p.csv, field header_row: {message}"]


def test_a_header_row_on_a_blank_line() -> None:
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(b"title\n \nid\n"), NaturalPerson, format="csv", name="p.csv",
                     header_row=2)
    assert problems(exc) == ["p.csv, line 2, field header_row: is 2, a blank line: give the "
                             "line the header is on"]


NO_HEADER_ROW = "field header_row: applies to CSV and .xlsx files only: "


def test_json_and_json_lines_refuse_header_row(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('[{"id": "P-1", "birth_date": "1980-05-01", "registered_poor": true}]')
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson, header_row=2)
    assert problems(exc) == [f"{path}, {NO_HEADER_ROW}a JSON file has no header row (its keys "
                             "are the headers)"]
    sniffed = io.BytesIO(b'{"id": "P-1", "birth_date": "1980-05-01", "registered_poor": 1}\n')
    with pytest.raises(ReadError) as exc:
        read_records(sniffed, NaturalPerson, name="-", header_row=1)
    assert problems(exc) == [f"-, {NO_HEADER_ROW}a JSON Lines file has no header row (its keys "
                             "are the headers)"]


def test_iterables_refuse_header_row() -> None:
    with pytest.raises(ReadError) as exc:
        read_records([{"id": "P-1"}], NaturalPerson, name="rows", header_row=1)
    assert problems(exc) == [f"rows, {NO_HEADER_ROW}an iterable of mappings has no header row "
                             "(its keys are the headers)"]


def test_dataframes_refuse_header_row() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": ["P-1"], "birth_date": ["1980-05-01"], "registered_poor": [1]})
    with pytest.raises(ReadError) as exc:
        read_records(frame, NaturalPerson, name="frame", header_row=1)
    assert problems(exc) == [f"frame, {NO_HEADER_ROW}a dataframe's header is its column names "
                             "(drop the title rows when you build the frame, or read the file "
                             "itself with header_row)"]


# -------------------------------------------------------------------------------------------
# the command line


def test_cli_header_row_for_a_record_command(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """P-1 (45 on 2026-03-02, registered poor) is eligible; without --header-row the run fails
    with the hint."""
    path = tmp_path / "people.csv"
    path.write_bytes(f"{TITLE},,\nid,birth_date,registered_poor\nP-1,1980-05-01,是\n"
                     .encode("gb18030"))
    assert main(["eligibility", str(path), "--on", "2026-03-02", "--header-row", "2"]) == 0
    out, err = capsys.readouterr()
    assert (out.split(), err) == (["id", "eligible", "reasons", "P-1", "yes", "-"], "")
    assert main(["eligibility", str(path), "--on", "2026-03-02"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"poverty-credit: error: {path}, header, column 1, field {TITLE}: is not a field of "
        "NaturalPerson or LegalEntity nor a known label; map it with a columns file (an empty "
        "target ignores the column)",
        f"poverty-credit: error: {path}, line 2: looks like the header: pass header_row=2 "
        "(--header-row 2) to skip the rows above it",
    ]


def test_cli_header_row_for_a_report_command(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """The fund ledger read through the report path: a bad amount on physical line 4."""
    path = tmp_path / "fund.csv"
    path.write_text(f"{TITLE}\n\non,kind,lender,amount\n2026-01-01,allocation,credit_union,x\n",
                    encoding="utf-8")
    assert main(["fund", str(path), "--header-row", "3"]) == 2
    _, err = capsys.readouterr()
    assert err.startswith(f"poverty-credit: error: {path}, line 4, field amount: must be a "
                          "number such as 50000.00")


def test_cli_header_row_beyond_the_file(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,birth_date,registered_poor\n", encoding="utf-8")
    assert main(["terms", str(path), "--header-row", "4"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"poverty-credit: error: {path}, field header_row: is 4, but the "
                              "file has only 1 line\n")


@pytest.mark.parametrize("bad", ["0", "-1", "x", "2.0", "３", ""])
def test_cli_a_bad_header_row_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                bad: str) -> None:
    code = main(["eligibility", "x.csv", "--on", "2026-03-02", "--header-row", bad])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "usage:" in err
    assert err.splitlines()[-1] == (
        "poverty-credit eligibility: error: argument --header-row: expected the line (CSV) or "
        f"sheet row (.xlsx) of the header, a whole number >= 1 (got {bad!r})")


@pytest.mark.parametrize("command", ["eligibility", "terms", "subsidy", "claims", "settle",
                                     "fund", "portfolio"])
def test_every_file_command_takes_header_row(capsys: pytest.CaptureFixture[str],
                                             command: str) -> None:
    assert main([command, "--help"]) == 0
    out, _ = capsys.readouterr()
    assert "--header-row N" in out


# -------------------------------------------------------------------------------------------
# the property: title rows above change nothing but the line numbers


def shifted(item: Record | ReadError, by: int) -> Any:
    """A record (or the error of the file) with every ``line N`` / ``row N`` moved by ``by``."""

    def move(where: str) -> str:
        head, sep, number = where.rpartition(" ")
        if head.endswith(("line", "row")) and number.isdigit():
            return f"{head}{sep}{int(number) + by}"
        return where

    def located(p: Located) -> Located:
        return attrs.evolve(p, where=move(p.where))

    if isinstance(item, ReadError):
        return ("error", [located(p) for p in item.located])
    return attrs.evolve(item, where=move(item.where),
                        problems=tuple(located(p) for p in item.problems))


def outcome(read: Any) -> list[Any]:
    out: list[Any] = []
    try:
        out.extend(read())
    except ReadError as exc:
        out.append(exc)
    return out


CELLS = st.sampled_from(["P-1", "P-2", "1980-05-01", "1980-02-30", "2000/2/29", "是", "否", "x",
                         "", "  ", "3", "a\nb", "5,000", '"'])
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=5), max_size=6)
#: a title line: any text but a line break (NUL and other controls would change the encoding
#: detection of the whole file, which is not what header_row is about)
TITLE_LINES = st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc"),
                                             include_characters='\t"\r'), max_size=20),
                       max_size=4)


@settings(max_examples=80, deadline=None)
@given(titles=TITLE_LINES, rows=ROWS)
def test_title_lines_above_a_csv_change_only_the_line_numbers(titles: list[str],
                                                              rows: list[list[str]]) -> None:
    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\n")
    writer.writerow(["id", "birth_date", "registered_poor", "star_rating"])
    writer.writerows(rows)
    plain = body.getvalue().encode("utf-8")
    prefixed = "".join(t + "\n" for t in titles).encode("utf-8") + plain
    k = len(titles)
    expected = [shifted(r, k) for r in outcome(lambda: iter_records(
        io.BytesIO(plain), NaturalPerson, format="csv", name="f.csv"))]
    actual = [shifted(r, 0) for r in outcome(lambda: iter_records(
        io.BytesIO(prefixed), NaturalPerson, format="csv", name="f.csv", header_row=k + 1))]
    assert actual == expected


#: a title cell: anything a cell can hold (XML 1.0 has no controls and no noncharacters)
XLSX_CELLS = st.one_of(st.none(), st.integers(-10**6, 10**6),
                       st.dates(dt.date(1900, 3, 1), dt.date(2199, 12, 31)),
                       st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")),
                               max_size=12))


@settings(max_examples=25, deadline=None)
@given(titles=st.lists(st.lists(XLSX_CELLS, max_size=6), max_size=3),
       rows=st.lists(st.lists(st.sampled_from(["P-1", "1980-05-01", "x", True, 3, None,
                                               dt.date(1980, 5, 1)]), max_size=3), max_size=4))
def test_title_rows_above_a_sheet_change_only_the_row_numbers(
    tmp_path_factory: pytest.TempPathFactory, titles: list[list[Any]], rows: list[list[Any]]
) -> None:
    """Title rows of any cells, empty ones too (the sheet numbers its rows whatever they hold).
    The records are at most as wide as the header: a sheet's rows are all as wide as its widest
    row, so a wide title row would change the cell count of a too-long record's message."""
    from openpyxl import Workbook

    folder = tmp_path_factory.mktemp("sheets")

    def save(name: str, above: list[list[Any]]) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.title = "S"
        for row in above:
            sheet.append(row)
        sheet.append(["id", "birth_date", "registered_poor"])
        for row in rows:
            sheet.append(row)
        path = folder / name
        book.save(path)
        return path

    k = len(titles)
    plain, prefixed = save("plain.xlsx", []), save("prefixed.xlsx", titles)
    expected = [shifted(r, k) for r in outcome(lambda: iter_records(plain, NaturalPerson,
                                                                     name="f.xlsx"))]
    actual = [shifted(r, 0) for r in outcome(lambda: iter_records(
        prefixed, NaturalPerson, name="f.xlsx", header_row=k + 1))]
    assert actual == expected
