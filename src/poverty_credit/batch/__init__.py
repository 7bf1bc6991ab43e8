"""Columnar batch functions: the rules over columns of a million loans, exact to the fen.

Install the extra: ``pip install 'poverty-credit[batch]'`` (NumPy). pandas, polars and pyarrow
tables are accepted when installed, never required.

Loan columns (equal length; a mapping of NumPy arrays or lists, or a dataframe):

=====================  ==========================================================================
``id``                 str, unique
``lender``             str, a key of ``policy.fund_allocations``
``principal_fen``      int64 fen (50 000 yuan is ``5_000_000``); floats are refused
``start_date``         ``datetime64[D]`` (or ``datetime.date`` / ISO str); a datetime with a time
                       of day is refused
``maturity_date``      as ``start_date``
``annual_rate``        exact decimal str or ``Decimal`` (``"0.0435"``), or int64 millionths
                       (``43500``); floats are refused
``extended_to``        optional date, ``NaT`` / ``None`` = not extended
``guarantee_required`` optional bool (default false); ``collateral_required`` likewise
``borrower_id``        optional str; ``household_id`` optional str (the household allotment)
``borrower``           optional objects: the borrower model; a ``LegalEntity`` row is settled by
                       the scalar functions
=====================  ==========================================================================

Repayments are a second table: ``loan`` (int64 row index into the loan columns), ``on`` (date),
``principal_fen`` (int64). Borrower columns for :func:`check_eligibility`: see there.
"""

from __future__ import annotations

from poverty_credit.batch._loans import LOAN_COLUMNS, OPTIONAL_LOAN_COLUMNS, REPAYMENT_COLUMNS
from poverty_credit.batch._loans import loan_columns as loan_columns
from poverty_credit.batch._rules import (
    OPTIONAL_PERSON_COLUMNS,
    PERSON_COLUMNS,
    BatchDecisions,
    check_eligibility,
    check_loan_terms,
    person_columns,
)
from poverty_credit.batch._settle import BatchSettlement, settle_month, settle_year
from poverty_credit.batch.compare import Comparison, Scenario, compare
from poverty_credit.batch.simulate import FundSimulation, simulate_fund

__all__ = [
    "LOAN_COLUMNS",
    "OPTIONAL_LOAN_COLUMNS",
    "OPTIONAL_PERSON_COLUMNS",
    "PERSON_COLUMNS",
    "REPAYMENT_COLUMNS",
    "BatchDecisions",
    "BatchSettlement",
    "Comparison",
    "FundSimulation",
    "Scenario",
    "check_eligibility",
    "check_loan_terms",
    "compare",
    "loan_columns",
    "person_columns",
    "settle_month",
    "settle_year",
    "simulate_fund",
]
