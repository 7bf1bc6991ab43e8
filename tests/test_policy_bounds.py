"""Bounds a Policy refuses on construction.

``max_term_years`` (1-50) and the day counts (``min_days_past_due``, ``min_notice_days``,
``filing_working_days``: up to 36 600) are bounded so a term of 10^6 years never reaches the
rules. A day-count basis is a convention, actual/360 (the Measures, 日利率 = 年利率 / 360) or
actual/365; any other divisor is a typo that silently scales every interest and subsidy (a basis
of 1 multiplies them by 360), so ``day_count_basis`` must be 360 or 365.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    InvalidInputError,
    PolicyDocument,
    ReasonCode,
)


@pytest.mark.parametrize("change", [{"day_count_basis": 1}, {"day_count_basis": 364},
                                    {"day_count_basis": 366}],
                         ids=["basis=1", "basis=364", "basis=366"])
def test_policy_refuses_values_beyond_the_proposed_bounds(change: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as err:
        attrs.evolve(DEFAULT_POLICY, **change)
    assert err.value.field == next(iter(change))


# --- each field's bound and message, pinned (issue 14: mutants of the bounds survived) ------

FRACTION = "must be a fraction with 0 <= value <= 1, e.g. Decimal('0.0435') for 4.35 % (got {})"
REFUSED = [
    ("existing_contracts", "x", "NOT_A_MEMBER",
     "must be an ExistingContracts, one of 'keep', 'switch' (got 'x', a str)"),
    ("min_age", -1, "OUT_OF_RANGE", "must be between 0 and 150 (got -1)"),
    ("min_age", 151, "OUT_OF_RANGE", "must be between 0 and 150 (got 151)"),
    ("min_age", 70, "INVALID_VALUE", "must not exceed max_age 65 (got 70)"),
    ("max_age", -1, "OUT_OF_RANGE", "must be between 0 and 150 (got -1)"),
    ("max_age", 151, "OUT_OF_RANGE", "must be between 0 and 150 (got 151)"),
    ("bad_credit_excludes", "x", "NOT_A_MEMBER",
     "must be a BadCreditExcludes, one of 'never', 'major' (got 'x', a str)"),
    ("max_entity_loan_amount", "-1", "NEGATIVE", "must not be negative (got '-1', a str)"),
    ("max_entity_loan_amount", 1.5, "WRONG_TYPE",
     "must be a Decimal, int or str of yuan (got 1.5, a float)"),
    ("fund_allocations", {}, "INVALID_VALUE", "must name at least one lender"),
    ("fund_sources", {1: "1"}, "INVALID_VALUE", "keys must be non-empty str (got 1, an int)"),
    ("fund_deposit_tier", "x", "NOT_A_MEMBER",
     "must be a DepositTier, one of 'demand', '3m', '6m', '1y', '2y', '3y', '5y' (got 'x', a str)"),
    ("min_notice_days", -1, "OUT_OF_RANGE", "must be between 0 and 36600 (got -1)"),
    ("min_notice_days", 36601, "OUT_OF_RANGE", "must be between 0 and 36600 (got 36601)"),
    ("filing_working_days", 0, "OUT_OF_RANGE", "must be between 1 and 36600 (got 0)"),
    ("filing_working_days", 36601, "OUT_OF_RANGE", "must be between 1 and 36600 (got 36601)"),
    ("five_star_target", "1.01", "OUT_OF_RANGE", FRACTION.format("'1.01', a str")),
    ("three_star_target", "-0.1", "OUT_OF_RANGE", FRACTION.format("'-0.1', a str")),
    ("subsidy_rate", "x", "NOT_A_MEMBER",
     "must be a SubsidyRate, one of 'benchmark', 'flat' (got 'x', a str)"),
    ("subsidy_share", "1.5", "OUT_OF_RANGE", FRACTION.format("'1.5', a str")),
    ("subsidy_cycle", "x", "NOT_A_MEMBER",
     "must be a SubsidyCycle, one of 'month', 'year' (got 'x', a str)"),
    ("subsidy_max_days", 0, "OUT_OF_RANGE", "must be between 1 and 36600 (got 0)"),
    ("subsidy_max_days", 36601, "OUT_OF_RANGE", "must be between 1 and 36600 (got 36601)"),
    ("unconfirmed_rates", "x", "NOT_A_MEMBER",
     "must be an UnconfirmedRates, one of 'note', 'refuse' (got 'x', a str)"),
    ("day_count_basis", 364, "INVALID_VALUE", "must be 360 or 365 (got 364, an int)"),
    ("effective_from", "2020", "INVALID_VALUE", "must be a date or None (got '2020', a str)"),
]


@pytest.mark.parametrize(("name", "value", "code", "message"), REFUSED)
def test_each_bound_is_refused_with_its_message(name: str, value: Any, code: str,
                                                message: str) -> None:
    assert [(f, c, en) for f, c, en, _zh in problems(
        lambda: attrs.evolve(DEFAULT_POLICY, **{name: value}))] == [(name, code, message)]


def test_mapping_entries_are_named_by_their_key() -> None:
    for name in ("fund_allocations", "fund_sources"):
        assert [(f, en) for f, _c, en, _zh in problems(
            lambda name=name: attrs.evolve(DEFAULT_POLICY, **{name: {"a": "-1"}}))] == [
            (f"{name}.a", "must not be negative (got '-1', a str)")]


@pytest.mark.parametrize(
    "change",
    [{"min_age": 0}, {"max_age": 150}, {"min_notice_days": 0}, {"min_notice_days": 36600},
     {"filing_working_days": 1}, {"filing_working_days": 36600}, {"five_star_target": "1"},
     {"three_star_target": "1"}, {"subsidy_share": "1"}, {"subsidy_max_days": 1},
     {"subsidy_max_days": 36600}, {"fund_sources": {"a": "0"}},
     {"max_entity_loan_amount": "1000000"}, {"min_age": 0, "max_age": 0}],
)
def test_the_bounds_themselves_are_accepted(change: dict[str, Any]) -> None:
    policy = attrs.evolve(DEFAULT_POLICY, **change)
    for name, value in change.items():
        got = getattr(policy, name)
        assert (dict(got) if isinstance(value, dict) else got) == (
            {k: Decimal(v) for k, v in value.items()} if isinstance(value, dict)
            else Decimal(value) if isinstance(value, str) else value)


MAPPINGS_REFUSED = [
    ("fund_allocations", "x",
     [("fund_allocations", "must be a mapping of name to amount of yuan (got 'x', a str)")]),
    ("fund_sources", {"": "1", "b": "-2"},
     [("fund_sources", "keys must be non-empty str (got '', a str)"),
      ("fund_sources.b", "must not be negative (got '-2', a str)")]),
    ("lender_names", "x", [("lender_names", "must be a mapping of str to str (got 'x', a str)")]),
    ("lender_names", {"credit_union": " ", "postal_savings": 3},
     [("lender_names.credit_union",
       "must map a non-empty str to a non-empty str (got ' ', a str)"),
      ("lender_names.postal_savings",
       "must map a non-empty str to a non-empty str (got 3, an int)")]),
    ("citations", "x",
     [("citations", "must be a mapping of reason code to citation (got 'x', a str)")]),
    ("citations", {1: "Art. 1", "": "Art. 2", "AGE_ABOVE_LIMIT": 5},
     [("citations", "keys must be reason codes (got 1, an int)"),
      ("citations", "keys must be reason codes (got '', a str)"),
      ("citations.AGE_ABOVE_LIMIT",
       "must be a Citation, an article str or a mapping (got 5, an int)")]),
    ("citations", {"AGE_ABOVE_LIMIT": {"article": "Art. 1", "foo": 1, "bar": 2}},
     [("citations.AGE_ABOVE_LIMIT",
       "has unknown keys bar, foo (expected article, article_zh, quote)")]),
    ("citations", {"AGE_ABOVE_LIMIT": {"article": ""}},
     [("citations.AGE_ABOVE_LIMIT.article", "must be a non-empty str (got '', a str)")]),
    ("eligible_statuses", "registered_poor",
     [("eligible_statuses",
       "must be a collection of PovertyStatus (got 'registered_poor', a str)")]),
    ("eligible_statuses", 5,
     [("eligible_statuses", "must be a collection of PovertyStatus (got 5, an int)")]),
    ("eligible_statuses", [], [("eligible_statuses", "must name at least one status")]),
    ("document", "x", [("document", "must be a PolicyDocument or a mapping (got 'x', a str)")]),
    ("document", {"id": "d", "title": "t", "zzz": 1, "aaa": 2},
     [("document", "has unknown keys aaa, zzz (expected id, issued_on, issuer, number, "
                   "short_name, short_name_zh, source, title, verified)")]),
    ("document", {"id": "", "title": "t"},
     [("document.id", "must be a non-empty str (got '', a str)")]),
    ("day_count_basis", "360", [("day_count_basis", "must be an int (got '360', a str)")]),
    ("effective_from", dt.datetime(2020, 1, 1),
     [("effective_from",
       "must be a date or None (got datetime.datetime(2020, 1, 1, 0, 0), a datetime)")]),
]


@pytest.mark.parametrize(("name", "value", "expected"), MAPPINGS_REFUSED)
def test_structured_fields_report_every_problem_by_path(name: str, value: Any,
                                                        expected: list[tuple[str, str]]) -> None:
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: attrs.evolve(DEFAULT_POLICY, **{name: value}))] == expected


def test_citations_keyed_by_enum_and_documents_from_mappings() -> None:
    policy = attrs.evolve(DEFAULT_POLICY, citations={ReasonCode.AGE_ABOVE_LIMIT: "Art. 77"},
                          document={"id": "d", "title": "t"}, effective_from=dt.date(2020, 1, 1))
    assert dict(policy.citations) == {"AGE_ABOVE_LIMIT": Citation("Art. 77")}
    assert policy.cite(ReasonCode.AGE_ABOVE_LIMIT).article == "Art. 77"
    assert policy.cite(ReasonCode.AGE_ABOVE_LIMIT, "nope").article == "Art. 77"
    assert policy.cite(ReasonCode.AGE_BELOW_LIMIT).citation is None
    assert policy.document == PolicyDocument(id="d", title="t")
    assert policy.effective_from == dt.date(2020, 1, 1)
