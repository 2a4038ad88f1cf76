"""Whose work is it: the owner of saved assessments, and whether a deployment may be shared.

Without sign-in, ML Scout is a single-user tool on one computer: every save belongs to the ``local`` owner and the
app listens on localhost only. With an OpenID Connect provider configured (Streamlit's ``[auth]`` secrets, used by
``st.login``), each signed-in person is an owner of their own — identified by the provider (``iss``) and the
subject (``sub``), which together are stable and unique, unlike an e-mail address — and the history shows each
person only their own saves, plus those of their team when a team claim is configured.

This module is the core's half and never imports streamlit; ``mlscout.ui.state`` reads the signed-in user.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["LOCAL", "AUTH_KEYS", "Workspace", "auth_configured", "data_roots", "check_bind_address", "is_local_address",
           "secrets_files", "workspace_from_claims"]

# What `st.login` needs in the `[auth]` section (a single provider), or in `[auth.<name>]` with the first two.
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
# The claim that names a user's team, when the identity provider sends one (for example "groups" or "hd").
TEAM_CLAIM_VARIABLE = "MLSCOUT_TEAM_CLAIM"


class Workspace(BaseModel):
    """The owner of the saves a session may list, open and write.

    Attributes
    ----------
    owner : str
        Key of the saves: ``"local"`` without sign-in, else ``"<issuer>|<subject>"``.
    label : str
        What the page shows for the person (their e-mail or name when the provider sends one).
    team : str or None
        Saves made under the same team are listed and opened by every member; only their owner deletes them.
    signed_in : bool
        Whether the owner comes from a sign-in.
    """

    model_config = ConfigDict(frozen=True)

    owner: str
    label: str
    team: str | None = None
    signed_in: bool = False


LOCAL = Workspace(owner="local", label="this computer")


def workspace_from_claims(claims: Mapping[str, Any], team_claim: str | None = None) -> Workspace:
    """The workspace of a signed-in user, from the claims of their ID token.

    Parameters
    ----------
    claims : mapping
        ``st.user`` or a decoded ID token: needs ``sub`` (and ``iss``, which makes two providers' subjects
        distinct).
    team_claim : str, optional
        Name of the claim that holds the team; default ``$MLSCOUT_TEAM_CLAIM``, else no team.

    Raises
    ------
    ValueError
        When the claims have no subject: such a sign-in cannot own anything.
    """
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        raise ValueError("the identity provider sent no subject ('sub' claim): the sign-in cannot be used to own "
                         "saved assessments; check the provider's OpenID Connect settings.")
    issuer = str(claims.get("iss") or claims.get("provider") or "").strip()
    label = str(claims.get("email") or claims.get("name") or subject)
    team_claim = team_claim if team_claim is not None else os.environ.get(TEAM_CLAIM_VARIABLE)
    team = claims.get(team_claim) if team_claim else None
    if isinstance(team, list | tuple):
        team = team[0] if team else None
    return Workspace(owner=f"{issuer}|{subject}", label=label, team=str(team) if team else None, signed_in=True)


def auth_configured(secrets: Mapping[str, Any]) -> bool:
    """Whether secrets configure sign-in the way ``st.login`` reads them (one provider, or named ones)."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping):
        return False
    if all(auth.get(key) for key in AUTH_KEYS):
        return True
    shared = {key: auth.get(key) for key in ("redirect_uri", "cookie_secret")}
    providers = [value for value in auth.values() if isinstance(value, Mapping)]
    return all(shared.values()) and any(all(p.get(key) for key in AUTH_KEYS[2:]) for p in providers)


def secrets_files(app_dir: Path, extra: list[Path] | None = None) -> list[Path]:
    """Where Streamlit looks for secrets when ML Scout starts it: the user's and the app folder's, then `extra`."""
    return [Path.home() / ".streamlit" / "secrets.toml", app_dir / ".streamlit" / "secrets.toml", *(extra or [])]


def _read_secrets(paths: list[Path]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in paths:
        if path.is_file():
            try:
                merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ValueError(f"cannot read the secrets file {path}: {exc}") from None
    return merged


def is_local_address(address: str) -> bool:
    """Whether a server bound to `address` is reachable from this computer only (loopback)."""
    address = address.strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_bind_address(address: str, secrets: list[Path], allow_without_sign_in: bool = False) -> bool:
    """Refuse to serve beyond this computer without sign-in; returns whether sign-in is configured.

    Raises
    ------
    PermissionError
        For a non-local address when no secrets file configures sign-in and the operator did not explicitly
        allow it: the message says how to configure sign-in or how to override.
    """
    signed = auth_configured(_read_secrets(secrets))
    if not is_local_address(address) and not signed and not allow_without_sign_in:
        raise PermissionError(
            f"refusing to serve ML Scout on {address!r} without sign-in: anyone who reaches it could read every "
            "upload and saved assessment. Configure an OpenID Connect provider in .streamlit/secrets.toml "
            "([auth]: redirect_uri, cookie_secret, client_id, client_secret, server_metadata_url; see "
            "docs/operations.md), or pass --allow-shared-without-sign-in if a proxy in front signs people in.")
    return signed


def data_roots(environ: Mapping[str, str], *, shared: bool) -> list[str] | None:
    """The server folders the app's Connect panel may open (`mlscout.engines.check_source_allowed`).

    ``MLSCOUT_DATA_ROOTS`` (folders separated by ``os.pathsep``) when set; otherwise None — anything — for the
    single local user, and no folder at all for a shared app (signed-in users or a non-local address), whose
    users must not read the server's files.
    """
    if "MLSCOUT_DATA_ROOTS" in environ:
        return [part for part in environ["MLSCOUT_DATA_ROOTS"].split(os.pathsep) if part.strip()]
    return [] if shared else None
