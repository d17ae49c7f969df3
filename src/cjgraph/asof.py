"""Answers about the past. Two questions, kept apart, and combinable:

**The world on D** (``as_of``): what existed on D, whoever documented it and whenever.
- An entity exists during its lifespan: from its ``start`` (else its ``date``: a briefing from the day it
  was published, an Act from its date) to its ``end``. A partial date counts from its first day when it
  starts something and to its last day when it ends something.
- An organisation (person, partnership) without dates exists unless a succession says otherwise: when X
  ``succeeds`` Y, the succession's ``start`` (else X's start) ends Y the day before and starts X.
- An undated recommendation exists from the date of the document that makes it; an undated document
  (review, publication, strategy), or a recommendation no dated document makes, from the earliest dated
  document that mentions it — cjgraph cannot say it existed earlier. What nothing dates always exists.
- A relationship holds while both ends exist and within its own ``start``/``end``. A succession stays on
  record after its predecessor has gone (HMPPS in 2019 still ``succeeds`` NOMS), so the predecessor is kept
  as the far end of that succession only; it is not itself on record (see :func:`on_record`).
- Every passage is kept with its source document: a 2018 index is the evidence for a 2006 briefing.

**The record by D** (``said_by``): only what documents published on or before D say.
- A document counts from the last day its date can mean (``2013``: 31 December 2013). Passages from later or
  undated documents are dropped, and so are URLs (facts known from official pages, not said by a document
  of the time). A relationship left without a passage is dropped; an entity is kept with its own passages,
  or else with those of its relationships that speak of it (the Ministry of Justice is said by 2013 through
  the recommendations addressed to it), and dropped when neither remains. Only documents said by D are kept.

Both give a copy of the dataset; nothing here imports pydantic until a dataset is copied.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .dates import earliest_day, latest_day
from .vocab import AGENT_KINDS, DOCUMENT_KINDS

if TYPE_CHECKING:
    from .model import Dataset

Span = tuple[date | None, date | None]  # first and last day; None: open


@dataclass(frozen=True)
class Scope:
    """The dates an answer is scoped to: the world on ``as_of``, the record by ``said_by`` (None: not scoped)."""

    as_of: date | None = None
    said_by: date | None = None

    def __bool__(self) -> bool:
        return self.as_of is not None or self.said_by is not None

    def with_as_of(self, day: date) -> Scope:
        return replace(self, as_of=day)

    def with_said_by(self, day: date) -> Scope:
        return replace(self, said_by=day)

    def as_data(self) -> dict[str, str | None]:
        """For JSON objects that have room for it: ``{"as_of": "2015-12-31", "said_by": None}``."""
        return {"as_of": self.as_of.isoformat() if self.as_of else None,
                "said_by": self.said_by.isoformat() if self.said_by else None}

    def describe(self) -> str:
        """``as of 2015-12-31``, ``said by 2012-12-31`` or both: what every scoped answer states."""
        parts = [f"as of {self.as_of.isoformat()}" if self.as_of else "",
                 f"said by {self.said_by.isoformat()}" if self.said_by else ""]
        return ", ".join(p for p in parts if p)


def as_day(value: date | str, parameter: str) -> date:
    """The day a scope means by ``value`` (a date or datetime, ``2013``, ``2013-06``, ``2013-06-30``: a year
    or month means its last day); UsageError naming ``parameter`` otherwise."""
    from .dates import parse_as_of
    from .errors import UsageError

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_as_of(str(value))
    except ValueError as exc:
        raise UsageError(str(exc), parameter=parameter) from None


def _first(text: str | None) -> date | None:
    return earliest_day(text) if text else None


def _last(text: str | None) -> date | None:
    return latest_day(text) if text else None


def lifespans(dataset: Dataset) -> dict[str, Span]:
    """Every entity's first and last day of existence, by the rules in this module's docstring."""
    source_day = {sid: _first(s.date) for sid, s in dataset.sources.items()}
    spans: dict[str, list[date | None]] = {}
    for key, entity in dataset.entities.items():
        spans[key] = [_first(getattr(entity, "start", None)) or _first(entity.date),
                      _last(getattr(entity, "end", None))]
    for rel in dataset.relations:
        if rel.kind != "succeeds" or rel.source not in spans or rel.target not in spans:
            continue
        if dataset.entities[rel.source].kind not in AGENT_KINDS:
            continue  # a final strategy succeeds its draft: both documents still exist
        switch = _first(getattr(rel, "start", None)) or spans[rel.source][0]
        if switch is None:
            continue
        if spans[rel.source][0] is None:
            spans[rel.source][0] = switch
        end = spans[rel.target][1]
        written = getattr(dataset.entities[rel.target], "end", None)
        if end is None or (written and earliest_day(written) <= switch <= end):  # no end, or one that overlaps
            spans[rel.target][1] = switch - timedelta(days=1)
    made: dict[str, list[date]] = {}
    for rel in dataset.relations:
        if rel.kind == "recommends" and rel.source in spans and spans[rel.source][0] is not None:
            made.setdefault(rel.target, []).append(spans[rel.source][0])
    for key, entity in dataset.entities.items():
        if spans[key][0] is not None:
            continue
        if entity.kind == "Recommendation" and key in made:
            spans[key][0] = min(made[key])
        elif entity.kind in DOCUMENT_KINDS or entity.kind == "Recommendation":
            days = [source_day.get(e.document) for e in entity.evidence if e.document]
            known = [d for d in days if d is not None]
            spans[key][0] = min(known) if known and len(known) == len(days) else None
    return {key: (span[0], span[1]) for key, span in spans.items()}


@dataclass(frozen=True)
class StoredDates:
    """What a store keeps to answer a scoped question in its own language (cjgraph.datefilters): each
    entity's lifespan and each relation's span (by ``Relation.key``; see ``relation_spans``); the day each
    dated source document counts as said from; the first day a passage of each relation, and of each
    entity, is said (``first_said``); and the first day an entity is said by its own passages or those of
    its relations (``first_mentioned``: what ``record_by`` keeps)."""

    entities: dict[str, Span]
    relations: dict[tuple, Span]
    documents: dict[str, date]
    first_said: dict[object, date]  # entity id or Relation.key
    first_mentioned: dict[str, date]


def stored_dates(dataset: Dataset) -> StoredDates:
    """The dates a store derives at load from the whole dataset (a load always replaces the whole graph)."""
    spans = lifespans(dataset)
    documents = {sid: latest_day(s.date) for sid, s in dataset.sources.items() if s.date}

    def first(evidence) -> date | None:
        days = [documents[e.document] for e in evidence if e.document in documents]
        return min(days) if days else None

    said = {key: day for key, item in [*dataset.entities.items(), *((r.key, r) for r in dataset.relations)]
            if (day := first(item.evidence)) is not None}
    mentioned = {key: said[key] for key in dataset.entities if key in said}
    for rel in dataset.relations:
        if rel.key in said:
            for end in (rel.source, rel.target):
                if end not in mentioned or said[rel.key] < mentioned[end]:
                    mentioned[end] = said[rel.key]
    return StoredDates(spans, relation_spans(dataset, spans), documents, said, mentioned)


def relation_spans(dataset: Dataset, spans: dict[str, Span]) -> dict[tuple, Span]:
    """The days each relation holds in ``world_on``: its own period, while both ends exist; a succession
    while its successor exists (its predecessor is kept as the far end after it has gone)."""
    result = {}
    for rel in dataset.relations:
        ends = [spans.get(rel.source, (None, None))]
        if rel.kind != "succeeds":
            ends.append(spans.get(rel.target, (None, None)))
        first = [d for d in (_first(getattr(rel, "start", None)), *(e[0] for e in ends)) if d is not None]
        last = [d for d in (_last(getattr(rel, "end", None)), *(e[1] for e in ends)) if d is not None]
        result[rel.key] = (max(first) if first else None, min(last) if last else None)
    return result


def within(span: Span, day: date) -> bool:
    return (span[0] is None or span[0] <= day) and (span[1] is None or day <= span[1])


def world_on(dataset: Dataset, day: date, spans: dict[str, Span] | None = None) -> Dataset:
    """A copy of ``dataset`` holding what existed on ``day`` (see the module docstring); ``spans``: its
    ``lifespans``, when the caller has them already."""
    from .model import Dataset

    spans = spans if spans is not None else lifespans(dataset)
    kept = Dataset(sources=dict(dataset.sources), stamp=dataset.stamp)  # the stamp of the seeds it was cut from
    alive = {key for key in dataset.entities if within(spans[key], day)}
    relations = []
    for rel in dataset.relations:
        period = (_first(getattr(rel, "start", None)), _last(getattr(rel, "end", None)))
        if not within(period, day):
            continue
        started = period[0] or spans[rel.source][0] or day
        historical = rel.kind == "succeeds" and rel.source in alive and started <= day
        if (rel.source in alive and rel.target in alive) or historical:
            relations.append(rel)
    needed = alive | {rel.target for rel in relations}
    _copy(dataset, kept, needed, relations)
    return kept


def record_by(dataset: Dataset, day: date) -> Dataset:
    """A copy of ``dataset`` holding only what documents published on or before ``day`` say."""
    from .model import Dataset

    said = said_documents(dataset, day)
    kept = Dataset(sources={sid: s for sid, s in dataset.sources.items() if sid in said}, stamp=dataset.stamp)

    def passages(item) -> list:
        return [e for e in item.evidence if e.document in said]

    relations = [(rel, evidence) for rel in dataset.relations if (evidence := passages(rel))]
    mentioned: dict[str, list] = {}  # an entity a kept relationship's passages speak of
    for rel, evidence in relations:
        for end in (rel.source, rel.target):
            mentioned.setdefault(end, []).extend(e for e in evidence if e not in mentioned.get(end, []))
    entities = {}
    for key, entity in dataset.entities.items():
        evidence = passages(entity) or mentioned.get(key, [])
        if evidence:
            whole = evidence == entity.evidence
            entities[key] = entity if whole else entity.model_copy(update={"evidence": evidence})
    kept_relations = [rel if evidence == rel.evidence else rel.model_copy(update={"evidence": evidence})
                      for rel, evidence in relations if rel.source in entities and rel.target in entities]
    _copy(dataset, kept, set(entities), kept_relations, replacements=entities)
    return kept


def said_documents(dataset: Dataset, day: date) -> set[str]:
    """The source documents published on or before ``day``: dated, and by the last day their date can mean
    (a document of ``2013`` counts as said by 2013-12-31, not by 2013-01-01)."""
    return {sid for sid, s in dataset.sources.items() if s.date and latest_day(s.date) <= day}


def scoped(dataset: Dataset, scope: Scope, spans: dict[str, Span] | None = None) -> Dataset:
    """The dataset as ``scope`` sees it: the world on ``as_of``, then the record by ``said_by``."""
    if scope.as_of is not None:
        dataset = world_on(dataset, scope.as_of, spans)
    if scope.said_by is not None:
        dataset = record_by(dataset, scope.said_by)
    return dataset


def _copy(source: Dataset, target: Dataset, keys: set[str], relations: list, replacements: dict | None = None) -> None:
    for key, entity in source.entities.items():
        if key in keys:
            target.entities[key] = (replacements or {}).get(key, entity)
            if key in source.origins:
                target.origins[key] = source.origins[key]
    for rel in relations:
        target.relations.append(rel)
        if rel.key in source.origins:
            target.origins[rel.key] = source.origins[rel.key]
    for sid in target.sources:
        if ("source", sid) in source.origins:
            target.origins[("source", sid)] = source.origins[("source", sid)]


def why_not_on_record(scope: Scope, dates: dict, documents: list[tuple[str, str]]) -> str:
    """Why an entity is not on record in ``scope``, in words a researcher can act on, from what the store
    holds of it: ``dates`` (its written ``start``, ``end``, ``date`` and derived ``from``, ``until``) and the
    dated ``documents`` (id, date as written) with a passage about it, its own or a relationship's."""
    span = (earliest_day(dates["from"]) if dates.get("from") else None,
            earliest_day(dates["until"]) if dates.get("until") else None)
    if scope.as_of is not None and not within(span, scope.as_of):
        start = dates.get("start") or dates.get("date") or (span[0].isoformat() if span[0] else None)
        end = dates.get("end") or (span[1].isoformat() if span[1] else None)
        bounds = " ".join(p for p in (f"from {start}" if start else "", f"until {end}" if end else "") if p)
        return f"is not on record on {scope.as_of.isoformat()} (on record {bounds})"
    dated = sorted((latest_day(date), date, doc) for doc, date in documents)
    first = f"first said in {dated[0][2]}, dated {dated[0][1]}" if dated else \
        "no dated document says it: it is known from undated documents or official pages"
    return f"is not on record by {scope.said_by.isoformat() if scope.said_by else ''} ({first})"
