"""Forecasting baselines from the rows people actually have (transactions, events, readings).

The rows are summed (or counted) per period and series, on a frequency inferred from the time stamps; missing
periods count zero. The last season of each series is held out. A seasonal naive forecast (the value one season
earlier) is compared with gradient boosting on features known a season ahead (lags of one and two seasons, the mean
of the season before, calendar parts, the series), with MASE: the hold-out error divided by the in-sample error of
the seasonal naive forecast. Score = 1 - MASE, so higher is better, as for the other tasks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mlscout.profiling.columns import numeric_view, profile_column, to_timestamps

__all__ = ["SEASON", "event_class", "forecast_baseline", "infer_frequency", "seasonal_period"]

# frequency -> (pandas alias, season length in periods)
SEASON = {"1min": ("min", 60), "5min": ("5min", 288), "15min": ("15min", 96), "30min": ("30min", 48),
          "hour": ("h", 24), "day": ("D", 7), "week": ("W-MON", 52), "month": ("MS", 12), "quarter": ("QS", 4)}
_MAX_PERIODS = 200_000


_EVENT_PERIODS = (("hour", 3600), ("day", 86400), ("week", 7 * 86400), ("month", 30.44 * 86400))


def infer_frequency(times: pd.Series, series: int = 1) -> str:
    """The natural period of a time column.

    A regular series (most steps between distinct time stamps equal) keeps its step. An event log (transactions at
    any time) is counted per the shortest period that holds three events per series on average.
    """
    clean = times.dropna()
    distinct = np.sort(clean.unique())
    if len(distinct) < 3:
        return "day"
    steps = np.diff(distinct).astype("timedelta64[s]").astype("float64")
    steps = steps[steps > 0]
    if not steps.size:
        return "day"
    values, counts = np.unique(steps, return_counts=True)
    step = values[counts.argmax()]
    if counts.max() / steps.size < 0.5:  # irregular: an event log
        span = (distinct[-1] - distinct[0]).astype("timedelta64[s]").astype("float64")
        for name, seconds in _EVENT_PERIODS:
            if len(clean) / max(span / seconds, 1) / max(series, 1) >= 3:
                return name
        return "month"
    for name, seconds in (("1min", 60), ("5min", 300), ("15min", 900), ("30min", 1800), ("hour", 3600),
                          ("day", 86400), ("week", 7 * 86400)):
        if step <= seconds * 1.01:
            return name
    if step <= 32 * 86400:
        return "month"
    return "quarter"


def seasonal_period(values: np.ndarray, max_lag: int = 1000) -> int:
    """The season of a series known only by its order: the shortest lag at which its autocorrelation peaks nearly
    as high as at its highest peak (48 half-hours in a day before 336 in a week); 1 when no lag stands out.

    Read from statsmodels' autocorrelation function, on up to `max_lag` lags and a third of the series.
    """
    from statsmodels.tsa.stattools import acf

    clean = values[np.isfinite(values)]
    lags = min(max_lag, len(clean) // 3)
    if lags < 4 or np.std(clean) == 0:
        return 1
    correlation = acf(clean, nlags=lags, fft=True)
    peaks = [lag for lag in range(2, lags) if correlation[lag] > correlation[lag - 1]
             and correlation[lag] >= correlation[lag + 1] and correlation[lag] >= _MIN_SEASONAL_CORRELATION]
    if not peaks:
        return 1
    highest = max(correlation[lag] for lag in peaks)
    return next(lag for lag in peaks if correlation[lag] >= highest - _SEASON_TOLERANCE)


_MIN_SEASONAL_CORRELATION = 0.3
_SEASON_TOLERANCE = 0.1

_EVENT_WORDS = ("positive", "yes", "true", "1", "1.0", "y", "confirmed", "detected")


def event_class(profile: Any) -> str:
    """The class of a yes/no or category column whose count per period is the quantity to forecast: the one that
    says an event happened ('positive', 'yes'), or else the rarest class."""
    values = [str(v.value).strip() for v in profile.top_values]
    for value in values:
        if value.lower() in _EVENT_WORDS:
            return value
    return str(min(profile.top_values, key=lambda v: v.count).value).strip()


def forecast_baseline(frame: pd.DataFrame, target: str | None, *, time_column: str | None, series_id: str | None,
                      budget: Any, dataset: str, ordered_rows: bool = False) -> Any:
    """The seasonal naive forecast against gradient boosting on lags, per period of `time_column`; with
    `ordered_rows` and no time column, one period per row (the rows' order is the time) and a season read from the
    target's autocorrelation."""
    from mlscout.baselines import BaselineError

    if time_column is None and not ordered_rows:
        raise BaselineError("forecasting needs a time column: pick the column that dates each row.")
    progress = budget.progress
    if time_column is None:
        return _forecast_rows_in_order(frame, target, budget=budget, dataset=dataset)
    progress(0.05, "Aggregating the rows per period")
    times = to_timestamps(frame[time_column])  # dates, or years and decimal years held as numbers
    data = pd.DataFrame({"time": times})
    if target is not None and target in frame.columns and target != time_column:
        profile = profile_column(frame[target], target)
        if profile.semantic_type in ("categorical", "boolean") and profile.top_values:
            event = event_class(profile)  # a test result over time: positives per period
            data["value"] = (frame[target].astype(str).str.strip() == event).astype(float).to_numpy()
            data.loc[frame[target].isna().to_numpy(), "value"] = np.nan
            aggregation = f"count of '{event}' in {target}"
        else:
            data["value"] = numeric_view(frame[target], profile).to_numpy()
            aggregation = f"sum of {target}"
    else:
        data["value"] = 1.0
        aggregation = "number of rows"
    data["series"] = frame[series_id].astype(str).to_numpy() if series_id else "all"
    data = data.dropna(subset=["time"])
    if len(data) < 30:
        raise BaselineError(f"only {len(data)} rows have a usable time stamp in '{time_column}'.")
    frequency = infer_frequency(data["time"], series=data["series"].nunique())
    alias, season = SEASON[frequency]
    grouped = data.groupby(["series", pd.Grouper(key="time", freq=alias)])["value"]
    series_frame = (grouped.sum(min_count=1) if aggregation != "number of rows" else grouped.size()).rename("y")
    series_frame = series_frame.reset_index()
    pieces = []
    missing_periods = 0
    for name, part in series_frame.groupby("series"):
        full = pd.date_range(part["time"].min(), part["time"].max(), freq=alias)
        part = part.set_index("time").reindex(full).rename_axis("time").reset_index()
        part["series"] = name
        missing_periods += int(part["y"].isna().sum())
        if aggregation == "number of rows":
            part["y"] = part["y"].fillna(0.0)  # an event log: a period without rows had no event
        # summed quantities: a period without rows is unknown, not a zero (a gap in the export, a closed store)
        pieces.append(part.tail(_MAX_PERIODS // max(series_frame["series"].nunique(), 1)))
    panel = pd.concat(pieces, ignore_index=True)
    periods = int(panel.groupby("series").size().min())
    if periods < 3 * season:
        if frequency in ("5min", "15min", "30min", "1min"):
            season = {"5min": 12, "15min": 4, "30min": 2, "1min": 60}[frequency]  # fall back to an hourly cycle
        if periods < 3 * season:
            raise BaselineError(f"only {periods} {frequency} periods per series: a forecast needs at least three "
                                f"seasons ({3 * season}).")
    notes = (f"{aggregation} per {frequency}; the last {season} periods of each series held out",
             *((f"{missing_periods:,} periods without rows left missing (not counted as zero)",)
               if missing_periods and aggregation != "number of rows" else ()))
    return _seasonal_models(panel, season, season, frame=frame, target=target, time_column=time_column,
                            series_id=series_id, budget=budget, dataset=dataset, frequency=frequency,
                            periods=periods, aggregation=aggregation, missing_periods=missing_periods, notes=notes)


def _forecast_rows_in_order(frame: pd.DataFrame, target: str | None, *, budget: Any, dataset: str) -> Any:
    """One period per row, in the table's order: a meter's readings or a daily price whose timestamps were lost."""
    from mlscout.baselines import BaselineError

    if target is None or target not in frame.columns:
        raise BaselineError("with no time column, a forecast needs the quantity to forecast: pick the target.")
    budget.progress(0.05, "Reading the rows in their order")
    values = numeric_view(frame[target], profile_column(frame[target], target)).to_numpy(dtype="float64")
    values = values[-_MAX_PERIODS:]
    season = seasonal_period(values)
    panel = pd.DataFrame({"series": "all", "time": np.arange(len(values)), "y": values})
    needed = 3 * max(season, 10)
    if len(panel) < needed:
        raise BaselineError(f"only {len(panel)} rows: a forecast needs at least {needed} (three seasons, and 30 "
                            "rows at least).")
    # Each held-out row is forecast a season ahead from rows already seen, so the hold-out can span many seasons:
    # a tenth of the rows says more than one season would.
    horizon = max(season, len(panel) // 10)
    cycle = f"a cycle of {season} rows in the autocorrelation of '{target}'" if season > 1 else \
        f"no cycle in the autocorrelation of '{target}': the naive forecast repeats the previous row"
    notes = (f"no time column: one period per row (the rows' order is the time); {cycle}; the last {horizon:,} "
             f"rows held out, each forecast {season} row{'s' if season > 1 else ''} ahead. Add the timestamps for "
             "calendar features and a forecast per date.",)
    return _seasonal_models(panel, season, horizon, frame=frame, target=target, time_column=None, series_id=None,
                            budget=budget, dataset=dataset, frequency="row", periods=len(panel),
                            aggregation=f"{target} per row", missing_periods=int(np.isnan(values).sum()),
                            notes=notes)


def _seasonal_models(panel: pd.DataFrame, season: int, horizon: int, *, frame: pd.DataFrame, target: str | None,
                     time_column: str | None, series_id: str | None, budget: Any, dataset: str, frequency: str,
                     periods: int, aggregation: str, missing_periods: int, notes: tuple[str, ...]) -> Any:
    """The seasonal naive forecast and gradient boosting on lags, the last `horizon` periods of each series held
    out (calendar parts as features when the periods are dates)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    from mlscout.baselines import (
        BaselineError,
        BaselineResult,
        ForecastFacts,
        ModelScore,
        feasibility_from,
        verdict_from,
    )

    progress = budget.progress
    progress(0.3, f"Building lag features ({len(panel):,} periods, season {season})")
    panel = panel.sort_values(["series", "time"]).reset_index(drop=True)
    by_series = panel.groupby("series")["y"]
    panel["lag_season"] = by_series.shift(season)
    panel["lag_season_plus_1"] = by_series.shift(season + 1)
    panel["lag_two_seasons"] = by_series.shift(2 * season)
    panel["mean_last_season"] = by_series.transform(lambda s: s.shift(season).rolling(season, min_periods=1).mean())
    if panel["time"].dtype.kind == "M":
        calendar = ["hour", "minute", "dayofweek", "month"]
        for part in calendar:
            panel[part] = getattr(panel["time"].dt, part)
    else:  # periods numbered in row order: where in its cycle a row falls is what a calendar would say
        calendar = ["phase"] if season > 1 else []
        panel["phase"] = panel["time"] % season
    panel["series_code"] = panel["series"].astype("category").cat.codes
    position = panel.groupby("series").cumcount()
    length = panel.groupby("series")["y"].transform("size")
    holdout = position >= length - horizon
    usable = panel["lag_season"].notna() & panel["y"].notna()
    train, valid = panel[usable & ~holdout], panel[usable & holdout]
    if len(valid) == 0 or len(train) < season:
        raise BaselineError("too few periods with a value and a value one season before: nothing to compare.")
    features = ["lag_season", "lag_season_plus_1", "lag_two_seasons", "mean_last_season", *calendar, "series_code"]
    scale = float(np.mean(np.abs(train["y"] - train["lag_season"]))) or 1.0
    naive_mae = float(np.mean(np.abs(valid["y"] - valid["lag_season"])))
    # Each model's score is its skill over the seasonal naive forecast (1 - its MAE / the naive MAE): what machine
    # learning adds. The naive forecast's own fit (1 - MASE) is the series' predictability, reported apart.
    # predictability: how much repeating last season beats a flat forecast (each series' training mean)
    flat = valid["series"].map(train.groupby("series")["y"].mean()).fillna(float(train["y"].mean()))
    flat_mae = float(np.mean(np.abs(valid["y"] - flat)))
    predictability = 1 - naive_mae / flat_mae if flat_mae > 0 else 0.0

    def skill(mae: float) -> float:  # a perfect naive forecast leaves nothing to add
        return 1 - mae / naive_mae if naive_mae > 0 else (0.0 if mae <= 1e-12 else -1.0)
    models = [ModelScore(name="seasonal naive", score=0.0, std=0.0,
                         metrics={"MASE": (round(naive_mae / scale, 4), 0.0), "MAE": (round(naive_mae, 4), 0.0)})]
    if budget.allows(3.0, "the gradient boosting on lag features"):
        progress(0.6, "Fitting gradient boosting on lag features")
        model = HistGradientBoostingRegressor(max_iter=200, early_stopping=True, random_state=0,
                                              categorical_features=[features.index("series_code")])
        model.fit(train[features], train["y"])
        predicted = model.predict(valid[features])
        model_mae = float(np.mean(np.abs(valid["y"] - predicted)))
        models.append(ModelScore(name="gradient boosting on lags", score=round(skill(model_mae), 4),
                                 std=0.0, metrics={"MASE": (round(model_mae / scale, 4), 0.0),
                                                   "MAE": (round(model_mae, 4), 0.0)}))
    naive, best = models[0], max(models, key=lambda m: m.score)
    lift = round(best.score - naive.score, 4)
    verdict = verdict_from("forecasting", best.score)
    progress(1.0, "Done")
    return BaselineResult(
        dataset=dataset, target=target or "(rows)", task="forecasting", metric="skill over seasonal naive",
        sample_rows=len(panel), rows_total=len(frame), models=tuple(models), best_model=best.name, lift=lift,
        feasibility=feasibility_from("forecasting", best.score, verdict), verdict=verdict,
        time_column=time_column, series_id=series_id, folds=1, folds_kind="forecast",
        folds_reason=f"the last {horizon:,} periods of each series held out, each forecast {season} "
                     f"period{'s' if season > 1 else ''} ahead from the periods before",
        forecast=ForecastFacts(frequency=frequency, season_length=season, horizon=horizon, periods=periods,
                               series=int(panel["series"].nunique()), aggregation=aggregation,
                               predictability=round(predictability, 4), missing_periods=missing_periods),
        partial=budget.partial, skipped=tuple(budget.skipped), elapsed_s=round(budget.used, 2),
        notes=notes)
