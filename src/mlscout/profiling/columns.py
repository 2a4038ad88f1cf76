"""Column understanding: the semantic type of each column, inferred from its values, and the statistics it needs.

The dtype says how a column is stored; the semantic type says what it holds. A column of strings may hold numbers
("1,234.50"), dates ("03/01/2024") or booleans ("Y"/"N"); a column of integers may hold dates (20240301), codes of
a category, or row identifiers. Every statistic is computed on the distinct values weighted by their counts, so a
1M-row column costs one ``value_counts`` pass plus work proportional to its number of distinct values.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import threading
import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field

from mlscout.text import human_duration, human_number, name_tokens, word_stem

__all__ = [
    "PLACEHOLDERS",
    "ColumnProfile",
    "DatasetProfile",
    "DerivedColumn",
    "NumericStats",
    "SemanticType",
    "TargetCandidate",
    "TextStats",
    "TimePart",
    "ZeroMass",
    "DateStats",
    "ValueCount",
    "likely_targets",
    "factorize",
    "is_arrow_text",
    "numeric_view",
    "is_calendar_part",
    "is_never_a_target",
    "reads_as_outcome",
    "to_timestamps",
    "date_parts",
    "profile_columns",
    "SEMANTIC_TYPES",
]

SemanticType = Literal["identifier", "numeric", "categorical", "boolean", "datetime", "text", "constant", "empty"]
SEMANTIC_TYPES: tuple[str, ...] = ("identifier", "numeric", "categorical", "boolean", "datetime", "text",
                                   "constant", "empty")

# Strings that mean "no value" although they look like one. Compared after trimming and lower-casing.
PLACEHOLDERS = frozenset({
    "?", "??", "???", "na", "n/a", "n.a.", "n.a", "nan", "null", "nil", "none", "unknown", "unk", "-", "--", "---",
    ".", "missing", "not available", "not applicable", "undefined", "#n/a", "#na", "#null!", "(blank)", "blank",
    "empty", "tbd", "xxx", "nk", "n.k.", "n/k", "not known", "not recorded", "unrecorded", "no data",
})
# A whole value in brackets that says it is unknown: "[title not known]", "(unknown)", "<missing>".
PLACEHOLDER_PHRASE = r"^[\[(<].*\b(unknown|not known|missing|not recorded|no data|n/a)\b.*[\])>]$"
# Placeholders that can also say "there is none": beside one other value they are that value's absence.
ABSENCE_TOKENS = frozenset({"none", "nil", "-", "--", "n/a", "na", "n.a.", "not applicable"})
TRUE_TOKENS = frozenset({"yes", "y", "true", "t", "1", "oui", "ja", "si", "sí"})
FALSE_TOKENS = frozenset({"no", "n", "false", "f", "0", "non", "nein"})
NUMERIC_SENTINELS = (-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0, 99999.0, 999999.0, 9999999.0)

_ID_NAME = re.compile(r"(^|[_\W])(id|key|uuid|guid|identifier|number|no|nr|num|code|ref|reference)$|^id[_\W]|id$",
                      re.IGNORECASE)
_CODE_NAME = re.compile(r"code|type|category|class|group|segment|level|grade|region|area|zone|status|state|flag|"
                        r"kind|tier|rating|cluster", re.IGNORECASE)
# Names of places and groups: integers under these names are labels (state 1-51, industry 23).
_NOMINAL_NAME = re.compile(r"(^|[_\W])(state|county|country|province|district|region|municipality|zip|zipcode|"
                           r"postcode|fips|industry|occupation|sector|department|dept|store|branch|station|"
                           r"race|ethnicity|religion|nationality|sex|gender|brand|team|site|plant)([_\W]|$)",
                           re.IGNORECASE)
# Names of counts and quantities: 1..k integers under these names are numbers, not codes.
_QUANTITY_NAME = re.compile(r"quantit|qty|count|cnt|num|number|^n_|_n$|items|units|amount|size|total|sum|age|year|"
                            r"day|hour|minute|month|week|time|visit|call|child|kid|room|bed|floor|stor(e?y|ies)|"
                            r"people|person|member|guest|night|seat|door|engine|car|trip|order|purchase",
                            re.IGNORECASE)
_NUMBER_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_NUMBER_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_DATE_FORMATS = ("%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%b-%Y", "%b %Y", "%B %Y", "%Y %b", "%Y %B", "%d-%b-%Y",
                 "%d %b %Y", "%m/%d/%y", "%d/%m/%y", "%Y%m%d", "%m-%d-%Y", "%d-%m-%Y", "%m/%d/%Y %H:%M:%S",
                 "%m/%d/%Y %H:%M", "%m/%d/%y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M")
_MAX_TOP = 10
_BLOCK_ROWS = 1 << 16
_HEAVY_DISTINCT = 100_000  # columns above this many distinct values are profiled one at a time
_MAX_VALUE_CHARS = 80


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ValueCount(_Frozen):
    value: str
    count: int


class NumericStats(_Frozen):
    """Statistics of the numeric values of a column (parsed from text when stored as text)."""

    min: float | None = None
    max: float | None = None
    mean: float | None = None
    std: float | None = None
    p01: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    p99: float | None = None
    skew: float | None = None
    zeros: int = 0
    negatives: int = 0
    infinite: int = 0
    outliers: int = Field(0, description="Values beyond 3 interquartile ranges from the quartiles (the fences "
                                         "widened on the long side of a skewed distribution: `medcouple`), "
                                         "measured without the codes for 'missing' (`sentinels`, a zero apart) and "
                                         "excess zeros; a value shared by 1% of the rows (3 at least) is a level, not "
                                         "an outlier.")
    outlier_low: float | None = None
    outlier_high: float | None = None
    medcouple: float | None = Field(None, description="The robust skewness (medcouple) that set skew-adjusted "
                                                      "fences, when the distribution is skewed; None: Tukey's.")
    integer_valued: bool = False
    histogram: tuple[tuple[float, float, int], ...] = Field(
        (), description="(left edge, right edge, count) over the 1st-99th percentile range.")


class TextStats(_Frozen):
    min_length: int = 0
    mean_length: float = 0.0
    max_length: int = 0
    mean_words: float = 0.0


class DateStats(_Frozen):
    min: datetime | None = None
    max: datetime | None = None
    parsed_share: float = 1.0
    format: str | None = None
    step_seconds: float | None = Field(None, description="Most common step between consecutive distinct times.")
    irregular_step_share: float | None = Field(None, description="Share of steps that differ from the usual one.")
    future: int = Field(0, description="Values after the profiling date.")


PersonalKind = Literal["email", "phone", "payment_card", "iban", "us_ssn", "ip_address", "street_address",
                       "postal_code", "date_of_birth", "person_name", "national_id", "free_text_with_personal_data",
                       "person_identifier", "precise_location", "quasi_identifier"]
ProtectedCategory = Literal["sex_gender", "age", "race_ethnicity", "religion", "nationality", "marital_status",
                            "health", "disability", "sexual_orientation", "sex_gender_proxy"]


class PersonalData(_Frozen):
    """A column's personal-data detection (src/mlscout/profiling/privacy.py)."""

    kind: PersonalKind
    confidence: float = Field(ge=0, le=1)
    match_rate: float = Field(ge=0, le=1, description="Share of sampled non-null values that match.")
    example: str = Field(description="A masked example value.")
    evidence: Literal["values", "name", "name and values"]


class SensitiveAttribute(_Frozen):
    """A protected attribute, flagged for fairness and governance review."""

    category: ProtectedCategory
    evidence: Literal["values", "name", "name and values"]


class ZeroMass(_Frozen):
    """Zeros that do not belong to the distribution of the other values."""

    count: int
    reading: Literal["apart", "atom"] = Field(
        description="'apart': the other values stay far from zero (a code for 'not recorded'); 'atom': zero is far "
                    "more frequent than any other value ('none', or 'not recorded').")
    smallest_other: float
    most_common_other: int = Field(description="Count of the most frequent non-zero value.")


class TimePart(_Frozen):
    """Numbers that hold a date or a time of day."""

    kind: Literal["year", "two_digit_year", "decimal_year", "clock_time", "day_index"]
    description: str


class ColumnProfile(_Frozen):
    """What a column holds, how it is stored and the statistics its semantic type needs."""

    name: str
    dtype: str
    semantic_type: SemanticType
    storage: Literal["native", "text", "integer"] = Field(
        "native", description="'text' for numbers, dates or booleans stored as strings; 'integer' for dates "
                              "stored as integers.")
    count: int = Field(description="Non-missing values (placeholders included).")
    missing: int
    missing_fraction: float
    distinct: int
    distinct_fraction: float = Field(description="Distinct values / non-missing values.")
    top_values: tuple[ValueCount, ...] = ()
    placeholders: dict[str, int] = Field(default_factory=dict,
                                         description="Placeholder tokens meaning 'missing', with their counts.")
    sentinels: dict[str, int] = Field(default_factory=dict, description="Numeric stand-ins for missing values.")
    whitespace_padded: int = 0
    unparsed: int = Field(0, description="Values that do not parse as the semantic type (text storage).")
    unparsed_examples: tuple[str, ...] = ()
    python_types: tuple[str, ...] = Field((), description="Python types found in an object column.")
    numeric: NumericStats | None = None
    text: TextStats | None = None
    dates: DateStats | None = None
    true_share: float | None = Field(None, description="Share of true values, for booleans.")
    notes: tuple[str, ...] = ()
    overridden: bool = False
    integer_codes: str | None = Field(None, description="Why these integers are read as category codes, when so.")
    number_share: float | None = Field(None, description="Share of the text values that parse as numbers, for a "
                                                         "text column that mixes numbers and words.")
    separators: bool = Field(False, description="Numbers stored as text with thousands separators or decimal "
                                                "commas.")
    zero_mass: ZeroMass | None = None
    time_part: TimePart | None = None
    sensitive: bool = Field(False, description="Holds personal data: its values are masked in every output.")
    values_shown: bool = Field(True, description="Whether outputs may show this column's values: only a column "
                                                 "known to be safe (a measure, a date, a flag, a small category "
                                                 "whose levels repeat and look like no personal data); every "
                                                 "other column's values are masked, whether or not detection "
                                                 "named personal data in it.")
    personal_data: PersonalData | None = None
    sensitive_attribute: ProtectedCategory | None = None


class DerivedColumn(_Frozen):
    """A column computed from one or two others."""

    column: str
    parts: tuple[str, ...]
    formula: str = Field(description="How the column follows from its parts, in words or symbols.")
    share: float = Field(description="Share of the sampled complete rows on which the formula holds.")


class RowOrder(_Frozen):
    """Rows that follow one another in time though no column says when: measurements close to their value on the
    previous row, in a table sorted by nothing else."""

    columns: tuple[str, ...] = Field(description="The measurements that follow their previous row closely, the "
                                                 "closest first.")
    autocorrelation: float = Field(description="The first one's rank correlation with the previous row's value "
                                               "(about 0 when the rows are in random order).")
    rows: int = Field(description="Rows it was measured on (the first ones of the table).")


class DatasetProfile(_Frozen):
    name: str
    rows: int
    n_columns: int
    columns: tuple[ColumnProfile, ...]
    duplicate_rows: int = 0
    near_duplicate_rows: int = 0
    duplicate_columns: tuple[tuple[str, str], ...] = ()
    correlated_pairs: tuple[tuple[str, str, float], ...] = ()
    derived_columns: tuple[DerivedColumn, ...] = ()
    row_order: RowOrder | None = Field(None, description="Evidence that the rows are in time order without a time "
                                                         "column (None: no such evidence, or not measured).")
    sample_rows: int | None = Field(None, description="Rows used for sampled statistics (None: all rows).")
    rows_read: int | None = Field(None, description="Rows the profile and the checks read when an engine drew "
                                                    "them from a larger table (None: every row was read); the "
                                                    "counts of rows, missing and distinct values, duplicates, "
                                                    "ranges and top values are still the whole table's.")
    profiled_at: datetime

    def column(self, name: str) -> ColumnProfile:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"no column {name!r} in dataset {self.name!r}")


class TargetCandidate(_Frozen):
    column: str
    task: Literal["binary", "multiclass", "regression"]
    score: float = Field(ge=0, le=1)
    reasons: tuple[str, ...]


# --------------------------------------------------------------------------------------------------
# parsing helpers (vectorised over distinct values)
# --------------------------------------------------------------------------------------------------
def _parse_numbers_arrow(values: pa.Array) -> np.ndarray:
    """Parse trimmed strings as numbers: plain, with thousands separators, or with a decimal comma.

    Returns float64 with NaN where a value is not a number (or is null).

    Each pattern selects its values with a regular expression before the cast, so the cast never meets a value
    it would refuse; no Python string is created.
    """
    out = np.full(len(values), np.nan)
    taken = np.zeros(len(values), dtype=bool)
    for pattern, clean in ((_NUMBER_PLAIN, None),
                           (_NUMBER_THOUSANDS, lambda v: pc.replace_substring(v, ",", "")),
                           (_NUMBER_DECIMAL_COMMA,
                            lambda v: pc.replace_substring(pc.replace_substring(v, ".", ""), ",", "."))):
        matched = pc.fill_null(pc.match_substring_regex(values, pattern.pattern), False)
        mask = np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool) & ~taken
        if not mask.any():
            continue
        selected = values.filter(pa.array(mask))
        selected = clean(selected) if clean else selected
        try:
            out[mask] = pc.cast(selected, pa.float64()).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # pragma: no cover - the patterns admit only numbers
            out[mask] = pd.to_numeric(pd.Series(selected.to_pylist(), dtype=object), errors="coerce")
        taken |= mask
    return out


def _parse_dates(values: pd.Series) -> tuple[pd.Series, str | None]:
    """Parse strings as dates with the single format that fits most of them."""
    empty = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if values.empty:
        return empty, None
    has_separator = values.str.contains(r"[-/.:\s]", regex=True)
    if has_separator.mean() < 0.5:
        return empty, None
    best, best_format, best_share = empty, None, 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
            best, best_format, best_share = parsed, "ISO 8601", parsed.notna().mean()
        except (ValueError, TypeError, OverflowError):
            pass
        if best_share < 0.99:
            for fmt in _DATE_FORMATS:
                try:
                    parsed = pd.to_datetime(values, format=fmt, errors="coerce")
                except (ValueError, TypeError, OverflowError):
                    continue
                share = parsed.notna().mean()
                if share > best_share:
                    best, best_format, best_share = parsed, fmt, share
    return best, best_format


def _weighted_share(mask: pd.Series | np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float(np.asarray(weights)[np.asarray(mask, dtype=bool)].sum() / total) if total else 0.0


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"


def _finite_float(x: float | np.floating | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if np.isfinite(x) else None


# --------------------------------------------------------------------------------------------------
# numeric statistics
# --------------------------------------------------------------------------------------------------
def _weighted_quantiles(ordered: np.ndarray, cumulative: np.ndarray, qs: list[float]) -> list[float]:
    """Quantiles (numpy's linear method) of sorted distinct values repeated by their counts, without repeating."""
    n = cumulative[-1]
    result = []
    for q in qs:
        position = (n - 1) * q
        below = int(np.floor(position))
        above = min(below + 1, n - 1)
        low, high = ordered[np.searchsorted(cumulative, [below, above], side="right")]
        with np.errstate(over="ignore", invalid="ignore"):  # -1e308 to 1e308 overflows, as in numpy
            result.append(float(low if low == high else low + (position - below) * (high - low)))
    return result


def _numeric_stats(values: np.ndarray, weights: np.ndarray | None = None, codes: Sequence[float] = (),
                   reported: Sequence[float] = ()) -> NumericStats:
    """Statistics of numeric values; `weights` repeats each value (distinct values with counts).

    Everything is computed on the distinct values and their counts, so a million rows holding a hundred distinct
    values cost a hundred operations, not a million. `codes` (sentinels such as 999, or zeros apart from the rest)
    are described with the values but left out of the outlier fences: 35 zeros among values of 18 to 22 would
    otherwise skew the column and pull the upper fence into its ordinary values. `reported` values (a zero three
    times more frequent than any other value: excess zeros) are left out of the outlier count only.
    """
    values = np.asarray(values, dtype="float64")
    weights = np.ones(len(values), dtype="int64") if weights is None else np.asarray(weights, dtype="int64")
    finite_mask = np.isfinite(values) & (weights > 0)
    infinite = int(weights[np.isinf(values)].sum())
    if not finite_mask.all():
        values, weights = values[finite_mask], weights[finite_mask]
    order = np.argsort(values)
    ordered, counts = values[order], weights[order]
    if ordered.size == 0 or counts.sum() == 0:
        return NumericStats(infinite=infinite)
    cumulative = np.cumsum(counts)
    n = int(cumulative[-1])

    def count_between(low: float, high: float, *, closed: bool = True) -> int:
        """Rows whose value lies in [low, high] (or [low, high) when not `closed`); `ordered` is sorted."""
        start = np.searchsorted(ordered, low, side="left")
        end = np.searchsorted(ordered, high, side="right" if closed else "left")
        return int(cumulative[end - 1] - (cumulative[start - 1] if start else 0)) if end > start else 0

    p01, q1, median, q3, p99 = _weighted_quantiles(ordered, cumulative, [0.01, 0.25, 0.5, 0.75, 0.99])
    mean, std, skew = _moments(ordered, counts)
    is_code = np.isin(ordered, codes)
    if is_code.any():
        low, high, couple = _fences(ordered[~is_code], counts[~is_code])
    else:
        low, high, couple = _fences(ordered, counts, cumulative, (q1, q3), skew)
    outliers = 0
    if low is not None and high is not None:
        beyond = ((ordered < low) | (ordered > high)) & ~is_code & ~np.isin(ordered, reported)
        # A value beyond the fences that many rows share is a level of the column, not a slip: the 0 of a count of
        # chronic conditions (23% of the rows) below the fence of its skewed distribution, a design level
        level = counts >= max(OUTLIER_LEVEL_MIN_ROWS, OUTLIER_LEVEL_SHARE * n)
        outliers = int(counts[beyond & ~level].sum())
    histogram: tuple[tuple[float, float, int], ...] = ()
    lo, hi = (p01, p99) if p99 > p01 else (ordered[0], ordered[-1])
    if np.isfinite(lo) and np.isfinite(hi):
        start, end = np.searchsorted(ordered, lo, side="left"), np.searchsorted(ordered, hi, side="right")
        with np.errstate(all="ignore"):
            if end > start and hi > lo and np.isfinite(hi - lo):
                binned, edges = np.histogram(ordered[start:end], bins=20, range=(lo, hi), weights=counts[start:end])
                histogram = tuple((float(edges[i]), float(edges[i + 1]), int(c)) for i, c in enumerate(binned))
            elif end > start:
                histogram = ((float(lo), float(hi), count_between(lo, hi)),)
    return NumericStats(
        min=_finite_float(ordered[0]), max=_finite_float(ordered[-1]), mean=_finite_float(mean),
        std=_finite_float(std), p01=_finite_float(p01), q1=_finite_float(q1), median=_finite_float(median),
        q3=_finite_float(q3), p99=_finite_float(p99), skew=_finite_float(skew),
        zeros=count_between(0.0, 0.0), negatives=count_between(-np.inf, 0.0, closed=False), infinite=infinite,
        outliers=outliers, outlier_low=_finite_float(low), outlier_high=_finite_float(high),
        medcouple=_finite_float(couple), integer_valued=bool(np.array_equal(ordered, np.floor(ordered))), histogram=histogram)


SKEWED_FENCES = 1.0  # |skewness| from which the outlier fences follow the skew (the medcouple is then measured)
# A value held by this share of the rows (and at least this many rows) is a level, never an outlier
OUTLIER_LEVEL_SHARE = 0.01
OUTLIER_LEVEL_MIN_ROWS = 3


def _fences(ordered: np.ndarray, counts: np.ndarray, cumulative: np.ndarray | None = None,
            quartiles: tuple[float, float] | None = None, skew: float | None = None
            ) -> tuple[float | None, float | None, float | None]:
    """The outlier fences (low, high) of sorted weighted values, and the medcouple when the skew set them.

    3 interquartile ranges from the quartiles; on a skewed column the adjusted boxplot's. `cumulative`, `quartiles`
    and `skew` are passed when the caller has them already.
    """
    if ordered.size == 0 or counts.sum() == 0:
        return None, None, None
    cumulative = np.cumsum(counts) if cumulative is None else cumulative
    q1, q3 = quartiles if quartiles is not None else _weighted_quantiles(ordered, cumulative, [0.25, 0.75])
    iqr = q3 - q1
    if not (iqr > 0 and np.isfinite(iqr)):
        return None, None, None
    low, high = q1 - 3 * iqr, q3 + 3 * iqr
    if not (ordered[0] < low or ordered[-1] > high):
        return low, high, None
    if skew is None:
        skew = _moments(ordered, counts)[2]
    if abs(skew) < SKEWED_FENCES:
        return low, high, None
    # A long tail is the shape of durations, amounts and counts, not a set of errors: Hubert and Vandervieren's
    # adjusted boxplot widens the fence on the long side by the medcouple
    couple = _medcouple(ordered, cumulative)
    low, high = _adjusted_fences(q1, q3, couple)
    return low, high, couple


def _moments(values: np.ndarray, counts: np.ndarray) -> tuple[float, float, float]:
    """Mean, standard deviation (n - 1) and moment skewness (0 for a constant) of values repeated `counts` times."""
    with np.errstate(all="ignore"):
        weights = counts.astype("float64")
        n = weights.sum()
        mean = float(np.dot(values, weights) / n)
        deviation = values - mean
        std = float(np.sqrt(np.dot(deviation * deviation, weights) / (n - 1))) if n > 1 else 0.0
        if not (std > 0 and np.isfinite(std)):
            return mean, std, 0.0
        deviation /= std
        return mean, std, float(np.dot(deviation * deviation * deviation, weights) / n)


def _medcouple(ordered: np.ndarray, cumulative: np.ndarray) -> float:
    """The medcouple (robust skewness, -1 to 1) of weighted sorted values, measured on 199 of their quantiles: as
    exact as the fences need, in a millisecond whatever the rows (statsmodels' estimator; its direct form, since
    the O(n log n) one does not end on some tied inputs)."""
    from statsmodels.stats.stattools import medcouple

    sketch = np.asarray(_weighted_quantiles(ordered, cumulative, list(np.linspace(0.005, 0.995, 199))))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            value = float(medcouple(sketch, use_fast=False))
        except TypeError:  # statsmodels before 0.15 has only the direct form
            value = float(medcouple(sketch))
    return value if np.isfinite(value) else 0.0


def _adjusted_fences(q1: float, q3: float, couple: float) -> tuple[float, float]:
    """Hubert and Vandervieren (2008): the fences of the adjusted boxplot, at 3 interquartile ranges."""
    iqr = q3 - q1
    if couple >= 0:
        return q1 - 3 * math.exp(-4 * couple) * iqr, q3 + 3 * math.exp(3 * couple) * iqr
    return q1 - 3 * math.exp(-3 * couple) * iqr, q3 + 3 * math.exp(4 * couple) * iqr


def _sentinels(uniques: np.ndarray, counts: np.ndarray, total: int) -> dict[str, int]:
    """Numeric stand-ins for 'missing' (-1, 999, 9999, ...) that stand apart from the other values."""
    found: dict[str, int] = {}
    uniques = np.asarray(uniques, dtype="float64")
    counts = np.asarray(counts, dtype="int64")
    candidates = np.asarray(NUMERIC_SENTINELS)
    for value in uniques[np.isin(uniques, candidates)].tolist():
        n = int(counts[uniques == value].sum())
        if n < max(3, 0.001 * total):
            continue
        others = uniques[(uniques != value) & ~np.isin(uniques, list(candidates)) & np.isfinite(uniques)]
        if others.size < 3:
            continue
        if value < 0:
            apart = others.min() >= 0
        else:
            apart = value >= 2 * max(others.max(), 1) or (others.max() < value / 5)
        if apart:
            found[_format_number(value)] = n
    # 1 where every other value is ten times larger: a salary of 1, a price of 1 among thousands
    ones = counts[uniques == 1.0].sum()
    others = uniques[(uniques != 1.0) & np.isfinite(uniques)]
    if ones >= 3 and np.unique(others).size >= 20 and others.min() >= 10:
        found["1"] = int(ones)
    return found


def _code_values(sentinels: Mapping[str, int], zero_mass: ZeroMass | None) -> list[float]:
    """The values read as codes for 'missing': the sentinels, and zero when it stands apart from the rest."""
    codes = [float(value) for value in sentinels]
    if zero_mass is not None and zero_mass.reading == "apart":
        codes.append(0.0)
    return codes


def _logs_of_whole_numbers(values: np.ndarray, weights: np.ndarray) -> bool:
    """Whether positive values are natural logs of whole numbers (log family size, log income in dollars): their
    zero is log(1), one person or one dollar, the smallest value of the scale and no code for 'missing'.

    Only values written precisely enough to tell: rounded to d decimals, exp(v) is known to exp(v) * 10^-d (or to
    single precision), which must stay well under the gap between whole numbers (0.05), or any large value would
    pass.
    """
    if values.size == 0 or values.max() > 30 or values.min() < np.log(2) - 1e-6:
        return False
    # each value's own decimals: R writes seven significant digits ('0.6931472' for log 2, '1.098612' for log 3)
    decimals = np.full(values.shape, 10)
    for d in range(9, -1, -1):
        decimals[np.abs(values * 10**d - np.round(values * 10**d)) < 1e-6] = d
    with np.errstate(all="ignore"):
        raw = np.exp(values)
    # a value kept in single precision (10.075380325317385) is known to 1.2e-7 of itself whatever its decimals
    error = raw * np.maximum(10.0**-decimals, np.abs(values) * 1.2e-7)
    whole = (error <= 0.05) & (np.abs(raw - np.round(raw)) <= np.maximum(error, 1e-6))
    return bool(weights[whole].sum() >= 0.9 * weights.sum()) and bool((np.round(raw) >= 2).all())


def _zero_atom(zero_mass: ZeroMass | None) -> list[float]:
    """Zero, when it is an atom of a continuous column (reported as excess zeros, not as outliers)."""
    return [0.0] if zero_mass is not None and zero_mass.reading == "atom" else []


def _zero_mass(uniques: np.ndarray, counts: np.ndarray) -> ZeroMass | None:
    """Zeros of a continuous, non-negative column that stand apart from its other values.

    'apart': the other values never come near zero (the smallest is at least a quarter of their median: a diamond
    of 0 mm beside 3.7 to 10.7 mm, and at least five of the usual steps between values) and zeros are a minority.
    'atom': zero is three times more frequent than any
    other value of a column with many values (an ingredient absent from the mix, a distance not recorded).
    """
    uniques = np.asarray(uniques, dtype="float64")
    counts = np.asarray(counts, dtype="int64")
    zero = uniques == 0
    n_zero = int(counts[zero].sum())
    keep = ~zero & np.isfinite(uniques)
    others, weights = uniques[keep], counts[keep]
    if n_zero < 3 or others.size < 10 or (others < 0).any() or _logs_of_whole_numbers(others, weights):
        return None
    order = np.argsort(others)
    median = _weighted_quantiles(others[order], np.cumsum(weights[order]), [0.5])[0]
    smallest, most_common = float(others[order][0]), int(weights.max())
    step = float(np.median(np.diff(others[order])))  # 1 for counts: a count of 0 is the next value, not apart
    if smallest >= 0.25 * median and smallest >= 5 * step and n_zero < weights.sum():
        return ZeroMass(count=n_zero, reading="apart", smallest_other=smallest, most_common_other=most_common)
    if n_zero >= 3 * most_common and others.size >= 20:
        return ZeroMass(count=n_zero, reading="atom", smallest_other=smallest, most_common_other=most_common)
    return None


_YEAR_NAME = re.compile(r"(^|[_\W])(year|yr)|^(year|yr)|year$|jahr|anno|année", re.IGNORECASE)
_CLOCK_NAME = re.compile(r"(^|[_\W])(time|hhmm|clock)([_\W]|$)|time$|^time|hhmm", re.IGNORECASE)
_DURATION_NAME = re.compile(r"duration|elapsed|minutes|mins|secs|seconds|length|taken|spent|delay",
                            re.IGNORECASE)


# A day number in its own name ('day', 'study_day', 'pan_day'), not a calendar part or a length of time.
_DAY_WORDS = frozenset({"day"})
_NOT_DAY_INDEX = frozenset({"of", "week", "weekday", "dow", "month", "year", "days", "since", "until", "to", "in",
                            "per", "age", "length", "stay", "late", "overdue", "count", "num", "number"})


def _day_index(name: str, values: np.ndarray) -> TimePart | None:
    """Whole numbers of an elapsed-day count in row order: day 4, 5, ..., 107 of a study, a pandemic, a season.

    The rows must come in its order (the distinct values, in order of first appearance, rise): an export sorted by
    day. A day of the month (1-31), a count of days (a stay, an age in days) and a number merely called 'day' but
    in no order are not a time axis.
    """
    tokens = set(name_tokens(name))
    if not tokens & _DAY_WORDS or tokens & _NOT_DAY_INDEX or _DURATION_NAME.search(name):
        return None
    low, high = float(values.min()), float(values.max())
    if low < 0 or high <= 31 or values.size < 28 or values.size < 0.5 * (high - low + 1):
        return None
    rising = np.diff(values) > 0  # `values` are in order of first appearance
    if rising.mean() < 0.95:
        return None
    return TimePart(kind="day_index", description=f"day numbers, {low:.0f} to {high:.0f}, rising with the rows: an "
                                                  "elapsed-day count")


def _time_part(name: str, uniques: np.ndarray, integer: bool) -> TimePart | None:
    """Years, two-digit years, decimal years, HHMM clock times and elapsed-day counts held as plain numbers."""
    values = np.asarray(uniques, dtype="float64")
    values = values[np.isfinite(values)]
    if values.size < 2:
        return None
    low, high = float(values.min()), float(values.max())
    if integer and (part := _day_index(name, values)) is not None:
        return part
    if integer and _YEAR_NAME.search(name):
        if 1700 <= low and high <= 2100:
            return TimePart(kind="year", description=f"years as integers, {low:.0f} to {high:.0f}")
        if 0 <= low and high <= 99 and values.size >= 3:
            return TimePart(kind="two_digit_year", description=f"two-digit years, {low:.0f} to {high:.0f}")
    if not integer and 1700 <= low and high <= 2100 and values.size >= 12:
        fractions = values - np.floor(values)
        months = fractions * 12
        if np.allclose(months, np.round(months), atol=1e-3) and (fractions > 0).mean() >= 0.5:
            example = next(v for v in values if v - np.floor(v) > 0)
            month = int(round((example - np.floor(example)) * 12)) + 1
            return TimePart(kind="decimal_year",
                            description=f"decimal years (year + (month - 1) / 12: {example:.4f} is month {month} "
                                        f"of {int(example)})")
    if integer and _CLOCK_NAME.search(name) and not _DURATION_NAME.search(name) and 0 <= low and high <= 2400 \
            and values.size >= 10:
        minutes = values % 100
        if (minutes < 60).all() and (minutes != 0).any() and high >= 100:
            example = int(next(v for v in np.sort(values)[::-1] if v % 100))
            return TimePart(kind="clock_time",
                            description=f"HHMM clock times ({example} is {example // 100:02d}:{example % 100:02d})")
    return None


_DATE_PARTS = {"month": ("month", "mon", "mo", "mm"), "day": ("day", "dd", "dom"), "hour": ("hour", "hr", "hh")}


def date_parts(columns: Sequence[ColumnProfile]) -> list[str]:
    """Which parts of a date (month, day, hour) other columns hold by name: with a year column, a split date."""
    found = [set(name_tokens(c.name)) for c in columns]
    return [part for part, words in _DATE_PARTS.items() if any(set(words) & tokens for tokens in found)]


def to_timestamps(series: pd.Series, name: str | None = None) -> pd.Series:
    """The moments a time column holds, as naive datetimes: dates and text dates as parsed, numbers that hold
    years or decimal years (2000.0833 = February 2000) as the start of their year or month, and elapsed-day counts
    as days after 1970-01-01 (their day 0 is unknown: only their order and spacing are real). NaT where unknown."""
    name = str(series.name) if name is None else name
    if series.dtype.kind in "iuf":
        values = series.astype("float64")
        uniques = pd.unique(values.dropna())
        part = _time_part(name, uniques, bool(np.all(np.floor(uniques) == uniques))) if len(uniques) else None
        if part is not None and part.kind in ("year", "decimal_year"):
            years = np.floor(values)
            months = np.round((values - years) * 12).fillna(0)
            text = years.astype("Int64").astype(str) + "-" + (months.astype("Int64") + 1).astype(str).str.zfill(2)
            return pd.to_datetime(text.where(values.notna()), format="%Y-%m", errors="coerce")
        if part is not None and part.kind == "day_index":
            return pd.Timestamp("1970-01-01") + pd.to_timedelta(values, unit="D")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stamps = pd.to_datetime(series, errors="coerce", utc=True) if series.dtype.kind != "M" else series
    return stamps.dt.tz_localize(None) if getattr(stamps.dt, "tz", None) is not None else stamps


_IDENTIFIER_DISTINCT_SHARE = 0.98


def _unique_enough(distinct_fraction: float, count: int) -> bool:
    """Short labels this unique are keys, not categories."""
    return distinct_fraction >= _IDENTIFIER_DISTINCT_SHARE and count >= 20


def with_exact_uniqueness(column: ColumnProfile) -> ColumnProfile:
    """A short-text column typed on a sample, typed again from the whole table's distinct fraction.

    A sample of a table overstates how unique its labels are (5,000 rows drawn from 30,000 repeat fewer labels
    than the whole table), so a label column the sample took for a key is a category when the whole table's
    labels repeat, and the other way round. Columns typed by their name (``*_id``) or shape (zero-padded codes)
    keep their type.
    """
    if column.text is None or column.storage != "native" or column.text.mean_words >= 2 or column.notes \
            or column.integer_codes or _ID_NAME.search(column.name):
        return column
    unique = _unique_enough(column.distinct_fraction, column.count)
    if column.semantic_type == "identifier" and not unique:
        return column.model_copy(update={"semantic_type": "categorical"})
    if column.semantic_type == "categorical" and unique:
        return column.model_copy(update={"semantic_type": "identifier"})
    return column


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _dates_from_values(parsed: pd.Series, counts: np.ndarray | None, now: datetime,
                       fmt: str | None, parsed_share: float) -> DateStats:
    valid = parsed.notna().to_numpy()
    times = parsed[valid]
    if times.empty:
        return DateStats(parsed_share=parsed_share, format=fmt)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    weights = counts[valid] if counts is not None else np.ones(len(times), dtype="int64")
    now_naive = now.astimezone(UTC).replace(tzinfo=None)
    future = int(weights[(times > pd.Timestamp(now_naive)).to_numpy()].sum())
    distinct = np.sort(times.drop_duplicates().to_numpy())
    step, irregular = None, None
    if distinct.size >= 3:
        diffs = np.diff(distinct).astype("timedelta64[s]").astype("float64")
        diffs = diffs[diffs > 0]
        if diffs.size:
            values, freq = np.unique(diffs, return_counts=True)
            step = float(values[freq.argmax()])
            irregular = float((diffs != step).mean())
    return DateStats(min=times.min().to_pydatetime(), max=times.max().to_pydatetime(), parsed_share=parsed_share,
                     format=fmt, step_seconds=step, irregular_step_share=irregular, future=future)


# --------------------------------------------------------------------------------------------------
# one column
# --------------------------------------------------------------------------------------------------
def _base(series: pd.Series, name: str, weights: np.ndarray, labels: list, top_weights: np.ndarray) -> dict:
    """The counts every profile carries. `weights` are the counts of all distinct values (in any order); `labels`
    and `top_weights` the most frequent values and their counts, most frequent first."""
    n = len(series)
    count = int(weights.sum())
    missing = n - count
    distinct = len(weights)
    top = tuple(ValueCount(value=_short(v), count=int(c))
                for v, c in zip(labels[:_MAX_TOP], top_weights, strict=False))
    return dict(name=name, dtype=str(series.dtype), count=count, missing=missing,
                missing_fraction=missing / n if n else 0.0, distinct=distinct,
                distinct_fraction=distinct / count if count else 0.0, top_values=top)


def _base_from_value_counts(series: pd.Series, name: str, counts: pd.Series) -> dict:
    """`_base` from pandas' value counts (most frequent first)."""
    weights = counts.to_numpy()
    return _base(series, name, weights, counts.index[:_MAX_TOP].tolist(), weights[:_MAX_TOP])


Factorized = tuple[np.ndarray, "np.ndarray | pa.Array"]
"""A column's codes (-1 for missing) and its distinct values: a numpy array, or a pyarrow string array for text."""


def is_arrow_text(series: pd.Series) -> bool:
    """True for text held by pyarrow (string[pyarrow]), the loader's choice for CSV text columns."""
    dtype = series.dtype
    return (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or \
        (isinstance(dtype, pd.ArrowDtype) and pa.types.is_string(dtype.pyarrow_dtype)) or \
        (isinstance(dtype, pd.ArrowDtype) and pa.types.is_large_string(dtype.pyarrow_dtype))


def _small_codes(codes: np.ndarray, n_uniques: int) -> np.ndarray:
    """Codes in the smallest signed integer type that holds them: one array per column is kept through profiling,
    and most columns have few distinct values (one byte per row instead of eight)."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_uniques < np.iinfo(dtype).max:
            return codes.astype(dtype, copy=False)
    return codes


def factorize(series: pd.Series) -> Factorized:
    """Codes (-1 for missing) and distinct values of a column: the one hashing pass every statistic reuses.

    Text held by pyarrow stays in pyarrow: its distinct values come back as a pyarrow string array, so a column of
    a million distinct strings never becomes a million Python objects.
    """
    if is_arrow_text(series):
        chunked = pa.chunked_array(series.array.__arrow_array__())
        encoded = pc.dictionary_encode(chunked).combine_chunks()
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        return _small_codes(codes, len(encoded.dictionary)), encoded.dictionary
    values = series.astype(object) if series.dtype.kind not in "iufbmM" else series
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return _small_codes(np.asarray(codes), len(uniques)), \
        np.asarray(uniques, dtype=object if values.dtype == object else None)


def _code_counts(codes: np.ndarray, n_uniques: int) -> np.ndarray:
    """How often each code occurs (missing, -1, not counted).

    Counted in blocks: `np.bincount` wants machine-size integers, and one-byte codes widened all at once would
    make an eight-times-larger copy of the column.
    """
    if n_uniques > _BLOCK_ROWS:  # many values: one pass (per-block counts would each be as large as the column)
        return np.bincount(codes.astype(np.intp) + 1, minlength=n_uniques + 1)[1:]
    counts = np.zeros(n_uniques + 1, dtype=np.int64)
    for start in range(0, len(codes), _BLOCK_ROWS):
        block = codes[start:start + _BLOCK_ROWS].astype(np.intp)
        block += 1  # missing values land in bin 0
        counts += np.bincount(block, minlength=n_uniques + 1)
    return counts[1:]


def _most_frequent_first(weights: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` largest weights, largest first; ties keep their order (first seen first).

    Sorting every distinct value of a million-value column would cost time and a copy; only the most frequent
    ones are ever shown or sampled.
    """
    if len(weights) <= k:
        return np.argsort(-weights, kind="stable")
    kth = np.partition(weights, len(weights) - k)[len(weights) - k]  # the k-th largest weight
    above = np.flatnonzero(weights > kth)
    at = np.flatnonzero(weights == kth)[: k - len(above)]
    chosen = np.concatenate([above, at])
    return chosen[np.lexsort((chosen, -weights[chosen]))]


def _as_arrow_strings(uniques: np.ndarray | pa.Array) -> pa.Array:
    if isinstance(uniques, pa.Array):
        return uniques
    if pd.api.types.infer_dtype(uniques, skipna=True) == "string":
        return pa.array(uniques, type=pa.string(), from_pandas=True)
    return pa.array([str(v) for v in uniques], type=pa.string())


def _distinct_up_to(head: pa.Array, values: pa.Array, limit: int) -> int:
    """The number of distinct `values` ignoring case, or ``limit + 1`` when there are more than `limit`.

    Counting a million distinct strings exactly costs half a second; the callers only ask "one? a handful?", which
    a `head` of the values (the most frequent) usually answers.
    """
    if len(values) > len(head) and pc.count_distinct(pc.utf8_lower(head)).as_py() > limit:
        return limit + 1
    return min(int(pc.count_distinct(pc.utf8_lower(values)).as_py()), limit + 1)


def _parse_numbers_fast(values: pa.Array, weights: np.ndarray, frequent: np.ndarray
                        ) -> tuple[np.ndarray, float]:
    """Numbers parsed from trimmed strings (NaN where not a number), and the weighted share that parsed.

    The 2,000 most frequent values (`frequent`: positions, most frequent first) decide first, so columns of words
    cost almost nothing.
    """
    if len(values) <= 2000:
        parsed = _parse_numbers_arrow(values)
        return parsed, _weighted_share(~np.isnan(parsed), weights)
    head = frequent[:2000]
    head_share = _weighted_share(~np.isnan(_parse_numbers_arrow(values.take(pa.array(head)))), weights[head])
    if head_share < 0.3:
        return np.full(len(values), np.nan), head_share
    parsed = _parse_numbers_arrow(values)
    return parsed, _weighted_share(~np.isnan(parsed), weights)


def _profile_object(series: pd.Series, name: str, now: datetime, factorized: Factorized | None = None
                    ) -> ColumnProfile:
    codes, uniques = factorized or factorize(series)
    weights = _code_counts(codes, len(uniques))
    raw = _as_arrow_strings(uniques)
    top = _most_frequent_first(weights, _MAX_TOP)
    base = _base(series, name, weights, raw.take(pa.array(top)).to_pylist(), weights[top])
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    types = ["str"] if isinstance(uniques, pa.Array) else sorted({type(v).__name__ for v in uniques[:5000]})
    trimmed = pc.utf8_trim_whitespace(raw)
    padded = np.asarray(pc.not_equal(trimmed, raw).to_numpy(zero_copy_only=False), dtype=bool)
    if not padded.any():
        trimmed = raw  # the same values: keep one copy
    # lower-cased text is only needed here and for a few values below: not kept for a million distinct values
    lowered = pc.utf8_lower(trimmed)
    is_placeholder = np.asarray(pc.or_(pc.or_(pc.is_in(lowered, value_set=pa.array(sorted(PLACEHOLDERS))),
                                              pc.match_substring_regex(lowered, PLACEHOLDER_PHRASE)),
                                       pc.equal(pc.utf8_length(trimmed), 0)).to_numpy(zero_copy_only=False),
                                dtype=bool)
    del lowered
    placeholder_index = np.flatnonzero(is_placeholder)
    placeholder_index = placeholder_index[np.argsort(-weights[placeholder_index], kind="stable")]
    placeholders = {str(v): int(w) for v, w in zip(raw.take(pa.array(placeholder_index)).to_pylist(),
                                                   weights[placeholder_index], strict=True)}
    extra = dict(placeholders=placeholders, whitespace_padded=int(weights[padded].sum()), python_types=tuple(types))
    del raw, padded
    if placeholder_index.size:
        clean_trimmed = trimmed.take(pa.array(np.flatnonzero(~is_placeholder)))
        clean_weights = weights[~is_placeholder]
        del trimmed
    else:  # the common case: no copy
        clean_trimmed, clean_weights = trimmed, weights
    frequent = _most_frequent_first(clean_weights, 20_000)
    lengths = pc.utf8_length(clean_trimmed).to_numpy(zero_copy_only=False)
    words = pc.count_substring_regex(clean_trimmed, r"\s+").to_numpy(zero_copy_only=False) + 1
    text_stats = TextStats(
        min_length=int(lengths.min()) if lengths.size else 0, max_length=int(lengths.max()) if lengths.size else 0,
        mean_length=float(np.average(lengths, weights=clean_weights)) if lengths.size else 0.0,
        mean_words=float(np.average(words, weights=clean_weights)) if words.size else 0.0)
    del lengths, words
    if len(clean_weights) == 0:
        return ColumnProfile(semantic_type="empty", text=text_stats, notes=("only placeholders",), **base, **extra)
    clean_distinct = _distinct_up_to(clean_trimmed.take(pa.array(frequent[:1000])), clean_trimmed, 6)
    if clean_distinct == 1:
        if len(placeholders) == 1 and next(iter(placeholders)).strip().lower() in ABSENCE_TOKENS:
            # 'airbag' / 'none', 'registered' / '-': a flag whose other level says the thing is absent. As missing,
            # the column would read as constant and 'none' be imputed away: the information is the absence itself.
            present, absent = clean_trimmed[0].as_py(), next(iter(placeholders))
            return ColumnProfile(semantic_type="boolean", storage="text", text=text_stats,
                                 true_share=float(clean_weights.sum() / base["count"]),
                                 notes=(f"a flag: '{_short(present)}' or '{absent.strip()}' (absent, not missing)",),
                                 **base, **{**extra, "placeholders": {}})
        return ColumnProfile(semantic_type="constant", text=text_stats, **base, **extra)
    # booleans spelled as words
    if clean_distinct <= 6:
        lowered = pd.Series(pc.utf8_lower(clean_trimmed).to_pylist(), dtype=object)
        if lowered.isin(TRUE_TOKENS | FALSE_TOKENS).all() and lowered.isin(TRUE_TOKENS).any() \
                and lowered.isin(FALSE_TOKENS).any():
            true_share = _weighted_share(lowered.isin(TRUE_TOKENS), clean_weights)
            spellings = sorted(set(clean_trimmed.to_pylist()))
            return ColumnProfile(semantic_type="boolean", storage="text", true_share=true_share, text=text_stats,
                                 notes=(f"boolean spelled {' / '.join(spellings[:6])}",), **base, **extra)
    # numbers stored as text
    numbers, number_share = _parse_numbers_fast(clean_trimmed, clean_weights, frequent)
    unparsed_mask = np.isnan(numbers)

    def unparsed_examples() -> tuple[str, ...]:
        """The most frequent values that did not parse."""
        shown = frequent[unparsed_mask[frequent]][:5]
        return tuple(_short(v) for v in clean_trimmed.take(pa.array(shown)).to_pylist())

    if number_share >= 0.95 and _zero_padded(clean_trimmed, frequent):
        # '01', '00042': codes whose leading zeros carry meaning; as numbers they would merge '01' with '1'.
        # With many levels a zero-padded code is a key (FIPS, account numbers); a handful of levels are categories.
        if base["distinct"] >= 20 and base["count"] >= 20:
            return ColumnProfile(semantic_type="identifier", text=text_stats,
                                 notes=("zero-padded code (kept as text): a key",), **base, **extra)
        return ColumnProfile(semantic_type="categorical", text=text_stats, notes=("zero-padded code (kept as text)",),
                             integer_codes="zero-padded codes such as '01': labels, not numbers", **base, **extra)
    if number_share >= 0.95 and _NOMINAL_NAME.search(name) and not _QUANTITY_NAME.search(name) \
            and base["distinct_fraction"] < 0.5:
        # ZIP codes, FIPS codes, store numbers written as text: labels, whatever their digits
        reason = "its name is a place or a group (state, county, zip ...): the numbers are labels"
        return ColumnProfile(semantic_type="categorical", text=text_stats, notes=(f"integer-coded category ({reason})",),
                             integer_codes=reason, **base, **extra)
    if number_share >= 0.95 or (number_share >= 0.5 and _weighted_share(unparsed_mask, clean_weights) * 100 < 5):
        ok = ~unparsed_mask
        sentinels = _sentinels(numbers[ok], clean_weights[ok], base["count"])
        zero_mass = _zero_mass(numbers[ok], clean_weights[ok])
        numeric = _numeric_stats(numbers[ok], clean_weights[ok], codes=_code_values(sentinels, zero_mass),
                                 reported=_zero_atom(zero_mass))
        notes = ["numbers stored as text"]
        separators = bool(pc.any(pc.match_substring(clean_trimmed, ",")).as_py())
        if separators:
            notes.append("thousands separators or decimal commas")
        semantic = "numeric"
        if np.isin(numbers[ok], (0.0, 1.0)).all() and clean_distinct == 2:
            semantic = "boolean"
        return ColumnProfile(semantic_type=semantic, storage="text", numeric=numeric, text=text_stats,
                             unparsed=int(clean_weights[unparsed_mask].sum()), unparsed_examples=unparsed_examples(),
                             sentinels=sentinels, zero_mass=zero_mass,
                             separators=separators, notes=tuple(notes), **base, **extra)
    clean_values = pd.Series(clean_trimmed.take(pa.array(frequent)).to_pylist(), dtype=object)
    # dates stored as text (values that are mostly plain numbers are not: 20240301 parses as a number, and dates
    # stored as integers are recognised by their own rule)
    sample = clean_values
    parsed, fmt = _parse_dates(sample) if number_share < 0.5 else (pd.Series(pd.NaT, index=sample.index), None)
    date_share = _weighted_share(parsed.notna(), clean_weights[frequent])
    if date_share >= 0.9:
        date_weights = clean_weights[frequent]  # `sample` holds the values in this order
        if len(clean_weights) > len(sample):
            date_weights = clean_weights
            clean_values = pd.Series(clean_trimmed.to_numpy(zero_copy_only=False), dtype=object)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = pd.to_datetime(clean_values, format="ISO8601" if fmt == "ISO 8601" else fmt,
                                        errors="coerce", utc=fmt == "ISO 8601")
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_localize(None)
        unparsed = parsed.isna().to_numpy()
        return ColumnProfile(semantic_type="datetime", storage="text", text=text_stats,
                             dates=_dates_from_values(parsed, date_weights, now, fmt, date_share),
                             unparsed=int(date_weights[unparsed].sum()),
                             unparsed_examples=tuple(_short(v) for v in clean_values[unparsed].head(5)),
                             notes=(f"dates stored as text ({fmt})",), **base, **extra)
    notes: list[str] = []
    mixed_share = float(number_share) if 0.05 <= number_share < 0.95 else None
    if mixed_share is not None:
        notes.append(f"{number_share:.0%} of the values are numbers")
    distinct_fraction = base["distinct_fraction"]
    if text_stats.mean_words >= 4 or (text_stats.mean_length >= 40 and distinct_fraction > 0.5):
        semantic = "text"
    elif _unique_enough(distinct_fraction, base["count"]) and text_stats.mean_words < 2:
        semantic = "identifier"
    elif _ID_NAME.search(name) and base["count"] >= 20 and (
            distinct_fraction >= 0.9 or base["distinct"] >= 20 and _code_shaped(clean_trimmed, frequent)):
        # 'Series_ID' = 'CEU0500000001' repeated once per month: the key of an entity that has many rows
        semantic = "identifier"
        if distinct_fraction < 0.9:
            notes.append("a key repeated across rows (several rows per entity)")
    else:
        semantic = "categorical"
    codes = _numbered_labels(clean_trimmed, frequent) if semantic == "categorical" else None
    if mixed_share is not None and codes is None:
        codes = _alphanumeric_codes(clean_trimmed, clean_weights, unparsed_mask)
    return ColumnProfile(semantic_type=semantic, text=text_stats, notes=tuple(notes), number_share=mixed_share,
                         unparsed=int(clean_weights[unparsed_mask].sum()) if mixed_share is not None else 0,
                         unparsed_examples=unparsed_examples() if mixed_share is not None else (),
                         integer_codes=codes, **base, **extra)


ALPHANUMERIC_CODE_SHARE = 0.8  # of the rows that are not plain numbers: codes such as '180C', 'AM4', 'S12345'
_CODE_TOKEN = re.compile(r"(?=\S*\d)\S*[A-Za-z]\S*")  # one token holding digits and letters


def _alphanumeric_codes(values: pa.Array, weights: np.ndarray, unparsed: np.ndarray) -> str | None:
    """Plain numbers among codes of digits and letters ('180' among '180C' and 'M10': course numbers; '1151' among
    'AM4': processor sockets): codes too, not a column that mixes numbers and text.

    The values that are not numbers must be single tokens holding both digits and letters, for
    ALPHANUMERIC_CODE_SHARE of their rows. A number followed by one unit ('10kg' beside '12') is a real mix:
    letters that only ever follow the digits and are always the same are read as a unit.
    """
    index = np.flatnonzero(unparsed)
    if index.size == 0:
        return None
    index = index[np.argsort(-weights[index], kind="stable")][:2000]
    sample = [str(value) for value in values.take(pa.array(index)).to_pylist()]
    shaped = np.array([_CODE_TOKEN.fullmatch(value) is not None for value in sample], dtype=bool)
    counts = weights[index]
    if counts[shaped].sum() < ALPHANUMERIC_CODE_SHARE * counts.sum():
        return None
    tokens = [value for value, ok in zip(sample, shaped, strict=True) if ok]
    letters = {re.sub(r"[^A-Za-z]", "", token).lower() for token in tokens}
    if len(letters) < 2 and not any(token[0].isalpha() for token in tokens):
        return None
    return "labels of digits and letters, some of them digits only: codes, not numbers among text"


def _code_shaped(values: pa.Array, frequent: np.ndarray) -> bool:
    """Single tokens that hold digits ('CEU0500000001', 'A-1043'): codes, not words."""
    sample = values.take(pa.array(frequent[:2000]))
    shaped = pc.match_substring_regex(sample, r"^[A-Za-z]*[-_/.]?\d[\w\-/.]*$")
    return pc.mean(pc.cast(shaped, pa.float64())).as_py() >= 0.9


def _numbered_labels(values: pa.Array, frequent: np.ndarray) -> str | None:
    """Labels that carry their code in front ('1. Never Married', '2. Married'): ordered codes in words."""
    sample = values.take(pa.array(frequent[:200]))
    if len(sample) < 2 or not pc.all(pc.match_substring_regex(sample, r"^\d{1,3}\s*[.):-]\s*\D")).as_py():
        return None
    shown = ", ".join(f"'{v}'" for v in sorted(sample.to_pylist())[:2])
    return f"the labels carry numeric codes ({shown}): keep one of the code and the label"


def _zero_padded(values: pa.Array, frequent: np.ndarray) -> bool:
    """Digits only, and some of the frequent values start with a zero ('01', '007')."""
    sample = values.take(pa.array(frequent[:2000]))
    digits = pc.match_substring_regex(sample, r"^\d+$")
    if not pc.all(digits).as_py():
        return False
    padded = pc.match_substring_regex(sample, r"^0\d")
    return pc.sum(pc.cast(padded, pa.int64())).as_py() >= max(2, 0.01 * len(sample))


def _profile_numeric(series: pd.Series, name: str, now: datetime, factorized: Factorized | None = None
                     ) -> ColumnProfile:
    if factorized is None or series.dtype.kind == "m":
        factorized = factorize(series.astype("float64") if series.dtype != "float64" else series)
    codes, uniques = factorized
    weights = _code_counts(codes, len(uniques))
    uniques = np.asarray(uniques, dtype="float64")
    top = _most_frequent_first(weights, _MAX_TOP)
    base = _base(series, name, weights, uniques[top].tolist(), weights[top])
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    if len(uniques) == 1:
        return ColumnProfile(semantic_type="constant", numeric=_numeric_stats(uniques, weights), **base)
    sentinels, zero_mass = _sentinels(uniques, weights, base["count"]), _zero_mass(uniques, weights)
    numeric = _numeric_stats(uniques, weights, codes=_code_values(sentinels, zero_mass), reported=_zero_atom(zero_mass))
    integer = numeric.integer_valued and np.isfinite(uniques).all()
    extra = dict(numeric=numeric, sentinels=sentinels, zero_mass=zero_mass,
                 time_part=_time_part(name, uniques, integer))
    if np.isin(uniques, (0.0, 1.0)).all():
        # 'race' 0/1 names a group, not a yes/no question: which group 1 stands for is nowhere in the data
        codes = f"0/1 codes for a column named like a group ('{name}'): which group 1 stands for is not " \
                f"recorded" if _NOMINAL_NAME.search(name) else None
        return ColumnProfile(semantic_type="boolean", true_share=_weighted_share(uniques == 1, weights),
                             notes=("boolean coded 0/1",), integer_codes=codes, **base, **extra)
    if integer and numeric.min is not None and numeric.min >= 19000101 and numeric.max is not None \
            and numeric.max <= 21001231:
        as_text = pd.Series(uniques.astype("int64").astype(str))
        parsed = pd.to_datetime(as_text, format="%Y%m%d", errors="coerce")
        share = _weighted_share(parsed.notna(), weights)
        if share >= 0.95:
            return ColumnProfile(semantic_type="datetime", storage="integer",
                                 dates=_dates_from_values(parsed, weights, now, "%Y%m%d", share),
                                 notes=("dates stored as integers (YYYYMMDD)",), **base, **extra)
    if integer and base["distinct_fraction"] >= 0.999 and base["count"] >= 20:
        # distinct integers filling their whole range are consecutive: 1, 2, 3, ... (row numbers)
        consecutive = numeric.max - numeric.min == len(uniques) - 1
        if _ID_NAME.search(name) or consecutive:
            return ColumnProfile(semantic_type="identifier", notes=("numeric identifier",), **base, **extra)
    if integer and base["distinct"] <= 20 and base["distinct_fraction"] < 0.5 and _CODE_NAME.search(name) \
            and not _QUANTITY_NAME.search(name):
        reason = "its name says so: a code, level or type"
        return ColumnProfile(semantic_type="categorical", notes=(f"integer-coded category ({reason})",),
                             integer_codes=reason, **base, **extra)
    if integer and 3 <= base["distinct"] <= 12 and base["distinct_fraction"] < 0.05 and numeric.min == 1 \
            and numeric.max == base["distinct"] and not _QUANTITY_NAME.search(name):
        # 1, 2, ..., k with no zero: the shape of codes or levels; counts and quantities start at 0
        reason = f"the values are the codes 1 to {base['distinct']}, with no zero"
        return ColumnProfile(semantic_type="categorical", notes=(f"integer-coded category ({reason})",),
                             integer_codes=reason, **base, **extra)
    if integer and _ID_NAME.search(name) and base["distinct_fraction"] >= 0.9 and base["count"] >= 20:
        return ColumnProfile(semantic_type="identifier", notes=("numeric identifier",), **base, **extra)
    if integer and base["distinct"] >= 20 and numeric.min is not None and numeric.max is not None \
            and numeric.min >= 1e8 and len(str(int(numeric.min))) == len(str(int(numeric.max))) \
            and (series.dtype.kind == "f" or _ID_NAME.search(name)):
        # 2002000001.0: every value has the same 9+ digits, read as decimals because some rows are empty
        width = len(str(int(numeric.min)))
        return ColumnProfile(semantic_type="identifier", notes=(f"{width}-digit codes stored as numbers",),
                             **base, **extra)
    if integer and base["distinct"] <= 300 and base["distinct_fraction"] < 0.5 and _NOMINAL_NAME.search(name) \
            and not _QUANTITY_NAME.search(name):
        reason = "its name is a place or a group (state, county, industry ...): the numbers are labels"
        return ColumnProfile(semantic_type="categorical", notes=(f"integer-coded category ({reason})",),
                             integer_codes=reason, **base, **extra)
    return ColumnProfile(semantic_type="numeric", **base, **extra)


def _profile_datetime(series: pd.Series, name: str, now: datetime) -> ColumnProfile:
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    counts = series.value_counts(dropna=True)
    base = _base_from_value_counts(series, name, counts)
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    semantic = "constant" if len(counts) == 1 else "datetime"
    parsed = pd.Series(counts.index)
    return ColumnProfile(semantic_type=semantic, dates=_dates_from_values(parsed, counts.to_numpy(), now, None, 1.0),
                         **base)


def _profile_bool(series: pd.Series, name: str) -> ColumnProfile:
    counts = series.value_counts(dropna=True)
    base = _base_from_value_counts(series, name, counts)
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    semantic = "constant" if len(counts) == 1 else "boolean"
    true_share = float(counts.get(True, 0) / base["count"])
    return ColumnProfile(semantic_type=semantic, true_share=true_share, **base)


def profile_column(series: pd.Series, name: str | None = None, *, now: datetime | None = None,
                   override: str | None = None, factorized: Factorized | None = None) -> ColumnProfile:
    """Profile one column.

    Parameters
    ----------
    series : pandas.Series
    name : str, optional
        Defaults to the series name.
    now : datetime, optional
        The assessment date, for stale and future dates; defaults to the current time.
    override : str, optional
        A semantic type set by the user, which wins over the inferred one.
    factorized : (codes, uniques), optional
        The column's `factorize` result, when the caller has it already.
    """
    name = str(series.name if name is None else name)
    now = now or datetime.now(UTC)
    kind = series.dtype.kind
    if kind == "b":
        profile = _profile_bool(series, name)
    elif kind in "iuf":
        profile = _profile_numeric(series, name, now, factorized)
    elif kind == "m":
        profile = _profile_numeric(series.dt.total_seconds(), name, now)
    elif kind == "M":
        profile = _profile_datetime(series, name, now)
    else:
        profile = _profile_object(series if factorized is not None or is_arrow_text(series)
                                  else series.astype(object), name, now, factorized)
    if override and override != profile.semantic_type:
        if override not in SEMANTIC_TYPES:
            raise ValueError(f"type override for column {name!r}: {override!r} is not one of "
                             f"{', '.join(SEMANTIC_TYPES)}.")
        profile = profile.model_copy(update={"semantic_type": override, "overridden": True,
                                             "notes": (*profile.notes, f"type set to {override} by the user")})
    return profile


def profile_columns(frame: pd.DataFrame, *, now: datetime | None = None,
                    overrides: Mapping[str, str] | None = None,
                    factorized: list[Factorized] | None = None, pool: Executor | None = None
                    ) -> tuple[ColumnProfile, ...]:
    """Profile every column of a frame (by position, so duplicate names are safe), in `pool` when given.

    In a pool, columns with many distinct values take turns: each needs working memory in proportion to its
    distinct values (about 100 MB for a million), while the other columns go on in parallel.
    """
    overrides = overrides or {}
    now = now or datetime.now(UTC)
    one_heavy_at_a_time = threading.Lock()

    def one(i: int) -> ColumnProfile:
        heavy = factorized is not None and len(factorized[i][1]) > _HEAVY_DISTINCT
        with one_heavy_at_a_time if heavy else contextlib.nullcontext():
            return profile_column(frame.iloc[:, i], str(frame.columns[i]), now=now,
                                  override=overrides.get(str(frame.columns[i])),
                                  factorized=factorized[i] if factorized else None)

    positions = range(frame.shape[1])
    return tuple(pool.map(one, positions) if pool is not None else map(one, positions))


def numeric_view(series: pd.Series, profile: ColumnProfile) -> pd.Series:
    """The column as floats: native numbers as they are, numbers stored as text parsed, placeholders as NaN."""
    if series.dtype.kind in "iufb":
        return series.astype("float64")
    if profile.storage == "text" and profile.numeric is not None:
        text = series if is_arrow_text(series) else series.astype(object).where(series.notna(), None).astype(
            "string[pyarrow]")
        values = pc.utf8_trim_whitespace(pa.chunked_array(text.array.__arrow_array__()).combine_chunks())
        return pd.Series(_parse_numbers_arrow(values), index=series.index)
    return pd.Series(np.nan, index=series.index)


# --------------------------------------------------------------------------------------------------
# likely targets
# --------------------------------------------------------------------------------------------------
# Words of an outcome to predict (an event that happened, a label) and of a business quantity or result a use case
# predicts. Matched as whole words of the name or their stems ('defects', 'durat' for 'duration'), never inside
# another word: 'workclass' holds no 'class', 'exclaim_subj' no 'claim', 'jobclass' no 'class'.
_OUTCOME_WORDS = frozenset({"churn", "churned", "target", "label", "outcome", "default", "defaulted", "fraud",
                            "attrition", "converted", "survived", "defect", "defective", "failure"})
_QUANTITY_WORDS = frozenset({
    "status", "class", "left", "conversion", "response", "approved", "fail", "failed", "cancel", "cancelled",
    "canceled", "returned", "purchased", "clicked", "won", "result", "sales", "revenue", "price", "amount", "cost",
    "demand", "quantity", "volume", "calls", "duration", "delay", "score", "rating", "value", "claim", "loss",
    "spend"})
_TRAILING_NUMBER = re.compile(r"(?<=[a-z])\d+$")


def _outcome_name(name: str, siblings: frozenset[str] = frozenset()
                  ) -> Literal["outcome", "quantity", "predicted"] | None:
    """Whether a column's name reads as an outcome ('churn', 'is_fraud', 'time_to_failure', a lone 'y'), as a
    business quantity or result ('sales', 'claims', 'durat', 'score4'), or neither.

    An outcome word must be the word itself or its plural: stems would make a 'convertible' car a conversion. A
    'y' beside a 'z' is a third dimension or coordinate (a diamond's width), not the response of a model.
    """
    words = [_TRAILING_NUMBER.sub("", w) for w in name_tokens(name)]  # 'score4', 'price1': numbered copies
    if not words:
        return None
    if str(name).lower() == "y" and "z" not in siblings:
        return "outcome"
    stems = set(words) | {word_stem(w) for w in words}
    if any(w in _OUTCOME_WORDS or w.endswith("s") and w[:-1] in _OUTCOME_WORDS for w in words) \
            or "time_to" in "_".join(words):
        return "outcome"
    # 'is_' and 'has_' say a yes/no, not what it is about: 'is_canceled' is an outcome, 'has_email_address' and
    # 'is_repeated_guest' describe the row
    if words[0] in ("is", "has") and len(words) > 1 and (stems & _quantity_stems() or _names_predicted(words[1:])):
        return "outcome"
    if stems & _quantity_stems():
        return "quantity"
    if _names_predicted(words):
        return "predicted"
    return None


def _names_predicted(words: list[str]) -> bool:
    """The last word (the thing named: 'current_salary' is a salary, 'salary_type' a type), or its singular, is
    what a use case predicts. No stem: 'occupation' and 'occupancy' share one."""
    head = [w for w in words if not w.isdigit()][-1:]
    return bool(head) and (head[0] in _predicted_words() or head[0].endswith("s") and head[0][:-1] in
                           _predicted_words())


@functools.lru_cache(maxsize=1)
def _quantity_stems() -> frozenset[str]:
    return _QUANTITY_WORDS | {word_stem(w) for w in _QUANTITY_WORDS}  # on first use: the stemmer loads then


@functools.lru_cache(maxsize=1)
def _predicted_words() -> frozenset[str]:
    from mlscout.catalogue.model import default_catalogue, predicted_words

    return predicted_words(default_catalogue())


def reads_as_outcome(name: str) -> bool:
    """The name says an outcome to predict ('churn', 'label', 'is_fraud'), not only a business quantity."""
    return _outcome_name(name) == "outcome"


_CALENDAR_WORDS = frozenset({"year", "yr", "month", "mnth", "mon", "week", "weekday", "wday", "dow", "day", "hour",
                             "hr", "minute", "quarter", "qtr", "season", "weekend", "holiday", "workingday", "workday",
                             "work", "working", "of", "the"})


# Words that put a column in the past of the row's entity: a history to learn from, never the outcome to predict.
HISTORY_WORDS = frozenset({"previous", "prior", "past", "historical", "prev", "former", "lagged", "baseline",
                           "initial", "original", "orig", "ever", "never"})


# The values a calendar unit takes: a 'MonthSold' of 1-12 is the month of a sale, whatever the other words say.
_CALENDAR_RANGES = {"month": (1, 12), "mnth": (1, 12), "mth": (1, 12), "mo": (1, 12), "day": (1, 31),
                    "hour": (0, 23), "hr": (0, 23), "weekday": (0, 7), "wday": (0, 7), "dow": (0, 7),
                    "quarter": (1, 4), "qtr": (1, 4)}


def is_calendar_part(column: ColumnProfile) -> bool:
    """A part of a date or a calendar flag (month, weekday, hour, season, a working-day flag): when something
    happened, never what to predict. A name with other words counts when its unit's values say so ('MonthSold'
    1-12, 'DaySold' 1-31); 'days_off' or 'hours_worked' are amounts."""
    tokens = set(name_tokens(column.name))
    if column.time_part is not None or bool(tokens) and tokens <= _CALENDAR_WORDS:
        return True
    numbers = column.numeric
    if numbers is None or numbers.min is None or numbers.max is None or column.semantic_type == "identifier":
        return False
    return any(low <= numbers.min and numbers.max <= high and float(numbers.min).is_integer()
               and float(numbers.max).is_integer()
               for low, high in (_CALENDAR_RANGES[t] for t in tokens & _CALENDAR_RANGES.keys()))


def is_never_a_target(column: ColumnProfile) -> bool:
    """Columns no use case predicts: identifiers, names and contact details (personal data that singles a person
    out), protected attributes, calendar parts, dates, text and columns without information. A quasi-identifier
    stays a possible outcome: a person's salary is what salary benchmarking predicts (with the care personal data
    needs)."""
    personal = column.personal_data is not None and column.personal_data.kind != "quasi_identifier"
    return column.semantic_type in ("identifier", "constant", "empty", "text", "datetime") \
        or personal or column.sensitive_attribute is not None or is_calendar_part(column)


def likely_targets(profile: DatasetProfile, limit: int = 5) -> list[TargetCandidate]:
    """Columns that look like an outcome to predict, best first, by their name and the shape of their values.

    Identifiers, personal data, protected attributes and calendar parts are never proposed: predicting a
    customer's sex or the month of a sale is no use case (a user can still declare any column as the target).
    """
    candidates: list[TargetCandidate] = []
    siblings = frozenset(str(c.name).lower() for c in profile.columns)
    for column in profile.columns:
        if is_never_a_target(column):
            continue
        if column.missing_fraction > 0.5 or column.count < 20 or set(name_tokens(column.name)) & HISTORY_WORDS:
            continue  # 'historical_adr', 'prior_visits': the row's past, a feature
        reasons: list[str] = []
        score = 0.0
        named = _outcome_name(column.name, siblings)
        if named == "outcome":
            score += 0.55
            reasons.append(f"the name '{column.name}' reads like an outcome")
        elif named == "quantity":
            score += 0.3
            reasons.append(f"the name '{column.name}' suggests a business quantity or outcome")
        elif named == "predicted":
            score += 0.3
            reasons.append(f"the name '{column.name}' is what a use case of the catalogue predicts")
        if column.semantic_type == "boolean" or (column.semantic_type == "categorical" and column.distinct == 2):
            task = "binary"
            share = column.true_share if column.true_share is not None else \
                (column.top_values[-1].count / column.count if column.top_values else 0.5)
            minority = min(share, 1 - share)
            score += 0.35 if minority >= 0.02 else 0.1
            reasons.append(f"two values (minority {minority:.0%}): a yes/no outcome")
        elif column.semantic_type == "categorical" and 3 <= column.distinct <= 10:
            task = "multiclass"
            score += 0.2
            reasons.append(f"{column.distinct} classes")
        elif column.semantic_type == "numeric" and column.numeric is not None:
            task = "regression"
            score += 0.15
            if column.numeric.negatives == 0:  # not the minimum: a personal column's is withheld
                score += 0.05
                reasons.append("non-negative numbers: an amount, count or duration")
            else:
                reasons.append("numbers")
        else:
            continue
        if column is profile.columns[-1] or column is profile.columns[0]:
            score += 0.05
            reasons.append("first or last column, where outcomes are often kept")
        candidates.append(TargetCandidate(column=column.name, task=task, score=min(round(score, 3), 1.0),
                                          reasons=tuple(reasons)))
    candidates.sort(key=lambda c: -c.score)
    return candidates[:limit]


# --------------------------------------------------------------------------------------------------
# tables for the app and the report
# --------------------------------------------------------------------------------------------------
def _distribution(c: ColumnProfile) -> list[int]:
    """The counts a small bar chart draws: the histogram's bins, or the most frequent values' counts (none for
    personal data, whose profile keeps no distribution)."""
    if c.sensitive:
        return []
    if c.numeric is not None and c.numeric.histogram:
        return [int(count) for _, _, count in c.numeric.histogram]
    return [int(v.count) for v in c.top_values[:12]]


def columns_frame(columns: tuple[ColumnProfile, ...] | list[ColumnProfile],
                  findings: Sequence[Any] = ()) -> pd.DataFrame:
    """One row per column: type, storage, missing, distinct, its distribution, the main statistic and how many open
    findings name it."""
    per_column: dict[str, int] = {}
    for finding in findings:
        if getattr(finding, "status", "open") == "open" and finding.column:
            per_column[finding.column] = per_column.get(finding.column, 0) + 1
    rows = []
    for c in columns:
        summary = ""
        if c.numeric is not None and c.numeric.median is not None and c.semantic_type == "numeric":
            summary = (f"median {human_number(c.numeric.median)}, range {human_number(c.numeric.min)} to "
                       f"{human_number(c.numeric.max)}")
        elif c.dates is not None and c.dates.min is not None:
            summary = f"{c.dates.min:%Y-%m-%d} to {c.dates.max:%Y-%m-%d}"
        elif c.true_share is not None:
            summary = f"{c.true_share:.1%} true"
        elif c.top_values and c.values_shown:
            summary = "top: " + ", ".join(v.value for v in c.top_values[:3])
        rows.append({"column": c.name, "type": c.semantic_type + (" (set)" if c.overridden else ""),
                     "stored as": c.dtype if c.storage == "native" else f"{c.dtype} ({c.storage})",
                     # placeholders (' ?', 'n/a') are missing too, whatever the export wrote
                     "missing": (c.missing + sum(c.placeholders.values())) / max(c.count + c.missing, 1),
                     "distinct": c.distinct, "distribution": _distribution(c), "summary": summary,
                     "findings": per_column.get(c.name, 0)})
    return pd.DataFrame(rows, columns=["column", "type", "stored as", "missing", "distinct", "distribution", "summary",
                                       "findings"])


def filter_columns(overview: pd.DataFrame, search: str = "", types: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of `columns_frame` whose name holds `search` (any case, as typed) and whose type is one of
    `types` (all when empty)."""
    shown = overview[overview["column"].str.contains(search, case=False, regex=False)] if search else overview
    return shown[shown["type"].isin(list(types))] if types else shown


def column_facts(c: ColumnProfile) -> pd.DataFrame:
    """Key figures of one column as (fact, value) rows."""
    facts: list[tuple[str, str]] = [
        ("semantic type", c.semantic_type), ("stored as", f"{c.dtype} ({c.storage})"),
        ("values", f"{c.count:,}"), ("missing", f"{c.missing:,} ({c.missing_fraction:.1%})"),
        ("distinct", f"{c.distinct:,}"),
    ]
    if c.placeholders:
        facts.append(("placeholders", ", ".join(f"'{k}' x{v:,}" for k, v in c.placeholders.items())))
    if c.numeric is not None and c.numeric.mean is not None:
        n = c.numeric
        facts += [("mean / std", f"{human_number(n.mean)} / {human_number(n.std or 0)}"),
                  ("min / median / max", f"{human_number(n.min)} / {human_number(n.median)} / {human_number(n.max)}"),
                  ("zeros / negatives", f"{n.zeros:,} / {n.negatives:,}"), ("skewness", f"{n.skew or 0:+.2f}"),
                  ("outliers (3 IQR)", f"{n.outliers:,}")]
    if c.dates is not None and c.dates.min is not None:
        facts.append(("range", f"{c.dates.min} to {c.dates.max}"))
        if c.dates.step_seconds:
            facts.append(("usual step", human_duration(c.dates.step_seconds)))
    if c.text is not None and c.semantic_type in ("text", "categorical", "identifier"):
        facts.append(("length min / mean / max",
                      f"{c.text.min_length} / {c.text.mean_length:.1f} / {c.text.max_length}"))
    if c.top_values and c.values_shown:
        facts.append(("most frequent", ", ".join(f"{v.value} ({v.count:,})" for v in c.top_values[:5])))
    return pd.DataFrame(facts, columns=["fact", "value"])
