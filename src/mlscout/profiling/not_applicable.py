"""Missing or not applicable? Reading empty cells and placeholders before calling them missing.

An empty cell, or a word such as "none", is often a state rather than a lost value: no pool, no second breed, not
a hurricane, no number in the message. Calling it missing (and imputing it) destroys that information. A value is
read as *not applicable* only with evidence from the table itself, never from its column name:

- **explained by a companion column**: the empty cells (or the placeholder) occur exactly where another column
  takes certain real values (``category`` is empty wherever ``status`` is not "hurricane"; ``PoolQC`` is "NA"
  wherever ``PoolArea`` is 0). Empty cells that coincide with the companion's *own* missing values are not
  evidence: that is data lost together;
- **a flag recorded only when it applies**: the column holds a single value and is otherwise empty (``disease``:
  TRUE or nothing), so the empty cell is the other state;
- **a level of its own**: a placeholder worded as a category ("none", "not applicable") that is a frequent level
  of a categorical column among other levels (``number``: small / none / big).

Everything else stays missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mlscout.profiling.columns import ColumnProfile, DatasetProfile

__all__ = ["NOT_APPLICABLE_WORDS", "MissingReading", "read_missing"]

# Placeholders whose wording is that of a category ("there is none"), not of an unknown value. The ambiguous
# abbreviations ("NA", "n/a") need a companion column's evidence.
NOT_APPLICABLE_WORDS = frozenset({"none", "not applicable", "no", "nil", "nothing"})
FLAG_TOKENS = frozenset({"true", "yes", "y", "t", "1", "x"})
AGREEMENT = 0.99  # share of rows on which the companion must agree, both ways
MAX_COMPANION_LEVELS = 50
MIN_LEVEL_SHARE = 0.02  # a placeholder under this share of the values is not "a level of its own"
MAX_PAIRS = 4_000  # bounded work on wide tables
MAX_ROWS = 200_000


@dataclass(frozen=True)
class MissingReading:
    """Why the empty cells (``tokens == ()``) or the placeholder tokens of a column are read as not applicable."""

    column: str
    tokens: tuple[str, ...]
    count: int
    reason: str  # plain words, rendered in the finding
    companion: str | None = None


def _companions(profile: DatasetProfile) -> list[ColumnProfile]:
    return [c for c in profile.columns
            if c.semantic_type in ("categorical", "boolean", "numeric") and c.count and 2 <= c.distinct]


def _levels(series: pd.Series, column: ColumnProfile) -> tuple[np.ndarray, list[str]] | None:
    """Codes (-1 = missing) and level names of a companion: its categories, or zero / non-zero of a measure.

    A measure explains only through zero ("no pool area"): its ranges (years before 2004, ages under 18) say when
    or for whom a value was not recorded, which is still missing.
    """
    if column.semantic_type == "numeric":
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        codes = np.where(np.isnan(values), -1, (values != 0).astype(np.int64))
        return codes, ["0", "not 0"]
    if column.distinct > MAX_COMPANION_LEVELS:
        return None
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, [str(u) for u in uniques]


def _explained_by(mask: np.ndarray, codes: np.ndarray, names: list[str]) -> list[str] | None:
    """The companion's levels where `mask` holds, when they explain it (both ways) on AGREEMENT of the rows."""
    if np.any(mask & (codes < 0)):
        return None  # rows empty in both: lost together, not explained
    valid = codes >= 0
    totals = np.bincount(codes[valid], minlength=len(names))
    hits = np.bincount(codes[valid], weights=mask[valid], minlength=len(names))
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(totals > 0, hits / np.maximum(totals, 1), 0.0)
    chosen = rate >= 0.5
    if not chosen.any() or chosen.all():
        return None
    agree = hits[chosen].sum() + (totals[~chosen] - hits[~chosen]).sum()
    if agree < AGREEMENT * valid.sum():
        return None
    return [names[i] for i in np.flatnonzero(chosen)]


def _describe(levels: list[str], companion: str) -> str:
    shown = ", ".join(f"'{v}'" for v in levels[:3]) + (f" (+{len(levels) - 3} more)" if len(levels) > 3 else "")
    return f"exactly where {companion} is {shown}"


def read_missing(profile: DatasetProfile, frame: pd.DataFrame, *, min_share: float) -> dict[str, MissingReading]:
    """The columns whose empty cells or placeholders the table itself shows to be 'not applicable'.

    Parameters
    ----------
    profile : DatasetProfile
    frame : DataFrame
        The rows, in the profile's column order (a large table is read on its first MAX_ROWS rows).
    min_share : float
        Columns with less missing than this share are left alone (the missing-values threshold).
    """
    readings: dict[str, MissingReading] = {}
    if profile.rows == 0:
        return readings
    data = frame.iloc[:MAX_ROWS]
    names = [str(c) for c in frame.columns]
    position = {name: i for i, name in enumerate(names)}
    companions = _companions(profile)
    level_cache: dict[str, tuple[np.ndarray, list[str]] | None] = {}
    pairs = 0
    for column in profile.columns:
        if column.name not in position:
            continue
        series = data.iloc[:, position[column.name]]
        reading = _flag_reading(column, series)
        if reading is None and column.placeholders:
            reading = _level_reading(column)
        targets: list[tuple[tuple[str, ...], np.ndarray]] = []
        if reading is None and column.missing_fraction >= min_share and column.count:
            targets.append(((), series.isna().to_numpy()))
        if reading is None and column.placeholders:
            tokens = tuple(column.placeholders)
            as_text = series.astype("string").str.strip().str.casefold()
            targets.append((tokens, as_text.isin([t.strip().casefold() for t in tokens]).fillna(False).to_numpy()))
        for tokens, mask in targets:
            if reading is not None or not mask.any():
                continue
            for companion in companions:
                if companion.name == column.name or pairs >= MAX_PAIRS:
                    continue
                pairs += 1
                if companion.name not in level_cache:
                    level_cache[companion.name] = _levels(data.iloc[:, position[companion.name]], companion)
                levels = level_cache[companion.name]
                if levels is None:
                    continue
                explained = _explained_by(mask, *levels)
                if explained:
                    what = "empty" if not tokens else " / ".join(f"'{t}'" for t in tokens)
                    count = int(mask.sum()) if len(data) == len(frame) else (
                        column.missing if not tokens else sum(column.placeholders.values()))
                    reading = MissingReading(column.name, tokens, count,
                                             f"{what} {_describe(explained, companion.name)}: not applicable "
                                             "there, not missing", companion.name)
                    break
        if reading is not None:
            readings[column.name] = reading
    return readings


def _flag_reading(column: ColumnProfile, series: pd.Series) -> MissingReading | None:
    """A single 'true' value (TRUE, yes, 1, x) and otherwise empty: the empty cell is the flag's other state."""
    if column.missing == 0 or column.count == 0 or column.distinct != 1 or column.placeholders:
        return None
    value = series.dropna().iloc[0] if series.notna().any() else None
    if value is None or not (value is True or str(value).strip().casefold() in FLAG_TOKENS):
        return None
    return MissingReading(column.name, (), column.missing,
                          f"empty wherever the column is not '{value}': a flag recorded only when it applies, so "
                          "empty means the other state")


def _level_reading(column: ColumnProfile) -> MissingReading | None:
    """A placeholder worded as a category, frequent among other levels: a level of its own."""
    if column.semantic_type not in ("categorical", "boolean") or column.count == 0:
        return None
    tokens = tuple(t for t in column.placeholders if t.strip().casefold() in NOT_APPLICABLE_WORDS)
    count = sum(column.placeholders[t] for t in tokens)
    other_levels = column.distinct - len(column.placeholders)
    if not tokens or tokens != tuple(column.placeholders) or count < MIN_LEVEL_SHARE * column.count \
            or other_levels < 2:
        return None
    shown = " / ".join(f"'{t}'" for t in tokens)
    return MissingReading(column.name, tokens, count,
                          f"{shown} is a level of its own ({count / column.count:.0%} of the values, beside "
                          f"{other_levels} other levels), worded as a category: not a missing value")
