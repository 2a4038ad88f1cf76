"""Escaping of text that comes from data (file names, column names, values) before it is rendered."""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown"]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that format,
# link, open raw HTML, or trigger Streamlit's extensions (":color[...]", "$math$").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")


def escape_markdown(text: object) -> str:
    """Render `text` literally in Markdown (and Streamlit's markdown widgets)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def escape_html(text: object) -> str:
    """Render `text` literally in HTML, quotes included."""
    return html.escape(str(text), quote=True)
