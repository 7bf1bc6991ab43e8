"""Batch inputs and the less common paths: every cell kind, eligibility variants (SPEC D4),
schedules, scalar fallbacks, the fund simulation's edges, Dask in-process."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import numpy as np
import pandas as pd
import pytest

import poverty_credit as pc
from poverty_credit import DEFAULT_POLICY, PolicyDocument, PolicySchedule, batch
from poverty_credit.batch import dask as pc_dask
from poverty_credit.batch._columns import Problems, as_columns, int_column, rate_column

LOAN = {"id": ["L"], "lender": ["credit_union"], "principal_fen": [5_000_000],
        "start_date": ["2016-03-01"], "maturity_date": ["2017-03-01"], "annual_rate": ["0.0435"]}


def test_list_columns_and_iso_dates():
    # 50 000 × 31 × 0.0435 / 360 = 187.29, from plain lists and ISO strings
    s = batch.settle_month(LOAN, 2016, 3)
    assert s.amount(0) == Decimal("187.29")
    dates = dict(LOAN, start_date=[dt.date(2016, 3, 1)], maturity_date=[dt.date(2017, 3, 1)])
    assert batch.settle_month(dates, 2016, 3).amount(0) == Decimal("187.29")


@pytest.mark.parametrize(("change", "field"), [
    ({"principal_fen": ["5000000"]}, "principal_fen[0]"),
    ({"principal_fen": np.array([2**64 - 1], dtype=np.uint64)}, "principal_fen[0]"),
    ({"start_date": [None]}, "start_date[0]"),
    ({"start_date": [float("nan")]}, "start_date[0]"),
    ({"start_date": [pd.Timestamp("2016-03-01")]}, "start_date[0]"),
    ({"start_date": ["2016-13-01"]}, "start_date[0]"),
    ({"start_date": [20160301]}, "start_date[0]"),
    ({"start_date": np.array(["NaT"], dtype="datetime64[D]")}, "start_date[0]"),
    ({"annual_rate": [Decimal("NaN")]}, "annual_rate[0]"),
    ({"annual_rate": [0.0435]}, "annual_rate[0]"),
    ({"annual_rate": np.array([1_000_000])}, "annual_rate[0]"),
    ({"guarantee_required": ["yes"]}, "guarantee_required[0]"),
    ({"borrower": ["someone"]}, "borrower[0]"),
    ({"extended_to": ["2016-01-01"]}, "extended_to[0]"),
    ({"id": "L"}, "columns.id"),
])
def test_bad_cells(change, field):
    with pytest.raises(pc.InvalidInputError) as info:
        batch.settle_month(dict(LOAN, **change), 2016, 3)
    assert field in str(info.value)


def test_good_cell_kinds():
    """Decimal rates, object ints, numpy bools in objects, a NaT extension: the same 187.29."""
    columns = dict(LOAN, annual_rate=[Decimal("0.0435")],
                   principal_fen=np.array([5_000_000], dtype=object),
                   guarantee_required=np.array([np.bool_(False)], dtype=object),
                   extended_to=[None], household_id=[None], borrower_id=["P"])
    assert batch.settle_month(columns, 2016, 3).amount(0) == Decimal("187.29")


def test_many_problems_are_counted():
    n = 30
    columns = {k: v * n for k, v in LOAN.items()}
    columns["id"] = [f"L{i}" for i in range(n)]
    columns["principal_fen"] = [-1] * n
    with pytest.raises(pc.InvalidInputError, match="and 10 more"):
        batch.settle_month(columns, 2016, 3)
    problems = Problems()
    int_column({"x": np.array([1.5])}, "x", problems)
    rate_column({"r": np.array([0.04])}, "r", problems)
    assert [p.field for p in problems.items] == ["x[0]", "r[0]"]
    with pytest.raises(pc.InvalidInputError, match="records"):
        as_columns(42, "records")


def _people(**extra):
    base = {"id": ["A", "B", "C", "D"],
            "birth_date": np.array(["1970-01-01"] * 4, dtype="datetime64[D]")}
    base.update(extra)
    return base


def test_target_groups_and_major_bad_credit():
    """national-2021: lifted-out and monitored (while monitoring is active) are in the group;
    a monitored household whose monitoring ended on 2025-01-01 is not on 2025-06-01; NONE is not
    (NOT_IN_TARGET_GROUP, the group being wider than 建档立卡); a major bad record excludes."""
    policy = attrs.evolve(pc.preset("national-2021"), exclude_five_guarantee=True,
                          effective_from=None)
    people = _people(status=["lifted_out", "monitored_marginal", "monitored_unstable", "none"],
                     monitoring_ended_on=[None, None, "2025-01-01", None],
                     has_major_bad_credit_record=[True, False, False, False])
    d = batch.check_eligibility(people, dt.date(2025, 6, 1), policy)
    assert [d.codes(i) for i in range(4)] == [
        ("MAJOR_BAD_CREDIT_RECORD",), (), ("NOT_IN_TARGET_GROUP",), ("NOT_IN_TARGET_GROUP",)]
    assert d.granted.tolist() == [False, True, False, False]
    assert d.counts() == {"NOT_IN_TARGET_GROUP": 2, "MAJOR_BAD_CREDIT_RECORD": 1}
    assert "2 refused" not in repr(d)
    assert "3 refused" in repr(d)
    assert "<table>" in d._repr_html_()
    assert d.to_records()[1] == {"subject": "B", "granted": True, "codes": (),
                                 "policy_id": "national-2021"}


def test_status_cells():
    with pytest.raises(pc.InvalidInputError, match=r"status\[0\]"):
        batch.check_eligibility(_people(status=["rich", None, None, None],
                                        registered_poor=[True] * 4), dt.date(2025, 1, 1))
    with pytest.raises(pc.InvalidInputError, match=r"status\[1\]"):
        batch.check_eligibility(_people(status=[None, "none", None, None],
                                        registered_poor=[True] * 4), dt.date(2025, 1, 1))
    with pytest.raises(pc.InvalidInputError, match="registered_poor"):
        batch.check_eligibility(_people(), dt.date(2025, 1, 1))
    with pytest.raises(pc.InvalidInputError, match=r"birth_date\[0\]"):
        batch.check_eligibility(_people(registered_poor=[True] * 4), dt.date(1960, 1, 1))


def test_five_guarantee_not_excluded_and_age_day_after():
    """A policy that does not exclude 五保户; and the day-after reading of age: born 1960-06-01,
    on 2025-06-01 is still 64 the day-after way, 65 (within 65) either way; on 2026-06-01 is 65
    the day-after way and passes, 66 on the birthday way and fails."""
    policy = attrs.evolve(DEFAULT_POLICY, exclude_five_guarantee=False,
                          age_reached_on_birthday=False)
    people = {"id": ["A"], "birth_date": ["1960-06-01"], "registered_poor": [True],
              "five_guarantee": [True]}
    assert batch.check_eligibility(people, dt.date(2026, 6, 1), policy).codes(0) == ()
    assert batch.check_eligibility(people, dt.date(2026, 6, 1)).codes(0) == (
        "FIVE_GUARANTEE_HOUSEHOLD", "AGE_ABOVE_LIMIT")


def _later(day, **changes):
    return attrs.evolve(DEFAULT_POLICY, effective_from=day,
                        document=PolicyDocument(id="later", title="Later"), **changes)


def test_schedules_in_the_checks():
    """Eligibility takes the policy in force on ``on``; loan terms the one on the start date."""
    schedule = PolicySchedule([DEFAULT_POLICY, _later(dt.date(2020, 1, 1), max_age=60)])
    people = {"id": ["A"], "birth_date": ["1958-01-01"], "registered_poor": [True]}
    assert batch.check_eligibility(people, dt.date(2019, 6, 1), schedule).codes(0) == ()
    assert batch.check_eligibility(people, dt.date(2020, 6, 1), schedule).codes(0) == (
        "AGE_ABOVE_LIMIT",)
    only_later = PolicySchedule([_later(dt.date(2020, 1, 1))])
    with pytest.raises(pc.InvalidInputError, match="on"):
        batch.check_eligibility(people, dt.date(2019, 6, 1), only_later)
    with pytest.raises(pc.InvalidInputError, match=r"start_date\[0\]"):
        batch.check_loan_terms(LOAN, only_later)
    with pytest.raises(pc.InvalidInputError, match=r"lender\[0\]"):
        batch.check_loan_terms(dict(LOAN, lender=["bank"]))
    d = batch.check_loan_terms(LOAN, PolicySchedule([DEFAULT_POLICY, _later(
        dt.date(2016, 1, 1), max_loan_amount="10000")]))
    assert (d.codes(0), d.policy_id[0]) == (("AMOUNT_ABOVE_LIMIT",), "later")


def test_entities_and_household_caps_take_the_scalar_path():
    person = pc.NaturalPerson(id="P", birth_date=dt.date(1970, 1, 1), registered_poor=True,
                              household_id="H")
    coop = pc.LegalEntity(id="E", name="Coop", kind=pc.EntityKind.COOPERATIVE, agreements=[
        pc.DrivingAgreement(household=person, signed_on=dt.date(2015, 1, 1))])
    loans = [pc.Loan(id=i, borrower=b, lender="credit_union", principal="60000",
                     start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
                     annual_rate="0.0435") for i, b in (("A", person), ("B", coop))]
    columns, repayments = batch.loan_columns(loans)
    terms = batch.check_loan_terms(columns)
    assert terms.scalar_rows.tolist() == [1]
    assert [terms.codes(0), terms.codes(1)] == [
        ("AMOUNT_ABOVE_LIMIT",), ("AMOUNT_ABOVE_ENTITY_LIMIT",)]
    eligibility = batch.check_eligibility(batch.person_columns([person, coop]) | {
        "id": ["P", "E"]}, dt.date(2016, 3, 1))
    assert eligibility.granted.tolist() == [True, True]
    household = attrs.evolve(DEFAULT_POLICY, caps_per_household=True)
    assert batch.check_loan_terms(columns, household).scalar_rows.tolist() == [0, 1]
    settled = batch.settle_month(columns, 2016, 3, household, repayments=repayments)
    expected = pc.settle_month(loans, 2016, 3, household)
    assert settled.total == expected.total
    assert settled.scalar_rows.tolist() == [0, 1]
    if not hasattr(pc, "settle_year"):
        yearly = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year")
        with pytest.raises(pc.InvalidInputError, match="settle_year"):
            batch.settle_year(columns, 2016, yearly, repayments=repayments)


def test_rate_tables_edges():
    lpr = attrs.evolve(DEFAULT_POLICY, benchmark="lpr")
    with pytest.raises(pc.RateNotFound):
        batch.settle_month(LOAN, 2016, 3, lpr)
    refuse = attrs.evolve(lpr, unconfirmed_rates="refuse")
    late = dict(LOAN, start_date=["2026-06-01"], maturity_date=["2027-06-01"])
    with pytest.raises(pc.RateNotFound):
        batch.settle_month(late, 2026, 6, refuse)
    flat = PolicySchedule([DEFAULT_POLICY, _later(dt.date(2016, 3, 16), subsidy_rate="flat",
                                                 subsidy_flat_rate="0.0300000000001",
                                                 existing_contracts="switch")])
    # Mar 1–15 at 4.35 %, Mar 16–31 at 3.0000000001 %: (15 × 50 000 × 0.0435
    # + 16 × 50 000 × 0.0300000000001) / 360 = (32 625 + 24 000.00000008) / 360 = 157.2916… → 157.29
    s = batch.settle_month(LOAN, 2016, 3, flat)
    assert s.amount(0) == Decimal("157.29")
    assert s.rate(0) == Decimal("0.0300000000001")
    assert s.to_records()[0]["policy_id"] == "later"


def test_simulation_edges():
    loans = {"id": ["A", "B"], "lender": ["credit_union", "bank"], "principal_fen": [100, 100],
             "start_date": ["2024-01-01"] * 2, "maturity_date": ["2025-01-01"] * 2,
             "annual_rate": ["0.04"] * 2}
    with pytest.raises(pc.InvalidInputError, match=r"lender\[1\]"):
        batch.simulate_fund(loans, on=dt.date(2024, 6, 1), default_probability=0.1)
    ok = dict(loans, lender=["credit_union"] * 2)
    with pytest.raises(pc.InvalidInputError, match="recovery_rate"):
        batch.simulate_fund(ok, on=dt.date(2024, 6, 1), default_probability=0.1,
                            recovery_rate="2")
    with pytest.raises(pc.InvalidInputError, match="segments"):
        batch.simulate_fund(ok, on=dt.date(2024, 6, 1), default_probability={"a": 0.1})
    with pytest.raises(pc.InvalidInputError, match="segments"):
        batch.simulate_fund(ok, on=dt.date(2024, 6, 1), default_probability={"a": 0.1},
                            segments=["a"])
    none = batch.simulate_fund(ok, on=dt.date(2024, 6, 1), default_probability="0",
                               scenarios=10)
    assert none.payouts_fen.sum() == 0
    # dense draws (p > 0.25) and the sparse ones agree in distribution, and both are seeded
    dense = batch.simulate_fund(ok, on=dt.date(2024, 6, 1), default_probability=[0.5, 0.6],
                                scenarios=400, seed=3, deposit_rate="0.01")
    again = batch.simulate_fund(ok, on=dt.date(2024, 6, 1), default_probability=[0.5, 0.6],
                                scenarios=400, seed=3, deposit_rate="0.01")
    assert (dense.balances_fen == again.balances_fen).all()
    # each loan's fund part is 100 fen × 0.70 = 70 fen; 0.5 + 0.6 = 1.1 defaults a scenario
    per_scenario = dense.payouts_fen.sum() / 400 / 70
    assert 1.0 < per_scenario < 1.2
    assert dense.top_up_quantile("0.5", lender="credit_union") == Decimal("0.00")
    assert set(dense.balance_quantiles(("0.5",), lender="credit_union")) == {"0.5"}


def test_dask_partition_in_process():
    import dask.dataframe as dd

    frame = pd.DataFrame({"id": ["A", "B"], "lender": ["credit_union", "postal_savings"],
                          "principal_fen": [5_000_000, 1_000_000],
                          "start_date": pd.to_datetime(["2016-03-01", "2016-01-20"]),
                          "maturity_date": pd.to_datetime(["2017-03-01", "2016-07-20"]),
                          "annual_rate": ["0.0435", "0.0435"]})
    repayments = pd.DataFrame({"loan_id": ["B"], "on": pd.to_datetime(["2016-03-05"]),
                               "principal_fen": [1_000_000]})
    rows = pc_dask.statements(dd.from_pandas(frame, npartitions=2), 2016, 3,
                              repayments=repayments).compute(scheduler="sync")
    # A 187.29; B 10 000 × 4 days (Mar 1–4) × 0.0435 / 360 = 4.83
    assert rows["amount_fen"].tolist() == [18729, 483]
    yearly = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year")
    year = pc_dask.settle_year(dd.from_pandas(frame, npartitions=1), 2016, yearly)
    # A: Mar 1 – Dec 31, 306 days × 50 000 × 0.0435 / 360 = 1 848.75; B: Jan 20 – Jul 19,
    # 182 days × 10 000 × 0.0435 / 360 = 79 170 / 360 = 219.916… → 219.92
    assert year.totals == {"credit_union": Decimal("1848.75"),
                           "postal_savings": Decimal("219.92")}
