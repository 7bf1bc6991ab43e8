"""Who flips and why between two policies or schedules (for analysts comparing scenarios).

:func:`compare` judges every record under policy A and policy B — eligibility of the borrower on
``on`` (when borrower columns are given), the loan terms, one period's subsidy — and reports per
record the verdict and reason codes under each, and the totals that matter to a budget: subsidy
per lender, loans refused, and the fund's exposure (its share of the covered outstanding
principal on ``on``).
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from poverty_credit.batch._columns import I64, Bools, as_columns, day_number, half_up_div
from poverty_credit.batch._loans import LoanTable, loan_columns, read_loans
from poverty_credit.batch._rules import (
    BatchDecisions,
    _single,
    check_eligibility,
    check_loan_terms,
    person_columns,
)
from poverty_credit.batch._settle import BatchSettlement, settle_month, settle_year
from poverty_credit.batch._subsidy import policies_of
from poverty_credit.errors import InvalidInputError
from poverty_credit.models import Loan
from poverty_credit.periods import require_date
from poverty_credit.policy import SubsidyCycle

__all__ = ["Comparison", "Scenario", "compare"]


def _yuan(fen: int) -> Decimal:
    return Decimal(int(fen)).scaleb(-2)


@attrs.frozen(eq=False)
class Scenario:
    """Everything one policy decided about the records."""

    policy_id: str
    eligibility: BatchDecisions | None
    terms: BatchDecisions
    subsidy: BatchSettlement
    granted: Bools
    exposure_fen: npt.NDArray[Any]
    exposure: dict[str, Decimal]

    def codes(self, row: int) -> tuple[str, ...]:
        """The failed codes of a record: eligibility's, then the loan terms' (a code both
        judge, such as ``ENTITY_LENDING_NOT_ALLOWED``, is listed once)."""
        first = self.eligibility.codes(row) if self.eligibility is not None else ()
        return tuple(dict.fromkeys(first + self.terms.codes(row)))

    @property
    def refused(self) -> int:
        return int(len(self.granted) - np.count_nonzero(self.granted))


@attrs.frozen(eq=False, repr=False)
class Comparison:
    """Records judged under two policies. ``flips`` are the rows whose verdict changes."""

    loan_id: npt.NDArray[Any]
    lender: npt.NDArray[Any]
    a: Scenario
    b: Scenario
    lenders: tuple[str, ...]

    @property
    def flips(self) -> I64:
        """Rows granted under one policy and refused under the other."""
        return np.flatnonzero(self.a.granted != self.b.granted)

    def why(self, row: int) -> dict[str, tuple[str, ...]]:
        """The codes a record gains (failed only under B) and loses (failed only under A)."""
        a, b = self.a.codes(row), self.b.codes(row)
        return {"gained": tuple(c for c in b if c not in a),
                "lost": tuple(c for c in a if c not in b)}

    def totals(self) -> list[dict[str, Any]]:
        """The budget figures, one dict per line: ``figure, a, b, change``."""
        lines: list[tuple[str, Any, Any]] = []
        for lender in self.lenders:
            lines.append((f"subsidy {self.a.subsidy.period} {lender}",
                          self.a.subsidy.totals.get(lender, Decimal("0.00")),
                          self.b.subsidy.totals.get(lender, Decimal("0.00"))))
        lines.append((f"subsidy {self.a.subsidy.period} total", self.a.subsidy.total,
                      self.b.subsidy.total))
        lines.append(("loans refused", self.a.refused, self.b.refused))
        for lender in self.lenders:
            lines.append((f"fund exposure {lender}", self.a.exposure.get(lender, Decimal("0.00")),
                          self.b.exposure.get(lender, Decimal("0.00"))))
        return [{"figure": f, "a": x, "b": y, "change": y - x} for f, x, y in lines]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per record: ids, verdict and codes under each policy, subsidy under each."""
        return [
            {
                "loan_id": self.loan_id[i],
                "lender": self.lender[i],
                "granted_a": bool(self.a.granted[i]),
                "granted_b": bool(self.b.granted[i]),
                "codes_a": self.a.codes(i),
                "codes_b": self.b.codes(i),
                "subsidy_a": self.a.subsidy.amount(i),
                "subsidy_b": self.b.subsidy.amount(i),
                "flipped": bool(self.a.granted[i] != self.b.granted[i]),
            }
            for i in range(len(self.loan_id))
        ]

    def __repr__(self) -> str:
        return (f"<Comparison {self.a.policy_id} → {self.b.policy_id}: {len(self.loan_id)} "
                f"records, {self.flips.size} flip(s); refused {self.a.refused} → "
                f"{self.b.refused}; subsidy {self.a.subsidy.total} → {self.b.subsidy.total}>")

    def _repr_html_(self, max_flips: int = 20) -> str:
        esc = html.escape
        head = (f"<tr><th>figure</th><th>{esc(self.a.policy_id)}</th>"
                f"<th>{esc(self.b.policy_id)}</th><th>change</th></tr>")
        body = "".join(
            f"<tr><td>{esc(t['figure'])}</td><td>{t['a']}</td><td>{t['b']}</td>"
            f"<td>{t['change']}</td></tr>" for t in self.totals())
        flips = self.flips
        rows = "".join(
            f"<tr><td>{esc(str(self.loan_id[i]))}</td>"
            f"<td>{'granted' if self.a.granted[i] else 'refused'}</td>"
            f"<td>{'granted' if self.b.granted[i] else 'refused'}</td>"
            f"<td>{esc(', '.join(self.why(int(i))['gained']) or '-')}</td>"
            f"<td>{esc(', '.join(self.why(int(i))['lost']) or '-')}</td></tr>"
            for i in flips[:max_flips].tolist())
        more = (f"<p>… and {flips.size - max_flips} more</p>" if flips.size > max_flips else "")
        return (f"<table><caption>Totals</caption>{head}{body}</table>"
                f"<table><caption>{flips.size} record(s) flip</caption><tr><th>loan</th>"
                f"<th>A</th><th>B</th><th>codes gained</th><th>codes lost</th></tr>{rows}"
                f"</table>{more}")


def _outstanding(table: LoanTable, day: int) -> I64:
    """End-of-day outstanding principal on ``day`` (0 before the start)."""
    repaid = np.zeros(table.n, dtype=np.int64)
    upto = table.rep_day <= day
    np.add.at(repaid, table.rep_loan[upto], table.rep_fen[upto])
    return np.where(table.start <= day, table.principal - repaid, 0)


def _scenario(columns: dict[str, Any], table: LoanTable, repayments: Any, policy: object,
              on: _dt.date, year: int, month: int | None, lenders: Sequence[str],
              judge_borrowers: bool) -> Scenario:
    eligibility = check_eligibility(columns, on, policy) if judge_borrowers else None
    terms = check_loan_terms(columns, policy, repayments=repayments)
    governing = _single(policy, on)
    if governing.need("subsidy_cycle") is SubsidyCycle.YEAR:
        subsidy = settle_year(columns, year, policy, repayments=repayments)
    elif month is None:
        raise InvalidInputError.single(
            "month", f"{governing.id} settles the subsidy per month: give the month")
    else:
        subsidy = settle_month(columns, year, month, policy, repayments=repayments)
    granted = terms.granted & (eligibility.granted if eligibility is not None else True)
    share = Fraction(governing.need("fund_share"))
    cap = int(governing.covered_cap.scaleb(2))
    covered = np.minimum(_outstanding(table, day_number(on)), cap) * granted
    top = int(covered.max(initial=0)) * share.numerator
    numerator: npt.NDArray[Any] = (covered * share.numerator if top < 2**62
                                   else covered.astype(object) * share.numerator)
    exposure_fen = half_up_div(numerator, share.denominator)
    index = {name: i for i, name in enumerate(lenders)}
    codes = np.fromiter((index[x] for x in table.lender), np.int64, table.n)
    sums = [0] * len(lenders)
    for code, value in zip(codes.tolist(), exposure_fen.tolist(), strict=True):
        sums[code] += int(value)
    return Scenario(policy_id=governing.id, eligibility=eligibility, terms=terms,
                    subsidy=subsidy, granted=np.asarray(granted, dtype=bool),
                    exposure_fen=exposure_fen,
                    exposure={name: _yuan(s) for name, s in zip(lenders, sums, strict=True)})


def compare(records: object, policy_a: object, policy_b: object, *, on: _dt.date, year: int,
            month: int | None = None, repayments: object = None) -> Comparison:
    """Judge the same records under two policies or schedules.

    Args:
        records: a list of :class:`~poverty_credit.Loan` models, or batch loan columns (with
            borrower columns — ``birth_date`` and ``registered_poor`` / ``status`` … — to judge
            eligibility too; without them only the loan terms are judged).
        policy_a: :class:`~poverty_credit.Policy` or :class:`~poverty_credit.PolicySchedule`;
            it must set ``fund_share`` and ``fund_allocations`` (national presets leave them
            unset: extend them first).
        policy_b: the other policy or schedule, likewise.
        on: the evaluation date (eligibility, the fund exposure, the policy of a schedule).
        year: the year of the subsidy period.
        month: its month (``None`` for a yearly policy).
        repayments: the repayments table of column records.

    Raises:
        InvalidInputError: bad records or an unset parameter a rule needs.

    >>> import datetime as dt, attrs
    >>> from poverty_credit import DEFAULT_POLICY, Loan, NaturalPerson
    >>> p = NaturalPerson(id="P", birth_date=dt.date(1958, 6, 1), registered_poor=True)
    >>> loan = Loan(id="L", borrower=p, lender="credit_union", principal="50000",
    ...             start_date=dt.date(2023, 3, 1), maturity_date=dt.date(2024, 3, 1),
    ...             annual_rate="0.0435")
    >>> older = attrs.evolve(DEFAULT_POLICY, max_age=70)
    >>> c = compare([loan], DEFAULT_POLICY, older, on=dt.date(2023, 6, 1), year=2023, month=3)
    >>> c.flips.tolist(), c.why(0)          # 65 on 2023-06-01: within both limits
    ([], {'gained': (), 'lost': ()})
    >>> c2 = compare([loan], DEFAULT_POLICY, older, on=dt.date(2024, 6, 1), year=2023, month=3)
    >>> c2.flips.tolist(), c2.why(0)        # 66 on 2024-06-01: refused by the seed only
    ([0], {'gained': (), 'lost': ('AGE_ABOVE_LIMIT',)})
    """
    on = require_date(on, "on")
    if isinstance(records, (list, tuple)) and all(isinstance(r, Loan) for r in records):
        columns, repayments = loan_columns(records)
        people = person_columns([r.borrower for r in records])
        columns = {**columns, **{k: v for k, v in people.items() if k != "borrower"}}
    else:
        columns = as_columns(records, "records")
    table = read_loans(columns, repayments)
    judge = "birth_date" in columns or "borrower" in columns
    names: dict[str, None] = {}
    for policy in (policy_a, policy_b):
        for p in policies_of(policy):
            names.update(dict.fromkeys(p.need("fund_allocations")))
    lenders = tuple(names)
    a = _scenario(columns, table, repayments, policy_a, on, year, month, lenders, judge)
    b = _scenario(columns, table, repayments, policy_b, on, year, month, lenders, judge)
    return Comparison(loan_id=table.ids, lender=table.lender, a=a, b=b, lenders=lenders)

