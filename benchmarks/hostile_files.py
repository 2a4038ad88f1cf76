"""Small files that become huge tables: how long ML Scout takes to refuse each, and its peak memory, beside pandas
reading the same file (the reference a naive tool is), under a 3 GB address-space cap.

Each case runs in a fresh process (peak RSS from getrusage). Run: `.venv/bin/python benchmarks/hostile_files.py`;
it prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

CAP_BYTES = 3 * 1024**3

CHILD = rf"""
import io, json, resource, sys, time
kind, path, tool = sys.argv[1], sys.argv[2], sys.argv[3]
if tool == "pandas":
    resource.setrlimit(resource.RLIMIT_AS, ({CAP_BYTES}, {CAP_BYTES}))
start = time.perf_counter()
outcome = ""
try:
    if tool == "mlscout":
        from mlscout.io import LoadError, load_table
        try:
            load_table(path)
            outcome = "loaded"
        except LoadError as exc:
            outcome = "refused: " + exc.problem[:90]
    else:
        import pandas as pd
        if kind == "parquet":
            frame = pd.read_parquet(path)
        elif kind == "xlsx":
            frame = pd.read_excel(path)
        elif kind == "json":
            frame = pd.read_json(path)
        else:
            frame = pd.read_csv(path)
        outcome = f"loaded {{frame.shape[0]:,}} x {{frame.shape[1]:,}}"
except MemoryError:
    outcome = "MemoryError at the 3 GB cap"
except Exception as exc:
    outcome = type(exc).__name__ + ": " + str(exc).splitlines()[0][:80]
seconds = time.perf_counter() - start
# VmHWM is this process's own high-water mark (getrusage's ru_maxrss survives exec: it would be the parent's)
peak_mb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak_mb, "outcome": outcome}}))
"""


def _zip_of_lines(folder: Path) -> Path:
    path = folder / "lines.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("lines.csv", "w", force_zip64=True) as fh:
            fh.write(b"a\n")
            block = b"1\n" * (1 << 20)
            for _ in range(200):  # 209,715,200 one-character lines
                fh.write(block)
    return path


def _gzip_in_gzip(folder: Path) -> Path:
    path = folder / "double.csv.gz"
    inner = gzip.compress(b"a,b\n" + b"1,2\n" * 50_000_000, compresslevel=9)
    path.write_bytes(gzip.compress(inner, compresslevel=9))
    return path


def _parquet(folder: Path) -> Path:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "zeros.parquet"
    pq.write_table(pa.table({f"c{i}": pa.array(np.zeros(50_000_000, dtype="int8")) for i in range(5)}), path)
    return path


def _xlsx(folder: Path) -> Path:
    from openpyxl import Workbook

    path = folder / "declared.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, 101):
        sheet.append([row, row * 2, f"r{row}"])
    sheet.cell(row=400_000, column=500, value=1)  # one far cell: the sheet spans 400,000 x 500
    workbook.save(path)
    return path


def _wide_csv(folder: Path) -> Path:
    path = folder / "wide.csv"
    path.write_bytes(",".join(f"c{i}" for i in range(60_000)).encode() + b"\n"
                     + b"\n".join(b",".join(b"1" for _ in range(60_000)) for _ in range(100)) + b"\n")
    return path


def _json(folder: Path) -> Path:
    path = folder / "records.json"
    path.write_text(json.dumps([{"a": 1, "b": 2, "c": 3}] * 20_000_000))
    return path


CASES = {"zip of 209,715,200 one-character lines": ("csv", _zip_of_lines),
         "gzip inside a gzip (50M rows inside)": ("csv", _gzip_in_gzip),
         "Parquet, 50M rows x 5 constant columns": ("parquet", _parquet),
         "xlsx, 100 rows and one cell at row 400,000, column 500": ("xlsx", _xlsx),
         "CSV, 60,000 columns": ("csv", _wide_csv),
         "JSON, 20M records": ("json", _json)}


def _run(kind: str, path: Path, tool: str) -> dict:
    env = {**os.environ, "YDATA_PROFILING_NO_ANALYTICS": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), tool], capture_output=True, text=True,
                          timeout=1800, env=env)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "outcome": f"crashed ({done.returncode})"}
    return json.loads(lines[-1])


def main() -> None:
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    print(f"Measured {date.today()} on {machine}, Python {platform.python_version()}; ML Scout's cell budget "
          f"on this machine: ", end="")
    from mlscout.io import LoadLimits

    print(f"{LoadLimits().max_cells:,} cells.\n")
    print("| file | size | ML Scout: outcome | s | peak MB | pandas (3 GB cap): outcome | s | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        only = os.environ.get("MLSCOUT_BENCH_ONLY")
        for label, (kind, build) in CASES.items():
            if only and only not in label:
                continue
            path = build(folder)
            ours, ref = _run(kind, path, "mlscout"), _run(kind, path, "pandas")
            size = path.stat().st_size
            shown = f"{size / 1024:,.0f} KB" if size < 1024**2 else f"{size / 1024**2:,.1f} MB"
            print(f"| {label} | {shown} | {ours['outcome']} | {ours['seconds']:.2f} | {ours['peak_mb']:,.0f} | "
                  f"{ref['outcome']} | {ref['seconds']:.2f} | {ref['peak_mb']:,.0f} |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
