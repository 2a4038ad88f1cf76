"""One target setting per dataset (Data page, shown in the sidebar); the app and the CLI make the same Assessment."""

from __future__ import annotations

import io
import json

from mlscout.cli import main
from tests.conftest import SAMPLE_DIR


def _upload(app, name: str) -> None:
    app.file_uploader[0].set_value((name, (SAMPLE_DIR / name).read_bytes(), "text/csv")).run()


def _comparable(document: dict) -> dict:
    """What must agree: settings, every dataset's findings and readiness, the ranking (not times or file paths)."""
    datasets = [{"name": d["name"], "rows": d["rows"], "likely_targets": d["likely_targets"],
                 "findings": [(f["check_id"], f["column"], f["severity"], f["message"]) for f in d["findings"]],
                 "readiness": d["readiness"], "columns": d["columns"]} for d in document["datasets"]]
    ranking = [(o["pain_point_id"], o["dataset"], o["target"], o["score"]) for o in document["opportunities"]]
    return {"settings": document["settings"], "datasets": datasets, "ranking": ranking,
            "errors": document["errors"]}


def test_the_declared_target_drives_the_checks_and_equals_the_cli(app):
    _upload(app, "telecom_churn.csv")
    selector = app.selectbox(key="target::data_page::telecom_churn")
    assert selector.value == "(not set: ML Scout guesses)"
    assert "churn (likely)" in selector.options[:4]  # the likely targets come first
    selector.set_value("churn").run()
    assert not app.exception
    app.switch_page("pages/2_Quality.py").run()
    assert any("Target: **churn** (declared" in c.value for c in app.caption)
    imbalance = [row for row in app.dataframe[0].value.to_dict("records") if "Imbalanced" in str(row)]
    assert imbalance and "the target" in str(imbalance[0])

    app.switch_page("pages/6_Report.py").run()
    in_app = json.loads(app.session_state["mlscout_last_assessment"].model_dump_json())
    out, err = io.StringIO(), io.StringIO()
    code = main(["assess", str(SAMPLE_DIR / "telecom_churn.csv"), "--target", "telecom_churn:churn",
                 "--baselines", "0", "--quiet"], out, err)
    assert code == 0, err.getvalue()
    from_cli = json.loads(out.getvalue())
    assert in_app["settings"]["targets"] == ["telecom_churn:churn"]
    assert _comparable(in_app) == _comparable(from_cli)


def test_clearing_the_target_returns_to_the_guess(app):
    _upload(app, "telecom_churn.csv")
    app.selectbox(key="target::data_page::telecom_churn").set_value("churn").run()
    app.selectbox(key="target::data_page::telecom_churn").set_value("(not set: ML Scout guesses)").run()
    assert not app.exception
    app.switch_page("pages/2_Quality.py").run()
    assert any("Target: not declared. ML Scout guesses" in c.value for c in app.caption)
