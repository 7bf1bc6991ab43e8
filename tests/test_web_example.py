"""The FastAPI example of docs/examples/loan_service.py, through its test client."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "loan_service.py"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("loan_service_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


service = _load()
client = TestClient(service.app)

LOAN = {"id": "L-1", "lender": "credit_union", "principal": "50000",
        "start_date": "2026-03-02", "maturity_date": "2027-03-02", "annual_rate": "0.0435",
        "borrower": {"id": "P-1", "birth_date": "1980-05-01", "registered_poor": True}}


def _post(body: Any, **params: str) -> Any:
    return client.post("/loans/check", json=body, params=params)


def _codes(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 422
    return [(p["path"], p["code"]) for p in response.json()["problems"]]


def test_a_good_loan_is_accepted() -> None:
    response = _post(LOAN, on="2026-03-02")
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] is True
    assert body["loan_terms"]["findings"][0]["code"] == "AMOUNT_ABOVE_LIMIT"


def test_a_refusal_is_a_verdict_not_an_error() -> None:
    """60 000 is above the 5321 limit of 50 000 (Art. 10): HTTP 200, accepted false."""
    response = _post(dict(LOAN, principal="60000"))
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] is False
    assert [f["code"] for f in body["loan_terms"]["findings"] if not f["passed"]] == [
        "AMOUNT_ABOVE_LIMIT"]


def test_every_problem_of_a_bad_borrower_at_once() -> None:
    loan = dict(LOAN, borrower={"birth_date": "1980-02-30", "registered_poor": "是",
                                "star_rating": 9})
    assert _codes(_post(loan)) == [
        ("borrower.id", "REQUIRED"), ("borrower.birth_date", "NOT_A_DATE"),
        ("borrower.registered_poor", "WRONG_TYPE"), ("borrower.star_rating", "OUT_OF_RANGE")]
    problem = _post(loan).json()["problems"][1]
    assert problem["message_zh"].startswith("应为 YYYY-MM-DD")


def test_unknown_lender_is_422_not_500() -> None:
    assert _codes(_post(dict(LOAN, lender="county_bank"))) == [("lender", "UNKNOWN_LENDER")]


def test_body_that_is_not_json() -> None:
    response = client.post("/loans/check", content=b"{not json",
                           headers={"content-type": "application/json"})
    assert _codes(response) == [("", "INVALID_JSON")]


@pytest.mark.parametrize(("on", "expected"), [("2026-02-30", [("on", "NOT_A_DATE")]),
                                              ("1970-01-01", [("on", "DATE_ORDER")])])
def test_bad_evaluation_date(on: str, expected: list[tuple[str, str]]) -> None:
    assert _codes(_post(LOAN, on=on)) == expected


def _document() -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for a schema of the OpenAPI document, its $refs resolved in the document."""
    document = _document()
    return jsonschema.Draft202012Validator(
        {**schema, "components": document["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_openapi_document_carries_the_library_schemas() -> None:
    document = _document()
    assert document["openapi"].startswith("3.1")
    schemas = document["components"]["schemas"]
    assert {"Loan", "NaturalPerson", "LegalEntity", "Decision", "Reason", "Problem",
            "Decimal", "Date"} <= set(schemas)
    operation = document["paths"]["/loans/check"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Loan"}
    text = str(document)
    for name in schemas:
        assert f"#/components/schemas/{name}" in text or name == "Loan"
    assert "#/$defs/" not in text  # every reference points into components


def test_requests_and_responses_match_the_published_schemas() -> None:
    operation = _document()["paths"]["/loans/check"]["post"]
    request = _validator({"$ref": "#/components/schemas/Loan"})
    assert list(request.iter_errors(LOAN)) == []
    assert list(request.iter_errors(dict(LOAN, principal=1.5))) != []
    ok = _validator(operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert list(ok.iter_errors(_post(LOAN).json())) == []
    bad = _validator(operation["responses"]["422"]["content"]["application/json"]["schema"])
    assert list(bad.iter_errors(_post(dict(LOAN, lender="x")).json())) == []


def test_the_document_is_built_once() -> None:
    first = service.app.openapi()
    assert service.app.openapi() is first
    assert copy.deepcopy(first) == _document()
