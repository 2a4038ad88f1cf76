"""The statistics engines agree: DuckDB reading files where they lie gives what pandas gives in memory."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from mlscout.cli import main
from mlscout.engines import (
    EngineError,
    TableStatistics,
    duckdb_statistics,
    pandas_statistics,
    source_relation,
    statistics_sql,
)
from mlscout.io import load_table
from tests.unit.file_builders import parquet_parts

NUMBERS = ("minimum", "maximum", "mean", "std", "q1", "median", "q3")


def assert_same(expected: TableStatistics, actual: TableStatistics) -> None:
    assert (actual.rows, actual.duplicate_rows) == (expected.rows, expected.duplicate_rows)
    assert [c.name for c in actual.columns] == [c.name for c in expected.columns]
    for want, got in zip(expected.columns, actual.columns, strict=True):
        assert (got.kind, got.count, got.missing, got.distinct) == (want.kind, want.count, want.missing,
                                                                     want.distinct), want.name
        for key in NUMBERS:
            a, b = getattr(want, key), getattr(got, key)
            assert (a is None and b is None) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (want.name, key, a, b)
        assert got.top_values == want.top_values, want.name
        assert (got.first, got.last, got.step_seconds) == (want.first, want.last, want.step_seconds), want.name
        a, b = want.irregular_step_share, got.irregular_step_share
        assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-12), (want.name, a, b)


def edge_frame() -> pd.DataFrame:
    frame = pd.DataFrame({
        "a b": [1.5, np.nan, 2.5, 2.5, -0.0, 1e300],
        'x"); DROP TABLE t; --': ["x", None, "y'z", "x", "é", "x"],
        "flag": [True, False, True, True, False, True],
        "when": pd.to_datetime(["2024-01-01", None, "2024-01-02 10:00", "2024-01-01", "1999-12-31", "2024-01-01"],
                               format="mixed"),
        "when_utc": pd.to_datetime(["2024-01-01T05:00+02:00"] * 6, utc=True),
        "count": pd.array([1, None, 3, 3, 3, 1], dtype="Int64"),
    })
    return pd.concat([frame, frame.iloc[[0, 2]]], ignore_index=True)  # two duplicate rows


@pytest.mark.parametrize("name", ["bank_calls", "credit_applications", "food_deliveries", "telecom_churn"])
def test_duckdb_on_parquet_equals_pandas_on_the_sample_data(name, sample_dir, tmp_path):
    frame = load_table(sample_dir / f"{name}.csv")[0].frame
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    assert_same(pandas_statistics(frame), duckdb_statistics(tmp_path / "t.parquet"))


def test_missing_values_times_flags_odd_names_and_duplicates_agree(tmp_path):
    frame = edge_frame()
    frame.to_parquet(tmp_path / "edge.parquet", index=False)
    expected, actual = pandas_statistics(frame), duckdb_statistics(tmp_path / "edge.parquet")
    assert_same(expected, actual)
    assert actual.duplicate_rows == 2
    by_name = {c.name: c for c in actual.columns}
    assert by_name['x"); DROP TABLE t; --'].top_values[0] == ("x", 4)  # a name that is SQL stays a name
    assert by_name["when_utc"].top_values == (("2024-01-01 03:00:00+00:00", 8),)


def test_a_folder_and_a_glob_of_parts_read_as_one_table(sample_dir, tmp_path):
    frame = load_table(sample_dir / "food_deliveries.csv")[0].frame
    lake = parquet_parts(frame, tmp_path / "lake", 3)
    expected = pandas_statistics(frame)
    assert_same(expected, duckdb_statistics(lake))
    assert_same(expected, duckdb_statistics(str(lake / "part-*.parquet")))


def test_a_csv_read_by_duckdb_has_the_same_counts(sample_dir):
    """On CSV each engine infers the types itself; rows, counts, missing and distinct values still agree."""
    path = sample_dir / "telecom_churn.csv"
    expected, actual = pandas_statistics(load_table(path)[0].frame), duckdb_statistics(path)
    assert actual.rows == expected.rows
    for want, got in zip(expected.columns, actual.columns, strict=True):
        assert (got.name, got.count, got.missing, got.distinct) == (want.name, want.count, want.missing,
                                                                     want.distinct)


def test_the_queries_are_written_once_and_transpiled():
    relation = source_relation("lake/*.parquet")
    postgres = statistics_sql(relation, [("amount", True), ("region", False)], dialect="postgres")
    spark = statistics_sql(relation, [("amount", True), ("region", False)], dialect="spark")
    assert "PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY CAST(\"amount\" AS DOUBLE PRECISION))" \
        in postgres["column::amount"]
    assert "PERCENTILE(CAST(`amount` AS DOUBLE), 0.25)" in spark["column::amount"]
    assert "PERCENTILE" not in postgres["column::region"]  # no moments of a column that is not a number
    assert "LIMIT 10" in postgres["top::region"] and "GROUP BY \"region\"" in postgres["top::region"]


def test_unreadable_sources_get_a_clear_error(tmp_path):
    with pytest.raises(EngineError, match="reads CSV and Parquet"):
        duckdb_statistics(tmp_path / "book.xlsx")
    with pytest.raises(EngineError, match="DuckDB cannot read it"):
        duckdb_statistics(tmp_path / "missing.parquet")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EngineError, match="no .parquet or .csv file"):
        duckdb_statistics(tmp_path / "empty")


def test_mlscout_stats_prints_the_statistics_as_json(sample_dir, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert main(["stats", str(sample_dir / "bank_calls.csv")], stdout=out, stderr=err) == 0, err.getvalue()
    document = json.loads(out.getvalue())
    assert document["engine"] == "duckdb" and document["rows"] == 27_716
    out = io.StringIO()
    assert main(["stats", str(sample_dir / "bank_calls.csv"), "--approximate"], stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())["exact"] is False
    assert main(["stats", str(sample_dir / "bank_calls.csv"), "--engine", "pandas", "--approximate"],
                stdout=io.StringIO(), stderr=err) == 2
    assert "--approximate needs an engine" in err.getvalue()
    assert main(["stats", str(tmp_path / "book.xlsx")], stdout=io.StringIO(), stderr=err) == 2
    assert "reads CSV and Parquet" in err.getvalue()


def test_approximate_statistics_are_close_and_say_so(sample_dir, tmp_path):
    """For tables too large for exact distinct counts: within 2% (distinct) and a few percent of the spread
    (quartiles) of the exact ones, and marked as approximate."""
    frame = load_table(sample_dir / "food_deliveries.csv")[0].frame
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    exact, approximate = duckdb_statistics(tmp_path / "t.parquet"), duckdb_statistics(tmp_path / "t.parquet",
                                                                                       exact=False)
    assert exact.exact and not approximate.exact
    for want, got in zip(exact.columns, approximate.columns, strict=True):
        assert (got.count, got.missing, got.top_values) == (want.count, want.missing, want.top_values)
        assert abs(got.distinct - want.distinct) <= max(2, 0.02 * want.distinct), (want.name, want.distinct,
                                                                                     got.distinct)
        if want.kind == "numeric" and want.maximum != want.minimum:
            spread = want.maximum - want.minimum
            for key in ("q1", "median", "q3"):
                assert abs(getattr(got, key) - getattr(want, key)) <= 0.05 * spread, (want.name, key)
    assert "APPROX_QUANTILE" in statistics_sql(source_relation("t.parquet"), [("x", True)], exact=False)["column::x"]


def test_the_engine_is_chosen_by_the_source(sample_dir, tmp_path):
    from mlscout.engines import DuckDBSource, SQLSource, is_engine_source
    from mlscout.io import LoadLimits
    from mlscout.pipeline import engine_source

    csv = sample_dir / "bank_calls.csv"
    assert engine_source(str(csv)) is None  # a file that fits is loaded, as an upload
    assert not is_engine_source(str(csv)) and is_engine_source(str(sample_dir)) and is_engine_source("a/*.csv")
    with engine_source(str(csv), engine="duckdb") as forced:
        assert isinstance(forced, DuckDBSource)
    with engine_source(str(sample_dir)) as folder:  # a folder of CSV files is one table
        assert isinstance(folder, DuckDBSource)
    # a file over the upload size is read where it lies instead of refused
    with engine_source(str(csv), limits=LoadLimits(max_file_bytes=1000)) as large:
        assert isinstance(large, DuckDBSource)
    frame = load_table(csv)[0].frame
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    with engine_source(str(tmp_path / "t.parquet"), limits=LoadLimits(max_cells=1000)) as wide:
        assert isinstance(wide, DuckDBSource)  # a Parquet table over the memory budget, from its metadata
    source = engine_source("postgresql://analyst:s3cret@db.internal/sales", options={"table": "public.orders"})
    assert isinstance(source, SQLSource) and source.dialect == "postgres"
    assert source.description == "postgresql+psycopg://analyst:***@db.internal/sales table public.orders"
    assert "s3cret" not in source.relation().sql()


def test_a_shared_app_opens_files_only_in_its_data_roots(tmp_path):
    from mlscout.engines import check_source_allowed
    from mlscout.workspace import data_roots

    lake = tmp_path / "lake"
    (lake / "orders").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (lake / "escape").symlink_to(tmp_path / "elsewhere")
    check_source_allowed("/etc/passwd", None)  # the single local user opens what the process can
    roots = [str(lake)]
    for allowed in (lake / "orders", f"{lake}/orders/*.parquet", "postgresql://u@db/x", "spark:sales.orders"):
        check_source_allowed(allowed, roots)
    for refused, words in (("/etc/passwd", "outside the folders"), (lake / "escape", "outside the folders"),
                           (f"{lake}/orders/../../elsewhere", "'..'"), (f"{lake}/*/../../etc/*", "'..'"),
                           ("duckdb:////etc/db.duckdb?table=t", "outside the folders")):
        with pytest.raises(EngineError, match=words):
            check_source_allowed(refused, roots)
    with pytest.raises(EngineError, match="opens no files on its server"):
        check_source_allowed(lake, [])
    assert data_roots({}, shared=False) is None and data_roots({}, shared=True) == []
    assert data_roots({"MLSCOUT_DATA_ROOTS": "/a:/b:"}, shared=True) == ["/a", "/b"]


def test_a_query_on_a_duckdb_database_cannot_read_other_files(tmp_path):
    import duckdb

    from mlscout.engines import open_source

    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("CREATE TABLE t AS SELECT 1 AS a")
    (tmp_path / "secret.csv").write_text("x\n1\n")
    with open_source(f"duckdb:///{database}", query=f"SELECT * FROM read_csv_auto('{tmp_path}/secret.csv')") as s:
        with pytest.raises(EngineError, match="DuckDB cannot read it"):
            s.statistics()
    with pytest.raises(EngineError, match="one SELECT statement"):
        open_source(f"duckdb:///{database}", query="DROP TABLE t")


def test_assess_reads_a_folder_where_it_lies_stratified_on_the_declared_target(sample_dir, tmp_path):
    frame = load_table(sample_dir / "telecom_churn.csv")[0].frame
    lake = parquet_parts(frame, tmp_path / "churn", 2)
    (tmp_path / "mlscout.yaml").write_text("thresholds:\n  sample_rows: 1000\n")
    out, err = io.StringIO(), io.StringIO()
    code = main(["assess", str(lake), "--config", str(tmp_path / "mlscout.yaml"), "--target", "churn:churn",
                 "--baselines", "1", "--budget", "5", "--quiet"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    document = json.loads(out.getvalue())
    [dataset] = document["datasets"]
    [baseline] = document["baselines"]  # the baseline says it ran on the engine's sample, first
    assert baseline["notes"][0] == "on the engine's sample of 1,000 of the table's 5,000 rows"
    assert dataset["rows"] == 5000 and dataset["source"]["engine"] == "duckdb"
    assert dataset["source"]["sample_rows"] == 1000
    assert "stratified on the target 'churn'" in dataset["source"]["sample_method"]
    missing = {f["column"]: f for f in dataset["findings"] if f["check_id"] == "missing_values"}
    sampled = [f for f in dataset["findings"] if "measured on a sample of 1,000 of the 5,000 rows" in f["message"]]
    assert sampled and all(f["check_id"] not in ("missing_values", "duplicate_rows") for f in sampled)
    assert not missing or all("sample" not in f["message"] for f in missing.values())
