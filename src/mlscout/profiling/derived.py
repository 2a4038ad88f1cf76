"""Columns computed from other columns: a product, sum, difference, ratio or logarithm of numbers, or a category
fixed by the combination of two others.

A derived column adds no information, doubles a signal in the importances, and when the target is one of the parts
(``cnt = casual + registered``) it is a leak. Tests run on a reproducible sample of rows, over a bounded number of
columns, so a wide table costs a bounded amount of work.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mlscout.profiling.columns import ColumnProfile, DerivedColumn, numeric_view

__all__ = ["derived_columns"]

_SAMPLE_ROWS = 5000
_MAX_NUMERIC = 25
_MAX_CATEGORICAL = 16
_MIN_ROWS = 30
_AGREEMENT = 0.99  # share of the complete rows on which the formula must hold
_NUMERIC_TYPES = ("numeric", "boolean")
# 'constant' too: 'airbag' = 'airbag' / 'none' is one value beside a placeholder, still a part of 'abcat'
_CATEGORY_TYPES = ("categorical", "boolean", "constant")
# When one equation links three columns (total = a + b), it is reported once, in its plainest form.
_PREFERRED = ("log(", " × ", " + ", " / ", " − ", "combination")


def _sample(frame: pd.DataFrame) -> np.ndarray:
    if len(frame) <= _SAMPLE_ROWS:
        return np.arange(len(frame))
    return np.sort(np.random.default_rng(0).choice(len(frame), _SAMPLE_ROWS, replace=False))


def _modes(data: np.ndarray) -> np.ndarray:
    """The most common value of each column (NaN for a column with no value)."""
    out = np.full(data.shape[1], np.nan)
    for j in range(data.shape[1]):
        values, counts = np.unique(data[np.isfinite(data[:, j]), j], return_counts=True)
        if counts.size:
            out[j] = values[np.argmax(counts)]
    return out


def _agreement(result: np.ndarray, data: np.ndarray, modes: np.ndarray) -> np.ndarray:
    """For each column of `data`, the share of its informative rows on which it equals `result` (relative
    tolerance 1e-6); 0 where fewer than _MIN_ROWS rows are known or fewer than 10 are informative.

    A row is informative when the column or the result differs from the column's commonest value: two rare
    flags and their product are all 0 on most rows, which proves nothing.
    """
    known = np.isfinite(result)[:, None] & np.isfinite(data)
    with np.errstate(all="ignore"):
        close = np.isclose(result[:, None], data, rtol=1e-6, atol=1e-9)
        informative = known & ~(np.isclose(data, modes) & np.isclose(result[:, None], modes))
    counts = informative.sum(axis=0)
    agree = (close & informative).sum(axis=0) / np.maximum(counts, 1)
    return np.where((known.sum(axis=0) >= _MIN_ROWS) & (counts >= 10), agree, 0.0)


def _numeric_formulas(names: Sequence[str], data: np.ndarray) -> list[DerivedColumn]:
    """C = log(A), A × B, A + B, A − B or A / B, for the columns of one sample (rows x columns).

    Every formula is screened on the first 200 rows against all columns at once, and confirmed on the whole
    sample; a ratio needs a denominator that is almost never zero (a 0/1 flag would 'explain' anything).
    """
    found: dict[str, DerivedColumn] = {}
    k = data.shape[1]
    screen = data[:200]
    modes = _modes(data)
    nonzero = np.mean(np.nan_to_num(data, nan=1.0) != 0, axis=0) >= _AGREEMENT

    def consider(formula_of, formula: str, parts: tuple[int, ...]) -> None:
        with np.errstate(all="ignore"):
            head = formula_of(screen)
        if not np.isfinite(head).any():
            return
        candidates = [c for c in np.flatnonzero(_agreement(head, screen, modes) >= _AGREEMENT)
                      if c not in parts and names[c] not in found]
        if not candidates:
            return
        with np.errstate(all="ignore"):
            result = formula_of(data)
        if np.nanstd(result) == 0:
            return
        shares = _agreement(result, data[:, candidates], modes[candidates])
        for c, share in zip(candidates, shares, strict=True):
            if share >= _AGREEMENT:
                found[names[c]] = DerivedColumn(column=names[c], parts=tuple(names[p] for p in parts),
                                                formula=formula, share=round(float(share), 4))

    for a in range(k):
        if np.isfinite(data[:, a]).any() and np.nanmin(data[:, a]) > 0:
            consider(lambda d, a=a: np.log(d[:, a]), f"log({names[a]})", (a,))
    for a, b in itertools.combinations(range(k), 2):
        na, nb = names[a], names[b]
        consider(lambda d, a=a, b=b: d[:, a] * d[:, b], f"{na} × {nb}", (a, b))
        consider(lambda d, a=a, b=b: d[:, a] + d[:, b], f"{na} + {nb}", (a, b))
        consider(lambda d, a=a, b=b: d[:, a] - d[:, b], f"{na} − {nb}", (a, b))
        consider(lambda d, a=a, b=b: d[:, b] - d[:, a], f"{nb} − {na}", (a, b))
        if nonzero[b]:
            consider(lambda d, a=a, b=b: d[:, a] / d[:, b], f"{na} / {nb}", (a, b))
        if nonzero[a]:
            consider(lambda d, a=a, b=b: d[:, b] / d[:, a], f"{nb} / {na}", (a, b))
    return list(found.values())


def _determines(keys: np.ndarray, values: np.ndarray) -> bool:
    """Every key maps to one value (small non-negative codes; rows with a missing code, -1, are left out)."""
    known = (keys >= 0) & (values >= 0)
    if known.sum() < _MIN_ROWS:
        return False
    keys, values = keys[known], values[known]
    width = int(values.max()) + 1
    pairs = np.count_nonzero(np.bincount(keys.astype(np.int64) * width + values))
    return pairs == np.count_nonzero(np.bincount(keys))


def _category_combinations(names: Sequence[str], codes: list[np.ndarray], rows: int) -> list[DerivedColumn]:
    """C fixed by (A, B) together, neither alone: 'abcat' from 'airbag' and 'deploy'."""
    found: dict[str, DerivedColumn] = {}
    k = len(codes)
    cache: dict[tuple[int, int], bool] = {}

    def alone(a: int, c: int) -> bool:
        if (a, c) not in cache:
            cache[(a, c)] = _determines(codes[a], codes[c])
        return cache[(a, c)]

    for c in range(k):
        for a, b in itertools.combinations([i for i in range(k) if i != c], 2):
            if names[c] in found:
                break
            size_b = int(codes[b].max()) + 1
            keys = np.where((codes[a] >= 0) & (codes[b] >= 0), codes[a] * size_b + codes[b], -1)
            combinations = len(np.unique(keys[keys >= 0]))
            # each combination seen several times: otherwise any column is 'determined' by near-unique keys
            if combinations < 3 or combinations > rows / 10:
                continue
            if not _determines(keys, codes[c]) or alone(a, c) or alone(b, c):
                continue
            found[names[c]] = DerivedColumn(column=names[c], parts=(names[a], names[b]),
                                            formula=f"one value for each combination of {names[a]} and {names[b]}",
                                            share=1.0)
    return list(found.values())


def derived_columns(frame: pd.DataFrame, columns: Sequence[ColumnProfile]) -> tuple[DerivedColumn, ...]:
    """Columns that are a formula of one or two others, on a sample of rows."""
    if len(frame) < _MIN_ROWS:
        return ()
    rows = _sample(frame)
    numeric = [(i, c) for i, c in enumerate(columns)
               if c.semantic_type in _NUMERIC_TYPES and c.distinct >= 2 and c.personal_data is None][:_MAX_NUMERIC]
    found: list[DerivedColumn] = []
    if len(numeric) >= 2:
        data = np.column_stack([numeric_view(frame.iloc[rows, i], c).to_numpy(dtype="float64", na_value=np.nan)
                                for i, c in numeric])
        found += _numeric_formulas([c.name for _, c in numeric], data)
    categorical = [(i, c) for i, c in enumerate(columns)
                   if c.semantic_type in _CATEGORY_TYPES and 2 <= c.distinct <= 20 and c.personal_data is None]
    categorical = sorted(categorical, key=lambda ic: ic[1].distinct)[:_MAX_CATEGORICAL]
    if len(categorical) >= 3:
        codes = [pd.factorize(frame.iloc[rows, i], use_na_sentinel=True)[0] for i, _ in categorical]
        taken = {d.column for d in found}
        found += [d for d in _category_combinations([c.name for _, c in categorical], codes, len(rows))
                  if d.column not in taken]
    return _one_per_equation(found, [c.name for c in columns])


def _one_per_equation(found: list[DerivedColumn], names: Sequence[str]) -> tuple[DerivedColumn, ...]:
    """'labor_force = employed + unemployed' and 'employed = labor_force − unemployed' are one equation."""
    def rank(d: DerivedColumn) -> int:
        return next((i for i, op in enumerate(_PREFERRED) if op in d.formula), len(_PREFERRED))

    kept: dict[frozenset[str], DerivedColumn] = {}
    for d in sorted(found, key=rank):
        kept.setdefault(frozenset((d.column, *d.parts)), d)
    order = {name: i for i, name in enumerate(names)}
    return tuple(sorted(kept.values(), key=lambda d: order[d.column]))
