"""compare() and simulate_fund(): hand-worked figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import numpy as np
import pytest

import poverty_credit as pc
from poverty_credit import DEFAULT_POLICY, batch

P = pc.NaturalPerson(id="P", birth_date=dt.date(1970, 1, 1), registered_poor=True)
Q = pc.NaturalPerson(id="Q", birth_date=dt.date(1972, 1, 1), registered_poor=True)


def _loan(id_, principal, borrower=P):
    return pc.Loan(id=id_, borrower=borrower, lender="credit_union", principal=principal,
                   start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
                   annual_rate="0.0435")


def test_compare_flips_subsidy_and_exposure():
    """A = 60 000: refused by the seed (AMOUNT_ABOVE_LIMIT), granted with a 100 000 cap.
    Subsidy 2016-03: seed min(60 000, 50 000) × 31 × 0.0435 / 360 = 187.29, B 60 000 × 31 ×
    0.0435 / 360 = 80 910 / 360 = 224.75; plus B = 40 000: 40 000 × 31 × 0.0435 / 360
    = 53 940 / 360 = 149.833… → 149.83 under both. Exposure on 2016-03-15 (granted loans only,
    fund share 70 %): seed 40 000 × 0.70 = 28 000.00; B (60 000 + 40 000) × 0.70 = 70 000.00."""
    loans = [_loan("A", "60000"), _loan("B", "40000", Q)]
    wider = attrs.evolve(DEFAULT_POLICY, max_loan_amount="100000")
    c = batch.compare(loans, DEFAULT_POLICY, wider, on=dt.date(2016, 3, 15), year=2016, month=3)
    assert c.flips.tolist() == [0]
    assert c.why(0) == {"gained": (), "lost": ("AMOUNT_ABOVE_LIMIT",)}
    assert c.a.subsidy.totals["credit_union"] == Decimal("187.29") + Decimal("149.83")
    assert c.b.subsidy.totals["credit_union"] == Decimal("224.75") + Decimal("149.83")
    assert (c.a.refused, c.b.refused) == (1, 0)
    assert c.a.exposure["credit_union"] == Decimal("28000.00")
    assert c.b.exposure["credit_union"] == Decimal("70000.00")
    lines = {t["figure"]: t for t in c.totals()}
    assert lines["loans refused"]["change"] == -1
    records = c.to_records()
    assert records[0]["codes_a"] == ("AMOUNT_ABOVE_LIMIT",)
    assert records[0]["flipped"]
    assert not records[1]["flipped"]
    html = c._repr_html_()
    assert "AMOUNT_ABOVE_LIMIT" in html
    assert "<table>" in html
    assert "1 flip(s)" in repr(c)


def test_compare_on_columns_judges_eligibility_too():
    """The same records as columns with borrower columns: a 70-year-old is refused by the seed
    (max_age 65) and by a policy with max_age 75 he is not."""
    old = pc.NaturalPerson(id="O", birth_date=dt.date(1946, 1, 1), registered_poor=True)
    columns, _ = batch.loan_columns([_loan("A", "10000", old)])
    columns.update({k: v for k, v in batch.person_columns([old]).items() if k != "borrower"})
    del columns["borrower"]
    c = batch.compare(columns, DEFAULT_POLICY, attrs.evolve(DEFAULT_POLICY, max_age=75),
                      on=dt.date(2016, 3, 1), year=2016, month=3)
    assert c.a.codes(0) == ("AGE_ABOVE_LIMIT",)
    assert c.b.codes(0) == ()


def test_compare_needs_the_fund_parameters():
    national = pc.preset("national-2021")
    with pytest.raises(pc.InvalidInputError, match=r"fund_allocations|fund_share"):
        batch.compare([_loan("A", "1000")], DEFAULT_POLICY, national, on=dt.date(2021, 6, 1),
                      year=2021, month=6)


def _four():
    return {"id": [f"L{i}" for i in range(4)], "lender": ["credit_union"] * 4,
            "principal_fen": np.full(4, 5_000_000),
            "start_date": np.full(4, np.datetime64("2024-01-01")),
            "maturity_date": np.full(4, np.datetime64("2026-01-01")),
            "annual_rate": ["0.0435"] * 4}


def test_simulate_every_loan_defaults():
    """p = 1: four 50 000 loans default in 2024; fund part 4 × 50 000 × 0.70 = 140 000.
    credit_union: 15 000 000 + 15 000 000 × 0.0035 (demand) × 366 / 360 = 53 375.00 interest,
    − 140 000 → 14 913 375.00; postal_savings: 5 000 000 × 0.0035 × 366 / 360 = 17 791.666…
    → 17 791.67 → 5 017 791.67."""
    sim = batch.simulate_fund(_four(), on=dt.date(2024, 6, 1), default_probability=1,
                              scenarios=5, seed=0)
    assert sim.lenders == ("credit_union", "postal_savings")
    assert sim.balances_fen[1, :, 0].tolist() == [1_491_337_500] * 5
    assert sim.balances_fen[1, :, 1].tolist() == [501_779_167] * 5
    assert sim.probability_dry() == 0
    assert sim.expected_top_up() == Decimal("0.00")


def test_simulate_county_top_up():
    """A 100 000 allocation: 100 000 × 0.0035 × 366 / 360 = 355.833… → 355.83 interest; the
    140 000 asked takes the whole 100 355.83 and the county tops up 39 644.17 (Art. 26)."""
    small = attrs.evolve(DEFAULT_POLICY, fund_allocations={"credit_union": "100000"})
    sim = batch.simulate_fund(_four(), small, on=dt.date(2024, 6, 1), default_probability=1,
                              scenarios=3, seed=0)
    assert sim.probability_dry() == 1
    assert sim.probability_dry("credit_union") == 1
    assert sim.expected_top_up() == Decimal("39644.17")
    assert sim.top_up_quantile("0.95") == Decimal("39644.17")
    assert sim.balances_fen[1, 0, 0] == 0


def test_simulate_covered_cap_and_recovery():
    """max_covered_principal 30 000: covered 50 000 × 30 000 / 50 000 = 30 000, fund part 21 000
    per loan, 84 000 in all. Recovery 50 % after a year: 25 000 per loan, fund side
    25 000 × 21 000 / 50 000 = 10 500, 42 000 in all, back into the account in 2025.
    2024: 15 000 000 + 53 375.00 − 84 000 = 14 969 375.00;
    2025: 14 969 375 × 0.0035 = 52 392.8125; × 365 / 360 = 19 123 376.5625 / 360
    = 53 120.4904… → 53 120.49; + 42 000 → 15 064 495.49."""
    capped = attrs.evolve(DEFAULT_POLICY, max_covered_principal="30000")
    sim = batch.simulate_fund(_four(), capped, on=dt.date(2024, 6, 1), default_probability=1,
                              years=2, recovery_rate="0.5", scenarios=2, seed=0)
    assert sim.payouts_fen[0, :, 0].tolist() == [8_400_000] * 2
    assert sim.balances_fen[1, 0, 0] == 1_496_937_500
    assert sim.balances_fen[2, 0, 0] == 1_506_449_549


def test_simulate_is_reproducible_by_seed():
    kw = {"on": dt.date(2024, 6, 1), "default_probability": 0.3, "scenarios": 600, "years": 2}
    a = batch.simulate_fund(_four(), seed=11, **kw)
    b = batch.simulate_fund(_four(), seed=11, **kw)
    c = batch.simulate_fund(_four(), seed=12, **kw)
    assert (a.payouts_fen == b.payouts_fen).all()
    assert not (a.payouts_fen == c.payouts_fen).all()
    # about 1 − 0.7² = 51 % of loan-scenarios default within two years
    rate = a.payouts_fen.sum() / (600 * 4 * 3_500_000)
    assert 0.45 < rate < 0.57
    s = a.summary()
    assert s["scenarios"] == 600
    assert s["years"] == 2
    assert set(a.balance_quantiles()) == {"0.05", "0.25", "0.5", "0.75", "0.95"}


def test_simulate_segments_and_bad_input():
    sim = batch.simulate_fund(_four(), on=dt.date(2024, 6, 1),
                              default_probability={"safe": 0, "risky": 1},
                              segments=["safe", "risky", "safe", "risky"], scenarios=2)
    assert sim.payouts_fen[0, 0, 0] == 2 * 3_500_000
    with pytest.raises(pc.InvalidInputError, match="segment"):
        batch.simulate_fund(_four(), on=dt.date(2024, 6, 1), default_probability={"x": 1},
                            segments=["y"] * 4)
    with pytest.raises(pc.InvalidInputError, match="default_probability"):
        batch.simulate_fund(_four(), on=dt.date(2024, 6, 1), default_probability=1.5)
    with pytest.raises(pc.InvalidInputError, match="scenarios"):
        batch.simulate_fund(_four(), on=dt.date(2024, 6, 1), default_probability=0,
                            scenarios=0)


def test_plot_fan():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    sim = batch.simulate_fund(_four(), on=dt.date(2024, 6, 1), default_probability=0.5,
                              years=3, scenarios=50)
    ax = sim.plot_fan()
    assert ax.get_ylabel() == "fund balance (yuan)"
    assert "FundSimulation" in repr(sim)
