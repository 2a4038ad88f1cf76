"""Column understanding: the semantic type of each column, inferred from its values, and the statistics it needs.

The dtype says how a column is stored; the semantic type says what it holds. A column of strings may hold numbers
("1,234.50"), dates ("03/01/2024") or booleans ("Y"/"N"); a column of integers may hold dates (20240301), codes of
a category, or row identifiers. Every statistic is computed on the distinct values weighted by their counts, so a
1M-row column costs one ``value_counts`` pass plus work proportional to its number of distinct values.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from concurrent.futures import Executor
from datetime import UTC, datetime
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "PLACEHOLDERS",
    "ColumnProfile",
    "DatasetProfile",
    "NumericStats",
    "SemanticType",
    "TargetCandidate",
    "TextStats",
    "DateStats",
    "ValueCount",
    "likely_targets",
    "factorize",
    "is_arrow_text",
    "numeric_view",
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
    "empty", "tbd", "xxx", "x",
})
TRUE_TOKENS = frozenset({"yes", "y", "true", "t", "1", "oui", "ja", "si", "sí"})
FALSE_TOKENS = frozenset({"no", "n", "false", "f", "0", "non", "nein"})
NUMERIC_SENTINELS = (-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0, 99999.0, 999999.0, 9999999.0)

_ID_NAME = re.compile(r"(^|[_\W])(id|key|uuid|guid|identifier|number|no|nr|num|code|ref|reference)$|^id[_\W]|id$",
                      re.IGNORECASE)
_CODE_NAME = re.compile(r"code|type|category|class|group|segment|level|grade|region|area|zone|status|state|flag|"
                        r"kind|tier|rating|cluster", re.IGNORECASE)
_NUMBER_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_NUMBER_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_DATE_FORMATS = ("%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%b-%Y", "%b %Y", "%B %Y", "%d-%b-%Y",
                 "%d %b %Y", "%m/%d/%y", "%d/%m/%y", "%Y%m%d", "%m-%d-%Y", "%d-%m-%Y")
_MAX_TOP = 10
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
    outliers: int = Field(0, description="Values beyond 3 interquartile ranges from the quartiles.")
    outlier_low: float | None = None
    outlier_high: float | None = None
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
                       "postal_code", "date_of_birth", "person_name", "national_id", "free_text_with_personal_data"]
ProtectedCategory = Literal["sex_gender", "age", "race_ethnicity", "religion", "nationality", "marital_status",
                            "health", "disability", "sexual_orientation"]


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
    sensitive: bool = Field(False, description="Holds personal data: its values are masked in every output.")
    personal_data: PersonalData | None = None
    sensitive_attribute: ProtectedCategory | None = None


class DatasetProfile(_Frozen):
    name: str
    rows: int
    n_columns: int
    columns: tuple[ColumnProfile, ...]
    duplicate_rows: int = 0
    near_duplicate_rows: int = 0
    duplicate_columns: tuple[tuple[str, str], ...] = ()
    correlated_pairs: tuple[tuple[str, str, float], ...] = ()
    sample_rows: int | None = Field(None, description="Rows used for sampled statistics (None: all rows).")
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
def _parse_numbers(values: pd.Series) -> pd.Series:
    """Parse stripped strings as numbers: plain, with thousands separators, or with a decimal comma."""
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    plain = values.str.match(_NUMBER_PLAIN)
    out[plain] = pd.to_numeric(values[plain], errors="coerce")
    thousands = ~plain & values.str.match(_NUMBER_THOUSANDS)
    out[thousands] = pd.to_numeric(values[thousands].str.replace(",", "", regex=False), errors="coerce")
    comma = ~plain & ~thousands & values.str.match(_NUMBER_DECIMAL_COMMA)
    out[comma] = pd.to_numeric(values[comma].str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                               errors="coerce")
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


def _top(counts: pd.Series) -> tuple[ValueCount, ...]:
    return tuple(ValueCount(value=_short(v), count=int(c)) for v, c in counts.head(_MAX_TOP).items())


def _finite_float(x: float | np.floating | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if np.isfinite(x) else None


# --------------------------------------------------------------------------------------------------
# numeric statistics
# --------------------------------------------------------------------------------------------------
def _numeric_stats(values: np.ndarray, weights: np.ndarray | None = None) -> NumericStats:
    """Statistics of numeric values; `weights` repeats each value (distinct values with counts)."""
    values = np.asarray(values, dtype="float64")
    if weights is not None:
        values = np.repeat(values, np.asarray(weights, dtype="int64"))
    infinite = int(np.isinf(values).sum())
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return NumericStats(infinite=infinite)
    with np.errstate(all="ignore"):
        p01, q1, median, q3, p99 = np.quantile(finite, [0.01, 0.25, 0.5, 0.75, 0.99])
        mean = float(finite.mean())
        std = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
        skew = float(np.mean(((finite - mean) / std) ** 3)) if std > 0 and np.isfinite(std) else 0.0
    iqr = q3 - q1
    outliers, low, high = 0, None, None
    if iqr > 0 and np.isfinite(iqr):
        low, high = q1 - 3 * iqr, q3 + 3 * iqr
        outliers = int(((finite < low) | (finite > high)).sum())
    histogram: tuple[tuple[float, float, int], ...] = ()
    lo, hi = (p01, p99) if p99 > p01 else (finite.min(), finite.max())
    if np.isfinite(lo) and np.isfinite(hi):
        with np.errstate(all="ignore"):
            inside = finite[(finite >= lo) & (finite <= hi)]
            if inside.size and hi > lo and np.isfinite(hi - lo):
                counts, edges = np.histogram(inside, bins=20, range=(lo, hi))
                histogram = tuple((float(edges[i]), float(edges[i + 1]), int(c)) for i, c in enumerate(counts))
            elif inside.size:
                histogram = ((float(lo), float(hi), int(inside.size)),)
    return NumericStats(
        min=_finite_float(finite.min()), max=_finite_float(finite.max()), mean=_finite_float(mean),
        std=_finite_float(std), p01=_finite_float(p01), q1=_finite_float(q1), median=_finite_float(median),
        q3=_finite_float(q3), p99=_finite_float(p99), skew=_finite_float(skew), zeros=int((finite == 0).sum()),
        negatives=int((finite < 0).sum()), infinite=infinite, outliers=outliers, outlier_low=_finite_float(low),
        outlier_high=_finite_float(high), integer_valued=bool(np.all(np.mod(finite, 1) == 0)),
        histogram=histogram)


def _sentinels(uniques: np.ndarray, counts: np.ndarray, total: int) -> dict[str, int]:
    """Numeric stand-ins for 'missing' (-1, 999, 9999, ...) that stand apart from the other values."""
    found: dict[str, int] = {}
    uniques = np.asarray(uniques, dtype="float64")
    counts = np.asarray(counts, dtype="int64")
    candidates = set(NUMERIC_SENTINELS)
    for value in candidates.intersection(uniques.tolist()):
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
    return found


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
def _base(series: pd.Series, name: str, counts: pd.Series) -> dict:
    n = len(series)
    count = int(counts.sum())
    missing = n - count
    return dict(name=name, dtype=str(series.dtype), count=count, missing=missing,
                missing_fraction=missing / n if n else 0.0, distinct=int(len(counts)),
                distinct_fraction=len(counts) / count if count else 0.0, top_values=_top(counts))


Factorized = tuple[np.ndarray, np.ndarray]


def is_arrow_text(series: pd.Series) -> bool:
    """True for text held by pyarrow (string[pyarrow]), the loader's choice for CSV text columns."""
    dtype = series.dtype
    return (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or \
        (isinstance(dtype, pd.ArrowDtype) and pa.types.is_string(dtype.pyarrow_dtype)) or \
        (isinstance(dtype, pd.ArrowDtype) and pa.types.is_large_string(dtype.pyarrow_dtype))


def factorize(series: pd.Series) -> Factorized:
    """Codes (-1 for missing) and distinct values of a column: the one hashing pass every statistic reuses."""
    if is_arrow_text(series):
        # Dictionary-encode in pyarrow: no Python string is created except for the distinct values.
        chunked = pa.chunked_array(series.array.__arrow_array__())
        encoded = pc.dictionary_encode(chunked).combine_chunks()
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
        return codes, np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    values = series.astype(object) if series.dtype.kind not in "iufbmM" else series
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # int32 codes halve the memory of the one array per column kept through profiling
    codes = codes.astype(np.int32) if len(uniques) < 2**31 - 1 else codes
    return np.asarray(codes), np.asarray(uniques, dtype=object if values.dtype == object else None)


def _counts(factorized: Factorized) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and their counts, most frequent first."""
    codes, uniques = factorized
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    order = np.argsort(-counts, kind="stable")
    return uniques[order], counts[order]


def _as_arrow_strings(uniques: np.ndarray) -> pa.Array:
    if pd.api.types.infer_dtype(uniques, skipna=True) == "string":
        return pa.array(uniques, type=pa.string(), from_pandas=True)
    return pa.array([str(v) for v in uniques], type=pa.string())


def _mostly_thousands(head: pd.Series) -> bool:
    return bool(head.str.match(_NUMBER_THOUSANDS).mean() > 0.5) if len(head) else False


def _parse_numbers_fast(values: pa.Array, weights: np.ndarray) -> tuple[np.ndarray, float]:
    """Numbers parsed from trimmed strings (NaN where not a number), and the weighted share that parsed.

    A sample of the most frequent values decides first, so columns of words cost almost nothing.
    """
    n = len(values)
    head = pd.Series(values.slice(0, 2000).to_pylist(), dtype=object)
    head_share = _weighted_share(_parse_numbers(head).notna(), weights[:len(head)])
    if head_share < 0.3 or n <= len(head):
        if n <= len(head):
            parsed = _parse_numbers(head).to_numpy(dtype="float64")
            return parsed, _weighted_share(~np.isnan(parsed), weights)
        return np.full(n, np.nan), head_share
    if _mostly_thousands(head):
        # Most values use thousands separators: drop the commas in one vectorised pass.
        values = pc.replace_substring(values, ",", "")
    as_objects = values.to_numpy(zero_copy_only=False)
    parsed = pd.to_numeric(pd.Series(as_objects, dtype=object), errors="coerce").to_numpy(dtype="float64")
    remaining = np.flatnonzero(np.isnan(parsed))
    if remaining.size:
        rest = pd.Series(as_objects[remaining], dtype=object)
        parsed[remaining] = _parse_numbers(rest).to_numpy(dtype="float64")
    return parsed, _weighted_share(~np.isnan(parsed), weights)


def _profile_object(series: pd.Series, name: str, now: datetime, factorized: Factorized | None = None
                    ) -> ColumnProfile:
    uniques, weights = _counts(factorized or factorize(series))
    counts = pd.Series(weights, index=pd.Index(uniques, dtype=object), dtype="int64")
    base = _base(series, name, counts)
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    types = sorted({type(v).__name__ for v in uniques[:5000]})
    raw = _as_arrow_strings(uniques)
    trimmed = pc.utf8_trim_whitespace(raw)
    padded = np.asarray(pc.not_equal(trimmed, raw).to_numpy(zero_copy_only=False), dtype=bool)
    lower = pc.utf8_lower(trimmed)
    is_placeholder = np.asarray(pc.or_(pc.is_in(lower, value_set=pa.array(sorted(PLACEHOLDERS))),
                                       pc.equal(pc.utf8_length(trimmed), 0)).to_numpy(zero_copy_only=False),
                                dtype=bool)
    placeholders = {str(uniques[i]): int(weights[i]) for i in np.flatnonzero(is_placeholder)}
    clean_index = np.flatnonzero(~is_placeholder)
    clean_trimmed, clean_lower = trimmed.take(pa.array(clean_index)), lower.take(pa.array(clean_index))
    clean_weights = weights[clean_index]
    extra = dict(placeholders=placeholders, whitespace_padded=int(weights[padded].sum()), python_types=tuple(types))
    lengths = pc.utf8_length(clean_trimmed).to_numpy(zero_copy_only=False)
    words = pc.count_substring_regex(clean_trimmed, r"\s+").to_numpy(zero_copy_only=False) + 1
    text_stats = TextStats(
        min_length=int(lengths.min()) if lengths.size else 0, max_length=int(lengths.max()) if lengths.size else 0,
        mean_length=float(np.average(lengths, weights=clean_weights)) if lengths.size else 0.0,
        mean_words=float(np.average(words, weights=clean_weights)) if words.size else 0.0)
    if clean_index.size == 0:
        return ColumnProfile(semantic_type="empty", text=text_stats, notes=("only placeholders",), **base, **extra)
    clean_distinct = int(pc.count_distinct(clean_lower).as_py())
    if clean_distinct == 1:
        return ColumnProfile(semantic_type="constant", text=text_stats, **base, **extra)
    # booleans spelled as words
    if clean_distinct <= 6:
        lowered = pd.Series(clean_lower.to_pylist(), dtype=object)
        if lowered.isin(TRUE_TOKENS | FALSE_TOKENS).all() and lowered.isin(TRUE_TOKENS).any() \
                and lowered.isin(FALSE_TOKENS).any():
            true_share = _weighted_share(lowered.isin(TRUE_TOKENS), clean_weights)
            spellings = sorted(set(clean_trimmed.to_pylist()))
            return ColumnProfile(semantic_type="boolean", storage="text", true_share=true_share, text=text_stats,
                                 notes=(f"boolean spelled {' / '.join(spellings[:6])}",), **base, **extra)
    # numbers stored as text
    numbers, number_share = _parse_numbers_fast(clean_trimmed, clean_weights)
    unparsed_mask = np.isnan(numbers)

    def unparsed_examples() -> tuple[str, ...]:
        return tuple(_short(v) for v in clean_trimmed.take(pa.array(np.flatnonzero(unparsed_mask)[:5])).to_pylist())

    if number_share >= 0.95 or (number_share >= 0.5 and _weighted_share(unparsed_mask, clean_weights) * 100 < 5):
        ok = ~unparsed_mask
        numeric = _numeric_stats(numbers[ok], clean_weights[ok])
        notes = ["numbers stored as text"]
        if pc.any(pc.match_substring(clean_trimmed, ",")).as_py():
            notes.append("thousands separators or decimal commas")
        semantic = "numeric"
        if set(np.unique(numbers[ok]).tolist()).issubset({0.0, 1.0}) and clean_distinct == 2:
            semantic = "boolean"
        return ColumnProfile(semantic_type=semantic, storage="text", numeric=numeric, text=text_stats,
                             unparsed=int(clean_weights[unparsed_mask].sum()), unparsed_examples=unparsed_examples(),
                             sentinels=_sentinels(numbers[ok], clean_weights[ok], base["count"]),
                             notes=tuple(notes), **base, **extra)
    clean_values = pd.Series(clean_trimmed.slice(0, 20_000).to_pylist(), dtype=object)
    # dates stored as text
    sample = clean_values
    parsed, fmt = _parse_dates(sample)
    date_share = _weighted_share(parsed.notna(), clean_weights[: len(sample)])
    if date_share >= 0.9:
        if len(clean_index) > len(sample):
            clean_values = pd.Series(clean_trimmed.to_numpy(zero_copy_only=False), dtype=object)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = pd.to_datetime(clean_values, format="ISO8601" if fmt == "ISO 8601" else fmt,
                                        errors="coerce", utc=fmt == "ISO 8601")
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_localize(None)
        unparsed = parsed.isna().to_numpy()
        return ColumnProfile(semantic_type="datetime", storage="text", text=text_stats,
                             dates=_dates_from_values(parsed, clean_weights, now, fmt, date_share),
                             unparsed=int(clean_weights[unparsed].sum()),
                             unparsed_examples=tuple(_short(v) for v in clean_values[unparsed].head(5)),
                             notes=(f"dates stored as text ({fmt})",), **base, **extra)
    notes: list[str] = []
    if 0.05 <= number_share < 0.95:
        notes.append(f"{number_share:.0%} of the values are numbers")
    distinct_fraction = base["distinct_fraction"]
    if text_stats.mean_words >= 4 or (text_stats.mean_length >= 40 and distinct_fraction > 0.5):
        semantic = "text"
    elif distinct_fraction >= 0.98 and base["count"] >= 20 and text_stats.mean_words < 2:
        semantic = "identifier"
    elif _ID_NAME.search(name) and distinct_fraction >= 0.9 and base["count"] >= 20:
        semantic = "identifier"
    else:
        semantic = "categorical"
    return ColumnProfile(semantic_type=semantic, text=text_stats, notes=tuple(notes),
                         unparsed=int(clean_weights[unparsed_mask].sum()) if notes else 0,
                         unparsed_examples=unparsed_examples() if notes else (), **base, **extra)


def _profile_numeric(series: pd.Series, name: str, now: datetime, factorized: Factorized | None = None
                     ) -> ColumnProfile:
    values = series.astype("float64") if series.dtype != "float64" else series
    uniques, weights = _counts(factorized if factorized is not None and series.dtype.kind != "m" else
                               factorize(values))
    uniques = np.asarray(uniques, dtype="float64")
    counts = pd.Series(weights, index=uniques)
    base = _base(series, name, counts)
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    if len(counts) == 1:
        return ColumnProfile(semantic_type="constant", numeric=_numeric_stats(uniques, weights), **base)
    numeric = _numeric_stats(uniques, weights)
    extra = dict(numeric=numeric, sentinels=_sentinels(uniques, weights, base["count"]))
    integer = numeric.integer_valued and np.isfinite(uniques).all()
    if set(uniques.tolist()) <= {0.0, 1.0}:
        return ColumnProfile(semantic_type="boolean", true_share=_weighted_share(uniques == 1, weights),
                             notes=("boolean coded 0/1",), **base, **extra)
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
        ordered = np.sort(uniques)
        consecutive = np.all(np.diff(ordered) == 1)
        if _ID_NAME.search(name) or consecutive:
            return ColumnProfile(semantic_type="identifier", notes=("numeric identifier",), **base, **extra)
    if integer and base["distinct"] <= 20 and base["distinct_fraction"] < 0.5 and _CODE_NAME.search(name):
        return ColumnProfile(semantic_type="categorical", notes=("integer-coded category",), **base, **extra)
    if integer and _ID_NAME.search(name) and base["distinct_fraction"] >= 0.9 and base["count"] >= 20:
        return ColumnProfile(semantic_type="identifier", notes=("numeric identifier",), **base, **extra)
    return ColumnProfile(semantic_type="numeric", **base, **extra)


def _profile_datetime(series: pd.Series, name: str, now: datetime) -> ColumnProfile:
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    counts = series.value_counts(dropna=True)
    base = _base(series, name, counts)
    if base["count"] == 0:
        return ColumnProfile(semantic_type="empty", **base)
    semantic = "constant" if len(counts) == 1 else "datetime"
    parsed = pd.Series(counts.index)
    return ColumnProfile(semantic_type=semantic, dates=_dates_from_values(parsed, counts.to_numpy(), now, None, 1.0),
                         **base)


def _profile_bool(series: pd.Series, name: str) -> ColumnProfile:
    counts = series.value_counts(dropna=True)
    base = _base(series, name, counts)
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
    """Profile every column of a frame (by position, so duplicate names are safe), in `pool` when given."""
    overrides = overrides or {}
    now = now or datetime.now(UTC)

    def one(i: int) -> ColumnProfile:
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
        values = series.astype(object).where(series.notna(), None)
        as_str = values.dropna().astype(str).str.strip()
        parsed = _parse_numbers(as_str)
        return parsed.reindex(series.index)
    return pd.Series(np.nan, index=series.index)


# --------------------------------------------------------------------------------------------------
# likely targets
# --------------------------------------------------------------------------------------------------
_TARGET_NAMES = re.compile(
    r"churn|target|label|outcome|status|default|fraud|class|^y$|attrition|left|converted|conversion|response|"
    r"survived|approved|defect|failure|fail|cancel|returned|purchased|clicked|won|result|sales|revenue|price|"
    r"amount|cost|demand|quantity|volume|calls|time_to|duration|delay|score|rating|value|claim|loss|spend",
    re.IGNORECASE)
_STRONG_TARGET_NAMES = re.compile(r"churn|target|label|outcome|default|fraud|attrition|converted|survived|"
                                  r"^y$|is_|^has_|defect|failure|time_to", re.IGNORECASE)


def likely_targets(profile: DatasetProfile, limit: int = 5) -> list[TargetCandidate]:
    """Columns that look like an outcome to predict, best first, by their name and the shape of their values."""
    candidates: list[TargetCandidate] = []
    for column in profile.columns:
        if column.semantic_type in ("identifier", "constant", "empty", "text", "datetime"):
            continue
        if column.missing_fraction > 0.5 or column.count < 20:
            continue
        reasons: list[str] = []
        score = 0.0
        if _STRONG_TARGET_NAMES.search(column.name):
            score += 0.55
            reasons.append(f"the name '{column.name}' reads like an outcome")
        elif _TARGET_NAMES.search(column.name):
            score += 0.3
            reasons.append(f"the name '{column.name}' suggests a business quantity or outcome")
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
            if column.numeric.min is not None and column.numeric.min >= 0:
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
def columns_frame(columns: tuple[ColumnProfile, ...] | list[ColumnProfile]) -> pd.DataFrame:
    """One row per column: type, storage, missing, distinct and the main statistic."""
    rows = []
    for c in columns:
        summary = ""
        if c.numeric is not None and c.numeric.median is not None and c.semantic_type == "numeric":
            summary = f"median {c.numeric.median:,.4g}, range {c.numeric.min:,.4g} to {c.numeric.max:,.4g}"
        elif c.dates is not None and c.dates.min is not None:
            summary = f"{c.dates.min:%Y-%m-%d} to {c.dates.max:%Y-%m-%d}"
        elif c.true_share is not None:
            summary = f"{c.true_share:.1%} true"
        elif c.top_values and not c.sensitive:
            summary = "top: " + ", ".join(v.value for v in c.top_values[:3])
        rows.append({"column": c.name, "type": c.semantic_type + (" (set)" if c.overridden else ""),
                     "stored as": c.dtype if c.storage == "native" else f"{c.dtype} ({c.storage})",
                     "missing": c.missing_fraction, "distinct": c.distinct, "summary": summary})
    return pd.DataFrame(rows, columns=["column", "type", "stored as", "missing", "distinct", "summary"])


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
        facts += [("mean / std", f"{n.mean:,.4g} / {n.std or 0:,.4g}"),
                  ("min / median / max", f"{n.min:,.4g} / {n.median:,.4g} / {n.max:,.4g}"),
                  ("zeros / negatives", f"{n.zeros:,} / {n.negatives:,}"), ("skewness", f"{n.skew or 0:+.2f}"),
                  ("outliers (3 IQR)", f"{n.outliers:,}")]
    if c.dates is not None and c.dates.min is not None:
        facts.append(("range", f"{c.dates.min} to {c.dates.max}"))
        if c.dates.step_seconds:
            facts.append(("usual step (s)", f"{c.dates.step_seconds:,.0f}"))
    if c.text is not None and c.semantic_type in ("text", "categorical", "identifier"):
        facts.append(("length min / mean / max",
                      f"{c.text.min_length} / {c.text.mean_length:.1f} / {c.text.max_length}"))
    if c.top_values and not c.sensitive:
        facts.append(("most frequent", ", ".join(f"{v.value} ({v.count:,})" for v in c.top_values[:5])))
    return pd.DataFrame(facts, columns=["fact", "value"])
