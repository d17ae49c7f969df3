"""Documents built from a bundled source's text, for the `sources add` tests: a PDF (reportlab), an HTML page
and a DOCX (python-docx), plus hostile variants. Each builder returns where each piece of text went."""

from __future__ import annotations

import io
import textwrap
import zipfile
from pathlib import Path

LINES_PER_PAGE = 62


def pdf_from_text(text: str, path: Path, *, title: str | None = "Built title", author: str | None = "Built author",
                  javascript: str | None = None, encrypt: tuple[str, str, str] | None = None,
                  blank_after: int = 0, header: str | None = None, footer: str | None = None
                  ) -> list[tuple[str, int]]:
    """Write ``text`` as a PDF, wrapped at 95 characters, LINES_PER_PAGE lines a page, then ``blank_after``
    pages of drawings only; ``header`` and ``footer`` (``{page}`` is the page number) on each text page.
    Returns each wrapped line with its page (from 1)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)  # invariant: a fixed creation date, 2000-01-01
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    placed = []
    wrapped = [line for paragraph in text.split("\n") for line in wrap(paragraph)]
    for number, line in enumerate(wrapped):
        page = number // LINES_PER_PAGE + 1
        if number % LINES_PER_PAGE == 0:
            if number:
                _footer(pdf, footer, page - 1)
                pdf.showPage()
            pdf.setFont("Helvetica", 9)
            if header:
                pdf.drawString(40, 820, header.format(page=page))
        pdf.setFont("Helvetica", 9)
        pdf.drawString(40, 800 - 12 * (number % LINES_PER_PAGE), line)
        placed.append((line, page))
    _footer(pdf, footer, placed[-1][1])
    for _ in range(blank_after):
        pdf.showPage()
        pdf.rect(50, 50, 400, 600, fill=1)
    pdf.save()
    data = buffer.getvalue()
    if javascript or encrypt:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        if javascript:
            from pypdf.actions import JavaScript

            writer.add_open_action(JavaScript(javascript))
        if encrypt:
            writer.encrypt(user_password=encrypt[0], owner_password=encrypt[1], algorithm=encrypt[2])
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    path.write_bytes(data)
    return placed


def wrap(paragraph: str) -> list[str]:
    """A paragraph as the PDF's lines: at spaces only (a word or URL longer than a line stays whole), so the
    lines joined by spaces are the paragraph again."""
    return textwrap.wrap(paragraph, 95, break_long_words=False, break_on_hyphens=False) or [""]


def _footer(pdf, footer: str | None, page: int) -> None:
    if footer:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(280, 30, footer.format(page=page))


def blank_pdf(path: Path, pages: int) -> None:
    """A PDF of drawings only, as a scan without a text layer looks to a text extractor."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), invariant=1)
    for _ in range(pages):
        pdf.rect(50, 50, 400, 600, fill=1)
        pdf.showPage()
    pdf.save()


HOSTILE_HTML = """<script>document.write("SENTINEL-SCRIPT")</script>
<iframe srcdoc="&lt;p&gt;SENTINEL-FRAME&lt;/p&gt;">SENTINEL-FRAME-BODY</iframe>
<style>p {{ content: "SENTINEL-STYLE" }}</style><!-- SENTINEL-COMMENT -->
<div hidden>SENTINEL-HIDDEN</div><noscript>SENTINEL-NOSCRIPT</noscript>"""


def html_from_text(text: str, path: Path) -> None:
    """An HTML page: each line a paragraph (its first two words bold, as inline markup), a head with
    metadata, and scripts, frames, styles, comments and hidden text that must not reach the source."""
    from html import escape

    paragraphs = []
    for line in text.split("\n"):
        words = line.split(" ")
        if len(words) > 3:
            paragraphs.append(f"<p><b>{escape(' '.join(words[:2]))}</b> {escape(' '.join(words[2:]))}</p>")
        elif line.strip():
            paragraphs.append(f"<h2>{escape(line)}</h2>")
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Page title | Site</title>"
        "<meta property='og:title' content='Written evidence on resettlement'>"
        "<meta property='og:site_name' content='Clinks'>"
        "<meta property='article:published_time' content='2023-05-12T09:30:00+01:00'>"
        "<meta property='og:url' content='https://example.org/evidence'>"
        f"<script src='x.js'></script></head><body>{HOSTILE_HTML}<main>{''.join(paragraphs)}</main>"
        "<iframe src='https://example.org/ad'></iframe></body></html>", encoding="utf-8")


def docx_from_text(text: str, path: Path) -> None:
    """A Word document: one paragraph per line, a table, and core properties."""
    from datetime import datetime

    from docx import Document

    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Cell one", "Cell two"
    core = document.core_properties
    core.title, core.author, core.created = "Funding for infrastructure", "Clinks", datetime(2016, 3, 4, 12, 0)
    document.save(path)


def rezip(source: Path, target: Path, replace: dict[str, bytes]) -> None:
    """A copy of a zip archive with some parts replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename not in replace:
                new.writestr(item, old.read(item))
        for name, data in replace.items():
            new.writestr(name, data)


def with_actions(source: Path, target: Path, *, link_script: str | None = None) -> None:
    """A copy of a PDF that opens at its first page (a destination, not a script), with a link on page 1
    whose action is ``link_script`` (JavaScript) when given."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.open_destination = writer.pages[0]
    if link_script:
        link = Link(rect=(40, 40, 200, 60), url="https://example.org/")
        link[NameObject("/A")] = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                   NameObject("/JS"): TextStringObject(link_script)})
        writer.add_annotation(0, link)
    with target.open("wb") as out:
        writer.write(out)
