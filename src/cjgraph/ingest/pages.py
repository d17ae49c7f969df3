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
