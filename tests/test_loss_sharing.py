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
    InvalidInputError,
    LossShare,
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


@pytest.mark.parametrize(("call", "field", "message"), BAD_CALLS)
def test_errors_name_the_field_and_the_value(
    call: Callable[[], object], field: str, message: str
) -> None:
    with pytest.raises(InvalidInputError) as err:
        call()
    assert err.value.field == field
    assert [p.field for p in err.value.problems] == [field]
    assert str(err.value) == message
