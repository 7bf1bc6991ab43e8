"""Reports a finance office signs: the settlement, the fund's books, the portfolio.

A :class:`Report` is plain data — a title, a few facts (period, policy document, source file),
tables with their totals, notes and sign-off lines — built from the rules' results by
:func:`settlement_report`, :func:`fund_report` and :func:`portfolio_report`. One renderer per
output format turns it into text: :func:`render_text` (aligned columns, CJK-aware),
:func:`render_csv`
(CRLF, optional byte-order mark so that Excel opens UTF-8 correctly), :func:`render_json`,
:func:`render_html` (a printable page) and :func:`render_xlsx` (needs the
``excel`` extra).

Every figure is an exact ``Decimal``; renderers never round, they only format.

>>> import datetime as dt
>>> from poverty_credit import Loan, NaturalPerson, settle_month
>>> p = NaturalPerson(id="P-1", birth_date=dt.date(1980, 5, 1), registered_poor=True)
>>> loan = Loan(id="L-1", borrower=p, lender="credit_union", principal="50000",
...             start_date=dt.date(2016, 3, 1), maturity_date=dt.date(2017, 3, 1),
...             annual_rate="0.0435")
>>> report = settlement_report(settle_month([loan], 2016, 3), [loan], DEFAULT_POLICY, lang="zh")
>>> print(render_text(report))  # doctest: +ELLIPSIS
2016年03月 扶贫贷款贴息结算表
...
县信用联社 (credit_union)
贷款编号  借款人  贷款金额  贴息天数  积数        贴息率   贴息金额  说明
L-1       P-1     50000.00        31  1550000.00  0.0435     187.29
合计                                                         187.29
...
"""

from __future__ import annotations

import csv
import html
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from poverty_credit._labels import EVENT_KINDS_ZH, heading, lender_name
from poverty_credit._money import ZERO
from poverty_credit.decision import Decision
from poverty_credit.models import Loan
from poverty_credit.policy import DEFAULT_POLICY, Policy
from poverty_credit.records import plain
from poverty_credit.schedule import PolicySchedule

__all__ = [
    "FORMATS",
    "Report",
    "Table",
    "fund_report",
    "policy_label",
    "portfolio_report",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_text",
    "render_xlsx",
    "settlement_report",
]

#: Output formats of :func:`render`; ``xlsx`` gives bytes, the others text.
FORMATS = ("table", "csv", "json", "html", "xlsx")


@attrs.frozen(kw_only=True)
class Table:
    """One table of a report: column keys (English, also the JSON keys), headings in the report's
    language, rows of values, and an optional totals row (``None`` cells are blank)."""

    title: str
    columns: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None


@attrs.frozen(kw_only=True)
class Report:
    """A report: ``kind`` (``"settlement"``, ``"fund"``, ``"portfolio"``, ``"results"``), a
    ``title``, ``facts`` (label, value) in order, ``tables``, ``notes`` and ``signoff`` lines."""

    kind: str
    title: str
    lang: str
    facts: tuple[tuple[str, str], ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    signoff: tuple[str, ...] = ()


def _last(policy: Any) -> Any:
    """A schedule's latest policy (for the lenders and the document), or the policy itself."""
    policies = getattr(policy, "policies", None)
    return policies[-1] if policies else policy


def _allocations(policy: Any) -> Mapping[str, Any]:
    """The policy's lenders (refused with the policy's own message when it leaves them unset)."""
    policy = _last(policy)
    need = getattr(policy, "need", None)
    allocations: Mapping[str, Any] = need("fund_allocations") if callable(need) else (
        policy.fund_allocations)
    return allocations


def _zh(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], lang: str,
           total: Sequence[Any] | None = None) -> Table:
    return Table(title=title, columns=tuple(columns),
                 headings=tuple(heading(c, lang) for c in columns),
                 rows=tuple(tuple(r) for r in rows),
                 total=None if total is None else tuple(total))


def policy_label(policy: Policy | PolicySchedule, source: str | None = None) -> str:
    """The document a policy encodes, for a report's header: its ``document`` (id and title) when
    the policy carries one, else the Measures' id for the default policy or the policy file."""
    policies = getattr(policy, "policies", None)
    if policies:
        labels = [policy_label(p) for p in policies]
        joined = "; ".join(dict.fromkeys(labels))
        return f"{joined}, policy file {source}" if source else joined
    document = getattr(policy, "document", None)
    if document is not None:
        title = getattr(document, "title", None)
        ident = getattr(document, "id", None)
        label = f"{ident} ({title})" if title else str(ident)
        return f"{label}, policy file {source}" if source else label
    if policy == DEFAULT_POLICY:
        return "x-county-measures (X县金融扶贫贷款风险补偿金和贴息资金管理办法)"
    return f"policy file {source}" if source else "a policy variant"


def _signoff(lang: str, *extra: str) -> tuple[str, ...]:
    line = "________________"
    if lang == "zh":
        people = ("制表人", "复核人", *extra, "审批人", "日期")
        return tuple(f"{who}：{line}" for who in people)
    people = ("Prepared by", "Checked by", *extra, "Approved by", "Date")
    return tuple(f"{who}: {line}" for who in people)


# --------------------------------------------------------------------------------------------
# builders


def settlement_report(settlement: Any, loans: Iterable[Loan], policy: Policy | PolicySchedule, *,
                      lang: str = "en", source: str | None = None,
                      policy_source: str | None = None) -> Report:
    """The signed statement of a month's (or a year's) subsidy settlement: one table per lender
    with its loans and subtotal, the totals per lender, the skipped loans with their reasons, the
    policy document, and sign-off lines (Art. 27 一月一结算, paid to the lenders)."""
    by_id = {loan.id: loan for loan in loans}
    month = getattr(settlement, "month", None)
    period = f"{settlement.year}-{month:02d}" if month else str(settlement.year)
    period_zh = f"{settlement.year}年{month:02d}月" if month else f"{settlement.year}年度"
    title = _zh(lang, f"Interest subsidy settlement {period}", f"{period_zh} 扶贫贷款贴息结算表")
    columns = ("loan_id", "borrower", "principal", "days", "principal_days", "rate", "amount",
               "messages")
    tables = []
    statements_of: dict[str, list[Any]] = {lender: [] for lender in settlement.totals}
    for statement in settlement.statements:
        lender = by_id[statement.loan_id].lender
        statements_of.setdefault(lender, []).append(statement)
    for lender, statements in statements_of.items():
        rows = []
        for s in statements:
            loan = by_id[s.loan_id]
            codes = "; ".join(f"{r.code.value}" for r in s.findings)
            rows.append((s.loan_id, loan.borrower.id, loan.principal, s.days, s.principal_days,
                         s.rate, s.amount, codes))
        total = (heading("total", lang), None, None, None, None, None,
                 settlement.totals.get(lender, ZERO), None)
        tables.append(_table(f"{lender_name(lender, lang)} ({lender})", columns, rows, lang,
                             total))
    totals_rows = [(lender_name(lender, lang), lender, len(statements_of.get(lender, ())), amount)
                   for lender, amount in settlement.totals.items()]
    tables.append(Table(
        title=_zh(lang, "Totals per lender", "各贷款银行合计"),
        columns=("lender_name", "lender", "statements", "amount"),
        headings=(heading("lender", lang), _zh(lang, "key", "代码"),
                  _zh(lang, "loans", "笔数"), heading("amount", lang)),
        rows=tuple(totals_rows),
        total=(heading("total", lang), None, len(settlement.statements), settlement.total),
    ))
    skipped_rows = []
    for skipped in settlement.skipped:
        if lang == "zh" and skipped.findings:
            reason = "；".join(r.message_zh for r in skipped.findings)
        else:
            reason = skipped.reason
        skipped_rows.append((skipped.loan_id, lender_name(skipped.lender, lang), reason))
    tables.append(_table(_zh(lang, "Loans without a subsidised day", "本期不予贴息的贷款"),
                         ("loan_id", "lender", "reason"), skipped_rows, lang))
    facts = [
        (_zh(lang, "Period", "结算期间"), period),
        (_zh(lang, "Policy", "政策依据"), policy_label(policy, policy_source)),
    ]
    ids = sorted({str(i) for s in settlement.statements
                  for i in (getattr(s, "policy_ids", None) or [getattr(s, "policy_id", None)])
                  if i})
    if ids:
        facts.append((_zh(lang, "Computed under", "计算所依政策"), ", ".join(ids)))
    if source:
        facts.append((_zh(lang, "Loans file", "贷款数据文件"), source))
    facts.append((_zh(lang, "Loans", "贷款笔数"),
                  _zh(lang, f"{len(settlement.statements)} subsidised, "
                      f"{len(settlement.skipped)} without a subsidised day",
                      f"贴息{len(settlement.statements)}笔，不予贴息{len(settlement.skipped)}笔")))
    notes = (_zh(lang, "Amounts in yuan, each statement rounded half up to "
                                  "the fen once; the totals are the sums of the statements.",
                 "金额单位：元；每笔贴息按四舍五入保留至分，合计为各笔之和。"),)
    extra = tuple(_zh(lang, f"{lender_name(lender, 'en')} (seal)",
                      f"{lender_name(lender, 'zh')}（盖章）") for lender in settlement.totals)
    return Report(kind="settlement", title=title, lang=lang, facts=tuple(facts),
                  tables=tuple(tables), notes=notes,
                  signoff=_signoff(lang, *extra, _zh(lang, "Finance office (seal)",
                                                     "县财政局（盖章）")))


_FUND_ROWS = ("opening", "contributions", "interest", "payouts", "recoveries", "clawbacks",
              "closing", "county_top_ups", "county_refunds")


def fund_report(fund: Any, years: Sequence[int], *, lang: str = "en",
                source: str | None = None, policy_source: str | None = None) -> Report:
    """The fund's books: the ledger of events, then each year's statement per lender and in total
    (Art. 5 按年度核算、滚存使用); every statement balances to the fen."""
    policy = fund.policy
    lenders = list(_allocations(policy))
    ledger = [(e.on, EVENT_KINDS_ZH[e.kind] if lang == "zh" else e.kind.value,
               lender_name(e.lender, lang), e.amount, e.county, e.reference, e.article)
              for e in fund.events]
    tables = [Table(
        title=_zh(lang, "Ledger", "台账"),
        columns=("on", "kind", "lender", "amount", "county", "reference", "article"),
        headings=(_zh(lang, "date", "日期"), _zh(lang, "event", "业务类型"),
                  heading("lender", lang), heading("money", lang),
                  _zh(lang, "county", "县财政"), _zh(lang, "reference", "关联编号"),
                  heading("article", lang)),
        rows=tuple(ledger),
    )]
    for year in years:
        columns = [fund.statement(year, lender) for lender in lenders]
        columns.append(fund.statement(year))
        keys = ("item", *lenders, "total")
        rows = [(heading(name, lang), *(getattr(s, name) for s in columns)) for name in _FUND_ROWS]
        tables.append(Table(
            title=_zh(lang, f"Statement for {year}", f"{year}年度风险补偿金收支情况"),
            columns=keys,
            headings=(heading("item", lang), *(lender_name(x, lang) for x in lenders),
                      heading("total", lang)),
            rows=tuple(rows),
        ))
    facts = [(_zh(lang, "Policy", "政策依据"), policy_label(policy, policy_source)),
             (_zh(lang, "Years", "年度"), ", ".join(str(y) for y in years))]
    if source:
        facts.append((_zh(lang, "Events file", "台账文件"), source))
    notes = (_zh(lang, "County top-ups and refunds are shown beside the fund: they do not pass "
                 "through its account (Art. 26).",
                 "县财政另行补足及退还县财政的资金不计入风险补偿金专户余额（第二十六条）。"),)
    return Report(kind="fund", title=_zh(lang, "Risk-compensation fund: the books",
                                         "风险补偿金收支报表"),
                  lang=lang, facts=tuple(facts), tables=tuple(tables), notes=notes,
                  signoff=_signoff(lang, _zh(lang, "Fund manager (seal)", "专户管理银行（盖章）")))


def portfolio_report(decision: Decision, metrics: Any, loans: Sequence[Loan],
                     policy: Policy | PolicySchedule, *, lang: str = "en",
                     source: str | None = None, policy_source: str | None = None) -> Report:
    """The portfolio on a date: the checks of Art. 7, 12, 13 with every finding, and the figures
    per lender and in total (outstanding, lending capacity, loan access and coverage rates)."""
    from poverty_credit.loan_terms import lending_capacity

    on = metrics.on
    findings = [(r.code.value, r.article or "", heading("yes" if r.passed else "no", lang),
                 r.text(lang)) for r in decision.findings]
    tables = [_table(_zh(lang, "Checks", "检查结果"), ("code", "article", "passed", "message"),
                     findings, lang)]
    figures = []
    outstanding_total = ZERO
    for lender in _allocations(policy):
        f = metrics.per_lender[lender]
        outstanding = sum((loan.outstanding(on) for loan in loans if loan.lender == lender), ZERO)
        outstanding_total += outstanding
        figures.append((lender_name(lender, lang), outstanding, lending_capacity(lender, policy),
                        f.eligible_households, f.eligible_with_loan, f.loan_access_rate,
                        f.registered_households, f.registered_covered, f.coverage_rate))
    t = metrics.total
    total = (heading("total", lang), outstanding_total, None, t.eligible_households,
             t.eligible_with_loan, t.loan_access_rate, t.registered_households,
             t.registered_covered, t.coverage_rate)
    tables.append(_table(_zh(lang, "Figures per lender", "各贷款银行指标"),
                         ("lender", "outstanding", "capacity", "eligible_households",
                          "eligible_with_loan", "loan_access_rate", "registered_households",
                          "registered_covered", "coverage_rate"), figures, lang, total))
    verdict = _zh(lang, "passed" if decision else "not passed", "通过" if decision else "未通过")
    facts = [(_zh(lang, "On", "检查日期"), on.isoformat()),
             (_zh(lang, "Verdict", "结论"), verdict),
             (_zh(lang, "Policy", "政策依据"), policy_label(policy, policy_source))]
    if source:
        facts.append((_zh(lang, "Loans file", "贷款数据文件"), source))
    notes = (_zh(lang, "Rates are fractions rounded half up to four decimals; a rate with "
                 "nothing to divide by is blank.",
                 "比率为小数，四舍五入保留四位；分母为零时留空。"),)
    return Report(kind="portfolio", title=_zh(lang, f"Portfolio on {on.isoformat()}",
                                              f"{on.isoformat()} 扶贫小额信贷业务检查表"),
                  lang=lang, facts=tuple(facts), tables=tuple(tables), notes=notes,
                  signoff=_signoff(lang))


# --------------------------------------------------------------------------------------------
# renderers


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    result = plain(value)
    return result if isinstance(result, str) else json.dumps(result, ensure_ascii=False)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def render_text(report: Report) -> str:
    """Aligned columns for a terminal or a printer (CJK characters count two columns)."""
    lines = [report.title, "=" * _width(report.title)]
    label_width = max((_width(label) for label, _ in report.facts), default=0)
    for label, value in report.facts:
        lines.append(label + " " * (label_width - _width(label)) + "  " + value)
    for table in report.tables:
        lines.extend(["", table.title])
        if not table.rows and table.total is None:
            lines.append(_zh(report.lang, "(none)", "（无）"))
            continue
        body = [[_text(v) for v in row] for row in table.rows]
        foot = [_text(v) for v in table.total] if table.total is not None else None
        every = [list(table.headings), *body, *([foot] if foot else [])]
        widths = [max(_width(r[i]) for r in every) for i in range(len(table.headings))]
        every_row = (*table.rows, *([table.total] if table.total is not None else []))
        right = [any(_numeric(row[i]) for row in every_row) for i in range(len(table.columns))]

        lines.append(_aligned(table.headings, widths, right))
        lines.extend(_aligned(row, widths, right) for row in body)
        if foot is not None:
            lines.append(_aligned(foot, widths, right))
    if report.notes:
        lines.append("")
        lines.extend(report.notes)
    if report.signoff:
        lines.append("")
        lines.extend(report.signoff)
    return "\n".join(lines) + "\n"


def _aligned(cells: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    parts = []
    for cell, width, is_right in zip(cells, widths, right, strict=True):
        pad = " " * (width - _width(cell))
        parts.append(pad + cell if is_right else cell + pad)
    return "  ".join(parts).rstrip()


def render_csv(report: Report, *, bom: bool = False) -> str:
    """CSV with CRLF line ends; ``bom`` puts a UTF-8 byte-order mark first, which Excel needs to
    read the file as UTF-8 rather than the system code page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([report.title])
    for label, value in report.facts:
        writer.writerow([label, value])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headings)
        for row in table.rows:
            writer.writerow([_text(v) for v in row])
        if table.total is not None:
            writer.writerow([_text(v) for v in table.total])
    if report.notes or report.signoff:
        writer.writerow([])
    for line in (*report.notes, *report.signoff):
        writer.writerow([line])
    return ("\ufeff" if bom else "") + out.getvalue()


def render_json(report: Report) -> str:
    """The report as JSON: tables as lists of objects keyed by the English column keys; amounts
    as exact strings."""
    data = {
        "report": report.kind,
        "title": report.title,
        "lang": report.lang,
        "facts": [{"label": k, "value": v} for k, v in report.facts],
        "tables": [
            {
                "title": t.title,
                "columns": list(t.columns),
                "headings": list(t.headings),
                "rows": [{k: plain(v) for k, v in zip(t.columns, row, strict=True)}
                         for row in t.rows],
                "total": None if t.total is None else {
                    k: plain(v) for k, v in zip(t.columns, t.total, strict=True)},
            }
            for t in report.tables
        ],
        "notes": list(report.notes),
        "signoff": list(report.signoff),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", SimSun, sans-serif;
       margin: 2em; color: #000; }
h1 { font-size: 1.4em; text-align: center; }
h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #444; padding: 0.25em 0.5em; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.facts dt { font-weight: bold; }
.signoff { display: flex; flex-wrap: wrap; gap: 1em 3em; margin-top: 2.5em; }
@media print { body { margin: 1cm; } h2 { page-break-after: avoid; }
               table { page-break-inside: auto; } tr { page-break-inside: avoid; } }
@page { size: A4; margin: 1.5cm; }
"""


def render_html(report: Report) -> str:
    """A self-contained printable HTML page (A4, no external resources)."""
    esc = html.escape
    lang = "zh-CN" if report.lang == "zh" else "en"
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
             f"<title>{esc(report.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
             f"<h1>{esc(report.title)}</h1>\n<dl class=\"facts\">\n"]
    for label, value in report.facts:
        parts.append(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>\n")
    parts.append("</dl>\n")
    none = _zh(report.lang, "(none)", "（无）")
    for table in report.tables:
        parts.append(f"<h2>{esc(table.title)}</h2>\n")
        if not table.rows and table.total is None:
            parts.append(f"<p>{esc(none)}</p>\n")
            continue
        parts.append("<table>\n<thead><tr>"
                     + "".join(f"<th>{esc(h)}</th>" for h in table.headings)
                     + "</tr></thead>\n<tbody>\n")
        rows = [(row, "") for row in table.rows]
        if table.total is not None:
            rows.append((table.total, ' class="total"'))
        for row, cls in rows:
            cells = "".join(f'<td class="n">{esc(_text(v))}</td>' if _numeric(v)
                            else f"<td>{esc(_text(v))}</td>" for v in row)
            parts.append(f"<tr{cls}>{cells}</tr>\n")
        parts.append("</tbody>\n</table>\n")
    for note in report.notes:
        parts.append(f"<p>{esc(note)}</p>\n")
    if report.signoff:
        parts.append('<div class="signoff">'
                     + "".join(f"<span>{esc(s)}</span>" for s in report.signoff) + "</div>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def render_xlsx(report: Report) -> bytes:
    """An ``.xlsx`` workbook with one sheet: amounts are numbers (exact decimals, shown with two
    decimals), dates are dates. Needs the ``excel`` extra (``openpyxl``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "report"
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for label, value in report.facts:
        sheet.append([label, value])
    widths: dict[int, int] = {}
    for table in report.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(list(table.headings))
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        rows = list(table.rows) + ([table.total] if table.total is not None else [])
        for i, row in enumerate(rows):
            sheet.append([_cell(v) for v in row])
            for j, value in enumerate(row, 1):
                cell = sheet.cell(row=sheet.max_row, column=j)
                if isinstance(value, Decimal):
                    exponent = value.as_tuple().exponent
                    places = -exponent if isinstance(exponent, int) else 2
                    cell.number_format = "#,##0.00" if places <= 2 else "0." + "0" * places
                if i == len(table.rows) and table.total is not None:
                    cell.font = bold
                widths[j] = max(widths.get(j, 8), min(_width(_text(value)) + 2, 60))
    for note in (*report.notes, *report.signoff):
        sheet.append([note])
    from openpyxl.utils import get_column_letter

    for j, width in widths.items():
        sheet.column_dimensions[get_column_letter(j)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, Decimal, str)):
        return value
    if hasattr(value, "isoformat"):
        return value
    return _text(value)


def render(report: Report, fmt: str, *, bom: bool = False) -> str | bytes:
    """Render ``report`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "table":
        return render_text(report)
    if fmt == "csv":
        return render_csv(report, bom=bom)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
