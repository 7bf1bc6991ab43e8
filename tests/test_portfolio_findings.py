"""check_portfolio and portfolio_metrics: the words, numbers and policy of every result pinned
(issue 14: tests that notice a broken rule). Expected values worked out by hand from SPEC.md
(part B "Portfolio", D2, D4, D7) and the seed policy's citations (Art. 10, 12, 13 of the Measures).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    DrivingAgreement,
    EntityKind,
    LegalEntity,
    Loan,
    NaturalPerson,
    PolicyDocument,
    PolicySchedule,
    PortfolioFigures,
    PovertyStatus,
    Repayment,
    check_portfolio,
    portfolio_metrics,
)

D = Decimal
ON = dt.date(2026, 6, 30)
CU, PS = "credit_union", "postal_savings"
#: the seed policy's document id (SPEC D1: DEFAULT_POLICY.document.id == "x-county-measures")
SEED_ID = "x-county-measures"


def person(pid: str, *, household: str | None = None, stars: int | None = None,
           born: dt.date = dt.date(1980, 1, 1)) -> NaturalPerson:
    return NaturalPerson(id=pid, birth_date=born, household_id=household, star_rating=stars,
                         registered_poor=True)


def monitored(pid: str, *, born: dt.date = dt.date(1990, 1, 1),
              ended: dt.date | None = None) -> NaturalPerson:
    """A 边缘易致贫户 (monitored marginal household); monitoring ended on ``ended`` (None:
    active)."""
    return NaturalPerson(id=pid, birth_date=born, status=PovertyStatus.MONITORED_MARGINAL,
                         monitoring_ended_on=ended)


def loan(lid: str, borrower: NaturalPerson | LegalEntity, principal: str = "30000", *,
         lender: str = CU, start: dt.date = dt.date(2026, 1, 5),
         maturity: dt.date | None = None, repayments: tuple[Repayment, ...] = ()) -> Loan:
    return Loan(id=lid, borrower=borrower, lender=lender, principal=D(principal),
                start_date=start, maturity_date=maturity or start + dt.timedelta(days=365),
                annual_rate=D("0.0435"), repayments=repayments)


def entity(eid: str, *households: NaturalPerson) -> LegalEntity:
    return LegalEntity(id=eid, name=f"合作社 {eid}", kind=EntityKind.COOPERATIVE, agreements=tuple(
        DrivingAgreement(household=h, signed_on=dt.date(2025, 1, 1)) for h in households))


def everything(decision: object) -> list[tuple[str, str | None, str | None, bool, str, str]]:
    """Each finding as (code, article, article_zh, passed, message, message_zh)."""
    return [(r.code.value, r.article, r.article_zh, r.passed, r.message, r.message_zh)
            for r in decision.findings]  # type: ignore[attr-defined]


def capacity_line(lender: str, outstanding: str, capacity: str, allocation: str) -> tuple[
        str, str | None, str | None, bool, str, str]:
    """The passed Art. 13 finding of the seed (leverage 10, "1:10"), for a lender within it."""
    return ("CAPACITY_EXCEEDED", "Art. 13", "第十三条", True,
            f"{lender}: outstanding principal {outstanding} on 2026-06-30 is within its lending "
            f"capacity {capacity} (10 × allocation {allocation}, Art. 13 1:10)",
            f"{lender}于2026-06-30贷款余额{outstanding}元，未超过放贷上限{capacity}元"
            f"（风险补偿金{allocation}元的1:10，第十三条）")


# the seed's allocations (Art. 7): credit union 15 000 000, postal savings 5 000 000;
# capacity = 10 × allocation (Art. 13 "1:10") = 150 000 000 and 50 000 000
CU_IDLE = capacity_line(CU, "0.00", "150000000.00", "15000000.00")
PS_IDLE = capacity_line(PS, "0.00", "50000000.00", "5000000.00")


# -- bad input: the exact problem lists ---------------------------------------------------------


LATE = attrs.evolve(DEFAULT_POLICY, effective_from=dt.date(2027, 1, 1),
                    document=PolicyDocument(id="late", title="late"))
SEED_THEN_LATE = PolicySchedule([DEFAULT_POLICY, LATE])
A = person("A", household="H-1")
STRANGER = loan("L-X", A, lender="agricultural_bank")

BAD_ON_EN = "must be a datetime.date (got '2026-06-30', a str)"
BAD_ON_ZH = "应为日期 datetime.date（实际为 '2026-06-30'（str 类型））"
BAD_POLICY_EN = "must be a Policy or a PolicySchedule (got 'x-county-measures', a str)"

INPUT_ERRORS = [
    # a bad `on` alone (the policy and the loans are fine)
    pytest.param(([loan("L-A", A)], [A], "2026-06-30", DEFAULT_POLICY),
                 [("on", "WRONG_TYPE", BAD_ON_EN, BAD_ON_ZH)], id="bad-on-alone"),
    # a bad policy alone: the lenders cannot be judged, so the unknown lender is not reported
    pytest.param(([STRANGER], [A], ON, SEED_ID),
                 [("policy", "INVALID_VALUE", BAD_POLICY_EN, "取值无效：" + BAD_POLICY_EN)],
                 id="bad-policy-alone"),
    # a schedule whose only policy starts on 2027-01-01: none is in force on 2026-06-30 (SPEC D2
    # "A day before the first policy is InvalidInputError"); the lenders are not judged either
    pytest.param(([STRANGER], [A], ON, PolicySchedule([LATE])),
                 [("on", "INVALID_VALUE",
                   "2026-06-30 is before the first policy of the schedule (late, from 2027-01-01)",
                   "取值无效：2026-06-30 is before the first policy of the schedule (late, from "
                   "2027-01-01)")],
                 id="no-policy-in-force"),
    # a schedule needs the day to know its lenders: with a bad `on` only `on` is reported
    pytest.param(([STRANGER], [A], "2026-06-30", SEED_THEN_LATE),
                 [("on", "WRONG_TYPE", BAD_ON_EN, BAD_ON_ZH)], id="schedule-and-bad-on"),
    # a plain policy knows its lenders without the day: both are reported, `on` first
    pytest.param(([STRANGER], [A], "2026-06-30", DEFAULT_POLICY),
                 [("on", "WRONG_TYPE", BAD_ON_EN, BAD_ON_ZH),
                  ("loans[0].lender", "INVALID_VALUE",
                   "must be a lender of the policy, one of 'credit_union', 'postal_savings' "
                   "(got 'agricultural_bank')",
                   "取值无效：must be a lender of the policy, one of 'credit_union', "
                   "'postal_savings' (got 'agricultural_bank')")],
                 id="policy-and-bad-on"),
    # a bad policy and a bad `on`: the policy first, then `on`
    pytest.param(([], [], "2026-06-30", SEED_ID),
                 [("policy", "INVALID_VALUE", BAD_POLICY_EN, "取值无效：" + BAD_POLICY_EN),
                  ("on", "WRONG_TYPE", BAD_ON_EN, BAD_ON_ZH)], id="bad-policy-and-bad-on"),
    # two different people with one id: the later one is named, and the first one's index
    pytest.param(([], [A, person("A", household="H-2")], ON, DEFAULT_POLICY),
                 [("people[1].id", "INVALID_VALUE",
                   "'A' is also the id of a different record, people[0]",
                   "取值无效：'A' is also the id of a different record, people[0]")],
                 id="two-people-one-id"),
    # three people, the third a different record with the first one's id: people[2] … people[0]
    pytest.param(([], [A, person("B"), person("A", stars=5)], ON, DEFAULT_POLICY),
                 [("people[2].id", "INVALID_VALUE",
                   "'A' is also the id of a different record, people[0]",
                   "取值无效：'A' is also the id of a different record, people[0]")],
                 id="third-person-reuses-an-id"),
]


@pytest.mark.parametrize(("args", "expected"), INPUT_ERRORS)
@pytest.mark.parametrize("fn", [check_portfolio, portfolio_metrics],
                         ids=["check_portfolio", "portfolio_metrics"])
def test_input_problems_exactly(fn: object, args: tuple[object, ...],
                                expected: list[tuple[str, str, str, str]]) -> None:
    assert problems(lambda: fn(*args)) == expected  # type: ignore[operator]


def test_an_exact_repeat_of_a_person_is_ignored() -> None:
    """The same record twice is one person: 1 rated 5-star of 1 = 100.00 % (not 2 of 2)."""
    p = person("P", stars=5)
    found = everything(check_portfolio([], [p, p], ON))
    assert found[0][4] == ("5-star clients: 1 of 1 rated (100.00 %) meets the target of at least "
                           "30 % (Art. 12 占比…以上, inclusive)")


# -- stars (Art. 12): rounding half up, not-applicable findings ---------------------------------


def test_star_shares_are_rounded_half_up() -> None:
    """32 rated: one 5★, sixteen 4★, fifteen 1★.
    5★: 1 / 32 = 0.03125 = 3.125 % → two places ROUND_HALF_UP → 3.13 % (half-even: 3.12);
    1 < 30 % × 32 = 9.6 → below the target.
    ≥ 3★: 1 + 16 = 17; 17 / 32 = 0.53125 = 53.125 % → 53.13 %; 17 ≥ 50 % × 32 = 16 → meets."""
    people = [person(f"P-{i:02d}", stars=5 if i == 0 else 4 if i <= 16 else 1) for i in range(32)]
    assert everything(check_portfolio([], people, ON))[:2] == [
        ("FIVE_STAR_SHARE_LOW", "Art. 12", "第十二条", False,
         "5-star clients: 1 of 32 rated (3.13 %) is below the target of at least 30 % (Art. 12 "
         "占比…以上, inclusive)",
         "5星级客户1人，占已评级32人的3.13 %，未达到30 %以上的目标（第十二条）"),
        ("THREE_STAR_SHARE_LOW", "Art. 12", "第十二条", True,
         "clients with 3 stars or more (interpretation of 3星级): 17 of 32 rated (53.13 %) meets "
         "the target of at least 50 % (Art. 12 占比…以上, inclusive)",
         "3星级及以上客户（解释：含4、5星级）17人，占已评级32人的53.13 %，"
         "达到50 %以上的目标（第十二条）"),
    ]


def test_not_applicable_star_findings_cite_art_12() -> None:
    """Three people, none rated: both Art. 12 targets pass as not applicable (SPEC part B); the
    seed cites Art. 12 (第十二条) for both codes. No loans: one passed Art. 10 finding over 0
    households, and each lender lends 0.00 of its capacity."""
    unrated = [person("U-1"), person("U-2"), person("U-3")]
    assert everything(check_portfolio([], unrated, ON)) == [
        ("FIVE_STAR_SHARE_LOW", "Art. 12", "第十二条", True,
         "not applicable: none of the 3 people given has a star rating",
         "不适用：所列3人均无星级评定"),
        ("THREE_STAR_SHARE_LOW", "Art. 12", "第十二条", True,
         "not applicable: none of the 3 people given has a star rating",
         "不适用：所列3人均无星级评定"),
        ("DUPLICATE_ENTITLEMENT", "Art. 10", "第十条", True,
         "each of the 0 households with an outstanding loan on 2026-06-30 uses its 5321 "
         "entitlement once, within 50000.00 (Art. 10)",
         "2026-06-30有未结清贷款的0户均只享受一次“5321”政策，且未超过50000.00元（第十条）"),
        CU_IDLE,
        PS_IDLE,
    ]


# -- what is outstanding: a yuan still counts ---------------------------------------------------


def test_one_yuan_outstanding_still_counts() -> None:
    """L-A: 30 000 lent on 2026-01-05, 29 999 repaid on 2026-05-01 → 30 000 − 29 999 = 1.00
    outstanding on 2026-06-30 (> 0: the loan counts). One household (H-1) with 1.00 ≤ 50 000;
    the credit union's outstanding principal is 1.00 ≤ 150 000 000."""
    one_left = loan("L-A", A, repayments=(Repayment(on=dt.date(2026, 5, 1), principal=D("29999")),))
    assert everything(check_portfolio([one_left], [A], ON))[2:] == [
        ("DUPLICATE_ENTITLEMENT", "Art. 10", "第十条", True,
         "each of the 1 households with an outstanding loan on 2026-06-30 uses its 5321 "
         "entitlement once, within 50000.00 (Art. 10)",
         "2026-06-30有未结清贷款的1户均只享受一次“5321”政策，且未超过50000.00元（第十条）"),
        capacity_line(CU, "1.00", "150000000.00", "15000000.00"),
        PS_IDLE,
    ]
    # A is eligible (registered poor, 46) and has an own loan outstanding: 1 / 1 = 1.0000
    m = portfolio_metrics([one_left], [A], ON)
    assert m.total == PortfolioFigures(eligible_households=1, eligible_with_loan=1,
                                       registered_households=1, registered_covered=1)


def test_a_loan_repaid_in_full_does_not_count() -> None:
    """30 000 lent, 30 000 repaid on 2026-05-01 → 0.00 outstanding: 0 households, 0.00 lent."""
    repaid = loan("L-A", A, repayments=(Repayment(on=dt.date(2026, 5, 1), principal=D("30000")),))
    found = everything(check_portfolio([repaid], [A], ON))
    assert found[2][4].startswith("each of the 0 households")
    assert found[3:] == [CU_IDLE, PS_IDLE]
    m = portfolio_metrics([repaid], [A], ON)
    assert (m.total.eligible_with_loan, m.total.registered_covered) == (0, 0)


# -- the rates (Art. 7): rounding half up to four places ----------------------------------------


def test_rates_are_rounded_half_up_to_four_places() -> None:
    """32 registered poor people aged 46, each a household of their own: 32 eligible and 32
    registered households. One of them has a credit-union loan outstanding.
    获贷率 = 覆盖率 = 1 / 32 = 0.03125 → four places ROUND_HALF_UP → 0.0313 (half-even: 0.0312).
    Postal savings: 0 / 32 = 0.0000."""
    people = [person(f"P-{i:02d}") for i in range(32)]
    m = portfolio_metrics([loan("L-0", people[0])], people, ON)
    one_of_32 = PortfolioFigures(eligible_households=32, eligible_with_loan=1,
                                 registered_households=32, registered_covered=1)
    assert m.total == m.per_lender[CU] == one_of_32
    assert (m.total.loan_access_rate, m.total.coverage_rate) == (D("0.0313"), D("0.0313"))
    ps = m.per_lender[PS]
    assert (ps.loan_access_rate, ps.coverage_rate) == (D("0.0000"), D("0.0000"))


@pytest.mark.parametrize(
    ("count", "total", "rate"),
    [
        (1, 32, "0.0313"),  # 0.03125 → half up → 0.0313
        (3, 32, "0.0938"),  # 0.09375 → 0.0938
        (1, 3, "0.3333"),  # 0.33333… → 0.3333
        (2, 3, "0.6667"),  # 0.66666… → 0.6667
        (5, 16, "0.3125"),  # exact in four places
        (1, 20000, "0.0001"),  # 0.00005 → half up → 0.0001 (half-even: 0.0000)
        (32, 32, "1.0000"),
    ],
)
def test_figures_rate(count: int, total: int, rate: str) -> None:
    f = PortfolioFigures(eligible_households=total, eligible_with_loan=count,
                         registered_households=total, registered_covered=count)
    assert f.loan_access_rate == f.coverage_rate == D(rate)


# -- the policy in force is the one read (SPEC D2, D4, D7) --------------------------------------


#: a wider target group than the seed's (SPEC D4: the monitored marginal households too) and a
#: lower age limit (40), under its own document id
WIDER = attrs.evolve(
    DEFAULT_POLICY,
    eligible_statuses=frozenset({PovertyStatus.REGISTERED_POOR, PovertyStatus.LIFTED_OUT,
                                 PovertyStatus.MONITORED_MARGINAL}),
    max_age=40,
    document=PolicyDocument(id="wider", title="wider"),
)


def test_metrics_read_the_policys_target_group_and_age_limit() -> None:
    """People on 2026-06-30 (SPEC D4: a monitored household counts while monitoring is active,
    i.e. monitoring_ended_on is None or after `on`):
    M monitored, 36, monitoring active, own credit-union loan; O registered poor, 46;
    Q monitored, 76, counted by entity X (postal-savings loan); N monitored, 36, monitoring
    ended on 2026-06-30 (not after `on`: not in the group).
    Under WIDER (max_age 40): registered = {M, O, Q} = 3; eligible = {M} = 1 (O 46 > 40,
    Q 76 > 40, N outside the group). Own loans: {M}; covered: {M} ∪ {Q} = 2.
    Total: 获贷率 1/1 = 1.0000; 覆盖率 2/3 = 0.6667. Credit union: 1/1 = 1.0000, {M} 1/3 = 0.3333.
    Postal savings: 0/1 = 0.0000, {Q} 1/3 = 0.3333.
    (Under the seed: registered = eligible = {O}, 获贷率 0/1 and 覆盖率 0/1.)"""
    m_ = monitored("M")
    o = person("O")
    q = monitored("Q", born=dt.date(1950, 1, 1))
    n = monitored("N", ended=ON)
    x = entity("X", q)
    loans = [loan("L-M", m_), loan("L-X", x, "50000", lender=PS)]
    m = portfolio_metrics(loans, [m_, o, q, n, x], ON, WIDER)
    assert (m.on, m.policy_id) == (ON, "wider")
    assert m.total == PortfolioFigures(eligible_households=1, eligible_with_loan=1,
                                       registered_households=3, registered_covered=2)
    assert (m.total.loan_access_rate, m.total.coverage_rate) == (D("1.0000"), D("0.6667"))
    cu, ps = m.per_lender[CU], m.per_lender[PS]
    assert cu == PortfolioFigures(eligible_households=1, eligible_with_loan=1,
                                  registered_households=3, registered_covered=1)
    assert ps == PortfolioFigures(eligible_households=1, eligible_with_loan=0,
                                  registered_households=3, registered_covered=1)
    assert (cu.coverage_rate, ps.loan_access_rate, ps.coverage_rate) == (
        D("0.3333"), D("0.0000"), D("0.3333"))
    # the same book under the seed: only O is registered and eligible, and O has no loan
    seed = portfolio_metrics(loans, [m_, o, q, n, x], ON)
    assert (seed.policy_id, seed.total) == (SEED_ID, PortfolioFigures(
        eligible_households=1, eligible_with_loan=0, registered_households=1,
        registered_covered=0))


def test_metrics_read_a_schedule_on_the_day() -> None:
    """A schedule: the seed, then WIDER from 2026-01-01. M (monitored, 36) has a loan from
    2025-07-01 to 2027-07-01. On 2025-12-31 the seed is in force: M is outside its group, 0
    households (rates None). On 2026-06-30 WIDER: M is eligible and registered, 1/1 = 1.0000."""
    book = PolicySchedule([DEFAULT_POLICY, attrs.evolve(WIDER, effective_from=dt.date(2026, 1, 1))])
    m_ = monitored("M")
    long = loan("L-M", m_, start=dt.date(2025, 7, 1), maturity=dt.date(2027, 7, 1))
    before = portfolio_metrics([long], [m_], dt.date(2025, 12, 31), book)
    assert (before.on, before.policy_id) == (dt.date(2025, 12, 31), SEED_ID)
    assert before.total == PortfolioFigures(eligible_households=0, eligible_with_loan=0,
                                            registered_households=0, registered_covered=0)
    after = portfolio_metrics([long], [m_], ON, book)
    assert (after.on, after.policy_id) == (ON, "wider")
    assert (after.total.loan_access_rate, after.total.coverage_rate) == (D("1.0000"), D("1.0000"))


def test_entitlement_counts_households_by_the_policys_target_group() -> None:
    """Q (monitored marginal, monitoring active) has its own loan L-Q and entity X, with an
    outstanding loan, drives Q. Under WIDER Q is in the target group, so X counts Q: Q's
    entitlement is used twice (Art. 10). Under the seed Q is outside the group, X counts no
    one, and the one household with an outstanding own loan (Q) uses its entitlement once.
    Credit union 30 000 (L-Q); postal savings 50 000 (L-X)."""
    q = monitored("Q")
    loans = [loan("L-Q", q), loan("L-X", entity("X", q), "50000", lender=PS)]
    wider = check_portfolio(loans, [q], ON, WIDER)
    assert (wider.subject, wider.policy_id) == ("portfolio on 2026-06-30", "wider")
    assert everything(wider)[2:] == [
        ("DUPLICATE_ENTITLEMENT", "Art. 10", "第十条", False,
         "household Q on 2026-06-30 has its own outstanding loan(s) L-Q and is also counted by X, "
         "which has an outstanding loan (Art. 10: one household's 5321 entitlement is used once "
         "at a time)",
         "贫困户Q于2026-06-30既有本户未结清贷款L-Q，又被有未结清贷款的法人客户X带动计户"
         "（第十条：每户“5321”政策同一时间只能享受一次）"),
        capacity_line(CU, "30000.00", "150000000.00", "15000000.00"),
        capacity_line(PS, "50000.00", "50000000.00", "5000000.00"),
    ]
    seed = check_portfolio(loans, [q], ON)
    assert (seed.subject, seed.policy_id) == ("portfolio on 2026-06-30", SEED_ID)
    assert everything(seed)[2] == (
        "DUPLICATE_ENTITLEMENT", "Art. 10", "第十条", True,
        "each of the 1 households with an outstanding loan on 2026-06-30 uses its 5321 "
        "entitlement once, within 50000.00 (Art. 10)",
        "2026-06-30有未结清贷款的1户均只享受一次“5321”政策，且未超过50000.00元（第十条）")


def test_the_decision_names_the_day_and_the_policy_of_a_schedule() -> None:
    """The seed, then LATE from 2027-01-01: on 2026-06-30 the seed is in force, on 2027-03-01
    LATE. The subject names the evaluation day, policy_id the document in force on it."""
    early = check_portfolio([], [], ON, SEED_THEN_LATE)
    assert (early.subject, early.policy_id) == ("portfolio on 2026-06-30", SEED_ID)
    late = check_portfolio([], [], dt.date(2027, 3, 1), SEED_THEN_LATE)
    assert (late.subject, late.policy_id) == ("portfolio on 2027-03-01", "late")
    metrics = portfolio_metrics([], [], dt.date(2027, 3, 1), SEED_THEN_LATE)
    assert (metrics.on, metrics.policy_id) == (dt.date(2027, 3, 1), "late")
