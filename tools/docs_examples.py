"""Run the command-line examples of the docs and write their real output into the pages.

A page declares input files and runs as HTML comments, each followed by a fenced block::

    <!-- file: loans.csv -->
    ```text
    贷款编号,借款人编号,...
    ```

    <!-- run: poverty-credit settle loans.csv --month 2016-03 -->
    ```text
    $ poverty-credit settle loans.csv --month 2016-03
    ...the output, then what went to stderr, then the exit status if it is not 0...
    ```

``python tools/docs_examples.py docs/cli/*.md`` rewrites every run block from a fresh run in a
temporary folder holding the page's files; ``tests/test_docs_examples.py`` fails when a page and
the command disagree, so the "screenshots" in the docs are always what the command prints.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

BLOCK = re.compile(r"<!-- (file|run): (.+?) -->\n```(\w*)\n(.*?)```\n", re.DOTALL)


def run(argv: list[str]) -> str:
    """What ``poverty-credit argv`` prints (stdout, then stderr), and a non-zero exit status."""
    from poverty_credit.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(""))
    text = out.getvalue() + err.getvalue()
    if code:
        text += f"[exit status {code}]\n"
    return text


def render(page: str) -> str:
    """The page with every run block replaced by the real output (files written first)."""
    with tempfile.TemporaryDirectory() as folder:
        previous = os.getcwd()
        os.chdir(folder)
        try:
            def replace(match: re.Match[str]) -> str:
                kind, arg, lang, body = match.groups()
                if kind == "file":
                    encoding = "gb18030" if ".gbk." in arg else "utf-8"
                    Path(arg).write_bytes(body.encode(encoding))
                    return match.group(0)
                argv = shlex.split(arg)
                assert argv[0] == "poverty-credit", arg
                with contextlib.redirect_stdout(io.StringIO()):
                    output = run(argv[1:])
                return f"<!-- run: {arg} -->\n```{lang}\n$ {arg}\n{output}```\n"

            return BLOCK.sub(replace, page)
        finally:
            os.chdir(previous)


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
