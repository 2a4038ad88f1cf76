"""Readiness: a 0-100 score per dimension and overall, where every point lost points at the findings that cost it.

Rule (also in docs/readiness.md):

- Each dimension starts at 100. Each open finding costs ``severity points x scope x extent``: severity points are
  critical 40, warning 8, info 1.5; the scope of a column-level finding is the table's width factor
  ``min(1, max(0.25, 8 / columns))`` (a table-level finding has scope 1); the extent is ``0.3 + 0.7 x share`` when
  the finding says which share of the rows it affects (a placeholder in 2% of the rows costs less than one in 90%),
  1 otherwise. Critical is 40 points: a blocker weighs on its dimension; while one is open the label says
  "blocked" whatever the number (the number still discriminates, the label never hides a blocker).
- Access also loses in proportion to what must be done before modelling: 80 x the share of the columns that hold
  personal data (a direct identifier counts 1, a quasi-identifier 0.5), on top of the findings' own costs. A contact
  list is not "ready" because each of its columns is only a warning.
- A dimension never drops below 0. Accepted and resolved findings cost nothing.
- The overall score is the weighted *geometric* mean of the dimensions (each floored at 1): a dimension near 0
  pulls the whole down by itself, without a flat cap; the dimension that costs the most is named as the limit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from mlscout.profiling.checks import DIMENSIONS, Finding

__all__ = ["DIMENSION_WEIGHTS", "SEVERITY_POINTS", "Deduction", "Readiness", "score_readiness", "readiness_label"]

SEVERITY_POINTS = {"critical": 40.0, "warning": 8.0, "info": 1.5}
DIMENSION_WEIGHTS = {"completeness": 0.25, "validity": 0.20, "consistency": 0.15, "uniqueness": 0.15,
                     "timeliness": 0.10, "volume": 0.15, "access": 0.20}
ACCESS_SHARE_POINTS = 80.0
QUASI_KINDS = {"quasi_identifier", "precise_location", "postal_code"}


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
    limited_by: str | None = Field(None, description="The dimension that costs the overall score the most.")
    blockers: int = Field(0, description="Open critical findings: while any is open the label is 'blocked'.")

    @property
    def label(self) -> str:
        return readiness_label(self.overall, self.blockers)

    def lost(self, dimension: str) -> tuple[Deduction, ...]:
        return tuple(d for d in self.deductions if d.dimension == dimension)

    def explain(self, dimension: str, limit: int = 3) -> str:
        """'completeness -12: notes 64% missing, phone 12% missing' style summary."""
        lost = sorted(self.lost(dimension), key=lambda d: -d.points)
        if not lost:
            return f"{dimension}: nothing lost"
        total = 100 - self.dimensions[dimension]
        parts = ", ".join(d.message for d in lost[:limit] if d.message)
        more = f" and {len(lost) - limit} more" if len(lost) > limit else ""
        return f"{dimension} -{total:.0f}: {parts}{more}"


def readiness_label(score: float, blockers: int = 0) -> str:
    """The words for a score; an open critical finding makes it 'blocked' whatever the number says."""
    if blockers:
        return f"blocked by {blockers} critical finding{'s' if blockers > 1 else ''}"
    if score >= 85:
        return "ready"
    if score >= 70:
        return "ready with fixes"
    if score >= 50:
        return "needs work"
    return "not ready"


def _extent(finding: Finding) -> float:
    share = finding.evidence.get("share") if isinstance(finding.evidence, dict) else None
    if isinstance(share, (int, float)) and 0 <= share <= 1:
        return 0.3 + 0.7 * float(share)
    return 1.0


def _personal_share(findings: list[Finding], n_columns: int) -> tuple[float, int]:
    """The weighted share of columns holding personal data (direct 1, quasi-identifier 0.5), and their count."""
    columns: dict[str, float] = {}
    for f in findings:
        if f.check_id == "personal_data" and f.status == "open" and f.column is not None:
            columns[f.column] = 0.5 if f.evidence.get("kind") in QUASI_KINDS else 1.0
    return (sum(columns.values()) / max(n_columns, 1), len(columns))


def score_readiness(findings: Iterable[Finding], n_columns: int, dimensions: Iterable[str] = DIMENSIONS
                    ) -> Readiness:
    """Score the findings of one dataset (the rule is in this module's docstring and docs/readiness.md)."""
    findings = list(findings)
    dimensions = tuple(dimensions)
    width_factor = min(1.0, max(0.25, 8 / max(n_columns, 1)))
    lost = {d: 0.0 for d in dimensions}
    deductions: list[Deduction] = []

    def deduct(dimension: str, points: float, **about: object) -> None:
        points = round(min(points, 100.0 - lost[dimension]), 2)
        if points > 0:
            lost[dimension] += points
            deductions.append(Deduction(dimension=dimension, points=points, **about))

    if "access" in lost:
        share, count = _personal_share(findings, n_columns)
        if count:
            deduct("access", ACCESS_SHARE_POINTS * share, check_id="personal_data", column=None,
                   severity="warning", message=f"{count} of {n_columns} columns hold personal data that must be "
                                               "removed or pseudonymised before modelling")
    for finding in findings:
        if finding.status != "open" or finding.dimension not in lost:
            continue
        points = SEVERITY_POINTS[finding.severity] * (width_factor if finding.column else 1.0) * _extent(finding)
        deduct(finding.dimension, points, check_id=finding.check_id, column=finding.column,
               severity=finding.severity, message=finding.message)
    scores = {d: round(100.0 - lost[d], 2) for d in dimensions}
    weights = {d: DIMENSION_WEIGHTS.get(d, 0.1) for d in dimensions}
    total_weight = sum(weights.values())
    if not total_weight:
        return Readiness(overall=100.0, dimensions=scores, deductions=tuple(deductions))
    log_mean = sum(weights[d] * math.log(max(scores[d], 1.0) / 100.0) for d in dimensions) / total_weight
    overall = 100.0 * math.exp(log_mean)
    # The limit: the dimension whose shortfall, weighted, costs the overall score the most.
    costs = {d: -weights[d] * math.log(max(scores[d], 1.0) / 100.0) for d in dimensions}
    limited_by = max(costs, key=costs.get) if any(v > 0 for v in costs.values()) else None
    blockers = sum(f.status == "open" and f.severity == "critical" for f in findings)
    return Readiness(overall=round(overall, 1), dimensions=scores, deductions=tuple(deductions),
                     limited_by=limited_by, blockers=blockers)
