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
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from poverty_credit.decision import Decision
from poverty_credit.models import CompensationClaim, LegalEntity, Loan, NaturalPerson
from poverty_credit.policy import DEFAULT_POLICY, ExistingContracts, Policy

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


def _data(name: str) -> bytes:
    return (resources.files("poverty_credit") / "data" / "demo" / name).read_bytes()


def load_county() -> DemoCounty:
    """Read the example county from the package data through
    :func:`~poverty_credit.readers.read_records`, the reading layer the command line uses."""
    import io

    from poverty_credit.readers import read_records

    def read(name: str, cls: Any) -> tuple[Any, ...]:
        fmt = name.rsplit(".", 1)[1]
        return tuple(read_records(io.BytesIO(_data(name)), cls, format=fmt, name=name))

    return DemoCounty(
        people=read("households.csv", NaturalPerson),
        entities=read("entities.json", LegalEntity),
        loans=read("loans.json", Loan),
        claims=read("claims.json", CompensationClaim),
    )


class _Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "", indent: int = 0) -> None:
        for line in text.splitlines() or [""]:
            self.lines.append(" " * indent + line if line else "")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


_TIERS_ZH = {"demand": "活期", "3m": "三个月定期", "6m": "半年定期", "1y": "一年定期",
             "2y": "二年定期", "3y": "三年定期", "5y": "五年定期"}


class _Lang:
    """Pick the English or the Chinese text; lenders by the names the policy gives them."""

    def __init__(self, lang: str) -> None:
        self.zh = lang == "zh"

    def __call__(self, en: str, zh: str) -> str:
        return zh if self.zh else en

    def lender(self, key: str) -> str:
        from poverty_credit._labels import lender_name

        return lender_name(key, "zh") if self.zh else key


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 1)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _tally(decisions: Iterable[Decision]) -> Counter[str]:
    return Counter(code.value for d in decisions for code in d.codes)


def _section_eligibility(out: _Report, county: DemoCounty, policy: Policy, lang: str) -> None:
    from poverty_credit.eligibility import check_eligibility

    t = _Lang(lang)
    out(t(f"1. Eligibility on {SCREEN_ON.isoformat()} (Art. 9, 10)",
          f"1. {SCREEN_ON.isoformat()}借款人资格审查（第九条、第十条）"))
    people = [check_eligibility(p, SCREEN_ON, policy) for p in county.people]
    entities = [check_eligibility(e, SCREEN_ON, policy) for e in county.entities]
    for what, zh, decisions in (("people", "自然人", people), ("entities", "法人", entities)):
        granted = sum(1 for d in decisions if d)
        out(t(f"{what + ':':<10}{len(decisions)} screened, {granted} eligible, "
              f"{len(decisions) - granted} not",
              f"{zh}：审查{len(decisions)}个，符合条件{granted}个，"
              f"不符合{len(decisions) - granted}个"),
            3)
    out(t("reasons for a refusal (a borrower may have several):",
          "不予通过的原因（一户可有多项）："), 3)
    for code, count in sorted(_tally(people + entities).items(), key=lambda kv: (-kv[1], kv[0])):
        out(f"{code:<26}{count:>4}", 5)
    out(t("for example:", "例如："), 3)
    for decision in [next(d for d in people if not d), next(d for d in entities if not d)]:
        out(decision.explain(lang, passed=False), 5)
    out()


def _section_terms(out: _Report, county: DemoCounty, policy: Policy, lang: str) -> list[Loan]:
    from poverty_credit.approval import filing_deadline
    from poverty_credit.loan_terms import check_loan_terms, lending_capacity

    t = _Lang(lang)
    out(t('2. Loan terms, the "5321" policy (Art. 10, 11, 13)',
          "2. “5321”贷款条件审查（第十条、第十一条、第十三条）"))
    decisions = [(loan, check_loan_terms(loan, policy)) for loan in county.loans]
    ok = [loan for loan, d in decisions if d]
    out(t(f"{len(decisions)} loans checked: {len(ok)} within the terms, "
          f"{len(decisions) - len(ok)} not",
          f"审查贷款{len(decisions)}笔：符合条件{len(ok)}笔，"
          f"不符合{len(decisions) - len(ok)}笔"), 3)
    for loan, decision in decisions:
        for reason in decision.reasons:
            out(f"{loan.id:<7}{reason.code.value:<22}{reason.text(lang)}", 5)
    out(t("lending capacity, leverage × allocation (Art. 13):",
          "放贷规模上限 = 放大倍数 × 风险补偿金（第十三条）："), 3)
    for lender in policy.need("fund_allocations"):
        out(_pad(t.lender(lender), 16) + f"{_money(lending_capacity(lender, policy)):>18}", 5)
    first = min(county.loans, key=lambda loan: (loan.start_date, loan.id))
    deadline = filing_deadline(first.start_date, policy)
    out(t(f"filing (Art. 17): loan {first.id} was made on {first.start_date.isoformat()}; "
          f"its list of borrowers is due by {deadline.isoformat()}",
          f"备案（第十七条）：贷款{first.id}于{first.start_date.isoformat()}发放，"
          f"借款人名单最迟应于{deadline.isoformat()}报备"), 3)
    days = policy.need("filing_working_days")
    out(t(f"({days} working days after the loan date, official calendar)",
          f"（放款日后第{days}个工作日，按国务院公布的节假日安排）"), 3)
    out()
    return ok


def _section_subsidy(out: _Report, loans: Sequence[Loan], policy: Policy, lang: str) -> None:
    from poverty_credit.subsidy import settle_month

    year, month = SUBSIDY_MONTH
    t = _Lang(lang)
    out(t(f"3. Interest subsidy for {year}-{month:02d} (Art. 27), loans within the terms only",
          f"3. {year}年{month:02d}月贴息结算（第二十七条），仅限符合条件的贷款"))
    settlement = settle_month(loans, year, month, policy)
    out(t(f"{len(settlement.statements)} loans subsidised, {len(settlement.skipped)} without a "
          "subsidised day",
          f"贴息贷款{len(settlement.statements)}笔，无贴息天数{len(settlement.skipped)}笔"), 3)
    for lender, amount in settlement.totals.items():
        out(_pad(t(f"to {lender}", f"拨付{t.lender(lender)}"), 19) + f"{_money(amount):>12}", 5)
    out(_pad(t("total", "合计"), 19) + f"{_money(settlement.total):>12}", 5)
    out(t("for example:", "例如："), 3)
    examples = sorted(settlement.statements, key=lambda s: (-len(s.findings), s.loan_id))[:2]
    for statement in examples:
        out(statement.explain(lang), 5)
    out()


#: The day the illustrative later document of the mixed-book section takes effect.
LATER_RULES_FROM = _dt.date(2025, 1, 1)


def later_rules(policy: Policy = DEFAULT_POLICY) -> Policy:
    """An *illustrative* later document of the example county (not a real one): from
    :data:`LATER_RULES_FROM` it lends under the 2021 national notice's terms (the LPR as benchmark;
    up to 10万 per household, 5万 of it subsidised), keeping ``policy``'s other values; contracts
    made before it keep ``policy`` ("keep", 银保监发〔2020〕28号)."""
    from poverty_credit.citations import PolicyDocument
    from poverty_credit.policy_presets import preset

    national = preset("national-2021")
    return attrs.evolve(
        policy,
        document=PolicyDocument(
            id="x-county-2025-example",
            title="示例县2025年脱贫人口小额信贷实施细则（演示用，非真实文件）",
            short_name="the example county's 2025 rules",
            short_name_zh="示例县2025年细则",
            verified=False,
            source="illustrative only: national-2021's terms on the seed's other values",
        ),
        citations={},
        effective_from=LATER_RULES_FROM,
        existing_contracts=ExistingContracts.KEEP,
        benchmark=national.benchmark,
        max_loan_amount=national.max_loan_amount,
        max_subsidised_principal=national.max_subsidised_principal,
        max_covered_principal=national.max_covered_principal,
        caps_per_household=national.caps_per_household,
    )


def _section_mixed_book(out: _Report, loans: Sequence[Loan], policy: Policy, lang: str) -> None:
    from poverty_credit.schedule import PolicySchedule
    from poverty_credit.subsidy import settle_month

    year, month = SUBSIDY_MONTH
    t = _Lang(lang)
    later = later_rules(policy)
    book = PolicySchedule([policy, later])
    out(t(f"4. One book, two documents: {year}-{month:02d} again, with later rules from "
          f"{LATER_RULES_FROM.isoformat()}",
          f"4. 同一账簿、两份文件：{LATER_RULES_FROM.isoformat()}起施行新细则后重算"
          f"{year}年{month:02d}月贴息"))
    out(t(f"(an illustrative document: {later.document.title}; loans made before it keep "
          f"{policy.id}, as 银保监发〔2020〕28号 keeps a contract's policy)",
          f"（演示文件：{later.document.title}；此前签订的合同仍适用{policy.id}，"
          "依银保监发〔2020〕28号合同期内保持政策不变）"), 3)
    settlement = settle_month(loans, year, month, book)
    per_document: dict[str, list[Decimal]] = {}
    for statement in settlement.statements:
        per_document.setdefault(str(statement.policy_id), []).append(statement.amount)
    for document, amounts in per_document.items():
        total = sum(amounts, Decimal("0.00"))
        out(_pad(t(f"under {document}", f"适用{document}"), 34)
            + t(f"{len(amounts):>4} loans", f"{len(amounts):>4}笔") + f"{_money(total):>12}", 5)
    out(_pad(t("total", "合计"), 34) + " " * (10 if lang == "en" else 7)
        + f"{_money(settlement.total):>12}", 5)
    newer = [s for s in settlement.statements if s.policy_id == later.id]
    if newer:
        out(t("for example, a loan made under the later rules:", "例如，按新细则发放的贷款："), 3)
        out(newer[0].explain(lang), 5)
    out()


def _section_claims_and_fund(out: _Report, county: DemoCounty, policy: Policy, lang: str) -> None:
    from poverty_credit.claims import check_claim
    from poverty_credit.fund import RiskFund
    from poverty_credit.loss_sharing import share_loss

    t = _Lang(lang)
    out(t(f"5. Compensation claims reviewed on {CLAIMS_ON.isoformat()} (Art. 19-25)",
          f"5. {CLAIMS_ON.isoformat()}代偿申请审核（第十九条至第二十五条）"))
    accepted = []
    for claim in county.claims:
        decision = check_claim(claim, CLAIMS_ON, policy)
        loan = claim.loan
        if decision:
            share = share_loss(claim.loss, policy, insurer_share=loan.insurer_share)
            accepted.append((claim, share))
            out(t(f"{loan.id}  loss {_money(claim.loss):>10}  accepted: fund "
                  f"{_money(share.fund)}, lender {_money(share.lender)} (Art. 22)",
                  f"{loan.id}  损失 {_money(claim.loss):>10}  受理：风险补偿金承担"
                  f"{_money(share.fund)}，{t.lender(loan.lender)}承担{_money(share.lender)}"
                  "（第二十二条）"), 3)
        else:
            out(t(f"{loan.id}  loss {_money(claim.loss):>10}  not accepted:",
                  f"{loan.id}  损失 {_money(claim.loss):>10}  不予受理："), 3)
            for reason in decision.reasons:
                out(f"[{reason.code.value}] {reason.article or '-'}: {reason.text(lang)}", 7)
    out()

    out(t("6. The risk-compensation fund (Art. 4, 5, 7, 23, 26)",
          "6. 风险补偿金（第四条、第五条、第七条、第二十三条、第二十六条）"))
    fund = RiskFund.open(policy, on=FUND_OPENED_ON)
    allocations = t(", ", "，").join(f"{t.lender(k)} {_money(v)}"
                                     for k, v in policy.need("fund_allocations").items())
    out(t(f"opened on {FUND_OPENED_ON.isoformat()}: {allocations}",
          f"{FUND_OPENED_ON.isoformat()}设立：{allocations}"), 3)
    interest_from = FUND_OPENED_ON
    fund = _credit_interest(fund, policy, interest_from, INTEREST_CREDITED_ON[0])
    for claim, share in accepted:
        fund, payout = fund.pay(share.fund, claim.loan.lender, PAID_ON, reference=claim.loan.id)
        out(t(f"paid {PAID_ON.isoformat()} for {claim.loan.id} ({claim.loan.lender}): "
              f"{_money(payout.from_fund)} from the fund, {_money(payout.from_county)} county "
              "top-up",
              f"{PAID_ON.isoformat()}代偿{claim.loan.id}（{t.lender(claim.loan.lender)}）："
              f"风险补偿金支付{_money(payout.from_fund)}，县财政补足{_money(payout.from_county)}"),
            3)
    if accepted:
        claim, share = accepted[0]
        recovered = (claim.loss / 4).quantize(Decimal("0.01"))
        fund, back = fund.recover(recovered, claim.loan.lender, RECOVERED_ON,
                                  reference=claim.loan.id, share=share)
        out(t(f"recovered {RECOVERED_ON.isoformat()} from the borrower of {claim.loan.id}: "
              f"{_money(recovered)} → fund {_money(back.fund)}, lender {_money(back.lender)} "
              "(Art. 23)",
              f"{RECOVERED_ON.isoformat()}向{claim.loan.id}借款人追偿{_money(recovered)}："
              f"归还风险补偿金{_money(back.fund)}，贷款银行{_money(back.lender)}（第二十三条）"), 3)
    fund = _credit_interest(fund, policy, INTEREST_CREDITED_ON[0], INTEREST_CREDITED_ON[1])
    tier = policy.need("fund_deposit_tier").value
    out(t(f"deposit interest credited on {INTEREST_CREDITED_ON[0].isoformat()} and "
          f"{INTEREST_CREDITED_ON[1].isoformat()} (Art. 4, {tier} deposit rate)",
          f"{INTEREST_CREDITED_ON[0].isoformat()}和{INTEREST_CREDITED_ON[1].isoformat()}"
          f"计入存款利息（第四条，{_TIERS_ZH.get(tier, '')}存款基准利率）"), 3)
    out()
    out(t(f"The fund's statement for {REPORT_YEAR} (Art. 5):",
          f"{REPORT_YEAR}年度风险补偿金收支情况（第五条）："))
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
    t = _Lang(lang)
    heads = [*(t.lender(k) for k in policy.need("fund_allocations")), t("total", "合计")]
    label_width = max(len(en) for _, en, _ in _STATEMENT_ROWS) + 2
    widths = [max(_width(h), 16) for h in heads]
    lines = [" " * label_width + "  ".join(" " * (w - _width(h)) + h
                                           for h, w in zip(heads, widths, strict=True))]
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
    t = _Lang(lang)
    out(t("poverty-credit demo: the example county (synthetic data shipped with the package)",
          "poverty-credit 演示：示例县（随软件包提供的模拟数据）"))
    households = len({p.household for p in county.people})
    lenders = sorted({loan.lender for loan in county.loans})
    if lang == "zh":
        which = "本办法规定的参数" if policy == DEFAULT_POLICY else "调整后的参数"
        out(f"{len(county.people)}人（{households}户），法人{len(county.entities)}个，"
            f"{'、'.join(t.lender(x) for x in lenders)}发放贷款{len(county.loans)}笔，")
        out(f"代偿申请{len(county.claims)}笔。政策：{which}。")
    else:
        which = "the Measures' own values" if policy == DEFAULT_POLICY else "a variant"
        out(f"{len(county.people)} people in {households} households, {len(county.entities)} "
            f"legal entities, {len(county.loans)} loans by {' and '.join(lenders)},")
        out(f"{len(county.claims)} compensation claims. Policy: {which}.")
    out()
    _section_eligibility(out, county, policy, lang)
    ok = _section_terms(out, county, policy, lang)
    _section_subsidy(out, ok, policy, lang)
    _section_mixed_book(out, ok, policy, lang)
    _section_claims_and_fund(out, county, policy, lang)
    return out.text()
