"""check_loan_terms, entity_credit_limit, lending_capacity, poverty_relending_rate.

Art. 10, 11, 13.

Expected values are worked out by hand from SPEC B and the rate tables of domain-facts §5.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    Benchmark,
    Decision,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    ReasonCode,
    check_loan_terms,
    entity_credit_limit,
    lending_capacity,
    poverty_relending_rate,
)
from strategies_rules import agreements, dates, junk

D = dt.date
C = ReasonCode
PERSON = NaturalPerson(id="P-1", birth_date=D(1975, 6, 1), registered_poor=True)
LPR = attrs.evolve(DEFAULT_POLICY, benchmark=Benchmark.LPR)


START = D(2016, 1, 1)
MATURITY = D(2017, 1, 1)
SIGNED = D(2015, 12, 1)


def loan(principal: str = "50000", start: dt.date = START,
         maturity: dt.date = MATURITY, rate: str = "0.0435", **kw: object) -> Loan:
    kw.setdefault("borrower", PERSON)
    kw.setdefault("lender", "credit_union")
    return Loan(id="L-1", principal=principal, start_date=start,  # type: ignore[arg-type]
                maturity_date=maturity, annual_rate=rate, **kw)  # type: ignore[arg-type]


def households(n: int, signed: dt.date = SIGNED) -> tuple[DrivingAgreement, ...]:
    return tuple(
        DrivingAgreement(household=NaturalPerson(id=f"H-{i}", birth_date=D(1970, 1, 1),
                                                 registered_poor=True), signed_on=signed)
        for i in range(n)
    )


def coop(n: int, signed: dt.date = SIGNED) -> LegalEntity:
    return LegalEntity(id="E-1", name="Coop", kind=EntityKind.COOPERATIVE,
                       agreements=households(n, signed))


def reason(decision: Decision, code: ReasonCode) -> tuple[bool, str]:
    (r,) = [r for r in decision.findings if r.code is code]
    return r.passed, r.message


def test_good_loan_passes_five_findings_in_order() -> None:
    decision = check_loan_terms(loan())
    assert decision
    assert decision.subject == "L-1"
    assert tuple(r.code for r in decision.findings) == (
        C.AMOUNT_ABOVE_LIMIT, C.TERM_ABOVE_LIMIT, C.GUARANTEE_REQUIRED, C.COLLATERAL_REQUIRED,
        C.RATE_ABOVE_BENCHMARK)
    assert {r.article for r in decision.findings} == {"Art. 10"}


# --- amount ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("principal", "codes"), [
    ("50000.00", ()),  # 5万元以下 includes 50 000.00
    ("50000.01", (C.AMOUNT_ABOVE_LIMIT,)),  # one fen above
    ("1", ()),
])
def test_person_amount(principal: str, codes: tuple[ReasonCode, ...]) -> None:
    assert check_loan_terms(loan(principal)).codes == codes


def test_person_amount_message_shows_the_numbers() -> None:
    passed, message = reason(check_loan_terms(loan("50000.01")), C.AMOUNT_ABOVE_LIMIT)
    assert not passed
    assert message == "principal 50000.01 is above the limit of 50000.00 (Art. 10 以下, inclusive)"


@pytest.mark.parametrize(("principal", "codes"), [
    ("150000.00", ()),  # 3 households × 50 000.00 = 150 000.00, inclusive
    ("150000.01", (C.AMOUNT_ABOVE_ENTITY_LIMIT,)),
    ("60000", ()),  # above the per-person 50 000, which does not apply to an entity
])
def test_entity_amount_with_three_households(principal: str, codes: tuple[ReasonCode, ...]) -> None:
    decision = check_loan_terms(loan(principal, borrower=coop(3)))
    assert decision.codes == codes
    found = tuple(r.code for r in decision.findings)
    assert C.AMOUNT_ABOVE_ENTITY_LIMIT in found
    assert C.AMOUNT_ABOVE_LIMIT not in found


def test_entity_amount_message_and_start_date() -> None:
    """The limit is taken on the start date 2016-01-01: agreements signed 2016-01-02 do not count
    yet, so the limit is 50 000.00 × 0 = 0.00."""
    decision = check_loan_terms(loan("10000", borrower=coop(3, signed=D(2016, 1, 2))))
    passed, message = reason(decision, C.AMOUNT_ABOVE_ENTITY_LIMIT)
    assert not passed
    assert "above the entity's limit of 0.00" in message
    assert "50000.00 × 0 counted household(s) on 2016-01-01" in message
    passed, message = reason(check_loan_terms(loan("150000", borrower=coop(3))),
                             C.AMOUNT_ABOVE_ENTITY_LIMIT)
    assert passed
    assert "limit of 150000.00 (50000.00 × 3 counted household(s)" in message


@pytest.mark.parametrize(("n", "limit"), [
    (0, "0.00"), (1, "50000.00"), (3, "150000.00"), (10, "500000.00"),  # 50 000.00 × n
])
def test_entity_credit_limit(n: int, limit: str) -> None:
    assert entity_credit_limit(coop(n), D(2016, 1, 1)) == Decimal(limit)


def test_entity_credit_limit_follows_the_policy() -> None:
    """max_loan_amount 30 000.50 × 3 households = 90 001.50."""
    policy = attrs.evolve(DEFAULT_POLICY, max_loan_amount="30000.50")
    assert entity_credit_limit(coop(3), D(2016, 1, 1), policy) == Decimal("90001.50")


# --- term ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("maturity", "codes"), [
    (D(2027, 2, 28), ()),  # 29 Feb 2024 + 3 years = 28 Feb 2027 (art. 202), inclusive
    (D(2027, 3, 1), (C.TERM_ABOVE_LIMIT,)),  # one day more
])
def test_term_from_29_february(maturity: dt.date, codes: tuple[ReasonCode, ...]) -> None:
    decision = check_loan_terms(loan(start=D(2024, 2, 29), maturity=maturity, rate="0.0475"))
    assert decision.codes == codes
    assert "latest maturity 2027-02-28" in reason(decision, C.TERM_ABOVE_LIMIT)[1]


def test_extension_is_not_limited_and_says_so() -> None:
    """Original term 1 year, extended by 3 more years: the term finding still passes."""
    decision = check_loan_terms(loan(extended_to=D(2020, 1, 1)))
    passed, message = reason(decision, C.TERM_ABOVE_LIMIT)
    assert passed
    assert decision
    assert "extension to 2020-01-01 is not limited by the Measures" in message
    assert "extension" not in reason(check_loan_terms(loan()), C.TERM_ABOVE_LIMIT)[1]


def test_term_limit_follows_the_policy() -> None:
    """max_term_years 1: 2016-01-01 + 1 year = 2017-01-01 allowed, 2017-01-02 not."""
    policy = attrs.evolve(DEFAULT_POLICY, max_term_years=1)
    assert check_loan_terms(loan(), policy)
    assert check_loan_terms(loan(maturity=D(2017, 1, 2), rate="0.0475"), policy).codes == (
        C.TERM_ABOVE_LIMIT,)


# --- guarantee, collateral -------------------------------------------------------------------

def test_guarantee_and_collateral() -> None:
    decision = check_loan_terms(loan(guarantee_required=True, collateral_required=True))
    assert decision.codes == (C.GUARANTEE_REQUIRED, C.COLLATERAL_REQUIRED)
    assert "免担保" in decision.reasons[0].message
    assert "免抵押" in decision.reasons[1].message


# --- rate ------------------------------------------------------------------------------------

# Benchmark of 2015-10-24 (in force on 2016-01-01): ≤ 12 months 4.35 %, 13-60 months 4.75 %.
@pytest.mark.parametrize(("maturity", "rate", "codes"), [
    (D(2017, 1, 1), "0.0435", ()),  # 12 months at 4.35 %: at the benchmark
    (D(2017, 1, 1), "0.0436", (C.RATE_ABOVE_BENCHMARK,)),  # 4.36 % > 4.35 %
    (D(2017, 1, 1), "0.0400", ()),  # lower is allowed
    (D(2017, 2, 1), "0.0475", ()),  # 13 months at 4.75 %
    (D(2017, 2, 1), "0.0476", (C.RATE_ABOVE_BENCHMARK,)),
    (D(2017, 1, 2), "0.0475", ()),  # 12 months and a day = 13-month band
])
def test_rate_pboc(maturity: dt.date, rate: str, codes: tuple[ReasonCode, ...]) -> None:
    assert check_loan_terms(loan(maturity=maturity, rate=rate)).codes == codes


def test_rate_message_shows_both_rates_and_the_band() -> None:
    passed, message = reason(check_loan_terms(loan(rate="0.0436")), C.RATE_ABOVE_BENCHMARK)
    assert not passed
    assert message == (
        "annual rate 4.36 % is above the benchmark 4.35 % in force on 2016-01-01 for a 12-month "
        "loan (PBoC benchmark, up to 1 year (1年以内含), rates of 2015-10-24) "
        "(Art. 10 基准利率放贷)")


def test_rate_before_the_2014_band_merger() -> None:
    """On 2013-01-01 the 2012-07-06 rates apply: ≤ 6 months 5.60 %, 6-12 months 6.00 %."""
    short = loan(start=D(2013, 1, 1), maturity=D(2013, 5, 1), rate="0.0560")
    assert check_loan_terms(short)
    assert "up to 6 months" in reason(check_loan_terms(short), C.RATE_ABOVE_BENCHMARK)[1]
    year = loan(start=D(2013, 1, 1), maturity=D(2014, 1, 1), rate="0.0601")
    passed, message = reason(check_loan_terms(year), C.RATE_ABOVE_BENCHMARK)
    assert not passed
    assert "6.00 %" in message
    assert "6 months to 1 year" in message


# LPR of 2025-05-20 (in force on 2025-06-01): 1-year 3.00 %, 5-year-and-above 3.50 %.
@pytest.mark.parametrize(("maturity", "rate", "codes"), [
    (D(2026, 6, 1), "0.0300", ()),  # 12 months: 1-year LPR 3.00 %
    (D(2026, 6, 1), "0.0301", (C.RATE_ABOVE_BENCHMARK,)),
    (D(2026, 6, 1), "0.0435", (C.RATE_ABOVE_BENCHMARK,)),  # the old PBoC figure is too high now
    (D(2026, 7, 1), "0.0350", ()),  # 13 months: 5-year-and-above LPR 3.50 %
    (D(2026, 7, 1), "0.0351", (C.RATE_ABOVE_BENCHMARK,)),
])
def test_rate_lpr_policy(maturity: dt.date, rate: str, codes: tuple[ReasonCode, ...]) -> None:
    decision = check_loan_terms(loan(start=D(2025, 6, 1), maturity=maturity, rate=rate), LPR)
    assert decision.codes == codes
    assert "LPR" in reason(decision, C.RATE_ABOVE_BENCHMARK)[1]


# --- lending capacity, relending rate --------------------------------------------------------

@pytest.mark.parametrize(("lender", "capacity"), [
    ("credit_union", "150000000.00"),  # 10 × 15 000 000
    ("postal_savings", "50000000.00"),  # 10 × 5 000 000
])
def test_lending_capacity(lender: str, capacity: str) -> None:
    assert lending_capacity(lender) == Decimal(capacity)


def test_lending_capacity_follows_the_policy() -> None:
    """leverage 8.5 × 1 000 000.01 = 8 500 000.085 → 8 500 000.09 (half up, once)."""
    policy = attrs.evolve(DEFAULT_POLICY, leverage="8.5",
                          fund_allocations={"county_bank": "1000000.01"})
    assert lending_capacity("county_bank", policy) == Decimal("8500000.09")


@pytest.mark.parametrize("lender", ["bank_of_x", "", None, 1])
def test_unknown_lender(lender: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        lending_capacity(lender)  # type: ignore[arg-type]
    assert info.value.field == "lender"


def test_check_loan_terms_unknown_lender() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_loan_terms(loan(lender="bank_of_x"))
    assert info.value.field == "loan.lender"
    assert "bank_of_x" in str(info.value)


@pytest.mark.parametrize(("normal", "relending"), [
    ("0.0275", "0.0175"),  # 2.75 % − 1 point = 1.75 %
    (Decimal("0.0225"), "0.0125"),
    ("0.01", "0"),  # exactly the discount: zero
    ("0.005", "0"),  # 0.5 % − 1 point would be negative: zero
    (0, "0"),
])
def test_poverty_relending_rate(normal: object, relending: str) -> None:
    assert poverty_relending_rate(normal) == Decimal(relending)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["2.75", 0.0275, True, "abc", Decimal("-0.01"), None])
def test_poverty_relending_rate_bad_input(bad: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        poverty_relending_rate(bad)  # type: ignore[arg-type]
    assert info.value.field == "normal_rate"


@pytest.mark.parametrize(("call", "field"), [
    (lambda: check_loan_terms("L-1"), "loan"),  # type: ignore[arg-type]
    (lambda: check_loan_terms(loan(), {"leverage": 10}), "policy"),  # type: ignore[arg-type]
    (lambda: entity_credit_limit(PERSON, D(2016, 1, 1)), "entity"),  # type: ignore[arg-type]
    (lambda: entity_credit_limit(coop(1), "2016-01-01"), "on"),  # type: ignore[arg-type]
    (lambda: lending_capacity("credit_union", None), "policy"),  # type: ignore[arg-type]
    (lambda: poverty_relending_rate("0.02", "policy"), "policy"),  # type: ignore[arg-type]
])
def test_bad_input_names_the_field(call: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


# --- properties ------------------------------------------------------------------------------

@given(items=st.lists(agreements(), max_size=10), on=dates)
def test_entity_credit_limit_is_monotone(items: list[DrivingAgreement], on: dt.date) -> None:
    """Adding agreements never lowers the limit, and the limit is max_loan_amount × the count."""
    previous = Decimal("0.00")
    for k in range(len(items) + 1):
        entity = LegalEntity(id="E", name="E", kind=EntityKind.FAMILY_FARM, agreements=items[:k])
        limit = entity_credit_limit(entity, on)
        assert limit >= previous
        assert limit % DEFAULT_POLICY.max_loan_amount == 0
        previous = limit


@given(normal=st.decimals(min_value=0, max_value=Decimal("0.9999"), places=4))
def test_relending_rate_is_never_negative_and_at_most_the_discount_below(normal: Decimal) -> None:
    relending = poverty_relending_rate(normal)
    assert Decimal(0) <= relending <= normal
    assert relending == max(Decimal(0), normal - DEFAULT_POLICY.relending_discount)


@given(value=junk)
def test_junk_raises_only_invalid_input(value: object) -> None:
    for call in (lambda: check_loan_terms(value),  # type: ignore[arg-type]
                 lambda: lending_capacity(value),  # type: ignore[arg-type]
                 lambda: poverty_relending_rate(value),  # type: ignore[arg-type]
                 lambda: entity_credit_limit(value, D(2020, 1, 1)),  # type: ignore[arg-type]
                 lambda: entity_credit_limit(coop(1), value)):  # type: ignore[arg-type]
        with contextlib.suppress(InvalidInputError):
            call()
