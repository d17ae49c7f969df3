"""Plain forms of the model: a dataset as JSON rows and back (the JSON export and the embedded store's
snapshot), evidence items as one display string (``show``, ``path``, CSV exports) and as ``Passage`` cells
(``path``: structured in JSON, text in a table).

Model level (imports only ``model``), so the store, the answers and the outputs can all use it.

The format is ``cjgraph/1``. Keys added since, each optional when read (a document without them reads as
before): ``start`` and ``end`` of entity rows (after ``date``) and of relation rows (after ``target``), a
lifespan as partial ISO dates or null; ``page`` of an evidence item (an integer or null); ``stamp`` of
the document (cjgraph.stamp), beside ``format``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .model import Dataset, Entity, Evidence, Relation, Source
from .vocab import ENTITY_FIELDS

JSON_FORMAT = "cjgraph/1"
# The keys of an entity row (then its evidence and defined_at): id, kind, then the vocabulary's value fields.
ENTITY_KEYS = ("id", "kind", *(f.name for f in ENTITY_FIELDS if f.name != "id"))


def _evidence(items) -> list[dict[str, object]]:
    return [{"document": e.document, "quote": e.quote, "url": e.url, "page": e.page} for e in items]


def json_sections(dataset: Dataset) -> dict[str, Iterator[dict[str, object]]]:
    """The lists of the JSON form as iterators of rows, in order (to write a large dataset a row at a time)."""

    def entities() -> Iterator[dict[str, object]]:
        for key in sorted(dataset.entities):
            entity = dataset.entities[key]
            row = {f: getattr(entity, f) for f in ENTITY_KEYS}
            row["evidence"] = _evidence(entity.evidence)
            row["defined_at"] = dataset.origin(key)
            yield row

    def relations() -> Iterator[dict[str, object]]:
        for r in sorted(dataset.relations, key=lambda r: r.key):
            yield {"source": r.source, "kind": r.kind, "target": r.target, "start": r.start, "end": r.end,
                   "evidence": _evidence(r.evidence), "defined_at": dataset.origin(r.key)}

    def sources() -> Iterator[dict[str, object]]:
        for _, s in sorted(dataset.sources.items()):
            yield {f: getattr(s, f) for f in ("id", "title", "publisher", "date", "kind", "file", "url")}

    return {"entities": entities(), "relations": relations(), "sources": sources()}


def check_format(document: Mapping[str, Any]) -> None:
    """``ValueError`` unless ``document`` is marked as written in ``JSON_FORMAT``."""
    if document.get("format") != JSON_FORMAT:
        raise ValueError(f"format is {document.get('format')!r}, not {JSON_FORMAT!r}")


def dataset_from_json(document: Mapping[str, Any],
                      source_origins: Mapping[str, str | None] | None = None) -> Dataset:
    """The dataset of a JSON document written from ``json_sections`` (not validated again: trusted input).

    ``source_origins`` maps source ids to their ``path:line`` (the JSON export does not carry them).
    Raises ``ValueError`` if the document's ``format`` is not ``JSON_FORMAT``; a document missing a key
    raises ``KeyError``, a value of the wrong type ``TypeError`` or ``AttributeError``.
    """
    check_format(document)
    source_origins = source_origins or {}
    data = Dataset()
    data.stamp = document.get("stamp")

    def evidence(items: list[dict]) -> list:
        return [Evidence.model_construct(document=e["document"], quote=e["quote"], url=e["url"], page=e.get("page"))
                for e in items]

    for row in document["sources"]:
        data.set_origin(("source", row["id"]), source_origins.get(row["id"]))
        data.sources[row["id"]] = Source.model_construct(**row)
    for row in document["entities"]:
        row = dict(row)
        data.set_origin(row["id"], row.pop("defined_at"))
        row["evidence"] = evidence(row["evidence"])
        data.entities[row["id"]] = Entity.model_construct(**row)
    for row in document["relations"]:
        rel = Relation.model_construct(source=row["source"], kind=row["kind"], target=row["target"],
                                       start=row.get("start"), end=row.get("end"), evidence=evidence(row["evidence"]))
        data.relations.append(rel)
        data.set_origin(rel.key, row["defined_at"])
    return data


def evidence_text(evidence: Iterable[Mapping[str, object]] | None, sep: str = " | ") -> str:
    """Evidence items (as dictionaries) as one string: ``“quote” [document]``, a fact known from a URL
    as ``<url>`` (after its quote, if any), items joined by ``sep`` (CSV cells use a new line)."""
    parts = []
    for item in evidence or []:
        quote = f"\u201c{item['quote']}\u201d" if item.get("quote") else ""
        where = f"[{item['document']}]" if item.get("document") else f"<{item.get('url')}>"
        parts.append(f"{quote} {where}".strip())
    return sep.join(parts)


class Passage(dict):
    """One evidence item as an answer's cell: a plain mapping (``quote``, ``document``, ``url``) to JSON,
    pandas and code, read as ``“quote” [document]`` (``str``) by the table, CSV and Markdown formats."""

    @classmethod
    def of(cls, item: Mapping[str, object]) -> Passage:
        """The passage of an evidence item (keys it lacks are None)."""
        return cls(quote=item.get("quote"), document=item.get("document"), url=item.get("url"))

    def __str__(self) -> str:
        return evidence_text([self])
