"""Sharing an approved loss and a later recovery (Art. 22, 23; SPEC D5, D7).

* :func:`share_loss` — Art. 22: the fund pays ``fund_share`` (70 %) of an approved loss, the
  lender bears the rest; for a loan with micro-loan guarantee insurance (小额贷款保证保险) the
  insurer and the lender share it by the insured proportion and the fund pays nothing (the
  literal reading). Given the claim itself, the policy that governs the claim's contract is
  chosen (a :class:`~poverty_credit.PolicySchedule` is resolved with ``for_contract``) and, for a
  loan above the principal the fund covers (SPEC D5, e.g. 5万 of a 2021 top-up loan of 10万), the
  fund shares only the covered part of the loss: :attr:`LossShare.covered` names it.
* :func:`share_recovery` — Art. 23: money recovered afterwards goes back in the proportions in which
  the loss was borne; money recovered by suing a borrower who evaded in bad faith goes to the fund
  first, up to what the fund bore, the rest to the lender (interpretation of "归还风险补偿金专户").

Every result is rounded once to the fen (half up) and its parts add up to the whole exactly.

>>> share_loss(Decimal("10000.00"))
LossShare(fund=Decimal('7000.00'), lender=Decimal('3000.00'), insurer=Decimal('0.00'))
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import attrs

from poverty_credit._money import (
    _CONTEXT,
    ZERO,
    compute,
    describe,
    parse_amount,
    parse_fraction,
    to_fen,
)
from poverty_credit._validate import Checker, as_bool, instance_of
from poverty_credit.errors import InvalidInputError
from poverty_credit.models import CompensationClaim
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.schedule import PolicySchedule, policy_for_contract, single_policy

__all__ = ["CappedLossShare", "LossShare", "share_loss", "share_recovery"]


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

    @property
    def covered(self) -> Decimal | None:
        """The part of the loss the fund's cover reached, where that is *less* than the whole
        (a :class:`CappedLossShare`); ``None`` here: the whole loss was covered, or the loan was
        insured (the fund shares nothing of it), or the share is of a recovery."""
        return None

    @property
    def uncovered(self) -> Decimal:
        """The part of the loss above the fund's cover, the lender's alone (``0.00`` here)."""
        return ZERO


@attrs.frozen(kw_only=True)
class CappedLossShare(LossShare):
    """The share of a loss on a loan above the principal the fund covers (SPEC D5).

    ``covered`` is the covered part of the loss (``loss × covered cap ÷ principal``); the fund's
    part is its share of ``covered`` and the lender bears the rest of the whole loss, so
    ``fund <= covered <= total``. :func:`share_loss` returns one only when a part of the loss is
    not covered; otherwise a plain :class:`LossShare` (whose ``covered`` is ``None``).

    >>> s = CappedLossShare(fund="26250", lender="33750", covered="37500")
    >>> s.total, s.covered, s.uncovered
    (Decimal('60000.00'), Decimal('37500.00'), Decimal('22500.00'))
    """

    covered: Decimal

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        c = Checker(self)
        c.field("covered", parse_amount)
        c.done()
        if not self.fund <= self.covered <= self.total:
            raise InvalidInputError.single(
                "covered",
                f"must lie between the fund's part {self.fund} and the whole loss {self.total} "
                f"(got {self.covered})",
            )

    @property
    def uncovered(self) -> Decimal:
        """The part of the loss above the fund's cover: ``total − covered``."""
        with compute():
            return self.total - self.covered


def _insurer_share(value: object) -> Decimal:
    share = parse_fraction(value, "insurer_share", upper_inclusive=True)
    if share == 0:
        raise InvalidInputError.single(
            "insurer_share", f"must be above 0 when given (got {describe(value)}); use None for an "
            "uninsured loan"
        )
    return share


def _cover_cap(policy: Policy) -> Decimal | None:
    """The principal the fund covers: ``max_covered_principal``, else the loan cap; ``None`` when
    the policy sets neither (interpretation: a document that caps nothing covers the whole loss)."""
    if policy.max_covered_principal is not None:
        return policy.max_covered_principal
    return policy.max_loan_amount


def _covered_loss(claim: CompensationClaim, policy: Policy) -> tuple[Decimal, Decimal | None]:
    """The part of a claim's loss the fund covers, and the cap it was cut to (SPEC D5).

    For a loan to a natural person whose principal is above the covered cap
    (``policy.max_covered_principal``, else ``policy.max_loan_amount``):
    ``ROUND_HALF_UP(loss × cap ÷ principal)`` (the proportional reading: every yuan of the loan is
    covered alike), and the cap; otherwise — or when that rounds back to the whole loss — the
    whole loss and ``None``. A loan to a legal entity is
    covered whole (its limit is its households' entitlements, judged by ``check_loan_terms``), as
    is every loan under a policy that sets no cap at all.

    >>> import attrs, datetime as dt
    >>> from poverty_credit import CompensationClaim, Loan, NaturalPerson
    >>> p = NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L", borrower=p, lender="credit_union", principal="80000",
    ...             start_date=dt.date(2022, 1, 1), maturity_date=dt.date(2024, 1, 1),
    ...             annual_rate="0.0465")
    >>> claim = CompensationClaim(loan=loan, due_date=dt.date(2024, 1, 1),
    ...     unpaid_principal="60000", unpaid_interest="0", notice_start=dt.date(2024, 5, 1),
    ...     notice_end=dt.date(2024, 5, 8))
    >>> _covered_loss(claim, attrs.evolve(DEFAULT_POLICY, max_loan_amount=100000,
    ...                                  max_covered_principal=50000))
    (Decimal('37500.00'), Decimal('50000.00'))
    """
    loss = claim.loss
    cap = _cover_cap(policy)
    principal = claim.loan.principal
    if cap is None or not claim.loan.is_natural_person or principal <= cap:
        return loss, None
    with compute():
        covered = to_fen(loss * cap / principal)
    if covered == loss:  # a loss of a few fen can round back to the whole: all of it is covered
        return loss, None
    return covered, cap


def _claim_insurer_share(claim: CompensationClaim, given: object) -> Decimal | None:
    """An insured claim's share: the loan's own; a different one given beside it is refused."""
    own = claim.loan.insurer_share
    if given is None:
        return own
    share = _insurer_share(given)
    if share != own:
        raise InvalidInputError.single(
            "insurer_share",
            f"must be None or the claim's loan.insurer_share {own} when a claim is shared "
            f"(got {describe(given)})",
        )
    return share


def _claim_policy(claim: CompensationClaim, policy: object, on: object) -> Policy:
    if on is None:
        raise InvalidInputError.single(
            "on", "is required with a CompensationClaim: it selects the policy of the claim's "
            "contract (for_contract(claim.loan.start_date, on))"
        )
    day = require_date(on, "on")
    start = claim.loan.start_date
    if day < start:
        raise InvalidInputError.single(
            "on",
            f"is before the loan's start_date {start.isoformat()} (got {day.isoformat()}); a "
            "claim cannot be judged before the loan exists",
        )
    return policy_for_contract(policy, start, day)


def share_loss(
    loss_or_claim: Decimal | CompensationClaim,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
    *,
    insurer_share: Decimal | None = None,
    on: _dt.date | None = None,
) -> LossShare:
    """Split an approved loss between fund and lender, or insurer and lender (Art. 22, SPEC D5).

    Uninsured: ``fund = ROUND_HALF_UP(loss × policy.fund_share)``, ``lender = loss − fund``.
    Insured (``insurer_share`` given, ``0 < share ≤ 1``): ``insurer = ROUND_HALF_UP(loss × share)``,
    ``lender = loss − insurer`` and the fund pays nothing. That is an interpretation: Art. 22 says
    that with guarantee insurance "the insurer and the lender bear the risk by the insured
    proportion" and does not give the fund a part; we read it literally.

    Given a :class:`~poverty_credit.CompensationClaim` (then ``on``, the evaluation date, is
    required): the loss is ``claim.loss``; the policy is the one governing the claim's contract
    on ``on`` (``for_contract(claim.loan.start_date, on)`` of a schedule); the insured share is the
    loan's own ``insurer_share``; and for a loan to a natural person whose principal is above the
    covered principal (SPEC D5: ``policy.max_covered_principal``, else ``policy.max_loan_amount``)
    the fund shares only the covered part, ``covered = ROUND_HALF_UP(loss × cap ÷ principal)``:
    ``fund = ROUND_HALF_UP(covered × fund_share)``, the lender bears the rest of the whole loss,
    and the result is a :class:`CappedLossShare` naming ``covered``. An insured loan's loss is
    shared whole by insurer and lender, as above; a loan to a legal entity, and every loan under
    a policy that sets neither cap, is covered whole (interpretations, SPEC part D).

    A bare loss has no contract: ``policy`` must then be a policy (or a schedule of one) and
    ``on`` is not taken.

    Args:
        loss_or_claim: the approved loss (unpaid principal + unpaid interest), yuan ≥ 0, or the
            claim.
        policy: gives ``fund_share`` (0.70) and the covered cap; a policy or a schedule.
        insurer_share: the insured proportion of an insured loan, ``None`` when uninsured (with a
            claim: ``None`` or the loan's own).
        on: the evaluation date of a claim.

    Returns:
        A :class:`LossShare` whose parts add up to the loss exactly.

    Raises:
        InvalidInputError: a bad amount, claim, policy, share or date; ``on`` missing with a
            claim or given with a bare loss; a policy that leaves ``fund_share`` unset (uninsured
            loss).

    >>> share_loss("33333.33")
    LossShare(fund=Decimal('23333.33'), lender=Decimal('10000.00'), insurer=Decimal('0.00'))
    >>> share_loss("10000", insurer_share="0.8")
    LossShare(fund=Decimal('0.00'), lender=Decimal('2000.00'), insurer=Decimal('8000.00'))

    A 2021-style top-up loan of 80 000 with 60 000 lost, where the fund covers 50 000 of
    principal: covered = 60 000 × 50 000 ÷ 80 000 = 37 500; fund = 37 500 × 0.70 = 26 250:

    >>> import attrs, datetime as dt
    >>> from poverty_credit import CompensationClaim, Loan, NaturalPerson
    >>> p = NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    >>> loan = Loan(id="L", borrower=p, lender="credit_union", principal="80000",
    ...             start_date=dt.date(2022, 1, 1), maturity_date=dt.date(2024, 1, 1),
    ...             annual_rate="0.0465")
    >>> claim = CompensationClaim(loan=loan, due_date=dt.date(2024, 1, 1),
    ...     unpaid_principal="60000", unpaid_interest="0", notice_start=dt.date(2024, 5, 1),
    ...     notice_end=dt.date(2024, 5, 8))
    >>> county = attrs.evolve(DEFAULT_POLICY, max_loan_amount=100000, max_covered_principal=50000)
    >>> share_loss(claim, county, on=dt.date(2024, 6, 1))
    CappedLossShare(fund=Decimal('26250.00'), lender=Decimal('33750.00'), \
insurer=Decimal('0.00'), covered=Decimal('37500.00'))
    """
    if isinstance(loss_or_claim, CompensationClaim):
        claim = loss_or_claim
        chosen = _claim_policy(claim, policy, on)
        share = _claim_insurer_share(claim, insurer_share)
        if share is not None:
            return _insured(claim.loss, share)
        covered, cap = _covered_loss(claim, chosen)
        if cap is None:
            return _uninsured(claim.loss, chosen)
        fund_share: Decimal = chosen.need("fund_share")
        with compute():
            fund = to_fen(covered * fund_share)
            return CappedLossShare(
                fund=fund, lender=claim.loss - fund, insurer=ZERO, covered=covered
            )
    amount = parse_amount(loss_or_claim, "loss")
    if on is not None:
        raise InvalidInputError.single(
            "on", f"is taken only with a CompensationClaim, whose contract it selects the policy "
            f"for (got {describe(on)} with a bare loss)"
        )
    plain = single_policy(policy)
    if insurer_share is not None:
        return _insured(amount, _insurer_share(insurer_share))
    return _uninsured(amount, plain)


def _made(fund: Decimal, lender: Decimal, insurer: Decimal) -> LossShare:
    """A :class:`LossShare` of amounts the library computed itself (whole fen, ≥ 0, below 10^15:
    what the public constructor checks): built without re-parsing them."""
    share: LossShare = _new(LossShare)
    _set(share, "fund", fund)
    _set(share, "lender", lender)
    _set(share, "insurer", insurer)
    return share


_new, _set = object.__new__, object.__setattr__


def _insured(loss: Decimal, share: Decimal) -> LossShare:
    insurer = to_fen(_CONTEXT.multiply(loss, share))
    return _made(ZERO, _CONTEXT.subtract(loss, insurer), insurer)


def _uninsured(loss: Decimal, policy: Policy) -> LossShare:
    fund_share: Decimal = policy.need("fund_share")
    fund = to_fen(_CONTEXT.multiply(loss, fund_share))
    return _made(fund, _CONTEXT.subtract(loss, fund), ZERO)


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
