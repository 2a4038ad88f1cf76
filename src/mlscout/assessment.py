"""The Assessment: the one data contract of the app, the CLI, the report and the store.

It holds a whole run, including the settings it ran with, and round-trips through JSON. Its JSON Schema is
published as ``docs/assessment.schema.json`` (regenerate with ``python -m mlscout.assessment``).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mlscout import __version__
from mlscout.baselines import BaselineResult
from mlscout.io import Dataset, DatasetInfo
from mlscout.maturity.model import Maturity
from mlscout.opportunities import Opportunity, UnservedPainPoint
from mlscout.profiling.checks import Finding
from mlscout.profiling.columns import ColumnProfile, DatasetProfile, TargetCandidate
from mlscout.profiling.joins import Relationship
from mlscout.readiness import Readiness
from mlscout.settings import Settings
from mlscout.shape import DataShape, describe_table

__all__ = ["SCHEMA_VERSION", "Assessment", "BaselineFailure", "DatasetSummary", "LoadFailure", "StageError",
           "check_errors", "describe_error", "schema_json", "summarize_dataset"]

SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatasetSummary(_Frozen):
    """One loaded dataset: its shape, columns, findings and readiness. Never holds raw rows."""

    name: str
    rows: int
    n_columns: int
    columns: tuple[ColumnProfile, ...]
    source: DatasetInfo
    load_notes: tuple[str, ...] = ()
    duplicate_rows: int = 0
    near_duplicate_rows: int = 0
    sample_rows: int | None = None
    likely_targets: tuple[TargetCandidate, ...] = ()
    shape: DataShape | None = Field(None, description="What the table is: the entity a row describes, its time "
                                                      "axis, outcome candidates and free text.")
    findings: tuple[Finding, ...] = ()
    readiness: Readiness | None = None

    @property
    def period(self) -> str | None:
        """The period the data covers, from its main time column (the one with most distinct times, not a birth
        date): staleness is judged against it only with a freshness requirement (thresholds.stale_days)."""
        dated = [c for c in self.columns if c.dates is not None and c.dates.min is not None
                 and c.dates.max is not None and not re.search(r"birth|dob|born", c.name, re.IGNORECASE)]
        if not dated:
            return None
        main = max(dated, key=lambda c: c.distinct)
        assert main.dates is not None and main.dates.min is not None and main.dates.max is not None
        days = (main.dates.max - main.dates.min).days
        span = f"{days / 365.25:.1f} years" if days >= 730 else f"{days:,} days"
        return f"{main.dates.min:%Y-%m-%d} to {main.dates.max:%Y-%m-%d} ({span}, from '{main.name}')"


class LoadFailure(_Frozen):
    """A file that could not be loaded, with the reason shown to the user."""

    file: str
    message: str


class StageError(_Frozen):
    """Something that failed inside one stage of a run (a check, one baseline, one dataset's profile...).

    The run goes on without that part; the error is shown on the page and in the report.
    """

    stage: str = Field(description="Where it failed: 'profile', 'check:<id>', 'baseline', 'relationships', ...")
    dataset: str | None = None
    message: str


class BaselineFailure(_Frozen):
    """A baseline that could not run, with the reason."""

    dataset: str
    target: str
    message: str


class Assessment(_Frozen):
    """A whole run of ML Scout."""

    schema_version: str = SCHEMA_VERSION
    tool_version: str = __version__
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    settings: Settings = Field(default_factory=Settings)
    datasets: tuple[DatasetSummary, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    unserved_pain_points: tuple[UnservedPainPoint, ...] = ()
    baselines: tuple[BaselineResult, ...] = ()
    baseline_failures: tuple[BaselineFailure, ...] = ()
    maturity: Maturity | None = None
    catalogue: str = Field("built-in", description="The pain-point catalogue used: 'built-in' or the file given.")
    load_failures: tuple[LoadFailure, ...] = ()
    errors: tuple[StageError, ...] = Field((), description="Stages that failed; the rest of the run went on.")


def summarize_dataset(dataset: Dataset, profile: DatasetProfile, findings: tuple[Finding, ...],
                      readiness: Readiness, targets: tuple[TargetCandidate, ...] = ()) -> DatasetSummary:
    """The facts about a dataset that an Assessment keeps (statistics and findings, no raw rows)."""
    return DatasetSummary(name=dataset.name, rows=profile.rows, n_columns=profile.n_columns,
                          columns=profile.columns, source=dataset.info, load_notes=dataset.info.load_notes,
                          duplicate_rows=profile.duplicate_rows, near_duplicate_rows=profile.near_duplicate_rows,
                          sample_rows=profile.sample_rows, likely_targets=targets,
                          shape=describe_table(dataset.name, profile.columns, targets, profile.row_order),
                          findings=findings,
                          readiness=readiness)


def check_errors(summaries: tuple[DatasetSummary, ...] | list[DatasetSummary]) -> list[StageError]:
    """The checks that raised while profiling (reported by `run_checks` as ``check_failed`` findings)."""
    return [StageError(stage=f"check:{f.evidence.get('check', '?')}", dataset=s.name,
                       message=str(f.evidence.get("error", "")))
            for s in summaries for f in s.findings if f.check_id == "check_failed"]


def describe_error(exc: BaseException) -> str:
    """One line for an unexpected exception: its type and message, never a traceback."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def schema_json() -> str:
    """The JSON Schema of the Assessment, as published in docs/assessment.schema.json."""
    return json.dumps(Assessment.model_json_schema(mode="serialization"), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/assessment.schema.json")
    target.write_text(schema_json(), encoding="utf-8")
    print(f"wrote {target}")
