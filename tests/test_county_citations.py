"""A second county's policy file cites its own articles, never the seed's (issue 9, SPEC D1).

The county file is written here, with its own ``[document]`` (so it inherits no citation of the
seed) and its own ``[citations]``: 第八条, 第十一条… Every reason of eligibility, loan terms,
approval, documents and the portfolio then carries one of the county's articles (or ``None`` where
the county gives none), and no message names a seed article or a seed quotation. A policy with no
citations at all (``national-2021``, ``Policy.unset``) gives ``article=None`` and messages that
name the document.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    Application,
    Citation,
    Decision,
    DrivingAgreement,
    EntityKind,
    LegalEntity,
    Loan,
    NaturalPerson,
    Policy,
    PolicyDocument,
    ReasonCode,
    Repayment,
    check_disbursement,
    check_documents,
    check_eligibility,
    check_loan_terms,
    check_portfolio,
    load_policy,
)

D = dt.date

COUNTY_TOML = """\
# Y县扶贫小额信贷管理办法 (a county written for this test)
max_loan_amount = 30000
max_term_years = 2
min_age = 18
max_age = 60
eligible_statuses = ["registered_poor", "lifted_out"]
exclude_five_guarantee = true
bad_credit_excludes = "never"
entity_lending = true
caps_per_household = false
benchmark = "pboc"
filing_working_days = 10
five_star_target = 0.20
three_star_target = 0.40
leverage = 8

[fund_allocations]
rural_bank = 5000000

[document]
id = "y-county-2017"
title = "Y县扶贫小额信贷管理办法"
short_name = "the Y Measures"
short_name_zh = "《Y县办法》"

[citations]
NOT_REGISTERED_POOR = { article = "Art. 8", article_zh = "第八条", quote = "建档立卡户" }
FIVE_GUARANTEE_HOUSEHOLD = { article = "Art. 8", article_zh = "第八条", quote = "不含五保户" }
OUTSTANDING_BAD_LOANS = { article = "Art. 8", article_zh = "第八条", quote = "无未结清不良贷款" }
BAD_CREDIT_RECORD = "Art. 8"
AGE_ABOVE_LIMIT = { article = "Art. 8", article_zh = "第八条", quote = "60周岁以下" }
NO_DRIVING_AGREEMENT = { article = "Art. 11", article_zh = "第十一条" }
AMOUNT_ABOVE_LIMIT = { article = "Art. 14", article_zh = "第十四条", quote = "3万元以下" }
AMOUNT_ABOVE_ENTITY_LIMIT = { article = "Art. 14", article_zh = "第十四条" }
TERM_ABOVE_LIMIT = { article = "Art. 14", article_zh = "第十四条", quote = "2年期以内" }
GUARANTEE_REQUIRED = { article = "Art. 14", article_zh = "第十四条", quote = "无需担保" }
RATE_ABOVE_BENCHMARK = { article = "Art. 15", article_zh = "第十五条", quote = "执行基准利率" }
MISSING_REVIEW = { article = "Art. 16", article_zh = "第十六条" }
MISSING_STAMP = { article = "Art. 16", article_zh = "第十六条", quote = "盖章后放款" }
FILING_LATE = { article = "Art. 16", article_zh = "第十六条", quote = "10个工作日内" }
"MISSING_DOCUMENT:person" = { article = "Art. 20", article_zh = "第二十条" }
MISSING_DOCUMENT = { article = "Art. 21", article_zh = "第二十一条" }
FIVE_STAR_SHARE_LOW = { article = "Art. 18", article_zh = "第十八条" }
DUPLICATE_ENTITLEMENT = { article = "Art. 11", article_zh = "第十一条", quote = "一户一贷" }
"""
COUNTY_ARTICLES = {"Art. 8", "Art. 11", "Art. 14", "Art. 15", "Art. 16", "Art. 18", "Art. 20",
                   "Art. 21"}
#: the seed's articles and labels (none is among the county's)
SEED_ARTICLE = re.compile(r"Art\. (9|10|12|13|17|28|29)\b")
SEED_ARTICLE_ZH = ("第九条", "第十条", "第十二条", "第十三条", "第十七条", "第二十八条",
                   "第二十九条", "本办法", "the Measures")
#: the quotes of the seed's citations: none may appear in a county's message
SEED_QUOTES = sorted(
    {c.quote for c in DEFAULT_POLICY.citations.values() if c.quote and len(c.quote) >= 3}
)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    path: Path = tmp_path_factory.mktemp("county") / "y-county.toml"
    path.write_text(COUNTY_TOML, encoding="utf-8")
    return load_policy(path)


def person(pid: str, **flags: object) -> NaturalPerson:
    flags.setdefault("registered_poor", True)
    return NaturalPerson(id=pid, birth_date=D(1980, 5, 1), **flags)  # type: ignore[arg-type]


def decisions(policy: Policy, lender: str) -> list[Decision]:
    """One of every kind of decision of the five modules, failed and passed findings both."""
    good = person("A", star_rating=5)
    bad = person("B", registered_poor=False, five_guarantee=True, has_outstanding_bad_loans=True,
                 has_bad_credit_record=True, star_rating=1)
    old = NaturalPerson(id="O", birth_date=D(1950, 1, 1), registered_poor=True)
    young = NaturalPerson(id="Y", birth_date=D(2010, 1, 1), registered_poor=True)
    coop = LegalEntity(id="E-1", name="Co-op", kind=EntityKind.COOPERATIVE, agreements=[
        DrivingAgreement(household=good, signed_on=D(2016, 1, 1))])
    empty = LegalEntity(id="E-2", name="Firm", kind=EntityKind.LEADING_ENTERPRISE)
    on = D(2016, 6, 1)
    person_loan = Loan(id="L-1", borrower=good, lender=lender, principal="40000",
                       start_date=D(2016, 3, 1), maturity_date=D(2019, 3, 2),
                       annual_rate="0.06", guarantee_required=True, collateral_required=True,
                       extended_to=D(2019, 9, 1))
    small = Loan(id="L-2", borrower=good, lender=lender, principal="10000",
                 start_date=D(2016, 3, 1), maturity_date=D(2017, 3, 1), annual_rate="0.0435",
                 repayments=[Repayment(on=D(2017, 3, 1), principal="10000")])
    entity_loan = Loan(id="L-3", borrower=coop, lender=lender, principal="90000",
                       start_date=D(2016, 3, 1), maturity_date=D(2017, 3, 1),
                       annual_rate="0.0435")
    return [
        check_eligibility(good, on, policy),
        check_eligibility(bad, on, policy),
        check_eligibility(old, on, policy),
        check_eligibility(young, on, policy),
        check_eligibility(coop, on, policy),
        check_eligibility(empty, on, policy),
        check_loan_terms(person_loan, policy),
        check_loan_terms(small, policy),
        check_loan_terms(entity_loan, policy),
        check_disbursement(Application(loan=person_loan, filed_on=D(2016, 5, 1)), policy),
        check_disbursement(Application(loan=entity_loan, reviews={"poverty_office"},
                                       leading_group_approved=False), policy),
        check_documents([], good, policy),
        check_documents(["loan_contract"], coop, policy, on=D(2016, 1, 1)),
        check_documents([], empty, policy, on=D(2015, 1, 1)),
        check_portfolio([person_loan, small, entity_loan], [good, bad], on, policy),
        check_portfolio([], [], on, policy),
    ]


def test_the_county_file_brings_its_own_document_and_no_seed_citation(county: Policy) -> None:
    assert county.id == "y-county-2017"
    assert "AGE_BELOW_LIMIT" not in county.citations
    assert "NOT_REGISTERED_POOR:register" not in county.citations  # no seed citation inherited


def test_every_reason_cites_the_county_and_never_the_seed(county: Policy) -> None:
    found = decisions(county, "rural_bank")
    articles = set()
    for decision in found:
        assert decision.policy_id == "y-county-2017"
        for r in decision.findings:
            articles.add(r.article)
            assert r.article is None or r.article in COUNTY_ARTICLES, r
            for text in (r.message, r.message_zh):
                assert not SEED_ARTICLE.search(text), text
                assert not any(label in text for label in SEED_ARTICLE_ZH), text
                assert not any(q in text for q in SEED_QUOTES), (text, SEED_QUOTES)
    assert articles >= COUNTY_ARTICLES


def test_county_messages_by_hand(county: Policy) -> None:
    """Age 66 on 2016-06-01 (born 1950-01-01) against the county's 60; its 第八条 and quote."""
    d = check_eligibility(NaturalPerson(id="O", birth_date=D(1950, 1, 1), registered_poor=True),
                          D(2016, 6, 1), county)
    (reason,) = d.reasons
    assert reason.article == "Art. 8"
    assert reason.article_zh == "第八条"
    assert reason.message == (
        "age 66 on 2016-06-01 is above the limit of 60 (Art. 8 60周岁以下, inclusive)")
    assert reason.message_zh == (
        "2016-06-01年满66周岁，超过60周岁上限（第八条“60周岁以下”，含60周岁）")
    # the minimum age: the county cites an upper bound and no lower one, so the lower one is read
    # as the national rule's, not the county's
    below = d.findings[5]
    assert below.article is None
    assert "national rule, not the Y Measures" in below.message
    # principal 40 000 > the county's 30 000, Art. 14 以下
    terms = check_loan_terms(decisions_loan(), county)
    assert terms.reasons[0].message == (
        "principal 40000.00 is above the limit of 30000.00 (Art. 14 以下, inclusive)")
    assert terms.reasons[0].message_zh == (
        "贷款本金40000.00元，超过30000.00元上限（第十四条，以下含本数）")


def decisions_loan() -> Loan:
    return Loan(id="L-1", borrower=person("A"), lender="rural_bank", principal="40000",
                start_date=D(2016, 3, 1), maturity_date=D(2017, 3, 1), annual_rate="0.0435")


def test_a_county_without_citations_names_its_document() -> None:
    """Policy.unset: only the values given, no citation: every article is None and each message
    that cited an article names the document ("the Z plan" / "Z县方案")."""
    doc = PolicyDocument(id="z-plan", title="Z县小额信贷方案", short_name="the Z plan",
                         short_name_zh="Z县方案")
    bare = Policy.unset(doc, max_loan_amount=50000, max_term_years=3, min_age=18, max_age=65,
                        eligible_statuses=["registered_poor", "lifted_out"],
                        exclude_five_guarantee=True, bad_credit_excludes="never",
                        entity_lending=True, caps_per_household=False, benchmark="pboc",
                        filing_working_days=12, five_star_target="0.3",
                        three_star_target="0.5", leverage=10,
                        fund_allocations={"rural_bank": 1000000})
    found = decisions(bare, "rural_bank")
    for decision in found:
        assert decision.policy_id == "z-plan"
        for r in decision.findings:
            assert r.article is None, r
            assert r.article_zh is None
            for text in (r.message, r.message_zh):
                assert not SEED_ARTICLE.search(text), text
                assert not any(label in text for label in SEED_ARTICLE_ZH), text
                assert not any(q in text for q in SEED_QUOTES), text
    old = check_eligibility(NaturalPerson(id="O", birth_date=D(1950, 1, 1), registered_poor=True),
                            D(2016, 6, 1), bare)
    assert old.reasons[0].message == (
        "age 66 on 2016-06-01 is above the limit of 65 (the Z plan, inclusive)")
    assert old.reasons[0].message_zh == "2016-06-01年满66周岁，超过65周岁上限（Z县方案，含65周岁）"
    docs = check_documents([], person("A"), bare)
    assert docs.reasons[0].message == (
        "missing: the identity card (身份证), required by the Z plan")
    assert docs.reasons[0].message_zh == "缺少身份证（Z县方案）"


def test_a_county_citing_its_minimum_age(county: Policy) -> None:
    """Born 2000-07-01, on 2016-06-01: 15 < 18, refused under the county's own 第八条."""
    cited = attrs.evolve(county, citations={**county.citations,
                                            "AGE_BELOW_LIMIT": Citation("Art. 8", "第八条")})
    d = check_eligibility(NaturalPerson(id="K", birth_date=D(2000, 7, 1), registered_poor=True),
                          D(2016, 6, 1), cited)
    (reason,) = d.reasons
    assert (reason.code, reason.article, reason.article_zh) == (
        ReasonCode.AGE_BELOW_LIMIT, "Art. 8", "第八条")
    assert reason.message == (
        "age 15 on 2016-06-01 is below the minimum of 18 (Art. 8: at least 18, inclusive, with "
        "full civil capacity)")


# --- PolicyDocument and Citation validate every field at once (issue 14: pinned) -------------


def test_policy_document_reports_every_bad_field() -> None:
    bad = problems(lambda: PolicyDocument(
        id="", title=None, issuer=" ", number=3, issued_on=dt.datetime(2021, 1, 1), source="",
        verified=1, short_name="", short_name_zh=7))
    assert [(field, code, en) for field, code, en, _zh in bad] == [
        ("id", "INVALID_VALUE", "must be a non-empty str (got '', a str)"),
        ("title", "INVALID_VALUE", "must be a non-empty str (got None, a NoneType)"),
        ("issuer", "INVALID_VALUE", "must be a non-empty str or None (got ' ', a str)"),
        ("number", "INVALID_VALUE", "must be a non-empty str or None (got 3, an int)"),
        ("source", "INVALID_VALUE", "must be a non-empty str or None (got '', a str)"),
        ("short_name", "INVALID_VALUE", "must be a non-empty str or None (got '', a str)"),
        ("short_name_zh", "INVALID_VALUE", "must be a non-empty str or None (got 7, an int)"),
        ("issued_on", "INVALID_VALUE",
         "must be a date or None (got datetime.datetime(2021, 1, 1, 0, 0), a datetime)"),
        ("verified", "INVALID_VALUE", "must be a bool (got 1, an int)"),
    ]
    assert problems(lambda: PolicyDocument(id="d", title="t", issued_on="2021-01-01")) == [
        ("issued_on", "INVALID_VALUE", "must be a date or None (got '2021-01-01', a str)",
         "取值无效：must be a date or None (got '2021-01-01', a str)")]


def test_policy_document_optional_fields_may_be_none_and_a_date_is_a_date() -> None:
    doc = PolicyDocument(id="d", title="t", issuer=None, number=None, source=None,
                         short_name=None, short_name_zh=None, issued_on=dt.date(2021, 1, 1),
                         verified=False)
    assert (doc.issued_on, doc.verified, doc.ref_en, doc.ref_zh) == (
        dt.date(2021, 1, 1), False, "t", "《t》")


def test_citation_reports_every_bad_field() -> None:
    assert [(f, en) for f, _code, en, _zh in problems(lambda: Citation(None, "", 5))] == [
        ("article", "must be a non-empty str (got None, a NoneType)"),
        ("article_zh", "must be a non-empty str or None (got '', a str)"),
        ("quote", "must be a non-empty str or None (got 5, an int)"),
    ]
    assert problems(lambda: Citation(" ")) == [
        ("article", "INVALID_VALUE", "must be a non-empty str (got ' ', a str)",
         "取值无效：must be a non-empty str (got ' ', a str)")]
    assert Citation("Art. 1", None, None) == Citation("Art. 1")
