"""A loan-origination web service on poverty-credit: an OpenAPI-ready FastAPI example.

Run it with ``pip install 'poverty-credit[web]' uvicorn`` and ``uvicorn loan_service:app``
(from this directory); ``/docs`` shows the OpenAPI document, whose request and response schemas
are the library's own (:func:`poverty_credit.json_schema`).

* ``POST /loans/check?on=YYYY-MM-DD`` takes a loan as JSON (the form of
  :func:`poverty_credit.to_dict`);
* bad input, or a loan the policy cannot judge, is HTTP 422 with every problem at once:
  ``{"problems": [{"path", "code", "message", "message_zh"}, ...]}``;
* a judged loan is HTTP 200 with the eligibility and loan-term decisions, refusals included
  (a refusal is a verdict, not an error).

The request body is read by the library, not by pydantic: FastAPI only publishes its schema.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from poverty_credit import (
    DEFAULT_POLICY,
    InvalidInputError,
    Loan,
    ProblemCode,
    check_eligibility,
    check_loan_terms,
    json_schema,
    to_dict,
    validate,
)

POLICY = DEFAULT_POLICY
#: The schemas the OpenAPI document refers to, under components/schemas.
SCHEMAS = ("Loan", "Decision", "Problem")

app = FastAPI(title="Poverty-alleviation loan check", version="1.0")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_PROBLEMS = {
    "description": "Bad input, or a loan the policy cannot judge: every problem at once",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["problems"], "additionalProperties": False,
        "properties": {"problems": {"type": "array", "items": _ref("Problem")}},
    }}},
}
_VERDICT = {
    "description": "The verdicts (a refused loan is a normal answer)",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["accepted", "eligibility", "loan_terms"],
        "properties": {"accepted": {"type": "boolean"}, "eligibility": _ref("Decision"),
                       "loan_terms": _ref("Decision")},
    }}},
}


def _problems(exc: InvalidInputError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"problems": exc.to_dicts()})


def _evaluation_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError.single(
            "on", f"must be a date written YYYY-MM-DD (got {text!r})", ProblemCode.NOT_A_DATE,
            f"应为 YYYY-MM-DD 格式的日期（实际为 {text!r}）") from None


@app.post(
    "/loans/check",
    openapi_extra={"requestBody": {"required": True,
                                   "content": {"application/json": {"schema": _ref("Loan")}}}},
    responses={200: _VERDICT, 422: _PROBLEMS},
)
async def check_loan(request: Request, on: str | None = None) -> JSONResponse:
    """Judge a loan's borrower (on ``on``, default the loan's start) and terms."""
    try:
        data = json.loads(await request.body())
    except ValueError as exc:
        return _problems(InvalidInputError.single(
            "", f"is not valid JSON: {exc}", ProblemCode.INVALID_JSON, f"不是有效的 JSON：{exc}"))
    try:
        day = _evaluation_date(on)
        loan: Loan = validate(data, POLICY, cls=Loan, on=day)
    except InvalidInputError as exc:
        return _problems(exc)
    eligibility = check_eligibility(loan.borrower, day or loan.start_date, POLICY)
    terms = check_loan_terms(loan, POLICY)
    return JSONResponse({"accepted": bool(eligibility) and bool(terms),
                         "eligibility": to_dict(eligibility), "loan_terms": to_dict(terms)})


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document with the library's JSON Schemas as its components."""
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for name in SCHEMAS:
            components.update(json_schema(name, ref_prefix="#/components/schemas/")["$defs"])
        app.openapi_schema = document
    return app.openapi_schema


app.openapi = openapi  # type: ignore[method-assign]
