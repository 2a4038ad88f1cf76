"""Charts that read: every column labelled, rank labels that never sit on each other, dates on a time axis."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout import charts
from mlscout.catalogue.model import default_catalogue
from mlscout.io import load_table
from mlscout.opportunities import rank
from mlscout.pipeline import analyse_dataset
from tests.conftest import SAMPLE_DIR

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _layer_data(chart, mark: str) -> pd.DataFrame:
    spec = chart.to_dict()
    datasets = spec["datasets"]
    layer = next(part for part in spec["layer"] if (part["mark"]["type"] if isinstance(part["mark"], dict)
                                                    else part["mark"]) == mark)
    return pd.DataFrame(datasets[layer["data"]["name"]])


def test_rank_labels_share_a_spot_instead_of_overlapping():
    summaries = [analyse_dataset(load_table(p)[0], now=NOW) for p in sorted(SAMPLE_DIR.glob("*.csv"))]
    ranked = rank(summaries, default_catalogue())
    # two opportunities on one spot, as unsupervised entries of similar tables often are
    twin = ranked[1].model_copy(update={"value": ranked[0].value, "feasibility": ranked[0].feasibility})
    chart = charts.opportunity_quadrant_chart([ranked[0], twin, *ranked[2:]])
    labels = _layer_data(chart, "text")
    assert "1, 2" in set(labels["label"]) and labels[["value", "feasibility"]].duplicated().sum() == 0
    assert all(set(label) <= set("0123456789, ") for label in labels["label"])


def test_every_column_of_the_missing_values_chart_keeps_its_label():
    from mlscout.profiling.dataset import profile_dataset

    frame = pd.DataFrame({f"col_{i}": np.where(np.arange(200) % (i + 2) == 0, np.nan, 1.0) for i in range(25)})
    chart = charts.missingness_chart(profile_dataset(frame, "t").columns)
    axis = chart.to_dict()["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False


def test_maturity_over_time_labels_dates():
    chart = charts.maturity_history_chart([{"saved": "2026-12-01T10:00:00.941", "factor": "strategy",
                                            "score": 60}])
    assert chart.to_dict()["encoding"]["x"]["axis"]["format"] == "%Y-%m-%d"
