"""The ``poverty-credit`` command: the rules applied to files of records, and signed reports.

``poverty-credit demo`` runs the main job on the built-in example county. The record commands read
a file (CSV, JSON, JSON Lines or ``.xlsx``; ``-`` reads stdin) through
:mod:`poverty_credit.readers`, judge every record and print one result per record; the report
commands print a statement a finance office signs::

    poverty-credit eligibility households.csv --on 2026-03-02
    poverty-credit terms loans.json --format json
    poverty-credit subsidy loans.json --month 2026-03
    poverty-credit claims claims.json --on 2026-03-02 --lang zh
    poverty-credit settle loans.xlsx --month 2026-03 --format html -o settlement.html
    poverty-credit fund events.csv --year 2026
    poverty-credit portfolio loans.json --people households.csv --on 2026-06-30

Exit status: 0 when every record passes, 1 when any record (or the portfolio) is denied, 2 for
any failure — bad input, a usage error — with messages on stderr naming the file, the line or
record, and the field. Output is written only when the whole run succeeded.

>>> import io
>>> main(["eligibility", "-", "--on", "2026-03-02"], stdin=io.StringIO(
...     '[{"id": "P-1", "birth_date": "1980-05-01", "registered_poor": "是"}]'))
id   eligible  reasons
P-1  yes       -
0
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import enum
import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

import attrs

from poverty_credit import readers, reports
from poverty_credit._labels import heading
from poverty_credit.decision import Decision, Reason
from poverty_credit.errors import InvalidInputError, PovertyCreditError
from poverty_credit.fund import FundEvent, FundEventKind, RiskFund
from poverty_credit.models import CompensationClaim, Document, LegalEntity, Loan, NaturalPerson
from poverty_credit.policy import DEFAULT_POLICY, Policy, load_policy
from poverty_credit.policy_presets import preset, preset_schedule, presets, schedule_ids
from poverty_credit.schedule import PolicySchedule

#: what ``--policy`` gives: a policy, or a schedule of policies (every rule takes either)
AnyPolicy = Policy | PolicySchedule

__all__ = ["main"]

PROG = "poverty-credit"
EXIT_OK, EXIT_DENIED, EXIT_BAD_INPUT = 0, 1, 2
#: Files with more records than this show a progress indicator (only when stderr is a terminal).
PROGRESS_THRESHOLD = 500
#: At most this many problems are printed for one run.
MAX_PROBLEMS_SHOWN = 20
#: What a rule may raise on input it cannot judge (besides PovertyCreditError): a date arithmetic
#: overflow or a decimal signal. Reported as bad input of that record, never as a traceback.
_RULE_ERRORS = (PovertyCreditError, ArithmeticError, ValueError, OverflowError)


class _Failed(Exception):
    """The run fails with these messages (exit 2, nothing on stdout)."""

    def __init__(self, messages: Sequence[str], total: int | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        self.total = len(self.messages) if total is None else total


def version() -> str:
    """The installed package's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version("poverty-credit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


# --------------------------------------------------------------------------------------------
# the policy


def _policy_from_arg(value: str | None) -> AnyPolicy:
    """The policy a ``--policy`` value names: ``None`` → the seed Measures; a preset or schedule id
    (``poverty-credit policies`` lists them) unless a file of that name exists; otherwise a TOML
    file. The one place every command turns ``--policy`` into a policy."""
    if value is None:
        return DEFAULT_POLICY
    if not os.path.exists(value) and value in presets():
        return preset_schedule(value) if value in schedule_ids() else preset(value)
    try:
        return load_policy(value)
    except InvalidInputError as exc:
        raise _Failed([str(p) for p in exc.problems]) from None
    except UnicodeDecodeError as exc:
        raise _Failed([f"{value}: is not UTF-8 text ({exc.reason} at byte {exc.start}); a TOML "
                       "policy file must be saved as UTF-8"]) from None


def _policy_file(value: str | None) -> str | None:
    """The policy file a ``--policy`` value names, for a report's header (a preset id is none:
    the report names the document itself)."""
    if value is None or (not os.path.exists(value) and value in presets()):
        return None
    return value


def _policies_report(lang: str, fmt: str) -> str:
    """``poverty-credit policies``: every shipped preset and schedule with its document."""
    rows: list[dict[str, str]] = []
    for preset_id in presets():
        if preset_id in schedule_ids():
            parts = ", ".join(
                f"{p.id} ({p.effective_from.isoformat() if p.effective_from else '—'})"
                for p in preset_schedule(preset_id)
            )
            rows.append({"id": preset_id, "kind": "schedule", "document": parts, "number": "",
                         "issued_on": "", "effective_from": "", "verified": ""})
            continue
        p = preset(preset_id)
        doc = p.document
        rows.append({
            "id": preset_id,
            "kind": "policy",
            "document": doc.title,
            "number": doc.number or "",
            "issued_on": doc.issued_on.isoformat() if doc.issued_on else "",
            "effective_from": p.effective_from.isoformat() if p.effective_from else "",
            "verified": "yes" if doc.verified else "restated",
        })
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    heads = {"en": ("id", "kind", "document", "number", "issued", "from", "source read"),
             "zh": ("编号", "类型", "文件", "文号", "印发日期", "施行日期", "来源")}[lang]
    keys = ("id", "kind", "document", "number", "issued_on", "effective_from", "verified")
    table = [list(heads)] + [[r[k] for k in keys] for r in rows]
    widths = [max(_cells(row[i]) for row in table) for i in range(len(keys))]
    lines = ["  ".join(cell + " " * (w - _cells(cell)) for cell, w in zip(row, widths, strict=True))
             .rstrip() for row in table]
    return "\n".join(lines) + "\n"


def _cells(text: str) -> int:
    """Terminal cells of ``text`` (a CJK character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --------------------------------------------------------------------------------------------
# reading


@attrs.frozen
class _Input:
    value: Any
    where: str
    extra: Mapping[str, Any]


def _source(args: argparse.Namespace, stdin: TextIO, path: str) -> tuple[Any, str]:
    if path == "-":
        return stdin, "<stdin>"
    return path, path


def _read(args: argparse.Namespace, stdin: TextIO, cls: Any, path: str | None = None, *,
          extra: Mapping[str, Any] | None = None,
          defaults: Mapping[str, Any] | None = None) -> list[_Input]:
    """Every record of the file, or :class:`_Failed` with every problem (capped when shown)."""
    source, name = _source(args, stdin, path or args.file)
    columns = readers.load_columns(args.columns) if args.columns else None
    records: list[_Input] = []
    problems: list[str] = []
    for record in readers.iter_records(source, cls, encoding=args.encoding, columns=columns,
                                       sheet=args.sheet, header_row=args.header_row,
                                       name=name, extra=extra, defaults=defaults):
        if record.problems:
            problems.extend(str(p) for p in record.problems)
        else:
            records.append(_Input(record.value, record.where, record.extra))
    if problems:
        raise _Failed(problems)
    return records


# --------------------------------------------------------------------------------------------
# record commands


@attrs.frozen
class Result:
    """One record's outcome as the command prints it."""

    id: str
    passed: bool
    reasons: tuple[Reason, ...]
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Command:
    """How one record command reads and judges a record."""

    name: str
    verdict: str  # the JSON key of the verdict
    help: str
    cls: Any
    judge: Callable[[_Input, argparse.Namespace, AnyPolicy], Result]
    extra: Mapping[str, Any] = attrs.field(factory=dict)
    headings: Mapping[str, str] = attrs.field(factory=dict)  # result key → heading key


def _decided(subject: str, decision: Decision, **extra: Any) -> Result:
    return Result(subject, bool(decision), decision.reasons, extra)


def _judge_eligibility(item: _Input, args: argparse.Namespace, policy: AnyPolicy) -> Result:
    from poverty_credit.eligibility import check_eligibility

    return _decided(item.value.id, check_eligibility(item.value, args.on, policy))


def _judge_terms(item: _Input, args: argparse.Namespace, policy: AnyPolicy) -> Result:
    from poverty_credit.loan_terms import check_loan_terms

    return _decided(item.value.id, check_loan_terms(item.value, policy))


def _judge_subsidy(item: _Input, args: argparse.Namespace, policy: AnyPolicy) -> Result:
    from poverty_credit.subsidy import monthly_subsidy

    loan = item.value
    year, month = args.month
    statement = monthly_subsidy(loan, year, month, policy)
    reasons = [r for r in statement.findings if not r.passed]
    documents = item.extra.get("documents")
    if documents is not None:
        from poverty_credit.documents import check_documents

        on = _dt.date(year + month // 12, month % 12 + 1, 1) - _dt.timedelta(days=1)
        reasons.extend(check_documents(documents, loan.borrower, policy, on=on).reasons)
    extra = {"days": statement.days, "rate": statement.rate, "amount": statement.amount}
    return Result(loan.id, statement.days > 0 and not reasons, tuple(reasons), extra)


def _judge_claim(item: _Input, args: argparse.Namespace, policy: AnyPolicy) -> Result:
    from poverty_credit.claims import check_claim
    from poverty_credit.loss_sharing import share_loss

    claim: CompensationClaim = item.value
    decision = check_claim(claim, args.on, policy)
    extra: dict[str, Any] = {"loss": claim.loss}
    if decision:
        share = share_loss(claim.loss, policy, insurer_share=claim.loan.insurer_share)
        extra.update(fund=share.fund, lender=share.lender, insurer=share.insurer)
    else:
        extra.update(fund=None, lender=None, insurer=None)
    return _decided(claim.loan.id, decision, **extra)


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("eligibility", "eligible", "screen borrowers (Art. 9, 10) on a date",
                NaturalPerson | LegalEntity, _judge_eligibility),
        Command("terms", "compliant", "check loans against the 5321 terms (Art. 10, 11, 13)",
                Loan, _judge_terms),
        Command("subsidy", "subsidised", "one month's interest subsidy per loan (Art. 27-29)",
                Loan, _judge_subsidy, {"documents": tuple[Document, ...]}),
        Command("claims", "accepted", "check compensation claims (Art. 19-25) on a date",
                CompensationClaim, _judge_claim,
                headings={"fund": "fund_share", "lender": "lender_share",
                          "insurer": "insurer_share"}),
    )
}


def _judge_stream(command: Command, args: argparse.Namespace, policy: AnyPolicy, stdin: TextIO,
                  stderr: TextIO) -> _Spool:
    """Read, build and judge the records one at a time; every result goes to a spool file, so
    memory stays bounded by the read chunk whatever the file's length. Nothing is written until
    every record has been judged: a problem anywhere fails the run (exit 2)."""
    source, name = _source(args, stdin, args.file)
    columns = readers.load_columns(args.columns) if args.columns else None
    spool = _Spool(command, args.lang)
    problems = _Problems()
    progress = _Progress(stderr)
    for record in readers.iter_records(source, command.cls, encoding=args.encoding,
                                       columns=columns, sheet=args.sheet,
                                       header_row=args.header_row, name=name,
                                       extra=command.extra):
        progress.tick()
        if record.problems:
            problems.extend(str(p) for p in record.problems)
            continue
        item = _Input(record.value, record.where, record.extra)
        try:
            result = command.judge(item, args, policy)
        except InvalidInputError as exc:
            problems.extend(f"{name}, {item.where}" + (f", field {p.field}" if p.field else "")
                            + f": {p.message}" for p in exc.problems)
            continue
        except _RULE_ERRORS as exc:
            problems.extend([f"{name}, {item.where}: {exc}"])
            continue
        if not problems:
            spool.add(result)
    progress.done()
    if problems:
        spool.close()
        raise _Failed(problems.first, problems.count)
    return spool


class _Problems:
    """The first problems of a run (the ones shown) and how many there were in all."""

    def __init__(self) -> None:
        self.first: list[str] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def extend(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.count += 1
            if len(self.first) < MAX_PROBLEMS_SHOWN:
                self.first.append(message)


class _Spool:
    """The results of one run, one JSON line each, in an anonymous temporary file."""

    def __init__(self, command: Command, lang: str) -> None:
        self.command = command
        self.lang = lang
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.count = 0
        self.all_passed = True
        self.extras: list[str] | None = None
        self.widths: list[int] | None = None

    def add(self, result: Result) -> None:
        record = result_record(result, self.command, self.lang)
        record["_articles"] = [r.article for r in result.reasons]
        if self.extras is None:
            self.extras = list(result.extra)
            self.widths = [_width(h) for h in self.head()]
        cells = self.cells(record)
        assert self.widths is not None
        self.widths = [max(w, _width(c)) for w, c in zip(self.widths, cells, strict=True)]
        self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1
        self.all_passed = self.all_passed and result.passed

    def head(self) -> list[str]:
        keys = ["id", self.command.verdict, *(self.extras or []), "reasons"]
        return [heading(self.command.headings.get(k, k), self.lang) for k in keys]

    def cells(self, record: Mapping[str, Any]) -> list[str]:
        return [record["id"], _yes(record[self.command.verdict], self.lang),
                *(_cell(record[k]) for k in self.extras or []),
                ", ".join(record["reasons"]) or "-"]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.file.seek(0)
        for line in self.file:
            yield json.loads(line)

    def close(self) -> None:
        self.file.close()


# --------------------------------------------------------------------------------------------
# output of the record commands


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def result_record(result: Result, command: Command, lang: str) -> dict[str, Any]:
    """The JSON object of one result: ``id``, the verdict, ``reasons`` (codes), ``messages``."""
    record: dict[str, Any] = {"id": result.id, command.verdict: result.passed}
    record["reasons"] = [r.code.value for r in result.reasons]
    record["messages"] = [r.text(lang) for r in result.reasons]
    record.update({k: _plain(v) for k, v in result.extra.items()})
    return record


def _yes(value: bool, lang: str) -> str:
    return heading("yes" if value else "no", lang)


def _cell(value: Any) -> str:
    return "-" if value is None else str(_plain(value))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = (c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
    return "  ".join(padded).rstrip() + "\n"


def _table_chunks(spool: _Spool) -> Iterator[str]:
    """Aligned columns, one line per record; a denied record's messages are indented below it."""
    widths = spool.widths or [_width(h) for h in spool.head()]
    yield _row(spool.head(), widths)
    for record in spool:
        yield _row(spool.cells(record), widths)
        for article, message in zip(record["_articles"], record["messages"], strict=True):
            yield f"    {article or '-'}: {message}\n"


def _csv_chunks(spool: _Spool, bom: bool) -> Iterator[str]:
    """CSV with a header: id, the verdict (true/false), extras, reasons, messages."""
    import io

    extras = spool.extras or []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if bom else "\n")
    writer.writerow(["id", spool.command.verdict, *extras, "reasons", "messages"])
    yield ("\ufeff" if bom else "") + buffer.getvalue()
    for record in spool:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([
            record["id"], "true" if record[spool.command.verdict] else "false",
            *(_cell(record[k]) for k in extras), ";".join(record["reasons"]),
            " | ".join(record["messages"])])
        yield buffer.getvalue()


def _json_chunks(spool: _Spool) -> Iterator[str]:
    """A JSON array with one object per record (see :func:`result_record`)."""
    if not spool.count:
        yield "[]\n"
        return
    yield "["
    for i, record in enumerate(spool):
        del record["_articles"]
        text = json.dumps(record, ensure_ascii=False, indent=2)
        yield ("," if i else "") + "\n" + "\n".join("  " + line for line in text.splitlines())
    yield "\n]\n"


def _results_report(spool: _Spool, policy: AnyPolicy) -> reports.Report:
    command, lang = spool.command, spool.lang
    extras = spool.extras or []
    keys = ("id", command.verdict, *extras, "reasons", "messages")
    rows = [(r["id"], _yes(r[command.verdict], lang), *(r[k] for k in extras),
             "; ".join(r["reasons"]), " | ".join(r["messages"])) for r in spool]
    table = reports.Table(title=command.help, columns=keys,
                          headings=tuple(heading(command.headings.get(k, k), lang) for k in keys),
                          rows=tuple(rows))
    facts = ((heading("total", lang), str(spool.count)),
             ("Policy" if lang == "en" else "政策依据", reports.policy_label(policy)))
    return reports.Report(kind="results", title=f"{PROG} {command.name}", lang=lang,
                          facts=facts, tables=(table,))


def _render_results(spool: _Spool, args: argparse.Namespace,
                    policy: AnyPolicy) -> str | bytes | Iterator[str]:
    if args.format == "table":
        return _table_chunks(spool)
    if args.format == "csv":
        return _csv_chunks(spool, args.bom)
    if args.format == "json":
        return _json_chunks(spool)
    return reports.render(_results_report(spool, policy), args.format)


# --------------------------------------------------------------------------------------------
# report commands


def _run_settle(args: argparse.Namespace, stdin: TextIO, policy: AnyPolicy) -> tuple[Any, int]:
    from poverty_credit import subsidy

    items = _read(args, stdin, Loan)
    loans = [item.value for item in items]
    name = "<stdin>" if args.file == "-" else args.file
    cycle = getattr(policy, "subsidy_cycle", "month")
    try:
        if args.year is not None:
            settle_year = getattr(subsidy, "settle_year", None)
            if cycle != "year" or settle_year is None:
                raise _Failed([f"--year needs a policy that settles the subsidy yearly "
                               f"(subsidy_cycle = \"year\"); this one settles by {cycle}: use "
                               "--month YYYY-MM"])
            settlement = settle_year(loans, args.year, policy)
        else:
            year, month = args.month
            settlement = subsidy.settle_month(loans, year, month, policy)
    except InvalidInputError as exc:
        raise _Failed([_located(name, items, p.field, p.message) for p in exc.problems]) from None
    except _RULE_ERRORS as exc:
        raise _Failed([_first_failing(name, items, exc, lambda loan: subsidy.subsidy_schedule(
            loan, policy))]) from None
    return reports.settlement_report(settlement, loans, policy, lang=args.lang, source=name,
                                     policy_source=_policy_file(args.policy)), EXIT_OK


def _first_failing(name: str, items: Sequence[_Input], exc: Exception,
                   check: Callable[[Any], object]) -> str:
    """The error of a whole-file computation, placed at the first record that raises it alone
    (e.g. a loan whose start date no rate table covers)."""
    for item in items:
        try:
            check(item.value)
        except _RULE_ERRORS as own:
            return f"{name}, {item.where}: {own}"
    return f"{name}: {exc}"  # pragma: no cover - only the records together fail


def _located(name: str, items: Sequence[_Input], field: str | None, message: str) -> str:
    """``loans[3].lender`` → ``loans.csv, line 5, field lender``."""
    if field and field.startswith(("loans[", "events[")):
        index, _, rest = field.partition("]")
        try:
            where = items[int(index.split("[")[1])].where
        except (ValueError, IndexError):  # pragma: no cover - a path the rules did not make
            where = ""
        rest = rest.lstrip(".")
        return f"{name}, {where}" + (f", field {rest}" if rest else "") + f": {message}"
    return f"{name}" + (f", field {field}" if field else "") + f": {message}"


_EVENT_ARTICLES = {
    FundEventKind.ALLOCATION: "Art. 5, 7",
    FundEventKind.CONTRIBUTION: "Art. 5",
    FundEventKind.INTEREST: "Art. 4, 5",
    FundEventKind.PAYOUT: "Art. 20(4), 22, 26",
    FundEventKind.RECOVERY: "Art. 23",
    FundEventKind.CLAWBACK: "Art. 32",
}
_KIND = readers._enum_converter(FundEventKind)


def _event_article(row: Mapping[str, Any]) -> str:
    """The article an event applies when the file gives none: the one the ledger itself cites."""
    try:
        return _EVENT_ARTICLES[_KIND(row.get("kind"), "kind")]
    except (readers._Bad, KeyError):
        return "-"  # the kind is bad: reported on its own field


def _run_fund(args: argparse.Namespace, stdin: TextIO, policy: AnyPolicy) -> tuple[Any, int]:
    items = _read(args, stdin, FundEvent, defaults={"article": _event_article})
    name = "<stdin>" if args.file == "-" else args.file
    events = tuple(item.value for item in items)
    if not events:
        raise _Failed([f"{name}: holds no events; a ledger starts with the fund's allocations"])
    try:
        fund = RiskFund(policy=policy, events=events)
    except InvalidInputError as exc:
        raise _Failed([_located(name, items, p.field, p.message) for p in exc.problems]) from None
    _check_references(events, items, name)
    first, last = events[0].on.year, events[-1].on.year
    years = [args.year] if args.year is not None else list(range(first, last + 1))
    return reports.fund_report(fund, years, lang=args.lang, source=name,
                               policy_source=_policy_file(args.policy)), EXIT_OK


def _check_references(events: Sequence[FundEvent], items: Sequence[_Input], name: str) -> None:
    """Recoveries and clawbacks follow a payout with their reference at their lender, and never
    return more than it paid (Art. 23, 32): a history where they do is inconsistent."""
    paid: dict[tuple[str, str | None], Decimal] = {}
    problems = []
    for event, item in zip(events, items, strict=True):
        key = (event.lender, event.reference)
        if event.kind is FundEventKind.PAYOUT:
            paid[key] = paid.get(key, Decimal(0)) + event.amount + event.county
        elif event.kind in (FundEventKind.RECOVERY, FundEventKind.CLAWBACK):
            if key not in paid:
                problems.append(f"{name}, {item.where}, field reference: a {event.kind.value} "
                                f"needs an earlier payout for {event.reference!r} at "
                                f"{event.lender}")
                continue
            paid[key] -= event.amount + event.county
            if paid[key] < 0:
                problems.append(f"{name}, {item.where}, field amount: returns more than was "
                                f"paid for {event.reference!r} at {event.lender}")
    if problems:
        raise _Failed(problems)


def _run_portfolio(args: argparse.Namespace, stdin: TextIO, policy: AnyPolicy) -> tuple[Any, int]:
    from poverty_credit.portfolio import check_portfolio, portfolio_metrics

    loan_items = _read(args, stdin, Loan)
    people_items = _read(args, stdin, NaturalPerson | LegalEntity, path=args.people)
    loans = [item.value for item in loan_items]
    people = [item.value for item in people_items]
    try:
        decision = check_portfolio(loans, people, args.on, policy)
        metrics = portfolio_metrics(loans, people, args.on, policy)
    except InvalidInputError as exc:
        messages = []
        for p in exc.problems:
            if p.field.startswith("people["):
                field = "loans" + p.field[len("people"):]
                messages.append(_located(args.people, people_items, field, p.message))
            else:
                messages.append(_located(args.file, loan_items, p.field, p.message))
        raise _Failed(messages) from None
    except _RULE_ERRORS as exc:
        raise _Failed([_first_failing(args.file, loan_items, exc, lambda loan: check_portfolio(
            [loan], [], args.on, policy))]) from None
    report = reports.portfolio_report(decision, metrics, loans, policy, lang=args.lang,
                                      source=args.file, policy_source=_policy_file(args.policy))
    return report, EXIT_OK if decision else EXIT_DENIED


_Runner = Callable[[argparse.Namespace, TextIO, AnyPolicy], tuple[Any, int]]
REPORTS: dict[str, tuple[str, _Runner]] = {
    "settle": ("a month's (or year's) subsidy settlement per lender, to sign (Art. 27)",
               _run_settle),
    "fund": ("the fund's ledger and yearly statements from an events file (Art. 4, 5, 23, 26)",
             _run_fund),
    "portfolio": ("portfolio checks and figures per lender on a date (Art. 7, 12, 13)",
                  _run_portfolio),
}


# --------------------------------------------------------------------------------------------
# the parser and main


def _date_arg(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> _dt.date:
    raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD (got {text!r})")


def _month_arg(text: str) -> tuple[int, int]:
    try:
        if len(text) != 7:
            raise ValueError(text)
        day = _dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month YYYY-MM (got {text!r})") from None
    return day.year, day.month


def _year_arg(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"expected a year YYYY (got {text!r})")
    return int(text)


def _header_row_arg(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError("expected the line (CSV) or sheet row (.xlsx) of the "
                                         f"header, a whole number >= 1 (got {text!r})")
    return int(text)


def _common(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    p.add_argument("--format", choices=tuple(formats), default="table",
                   help="output format (default: table; xlsx needs --output)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="write the output to PATH (only when the whole run succeeded)")
    p.add_argument("--bom", action="store_true",
                   help="start CSV output with a byte-order mark, for Excel")
    p.add_argument("--lang", choices=("en", "zh"), default="en",
                   help="language of headings and messages (default: en)")
    p.add_argument("--policy", metavar="ID|FILE",
                   help="a preset or schedule id (see 'policies') or a TOML policy file "
                        "(default: the seed Measures)")
    p.add_argument("--encoding", metavar="NAME",
                   help="the input's encoding (default: detected: UTF-8, UTF-16, GB18030/GBK)")
    p.add_argument("--columns", metavar="TOML",
                   help="a file mapping the input's column headers to field names")
    p.add_argument("--sheet", metavar="NAME", help="the worksheet of an .xlsx input")
    p.add_argument("--header-row", type=_header_row_arg, metavar="N",
                   help="the line (CSV) or sheet row (.xlsx) of the header, counted from 1, "
                        "when title rows sit above it; the rows above it are skipped "
                        "(default: the first row that is not blank)")


_FILE_HELP = "a .csv/.tsv, .json, .jsonl or .xlsx file of records; - reads stdin"


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of ``poverty-credit``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Apply a county's poverty-alleviation microcredit rules to records.",
        epilog="Exit status: 0 every record passes, 1 some record is denied, 2 a failure "
               "(bad input or usage).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="run the main job on the built-in example county")
    demo.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
    listing = sub.add_parser("policies", help="the shipped presets and schedules, with their "
                                              "documents")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument("--lang", choices=("en", "zh"), default="en",
                         help="language of headings")
    schema = sub.add_parser("schema", help="the JSON Schema (2020-12) of a model or result")
    schema.add_argument("name", nargs="?", metavar="NAME",
                        help="a model or result, e.g. Loan (without: list the names)")
    formats = ("table", "csv", "json", "html", "xlsx")
    for command in COMMANDS.values():
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        p.add_argument("file", metavar="FILE", help=_FILE_HELP)
        if command.name in ("eligibility", "claims"):
            p.add_argument("--on", type=_date_arg, required=True, metavar="YYYY-MM-DD",
                           help="the evaluation date")
        if command.name == "subsidy":
            p.add_argument("--month", type=_month_arg, required=True, metavar="YYYY-MM",
                           help="the month to settle")
        _common(p, formats)
    for name, (text, _) in REPORTS.items():
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("file", metavar="FILE", help=_FILE_HELP)
        if name == "settle":
            when = p.add_mutually_exclusive_group(required=True)
            when.add_argument("--month", type=_month_arg, metavar="YYYY-MM",
                              help="the month to settle")
            when.add_argument("--year", type=_year_arg, metavar="YYYY",
                              help="the year to settle (yearly policies)")
        if name == "fund":
            p.add_argument("--year", type=_year_arg, metavar="YYYY",
                           help="the year of the statement (default: every year of the ledger)")
        if name == "portfolio":
            p.add_argument("--people", required=True, metavar="FILE",
                           help="the people (and entities) whose star ratings and households "
                                "count")
            p.add_argument("--on", type=_date_arg, required=True, metavar="YYYY-MM-DD",
                           help="the evaluation date")
        _common(p, formats)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``poverty-credit`` with ``argv`` (default: the command line); return the exit status."""
    err = stderr or sys.stderr
    try:
        return _main(argv, stdin or sys.stdin, stdout or sys.stdout, err)
    except BrokenPipeError:  # `poverty-credit ... | head`: stop quietly, like other tools do
        try:  # point stdout at devnull so that the interpreter's final flush stays silent
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, sys.stdout.fileno())
            finally:
                os.close(devnull)
        except (OSError, ValueError):  # a stdout without a file descriptor: nothing to silence
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted; nothing was written\n")
        return EXIT_BAD_INPUT
    except Exception as exc:  # the last guard: a failure is exit 2 with a message, never a trace
        err.write(f"{PROG}: error: internal error ({type(exc).__name__}: "
                  f"{str(exc)[:500]}); nothing was written. Please report it.\n")
        return EXIT_BAD_INPUT


def _main(argv: Sequence[str] | None, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help and --version exit 0, usage errors 2
        return int(exc.code or 0)
    if args.command == "demo":
        from poverty_credit.demo import run_demo

        stdout.write(run_demo(lang=args.lang))
        return EXIT_OK
    if args.command == "policies":
        stdout.write(_policies_report(args.lang, args.format))
        return EXIT_OK
    if args.command == "schema":
        from poverty_credit.schema import json_schema, schema_names

        if args.name is None:
            stdout.write("\n".join(schema_names()) + "\n")
            return EXIT_OK
        if args.name not in schema_names():
            return _fail(stderr, [f"schema: {args.name!r} is not a model or result; one of "
                                  f"{', '.join(schema_names())}"])
        stdout.write(json.dumps(json_schema(args.name), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    try:
        if args.format == "xlsx" and not args.output:
            raise _Failed(["--format xlsx writes a workbook: give --output FILE.xlsx"])
        policy = _policy_from_arg(args.policy)
        if args.command in REPORTS:
            report, status = REPORTS[args.command][1](args, stdin, policy)
            rendered = reports.render(report, args.format, bom=args.bom)
        else:
            spool = _judge_stream(COMMANDS[args.command], args, policy, stdin, stderr)
            try:
                _emit(_render_results(spool, args, policy), args.output, stdout)
            finally:
                spool.close()
            return EXIT_OK if spool.all_passed else EXIT_DENIED
        _emit(rendered, args.output, stdout)
    except readers.ReadError as exc:
        return _fail(stderr, [str(p) for p in exc.located])
    except _Failed as exc:
        return _fail(stderr, exc.messages, exc.total)
    return status


def _emit(rendered: str | bytes | Iterable[str], output: str | None, stdout: TextIO) -> None:
    """Write the output once the run has succeeded: to ``output`` through a temporary file
    renamed into place (a reader never sees half a report), or to stdout."""
    chunks: Iterable[str | bytes] = [rendered] if isinstance(rendered, (str, bytes)) else rendered
    if output is None:
        for chunk in chunks:
            stdout.write(chunk if isinstance(chunk, str) else chunk.decode("latin-1"))
        stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(output))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".poverty-credit-", suffix=".tmp")
    except OSError as exc:
        raise _Failed([f"{output}: cannot write there: {exc.strerror or exc}"]) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        os.replace(tmp, output)
    except OSError as exc:
        os.unlink(tmp)
        raise _Failed([f"{output}: cannot write there: {exc.strerror or exc}"]) from None
    except BaseException:
        os.unlink(tmp)
        raise


def _fail(stderr: TextIO, messages: Sequence[str], total: int | None = None) -> int:
    total = len(messages) if total is None else total
    shown = messages[:MAX_PROBLEMS_SHOWN]
    for message in shown:
        stderr.write(f"{PROG}: error: {message}\n")
    if total > len(shown):
        stderr.write(f"{PROG}: error: ... and {total - len(shown)} more problems\n")
    return EXIT_BAD_INPUT


class _Progress:
    """``\\rN records`` on stderr, only for long files and only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream = stream
        self.count = 0
        self.terminal = bool(isatty and isatty())

    def tick(self) -> None:
        self.count += 1
        if self.terminal and self.count > PROGRESS_THRESHOLD and self.count % 100 == 0:
            self.stream.write(f"\r{self.count} records")
            self.stream.flush()

    def done(self) -> None:
        if self.terminal and self.count > PROGRESS_THRESHOLD:
            self.stream.write(f"\r{self.count}/{self.count} records\n")
            self.stream.flush()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
