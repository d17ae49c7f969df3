"""Exports of a dataset: stable JSON and RDF (Turtle, JSON-LD, N-Triples)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from .model import Dataset
from .rdf import PREFIXES, dataset_triples
from .vocab import ENTITY_FIELDS

JSON_FORMAT = "cjgraph/1"
RDF_FORMATS = {"ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES"}
# The keys of an entity row (then its evidence and defined_at): id, kind, then the vocabulary's value fields.
ENTITY_KEYS = ("id", "kind", *(f.name for f in ENTITY_FIELDS if f.name != "id"))


def _evidence(items) -> list[dict[str, object]]:
    return [{"document": e.document, "quote": e.quote, "url": e.url} for e in items]


def to_json_document(dataset: Dataset) -> dict[str, object]:
    """The stable JSON form: every key always present, entities by id, relations by (source, kind, target)."""
    return {"format": JSON_FORMAT, **{name: list(rows) for name, rows in json_sections(dataset).items()}}


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
            yield {"source": r.source, "kind": r.kind, "target": r.target, "evidence": _evidence(r.evidence),
                   "defined_at": dataset.origin(r.key)}

    def sources() -> Iterator[dict[str, object]]:
        for _, s in sorted(dataset.sources.items()):
            yield {f: getattr(s, f) for f in ("id", "title", "publisher", "date", "kind", "file", "url")}

    return {"entities": entities(), "relations": relations(), "sources": sources()}


def export_text(dataset: Dataset, fmt: str) -> bytes:
    """Serialise a dataset in ``json`` or one of ``RDF_FORMATS``."""
    if fmt == "json":
        return (json.dumps(to_json_document(dataset), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt in RDF_FORMATS:
        from pyoxigraph import RdfFormat, serialize

        rdf_format = getattr(RdfFormat, RDF_FORMATS[fmt])
        prefixes = PREFIXES if fmt == "ttl" else None
        return serialize(dataset_triples(dataset), format=rdf_format, prefixes=prefixes)
    raise ValueError(f"unknown export format {fmt!r}")
