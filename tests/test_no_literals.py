"""No rule module quotes the seed Measures in its code (issue 9, SPEC D1).

Every article (``"Art. 9(1)"``), Chinese article label (``第九条第（一）项``) and quoted word of the
seed (``五保户除外``) lives in the seed's policy data, ``data/presets/x-county-measures.toml``; the
rule modules read it through ``policy.cite(...)``. This test parses each module with :mod:`ast`,
collects every string constant that is not a docstring (the literal parts of f-strings included)
and fails if one holds

* ``"Art. "``;
* a ``第…条`` label;
* a full-width-quoted phrase ``“…”``;
* a run of 6 or more CJK characters that also occurs in a quote of the seed file (its citations'
  quotes and every ``"…"`` or ``“…”`` of the file, comments included): the seed's own words;
* any whole quote of the seed's citations, however short (``"逾期90天"``, ``"5321"``).

The seed file is read from the package, so the test needs nothing outside the repository. Every
rule module is checked for articles, labels, “…” quotations and whole quotes. The 6-character
window (paraphrases of the seed's words) holds for eligibility, loan terms, approval, documents
and the portfolio; the subsidy's and the claims' Chinese messages still paraphrase the Measures
in a few places (e.g. "从到期之日起不予贴息"), which the seed's messages must keep word for word,
so those modules are not held to the window yet.
"""

from __future__ import annotations

import ast
import importlib.resources
import re
import sys
from pathlib import Path

import pytest

from poverty_credit import DEFAULT_POLICY

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

MODULES = ["eligibility", "loan_terms", "approval", "documents", "subsidy", "_subsidy_fast",
           "claims", "loss_sharing", "fund", "portfolio"]
#: the modules also held to the 6-character window of the seed's words
WINDOWED = {"eligibility", "loan_terms", "approval", "documents", "portfolio"}
SEED = "x-county-measures.toml"
WINDOW = 6

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ARTICLE_ZH = re.compile(r"第[一二三四五六七八九十百零〇两\d]+条")
_QUOTED = re.compile(r"“[^”]+”")


def _package_file(*parts: str) -> Path:
    return Path(str(importlib.resources.files("poverty_credit").joinpath(*parts)))


def seed_windows(text: str) -> frozenset[str]:
    """Every run of WINDOW CJK characters inside a quote of the seed file's text."""
    quotes: list[str] = []
    data = tomllib.loads(text)
    for citation in data.get("citations", {}).values():
        if isinstance(citation, dict) and citation.get("quote"):
            quotes.append(citation["quote"])
    quotes += re.findall(r'"([^"\n]*)"', text)
    quotes += re.findall(r"“([^”\n]*)”", text)
    windows: set[str] = set()
    for quoted in quotes:
        for run in _CJK.findall(quoted):
            windows.update(run[i : i + WINDOW] for i in range(len(run) - WINDOW + 1))
    return frozenset(windows)


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                found.add(id(body[0].value))
    return found


def violations(
    source: str, windows: frozenset[str], quotes: frozenset[str] = frozenset()
) -> list[str]:
    """Every string constant of ``source`` (docstrings aside) that holds a seed literal:
    ``windows`` of the seed's words, and its citations' whole ``quotes``."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in docs:
            continue
        text = node.value
        why = []
        if "Art. " in text:
            why.append("an 'Art. ' article")
        if _ARTICLE_ZH.search(text):
            why.append("a 第…条 label")
        if _QUOTED.search(text):
            why.append("a “…” quotation")
        for run in _CJK.findall(text):
            hits = [run[i : i + WINDOW] for i in range(len(run) - WINDOW + 1)]
            if any(h in windows for h in hits):
                why.append(f"the seed's words {run!r}")
        why.extend(f"the seed's quote {q!r}" for q in sorted(quotes) if q in text)
        if why:
            found.append(f"line {node.lineno}: {text!r} holds {', '.join(why)}")
    return found


@pytest.fixture(scope="module")
def windows() -> frozenset[str]:
    return seed_windows(_package_file("data", "presets", SEED).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def quotes() -> frozenset[str]:
    return frozenset(c.quote for c in DEFAULT_POLICY.citations.values() if c.quote)


@pytest.mark.parametrize("module", MODULES)
def test_rule_module_holds_no_literal_of_the_seed(
    module: str, windows: frozenset[str], quotes: frozenset[str]
) -> None:
    source = _package_file(f"{module}.py").read_text(encoding="utf-8")
    assert violations(source, windows if module in WINDOWED else frozenset(), quotes) == []


def test_the_seed_quotes_are_read(windows: frozenset[str]) -> None:
    """The windows really come from the seed's citations: its quoted words are among them."""
    assert "名下无存量不" in windows  # OUTSTANDING_BAD_LOANS' quote, 名下无存量不良贷款
    assert "实际额度以其" in windows  # AMOUNT_ABOVE_ENTITY_LIMIT's quote


def test_the_whole_quotes_are_read(quotes: frozenset[str]) -> None:
    """Short quotes, below the 6-character window, are checked whole; the ledger's six
    citations are among them."""
    assert {"逾期90天", "公示期不少于7天", "不予受理", "5321", "免担保"} <= quotes
    ledger = {DEFAULT_POLICY.citations[key].quote for key in (
        "FUND_ALLOCATION", "FUND_CONTRIBUTION", "FUND_INTEREST", "FUND_PAYOUT", "FUND_RECOVERY",
        "FUND_CLAW_BACK")}
    assert None not in ledger
    assert ledger <= quotes


def test_the_parse_reads_every_message_and_skips_docstrings(windows: frozenset[str]) -> None:
    """Not vacuous: a real message of fund.py holding a quote is found once it is looked for."""
    source = _package_file("fund.py").read_text(encoding="utf-8")
    assert violations(source, frozenset(), frozenset({"the ledger's dates must not go"})) != []
    assert violations(source, frozenset(), frozenset({"The risk-compensation fund's ledger"})) == []


SYNTHETIC = '''
"""A docstring may quote the seed: Art. 9(1) 第九条 “五保户除外” 名下无存量不良贷款."""

ART = "Art. 9(1)"
LABEL = "第九条第（一）项"
QUOTED = "不符合“免担保”"
WORDS = "名下无存量不良贷款"


def f(day: str) -> str:
    """Docstrings are skipped: 实际额度以其带动贫困户户数而定."""
    return f"{day}带动计入的贫困户，实际额度以其带动贫困户户数而定"


CLEAN = f"{ART}"  # a name holding an article is no literal; an interpolated quote neither
OPEN_QUOTE_ONLY = "不符合“"
SHORT = "五保户"
'''


def test_the_check_finds_each_kind_of_literal() -> None:
    """Self-test on a synthetic module: each kind of literal is found, docstrings are not."""
    windows = seed_windows('[citations]\nA = { article = "x", quote = "名下无存量不良贷款" }\n'
                           '# Art. 10 "实际额度以其带动贫困户户数而定"\n')
    found = violations(SYNTHETIC, windows)
    assert len(found) == 5, found
    assert "'Art. 9(1)'" in found[0]
    assert "第…条" in found[1]
    assert "“…” quotation" in found[2]
    assert "名下无存量不良贷款" in found[3]
    assert "实际额度以其带动贫困户户数而定" in found[4]  # inside an f-string
    assert not any("docstring" in f.lower() for f in found)
    assert violations('X = "no seed words here"\n', windows) == []
    assert violations('X = f"{n}天逾期90天"\n', windows, frozenset({"逾期90天"})) != []
