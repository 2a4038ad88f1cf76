"""Sign-in and private workspaces in a real browser: a local OpenID Connect provider, two people, two histories.

The provider is `oidc-provider-mock` (a real OIDC server: discovery, authorization code, token, JWKS) on a
loopback port; the app is started with the `[auth]` secrets `st.login` reads. Each person signs in through the
provider's authorization form, saves an assessment under the same project name, and must see only their own save
on both pages that list the history, while the database holds both.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ARTIFACTS,
    Server,
    full_screenshot,
    start_server,
    stop_server,
    wait_for_app,
)
from tests.services import free_port


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module) -> Iterator[Server]:
    from oidc_provider_mock import run_server_in_thread

    # the provider serves plain http on loopback, which Authlib refuses unless told this is a test
    monkeypatch_module.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    workdir = tmp_path_factory.mktemp("signed")
    port = free_port()
    with run_server_in_thread() as provider:
        secrets = workdir / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-of-32-characters"\n'
            'client_id = "mlscout"\n'
            'client_secret = "test-client-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n')
        srv = start_server(workdir, "--secrets.files", str(secrets), port=port)
        srv.home = workdir / "home"
        yield srv
        stop_server(srv)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture
def person(browser, signed_server: Server, request: pytest.FixtureRequest):
    """A browser of its own per person (cookies are the session); artifacts of every context kept on failure."""
    contexts = []

    def open_context():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.tracing.start(screenshots=True, snapshots=True)
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        return pg

    yield open_context
    failed = getattr(request.node, "rep_call", None) is None or request.node.rep_call.failed
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    for i, context in enumerate(contexts):
        if failed:
            folder.mkdir(parents=True, exist_ok=True)
            for j, pg in enumerate(context.pages):
                try:
                    full_screenshot(pg, folder / f"failure-{i}-{j}.png")
                except Exception:  # noqa: BLE001 - keep collecting the other artifacts
                    pass
            context.tracing.stop(path=str(folder / f"trace-{i}.zip"))
        else:
            context.tracing.stop()
        context.close()
    if failed:
        (folder / "server.log").write_text(signed_server.log())


def sign_in(pg, server: Server, subject: str) -> None:
    pg.goto(server.url + "/Report")  # a page's own address leads to the sign-in screen too
    wait_for_app(pg)
    expect(pg.get_by_text("Sign in to assess your data")).to_be_visible()
    expect(pg.get_by_test_id("stSidebarNav")).to_have_count(0)  # no page of the app before signing in
    expect(pg.get_by_role("tab", name="Saved assessments")).to_have_count(0)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url(re.compile(r".*/oauth2/authorize.*"))
    pg.locator("input[name=sub]").fill(subject)
    pg.get_by_role("button", name="Authorize").click()
    pg.wait_for_url(re.compile(re.escape(server.url) + r"/.*"))
    wait_for_app(pg)
    expect(pg.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {subject}")


def open_maturity_project(pg, project: str) -> None:
    pg.get_by_test_id("stSidebarNav").get_by_role("link", name="Maturity", exact=True).click()
    expect(pg.get_by_role("heading", name="Maturity", exact=True)).to_be_visible(timeout=60_000)
    pg.get_by_role("textbox", name="Project").fill(project)
    pg.get_by_role("textbox", name="Project").press("Enter")
    expect(pg.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def save_and_read_id(pg) -> int:
    pg.get_by_role("button", name="Save this assessment").click()
    success = pg.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text("Saved as #")
    return int(re.search(r"#(\d+)", success.inner_text()).group(1))


def history_ids(pg) -> list[str]:
    """The '#' column of the history table, read from the grid's cells."""
    grid = pg.get_by_test_id("stDataFrame").first
    expect(grid.get_by_test_id("glide-cell-0-0")).to_be_attached(timeout=30_000)
    return [grid.get_by_test_id(f"glide-cell-0-{row}").inner_text()
            for row in range(grid.locator("[data-testid^=glide-cell-0-]").count())]


def test_two_signed_in_people_never_see_each_others_saves(person, signed_server: Server):
    alice, bob = person(), person()
    sign_in(alice, signed_server, "alice@example.org")
    open_maturity_project(alice, "Q4 review")
    expect(alice.get_by_text("No saved assessment in this project yet.")).to_be_visible()
    alice_id = save_and_read_id(alice)

    sign_in(bob, signed_server, "bob@example.org")
    open_maturity_project(bob, "Q4 review")  # the same project name: still not Alice's
    expect(bob.get_by_text("No saved assessment in this project yet.")).to_be_visible()
    bob_id = save_and_read_id(bob)
    assert bob_id != alice_id
    assert history_ids(bob) == [str(bob_id)]
    bob.get_by_test_id("stSidebarNav").get_by_role("link", name="Report", exact=True).click()
    bob.get_by_role("tab", name="Saved assessments").click()
    bob.get_by_test_id("stSelectbox").filter(has_text="Open a saved assessment").click()
    expect(bob.get_by_role("option")).to_have_text([f"#{bob_id}"])
    bob.keyboard.press("Escape")

    alice.reload()  # a new session of the same signed-in person: the cookie keeps her identity
    wait_for_app(alice)
    expect(alice.get_by_test_id("stSidebar")).to_contain_text("Signed in as alice@example.org")
    open_maturity_project(alice, "Q4 review")
    assert history_ids(alice) == [str(alice_id)]

    with sqlite3.connect(Path(signed_server.home) / "mlscout.db") as connection:
        owners = dict(connection.execute("SELECT id, owner FROM assessments").fetchall())
    assert owners[alice_id].endswith("|alice@example.org") and owners[bob_id].endswith("|bob@example.org")

    alice.get_by_role("button", name="Sign out").click()
    alice.wait_for_url(re.compile(r".*/oauth2/end_session.*"))  # the provider's end of session, then back
    alice.get_by_role("button", name="End session").click()
    alice.wait_for_url(re.compile(re.escape(signed_server.url) + r"/.*"))
    wait_for_app(alice)
    expect(alice.get_by_role("button", name="Sign in")).to_be_visible()
    expect(alice.get_by_test_id("stSidebarNav")).to_have_count(0)
