"""Shared fixtures. Tests write only to temporary directories; the data directory points at one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "sample_data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("mlscout-home")
    monkeypatch.setenv("MLSCOUT_HOME", str(home))
    monkeypatch.setenv("YDATA_PROFILING_NO_ANALYTICS", "1")
    return home


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
