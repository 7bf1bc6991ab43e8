"""The records the rules judge: people, entities, loans, applications, claims.

Every model is a frozen, slotted, keyword-only :mod:`attrs` class that validates itself on
construction: an invalid record raises one :class:`~poverty_credit.InvalidInputError` listing every
problem, each naming the field, showing the bad value and its type, and saying what was expected.
Values are normalised on the way in (amounts to ``Decimal`` fen, enum names to members, lists to
tuples), so two records built from equivalent input compare equal.

>>> import datetime as dt
>>> NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True, star_rating=6)
Traceback (most recent call last):
...
poverty_credit.errors.InvalidInputError: star_rating: must be between 1 and 5 (got 6)
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

import attrs

from poverty_credit import creditcode, idnumber
from poverty_credit._money import (
    ZERO,
    compute,
    describe,
    describe_zh,
    parse_amount,
    parse_fraction,
    parse_money,
    parse_rate,
)
from poverty_credit._validate import (
    Checker,
    as_bool,
    as_enum,
    as_int,
    as_text,
    instance_of,
    optional,
    quick_fraction,
    quick_money,
)
from poverty_credit.errors import InvalidInputError, ProblemCode
from poverty_credit.periods import require_date
from poverty_credit.status import MONITORED_STATUSES, PovertyStatus

__all__ = [
    "Application",
    "CompensationClaim",
    "Document",
    "DrivingAgreement",
    "EntityKind",
    "LegalEntity",
    "Loan",
    "LossCause",
    "NaturalPerson",
    "Repayment",
    "Review",
    "Stamp",
]


class _LabelledEnum(str, enum.Enum):
    """A str enum whose members carry an English and a Chinese label."""

    def __new__(cls, value: str, en: str = "", zh: str = "") -> _LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.en = en or value
        member.zh = zh or value
        return member

    en: str
    zh: str

    def label(self, lang: str = "en") -> str:
        """The member's name in ``"en"`` or ``"zh"``."""
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return str(self.value)


class EntityKind(_LabelledEnum):
    """The legal entities of Art. 10 that may borrow on the households they drive."""

    COOPERATIVE = "cooperative", "new rural cooperative organisation", "农村新型合作组织"
    FAMILY_FARM = "family_farm", "family farm", "家庭农场"
    CAPABLE_HOUSEHOLD = "capable_household", "capable large household", "能人大户"
    LEADING_ENTERPRISE = "leading_enterprise", "leading enterprise", "龙头企业"


class Review(_LabelledEnum):
    """The reviews of Art. 17(2)."""

    POVERTY_OFFICE = (
        "poverty_office",
        "county poverty office (with the industry service centres)",
        ("县扶农办和三大产业服务中心"),
    )
    FINANCE_OFFICE = "finance_office", "county finance office", "县金融办"
    PBOC_BRANCH = "pboc_branch", "county PBoC branch", "县人民银行"


class Stamp(_LabelledEnum):
    """The stamps of Art. 17(3) required before disbursement."""

    VILLAGE = "village", "village", "村"
    TOWN = "town", "town", "镇"
    COUNTY = "county", "county poverty office", "县扶农办"


class LossCause(_LabelledEnum):
    """Causes of a loss on a natural-person loan (Art. 25)."""

    DEATH = "death", "death of the borrower", "借款人死亡"
    LOSS_OF_WORKING_CAPACITY = (
        "loss_of_working_capacity",
        "loss of working capacity",
        "丧失劳动能力",
    )
    SIMILAR_INCOME_LOSS = (
        "similar_income_loss",
        ("a similar cause of lost or insufficient income"),
        "其他丧失收入来源或收入不足清偿贷款的原因",
    )
    NATURAL_DISASTER = "natural_disaster", "a major natural disaster", "重大自然灾害"
    SIMILAR_FORCE_MAJEURE = "similar_force_majeure", "a similar force majeure", "其他不可抗拒因素"
    OTHER_ACCEPTED = (
        "other_accepted",
        ("another cause the leading group accepted for compensation"),
        "县金融扶贫工作领导小组认为需要补偿的其他原因",
    )
    OTHER = (
        "other",
        "another cause, not accepted by the leading group",
        "其他原因（领导小组未认可）",
    )


class Document(_LabelledEnum):
    """Documents of a subsidy application (Art. 28 natural persons, Art. 29 legal entities)."""

    # Art. 28
    ID_CARD = "id_card", "identity card", "身份证"
    POOR_HOUSEHOLD_FORM = "poor_household_form", "poor-household information form", "贫困户信息表"
    BANK_ACCOUNT_COPY = "bank_account_copy", "copy of the bank account", "银行账户复印件"
    LOAN_VOUCHER = "loan_voucher", "loan voucher", "贷款凭证"
    INTEREST_VOUCHER = "interest_voucher", "interest voucher", "计息凭证"
    REPAYMENT_VOUCHER = "repayment_voucher", "repayment voucher", "还款凭证"
    SUBSIDY_APPLICATION_FORM = (
        "subsidy_application_form",
        "subsidy application form",
        ("申请贴息报告表"),
    )
    # Art. 29
    SUBSIDY_PROJECT_APPLICATION = (
        "subsidy_project_application",
        ("subsidy project application"),
        "扶贫贷款贴息立项申请",
    )
    BUSINESS_LICENSE = "business_license", "business licence", "营业执照"
    ORGANIZATION_CODE_CERTIFICATE = (
        "organization_code_certificate",
        ("organisation code certificate"),
        "组织机构代码证",
    )
    TAX_REGISTRATION_CERTIFICATE = (
        "tax_registration_certificate",
        ("tax registration certificate"),
        "税务登记证",
    )
    ACCOUNT_OPENING_PERMIT = (
        "account_opening_permit",
        "bank account-opening permit",
        "银行开户许可证",
    )
    LOAN_CARD = "loan_card", "bank loan card number", "银行贷款卡号"
    CREDIT_REPORT = "credit_report", "enterprise credit report", "企业信用报告"
    LOAN_CONTRACT = "loan_contract", "loan contract", "贷款合同"
    LEGAL_REPRESENTATIVE_ID = (
        "legal_representative_id",
        ("legal representative's identity card (stamped)"),
        "企业法人代表身份证复印件（加盖公章）",
    )
    LOAN_PARTICULARS = (
        "loan_particulars",
        ("loan particulars (bank, amount, rate, term)"),
        "贷款银行、贷款金额、贷款利率、贷款起止期限",
    )
    POVERTY_IMPACT = (
        "poverty_impact",
        ("poverty impact (villages or households driven, how incomes rise, expected effect)"),
        "覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算",
    )
    UNIFIED_BUSINESS_LICENSE = (
        "unified_business_license",
        ("business licence with a unified social credit code"),
        "载有统一社会信用代码的营业执照（三证合一）",
    )


def _resident_id(value: object, field: str) -> str:
    """An 18-character resident ID (GB 11643-1999): see :mod:`poverty_credit.idnumber`."""
    return idnumber.validate(value, field=field)  # type: ignore[arg-type]  # it checks the type


def _credit_code(value: object, field: str) -> str:
    """A unified social credit code (GB 32100-2015): see :mod:`poverty_credit.creditcode`."""
    return creditcode.validate(value, field=field)  # type: ignore[arg-type]  # it checks the type


@attrs.frozen(kw_only=True)
class NaturalPerson:
    """A natural-person client (自然人客户, Art. 9(1)); the flags describe the state on the
    evaluation date. ``household_id`` ``None`` means the person is their own household.
    ``id_number``, when given, is checked by :func:`poverty_credit.idnumber.validate` (format,
    checksum, birth date, GB/T 2260 address code), kept compact (spaces and hyphens removed) and
    must give ``birth_date``.

    ``status`` (SPEC D4) is the household's standing in the poverty registers; ``None`` derives
    it from ``registered_poor`` (``True`` → ``REGISTERED_POOR``, ``False`` → ``NONE``), and
    ``registered_poor`` may be omitted when ``status`` is given. Given both, they must agree:
    ``registered_poor`` is true exactly for ``REGISTERED_POOR`` and ``LIFTED_OUT``. After
    construction both are set. ``monitoring_ended_on`` is the day a monitored household's
    monitoring ended (it counts only while that is ``None`` or after the evaluation date); it is
    ignored for the other statuses. ``has_major_bad_credit_record`` is a major bad credit record
    (重大不良信用记录), which excludes under policies with ``bad_credit_excludes = "major"``.

    >>> import datetime as dt
    >>> p = NaturalPerson(id="P-2", birth_date=dt.date(1980, 5, 1), status="monitored_marginal")
    >>> p.registered_poor, p.status.label_zh
    (False, '边缘易致贫户')
    >>> NaturalPerson(id="P-3", birth_date=dt.date(1980, 5, 1), registered_poor=True).status
    <PovertyStatus.REGISTERED_POOR: 'registered_poor'>
    """

    id: str
    birth_date: _dt.date
    #: 建档立卡 (registered poor or lifted out); derived from ``status`` when omitted.
    registered_poor: bool = attrs.field(default=None)
    five_guarantee: bool = False
    has_outstanding_bad_loans: bool = False
    has_bad_credit_record: bool = False
    star_rating: int | None = None
    household_id: str | None = None
    id_number: str | None = None
    #: the household's standing in the registers (SPEC D4); derived from ``registered_poor``.
    status: PovertyStatus = attrs.field(default=None)
    #: the day a monitored household's monitoring ended (``None``: still monitored).
    monitoring_ended_on: _dt.date | None = None
    #: a major bad credit record (重大不良信用记录, SPEC D4).
    has_major_bad_credit_record: bool = False

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("id", as_text)
        birth_ok = c.field("birth_date", require_date)
        flag_ok = self.registered_poor is None or c.field("registered_poor", as_bool)
        for flag in (
            "five_guarantee",
            "has_outstanding_bad_loans",
            "has_bad_credit_record",
        ):
            c.field(flag, as_bool)
        c.field("star_rating", optional(lambda v, f: as_int(v, f, 1, 5)))
        c.field("household_id", optional(as_text))
        if c.field("id_number", optional(_resident_id)) and birth_ok and self.id_number:
            born = idnumber.birth_date(self.id_number)
            if born != self.birth_date:
                c.problem(
                    "id_number",
                    f"gives the birth date {born.isoformat()}, but "
                    f"birth_date is {self.birth_date.isoformat()}",
                    ProblemCode.ID_NUMBER_BIRTH_DATE,
                    f"身份证号码中的出生日期为{born.isoformat()}，"
                    f"与出生日期{self.birth_date.isoformat()}不符",
                )
        self._check_status(c, flag_ok)
        c.done()

    @property
    def household(self) -> str:
        """The household key: ``household_id``, or the person's own ``id``."""
        return self.household_id or self.id

    def _check_status(self, c: Checker, flag_ok: bool) -> None:
        """SPEC D4, D7: ``status`` and ``registered_poor`` derive from each other and agree."""
        c.field("monitoring_ended_on", optional(require_date))
        c.field("has_major_bad_credit_record", as_bool)
        given = self.registered_poor
        if not c.field("status", optional(lambda v, f: as_enum(PovertyStatus, v, f))):
            return
        status: PovertyStatus | None = self.status
        if status is None:
            if given is None:
                c.problem(
                    "registered_poor",
                    "is required (a bool) unless status is given (got neither)",
                )
            elif flag_ok:
                derived = PovertyStatus.REGISTERED_POOR if given else PovertyStatus.NONE
                object.__setattr__(self, "status", derived)
            return
        if given is None:
            object.__setattr__(self, "registered_poor", status.registered)
        elif flag_ok and self.registered_poor is not status.registered:
            c.problem(
                "status",
                f"{status.value!r} disagrees with registered_poor={self.registered_poor} "
                "(registered_poor is true exactly for 'registered_poor' and 'lifted_out'; "
                "with attrs.evolve, give both)",
            )

    def __repr__(self) -> str:
        # The fields of SPEC D4 are shown only where they say more than registered_poor does,
        # so that records of parts B and C read as before.
        derived = PovertyStatus.REGISTERED_POOR if self.registered_poor else PovertyStatus.NONE
        quiet = {
            "status": derived,
            "monitoring_ended_on": None,
            "has_major_bad_credit_record": False,
        }
        parts = [
            f"{a.name}={getattr(self, a.name)!r}"
            for a in attrs.fields(NaturalPerson)
            if not (a.name in quiet and getattr(self, a.name) == quiet[a.name])
        ]
        return f"NaturalPerson({', '.join(parts)})"

    def monitored_on(self, on: _dt.date) -> bool:
        """Whether a monitored household's monitoring is active on ``on`` (SPEC D4): its
        ``monitoring_ended_on`` is ``None`` or after ``on``. ``False`` for other statuses."""
        on = require_date(on, "on")
        return self.status in MONITORED_STATUSES and (
            self.monitoring_ended_on is None or self.monitoring_ended_on > on
        )


@attrs.frozen(kw_only=True)
class DrivingAgreement:
    """An entity's agreement to drive one poor household (Art. 10 "带动一户贫困户且签订协议").
    In force from ``signed_on`` through ``ends_on`` inclusive; ``ends_on=None`` is open-ended."""

    household: NaturalPerson
    signed_on: _dt.date
    ends_on: _dt.date | None = None

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("household", instance_of(NaturalPerson, "a NaturalPerson"))
        ok = c.field("signed_on", require_date)
        if (
            c.field("ends_on", optional(require_date))
            and ok
            and self.ends_on is not None
            and (self.ends_on < self.signed_on)
        ):
            c.problem(
                "ends_on",
                f"must not be before signed_on {self.signed_on.isoformat()} "
                f"(got {self.ends_on.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"不得早于签订日{self.signed_on.isoformat()}（实际为{self.ends_on.isoformat()}）",
            )
        c.done()

    def in_force(self, on: _dt.date) -> bool:
        """Whether the agreement is in force on ``on`` (both ends inclusive)."""
        on = require_date(on, "on")
        return self.signed_on <= on and (self.ends_on is None or on <= self.ends_on)


@attrs.frozen(kw_only=True)
class LegalEntity:
    """A legal-entity client (法人客户, Art. 9(2), 10) and the households it drives.

    ``credit_code``, when given, is its unified social credit code, checked by
    :func:`poverty_credit.creditcode.validate` and kept compact."""

    id: str
    name: str
    kind: EntityKind
    agreements: tuple[DrivingAgreement, ...] = ()
    credit_code: str | None = None

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("id", as_text)
        c.field("name", as_text)
        c.field("kind", lambda v, f: as_enum(EntityKind, v, f))
        c.items("agreements", instance_of(DrivingAgreement, "a DrivingAgreement"), container=tuple)
        c.field("credit_code", optional(_credit_code))
        c.done()


Borrower = NaturalPerson | LegalEntity


@attrs.frozen(kw_only=True)
class Repayment:
    """A repayment of principal on a day (it reduces the outstanding at the end of that day)."""

    on: _dt.date
    principal: Decimal

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        c.field("on", require_date)
        c.field("principal", parse_money)
        c.done()


def _sorted_repayments(items: Iterable[Repayment]) -> tuple[Repayment, ...]:
    return tuple(sorted(items, key=lambda r: r.on))


def _check_repayments(
    c: Checker, principal: Decimal, start: _dt.date, repayments: tuple[Repayment, ...]
) -> None:
    """Record every repayment dated before ``start`` or above what is outstanding."""
    outstanding = principal
    repaid_on: _dt.date | None = None
    for i, repayment in enumerate(repayments):
        where = f"repayments[{i}]"
        if repayment.on < start:
            c.problem(
                f"{where}.on",
                f"is before start_date {start.isoformat()} "
                f"(got {repayment.on.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"早于起贷日{start.isoformat()}（实际为{repayment.on.isoformat()}）",
            )
        if repayment.principal > outstanding:
            after = (
                f"the loan was repaid in full on {repaid_on.isoformat()}"
                if repaid_on
                else f"only {outstanding} is outstanding"
            )
            after_zh = (
                f"贷款已于{repaid_on.isoformat()}还清"
                if repaid_on
                else f"尚欠本金仅{outstanding}元"
            )
            c.problem(
                f"{where}.principal",
                f"repays {repayment.principal} on {repayment.on.isoformat()} but {after}",
                ProblemCode.AMOUNT_INCONSISTENT,
                f"{repayment.on.isoformat()}还款{repayment.principal}元，但{after_zh}",
            )
            continue
        outstanding -= repayment.principal
        if outstanding == 0 and repaid_on is None:
            repaid_on = repayment.on


@attrs.frozen(kw_only=True)
class Loan:
    """A poverty-alleviation loan. ``lender`` is a key of ``Policy.fund_allocations``.

    Also checked: ``start_date < maturity_date < extended_to``; repayments dated on or after the
    start (late ones included), never more than is outstanding. Repayments are kept in date order.
    """

    id: str
    borrower: NaturalPerson | LegalEntity
    lender: str
    principal: Decimal
    start_date: _dt.date
    maturity_date: _dt.date
    annual_rate: Decimal
    guarantee_required: bool = False
    collateral_required: bool = False
    repayments: tuple[Repayment, ...] = ()
    extended_to: _dt.date | None = None
    insurer_share: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if not self._quick_check():
            self._check()

    def _quick_check(self) -> bool:
        """The everyday loan, checked without the collecting :class:`Checker`: every field of
        its plain type (str ids, a model borrower, a ``Decimal``, ``int`` or digit-text
        principal and rate, plain dates, bools, a tuple or list of repayments) and nothing
        wrong. Then the normalised values are stored and ``True`` returned; otherwise nothing
        is changed and :meth:`_check` judges the loan (and names every problem)."""
        ident, lender, borrower = self.id, self.lender, self.borrower
        if not (
            type(ident) is str
            and ident.strip()
            and type(lender) is str
            and lender.strip()
            and (type(borrower) is NaturalPerson or type(borrower) is LegalEntity)
            and type(self.guarantee_required) is bool
            and type(self.collateral_required) is bool
        ):
            return False
        start, maturity, extended = self.start_date, self.maturity_date, self.extended_to
        if type(start) is not _dt.date or type(maturity) is not _dt.date or maturity <= start:
            return False
        if extended is not None and (type(extended) is not _dt.date or extended <= maturity):
            return False
        principal = quick_money(self.principal)
        rate = quick_fraction(self.annual_rate)
        if principal is None or rate is None:
            return False
        share = self.insurer_share
        if share is not None:
            share = quick_fraction(share, upper_inclusive=True)
            if share is None or share == 0:
                return False
        given: object = self.repayments
        if type(given) is not tuple and type(given) is not list:
            return False  # another collection (a generator...): read only once, by _check
        listed = cast("tuple[object, ...] | list[object]", given)
        repayments: tuple[Repayment, ...] = ()
        if listed:
            if any(type(r) is not Repayment for r in listed):
                return False
            repayments = _sorted_repayments(cast("list[Repayment]", listed))
            c = Checker(self)
            with compute():
                _check_repayments(c, principal, start, repayments)
            if c.problems:
                return False
        setattr_ = object.__setattr__
        setattr_(self, "principal", principal)
        setattr_(self, "annual_rate", rate)
        if share is not None:
            setattr_(self, "insurer_share", share)
        if repayments is not given:  # sorted, or an empty list made a tuple
            setattr_(self, "repayments", repayments)
        return True

    def _check(self) -> None:
        """Check and normalise every field, naming every problem (the general path)."""
        c = Checker(self)
        c.field("id", as_text)
        c.field(
            "borrower",
            instance_of((NaturalPerson, LegalEntity), "a NaturalPerson or a LegalEntity"),
        )
        c.field("lender", as_text)
        principal_ok = c.field("principal", parse_money)
        start_ok = c.field("start_date", require_date)
        maturity_ok = c.field("maturity_date", require_date)
        c.field("annual_rate", parse_rate)
        c.field("guarantee_required", as_bool)
        c.field("collateral_required", as_bool)
        extended_ok = c.field("extended_to", optional(require_date))
        c.field("insurer_share", optional(_insurer_share))
        repayments_ok = c.items(
            "repayments", instance_of(Repayment, "a Repayment"), container=_sorted_repayments
        )
        if start_ok and maturity_ok and self.maturity_date <= self.start_date:
            c.problem(
                "maturity_date",
                f"must be after start_date {self.start_date.isoformat()} "
                f"(got {self.maturity_date.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"应晚于起贷日{self.start_date.isoformat()}（实际为{self.maturity_date.isoformat()}）",
            )
        if (
            maturity_ok
            and extended_ok
            and self.extended_to is not None
            and (self.extended_to <= self.maturity_date)
        ):
            c.problem(
                "extended_to",
                f"must be after maturity_date "
                f"{self.maturity_date.isoformat()} (got {self.extended_to.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"应晚于到期日{self.maturity_date.isoformat()}（实际为{self.extended_to.isoformat()}）",
            )
        if repayments_ok and start_ok and principal_ok:
            with compute():
                _check_repayments(c, self.principal, self.start_date, self.repayments)
        c.done()

    @property
    def is_natural_person(self) -> bool:
        """Whether the borrower is a natural person."""
        return isinstance(self.borrower, NaturalPerson)

    def outstanding(self, on: _dt.date) -> Decimal:
        """Principal outstanding at the end of ``on`` (zero before the start date).

        >>> import datetime as dt
        >>> p = NaturalPerson(id="P", birth_date=dt.date(1980, 1, 1), registered_poor=True)
        >>> loan = Loan(id="L", borrower=p, lender="credit_union", principal="50000",
        ...             start_date=dt.date(2026, 3, 1), maturity_date=dt.date(2027, 3, 1),
        ...             annual_rate="0.0435",
        ...             repayments=[Repayment(on=dt.date(2026, 6, 15), principal="20000")])
        >>> loan.outstanding(dt.date(2026, 6, 14)), loan.outstanding(dt.date(2026, 6, 15))
        (Decimal('50000.00'), Decimal('30000.00'))
        """
        on = require_date(on, "on")
        if on < self.start_date:
            return ZERO
        with compute():
            repaid = sum((r.principal for r in self.repayments if r.on <= on), ZERO)
            return self.principal - repaid

    @property
    def repaid_in_full_on(self) -> _dt.date | None:
        """The day the last principal was repaid, or ``None`` while some is outstanding."""
        remaining = self.principal
        with compute():
            for r in self.repayments:
                remaining -= r.principal
                if remaining == 0:
                    return r.on
        return None


def require_loan(loan: object, field: str = "loan") -> Loan:
    """Return ``loan`` if it is a :class:`Loan`; refuse anything else."""
    if not isinstance(loan, Loan):
        raise InvalidInputError.single(
            field,
            f"must be a Loan (got {describe(loan)})",
            ProblemCode.WRONG_TYPE,
            f"应为 Loan（{describe_zh(loan)}）",
        )
    return loan


def _insurer_share(value: object, field: str) -> Decimal:
    share = parse_fraction(value, field, upper_inclusive=True)
    if share == 0:
        raise InvalidInputError.single(
            field,
            f"must be above 0 when given (got {describe(value)}); use None for an uninsured loan",
            ProblemCode.OUT_OF_RANGE,
            f"如填写则须大于0（{describe_zh(value)}）；未投保的贷款请填 None",
        )
    return share


@attrs.frozen(kw_only=True)
class Application:
    """A loan submitted for approval and filing (Art. 17)."""

    loan: Loan
    reviews: frozenset[Review] = frozenset()
    stamps: frozenset[Stamp] = frozenset()
    leading_group_approved: bool = False
    filed_on: _dt.date | None = None

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        loan_ok = c.field("loan", instance_of(Loan, "a Loan"))
        c.items("reviews", lambda v, f: as_enum(Review, v, f), container=frozenset)
        c.items("stamps", lambda v, f: as_enum(Stamp, v, f), container=frozenset)
        c.field("leading_group_approved", as_bool)
        if (
            c.field("filed_on", optional(require_date))
            and loan_ok
            and self.filed_on is not None
            and (self.filed_on < self.loan.start_date)
        ):
            c.problem(
                "filed_on",
                "the list of borrowers is filed after the loan is made; filed_on "
                f"must not be before loan.start_date {self.loan.start_date.isoformat()} "
                f"(got {self.filed_on.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"借款人名单在放贷后报备，报备日不得早于起贷日{self.loan.start_date.isoformat()}"
                f"（实际为{self.filed_on.isoformat()}）",
            )
        c.done()


@attrs.frozen(kw_only=True)
class CompensationClaim:
    """A lender's claim on the risk-compensation fund for a defaulted loan (Art. 19-25).

    ``due_date`` is the day the unpaid amount fell due; the loss is ``unpaid_principal +
    unpaid_interest`` (contract-rate interest up to the due date, not received from the borrower nor
    as subsidy; no penalty or compound interest). The booleans are the reviewing office's findings.
    """

    loan: Loan
    due_date: _dt.date
    unpaid_principal: Decimal
    unpaid_interest: Decimal
    notice_start: _dt.date
    notice_end: _dt.date
    cause: LossCause | None = None
    objections: int = 0
    town_station_signed: bool = True
    approved: bool = False
    loss_determined: bool = True
    collected_in_period: bool = True
    recourse_performed: bool = True
    major_event_acted: bool = True
    major_event_reported: bool = True
    lent_as_required: bool = True

    def __attrs_post_init__(self) -> None:
        c = Checker(self)
        loan_ok = c.field("loan", instance_of(Loan, "a Loan"))
        due_ok = c.field("due_date", require_date)
        principal_ok = c.field("unpaid_principal", parse_amount)
        interest_ok = c.field("unpaid_interest", parse_amount)
        start_ok = c.field("notice_start", require_date)
        end_ok = c.field("notice_end", require_date)
        c.field("cause", optional(lambda v, f: as_enum(LossCause, v, f)))
        c.field("objections", lambda v, f: as_int(v, f, 0))
        for flag in (
            "town_station_signed",
            "approved",
            "loss_determined",
            "collected_in_period",
            "recourse_performed",
            "major_event_acted",
            "major_event_reported",
            "lent_as_required",
        ):
            c.field(flag, as_bool)
        if loan_ok and principal_ok and self.unpaid_principal > self.loan.principal:
            c.problem(
                "unpaid_principal",
                f"cannot exceed the loan's principal {self.loan.principal} "
                f"(got {self.unpaid_principal})",
                ProblemCode.AMOUNT_INCONSISTENT,
                f"不能超过贷款本金{self.loan.principal}元（实际为{self.unpaid_principal}元）",
            )
        if principal_ok and interest_ok and not (self.unpaid_principal or self.unpaid_interest):
            c.problem(
                "unpaid_principal",
                "a claim needs a loss: unpaid principal and interest are both zero",
                ProblemCode.AMOUNT_INCONSISTENT,
                "代偿申请须有损失：未还本金和未还利息均为零",
            )
        if start_ok and end_ok and self.notice_end < self.notice_start:
            c.problem(
                "notice_end",
                f"cannot be before notice_start "
                f"{self.notice_start.isoformat()} (got {self.notice_end.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"公示结束日不得早于公示开始日{self.notice_start.isoformat()}"
                f"（实际为{self.notice_end.isoformat()}）",
            )
        if loan_ok and due_ok and self.due_date < self.loan.start_date:
            c.problem(
                "due_date",
                f"cannot be before the loan's start_date "
                f"{self.loan.start_date.isoformat()} (got {self.due_date.isoformat()})",
                ProblemCode.DATE_ORDER,
                f"不得早于贷款起贷日{self.loan.start_date.isoformat()}"
                f"（实际为{self.due_date.isoformat()}）",
            )
        c.done()

    @property
    def loss(self) -> Decimal:
        """The loss claimed: unpaid principal + unpaid contract-rate interest (Art. 13, 22)."""
        with compute():
            return self.unpaid_principal + self.unpaid_interest
