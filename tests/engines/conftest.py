"""PostgreSQL and Spark, started once for the engine tests (see tests/services.py)."""

from __future__ import annotations

import secrets

import pytest

from tests.services import ServiceUnavailable, spark_or_skip_reason, start_postgres


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
