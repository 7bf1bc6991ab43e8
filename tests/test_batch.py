"""poverty_credit.batch.settle_month / settle_year: hand-worked amounts for every variant, inputs,
and bad input. The arithmetic is written out in each test (principal × days × rate / 360)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import numpy as np
import pytest

import poverty_credit as pc
from poverty_credit import DEFAULT_POLICY, PolicyDocument, PolicySchedule, batch
from poverty_credit.batch._columns import MAX_RATE_DIGITS


def table(*rows, **extra):
    """Loan columns from (id, principal yuan, start, maturity, rate) tuples."""
    columns = {
        "id": [r[0] for r in rows],
        "lender": ["credit_union"] * len(rows),
        "principal_fen": np.array([int(Decimal(r[1]) * 100) for r in rows], dtype=np.int64),
        "start_date": np.array([r[2] for r in rows], dtype="datetime64[D]"),
        "maturity_date": np.array([r[3] for r in rows], dtype="datetime64[D]"),
        "annual_rate": [r[4] for r in rows],
    }
    columns.update(extra)
    return columns


LOAN = ("L", "50000", "2016-03-01", "2017-03-01", "0.0435")


def one(columns, year, month, policy=DEFAULT_POLICY, **kw):
    s = batch.settle_month(columns, year, month, policy, **kw)
    return int(s.days[0]), s.amount(0)


def test_seed_month():
    # 50 000 × 31 × 0.0435 / 360 = 67 425 / 360 = 187.2916… → 187.29
    assert one(table(LOAN), 2016, 3) == (31, Decimal("187.29"))


def test_cap_and_partial_repayment():
    """60 000 lent, 20 000 repaid on 2016-03-11 (the repayment day accrues on the balance after
    it): Mar 1–10 min(60 000, 50 000) × 10 = 500 000; Mar 11–31 40 000 × 21 = 840 000;
    1 340 000 × 0.0435 / 360 = 58 290 / 360 = 161.916… → 161.92."""
    columns = table(("L", "60000", "2016-01-01", "2017-01-01", "0.0435"))
    repayments = {"loan": [0], "on": np.array(["2016-03-11"], dtype="datetime64[D]"),
                  "principal_fen": [2_000_000]}
    s = batch.settle_month(columns, 2016, 3, repayments=repayments)
    assert (s.days[0], s.principal_days_fen[0], s.amount(0)) == (31, 134_000_000,
                                                                  Decimal("161.92"))


def test_repaid_in_full_mid_month():
    # 10 000 repaid in full on 2016-03-05: Mar 1–4 only, 4 × 10 000 × 0.0435 / 360 = 4.833… → 4.83
    columns = table(("L", "10000", "2016-01-20", "2016-07-20", "0.0435"))
    repayments = {"loan": [0], "on": ["2016-03-05"], "principal_fen": [1_000_000]}
    assert one(columns, 2016, 3, repayments=repayments) == (4, Decimal("4.83"))


def test_subsidy_share():
    # 1 550 000 × 0.0435 × 0.70 / 360 = 47 197.5 / 360 = 131.104… → 131.10
    policy = attrs.evolve(DEFAULT_POLICY, subsidy_share="0.70")
    assert one(table(LOAN), 2016, 3, policy) == (31, Decimal("131.10"))


def test_flat_rate_never_above_the_loan_rate():
    # flat 3 %: 1 550 000 × 0.03 / 360 = 129.166… → 129.17; flat 5 % > 4.35 %: the loan's 187.29
    flat3 = attrs.evolve(DEFAULT_POLICY, subsidy_rate="flat", subsidy_flat_rate="0.03")
    flat5 = attrs.evolve(flat3, subsidy_flat_rate="0.05")
    assert one(table(LOAN), 2016, 3, flat3) == (31, Decimal("129.17"))
    s = batch.settle_month(table(LOAN), 2016, 3, flat5)
    assert (s.amount(0), s.rate(0)) == (Decimal("187.29"), Decimal("0.0435"))


def test_max_days_and_half_up():
    """subsidy_max_days 40 from 2016-03-01: days with (d − start) < 40, i.e. through 2016-04-09;
    April: 9 × 50 000 × 0.0435 / 360 = 19 575 / 360 = 54.375 → 54.38 (half up)."""
    policy = attrs.evolve(DEFAULT_POLICY, subsidy_max_days=40)
    assert one(table(LOAN), 2016, 4, policy) == (9, Decimal("54.38"))
    assert one(table(LOAN), 2016, 5, policy) == (0, Decimal("0.00"))


def test_max_subsidised_principal():
    # loan cap 100 000, subsidy cap 30 000: 30 000 × 31 × 0.0435 / 360 = 40 455 / 360 = 112.375
    # → 112.38
    policy = attrs.evolve(DEFAULT_POLICY, max_loan_amount="100000",
                          max_subsidised_principal="30000")
    columns = table(("L", "100000", "2016-03-01", "2017-03-01", "0.0435"))
    assert one(columns, 2016, 3, policy) == (31, Decimal("112.38"))


def _half_from(day, contracts):
    return attrs.evolve(DEFAULT_POLICY, subsidy_share="0.5", effective_from=day,
                        existing_contracts=contracts,
                        document=PolicyDocument(id="half", title="Half subsidy notice"))


def test_schedule_switch_inside_a_month_rounds_once():
    """Seed through 2016-03-15, a 50 % share from 2016-03-16 that switches older contracts:
    (15 × 50 000 × 0.0435 + 16 × 50 000 × 0.0435 × 0.5) / 360 = (32 625 + 17 400) / 360
    = 50 025 / 360 = 138.958… → 138.96, one rounding; the statement names the later document."""
    schedule = PolicySchedule([DEFAULT_POLICY, _half_from(dt.date(2016, 3, 16), "switch")])
    s = batch.settle_month(table(LOAN), 2016, 3, schedule)
    assert (int(s.days[0]), s.amount(0), s.policy_id[0]) == (31, Decimal("138.96"), "half")


def test_schedule_keep_leaves_older_contracts_alone():
    """"keep": the 2016-03-01 contract keeps the seed (187.29); one made on 2016-03-20 falls
    under the new policy: 12 × 50 000 × 0.0435 × 0.5 / 360 = 13 050 / 360 = 36.25."""
    schedule = PolicySchedule([DEFAULT_POLICY, _half_from(dt.date(2016, 3, 16), "keep")])
    columns = table(LOAN, ("M", "50000", "2016-03-20", "2017-03-20", "0.0435"))
    s = batch.settle_month(columns, 2016, 3, schedule)
    assert [s.amount(0), s.amount(1)] == [Decimal("187.29"), Decimal("36.25")]
    assert s.policy_id.tolist() == ["x-county-measures", "half"]


def test_schedule_contract_before_the_first_policy():
    later = attrs.evolve(_half_from(dt.date(2016, 1, 1), "keep"))
    with pytest.raises(pc.InvalidInputError, match=r"start_date\[0\]"):
        batch.settle_month(table(("L", "100", "2015-06-01", "2017-01-01", "0.04")), 2016, 3,
                           PolicySchedule([later]))


def test_yearly_cycle():
    """One statement for 2016: Mar 1 – Dec 31 = 306 days; 50 000 × 306 × 0.0435 / 360
    = 665 550 / 360 = 1 848.75. settle_month refuses the yearly policy, settle_year a monthly."""
    yearly = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year")
    s = batch.settle_year(table(LOAN), 2016, yearly)
    assert (s.month, int(s.days[0]), s.amount(0), s.period) == (None, 306, Decimal("1848.75"),
                                                                "2016")
    with pytest.raises(pc.InvalidInputError, match="settle_year"):
        batch.settle_month(table(LOAN), 2016, 3, yearly)
    with pytest.raises(pc.InvalidInputError, match="settle_month"):
        batch.settle_year(table(LOAN), 2016)


def test_extension():
    """Maturity 2016-03-16, extended to 2016-04-30. Seed: not repaid on time, Mar 1–15 only:
    750 000 × 0.0435 / 360 = 90.625 → 90.63; subsidise_extensions: 31 days, 187.29."""
    columns = table(("L", "50000", "2016-03-01", "2016-03-16", "0.0435"),
                    extended_to=np.array(["2016-04-30"], dtype="datetime64[D]"))
    assert one(columns, 2016, 3) == (15, Decimal("90.63"))
    policy = attrs.evolve(DEFAULT_POLICY, subsidise_extensions=True)
    assert one(columns, 2016, 3, policy) == (31, Decimal("187.29"))


def test_lpr_benchmark():
    # 1-year LPR on 2020-01-01 is 4.15 % < 5 %: 50 000 × 31 × 0.0415 / 360 = 178.680… → 178.68
    policy = attrs.evolve(DEFAULT_POLICY, benchmark="lpr")
    columns = table(("L", "50000", "2020-01-01", "2021-01-01", "0.05"))
    s = batch.settle_month(columns, 2020, 1, policy)
    assert (s.amount(0), s.rate(0)) == (Decimal("178.68"), Decimal("0.0415"))


def test_totals_per_lender_and_skipped_rows():
    columns = table(LOAN, ("M", "50000", "2016-04-01", "2017-04-01", "0.0435"))
    columns["lender"] = ["credit_union", "postal_savings"]
    s = batch.settle_month(columns, 2016, 3)
    assert s.totals == {"credit_union": Decimal("187.29"), "postal_savings": Decimal("0.00")}
    assert s.total == Decimal("187.29")
    assert s.days.tolist() == [31, 0]
    records = s.to_records()
    assert records[1]["amount"] == Decimal("0.00")
    assert records[0]["period"] == "2016-03"
    assert "BatchSettlement 2016-03: 1 statements, 1 skipped" in repr(s)
    assert "<table>" in s._repr_html_()


def test_rates_in_millionths_and_many_digits_stay_exact():
    """int millionths (43 500 = 4.35 %) give the same 187.29; an 18-digit rate needs the
    Python-int path and still equals the scalar statement."""
    columns = table(LOAN)
    columns["annual_rate"] = np.array([43_500])
    assert one(columns, 2016, 3) == (31, Decimal("187.29"))
    rate = "0." + "0" * (MAX_RATE_DIGITS - 3) + "123"  # 1.23e-16 a year, 18 digits
    big = table(("L", "9000000000000", "2016-03-01", "2017-03-01", rate))
    policy = attrs.evolve(DEFAULT_POLICY, max_loan_amount="9000000000000")
    person = pc.NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
    loan = pc.Loan(id="L", borrower=person, lender="credit_union", principal="9000000000000",
                   start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
                   annual_rate=rate)
    assert one(big, 2016, 3, policy)[1] == pc.monthly_subsidy(loan, 2016, 3, policy).amount


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
def test_dataframe_inputs(kind):
    lib = pytest.importorskip(kind)
    columns = table(LOAN, ("M", "60000", "2016-03-10", "2016-03-20", "0.05"))
    columns["annual_rate"] = np.array(columns["annual_rate"], dtype=object)
    columns["id"] = np.array(columns["id"], dtype=object)
    columns["lender"] = np.array(columns["lender"], dtype=object)
    if kind == "pandas":
        frame = lib.DataFrame(columns)
    elif kind == "polars":
        frame = lib.DataFrame({k: list(v) if v.dtype == object else v for k, v in columns.items()})
    else:
        frame = lib.table({k: list(v) if v.dtype == object else v for k, v in columns.items()})
    # M: 10 days (Mar 10–19) × 50 000 × 0.0435 / 360 = 60.416… → 60.42
    s = batch.settle_month(frame, 2016, 3)
    assert [s.amount(0), s.amount(1)] == [Decimal("187.29"), Decimal("60.42")]


@pytest.mark.parametrize(("change", "field"), [
    ({"principal_fen": np.array([5_000_000.0])}, "principal_fen[0]"),
    ({"principal_fen": np.array([-1])}, "principal_fen[0]"),
    ({"principal_fen": np.array([2**62])}, "principal_fen[0]"),
    ({"start_date": np.array(["2016-03-01T10:00"], dtype="datetime64[m]")}, "start_date[0]"),
    ({"start_date": [dt.datetime(2016, 3, 1)]}, "start_date[0]"),
    ({"maturity_date": np.array(["2016-03-01"], dtype="datetime64[D]")}, "maturity_date[0]"),
    ({"annual_rate": ["4.35"]}, "annual_rate[0]"),
    ({"annual_rate": np.array([0.0435])}, "annual_rate[0]"),
    ({"annual_rate": ["abc"]}, "annual_rate[0]"),
    ({"lender": ["bank_x"]}, "lender[0]"),
    ({"id": [""]}, "id[0]"),
])
def test_bad_cells_name_column_and_row(change, field):
    columns = table(LOAN)
    columns.update(change)
    with pytest.raises(pc.InvalidInputError) as info:
        batch.settle_month(columns, 2016, 3)
    assert field in str(info.value)


def test_bad_tables():
    with pytest.raises(pc.InvalidInputError, match="id"):
        batch.settle_month(table(LOAN, LOAN), 2016, 3)  # duplicate id
    with pytest.raises(pc.InvalidInputError, match="annual_rate"):
        batch.settle_month({k: v for k, v in table(LOAN).items() if k != "annual_rate"}, 2016, 3)
    with pytest.raises(pc.InvalidInputError, match="equal length"):
        batch.settle_month({**table(LOAN), "id": ["A", "B"]}, 2016, 3)
    with pytest.raises(pc.InvalidInputError, match="columns"):
        batch.settle_month([1, 2], 2016, 3)
    with pytest.raises(pc.InvalidInputError, match="month"):
        batch.settle_month(table(LOAN), 2016, 13)
    over = {"loan": [0, 0], "on": ["2016-03-02", "2016-03-03"],
            "principal_fen": [3_000_000, 3_000_000]}
    with pytest.raises(pc.InvalidInputError, match=r"repayments\.principal_fen"):
        batch.settle_month(table(LOAN), 2016, 3, repayments=over)
    early = {"loan": [0], "on": ["2016-02-01"], "principal_fen": [1]}
    with pytest.raises(pc.InvalidInputError, match=r"repayments.on\[0\]"):
        batch.settle_month(table(LOAN), 2016, 3, repayments=early)
    with pytest.raises(pc.InvalidInputError, match=r"repayments.loan\[0\]"):
        batch.settle_month(table(LOAN), 2016, 3,
                           repayments={"loan": [3], "on": ["2016-03-02"], "principal_fen": [1]})


def test_core_import_needs_no_numpy():
    import subprocess
    import sys

    code = ("import sys; import poverty_credit; "
            "assert 'numpy' not in sys.modules, 'numpy imported by the core'")
    subprocess.run([sys.executable, "-c", code], check=True)
