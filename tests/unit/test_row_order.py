"""Rows in time order with no time column (a meter's half-hourly load whose timestamps were lost in an export), told
apart from rows in random order, rows sorted by size and rows grouped by firm. Mirrors fpp2's `elecdemand` (the
corpus's Victoria electricity table) and the near-misses a scan of 1,202 R tables showed: Nerlove's utilities
sorted by output, Grunfeld's firms in blocks, Boston's tracts in town order."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout.baselines import baseline_inputs, evaluate
from mlscout.catalogue.model import default_catalogue
from mlscout.forecasting import seasonal_period
from mlscout.io import Dataset, DatasetInfo
from mlscout.opportunities import rank
from mlscout.pipeline import analyse_dataset
from mlscout.profiling.dataset import profile_dataset

NOW = datetime(2026, 12, 2, tzinfo=UTC)
rng = np.random.default_rng(21)


def half_hourly_load(days: int = 120) -> pd.DataFrame:
    """Demand with a daily cycle, weekday and weekend levels and a temperature that drifts, no timestamp."""
    steps = days * 48
    hour = np.arange(steps) % 48 / 2
    workday = ((np.arange(steps) // 48) % 7 < 5).astype(int)
    temperature = 18 + np.cumsum(rng.normal(0, 0.15, steps)) * 0.3 + 5 * np.sin(2 * np.pi * (hour - 9) / 24)
    demand = 4 + 0.8 * np.sin(2 * np.pi * (hour - 7) / 24) + 0.4 * workday + 0.03 * np.abs(temperature - 18) \
        + rng.normal(0, 0.05, steps)
    return pd.DataFrame({"Demand": demand.round(4), "WorkDay": workday, "Temperature": temperature.round(1)})


def summary_of(frame: pd.DataFrame, name: str):
    info = DatasetInfo(name=name, file_name=f"{name}.csv", format="csv", bytes=0, rows=len(frame),
                       columns=frame.shape[1], content_hash=name)
    return analyse_dataset(Dataset(info, frame), now=NOW)


def test_a_series_without_timestamps_is_in_time_order_and_shuffled_rows_are_not():
    load = half_hourly_load()
    order = profile_dataset(load, "load", now=NOW).row_order
    assert order is not None and set(order.columns) == {"Demand", "Temperature"} and order.autocorrelation > 0.9
    shuffled = load.sample(frac=1.0, random_state=0).reset_index(drop=True)
    assert profile_dataset(shuffled, "shuffled", now=NOW).row_order is None


def test_rows_sorted_by_size_or_grouped_by_firm_are_no_time_order():
    n = 300
    output = np.sort(rng.lognormal(6, 1.5, n)) * rng.uniform(0.97, 1.03, n)  # nearly sorted, as Nerlove's
    utilities = pd.DataFrame({"cost": (0.02 * output ** 0.9 * rng.lognormal(0, 0.05, n)).round(2),
                              "output": output.round(0), "labor_price": rng.uniform(1.5, 2.3, n).round(2),
                              "capital_price": rng.uniform(140, 230, n).round(0),
                              "fuel_price": rng.uniform(10, 45, n).round(1)})
    assert profile_dataset(utilities, "utilities", now=NOW).row_order is None
    # each firm's investment drifts year by year; the years are labels here, so only the blocks explain the order
    firms = pd.DataFrame({"firm": np.repeat([f"firm {i}" for i in range(10)], 20),
                          "period": [f"year {y}" for y in np.tile(np.arange(1935, 1955), 10)],
                          "invest": np.concatenate([np.cumsum(rng.normal(5, 3, 20)) + 100 * i for i in range(10)])})
    assert profile_dataset(firms, "firms", now=NOW).row_order is None


def test_the_order_is_told_the_forecast_is_offered_and_the_baseline_keeps_the_order():
    load = half_hourly_load()
    summary = summary_of(load, "electricity")
    finding = next(f for f in summary.findings if f.check_id == "rows_in_time_order")
    assert finding.severity == "info" and "'Demand'" in finding.message
    assert summary.shape is not None and summary.shape.in_time_order("Demand")
    offered = [(o.pain_point_id, o.target) for o in rank([summary], default_catalogue())]
    assert ("energy_forecasting", "Demand") in offered[:3] and ("demand_forecasting", "Demand") in offered[:3]
    inputs = baseline_inputs(summary.columns, "Demand", shape=summary.shape)
    assert inputs["ordered_rows"] and inputs["time_column"] is None
    forecast = evaluate(load, "Demand", task="forecasting", budget_s=30, **inputs)
    assert forecast.folds_kind == "forecast" and forecast.forecast is not None
    assert forecast.forecast.frequency == "row" and forecast.forecast.season_length == 48
    regression = evaluate(load, "Demand", budget_s=30, **inputs)
    assert regression.folds_kind == "time-ordered"


def test_a_table_with_a_time_column_needs_no_row_order():
    load = half_hourly_load(days=30)
    load.insert(0, "timestamp", pd.date_range("2014-01-01", periods=len(load), freq="30min").astype(str))
    summary = summary_of(load, "electricity")
    assert summary.shape is not None and summary.shape.row_order is None
    assert not any(f.check_id == "rows_in_time_order" for f in summary.findings)


def test_the_season_of_a_series_known_only_by_its_order():
    days = np.arange(700)
    daily = 100 + 30 * (days % 7 >= 5) + rng.normal(0, 3, len(days))  # weekends busier
    assert seasonal_period(daily) == 7
    assert seasonal_period(rng.normal(0, 1, 500)) == 1  # white noise: no cycle
