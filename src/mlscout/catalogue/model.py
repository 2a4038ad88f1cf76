"""Pain points and the catalogue: pydantic models; load and validate a user's YAML or CSV catalogue.

Errors name the entry (by its id, or its position when it has none) and the field, so a user can fix their file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mlscout.files import parse_yaml, read_text

__all__ = ["DEFAULT_CATALOGUE", "Catalogue", "CatalogueError", "MinData", "PainPoint", "Signals", "TargetHints",
           "catalogue_from_text", "default_catalogue", "load_catalogue"]

DEFAULT_CATALOGUE = Path(__file__).with_name("pain_points.yaml")

MlTask = Literal["binary", "multiclass", "regression", "forecasting", "anomaly_detection", "clustering",
                 "recommendation", "text_classification"]
Signal = Literal["entity_id", "timestamp", "history", "text", "numeric_features", "categorical_features", "label",
                 "amount", "location", "item_id", "event_log", "price"]
SUPERVISED = {"binary", "multiclass", "regression", "text_classification"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


TargetShape = Literal["binary", "category", "positive_amount", "amount", "count_over_time", "none"]


class TargetHints(_Strict):
    keywords: tuple[str, ...] = Field(default=(), description="Column-name keywords and synonyms of the target; a "
                                                              "category whose values say one of them (a 'state' of "
                                                              "released / deceased) fits too.")
    shape: TargetShape = "none"
    other_shapes: tuple[TargetShape, ...] = Field(default=(), description="Other shapes the same outcome is often "
                                                                          "recorded in (a satisfaction score, or "
                                                                          "satisfied yes/no); the task follows the "
                                                                          "column.")
    scale_max: float | None = Field(None, description="The largest value the outcome takes when it is a score on "
                                                      "a scale (a 1-5 rating, a 0-10 NPS, a 0-100 index): a "
                                                      "'Rating' of 93 to 982 is a credit rating, no opinion.")
    name_required: bool = Field(False, description="Only a column named like the target fits: its values' shape "
                                                   "beside typical columns is not enough (a fairness audit needs a "
                                                   "decision, not any yes/no column beside a protected attribute).")


class Signals(_Strict):
    required: tuple[Signal, ...] = ()
    helpful: tuple[Signal, ...] = ()


class MinData(_Strict):
    rows: int = Field(100, ge=1)
    positives: int | None = Field(None, ge=1, description="Minority-class rows, for classification.")
    history_days: int | None = Field(None, ge=1, description="Days of history, for forecasting.")


class PainPoint(_Strict):
    """One business pain point that machine learning can address."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    business_function: str
    problem: str
    ml_task: MlTask
    target: TargetHints = Field(default_factory=TargetHints)
    context_keywords: tuple[str, ...] = Field(default=(), description="Column-name words typical of the use case.")
    entities: tuple[str, ...] = Field(default=(), description="What a row must describe (mlscout.shape.ENTITIES: "
                                                              "customer, employee, patient, ...); empty: any.")
    entity_required: bool = Field(False, description="Offered only where the rows are seen to describe one of "
                                                     "its entities: its target's name says too little (a price "
                                                     "is every product's, not only a house's).")
    signals: Signals = Field(default_factory=Signals)
    kpi: str = ""
    value_driver: str = ""
    value: int = Field(ge=1, le=5, description="Business value, 1-5.")
    effort: int = Field(ge=1, le=5, description="Effort to build and run, 1-5.")
    risk: int = Field(ge=1, le=5, description="Regulatory, fairness and operational risk, 1-5.")
    risk_notes: str = ""
    min_data: MinData = Field(default_factory=MinData)

    @field_validator("target", mode="before")
    @classmethod
    def _keywords_lowercase(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("keywords"):
            value = {**value, "keywords": [str(k).lower() for k in value["keywords"]]}
        return value

    @property
    def supervised(self) -> bool:
        return self.ml_task in SUPERVISED


class Catalogue(_Strict):
    version: int = 1
    pain_points: tuple[PainPoint, ...]

    @field_validator("pain_points")
    @classmethod
    def _unique_ids(cls, value: tuple[PainPoint, ...]) -> tuple[PainPoint, ...]:
        seen: set[str] = set()
        for point in value:
            if point.id in seen:
                raise ValueError(f"the id {point.id!r} is used twice")
            seen.add(point.id)
        return value

    def get(self, pain_point_id: str) -> PainPoint:
        for point in self.pain_points:
            if point.id == pain_point_id:
                return point
        raise KeyError(pain_point_id)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=110)


class CatalogueError(ValueError):
    """A catalogue file could not be read; the message names the entry and the field."""


def _explain(exc: ValidationError, raw_points: list[Any], source: str) -> CatalogueError:
    problems = []
    for error in exc.errors():
        location = list(error["loc"])
        if len(location) >= 2 and location[0] == "pain_points" and isinstance(location[1], int):
            index = location[1]
            entry = raw_points[index] if index < len(raw_points) else {}
            ident = entry.get("id") if isinstance(entry, dict) else None
            where = f"entry {ident!r}" if ident else f"entry #{index + 1}"
            field = ".".join(str(p) for p in location[2:]) or "(the entry)"
            problems.append(f"{where}, field {field}: {error['msg']}")
        else:
            problems.append(f"{'.'.join(str(p) for p in location) or 'catalogue'}: {error['msg']}")
    return CatalogueError(f"{source}: " + "; ".join(problems[:10]))


def _split(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [v.strip() for v in str(value).replace(",", ";").split(";") if v.strip()]


def _from_csv(text: str) -> dict[str, Any]:
    """CSV: one row per pain point; nested fields as target_keywords, signals_required, min_rows, ...;
    lists separated by ';'."""
    points = []
    for row in csv.DictReader(io.StringIO(text)):
        row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        point: dict[str, Any] = {k: v for k, v in row.items() if not k.startswith(("target_", "signals_", "min_"))
                                 and k != "context_keywords" and v != ""}
        point["target"] = {"keywords": _split(row.get("target_keywords")), "shape": row.get("target_shape") or "none"}
        point["context_keywords"] = _split(row.get("context_keywords"))
        point["signals"] = {"required": _split(row.get("signals_required")),
                            "helpful": _split(row.get("signals_helpful"))}
        point["min_data"] = {k: v for k, v in (("rows", row.get("min_rows")), ("positives", row.get("min_positives")),
                                                ("history_days", row.get("min_history_days"))) if v not in (None, "")}
        points.append(point)
    return {"version": 1, "pain_points": points}


def catalogue_from_text(text: str, source: str = "catalogue.yaml") -> Catalogue:
    """Parse a catalogue from YAML or CSV text (CSV when `source` ends in .csv)."""
    if source.lower().endswith(".csv"):
        raw: Any = _from_csv(text)
    else:
        raw = parse_yaml(text, source, CatalogueError)
        if isinstance(raw, list):
            raw = {"pain_points": raw}
        if not isinstance(raw, dict) or "pain_points" not in raw:
            raise CatalogueError(f"{source}: expected a list of pain points, or a mapping with 'pain_points'.")
    points = raw.get("pain_points") or []
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise _explain(exc, points if isinstance(points, list) else [], source) from None


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue file (YAML or CSV); the shipped catalogue when `path` is None."""
    path = Path(path) if path is not None else DEFAULT_CATALOGUE
    return catalogue_from_text(read_text(path, CatalogueError, "catalogue file"), str(path))


# Target words used in every trade: a lab test's 'value', an infusion 'Rate', a patient's vital 'status' are no
# price, room rate or loan status unless a column of the use case stands beside them.
GENERIC_TARGET_WORDS = frozenset({"amount", "category", "class", "count", "cost", "decision", "output", "rate",
                                  "result", "risk", "score", "status", "total", "type", "value", "y", "positive",
                                  "positives", "pass", "quality", "return", "returned", "load", "power", "active",
                                  "opened", "closed", "usage", "search", "offer", "offered", "hours", "weeks",
                                  "retained", "accepted", "selected",  # a pupil retained in a grade is no churn
                                  "duration", "revenue", "response", "outcome", "volume",  # a geyser's eruption
                                  "survived", "survival"})  # the Titanic's passengers are no patients


_DEFAULT: Catalogue | None = None


def default_catalogue() -> Catalogue:
    """The shipped catalogue (parsed once per process; it is immutable)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_catalogue(DEFAULT_CATALOGUE)
    return _DEFAULT


# A household's or a person's income describes the case in most tables (a covariate of credit, spending, health,
# schooling): on 1,191 public tables it would have been the first guess of 57, nearly all as a covariate. A column
# named so stays a target for income estimation, by its name, in the ranking.
DESCRIBING_WORDS = frozenset({"income"})


def predicted_words(catalogue: Catalogue) -> frozenset[str]:
    """The one-word target keywords of the catalogue's use cases that predict a value of each row ('salary',
    'spam', 'strength'), less the words every trade uses (GENERIC_TARGET_WORDS) and words that mostly describe
    the case (DESCRIBING_WORDS): a column so named is what some use case predicts. A forecast's keywords ('visits',
    'staff', 'kwh') name a total per period, which a table of cases holds as a description of each case."""
    return frozenset(k for p in catalogue.pain_points if p.target.shape not in ("none", "count_over_time")
                     for k in p.target.keywords
                     if "_" not in k and k not in GENERIC_TARGET_WORDS and k not in DESCRIBING_WORDS)
