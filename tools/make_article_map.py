"""Write docs/explanation/articles.md: the seed Measures' articles and the code that applies them.

The reason codes, article labels and quoted words come from the seed's citations
(``DEFAULT_POLICY.citations``, i.e. ``data/presets/x-county-measures.toml``), so the map is not
written twice; only each article's subject and the functions that decide it are kept here.
Run ``python tools/make_article_map.py`` after changing the seed's citations; a test checks the
page is current.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from poverty_credit import DEFAULT_POLICY

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "explanation" / "articles.md"

#: article → (subject, where it is decided). Articles with nothing to compute say "not encoded".
ARTICLES: dict[int, tuple[str, str]] = {
    1: ("purpose and legal basis", "not encoded: it states why the Measures exist"),
    2: ("definitions of the two funds", "not encoded: definitions; they shape `RiskFund` and the "
        "subsidy functions"),
    3: ("principles (政府主导、自愿申请…)", "not encoded: principles, with no decision"),
    4: ("dedicated accounts; interest at the same-tier deposit benchmark",
        "`RiskFund.accrue_interest` (`Policy.fund_deposit_tier`, `deposit_rate`)"),
    5: ("size (20 M: 4 M higher-level, 16 M county); interest added; yearly accounts",
        "`Policy.fund_allocations`, `Policy.fund_sources`, `RiskFund.open`, "
        "`RiskFund.contribute`, `RiskFund.statement(year)`"),
    6: ("funds passed to the poverty office and the service centres",
        "not encoded: a transfer between offices"),
    7: ("the two lenders, each with its own fund account",
        "lender keys of `Policy.fund_allocations` and `Policy.lender_names`; balances per lender "
        "in `RiskFund`"),
    8: ("lenders' duties and yearly lending plans", "not encoded: obligations of conduct"),
    9: ("who may borrow: natural persons (1) and legal entities (2)",
        "`check_eligibility`, `counted_households`; `AGE_BELOW_LIMIT` is the national rule"),
    10: ("the \"5321\" policy; an entity's limit follows the households it drives",
         "`check_loan_terms`, `entity_credit_limit`; `check_eligibility` for entities; "
         "`check_portfolio`"),
    11: ("poverty relending rate one point below the normal rate",
         "`poverty_relending_rate` (`Policy.relending_discount`)"),
    12: ("lending volumes (first sentence); star-rating targets 30 % / 50 %",
         "targets: `check_portfolio`; the first sentence is not encoded (a negotiation)"),
    13: ("lending at 1:10 of the fund; the fund covers principal and interest; insurance",
         "`lending_capacity`, `check_portfolio`, `CompensationClaim.loss`; insurance is "
         "voluntary (an insured loan's `insurer_share` is honoured by `share_loss`)"),
    14: ("the leading group and its powers",
         "not encoded: organisation (item 4, the fund's size, is a `RiskFund.contribute`)"),
    15: ("day-to-day management", "not encoded: organisation"),
    16: ("evaluation and supervision systems", "not encoded: organisation"),
    17: ("reviews, approval, stamps; filing within 15 working days",
         "`check_disbursement`, `filing_deadline`, `add_working_days`, `OfficialCalendar`"),
    18: ("principles of the fund's operation", "not encoded: principles"),
    19: ("90 days past due; the poverty office determines the loss",
         "`check_claim`, `days_past_due`"),
    20: ("the payout procedure: material, 7-day notice, joint approval, payment",
         "`check_claim`; the payment: `RiskFund.pay`"),
    21: ("claims not accepted (不予受理)", "`check_claim`"),
    22: ("only bad debts; 70 % fund, 30 % lender; insured loans",
         "`share_loss` (`Policy.fund_share`, `insurer_share`), `RiskFund.pay`"),
    23: ("right of recourse; recoveries returned in proportion",
         "`share_recovery`, `RiskFund.recover`"),
    24: ("the town poverty station verifies and signs", "`check_claim`"),
    25: ("covered causes of loss (natural-person loans)", "`check_claim` with `LossCause`"),
    26: ("what exceeds the fund is paid by the county",
         "`RiskFund.pay` → `Payout(from_fund, from_county)`"),
    27: ("the subsidy: monthly settlement, rate = benchmark, none after a late repayment",
         "`monthly_subsidy`, `subsidy_schedule`, `settle_month`; the filing procedure (即报即审) "
         "is not encoded"),
    28: ("natural persons' subsidy documents", "`check_documents`, `required_documents`"),
    29: ("legal entities' subsidy documents", "`check_documents`, dated by `on`"),
    30: ("supervision and inspection", "not encoded: oversight"),
    31: ("audit", "not encoded: oversight"),
    32: ("clawback of money paid on a false claim or without a loss determination",
         "`RiskFund.claw_back`; `check_claim` stops such a claim beforehand"),
}


def _numbers(article: str) -> list[int]:
    """``"Art. 20(4), 22, 26"`` → ``[20, 22, 26]``; ``"Art. 27 ¶2"`` → ``[27]``."""
    parts = article.removeprefix("Art. ").split(",")
    return [int(m.group(1)) for part in parts if (m := re.match(r"\s*(\d+)", part))]


def generate() -> str:
    cited: dict[int, list[str]] = defaultdict(list)
    for key, citation in DEFAULT_POLICY.citations.items():
        label = citation.article_zh or ""
        quote = f" “{citation.quote}”" if citation.quote else ""
        entry = f"`{key}` ({citation.article}, {label}{quote})" if label else (
            f"`{key}` ({citation.article}{quote})")
        for number in _numbers(citation.article):
            cited[number].append(entry)
    lines = [
        "# The articles of the Measures in code",
        "",
        "<!-- generated by tools/make_article_map.py from the seed's citations; do not edit -->",
        "",
        "This page maps each of the 32 articles of the seed Measures to the functions that decide "
        "it, or",
        "marks it \"not encoded\" with the reason (the library encodes a rule when there is a "
        "decision or a",
        "figure to compute). The reason codes, the article labels and the quoted words in the "
        "last column",
        "are the seed's citations (`DEFAULT_POLICY.citations`, shipped in "
        "`data/presets/x-county-measures.toml`):",
        "the same data every reason reads its article from. Another county's policy file brings "
        "its own.",
        "",
        "| article | subject | decided by | citations (reason code: article, label, quoted "
        "words) |",
        "|---|---|---|---|",
    ]
    for number, (subject, where) in ARTICLES.items():
        codes = "; ".join(sorted(cited.get(number, []))) or "—"
        lines.append(f"| {number} | {subject} | {where} | {codes} |")
    lines += [
        "",
        "Every key in the last column is a member of `ReasonCode` (or `CODE:variant`, a second "
        "article or",
        "quotation one rule uses):",
        "",
        "```python",
        ">>> from poverty_credit import DEFAULT_POLICY, ReasonCode",
        ">>> codes = {key.split(\":\")[0] for key in DEFAULT_POLICY.citations}",
        ">>> codes <= set(ReasonCode.__members__)",
        "True",
        "",
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    PAGE.write_text(generate(), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE.relative_to(ROOT)}\n")
