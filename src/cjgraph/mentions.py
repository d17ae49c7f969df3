"""Finding every known entity name in a passage in one pass: an Aho-Corasick automaton over all names.

Names, aliases and passages are compared case- and accent-insensitively (:func:`cjgraph.names.fold`), with
whitespace runs as one space and typographic apostrophes as plain ones. A name counts only as whole words:
``Act`` is not found in ``Actor``, but a plural or possessive ``s`` may follow it (``PCCs``).
``pyahocorasick`` is imported when a finder is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .names import fold


def comparable(text: str) -> str:
    """The form in which names are looked for in passages."""
    return " ".join(fold(text.replace("\u2019", "'")).split())


@dataclass(frozen=True)
class Mention:
    """One name found in a passage: its span (in the comparable form) and the ids of the entities it names."""

    start: int
    end: int
    ids: frozenset[str]


class NameFinder:
    """All the names and aliases of a set of entities, found in passages at once."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        """``names``: (entity id, name or alias) pairs."""
        import ahocorasick

        owners: dict[str, set[str]] = {}
        for entity_id, name in names:
            key = comparable(name)
            if key:
                owners.setdefault(key, set()).add(entity_id)
        self._automaton = ahocorasick.Automaton()
        for key, ids in owners.items():
            self._automaton.add_word(key, (len(key), frozenset(ids)))
        self._empty = not owners
        if owners:
            self._automaton.make_automaton()

    def mentions(self, passage: str) -> list[Mention]:
        """Every name in ``passage`` as whole words, overlapping ones included, in order of their start."""
        if self._empty:
            return []
        text = comparable(passage)
        found = []
        for last, (length, ids) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if _whole_words(text, start, end):
                found.append(Mention(start, end, ids))
        return sorted(found, key=lambda m: (m.start, -m.end))

    def named(self, passage: str) -> set[str]:
        """The ids of every entity named in ``passage`` (by any name found, overlapping or not)."""
        return {entity_id for mention in self.mentions(passage) for entity_id in mention.ids}

    def distinct(self, passage: str) -> list[frozenset[str]]:
        """The entities ``passage`` names, one item per different name read leftmost-longest (``Ministry of
        Justice`` is one name, not also ``Justice``); a name shared by several entities is one item."""
        chosen: list[frozenset[str]] = []
        reached = 0
        for mention in self.mentions(passage):  # by start, longest first at each start
            if mention.start >= reached:
                reached = mention.end
                if mention.ids not in chosen:
                    chosen.append(mention.ids)
        return chosen


def _whole_words(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start - 1].isalnum():
        return False
    if end < len(text) and text[end].isalnum():
        plural = text[end] == "s" and (end + 1 == len(text) or not text[end + 1].isalnum())
        return plural and text[start:end][-1:].isalnum()
    return True
