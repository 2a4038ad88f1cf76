"""Show a whole HTML document (a report, a deep profile) inside a page, isolated from the app."""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from mlscout.text import sandboxed_iframe


def show_document(document: str, height: int = 900) -> None:
    """Show `document` in a frame that cannot read or change the app and cannot reach the network.

    Streamlit's own component frame shares the app's origin, so the document goes one frame deeper, sandboxed
    without same-origin and under ML Scout's content policy (see `mlscout.text.sandboxed_iframe`).
    """
    components.html(sandboxed_iframe(document, height - 10), height=height, scrolling=False)


def show_store_error(exc: Exception, key: str) -> None:
    """A history fault as one message without server paths; for a damaged file, a button that sets it aside and
    starts a fresh history."""
    from mlscout.store import set_aside
    from mlscout.text import escape_markdown

    st.error(escape_markdown(getattr(exc, "public", str(exc))))
    if getattr(exc, "damaged", False):
        # a callback, not `if st.button(...)`: this button often sits under another button's branch (Save), which
        # is gone on the rerun its click starts
        st.button("Start a fresh history (the damaged file is kept aside)", key=f"start_fresh_{key}",
                  on_click=set_aside, args=(getattr(exc, "path", None),))


def show_table(frame: Any, **kwargs: Any) -> Any:
    """`st.dataframe` for tables that hold data from the user's files: invisible characters are made visible and
    formula-like cells neutralised first (`mlscout.text.shown_table`)."""
    from mlscout.text import shown_table

    return st.dataframe(shown_table(frame), **kwargs)
