"""Maturity in a real browser: answer, save, reload (a new session), see the history and the factor chart."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, wait_for_app


def test_answer_save_reload_history(page, server):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Maturity", exact=True).click()
    expect(page.get_by_role("heading", name="Maturity", exact=True)).to_be_visible(timeout=60_000)
    for tab in ("Strategy", "Architecture", "Modeling", "Processes", "Governance"):
        page.get_by_role("tab", name=tab).click()
        radios = page.locator("[data-testid=stRadio]:visible")
        expect(radios.first).to_be_visible()
        for i in range(radios.count()):
            radios.nth(i).get_by_text("2 — ", exact=False).click()
            expect(radios.nth(i).locator("input[value='3']")).to_be_checked()  # option 3 of 6 = level 2
            expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stMetric").filter(has_text="Overall level")).to_contain_text("2")
    expect(page.get_by_test_id("stMetric").filter(has_text="Coverage")).to_contain_text("100%")
    page.get_by_role("textbox", name="Project").fill("journey")
    page.get_by_role("textbox", name="Project").press("Enter")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    page.get_by_role("button", name="Save this assessment").click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Saved as #")

    page.reload()  # a new browser session: nothing survives but the saved history
    wait_for_app(page)
    page.get_by_role("textbox", name="Project").fill("journey")
    page.get_by_role("textbox", name="Project").press("Enter")
    history = page.get_by_test_id("stDataFrame").first
    expect(history.get_by_test_id("glide-cell-4-0")).to_have_text("2", timeout=30_000)  # maturity level column
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.last.locator("svg.marks")).to_be_attached()
    keep_screenshot(page, "maturity")
