"""Short entity labels for pictures: wrapped onto a few lines, shortened, and never two alike.

A name longer than fits is cut at a word with an ellipsis. When two shortened names come out equal,
both are cut later (up to the whole name) until they differ; names that are equal in full get the first
of date, kind and id that tells them all apart, in brackets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

LINE = 16  # characters per line (narrow, squarish boxes pack closer than wide ones)
LINES = 3  # lines per label, at most
ELLIPSIS = "…"


def wrap(text: str, width: int = LINE, lines: int | None = LINES) -> list[str]:
    """Words on lines of at most ``width`` characters (a longer word is split); with ``lines``, a text that
    needs more lines is cut at the end of the last one with an ellipsis."""
    out: list[str] = []
    for word in text.split():
        while len(word) > width:
            if out and len(out[-1]) + 1 < width:
                room = width - len(out[-1]) - 1
                out[-1], word = f"{out[-1]} {word[:room]}", word[room:]
            else:
                out.append(word[:width])
                word = word[width:]
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        elif word:
            out.append(word)
    if lines is not None and len(out) > lines:
        last = out[lines - 1]
        out = [*out[:lines - 1], (last if len(last) < width else last[:width - 1].rstrip()) + ELLIPSIS]
    return out or [""]


def _label(name: str, lines: int | None) -> tuple[str, ...]:
    return tuple(wrap(" ".join(name.split()), LINE, lines))


def unique_labels(nodes: Iterable[Mapping]) -> dict[str, list[str]]:
    """Entity id -> the lines of its label (from ``name``; ``date``, ``kind`` and ``id`` break ties), no
    two alike."""
    nodes = list(nodes)
    labels = {n["id"]: _label(n["name"], LINES) for n in nodes}
    for group in _clashes(labels, nodes):
        for lines in range(LINES + 1, LINES + 5):  # cut later, a line at a time, then not at all
            for n in group:
                labels[n["id"]] = _label(n["name"], lines if lines < LINES + 4 else None)
            if not _clashes(labels, group):
                break
    by_id = {n["id"]: n for n in nodes}
    for group in _clashes(labels, nodes):
        field = next(f for f in ("date", "kind", "id") if len({by_id[n["id"]].get(f) for n in group}) == len(group)
                     or f == "id")
        for n in group:
            labels[n["id"]] = (*labels[n["id"]], f"({by_id[n['id']].get(field) or 'undated'})")
    return {ident: list(lines) for ident, lines in labels.items()}


def _clashes(labels: Mapping[str, tuple[str, ...]], nodes: Iterable[Mapping]) -> list[list[Mapping]]:
    """Groups of ``nodes`` whose labels are equal (ignoring case)."""
    groups: dict[tuple[str, ...], list] = defaultdict(list)
    for node in nodes:
        groups[tuple(line.casefold() for line in labels[node["id"]])].append(node)
    return [group for group in groups.values() if len(group) > 1]
