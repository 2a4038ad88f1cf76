"""The whole journey in one browser session: upload, quality and access, opportunities, a baseline, maturity,
and the reports downloaded and checked. Screenshots of every page are kept (test-artifacts/screenshots/)."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import keep_screenshot, wait_for_app

EMAILS = [f"claire.dupont{i}@example.org" for i in range(1500)]


def write_inputs(folder):
    rng = np.random.default_rng(7)
    n = 1500
    tenure = rng.integers(1, 72, n)
    calls = rng.poisson(1.5, n)
    charge = rng.uniform(20, 110, n).round(2)
    logit = -1.5 - 0.04 * tenure + 0.6 * calls + 0.015 * charge
    churn = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    customers = pd.DataFrame({"customer_id": np.arange(1, n + 1), "email": EMAILS, "tenure": tenure,
                              "plan": rng.choice(["basic", "plus", "premium"], n), "monthly_charge": charge,
                              "customer_service_calls": calls, "region": rng.choice(["north", "south", "unknown"], n),
                              "churn": churn})
    orders = pd.DataFrame({"order_id": np.arange(10_000, 14_000), "customer_id": rng.integers(1, n + 1, 4000),
                           "amount": rng.lognormal(3, 1, 4000).round(2),
                           "order_date": pd.date_range("2025-01-01", periods=4000, freq="2h")})
    paths = [folder / "customers.csv", folder / "orders.csv"]
    customers.to_csv(paths[0], index=False)
    orders.to_csv(paths[1], index=False)
    return paths


def goto(page, title):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)


def test_whole_journey(page, server, tmp_path):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(
        [str(p) for p in write_inputs(tmp_path)])
    expect(page.get_by_text("2 dataset(s) loaded")).to_be_visible(timeout=60_000)
    keep_screenshot(page, "1-data")

    goto(page, "Quality")
    table = page.get_by_test_id("stDataFrame").first
    expect(table.locator("[data-testid^=glide-cell]").filter(has_text="Placeholders").first).to_be_attached()
    page.get_by_role("tab", name="Access & privacy").click()
    expect(page.get_by_text("How the datasets link").first).to_be_visible()
    access = page.get_by_role("tabpanel", name="Access & privacy").get_by_test_id("stDataFrame").first
    expect(access.locator("[data-testid^=glide-cell]").filter(has_text="personal data: email").first) \
        .to_be_attached()
    keep_screenshot(page, "2-quality")

    goto(page, "Opportunities")
    expect(page.get_by_test_id("stDataFrame").first.get_by_test_id("glide-cell-1-0")) \
        .to_have_text("Customer churn prediction")
    top_opportunity = "Customer churn prediction"
    keep_screenshot(page, "3-opportunities")
    page.get_by_role("button", name="Test this with a baseline").click()
    expect(page.get_by_role("heading", name="Baselines", exact=True)).to_be_visible(timeout=60_000)
    budget = page.get_by_role("slider", name="Time budget (seconds)")
    budget.focus()
    budget.press("Home")
    expect(budget).to_have_value("5")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    page.get_by_role("button", name="Run baseline").click()
    expect(page.get_by_test_id("stMetric").filter(has_text="Verdict")).to_contain_text("signal", timeout=120_000)
    keep_screenshot(page, "4-baselines")

    goto(page, "Maturity")
    for tab in ("Strategy", "Governance"):
        page.get_by_role("tab", name=tab).click()
        radios = page.locator("[data-testid=stRadio]:visible")
        for i in range(radios.count()):
            radios.nth(i).get_by_text("1 — ", exact=False).click()
            expect(radios.nth(i).locator("input[value='2']")).to_be_checked()
    expect(page.get_by_test_id("stMetric").filter(has_text="Overall level")).to_contain_text("1")
    keep_screenshot(page, "5-maturity")

    goto(page, "Report")
    with page.expect_download() as html_download:
        page.get_by_test_id("stDownloadButton").filter(has_text="HTML").get_by_role("button").click()
    html_path = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_path)
    html = html_path.read_text(encoding="utf-8")
    with page.expect_download(timeout=60_000) as pdf_download:
        page.get_by_test_id("stDownloadButton").filter(has_text="PDF").get_by_role("button").click()
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    keep_screenshot(page, "6-report")

    for heading in ("Executive summary", "Dataset: customers", "Dataset: orders", "Opportunities",
                    "Baseline models", "MLOps maturity", "Appendix: every finding"):
        assert heading in html
    assert top_opportunity in html
    assert not re.findall(r"(?:src|href)\s*=\s*[\"']?https?:|url\(\s*[\"']?https?:|@import", html, re.I)
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Executive summary" in pdf_text and top_opportunity in pdf_text
    for raw in (EMAILS[0], "claire.dupont"):
        assert raw not in html and raw not in pdf_text
