"""The report's sections as a PDF, with fpdf2 (pure Python) and the DejaVu Sans font that matplotlib ships.

fpdf2's built-in fonts cover Latin-1 only; DejaVu Sans covers the accents, Greek, Cyrillic and symbols real data
holds. Text outside the embedded font (e.g. Japanese) is replaced by a visible placeholder rather than dropped
silently. Charts come from `charts.py` as PNG (vl-convert). The layout reads the sections directly, not HTML.
"""

from __future__ import annotations

import io
from pathlib import Path

from mlscout.assessment import Assessment
from mlscout.report.document import Block, ReportDocument, build_document
from mlscout.report.render import chart_png

__all__ = ["render_pdf"]

_PAGE_WIDTH = 180  # mm of usable width on A4 with 15 mm margins


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _covered(text: str, font_chars: set[int]) -> str:
    return "".join(ch if ord(ch) in font_chars or ch in "\n\t" else "?" for ch in str(text))


def render_pdf(source: Assessment | ReportDocument) -> bytes:
    """The report as PDF bytes."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = source if isinstance(source, ReportDocument) else build_document(source)
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    chars = set(pdf.fonts["dejavu"].cmap.keys()) if hasattr(pdf.fonts["dejavu"], "cmap") else set(range(0x2FFF))
    pdf.set_title(doc.title)
    pdf.set_creator("ML Scout")
    pdf.add_page()

    def text(value: str) -> str:
        return _covered(value, chars)

    pdf.set_font("DejaVu", "B", 20)
    pdf.multi_cell(_PAGE_WIDTH, 10, text(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "I", 9)
    pdf.set_text_color(90, 99, 110)
    pdf.multi_cell(_PAGE_WIDTH, 5, text(doc.subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(31, 35, 40)
    pdf.ln(4)
    for section in doc.sections:
        if section.level == 1 and section.id not in ("summary",) and pdf.get_y() > 200:
            pdf.add_page()
        pdf.set_font("DejaVu", "B", 15 if section.level == 1 else 12)
        pdf.ln(3)
        pdf.multi_cell(_PAGE_WIDTH, 8, text(section.title), new_x="LMARGIN", new_y="NEXT")
        for block in section.blocks:
            _block(pdf, block, text, FontFace)
    return bytes(pdf.output())


def _block(pdf, block: Block, text, FontFace) -> None:  # noqa: N803 - fpdf2's class, passed in
    if block.kind in ("paragraph", "note"):
        pdf.set_font("DejaVu", "I" if block.kind == "note" else "", 9.5)
        pdf.multi_cell(_PAGE_WIDTH, 5, text(block.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    elif block.kind == "bullets":
        pdf.set_font("DejaVu", "", 9)
        for item in block.items:
            pdf.set_x(18)
            pdf.multi_cell(_PAGE_WIDTH - 3, 4.8, "• " + text(item), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    elif block.kind == "metrics":
        pdf.set_font("DejaVu", "", 9)
        line = "    ".join(f"{label}: {value}" for label, value in block.metrics)
        pdf.set_fill_color(246, 248, 250)
        pdf.multi_cell(_PAGE_WIDTH, 6, text(line), fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif block.kind == "table" and block.rows:
        size, widths = _table_layout(pdf, block, text)
        pdf.set_font("DejaVu", "", size)
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=4, first_row_as_headings=True,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(246, 248, 250))) as table:
            row = table.row()
            for column in block.columns:
                row.cell(text(column))
            for values in block.rows[:200]:
                row = table.row()
                for value in values:
                    row.cell(text(value)[:600])
        pdf.ln(2)
    elif block.kind == "chart":
        png = chart_png(block)
        if png:
            image = io.BytesIO(png)
            from PIL import Image

            with Image.open(io.BytesIO(png)) as picture:
                width_px, height_px = picture.size
            width = min(_PAGE_WIDTH, width_px / 2 * 0.26)
            height = width * height_px / width_px
            if pdf.get_y() + height > pdf.h - 15:
                pdf.add_page()
            pdf.image(image, w=width, h=height)
            pdf.ln(2)


_CELL_PADDING = 2.5  # mm fpdf2 keeps around a cell's text, with a margin


def _table_layout(pdf, block: Block, text) -> tuple[float, tuple[float, ...]]:
    """A font size and column widths where every column is as wide as its longest word, so cells wrap between
    words ('Severity', 'credit_applications' never break inside); the rest of the page goes to the columns with
    the most text. When the longest words do not fit side by side, the font shrinks, down to 6 pt."""
    rows = [[text(str(v))[:600] for v in row] for row in block.rows[:200]]
    # a word longer than a fair share of the page (a 1,000-character name) breaks anyway: it must not squeeze the
    # other columns to nothing
    cap = max(_PAGE_WIDTH / max(len(block.columns), 1), 25.0)
    for size in (7.5, 7.0, 6.5, 6.0):
        minimum = []
        for i, header in enumerate(block.columns):
            pdf.set_font("DejaVu", "B", size)
            widest = max((pdf.get_string_width(word) for word in text(str(header)).split()), default=0.0)
            pdf.set_font("DejaVu", "", size)
            for row in rows[:200]:
                words = row[i].split() if i < len(row) else []
                widest = max([widest, *(pdf.get_string_width(word) for word in words)])
            minimum.append(min(widest + _CELL_PADDING, cap))
        if sum(minimum) <= _PAGE_WIDTH:
            break
    if sum(minimum) > _PAGE_WIDTH:  # even at 6 pt: shares of the page, words may break
        minimum = [_PAGE_WIDTH * m / sum(minimum) for m in minimum]
    lengths = [min(max(max([len(str(block.columns[i]))] + [len(r[i]) for r in rows[:50] if i < len(r)]), 4), 60)
               for i in range(len(block.columns))]
    spare = _PAGE_WIDTH - sum(minimum)
    total = sum(lengths)
    widths = tuple(max(m + spare * n / total, 6.0) for m, n in zip(minimum, lengths, strict=True))
    return size, widths
