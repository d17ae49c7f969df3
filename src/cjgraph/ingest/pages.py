"""The stored form of a source's text, and the page on which a quote lies.

A source's text is stored as one UTF-8 file in ``sources/``. A paginated document (a PDF) ends each page
with a form feed, ``\\f``, as ``pdftotext`` writes it: page *n* is the text after the *(n-1)*-th form feed.
The form feed is whitespace, so the quote checker (cjgraph.quotes.normalise: NFC, runs of whitespace as one
space) reads it as a space and a quote that runs across two pages still verifies; a text with no form feed
has no pages. No sidecar file is needed, and the text stays what the checker and the dataset stamp read.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

from ..quotes import normalise

PAGE_END = "\f"
# typographic ligatures (PDF fonts) as the letters a curator types; NFC keeps them, NFKC would change far more
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\u00ad": ""})  # and soft hyphens, which are invisible
# control characters other than tab and newline (and the page end, which join_pages alone writes)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_NUMBER = re.compile(r"\d+")
_FIRST_NUMBER = re.compile(r"\d{1,9}")  # bounded: int() of thousands of digits raises


def clean_text(text: str) -> str:
    """Text as stored: NFC, ligatures spelt out, no control characters, no trailing spaces on a line, at most
    one blank line in a row, no blank lines at either end (form feeds are removed too: see :func:`join_pages`)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).translate(_LIGATURES)
    text = _CONTROL.sub(" ", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def join_pages(pages: Iterable[str]) -> str:
    """The stored text of a paginated document: each page cleaned and ended by a form feed (an empty page
    is a form feed alone, so page numbers stay those of the document)."""
    return "".join(f"{page}\n{PAGE_END}" if page else PAGE_END for page in map(clean_text, pages))


def without_running_lines(pages: list[str]) -> tuple[list[str], list[str]]:
    """Pages without their running headers and footers, and those lines (as found first).

    A running line is the first or last line of a page whose text is the first (or last) line of at least half
    the pages and of three or more, up to two deep at each end: the same line, or one whose number runs with
    the page's (``Page 3 of 12`` on page 3, ``Page 4 of 12`` on page 4), so "Recommendation 3" heading a few
    pages is kept. Left in, a running line would sit inside every passage that runs across a page break, and such a
    quote would not verify.
    """
    lines = [[line for line in page.split("\n") if line.strip()] for page in pages]
    needed = max(3, (len(pages) + 1) // 2)
    removed: list[str] = []
    for end in (0, -1):
        for _ in range(2):
            for key_of in (_same_line, _page_numbered):
                keys = [key_of(page[end], n) if len(page) > 2 else None for n, page in enumerate(lines)]
                counts: dict[str, int] = {}
                for key in filter(None, keys):
                    counts[key] = counts.get(key, 0) + 1
                common = max(counts, key=counts.__getitem__, default=None)
                if common is not None and counts[common] >= needed:
                    break
            else:
                break
            removed.append(next(page[end].strip() for page, key in zip(lines, keys, strict=True) if key == common))
            for page, key in zip(lines, keys, strict=True):
                if key == common:
                    del page[end]
    if not removed:
        return pages, []
    return ["\n".join(page) for page in lines], removed


def _same_line(line: str, index: int) -> str | None:
    """The line's words (a running line that is the same on every page)."""
    return " ".join(line.split()).lower() or None


def _page_numbered(line: str, index: int) -> str | None:
    """The line's words with numbers as ``#``, and how far its first number is from the page's index (a
    running line whose number is the page's)."""
    text = _same_line(line, index)
    number = _FIRST_NUMBER.search(text) if text else None
    return f"{_NUMBER.sub('#', text)}|{int(number.group()) - index}" if number else None


class PageIndex:
    """Pages of one stored source text, to look up many quotes (build once per text)."""

    def __init__(self, source_text: str):
        self.paginated = PAGE_END in source_text
        self.text = normalise(source_text)
        # the number of words before each page's end, so a word's index gives its page by bisection
        self._ends: list[int] = []
        words = 0
        for page in source_text.split(PAGE_END) if self.paginated else ():
            words += len(page.split())
            self._ends.append(words)

    def span(self, quote: str) -> tuple[int, int] | None:
        """The first and last page of the quote's first occurrence (matched as the checker matches), or None
        when the text has no pages or does not contain the quote."""
        quote = normalise(quote)
        at = self.text.find(quote) if self.paginated and quote else -1
        if at < 0:
            return None
        first = self.text.count(" ", 0, at)  # the index of the word in which the quote starts
        last = first + quote.count(" ")
        return bisect_right(self._ends, first) + 1, bisect_right(self._ends, last) + 1

    def page_of(self, quote: str) -> int | None:
        """The page on which the quote starts, or None (see :meth:`span`)."""
        found = self.span(quote)
        return found[0] if found else None


def page_of(source_text: str, quote: str) -> int | None:
    """The page (from 1) on which ``quote`` starts in a stored source text, or None when the text has no
    pages (not a PDF) or does not contain the quote. For many quotes of one text, use :class:`PageIndex`."""
    return PageIndex(source_text).page_of(quote)
