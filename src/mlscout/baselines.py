"""Baseline models: a fast, honest feasibility signal for one target.

`evaluate` answers: is there predictive signal, how much better than a naive guess, is it suspiciously good
(leakage), and would more data help? It cross-validates a dummy model, a regularised linear model and
HistGradientBoosting inside scikit-learn pipelines (imputation and encoding are fitted inside the folds), probes
every feature alone for leakage, draws a learning curve and ranks features by permutation importance, all within a
wall-time budget. With a time column, folds are time-ordered; a quantity over time is forecast against a seasonal
naive model. The verdict rule is written out in docs/baselines.md.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlscout.diagnostics import Diagnostics, FairnessNote
from mlscout.profiling.columns import ColumnProfile, numeric_view, profile_column, to_timestamps
from mlscout.text import name_tokens

if TYPE_CHECKING:
    from mlscout.shape import DataShape

__all__ = ["BaselineResult", "BaselineError", "evaluate", "feasibility_from", "models_frame", "verdict_from"]

Task = Literal["binary", "multiclass", "regression", "forecasting"]
Verdict = Literal["strong", "moderate", "weak", "no signal"]
ProgressCallback = Callable[[float, str], None]


class BaselineError(ValueError):
    """The target cannot be modelled as asked; the message says why and what to do."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ModelScore(_Frozen):
    name: str
    score: float = Field(description="Mean of the primary metric across folds.")
    std: float = Field(description="Spread (standard deviation) across folds.")
    metrics: dict[str, tuple[float, float]] = Field(default_factory=dict, description="{metric: (mean, std)}")


class LeakageSuspect(_Frozen):
    column: str
    lone_score: float | None
    reason: str


class CurvePoint(_Frozen):
    rows: int
    score: float


class Importance(_Frozen):
    feature: str
    importance: float
    std: float


class ForecastFacts(_Frozen):
    frequency: str
    season_length: int
    horizon: int
    periods: int
    series: int
    aggregation: str
    predictability: float | None = Field(
        None, description="1 - MAE(seasonal naive) / MAE(flat forecast at each series' mean): how regular the "
                          "series are, which is not what machine learning adds (the headline is the model's skill "
                          "over the seasonal naive forecast).")
    missing_periods: int = Field(0, description="Periods without any row, left missing (not zero) unless rows "
                                                "are counted (an event log: no event is zero).")


class BaselineResult(_Frozen):
    """What a baseline run found, for one dataset and target."""

    dataset: str
    target: str
    task: Task
    metric: str
    sample_rows: int
    rows_total: int
    models: tuple[ModelScore, ...]
    best_model: str
    lift: float = Field(description="Best model minus the dummy model, on the primary metric.")
    feasibility: float = Field(ge=0, le=100)
    verdict: Verdict
    leakage_suspects: tuple[LeakageSuspect, ...] = ()
    learning_curve: tuple[CurvePoint, ...] = ()
    learning_curve_verdict: str = ""
    importances: tuple[Importance, ...] = ()
    dropped_columns: dict[str, str] = Field(default_factory=dict, description="{column: why it is not a feature}")
    time_column: str | None = None
    series_id: str | None = None
    folds: int = 0
    forecast: ForecastFacts | None = None
    partial: bool = Field(False, description="The budget ran out before every step finished.")
    skipped: tuple[str, ...] = Field((), description="The steps the budget cut, when partial.")
    elapsed_s: float = 0.0
    notes: tuple[str, ...] = ()
    with_suspects_score: float | None = Field(
        None, description="The best model's score with the leakage suspects, beside the leak-free headline.")
    kept_suspects: tuple[str, ...] = Field((), description="Suspects the user chose to keep in the headline.")
    with_protected_score: float | None = Field(
        None, description="The best model's score with the protected attributes as features, beside the headline "
                          "that leaves them out: what they would add (a clinical risk model may use age and sex; "
                          "a credit or hiring model must not).")
    folds_kind: Literal["stratified", "shuffled", "time-ordered", "grouped", "forecast"] = "stratified"
    folds_reason: str = ""
    diagnostics: Diagnostics | None = Field(None, description="The best model's out-of-fold predictions: confusion "
                                                              "matrix and curves, or predicted versus actual.")
    fairness: tuple[FairnessNote, ...] = Field((), description="Per protected attribute, how differently the best "
                                                                "model treats its groups.")


# --------------------------------------------------------------------------------------------------
# verdict rule (docs/baselines.md)
# --------------------------------------------------------------------------------------------------
VERDICT_TEXT: dict[str, str] = {"strong": "strong signal", "moderate": "moderate signal", "weak": "weak signal",
                                "no signal": "no signal"}


def verdict_from(task: str, best: float, best_std: float = 0.0, lift: float = 0.0) -> Verdict:
    """Strong / moderate / weak / no signal from the primary metric of the best model."""
    if task in ("binary", "multiclass"):
        cuts = (0.8, 0.7, 0.6)  # ROC AUC
        if lift <= max(0.02, 2 * best_std):
            return "no signal"
    elif task == "regression":
        cuts = (0.5, 0.25, 0.1)  # R²
        if lift <= max(0.02, 2 * best_std):
            return "no signal"
    else:  # forecasting: skill = 1 - MASE(model) / MASE(seasonal naive), best of the two models
        cuts = (0.3, 0.15, 0.05)
    if best >= cuts[0]:
        return "strong"
    if best >= cuts[1]:
        return "moderate"
    if best >= cuts[2]:
        return "weak"
    return "no signal"


def feasibility_from(task: str, best: float, verdict: Verdict) -> float:
    """0-100: ROC AUC 0.5 -> 0 and 0.9 -> 100; R² 0 -> 0 and 0.6 -> 100; forecast skill 0 -> 0 and 0.4 -> 100."""
    if verdict == "no signal":
        scale = 0.0
    elif task in ("binary", "multiclass"):
        scale = (best - 0.5) / 0.4
    elif task == "regression":
        scale = best / 0.6
    else:
        scale = best / 0.4
    return round(100 * min(1.0, max(0.0, scale)), 1)


# --------------------------------------------------------------------------------------------------
# preparing the data
# --------------------------------------------------------------------------------------------------
class _Budget:
    def __init__(self, seconds: float, progress: ProgressCallback):
        self.start = time.monotonic()
        self.seconds = seconds
        self.progress = progress
        self.partial = False
        self.skipped: list[str] = []  # the steps the budget cut, in order

    @property
    def used(self) -> float:
        return time.monotonic() - self.start

    @property
    def left(self) -> float:
        return self.seconds - self.used

    def allows(self, estimate: float, step: str = "") -> bool:
        ok = self.left > estimate
        if not ok:
            self.partial = True
            if step and step not in self.skipped:
                self.skipped.append(step)
        return ok


# A feature alone that scores this much is almost the answer (ROC AUC, R²); with a name that carries the target's,
# less is enough to suspect it. LEAK_PROBE_MAX_FEATURES bounds the probes, which the budget never cuts.
LEAK_LONE_SCORE = (0.95, 0.97)  # R²: a single amount explains 0.9 of another in any panel (city size)
LEAK_NAMED_LONE_SCORE = (0.8, 0.6)
LEAK_PROBE_MAX_FEATURES = 200
# Rows x features under which a table always gets five folds, whatever the budget left (a second or two of fits).
SMALL_TABLE_CELLS = 50_000


class FoldPlan(_Frozen):
    """Which folds a baseline uses, on which column, and why (the same plan for the app and the CLI)."""

    kind: Literal["stratified", "shuffled", "time-ordered", "grouped"]
    column: str | None = None
    reason: str




def plan_folds(columns: Sequence[ColumnProfile], target: str, task: str | None = None,
               shape: DataShape | None = None) -> FoldPlan:
    """Time-ordered folds when the rows carry the time of their event (or, with no time column, when the target
    follows the rows' order in time: `shape`), grouped folds when an entity key repeats, stratified (or shuffled,
    for a quantity) otherwise.

    A time column is a date or time with many distinct values (not a birth date): with it, random folds would train
    on the future. An entity key is an identifier, or a person's id, that repeats across rows (several résumés per
    job ad, several occupants per crash): random folds would put one entity on both sides.
    """
    from mlscout.shape import time_axis

    by_name = {c.name: c for c in columns}
    axis = time_axis(columns, exclude=target)  # the ranking's time axis: one reading of the table
    # 100 days of 15,000 tests date them as well as 15,000 timestamps would; a handful of years does not
    if axis is not None and axis.kind != "year_and_month" and by_name[axis.column].distinct >= 50:
        return FoldPlan(kind="time-ordered", column=axis.column,
                        reason=f"'{axis.column}' dates the rows: training on the past, testing on what follows")
    if shape is not None and shape.in_time_order(target):
        return FoldPlan(kind="time-ordered", column=None,
                        reason=f"no time column, but the rows are in time order ('{target}' follows its previous "
                               "row): training on earlier rows, testing on later ones")
    for column in columns:
        if column.name == target or column.count < 20:
            continue
        person = column.personal_data is not None and column.personal_data.kind == "person_identifier"
        key = column.semantic_type == "identifier" or person or _ID_LIKE.search(column.name) is not None
        if key and 0.05 <= column.distinct_fraction <= 0.9 and column.distinct >= 10:
            repeats = 1 / column.distinct_fraction
            return FoldPlan(kind="grouped", column=column.name,
                            reason=f"'{column.name}' repeats (about {repeats:.1f} rows each): the rows of one "
                                   f"{column.name} stay on one side of every split")
    if target in by_name and task != "regression" and by_name[target].semantic_type != "numeric":
        return FoldPlan(kind="stratified", reason="no time or repeating key: shuffled folds that keep each "
                                                  "class's share")
    return FoldPlan(kind="shuffled" if task == "regression" else "stratified",
                    reason="no time or repeating key: shuffled folds")


# 'caseid', 'userid': an entity noun glued to 'id' (a bare '...id' ending is 'paid', 'valid', 'fluid')
_ID_LIKE = re.compile(r"(^|[_\W])(id|key|uuid|guid|number|no|nr|num|code)$|^id[_\W]|(?<=[a-z])Id$|(?<=[a-z])ID$|"
                      r"(?i:^(case|user|customer|client|patient|person|order|account|session|visit|job|store|"
                      r"product|item|employee|member|subject|household|family|group|ad|trip|claim|loan|device)id$)")


def baseline_inputs(columns: Sequence[ColumnProfile], target: str, time_column: str | None = None,
                    shape: DataShape | None = None) -> dict[str, Any]:
    """The keyword arguments of `evaluate` that come from the profile: the features to leave out and the folds.

    The app and the CLI both call it, so the same table, target and time column give the same baseline. A time
    column the user chose wins over the plan.
    """
    exclude = {c: why for c, why in excluded_features(columns).items() if c != target}
    plan = plan_folds(columns, target, shape=shape)
    if time_column is not None:
        reason = plan.reason if plan.column == time_column else f"time-ordered on '{time_column}', as chosen"
        return {"exclude": exclude, "time_column": time_column, "groups": None, "folds_reason": reason}
    return {"exclude": exclude, "time_column": plan.column if plan.kind == "time-ordered" else None,
            "groups": plan.column if plan.kind == "grouped" else None, "folds_reason": plan.reason,
            "ordered_rows": plan.kind == "time-ordered" and plan.column is None}


def excluded_features(columns: Sequence[ColumnProfile]) -> dict[str, str]:
    """The columns that are no features, with the reason, from the profile's roles: identifiers, personal data and
    protected attributes (the access findings say to keep them out; the fairness review uses them instead). Free
    text that mentions people stays: it is the signal, and its fix is redaction."""
    from mlscout.profiling.privacy import blocks_features

    out: dict[str, str] = {}
    for column in columns:
        if blocks_features(column):
            out[column.name] = f"personal data ({column.personal_data.kind.replace('_', ' ')})"
        elif column.sensitive_attribute is not None:
            out[column.name] = f"protected attribute ({column.sensitive_attribute.replace('_', ' ')})"
        elif column.semantic_type == "identifier":
            out[column.name] = "identifier"
    return out


def _infer_task(y: pd.Series, profile: ColumnProfile) -> Task:
    if profile.semantic_type == "boolean" or (profile.distinct == 2):
        return "binary"
    if profile.semantic_type in ("categorical", "text", "identifier") or y.dtype == object or \
            str(y.dtype) in ("string", "category"):
        if profile.distinct <= 30:
            return "multiclass"
        raise BaselineError(f"the target '{profile.name}' has {profile.distinct:,} distinct text values: too many "
                            "classes. Group them, or pick a numeric or yes/no target.")
    return "regression"  # numbers, counts included, are predicted as quantities


def _shares_name(target: str, column: str) -> bool:
    """The column's name holds every whole token of the target's ('ltotmed' for 'totmed' does not; 'log_price'
    for 'price' does). A substring alone ('workclass' for 'class') proves nothing."""
    wanted = set(name_tokens(target))
    return bool(wanted) and column.lower() != target.lower() and wanted <= set(name_tokens(column))


def _features(frame: pd.DataFrame, target: str, time_column: str | None, series_id: str | None,
              drop: Sequence[str], exclude: Mapping[str, str] | None = None
              ) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """Usable feature columns, each with a kind (numeric, categorical, text, datetime), and what was dropped.

    With `exclude` (the profile's roles), identifiers, personal data and protected attributes are taken from it
    rather than detected again.
    """
    kinds: dict[str, str] = {}
    dropped: dict[str, str] = {}
    from mlscout.profiling.privacy import blocks_features, detect_personal_data

    for name in frame.columns:
        name = str(name)
        if name == target:
            continue
        if name in drop:
            dropped[name] = "excluded by the user"
            continue
        if exclude is not None and name in exclude and name != series_id:
            dropped[name] = exclude[name]
            continue
        series = frame[name]
        profile = profile_column(series, name)
        if profile.semantic_type in ("identifier", "constant", "empty"):
            dropped[name] = profile.semantic_type
        elif exclude is None and blocks_features(profile.model_copy(
                update={"personal_data": detect_personal_data(series, profile)})):
            dropped[name] = "personal data"
        elif profile.semantic_type == "datetime":
            kinds[name] = "datetime"
        elif profile.semantic_type in ("numeric",):
            kinds[name] = "numeric"
        elif profile.semantic_type == "boolean":
            kinds[name] = "categorical"
        elif profile.semantic_type == "text":
            kinds[name] = "text"
        else:
            kinds[name] = "categorical"
        if name == series_id and name in dropped:
            kinds[name] = "categorical"
            dropped.pop(name)
    return frame[[c for c in frame.columns if str(c) in kinds]], kinds, dropped


def _to_model_frame(features: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """Plain numpy-friendly columns: numbers as floats, dates as parts, categories and text as strings."""
    out = {}
    for name, kind in kinds.items():
        series = features[name]
        if kind == "numeric":
            profile = profile_column(series, name)
            out[name] = numeric_view(series, profile).astype("float64").replace([np.inf, -np.inf], np.nan)
        elif kind == "datetime":
            stamps = pd.to_datetime(series, errors="coerce", utc=True) if series.dtype.kind != "M" else series
            if getattr(stamps.dt, "tz", None) is not None:
                stamps = stamps.dt.tz_localize(None)
            out[f"{name}__year"] = stamps.dt.year.astype("float64")
            out[f"{name}__month"] = stamps.dt.month.astype("float64")
            out[f"{name}__dayofweek"] = stamps.dt.dayofweek.astype("float64")
            out[f"{name}__hour"] = stamps.dt.hour.astype("float64")
        else:
            out[name] = series.astype(object).where(series.notna(), None).astype(str).where(series.notna(), None)
    return pd.DataFrame(out, index=features.index)


def _pipelines(task: Task, frame: pd.DataFrame, kinds: dict[str, str]) -> dict[str, Any]:
    from sklearn.compose import ColumnTransformer
    from sklearn.dummy import DummyClassifier, DummyRegressor
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression, RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import (
        FunctionTransformer,
        OneHotEncoder,
        OrdinalEncoder,
        StandardScaler,
    )

    numeric = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    text = [c for c in frame.columns if kinds.get(c) == "text"]
    categorical = [c for c in frame.columns if c not in numeric and c not in text]
    linear_parts = [("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()),
                     numeric)] if numeric else []
    if categorical:
        linear_parts.append(("cat", make_pipeline(
            SimpleImputer(strategy="constant", fill_value="(missing)"),
            OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=0.01, max_categories=30)),
            categorical))
    for column in text:
        linear_parts.append((f"text_{column}", make_pipeline(
            SimpleImputer(strategy="constant", fill_value=""), FunctionTransformer(_flatten_text),
            # words and word pairs, damped counts: the usual strong text baseline (bounded vocabulary)
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50_000)), [column]))
    # Categories first, so their indices for HistGradientBoosting's native support do not depend on how many
    # columns the text vectoriser produces.
    tree_parts = []
    if categorical:
        tree_parts.append(("cat", make_pipeline(
            SimpleImputer(strategy="constant", fill_value="(missing)"),
            OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-1,
                           min_frequency=0.005, max_categories=250)), categorical))
    if numeric:
        tree_parts.append(("num", "passthrough", numeric))
    for column in text:
        tree_parts.append((f"text_{column}", make_pipeline(
            SimpleImputer(strategy="constant", fill_value=""), FunctionTransformer(_flatten_text),
            TfidfVectorizer(max_features=50, min_df=2), FunctionTransformer(_to_dense, accept_sparse=True)),
            [column]))
    native = list(range(len(categorical))) or None
    linear_pre = ColumnTransformer(linear_parts, remainder="drop", sparse_threshold=0.3)
    tree_pre = ColumnTransformer(tree_parts, remainder="drop", sparse_threshold=0)
    if task in ("binary", "multiclass"):
        return {
            "dummy (prior)": DummyClassifier(strategy="prior"),
            "logistic regression": make_pipeline(linear_pre, LogisticRegression(C=1.0, max_iter=500)),
            "gradient boosting": make_pipeline(tree_pre, HistGradientBoostingClassifier(
                max_iter=200, early_stopping="auto", random_state=0, categorical_features=native)),
        }
    return {
        "dummy (mean)": DummyRegressor(strategy="mean"),
        # the penalty chosen by efficient leave-one-out: a fixed one overfits 57 columns of 176 rows
        "ridge regression": make_pipeline(linear_pre, RidgeCV(alphas=np.logspace(-2, 4, 13))),
        "gradient boosting": make_pipeline(tree_pre, HistGradientBoostingRegressor(
            max_iter=200, early_stopping="auto", random_state=0, categorical_features=native)),
    }


def _flatten_text(X: Any) -> Any:
    """Column (n, 1) of strings -> 1-D array, for TfidfVectorizer inside a ColumnTransformer."""
    return np.asarray(X).ravel().astype(str)


def _to_dense(X: Any) -> Any:
    """Sparse TF-IDF -> dense, for HistGradientBoosting (which takes no sparse input)."""
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X)


# --------------------------------------------------------------------------------------------------
# cross-validation
# --------------------------------------------------------------------------------------------------
def _metrics(task: Task) -> tuple[str, dict[str, str]]:
    if task == "binary":
        return "ROC AUC", {"ROC AUC": "roc_auc", "PR AUC": "average_precision",
                           "balanced accuracy": "balanced_accuracy"}
    if task == "multiclass":
        return "ROC AUC", {"ROC AUC": "roc_auc_ovr", "balanced accuracy": "balanced_accuracy",
                           "F1 (macro)": "f1_macro"}
    return "R²", {"R²": "r2", "MAE": "neg_mean_absolute_error", "RMSE": "neg_root_mean_squared_error"}


def _splitter(task: Task, n_splits: int, ordered: bool) -> Any:
    from sklearn.model_selection import KFold, StratifiedKFold, TimeSeriesSplit

    if ordered:
        return TimeSeriesSplit(n_splits=n_splits)
    if task in ("binary", "multiclass"):
        return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
    return KFold(n_splits=n_splits, shuffle=True, random_state=0)


def _folds(task: Task, n_splits: int, ordered: bool, rows: int, y: np.ndarray, groups: np.ndarray | None) -> Any:
    """The splits: time-ordered, grouped (stratified by class when it can), or shuffled."""
    if ordered:
        return time_ordered_folds(pd.Series(np.arange(rows)), n_splits)
    if groups is not None:
        from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

        splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=0) \
            if task in ("binary", "multiclass") else GroupKFold(n_splits=n_splits)
        return list(splitter.split(np.zeros(rows), y, groups))
    return _splitter(task, n_splits, False)


def time_ordered_folds(order: pd.Series, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds on rows sorted by time: every training row is earlier than (or as early as) every validation row."""
    from sklearn.model_selection import TimeSeriesSplit

    positions = np.argsort(order.to_numpy(), kind="stable")
    return [(positions[train], positions[valid])
            for train, valid in TimeSeriesSplit(n_splits=n_splits).split(positions)]


def _sample(frame: pd.DataFrame, target: str, task: Task, max_rows: int, time_column: str | None) -> pd.DataFrame:
    if len(frame) <= max_rows:
        return frame
    if time_column is not None:
        return frame.sort_values(time_column).tail(max_rows)  # keep the most recent rows, in order
    if task in ("binary", "multiclass"):
        from sklearn.model_selection import train_test_split

        labels = frame[target].astype(str)
        counts = labels.value_counts()
        stratify = labels if counts.min() >= 2 else None
        sample, _ = train_test_split(frame, train_size=max_rows, stratify=stratify, random_state=0)
        return sample
    return frame.sample(max_rows, random_state=0)


# --------------------------------------------------------------------------------------------------
# leakage probes
# --------------------------------------------------------------------------------------------------
def _lone_scores(X: pd.DataFrame, y: np.ndarray, task: Task) -> dict[str, float]:
    """Each feature alone, on one hold-out split of up to 2,000 rows (quick: the point is to catch near-perfect
    scores, not to measure small ones). Never cut by the budget: a leak missed because time ran short is the
    worst baseline there is; the work is bounded by the sample and LEAK_PROBE_MAX_FEATURES instead."""
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.metrics import get_scorer
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import OrdinalEncoder

    scores: dict[str, float] = {}
    rows = min(len(X), 2000)
    Xs, ys = X.iloc[:rows], y[:rows]
    scorer = get_scorer("roc_auc" if task == "binary" else "roc_auc_ovr" if task == "multiclass" else "r2")
    try:
        train, valid = train_test_split(np.arange(rows), test_size=0.3, random_state=0,
                                        stratify=ys if task != "regression" else None)
    except ValueError:
        return scores
    for column in list(X.columns)[:LEAK_PROBE_MAX_FEATURES]:
        values = Xs[[column]]
        if values[column].dtype.kind != "f":
            values = pd.DataFrame(OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1,
                                                 encoded_missing_value=-1).fit_transform(values.astype(str)),
                                  columns=[column])
        model = HistGradientBoostingClassifier(max_iter=25, random_state=0) if task != "regression" else \
            HistGradientBoostingRegressor(max_iter=25, random_state=0)
        try:
            model.fit(values.iloc[train], ys[train])
            score = float(scorer(model, values.iloc[valid], ys[valid]))
        except ValueError:
            continue
        if np.isfinite(score):
            scores[column] = score
    return scores


def _filled_after_the_outcome(features: pd.DataFrame, y: np.ndarray, task: Task) -> list[tuple[str, float]]:
    """Columns filled (or left empty) according to the outcome: a release date recorded only for the released,
    a date of death only for the dead. Their empty cells alone predict the target, whatever their values."""
    if task == "regression":
        return []
    from sklearn.metrics import roc_auc_score

    found = []
    for name in features.columns:
        empty = features[name].isna().to_numpy()
        share = empty.mean()
        if not 0.02 <= share <= 0.98:
            continue
        try:
            if task == "binary":
                score = roc_auc_score(y, empty.astype(float))
                score = max(score, 1 - score)
            else:  # the class whose rows are (or are not) filled
                score = max(max(s, 1 - s) for s in (roc_auc_score(y == k, empty.astype(float)) for k in np.unique(y)))
        except ValueError:
            continue
        if score >= LEAK_LONE_SCORE[0]:
            found.append((str(name), float(score)))
    return found


# A value that decides the outcome: this pure on this many rows is a value recorded because of the outcome
# ('hosp' = 'n': died before reaching hospital), not a risk factor.
LEAK_DECIDING_PURITY = 0.995
LEAK_DECIDING_SHARE = 0.05


def _deciding_values(features: pd.DataFrame, y: np.ndarray, task: Task, kinds: Mapping[str, str],
                     classes: Sequence[Any] = ()) -> list[tuple[str, str]]:
    """Categorical columns with a frequent value whose rows are almost all one class, a class that is not almost
    every row anyway. Returns (column, reason)."""
    if task not in ("binary", "multiclass"):
        return []
    found = []
    labels, counts = np.unique(y, return_counts=True)
    prior = dict(zip(labels.tolist(), (counts / counts.sum()).tolist(), strict=True))
    minimum = max(30, int(LEAK_DECIDING_SHARE * len(y)))
    for name in features.columns:
        if kinds.get(name) not in ("categorical", "boolean"):
            continue
        values = features[name].astype("string").fillna("(empty)").to_numpy()
        table = pd.crosstab(values, y)
        for value, row in table.iterrows():
            total = int(row.sum())
            if total < minimum:
                continue
            label = row.idxmax()
            purity = row.max() / total
            if purity >= LEAK_DECIDING_PURITY and prior.get(label, 1.0) <= 0.6:
                shown = classes[label] if 0 <= label < len(classes) else label
                found.append((str(name), f"'{name}' = '{value}' means '{shown}' in {int(row.max()):,} of {total:,} "
                                         f"rows: a value recorded because of the outcome?"))
                break
    return found


# The target is set once per group (an address's insurance default, a region's rate) when it is constant within
# the groups that hold this share of the rows.
GROUP_DECIDES_SHARE = 0.95


def _group_deciding_the_target(data: pd.DataFrame, target: str, y: np.ndarray, excluded: set[str]
                               ) -> tuple[str, str] | None:
    """A label column whose groups (ten or more, three rows each on average) each hold a single value of the target.

    Random folds would then score the model on groups it has memorised: a cluster-randomised treatment
    (causaldata's social_insure: 'default' set per address, gradient boosting ROC AUC 1.000 with random folds) or
    a value recorded per region. Returns the column and the reason for grouped folds on it.
    """
    rows = len(data)
    found: list[tuple[int, str]] = []
    for name in data.columns:
        column = data[name]
        # a label of an entity (an address, a village code), complete: a numeric amount that decides the target
        # ('gift' > 0 for every donor) or a column filled only for one class is a leak, found by the leak probes
        label = column.dtype.kind in "OSUb" or isinstance(column.dtype, (pd.CategoricalDtype, pd.StringDtype)) \
            or column.dtype.kind in "iu" and _ID_LIKE.search(str(name)) is not None
        if name == target or name in excluded or not label or column.dtype.kind == "b" or column.isna().any():
            continue
        codes = np.unique(column.astype(str).to_numpy(), return_inverse=True)[1]
        levels = codes.max() + 1 if len(codes) else 0
        if not 10 <= levels <= rows / 3:
            continue
        sizes = np.bincount(codes)
        frame = pd.DataFrame({"group": codes, "y": y})
        constant = frame.groupby("group")["y"].nunique().to_numpy() == 1
        decided = sizes[constant & (sizes >= 2)].sum() / rows
        if decided >= GROUP_DECIDES_SHARE and frame["y"].nunique() > 1:
            found.append((int(levels), str(name)))
    if not found:
        return None
    levels, name = min(found)  # the coarsest grouping that decides it
    return name, (f"'{target}' is one value in each of the {levels} groups of '{name}' (set per group): the rows "
                  f"of one '{name}' stay on one side of every split, so the score is for groups the model has not "
                  "seen")


def _arithmetic_leaks(X: pd.DataFrame, y: np.ndarray) -> list[tuple[str, str]]:
    """Columns that reproduce the target exactly, alone or as the sum or difference of two."""
    numeric = [c for c in X.columns if X[c].dtype.kind == "f"][:30]
    rows = min(len(X), 5000)
    target = y[:rows].astype("float64")
    scale = np.nanstd(target) or 1.0
    found = []
    data = {c: X[c].to_numpy()[:rows] for c in numeric}
    for a_index, a in enumerate(numeric):
        if np.nanmax(np.abs(data[a] - target)) <= 1e-6 * scale:
            found.append((a, "equals the target '{target}'"))
            continue
        for b in numeric[a_index + 1:]:
            for sign, label in ((1, "+"), (-1, "-")):
                combined = data[a] + sign * data[b]
                if np.isfinite(combined).mean() > 0.9 and np.nanmax(np.abs(combined - target)) <= 1e-6 * scale:
                    found.append((a, f"{a} {label} {b} reproduces the target"))
                    found.append((b, f"{a} {label} {b} reproduces the target"))
    return found


# --------------------------------------------------------------------------------------------------
# the main entry point
# --------------------------------------------------------------------------------------------------
def evaluate(frame: pd.DataFrame, target: str, *, task: str | None = None, time_column: str | None = None,
             series_id: str | None = None, budget_s: float = 60.0, max_rows: int = 50_000,
             on_progress: ProgressCallback | None = None, dataset: str = "dataset",
             drop_columns: Sequence[str] = (), exclude: Mapping[str, str] | None = None,
             keep_features: Sequence[str] = (), groups: str | None = None,
             folds_reason: str = "", table_rows: int | None = None, ordered_rows: bool = False) -> BaselineResult:
    """Cross-validated baselines for one target, within `budget_s` seconds.

    Parameters
    ----------
    frame : DataFrame
    target : str
        The column to predict.
    task : {"binary", "multiclass", "regression", "forecasting"}, optional
        Inferred from the target when omitted.
    time_column : str, optional
        Makes folds time-ordered; required for forecasting.
    series_id : str, optional
        For forecasting several series (stores, products) at once.
    budget_s : float
        Wall time for everything (probes, folds, learning curve, importances). A run that hits it returns what
        it has, marked ``partial``.
    max_rows : int
        Larger data is sampled (stratified for classes; the most recent rows with a time column).
    drop_columns : sequence of str
        Columns to leave out, e.g. the leakage suspects of an earlier run.
    exclude : mapping of str to str, optional
        Columns that are no features, with the reason, from the profile's roles (identifiers, personal data,
        protected attributes). When omitted, identifiers and personal data are detected here.
    keep_features : sequence of str
        Leakage suspects the user keeps: they stay in the headline model.
    groups : str, optional
        An entity key that repeats (job ad, customer): its rows stay on one side of every split.
    folds_reason : str
        Why these folds were chosen (from `plan_folds`), kept in the result.
    table_rows : int, optional
        The rows of the table when `frame` is an engine's sample of it (`mlscout.engines`): the result's first
        note says the baseline ran on that sample.
    ordered_rows : bool
        With no time column, the rows are in time order (`plan_folds`): the folds keep that order, and a forecast
        takes one period per row.

    The headline score is the leak-free one: leakage suspects are removed before cross-validation, and the best
    model's score with them is reported beside it (``with_suspects_score``).
    """
    progress = on_progress or (lambda fraction, message: None)
    budget = _Budget(budget_s, progress)
    if target not in frame.columns:
        raise BaselineError(f"no column '{target}' in the dataset; pick one of: "
                            f"{', '.join(map(str, list(frame.columns)[:10]))}.")
    if time_column is not None and time_column not in frame.columns:
        raise BaselineError(f"no time column '{time_column}' in the dataset.")
    ordered_rows = ordered_rows and time_column is None
    if task == "forecasting" or (task is None and time_column is not None and _looks_like_series(frame, target,
                                                                                                   time_column,
                                                                                                   series_id)):
        from mlscout.forecasting import forecast_baseline

        return _on_sample_of(forecast_baseline(frame, target, time_column=time_column, series_id=series_id,
                                               budget=budget, dataset=dataset, ordered_rows=ordered_rows),
                             len(frame), table_rows)
    progress(0.02, "Preparing the data")
    target_profile = profile_column(frame[target], target)
    data = frame[frame[target].notna()]
    if target_profile.placeholders:
        data = data[~data[target].astype(str).str.strip().isin(target_profile.placeholders)]
    inferred = _infer_task(data[target], target_profile) if task is None else task
    if inferred not in ("binary", "multiclass", "regression"):
        raise BaselineError(f"task '{inferred}' is not a supervised task the baselines can fit.")
    task_: Task = inferred  # type: ignore[assignment]
    rows_total = len(data)
    if rows_total < 30:
        raise BaselineError(f"only {rows_total} rows have a value for '{target}': too few to cross-validate.")
    data = data.tail(max_rows) if ordered_rows else _sample(data, target, task_, max_rows, time_column)
    if time_column is not None:
        order = to_timestamps(data[time_column])  # dates, or decimal years held as numbers
        data = data.assign(__order=order.to_numpy()).sort_values("__order", kind="stable").drop(columns="__order")
    if task_ == "regression":
        y = numeric_view(data[target], target_profile).to_numpy(dtype="float64")
        keep = np.isfinite(y)
        data, y = data[keep], y[keep]
    else:
        labels = data[target].astype(str).str.strip()
        classes, y = np.unique(labels.to_numpy(), return_inverse=True)
        if len(classes) < 2:
            raise BaselineError(f"'{target}' has a single class: nothing to predict.")
        if np.bincount(y).min() < 3:
            raise BaselineError(f"the rarest class of '{target}' has fewer than 3 rows: too few to cross-validate.")
    if groups is None and time_column is None and not ordered_rows:
        deciding = _group_deciding_the_target(data, target, y, {*drop_columns, *(exclude or {})})
        if deciding is not None:
            groups, folds_reason = deciding
    group_values = data[groups].astype(str).to_numpy() if groups is not None and groups in data.columns else None
    features, kinds, dropped = _features(data, target, None, series_id, (*drop_columns, *([groups] if groups else [])),
                                         exclude)
    if groups is not None and groups in dropped:
        dropped[groups] = "the folds' group key"
    X = _to_model_frame(features, kinds)
    kinds = {c: kinds.get(c.split("__")[0], "numeric") for c in X.columns}
    if X.shape[1] == 0:
        raise BaselineError("no usable feature left beside the target (identifiers, constants and personal data "
                            "are not features).")
    notes: list[str] = []
    if len(data) < rows_total:
        notes.append(f"sampled {len(data):,} of {rows_total:,} rows"
                     + (" (the most recent)" if time_column or ordered_rows else " (stratified)"
                        if task_ != "regression" else ""))

    # leakage probes first, always: suspects are found whatever the budget leaves for the rest
    progress(0.08, "Probing each feature alone for leakage")
    suspects: list[LeakageSuspect] = []
    for column, reason in _arithmetic_leaks(X, y):
        if column not in {s.column for s in suspects}:
            suspects.append(LeakageSuspect(column=column, lone_score=None, reason=reason.format(target=target)))
    for name, score in _filled_after_the_outcome(features, y, task_):
        parts = [c for c in X.columns if c == name or c.startswith(f"{name}__")]
        for column in parts:
            if column not in {s.column for s in suspects}:
                suspects.append(LeakageSuspect(column=column, lone_score=round(score, 4),
                                               reason=f"filled according to the outcome: whether '{name}' is empty "
                                                      f"alone scores ROC AUC {score:.3f} (recorded after the "
                                                      "outcome?)"))
    for name, reason in _deciding_values(features, y, task_, kinds, list(classes) if task_ != "regression" else []):
        for column in [c for c in X.columns if c == name or c.startswith(f"{name}__")]:
            if column not in {s.column for s in suspects}:
                suspects.append(LeakageSuspect(column=column, lone_score=None, reason=reason))
    lone = _lone_scores(X, y, task_)
    metric_name = "ROC AUC" if task_ != "regression" else "R²"
    near_perfect, named = LEAK_LONE_SCORE[task_ == "regression"], LEAK_NAMED_LONE_SCORE[task_ == "regression"]
    for column, score in sorted(lone.items(), key=lambda kv: -kv[1]):
        if column in {s.column for s in suspects}:
            continue
        if score >= near_perfect:
            suspects.append(LeakageSuspect(column=column, lone_score=round(score, 4),
                                           reason=f"alone it scores {metric_name} {score:.3f}: almost the answer"))
        elif score >= named and _shares_name(target, column.split("__")[0]):
            suspects.append(LeakageSuspect(column=column, lone_score=round(score, 4),
                                           reason=f"its name carries the target's ('{target}') and alone it "
                                                  f"scores {metric_name} {score:.3f}"))
    kept = {c for c in X.columns if c.split("__")[0] in set(keep_features)}
    removed = [s.column for s in suspects if s.column not in kept]
    full_X, full_kinds = X, kinds
    X = X[[c for c in X.columns if c not in removed]]
    kinds = {c: k for c, k in kinds.items() if c in X.columns}
    for column in removed:
        dropped[column.split("__")[0]] = "leakage suspect (kept out of the headline score)"
    if X.shape[1] == 0:
        raise BaselineError("every feature is a leakage suspect: once they are set aside nothing is left to "
                            "learn from. Check how the table was built, or keep a suspect you trust.")

    # cross-validation
    primary, scoring = _metrics(task_)
    pipelines = _pipelines(task_, X, kinds)
    # Five folds unless the table is large and the budget short. A small table's fits take milliseconds, and the
    # count must not follow the machine's load: 176 rows of 57 columns give ridge R² 0.07 with five folds, -0.07
    # with three (a test failed when a busy machine left 19 s instead of 20).
    n_splits = 5 if budget.left > 20 or X.shape[0] * X.shape[1] <= SMALL_TABLE_CELLS else 3
    # The dummy first (instant), then gradient boosting (the most telling), then the linear model if time allows.
    order = [name for name in pipelines if name.startswith("dummy")] + ["gradient boosting"] + \
        [name for name in pipelines if not name.startswith("dummy") and name != "gradient boosting"]
    pipelines = {name: pipelines[name] for name in order}
    ordered = time_column is not None or ordered_rows
    from sklearn.model_selection import cross_validate

    models: list[ModelScore] = []
    fitted: dict[str, Any] = {}  # each model's folds, for the out-of-fold diagnostics of the best one
    for i, (name, pipeline) in enumerate(pipelines.items()):
        progress(0.2 + 0.5 * i / len(pipelines), f"Cross-validating {name} ({n_splits} folds)")
        if i > 1 and not budget.allows(3.0, f"the {name}"):
            break
        cv = _folds(task_, n_splits, ordered, len(X), y, group_values)
        try:
            scores = cross_validate(pipeline, X, y, cv=cv, scoring=scoring, error_score=np.nan, n_jobs=1,
                                    return_estimator=not name.startswith("dummy"), return_indices=True)
        except ValueError as exc:
            notes.append(f"{name} could not be fitted: {str(exc).splitlines()[0][:160]}")
            continue
        fitted[name] = scores
        metrics = {}
        for label, key in scoring.items():
            values = scores[f"test_{label}"]
            sign = -1 if key.startswith("neg_") else 1
            metrics[label] = (round(float(np.nanmean(values)) * sign, 4), round(float(np.nanstd(values)), 4))
        models.append(ModelScore(name=name, score=metrics[primary][0], std=metrics[primary][1], metrics=metrics))
    if not models:
        raise BaselineError("no model could be fitted within the budget.")
    if len(models) < 2:
        raise BaselineError("no model beside the dummy could be fitted: see the notes, or raise the budget.")
    dummy = models[0]
    best = max(models[1:], key=lambda m: m.score)
    lift = round(best.score - dummy.score, 4)
    verdict = verdict_from(task_, best.score, best.std, lift)
    with_suspects: float | None = None
    if removed and budget.allows(5.0, "the score with the leakage suspects"):
        # The score a naive model would report, to show what the suspects are worth (one model, same folds).
        cv = _folds(task_, n_splits, ordered, len(full_X), y, group_values)
        try:
            naive = cross_validate(_pipelines(task_, full_X, full_kinds)[best.name], full_X, y, cv=cv,
                                   scoring={primary: scoring[primary]}, error_score=np.nan, n_jobs=1)
            with_suspects = round(float(np.nanmean(naive[f"test_{primary}"])), 4)
        except ValueError:
            with_suspects = None
    if removed:
        shown = ", ".join(c.split("__")[0] for c in removed[:5])
        notes.append(f"the headline is leak-free: {len(removed)} leakage suspect(s) kept out ({shown})"
                     + (f"; with them the {best.name} would score {with_suspects:.3f}, which would be "
                        "suspiciously good" if with_suspects is not None and with_suspects > best.score + 0.02
                        else ""))
    with_protected = _score_with_protected(
        data, target, series_id, (*drop_columns, *([groups] if groups else [])), dropped, removed, task_, y,
        best, (primary, scoring[primary]), n_splits, ordered, group_values, budget)
    if with_protected is not None:
        notes.append(_protected_note(with_protected, best, dropped))

    # what the best model's folds predicted: confusion / curves / residuals, and the gaps between groups
    diagnostics, fairness = None, ()
    try:
        from mlscout.diagnostics import diagnostics_from, fairness_notes, out_of_fold

        predictions, covered = out_of_fold(fitted[best.name], X, task_)
        labels = list(classes) if task_ != "regression" else []
        diagnostics = diagnostics_from(y, predictions, covered, task_, labels)
        protected = {name: data[name].reset_index(drop=True) for name, why in dropped.items()
                     if why.startswith("protected attribute") and name in data.columns}
        fairness = fairness_notes(protected, y, predictions, covered, task_,
                                  diagnostics.threshold if diagnostics is not None else None)
    except (KeyError, ValueError, AttributeError) as exc:  # diagnostics never cost the result itself
        notes.append(f"no out-of-fold diagnostics: {str(exc).splitlines()[0][:120]}")

    # learning curve and permutation importance on one hold-out split, if the budget allows
    curve, curve_verdict, importances = _curve_and_importance(pipelines[best.name], X, y, task_, primary, ordered,
                                                              budget, progress)
    progress(1.0, "Done")
    return _on_sample_of(BaselineResult(
        dataset=dataset, target=target, task=task_, metric=primary, sample_rows=len(X), rows_total=rows_total,
        models=tuple(models), best_model=best.name, lift=lift, feasibility=feasibility_from(task_, best.score, verdict),
        verdict=verdict, leakage_suspects=tuple(suspects), learning_curve=tuple(curve),
        learning_curve_verdict=curve_verdict, importances=tuple(importances), dropped_columns=dropped,
        time_column=time_column, series_id=series_id, folds=n_splits, partial=budget.partial,
        skipped=tuple(budget.skipped),
        elapsed_s=round(budget.used, 2), notes=tuple(notes), with_suspects_score=with_suspects,
        with_protected_score=with_protected,
        kept_suspects=tuple(sorted(kept)), diagnostics=diagnostics, fairness=tuple(fairness),
        folds_kind="time-ordered" if ordered else "grouped" if group_values is not None else
        "stratified" if task_ != "regression" else "shuffled",
        folds_reason=folds_reason or ("time-ordered on the time column given" if ordered else
                                      f"grouped by '{groups}'" if group_values is not None else "shuffled folds")),
        len(frame), table_rows)


def _score_with_protected(data: pd.DataFrame, target: str, series_id: str | None, drop: Sequence[str],
                          dropped: Mapping[str, str], removed: Sequence[str], task: Task, y: np.ndarray,
                          best: ModelScore, scorer: tuple[str, Any], n_splits: int, ordered: bool,
                          group_values: np.ndarray | None, budget: _Budget) -> float | None:
    """The best model's score with the protected attributes put back among the features (same folds).

    The headline leaves them out, as the access findings ask; this says what they are worth. Much more means the
    outcome depends on them (age in a mortality model, where it is the first risk factor; in a credit model, a
    reason for a fairness review); about the same means the other features carry what they would.
    """
    protected = [name for name, why in dropped.items() if why.startswith("protected attribute")
                 and name in data.columns]
    if not protected or not budget.allows(5.0, "the score with the protected attributes"):
        return None
    exclude = {name: why for name, why in dropped.items() if name not in protected and name in data.columns
               and not why.startswith(("leakage suspect", "excluded by the user"))}
    features, kinds, _ = _features(data, target, None, series_id, drop, exclude)
    X = _to_model_frame(features, kinds)
    suspects = set(removed)
    X = X[[c for c in X.columns if c not in suspects]]
    kinds = {c: kinds.get(c.split("__")[0], "numeric") for c in X.columns}
    if not any(c.split("__")[0] in protected for c in X.columns):
        return None  # constant or empty: nothing to add
    from sklearn.model_selection import cross_validate

    label, key = scorer
    try:
        scores = cross_validate(_pipelines(task, X, kinds)[best.name], X, y,
                                cv=_folds(task, n_splits, ordered, len(X), y, group_values),
                                scoring={label: key}, error_score=np.nan, n_jobs=1)
    except ValueError:
        return None
    value = float(np.nanmean(scores[f"test_{label}"]))
    return round(value, 4) if np.isfinite(value) else None


def _protected_note(score: float, best: ModelScore, dropped: Mapping[str, str]) -> str:
    names = [name for name, why in dropped.items() if why.startswith("protected attribute")]
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    gain = score - best.score
    meaning = ("the outcome depends on them: a clinical risk model may use age, sex or health as risk factors; a "
               "credit, hiring or pricing model must not, and its proxies need a fairness review"
               if gain > 0.02 else "they add little to what the other features carry")
    return (f"the headline leaves out the protected attributes ({shown}); with them the {best.name} would score "
            f"{score:.3f} ({gain:+.3f}): {meaning}")


def _on_sample_of(result: BaselineResult, rows: int, table_rows: int | None) -> BaselineResult:
    """The result, saying first that it ran on an engine's sample when the table is larger."""
    if table_rows is None or table_rows <= rows:
        return result
    note = f"on the engine's sample of {rows:,} of the table's {table_rows:,} rows"
    return result.model_copy(update={"notes": (note, *result.notes)})


def _looks_like_series(frame: pd.DataFrame, target: str, time_column: str, series_id: str | None) -> bool:
    others = [c for c in frame.columns if c not in (target, time_column, series_id)]
    return pd.api.types.is_numeric_dtype(frame[target]) and len(others) <= 2


def _curve_and_importance(pipeline: Any, X: pd.DataFrame, y: np.ndarray, task: Task, primary: str, ordered: bool,
                          budget: _Budget, progress: ProgressCallback
                          ) -> tuple[list[CurvePoint], str, list[Importance]]:
    from sklearn.base import clone
    from sklearn.metrics import get_scorer
    from sklearn.model_selection import train_test_split

    scorer = get_scorer({"ROC AUC": "roc_auc" if task == "binary" else "roc_auc_ovr", "R²": "r2"}[primary])
    if ordered:
        cut = int(len(X) * 0.8)
        X_train, X_valid, y_train, y_valid = X.iloc[:cut], X.iloc[cut:], y[:cut], y[cut:]
    else:
        X_train, X_valid, y_train, y_valid = train_test_split(
            X, y, test_size=0.25, random_state=0, stratify=y if task != "regression" else None)
    curve: list[CurvePoint] = []
    started = time.monotonic()
    for fraction in (0.1, 0.25, 0.5, 1.0):
        rows = max(int(len(X_train) * fraction), 20)
        if curve and not budget.allows(2 * (time.monotonic() - started) / len(curve) * fraction * 4,
                                       f"the learning curve from {fraction:.0%} of the rows"):
            break
        progress(0.75 + 0.1 * fraction, f"Learning curve: {rows:,} rows")
        model = clone(pipeline)
        part = slice(len(X_train) - rows, len(X_train)) if ordered else slice(0, rows)
        try:
            with warnings.catch_warnings():  # a column empty in the first 10% of the rows is set aside, as it should
                warnings.filterwarnings("ignore", message="Skipping features without any observed values")
                model.fit(X_train.iloc[part], y_train[part])
                curve.append(CurvePoint(rows=rows, score=round(float(scorer(model, X_valid, y_valid)), 4)))
        except ValueError:
            continue
    verdict = ""
    if len(curve) >= 3:
        gain = curve[-1].score - curve[-2].score
        verdict = "more data would help" if gain > 0.01 else "has plateaued"
    return curve, verdict, _importances(pipeline, X_train, y_train, X_valid, y_valid, scorer, budget, progress)


IMPORTANCE_REPEATS = 3


def _importances(pipeline: Any, X_train: pd.DataFrame, y_train: np.ndarray, X_valid: pd.DataFrame,
                 y_valid: np.ndarray, scorer: Any, budget: _Budget, progress: ProgressCallback) -> list[Importance]:
    """Permutation importance of the ten strongest features, on as many hold-out rows as the budget leaves.

    Its cost is one scoring per feature and repeat: 74 features of a housing table took 13.6 s on 733 rows, over
    a 15 s budget that had 3.6 s left. One scoring is timed first and the rows are cut to fit.
    """
    from sklearn.base import clone
    from sklearn.inspection import permutation_importance

    if not budget.allows(3.0, "the permutation importance"):
        return []
    progress(0.9, "Permutation importance")
    model = clone(pipeline).fit(X_train, y_train)

    def estimate(rows: int) -> float:
        started = time.monotonic()
        scorer(model, X_valid.iloc[:rows], y_valid[:rows])
        return (time.monotonic() - started) * X_train.shape[1] * IMPORTANCE_REPEATS

    rows = min(len(X_valid), 3000)
    cost = estimate(rows)
    if cost > budget.left and rows > 200:
        # fewer rows score faster, though not in proportion (each scoring also transforms every column): timed again
        rows = max(200, int(rows * budget.left / cost * 0.7))
        cost = estimate(rows)
    if not budget.allows(cost, "the permutation importance"):
        return []
    result = permutation_importance(model, X_valid.iloc[:rows], y_valid[:rows], scoring=scorer,
                                    n_repeats=IMPORTANCE_REPEATS, random_state=0)
    order = np.argsort(-result.importances_mean)[:10]
    return [Importance(feature=str(X_train.columns[i]), importance=round(float(result.importances_mean[i]), 4),
                       std=round(float(result.importances_std[i]), 4)) for i in order]



def models_frame(result: BaselineResult) -> pd.DataFrame:
    """One row per model: every metric as 'mean ± spread'."""
    rows = []
    for model in result.models:
        row = {"model": model.name}
        for metric, (mean, std) in model.metrics.items():
            row[metric] = f"{mean:.3f} ± {std:.3f}"
        rows.append(row)
    return pd.DataFrame(rows)


def partial_text(result: BaselineResult) -> str:
    """Why a result is partial, in one sentence (empty when it is not)."""
    if not result.partial:
        return ""
    steps = ", ".join(result.skipped) if result.skipped else "the last steps"
    return (f"partial: the time budget ran out before {steps} (raise the budget to run "
            f"{'them' if len(result.skipped) != 1 else 'it'})")
