"""Sharing an approved loss and a later recovery (Art. 22, 23).

* :func:`share_loss` — Art. 22: the fund pays ``fund_share`` (70 %) of an approved loss, the
  lender bears the rest; for a loan with micro-loan guarantee insurance (小额贷款保证保险) the
  insurer and the lender share it by the insured proportion and the fund pays nothing (the
  literal reading).
* :func:`share_recovery` — Art. 23: money recovered afterwards goes back in the proportions in which
  the loss was borne; money recovered by suing a borrower who evaded in bad faith goes to the fund
  first, up to what the fund bore, the rest to the lender (interpretation of "归还风险补偿金专户").

Every result is rounded once to the fen (half up) and its parts add up to the whole exactly.

>>> share_loss(Decimal("10000.00"))
LossShare(fund=Decimal('7000.00'), lender=Decimal('3000.00'), insurer=Decimal('0.00'))
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from poverty_credit._money import ZERO, compute, describe, parse_amount, parse_fraction, to_fen
from poverty_credit._validate import Checker, as_bool, instance_of
from poverty_credit.errors import InvalidInputError
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = ["LossShare", "share_loss", "share_recovery"]


@attrs.frozen(kw_only=True)
class LossShare:
    """Who bears (or gets back) how much of a loss: the fund, the lender and an insurer.

    Amounts are ``Decimal`` yuan ≥ 0 (given as ``Decimal``, ``int`` or ``str``).

    >>> s = LossShare(fund="7000", lender="3000", insurer="0")
    >>> s.fund, s.total
    (Decimal('7000.00'), Decimal('10000.00'))
    """

    fund: Decimal
    lender: Decimal
    insurer: Decimal = attrs.field(default=ZERO)

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        for name in ("fund", "lender", "insurer"):
            c.field(name, parse_amount)
        c.done()

    @property
    def total(self) -> Decimal:
        """The whole: ``fund + lender + insurer``."""
        with compute():
            return self.fund + self.lender + self.insurer


def _insurer_share(value: object) -> Decimal:
    share = parse_fraction(value, "insurer_share", upper_inclusive=True)
    if share == 0:
        raise InvalidInputError.single(
            "insurer_share", f"must be above 0 when given (got {describe(value)}); use None for an "
            "uninsured loan"
        )
    return share


def share_loss(
    loss: Decimal, policy: Policy = DEFAULT_POLICY, *, insurer_share: Decimal | None = None
) -> LossShare:
    """Split an approved loss between fund and lender, or insurer and lender (Art. 22).

    Uninsured: ``fund = ROUND_HALF_UP(loss × policy.fund_share)``, ``lender = loss − fund``.
    Insured (``insurer_share`` given, ``0 < share ≤ 1``): ``insurer = ROUND_HALF_UP(loss × share)``,
    ``lender = loss − insurer`` and the fund pays nothing. That is an interpretation: Art. 22 says
    that with guarantee insurance "the insurer and the lender bear the risk by the insured
    proportion" and does not give the fund a part; we read it literally.

    Args:
        loss: the approved loss (unpaid principal + unpaid interest), yuan ≥ 0.
        policy: gives ``fund_share`` (0.70).
        insurer_share: the insured proportion of an insured loan, ``None`` when uninsured.

    Returns:
        A :class:`LossShare` whose parts add up to ``loss`` exactly.

    Raises:
        InvalidInputError: a bad amount, policy or share.

    >>> share_loss("33333.33")
    LossShare(fund=Decimal('23333.33'), lender=Decimal('10000.00'), insurer=Decimal('0.00'))
    >>> share_loss("10000", insurer_share="0.8")
    LossShare(fund=Decimal('0.00'), lender=Decimal('2000.00'), insurer=Decimal('8000.00'))
    """
    amount = parse_amount(loss, "loss")
    policy = instance_of(Policy, "a Policy")(policy, "policy")
    if insurer_share is not None:
        share = _insurer_share(insurer_share)
        with compute():
            insurer = to_fen(amount * share)
            return LossShare(fund=ZERO, lender=amount - insurer, insurer=insurer)
    with compute():
        fund = to_fen(amount * policy.need("fund_share"))
        return LossShare(fund=fund, lender=amount - fund, insurer=ZERO)


def share_recovery(amount: Decimal, share: LossShare, *, bad_faith: bool = False) -> LossShare:
    """Split money recovered on a compensated loss (Art. 23).

    ``loss = share.total``. Ordinarily each party gets back in proportion to what it bore:
    ``fund = ROUND_HALF_UP(amount × share.fund ÷ loss)``, the insurer likewise, the lender the rest.
    (Should both rounded parts together exceed ``amount`` — possible only by a fen when the lender
    bore nothing — the insurer's part is cut to what is left, so no part is ever negative.)

    With ``bad_faith`` (money recovered by suing a borrower who evaded in bad faith) the money
    goes to the fund first, up to ``share.fund``, and the rest to the lender (interpretation of
    "收回的资金归还风险补偿金专户": the fund is made whole first; what exceeds what it bore goes
    to the lender, which bore the rest of the loss; an insurer gets nothing from such money).

    Args:
        amount: the money recovered, yuan ≥ 0, at most the loss.
        share: how the loss was borne.
        bad_faith: whether the money came from a suit against a bad-faith evader.

    Returns:
        A :class:`LossShare` whose parts add up to ``amount`` exactly.

    Raises:
        InvalidInputError: a bad amount or share, or ``amount`` larger than the loss.

    >>> borne = LossShare(fund="7000", lender="3000", insurer="0")
    >>> share_recovery("1000", borne)
    LossShare(fund=Decimal('700.00'), lender=Decimal('300.00'), insurer=Decimal('0.00'))
    >>> share_recovery("8000", borne, bad_faith=True)
    LossShare(fund=Decimal('7000.00'), lender=Decimal('1000.00'), insurer=Decimal('0.00'))
    """
    recovered = parse_amount(amount, "amount")
    share = instance_of(LossShare, "a LossShare")(share, "share")
    bad_faith = as_bool(bad_faith, "bad_faith")
    loss = share.total
    if recovered > loss:
        raise InvalidInputError.single(
            "amount", f"cannot exceed the loss {loss} (fund {share.fund} + lender {share.lender} + "
            f"insurer {share.insurer}) (got {recovered})"
        )
    if recovered == 0:
        return LossShare(fund=ZERO, lender=ZERO, insurer=ZERO)
    with compute():
        if bad_faith:
            fund = min(recovered, share.fund)
            return LossShare(fund=fund, lender=recovered - fund, insurer=ZERO)
        fund = to_fen(recovered * share.fund / loss)
        insurer = min(to_fen(recovered * share.insurer / loss), recovered - fund)
        return LossShare(fund=fund, lender=recovered - fund - insurer, insurer=insurer)
