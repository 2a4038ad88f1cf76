"""Data: upload files or load the sample data, then check how each dataset was read."""

import streamlit as st

from mlscout.profiling.columns import columns_frame
from mlscout.profiling.privacy import masked_columns
from mlscout.samples import sample_paths
from mlscout.text import escape_markdown
from mlscout.ui import state
from mlscout.ui.html import show_table

state.enter_page()
st.title("Data")
st.write("Upload the tables you would use for machine learning: CSV, TSV, Excel, Parquet or JSON, "
         "also inside .gz or .zip. Nothing leaves this machine.")

upload_col, sample_col = st.columns([3, 1])
with upload_col:
    uploads = st.file_uploader("Upload datasets", accept_multiple_files=True, key=state.uploader_key())
with sample_col:
    st.write("No data at hand?")
    load_sample = st.button("Load sample data", icon=":material/dataset:", disabled=not sample_paths(),
                            help="Four small public datasets: telecom churn, credit applications, "
                                 "bank call volumes, food deliveries.")

if uploads:
    with st.spinner(f"Reading {len(uploads)} file(s)..."):
        state.add_files(uploads)
    state.reset_uploader()  # drop the uploaded bytes: the parsed frames are all we keep
    st.rerun()
if load_sample:
    with st.spinner("Loading the sample data..."):
        state.add_files(sample_paths())
    st.rerun()

state.show_messages()

loaded = state.datasets()
if not loaded:
    st.info("No dataset loaded yet.")
    st.stop()

st.subheader(f"{len(loaded)} dataset(s) loaded")
for name, dataset in loaded.items():
    info = dataset.info
    frame = dataset.frame
    with st.expander(f"{escape_markdown(name)} — {frame.shape[0]:,} rows x {frame.shape[1]} columns",
                     expanded=len(loaded) == 1):
        facts = [f"file **{escape_markdown(info.file_name)}**", f"format {info.format}"]
        if info.encoding:
            facts.append(f"encoding {info.encoding}")
        if info.delimiter:
            facts.append(f"delimiter `{info.delimiter!r}`")
        if info.sheet:
            facts.append(f"sheet {escape_markdown(info.sheet)}")
        if info.compression:
            facts.append(f"from a {info.compression} archive")
        facts_col, remove_col = st.columns([5, 1])
        facts_col.markdown(" · ".join(facts))
        if remove_col.button("Remove", key=f"remove_main::{name}", icon=":material/delete:"):
            state.remove_dataset(name)
            st.rerun()
        for note in info.load_notes:
            st.caption(f":material/info: {escape_markdown(note)}")
        state.target_selector(name, place="data_page")  # the same setting as the sidebar's
        preview_tab, types_tab = st.tabs(["Preview", "Columns"])
        summary = state.analysis(name)
        with preview_tab:
            show_table(state.preview(name), width="stretch", hide_index=True)
            masked = masked_columns(summary.columns)
            if masked:
                st.caption(f":material/lock: Values of {len(masked)} column(s) not known to be safe (personal data, "
                           f"identifiers, free text, large categories) are masked: "
                           f"{escape_markdown(', '.join(masked))}.")
        with types_tab:
            show_table(columns_frame(summary.columns), width="stretch", hide_index=True)
