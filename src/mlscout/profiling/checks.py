"""The quality checks: a registry in which each check is declared once.

A check has an id, a dimension, a severity rule (in words, for the docs and the page), a message template, a
suggested fix and a function that inspects a dataset profile (and, where needed, the frame) and yields hits. Every
view (page, report, CLI, JSON) renders findings from these declarations. Messages are rendered when shown, from the
template and the evidence, and values from sensitive columns are masked before they ever reach the evidence.

Add a check by decorating a function with `@check(...)`; `tests/unit/test_checks.py` requires a firing and a
silent test for every registered id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from mlscout.profiling.columns import (
    ColumnProfile,
    DatasetProfile,
    date_parts,
    likely_targets,
    reads_as_outcome,
)
from mlscout.profiling.not_applicable import MissingReading, read_missing
from mlscout.settings import IgnoredCheck, Settings, Thresholds
from mlscout.text import human_duration, human_number, name_tokens
from mlscout.text import mask as mask_value

__all__ = ["CHECKS", "DIMENSIONS", "Check", "CheckContext", "Finding", "Hit", "run_checks", "apply_statuses",
           "filter_findings", "findings_frame", "mask_value"]

Severity = Literal["info", "warning", "critical"]
Dimension = Literal["completeness", "validity", "consistency", "uniqueness", "timeliness", "volume", "access"]
DIMENSIONS: tuple[str, ...] = ("completeness", "validity", "consistency", "uniqueness", "timeliness", "volume",
                               "access")
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    """One problem found in one dataset (and column), with the evidence and what to do about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check_id: str
    dataset: str
    column: str | None = None
    severity: Severity
    dimension: Dimension
    evidence: dict[str, Any] = Field(default_factory=dict)
    fix: str
    status: Literal["open", "accepted", "resolved"] = "open"
    status_reason: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_rendered_message(cls, data: Any) -> Any:
        # The message is derived from the template and the evidence; JSON carries it for readers, and reading the
        # JSON back re-derives it rather than trusting the stored text.
        if isinstance(data, dict) and "message" in data:
            data = {k: v for k, v in data.items() if k != "message"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        """The plain-language message, rendered from the check's template and the evidence."""
        return render_message(self)

    @property
    def title(self) -> str:
        return CHECKS[self.check_id].title if self.check_id in CHECKS else self.check_id

    @property
    def key(self) -> str:
        """Identifies the finding across runs: check, dataset and column."""
        return f"{self.check_id}|{self.dataset}|{self.column or ''}"


def _pct_text(share: float) -> str:
    """A percentage that never rounds a real count down to '0.0%'."""
    if share <= 0:
        return "0%"
    if share < 0.001:
        return f"{share:.2%}" if share >= 0.0001 else "<0.01%"
    return f"{share:.1%}"


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt_examples(values: Iterable[Any]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def render_message(finding: Finding) -> str:
    spec = CHECKS.get(finding.check_id)
    template = spec.message if spec else finding.check_id
    values = dict(finding.evidence)
    for key, value in list(values.items()):
        if isinstance(value, float) and key.endswith("share"):
            values[f"{key}_pct"] = _pct_text(value)
        if isinstance(value, (list, tuple)) and key.endswith("examples"):
            values[key] = _fmt_examples(value)
    values["column"] = finding.column or ""
    values["dataset"] = finding.dataset
    try:
        text = template.format_map(_SafeDict(values))
    except (ValueError, IndexError, KeyError, TypeError):  # a malformed template must never break an output
        text = f"{template} ({values})"
    text = _singular(text)
    if "sample_rows" in values and "table_rows" in values:
        text += f" (measured on a sample of {values['sample_rows']:,} of the {values['table_rows']:,} rows)"
    return f"{finding.column}: {text}" if finding.column else text


_ONE_VERB = re.compile(r"(?<![\d,.])1 (row|value|column)s( \([^)]*\))? (are|lie|hold|stand|become)\b")
_ONE = re.compile(r"(?<![\d,.])1 (row|value|column)s\b")
_THIRD_PERSON = {"are": "is", "lie": "lies", "hold": "holds", "stand": "stands", "become": "becomes"}


def _singular(text: str) -> str:
    """'1 rows (0.6%) are missing' -> '1 row (0.6%) is missing': templates are written for many."""
    text = _ONE_VERB.sub(lambda m: f"1 {m[1]}{m[2] or ''} {_THIRD_PERSON[m[3]]}", text)
    return _ONE.sub(r"1 \1", text)


@dataclass(frozen=True)
class Hit:
    """What a check function yields: where, how severe, and the evidence."""

    severity: Severity
    evidence: dict[str, Any]
    column: str | None = None


@dataclass(frozen=True)
class CheckContext:
    profile: DatasetProfile
    frame: pd.DataFrame
    thresholds: Thresholds
    now: datetime
    linked_to: tuple[str, ...] | None = None  # datasets this one links to; None when not computed
    other_datasets: int = 0
    targets: tuple[str, ...] = ()  # the columns the user declared as this dataset's targets
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # facts shared by checks

    def missing_readings(self) -> dict[str, MissingReading]:
        """Columns whose empty cells or placeholders the table shows to be 'not applicable' (computed once)."""
        if "missing_readings" not in self.cache:
            self.cache["missing_readings"] = read_missing(self.profile, self.frame,
                                                          min_share=self.thresholds.missing_warning)
        return self.cache["missing_readings"]

    def series(self, column: str) -> pd.Series:
        position = [str(c) for c in self.frame.columns].index(column)
        return self.frame.iloc[:, position]


CheckFunction = Callable[[CheckContext], Iterator[Hit]]


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    dimension: Dimension
    severity_rule: str
    message: str
    fix: str
    run: CheckFunction
    scope: Literal["column", "dataset"] = "column"
    whole_table: bool = False  # reads only counts an engine computes on every row, never the sampled rows


CHECKS: dict[str, Check] = {}


def check(id: str, *, title: str, dimension: Dimension, severity: str, message: str, fix: str,
          scope: Literal["column", "dataset"] = "column", whole_table: bool = False
          ) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under `id`.

    `whole_table` declares that the check reads only the counts an engine computes on every row of a table it
    did not load (rows, missing and distinct values, duplicate rows): its findings stand for the whole table.
    Every other check's findings on such a table say that they were measured on the engine's sample.
    """

    def register(function: CheckFunction) -> CheckFunction:
        if id in CHECKS:
            raise ValueError(f"check id {id!r} is registered twice")
        CHECKS[id] = Check(id=id, title=title, dimension=dimension, severity_rule=severity, message=message,
                           fix=fix, run=function, scope=scope, whole_table=whole_table)
        return function

    return register


def _columns(ctx: CheckContext, *types: str) -> Iterator[ColumnProfile]:
    for column in ctx.profile.columns:
        if not types or column.semantic_type in types:
            yield column


def _examples(column: ColumnProfile, values: Iterable[Any]) -> list[str]:
    values = [str(v) for v in values][:5]
    return [mask_value(v) for v in values] if not column.values_shown else values


def _pct(part: int | float, whole: int | float) -> float:
    return float(part) / float(whole) if whole else 0.0


# ==================================================================================================
# completeness
# ==================================================================================================
_OPTIONAL_FIELD = " — or empty means 'none' (an optional field): ask the data owner; if it means 'none', keep it " \
                  "as a level of its own"
# The other reading of a column mostly empty, by what it holds.
_MOSTLY_EMPTY_READINGS = {
    # a few labels: an optional field ('second breed', 'effect on the flight')
    "categorical": _OPTIONAL_FIELD,
    "boolean": _OPTIONAL_FIELD,
    # remarks, comments, notes: only a required text (a review, a ticket's description) empty this often is lost
    "text": " — or nothing was written (an optional note or comment): a gap only if the text was required; ask "
            "the data owner",
    # the date of an event that happened to a few (a death, a relapse, the end of a breach still going on)
    "datetime": " — or empty means the event has not happened (a date of death, of an end): ask the data owner; "
                "if so, a 'happened' flag and the time since the start say it without gaps",
}


@check("missing_values", title="Missing values", dimension="completeness",
       severity="info below thresholds.missing_warning (5%); warning from it; critical from "
                "thresholds.missing_critical (50%); "
                "info for a category column that is mostly empty with nothing to tell why (an optional field: "
                "empty may mean 'none'), for a free-text column mostly empty (a note nobody had to write) and "
                "for a date column mostly empty (the date of an event that happened to a few: empty may mean it "
                "has not happened); columns empty in the same rows "
                "(thresholds.missing_together_share, 90% of their empty rows shared) are one finding",
       message="{missing:,} rows ({share_pct}) are missing{reading}",
       fix="Find out why values are missing; impute them in the model pipeline, or drop the column if mostly empty.",
       whole_table=True)
def _missing_values(ctx: CheckContext) -> Iterator[Hit]:
    t = ctx.thresholds
    readings = ctx.missing_readings()
    plain: list[ColumnProfile] = []
    for column in _columns(ctx):
        if column.semantic_type == "empty" or column.missing == 0:
            continue
        if column.name in readings and not readings[column.name].tokens:
            continue  # empty means 'not applicable' here: reported by not_applicable
        share = column.missing_fraction
        if share < t.missing_warning:
            # a few gaps still decide how a pipeline must impute: noted, at no real cost to readiness
            yield Hit("info", {"missing": column.missing, "share": share, "reading": ""}, column.name)
            continue
        if share >= 0.5 and column.semantic_type in _MOSTLY_EMPTY_READINGS:
            # Nothing in the table says whether most rows are empty because the field did not apply or because
            # values were lost: say both.
            yield Hit("info", {"missing": column.missing, "share": share,
                               "reading": _MOSTLY_EMPTY_READINGS[column.semantic_type]}, column.name)
            continue
        plain.append(column)
    # One root cause, one finding: columns empty in exactly the same rows (a follow-up that never happened, a
    # source that did not send them) are one gap.
    for group, exact in _missing_together(ctx, plain, t.missing_together_share):
        column, share = group[0], group[0].missing_fraction
        same = "the same rows" if exact else "nearly the same rows"
        together = "" if len(group) == 1 else \
            f" in {same} in {len(group)} columns ({_first_few([c.name for c in group], 'columns')}): one gap, " \
            "one cause to find"
        evidence = {"missing": column.missing, "share": share, "reading": together}
        if len(group) > 1:
            evidence["columns"] = [c.name for c in group]
        yield Hit("critical" if share >= t.missing_critical else "warning", evidence, column.name)


def _missing_together(ctx: CheckContext, columns: Sequence[ColumnProfile], share: float
                      ) -> list[tuple[list[ColumnProfile], bool]]:
    """The columns grouped by the rows they are empty in, each group with whether the rows are exactly the same:
    else nearly (`share` of their empty rows in common: a wide panel whose series start in different years)."""
    groups: dict[tuple[int, bytes] | str, list[ColumnProfile]] = {}
    masks: dict[tuple[int, bytes] | str, np.ndarray] = {}
    for column in columns:
        values = _frame_column(ctx, column.name)
        if values is None:
            groups.setdefault(column.name, []).append(column)
            continue
        mask = values.isna().to_numpy()
        key = (column.missing, np.packbits(mask).tobytes())
        groups.setdefault(key, []).append(column)
        masks.setdefault(key, mask)
    if not 2 <= len(masks) <= MISSING_TOGETHER_MAX_GROUPS:
        return [(group, True) for group in groups.values()]
    keys = list(masks)
    rows = len(masks[keys[0]])
    picked = np.linspace(0, rows - 1, min(rows, MISSING_TOGETHER_ROWS)).astype(int) if rows else np.arange(0)
    # every pair's shared empty rows in one product: 500 groups on 10,000 rows in a fraction of a second
    empty = np.stack([masks[key][picked] for key in keys], axis=1).astype(np.float32)
    shared = empty.T @ empty
    sizes = np.diag(shared)
    similar = shared >= share * np.maximum(sizes[:, None] + sizes[None, :] - shared, 1)
    leaders: list[int] = []
    merged: dict[int, tuple[list[ColumnProfile], bool]] = {}
    for i, key in enumerate(keys):
        leader = next((j for j in leaders if similar[i, j]), None)
        if leader is None:
            leaders.append(i)
            merged[i] = (list(groups[key]), True)
        else:
            merged[leader] = (merged[leader][0] + groups[key], False)
    return [(group, True) for key, group in groups.items() if key not in masks] + list(merged.values())


MISSING_TOGETHER_ROWS = 10_000  # rows compared (spread over the table) when grouping near-identical gaps
MISSING_TOGETHER_MAX_GROUPS = 500  # at most 20 MB of masks compared


@check("disguised_missing", title="Placeholders that mean 'missing'", dimension="completeness",
       severity="warning; critical when placeholders fill over half the column. The same placeholders in "
                "three or more columns are one finding for the table",
       message="{count:,} {unit} ({share_pct}) hold placeholder(s) {examples}{in_columns} — treat them as missing",
       fix="Convert these placeholders to real missing values when loading (e.g. na_values=[...]).")
def _disguised_missing(ctx: CheckContext) -> Iterator[Hit]:
    readings = ctx.missing_readings()
    hits: dict[tuple[str, ...], list[tuple[ColumnProfile, int]]] = {}
    for column in _columns(ctx):
        if not column.placeholders or column.semantic_type == "empty" and not column.count:
            continue
        if column.name in readings and readings[column.name].tokens:
            continue  # the placeholder is a state, not a missing value: reported by not_applicable
        count = sum(column.placeholders.values())
        share = _pct(count, ctx.profile.rows)
        if share >= ctx.thresholds.placeholder_min_share or count >= 5:
            key = tuple(sorted({t.strip().casefold() for t in column.placeholders}))
            hits.setdefault(key, []).append((column, count))
    for group in hits.values():
        if len(group) >= 3:  # one root cause (the export's way of writing 'unknown'), one finding
            cells = sum(count for _, count in group)
            share = _pct(cells, ctx.profile.rows * len(group))
            tokens = sorted({t for column, _ in group for t in column.placeholders})
            names = [column.name for column, _ in group]
            yield Hit("critical" if share > 0.5 else "warning",
                      {"count": cells, "unit": "values", "share": share,
                       "examples": [repr(t)[1:-1] for t in tokens[:5]], "columns": names,
                       "in_columns": f" in {len(names)} columns: {', '.join(names[:8])}"
                                     + (", ..." if len(names) > 8 else "")})
            continue
        for column, count in group:
            share = _pct(count, ctx.profile.rows)
            tokens = sorted(column.placeholders, key=lambda k: -column.placeholders[k])
            yield Hit("critical" if share > 0.5 else "warning",
                      {"count": count, "unit": "rows", "share": share, "in_columns": "",
                       "examples": [repr(t)[1:-1] for t in tokens[:5]], "tokens": dict(column.placeholders)},
                      column.name)


@check("not_applicable", title="Not applicable, not missing", dimension="completeness", severity="info",
       message="{count:,} rows ({share_pct}): {reason}",
       fix="Keep it as a level of its own (e.g. 'not applicable'); do not impute it or drop the rows.")
def _not_applicable(ctx: CheckContext) -> Iterator[Hit]:
    for name, reading in ctx.missing_readings().items():
        yield Hit("info", {"count": reading.count, "share": _pct(reading.count, ctx.profile.rows),
                           "reason": reading.reason, "companion": reading.companion,
                           "tokens": list(reading.tokens)}, name)


@check("numeric_sentinel", title="Numbers that stand in for 'missing'", dimension="completeness",
       severity="warning",
       message="{count:,} rows hold {examples}, values that stand apart from the rest ({others}) — "
               "likely codes for 'missing'",
       fix="Confirm with the data owner, then replace the sentinel by a missing value before modelling.")
def _numeric_sentinel(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric", "categorical"):
        stats = column.numeric
        if stats is None:
            continue
        sentinels = dict(column.sentinels)
        others = f"range {stats.p01 or 0.0:g} to {stats.p99 or 0.0:g}"
        if column.zero_mass is not None and column.zero_mass.reading == "apart":
            sentinels["0"] = column.zero_mass.count
            # a 0 mm diamond among 3.7 to 10.7 mm ones: no value comes near zero
            others = f"no other value is below {column.zero_mass.smallest_other:g}; median {stats.median or 0.0:g}"
        if not column.values_shown:
            others = "the values of this column are masked"
        if sentinels:
            yield Hit("warning", {"count": sum(sentinels.values()), "examples": list(sentinels), "others": others,
                                  "low": stats.p01 or 0.0, "high": stats.p99 or 0.0}, column.name)


@check("empty_column", title="Empty column", dimension="completeness", severity="warning",
       message="the column holds no values{detail}",
       fix="Drop the column, or find out why the export leaves it empty.")
def _empty_column(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.profile.rows == 0:
        return
    for column in _columns(ctx, "empty"):
        detail = " (only placeholders)" if column.placeholders else ""
        yield Hit("warning", {"detail": detail}, column.name)


# ==================================================================================================
# uniqueness
# ==================================================================================================
@check("constant_column", title="Constant column", dimension="uniqueness", severity="info",
       message="every value is {examples}: the column carries no information",
       fix="Drop it from the features.")
def _constant_column(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "constant"):
        value = column.top_values[0].value if column.top_values else ""
        yield Hit("info", {"examples": _examples(column, [value])}, column.name)


@check("near_constant", title="Near-constant column", dimension="uniqueness",
       severity="info; from thresholds.near_constant_share (98%) of one value",
       message="{share_pct} of the values are {examples}",
       fix="Check that the rare values are real; the column will carry little signal.")
def _near_constant(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "categorical", "boolean", "numeric"):
        if not column.top_values or column.count < 20 or column.distinct < 2:
            continue
        share = column.top_values[0].count / column.count
        if share >= ctx.thresholds.near_constant_share:
            yield Hit("info", {"share": share, "examples": _examples(column, [column.top_values[0].value])},
                      column.name)


@check("duplicate_rows", title="Duplicate rows", dimension="uniqueness", scope="dataset",
       severity="warning; critical above 10% of the rows",
       message="{count:,} rows ({share_pct}) are exact copies of another row",
       fix="Remove the copies, or find the join or export step that duplicates them.",
       whole_table=True)
def _duplicate_rows(ctx: CheckContext) -> Iterator[Hit]:
    count, rows = ctx.profile.duplicate_rows, ctx.profile.rows
    share = _pct(count, rows)
    if count and share > ctx.thresholds.duplicate_rows_warning:
        yield Hit("critical" if share > 0.1 else "warning", {"count": count, "share": share})


@check("near_duplicate_rows", title="Near-duplicate rows", dimension="uniqueness", scope="dataset",
       severity="warning",
       message="{count:,} more rows ({share_pct}) become copies of another row once text is trimmed and case-folded",
       fix="Normalise case and whitespace of the text columns, then remove the copies.")
def _near_duplicate_rows(ctx: CheckContext) -> Iterator[Hit]:
    count = ctx.profile.near_duplicate_rows
    if count:
        yield Hit("warning", {"count": count, "share": _pct(count, ctx.profile.rows)})


@check("duplicate_columns", title="Duplicate columns", dimension="uniqueness",
       severity="warning; a column with two or more copies is one finding, and beyond "
                "thresholds.duplicate_groups_max (10) groups the table has one finding",
       message="{holder} exactly the same values as {other}",
       fix="Keep one of the identical columns.")
def _duplicate_columns(ctx: CheckContext) -> Iterator[Hit]:
    copies: dict[str, list[str]] = {}
    for first, second in ctx.profile.duplicate_columns:
        copies.setdefault(first, []).append(second)
    if len(copies) > ctx.thresholds.duplicate_groups_max:
        # 166 groups of coinciding fingerprint bits (a QSAR table) are one fact about the table, not 166 findings
        copied = sum(len(others) for others in copies.values())
        groups = [" = ".join([first, *others[:2]]) + (" = ..." if len(others) > 2 else "")
                  for first, others in list(copies.items())[:3]]
        yield Hit("warning", {"holder": f"{len(copies):,} groups of columns ({copied:,} copies to drop): each "
                                        "column holds",
                              "other": f"the others of its group, e.g. {'; '.join(groups)}",
                              "groups": len(copies), "copies": copied,
                              "columns": [c for first, others in copies.items() for c in (first, *others)]})
        return
    for first, others in copies.items():
        if len(others) == 1:
            yield Hit("warning", {"holder": "holds", "other": first}, others[0])
        else:  # 780 fingerprint bits of a chemistry table are one finding per distinct content, not 780
            yield Hit("warning", {"holder": "holds",
                                  "other": f"{len(others)} other columns ({_first_few(others, 'columns')})",
                                  "columns": [first, *others]}, first)


@check("identifier_column", title="Identifier column", dimension="uniqueness", severity="info",
       message="looks like an identifier ({distinct:,} distinct values in {count:,} rows){use}",
       fix="Exclude it from the features; use it to link datasets.",
       whole_table=True)
def _identifier_column(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "identifier"):
        use = ": useless as a feature, useful as a join key"
        if column.distinct_fraction < 0.9:  # 'Series_ID', 'state_fips': several rows per entity
            use = (": a key with several rows each — join on it and keep its rows in one fold; as a feature it "
                   "only memorises its entities")
        yield Hit("info", {"distinct": column.distinct, "count": column.count, "use": use}, column.name)


@check("derived_column", title="Derived column", dimension="uniqueness", severity="info",
       message="follows from other columns: {formula} (on {share_pct} of the sampled rows)",
       fix="Keep the parts or the result, not both; if the target is one of them, the others leak it.")
def _derived_column(ctx: CheckContext) -> Iterator[Hit]:
    for derived in ctx.profile.derived_columns:
        yield Hit("info", {"formula": derived.formula, "parts": list(derived.parts), "share": derived.share},
                  derived.column)


@check("high_correlation", title="Highly correlated columns", dimension="uniqueness",
       severity="info; warning when |r| >= 0.99 (a redundant copy); three or more columns linked by such pairs "
                "are one finding",
       message="correlates with {other} ({strength}){sampled}",
       fix="Keep one of the pair (or of the group), or combine them; redundant features blur importances.")
def _high_correlation(ctx: CheckContext) -> Iterator[Hit]:
    sampled = f", on a sample of {ctx.profile.sample_rows:,} rows" if ctx.profile.sample_rows else ""
    order = {c.name: i for i, c in enumerate(ctx.profile.columns)}
    copies = [(a, b, r) for a, b, r in ctx.profile.correlated_pairs if abs(r) >= REDUNDANT_CORRELATION]
    # One root cause, one finding: twelve wage series of one panel that move together are one group, not 66 pairs.
    group_of: dict[str, int] = {}
    for number, group in enumerate(g for g in _linked_groups(copies) if len(g) >= 3):
        members = sorted(group, key=order.__getitem__)
        group_of.update(dict.fromkeys(members, number))
        weakest = min(abs(r) for a, b, r in copies if a in group)
        yield Hit("warning", {"other": _first_few(members[1:], "columns"), "r": weakest, "columns": members,
                              "strength": f"|r| >= {int(weakest * 1000) / 1000:.3f} between linked columns", "sampled": sampled},
                  members[0])
    for first, second, r in ctx.profile.correlated_pairs:
        if abs(r) < ctx.thresholds.correlation_warning or group_of.get(first, -1) == group_of.get(second, -2):
            continue
        yield Hit("warning" if abs(r) >= REDUNDANT_CORRELATION else "info",
                  {"other": first, "r": r, "strength": f"r = {r:+.3f}", "sampled": sampled}, second)


REDUNDANT_CORRELATION = 0.99


def _linked_groups(pairs: Sequence[tuple[str, str, float]]) -> list[set[str]]:
    """Columns joined by any chain of the given pairs (connected components)."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for a, b, _ in pairs:
        parent[root(a)] = root(b)
    groups: dict[str, set[str]] = {}
    for name in list(parent):
        groups.setdefault(root(name), set()).add(name)
    return list(groups.values())


def _first_few(names: Sequence[str], noun: str, shown: int = 5) -> str:
    return ", ".join(names) if len(names) <= shown else f"{', '.join(names[:shown])} and {len(names) - shown} more {noun}"


# ==================================================================================================
# validity
# ==================================================================================================
@check("high_cardinality", title="High-cardinality category", dimension="validity",
       severity="warning",
       message="{distinct:,} distinct labels ({ratio:.0%} of the rows): too many for one-hot encoding",
       fix="Group rare labels into 'other', use target or frequency encoding, or treat the column as text.",
       whole_table=True)
def _high_cardinality(ctx: CheckContext) -> Iterator[Hit]:
    t = ctx.thresholds
    for column in _columns(ctx, "categorical"):
        if column.distinct >= t.high_cardinality_min and column.distinct_fraction >= 0.05 or \
                (column.distinct >= 50 and column.distinct_fraction >= t.high_cardinality_ratio):
            yield Hit("warning", {"distinct": column.distinct, "ratio": column.distinct_fraction}, column.name)


@check("mixed_types", title="Mixed types in one column", dimension="validity",
       severity="warning; critical when the minority type exceeds 20%",
       message="mixes numbers and text: {numeric_share:.0%} numbers, the rest text such as {examples}",
       fix="Decide what the column holds; fix or remove the values of the other type.")
def _mixed_types(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx):
        types = set(column.python_types)
        real_mix = {"str"} < types and types & {"int", "float", "bool"}
        if column.storage == "text" and column.unparsed and column.semantic_type in ("numeric", "datetime"):
            continue  # reported as unparsable values of numbers or dates stored as text
        if _labels_include_digits(column) or column.integer_codes:
            continue  # labels that include digits, codes such as '180' and '180C': levels, not a mix
        if column.number_share is not None or real_mix:
            share = column.number_share if column.number_share is not None else 0.5
            minority = min(share, 1 - share)
            yield Hit("critical" if minority > 0.2 else "warning",
                      {"numeric_share": share, "examples": _examples(column, column.unparsed_examples or
                                                                     [v.value for v in column.top_values[:3]])},
                      column.name)


def _labels_include_digits(column: ColumnProfile) -> bool:
    """A category whose labels are words or letters and digits: each label is a level, nothing is a number among
    text. Up to FEW_LEVELS levels any mix ('K', '1', '2', '3': school grades; '0', '1', '2', '3+': living
    children; '<1', '1', ..., '5+', 'do not watch'); beyond, one or two digits among words ('4', 'f', 'r': four-wheel,
    front, rear drive) — a column of many numbers and a few words is a real mix."""
    if column.semantic_type not in ("categorical", "boolean") or not 3 <= column.distinct <= 20 \
            or len(column.top_values) < column.distinct:
        return False
    digits = [v for v in column.top_values if str(v.value).strip().lstrip("-").isdigit()]
    if column.distinct <= FEW_LEVELS:
        return 1 <= len(digits) < column.distinct
    return 1 <= len(digits) <= 2 and column.distinct - len(digits) >= 2


FEW_LEVELS = 12  # levels a reader takes in at a glance: a category, whatever its labels look like


@check("numbers_as_text", title="Numbers stored as text", dimension="validity",
       severity="warning",
       message="numbers are stored as text{detail}{unparsed_detail}",
       fix="Convert to a number when loading (strip spaces, remove thousands separators, use '.' as decimal mark).")
def _numbers_as_text(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric"):
        if column.storage != "text":
            continue
        detail = " with thousands separators or decimal commas" if column.separators else ""
        unparsed = f"; {column.unparsed:,} values do not parse, e.g. {_fmt_examples(_examples(column, column.unparsed_examples))}" \
            if column.unparsed else ""
        yield Hit("warning", {"detail": detail, "unparsed_detail": unparsed, "unparsed": column.unparsed},
                  column.name)


@check("coded_category", title="Numbers that code categories", dimension="validity", severity="info",
       message="category codes, not quantities: {reason}",
       fix="One-hot encode the codes (or treat them as ordered levels); never average or scale them as numbers.")
def _coded_category(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "categorical", "boolean"):
        if column.integer_codes:
            yield Hit("info", {"reason": column.integer_codes}, column.name)


@check("dates_as_text", title="Dates stored as text or numbers", dimension="validity", severity="info",
       message="holds dates stored as {storage} ({format}){unparsed_detail}",
       fix="Parse the column as a date when loading, with the format given.")
def _dates_as_text(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric", "categorical"):
        if column.time_part is not None and column.time_part.kind != "day_index":  # a count of days: no date
            yield Hit("info", {"storage": "numbers", "format": _time_part_format(ctx, column),
                               "unparsed_detail": ""}, column.name)
    for column in _columns(ctx, "datetime"):
        if column.storage == "native" or column.dates is None:
            continue
        unparsed = f"; {column.unparsed:,} values do not parse, e.g. {_fmt_examples(_examples(column, column.unparsed_examples))}" \
            if column.unparsed else ""
        yield Hit("warning" if column.unparsed else "info",
                  {"storage": "integers" if column.storage == "integer" else "text",
                   "format": f"format {column.dates.format or '?'}", "unparsed_detail": unparsed}, column.name)


def _time_part_format(ctx: CheckContext, column: ColumnProfile) -> str:
    """The time part's description, and the other columns that hold the rest of the date."""
    assert column.time_part is not None
    text = column.time_part.description
    if column.time_part.kind in ("year", "two_digit_year"):
        parts = date_parts([c for c in ctx.profile.columns if c.name != column.name])
        if parts:
            text += f"; the date is split into {', '.join(['year', *parts])} columns: combine them into one date"
    return text


@check("boolean_spellings", title="Yes/no spelled several ways", dimension="consistency",
       severity="warning for a column spelled more than two ways; info for a column in words ('yes'/'no') while "
                "most yes/no columns of the table use 0/1",
       message="a yes/no column {detail}",
       fix="Map every spelling to one pair of values (e.g. true/false), the same in every column.")
def _boolean_spellings(ctx: CheckContext) -> Iterator[Hit]:
    flags = list(_columns(ctx, "boolean"))
    for column in flags:
        if column.storage != "text":
            continue
        spellings = _flag_spellings(column)
        if len(spellings) > 2:
            yield Hit("warning", {"count": len(spellings), "examples": spellings[:6],
                                  "detail": f"spelled {len(spellings)} ways: {_fmt_examples(spellings[:6])}"},
                      column.name)
    # One table, two conventions: 'yes'/'no' in one flag, 0/1 in the others (a join of two sources)
    words = [c for c in flags if c.storage == "text" and not _digit_flag(c)]
    digits = [c for c in flags if _digit_flag(c)]
    if words and digits and len(words) <= len(digits) // 2:
        for column in words:
            spellings = _flag_spellings(column)
            yield Hit("info", {"count": len(spellings), "examples": spellings[:6],
                               "detail": f"spelled {_fmt_examples(spellings[:6])} while {len(digits)} other yes/no "
                                         f"columns use 0/1 ({', '.join(c.name for c in digits[:3])}"
                                         f"{', ...' if len(digits) > 3 else ''})"}, column.name)


def _flag_spellings(column: ColumnProfile) -> list[str]:
    """The ways a yes/no column writes yes and no; a blank or a placeholder ('nk': not known) is no spelling of
    either, and is reported as missing by its own check."""
    placeholders = {value.strip() for value in column.placeholders}
    return sorted({v.value.strip() for v in column.top_values} - placeholders - {""})


def _digit_flag(column: ColumnProfile) -> bool:
    return all(v.value.strip() in ("0", "1", "0.0", "1.0") for v in column.top_values)


@check("outliers", title="Outliers", dimension="validity",
       severity="info; warning from thresholds.outlier_share_warning (1%) of the rows. The fences lie 3 "
                "interquartile ranges from the quartiles; on a skewed column (|skewness| >= 1) they follow the skew "
                "(Hubert and Vandervieren's adjusted boxplot, by the medcouple). Codes for 'missing' and excess "
                "zeros are left out (reported by their own checks), and a value 1% of the rows share is a level, "
                "not an outlier",
       message="{count:,} values ({share_pct}) lie beyond 3 interquartile ranges from the quartiles{skewed}{bounds}",
       fix="Check whether they are errors or rare real cases; cap, transform or keep them deliberately.")
def _outliers(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric"):
        stats = column.numeric
        if stats is None or not stats.outliers:
            continue
        count = stats.outliers  # the profile leaves codes for 'missing' (999, a 0 apart) out: reported as codes
        share = _pct(count, column.count)
        spread = (stats.q3 or 0.0) - (stats.q1 or 0.0)
        # one or two values ten interquartile ranges out (a 58.9 mm diamond among 3.7 to 10.7 mm) are entry errors
        extreme = spread > 0 and stats.max is not None and stats.min is not None and stats.q1 is not None \
            and stats.q3 is not None and (stats.max > stats.q3 + 10 * spread or stats.min < stats.q1 - 10 * spread)
        if share < 0.001 and count < 3 and not extreme:
            continue
        low, high = stats.outlier_low, stats.outlier_high
        # the fences are withheld for masked columns (they would reveal values): say less, never fail
        bounds = f" (outside {low:g} to {high:g})" if low is not None and high is not None else ""
        skewed = f", the range widened on the long side of the skew (medcouple {stats.medcouple:+.2f})" \
            if stats.medcouple is not None and abs(stats.medcouple) >= 0.05 else ""
        yield Hit("warning" if share >= ctx.thresholds.outlier_share_warning else "info",
                  {"count": count, "share": share, "low": low, "high": high, "bounds": bounds, "skewed": skewed},
                  column.name)


@check("excess_zeros", title="Excess zeros", dimension="validity",
       severity="info; from thresholds.zeros_share_warning (50%) of the values, or when zero is three times more "
                "frequent than any other value of a continuous column",
       message="{count:,} values ({share_pct}) are zero{detail} — check whether zero means 'none' or 'not recorded'",
       fix="If zero stands for 'unknown', replace it by a missing value; otherwise consider a zero/non-zero flag.")
def _excess_zeros(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric"):
        stats = column.numeric
        if stats is None or column.distinct <= 10:
            continue  # small counts (0, 1, 2 ...) are naturally mostly zero
        share = _pct(stats.zeros, column.count)
        atom = column.zero_mass is not None and column.zero_mass.reading == "atom"
        if share >= ctx.thresholds.zeros_share_warning or atom:
            detail = (f", {stats.zeros / column.zero_mass.most_common_other:.0f} times more often than any other "
                      f"value" if atom and column.zero_mass is not None else "")
            yield Hit("info", {"count": stats.zeros, "share": share, "detail": detail}, column.name)


@check("skewed", title="Strongly skewed distribution", dimension="validity",
       severity="info; from |skewness| >= thresholds.skew_warning (2)",
       message="strongly skewed (skewness {skew:+.1f}{spread})",
       fix="A log or rank transform helps linear models; tree models cope as is.")
def _skewed(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric"):
        stats = column.numeric
        if stats is None or stats.skew is None or column.distinct <= 10:
            continue
        if abs(stats.skew) >= ctx.thresholds.skew_warning:
            # a masked column's quantiles are not shown (None), never written as zeros
            spread = f"; median {stats.median:g}, 99th percentile {stats.p99:g}" if stats.median is not None \
                and stats.p99 is not None else ""
            yield Hit("info", {"skew": stats.skew, "median": stats.median, "p99": stats.p99, "spread": spread},
                      column.name)


@check("infinite_values", title="Infinite values", dimension="validity", severity="warning",
       message="{count:,} values are infinite",
       fix="Find the division or overflow that produces them; replace by a missing value.")
def _infinite_values(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx):
        if column.numeric is not None and column.numeric.infinite:
            yield Hit("warning", {"count": column.numeric.infinite}, column.name)


# (not 'income': a household's or a firm's income is negative when it made a loss)
_AMOUNT_WORDS = ("price", "amount", "quantity", "qty", "count", "duration", "weight", "height", "distance",
                 "salary", "revenue", "sales", "cost", "length", "size", "volume", "tenure", "seniority")


def _names_a_quantity(name: str) -> bool:
    """The name says a quantity that cannot be negative: a word that is one ('price', 'Sales'), its plural, or ends
    with one ('unitprice', 'totalcost'), unless the name says a log or a change ('lwage', 'log_price',
    'netincome', 'sales_diff' may all be negative); 'age' only as a word of its own ('average', 'voltage')."""
    tokens = name_tokens(name)
    if any(token in _SIGNED_WORDS for token in tokens):
        return False
    for token in tokens:
        for word in _AMOUNT_WORDS:
            if token in (word, f"{word}s") or token.endswith(word) and token[:-len(word)] not in _SIGNED_WORDS:
                return True
    return "age" in tokens


_SIGNED_WORDS = {"l", "log", "ln", "net", "d", "delta", "diff", "change", "chg", "growth", "g", "pct"}


@check("negative_values", title="Negative values where none are expected", dimension="validity",
       severity="warning",
       message="{count:,} values are negative, although the name suggests a quantity that cannot be",
       fix="Check whether negatives are refunds or corrections (then keep them apart) or errors.")
def _negative_values(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "numeric"):
        stats = column.numeric
        if stats is None or not stats.negatives or not _names_a_quantity(column.name):
            continue
        if stats.negatives <= 0.2 * column.count and not column.sentinels:
            yield Hit("warning", {"count": stats.negatives}, column.name)


def _frame_column(ctx: CheckContext, name: str) -> pd.Series | None:
    """The column's values, or None when the frame lacks it or holds the name twice (the profile told them apart
    by position; a check reading values by name must not mix them)."""
    if name not in ctx.frame.columns:
        return None
    found = ctx.frame[name]
    return found if isinstance(found, pd.Series) else None


ADULT_AGE = 16  # the age from which a population reads as adults (applicants, employees, drivers)
MAX_HUMAN_AGE = 120


@check("impossible_values", title="Values impossible for what the column holds", dimension="validity",
       severity="warning; info when the only suspects are children's ages in whole years among adults (a child "
                "patient is possible, a child applicant is not: check)",
       message="{count:,} values ({share_pct}) are {verdict} for {what}: {reason}",
       fix="Correct them at the source, or treat them as missing; never train on them as they are.")
def _impossible_values(ctx: CheckContext) -> Iterator[Hit]:
    """Human ages below zero or above 120; and in a population of adults (99% aged 16 or more), ages far below
    the rest (under 16 and under half the 1st percentile: 0.17 years among credit applicants). A few children
    among injured workers, or a population of all ages, are no error."""
    for column in _columns(ctx, "numeric"):
        stats = column.numeric
        values = _frame_column(ctx, column.name)
        if column.sensitive_attribute != "age" or stats is None or column.time_part is not None \
                or values is None or re.search(r"birth|born|yob", column.name, re.I):
            continue
        ages = pd.to_numeric(values, errors="coerce").dropna()
        if ages.empty:
            continue
        adults = (ages >= ADULT_AGE).mean() >= 0.99
        low_limit = min(ADULT_AGE, float(ages.quantile(0.01)) / 2) if adults else 0.0
        bad = ages[(ages < low_limit) | (ages > MAX_HUMAN_AGE)]
        if bad.empty:
            continue
        reasons = []
        low, high = bad[bad < low_limit], bad[bad > MAX_HUMAN_AGE]
        shown = column.personal_data is None  # a person's exact age is not repeated when it is personal data
        if len(low):
            span = f" ({human_number(low.min())} to {human_number(low.max())})" if shown else ""
            reasons.append(f"{len(low):,} below {human_number(low_limit)}{span}, where "
                           f"{(ages >= ADULT_AGE).mean():.1%} of the rows are {ADULT_AGE} or older" if adults
                           else f"{len(low):,} below zero{span}")
        if len(high):
            reasons.append(f"{len(high):,} above {MAX_HUMAN_AGE}"
                           + (f" (up to {human_number(high.max())})" if shown else ""))
        # 0.17 years among whole-year ages is a unit or typing error; an age of 3 among adults may be a child
        whole_years = (ages % 1 == 0).mean() >= 0.99
        children_only = not len(high) and whole_years and bool((low % 1 == 0).all()) and bool((low >= 0).all())
        yield Hit("info" if children_only else "warning",
                  {"count": int(len(bad)), "share": len(bad) / len(ages), "what": "a human age",
                   "verdict": "unlikely (children among adults?)" if children_only else "impossible",
                   "reason": "; ".join(reasons)}, column.name)


@check("future_dates", title="Dates in the future", dimension="validity", severity="warning",
       message="{count:,} dates lie after the assessment date{latest}",
       fix="Check for placeholder dates such as 9999-12-31 and for typing errors in the year.")
def _future_dates(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "datetime"):
        if column.dates is not None and column.dates.future and not re.search(r"due|expir|end|until|plan|forecast",
                                                                               column.name, re.IGNORECASE):
            # a masked column's dates are not shown: no "(latest None)"
            latest = f" (latest {str(column.dates.max)[:10]})" if column.dates.max is not None else ""
            yield Hit("warning", {"count": column.dates.future, "latest": latest}, column.name)


# ==================================================================================================
# consistency
# ==================================================================================================
def _value_counts_as_text(series: pd.Series) -> pd.Series:
    from mlscout.profiling.columns import is_arrow_text

    if is_arrow_text(series):
        import pyarrow as pa
        import pyarrow.compute as pc

        counted = pc.value_counts(pa.chunked_array(series.array.__arrow_array__()).drop_null())
        return pd.Series(counted.field("counts").to_numpy(), index=counted.field("values").to_pylist())
    return series.dropna().astype(str).value_counts()


def _fold_label(value: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii") or value
    text = text.casefold()
    # Only what carries no meaning goes: spacing, underscores, quotes, brackets, and dots, commas, hyphens or
    # slashes that are not part of a number. Comparison signs, minus signs, digits and units stay ('<=50K' and
    # '>50K' are two classes, '-1' is not '1', '10kg' is not '10g').
    text = re.sub(r"(?<!\d)[.,](?!\d)|(?<![\d\s])-(?!\d)|(?<=[a-z])/(?=[a-z])", "", text)
    return re.sub(r"[\s_'\"`()\[\]{}]+", "", text)


def _format_of(shape: str) -> str:
    """'99999-9999' -> '#####-####' (5 and 4 digits): a format told without any value."""
    return "'" + shape.replace("9", "#") + "'"


def _key_formats(counts: pd.Series, total: int, name: str) -> Hit | None:
    """A key written as plain numbers and as the same kind of numbers behind one prefix ('S123456' beside '123456'):
    a join on it matches only where every table writes a key the same way. Letters of many kinds ('180C', 'M10',
    '31A': course numbers) are a code system, not one key written two ways."""
    letters = counts.groupby(counts.index.str.replace(r"[\W\d_]", "", regex=True).str.casefold()).sum()
    letters = letters[letters.index != ""]
    if letters.empty or letters.max() < KEY_PREFIX_SHARE * letters.sum():
        return None
    shapes = counts.groupby(counts.index.str.replace(r"\d", "9", regex=True)
                            .str.replace(r"[^\W\d_]", "A", regex=True)).sum().sort_values(ascending=False)
    formats = ", ".join(f"{_format_of(shape)} {_pct_text(n / total)}" for shape, n in shapes.head(4).items())
    odd = total - int(shapes.iloc[0])
    return Hit("warning" if odd >= 0.01 * total else "info",
               {"detail": f"keys in {len(shapes)} formats, plain numbers beside codes with letters (A: a letter, "
                          f"#: a digit): {formats}", "count": odd}, name)


KEY_PREFIX_SHARE = 0.9  # of the keys with letters: the same letters ('S'), a prefix rather than a code system


@check("mixed_formats", title="One column, several formats", dimension="consistency",
       severity="warning when 1% of the rows or more break the usual format; info below",
       message="{detail}",
       fix="Bring every value to the usual format (pad, trim, or move the extra part to a column of its own), or "
           "correct the odd values at the source.")
def _mixed_formats(ctx: CheckContext) -> Iterator[Hit]:
    """Codes of a fixed width written several ways (5-digit ZIP codes beside ZIP+4 and 4-digit ones); keys written
    as plain numbers and as codes with letters; and, among labels that follow a pattern of digits (bins such as
    2-10, 11-100), a rare label that breaks it (':-10')."""
    for column in _columns(ctx, "categorical", "identifier"):
        series = _frame_column(ctx, column.name)
        if series is None or column.distinct > 200_000 or series.dtype.kind in "iufbmM":
            continue
        # counted first, then each distinct value trimmed: string work per distinct value, not per row
        counts = series.value_counts(dropna=True)
        counts.index = counts.index.astype(str).str.strip()
        counts = counts.groupby(level=0, sort=False).sum().sort_values(ascending=False, kind="stable")
        counts = counts[counts.index != ""]
        total = int(counts.sum())
        if total < 20:
            continue
        if column.semantic_type == "identifier" and column.integer_codes:
            hit = _key_formats(counts, total, column.name)
            if hit is not None:
                yield hit
            continue
        exact = counts.groupby(counts.index.str.replace(r"\d", "9", regex=True)).sum().sort_values(ascending=False)
        digit_shapes = exact[exact.index.str.fullmatch(r"[9\-/. ]+")]
        if re.fullmatch(r"9{3,}", exact.index[0]) and exact.iloc[0] >= 0.8 * total \
                and digit_shapes.sum() >= 0.99 * total and len(digit_shapes) > 1 and digit_shapes.iloc[1:].sum() >= 2:
            odd = int(digit_shapes.iloc[1:].sum())
            formats = ", ".join(f"{_format_of(shape)} {_pct_text(n / total)}" for shape, n in digit_shapes.head(4).items())
            yield Hit("warning" if odd >= 0.01 * total else "info",
                      {"detail": f"codes in {len(digit_shapes)} formats: {formats}", "count": odd}, column.name)
            continue
        if column.distinct > 50:
            continue
        collapsed = counts.groupby(counts.index.str.replace(r"\d+", "9", regex=True)).sum()
        common = collapsed[collapsed >= 0.05 * total]
        if common.sum() < 0.95 * total or not all("9" in shape for shape in common.index):
            continue
        odd_labels = [(value, int(n)) for value, n in counts.items()
                      if re.sub(r"\d+", "9", value) not in common.index and re.fullmatch(r"[\d\W]+", value)
                      and n < 0.01 * total]
        if odd_labels:
            shown = [mask_value(v) if not column.values_shown else v for v, _ in odd_labels[:3]]
            rows = sum(n for _, n in odd_labels)
            pattern = " or ".join(_format_of(shape) for shape in common.index[:3])
            yield Hit("info", {"detail": f"{len(odd_labels)} label(s) break the pattern of the others ({pattern}): "
                                         f"{_fmt_examples(shown)} ({rows:,} rows)", "count": rows}, column.name)


# Labels that name no group of their own but whatever was not named: 'other', 'etc.', 'misc', in a few languages.
CATCH_ALL_LABELS = frozenset({"other", "others", "etc", "misc", "miscellaneous", "rest", "all other", "all others",
                              "everything else", "autre", "autres", "andere", "sonstige", "otro", "otros", "outros",
                              "altro", "altri", "overig", "overige"})


@check("catch_all_level", title="A catch-all level", dimension="consistency",
       severity="info; from thresholds.catch_all_share (5%) of the rows",
       message="'{label}' holds {count:,} rows ({share_pct}): a catch-all that pools what was not named (rare "
               "values, or unknown ones), not one group",
       fix="Ask what it holds. If it stands for 'unknown', treat it as missing; if it pools rare levels, keep it as "
           "one level and do not read its effect as a group's.")
def _catch_all_level(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "categorical"):
        if column.distinct < 3:
            continue
        for value in column.top_values:
            label = " ".join(name_tokens(value.value))
            share = _pct(value.count, ctx.profile.rows)
            if label in CATCH_ALL_LABELS and share >= ctx.thresholds.catch_all_share:
                yield Hit("info", {"label": str(value.value).strip(), "count": value.count, "share": share},
                          column.name)
                break


@check("inconsistent_categories", title="One category spelled several ways", dimension="consistency",
       severity="warning",
       message="{groups} label(s) are spelled several ways, e.g. {examples} ({rows:,} rows affected)",
       fix="Map the variants to one spelling (trim, fix case and accents) before modelling.")
def _inconsistent_categories(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "categorical", "boolean"):
        if column.semantic_type == "boolean" and column.storage != "text":
            continue
        if column.distinct > 5000 or column.distinct < 2:
            continue
        series = ctx.series(column.name)
        if series.dtype.kind in "iufbM":
            continue
        counts = _value_counts_as_text(series)
        folded = pd.Series(counts.index.map(_fold_label), index=counts.index)
        folded = folded[folded != ""]
        groups = folded.groupby(folded).groups
        variants = [list(labels) for labels in groups.values() if len(labels) > 1]
        if not variants:
            continue
        variants.sort(key=lambda labels: -counts[labels].sum())
        rows = int(sum(counts[labels].sum() - counts[labels].max() for labels in variants))
        shown = [" / ".join(repr(v)[1:-1] for v in labels[:3]) for labels in variants[:3]]
        yield Hit("warning", {"groups": len(variants), "examples": _examples(column, shown), "rows": rows}, column.name)


@check("whitespace", title="Leading or trailing whitespace", dimension="consistency", severity="info",
       message="{count:,} values ({share_pct}) have leading or trailing spaces",
       fix="Trim the values when loading.")
def _whitespace(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx):
        if column.whitespace_padded:
            yield Hit("info", {"count": column.whitespace_padded, "share": _pct(column.whitespace_padded,
                                                                                column.count)}, column.name)


# ==================================================================================================
# timeliness
# ==================================================================================================
@check("stale_data", title="Stale data", dimension="timeliness",
       severity="only with a freshness requirement (thresholds.stale_days): warning when the newest timestamp is "
                "older, critical beyond 3 times that. Without one, nothing: a historical table is not stale by "
                "itself (each date column's facts give the period it covers)",
       message="the newest value is {latest}, {days:,} days before the assessment date (requirement: "
               "{required:,} days)",
       fix="Get a recent extract: models learn the world as it was.")
def _stale_data(ctx: CheckContext) -> Iterator[Hit]:
    required = ctx.thresholds.stale_days
    if required is None:
        return
    now = ctx.now.astimezone(UTC).replace(tzinfo=None)
    for column in _columns(ctx, "datetime"):
        if column.dates is None or column.dates.max is None:
            continue
        if re.search(r"birth|dob|born", column.name, re.IGNORECASE):
            continue
        newest = min(column.dates.max, now) if column.dates.future else column.dates.max
        days = (now - newest).days
        if days > required:
            yield Hit("critical" if days > 3 * required else "warning",
                      {"latest": str(newest)[:10], "days": days, "required": required}, column.name)


@check("irregular_time_steps", title="Irregular time steps", dimension="timeliness", severity="info",
       message="the usual step is {step}, but {share:.0%} of the steps differ (gaps or irregular sampling)",
       fix="For forecasting, resample to a regular frequency and decide how to fill gaps.")
def _irregular_time_steps(ctx: CheckContext) -> Iterator[Hit]:
    for column in _columns(ctx, "datetime"):
        dates = column.dates
        if dates is None or dates.irregular_step_share is None or dates.step_seconds is None:
            continue
        if column.distinct_fraction < 0.9 or column.distinct < 20:
            continue  # an event log, not a series: irregular steps are expected
        if dates.irregular_step_share >= 0.1:
            yield Hit("info", {"step": human_duration(dates.step_seconds), "share": dates.irregular_step_share},
                      column.name)


@check("rows_in_time_order", title="Rows in time order, no time column", dimension="timeliness", scope="dataset",
       severity="info: with no date or time column, numeric columns follow their previous row closely (rank "
                "autocorrelation >= 0.9, about 0 in random order), most measurements drift, and no column "
                "explains the order (none sorted, no category in blocks)",
       message="no column says when, but the rows look in time order: {named} follow their previous row "
               "(rank autocorrelation {autocorrelation:.2f} on {rows:,} rows; about 0 if the rows were in random "
               "order)",
       fix="Keep the rows in this order and add the timestamps if you have them. Baselines on these columns "
           "train on earlier rows and test on later ones: shuffled folds would train on the future.")
def _rows_in_time_order(ctx: CheckContext) -> Iterator[Hit]:
    from mlscout.shape import time_axis

    order = ctx.profile.row_order
    if order is None or time_axis(ctx.profile.columns) is not None:
        return
    yield Hit("info", {"named": _first_few([f"'{c}'" for c in order.columns], "columns"),
                       "autocorrelation": order.autocorrelation, "rows": order.rows, "columns": list(order.columns)})


# ==================================================================================================
# volume
# ==================================================================================================
@check("too_few_rows", title="Too few rows for the number of features", dimension="volume", scope="dataset",
       severity="warning below thresholds.min_rows_per_feature (10) rows per feature; critical below 100 rows; "
                "info below thresholds.small_sample_rows (1,000) rows",
       message="{rows:,} rows for {features} usable features ({ratio:.1f} rows per feature){detail}",
       fix="Collect more rows, or select fewer features before modelling.",
       whole_table=True)
def _too_few_rows(ctx: CheckContext) -> Iterator[Hit]:
    features = sum(1 for c in ctx.profile.columns if c.semantic_type not in ("identifier", "constant", "empty"))
    rows = ctx.profile.rows
    if features == 0:
        return
    ratio = rows / features
    evidence = {"rows": rows, "features": features, "ratio": ratio, "detail": ""}
    if rows < 100 or ratio < ctx.thresholds.min_rows_per_feature:
        yield Hit("critical" if rows < 100 else "warning", evidence)
    elif rows < ctx.thresholds.small_sample_rows:
        # enough rows per feature, but one test fold holds a few dozen to a few hundred rows
        yield Hit("info", {**evidence, "detail": ": a small sample — cross-validated scores move by several "
                                                 "points between splits; read the baselines as a rough signal"})


IMBALANCE_CRITICAL_ROWS = 100


@check("class_imbalance", title="Imbalanced target", dimension="volume",
       severity="info when the minority class of the target is under thresholds.imbalance_info_share (25%); "
                "warning under thresholds.imbalance_minority_share (10%); critical under 1% with fewer than "
                "IMBALANCE_CRITICAL_ROWS (100) rows in that class (with more, a model can still learn it). "
                "Checked on the declared target; with none declared, on the most likely target only, as a guess",
       message="{subject}, and its rarest class {label} has {count:,} rows ({share_pct})",
       fix="Use stratified splits and PR AUC; collect more positive cases, or reweight classes.")
def _class_imbalance(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.targets:
        chosen = [(name, "the target") for name in ctx.targets]
    else:
        # A guess needs an outcome's name and an outcome's values: a yes/no column, or a name such as 'label' or
        # 'outcome'. A few classes under a generic name ('status' of storms) are as often a description.
        guesses = [c for c in likely_targets(ctx.profile) if c.score >= 0.5 and
                   (c.task == "binary" or (c.task == "multiclass" and reads_as_outcome(c.column)))][:1]
        chosen = [(c.column, "looks like the target (a guess: declare the target to be sure)") for c in guesses]
    for name, subject in chosen:
        column = ctx.profile.column(name)
        if column.semantic_type not in ("boolean", "categorical") or len(column.top_values) < 2 or not column.count:
            continue
        rarest = min(column.top_values, key=lambda v: v.count)
        share = rarest.count / column.count
        if share < ctx.thresholds.imbalance_info_share:
            # a rare class of hundreds of rows (734 deaths among 268,000 covid cases) is learnable with stratified
            # folds and PR AUC; a rare class of a handful cannot be learnt or measured
            severity = "critical" if share < 0.01 and rarest.count < IMBALANCE_CRITICAL_ROWS else \
                "warning" if share < ctx.thresholds.imbalance_minority_share else "info"
            yield Hit(severity,
                      {"subject": subject, "label": _examples(column, [rarest.value])[0], "count": rarest.count,
                       "share": share, "declared": bool(ctx.targets)}, column.name)


# ==================================================================================================
# running the checks
# ==================================================================================================
def run_checks(profile: DatasetProfile, frame: pd.DataFrame, settings: Settings | None = None, *,
               now: datetime | None = None, only: Iterable[str] | None = None,
               linked_to: tuple[str, ...] | None = None, other_datasets: int = 0) -> tuple[Finding, ...]:
    """Run every registered check (or those in `only`) and return the findings, silenced ones marked accepted.

    A check that raises is itself reported (check id ``check_failed``) instead of stopping the others.
    """
    settings = settings or Settings()
    declared = tuple(c for c in settings.declared_targets(profile.name) if c in {col.name for col in profile.columns})
    ctx = CheckContext(profile=profile, frame=frame, thresholds=settings.thresholds,
                       now=now or profile.profiled_at, linked_to=linked_to, other_datasets=other_datasets,
                       targets=declared)
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    for spec in CHECKS.values():
        if wanted is not None and spec.id not in wanted:
            continue
        try:
            for hit in spec.run(ctx):
                evidence = hit.evidence if spec.whole_table or profile.rows_read is None else \
                    {**hit.evidence, "sample_rows": profile.rows_read, "table_rows": profile.rows}
                findings.append(Finding(check_id=spec.id, dataset=profile.name, column=hit.column,
                                        severity=hit.severity, dimension=spec.dimension,
                                        evidence=_jsonable(evidence), fix=spec.fix))
        except Exception as exc:  # noqa: BLE001 - one faulty check must not hide the others
            findings.append(Finding(check_id="check_failed", dataset=profile.name, severity="info",
                                    dimension=spec.dimension, fix="Report this to the ML Scout team.",
                                    evidence={"check": spec.id, "error": f"{type(exc).__name__}: {exc}"[:300]}))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.dimension, f.column or "", f.check_id))
    return apply_statuses(findings, settings.ignored_checks)


def apply_statuses(findings: Iterable[Finding], statuses: Iterable[IgnoredCheck]) -> tuple[Finding, ...]:
    """Mark findings accepted or resolved as the user said (by check id, and optionally dataset and column)."""
    statuses = tuple(statuses)
    out = []
    for finding in findings:
        match = next((s for s in statuses if s.check_id in (finding.check_id, "*")
                      and (s.dataset in (None, finding.dataset)) and (s.column in (None, finding.column))), None)
        if match is not None:
            finding = finding.model_copy(update={"status": match.status, "status_reason": match.reason})
        out.append(finding)
    return tuple(out)


def checks_frame() -> pd.DataFrame:
    """The registered checks with their dimension and severity rule (for the docs and the page)."""
    return pd.DataFrame([{"id": c.id, "check": c.title, "dimension": c.dimension, "severity": c.severity_rule,
                          "fix": c.fix} for c in CHECKS.values() if c.id != "check_failed"])


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per finding, for tables in the app and the report."""
    rows = [{"severity": f.severity, "dimension": f.dimension, "check": f.title, "column": f.column or "(table)",
             "message": f.message, "fix": f.fix, "status": f.status if not f.status_reason
             else f"{f.status}: {f.status_reason}", "check_id": f.check_id} for f in findings]
    return pd.DataFrame(rows, columns=["severity", "dimension", "check", "column", "message", "fix", "status",
                                       "check_id"])


def findings_by_severity(findings: Iterable[Finding], shown: pd.DataFrame) -> dict[str, list[Finding]]:
    """The findings a filtered findings table still lists (`filter_findings`), grouped critical, warning, info."""
    kept = set(zip(shown["check_id"], shown["column"], strict=True))
    groups: dict[str, list[Finding]] = {"critical": [], "warning": [], "info": []}
    for finding in findings:
        if (finding.check_id, finding.column or "(table)") in kept:
            groups.setdefault(finding.severity, []).append(finding)
    return {level: group for level, group in groups.items() if group}


def filter_findings(table: pd.DataFrame, *, severity: Iterable[str] = (), dimension: Iterable[str] = (),
                    column: Iterable[str] = (), status: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of a findings table that match every non-empty filter (status matches 'accepted: reason' too)."""
    shown = table
    for name, chosen in (("severity", severity), ("dimension", dimension), ("column", column)):
        chosen = list(chosen)
        if chosen:
            shown = shown[shown[name].isin(chosen)]
    status = list(status)
    if status:
        shown = shown[shown["status"].str.split(":").str[0].isin(status)]
    return shown


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if np.isfinite(value) else str(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


# The access checks (personal data, protected attributes, isolated datasets) register themselves on import.
from mlscout.profiling import access as _access  # noqa: E402,F401

# The checks_failed pseudo-check is rendered like any other.
CHECKS_FAILED_TEMPLATE = "the check {check} failed: {error}"
check("check_failed", title="A check failed", dimension="validity", severity="info",
      message=CHECKS_FAILED_TEMPLATE, fix="Report this to the ML Scout team.", scope="dataset")(
    lambda ctx: iter(()))


def checks_markdown() -> str:
    """docs/checks.md, generated from the registry (regenerate with `python -m mlscout.profiling.checks`)."""
    lines = ["# Quality checks", "",
             "Generated from the registry in `src/mlscout/profiling/checks.py` "
             "(`python -m mlscout.profiling.checks docs/checks.md`). Thresholds are in `mlscout.yaml` under "
             "`thresholds`; silence a check for a dataset or column under `ignored_checks`.", "",
             "| id | check | dimension | severity rule | suggested fix |", "|---|---|---|---|---|"]
    for c in CHECKS.values():
        if c.id == "check_failed":
            continue
        lines.append(f"| `{c.id}` | {c.title} | {c.dimension} | {c.severity_rule} | {c.fix} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys
    from pathlib import Path

    import mlscout.profiling.checks as registry  # the imported module, where every check has registered

    Path(sys.argv[1] if len(sys.argv) > 1 else "docs/checks.md").write_text(registry.checks_markdown(),
                                                                           encoding="utf-8")
