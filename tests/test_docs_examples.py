"""The command-line pages show what the command really prints: each run block of docs/cli/*.md
is re-run on the page's own files and must match (regenerate with tools/docs_examples.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import docs_examples  # noqa: E402

PAGES = sorted((ROOT / "docs" / "cli").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_page_shows_the_real_output(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert docs_examples.render(text) == text, (
        f"{page.name} is out of date: run python tools/docs_examples.py {page}")


def test_every_report_command_has_a_page_with_an_example() -> None:
    names = {p.stem for p in PAGES}
    assert {"demo", "eligibility", "terms", "subsidy", "claims", "settle", "fund",
            "portfolio"} <= names
    for name in ("settle", "fund", "portfolio"):
        assert "<!-- run: poverty-credit " + name in (ROOT / "docs" / "cli" /
                                                       f"{name}.md").read_text("utf-8")


def test_a_failing_run_shows_its_status() -> None:
    assert docs_examples.run(["terms", "missing.csv"]).endswith("[exit status 2]\n")
