"""Property test: arbitrary small frames never crash profiling, and every score stays within 0-100."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlscout.io import Dataset, DatasetInfo
from mlscout.pipeline import analyse_dataset

cell = st.one_of(
    st.none(), st.just(float("nan")), st.just(float("inf")), st.just(float("-inf")), st.just(""), st.just("  "),
    st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["NA", "unknown", "?", "yes", "no", "2024-03-01", "1,234.50", "-0.0"]),
    st.booleans(), st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)


@st.composite
def frames(draw):
    n_cols = draw(st.integers(0, 6))
    n_rows = draw(st.integers(0, 25))
    names = draw(st.lists(st.text(min_size=0, max_size=8), min_size=n_cols, max_size=n_cols))
    columns = {}
    for i, _name in enumerate(names):
        kind = draw(st.sampled_from(["mixed", "int", "float", "text"]))
        if kind == "mixed":
            values = draw(st.lists(cell, min_size=n_rows, max_size=n_rows))
        elif kind == "int":
            values = draw(st.lists(st.integers(-5, 5), min_size=n_rows, max_size=n_rows))
        elif kind == "float":
            values = draw(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=n_rows,
                                   max_size=n_rows))
        else:
            values = draw(st.lists(st.text(max_size=6), min_size=n_rows, max_size=n_rows))
        columns[i] = pd.Series(values, dtype=object if kind in ("mixed", "text") else None)
    frame = pd.DataFrame(columns)
    frame.columns = names  # may repeat, be empty or be any unicode
    return frame


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_profiling_never_crashes_and_scores_stay_in_range(frame):
    info = DatasetInfo(name="t", file_name="t.csv", format="csv", bytes=0, rows=len(frame), columns=frame.shape[1],
                       content_hash="")
    summary = analyse_dataset(Dataset(info, frame), now=datetime(2026, 11, 27, tzinfo=UTC))
    assert 0 <= summary.readiness.overall <= 100
    assert all(0 <= s <= 100 for s in summary.readiness.dimensions.values())
    assert not [f for f in summary.findings if f.check_id == "check_failed"], \
        [f.message for f in summary.findings if f.check_id == "check_failed"]
    summary.model_dump_json()  # serialisable, whatever the input
    assert np.isfinite(summary.readiness.overall)
