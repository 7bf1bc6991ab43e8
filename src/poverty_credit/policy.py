"""Policy: every parameter of a document as data, with the seed Measures' values as defaults.

Rules never hold a number, an article or a quotation of a document as a literal; they read it from
a :class:`Policy`. A policy *is* a document (:attr:`Policy.document`) with its citations
(:attr:`Policy.citations`), a date from which it governs (:attr:`Policy.effective_from`) and its
parameters. Variants for another county or a scenario are made with :func:`attrs.evolve`, read
from a TOML file with :func:`load_policy` (keys are the field names; a file may ``extends`` a
preset, see ``docs/policy-files.md``), or taken from the shipped presets
(:func:`~poverty_credit.preset`).

A parameter a document does not give is *unset* (``None``): a rule that needs it refuses with
:class:`~poverty_credit.InvalidInputError` naming the parameter and the document, never a default.

>>> from poverty_credit import DEFAULT_POLICY
>>> DEFAULT_POLICY.max_loan_amount, DEFAULT_POLICY.max_age, DEFAULT_POLICY.fund_share
(Decimal('50000.00'), 65, Decimal('0.70'))
>>> DEFAULT_POLICY.document.id, DEFAULT_POLICY.citations["AGE_ABOVE_LIMIT"].article
('x-county-measures', 'Art. 9(1)')
>>> variant = attrs.evolve(DEFAULT_POLICY, max_loan_amount="100000")
>>> variant.max_loan_amount
Decimal('100000.00')
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import functools
import importlib.resources
import os
import pathlib
import sys
import types
import weakref
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from poverty_credit._money import compute, describe, parse_amount, parse_fraction, parse_money
from poverty_credit._validate import Checker, as_bool, as_enum, as_int, optional
from poverty_credit.citations import Citation, Cited, PolicyDocument
from poverty_credit.errors import InvalidInputError, Problem
from poverty_credit.status import PovertyStatus

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEFAULT_POLICY",
    "BadCreditExcludes",
    "Benchmark",
    "DepositTier",
    "ExistingContracts",
    "Policy",
    "SubsidyCycle",
    "SubsidyRate",
    "UnconfirmedRates",
    "example_policy_path",
    "load_policy",
]


class Benchmark(str, enum.Enum):
    """Which lending-rate table is "the benchmark" (基准利率) of Art. 10 and 27."""

    PBOC = "pboc"  #: PBoC benchmark lending rates by term band (what the Measures mean)
    LPR = "lpr"  #: loan prime rate: 1-year LPR up to 12 months, 5-year-and-above LPR beyond

    def __str__(self) -> str:
        return self.value


class DepositTier(str, enum.Enum):
    """Tiers of the PBoC benchmark deposit rates (Art. 4: 同档次存款基准利率)."""

    DEMAND = "demand"  #: 活期
    MONTHS_3 = "3m"  #: 整存整取 3 months
    MONTHS_6 = "6m"
    YEAR_1 = "1y"
    YEARS_2 = "2y"
    YEARS_3 = "3y"
    YEARS_5 = "5y"  #: no longer published from 2014-11-22

    def __str__(self) -> str:
        return self.value


class ExistingContracts(str, enum.Enum):
    """Whether a policy also governs contracts made before its ``effective_from`` (SPEC D2)."""

    KEEP = "keep"  #: older contracts keep the policy they were made under (银保监发〔2020〕28号)
    SWITCH = "switch"  #: from ``effective_from`` on it governs older contracts too (青阳 2024)

    def __str__(self) -> str:
        return self.value


class UnconfirmedRates(str, enum.Enum):
    """What a rate looked up after its table's confirmed-through date does (SPEC D3)."""

    NOTE = "note"  #: use the last rate and say so (a passed ``RATE_UNCONFIRMED`` finding)
    REFUSE = "refuse"  #: raise :class:`~poverty_credit.RateNotFound`

    def __str__(self) -> str:
        return self.value


class BadCreditExcludes(str, enum.Enum):
    """Which credit record excludes a borrower (SPEC D4)."""

    NEVER = "never"  #: only an outstanding non-performing loan excludes (the seed: 应全部纳入)
    MAJOR = "major"  #: a major bad credit record excludes too (2019 on: 无重大不良信用记录)

    def __str__(self) -> str:
        return self.value


class SubsidyRate(str, enum.Enum):
    """How the subsidy rate is set (SPEC D6)."""

    BENCHMARK = "benchmark"  #: min(loan rate, benchmark of the term band on the start date)
    FLAT = "flat"  #: min(loan rate, ``subsidy_flat_rate``)

    def __str__(self) -> str:
        return self.value


class SubsidyCycle(str, enum.Enum):
    """How often the subsidy is settled (SPEC D6)."""

    MONTH = "month"  #: 一月一结算 (the seed)
    YEAR = "year"  #: once a year per loan (通许)

    def __str__(self) -> str:
        return self.value


def _frozen_mapping(value: object, field: str, *, positive: bool) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidInputError.single(
            field, f"must be a mapping of name to amount of yuan (got {describe(value)})"
        )
    problems: list[Problem] = []
    parsed: dict[str, Decimal] = {}
    for key, amount in value.items():
        if not isinstance(key, str) or not key:
            problems.append(Problem(field, f"keys must be non-empty str (got {describe(key)})"))
            continue
        try:
            parsed[key] = (parse_money if positive else parse_amount)(amount, f"{field}.{key}")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    return types.MappingProxyType(parsed)


def _text_mapping(value: object, field: str) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidInputError.single(
            field, f"must be a mapping of str to str (got {describe(value)})"
        )
    problems: list[Problem] = []
    for key, text in value.items():
        if not isinstance(key, str) or not key or not isinstance(text, str) or not text.strip():
            problems.append(
                Problem(
                    f"{field}.{key}",
                    f"must map a non-empty str to a non-empty str (got {describe(text)})",
                )
            )
    if problems:
        raise InvalidInputError(problems)
    return types.MappingProxyType(dict(value))


def as_citation(value: object, field: str) -> Citation:
    """A :class:`Citation`, a bare article string, or a mapping ``{article, article_zh, quote}``."""
    if isinstance(value, Citation):
        return value
    if isinstance(value, str):
        value = {"article": value}
    if isinstance(value, Mapping):
        unknown = sorted(str(k) for k in value if k not in ("article", "article_zh", "quote"))
        if unknown:
            raise InvalidInputError.single(
                field,
                f"has unknown keys {', '.join(unknown)} (expected article, article_zh, quote)",
            )
        try:
            article: Any = value.get("article")  # Citation checks every part
            return Citation(article, value.get("article_zh"), value.get("quote"))
        except InvalidInputError as exc:
            raise exc.prefixed(field) from None
    raise InvalidInputError.single(
        field, f"must be a Citation, an article str or a mapping (got {describe(value)})"
    )


def _citations(value: object, field: str) -> Mapping[str, Citation]:
    if not isinstance(value, Mapping):
        raise InvalidInputError.single(
            field, f"must be a mapping of reason code to citation (got {describe(value)})"
        )
    problems: list[Problem] = []
    parsed: dict[str, Citation] = {}
    for key, item in value.items():
        code = str(key.value) if isinstance(key, enum.Enum) else key
        if not isinstance(code, str) or not code:
            problems.append(Problem(field, f"keys must be reason codes (got {describe(key)})"))
            continue
        try:
            parsed[code] = as_citation(item, f"{field}.{code}")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    return types.MappingProxyType(parsed)


def _statuses(value: object, field: str) -> frozenset[PovertyStatus]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError.single(
            field, f"must be a collection of PovertyStatus (got {describe(value)})"
        )
    problems: list[Problem] = []
    found: set[PovertyStatus] = set()
    for i, item in enumerate(value):
        try:
            found.add(as_enum(PovertyStatus, item, f"{field}[{i}]"))
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    if not found:
        raise InvalidInputError.single(field, "must name at least one status")
    return frozenset(found)


def _document(value: object, field: str) -> PolicyDocument:
    if isinstance(value, PolicyDocument):
        return value
    if isinstance(value, Mapping):
        known = {f.name for f in attrs.fields(PolicyDocument)}
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise InvalidInputError.single(
                field,
                f"has unknown keys {', '.join(unknown)} (expected {', '.join(sorted(known))})",
            )
        try:
            return PolicyDocument(**{str(k): v for k, v in value.items()})
        except TypeError:
            raise InvalidInputError.single(field, "needs at least id and title") from None
        except InvalidInputError as exc:
            raise exc.prefixed(field) from None
    raise InvalidInputError.single(
        field, f"must be a PolicyDocument or a mapping (got {describe(value)})"
    )


def _date_or_none(value: object, field: str) -> _dt.date | None:
    if value is None:
        return None
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInputError.single(field, f"must be a date or None (got {describe(value)})")
    return _dt.date(value.year, value.month, value.day)


def _day_count_basis(value: object, field: str) -> int:
    """Actual/360 (the Measures: 日利率 = 年利率 / 360) or actual/365; any other divisor is a typo
    that would scale every interest and subsidy."""
    basis = as_int(value, field)
    if basis not in (360, 365):
        raise InvalidInputError.single(field, f"must be 360 or 365 (got {describe(basis)})")
    return basis


def _seed_path() -> pathlib.Path:
    shipped = importlib.resources.files("poverty_credit") / "data" / "presets"
    return pathlib.Path(str(shipped)) / "x-county-measures.toml"


@functools.cache
def _seed_tables() -> tuple[PolicyDocument, Mapping[str, Citation], Mapping[str, str]]:
    """The seed Measures' document, citations and lender names, read from its shipped file."""
    with open(_seed_path(), "rb") as fh:
        data = tomllib.load(fh, parse_float=Decimal)
    return (
        _document(data["document"], "document"),
        _citations(data["citations"], "citations"),
        _text_mapping(data["lender_names"], "lender_names"),
    )


_DEFAULT_ALLOCATIONS = {"credit_union": Decimal("15000000"), "postal_savings": Decimal("5000000")}
_DEFAULT_SOURCES = {
    "higher_level_special_funds": Decimal("4000000"),
    "county_poverty_funds": Decimal("16000000"),
}
_SEED_STATUSES = frozenset({PovertyStatus.REGISTERED_POOR, PovertyStatus.LIFTED_OUT})


#: per policy object, what the rules derive from it and look up again and again (its citations,
#: the rate a start date and term band get...): keyed by ``id`` with a weak reference, because a
#: policy's own hash walks every field (SPEC part D has dozens) and a policy is immutable.
_MEMOS: dict[int, tuple[weakref.ref[Any], dict[Any, Any]]] = {}


def policy_memo(policy: object) -> dict[Any, Any]:
    """The cache of derived values of one (immutable) policy object; dropped with the policy."""
    key = id(policy)
    entry = _MEMOS.get(key)
    if entry is not None and entry[0]() is policy:
        return entry[1]
    memo: dict[Any, Any] = {}

    def forget(ref: weakref.ref[Any], key: int = key) -> None:
        if _MEMOS.get(key, (None,))[0] is ref:
            del _MEMOS[key]

    _MEMOS[key] = (weakref.ref(policy, forget), memo)
    return memo


@attrs.frozen(kw_only=True)
class Policy:
    """The parameters of a document. Defaults are the seed Measures' own values
    (``DEFAULT_POLICY``); a value of ``None`` in a field that allows it is *unset* (see
    :meth:`need`) or, where ``None`` has a meaning of its own, that meaning.

    Every field is validated on construction (also through :func:`attrs.evolve`); amounts are
    :class:`~decimal.Decimal` yuan, shares and rates are fractions (``0.70`` is 70 %).
    """

    #: the document this policy encodes (SPEC D1); results carry its ``id`` as ``policy_id``.
    document: PolicyDocument = attrs.field(factory=lambda: _seed_tables()[0])
    #: reason code (or ``"CODE:variant"``) → the article that rule applies (SPEC D1).
    citations: Mapping[str, Citation] = attrs.field(
        factory=lambda: _seed_tables()[1], eq=True, hash=False
    )
    #: the first day this policy governs (``None``: always; SPEC D2).
    effective_from: _dt.date | None = None
    #: whether contracts made before ``effective_from`` keep their policy (SPEC D2).
    existing_contracts: ExistingContracts = ExistingContracts.KEEP
    #: Art. 10 "5万元以下": the largest loan of one household (inclusive).
    max_loan_amount: Decimal | None = attrs.field(default=Decimal("50000"))
    #: Art. 10 "3年期以内": the longest original term, in years (inclusive).
    max_term_years: int | None = 3
    #: national rule (full civil capacity, 18 周岁含): the youngest eligible age.
    min_age: int | None = 18
    #: Art. 9(1) "65周岁以下": the oldest eligible age (inclusive).
    max_age: int | None = 65
    #: a new age is reached on the birthday (``True``) or on the day after (``False``).
    age_reached_on_birthday: bool = True
    #: Art. 9(1) 建档立卡: the statuses that may borrow (SPEC D4).
    eligible_statuses: frozenset[PovertyStatus] | None = attrs.field(default=_SEED_STATUSES)
    #: Art. 9(1) "五保户除外": whether five-guarantee households are excluded.
    exclude_five_guarantee: bool | None = True
    #: Art. 9(1): which credit record excludes (seed: only an outstanding bad loan).
    bad_credit_excludes: BadCreditExcludes | None = BadCreditExcludes.NEVER
    #: Art. 9(2), 10: whether legal entities may borrow on the households they drive.
    entity_lending: bool | None = True
    #: the largest loan of an entity (``None``: no cap beyond its households' entitlements).
    max_entity_loan_amount: Decimal | None = None
    #: the principal the subsidy reaches per loan or household (``None``: ``max_loan_amount``).
    max_subsidised_principal: Decimal | None = None
    #: the principal the risk fund covers (``None``: ``max_loan_amount``).
    max_covered_principal: Decimal | None = None
    #: whether the caps count a household's loans together (SPEC D5).
    caps_per_household: bool | None = False
    #: Art. 13 "1:10": loans a lender may extend per yuan of its fund allocation.
    leverage: Decimal | None = attrs.field(default=Decimal("10"))
    #: Art. 11 "下调1个百分点": the cut of the poverty relending rate below the normal rate.
    relending_discount: Decimal | None = attrs.field(default=Decimal("0.01"))
    #: Art. 7: the fund's allocation per lender (the fund's size is their sum, Art. 5).
    fund_allocations: Mapping[str, Decimal] | None = attrs.field(
        factory=lambda: dict(_DEFAULT_ALLOCATIONS), eq=True, hash=False
    )
    #: Art. 5: where the fund's money came from (descriptive; not checked against allocations).
    fund_sources: Mapping[str, Decimal] | None = attrs.field(
        factory=lambda: dict(_DEFAULT_SOURCES), eq=True, hash=False
    )
    #: how the document names each lender (县信用联社); reports fall back to the key.
    lender_names: Mapping[str, str] = attrs.field(
        factory=lambda: _seed_tables()[2], eq=True, hash=False
    )
    #: Art. 22: the fund's share of an approved loss (70 %); the lender bears the rest.
    fund_share: Decimal | None = attrs.field(default=Decimal("0.70"))
    #: Art. 4: the deposit tier whose benchmark rate the fund's account earns (default 活期).
    fund_deposit_tier: DepositTier | None = DepositTier.DEMAND
    #: Art. 19 "逾期90天": days past due before a claim may be made (inclusive).
    min_days_past_due: int | None = 90
    #: Art. 20(2) "不少于7天": the shortest public notice, in days.
    min_notice_days: int | None = 7
    #: Art. 17(3) "15个工作日内": working days to file the list of borrowers.
    filing_working_days: int | None = 15
    #: Art. 12 "5星级客户占比…30%以上".
    five_star_target: Decimal | None = attrs.field(default=Decimal("0.30"))
    #: Art. 12 "3星级客户占比…50%以上" (read as 3 stars or more).
    three_star_target: Decimal | None = attrs.field(default=Decimal("0.50"))
    #: Art. 27: whether an extended loan (展期) keeps its subsidy up to ``extended_to``.
    subsidise_extensions: bool | None = False
    #: Art. 27: the subsidy rate, ``"benchmark"`` or ``"flat"`` (SPEC D6).
    subsidy_rate: SubsidyRate | None = SubsidyRate.BENCHMARK
    #: the flat subsidy rate of ``subsidy_rate = "flat"`` (never above the loan's own rate).
    subsidy_flat_rate: Decimal | None = None
    #: the fraction of the interest the budget pays (seed 1; 青阳 0.70).
    subsidy_share: Decimal | None = attrs.field(default=Decimal("1"))
    #: Art. 27 一月一结算: ``"month"`` or ``"year"`` (SPEC D6).
    subsidy_cycle: SubsidyCycle | None = SubsidyCycle.MONTH
    #: the most days of subsidy a loan gets from its start date (``None``: no limit; 通许 365).
    subsidy_max_days: int | None = None
    #: the day-count denominator of a daily rate (日利率 = 年利率 / 360).
    day_count_basis: int = 360
    #: which lending table is "the benchmark" (Art. 10 基准利率放贷; Art. 27).
    benchmark: Benchmark | None = Benchmark.PBOC
    #: a rate looked up after its table's confirmed-through date: ``"note"`` or ``"refuse"``.
    unconfirmed_rates: UnconfirmedRates = UnconfirmedRates.NOTE

    def __attrs_post_init__(self) -> None:
        checker = Checker(self)
        check = checker.field
        opt: Callable[[Callable[[Any, str], Any]], Callable[[Any, str], Any]] = optional
        check("document", _document)
        check("citations", _citations)
        check("effective_from", _date_or_none)
        check("existing_contracts", lambda v, f: as_enum(ExistingContracts, v, f))
        check("max_loan_amount", opt(parse_money))
        check("max_term_years", opt(lambda v, f: as_int(v, f, 1, _MAX_TERM_YEARS)))
        check("min_age", opt(lambda v, f: as_int(v, f, 0, 150)))
        check("max_age", opt(lambda v, f: as_int(v, f, 0, 150)))
        check("age_reached_on_birthday", as_bool)
        check("eligible_statuses", opt(_statuses))
        check("exclude_five_guarantee", opt(as_bool))
        check("bad_credit_excludes", opt(lambda v, f: as_enum(BadCreditExcludes, v, f)))
        check("entity_lending", opt(as_bool))
        check("max_entity_loan_amount", opt(parse_money))
        check("max_subsidised_principal", opt(parse_money))
        check("max_covered_principal", opt(parse_money))
        check("caps_per_household", opt(as_bool))
        check("leverage", opt(parse_money))
        check("relending_discount", opt(parse_fraction))
        check("fund_allocations", opt(lambda v, f: _frozen_mapping(v, f, positive=False)))
        check("fund_sources", opt(lambda v, f: _frozen_mapping(v, f, positive=False)))
        check("lender_names", _text_mapping)
        check("fund_share", opt(lambda v, f: parse_fraction(v, f, upper_inclusive=True)))
        check("fund_deposit_tier", opt(lambda v, f: as_enum(DepositTier, v, f)))
        check("min_days_past_due", opt(lambda v, f: as_int(v, f, 0, _MAX_DAYS)))
        check("min_notice_days", opt(lambda v, f: as_int(v, f, 0, _MAX_DAYS)))
        check("filing_working_days", opt(lambda v, f: as_int(v, f, 1, _MAX_DAYS)))
        check("five_star_target", opt(lambda v, f: parse_fraction(v, f, upper_inclusive=True)))
        check("three_star_target", opt(lambda v, f: parse_fraction(v, f, upper_inclusive=True)))
        check("subsidise_extensions", opt(as_bool))
        check("subsidy_rate", opt(lambda v, f: as_enum(SubsidyRate, v, f)))
        check("subsidy_flat_rate", opt(parse_fraction))
        check("subsidy_share", opt(lambda v, f: parse_fraction(v, f, upper_inclusive=True)))
        check("subsidy_cycle", opt(lambda v, f: as_enum(SubsidyCycle, v, f)))
        check("subsidy_max_days", opt(lambda v, f: as_int(v, f, 1, _MAX_DAYS)))
        check("day_count_basis", _day_count_basis)
        check("benchmark", opt(lambda v, f: as_enum(Benchmark, v, f)))
        check("unconfirmed_rates", lambda v, f: as_enum(UnconfirmedRates, v, f))
        problems = checker.problems
        if problems:
            raise InvalidInputError(problems)
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            problems.append(
                Problem("min_age", f"must not exceed max_age {self.max_age} (got {self.min_age})")
            )
        if self.fund_allocations is not None and not self.fund_allocations:
            problems.append(Problem("fund_allocations", "must name at least one lender"))
        if self.subsidy_rate is SubsidyRate.FLAT and self.subsidy_flat_rate is None:
            problems.append(
                Problem("subsidy_flat_rate", "must be set when subsidy_rate is 'flat'")
            )
        if problems:
            raise InvalidInputError(problems)

    # ----------------------------------------------------------------------------------------
    # reading the policy

    @property
    def id(self) -> str:
        """The document's id (``policy.document.id``): what results carry as ``policy_id``."""
        return self.document.id

    def need(self, name: str) -> Any:
        """The value of parameter ``name``; refuse if this policy leaves it unset.

        >>> from poverty_credit import preset
        >>> preset("national-2026").need("max_term_years")
        Traceback (most recent call last):
        ...
        poverty_credit.errors.InvalidInputError: policy.max_term_years: national-2026 does not \
set max_term_years; extend it with your county's value
        """
        value = getattr(self, name)
        if value is None:
            raise InvalidInputError.single(
                f"policy.{name}",
                f"{self.document.id} does not set {name}; extend it with your county's value",
            )
        return value

    def cite(self, code: object, variant: str | None = None) -> Cited:
        """The citation for a reason code (``"CODE:variant"`` first, then ``"CODE"``).

        >>> DEFAULT_POLICY.cite("AGE_ABOVE_LIMIT").en()
        'Art. 9(1) 65周岁以下'
        >>> DEFAULT_POLICY.cite("AGE_BELOW_LIMIT").article is None
        True
        """
        memo = policy_memo(self)
        try:
            return memo[code, variant]  # type: ignore[no-any-return]
        except (KeyError, TypeError):  # not yet looked up; an unhashable code
            pass
        cited = self._cite(code, variant)
        with contextlib.suppress(TypeError):  # an unhashable code: not kept
            memo[code, variant] = cited
        return cited

    def _cite(self, code: object, variant: str | None) -> Cited:
        key = str(code.value) if isinstance(code, enum.Enum) else str(code)
        citation = None
        if variant is not None:
            citation = self.citations.get(f"{key}:{variant}")
        if citation is None:
            citation = self.citations.get(key)
        return Cited(citation, self.document)

    @property
    def fund_total(self) -> Decimal:
        """The fund's size (Art. 5): the sum of the allocations per lender (Art. 7)."""
        allocations: Mapping[str, Decimal] = self.need("fund_allocations")
        with compute():
            return sum(allocations.values(), Decimal("0.00"))

    @property
    def subsidised_cap(self) -> Decimal:
        """The principal the subsidy reaches: ``max_subsidised_principal``, else the loan cap."""
        if self.max_subsidised_principal is not None:
            return self.max_subsidised_principal
        cap: Decimal = self.need("max_loan_amount")
        return cap

    @property
    def covered_cap(self) -> Decimal:
        """The principal the risk fund covers: ``max_covered_principal``, else the loan cap."""
        if self.max_covered_principal is not None:
            return self.max_covered_principal
        cap: Decimal = self.need("max_loan_amount")
        return cap

    def lender_name(self, lender: str, lang: str = "zh") -> str:
        """How the document names a lender (``"县信用联社"``); the key where it gives no name."""
        if lang == "zh":
            return self.lender_names.get(lender, lender)
        return lender

    def require_lender(self, lender: object, field: str = "lender") -> str:
        """Return ``lender`` if it is a key of ``fund_allocations``; refuse it otherwise."""
        allocations: Mapping[str, Decimal] = self.need("fund_allocations")
        if not isinstance(lender, str) or lender not in allocations:
            known = ", ".join(repr(k) for k in allocations)
            raise InvalidInputError.single(
                field, f"must be a lender of the policy, one of {known} (got {describe(lender)})"
            )
        return lender

    @classmethod
    def unset(cls, document: PolicyDocument | Mapping[str, Any], **values: Any) -> Policy:
        """A policy that sets nothing but ``document`` and ``values``: every parameter that may
        be unset is ``None``, conventions keep their defaults, no citations. Presets start here.

        >>> doc = PolicyDocument(id="bare", title="A bare document")
        >>> p = Policy.unset(doc, max_age=60)
        >>> p.max_age, p.max_loan_amount, dict(p.citations)
        (60, None, {})
        """
        base: dict[str, Any] = dict.fromkeys(UNSETTABLE)
        base.update(document=document, citations={}, lender_names={})
        base.update(values)
        return cls(**base)


#: Upper bounds on durations a policy may give: sanity limits on the input, not rules.
_MAX_TERM_YEARS = 50
_MAX_DAYS = 36_600

#: The parameters a document may leave unset (``None`` has no meaning of its own; SPEC D7).
UNSETTABLE = (
    "max_loan_amount",
    "max_term_years",
    "min_age",
    "max_age",
    "eligible_statuses",
    "exclude_five_guarantee",
    "bad_credit_excludes",
    "entity_lending",
    "caps_per_household",
    "leverage",
    "relending_discount",
    "fund_allocations",
    "fund_sources",
    "fund_share",
    "fund_deposit_tier",
    "min_days_past_due",
    "min_notice_days",
    "filing_working_days",
    "five_star_target",
    "three_star_target",
    "subsidise_extensions",
    "subsidy_rate",
    "subsidy_share",
    "subsidy_cycle",
    "benchmark",
)


def require_policy(policy: object, field: str = "policy") -> Policy:
    """Return ``policy`` if it is a :class:`Policy`; refuse anything else."""
    if not isinstance(policy, Policy):
        raise InvalidInputError.single(field, f"must be a Policy (got {describe(policy)})")
    return policy


#: The seed Measures' own values.
DEFAULT_POLICY = Policy()

_FIELDS = {f.name for f in attrs.fields(Policy)}
_KNOWN_KEYS = ", ".join(sorted(_FIELDS | {"extends"}))


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Read a policy from a TOML file (SPEC D3, D7).

    Keys are :class:`Policy` field names. A file without ``extends`` starts from the seed
    Measures (``DEFAULT_POLICY``), each table it gives replacing the seed's whole; a file with
    ``extends = "<preset id or path>"`` starts from that policy and overrides the keys it gives,
    mappings (``fund_allocations``, ``citations``…) key by key. A file that gives its own
    ``[document]`` inherits no citations; one without keeps its parent's document. Numbers are
    read exactly (TOML floats become ``Decimal``).

    A file that cannot be read or parsed, an unknown key, a bad value or a loop of ``extends``
    raises :class:`~poverty_credit.InvalidInputError` naming the file and the key.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "county.toml"
    >>> _ = p.write_text('max_loan_amount = 30000\\n[fund_allocations]\\ncredit_union = 8000000\\n')
    >>> load_policy(p).max_loan_amount, dict(load_policy(p).fund_allocations)
    (Decimal('30000.00'), {'credit_union': Decimal('8000000.00')})
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError.single(
            "path", f"must be a str or os.PathLike naming a TOML file (got {describe(path)})"
        )
    return _load_file(pathlib.Path(os.fspath(path)), base=None, chain=())


def example_policy_path() -> pathlib.Path:
    """The shipped policy file of the seed Measures: every value with its article, and the
    citations. Copy it (or ``extends`` a preset) to start another county's policy.

    >>> load_policy(example_policy_path()) == DEFAULT_POLICY
    True
    """
    return _seed_path()


def _read_toml(path: pathlib.Path) -> dict[str, Any]:
    name = str(path)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh, parse_float=Decimal)
    except OSError as exc:
        raise InvalidInputError.single(name, f"cannot read the policy file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError.single(name, f"is not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError.single(name, f"is not UTF-8 text: {exc}") from None
    except RecursionError:
        raise InvalidInputError.single(name, "is nested too deeply") from None


_MAPPINGS = ("citations", "fund_allocations", "fund_sources", "lender_names")


def _load_file(
    path: pathlib.Path, *, base: Policy | None, chain: tuple[str, ...]
) -> Policy:
    """Read ``path``; ``base`` is where a file without ``extends`` starts (``None``: the seed)."""
    key = str(path.resolve()) if path.exists() else str(path)
    if key in chain:
        raise InvalidInputError.single(
            str(path), f"extends itself in a loop ({' -> '.join([*chain, key])})"
        )
    data = _read_toml(path)
    source = str(path)
    parent_ref = data.pop("extends", None)
    if parent_ref is not None:
        if not isinstance(parent_ref, str) or not parent_ref.strip():
            raise InvalidInputError.single(
                f"{source}:extends", f"must be a preset id or a path (got {describe(parent_ref)})"
            )
        parent = _resolve_parent(parent_ref, path, (*chain, key))
        return policy_from_mapping(data, source=source, parent=parent)
    return policy_from_mapping(data, source=source, start=base or DEFAULT_POLICY)


def _resolve_parent(ref: str, child: pathlib.Path, chain: tuple[str, ...]) -> Policy:
    from poverty_credit import policy_presets as presets  # the presets sit on top of the files

    if ref in presets.policy_ids():
        return presets.load_preset(ref, chain)
    candidate = pathlib.Path(ref)
    if not candidate.is_absolute():
        candidate = child.parent / candidate
    if not candidate.exists():
        raise InvalidInputError.single(
            f"{child}:extends",
            f"{ref!r} is neither a preset ({', '.join(presets.presets())}) nor a file",
        )
    return _load_file(candidate, base=None, chain=chain)


def policy_from_mapping(
    data: Mapping[str, Any],
    *,
    source: str = "policy",
    start: Policy | None = None,
    parent: Policy | None = None,
) -> Policy:
    """Build a :class:`Policy` from a mapping of field names (the TOML keys) to values.

    ``start`` (default: the seed) is the policy a file without ``extends`` starts from: its
    tables replace the start's whole. ``parent`` is the policy an extending file starts from:
    its tables are merged key by key. Either way a given ``document`` brings no citations along.
    """
    problems = [
        Problem(f"{source}:{key}", f"is not a policy key (expected one of {_KNOWN_KEYS})")
        for key in data
        if key not in _FIELDS
    ]
    if problems:
        raise InvalidInputError(problems)
    values: dict[str, Any] = dict(data)
    base = parent if parent is not None else (start or DEFAULT_POLICY)
    if parent is not None:
        for name in _MAPPINGS:
            if name in values and isinstance(values[name], Mapping):
                inherited = getattr(parent, name) or {}
                if name == "citations" and "document" in values:
                    inherited = {}
                values[name] = {**inherited, **values[name]}
    if "document" in values and "citations" not in values:
        values["citations"] = {}
    try:
        return attrs.evolve(base, **values)
    except InvalidInputError as exc:
        raise InvalidInputError(
            [Problem(f"{source}:{p.field}", p.message) for p in exc.problems]
        ) from None
