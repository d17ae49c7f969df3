"""A source's text as sentences: each one a verbatim passage of the normalised text (what quotes are checked
against), with the line of the source file it starts on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotes import normalise

# a sentence ends at . ! ? (a closing quote may follow) before a space and a capital, digit or opening quote
_END = re.compile(r"(?<=[.!?])(?:[\"”’']|\d{1,2}(?=\s+[A-Z]))?\s+(?=[A-Z0-9“‘\"'£])")  # a footnote number may follow
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Mr.", "Mrs.", "Dr.", "St.", "No.", "vs.", "cf.")
_DATED = re.compile(r"\((?:January|February|March|April|May|June|July|August|September|October|November|"
                    r"December) \d{4}\)$")  # a dated title ends its line
REFERENCE = re.compile(r"^(?:\[\d+\]\s*)?(?P<author>[A-Z][^.\[\]]{1,60}?)\.\s+\(?(?P<year>(?:19|20)\d{2})\)?\.\s+"
                       r"(?P<title>[^\[]+?)\.(?=\s|$)")
_ENDS = re.compile(r"[.!?:;”\"](?:\[\d+\]|\d{1,2})?$")  # a sentence's end, a footnote mark after it
MAX_PASSAGE = 600  # characters: a longer run without a full stop is cut at a semicolon or comma


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim in the normalised source text
    line: int  # line of the source file where it starts
    index: int  # its position among the source's sentences
    heading: bool = False  # a line of its own without a full stop (a title, a dated item of a list)
    reference: bool = False  # an entry of a list of references ("[1] Clinks. (2023). Title. [Online]...")


def sentences(raw: str) -> list[Sentence]:
    """The sentences of a source file's text, read in logical lines (:func:`logical_lines`)."""
    found: list[Sentence] = []
    for number, text in logical_lines(raw):
        if REFERENCE.match(text):
            found += [Sentence(part, number, len(found) + i, reference=True) for i, part in enumerate(_cut(text))]
            continue
        start = 0
        pieces = []
        for match in _END.finditer(text):
            piece = text[start:match.start() + len(match.group().rstrip())]
            if piece.endswith(_ABBREVIATIONS):
                continue
            pieces.append(piece)
            start = match.end()
        pieces.append(text[start:])
        heading = len(pieces) == 1 and not text.endswith((".", "!", "?", ":", "”", '"'))
        for piece in pieces:
            for part in _cut(piece.strip()):
                if len(part) > 2:
                    found.append(Sentence(part, number, len(found), heading))
    return found


def logical_lines(raw: str) -> list[tuple[int, str]]:
    """Lines joined where a hard-wrapped paragraph goes on: a line not ending a sentence that is long (a wrapped
    line) or followed by one starting in lower case (across a blank line too: a page break). Normalised."""
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    last = 0  # length of the last line read
    lengths = sorted(len(normalise(line)) for line in raw.splitlines() if len(line.strip()) >= 40)
    wrapped = max(60, int(0.85 * lengths[len(lengths) // 2])) if lengths else 60  # a wrapped line is about this long
    blank = False
    for number, line in enumerate(raw.splitlines(), 1):
        text = normalise(line)
        if not text:
            blank = True
            continue
        if pending is not None:
            first, held = pending
            ends = bool(_ENDS.search(held)) or bool(_DATED.search(held)) \
                or bool(REFERENCE.match(held)) or text.startswith("[")
            goes_on = not ends and ((last >= wrapped and not blank) or text[:1].islower())
            last = len(text)
            if goes_on:
                pending = (first, f"{held} {text}")
                blank = False
                continue
            out.append(pending)
        pending, blank, last = (number, text), False, len(text)
    if pending is not None:
        out.append(pending)
    return out


def _cut(piece: str) -> list[str]:
    """A piece longer than MAX_PASSAGE, cut at semicolons (else commas) so that passages stay short."""
    if len(piece) <= MAX_PASSAGE:
        return [piece]
    for mark in ("; ", ", "):
        parts = piece.split(mark)
        if len(parts) > 1:
            out, current = [], ""
            for part in parts:
                current = f"{current}{mark}{part}" if current else part
                if len(current) > MAX_PASSAGE // 2:
                    out.append(current)
                    current = ""
            if current:
                out.append(current)
            return [p.strip() for p in out if p.strip()]
    return [piece]
