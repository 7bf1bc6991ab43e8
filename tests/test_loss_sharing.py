"""share_loss and share_recovery (Art. 22, 23), worked out by hand; money conserved to the fen."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    CappedLossShare,
    CompensationClaim,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossShare,
    NaturalPerson,
    PolicySchedule,
    share_loss,
    share_recovery,
)
from strategies import amounts, junk

D = Decimal


@pytest.mark.parametrize(
    ("loss", "fund", "lender"),
    [
        ("10000", "7000.00", "3000.00"),  # 10 000 × 0.70
        ("33333.33", "23333.33", "10000.00"),  # 23 333.331 → 23 333.33
        ("51812.50", "36268.75", "15543.75"),  # 50 000 + 1 812.50 interest; × 0.70 exact
        ("0.05", "0.04", "0.01"),  # 0.035 → 0.04 (half up, not to even)
        ("0.01", "0.01", "0.00"),  # 0.007 → 0.01
        ("0.00", "0.00", "0.00"),
        (50000, "35000.00", "15000.00"),  # an int is accepted
    ],
)
def test_share_loss(loss: object, fund: str, lender: str) -> None:
    share = share_loss(loss)  # type: ignore[arg-type]
    assert share == LossShare(fund=fund, lender=lender, insurer="0")  # type: ignore[arg-type]
    assert share.total == D(str(loss)).quantize(D("0.01"))


def test_share_loss_reads_the_policy() -> None:
    """A county with an 80/20 split: 10 000 × 0.80 = 8 000."""
    policy = attrs.evolve(DEFAULT_POLICY, fund_share="0.80")
    assert share_loss(D("10000"), policy) == LossShare(fund=D("8000"), lender=D("2000"))


@pytest.mark.parametrize(
    ("loss", "insured", "insurer", "lender"),
    [
        ("10000", "0.8", "8000.00", "2000.00"),  # 10 000 × 0.8
        ("0.05", "0.5", "0.03", "0.02"),  # 0.025 → 0.03
        ("12345.67", "1", "12345.67", "0.00"),  # fully insured
        ("999.99", "0.35", "350.00", "649.99"),  # 349.9965 → 350.00
    ],
)
def test_insured_loan_fund_pays_nothing(loss: str, insured: str, insurer: str, lender: str) -> None:
    """Art. 22, literal reading: insurer and lender share the loss; the fund pays 0."""
    share = share_loss(D(loss), insurer_share=D(insured))
    assert share == LossShare(fund=D(0), lender=D(lender), insurer=D(insurer))


@pytest.mark.parametrize("bad", ["0", 0, "1.5", "-0.1", 0.8, True, "abc"])
def test_bad_insurer_share(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        share_loss(D("100"), insurer_share=bad)  # type: ignore[arg-type]
    assert err.value.field == "insurer_share"


BORNE = LossShare(fund=D("7000"), lender=D("3000"))


@pytest.mark.parametrize(
    ("amount", "share", "bad_faith", "expected"),
    [
        # 1 000 × 7 000 / 10 000 = 700
        ("1000", BORNE, False, ("700.00", "300.00", "0.00")),
        # 333.33 × 0.7 = 233.331 → 233.33; lender 100.00
        ("333.33", BORNE, False, ("233.33", "100.00", "0.00")),
        # everything back: 10 000 → 7 000 / 3 000
        ("10000", BORNE, False, ("7000.00", "3000.00", "0.00")),
        # insured loan (0 / 2 000 / 8 000): 1 000 → insurer 800, lender 200
        ("1000", LossShare(fund=D(0), lender=D(2000), insurer=D(8000)), False,
         ("0.00", "200.00", "800.00")),
        # 0.01 of a (0.01, 0, 0.01) share: fund 0.005 → 0.01; the insurer's 0.005 → 0.01 is cut to 0
        ("0.01", LossShare(fund=D("0.01"), lender=D(0), insurer=D("0.01")), False,
         ("0.01", "0.00", "0.00")),
        # bad faith: fund first up to the 7 000 it bore, the 1 000 left to the lender
        ("8000", BORNE, True, ("7000.00", "1000.00", "0.00")),
        # bad faith, less than the fund bore: all of it to the fund
        ("5000", BORNE, True, ("5000.00", "0.00", "0.00")),
        # bad faith on an insured loan: the fund bore nothing, so the lender gets it all
        ("1000", LossShare(fund=D(0), lender=D(2000), insurer=D(8000)), True,
         ("0.00", "1000.00", "0.00")),
        ("0", BORNE, False, ("0.00", "0.00", "0.00")),
    ],
)
def test_share_recovery(
    amount: str, share: LossShare, bad_faith: bool, expected: tuple[str, str, str]
) -> None:
    got = share_recovery(D(amount), share, bad_faith=bad_faith)
    assert (got.fund, got.lender, got.insurer) == tuple(D(x) for x in expected)
    assert got.total == D(amount)


def test_recovery_larger_than_the_loss_is_invalid() -> None:
    with pytest.raises(InvalidInputError) as err:
        share_recovery(D("10000.01"), BORNE)
    assert err.value.field == "amount"
    assert "10000.00" in str(err.value)


def test_loss_share_validates() -> None:
    with pytest.raises(InvalidInputError) as err:
        LossShare(fund=D("-1"), lender=0.5, insurer="x")  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == ["fund", "lender", "insurer"]


def only_invalid_input(fn: Callable[..., object], *args: object) -> None:
    """Calling ``fn`` either succeeds (a junk str may be a valid amount) or raises
    InvalidInputError; any other exception fails the test."""
    with contextlib.suppress(InvalidInputError):
        fn(*args)


@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    only_invalid_input(share_loss, value)
    only_invalid_input(share_recovery, value, BORNE)
    only_invalid_input(share_loss, D("1"), value)
    with pytest.raises(InvalidInputError):
        share_recovery(D("1"), value)  # type: ignore[arg-type]


fractions = st.integers(0, 100).map(lambda n: D(n).scaleb(-2))


insured_shares = st.none() | st.integers(1, 100).map(lambda n: D(n) / 100)


@given(amounts("0", "1000000"), fractions, insured_shares)
def test_share_loss_conserves_money(
    loss: Decimal, fund_share: Decimal, insured: Decimal | None
) -> None:
    policy = attrs.evolve(DEFAULT_POLICY, fund_share=fund_share)
    share = share_loss(loss, policy, insurer_share=insured)
    assert share.total == loss
    assert min(share.fund, share.lender, share.insurer) >= 0
    if insured is not None:
        assert share.fund == 0


@st.composite
def share_and_recovery(draw: st.DrawFn) -> tuple[LossShare, Decimal]:
    share = LossShare(fund=draw(amounts("0", "100000")), lender=draw(amounts("0", "100000")),
                      insurer=draw(amounts("0", "100000")))
    amount = draw(amounts("0", str(share.total)))
    return share, amount


@given(share_and_recovery(), st.booleans())
def test_share_recovery_conserves_money(case: tuple[LossShare, Decimal], bad_faith: bool) -> None:
    share, amount = case
    got = share_recovery(amount, share, bad_faith=bad_faith)
    assert got.total == amount
    assert min(got.fund, got.lender, got.insurer) >= 0
    assert got.fund <= share.fund  # nobody gets back more than it bore … the fund at least
    if not bad_faith:
        assert got.insurer <= share.insurer


# gaps found by mutation testing (issue 14): every error names its field and states the values
BAD_CALLS = [
    (lambda: share_loss("-5"), "loss", "loss: must not be negative (got '-5', a str)"),
    (lambda: share_loss(1.5), "loss",
     "loss: must be a Decimal, int or str of yuan (got 1.5, a float)"),
    (lambda: share_loss("100", on=dt.date(2024, 1, 1)), "on",
     "on: is taken only with a CompensationClaim, whose contract it selects the policy for "
     "(got datetime.date(2024, 1, 1), a date with a bare loss)"),
    (lambda: share_loss("100", policy="x"), "policy",
     "policy: must be a Policy or a PolicySchedule (got 'x', a str)"),
    (lambda: share_recovery("x", BORNE), "amount",
     "amount: must be a number of yuan (got 'x', a str)"),
    (lambda: share_recovery("1", "B"), "share", "share: must be a LossShare (got 'B', a str)"),
    (lambda: share_recovery("1", BORNE, bad_faith="yes"), "bad_faith",
     "bad_faith: must be a bool (got 'yes', a str)"),
    # the loss is 7 000 + 3 000 + 0 = 10 000.00; one fen more is refused
    (lambda: share_recovery("10000.01", BORNE), "amount",
     "amount: cannot exceed the loss 10000.00 (fund 7000.00 + lender 3000.00 + insurer 0.00) "
     "(got 10000.01)"),
]


def refused(call: Callable[[], object], field: str, message: str) -> None:
    """``call()`` raises one problem, on ``field``, whose text is ``message``."""
    with pytest.raises(InvalidInputError) as err:
        call()
    assert err.value.field == field
    assert [p.field for p in err.value.problems] == [field]
    assert str(err.value) == message


@pytest.mark.parametrize(("call", "field", "message"), BAD_CALLS)
def test_errors_name_the_field_and_the_value(
    call: Callable[[], object], field: str, message: str
) -> None:
    refused(call, field, message)


def test_recovery_is_shared_in_proportion_unless_bad_faith_is_said() -> None:
    """bad_faith defaults to False: 8 000 back of the 7 000 / 3 000 loss → 8 000 × 0.7 = 5 600
    to the fund, 2 400 to the lender (with bad faith it would be 7 000 / 1 000)."""
    assert share_recovery(D("8000"), BORNE) == LossShare(fund=D("5600"), lender=D("2400"))


# -- a claim's loss (SPEC D5): the claim path, worked out by hand under the seed policy ---------
# The seed (x-county-measures) sets fund_share 0.70 and max_loan_amount 50 000 and no separate
# max_covered_principal, so the fund covers 50 000 of a loan's principal.

PERSON = NaturalPerson(id="P-1", birth_date=dt.date(1975, 4, 2), registered_poor=True)
START = dt.date(2025, 3, 1)
ON = dt.date(2026, 6, 9)


def a_claim(principal: str, lost: str, interest: str = "0", **loan_changes: object
            ) -> CompensationClaim:
    """A claim on a loan of ``principal`` made 2025-03-01, due 2026-03-01, ``lost`` unpaid."""
    loan = Loan(id="L-1", borrower=PERSON, lender="credit_union", principal=principal,
                start_date=START, maturity_date=dt.date(2026, 3, 1), annual_rate="0.0435")
    loan = attrs.evolve(loan, **loan_changes)
    return CompensationClaim(loan=loan, due_date=dt.date(2026, 3, 1), unpaid_principal=lost,
                             unpaid_interest=interest, notice_start=dt.date(2026, 4, 1),
                             notice_end=dt.date(2026, 4, 8))


def test_claim_at_the_cover_is_shared_whole() -> None:
    """50 000 ≤ the 50 000 covered: loss 50 000 + 1 812.50 = 51 812.50; × 0.70 = 36 268.75."""
    share = share_loss(a_claim("50000", "50000", "1812.50"), on=ON)
    assert type(share) is LossShare
    assert share == LossShare(fund=D("36268.75"), lender=D("15543.75"))
    assert (share.covered, share.uncovered) == (None, D("0.00"))


def test_claim_above_the_cover_shares_only_the_covered_part() -> None:
    """A 60 000 loan with 60 000 lost: covered = 60 000 × 50 000 ÷ 60 000 = 50 000.00;
    fund = 50 000 × 0.70 = 35 000.00; lender = 60 000 − 35 000 = 25 000.00."""
    share = share_loss(a_claim("60000", "60000"), on=ON)
    assert type(share) is CappedLossShare
    assert (share.fund, share.lender, share.insurer, share.covered) == (
        D("35000.00"), D("25000.00"), D("0.00"), D("50000.00"))
    assert share.uncovered == D("10000.00")
    assert share.total == D("60000.00")


def test_claim_cover_is_the_covered_principal_before_the_loan_cap() -> None:
    """max_covered_principal 50 000 beside max_loan_amount 100 000: an 80 000 loan with 60 000 lost
    has covered = 60 000 × 50 000 ÷ 80 000 = 37 500.00; fund = 37 500 × 0.80 = 30 000.00 (this
    county's 80 %); lender 30 000.00. Under the loan cap alone (100 000) it is shared whole:
    60 000 × 0.80 = 48 000."""
    county = attrs.evolve(DEFAULT_POLICY, max_loan_amount=100000, max_covered_principal=50000,
                          fund_share="0.80")
    share = share_loss(a_claim("80000", "60000"), county, on=ON)
    assert share == CappedLossShare(fund=D("30000"), lender=D("30000"), covered=D("37500"))
    whole = attrs.evolve(county, max_covered_principal=None)
    assert share_loss(a_claim("80000", "60000"), whole, on=ON) == LossShare(
        fund=D("48000"), lender=D("12000"))


def test_claim_cover_rounds_half_up_once() -> None:
    """0.04 lost on an 80 000 loan under a 50 000 cover: 0.04 × 50 000 ÷ 80 000 = 0.025 → 0.03
    (half up); fund 0.03 × 0.70 = 0.021 → 0.02; lender 0.04 − 0.02 = 0.02."""
    county = attrs.evolve(DEFAULT_POLICY, max_loan_amount=100000, max_covered_principal=50000)
    share = share_loss(a_claim("80000", "0.04"), county, on=ON)
    assert (share.covered, share.fund, share.lender) == (D("0.03"), D("0.02"), D("0.02"))


def test_claim_cover_rounding_back_to_the_whole_is_covered_whole() -> None:
    """0.01 lost on a 50 000.01 loan: 0.01 × 50 000 ÷ 50 000.01 = 0.00999998 → 0.01, the whole
    loss: a plain share (0.01 × 0.70 = 0.007 → 0.01 to the fund)."""
    share = share_loss(a_claim("50000.01", "0.01"), on=ON)
    assert type(share) is LossShare
    assert share == LossShare(fund=D("0.01"), lender=D("0.00"))


def test_claim_under_a_policy_without_caps_is_covered_whole() -> None:
    """Neither cap set: 60 000 × 0.70 = 42 000 of the whole loss."""
    uncapped = attrs.evolve(DEFAULT_POLICY, max_loan_amount=None, max_covered_principal=None)
    share = share_loss(a_claim("60000", "60000"), uncapped, on=ON)
    assert type(share) is LossShare
    assert share == LossShare(fund=D("42000"), lender=D("18000"))


def test_entity_claim_above_the_cover_is_covered_whole() -> None:
    """A legal entity's loan is not cut to one household's cover: 60 000 × 0.70 = 42 000."""
    household = NaturalPerson(id="P-9", birth_date=dt.date(1970, 1, 1), registered_poor=True)
    coop = LegalEntity(id="E-1", name="红旗合作社", kind=EntityKind.COOPERATIVE,
                       agreements=(DrivingAgreement(household=household, signed_on=START),))
    share = share_loss(a_claim("60000", "60000", borrower=coop), on=ON)
    assert type(share) is LossShare
    assert share == LossShare(fund=D("42000"), lender=D("18000"))


def test_insured_claim_is_shared_by_its_loans_share() -> None:
    """Insured at 80 %: insurer 60 000 × 0.8 = 48 000, lender 12 000, the fund nothing, and the
    cover is not applied (60 000 is above it); giving the same share again changes nothing."""
    insured = a_claim("60000", "60000", insurer_share="0.8")
    expected = LossShare(fund=D(0), lender=D("12000"), insurer=D("48000"))
    share = share_loss(insured, on=ON)
    assert type(share) is LossShare
    assert share == expected
    assert share_loss(insured, on=ON, insurer_share=D("0.8")) == expected


def test_claim_may_be_shared_on_the_loans_first_day() -> None:
    """on = start_date is not before it: 60 000 lost, covered 50 000, fund 35 000."""
    share = share_loss(a_claim("60000", "60000"), on=START)
    assert share.fund == D("35000.00")


def test_claim_is_shared_under_the_policy_of_its_contract() -> None:
    """A schedule with a 0.80 county document in force from 2025-01-01 governs a 2025-03-01
    contract: 50 000 lost of a 50 000 loan → 40 000 to the fund (not the seed's 35 000)."""
    county = attrs.evolve(DEFAULT_POLICY, fund_share="0.80", effective_from=dt.date(2025, 1, 1))
    schedule = PolicySchedule([DEFAULT_POLICY, county])
    share = share_loss(a_claim("50000", "50000"), schedule, on=ON)
    assert share == LossShare(fund=D("40000"), lender=D("10000"))


CLAIM_ERRORS = [
    (lambda: share_loss(a_claim("60000", "60000")), "on",
     "on: is required with a CompensationClaim: it selects the policy of the claim's contract "
     "(for_contract(claim.loan.start_date, on))"),
    (lambda: share_loss(a_claim("60000", "60000"), on=dt.date(2025, 2, 28)), "on",
     "on: is before the loan's start_date 2025-03-01 (got 2025-02-28); a claim cannot be judged "
     "before the loan exists"),
    (lambda: share_loss(a_claim("60000", "60000"), on="2026-06-09"), "on",
     "on: must be a datetime.date (got '2026-06-09', a str)"),
    # the loan is uninsured: its insurer_share is None
    (lambda: share_loss(a_claim("60000", "60000"), on=ON, insurer_share=D("0.5")),
     "insurer_share",
     "insurer_share: must be None or the claim's loan.insurer_share None when a claim is shared "
     "(got Decimal('0.5'), a Decimal)"),
    (lambda: share_loss(a_claim("60000", "60000", insurer_share="0.8"), on=ON,
                        insurer_share=D("0.7")),
     "insurer_share",
     "insurer_share: must be None or the claim's loan.insurer_share 0.8 when a claim is shared "
     "(got Decimal('0.7'), a Decimal)"),
    (lambda: share_loss(a_claim("60000", "60000"), attrs.evolve(DEFAULT_POLICY, fund_share=None),
                        on=ON),
     "policy.fund_share",
     "policy.fund_share: x-county-measures does not set fund_share; extend it with your "
     "county's value"),
    (lambda: share_loss("100", insurer_share="0"), "insurer_share",
     "insurer_share: must be above 0 when given (got '0', a str); use None for an uninsured "
     "loan"),
    # 26 250 + 1 = 26 251 is the whole; 30 000 is above it
    (lambda: CappedLossShare(fund="26250", lender="1", covered="30000"), "covered",
     "covered: must lie between the fund's part 26250.00 and the whole loss 26251.00 "
     "(got 30000.00)"),
    (lambda: CappedLossShare(fund="26250", lender="1", covered="26249.99"), "covered",
     "covered: must lie between the fund's part 26250.00 and the whole loss 26251.00 "
     "(got 26249.99)"),
    (lambda: CappedLossShare(fund="26250", lender="1", covered="x"), "covered",
     "covered: must be a number of yuan (got 'x', a str)"),
]


@pytest.mark.parametrize(("call", "field", "message"), CLAIM_ERRORS)
def test_claim_errors_name_the_field_and_the_value(
    call: Callable[[], object], field: str, message: str
) -> None:
    refused(call, field, message)


def test_capped_share_bounds_are_inclusive() -> None:
    """fund ≤ covered ≤ total: covered may equal either end (26 250 and 26 251)."""
    low = CappedLossShare(fund="26250", lender="1", covered="26250")
    high = CappedLossShare(fund="26250", lender="1", covered="26251")
    assert (low.covered, low.uncovered) == (D("26250.00"), D("1.00"))
    assert (high.covered, high.uncovered) == (D("26251.00"), D("0.00"))
