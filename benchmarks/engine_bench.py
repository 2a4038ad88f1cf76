"""A Parquet lake larger than a comfortable in-memory table, profiled where it lies: ML Scout's whole assessment
through the DuckDB engine (statistics of every row, a 200,000-row sample for the checks that read rows) and its
statistics alone, beside DuckDB's own SUMMARIZE (the reference for speed), Polars' lazy describe, ydata-profiling
on the part of the table it can hold, and pandas reading the whole lake (optional); then the same table in
PostgreSQL, profiled by pushdown, with the bytes the client received.

A generated table of `--rows` rows x 20 columns (ids, measures, categories, dates, 5% missing) is written as
`--parts` Parquet files; each tool runs in a fresh process, peak memory from /proc/self/status (VmHWM), bytes received
from /proc/self/io. Prints a Markdown table for docs/benchmarks.md.
Run: `.venv/bin/python benchmarks/engine_bench.py --rows 20000000`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

CHILD = r"""
import glob, json, os, sys, time
tool, lake = sys.argv[1], sys.argv[2]


def received() -> int:
    with open("/proc/self/io") as io:
        return int(next(line for line in io if line.startswith("rchar:")).split()[1])


start, before = time.perf_counter(), received()
if tool == "mlscout-assess":
    from mlscout.pipeline import assess
    from mlscout.settings import Settings
    assessment = assess([lake], Settings(), baselines=0, engine_options={"memory_limit": "1GB"})
    summary = assessment.datasets[0]
    shape = (f"{summary.rows:,} rows, {len(summary.findings)} findings, readiness "
             f"{summary.readiness.overall:.0f}; checks on a {summary.source.sample_rows:,}-row sample")
elif tool == "mlscout-duckdb":
    from mlscout.engines import duckdb_statistics
    stats = duckdb_statistics(lake, memory_limit="1GB")
    shape = f"{stats.rows:,} rows, {len(stats.columns)} columns"
elif tool == "duckdb-summarize":
    import duckdb
    con = duckdb.connect(config={"memory_limit": "1GB", "threads": 2})
    con.execute("SET enable_progress_bar = false")
    rows = con.execute(f"SUMMARIZE SELECT * FROM read_parquet('{lake}/*.parquet')").fetchall()
    shape = f"{len(rows)} columns summarised (approximate distinct counts and quantiles)"
elif tool == "polars-describe":
    import polars as pl
    described = pl.scan_parquet(f"{lake}/*.parquet").describe()
    shape = f"{described.width - 1} columns described (no distinct counts, no top values)"
elif tool == "ydata-profiling":
    import pandas as pd
    from ydata_profiling import ProfileReport
    frame = pd.read_parquet(sorted(glob.glob(f"{lake}/*.parquet"))[0]).head(int(os.environ["YDATA_ROWS"]))
    description = ProfileReport(frame, minimal=True, progress_bar=False).get_description()
    shape = f"{len(frame):,} rows (what it holds here), {len(description.alerts)} alerts"
elif tool.startswith("postgresql"):
    from mlscout.engines import SQLSource
    with SQLSource(lake, table="lake") as source:
        stats = source.statistics()
        sample = source.sample(200_000, total=stats.rows)
    shape = f"{stats.rows:,} rows, {len(stats.columns)} columns, a {len(sample):,}-row sample"
else:
    import pandas as pd
    from mlscout.engines import pandas_statistics
    frame = pd.concat([pd.read_parquet(p) for p in sorted(glob.glob(f"{lake}/*.parquet"))], ignore_index=True)
    stats = pandas_statistics(frame)
    shape = f"{stats.rows:,} rows, {len(stats.columns)} columns"
seconds = time.perf_counter() - start
# VmHWM, not getrusage: ru_maxrss survives fork + exec, so a child would report the parent's peak
with open("/proc/self/status") as status:
    peak_mb = int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "shape": shape, "received_mb": (received() - before) / 1e6}))
"""


def make_lake(folder: Path, rows: int, parts: int = 8) -> int:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    size = 0
    per_part = rows // parts
    for part in range(parts):
        n = per_part if part < parts - 1 else rows - per_part * (parts - 1)
        columns = {"id": np.arange(part * per_part, part * per_part + n)}
        for i in range(8):
            values = rng.normal(100 * i, 10 + i, n)
            values[rng.random(n) < 0.05] = np.nan
            columns[f"measure_{i}"] = values
        for i in range(6):
            columns[f"category_{i}"] = pd.Categorical.from_codes(rng.integers(0, 5 + 10 * i, n),
                                                                 [f"level {k}" for k in range(5 + 10 * i)])
        for i in range(3):
            columns[f"count_{i}"] = rng.poisson(3 + i, n)
        columns["day"] = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D")
        columns["flag"] = rng.random(n) < 0.1
        frame = pd.DataFrame(columns)
        path = folder / f"part-{part}.parquet"
        frame.to_parquet(path, index=False)
        size += path.stat().st_size
    return size


def load_postgres(lake: Path, workdir: Path):
    """A PostgreSQL server of the tests' kind (tests/services.py) holding the lake as table `lake`, copied in by
    DuckDB as CSV through COPY."""
    import duckdb
    import psycopg

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.services import start_postgres

    server = start_postgres(password="bench")
    csv_path = workdir / "lake.csv"
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY (SELECT * FROM read_parquet('{lake}/*.parquet')) TO '{csv_path}' (HEADER)")
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{lake}/*.parquet')").fetchall()
    types = {"BIGINT": "bigint", "DOUBLE": "double precision", "VARCHAR": "text", "BOOLEAN": "boolean",
             "TIMESTAMP_NS": "timestamp", "TIMESTAMP": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamptz"}
    columns = ", ".join(f'"{name}" {types.get(kind, "text")}' for name, kind, *_ in described)
    conninfo = f"host={server.host} port={server.port} user={server.user} password=bench dbname={server.database}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"CREATE UNLOGGED TABLE lake ({columns})")
        with connection.cursor().copy("COPY lake FROM STDIN (FORMAT csv, HEADER true)") as copy, \
                open(csv_path, "rb") as data:
            while chunk := data.read(1 << 20):
                copy.write(chunk)
        connection.execute("ANALYZE lake")
    size = csv_path.stat().st_size
    csv_path.unlink()
    return server, size


def run_tool(tool: str, target: str, env: dict[str, str]) -> dict:
    run = subprocess.run([sys.executable, "-c", CHILD, tool, target], capture_output=True, text=True,
                         env=env, timeout=3600)
    if run.returncode == 0:
        return json.loads(run.stdout.strip().splitlines()[-1])
    return {"error": (run.stderr.strip().splitlines() or ["?"])[-1][:160]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--parts", type=int, default=8)
    parser.add_argument("--ydata-rows", type=int, default=1_000_000,
                        help="rows given to ydata-profiling (it holds the table in pandas)")
    parser.add_argument("--pandas", action=argparse.BooleanOptionalAction, default=False,
                        help="also read the whole lake with pandas (needs the table in memory)")
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True,
                        help="also profile the table in PostgreSQL by pushdown (started like the tests')")
    args = parser.parse_args()
    env = dict(os.environ, YDATA_PROFILING_NO_ANALYTICS="1", YDATA_ROWS=str(args.ydata_rows))
    with tempfile.TemporaryDirectory() as tmp:
        lake = Path(tmp) / "lake"
        lake.mkdir()
        size = make_lake(lake, args.rows, args.parts)
        results = {}
        for tool in ("mlscout-assess", "mlscout-duckdb", "duckdb-summarize", "polars-describe", "ydata-profiling",
                     *(("pandas",) if args.pandas else ())):
            results[tool] = run_tool(tool, str(lake), env)
            print(tool, results[tool], file=sys.stderr, flush=True)
        csv_size = None
        if args.postgres:
            server, csv_size = load_postgres(lake, Path(tmp))
            try:
                results["postgresql"] = run_tool("postgresql", server.url, env)
            finally:
                server.stop()
    print(f"Measured {date.today():%Y-%m-%d} on {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}: {args.rows:,} rows x 20 columns in {args.parts} Parquet files, "
          f"{size / 1e6:,.0f} MB" + (f" ({csv_size / 1e9:.1f} GB as CSV)" if csv_size else "") + ".\n")
    print("| tool | s | peak MB | MB received | result |\n|---|---|---|---|---|")
    labels = {"mlscout-assess": "ML Scout, whole assessment by the duckdb engine (1 GB DuckDB limit)",
              "mlscout-duckdb": "ML Scout, duckdb engine, statistics only (1 GB limit)",
              "duckdb-summarize": "DuckDB SUMMARIZE (reference, 1 GB limit)",
              "polars-describe": "Polars scan_parquet().describe()",
              "ydata-profiling": f"ydata-profiling minimal, first {args.ydata_rows:,} rows in pandas",
              "pandas": "pandas: read the files, then ML Scout's pandas engine",
              "postgresql": "ML Scout, sql engine on PostgreSQL 15 (pushdown): statistics + 200,000-row sample"}
    for tool, result in results.items():
        if "error" in result:
            print(f"| {labels[tool]} | - | - | - | failed: {result['error']} |")
        else:
            received = f"{result['received_mb']:,.0f}" if tool == "postgresql" else "-"
            print(f"| {labels[tool]} | {result['seconds']:.1f} | {result['peak_mb']:,.0f} | {received} | "
                  f"{result['shape']} |")


if __name__ == "__main__":
    main()
