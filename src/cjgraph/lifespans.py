"""Lifespan checks of seeds: dates of entities and relations that contradict each other.

Every date is a period (``2017`` is all of 2017) and two dates conflict only when one lies wholly before
the other: the last day of the earlier against the first day of the later (``cjgraph.dates.precedes``), so
an end of ``2017`` and a start of ``2017-04`` agree. A missing ``start`` or ``end`` is open: it never
conflicts. The rules (each problem at the line of the value at fault, see ``validation.check``):

1. an entity's or relation's ``end`` may not precede its ``start`` (checked by the model itself);
2. a relation's ``start`` and ``end`` must each lie within the lifespan of its source, and of its target
   unless the relation may name something that no longer exists (``PAST_TARGETS``: a 2020 review cites an
   Act repealed in 2012; a successor's succession is dated at or after its predecessor's end);
3. for ``X succeeds Y``: X may not start before Y starts, nor end before Y starts. X may start before Y
   ends: an overlap, however long, is allowed (a successor body set up in shadow form, functions moved over
   in stages, a strategy launched while the last one runs out), and so is a gap between Y's end and X's
   start (a programme revived years later);
4. a document's (``DOCUMENT_KINDS``: Review, Strategy, Publication) ``date`` must lie within its own
   lifespan where it has a start or an end.
"""

from __future__ import annotations

from .dates import precedes
from .model import Entity, Relation
from .vocab import DOCUMENT_KINDS

#: Relation kinds whose target may be outside its lifespan when the relation holds.
PAST_TARGETS = frozenset({"cites", "about", "mentions", "responds_to", "succeeds"})


def lifespan_text(item: Entity | Relation) -> str:
    """``2015 to 2018``, ``from 2015``, ``until 2018`` (or ``undated``)."""
    if item.start and item.end:
        return f"{item.start} to {item.end}"
    if item.start:
        return f"from {item.start}"
    return f"until {item.end}" if item.end else "undated"


def _outside(value: str, entity: Entity) -> bool:
    """Whether a date lies wholly before the entity's start or wholly after its end."""
    return bool((entity.start and precedes(value, entity.start)) or (entity.end and precedes(entity.end, value)))


def entity_problems(entity: Entity) -> list[tuple[str, str]]:
    """(field at fault, message) for each lifespan problem of an entity alone (rule 4)."""
    if entity.kind in DOCUMENT_KINDS and entity.date and _outside(entity.date, entity):
        return [("date", f"entity {entity.id!r}: date {entity.date} is outside its lifespan "
                         f"({lifespan_text(entity)})")]
    return []


def relation_problems(relation: Relation, source: Entity, target: Entity) -> list[tuple[str | None, str]]:
    """(field at fault, or None for the relation as a whole, and message) for each lifespan problem of a
    relation between two valid entities (rules 2 and 3)."""
    found: list[tuple[str | None, str]] = []
    ends = [("source", source)] if relation.kind in PAST_TARGETS else [("source", source), ("target", target)]
    for bound in ("start", "end"):
        value = getattr(relation, bound)
        for end, entity in ends:
            if value and _outside(value, entity):
                found.append((bound, f"{relation.kind} {bound} {value} is outside the lifespan of {end} "
                                     f"{entity.id!r} ({lifespan_text(entity)})"))
    if relation.kind == "succeeds" and target.start:
        for bound, verb in (("start", "starts"), ("end", "ends")):
            value = getattr(source, bound)
            if value and precedes(value, target.start):
                found.append((None, f"succeeds: {source.id!r} {verb} ({value}) before {target.id!r}, "
                                    f"which it succeeds, starts ({target.start})"))
    return found
