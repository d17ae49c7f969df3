"""Word (DOCX) text with python-docx, after the zip archive is checked with the standard library.

A DOCX file is a zip of XML parts. Before python-docx opens it, every part's declared size is checked
(:data:`~cjgraph.ingest.extract.MAX_UNPACKED_BYTES` in all, :data:`~cjgraph.ingest.extract.MAX_RATIO` for
one part; ``zipfile`` never inflates a part past its declared size, so a lying header fails its CRC check
instead of filling memory), and a part with a DTD (``<!DOCTYPE``/``<!ENTITY``, which Word never writes:
entity-expansion bombs) is refused. Macros (``vbaProject.bin``) are never run: a warning says so.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import SourceFileError
from .extract import MAX_PARTS, MAX_RATIO, MAX_UNPACKED_BYTES, MIB, Extracted

_DOCUMENT = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(path: Path, data: bytes) -> Extracted:
    """The body's paragraphs and table rows in order, the core properties' title, author and creation date."""
    warnings = check_archive(path, data)
    try:
        document = Document(io.BytesIO(data))
        text = "\n".join(_body_lines(document))
        core = document.core_properties
        title, author, created = core.title, core.author, core.created
    except Exception as exc:  # any failure on a hostile file is "cannot read it"
        raise SourceFileError(path, f"cannot read it as a Word document: {' '.join(str(exc).split())[:160]}") \
            from None
    return Extracted("docx", text, title=title.strip() or None if title else None,
                     publisher=author.strip() or None if author and author != "python-docx" else None,
                     date=created.date().isoformat() if created else None, warnings=warnings)


def check_archive(path: Path, data: bytes) -> list[str]:
    """Refuse what is not a sound, modest DOCX archive; warnings for parts that are never used (macros)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise SourceFileError(path, "not a Word document (DOCX files are zip archives; this is not one, or it "
                                    "is damaged)") from None
    if len(parts) > MAX_PARTS:
        raise SourceFileError(path, f"the archive has {len(parts):,} parts, over the {MAX_PARTS:,} a DOCX may have")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceFileError(path, f"it would unpack to {unpacked / MIB:,.0f} MiB, over the "
                                    f"{MAX_UNPACKED_BYTES // MIB} MiB allowed (a zip bomb?)")
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > MIB and ratio > MAX_RATIO:
            raise SourceFileError(path, f"part {part.filename} would unpack to {ratio:,} times its packed size, "
                                        f"over the {MAX_RATIO} allowed (a zip bomb?)")
    names = {part.filename for part in parts}
    if _DOCUMENT not in names:
        raise SourceFileError(path, f"not a Word document (no {_DOCUMENT} in the archive)")
    try:
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                head = archive.read(part)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise SourceFileError(path, f"part {part.filename} declares a DTD, which Word never writes: "
                                                "refused (an entity-expansion bomb?)")
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError) as exc:
        raise SourceFileError(path, f"the archive is damaged or encrypted: {exc}") from None
    return ["it carries macros: ignored, never run"] if any(n.endswith("vbaProject.bin") for n in names) else []


def _body_lines(document) -> list[str]:
    """Paragraphs (one line each) and table rows (cells joined by tabs), in the order of the body."""
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(Paragraph(child, document).text)
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return lines
