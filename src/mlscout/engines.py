"""Column statistics where the data lives: one interface, a pandas engine and a DuckDB engine, queries written once.

The statistics a profile starts from — rows, per column the non-missing count, distinct values, minimum, maximum,
mean, standard deviation, quartiles and the most frequent values, and the duplicate rows — are computed by an
engine. The ``pandas`` engine reads a DataFrame in memory (today's path for uploads). The ``duckdb`` engine reads
files where they are — a CSV or Parquet file, a glob, or a folder of them — streaming under a memory limit, so a
table larger than memory moves only aggregates. Its SQL is built once with sqlglot expressions in DuckDB's dialect
and can be transpiled to any other (`statistics_sql(..., dialect="postgres")`), rather than hand-written copies.

This is the first step of issue 19: the statistics are conformance-tested between the two engines; the checks and
the assessment still read the pandas profile.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ENGINES", "ColumnStatistics", "EngineError", "TableStatistics", "duckdb_statistics",
           "pandas_statistics", "source_relation", "statistics_sql", "table_statistics"]

ENGINES = ("pandas", "duckdb")
TOP_VALUES = 10
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "FLOAT", "DOUBLE", "REAL", "DECIMAL")


class EngineError(ValueError):
    """A source the engine cannot read; the message says which and what to do."""


class ColumnStatistics(BaseModel):
    """What an engine computes of one column. Numeric statistics are None for other types."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: Literal["numeric", "other"]
    count: int
    missing: int
    distinct: int
    minimum: float | None = None
    maximum: float | None = None
    mean: float | None = None
    std: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    top_values: tuple[tuple[str, int], ...] = ()


class TableStatistics(BaseModel):
    """What an engine computes of one table, and how."""

    model_config = ConfigDict(frozen=True)

    source: str
    engine: str
    rows: int
    duplicate_rows: int
    columns: tuple[ColumnStatistics, ...]
    exact: bool = Field(True, description="False when distinct counts and quartiles are approximations.")


# --------------------------------------------------------------------------------------------------
# the SQL, written once
# --------------------------------------------------------------------------------------------------
def source_relation(source: str | Path) -> Any:
    """The sqlglot table expression that reads `source`: a CSV or Parquet file, a glob of them, or a folder.

    The path is a string literal in the query (never spliced text), so no file name can become SQL.
    """
    from sqlglot import exp

    path = Path(source)
    if path.is_dir():
        kinds = {p.suffix.lower() for p in path.iterdir() if p.is_file()}
        if ".parquet" in kinds:
            pattern, reader = str(path / "*.parquet"), "read_parquet"
        elif kinds & {".csv", ".tsv"}:
            pattern, reader = str(path / ("*.csv" if ".csv" in kinds else "*.tsv")), "read_csv_auto"
        else:
            raise EngineError(f"{path}: no .parquet or .csv file in this folder.")
    else:
        pattern = str(path)
        suffixes = "".join(Path(pattern.replace("*", "x")).suffixes).lower()
        if ".parquet" in suffixes:
            reader = "read_parquet"
        elif any(kind in suffixes for kind in (".csv", ".tsv", ".txt")):
            reader = "read_csv_auto"
        else:
            raise EngineError(f"{source}: the duckdb engine reads CSV and Parquet files (a file, a glob or a "
                              "folder); load other formats with the pandas engine.")
    return exp.func(reader, exp.Literal.string(pattern))


def statistics_sql(relation: Any, columns: list[tuple[str, bool]], dialect: str = "duckdb", *,
                   exact: bool = True) -> dict[str, str]:
    """The queries that compute `TableStatistics` over `relation`, in `dialect`; with ``exact=False``, distinct
    counts and quartiles are the engine's approximations (a sketch instead of every distinct value in memory).

    Returns ``{"rows": ..., "duplicates": ..., "column::<name>": ..., "top::<name>": ...}``: a query per column for
    its counts and numeric moments and one for its most frequent values, so that memory holds one column's
    distinct values at a time (a single pass over twenty columns ran out of a 1 GB limit on 5 million rows).
    """
    from sqlglot import exp

    def col(name: str) -> exp.Column:
        return exp.column(name, quoted=True)

    queries = {"rows": exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(relation).sql(dialect=dialect)}
    for name, numeric in columns:
        distinct = exp.Count(this=exp.Distinct(expressions=[col(name)])) if exact else exp.ApproxDistinct(
            this=col(name))
        selects: list[exp.Expression] = [exp.alias_(exp.Count(this=col(name)), "count"),
                                         exp.alias_(distinct, "distinct")]
        if numeric:
            as_double = exp.cast(col(name), "DOUBLE")
            selects += [exp.alias_(exp.Min(this=as_double), "min"), exp.alias_(exp.Max(this=as_double), "max"),
                        exp.alias_(exp.Avg(this=as_double), "mean"), exp.alias_(exp.StddevSamp(this=as_double), "std")]
            selects += [exp.alias_(exp.PercentileCont(this=as_double, expression=exp.Literal.number(q)) if exact
                                   else exp.ApproxQuantile(this=as_double, quantile=exp.Literal.number(q)), label)
                        for q, label in ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))]
        queries[f"column::{name}"] = exp.select(*selects).from_(relation).sql(dialect=dialect)
    distinct_rows = exp.select(exp.Star()).from_(relation).distinct().subquery("d")
    queries["duplicates"] = exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(distinct_rows).sql(
        dialect=dialect)
    for name, _ in columns:
        # the values themselves, not a cast to text (whose format differs between engines): they are written as
        # text by `_text`, the same function the pandas engine uses; ties are broken by the value
        queries[f"top::{name}"] = (
            exp.select(exp.alias_(col(name), "value"), exp.alias_(exp.Count(this=exp.Star()), "n"))
            .from_(relation).where(exp.Not(this=exp.Is(this=col(name), expression=exp.Null())))
            .group_by(col(name)).order_by(exp.Ordered(this=exp.column("n"), desc=True), exp.column("value"))
            .limit(TOP_VALUES).sql(dialect=dialect))
    return queries


# --------------------------------------------------------------------------------------------------
# engines
# --------------------------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def duckdb_statistics(source: str | Path, *, memory_limit: str = "1GB", threads: int = 2,
                      exact: bool = True) -> TableStatistics:
    """Statistics of a CSV or Parquet file, glob or folder, computed by DuckDB out of core.

    Parameters
    ----------
    source : str or Path
        A file, a glob such as ``lake/*.parquet``, or a folder of Parquet (or CSV) files.
    memory_limit : str
        DuckDB's memory limit (it spills to disk beyond it), for example ``"1GB"``.
    threads : int
        Worker threads DuckDB may use.
    exact : bool
        Exact distinct counts and quartiles (default); False for DuckDB's approximations (HyperLogLog distinct
        counts within a few percent, t-digest quartiles), stated in the result's ``exact``.
    """
    import tempfile

    import duckdb

    relation = source_relation(source)
    with tempfile.TemporaryDirectory(prefix="mlscout-duckdb-") as spill:
        connection = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads,
                                            "temp_directory": spill, "preserve_insertion_order": False})
        # no progress bar: DuckDB draws it on stdout, where `mlscout stats` writes its JSON
        connection.execute("SET enable_progress_bar = false")
        try:
            try:
                described = connection.execute(f"DESCRIBE SELECT * FROM {relation.sql(dialect='duckdb')}").fetchall()
            except duckdb.Error as exc:
                raise EngineError(f"{source}: DuckDB cannot read it ({str(exc).splitlines()[0][:160]}).") from None
            columns = [(str(name), str(kind).upper().split("(")[0] in _NUMERIC) for name, kind, *_ in described]
            queries = statistics_sql(relation, columns, exact=exact)
            try:
                rows = int(connection.execute(queries["rows"]).fetchone()[0])
                distinct_rows = int(connection.execute(queries["duplicates"]).fetchone()[0])
                stats = [_duckdb_column(connection, queries, name, numeric, rows) for name, numeric in columns]
            except duckdb.OutOfMemoryException as exc:
                raise EngineError(f"{source}: over DuckDB's memory limit of {memory_limit} "
                                  f"({str(exc).splitlines()[0][:120]}); raise --memory-limit.") from None
        finally:
            connection.close()
    return TableStatistics(source=str(source), engine="duckdb", rows=rows, duplicate_rows=rows - distinct_rows,
                           columns=tuple(stats), exact=exact)


def _duckdb_column(connection: Any, queries: dict[str, str], name: str, numeric: bool, rows: int
                   ) -> ColumnStatistics:
    cursor = connection.execute(queries[f"column::{name}"])
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    top = connection.execute(queries[f"top::{name}"]).fetchall()
    numbers = {key: _number(row.get(key)) for key in ("min", "max", "mean", "std", "q1", "median", "q3")} \
        if numeric else {}
    count = int(row["count"])
    return ColumnStatistics(
        name=name, kind="numeric" if numeric else "other", count=count, missing=rows - count,
        distinct=int(row["distinct"]), minimum=numbers.get("min"), maximum=numbers.get("max"),
        mean=numbers.get("mean"), std=numbers.get("std"), q1=numbers.get("q1"), median=numbers.get("median"),
        q3=numbers.get("q3"), top_values=tuple((_text(value), int(n)) for value, n in top))


def _text(value: Any) -> str:
    """A value as the statistics write it, whichever engine read it: times in UTC and ISO form, flags in lower
    case, numbers as Python writes them."""
    from datetime import UTC, datetime

    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo is not None else value).isoformat(sep=" ")
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    return str(value)


def _value_order(item: tuple[Any, int]) -> tuple:
    """Most frequent first, ties by the value itself (as the SQL orders them)."""
    value, count = item
    return (-count, value)


def pandas_statistics(frame: Any, source: str = "frame") -> TableStatistics:
    """The same statistics of a DataFrame in memory."""
    import pandas as pd

    stats = []
    for name in frame.columns:
        series = frame[name]
        present = series.dropna()
        numeric = pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)
        numbers: dict[str, float | None] = {}
        if numeric and len(present):
            values = present.astype("float64")
            numbers = {"min": values.min(), "max": values.max(), "mean": values.mean(),
                       "std": values.std(ddof=1) if len(values) > 1 else None, "q1": values.quantile(0.25),
                       "median": values.quantile(0.5), "q3": values.quantile(0.75)}
            numbers = {key: _number(value) for key, value in numbers.items()}
        counts = present.value_counts()
        try:
            top = sorted(counts.items(), key=_value_order)[:TOP_VALUES]
        except TypeError:  # values of several types: ordered by their text
            top = sorted(counts.items(), key=lambda item: (-item[1], _text(item[0])))[:TOP_VALUES]
        stats.append(ColumnStatistics(
            name=str(name), kind="numeric" if numeric else "other", count=int(len(present)),
            missing=int(len(series) - len(present)), distinct=int(present.nunique()), minimum=numbers.get("min"),
            maximum=numbers.get("max"), mean=numbers.get("mean"), std=numbers.get("std"), q1=numbers.get("q1"),
            median=numbers.get("median"), q3=numbers.get("q3"),
            top_values=tuple((_text(value), int(n)) for value, n in top)))
    return TableStatistics(source=source, engine="pandas", rows=int(len(frame)),
                           duplicate_rows=int(frame.duplicated().sum()), columns=tuple(stats))


def table_statistics(source: str | Path, engine: str = "duckdb", **options: Any) -> TableStatistics:
    """Statistics of `source` by the named engine (`ENGINES`); pandas loads the file with ML Scout's loader."""
    if engine == "duckdb":
        return duckdb_statistics(source, **options)
    if engine == "pandas":
        from mlscout.io import load_table

        dataset = load_table(source)[0]
        return pandas_statistics(dataset.frame, str(source))
    raise EngineError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")
