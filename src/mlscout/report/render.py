"""Render the report's sections to HTML (one self-contained file), Markdown and JSON.

HTML: inline CSS, charts from `charts.py` as inline SVG (vl-convert), nothing fetched from the network; every text
from the data is escaped by Jinja2's autoescaping. Markdown: data text escaped so a column named `[x](http://y)` or
`<script>` stays plain text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from mlscout import __version__
from mlscout.assessment import Assessment
from mlscout.report.document import Block, ReportDocument, build_document
from mlscout.text import escape_html, with_content_security_policy

__all__ = ["chart_png", "chart_svg", "render_html", "render_json", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_CHART_WIDTH = 640


def _markdown_text(value: Any) -> str:
    """Plain text in Markdown: no emphasis, link, image, HTML tag, table break or bare autolink from data."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("://", ":\\/\\/")
    text = re.sub(r"^(\d+)\.", r"\1\\.", text)  # "1." would start a list
    return re.sub(r"^([#+\-=>])", r"\\\1", text)


def _anchor(value: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", str(value).lower()).strip("-") or "section"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("mlscout.report", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = _markdown_text
    env.filters["anchor"] = _anchor
    return env


def _spec(block: Block) -> dict | None:
    if block.chart is None:
        return None
    chart = block.chart()
    spec = chart.to_dict()
    if spec.get("width") == "container" or "width" not in spec:
        spec["width"] = _CHART_WIDTH
    for layer in spec.get("layer", []):
        if layer.get("width") == "container":
            layer["width"] = _CHART_WIDTH
    return spec


def chart_svg(block: Block) -> str:
    """The chart as inline SVG, without namespace URLs (inline SVG in HTML needs none)."""
    import vl_convert as vlc

    spec = _spec(block)
    if spec is None:
        return ""
    svg = vlc.vegalite_to_svg(spec)
    svg = re.sub(r'\s+xmlns(:\w+)?="http[^"]*"', "", svg)
    return svg


def chart_png(block: Block, scale: float = 2.0) -> bytes | None:
    import vl_convert as vlc

    spec = _spec(block)
    return None if spec is None else vlc.vegalite_to_png(spec, scale=scale)


def render_html(source: Assessment | ReportDocument, deep_profiles: dict[str, str] | None = None) -> str:
    """One self-contained HTML file. `deep_profiles` ({dataset: ydata-profiling HTML}) are attached as links to
    embedded copies (data: URLs stay inside the file)."""
    doc = source if isinstance(source, ReportDocument) else build_document(source)
    html = _environment().get_template("report.html.j2").render(doc=doc, version=__version__, svg=chart_svg)
    if deep_profiles:
        import base64

        links = "".join(
            f'<li><a download="{escape_html(name)}-deep-profile.html" href="data:text/html;base64,'
            f'{base64.b64encode(with_content_security_policy(body).encode("utf-8")).decode("ascii")}">'
            f'{escape_html(name)}: deep profile</a></li>'
            for name, body in deep_profiles.items())
        html = html.replace("<footer>", f"<section id=\"deep-profiles\"><h2>Deep profiles</h2><ul>{links}</ul>"
                                        "</section>\n<footer>", 1)
    return with_content_security_policy(html)


def render_markdown(source: Assessment | ReportDocument) -> str:
    """Markdown for wikis and pull-request comments (charts are left out; the HTML and PDF carry them)."""
    doc = source if isinstance(source, ReportDocument) else build_document(source)
    md = _markdown_text
    out = [f"# {md(doc.title)}", "", f"_{md(doc.subtitle)}_"]
    for section in doc.sections:
        out += ["", f"{'##' if section.level == 1 else '###'} {md(section.title)}", ""]
        for block in section.blocks:
            if block.kind == "paragraph":
                out += [md(block.text), ""]
            elif block.kind == "note":
                out += [f"> {md(block.text)}", ""]
            elif block.kind == "bullets":
                out += [f"- {md(item)}" for item in block.items] + [""]
            elif block.kind == "metrics":
                out += [" · ".join(f"**{md(label)}**: {md(value)}" for label, value in block.metrics), ""]
            elif block.kind == "table":
                out.append("| " + " | ".join(md(c) for c in block.columns) + " |")
                out.append("|" + "---|" * len(block.columns))
                out += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in block.rows]
                out.append("")
    out += ["---", f"Generated by ML Scout {__version__}. Values of columns not known to be safe (personal "
                   "data, identifiers, free text, large categories) are masked; no raw rows are included.", ""]
    return "\n".join(out)


def render_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2) + "\n"
