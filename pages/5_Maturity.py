"""Maturity: rate MLOps maturity on five factors, with evidence from the data, and track it over time."""

import streamlit as st

from mlscout import charts
from mlscout.maturity.model import (
    MaturityAnswers,
    evidence_from,
    load_questionnaire,
    score_maturity,
)
from mlscout.store import StoreError, history_frame, list_saved, maturity_history, save
from mlscout.text import escape_markdown
from mlscout.ui import state
from mlscout.ui.html import show_store_error, show_table

state.enter_page()
st.title("Maturity")
st.write("How ready is the organisation to build and run ML? Answer what you know: unanswered questions are left "
         "out of the score, not counted as zero. Where the assessed data speaks (personal data with no action, "
         "critical quality defects, datasets that link to nothing) it pre-fills or caps an answer; you can set "
         "that evidence aside.")

questionnaire = load_questionnaire()
answers = state.maturity_answers()
labels = {None: "not answered"}

tabs = st.tabs([factor.name for factor in questionnaire.factors])
new_answers = dict(answers.answers)
for tab, factor in zip(tabs, questionnaire.factors, strict=True):
    with tab:
        st.caption(escape_markdown(factor.description))
        for question in factor.questions:
            options = [None] + [o.level for o in question.options]
            current = answers.answers.get(question.id)
            choice = st.radio(question.text, options, index=options.index(current) if current in options else 0,
                              key=f"maturity::{question.id}",
                              format_func=lambda level, q=question: "not answered" if level is None
                              else f"{level} — {q.option(level).practice}")
            new_answers[question.id] = choice

analyses = state.all_analyses()
evidence = evidence_from(analyses)
ignored = set(answers.ignored_evidence)
if evidence:
    st.subheader("Evidence from the assessed data")
    for item in evidence:
        question = questionnaire.questions()[item.question_id][1]
        keep = st.checkbox(f"{'Caps' if item.effect == 'cap' else 'Suggests'} “{question.text}” at level "
                           f"{item.level}: {item.reason}", value=item.question_id not in ignored,
                           key=f"evidence::{item.question_id}")
        if keep:
            ignored.discard(item.question_id)
        else:
            ignored.add(item.question_id)
updated = MaturityAnswers(answers=new_answers, ignored_evidence=tuple(sorted(ignored)))
if updated != answers:
    state.set_maturity_answers(updated)
maturity = score_maturity(updated, evidence)

st.subheader("Result")
a, b, c = st.columns(3)
a.metric("Overall level (0-4)", "—" if maturity.level is None else str(maturity.level))
b.metric("Weakest factor", maturity.weakest_factor or "—")
c.metric("Coverage", f"{maturity.coverage:.0%}", help="Share of the questions answered, by you or the evidence.")
if maturity.level is not None:
    st.altair_chart(charts.maturity_chart(maturity), width="stretch")
    st.markdown("**Next steps**")
    for item in maturity.recommendations:
        st.markdown(f"- *{item.factor}* (level {item.current_level}): {escape_markdown(item.action)}")

st.subheader("Save and track over time")
project = state.project_input("maturity_project")
if st.button("Save this assessment", icon=":material/save:"):
    try:
        saved_id = save(state.current_assessment(), project, state.workspace())
        st.success(f"Saved as #{saved_id} in project {escape_markdown(project)}.")
    except StoreError as exc:
        show_store_error(exc, "maturity_1")
if project.strip():
    try:
        history = list_saved(project.strip(), state.workspace())
    except StoreError as exc:
        show_store_error(exc, "maturity_2")
        history = []
    if history:
        try:
            points = maturity_history(project.strip(), workspace=state.workspace())
        except StoreError as exc:
            show_store_error(exc, "maturity_points")
            points = []
        show_table(history_frame(history), width="stretch", hide_index=True)
        if points:
            st.altair_chart(charts.maturity_history_chart(points), width="stretch")
    else:
        st.caption("No saved assessment in this project yet.")
