"""CLI soak: 50 consecutive assessments in one process, baselines off, and no memory growth beyond a margin."""

from __future__ import annotations

import io

import psutil
import pytest

from mlscout.cli import main

MARGIN_MB = 60  # allowed growth between the 10th and the 50th run (allocator noise; a leak of one frame is larger)


@pytest.mark.slow
def test_fifty_assessments_do_not_grow_memory(sample_dir, tmp_path):
    process = psutil.Process()
    rss = []
    for _ in range(50):
        out, err = io.StringIO(), io.StringIO()
        code = main(["assess", str(sample_dir / "telecom_churn.csv"), str(sample_dir / "credit_applications.csv"),
                     "--baselines", "0", "--format", "json,md", "--out", str(tmp_path / "out"), "--quiet"],
                    stdout=out, stderr=err)
        assert code == 0, err.getvalue()
        rss.append(process.memory_info().rss / 1024 / 1024)
    growth = max(rss[40:]) - rss[9]
    print(f"RSS after run 10: {rss[9]:.0f} MB; max over runs 41-50: {max(rss[40:]):.0f} MB; growth {growth:+.0f} MB")
    assert growth < MARGIN_MB
