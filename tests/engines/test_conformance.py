"""Same answers from every engine (issue 19): the sample data and a table with every defect kind, profiled by
pandas in memory, by DuckDB from Parquet files, by PostgreSQL through SQL pushdown and by Spark in local mode,
give the same statistics and the same findings.

Tolerances: statistics are exact (counts equal; numbers within 1e-9 relative) except the approximate distinct
counts, within 2%. A table larger than the sample an engine draws gives the whole table's counts, and the findings
of the checks that read only those counts are the in-memory ones; every other finding says it was measured on
the sample.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from mlscout.engines import (
    DuckDBSource,
    SparkSource,
    SQLSource,
    TableSource,
    load_source,
    pandas_statistics,
)
from mlscout.io import load_table
from mlscout.pipeline import analyse_dataset
from mlscout.profiling.checks import CHECKS
from mlscout.settings import Settings, Thresholds
from tests.engines.defects import defect_table
from tests.unit.file_builders import parquet_parts
from tests.unit.test_engines import assert_same

SAMPLE_TABLES = ("bank_calls", "credit_applications", "food_deliveries", "telecom_churn")
TABLES = (*SAMPLE_TABLES, "defects")


def table(name: str, sample_dir) -> pd.DataFrame:
    if name == "defects":
        return defect_table()
    return load_table(sample_dir / f"{name}.csv")[0].frame


def uploaded(frame: pd.DataFrame, name: str):
    """The table as a Parquet upload read by pandas: the reference."""
    data = io.BytesIO()
    frame.to_parquet(data, index=False)
    return load_table(data.getvalue(), f"{name}.parquet")[0]


def findings_of(dataset, settings: Settings | None = None) -> tuple[set[tuple[str, str, str]], object]:
    summary = analyse_dataset(dataset, settings)
    return {(f.check_id, f.column or "", f.severity) for f in summary.findings}, summary


_REFERENCES: dict[str, tuple] = {}


def reference_of(name: str, sample_dir):
    """The uploaded table and its findings, computed once for the three engines."""
    if name not in _REFERENCES:
        reference = uploaded(table(name, sample_dir), name)
        _REFERENCES[name] = (reference, *findings_of(reference))
    return _REFERENCES[name]


def open_engine(engine: str, frame: pd.DataFrame, name: str, tmp_path, postgres=None, spark=None) -> TableSource:
    if engine == "duckdb":
        return DuckDBSource(parquet_parts(frame, tmp_path / name, 2))  # a folder of parts read as one table
    if engine == "postgres":
        import sqlalchemy

        connection = sqlalchemy.create_engine(postgres.url)
        frame.to_sql(name, connection, index=False, if_exists="replace")
        connection.dispose()
        return SQLSource(postgres.url, table=name)
    return SparkSource(dataframe=spark_frame(spark, frame), session=spark)


def spark_frame(spark, frame: pd.DataFrame):
    """The table as a Spark DataFrame of the same types: a time without a zone is a TIMESTAMP_NTZ (Spark's
    inference would make it an instant in the session's zone)."""
    from pyspark.sql.types import StructField, StructType, TimestampNTZType

    inferred = spark.createDataFrame(frame).schema
    fields = [StructField(field.name, TimestampNTZType(), field.nullable)
              if pd.api.types.is_datetime64_dtype(frame[field.name].dtype) else field for field in inferred.fields]
    return spark.createDataFrame(frame, schema=StructType(fields))


def _engine_params():
    return [pytest.param("duckdb", id="duckdb"), pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
            pytest.param("spark", id="spark", marks=pytest.mark.spark)]


@pytest.mark.parametrize("engine", _engine_params())
@pytest.mark.parametrize("name", TABLES)
def test_every_engine_gives_the_same_statistics_and_findings(engine, name, sample_dir, tmp_path, request):
    postgres = request.getfixturevalue("postgres") if engine == "postgres" else None
    spark = request.getfixturevalue("spark") if engine == "spark" else None
    reference, expected, expected_summary = reference_of(name, sample_dir)
    with open_engine(engine, reference.frame, name, tmp_path, postgres, spark) as source:
        assert_same(pandas_statistics(reference.frame), source.statistics())
        dataset = load_source(source)
    assert dataset.info.engine == source.engine and dataset.info.sample_rows is None  # small: every row read
    assert len(dataset.frame) == len(reference.frame)
    actual, actual_summary = findings_of(dataset.renamed(reference.name))
    assert actual == expected, (sorted(expected - actual), sorted(actual - expected))
    assert actual_summary.readiness.overall == expected_summary.readiness.overall


@pytest.mark.parametrize("engine", _engine_params())
def test_a_table_larger_than_the_sample_keeps_the_whole_tables_counts(engine, tmp_path, request):
    """30,600 rows, a sample of 5,000: the counts are the whole table's, the findings of the checks that read
    only counts are the in-memory ones, and every other finding says it was measured on the sample."""
    postgres = request.getfixturevalue("postgres") if engine == "postgres" else None
    spark = request.getfixturevalue("spark") if engine == "spark" else None
    reference = uploaded(defect_table(rows=30_000, seed=1), "defects")
    settings = Settings(thresholds=Thresholds(sample_rows=5_000))
    with open_engine(engine, reference.frame, "big", tmp_path, postgres, spark) as source:
        dataset = load_source(source, sample_rows=5_000)
    assert (dataset.info.rows, dataset.info.sample_rows, len(dataset.frame)) == (30_600, 5_000, 5_000)
    assert dataset.info.sample_method and "sample" in dataset.info.load_notes[0]
    expected, expected_summary = findings_of(reference, settings)
    actual, actual_summary = findings_of(dataset.renamed(reference.name), settings)
    whole = {check for check, spec in CHECKS.items() if spec.whole_table}
    assert {f for f in actual if f[0] in whole} == {f for f in expected if f[0] in whole}
    assert {f[0] for f in actual if f[0] in whole} >= {"duplicate_rows", "missing_values", "identifier_column"}
    summary, truth = actual_summary, expected_summary
    assert (summary.rows, summary.duplicate_rows, summary.source.sample_rows) == (truth.rows, truth.duplicate_rows,
                                                                                5_000)
    for column, exact in zip(summary.columns, truth.columns, strict=True):
        assert (column.missing, column.distinct) == (exact.missing, exact.distinct), column.name
    for finding in actual_summary.findings:
        if finding.check_id not in whole:
            assert "measured on a sample of 5,000 of the 30,600 rows" in finding.message, finding.message
    # the readiness a sample gives stays near the whole table's
    assert abs(actual_summary.readiness.overall - expected_summary.readiness.overall) <= 5


@pytest.mark.parametrize("engine", _engine_params())
def test_the_sample_is_stratified_on_the_declared_target(engine, tmp_path, request):
    """6% churners and a class of three rows: the sample keeps every class and the shares of the table."""
    postgres = request.getfixturevalue("postgres") if engine == "postgres" else None
    spark = request.getfixturevalue("spark") if engine == "spark" else None
    frame = defect_table(rows=30_000, seed=2)
    frame.loc[:2, "churned"] = 2
    shares = frame["churned"].value_counts(normalize=True)
    with open_engine(engine, uploaded(frame, "t").frame, "strata", tmp_path, postgres, spark) as source:
        dataset = load_source(source, sample_rows=5_000, target="churned")
        # the same rows every time (Spark's sampling repeats per partitioning only: not asserted)
        again = load_source(source, sample_rows=5_000, target="churned") if engine != "spark" else None
    sample = dataset.frame["churned"].value_counts(normalize=True)
    assert set(sample.index) == {0, 1, 2}
    for level in (0, 1):
        assert abs(sample[level] - shares[level]) < 0.005, (level, sample[level], shares[level])
    assert abs(len(dataset.frame) - 5_000) <= 10
    assert "stratified on the target 'churned'" in dataset.info.load_notes[0]
    if again is not None:
        key = ["customer_id", "email"]
        assert sorted(map(tuple, dataset.frame[key].to_numpy())) == sorted(map(tuple, again.frame[key].to_numpy()))
