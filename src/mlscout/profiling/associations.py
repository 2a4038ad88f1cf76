"""Pairwise association between columns on a sample: Pearson's r (two numbers), Cramér's V (two categories) and
the correlation ratio η (a category and a number), each 0-1 in strength (r keeps its sign).

As in skrub's TableReport and ydata-profiling, one view shows which columns move together; the measures differ by
the pair's kinds because no single coefficient fits numbers and categories alike. Identifiers, personal data,
constants and text are left out; categories with more than `max_levels` levels too (their V is inflated by
sparse tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlscout.profiling.columns import ColumnProfile, numeric_view

__all__ = ["Association", "associations", "associations_frame"]


class Association(BaseModel):
    """How strongly two columns go together."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a: str
    b: str
    measure: Literal["pearson", "cramers_v", "correlation_ratio"]
    value: float = Field(description="Pearson's r (-1 to 1), Cramér's V or η (0 to 1).")
    rows: int = Field(description="Rows with both values, in the sample.")

    @property
    def strength(self) -> float:
        return abs(self.value)


def _kind(column: ColumnProfile, max_levels: int) -> str | None:
    if column.personal_data is not None or column.sensitive:
        return None
    if column.semantic_type == "numeric" and column.time_part is None:
        return "numeric"
    if column.semantic_type in ("categorical", "boolean") and 2 <= column.distinct <= max_levels:
        return "categorical"
    return None


def _cramers_v(x: pd.Series, y: pd.Series) -> float:
    table = pd.crosstab(x, y).to_numpy(dtype=float)
    n = table.sum()
    if n == 0 or min(table.shape) < 2:
        return 0.0
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / n
    chi2 = float(((table - expected) ** 2 / np.where(expected > 0, expected, 1)).sum())
    # bias-corrected (Bergsma 2013): small samples of many levels do not look associated
    k, r = table.shape[1], table.shape[0]
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / max(n - 1, 1))
    k_corr = k - (k - 1) ** 2 / max(n - 1, 1)
    r_corr = r - (r - 1) ** 2 / max(n - 1, 1)
    denominator = min(k_corr - 1, r_corr - 1)
    return float(np.sqrt(phi2 / denominator)) if denominator > 0 else 0.0


def _correlation_ratio(categories: pd.Series, values: pd.Series) -> float:
    total = float(((values - values.mean()) ** 2).sum())
    if total == 0:
        return 0.0
    groups = values.groupby(categories, observed=True)
    between = float((groups.count() * (groups.mean() - values.mean()) ** 2).sum())
    return float(np.sqrt(between / total))


def associations(frame: pd.DataFrame, columns: Sequence[ColumnProfile], *, sample_rows: int = 5000,
                 max_columns: int = 30, max_levels: int = 50, random_state: int = 0) -> list[Association]:
    """Every pair's association on a random sample of rows, strongest first.

    Parameters
    ----------
    frame : DataFrame
        The table (its columns in the profile's order).
    columns : sequence of ColumnProfile
        The profile: it says which columns are numbers, categories, or left out.
    sample_rows : int
        Rows drawn at random (all when fewer); the result says how many pairs' rows were used.
    max_columns : int
        The first columns of each kind kept, to bound the pairs (30 columns: 435 pairs).
    """
    kinds = {c.name: k for c in columns if (k := _kind(c, max_levels)) is not None and c.name in frame.columns}
    names = [n for n in kinds if isinstance(frame[n], pd.Series)][:max_columns]
    if len(names) < 2:
        return []
    sample = frame[names].sample(n=sample_rows, random_state=random_state) if len(frame) > sample_rows else frame[names]
    by_name = {c.name: c for c in columns}
    values = {n: numeric_view(sample[n], by_name[n]) if kinds[n] == "numeric"
              else sample[n].astype("string").str.strip() for n in names}
    found = []
    for a, b in combinations(names, 2):
        both = values[a].notna() & values[b].notna()
        x, y = values[a][both], values[b][both]
        if len(x) < 20:
            continue
        pair = (kinds[a], kinds[b])
        if pair == ("numeric", "numeric"):
            value = float(np.corrcoef(x.to_numpy(float), y.to_numpy(float))[0, 1]) if x.std() and y.std() else 0.0
            measure = "pearson"
        elif pair == ("categorical", "categorical"):
            value, measure = _cramers_v(x, y), "cramers_v"
        else:
            cat, num = (x, y) if kinds[a] == "categorical" else (y, x)
            value, measure = _correlation_ratio(cat, num.astype(float)), "correlation_ratio"
        if np.isfinite(value):
            found.append(Association(a=a, b=b, measure=measure, value=round(value, 4), rows=int(len(x))))
    return sorted(found, key=lambda s: -s.strength)


def associations_frame(found: Sequence[Association], limit: int = 15) -> pd.DataFrame:
    """The strongest pairs as a table: columns, measure, value."""
    labels = {"pearson": "Pearson r", "cramers_v": "Cramér's V", "correlation_ratio": "correlation ratio η"}
    return pd.DataFrame([{"column": s.a, "with": s.b, "measure": labels[s.measure], "value": s.value, "rows": s.rows}
                         for s in found[:limit]], columns=["column", "with", "measure", "value", "rows"])
