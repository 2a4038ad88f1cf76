"""The Data page in a real browser: two uploads (one broken), the sample data, the sidebar."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, wait_for_app


def test_upload_good_and_broken_then_sample_data(page, server, tmp_path):
    good = tmp_path / "orders.csv"
    good.write_text("order_id,amount,region\n" + "".join(f"{i},{i * 1.5},north\n" for i in range(40)))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(bytes(range(256)) * 16)

    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible()

    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files([str(good), str(broken)])
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("broken.csv")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("binary file")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("loaded as orders (40 rows x 3 columns)")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("orders")
    expect(sidebar).to_contain_text("40 rows x 3 columns")
    expect(page.get_by_test_id("stFileChipName")).to_have_count(0)  # the upload was dropped after parsing

    page.get_by_role("button", name="Load sample data").click()
    expect(page.get_by_text("5 dataset(s) loaded")).to_be_visible()
    for name in ("telecom_churn", "credit_applications", "bank_calls", "food_deliveries"):
        expect(sidebar).to_contain_text(name)
    keep_screenshot(page, "data")

    sidebar.get_by_role("button", name="").first.click()  # remove the first dataset (orders)
    expect(page.get_by_text("4 dataset(s) loaded")).to_be_visible()
    expect(sidebar).not_to_contain_text("40 rows x 3 columns")
