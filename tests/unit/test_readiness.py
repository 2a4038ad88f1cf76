"""Readiness: every point lost points at a finding; accepted findings cost nothing; the overall discriminates."""

from __future__ import annotations

from mlscout.profiling.checks import Finding
from mlscout.readiness import score_readiness


def finding(check_id="missing_values", severity="warning", dimension="completeness", column="notes",
            evidence=None, **kw):
    return Finding(check_id=check_id, dataset="d", column=column, severity=severity, dimension=dimension,
                   evidence=evidence or {"missing": 640, "share": 0.64}, fix="f", **kw)


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


def test_a_ruined_dimension_pulls_the_overall_down_and_is_named():
    findings = [finding(severity="critical", column=f"c{i}") for i in range(30)]
    readiness = score_readiness(findings, n_columns=4)
    assert readiness.dimensions["completeness"] == 0
    assert readiness.overall < 50 and readiness.limited_by == "completeness"
    assert all(0 <= s <= 100 for s in readiness.dimensions.values())


def test_one_critical_column_of_many_does_not_decide_the_overall():
    """The old flat cap set 14 of 15 real tables to exactly 69."""
    one = score_readiness([finding(severity="critical")], n_columns=30).overall
    many = score_readiness([finding(severity="critical", column=f"c{i}") for i in range(12)], n_columns=30).overall
    assert 85 <= one < 100 and many < one


def test_a_finding_on_few_rows_costs_less_than_on_most_rows():
    few = finding(evidence={"missing": 20, "share": 0.02})
    most = finding(evidence={"missing": 900, "share": 0.9})
    assert score_readiness([few], 8).dimensions["completeness"] > score_readiness([most], 8).dimensions["completeness"]


def personal(column: str, kind: str = "person_name") -> Finding:
    return Finding(check_id="personal_data", dataset="d", column=column, severity="warning", dimension="access",
                   evidence={"kind": kind, "rate_share": 1.0}, fix="f")


def test_a_contact_list_scores_below_a_clean_modelling_table():
    contact_list = score_readiness([personal("name"), personal("email", "email"), personal("phone", "phone"),
                                    personal("city", "quasi_identifier")], n_columns=4)
    modelling = score_readiness([finding(check_id="outliers", dimension="validity", severity="info",
                                         evidence={"count": 12, "share": 0.01})], n_columns=12)
    assert contact_list.overall < 70 <= modelling.overall
    assert contact_list.limited_by == "access"


def test_wide_tables_are_not_ruined_by_small_issues():
    narrow = score_readiness([finding()], n_columns=4).dimensions["completeness"]
    wide = score_readiness([finding()], n_columns=200).dimensions["completeness"]
    assert wide > narrow


def test_an_open_critical_finding_blocks_the_label_not_the_number():
    readiness = score_readiness([finding(severity="critical")], n_columns=30)
    assert readiness.blockers == 1 and readiness.label == "blocked by 1 critical finding"
    accepted = score_readiness([finding(severity="critical", status="accepted", status_reason="known")], 30)
    assert accepted.blockers == 0 and accepted.label == "ready"
