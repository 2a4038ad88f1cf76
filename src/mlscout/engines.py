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
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ENGINES", "ColumnStatistics", "DuckDBSource", "EngineError", "SQLSource", "SparkSource", "TableSource",
           "TableStatistics", "check_source_allowed", "duckdb_statistics", "is_engine_source", "load_source", "open_source",
           "pandas_statistics", "source_relation", "spark_session", "statistics_sql", "table_statistics"]

ENGINES = ("pandas", "duckdb", "sql", "spark")
TOP_VALUES = 10
MAX_STRATA = 50  # a declared target with more values than this is sampled at random, not by stratum
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "FLOAT", "DOUBLE", "REAL", "DECIMAL")


def _sql_kind(declared: str) -> str:
    """numeric, time or other, from a type as a database declares it (DOUBLE, TIMESTAMP WITH TIME ZONE, int...)."""
    base = declared.upper().split("(")[0].strip()
    if base in _NUMERIC or base in ("INT", "LONG", "SHORT", "BYTE"):
        return "numeric"
    if base.startswith(("TIMESTAMP", "DATE")) and base != "DATETIME_INTERVAL":
        return "time"
    return "other"


def _frame_kind(dtype: Any) -> str:
    """numeric, time or other, from a pandas dtype."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(dtype):
        return "other"
    if pd.api.types.is_numeric_dtype(dtype):
        return "numeric"
    return "time" if pd.api.types.is_datetime64_any_dtype(dtype) else "other"


class EngineError(ValueError):
    """A source the engine cannot read; the message says which and what to do."""


class ColumnStatistics(BaseModel):
    """What an engine computes of one column. Numeric statistics are None for other types."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: Literal["numeric", "time", "other"]
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
    first: datetime | None = Field(None, description="Earliest time (UTC), for a time column.")
    last: datetime | None = Field(None, description="Latest time (UTC), for a time column.")
    step_seconds: float | None = Field(None, description="Most common step between consecutive distinct times.")
    irregular_step_share: float | None = Field(None, description="Share of those steps that differ from it.")


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


def statistics_sql(relation: Any, columns: list[tuple[str, Any]], dialect: str = "duckdb", *,
                   exact: bool = True, one_query: bool = False) -> dict[str, str]:
    """The queries that compute `TableStatistics` over `relation`, in `dialect`; with ``exact=False``, distinct
    counts and quartiles are the engine's approximations (a sketch instead of every distinct value in memory).

    Returns ``{"rows": ..., "duplicates": ..., "column::<name>": ..., "top::<name>": ...}``: a query per column for
    its counts and numeric moments and one for its most frequent values, so that memory holds one column's
    distinct values at a time (a single pass over twenty columns ran out of a 1 GB limit on 5 million rows).
    With ``one_query=True`` the columns' counts and moments are one query instead (``"columns"``, the values in
    column order) and their distinct counts another (``"distinct"``): a cluster (Spark) runs two jobs rather than
    one per column.
    """
    from sqlglot import exp

    def col(name: str) -> exp.Column:
        return exp.column(name, quoted=True)

    queries = {"rows": exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(relation).sql(dialect=dialect)}
    every: list[exp.Expression] = []
    distincts: list[exp.Expression] = []
    for i, (name, kind) in enumerate(columns):
        numeric = _kind(kind) == "numeric"
        distinct = exp.Count(this=exp.Distinct(expressions=[col(name)])) if exact else exp.ApproxDistinct(
            this=col(name))
        # aliases that no SQL dialect reserves ("distinct" is a keyword SQLite refuses as a name)
        selects: list[exp.Expression] = [exp.alias_(exp.Count(this=col(name)), "n_values"),
                                         exp.alias_(distinct, "n_distinct")]
        if numeric:
            as_double = exp.cast(col(name), "DOUBLE")
            selects += [exp.alias_(exp.Min(this=as_double), "v_min"), exp.alias_(exp.Max(this=as_double), "v_max"),
                        exp.alias_(exp.Avg(this=as_double), "v_mean"),
                        exp.alias_(exp.StddevSamp(this=as_double), "v_std")]
            selects += [exp.alias_(_quantile(as_double, q, dialect, exact), label)
                        for q, label in ((0.25, "v_q1"), (0.5, "v_median"), (0.75, "v_q3"))]
        if one_query:
            every += [exp.alias_(select.this, f"c{i}_{select.alias}") for select in selects if
                      select.alias != "n_distinct"]
            distincts.append(exp.alias_(distinct, f"c{i}_n_distinct"))
        else:
            queries[f"column::{name}"] = exp.select(*selects).from_(relation).sql(dialect=dialect)
    if one_query and every:
        # two queries, not one: Spark expands every row once per distinct count beside the quantiles (24 s
        # instead of 4 s for 31 columns of 10,000 rows)
        queries["columns"] = exp.select(*every).from_(relation).sql(dialect=dialect)
        queries["distinct"] = exp.select(*distincts).from_(relation).sql(dialect=dialect)
    for name, kind in columns:
        if _kind(kind) == "time":
            queries[f"steps::{name}"] = _steps_query(relation, col(name)).sql(dialect=dialect)
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


def _quantile(value: Any, q: float, dialect: str, exact: bool) -> Any:
    """The `q` quantile with linear interpolation (what pandas computes), or the engine's approximation."""
    from sqlglot import exp

    if not exact:
        return exp.ApproxQuantile(this=value, quantile=exp.Literal.number(q))
    if dialect == "spark":
        # Spark 4 has PERCENTILE_CONT only as WITHIN GROUP, which sqlglot writes as the old two-argument form
        # that Spark refuses; PERCENTILE is Spark's exact, interpolated quantile
        return exp.Quantile(this=value, quantile=exp.Literal.number(q))
    return exp.PercentileCont(this=value, expression=exp.Literal.number(q))


def _steps_query(relation: Any, column: Any) -> Any:
    """The most common step, in whole seconds, between consecutive distinct times of `column`, its count and
    the count of all steps (one row), with the first and last time: what the profile reads for regularity."""
    from sqlglot import exp

    seconds = exp.func("ROUND", exp.TimeToUnix(this=column))
    distinct = exp.select(exp.alias_(seconds, "e")).from_(relation).where(
        exp.Not(this=exp.Is(this=column, expression=exp.Null()))).distinct().subquery("d")
    lag = exp.Window(this=exp.Anonymous(this="LAG", expressions=[exp.column("e")]),
                     order=exp.Order(expressions=[exp.Ordered(this=exp.column("e"))]))
    steps = exp.select(exp.alias_(exp.Sub(this=exp.column("e"), expression=lag), "step")).from_(distinct) \
        .subquery("s")
    counted = exp.select(exp.column("step"), exp.alias_(exp.Count(this=exp.Star()), "n")).from_(steps).where(
        exp.GT(this=exp.column("step"), expression=exp.Literal.number(0))).group_by(exp.column("step")).subquery("c")
    total = exp.Window(this=exp.Sum(this=exp.column("n")))
    return exp.select(exp.column("step"), exp.column("n"), exp.alias_(total, "total")).from_(counted).order_by(
        exp.Ordered(this=exp.column("n"), desc=True), exp.column("step")).limit(1)


# --------------------------------------------------------------------------------------------------
# engines
# --------------------------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# --------------------------------------------------------------------------------------------------
# sources: a table where it lives, and the engine that reads it
# --------------------------------------------------------------------------------------------------
class TableSource(ABC):
    """A table where it lives, read through SQL by its engine: statistics by queries, rows by a bounded sample.

    Subclasses say how to name the table in a query (`relation`), which columns are numbers (`columns`) and how
    to run a query (`_query`, `_frame`); the statistics and the sample are computed here once for every engine.
    `description` names the source for people and never carries a password.
    """

    engine: str = ""
    dialect: str = ""
    one_query: bool = False  # all columns' counts in one query (a cluster prefers one pass to twenty jobs)

    def __init__(self, name: str, description: str) -> None:
        self.name = name
        self.description = description

    @abstractmethod
    def relation(self) -> Any:
        """The sqlglot expression that names the table in a FROM clause."""

    @abstractmethod
    def columns(self) -> list[tuple[str, Any]]:
        """(name, kind) for every column, in order: kind is ``numeric``, ``time`` or ``other``."""

    @abstractmethod
    def _query(self, sql: str) -> list[tuple]:
        """The rows a query returns."""

    @abstractmethod
    def _frame(self, sql: str) -> Any:
        """The rows a query returns, as a DataFrame."""

    def _sample_sql(self, select_sql: str, rows: int, seed: int) -> str:
        """A query for `rows` of the rows `select_sql` returns, drawn at random, the same ones every time for the
        same `seed`."""
        return f"SELECT * FROM ({select_sql}) AS s LIMIT {int(rows)}"

    sample_method = "the first rows (this database offers no reproducible random sample)"

    def close(self) -> None:  # noqa: B027 - a source without a connection has nothing to release
        """Release the connection."""

    def __enter__(self) -> TableSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def row_count(self) -> int:
        relation = self.relation()
        from sqlglot import exp

        return int(self._query(exp.select(exp.Count(this=exp.Star())).from_(relation).sql(dialect=self.dialect))[0][0])

    def statistics(self, *, exact: bool = True) -> TableStatistics:
        """Rows, duplicate rows and every column's statistics, computed by the engine where the table lives."""
        columns = self.columns()
        queries = statistics_sql(self.relation(), columns, self.dialect, exact=exact, one_query=self.one_query)
        rows = int(self._query(queries["rows"])[0][0])
        distinct_rows = int(self._query(queries["duplicates"])[0][0])
        if self.one_query:
            merged = iter(self._query(queries["columns"])[0])
            distinct = iter(self._query(queries["distinct"])[0])
            per_column = {}
            for name, kind in columns:
                row = {key: next(merged) for key in _column_keys(kind) if key != "distinct"}
                per_column[name] = row | {"distinct": next(distinct)}
        else:
            per_column = {name: dict(zip(_column_keys(kind), self._query(queries[f"column::{name}"])[0],
                                         strict=True)) for name, kind in columns}
        stats = []
        for name, kind in columns:
            row = per_column[name]
            counted = _top_values_tell(kind, int(row["count"]), int(row["distinct"]))
            top = self._query(queries[f"top::{name}"]) if counted else []
            numbers = {key: _number(row.get(key)) for key in _MOMENTS} if _kind(kind) == "numeric" else {}
            times = self._time_facts(queries, name) if _kind(kind) == "time" else {}
            count = int(row["count"])
            stats.append(ColumnStatistics(
                name=name, kind=_kind(kind), count=count, missing=rows - count, **times,
                distinct=int(row["distinct"]), minimum=numbers.get("min"), maximum=numbers.get("max"),
                mean=numbers.get("mean"), std=numbers.get("std"), q1=numbers.get("q1"),
                median=numbers.get("median"), q3=numbers.get("q3"),
                top_values=tuple((_text(self._value(name, value)), int(n)) for value, n in top)))
        return TableStatistics(source=self.description, engine=self.engine, rows=rows,
                               duplicate_rows=rows - distinct_rows, columns=tuple(stats), exact=exact)

    def _value(self, column: str, value: Any) -> Any:
        """A value as the engine's driver returned it, made comparable across engines (see SparkSource)."""
        return value

    def _time_facts(self, queries: dict[str, str], name: str) -> dict[str, Any]:
        """First and last time, and the regularity of the steps, of a time column."""
        from sqlglot import exp

        column = exp.column(name, quoted=True)
        bounds = exp.select(exp.Min(this=column), exp.Max(this=column)).from_(self.relation()).sql(
            dialect=self.dialect)
        first, last = self._query(bounds)[0]
        facts: dict[str, Any] = {"first": _utc(self._value(name, first)), "last": _utc(self._value(name, last))}
        steps = self._query(queries[f"steps::{name}"])
        if steps and steps[0][0] is not None and int(steps[0][2] or 0) >= 2:
            step, n, total = steps[0]
            facts |= {"step_seconds": float(step), "irregular_step_share": 1 - int(n) / int(total)}
        return facts

    def sample(self, rows: int, *, seed: int = 0, total: int | None = None, strata: str | None = None) -> Any:
        """At most `rows` rows as a DataFrame: every row when the table is that small, else a reproducible
        random sample drawn by the engine (only the sample crosses to this process).

        With `strata` (the declared target), each of its values (and its missing value) is sampled on its own, in
        proportion to its rows and at least one row each, so the sample keeps the target's classes and their
        shares; a column of more than `MAX_STRATA` values is sampled at random instead.
        """
        import pandas as pd
        from sqlglot import exp

        total = self.row_count() if total is None else total
        select_all = exp.select(exp.Star()).from_(self.relation())
        if total <= rows:
            return self._frame(select_all.sql(dialect=self.dialect))
        levels = self._levels(strata) if strata else None
        if not levels:
            return self._frame(self._sample_sql(select_all.sql(dialect=self.dialect), rows, seed))
        column = exp.column(strata, quoted=True)
        parts = []
        for value, count in levels:
            condition = exp.Is(this=column, expression=exp.Null()) if value is None else exp.EQ(
                this=column, expression=exp.convert(value))
            select = select_all.where(condition).sql(dialect=self.dialect)
            wanted = max(1, round(rows * count / total))
            parts.append(self._frame(self._sample_sql(select, wanted, seed) if count > wanted else select))
        return pd.concat(parts, ignore_index=True)

    def _levels(self, column: str) -> list[tuple[Any, int]] | None:
        """The values of `column` with their rows, or None when it has more than `MAX_STRATA` (not a class)."""
        from sqlglot import exp

        name = exp.column(column, quoted=True)
        query = exp.select(exp.alias_(name, "value"), exp.alias_(exp.Count(this=exp.Star()), "n")).from_(
            self.relation()).group_by(name).limit(MAX_STRATA + 1).sql(dialect=self.dialect)
        levels = [(value, int(n)) for value, n in self._query(query)]
        return levels if len(levels) <= MAX_STRATA else None


_MOMENTS = ("min", "max", "mean", "std", "q1", "median", "q3")


def _top_values_tell(kind: str | bool, count: int, distinct: int) -> bool:
    """Whether a column's most frequent values are worth a query: not for a measure whose values are mostly
    distinct (each value once or twice says nothing, and grouping 20 million distinct numbers is a quarter of
    the work on a large table)."""
    return not (_kind(kind) == "numeric" and distinct > count / 2)


def _kind(kind: str | bool) -> str:
    """A column kind; True and False stand for numeric and other."""
    return "numeric" if kind is True else "other" if kind is False else str(kind)


def _column_keys(kind: str | bool) -> tuple[str, ...]:
    return ("count", "distinct", *_MOMENTS) if _kind(kind) == "numeric" else ("count", "distinct")


def _first_line(exc: BaseException, secret: str | None = None) -> str:
    text = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return text.replace(secret, "***") if secret else text


class DuckDBSource(TableSource):
    """CSV or Parquet files (a file, a glob or a folder), or a table of a DuckDB database file, read by DuckDB
    out of core: it streams the files and spills to a temporary folder beyond `memory_limit`."""

    engine = "duckdb"
    dialect = "duckdb"
    sample_method = "a reservoir sample drawn by DuckDB (repeatable)"

    def __init__(self, source: str | Path, *, table: str | None = None, query: str | None = None,
                 memory_limit: str = "1GB", threads: int = 2) -> None:
        import tempfile

        import duckdb

        self._database = table is not None or query is not None
        path = Path(str(source))
        if self._database:
            self._relation = _named_relation(table, query, self.dialect, str(source))
            name = table or path.stem
        else:
            self._relation = source_relation(source)
            name = path.stem if "*" not in str(source) else path.parent.name
        super().__init__(_dataset_name(name), str(source) + (f" table {table}" if table else ""))
        self.memory_limit = memory_limit
        self._threads = threads
        self._spill = tempfile.TemporaryDirectory(prefix="mlscout-duckdb-")
        config: dict[str, Any] = {"memory_limit": memory_limit, "threads": threads,
                                  "preserve_insertion_order": False}
        if self._database:  # a query on a database file must not read other files (read_csv('/etc/...'))
            config["enable_external_access"] = False  # DuckDB then spills beside the database file
        else:
            config["temp_directory"] = self._spill.name
        try:
            self._connection = duckdb.connect(str(source) if self._database else ":memory:",
                                              read_only=self._database, config=config)
        except duckdb.Error as exc:
            self._spill.cleanup()
            raise EngineError(f"{source}: DuckDB cannot open it ({_first_line(exc)}).") from None
        # no progress bar: DuckDB draws it on stdout, where `mlscout stats` writes its JSON
        self._connection.execute("SET enable_progress_bar = false")
        self._described: list[tuple[str, Any]] | None = None

    def relation(self) -> Any:
        return self._relation

    def columns(self) -> list[tuple[str, Any]]:
        if self._described is None:
            described = self._query(f"DESCRIBE SELECT * FROM {self._relation.sql(dialect='duckdb')}")
            self._described = [(str(name), _sql_kind(str(kind))) for name, kind, *_ in described]
        return self._described

    def _run(self, sql: str, fetch: Callable[[Any], Any]) -> Any:
        import duckdb

        try:
            return fetch(self._connection.execute(sql))
        except duckdb.OutOfMemoryException as exc:
            raise EngineError(f"{self.description}: over DuckDB's memory limit of {self.memory_limit} "
                              f"({_first_line(exc)[:120]}); raise the memory limit (--memory-limit).") from None
        except duckdb.Error as exc:
            raise EngineError(f"{self.description}: DuckDB cannot read it ({_first_line(exc)[:160]}).") from None

    def _query(self, sql: str) -> list[tuple]:
        return self._run(sql, lambda cursor: cursor.fetchall())

    def _frame(self, sql: str) -> Any:
        return self._run(sql, lambda cursor: cursor.df())

    def _sample_sql(self, select_sql: str, rows: int, seed: int) -> str:
        return (f"SELECT * FROM ({select_sql}) AS s USING SAMPLE reservoir({int(rows)} ROWS) "
                f"REPEATABLE ({int(seed)})")

    def sample(self, rows: int, *, seed: int = 0, total: int | None = None, strata: str | None = None) -> Any:
        # one thread: DuckDB repeats a sample for a seed only when a single thread draws it
        self._connection.execute("SET threads = 1")
        try:
            return super().sample(rows, seed=seed, total=total, strata=strata)
        finally:
            self._connection.execute(f"SET threads = {int(self._threads)}")

    def close(self) -> None:
        self._connection.close()
        self._spill.cleanup()


class SQLSource(TableSource):
    """A table or a SELECT query in any database SQLAlchemy reaches (PostgreSQL tested): the aggregates run in
    the database, and only they and a bounded sample cross the network."""

    engine = "sql"
    _DIALECTS = {"postgresql": "postgres", "mssql": "tsql", "mysql": "mysql", "mariadb": "mysql",
                 "sqlite": "sqlite", "oracle": "oracle", "snowflake": "snowflake", "bigquery": "bigquery",
                 "redshift": "redshift", "duckdb": "duckdb", "trino": "trino"}

    def __init__(self, url: str, *, table: str | None = None, query: str | None = None,
                 password: str | None = None) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            parsed = make_url(url)
        except ArgumentError:
            raise EngineError("the database address is not a URL such as postgresql://user@host/db.") from None
        if parsed.drivername == "postgresql":  # SQLAlchemy's default driver (psycopg2) is not the one installed
            parsed = parsed.set(drivername="postgresql+psycopg")
        if password:  # typed in the app: used for this connection, never kept
            parsed = parsed.set(password=password)
        self._password = parsed.password
        shown = parsed.render_as_string(hide_password=True)
        if table is None and query is None:
            raise EngineError(f"{shown}: say which table (--table NAME) or which query (--query 'SELECT ...').")
        self.dialect = self._DIALECTS.get(parsed.get_backend_name(), parsed.get_backend_name())
        self._relation = _named_relation(table, query, self.dialect, shown)
        super().__init__(_dataset_name(table or parsed.database or "query"),
                         f"{shown} " + (f"table {table}" if table else "query"))
        try:
            self._engine = create_engine(parsed, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as exc:
            raise EngineError(f"{shown}: no driver for this database is installed ({_first_line(exc)}).") from None
        self._table = table
        self._described: list[tuple[str, Any]] | None = None
        if self.dialect == "postgres":
            self.sample_method = ("a random sample drawn by the database (repeatable: rows ordered by a hash of "
                                  "their content)")

    def relation(self) -> Any:
        return self._relation

    def _connect(self) -> Any:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return self._engine.connect()
        except SQLAlchemyError as exc:
            raise EngineError(f"{self.description}: cannot connect ({_first_line(exc, self._password)}).") from None

    def _query(self, sql: str) -> list[tuple]:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        with self._connect() as connection:
            try:
                return [tuple(row) for row in connection.execute(text(sql)).fetchall()]
            except SQLAlchemyError as exc:
                raise EngineError(f"{self.description}: the database refused a query "
                                  f"({_first_line(exc, self._password)}).") from None

    def _frame(self, sql: str) -> Any:
        import pandas as pd
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        with self._connect() as connection:
            try:
                return pd.read_sql(text(sql), connection)
            except SQLAlchemyError as exc:
                raise EngineError(f"{self.description}: the database refused a query "
                                  f"({_first_line(exc, self._password)}).") from None

    def columns(self) -> list[tuple[str, Any]]:
        if self._described is None:

            relation_sql = self._relation.sql(dialect=self.dialect)
            head = self._frame(f"SELECT * FROM {relation_sql} LIMIT 1000")
            types = self._declared_types()
            self._described = [(str(name), types.get(str(name)) or _frame_kind(head[name].dtype))
                               for name in head.columns]
        return self._described

    def _declared_types(self) -> dict[str, str]:
        """numeric, time or other, as the database declares each column of a table (a query's columns are read
        from its first rows)."""
        if self._table is None:
            return {}
        from sqlalchemy import inspect
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.types import Boolean, Date, DateTime, Float, Integer, Numeric

        schema, _, table = self._table.rpartition(".")
        try:
            declared = inspect(self._engine).get_columns(table, schema=schema or None)
        except (SQLAlchemyError, NotImplementedError):
            return {}
        kinds = {}
        for column in declared:
            kind = column["type"]
            kinds[str(column["name"])] = "other" if isinstance(kind, Boolean) else "numeric" if isinstance(
                kind, (Numeric, Integer, Float)) else "time" if isinstance(kind, (Date, DateTime)) else "other"
        return kinds

    def _sample_sql(self, select_sql: str, rows: int, seed: int) -> str:
        if self.dialect == "postgres":
            return (f"SELECT s.* FROM ({select_sql}) AS s ORDER BY md5('{int(seed)}' || CAST(s AS TEXT)) "
                    f"LIMIT {int(rows)}")
        return super()._sample_sql(select_sql, rows, seed)

    def close(self) -> None:
        self._engine.dispose()


class SparkSource(TableSource):
    """A Spark table or DataFrame, read through Spark SQL: the aggregates run on the cluster (or `local[2]`),
    and only they and a bounded sample reach this process."""

    engine = "spark"
    dialect = "spark"
    one_query = True
    sample_method = "a random sample drawn by Spark (repeatable for the seed)"

    def __init__(self, table: str | None = None, *, dataframe: Any = None, session: Any = None,
                 master: str | None = None) -> None:
        if (table is None) == (dataframe is None):
            raise EngineError("spark: name a table (spark:TABLE) or pass a DataFrame.")
        self._session = session or spark_session(master)
        if dataframe is not None:
            self._view = f"mlscout_view_{id(dataframe):x}"
            dataframe.createOrReplaceTempView(self._view)
            name, self._table = "spark_dataframe", self._view
        else:
            name, self._table = table, table
        super().__init__(_dataset_name(str(name).rpartition(".")[2]), f"spark table {name}")
        from sqlglot import exp

        db, _, last = self._table.rpartition(".")
        self._relation = exp.table_(exp.to_identifier(last, quoted=True),
                                    db=exp.to_identifier(db, quoted=True) if db else None)

    def relation(self) -> Any:
        return self._relation

    def _dataframe(self) -> Any:
        try:
            return self._session.table(self._table)
        except Exception as exc:  # noqa: BLE001 - Spark's errors have no common base class in Python
            raise EngineError(f"{self.description}: Spark cannot read it ({_first_line(exc)}).") from None

    def columns(self) -> list[tuple[str, Any]]:
        self._types = dict(self._dataframe().dtypes)
        return [(name, _sql_kind(kind)) for name, kind in self._types.items()]

    def _value(self, column: str, value: Any) -> Any:
        # A TIMESTAMP is an instant, which PySpark hands over as a naive time in this machine's zone: made an
        # aware one (a TIMESTAMP_NTZ stays naive, as it is)
        if isinstance(value, datetime) and value.tzinfo is None and getattr(self, "_types", {}).get(
                column) == "timestamp":
            from datetime import UTC

            return value.astimezone(UTC)
        return value

    def _query(self, sql: str) -> list[tuple]:
        try:
            return [tuple(row) for row in self._session.sql(sql).collect()]
        except Exception as exc:  # noqa: BLE001 - as above
            raise EngineError(f"{self.description}: Spark refused a query ({_first_line(exc)}).") from None

    def _frame(self, sql: str) -> Any:
        return self._session.sql(sql).toPandas()

    def sample(self, rows: int, *, seed: int = 0, total: int | None = None, strata: str | None = None) -> Any:
        total = self.row_count() if total is None else total
        frame = self._dataframe()
        if total > rows:  # a little more than needed, then cut: Bernoulli sampling gives about the fraction
            fraction = min(1.0, 1.1 * rows / total)
            levels = self._levels(strata) if strata else None
            if levels and all(value is not None for value, _ in levels):
                # each class at the same fraction, rare ones at least once (Spark's sampleBy takes no missing key)
                fractions = {value: min(1.0, max(fraction, 1.0 / count)) for value, count in levels}
                frame = frame.sampleBy(strata, fractions=fractions, seed=seed).limit(rows)
            else:
                frame = frame.sample(withReplacement=False, fraction=fraction, seed=seed).limit(rows)
        return frame.toPandas()


def spark_session(master: str | None = None) -> Any:
    """A Spark session: Spark Connect when ``SPARK_REMOTE`` is set, else `master` (default ``local[2]``).

    Times are read and written in UTC so that statistics do not depend on the machine's time zone.
    """
    import os

    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("the spark engine needs pyspark: pip install 'mlscout[spark]'.") from None
    builder = SparkSession.builder.appName("mlscout")
    if os.environ.get("SPARK_REMOTE") and master is None:
        builder = builder.remote(os.environ["SPARK_REMOTE"])
    else:
        master = master or "local[2]"
        builder = builder.master(master).config("spark.sql.execution.arrow.pyspark.enabled", "true")
        if master.startswith("local"):
            # one machine: no web UI, one shuffle partition and no adaptive planning (each of the profile's many
            # small jobs then plans and runs faster: 15% on the conformance tests); a cluster keeps its settings
            builder = (builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                       .config("spark.sql.adaptive.enabled", "false"))
    return builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()


def _named_relation(table: str | None, query: str | None, dialect: str, shown: str) -> Any:
    """A table name (``schema.table`` allowed) or a SELECT query as a FROM item; anything but a query that
    reads is refused, so a source can never change the data."""
    import sqlglot
    from sqlglot import exp

    if table is not None:
        db, _, name = table.rpartition(".")
        return exp.table_(exp.to_identifier(name, quoted=True), db=exp.to_identifier(db, quoted=True) if db else None)
    try:
        parsed = sqlglot.parse(query or "", read=dialect)
    except sqlglot.errors.ParseError as exc:
        raise EngineError(f"{shown}: the query does not parse ({str(exc).splitlines()[0][:160]}).") from None
    if len(parsed) != 1 or not isinstance(parsed[0], exp.Query):
        raise EngineError(f"{shown}: --query takes one SELECT statement (it only reads).")
    return parsed[0].subquery("q")


def _dataset_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.-]+", "_", name).strip("_.")
    return cleaned or "table"


def open_source(spec: str | Path, *, table: str | None = None, query: str | None = None,
                memory_limit: str = "1GB", spark_master: str | None = None, password: str | None = None
                ) -> TableSource:
    """The source a command line names: a file, glob or folder (DuckDB), ``duckdb:///file.db?table=NAME``,
    any SQLAlchemy URL with a `table` or a `query` (``postgresql://user@host/db``), or ``spark:TABLE``.

    A password in a URL is used to connect and is never shown: the source's description hides it.
    """
    from urllib.parse import parse_qs, urlsplit

    text = str(spec)
    if text.startswith("spark:"):
        return SparkSource(text.removeprefix("spark:") or table, master=spark_master)
    if text.startswith("duckdb://"):
        options = parse_qs(urlsplit(text).query)
        return DuckDBSource(_local_path(text), table=table or options.get("table", [None])[0], query=query,
                            memory_limit=memory_limit)
    if re.match(r"^[a-z][a-z0-9+.-]*://", text):
        return SQLSource(text, table=table, query=query, password=password)
    return DuckDBSource(text, memory_limit=memory_limit)


def _local_path(spec: str) -> str:
    """The file a ``duckdb://`` or ``sqlite://`` URL names, as SQLAlchemy reads them: ``duckdb:///w.db`` is
    ``w.db`` (relative), ``duckdb:////data/w.db`` is ``/data/w.db``; a plain path is itself."""
    from urllib.parse import urlsplit

    if not re.match(r"^(duckdb|sqlite|file)://", spec):
        return spec
    parts = urlsplit(spec)
    return parts.netloc + parts.path if parts.netloc else parts.path[1:]


def check_source_allowed(spec: str | Path, data_roots: Sequence[str | Path] | None) -> None:
    """Refuse a source a shared app must not open.

    Parameters
    ----------
    spec : str or Path
        What the user typed: a path, glob or folder, or a URL.
    data_roots : sequence of paths, or None
        None for the single local user, who may open anything this process can. Otherwise (a shared
        deployment) files are opened only inside these folders (``MLSCOUT_DATA_ROOTS``); an empty sequence
        allows no file at all. Database URLs need the user's own credentials and stay allowed, Spark too.

    Raises
    ------
    EngineError
        Naming the source and what the administrator can do.
    """
    if data_roots is None:
        return
    text = str(spec)
    if text.startswith("spark:") or (re.match(r"^[a-z][a-z0-9+.-]*://", text) and not text.startswith(
            ("duckdb://", "sqlite://", "file://"))):
        return
    path_text = _local_path(text)
    if ".." in Path(path_text).parts:  # a glob's '..' after its first star would climb out of a root
        raise EngineError(f"{text}: a path with '..' is not opened by a shared app; give the folder itself.")
    if "*" in path_text:
        path_text = path_text[:path_text.index("*")].rpartition("/")[0] or "/"
    resolved = Path(path_text).expanduser().resolve()
    for root in data_roots:
        if resolved.is_relative_to(Path(root).expanduser().resolve()):
            return
    if not data_roots:
        raise EngineError(f"{text}: this shared app opens no files on its server; an administrator can allow "
                          "folders with MLSCOUT_DATA_ROOTS.")
    raise EngineError(f"{text}: outside the folders this shared app may read ("
                      f"{', '.join(str(r) for r in data_roots)}).")


def is_engine_source(spec: str | Path) -> bool:
    """Whether a command-line source is read by an engine (a URL, a glob or a folder) rather than loaded."""
    text = str(spec)
    return bool(re.match(r"^([a-z][a-z0-9+.-]*://|spark:)", text)) or "*" in text or Path(text).is_dir()


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
    with DuckDBSource(source, memory_limit=memory_limit, threads=threads) as table:
        return table.statistics(exact=exact)

def _utc(value: Any) -> datetime | None:
    """A time as naive UTC (a date at midnight), whichever engine returned it."""
    from datetime import UTC, date

    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _text(value: Any) -> str:
    """A value as the statistics write it, whichever engine read it: times in UTC and ISO form, flags in lower
    case, numbers as Python writes them."""
    from datetime import UTC, datetime
    from decimal import Decimal

    if isinstance(value, Decimal):  # a database's NUMERIC: written as the float pandas reads
        value = float(value)
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
        kind = _frame_kind(series.dtype)
        numeric = kind == "numeric"
        numbers: dict[str, float | None] = {}
        if numeric and len(present):
            values = present.astype("float64")
            numbers = {"min": values.min(), "max": values.max(), "mean": values.mean(),
                       "std": values.std(ddof=1) if len(values) > 1 else None, "q1": values.quantile(0.25),
                       "median": values.quantile(0.5), "q3": values.quantile(0.75)}
            numbers = {key: _number(value) for key, value in numbers.items()}
        counts = present.value_counts() if _top_values_tell(kind, len(present), present.nunique()) else \
            pd.Series(dtype="int64")
        try:
            top = sorted(counts.items(), key=_value_order)[:TOP_VALUES]
        except TypeError:  # values of several types: ordered by their text
            top = sorted(counts.items(), key=lambda item: (-item[1], _text(item[0])))[:TOP_VALUES]
        stats.append(ColumnStatistics(
            name=str(name), kind=kind, count=int(len(present)), **(_frame_time_facts(present) if kind == "time"
                                                                   else {}),
            missing=int(len(series) - len(present)), distinct=int(present.nunique()), minimum=numbers.get("min"),
            maximum=numbers.get("max"), mean=numbers.get("mean"), std=numbers.get("std"), q1=numbers.get("q1"),
            median=numbers.get("median"), q3=numbers.get("q3"),
            top_values=tuple((_text(value), int(n)) for value, n in top)))
    return TableStatistics(source=source, engine="pandas", rows=int(len(frame)),
                           duplicate_rows=int(frame.duplicated().sum()), columns=tuple(stats))


def _frame_time_facts(present: Any) -> dict[str, Any]:
    """What `TableSource._time_facts` computes, from the non-missing times of a Series."""
    import numpy as np

    times = present.dt.tz_convert("UTC").dt.tz_localize(None) if getattr(present.dt, "tz", None) else present
    if times.empty:
        return {}
    facts: dict[str, Any] = {"first": times.min().to_pydatetime(), "last": times.max().to_pydatetime()}
    seconds = np.unique(np.round(times.astype("datetime64[us]").astype("int64").to_numpy() / 1e6))
    steps = np.diff(seconds)
    steps = steps[steps > 0]
    if steps.size >= 2:
        values, counts = np.unique(steps, return_counts=True)
        best = int(np.argmax(counts))  # the smallest of the most common steps, as the SQL orders them
        facts |= {"step_seconds": float(values[best]), "irregular_step_share": 1 - counts[best] / steps.size}
    return facts


def table_statistics(source: str | Path, engine: str = "auto", *, table: str | None = None,
                     query: str | None = None, memory_limit: str = "1GB", exact: bool = True,
                     spark_master: str | None = None) -> TableStatistics:
    """Statistics of `source` where it lives (`open_source`), or, with ``engine="pandas"``, of the file loaded
    into memory by ML Scout's loader."""
    if engine == "pandas":
        from mlscout.io import load_table

        dataset = load_table(source)[0]
        return pandas_statistics(dataset.frame, str(source))
    if engine not in ("auto", *ENGINES):
        raise EngineError(f"unknown engine {engine!r}: choose one of auto, {', '.join(ENGINES)}.")
    with open_source(source, table=table, query=query, memory_limit=memory_limit,
                     spark_master=spark_master) as opened:
        if engine not in ("auto", opened.engine):
            raise EngineError(f"{opened.description} is read by the {opened.engine} engine, not {engine}.")
        return opened.statistics(exact=exact)


def load_source(source: TableSource, *, sample_rows: int = 200_000, seed: int = 0, exact: bool = True,
                target: str | None = None) -> Any:
    """A `mlscout.io.Dataset` of a table where it lives: the engine's statistics of every row, and at most
    `sample_rows` rows drawn by the engine for the checks that read rows.

    The dataset's info says which engine read it, how many rows the table has and how the sample was drawn;
    its `statistics` are the whole table's, which the profile takes over from the sample's
    (`mlscout.profiling.dataset.with_table_statistics`). A declared `target` column stratifies the sample.
    """
    import hashlib

    from mlscout.io import Dataset, DatasetInfo

    statistics = source.statistics(exact=exact)
    strata = target if target in {c.name for c in statistics.columns} else None
    frame = source.sample(sample_rows, seed=seed, total=statistics.rows, strata=strata)
    frame.columns = [str(c) for c in frame.columns]
    sampled = len(frame) < statistics.rows
    method = source.sample_method + (f", stratified on the target '{strata}'" if strata else "")
    notes = [f"Read by the {source.engine} engine where the table lives: statistics of all {statistics.rows:,} "
             "rows" + (f"; the checks that read rows use {len(frame):,} of them, {method}."
                       if sampled else "; all rows read.")]
    identity = hashlib.sha256(f"{source.engine}|{source.description}|{statistics.rows}".encode()).hexdigest()
    info = DatasetInfo(name=source.name, file_name=source.description, format=source.engine, bytes=0,
                       rows=statistics.rows, columns=len(statistics.columns), content_hash=identity,
                       load_notes=tuple(notes), engine=source.engine,
                       sample_rows=len(frame) if sampled else None,
                       sample_method=method if sampled else None)
    return Dataset(info, frame, statistics=statistics)
