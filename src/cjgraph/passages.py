"""The passages of an answer: rows that differ only in their passage folded into one row with a list, and
a passage shown shortly where the row already quotes it in full.

Every canned question gives its evidence as a ``quote`` column (the verbatim passage) and a ``source``
column (the id of the document it is quoted from): ``PASSAGE_COLUMNS``, declared here once. The human
formats (terminal, Markdown, HTML, xlsx) show one row per statement with its passages; JSON and CSV keep
one row per passage, their documented row format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

QUOTE, SOURCE = "quote", "source"
PASSAGE_COLUMNS = (QUOTE, SOURCE)
PASSAGES = "passages"
#: a quote the row's text holds in full is shown by its first and last words when longer than this
ELIDE_WORDS = 14


@dataclass(frozen=True)
class Passage:
    """One passage: its quote and the id of its source document (or the URL of a fact known from elsewhere)."""

    quote: str | None
    source: str | None = None
    url: str | None = None

    def text(self) -> str:
        if self.quote is None:
            return f"<{self.url}>" if self.url else ""
        return f"\u201c{self.quote}\u201d" + (f" [{self.source}]" if self.source else "")


def passage_columns(columns: Sequence[str], rows: Sequence[dict[str, object]]) -> list[str]:
    """The columns of folded rows that hold lists of :class:`Passage` (``passages``; a path's ``evidence``)."""
    return [c for c in columns if any(isinstance(row.get(c), list) and row[c] and isinstance(row[c][0], Passage)
                                      for row in rows)]


def _evidence(rows: Sequence[dict[str, object]], columns: Sequence[str]) -> list[dict[str, object]]:
    """Rows whose cells of evidence items (mappings with ``quote``, ``document``, ``url``: a path's hops) hold
    :class:`Passage` lists instead."""
    def convert(value: object) -> object:
        if isinstance(value, list) and value and all(isinstance(v, Mapping) and "quote" in v for v in value):
            return [Passage(v.get("quote"), v.get("document"), v.get("url")) for v in value]
        return value

    return [{c: convert(row.get(c)) for c in columns} for row in rows]


def fold(columns: Sequence[str], rows: Sequence[dict[str, object]]) -> tuple[list[str], list[dict[str, object]]]:
    """Columns and rows with ``quote``/``source`` replaced by one ``passages`` column (a list of
    :class:`Passage`, in order, without repeats) where rows are otherwise equal; without quotes, the rows as
    they are but for cells of evidence items, which become :class:`Passage` lists."""
    if QUOTE not in columns:
        return list(columns), _evidence(rows, columns)
    if PASSAGES in columns:
        raise ValueError(f"an answer with a {QUOTE!r} column cannot also have a {PASSAGES!r} column")
    kept = [c for c in columns if c not in PASSAGE_COLUMNS]
    at = len([c for c in columns[:columns.index(QUOTE)] if c not in PASSAGE_COLUMNS])  # where the quote stood
    out_columns = [*kept[:at], PASSAGES, *kept[at:]]
    groups: dict[tuple, dict[str, object]] = {}
    for row in rows:
        key = tuple(_hashable(row.get(c)) for c in kept)
        folded = groups.get(key)
        if folded is None:
            folded = groups[key] = {**{c: row.get(c) for c in kept}, PASSAGES: []}
        source = None if row.get(SOURCE) is None else str(row[SOURCE])
        if row.get(QUOTE) is not None:
            passage = Passage(str(row[QUOTE]), source)
        elif source is not None and source.startswith(("http://", "https://")):  # a fact known from a URL
            passage = Passage(None, None, source)
        else:
            continue
        if passage not in folded[PASSAGES]:
            folded[PASSAGES].append(passage)
    return out_columns, list(groups.values())


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def shortened(passage: Passage, row: dict[str, object]) -> str:
    """The passage as text; when another cell of the row holds it whole (a recommendation's ``text``), only
    its first and last words, joined by an ellipsis, as a citation would elide it."""
    if passage.quote is None:
        return passage.text()
    words = passage.quote.split()
    folded = " ".join(words).casefold()
    held = any(isinstance(v, str) and folded in " ".join(v.split()).casefold() for v in row.values())
    if not held or len(words) <= ELIDE_WORDS:
        return passage.text()
    quote = " ".join(words[:5]) + " [\u2026] " + " ".join(words[-3:])  # the scholar's mark of an omission
    return f"\u201c{quote}\u201d" + (f" [{passage.source}]" if passage.source else "")
