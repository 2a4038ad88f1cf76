"""Data where it lives, in a real browser: a folder of Parquet parts read through the Connect panel (DuckDB,
nothing uploaded), profiled on a sample with the whole table's counts, and a report that says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, wait_for_app
from tests.e2e.test_full_journey import goto
from tests.unit.file_builders import parquet_parts


def write_lake(folder, rows: int = 240_000, parts: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "order_id": np.arange(rows),
        "region": rng.choice(["north", "south", "east", "west"], rows),
        "amount": np.round(rng.gamma(2, 40, rows), 2),
        "discount": np.where(rng.random(rows) < 0.1, np.nan, rng.random(rows)),
        "returned": rng.random(rows) < 0.08,
    })
    parquet_parts(frame, folder, parts)
    return frame


def test_a_parquet_folder_through_the_connect_panel(page, server, tmp_path):
    lake = tmp_path / "lake" / "orders"
    frame = write_lake(lake)
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_text("Connect to data where it lives").click()
    page.get_by_label("Path or URL").fill(str(lake))
    page.get_by_role("button", name="Connect").click()
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text("loaded as orders (240,000 rows x 5 columns, read by duckdb; the checks "
                                    "that read rows use a sample of 200,000)", timeout=60_000)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("240,000 rows x 5 columns · duckdb")
    expect(page.get_by_text("read where it lives from")).to_be_visible()
    keep_screenshot(page, "connect")

    goto(page, "Quality")
    # the missing share is the whole table's, not the sample's
    missing = int(frame["discount"].isna().sum())
    expect(page.get_by_text(f"{missing:,} rows").first).to_be_visible(timeout=60_000)

    goto(page, "Report")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Markdown").get_by_role("button").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    report = path.read_text(encoding="utf-8")
    assert "240,000 rows x 5 columns" in report and "(duckdb)" in report
    assert "Read by the duckdb engine where the table lives: statistics of all 240,000 rows" in report
    assert "use 200,000 of them, a reservoir sample drawn by DuckDB (repeatable)" in report
