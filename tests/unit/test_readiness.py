"""Readiness: every point lost points at a finding; accepted findings cost nothing; critical caps overall."""

from __future__ import annotations

from mlscout.profiling.checks import Finding
from mlscout.readiness import score_readiness


def finding(check_id="missing_values", severity="warning", dimension="completeness", column="notes", **kw):
    return Finding(check_id=check_id, dataset="d", column=column, severity=severity, dimension=dimension,
                   evidence={"missing": 640, "share": 0.64}, fix="f", **kw)


def test_no_findings_is_100():
    readiness = score_readiness([], n_columns=5)
    assert readiness.overall == 100 and set(readiness.dimensions.values()) == {100}


def test_every_point_lost_is_explained():
    findings = [finding(), finding(column="phone", severity="info"),
                finding(check_id="duplicate_rows", dimension="uniqueness", column=None, severity="warning")]
    readiness = score_readiness(findings, n_columns=8)
    for dimension, score in readiness.dimensions.items():
        assert abs((100 - score) - sum(d.points for d in readiness.lost(dimension))) < 1e-6
    assert readiness.explain("completeness").startswith("completeness -7: notes: 640 rows")


def test_accepted_findings_cost_nothing():
    readiness = score_readiness([finding(status="accepted", status_reason="known")], n_columns=8)
    assert readiness.overall == 100


def test_critical_caps_overall_and_scores_stay_in_range():
    findings = [finding(severity="critical", column=f"c{i}") for i in range(30)]
    readiness = score_readiness(findings, n_columns=4)
    assert readiness.dimensions["completeness"] == 0
    assert readiness.overall <= 69 and readiness.capped_by_critical
    assert all(0 <= s <= 100 for s in readiness.dimensions.values())


def test_wide_tables_are_not_ruined_by_small_issues():
    narrow = score_readiness([finding()], n_columns=4).dimensions["completeness"]
    wide = score_readiness([finding()], n_columns=200).dimensions["completeness"]
    assert wide > narrow
