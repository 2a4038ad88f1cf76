"""Load test: 8 browser sessions against one server, staggered, each with its own file, walking the journey with
a small baseline budget. Every session sees only its own data; the server's memory stays within the bound."""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import pandas as pd
import psutil
import pytest
from playwright.sync_api import expect

from mlscout.jobs import max_parallel_jobs
from tests.e2e.conftest import ARTIFACTS, full_screenshot, wait_for_app

SESSIONS = 8
# server + its job workers, 8 sessions: measured 706 MB on 2 cores (server 211 MB, two workers of 242 MB each)
MEMORY_BOUND_MB = 512 + 512 * min(SESSIONS, max_parallel_jobs())


def session_file(folder, i: int):
    rng = np.random.default_rng(i)
    n = 800
    tenure = rng.integers(1, 72, n)
    calls = rng.poisson(1.5, n)
    churn = np.where(rng.random(n) < 1 / (1 + np.exp(1.0 + 0.04 * tenure - 0.6 * calls)), "yes", "no")
    frame = pd.DataFrame({"tenure": tenure, "customer_service_calls": calls,
                          "plan": rng.choice(["basic", "plus"], n), "monthly_charge": rng.uniform(20, 90, n),
                          "account_length": rng.integers(1, 200, n), "churn": churn})
    path = folder / f"session{i}_customers.csv"
    frame.to_csv(path, index=False)
    return path


class MemoryWatch:
    """Samples the server's resident memory, its worker processes included, every 0.2 s."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0
        self.peak_parts: list[tuple[str, float]] = []  # what made up the peak, to say what grew when it fails
        self.most_workers = 0  # job workers alive at once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                parts = [("server", self.process.memory_info().rss / 2**20)]
                for child in self.process.children(recursive=True):
                    try:
                        parts.append((f"{child.pid} {' '.join(child.cmdline()[-2:])[:60]}",
                                      child.memory_info().rss / 2**20))
                    except psutil.Error:
                        pass
                total = sum(mb for _, mb in parts)
                self.most_workers = max(self.most_workers, sum("spawn_main" in name for name, _ in parts))
                if total > self.peak_mb:
                    self.peak_mb, self.peak_parts = total, parts
            except psutil.Error:
                pass
            time.sleep(0.2)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.mark.slow
def test_eight_sessions_see_only_their_own_data(browser, server, tmp_path):
    files = [session_file(tmp_path, i) for i in range(SESSIONS)]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(SESSIONS)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.set_default_timeout(120_000)
    try:
        with MemoryWatch(server.process.pid) as memory:
            for i, page in enumerate(pages):  # staggered arrivals
                page.goto(server.url)
                wait_for_app(page)
                page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(files[i]))
                time.sleep(0.5)
            for i, page in enumerate(pages):
                sidebar = page.get_by_test_id("stSidebar")
                expect(sidebar).to_contain_text(f"session{i}_customers", timeout=120_000)
                for j in range(SESSIONS):
                    if j != i:
                        expect(sidebar).not_to_contain_text(f"session{j}_customers", timeout=120_000)
                page.get_by_test_id("stSidebarNav").get_by_role("link", name="Opportunities", exact=True).click()
            for page in pages:
                expect(page.get_by_role("button", name="Test this with a baseline")).to_be_visible(timeout=120_000)
                page.get_by_role("button", name="Test this with a baseline").click()
            for page in pages:
                budget = page.get_by_role("slider", name="Time budget (seconds)")
                budget.focus()
                budget.press("Home")
                expect(budget).to_have_value("5", timeout=60_000)
                expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=120_000)
                page.get_by_role("button", name="Run baseline").click()
            for i, page in enumerate(pages):
                expect(page.get_by_test_id("stMetric").filter(has_text="Verdict")).to_contain_text(
                    "signal", timeout=240_000)
                expect(page.get_by_role("combobox", name="Dataset")).to_have_value(f"session{i}_customers", timeout=60_000)
        print(f"jobs at once: {max_parallel_jobs()} (os.cpu_count() {os.cpu_count()}); most workers seen at once: "
              f"{memory.most_workers}")
        print(f"peak server memory with {SESSIONS} sessions: {memory.peak_mb:.0f} MB: "
              + ", ".join(f"{name} {mb:.0f} MB" for name, mb in memory.peak_parts))
        assert memory.most_workers <= max_parallel_jobs(), "more baselines ran at once than there are cores"
        assert memory.peak_mb < MEMORY_BOUND_MB
    except BaseException:
        folder = ARTIFACTS / "test_eight_sessions_see_only_their_own_data"  # keep what each session saw
        folder.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(pages):
            try:
                full_screenshot(page, folder / f"session{i}.png")
            except Exception:  # noqa: BLE001 - collect what can be collected
                pass
        (folder / "server.log").write_text(server.log())
        raise
    finally:
        for context in contexts:
            context.close()
