"""Show a whole HTML document (a report, a deep profile) inside a page, isolated from the app."""

from __future__ import annotations

import streamlit.components.v1 as components

from mlscout.text import sandboxed_iframe


def show_document(document: str, height: int = 900) -> None:
    """Show `document` in a frame that cannot read or change the app and cannot reach the network.

    Streamlit's own component frame shares the app's origin, so the document goes one frame deeper, sandboxed
    without same-origin and under ML Scout's content policy (see `mlscout.text.sandboxed_iframe`).
    """
    components.html(sandboxed_iframe(document, height - 10), height=height, scrolling=False)
