"""Approval and filing before and after disbursement (Art. 17).

:func:`check_disbursement` evaluates, always in this order and for every borrower:

1. ``MISSING_REVIEW`` × 3 — one finding per :class:`~poverty_credit.Review`, in the order
   ``POVERTY_OFFICE``, ``FINANCE_OFFICE``, ``PBOC_BRANCH`` (Art. 17(2)). A natural person needs all
   three; a legal entity needs the first two, and its ``PBOC_BRANCH`` finding is a passed "not
   required";
2. ``MISSING_APPROVAL`` — a legal entity needs the leading group's approval (Art. 17(2) 报县金融扶贫
   工作领导小组批准); for a natural person it is a passed "not required" (the reviewing offices
   approve);
3. ``MISSING_STAMP`` × 3 — one finding per :class:`~poverty_credit.Stamp`, ``VILLAGE``, ``TOWN``,
   ``COUNTY`` (Art. 17(3) 经村、镇、县扶农办盖章后才能发放贷款);
4. ``FILING_LATE`` — the list of borrowers is filed within ``policy.filing_working_days`` (15)
   working days from the loan date (Art. 17(3) 贷款之日起15个工作日内); see :func:`filing_deadline`.

Working days come from the official calendar (:class:`~poverty_credit.OfficialCalendar`) or from a
calendar the caller passes (any object with ``is_working_day(date) -> bool``). The calendar data
ends with the last year whose State Council schedule is known: beyond it
:class:`~poverty_credit.CalendarDataMissing` is raised rather than guessed.

The procedure is judged on its own: the borrower's eligibility and the loan's terms are
:func:`~poverty_credit.check_eligibility` and :func:`~poverty_credit.check_loan_terms`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from poverty_credit._money import describe
from poverty_credit._validate import validate_all
from poverty_credit.decision import Decision, Reason, ReasonCode, check, finding
from poverty_credit.errors import CalendarDataMissing, InvalidInputError
from poverty_credit.models import Application, Review, Stamp
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy, require_policy
from poverty_credit.workdays import OfficialCalendar, WorkingDayCalendar, add_working_days

__all__ = ["check_disbursement", "filing_deadline"]

_ART_17_2 = "Art. 17(2)"
_ART_17_3 = "Art. 17(3)"
_ONE_DAY = _dt.timedelta(days=1)


def _require_calendar(calendar: object) -> WorkingDayCalendar | None:
    if calendar is not None and not callable(getattr(calendar, "is_working_day", None)):
        raise InvalidInputError.single(
            "calendar",
            f"must be None (the official calendar) or an object with is_working_day(date) -> bool "
            f"(got {describe(calendar)})",
        )
    return calendar  # type: ignore[return-value]


def filing_deadline(
    loan_date: _dt.date, policy: Policy = DEFAULT_POLICY, calendar: WorkingDayCalendar | None = None
) -> _dt.date:
    """The last day to file the list of borrowers (Art. 17(3) "贷款之日起15个工作日内").

    The ``policy.filing_working_days``-th working day *after* ``loan_date``: the loan date itself is
    not counted (Civil Code art. 201), weekends and public holidays are skipped and adjusted working
    weekends (调休上班) count.

    Args:
        loan_date: the day the loan was made (``loan.start_date``).
        policy: the parameters (``filing_working_days``).
        calendar: ``None`` for the built-in official calendar, or any object with
            ``is_working_day(date) -> bool``.

    Returns:
        The deadline; filing on it is on time.

    Raises:
        CalendarDataMissing: the count runs into a year the calendar has no official schedule for
            (it is never guessed from weekends alone).
        InvalidInputError: ``loan_date`` not a date, ``policy`` not a :class:`Policy`, or a
            ``calendar`` without ``is_working_day``.

    >>> import datetime as dt
    >>> filing_deadline(dt.date(2026, 2, 10))  # across the 2026 Spring Festival
    datetime.date(2026, 3, 9)
    """
    loan_date, policy, calendar = validate_all(
        lambda: require_date(loan_date, "loan_date"), lambda: require_policy(policy),
        lambda: _require_calendar(calendar),
    )
    return add_working_days(loan_date, policy.need("filing_working_days"), calendar)


def _working_days_through(
    start: _dt.date, end: _dt.date, calendar: WorkingDayCalendar | None
) -> int:
    """Working days in ``(start, end]`` (raises CalendarDataMissing beyond the data)."""
    days = calendar if calendar is not None else OfficialCalendar()
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        verdict = days.is_working_day(day)
        if not isinstance(verdict, bool):
            raise InvalidInputError.single(
                "calendar",
                f"is_working_day({day.isoformat()}) must return a bool (got {describe(verdict)})",
            )
        count += verdict
        day += _ONE_DAY
    return count


def check_disbursement(
    application: Application,
    policy: Policy = DEFAULT_POLICY,
    calendar: WorkingDayCalendar | None = None,
) -> Decision:
    """Whether a loan was reviewed, approved and stamped before disbursement and filed in time
    (Art. 17); every rule is evaluated.

    Findings, in order: ``MISSING_REVIEW`` for the poverty office, the finance office and the PBoC
    branch; ``MISSING_APPROVAL``; ``MISSING_STAMP`` for the village, the town and the county
    poverty office; ``FILING_LATE``. See the module documentation for who needs what.

    Filing: when ``application.filed_on`` is given, it is late if after
    :func:`filing_deadline` of the loan's start date. When the deadline lies beyond the calendar's
    data but ``filed_on`` does not, the answer is still exact: the working days up to ``filed_on``
    are counted (at most the limit: on time). When ``filed_on`` itself lies beyond the data,
    :class:`~poverty_credit.CalendarDataMissing` is raised. When ``filed_on`` is ``None`` the filing
    is not judged yet (a passed finding showing the deadline, or saying it cannot be computed yet:
    no error is raised then).

    Args:
        application: the application.
        policy: the parameters (``filing_working_days``).
        calendar: ``None`` for the built-in official calendar, or any object with
            ``is_working_day(date) -> bool``.

    Returns:
        A :class:`Decision` whose ``subject`` is the loan's id.

    Raises:
        CalendarDataMissing: ``filed_on`` is given and lies beyond the calendar's data.
        InvalidInputError: ``application`` not an :class:`Application`, ``policy`` not a
            :class:`Policy`, or a bad ``calendar``.

    >>> import datetime as dt
    >>> from poverty_credit import Loan, NaturalPerson
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L-1", borrower=p, lender="credit_union", principal="50000",
    ...             start_date=dt.date(2026, 2, 10), maturity_date=dt.date(2027, 2, 10),
    ...             annual_rate="0.0435")
    >>> app = Application(loan=loan, reviews={"poverty_office", "finance_office"},
    ...                   stamps={"village", "town", "county"}, filed_on=dt.date(2026, 3, 10))
    >>> decision = check_disbursement(app)
    >>> [(r.code.value, r.article) for r in decision.reasons]
    [('MISSING_REVIEW', 'Art. 17(2)'), ('FILING_LATE', 'Art. 17(3)')]
    >>> print(decision.reasons[1].message)
    filed on 2026-03-10, after the deadline 2026-03-09 (15 working days after the loan date
    2026-02-10, the loan date not counted; Art. 17(3) 15个工作日内)
    """
    application, policy, calendar = validate_all(
        lambda: _require_application(application), lambda: require_policy(policy),
        lambda: _require_calendar(calendar),
    )
    return Decision.of(_findings(application, policy, calendar), subject=application.loan.id)


def _require_application(application: object) -> Application:
    if not isinstance(application, Application):
        raise InvalidInputError.single(
            "application", f"must be an Application (got {describe(application)})"
        )
    return application


def _findings(
    app: Application, policy: Policy, calendar: WorkingDayCalendar | None
) -> Iterator[Reason]:
    person = app.loan.is_natural_person
    kind, kind_zh = ("a natural-person loan", "自然人客户") if person else (
        "a legal-entity loan", "法人客户")
    for review in Review:
        label, label_zh = review.label("en"), review.label("zh")
        if review is Review.PBOC_BRANCH and not person:
            yield finding(ReasonCode.MISSING_REVIEW, _ART_17_2, True,
                          f"review by the {label} ({label_zh}) is not required for {kind} "
                          "(Art. 17(2): poverty office and finance office, then the leading group)",
                          f"{kind_zh}无需{label_zh}审核（第十七条第（二）项）")
        else:
            yield check(
                review in app.reviews, ReasonCode.MISSING_REVIEW, _ART_17_2,
                passed=(f"reviewed by the {label} ({label_zh})", f"已经{label_zh}审核"),
                failed=(f"not reviewed by the {label} ({label_zh}); {kind} needs it (Art. 17(2))",
                        f"未经{label_zh}审核；{kind_zh}须经其审核（第十七条第（二）项）"),
            )
    yield _approval(app, person)
    for stamp in Stamp:
        label, label_zh = stamp.label("en"), stamp.label("zh")
        yield check(
            stamp in app.stamps, ReasonCode.MISSING_STAMP, _ART_17_3,
            passed=(f"stamped by the {label} ({label_zh})", f"已加盖{label_zh}公章"),
            failed=(f"not stamped by the {label} ({label_zh}); the loan may be disbursed only "
                    "after the village, town and county poverty office stamps (Art. 17(3))",
                    f"未加盖{label_zh}公章；经村、镇、县扶农办盖章后才能发放贷款"
                    "（第十七条第（三）项）"),
        )
    yield _filing(app, policy, calendar)


def _approval(app: Application, person: bool) -> Reason:
    if person:
        return finding(ReasonCode.MISSING_APPROVAL, _ART_17_2, True,
                       "the leading group's approval is not required for a natural-person loan "
                       "(Art. 17(2): approved by the reviewing offices)",
                       "自然人客户无需县金融扶贫工作领导小组批准（由审核部门审核后批准）")
    if app.leading_group_approved:
        return finding(ReasonCode.MISSING_APPROVAL, _ART_17_2, True,
                       "approved by the county leading group for financial poverty alleviation",
                       "已经县金融扶贫工作领导小组批准")
    return finding(ReasonCode.MISSING_APPROVAL, _ART_17_2, False,
                   "not approved by the county leading group for financial poverty alleviation; "
                   "a legal-entity loan needs it after the reviews (Art. 17(2))",
                   "未经县金融扶贫工作领导小组批准；法人客户须审核后报领导小组批准（第十七条第（二）项）")


def _filing(app: Application, policy: Policy, calendar: WorkingDayCalendar | None) -> Reason:
    n = policy.need("filing_working_days")
    start = app.loan.start_date
    counted = (f"{n} working days after the loan date {start.isoformat()}, the loan date not "
               f"counted; Art. 17(3) {n}个工作日内")
    counted_zh = f"贷款之日{start.isoformat()}起{n}个工作日内，贷款当日不计入；第十七条第（三）项"
    try:
        deadline: _dt.date | None = filing_deadline(start, policy, calendar)
    except CalendarDataMissing as exc:
        if app.filed_on is None:
            return finding(ReasonCode.FILING_LATE, _ART_17_3, True,
                           f"not filed yet: filing is not judged; the deadline ({counted}) cannot "
                           f"be computed yet: {exc}",
                           f"尚未备案，暂不评判；备案期限（{counted_zh}）暂无法计算：日历数据不足")
        deadline = None
    filed = app.filed_on
    if filed is None:
        assert deadline is not None
        return finding(ReasonCode.FILING_LATE, _ART_17_3, True,
                       f"not filed yet: filing is not judged; the deadline is "
                       f"{deadline.isoformat()} ({counted})",
                       f"尚未备案，暂不评判；备案期限为{deadline.isoformat()}（{counted_zh}）")
    if deadline is None:
        # The deadline lies beyond the calendar's data; filed_on may not: count up to it (this
        # raises CalendarDataMissing when filed_on itself is beyond the data).
        used = _working_days_through(start, filed, calendar)
        return finding(ReasonCode.FILING_LATE, _ART_17_3, True,
                       f"filed on {filed.isoformat()}, {used} working day(s) after the loan date: "
                       f"on time ({counted}; the deadline itself lies beyond the calendar's data)",
                       f"{filed.isoformat()}备案，为贷款后第{used}个工作日，未逾期（{counted_zh}）")
    if filed <= deadline:
        return finding(ReasonCode.FILING_LATE, _ART_17_3, True,
                       f"filed on {filed.isoformat()}, by the deadline {deadline.isoformat()} "
                       f"({counted})",
                       f"{filed.isoformat()}备案，未超过期限{deadline.isoformat()}（{counted_zh}）")
    return finding(ReasonCode.FILING_LATE, _ART_17_3, False,
                   f"filed on {filed.isoformat()}, after the deadline {deadline.isoformat()} "
                   f"({counted})",
                   f"{filed.isoformat()}备案，超过期限{deadline.isoformat()}（{counted_zh}）")

