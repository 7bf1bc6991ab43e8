"""Policy: the Measures' numbers, their validation, and policy files."""

from __future__ import annotations

import pathlib
import types
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

import poverty_credit
from poverty_credit import DEFAULT_POLICY, Benchmark, DepositTier, InvalidInputError, load_policy
from poverty_credit.policy import policy_from_mapping
from strategies import junk, policies

SHIPPED = (
    pathlib.Path(poverty_credit.__file__).parent / "data" / "presets" / "x-county-measures.toml"
)


@pytest.mark.parametrize(
    ("field", "expected", "source"),
    [
        ("max_loan_amount", Decimal("50000.00"), "Art. 10 5万元以下"),
        ("max_term_years", 3, "Art. 10 3年期以内"),
        ("min_age", 18, "national rule, full civil capacity"),
        ("max_age", 65, "Art. 9(1) 65周岁以下"),
        ("age_reached_on_birthday", True, "SPEC part A"),
        ("leverage", Decimal("10"), "Art. 13 1:10"),
        ("relending_discount", Decimal("0.01"), "Art. 11 下调1个百分点"),
        ("fund_share", Decimal("0.70"), "Art. 22 风险补偿金支付70%"),
        ("fund_deposit_tier", DepositTier.DEMAND, "Art. 4 同档次存款基准利率 (活期)"),
        ("min_days_past_due", 90, "Art. 19 逾期90天"),
        ("min_notice_days", 7, "Art. 20(2) 不少于7天"),
        ("filing_working_days", 15, "Art. 17(3) 15个工作日内"),
        ("five_star_target", Decimal("0.30"), "Art. 12 30%以上"),
        ("three_star_target", Decimal("0.50"), "Art. 12 50%以上"),
        ("subsidise_extensions", False, "Art. 27 未按期还贷的…不予贴息"),
        ("day_count_basis", 360, "actual/360"),
        ("benchmark", Benchmark.PBOC, "Art. 10 基准利率放贷"),
    ],
)
def test_default_policy_is_the_measures(field: str, expected: object, source: str) -> None:
    assert getattr(DEFAULT_POLICY, field) == expected, source


def test_default_fund() -> None:
    """Art. 7: credit union 15 000 000, postal savings 5 000 000; Art. 5: 20 000 000 in all,
    4 000 000 from higher levels + 16 000 000 from the county."""
    assert dict(DEFAULT_POLICY.fund_allocations) == {
        "credit_union": Decimal("15000000"), "postal_savings": Decimal("5000000")}
    assert DEFAULT_POLICY.fund_total == Decimal("20000000.00")
    assert sum(DEFAULT_POLICY.fund_sources.values()) == Decimal("20000000")
    assert isinstance(DEFAULT_POLICY.fund_allocations, types.MappingProxyType)


def test_evolve_normalises_and_validates() -> None:
    """Strings and any Mapping are accepted through evolve and normalised."""
    variant = attrs.evolve(DEFAULT_POLICY, max_loan_amount="80000", fund_deposit_tier="1y",
                           fund_allocations=types.MappingProxyType({"bank": 100}))
    assert variant.max_loan_amount == Decimal("80000.00")
    assert variant.fund_deposit_tier is DepositTier.YEAR_1
    assert dict(variant.fund_allocations) == {"bank": Decimal("100.00")}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"max_loan_amount": 0}, ["max_loan_amount"]),
        ({"max_loan_amount": 50000.0}, ["max_loan_amount"]),
        ({"fund_share": "70"}, ["fund_share"]),  # a percentage where a fraction is meant
        ({"fund_share": "1"}, []),  # 100 % is allowed (upper bound inclusive)
        ({"max_age": 200}, ["max_age"]),
        ({"min_age": 70}, ["min_age"]),  # above max_age 65
        ({"max_term_years": 0}, ["max_term_years"]),
        ({"age_reached_on_birthday": "yes"}, ["age_reached_on_birthday"]),
        ({"benchmark": "libor"}, ["benchmark"]),
        ({"fund_allocations": {}}, ["fund_allocations"]),
        ({"fund_allocations": {"bank": "-1"}}, ["fund_allocations.bank"]),
        ({"fund_allocations": {1: "1"}}, ["fund_allocations"]),
        ({"fund_allocations": ["bank"]}, ["fund_allocations"]),
        ({"max_loan_amount": "x", "min_days_past_due": -1, "day_count_basis": 0},
         ["max_loan_amount", "min_days_past_due", "day_count_basis"]),  # all at once
    ],
)
def test_evolve_refuses_bad_values(changes: dict[str, object], fields: list[str]) -> None:
    if not fields:
        attrs.evolve(DEFAULT_POLICY, **changes)
        return
    with pytest.raises(InvalidInputError) as caught:
        attrs.evolve(DEFAULT_POLICY, **changes)
    assert [p.field for p in caught.value.problems] == fields


def test_require_lender() -> None:
    assert DEFAULT_POLICY.require_lender("credit_union") == "credit_union"
    with pytest.raises(InvalidInputError, match="'credit_union', 'postal_savings'") as caught:
        DEFAULT_POLICY.require_lender("bank_of_x", "loan.lender")
    assert caught.value.field == "loan.lender"


def test_shipped_file_is_the_default_policy() -> None:
    assert SHIPPED.is_file()
    assert load_policy(SHIPPED) == DEFAULT_POLICY


def test_shipped_file_cites_the_articles() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    for citation in ("Art. 9(1)", "Art. 10", "Art. 13", "Art. 11", "Art. 5", "Art. 7",
                     "Art. 22", "Art. 4", "Art. 19", "Art. 20(2)", "Art. 17(3)", "Art. 12",
                     "Art. 27"):
        assert citation in text


def _write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "county.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_floats_are_read_exactly(tmp_path: pathlib.Path) -> None:
    """0.1 as a binary float is 0.1000000000000000055…; the file's 0.1 must stay Decimal('0.1')."""
    policy = load_policy(_write(tmp_path, "fund_share = 0.1\nrelending_discount = 0.0075\n"))
    assert policy.fund_share == Decimal("0.1")
    assert policy.relending_discount == Decimal("0.0075")


def test_partial_file_keeps_the_other_values(tmp_path: pathlib.Path) -> None:
    policy = load_policy(_write(tmp_path, 'max_loan_amount = "30000.50"\n'))
    assert policy == attrs.evolve(DEFAULT_POLICY, max_loan_amount=Decimal("30000.50"))


def test_unknown_key_is_named(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "max_loan_amout = 50000\n")
    with pytest.raises(InvalidInputError) as caught:
        load_policy(path)
    assert caught.value.field == f"{path}:max_loan_amout"
    assert "is not a policy key" in str(caught.value)


def test_bad_value_is_named_with_the_file(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "max_age = 65.5\n[fund_allocations]\ncredit_union = -5\n")
    with pytest.raises(InvalidInputError) as caught:
        load_policy(path)
    assert [p.field for p in caught.value.problems] == [
        f"{path}:max_age", f"{path}:fund_allocations.credit_union"]
    assert "65.5" in str(caught.value)


def test_invalid_toml(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "max_age = = 65\n")
    with pytest.raises(InvalidInputError, match="is not valid TOML") as caught:
        load_policy(path)
    assert caught.value.field == str(path)


def test_missing_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidInputError, match="cannot read the policy file"):
        load_policy(tmp_path / "nowhere.toml")


def test_policy_from_mapping_source() -> None:
    with pytest.raises(InvalidInputError) as caught:
        policy_from_mapping({"max_age": "old"}, source="cli")
    assert caught.value.field == "cli:max_age"


@given(policies())
def test_revalidating_a_valid_policy_changes_nothing(policy: poverty_credit.Policy) -> None:
    """Re-validating a valid policy changes nothing (normalisation is idempotent)."""
    assert attrs.evolve(policy) == policy


@given(junk())
def test_junk_raises_only_invalid_input(value: object) -> None:
    for field in ("max_loan_amount", "max_age", "fund_share", "fund_allocations", "benchmark",
                  "subsidise_extensions"):
        if isinstance(value, bool) and field == "subsidise_extensions":
            continue  # a bool is the right type there
        if isinstance(value, dict) and value and field == "fund_allocations":
            continue  # {"0": 0} is a valid (if odd) allocation of 0 yuan to a lender "0"
        if value is None:
            continue  # None leaves the parameter unset (SPEC D3); rules refuse it when they need it
        with pytest.raises(InvalidInputError):
            attrs.evolve(DEFAULT_POLICY, **{field: value})


@pytest.mark.parametrize("path", [None, 1.5, 3, ["a.toml"]])
def test_load_policy_refuses_a_path_of_the_wrong_type(path: object) -> None:
    """A path must be a str or os.PathLike; anything else is named, not a TypeError from open()."""
    with pytest.raises(InvalidInputError, match=r"path: must be a str or os\.PathLike"):
        load_policy(path)  # type: ignore[arg-type]
