"""Maturity page through AppTest: answers, evidence, level and chart, save and history."""

from __future__ import annotations

import io

import pandas as pd


def test_answer_save_and_see_history(app):
    app.switch_page("pages/5_Maturity.py").run()
    for question in ("strategy_ideation", "strategy_value", "governance_privacy", "modeling_skills"):
        app.radio(key=f"maturity::{question}").set_value(3)
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Overall level (0-4)"] == "3" and metrics["Coverage"] == "20%"
    assert any("MLOps maturity by factor" in c.proto.spec for c in app.get("vega_lite_chart"))
    app.text_input(key="maturity_project").input("retail")
    [b for b in app.button if b.label == "Save this assessment"][0].click().run()
    assert not app.exception
    assert any("Saved as #" in s.value for s in app.success)
    history = app.dataframe[0].value
    assert len(history) == 1 and history.iloc[0]["maturity level"] == 3
    assert any("Maturity over time" in c.proto.spec for c in app.get("vega_lite_chart"))


def test_personal_data_caps_governance_and_can_be_set_aside(app):
    frame = pd.DataFrame({"email": [f"user{i}@example.org" for i in range(200)], "amount": range(200)})
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    app.file_uploader[0].set_value(("people.csv", buf.getvalue().encode(), "text/csv")).run()
    app.switch_page("pages/5_Maturity.py").run()
    app.radio(key="maturity::governance_privacy").set_value(4).run()
    assert not app.exception
    evidence = app.checkbox(key="evidence::governance_privacy")
    assert evidence.value and "personal data with no recorded action" in evidence.label
    capped = {m.label: m.value for m in app.metric}
    assert capped["Overall level (0-4)"] == "1"
    evidence.uncheck().run()
    # privacy back to the answered 4; data quality stays pre-filled at 2 (no critical finding): (4 + 2) / 2
    assert {m.label: m.value for m in app.metric}["Overall level (0-4)"] == "3"
