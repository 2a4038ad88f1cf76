"""Dataset-level profile: the column profiles plus what only shows across columns and rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout.profiling.columns import DatasetProfile, numeric_view, profile_columns

__all__ = ["profile_dataset", "row_hashes"]

_CORRELATION_MAX_COLUMNS = 200


def row_hashes(frame: pd.DataFrame, *, normalise_text: bool = False) -> pd.Series:
    """One 64-bit hash per row. With `normalise_text`, text is trimmed and case-folded first.

    Text columns are normalised on their distinct values only (factorize, then map), so the cost does not grow with
    repeated values.
    """
    if frame.shape[1] == 0:
        return pd.Series(np.zeros(len(frame), dtype="uint64"), index=frame.index)
    columns = {}
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if col.dtype == object or str(col.dtype) in ("string", "category"):
            codes, uniques = pd.factorize(col.astype(object), use_na_sentinel=True)
            if normalise_text and len(uniques):
                normalised = pd.Series(uniques, dtype=object).map(
                    lambda v: " ".join(str(v).split()).casefold() if isinstance(v, str) else v)
                renumber, _ = pd.factorize(normalised.astype(object))
                codes = np.where(codes >= 0, renumber[np.clip(codes, 0, None)], -1)
            columns[i] = codes
        else:
            columns[i] = col.to_numpy()
    table = pd.DataFrame(columns, index=frame.index)
    return pd.util.hash_pandas_object(table, index=False)


def _duplicate_columns(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    digests: dict[tuple[int, int], str] = {}
    pairs: list[tuple[str, str]] = []
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if col.isna().all():
            continue  # empty columns are reported by their own check
        try:
            hashed = pd.util.hash_pandas_object(col.astype(object).astype(str), index=False).to_numpy()
        except TypeError:
            continue
        key = (int(hashed.sum(dtype="uint64")), int(np.bitwise_xor.reduce(hashed)))
        name = str(frame.columns[i])
        if key in digests:
            pairs.append((digests[key], name))
        else:
            digests[key] = name
    return tuple(pairs)


def _correlated_pairs(frame: pd.DataFrame, profiles, threshold: float, sample_rows: int
                      ) -> tuple[tuple[str, str, float], ...]:
    numeric = [(i, p) for i, p in enumerate(profiles)
               if p.semantic_type in ("numeric",) and p.numeric is not None and (p.numeric.std or 0) > 0]
    numeric = numeric[:_CORRELATION_MAX_COLUMNS]
    if len(numeric) < 2:
        return ()
    sample = frame if len(frame) <= sample_rows else frame.sample(sample_rows, random_state=0)
    data = np.column_stack([numeric_view(sample.iloc[:, i], p).to_numpy(dtype="float64") for i, p in numeric])
    data[~np.isfinite(data)] = np.nan
    corr = pd.DataFrame(data).corr(min_periods=10).to_numpy()
    pairs = []
    for a in range(len(numeric)):
        for b in range(a + 1, len(numeric)):
            r = corr[a, b]
            if np.isfinite(r) and abs(r) >= threshold:
                pairs.append((numeric[a][1].name, numeric[b][1].name, round(float(r), 4)))
    return tuple(pairs)


def profile_dataset(frame: pd.DataFrame, name: str, *, now: datetime | None = None,
                    overrides: Mapping[str, str] | None = None, correlation_threshold: float = 0.95,
                    sample_rows: int = 200_000) -> DatasetProfile:
    """Profile a whole table.

    Counts (missing, distinct, duplicates) use every row; correlations use a random sample of `sample_rows` rows
    when the table is larger, and the profile says so in `sample_rows`.
    """
    now = now or datetime.now(UTC)
    columns = profile_columns(frame, now=now, overrides=overrides)
    rows = len(frame)
    duplicate_rows = near_duplicate_rows = 0
    if rows and frame.shape[1]:
        exact = row_hashes(frame)
        duplicate_rows = int(exact.duplicated().sum())
        if any(c.semantic_type in ("categorical", "text", "identifier") or c.whitespace_padded for c in columns):
            near_duplicate_rows = int(row_hashes(frame, normalise_text=True).duplicated().sum()) - duplicate_rows
    return DatasetProfile(
        name=name, rows=rows, n_columns=frame.shape[1], columns=columns, duplicate_rows=duplicate_rows,
        near_duplicate_rows=max(near_duplicate_rows, 0), duplicate_columns=_duplicate_columns(frame),
        correlated_pairs=_correlated_pairs(frame, columns, correlation_threshold, sample_rows),
        sample_rows=sample_rows if rows > sample_rows else None, profiled_at=now)
