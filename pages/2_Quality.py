"""Quality: readiness per dimension, the findings with their fixes, each column in detail, and the deep profile."""

import streamlit as st

from mlscout import charts
from mlscout.fixes import (
    available_fixes,
    export_data,
    fixes_code,
    frame_to_csv,
    frame_to_parquet,
    safe_file_stem,
)
from mlscout.profiling.associations import associations_frame
from mlscout.profiling.checks import (
    CHECKS,
    checks_frame,
    filter_findings,
    findings_by_severity,
    findings_frame,
)
from mlscout.profiling.columns import SEMANTIC_TYPES, column_facts, columns_frame, filter_columns
from mlscout.profiling.deep import DEEP_PROFILE_MAX_ROWS, MINIMAL_FROM_ROWS, build_deep_profile
from mlscout.profiling.joins import relationships_frame
from mlscout.profiling.privacy import access_frame, masked_columns
from mlscout.settings import SettingsError, settings_from_yaml, settings_to_yaml
from mlscout.text import escape_markdown
from mlscout.ui import jobs, state
from mlscout.ui.html import show_document, show_table

FINDINGS_SHOWN = 100  # per severity: a few hundred expanders stay responsive

state.enter_page()
st.title("Quality")

loaded = state.require_datasets()

name = st.selectbox("Dataset", list(loaded), key="quality_dataset")
summary = state.analysis(name)
readiness = summary.readiness
current = state.settings()
declared = state.declared_target(name)
if declared:
    st.caption(f"Target: **{escape_markdown(declared)}** (declared in the sidebar): target checks such as "
               "imbalance run on it.")
elif summary.likely_targets:
    st.caption(f"Target: not declared. ML Scout guesses **{escape_markdown(summary.likely_targets[0].column)}**; "
               "set the target in the sidebar to be sure.")

if summary.period:
    st.caption(f"Covers {escape_markdown(summary.period)}. Staleness is checked only against a freshness "
               "requirement (thresholds.stale_days in mlscout.yaml).")

# ---------------------------------------------------------------- score cards
cards = st.columns(len(readiness.dimensions) + 1)
cards[0].metric("Overall", f"{readiness.overall:.0f}", help=f"{readiness.label}"
                + (f"; limited most by {readiness.limited_by}" if readiness.limited_by else ""))
for card, (dimension, score) in zip(cards[1:], readiness.dimensions.items(), strict=True):
    lost = 100 - score
    card.metric(dimension.capitalize(), f"{score:.0f}", delta=f"-{lost:.0f}" if lost else None,
                delta_color="normal" if lost else "off", help=escape_markdown(readiness.explain(dimension)))
for dimension in readiness.dimensions:
    if readiness.lost(dimension):
        st.caption(escape_markdown(readiness.explain(dimension)))
if summary.sample_rows:
    st.caption(f"Correlations computed on a random sample of {summary.sample_rows:,} of {summary.rows:,} rows; "
               "every count uses all rows.")

findings_tab, access_tab, columns_tab, fix_tab, deep_tab, settings_tab = st.tabs(
    ["Findings", "Access & privacy", "Overview", "Fix & export", "Deep profile", "Settings"])

# ---------------------------------------------------------------- findings
with findings_tab:
    table = findings_frame(summary.findings)
    if table.empty:
        st.success("No quality finding in this dataset.")
    else:
        f1, f2, f3, f4 = st.columns(4)
        severity = f1.multiselect("Severity", ["critical", "warning", "info"], key="q_filter_severity")
        dimension = f2.multiselect("Dimension", sorted(table["dimension"].unique()), key="q_filter_dimension")
        column = f3.multiselect("Column", sorted(table["column"].unique()), key="q_filter_column")
        status = f4.multiselect("Status", ["open", "accepted", "resolved"], key="q_filter_status")
        shown = filter_findings(table, severity=severity, dimension=dimension, column=column, status=status)
        st.caption(f"{len(shown)} of {len(table)} findings")
        show_table(shown.drop(columns=["check_id"]), width="stretch", hide_index=True,
                     column_config={"message": st.column_config.TextColumn(width="large"),
                                    "fix": st.column_config.TextColumn(width="medium")})
        st.altair_chart(charts.findings_chart(summary.findings), width="stretch")

        st.markdown("##### Each finding in full")
        st.caption("Accept a finding (known and tolerated) or mark it resolved (fixed upstream): it stays listed with "
                   "your reason and no longer costs points. Each finding has its own buttons; Enter in a reason "
                   "field saves nothing.")
        for level, group in findings_by_severity(summary.findings, shown).items():
            st.markdown(f"**{level.capitalize()}** ({len(group)})")
            for i, finding in enumerate(group[:FINDINGS_SHOWN]):
                key = f"{level}::{i}::{finding.check_id}::{finding.column or ''}"
                closed = finding.status != "open"
                title = escape_markdown(finding.message if len(finding.message) <= 150
                                        else finding.message[:149] + "…")
                with st.expander(title + (f" · *{finding.status}*" if closed else "")):
                    st.markdown(escape_markdown(finding.message))
                    st.markdown(f"**Fix**: {escape_markdown(finding.fix)}")
                    if closed:
                        st.caption(f"{finding.status}: {escape_markdown(finding.status_reason or '')}")
                        if st.button("Reopen", key=f"reopen::{key}"):
                            state.set_settings(current.reopened(finding.check_id, finding.dataset, finding.column))
                            st.rerun()
                        continue
                    reason = st.text_input("Reason", key=f"reason::{key}",
                                           placeholder="e.g. known gap, filled in the next export")
                    accept, resolve, _ = st.columns([1, 1, 3])
                    for column_widget, new_status, label in ((accept, "accepted", "Accept"),
                                                             (resolve, "resolved", "Resolve")):
                        if column_widget.button(label, key=f"{new_status}::{key}"):
                            state.set_settings(current.with_status(finding.check_id, finding.dataset,
                                                                   finding.column, new_status, reason))
                            st.rerun()
            if len(group) > FINDINGS_SHOWN:
                st.caption(f"{len(group) - FINDINGS_SHOWN} more {level} findings: narrow the filters above to "
                           "reach them.")

# ---------------------------------------------------------------- access & privacy
with access_tab:
    st.write("Which columns may an ML team see? Personal data is detected from the values (a sample) and the "
             "column names; its values are masked everywhere in ML Scout. Protected attributes are flagged for a "
             "fairness and governance review. Mark an action as resolved or accepted in the Findings tab.")
    access = access_frame(summary.columns, summary.findings)
    if access.empty:
        st.success("No personal data and no protected attribute detected in this dataset.")
    else:
        show_table(access, width="stretch", hide_index=True,
                     column_config={"action": st.column_config.TextColumn(width="large")})
    st.markdown("##### How the datasets link")
    links = state.relationships()
    if len(loaded) < 2:
        st.caption("Load two or more datasets to see which keys link them.")
    else:
        st.altair_chart(charts.join_graph_chart(list(loaded), links), width="stretch")
        if links:
            show_table(relationships_frame(links), width="stretch", hide_index=True,
                         column_config={"rows matched": st.column_config.NumberColumn(format="percent"),
                                        "keys covered": st.column_config.NumberColumn(format="percent")})
        else:
            st.warning("No key links any of the loaded datasets.")

# ---------------------------------------------------------------- columns
with columns_tab:
    overview = columns_frame(summary.columns, summary.findings)
    f1, f2 = st.columns([2, 3])
    search = f1.text_input("Find a column", key="q_overview_search", placeholder="part of a name")
    kinds = f2.multiselect("Type", sorted(overview["type"].unique()), key="q_overview_types")
    shown = filter_columns(overview, search, kinds)
    st.caption(f"{len(shown)} of {len(overview)} columns; click a header to sort.")
    show_table(shown, width="stretch", hide_index=True, key="overview_grid",
               column_config={"missing": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent"),
                              "distribution": st.column_config.BarChartColumn(
                                  help="The histogram of a number, or the counts of the most frequent values"),
                              "findings": st.column_config.NumberColumn(help="Open findings on this column")})
    st.altair_chart(charts.missingness_chart(summary.columns), width="stretch")
    st.markdown("**Columns that go together**")
    dataset = loaded[name]
    pairs = state.associations(name)
    if pairs:
        st.caption(f"Pearson's r for two numbers, Cramér's V for two categories, the correlation ratio η for one of "
                   f"each, on a random sample of up to 5,000 of the {len(dataset.frame):,} rows.")
        association = charts.association_chart(pairs)
        if association is not None:
            st.altair_chart(association, width="stretch")
        show_table(associations_frame(pairs), width="stretch", hide_index=True,
                   column_config={"value": st.column_config.NumberColumn(format="%.2f")})
    else:
        st.caption("Fewer than two columns of numbers or categories: no pairs to compare.")
    picked = st.selectbox("Column detail", [c.name for c in summary.columns], key="q_column")
    profile = next(c for c in summary.columns if c.name == picked)
    left, right = st.columns([2, 3])
    with left:
        show_table(column_facts(profile), width="stretch", hide_index=True)
        for note in profile.notes:
            st.caption(escape_markdown(note))
    with right:
        chart = charts.column_distribution_chart(profile)
        if chart is not None:
            st.altair_chart(chart, width="stretch")
        else:
            st.caption("No chart for this column.")
    column_findings = [f for f in summary.findings if f.column == picked]
    for finding in column_findings:
        st.markdown(f"- **{finding.severity}** {escape_markdown(finding.message)}  \n  _{escape_markdown(finding.fix)}_")

# ---------------------------------------------------------------- fix & export
with fix_tab:
    dataset = loaded[name]
    st.write("The mechanical fixes of the open findings: choose them, apply them to this dataset (every page then "
             "reads the cleaned table), and take the cleaned table and the pandas code that makes it.")
    fixes = available_fixes(summary)
    if dataset.info.sample_rows:
        st.info(f"This table was read where it lives ({escape_markdown(dataset.info.engine)}): fixes applied here "
                f"change its sample of {dataset.info.sample_rows:,} rows, and the file to download is that sample. "
                f"For the table of {dataset.info.rows:,} rows, run the downloaded code where it lives.",
                icon=":material/database:")
    if dataset.info.applied_fixes:
        st.markdown("**Applied so far**")
        for done in dataset.info.applied_fixes:
            st.markdown(f"- {escape_markdown(done)}")
    if not fixes:
        st.caption("No open finding has a mechanical fix.")
    else:
        by_id = {f.id: f for f in fixes}
        chosen_ids = st.multiselect("Fixes", list(by_id), format_func=lambda i: by_id[i].text,
                                    key=f"fixes::{name}::{dataset.info.content_hash}",
                                    placeholder="Choose the fixes to apply")
        chosen = [by_id[i] for i in chosen_ids]
        if chosen:
            code = fixes_code(chosen, name)
            left, right = st.columns(2)
            if left.button("Apply to this dataset", type="primary", key="apply_fixes"):
                state.apply_fixes(name, chosen)
                st.rerun()
            right.download_button("Download the code (.py)", code, file_name=f"clean_{safe_file_stem(name)}.py",
                                  mime="text/x-python", key="download_fix_code")
            with st.expander("The code"):
                st.code(code, language="python")
    st.markdown("**The table as it is now**")
    left, right = st.columns(2)
    left.download_button("Download CSV", export_data(dataset.frame, frame_to_csv),
                         file_name=f"{safe_file_stem(name)}.csv", mime="text/csv", key="download_clean_csv")
    right.download_button("Download Parquet", export_data(dataset.frame, frame_to_parquet),
                          file_name=f"{safe_file_stem(name)}.parquet", mime="application/vnd.apache.parquet",
                          key="download_clean_parquet")

# ---------------------------------------------------------------- deep profile
with deep_tab:
    dataset = loaded[name]
    key = f"deep::{name}::{dataset.info.content_hash}"
    rows = len(dataset.frame)
    st.write("ydata-profiling's full report: every column in depth, correlations and interactions. It runs in a "
             "separate process, with a time limit and a memory limit.")
    notes = []
    if rows > DEEP_PROFILE_MAX_ROWS:
        notes.append(f"a random sample of {DEEP_PROFILE_MAX_ROWS:,} of {rows:,} rows is profiled")
    if rows >= MINIMAL_FROM_ROWS:
        notes.append("minimal mode (large data)")
    sensitive = masked_columns(summary.columns)
    if sensitive:
        notes.append(f"values of {len(sensitive)} column(s) not known to be safe are masked")
    if notes:
        st.caption("For this dataset: " + "; ".join(notes) + ". No sample rows are shown.")
    outcome = jobs.outcomes().get(key)
    if jobs.running(key):
        jobs.progress_panel(key, "Deep profile")
    elif outcome is not None and outcome.ok:
        profile_html = outcome.value.html
        st.download_button("Download the deep profile (HTML)", profile_html.encode("utf-8"),
                           file_name=f"{name}-deep-profile.html", mime="text/html", icon=":material/download:")
        show_document(profile_html)
    else:
        if outcome is not None and outcome.status != "cancelled":
            st.error(f"The deep profile could not be built: {escape_markdown(outcome.message)}")
        elif outcome is not None:
            st.info("The deep profile was cancelled.")
        if st.button("Build the deep profile", icon=":material/query_stats:"):
            jobs.start(key, build_deep_profile, dataset.frame, name, sensitive_columns=sensitive,
                       time_limit_s=600)
            st.rerun()

# ---------------------------------------------------------------- settings
with settings_tab:
    st.write("Thresholds decide when a check fires. Change them here, or load and save an `mlscout.yaml` "
             "(the CLI reads the same file with `--config`).")
    t = current.thresholds
    with st.form("thresholds"):
        c1, c2, c3 = st.columns(3)
        values = {
            "missing_warning": c1.number_input("Missing share: warning", 0.0, 1.0, t.missing_warning, 0.01),
            "missing_critical": c1.number_input("Missing share: critical", 0.0, 1.0, t.missing_critical, 0.05),
            "stale_days": c2.number_input("Stale after (days)", 1, 100_000, t.stale_days, 30,
                                          help="Your freshness requirement; empty: none (the period covered is noted)"),
            "outlier_share_warning": c2.number_input("Outlier share: warning", 0.0, 1.0, t.outlier_share_warning,
                                                     0.005),
            "correlation_warning": c3.number_input("Correlation to report |r|", 0.5, 1.0, t.correlation_warning,
                                                   0.01),
            "imbalance_minority_share": c3.number_input("Minority class share: warning", 0.01, 0.49,
                                                        t.imbalance_minority_share, 0.01),
        }
        if st.form_submit_button("Apply thresholds"):
            try:
                new_thresholds = t.model_validate({**t.model_dump(), **values})
            except ValueError as exc:
                st.error(escape_markdown(str(exc).splitlines()[0]))
            else:
                state.set_settings(current.model_copy(update={"thresholds": new_thresholds}))
                st.rerun()
    with st.form("override"):
        st.markdown("**Type override**: tell ML Scout what a column holds when the inferred type is wrong.")
        o1, o2 = st.columns(2)
        override_column = o1.selectbox("Column", [c.name for c in summary.columns])
        override_type = o2.selectbox("Semantic type", SEMANTIC_TYPES)
        if st.form_submit_button("Set type"):
            overrides = {k: dict(v) for k, v in current.type_overrides.items()}
            overrides.setdefault(name, {})[override_column] = override_type
            state.set_settings(current.model_copy(update={"type_overrides": overrides}))
            st.rerun()
    st.download_button("Save mlscout.yaml", settings_to_yaml(current).encode("utf-8"), file_name="mlscout.yaml",
                       mime="application/x-yaml", icon=":material/save:")
    uploaded = st.file_uploader("Load an mlscout.yaml", type=["yaml", "yml"], key="settings_upload")
    if uploaded is not None and st.session_state.get("settings_upload_applied") != uploaded.file_id:
        st.session_state["settings_upload_applied"] = uploaded.file_id
        try:
            state.set_settings(settings_from_yaml(uploaded.getvalue().decode("utf-8", errors="replace"),
                                                  uploaded.name))
            st.success(f"Settings loaded from {escape_markdown(uploaded.name)}.")
        except SettingsError as exc:
            st.error(escape_markdown(str(exc)))
    with st.expander(f"The {len(CHECKS) - 1} checks and their severity rules"):
        show_table(checks_frame(), width="stretch", hide_index=True)
