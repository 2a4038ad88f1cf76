"""Run every benchmarks/*_bench.py in turn (each writes its rows into docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("*_bench.py"))
    if not scripts:
        print("no benchmarks yet")
        return 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        code = subprocess.call([sys.executable, str(script), *sys.argv[1:]])
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
