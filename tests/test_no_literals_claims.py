"""No article and no quotation of the seed Measures in claims.py or loss_sharing.py (issue 9).

The rule modules take every article, Chinese article label and quoted phrase from the policy's
citations. This test parses the modules, collects every string constant that is not a docstring
(the parts of f-strings included) and fails on an ``"Art. "``, a ``第…条`` label or any quote of the
seed's citations (read from the seed TOML through ``DEFAULT_POLICY.citations``).
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

import poverty_credit
from poverty_credit import DEFAULT_POLICY

SRC = pathlib.Path(poverty_credit.__file__).parent
MODULES = ("claims.py", "loss_sharing.py")
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
    """Every non-docstring str constant of ``source`` with its line (f-string parts included:
    they are Constant nodes inside JoinedStr)."""
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


@pytest.mark.parametrize("module", MODULES)
def test_module_holds_no_article_or_seed_quote(module: str) -> None:
    source = (SRC / module).read_text(encoding="utf-8")
    assert offending(source, seed_quotes()) == []


def test_seed_quotes_are_read_from_the_seed() -> None:
    """The checker really has the claims' quotes to look for (they live in the seed TOML)."""
    quotes = seed_quotes()
    assert {"逾期90天", "公示期不少于7天", "不予受理", "未经过损失认定而支付风险补偿金"} <= quotes


def test_checker_catches_synthetic_literals() -> None:
    """Self-test: each kind of literal is caught, in plain strings and f-string parts alike, and
    docstrings are left alone."""
    source = '''
"""Module docstring: Art. 19 第十九条 逾期90天 may be described here."""
def rule(days):
    """Function docstring: Art. 21(1) 不予受理."""
    a = "see Art. 19"
    b = f"{days} days (第二十条第二项)"
    c = f"公示期{days}天，不予受理"
    return a, b, c
'''
    found = offending(source, {"不予受理", "逾期90天"})
    assert len(found) == 3
    assert "line 5" in found[0]
    assert "'Art. '" in found[0]
    assert "第…条" in found[1]
    assert "'不予受理'" in found[2]
    assert offending('x = "plain words"\n', {"不予受理"}) == []
