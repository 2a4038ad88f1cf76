"""Dataset-level profile: the column profiles plus what only shows across columns and rows.

Each column is factorized once (codes and distinct values); the column statistics, the duplicate-row hashes, the
near-duplicate hashes and the duplicate-column comparison all reuse those codes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlscout.profiling.columns import (
    DatasetProfile,
    Factorized,
    factorize,
    numeric_view,
    profile_columns,
)

__all__ = ["profile_dataset", "row_hashes"]

_CORRELATION_MAX_COLUMNS = 200
_THREADS = min(4, os.cpu_count() or 1)


def _normalised_codes(codes: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    """Codes after trimming, collapsing inner whitespace and case-folding the distinct text values."""
    if uniques.dtype != object or not len(uniques):
        return codes
    if pd.api.types.infer_dtype(uniques, skipna=True) == "string":
        text = pa.array(uniques, type=pa.string(), from_pandas=True)
        folded = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\s+", " "))
        renumber = pc.dictionary_encode(folded).indices.to_numpy(zero_copy_only=False)
    else:
        is_text = np.fromiter((isinstance(v, str) for v in uniques), dtype=bool, count=len(uniques))
        if not is_text.any():
            return codes
        keys = np.array([repr(v) for v in uniques], dtype=object)  # non-text values keep their own identity
        text = pa.array(uniques[is_text].tolist(), type=pa.string())
        folded = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\s+", " "))
        keys[is_text] = np.asarray(folded.to_pylist(), dtype=object)
        renumber, _ = pd.factorize(keys)
    return np.where(codes >= 0, np.asarray(renumber)[np.clip(codes, 0, None)], -1)


def row_hashes(frame: pd.DataFrame, *, normalise_text: bool = False,
               factorized: Sequence[Factorized] | None = None,
               column_hashes: list[np.ndarray] | None = None) -> pd.Series:
    """One 64-bit hash per row. With `normalise_text`, text is trimmed and case-folded first.

    `column_hashes`, when given, is filled with the per-column hashes (exact values), and reused when passed again
    with `normalise_text`: only text columns are hashed a second time.
    """
    if frame.shape[1] == 0:
        return pd.Series(np.zeros(len(frame), dtype="uint64"), index=frame.index)
    factorized = factorized or [factorize(frame.iloc[:, i]) for i in range(frame.shape[1])]
    reuse = column_hashes is not None and len(column_hashes) == len(factorized)
    combined = np.zeros(len(frame), dtype="uint64")
    with np.errstate(over="ignore"):
        for i, (codes, uniques) in enumerate(factorized):
            normalised = _normalised_codes(codes, uniques) if normalise_text else codes
            if reuse and normalised is codes:
                hashed = column_hashes[i]
            else:
                hashed = pd.util.hash_array(np.asarray(normalised, dtype="int64"))
                if column_hashes is not None and not normalise_text:
                    column_hashes.append(hashed)
            # Combine column hashes in order, as pandas does for rows (xor, then multiply by a large prime).
            combined = (combined ^ hashed) * np.uint64(1000003)
    return pd.Series(combined, index=frame.index)


def _duplicate_columns(frame: pd.DataFrame, factorized: Sequence[Factorized]) -> tuple[tuple[str, str], ...]:
    """Pairs of columns holding the same values row by row: one content digest per column (its codes and its
    distinct values), so a table of 10,000 columns costs 10,000 digests, not 50 million comparisons."""
    first_with: dict[bytes, str] = {}
    pairs = []
    for i, (codes, uniques) in enumerate(factorized):
        if len(uniques) == 0:
            continue  # empty columns are reported by their own check
        values = np.asarray(uniques, dtype=object) if np.asarray(uniques).dtype.kind not in "iufb" else \
            np.asarray(uniques, dtype="float64")
        digest = hashlib.blake2b(np.ascontiguousarray(codes, dtype=np.int64).tobytes(), digest_size=16)
        digest.update(pd.util.hash_array(values).tobytes())
        key = digest.digest()
        name = str(frame.columns[i])
        if key in first_with:
            pairs.append((first_with[key], name))
        else:
            first_with[key] = name
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
    # Two threads: hashing, pyarrow kernels and numpy release the GIL for much of the work.
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        factorized = list(pool.map(lambda i: factorize(frame.iloc[:, i]), range(frame.shape[1])))
        columns = profile_columns(frame, now=now, overrides=overrides, factorized=factorized, pool=pool)
    rows = len(frame)
    duplicate_rows = near_duplicate_rows = 0
    if rows and frame.shape[1]:
        hashes: list[np.ndarray] = []
        duplicate_rows = int(row_hashes(frame, factorized=factorized, column_hashes=hashes).duplicated().sum())
        if any(c.semantic_type in ("categorical", "text", "identifier", "boolean") or c.whitespace_padded
               for c in columns):
            near = int(row_hashes(frame, normalise_text=True, factorized=factorized, column_hashes=hashes)
                       .duplicated().sum())
            near_duplicate_rows = near - duplicate_rows
    return DatasetProfile(
        name=name, rows=rows, n_columns=frame.shape[1], columns=columns, duplicate_rows=duplicate_rows,
        near_duplicate_rows=max(near_duplicate_rows, 0), duplicate_columns=_duplicate_columns(frame, factorized),
        correlated_pairs=_correlated_pairs(frame, columns, correlation_threshold, sample_rows),
        sample_rows=sample_rows if rows > sample_rows else None, profiled_at=now)
