"""What a modelling person looks at after the cross-validated score: out-of-fold predictions summarised as a
confusion matrix and ROC / precision-recall curves (classification) or predicted-versus-actual points and residuals
(regression), and a fairness note per protected attribute.

Everything here reads predictions the cross-validation already made (each fold's model on its own test rows), so it
costs no extra fit. Results are small frozen models: a few dozen curve points, a sample of at most 300 points, one
rate per group; never raw feature values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Diagnostics", "FairnessNote", "GroupRate", "diagnostics_from", "fairness_notes", "out_of_fold"]

_CURVE_POINTS = 40
_SCATTER_POINTS = 300
_MIN_GROUP_ROWS = 30
_MAX_GROUPS = 8


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Diagnostics(_Frozen):
    """The best model's out-of-fold predictions, summarised."""

    rows: int = Field(description="Rows that had an out-of-fold prediction (every row, except with time-ordered "
                                  "folds, whose first block is never a test block).")
    threshold: float | None = Field(None, description="Probability above which a row is predicted positive: the "
                                                      "one with the best F1 on these predictions.")
    positive_label: str | None = None
    labels: tuple[str, ...] = Field((), description="Class labels in the order of the confusion matrix.")
    confusion: tuple[tuple[int, ...], ...] = Field((), description="Rows: actual class; columns: predicted class.")
    roc: tuple[tuple[float, float], ...] = Field((), description="(false positive rate, true positive rate).")
    precision_recall: tuple[tuple[float, float], ...] = Field((), description="(recall, precision).")
    predicted_vs_actual: tuple[tuple[float, float], ...] = Field(
        (), description="(actual, predicted) for a random sample of rows (regression).")
    residual_quantiles: dict[str, float] = Field(default_factory=dict,
                                                 description="Quantiles of actual - predicted (regression).")


class GroupRate(_Frozen):
    group: str
    rows: int
    value: float = Field(description="The statistic for this group (see FairnessNote.statistic).")
    actual: float | None = Field(None, description="The group's actual positive rate (binary), beside the "
                                                   "predicted one: the gap may be the data's, not the model's.")


class FairnessNote(_Frozen):
    """How differently the best model treats the groups of one protected attribute."""

    attribute: str
    statistic: Literal["positive rate", "error rate", "mean absolute error"]
    groups: tuple[GroupRate, ...]
    gap: float = Field(description="Largest minus smallest value across the groups shown.")

    @property
    def text(self) -> str:
        ordered = sorted(self.groups, key=lambda g: g.value)
        low, high = ordered[0], ordered[-1]
        fmt = "{:.1%}" if self.statistic != "mean absolute error" else "{:,.3g}"
        text = (f"{self.statistic} by {self.attribute}: {fmt.format(low.value)} for {low.group} to "
                f"{fmt.format(high.value)} for {high.group} (gap {fmt.format(self.gap)})")
        if low.actual is not None and high.actual is not None:
            text += f"; actual rates {low.actual:.1%} and {high.actual:.1%}"
        return text


def out_of_fold(cv_result: Mapping[str, Any], X: pd.DataFrame, task: str) -> tuple[np.ndarray, np.ndarray]:
    """Predictions of each fold's fitted model on its own test rows, from `cross_validate(...,
    return_estimator=True, return_indices=True)`. Returns (predictions, covered): probabilities of the positive
    class (binary), class indices (multiclass) or values (regression); `covered` marks the rows predicted."""
    predictions = np.full(len(X), np.nan)
    covered = np.zeros(len(X), dtype=bool)
    for estimator, test in zip(cv_result["estimator"], cv_result["indices"]["test"], strict=True):
        rows = X.iloc[test]
        if task == "binary":
            predictions[test] = estimator.predict_proba(rows)[:, 1]
        else:
            predictions[test] = estimator.predict(rows)
        covered[test] = True
    return predictions, covered


def _thin(points: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    if len(points) <= _CURVE_POINTS:
        return tuple((round(float(a), 4), round(float(b), 4)) for a, b in points)
    keep = np.unique(np.linspace(0, len(points) - 1, _CURVE_POINTS).round().astype(int))
    return tuple((round(float(points[i][0]), 4), round(float(points[i][1]), 4)) for i in keep)


def diagnostics_from(y: np.ndarray, predictions: np.ndarray, covered: np.ndarray, task: str,
                     classes: Sequence[Any] = ()) -> Diagnostics | None:
    """Confusion matrix and curves (classification), predicted-versus-actual and residuals (regression)."""
    from sklearn.metrics import confusion_matrix, precision_recall_curve, roc_curve

    y, p = np.asarray(y)[covered], np.asarray(predictions)[covered]
    if len(y) < 10:
        return None
    if task == "binary":
        precision, recall, thresholds = precision_recall_curve(y, p)
        f1 = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
        threshold = float(thresholds[int(np.argmax(f1))]) if len(thresholds) else 0.5
        fpr, tpr, _ = roc_curve(y, p)
        matrix = confusion_matrix(y, (p >= threshold).astype(int), labels=[0, 1])
        labels = tuple(str(c) for c in classes) if len(classes) == 2 else ("0", "1")
        return Diagnostics(rows=len(y), threshold=round(threshold, 4), positive_label=labels[1], labels=labels,
                           confusion=tuple(tuple(int(v) for v in row) for row in matrix),
                           roc=_thin(list(zip(fpr, tpr, strict=True))),
                           precision_recall=_thin(list(zip(recall[::-1], precision[::-1], strict=True))))
    if task == "multiclass":
        present = np.unique(np.concatenate([y, p.astype(int)]))[:12]
        matrix = confusion_matrix(y, p.astype(int), labels=present)
        labels = tuple(str(classes[i]) if i < len(classes) else str(i) for i in present)
        return Diagnostics(rows=len(y), labels=labels, confusion=tuple(tuple(int(v) for v in row) for row in matrix))
    rng = np.random.default_rng(0)
    pick = rng.choice(len(y), min(len(y), _SCATTER_POINTS), replace=False)
    residuals = y - p
    quantiles = {f"p{int(q * 100):02d}": round(float(np.quantile(residuals, q)), 6) for q in (0.05, 0.25, 0.5, 0.75,
                                                                                              0.95)}
    return Diagnostics(rows=len(y), predicted_vs_actual=tuple((round(float(y[i]), 6), round(float(p[i]), 6))
                                                              for i in np.sort(pick)),
                       residual_quantiles=quantiles)


def fairness_notes(groups: Mapping[str, pd.Series], y: np.ndarray, predictions: np.ndarray, covered: np.ndarray,
                   task: str, threshold: float | None = None) -> tuple[FairnessNote, ...]:
    """For each protected attribute, the best model's positive rate (binary), error rate (multiclass) or mean
    absolute error (regression) per group of at least 30 predicted rows, and the gap between groups."""
    notes = []
    y, p = np.asarray(y), np.asarray(predictions)
    for attribute, values in groups.items():
        labels = values.astype("string").fillna("(missing)").to_numpy()[covered]
        yy, pp = y[covered], p[covered]
        counts = pd.Series(labels).value_counts()
        shown = [g for g in counts.index[:_MAX_GROUPS] if counts[g] >= _MIN_GROUP_ROWS]
        if len(shown) < 2:
            continue
        rates = []
        for group in shown:
            mask = labels == group
            if task == "binary":
                value = float(np.mean(pp[mask] >= (threshold if threshold is not None else 0.5)))
            elif task == "multiclass":
                value = float(np.mean(pp[mask].astype(int) != yy[mask]))
            else:
                value = float(np.mean(np.abs(yy[mask] - pp[mask])))
            actual = round(float(np.mean(yy[mask] == 1)), 6) if task == "binary" else None
            rates.append(GroupRate(group=str(group), rows=int(mask.sum()), value=round(value, 6), actual=actual))
        statistic = {"binary": "positive rate", "multiclass": "error rate"}.get(task, "mean absolute error")
        values_ = [r.value for r in rates]
        notes.append(FairnessNote(attribute=attribute, statistic=statistic, groups=tuple(rates),
                                  gap=round(max(values_) - min(values_), 6)))
    return tuple(notes)
