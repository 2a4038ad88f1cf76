"""ML Scout web app: page config, navigation and the sidebar listing the loaded datasets."""

from pathlib import Path

import streamlit as st

from mlscout.text import escape_markdown
from mlscout.ui import state

# An emoji icon: a ":material/...:" page icon is fetched from a font CDN, and no request may leave the server.
st.set_page_config(page_title="ML Scout", page_icon="🧭", layout="wide")

HERE = Path(__file__).resolve().parent
PAGES = [  # (file, title, icon) in the order of the journey; a page appears once its file exists
    ("pages/1_Data.py", "Data", ":material/upload_file:"),
    ("pages/2_Quality.py", "Quality", ":material/fact_check:"),
    ("pages/3_Opportunities.py", "Opportunities", ":material/insights:"),
    ("pages/4_Baselines.py", "Baselines", ":material/model_training:"),
    ("pages/5_Maturity.py", "Maturity", ":material/stairs:"),
    ("pages/6_Report.py", "Report", ":material/summarize:"),
]

# With sign-in configured, nothing of the app (no page, no saved assessment) is reachable before signing in. The
# sign-in screen is a navigation of its own: without a call to st.navigation, Streamlit would list and serve the
# files of pages/ directly, past this gate.
workspace = state.workspace()
if workspace is None:
    # every page's address leads here too (instead of a "page not found" dialog)
    st.navigation([st.Page(state.sign_in_screen, title="Sign in", default=True)]
                  + [st.Page(state.sign_in_screen, title="Sign in", url_path=title) for _, title, _ in PAGES],
                  position="hidden").run()
    st.stop()

navigation = st.navigation([st.Page(file, title=title, icon=icon)
                            for file, title, icon in PAGES if (HERE / file).exists()])

with st.sidebar:
    st.markdown("### Loaded datasets")
    loaded = state.datasets()
    if not loaded:
        st.caption("None yet. Upload files or load the sample data on the Data page.")
    for name, dataset in list(loaded.items()):
        left, right = st.columns([4, 1], vertical_alignment="center")
        rows, cols = dataset.info.rows, dataset.frame.shape[1]  # a table read where it lives: all its rows
        where = "" if dataset.info.engine == "pandas" else f" · {dataset.info.engine}"
        left.markdown(f"**{escape_markdown(name)}**  \n{rows:,} rows x {cols} columns{where}")
        if right.button("", key=f"remove::{name}", icon=":material/delete:", help=f"Remove {name}"):
            state.remove_dataset(name)
            st.rerun()
        # the one target setting per dataset, on every page: it drives the checks, the ranking and the baselines
        state.target_selector(name)

    st.divider()
    if workspace.signed_in:
        st.caption(f"Signed in as {escape_markdown(workspace.label)}"
                   + (f" (team {escape_markdown(workspace.team)})" if workspace.team else ""))
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="sign_out")
    else:
        st.caption("Single-user mode on this computer: saves are kept on this machine. A shared deployment needs "
                   "sign-in (docs/operations.md).")

navigation.run()
