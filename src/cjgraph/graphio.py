"""Exports for graph tools and spreadsheets: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi) and CSV.

Every node carries ``kind``, ``name``, ``label``, ``aliases``, ``date``, ``start``, ``end``, ``type``,
``colour`` and its ``evidence``; every edge its ``kind``, ``label``, ``start``, ``end`` and ``evidence``
(in GraphML and GEXF, a date that is not given is left out). In GraphML and GEXF, lists (aliases,
evidence) are JSON strings; in CSV they are readable text. Output is deterministic: nodes by id, edges
by (source, target, kind), unique edge ids ``source--kind--target``, no timestamps. GraphML and GEXF
are valid against their published schemas and carry the dataset stamp (see graphxml).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from . import graphxml
from .errors import UsageError, write_file
from .graph import to_networkx
from .model import Dataset
from .output import spreadsheet_safe
from .records import evidence_text
from .stamp import stamp_of
from .vocab import KIND_COLOURS

GRAPH_FORMATS = ("graphml", "gexf", "csv")
NODE_COLUMNS = ("id", "name", "kind", "date", "start", "end", "type", "aliases", "colour", "evidence")
EDGE_COLUMNS = ("source", "target", "kind", "start", "end", "evidence")
# the attributes of GraphML and GEXF, in order
GRAPH_NODE_ATTRS = ("kind", "name", "label", "aliases", "date", "start", "end", "type", "colour", "evidence")
GRAPH_EDGE_ATTRS = ("kind", "label", "start", "end", "evidence")


def edge_id(source: str, kind: str, target: str) -> str:
    return f"{source}--{kind}--{target}"


def export_graph(dataset: Dataset, fmt: str, path: str | Path | None) -> list[Path]:
    """Write ``dataset`` as graphml or gexf to the file ``path``, or as csv into the folder ``path``
    (nodes.csv and edges.csv). Returns the files written."""
    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"unknown graph format {fmt!r} (choose from {', '.join(GRAPH_FORMATS)})")
    if path is None:
        what = "a csv export writes two files: give the folder to write them to" if fmt == "csv" else \
            f"a {fmt} export needs a file to write to"
        raise UsageError(what, parameter="path")
    graph = to_networkx(dataset)
    if fmt == "csv":
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"csv export writes a folder; {folder} is a file")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot write {folder}: {exc.strerror or exc}") from None
        nodes, edges = folder / "nodes.csv", folder / "edges.csv"
        write_file(nodes, nodes_csv(graph))
        write_file(edges, edges_csv(graph))
        return [nodes, edges]
    target = Path(path)
    write_file(target, (graphml_bytes if fmt == "graphml" else gexf_bytes)(graph, stamp_of(dataset)))
    return [target]


def _rows(graph: nx.MultiDiGraph) -> tuple[list[graphxml.NodeRow], list[graphxml.EdgeRow]]:
    """The nodes (by id) and edges (by source, target, kind) with string attributes, a date not given left out."""
    nodes: list[graphxml.NodeRow] = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        attrs = {"kind": data["kind"], "name": data["name"], "label": data["name"],
                 "aliases": json.dumps(list(data.get("aliases") or []), ensure_ascii=False),
                 **{k: str(data[k]) for k in ("date", "start", "end", "type") if data.get(k)},
                 "colour": KIND_COLOURS.get(data["kind"], "#999999"), "evidence": _json(data.get("evidence"))}
        nodes.append((node, {k: attrs[k] for k in GRAPH_NODE_ATTRS if k in attrs}))
    edges: list[graphxml.EdgeRow] = []
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        kind = data.get("kind", key)
        attrs = {"kind": kind, "label": kind, **{k: str(data[k]) for k in ("start", "end") if data.get(k)},
                 "evidence": _json(data.get("evidence"))}
        edges.append((edge_id(u, kind, v), u, v, attrs))
    return nodes, edges


def _json(evidence) -> str:
    return json.dumps([dict(sorted(e.items())) for e in evidence or []], ensure_ascii=False)


def graphml_bytes(graph: nx.MultiDiGraph, stamp: str | None = None) -> bytes:
    """GraphML valid against graphml.xsd: keys ``n_kind``/``e_kind``... named ``kind``..., unique edge ids."""
    nodes, edges = _rows(graph)
    return graphxml.graphml(nodes, edges, GRAPH_NODE_ATTRS, GRAPH_EDGE_ATTRS, stamp=stamp)


def gexf_bytes(graph: nx.MultiDiGraph, stamp: str | None = None) -> bytes:
    """GEXF 1.2 valid against gexf.xsd, with each node's colour (Gephi shows it) and no timestamp."""
    nodes, edges = _rows(graph)
    colours = {node: attrs["colour"] for node, attrs in nodes}
    return graphxml.gexf(nodes, edges, GRAPH_NODE_ATTRS, GRAPH_EDGE_ATTRS, colours=colours, stamp=stamp)


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else spreadsheet_safe(str(row[c])) for c in columns])
    return buffer.getvalue()


def nodes_csv(graph: nx.MultiDiGraph) -> str:
    """One row per entity: id, name, kind, date, start, end, type, aliases (``; ``), colour, evidence (lines)."""
    rows = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        rows.append({**{k: data.get(k) for k in ("date", "start", "end", "type")},
                     "id": node, "name": data["name"], "kind": data["kind"],
                     "aliases": "; ".join(data.get("aliases") or []),
                     "colour": KIND_COLOURS.get(data["kind"], "#999999"),
                     "evidence": evidence_text(data.get("evidence"), sep="\n")})
    return _csv(NODE_COLUMNS, rows)


def edges_csv(graph: nx.MultiDiGraph) -> str:
    """One row per relationship: source, target, kind, start, end, evidence (lines)."""
    rows = [{"source": u, "target": v, "kind": data.get("kind", key), "start": data.get("start"),
             "end": data.get("end"), "evidence": evidence_text(data.get("evidence"), sep="\n")}
            for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])]
    return _csv(EDGE_COLUMNS, rows)
