"""No article and no quotation of the seed Measures in fund.py (issue 9, SPEC D1, D7).

The ledger's events take their article and its Chinese label from ``policy.cite(...)`` under the
keys ``FUND_ALLOCATION``, ``FUND_CONTRIBUTION``, ``FUND_INTEREST``, ``FUND_PAYOUT``,
``FUND_RECOVERY`` and ``FUND_CLAW_BACK`` of the seed's ``[citations]``. This test parses fund.py,
collects every string constant that is not a docstring (the parts of f-strings included: they are
``Constant`` nodes inside ``JoinedStr``) and fails on an ``"Art. "``, a ``第…条`` label or any quote
of the seed's citations (read from the seed TOML through ``DEFAULT_POLICY.citations``). Comments
and docstrings may still describe the seed.
"""

from __future__ import annotations

import ast
import pathlib
import re

import poverty_credit
from poverty_credit import DEFAULT_POLICY

FUND = pathlib.Path(poverty_credit.__file__).parent / "fund.py"
ARTICLE_ZH = re.compile(r"第[一二三四五六七八九十百零〇0-9]+条")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the Constant nodes that are docstrings (module, class, function)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (body and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                found.add(id(body[0].value))
    return found


def literals(source: str) -> list[tuple[int, str]]:
    """Every non-docstring str constant of ``source`` with its line."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def seed_quotes() -> set[str]:
    return {c.quote for c in DEFAULT_POLICY.citations.values() if c.quote}


def offending(source: str, quotes: set[str]) -> list[str]:
    found = []
    for line, text in literals(source):
        problems = []
        if "Art. " in text:
            problems.append("an 'Art. ' article")
        if ARTICLE_ZH.search(text):
            problems.append("a 第…条 label")
        problems.extend(f"the seed's quote {q!r}" for q in sorted(quotes) if q in text)
        found.extend(f"line {line}: {text!r} holds {p}" for p in problems)
    return found


def test_fund_holds_no_article_or_seed_quote() -> None:
    assert offending(FUND.read_text(encoding="utf-8"), seed_quotes()) == []


def test_the_checker_looks_at_the_ledgers_own_quotes() -> None:
    """The quotes of the six ledger citations are among those looked for (they live in the seed
    TOML, between '# -- the fund's ledger' and '# -- end fund')."""
    quotes = seed_quotes()
    ledger = {DEFAULT_POLICY.citations[key].quote for key in (
        "FUND_ALLOCATION", "FUND_CONTRIBUTION", "FUND_INTEREST", "FUND_PAYOUT", "FUND_RECOVERY",
        "FUND_CLAW_BACK")}
    assert None not in ledger
    assert ledger <= quotes
    assert "追回已支付的风险补偿金" in quotes


def test_the_checker_reads_every_string_of_fund_py() -> None:
    """The parse is not vacuous: fund.py's messages are found, its docstrings are not."""
    texts = [text for _, text in literals(FUND.read_text(encoding="utf-8"))]
    assert any("the ledger's dates must not go backwards" in t for t in texts)
    assert not any(t.startswith("The risk-compensation fund's ledger") for t in texts)


def test_checker_catches_synthetic_literals() -> None:
    """Self-test: each kind of literal is caught, in plain strings and f-string parts alike, and
    docstrings are left alone."""
    source = '''
"""Module docstring: Art. 23 第二十三条 追回已支付的风险补偿金 may be described here."""
class Fund:
    """Class docstring: Art. 32."""
    def pay(self, amount):
        """Method docstring: Art. 20(4), 22, 26 第二十六条."""
        a = "Art. 20(4), 22, 26"
        b = f"{amount} (第三十二条)"
        c = f"returned: 追回已支付的风险补偿金 {amount}"
        return a, b, c
'''
    found = offending(source, {"追回已支付的风险补偿金"})
    assert len(found) == 3
    assert "line 7" in found[0]
    assert "'Art. '" in found[0]
    assert "line 8" in found[1]
    assert "第…条" in found[1]
    assert "'追回已支付的风险补偿金'" in found[2]
    assert offending('x = "plain words"\n', {"追回已支付的风险补偿金"}) == []
