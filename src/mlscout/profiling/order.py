"""Rows in time order without a column that says when.

A table exported from a time series (a meter's half-hourly demand, a daily price) often keeps its order and loses
its timestamp. Its measurements then follow their previous row closely, which rows in random order never do; and
nothing else explains the order: no column the table is sorted by, no category the rows are grouped by. Such rows
must stay in order: shuffled folds would train on the future.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from mlscout.profiling.columns import ColumnProfile, RowOrder, numeric_view

__all__ = ["row_order"]

MIN_ROWS = 100
MAX_ROWS = 20_000  # the first rows: enough to see the order (weeks of half-hours), a bounded cost on a large table
MIN_AUTOCORRELATION = 0.9
# A column whose consecutive values move one way this often is what the rows are sorted by (a price, a size), or
# a trend; either way the order says nothing certain about time.
SORTED_SHARE = 0.95
MIN_DISTINCT = 20
MAX_MEASUREMENTS = 50  # numeric columns read: bounded work on a wide table (a rank of 100,000 values each)
MAX_COLUMNS = 500  # columns looked at for a sort or a grouping
# In a time series most measurements drift (prices, loads, temperatures); in a table sorted by size, only the size
# and what scales with it do (a utility's cost beside its output, not its wage rates).
DRIFTING = 0.5
MOSTLY_SERIAL = 0.5


def _steps_one_way(values: np.ndarray) -> float:
    steps = np.diff(values)
    return float(max(np.mean(steps >= 0), np.mean(steps <= 0))) if len(steps) else 1.0


def _rank_autocorrelation(values: np.ndarray) -> float:
    ranks = pd.Series(values).rank().to_numpy()
    if np.std(ranks[:-1]) == 0 or np.std(ranks[1:]) == 0:
        return 0.0
    return float(np.corrcoef(ranks[:-1], ranks[1:])[0, 1])


def _is_counter(values: np.ndarray) -> bool:
    """A row number or a step index (1, 2, 3, ...): in row order by construction, so it explains nothing."""
    steps = np.diff(values)
    return len(steps) > 0 and bool(np.all(steps == steps[0])) and steps[0] != 0


def _grouped_by(series: pd.Series, rows: int) -> bool:
    """The rows come in blocks of one category each (all of firm A, then all of firm B)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if not 2 <= len(uniques) <= rows // 2:  # groups of two rows or more on average
        return False
    runs = int(np.count_nonzero(codes[1:] != codes[:-1])) + 1
    return runs <= 2 * len(uniques)


def row_order(frame: pd.DataFrame, columns: Sequence[ColumnProfile]) -> RowOrder | None:
    """The measurements that show the rows are in time order, or None.

    Read on the first MAX_ROWS rows: numeric columns of MIN_DISTINCT values or more, nearly complete, whose rank
    correlates with the previous row's at MIN_AUTOCORRELATION or more while its values go up and down, where at
    least MOSTLY_SERIAL of such columns drift (DRIFTING); and no column explains the order instead (one sorted, a
    category in blocks). A column that holds dates is the time itself, read elsewhere (the table's time axis).
    """
    rows = min(len(frame), MAX_ROWS)
    if rows < MIN_ROWS:
        return None
    head = frame.iloc[:rows]
    measured: dict[str, float] = {}
    for i, column in enumerate(columns[:MAX_COLUMNS]):
        series = head.iloc[:, i]
        coded = column.semantic_type == "numeric" and column.numeric is not None and column.numeric.integer_valued
        if (column.semantic_type in ("categorical", "boolean", "identifier") or coded) and _grouped_by(series, rows):
            return None  # an earthquake's number, a job ad's id, a visit count the rows are sorted by
        if column.semantic_type != "numeric" or column.distinct < MIN_DISTINCT or column.personal_data is not None \
                or len(measured) >= MAX_MEASUREMENTS:
            continue
        values = numeric_view(series, column).to_numpy(dtype="float64", na_value=np.nan)
        values = values[~np.isnan(values)]
        if len(values) < 0.9 * rows or _is_counter(values):
            continue
        if _steps_one_way(values) >= SORTED_SHARE:
            return None
        measured[column.name] = _rank_autocorrelation(values)
    serial = sorted((name for name, value in measured.items() if value >= MIN_AUTOCORRELATION),
                    key=lambda name: -measured[name])
    if not serial or np.mean(np.array(list(measured.values())) >= DRIFTING) < MOSTLY_SERIAL:
        return None
    return RowOrder(columns=tuple(serial), autocorrelation=round(measured[serial[0]], 3), rows=rows)
