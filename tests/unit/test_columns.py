"""Column understanding: semantic types from values, statistics, type overrides and likely targets."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from mlscout.profiling.columns import likely_targets, numeric_view, profile_column
from mlscout.profiling.dataset import profile_dataset

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def semantic(values, name="col"):
    return profile_column(pd.Series(values, name=name), now=NOW)


@pytest.mark.parametrize("values,expected,storage", [
    (list(range(1000)), "identifier", "native"),                       # consecutive integers
    ([f"C-{i:06d}" for i in range(500)], "identifier", "native"),
    ([1.5, 2.25, 3.0, 7.5] * 50, "numeric", "native"),
    (["1,234.50", "2,000.00", " 12 ", "7.25"] * 50, "numeric", "text"),
    (["1.234,50", "2.000,00", "12,5", "7"] * 50, "numeric", "text"),
    (["yes", "no", "no"] * 50, "boolean", "text"),
    (["Y", "N", "N"] * 50, "boolean", "text"),
    (["true", "false"] * 50, "boolean", "text"),
    ([0, 1, 1, 0] * 50, "boolean", "native"),
    (["2024-03-01", "2024-03-02", "2024-04-15"] * 50, "datetime", "text"),
    (["03/01/2024", "03/02/2024", "12/31/2024"] * 50, "datetime", "text"),
    (["Sep-2021", "Oct-2021", "Jan-2022"] * 50, "datetime", "text"),
    ([20240301, 20240302, 20241231] * 50, "datetime", "integer"),
    (["red", "green", "blue"] * 50, "categorical", "native"),
    (["The delivery was late and the box was damaged", "Great service, thanks a lot",
      "I could not log in to my account today"] * 50, "text", "native"),
    (["same"] * 100, "constant", "native"),
    ([None] * 100, "empty", "native"),
    (["NA", "unknown", "?"] * 30, "empty", "native"),
])
def test_semantic_type_from_values(values, expected, storage):
    profile = semantic(values)
    assert (profile.semantic_type, profile.storage) == (expected, storage), profile.notes


def test_integer_coded_category_by_name():
    assert semantic([1, 2, 3, 4] * 50, name="region_code").semantic_type == "categorical"
    assert semantic([1, 2, 3, 4] * 50, name="visits").semantic_type == "numeric"


def test_numeric_statistics_and_blanks_among_numbers():
    profile = semantic(["10", "20", "", None, "30", "1,000"] * 40)
    assert profile.semantic_type == "numeric" and profile.storage == "text"
    assert profile.missing == 40 and profile.placeholders == {"": 40}
    assert profile.numeric.max == 1000 and profile.numeric.min == 10


def test_numeric_view_parses_text_numbers():
    series = pd.Series(["1,234.50", "n/a", None, "7"])
    profile = profile_column(series, "x", now=NOW)
    assert numeric_view(series, profile).tolist()[0] == 1234.5
    assert np.isnan(numeric_view(series, profile).tolist()[1])


def test_date_statistics():
    profile = semantic(pd.date_range("2024-01-01", periods=100, freq="D"))
    assert profile.dates.step_seconds == 86400 and profile.dates.irregular_step_share == 0
    assert profile.dates.min.year == 2024


def test_type_override_wins():
    profile = profile_column(pd.Series([1, 2, 3, 4] * 50, name="visits"), now=NOW, override="categorical")
    assert profile.semantic_type == "categorical" and profile.overridden
    with pytest.raises(ValueError, match="not one of"):
        profile_column(pd.Series([1, 2]), "x", now=NOW, override="banana")


def test_likely_targets_by_name_and_shape(sample_dir):
    from mlscout.io import load_table

    churn = load_table(sample_dir / "telecom_churn.csv")[0]
    best = likely_targets(profile_dataset(churn.frame, "churn", now=NOW))[0]
    assert (best.column, best.task) == ("churn", "binary")
    renamed = churn.frame.rename(columns={"churn": "status"})
    best = likely_targets(profile_dataset(renamed, "churn", now=NOW))[0]
    assert (best.column, best.task) == ("status", "binary")
    deliveries = load_table(sample_dir / "food_deliveries.csv")[0]
    best = likely_targets(profile_dataset(deliveries.frame, "d", now=NOW))[0]
    assert (best.column, best.task) == ("time_to_delivery", "regression")


def test_profile_is_exact_on_duplicates_and_samples_correlations():
    frame = pd.DataFrame({"a": np.arange(3000) % 7, "b": (np.arange(3000) % 7) * 2.0, "c": ["x"] * 3000})
    profile = profile_dataset(frame, "t", now=NOW, sample_rows=1000)
    assert profile.duplicate_rows == 3000 - 7
    assert profile.sample_rows == 1000
    assert ("a", "b", 1.0) in profile.correlated_pairs


def test_the_overview_filters_by_part_of_a_name_and_by_type():
    from mlscout.profiling.columns import columns_frame, filter_columns

    frame = pd.DataFrame({"Amount": np.arange(50.0), "amount_eur": np.arange(50.0) * 0.9,
                          "region": ["a", "b"] * 25})
    overview = columns_frame(profile_dataset(frame, "t").columns)
    assert list(filter_columns(overview, "AMO")["column"]) == ["Amount", "amount_eur"]
    assert list(filter_columns(overview, "", ["categorical"])["column"]) == ["region"]
    assert list(filter_columns(overview, "a.", ())["column"]) == []  # typed as is, not a pattern
