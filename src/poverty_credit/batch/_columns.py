"""Column inputs: mappings of equal-length columns or dataframes, checked into NumPy arrays.

Dates become ``int64`` day numbers (days since 1970-01-01, ``datetime64[D]`` viewed as integers),
money ``int64`` fen, rates exact integers over a power of ten. Every bad cell is refused with
:class:`~poverty_credit.InvalidInputError` naming the column and the row (``principal_fen[12]``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import numpy.typing as npt

from poverty_credit._money import describe
from poverty_credit.errors import InvalidInputError, Problem

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Objects = npt.NDArray[np.object_]

#: The day number of "no date" (NaT viewed as int64).
NO_DAY = np.iinfo(np.int64).min
#: Rates are held exactly as ``numerator / 10**RATE_DIGITS`` at most; more digits go to the scalar
#: path (int64 holds any fraction below 1 with 18 digits).
MAX_RATE_DIGITS = 18
#: At most this many problems are listed in one error (the rest are counted).
MAX_PROBLEMS = 20
_EPOCH = _dt.date(1970, 1, 1)


def day_number(day: _dt.date) -> int:
    """``date`` → days since 1970-01-01."""
    return (day - _EPOCH).days


def from_day_number(n: int) -> _dt.date:
    """Days since 1970-01-01 → ``date``."""
    return _EPOCH + _dt.timedelta(days=int(n))


class Problems:
    """Collects the problems of one input, a bounded number per column."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.more = 0

    def add(self, column: str, rows: Iterable[int] | npt.NDArray[Any], message: str) -> None:
        for row in np.asarray(rows, dtype=np.int64).ravel().tolist():
            if len(self.items) < MAX_PROBLEMS:
                self.items.append(Problem(f"{column}[{row}]", message.format(row=row)))
            else:
                self.more += 1

    def add_where(self, column: str, bad: Bools, message: str,
                  shown: npt.NDArray[Any] | None = None) -> None:
        rows = np.flatnonzero(bad)
        if not rows.size:
            return
        for row in rows[:MAX_PROBLEMS].tolist():
            got = "" if shown is None else f" (got {shown[row]!r})"
            if len(self.items) < MAX_PROBLEMS:
                self.items.append(Problem(f"{column}[{row}]", message + got))
            else:
                self.more += 1
        self.more += max(0, rows.size - MAX_PROBLEMS)

    def raise_if_any(self) -> None:
        if self.items:
            items = list(self.items)
            if self.more:
                items.append(Problem("", f"and {self.more} more problem(s) of the same kind"))
            raise InvalidInputError(items)


def as_columns(data: object, name: str) -> dict[str, npt.NDArray[Any]]:
    """A mapping of columns, or a pandas / polars / pyarrow table, as NumPy arrays (no copy where
    the library gives a view). The dataframe libraries are only used if the caller passes one."""
    module = type(data).__module__.split(".")[0]
    if module == "pandas" and hasattr(data, "columns"):
        frame: Any = data
        return {str(c): frame[c].to_numpy() for c in frame.columns}
    if module == "polars" and hasattr(data, "columns"):
        frame = data
        return {str(c): frame[c].to_numpy() for c in frame.columns}
    if module == "pyarrow" and hasattr(data, "column_names"):
        table: Any = data
        return {
            str(c): table.column(c).to_numpy(zero_copy_only=False) for c in table.column_names
        }
    if not isinstance(data, Mapping):
        raise InvalidInputError.single(
            name,
            "must be a mapping of column name to equal-length columns, or a pandas, polars or "
            f"pyarrow table (got {describe(data)})",
        )
    columns: dict[str, npt.NDArray[Any]] = {}
    for key, value in data.items():
        if isinstance(value, np.ndarray):
            columns[str(key)] = value
        elif isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, Iterable)):
            raise InvalidInputError.single(
                f"{name}.{key}", f"must be a column (array or list) (got {describe(value)})"
            )
        else:
            items = list(value)
            array = np.empty(len(items), dtype=object)
            array[:] = items
            columns[str(key)] = _narrow(array)
    return columns


def _narrow(array: Objects) -> npt.NDArray[Any]:
    """A list column of plain ints or bools as int64 / bool (anything else stays object)."""
    items = array.tolist()
    if items and all(type(v) is bool for v in items):
        return np.asarray(items, dtype=np.bool_)
    if items and all(type(v) is int for v in items):
        try:
            return np.asarray(items, dtype=np.int64)
        except OverflowError:
            return array
    return array


def length(columns: Mapping[str, npt.NDArray[Any]], required: Sequence[str], name: str) -> int:
    """The common length of the columns; every required column present."""
    problems = [Problem(f"{name}.{c}", "is a required column") for c in required
                if c not in columns]
    if problems:
        raise InvalidInputError(problems)
    lengths = {c: len(v) for c, v in columns.items()}
    n = lengths[required[0]] if required else (next(iter(lengths.values())) if lengths else 0)
    bad = [Problem(f"{name}.{c}", f"has {k} rows, expected {n} (columns must have equal length)")
           for c, k in lengths.items() if k != n]
    if bad:
        raise InvalidInputError(bad)
    return n


def int_column(columns: Mapping[str, npt.NDArray[Any]], column: str, problems: Problems,
               what: str = "whole fen as int64") -> I64:
    """An integer column (int64); floats and bools are refused."""
    values = columns[column]
    if values.dtype.kind in "iu":
        if values.dtype.kind == "u" and values.size and int(values.max()) > np.iinfo(np.int64).max:
            problems.add_where(column, values > np.iinfo(np.int64).max, f"is too large for {what}")
            return np.zeros(len(values), dtype=np.int64)
        return values.astype(np.int64, copy=False)
    out = np.zeros(len(values), dtype=np.int64)
    if values.dtype.kind == "O":
        for row, v in enumerate(values.tolist()):
            if type(v) is int and -(2**63) <= v < 2**63:
                out[row] = v
            elif isinstance(v, np.integer):
                out[row] = int(v)
            else:
                problems.add(column, [row], f"must be {what} (got {describe(v)})")
        return out
    problems.add(column, [0] if len(values) else [],
                 f"must be {what} (got a column of dtype {values.dtype}; floats are never money)")
    return out


def bool_column(columns: Mapping[str, npt.NDArray[Any]], column: str, n: int,
                problems: Problems, default: bool = False) -> Bools:
    """A boolean column (absent: ``default`` for every row)."""
    if column not in columns:
        return np.full(n, default, dtype=np.bool_)
    values = columns[column]
    if values.dtype.kind == "b":
        return values.astype(np.bool_, copy=False)
    out = np.zeros(n, dtype=np.bool_)
    for row, v in enumerate(values.tolist()):
        if type(v) is bool or isinstance(v, np.bool_):
            out[row] = bool(v)
        else:
            problems.add(column, [row], f"must be a bool (got {describe(v)})")
    return out


def text_column(columns: Mapping[str, npt.NDArray[Any]], column: str, problems: Problems,
                *, optional: bool = False) -> Objects:
    """A column of non-empty str (``optional``: ``None`` allowed)."""
    out = columns[column].astype(object, copy=False)
    items = out.tolist()
    try:  # the common case, checked at C speed: str.strip refuses anything but a str
        if all(map(str.strip, items)):
            return out
    except TypeError:
        pass
    for row, v in enumerate(items):
        if v is None and optional:
            continue
        if not isinstance(v, str) or not v.strip():
            problems.add(column, [row], f"must be a non-empty str (got {describe(v)})")
    return out


def date_column(columns: Mapping[str, npt.NDArray[Any]], column: str, problems: Problems,
                *, optional: bool = False) -> I64:
    """A date column as day numbers: ``datetime64`` (any unit, no time of day), ``datetime.date``
    objects or ISO strings; ``NaT`` / ``None`` only where ``optional`` (→ :data:`NO_DAY`)."""
    values = columns[column]
    if values.dtype.kind == "M":
        days = values.astype("datetime64[D]")
        exact = days.astype(values.dtype) == values
        nat = np.isnat(values)
        problems.add_where(column, ~exact & ~nat,
                           "must be a date, not a date and time (a datetime is refused: truncating "
                           "it is an off-by-one-day bug)")
        out = days.view(np.int64).copy()
        if not optional:
            problems.add_where(column, nat, "must be a date (got NaT)")
        out[nat] = NO_DAY
        return out
    out = np.full(len(values), NO_DAY, dtype=np.int64)
    for row, v in enumerate(values.tolist()):
        if v is None or (isinstance(v, float) and v != v):
            if not optional:
                problems.add(column, [row], "must be a date (got None)")
            continue
        if isinstance(v, _dt.datetime) or type(v).__name__ in ("Timestamp", "DateTime"):
            problems.add(column, [row], f"must be a date, not a datetime (got {describe(v)})")
        elif isinstance(v, _dt.date):
            out[row] = day_number(_dt.date(v.year, v.month, v.day))
        elif isinstance(v, str):
            try:
                out[row] = day_number(_dt.date.fromisoformat(v.strip()))
            except ValueError:
                problems.add(column, [row], f"must be an ISO date YYYY-MM-DD (got {describe(v)})")
        else:
            problems.add(column, [row], f"must be a date (got {describe(v)})")
    return out


def decimal_places(value: Decimal) -> int:
    """Digits after the point of a finite Decimal (0 for integers)."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def rate_column(columns: Mapping[str, npt.NDArray[Any]], column: str, problems: Problems
                ) -> tuple[list[Decimal], I64]:
    """An annual-rate column: exact decimal strings or ``Decimal`` (``"0.0435"``), or int64
    millionths (``43500``). Returns the distinct rates and each row's index into them."""
    values = columns[column]
    if values.dtype.kind in "iu":
        millionths = values.astype(np.int64, copy=False)
        if millionths.size and int(millionths.min()) >= 0 and int(millionths.max()) < 10**6:
            # distinct values by presence over the million possible ones: no sort
            present = np.zeros(10**6, dtype=bool)
            present[millionths] = True
            uniques = np.flatnonzero(present)
            inverse = (np.cumsum(present) - 1)[millionths]
        else:
            uniques, inverse = np.unique(millionths, return_inverse=True)
        rates = [Decimal(int(u)).scaleb(-6) for u in uniques.tolist()]
        _check_rates(rates, inverse, column, problems, "int millionths")
        return rates, inverse.astype(np.int64)
    if values.dtype.kind not in "OU":
        problems.add(column, [0] if len(values) else [],
                     f"must hold exact decimal strings or int millionths (got dtype {values.dtype};"
                     " floats are never rates)")
        return [Decimal(0)], np.zeros(len(values), dtype=np.int64)
    index: dict[object, int] = {}
    rates = []
    inverse = np.empty(len(values), dtype=np.int64)
    for row, v in enumerate(values.tolist()):
        key = (type(v), v)
        found = index.get(key)
        if found is None:
            found = len(rates)
            index[key] = found
            rates.append(_parse_rate(v, column, row, problems))
        inverse[row] = found
    _check_rates(rates, inverse, column, problems, "a fraction")
    return rates, inverse


def _parse_rate(v: object, column: str, row: int, problems: Problems) -> Decimal:
    if isinstance(v, Decimal):
        number = v
    elif isinstance(v, str):
        try:
            number = Decimal(v.strip())
        except InvalidOperation:
            problems.add(column, [row], f"must be an exact decimal rate (got {describe(v)})")
            return Decimal(0)
    else:
        problems.add(column, [row], "must be an exact decimal str or Decimal, e.g. '0.0435' "
                                    f"(got {describe(v)})")
        return Decimal(0)
    if not number.is_finite():
        problems.add(column, [row], f"must be a finite rate (got {describe(v)})")
        return Decimal(0)
    return number


def _check_rates(rates: list[Decimal], inverse: I64, column: str, problems: Problems,
                 what: str) -> None:
    for i, rate in enumerate(rates):
        if not Decimal(0) <= rate < 1:
            rows = np.flatnonzero(inverse == i)
            problems.add(column, rows[:MAX_PROBLEMS],
                         f"must be {what} with 0 <= rate < 1, e.g. 0.0435 for 4.35 % (got {rate})")


def scaled(rates: Sequence[Decimal], digits: int) -> list[int]:
    """Exact integer numerators of ``rates`` over ``10**digits``."""
    return [int(r.scaleb(digits)) for r in rates]


def half_up_div(numerator: npt.NDArray[Any], denominator: int) -> npt.NDArray[Any]:
    """``ROUND_HALF_UP(numerator / denominator)`` for non-negative numerators, exactly (int64 or
    Python-int object arrays)."""
    if numerator.dtype == object:
        quotient, remainder = numerator // denominator, numerator % denominator
    else:
        quotient, remainder = np.divmod(numerator, denominator)
    return quotient + (remainder >= denominator - remainder)  # 2r >= d without overflow
