"""The built-in example county and the report of ``poverty-credit demo``.

The county is synthetic (``tools/make_demo_data.py`` generates it from a fixed seed) and ships as
package data in ``poverty_credit/data/demo/``: 295 people in 260 households (``households.csv``),
10 legal entities with their driving agreements (``entities.json``), 159 loans made from
2024-07-01 to 2025-06-30 by both lenders (``loans.json``) and five compensation claims on loans that
fell due in the summer of 2025 (``claims.json``). Each file is valid input of the matching
``poverty-credit`` command, so they double as examples of the file formats.

:func:`run_demo` takes the county through the main job — screening, the 5321 terms, one month's
subsidy settlement, claims to payouts and a recovery on a :class:`~poverty_credit.RiskFund` — and
returns the report, which ends with the fund's statement for 2025. Nothing is random at run time.

>>> county = load_county()
>>> len(county.people), len(county.entities), len(county.loans), len(county.claims)
(295, 10, 159, 5)
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from poverty_credit.decision import Decision
from poverty_credit.models import CompensationClaim, LegalEntity, Loan, NaturalPerson
from poverty_credit.policy import DEFAULT_POLICY, Policy

__all__ = [
    "CLAIMS_ON",
    "FUND_OPENED_ON",
    "SCREEN_ON",
    "SUBSIDY_MONTH",
    "DemoCounty",
    "load_county",
    "run_demo",
]

#: The day the people and entities are screened (a Monday; a new lending round).
SCREEN_ON = _dt.date(2025, 3, 3)
#: The month whose subsidy is settled.
SUBSIDY_MONTH = (2025, 6)
#: The day the compensation claims are reviewed; payouts and a recovery follow.
CLAIMS_ON = _dt.date(2025, 11, 20)
PAID_ON = _dt.date(2025, 11, 28)
RECOVERED_ON = _dt.date(2025, 12, 10)
#: The fund is opened when the first loans of the year are made.
FUND_OPENED_ON = _dt.date(2024, 7, 1)
#: Demand deposits earn interest to the 20th of the last month of a quarter (credited on the 21st);
#: the demo credits it once a year, on 21 December.
INTEREST_CREDITED_ON = (_dt.date(2024, 12, 21), _dt.date(2025, 12, 21))
REPORT_YEAR = 2025


@attrs.frozen(kw_only=True)
class DemoCounty:
    """The example county's records, read from the package data."""

    people: tuple[NaturalPerson, ...]
    entities: tuple[LegalEntity, ...]
    loans: tuple[Loan, ...]
    claims: tuple[CompensationClaim, ...]


def _text(name: str) -> str:
    return (resources.files("poverty_credit") / "data" / "demo" / name).read_text("utf-8")


def _json(name: str) -> list[Any]:
    data: list[Any] = json.loads(_text(name), parse_float=Decimal)
    return data


def load_county() -> DemoCounty:
    """Read the example county from the package data (through the CLI's own file readers)."""
    import io

    from poverty_credit.cli import _build_borrower, _csv_rows, build

    people = tuple(
        build(NaturalPerson, row.data) for row in _csv_rows(io.StringIO(_text("households.csv")))
    )
    entities = tuple(_build_borrower(d, "") for d in _json("entities.json"))
    loans = tuple(build(Loan, d) for d in _json("loans.json"))
    claims = tuple(build(CompensationClaim, d) for d in _json("claims.json"))
    return DemoCounty(people=people, entities=entities, loans=loans, claims=claims)  # type: ignore[arg-type]


class _Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "", indent: int = 0) -> None:
        for line in text.splitlines() or [""]:
            self.lines.append(" " * indent + line if line else "")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _tally(decisions: Iterable[Decision]) -> Counter[str]:
    return Counter(code.value for d in decisions for code in d.codes)


def _section_eligibility(out: _Report, county: DemoCounty, policy: Policy, lang: str) -> None:
    from poverty_credit.eligibility import check_eligibility

    out(f"1. Eligibility on {SCREEN_ON.isoformat()} (Art. 9, 10)")
    people = [check_eligibility(p, SCREEN_ON, policy) for p in county.people]
    entities = [check_eligibility(e, SCREEN_ON, policy) for e in county.entities]
    for what, decisions in (("people", people), ("entities", entities)):
        granted = sum(1 for d in decisions if d)
        out(f"{what + ':':<10}{len(decisions)} screened, {granted} eligible, "
            f"{len(decisions) - granted} not", 3)
    out("reasons for a refusal (a borrower may have several):", 3)
    for code, count in sorted(_tally(people + entities).items(), key=lambda kv: (-kv[1], kv[0])):
        out(f"{code:<26}{count:>4}", 5)
    out("for example:", 3)
    for decision in [next(d for d in people if not d), next(d for d in entities if not d)]:
        out(decision.explain(lang, passed=False), 5)
    out()


def _section_terms(out: _Report, county: DemoCounty, policy: Policy, lang: str) -> list[Loan]:
    from poverty_credit.approval import filing_deadline
    from poverty_credit.loan_terms import check_loan_terms, lending_capacity

    out('2. Loan terms, the "5321" policy (Art. 10, 11, 13)')
    decisions = [(loan, check_loan_terms(loan, policy)) for loan in county.loans]
    ok = [loan for loan, d in decisions if d]
    out(f"{len(decisions)} loans checked: {len(ok)} within the terms, "
        f"{len(decisions) - len(ok)} not", 3)
    for loan, decision in decisions:
        for reason in decision.reasons:
            out(f"{loan.id:<7}{reason.code.value:<22}{reason.text(lang)}", 5)
    out("lending capacity, leverage × allocation (Art. 13):", 3)
    for lender in policy.need("fund_allocations"):
        out(f"{lender:<16}{_money(lending_capacity(lender, policy)):>18}", 5)
    first = min(county.loans, key=lambda loan: (loan.start_date, loan.id))
    deadline = filing_deadline(first.start_date, policy)
    out(f"filing (Art. 17): loan {first.id} was made on {first.start_date.isoformat()}; "
        f"its list of borrowers is due by {deadline.isoformat()}", 3)
    days = policy.need("filing_working_days")
    out(f"({days} working days after the loan date, official calendar)", 3)
    out()
    return ok


def _section_subsidy(out: _Report, loans: Sequence[Loan], policy: Policy, lang: str) -> None:
    from poverty_credit.subsidy import settle_month

    year, month = SUBSIDY_MONTH
    out(f"3. Interest subsidy for {year}-{month:02d} (Art. 27), loans within the terms only")
    settlement = settle_month(loans, year, month, policy)
    out(f"{len(settlement.statements)} loans subsidised, {len(settlement.skipped)} without a "
        "subsidised day", 3)
    for lender, amount in settlement.totals.items():
        out(f"to {lender:<16}{_money(amount):>12}", 5)
    out(f"{'total':<19}{_money(settlement.total):>12}", 5)
    out("for example:", 3)
    examples = sorted(settlement.statements, key=lambda s: (-len(s.findings), s.loan_id))[:2]
    for statement in examples:
        out(statement.explain(lang), 5)
    out()


def _section_claims_and_fund(out: _Report, county: DemoCounty, policy: Policy, lang: str) -> None:
    from poverty_credit.claims import check_claim
    from poverty_credit.fund import RiskFund
    from poverty_credit.loss_sharing import share_loss

    out(f"4. Compensation claims reviewed on {CLAIMS_ON.isoformat()} (Art. 19-25)")
    accepted = []
    for claim in county.claims:
        decision = check_claim(claim, CLAIMS_ON, policy)
        loan = claim.loan
        if decision:
            share = share_loss(claim.loss, policy, insurer_share=loan.insurer_share)
            accepted.append((claim, share))
            out(f"{loan.id}  loss {_money(claim.loss):>10}  accepted: fund {_money(share.fund)}, "
                f"lender {_money(share.lender)} (Art. 22)", 3)
        else:
            out(f"{loan.id}  loss {_money(claim.loss):>10}  not accepted:", 3)
            for reason in decision.reasons:
                out(f"[{reason.code.value}] {reason.article or '-'}: {reason.text(lang)}", 7)
    out()

    out("5. The risk-compensation fund (Art. 4, 5, 7, 23, 26)")
    fund = RiskFund.open(policy, on=FUND_OPENED_ON)
    allocations = ", ".join(f"{k} {_money(v)}" for k, v in policy.need("fund_allocations").items())
    out(f"opened on {FUND_OPENED_ON.isoformat()}: {allocations}", 3)
    interest_from = FUND_OPENED_ON
    fund = _credit_interest(fund, policy, interest_from, INTEREST_CREDITED_ON[0])
    for claim, share in accepted:
        fund, payout = fund.pay(share.fund, claim.loan.lender, PAID_ON, reference=claim.loan.id)
        out(f"paid {PAID_ON.isoformat()} for {claim.loan.id} ({claim.loan.lender}): "
            f"{_money(payout.from_fund)} from the fund, {_money(payout.from_county)} county top-up",
            3)
    if accepted:
        claim, share = accepted[0]
        recovered = (claim.loss / 4).quantize(Decimal("0.01"))
        fund, back = fund.recover(recovered, claim.loan.lender, RECOVERED_ON,
                                  reference=claim.loan.id, share=share)
        out(f"recovered {RECOVERED_ON.isoformat()} from the borrower of {claim.loan.id}: "
            f"{_money(recovered)} → fund {_money(back.fund)}, lender {_money(back.lender)} "
            "(Art. 23)", 3)
    fund = _credit_interest(fund, policy, INTEREST_CREDITED_ON[0], INTEREST_CREDITED_ON[1])
    out(f"deposit interest credited on {INTEREST_CREDITED_ON[0].isoformat()} and "
        f"{INTEREST_CREDITED_ON[1].isoformat()} (Art. 4, {policy.need('fund_deposit_tier').value} "
        "deposit rate)", 3)
    out()
    out(f"The fund's statement for {REPORT_YEAR} (Art. 5):")
    out(_statement_text(fund, REPORT_YEAR, policy, lang), 3)


def _credit_interest(fund: Any, policy: Policy, start: _dt.date, end: _dt.date) -> Any:
    for lender in policy.need("fund_allocations"):
        fund = fund.accrue_interest(lender, start, end)
    return fund


_STATEMENT_ROWS = (
    ("opening", "opening balance", "年初余额"),
    ("contributions", "+ contributions", "+ 注入资金"),
    ("interest", "+ deposit interest", "+ 存款利息"),
    ("payouts", "- payouts", "- 代偿支出"),
    ("recoveries", "+ recoveries", "+ 追偿收回"),
    ("clawbacks", "+ clawbacks", "+ 追回违规资金"),
    ("closing", "closing balance", "年末余额"),
    ("county_top_ups", "county top-ups (beside the fund)", "县财政另行补足"),
    ("county_refunds", "returned to the county", "退还县财政"),
)


def _statement_text(fund: Any, year: int, policy: Policy, lang: str) -> str:
    """The year's statement per lender and in total, as aligned columns."""
    columns = [fund.statement(year, lender) for lender in policy.need("fund_allocations")]
    columns.append(fund.statement(year))
    heads = [*policy.need("fund_allocations"), "total" if lang == "en" else "合计"]
    label_width = max(len(en) for _, en, _ in _STATEMENT_ROWS) + 2
    widths = [max(len(h), 16) for h in heads]
    lines = [" " * label_width + "  ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True))]
    for name, en, zh in _STATEMENT_ROWS:
        label = en if lang == "en" else zh
        pad = label_width - sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)
        cells = "  ".join(_money(getattr(s, name)).rjust(w)
                          for s, w in zip(columns, widths, strict=True))
        lines.append(label + " " * max(pad, 1) + cells)
    return "\n".join(lines)


def run_demo(lang: str = "en", policy: Policy = DEFAULT_POLICY) -> str:
    """The main job on the example county, as a readable report (messages in ``lang``).

    >>> report = run_demo()
    >>> report.splitlines()[0]
    'poverty-credit demo: the example county (synthetic data shipped with the package)'
    """
    county = load_county()
    out = _Report()
    out("poverty-credit demo: the example county (synthetic data shipped with the package)")
    households = len({p.household for p in county.people})
    lenders = " and ".join(sorted({loan.lender for loan in county.loans}))
    out(f"{len(county.people)} people in {households} households, {len(county.entities)} legal "
        f"entities, {len(county.loans)} loans by {lenders},")
    which = "the Measures' own values" if policy == DEFAULT_POLICY else "a variant"
    out(f"{len(county.claims)} compensation claims. Policy: {which}.")
    out()
    _section_eligibility(out, county, policy, lang)
    ok = _section_terms(out, county, policy, lang)
    _section_subsidy(out, ok, policy, lang)
    _section_claims_and_fund(out, county, policy, lang)
    return out.text()
