"""The Data page's Connect panel through AppTest: a Parquet folder read where it lies, a database table with a
typed password that is kept nowhere, and the limits of a shared app."""

from __future__ import annotations

import json

import pytest
import sqlalchemy

from mlscout.io import load_table
from tests.app.test_data_page import texts
from tests.unit.file_builders import parquet_parts


@pytest.fixture
def lake(sample_dir, tmp_path):
    frame = load_table(sample_dir / "telecom_churn.csv")[0].frame
    return parquet_parts(frame, tmp_path / "lake" / "churn", 4)


def connect(app, spec, *, table="", query="", password=""):
    app.text_input(key="connect_spec").set_value(spec)
    app.text_input(key="connect_table").set_value(table)
    app.text_input(key="connect_password").set_value(password)
    app.text_area(key="connect_query").set_value(query)
    return app.button(key="connect_submit").click().run()


def test_a_parquet_folder_is_read_where_it_lies_with_a_sample(app, lake):
    connect(app, str(lake))
    assert not app.exception
    [message] = texts(app, "success")
    assert "loaded as churn (5,000 rows x 20 columns, read by duckdb" in message
    dataset = app.session_state["mlscout_datasets"]["churn"]
    assert dataset.info.engine == "duckdb" and dataset.statistics.rows == 5000
    assert any("read where it lives" in m.value for m in app.markdown)


def test_the_fix_tab_says_fixes_change_only_the_sample(app, lake, monkeypatch):
    from mlscout.settings import Settings, Thresholds

    app.session_state["mlscout_settings"] = Settings(thresholds=Thresholds(sample_rows=1000))
    connect(app, str(lake))
    assert app.session_state["mlscout_datasets"]["churn"].info.sample_rows == 1000
    app.switch_page("pages/2_Quality.py").run()
    assert not app.exception
    assert any("fixes applied here change its sample of 1,000 rows" in text for text in texts(app, "info"))


def test_a_database_table_with_a_typed_password_kept_nowhere(app, postgres, sample_dir):
    frame = load_table(sample_dir / "credit_applications.csv")[0].frame
    engine = sqlalchemy.create_engine(postgres.url)
    frame.to_sql("applications", engine, index=False, if_exists="replace")
    engine.dispose()
    app.file_uploader[0].set_value(("orders.csv", b"id,amount\n1,9.5\n2,3.0\n3,4.5\n", "text/csv")).run()
    connect(app, postgres.url_without_password(), table="applications", password="wrong-password")
    assert not app.exception
    [error] = texts(app, "error")
    assert "Not connected" in error and "password authentication failed" in error
    assert list(app.session_state["mlscout_datasets"]) == ["orders"]  # nothing lost
    connect(app, postgres.url_without_password(), table="applications", password=postgres.password)
    assert not app.exception, app.exception
    assert list(app.session_state["mlscout_datasets"]) == ["orders", "applications"]
    assert app.session_state["mlscout_datasets"]["applications"].info.rows == len(frame)
    # the form was cleared and nothing of the session holds the password
    assert app.text_input(key="connect_password").value == ""
    dumped = json.dumps({k: repr(app.session_state[k]) for k in app.session_state}, default=str)
    assert postgres.password not in dumped
    assert all(postgres.password not in m for kind in ("success", "error", "info") for m in texts(app, kind))


def test_a_shared_app_opens_only_the_allowed_folders(app, lake, monkeypatch, tmp_path):
    monkeypatch.setenv("MLSCOUT_SHARED", "1")
    connect(app, str(lake))
    assert "opens no files on its server" in texts(app, "error")[0]
    monkeypatch.setenv("MLSCOUT_DATA_ROOTS", str(lake.parent))
    connect(app, "/etc")
    assert "outside the folders this shared app may read" in texts(app, "error")[0]
    connect(app, f"{lake}/../../../../etc/*.csv")
    assert "'..'" in texts(app, "error")[0]
    connect(app, str(lake))
    assert "loaded as churn" in texts(app, "success")[0]
    assert not app.exception
