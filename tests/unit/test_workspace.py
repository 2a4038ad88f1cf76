"""Whose saves a session sees, and when the app may listen beyond this computer."""

from __future__ import annotations

import pytest

from mlscout.cli import UsageError, app_command, main
from mlscout.workspace import (
    LOCAL,
    auth_configured,
    check_bind_address,
    is_local_address,
    workspace_from_claims,
)

AUTH = {"redirect_uri": "https://scout.example.org/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "mlscout", "client_secret": "s3cret",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}


def test_a_signed_in_owner_is_the_provider_and_subject_not_the_email():
    alice = workspace_from_claims({"iss": "https://idp.example.org", "sub": "42", "email": "alice@example.org"})
    assert alice.owner == "https://idp.example.org|42" and alice.label == "alice@example.org" and alice.signed_in
    other_provider = workspace_from_claims({"iss": "https://other.example.org", "sub": "42"})
    assert other_provider.owner != alice.owner
    assert LOCAL.owner == "local" and not LOCAL.signed_in


def test_the_team_comes_from_the_configured_claim_only(monkeypatch):
    claims = {"iss": "idp", "sub": "7", "groups": ["risk", "all"], "hd": "example.org"}
    monkeypatch.delenv("MLSCOUT_TEAM_CLAIM", raising=False)
    assert workspace_from_claims(claims).team is None
    assert workspace_from_claims(claims, team_claim="groups").team == "risk"
    monkeypatch.setenv("MLSCOUT_TEAM_CLAIM", "hd")
    assert workspace_from_claims(claims).team == "example.org"


def test_claims_without_a_subject_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="no subject"):
        workspace_from_claims({"iss": "idp", "email": "alice@example.org"})


def test_auth_is_configured_for_one_provider_or_named_ones():
    assert auth_configured({"auth": AUTH})
    named = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
             "corp": {key: AUTH[key] for key in ("client_id", "client_secret", "server_metadata_url")}}
    assert auth_configured({"auth": named})
    assert not auth_configured({"auth": {**AUTH, "client_secret": ""}})
    assert not auth_configured({})


@pytest.mark.parametrize(("address", "local"), [("localhost", True), ("127.0.0.1", True), ("::1", True),
                                                 ("[::1]", True), ("0.0.0.0", False), ("192.0.2.7", False),
                                                 ("scout.example.org", False), ("::", False)])
def test_local_addresses(address, local):
    assert is_local_address(address) is local


def test_a_shared_address_needs_sign_in_or_an_explicit_override(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert check_bind_address("localhost", [secrets]) is False
    with pytest.raises(PermissionError, match="without sign-in"):
        check_bind_address("0.0.0.0", [secrets])
    assert check_bind_address("0.0.0.0", [secrets], allow_without_sign_in=True) is False
    secrets.write_text("[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in AUTH.items()))
    assert check_bind_address("0.0.0.0", [secrets]) is True


def test_mlscout_app_refuses_a_shared_address_without_sign_in(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOME", str(tmp_path))  # no user-wide secrets file
    assert main(["app", "--address", "0.0.0.0"]) == 2
    assert "refusing to serve ML Scout on '0.0.0.0' without sign-in" in capsys.readouterr().err
    secrets = tmp_path / "auth.toml"
    secrets.write_text("[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in AUTH.items()))
    command = app_command(8765, "0.0.0.0", [secrets])
    flags = list(zip(command[5::2], command[6::2], strict=False))
    assert ("--server.address", "0.0.0.0") in flags and ("--secrets.files", str(secrets.resolve())) in flags
    with pytest.raises(UsageError, match="no secrets file"):
        app_command(8765, "0.0.0.0", [tmp_path / "missing.toml"])
    broken = tmp_path / "broken.toml"
    broken.write_text("[auth\n")
    with pytest.raises(UsageError, match="cannot read the secrets file"):
        app_command(8765, "0.0.0.0", [broken])
