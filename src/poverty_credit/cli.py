"""The ``poverty-credit`` command: the rules applied to files of records.

``poverty-credit demo`` runs the main job on the built-in example county. The other commands read a
CSV or JSON file of records (chosen by the file's extension; ``-`` reads JSON from stdin) whose
columns or keys are the model field names, judge every record, and print one result per record::

    poverty-credit eligibility households.csv --on 2026-03-02
    poverty-credit terms loans.json --format json
    poverty-credit subsidy loans.json --month 2026-03
    poverty-credit claims claims.json --on 2026-03-02 --lang zh

Exit status: 0 when every record passes, 1 when any record is denied, 2 for bad input (the message
on stderr names the file, the line or record, and the field). ``docs/cli.md`` describes the file
formats in full.

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
import types
import typing
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any, TextIO, Union

import attrs

from poverty_credit._money import describe
from poverty_credit.decision import Decision, Reason
from poverty_credit.errors import InvalidInputError, PovertyCreditError, Problem
from poverty_credit.models import (
    CompensationClaim,
    Document,
    LegalEntity,
    Loan,
    NaturalPerson,
    Repayment,
)
from poverty_credit.periods import parse_date
from poverty_credit.policy import DEFAULT_POLICY, Policy, load_policy

__all__ = ["main"]

PROG = "poverty-credit"
EXIT_OK, EXIT_DENIED, EXIT_BAD_INPUT = 0, 1, 2
#: Files with more records than this show a progress indicator (only when stderr is a terminal).
PROGRESS_THRESHOLD = 500
#: At most this many problems are printed for one bad file.
MAX_PROBLEMS_SHOWN = 20

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}


# --------------------------------------------------------------------------------------------
# values from files


def parse_bool(value: object, field: str) -> bool:
    """A boolean from a file: ``true/false``, ``1/0``, ``yes/no``, ``是/否`` (any case).

    >>> parse_bool("是", "registered_poor"), parse_bool("No", "five_guarantee")
    (True, False)
    >>> parse_bool("maybe", "registered_poor")
    Traceback (most recent call last):
    ...
    poverty_credit.errors.InvalidInputError: registered_poor: must be a boolean: true/false, 1/0, \
yes/no or 是/否 (got 'maybe', a str)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise InvalidInputError.single(
        field, f"must be a boolean: true/false, 1/0, yes/no or 是/否 (got {describe(value)})"
    )


def _parse_int(value: object, field: str) -> object:
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            raise InvalidInputError.single(
                field, f"must be a whole number (got {describe(value)})"
            ) from None
    return value  # the model checks the type and range


def _json_cell(value: str, field: str) -> Any:
    try:
        return json.loads(value, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInputError.single(
            field, f"must hold valid JSON here ({exc.msg}; got {describe(value)})"
        ) from None


def _split_list(value: object, field: str) -> list[Any]:
    """A list from a file: a JSON array, or a cell of items separated by ``;`` or ``,``."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            value = _json_cell(text, field)
        else:
            return [item.strip() for item in text.replace(",", ";").split(";") if item.strip()]
    if not isinstance(value, list):
        raise InvalidInputError.single(field, f"must be a list (got {describe(value)})")
    return value


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and attrs.has(hint)


def _union_args(hint: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return typing.get_args(hint)
    return None


def _nested_names(cls: type) -> set[str]:
    """Fields of ``cls`` that hold another model (written ``field.x`` or ``field_x`` in a CSV)."""
    names = set()
    for name, hint in _hints(cls).items():
        args = _union_args(hint) or (hint,)
        if any(_is_model(a) for a in args):
            names.add(name)
    return names


def _unflatten(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """Group ``borrower_id`` / ``borrower.id`` keys under ``borrower`` (recursively later)."""
    nested = sorted(_nested_names(cls), key=len, reverse=True)
    out: dict[str, Any] = {}
    prefixed: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        name = next((n for n in nested for sep in (".", "_") if key.startswith(n + sep)), None)
        if name is None:
            out[key] = value
        else:
            prefixed.setdefault(name, {})[key[len(name) + 1 :]] = value
    for name, columns in prefixed.items():
        if _is_blank(out.get(name)):
            out[name] = columns
        elif any(not _is_blank(v) for v in columns.values()):
            raise InvalidInputError.single(
                name, f"is given both as a column and as {name}_* columns"
            )
    return out


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _convert_value(hint: Any, value: Any, field: str) -> Any:
    """Turn a value read from a file into what the model's field takes."""
    args = _union_args(hint)
    if args is not None:
        if value is None:
            return None
        choices = [a for a in args if a is not type(None)]
        models = [a for a in choices if _is_model(a)]
        if len(models) > 1:
            return _build_borrower(value, field)
        hint = choices[0]
    origin = typing.get_origin(hint)
    if hint is bool:
        return parse_bool(value, field)
    if hint is int:
        return _parse_int(value, field)
    if hint is _dt.date:
        return parse_date(value, field) if isinstance(value, str) else value
    if _is_model(hint):
        if isinstance(value, str):
            value = _json_cell(value, field)
        return build(hint, value, field)
    if origin in (tuple, frozenset, list):
        item = typing.get_args(hint)[0]
        items = _split_list(value, field)
        return [_convert_item(item, v, f"{field}[{i}]") for i, v in enumerate(items)]
    return value  # Decimal, str and enums: the model parses and checks them


def _convert_item(hint: Any, value: Any, field: str) -> Any:
    if hint is Repayment and isinstance(value, str):
        on, sep, amount = value.partition(":")
        if not sep:
            raise InvalidInputError.single(
                field, f"must be written DATE:AMOUNT, e.g. 2026-06-15:20000 (got {describe(value)})"
            )
        value = {"on": on, "principal": amount}
    return _convert_value(hint, value, field)


def build(cls: type, data: object, path: str = "") -> Any:
    """Build the model ``cls`` from a mapping read from a file, collecting every problem.

    Keys are the field names; a nested model is a mapping, a JSON string, or flattened keys
    (``borrower_id`` or ``borrower.id``). Blank values stand for the field's default.

    >>> build(NaturalPerson, {"id": "P-1", "birth_date": "1980-05-01", "registered_poor": "是",
    ...                       "star_rating": "4", "household_id": ""})
    NaturalPerson(id='P-1', birth_date=datetime.date(1980, 5, 1), registered_poor=True, \
five_guarantee=False, has_outstanding_bad_loans=False, has_bad_credit_record=False, star_rating=4, \
household_id=None, id_number=None)
    """
    prefix = f"{path}." if path else ""
    if not isinstance(data, Mapping):
        raise InvalidInputError.single(
            path, f"must be an object of {cls.__name__} fields (got {describe(data)})"
        )
    problems: list[Problem] = []
    try:
        data = _unflatten(cls, data)
    except InvalidInputError as exc:
        raise exc.prefixed(path) from None
    hints = _hints(cls)
    fields = {f.name: f for f in attrs.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key in data:
        if key not in fields:
            problems.append(Problem(
                f"{prefix}{key}",
                f"is not a field of {cls.__name__} (expected one of {', '.join(fields)})",
            ))
    for name, fld in fields.items():
        value = data.get(name)
        if _is_blank(value) and not (value is None and name in data and _accepts_none(hints[name])):
            if fld.default is attrs.NOTHING:
                problems.append(Problem(f"{prefix}{name}", "is required but missing or empty"))
            continue
        try:
            kwargs[name] = _convert_value(hints[name], value, f"{prefix}{name}")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)
    try:
        return cls(**kwargs)
    except InvalidInputError as exc:
        raise exc.prefixed(path) from None


def _accepts_none(hint: Any) -> bool:
    args = _union_args(hint)
    return args is not None and type(None) in args


def _build_borrower(value: object, field: str) -> NaturalPerson | LegalEntity:
    """A borrower: a legal entity when it has a ``kind`` (or ``type`` is ``legal_entity``), a
    natural person otherwise (or when ``type`` is ``natural_person``)."""
    if isinstance(value, str):
        value = _json_cell(value, field)
    if isinstance(value, Mapping) and "type" in value:
        value = dict(value)
        tag = value.pop("type")
        if tag in ("legal_entity", "natural_person"):
            is_entity = tag == "legal_entity"
        elif _is_blank(tag):
            is_entity = not _is_blank(value.get("kind"))
        else:
            where = f"{field}.type" if field else "type"
            raise InvalidInputError.single(
                where, f"must be 'natural_person' or 'legal_entity' (got {describe(tag)})"
            )
    else:
        is_entity = isinstance(value, Mapping) and not _is_blank(value.get("kind"))
    if is_entity:
        entity: LegalEntity = build(LegalEntity, value, field)
        return entity
    person: NaturalPerson = build(NaturalPerson, value, field)
    return person


# --------------------------------------------------------------------------------------------
# files


@attrs.frozen
class Row:
    """One record read from a file and where it came from."""

    data: Mapping[str, Any]
    where: str  # "line 3" or "record [2] (line 14)"
    error: str | None = None  # a record that is not a set of named fields


class BadFile(Exception):
    """A file that cannot be read at all (not a problem of one record)."""


def read_rows(name: str, stdin: TextIO) -> list[Row]:
    """The records of a CSV or JSON file (``-``: JSON from ``stdin``)."""
    if name == "-":
        return _json_rows(stdin.read())
    ext = os.path.splitext(name)[1].lower()
    if ext not in (".csv", ".json"):
        raise BadFile(f"cannot tell the format from the extension {ext or '(none)'!r}; "
                      "use a .csv or .json file, or - for JSON on stdin")
    try:
        with open(name, encoding="utf-8-sig", newline="") as fh:
            return _csv_rows(fh) if ext == ".csv" else _json_rows(fh.read())
    except OSError as exc:
        raise BadFile(f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise BadFile(f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _csv_rows(fh: IO[str]) -> list[Row]:
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile("is empty: expected a header line of field names") from None
    except csv.Error as exc:
        raise BadFile(f"line 1: {exc}") from None
    header = [h.strip() for h in header]
    rows = []
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise BadFile(f"line {first_line}: {exc}") from None
        if not any(c.strip() for c in cells):
            continue
        where = f"line {first_line}"
        if len(cells) > len(header):
            rows.append(Row({}, where, "has more cells than the header has columns"))
            continue
        rows.append(Row(dict(zip(header, cells, strict=False)), where))
    return rows


def _json_rows(text: str) -> list[Row]:
    decoder = json.JSONDecoder(parse_float=Decimal)
    pos = _skip_ws(text, 0)
    if pos >= len(text) or text[pos] != "[":
        raise BadFile("must hold a JSON array of objects, one per record")
    pos = _skip_ws(text, pos + 1)
    rows: list[Row] = []
    if pos < len(text) and text[pos] == "]":
        return rows
    while True:
        line = text.count("\n", 0, pos) + 1
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise BadFile(f"line {exc.lineno}: invalid JSON ({exc.msg})") from None
        where = f"record [{len(rows)}] (line {line})"
        if isinstance(value, Mapping):
            rows.append(Row(value, where))
        else:
            error = f"must be an object of named fields (got {describe(value)})"
            rows.append(Row({}, where, error))
        pos = _skip_ws(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]" and not text[pos + 1 :].strip():
            return rows
        line = text.count("\n", 0, pos) + 1
        raise BadFile(f"line {line}: invalid JSON (expected ',' or ']' after record "
                      f"[{len(rows) - 1}])")


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


# --------------------------------------------------------------------------------------------
# commands


@attrs.frozen
class Result:
    """One record's outcome as the command prints it."""

    id: str
    passed: bool
    reasons: tuple[Reason, ...]
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Command:
    """How one sub-command reads and judges a record."""

    name: str
    verdict: str  # the JSON key of the verdict
    help: str
    build: Callable[[Mapping[str, Any]], Any]
    judge: Callable[[Any, argparse.Namespace, Policy], Result]
    extras: frozenset[str] = frozenset()


def _decided(subject: str, decision: Decision, **extra: Any) -> Result:
    return Result(subject, bool(decision), decision.reasons, extra)


def _judge_eligibility(borrower: Any, args: argparse.Namespace, policy: Policy) -> Result:
    from poverty_credit.eligibility import check_eligibility

    return _decided(borrower.id, check_eligibility(borrower, args.on, policy))


def _judge_terms(loan: Loan, args: argparse.Namespace, policy: Policy) -> Result:
    from poverty_credit.loan_terms import check_loan_terms

    return _decided(loan.id, check_loan_terms(loan, policy))


def _judge_subsidy(item: tuple[Loan, Any], args: argparse.Namespace, policy: Policy) -> Result:
    from poverty_credit.subsidy import monthly_subsidy

    loan, documents = item
    year, month = args.month
    statement = monthly_subsidy(loan, year, month, policy)
    reasons = [r for r in statement.findings if not r.passed]
    if documents is not None:
        from poverty_credit.documents import check_documents

        on = _dt.date(year + month // 12, month % 12 + 1, 1) - _dt.timedelta(days=1)
        reasons.extend(check_documents(documents, loan.borrower, policy, on=on).reasons)
    extra = {"days": statement.days, "rate": statement.rate, "amount": statement.amount}
    return Result(loan.id, statement.days > 0 and not reasons, tuple(reasons), extra)


def _judge_claim(claim: CompensationClaim, args: argparse.Namespace, policy: Policy) -> Result:
    from poverty_credit.claims import check_claim
    from poverty_credit.loss_sharing import share_loss

    decision = check_claim(claim, args.on, policy)
    extra: dict[str, Any] = {"loss": claim.loss}
    if decision:
        share = share_loss(claim.loss, policy, insurer_share=claim.loan.insurer_share)
        extra.update(fund=share.fund, lender=share.lender, insurer=share.insurer)
    else:
        extra.update(fund=None, lender=None, insurer=None)
    return _decided(claim.loan.id, decision, **extra)


def _build_loan_with_documents(data: Mapping[str, Any]) -> tuple[Loan, Any]:
    data = dict(data)
    raw = data.pop("documents", None)
    problems: list[Problem] = []
    documents = None
    if not _is_blank(raw):
        try:
            documents = [_document(v, f"documents[{i}]")
                         for i, v in enumerate(_split_list(raw, "documents"))]
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    try:
        loan = build(Loan, data)
    except InvalidInputError as exc:
        problems[:0] = exc.problems
    if problems:
        raise InvalidInputError(problems)
    return loan, documents


def _document(value: object, field: str) -> Document:
    from poverty_credit._validate import as_enum

    return as_enum(Document, value, field)


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("eligibility", "eligible", "screen borrowers (Art. 9, 10) on a date",
                lambda d: _build_borrower(d, ""), _judge_eligibility),
        Command("terms", "compliant", "check loans against the 5321 terms (Art. 10, 11, 13)",
                lambda d: build(Loan, d), _judge_terms),
        Command("subsidy", "subsidised", "settle one month's interest subsidy (Art. 27-29)",
                _build_loan_with_documents, _judge_subsidy, frozenset({"documents"})),
        Command("claims", "accepted", "check compensation claims (Art. 19-25) on a date",
                lambda d: build(CompensationClaim, d), _judge_claim),
    )
}


# --------------------------------------------------------------------------------------------
# output


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
    if lang == "zh":
        return "是" if value else "否"
    return "yes" if value else "no"


def write_table(results: Sequence[Result], command: Command, lang: str, out: TextIO) -> None:
    """Aligned columns, one line per record; a denied record's messages are indented below it."""
    head = ["id", command.verdict, *(k for k in (results[0].extra if results else {})), "reasons"]
    lines = [
        [r.id, _yes(r.passed, lang), *(_cell(v) for v in r.extra.values()),
         ", ".join(x.code.value for x in r.reasons) or "-"]
        for r in results
    ]
    widths = [max(_width(row[i]) for row in [head, *lines]) for i in range(len(head))]
    out.write(_row(head, widths))
    for result, line in zip(results, lines, strict=True):
        out.write(_row(line, widths))
        for reason in result.reasons:
            out.write(f"    {reason.article or '-'}: {reason.text(lang)}\n")


def _cell(value: Any) -> str:
    return "-" if value is None else str(_plain(value))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = (c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
    return "  ".join(padded).rstrip() + "\n"


def write_csv(results: Sequence[Result], command: Command, lang: str, out: TextIO) -> None:
    """CSV with a header: id, the verdict (true/false), extras, reasons, messages."""
    extras = list(results[0].extra) if results else []
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", command.verdict, *extras, "reasons", "messages"])
    for r in results:
        writer.writerow([
            r.id, "true" if r.passed else "false", *(_cell(r.extra[k]) for k in extras),
            ";".join(x.code.value for x in r.reasons), " | ".join(x.text(lang) for x in r.reasons),
        ])


def write_json(results: Sequence[Result], command: Command, lang: str, out: TextIO) -> None:
    """A JSON array with one object per record (see :func:`result_record`)."""
    json.dump([result_record(r, command, lang) for r in results], out, ensure_ascii=False,
              indent=2)
    out.write("\n")


WRITERS = {"table": write_table, "csv": write_csv, "json": write_json}


# --------------------------------------------------------------------------------------------
# the parser and main


def _date_arg(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD (got {text!r})") from None


def _month_arg(text: str) -> tuple[int, int]:
    try:
        day = _dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month YYYY-MM (got {text!r})") from None
    return day.year, day.month


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of ``poverty-credit``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Apply a county's poverty-alleviation microcredit rules to records.",
        epilog="Exit status: 0 every record passes, 1 some record is denied, 2 bad input.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="run the main job on the built-in example county")
    demo.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
    for command in COMMANDS.values():
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        p.add_argument("file", metavar="FILE",
                       help="a .csv or .json file of records; - reads JSON from stdin")
        if command.name in ("eligibility", "claims"):
            p.add_argument("--on", type=_date_arg, required=True, metavar="YYYY-MM-DD",
                           help="the evaluation date")
        if command.name == "subsidy":
            p.add_argument("--month", type=_month_arg, required=True, metavar="YYYY-MM",
                           help="the month to settle")
        p.add_argument("--format", choices=tuple(WRITERS), default="table",
                       help="output format (default: table)")
        p.add_argument("--lang", choices=("en", "zh"), default="en",
                       help="language of the messages (default: en)")
        p.add_argument("--policy", metavar="FILE",
                       help="a TOML policy file (default: the Measures' values)")
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``poverty-credit`` with ``argv`` (default: the command line); return the exit status."""
    try:
        return _main(argv, stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
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


def _main(argv: Sequence[str] | None, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help exits 0, usage errors 2
        return int(exc.code or 0)
    if args.command == "demo":
        from poverty_credit.demo import run_demo

        stdout.write(run_demo(lang=args.lang))
        return EXIT_OK
    return _run(COMMANDS[args.command], args, stdin, stdout, stderr)


def _fail(stderr: TextIO, message: str) -> int:
    stderr.write(f"{PROG}: error: {message}\n")
    return EXIT_BAD_INPUT


def _run(command: Command, args: argparse.Namespace, stdin: TextIO, stdout: TextIO,
         stderr: TextIO) -> int:
    name = "<stdin>" if args.file == "-" else args.file
    policy = DEFAULT_POLICY
    if args.policy:
        try:
            policy = load_policy(args.policy)
        except InvalidInputError as exc:
            return _fail(stderr, "; ".join(str(p) for p in exc.problems))
    try:
        rows = read_rows(args.file, stdin)
    except BadFile as exc:
        return _fail(stderr, f"{name}: {exc}")
    results: list[Result] = []
    messages: list[str] = []
    progress = _Progress(stderr, len(rows))
    for i, row in enumerate(rows):
        progress.tick(i)
        try:
            if row.error:
                raise InvalidInputError(row.error)
            record = command.build(row.data)
            results.append(command.judge(record, args, policy))
        except InvalidInputError as exc:
            messages.extend(_where(name, row, p) for p in exc.problems)
        except PovertyCreditError as exc:  # reference data missing for this record's dates
            messages.append(f"{name}, {row.where}: {exc}")
    progress.done()
    if messages:
        for message in messages[:MAX_PROBLEMS_SHOWN]:
            stderr.write(f"{PROG}: error: {message}\n")
        if len(messages) > MAX_PROBLEMS_SHOWN:
            stderr.write(f"{PROG}: error: ... and {len(messages) - MAX_PROBLEMS_SHOWN} more "
                         "problems\n")
        return EXIT_BAD_INPUT
    WRITERS[args.format](results, command, args.lang, stdout)
    return EXIT_OK if all(r.passed for r in results) else EXIT_DENIED


def _where(name: str, row: Row, problem: Problem) -> str:
    field = f", field {problem.field}" if problem.field else ""
    return f"{name}, {row.where}{field}: {problem.message}"


class _Progress:
    """``\\rN/M records`` on stderr, only for long files and only when stderr is a terminal."""

    def __init__(self, stream: TextIO, total: int) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream = stream
        self.total = total
        self.active = total > PROGRESS_THRESHOLD and bool(isatty and isatty())

    def tick(self, i: int) -> None:
        if self.active and i % 100 == 0:
            self.stream.write(f"\r{i}/{self.total} records")
            self.stream.flush()

    def done(self) -> None:
        if self.active:
            self.stream.write(f"\r{self.total}/{self.total} records\n")
            self.stream.flush()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
