"""Sources beyond uploads from the command line: a database URL with --table or --query, a DuckDB database file,
a folder of Parquet parts; a password given in the URL or the environment is used and never written anywhere."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import duckdb
import pytest
import sqlalchemy

from mlscout.cli import main
from mlscout.io import load_table


@pytest.fixture(scope="module")
def calls_table(postgres):
    frame = load_table("sample_data/telecom_churn.csv")[0].frame
    engine = sqlalchemy.create_engine(postgres.url)
    frame.to_sql("telecom churn", engine, index=False, if_exists="replace")  # a name that needs quoting
    engine.dispose()
    return frame


def run(args):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.postgres
def test_a_postgres_table_is_assessed_where_it_lives_and_the_password_goes_nowhere(postgres, calls_table,
                                                                                   tmp_path):
    password = postgres.password
    code, out, err = run(["assess", postgres.url, "--table", "telecom churn", "--baselines", "0", "--format",
                          "json,md,html", "--out", str(tmp_path / "report"), "--save", "--project", "pg"])
    assert code == 0, err
    document = json.loads((tmp_path / "report" / "assessment.json").read_text())
    [dataset] = document["datasets"]
    assert (dataset["rows"], dataset["source"]["engine"]) == (len(calls_table), "sql")
    assert "***@127.0.0.1" in dataset["source"]["file_name"] and "table telecom churn" in dataset["source"][
        "file_name"]
    assert dataset["findings"], "a real assessment: the table has findings"
    written = [p.read_bytes() for p in (tmp_path / "report").iterdir()]
    written += [p.read_bytes() for p in Path(os.environ["MLSCOUT_HOME"]).rglob("*") if p.is_file()]
    assert len(written) >= 4  # three reports and the saved history
    for content in [*written, out.encode(), err.encode()]:
        assert password.encode() not in content
    code, out, err = run(["history", "--project", "pg"])
    assert code == 0 and password not in out + err


@pytest.mark.postgres
def test_the_password_can_come_from_the_environment(postgres, calls_table, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    code, out, err = run(["stats", postgres.url_without_password(), "--query",
                          'SELECT "churn", "account_length" FROM "telecom churn" WHERE "account_length" > 100'])
    assert code == 0, err
    statistics = json.loads(out)
    assert statistics["engine"] == "sql" and statistics["rows"] == int((calls_table["account_length"] > 100).sum())
    assert [c["name"] for c in statistics["columns"]] == ["churn", "account_length"]


@pytest.mark.postgres
def test_database_errors_are_one_clear_line_without_the_password(postgres, calls_table):
    wrong = postgres.url.replace(postgres.password, "not-the-" + postgres.password)
    code, out, err = run(["assess", wrong, "--table", "telecom churn", "--baselines", "0"])
    assert code == 2 and "cannot connect" in err and "password authentication failed" in err
    assert postgres.password not in err and "Traceback" not in err
    code, out, err = run(["assess", postgres.url, "--table", "no_such_table", "--baselines", "0"])
    assert code == 2 and "no_such_table" in err and "Traceback" not in err
    code, out, err = run(["assess", postgres.url, "--query", "DELETE FROM \"telecom churn\"", "--baselines", "0"])
    assert code == 2 and "one SELECT statement" in err
    code, out, err = run(["assess", postgres.url, "--baselines", "0"])
    assert code == 2 and "--table NAME" in err and postgres.password not in err
    engine = sqlalchemy.create_engine(postgres.url)
    with engine.connect() as connection:  # the refused DELETE changed nothing
        assert connection.execute(sqlalchemy.text('SELECT COUNT(*) FROM "telecom churn"')).scalar() == len(
            calls_table)
    engine.dispose()


@pytest.mark.postgres
def test_a_duckdb_database_and_a_database_that_lacks_a_function(calls_table, tmp_path):
    database = tmp_path / "lake.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.register("frame", calls_table)
        connection.execute('CREATE TABLE churn AS SELECT * FROM frame')
    code, out, err = run(["stats", f"duckdb:///{database}?table=churn"])
    assert code == 0, err
    assert json.loads(out)["rows"] == len(calls_table)
    lite = tmp_path / "crm.sqlite"
    with sqlite3.connect(lite) as connection:
        calls_table.head(500).to_sql("customers", connection, index=False)
    code, out, err = run(["assess", f"sqlite:///{lite}", "--table", "customers", "--baselines", "0"])
    # SQLite has no standard deviation nor quantile: refused in one line that says which, nothing half-done
    assert code == 2 and "no such function: STDDEV_SAMP" in err and "Traceback" not in err


@pytest.mark.spark
def test_a_spark_table_by_name_from_the_command_line(spark, sample_dir, tmp_path):
    """`spark:TABLE` reads a table of the session's catalog (here the tests' local session, which the command
    line's getOrCreate finds)."""
    frame = load_table(sample_dir / "credit_applications.csv")[0].frame
    spark.createDataFrame(frame).createOrReplaceTempView("credit_applications")
    code, out, err = run(["stats", "spark:credit_applications"])
    assert code == 0, err
    statistics = json.loads(out)
    assert (statistics["engine"], statistics["rows"]) == ("spark", len(frame))
    assert statistics["source"] == "spark table credit_applications"
    code, out, err = run(["assess", "spark:no_such_table", "--baselines", "0"])
    assert code == 2 and "Spark cannot read it" in err and "Traceback" not in err
