"""Generate the built-in example county of ``poverty-credit demo`` (synthetic, deterministic).

Writes ``src/poverty_credit/data/demo/``:

* ``households.csv`` — natural persons (the ``eligibility`` command's CSV format);
* ``entities.json`` — legal entities with their driving agreements (nested households);
* ``loans.json`` — a year of loans (2024-07-01 to 2025-06-30) by both lenders, borrowers nested;
* ``claims.json`` — compensation claims on defaulted loans, evaluated on 2025-11-20.

Every file is valid input of the matching ``poverty-credit`` command. The data is made up: a fixed
seed, no real person. Run ``python tools/make_demo_data.py [OUTDIR]`` to regenerate; the output is
byte-for-byte the same on every run (``tests/test_demo.py`` checks the shipped copy against it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

SEED = 20250101
N_HOUSEHOLDS = 260
N_ENTITIES = 10
LOAN_YEAR_START = dt.date(2024, 7, 1)
CLAIM_NOTICE = (dt.date(2025, 11, 1), dt.date(2025, 11, 10))
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "src" / "poverty_credit" / "data" / "demo"

PERSON_FIELDS = [
    "id", "birth_date", "registered_poor", "five_guarantee", "has_outstanding_bad_loans",
    "has_bad_credit_record", "star_rating", "household_id", "id_number",
]
ENTITY_KINDS = ["cooperative", "family_farm", "capable_household", "leading_enterprise"]
ENTITY_NAMES = [
    "Green Valley Tea Cooperative", "Hillside Family Farm", "Riverbank Pig Farm",
    "Mountain Mushroom Cooperative", "Wang's Orchard", "County Kiwi Enterprise",
    "Bamboo Craft Cooperative", "East Slope Cattle Farm", "Liu's Rice Household",
    "Golden Honey Cooperative",
]
LENDERS = ["credit_union", "postal_savings"]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def make_people(rng: random.Random) -> list[dict[str, Any]]:
    """Households of one or two members; flags drawn so that most are eligible."""
    people = []
    for h in range(1, N_HOUSEHOLDS + 1):
        household = f"H{h:04d}"
        members = 2 if rng.random() < 0.15 else 1
        poor = rng.random() < 0.88
        five_guarantee = rng.random() < 0.04
        for m in range(members):
            age = rng.choice([rng.randint(17, 30), rng.randint(25, 60), rng.randint(25, 60),
                              rng.randint(50, 72)])
            birth = _day(rng, dt.date(2025, 3, 3) - dt.timedelta(days=365 * (age + 1) - 1),
                         dt.date(2025, 3, 3) - dt.timedelta(days=365 * age))
            people.append({
                "id": f"P{h:04d}{'ab'[m]}",
                "birth_date": birth.isoformat(),
                "registered_poor": poor,
                "five_guarantee": five_guarantee,
                "has_outstanding_bad_loans": rng.random() < 0.04,
                "has_bad_credit_record": rng.random() < 0.10,
                "star_rating": rng.choices([None, 1, 2, 3, 4, 5], [5, 4, 8, 25, 25, 33])[0],
                "household_id": household if members > 1 else None,
                "id_number": None,
            })
    return people


def _plausibly_eligible(p: dict[str, Any], on: dt.date) -> bool:
    birth = dt.date.fromisoformat(p["birth_date"])
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return bool(p["registered_poor"] and not p["five_guarantee"]
                and not p["has_outstanding_bad_loans"] and 18 <= age <= 62)


def make_entities(rng: random.Random, people: list[dict[str, Any]],
                  free: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entities driving 2-6 households each (drawn from people without their own loan)."""
    entities = []
    for e in range(N_ENTITIES):
        agreements = []
        if e != N_ENTITIES - 1:  # the last entity has only an expired agreement: not eligible
            for person in rng.sample(free, rng.randint(2, 6)):
                free.remove(person)
                signed = _day(rng, dt.date(2023, 1, 1), dt.date(2024, 6, 1))
                agreements.append({"household": person, "signed_on": signed.isoformat(),
                                   "ends_on": None})
        else:
            person = free.pop()
            agreements.append({"household": person, "signed_on": "2022-03-01",
                               "ends_on": "2023-02-28"})
        entities.append({
            "id": f"E{e + 1:03d}", "name": ENTITY_NAMES[e], "kind": ENTITY_KINDS[e % 4],
            "agreements": agreements,
        })
    return entities


def _rate(months: int) -> str:
    return "0.0435" if months <= 12 else "0.0475"  # PBoC benchmark since 2015-10-24


def make_loans(rng: random.Random, borrowers: list[dict[str, Any]],
               entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One loan per borrower given, start dates spread over the year from 2024-07-01."""
    loans = []
    for i, person in enumerate(borrowers):
        start = _day(rng, LOAN_YEAR_START, dt.date(2025, 6, 30))
        months = rng.choice([12, 12, 24, 36])
        principal = rng.choice([20000, 30000, 30000, 40000, 50000, 50000])
        loan: dict[str, Any] = {
            "id": f"L{i + 1:04d}", "borrower": person, "lender": LENDERS[i % 3 == 2],
            "principal": str(principal), "start_date": start.isoformat(),
            "maturity_date": _add_months(start, months).isoformat(),
            "annual_rate": _rate(months), "guarantee_required": False,
            "collateral_required": False, "repayments": [], "extended_to": None,
            "insurer_share": None,
        }
        first = _add_months(start, 6)
        if first < dt.date(2025, 6, 1) and rng.random() < 0.4:
            loan["repayments"] = [{"on": first.isoformat(), "principal": str(principal // 5)}]
        loans.append(loan)
    # a few loans outside the 5321 terms, so that the terms check has something to say
    loans[3]["principal"] = "60000"
    loans[8]["guarantee_required"] = True
    loans[15]["annual_rate"] = "0.0500"
    loans[21]["maturity_date"] = _add_months(dt.date.fromisoformat(loans[21]["start_date"]),
                                             48).isoformat()
    loans[21]["annual_rate"] = "0.0475"
    loans[30]["collateral_required"] = True
    loans[40]["insurer_share"] = "0.80"
    for j, entity in enumerate(entities[: N_ENTITIES - 1]):
        start = _day(rng, LOAN_YEAR_START, dt.date(2025, 6, 30))
        households = len(entity["agreements"])
        loans.append({
            "id": f"LE{j + 1:03d}", "borrower": entity, "lender": LENDERS[j % 2],
            "principal": str(50000 * households - rng.choice([0, 10000, 20000])),
            "start_date": start.isoformat(), "maturity_date": _add_months(start, 24).isoformat(),
            "annual_rate": "0.0475", "guarantee_required": False, "collateral_required": False,
            "repayments": [], "extended_to": None, "insurer_share": None,
        })
    return loans


def _interest(principal: str, rate: str, days: int) -> str:
    amount = Decimal(principal) * Decimal(rate) * days / 360
    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def make_claims(rng: random.Random, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Defaulted one-year loans from July-August 2024: due in July-August 2025, claimed in
    November 2025. Their own loans are separate records (they were made before the demo year)."""
    causes = ["death", "natural_disaster", "loss_of_working_capacity", "other",
              "similar_income_loss"]
    claims = []
    for k, person in enumerate(people):
        start = _day(rng, dt.date(2024, 7, 1), dt.date(2024, 8, 15))
        due = _add_months(start, 12)
        principal = str(rng.choice([30000, 40000, 50000]))
        loan = {
            "id": f"LD{k + 1:03d}", "borrower": person, "lender": LENDERS[k % 2],
            "principal": principal, "start_date": start.isoformat(),
            "maturity_date": due.isoformat(), "annual_rate": "0.0435",
            "guarantee_required": False, "collateral_required": False, "repayments": [],
            "extended_to": None, "insurer_share": None,
        }
        claims.append({
            "loan": loan, "due_date": due.isoformat(), "unpaid_principal": principal,
            # the last quarter's contract interest was never paid (nor subsidised)
            "unpaid_interest": _interest(principal, "0.0435", 92),
            "notice_start": CLAIM_NOTICE[0].isoformat(), "notice_end": CLAIM_NOTICE[1].isoformat(),
            "cause": causes[k], "objections": 0, "town_station_signed": True, "approved": True,
            "loss_determined": True, "collected_in_period": k != 4, "recourse_performed": True,
            "major_event_acted": True, "major_event_reported": True, "lent_as_required": True,
        })
    return claims


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generate() -> dict[str, str]:
    """The demo files' names and contents."""
    rng = random.Random(SEED)
    people = make_people(rng)
    on = dt.date(2025, 3, 3)
    eligible = [p for p in people if _plausibly_eligible(p, on)]
    by_household: dict[str, dict[str, Any]] = {}
    for p in eligible:
        by_household.setdefault(p["household_id"] or p["id"], p)
    candidates = list(by_household.values())
    rng.shuffle(candidates)
    defaulted, candidates = candidates[:5], candidates[5:]
    borrowers, free = candidates[:150], candidates[150:]
    entities = make_entities(rng, people, free)
    loans = make_loans(rng, sorted(borrowers, key=lambda p: p["id"]), entities)
    claims = make_claims(rng, defaulted)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PERSON_FIELDS)
    for p in people:
        writer.writerow([_csv_value(p[f]) for f in PERSON_FIELDS])

    def dump(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    return {
        "households.csv": out.getvalue(),
        "entities.json": dump(entities),
        "loans.json": dump(loans),
        "claims.json": dump(claims),
    }


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (target / name).write_text(text, encoding="utf-8")
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
