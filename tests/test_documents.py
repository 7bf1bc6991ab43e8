"""Subsidy application documents (Art. 28, 29), case by case from the Measures.

Art. 28 (natural persons): 身份证、贫困户信息表、银行账户复印件; 贷款凭证、计息凭证、还款凭证复印件;
申请贴息报告表 — 7 documents.
Art. 29 (legal entities): 立项申请 (chapeau); (一) 营业执照、组织机构代码、税务登记证、
银行开户许可证、银行贷款卡号、企业信用报告、贷款合同、贷款计息传票、企业法人代表身份证复印件
— 9; (二) 贷款银行、金额、利率、期限; 带动贫困户、增收方式、社会效果 — 2: 12 findings in all.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as ps
from poverty_credit import (
    DEFAULT_POLICY,
    Document,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    NaturalPerson,
    ReasonCode,
    check_documents,
)
from poverty_credit.documents import (
    ACCOUNT_PERMIT_NOT_REQUIRED_FROM,
    THREE_IN_ONE_REFORM,
    required_documents,
)

D = Document
PERSON = NaturalPerson(id="P-1", birth_date=dt.date(1975, 6, 1), registered_poor=True)
ART_28 = [D.ID_CARD, D.POOR_HOUSEHOLD_FORM, D.BANK_ACCOUNT_COPY, D.LOAN_VOUCHER,
          D.INTEREST_VOUCHER, D.REPAYMENT_VOUCHER, D.SUBSIDY_APPLICATION_FORM]
ART_29 = [D.SUBSIDY_PROJECT_APPLICATION, D.BUSINESS_LICENSE, D.ORGANIZATION_CODE_CERTIFICATE,
          D.TAX_REGISTRATION_CERTIFICATE, D.ACCOUNT_OPENING_PERMIT, D.LOAN_CARD, D.CREDIT_REPORT,
          D.LOAN_CONTRACT, D.INTEREST_VOUCHER, D.LEGAL_REPRESENTATIVE_ID, D.LOAN_PARTICULARS,
          D.POVERTY_IMPACT]
THREE = [D.BUSINESS_LICENSE, D.ORGANIZATION_CODE_CERTIFICATE, D.TAX_REGISTRATION_CERTIFICATE]
SIX = [D.SUBSIDY_PROJECT_APPLICATION, D.LOAN_CONTRACT, D.INTEREST_VOUCHER,
       D.LEGAL_REPRESENTATIVE_ID, D.LOAN_PARTICULARS, D.POVERTY_IMPACT]


def firm(kind: EntityKind = EntityKind.LEADING_ENTERPRISE) -> LegalEntity:
    return LegalEntity(id="E-1", name="Tea Co.", kind=kind)


def without(docs: list[Document], *drop: Document) -> list[Document]:
    return [d for d in docs if d not in drop]


def missing(decision: object) -> list[Document]:
    """The documents named by the failed reasons (each message names exactly one)."""
    names = []
    for reason in decision.reasons:  # type: ignore[attr-defined]
        assert reason.code is ReasonCode.MISSING_DOCUMENT
        (doc,) = [d for d in D if f"the {d.en} ({d.zh})" in reason.message]
        assert doc.zh in reason.message_zh
        names.append(doc)
    return names


# ---------------------------------------------------------------------------------------------
# natural persons, Art. 28


def test_natural_person_complete() -> None:
    d = check_documents(ART_28, PERSON)
    assert bool(d)
    assert len(d.findings) == 7
    assert {r.article for r in d.findings} == {"Art. 28"}
    assert d.subject == "P-1"


def test_natural_person_missing_two() -> None:
    """Without the repayment voucher and the application form: two reasons, in Art. 28's order."""
    d = check_documents(without(ART_28, D.SUBSIDY_APPLICATION_FORM, D.REPAYMENT_VOUCHER), PERSON)
    assert missing(d) == [D.REPAYMENT_VOUCHER, D.SUBSIDY_APPLICATION_FORM]
    assert d.reasons[0].message == "missing: the repayment voucher (还款凭证), required by Art. 28"
    assert d.reasons[0].message_zh == "缺少还款凭证（第二十八条）"


def test_natural_person_nothing_submitted() -> None:
    d = check_documents([], PERSON)
    assert missing(d) == ART_28


def test_entity_documents_do_not_count_for_a_person() -> None:
    """Documents outside the borrower's list are ignored (neither counted nor refused)."""
    d = check_documents([*ART_28, D.BUSINESS_LICENSE, D.LOAN_CARD], PERSON)
    assert bool(d)
    assert len(d.findings) == 7


@pytest.mark.parametrize("spelling", ["id_card", "ID_CARD", " id_card ", D.ID_CARD])
def test_names_values_and_members_are_accepted(spelling: object) -> None:
    d = check_documents([spelling, *ART_28[1:]], PERSON)  # type: ignore[list-item]
    assert bool(d)


def test_duplicates_and_generators_are_fine() -> None:
    assert bool(check_documents((d for d in ART_28 + ART_28), PERSON))


# ---------------------------------------------------------------------------------------------
# legal entities, Art. 29


def test_entity_full_old_list_before_the_reforms() -> None:
    """On 2015-09-30 every one of the 12 papers is required, the permit included."""
    d = check_documents(ART_29, firm(), on=dt.date(2015, 9, 30))
    assert bool(d)
    assert [r.article for r in d.findings] == (
        ["Art. 29"] + ["Art. 29(1)"] * 9 + ["Art. 29(2)"] * 2)
    assert all(r.message.startswith("submitted: ") for r in d.findings)


def test_entity_missing_everything() -> None:
    """With the latest rules, the permit is not required; 11 papers are missing."""
    d = check_documents([], firm())
    assert missing(d) == without(ART_29, D.ACCOUNT_OPENING_PERMIT)
    assert [r.article for r in d.reasons] == ["Art. 29"] + ["Art. 29(1)"] * 8 + ["Art. 29(2)"] * 2


def test_unified_licence_stands_for_three_from_the_reform() -> None:
    """三证合一 from 2015-10-01: the unified licence replaces licence, code and tax registration."""
    docs = [*without(ART_29, *THREE), D.UNIFIED_BUSINESS_LICENSE]
    d = check_documents(docs, firm(), on=THREE_IN_ONE_REFORM)
    assert bool(d)
    covered = [r for r in d.findings if r.message.startswith("covered: ")]
    assert len(covered) == 3
    assert "三证合一" in covered[0].message
    assert "2015-10-01" in covered[0].message_zh


def test_unified_licence_stands_for_nothing_before_the_reform() -> None:
    """On 2015-09-30 the unified licence did not exist nationally: the three papers are missing,
    and each message says why the unified licence does not count."""
    docs = [*without(ART_29, *THREE), D.UNIFIED_BUSINESS_LICENSE]
    d = check_documents(docs, firm(), on=dt.date(2015, 9, 30))
    assert missing(d) == THREE
    assert all("does not stand for it before the three-in-one reform" in r.message
               for r in d.reasons)


def test_missing_licence_after_the_reform_mentions_the_alternative() -> None:
    d = check_documents(without(ART_29, D.BUSINESS_LICENSE), firm())
    assert missing(d) == [D.BUSINESS_LICENSE]
    assert "also stands for it" in d.reasons[0].message
    assert "统一社会信用代码" in d.reasons[0].message_zh


def test_account_opening_permit_before_and_after_2020() -> None:
    """The PBoC abolished enterprise account permits in 2019 (银发〔2019〕41号): required on
    2019-12-31, not required (a passed finding saying so) from 2020-01-01."""
    docs = without(ART_29, D.ACCOUNT_OPENING_PERMIT)
    before = check_documents(docs, firm(), on=dt.date(2019, 12, 31))
    assert missing(before) == [D.ACCOUNT_OPENING_PERMIT]
    after = check_documents(docs, firm(), on=ACCOUNT_PERMIT_NOT_REQUIRED_FROM)
    assert bool(after)
    (note,) = [r for r in after.findings if "account-opening" in r.message]
    assert note.passed
    assert note.message.startswith("not required: ")
    assert "银发〔2019〕41号" in note.message_zh
    assert bool(check_documents(docs, firm()))  # on=None: the latest rules


def test_loan_card_stays_required() -> None:
    d = check_documents(without(ART_29, D.LOAN_CARD), firm())
    assert missing(d) == [D.LOAN_CARD]
    assert "still required" in d.reasons[0].message


@pytest.mark.parametrize("kind", [EntityKind.COOPERATIVE, EntityKind.CAPABLE_HOUSEHOLD])
def test_cooperatives_and_capable_households_bring_six(kind: EntityKind) -> None:
    """根据实际情况提供相关证件: the six papers suffice; the other six are reported not required."""
    d = check_documents(SIX, firm(kind))
    assert bool(d)
    assert len(d.findings) == 12
    not_required = [r for r in d.findings if r.message.startswith("not required: ")]
    assert len(not_required) == 6
    assert "interpretation" in not_required[0].message
    assert kind.zh in not_required[0].message_zh


def test_cooperative_missing_poverty_impact() -> None:
    d = check_documents(without(SIX, D.POVERTY_IMPACT), firm(EntityKind.COOPERATIVE))
    assert missing(d) == [D.POVERTY_IMPACT]
    assert d.reasons[0].article == "Art. 29(2)"
    assert d.reasons[0].message_zh.endswith("（第二十九条第（二）项）")


@pytest.mark.parametrize("kind", [EntityKind.FAMILY_FARM, EntityKind.LEADING_ENTERPRISE])
def test_family_farms_and_enterprises_need_the_full_list(kind: EntityKind) -> None:
    d = check_documents(SIX, firm(kind), on=dt.date(2016, 1, 1))
    assert missing(d) == [*THREE, D.ACCOUNT_OPENING_PERMIT, D.LOAN_CARD, D.CREDIT_REPORT]


# ---------------------------------------------------------------------------------------------
# required_documents


def test_required_documents() -> None:
    assert list(required_documents(PERSON)) == ART_28
    assert list(required_documents(firm(), on=dt.date(2019, 1, 1))) == ART_29
    assert list(required_documents(firm())) == without(ART_29, D.ACCOUNT_OPENING_PERMIT)
    assert list(required_documents(firm(EntityKind.CAPABLE_HOUSEHOLD))) == SIX
    with pytest.raises(InvalidInputError):
        required_documents("E-1")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        required_documents(PERSON, on=dt.datetime(2020, 1, 1, 8))


# ---------------------------------------------------------------------------------------------
# bad input


def test_unknown_document_names_its_position() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_documents(["id_card", "passport", "loan_voucher", 7], PERSON)
    assert [p.field for p in err.value.problems] == ["submitted[1]", "submitted[3]"]
    assert "'passport', a str" in str(err.value)


@pytest.mark.parametrize("bad", ["id_card", D.ID_CARD, None, 5, b"id_card"])
def test_submitted_must_be_a_collection(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        check_documents(bad, PERSON)  # type: ignore[arg-type]
    assert err.value.field == "submitted"


def test_every_bad_argument_is_reported_together() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_documents(["x"], "P-1", "policy", on="2020-01-01")  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == ["submitted[0]", "borrower", "policy", "on"]


def test_datetime_is_refused() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_documents(ART_28, PERSON, on=dt.datetime(2020, 1, 1, 9))
    assert err.value.field == "on"


# ---------------------------------------------------------------------------------------------
# properties


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(D)), st.one_of(ps.natural_persons(), ps.legal_entities()),
       st.none() | st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)))
def test_one_finding_per_listed_document(submitted: set[Document],
                                         borrower: NaturalPerson | LegalEntity,
                                         on: dt.date | None) -> None:
    """Every document of the list gets one finding; the failures are exactly the required
    documents not submitted (and not stood in for by the unified licence)."""
    d = check_documents(submitted, borrower, DEFAULT_POLICY, on=on)
    listed = ART_28 if isinstance(borrower, NaturalPerson) else ART_29
    assert len(d.findings) == len(listed)
    unified = D.UNIFIED_BUSINESS_LICENSE in submitted and (on is None or on >= THREE_IN_ONE_REFORM)
    expected = [doc for doc in required_documents(borrower, on=on)
                if doc not in submitted and not (unified and doc in THREE)]
    assert missing(d) == expected
    assert bool(d) is (not expected)


@settings(max_examples=100, deadline=None)
@given(ps.junk(), ps.junk(), ps.junk())
def test_junk_raises_only_invalid_input(submitted: object, borrower: object, on: object) -> None:
    for args, kwargs in (((submitted, PERSON), {}), ((ART_28, borrower), {}),
                         ((ART_28, PERSON), {"on": on})):
        with contextlib.suppress(InvalidInputError):
            check_documents(*args, **kwargs)  # type: ignore[arg-type]


def test_missing_licence_before_the_reform_is_plain() -> None:
    """Before 2015-10-01 without a unified licence: no word about one."""
    d = check_documents(without(ART_29, D.BUSINESS_LICENSE), firm(), on=dt.date(2014, 6, 1))
    assert missing(d) == [D.BUSINESS_LICENSE]
    assert d.reasons[0].message == ("missing: the business licence (营业执照), required by "
                                    "Art. 29(1)")
