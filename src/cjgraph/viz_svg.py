"""Static pictures of a view, for print: an SVG laid out by Graphviz (``cjgraph.gvlayout``), with a legend
and a caption, on a page (``cjgraph.viewopts.PAGES``) or at its natural size; PNG and PDF are the same SVG
converted by CairoSVG (the ``png`` extra).

The SVG is written by hand with the same colours and shapes as the HTML view. Every text is escaped, every
label lies inside the picture (the viewBox is the page, and the drawing is scaled into the space the title,
legend and caption leave), and labels never overlap: each entity is laid out as one box holding its marker
and its label. Page composition (title, legend, caption) is in ``cjgraph.viz_page``.
"""

from __future__ import annotations

import math
from html import escape

from .errors import UsageError

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
EDGE_COLOUR = "#8a8a8a"
LABEL_ALL_NODES = 250  # label every entity up to this many; above, only the best connected
LABEL_TOP = 60
MIN_PRINT_SIZE = 6.0  # on a page, fewer entities are labelled (the best connected) until labels print this big
LABEL_MIN = 20
ASPECT_SLACK = 0.15  # on a page, a drawing whose shape differs more (log of the ratio) is spread to fill it
DENSE_EDGES = 150  # above, edges are drawn fainter so that entities and labels stand out
EDGE_LABELS_MAX = 250  # relationship kinds written on edges (where they fit) up to this many edges
EDGE_LABEL_SIZE = 6.5
EDGE_LABEL_PRINTED = 4.0  # relationship kinds that would print smaller than this (points) are left out
PNG_DPI = 150


def darker(colour: str, factor: float = 0.65) -> str:
    """``#rrggbb`` scaled towards black (node borders)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def shape_svg(shape: str, x: float, y: float, r: float, fill: str, *, dashed: bool = False,
              stroke_width: float = 1.5) -> str:
    """One node marker as an SVG element; ``r`` is vis-network's ``size`` (radius or half-width)."""
    paint = f'fill="{fill}" stroke="{darker(fill)}" stroke-width="{stroke_width:.2g}"'
    if dashed:
        paint += f' stroke-dasharray="{stroke_width * 2.5:.2g} {stroke_width * 1.3:.2g}"'
    if shape == "dot":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {paint}/>'
    points = _polygon(shape, x, y, r)
    return '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + f'" {paint}/>'


def _polygon(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    if shape == "diamond":
        return [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    if shape in ("triangle", "triangleDown"):
        sign = 1 if shape == "triangle" else -1
        return [(x, y - sign * r * 1.15), (x + r, y + sign * r * 0.6), (x - r, y + sign * r * 0.6)]
    if shape == "hexagon":
        return [(x + r * math.cos(math.pi / 3 * i), y + r * math.sin(math.pi / 3 * i)) for i in range(6)]
    if shape == "star":
        return [(x + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i),
                 y - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i)) for i in range(10)]
    raise ValueError(f"unknown shape {shape!r}")


def text(value: object) -> str:
    """Seed text made safe for SVG content and attribute values."""
    return escape(str(value), quote=True)


def render_svg(payload: dict, *, layout: str | None = None, page: str | None = None,
               orientation: str = "auto") -> str:
    """The picture: title, drawing (edges, markers, labels), legend and caption; on ``page`` (a name in
    ``PAGES``) or, without one, at the drawing's natural size. ``layout``: default the view's own."""
    from .gvlayout import FONT_SIZE, lay_out
    from .viz_page import compose

    nodes = payload["nodes"]
    ranked = sorted(nodes, key=lambda n: (-n["degree"], n["id"]))
    count = len(nodes) if len(nodes) <= LABEL_ALL_NODES else LABEL_TOP
    layout = layout or payload.get("arrangement") or "auto"
    while True:
        labelled = {n["id"] for n in ranked[:count]}
        placed = lay_out(payload, layout, labelled=labelled, seed=payload["seed"])
        sheet = compose(payload, placed, page=page, orientation=orientation, labelled=count)
        if page is None or sheet.scale * FONT_SIZE >= MIN_PRINT_SIZE or count <= LABEL_MIN:
            break
        short = sheet.scale * FONT_SIZE / MIN_PRINT_SIZE  # label area grows with the count: shrink by its square
        count = max(LABEL_MIN, min(int(count * 0.8), int(count * short * short)))
    if page is not None and abs(math.log(sheet.aspect * placed.width / max(placed.height, 1.0))) > ASPECT_SLACK:
        # spread the positions to the shape of the room on the page (boxes keep their size)
        placed = lay_out(payload, layout, labelled=labelled, seed=payload["seed"], aspect=sheet.aspect)
        sheet = compose(payload, placed, page=page, orientation=sheet.orientation, labelled=count)
    s = sheet.scale

    def at(x: float, y: float) -> tuple[float, float]:
        return sheet.x + s * x, sheet.y + s * y

    width = max(0.8 * s, 0.4)
    faint = ' stroke-opacity="0.45"' if len(payload["edges"]) > DENSE_EDGES else ""
    out = [sheet.open(), f'<g class="edges" fill="none" stroke="{EDGE_COLOUR}" stroke-width="{width:.2f}"{faint}>']
    out += [f'<path d="{_path_data([at(*p) for p in points])}" marker-end="url(#arrow)"/>'
            for points in placed.paths if len(points) > 1]
    out.append("</g>")
    if len(payload["edges"]) <= EDGE_LABELS_MAX and EDGE_LABEL_SIZE * s >= EDGE_LABEL_PRINTED:
        out.append(_edge_labels(payload, placed, at, s))
    out.append('<g class="nodes">')
    shapes = {k["kind"]: k for k in payload["kinds"]}
    for node in nodes:
        box, kind = placed.boxes[node["id"]], shapes[node["kind"]]
        out.append(shape_svg(kind["shape"], *at(box.x, box.y), box.r * s, kind["colour"], dashed=kind["dashes"],
                             stroke_width=max(1.0 * s, 0.4)))
    out.append("</g>")
    texts = []
    for node in nodes:
        lines = placed.boxes[node["id"]].lines
        if lines:
            spans = "".join(f'<tspan x="{at(x, y)[0]:.1f}" y="{at(x, y)[1]:.1f}">{text(t)}</tspan>'
                            for x, y, t, _w in lines)
            texts.append(f'<text data-entity="{text(node["id"])}">{spans}</text>')
    attributes = f'font-size="{FONT_SIZE * s:.2f}" text-anchor="middle"'
    out.append(f'<g class="halo" aria-hidden="true" {attributes} fill="#fff" stroke="#fff" '
               f'stroke-width="{2.4 * s:.2f}" stroke-linejoin="round">' + "".join(texts) + "</g>")
    out.append(f'<g class="labels" {attributes} fill="#222">' + "".join(texts) + "</g>")
    out.append(sheet.furniture())
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _path_data(points: list[tuple[float, float]]) -> str:
    (x, y), rest = points[0], points[1:]
    if len(rest) % 3:
        return f"M{x:.1f},{y:.1f}" + "".join(f"L{a:.1f},{b:.1f}" for a, b in rest)
    return f"M{x:.1f},{y:.1f}" + "".join(f"C{a[0]:.1f},{a[1]:.1f} {b[0]:.1f},{b[1]:.1f} {c[0]:.1f},{c[1]:.1f}"
                                         for a, b, c in zip(rest[::3], rest[1::3], rest[2::3], strict=True))


def _midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The point halfway along a path's segments (the middle Bézier at t = 1/2, or a line's middle)."""
    rest = points[1:]
    if len(rest) % 3 or not rest:
        (ax, ay), (bx, by) = points[0], points[-1]
        return (ax + bx) / 2, (ay + by) / 2
    k = (len(rest) // 3 - 1) // 2
    p0, p1, p2, p3 = points[3 * k], *rest[3 * k:3 * k + 3]
    return tuple((a + 3 * b + 3 * c + d) / 8 for a, b, c, d in zip(p0, p1, p2, p3, strict=True))


def _edge_labels(payload: dict, placed, at, s: float) -> str:
    """Each relationship's kind at the middle of its edge, where it overlaps no box and no other such label."""
    from .gvlayout import measure

    widths = measure(sorted({e["kind"] for e in payload["edges"]}), EDGE_LABEL_SIZE)
    taken = [b.box for b in placed.boxes.values()]
    items = []
    for edge, points in zip(payload["edges"], placed.paths, strict=True):
        if len(points) < 2:
            continue
        mx, my = _midpoint(points)
        half_w, h = widths[edge["kind"]] / 2 + 1, EDGE_LABEL_SIZE
        box = (mx - half_w, my - h * 0.8, mx + half_w, my + h * 0.4)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue
        taken.append(box)
        x, y = at(mx, my + EDGE_LABEL_SIZE * 0.3)
        items.append(f'<text x="{x:.1f}" y="{y:.1f}">{text(edge["kind"])}</text>')
    attributes = f'font-size="{EDGE_LABEL_SIZE * s:.2f}" text-anchor="middle" font-style="italic"'
    return (f'<g class="edge-labels-halo" aria-hidden="true" {attributes} fill="#fff" stroke="#fff" '
            f'stroke-width="{2 * s:.2f}">' + "".join(items) + f'</g><g class="edge-labels" {attributes} fill="#666">'
            + "".join(items) + "</g>")


#: what to install for PNG and PDF pictures (the Python package, then the C library it loads)
CAIRO_INSTALL = "pip install 'cjgraph[png]' and, on Debian or Ubuntu, apt-get install libcairo2"


def _cairosvg(what: str):
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the package is there, the Cairo library is not
        raise UsageError(f"{what} output needs CairoSVG and the Cairo library: {CAIRO_INSTALL}; "
                         f"or write an SVG picture instead ({exc})") from None
    return cairosvg


def svg_to_png(svg: str, *, scale: float = 1.0, dpi: float = PNG_DPI) -> bytes:
    """Rasterise with CairoSVG at ``dpi`` (see ``CAIRO_INSTALL``)."""
    return _cairosvg("PNG").svg2png(bytestring=svg.encode("utf-8"), scale=scale, dpi=dpi, background_color="white")


def svg_to_pdf(svg: str) -> bytes:
    """The SVG as a one-page PDF of the same size, text kept as text (CairoSVG; see ``CAIRO_INSTALL``)."""
    return _cairosvg("PDF").svg2pdf(bytestring=svg.encode("utf-8"))
