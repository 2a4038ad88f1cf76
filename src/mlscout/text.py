"""Escaping of text that comes from data (file names, column names, values) before it is rendered."""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown", "mask"]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that format,
# link, open raw HTML, or trigger Streamlit's extensions (":color[...]", "$math$").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")


def escape_markdown(text: object) -> str:
    """Render `text` literally in Markdown (and Streamlit's markdown widgets)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def escape_html(text: object) -> str:
    """Render `text` literally in HTML, quotes included."""
    return html.escape(str(text), quote=True)


def mask(value: object) -> str:
    """Mask a raw personal value, keeping only its shape: "j***@g***.com", "C******t".

    The one masking function behind every output (pages, JSON, reports, finding messages and evidence).
    """
    text = str(value)
    if "@" in text:
        local, _, domain = text.partition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{local[:1]}***@{host[:1]}***{dot}{tld}" if dot else f"{local[:1]}***@***"
    if len(text) <= 2:
        return "*" * len(text)
    return text[:1] + "*" * (min(len(text), 12) - 2) + text[-1:]
