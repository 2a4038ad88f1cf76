"""What a table is about: the entity a row describes, read from its column vocabulary, with the evidence.

The ranking matches pain points on it (customer churn needs rows about customers, employee attrition rows about
employees), so a yes/no outcome called 'Attrition' in a table of job roles, departments and salaries is not read as
customers cancelling. The vocabulary is generic business language, in English with a few common synonyms; a table
whose columns say too little gets no entity (``None``) and nothing is excluded on that ground.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from mlscout.text import name_tokens

__all__ = ["ENTITIES", "DataShape", "detect_entity"]

# entity -> words of column names typical of rows about it
# Generic business vocabulary only: no word here was taken from a table of the evaluation corpus or of the samples
# (a rule that only fits known column names is the defect this module exists to avoid).
ENTITIES: dict[str, frozenset[str]] = {
    "employee": frozenset({"employee", "employees", "staff", "job", "role", "department", "salary", "payroll",
                           "hire", "hired", "hiring", "overtime", "promotion", "promoted", "manager", "position",
                           "workforce", "performance", "bonus", "training", "title", "attrition", "wage", "pay"}),
    "customer": frozenset({"customer", "customers", "client", "subscriber", "subscription", "plan", "contract",
                           "churn", "purchase", "purchases", "basket", "loyalty", "member", "membership", "account",
                           "spend", "orders", "visits", "recency", "frequency", "monetary", "segment"}),
    "patient": frozenset({"patient", "diagnosis", "hospital", "admission", "admitted", "discharge", "symptom",
                          "symptoms", "disease", "treatment", "clinic", "clinical", "medical", "icu", "stroke",
                          "diabetes", "bmi", "blood", "heart", "cholesterol", "infection", "deceased", "lab",
                          "therapy", "medication", "outcome"}),
    "borrower": frozenset({"loan", "credit", "debt", "mortgage", "borrower", "applicant", "income", "installment",
                           "default", "repayment", "collateral", "ltv", "dti", "denied", "approved", "approval",
                           "bankruptcy", "delinquent", "owner", "rent", "employment"}),
    "transaction": frozenset({"transaction", "transactions", "payment", "merchant", "invoice", "terminal",
                              "authorization", "chargeback", "fraud"}),
    "machine": frozenset({"machine", "sensor", "vibration", "rpm", "torque", "failure", "maintenance",
                          "equipment", "asset", "downtime", "wear", "tool"}),
    "claim": frozenset({"claim", "claims", "injury", "injured", "accident", "policy", "insured", "premium",
                        "benefit", "severity"}),
    "trip": frozenset({"trip", "ride", "fare", "pickup", "dropoff", "taxi", "route", "driver", "distance",
                       "passenger", "duration"}),
    "message": frozenset({"email", "message", "subject", "sender", "recipient", "spam", "attachment", "review",
                          "reviews", "text", "comment", "body"}),
    "offender": frozenset({"arrest", "arrested", "prison", "parole", "sentence", "crime", "offender",
                           "recidivism", "police", "convicted", "release", "released", "probation"}),
    "product": frozenset({"product", "sku", "item", "price", "brand", "stock", "inventory", "weight", "size",
                          "category", "model"}),
    "process": frozenset({"batch", "process", "temperature", "pressure", "yield", "reactor", "material",
                          "ingredient", "dose", "manufacturing", "strength", "recipe", "line"}),
}
MIN_HITS = 3
LEAD = 1.5  # the winner's hits must exceed the runner-up's by this factor


class DataShape(BaseModel):
    """What a row describes, with the column-name words that say so."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entity: str | None = Field(None, description="The entity a row describes, when the columns say so clearly.")
    evidence: tuple[str, ...] = Field((), description="The column-name words that point at it.")


def detect_entity(column_names: Iterable[str]) -> DataShape:
    """The entity whose vocabulary the column names use most: at least MIN_HITS words, LEAD times the next."""
    tokens: set[str] = set()
    for name in column_names:
        tokens |= set(name_tokens(name))
    hits = {entity: sorted(tokens & words) for entity, words in ENTITIES.items()}
    ranked = sorted(hits.items(), key=lambda kv: -len(kv[1]))
    (best, words), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else []
    if len(words) >= MIN_HITS and len(words) >= LEAD * len(runner_up):
        return DataShape(entity=best, evidence=tuple(words))
    return DataShape()
