"""Schedules: the policies a county's book is governed by over the years (SPEC D2).

A :class:`PolicySchedule` orders policies by :attr:`Policy.effective_from
<poverty_credit.Policy.effective_from>`. ``on(day)`` is the policy in force on a day;
``for_contract(start_date, day)`` is the one that governs, on ``day``, a contract made on
``start_date``: the latest policy in force on ``day`` that either switches older contracts over
(``existing_contracts = "switch"``) or was already in force when the contract was made ("keep",
as 银保监发〔2020〕28号 keeps every policy for the contract's term).

Every rule that takes ``policy=`` takes a schedule too; a plain :class:`~poverty_credit.Policy`
behaves as a schedule of one policy in force always.

>>> import datetime as dt, attrs
>>> from poverty_credit import DEFAULT_POLICY, PolicyDocument
>>> later = attrs.evolve(DEFAULT_POLICY, max_loan_amount=100000,
...                      effective_from=dt.date(2021, 1, 1),
...                      document=PolicyDocument(id="later", title="A later notice"))
>>> s = PolicySchedule([DEFAULT_POLICY, later])
>>> s.on(dt.date(2020, 12, 31)).id, s.on(dt.date(2021, 1, 1)).id
('x-county-measures', 'later')
>>> s.for_contract(dt.date(2020, 6, 1), dt.date(2022, 1, 1)).id   # "keep": the old contract
'x-county-measures'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator

from poverty_credit._money import describe
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.periods import require_date
from poverty_credit.policy import ExistingContracts, Policy

__all__ = ["PolicySchedule", "policy_for_contract", "policy_on", "require_schedule"]


class PolicySchedule:
    """Policies ordered by ``effective_from`` (only the first may have ``None``: always).

    Raises:
        InvalidInputError: no policy, an item that is not a :class:`~poverty_credit.Policy`, a
            later policy with ``effective_from=None``, two with the same date, or a list that is
            not in date order.
    """

    __slots__ = ("_policies", "_starts")

    def __init__(self, policies: Iterable[Policy]) -> None:
        if isinstance(policies, (str, bytes, Policy)) or not isinstance(policies, Iterable):
            raise InvalidInputError.single(
                "policies", f"must be a sequence of Policy (got {describe(policies)})"
            )
        items = list(policies)
        problems: list[Problem] = []
        if not items:
            problems.append(Problem("policies", "must hold at least one policy"))
        for i, p in enumerate(items):
            if not isinstance(p, Policy):
                problems.append(Problem(f"policies[{i}]", f"must be a Policy (got {describe(p)})"))
        if problems:
            raise InvalidInputError(problems)
        for i, p in enumerate(items):
            if i and p.effective_from is None:
                problems.append(
                    Problem(
                        f"policies[{i}].effective_from",
                        "only the first policy of a schedule may have effective_from None",
                    )
                )
            elif i and items[i - 1].effective_from is not None:
                prev = items[i - 1].effective_from
                assert prev is not None
                assert p.effective_from is not None
                if p.effective_from == prev:
                    problems.append(
                        Problem(
                            f"policies[{i}].effective_from",
                            f"two policies take effect on {prev.isoformat()}",
                        )
                    )
                elif p.effective_from < prev:
                    problems.append(
                        Problem(
                            f"policies[{i}].effective_from",
                            f"{p.effective_from.isoformat()} is before the previous policy's "
                            f"{prev.isoformat()}: list the policies in date order",
                        )
                    )
        if problems:
            raise InvalidInputError(problems)
        self._policies = tuple(items)
        self._starts = tuple(p.effective_from for p in items)

    @property
    def policies(self) -> tuple[Policy, ...]:
        """The policies, oldest first."""
        return self._policies

    def __iter__(self) -> Iterator[Policy]:
        return iter(self._policies)

    def __len__(self) -> int:
        return len(self._policies)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PolicySchedule):
            return NotImplemented
        return self._policies == other._policies

    def __hash__(self) -> int:
        return hash(self._policies)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{p.id} from {p.effective_from.isoformat() if p.effective_from else 'always'}"
            for p in self._policies
        )
        return f"PolicySchedule({parts})"

    @property
    def last(self) -> Policy:
        """The latest policy (what ``check_documents(on=None)`` judges by)."""
        return self._policies[-1]

    def _in_force(self, day: _dt.date) -> int:
        """Index of the latest policy whose ``effective_from <= day``; refuse a day before all."""
        found = -1
        for i, start in enumerate(self._starts):
            if start is None or start <= day:
                found = i
            else:
                break
        if found < 0:
            first = self._starts[0]
            assert first is not None
            raise InvalidInputError.single(
                "on",
                f"{day.isoformat()} is before the first policy of the schedule "
                f"({self._policies[0].id}, from {first.isoformat()})",
            )
        return found

    def on(self, day: _dt.date) -> Policy:
        """The policy in force on ``day``.

        Raises:
            InvalidInputError: ``day`` is not a date, or it is before the first policy.
        """
        day = require_date(day, "on")
        return self._policies[self._in_force(day)]

    def for_contract(self, start_date: _dt.date, day: _dt.date) -> Policy:
        """The policy that governs, on ``day``, a contract made on ``start_date`` (SPEC D2).

        The latest ``P`` with ``P.effective_from <= day`` and (``P.existing_contracts ==
        "switch"`` or ``P.effective_from <= start_date``).

        Raises:
            InvalidInputError: a bad date; ``day`` before the first policy; or a contract made
                before the first policy that keeps older contracts out (none governs it).
        """
        start_date = require_date(start_date, "start_date")
        day = require_date(day, "on")
        for i in range(self._in_force(day), -1, -1):
            p = self._policies[i]
            starts = p.effective_from
            if starts is None or starts <= start_date:
                return p
            if p.existing_contracts is ExistingContracts.SWITCH:
                return p
        first = self._policies[0]
        raise InvalidInputError.single(
            "start_date",
            f"a contract made on {start_date.isoformat()} is governed by no policy of the "
            f"schedule: the first, {first.id}, takes effect on "
            f"{first.effective_from.isoformat() if first.effective_from else '?'} and keeps older "
            "contracts out (existing_contracts = 'keep')",
        )


def require_schedule(policy: object, field: str = "policy") -> Policy | PolicySchedule:
    """Return ``policy`` if it is a :class:`~poverty_credit.Policy` or a :class:`PolicySchedule`."""
    if not isinstance(policy, (Policy, PolicySchedule)):
        raise InvalidInputError.single(
            field, f"must be a Policy or a PolicySchedule (got {describe(policy)})"
        )
    return policy


def policy_on(policy: object, day: _dt.date, field: str = "policy") -> Policy:
    """The policy in force on ``day``: ``policy`` itself, or ``policy.on(day)`` of a schedule."""
    chosen = require_schedule(policy, field)
    if isinstance(chosen, Policy):
        return chosen
    return chosen.on(day)


def policy_for_contract(
    policy: object, start_date: _dt.date, day: _dt.date, field: str = "policy"
) -> Policy:
    """The policy governing on ``day`` a contract made on ``start_date`` (see
    :meth:`PolicySchedule.for_contract`); a plain policy is itself."""
    chosen = require_schedule(policy, field)
    if isinstance(chosen, Policy):
        return chosen
    return chosen.for_contract(start_date, day)


def single_policy(policy: object, field: str = "policy") -> Policy:
    """A :class:`~poverty_credit.Policy`, or the only policy of a one-policy schedule."""
    chosen = require_schedule(policy, field)
    if isinstance(chosen, Policy):
        return chosen
    if len(chosen) != 1:
        raise InvalidInputError.single(
            field, f"must be a Policy or a schedule of one policy (got {chosen!r})"
        )
    return chosen.policies[0]
