"""PDF text by page, with pypdf: a pure-Python reader that parses and never runs anything.

pypdf has no JavaScript engine: a document's scripts (``/JavaScript`` names, ``/OpenAction``, ``/AA``
actions) are found only to warn that they were ignored. It also caps what a compressed stream may inflate
to (``pypdf.filters.ZLIB_MAX_OUTPUT_LENGTH``), so a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from pypdf import PdfReader

from ..errors import CjgraphError, SourceFileError
from .extract import MAX_PAGES, Extracted
from .pages import join_pages, without_running_lines

_MIN_CHARS = 20  # a page with fewer letters or digits than this has no text layer worth the name
_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_ACTIVE = {"/JavaScript", "/Launch", "/Rendition"}  # actions that would run something in a viewer
_NO_TITLE = {"untitled", "untitled document", "title", "document"}


def read(path: Path, data: bytes) -> Extracted:
    """The text of every page (``\\f`` after each), the info dictionary's title, author and creation date,
    and warnings for scripts and for pages without text; refuses encrypted, scanned and unreadable files."""
    if b"%PDF-" not in data[:1024]:  # readers accept junk before the header, within 1 KiB
        raise SourceFileError(path, "not a PDF (no %PDF- header)")
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # a damaged but readable file is not worth a log line
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise SourceFileError(path, "the PDF is encrypted with a password; save a copy without one and add "
                                        "that")
        if len(reader.pages) > MAX_PAGES:
            raise SourceFileError(path, f"it has {len(reader.pages):,} pages, over the {MAX_PAGES:,} a source may "
                                        "have")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        warnings = _script_warnings(reader)
    except CjgraphError:
        raise
    except Exception as exc:  # any parser failure on a hostile file is "cannot read it"
        raise SourceFileError(path, f"cannot read it as a PDF: {_reason(exc)}") from None
    finally:
        log.setLevel(level)
    if not pages:
        raise SourceFileError(path, "the PDF has no pages")
    empty = [n for n, text in enumerate(pages, 1) if sum(c.isalnum() for c in text) < _MIN_CHARS]
    if len(empty) == len(pages):
        count = f"any of its {len(pages)} pages" if len(pages) > 1 else "its page"
        raise SourceFileError(path, f"no text layer on {count} (a scanned document?); run OCR on it first, "
                                    "e.g. with ocrmypdf, and add the result")
    if empty:
        warnings.append(f"little or no text on page{'s' if len(empty) > 1 else ''} {_ranges(empty)} "
                        "(scanned or images only?): what they show is not in the source's text")
    pages, running = without_running_lines(pages)
    if running:
        warnings.append("running headers or footers left out of the text (so passages across page breaks "
                        f"verify): {', '.join(repr(line[:60]) for line in running)}")
    return Extracted("pdf", join_pages(pages), pages=len(pages), title=_title(info.get("/Title")),
                     publisher=_plain(info.get("/Author")), date=_date(info.get("/CreationDate")),
                     warnings=warnings)


def _opens_without_password(reader) -> bool:
    """Whether an encrypted PDF opens with the empty user password (restrictions only, as many reports are);
    AES needs the cryptography package (pypdf's crypto extra, in cjgraph's ingest extra)."""
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))
    except DependencyError:
        raise CjgraphError("reading an AES-encrypted PDF needs cryptography: pip install 'cjgraph[ingest]'") \
            from None


def _script_warnings(reader) -> list[str]:
    """A warning when the document carries JavaScript or launch actions (never run here): the document's
    script names, its open action, and the automatic and link actions of the document and its pages. An open
    action that is only a destination (open at page 1) is not one."""
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    found = names is not None and "/JavaScript" in names.get_object()
    holders = [root, *reader.pages]
    for holder in holders:
        if found:
            break
        actions = [holder.get("/OpenAction"), *_values(holder.get("/AA"))]
        for annotation in _items(holder.get("/Annots")):
            annotation = annotation.get_object()
            actions += [annotation.get("/A"), *_values(annotation.get("/AA"))]
        found = any(_active(action) for action in actions)
    return ["it carries JavaScript or launch actions: ignored, never run"] if found else []


def _active(action: object) -> bool:
    action = action.get_object() if hasattr(action, "get_object") else action
    return isinstance(action, dict) and action.get("/S") in _ACTIVE


def _values(value: object) -> list:
    value = value.get_object() if hasattr(value, "get_object") else value
    return list(value.values()) if isinstance(value, dict) else []


def _items(value: object) -> list:
    value = value.get_object() if hasattr(value, "get_object") else value
    return list(value) if isinstance(value, list) else []


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _plain(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _title(value: object) -> str | None:
    text = _plain(value)
    if text and text.startswith("Microsoft Word - "):
        text = text.removeprefix("Microsoft Word - ").removesuffix(".docx").removesuffix(".doc")
    return None if not text or text.lower() in _NO_TITLE else text


def _date(value: object) -> str | None:
    match = _DATE.match(str(value)) if value is not None else None
    return "-".join(part for part in match.groups() if part) if match else None


def _ranges(numbers: list[int]) -> str:
    """``1-3, 7`` for [1, 2, 3, 7]."""
    parts, start = [], numbers[0]
    for previous, number in zip(numbers, [*numbers[1:], None], strict=True):
        if number is None or number != previous + 1:
            parts.append(f"{start}-{previous}" if previous > start else str(start))
            start = number
    return ", ".join(parts)
