"""Policies as documents (SPEC D1, D3, D7): documents, citations, unset parameters, policy files
with ``extends``, and the shipped presets. Expected values come from SPEC part D and
policy-sources.md, written out by hand."""

from __future__ import annotations

import datetime as dt
import enum
import gc
import pathlib
import re
import weakref
from decimal import Decimal

import attrs
import pytest

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    InvalidInputError,
    Policy,
    PolicyDocument,
    PovertyStatus,
    ReasonCode,
    load_policy,
    preset,
    preset_schedule,
    presets,
)
from poverty_credit.citations import Cited
from poverty_credit.policy import (
    _MEMOS,
    UNSETTABLE,
    DepositTier,
    SubsidyRate,
    example_policy_path,
    policy_from_mapping,
    policy_memo,
    require_policy,
)

PRESET_DIR = pathlib.Path(example_policy_path()).parent
Y = PolicyDocument(id="y-county", title="Y县扶贫小额信贷管理办法", short_name="the Y Measures",
                   short_name_zh="本办法")


# ------------------------------------------------------------------------------------------------
# documents and citations


def test_a_document_names_itself_by_short_name_then_number_then_title() -> None:
    assert Y.ref_en == "the Y Measures"
    assert Y.ref_zh == "本办法"
    numbered = PolicyDocument(id="n", title="通知", number="银保监发〔2021〕6号")
    assert (numbered.ref_en, numbered.ref_zh) == ("银保监发〔2021〕6号", "银保监发〔2021〕6号")
    bare = PolicyDocument(id="b", title="某县办法")
    assert (bare.ref_en, bare.ref_zh) == ("某县办法", "《某县办法》")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": "", "title": "t"}, "id"),
        ({"id": "x", "title": 3}, "title"),
        ({"id": "x", "title": "t", "issued_on": dt.datetime(2020, 1, 1)}, "issued_on"),
        ({"id": "x", "title": "t", "verified": "yes"}, "verified"),
        ({"id": "x", "title": "t", "number": "  "}, "number"),
    ],
)
def test_a_bad_document_is_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        PolicyDocument(**kwargs)  # type: ignore[arg-type]
    assert [p.field for p in info.value.problems] == [field]


def test_a_citation_needs_an_article() -> None:
    with pytest.raises(InvalidInputError, match="article: must be a non-empty str"):
        Citation("")  # the article is what a reason cites; an empty one would cite nothing


def test_cited_falls_back_to_the_document_where_there_is_no_citation() -> None:
    with_quote = Cited(Citation("Art. 8", "第八条", "60周岁以下"), Y)
    assert (with_quote.en(), with_quote.zh()) == ("Art. 8 60周岁以下", "第八条“60周岁以下”")
    no_label = Cited(Citation("Art. 8"), Y)
    assert (no_label.ref_zh, no_label.quote, no_label.zh()) == ("Art. 8", "", "Art. 8")
    missing = Cited(None, Y)
    assert (missing.article, missing.article_zh, missing.en(), missing.zh()) == (
        None, None, "the Y Measures", "本办法")


def test_cite_tries_the_variant_key_first_then_the_code() -> None:
    p = attrs.evolve(DEFAULT_POLICY, citations={
        "MISSING_DOCUMENT": {"article": "Art. 28"},
        "MISSING_DOCUMENT:entity": "Art. 29",
    })
    assert p.cite("MISSING_DOCUMENT", "entity").article == "Art. 29"
    assert p.cite("MISSING_DOCUMENT", "person").article == "Art. 28"
    assert p.cite("NOT_APPROVED").article is None


def test_the_seed_policy_is_the_x_county_document() -> None:
    doc = DEFAULT_POLICY.document
    assert doc.id == "x-county-measures" == DEFAULT_POLICY.id
    assert doc.title == "X县金融扶贫贷款风险补偿金和贴息资金管理办法"
    assert (doc.ref_en, doc.ref_zh) == ("the Measures", "本办法")
    age = DEFAULT_POLICY.citations["AGE_ABOVE_LIMIT"]
    assert (age.article, age.article_zh, age.quote) == (
        "Art. 9(1)", "第九条第（一）项", "65周岁以下")
    # Art. 7 names the two lenders 县信用联社 and 县邮政储蓄银行.
    assert DEFAULT_POLICY.lender_name("credit_union") == "县信用联社"
    assert DEFAULT_POLICY.lender_name("postal_savings") == "县邮政储蓄银行"
    assert DEFAULT_POLICY.lender_name("other") == "other"
    assert DEFAULT_POLICY.lender_name("credit_union", "en") == "credit_union"


# ------------------------------------------------------------------------------------------------
# unset parameters (D3, D7)


def test_an_unset_parameter_is_refused_naming_it_and_the_document() -> None:
    p = preset("national-2026")
    assert p.max_term_years is None
    with pytest.raises(InvalidInputError) as info:
        p.need("max_term_years")
    assert str(info.value) == (
        "policy.max_term_years: national-2026 does not set max_term_years; extend it with your "
        "county's value"
    )


def test_unset_starts_from_nothing_but_keeps_the_conventions() -> None:
    p = Policy.unset(Y, max_age=60)
    assert p.max_age == 60
    for name in UNSETTABLE:
        if name != "max_age":
            assert getattr(p, name) is None, name
    # conventions always keep their defaults (D7)
    assert (p.age_reached_on_birthday, p.day_count_basis) == (True, 360)
    assert (str(p.unconfirmed_rates), str(p.existing_contracts)) == ("note", "keep")
    assert dict(p.citations) == {}
    assert p.effective_from is None


def test_none_meaning_fields_take_their_meaning() -> None:
    # the three caps: None = the loan cap (D5)
    assert DEFAULT_POLICY.subsidised_cap == Decimal("50000.00") == DEFAULT_POLICY.covered_cap
    p = attrs.evolve(DEFAULT_POLICY, max_loan_amount=100000, max_subsidised_principal=50000)
    assert (p.subsidised_cap, p.covered_cap) == (Decimal("50000.00"), Decimal("100000.00"))


def test_a_flat_subsidy_needs_its_rate() -> None:
    with pytest.raises(InvalidInputError, match="subsidy_flat_rate: must be set when"):
        attrs.evolve(DEFAULT_POLICY, subsidy_rate="flat")
    flat = attrs.evolve(DEFAULT_POLICY, subsidy_rate="flat", subsidy_flat_rate="0.05")
    assert flat.subsidy_flat_rate == Decimal("0.05")


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_term_years", 10**6), ("min_days_past_due", 10**9), ("subsidy_max_days", 0),
     ("day_count_basis", 0), ("eligible_statuses", []), ("eligible_statuses", ["rich"])],
)
def test_absurd_parameters_are_refused(field: str, value: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        attrs.evolve(DEFAULT_POLICY, **{field: value})
    assert info.value.problems[0].field.startswith(field)


# ------------------------------------------------------------------------------------------------
# policy files (D3, D7)


def write(folder: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_without_extends_starts_from_the_seed_and_replaces_its_tables(
    tmp_path: pathlib.Path,
) -> None:
    p = load_policy(write(tmp_path, "c.toml", "max_age = 60\n[fund_allocations]\nbank = 100\n"))
    assert p.max_age == 60
    assert p.max_term_years == 3  # the seed's
    assert dict(p.fund_allocations or {}) == {"bank": Decimal("100.00")}  # the table replaced whole
    assert p.citations == DEFAULT_POLICY.citations  # no [document]: the seed's citations stay
    assert p.id == "x-county-measures"


def test_a_file_with_its_own_document_inherits_no_citations(tmp_path: pathlib.Path) -> None:
    p = load_policy(write(tmp_path, "c.toml", '[document]\nid = "c"\ntitle = "C县办法"\n'))
    assert p.id == "c"
    assert dict(p.citations) == {}
    assert p.cite("AGE_ABOVE_LIMIT").article is None
    assert p.cite("AGE_ABOVE_LIMIT").ref_zh == "《C县办法》"


def test_extends_a_preset_and_merges_mappings_key_by_key(tmp_path: pathlib.Path) -> None:
    text = (
        'extends = "x-county-measures"\n'
        "max_age = 60\n"
        "[fund_allocations]\n"
        "credit_union = 1000000\n"
        "[citations]\n"
        'AGE_ABOVE_LIMIT = { article = "Art. 9(1)", article_zh = "第九条第（一）项", '
        'quote = "60周岁以下" }\n'
        'NOT_APPROVED = "Art. 20(3)"\n'
    )
    p = load_policy(write(tmp_path, "c.toml", text))
    # credit_union overridden, postal_savings kept from the parent
    assert dict(p.fund_allocations or {}) == {
        "credit_union": Decimal("1000000.00"), "postal_savings": Decimal("5000000.00")}
    assert p.citations["AGE_ABOVE_LIMIT"].quote == "60周岁以下"
    assert p.citations["NOT_APPROVED"] == Citation("Art. 20(3)")
    assert p.id == "x-county-measures"  # no [document]: the parent's


def test_extends_with_its_own_document_brings_no_parent_citations(tmp_path: pathlib.Path) -> None:
    text = (
        'extends = "x-county-measures"\n'
        '[document]\nid = "z-county"\ntitle = "Z县办法"\n'
        '[citations]\nAGE_ABOVE_LIMIT = { article = "Art. 8", article_zh = "第八条" }\n'
    )
    p = load_policy(write(tmp_path, "z.toml", text))
    assert p.id == "z-county"
    assert dict(p.citations) == {"AGE_ABOVE_LIMIT": Citation("Art. 8", "第八条")}
    assert p.max_loan_amount == Decimal("50000.00")  # the values are inherited


def test_extends_a_path_relative_to_the_extending_file(tmp_path: pathlib.Path) -> None:
    (tmp_path / "province").mkdir()
    write(tmp_path / "province", "p.toml", 'extends = "national-2021"\nmin_notice_days = 7\n')
    child = write(tmp_path, "county.toml", 'extends = "province/p.toml"\nfund_share = 0.8\n')
    p = load_policy(child)
    # national-2021 → province (notice days) → county (fund share)
    assert (p.max_loan_amount, p.min_notice_days, p.fund_share) == (
        Decimal("100000.00"), 7, Decimal("0.8"))
    assert p.id == "national-2021"


def test_a_loop_of_extends_is_refused(tmp_path: pathlib.Path) -> None:
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(InvalidInputError, match="extends itself in a loop"):
        load_policy(tmp_path / "a.toml")
    write(tmp_path, "self.toml", 'extends = "self.toml"\n')
    with pytest.raises(InvalidInputError, match="extends itself in a loop"):
        load_policy(tmp_path / "self.toml")


def test_extends_something_unknown_lists_the_presets(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidInputError, match=r"neither a preset \(nanao-2025, national-2014"):
        load_policy(write(tmp_path, "c.toml", 'extends = "atlantis"\n'))
    with pytest.raises(InvalidInputError, match="extends: must be a preset id or a path"):
        load_policy(write(tmp_path, "d.toml", "extends = 3\n"))


def test_bad_citations_and_documents_in_a_file_name_the_key(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidInputError, match=r"citations\.NOT_APPROVED: has unknown keys page"):
        load_policy(write(tmp_path, "a.toml", "[citations]\nNOT_APPROVED = { page = 3 }\n"))
    with pytest.raises(InvalidInputError, match="document: needs at least id and title"):
        load_policy(write(tmp_path, "b.toml", '[document]\nid = "x"\n'))
    with pytest.raises(InvalidInputError, match="document: has unknown keys year"):
        load_policy(write(tmp_path, "c.toml", '[document]\nid = "x"\ntitle = "t"\nyear = 1\n'))


def test_a_policy_file_that_is_not_utf8_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('max_age = 60 # 年龄\n'.encode("gbk"))
    with pytest.raises(InvalidInputError, match=r"gbk\.toml: is not UTF-8 text"):
        load_policy(path)


# ------------------------------------------------------------------------------------------------
# presets (D3, D7)


def test_presets_list_every_document_of_spec_d3_and_d7() -> None:
    assert presets() == (
        "nanao-2025", "national-2014", "national-2017", "national-2019", "national-2021",
        "national-2026", "qingyang-2024", "qingyang-2024-70", "qingyang-2024-full",
        "tongxu-2025", "x-county-measures", "yanjin-2016",
    )


def test_an_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInputError, match=r"id: is not a preset \(got 'atlantis', a str\); "
                                                r"known: nanao-2025, "):
        preset("atlantis")
    with pytest.raises(InvalidInputError, match="is a schedule of policies; use preset_schedule"):
        preset("qingyang-2024")
    with pytest.raises(InvalidInputError, match="is not a preset"):
        preset_schedule(None)  # type: ignore[arg-type]


def test_the_seed_preset_is_the_default_policy() -> None:
    assert preset("x-county-measures") == DEFAULT_POLICY == Policy()
    assert load_policy(example_policy_path()) == DEFAULT_POLICY


def test_nanao_2025_carries_only_what_its_source_gives() -> None:
    """policy-sources NANAO [V]: 90 days overdue; fund 8 : bank 2. Nothing else."""
    p = preset("nanao-2025")
    assert (p.min_days_past_due, p.fund_share) == (90, Decimal("0.8"))
    assert p.document.issued_on == dt.date(2025, 8, 12)
    assert dict(p.citations) == {}  # its article numbers were not read
    for name in set(UNSETTABLE) - {"min_days_past_due", "fund_share"}:
        assert getattr(p, name) is None, name


def test_national_2021_sets_three_caps_per_household() -> None:
    """policy-sources N2021 [S]: 10万 per household, the part above 5万 neither subsidised nor
    covered; ≤ 3 years; LPR; 18–65; no major bad credit record; the 2021 target group."""
    p = preset("national-2021")
    assert (p.max_loan_amount, p.max_subsidised_principal, p.max_covered_principal) == (
        Decimal("100000.00"), Decimal("50000.00"), Decimal("50000.00"))
    assert (p.caps_per_household, p.max_term_years, str(p.benchmark)) == (True, 3, "lpr")
    assert (p.min_age, p.max_age, str(p.bad_credit_excludes)) == (18, 65, "major")
    assert p.eligible_statuses == {
        PovertyStatus.REGISTERED_POOR, PovertyStatus.LIFTED_OUT, PovertyStatus.REMOVED,
        PovertyStatus.MONITORED_MARGINAL, PovertyStatus.MONITORED_UNSTABLE,
        PovertyStatus.MONITORED_HARDSHIP}
    assert p.exclude_five_guarantee is None  # the restatement does not say (D7)
    assert p.fund_share is None  # national presets leave the fund's parameters unset (D3)
    assert p.fund_allocations is None
    assert p.effective_from == dt.date(2021, 1, 1)  # N2020: older contracts keep their policy
    assert p.document.number == "银保监发〔2021〕6号"
    assert p.document.verified is False


def test_yanjin_2016_extends_the_2014_guidance() -> None:
    """policy-sources YANJIN [V]: ≤ 3万 per household, ≤ 100万 per entity, ≤ 2 years, 1:10,
    50 : 50; the benchmark and target group come from national-2014."""
    p = preset("yanjin-2016")
    assert (p.max_loan_amount, p.max_entity_loan_amount, p.max_term_years) == (
        Decimal("30000.00"), Decimal("1000000.00"), 2)
    assert (p.leverage, p.fund_share, str(p.benchmark)) == (
        Decimal("10.00"), Decimal("0.5"), "pboc")
    assert p.id == "yanjin-2016"


def test_tongxu_2025_settles_once_a_year_for_at_most_a_year() -> None:
    p = preset("tongxu-2025")
    assert (str(p.subsidy_cycle), p.subsidy_max_days, p.max_subsidised_principal) == (
        "year", 365, Decimal("50000.00"))
    assert (str(p.benchmark), p.caps_per_household) == ("lpr", True)
    assert PovertyStatus.REMOVED not in (p.eligible_statuses or ())


def test_national_2026_leaves_term_rate_and_subsidy_unset() -> None:
    p = preset("national-2026")
    assert p.eligible_statuses == {PovertyStatus.IN_NEED}
    assert p.max_loan_amount == Decimal("100000.00")
    assert (p.max_term_years, p.benchmark, p.subsidy_rate, p.subsidy_share) == (
        None, None, None, None)


def test_qingyang_2024_switches_from_full_to_70_percent() -> None:
    s = preset_schedule("qingyang-2024")
    assert [p.id for p in s] == ["qingyang-2024-full", "qingyang-2024-70"]
    full, seventy = s.policies
    assert (full.subsidy_share, full.effective_from) == (Decimal("1"), None)
    assert (seventy.subsidy_share, seventy.effective_from) == (Decimal("0.70"), dt.date(2024, 1, 1))
    assert str(seventy.existing_contracts) == "switch"


@pytest.mark.parametrize("path", sorted(PRESET_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_value_in_a_preset_has_a_comment_naming_its_source(path: pathlib.Path) -> None:
    """D3: "each preset carries … a comment with the source of every value". A top-level key (before
    the first table) must follow a comment line; the file's header names the document."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#"), "the file opens with the document and its source"
    assert uncommented_keys(lines) == []


def uncommented_keys(lines: list[str]) -> list[str]:
    """Top-level keys whose line is not right under a comment (or under a key of the same group,
    written without a blank line between them)."""
    bad: list[str] = []
    previous = ""
    for line in lines:
        if line.startswith("["):
            break
        is_key = re.match(r"^[a-z_]+ = ", line) and not line.startswith(("extends", "policies"))
        if is_key and not (previous.startswith("#") or re.match(r"^[a-z_]+ = ", previous)):
            bad.append(line)
        previous = line
    return bad


def test_the_source_comment_check_catches_a_bare_value() -> None:
    assert uncommented_keys(["# doc", "", "max_age = 60"]) == ["max_age = 60"]
    assert uncommented_keys(["# doc", "# N2019", "min_age = 18", "max_age = 65"]) == []


@pytest.mark.parametrize("preset_id", [p for p in presets() if p != "qingyang-2024"])
def test_every_preset_gives_its_own_document(preset_id: str) -> None:
    assert preset(preset_id).id == preset_id


# -- branches only these reach (issue 14: branch coverage of policy.py) ------------------------


def test_a_policy_file_that_is_not_utf8_is_refused_naming_the_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b'id = "\xff"\n')
    ((field, _code, message, _zh),) = problems(lambda: load_policy(path))
    assert field == str(path)
    assert message.startswith("is not UTF-8 text: 'utf-8' codec can't decode byte 0xff")


def test_extends_an_absolute_path(tmp_path: pathlib.Path) -> None:
    """child extends base by its absolute path; base extends the seed: min_notice_days 9 from
    base, min_age 20 from child, everything else the seed's (max_age 65)."""
    base = tmp_path / "base.toml"
    base.write_text('extends = "x-county-measures"\nmin_notice_days = 9\n', encoding="utf-8")
    child = tmp_path / "sub" / "child.toml"
    child.parent.mkdir()
    child.write_text(f'extends = "{base.as_posix()}"\nmin_age = 20\n', encoding="utf-8")
    policy = load_policy(child)
    assert (policy.min_notice_days, policy.min_age, policy.max_age) == (9, 20, 65)


def test_require_policy_and_enum_text() -> None:
    assert require_policy(DEFAULT_POLICY) is DEFAULT_POLICY
    assert problems(lambda: require_policy("x", "book")) == [
        ("book", "INVALID_VALUE", "must be a Policy (got 'x', a str)",
         "取值无效：must be a Policy (got 'x', a str)")]
    assert problems(lambda: require_policy(3))[0][:3] == (
        "policy", "INVALID_VALUE", "must be a Policy (got 3, an int)")
    assert (str(DepositTier.DEMAND), str(SubsidyRate.FLAT)) == ("demand", "flat")


def test_a_policy_file_nested_too_deeply_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert problems(lambda: load_policy(path)) == [
        (str(path), "INVALID_VALUE", "is nested too deeply", "取值无效：is nested too deeply")]


# ------------------------------------------------------------------------------------------------
# what mutation testing found unpinned (issue 14)


class _PlainCode(enum.Enum):
    """A code that is not a str enum: ``str()`` of it is "_PlainCode.AGE", its value the code."""

    AGE = "AGE_ABOVE_LIMIT"


def test_a_policy_keeps_one_memo_while_it_lives_and_drops_it_with_itself() -> None:
    """policy_memo: one dict per live policy object, the same on every call even after another
    policy asked for its own, and forgotten once the policy is gone."""
    a = attrs.evolve(DEFAULT_POLICY, max_age=64)
    b = attrs.evolve(DEFAULT_POLICY, max_age=63)
    memo = policy_memo(a)
    assert type(memo) is dict
    assert memo == {}
    assert policy_memo(b) is not memo
    assert policy_memo(a) is memo
    key = id(a)
    assert _MEMOS[key][1] is memo
    del a, memo
    gc.collect()
    assert key not in _MEMOS


def test_cite_keeps_what_it_looked_up_and_reads_any_code() -> None:
    """A citation looked up twice is the one kept in the memo; an enum code is read by its value
    (also a plain enum's); an unhashable code is looked up as its str (none: the document)."""
    p = attrs.evolve(DEFAULT_POLICY, max_age=64)
    first = p.cite("AGE_ABOVE_LIMIT")
    assert p.cite("AGE_ABOVE_LIMIT") is first
    assert policy_memo(p)["AGE_ABOVE_LIMIT", None] is first
    assert p.cite(_PlainCode.AGE).en() == "Art. 9(1) 65周岁以下"
    odd = p.cite(["AGE_ABOVE_LIMIT"])
    assert (odd.article, odd.ref_en) == (None, "the Measures")


def test_citation_keys_become_plain_code_strings() -> None:
    """An enum key is stored as its value, a plain str: a plain enum's value is the code too."""
    p = attrs.evolve(DEFAULT_POLICY, citations={ReasonCode.AGE_ABOVE_LIMIT: "Art. 77",
                                                _PlainCode.AGE: "Art. 78"})
    assert [(type(k), k) for k in p.citations] == [(str, "AGE_ABOVE_LIMIT")]
    assert p.citations["AGE_ABOVE_LIMIT"] == Citation("Art. 78")  # the later entry wins


def test_lender_names_need_str_keys_and_texts() -> None:
    names = {3: "农行", "": "农行", "agri": " "}
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: attrs.evolve(DEFAULT_POLICY, lender_names=names))] == [
        ("lender_names.3", "must map a non-empty str to a non-empty str (got '农行', a str)"),
        ("lender_names.", "must map a non-empty str to a non-empty str (got '农行', a str)"),
        ("lender_names.agri", "must map a non-empty str to a non-empty str (got ' ', a str)")]


def test_require_lender_names_the_lender_field_by_default() -> None:
    assert problems(lambda: DEFAULT_POLICY.require_lender("agri"))[0][:3] == (
        "lender", "INVALID_VALUE",
        "must be a lender of the policy, one of 'credit_union', 'postal_savings' "
        "(got 'agri', a str)")


def test_unset_keeps_the_document_and_no_lender_names() -> None:
    p = Policy.unset(Y)
    assert (p.document, dict(p.lender_names), dict(p.citations)) == (Y, {}, {})
    assert DEFAULT_POLICY.lender_names  # the seed names its lenders: unset drops them


def test_policy_file_errors_name_the_file_and_the_key(tmp_path: pathlib.Path) -> None:
    nowhere = tmp_path / "nowhere.toml"
    found = problems(lambda: load_policy(nowhere))
    assert [(f, en.split(":")[0]) for f, _c, en, _zh in found] == [
        (str(nowhere), "cannot read the policy file")]
    assert problems(lambda: load_policy(5))[0][:3] == (  # type: ignore[arg-type]
        "path", "INVALID_VALUE",
        "must be a str or os.PathLike naming a TOML file (got 5, an int)")
    bad = write(tmp_path, "d.toml", "extends = 3\n")
    assert [(f, en) for f, _c, en, _zh in problems(lambda: load_policy(bad))] == [
        (f"{bad}:extends", "must be a preset id or a path (got 3, an int)")]
    unknown = write(tmp_path, "u.toml", 'extends = "atlantis"\n')
    assert [f for f, *_ in problems(lambda: load_policy(unknown))] == [f"{unknown}:extends"]
    child = write(tmp_path, "c.toml", 'extends = "x-county-measures"\nmax_age = "old"\n')
    assert [f for f, *_ in problems(lambda: load_policy(child))] == [f"{child}:max_age"]
    assert [f for f, *_ in problems(lambda: policy_from_mapping({"max_age": "old"}))] == [
        "policy:max_age"]


def test_a_loop_of_extends_is_named_by_the_resolved_files(tmp_path: pathlib.Path) -> None:
    """a → b → a: the chain is written with the resolved paths, " -> " between them; the field
    is the path as reached (b's folder / "a.toml"). "sub/../a.toml" is a itself: a loop too,
    found only because paths are resolved before they are compared."""
    a = write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    ra, rb = (str((tmp_path / n).resolve()) for n in ("a.toml", "b.toml"))
    assert [(f, en) for f, _c, en, _zh in problems(lambda: load_policy(a))] == [
        (str(tmp_path / "a.toml"), f"extends itself in a loop ({ra} -> {rb} -> {ra})")]
    (tmp_path / "sub").mkdir()
    c = write(tmp_path, "c.toml", 'extends = "sub/../c.toml"\n')
    rc = str(c.resolve())
    assert [(f, en) for f, _c, en, _zh in problems(lambda: load_policy(c))] == [
        (str(tmp_path / "sub" / ".." / "c.toml"), f"extends itself in a loop ({rc} -> {rc})")]


def test_extending_a_preset_without_extends_starts_from_nothing(tmp_path: pathlib.Path) -> None:
    """nanao-2025 gives only 90 days and 80 %; a file extending it adds 5 notice days and keeps
    everything else unset (the seed's 50 000 is not brought in)."""
    p = load_policy(write(tmp_path, "n.toml", 'extends = "nanao-2025"\nmin_notice_days = 5\n'))
    assert (p.min_days_past_due, p.fund_share, p.min_notice_days) == (90, Decimal("0.8"), 5)
    assert (p.max_loan_amount, p.fund_allocations, p.id) == (None, None, "nanao-2025")


def test_extends_with_its_own_document_still_merges_the_other_tables(
    tmp_path: pathlib.Path,
) -> None:
    """Only the citations are dropped by a [document]: fund_allocations merge key by key (the
    seed's 15 000 000 and 5 000 000, plus agri 100)."""
    text = ('extends = "x-county-measures"\n[document]\nid = "w"\ntitle = "W县办法"\n'
            "[fund_allocations]\nagri = 100\n")
    p = load_policy(write(tmp_path, "w.toml", text))
    assert dict(p.fund_allocations or {}) == {
        "credit_union": Decimal("15000000.00"), "postal_savings": Decimal("5000000.00"),
        "agri": Decimal("100.00")}
    assert dict(p.citations) == {}


def test_a_late_callback_leaves_a_newer_policys_memo_alone() -> None:
    """The weak reference's callback deletes a memo entry only while the entry is still the one
    the callback was made for. CPython may give a new policy the id of one just freed before the
    old reference's callback runs; that newer policy's memo must stay (policy.py, ``forget``)."""
    a = attrs.evolve(DEFAULT_POLICY, max_age=64)
    memo = policy_memo(a)
    key = id(a)
    ref = _MEMOS[key][0]
    forget = ref.__callback__
    assert forget is not None
    stale = weakref.ref(DEFAULT_POLICY)  # stands for the reference of the policy that held the id
    forget(stale)
    assert _MEMOS[key][1] is memo  # not the entry that reference was made for: kept
    forget(ref)
    assert key not in _MEMOS  # its own entry: dropped
