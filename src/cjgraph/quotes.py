"""Why a quote is not in its source document: where it stops matching and the nearest passage.

Quotes are matched as :func:`normalise` makes them: Unicode NFC, runs of whitespace as one space, and
nothing else (case, quote marks and dashes must be as in the source). The explanation below matches the
same way; it runs only for quotes that failed, and for at most :data:`MAX_EXPLAINED` of them per run.
rapidfuzz (fuzzy alignment, word-level edit operations) is imported then, not when validation starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

WIDTH = 100  # detail lines fit a terminal this wide
INDENT = "    "
CLOSE = 75  # a passage at least this alike (rapidfuzz partial ratio, 0-100) is "near"
MAX_EXPLAINED = 100  # a source rewritten under thousands of quotes must not make validation crawl
_FUZZY_CHARS = 1000  # a longer quote is compared by its first characters
_WORDS = 5  # differing words shown on each side
_SLACK = 20  # how far (characters) a fuzzy alignment may start from where the quote's first words are
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u2010": "-", "\u2011": "-", "\u2212": "-"})


def normalise(text: str) -> str:
    """Whitespace-normalised text, the form in which quotes are matched against sources."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class SourceTexts:
    """The normalised text of each source document, with its file for line numbers in explanations."""

    texts: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    explained: int = 0
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _pages: dict[str, object] = field(default_factory=dict)

    def add(self, ident: str, path: Path) -> None:
        """Read a source document (OSError and UnicodeDecodeError propagate)."""
        self.texts[ident] = normalise(path.read_text(encoding="utf-8"))
        self.files[ident] = path

    def __contains__(self, ident: object) -> bool:
        return ident in self.texts

    def pages(self, ident: str):
        """The page index (cjgraph.ingest.pages.PageIndex) of a document whose stored text has pages, else None."""
        if ident not in self._pages:
            from .ingest.pages import PAGE_END, PageIndex

            raw = self.files[ident].read_text(encoding="utf-8")
            self._pages[ident] = PageIndex(raw) if PAGE_END in raw else None
        return self._pages[ident]

    def line(self, ident: str, offset: int) -> int:
        """The line of the source file on which the normalised text's character ``offset`` lies."""
        if ident not in self._starts:  # the line of each word of the file, in order
            raw = unicodedata.normalize("NFC", self.files[ident].read_text(encoding="utf-8"))
            starts, line, last = [], 1, 0
            for word in re.finditer(r"\S+", raw):
                line += raw.count("\n", last, word.start())
                last = word.start()
                starts.append(line)
            self._starts[ident] = starts
        starts = self._starts[ident]
        word = self.texts[ident].count(" ", 0, offset)
        return starts[min(word, len(starts) - 1)] if starts else 1

    def explain(self, ident: str, quote: str) -> tuple[str, ...]:
        """Indented detail lines saying where ``quote`` stops matching document ``ident`` and what is nearest
        (none past the first :data:`MAX_EXPLAINED`, or when the file can no longer be read for line numbers)."""
        self.explained += 1
        if self.explained > MAX_EXPLAINED:
            return ()
        try:
            return self._explain(ident, quote)
        except (OSError, UnicodeDecodeError):  # the source changed under us: the first line still stands
            return ()

    def _explain(self, ident: str, quote: str) -> tuple[str, ...]:
        from rapidfuzz import fuzz

        quote, text = normalise(quote), self.texts[ident]
        near = fuzz.partial_ratio_alignment(quote[:_FUZZY_CHARS], text) if text and quote else None
        passage = _widen(text, near.dest_start, near.dest_end) if near and near.score >= CLOSE else None
        lines = _divergence(self, ident, quote, passage)
        if passage:
            start, end = passage
            head = f"nearest passage: line {self.line(ident, start)}, {near.score:.0f}% alike: "
            lines.append(head + _clip(text[start:end], WIDTH - len(INDENT + head)))
        else:
            best = f" (the best, line {self.line(ident, near.dest_start)}, is {near.score:.0f}% alike)" if near else ""
            lines.append(f"nearest passage: none is close{best}")
        elsewhere = [other for other, body in self.texts.items() if other != ident and quote in body]
        if elsewhere:
            lines.append(f"found verbatim in {elsewhere[0]!r}, line "
                         f"{self.line(elsewhere[0], self.texts[elsewhere[0]].index(quote))}")
        return tuple(INDENT + line for line in lines)


def _divergence(texts: SourceTexts, ident: str, quote: str, passage: tuple[int, int] | None) -> list[str]:
    """How far the quote matches the document, and the first words that differ after that.

    The place compared is an occurrence of the longest prefix of the quote found anywhere in the document
    (found as the checker finds quotes), unless a close passage exists and the prefix does not occur where it
    starts: then the quote is compared with that passage, since a short prefix occurs in many places.
    """
    text = texts.texts[ident]
    at = _anchor(text, quote[:_longest_prefix(quote, text)], passage)
    if at is not None:
        same = next((i for i, (a, b) in enumerate(zip(quote, text[at:at + len(quote)], strict=False)) if a != b),
                    min(len(quote), len(text) - at))
        cut = quote.rfind(" ", 0, same) + 1  # the start of the word in which they differ
    if at is None or (cut == 0 and passage is None):
        return [f"matches up to:   nothing, not even its first word, {_clip(quote.split(' ', 1)[0], 40)}"]
    room = WIDTH - len(INDENT + "matches up to:   ") - 34
    matched = _clip(quote[:cut].rstrip(), room, tail=True) if cut else "nothing"
    lines = [f"matches up to:   {matched} (line {texts.line(ident, at + cut)}, {cut} of {len(quote)} characters)"]
    difference = _first_difference(quote[cut:], text[at + cut:at + cut + 400])
    if difference is None:
        return [*lines, "then differs:    the document ends here"]
    said, written = difference
    note = _kind(said, written)
    room = (WIDTH - len(INDENT + "then differs:    quote , document " + note)) // 2
    return [*lines, f"then differs:    quote {_clip(said, room)}, document {_clip(written, room)}{note}"]


def _longest_prefix(quote: str, text: str) -> int:
    """The length of the longest prefix of ``quote`` that occurs in ``text`` (bisected: when a prefix occurs,
    every shorter one does)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def _first_difference(rest: str, following: str) -> tuple[str, str] | None:
    """The first words in which ``rest`` of a quote and the document ``following`` it differ (by rapidfuzz's
    word-level edit operations), or None when the document has no words left."""
    from rapidfuzz.distance import Levenshtein

    ours, theirs = rest.split(" ")[:3 * _WORDS], following.split(" ")[:4 * _WORDS]
    whole = len(ours) == rest.count(" ") + 1  # the quote's last word is in ``ours``
    if whole:  # as many words of the document as could answer the quote's; it may end inside a word ("Review.")
        theirs = [ours[-1] if word.startswith(ours[-1]) else word for word in theirs[:len(ours) + 3]]
    ops = Levenshtein.opcodes(ours, theirs)
    first = next((i for i, op in enumerate(ops) if op.tag != "equal"), None)
    if first is None or not following:
        return None
    # an added or missing word and a changed one right after it are one difference
    last = first + 1 if ops[first].tag != "replace" and first + 1 < len(ops) and ops[first + 1].tag != "equal" \
        else first
    start, end = ops[first].dest_start, ops[last].dest_end
    if whole and ops[last].src_end == len(ours):  # not the words the document goes on with after the quote
        end = min(end, start + ops[last].src_end - ops[first].src_start)
    return " ".join(ours[ops[first].src_start:ops[last].src_end][:_WORDS]), " ".join(theirs[start:end][:_WORDS])


def _anchor(text: str, prefix: str, passage: tuple[int, int] | None) -> int | None:
    """Where to compare the quote with the text: the prefix where the close passage starts, else the passage,
    else the prefix's first occurrence (None when no prefix matched and no passage is close)."""
    if passage is None:
        return text.find(prefix) if prefix else None
    start = passage[0]
    there = text.find(prefix, max(0, start - _SLACK), start + _SLACK + len(prefix)) if prefix else -1
    return there if there >= 0 else start


def _kind(said: str, written: str) -> str:
    """A note when the words differ only in case, or only in quote marks and dashes."""
    if said and written and said != written:
        if said.translate(_FOLD) == written.translate(_FOLD):
            return " (only quote marks or dashes differ)"
        if said.casefold() == written.casefold():
            return " (only upper/lower case differs)"
    return ""


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words, without spaces at either end."""
    while start < end and text[start] == " ":
        start += 1
    start = text.rfind(" ", 0, start) + 1
    space = text.find(" ", end - 1) if end > start else -1
    end = len(text) if space < 0 else space
    return start, end


def _clip(text: str, width: int, *, tail: bool = False) -> str:
    """``text`` in double quotes, shortened with ``...`` (at its start when ``tail``) to ``width`` columns."""
    if not text:
        return "(nothing)"
    width = max(width, 12)
    if len(text) + 2 <= width:
        return f'"{text}"'
    keep = width - 5
    return f'"...{text[-keep:]}"' if tail else f'"{text[:keep]}..."'
