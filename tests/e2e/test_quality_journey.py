"""The Quality page in a real browser: upload, findings visible, the deep profile built in a worker process."""

from __future__ import annotations

import numpy as np
import pandas as pd
from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, upload_and_open_quality


def test_upload_then_findings_and_deep_profile(page, server, tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(600)],
        "region": rng.choice(["Zürich", "ZURICH", "zurich ", "Bern", "unknown"], 600),
        "revenue": [f"{x:,.2f}" for x in rng.uniform(1000, 90000, 600)],
        "signup": [f"{d:%m/%d/%Y}" for d in pd.date_range("2019-01-01", periods=600)],
        "churn": rng.choice(["yes", "no"], 600, p=[0.05, 0.95]),
    })
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)

    upload_and_open_quality(page, server, path, "customers")
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Overall")
    # the findings table is a canvas: its cells are mirrored as glide cells
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    expect(page.get_by_text("findings", exact=False).first).to_be_visible()
    page.get_by_role("tab", name="Findings").click()
    expect(table.locator("[data-testid^=glide-cell]").filter(has_text="spelled several ways").first) \
        .to_be_attached()
    expect(table.locator("[data-testid^=glide-cell]").filter(has_text="Numbers stored as text").first) \
        .to_be_attached()
    keep_screenshot(page, "quality")

    page.get_by_role("tab", name="Deep profile").click()
    page.get_by_role("button", name="Build the deep profile").click()
    frame_locator = page.frame_locator("iframe").first.frame_locator("iframe")  # sandboxed inside the component
    expect(frame_locator.get_by_role("heading", name="Overview")).to_be_visible(timeout=180_000)
    expect(frame_locator.get_by_text("Number of observations")).to_be_visible()
    expect(page.get_by_test_id("stDownloadButton").filter(has_text="deep profile")).to_be_visible()
    keep_screenshot(page, "quality-deep-profile")
