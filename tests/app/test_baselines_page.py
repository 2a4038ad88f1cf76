"""Baselines page through AppTest: pre-filled from the opportunity, results shown, the ranking updated.

The run itself goes through a worker process, which AppTest's fragment timer does not drive: the page is tested
with a stored result here, and end to end in the browser test.
"""

from __future__ import annotations

from mlscout.baselines import evaluate


def test_prefilled_from_the_opportunity(app):
    [b for b in app.button if b.label == "Load sample data"][0].click().run()
    app.switch_page("pages/3_Opportunities.py").run()
    [b for b in app.button if b.label == "Test this with a baseline"][0].click().run()
    assert not app.exception
    assert app.selectbox(key="baseline_dataset").value == "telecom_churn"
    assert app.selectbox(key="baseline_target").value == "churn"


def test_stored_result_is_shown_and_feeds_the_ranking(app):
    [b for b in app.button if b.label == "Load sample data"][0].click().run()
    frame = app.session_state["mlscout_datasets"]["telecom_churn"].frame
    result = evaluate(frame, "churn", budget_s=20, dataset="telecom_churn")
    app.session_state["mlscout_baselines"] = {("telecom_churn", "churn"): result}
    app.session_state["mlscout_baseline_choice"] = {"dataset": "telecom_churn", "target": "churn",
                                                    "time_column": None, "task": "binary"}
    app.switch_page("pages/4_Baselines.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Verdict"] == f"{result.verdict} signal" and metrics["Feasibility"] == f"{result.feasibility:.0f}/100"
    table = app.dataframe[0].value
    # the models the result holds (a loaded machine may end the budget before one of them), the dummy first
    assert list(table["model"]) == [model.name for model in result.models]
    assert table["model"].iloc[0] == "dummy (prior)" and len(table) >= 2
    app.switch_page("pages/3_Opportunities.py").run()
    ranking = app.dataframe[0].value
    churn = ranking[ranking["pain point"] == "Customer churn prediction"].iloc[0]
    assert churn["feasibility from"] == "baseline" and churn["feasibility"] == result.feasibility
