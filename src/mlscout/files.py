"""Reading the user's own YAML files (settings, catalogue, maturity answers) with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["parse_yaml", "read_text"]


def read_text(path: str | Path, error: type[Exception], what: str) -> str:
    """The file's text; `error` naming the file when it is missing or unreadable."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: no such {what}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({exc}).") from None


def parse_yaml(text: str, source: str, error: type[Exception]) -> Any:
    """Parsed YAML (an empty document gives {}); `error` naming `source` when it is not valid YAML."""
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML ({str(exc).splitlines()[0]}).") from None
