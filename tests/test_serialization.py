"""to_dict / from_dict: JSON-ready output, a lossless round trip, errors naming the field path."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Application,
    CompensationClaim,
    Decision,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossShare,
    NaturalPerson,
    Payout,
    Policy,
    Problem,
    Reason,
    ReasonCode,
    Repayment,
    Review,
    Stamp,
    from_dict,
    monthly_subsidy,
    settle_month,
    share_loss,
    to_dict,
)
from poverty_credit.serialization import from_json, to_json
from strategies import (
    applications,
    compensation_claims,
    decisions,
    driving_agreements,
    junk,
    legal_entities,
    loans,
    natural_persons,
    policies,
)

PERSON = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
ENTITY = LegalEntity(
    id="E-1", name="绿源合作社", kind=EntityKind.COOPERATIVE,
    agreements=[DrivingAgreement(household=PERSON, signed_on=dt.date(2025, 1, 1))],
)
LOAN = Loan(
    id="L-1", borrower=PERSON, lender="credit_union", principal="50000",
    start_date=dt.date(2026, 3, 1), maturity_date=dt.date(2027, 3, 1), annual_rate="0.0435",
    repayments=[Repayment(on=dt.date(2026, 6, 15), principal="20000"),
                Repayment(on=dt.date(2026, 9, 15), principal="10000")],
)


def _walk(value: Any) -> list[Any]:
    """Every leaf of a to_dict result."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _walk(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _walk(item)]
    return [value]


def _problems(data: object, cls: type) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        from_dict(data, cls)
    return {p.field: p.message for p in caught.value.problems}


# --- output shape -------------------------------------------------------------------------------


def test_loan_to_dict_is_json_ready_with_exact_strings() -> None:
    """principal "50000" → "50000.00" (fen), the rate kept as written ("0.0435"), dates ISO, the
    repayments a list in date order, None kept for extended_to and insurer_share."""
    d = to_dict(LOAN)
    assert d["principal"] == "50000.00"
    assert d["annual_rate"] == "0.0435"
    assert d["start_date"] == "2026-03-01"
    assert d["repayments"] == [{"on": "2026-06-15", "principal": "20000.00"},
                               {"on": "2026-09-15", "principal": "10000.00"}]
    assert d["extended_to"] is None
    assert d["insurer_share"] is None
    assert d["borrower"]["birth_date"] == "1980-05-01"
    assert json.loads(json.dumps(d)) == d


def test_sets_become_sorted_lists_and_enums_their_values() -> None:
    """reviews {PBOC_BRANCH, FINANCE_OFFICE} → ["finance_office", "pboc_branch"] (sorted); the
    values are plain str, not enum members."""
    app = Application(loan=LOAN, reviews={Review.PBOC_BRANCH, Review.FINANCE_OFFICE},
                      stamps={Stamp.TOWN})
    d = to_dict(app)
    assert d["reviews"] == ["finance_office", "pboc_branch"]
    assert d["stamps"] == ["town"]
    assert type(d["reviews"][0]) is str


def test_policy_mapping_proxy_becomes_a_dict() -> None:
    """fund_allocations is a MappingProxyType inside Policy; to_dict gives a plain dict of strings:
    credit_union 15 000 000 and postal_savings 5 000 000 (Art. 7)."""
    d = to_dict(DEFAULT_POLICY)
    assert type(d["fund_allocations"]) is dict
    assert d["fund_allocations"] == {"credit_union": "15000000.00", "postal_savings": "5000000.00"}
    assert d["fund_share"] == "0.70"
    assert d["fund_deposit_tier"] == "demand"
    assert d["benchmark"] == "pboc"


def test_small_rate_is_written_without_exponent() -> None:
    """Decimal('1E-8') would print as "1E-8"; to_dict writes "0.00000001"."""
    loan = attrs.evolve(LOAN, annual_rate=Decimal("1E-8"))
    assert to_dict(loan)["annual_rate"] == "0.00000001"
    assert from_dict(to_dict(loan), Loan) == loan


def test_to_dict_refuses_what_is_not_a_record() -> None:
    with pytest.raises(InvalidInputError, match="got 42, an int"):
        to_dict(42)


def test_to_json_and_from_json() -> None:
    text = to_json(ENTITY)
    assert "绿源合作社" in text  # readable, not \\u escapes
    assert from_json(text, LegalEntity) == ENTITY
    assert from_json(text.encode(), LegalEntity) == ENTITY


@pytest.mark.parametrize("text", ["{", "", "[1,", "NaN-ish"])
def test_from_json_refuses_bad_json(text: str) -> None:
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        from_json(text, Loan)


def test_from_json_refuses_non_text() -> None:
    with pytest.raises(InvalidInputError, match="must be JSON text"):
        from_json(None, Loan)  # type: ignore[arg-type]


def test_json_float_is_refused_with_the_models_message() -> None:
    """A JSON float for money reaches the model, which explains why floats are refused."""
    text = to_json(LOAN).replace('"principal": "50000.00"', '"principal": 50000.0', 1)
    with pytest.raises(InvalidInputError) as caught:
        from_json(text, Loan)
    assert str(caught.value) == (
        "principal: must be a Decimal, int or str of yuan (got 50000.0, a float)"
    )


# --- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("obj", [PERSON, ENTITY, LOAN, DEFAULT_POLICY])
def test_round_trip_of_fixed_records(obj: object) -> None:
    assert from_dict(to_dict(obj), type(obj)) == obj


def test_round_trip_keeps_types_not_just_equality() -> None:
    """A str enum equals its value, so check the type too: the kind comes back as EntityKind."""
    back = from_dict(to_dict(ENTITY), LegalEntity)
    assert type(back.kind) is EntityKind
    assert type(back.agreements[0].signed_on) is dt.date
    back_policy = from_dict(to_dict(DEFAULT_POLICY), Policy)
    assert type(back_policy.benchmark) is type(DEFAULT_POLICY.benchmark)
    assert dict(back_policy.fund_allocations) == dict(DEFAULT_POLICY.fund_allocations)


def test_decision_round_trip_keeps_reason_codes() -> None:
    reason = Reason(code=ReasonCode.AGE_ABOVE_LIMIT, article="Art. 9(1)", passed=False,
                    message="age 66", message_zh="66周岁")
    decision = Decision(findings=(reason,), subject="P-1")
    back = from_dict(to_dict(decision), Decision)
    assert back == decision
    assert type(back.findings[0].code) is type(reason.code)


def test_results_of_other_modules_round_trip() -> None:
    """SubsidyStatement, Settlement, LossShare and Payout are attrs classes too.

    share_loss(1000.00): fund 700.00 (70 %, Art. 22), lender 300.00.
    """
    share = share_loss(Decimal("1000.00"))
    assert to_dict(share) == {"fund": "700.00", "lender": "300.00", "insurer": "0.00"}
    assert from_dict(to_dict(share), LossShare) == share
    payout = Payout(from_fund=Decimal("10.00"), from_county=Decimal("0.00"))
    assert from_dict(to_dict(payout), Payout) == payout
    statement = monthly_subsidy(LOAN, 2026, 3)
    assert from_dict(json.loads(json.dumps(to_dict(statement))), type(statement)) == statement
    settlement = settle_month([LOAN], 2026, 3)
    assert from_dict(json.loads(json.dumps(to_dict(settlement))), type(settlement)) == settlement


def test_result_classes_are_read_strictly() -> None:
    """Result classes do not validate themselves; from_dict does it for them."""
    problems = _problems({"fund": 1.5, "lender": "x", "insurer": True, "extra": 1}, LossShare)
    assert problems == {
        "fund": "must be a Decimal, int or str of a number (got 1.5, a float)",
        "lender": "must be a finite number (got 'x', a str)",
        "insurer": "must be a Decimal, int or str of a number (got True, a bool)",
        "extra": "is not a field of LossShare (expected one of: fund, lender, insurer)",
    }


def test_decision_with_bad_reason_names_the_path() -> None:
    data = {"findings": [{"code": "NOPE", "article": None, "passed": 1, "message": 3,
                          "message_zh": ""}], "subject": None}
    problems = _problems(data, Decision)
    assert set(problems) == {"findings[0].code", "findings[0].passed", "findings[0].message"}
    assert problems["findings[0].passed"] == "must be a bool (got 1, an int)"
    assert problems["findings[0].message"] == "must be a str (got 3, an int)"


@given(natural_persons())
def test_round_trip_natural_person(person: NaturalPerson) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(person))), NaturalPerson) == person


@given(driving_agreements())
def test_round_trip_driving_agreement(agreement: Any) -> None:
    assert from_dict(to_dict(agreement), type(agreement)) == agreement


@given(legal_entities())
def test_round_trip_legal_entity(entity: LegalEntity) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(entity))), LegalEntity) == entity


@given(loans())
def test_round_trip_loan(loan: Loan) -> None:
    back = from_dict(json.loads(json.dumps(to_dict(loan))), Loan)
    assert back == loan
    assert type(back.borrower) is type(loan.borrower)


@given(applications())
def test_round_trip_application(app: Application) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(app))), Application) == app


@given(compensation_claims())
def test_round_trip_claim(claim: CompensationClaim) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(claim))), CompensationClaim) == claim


@given(policies())
def test_round_trip_policy(policy: Policy) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(policy))), Policy) == policy


@given(decisions())
def test_round_trip_decision(decision: Decision) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(decision))), Decision) == decision


@given(st.one_of(natural_persons(), legal_entities(), loans(), applications(),
                 compensation_claims(), policies(), decisions()))
def test_to_dict_holds_only_json_types(obj: object) -> None:
    """Every leaf is str, int, bool or None (no Decimal, date, enum member, float)."""
    leaves = _walk(to_dict(obj))
    assert all(type(leaf) in (str, int, bool, type(None)) for leaf in leaves)
    json.dumps(to_dict(obj))


# --- the borrower union ---------------------------------------------------------------------------


def test_borrower_told_apart_by_keys() -> None:
    """A person dict has birth_date, an entity dict has kind."""
    data = to_dict(attrs.evolve(LOAN, borrower=ENTITY, repayments=()))
    assert type(from_dict(data, Loan).borrower) is LegalEntity
    assert type(from_dict(to_dict(LOAN), Loan).borrower) is NaturalPerson


@pytest.mark.parametrize(("tag", "kind"), [("natural_person", NaturalPerson),
                                           ("legal_entity", LegalEntity)])
def test_borrower_type_tag_accepted(tag: str, kind: type) -> None:
    borrower = PERSON if kind is NaturalPerson else ENTITY
    data = to_dict(attrs.evolve(LOAN, borrower=borrower, repayments=()))
    data["borrower"]["type"] = tag
    assert type(from_dict(data, Loan).borrower) is kind


def test_borrower_tag_wins_over_keys_and_bad_tags_are_named() -> None:
    data = to_dict(LOAN)
    data["borrower"]["type"] = "legal_entity"  # a person's keys under an entity tag
    problems = _problems(data, Loan)
    assert "borrower.kind" in problems
    assert problems["borrower.birth_date"].startswith("is not a field of LegalEntity")
    data["borrower"]["type"] = "company"
    assert _problems(data, Loan) == {
        "borrower.type": "must be 'natural_person' or 'legal_entity' (got 'company', a str)"
    }


@pytest.mark.parametrize("borrower", [{"id": "X"}, {"birth_date": "1980-01-01", "kind": "x"}])
def test_borrower_ambiguous(borrower: dict[str, Any]) -> None:
    data = to_dict(LOAN)
    data["borrower"] = borrower
    assert _problems(data, Loan)["borrower"].startswith("cannot tell a NaturalPerson")


def test_borrower_not_a_dict() -> None:
    data = to_dict(LOAN)
    data["borrower"] = ["P-1"]
    assert _problems(data, Loan) == {
        "borrower": "must be a dict of a NaturalPerson or a LegalEntity (got ['P-1'], a list)"
    }


def test_from_dict_accepts_the_borrower_union_as_cls() -> None:
    assert from_dict(to_dict(PERSON), NaturalPerson | LegalEntity) == PERSON  # type: ignore[arg-type]


# --- errors with field paths ----------------------------------------------------------------------


def test_nested_paths_through_application() -> None:
    """A float principal two levels down is reported as loan.principal with the model's message."""
    data = to_dict(Application(loan=LOAN))
    data["loan"]["principal"] = 50000.0
    assert _problems(data, Application) == {
        "loan.principal": "must be a Decimal, int or str of yuan (got 50000.0, a float)"
    }


def test_path_into_agreements_and_household() -> None:
    data = to_dict(ENTITY)
    data["agreements"][0]["household"]["registered_poor"] = "是"
    assert _problems(data, LegalEntity) == {
        "agreements[0].household.registered_poor": "must be a bool (got '是', a str)"
    }


def test_paths_of_several_problems_at_once() -> None:
    """Missing id, an unknown key, a bad date in repayments[1] — reported together."""
    data = to_dict(LOAN)
    del data["id"]
    data["pricipal"] = "1"
    data["repayments"][1]["on"] = "2026-02-30"
    assert _problems(data, Loan) == {
        "id": "is required but missing",
        "pricipal": "is not a field of Loan (expected one of: id, borrower, lender, principal, "
                    "start_date, maturity_date, annual_rate, guarantee_required, "
                    "collateral_required, repayments, extended_to, insurer_share)",
        "repayments[1].on": "must be a date written YYYY-MM-DD (got '2026-02-30', a str)",
    }


def test_model_consistency_problem_is_prefixed() -> None:
    """Repaying 20 000 + 10 000 + 30 000 of a 50 000 loan: the third is more than the 20 000
    outstanding; the model names repayments[2].principal, the Application prefixes loan."""
    data = to_dict(Application(loan=LOAN))
    data["loan"]["repayments"].append({"on": "2026-10-01", "principal": "30000"})
    problems = _problems(data, Application)
    assert list(problems) == ["loan.repayments[2].principal"]
    assert "only 20000.00 is outstanding" in problems["loan.repayments[2].principal"]


def test_borrower_birth_date_path() -> None:
    data = to_dict(LOAN)
    data["borrower"]["birth_date"] = "01.05.1980"
    assert _problems(data, Loan) == {
        "borrower.birth_date": "must be a date written YYYY-MM-DD (got '01.05.1980', a str)"
    }


@pytest.mark.parametrize("text", ["20260101", "2026-W01-1", "2026-1-1", "2026-01-01T00:00"])
def test_only_plain_iso_dates(text: str) -> None:
    """Python 3.11's fromisoformat also reads 20260101 and week dates; files say YYYY-MM-DD."""
    data = to_dict(LOAN)
    data["start_date"] = text
    assert list(_problems(data, Loan)) == ["start_date"]


def test_date_objects_are_accepted_but_datetimes_refused() -> None:
    data = to_dict(LOAN)
    data["start_date"] = dt.date(2026, 3, 1)
    assert from_dict(data, Loan) == LOAN
    data["start_date"] = dt.datetime(2026, 3, 1, 8, 0)
    assert "not a datetime" in _problems(data, Loan)["start_date"]


@pytest.mark.parametrize("value", ["true", 1, 0, "是", None])
def test_booleans_must_be_json_booleans(value: object) -> None:
    data = to_dict(PERSON)
    data["five_guarantee"] = value
    assert list(_problems(data, NaturalPerson)) == ["five_guarantee"]


@pytest.mark.parametrize("value", ["abc", {"x": 1}, [1], None, 3])
def test_bad_set_members_are_named_by_index(value: object) -> None:
    data = to_dict(Application(loan=LOAN))
    data["reviews"] = ["finance_office", value]
    assert list(_problems(data, Application)) == ["reviews[1]"]


def test_reviews_must_be_a_list() -> None:
    data = to_dict(Application(loan=LOAN))
    data["reviews"] = "finance_office"
    assert _problems(data, Application) == {
        "reviews": "must be a list (got 'finance_office', a str)"
    }


def test_policy_problems_named() -> None:
    data = to_dict(DEFAULT_POLICY)
    data["fund_allocations"] = {"credit_union": 1.5}
    data["benchmark"] = "libor"
    data["max_age"] = "65"
    problems = _problems(data, Policy)
    assert set(problems) == {"fund_allocations.credit_union", "benchmark", "max_age"}
    assert problems["max_age"] == "must be an int (got '65', a str)"


def test_policy_allocations_not_a_dict() -> None:
    data = to_dict(DEFAULT_POLICY)
    data["fund_allocations"] = ["credit_union"]
    assert list(_problems(data, Policy)) == ["fund_allocations"]


def test_missing_policy_keys_keep_defaults() -> None:
    """Policy fields all have defaults: {} is DEFAULT_POLICY."""
    assert from_dict({}, Policy) == DEFAULT_POLICY


def test_settlement_totals_mapping_problems_named() -> None:
    data = to_dict(settle_month([LOAN], 2026, 3))
    data["totals"] = {"credit_union": 2.5}
    assert list(_problems(data, type(settle_month([LOAN], 2026, 3)))) == ["totals.credit_union"]


def test_fixed_tuple_types() -> None:
    """A generic attrs class with a fixed-length tuple field is read item by item."""

    @attrs.frozen
    class Pair:
        both: tuple[int, str]

    assert from_dict({"both": [1, "a"]}, Pair) == Pair((1, "a"))
    assert _problems({"both": [1]}, Pair) == {"both": "must be a list of 2 items (got [1], a list)"}
    assert _problems({"both": ["a", "a"]}, Pair) == {"both[0]": "must be an int (got 'a', a str)"}


def test_unexpected_failure_inside_a_hook_is_still_invalid_input() -> None:
    """A class whose constructor raises something else: reported as InvalidInputError."""

    @attrs.frozen
    class Fussy:
        n: int

        def __attrs_post_init__(self) -> None:
            raise ZeroDivisionError("boom")

    assert _problems({"n": 1}, Fussy) == {"": "cannot be read (ZeroDivisionError: boom)"}


class _Colour(enum.Enum):
    RED = "red"


class _Size(enum.IntEnum):
    SMALL = 1


def test_generic_classes_enums_lists_and_mappings() -> None:
    """Plain and int enums, list[...] and dict[...] fields of a generic attrs class."""

    @attrs.frozen
    class Paint:
        colour: _Colour
        size: _Size
        coats: list[int]
        names: dict[str, str]

    paint = Paint(_Colour.RED, _Size.SMALL, [1, 2], {"zh": "红"})
    assert to_dict(paint) == {"colour": "red", "size": 1, "coats": [1, 2], "names": {"zh": "红"}}
    assert from_dict(to_dict(paint), Paint) == paint
    assert _problems({"colour": "blue", "size": 2, "coats": [1, "2"], "names": []}, Paint) == {
        "colour": "must be a _Colour, one of 'red' (got 'blue', a str)",
        "size": "must be a _Size, one of 1 (got 2, an int)",
        "coats[1]": "must be an int (got '2', a str)",
        "names": "must be a dict (got [], a list)",
    }


def test_from_dict_refuses_a_class_it_cannot_build() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_dict({}, int)
    assert caught.value.field == "cls"


@given(junk())
def test_junk_for_a_whole_record_is_invalid_input(value: object) -> None:
    """Junk instead of a record; {} is the one junk value that is a valid Policy (all defaults)."""
    for cls in (NaturalPerson, LegalEntity, Loan, Application, CompensationClaim, Policy, Decision):
        if cls is Policy and value == {}:
            continue
        with pytest.raises(InvalidInputError):
            from_dict(value, cls)


_LOAN_DATA = to_dict(attrs.evolve(LOAN, borrower=ENTITY))
_PATHS = [
    ("id",), ("borrower",), ("borrower", "kind"), ("borrower", "agreements"),
    ("borrower", "agreements", 0, "signed_on"), ("borrower", "agreements", 0, "household"),
    ("borrower", "agreements", 0, "household", "star_rating"), ("principal",), ("start_date",),
    ("annual_rate",), ("repayments",), ("repayments", 0), ("repayments", 0, "principal"),
    ("extended_to",), ("insurer_share",), ("guarantee_required",), ("lender",),
]


@given(st.sampled_from(_PATHS), junk())
def test_junk_anywhere_in_a_loan_names_its_path(path: tuple[Any, ...], value: object) -> None:
    """Junk put at any path of a loan: InvalidInputError whose first problem lies on that path."""
    data = copy.deepcopy(_LOAN_DATA)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    where = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".")
    problems: tuple[Problem, ...] = ()
    try:
        from_dict(data, Loan)
    except InvalidInputError as exc:
        problems = exc.problems
    # a few junk values are valid at some paths (e.g. an empty list of agreements)
    assert not problems or any(p.field.startswith(where) for p in problems), (where, problems)
