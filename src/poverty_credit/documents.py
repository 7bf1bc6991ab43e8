"""Subsidy application documents (Art. 28, 29): which papers a borrower must submit.

:func:`check_documents` gives one finding per document of the borrower's list, in the order of the
Measures: ``passed`` when it was submitted, stood in for by another document, or is not required,
and a failed ``MISSING_DOCUMENT`` reason naming it (English and Chinese) when it is missing.

* Natural person (Art. 28): identity card, poor-household form, copy of the bank account, loan
  voucher, interest voucher, repayment voucher, subsidy application form.
* Legal entity (Art. 29): the subsidy project application (立项申请), then (1) business licence,
  organisation code certificate, tax registration certificate, account-opening permit, loan card
  number, credit report, loan contract, interest voucher, legal representative's ID, and (2) the
  loan particulars and the poverty impact.
* Cooperatives and capable households (Art. 29(1) 根据实际情况提供相关证件, interpretation): the
  project application, loan contract, interest voucher, the legal representative's (or the
  person's) ID, loan particulars and poverty impact; the rest is reported as not required.

National reforms after which a paper of the list no longer exists (the list is judged as it stood on
``on``; ``on=None`` means the latest rules the library knows):

* **three-in-one reform** (三证合一, 国办发〔2015〕50号), nationwide from **2015-10-01**: a business
  licence carrying a unified social credit code stands for the business licence, the organisation
  code certificate and the tax registration certificate. Before that date no such licence existed
  nationally, so it stands for nothing and the three papers are required;
* **account-opening permit** (开户许可证): the PBoC abolished enterprise account permits
  (银发〔2019〕41号, 2019-02-02; completed nationwide on 2019-07-22); the library stops requiring
  it from **2020-01-01** (the end-2019 deadline set by the State Council on 2018-12-24);
* **loan card** (贷款卡): the PBoC stopped issuing loan cards in 2013–2014, but the sources found
  disagree on the date (2013-07-20 and 2014-12-05, both secondary) and the Measures, written later,
  still ask for the *number*, which lives on as the borrower's code in the credit system. The loan
  card number therefore stays required (see ``docs/subsidy.md``).

Each document's article comes from the policy's citations (SPEC D1, D7):
``"MISSING_DOCUMENT:<DOC>"`` (e.g. ``"MISSING_DOCUMENT:LOAN_PARTICULARS"``), else
``"MISSING_DOCUMENT:person"`` / ``"MISSING_DOCUMENT:entity"``, else ``"MISSING_DOCUMENT"``; where
the policy gives none the message names the document. A schedule is read on ``on`` (``None``:
its last policy).

>>> import datetime as dt
>>> from poverty_credit import NaturalPerson
>>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
>>> d = check_documents(["id_card", "poor_household_form", "bank_account_copy", "loan_voucher",
...                      "interest_voucher", "subsidy_application_form"], p)
>>> d
<Decision P-1: denied — MISSING_DOCUMENT (Art. 28)>
>>> d.reasons[0].message
'missing: the repayment voucher (还款凭证), required by Art. 28'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from poverty_credit._money import describe
from poverty_credit._validate import as_enum
from poverty_credit._wording import phrase
from poverty_credit.citations import Cited
from poverty_credit.decision import Decision, Reason, ReasonCode, finding
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.models import Document, EntityKind, LegalEntity, NaturalPerson
from poverty_credit.periods import require_date
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.schedule import PolicySchedule, policy_on, require_schedule

__all__ = [
    "ACCOUNT_PERMIT_NOT_REQUIRED_FROM",
    "THREE_IN_ONE_REFORM",
    "check_documents",
    "required_documents",
]

#: 国办发〔2015〕50号: the unified business licence (三证合一, 一照一码) nationwide from this date.
THREE_IN_ONE_REFORM = _dt.date(2015, 10, 1)
#: 银发〔2019〕41号: the PBoC abolished the enterprise account-opening permit by the end of 2019.
ACCOUNT_PERMIT_NOT_REQUIRED_FROM = _dt.date(2020, 1, 1)

_D = Document
#: Art. 28: a natural person's documents, in the order of the Measures.
_NATURAL_PERSON: tuple[Document, ...] = (
    _D.ID_CARD, _D.POOR_HOUSEHOLD_FORM, _D.BANK_ACCOUNT_COPY, _D.LOAN_VOUCHER,
    _D.INTEREST_VOUCHER, _D.REPAYMENT_VOUCHER, _D.SUBSIDY_APPLICATION_FORM,
)
#: Art. 29: a legal entity's documents, in the order of the Measures.
_LEGAL_ENTITY: tuple[Document, ...] = (
    _D.SUBSIDY_PROJECT_APPLICATION,
    _D.BUSINESS_LICENSE, _D.ORGANIZATION_CODE_CERTIFICATE, _D.TAX_REGISTRATION_CERTIFICATE,
    _D.ACCOUNT_OPENING_PERMIT, _D.LOAN_CARD, _D.CREDIT_REPORT, _D.LOAN_CONTRACT,
    _D.INTEREST_VOUCHER, _D.LEGAL_REPRESENTATIVE_ID,
    _D.LOAN_PARTICULARS, _D.POVERTY_IMPACT,
)
#: Art. 29(1) "农民专业合作组织、能人大户根据实际情况提供相关证件" — what the library asks of them.
_AS_THE_CASE_MAY_BE = frozenset({
    _D.SUBSIDY_PROJECT_APPLICATION, _D.LOAN_CONTRACT, _D.INTEREST_VOUCHER,
    _D.LEGAL_REPRESENTATIVE_ID, _D.LOAN_PARTICULARS, _D.POVERTY_IMPACT,
})
_SIMPLIFIED_KINDS = frozenset({EntityKind.COOPERATIVE, EntityKind.CAPABLE_HOUSEHOLD})
_COVERED_BY_UNIFIED = frozenset({
    _D.BUSINESS_LICENSE, _D.ORGANIZATION_CODE_CERTIFICATE, _D.TAX_REGISTRATION_CERTIFICATE,
})


def _cite(policy: Policy, doc: Document, group: str) -> Cited:
    """``MISSING_DOCUMENT:<DOC>``, else ``MISSING_DOCUMENT:<group>``, else ``MISSING_DOCUMENT``."""
    code = ReasonCode.MISSING_DOCUMENT
    if f"{code.value}:{doc.name}" in policy.citations:
        return policy.cite(code, doc.name)
    return policy.cite(code, group)


def _reforms_apply(on: _dt.date | None, since: _dt.date) -> bool:
    return on is None or on >= since


def _parse_submitted(submitted: object) -> frozenset[Document]:
    if isinstance(submitted, (str, bytes, Document)) or not isinstance(submitted, Iterable):
        raise InvalidInputError.single(
            "submitted", f"must be a collection of Document members or their names "
                         f"(got {describe(submitted)})")
    docs: set[Document] = set()
    problems: list[Problem] = []
    for i, item in enumerate(submitted):
        try:
            docs.add(as_enum(Document, item, f"submitted[{i}]"))
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    return frozenset(docs)


def required_documents(borrower: NaturalPerson | LegalEntity,
                       *, on: _dt.date | None = None) -> tuple[Document, ...]:
    """The documents a borrower must submit on ``on`` (``None``: the latest rules), in the order of
    the Measures, without the ones abolished or not asked of cooperatives and capable households.
    Where a unified business licence may stand for three papers, the three are listed.

    >>> import datetime as dt
    >>> from poverty_credit import EntityKind, LegalEntity
    >>> coop = LegalEntity(id="C-1", name="Coop", kind=EntityKind.COOPERATIVE)
    >>> [d.value for d in required_documents(coop)]  # doctest: +NORMALIZE_WHITESPACE
    ['subsidy_project_application', 'loan_contract', 'interest_voucher', 'legal_representative_id',
     'loan_particulars', 'poverty_impact']
    """
    if not isinstance(borrower, (NaturalPerson, LegalEntity)):
        raise InvalidInputError.single(
            "borrower", f"must be a NaturalPerson or a LegalEntity (got {describe(borrower)})")
    if on is not None:
        on = require_date(on, "on")
    if isinstance(borrower, NaturalPerson):
        return _NATURAL_PERSON
    simplified = borrower.kind in _SIMPLIFIED_KINDS
    return tuple(
        doc for doc in _LEGAL_ENTITY
        if not (simplified and doc not in _AS_THE_CASE_MAY_BE)
        and not (doc is _D.ACCOUNT_OPENING_PERMIT
                 and _reforms_apply(on, ACCOUNT_PERMIT_NOT_REQUIRED_FROM))
    )


def _judge(doc: Document, cited: Cited, submitted: frozenset[Document],
           borrower: NaturalPerson | LegalEntity, on: _dt.date | None,
           policy: Policy) -> Reason:
    """One document: submitted, stood in for, not required, or missing."""
    code = ReasonCode.MISSING_DOCUMENT
    name, name_zh = f"the {doc.en} ({doc.zh})", doc.zh
    unified_counts = _reforms_apply(on, THREE_IN_ONE_REFORM)
    if doc in submitted:
        return finding(code, cited, True, f"submitted: {name}", f"已提供{name_zh}")
    if doc in _COVERED_BY_UNIFIED and unified_counts and _D.UNIFIED_BUSINESS_LICENSE in submitted:
        return finding(
            code, cited, True,
            f"covered: {name} is stood for by the {_D.UNIFIED_BUSINESS_LICENSE.en} "
            f"(three-in-one reform 三证合一, from {THREE_IN_ONE_REFORM.isoformat()})",
            f"{name_zh}由{_D.UNIFIED_BUSINESS_LICENSE.zh}代替（{THREE_IN_ONE_REFORM.isoformat()}起三证合一）",
        )
    if isinstance(borrower, LegalEntity) and borrower.kind in _SIMPLIFIED_KINDS and (
        doc not in _AS_THE_CASE_MAY_BE
    ):
        words = phrase(policy, code, "as_the_case_may_be", "", beside=cited)
        said = f"{words}; " if words else ""
        return finding(
            code, cited, True,
            f"not required: {name}; a {borrower.kind.en} brings the relevant documents as the case "
            f"may be ({said}interpretation: the application, contract, interest "
            "voucher, ID, loan particulars and poverty impact)",
            f"{borrower.kind.zh}{words or '视具体情况提交材料'}，不要求{name_zh}",
        )
    if doc is _D.ACCOUNT_OPENING_PERMIT and _reforms_apply(on, ACCOUNT_PERMIT_NOT_REQUIRED_FROM):
        return finding(
            code, cited, True,
            f"not required: {name}; the PBoC abolished enterprise account-opening permits "
            f"nationwide in 2019 (银发〔2019〕41号), not asked for from "
            f"{ACCOUNT_PERMIT_NOT_REQUIRED_FROM.isoformat()}",
            f"人民银行2019年已全面取消企业银行账户许可（银发〔2019〕41号），"
            f"{ACCOUNT_PERMIT_NOT_REQUIRED_FROM.isoformat()}起不再要求{name_zh}",
        )
    en = f"missing: {name}, required by {cited.ref_en}"
    zh = f"缺少{name_zh}（{cited.ref_zh}）"
    if doc in _COVERED_BY_UNIFIED:
        if unified_counts:
            en += (f" (a {_D.UNIFIED_BUSINESS_LICENSE.en} also stands for it, from "
                   f"{THREE_IN_ONE_REFORM.isoformat()})")
            zh += f"（{THREE_IN_ONE_REFORM.isoformat()}起可由载有统一社会信用代码的营业执照代替）"
        elif _D.UNIFIED_BUSINESS_LICENSE in submitted:
            en += (f" (a unified business licence does not stand for it before the three-in-one "
                   f"reform of {THREE_IN_ONE_REFORM.isoformat()})")
            zh += f"（{THREE_IN_ONE_REFORM.isoformat()}三证合一之前，统一代码营业执照不能代替）"
    if doc is _D.LOAN_CARD:
        # "本办法" reads "办法" inside a sentence; another document keeps its own name.
        doc_zh = policy.document.ref_zh.removeprefix("本")
        en += (f"; still required: {policy.document.ref_en} ask for the loan card number, and no "
               "primary source for the date of its abolition was found")
        zh += f"；{doc_zh}仍要求提供贷款卡号，未找到取消日期的权威出处，仍予要求"
    return finding(code, cited, False, en, zh)


def check_documents(
    submitted: Iterable[Document | str],
    borrower: NaturalPerson | LegalEntity,
    policy: Policy | PolicySchedule = DEFAULT_POLICY,
    *,
    on: _dt.date | None = None,
) -> Decision:
    """Check a subsidy application's documents (Art. 28 natural persons, Art. 29 legal entities).

    Every document of the borrower's list is judged, in the order of the Measures; each missing one
    is a failed ``MISSING_DOCUMENT`` reason naming it in English and Chinese. Documents outside the
    borrower's list are ignored.

    Args:
        submitted: the documents handed in, as :class:`Document` members or their values or names
            (``"id_card"``, ``"ID_CARD"``).
        borrower: the natural person or legal entity applying.
        policy: the document whose articles the reasons cite (the lists are not parameters); a
            schedule is read on ``on``, or its last policy when ``on`` is ``None``.
        on: the date whose rules apply (the three-in-one reform, the permit's abolition);
            ``None``: the latest rules the library knows. No clock is read.

    Raises:
        InvalidInputError: an unknown document (``submitted[i]``), a bad borrower, policy or date.

    >>> import datetime as dt
    >>> from poverty_credit import EntityKind, LegalEntity
    >>> firm = LegalEntity(id="E-1", name="Tea Co.", kind=EntityKind.LEADING_ENTERPRISE)
    >>> docs = ["subsidy_project_application", "unified_business_license", "loan_card",
    ...         "credit_report", "loan_contract", "interest_voucher", "legal_representative_id",
    ...         "loan_particulars", "poverty_impact"]
    >>> bool(check_documents(docs, firm))
    True
    >>> d = check_documents(docs, firm, on=dt.date(2015, 9, 30))
    >>> [r.message.split(",")[0] for r in d.reasons]  # doctest: +NORMALIZE_WHITESPACE
    ['missing: the business licence (营业执照)',
     'missing: the organisation code certificate (组织机构代码证)',
     'missing: the tax registration certificate (税务登记证)',
     'missing: the bank account-opening permit (银行开户许可证)']
    """
    problems: list[Problem] = []
    docs: frozenset[Document] = frozenset()
    try:
        docs = _parse_submitted(submitted)
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    if not isinstance(borrower, (NaturalPerson, LegalEntity)):
        problems.append(Problem(
            "borrower", f"must be a NaturalPerson or a LegalEntity (got {describe(borrower)})"))
    chosen: Policy | PolicySchedule = DEFAULT_POLICY
    try:
        chosen = require_schedule(policy)
    except InvalidInputError as exc:
        problems.extend(exc.problems)
    if on is not None:
        try:
            on = require_date(on, "on")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    assert isinstance(borrower, (NaturalPerson, LegalEntity))
    if on is not None:
        rules = policy_on(chosen, on)
    else:
        rules = chosen if isinstance(chosen, Policy) else chosen.last
    person = isinstance(borrower, NaturalPerson)
    listed, group = (_NATURAL_PERSON, "person") if person else (_LEGAL_ENTITY, "entity")
    return Decision.of(
        (_judge(doc, _cite(rules, doc, group), docs, borrower, on, rules) for doc in listed),
        subject=borrower.id, policy_id=rules.id,
    )

