"""Opportunities page logic through AppTest: ranking, chart spec, weights, overrides, catalogue upload."""

from __future__ import annotations


def load_samples(app):
    [b for b in app.button if b.label == "Load sample data"][0].click().run()
    return app.switch_page("pages/3_Opportunities.py").run()


def ranking(app):
    return app.dataframe[0].value  # the ranking is the first table of the page


def test_ranking_and_chart(app):
    load_samples(app)
    assert not app.exception
    table = ranking(app)
    assert table.iloc[0]["pain point"] == "Customer churn prediction" and table.iloc[0]["target"] == "churn"
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    specs = [c.proto.spec for c in app.get("vega_lite_chart")]
    assert any("Where ML fits best" in spec for spec in specs)


def test_moving_a_weight_changes_the_order(app):
    load_samples(app)
    before = list(ranking(app)["pain point"])
    for factor in ("feasibility", "data_readiness", "effort", "risk"):
        app.slider(key=f"weight_{factor}").set_value(0)
    app.slider(key="weight_business_impact").set_value(100).run()
    assert not app.exception
    after = list(ranking(app)["pain point"])
    assert after != before
    values = list(ranking(app)["value"])
    assert values == sorted(values, reverse=True)  # value alone now decides


def test_details_show_rationale_and_gaps(app):
    load_samples(app)
    markdown = " ".join(m.value for m in app.markdown)
    assert "Why this score" in markdown and "Data gaps" in markdown
    assert "business impact" in markdown


def test_catalogue_upload_with_an_error_is_explained(app):
    load_samples(app)
    bad = b"pain_points:\n  - id: x\n    name: X\n    business_function: s\n    problem: p\n    ml_task: binary\n" \
          b"    value: 9\n    effort: 1\n    risk: 1\n"
    app.file_uploader(key="catalogue_upload").set_value(("mine.yaml", bad, "application/x-yaml")).run()
    assert not app.exception
    assert any("entry 'x', field value" in e.value.replace("\\", "") for e in app.error)
    assert not ranking(app).empty  # the built-in catalogue still serves


def test_no_data_points_to_the_data_page(app):
    app.switch_page("pages/3_Opportunities.py").run()
    assert "Load a dataset on the Data page first." in [i.value for i in app.info]


def test_filter_by_dataset_and_the_stability_line(app):
    load_samples(app)
    everything = ranking(app)
    assert everything["dataset"].nunique() > 1
    assert any(c.value.startswith(("Stable", "Sensitive")) for c in app.caption)
    app.multiselect(key="opportunity_datasets").set_value(["telecom_churn"]).run()
    assert not app.exception
    only = ranking(app)
    assert set(only["dataset"]) == {"telecom_churn"} and only.iloc[0]["pain point"] == "Customer churn prediction"
    options = app.selectbox(key="opportunity_detail").options
    assert all("telecom_churn" in option for option in options)


def test_a_declared_target_no_entry_fits_gets_the_purpose_you_give_it(app):
    """Résumés invited back: 'invited_back' fits no catalogue entry, so 'Predict invited_back' is ranked; the user
    says what it is for, and the ranking names it so (the purpose is saved in the settings)."""
    import io

    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(8)
    frame = pd.DataFrame({"years_experience": rng.integers(0, 30, 800), "honors": rng.integers(0, 2, 800),
                          "resume_quality": rng.choice(["high", "low"], 800),
                          "invited_back": rng.choice(["yes", "no"], 800, p=[0.1, 0.9])})
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    app.file_uploader[0].set_value(("resumes.csv", buf.getvalue().encode(), "text/csv")).run()
    app.selectbox(key="target::data_page::resumes").set_value("invited_back").run()
    app.switch_page("pages/3_Opportunities.py").run()
    assert not app.exception
    table = ranking(app)
    assert table.iloc[0]["pain point"] == "Predict invited_back"
    app.text_input[0].input("call back the applicants most likely to be hired")
    next(b for b in app.button if b.label == "Save the purpose").click().run()
    assert not app.exception
    assert ranking(app).iloc[0]["pain point"] == \
        "Predict invited_back: call back the applicants most likely to be hired"
    from mlscout.ui.state import _SETTINGS

    assert app.session_state[_SETTINGS].target_purposes == {
        "resumes:invited_back": "call back the applicants most likely to be hired"}
