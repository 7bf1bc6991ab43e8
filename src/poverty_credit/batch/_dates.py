"""Calendar arithmetic on day-number arrays (Civil Code art. 202 month ends), vectorised.

Month arithmetic goes through a small table of month starts (day numbers), so a column is
converted to months once and every shift is integer indexing.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]


class Months:
    """The month index and day of month of each day number, for repeated month shifts."""

    def __init__(self, days: I64, most: int = 0, least: int = 0) -> None:
        days = np.asarray(days, dtype=np.int64)
        if days.size:
            first = int(days.min().astype("datetime64[D]").astype("datetime64[M]").view(np.int64))
            last = int(days.max().astype("datetime64[D]").astype("datetime64[M]").view(np.int64))
        else:
            first = last = 0
        low = first + min(0, least) - 1
        self._base = low
        months = np.arange(low, last + max(0, most) + 3, dtype=np.int64)
        self._starts = months.astype("datetime64[M]").astype("datetime64[D]").view(np.int64)
        self.index = np.searchsorted(self._starts, days, side="right").astype(np.int64) - 1
        self.day_of_month = days - self._starts[self.index]

    def shift(self, months: int | I64) -> I64:
        """The days moved by ``months`` (within the ``most`` given at construction): the
        corresponding day of the final month, or its last day (art. 202)."""
        target = self.index + np.asarray(months, dtype=np.int64)
        first = self._starts[target]
        length = self._starts[target + 1] - first
        moved: I64 = first + np.minimum(self.day_of_month, length - 1)
        return moved

    def years(self) -> I64:
        """The calendar year of each day."""
        year: I64 = (self._base + self.index) // 12 + 1970
        return year


def add_months(days: I64, months: int | I64) -> I64:
    """``days`` moved by ``months`` months: the corresponding day of the final month, or that
    month's last day when it has none (art. 202; 29 February → 28 February)."""
    most = int(np.max(months, initial=0))
    least = int(np.min(months, initial=0))
    return Months(days, most, least).shift(months)


def years_of(days: I64) -> I64:
    """The calendar year of each day number."""
    return Months(days).years()


#: The term bands the rate tables distinguish (≤ 6, ≤ 12, ≤ 36, ≤ 60, > 60 months) and a term in
#: each band, for looking the band's rate up.
BAND_LIMITS = (6, 12, 36, 60)
BAND_TERMS = (6, 12, 36, 60, 61)


def term_band(start: I64, maturity: I64) -> I64:
    """The band index (0–4) of each loan's term: the term is ``<= n`` months exactly when
    ``maturity <= start + n months`` (the definition of ``term_months``)."""
    months = Months(start, max(BAND_LIMITS))
    band = np.zeros(len(start), dtype=np.int64)
    for limit in BAND_LIMITS:
        band += maturity > months.shift(limit)
    return band
