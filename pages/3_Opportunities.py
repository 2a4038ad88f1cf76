"""Opportunities: which business pain points the data can serve, ranked, with the reasoning and the gaps."""

from pathlib import Path

import streamlit as st

from mlscout import charts
from mlscout.catalogue.model import CatalogueError, catalogue_from_text
from mlscout.opportunities import (
    FACTORS,
    GENERIC_FUNCTION,
    catalogue_levels_frame,
    opportunities_frame,
    overrides_from_levels,
    pain_point_of,
    rank,
    unserved,
)
from mlscout.settings import Weights
from mlscout.text import escape_markdown
from mlscout.ui import state
from mlscout.ui.html import show_table

state.enter_page()
st.title("Opportunities")
st.write("Each business pain point of the catalogue is matched to your data and scored on business value, "
         "feasibility, data readiness, effort and risk. The score is a weighted geometric mean: one weak factor "
         "pulls it down, so high value cannot buy back a blocker.")

loaded = state.require_datasets()

current = state.settings()
catalogue = state.catalogue()

# ---------------------------------------------------------------- weights
with st.container(border=True):
    st.markdown("**Weights** (relative; they need not sum to 100)")
    labels = {"business_impact": "Business impact", "feasibility": "Feasibility", "data_readiness": "Data readiness",
              "effort": "Effort (low is good)", "risk": "Risk (low is good)"}
    columns = st.columns(len(FACTORS))
    chosen = {}
    for column, factor in zip(columns, FACTORS, strict=True):
        chosen[factor] = column.slider(labels[factor], 0, 100, int(round(getattr(current.weights, factor) * 100)),
                                       step=5, key=f"weight_{factor}")
    if any(chosen.values()):
        weights = Weights(**{k: v / 100 for k, v in chosen.items()})
        if weights != current.weights:
            current = current.model_copy(update={"weights": weights})
            state.set_settings(current)
    else:
        st.warning("All weights are zero: the defaults are used.")

summaries = state.all_analyses()
if len(summaries) > 1:
    shown = st.multiselect("Datasets", [s.name for s in summaries], default=[s.name for s in summaries],
                           key="opportunity_datasets")
    summaries = [s for s in summaries if s.name in shown]
ranked = rank(summaries, catalogue, current, baselines=state.baseline_results())
if ranked:
    st.caption(state.ranking_stability(summaries, catalogue, current, ranked).text)
with st.expander("What each table is (read from its columns)"):
    for summary in summaries:
        if summary.shape is not None:
            st.markdown(f"**{escape_markdown(summary.name)}**: {escape_markdown(summary.shape.text())}")
if not ranked:
    st.warning("No pain point of the catalogue fits the loaded data. See below what each would need.")
else:
    table = opportunities_frame(ranked)
    show_table(table, width="stretch", hide_index=True, key="ranking_table",
                 column_config={"score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f"),
                                "value": st.column_config.NumberColumn(format="%.0f"),
                                "feasibility": st.column_config.NumberColumn(format="%.0f"),
                                "readiness": st.column_config.NumberColumn(format="%.0f"),
                                "effort": st.column_config.NumberColumn(format="%.0f"),
                                "risk": st.column_config.NumberColumn(format="%.0f")})
    st.altair_chart(charts.opportunity_quadrant_chart(ranked), width="stretch")

    # ---------------------------------------------------------------- details
    st.subheader("Details")
    choice = st.selectbox("Opportunity", range(len(ranked)), key="opportunity_detail",
                          format_func=lambda i: f"{ranked[i].rank}. {ranked[i].pain_point} — {ranked[i].dataset}"
                                                f" ({ranked[i].score:.0f})")
    picked = ranked[choice]
    point = pain_point_of(picked, catalogue, summaries, current)
    st.markdown(f"**{escape_markdown(point.name)}** · {escape_markdown(point.business_function)} · "
                f"{picked.task.replace('_', ' ')}  \n{escape_markdown(point.problem)}")
    if point.business_function == GENERIC_FUNCTION and picked.target:
        # no catalogue entry fits the declared target: the user says what predicting it is for
        with st.form(f"purpose::{picked.dataset}:{picked.target}"):
            purpose = st.text_input(f"What is predicting '{escape_markdown(picked.target)}' for?",
                                    value=current.target_purpose(picked.dataset, picked.target) or "",
                                    placeholder="e.g. call back the applicants most likely to be hired",
                                    max_chars=100)
            if st.form_submit_button("Save the purpose"):
                state.set_settings(current.with_target_purpose(picked.dataset, picked.target, purpose))
                st.rerun()
    left, right = st.columns(2)
    with left:
        st.markdown("**Why this score**")
        for factor, text in picked.rationale.items():
            st.markdown(f"- *{factor.replace('_', ' ')}*: {escape_markdown(text)}")
    with right:
        st.markdown("**Data gaps**")
        if picked.data_gaps:
            for gap in picked.data_gaps:
                st.markdown(f"- {escape_markdown(gap)}")
        else:
            st.caption("None found.")
        st.markdown(f"**Suggested target**: {escape_markdown(picked.target or 'none (unsupervised)')}"
                    + (f"  \n**Time column**: {escape_markdown(picked.time_column)}" if picked.time_column else ""))
        if picked.features:
            st.markdown("**Suggested features**: " + escape_markdown(", ".join(picked.features[:15]))
                        + (" ..." if len(picked.features) > 15 else ""))
    if Path(__file__).with_name("4_Baselines.py").exists() and picked.target and picked.task in (
            "binary", "multiclass", "regression", "forecasting"):
        if st.button("Test this with a baseline", icon=":material/model_training:"):
            state.choose_baseline(picked)
            st.switch_page("pages/4_Baselines.py")

# ---------------------------------------------------------------- unserved pain points
missing = unserved(catalogue, ranked)
with st.expander(f"{len(missing)} pain point(s) the loaded data cannot serve yet, and what they would need"):
    for item in missing:
        st.markdown(f"- **{escape_markdown(item.pain_point)}** ({escape_markdown(item.business_function)}): "
                    + escape_markdown("; ".join(item.needs)))

# ---------------------------------------------------------------- catalogue
with st.expander(f"Catalogue: {len(catalogue.pain_points)} pain points ({state.catalogue_source()})"):
    st.caption("Adjust value, effort and risk (1-5) to your business; the ranking follows.")
    levels = catalogue_levels_frame(catalogue, current)
    edited = st.data_editor(levels, hide_index=True, width="stretch", key="catalogue_levels",
                            disabled=["id", "pain point", "function", "task"],
                            column_config={k: st.column_config.NumberColumn(min_value=1, max_value=5, step=1)
                                           for k in ("value", "effort", "risk")})
    overrides = overrides_from_levels(catalogue, edited)
    if overrides != current.pain_point_overrides:
        state.set_settings(current.model_copy(update={"pain_point_overrides": overrides}))
        st.rerun()
    st.download_button("Download the catalogue (YAML)", catalogue.to_yaml().encode("utf-8"),
                       file_name="pain_points.yaml", mime="application/x-yaml", icon=":material/download:")
    uploaded = st.file_uploader("Use your own catalogue (YAML or CSV)", type=["yaml", "yml", "csv"],
                                key="catalogue_upload")
    if uploaded is not None and st.session_state.get("catalogue_upload_applied") != uploaded.file_id:
        st.session_state["catalogue_upload_applied"] = uploaded.file_id
        try:
            state.set_catalogue(catalogue_from_text(uploaded.getvalue().decode("utf-8", errors="replace"),
                                                    uploaded.name), uploaded.name)
            st.rerun()
        except CatalogueError as exc:
            st.error(escape_markdown(str(exc)))
