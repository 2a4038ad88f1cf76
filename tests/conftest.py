"""Shared fixtures. Tests write only to temporary directories; the data directory points at one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from tests.services import ServiceUnavailable, spark_or_skip_reason, start_postgres

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


# PostgreSQL and Spark, started once, only when a test asks for them (tests/services.py)
@pytest.fixture(scope="session")
def postgres():
    # a random password, so that any place it leaks to can be searched for it
    try:
        server = start_postgres(password="pw-" + secrets.token_hex(8))
    except ServiceUnavailable as exc:
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def spark():
    reason = spark_or_skip_reason()
    if reason:
        pytest.skip(f"Spark could not be started: {reason}")
    from mlscout.engines import spark_session

    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
