"""Add a document to a seed folder as a new source: its text in ``sources/``, its entry in ``sources.yaml``.

The entry is appended to ``sources.yaml`` as text (its comments and layout stay as they are), after the
whole new file has been parsed and found to hold the old entries plus exactly this one. Nothing is written
until the file has given a usable text and the entry is a valid :class:`~cjgraph.model.Source` with an
unused id; the text file is created exclusively and removed again if the index cannot be written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceFileError, UsageError
from .extract import KINDS, extract

if TYPE_CHECKING:
    from ..model import Source

INDEX_HEADER = ("# The source documents behind the evidence quotes; `cjgraph sources add` appends to this list.\n"
                "sources:\n")
ID_LENGTH = 60  # an id made from a title stops at the word that would pass this length
MAX_DECLARED = 300  # a title, author or URL the file declares that is longer is not metadata but noise
_URL = re.compile(r"^https?://\S+$")  # as evidence URLs are checked (cjgraph.model.Evidence)
_PLAIN = re.compile(r"[A-Za-z0-9(][^:#\"'{}\[\]&*!|>%@`\\]*")  # written without quotes when YAML reads it back


@dataclass
class AddedSource:
    """What :func:`add_source` did: the entry appended, the text file written, and any warnings."""

    source: Source
    text_file: Path
    index: Path
    format: str
    pages: int | None
    characters: int
    warnings: list[str] = field(default_factory=list)  # ``path: warning: message``

    def summary(self) -> str:
        pages = f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages is not None else ""
        return (f"added source {self.source.id!r} ({self.format}{pages}, {self.characters:,} characters): "
                f"{self.text_file}, entry appended to {self.index}")


def add_source(file: str | os.PathLike, seeds: str | os.PathLike | None = None, *, id: str | None = None,
               title: str | None = None, publisher: str | None = None, date: str | None = None,
               url: str | None = None, kind: str | None = None) -> AddedSource:
    """Add ``file`` (PDF, HTML, DOCX, Markdown or text) to the seed folder ``seeds`` as a source document.

    Metadata the file declares (title, author or site, date, URL) fills what is not given; ``kind`` defaults
    to the format's ("PDF document", "web page"...); ``id`` to a slug of the title. Raises SourceFileError
    (``path: message``) when the file is refused, UsageError naming the parameter when the entry is invalid.
    """
    folder = _folder(seeds)
    path = Path(file)
    found = extract(path)
    warnings = [f"{path}: warning: {warning}" for warning in found.warnings]
    for name in ("title", "publisher", "url"):
        if len(getattr(found, name) or "") > MAX_DECLARED:
            setattr(found, name, None)
            warnings.append(f"{path}: warning: its declared {name} is over {MAX_DECLARED} characters: left out")
    title = _given(title, "title") or found.title
    if title is None:
        raise UsageError("the file gives no title: give one", parameter="title")
    publisher = _given(publisher, "publisher") or found.publisher
    if publisher is None:
        raise UsageError("the file names no author or publisher: give the publisher", parameter="publisher")
    if url is not None and not _URL.match(url):
        raise UsageError(f"{url!r} is not an http(s) URL", parameter="url")
    if date is None and found.date is not None:
        date = _file_date(found.date, path, warnings)
    entry = {"id": id if id is not None else _slug(title), "title": title, "publisher": publisher,
             "kind": _given(kind, "kind") or KINDS[found.format], "date": date, "file": None,
             "url": url if url is not None else found.url}
    entry["file"] = f"{entry['id']}.txt"
    source = _valid_source({key: value for key, value in entry.items() if value is not None})
    index = folder / "sources" / "sources.yaml"
    try:
        old = index.read_text(encoding="utf-8") if index.exists() else INDEX_HEADER
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {index}: {getattr(exc, 'strerror', None) or exc}", parameter="seeds") \
            from None
    _check_unused(source, folder, old)
    new = _appended(old, source)
    _write(folder / "sources" / source.file, found.text, index, new)
    return AddedSource(source, folder / "sources" / source.file, index, found.format, found.pages,
                       len(found.text), warnings)


def _folder(seeds: str | os.PathLike | None) -> Path:
    from ..resources import _PACKAGE, bundled_seeds

    folder = bundled_seeds() if seeds is None or str(seeds) == "bundled" else Path(seeds)
    if folder.resolve() == (_PACKAGE / "data" / "seeds").resolve():  # inside an installed wheel
        raise UsageError("the bundled seeds of an installed cjgraph are not for editing: give a seed folder",
                         parameter="seeds")
    if not folder.is_dir():
        raise UsageError(f"seed folder {str(seeds)!r} does not exist or is not a folder", parameter="seeds")
    return folder


def _given(value: str | None, parameter: str) -> str | None:
    if value is not None and not value.strip():
        raise UsageError("must not be empty", parameter=parameter)
    return " ".join(value.split()) if value is not None else None


def _file_date(value: str, path: Path, warnings: list[str]) -> str | None:
    """The file's date if it is a plausible one; else a warning and no date."""
    from ..dates import parse_partial_date

    try:
        return parse_partial_date(value)
    except ValueError as exc:
        warnings.append(f"{path}: warning: its declared date is left out ({exc}); give the date if you know it")
        return None


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower())
    ident = ""
    for word in words:
        longer = f"{ident}-{word}" if ident else word
        if len(longer) > ID_LENGTH and ident:
            break
        ident = longer
    if not ident:
        raise UsageError(f"no id can be made from the title {title!r}: give one", parameter="id")
    return ident[:ID_LENGTH].strip("-")


def _valid_source(entry: dict):
    """The entry as a Source, or a UsageError naming the parameter at fault."""
    from pydantic import ValidationError

    from ..model import Source

    try:
        return Source.model_validate(entry)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = str(error["loc"][0]) if error["loc"] else "id"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "string_pattern_mismatch" and where == "id":
            message = f"{entry['id']!r} is not an id: lower-case letters and digits joined by single hyphens"
        raise UsageError(message, parameter="id" if where == "file" else where) from None


def _check_unused(source, folder: Path, index_text: str) -> None:
    import yaml

    try:
        listed = (yaml.safe_load(index_text) or {}).get("sources") or []
    except (yaml.YAMLError, AttributeError):
        raise UsageError(f"{folder / 'sources' / 'sources.yaml'} cannot be read: fix it first (cjgraph validate)",
                         parameter="seeds") from None
    if any(isinstance(item, dict) and item.get("id") == source.id for item in listed):
        raise UsageError(f"a source with id {source.id!r} is already in {folder / 'sources' / 'sources.yaml'}: "
                         "give another id", parameter="id")
    if (folder / "sources" / source.file).exists():
        raise UsageError(f"{folder / 'sources' / source.file} already exists: give another id", parameter="id")


def _scalar(value: str) -> str:
    import yaml

    if _PLAIN.fullmatch(value) and value == value.strip() and yaml.safe_load(f"k: {value}") == {"k": value}:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _appended(old: str, source) -> str:
    """``sources.yaml`` with the source's entry appended as text, in the file's own indentation; refused
    unless YAML reads it back as the old entries and exactly this one."""
    import yaml

    indent = re.search(r"^( *)- ", old.split("\nsources:", 1)[-1], re.M)
    pad = indent.group(1) if indent else "  "
    values = source.model_dump(exclude_none=True)
    order = [key for key in ("id", "title", "publisher", "kind", "date", "file", "url") if key in values]
    lines = [f"{pad}{'- ' if n == 0 else '  '}{key}: "
             f"{json.dumps(values[key]) if key == 'date' else _scalar(values[key])}" for n, key in enumerate(order)]
    base = old if old.endswith("\n") else old + "\n"
    new = base + ("" if base.endswith(("\n\n", "sources:\n")) else "\n") + "\n".join(lines) + "\n"
    try:
        before = (yaml.safe_load(old) or {}).get("sources") or []
        after = yaml.safe_load(new).get("sources")
        fits = after == [*before, values]
    except (yaml.YAMLError, AttributeError):
        fits = False
    if not fits:
        raise UsageError("cannot append to sources.yaml (its 'sources' list is not a block list at the end of "
                         "the file): add this entry by hand\n" + "\n".join(lines), parameter="seeds")
    return new


def _write(text_file: Path, text: str, index: Path, new_index: str) -> None:
    """Create the text file (never over an existing one), then replace the index atomically (keeping its
    permissions); on failure remove the text file again."""
    temporary, created = None, False
    try:
        text_file.parent.mkdir(parents=True, exist_ok=True)
        with text_file.open("x", encoding="utf-8", newline="\n") as out:
            created = True
            out.write(text)
        handle, temporary = tempfile.mkstemp(prefix=".sources-", suffix=".yaml", dir=index.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(new_index)
        if index.exists():
            shutil.copymode(index, temporary)
        os.replace(temporary, index)
    except BaseException as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if created:
            text_file.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise SourceFileError(exc.filename or text_file, f"cannot write it: {exc.strerror or exc}") from None
        raise
