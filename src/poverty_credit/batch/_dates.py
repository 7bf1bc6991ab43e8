"""Calendar arithmetic on day-number arrays (Civil Code art. 202 month ends), vectorised."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]


def add_months(days: I64, months: int | I64) -> I64:
    """``days`` moved by ``months`` months: the corresponding day of the final month, or that
    month's last day when it has none (art. 202; 29 February → 28 February)."""
    d64 = days.astype("datetime64[D]")
    month = d64.astype("datetime64[M]")
    day_of_month = (d64 - month.astype("datetime64[D]")).view(np.int64)  # 0-based
    target = month + np.asarray(months, dtype=np.int64)
    first = target.astype("datetime64[D]")
    month_days = ((target + 1).astype("datetime64[D]") - first).view(np.int64)
    return (first.view(np.int64) + np.minimum(day_of_month, month_days - 1)).astype(np.int64)


def years_of(days: I64) -> I64:
    """The calendar year of each day number."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").view(np.int64) + 1970


#: The term bands the rate tables distinguish (≤ 6, ≤ 12, ≤ 36, ≤ 60, > 60 months) and a term in
#: each band, for looking the band's rate up.
BAND_LIMITS = (6, 12, 36, 60)
BAND_TERMS = (6, 12, 36, 60, 61)


def term_band(start: I64, maturity: I64) -> I64:
    """The band index (0–4) of each loan's term: the term is ``<= n`` months exactly when
    ``maturity <= start + n months`` (the definition of ``term_months``)."""
    band = np.zeros(len(start), dtype=np.int64)
    for limit in BAND_LIMITS:
        band += maturity > add_months(start, limit)
    return band
