"""The dataset as a networkx MultiDiGraph: the common input of analytics, paths, views and exports.

Node attributes: ``kind``, ``name``, ``aliases`` (list), ``date``, ``start``, ``end``, ``type``, ``evidence``
(list of dicts). Edge attributes (key = relation kind): ``kind``, ``start``, ``end``, ``evidence`` (list of
dicts). Dates are partial ISO dates as written, or None.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .model import Dataset


def _evidence(items) -> list[dict[str, str]]:
    return [{k: v for k, v in (("document", e.document), ("quote", e.quote), ("url", e.url)) if v}
            for e in items]


def to_networkx(dataset: Dataset) -> nx.MultiDiGraph:
    """Every entity as a node and every relation as an edge keyed by its kind."""
    graph = nx.MultiDiGraph()
    for key, entity in dataset.entities.items():
        graph.add_node(key, kind=entity.kind, name=entity.name, aliases=list(entity.aliases), date=entity.date,
                       start=entity.start, end=entity.end, type=entity.type, evidence=_evidence(entity.evidence))
    for rel in dataset.relations:
        graph.add_edge(rel.source, rel.target, key=rel.kind, kind=rel.kind, start=rel.start, end=rel.end,
                       evidence=_evidence(rel.evidence))
    return graph


def subgraph(graph: nx.MultiDiGraph, *, kinds: Iterable[str] = (), relations: Iterable[str] = ()) -> nx.MultiDiGraph:
    """Keep only nodes of ``kinds`` and edges of ``relations`` (empty = keep all)."""
    kinds, relations = set(kinds), set(relations)
    nodes = [n for n, d in graph.nodes(data=True) if not kinds or d["kind"] in kinds]
    view = graph.subgraph(nodes)
    result = nx.MultiDiGraph()
    result.add_nodes_from(view.nodes(data=True))
    result.add_edges_from((u, v, k, d) for u, v, k, d in view.edges(keys=True, data=True)
                          if not relations or k in relations)
    return result


def neighbourhood(graph: nx.MultiDiGraph, centre: str, depth: int = 1) -> nx.MultiDiGraph:
    """Nodes within ``depth`` hops of ``centre`` (either direction) and the edges among them."""
    nodes = set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=depth))
    return graph.subgraph(nodes).copy()
