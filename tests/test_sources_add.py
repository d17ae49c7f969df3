"""`cjgraph sources add` (issue #18, items 1 and 5): a PDF, an HTML page and a DOCX built from a bundled source's
text are added to a copy of the seeds; their stored text holds every quote of that source, a PDF's pages are
right, the files' metadata fills the entry, and the seeds still validate. Hostile files are refused with their
exact message, and nothing is written."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cjgraph
from cjgraph.cli import main
from cjgraph.errors import SourceFileError, UsageError
from cjgraph.ingest import PageIndex, add_source, page_of
from cjgraph.ingest.extract import MAX_FILE_BYTES
from cjgraph.ingest.pages import without_running_lines
from cjgraph.quotes import normalise
from cjgraph.resources import bundled_seeds
from tests.conftest import IN_CI
from tests.documents import (
    HOSTILE_HTML,
    blank_pdf,
    docx_from_text,
    html_from_text,
    pdf_from_text,
    rezip,
    with_actions,
)

if not IN_CI:  # CI installs the test extra, which holds the ingest extra: nothing may be skipped there
    for module in ("pypdf", "bs4", "docx", "reportlab"):
        pytest.importorskip(module, reason="the test extra: pip install -e '.[test]'")

TR_2013 = "clinks-2013-response-transforming-rehabilitation-consultation.txt"
NAO_2023 = "clinks-2023-written-evidence-ipl0006-nao-resettlement.txt"
BLOG = "clinks-blog-funding-specialist-cj-infrastructure.txt"


def original(name: str) -> str:
    return (bundled_seeds() / "sources" / name).read_text(encoding="utf-8")


def quotes_of(dataset, document: str) -> set[str]:
    items = [*dataset.entities.values(), *dataset.relations]
    return {e.quote for item in items for e in item.evidence if e.document == document}


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_holds(stored: str, text: str, quotes: set[str]) -> None:
    """Every line of the original and every quote of the seeds from it is in the stored text, as checked."""
    body = normalise(stored)
    assert [line for line in text.split("\n") if normalise(line) not in body] == []
    assert quotes and [quote for quote in quotes if normalise(quote) not in body] == []


def test_a_pdf_keeps_every_quote_and_its_pages(seed_copy, tmp_path, bundled_dataset):
    text = original(TR_2013)
    placed = pdf_from_text(text, tmp_path / "tr.pdf", title="Clinks response to Transforming Rehabilitation",
                           author="Clinks")
    added = add_source(tmp_path / "tr.pdf", seed_copy)
    assert added.warnings == []
    source = added.source
    assert (source.id, source.title, source.publisher, source.date, source.kind, source.file) == (
        "clinks-response-to-transforming-rehabilitation", "Clinks response to Transforming Rehabilitation",
        "Clinks", "2000-01-01", "PDF document", "clinks-response-to-transforming-rehabilitation.txt")
    pages = placed[-1][1]
    assert pages > 10 and added.pages == pages
    stored = added.text_file.read_text(encoding="utf-8")
    assert stored.count("\f") == pages and stored.endswith("\n\f")
    assert_holds(stored, text, quotes_of(bundled_dataset, "clinks-2013-tr-response"))
    index = PageIndex(stored)
    unique = [(line, page) for line, page in placed if len(line) > 60 and normalise(stored).count(normalise(line)) == 1]
    assert len(unique) > 300 and [(line, page) for line, page in unique if index.page_of(line) != page] == []
    # a passage across a page break: it verifies, and spans both pages
    last, first = placed[61][0], placed[62][0]
    assert (placed[61][1], placed[62][1]) == (1, 2)
    assert index.span(f"{last} {first}") == (1, 2) and page_of(stored, f"{last}\n{first}") == 1
    assert cjgraph.validate(seed_copy).problems == []


def test_page_of_without_pages_or_quote():
    assert page_of("one page\nno form feed", "one page") is None
    assert page_of("page one\n\fpage two\n\f", "page three") is None
    assert page_of("page one\n\f\fpage three\n\f", "page three") == 3
    assert page_of("page one\n\fpage two\n\f", "") is None


def test_an_html_page_keeps_visible_text_only(seed_copy, tmp_path, bundled_dataset):
    text = original(NAO_2023)
    html_from_text(text, tmp_path / "evidence.html")
    added = add_source(tmp_path / "evidence.html", seed_copy)
    assert added.warnings == [f"{tmp_path / 'evidence.html'}: warning: left out 2 iframes, 2 scripts: never run, "
                              "their content not kept"]
    source = added.source
    assert (source.id, source.title, source.publisher, source.date, source.kind, source.url, added.pages) == (
        "written-evidence-on-resettlement", "Written evidence on resettlement", "Clinks", "2023-05-12", "web page",
        "https://example.org/evidence", None)
    stored = added.text_file.read_text(encoding="utf-8")
    assert "SENTINEL" not in stored and "Page title" not in stored and "\f" not in stored
    assert_holds(stored, text, quotes_of(bundled_dataset, "clinks-2023-nao-resettlement-evidence"))
    assert cjgraph.validate(seed_copy).problems == []


def test_a_word_document_keeps_paragraphs_and_tables(seed_copy, tmp_path, bundled_dataset):
    text = original(BLOG)
    docx_from_text(text, tmp_path / "blog.docx")
    added = add_source(tmp_path / "blog.docx", seed_copy, id="blog-as-word", kind="blog post")
    source = added.source
    assert (source.id, source.title, source.publisher, source.date, source.kind) == (
        "blog-as-word", "Funding for infrastructure", "Clinks", "2016-03-04", "blog post")
    stored = added.text_file.read_text(encoding="utf-8")
    assert stored.endswith("Cell one\tCell two")
    assert_holds(stored, text, quotes_of(bundled_dataset, "clinks-blog-infrastructure-funding"))
    assert cjgraph.validate(seed_copy).problems == []


def test_markdown_and_text_and_the_appended_entry(mini_seeds, tmp_path):
    (tmp_path / "note.md").write_text("# A *Markdown* note\n\nIt says <script>alert(1)</script> **plainly**.\n",
                                      encoding="utf-8")
    before = (mini_seeds / "sources" / "sources.yaml").read_text(encoding="utf-8")
    added = add_source(tmp_path / "note.md", mini_seeds, publisher="Someone: a writer", date="2024-02")
    stored = added.text_file.read_text(encoding="utf-8")
    assert stored == "A Markdown note\n\nIt says <script>alert(1)</script> plainly."  # raw HTML is text in Markdown
    (tmp_path / "plain.txt").write_text("Page one.\fPage two.\f", encoding="utf-8")
    plain = add_source(tmp_path / "plain.txt", mini_seeds, title="Plain pages", publisher="Someone", kind="notes")
    assert plain.pages == 2 and page_of(plain.text_file.read_text(encoding="utf-8"), "Page two.") == 2
    assert (mini_seeds / "sources" / "sources.yaml").read_text(encoding="utf-8") == before + (
        "\n  - id: a-markdown-note\n    title: A Markdown note\n    publisher: \"Someone: a writer\"\n"
        "    kind: Markdown document\n    date: \"2024-02\"\n    file: a-markdown-note.txt\n"
        "\n  - id: plain-pages\n    title: Plain pages\n    publisher: Someone\n    kind: notes\n"
        "    file: plain-pages.txt\n")
    assert cjgraph.validate(mini_seeds).problems == []


def test_the_command_line(mini_seeds, tmp_path):
    from click.testing import CliRunner

    pdf_from_text("A short text on one page, long enough to have a text layer.", tmp_path / "one.pdf",
                  javascript="app.alert('SENTINEL-JS');")
    result = CliRunner().invoke(main, ["sources", "add", str(tmp_path / "one.pdf"), "--seeds", str(mini_seeds),
                                       "--date", "2020"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"added source 'built-title' (pdf, 1 page, 61 characters): "
                             f"{mini_seeds / 'sources' / 'built-title.txt'}, entry appended to "
                             f"{mini_seeds / 'sources' / 'sources.yaml'}\n")
    assert result.stderr == f"{tmp_path / 'one.pdf'}: warning: it carries JavaScript or launch actions: " \
                            "ignored, never run\n"
    assert "SENTINEL" not in (mini_seeds / "sources" / "built-title.txt").read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["sources", "add", str(tmp_path / "one.pdf"), "--seeds", str(mini_seeds)])
    assert again.exit_code == 2
    assert again.stderr == (f"Error: --id: a source with id 'built-title' is already in "
                            f"{mini_seeds / 'sources' / 'sources.yaml'}: give another id\n")
    refused = CliRunner().invoke(main, ["sources", "add", str(tmp_path / "none.pdf"), "--seeds", str(mini_seeds)])
    assert (refused.exit_code, refused.stderr) == (
        1, f"Error: {tmp_path / 'none.pdf'}: cannot read it: No such file or directory\n")


def test_help_imports_no_extractor():
    code = ("import sys\nfrom cjgraph.cli import main\ntry:\n    main(['sources', 'add', '--help'])\n"
            "except SystemExit:\n    pass\nprint('HEAVY=' + ','.join(m for m in ('pypdf', 'bs4', 'docx', "
            "'markdown_it', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY="


@pytest.mark.parametrize(("options", "message"), [
    ({}, "title: the file gives no title: give one"),
    ({"title": "T"}, "publisher: the file names no author or publisher: give the publisher"),
    ({"title": "T", "publisher": "P", "kind": " "}, "kind: must not be empty"),
    ({"title": "T", "publisher": "P", "date": "2023-02-30"},
     "date: impossible date '2023-02-30': February 2023 has no day 30"),
    ({"title": "T", "publisher": "P", "id": "Not An Id"},
     "id: 'Not An Id' is not an id: lower-case letters and digits joined by single hyphens"),
    ({"title": "T", "publisher": "P", "url": "ftp://x"}, "url: 'ftp://x' is not an http(s) URL"),
    ({"title": "££", "publisher": "P"}, "id: no id can be made from the title '££': give one"),
])
def test_an_invalid_entry_is_refused_and_nothing_written(mini_seeds, tmp_path, options, message):
    (tmp_path / "x.txt").write_text("Some text.", encoding="utf-8")
    before = files(mini_seeds)
    with pytest.raises(UsageError) as error:
        add_source(tmp_path / "x.txt", mini_seeds, **options)
    assert str(error.value) == message
    assert files(mini_seeds) == before


# --- bad and hostile input: one line `path: message`, nothing written ------------------------------------------

def refused(folder: Path, path: Path, **options) -> str:
    """The message with which adding ``path`` is refused, after checking that nothing was written."""
    before = files(folder)
    with pytest.raises(SourceFileError) as error:
        add_source(path, folder, **options)
    assert files(folder) == before
    assert str(error.value).startswith(f"{path}: ") and "\n" not in str(error.value)
    return str(error.value).removeprefix(f"{path}: ")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_an_encrypted_pdf_is_refused_unless_it_opens_without_a_password(mini_seeds, tmp_path, algorithm):
    text = original(BLOG)
    pdf_from_text(text, tmp_path / "locked.pdf", encrypt=("secret", "owner", algorithm))
    assert refused(mini_seeds, tmp_path / "locked.pdf") == \
        "the PDF is encrypted with a password; save a copy without one and add that"
    pdf_from_text(text, tmp_path / "restricted.pdf", encrypt=("", "owner", algorithm))  # anyone can read it
    added = add_source(tmp_path / "restricted.pdf", mini_seeds)
    assert normalise(text) in normalise(added.text_file.read_text(encoding="utf-8"))


def test_a_scanned_pdf_is_refused_and_a_partly_scanned_one_warned(mini_seeds, tmp_path):
    blank_pdf(tmp_path / "scan.pdf", 2)
    assert refused(mini_seeds, tmp_path / "scan.pdf") == ("no text layer on any of its 2 pages (a scanned document?); "
                                                          "run OCR on it first, e.g. with ocrmypdf, and add the result")
    blank_pdf(tmp_path / "one.pdf", 1)
    assert refused(mini_seeds, tmp_path / "one.pdf").startswith("no text layer on its page (a scanned document?)")
    placed = pdf_from_text(original(BLOG), tmp_path / "part.pdf", blank_after=3)
    added = add_source(tmp_path / "part.pdf", mini_seeds)
    assert (placed[-1][1], added.pages) == (2, 5)
    assert added.warnings == [f"{tmp_path / 'part.pdf'}: warning: little or no text on pages 3-5 (scanned or "
                              "images only?): what they show is not in the source's text"]


def test_corrupt_files_are_refused(mini_seeds, tmp_path):
    pdf_from_text(original(TR_2013), tmp_path / "whole.pdf")
    data = (tmp_path / "whole.pdf").read_bytes()
    cases = {
        "half.pdf": (data[: len(data) // 2], "cannot read it as a PDF: Stream has ended unexpectedly"),
        "tail.pdf": (b"%PDF-1.7\n%%EOF\n", "cannot read it as a PDF: startxref not found"),
        "page.pdf": (b"<html><body>not a PDF</body></html>", "not a PDF (no %PDF- header)"),
        "junk.docx": (b"PK\x03\x04" + bytes(range(256)) * 8, "not a Word document (DOCX files are zip archives; "
                                                              "this is not one, or it is damaged)"),
        "binary.html": (b"<html>\x00\x01\x02", "binary data (NUL bytes), not HTML"),
        "binary.txt": (b"text\x00", "binary data (NUL bytes), not text"),
        "latin.txt": (b"caf\xe9", "not UTF-8 text (invalid byte 0xe9 at byte 3); save it as UTF-8"),
        "empty.html": (b"<html><script>only('a script')</script></html>", "no text found in it"),
        "sheet.xlsx": (b"PK", "cannot read .xlsx: the formats read are .docx, .htm, .html, .markdown, .md, .pdf, "
                              ".text, .txt, .xhtml"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        assert refused(mini_seeds, tmp_path / name, title="T", publisher="P") == message, name
    docx_from_text("Some text.", tmp_path / "fine.docx")
    rezip(tmp_path / "fine.docx", tmp_path / "broken.docx", {"word/document.xml": b"<w:document"})
    assert refused(mini_seeds, tmp_path / "broken.docx").startswith("cannot read it as a Word document: ")
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "not Word")
    assert refused(mini_seeds, tmp_path / "other.docx") == "not a Word document (no word/document.xml in the archive)"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(mini_seeds, tmp_path):
    with (tmp_path / "big.pdf").open("wb") as out:  # sparse: no disk space used
        out.truncate(MAX_FILE_BYTES + 1)
    assert refused(mini_seeds, tmp_path / "big.pdf") == "the file is 50.0 MiB, over the 50 MiB a source may be"


def test_zip_bombs_and_entity_bombs_in_word_files_are_refused(mini_seeds, tmp_path):
    docx_from_text(original(BLOG), tmp_path / "fine.docx")
    rezip(tmp_path / "fine.docx", tmp_path / "ratio.docx", {"word/media/padding.bin": bytes(20 * 1024 * 1024)})
    message = refused(mini_seeds, tmp_path / "ratio.docx")
    assert message.startswith("part word/media/padding.bin would unpack to ") and \
        message.endswith(" times its packed size, over the 100 allowed (a zip bomb?)")
    with zipfile.ZipFile(tmp_path / "total.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"word/media/p{n}.bin", bytes(70 * 1024 * 1024))
    assert refused(mini_seeds, tmp_path / "total.docx") == \
        "it would unpack to 210 MiB, over the 200 MiB allowed (a zip bomb?)"
    with zipfile.ZipFile(tmp_path / "fine.docx") as archive:
        body = archive.read("word/document.xml")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              + body.split(b"?>", 1)[1].replace(b"Clinks", b"&lol2;", 1))
    rezip(tmp_path / "fine.docx", tmp_path / "laughs.docx", {"word/document.xml": laughs})
    assert refused(mini_seeds, tmp_path / "laughs.docx") == \
        "part word/document.xml declares a DTD, which Word never writes: refused (an entity-expansion bomb?)"
    rezip(tmp_path / "fine.docx", tmp_path / "macro.docm.docx", {"word/vbaProject.bin": b"Attribute VB_Name"})
    added = add_source(tmp_path / "macro.docm.docx", mini_seeds)
    assert added.warnings == [f"{tmp_path / 'macro.docm.docx'}: warning: it carries macros: ignored, never run"]


def test_html_scripts_and_frames_are_never_run_nor_kept(mini_seeds, tmp_path):
    (tmp_path / "page.html").write_bytes(f"<p>Visible <a href='javascript:x()'>link</a> text.</p>{HOSTILE_HTML}"
                                         .encode())
    added = add_source(tmp_path / "page.html", mini_seeds, title="T", publisher="P")
    assert added.text_file.read_text(encoding="utf-8") == "Visible link text."
    assert added.warnings == [f"{tmp_path / 'page.html'}: warning: left out 1 iframe, 1 script: never run, "
                              "their content not kept"]


def test_a_folder_without_sources_gets_its_index(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "page.htm").write_text("<title>A page</title><meta name=author content='Someone'><p>Its text.</p>",
                                       encoding="utf-8")
    added = add_source(tmp_path / "page.htm", tmp_path / "notes")
    assert (tmp_path / "notes" / "sources" / "sources.yaml").read_text(encoding="utf-8") == (
        "# The source documents behind the evidence quotes; `cjgraph sources add` appends to this list.\n"
        "sources:\n  - id: a-page\n    title: A page\n    publisher: Someone\n    kind: web page\n"
        "    file: a-page.txt\n")
    assert added.text_file.read_text(encoding="utf-8") == "Its text."
    assert cjgraph.validate(tmp_path / "notes").problems == []


def test_pdf_actions_warn_only_when_they_would_run_something(mini_seeds, tmp_path):
    pdf_from_text("A short text on one page, long enough to have a text layer.", tmp_path / "plain.pdf")
    with_actions(tmp_path / "plain.pdf", tmp_path / "opens.pdf")
    assert add_source(tmp_path / "opens.pdf", mini_seeds, id="opens").warnings == []
    with_actions(tmp_path / "plain.pdf", tmp_path / "link.pdf", link_script="app.launchURL('SENTINEL-JS')")
    added = add_source(tmp_path / "link.pdf", mini_seeds, id="link")
    assert added.warnings == [f"{tmp_path / 'link.pdf'}: warning: it carries JavaScript or launch actions: ignored, "
                              "never run"]
    assert "SENTINEL" not in added.text_file.read_text(encoding="utf-8")


def test_implausible_declared_metadata_is_left_out_with_a_warning(mini_seeds, tmp_path):
    (tmp_path / "odd.html").write_text(f"<title>{'Long title ' * 30}</title><meta property='og:site_name' content=S>"
                                       "<meta name=date content='2999-01-01'><p>Text.</p>", encoding="utf-8")
    added = add_source(tmp_path / "odd.html", mini_seeds, title="Odd page")
    assert added.warnings == [
        f"{tmp_path / 'odd.html'}: warning: its declared title is over 300 characters: left out",
        f"{tmp_path / 'odd.html'}: warning: its declared date is left out (implausible date '2999-01-01': in the "
        "future); give the date if you know it"]
    assert (added.source.title, added.source.publisher, added.source.date) == ("Odd page", "S", None)


def test_running_headers_and_footers_are_left_out_so_passages_across_pages_verify(mini_seeds, tmp_path):
    text = original(NAO_2023) + "\n" + original(TR_2013)
    placed = pdf_from_text(text, tmp_path / "running.pdf", header="Clinks written evidence, May 2023",
                           footer="Page {page}")
    added = add_source(tmp_path / "running.pdf", mini_seeds)
    assert added.warnings == [f"{tmp_path / 'running.pdf'}: warning: running headers or footers left out of the "
                              "text (so passages across page breaks verify): 'Clinks written evidence, May 2023', "
                              "'Page 1'"]
    stored = added.text_file.read_text(encoding="utf-8")
    assert "Clinks written evidence, May 2023" not in stored and "Page 3" not in stored
    across = f"{placed[2 * 62 - 1][0]} {placed[2 * 62][0]}"
    assert PageIndex(stored).span(across) == (2, 3)
    assert_holds(stored, text, {across})


def test_only_lines_that_run_like_headers_are_left_out():
    pages = [f"Report 2023\nRecommendation {3 * n + 1}\nbody text {n}\nPage {n + 1} of 6\n{'9' * 5000}{7 * n}"
             for n in range(6)]
    kept, removed = without_running_lines(pages)
    assert removed == ["Report 2023"]  # the last lines differ, and not as page numbers (huge numbers do not fail)
    assert kept[3] == f"Recommendation 10\nbody text 3\nPage 4 of 6\n{'9' * 5000}21"
    kept, removed = without_running_lines([page.rsplit("\n", 1)[0] for page in pages])
    assert removed == ["Report 2023", "Page 1 of 6"] and kept[5] == "Recommendation 16\nbody text 5"
    assert without_running_lines(pages[:2]) == (pages[:2], [])  # too few pages to tell


def test_a_pdf_of_too_many_pages_is_refused_before_its_text_is_read(mini_seeds, tmp_path):
    from reportlab.pdfgen import canvas

    from cjgraph.ingest.extract import MAX_PAGES

    pdf = canvas.Canvas(str(tmp_path / "long.pdf"), invariant=1)
    for _ in range(MAX_PAGES + 1):
        pdf.showPage()
    pdf.save()
    assert refused(mini_seeds, tmp_path / "long.pdf") == "it has 5,001 pages, over the 5,000 a source may have"
