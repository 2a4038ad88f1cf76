"""Report: the readiness report to download (HTML, PDF, Markdown, JSON), saving, and the saved history."""

import streamlit as st

from mlscout.store import StoreError, history_frame, list_saved, load, save
from mlscout.text import escape_markdown
from mlscout.ui import jobs, state
from mlscout.ui.html import show_document, show_store_error, show_table

state.enter_page()
st.title("Report")
st.write("One self-contained report: an executive brief on top, an engineer's checklist below. It opens offline, "
         "holds no raw rows, and masks the values of every column not known to be safe (personal data, identifiers, "
         "free text, large categories).")


def downloads(assessment, stem: str, deep_profiles: dict[str, str] | None = None, key: str = "") -> None:
    html_col, pdf_col, md_col, json_col = st.columns(4)
    html_col.download_button("HTML", state.rendered("html", assessment, deep_profiles).encode("utf-8"),
                             file_name=f"{stem}.html", mime="text/html", icon=":material/html:",
                             key=f"download_html{key}")
    with st.spinner("Preparing the PDF..."):
        pdf = state.rendered("pdf", assessment)
    pdf_col.download_button("PDF", pdf, file_name=f"{stem}.pdf", mime="application/pdf",
                            icon=":material/picture_as_pdf:", key=f"download_pdf{key}")
    md_col.download_button("Markdown", state.rendered("md", assessment).encode("utf-8"), file_name=f"{stem}.md",
                           mime="text/markdown", icon=":material/markdown:", key=f"download_md{key}")
    json_col.download_button("JSON", state.rendered("json", assessment).encode("utf-8"), file_name=f"{stem}.json",
                             mime="application/json", icon=":material/data_object:", key=f"download_json{key}")


current_tab, history_tab = st.tabs(["This session", "Saved assessments"])

with current_tab:
    if not state.datasets():
        st.info("Load a dataset on the Data page first; the report covers every loaded dataset.")
    else:
        assessment = state.current_assessment()
        for error in assessment.errors:
            where = f" ({escape_markdown(error.dataset)})" if error.dataset else ""
            st.warning(f"{escape_markdown(error.stage)}{where} failed and was skipped: "
                       f"{escape_markdown(error.message)}")
        deep = {key.split("::")[1]: outcome.value.html for key, outcome in jobs.outcomes().items()
                if key.startswith("deep::") and outcome.ok}
        attach = st.checkbox(f"Attach the deep profiles built in this session ({len(deep)})", value=False,
                             disabled=not deep) if deep else False
        downloads(assessment, "ml-readiness-report", deep if attach else None)
        project = state.project_input("report_project")
        if st.button("Save this assessment", icon=":material/save:"):
            try:
                saved_id = save(assessment, project, state.workspace())
                st.success(f"Saved as #{saved_id} in project {escape_markdown(project)}.")
            except StoreError as exc:
                show_store_error(exc, "report_1")
        show_document(state.rendered("html", assessment))

with history_tab:
    project = state.project()
    if not project.strip():
        st.info("Enter a project name (above, or on the Maturity page) to see its saved assessments.")
    else:
        try:
            saved = list_saved(project.strip(), state.workspace())
        except StoreError as exc:
            show_store_error(exc, "report_2")
            saved = []
        if not saved:
            st.caption(f"No saved assessment in project {escape_markdown(project)} yet.")
        else:
            show_table(history_frame(saved), width="stretch", hide_index=True)
            chosen = st.selectbox("Open a saved assessment (read-only)", [row.id for row in reversed(saved)],
                                  format_func=lambda i: f"#{i}", key="history_choice")
            try:
                opened = load(chosen, project.strip(), state.workspace())
            except StoreError as exc:
                show_store_error(exc, "report_open")
            else:
                downloads(opened, f"ml-readiness-report-{chosen}", key=f"_saved_{chosen}")
                show_document(state.rendered("html", opened))
