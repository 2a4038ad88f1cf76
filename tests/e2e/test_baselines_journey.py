"""Baselines in a real browser: from the top opportunity to a verdict and the metric table."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, wait_for_app


def test_run_a_baseline_from_the_page(page, server):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Load sample data").click()
    expect(page.get_by_text("4 dataset(s) loaded")).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Opportunities", exact=True).click()
    page.get_by_role("button", name="Test this with a baseline").click()
    expect(page.get_by_role("heading", name="Baselines", exact=True)).to_be_visible(timeout=60_000)
    budget = page.get_by_role("slider", name="Time budget (seconds)")
    budget.focus()
    budget.press("Home")  # 5 seconds: a browser test stays quick
    expect(budget).to_have_value("5")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    page.get_by_role("button", name="Run baseline").click()
    verdict = page.get_by_test_id("stMetric").filter(has_text="Verdict")
    expect(verdict).to_contain_text("signal", timeout=120_000)
    table = page.get_by_test_id("stDataFrame").first
    expect(table.get_by_test_id("glide-cell-0-0")).to_have_text("dummy (prior)")
    expect(table.get_by_test_id("glide-cell-0-1")).to_have_text("gradient boosting")
    keep_screenshot(page, "baselines")
