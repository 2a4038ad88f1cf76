"""Escaping of text that comes from data (file names, column names, values) before it is rendered.

Everything that renders user-derived text goes through this module: Markdown for Streamlit widgets, HTML for the
reports, and the policy that keeps HTML documents built by third-party renderers (ydata-profiling) inert.
"""

from __future__ import annotations

import functools
import html
import re

__all__ = ["CONTENT_SECURITY_POLICY", "escape_html", "escape_markdown", "mask", "name_tokens", "sandboxed_iframe",
           "with_content_security_policy"]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that format,
# link, open raw HTML, or trigger Streamlit's extensions (":color[...]", "$math$").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")

# What an HTML document we write may do: run its own inline scripts and styles (ydata-profiling's tabs), show
# inline images and fonts, and nothing else: no request to any host, no form, no plugin, no <base> rewrite.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
                           "base-uri 'none'; object-src 'none'")
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


def name_tokens(name: object) -> list[str]:
    """The words of a column name, lower case, in order: 'JobRole' -> ['job', 'role'], 'PoolQC_area' ->
    ['pool', 'qc', 'area'] (camel case splits only where a lower-case letter meets an upper-case one)."""
    return list(_name_tokens(str(name)))


@functools.lru_cache(maxsize=65_536)
def _name_tokens(name: str) -> tuple[str, ...]:
    # cached: the ranking asks for every column's words once per catalogue entry (500,000 calls on 10,000 columns)
    spaced = _CAMEL_BOUNDARY.sub(r"\1 \2", name)
    return tuple(t for t in _WORD_SEPARATOR.split(spaced.lower()) if t)


_CAMEL_BOUNDARY = re.compile(r"([a-z])([A-Z])")
_WORD_SEPARATOR = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def word_stem(word: str) -> str:
    """The English stem of a word ('claims' and 'claim', 'responded' and 'respond', 'duration' and 'durat').
    Short stems are not used: 'rating' and 'rate' share the stem 'rate' and mean different things."""
    if len(word) < 5 or not word.isalpha() or word.endswith(("ible", "able")):
        return word  # 'convertible' is a kind of car, not a conversion: an adjective keeps its own meaning
    stem = _stemmer().stemWord(word)
    return stem if len(stem) >= 5 else word


def name_words(name: object) -> set[str]:
    """A name's words and their stems: 'claims_paid' holds 'claim' and 'paid'; 'workclass' holds no 'class'."""
    words = name_tokens(name)
    return set(words) | {word_stem(w) for w in words}


def visible_controls(text: object) -> str:
    """Control characters, bidi overrides and zero-width characters (Unicode categories Cc and Cf) shown as
    ``\\uXXXX``: a name with U+202E cannot read backwards on screen, nor a zero-width space hide a difference.
    Line breaks and tabs stay as they are."""
    import unicodedata

    return "".join(f"\\u{ord(ch):04x}" if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cf") else ch
                   for ch in str(text))


# What Streamlit's Markdown turns into a link even when every special character is escaped: web addresses and
# e-mail addresses. Such a part is written as inline code, which is shown as it is and never becomes a link.
_LINK_LIKE = re.compile(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)\S*|[^\s@`]+@[^\s@`]+\.[^\s@`]+")


def _code_span(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"


def escape_markdown(text: object) -> str:
    """Render `text` literally in Markdown (and Streamlit's markdown widgets), invisible characters made
    visible and web or e-mail addresses shown as inline code, so that no link renders from data."""
    visible = visible_controls(text).replace("\n", " ")
    out, start = [], 0
    for match in _LINK_LIKE.finditer(visible):
        out += [_MARKDOWN_SPECIAL.sub(r"\\\1", visible[start:match.start()]), _code_span(match.group())]
        start = match.end()
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", visible[start:]))
    return "".join(out)


def escape_html(text: object) -> str:
    """Render `text` literally in HTML, quotes included, invisible characters made visible.

    Backslashes become ``&#92;`` too, so the result is also inert where a renderer placed it inside a script's
    string literal (it cannot end the literal early).
    """
    return html.escape(visible_controls(text), quote=True).replace("\\", "&#92;")


def with_content_security_policy(document: str) -> str:
    """`document` with :data:`CONTENT_SECURITY_POLICY` as the first element of its head.

    A browser applies a policy given in a ``<meta>`` only to what follows it, so it goes first (after the opening
    ``<head>``, or after ``<html>`` or the doctype in minified documents that leave the head implicit).
    """
    for opening in (r"<head(\s[^>]*)?>", r"<html(\s[^>]*)?>", r"<!doctype[^>]*>"):
        match = re.search(opening, document, flags=re.IGNORECASE)
        if match is not None:
            return document[:match.end()] + _CSP_META + document[match.end():]
    return _CSP_META + document


def sandboxed_iframe(document: str, height: int) -> str:
    """HTML that shows `document` in an iframe sandboxed without same-origin, under the content policy.

    The frame's scripts run with an opaque origin: they cannot read or change the page around them, read its
    cookies or storage, or open a window on it; the policy stops every network request.
    """
    body = escape_html(with_content_security_policy(document))
    return (f'<iframe sandbox="allow-scripts" referrerpolicy="no-referrer" srcdoc="{body}" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe>')


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


# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"); tab and carriage return too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?$")


def spreadsheet_safe_text(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe so it stays text; numbers
    written as text ('-12.5') and everything that is not text are returned as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and len(value.strip()) > 1 \
            and not _PLAIN_NUMBER.match(value.strip()):
        return "'" + value
    return value


def _map_text(frame, change):  # noqa: ANN001, ANN202 - pandas is imported by the caller, not here
    """A copy of `frame` with `change` applied to every text cell and text column name."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str", "category"):
            out[column] = out[column].astype(object).map(lambda v: change(v) if isinstance(v, str) else v)
    out.columns = [change(c) if isinstance(c, str) else c for c in out.columns]
    return out


def shown_table(frame):  # noqa: ANN001, ANN201 - pandas is imported by the caller, not here
    """A copy of a table made safe to show: invisible characters (bidi overrides, zero-width spaces) in its text
    cells and names written as \\uXXXX, and cells that a spreadsheet would run as formulas neutralised (see
    `spreadsheet_safe`), since Streamlit's 'Download as CSV' of a shown table cannot be turned off."""
    return _map_text(frame, lambda text: spreadsheet_safe_text(visible_controls(text)))


def spreadsheet_safe(frame):  # noqa: ANN001, ANN201 - pandas is imported by the caller, not here
    """A copy of a table whose text cells and column names cannot run as formulas when the table is downloaded
    as CSV (Streamlit's table download, or any export) and opened in a spreadsheet."""
    return _map_text(frame, spreadsheet_safe_text)


def human_duration(seconds: float) -> str:
    """A time step in the largest whole unit: 86,400 s is '1 day', 3,600 s '1 hour'."""
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds:g} seconds"


def human_number(value: float | None) -> str:
    """A number as people write it: 178,100 (not 1.781e+05), 3.5, 0.00042; '-' for none."""
    if value is None:
        return "-"
    magnitude = abs(value)
    if magnitude >= 1000 or (magnitude >= 1 and float(value).is_integer()):
        return f"{value:,.0f}" if magnitude < 1e15 else f"{value:.3g}"
    if magnitude >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if magnitude == 0:
        return "0"
    return f"{value:.3g}" if magnitude >= 1e-4 else f"{value:.2e}"
