"""Exports of a dataset: stable JSON and RDF (Turtle, JSON-LD, N-Triples)."""

from __future__ import annotations

import json

from .model import Dataset
from .rdf import PREFIXES, dataset_triples
from .records import JSON_FORMAT, json_sections

# the rows (and their field table) now live in records; still importable from here
__all__ = ["JSON_FORMAT", "RDF_FORMATS", "export_text", "json_sections", "to_json_document"]

RDF_FORMATS = {"ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES"}


def to_json_document(dataset: Dataset) -> dict[str, object]:
    """The stable JSON form: every key always present, entities by id, relations by (source, kind, target)."""
    return {"format": JSON_FORMAT, **{name: list(rows) for name, rows in json_sections(dataset).items()}}


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
