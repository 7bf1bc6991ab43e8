"""Policy: every number of the Measures as a parameter, with the Measures' values as defaults.

Rules never hold a number of the Measures as a literal; they read it from a :class:`Policy`.
Variants for another county or a scenario are made with :func:`attrs.evolve` or read from a
TOML file with
:func:`load_policy` (keys are the field names; see ``docs/policy-files.md``).

>>> from poverty_credit import DEFAULT_POLICY
>>> DEFAULT_POLICY.max_loan_amount, DEFAULT_POLICY.max_age, DEFAULT_POLICY.fund_share
(Decimal('50000.00'), 65, Decimal('0.70'))
>>> variant = attrs.evolve(DEFAULT_POLICY, max_loan_amount="100000")
>>> variant.max_loan_amount
Decimal('100000.00')
"""

from __future__ import annotations

import enum
import importlib.resources
import os
import pathlib
import sys
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from poverty_credit._money import compute, describe, parse_amount, parse_fraction, parse_money
from poverty_credit._validate import Checker, as_bool, as_enum, as_int
from poverty_credit.errors import InvalidInputError, Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEFAULT_POLICY",
    "Benchmark",
    "DepositTier",
    "Policy",
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


_DEFAULT_ALLOCATIONS = {"credit_union": "15000000", "postal_savings": "5000000"}
_DEFAULT_SOURCES = {"higher_level_special_funds": "4000000", "county_poverty_funds": "16000000"}


@attrs.frozen(kw_only=True)
class Policy:
    """The parameters of the Measures. Defaults are the Measures' own values (``DEFAULT_POLICY``).

    Every field is validated on construction (also through :func:`attrs.evolve`); amounts are
    :class:`~decimal.Decimal` yuan, shares and rates are fractions (``0.70`` is 70 %).
    """

    #: Art. 10 "5万元以下": the largest loan of one household (inclusive).
    max_loan_amount: Decimal = attrs.field(default=Decimal("50000"))
    #: Art. 10 "3年期以内": the longest original term, in years (inclusive).
    max_term_years: int = 3
    #: national rule (full civil capacity, 18 周岁含): the youngest eligible age.
    min_age: int = 18
    #: Art. 9(1) "65周岁以下": the oldest eligible age (inclusive).
    max_age: int = 65
    #: a new age is reached on the birthday (``True``) or on the day after (``False``).
    age_reached_on_birthday: bool = True
    #: Art. 13 "1:10": loans a lender may extend per yuan of its fund allocation.
    leverage: Decimal = attrs.field(default=Decimal("10"))
    #: Art. 11 "下调1个百分点": the cut of the poverty relending rate below the normal rate.
    relending_discount: Decimal = attrs.field(default=Decimal("0.01"))
    #: Art. 7: the fund's allocation per lender (the fund's size is their sum, Art. 5).
    fund_allocations: Mapping[str, Decimal] = attrs.field(
        factory=lambda: dict(_DEFAULT_ALLOCATIONS), eq=True, hash=False
    )
    #: Art. 5: where the fund's money came from (descriptive; not checked against allocations).
    fund_sources: Mapping[str, Decimal] = attrs.field(
        factory=lambda: dict(_DEFAULT_SOURCES), eq=True, hash=False
    )
    #: Art. 22: the fund's share of an approved loss (70 %); the lender bears the rest.
    fund_share: Decimal = attrs.field(default=Decimal("0.70"))
    #: Art. 4: the deposit tier whose benchmark rate the fund's account earns (default 活期).
    fund_deposit_tier: DepositTier = DepositTier.DEMAND
    #: Art. 19 "逾期90天": days past due before a claim may be made (inclusive).
    min_days_past_due: int = 90
    #: Art. 20(2) "不少于7天": the shortest public notice, in days.
    min_notice_days: int = 7
    #: Art. 17(3) "15个工作日内": working days to file the list of borrowers.
    filing_working_days: int = 15
    #: Art. 12 "5星级客户占比…30%以上".
    five_star_target: Decimal = attrs.field(default=Decimal("0.30"))
    #: Art. 12 "3星级客户占比…50%以上" (read as 3 stars or more).
    three_star_target: Decimal = attrs.field(default=Decimal("0.50"))
    #: Art. 27: whether an extended loan (展期) keeps its subsidy up to ``extended_to``.
    subsidise_extensions: bool = False
    #: the day-count denominator of a daily rate (日利率 = 年利率 / 360).
    day_count_basis: int = 360
    #: which lending table is "the benchmark" (Art. 10 基准利率放贷; Art. 27).
    benchmark: Benchmark = Benchmark.PBOC

    def __attrs_post_init__(self) -> None:
        checker = Checker(self)
        check = checker.field
        check("max_loan_amount", parse_money)
        check("max_term_years", lambda v, f: as_int(v, f, 1))
        check("min_age", lambda v, f: as_int(v, f, 0, 150))
        check("max_age", lambda v, f: as_int(v, f, 0, 150))
        check("age_reached_on_birthday", as_bool)
        check("leverage", parse_money)
        check("relending_discount", parse_fraction)
        check("fund_allocations", lambda v, f: _frozen_mapping(v, f, positive=False))
        check("fund_sources", lambda v, f: _frozen_mapping(v, f, positive=False))
        check("fund_share", lambda v, f: parse_fraction(v, f, upper_inclusive=True))
        check("fund_deposit_tier", lambda v, f: as_enum(DepositTier, v, f))
        check("min_days_past_due", lambda v, f: as_int(v, f, 0))
        check("min_notice_days", lambda v, f: as_int(v, f, 0))
        check("filing_working_days", lambda v, f: as_int(v, f, 1))
        check("five_star_target", lambda v, f: parse_fraction(v, f, upper_inclusive=True))
        check("three_star_target", lambda v, f: parse_fraction(v, f, upper_inclusive=True))
        check("subsidise_extensions", as_bool)
        check("day_count_basis", lambda v, f: as_int(v, f, 1))
        check("benchmark", lambda v, f: as_enum(Benchmark, v, f))
        problems = checker.problems
        if not problems and self.min_age > self.max_age:
            problems.append(
                Problem("min_age", f"must not exceed max_age {self.max_age} (got {self.min_age})")
            )
        if not problems and not self.fund_allocations:
            problems.append(Problem("fund_allocations", "must name at least one lender"))
        if problems:
            raise InvalidInputError(problems)

    @property
    def fund_total(self) -> Decimal:
        """The fund's size (Art. 5): the sum of the allocations per lender (Art. 7)."""
        with compute():
            return sum(self.fund_allocations.values(), Decimal("0.00"))

    def require_lender(self, lender: object, field: str = "lender") -> str:
        """Return ``lender`` if it is a key of ``fund_allocations``; refuse it otherwise."""
        if not isinstance(lender, str) or lender not in self.fund_allocations:
            known = ", ".join(repr(k) for k in self.fund_allocations)
            raise InvalidInputError.single(
                field, f"must be a lender of the policy, one of {known} (got {describe(lender)})"
            )
        return lender


def require_policy(policy: object, field: str = "policy") -> Policy:
    """Return ``policy`` if it is a :class:`Policy`; refuse anything else."""
    if not isinstance(policy, Policy):
        raise InvalidInputError.single(field, f"must be a Policy (got {describe(policy)})")
    return policy


#: The Measures' own values.
DEFAULT_POLICY = Policy()

_FIELDS = {f.name for f in attrs.fields(Policy)}
_KNOWN_KEYS = ", ".join(sorted(_FIELDS))


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Read a policy from a TOML file; keys are :class:`Policy` field names, missing keys keep the
    Measures' values. Numbers are read exactly (TOML floats become ``Decimal``).

    A file that cannot be read or parsed, an unknown key or a bad value raises
    :class:`~poverty_credit.InvalidInputError` naming the file and the key.

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
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = tomllib.load(fh, parse_float=Decimal)
    except OSError as exc:
        raise InvalidInputError.single(name, f"cannot read the policy file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError.single(name, f"is not valid TOML: {exc}") from None
    return policy_from_mapping(data, source=name)


def example_policy_path() -> pathlib.Path:
    """The shipped policy file holding the Measures' own values, each key citing its article.

    Copy it as the starting point of another county's policy.

    >>> load_policy(example_policy_path()) == DEFAULT_POLICY
    True
    """
    shipped = importlib.resources.files("poverty_credit") / "data" / "measures-policy.toml"
    return pathlib.Path(str(shipped))


def policy_from_mapping(data: Mapping[str, Any], *, source: str = "policy") -> Policy:
    """Build a :class:`Policy` from a mapping of field names (the TOML keys) to values."""
    problems = [
        Problem(f"{source}:{key}", f"is not a policy key (expected one of {_KNOWN_KEYS})")
        for key in data
        if key not in _FIELDS
    ]
    if problems:
        raise InvalidInputError(problems)
    try:
        return Policy(**data)
    except InvalidInputError as exc:
        raise InvalidInputError(
            [Problem(f"{source}:{p.field}", p.message) for p in exc.problems]
        ) from None
