"""Generated documentation pages are current: regenerating gives the same text."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_article_map_is_generated_from_the_seed_citations() -> None:
    """Issue 9: the article map comes from the seed's citations, not written a second time."""
    tool = _tool("make_article_map")
    page = ROOT / "docs" / "explanation" / "articles.md"
    assert page.read_text(encoding="utf-8") == tool.generate()  # type: ignore[attr-defined]


def test_the_article_map_lists_every_citation_under_its_articles() -> None:
    tool = _tool("make_article_map")
    numbers = tool._numbers  # type: ignore[attr-defined]
    assert numbers("Art. 20(4), 22, 26") == [20, 22, 26]
    assert numbers("Art. 27 ¶2") == [27]
    assert numbers("Art. 19, 32(2)") == [19, 32]
    text = tool.generate()  # type: ignore[attr-defined]
    row_27 = next(line for line in text.splitlines() if line.startswith("| 27 |"))
    assert "`SUBSIDY_FROM_MATURITY` (Art. 27 ¶2, 第二十七条第二款" in row_27
    row_2 = next(line for line in text.splitlines() if line.startswith("| 2 |"))
    assert row_2.endswith("| — |")  # no rule cites Art. 2
