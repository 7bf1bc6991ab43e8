"""to_records: every result kind becomes flat dicts of plain, JSON-friendly values."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from poverty_credit import (
    Decision,
    InvalidInputError,
    LossShare,
    NaturalPerson,
    Payout,
    Reason,
    ReasonCode,
    RiskFund,
    check_eligibility,
    monthly_subsidy,
    settle_month,
    share_loss,
    to_records,
)
from poverty_credit.models import Loan
from poverty_credit.readers import read_records
from poverty_credit.records import flatten, plain
from strategies import decisions, junk, loans

PERSON = NaturalPerson(id="P-1", birth_date=dt.date(1980, 1, 1), registered_poor=True)
LOAN = Loan(id="L-1", borrower=PERSON, lender="credit_union", principal="50000",
            start_date=dt.date(2026, 1, 1), maturity_date=dt.date(2027, 1, 1),
            annual_rate="0.0435")


def test_decision_record() -> None:
    # born 1958-01-01 → 68 on 2026-03-02 > 65: one failure, AGE_ABOVE_LIMIT, Art. 9(1)
    old = NaturalPerson(id="P-2", birth_date=dt.date(1958, 1, 1), registered_poor=True)
    [ok, denied] = to_records([check_eligibility(PERSON, dt.date(2026, 3, 2)),
                               check_eligibility(old, dt.date(2026, 3, 2))])
    assert ok == {"subject": "P-1", "granted": True, "reasons": [], "articles": [],
                  "messages": [], "messages_zh": []}
    assert denied["granted"] is False
    assert denied["reasons"] == ["AGE_ABOVE_LIMIT"]
    assert denied["articles"] == ["Art. 9(1)"]
    assert "68" in denied["messages"][0]
    assert "周岁" in denied["messages_zh"][0]


def test_a_single_result_is_one_record() -> None:
    d = Decision(findings=(Reason(code=ReasonCode.NOT_APPROVED, article="Art. 20(3)", passed=False,
                                  message="m", message_zh="z"),), subject=None)
    assert to_records(d) == [{"subject": None, "granted": False, "reasons": ["NOT_APPROVED"],
                              "articles": ["Art. 20(3)"], "messages": ["m"],
                              "messages_zh": ["z"]}]


def test_subsidy_statement_and_settlement() -> None:
    # March 2026: 31 × 50000 × 0.0435 / 360 = 187.2916… → 187.29
    [record] = to_records(monthly_subsidy(LOAN, 2026, 3))
    assert {k: record[k] for k in ("loan_id", "year", "month", "period", "days", "rate",
                                   "amount", "principal_days")} == {
        "loan_id": "L-1", "year": 2026, "month": 3, "period": "2026-03", "days": 31,
        "rate": "0.0435", "amount": "187.29", "principal_days": "1550000.00"}
    # a 2026 loan uses the PBoC benchmark past its confirmed-through date 2021-01-01: the one
    # finding is the passed RATE_UNCONFIRMED note (SPEC D7: a note, not a change of the result)
    assert record["findings"] == ["RATE_UNCONFIRMED"]
    assert (record["policy_id"], record["policy_ids"]) == ("x-county-measures",
                                                           ["x-county-measures"])
    # a settlement expands into its statements
    assert to_records(settle_month([LOAN], 2026, 3)) == [record]


def test_shares_and_payouts() -> None:
    # 10000 × 0.70 = 7000.00 to the fund, the rest 3000.00 to the lender
    assert to_records([share_loss(Decimal("10000"))]) == [
        {"fund": "7000.00", "lender": "3000.00", "insurer": "0.00", "total": "10000.00"}]
    [payout] = to_records(Payout(from_fund="100", from_county="5"))
    assert (payout["from_fund"], payout["from_county"], payout["total"]) == (
        "100.00", "5.00", "105.00")
    assert to_records(LossShare(fund="1", lender="2"))[0]["total"] == "3.00"


def test_fund_statement_and_events() -> None:
    fund = RiskFund.open(on=dt.date(2026, 1, 1))
    [statement] = to_records(fund.statement(2026))
    # opening allocations 15 M + 5 M are that year's contributions
    assert statement["contributions"] == "20000000.00"
    assert statement["closing"] == "20000000.00"
    assert statement["lender"] is None
    events = to_records(fund.events)
    assert [(e["lender"], e["amount"], e["on"]) for e in events] == [
        ("credit_union", "15000000.00", "2026-01-01"),
        ("postal_savings", "5000000.00", "2026-01-01")]


def test_models_are_flattened_with_dotted_keys() -> None:
    [record] = to_records(LOAN)
    assert record["borrower.id"] == "P-1"
    assert record["borrower.birth_date"] == "1980-01-01"
    assert record["principal"] == "50000.00"
    assert record["repayments"] == []
    assert "borrower" not in record


def test_mappings_keep_their_keys_with_plain_values() -> None:
    assert to_records([{"on": dt.date(2026, 1, 2), "n": Decimal("1.50"), 3: {1, 2}}]) == [
        {"on": "2026-01-02", "n": "1.50", "3": [1, 2]}]


def test_plain_values() -> None:
    assert plain(ReasonCode.NOT_APPROVED) == "NOT_APPROVED"
    assert plain((Decimal("1"), None, True)) == ["1", None, True]
    assert plain(object.__new__(type("X", (), {"__str__": lambda self: "x"}))) == "x"
    r = Reason(code=ReasonCode.NOT_APPROVED, article=None, passed=True, message="", message_zh="")
    assert plain(r) == "NOT_APPROVED"
    assert flatten({"a": {"b": {"c": 1}}}) == {"a.b.c": 1}


@pytest.mark.parametrize("bad", [42, "text", b"bytes", None, 1.5])
def test_what_is_not_a_result_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="results"):
        to_records(bad)


def test_a_bad_item_is_named_by_position() -> None:
    with pytest.raises(InvalidInputError, match=r"results\[1\]"):
        to_records([LOAN, 42])


@settings(max_examples=100, deadline=None)
@given(decisions())
def test_decision_records_are_json_and_keep_the_verdict(decision: Decision) -> None:
    [record] = to_records([decision])
    assert json.loads(json.dumps(record)) == record
    assert record["granted"] is bool(decision)
    assert record["reasons"] == [c.value for c in decision.codes]


@settings(max_examples=60, deadline=None)
@given(loans())
def test_loan_records_are_plain_and_read_back(loan: Loan) -> None:
    [record] = to_records([loan])
    assert json.loads(json.dumps(record)) == record
    assert read_records([record], Loan) == [loan]


@settings(max_examples=100, deadline=None)
@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    try:
        records = to_records([value])
    except InvalidInputError:
        return
    json.dumps(records)  # whatever was accepted is plain
