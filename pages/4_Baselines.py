"""Baselines: a quick, honest feasibility signal for one target, with leakage warnings and a learning curve."""

import streamlit as st

from mlscout import charts
from mlscout.baselines import (
    VERDICT_TEXT,
    baseline_inputs,
    evaluate,
    models_frame,
    partial_text,
    plan_folds,
)
from mlscout.text import escape_markdown
from mlscout.ui import jobs, state
from mlscout.ui.html import show_table

state.enter_page()
st.title("Baselines")
st.write("Cross-validated baseline models against a dummy model: is there signal, how much, is it suspiciously "
         "good, and would more data help? A feasibility signal, not a production model. The work runs in a "
         "separate process within the time budget you set.")

loaded = state.require_datasets()

choice = st.session_state.get("mlscout_baseline_choice") or {}
names = list(loaded)
name = st.selectbox("Dataset", names, index=names.index(choice["dataset"]) if choice.get("dataset") in names else 0,
                    key="baseline_dataset")
summary = state.analysis(name)
columns = [c.name for c in summary.columns]
suggested = choice.get("target") if choice.get("dataset") == name else state.declared_target(name)
if suggested not in columns:
    suggested = summary.likely_targets[0].column if summary.likely_targets else columns[-1]
left, middle, right = st.columns(3)
target = left.selectbox("Target", columns, index=columns.index(suggested), key="baseline_target")
task_options = ["infer from the target", "binary", "multiclass", "regression", "forecasting"]
preset_task = choice.get("task") if choice.get("dataset") == name and choice.get("target") == target else None
task = middle.selectbox("Task", task_options,
                        index=task_options.index(preset_task) if preset_task in task_options else 0,
                        key="baseline_task")
budget = right.slider("Time budget (seconds)", 5, 300, 60, step=5, key="baseline_budget")
plan = plan_folds(summary.columns, target, shape=summary.shape)  # the CLI's fold plan, to pre-fill the time column
time_columns = ["(none)"] + [c.name for c in summary.columns if c.semantic_type == "datetime"]
preset_time = choice.get("time_column") if choice.get("dataset") == name else None
if preset_time is None and plan.kind == "time-ordered":
    preset_time = plan.column
time_column = left.selectbox("Time column (time-ordered folds; needed to forecast)", time_columns,
                             index=time_columns.index(preset_time) if preset_time in time_columns else 0,
                             key="baseline_time")
series_columns = ["(none)"] + [c.name for c in summary.columns
                               if c.semantic_type in ("categorical", "identifier") and c.name != target]
series_id = middle.selectbox("Series id (forecasting several series)", series_columns, key="baseline_series")

dataset = loaded[name]
key = f"baseline::{name}::{target}"


def start(keep: tuple[str, ...] = ()) -> None:
    # The same features and folds the CLI uses (identifiers, personal data, protected attributes left out).
    inputs = baseline_inputs(summary.columns, target, None if time_column == "(none)" else time_column,
                             shape=summary.shape)
    jobs.start(key, evaluate, dataset.frame, target, task=None if task == task_options[0] else task,
               series_id=None if series_id == "(none)" else series_id, budget_s=float(budget), dataset=name,
               keep_features=keep, time_limit_s=float(budget) + 60,
               table_rows=dataset.table_rows, **inputs)


if jobs.running(key):
    jobs.progress_panel(key, f"Baseline for {target}")
elif st.button("Run baseline", type="primary", icon=":material/play_arrow:"):
    start()
    st.rerun()

outcome = jobs.outcomes().get(key)
if outcome is not None and outcome.ok:
    state.store_baseline(outcome.value)
elif outcome is not None and outcome.status != "cancelled":
    message = outcome.message.removeprefix("BaselineError: ")
    st.error(f"The baseline could not run: {escape_markdown(message)}")
elif outcome is not None:
    st.info("The baseline was cancelled.")

result = state.stored_baseline(name, target)
if result is not None:
    verdict_text = VERDICT_TEXT[result.verdict]
    a, b, c, d = st.columns(4)
    a.metric("Verdict", verdict_text)
    b.metric("Feasibility", f"{result.feasibility:.0f}/100")
    c.metric(f"Best {result.metric}", f"{max(m.score for m in result.models):.3f}",
             delta=f"{result.lift:+.3f} vs baseline")
    d.metric("Rows used", f"{result.sample_rows:,}", help=f"of {result.rows_total:,}")
    st.caption(f"Folds: {escape_markdown(result.folds_kind)} — {escape_markdown(result.folds_reason)}")
    for note in result.notes:
        st.caption(escape_markdown(note))
    if result.partial:
        st.warning(escape_markdown(partial_text(result).capitalize()) + ".")
    if result.leakage_suspects:
        naive = (f" With them, the best model would score {result.with_suspects_score:.3f}."
                 if result.with_suspects_score is not None else "")
        st.warning("**Leakage suspects, kept out of the score above**: these columns give the answer away and "
                   "would not be known at prediction time." + naive + "\n\n"
                   + "\n".join(f"- **{escape_markdown(s.column)}**: {escape_markdown(s.reason)}"
                                for s in result.leakage_suspects))
        keep = st.multiselect("Keep suspects you trust (known before the outcome)",
                              [s.column for s in result.leakage_suspects], default=list(result.kept_suspects),
                              key="baseline_keep")
        if st.button("Re-run with these kept", icon=":material/restart_alt:"):
            start(tuple(keep))
            st.rerun()
    show_table(models_frame(result), width="stretch", hide_index=True)
    st.altair_chart(charts.baseline_models_chart(result), width="stretch")
    left, right = st.columns(2)
    with left:
        if result.learning_curve:
            st.altair_chart(charts.learning_curve_chart(result), width="stretch")
    with right:
        if result.importances:
            st.altair_chart(charts.importance_chart(result), width="stretch")
    diagnostics = charts.diagnostics_chart(result)
    if diagnostics is not None:
        st.altair_chart(diagnostics)
    for note in result.fairness:
        st.info(f"**Fairness**: {escape_markdown(note.text)}. The attribute is not a feature; a gap here comes "
                "from proxies of it or from the data itself.")
    if result.forecast is not None:
        f = result.forecast
        st.caption(f"Forecast: {escape_markdown(f.aggregation)} per {f.frequency}, season of {f.season_length} "
                   f"periods, the last {f.horizon} periods of {f.series} series held out. The score is the model's "
                   "skill over repeating last season (what ML adds)"
                   + (f"; repeating last season already beats a flat forecast by {f.predictability:.0%} (how "
                      "regular the series are)" if f.predictability is not None else "") + ".")
    if result.dropped_columns:
        with st.expander(f"{len(result.dropped_columns)} column(s) not used as features"):
            for column, why in result.dropped_columns.items():
                st.markdown(f"- {escape_markdown(column)}: {escape_markdown(why)}")
    st.caption("The Opportunities ranking now uses this result as the feasibility of the matching opportunity.")
