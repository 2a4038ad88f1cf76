"""Readiness: a 0-100 score per dimension and overall, where every point lost points at the findings that cost it.

Rule (also in docs/readiness.md): each dimension starts at 100. Each open finding costs points by severity
(critical 20, warning 6, info 1). A column-level finding's cost is scaled by the table's width
(x min(1, max(0.25, 8 / columns))), so a wide table is not ruined by many small issues; a dataset-level finding costs
in full. A dimension never drops below 0. Accepted and resolved findings cost nothing and are listed as such.
The overall score is the weighted mean of the dimensions (weights below); a critical finding anywhere caps the
overall score at 69, so "ready" (>= 70) never hides a blocker.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from mlscout.profiling.checks import DIMENSIONS, Finding

__all__ = ["DIMENSION_WEIGHTS", "SEVERITY_POINTS", "Deduction", "Readiness", "score_readiness", "readiness_label"]

SEVERITY_POINTS = {"critical": 20.0, "warning": 6.0, "info": 1.0}
DIMENSION_WEIGHTS = {"completeness": 0.25, "validity": 0.20, "consistency": 0.15, "uniqueness": 0.15,
                     "timeliness": 0.10, "volume": 0.15, "access": 0.20}
CRITICAL_CAP = 69.0


class Deduction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    dimension: str
    points: float
    check_id: str
    column: str | None
    severity: str
    message: str


class Readiness(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    overall: float = Field(ge=0, le=100)
    dimensions: dict[str, float]
    deductions: tuple[Deduction, ...] = ()
    capped_by_critical: bool = False

    def lost(self, dimension: str) -> tuple[Deduction, ...]:
        return tuple(d for d in self.deductions if d.dimension == dimension)

    def explain(self, dimension: str, limit: int = 3) -> str:
        """'completeness -12: notes 64% missing, phone 12% missing' style summary."""
        lost = sorted(self.lost(dimension), key=lambda d: -d.points)
        if not lost:
            return f"{dimension}: nothing lost"
        total = 100 - self.dimensions[dimension]
        parts = ", ".join(d.message for d in lost[:limit])
        more = f" and {len(lost) - limit} more" if len(lost) > limit else ""
        return f"{dimension} -{total:.0f}: {parts}{more}"


def readiness_label(score: float) -> str:
    if score >= 85:
        return "ready"
    if score >= 70:
        return "ready with fixes"
    if score >= 50:
        return "needs work"
    return "not ready"


def score_readiness(findings: Iterable[Finding], n_columns: int, dimensions: Iterable[str] = DIMENSIONS
                    ) -> Readiness:
    """Score the findings of one dataset."""
    dimensions = tuple(dimensions)
    width_factor = min(1.0, max(0.25, 8 / max(n_columns, 1)))
    lost = {d: 0.0 for d in dimensions}
    deductions: list[Deduction] = []
    critical = False
    for finding in findings:
        if finding.status != "open" or finding.dimension not in lost:
            continue
        points = SEVERITY_POINTS[finding.severity] * (width_factor if finding.column else 1.0)
        available = 100.0 - lost[finding.dimension]
        points = round(min(points, available), 2)
        critical = critical or finding.severity == "critical"
        if points <= 0:
            continue
        lost[finding.dimension] += points
        deductions.append(Deduction(dimension=finding.dimension, points=points, check_id=finding.check_id,
                                    column=finding.column, severity=finding.severity, message=finding.message))
    scores = {d: round(100.0 - lost[d], 1) for d in dimensions}
    total_weight = sum(DIMENSION_WEIGHTS.get(d, 0.1) for d in dimensions)
    overall = sum(scores[d] * DIMENSION_WEIGHTS.get(d, 0.1) for d in dimensions) / total_weight
    capped = critical and overall > CRITICAL_CAP
    if capped:
        overall = CRITICAL_CAP
    return Readiness(overall=round(overall, 1), dimensions=scores, deductions=tuple(deductions),
                     capped_by_critical=capped)
