"""check_portfolio and portfolio_metrics (Art. 7, 10, 12, 13), worked out by hand."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    PolicyDocument,
    PolicySchedule,
    PortfolioFigures,
    ReasonCode,
    Repayment,
    check_portfolio,
    portfolio_metrics,
)
from strategies import junk, loans, natural_persons

D = Decimal
ON = dt.date(2026, 6, 30)
CU, PS = "credit_union", "postal_savings"


def person(pid: str, *, household: str | None = None, stars: int | None = None,
           born: dt.date = dt.date(1980, 1, 1), **flags: bool) -> NaturalPerson:
    flags.setdefault("registered_poor", True)
    return NaturalPerson(id=pid, birth_date=born, household_id=household, star_rating=stars,
                         **flags)


def loan(lid: str, borrower: NaturalPerson | LegalEntity, principal: str = "30000", *,
         lender: str = CU, start: dt.date = dt.date(2026, 1, 5),
         repayments: tuple[Repayment, ...] = ()) -> Loan:
    return Loan(id=lid, borrower=borrower, lender=lender, principal=principal, start_date=start,
                maturity_date=start + dt.timedelta(days=365), annual_rate="0.0435",
                repayments=repayments)


def entity(eid: str, *households: NaturalPerson, ends_on: dt.date | None = None) -> LegalEntity:
    return LegalEntity(id=eid, name=f"合作社 {eid}", kind=EntityKind.COOPERATIVE, agreements=tuple(
        DrivingAgreement(household=h, signed_on=dt.date(2025, 1, 1), ends_on=ends_on)
        for h in households))


def finding(decision: object, code: ReasonCode) -> list[object]:
    return [r for r in decision.findings if r.code is code]  # type: ignore[attr-defined]


# -- stars (Art. 12) ----------------------------------------------------------------------------


def rated(*stars: int | None) -> list[NaturalPerson]:
    return [person(f"P-{i}", stars=s) for i, s in enumerate(stars)]


@pytest.mark.parametrize(
    ("stars", "five_ok", "three_ok", "five_text", "three_text"),
    [
        # 3 of 10 five-star = 30.00 % ≥ 30 % (以上, inclusive); 3+2 of 10 with ≥ 3 stars = 50.00 %
        ((5, 5, 5, 4, 4, 2, 2, 1, 1, 1), True, True, "3 of 10 rated (30.00 %)", "5 of 10 rated"),
        # 3 of 11 = 27.27 % < 30 %; 5 of 11 = 45.45 % < 50 %
        ((5, 5, 5, 4, 4, 2, 2, 1, 1, 1, 1), False, False, "3 of 11 rated (27.27 %)",
         "5 of 11 rated (45.45 %)"),
        # unrated people are ignored: still 3 of 10
        ((5, 5, 5, 4, 4, 2, 2, 1, 1, 1, None, None), True, True, "3 of 10", "5 of 10"),
        # a 3-star client counts for the 3-star target (3 stars or more): 1+1+1 of 6 = 50 %
        ((5, 5, 3, 2, 1, 1), True, True, "2 of 6 rated (33.33 %)", "3 of 6 rated (50.00 %)"),
    ],
)
def test_star_shares(stars: tuple[int | None, ...], five_ok: bool, three_ok: bool,
                     five_text: str, three_text: str) -> None:
    d = check_portfolio([], rated(*stars), ON)
    five, three = d.findings[0], d.findings[1]
    assert (five.code, three.code) == (ReasonCode.FIVE_STAR_SHARE_LOW,
                                       ReasonCode.THREE_STAR_SHARE_LOW)
    assert (five.passed, three.passed) == (five_ok, three_ok)
    assert five_text in five.message
    assert three_text in three.message
    assert "30 %" in five.message
    assert "50 %" in three.message
    assert "interpretation" in three.message
    assert five.article == three.article == "Art. 12"


def test_star_targets_not_applicable_without_ratings() -> None:
    d = check_portfolio([], rated(None, None), ON)
    assert d.findings[0].passed
    assert d.findings[1].passed
    assert "not applicable" in d.findings[0].message
    assert "不适用" in d.findings[1].message_zh


def test_star_targets_read_the_policy() -> None:
    """With a 40 % target, 3 of 10 five-star clients (30 %) is too few."""
    policy = attrs.evolve(DEFAULT_POLICY, five_star_target="0.40")
    d = check_portfolio([], rated(5, 5, 5, 4, 4, 2, 2, 1, 1, 1), ON, policy)
    assert d.codes == (ReasonCode.FIVE_STAR_SHARE_LOW,)


# -- entitlement (Art. 10) ----------------------------------------------------------------------


A = person("A", household="H-1")
B = person("B", household="H-1")
C = person("C")  # its own household "C"


def dup(loan_list: list[Loan]) -> list[object]:
    return finding(check_portfolio(loan_list, [], ON), ReasonCode.DUPLICATE_ENTITLEMENT)


def test_one_loan_per_household_passes() -> None:
    found = dup([loan("L-A", A), loan("L-C", C)])
    assert len(found) == 1
    assert found[0].passed  # type: ignore[attr-defined]
    assert "2 households" in found[0].message  # type: ignore[attr-defined]


def test_members_together_within_the_limit() -> None:
    """A 30 000 + B 20 000 = 50 000 ≤ 50 000 (以下, inclusive): one entitlement, fully used."""
    assert dup([loan("L-A", A, "30000"), loan("L-B", B, "20000")])[0].passed  # type: ignore[attr-defined]


def test_members_together_above_the_limit() -> None:
    """A 30 000 + B 30 000 = 60 000 > 50 000: household H-1 fails, named, with the sum."""
    found = dup([loan("L-A", A), loan("L-B", B), loan("L-C", C)])
    assert len(found) == 1
    r = found[0]
    assert not r.passed  # type: ignore[attr-defined]
    assert "household H-1" in r.message  # type: ignore[attr-defined]
    assert "60000.00" in r.message  # type: ignore[attr-defined]
    assert "H-1" in r.message_zh  # type: ignore[attr-defined]


def test_what_is_outstanding_counts_not_what_was_lent() -> None:
    """A borrowed 50 000 and repaid 20 000 by May; B borrowed 20 000: 30 000 + 20 000 = 50 000."""
    paid_down = loan("L-A", A, "50000", repayments=(Repayment(on=dt.date(2026, 5, 1),
                                                              principal="20000"),))
    assert dup([paid_down, loan("L-B", B, "20000")])[0].passed  # type: ignore[attr-defined]


def test_own_loan_and_counted_by_an_entity() -> None:
    """C has its own loan and E-1 (outstanding loan) counts C: C's entitlement is used twice."""
    found = dup([loan("L-C", C), loan("L-E1", entity("E-1", C), "50000")])
    assert len(found) == 1
    assert not found[0].passed  # type: ignore[attr-defined]
    assert "household C" in found[0].message  # type: ignore[attr-defined]
    assert "E-1" in found[0].message  # type: ignore[attr-defined]


def test_counted_by_two_entities() -> None:
    found = dup([loan("L-E1", entity("E-1", C), "50000"), loan("L-E2", entity("E-2", C), "50000",
                                                                lender=PS)])
    assert not found[0].passed  # type: ignore[attr-defined]
    assert "2 entities" in found[0].message  # type: ignore[attr-defined]


def test_one_reason_per_offending_household() -> None:
    """H-1 over the limit and C counted twice: two failed findings, households in sorted order."""
    found = dup([loan("L-A", A), loan("L-B", B), loan("L-E1", entity("E-1", C)),
                 loan("L-E2", entity("E-2", C))])
    assert [r.passed for r in found] == [False, False]  # type: ignore[attr-defined]
    assert "household C" in found[0].message  # type: ignore[attr-defined]
    assert "household H-1" in found[1].message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "loan_list",
    [
        # the entity's loan was repaid in full before `on`
        [loan("L-C", C), loan("L-E1", entity("E-1", C), "50000", repayments=(
            Repayment(on=dt.date(2026, 3, 1), principal="50000"),))],
        # the agreement ended before `on`: C is not counted any more
        [loan("L-C", C), loan("L-E1", entity("E-1", C, ends_on=dt.date(2026, 6, 29)))],
        # the entity's loan starts after `on`
        [loan("L-C", C), loan("L-E1", entity("E-1", C), start=dt.date(2026, 7, 1))],
        # one entity with two loans counts C once
        [loan("L-E1", entity("E-1", C)), loan("L-E1b", entity("E-1", C), lender=PS)],
    ],
)
def test_no_duplicate(loan_list: list[Loan]) -> None:
    assert dup(loan_list)[0].passed  # type: ignore[attr-defined]


# -- capacity (Art. 13) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "passed"),
    [
        ("150000000.00", True),  # 10 × 15 000 000 = 150 000 000: at capacity is within it
        ("150000000.01", False),
    ],
)
def test_capacity(principal: str, passed: bool) -> None:
    big = loan("L-BIG", entity("E-9", C), principal)
    d = check_portfolio([big], [], ON)
    capacity = finding(d, ReasonCode.CAPACITY_EXCEEDED)
    assert [r.passed for r in capacity] == [passed, True]  # type: ignore[attr-defined]
    assert "150000000.00" in capacity[0].message  # type: ignore[attr-defined]
    assert principal in capacity[0].message_zh  # type: ignore[attr-defined]
    assert capacity[0].article == "Art. 13"  # type: ignore[attr-defined]


def test_capacity_counts_outstanding_principal_per_lender() -> None:
    """Postal savings: 10 × 5 000 000 = 50 000 000. Two loans of 30 000 000, one half repaid:
    30 000 000 + 15 000 000 = 45 000 000 ≤ 50 000 000. The credit union lends nothing."""
    e1, e2 = entity("E-1", A), entity("E-2", C)
    l1 = loan("L-1", e1, "30000000", lender=PS)
    l2 = loan("L-2", e2, "30000000", lender=PS,
              repayments=(Repayment(on=dt.date(2026, 2, 1), principal="15000000"),))
    d = check_portfolio([l1, l2], [], ON)
    cu, ps = finding(d, ReasonCode.CAPACITY_EXCEEDED)
    assert cu.passed
    assert "0.00" in cu.message
    assert ps.passed
    assert "45000000.00" in ps.message


def test_findings_order() -> None:
    d = check_portfolio([loan("L-A", A)], [A], ON)
    assert [r.code for r in d.findings] == [
        ReasonCode.FIVE_STAR_SHARE_LOW, ReasonCode.THREE_STAR_SHARE_LOW,
        ReasonCode.DUPLICATE_ENTITLEMENT, ReasonCode.CAPACITY_EXCEEDED,
        ReasonCode.CAPACITY_EXCEEDED,
    ]
    assert bool(d)


# -- bad input ----------------------------------------------------------------------------------


def test_unknown_lender_and_bad_items_are_reported_together() -> None:
    stranger = loan("L-X", A, lender="agricultural_bank")
    with pytest.raises(InvalidInputError) as err:
        check_portfolio([stranger, "L-2"], [A, 42], dt.datetime(2026, 6, 30, 8))  # type: ignore[list-item, arg-type]
    assert [p.field for p in err.value.problems] == ["on", "loans[0].lender", "loans[1]",
                                                     "people[1]"]


def test_same_id_for_different_records_is_refused() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_portfolio([loan("L-1", A), loan("L-1", B)], [], ON)
    assert err.value.field == "loans[1].id"
    # an exact repeat is ignored: not 60 000 but 30 000 for H-1
    assert bool(check_portfolio([loan("L-1", A), loan("L-1", A)], [A, A], ON))


@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    for args in ((value, [], ON), ([], value, ON), ([], [], value), ([], [], ON, value),
                 ([value], [], ON), ([], [value], ON)):
        for fn in (check_portfolio, portfolio_metrics):
            with contextlib.suppress(InvalidInputError):
                fn(*args)  # type: ignore[operator]


# -- metrics (Art. 7) ---------------------------------------------------------------------------


def test_metrics_by_hand() -> None:
    """Households: H-1 (A eligible, B aged 70), C (registered, five-guarantee: not eligible),
    D (not registered), E (eligible, counted by entity X).
    Eligible: H-1, E → 2. Registered: H-1, C, E → 3 (D is not).
    Loans outstanding on Jun 30: B's own (credit union), X's (postal, counts E), D's own (postal).
    Total: access = {H-1} / 2 = 0.5; coverage = {H-1, E} / 3 = 0.6667.
    Credit union: access 1/2 = 0.5, coverage 1/3 = 0.3333. Postal: access 0/2 (D is not eligible)
    = 0, coverage {E} / 3 = 0.3333."""
    a = person("A", household="H-1")
    b = person("B", household="H-1", born=dt.date(1956, 1, 1))
    c = person("C", five_guarantee=True)
    d = person("D", registered_poor=False)
    e = person("E")
    x = entity("X", e)
    m = portfolio_metrics([loan("L-B", b), loan("L-X", x, lender=PS), loan("L-D", d, lender=PS)],
                          [a, b, c, d, e, x], ON)
    assert m.on == ON
    assert m.total == PortfolioFigures(eligible_households=2, eligible_with_loan=1,
                                       registered_households=3, registered_covered=2)
    assert (m.total.loan_access_rate, m.total.coverage_rate) == (D("0.5000"), D("0.6667"))
    cu, ps = m.per_lender[CU], m.per_lender[PS]
    assert (cu.loan_access_rate, cu.coverage_rate) == (D("0.5000"), D("0.3333"))
    assert (ps.loan_access_rate, ps.coverage_rate) == (D("0.0000"), D("0.3333"))


def test_rates_with_nothing_to_divide_by_are_none() -> None:
    m = portfolio_metrics([], [person("D", registered_poor=False)], ON)
    assert m.total.loan_access_rate is None
    assert m.total.coverage_rate is None
    assert m.total.eligible_households == 0


# -- properties ---------------------------------------------------------------------------------


portfolios = st.tuples(
    st.lists(loans(), max_size=6, unique_by=lambda x: x.id),
    st.lists(natural_persons(), max_size=6, unique_by=lambda p: p.id),
    st.dates(dt.date(2004, 1, 1), dt.date(2030, 12, 31)),
)


@given(portfolios)
def test_portfolio_properties(case: tuple[list[Loan], list[NaturalPerson], dt.date]) -> None:
    loan_list, people, on = case
    people = [p for p in people if p.birth_date <= on]
    d = check_portfolio(loan_list, people, on)
    codes = [r.code for r in d.findings]
    assert codes[:2] == [ReasonCode.FIVE_STAR_SHARE_LOW, ReasonCode.THREE_STAR_SHARE_LOW]
    assert codes[-2:] == [ReasonCode.CAPACITY_EXCEEDED] * 2
    assert set(codes[2:-2]) == {ReasonCode.DUPLICATE_ENTITLEMENT}
    m = portfolio_metrics(loan_list, people, on)
    for figures in (m.total, *m.per_lender.values()):
        assert 0 <= figures.eligible_with_loan <= figures.eligible_households
        assert 0 <= figures.registered_covered <= figures.registered_households
        for rate in (figures.loan_access_rate, figures.coverage_rate):
            assert rate is None or D(0) <= rate <= D(1)
    for figures in m.per_lender.values():
        assert figures.eligible_with_loan <= m.total.eligible_with_loan
        assert figures.registered_covered <= m.total.registered_covered


def test_the_callers_decimal_context_is_ignored() -> None:
    """Same findings and figures under a hostile caller context (3 digits, rounding down)."""
    import decimal

    def scenario() -> tuple[object, ...]:
        loan_list = [loan("L-A", A, "30000.01"), loan("L-B", B, "19999.99"),
                     loan("L-BIG", entity("E-9", C), "149999999.99")]
        people = [A, B, C, *rated(5, 5, 5, 4, 4, 2, 2, 1, 1, 1)]
        return (check_portfolio(loan_list, people, ON).findings,
                portfolio_metrics(loan_list, people, ON))

    expected = scenario()
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert scenario() == expected


# -- every finding's article, verdict and words, pinned (issue 14) ------------------------------


def _all(decision: object) -> list[tuple[str, str | None, bool, str, str]]:
    return [(r.code.value, r.article, r.passed, r.message, r.message_zh)
            for r in decision.findings]  # type: ignore[attr-defined]


def test_a_mixed_portfolio_states_every_number() -> None:
    """Rated A (5★), B (2★), C (3★): 5★ 1 of 3 = 33.33 % ≥ 30 %; ≥ 3★ (A, C) 2 of 3 = 66.67 %
    ≥ 50 %. Household H-1 (A, B): 30 000 + 30 000 = 60 000 > 50 000. C has L-C and is counted by
    E-1 and E-2, both with loans. Credit union 30 000 + 30 000 + 20 000 + 50 000 = 130 000 ≤
    10 × 15 000 000; postal savings 50 000 ≤ 10 × 5 000 000."""
    a = person("A", household="H-1", stars=5)
    b = person("B", household="H-1", stars=2)
    c = person("C", stars=3)
    loans = [loan("L-A", a), loan("L-B", b), loan("L-C", c, "20000"),
             loan("L-E1", entity("E-1", c), "50000"),
             loan("L-E2", entity("E-2", c), "50000", lender=PS)]
    assert _all(check_portfolio(loans, [a, b, c], ON)) == [
        ("FIVE_STAR_SHARE_LOW", "Art. 12", True,
         "5-star clients: 1 of 3 rated (33.33 %) meets the target of at least 30 % (Art. 12 "
         "占比…以上, inclusive)",
         "5星级客户1人，占已评级3人的33.33 %，达到30 %以上的目标（第十二条）"),
        ("THREE_STAR_SHARE_LOW", "Art. 12", True,
         "clients with 3 stars or more (interpretation of 3星级): 2 of 3 rated (66.67 %) meets "
         "the target of at least 50 % (Art. 12 占比…以上, inclusive)",
         "3星级及以上客户（解释：含4、5星级）2人，占已评级3"
         "人的66.67 %，达到50 %以上的目标（第十二条）"),
        ("DUPLICATE_ENTITLEMENT", "Art. 10", False,
         "household C on 2026-06-30 has its own outstanding loan(s) L-C and is also counted by "
         "E-1, E-2, each of which has an outstanding loan; is counted by 2 entities with "
         "outstanding loans (E-1, E-2) (Art. 10: one household's 5321 entitlement is used once "
         "at a time)",
         "贫困户C于2026-06-30既有本户未结清贷款L-C，又被有未结清贷款的法人客户E-1、E-2带动计户；"
         "同时被2个有未结清贷款的法人客户（E-1、E-2）带动计户（第十条：每户“5321”政策同一时间只能享受一次）"),
        ("DUPLICATE_ENTITLEMENT", "Art. 10", False,
         "household H-1 on 2026-06-30 owes 60000.00 of principal on its members' own loans "
         "(L-A, L-B), above the household limit of 50000.00 (Art. 10: one household's 5321 "
         "entitlement is used once at a time)",
         "贫困户H-1于2026-06-30本户成员自有贷款（L-A, L-B）未结清本金合计60000.00元，超过每户"
         "50000.00元的限额（第十条：每户“5321”政策同一时间只能享受一次）"),
        ("CAPACITY_EXCEEDED", "Art. 13", True,
         "credit_union: outstanding principal 130000.00 on 2026-06-30 is within its lending "
         "capacity 150000000.00 (10 × allocation 15000000.00, Art. 13 1:10)",
         "credit_union于2026-06-30贷款余额130000.00元，未超过放贷上限150000000.00元"
         "（风险补偿金15000000.00元的1:10，第十三条）"),
        ("CAPACITY_EXCEEDED", "Art. 13", True,
         "postal_savings: outstanding principal 50000.00 on 2026-06-30 is within its lending "
         "capacity 50000000.00 (10 × allocation 5000000.00, Art. 13 1:10)",
         "postal_savings于2026-06-30贷款余额50000.00元，未超过放贷上限50000000.00元"
         "（风险补偿金5000000.00元的1:10，第十三条）"),
    ]


def test_a_clean_portfolio_says_each_household_uses_its_entitlement_once() -> None:
    """No loans; rated 5, 5, 5, 4, 3, 2, 1 and three unrated: 5★ 3 of 7 = 42.857… → 42.86 %;
    ≥ 3★ 5 of 7 = 71.428… → 71.43 %."""
    found = _all(check_portfolio([], rated(5, 5, 5, 4, 3, 2, 1, None, None, None), ON))
    assert [f[3] for f in found[:3]] == [
        "5-star clients: 3 of 7 rated (42.86 %) meets the target of at least 30 % (Art. 12 "
        "占比…以上, inclusive)",
        "clients with 3 stars or more (interpretation of 3星级): 5 of 7 rated (71.43 %) meets the "
        "target of at least 50 % (Art. 12 占比…以上, inclusive)",
        "each of the 0 households with an outstanding loan on 2026-06-30 uses its 5321 "
        "entitlement once, within 50000.00 (Art. 10)"]
    assert found[2][4] == (
        "2026-06-30有未结清贷款的0户均只享受一次“5321”政策，且未超过50000.00元（第十条）")


def test_without_citations_the_findings_name_the_document_and_say_below() -> None:
    """A policy citing nothing: the Measures are named instead of an article. Rated 1★, 2★:
    0 of 2 = 0.00 % is below both targets. C has L-C and is counted by E-1 (one entity)."""
    bare = attrs.evolve(DEFAULT_POLICY, citations={})
    found = _all(check_portfolio([loan("L-C", C), loan("L-E1", entity("E-1", C), "50000")],
                                 rated(1, 2), ON, bare))
    assert found[:4] == [
        ("FIVE_STAR_SHARE_LOW", None, False,
         "5-star clients: 0 of 2 rated (0.00 %) is below the target of at least 30 % (the "
         "Measures, inclusive)", "5星级客户0人"
         "，占已评级2人的0.00 %，未达到30 %以上的目标（本办法）"),
        ("THREE_STAR_SHARE_LOW", None, False,
         "clients with 3 stars or more (interpretation of 3星级): 0 of 2 rated (0.00 %) is below "
         "the target of at least 50 % (the Measures, inclusive)",
         "3星级及以上客户（解释：含4、5星级）0人，占已评级"
         "2人的0.00 %，未达到50 %以上的目标（本办法）"),
        ("DUPLICATE_ENTITLEMENT", None, False,
         "household C on 2026-06-30 has its own outstanding loan(s) L-C and is also counted by "
         "E-1, which has an outstanding loan (the Measures: one household's entitlement is used "
         "once at a time)",
         "贫困户C于2026-06-30既有本户未结清贷款L-C，又被有未结清贷款的法人客户E-1带动计户"
         "（本办法：每户贷款政策同一时间只能享受一次）"),
        ("CAPACITY_EXCEEDED", None, True,
         "credit_union: outstanding principal 80000.00 on 2026-06-30 is within its lending "
         "capacity 150000000.00 (10 × allocation 15000000.00, the Measures)",
         "credit_union于2026-06-30贷款余额80000.00元，未超过放贷上限150000000.00元"
         "（风险补偿金15000000.00元的1:10，本办法）"),
    ]


def test_capacity_exceeded_states_both_amounts() -> None:
    big = loan("L-BIG", entity("E-9", C), "150000000.01")
    assert _all(check_portfolio([big], [], ON))[-2] == (
        "CAPACITY_EXCEEDED", "Art. 13", False,
        "credit_union: outstanding principal 150000000.01 on 2026-06-30 is above its lending "
        "capacity 150000000.00 (10 × allocation 15000000.00, Art. 13 1:10)",
        "credit_union于2026-06-30贷款余额150000000.01元，超过放贷上限150000000.00元"
        "（风险补偿金15000000.00元的1:10，第十三条）")


PORTFOLIO_ERRORS = [
    (lambda: check_portfolio([loan("L-X", A, lender="agri"), 3], ["p"], ON), [
        ("loans[0].lender",
         "must be a lender of the policy, one of 'credit_union', 'postal_savings' (got 'agri')"),
        ("loans[1]", "must be a Loan (got 3, an int)"),
        ("people[0]", "must be a NaturalPerson or a LegalEntity (got 'p', a str)")]),
    (lambda: check_portfolio(5, 6, ON), [
        ("loans", "must be a collection (got 5, an int)"),
        ("people", "must be a collection (got 6, an int)")]),
    (lambda: check_portfolio([loan("L-1", A), loan("L-1", B), loan("L-1", C)], [], ON), [
        ("loans[1].id", "'L-1' is also the id of a different record, loans[0]"),
        ("loans[2].id", "'L-1' is also the id of a different record, loans[0]")]),
]


@pytest.mark.parametrize(("call", "expected"), PORTFOLIO_ERRORS)
def test_errors_name_the_path_and_the_value(call: Any, expected: list[tuple[str, str]]) -> None:
    assert [(f, en) for f, _c, en, _zh in problems(call)] == expected


def test_a_schedule_is_read_on_the_day_for_the_lenders() -> None:
    """From 2026-01-01 a policy adds the lender "agri" with 100 allocated: on 2026-06-30 its loan
    of 30 000 is above 10 × 100 = 1 000; on 2025-06-01 the seed knows no such lender."""
    later = attrs.evolve(DEFAULT_POLICY, effective_from=dt.date(2026, 1, 1),
                         fund_allocations={"agri": "100"}, lender_names={"agri": "农行"},
                         document=PolicyDocument(id="later", title="later"))
    book = PolicySchedule([DEFAULT_POLICY, later])
    agri = loan("L-X", A, lender="agri")
    assert check_portfolio([agri], [], ON, book).findings[-1].message == (
        "agri: outstanding principal 30000.00 on 2026-06-30 is above its lending capacity "
        "1000.00 (10 × allocation 100.00, Art. 13 1:10)")
    assert [f for f, *_ in problems(
        lambda: check_portfolio([agri], [], dt.date(2025, 6, 1), book))] == ["loans[0].lender"]
