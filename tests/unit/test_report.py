"""The report: self-contained HTML with data text escaped, a PDF whose text holds the headings (non-Latin-1 too),
Markdown that stays plain, JSON that validates."""

from __future__ import annotations

import io
import json
import re

import jsonschema
import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from mlscout.pipeline import assess
from mlscout.report.document import build_document
from mlscout.report.pdf import render_pdf
from mlscout.report.render import render_html, render_json, render_markdown

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'
CYRILLIC = "Город_клиента"


@pytest.fixture(scope="module")
def hostile_assessment():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        SCRIPT: [None] * 90 + list(rng.normal(size=210)),  # 30% missing: a finding names the column
        FORMULA: [None] * 200 + ["x"] * 100,  # 67% missing: a finding that names the column
        CYRILLIC: [None] * 120 + list(rng.choice(["Москва", "Αθήνα"], 180)),
        "email": [f"claire.dupont{i}@example.org" for i in range(300)],
        "churn": rng.choice(["yes", "no"], 300),
        "tenure": rng.integers(1, 60, 300),
        "plan": rng.choice(["basic", "plus"], 300),
        "monthly_charge": rng.uniform(10, 90, 300),
        "customer_service_calls": rng.integers(0, 6, 300),
    })
    return assess([("customers.csv", frame.to_csv(index=False).encode())], baselines=1, budget_s=10)


def resources(html: str) -> list[str]:
    return re.findall(r"(?:src|href)\s*=\s*[\"']?https?:|url\(\s*[\"']?https?:|@import|cdn\.", html, re.I)


def test_html_is_self_contained_and_escapes_data(hostile_assessment):
    html = render_html(hostile_assessment)
    assert resources(html) == []
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html or "=HYPERLINK(&quot;http://x&quot;)" in html
    assert "<svg" in html  # charts inline
    assert "claire.dupont" not in html
    for heading in ("Executive summary", "Dataset: customers", "Access and privacy", "Opportunities",
                    "Baseline models", "Appendix: every finding"):
        assert heading in html
    assert len(html) < 2_000_000


def test_section_order_puts_the_executive_summary_first(hostile_assessment):
    titles = [s.title for s in build_document(hostile_assessment).sections]
    assert titles[0] == "Executive summary" and titles[-1] == "Appendix: every finding"


def test_pdf_opens_and_holds_the_headings_and_non_latin1_text(hostile_assessment):
    reader = PdfReader(io.BytesIO(render_pdf(hostile_assessment)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    for heading in ("ML readiness report", "Executive summary", "Dataset: customers", "Appendix: every finding"):
        assert heading in text
    assert CYRILLIC in text.replace("\n", "")
    assert "claire.dupont" not in text


def test_markdown_keeps_data_text_plain(hostile_assessment):
    markdown = render_markdown(hostile_assessment)
    assert SCRIPT not in markdown and "\\<script\\>" in markdown
    assert "http://x" not in markdown  # no bare autolink from data
    assert "## Executive summary" in markdown and "claire.dupont" not in markdown


def test_json_validates_against_the_schema(hostile_assessment, repo):
    schema = json.loads((repo / "docs" / "assessment.schema.json").read_text())
    jsonschema.validate(json.loads(render_json(hostile_assessment)), schema)


def test_pdf_tables_wrap_between_words_never_inside_one():
    """Seen in a PDF report: 'Sever ity', 'warni ng', 'credit_applicatio ns'. Every word of every table cell the
    PDF shows must come out of it whole."""
    from tests.conftest import SAMPLE_DIR

    assessment = assess(sorted(SAMPLE_DIR.glob("*.csv")))
    document = build_document(assessment)
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    words = set()
    for section in document.sections:
        for block in section.blocks:
            if block.kind != "table":
                continue
            for cell in [*block.columns, *(v for row in block.rows[:200] for v in row)]:
                words |= {w for w in re.findall(r"[A-Za-z_]{6,}", str(cell)[:560])}
    assert len(words) > 50
    broken = sorted(w for w in words if w not in text)
    assert not broken, broken[:20]
