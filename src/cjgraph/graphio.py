"""Exports for graph tools and spreadsheets: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi) and CSV.

Every node carries ``kind``, ``name``, ``label``, ``aliases``, ``date``, ``start``, ``end``, ``type``,
``colour`` and its ``evidence``; every edge its ``kind``, ``label``, ``start``, ``end`` and ``evidence``
(in GraphML and GEXF, a date that is not given is left out). In GraphML and GEXF, lists (aliases,
evidence) are JSON strings; in CSV they are readable text. Output is deterministic: nodes by id, edges
by (source, target, kind), unique edge ids ``source--kind--target``, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from .errors import UsageError
from .graph import to_networkx
from .model import Dataset
from .output import spreadsheet_safe
from .records import evidence_text
from .vocab import KIND_COLOURS

GRAPH_FORMATS = ("graphml", "gexf", "csv")
NODE_COLUMNS = ("id", "name", "kind", "date", "start", "end", "type", "aliases", "colour", "evidence")
EDGE_COLUMNS = ("source", "target", "kind", "start", "end", "evidence")


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
        folder.mkdir(parents=True, exist_ok=True)
        nodes, edges = folder / "nodes.csv", folder / "edges.csv"
        nodes.write_text(nodes_csv(graph), encoding="utf-8", newline="")
        edges.write_text(edges_csv(graph), encoding="utf-8", newline="")
        return [nodes, edges]
    target = Path(path)
    target.write_bytes(graphml_bytes(graph) if fmt == "graphml" else gexf_bytes(graph))
    return [target]


def _flat(graph: nx.MultiDiGraph, *, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (what GraphML and GEXF can hold), in a stable order."""
    flat = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        colour = KIND_COLOURS.get(data["kind"], "#999999")
        attrs = {"kind": data["kind"], "name": data["name"], "label": data["name"],
                 "aliases": json.dumps(list(data.get("aliases") or []), ensure_ascii=False),
                 "colour": colour, "evidence": _json(data.get("evidence"))}
        attrs.update({k: str(data[k]) for k in ("date", "start", "end", "type") if data.get(k)})
        if gexf:
            attrs["viz"] = {"color": {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                                      "b": int(colour[5:7], 16), "a": 1.0}}
        flat.add_node(node, **attrs)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        period = {k: str(data[k]) for k in ("start", "end") if data.get(k)}
        flat.add_edge(u, v, key=key, id=edge_id(u, key, v), kind=data.get("kind", key), label=data.get("kind", key),
                      **period, evidence=_json(data.get("evidence")))
    return flat


def _json(evidence) -> str:
    return json.dumps([dict(sorted(e.items())) for e in evidence or []], ensure_ascii=False)


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with named keys (``kind``, ``name``...) and unique edge ids."""
    buffer = io.BytesIO()
    nx.write_graphml(_flat(graph), buffer, encoding="utf-8", prettyprint=True, named_key_ids=True,
                     edge_id_from_attribute="id")
    return buffer.getvalue()


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with node colours in the ``viz`` namespace (Gephi shows them) and no timestamp."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(_flat(graph, gexf=True))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
