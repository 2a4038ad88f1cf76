"""Column statistics of a Parquet lake larger than a comfortable in-memory table: ML Scout's DuckDB engine beside
DuckDB's own SUMMARIZE (the reference for speed) and pandas reading the same files (the in-memory path).

A generated table of `--rows` rows x 20 columns (ids, measures, categories, dates, 5% missing) is written as 4
Parquet files; each tool runs in a fresh process, peak memory from getrusage. Prints a Markdown table for
docs/benchmarks.md. Run: `.venv/bin/python benchmarks/engine_bench.py --rows 5000000`.
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
import json, resource, sys, time
tool, lake = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if tool == "mlscout-duckdb":
    from mlscout.engines import duckdb_statistics
    stats = duckdb_statistics(lake, memory_limit="1GB")
    shape = f"{stats.rows:,} rows, {len(stats.columns)} columns"
elif tool == "duckdb-summarize":
    import duckdb
    con = duckdb.connect(config={"memory_limit": "1GB", "threads": 2})
    con.execute("SET enable_progress_bar = false")
    rows = con.execute(f"SUMMARIZE SELECT * FROM read_parquet('{lake}/*.parquet')").fetchall()
    shape = f"{len(rows)} columns summarised"
else:
    import glob
    import pandas as pd
    from mlscout.engines import pandas_statistics
    frame = pd.concat([pd.read_parquet(p) for p in sorted(glob.glob(f"{lake}/*.parquet"))], ignore_index=True)
    stats = pandas_statistics(frame)
    shape = f"{stats.rows:,} rows, {len(stats.columns)} columns"
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "shape": shape}))
"""


def make_lake(folder: Path, rows: int, parts: int = 4) -> int:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--pandas", action=argparse.BooleanOptionalAction, default=True,
                        help="also read the lake with pandas (needs the whole table in memory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lake = Path(tmp) / "lake"
        lake.mkdir()
        size = make_lake(lake, args.rows)
        results = {}
        for tool in ("mlscout-duckdb", "duckdb-summarize", *(("pandas",) if args.pandas else ())):
            run = subprocess.run([sys.executable, "-c", CHILD, tool, str(lake)], capture_output=True, text=True,
                                 env=dict(os.environ, YDATA_PROFILING_NO_ANALYTICS="1"), timeout=1800)
            results[tool] = json.loads(run.stdout.strip().splitlines()[-1]) if run.returncode == 0 else \
                {"error": (run.stderr.strip().splitlines() or ["?"])[-1][:120]}
    print(f"Measured {date.today():%Y-%m-%d} on {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}: {args.rows:,} rows x 20 columns in 4 Parquet files, {size / 1e6:,.0f} MB.\n")
    print("| tool | s | peak MB | result |\n|---|---|---|---|")
    labels = {"mlscout-duckdb": "ML Scout, duckdb engine (1 GB memory limit)",
              "duckdb-summarize": "DuckDB SUMMARIZE (reference, 1 GB limit)",
              "pandas": "pandas: read the files, then ML Scout's pandas engine"}
    for tool, result in results.items():
        if "error" in result:
            print(f"| {labels[tool]} | - | - | failed: {result['error']} |")
        else:
            print(f"| {labels[tool]} | {result['seconds']:.1f} | {result['peak_mb']:,.0f} | {result['shape']} |")


if __name__ == "__main__":
    main()
