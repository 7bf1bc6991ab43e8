"""Target groups (SPEC D4, D7): NaturalPerson.status and the rules that read it, by hand."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    PovertyStatus,
    ReasonCode,
    check_eligibility,
    check_loan_terms,
    counted_households,
    entity_credit_limit,
    from_dict,
    preset,
    to_dict,
)
from poverty_credit.eligibility import in_target_group

D = dt.date
C = ReasonCode
S = PovertyStatus
ON = D(2024, 6, 30)
BORN = D(1980, 5, 1)
N2021 = preset("national-2021")
N2019 = preset("national-2019")
#: 2021 with the parameters it leaves unset supplied, as a county would (extends national-2021).
COUNTY_2021 = attrs.evolve(N2021, exclude_five_guarantee=True)


def person(pid: str = "P-1", **fields: object) -> NaturalPerson:
    return NaturalPerson(id=pid, birth_date=BORN, **fields)  # type: ignore[arg-type]


# --- the model ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "status", "registered"),
    [
        ({"registered_poor": True}, S.REGISTERED_POOR, True),
        ({"registered_poor": False}, S.NONE, False),
        ({"status": "lifted_out"}, S.LIFTED_OUT, True),
        ({"status": S.REMOVED}, S.REMOVED, False),
        ({"status": "MONITORED_MARGINAL"}, S.MONITORED_MARGINAL, False),
        ({"registered_poor": True, "status": "lifted_out"}, S.LIFTED_OUT, True),
        ({"registered_poor": False, "status": "in_need"}, S.IN_NEED, False),
    ],
)
def test_status_and_registered_poor_derive_from_each_other(
    fields: dict[str, object], status: PovertyStatus, registered: bool
) -> None:
    p = person(**fields)
    assert p.status is status
    assert p.registered_poor is registered


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({}, "registered_poor", "is required (a bool) unless status is given"),
        ({"registered_poor": True, "status": "removed"}, "status", "disagrees"),
        ({"registered_poor": False, "status": "lifted_out"}, "status", "disagrees"),
        ({"status": "poor"}, "status", "must be a PovertyStatus"),
        ({"status": "none", "monitoring_ended_on": "2024-01-01"}, "monitoring_ended_on", "date"),
        ({"status": "none", "has_major_bad_credit_record": 1}, "has_major_bad_credit_record",
         "must be a bool"),
    ],
)
def test_bad_status_fields(fields: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        person(**fields)
    assert info.value.field == field
    assert words in str(info.value)


def test_repr_of_a_part_b_person_is_unchanged_and_new_fields_show_when_they_say_more() -> None:
    assert "status" not in repr(person(registered_poor=True))
    assert "status=<PovertyStatus.LIFTED_OUT" in repr(person(status="lifted_out"))
    assert "monitoring_ended_on=datetime.date(2024, 6, 30)" in repr(
        person(status="monitored_unstable", monitoring_ended_on=ON))


@given(status=st.sampled_from(list(PovertyStatus)),
       ended=st.one_of(st.none(), st.dates(D(2020, 1, 1), D(2030, 12, 31))),
       major=st.booleans())
def test_round_trip_keeps_the_new_fields(
    status: PovertyStatus, ended: dt.date | None, major: bool
) -> None:
    p = person(status=status, monitoring_ended_on=ended, has_major_bad_credit_record=major)
    data = to_dict(p)
    assert data["status"] == status.value
    assert from_dict(data, NaturalPerson) == p
    # a record of part B (no status key) still reads, and status is derived
    old = {"id": "P-1", "birth_date": "1980-05-01", "registered_poor": p.registered_poor}
    assert from_dict(old, NaturalPerson).status is (
        S.REGISTERED_POOR if p.registered_poor else S.NONE)


def test_from_dict_names_registered_poor_when_neither_is_given() -> None:
    with pytest.raises(InvalidInputError) as info:
        from_dict({"id": "P-1", "birth_date": "1980-05-01", "colour": "red"}, NaturalPerson)
    # problems come in the model's field order, unknown keys last
    assert [p.field for p in info.value.problems] == ["registered_poor", "colour"]
    assert from_dict({"id": "P", "birth_date": "1980-05-01", "status": "removed"},
                     NaturalPerson).status is S.REMOVED


# --- check_eligibility: the target group ---------------------------------------------------------


def test_seed_code_stays_not_registered_poor_for_every_status() -> None:
    """The seed lends to REGISTERED_POOR and LIFTED_OUT (a subset of 建档立卡): the code stays
    NOT_REGISTERED_POOR; a removed or monitored household fails it, naming its status."""
    assert check_eligibility(person(status="lifted_out"), ON)
    d = check_eligibility(person(status="removed"), ON)
    assert d.codes == (C.NOT_REGISTERED_POOR,)
    assert d.reasons[0].message == (
        "not registered as a poor household (建档立卡) in the poverty information system on "
        "2024-06-30 (status removed: 动态调出户)")
    assert d.reasons[0].article == "Art. 9(1)"
    assert d.policy_id == "x-county-measures"


def test_a_policy_lending_only_to_the_not_yet_lifted_out() -> None:
    only = attrs.evolve(DEFAULT_POLICY, eligible_statuses=["registered_poor"])
    d = check_eligibility(person(status="lifted_out"), ON, only)
    assert d.codes == (C.NOT_REGISTERED_POOR,)
    assert "lends only to registered poor households not yet lifted out" in d.reasons[0].message
    ok = check_eligibility(person(registered_poor=True), ON, only)
    assert ok.findings[0].message.endswith("on 2024-06-30, not yet lifted out of poverty")


# (status, monitoring ended on, eligible under 2021 on 2024-06-30?, why); the ids stay ASCII
# (建档立卡, 脱贫人口, 动态调出 in pinyin): see pytest_make_parametrize_id in conftest.py
GROUP_CASES = [
    (S.REGISTERED_POOR, None, True, "jiandang lika data marked registered poor keeps working"),
    (S.LIFTED_OUT, None, True, "tuopin renkou (lifted out of poverty)"),
    (S.REMOVED, None, True, "dongtai tiaochu (removed) households keep access (2021)"),
    (S.MONITORED_MARGINAL, None, True, "monitored, monitoring not ended"),
    (S.MONITORED_UNSTABLE, D(2024, 7, 1), True, "monitoring ends tomorrow: still active"),
    (S.MONITORED_HARDSHIP, D(2024, 6, 30), False, "monitoring ended today: no longer counts"),
    (S.IN_NEED, None, False, "the 2026 group is not the 2021 one"),
    (S.NONE, None, False, "no status"),
]


@pytest.mark.parametrize(("status", "ended", "ok", "why"), GROUP_CASES,
                         ids=[c[-1] for c in GROUP_CASES])
def test_2021_target_group(status: PovertyStatus, ended: dt.date | None, ok: bool,
                           why: str) -> None:
    """national-2021 lends beyond 建档立卡: the finding is NOT_IN_TARGET_GROUP; a monitored
    household counts while monitoring_ended_on is None or after ``on`` (2024-06-30)."""
    p = person(status=status, monitoring_ended_on=ended)
    d = check_eligibility(p, ON, COUNTY_2021)
    first = d.findings[0]
    assert first.code is C.NOT_IN_TARGET_GROUP
    assert first.passed is ok
    assert first.article is None  # national-2021 carries no citations: the document is named
    assert "银保监发〔2021〕6号" in first.message
    assert in_target_group(p, ON, COUNTY_2021) is ok
    assert d.policy_id == "national-2021"


def test_monitoring_end_is_ignored_for_statuses_that_are_not_monitored() -> None:
    p = person(status="removed", monitoring_ended_on=D(2022, 1, 1))
    assert check_eligibility(p, ON, COUNTY_2021).findings[0].passed


def test_monitoring_ended_message() -> None:
    d = check_eligibility(person(status="monitored_hardship", monitoring_ended_on=ON), ON,
                          COUNTY_2021)
    assert d.reasons[0].message == (
        "not in the target group on 2024-06-30: the monitoring of this monitored_hardship "
        "household (突发严重困难户) ended on 2024-06-30; a monitored household counts only while "
        "its monitoring is active (银保监发〔2021〕6号)")


def test_five_guarantee_not_excluded_and_unset() -> None:
    """exclude_five_guarantee false: a 五保户 passes; national-2021 leaves it unset, so only a
    five-guarantee person makes the rule refuse (nobody else needs the value)."""
    free = attrs.evolve(DEFAULT_POLICY, exclude_five_guarantee=False)
    d = check_eligibility(person(registered_poor=True, five_guarantee=True), ON, free)
    assert d
    assert d.findings[1].message == "a five-guarantee household, not excluded by the Measures"
    assert check_eligibility(person(status="lifted_out"), ON, N2021)
    with pytest.raises(InvalidInputError, match="national-2021 does not set exclude_five"):
        check_eligibility(person(status="lifted_out", five_guarantee=True), ON, N2021)


@pytest.mark.parametrize(
    ("bad", "major", "passed", "words"),
    [
        (False, False, True, "no major bad credit record on 2024-06-30"),
        (True, False, True, "a bad credit record that is not major does not exclude"),
        (True, True, False, "has a major bad credit record on 2024-06-30, which excludes"),
        (False, True, False, "has a major bad credit record"),
    ],
)
def test_major_bad_credit_record_takes_the_place_of_bad_credit_record(
    bad: bool, major: bool, passed: bool, words: str
) -> None:
    p = person(status="lifted_out", has_bad_credit_record=bad, has_major_bad_credit_record=major)
    d = check_eligibility(p, ON, COUNTY_2021)
    codes = [r.code for r in d.findings]
    assert C.BAD_CREDIT_RECORD not in codes
    assert codes[3] is C.MAJOR_BAD_CREDIT_RECORD
    assert d.findings[3].passed is passed
    assert words in d.findings[3].message


def test_under_the_seed_a_major_record_alone_does_not_exclude() -> None:
    d = check_eligibility(person(registered_poor=True, has_major_bad_credit_record=True), ON)
    assert d
    assert d.findings[3].code is C.BAD_CREDIT_RECORD
    assert "shall all be included (应全部纳入)" in d.findings[3].message


def test_unset_bad_credit_rule_refuses_only_for_a_major_record() -> None:
    n2017 = attrs.evolve(preset("national-2017"), min_age=18, max_age=65,
                         exclude_five_guarantee=True)
    assert check_eligibility(person(registered_poor=True), ON, n2017)
    with pytest.raises(InvalidInputError, match="bad_credit_excludes"):
        check_eligibility(person(registered_poor=True, has_major_bad_credit_record=True), ON,
                          n2017)


def test_unset_age_limit_refuses() -> None:
    with pytest.raises(InvalidInputError, match="national-2017 does not set max_age"):
        check_eligibility(person(registered_poor=True), ON, preset("national-2017"))


# --- legal entities ------------------------------------------------------------------------------


def entity(*households: NaturalPerson) -> LegalEntity:
    return LegalEntity(id="E-1", name="Tea Co-op", kind=EntityKind.COOPERATIVE, agreements=[
        DrivingAgreement(household=h, signed_on=D(2024, 1, 1)) for h in households])


def test_entities_count_households_of_the_same_target_group() -> None:
    """A removed (动态调出) and a monitored household: not counted under the seed, counted under
    a 2021-style county policy that still lends to entities; the old two-argument call keeps
    the seed's group."""
    a = person("A", registered_poor=True)
    b = person("B", status="removed")
    c = person("C", status="monitored_marginal")
    e = entity(a, b, c)
    assert [p.id for p in counted_households(e, ON)] == ["A"]
    lending = attrs.evolve(COUNTY_2021, entity_lending=True)
    assert [p.id for p in counted_households(e, ON, lending)] == ["A", "B", "C"]
    # 100 000 a household under 2021 × 3 counted = 300 000
    assert entity_credit_limit(e, ON, lending) == 300000
    message = check_eligibility(e, ON).findings[0].message
    assert "not counted: B (not in the target group (removed)), " in message
    ended = person("D", status="monitored_unstable", monitoring_ended_on=D(2024, 3, 1))
    zh = check_eligibility(entity(ended), ON, lending).reasons[0].message_zh
    assert "D（已于2024-03-01结束监测）" in zh


def test_entity_lending_not_allowed() -> None:
    """national-2019/2021: not handed to enterprises. check_eligibility and check_loan_terms put
    a failed ENTITY_LENDING_NOT_ALLOWED first; the seed adds no such finding."""
    e = entity(person("A", registered_poor=True))
    d = check_eligibility(e, ON, N2019)
    assert [r.code for r in d.findings] == [C.ENTITY_LENDING_NOT_ALLOWED, C.NO_DRIVING_AGREEMENT]
    assert d.codes == (C.ENTITY_LENDING_NOT_ALLOWED,)
    assert d.reasons[0].article is None
    assert "银保监发〔2019〕24号" in d.reasons[0].message
    loan = Loan(id="L-E", borrower=e, lender="credit_union", principal="50000",
                start_date=D(2019, 6, 1), maturity_date=D(2020, 6, 1), annual_rate="0.0435")
    terms = check_loan_terms(loan, N2019)
    assert terms.findings[0].code is C.ENTITY_LENDING_NOT_ALLOWED
    assert not terms
    assert check_loan_terms(loan).findings[0].code is C.AMOUNT_ABOVE_ENTITY_LIMIT
    with pytest.raises(InvalidInputError, match="national-2017 does not set entity_lending"):
        check_eligibility(e, ON, preset("national-2017"))


@given(status=st.sampled_from(list(PovertyStatus)),
       ended=st.one_of(st.none(), st.dates(D(2020, 1, 1), D(2030, 12, 31))),
       on=st.dates(D(2021, 1, 1), D(2030, 12, 31)),
       flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()))
def test_2021_findings_complete_and_ordered(
    status: PovertyStatus, ended: dt.date | None, on: dt.date,
    flags: tuple[bool, bool, bool, bool],
) -> None:
    """Every rule once, in order, under any status; the target-group finding passes exactly when
    in_target_group says so; the verdict is the AND of the findings."""
    five, bad_loans, bad, major = flags
    p = person(status=status, monitoring_ended_on=ended, five_guarantee=five,
               has_outstanding_bad_loans=bad_loans, has_bad_credit_record=bad,
               has_major_bad_credit_record=major)
    d = check_eligibility(p, on, COUNTY_2021)
    assert [r.code for r in d.findings] == [
        C.NOT_IN_TARGET_GROUP, C.FIVE_GUARANTEE_HOUSEHOLD, C.OUTSTANDING_BAD_LOANS,
        C.MAJOR_BAD_CREDIT_RECORD, C.AGE_ABOVE_LIMIT, C.AGE_BELOW_LIMIT]
    assert d.findings[0].passed is in_target_group(p, on, COUNTY_2021)
    assert d.findings[3].passed is not major
    assert bool(d) == all(r.passed for r in d.findings)
    assert all(r.message and r.message_zh for r in d.findings)
