from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    return at.run()
