"""Dataset-level profile: the column profiles plus what only shows across columns and rows.

Each column is factorized once (codes and distinct values); the column statistics, the duplicate-row keys, the
near-duplicate keys and the duplicate-column comparison all reuse those codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlscout.jobs import available_cores
from mlscout.profiling.columns import (
    DatasetProfile,
    Factorized,
    ValueCount,
    factorize,
    numeric_view,
    profile_columns,
    with_exact_uniqueness,
)
from mlscout.profiling.derived import derived_columns
from mlscout.profiling.order import row_order

if TYPE_CHECKING:
    from mlscout.engines import TableStatistics

__all__ = ["duplicate_row_counts", "profile_dataset", "with_table_statistics"]

_CORRELATION_MAX_COLUMNS = 200


def _fold(text: pa.Array) -> pa.Array:
    """Text trimmed, with inner whitespace collapsed and case-folded: "  Zürich " and "ZÜRICH" become one."""
    return pc.utf8_lower(pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\s+", " "))


def _folded_codes(codes: np.ndarray, uniques: np.ndarray | pa.Array) -> tuple[np.ndarray, int]:
    """Codes of the values after folding text (`_fold`), and how many distinct values remain; values other than
    text keep their own identity."""
    if len(uniques) == 0:
        return codes, 0
    present = np.where(codes >= 0, codes, 0)
    if isinstance(uniques, pa.Array) or pd.api.types.infer_dtype(uniques, skipna=True) == "string":
        text = uniques if isinstance(uniques, pa.Array) else pa.array(uniques, type=pa.string(), from_pandas=True)
        encoded = pc.dictionary_encode(_fold(text.take(pa.array(present))))
        folded, size = encoded.indices.to_numpy(zero_copy_only=False), len(encoded.dictionary)
    else:
        # prefixed, so the text "1" and the number 1 stay apart
        keys = np.array(["v:" + repr(v) for v in uniques], dtype=object)
        is_text = np.fromiter((isinstance(v, str) for v in uniques), dtype=bool, count=len(uniques))
        folded_text = _fold(pa.array(uniques[is_text].tolist(), type=pa.string())).to_pylist()
        keys[is_text] = np.asarray(["s:" + v for v in folded_text], dtype=object)
        renumber, distinct = pd.factorize(keys)
        folded, size = renumber[present], len(distinct)
    return np.where(codes >= 0, folded, -1), size


def _combine_codes(columns: Sequence[tuple[np.ndarray, int]], rows: int) -> np.ndarray:
    """One 64-bit key per row from every column's codes.

    Columns are packed exactly, as digits of a mixed-radix number, until the next would overflow 63 bits; each
    full pack is then hashed and mixed into the key. A table of a few low-cardinality columns gets an exact key;
    a wide one gets a 64-bit hash of its packs (a false match has odds of about one in 10^19 per pair of rows).
    """
    key = np.zeros(rows, dtype="uint64")
    packed: np.ndarray | None = None
    capacity = 1

    def mix(key: np.ndarray, pack: np.ndarray) -> np.ndarray:
        # xor, then multiply by a large prime: the order of the packs matters, as the order of columns does
        return (key ^ pd.util.hash_array(pack)) * np.uint64(1000003)

    with np.errstate(over="ignore"):
        for codes, size in columns:
            radix = size + 1  # missing (-1) becomes digit 0
            if packed is not None and capacity * radix >= 2**63:
                key, packed, capacity = mix(key, packed), None, 1
            if packed is None:
                packed = codes.astype(np.int64)
                packed += 1
            else:
                packed *= radix
                packed += codes
                packed += 1
            capacity *= radix
        if packed is not None:
            key = mix(key, packed)
    return key


def duplicate_row_counts(factorized: Sequence[Factorized], rows: int) -> tuple[int, int]:
    """Rows that repeat an earlier row exactly, and rows that repeat one only after trimming and case-folding
    text (near-duplicates, not counting the exact ones).

    Rows can only be near-duplicates when they agree on every column without text, so the text is folded only
    for the rows whose other columns repeat: usually a few percent of a table, so a million-row identifier
    column costs a few thousand folds, not a million.
    """
    exact = _repeats(_combine_codes([(c, len(u)) for c, u in factorized], rows))
    has_text = [_holds_text(u) for _, u in factorized]
    if not any(has_text):
        return exact, 0
    plain = [(c, len(u)) for (c, u), text in zip(factorized, has_text, strict=True) if not text]
    candidates = np.arange(rows) if not plain else \
        np.flatnonzero(pd.Series(_combine_codes(plain, rows)).duplicated(keep=False).to_numpy())
    if candidates.size < 2:
        return exact, 0
    columns = [(c[candidates], n) for c, n in plain]
    columns += [_folded_codes(codes[candidates], uniques)
                for (codes, uniques), text in zip(factorized, has_text, strict=True) if text]
    near = _repeats(_combine_codes(columns, len(candidates)))
    return exact, max(near - exact, 0)


def _repeats(keys: np.ndarray) -> int:
    """How many keys repeat an earlier one (sorting needs a quarter of the memory of a hash table)."""
    ordered = np.sort(keys)
    return int(np.count_nonzero(ordered[1:] == ordered[:-1]))


def _holds_text(uniques: np.ndarray | pa.Array) -> bool:
    return isinstance(uniques, pa.Array) or (uniques.dtype == object and any(isinstance(v, str) for v in uniques))


def _same_values(a: np.ndarray | pa.Array, b: np.ndarray | pa.Array) -> bool:
    """Whether two columns' distinct values (in order of first appearance) are the same."""
    if isinstance(a, pa.Array) or isinstance(b, pa.Array):
        as_list = [x.to_pylist() if isinstance(x, pa.Array) else list(x) for x in (a, b)]
        return as_list[0] == as_list[1]
    if a.dtype.kind in "iufb" and b.dtype.kind in "iufb":
        return bool(np.array_equal(a.astype("float64"), b.astype("float64"), equal_nan=True))
    return bool(len(a) == len(b) and (pd.Series(a, dtype=object) == pd.Series(b, dtype=object)).all())


def _head_key(uniques: np.ndarray | pa.Array) -> bytes | tuple:
    """The first distinct values, in a form equal for columns `_same_values` finds equal."""
    head = uniques.slice(0, 64).to_pylist() if isinstance(uniques, pa.Array) else uniques[:64]
    if isinstance(head, np.ndarray) and head.dtype.kind in "iufb":
        return head.astype("float64").tobytes()
    return tuple(str(v) for v in head)


def _duplicate_columns(frame: pd.DataFrame, factorized: Sequence[Factorized]) -> tuple[tuple[str, str], ...]:
    """Pairs of columns holding the same values row by row.

    Two such columns have the same codes (both number their values in order of first appearance) and the same
    distinct values. A cheap signature (number of distinct values, the first codes and values) groups the
    candidates; only those are compared in full, so a table of 10,000 columns costs 10,000 signatures, not 50
    million comparisons.
    """
    candidates: dict[tuple, list[int]] = {}
    for i, (codes, uniques) in enumerate(factorized):
        if len(uniques) == 0:
            continue  # empty columns are reported by their own check
        signature = (len(uniques), codes[:256].astype(np.int64).tobytes(), _head_key(uniques))
        candidates.setdefault(signature, []).append(i)
    pairs = []
    for members in candidates.values():
        firsts: list[int] = []  # the first column of each distinct content in this group
        for i in members:
            codes, uniques = factorized[i]
            same = next((j for j in firsts if np.array_equal(factorized[j][0], codes)
                         and _same_values(factorized[j][1], uniques)), None)
            if same is None:
                firsts.append(i)
            else:
                pairs.append((i, str(frame.columns[same]), str(frame.columns[i])))
    return tuple((a, b) for _, a, b in sorted(pairs))


def _correlated_pairs(frame: pd.DataFrame, profiles, threshold: float, sample_rows: int
                      ) -> tuple[tuple[str, str, float], ...]:
    numeric = [(i, p) for i, p in enumerate(profiles)
               if p.semantic_type in ("numeric",) and p.numeric is not None and (p.numeric.std or 0) > 0]
    numeric = numeric[:_CORRELATION_MAX_COLUMNS]
    if len(numeric) < 2:
        return ()
    rows = np.arange(len(frame)) if len(frame) <= sample_rows else \
        np.sort(np.random.default_rng(0).choice(len(frame), sample_rows, replace=False))
    data = np.column_stack([numeric_view(frame.iloc[rows, i], p).to_numpy(dtype="float64") for i, p in numeric])
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
    # A thread per core (up to four): hashing, pyarrow kernels and numpy release the GIL for much of the work.
    with ThreadPoolExecutor(max_workers=min(4, available_cores())) as pool:
        factorized = list(pool.map(lambda i: factorize(frame.iloc[:, i]), range(frame.shape[1])))
        columns = profile_columns(frame, now=now, overrides=overrides, factorized=factorized, pool=pool)
    rows = len(frame)
    duplicate_rows, near_duplicate_rows = duplicate_row_counts(factorized, rows) if rows and frame.shape[1] \
        else (0, 0)
    return DatasetProfile(
        name=name, rows=rows, n_columns=frame.shape[1], columns=columns, duplicate_rows=duplicate_rows,
        near_duplicate_rows=near_duplicate_rows, duplicate_columns=_duplicate_columns(frame, factorized),
        correlated_pairs=_correlated_pairs(frame, columns, correlation_threshold, sample_rows),
        derived_columns=derived_columns(frame, columns), row_order=row_order(frame, columns),
        sample_rows=sample_rows if rows > sample_rows else None, profiled_at=now)


def with_table_statistics(profile: DatasetProfile, statistics: TableStatistics) -> DatasetProfile:
    """The profile of an engine's sample, with the counts the engine computed on every row of the table.

    Rows, duplicate rows and, per column, the missing and distinct counts, the range, moments, quartiles and the
    most frequent values are the whole table's; the semantic types, patterns and everything else read rows and
    stay the sample's, which `rows_read` records (the checks say so in their findings).
    """
    rows_read = profile.rows
    exact = {c.name: c for c in statistics.columns}
    rows = statistics.rows
    columns = []
    for column in profile.columns:
        stats = exact.get(column.name)
        if stats is None:
            columns.append(column)
            continue
        update: dict = {"count": stats.count, "missing": stats.missing,
                        "missing_fraction": stats.missing / rows if rows else 0.0, "distinct": stats.distinct,
                        "distinct_fraction": stats.distinct / stats.count if stats.count else 0.0}
        if column.top_values and stats.top_values:
            update["top_values"] = tuple(ValueCount(value=value, count=count) for value, count in stats.top_values)
        if column.numeric is not None and stats.kind == "numeric" and column.storage == "native":
            update["numeric"] = column.numeric.model_copy(update={
                "min": stats.minimum, "max": stats.maximum, "mean": stats.mean, "std": stats.std, "q1": stats.q1,
                "median": stats.median, "q3": stats.q3})
        if column.dates is not None and stats.kind == "time":
            update["dates"] = column.dates.model_copy(update={
                "min": stats.first, "max": stats.last, "step_seconds": stats.step_seconds,
                "irregular_step_share": stats.irregular_step_share})
        columns.append(with_exact_uniqueness(column.model_copy(update=update)))
    return profile.model_copy(update={
        "rows": rows, "columns": tuple(columns), "duplicate_rows": statistics.duplicate_rows,
        "rows_read": rows_read, "sample_rows": rows_read,
        "row_order": None})  # rows an engine drew are in no time order, whatever the table's
