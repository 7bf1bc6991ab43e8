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
    PovertyStatus,
    ProblemCode,
    Repayment,
    Review,
    Stamp,
)
from poverty_credit.models import require_loan
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


# --- every error path word for word: field, code, English, Chinese -------------------------------
#
# A problem without its own Chinese message carries the code's Chinese description and the
# English message (INVALID_VALUE: "取值无效：..."). Dates are shown ISO; amounts as the fen
# Decimal the model keeps ("20000.00").


def _all(build: Any) -> list[tuple[str, ProblemCode, str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        build()
    return [(p.field, p.code, p.message, p.message_zh) for p in caught.value.problems]


def test_person_needs_registered_poor_or_status() -> None:
    text = "is required (a bool) unless status is given (got neither)"
    assert _all(lambda: NaturalPerson(id="P", birth_date=D(1980, 1, 1))) == [
        ("registered_poor", ProblemCode.INVALID_VALUE, text, f"取值无效：{text}")]


@pytest.mark.parametrize(("registered_poor", "status", "derived_status", "derived_flag"), [
    (True, None, PovertyStatus.REGISTERED_POOR, True),
    (False, None, PovertyStatus.NONE, False),
    (None, "lifted_out", PovertyStatus.LIFTED_OUT, True),  # still 建档立卡
    (None, "removed", PovertyStatus.REMOVED, False),
    (None, "MONITORED_MARGINAL", PovertyStatus.MONITORED_MARGINAL, False),
    (True, "registered_poor", PovertyStatus.REGISTERED_POOR, True),
    (False, "in_need", PovertyStatus.IN_NEED, False),
])
def test_person_status_and_flag_derive_from_each_other(
    registered_poor: bool | None, status: str | None, derived_status: PovertyStatus,
    derived_flag: bool,
) -> None:
    person = NaturalPerson(id="P", birth_date=D(1980, 1, 1), registered_poor=registered_poor,
                           status=status)
    assert person.status is derived_status
    assert person.registered_poor is derived_flag


@pytest.mark.parametrize(("registered_poor", "status"), [
    (False, "lifted_out"), (True, "none"), (True, "monitored_unstable"),
])
def test_person_status_disagreeing_with_the_flag(registered_poor: bool, status: str) -> None:
    text = (f"{status!r} disagrees with registered_poor={registered_poor} (registered_poor is "
            "true exactly for 'registered_poor' and 'lifted_out'; with attrs.evolve, give both)")
    assert _all(lambda: NaturalPerson(id="P", birth_date=D(1980, 1, 1),
                                      registered_poor=registered_poor, status=status)) == [
        ("status", ProblemCode.INVALID_VALUE, text, f"取值无效：{text}")]


def test_person_bad_flag_or_status_is_reported_once() -> None:
    """A bad registered_poor is its own problem: no disagreement, nothing derived; a bad status
    likewise (and no "required" although registered_poor is missing)."""
    assert [p[0] for p in _all(lambda: NaturalPerson(
        id="P", birth_date=D(1980, 1, 1), registered_poor=1, status="none"))] == [
        "registered_poor"]
    assert [p[0] for p in _all(lambda: NaturalPerson(
        id="P", birth_date=D(1980, 1, 1), registered_poor=1))] == ["registered_poor"]
    assert [p[:2] for p in _all(lambda: NaturalPerson(
        id="P", birth_date=D(1980, 1, 1), status="poor"))] == [
        ("status", ProblemCode.NOT_A_MEMBER)]


def test_person_later_fields_are_checked_too() -> None:
    problems = _all(lambda: NaturalPerson(
        id="P", birth_date=D(1980, 1, 1), registered_poor=True, has_outstanding_bad_loans=0,
        has_bad_credit_record="no", household_id=3, monitoring_ended_on="2026-01-01",
        has_major_bad_credit_record=None))
    assert [(f, c) for f, c, _, _ in problems] == [
        ("has_outstanding_bad_loans", ProblemCode.WRONG_TYPE),
        ("has_bad_credit_record", ProblemCode.WRONG_TYPE),
        ("household_id", ProblemCode.WRONG_TYPE),
        ("monitoring_ended_on", ProblemCode.WRONG_TYPE),
        ("has_major_bad_credit_record", ProblemCode.WRONG_TYPE),
    ]


def test_person_id_number_birth_date_mismatch_in_both_languages() -> None:
    """11010519491231002X gives 1949-12-31 (see test_id_number_gb11643_example)."""
    assert _all(lambda: NaturalPerson(id="P", birth_date=D(1950, 1, 1), registered_poor=True,
                                      id_number="11010519491231002X")) == [
        ("id_number", ProblemCode.ID_NUMBER_BIRTH_DATE,
         "gives the birth date 1949-12-31, but birth_date is 1950-01-01",
         "身份证号码中的出生日期为1949-12-31，与出生日期1950-01-01不符")]
    # a bad birth_date: the id number is not compared with it
    assert [p[0] for p in _all(lambda: NaturalPerson(
        id="P", birth_date="1950-01-01", registered_poor=True,
        id_number="11010519491231002X"))] == ["birth_date"]


def test_person_repr_shows_the_d4_fields_only_when_they_say_more() -> None:
    assert repr(PERSON) == (
        "NaturalPerson(id='P-1', birth_date=datetime.date(1980, 5, 1), registered_poor=True, "
        "five_guarantee=False, has_outstanding_bad_loans=False, has_bad_credit_record=False, "
        "star_rating=None, household_id=None, id_number=None)")
    lifted = NaturalPerson(id="P", birth_date=D(1980, 5, 1), status="lifted_out",
                           monitoring_ended_on=D(2026, 1, 1), has_major_bad_credit_record=True)
    assert repr(lifted) == (
        "NaturalPerson(id='P', birth_date=datetime.date(1980, 5, 1), registered_poor=True, "
        "five_guarantee=False, has_outstanding_bad_loans=False, has_bad_credit_record=False, "
        "star_rating=None, household_id=None, id_number=None, "
        "status=<PovertyStatus.LIFTED_OUT: 'lifted_out'>, "
        "monitoring_ended_on=datetime.date(2026, 1, 1), has_major_bad_credit_record=True)")


def test_monitored_on_until_the_day_monitoring_ended() -> None:
    """Monitoring counts while monitoring_ended_on is None or after the day (ended on
    2026-06-01: monitored on 2026-05-31, not on 2026-06-01)."""
    person = NaturalPerson(id="P", birth_date=D(1980, 5, 1), status="monitored_hardship",
                           monitoring_ended_on=D(2026, 6, 1))
    assert person.monitored_on(D(2026, 5, 31))
    assert not person.monitored_on(D(2026, 6, 1))
    assert attrs.evolve(person, monitoring_ended_on=None).monitored_on(D(2099, 1, 1))
    assert not PERSON.monitored_on(D(2026, 1, 1))  # registered poor: not a monitored status
    with pytest.raises(InvalidInputError) as caught:
        person.monitored_on("2026-05-31")  # type: ignore[arg-type]
    assert caught.value.field == "on"


def test_agreement_messages_in_both_languages() -> None:
    assert _all(lambda: DrivingAgreement(household="P-1", signed_on=D(2025, 1, 2),
                                         ends_on=D(2025, 1, 1))) == [
        ("household", ProblemCode.WRONG_TYPE, "must be a NaturalPerson (got 'P-1', a str)",
         "类型错误，应为 a NaturalPerson（实际为 'P-1'（str 类型））"),
        ("ends_on", ProblemCode.DATE_ORDER,
         "must not be before signed_on 2025-01-02 (got 2025-01-01)",
         "不得早于签订日2025-01-02（实际为2025-01-01）"),
    ]
    # ending the day it is signed is fine (both ends inclusive); a bad signed_on is not compared
    one_day = DrivingAgreement(household=PERSON, signed_on=D(2025, 1, 2), ends_on=D(2025, 1, 2))
    assert one_day.in_force(D(2025, 1, 2))
    assert [p[0] for p in _all(lambda: DrivingAgreement(
        household=PERSON, signed_on="2025-01-02", ends_on=D(2025, 1, 1)))] == ["signed_on"]
    with pytest.raises(InvalidInputError) as caught:
        one_day.in_force(None)  # type: ignore[arg-type]
    assert caught.value.field == "on"


def test_entity_messages() -> None:
    assert [p[:3] for p in _all(lambda: LegalEntity(id=" ", name=1, kind="bank",
                                                    agreements="x", credit_code=5))] == [
        ("id", ProblemCode.BLANK, "must be a non-empty str (got ' ', a str)"),
        ("name", ProblemCode.WRONG_TYPE, "must be a non-empty str (got 1, an int)"),
        ("kind", ProblemCode.NOT_A_MEMBER,
         "must be an EntityKind, one of 'cooperative', 'family_farm', 'capable_household', "
         "'leading_enterprise' (got 'bank', a str)"),
        ("agreements", ProblemCode.WRONG_TYPE, "must be a collection (got 'x', a str)"),
        ("credit_code", ProblemCode.WRONG_TYPE,
         "must be a str of 18 characters (got 5, an int)"),
    ]
    agreement = DrivingAgreement(household=PERSON, signed_on=D(2025, 1, 1))
    entity = LegalEntity(id="E", name="N", kind="cooperative", agreements=[agreement])
    assert entity.agreements == (agreement,)


def test_repayment_messages() -> None:
    assert [p[:3] for p in _all(lambda: Repayment(on="2026-01-01", principal="0"))] == [
        ("on", ProblemCode.WRONG_TYPE, "must be a datetime.date (got '2026-01-01', a str)"),
        ("principal", ProblemCode.NOT_POSITIVE, "must be greater than zero (got '0', a str)"),
    ]


def test_loan_date_order_in_both_languages() -> None:
    assert _all(lambda: _loan(maturity_date=D(2026, 3, 1))) == [
        ("maturity_date", ProblemCode.DATE_ORDER,
         "must be after start_date 2026-03-01 (got 2026-03-01)",
         "应晚于起贷日2026-03-01（实际为2026-03-01）")]
    assert _all(lambda: _loan(extended_to=D(2027, 2, 28))) == [
        ("extended_to", ProblemCode.DATE_ORDER,
         "must be after maturity_date 2027-03-01 (got 2027-02-28)",
         "应晚于到期日2027-03-01（实际为2027-02-28）")]
    # one day later each is fine
    assert _loan(maturity_date=D(2026, 3, 2), extended_to=D(2026, 3, 3)).extended_to == D(
        2026, 3, 3)


def test_loan_dates_not_compared_when_one_is_bad() -> None:
    assert [p[0] for p in _all(lambda: _loan(start_date="2026-03-01",
                                             maturity_date=D(2026, 1, 1)))] == ["start_date"]
    assert [p[0] for p in _all(lambda: _loan(maturity_date="x",
                                             extended_to=D(2026, 1, 1)))] == ["maturity_date"]
    assert [p[0] for p in _all(lambda: _loan(extended_to="x"))] == ["extended_to"]
    # repayments are checked against the principal and the start only when both are good
    early = [Repayment(on=D(2020, 1, 1), principal="90000")]
    assert [p[0] for p in _all(lambda: _loan(start_date=None, repayments=early))] == [
        "start_date"]
    assert [p[0] for p in _all(lambda: _loan(principal="x", repayments=early))] == [
        "principal"]
    assert [p[0] for p in _all(lambda: _loan(principal="x", repayments=[early[0], 3]))] == [
        "principal", "repayments[1]"]


def test_loan_insurer_share_zero_in_both_languages() -> None:
    assert _all(lambda: _loan(insurer_share="0")) == [
        ("insurer_share", ProblemCode.OUT_OF_RANGE,
         "must be above 0 when given (got '0', a str); use None for an uninsured loan",
         "如填写则须大于0（实际为 '0'（str 类型））；未投保的贷款请填 None")]
    assert _loan(insurer_share="1").insurer_share == Decimal("1")
    assert _loan(insurer_share=" 1 ").insurer_share == Decimal("1")  # read by the general path
    assert _loan(insurer_share=Decimal("0.30")).insurer_share == Decimal("0.30")


def test_loan_every_field_problem_at_once() -> None:
    """The general path names every field, in field order."""
    problems = _all(lambda: Loan(id="", borrower=None, lender=" ", principal=1.5,
                                 start_date=None, maturity_date=None, annual_rate="1",
                                 guarantee_required=None, collateral_required=1,
                                 repayments=None, extended_to="x", insurer_share="2"))
    assert [(f, c) for f, c, _, _ in problems] == [
        ("id", ProblemCode.BLANK), ("borrower", ProblemCode.WRONG_TYPE),
        ("lender", ProblemCode.BLANK), ("principal", ProblemCode.WRONG_TYPE),
        ("start_date", ProblemCode.WRONG_TYPE), ("maturity_date", ProblemCode.WRONG_TYPE),
        ("annual_rate", ProblemCode.OUT_OF_RANGE), ("guarantee_required", ProblemCode.WRONG_TYPE),
        ("collateral_required", ProblemCode.WRONG_TYPE), ("extended_to", ProblemCode.WRONG_TYPE),
        ("insurer_share", ProblemCode.OUT_OF_RANGE), ("repayments", ProblemCode.WRONG_TYPE),
    ]
    assert problems[1][3] == (
        "类型错误，应为 a NaturalPerson or a LegalEntity（实际为 None（NoneType 类型））")


def test_repayment_problems_in_both_languages() -> None:
    """50 000 lent on 2026-03-01. Sorted: 02-28 (before the start; 10 000 repaid, 40 000 left),
    06-01 30 000 (10 000 left), 07-01 20 000 (above: only 10 000.00 outstanding, not counted),
    08-01 10 000 (0 left: repaid in full on 08-01), 09-01 1 (above: repaid in full on 08-01)."""
    problems = _all(lambda: _loan(repayments=[
        Repayment(on=D(2026, 9, 1), principal="1"),
        Repayment(on=D(2026, 7, 1), principal="20000"),
        Repayment(on=D(2026, 2, 28), principal="10000"),
        Repayment(on=D(2026, 8, 1), principal="10000"),
        Repayment(on=D(2026, 6, 1), principal="30000"),
    ]))
    assert problems == [
        ("repayments[0].on", ProblemCode.DATE_ORDER,
         "is before start_date 2026-03-01 (got 2026-02-28)",
         "早于起贷日2026-03-01（实际为2026-02-28）"),
        ("repayments[2].principal", ProblemCode.AMOUNT_INCONSISTENT,
         "repays 20000.00 on 2026-07-01 but only 10000.00 is outstanding",
         "2026-07-01还款20000.00元，但尚欠本金仅10000.00元"),
        ("repayments[4].principal", ProblemCode.AMOUNT_INCONSISTENT,
         "repays 1.00 on 2026-09-01 but the loan was repaid in full on 2026-08-01",
         "2026-09-01还款1.00元，但贷款已于2026-08-01还清"),
    ]


def test_repaid_in_full_is_the_first_day_nothing_is_left() -> None:
    """50 000: 20 000 on 06-01, 30 000 on 09-01 (0 left): repaid in full on 09-01."""
    loan = _loan(repayments=(Repayment(on=D(2026, 9, 1), principal="30000"),
                             Repayment(on=D(2026, 6, 1), principal="20000")))
    assert loan.repaid_in_full_on == D(2026, 9, 1)
    assert loan.outstanding(D(2026, 8, 31)) == Decimal("30000.00")
    partly = _loan(repayments=[Repayment(on=D(2026, 6, 1), principal="49999.99")])
    assert partly.repaid_in_full_on is None
    assert partly.outstanding(D(2027, 1, 1)) == Decimal("0.01")
    with pytest.raises(InvalidInputError) as caught:
        partly.outstanding("2026-06-01")  # type: ignore[arg-type]
    assert caught.value.field == "on"


def test_require_loan() -> None:
    loan = _loan()
    assert require_loan(loan) is loan
    with pytest.raises(InvalidInputError) as caught:
        require_loan("L-1", "claim.loan")
    assert [(p.field, p.code, p.message, p.message_zh) for p in caught.value.problems] == [
        ("claim.loan", ProblemCode.WRONG_TYPE, "must be a Loan (got 'L-1', a str)",
         "应为 Loan（实际为 'L-1'（str 类型））")]
    with pytest.raises(InvalidInputError) as caught:
        require_loan(None)
    assert caught.value.field == "loan"


def test_application_messages_in_both_languages() -> None:
    assert _all(lambda: Application(loan=_loan(), reviews=["mayor"], stamps="town",
                                    leading_group_approved=1, filed_on=D(2026, 2, 28))) == [
        ("reviews[0]", ProblemCode.NOT_A_MEMBER,
         "must be a Review, one of 'poverty_office', 'finance_office', 'pboc_branch' "
         "(got 'mayor', a str)",
         "应为 Review 的取值之一：'poverty_office', 'finance_office', 'pboc_branch'"
         "（实际为 'mayor'（str 类型））"),
        ("stamps", ProblemCode.WRONG_TYPE, "must be a collection (got 'town', a str)",
         "应为列表等集合（实际为 'town'（str 类型））"),
        ("leading_group_approved", ProblemCode.WRONG_TYPE, "must be a bool (got 1, an int)",
         "应为布尔值 true 或 false（实际为 1（int 类型））"),
        ("filed_on", ProblemCode.DATE_ORDER,
         "the list of borrowers is filed after the loan is made; filed_on must not be before "
         "loan.start_date 2026-03-01 (got 2026-02-28)",
         "借款人名单在放贷后报备，报备日不得早于起贷日2026-03-01（实际为2026-02-28）"),
    ]
    # filed the day the loan starts: fine; without a loan the date is not compared
    assert Application(loan=_loan(), filed_on=D(2026, 3, 1)).filed_on == D(2026, 3, 1)
    assert [p[0] for p in _all(lambda: Application(loan=None, filed_on=D(2000, 1, 1)))] == [
        "loan"]


def test_claim_messages_in_both_languages() -> None:
    """The loan: 50 000.00 from 2026-03-01 (see _loan)."""
    assert _all(lambda: _claim(unpaid_principal="50000.01", notice_end=D(2027, 5, 31),
                               due_date=D(2026, 2, 28))) == [
        ("unpaid_principal", ProblemCode.AMOUNT_INCONSISTENT,
         "cannot exceed the loan's principal 50000.00 (got 50000.01)",
         "不能超过贷款本金50000.00元（实际为50000.01元）"),
        ("notice_end", ProblemCode.DATE_ORDER,
         "cannot be before notice_start 2027-06-01 (got 2027-05-31)",
         "公示结束日不得早于公示开始日2027-06-01（实际为2027-05-31）"),
        ("due_date", ProblemCode.DATE_ORDER,
         "cannot be before the loan's start_date 2026-03-01 (got 2026-02-28)",
         "不得早于贷款起贷日2026-03-01（实际为2026-02-28）"),
    ]
    assert _all(lambda: _claim(unpaid_principal="0", unpaid_interest="0")) == [
        ("unpaid_principal", ProblemCode.AMOUNT_INCONSISTENT,
         "a claim needs a loss: unpaid principal and interest are both zero",
         "代偿申请须有损失：未还本金和未还利息均为零")]
    # the edges are fine: the due date the start, a one-day notice, interest only
    edge = _claim(due_date=D(2026, 3, 1), notice_end=D(2027, 6, 1), unpaid_principal="0",
                  unpaid_interest="0.01")
    assert edge.loss == Decimal("0.01")


def test_claim_checks_skip_what_is_unreadable() -> None:
    """A bad loan, amount or date is reported alone: nothing compared with it."""
    assert [p[0] for p in _all(lambda: _claim(loan=None, unpaid_principal="99999999",
                                              due_date=D(2000, 1, 1)))] == ["loan"]
    assert [p[0] for p in _all(lambda: _claim(unpaid_principal="x",
                                              unpaid_interest="0"))] == ["unpaid_principal"]
    assert [p[0] for p in _all(lambda: _claim(unpaid_principal="0",
                                              unpaid_interest=None))] == ["unpaid_interest"]
    assert [p[0] for p in _all(lambda: _claim(notice_start=None,
                                              notice_end=D(2000, 1, 1)))] == ["notice_start"]
    assert [p[0] for p in _all(lambda: _claim(notice_end=None))] == ["notice_end"]
    assert [p[0] for p in _all(lambda: _claim(due_date=None))] == ["due_date"]


def test_claim_flags_all_checked() -> None:
    flags = ["town_station_signed", "approved", "loss_determined", "collected_in_period",
             "recourse_performed", "major_event_acted", "major_event_reported",
             "lent_as_required"]
    problems = _all(lambda: _claim(**dict.fromkeys(flags, "yes"), objections=True))
    assert [(f, c) for f, c, _, _ in problems] == [("objections", ProblemCode.WRONG_TYPE)] + [
        (f, ProblemCode.WRONG_TYPE) for f in flags]
    assert _claim(objections=0).objections == 0


def test_labelled_enums() -> None:
    assert LossCause.DEATH.label() == "death of the borrower"
    assert LossCause.DEATH.label("zh") == "借款人死亡"
    assert LossCause.DEATH.label("fr") == "death of the borrower"  # any other: English
    assert str(Review.PBOC_BRANCH) == "pboc_branch"
    assert (Stamp.COUNTY.en, Stamp.COUNTY.zh) == ("county poverty office", "县扶农办")


def test_application_loan_and_stamp_item_messages() -> None:
    assert _all(lambda: Application(loan="L-1", stamps=["town", "seal"])) == [
        ("loan", ProblemCode.WRONG_TYPE, "must be a Loan (got 'L-1', a str)",
         "类型错误，应为 a Loan（实际为 'L-1'（str 类型））"),
        ("stamps[1]", ProblemCode.NOT_A_MEMBER,
         "must be a Stamp, one of 'village', 'town', 'county' (got 'seal', a str)",
         "应为 Stamp 的取值之一：'village', 'town', 'county'（实际为 'seal'（str 类型））"),
    ]


def test_person_repr_of_a_household_not_registered() -> None:
    """registered_poor False derives status NONE: nothing more to show."""
    person = NaturalPerson(id="P", birth_date=D(1980, 5, 1), registered_poor=False)
    assert repr(person) == (
        "NaturalPerson(id='P', birth_date=datetime.date(1980, 5, 1), registered_poor=False, "
        "five_guarantee=False, has_outstanding_bad_loans=False, has_bad_credit_record=False, "
        "star_rating=None, household_id=None, id_number=None)")
