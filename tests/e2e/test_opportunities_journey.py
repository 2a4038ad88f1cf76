"""Opportunities in a real browser: sample data, ranking and chart, then a weight moved changes the order."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, wait_for_app


def first_rows(page, count: int = 6) -> list[str]:
    table = page.get_by_test_id("stDataFrame").first
    cells = []
    for row in range(count):
        cell = table.get_by_test_id(f"glide-cell-1-{row}")
        if cell.count():
            cells.append(cell.inner_text())
    return cells


def test_ranking_chart_and_weights(page, server):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Load sample data").click()
    expect(page.get_by_text("4 dataset(s) loaded")).to_be_visible()

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Opportunities", exact=True).click()
    expect(page.get_by_role("heading", name="Opportunities", exact=True)).to_be_visible(timeout=60_000)
    table = page.get_by_test_id("stDataFrame").first
    expect(table.get_by_test_id("glide-cell-1-0")).to_have_text("Customer churn prediction", timeout=60_000)
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("svg.marks")).to_be_attached()
    expect(chart.locator("g.mark-symbol path").first).to_be_attached()
    before = first_rows(page)
    keep_screenshot(page, "opportunities")

    for label in ("Feasibility", "Data readiness", "Effort (low is good)", "Risk (low is good)"):
        slider = page.get_by_role("slider", name=label)
        slider.focus()
        slider.press("Home")
        expect(slider).to_have_value("0")
    impact = page.get_by_role("slider", name="Business impact")
    impact.focus()
    impact.press("End")
    expect(impact).to_have_value("100")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(table.get_by_test_id("glide-cell-1-0")).not_to_have_text(before[0], timeout=30_000)
    after = first_rows(page)
    assert after != before
