"""``python -m poverty_credit``: the same as the ``poverty-credit`` command."""

from poverty_credit.cli import main

if __name__ == "__main__":  # pragma: no branch
    raise SystemExit(main())
