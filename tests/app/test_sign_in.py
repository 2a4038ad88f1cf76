"""The sign-in gate and private saves, page logic in AppTest (the browser journey: tests/e2e/test_private_workspaces.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mlscout.store import list_saved
from mlscout.text import escape_markdown
from mlscout.workspace import LOCAL, workspace_from_claims
from tests.conftest import REPO

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-test-cookie-secret-of-32-chars",
        "client_id": "mlscout", "client_secret": "s3cret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


def signed_app(user: dict) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = user
    return at.run()


def test_nothing_of_the_app_shows_before_signing_in():
    at = signed_app({"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert [t.value for t in at.title] == ["ML Scout"]
    assert not at.file_uploader and not at.sidebar.markdown  # no upload, no sidebar of loaded datasets


def test_a_signed_in_person_saves_into_their_own_workspace():
    alice_claims = {"is_logged_in": True, "iss": "https://idp.example.org", "sub": "alice-1",
                    "email": "alice@example.org"}
    at = signed_app(alice_claims)
    assert not at.exception
    assert any(c.value == f"Signed in as {escape_markdown('alice@example.org')}" for c in at.sidebar.caption)
    at.switch_page("pages/5_Maturity.py").run()
    at.text_input(key="maturity_project").input("Q4").run()
    [b for b in at.button if b.label == "Save this assessment"][0].click().run()
    assert any("Saved as #" in s.value for s in at.success)
    alice = workspace_from_claims(alice_claims)
    assert len(list_saved("Q4", alice)) == 1 and list_saved("Q4", LOCAL) == []


def test_without_sign_in_the_sidebar_says_single_user(app):
    assert any("Single-user mode on this computer" in c.value for c in app.sidebar.caption)
    assert not [b for b in app.button if b.label in ("Sign in", "Sign out")]
