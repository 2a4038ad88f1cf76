"""The sample datasets that ship with the repository (see sample_data/README.md)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLE_DIR", "sample_paths"]

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


def sample_paths() -> list[Path]:
    """Paths of the sample CSV files, sorted by name; empty when the package runs outside a checkout."""
    return sorted(SAMPLE_DIR.glob("*.csv")) if SAMPLE_DIR.is_dir() else []
