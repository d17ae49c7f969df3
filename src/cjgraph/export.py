"""Exports of a dataset: stable JSON and RDF (Turtle, JSON-LD, N-Triples); graph-tool formats via graphio;
the source documents for reference managers (CSL-JSON, BibTeX, RIS) via citations."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from .citations import CITATION_FORMATS
from .errors import UsageError, write_file
from .model import Dataset
from .rdf import PREFIXES, dataset_triples, stamp_triple
from .records import JSON_FORMAT, json_sections
from .stamp import stamp_of

# the rows (and their field table) now live in records; still importable from here
__all__ = ["CITATION_FORMATS", "EXPORT_FORMATS", "JSON_FORMAT", "RDF_FORMATS", "export_dataset", "export_text",
           "json_sections", "to_json_document"]

RDF_FORMATS = {"ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES"}


def to_json_document(dataset: Dataset) -> dict[str, object]:
    """The stable JSON form: every key always present, entities by id, relations by (source, kind, target);
    ``stamp`` (cjgraph.stamp) beside ``format``."""
    sections = {name: list(rows) for name, rows in json_sections(dataset).items()}
    return {"format": JSON_FORMAT, "stamp": stamp_of(dataset), **sections}


def export_text(dataset: Dataset, fmt: str) -> bytes:
    """Serialise a dataset in ``json`` or one of ``RDF_FORMATS``."""
    if fmt == "json":
        return (json.dumps(to_json_document(dataset), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt in RDF_FORMATS:
        from pyoxigraph import RdfFormat, serialize

        rdf_format = getattr(RdfFormat, RDF_FORMATS[fmt])
        prefixes = PREFIXES if fmt == "ttl" else None
        triples = itertools.chain(dataset_triples(dataset), [stamp_triple(dataset)])  # the stamp: which data
        return serialize(triples, format=rdf_format, prefixes=prefixes)
    raise ValueError(f"unknown export format {fmt!r}")


EXPORT_FORMATS = ("json", *RDF_FORMATS, "graphml", "gexf", "csv", *CITATION_FORMATS)


def export_dataset(dataset: Dataset, fmt: str, path: str | os.PathLike | None = None, *,
                   scope: dict[str, str | None] | None = None) -> bytes | list[Path]:
    """``dataset`` in any of ``EXPORT_FORMATS``: the bytes (also written to ``path`` when given), or for
    ``csv`` the two files written into the folder ``path``. A JSON document gains ``scope`` when given."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    if fmt == "csv":
        from .graphio import export_graph

        return export_graph(dataset, "csv", path)
    if fmt in ("graphml", "gexf"):
        from . import graphio

        data = getattr(graphio, f"{fmt}_bytes")(graphio.to_networkx(dataset), stamp_of(dataset))
    elif fmt in CITATION_FORMATS:
        from .citations import citations_bytes

        data = citations_bytes(dataset, fmt)  # the source documents, for Zotero or any reference manager
    elif fmt == "json" and scope is not None:  # the document has room to say what it holds
        document = {**to_json_document(dataset), "scope": scope}
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        data = export_text(dataset, fmt)
    if path is not None:
        write_file(path, data)
    return data
