"""JSON Schema of every model and result: valid schemas, to_dict output of random records
matches, bad records are refused by the schema and by from_dict alike."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
from decimal import Decimal
from typing import Annotated, Any, Literal

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import poverty_credit as pc
from poverty_credit import (
    DEFAULT_POLICY,
    InvalidInputError,
    Loan,
    NaturalPerson,
    RiskFund,
    from_dict,
    json_schema,
    schema_names,
    to_dict,
)
from strategies import (
    applications,
    compensation_claims,
    dates,
    decisions,
    driving_agreements,
    legal_entities,
    loans,
    natural_persons,
    policies,
)


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _errors(obj: Any, name: str) -> list[str]:
    return [e.message for e in _validator(name).iter_errors(obj)]


@pytest.mark.parametrize("name", schema_names())
def test_every_schema_is_a_valid_2020_12_schema(name: str) -> None:
    schema = json_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", schema_names())
def test_schema_lists_every_field_of_the_class(name: str) -> None:
    """Generated from the attrs fields: a field added to a model is in its schema."""
    cls = getattr(pc, name)
    definition = json_schema(name)["$defs"][name]
    assert list(definition["properties"]) == [a.name for a in attrs.fields(cls) if a.init]
    assert definition["required"] == [
        a.name for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING
    ]
    assert definition["additionalProperties"] is False


def test_every_exported_model_and_result_has_a_schema() -> None:
    for name in ("Loan", "NaturalPerson", "LegalEntity", "Application", "CompensationClaim",
                 "Policy", "Decision", "SubsidyStatement", "Settlement", "PortfolioMetrics",
                 "LossShare", "Payout", "FundStatement", "RiskFund", "Problem"):
        assert name in schema_names()


def test_schema_by_class_equals_schema_by_name() -> None:
    assert json_schema(Loan) == json_schema("Loan")


def test_new_field_appears_without_touching_the_schema_module() -> None:
    """A subclass is no exported class; but the builder reads whatever fields a class has: the
    Loan schema holds insurer_share (the last field added) and LegalEntity its credit_code."""
    assert "insurer_share" in json_schema("Loan")["$defs"]["Loan"]["properties"]
    assert "credit_code" in json_schema("LegalEntity")["$defs"]["LegalEntity"]["properties"]


@pytest.mark.parametrize("bad", ["Lone", NaturalPerson.__init__, int, None, dict])
def test_unknown_name_or_class_is_invalid_input(bad: Any) -> None:
    with pytest.raises(InvalidInputError) as err:
        json_schema(bad)
    assert err.value.field == "name_or_cls"


def test_openapi_ref_prefix() -> None:
    schema = json_schema("Repayment", ref_prefix="#/components/schemas/")
    assert schema["$ref"] == "#/components/schemas/Repayment"
    assert schema["$defs"]["Repayment"]["properties"]["on"] == {
        "$ref": "#/components/schemas/Date"
    }


def test_defaults_are_in_to_dict_form() -> None:
    policy = json_schema("Policy")["$defs"]["Policy"]["properties"]
    assert policy["max_loan_amount"]["default"] == "50000"
    assert policy["max_age"]["default"] == 65
    assert policy["benchmark"]["default"] == "pboc"
    person = json_schema("NaturalPerson")["$defs"]["NaturalPerson"]["properties"]
    assert person["five_guarantee"]["default"] is False
    assert person["id_number"]["default"] is None


# -- random records ---------------------------------------------------------------------------


@given(natural_persons())
def test_random_person_matches(person: NaturalPerson) -> None:
    assert _errors(to_dict(person), "NaturalPerson") == []


@given(driving_agreements())
def test_random_agreement_matches(agreement: Any) -> None:
    assert _errors(to_dict(agreement), "DrivingAgreement") == []


@given(legal_entities())
def test_random_entity_matches(entity: Any) -> None:
    assert _errors(to_dict(entity), "LegalEntity") == []


@given(loans())
def test_random_loan_matches(loan: Loan) -> None:
    assert _errors(to_dict(loan), "Loan") == []


@given(loans(), st.sampled_from(["natural_person", "legal_entity"]))
def test_tagged_borrower_matches_only_its_own_tag(loan: Loan, tag: str) -> None:
    data = to_dict(loan)
    data["borrower"]["type"] = tag
    right = tag == ("natural_person" if loan.is_natural_person else "legal_entity")
    assert (_errors(data, "Loan") == []) is right


@given(applications())
def test_random_application_matches(app: Any) -> None:
    assert _errors(to_dict(app), "Application") == []


@given(compensation_claims())
def test_random_claim_matches(claim: Any) -> None:
    assert _errors(to_dict(claim), "CompensationClaim") == []


@given(policies())
def test_random_policy_matches(policy: Any) -> None:
    assert _errors(to_dict(policy), "Policy") == []


@given(decisions())
def test_random_decision_matches(decision: Any) -> None:
    assert _errors(to_dict(decision), "Decision") == []


@given(loans(start=dates(dt.date(2012, 1, 1), dt.date(2026, 6, 30))))
def test_results_of_the_rules_match(loan: Loan) -> None:
    """Every result a loan leads to: decisions, statements, a settlement, metrics, shares, the
    fund ledger, a rate quote."""
    on = loan.maturity_date
    results: list[tuple[object, str]] = [
        (pc.check_loan_terms(loan), "Decision"),
        (pc.check_eligibility(loan.borrower, loan.start_date), "Decision"),
        (pc.settle_month([loan], loan.start_date.year, loan.start_date.month), "Settlement"),
        (pc.portfolio_metrics([loan], [loan.borrower], on), "PortfolioMetrics"),
        (pc.share_loss(loan.principal), "LossShare"),
        (pc.benchmark_quote(loan.start_date, pc.term_months(loan.start_date, on)), "RateQuote"),
    ]
    results += [(s, "SubsidyStatement") for s in pc.subsidy_schedule(loan)[:3]]
    fund = RiskFund.open(on=loan.start_date)
    fund, payout = fund.pay(loan.principal, loan.lender, on, reference=loan.id)
    results += [(fund, "RiskFund"), (payout, "Payout"), (fund.events[-1], "FundEvent"),
                (fund.statement(on.year), "FundStatement")]
    for obj, name in results:
        assert _errors(to_dict(obj), name) == [], name


def test_shipped_tables_calendar_and_problems_match() -> None:
    table = pc.rate_table("pboc_lending")
    assert _errors(to_dict(table), "RateTable") == []
    assert _errors(to_dict(table.entries[0]), "RateEntry") == []
    schedule = pc.YearSchedule(year=2027, holidays=[dt.date(2027, 1, 1)])
    assert _errors(to_dict(schedule), "YearSchedule") == []
    assert _errors(to_dict(pc.OfficialCalendar().with_schedule(2027, holidays=[])),
                   "OfficialCalendar") == []
    with pytest.raises(InvalidInputError) as err:
        from_dict({"principal": "0"}, pc.Repayment)
    for problem in err.value.problems:
        assert _errors(to_dict(problem), "Problem") == []
    assert _errors(err.value.to_dicts(), "Problem") != []  # a list is not one problem
    assert all(_errors(d, "Problem") == [] for d in err.value.to_dicts())


# -- bad records: the schema and from_dict both refuse them --------------------------------------

_PERSON = {"id": "P-1", "birth_date": "1980-05-01", "registered_poor": True}
_ENTITY = {"id": "E-1", "name": "合作社", "kind": "cooperative"}
_LOAN = {"id": "L-1", "borrower": _PERSON, "lender": "credit_union", "principal": "50000",
         "start_date": "2026-03-02", "maturity_date": "2027-03-02", "annual_rate": "0.0435"}


def _with(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()

_BAD = [
    ("Loan", ("principal",), 50000.5),  # a JSON float
    ("Loan", ("principal",), "NaN"),
    ("Loan", ("principal",), True),
    ("Loan", ("id",), _DELETE),  # required
    ("Loan", ("pricipal",), "1"),  # unknown key
    ("Loan", ("start_date",), "2026/03/02"),
    ("Loan", ("start_date",), "20260302"),
    ("Loan", ("start_date",), "2026-02-30"),  # not a day (the format checker)
    ("Loan", ("repayments",), "none"),
    ("Loan", ("repayments",), [{"on": "2026-04-01"}]),
    ("Loan", ("borrower", "registered_poor"), "是"),
    ("Loan", ("borrower", "kind"), "cooperative"),  # both birth_date and kind
    ("Loan", ("borrower", "type"), "robot"),
    ("Loan", ("borrower",), "P-1"),
    ("NaturalPerson", ("star_rating",), "5"),
    ("NaturalPerson", ("id_number",), 110105194912310021),
    ("LegalEntity", ("kind",), "ngo"),
    ("LegalEntity", ("agreements",), [{"household": _PERSON}]),  # signed_on missing
    ("LegalEntity", ("credit_code",), 91110000600037341),
]


@pytest.mark.parametrize(("name", "path", "value"), _BAD)
def test_bad_records_refused_by_schema_and_from_dict(
    name: str, path: tuple[Any, ...], value: Any
) -> None:
    base = {"Loan": _LOAN, "NaturalPerson": _PERSON, "LegalEntity": _ENTITY}[name]
    assert _errors(base, name) == []
    bad = _with(base, path, value)
    assert _errors(bad, name) != []
    with pytest.raises(InvalidInputError):
        from_dict(bad, getattr(pc, name))


def test_decision_with_unknown_reason_code_refused() -> None:
    data = to_dict(pc.check_loan_terms(from_dict(_LOAN, Loan)))
    assert _errors(data, "Decision") == []
    data["findings"][0]["code"] = "NOPE"
    assert _errors(data, "Decision") != []


@given(loans(), st.data())
def test_dropping_a_required_key_is_refused_by_both(loan: Loan, data: st.DataObject) -> None:
    record = to_dict(loan)
    required = json_schema("Loan")["$defs"]["Loan"]["required"]
    key = data.draw(st.sampled_from(required))
    del record[key]
    assert _errors(record, "Loan") != []
    with pytest.raises(InvalidInputError) as err:
        from_dict(record, Loan)
    assert key in [p.path for p in err.value.problems]


@given(loans(), st.sampled_from(["principal", "annual_rate"]),
       st.floats(0, 1e6).filter(lambda f: f != int(f)))
def test_float_amounts_refused_by_both(loan: Loan, field: str, value: float) -> None:
    record = to_dict(loan)
    record[field] = value
    assert _errors(record, "Loan") != []
    with pytest.raises(InvalidInputError):
        from_dict(record, Loan)


@pytest.mark.parametrize(
    ("text", "shape_ok", "read_ok"),
    [("50000", True, True), ("50000.00", True, True), (" 1.5 ", True, True),
     ("1e3", True, True), (".5", True, True), ("1.005", True, False),  # a shape, not fen
     ("NaN", False, False), ("Infinity", False, False), ("1,000", False, False),
     ("", False, False), ("五万", False, False)],
)
def test_decimal_pattern_against_from_dict(text: str, shape_ok: bool, read_ok: bool) -> None:
    """The schema checks the shape of a decimal; from_dict also its value (whole fen)."""
    record = {"fund": text, "lender": "0"}
    assert (_errors(record, "LossShare") == []) is shape_ok
    if read_ok:
        assert from_dict(record, pc.LossShare).fund == Decimal(text.strip())
    else:
        with pytest.raises(InvalidInputError):
            from_dict(record, pc.LossShare)


def test_a_whole_float_is_the_one_thing_only_from_dict_sees() -> None:
    """In JSON Schema's data model 50000.0 is the integer 50000 (draft 2020-12, "integer"), so
    the schema lets it through; from_dict refuses the float that json.loads makes of it."""
    record = _with(_LOAN, ("principal",), 50000.0)
    assert _errors(record, "Loan") == []
    with pytest.raises(InvalidInputError, match="a float"):
        from_dict(record, Loan)


def test_default_policy_dict_matches() -> None:
    assert _errors(to_dict(DEFAULT_POLICY), "Policy") == []


class _Colour(enum.Enum):
    RED = "red"


@attrs.frozen
class _Odd:
    pair: tuple[int, str]
    by_colour: dict[_Colour, int]
    either: int | str
    anything: Any
    other: complex
    rule: Literal["keep", "switch"]
    noted: Annotated[int, "a note"]  # get_type_hints drops the annotation
    hidden: int = attrs.field(init=False, default=0)


def test_builder_reads_any_attrs_class() -> None:
    """The generator is generic: fixed tuples, enum-keyed mappings, other unions, Any, unknown
    types and fields outside __init__ of a class it has never seen."""
    from poverty_credit.schema import _Builder

    builder = _Builder("#/$defs/")
    assert builder.of(_Odd) == {"$ref": "#/$defs/_Odd"}
    props = builder.defs["_Odd"]["properties"]
    assert props["pair"]["prefixItems"] == [{"type": "integer"}, {"type": "string"}]
    assert props["by_colour"]["propertyNames"] == {"enum": ["red"]}
    assert props["either"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert props["anything"] == {}
    assert props["other"] == {}
    assert props["rule"] == {"enum": ["keep", "switch"]}
    assert props["noted"] == {"type": "integer"}
    assert "hidden" not in props


@pytest.mark.parametrize("name", [p for p in pc.presets() if p != "qingyang-2024"])
def test_every_preset_matches_the_policy_schema(name: str) -> None:
    """Policies of other documents: unset parameters (null), documents, citations."""
    assert _errors(to_dict(pc.preset(name)), "Policy") == []
