"""The loan table of the batch functions: columns checked once into exact integer arrays."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from poverty_credit.batch._columns import (
    I64,
    NO_DAY,
    Bools,
    Objects,
    Problems,
    as_columns,
    bool_column,
    date_column,
    from_day_number,
    int_column,
    length,
    rate_column,
    text_column,
)
from poverty_credit.models import LegalEntity, Loan, NaturalPerson, Repayment

#: Required loan columns.
LOAN_COLUMNS = ("id", "lender", "principal_fen", "start_date", "maturity_date", "annual_rate")
#: Optional loan columns.
OPTIONAL_LOAN_COLUMNS = (
    "extended_to",
    "guarantee_required",
    "collateral_required",
    "borrower_id",
    "household_id",
    "borrower",
)
#: Columns of the repayments table.
REPAYMENT_COLUMNS = ("loan", "on", "principal_fen")

#: The largest principal whose principal-days over a year fit an int64 exactly (fen).
MAX_PRINCIPAL_FEN = (2**63 - 1) // 367
#: A stand-in birth date for borrowers built from loan rows without a ``borrower`` column (the
#: subsidy and the loan terms of a natural person do not depend on it).
_STAND_IN_BIRTH = _dt.date(1970, 1, 1)


@attrs.frozen(eq=False)
class LoanTable:
    """Loans as exact integer columns; repayments as segments of constant outstanding principal."""

    n: int
    ids: Objects
    lender: Objects
    principal: I64  # fen
    start: I64  # day numbers
    maturity: I64
    extended: I64  # NO_DAY where not extended
    rates: list[Decimal]  # distinct annual rates
    rate_index: I64  # each row's index into ``rates``
    guarantee: Bools
    collateral: Bools
    borrower_id: Objects | None
    household: Objects | None
    borrower: Objects | None  # model objects, where given
    rep_loan: I64  # repayments, sorted by (loan, day)
    rep_day: I64
    rep_fen: I64
    columns: Mapping[str, npt.NDArray[Any]]

    @property
    def has_repayments(self) -> bool:
        return bool(self.rep_loan.size)

    def entity_rows(self) -> I64:
        """Rows whose borrower is a legal entity (they take the scalar path)."""
        if self.borrower is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(
            np.fromiter((isinstance(b, LegalEntity) for b in self.borrower), bool, self.n)
        )

    def loan(self, row: int) -> Loan:
        """The :class:`~poverty_credit.Loan` of one row (for the scalar path and explanations)."""
        borrower: Any = None if self.borrower is None else self.borrower[row]
        if borrower is None:
            person_id = (self.borrower_id[row] if self.borrower_id is not None
                         and self.borrower_id[row] is not None else f"{self.ids[row]}:borrower")
            household = self.household[row] if self.household is not None else None
            borrower = NaturalPerson(id=person_id, birth_date=_STAND_IN_BIRTH,
                                     registered_poor=True, household_id=household)
        lo, hi = np.searchsorted(self.rep_loan, [row, row + 1])
        repayments = tuple(
            Repayment(on=from_day_number(d), principal=Decimal(int(f)).scaleb(-2))
            for d, f in zip(self.rep_day[lo:hi].tolist(), self.rep_fen[lo:hi].tolist(), strict=True)
        )
        extended = int(self.extended[row])
        return Loan(
            id=self.ids[row], borrower=borrower, lender=self.lender[row],
            principal=Decimal(int(self.principal[row])).scaleb(-2),
            start_date=from_day_number(self.start[row]),
            maturity_date=from_day_number(self.maturity[row]),
            annual_rate=self.rates[int(self.rate_index[row])],
            guarantee_required=bool(self.guarantee[row]),
            collateral_required=bool(self.collateral[row]),
            repayments=repayments,
            extended_to=None if extended == NO_DAY else from_day_number(extended),
        )

    def segments(self) -> tuple[I64, I64, I64, I64, I64]:
        """Runs of constant end-of-day outstanding principal of the loans that have repayments,
        ordered by loan then day: ``(those loans, first run of each, run start day, run end day,
        outstanding fen)``. A loan's first run starts at its start date; each repayment day
        starts a new run (the repayment day accrues on the balance after it, 算头不算尾)."""
        per_all = np.bincount(self.rep_loan, minlength=self.n).astype(np.int64)
        loans = np.flatnonzero(per_all)
        per_loan = per_all[loans]
        n, m = loans.size, self.rep_loan.size
        before = np.concatenate(([0], np.cumsum(per_loan)[:-1])).astype(np.int64)
        first = np.arange(n, dtype=np.int64) + before
        compact = np.repeat(np.arange(n, dtype=np.int64), per_loan)  # rep j → its loan's slot
        total = n + m
        lo = np.empty(total, dtype=np.int64)
        out = np.empty(total, dtype=np.int64)
        lo[first] = self.start[loans]
        out[first] = self.principal[loans]
        rep_pos = compact + 1 + np.arange(m, dtype=np.int64)
        cum = np.cumsum(self.rep_fen)
        head = before[compact]
        # cumulative repaid within the loan, after each repayment
        within = cum - np.where(head > 0, cum[np.maximum(head - 1, 0)], 0)
        lo[rep_pos] = self.rep_day
        out[rep_pos] = self.principal[self.rep_loan] - within
        hi = np.empty(total, dtype=np.int64)
        hi[:-1] = lo[1:]
        if total:
            hi[first + per_loan] = np.iinfo(np.int64).max
        return loans, first, lo, hi, out

    def rate_numerators(self, digits: int) -> npt.NDArray[Any]:
        """Each row's annual rate as an exact integer over ``10**digits``."""
        values = [int(r.scaleb(digits)) for r in self.rates]
        table = np.array(values, dtype=np.int64 if digits <= 18 else object)
        return table[self.rate_index]


def read_loans(data: object, repayments: object = None, name: str = "columns") -> LoanTable:
    """Check loan columns (and a repayments table) into a :class:`LoanTable`."""
    columns = as_columns(data, name)
    n = length(columns, LOAN_COLUMNS, name)
    problems = Problems()
    ids = text_column(columns, "id", problems)
    lender = text_column(columns, "lender", problems)
    principal = int_column(columns, "principal_fen", problems)
    start = date_column(columns, "start_date", problems)
    maturity = date_column(columns, "maturity_date", problems)
    extended = (date_column(columns, "extended_to", problems, optional=True)
                if "extended_to" in columns else np.full(n, NO_DAY, dtype=np.int64))
    rates, rate_index = rate_column(columns, "annual_rate", problems)
    guarantee = bool_column(columns, "guarantee_required", n, problems)
    collateral = bool_column(columns, "collateral_required", n, problems)
    borrower_id = (text_column(columns, "borrower_id", problems, optional=True)
                   if "borrower_id" in columns else None)
    household = (text_column(columns, "household_id", problems, optional=True)
                 if "household_id" in columns else None)
    borrower = columns["borrower"].astype(object) if "borrower" in columns else None
    problems.raise_if_any()
    problems.add_where("principal_fen", principal <= 0, "must be above zero", principal)
    problems.add_where("principal_fen", principal > MAX_PRINCIPAL_FEN,
                       f"is too large for exact int64 principal-days (at most {MAX_PRINCIPAL_FEN})",
                       principal)
    problems.add_where("maturity_date", maturity <= start,
                       "must be after start_date (start_date < maturity_date)")
    has_ext = extended != NO_DAY
    problems.add_where("extended_to", has_ext & (extended <= maturity),
                       "must be after maturity_date (maturity_date < extended_to)")
    if borrower is not None:
        bad = np.fromiter((b is not None and not isinstance(b, (NaturalPerson, LegalEntity))
                           for b in borrower), bool, n)
        problems.add_where("borrower", bad, "must be a NaturalPerson, a LegalEntity or None")
    if len(set(ids.tolist())) != n:
        seen: dict[object, int] = {}
        for row, value in enumerate(ids.tolist()):
            if value in seen:
                problems.add("id", [row], f"duplicates the id of row {seen[value]} (got "
                             f"{value!r}); each loan is settled once")
            else:
                seen[value] = row
    problems.raise_if_any()
    rep_loan, rep_day, rep_fen = _read_repayments(repayments, n, start, principal)
    return LoanTable(n=n, ids=ids, lender=lender, principal=principal, start=start,
                     maturity=maturity, extended=extended, rates=rates, rate_index=rate_index,
                     guarantee=guarantee, collateral=collateral, borrower_id=borrower_id,
                     household=household, borrower=borrower, rep_loan=rep_loan, rep_day=rep_day,
                     rep_fen=rep_fen, columns=columns)


def _read_repayments(data: object, n: int, start: I64, principal: I64) -> tuple[I64, I64, I64]:
    empty = np.zeros(0, dtype=np.int64)
    if data is None:
        return empty, empty, empty
    columns = as_columns(data, "repayments")
    length(columns, REPAYMENT_COLUMNS, "repayments")
    problems = Problems()
    loan = int_column(columns, "loan", problems, "a row index of the loan columns (int)")
    day = date_column(columns, "on", problems)
    fen = int_column(columns, "principal_fen", problems)
    problems.raise_if_any()
    problems.add_where("repayments.loan", (loan < 0) | (loan >= n),
                       f"must be a row index of the loan columns, 0 to {n - 1}", loan)
    problems.add_where("repayments.principal_fen", fen <= 0, "must be above zero", fen)
    problems.raise_if_any()
    order = np.arange(loan.size, dtype=np.int64)
    if loan.size:
        low = int(day.min())
        key = loan * (int(day.max()) - low + 1) + (day - low)
        if not (key[1:] >= key[:-1]).all():
            order = np.argsort(key, kind="stable")
            loan, day, fen = loan[order], day[order], fen[order]
    problems.add_where("repayments.on", day < start[loan],
                       "must be on or after the loan's start_date")
    paid = np.zeros(n, dtype=np.int64)
    if loan.size:
        heads = np.flatnonzero(np.concatenate(([True], loan[1:] != loan[:-1])))
        paid[loan[heads]] = np.add.reduceat(fen, heads)
    over = paid > principal
    if over.any():
        rows = np.flatnonzero(over)
        problems.add("repayments.principal_fen", order[np.isin(loan, rows)][:5],
                     "repayments of one loan sum to more than its principal_fen")
    problems.raise_if_any()
    return loan, day, fen


def loan_columns(loans: Any) -> tuple[dict[str, npt.NDArray[Any]], dict[str, npt.NDArray[Any]]]:
    """Loan models as batch columns and a repayments table (the inverse of the batch input).

    >>> import datetime as dt
    >>> from poverty_credit import Loan, NaturalPerson
    >>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
    >>> loan = Loan(id="L-1", borrower=p, lender="credit_union", principal="50000",
    ...             start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
    ...             annual_rate="0.0435")
    >>> columns, repayments = loan_columns([loan])
    >>> columns["principal_fen"], columns["start_date"]
    (array([5000000]), array(['2016-03-01'], dtype='datetime64[D]'))
    """
    items = list(loans)
    problems = Problems()
    for row, item in enumerate(items):
        if not isinstance(item, Loan):
            problems.add("loans", [row], f"must be a Loan (got {type(item).__name__})")
    problems.raise_if_any()
    objects: list[Loan] = items

    def obj(values: list[Any]) -> Objects:
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array

    def days(values: list[_dt.date | None]) -> npt.NDArray[Any]:
        return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")

    columns: dict[str, npt.NDArray[Any]] = {
        "id": obj([x.id for x in objects]),
        "lender": obj([x.lender for x in objects]),
        "principal_fen": np.array([int(x.principal * 100) for x in objects], dtype=np.int64),
        "start_date": days([x.start_date for x in objects]),
        "maturity_date": days([x.maturity_date for x in objects]),
        "extended_to": days([x.extended_to for x in objects]),
        "annual_rate": obj([str(x.annual_rate) for x in objects]),
        "guarantee_required": np.array([x.guarantee_required for x in objects], dtype=bool),
        "collateral_required": np.array([x.collateral_required for x in objects], dtype=bool),
        "borrower_id": obj([x.borrower.id for x in objects]),
        "household_id": obj([x.borrower.household if isinstance(x.borrower, NaturalPerson)
                             else None for x in objects]),
        "borrower": obj([x.borrower for x in objects]),
    }
    reps = [(i, r.on, int(r.principal * 100)) for i, x in enumerate(objects) for r in x.repayments]
    repayments: dict[str, npt.NDArray[Any]] = {
        "loan": np.array([r[0] for r in reps], dtype=np.int64),
        "on": days([r[1] for r in reps]),
        "principal_fen": np.array([r[2] for r in reps], dtype=np.int64),
    }
    return columns, repayments
