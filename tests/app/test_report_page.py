"""Report page through AppTest: downloads offered for every format, save, and a saved run reopened read-only."""

from __future__ import annotations


def test_downloads_save_and_reopen(app):
    [b for b in app.button if b.label == "Load sample data"][0].click().run()
    app.switch_page("pages/6_Report.py").run()
    assert not app.exception
    labels = {d.label for d in app.get("download_button")}
    assert {"HTML", "PDF", "Markdown", "JSON"} <= labels
    app.text_input(key="report_project").input("samples")
    [b for b in app.button if b.label == "Save this assessment"][0].click().run()
    assert any("Saved as #" in s.value for s in app.success)
    history = app.dataframe[0].value
    assert len(history) == 1 and history.iloc[0]["datasets"] == 4
    assert app.selectbox(key="history_choice").value == int(history.iloc[0]["#"])
    assert len(app.get("download_button")) == 8  # this session's four and the saved run's four


def test_without_data(app):
    app.switch_page("pages/6_Report.py").run()
    assert not app.exception
    assert any("Load a dataset on the Data page first" in i.value for i in app.info)


def test_a_damaged_history_is_a_message_and_a_fresh_start(app, _isolated_home):
    """The page never shows a traceback or the server's paths; the user may set the file aside and go on."""
    (_isolated_home / "mlscout.db").write_bytes(b"not a database" * 300)
    [b for b in app.button if b.label == "Load sample data"][0].click().run()
    app.switch_page("pages/6_Report.py").run()
    app.text_input(key="report_project").input("samples")
    [b for b in app.button if b.label == "Save this assessment"][0].click().run()
    assert not app.exception
    errors = [e.value for e in app.error]  # the save, and the history tab's list
    assert errors and all("damaged" in e and str(_isolated_home) not in e for e in errors)
    [b for b in app.button if b.label.startswith("Start a fresh history")][0].click().run()
    assert [p.name for p in _isolated_home.iterdir() if p.name.startswith("mlscout.db.damaged-")]
    [b for b in app.button if b.label == "Save this assessment"][0].click().run()
    assert not app.exception and any("Saved as #" in s.value for s in app.success)
