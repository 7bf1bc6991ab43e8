"""Every problem of a record at once, each with a stable code, its path and two messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    Application,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    Problem,
    ProblemCode,
    from_dict,
    from_json,
    to_dict,
)
from poverty_credit._validate import UNREADABLE
from strategies import junk, loans

C = ProblemCode


def _coded(data: Any, cls: type) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as err:
        from_dict(data, cls)
    return [(p.path, p.code.value) for p in err.value.problems]


def test_the_issues_record_reports_every_problem() -> None:
    """A bad date used to hide the rest: now the missing id, the date, the flag and the rating."""
    record = {"birth_date": "1980-02-30", "registered_poor": "是", "star_rating": 9}
    assert _coded(record, NaturalPerson) == [
        ("id", "REQUIRED"),
        ("birth_date", "NOT_A_DATE"),
        ("registered_poor", "WRONG_TYPE"),
        ("star_rating", "OUT_OF_RANGE"),
    ]


def test_nested_and_parent_problems_together() -> None:
    """Problems of the borrower, of the loan's own fields, of a repayment and an unknown key, and
    the loan's date-order rule between readable fields: all in one error, in field order."""
    record = {
        "id": " ", "lender": "credit_union", "principal": "60000.001",
        "start_date": "2026-03-02", "maturity_date": "2026-03-01", "annual_rate": 4.35,
        "borrower": {"id": "P", "birth_date": "1980-02-29", "registered_poor": "yes",
                     "id_number": "990000197001010122"},
        "repayments": [{"on": "2026-04-01", "principal": "-1"}],
        "colour": "red",
    }
    assert _coded(record, Loan) == [
        ("id", "BLANK"),
        ("borrower.registered_poor", "WRONG_TYPE"),
        ("borrower.id_number", "ID_NUMBER_AREA"),
        ("principal", "TOO_MANY_DECIMALS"),
        ("maturity_date", "DATE_ORDER"),
        ("annual_rate", "WRONG_TYPE"),
        ("repayments[0].principal", "NEGATIVE"),
        ("colour", "UNKNOWN_FIELD"),
    ]


def test_two_levels_down_with_parent_rule() -> None:
    """An application whose loan has a bad field still reports its own filed_on and reviews."""
    data = to_dict(Application(loan=from_dict(_LOAN, Loan)))
    data["loan"]["principal"] = "abc"
    data["reviews"] = ["finance_office", "mayor"]
    data["leading_group_approved"] = "no"
    assert _coded(data, Application) == [
        ("loan.principal", "NOT_A_NUMBER"),
        ("reviews[1]", "NOT_A_MEMBER"),
        ("leading_group_approved", "WRONG_TYPE"),
    ]


_LOAN = {"id": "L-1", "lender": "credit_union", "principal": "50000",
         "start_date": "2026-03-02", "maturity_date": "2027-03-02", "annual_rate": "0.0435",
         "borrower": {"id": "P-1", "birth_date": "1980-05-01", "registered_poor": True}}


def test_constructors_report_every_problem() -> None:
    with pytest.raises(InvalidInputError) as err:
        NaturalPerson(id="", birth_date=dt.datetime(1980, 1, 1), registered_poor=1,
                      star_rating=0, id_number="11010519491231002")  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in err.value.problems] == [
        ("id", C.BLANK), ("birth_date", C.DATETIME_NOT_DATE), ("registered_poor", C.WRONG_TYPE),
        ("star_rating", C.OUT_OF_RANGE), ("id_number", C.ID_NUMBER_FORMAT),
    ]


def test_unknown_and_missing_keys_are_coded() -> None:
    assert _coded({"on": "2026-01-01", "amount": "1"}, type(_repayment())) == [
        ("principal", "REQUIRED"), ("amount", "UNKNOWN_FIELD")]


def _repayment() -> Any:
    from poverty_credit import Repayment

    return Repayment(on=dt.date(2026, 1, 1), principal="1")


def test_borrower_kinds_are_coded() -> None:
    data = dict(_LOAN, borrower={"id": "X", "birth_date": "1980-01-01", "kind": "cooperative"})
    assert _coded(data, Loan) == [("borrower", "AMBIGUOUS_RECORD")]
    data = dict(_LOAN, borrower={"type": "robot", "id": "X"})
    assert _coded(data, Loan) == [("borrower.type", "NOT_A_MEMBER")]


def test_json_text_is_coded() -> None:
    with pytest.raises(InvalidInputError) as err:
        from_json("{", Loan)
    assert err.value.codes == (C.INVALID_JSON,)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("principal", "0", C.NOT_POSITIVE),
        ("principal", "1e15", C.TOO_LARGE),
        ("principal", "Infinity", C.NOT_FINITE),
        ("principal", 50000.0, C.WRONG_TYPE),
        ("annual_rate", "1", C.OUT_OF_RANGE),
        ("start_date", "2026-13-01", C.NOT_A_DATE),
        ("insurer_share", "0", C.OUT_OF_RANGE),
        ("repayments", {"on": "x"}, C.WRONG_TYPE),
        ("extended_to", "2027-01-01", C.DATE_ORDER),
    ],
)
def test_codes_of_loan_fields(field: str, value: object, code: ProblemCode) -> None:
    assert _coded(dict(_LOAN, **{field: value}), Loan) == [(field, code.value)]


def test_repayment_above_outstanding_is_amount_inconsistent() -> None:
    data = dict(_LOAN, repayments=[{"on": "2026-04-01", "principal": "50000"},
                                   {"on": "2026-05-01", "principal": "1"}])
    assert _coded(data, Loan) == [("repayments[1].principal", "AMOUNT_INCONSISTENT")]


def test_problem_codes_are_stable_and_bilingual() -> None:
    assert len({c.value for c in ProblemCode}) == len(ProblemCode)
    for code in ProblemCode:
        assert code.value == code.name
        assert re.fullmatch(r"[A-Z_]+", code.value)
        assert code.en
        assert re.search(r"[\u4e00-\u9fff]", code.zh), code


def test_every_code_is_in_the_documented_table() -> None:
    from pathlib import Path

    table = (Path(__file__).parent.parent / "docs" / "problem-codes.md").read_text(encoding="utf-8")
    for code in ProblemCode:
        assert f"`{code.value}`" in table, code


def test_problem_keeps_the_field_attribute_and_positional_form() -> None:
    problem = Problem("loan.principal", "must be > 0")
    assert problem.field == problem.path == "loan.principal"
    assert problem.code is C.INVALID_VALUE
    assert problem.message_zh == "取值无效：must be > 0"
    assert Problem("a", "b", "WRONG_TYPE").code is C.WRONG_TYPE
    assert problem.prefixed("claim").path == "claim.loan.principal"
    assert problem.prefixed("claim").code is problem.code


def test_to_dicts_for_a_response_body() -> None:
    with pytest.raises(InvalidInputError) as err:
        from_dict({"birth_date": "1980-02-30"}, NaturalPerson)
    assert err.value.to_dicts()[0] == {
        "path": "id", "message": "is required but missing", "code": "REQUIRED",
        "message_zh": "缺少必填字段"}
    assert [to_dict(p) for p in err.value.problems] == err.value.to_dicts()


@given(loans(), st.data())
def test_half_built_records_never_escape(loan: Loan, data: st.DataObject) -> None:
    """A field that cannot be read reaches the constructor as a marker, and from_dict raises:
    what it returns never holds the marker, and every problem has both messages."""
    record = to_dict(loan)
    key = data.draw(st.sampled_from(sorted(record)))
    record[key] = data.draw(junk())
    problems: tuple[Problem, ...] = ()
    try:
        result = from_dict(record, Loan)
    except InvalidInputError as exc:
        problems = exc.problems
    if problems:
        assert all(p.message and p.message_zh for p in problems)
    else:
        assert all(getattr(result, a.name) is not UNREADABLE for a in attrs.fields(Loan))
        assert all(getattr(result.borrower, a.name) is not UNREADABLE
                   for a in attrs.fields(type(result.borrower)))


def test_entity_problems_in_agreements_and_credit_code() -> None:
    data = {"id": "E", "name": "社", "kind": "cooperative", "credit_code": "91110000600037341M",
            "agreements": [{"household": {"id": "H", "birth_date": "1980-01-01",
                                          "registered_poor": True},
                            "signed_on": "2026-02-01", "ends_on": "2026-01-01"}]}
    assert _coded(data, LegalEntity) == [
        ("agreements[0].ends_on", "DATE_ORDER"), ("credit_code", "CREDIT_CODE_CHECKSUM")]


def test_the_unreadable_marker_has_a_readable_repr() -> None:
    assert repr(UNREADABLE) == "<unreadable>"
    assert str(ProblemCode.REQUIRED) == "REQUIRED"


@pytest.mark.parametrize(
    ("cls_name", "change", "expected"),
    [
        ("SubsidyStatement", {"month": 13}, [("month", "OUT_OF_RANGE")]),
        ("SubsidyStatement", {"amount": "-1.00"}, [("amount", "NEGATIVE")]),
        ("SubsidyStatement", {"days": -1}, [("days", "NEGATIVE")]),
        ("FundStatement", {"closing": "-0.01"}, [("closing", "NEGATIVE")]),
        ("FundStatement", {"year": 0}, [("year", "OUT_OF_RANGE")]),
    ],
)
def test_results_read_by_from_dict_refuse_impossible_numbers(
    cls_name: str, change: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    import poverty_credit as pc

    loan = from_dict(_LOAN, Loan)
    result = {"SubsidyStatement": lambda: pc.monthly_subsidy(loan, 2026, 4),
              "FundStatement": lambda: pc.RiskFund.open(on=dt.date(2026, 1, 1)).statement(2026),
              }[cls_name]()
    data = to_dict(result)
    assert from_dict(data, type(result)) == result
    assert _coded({**data, **change}, type(result)) == expected
