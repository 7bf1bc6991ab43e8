"""poverty-credit: a county's rules for poverty-alleviation microcredit as typed models and pure,
explainable functions.

The public surface is what this module exports (``__all__``); every other module is an
implementation detail whose names may change.

>>> import datetime as dt
>>> from poverty_credit import NaturalPerson, check_eligibility
>>> person = NaturalPerson(id="P-001", birth_date=dt.date(1960, 6, 1), registered_poor=True)
>>> decision = check_eligibility(person, on=dt.date(2026, 6, 1))
>>> bool(decision), [r.code.value for r in decision.reasons]
(False, ['AGE_ABOVE_LIMIT'])
"""

from poverty_credit import creditcode, idnumber
from poverty_credit.approval import check_disbursement, filing_deadline
from poverty_credit.citations import Citation, PolicyDocument
from poverty_credit.claims import check_claim, days_past_due
from poverty_credit.decision import Decision, Reason, ReasonCode
from poverty_credit.documents import check_documents, required_documents
from poverty_credit.eligibility import check_eligibility, counted_households
from poverty_credit.errors import (
    CalendarDataMissing,
    InvalidInputError,
    PovertyCreditError,
    Problem,
    ProblemCode,
    RateNotFound,
    RuleViolation,
)
from poverty_credit.fund import FundEvent, FundEventKind, FundStatement, Payout, RiskFund
from poverty_credit.loan_terms import (
    check_loan_terms,
    entity_credit_limit,
    lending_capacity,
    poverty_relending_rate,
)
from poverty_credit.loss_sharing import CappedLossShare, LossShare, share_loss, share_recovery
from poverty_credit.models import (
    Application,
    CompensationClaim,
    Document,
    DrivingAgreement,
    EntityKind,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    Repayment,
    Review,
    Stamp,
)
from poverty_credit.periods import add_months, add_years, age_on, days_after, term_months
from poverty_credit.policy import (
    DEFAULT_POLICY,
    BadCreditExcludes,
    Benchmark,
    DepositTier,
    ExistingContracts,
    Policy,
    SubsidyCycle,
    SubsidyRate,
    UnconfirmedRates,
    example_policy_path,
    load_policy,
)
from poverty_credit.policy_presets import preset, preset_schedule, presets
from poverty_credit.portfolio import (
    PortfolioFigures,
    PortfolioMetrics,
    check_portfolio,
    portfolio_metrics,
)
from poverty_credit.rates import (
    RateEntry,
    RateQuote,
    RateTable,
    benchmark_quote,
    benchmark_rate,
    deposit_quote,
    deposit_rate,
    rate_table,
)
from poverty_credit.readers import iter_records, read_records
from poverty_credit.records import to_records
from poverty_credit.schedule import PolicySchedule
from poverty_credit.schema import json_schema, schema_names
from poverty_credit.serialization import from_dict, from_json, to_dict, to_json
from poverty_credit.status import PovertyStatus
from poverty_credit.subsidy import (
    Settlement,
    SkippedLoan,
    SubsidyStatement,
    monthly_subsidy,
    settle_month,
    settle_year,
    subsidy_schedule,
)
from poverty_credit.validation import validate
from poverty_credit.workdays import (
    OfficialCalendar,
    WorkingDayCalendar,
    YearSchedule,
    add_working_days,
)

__version__ = "0.2.0"

__all__ = [
    "DEFAULT_POLICY",
    "Application",
    "BadCreditExcludes",
    "Benchmark",
    "CalendarDataMissing",
    "CappedLossShare",
    "Citation",
    "CompensationClaim",
    "Decision",
    "DepositTier",
    "Document",
    "DrivingAgreement",
    "EntityKind",
    "ExistingContracts",
    "FundEvent",
    "FundEventKind",
    "FundStatement",
    "InvalidInputError",
    "LegalEntity",
    "Loan",
    "LossCause",
    "LossShare",
    "NaturalPerson",
    "OfficialCalendar",
    "Payout",
    "Policy",
    "PolicyDocument",
    "PolicySchedule",
    "PortfolioFigures",
    "PortfolioMetrics",
    "PovertyCreditError",
    "PovertyStatus",
    "Problem",
    "ProblemCode",
    "RateEntry",
    "RateNotFound",
    "RateQuote",
    "RateTable",
    "Reason",
    "ReasonCode",
    "Repayment",
    "Review",
    "RiskFund",
    "RuleViolation",
    "Settlement",
    "SkippedLoan",
    "Stamp",
    "SubsidyCycle",
    "SubsidyRate",
    "SubsidyStatement",
    "UnconfirmedRates",
    "WorkingDayCalendar",
    "YearSchedule",
    "__version__",
    "add_months",
    "add_working_days",
    "add_years",
    "age_on",
    "benchmark_quote",
    "benchmark_rate",
    "check_claim",
    "check_disbursement",
    "check_documents",
    "check_eligibility",
    "check_loan_terms",
    "check_portfolio",
    "counted_households",
    "creditcode",
    "days_after",
    "days_past_due",
    "deposit_quote",
    "deposit_rate",
    "entity_credit_limit",
    "example_policy_path",
    "filing_deadline",
    "from_dict",
    "from_json",
    "idnumber",
    "iter_records",
    "json_schema",
    "lending_capacity",
    "load_policy",
    "monthly_subsidy",
    "portfolio_metrics",
    "poverty_relending_rate",
    "preset",
    "preset_schedule",
    "presets",
    "rate_table",
    "read_records",
    "required_documents",
    "schema_names",
    "settle_month",
    "settle_year",
    "share_loss",
    "share_recovery",
    "subsidy_schedule",
    "term_months",
    "to_dict",
    "to_json",
    "to_records",
    "validate",
]
