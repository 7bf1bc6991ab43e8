"""``check_eligibility`` and ``check_loan_terms`` over columns: a verdict and reason codes per row.

The codes are those of the scalar rules (SPEC B "Borrower eligibility", "Loan terms"; D4, D5),
listed per row in the scalar rules' fixed order. Rows with a legal-entity borrower (counted
households move with agreements) and, under ``caps_per_household``, the loan terms of every row
(the household's other loans) are judged by the scalar functions on models built from the rows.
"""

from __future__ import annotations

import datetime as _dt
import inspect
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

import poverty_credit as _pc
from poverty_credit.batch._columns import (
    I64,
    NO_DAY,
    Bools,
    Objects,
    Problems,
    as_columns,
    bool_column,
    date_column,
    day_number,
    decimal_places,
    length,
    text_column,
)
from poverty_credit.batch._dates import add_months, years_of
from poverty_credit.batch._loans import LoanTable, read_loans
from poverty_credit.batch._subsidy import benchmark_numerators, in_force_index, policies_of
from poverty_credit.decision import Decision, ReasonCode
from poverty_credit.errors import InvalidInputError
from poverty_credit.models import LegalEntity, NaturalPerson
from poverty_credit.periods import require_date
from poverty_credit.policy import BadCreditExcludes, Policy
from poverty_credit.status import MONITORED_STATUSES, REGISTERED_STATUSES, PovertyStatus

#: Person columns of :func:`check_eligibility` (besides ``id`` or ``borrower_id``).
PERSON_COLUMNS = ("birth_date",)
OPTIONAL_PERSON_COLUMNS = (
    "registered_poor",
    "status",
    "monitoring_ended_on",
    "five_guarantee",
    "has_outstanding_bad_loans",
    "has_bad_credit_record",
    "has_major_bad_credit_record",
    "borrower",
)

ELIGIBILITY_ORDER = (
    ReasonCode.NOT_REGISTERED_POOR,
    ReasonCode.NOT_IN_TARGET_GROUP,
    ReasonCode.FIVE_GUARANTEE_HOUSEHOLD,
    ReasonCode.OUTSTANDING_BAD_LOANS,
    ReasonCode.MAJOR_BAD_CREDIT_RECORD,
    ReasonCode.AGE_ABOVE_LIMIT,
    ReasonCode.AGE_BELOW_LIMIT,
    ReasonCode.ENTITY_LENDING_NOT_ALLOWED,
    ReasonCode.NO_DRIVING_AGREEMENT,
)
TERMS_ORDER = (
    ReasonCode.AMOUNT_ABOVE_LIMIT,
    ReasonCode.AMOUNT_ABOVE_ENTITY_LIMIT,
    ReasonCode.AMOUNT_ABOVE_ENTITY_CAP,
    ReasonCode.HOUSEHOLD_AMOUNT_ABOVE_LIMIT,
    ReasonCode.ENTITY_LENDING_NOT_ALLOWED,
    ReasonCode.TERM_ABOVE_LIMIT,
    ReasonCode.GUARANTEE_REQUIRED,
    ReasonCode.COLLATERAL_REQUIRED,
    ReasonCode.RATE_ABOVE_BENCHMARK,
)


@attrs.frozen(eq=False, repr=False)
class BatchDecisions:
    """One verdict per row and the codes of the rules it fails.

    Attributes:
        subject: the id of each row (borrower or loan).
        granted: bool array, the verdict per row.
        failed: reason code value → bool array (the rows failing that rule); codes no row fails
            may be absent.
        policy_id: the document each row was judged under.
        scalar_rows: rows judged by the scalar functions.
    """

    subject: Objects
    granted: Bools
    failed: dict[str, Bools]
    policy_id: Objects
    scalar_rows: I64
    order: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.subject)

    def codes(self, row: int) -> tuple[str, ...]:
        """The codes a row fails, in the rules' order."""
        return tuple(code for code in self.order if code in self.failed and self.failed[code][row])

    @property
    def refused(self) -> int:
        """How many rows are refused."""
        return int(len(self) - np.count_nonzero(self.granted))

    def counts(self) -> dict[str, int]:
        """Code value → rows failing it."""
        return {code: int(np.count_nonzero(self.failed[code])) for code in self.order
                if code in self.failed and self.failed[code].any()}

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: ``subject``, ``granted``, ``codes`` (a tuple), ``policy_id``."""
        return [{"subject": self.subject[i], "granted": bool(self.granted[i]),
                 "codes": self.codes(i), "policy_id": self.policy_id[i]}
                for i in range(len(self))]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.counts().items())
        return (f"<BatchDecisions: {len(self)} rows, {len(self) - self.refused} granted, "
                f"{self.refused} refused" + (f" ({counts})>" if counts else ">"))

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in self.counts().items())
        return (f"<table><caption>{len(self)} rows: {self.refused} refused</caption>"
                f"<tr><th>code</th><th>rows</th></tr>{rows}</table>")


def _build(subject: Objects, failures: dict[str, Bools], policy_id: Objects, scalar: I64,
           order: Sequence[ReasonCode],
           decisions: Iterable[tuple[int, Decision]]) -> BatchDecisions:
    n = len(subject)
    for row, decision in decisions:
        for code in list(failures):
            failures[code][row] = False
        for reason in decision.reasons:
            failures.setdefault(reason.code.value, np.zeros(n, dtype=bool))[row] = True
        policy_id[row] = getattr(decision, "policy_id", None) or policy_id[row]
    granted = np.ones(n, dtype=bool)
    for mask in failures.values():
        granted &= ~mask
    names = tuple(c.value for c in order)
    extra = tuple(sorted(set(failures) - set(names)))
    return BatchDecisions(subject=subject, granted=granted, failed=failures,
                          policy_id=policy_id, scalar_rows=scalar, order=names + extra)


def _single(policy: object, day: _dt.date) -> Policy:
    policies = policies_of(policy)
    index = int(in_force_index(policies, np.array([day_number(day)]))[0])
    if index < 0:
        first = policies[0].effective_from
        raise InvalidInputError.single(
            "on", f"{day.isoformat()} is before the first policy of the schedule "
                  f"({policies[0].id}, from {first.isoformat() if first else '?'})")
    return policies[index]


def ages(birth: I64, on: _dt.date, policy: Policy) -> I64:
    """Completed years (周岁) on ``on``: a new age on the birthday (29 February: on 28 February
    in common years), or the day after under ``age_reached_on_birthday = False``."""
    day = day_number(on)
    years = on.year - years_of(birth)
    birthday = add_months(birth, 12 * years)
    reached = day >= birthday if policy.age_reached_on_birthday else day > birthday
    return np.maximum(0, years - (~reached).astype(np.int64))


def _statuses(columns: dict[str, npt.NDArray[Any]], n: int, problems: Problems) -> Objects:
    registered = (bool_column(columns, "registered_poor", n, problems)
                  if "registered_poor" in columns else None)
    derived = None
    if registered is not None:
        derived = np.where(registered, PovertyStatus.REGISTERED_POOR, PovertyStatus.NONE)
    if "status" not in columns:
        if derived is None:
            raise InvalidInputError.single(
                "columns.registered_poor", "a person table needs registered_poor or status")
        return derived.astype(object)
    out = np.empty(n, dtype=object)
    for row, value in enumerate(columns["status"].tolist()):
        if value is None and derived is not None:
            out[row] = derived[row]
            continue
        try:
            status = PovertyStatus(value)
        except ValueError:
            problems.add("status", [row], "must be a PovertyStatus value "
                         f"({', '.join(s.value for s in PovertyStatus)}; got {value!r})")
            continue
        if registered is not None and bool(registered[row]) != (status in REGISTERED_STATUSES):
            problems.add("status", [row], f"disagrees with registered_poor (got {value!r} and "
                         f"{bool(registered[row])})")
        out[row] = status
    return out


def person_columns(people: Iterable[Any]) -> dict[str, npt.NDArray[Any]]:
    """Borrower models as person columns (entity rows: dates NaT, the object kept)."""
    items = list(people)
    naturals = [p if isinstance(p, NaturalPerson) else None for p in items]

    def flag(name: str) -> npt.NDArray[Any]:
        return np.array([bool(getattr(p, name, False)) if p is not None else False
                         for p in naturals], dtype=bool)

    def days(values: list[Any]) -> npt.NDArray[Any]:
        return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")

    borrower = np.empty(len(items), dtype=object)
    borrower[:] = items
    columns = {
        "borrower": borrower,
        "birth_date": days([p.birth_date if p is not None else None for p in naturals]),
        "registered_poor": flag("registered_poor"),
        "five_guarantee": flag("five_guarantee"),
        "has_outstanding_bad_loans": flag("has_outstanding_bad_loans"),
        "has_bad_credit_record": flag("has_bad_credit_record"),
    }
    if "status" in attrs.fields_dict(NaturalPerson):
        status = np.empty(len(items), dtype=object)
        status[:] = [getattr(p, "status", None) if p is not None else None for p in naturals]
        status[:] = [s.value if isinstance(s, PovertyStatus) else s for s in status]
        columns["status"] = status
        columns["monitoring_ended_on"] = days(
            [getattr(p, "monitoring_ended_on", None) if p is not None else None for p in naturals])
        columns["has_major_bad_credit_record"] = flag("has_major_bad_credit_record")
    return columns


def check_eligibility(columns: object, on: _dt.date, policy: object = None) -> BatchDecisions:
    """Borrower eligibility (Art. 9, 10; SPEC D4) per row, as the scalar ``check_eligibility``.

    Person columns: ``id`` (or ``borrower_id``) str; ``birth_date`` date; ``registered_poor`` bool
    and/or ``status`` (a :class:`~poverty_credit.PovertyStatus` value, e.g. ``"lifted_out"``);
    optional ``monitoring_ended_on`` date, ``five_guarantee``, ``has_outstanding_bad_loans``,
    ``has_bad_credit_record``, ``has_major_bad_credit_record`` bools; ``borrower`` objects (a
    ``LegalEntity`` row is judged by the scalar rule; its other cells are ignored).

    >>> import datetime as dt
    >>> import numpy as np
    >>> people = {"id": ["A", "B", "C"],
    ...           "birth_date": np.array(["1961-03-15", "1990-01-01", "2010-06-01"],
    ...                                  dtype="datetime64[D]"),
    ...           "registered_poor": [True, False, True]}
    >>> d = check_eligibility(people, dt.date(2027, 3, 15))
    >>> [d.codes(i) for i in range(3)]   # A is 66; B not registered; C is 16
    [('AGE_ABOVE_LIMIT',), ('NOT_REGISTERED_POOR',), ('AGE_BELOW_LIMIT',)]
    """
    on = require_date(on, "on")
    governing = _single(_default(policy), on)
    data = as_columns(columns, "columns")
    if "birth_date" not in data and "borrower" in data:
        data = {**person_columns(data["borrower"].tolist()), **{
            k: v for k, v in data.items() if k in ("id", "borrower_id")}}
    id_column = "borrower_id" if "borrower_id" in data else "id"
    n = length(data, (id_column, "birth_date"), "columns")
    problems = Problems()
    subject = text_column(data, id_column, problems)
    borrower = data["borrower"].astype(object) if "borrower" in data else None
    entity = (np.fromiter((isinstance(b, LegalEntity) for b in borrower), bool, n)
              if borrower is not None else np.zeros(n, dtype=bool))
    birth = date_column(data, "birth_date", problems, optional=True)
    problems.add_where("birth_date", (birth == NO_DAY) & ~entity, "must be a date (got NaT)")
    status = _statuses(data, n, problems)
    ended = (date_column(data, "monitoring_ended_on", problems, optional=True)
             if "monitoring_ended_on" in data else np.full(n, NO_DAY, dtype=np.int64))
    five = bool_column(data, "five_guarantee", n, problems)
    bad_loans = bool_column(data, "has_outstanding_bad_loans", n, problems)
    major = bool_column(data, "has_major_bad_credit_record", n, problems)
    problems.raise_if_any()
    person = ~entity
    day = day_number(on)
    problems.add_where("birth_date", person & (birth > day),
                       f"is after the evaluation date {on.isoformat()}")
    problems.raise_if_any()
    eligible = governing.need("eligible_statuses")
    monitored_active = (ended == NO_DAY) | (ended > day)
    in_group = np.zeros(n, dtype=bool)
    for s in eligible:
        hit = status == s
        in_group |= (hit & monitored_active) if s in MONITORED_STATUSES else hit
    group_code = (ReasonCode.NOT_REGISTERED_POOR if eligible <= REGISTERED_STATUSES
                  else ReasonCode.NOT_IN_TARGET_GROUP)
    failures: dict[str, Bools] = {group_code.value: person & ~in_group}
    if governing.need("exclude_five_guarantee"):
        failures[ReasonCode.FIVE_GUARANTEE_HOUSEHOLD.value] = person & five
    failures[ReasonCode.OUTSTANDING_BAD_LOANS.value] = person & bad_loans
    if governing.need("bad_credit_excludes") is BadCreditExcludes.MAJOR:
        failures[ReasonCode.MAJOR_BAD_CREDIT_RECORD.value] = person & major
    age = ages(np.where(person, birth, day), on, governing)
    failures[ReasonCode.AGE_ABOVE_LIMIT.value] = person & (age > governing.need("max_age"))
    failures[ReasonCode.AGE_BELOW_LIMIT.value] = person & (age < governing.need("min_age"))
    scalar = np.flatnonzero(entity)
    policy_id = np.full(n, governing.id, dtype=object)
    decisions = ((int(r), _pc.check_eligibility(borrower[r], on, _default(policy)))  # type: ignore[arg-type, index]
                 for r in scalar.tolist())
    return _build(subject, failures, policy_id, scalar, ELIGIBILITY_ORDER, decisions)


def check_loan_terms(columns: object, policy: object = None, *,
                     repayments: object = None) -> BatchDecisions:
    """The "5321" loan terms (Art. 10; SPEC D5) per row, as :func:`poverty_credit.check_loan_terms`.

    Loan columns as for :func:`settle_month`; the policy of each row is the one in force on its
    start date. Entity rows, and every row under ``caps_per_household`` (the household's other
    loans), are judged by the scalar rule.

    >>> import numpy as np
    >>> loans = {"id": ["A", "B"], "lender": ["credit_union", "credit_union"],
    ...          "principal_fen": np.array([5_000_000, 5_000_001]),
    ...          "start_date": np.array(["2016-01-01", "2016-01-01"], dtype="datetime64[D]"),
    ...          "maturity_date": np.array(["2019-01-01", "2019-01-02"], dtype="datetime64[D]"),
    ...          "annual_rate": ["0.0475", "0.0476"]}
    >>> d = check_loan_terms(loans)
    >>> d.codes(0), d.codes(1)
    ((), ('AMOUNT_ABOVE_LIMIT', 'TERM_ABOVE_LIMIT', 'RATE_ABOVE_BENCHMARK'))
    """
    policy = _default(policy)
    policies = policies_of(policy)
    table = read_loans(columns, repayments)
    n = table.n
    index = in_force_index(policies, table.start)
    if n and index.min() < 0:
        row = int(np.argmin(index))
        raise InvalidInputError.single(
            f"start_date[{row}]", "is before the first policy of the schedule")
    for used in {int(i) for i in np.unique(index).tolist()}:
        lenders = policies[used].need("fund_allocations")
        for row in np.flatnonzero(index == used).tolist():
            if table.lender[row] not in lenders:
                raise InvalidInputError.single(
                    f"lender[{row}]", f"is not a lender of the policy (got {table.lender[row]!r};"
                                      f" known: {', '.join(lenders)})")
    entity = np.zeros(n, dtype=bool)
    entity[table.entity_rows()] = True
    person = ~entity
    failures: dict[str, Bools] = {}

    def fail(code: ReasonCode, mask: Bools) -> None:
        failures.setdefault(code.value, np.zeros(n, dtype=bool))
        failures[code.value] |= mask

    digits = max([6, *(decimal_places(r) for r in table.rates)])
    households = np.zeros(n, dtype=bool)
    for i in np.unique(index).tolist():
        p = policies[int(i)]
        rows = index == i
        if p.caps_per_household:
            households |= rows & person
        cap = int(p.need("max_loan_amount").scaleb(2))
        fail(ReasonCode.AMOUNT_ABOVE_LIMIT, rows & person & (table.principal > cap))
        latest = add_months(table.start, 12 * int(p.need("max_term_years")))
        fail(ReasonCode.TERM_ABOVE_LIMIT, rows & person & (table.maturity > latest))
        fail(ReasonCode.GUARANTEE_REQUIRED, rows & person & table.guarantee)
        fail(ReasonCode.COLLATERAL_REQUIRED, rows & person & table.collateral)
        which = np.flatnonzero(rows & person)
        bench, d = benchmark_numerators(p, table.start[which], table.maturity[which], digits)
        own = np.array([int(r.scaleb(d)) for r in table.rates], dtype=object)[
            table.rate_index[which]]
        above = np.zeros(n, dtype=bool)
        above[which] = own > bench.astype(object)
        fail(ReasonCode.RATE_ABOVE_BENCHMARK, above)
    scalar = np.flatnonzero(entity | households)
    policy_id = np.array([p.id for p in policies], dtype=object)[index]
    decisions = ((r, _scalar_terms(table, r, scalar, policy)) for r in scalar.tolist())
    return _build(table.ids, failures, policy_id, scalar, TERMS_ORDER, decisions)


def _scalar_terms(table: LoanTable, row: int, rows: I64, policy: object) -> Decision:
    loan = table.loan(row)
    accepts_household = "household_loans" in inspect.signature(_pc.check_loan_terms).parameters
    if not accepts_household or table.household is None or table.household[row] is None:
        return _pc.check_loan_terms(loan, policy)  # type: ignore[arg-type]
    mine = table.household[row]
    others = [table.loan(int(r)) for r in rows.tolist()
              if r != row and table.household[r] == mine]
    return _pc.check_loan_terms(loan, policy, household_loans=others)  # type: ignore[arg-type]


def _default(policy: object) -> object:
    return _pc.DEFAULT_POLICY if policy is None else policy
