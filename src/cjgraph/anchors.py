"""Re-anchoring one quote in a re-captured source text (``cjgraph recheck``; the seeds' side is
:mod:`cjgraph.rechecking`).

A quote is looked for in the source's text as the checker matches it (:func:`cjgraph.quotes.normalise`),
and is then

- **unchanged**: still verbatim (with its line in the text file, and its page when the text is paginated);
- **moved**: verbatim, but on another line or page than in the previous text, which is known only when
  there is one: the text as committed in git (when it differs from the file), or a file given as ``previous``;
- **changed**: not verbatim, but a passage at least :data:`~cjgraph.quotes.CLOSE`% alike is found by fuzzy
  alignment (rapidfuzz): its text (the proposed fix), the similarity, and a word-level diff;
- **vanished**: nothing close.

The nearest passage is found by rapidfuzz's ``partial_ratio_alignment``, first near where the quote's first
or last words still occur, else over the whole text, then moved to the word boundaries whose text is most
alike to the quote. rapidfuzz is imported only for quotes that are no longer verbatim.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .quotes import CLOSE, normalise

STATUSES = ("unchanged", "moved", "changed", "vanished")
_FUZZY_CHARS = 1000  # a longer quote is aligned by its first characters, then widened
_CLIP = 40  # characters of a quote shown on a report line
_CONTEXT = 3  # unchanged words shown either side of a difference


@dataclass(frozen=True)
class Place:
    """Where a passage starts in a source text file: its line, and its page when the text has pages."""

    line: int
    page: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}" + (f", page {self.page}" if self.page else "")


@dataclass(frozen=True)
class Anchor:
    """What became of one quote in one source text (shared by identical quotes)."""

    status: str
    place: Place | None  # where the passage (or the nearest text) starts now
    before: Place | None = None  # where it started in the previous text, when known and verbatim there
    nearest: str | None = None  # changed: the nearest text (whitespace-normalised), the proposed quote
    score: float | None = None  # changed or vanished: similarity of the nearest text, 0-100 (rapidfuzz ratio)
    diff: str | None = None  # changed: the words that differ, as [-removed-] {+added+}


def clip(text: str, width: int = _CLIP) -> str:
    """``text`` in single quotes, cut with ``…`` to ``width`` characters."""
    return f"'{text}'" if len(text) <= width else f"'{text[:width - 1].rstrip()}…'"


def clip_pair(old: str, new: str, width: int = _CLIP) -> tuple[str, str]:
    """Both texts clipped (:func:`clip`), from two words before the first word in which they differ when
    the words they share would fill most of the width."""
    a, b = old.split(" "), new.split(" ")
    same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    skip = max(0, same - 2)
    if len(" ".join(a[:same])) < width // 2 or skip == 0:
        return clip(old, width), clip(new, width)
    return (clip("…" + " ".join(a[skip:]), width), clip("…" + " ".join(b[skip:]), width))


class SourceText:
    """One version of a source's text: normalised as the checker reads it, with each word's line and page."""

    def __init__(self, raw: str):
        raw = unicodedata.normalize("NFC", raw)
        self.text = normalise(raw)
        self.paginated = "\f" in raw
        self._lines: list[int] = []
        self._pages: list[int] = []
        page = 1
        for number, line in enumerate(raw.split("\n"), 1):
            for k, part in enumerate(line.split("\f")):
                page += 1 if k else 0
                words = len(part.split())
                self._lines += [number] * words
                self._pages += [page] * words
        self.spaces = [i for i, c in enumerate(self.text) if c == " "]
        self.starts = [0, *(i + 1 for i in self.spaces)]  # where each word starts and ends
        self.ends = [*self.spaces, len(self.text)]

    def place(self, offset: int) -> Place:
        """The place of the word in which the normalised text's character ``offset`` lies."""
        if not self._lines:
            return Place(1, 1 if self.paginated else None)
        word = min(bisect_left(self.spaces, offset), len(self._lines) - 1)
        return Place(self._lines[word], self._pages[word] if self.paginated else None)

    def find(self, quote: str) -> Place | None:
        at = self.text.find(quote) if quote else -1
        return self.place(at) if at >= 0 else None


def anchor(quote: str, text: SourceText, previous: SourceText | None = None) -> Anchor:
    """What became of ``quote`` (whitespace-normalised) in ``text``, compared with ``previous`` when given."""
    place = text.find(quote)
    if place is not None:
        before = previous.find(quote) if previous is not None else None
        moved = before is not None and (before.line != place.line or (None not in (before.page, place.page)
                                        and before.page != place.page))
        return Anchor("moved" if moved else "unchanged", place, before if moved else None)
    return _nearest(quote, text)


def _nearest(quote: str, text: SourceText) -> Anchor:
    """The passage of ``text`` nearest to ``quote``: aligned near the quote's first or last words when one
    of them still occurs, else over the whole text; then given the ends of the quote (:func:`_refine`)."""
    from rapidfuzz import fuzz

    body = text.text
    near, low = None, 0
    for low, high in (*_windows(quote, body), (0, len(body))) if body and quote else ():
        # the cut-off lets rapidfuzz skip what cannot reach it: a text with nothing close is read quickly
        near = fuzz.partial_ratio_alignment(quote[:_FUZZY_CHARS], body[low:high], score_cutoff=CLOSE)
        if near is not None:
            break
    if near is None:
        return Anchor("vanished", None)
    start, end = low + near.dest_start, low + near.dest_end + max(0, len(quote) - _FUZZY_CHARS)
    start, end = _refine(quote, text, start, min(end, len(body)))
    nearest = body[start:end]
    score = fuzz.ratio(quote, nearest)
    if score < CLOSE:
        return Anchor("vanished", text.place(start), score=score)
    return Anchor("changed", text.place(start), nearest=nearest, score=score, diff=word_diff(quote, nearest))


def _windows(quote: str, body: str) -> list[tuple[int, int]]:
    """Stretches of ``body`` around the first occurrence of the quote's first and of its last third of words."""
    words = quote.split(" ")
    third = max(3, len(words) // 3)
    if len(words) < 2 * third:
        return []
    out = []
    for part, before in ((" ".join(words[:third]), 0), (" ".join(words[-third:]), len(quote))):
        at = body.find(part)
        if at >= 0:
            out.append((max(0, at - before - len(quote) // 2), min(len(body), at - before + 3 * len(quote) // 2)))
    return out


def _refine(quote: str, text: SourceText, start: int, end: int) -> tuple[int, int]:
    """The span around ``start``..``end`` that answers the quote: whole words, but ending where the quote's
    last word ends when the text's word goes on (``offenders`` in ``offenders.``), and likewise at its start.

    The quote's words are aligned with the text's nearby words (rapidfuzz Indel opcodes: their longest common
    sequence). The span runs from the first word they share to the last, widened at each end by up to as
    many words as the quote has there that the text does not share (a changed first or last word), as far
    as that brings it nearer to the quote (Levenshtein distance, each word taken in counting one edit in its
    favour). Words the text goes on with beyond the quote's ends are not taken in.
    """
    from rapidfuzz.distance import Indel, Levenshtein

    body, starts, ends = text.text, text.starts, text.ends
    said = quote.split(" ")
    reach = 2 + len(said) // 4
    s = max(0, bisect_right(starts, start) - 1 - reach)
    e = min(len(ends) - 1, bisect_left(ends, end) + reach)
    shared = [op for op in Indel.opcodes(said, body[starts[s]:ends[e]].split(" ")) if op.tag == "equal"]
    # a short run of shared words at an end, cut off from the rest by words the quote does not have ("the"
    # a few words before where the quote starts), is a chance match
    while len(shared) > 1 and shared[0].src_end - shared[0].src_start <= 2 and \
            shared[1].dest_start - shared[0].dest_end > shared[1].src_start - shared[0].src_end:
        shared.pop(0)
    while len(shared) > 1 and shared[-1].src_end - shared[-1].src_start <= 2 and \
            shared[-1].dest_start - shared[-2].dest_end > shared[-1].src_start - shared[-2].src_end:
        shared.pop()
    if not shared:
        return start, end
    first, last = s + shared[0].dest_start, s + shared[-1].dest_end - 1
    before, after = shared[0].src_start, len(said) - shared[-1].src_end

    def distance(a: int, b: int) -> int:
        return Levenshtein.distance(quote, body[starts[a]:ends[b]])

    # each word taken in counts one edit in its favour: "as" changed to "XXXX" is taken in, not dropped
    first = min(range(max(0, first - before), first + 1), key=lambda a: (distance(a, last) - (first - a), a))
    last = min(range(last, min(len(ends) - 1, last + after) + 1), key=lambda b: (distance(first, b) - (b - last), -b))
    start, end = starts[first], ends[last]
    if body.startswith(said[-1], starts[last]) and starts[last] + len(said[-1]) < end:
        end = starts[last] + len(said[-1])  # the quote stopped inside the text's last word: so does the fix
    if body.endswith(said[0], start, ends[first]) and ends[first] - len(said[0]) > start:
        start = ends[first] - len(said[0])  # and started inside its first (cap in “cap)
    return start, end


def word_diff(old: str, new: str) -> str:
    """The words of ``new`` against ``old``: ``[-removed-]`` and ``{+added+}``, with a few words of context."""
    from rapidfuzz.distance import Indel  # insertions and deletions only: the longest common words stay equal

    a, b = old.split(" "), new.split(" ")
    ops = Indel.opcodes(a, b)
    parts: list[str] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if removed:
            parts.append("[-" + " ".join(removed) + "-]")
        if added:
            parts.append("{+" + " ".join(added) + "+}")
        removed.clear()
        added.clear()

    for i, op in enumerate(ops):
        if op.tag != "equal":
            removed += a[op.src_start:op.src_end]
            added += b[op.dest_start:op.dest_end]
            continue
        flush()
        same = a[op.src_start:op.src_end]
        if len(same) > 2 * _CONTEXT + 1:
            same = [*(same[:_CONTEXT] if i else []), "…", *(same[-_CONTEXT:] if i < len(ops) - 1 else [])]
        parts += same
    flush()
    return " ".join(parts)

