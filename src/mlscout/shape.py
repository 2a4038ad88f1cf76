"""What a table is: the entity a row describes, its time axis, the outcomes it could predict and its free text.

The ranking matches pain points on it (customer churn needs rows about customers, employee attrition rows about
employees; forecasting needs a time axis, and counting rows per period only means something for event rows), and the
baselines take their time-ordered folds from the same time axis, so a yes/no outcome called 'Attrition' in a table
of job roles, departments and salaries is not read as customers cancelling, and a daily table (one row per day) is
not a demand of one row a day. The vocabulary is generic business language, in English with a few common synonyms; a
table whose columns say too little gets no entity (``None``) and nothing is excluded on that ground.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mlscout.profiling.columns import ColumnProfile, RowOrder, date_parts
from mlscout.text import human_duration, name_tokens

__all__ = ["ENTITIES", "DataShape", "OutcomeCandidate", "TimeAxis", "describe_table", "detect_entity",
           "recorded_after_the_fact", "time_axis"]

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
    "property": frozenset({"house", "houses", "housing", "homes", "residential", "property", "bedrooms", "bedroom",
                           "beds", "bathrooms", "bathroom", "baths", "rooms", "sqft", "square", "lot", "land",
                           "garage", "basement", "built", "zoning", "neighborhood", "neighbourhood", "fireplace",
                           "fireplaces", "pool", "acres", "condo", "apartment", "stories", "storeys", "porch", "roof",
                           "listing", "appraisal", "appraised"}),
}
MIN_HITS = 3
LEAD = 1.5  # the winner's hits must exceed the runner-up's by this factor


_BIRTH = re.compile(r"birth|dob|born", re.IGNORECASE)
_DURATION_WORDS = frozenset({"duration", "time", "days", "hours", "minutes", "seconds", "tat", "delay", "length",
                             "wait", "elapsed", "tenure", "lead", "turnaround"})
# Values that say how something ended ('state': released / isolated / deceased).
_ENDINGS = frozenset({"deceased", "died", "dead", "released", "recovered", "discharged", "closed", "resolved",
                      "won", "lost", "approved", "denied", "rejected", "accepted", "positive", "negative",
                      "cancelled", "canceled", "churned", "defaulted", "paid", "failed", "passed"})
# Words of an outcome recorded after the fact (an event happened, a decision was taken), not a description.
_AFTER_THE_FACT = re.compile(r"churn|target|label|outcome|status|result|default|fraud|attrition|left|converted|"
                             r"response|respond|survived|dead|death|died|approved|deny|denied|defect|failure|fail|"
                             r"cancel|returned|purchased|clicked|won|lost|arrest|callback|tip|spam|(?<=[a-z])ed$",
                             re.IGNORECASE)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeAxis(_Frozen):
    """The column that orders the rows in time, and how the rows sit on it."""

    column: str
    kind: Literal["date", "day_index", "decimal_year", "year_and_month"] = Field(
        description="A date or time; a count of days; years with the month as a fraction; a year beside a month "
                    "column.")
    rows: Literal["events", "one per period", "one per period and series"] = Field(
        description="Events (many rows per time, or at irregular times); one row per period; one row per period "
                    "of each series.")
    series_keys: tuple[str, ...] = Field((), description="Columns naming the series of a panel (city, store).")
    step: str | None = Field(None, description="The usual step between consecutive times, in words.")


class OutcomeCandidate(_Frozen):
    """A column the table could predict, what kind of quantity it is and whether it reads as recorded after the
    fact (an outcome) or as a description of the row."""

    column: str
    kind: Literal["event", "category", "amount", "duration", "count"]
    recorded: Literal["after the fact", "descriptive"]


class DataShape(_Frozen):
    """What a table is: the entity a row describes (with the column-name words that say so), its time axis, the
    outcomes it could predict and its free-text columns."""

    entity: str | None = Field(None, description="The entity a row describes, when the columns say so clearly.")
    evidence: tuple[str, ...] = Field((), description="The column-name words that point at it.")
    time: TimeAxis | None = Field(None, description="The time axis, when the rows have one.")
    outcomes: tuple[OutcomeCandidate, ...] = Field((), description="Columns to predict, best first (identifiers, "
                                                                   "personal data, protected attributes and "
                                                                   "calendar parts never are).")
    text_columns: tuple[str, ...] = Field((), description="Free-text columns.")
    row_order: RowOrder | None = Field(None, description="With no time axis: evidence that the rows are in time "
                                                         "order all the same (keep the order; fold by it).")

    def in_time_order(self, column: str) -> bool:
        """Whether `column` is a measurement that follows the row order in time: forecast it, fold by the order."""
        return self.time is None and self.row_order is not None and column in self.row_order.columns

    def text(self) -> str:
        """One line for people: 'rows describe patients; time: pan_day (day numbers, events, every 1 day); ...'."""
        parts = [f"rows describe {self.entity} records ({', '.join(self.evidence[:4])})" if self.entity
                 else "what a row describes is not clear from the column names"]
        if self.time is not None:
            series = f" of each {', '.join(self.time.series_keys)}" if self.time.series_keys else ""
            rows = "one row per period" + series if self.time.rows != "events" else "events"
            step = f", every {self.time.step}" if self.time.step else ""
            parts.append(f"time axis '{self.time.column}' ({rows}{step})")
        elif self.row_order is not None:
            parts.append(f"no time column, but the rows look in time order ('{self.row_order.columns[0]}' follows "
                         f"its previous row)")
        else:
            parts.append("no time axis")
        if self.outcomes:
            described = [f"'{o.column}' ({o.kind}" + (", descriptive)" if o.recorded == "descriptive" else ")")
                         for o in self.outcomes[:3]]
            parts.append("outcomes: " + ", ".join(described))
        if self.text_columns:
            parts.append(f"free text: {', '.join(repr(c) for c in self.text_columns[:3])}")
        return "; ".join(parts)


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


def _axis_kind(column: ColumnProfile) -> str | None:
    if column.semantic_type == "datetime" and column.dates is not None and not _BIRTH.search(column.name):
        return "date"
    if column.time_part is not None and column.time_part.kind in ("day_index", "decimal_year"):
        return column.time_part.kind
    return None


def time_axis(columns: Sequence[ColumnProfile], exclude: str | None = None) -> TimeAxis | None:
    """The column that orders the rows in time: a date (not a birth date), an elapsed-day count or decimal years,
    the one with the most distinct times; else a year beside a month column (a date split in parts). A year alone
    is as likely an attribute (built, painted, born) and is no time axis."""
    candidates = [c for c in columns if c.name != exclude and _axis_kind(c) is not None]
    kind: str
    if candidates:
        column = max(candidates, key=lambda c: (c.semantic_type == "datetime", c.distinct))
        kind = _axis_kind(column) or "date"
    else:
        years = [c for c in columns if c.name != exclude and c.time_part is not None and c.time_part.kind == "year"
                 and not _BIRTH.search(c.name)]
        if not years or "month" not in date_parts(columns):
            return None
        column, kind = max(years, key=lambda c: c.distinct), "year_and_month"
    rows = max(column.count, 1)
    series = _series_keys(columns, column, rows)
    regular = column.dates is None or (column.dates.irregular_step_share or 0.0) <= 0.2
    if column.distinct_fraction >= 0.95 and regular:  # stops every few seconds at random are events
        layout = "one per period"
    elif series:
        layout = "one per period and series"
    else:
        layout = "events"
    step = None
    if column.dates is not None and column.dates.step_seconds:
        step = _calendar_step(column.dates.step_seconds)
    elif kind == "day_index":
        step = "1 day"
    elif kind == "decimal_year":
        step = "1 month"
    return TimeAxis(column=column.name, kind=kind, rows=layout, series_keys=series, step=step)  # type: ignore[arg-type]


def _calendar_step(seconds: float) -> str:
    """'1 month' for a step of 28 to 31 days, '1 quarter', '1 year'; otherwise the duration in words."""
    days = seconds / 86400
    for low, high, word in ((28, 31, "1 month"), (89, 92, "1 quarter"), (365, 366, "1 year")):
        if low <= days <= high:
            return word
    return human_duration(seconds)


def _series_keys(columns: Sequence[ColumnProfile], time: ColumnProfile, rows: int) -> tuple[str, ...]:
    """Categories that, with the time, make one row each: 46 cities x 187 months = the 8,602 rows."""
    keys = []
    for column in columns:
        if column.name == time.name or column.semantic_type not in ("categorical", "identifier") \
                or not 2 <= column.distinct <= rows // 3:
            continue
        if abs(column.distinct * time.distinct - rows) <= 0.1 * rows:
            keys.append(column.name)
    return tuple(keys[:1])


def _outcome_kind(column: ColumnProfile, task: str) -> str:
    if task == "binary":
        return "event"
    if task == "multiclass":
        return "category"
    if set(name_tokens(column.name)) & _DURATION_WORDS:
        return "duration"
    numeric = column.numeric
    if numeric is not None and numeric.integer_valued and (numeric.min or 0) >= 0:
        return "count"
    return "amount"


def recorded_after_the_fact(column: ColumnProfile) -> bool:
    """Its name says an outcome ('Attrition', 'received_callback'), or its values say how things ended."""
    if _AFTER_THE_FACT.search(column.name):
        return True
    values = {str(v.value).strip().lower() for v in column.top_values[:12]}
    return column.semantic_type in ("categorical", "boolean") and bool(values & _ENDINGS)


def describe_table(name: str, columns: Sequence[ColumnProfile], likely_targets: Sequence[Any] = (),
                   row_order: RowOrder | None = None) -> DataShape:
    """The table's shape from its profile: entity, time axis, outcome candidates (from the likely targets) and free
    text. The profile must have been through personal-data detection (free text with personal data is no text
    feature, and personal or protected columns are no outcomes)."""
    entity = detect_entity([*(c.name for c in columns), name])
    by_name = {c.name: c for c in columns}
    outcomes = tuple(
        OutcomeCandidate(column=t.column, kind=_outcome_kind(by_name[t.column], t.task),  # type: ignore[arg-type]
                         recorded="after the fact" if recorded_after_the_fact(by_name[t.column]) else "descriptive")
        for t in likely_targets if t.column in by_name)
    text = tuple(c.name for c in columns if c.semantic_type == "text")
    time = time_axis(columns)
    return DataShape(entity=entity.entity, evidence=entity.evidence, time=time, outcomes=outcomes,
                     text_columns=text, row_order=row_order if time is None else None)
