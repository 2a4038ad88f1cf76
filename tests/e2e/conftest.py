"""Browser tests: Playwright drives Debian's Chromium against a real `streamlit run` server.

Recipe: ../shared/guides/browser-tests.md. On failure a test keeps its screenshot, the server log and the
Playwright trace under test-artifacts/<test name>/ (MLSCOUT_ARTIFACTS overrides the folder).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.services import free_port

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ARTIFACTS = Path(os.environ.get("MLSCOUT_ARTIFACTS", REPO / "test-artifacts"))
CHROMIUM_CANDIDATES = [os.environ.get("MLSCOUT_CHROMIUM", ""), "/usr/lib/chromium/chromium", "/usr/bin/chromium",
                       "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.timeout(300))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _chromium() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium not found: run `make test` (it installs Debian's chromium) or set MLSCOUT_CHROMIUM.")


class Server:
    def __init__(self, url: str, log_path: Path, process: subprocess.Popen):
        self.url = url
        self.log_path = log_path
        self.process = process

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_server(workdir: Path, *extra_args: str, host: str = "127.0.0.1", port: int | None = None,
                 env: dict[str, str] | None = None) -> Server:
    """`streamlit run app.py` with the flags `mlscout app` uses, its own MLSCOUT_HOME, answering its health check."""
    from mlscout.cli import STREAMLIT_FLAGS

    port = port or free_port()
    log_path = workdir / "server.log"
    environment = dict(os.environ, MLSCOUT_HOME=str(workdir / "home"), YDATA_PROFILING_NO_ANALYTICS="1",
                       PYTHONUNBUFFERED="1", **(env or {}))
    # the flags `mlscout app` runs the app with (no file watcher, no usage statistics): what is tested is deployed
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), *STREAMLIT_FLAGS,
               "--server.address", "127.0.0.1", "--server.port", str(port), *extra_args]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not answer within 60 s:\n{log_path.read_text()}")
        time.sleep(0.1)
    return Server(url, log_path, process)


def stop_server(srv: Server) -> None:
    srv.process.terminate()
    try:
        srv.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        srv.process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server: Server, request: pytest.FixtureRequest):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.tracing.start(screenshots=True, snapshots=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    log_start = len(server.log())
    yield pg
    failed = getattr(request.node, "rep_call", None) is None or request.node.rep_call.failed
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    if failed:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            full_screenshot(pg, folder / "failure.png")
        except Exception:  # noqa: BLE001 - keep collecting the other artifacts
            pass
        context.tracing.stop(path=str(folder / "trace.zip"))
        (folder / "server.log").write_text(server.log()[log_start:])
    else:
        context.tracing.stop()
    context.close()


def wait_for_app(pg) -> None:
    """Wait until the websocket is connected and the script has finished its run."""
    from playwright.sync_api import expect

    app = pg.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)


def full_screenshot(pg, path: Path) -> Path:
    """Streamlit scrolls inside stMain: grow the viewport to its height for a whole-page picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = pg.viewport_size or {"width": 1280, "height": 900}
    height = pg.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollHeight || 900")
    pg.set_viewport_size({"width": size["width"], "height": max(int(height), size["height"])})
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(path))
    pg.set_viewport_size(size)
    return path


def keep_screenshot(pg, name: str) -> Path:
    """A screenshot kept as a test artifact whether the test passes or not."""
    return full_screenshot(pg, ARTIFACTS / "screenshots" / f"{name}.png")


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS



def upload_and_open_quality(pg, server, path: Path, loaded_as: str) -> None:
    """Open the app, upload `path`, wait for its success message, and go to the Quality page."""
    from playwright.sync_api import expect

    pg.goto(server.url)
    wait_for_app(pg)
    pg.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(path))
    expect(pg.get_by_test_id("stAlertContentSuccess")).to_contain_text(f"loaded as {loaded_as}")
    pg.get_by_test_id("stSidebarNav").get_by_role("link", name="Quality", exact=True).click()
    expect(pg.get_by_role("heading", name="Quality", exact=True)).to_be_visible()
