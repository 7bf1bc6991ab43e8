"""The reading layer: real exports (encodings, Chinese headers, spreadsheets, frames) and hostile
files, each made inside the test. Expected values are written by hand beside each case."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poverty_credit import (
    CompensationClaim,
    Document,
    EntityKind,
    FundEvent,
    FundEventKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    Repayment,
    to_records,
)
from poverty_credit.readers import (
    CHUNK,
    Located,
    ReadError,
    iter_records,
    load_columns,
    read_records,
)
from strategies import loans

# valid resident ID numbers (GB 11643-1999 check character worked out by hand: Σ digit × weight
# mod 11 → "10X98765432"); the birth date is digits 7-14
ID_1949 = "11010519491231002X"  # born 1949-12-31
ID_1980 = "320106198005011230"  # born 1980-05-01
ID_1958 = "440305195801014561"  # born 1958-01-01
ID_2000 = "510107200002297896"  # born 2000-02-29


def problems(exc: pytest.ExceptionInfo[ReadError]) -> list[str]:
    return [str(p) for p in exc.value.located]


# -------------------------------------------------------------------------------------------
# real exports


def test_gbk_csv_with_chinese_headers(tmp_path: Path) -> None:
    """Excel's ordinary CSV on Chinese Windows: GBK, CRLF, Chinese headers, a name column (ignored),
    no id column (the ID number is the id) and no birth date column (taken from the ID number)."""
    text = ("序号,姓名,身份证号,是否建档立卡,是否五保户,信用星级\r\n"
            f"1,张三,{ID_1949},是,否,5\r\n"
            f"2,李四,{ID_1980},否,是,\r\n")
    path = tmp_path / "户籍.csv"
    path.write_bytes(text.encode("gbk"))
    first, second = read_records(path, NaturalPerson)
    assert (first.id, first.birth_date, first.registered_poor, first.five_guarantee,
            first.star_rating) == (ID_1949, dt.date(1949, 12, 31), True, False, 5)
    assert (second.id, second.birth_date, second.registered_poor, second.five_guarantee,
            second.star_rating) == (ID_1980, dt.date(1980, 5, 1), False, True, None)


def test_a_birth_date_that_contradicts_the_id_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"身份证号,出生日期,是否建档立卡\n{ID_1980},1980/5/2,是\n", encoding="utf-8")
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson)
    assert problems(exc) == [f"{path}, line 2, field id_number: gives the birth date 1980-05-01, "
                             "but birth_date is 1980-05-02"]


def test_utf8_bom_crlf_loans_with_chinese_headers_and_clerk_spellings(tmp_path: Path) -> None:
    """UTF-8 with BOM and CRLF, the borrower in 借款人… columns, bare borrower labels, grouped
    amounts, Y/M/D and 年月日 dates, a percentage rate and the lender by its Chinese name."""
    text = ("贷款编号,借款人编号,出生日期,是否建档立卡,贷款银行,贷款金额（元）,放款日期,到期日期,"
            "年利率,还款记录\r\n"
            'L-1,P-1,1980年5月1日,是,县信用联社,"50,000.00",2026/3/1,2027/3/1,4.35%,'
            '2026-06-15:"20,000"\r\n'
            "L-2,P-2,1958-01-01,1,postal_savings,30000,2026年3月15日,2027-03-15,0.0435,\r\n")
    text = text.replace(':"20,000"', ":20000")
    path = tmp_path / "loans.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    one, two = read_records(path, Loan)
    assert one.id == "L-1"
    assert one.lender == "credit_union"
    assert one.principal == Decimal("50000.00")
    assert one.annual_rate == Decimal("0.0435")
    assert (one.start_date, one.maturity_date) == (dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    assert one.borrower == NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1),
                                         registered_poor=True)
    assert [(r.on, r.principal) for r in one.repayments] == [
        (dt.date(2026, 6, 15), Decimal("20000.00"))]
    assert two.lender == "postal_savings"
    assert two.start_date == dt.date(2026, 3, 15)


def test_excel_unicode_text_is_utf16_and_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "people.txt"
    path.write_bytes("客户编号\t出生日期\t是否建档立卡\r\nP-1\t2000/2/29\t是\r\n".encode("utf-16"))
    [person] = read_records(path, NaturalPerson)
    assert person.birth_date == dt.date(2000, 2, 29)


def test_utf16_without_bom_is_detected() -> None:
    data = "id,birth_date,registered_poor\nP-1,2000-01-01,true\n".encode("utf-16-le")
    [person] = read_records(io.BytesIO(data), NaturalPerson, format="csv")
    assert person.id == "P-1"


def test_a_bad_byte_beyond_the_first_buffer_names_its_line(tmp_path: Path) -> None:
    """Line 1 is the header, lines 2..10001 are good UTF-8 (far more than one 64 KiB chunk), and
    line 10002 holds GBK bytes: the message names line 10002."""
    good = "".join(f"P-{i},1980-01-01,是\n" for i in range(10_000))
    assert len(good.encode()) > CHUNK
    path = tmp_path / "mixed.csv"
    path.write_bytes(("id,birth_date,registered_poor\n" + good).encode("utf-8")
                     + "P-x,1980-01-01,否\n".encode("gbk"))
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson)
    [message] = problems(exc)
    assert message.startswith(f"{path}, line 10002: is not valid utf-8 text")
    assert "--encoding gb18030" in message


def test_a_forced_encoding_wins_over_detection() -> None:
    data = "id,birth_date,registered_poor\nP-1,1980-01-01,是\n".encode("gbk")
    [person] = read_records(io.BytesIO(data), NaturalPerson, format="csv", encoding="gbk")
    assert person.registered_poor is True
    with pytest.raises(ReadError, match="line 2: is not valid utf-8 text"):
        read_records(io.BytesIO(data), NaturalPerson, format="csv", encoding="utf-8")
    with pytest.raises(ReadError, match="unknown encoding 'klingon'"):
        read_records(io.BytesIO(data), NaturalPerson, format="csv", encoding="klingon")


def test_bytes_that_are_no_known_text_are_refused() -> None:
    with pytest.raises(ReadError, match="line 1: is neither UTF-8, UTF-16 nor GB18030"):
        read_records(io.BytesIO(b"id\n\xff\xff\xff\n"), NaturalPerson, format="csv")


def test_xlsx_with_real_dates_numbers_and_text(tmp_path: Path) -> None:
    """A workbook written with openpyxl: a title row above a blank row, real date cells, numbers
    (Excel stores 50000 and 0.0435 as doubles), the ID number as text, trailing empty columns."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "贷款台账"
    sheet.append([])
    sheet.append(["贷款编号", "借款人编号", "出生日期", "是否建档立卡", "贷款银行", "贷款金额",
                  "放款日期", "到期日期", "年利率", None])
    sheet.append(["L-1", "P-1", dt.datetime(1980, 5, 1), True, "县邮政储蓄银行", 50000,
                  dt.datetime(2026, 3, 1), dt.date(2027, 3, 1), 0.0435, None])
    sheet.append(["L-2", 1002, dt.datetime(1990, 1, 1), "否", "县信用联社", 12345.67,
                  dt.datetime(2026, 3, 1), dt.datetime(2027, 3, 1), 0.05, None])
    sheet.append([None] * 10)
    path = tmp_path / "loans.xlsx"
    book.save(path)
    one, two = read_records(path, Loan)
    assert (one.lender, one.principal, one.annual_rate) == (
        "postal_savings", Decimal("50000.00"), Decimal("0.0435"))
    assert one.borrower.birth_date == dt.date(1980, 5, 1)
    assert one.maturity_date == dt.date(2027, 3, 1)
    assert (two.borrower.id, two.principal, two.borrower.registered_poor) == (
        "1002", Decimal("12345.67"), False)


def test_xlsx_problems_name_the_sheet_and_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "说明"
    data = book.create_sheet("people")
    data.append(["id", "birth_date", "registered_poor", "id_number"])
    data.append(["P-1", 29221, True, None])  # a date column holding a serial number
    data.append(["P-2", dt.datetime(1980, 1, 1, 9, 30), True, None])  # a time of day
    data.append(["P-3", dt.datetime(1980, 1, 1), True, 320106198005011230])  # a number
    data.append(["P-4", dt.datetime(1980, 1, 1), 0.3, None])  # a number as a flag
    path = tmp_path / "people.xlsx"
    book.save(path)
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson, sheet="people")
    assert problems(exc) == [
        f"{path}, sheet people, row 2, field birth_date: must be a date, not a number (got 29221);"
        " format the column as a date in the spreadsheet",
        f"{path}, sheet people, row 3, field birth_date: must be a date without a time of day "
        "(got datetime.datetime(1980, 1, 1, 9, 30))",
        f"{path}, sheet people, row 4, field id_number: must be text: a spreadsheet number cannot"
        " hold 18 digits exactly (got 3.201061980050112e+17); format the column as text",
        f"{path}, sheet people, row 5, field registered_poor: must be a boolean: true/false, "
        "1/0, yes/no, 是/否 or 有/无 (got 0.3, a float)",
    ]
    with pytest.raises(ReadError, match="has no sheet 'loans' \\(sheets: 说明, people\\)"):
        read_records(path, NaturalPerson, sheet="loans")


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("id,birth_date\n")
    with pytest.raises(ReadError, match=r"is not a readable \.xlsx workbook"):
        read_records(path, NaturalPerson)


# -------------------------------------------------------------------------------------------
# values


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-01", dt.date(2026, 3, 1)),
    ("2026-3-1", dt.date(2026, 3, 1)),
    ("2026/3/1", dt.date(2026, 3, 1)),  # Y/M/D: the year first leaves no doubt
    ("2026/03/01", dt.date(2026, 3, 1)),
    ("2026.3.1", dt.date(2026, 3, 1)),
    ("2026年3月1日", dt.date(2026, 3, 1)),
    ("２０２６年３月１日", dt.date(2026, 3, 1)),  # full-width digits
    ("20260301", dt.date(2026, 3, 1)),  # compact, on every Python version
    ("2026-03-01 00:00:00", dt.date(2026, 3, 1)),  # an Excel date exported as text
    (" 2024-02-29 ", dt.date(2024, 2, 29)),
])
def test_dates(text: str, expected: dt.date) -> None:
    [person] = read_records([{"id": "P", "birth_date": text, "registered_poor": "是"}],
                            NaturalPerson)
    assert person.birth_date == expected


@pytest.mark.parametrize(("text", "message"), [
    ("01/03/2026", "must put the year first: '01/03/2026' could be day/month or month/day"),
    ("1/3/26", "must put the year first"),
    ("2026-02-30", "is not a real date (got '2026-02-30')"),
    ("2026-W09-1", "must be a date written YYYY-MM-DD, YYYY/M/D or YYYY年M月D日"),
    ("2026-060", "must be a date written YYYY-MM-DD"),
    ("9999-12-31", "must be a date between 1900 and 2199 (got '9999-12-31')"),
    ("1899-12-31", "must be a date between 1900 and 2199"),
    ("March 1, 2026", "must be a date written"),
])
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(ReadError, match="field birth_date: " + message.replace("(", r"\(")
                       .replace(")", r"\)")):
        read_records([{"id": "P", "birth_date": text, "registered_poor": "是"}], NaturalPerson)


def test_a_far_future_date_object_is_refused_too() -> None:
    with pytest.raises(ReadError, match="between 1900 and 2199"):
        read_records([{"id": "P", "birth_date": dt.date(9999, 12, 31), "registered_poor": True}],
                     NaturalPerson)


LOAN = {"id": "L", "borrower": {"id": "P", "birth_date": "1980-01-01", "registered_poor": True},
        "lender": "credit_union", "start_date": "2026-01-01", "maturity_date": "2027-01-01",
        "annual_rate": "0.0435"}


@pytest.mark.parametrize(("text", "expected"), [
    ("50000", "50000.00"),
    ("50,000.00", "50000.00"),
    ("1,234,567.89", "1234567.89"),
    ("999", "999.00"),
    ("５０，０００", "50000.00"),  # full-width digits and comma
    (" 1234.5 ", "1234.50"),
])
def test_amounts(text: str, expected: str) -> None:
    [loan] = read_records([{**LOAN, "principal": text}], Loan)
    assert loan.principal == Decimal(expected)


@pytest.mark.parametrize(("text", "message"), [
    ("5,0000", "has thousands separators in the wrong places"),
    ("50,00.00", "has thousands separators in the wrong places"),
    (",500", "has thousands separators in the wrong places"),
    ("1e5", "must be a number such as 50000.00"),
    ("50000元", "must be a number such as 50000.00"),
    ("50000%", "must be a number such as 50000.00"),  # a percentage only for a rate
    ("9" * 5000, "must be a number of at most 40 digits (got 5000 characters)"),
])
def test_bad_amounts(text: str, message: str) -> None:
    with pytest.raises(ReadError) as exc:
        read_records([{**LOAN, "principal": text}], Loan)
    [problem] = problems(exc)
    assert f"field principal: {message}" in problem
    assert len(problem) < 300  # a hostile value is never echoed in full


def test_floats_stand_for_the_decimal_typed_and_computed_ones_are_refused() -> None:
    """A spreadsheet or frame float is read as its shortest repr: 1234.56 is 1234.56 exactly;
    0.1 + 0.2 (0.30000000000000004, 17 significant digits) is a computed value, refused."""
    [loan] = read_records([{**LOAN, "principal": 1234.56, "annual_rate": 0.0435}], Loan)
    assert (loan.principal, loan.annual_rate) == (Decimal("1234.56"), Decimal("0.0435"))
    with pytest.raises(ReadError, match=r"field annual_rate: is a computed binary fraction "
                       r"\(0.30000000000000004\)"):
        read_records([{**LOAN, "principal": 1, "annual_rate": 0.1 + 0.2}], Loan)
    with pytest.raises(ReadError, match=r"field principal: must be a finite number \(got inf\)"):
        read_records([{**LOAN, "principal": float("inf")}], Loan)


def test_a_percentage_rate() -> None:
    [loan] = read_records([{**LOAN, "principal": "100", "annual_rate": "4.35 %"}], Loan)
    assert loan.annual_rate == Decimal("0.0435")


def test_chinese_enum_labels() -> None:
    [claim] = read_records([{
        "loan": {**LOAN, "principal": "30000"}, "due_date": "2026-06-01",
        "unpaid_principal": "30000", "unpaid_interest": "0", "notice_start": "2026-09-01",
        "notice_end": "2026-09-10", "损失原因": "借款人死亡"}], CompensationClaim)
    assert claim.cause is LossCause.DEATH
    [entity] = read_records([{"主体编号": "E", "名称": "茶叶合作社", "主体类型": "合作社"}],
                            LegalEntity)
    assert entity.kind is EntityKind.COOPERATIVE
    row = {**LOAN, "principal": "100", "documents": "身份证；贷款凭证、计息凭证"}
    [record] = iter_records([row], Loan, extra={"documents": tuple[Document, ...]})
    assert record.extra["documents"] == [Document.ID_CARD, Document.LOAN_VOUCHER,
                                         Document.INTEREST_VOUCHER]
    [event] = read_records([{"日期": "2026-01-01", "业务类型": "代偿", "合作银行": "县信用联社",
                             "金额": "7,000", "依据条款": "第二十六条"}], FundEvent)
    assert (event.kind, event.lender, event.amount) == (
        FundEventKind.PAYOUT, "credit_union", Decimal("7000.00"))


def test_a_bad_enum_label_lists_the_values() -> None:
    with pytest.raises(ReadError, match="field cause: must be a LossCause: one of 'death'"):
        read_records([{"loan": {**LOAN, "principal": "1"}, "due_date": "2026-06-01",
                       "unpaid_principal": "1", "unpaid_interest": "0",
                       "notice_start": "2026-09-01", "notice_end": "2026-09-10",
                       "cause": "天灾人祸"}], CompensationClaim)


@pytest.mark.parametrize(("value", "expected"), [
    ("是", True), ("否", False), ("有", True), ("无", False), ("√", True), ("×", False),
    ("TRUE", True), ("n", False), (1, True), (Decimal("0"), False), (1.0, True),
])
def test_booleans(value: object, expected: bool) -> None:
    [person] = read_records([{"id": "P", "birth_date": "1980-01-01", "registered_poor": value}],
                            NaturalPerson)
    assert person.registered_poor is expected


def test_whole_numbers() -> None:
    rows = [{"id": "P", "birth_date": "1980-01-01", "registered_poor": "是", "star_rating": v}
            for v in ("4", 4.0, Decimal("4"), "４")]
    assert {p.star_rating for p in read_records(rows, NaturalPerson)} == {4}
    for bad, message in (("4.0", "must be a whole number"), (4.5, "must be a whole number"),
                         (Decimal("1E+30"), r"at most 18 digits \(got one of 31 digits\)"),
                         (10**30, "at most 18 digits"), (True, "must be a whole number")):
        with pytest.raises(ReadError, match=message):
            read_records([{**rows[0], "star_rating": bad}], NaturalPerson)


# -------------------------------------------------------------------------------------------
# headers, duplicates, short rows


def test_a_header_problem_is_reported_once_for_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("客户编号,出生日期,是否建档立卡,婚姻状况\n"
                    + "P,1980-01-01,是,已婚\n" * 1000, encoding="utf-8")
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson)
    assert problems(exc) == [
        f"{path}, header, column 4, field 婚姻状况: is not a field of NaturalPerson nor a known "
        "label; map it with a columns file (an empty target ignores the column)"]


def test_a_missing_required_column_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("客户编号,是否建档立卡\n" + "P,是\n" * 1000, encoding="utf-8")
    with pytest.raises(ReadError) as exc:
        read_records(path, NaturalPerson)
    assert problems(exc) == [f"{path}, header, field birth_date: no column gives this required "
                             "field (Chinese header: 出生日期)"]


@pytest.mark.parametrize("header", [
    "id,birth_date,registered_poor,出生日期",  # a field and its label
    "id,birth_date,registered_poor,birth_date",  # the same name twice
    "id,birth_date,registered_poor,BIRTH_DATE",
])
def test_duplicate_columns_are_refused(header: str) -> None:
    data = f"{header}\nP,1980-01-01,是,1980-01-02\n".encode()
    with pytest.raises(ReadError, match="header, column 4, .*gives the field birth_date again "
                       r"\(column 2 already does\)"):
        read_records(io.BytesIO(data), NaturalPerson, format="csv")


def test_duplicate_json_keys_are_refused() -> None:
    data = b'[{"id": "P", "id": "Q", "birth_date": "1980-01-01", "registered_poor": true}]'
    with pytest.raises(ReadError, match=r"record \[0\] \(line 1\): duplicate key 'id'"):
        read_records(io.BytesIO(data), NaturalPerson, format="json")
    data = b'[{"id": "P", "\\u5ba2\\u6237\\u7f16\\u53f7": "Q", "birth_date": "1980-01-01", ' \
           b'"registered_poor": true}]'  # "客户编号" is the label of id
    with pytest.raises(ReadError, match="field 客户编号: names the field 'id' a second time"):
        read_records(io.BytesIO(data), NaturalPerson, format="json")


def test_short_and_long_rows_are_refused() -> None:
    data = b"id,birth_date,registered_poor,star_rating\nP-1,1980-01-01,yes\nP-2,1980-01-01,y,3,x\n"
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="csv", name="p.csv")
    assert problems(exc) == [
        "p.csv, line 2: has 3 cells, fewer than the header's 4 columns (a short row is refused: "
        "give every cell, even empty)",
        "p.csv, line 3: has 5 cells, more than the header's 4 columns",
    ]


def test_a_columns_file_maps_headers(tmp_path: Path) -> None:
    columns = tmp_path / "columns.toml"
    columns.write_text('[columns]\n"户主身份证" = "id_number"\n"婚姻状况" = ""\n'
                       '"贫困户" = "registered_poor"\n', encoding="utf-8")
    mapping = load_columns(columns)
    data = f"户主身份证,贫困户,婚姻状况\n{ID_1958},是,已婚\n".encode("gb18030")
    [person] = read_records(io.BytesIO(data), NaturalPerson, format="csv", columns=mapping)
    assert (person.id, person.birth_date, person.registered_poor) == (
        ID_1958, dt.date(1958, 1, 1), True)
    # the same mapping works for JSON keys
    [same] = read_records([{"户主身份证": ID_1958, "贫困户": "是", "婚姻状况": "x"}],
                          NaturalPerson, columns=mapping)
    assert same == person


@pytest.mark.parametrize(("text", "message"), [
    ('[columns]\n"a" = "nope"\n', "is mapped to 'nope', which is not a field of NaturalPerson"),
])
def test_a_column_mapped_to_no_field(tmp_path: Path, text: str, message: str) -> None:
    columns = tmp_path / "c.toml"
    columns.write_text(text)
    with pytest.raises(ReadError, match=message):
        read_records(io.BytesIO(b"a,birth_date,registered_poor\nP,1980-01-01,1\n"),
                     NaturalPerson, format="csv", columns=load_columns(columns))


@pytest.mark.parametrize(("data", "message"), [
    (b"[columns]\nx = 1\n", "field x: must map a header to a field path string"),
    (b"x = \n", "is not valid TOML"),
    ("x = '户'".encode("gbk"), "is not UTF-8 text"),
])
def test_bad_columns_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        load_columns(path)
    with pytest.raises(ReadError, match="cannot read the file"):
        load_columns(tmp_path / "missing.toml")


def test_an_empty_header_cell_is_refused() -> None:
    with pytest.raises(ReadError, match="header, column 2: has an empty column name"):
        read_records(io.BytesIO(b"id,,birth_date,registered_poor\nP,x,1980-01-01,1\n"),
                     NaturalPerson, format="csv")


def test_an_empty_file() -> None:
    with pytest.raises(ReadError, match="is empty: expected a header line"):
        read_records(io.BytesIO(b"\n\n"), NaturalPerson, format="csv")


# -------------------------------------------------------------------------------------------
# hostile JSON


def test_deep_nesting_is_refused_without_a_crash() -> None:
    data = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ReadError, match="line 1: invalid JSON \\(nested too deeply"):
        read_records(io.BytesIO(data), NaturalPerson, format="json")
    with pytest.raises(ReadError, match="nested too deeply"):
        read_records(io.BytesIO(b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
                     NaturalPerson, format="jsonl")


def test_a_5000_digit_number_is_refused_with_a_short_message() -> None:
    data = ('[{"id": "P", "birth_date": "1980-01-01", "registered_poor": true, "star_rating": '
            + "9" * 5000 + "}]").encode()
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="json")
    assert problems(exc) == ["<input>, record [0] (line 1), field star_rating: must be a whole "
                             "number of at most 18 digits (got one of 5000 digits)"]
    loan = json.dumps({**LOAN, "principal": 0}).replace('"principal": 0', '"principal": '
                                                         + "1" * 5000)
    with pytest.raises(ReadError, match="must be a number of at most 40 digits \\(got one of "
                       "5000 digits\\)"):
        read_records(io.BytesIO(f"[{loan}]".encode()), Loan, format="json")


def test_a_lone_surrogate_is_refused() -> None:
    data = b'[{"id": "P\\ud800", "birth_date": "1980-01-01", "registered_poor": true}]'
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(data), NaturalPerson, format="json")
    [message] = problems(exc)
    assert "field id: holds an unpaired surrogate '\\ud800'" in message
    message.encode("utf-8")  # the message itself can be printed


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_is_refused(constant: str) -> None:
    data = f'[{{"id": "P", "birth_date": "1980-01-01", "registered_poor": true, ' \
           f'"star_rating": {constant}}}]'.encode()
    with pytest.raises(ReadError, match=f"{constant} is not a number a record may hold"):
        read_records(io.BytesIO(data), NaturalPerson, format="json")


def test_bad_json_positions() -> None:
    text = '[\n {"id": "P-1", "birth_date": "1980-01-01", "registered_poor": true},\n' \
           ' {"id": "P-2",, }\n]'
    with pytest.raises(ReadError, match="line 3: invalid JSON"):
        read_records(io.BytesIO(text.encode()), NaturalPerson, format="json")
    with pytest.raises(ReadError, match="must hold a JSON array of objects"):
        read_records(io.BytesIO(b'{"id": 1}'), NaturalPerson, format="json")
    with pytest.raises(ReadError, match="line 2: invalid JSON"):
        read_records(io.BytesIO(b'{"id": "P"}\n{"id": \n'), NaturalPerson, format="jsonl")


def test_json_records_across_chunk_boundaries_keep_their_lines() -> None:
    """Records spanning the 64 KiB read boundary decode whole; each keeps its starting line."""
    person = {"id": "P", "birth_date": "1980-01-01", "registered_poor": True,
              "household_id": "H" * 1000}
    text = "[\n" + ",\n".join(json.dumps({**person, "id": f"P-{i}"}) for i in range(300)) + "\n]"
    assert len(text) > 4 * CHUNK
    records = list(iter_records(io.BytesIO(text.encode()), NaturalPerson, format="json"))
    assert [r.value.id for r in records] == [f"P-{i}" for i in range(300)]
    assert records[299].where == "record [299] (line 301)"


def test_json_lines() -> None:
    text = ('{"id": "P-1", "birth_date": "1980-01-01", "registered_poor": true}\n\n'
            '{"id": "P-2", "birth_date": "1980-13-01", "registered_poor": true}\n')
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(text.encode()), NaturalPerson, format="jsonl", name="p.jsonl")
    assert problems(exc) == ["p.jsonl, line 3, field birth_date: is not a real date "
                             "(got '1980-13-01')"]


def test_duplicate_keys_in_json_lines_and_a_non_object() -> None:
    text = b'{"id": "P", "id": "Q"}\n7\n'
    with pytest.raises(ReadError) as exc:
        read_records(io.BytesIO(text), NaturalPerson, format="jsonl", name="x")
    assert problems(exc) == [
        "x, line 1: duplicate key 'id' in one object",
        "x, line 2: must be an object of NaturalPerson fields (got 7, an int)"]


# -------------------------------------------------------------------------------------------
# streaming


class CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes handed out."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.given += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_records_stream_without_reading_the_whole_file(fmt: str) -> None:
    rows = [{"id": f"P-{i}", "birth_date": "1980-01-01", "registered_poor": True}
            for i in range(40_000)]
    if fmt == "csv":
        data = "id,birth_date,registered_poor\n" + "".join(
            f"{r['id']},1980-01-01,true\n" for r in rows)
    elif fmt == "json":
        data = json.dumps(rows)
    else:
        data = "\n".join(json.dumps(r) for r in rows)
    stream = CountingReader(data.encode())
    assert len(data) > 8 * CHUNK
    records = iter_records(stream, NaturalPerson, format=fmt)
    first = next(records)
    assert first.value.id == "P-0"
    assert stream.given <= 2 * CHUNK  # one chunk read ahead at most
    assert sum(1 for _ in records) == 39_999


def test_sniffing_a_stream_without_a_format() -> None:
    csv_data = b"id,birth_date,registered_poor\nP,1980-01-01,1\n"
    json_data = b' [{"id": "P", "birth_date": "1980-01-01", "registered_poor": 1}]'
    lines = b'{"id": "P", "birth_date": "1980-01-01", "registered_poor": 1}\n'
    people = [read_records(io.BytesIO(d), NaturalPerson) for d in (csv_data, json_data, lines)]
    assert people[0] == people[1] == people[2]
    text = io.StringIO(csv_data.decode())
    assert read_records(text, NaturalPerson) == people[0]


def test_what_is_not_a_source() -> None:
    with pytest.raises(ReadError, match="must be a path, an open file, a dataframe"):
        read_records(42, NaturalPerson)
    with pytest.raises(InvalidInputError, match=r"cls: must be a model class"):
        read_records([], dict)
    with pytest.raises(ReadError, match="unknown format 'xml'"):
        read_records(io.BytesIO(b""), NaturalPerson, format="xml")
    with pytest.raises(ReadError, match=r"cannot tell the format from the extension '\.xml'"):
        read_records("people.xml", NaturalPerson)
    with pytest.raises(ReadError, match="cannot read the file"):
        read_records("/nonexistent/people.csv", NaturalPerson)


def test_located_and_read_error() -> None:
    err = ReadError([Located("a.csv", "line 2", "id", "bad"), Located("", "", "", "whole")])
    assert str(err) == "a.csv, line 2, field id: bad; whole"
    assert isinstance(err, InvalidInputError)
    assert isinstance(err, ValueError)
    assert err.problems[0].field == "id"


# -------------------------------------------------------------------------------------------
# dataframes and the to_records round trip


def sample_loans() -> list[Loan]:
    person = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True,
                           id_number=ID_1980)
    return [Loan(id="L-1", borrower=person, lender="credit_union", principal="50000",
                 start_date=dt.date(2026, 1, 5), maturity_date=dt.date(2027, 1, 5),
                 annual_rate="0.0435",
                 repayments=[Repayment(on=dt.date(2026, 6, 15), principal="20000")]),
            Loan(id="L-2", borrower=person, lender="postal_savings", principal="1234.56",
                 start_date=dt.date(2026, 2, 1), maturity_date=dt.date(2026, 12, 1),
                 annual_rate="0.05", insurer_share="0.3")]


def test_a_pandas_frame_from_to_records_reads_back() -> None:
    pd = pytest.importorskip("pandas")
    expected = sample_loans()
    frame = pd.DataFrame(to_records(expected))
    assert read_records(frame, Loan) == expected


def test_pandas_native_types_and_missing_values() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "id": ["P-1", "P-2"],
        "birth_date": pd.to_datetime(["1980-05-01", "1990-01-01"]),
        "registered_poor": [True, False],
        "star_rating": [4, None],  # a float column with NaN
        "household_id": [None, "H-2"],
    })
    one, two = read_records(frame, NaturalPerson)
    assert (one.birth_date, one.star_rating, one.household_id) == (dt.date(1980, 5, 1), 4, None)
    assert (two.star_rating, two.household_id) == (None, "H-2")


def test_polars_and_pyarrow_frames() -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    rows = {"id": ["P-1"], "birth_date": [dt.date(1980, 5, 1)], "registered_poor": [True],
            "star_rating": [None]}
    expected = [NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)]
    assert read_records(pl.DataFrame(rows), NaturalPerson) == expected
    assert read_records(pa.table(rows), NaturalPerson) == expected
    with pytest.raises(ReadError, match="row 0, field birth_date: is required"):
        read_records(pa.table({**rows, "birth_date": [None]}), NaturalPerson)


def test_a_csv_written_from_to_records_with_json_lists_reads_back(tmp_path: Path) -> None:
    expected = sample_loans()
    records = to_records(expected, json_lists=True)
    path = tmp_path / "loans.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    assert read_records(path, Loan) == expected


@settings(max_examples=40, deadline=None)
@given(loans())
def test_every_loan_round_trips_through_json_records(loan: Loan) -> None:
    [record] = to_records([loan])
    assert read_records([json.loads(json.dumps(record))], Loan) == [loan]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "birth_date", "registered_poor", "出生日期",
                                        "star_rating", "x"]),
                       st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.none(),
                                 st.booleans(), st.decimals())))
def test_junk_rows_give_located_problems_only(row: dict[str, Any]) -> None:
    records = list(iter_records([row], NaturalPerson, name="junk"))
    assert len(records) == 1
    assert all(p.source == "junk" and p.where == "row 0" for p in records[0].problems)
    assert (records[0].value is None) == bool(records[0].problems)


def test_every_field_of_every_model_has_a_chinese_header() -> None:
    import attrs

    from poverty_credit import Application, DrivingAgreement, Repayment
    from poverty_credit._labels import FIELD_LABELS

    for cls in (NaturalPerson, LegalEntity, DrivingAgreement, Repayment, Loan, Application,
                CompensationClaim, FundEvent):
        missing = [f.name for f in attrs.fields(cls) if not FIELD_LABELS[cls].get(f.name)]
        assert missing == [], f"{cls.__name__} has no Chinese header for {missing}"


def test_a_label_only_ever_names_a_field_the_model_has() -> None:
    """Labels prepared for later fields (status, monitoring_ended_on …) never become headers of
    a model without them, so no column is ever swallowed silently."""
    import attrs

    from poverty_credit.readers import _plan

    for cls in (NaturalPerson, Loan, CompensationClaim, FundEvent):
        names = {f.name for f in attrs.fields(cls)}
        assert set(_plan(cls).keys.values()) <= names


def test_target_group_statuses_by_their_chinese_names() -> None:
    from poverty_credit import PovertyStatus

    rows = [{"客户编号": f"P-{i}", "出生日期": "1980-01-01", "户类型": label}
            for i, label in enumerate(("已脱贫户", "边缘易致贫户", "一般户"))]
    assert [p.status for p in read_records(rows, NaturalPerson)] == [
        PovertyStatus.LIFTED_OUT, PovertyStatus.MONITORED_MARGINAL, PovertyStatus.NONE]
