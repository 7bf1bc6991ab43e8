"""The models validate on construction: messages name the field, show the value and its type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    Application,
    CompensationClaim,
    Document,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    Repayment,
    Review,
    Stamp,
)
from strategies import junk, loans, natural_persons

D = dt.date
PERSON = NaturalPerson(id="P-1", birth_date=D(1980, 5, 1), registered_poor=True)


def _loan(**changes: Any) -> Loan:
    fields: dict[str, Any] = {
        "id": "L-1", "borrower": PERSON, "lender": "credit_union", "principal": "50000",
        "start_date": D(2026, 3, 1), "maturity_date": D(2027, 3, 1), "annual_rate": "0.0435",
    }
    fields.update(changes)
    return Loan(**fields)


def _claim(**changes: Any) -> CompensationClaim:
    fields: dict[str, Any] = {
        "loan": _loan(), "due_date": D(2027, 3, 1), "unpaid_principal": "30000",
        "unpaid_interest": "120.50", "notice_start": D(2027, 6, 1), "notice_end": D(2027, 6, 8),
    }
    fields.update(changes)
    return CompensationClaim(**fields)


def _problems(build: Any) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        build()
    return {p.field: p.message for p in caught.value.problems}


# --- NaturalPerson -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", "", "must be a non-empty str (got '', a str)"),
        ("id", 7, "must be a non-empty str (got 7, an int)"),
        ("birth_date", "1980-05-01", "must be a datetime.date (got '1980-05-01', a str)"),
        ("registered_poor", 1, "must be a bool (got 1, an int)"),
        ("five_guarantee", None, "must be a bool (got None, a NoneType)"),
        ("star_rating", 0, "must be between 1 and 5 (got 0)"),
        ("star_rating", True, "must be an int (got True, a bool)"),
        ("household_id", " ", "must be a non-empty str (got ' ', a str)"),
        ("id_number", 110105194912310021, "must be a str of 18 characters"),
        ("id_number", "1101051949123100", "must be 17 digits and a check digit or X"),
    ],
)
def test_natural_person_field_messages(field: str, value: object, message: str) -> None:
    problems = _problems(lambda: attrs.evolve(PERSON, **{field: value}))
    assert list(problems) == [field]
    assert message in problems[field]


def test_several_problems_collected_at_once() -> None:
    problems = _problems(lambda: NaturalPerson(id="", birth_date="x", registered_poor="yes",
                                               star_rating=9))
    assert list(problems) == ["id", "birth_date", "registered_poor", "star_rating"]


def test_id_number_gb11643_example() -> None:
    """GB 11643-1999's example 11010519491231002X (born 1949-12-31): the check character is
    (12 − S mod 11) mod 11 with S the weighted digit sum (worked out below); 10 is written "X"."""
    digits = "11010519491231002"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    # 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5
    # + 0·8 + 0·4 + 2·2 = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2;
    # (12 − 2) mod 11 = 10 → "X"
    assert total == 167
    person = NaturalPerson(id="P", birth_date=D(1949, 12, 31), registered_poor=True,
                           id_number="11010519491231002x")  # lower-case x accepted
    assert person.id_number == "11010519491231002X"


def test_id_number_wrong_check_digit() -> None:
    problems = _problems(lambda: NaturalPerson(id="P", birth_date=D(1949, 12, 31),
                                               registered_poor=True,
                                               id_number="110105194912310021"))
    assert problems == {"id_number": "has a wrong check character '1', expected 'X' "
                                     "(got '110105194912310021')"}


def test_id_number_birth_date_mismatch() -> None:
    """The ID says 1949-12-31; birth_date says 1950-01-01."""
    problems = _problems(lambda: NaturalPerson(id="P", birth_date=D(1950, 1, 1),
                                               registered_poor=True,
                                               id_number="11010519491231002X"))
    assert problems == {"id_number": "gives the birth date 1949-12-31, but birth_date is "
                                     "1950-01-01"}


def test_id_number_without_a_real_date() -> None:
    """19490230 is no date (30 February); the checksum itself is right."""
    body = "110105" + "19490230" + "001"
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    check = (12 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11) % 11
    number = body + ("X" if check == 10 else str(check))
    problems = _problems(lambda: NaturalPerson(id="P", birth_date=D(1949, 1, 30),
                                               registered_poor=True, id_number=number))
    assert problems["id_number"].startswith("holds no real birth date")


def test_household_key() -> None:
    assert PERSON.household == "P-1"
    assert attrs.evolve(PERSON, household_id="H-9").household == "H-9"


# --- agreements and entities ---------------------------------------------------------------------


def test_driving_agreement_in_force_both_ends_inclusive() -> None:
    agreement = DrivingAgreement(household=PERSON, signed_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    assert not agreement.in_force(D(2024, 12, 31))
    assert agreement.in_force(D(2025, 1, 1))
    assert agreement.in_force(D(2025, 12, 31))
    assert not agreement.in_force(D(2026, 1, 1))
    assert DrivingAgreement(household=PERSON, signed_on=D(2025, 1, 1)).in_force(D(2099, 1, 1))


def test_driving_agreement_problems() -> None:
    problems = _problems(lambda: DrivingAgreement(household="P-1", signed_on=D(2025, 1, 2),
                                                  ends_on=D(2025, 1, 1)))
    assert problems["household"] == "must be a NaturalPerson (got 'P-1', a str)"
    assert problems["ends_on"] == "must not be before signed_on 2025-01-02 (got 2025-01-01)"


def test_legal_entity_kind_by_value_or_name_and_agreement_paths() -> None:
    entity = LegalEntity(id="E", name="N", kind="FAMILY_FARM")
    assert entity.kind is EntityKind.FAMILY_FARM
    problems = _problems(lambda: LegalEntity(id="E", name="N", kind="bank",
                                             agreements=[PERSON]))
    assert set(problems) == {"kind", "agreements[0]"}
    assert problems["agreements[0]"].startswith("must be a DrivingAgreement (got NaturalPerson(")


def test_labels() -> None:
    assert EntityKind.CAPABLE_HOUSEHOLD.label("zh") == "能人大户"
    assert Document.ID_CARD.label() == "identity card"
    assert str(Stamp.TOWN) == "town"


# --- Loan ----------------------------------------------------------------------------------------


def test_loan_normalises() -> None:
    loan = _loan(repayments=[Repayment(on=D(2026, 9, 1), principal="100"),
                             Repayment(on=D(2026, 6, 1), principal="200")])
    assert loan.principal == Decimal("50000.00")
    assert [r.on for r in loan.repayments] == [D(2026, 6, 1), D(2026, 9, 1)]  # sorted
    assert loan.is_natural_person


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"principal": 50000.0}, "principal", "(got 50000.0, a float)"),
        ({"principal": "0"}, "principal", "must be greater than zero"),
        ({"annual_rate": "4.35"}, "annual_rate", "0 <= value < 1"),
        ({"maturity_date": D(2026, 3, 1)}, "maturity_date", "must be after start_date 2026-03-01"),
        ({"extended_to": D(2027, 3, 1)}, "extended_to", "must be after maturity_date 2027-03-01"),
        ({"insurer_share": "0"}, "insurer_share", "use None for an uninsured loan"),
        ({"insurer_share": "1.5"}, "insurer_share", "<= 1"),
        ({"borrower": "P-1"}, "borrower", "must be a NaturalPerson or a LegalEntity"),
        ({"lender": ""}, "lender", "non-empty str"),
        ({"guarantee_required": "no"}, "guarantee_required", "must be a bool"),
        ({"repayments": "x"}, "repayments", "must be a collection (got 'x', a str)"),
        ({"repayments": [("2026-06-01", 5)]}, "repayments[0]", "must be a Repayment"),
        ({"start_date": dt.datetime(2026, 3, 1)}, "start_date", "not a datetime"),
    ],
)
def test_loan_field_messages(changes: dict[str, Any], field: str, fragment: str) -> None:
    problems = _problems(lambda: _loan(**changes))
    assert field in problems, problems
    assert fragment in problems[field]


def test_repayment_before_start() -> None:
    problems = _problems(lambda: _loan(repayments=[Repayment(on=D(2026, 2, 28), principal="1")]))
    assert problems == {"repayments[0].on": "is before start_date 2026-03-01 (got 2026-02-28)"}


def test_repayment_more_than_outstanding() -> None:
    """50 000 − 30 000 = 20 000 outstanding; repaying 20 000.01 more is refused."""
    problems = _problems(lambda: _loan(repayments=[
        Repayment(on=D(2026, 6, 1), principal="30000"),
        Repayment(on=D(2026, 7, 1), principal="20000.01")]))
    assert problems == {"repayments[1].principal":
                        "repays 20000.01 on 2026-07-01 but only 20000.00 is outstanding"}


def test_repayment_after_full_repayment() -> None:
    """Repaid in full on 1 June (50 000); a third repayment on 1 August is named repayments[2]."""
    problems = _problems(lambda: _loan(repayments=[
        Repayment(on=D(2026, 6, 1), principal="50000"),
        Repayment(on=D(2026, 8, 1), principal="1"),
        Repayment(on=D(2026, 7, 1), principal="2")]))
    # sorted by date: 06-01 (50 000), 07-01 (2), 08-01 (1)
    assert problems == {
        "repayments[1].principal": "repays 2.00 on 2026-07-01 but the loan was repaid in full "
                                   "on 2026-06-01",
        "repayments[2].principal": "repays 1.00 on 2026-08-01 but the loan was repaid in full "
                                   "on 2026-06-01",
    }


def test_late_repayment_after_maturity_is_allowed() -> None:
    loan = _loan(repayments=[Repayment(on=D(2027, 5, 1), principal="50000")])
    assert loan.repaid_in_full_on == D(2027, 5, 1)


def test_outstanding_at_end_of_day() -> None:
    """50 000 lent on 1 March; 20 000 repaid on 15 June: 50 000 at the end of 14 June,
    30 000 at the end of 15 June (the repayment day counts as repaid); 0 before the start."""
    loan = _loan(repayments=[Repayment(on=D(2026, 6, 15), principal="20000"),
                             Repayment(on=D(2026, 9, 15), principal="30000")])
    assert loan.outstanding(D(2026, 2, 28)) == Decimal("0.00")
    assert loan.outstanding(D(2026, 3, 1)) == Decimal("50000.00")
    assert loan.outstanding(D(2026, 6, 14)) == Decimal("50000.00")
    assert loan.outstanding(D(2026, 6, 15)) == Decimal("30000.00")
    assert loan.outstanding(D(2026, 9, 15)) == Decimal("0.00")
    assert loan.repaid_in_full_on == D(2026, 9, 15)
    assert _loan().repaid_in_full_on is None


def test_entity_loan() -> None:
    entity = LegalEntity(id="E", name="N", kind=EntityKind.COOPERATIVE)
    assert not _loan(borrower=entity).is_natural_person


# --- Application ---------------------------------------------------------------------------------


def test_application_reads_enum_values() -> None:
    app = Application(loan=_loan(), reviews=["finance_office"], stamps=("VILLAGE",))
    assert app.reviews == frozenset({Review.FINANCE_OFFICE})
    assert app.stamps == frozenset({Stamp.VILLAGE})


def test_application_problems() -> None:
    problems = _problems(lambda: Application(loan=_loan(), reviews=["mayor"],
                                             filed_on=D(2026, 2, 1)))
    assert set(problems) == {"reviews[0]", "filed_on"}
    assert "must not be before loan.start_date 2026-03-01" in problems["filed_on"]


# --- CompensationClaim ---------------------------------------------------------------------------


def test_claim_loss() -> None:
    """loss = unpaid principal 30 000 + unpaid interest 120.50 = 30 120.50."""
    assert _claim().loss == Decimal("30120.50")
    assert _claim(cause="death").cause is LossCause.DEATH


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"unpaid_principal": "50000.01"}, "unpaid_principal",
         "cannot exceed the loan's principal 50000.00"),
        ({"unpaid_principal": "0", "unpaid_interest": "0"}, "unpaid_principal", "needs a loss"),
        ({"notice_end": D(2027, 5, 31)}, "notice_end", "cannot be before notice_start 2027-06-01"),
        ({"due_date": D(2026, 2, 1)}, "due_date", "cannot be before the loan's start_date"),
        ({"objections": -1}, "objections", "must be >= 0"),
        ({"cause": "flood"}, "cause", "must be a LossCause"),
        ({"approved": "true"}, "approved", "must be a bool"),
        ({"loan": None}, "loan", "must be a Loan (got None, a NoneType)"),
        ({"unpaid_interest": 1.5}, "unpaid_interest", "(got 1.5, a float)"),
    ],
)
def test_claim_sanity_checks(changes: dict[str, Any], field: str, fragment: str) -> None:
    problems = _problems(lambda: _claim(**changes))
    assert field in problems, problems
    assert fragment in problems[field]


def test_claim_with_the_whole_principal_unpaid_is_fine() -> None:
    assert _claim(unpaid_principal="50000", unpaid_interest="0").loss == Decimal("50000.00")


# --- properties ----------------------------------------------------------------------------------


@given(natural_persons())
def test_person_revalidation_is_idempotent(person: NaturalPerson) -> None:
    assert attrs.evolve(person) == person


@given(loans())
def test_outstanding_never_negative_and_never_above_principal(loan: Loan) -> None:
    days = [loan.start_date, loan.maturity_date] + [r.on for r in loan.repayments]
    for day in days:
        assert Decimal("0") <= loan.outstanding(day) <= loan.principal


_FIELDS = [
    (NaturalPerson, {"id": "P", "birth_date": D(1980, 1, 1), "registered_poor": True}),
    (Repayment, {"on": D(2026, 1, 1), "principal": "1"}),
    (DrivingAgreement, {"household": PERSON, "signed_on": D(2026, 1, 1)}),
    (LegalEntity, {"id": "E", "name": "N", "kind": "cooperative"}),
]


@given(st.sampled_from(_FIELDS), st.data(), junk())
def test_junk_in_any_field_raises_only_invalid_input(
    case: tuple[type, dict[str, Any]], data: st.DataObject, value: object
) -> None:
    cls, good = case
    field = data.draw(st.sampled_from(sorted(good)))
    if isinstance(value, bool) and field == "registered_poor":
        return  # a bool is right there
    if isinstance(value, str) and value.strip() and field in ("id", "name"):
        return  # any non-blank text is a valid id or name
    with pytest.raises(InvalidInputError) as caught:
        cls(**{**good, field: value})
    assert caught.value.field == field


@given(st.sampled_from(["id", "borrower", "lender", "principal", "start_date", "maturity_date",
                        "annual_rate", "guarantee_required", "repayments", "extended_to",
                        "insurer_share"]), junk())
def test_junk_in_a_loan_field_raises_only_invalid_input(field: str, value: object) -> None:
    if value is None and field in ("extended_to", "insurer_share"):
        return  # None is valid there
    if isinstance(value, bool) and field == "guarantee_required":
        return
    if isinstance(value, str) and value.strip() and field in ("id", "lender"):
        return  # any non-blank text is a valid id; the lender is checked against a policy later
    if isinstance(value, (list, dict)) and not value and field == "repayments":
        return  # an empty collection of repayments is valid
    with pytest.raises(InvalidInputError) as caught:
        _loan(**{field: value})
    assert caught.value.field is not None
    assert caught.value.field.startswith(field)
