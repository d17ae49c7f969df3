"""The source documents as citations: one CSL-JSON item per source (``source_csl``), and the whole list as
CSL-JSON, BibTeX or RIS for Zotero or any reference manager.

One mapping: a source's free-text ``kind`` picks a ``CitationType`` (``TYPES``, first match wins), the
source becomes a CSL item, and the BibTeX and RIS records are written from that item. The publisher is
also the institutional author (CSL ``{"literal": ...}``, BibTeX ``{{...}}``, RIS ``AU``). Whitespace in
titles and names is collapsed to single spaces (a citation is one line; RIS is line-based). Every record
notes the dataset stamp: ``cjgraph dataset cj-…`` (CSL ``note``, BibTeX ``note``, RIS ``N1``).

Model level: imports only model and stamp (rispy, for RIS, when it is written).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import NamedTuple

from .model import Dataset, Source
from .stamp import stamp_of

CITATION_FORMATS = ("csl-json", "bibtex", "ris")


class CitationType(NamedTuple):
    """The type of a source in each format, and the BibTeX field that holds its publisher."""

    csl: str
    bibtex: str
    ris: str
    bibtex_publisher: str


# (words or phrases of a source's kind, its type): the first whose word appears in the kind wins
TYPES: tuple[tuple[tuple[str, ...], CitationType], ...] = (
    (("blog",), CitationType("post-weblog", "online", "BLOG", "organization")),
    (("web page", "webpage", "website", "web site"), CitationType("webpage", "online", "ELEC", "organization")),
    (("book",), CitationType("book", "book", "BOOK", "publisher")),
    (("report", "response", "evidence", "briefing", "review", "consultation", "inquiry", "strategy", "guidance",
      "paper", "plan"), CitationType("report", "techreport", "RPRT", "institution")),
)
OTHER = CitationType("document", "misc", "GEN", "publisher")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def citation_type(kind: str) -> CitationType:
    """The citation type of a source of ``kind`` (e.g. ``consultation response`` -> report)."""
    for words, found in TYPES:
        if any(re.search(rf"\b{re.escape(word)}\b", kind, re.IGNORECASE) for word in words):
            return found
    return OTHER


def _line(text: str) -> str:
    return " ".join(text.split())


def note(stamp: str) -> str:
    """The note every exported record carries."""
    return f"cjgraph dataset {stamp}"


def source_csl(source: Source, stamp: str | None = None) -> dict[str, object]:
    """The CSL-JSON item of ``source``: id, type, title, publisher, the publisher as institutional author,
    issued (date-parts of its partial date), URL, and ``note`` naming the dataset ``stamp`` when given."""
    item: dict[str, object] = {"id": source.id, "type": citation_type(source.kind).csl, "title": _line(source.title),
                               "publisher": _line(source.publisher), "author": [{"literal": _line(source.publisher)}]}
    if source.date:
        item["issued"] = {"date-parts": [[int(part) for part in source.date.split("-")]]}
    if source.url:
        item["URL"] = source.url
    if stamp:
        item["note"] = note(stamp)
    return item


def _items(sources: Iterable[Source], stamp: str | None) -> list[tuple[Source, dict[str, object]]]:
    return [(s, source_csl(s, stamp)) for s in sorted(sources, key=lambda s: s.id)]


def csl_json(sources: Iterable[Source], stamp: str | None = None) -> str:
    """A CSL-JSON array of the sources' items, by id."""
    items = [item for _, item in _items(sources, stamp)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# LaTeX's specials, as text-mode commands that keep a field's braces balanced (BibTeX counts braces even
# after a backslash, so a lone ``\{`` would end or break the field)
_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
          "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "%": r"\%", "&": r"\&", "#": r"\#",
          "$": r"\$", "_": r"\_"}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX) + "|-(?=-)")


def bibtex_escape(text: str) -> str:
    """``text`` as a BibTeX field value: LaTeX specials escaped, ``--`` kept as two hyphens (not a dash),
    whitespace collapsed; other characters stay UTF-8."""
    return _SPECIAL.sub(lambda m: _LATEX.get(m.group(), "-{}"), _line(text))


def bibtex_url(url: str) -> str:
    """``url`` for BibTeX's verbatim ``url`` field: braces, backslashes and spaces percent-encoded (the same
    address; a brace would unbalance the field), nothing LaTeX-escaped (``\\%`` would become part of it)."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", url)


def _date_parts(item: dict[str, object]) -> list[int]:
    issued = item.get("issued")
    return list(issued["date-parts"][0]) if isinstance(issued, dict) else []


def bibtex(sources: Iterable[Source], stamp: str | None = None) -> str:
    """A BibTeX entry per source, by id: @techreport, @online, @book or @misc (see ``TYPES``); title and
    author in double braces (kept as written: the author is an institution), ``date`` as partial ISO."""
    entries = []
    for source, item in _items(sources, stamp):
        kind = citation_type(source.kind)
        [author] = item["author"]  # type: ignore[misc]
        fields = [("title", "{" + bibtex_escape(str(item["title"])) + "}"),
                  ("author", "{" + bibtex_escape(author["literal"]) + "}"),
                  (kind.bibtex_publisher, bibtex_escape(str(item["publisher"])))]
        parts = _date_parts(item)
        if parts:
            fields += [("year", str(parts[0]))]
            fields += [("month", MONTHS[parts[1] - 1])] if len(parts) > 1 else []
            fields += [("date", "-".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])]))]
        if "URL" in item:
            fields.append(("url", bibtex_url(str(item["URL"]))))
        if "note" in item:
            fields.append(("note", bibtex_escape(str(item["note"]))))
        body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                          for name, value in fields)
        entries.append(f"@{kind.bibtex}{{{source.id},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(sources: Iterable[Source], stamp: str | None = None) -> str:
    """A RIS record per source, by id: TY, ID, TI, AU and PB (the publisher), PY and DA, UR, N1 (the stamp)."""
    import rispy

    class _Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:  # no numbered line before each record: not part of RIS
            return ""

    records = []
    for source, item in _items(sources, stamp):
        record: dict[str, object] = {"type_of_reference": citation_type(source.kind).ris, "id": source.id,
                                     "title": item["title"], "authors": [item["publisher"]],
                                     "publisher": item["publisher"]}
        parts = _date_parts(item)
        if parts:
            padded = [f"{p:02d}" for p in parts[1:]] + ["", ""]
            record.update(year=str(parts[0]), date=f"{parts[0]}/{padded[0]}/{padded[1]}/")
        if "URL" in item:
            record["urls"] = [item["URL"]]
        if "note" in item:
            record["notes"] = [item["note"]]
        records.append(record)
    return rispy.dumps(records, implementation=_Writer)


def citations_bytes(dataset: Dataset, fmt: str) -> bytes:
    """The dataset's sources in ``fmt`` (one of ``CITATION_FORMATS``), noting the dataset's stamp."""
    writers = {"csl-json": csl_json, "bibtex": bibtex, "ris": ris}
    if fmt not in writers:
        raise ValueError(f"unknown citation format {fmt!r}")
    return writers[fmt](dataset.sources.values(), stamp_of(dataset)).encode("utf-8")
