"""check_disbursement and filing_deadline (Art. 17).

The filing deadlines are counted by hand from the State Council's 2026 schedule (domain-facts §6.3):
Spring Festival off 2/15-2/23 with Saturdays 2/14 and 2/28 working; Mid-Autumn off 9/25-9/27;
National Day off 10/1-10/7 with Sunday 9/20 and Saturday 10/10 working. 2026-01-01 is a Thursday.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Application,
    CalendarDataMissing,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    ReasonCode,
    Review,
    Stamp,
    check_disbursement,
    filing_deadline,
)
from strategies_rules import junk

D = dt.date
C = ReasonCode
PERSON = NaturalPerson(id="P-1", birth_date=D(1975, 6, 1), registered_poor=True)
ENTITY = LegalEntity(id="E-1", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
    DrivingAgreement(household=PERSON, signed_on=D(2025, 1, 1))])
ALL_REVIEWS = frozenset(Review)
ALL_STAMPS = frozenset(Stamp)
ORDER = (C.MISSING_REVIEW,) * 3 + (C.MISSING_APPROVAL,) + (C.MISSING_STAMP,) * 3 + (C.FILING_LATE,)


START = D(2026, 2, 10)


def loan(start: dt.date = START, borrower: object = PERSON) -> Loan:
    return Loan(id="L-1", borrower=borrower, lender="credit_union",  # type: ignore[arg-type]
                principal="50000", start_date=start, maturity_date=D(2028, 1, 1),
                annual_rate="0.0475")


def app(start: dt.date = START, borrower: object = PERSON, **kw: object) -> Application:
    kw.setdefault("reviews", ALL_REVIEWS)
    kw.setdefault("stamps", ALL_STAMPS)
    return Application(loan=loan(start, borrower), **kw)  # type: ignore[arg-type]


# --- the filing deadline ---------------------------------------------------------------------

DEADLINES = [
    # Loan on Tue 2026-02-10. Working days after it: 2/11 (1), 2/12 (2), 2/13 (3), Sat 2/14
    # adjusted (4); 2/15-2/23 off; 2/24 (5), 2/25 (6), 2/26 (7), 2/27 (8), Sat 2/28 adjusted (9);
    # Sun 3/1 off; 3/2 (10), 3/3 (11), 3/4 (12), 3/5 (13), 3/6 (14); weekend; Mon 3/9 (15).
    (D(2026, 2, 10), D(2026, 3, 9), "across the Spring Festival"),
    # Loan on Fri 2026-09-18. Sat 9/19 off; Sun 9/20 adjusted (1); 9/21 (2), 9/22 (3), 9/23 (4),
    # 9/24 (5); 9/25-9/27 Mid-Autumn off; 9/28 (6), 9/29 (7), 9/30 (8); 10/1-10/7 off; Thu 10/8
    # (9), Fri 10/9 (10), Sat 10/10 adjusted (11); Sun 10/11 off; 10/12 (12), 10/13 (13),
    # 10/14 (14), Thu 10/15 (15).
    (D(2026, 9, 18), D(2026, 10, 15), "across Mid-Autumn and National Day"),
    # Loan on Sat 2026-03-07 (a non-working day): Mon 3/9 is the 1st; 3 weeks of 5 = 15 → Fri 3/27.
    (D(2026, 3, 7), D(2026, 3, 27), "loan made on a weekend"),
]


@pytest.mark.parametrize(("loan_date", "deadline", "why"), DEADLINES,
                         ids=[c[-1] for c in DEADLINES])
def test_filing_deadline(loan_date: dt.date, deadline: dt.date, why: str) -> None:
    assert filing_deadline(loan_date) == deadline


def test_filing_deadline_with_policy_and_one_day() -> None:
    """One working day after Fri 2026-02-13 is the adjusted working Saturday 2026-02-14."""
    policy = attrs.evolve(DEFAULT_POLICY, filing_working_days=1)
    assert filing_deadline(D(2026, 2, 13), policy) == D(2026, 2, 14)


def test_filing_deadline_beyond_the_calendar_data() -> None:
    """Loan on Sun 2026-12-20: only 9 working days left in 2026 (12/21-25, 12/28-31), the 15th
    lies in 2027, for which there is no official schedule yet."""
    with pytest.raises(CalendarDataMissing):
        filing_deadline(D(2026, 12, 20))


class WeekdaysOnly:
    """A user calendar: Monday to Friday, no holidays."""

    def is_working_day(self, day: dt.date, /) -> bool:
        return day.weekday() < 5


def test_filing_deadline_with_a_user_calendar() -> None:
    """Weekdays only, from Tue 2026-02-10: 2/11-2/13 (3), 2/16-2/20 (8), 2/23-2/27 (13),
    3/2 (14), 3/3 (15) — the holidays are ignored by this calendar."""
    assert filing_deadline(D(2026, 2, 10), calendar=WeekdaysOnly()) == D(2026, 3, 3)


@pytest.mark.parametrize(("args", "field"), [
    ((dt.datetime(2026, 2, 10, 9, 0),), "loan_date"),
    (("2026-02-10",), "loan_date"),
    ((D(2026, 2, 10), {"filing_working_days": 15}), "policy"),
    ((D(2026, 2, 10), DEFAULT_POLICY, "official"), "calendar"),
])
def test_filing_deadline_bad_input(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        filing_deadline(*args)  # type: ignore[arg-type]
    assert info.value.field == field


# --- check_disbursement ----------------------------------------------------------------------

def test_complete_natural_person_application() -> None:
    decision = check_disbursement(app(filed_on=D(2026, 3, 9)))
    assert decision
    assert decision.subject == "L-1"
    assert tuple(r.code for r in decision.findings) == ORDER
    assert [r.article for r in decision.findings] == ["Art. 17(2)"] * 4 + ["Art. 17(3)"] * 4


def test_natural_person_missing_everything() -> None:
    """No review, no stamp: one reason per missing review and per missing stamp, each named in
    both languages; the leading group is not needed for a natural person."""
    decision = check_disbursement(app(reviews=(), stamps=()))
    assert decision.codes == (C.MISSING_REVIEW,) * 3 + (C.MISSING_STAMP,) * 3
    for r, review in zip(decision.reasons[:3], Review, strict=True):
        assert review.label("en") in r.message
        assert review.label("zh") in r.message_zh
    for r, stamp in zip(decision.reasons[3:], Stamp, strict=True):
        assert stamp.label("en") in r.message
        assert stamp.label("zh") in r.message_zh
    approval = decision.findings[3]
    assert approval.passed
    assert "not required for a natural-person loan" in approval.message


@pytest.mark.parametrize("missing", list(Review))
def test_natural_person_needs_each_review(missing: Review) -> None:
    decision = check_disbursement(app(reviews=ALL_REVIEWS - {missing}))
    assert decision.codes == (C.MISSING_REVIEW,)
    assert missing.label("en") in decision.reasons[0].message


@pytest.mark.parametrize("missing", list(Stamp))
def test_each_stamp_is_needed(missing: Stamp) -> None:
    for borrower, approved in ((PERSON, False), (ENTITY, True)):
        decision = check_disbursement(app(borrower=borrower, stamps=ALL_STAMPS - {missing},
                                          leading_group_approved=approved))
        assert decision.codes == (C.MISSING_STAMP,)
        assert missing.label("zh") in decision.reasons[0].message_zh


def test_entity_needs_two_reviews_and_the_leading_group() -> None:
    """A legal entity: poverty office and finance office, then the leading group; the PBoC
    review is not required (a passed finding that says so)."""
    reviews = {Review.POVERTY_OFFICE, Review.FINANCE_OFFICE}
    granted = check_disbursement(app(borrower=ENTITY, reviews=reviews, leading_group_approved=True))
    assert granted
    assert tuple(r.code for r in granted.findings) == ORDER
    pboc = granted.findings[2]
    assert pboc.passed
    assert "not required for a legal-entity loan" in pboc.message
    denied = check_disbursement(app(borrower=ENTITY, reviews={Review.POVERTY_OFFICE}))
    assert denied.codes == (C.MISSING_REVIEW, C.MISSING_APPROVAL)
    assert "finance office" in denied.reasons[0].message
    assert "leading group" in denied.reasons[1].message


@pytest.mark.parametrize(("start", "filed", "late"), [
    (D(2026, 2, 10), D(2026, 2, 10), False),  # same day
    (D(2026, 2, 10), D(2026, 3, 9), False),  # on the deadline (see DEADLINES)
    (D(2026, 2, 10), D(2026, 3, 10), True),  # the day after
    (D(2026, 9, 18), D(2026, 10, 15), False),
    (D(2026, 9, 18), D(2026, 10, 16), True),
])
def test_filing_late(start: dt.date, filed: dt.date, late: bool) -> None:
    decision = check_disbursement(app(start, filed_on=filed))
    assert decision.codes == ((C.FILING_LATE,) if late else ())
    message = decision.findings[-1].message
    assert filing_deadline(start).isoformat() in message
    assert "15 working days after the loan date" in message


def test_filing_late_message() -> None:
    decision = check_disbursement(app(filed_on=D(2026, 3, 10)))
    assert decision.reasons[0].message == (
        "filed on 2026-03-10, after the deadline 2026-03-09 (15 working days after the loan date "
        "2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)")
    assert "超过期限2026-03-09" in decision.reasons[0].message_zh


def test_not_filed_yet_shows_the_deadline() -> None:
    finding = check_disbursement(app()).findings[-1]
    assert finding.passed
    assert "not filed yet" in finding.message
    assert "2026-03-09" in finding.message


def test_not_filed_yet_beyond_the_calendar_data() -> None:
    """Deadline in 2027 (see test_filing_deadline_beyond_the_calendar_data), not filed: no error,
    the other checks are still reported; the finding says the deadline cannot be computed yet."""
    decision = check_disbursement(app(D(2026, 12, 20), stamps={Stamp.VILLAGE}))
    assert decision.codes == (C.MISSING_STAMP, C.MISSING_STAMP)
    finding = decision.findings[-1]
    assert finding.passed
    assert "cannot be computed yet" in finding.message


def test_filed_within_the_data_though_the_deadline_is_beyond() -> None:
    """Loan Sun 2026-12-20, filed Mon 2026-12-28: 12/21-12/25 and 12/28 = 6 working days, at most
    15: on time, exactly, without knowing 2027."""
    finding = check_disbursement(app(D(2026, 12, 20), filed_on=D(2026, 12, 28))).findings[-1]
    assert finding.passed
    assert "6 working day(s) after the loan date: on time" in finding.message


def test_filed_beyond_the_calendar_data_raises() -> None:
    """Filed 2027-01-05: whether that is within 15 working days depends on the 2027 schedule."""
    with pytest.raises(CalendarDataMissing):
        check_disbursement(app(D(2026, 12, 20), filed_on=D(2027, 1, 5)))


def test_user_calendar() -> None:
    """Weekdays only: the deadline from 2026-02-10 is 2026-03-03 (see above); 03-04 is late."""
    cal = WeekdaysOnly()
    assert check_disbursement(app(filed_on=D(2026, 3, 3)), calendar=cal)
    assert check_disbursement(app(filed_on=D(2026, 3, 4)), calendar=cal).codes == (C.FILING_LATE,)


class Year2026Only(WeekdaysOnly):
    """A user calendar that knows 2026 only."""

    def is_working_day(self, day: dt.date, /) -> bool:
        if day.year != 2026:
            raise CalendarDataMissing(f"no data for {day.year}")
        return super().is_working_day(day)


class Talkative:
    def is_working_day(self, day: dt.date, /) -> object:
        return "yes"


def test_user_calendar_without_the_year_and_bad_calendars() -> None:
    cal = Year2026Only()
    # Weekdays from Sun 12/20: 12/21-25 (5), 12/28-31 (9): the deadline is in 2027.
    assert check_disbursement(app(D(2026, 12, 20), filed_on=D(2026, 12, 31)), calendar=cal)
    with pytest.raises(CalendarDataMissing):
        check_disbursement(app(D(2026, 12, 20), filed_on=D(2027, 1, 4)), calendar=cal)
    with pytest.raises(InvalidInputError) as info:
        check_disbursement(app(filed_on=D(2026, 3, 3)), calendar=Talkative())  # type: ignore[arg-type]
    assert info.value.field == "calendar"


class IntsAfterMissing(Year2026Only):
    """Bools (2026 weekdays) until it has reported missing data once, then ints: the deadline's
    count meets 2027 and fails, then the exact count meets the ints."""

    def __init__(self) -> None:
        self.missing_reported = False

    def is_working_day(self, day: dt.date, /) -> bool:
        if self.missing_reported:
            return 1 if day.weekday() < 5 else 0  # type: ignore[return-value]
        try:
            return super().is_working_day(day)
        except CalendarDataMissing:
            self.missing_reported = True
            raise


def test_non_bool_calendar_beyond_the_deadline_branch() -> None:
    """The exact count used when the deadline is beyond the data also refuses non-bool answers."""
    with pytest.raises(InvalidInputError) as info:
        check_disbursement(app(D(2026, 12, 20), filed_on=D(2026, 12, 28)),
                           calendar=IntsAfterMissing())
    assert info.value.field == "calendar"


@given(value=junk)
def test_junk_raises_only_invalid_input(value: object) -> None:
    for call in (lambda: check_disbursement(value),  # type: ignore[arg-type]
                 lambda: check_disbursement(app(), value),  # type: ignore[arg-type]
                 lambda: check_disbursement(app(), DEFAULT_POLICY, value),  # type: ignore[arg-type]
                 lambda: filing_deadline(value)):  # type: ignore[arg-type]
        with contextlib.suppress(InvalidInputError):
            call()


@given(start=st.dates(min_value=D(2016, 1, 1), max_value=D(2026, 11, 30)),
       days=st.integers(min_value=0, max_value=40))
def test_filing_is_late_exactly_after_the_deadline(start: dt.date, days: int) -> None:
    """Within the calendar's data, FILING_LATE fails exactly when filed after the deadline. The
    deadline is at least 15 days after the loan date (15 working days) and at most 35, a generous
    bound: three working weeks (21 days) plus the longest official break (10 days, 2020)."""
    deadline = filing_deadline(start)
    assert 15 <= (deadline - start).days <= 35
    filed = start + dt.timedelta(days=days)
    decision = check_disbursement(app(start, filed_on=filed))
    assert (C.FILING_LATE in decision.codes) == (filed > deadline)


def test_every_bad_argument_is_reported_at_once() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_disbursement("A", None, "cal")  # type: ignore[arg-type]
    assert [p.field for p in info.value.problems] == ["application", "policy", "calendar"]
