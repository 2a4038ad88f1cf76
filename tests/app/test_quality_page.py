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
    key = next(t.key for t in app.text_input if t.key.startswith("reason::") and "missing_values::notes" in t.key)
    other = next(t.key for t in app.text_input if t.key.startswith("reason::") and t.key != key)
    # Enter in a reason field only keeps the text: nothing is saved, for this finding or another one
    app.text_input(key=key).input("known gap, filled next export").run()
    assert {m.label: float(m.value) for m in app.metric}["Completeness"] == before
    assert set(findings_table(app)["status"]) == {"open"}
    app.button(key="accepted::" + key.removeprefix("reason::")).click().run()
    assert not app.exception
    assert app.text_input(key=other).value == ""
    after = {m.label: float(m.value) for m in app.metric}["Completeness"]
    assert after > before
    row = findings_table(app)[lambda t: t["message"].str.endswith("are missing")].iloc[0]
    assert row["status"] == "accepted: known gap, filled next export"
    next(b for b in app.button if b.key and b.key.startswith("reopen::")).click().run()
    assert {m.label: float(m.value) for m in app.metric}["Completeness"] == before
    assert set(findings_table(app)["status"]) == {"open"}


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


def test_fixes_applied_on_the_page_change_the_table_and_are_recorded(app):
    """'unknown' regions become missing values and the amounts, written with thousands separators, stay text
    (that call is the user's); the applied fix is listed and the findings it answered are gone."""
    upload(app)
    key = next(w.key for w in app.multiselect if str(w.key).startswith("fixes::"))
    options = app.multiselect(key=key).options
    wanted = [o for o in options if "'region': make 'unknown' missing values" in o]
    assert wanted, options
    app.multiselect(key=key).select(wanted[0]).run()
    assert "def clean(df" in app.code[0].value and "'unknown'" in app.code[0].value
    app.button(key="apply_fixes").click().run()
    assert not app.exception
    datasets = app.session_state["mlscout_datasets"]
    frame = datasets["orders"].frame
    assert frame["region"].isna().sum() == 40
    assert datasets["orders"].info.applied_fixes == ("'region': make 'unknown' missing values",)
    assert "Placeholders that mean 'missing'" not in set(findings_table(app)["check"])


def test_the_overview_grid_shows_every_column_and_filters(app):
    upload(app)
    grid = next(d for d in app.dataframe if {"distribution", "findings"} <= set(d.value.columns)).value
    assert list(grid["column"]) == ["region", "amount", "notes"]
    assert grid.set_index("column").loc["region", "findings"] >= 2  # spelling variants and 'unknown'
    assert len(grid.set_index("column").loc["region", "distribution"]) >= 2
    app.text_input(key="q_overview_search").set_value("amo").run()
    grid = next(d for d in app.dataframe if {"distribution", "findings"} <= set(d.value.columns)).value
    assert list(grid["column"]) == ["amount"]
