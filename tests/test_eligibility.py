"""check_eligibility and counted_households (Art. 9, 10), cases worked out by hand from SPEC B."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Decision,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    NaturalPerson,
    ReasonCode,
    check_eligibility,
    counted_households,
    to_dict,
)
from strategies_rules import dates, junk, legal_entities, natural_persons

D = dt.date
ON = D(2026, 3, 15)
C = ReasonCode
PERSON_ORDER = (
    C.NOT_REGISTERED_POOR,
    C.FIVE_GUARANTEE_HOUSEHOLD,
    C.OUTSTANDING_BAD_LOANS,
    C.BAD_CREDIT_RECORD,
    C.AGE_ABOVE_LIMIT,
    C.AGE_BELOW_LIMIT,
)


BORN = D(1980, 5, 1)
SIGNED = D(2026, 1, 1)


def person(pid: str = "P-1", born: dt.date = BORN, **flags: object) -> NaturalPerson:
    flags.setdefault("registered_poor", True)
    return NaturalPerson(id=pid, birth_date=born, **flags)  # type: ignore[arg-type]


def entity(*agreements: DrivingAgreement) -> LegalEntity:
    return LegalEntity(id="E-1", name="Green Valley Cooperative", kind=EntityKind.COOPERATIVE,
                       agreements=agreements)


def finding(decision: Decision, code: ReasonCode) -> tuple[bool, str, str]:
    (reason,) = [r for r in decision.findings if r.code is code]
    return reason.passed, reason.message, reason.message_zh


# --- natural persons -------------------------------------------------------------------------


def test_eligible_person_passes_every_finding_in_order() -> None:
    """Registered poor, 45 (born 1980-05-01, on 2026-03-15: 2026-1980-1 = 45), no flags: granted,
    six findings in the documented order, subject = the person's id."""
    decision = check_eligibility(person(), ON)
    assert decision
    assert tuple(r.code for r in decision.findings) == PERSON_ORDER
    assert decision.subject == "P-1"
    assert all(r.article == "Art. 9(1)" for r in decision.findings[:5])


def test_all_failures_at_once() -> None:
    """A 70-year-old (born 1956-03-15; 2026-1956 = 70 on the birthday) five-guarantee person not
    registered, with outstanding bad loans: four reasons, in order; the age floor passes."""
    p = person(born=D(1956, 3, 15), registered_poor=False, five_guarantee=True,
               has_outstanding_bad_loans=True, has_bad_credit_record=True)
    decision = check_eligibility(p, ON)
    assert decision.codes == (C.NOT_REGISTERED_POOR, C.FIVE_GUARANTEE_HOUSEHOLD,
                              C.OUTSTANDING_BAD_LOANS, C.AGE_ABOVE_LIMIT)
    assert len(decision.findings) == 6
    _passed, message, _ = finding(decision, C.AGE_ABOVE_LIMIT)
    assert message == (
        "age 70 on 2026-03-15 is above the limit of 65 (Art. 9(1) 65周岁以下, inclusive)")


# (born, on, failing codes, why) — ages by hand: 65 on the 65th birthday is allowed (以下 inclusive)
AGE_CASES = [
    (D(1961, 3, 15), D(2026, 3, 15), (), "65th birthday: 65 <= 65"),
    (D(1960, 3, 15), D(2026, 3, 14), (), "day before the 66th birthday: 65"),
    (D(1960, 3, 15), D(2026, 3, 15), (C.AGE_ABOVE_LIMIT,), "66th birthday: 66 > 65"),
    (D(2008, 3, 15), D(2026, 3, 14), (C.AGE_BELOW_LIMIT,), "day before the 18th birthday: 17"),
    (D(2008, 3, 15), D(2026, 3, 15), (), "18th birthday: 18 >= 18"),
    (D(2008, 2, 29), D(2026, 2, 28), (), "29-Feb birth: 18 on 28 Feb 2026 (art. 202)"),
    (D(2008, 2, 29), D(2026, 2, 27), (C.AGE_BELOW_LIMIT,), "29-Feb birth: 17 on 27 Feb 2026"),
    (D(1960, 2, 29), D(2026, 2, 28), (C.AGE_ABOVE_LIMIT,), "29-Feb birth: 66 on 28 Feb 2026"),
    (D(1960, 2, 29), D(2026, 2, 27), (), "29-Feb birth: 65 on 27 Feb 2026"),
]


@pytest.mark.parametrize(("born", "on", "codes", "why"), AGE_CASES, ids=[c[-1] for c in AGE_CASES])
def test_age_limits(born: dt.date, on: dt.date, codes: tuple[ReasonCode, ...], why: str) -> None:
    assert check_eligibility(person(born=born), on).codes == codes


def test_age_reached_the_day_after() -> None:
    """With ``age_reached_on_birthday=False``: on the 66th birthday (1960-03-15 → 2026-03-15) the
    person is still 65 (allowed); on the 18th birthday still 17 (refused)."""
    policy = attrs.evolve(DEFAULT_POLICY, age_reached_on_birthday=False)
    assert check_eligibility(person(born=D(1960, 3, 15)), ON, policy)
    assert check_eligibility(person(born=D(2008, 3, 15)), ON, policy).codes == (C.AGE_BELOW_LIMIT,)
    # 29 Feb 2008: under the day-after rule 18 is reached on 1 Mar 2026, not 28 Feb.
    assert check_eligibility(person(born=D(2008, 2, 29)), D(2026, 2, 28), policy).codes == (
        C.AGE_BELOW_LIMIT,)
    assert check_eligibility(person(born=D(2008, 2, 29)), D(2026, 3, 1), policy)


def test_age_limits_come_from_the_policy() -> None:
    """A policy with max_age 60: a 61-year-old (1965-03-15 → 2026-03-15) is refused, the message
    shows 60."""
    policy = attrs.evolve(DEFAULT_POLICY, max_age=60)
    decision = check_eligibility(person(born=D(1965, 3, 15)), ON, policy)
    assert decision.codes == (C.AGE_ABOVE_LIMIT,)
    assert "above the limit of 60" in decision.reasons[0].message


def test_min_age_cites_the_national_rule_not_the_measures() -> None:
    """Born 2009-03-15, on 2026-03-15: 2026 - 2009 = 17 < 18, refused with article None."""
    decision = check_eligibility(person(born=D(2009, 3, 15)), ON)
    (reason,) = decision.reasons
    assert reason.code is C.AGE_BELOW_LIMIT
    assert reason.article is None
    assert "national rule" in reason.message
    assert "full civil capacity" in reason.message
    assert "age 17" in reason.message
    assert "18" in reason.message
    assert "国家政策" in reason.message_zh
    assert "完全民事行为能力" in reason.message_zh


@pytest.mark.parametrize(
    ("bad_record", "bad_loans", "phrase"),
    [
        (False, False, "no bad credit record"),
        (True, False, "does not exclude"),
        (True, True, "judged under OUTSTANDING_BAD_LOANS"),
    ],
)
def test_bad_credit_record_is_always_a_passed_finding(
    bad_record: bool, bad_loans: bool, phrase: str
) -> None:
    """Art. 9(1): a bad credit record alone never excludes (应全部纳入); the finding is present in
    every case with a message fitting it."""
    p = person(has_bad_credit_record=bad_record, has_outstanding_bad_loans=bad_loans)
    decision = check_eligibility(p, ON)
    passed, message, message_zh = finding(decision, C.BAD_CREDIT_RECORD)
    assert passed
    assert phrase in message
    assert "应全部纳入" in message
    assert "应全部纳入" in message_zh
    assert decision.codes == ((C.OUTSTANDING_BAD_LOANS,) if bad_loans else ())


def test_each_flag_fails_alone() -> None:
    """One flag at a time gives exactly its own reason."""
    assert check_eligibility(person(registered_poor=False), ON).codes == (C.NOT_REGISTERED_POOR,)
    assert check_eligibility(person(five_guarantee=True), ON).codes == (C.FIVE_GUARANTEE_HOUSEHOLD,)
    assert check_eligibility(person(has_outstanding_bad_loans=True), ON).codes == (
        C.OUTSTANDING_BAD_LOANS,)


def test_evaluation_before_birth_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_eligibility(person(born=D(2026, 3, 16)), ON)
    assert info.value.field == "on"


@pytest.mark.parametrize(
    ("borrower", "on", "policy", "field"),
    [
        ("P-1", ON, DEFAULT_POLICY, "borrower"),
        (None, ON, DEFAULT_POLICY, "borrower"),
        (person(), dt.datetime(2026, 3, 15, 8, 0), DEFAULT_POLICY, "on"),
        (person(), "2026-03-15", DEFAULT_POLICY, "on"),
        (person(), ON, {"max_age": 65}, "policy"),
    ],
)
def test_bad_input(borrower: object, on: object, policy: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_eligibility(borrower, on, policy)  # type: ignore[arg-type]
    assert info.value.field == field


# --- legal entities --------------------------------------------------------------------------


def agreement(p: NaturalPerson, signed: dt.date = SIGNED,
              ends: dt.date | None = None) -> DrivingAgreement:
    return DrivingAgreement(household=p, signed_on=signed, ends_on=ends)


# (agreements, counted person ids, why) on ON = 2026-03-15
COUNT_CASES = [
    ([], [], "no agreement"),
    ([agreement(person("A"), ends=D(2026, 3, 14))], [], "expired yesterday"),
    ([agreement(person("A"), ends=D(2026, 3, 15))], ["A"], "ends today: in force (inclusive)"),
    ([agreement(person("A"), signed=D(2026, 3, 15))], ["A"], "signed today"),
    ([agreement(person("A"), signed=D(2026, 3, 16))], [], "starts tomorrow"),
    ([agreement(person("A", registered_poor=False))], [], "household not registered"),
    ([agreement(person("A", five_guarantee=True))], [], "five-guarantee household"),
    ([agreement(person("A")), agreement(person("A"))], ["A"], "same household twice: once"),
    ([agreement(person("A", household_id="H")), agreement(person("B", household_id="H"))],
     ["A"], "two members of one household: once"),
    ([agreement(person("A", born=D(1940, 1, 1), has_outstanding_bad_loans=True))], ["A"],
     "age and credit do not matter for a driven household"),
    ([agreement(person("A"), ends=D(2026, 3, 1)),
      agreement(person("A"), signed=D(2026, 3, 2))], ["A"],
     "an expired and a renewed agreement for one household: once"),
    ([agreement(person("A")), agreement(person("B")), agreement(person("C"))], ["A", "B", "C"],
     "three households"),
]


@pytest.mark.parametrize(("agreements", "ids", "why"), COUNT_CASES,
                         ids=[c[-1] for c in COUNT_CASES])
def test_counted_households(agreements: list[DrivingAgreement], ids: list[str], why: str) -> None:
    e = entity(*agreements)
    assert [p.id for p in counted_households(e, ON)] == ids
    decision = check_eligibility(e, ON)
    assert tuple(r.code for r in decision.findings) == (C.NO_DRIVING_AGREEMENT,)
    assert bool(decision) == bool(ids)
    assert decision.findings[0].article == "Art. 10"
    assert decision.subject == "E-1"


def test_entity_message_says_how_many_and_why_others_were_not() -> None:
    """Six agreements: A counted, A again and A's expired one (counted once); B expired
    yesterday, C not registered, D five-guarantee: 1 counted, 3 not counted, each with its reason;
    A is not listed as not counted."""
    e = entity(
        agreement(person("A")),
        agreement(person("A")),
        agreement(person("A"), ends=D(2026, 3, 1)),
        agreement(person("B"), ends=D(2026, 3, 14)),
        agreement(person("C", registered_poor=False)),
        agreement(person("D", five_guarantee=True)),
    )
    passed, message, message_zh = finding(check_eligibility(e, ON), C.NO_DRIVING_AGREEMENT)
    assert passed
    assert "drives 1 counted poor household(s)" in message
    assert "(A); each household counts once" in message
    assert message.endswith("not counted: B (agreement ended on 2026-03-14), "
                            "C (not registered poor), D (five-guarantee household)")
    assert "带动1户" in message_zh
    assert "五保户" in message_zh


def test_entity_without_counted_household_fails_with_reasons() -> None:
    e = entity(agreement(person("B"), signed=D(2026, 3, 16)))
    decision = check_eligibility(e, ON)
    assert decision.codes == (C.NO_DRIVING_AGREEMENT,)
    message = decision.reasons[0].message
    assert "drives no counted poor household on 2026-03-15 (1 agreement(s))" in message
    assert "agreement signed only on 2026-03-16" in message


def test_counted_households_bad_input() -> None:
    with pytest.raises(InvalidInputError) as info:
        counted_households(person(), ON)  # type: ignore[arg-type]
    assert info.value.field == "entity"
    with pytest.raises(InvalidInputError) as info:
        counted_households(entity(), dt.datetime(2026, 3, 15, 0, 0))  # type: ignore[arg-type]
    assert info.value.field == "on"


# --- properties ------------------------------------------------------------------------------


@given(p=natural_persons(), days=st.integers(min_value=0, max_value=60000))
def test_person_findings_always_complete_and_ordered(p: NaturalPerson, days: int) -> None:
    """Every rule code, once, in the documented order; the verdict is the AND of the findings."""
    try:
        on = p.birth_date + dt.timedelta(days=days)
    except OverflowError:
        return
    decision = check_eligibility(p, on)
    assert tuple(r.code for r in decision.findings) == PERSON_ORDER
    assert bool(decision) == all(r.passed for r in decision.findings)
    assert next(r for r in decision.findings if r.code is C.BAD_CREDIT_RECORD).passed
    assert all(r.message and r.message_zh for r in decision.findings)


@given(e=legal_entities(), on=dates)
def test_entity_findings_and_count(e: LegalEntity, on: dt.date) -> None:
    """One finding; granted exactly when some household is counted; counted households are
    distinct, registered, not five-guarantee, and named by an agreement in force."""
    counted = counted_households(e, on)
    assert len({p.household for p in counted}) == len(counted)
    for p in counted:
        assert p.registered_poor
        assert not p.five_guarantee
        assert any(a.household == p and a.in_force(on) for a in e.agreements)
    decision = check_eligibility(e, on)
    assert tuple(r.code for r in decision.findings) == (C.NO_DRIVING_AGREEMENT,)
    assert bool(decision) == bool(counted)


@given(borrower=st.one_of(junk, natural_persons(), legal_entities(max_agreements=2)),
       on=st.one_of(junk, dates), policy=st.one_of(junk, st.just(DEFAULT_POLICY)))
def test_junk_raises_only_invalid_input(borrower: object, on: object, policy: object) -> None:
    try:
        decision = check_eligibility(borrower, on, policy)  # type: ignore[arg-type]
    except InvalidInputError:
        return
    assert isinstance(decision, Decision)


def test_every_bad_argument_is_reported_at_once() -> None:
    """Three bad arguments: one error with three problems, in argument order."""
    with pytest.raises(InvalidInputError) as info:
        check_eligibility("P-1", "2026-03-15", None)  # type: ignore[arg-type]
    assert [p.field for p in info.value.problems] == ["borrower", "on", "policy"]
    with pytest.raises(InvalidInputError) as info:
        counted_households(None, None)  # type: ignore[arg-type]
    assert [p.field for p in info.value.problems] == ["entity", "on"]


def test_failed_findings_are_false_not_merely_falsy() -> None:
    """A finding's ``passed`` is a bool: ``to_dict`` writes it as JSON true/false, never null.

    Person born 2010-01-01, on 2026-03-15 aged 16 (2026 − 2010 − 1, before the birthday), not
    registered, five-guarantee, with bad loans: fails NOT_REGISTERED_POOR, FIVE_GUARANTEE_HOUSEHOLD,
    OUTSTANDING_BAD_LOANS, AGE_BELOW_LIMIT; passes BAD_CREDIT_RECORD and AGE_ABOVE_LIMIT (16 ≤ 65).
    A person of 70 fails AGE_ABOVE_LIMIT; an entity whose only agreement is signed the day after
    fails NO_DRIVING_AGREEMENT."""
    young = person(born=D(2010, 1, 1), registered_poor=False, five_guarantee=True,
                   has_outstanding_bad_loans=True, has_bad_credit_record=True)
    decisions = [check_eligibility(young, ON),
                 check_eligibility(person(born=D(1956, 3, 15)), ON),
                 check_eligibility(entity(agreement(person("B"), signed=D(2026, 3, 16))), ON)]
    failed = [(r.code, r.passed) for d in decisions for r in d.findings if r.passed is not True]
    assert failed == [(C.NOT_REGISTERED_POOR, False), (C.FIVE_GUARANTEE_HOUSEHOLD, False),
                      (C.OUTSTANDING_BAD_LOANS, False), (C.AGE_BELOW_LIMIT, False),
                      (C.AGE_ABOVE_LIMIT, False), (C.NO_DRIVING_AGREEMENT, False)]
    assert [f["passed"] for f in to_dict(decisions[0])["findings"]] == [
        False, False, False, True, True, False]
