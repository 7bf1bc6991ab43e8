"""Schedules of policies (SPEC D2, D7): which policy governs a day and a contract.

The selecting rule, by hand: ``on(day)`` is the latest policy with ``effective_from <= day``;
``for_contract(start, day)`` the latest such policy that either switches older contracts over or
was already in force on ``start``.
"""

from __future__ import annotations

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
    InvalidInputError,
    PolicyDocument,
    PolicySchedule,
    benchmark_quote,
    preset_schedule,
)
from poverty_credit.schedule import (
    policy_for_contract,
    policy_on,
    require_schedule,
    single_policy,
)

D = dt.date


def doc(name: str) -> PolicyDocument:
    return PolicyDocument(id=name, title=f"{name} notice")


SEED = DEFAULT_POLICY  # effective_from None: always
KEEP_2021 = attrs.evolve(DEFAULT_POLICY, document=doc("keep-2021"), effective_from=D(2021, 1, 1))
SWITCH_2024 = attrs.evolve(DEFAULT_POLICY, document=doc("switch-2024"),
                           effective_from=D(2024, 1, 1), existing_contracts="switch")
BOOK = PolicySchedule([SEED, KEEP_2021, SWITCH_2024])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(1990, 1, 1), "x-county-measures"),  # the first policy has no start: always
        (D(2020, 12, 31), "x-county-measures"),
        (D(2021, 1, 1), "keep-2021"),  # effective_from is included
        (D(2023, 12, 31), "keep-2021"),
        (D(2024, 1, 1), "switch-2024"),
    ],
)
def test_on_is_the_latest_policy_in_force(day: dt.date, expected: str) -> None:
    assert BOOK.on(day).id == expected


@pytest.mark.parametrize(
    ("start", "day", "expected", "why"),
    [
        (D(2020, 6, 1), D(2022, 6, 1), "x-county-measures",
         "keep-2021 keeps older contracts out; the seed (always) governs a 2020 contract"),
        (D(2021, 1, 1), D(2022, 6, 1), "keep-2021", "made on keep-2021's first day"),
        (D(2020, 6, 1), D(2024, 1, 1), "switch-2024", "switch-2024 governs older contracts too"),
        (D(2021, 6, 1), D(2023, 12, 31), "keep-2021", "the day before the switch"),
    ],
)
def test_for_contract_keeps_or_switches(start: dt.date, day: dt.date, expected: str,
                                        why: str) -> None:
    assert BOOK.for_contract(start, day).id == expected, why


def test_a_day_before_the_first_policy_is_refused() -> None:
    s = PolicySchedule([KEEP_2021])
    with pytest.raises(InvalidInputError, match="on: 2020-12-31 is before the first policy"):
        s.on(D(2020, 12, 31))


def test_a_contract_before_a_first_policy_that_keeps_it_out_has_no_policy() -> None:
    s = PolicySchedule([KEEP_2021])
    with pytest.raises(InvalidInputError, match="start_date: a contract made on 2020-06-01 is "
                                                "governed by no policy"):
        s.for_contract(D(2020, 6, 1), D(2022, 1, 1))
    switching = PolicySchedule([attrs.evolve(KEEP_2021, existing_contracts="switch")])
    assert switching.for_contract(D(2020, 6, 1), D(2022, 1, 1)).id == "keep-2021"


@pytest.mark.parametrize(
    ("policies", "field", "message"),
    [
        ([], "policies", "must hold at least one policy"),
        ([SEED, "x"], "policies[1]", "must be a Policy"),
        ([SEED, SEED], "policies[1].effective_from", "only the first policy"),
        ([KEEP_2021, attrs.evolve(KEEP_2021, document=doc("twin"))],
         "policies[1].effective_from", "two policies take effect on 2021-01-01"),
        ([SEED, SWITCH_2024, KEEP_2021], "policies[2].effective_from",
         "2021-01-01 is before the previous policy's 2024-01-01"),
    ],
)
def test_a_bad_schedule_is_refused(policies: list[object], field: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        PolicySchedule(policies)  # type: ignore[arg-type]
    problem = info.value.problems[0]
    assert problem.field == field
    assert message in problem.message


@pytest.mark.parametrize("junk", [None, "x-county-measures", 3, DEFAULT_POLICY])
def test_a_schedule_needs_a_sequence_of_policies(junk: object) -> None:
    with pytest.raises(InvalidInputError, match="policies: must be a sequence of Policy"):
        PolicySchedule(junk)  # type: ignore[arg-type]


def test_a_plain_policy_is_a_schedule_of_one_policy_in_force_always() -> None:
    assert policy_on(SEED, D(1900, 1, 1)) is SEED
    assert policy_for_contract(SEED, D(2016, 1, 1), D(2030, 1, 1)) is SEED
    assert single_policy(PolicySchedule([SEED])) is SEED
    with pytest.raises(InvalidInputError, match="policy: must be a Policy or a schedule of one"):
        single_policy(BOOK)
    with pytest.raises(InvalidInputError, match="policy: must be a Policy or a PolicySchedule"):
        policy_on("x-county-measures", D(2020, 1, 1))


def test_schedules_compare_by_their_policies() -> None:
    assert PolicySchedule([SEED, KEEP_2021]) == PolicySchedule([SEED, KEEP_2021])
    assert PolicySchedule([SEED]) != PolicySchedule([KEEP_2021])
    assert hash(PolicySchedule([SEED])) == hash(PolicySchedule([SEED]))
    assert PolicySchedule([SEED]).__eq__(SEED) is NotImplemented
    assert repr(BOOK) == ("PolicySchedule(x-county-measures from always, keep-2021 from "
                          "2021-01-01, switch-2024 from 2024-01-01)")
    assert len(BOOK) == 3
    assert BOOK.last is SWITCH_2024


def test_qingyang_switches_every_loan_on_2024_01_01() -> None:
    """QINGYANG [S]: 100 % of interest accrued to 2023-12-31, then 70 % — by the accrual day, for
    loans made before the change too."""
    s = preset_schedule("qingyang-2024")
    loan_start = D(2023, 6, 1)
    assert s.for_contract(loan_start, D(2023, 12, 31)).subsidy_share == Decimal("1")
    assert s.for_contract(loan_start, D(2024, 1, 1)).subsidy_share == Decimal("0.70")


def test_rules_take_a_schedule_benchmark_rate_follows_the_day() -> None:
    """A schedule whose later policy takes the LPR: the benchmark of 2021-06-01 for 12 months is
    the 1-year LPR in force (3.85 % from 2020-04-20, domain-facts §5.3); before the change, the
    PBoC's 4.35 %."""
    lpr = attrs.evolve(KEEP_2021, benchmark="lpr")
    s = PolicySchedule([SEED, lpr])
    assert benchmark_quote(D(2020, 6, 1), 12, s).rate == Decimal("0.0435")
    assert benchmark_quote(D(2021, 6, 1), 12, s).rate == Decimal("0.0385")


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@given(start=dates, day=dates)
def test_for_contract_never_picks_a_policy_not_yet_in_force(start: dt.date, day: dt.date) -> None:
    chosen = BOOK.for_contract(start, day)
    assert chosen.effective_from is None or chosen.effective_from <= day
    # and it is the on() policy whenever that one governs the contract
    current = BOOK.on(day)
    if str(current.existing_contracts) == "switch" or (
        current.effective_from is None or current.effective_from <= start
    ):
        assert chosen is current


# --- messages and edges pinned (issue 14) -----------------------------------------------------

KEEP_2020 = attrs.evolve(DEFAULT_POLICY, document=doc("a"), effective_from=D(2020, 1, 1))
SWITCH_2021 = attrs.evolve(DEFAULT_POLICY, document=doc("b"), effective_from=D(2021, 1, 1),
                           existing_contracts="switch")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: PolicySchedule("x"),  # type: ignore[arg-type]
         [("policies", "must be a sequence of Policy (got 'x', a str)")]),
        (lambda: PolicySchedule([]), [("policies", "must hold at least one policy")]),
        (lambda: PolicySchedule([KEEP_2020, 1]),  # type: ignore[list-item]
         [("policies[1]", "must be a Policy (got 1, an int)")]),
        (lambda: PolicySchedule([KEEP_2020, SEED, SWITCH_2021, SWITCH_2021, KEEP_2020]), [
            ("policies[1].effective_from",
             "only the first policy of a schedule may have effective_from None"),
            ("policies[3].effective_from", "two policies take effect on 2021-01-01"),
            ("policies[4].effective_from",
             "2020-01-01 is before the previous policy's 2021-01-01: list the policies in date "
             "order")]),
        (lambda: PolicySchedule([KEEP_2020]).on("2020"),  # type: ignore[arg-type]
         [("on", "must be a datetime.date (got '2020', a str)")]),
        (lambda: PolicySchedule([KEEP_2020]).on(D(2019, 12, 31)),
         [("on", "2019-12-31 is before the first policy of the schedule (a, from 2020-01-01)")]),
        (lambda: PolicySchedule([KEEP_2020]).for_contract("x", D(2020, 1, 1)),  # type: ignore[arg-type]
         [("start_date", "must be a datetime.date (got 'x', a str)")]),
        (lambda: PolicySchedule([KEEP_2020]).for_contract(D(2020, 1, 1), "y"),  # type: ignore[arg-type]
         [("on", "must be a datetime.date (got 'y', a str)")]),
        (lambda: policy_on("x", D(2020, 1, 1), field="book"),
         [("book", "must be a Policy or a PolicySchedule (got 'x', a str)")]),
        (lambda: policy_on("x", D(2020, 1, 1)),
         [("policy", "must be a Policy or a PolicySchedule (got 'x', a str)")]),
        (lambda: policy_for_contract("x", D(2020, 1, 1), D(2020, 1, 1), field="book"),
         [("book", "must be a Policy or a PolicySchedule (got 'x', a str)")]),
        (lambda: policy_for_contract("x", D(2020, 1, 1), D(2020, 1, 1)),
         [("policy", "must be a Policy or a PolicySchedule (got 'x', a str)")]),
        (lambda: require_schedule("x"),
         [("policy", "must be a Policy or a PolicySchedule (got 'x', a str)")]),
        (lambda: single_policy("x", field="book"),
         [("book", "must be a Policy or a PolicySchedule (got 'x', a str)")]),
    ],
)
def test_errors_name_the_field_and_the_value(call: Any, expected: list[tuple[str, str]]) -> None:
    assert [(field, en) for field, _code, en, _zh in problems(call)] == expected


def test_a_contract_before_a_keep_policy_is_governed_by_none_even_if_a_later_one_switches() -> None:
    """a (2020, keep) then b (2021, switch). On 2020-06-01 only a is in force; a contract of
    2019-01-01 predates it and a keeps older contracts out: nothing governs it (b, which would
    switch it, is not yet in force). From 2021-01-01 b governs it."""
    book = PolicySchedule([KEEP_2020, SWITCH_2021])
    assert problems(lambda: book.for_contract(D(2019, 1, 1), D(2020, 6, 1))) == [(
        "start_date", "INVALID_VALUE",
        "a contract made on 2019-01-01 is governed by no policy of the schedule: the first, a, "
        "takes effect on 2020-01-01 and keeps older contracts out (existing_contracts = 'keep')",
        "取值无效：a contract made on 2019-01-01 is governed by no policy of the schedule: the "
        "first, a, takes effect on 2020-01-01 and keeps older contracts out "
        "(existing_contracts = 'keep')")]
    assert book.for_contract(D(2019, 1, 1), D(2021, 1, 1)) is SWITCH_2021
    assert policy_for_contract(book, D(2020, 3, 1), D(2021, 6, 1)) is SWITCH_2021
    assert policy_for_contract(book, D(2020, 3, 1), D(2020, 6, 1)) is KEEP_2020


def test_a_schedule_iterates_and_hashes_its_policies() -> None:
    book = PolicySchedule([KEEP_2020, SWITCH_2021])
    assert list(book) == [KEEP_2020, SWITCH_2021]
    assert hash(book) == hash((KEEP_2020, SWITCH_2021))
    assert hash(book) != hash(PolicySchedule([KEEP_2020]))
