"""Profile benchmark: ML Scout's profile beside ydata-profiling (minimal) and pandas read_csv + describe.

    .venv/bin/python benchmarks/profile_bench.py [--rows 100000 1000000] [--repeat 3]

For each size, a seeded synthetic business table (benchmarks/synthetic.py: 22 mixed columns carrying the defects the
checks look for, plus 1% duplicate rows) is written as CSV to a temporary folder. Each tool then runs in its own
fresh process, `--repeat` times, reading that CSV; the figure is the median wall time of the work (imports excluded)
and the peak resident memory of the process (ru_maxrss). Results go between the markers of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- profile-bench:begin -->", "<!-- profile-bench:end -->"

# Each snippet reads sys.argv[1] (the CSV) and prints a JSON line {"seconds": ..., "peak_mb": ..., "note": ...}.
PRELUDE = """
import json, resource, sys, time, os, warnings
warnings.simplefilter("ignore")
os.environ["YDATA_PROFILING_NO_ANALYTICS"] = "1"
def done(seconds, note=""):
    # VmHWM is this process's own peak RSS (ru_maxrss would carry the parent's high-water mark over exec).
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print(json.dumps({"seconds": seconds, "peak_mb": int(hwm.split()[1]) / 1024, "note": note}))
"""
TOOLS = {
    "ML Scout (load + profile + every check)": """
from mlscout.io import load_table
from mlscout.pipeline import analyse_dataset
start = time.perf_counter()
dataset = load_table(sys.argv[1])[0]
summary = analyse_dataset(dataset)
sampled = f"; correlations on a {summary.sample_rows:,}-row sample" if summary.sample_rows else ""
done(time.perf_counter() - start, f"{len(summary.findings)} findings{sampled}")
""",
    "ydata-profiling minimal (read_csv + get_description)": """
import pandas as pd
from ydata_profiling import ProfileReport
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
report = ProfileReport(frame, minimal=True, progress_bar=False)
description = report.get_description()
done(time.perf_counter() - start, f"{len(description.alerts)} alerts")
""",
    "ydata-profiling minimal, HTML report (read_csv + to_html)": """
import pandas as pd
from ydata_profiling import ProfileReport
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
report = ProfileReport(frame, minimal=True, progress_bar=False)
html = report.to_html()
done(time.perf_counter() - start, f"{len(html) / 1e6:.1f} MB of HTML")
""",
    "pandas floor: read_csv (C parser) + describe + isna + duplicated": """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
frame.describe(include="all")
frame.isna().sum()
frame.duplicated().sum()
done(time.perf_counter() - start)
""",
    "pandas read_csv (C parser) + describe(include='all')": """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
frame.describe(include="all")
done(time.perf_counter() - start)
""",
    "pandas read_csv (pyarrow parser) + describe(include='all')": """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1], engine="pyarrow")
frame.describe(include="all")
done(time.perf_counter() - start)
""",
}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def run(code: str, csv: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", PRELUDE + code, str(csv)], capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from synthetic import business_table

    lines = [f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}; pandas {version('pandas')}, "
             f"ydata-profiling {version('ydata-profiling')}, pyarrow {version('pyarrow')}. Median of "
             f"{args.repeat} fresh processes; wall time excludes imports; memory is the process's peak RSS.", "",
             "| rows | tool | wall time | peak memory | vs ML Scout (time) | peak memory / ML Scout's | note |",
             "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            csv = Path(folder) / f"business_{rows}.csv"
            frame = business_table(rows)
            frame.to_csv(csv, index=False)
            size_mb = csv.stat().st_size / 1e6
            del frame
            results = {}
            for tool, code in TOOLS.items():
                runs = [run(code, csv) for _ in range(args.repeat)]
                results[tool] = {"seconds": statistics.median(r["seconds"] for r in runs),
                                 "peak_mb": statistics.median(r["peak_mb"] for r in runs), "note": runs[-1]["note"]}
                print(f"{rows:>9,} {tool}: {results[tool]['seconds']:.2f} s, {results[tool]['peak_mb']:.0f} MB",
                      flush=True)
            ours = next(iter(results.values()))
            for tool, r in results.items():
                ratio = "1.0x" if r is ours else f"{r['seconds'] / ours['seconds']:.1f}x slower" \
                    if r["seconds"] > ours["seconds"] else f"{ours['seconds'] / r['seconds']:.1f}x faster"
                lines.append(f"| {rows:,} ({size_mb:.0f} MB CSV) | {tool} | {r['seconds']:.2f} s | "
                             f"{r['peak_mb']:,.0f} MB | {ratio} | {r['peak_mb'] / ours['peak_mb']:.2f} | "
                             f"{r['note']} |")
    write_between(BEGIN, END, lines)


def write_between(begin: str, end: str, lines: list[str], heading: str = "") -> None:
    """Replace what stands between two markers of docs/benchmarks.md (appending the section when missing)."""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if begin not in text:
        text += f"\n{heading}\n\n{begin}\n{end}\n"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    DOC.write_text(head + begin + "\n" + "\n".join(lines) + "\n" + end + tail)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
