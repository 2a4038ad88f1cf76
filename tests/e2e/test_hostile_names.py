"""Column names are data: one that carries a script must stay text everywhere, in a real browser.

ydata-profiling writes column names into its HTML unescaped, so the deep profile is where a name like
``<img src=x onerror=...>`` used to run with the app's origin, read the page and send it away.
"""

from __future__ import annotations

import csv

from playwright.sync_api import expect

from tests.e2e.conftest import keep_screenshot, upload_and_open_quality

# Each payload would change the top page's title or send a request to a listener if it ever ran.
SCRIPT_NAME = '<img src=x onerror="window.top.document.title=\'PWNED\';fetch(\'http://127.0.0.1:9/leak\')">'
CLOSING_NAME = "</script><script>parent.document.title='PWNED2'</script>"
MARKDOWN_NAME = "![x](http://127.0.0.1:9/img.png) [sign in again](http://127.0.0.1:9/login)"


def test_hostile_column_names_never_run_or_fetch(page, server, tmp_path):
    path = tmp_path / "hostile.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([SCRIPT_NAME, CLOSING_NAME, MARKDOWN_NAME, "amount\\"])
        for i in range(60):
            writer.writerow([i % 7, f"level {i % 3}", i * 1.5, i % 2])

    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((server.url, "data:", "about:"))
            else foreign.append(request.url))
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
                       else route.abort())

    upload_and_open_quality(page, server, path, "hostile")
    page.get_by_role("tab", name="Deep profile").click()
    page.get_by_role("button", name="Build the deep profile").click()
    profile = page.frame_locator("iframe").first.frame_locator("iframe")
    expect(profile.get_by_role("heading", name="Overview")).to_be_visible(timeout=180_000)
    # the names are shown, as text
    expect(profile.get_by_text(SCRIPT_NAME, exact=True).first).to_be_attached()
    expect(profile.get_by_text(CLOSING_NAME, exact=True).first).to_be_attached()
    page.wait_for_timeout(1_000)  # room for an onerror handler to fire if one had been created
    keep_screenshot(page, "hostile-names-deep-profile")

    assert "PWNED" not in page.title()
    assert page.locator("img[src='x']").count() == 0
    inner = [frame for frame in page.frames if frame.url.startswith("about:srcdoc")]
    assert all(frame.locator("img[src='x']").count() == 0 for frame in inner)
    assert foreign == [], f"requests left the server: {foreign}"


# Values and names a shared file could carry: HTML, Markdown (an image that fetches, a link that phishes), a bidi
# override that reverses text on screen, a zero-width space, and spreadsheet formulas.
BIDI_NAME = "invoice\u202egnp.exe"
ZERO_WIDTH_NAME = "am\u200bount"
HOSTILE_VALUES = [
    "<img src=x onerror=\"window.top.document.title='PWNED3'\">",
    "![y](http://127.0.0.1:9/value.png)",
    "[Your session expired: sign in again](http://127.0.0.1:9/phish)",
    "=HYPERLINK(\"http://127.0.0.1:9/formula\",\"open\")",
    "north\u202ehtuos",
]
PAGES = ("Data", "Quality", "Opportunities", "Baselines", "Maturity", "Report")


def test_hostile_names_and_values_render_as_text_on_every_page(page, server, tmp_path):
    """Upload a file whose names and (repeated, so shown) values carry every payload, then open every page: no
    script runs, no request leaves the server, no image or link renders from data, and invisible characters
    are shown as escapes."""
    path = tmp_path / "sweep.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([SCRIPT_NAME, MARKDOWN_NAME, BIDI_NAME, ZERO_WIDTH_NAME, "=SUM(A1:A9)", "churned"])
        for i in range(100):
            writer.writerow([HOSTILE_VALUES[i % 5], HOSTILE_VALUES[(i + 1) % 5], i % 4, i * 1.5 % 17,
                             HOSTILE_VALUES[(i + 2) % 5], "yes" if i % 3 == 0 else "no"])

    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((server.url, "data:", "about:", "blob:"))
            else foreign.append(request.url))
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
                       else route.abort())

    upload_and_open_quality(page, server, path, "sweep")
    for name in PAGES:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                                timeout=60_000)
        page.wait_for_timeout(500)  # room for an onerror handler or an image request to fire
        main = page.get_by_test_id("stMain")
        # no markup from data: no image at all in the page body, no link that points at the payloads' host
        assert main.locator("img[src='x'], img[src*='127.0.0.1:9']").count() == 0, name
        links = main.locator("a[href*='127.0.0.1:9']")
        assert links.count() == 0, (name, [links.nth(i).evaluate("a => a.parentElement.outerHTML.slice(0, 300)")
                                           for i in range(min(links.count(), 3))])
        assert "PWNED" not in page.title(), name
        # invisible characters are shown as escapes wherever a name or value is written, never applied
        html = page.content()
        assert "\u202e" not in html and "\u200b" not in html, name
        if name == "Quality":
            keep_screenshot(page, "hostile-sweep-quality")
    assert foreign == [], f"requests left the server: {foreign}"
