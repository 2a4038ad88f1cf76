"""Opportunity ranking: which pain points the loaded data can serve, and how well, with the reasoning shown.

For each pain point, dataset and candidate target, five factors on 0-100:

- **business impact**: the catalogue's value (1-5, as the user adjusted it) x 20;
- **feasibility**: from a baseline model when one has run (``feasibility_source: "baseline"``), otherwise estimated
  from the data fit (target matched by name and value shape, required signals present, typical columns) and the
  volume (rows, positive cases, history against the pain point's minimum);
- **data readiness**: the dataset's readiness, lowered by missing target values and capped by critical findings
  on the target;
- **effort** and **risk**: (6 - catalogue score) x 20, so low effort and low risk score high; risk goes up one
  step when protected attributes sit in a dataset for a decision the catalogue marks as risky.

The score is their weighted geometric mean (weights in Settings, default impact 30%, feasibility 25%, readiness
25%, effort 10%, risk 10%): a factor near zero pulls the score down whatever the others are, so high value cannot
buy back a blocker. The rule is written out in docs/opportunities.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mlscout.catalogue.model import GENERIC_TARGET_WORDS, Catalogue, PainPoint
from mlscout.profiling.columns import HISTORY_WORDS, ColumnProfile, date_parts, is_never_a_target
from mlscout.profiling.privacy import blocks_features
from mlscout.settings import Settings
from mlscout.shape import DataShape, describe_table, recorded_after_the_fact
from mlscout.text import name_tokens, name_words, word_stem

__all__ = ["FACTORS", "Opportunity", "UnservedPainPoint", "catalogue_levels_frame", "dataset_signals",
           "opportunities_frame", "overrides_from_levels", "rank", "unserved"]

FACTORS = ("business_impact", "feasibility", "data_readiness", "effort", "risk")
MIN_FIT = 40.0
# Typical columns an unsupervised use case needs, unless the table's rows are its entity: with no outcome to
# match, numbers beside a storm's name or a bird's wingspan are no customer segmentation (as rows per period
# need two typical columns for a forecast of events).
MIN_UNSUPERVISED_CONTEXT = 2

_ENTITY = {"customer", "client", "user", "account", "member", "employee", "patient", "machine", "device", "asset",
           "store", "supplier", "vendor", "subscriber", "policy", "contract", "household", "applicant", "driver"}
_ITEM = {"product", "item", "sku", "article", "material", "part", "title", "movie", "book", "song"}
_AMOUNT = {"amount", "price", "revenue", "sales", "value", "cost", "spend", "income", "balance", "payment", "charge",
           "fee", "total", "paid", "premium", "salary", "assets", "debt", "expenses", "turnover"}
_PRICE = {"price", "prices", "unit_price", "pricing", "fare", "tariff", "discount"}
_LOCATION = {"city", "region", "state", "country", "zip", "postcode", "postal", "latitude", "longitude", "lat", "lon",
             "lng", "address", "location", "area", "neighborhood", "district", "store"}
_ID_WORDS = {"id", "key", "code", "no", "nr", "number", "ref", "uuid"}

SIGNAL_GAPS = {
    "timestamp": "no date or time column: {name} needs dated records (e.g. order or event dates)",
    "history": "too little history: {name} needs at least {days} days of dated records",
    "entity_id": "no customer or entity id: {name} needs to follow the same entity over time",
    "label": "no outcome column: {name} needs a recorded outcome, e.g. {target}",
    "numeric_features": "too few numeric features: {name} needs measurable attributes (amounts, counts, durations)",
    "categorical_features": "no categorical attributes (segment, channel, region) to describe the cases",
    "text": "no free-text column: {name} needs the text itself (tickets, comments, descriptions)",
    "amount": "no amount column: {name} needs monetary values (amount, price, revenue)",
    "price": "no price column: {name} needs the prices that were charged, and their variation",
    "location": "no location column (region, city, postcode)",
    "item_id": "no product or item id: {name} needs to know which item each record concerns",
    "event_log": "no event log: {name} needs one row per interaction (who, what, when)",
}


@lru_cache(maxsize=4096)
def _keyword_parts(keyword: str) -> tuple[frozenset[str], frozenset[str]]:
    """A catalogue keyword's words, as written and as stems."""
    parts = keyword.split("_")
    return frozenset(parts), frozenset(word_stem(p) for p in parts)


def _has_keyword(keyword: str, tokens: set[str]) -> bool:
    words, stems = _keyword_parts(keyword)
    return words <= tokens or stems <= tokens


TargetMatch = Literal["declared", "name and values", "values", "value shape", "name only", "rows per period"]


def _match_kind(matched: str) -> TargetMatch | None:
    """The kind of a target match, from the words that explain it."""
    if matched.startswith("declared"):
        return "declared"
    if matched.startswith("name and value"):
        return "name and values"
    if "values name the outcome" in matched:
        return "values"
    if matched.startswith("value shape"):
        return "value shape"
    if matched.startswith("name only"):
        return "name only"
    if matched.startswith("rows per period"):
        return "rows per period"
    return None


class Opportunity(BaseModel):
    """One pain point served by one dataset (and target), scored and explained."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rank: int
    pain_point_id: str
    pain_point: str
    business_function: str
    dataset: str
    target: str | None
    task: str
    score: float = Field(ge=0, le=100)
    value: float = Field(ge=0, le=100, description="Business impact factor.")
    feasibility: float = Field(ge=0, le=100)
    feasibility_source: Literal["estimated", "baseline"]
    readiness_score: float = Field(ge=0, le=100)
    effort_score: float = Field(ge=0, le=100)
    risk_score: float = Field(ge=0, le=100)
    data_fit: float = Field(ge=0, le=100)
    time_column: str | None = None
    target_match: TargetMatch | None = Field(
        None, description="How the target was matched: declared by the user; its name and values; its values name "
                          "the outcome; its value shape beside the use case's columns; its name only (the values "
                          "have another shape: never in the top 3, no side baseline); rows counted per period.")
    features: tuple[str, ...] = ()
    rationale: dict[str, str]
    data_gaps: tuple[str, ...] = ()

    @property
    def confident(self) -> bool:
        """Its target fits well enough for a side baseline: declared, or matched by name or values and shape."""
        return self.target_match in ("declared", "name and values", "values")


class UnservedPainPoint(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pain_point_id: str
    pain_point: str
    business_function: str
    needs: tuple[str, ...]


# --------------------------------------------------------------------------------------------------
# what a dataset offers
# --------------------------------------------------------------------------------------------------
def _usable(column: ColumnProfile) -> bool:
    return column.semantic_type not in ("identifier", "constant", "empty") and column.personal_data is None \
        and column.missing_fraction < 0.9


def dataset_signals(summary: Any) -> dict[str, list[str]]:
    """The signals a dataset offers, each with the columns that provide it."""
    columns: Sequence[ColumnProfile] = summary.columns
    found: dict[str, list[str]] = {key: [] for key in SIGNAL_GAPS}
    for c in columns:
        tokens = name_words(c.name)
        if c.semantic_type == "datetime" and not tokens & {"birth", "dob", "born", "birthday"}:
            found["timestamp"].append(c.name)
        if c.semantic_type == "identifier" or (tokens & _ENTITY and tokens & _ID_WORDS):
            if not tokens & _ITEM:
                found["entity_id"].append(c.name)
        if tokens & _ITEM and (tokens & _ID_WORDS or c.semantic_type in ("identifier", "categorical")):
            found["item_id"].append(c.name)
        if c.semantic_type == "text" and not blocks_features(c):
            found["text"].append(c.name)
        if c.semantic_type == "numeric" and _usable(c) and c.time_part is None:
            found["numeric_features"].append(c.name)
            if tokens & _AMOUNT:
                found["amount"].append(c.name)
            if tokens & _PRICE:
                found["price"].append(c.name)
        if c.semantic_type in ("categorical", "boolean") and _usable(c):
            found["categorical_features"].append(c.name)
        if tokens & _LOCATION:
            found["location"].append(c.name)
    if not found["timestamp"]:
        # No date column: an elapsed-day count or decimal years (2000.0833 = February 2000) order the rows, and
        # so does a year beside a month column (a date split in parts). A year alone is as likely an attribute
        # (built, painted, born).
        has_month = "month" in date_parts(columns)
        for kind in ("day_index", "decimal_year", "year"):
            found["timestamp"] += [c.name for c in columns if c.time_part is not None and c.time_part.kind == kind
                                   and (kind != "year" or has_month)
                                   and not name_words(c.name) & {"birth", "born"}]
    for target in getattr(summary, "likely_targets", ()):
        if target.task in ("binary", "multiclass"):
            found["label"].append(target.column)
    ids = [c for c in columns if c.name in found["entity_id"] + found["item_id"]]
    if found["timestamp"] and any(c.distinct_fraction < 0.9 and c.distinct >= 10 for c in ids):
        found["event_log"] = found["timestamp"][:1] + [c.name for c in ids if c.distinct_fraction < 0.9][:1]
    if len(found["numeric_features"]) < 2:
        found["numeric_features"] = []
    return found


def _history_days(summary: Any, column: str | None) -> float:
    for c in summary.columns:
        if c.name == column and c.dates is not None and c.dates.min is not None and c.dates.max is not None:
            return (c.dates.max - c.dates.min).total_seconds() / 86400
        if c.name == column and c.time_part is not None and c.numeric is not None \
                and c.numeric.min is not None and c.numeric.max is not None:
            span = c.numeric.max - c.numeric.min
            return span if c.time_part.kind == "day_index" else span * 365.25  # days, or years held as numbers
    return 0.0


# --------------------------------------------------------------------------------------------------
# targets
# --------------------------------------------------------------------------------------------------
def _shape_ok(column: ColumnProfile, shape: str) -> bool:
    if shape == "binary":
        return column.semantic_type == "boolean" or (column.semantic_type == "categorical" and column.distinct == 2)
    if shape == "category":
        return column.semantic_type in ("categorical", "boolean") and 2 <= column.distinct <= 30
    if shape in ("positive_amount", "amount", "count_over_time"):
        if column.semantic_type != "numeric" or column.numeric is None:
            return False
        # the count of negatives, not the minimum: a personal column's minimum is withheld
        return shape != "positive_amount" or column.numeric.negatives == 0
    return False


def _fitting_shape(column: ColumnProfile, hints: Any) -> str | None:
    """The first of the target's shapes (its own, then the other ways the outcome is recorded) the column has."""
    numbers = column.numeric
    if hints.scale_max is not None and numbers is not None and numbers.max is not None \
            and numbers.max > hints.scale_max:
        return None  # beyond the scale an opinion is given on
    for shape in (hints.shape, *hints.other_shapes):
        if _shape_ok(column, "amount" if shape == "count_over_time" else shape):
            return shape
    return None


def _value_score(column: ColumnProfile, keywords: Iterable[str]) -> float:
    """0.8 when a category's values say the outcome ('state': released / isolated / deceased), else 0.

    Only whole words of a few labels count: a value mentioning a keyword inside free text says nothing.
    """
    if column.semantic_type not in ("categorical", "boolean") or not 2 <= column.distinct <= 12:
        return 0.0
    words = set().union(*(name_tokens(str(v.value)) for v in column.top_values)) if column.top_values else set()
    return 0.8 if words & set(keywords) else 0.0


@lru_cache(maxsize=512)
def _keyword_screen(keywords: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Every token a keyword is made of, and one pattern for the keywords long enough to match inside a name."""
    parts = frozenset(part for keyword in keywords for group in _keyword_parts(keyword) for part in group)
    long = sorted({re.escape(k) for k in keywords if len(k) >= 4})
    return parts, re.compile("|".join(long)) if long else None


def _name_score(column: str, keywords: Iterable[str], tokens: set[str] | None = None) -> float:
    tokens = name_words(column) if tokens is None else tokens
    keywords = tuple(keywords)
    parts, pattern = _keyword_screen(keywords)
    if not tokens & parts and (pattern is None or pattern.search(column.lower()) is None):
        return 0.0  # the common case on wide tables: no keyword anywhere in the name
    joined = "_".join(sorted(tokens))
    lower = column.lower()
    best = 0.0
    for keyword in keywords:
        words, stems = _keyword_parts(keyword)
        if words <= tokens or keyword == lower or keyword in joined.split("_"):
            best = max(best, 1.0)
        elif stems <= tokens:
            best = max(best, 0.8)  # another form of the word: 'responded' for 'respond', 'durat' for 'duration'
        elif len(keyword) >= 4 and keyword in lower:
            best = max(best, 0.6)
    return best


SHAPE_ONLY_MARGIN = 0.1  # more than the first-or-last-column hint (0.05) alone

def _specific(keywords: Iterable[str]) -> tuple[str, ...]:
    return tuple(k for k in keywords if k not in GENERIC_TARGET_WORDS)


def _best_target(summary: Any, point: PainPoint, time_column: str | None, claimed: Mapping[str, str] | None = None,
                 context_hits: int = 0, column_tokens: Mapping[str, set[str]] | None = None,
                 reads_text: bool = False) -> tuple[ColumnProfile | None, float, str]:
    """The column that best fits the pain point's target, its score 0-1 and how it was matched.

    A match by value shape alone needs the dataset's columns to look like the use case (three typical column
    names), and may not take a column that another pain point claims by name (`claimed`: column -> pain point).
    """
    claimed = claimed or {}
    column_tokens = column_tokens or {}
    likely = {t.column: t.score for t in getattr(summary, "likely_targets", ())}
    # A match by value shape alone needs a clear favourite: among ten yes/no risk factors (alcohol, drugs, felon)
    # the first is no outcome, and a guess between equals is worse than no guess.
    rivals: dict[str, float] = {}
    for candidate in getattr(summary, "likely_targets", ()):
        same_task = [t.score for t in summary.likely_targets if t.task == candidate.task and t is not candidate]
        rivals[candidate.column] = max(same_task, default=0.0)
    best: tuple[ColumnProfile | None, float, str] = (None, 0.0, "")
    specific = _specific(point.target.keywords)
    for column in summary.columns:
        if is_never_a_target(column) or column.missing_fraction > 0.5 or column.name == time_column:
            continue
        if (column_tokens.get(column.name) or name_words(column.name)) & HISTORY_WORDS:
            continue  # 'previous_bookings_not_canceled' is the guest's past, a feature: not the bookings to forecast
        name = _name_score(column.name, point.target.keywords, column_tokens.get(column.name))
        generic_name = bool(name) and not _name_score(column.name, specific, column_tokens.get(column.name))
        if generic_name:
            # A word of any trade ('outcome', 'rate', 'status') says what the column is only through its values
            # ('outcome' = Alive / Dead) or beside two typical columns of the use case (the free text a text use
            # case reads is one, whatever its name); beside fewer it says nothing (a college's 'Grad.Rate' beside
            # 'Room.Board' is no room rate).
            by_values = _value_score(column, specific)
            if by_values:
                name, generic_name = max(name, by_values), False
            elif context_hits + reads_text < 2:
                continue
        if not name and context_hits:
            name = _value_score(column, specific)
        if 0 < name < 0.8 and not context_hits and point.context_keywords:
            continue  # a keyword inside another word ('rent' in 'YearsInCurrentRole') needs the use case's columns
        fitting = _fitting_shape(column, point.target)
        shape = fitting is not None
        shape_only_allowed = not name and context_hits >= 3 and claimed.get(column.name, point.id) == point.id \
            and not point.target.name_required and column.name in likely \
            and likely[column.name] - rivals.get(column.name, 0.0) >= SHAPE_ONLY_MARGIN \
            and context_hits - _own_context_hits(point, column_tokens.get(column.name) or name_words(column.name)) >= 3
        if name and shape:
            score, how = (0.6 * name + 0.4) * (1.0 if context_hits else 0.6), "name and value shape"
        elif name and context_hits and not generic_name:  # a name alone, with values of another shape
            # (a word of any trade with values of another shape is no evidence: seizure counts named 'y' beside
            # an 'age' are no campaign's response)
            score, how = 0.25 * name, "name only (the values do not have the expected shape)"
        elif fitting == point.target.shape in ("binary", "category") and shape_only_allowed and column.name in likely \
                and recorded_after_the_fact(column):
            # by its values alone, a yes/no must read as something that happened: 'is_repeated_guest' describes
            score, how = 0.3 + 0.4 * likely[column.name], "value shape (the name says nothing)"
        elif fitting == point.target.shape in ("positive_amount", "amount") and shape_only_allowed \
                and column.name in likely:
            score, how = 0.15 + 0.3 * likely[column.name], "value shape"
        else:
            continue
        if score > best[1]:
            best = (column, score, how)
    return best


def _own_context_hits(point: PainPoint, tokens: set[str]) -> int:
    """The typical columns a candidate's own name counts for: a tumour's 'size' is no price for being named like a
    product's size (read only for a guess by value shape, the one match that leans on the typical columns)."""
    return sum(1 for k in point.context_keywords if k not in _TIME_WORDS and _has_keyword(k, tokens))


def _minority(column: ColumnProfile) -> int | None:
    if len(column.top_values) >= 2:
        return min(v.count for v in column.top_values)
    return None


# --------------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------------
def _ratio_score(have: float, need: float) -> float:
    """0.5 at the minimum, 1.0 at ten times it, 0 at a tenth of it (log scale)."""
    if need <= 0:
        return 1.0
    if have <= 0:
        return 0.0
    return max(0.0, min(1.0, 0.5 + 0.5 * math.log10(have / need)))


def _geometric_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    log_sum = sum(weights[k] * math.log(max(values[k], 1.0)) for k in values)
    return math.exp(log_sum / total)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


_TIME_WORDS = {"date", "time", "day", "week", "month", "year", "hour", "timestamp", "period", "datetime"}


def _essentials_met(point: PainPoint, target: ColumnProfile | None, matched: str,
                    signals: dict[str, list[str]], context_hits: list[str], ordered_rows: bool = False) -> bool:
    """What a pain point cannot do without. Missing any of these, it is 'unserved' rather than a weak candidate."""
    if point.ml_task == "forecasting" and not signals["timestamp"] and not ordered_rows:
        return False  # a forecast needs time: a time column, or rows in time order for the quantity forecast
    if point.ml_task == "text_classification" and not signals["text"]:
        return False
    if point.ml_task == "recommendation" and not (signals["entity_id"] and signals["item_id"]):
        return False
    if "price" in point.signals.required and not signals["price"]:
        return False  # demand against price needs the prices: 'Demand' beside temperature is no price problem
    if point.ml_task in ("clustering", "anomaly_detection") and not signals["numeric_features"]:
        return False
    if point.ml_task == "forecasting" and target is None and not matched:
        return False  # no quantity to forecast, and nothing says these rows are this use case's events
    if point.supervised and target is None:
        return False
    return True


def _context_hits(point: PainPoint, tokens: set[str]) -> list[str]:
    return sorted({k for k in point.context_keywords if _has_keyword(k, tokens)})


def _claims(summary: Any, catalogue: Catalogue, tokens: set[str], column_tokens: Mapping[str, set[str]]
            ) -> dict[str, str]:
    """Columns that a pain point matches by name (with the dataset looking like its use case): column -> id."""
    claimed: dict[str, str] = {}
    for point in catalogue.pain_points:
        if not point.supervised or not _context_hits(point, tokens):
            continue
        for column in summary.columns:
            if _name_score(column.name, point.target.keywords, column_tokens.get(column.name)) >= 1.0 and \
                    _fitting_shape(column, point.target) is not None:
                claimed.setdefault(column.name, point.id)
    return claimed


def _declared_fit(point: PainPoint, column: ColumnProfile, context_hits: int, has_text: bool = False
                  ) -> tuple[float, str] | None:
    """How a pain point's target fits the column the user declared; None when it does not fit.

    Its name must say the pain point's outcome, or its values must have the outcome's shape in a table whose
    columns look like the use case (two typical columns or more): any yes/no column fits every yes/no pain point
    by shape alone, which says nothing.
    """
    fitting = _fitting_shape(column, point.target)
    shape = fitting is not None
    name = _name_score(column.name, point.target.keywords)
    says = "its name and values fit"
    if not name and context_hits:
        name, says = _value_score(column, point.target.keywords), "its values name the outcome"
    # Another form of the word ('durat' for 'duration') or a part of the name says less than the word itself: it
    # needs one column of the use case beside it (a trip's duration among injuries and benefits is no trip).
    if name and shape and (name >= 1.0 or context_hits or not point.context_keywords):
        return 0.6 * name + 0.4, f"declared by you; {says}"
    # by shape alone, only the outcome's own shape: any category fits a pain point that also takes categories
    if fitting == point.target.shape in ("binary", "category") and context_hits >= 2 \
            and not point.target.name_required:
        return 0.5, "declared by you; its values fit and the table's columns look like the use case"
    # Sorting texts into kinds (routing, triage) fits any declared category beside free text; an opinion measure
    # (sentiment, rating) needs its own name.
    if point.ml_task == "text_classification" and has_text and _shape_ok(column, "category") \
            and set(point.target.keywords) & {"category", "type", "class", "topic", "queue"}:
        return 0.5, "declared by you; a label to predict from the table's free text"
    return None


def _candidate(point: PainPoint, summary: Any, signals: dict[str, list[str]], settings: Settings,
               baselines: Mapping[tuple[str, str], Any], claimed: Mapping[str, str] | None = None,
               column_tokens: Mapping[str, set[str]] | None = None, all_tokens: set[str] | None = None,
               declared: ColumnProfile | None = None, shape: DataShape | None = None) -> Opportunity | None:
    if shape is not None and shape.entity and point.entities and shape.entity not in point.entities:
        return None  # customer churn on rows about employees: the table says what it is about
    if point.entity_required and not (shape is not None and shape.entity in point.entities):
        return None  # a 'price' beside carats, computers or ketchup brands is no property's value
    overrides = settings.pain_point_overrides.get(point.id, {})
    value_level = overrides.get("value", point.value)
    effort_level = overrides.get("effort", point.effort)
    risk_level = overrides.get("risk", point.risk)
    time_column = shape.time.column if shape is not None and shape.time is not None else \
        signals["timestamp"][0] if signals["timestamp"] else None
    gaps: list[str] = []
    fmt = {"name": point.name.lower(), "days": point.min_data.history_days or 0,
           "target": " / ".join(point.target.keywords[:2]) or "the outcome"}

    if all_tokens is None:
        all_tokens = set().union(*(name_words(c.name) for c in summary.columns)) if summary.columns else set()
    context_hits = _context_hits(point, all_tokens)
    if point.ml_task in ("clustering", "anomaly_detection") and point.context_keywords \
            and len(set(context_hits) - _TIME_WORDS) < MIN_UNSUPERVISED_CONTEXT \
            and not (shape is not None and shape.entity and shape.entity in point.entities):
        return None  # no outcome to match: only the columns say the rows are customers, payments or sensors
    target, target_score, matched = (None, 1.0, "no target needed")
    if declared is not None and (point.supervised or point.ml_task == "forecasting"):
        # The user said what to predict: a supervised pain point is offered on that column, or not at all.
        fit_declared = _declared_fit(point, declared, len(context_hits), bool(signals.get("text")))
        if fit_declared is None:
            return None
        target, (target_score, matched) = declared, fit_declared
    elif point.supervised:
        # a year or a date is in every table: beside a 'value' it says nothing of a price (arctic sea ice by year)
        use_case_hits = [hit for hit in context_hits if hit not in _TIME_WORDS]
        target, target_score, matched = _best_target(
            summary, point, time_column, claimed, len(use_case_hits), column_tokens,
            reads_text="text" in point.signals.required and bool(signals.get("text")))
        if target is None:
            target_score = 0.0
    elif point.ml_task == "forecasting" and declared is None:
        target, target_score, matched = _best_target(summary, point, time_column, claimed, len(context_hits),
                                                     column_tokens)
        # Rows per period are this use case's events only when the columns say so (two typical columns besides
        # the time): a date is in every event table (wildlife strikes per day are no demand).
        # One row per day (a daily transit table) has nothing to count: its quantity is in a column.
        events = shape is None or shape.time is None or shape.time.rows == "events"
        if target is None:
            target_score, matched = (0.6, "rows per period (no quantity column matched)") \
                if time_column and events and len(set(context_hits) - _TIME_WORDS) >= 2 else (0.0, "")
    required = list(point.signals.required)
    present = {s for s in required if signals.get(s)}
    if "label" in required and target is not None:
        present.add("label")
    ordered_rows = target is not None and shape is not None and shape.in_time_order(target.name)
    if "timestamp" in required and not signals["timestamp"] and ordered_rows:
        present.add("timestamp")  # the rows' order is the time; the gap says the timestamps are missing
        gaps.append(f"no time column: the rows look in time order ('{target.name}' follows its previous row); "
                    "add the timestamps so that each forecast says which period it is for")
    if "history" in required and time_column:
        if _history_days(summary, time_column) >= (point.min_data.history_days or 0):
            present.add("history")
    required_share = len(present) / len(required) if required else 1.0
    helpful = list(point.signals.helpful)
    helpful_share = sum(1 for s in helpful if signals.get(s)) / len(helpful) if helpful else 1.0
    context = min(1.0, len(context_hits) / 3)
    if point.supervised or point.ml_task == "forecasting":
        fit = 100 * (0.4 * target_score + 0.3 * required_share + 0.2 * context + 0.1 * helpful_share)
    else:
        fit = 100 * (0.5 * required_share + 0.35 * context + 0.15 * helpful_share)
    if fit < MIN_FIT or not _essentials_met(point, target, matched, signals, context_hits, ordered_rows):
        return None
    for signal in required:
        if signal not in present:
            gaps.append(SIGNAL_GAPS[signal].format(**fmt))

    # feasibility (estimated)
    rows = summary.rows
    volume_parts = {"rows": _ratio_score(rows, point.min_data.rows)}
    volume_notes = [f"{rows:,} rows ({rows / point.min_data.rows:.1f}x the {point.min_data.rows:,} needed)"]
    if rows < point.min_data.rows:
        gaps.append(f"only {rows:,} rows; {point.name.lower()} needs about {point.min_data.rows:,}")
    if point.min_data.positives and target is not None and target.semantic_type in ("boolean", "categorical"):
        positives = _minority(target) or 0
        volume_parts["positives"] = _ratio_score(positives, point.min_data.positives)
        volume_notes.append(f"{positives:,} cases of the rarer outcome ({point.min_data.positives:,} needed)")
        if positives < point.min_data.positives:
            gaps.append(f"only {positives:,} cases of the rarer outcome in '{target.name}'; aim for "
                        f"{point.min_data.positives:,}")
    if point.min_data.history_days and time_column:
        days = _history_days(summary, time_column)
        volume_parts["history"] = _ratio_score(days, point.min_data.history_days)
        volume_notes.append(f"{days:,.0f} days of history ({point.min_data.history_days:,} needed)")
        if days < point.min_data.history_days:
            gaps.append(SIGNAL_GAPS["history"].format(**fmt) + f" (has {days:,.0f})")
    features = [c.name for c in summary.columns if _usable(c) and c.name != (target.name if target else None)
                and c.name != time_column][:25]
    if point.ml_task in ("binary", "multiclass", "regression", "clustering", "anomaly_detection"):
        volume_parts["features"] = min(1.0, len(features) / 5)  # a forecast or a text model needs no columns
    volume = min(volume_parts.values())
    # Geometric: a poor fit cannot be bought back by volume, nor the reverse.
    estimated = 100 * (max(volume, 0.01) ** 0.4) * ((fit / 100) ** 0.6)
    baseline = baselines.get((summary.name, target.name)) if target is not None else None
    if baseline is not None and getattr(baseline, "feasibility", None) is not None:
        feasibility, source = float(baseline.feasibility), "baseline"
        from mlscout.baselines import VERDICT_TEXT

        feasibility_note = (f"from a baseline model: {VERDICT_TEXT.get(baseline.verdict, baseline.verdict)}, lift "
                            f"{baseline.lift:+.2f} {baseline.metric} over a dummy model")
    else:
        feasibility, source = estimated, "estimated"
        feasibility_note = "estimated: " + "; ".join(volume_notes + [_plural(len(features), "usable feature")])

    # readiness
    readiness = summary.readiness.overall if summary.readiness else 50.0
    readiness_note = f"dataset readiness {readiness:.0f}/100"
    if target is not None:
        if target.missing_fraction > 0:
            readiness *= 1 - target.missing_fraction
            readiness_note += f"; {target.missing_fraction:.0%} of '{target.name}' is missing"
        critical = [f for f in summary.findings if f.column == target.name and f.severity == "critical"
                    and f.status == "open"]
        if critical:
            readiness = min(readiness, 40.0)
            readiness_note += f"; critical finding on the target: {critical[0].message}"
    personal = [c.name for c in summary.columns if c.personal_data is not None]
    if personal:
        readiness_note += f"; personal data to handle first: {', '.join(personal[:4])}"
        gaps.append(f"personal data in {', '.join(personal[:4])}: agree masking or removal before modelling")

    protected = [c.name for c in summary.columns if c.sensitive_attribute]
    risk_note = f"risk {risk_level}/5 from the catalogue" + (f": {point.risk_notes}" if point.risk_notes else "")
    if protected and risk_level >= 3:
        risk_level = min(5, risk_level + 1)
        risk_note += f"; raised to {risk_level}/5: protected attributes present ({', '.join(protected[:4])})"
        gaps.append(f"protected attributes ({', '.join(protected[:4])}): test the model for fairness and keep them "
                    "out of the features unless there is a legal basis")

    factors = {"business_impact": value_level * 20.0, "feasibility": feasibility, "data_readiness": readiness,
               "effort": (6 - effort_level) * 20.0, "risk": (6 - risk_level) * 20.0}
    weights = settings.weights.model_dump()
    score = _geometric_mean(factors, weights)
    target_desc = f"'{target.name}' ({matched})" if target is not None else matched or "none"
    rationale = {
        "business_impact": f"value {value_level}/5: {point.value_driver} (KPI: {point.kpi})",
        "feasibility": feasibility_note,
        "data_readiness": readiness_note,
        "effort": f"effort {effort_level}/5 from the catalogue",
        "risk": risk_note,
        "data_fit": (f"fit {fit:.0f}/100: target {target_desc}; required signals "
                     f"{len(present)}/{len(required)}" + (f"; typical columns: {', '.join(context_hits[:5])}"
                                                          if context_hits else "")
                     + (f"; rows describe: {shape.entity} ({', '.join(shape.evidence[:5])})"
                        if shape is not None and shape.entity else "")),
    }
    task = point.ml_task
    if target is not None and point.supervised and task != "text_classification":
        # The task follows the column: satisfaction as a score or as satisfied yes/no, an outcome of two or more
        # classes.
        if target.semantic_type == "numeric":
            task = "regression"
        elif task in ("binary", "multiclass", "regression"):
            task = "binary" if target.semantic_type == "boolean" or target.distinct <= 2 else "multiclass"
    return Opportunity(
        rank=0, pain_point_id=point.id, pain_point=point.name, business_function=point.business_function,
        dataset=summary.name, target=target.name if target is not None else None, task=task,
        score=round(score, 1), value=round(factors["business_impact"], 1), feasibility=round(feasibility, 1),
        feasibility_source=source, readiness_score=round(readiness, 1), effort_score=factors["effort"],
        risk_score=factors["risk"], data_fit=round(fit, 1), time_column=time_column,
        target_match=_match_kind(matched) if target is not None or matched.startswith("rows") else None,
        features=tuple(features), rationale=rationale, data_gaps=tuple(dict.fromkeys(gaps)))


GENERIC_FUNCTION = "your own"  # the business function of a 'Predict <target>' entry: the purpose is the user's


def predict_target_point(target: ColumnProfile, summary: Any, purpose: str | None = None) -> PainPoint:
    """'Predict <target>': the declared target's own entry when no pain point of the catalogue fits it.

    Value, effort and risk are the middle of the scale (3, 2, 3) until the user says more with a pain-point
    override; the business purpose they give (`Settings.target_purposes`) names the entry and says what it drives.
    The task follows the column: yes/no, a category, or a quantity.
    """
    if target.semantic_type == "boolean" or target.distinct == 2:
        task, shape = "binary", "binary"
    elif target.semantic_type in ("categorical", "boolean"):
        task, shape = "multiclass", "category"
    else:
        task, shape = "regression", "amount"
    slug = re.sub(r"[^a-z0-9_]+", "_", target.name.lower()).strip("_") or "target"
    name = f"Predict {target.name}" + (f": {purpose}" if purpose else "")
    return PainPoint(id=f"predict_{slug}"[:60], name=name[:120], business_function=GENERIC_FUNCTION,
                     problem=f"You declared '{target.name}' as the outcome to predict"
                             + (f", to {purpose[0].lower()}{purpose[1:]}." if purpose else "."), ml_task=task,
                     target={"keywords": [target.name.lower()], "shape": shape}, value=3, effort=2, risk=3,
                     value_driver=purpose or "the purpose you give it", kpi=f"accuracy of '{target.name}'",
                     signals={"required": ["label"] if task != "regression" else ["numeric_features"],
                              "helpful": ["numeric_features", "categorical_features"]},
                     min_data={"rows": 500, "positives": 50 if task != "regression" else None})


def pain_point_of(opportunity: Opportunity, catalogue: Catalogue, summaries: Sequence[Any],
                  settings: Settings | None = None) -> PainPoint:
    """The catalogue entry an opportunity serves, or the generic 'Predict <target>' entry it was ranked with."""
    for point in catalogue.pain_points:
        if point.id == opportunity.pain_point_id:
            return point
    summary = next(s for s in summaries if s.name == opportunity.dataset)
    column = next(c for c in summary.columns if c.name == opportunity.target)
    purpose = (settings or Settings()).target_purpose(summary.name, column.name)
    return predict_target_point(column, summary, purpose)


def rank(summaries: Sequence[Any], catalogue: Catalogue, settings: Settings | None = None,
         baselines: Mapping[tuple[str, str], Any] | Sequence[Any] | None = None, *, limit: int = 60
         ) -> list[Opportunity]:
    """Rank every (pain point, dataset, target) the data can serve, best first.

    Parameters
    ----------
    summaries : sequence of DatasetSummary
        Profiled datasets (columns, likely targets, findings, readiness).
    catalogue : Catalogue
    settings : Settings, optional
        Weights and per-pain-point overrides of value, effort and risk.
    baselines : mapping (dataset, target) -> result, or a sequence of results, optional
        Baseline results; their feasibility replaces the estimate.
    """
    settings = settings or Settings()
    if baselines is None:
        baselines = {}
    elif not isinstance(baselines, Mapping):
        baselines = {(b.dataset, b.target): b for b in baselines}
    found: list[Opportunity] = []
    for summary in summaries:
        signals = dataset_signals(summary)
        column_tokens = {c.name: name_words(c.name) for c in summary.columns}  # tokenised once per ranking
        # The table's own name is read like a column name: 'workers_comp_claims', 'sales_2024' say what it holds.
        tokens = set().union(name_words(summary.name), *column_tokens.values())
        claimed = _claims(summary, catalogue, tokens, column_tokens)
        columns = {c.name: c for c in summary.columns}
        shape = getattr(summary, "shape", None) or describe_table(summary.name, summary.columns,
                                                                  getattr(summary, "likely_targets", ()))
        declared = [columns[c] for c in settings.declared_targets(summary.name) if c in columns]
        for target in declared or [None]:
            offered = []
            for point in catalogue.pain_points:
                if target is not None and target is not declared[0] and not point.supervised \
                        and point.ml_task != "forecasting":
                    continue  # unsupervised pain points once per dataset
                candidate = _candidate(point, summary, signals, settings, baselines, claimed, column_tokens,
                                       tokens, declared=target, shape=shape)
                if candidate is not None:
                    offered.append(candidate)
            if target is not None and not any(o.target == target.name for o in offered):
                purpose = settings.target_purpose(summary.name, target.name)
                generic = _candidate(predict_target_point(target, summary, purpose), summary, signals, settings,
                                     baselines, claimed, column_tokens, tokens, declared=target, shape=shape)
                if generic is not None:
                    offered.append(generic)
            found.extend(offered)
    # What the user declared to predict comes first: the rest of the ranking is what else the data could do.
    declared_pairs = {(summary.name, column) for summary in summaries
                      for column in settings.declared_targets(summary.name)}
    found.sort(key=lambda o: ((o.dataset, o.target) not in declared_pairs, -o.score, -o.data_fit, o.pain_point_id,
                              o.dataset))
    # A target matched by its name only, with values of another shape, is too weak to head the ranking, whatever a
    # side baseline scored: it goes below the first three.
    head = [o for o in found if o.target_match != "name only"][:3]
    chosen = {id(o) for o in head}
    found = head + [o for o in found if id(o) not in chosen]
    return [o.model_copy(update={"rank": i}) for i, o in enumerate(found[:limit], start=1)]


class RankingStability(BaseModel):
    """Whether the top of the ranking holds when the weights move: each weight alone times 0.75 and 1.25."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    variations: int
    change: float = Field(0.25, description="How far each weight was moved, as a share of itself.")
    changed: int = Field(description="Variations whose top 3 differs from the ranking's.")
    examples: tuple[str, ...] = Field((), description="The first changes, in words.")

    @property
    def text(self) -> str:
        if not self.variations:
            return "Stability: nothing to compare."
        if not self.changed:
            return (f"Stable: the top 3 stays the same when any one weight moves by ±{self.change:.0%} "
                    f"({self.variations} variations).")
        return (f"Sensitive to the weights: the top 3 changes in {self.changed} of {self.variations} variations "
                f"(one weight ±{self.change:.0%})" + (f", e.g. {self.examples[0]}" if self.examples else "") + ".")


def ranking_stability(summaries: Sequence[Any], catalogue: Catalogue, settings: Settings | None = None,
                      baselines: Mapping[tuple[str, str], Any] | Sequence[Any] | None = None, *, top: int = 3,
                      change: float = 0.25, reference: Sequence[Opportunity] | None = None) -> RankingStability:
    """Re-rank with each weight alone moved by ±`change` and count how often the top `top` changes.

    `reference` is the ranking already made with `settings`, when the caller has it (one ranking fewer)."""
    if not 0 < change < 1:
        raise ValueError(f"change must be a share between 0 and 1 (0.25 moves each weight by ±25%), got {change!r}")
    settings = settings or Settings()
    reference = list(reference[:top]) if reference is not None else rank(summaries, catalogue, settings, baselines,
                                                                         limit=top)
    key = [(o.pain_point_id, o.dataset, o.target) for o in reference]
    if len(key) < 2:
        return RankingStability(variations=0, changed=0, change=change)
    changed, examples, variations = 0, [], 0
    for factor in FACTORS:
        for factor_change in (-change, change):
            weights = settings.weights.model_copy(
                update={factor: getattr(settings.weights, factor) * (1 + factor_change)})
            moved = rank(summaries, catalogue, settings.model_copy(update={"weights": weights}), baselines,
                         limit=top)
            variations += 1
            if [(o.pain_point_id, o.dataset, o.target) for o in moved] != key:
                changed += 1
                new = [o.pain_point for o in moved if (o.pain_point_id, o.dataset, o.target) not in key]
                examples.append(f"{factor.replace('_', ' ')} {factor_change:+.0%} "
                                + (f"brings in {new[0]}" if new else "reorders the top 3"))
    return RankingStability(variations=variations, change=change, changed=changed, examples=tuple(examples[:3]))


def unserved(catalogue: Catalogue, opportunities: Sequence[Opportunity]) -> list[UnservedPainPoint]:
    """Pain points no dataset serves, with the data they would need."""
    served = {o.pain_point_id for o in opportunities}
    out = []
    for point in catalogue.pain_points:
        if point.id in served:
            continue
        fmt = {"name": point.name.lower(), "days": point.min_data.history_days or 0,
               "target": " / ".join(point.target.keywords[:2]) or "the outcome"}
        needs = [SIGNAL_GAPS[s].format(**fmt).split(": ", 1)[-1] for s in point.signals.required]
        if point.supervised and "label" not in point.signals.required:
            needs.append(SIGNAL_GAPS["label"].format(**fmt).split(": ", 1)[-1])
        needs.append(f"at least {point.min_data.rows:,} rows")
        out.append(UnservedPainPoint(pain_point_id=point.id, pain_point=point.name,
                                     business_function=point.business_function, needs=tuple(needs)))
    return out


def opportunities_frame(opportunities: Sequence[Opportunity]) -> Any:
    """The ranking as a table, for the app and the report."""
    import pandas as pd

    return pd.DataFrame([{"rank": o.rank, "pain point": o.pain_point, "function": o.business_function,
                          "dataset": o.dataset, "target": o.target or "(none)", "task": o.task.replace("_", " "),
                          "score": o.score, "value": o.value, "feasibility": o.feasibility,
                          "feasibility from": o.feasibility_source, "readiness": o.readiness_score,
                          "effort": o.effort_score, "risk": o.risk_score, "gaps": len(o.data_gaps)}
                         for o in opportunities])


def catalogue_levels_frame(catalogue: Catalogue, settings: Settings) -> Any:
    """Value, effort and risk of each pain point as the user sees them (their overrides applied)."""
    import pandas as pd

    rows = []
    for point in catalogue.pain_points:
        own = settings.pain_point_overrides.get(point.id, {})
        rows.append({"id": point.id, "pain point": point.name, "function": point.business_function,
                     "task": point.ml_task, "value": own.get("value", point.value),
                     "effort": own.get("effort", point.effort), "risk": own.get("risk", point.risk)})
    return pd.DataFrame(rows)


def overrides_from_levels(catalogue: Catalogue, levels: Any) -> dict[str, dict[str, int]]:
    """The per-pain-point overrides implied by an edited levels table (only what differs from the catalogue)."""
    overrides: dict[str, dict[str, int]] = {}
    for row in levels.to_dict("records"):
        point = catalogue.get(row["id"])
        changed = {key: int(row[key]) for key in ("value", "effort", "risk")
                   if int(row[key]) != getattr(point, key)}
        if changed:
            overrides[point.id] = changed
    return overrides
