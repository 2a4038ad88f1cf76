"""A data person's Quality journey in a real browser, with every request to another host blocked and recorded:
set the target in the sidebar, read the overview grid, accept one finding by its own button (Enter in a reason
field saves nothing), apply a fix and download the cleaned CSV; then the server stays idle with the tab open while
30,000 files appear in .venv."""

from __future__ import annotations

import io
import shutil
import time

import numpy as np
import pandas as pd
from playwright.sync_api import expect

from tests.conftest import REPO
from tests.e2e.conftest import keep_screenshot, upload_and_open_quality, wait_for_app


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    import os

    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_target_overview_accept_fix_download_and_an_idle_server(page, server, tmp_path):
    foreign: list[str] = []

    def only_local(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_local)
    rng = np.random.default_rng(3)
    n = 400
    frame = pd.DataFrame({
        "region": np.where(rng.random(n) < 0.1, "unknown", rng.choice(["north", "south", "east"], n)),
        # a gamma-shaped amount is a long tail, not outliers; six amounts keyed a hundred times too large are
        "amount": np.r_[rng.gamma(3, 100, n - 6).round(2), [41_200.0, 38_950.0, 52_100.0, 29_800.0, 44_400.0,
                                                          61_300.0]],
        "visits": rng.poisson(4, n),
        "churned": rng.choice(["yes", "no"], n, p=[0.2, 0.8]),
    })
    path = tmp_path / "accounts.csv"
    frame.to_csv(path, index=False)
    upload_and_open_quality(page, server, path, "accounts")

    # the target, set in the sidebar
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Target").click()
    page.get_by_role("option", name="churned (likely)").click()
    wait_for_app(page)
    expect(page.get_by_text("declared in the sidebar")).to_be_visible()

    # the overview grid: every column, with its distribution
    page.get_by_role("tab", name="Overview").click()
    grid = page.get_by_test_id("stDataFrame").filter(has=page.locator("[data-testid^=glide-cell]",
                                                                       has_text="visits"))
    expect(grid.first).to_be_visible()
    keep_screenshot(page, "quality-overview")

    # one finding accepted by its own button; Enter in the reason field saves nothing
    page.get_by_role("tab", name="Findings").click()
    finding = page.get_by_test_id("stExpander").filter(has_text="interquartile").first
    finding.locator("summary").click()
    finding.get_by_label("Reason").fill("large accounts are real")
    finding.get_by_label("Reason").press("Enter")
    wait_for_app(page)
    expect(page.get_by_test_id("stExpander").filter(has_text="· accepted")).to_have_count(0)
    finding.get_by_role("button", name="Accept").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stExpander").filter(has_text="accepted")).to_have_count(1)
    keep_screenshot(page, "quality-findings")

    # a fix applied, and the cleaned table downloaded
    page.get_by_role("tab", name="Fix & export").click()
    page.get_by_test_id("stMultiSelect").filter(has_text="Fixes").click()
    page.get_by_role("option", name="'region': make 'unknown' missing values").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Apply to this dataset").click()
    wait_for_app(page)
    expect(page.get_by_text("Applied so far")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").click()
    cleaned = pd.read_csv(io.BytesIO(open(download.value.path(), "rb").read()))
    assert list(cleaned.columns) == list(frame.columns) and len(cleaned) == n
    assert "unknown" not in set(cleaned["region"].dropna())
    assert cleaned["region"].isna().sum() == (frame["region"] == "unknown").sum() > 0
    keep_screenshot(page, "quality-fix-export")

    # idle: the tab open, 30,000 files written where a file watcher would look
    probe = REPO / ".venv" / "_mlscout_idle_probe"
    try:
        probe.mkdir(parents=True, exist_ok=True)
        for i in range(30_000):
            (probe / f"f{i}.py").write_text("x = 1\n")
        time.sleep(1)
        start = _cpu_seconds(server.process.pid)
        time.sleep(5)
        used = _cpu_seconds(server.process.pid) - start
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    assert used < 0.5, f"the idle server used {used:.2f} s of CPU in 5 s"
    assert not foreign, foreign
