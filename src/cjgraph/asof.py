"""Answers "as the record stood at a date": leave out what was dated or first evidenced later.

Which date each thing uses:
- an entity with a ``date`` (a briefing, a review, an Act...): that date, as its earliest day
  (``2015-04`` counts from 1 April 2015), even when its evidence comes from a later document;
- an entity without a date (most organisations and people): the earliest date of the source documents
  that evidence it; an entity evidenced only by undated documents or URLs is always on record;
- a relation: the later of its two ends' dates when either end has its own date (a 2015 briefing is
  about an Act from 2015 on); otherwise the earliest date of its evidence documents; and it is left out
  whenever either end is left out;
- a source document: its ``date`` (undated documents are always on record).
Evidence items of what is kept are all kept: they are the passages that support it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .dates import earliest_day

if TYPE_CHECKING:  # imported when used: answering a query without --as-of never loads pydantic
    from .model import Dataset


def as_of(dataset: Dataset, when: date) -> Dataset:
    """A copy of ``dataset`` holding only what was on record on ``when``."""
    from .model import Dataset

    source_day = {sid: earliest_day(s.date) if s.date else None for sid, s in dataset.sources.items()}

    def evidenced_from(evidence) -> date | None:
        days = [source_day.get(e.document) if e.document else None for e in evidence]
        return None if any(d is None for d in days) else min(days, default=None)

    def own(entity_id: str) -> date | None:
        entity = dataset.entities[entity_id]
        return earliest_day(entity.date) if entity.date else None

    kept = Dataset(sources={k: s for k, s in dataset.sources.items()
                            if source_day[k] is None or source_day[k] <= when})
    for key, entity in dataset.entities.items():
        start = own(key) or evidenced_from(entity.evidence)
        if start is None or start <= when:
            kept.entities[key] = entity
            if key in dataset.origins:
                kept.origins[key] = dataset.origins[key]
    for relation in dataset.relations:
        if relation.source not in kept.entities or relation.target not in kept.entities:
            continue
        ends = [d for d in (own(relation.source), own(relation.target)) if d is not None]
        start = max(ends) if ends else evidenced_from(relation.evidence)
        if start is None or start <= when:
            kept.relations.append(relation)
            if relation.key in dataset.origins:
                kept.origins[relation.key] = dataset.origins[relation.key]
    return kept
