"""Answers "as the record stood at a date": drop what was published or dated later.

Which date each thing uses:
- a source document: its ``date`` (undated documents are always in the record);
- an evidence item: the date of its source document (URL evidence is always in the record);
- an entity: left out when its own ``date`` begins after the as-of date, or when every evidence item is
  later; evidence items that are later are dropped from what remains;
- a relation: left out when either end is left out or every evidence item is later.
"""

from __future__ import annotations

from datetime import date

from .dates import earliest_day
from .model import Dataset, Evidence


def as_of(dataset: Dataset, when: date) -> Dataset:
    """A copy of ``dataset`` holding only what was on record on ``when``."""
    source_day = {sid: earliest_day(s.date) if s.date else None for sid, s in dataset.sources.items()}

    def known(item: Evidence) -> bool:
        day = source_day.get(item.document) if item.document else None
        return day is None or day <= when

    kept = Dataset(sources={k: s for k, s in dataset.sources.items() if source_day[k] is None or source_day[k] <= when})
    for key, entity in dataset.entities.items():
        evidence = [e for e in entity.evidence if known(e)]
        if not evidence or (entity.date and earliest_day(entity.date) > when):
            continue
        kept.entities[key] = entity.model_copy(update={"evidence": evidence})
        if key in dataset.origins:
            kept.origins[key] = dataset.origins[key]
    for relation in dataset.relations:
        evidence = [e for e in relation.evidence if known(e)]
        if evidence and relation.source in kept.entities and relation.target in kept.entities:
            kept.relations.append(relation.model_copy(update={"evidence": evidence}))
            if relation.key in dataset.origins:
                kept.origins[relation.key] = dataset.origins[relation.key]
    return kept


def scoped(backend, when: date | None):
    """The backend itself, or an in-memory store holding the graph as it stood on ``when``."""
    if when is None:
        return backend
    from .backends.embedded import EmbeddedBackend

    memory = EmbeddedBackend(memory=True)
    memory.load(as_of(backend.dataset(), when))
    return memory
