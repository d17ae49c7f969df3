"""Interactive views of the graph: one self-contained, offline, deterministic HTML file per view.

``build_view(graph)`` returns a :class:`View`; ``View.html()`` is the whole document (vis-network inlined
from the installed pyvis package, cjgraph's own template and script), ``View.svg()``/``.png()``/``.pdf()``
the static pictures for print (laid out by Graphviz: ``cjgraph.viz_svg``), and ``View._repr_html_()``
shows it inline in Jupyter. ``select_graph`` picks the part of the graph a view shows (a query's rows,
a neighbourhood, kinds, relationships). See docs/views.md.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from .errors import NotFoundError, UsageError
from .viewopts import ARRANGED, PHYSICS_LIMIT
from .viewopts import LAYOUTS as _LAYOUTS
from .vocab import ENTITY_KINDS, KIND_COLOURS, KINDS, RELATION_KINDS

if TYPE_CHECKING:
    from .api import Graph

LAYOUT_SEED = 42
COMMUNITY_LIMIT = 3000  # communities (for grouping in the browser) are computed up to this many entities
SCALE = 110  # pixels per unit of the Python layout's ideal edge length
SHAPES: dict[str, tuple[str, bool]] = {  # kind -> (vis-network shape, dashed border), from the vocabulary
    name: (kind.shape, kind.dashed) for name, kind in KINDS.items()
}
LAYOUTS = tuple(_LAYOUTS)  # declared once, with their meaning, in cjgraph.viewopts
ARRANGED_SCALE = 3.0  # HTML pixels per point of a Graphviz layout (markers of the same size as physics ones)

#: the format a file suffix means (``x.pdf``); a format's first suffix is the one messages name
VIEW_SUFFIXES = {".html": "html", ".htm": "html", ".svg": "svg", ".png": "png", ".pdf": "pdf"}
VIEW_FORMATS = tuple(dict.fromkeys(VIEW_SUFFIXES.values()))


def view_format(path: str | Path, fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` if given, else the one its suffix means, else html. An unknown
    suffix, or one that means another format than ``fmt``, is refused (``x.pdf`` once got HTML)."""
    path = Path(path)
    if fmt is not None and fmt not in VIEW_FORMATS:
        raise UsageError(f"unknown view format {fmt!r} (choose from {', '.join(VIEW_FORMATS)})", parameter="fmt")
    suffix = path.suffix.lower()
    meant = VIEW_SUFFIXES.get(suffix)
    if suffix and meant is None:
        known = ", ".join(f"{name} ({next(k for k, v in VIEW_SUFFIXES.items() if v == name)})"
                          for name in VIEW_FORMATS)
        raise UsageError(f"cannot write a view as {suffix} ({path.name}): the formats are {known}")
    if fmt is not None and meant is not None and fmt != meant:
        raise UsageError(f"{fmt} does not match {path.name}, whose suffix means {meant}", parameter="fmt")
    return fmt or meant or "html"


def node_size(degree: int) -> float:
    """vis-network ``size`` (radius) from the number of relationships: 10 for none, up to 42."""
    return round(min(10 + 5 * math.sqrt(degree), 42), 1)


@dataclass(frozen=True)
class View:
    """A built view: the data it shows, ready to render as HTML, SVG or PNG."""

    payload: dict
    view_id: str

    @property
    def title(self) -> str:
        return self.payload["title"]

    @property
    def node_count(self) -> int:
        return len(self.payload["nodes"])

    @property
    def edge_count(self) -> int:
        return len(self.payload["edges"])

    def fragment(self, height: str = "640px") -> str:
        """The view as one ``<div>`` (styles and scripts inside) to paste into any page."""
        from .viz_html import render_fragment

        return render_fragment(self.payload, self.view_id, height)

    def html(self) -> str:
        """The whole self-contained HTML document (no request to any other host)."""
        from .viz_html import render_document

        return render_document(self.payload, self.view_id)

    def svg(self, *, page: str | None = None, orientation: str = "auto", layout: str | None = None) -> str:
        """A static SVG picture laid out by Graphviz, with a legend and a caption: on ``page`` (``a4``,
        ``letter``, ``slide``) in ``orientation`` (``auto``, ``landscape``, ``portrait``), else at its
        natural size; ``layout`` (``auto``, ``timeline``, ``hierarchy``) defaults to the view's."""
        from .viz_svg import render_svg

        return render_svg(self.payload, layout=_picture_layout(layout), page=page, orientation=orientation)

    def png(self, scale: float = 1.0, **picture: object) -> bytes:
        """The SVG picture as PNG at 150 dpi times ``scale`` (needs the ``png`` extra: CairoSVG); ``picture``:
        the options of :meth:`svg`."""
        from .viz_svg import svg_to_png

        return svg_to_png(self.svg(**picture), scale=scale)

    def pdf(self, **picture: object) -> bytes:
        """The SVG picture as a one-page PDF of its page size (needs the ``png`` extra: CairoSVG)."""
        from .viz_svg import svg_to_pdf

        return svg_to_pdf(self.svg(**picture))

    def _repr_html_(self) -> str:
        """Jupyter: the document in a sandboxed ``<iframe srcdoc>`` (escaped, so it cannot leak out)."""
        return (f'<iframe srcdoc="{escape(self.html(), quote=True)}" title="{escape(self.title, quote=True)}" '
                'sandbox="allow-scripts allow-popups" style="width:100%;height:680px;border:1px solid #ddd">'
                "</iframe>")

    def write(self, path: str | Path, fmt: str | None = None, **picture: object) -> Path:
        """Write the view as html, svg, png or pdf (``fmt``, else from the suffix, else html; see
        ``view_format``); ``picture``: the options of :meth:`svg` (page, orientation, layout) for the static
        formats. Nothing is written when the format is refused or cannot be made."""
        path = Path(path)
        fmt = view_format(path, fmt)
        if fmt == "html" and any(v not in (None, "auto") for v in picture.values()):
            raise UsageError(f"{', '.join(sorted(picture))} go with pictures (svg, png or pdf), not html")
        data = self.html() if fmt == "html" else {"svg": self.svg, "png": self.png, "pdf": self.pdf}[fmt](**picture)
        try:
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        return path

    def __repr__(self) -> str:
        return f"<View {self.title!r}: {self.node_count} entities, {self.edge_count} relationships>"

    def save(self, path: str | Path, fmt: str | None = None, **picture: object) -> Path:
        """Write the view to ``path``: html, svg, png or pdf (default: from the suffix, else html)."""
        return self.write(path, fmt, **picture)


def _picture_layout(layout: str | None) -> str | None:
    """A picture's layout: ``auto``, ``timeline`` or ``hierarchy`` (``browser``/``python`` mean ``auto``)."""
    if layout is None or layout in ARRANGED:
        return layout
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    return "auto"


def build_view(graph: nx.MultiDiGraph, *, title: str = "cjgraph", sources: Mapping | None = None,
               layout: str = "auto", seed: int = LAYOUT_SEED, view_id: str | None = None,
               caption: Mapping | None = None) -> View:
    """A view of ``graph`` (from ``cjgraph.graph.to_networkx``). ``sources`` maps document ids to
    ``cjgraph.model.Source`` (or dicts) so evidence shows document titles. ``layout``: ``browser``
    (physics, stopped once stable), ``python`` (fixed positions, physics off), ``auto`` (python
    above ``PHYSICS_LIMIT`` entities), or ``timeline``/``hierarchy`` (fixed positions by Graphviz, in the
    pictures too). ``caption``: what the view shows, for the pictures' caption (``cjgraph.captions``)."""
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    ids = sorted(graph.nodes)
    degree = Counter()
    for u, v in graph.edges():
        degree[u] += 1
        degree[v] += 1
    nodes = [_node(node, graph.nodes[node], degree[node]) for node in ids]
    _add_labels_and_communities(nodes, graph, seed)
    edges = _edges(graph)
    python = layout in ("python", *ARRANGED) or (layout == "auto" and len(nodes) > PHYSICS_LIMIT)
    if layout in ARRANGED:
        nodes = _with_arranged_positions(nodes, edges, layout, seed)
    elif python:
        nodes = _with_positions(nodes, edges, seed)
    kinds = Counter(n["kind"] for n in nodes)
    cited = {e["document"] for item in nodes + edges for e in item["evidence"] if e.get("document")}
    payload = {
        "title": str(title),
        "layout": "python" if python else "browser",
        "seed": seed,
        "nodes": nodes,
        "edges": edges,
        "kinds": [{"kind": k, "colour": KIND_COLOURS[k], "shape": SHAPES[k][0], "dashes": SHAPES[k][1],
                   "count": kinds[k]} for k in ENTITY_KINDS if kinds[k]],
        "sources": {d: _source(sources[d]) for d in sorted(cited) if sources and d in sources},
    }
    if layout in ARRANGED:
        payload["arrangement"] = layout
    if caption:
        payload["caption"] = dict(caption)
    if view_id is None:
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        view_id = "cjv-" + digest.hexdigest()[:12]
    return View(payload, view_id)


def _node(node: str, data: Mapping, degree: int) -> dict:
    kind = data.get("kind")
    if kind not in SHAPES:
        raise UsageError(f"node {node!r} has no known kind ({kind!r})")
    item = {"id": str(node), "name": str(data.get("name") or node), "kind": kind, "degree": degree,
            "size": node_size(degree), "evidence": [dict(e) for e in data.get("evidence") or []]}
    for key in ("date", "type"):
        if data.get(key):
            item[key] = str(data[key])
    if data.get("aliases"):
        item["aliases"] = [str(a) for a in data["aliases"]]
    return item


def _add_labels_and_communities(nodes: list[dict], graph: nx.MultiDiGraph, seed: int) -> None:
    """Each node's short label (``cjgraph.labels``: wrapped, never two alike; kept only when it differs from
    the name) and its community (Louvain on the undirected graph, seeded; 0 is the largest), up to
    ``COMMUNITY_LIMIT`` entities (Louvain takes seconds above; larger views group by kind)."""
    from .labels import unique_labels

    labels = unique_labels(nodes)
    for node in nodes:
        if "\n".join(labels[node["id"]]) != node["name"]:
            node["label"] = "\n".join(labels[node["id"]])
    if graph.number_of_edges() == 0 or len(nodes) > COMMUNITY_LIMIT:
        return
    simple = nx.Graph()  # built in sorted order: Louvain's result depends on it, and views are deterministic
    simple.add_nodes_from(n["id"] for n in nodes)
    simple.add_edges_from(sorted({tuple(sorted((str(u), str(v)))) for u, v in graph.edges() if u != v}))
    found = nx.community.louvain_communities(simple, seed=seed)
    ranked = sorted(found, key=lambda c: (-len(c), min(c)))
    community = {member: i for i, group in enumerate(ranked) for member in group}
    for node in nodes:
        node["community"] = community[node["id"]]


def _edges(graph: nx.MultiDiGraph) -> list[dict]:
    """Edges sorted by (from, to, kind); parallel edges between a pair get distinct curves."""
    rows = sorted((str(u), str(v), str(k), d) for u, v, k, d in graph.edges(keys=True, data=True))
    pairs = Counter(frozenset((u, v)) for u, v, _k, _d in rows)
    seen: Counter = Counter()
    edges = []
    for u, v, key, data in rows:
        edge = {"id": f"e{len(edges)}", "from": u, "to": v, "kind": str(data.get("kind", key)),
                "evidence": [dict(e) for e in data.get("evidence") or []]}
        if pairs[frozenset((u, v))] > 1:
            seen[(u, v)] += 1
            edge["curve"] = round(0.12 * seen[(u, v)], 2)
        edges.append(edge)
    return edges


def _with_positions(nodes: list[dict], edges: list[dict], seed: int = LAYOUT_SEED) -> list[dict]:
    from .layout import force_layout

    index = {n["id"]: i for i, n in enumerate(nodes)}
    links = sorted({(index[e["from"]], index[e["to"]]) for e in edges})
    positions = force_layout(len(nodes), links, seed=seed)
    return [dict(n, x=round(x * SCALE), y=round(y * SCALE)) for n, (x, y) in zip(nodes, positions,
                                                                                       strict=True)]


def _with_arranged_positions(nodes: list[dict], edges: list[dict], layout: str, seed: int) -> list[dict]:
    """Positions from the Graphviz layout of the pictures (``cjgraph.gvlayout``), in HTML pixels."""
    from .gvlayout import lay_out

    boxes = lay_out({"nodes": nodes, "edges": edges}, layout, seed=seed).boxes
    return [dict(n, x=round(boxes[n["id"]].x * ARRANGED_SCALE), y=round(boxes[n["id"]].y * ARRANGED_SCALE))
            for n in nodes]


def _source(source) -> dict:
    get = source.get if isinstance(source, Mapping) else lambda k: getattr(source, k, None)
    return {k: str(get(k)) for k in ("title", "publisher", "date", "url") if get(k)}


# --- choosing what a view shows -------------------------------------------------------------------


#: query columns that name the document a passage is quoted from (its evidence), not an entity of the answer
EVIDENCE_COLUMNS = frozenset({"source"})


def ids_from_rows(rows: Iterable[Mapping[str, object]], graph: nx.MultiDiGraph, *, sources: bool = False) -> list[str]:
    """Entity ids in query rows: values of columns named ``*_id`` and any value that is a node id; the
    evidence's source documents (columns ``EVIDENCE_COLUMNS``) only with ``sources``."""
    found: set[str] = set()
    for row in rows:
        for column, value in row.items():
            if column in EVIDENCE_COLUMNS and not sources:
                continue
            if isinstance(value, str) and value in graph:
                found.add(value)  # a ``*_id`` column's values are ids; any other value counts if it is one
            elif column.endswith("_id") and value is not None and str(value) in graph:
                found.add(str(value))
    return sorted(found)


def select_graph(graph: nx.MultiDiGraph, *, ids: Iterable[str] | None = None, focus: str | None = None,
                 depth: int = 1, kinds: Iterable[str] = (), relations: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The part of ``graph`` to show: the entities ``ids`` and the relationships among them, or the
    ``depth``-hop neighbourhood of ``focus``, or everything; then only ``kinds`` and ``relations``."""
    from .graph import neighbourhood, subgraph

    kinds, relations = _checked(kinds, ENTITY_KINDS, "kind"), _checked(relations, RELATION_KINDS, "relation")
    if focus is not None:
        if focus not in graph:
            raise NotFoundError("entity", focus)
        if depth < 0:
            raise UsageError("must be 0 or more", parameter="depth")
        graph = neighbourhood(graph, focus, depth)
    if ids is not None:
        graph = graph.subgraph([i for i in ids if i in graph]).copy()
    return subgraph(graph, kinds=kinds, relations=relations)


def _checked(values: Iterable[str], allowed: tuple[str, ...], what: str) -> list[str]:
    chosen = [v.strip() for value in values for v in str(value).split(",") if v.strip()]
    lookup = {a.lower(): a for a in allowed}
    unknown = [v for v in chosen if v.lower() not in lookup]
    if unknown:
        raise UsageError(f"unknown {what} {unknown[0]!r} (choose from {', '.join(allowed)})")
    return [lookup[v.lower()] for v in chosen]


def graph_view(g: Graph, query: str | None, params: Mapping[str, object], *, focus: str | None, depth: int,
               kinds: Iterable[str], relations: Iterable[str], title: str | None, layout: str,
               sources: bool = False) -> View:
    """``Graph.view``: the view of a canned question's entities, a focus's neighbourhood or the whole graph;
    ``sources``: a query's view also shows the documents its evidence is quoted from, as entities."""
    from .captions import view_caption  # what the view shows, for the caption of its pictures
    from .graph import to_networkx
    from .queries import get_query

    if query and focus:
        raise UsageError("a view shows a query's entities or a focus's neighbourhood, not both")
    if params and not query:
        raise UsageError("params go with query")
    dataset = g.dataset()
    graph = to_networkx(dataset)
    ids = centre = question = None
    if query:
        answer = g.query(query, params)
        question = answer.title
        ids, title = ids_from_rows(answer.rows, graph, sources=sources), title or answer.title
        subjects = [g.resolve(str(value), p.kinds) for p in get_query(query).params
                    if p.type == "entity" and (value := params.get(p.name))]
        if answer.rows:  # the entities the question is about belong in its picture
            ids = [*ids, *(s for s in subjects if s in graph and s not in ids)]
    elif focus:
        centre = g.resolve(focus)
        title = title or f"{graph.nodes[centre]['name']}: neighbourhood, depth {depth}"
    selected = select_graph(graph, ids=ids, focus=centre, depth=depth, kinds=kinds, relations=relations)
    if selected.number_of_nodes() == 0:
        raise UsageError("nothing to show: the selection has no entities")
    title = title or "cjgraph: the whole graph"
    if g.scope:
        title = f"{title} ({g.scope.describe()})"
    caption = view_caption(query=query, question=question, params=params, focus=centre, depth=depth,
                           focus_name=graph.nodes[centre]["name"] if centre else None, kinds=kinds,
                           relations=relations, layout=layout, scope=g.scope.describe() if g.scope else "",
                           stamp=g.stamp or dataset.stamp)
    return build_view(selected, title=title, sources=dataset.sources, layout=layout, caption=caption)

