"""Baseline benchmark: ML Scout's baselines beside LazyPredict on the same generated tables.

    .venv/bin/python benchmarks/baseline_bench.py [--lazypredict-python PATH] [--rows 10000 100000]

LazyPredict pins versions that clash with ML Scout's, so it runs in its own virtual environment: by default
benchmarks/.lazypredict-venv (created on first use with `pip install lazypredict`), or the interpreter given with
--lazypredict-python. Each run is a fresh process reading the same CSV. ML Scout: `evaluate(...)` with its default
60 s budget and 50,000-row sample (5-fold CV for three models, leakage probes, learning curve, importances).
LazyPredict: `LazyClassifier` on an 80/20 split (its own protocol: one split, ~25 models). Scores: ROC AUC; for
LazyPredict the best ROC AUC of its table. Also ML Scout alone at 1M rows, to check the budget holds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
BEGIN, END = "<!-- baseline-bench:begin -->", "<!-- baseline-bench:end -->"
LP_VENV = HERE / ".lazypredict-venv"

HWM = """
def peak_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024
"""
OURS = HWM + """
import json, sys, time
import pandas as pd
from mlscout.baselines import evaluate
frame = pd.read_csv(sys.argv[1])
start = time.perf_counter()
result = evaluate(frame, "churn", budget_s=60)
best = max(m.score for m in result.models[1:])
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "score": best,
                  "note": f"{result.best_model}, {result.sample_rows:,} rows, {result.folds}-fold, "
                          f"partial={result.partial}, verdict {result.verdict}"}))
"""
LAZY = HWM + """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import pandas as pd
from sklearn.model_selection import train_test_split
from lazypredict.Supervised import LazyClassifier
frame = pd.read_csv(sys.argv[1])
start = time.perf_counter()
y = (frame.pop("churn") == "yes").astype(int)
X_train, X_test, y_train, y_test = train_test_split(frame, y, test_size=0.2, random_state=0, stratify=y)
models, _ = LazyClassifier(verbose=0, ignore_warnings=True).fit(X_train, X_test, y_train, y_test)
best = models["ROC AUC"].max()
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "score": float(best),
                  "note": f"{len(models)} models, best {models['ROC AUC'].idxmax()}, one 80/20 split"}))
"""


def churn_table(rows: int, seed: int = 0) -> pd.DataFrame:
    """A generated customer table with a known, non-linear churn signal, noise columns and categories."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(1, 72, rows)
    calls = rng.poisson(1.5, rows)
    charge = rng.uniform(20, 110, rows).round(2)
    plan = rng.choice(["basic", "plus", "premium"], rows)
    region = rng.choice(["north", "south", "east", "west"], rows)
    logit = -1.0 - 0.05 * tenure + 0.7 * (calls >= 3) + 0.02 * charge + 0.5 * (plan == "basic") \
        + 0.3 * np.sin(tenure / 6)
    churn = np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "yes", "no")
    frame = pd.DataFrame({"tenure": tenure, "service_calls": calls, "monthly_charge": charge, "plan": plan,
                          "region": region, "churn": churn})
    for i in range(8):
        frame[f"noise_{i}"] = rng.normal(size=rows).round(4)
    return frame


def ensure_lazypredict(python: str | None) -> str:
    if python:
        return python
    interpreter = LP_VENV / "bin" / "python"
    if not interpreter.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LP_VENV)], check=True)
        subprocess.run([str(interpreter), "-m", "pip", "install", "-q", "lazypredict"], check=True)
    return str(interpreter)


def run(python: str, code: str, csv: Path, timeout: int = 1200) -> dict:
    try:
        result = subprocess.run([python, "-c", code, str(csv)], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": float(timeout), "peak_mb": float("nan"), "score": float("nan"),
                "note": f"did not finish within {timeout} s (stopped)"}
    if result.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "score": float("nan"),
                "note": "failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:120]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lazypredict-python")
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--alone-rows", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed to one run")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from profile_bench import machine, write_between

    lazy = ensure_lazypredict(args.lazypredict_python)
    lines = [f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}. One fresh process per run; wall time of the "
             "fit (reading the CSV excluded); peak RSS of the process; score = best ROC AUC (ML Scout: mean of "
             "5-fold CV; LazyPredict: one 80/20 split).", "",
             "| rows | tool | wall time | peak memory | best ROC AUC | note |", "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as folder:
        for rows in [*args.rows, args.alone_rows]:
            csv = Path(folder) / f"churn_{rows}.csv"
            churn_table(rows).to_csv(csv, index=False)
            tools = [("ML Scout baselines (60 s budget)", sys.executable, OURS)]
            if rows != args.alone_rows:
                tools.append(("LazyPredict LazyClassifier", lazy, LAZY))
            for name, python, code in tools:
                r = run(python, code, csv, timeout=args.timeout)
                print(f"{rows:>9,} {name}: {r['seconds']:.1f} s, {r['peak_mb']:.0f} MB, AUC {r['score']:.4f}",
                      flush=True)
                lines.append(f"| {rows:,} | {name} | {r['seconds']:.1f} s | {r['peak_mb']:,.0f} MB | "
                             f"{r['score']:.4f} | {r['note']} |")
    write_between(BEGIN, END, lines, "## Baselines (`benchmarks/baseline_bench.py`)\n\nA generated churn table "
                                     "(known non-linear signal, categories, eight noise columns).")


if __name__ == "__main__":
    main()
