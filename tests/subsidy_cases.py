"""The loans and policies the subsidy test files share: a registered poor person, a one-year
loan of 50 000.00 at 4.35 % from 2016-03-01 (the 12-month PBoC benchmark in force since
2015-10-24, so the loan's rate is the subsidy rate), and the seed with a cap per household or
a yearly cycle (SPEC D5–D7)."""

from __future__ import annotations

import datetime as dt

import attrs

from poverty_credit import DEFAULT_POLICY, LegalEntity, Loan, NaturalPerson, Repayment

day = dt.date

MARCH_2016, MARCH_2017 = day(2016, 3, 1), day(2017, 3, 1)

#: the seed, capping what one household's loans get subsidised together at 50 000.00
HOUSEHOLD = attrs.evolve(DEFAULT_POLICY, caps_per_household=True,
                         max_subsidised_principal="50000")
#: the seed, settling the subsidy once a year
YEARLY = attrs.evolve(DEFAULT_POLICY, subsidy_cycle="year")


def person(pid: str = "P-1", household: str | None = None) -> NaturalPerson:
    return NaturalPerson(id=pid, birth_date=day(1975, 6, 1), registered_poor=True,
                         household_id=household)


def make_loan(principal: str = "50000", start: dt.date = MARCH_2016,
              maturity: dt.date = MARCH_2017, rate: str = "0.0435", *,
              borrower: NaturalPerson | LegalEntity | None = None, loan_id: str = "L-1",
              lender: str = "credit_union",
              repayments: tuple[tuple[dt.date, str], ...] = (),
              extended_to: dt.date | None = None) -> Loan:
    return Loan(id=loan_id, borrower=borrower or person(), lender=lender, principal=principal,
                start_date=start, maturity_date=maturity, annual_rate=rate,
                repayments=[Repayment(on=on, principal=p) for on, p in repayments],
                extended_to=extended_to)
