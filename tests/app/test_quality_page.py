"""Quality page logic through AppTest: score cards, findings, filters, accepting a finding, thresholds."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

DEFECTIVE = pd.DataFrame({
    "region": ["north", "North ", "NORTH", "south", "unknown"] * 40,
    "amount": [f"{x:,.2f}" for x in np.linspace(1000, 5000, 200)],
    "notes": [None] * 150 + ["called back"] * 50,
})


def upload(app, frame=DEFECTIVE, name="orders.csv"):
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    app.file_uploader[0].set_value((name, buf.getvalue().encode(), "text/csv")).run()
    return app.switch_page("pages/2_Quality.py").run()


def findings_table(app):
    return app.dataframe[0].value


def test_without_data_points_to_the_data_page(app):
    app.switch_page("pages/2_Quality.py").run()
    assert not app.exception
    assert "Load a dataset on the Data page first." in [i.value for i in app.info]


def test_score_cards_and_findings(app):
    upload(app)
    assert not app.exception
    metrics = {m.label: float(m.value) for m in app.metric}
    assert set(metrics) == {"Overall", "Completeness", "Validity", "Consistency", "Uniqueness", "Timeliness",
                            "Volume", "Access"}
    assert metrics["Completeness"] < 100 and all(0 <= v <= 100 for v in metrics.values())
    table = findings_table(app)
    checks = set(table["check_id"]) if "check_id" in table else set(table["check"])
    assert {"Missing values", "Placeholders that mean 'missing'", "Numbers stored as text",
            "One category spelled several ways"} <= set(table["check"]), checks
    assert any("notes: 150 rows (75.0%) are missing" == m for m in table["message"])


def test_filters_narrow_the_table(app):
    upload(app)
    total = len(findings_table(app))
    app.multiselect(key="q_filter_severity").set_value(["critical"]).run()
    critical = findings_table(app)
    assert 0 < len(critical) < total and set(critical["severity"]) == {"critical"}


def test_accepting_a_finding_keeps_it_listed_and_restores_points(app):
    upload(app)
    before = {m.label: float(m.value) for m in app.metric}["Completeness"]
    table = findings_table(app)
    index = [i for i, m in enumerate(table["message"]) if m.endswith("are missing")][0]
    form_select = [s for s in app.selectbox if s.label == "Finding"][0]
    form_select.set_value(index)
    app.text_input[0].input("known gap, filled next export")
    [b for b in app.button if b.label == "Save status"][0].click().run()
    assert not app.exception
    after = {m.label: float(m.value) for m in app.metric}["Completeness"]
    assert after > before
    row = findings_table(app)[lambda t: t["message"].str.endswith("are missing")].iloc[0]
    assert row["status"] == "accepted: known gap, filled next export"


def test_thresholds_change_the_findings(app):
    upload(app)
    assert "notes: 150 rows (75.0%) are missing" in set(findings_table(app)["message"])
    [n for n in app.number_input if n.label == "Missing share: warning"][0].set_value(0.8)
    [n for n in app.number_input if n.label == "Missing share: critical"][0].set_value(0.9)
    [b for b in app.button if b.label == "Apply thresholds"][0].click().run()
    assert not app.exception
    table = findings_table(app)
    missing = table[table["message"].str.endswith("are missing")]
    assert set(missing["severity"].str.lower()) <= {"info"}  # below the warning share: noted, not warned


def test_column_detail_has_a_chart_spec(app):
    upload(app)
    app.selectbox(key="q_column").set_value("amount").run()
    specs = [c.proto.spec for c in app.get("vega_lite_chart")]
    assert any("Distribution of amount" in s for s in specs)
