"""Every chart of ML Scout, built once and used by the pages and the report alike.

Charts take the aggregated results (profiles, readiness, findings), never raw rows, so the report stays small and
holds no raw values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import pandas as pd

from mlscout.profiling.checks import Finding
from mlscout.profiling.columns import ColumnProfile
from mlscout.readiness import Readiness, readiness_label

__all__ = ["association_chart", "column_distribution_chart", "findings_chart", "join_graph_chart", "missingness_chart",
           "opportunity_quadrant_chart", "baseline_models_chart", "learning_curve_chart", "importance_chart",
           "maturity_chart", "maturity_history_chart", "diagnostics_chart",
           "readiness_chart"]

SEVERITY_COLORS = {"critical": "#cf222e", "warning": "#bf8700", "info": "#57606a"}
LABEL_COLORS = {"ready": "#1a7f37", "ready with fixes": "#4ac26b", "needs work": "#bf8700", "not ready": "#cf222e"}


def _label_scale() -> alt.Scale:
    return alt.Scale(domain=list(LABEL_COLORS), range=list(LABEL_COLORS.values()))


def readiness_chart(readiness: Readiness) -> alt.Chart:
    """One bar per dimension (0-100), coloured by readiness label, with what was lost in the tooltip."""
    rows = [{"dimension": d, "score": s, "label": readiness_label(s),
             "lost": readiness.explain(d)} for d, s in readiness.dimensions.items()]
    data = pd.DataFrame(rows)
    return alt.Chart(data, title="Readiness by dimension").mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="score (0-100)"),
        y=alt.Y("dimension:N", sort=list(readiness.dimensions), title=None),
        color=alt.Color("label:N", scale=_label_scale(), title="readiness"),
        tooltip=["dimension", "score", "lost"],
    ).properties(height=alt.Step(26), width="container")


def findings_chart(findings: Iterable[Finding]) -> alt.Chart:
    """Open findings per dimension, stacked by severity."""
    rows = [{"dimension": f.dimension, "severity": f.severity} for f in findings if f.status == "open"]
    data = pd.DataFrame(rows, columns=["dimension", "severity"]).value_counts().rename("findings").reset_index()
    return alt.Chart(data, title="Open findings").mark_bar().encode(
        x=alt.X("findings:Q", title="findings", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("dimension:N", title=None),
        color=alt.Color("severity:N", scale=alt.Scale(domain=list(SEVERITY_COLORS),
                                                      range=list(SEVERITY_COLORS.values()))),
        tooltip=["dimension", "severity", "findings"],
    ).properties(height=alt.Step(26), width="container")


def missingness_chart(columns: Sequence[ColumnProfile], limit: int = 30) -> alt.Chart:
    """Share of missing values and of placeholders per column (the worst `limit` columns)."""
    rows = []
    for column in columns:
        placeholders = sum(column.placeholders.values())
        total = column.count + column.missing
        rows.append({"column": column.name, "kind": "missing", "share": column.missing_fraction})
        rows.append({"column": column.name, "kind": "placeholder", "share": placeholders / total if total else 0.0})
    data = pd.DataFrame(rows, columns=["column", "kind", "share"])
    worst = data.groupby("column")["share"].sum().sort_values(ascending=False).head(limit).index
    data = data[data["column"].isin(worst)]
    return alt.Chart(data, title="Missing values and placeholders by column").mark_bar().encode(
        x=alt.X("share:Q", stack=True, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]),
                title="share of rows"),
        # every column labelled: Vega hides overlapping labels by default, which dropped every other one
        y=alt.Y("column:N", sort=list(worst), title=None, axis=alt.Axis(labelOverlap=False, labelLimit=180)),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["missing", "placeholder"], range=["#cf222e", "#fb8f44"])),
        tooltip=["column", "kind", alt.Tooltip("share:Q", format=".1%")],
    ).properties(height=alt.Step(20), width="container")


def association_chart(found: Sequence[Any], limit: int = 20) -> alt.Chart | None:
    """A heatmap of the pairwise associations (|r|, Cramér's V, η) among the columns of the strongest pairs."""
    strongest = list(found)[:60]
    if not strongest:
        return None
    order: list[str] = []
    for pair in strongest:
        for name in (pair.a, pair.b):
            if name not in order and len(order) < limit:
                order.append(name)
    rows = [{"column": name, "with": name, "strength": 1.0, "measure": "itself", "value": 1.0} for name in order]
    for pair in found:
        if pair.a in order and pair.b in order:
            for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
                rows.append({"column": x, "with": y, "strength": round(pair.strength, 3), "measure": pair.measure,
                             "value": pair.value})
    data = pd.DataFrame(rows, columns=["column", "with", "strength", "measure", "value"])
    axis = {"labelOverlap": False, "labelLimit": 140}
    return alt.Chart(data, title="How strongly columns go together (on a sample)").mark_rect().encode(
        x=alt.X("column:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, **axis)),
        y=alt.Y("with:N", sort=order, title=None, axis=alt.Axis(**axis)),
        color=alt.Color("strength:Q", scale=alt.Scale(domain=[0, 1], scheme="blues"), title="strength"),
        tooltip=["column", "with", "measure", alt.Tooltip("value:Q", format=".2f")],
    ).properties(width=alt.Step(28), height=alt.Step(28))


def column_distribution_chart(column: ColumnProfile) -> alt.Chart | None:
    """A histogram (numbers) or a bar chart of the most frequent values (categories), from the profile alone.

    Values of a column not known to be safe (personal data, identifiers, free text, large categories) are never
    charted. Returns None when there is nothing to draw.
    """
    if column.sensitive or not column.values_shown:
        return None
    if column.numeric is not None and column.numeric.histogram and column.semantic_type in ("numeric",):
        data = pd.DataFrame(column.numeric.histogram, columns=["start", "end", "count"])
        return alt.Chart(data, title=f"Distribution of {column.name} (1st-99th percentile)").mark_bar().encode(
            x=alt.X("start:Q", bin="binned", title=column.name),
            x2="end:Q",
            y=alt.Y("count:Q", title="rows"),
            tooltip=[alt.Tooltip("start:Q", format=",.4g"), alt.Tooltip("end:Q", format=",.4g"), "count:Q"],
        ).properties(width="container", height=220)
    if column.top_values:
        data = pd.DataFrame([{"value": v.value, "count": v.count} for v in column.top_values])
        return alt.Chart(data, title=f"Most frequent values of {column.name}").mark_bar().encode(
            x=alt.X("count:Q", title="rows"),
            y=alt.Y("value:N", sort="-x", title=None),
            tooltip=["value", "count"],
        ).properties(width="container", height=alt.Step(20))
    return None


def join_graph_chart(datasets: Sequence[str], relationships: Sequence[Any]) -> alt.LayerChart:
    """How the loaded datasets connect: one dot per dataset on a circle, one line per candidate key."""
    import math

    n = max(len(datasets), 1)
    position = {name: (math.cos(2 * math.pi * i / n + math.pi / 2), math.sin(2 * math.pi * i / n + math.pi / 2))
                for i, name in enumerate(datasets)}
    links = {r.left_dataset for r in relationships} | {r.right_dataset for r in relationships}
    nodes = pd.DataFrame([{"dataset": name, "x": x, "y": y, "linked": "linked" if name in links else "isolated"}
                          for name, (x, y) in position.items()])
    edges = pd.DataFrame([{"x": position[r.left_dataset][0], "y": position[r.left_dataset][1],
                           "x2": position[r.right_dataset][0], "y2": position[r.right_dataset][1],
                           "key": f"{r.left_dataset}.{r.left_column} → {r.right_dataset}.{r.right_column}",
                           "match": r.match_share} for r in relationships
                          if r.left_dataset in position and r.right_dataset in position],
                         columns=["x", "y", "x2", "y2", "key", "match"])
    scale = alt.Scale(domain=[-1.5, 1.5])
    axis = dict(axis=None, scale=scale)
    lines = alt.Chart(edges).mark_rule(strokeWidth=3, color="#8c959f").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q",
        tooltip=["key", alt.Tooltip("match:Q", format=".0%", title="rows matched")])
    dots = alt.Chart(nodes).mark_circle(size=600, opacity=1).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
        color=alt.Color("linked:N", scale=alt.Scale(domain=["linked", "isolated"], range=["#1f6feb", "#cf222e"]),
                        title=None), tooltip=["dataset", "linked"])
    labels = alt.Chart(nodes).mark_text(dy=-22, fontSize=13).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="dataset:N")
    return alt.layer(lines, dots, labels).properties(width="container", height=360)


def opportunity_quadrant_chart(opportunities: Sequence[Any], label_top: int = 5) -> alt.LayerChart:
    """Business value against feasibility; bubble size = data readiness, colour = business function."""
    data = pd.DataFrame([{"rank": o.rank, "pain point": o.pain_point, "dataset": o.dataset, "value": o.value,
                          "feasibility": o.feasibility, "readiness": o.readiness_score, "score": o.score,
                          "function": o.business_function} for o in opportunities],
                        columns=["rank", "pain point", "dataset", "value", "feasibility", "readiness", "score",
                                 "function"])
    # Labels are the ranks only (the names are in the ranking table), one label per spot: opportunities at the
    # same place share it ("1, 4"), so no text is drawn over another.
    top = data[data["rank"] <= label_top]
    spots = top.groupby([top["value"].round(0), top["feasibility"].round(0)])["rank"] \
        .apply(lambda ranks: ", ".join(str(r) for r in sorted(ranks))).rename("label").reset_index()
    x = alt.X("feasibility:Q", scale=alt.Scale(domain=[0, 100]), title="feasibility (0-100)")
    y = alt.Y("value:Q", scale=alt.Scale(domain=[0, 105]), title="business value (0-100)")
    points = alt.Chart(data).mark_circle(opacity=0.75, stroke="white", strokeWidth=1).encode(
        x=x, y=y, size=alt.Size("readiness:Q", scale=alt.Scale(domain=[0, 100], range=[30, 900]),
                                title="data readiness", legend=alt.Legend(orient="bottom")),
        color=alt.Color("function:N", title="business function", legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=["rank", "pain point", "dataset", "score", "value", "feasibility", "readiness"])
    labels = alt.Chart(spots).mark_text(align="left", dx=10, dy=-8, fontSize=12, fontWeight="bold").encode(
        x=x, y=y, text="label:N")
    middle = pd.DataFrame({"v": [50]})
    vertical = alt.Chart(middle).mark_rule(strokeDash=[4, 4], color="#8c959f").encode(x="v:Q")
    horizontal = alt.Chart(middle).mark_rule(strokeDash=[4, 4], color="#8c959f").encode(y="v:Q")
    return alt.layer(vertical, horizontal, points, labels,
                     title="Where ML fits best: value against feasibility (top right first)") \
        .properties(width="container", height=420)


def baseline_models_chart(result: Any) -> alt.LayerChart:
    """The primary metric of each model with its spread across folds: the lift over the dummy at a glance."""
    data = pd.DataFrame([{"model": m.name, "score": m.score, "low": m.score - m.std, "high": m.score + m.std,
                          "kind": "dummy" if m.name.startswith(("dummy", "seasonal naive")) else "model"}
                         for m in result.models])
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("score:Q", title=result.metric),
        y=alt.Y("model:N", sort=None, title=None),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["dummy", "model"], range=["#8c959f", "#1f6feb"]),
                        legend=None),
        tooltip=["model", alt.Tooltip("score:Q", format=".3f"), alt.Tooltip("low:Q", format=".3f"),
                 alt.Tooltip("high:Q", format=".3f")])
    spread = alt.Chart(data).mark_rule(color="black").encode(x="low:Q", x2="high:Q", y=alt.Y("model:N", sort=None))
    return alt.layer(bars, spread, title=f"{result.metric} by model (lift over the baseline: {result.lift:+.3f})") \
        .properties(width="container", height=alt.Step(32))


def learning_curve_chart(result: Any) -> alt.Chart:
    data = pd.DataFrame([{"rows": p.rows, "score": p.score} for p in result.learning_curve], columns=["rows", "score"])
    return alt.Chart(data, title=f"Learning curve: {result.learning_curve_verdict or 'too few points'}").mark_line(
        point=True).encode(x=alt.X("rows:Q", title="training rows"), y=alt.Y("score:Q", title=result.metric,
                                                                               scale=alt.Scale(zero=False)),
                           tooltip=["rows", alt.Tooltip("score:Q", format=".3f")]) \
        .properties(width="container", height=240)


def importance_chart(result: Any) -> alt.Chart:
    data = pd.DataFrame([{"feature": i.feature, "importance": i.importance, "std": i.std}
                         for i in result.importances], columns=["feature", "importance", "std"])
    return alt.Chart(data, title="Permutation importance (best model, top 10)").mark_bar().encode(
        x=alt.X("importance:Q", title=f"drop in {result.metric} when shuffled"),
        y=alt.Y("feature:N", sort="-x", title=None),
        tooltip=["feature", alt.Tooltip("importance:Q", format=".4f"), alt.Tooltip("std:Q", format=".4f")]) \
        .properties(width="container", height=alt.Step(22))


def maturity_chart(maturity: Any) -> alt.Chart:
    """The five factors, 0-100, with the level each score corresponds to."""
    data = pd.DataFrame([{"factor": factor, "score": score, "level": round(score / 25, 1)}
                         for factor, score in maturity.factors.items() if score is not None],
                        columns=["factor", "score", "level"])
    return alt.Chart(data, title="MLOps maturity by factor").mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="score (0-100; level = score / 25)"),
        y=alt.Y("factor:N", sort=["strategy", "architecture", "modeling", "processes", "governance"], title=None),
        color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 100], scheme="blues"), legend=None),
        tooltip=["factor", "score", "level"]).properties(width="container", height=alt.Step(30))


def maturity_history_chart(points: Sequence[dict]) -> alt.Chart:
    """Factor scores of the saved assessments of one project, over time."""
    data = pd.DataFrame(points, columns=["saved", "factor", "score"])
    return alt.Chart(data, title="Maturity over time").mark_line(point=True).encode(
        # dates, not the milliseconds a single saved point would otherwise be labelled with
        x=alt.X("saved:T", title=None, axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, tickMinStep=86_400_000)),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="score"),
        color=alt.Color("factor:N"), tooltip=["saved:T", "factor", "score"]).properties(width="container",
                                                                                     height=260)


def diagnostics_chart(result: Any) -> alt.Chart | alt.HConcatChart | None:
    """The best model's out-of-fold predictions: confusion matrix and ROC curve (classification), predicted versus
    actual with the diagonal (regression). None when the baseline holds no diagnostics."""
    diagnostics = getattr(result, "diagnostics", None)
    if diagnostics is None:
        return None
    if diagnostics.predicted_vs_actual:
        data = pd.DataFrame(diagnostics.predicted_vs_actual, columns=["actual", "predicted"])
        low, high = float(data.min().min()), float(data.max().max())
        points = alt.Chart(data, title=f"Predicted versus actual ({result.best_model}, out of fold)").mark_circle(
            size=18, opacity=0.5).encode(x=alt.X("actual:Q", title=f"actual {result.target}"),
                                         y=alt.Y("predicted:Q", title="predicted"), tooltip=["actual", "predicted"])
        diagonal = alt.Chart(pd.DataFrame({"actual": [low, high], "predicted": [low, high]})).mark_line(
            color="#57606a", strokeDash=[4, 4]).encode(x="actual:Q", y="predicted:Q")
        return (points + diagonal).properties(width="container", height=260)
    if not diagnostics.confusion:
        return None
    labels = list(diagnostics.labels)
    cells = pd.DataFrame([{"actual": labels[i], "predicted": labels[j], "rows": n}
                          for i, row in enumerate(diagnostics.confusion) for j, n in enumerate(row)])
    title = "Confusion matrix" + (f" at threshold {diagnostics.threshold:.2f}" if diagnostics.threshold else "")
    base = alt.Chart(cells, title=title).encode(x=alt.X("predicted:N", sort=labels), y=alt.Y("actual:N", sort=labels))
    matrix = (base.mark_rect().encode(color=alt.Color("rows:Q", scale=alt.Scale(scheme="blues"), legend=None),
                                      tooltip=["actual", "predicted", "rows"])
              + base.mark_text(fontSize=12).encode(text=alt.Text("rows:Q", format=",d")))
    matrix = matrix.properties(width=alt.Step(60), height=alt.Step(40))
    if not diagnostics.roc:
        return matrix
    roc = pd.DataFrame(diagnostics.roc, columns=["false positive rate", "true positive rate"])
    curve = alt.Chart(roc, title="ROC curve (out of fold)").mark_line(point=False).encode(
        x=alt.X("false positive rate:Q", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("true positive rate:Q", scale=alt.Scale(domain=[0, 1])))
    chance = alt.Chart(pd.DataFrame({"false positive rate": [0, 1], "true positive rate": [0, 1]})).mark_line(
        color="#57606a", strokeDash=[4, 4]).encode(x="false positive rate:Q", y="true positive rate:Q")
    return alt.hconcat(matrix, (curve + chance).properties(width=240, height=200))
