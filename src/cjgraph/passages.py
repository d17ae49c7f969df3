"""The passages of an answer: rows that differ only in their passage folded into one row with a list, and
a passage shown shortly where the row already quotes it in full.

Every canned question gives its evidence as a ``quote`` column (the verbatim passage) and a ``source``
column (the id of the document it is quoted from): ``PASSAGE_COLUMNS``, declared here once. The human
formats (terminal, Markdown, HTML, xlsx) show one row per statement with its passages; JSON and CSV keep
one row per passage, their documented row format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

QUOTE, SOURCE = "quote", "source"
PASSAGE_COLUMNS = (QUOTE, SOURCE)
PASSAGES = "passages"
#: a quote the row's text holds in full is shown by its first and last words when longer than this
ELIDE_WORDS = 14


@dataclass(frozen=True)
class Passage:
    quote: str
    source: str | None = None

    def text(self) -> str:
        return f"\u201c{self.quote}\u201d" + (f" [{self.source}]" if self.source else "")


def fold(columns: Sequence[str], rows: Sequence[dict[str, object]]) -> tuple[list[str], list[dict[str, object]]]:
    """Columns and rows with ``quote``/``source`` replaced by one ``passages`` column (a list of
    :class:`Passage`, in order, without repeats) where rows are otherwise equal. Unchanged without quotes."""
    if QUOTE not in columns:
        return list(columns), list(rows)
    if PASSAGES in columns:
        raise ValueError(f"an answer with a {QUOTE!r} column cannot also have a {PASSAGES!r} column")
    at = columns.index(QUOTE)
    kept = [c for c in columns if c not in PASSAGE_COLUMNS]
    at = len([c for c in columns[:at] if c not in PASSAGE_COLUMNS])
    out_columns = [*kept[:at], PASSAGES, *kept[at:]]
    groups: dict[tuple, dict[str, object]] = {}
    for row in rows:
        key = tuple(_hashable(row.get(c)) for c in kept)
        folded = groups.get(key)
        if folded is None:
            folded = groups[key] = {**{c: row.get(c) for c in kept}, PASSAGES: []}
        if row.get(QUOTE) is not None:
            passage = Passage(str(row[QUOTE]), None if row.get(SOURCE) is None else str(row[SOURCE]))
            if passage not in folded[PASSAGES]:
                folded[PASSAGES].append(passage)
    return out_columns, list(groups.values())


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def shortened(passage: Passage, row: dict[str, object]) -> str:
    """The passage as text; when another cell of the row holds it whole (a recommendation's ``text``), only
    its first and last words, joined by an ellipsis, as a citation would elide it."""
    words = passage.quote.split()
    folded = " ".join(words).casefold()
    held = any(isinstance(v, str) and folded in " ".join(v.split()).casefold() for k, v in row.items()
               if k != PASSAGES)
    if not held or len(words) <= ELIDE_WORDS:
        return passage.text()
    quote = " ".join(words[:5]) + " \u2026 " + " ".join(words[-3:])
    return f"\u201c{quote}\u201d" + (f" [{passage.source}]" if passage.source else "")
