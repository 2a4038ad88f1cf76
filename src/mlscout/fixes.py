"""Mechanical fixes for what the quality and access findings report, applied to a table and written as pandas code.

Each fix comes from an open finding of the dataset's summary: placeholders that mean "missing" become missing
values, not-applicable placeholders become a level of their own, padded text is trimmed, numbers and dates stored as
text are parsed, personal-data columns are dropped or pseudonymised. `apply_fixes` changes a copy of the frame;
`fixes_code` writes the same steps as a standalone function, so a user gets the cleaned table *and* the code that
makes it (a test runs the code and compares the two). Text from the data (column names, placeholder values) enters
the code only through ``repr``: a column named ``"); import os; ("`` stays a string.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Fix", "FixKind", "NOT_APPLICABLE_LEVEL", "apply_fixes", "available_fixes", "fixed_dataset",
           "export_data", "fixes_code", "frame_to_csv", "frame_to_parquet", "safe_file_stem"]

FixKind = Literal["to_missing", "not_applicable_level", "trim", "parse_numbers", "parse_dates", "drop",
                  "pseudonymise"]
NOT_APPLICABLE_LEVEL = "not applicable"
_DIGEST_CHARS = 16


class Fix(BaseModel):
    """One mechanical fix of one column, from one finding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FixKind
    column: str
    values: tuple[str, ...] = Field((), description="The placeholder values the fix replaces, as the file wrote them.")
    date_format: str | None = Field(None, description="The format dates stored as text were read with.")
    finding: str = Field(description="The check whose finding the fix answers.")

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.column}"

    @property
    def text(self) -> str:
        """What the fix does, in words."""
        values = ", ".join(repr(v) for v in self.values[:5])
        return {
            "to_missing": f"'{self.column}': make {values} missing values",
            "not_applicable_level": f"'{self.column}': keep {values} as the level '{NOT_APPLICABLE_LEVEL}'",
            "trim": f"'{self.column}': trim spaces around the values",
            "parse_numbers": f"'{self.column}': read the text as numbers",
            "parse_dates": f"'{self.column}': read the text as dates ({self.date_format or 'inferred format'})",
            "drop": f"'{self.column}': drop the column (personal data)",
            "pseudonymise": f"'{self.column}': replace each value by a salted hash (personal data)",
        }[self.kind]


# --------------------------------------------------------------------------------------------------
# which fixes a dataset offers
# --------------------------------------------------------------------------------------------------
def available_fixes(summary: Any) -> list[Fix]:
    """The fixes the open findings of a dataset summary call for, one per column and kind, in findings order.

    Parameters
    ----------
    summary : DatasetSummary
        The profiled dataset (its columns and findings).
    """
    columns = {c.name: c for c in summary.columns}
    found: dict[str, Fix] = {}

    def add(fix: Fix) -> None:
        found.setdefault(fix.id, fix)

    for finding in summary.findings:
        if finding.status != "open":
            continue
        check, evidence = finding.check_id, finding.evidence
        names = list(evidence.get("columns") or ([finding.column] if finding.column else []))
        for name in names:
            column = columns.get(name)
            if column is None:
                continue
            if check == "disguised_missing" and column.placeholders:
                add(Fix(kind="to_missing", column=name, values=tuple(column.placeholders), finding=check))
            elif check == "not_applicable" and evidence.get("tokens"):
                raw = tuple(v for v in column.placeholders if v.strip().casefold() in
                            {str(t).strip().casefold() for t in evidence["tokens"]}) or tuple(evidence["tokens"])
                add(Fix(kind="not_applicable_level", column=name, values=raw, finding=check))
            elif check == "whitespace":
                add(Fix(kind="trim", column=name, finding=check))
            elif check == "numbers_as_text" and column.storage == "text" and not column.separators:
                # thousands separators and decimal commas look alike: that one is the user's call
                add(Fix(kind="parse_numbers", column=name, finding=check))
            elif check == "dates_as_text" and column.semantic_type == "datetime" and column.storage == "text":
                add(Fix(kind="parse_dates", column=name, date_format=column.dates.format if column.dates else None,
                        finding=check))
            elif check == "personal_data":
                add(Fix(kind="pseudonymise", column=name, finding=check))
                add(Fix(kind="drop", column=name, finding=check))
    return list(found.values())


# --------------------------------------------------------------------------------------------------
# applying them
# --------------------------------------------------------------------------------------------------
def _pandas_format(date_format: str | None) -> str | None:
    if date_format in (None, "ISO 8601"):
        return "ISO8601" if date_format else None
    return date_format


def pseudonym(value: Any, salt: str) -> Any:
    """A salted SHA-256 digest of the value's text (16 hex characters); missing stays missing."""
    if pd.isna(value):
        return value
    return hashlib.sha256((salt + str(value)).encode("utf-8")).hexdigest()[:_DIGEST_CHARS]


def _check(frame: pd.DataFrame, fixes: Sequence[Fix], salt: str | None) -> None:
    missing = sorted({f.column for f in fixes} - set(map(str, frame.columns)))
    if missing:
        raise ValueError(f"the table has no column {', '.join(repr(m) for m in missing)}: the fixes were chosen for "
                         "another version of it; list them again with available_fixes().")
    if any(f.kind == "pseudonymise" for f in fixes) and not salt:
        raise ValueError("pseudonymising needs a secret salt: pass salt=... (keep it out of the exported table).")


def apply_fixes(frame: pd.DataFrame, fixes: Iterable[Fix], *, salt: str | None = None) -> pd.DataFrame:
    """A copy of `frame` with the fixes applied, in order (drops last, so other fixes still find their column).

    Parameters
    ----------
    frame : DataFrame
    fixes : iterable of Fix
    salt : str, optional
        The secret for pseudonymising; required when a fix pseudonymises.
    """
    fixes = _ordered(fixes)
    _check(frame, fixes, salt)
    out = frame.copy()
    for fix in fixes:
        column = fix.column
        values = out[column]
        if fix.kind in ("to_missing", "not_applicable_level"):
            text = values.astype("string")
            hit = text.isin(fix.values) | text.str.strip().isin([v.strip() for v in fix.values])
            replacement = pd.NA if fix.kind == "to_missing" else NOT_APPLICABLE_LEVEL
            out[column] = values.astype(object).mask(hit.fillna(False).to_numpy(dtype=bool), replacement)
        elif fix.kind == "trim":
            out[column] = values.astype("string").str.strip()
        elif fix.kind == "parse_numbers":
            out[column] = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
        elif fix.kind == "parse_dates":
            out[column] = pd.to_datetime(values.astype("string").str.strip(), format=_pandas_format(fix.date_format),
                                         errors="coerce")
        elif fix.kind == "pseudonymise":
            out[column] = values.map(lambda v, s=salt: pseudonym(v, s or ""))
    dropped = [f.column for f in fixes if f.kind == "drop"]
    return out.drop(columns=dropped) if dropped else out


def fixed_dataset(dataset: Any, fixes: Sequence[Fix], *, salt: str | None = None) -> Any:
    """The dataset with the fixes applied: its frame, and its facts saying which fixes (a new content hash, so
    nothing computed for the old table is taken for the new one)."""
    from mlscout.io import Dataset

    frame = apply_fixes(dataset.frame, fixes, salt=salt)
    digest = hashlib.sha256((dataset.info.content_hash + "|" + "|".join(f.id for f in fixes)).encode()).hexdigest()
    update = {"applied_fixes": dataset.info.applied_fixes + tuple(f.text for f in fixes), "rows": len(frame),
              "columns": frame.shape[1], "content_hash": digest}
    if dataset.info.sample_rows is not None:
        # a table read where it lives: the fixes change its sample, and the whole table's counts no longer apply
        update |= {"sample_rows": None, "load_notes": dataset.info.load_notes + (
            f"Fixed in ML Scout: what remains is the engine's sample of {len(dataset.frame):,} rows, not the "
            f"table of {dataset.info.rows:,}; run the fixes' code on the table itself.",)}
    return Dataset(dataset.info.model_copy(update=update), frame)


def _ordered(fixes: Iterable[Fix]) -> list[Fix]:
    """Pseudonymising and dropping one column are alternatives: dropping wins."""
    fixes = list(dict.fromkeys(fixes))
    dropped = {f.column for f in fixes if f.kind == "drop"}
    return [f for f in fixes if not (f.kind == "pseudonymise" and f.column in dropped)]


# --------------------------------------------------------------------------------------------------
# the same steps as code
# --------------------------------------------------------------------------------------------------
def fixes_code(fixes: Iterable[Fix], dataset: str = "the table") -> str:
    """A standalone Python module defining ``clean(df, salt=None)``, which applies the fixes as `apply_fixes` does.

    Names and values from the data are written with ``repr``, so none of them can become code.
    """
    fixes = _ordered(fixes)
    lines = [f'"""Fixes chosen in ML Scout for {dataset!r}. Use: df = clean(df) after loading the table."""',
             "", "import hashlib", "", "import pandas as pd", "", "",
             "def clean(df: pd.DataFrame, salt: str | None = None) -> pd.DataFrame:",
             '    """The table with the fixes applied (a copy)."""', "    df = df.copy()"]
    if any(f.kind == "pseudonymise" for f in fixes):
        lines += ["    if not salt:", '        raise ValueError("pseudonymising needs a secret salt: clean(df, salt=...)")',
                  "", "    def pseudonym(value):",
                  "        if pd.isna(value):", "            return value",
                  f'        return hashlib.sha256((salt + str(value)).encode("utf-8")).hexdigest()[:{_DIGEST_CHARS}]',
                  ""]
    for fix in fixes:
        col = repr(fix.column)
        lines.append(f"    # {fix.kind.replace('_', ' ')}: {col}")  # repr: no line break from a name
        if fix.kind in ("to_missing", "not_applicable_level"):
            values = repr(list(fix.values))
            stripped = repr([v.strip() for v in fix.values])
            replacement = "pd.NA" if fix.kind == "to_missing" else repr(NOT_APPLICABLE_LEVEL)
            lines += [f"    text = df[{col}].astype('string')",
                      f"    hit = text.isin({values}) | text.str.strip().isin({stripped})",
                      f"    df[{col}] = df[{col}].astype(object).mask(hit.fillna(False).to_numpy(dtype=bool), "
                      f"{replacement})"]
        elif fix.kind == "trim":
            lines.append(f"    df[{col}] = df[{col}].astype('string').str.strip()")
        elif fix.kind == "parse_numbers":
            lines.append(f"    df[{col}] = pd.to_numeric(df[{col}].astype('string').str.strip(), errors='coerce')")
        elif fix.kind == "parse_dates":
            lines.append(f"    df[{col}] = pd.to_datetime(df[{col}].astype('string').str.strip(), "
                         f"format={_pandas_format(fix.date_format)!r}, errors='coerce')")
        elif fix.kind == "pseudonymise":
            lines.append(f"    df[{col}] = df[{col}].map(pseudonym)")
    dropped = [f.column for f in fixes if f.kind == "drop"]
    if dropped:
        lines += ["    # personal data left out of the table", f"    df = df.drop(columns={dropped!r})"]
    lines += ["    return df", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# exports
# --------------------------------------------------------------------------------------------------
def safe_file_stem(name: str) -> str:
    """A dataset name as a file name: letters, digits, '-', '_' and '.' only."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return stem[:80] or "table"


# Tables up to this size in memory are exported when the page is drawn; larger ones when the button is clicked.
EAGER_EXPORT_BYTES = 5 * 1024 * 1024


def export_data(frame: pd.DataFrame, writer: Callable[[pd.DataFrame], bytes]) -> bytes | Callable[[], bytes]:
    """What a download button gets: the bytes of a small table, or a callable that writes a large one on click.

    A click on a deferred download that arrives while the page reruns can be lost (the button spins; seen once in
    CI on a 400-row table), so small tables, cheap to write on every run, are written at once.
    """
    if int(frame.memory_usage(index=False).sum()) <= EAGER_EXPORT_BYTES:
        return writer(frame)
    return lambda: writer(frame)


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV whose text cells and names cannot run as formulas in a spreadsheet ('=HYPERLINK(...)'
    is written as "'=HYPERLINK(...)"); numbers, and numbers written as text, are left as they are."""
    from mlscout.text import spreadsheet_safe

    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8")


def frame_to_parquet(frame: pd.DataFrame) -> bytes:
    """The table as Parquet bytes; mixed-type text columns are written as text."""
    import io

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].astype("string")
    out.columns = [str(c) for c in out.columns]
    buffer = io.BytesIO()
    out.to_parquet(buffer, index=False)
    return buffer.getvalue()
