"""Graphviz layouts for pictures: each entity is a box holding its marker and its label, so overlap
removal keeps labels apart, and edges are routed around the boxes.

Graphviz (the Debian package ``graphviz``, driven through the PyPI ``graphviz`` bindings) measures the
labels with its own text layout (Pango, the same fonts a browser finds), places the boxes and returns
them as JSON (``-Tjson``). ``auto``: neato (stress majorisation) with prism overlap removal, sfdp above
``SFDP_ABOVE`` entities; ``timeline``: dot, left to right, one column per year; ``hierarchy``: dot, top
to bottom. All units are points (1/72 inch), y growing downwards as in SVG.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import UsageError
from .labels import unique_labels

FONT = "DejaVu Sans"
FONT_SIZE = 9.0
LINE_HEIGHT = 1.2  # Graphviz's line spacing, in font sizes
SFDP_ABOVE = 400
SPLINES_UP_TO = 150  # edges routed around boxes up to this many edges (412 took 10 s); straight lines above
UPWARD = frozenset({"succeeds", "part_of", "member_of", "partner_in"})  # hierarchy: the target goes above
INSTALL = ("pictures are laid out by Graphviz: install it with `apt-get install graphviz` (Debian/Ubuntu; "
           "`brew install graphviz` on macOS) and `pip install 'cjgraph[png]'`")


@dataclass
class Box:
    """An entity as placed: marker centre and radius, its box, its label lines (x centre, baseline, text)."""

    x: float
    y: float
    r: float
    box: tuple[float, float, float, float]
    lines: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, baseline y, text, width


@dataclass
class Placed:
    """A laid-out drawing: size, boxes by entity id, one path per edge (its points: a start, then cubic
    Bézier control points in threes, or a straight line's end), year ticks."""

    width: float
    height: float
    boxes: dict[str, Box]
    paths: list[list[tuple[float, float]]]
    ticks: list[tuple[float, str]] = field(default_factory=list)  # timeline: x of a column, its year


def marker_radius(size: float) -> float:
    """A marker's radius in points from the view's node size (10 to 42)."""
    return round(size * 0.3, 1)


def run_graphviz(source, engine: str) -> dict:
    """Lay out ``source`` (a ``graphviz.Digraph``) with ``engine``; the JSON Graphviz returns."""
    import graphviz

    try:
        text = source.pipe(format="json", engine=engine, encoding="utf-8", quiet=True)
    except graphviz.ExecutableNotFound:
        raise UsageError(f"the Graphviz program {engine!r} was not found: {INSTALL}") from None
    except graphviz.CalledProcessError as exc:
        raise UsageError(f"Graphviz {engine} failed: {(exc.stderr or b'').decode(errors='replace').strip()}") from None
    return json.loads(text)


def _bindings():
    try:
        import graphviz
    except ImportError:
        raise UsageError(f"the Python bindings of Graphviz are missing: {INSTALL}") from None
    return graphviz


def measure(texts: list[str], size: float = FONT_SIZE, bold: bool = False) -> dict[str, float]:
    """The width in points of each text as Graphviz lays it out in ``FONT`` at ``size``."""
    widths = _measured(tuple(sorted(set(texts))), size, bold)
    return {text: widths[text] for text in texts}


@lru_cache(maxsize=64)
def _measured(unique: tuple[str, ...], size: float, bold: bool) -> dict[str, float]:
    graphviz = _bindings()
    graph = graphviz.Digraph(graph_attr={"nodesep": "0"}, node_attr={
        "shape": "plaintext", "margin": "0", "width": "0", "height": "0", "fontname": FONT + (" Bold" if bold else ""),
        "fontsize": f"{size:g}"})
    for i, text in enumerate(unique):
        graph.node(f"t{i}", label=graphviz.escape(text) or " ")
    objects = run_graphviz(graph, "dot").get("objects", [])
    widths = {}
    for obj in objects:
        ops = [op for op in obj.get("_ldraw_", []) if op["op"] == "T"]
        widths[unique[int(obj["name"][1:])]] = max((op["width"] for op in ops), default=0.0)
    return {text: widths.get(text, 0.0) for text in unique}


def lay_out(payload: dict, layout: str = "auto", *, labelled: set[str] | None = None,
            seed: int = 42, aspect: float | None = None) -> Placed:
    """Place ``payload``'s nodes and edges with Graphviz. ``labelled``: the ids that get a label
    (default all); ``aspect``: spread the positions to this height / width (to fill a page)."""
    graphviz = _bindings()
    nodes, edges = payload["nodes"], payload["edges"]
    labels = unique_labels(nodes)
    if labelled is not None:
        labels = {k: (v if k in labelled else []) for k, v in labels.items()}
    name = {n["id"]: f"n{i}" for i, n in enumerate(nodes)}
    engine, graph = _graph(graphviz, layout, len(nodes), len(edges), seed)
    if aspect:
        graph.attr(ratio=f"{aspect:.3f}")
    columns = _columns(nodes) if layout == "timeline" else {}
    if columns:
        _year_axis(graph, sorted(set(columns.values())))
    for node in nodes:
        r = marker_radius(node["size"])
        lines = labels[node["id"]]
        text_h = len(lines) * FONT_SIZE * LINE_HEIGHT
        graph.node(name[node["id"]], label=graphviz.escape("\n".join(lines)) if lines else "",
                   width=f"{2 * r / 72:.3f}", height=f"{(2 * r + 3 + text_h) / 72:.3f}",
                   **({"group": columns[node["id"]]} if columns else {}))
    if columns:
        for ident, column in columns.items():
            with graph.subgraph() as same:
                same.attr(rank="same")
                same.node(f"col{column}")
                same.node(name[ident])
    reversed_ = []
    for edge in edges:
        up = layout == "hierarchy" and edge["kind"] in UPWARD
        tail, head = (edge["to"], edge["from"]) if up else (edge["from"], edge["to"])
        reversed_.append(up)
        graph.edge(name[tail], name[head], **({"constraint": "false"} if columns else {}))
    return _read(run_graphviz(graph, engine), nodes, name, labels, reversed_, columns)


def _graph(graphviz, layout: str, count: int, links: int, seed: int):
    """The engine and an empty graph with the attributes of ``layout``."""
    common = {"outputorder": "edgesfirst", "pad": "0"}
    node = {"shape": "box", "fixedsize": "false", "fontname": FONT, "fontsize": f"{FONT_SIZE:g}",
            "labelloc": "b", "margin": "0.03,0.01"}
    edge = {"arrowhead": "none", "arrowtail": "none"}
    if layout in ("timeline", "hierarchy"):
        graph = {**common, "rankdir": "LR" if layout == "timeline" else "TB", "nodesep": "0.08",
                 "ranksep": "0.45" if layout == "timeline" else "0.35", "splines": "true", "newrank": "true"}
        return "dot", graphviz.Digraph(graph_attr=graph, node_attr=node, edge_attr=edge)
    engine = "sfdp" if count > SFDP_ABOVE else "neato"
    graph = {**common, "overlap": "prism", "sep": "+3", "esep": "+2",
             "splines": "true" if links <= SPLINES_UP_TO else "false", "start": str(seed)}
    if engine == "neato":
        graph.update(mode="major", len="0.6")
    return engine, graphviz.Digraph(graph_attr=graph, node_attr=node, edge_attr={**edge, "len": "0.6"})


def _columns(nodes: list[dict]) -> dict[str, str]:
    """Timeline: entity id -> its column (the year of its date, or ``undated``)."""
    return {n["id"]: (n["date"][:4] if n.get("date") else "undated") for n in nodes}


def _year_axis(graph, columns: list[str]) -> None:
    """Invisible column anchors in order (undated first, then the years), chained so dot keeps them."""
    order = sorted(columns, key=lambda c: (c != "undated", c))
    for column in order:
        graph.node(f"col{column}", label=" ", shape="point", width="0", height="0", style="invis")
    for a, b in itertools.pairwise(order):
        graph.edge(f"col{a}", f"col{b}", style="invis", weight="100")


def _read(result: dict, nodes: list[dict], name: dict[str, str], labels: dict[str, list[str]],
          reversed_: list[bool], columns: dict[str, str]) -> Placed:
    """Boxes, label lines and edge paths from Graphviz's JSON, flipped to y-down."""
    x0, y0, x1, y1 = (float(v) for v in result["bb"].split(","))
    height = y1 - y0
    by_name = {obj["name"]: obj for obj in result.get("objects", [])}
    boxes = {}
    for node in nodes:
        obj = by_name[name[node["id"]]]
        cx, cy = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
        top = height - (cy - y0) - h / 2
        r = marker_radius(node["size"])
        texts = [op for op in obj.get("_ldraw_", []) if op["op"] == "T"] if labels[node["id"]] else []
        lines = [(op["pt"][0] - x0, height - (op["pt"][1] - y0), op["text"], float(op["width"])) for op in texts]
        boxes[node["id"]] = Box(cx - x0, top + r + 1, r, (cx - x0 - w / 2, top, cx - x0 + w / 2, top + h), lines)
    paths = []
    gvid = {obj["_gvid"]: obj["name"] for obj in result.get("objects", [])}
    drawn = sorted((e for e in result.get("edges", [])
                    if gvid[e["tail"]].startswith("n") and gvid[e["head"]].startswith("n")), key=lambda e: e["_gvid"])
    for edge, back in zip(drawn, reversed_, strict=True):
        paths.append(_path(edge.get("pos", ""), x0, y0, height, back))
    ticks = []
    if columns:
        for column in sorted(set(columns.values())):
            obj = by_name[f"col{column}"]
            ticks.append((float(obj["pos"].split(",")[0]) - x0, column))
    return Placed(x1 - x0, height, boxes, paths, sorted(ticks))


def _path(pos: str, x0: float, y0: float, height: float, back: bool) -> list[tuple[float, float]]:
    """The points of Graphviz's spline (``[e,x,y ][s,x,y ]p0 p1 p2 p3 ...``), y-down, reversed if ``back``."""
    points = [tuple(float(v) for v in p.split(",")[:2]) for p in pos.split() if not p.startswith(("e,", "s,"))]
    points = [(x - x0, height - (y - y0)) for x, y in points]
    return points[::-1] if back else points
