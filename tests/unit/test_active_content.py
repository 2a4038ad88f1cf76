"""No active content from data: column names reach third-party HTML as aliases, documents carry a strict policy."""

from __future__ import annotations

import re

import pandas as pd

from mlscout.profiling.deep import build_deep_profile
from mlscout.text import (
    CONTENT_SECURITY_POLICY,
    escape_html,
    sandboxed_iframe,
    with_content_security_policy,
)

PAYLOADS = ['<img src=x onerror="alert(1)">', "</script><script>alert(2)</script>", 'quote"\\', "<b>bold</b>"]


def _policy_position(document: str) -> int:
    return document.find('http-equiv="Content-Security-Policy"')


def test_policy_goes_before_any_other_element():
    for document, before in [("<!DOCTYPE html><html><head><title>t</title></head><body>x</body></html>", "<title>"),
                             ("<!doctype html><html lang=en><meta charset=utf-8><script>1</script>", "<script>"),
                             ("<p>fragment</p>", "<p>")]:
        secured = with_content_security_policy(document)
        assert 0 <= _policy_position(secured) < secured.find(before)
    assert "connect-src 'none'" in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY


def test_sandboxed_frame_has_no_same_origin_and_keeps_the_document_inert_in_its_attribute():
    frame = sandboxed_iframe('<p onclick="x()">"quoted" & <b>bold</b></p>', height=300)
    sandbox = re.search(r'sandbox="([^"]*)"', frame).group(1).split()
    assert sandbox == ["allow-scripts"]
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in srcdoc and '"' not in srcdoc
    assert "&lt;b&gt;bold&lt;/b&gt;" in srcdoc


def test_escape_html_cannot_end_a_script_string():
    assert escape_html('a\\"b</script>') == "a&#92;&quot;b&lt;/script&gt;"


def test_deep_profile_shows_hostile_names_as_text_only():
    frame = pd.DataFrame({name: range(i, i + 30) for i, name in enumerate(PAYLOADS)})
    profile = build_deep_profile(frame, '<img src=y onerror="alert(3)">', minimal=True)
    html = profile.html
    for raw in [*PAYLOADS, '<img src=y']:
        assert raw not in html
    for name in PAYLOADS:
        assert escape_html(name) in html
    assert "mlscoutalias" not in html
    assert 0 <= _policy_position(html) < html.find("<script")


def test_markdown_from_data_renders_no_link_even_a_bare_address():
    """Escaping `[`, `(` and `:` is not enough: Streamlit's Markdown turns bare web and e-mail addresses into
    links, so they are written as inline code (shown as they are, never a link)."""
    from mlscout.text import escape_markdown

    assert escape_markdown("see http://127.0.0.1:9/x now") == "see `http://127.0.0.1:9/x` now"
    assert escape_markdown("www.example.org") == "`www.example.org`"
    assert escape_markdown("write to bob@example.org") == "write to `bob@example.org`"
    assert escape_markdown("[sign in](https://evil.example/login)") == "\\[sign in\\]\\(`https://evil.example/login)`"
    # a backtick inside the address cannot close the code span early
    assert escape_markdown("http://a`b") == "``http://a`b``"
    assert escape_markdown("plain *text* v1.2") == "plain \\*text\\* v1\\.2"
