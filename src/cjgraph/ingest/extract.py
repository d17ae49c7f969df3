"""Text and metadata out of a document file: PDF, HTML, DOCX, Markdown or plain text, chosen by its suffix.

Every reader treats the file as hostile: it is checked against the limits below before a parser sees it,
nothing in it is ever run (PDF JavaScript, HTML scripts, Word macros are left out, with a warning), and any
failure is one :class:`~cjgraph.errors.SourceFileError` (``path: message``). Each format's library is
imported by its reader module (pdf, web, word), loaded only when a file of that format is read.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CjgraphError, SourceFileError
from .pages import clean_text

MIB = 1024 * 1024
#: the limits, declared once: the largest file read, what its text may grow to, for zip-based formats (DOCX)
#: what its parts may unpack to and how much more than their packed size (zip bombs), a PDF's pages
MAX_FILE_BYTES = 50 * MIB
MAX_TEXT_CHARS = 20_000_000
MAX_UNPACKED_BYTES = 200 * MIB
MAX_RATIO = 100  # a part of more than 1 MiB unpacked that is packed over 100 times is refused
MAX_PARTS = 5_000
MAX_PAGES = 5_000  # a PDF's: its text takes 10-25 ms a page to extract

#: suffix -> format; the format names the reader and is the entry's default ``kind``
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
           ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text"}
KINDS = {"pdf": "PDF document", "html": "web page", "docx": "Word document", "markdown": "Markdown document",
         "text": "text document"}

#: format -> the module (of this package) whose ``read(path, data)`` reads it, importing its library
_READERS = {"pdf": ".pdf", "docx": ".word", "html": ".web", "markdown": ".web"}


@dataclass
class Extracted:
    """What a file gives: its stored text (see cjgraph.ingest.pages) and the metadata it declares."""

    format: str
    text: str
    pages: int | None = None  # a PDF's, or a text's with form feeds (then ``text`` is already cleaned)
    title: str | None = None
    publisher: str | None = None  # the author or site the file names
    date: str | None = None  # 2023, 2023-05 or 2023-05-12, as the file gives it (checked by the caller)
    url: str | None = None
    warnings: list[str] = field(default_factory=list)  # one line each, without the path


def extract(path: str | Path) -> Extracted:
    """Read ``path`` by its suffix; raise SourceFileError when it cannot give a usable text."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise SourceFileError(path, f"cannot read {path.suffix or 'a file without a suffix'}: "
                                    f"the formats read are {known}")
    data = read_bytes(path)
    if fmt == "text":
        return _finish(path, _read_text(path, data))
    try:
        reader = importlib.import_module(_READERS[fmt], __package__)
    except ImportError as exc:
        raise CjgraphError(f"reading {fmt} files needs {exc.name}: pip install 'cjgraph[ingest]'") from None
    return _finish(path, reader.read(path, data))


def _finish(path: Path, found: Extracted) -> Extracted:
    """The text cleaned (a paginated one was cleaned page by page), refused when empty or too long."""
    found.text = found.text if found.pages is not None else clean_text(found.text)
    if not found.text.replace("\f", "").strip():
        raise SourceFileError(path, "no text found in it")
    if len(found.text) > MAX_TEXT_CHARS:
        raise SourceFileError(path, f"its text is over {MAX_TEXT_CHARS:,} characters, the most a source may have")
    return found


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing a missing file, a folder or one over MAX_FILE_BYTES before reading it."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SourceFileError(path, "not a file")
        if size > MAX_FILE_BYTES:
            raise SourceFileError(path, f"the file is {size / MIB:.1f} MiB, over the {MAX_FILE_BYTES // MIB} MiB "
                                        "a source may be")
        return path.read_bytes()
    except OSError as exc:
        raise SourceFileError(path, f"cannot read it: {exc.strerror or exc}") from None


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a byte-order mark allowed), refusing binary data."""
    if b"\x00" in data:
        raise SourceFileError(path, "binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFileError(path, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); "
                                    "save it as UTF-8") from None


def _read_text(path: Path, data: bytes) -> Extracted:
    """Plain text as it is; a form feed marks a page end, as pdftotext writes it, and keeps the pages."""
    text = decode_text(path, data)
    if "\f" not in text:
        return Extracted("text", text)
    from .pages import join_pages

    pages = text.split("\f")
    pages = pages[:-1] if not pages[-1].strip() else pages
    return Extracted("text", join_pages(pages), pages=len(pages))
