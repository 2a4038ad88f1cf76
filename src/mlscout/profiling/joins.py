"""Join discovery: which columns link the loaded datasets, and how well.

A candidate pair needs both a reason in the names and evidence in the values, or distinctive values (text keys such
as "C00012") that overlap strongly on their own. Small integer ranges (1..N) overlap between any two tables, so
integer keys count only when their names agree (`orders.customer_id` and `customers.id` agree: a bare `id` takes
the name of its dataset).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlscout.profiling.columns import ColumnProfile, DatasetProfile
from mlscout.text import name_tokens

__all__ = ["Relationship", "discover_relationships", "linked_datasets"]

_KEY_TYPES = {"identifier", "categorical", "numeric", "text"}
_GENERIC = {"id", "key", "code", "no", "nr", "num", "number", "ref", "pk", "fk", "uuid", "guid"}
_MAX_DISTINCT = 2_000_000
_MIN_MATCH = 0.5


class Relationship(BaseModel):
    """A candidate join key between two datasets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    left_dataset: str
    left_column: str
    right_dataset: str
    right_column: str
    match_share: float = Field(ge=0, le=1, description="Share of the left rows whose key is found on the right.")
    right_coverage: float = Field(ge=0, le=1, description="Share of the right's distinct keys seen on the left.")
    cardinality: Literal["1-1", "1-n", "n-1", "n-n"]
    name_match: bool


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ses") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _name_key(dataset: str, column: str) -> frozenset[str]:
    """Meaningful tokens of a column name; a bare generic name ('id') borrows its dataset's name."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", column)
    tokens = {_singular(t) for t in re.split(r"[\W_]+", spaced.lower()) if t}
    meaningful = tokens - _GENERIC
    if not meaningful:
        stem = re.split(r"[:/\\]", dataset)[-1]
        meaningful = {_singular(t) for t in re.split(r"[\W_]+", stem.lower()) if t} - _GENERIC
    return frozenset(meaningful)


def _key_values(series: pd.Series) -> tuple[set[str], bool, bool, pd.Series]:
    """Distinct normalised key values, whether the column is unique, whether it is integer-like, and the
    normalised values of up to 500,000 rows (for the share of rows that match)."""
    values = series.dropna()
    integer = pd.api.types.is_integer_dtype(values) or (
        pd.api.types.is_float_dtype(values) and len(values) > 0 and bool((values % 1 == 0).all()))
    if integer:
        normalised = values.astype("int64").astype(str)
    else:
        normalised = values.astype(str).str.strip().str.lower()
    distinct = set(normalised.unique().tolist())
    rows = normalised if len(normalised) <= 500_000 else normalised.sample(500_000, random_state=0)
    return distinct, len(distinct) == len(normalised), integer, rows


def _key_like(column: ColumnProfile) -> bool:
    """An identifier by its values (mostly unique, or typed as one) or by its name ('customer_id', 'sku');
    a number without an id-like name is a measure (age, amount), never a key."""
    tokens = set(name_tokens(column.name))
    named = bool(tokens & (_GENERIC | {"sku", "isbn", "ean", "iban", "email", "zip", "fips"}))
    if column.semantic_type == "numeric":
        return named
    return column.semantic_type == "identifier" or named or column.distinct_fraction >= 0.9 and column.distinct >= 20


def _high_cardinality(column: ColumnProfile) -> bool:
    return column.semantic_type == "identifier" or column.distinct_fraction >= 0.5 or column.distinct >= 1000


def discover_relationships(frames: Mapping[str, pd.DataFrame], profiles: Mapping[str, DatasetProfile]
                           ) -> list[Relationship]:
    """Candidate keys between every pair of datasets, best first."""
    names = list(frames)
    keys: dict[tuple[str, str], tuple[set[str], bool, bool, pd.Series]] = {}
    wide: set[tuple[str, str]] = set()  # key-like columns with many distinct values: one side must be one
    for name in names:
        frame = frames[name]
        for column in profiles[name].columns:
            if column.semantic_type not in _KEY_TYPES or column.distinct < 2 or column.distinct > _MAX_DISTINCT:
                continue
            if not _key_like(column):
                continue  # ages, amounts and small codes overlap between any two tables
            people = column.personal_data is not None and column.personal_data.kind == "person_identifier"
            if column.sensitive and not people or column.semantic_type == "numeric" and column.numeric is not None \
                    and not column.numeric.integer_valued:
                continue
            position = [str(c) for c in frame.columns].index(column.name)
            keys[(name, column.name)] = _key_values(frame.iloc[:, position])
            if _high_cardinality(column):
                wide.add((name, column.name))
    found: list[Relationship] = []
    for i, left in enumerate(names):
        for right in names[i + 1:]:
            for (l_name, l_col), (l_vals, l_unique, l_int, l_rows) in keys.items():
                if l_name != left:
                    continue
                for (r_name, r_col), (r_vals, r_unique, r_int, r_rows) in keys.items():
                    if r_name != right or l_int != r_int:
                        continue
                    if (l_name, l_col) not in wide and (r_name, r_col) not in wide:
                        continue
                    name_match = _name_key(left, l_col) == _name_key(right, r_col)
                    if not name_match and (l_int or min(len(l_vals), len(r_vals)) < 20):
                        continue  # shared small ranges or few labels prove nothing without agreeing names
                    common = l_vals & r_vals
                    if not common:
                        continue
                    containment = max(len(common) / len(l_vals), len(common) / len(r_vals))
                    if containment < (_MIN_MATCH if name_match else 0.8):
                        continue
                    rel = _relationship((left, l_col, l_vals, l_unique, l_rows),
                                        (right, r_col, r_vals, r_unique, r_rows), common, name_match)
                    found.append(rel)
    found.sort(key=lambda r: (-int(r.name_match), -r.match_share))
    return _best_per_pair(found)


def _relationship(left: tuple, right: tuple, common: set[str], name_match: bool) -> Relationship:
    # Orient from the many side to the one side, so match_share reads "rows that find their match".
    if left[3] and not right[3]:
        left, right = right, left
    l_name, l_col, _, l_unique, l_rows = left
    r_name, r_col, r_vals, r_unique, _ = right
    cardinality = {(True, True): "1-1", (True, False): "1-n", (False, True): "n-1",
                   (False, False): "n-n"}[(l_unique, r_unique)]
    return Relationship(left_dataset=l_name, left_column=l_col, right_dataset=r_name, right_column=r_col,
                        match_share=round(float(l_rows.isin(r_vals).mean()), 4),
                        right_coverage=round(len(common) / len(r_vals), 4), cardinality=cardinality,
                        name_match=name_match)


def _best_per_pair(found: Sequence[Relationship]) -> list[Relationship]:
    """Keep the strongest candidate per (dataset, column) pair, and at most three per pair of datasets."""
    kept: list[Relationship] = []
    per_pair: dict[frozenset[str], int] = {}
    used: set[tuple[str, str]] = set()
    for rel in found:
        pair = frozenset({rel.left_dataset, rel.right_dataset})
        ends = {(rel.left_dataset, rel.left_column), (rel.right_dataset, rel.right_column)}
        if per_pair.get(pair, 0) >= 3 or ends <= used:
            continue
        kept.append(rel)
        used |= ends
        per_pair[pair] = per_pair.get(pair, 0) + 1
    return kept


def linked_datasets(name: str, relationships: Sequence[Relationship]) -> tuple[str, ...]:
    """The datasets `name` links to."""
    linked = {r.right_dataset for r in relationships if r.left_dataset == name}
    linked |= {r.left_dataset for r in relationships if r.right_dataset == name}
    return tuple(sorted(linked))


def relationships_frame(relationships: Sequence[Relationship]) -> pd.DataFrame:
    """One row per candidate key, for the app and the report."""
    return pd.DataFrame([{"from": f"{r.left_dataset}.{r.left_column}", "to": f"{r.right_dataset}.{r.right_column}",
                          "rows matched": r.match_share, "keys covered": r.right_coverage,
                          "cardinality": r.cardinality, "names agree": r.name_match} for r in relationships],
                        columns=["from", "to", "rows matched", "keys covered", "cardinality", "names agree"])
