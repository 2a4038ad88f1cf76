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

with st.expander("Connect to data where it lives", icon=":material/database:"):
    st.caption("A Parquet or CSV file, glob or folder on this server, read by DuckDB without loading it, or a "
               "database URL such as postgresql://analyst@db.internal/sales with a table or a SELECT query. "
               "Only aggregates and a sample of rows come into the app; a password typed here opens this "
               "connection and is kept nowhere.")
    with st.form("connect", clear_on_submit=True, border=False):
        spec = st.text_input("Path or URL", placeholder="/data/lake/orders/  or  postgresql://user@host/db",
                             key="connect_spec")
        table_col, password_col = st.columns(2)
        table = table_col.text_input("Table (database)", placeholder="public.orders", key="connect_table")
        password = password_col.text_input("Password, if the URL has none", type="password",
                                           key="connect_password")
        query = st.text_area("Or a SELECT query (database)", height=68, key="connect_query")
        connect = st.form_submit_button("Connect", icon=":material/link:", key="connect_submit")

if connect:
    with st.spinner("Reading the table where it lives..."):
        state.connect(spec, table=table, query=query, password=password)
    st.session_state.pop("connect_password", None)  # used once: the form is cleared, the session keeps nothing
    st.rerun()
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
    with st.expander(f"{escape_markdown(name)} — {info.rows:,} rows x {frame.shape[1]} columns",
                     expanded=len(loaded) == 1):
        facts = [f"file **{escape_markdown(info.file_name)}**", f"format {info.format}"] if info.engine == "pandas" \
            else [f"read where it lives from **{escape_markdown(info.file_name)}** by {info.engine}"]
        if info.sample_rows:
            facts.append(f"a sample of {info.sample_rows:,} rows for the checks that read rows")
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
