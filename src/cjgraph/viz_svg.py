"""Static pictures of a view: node shapes and SVG/PNG/PDF rendering (positions come from ``cjgraph.layout``).

The SVG is written by hand (no plotting library) with the same colours, shapes and legend as the HTML
view. PNG and PDF are the same SVG drawn by CairoSVG (the optional ``png`` extra), on the Cairo C library.
"""

from __future__ import annotations

import math
from html import escape

from .errors import UsageError

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
EDGE_COLOUR = "#8a8a8a"
LABEL_ALL_NODES = 150  # label every node up to this size; above, only the best connected
LABEL_TOP = 40
EDGE_LABELS_MAX = 250  # relationship kinds written on edges up to this many edges


def darker(colour: str, factor: float = 0.65) -> str:
    """``#rrggbb`` scaled towards black (node borders)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def shape_svg(shape: str, x: float, y: float, r: float, fill: str, *, dashed: bool = False,
              stroke_width: float = 1.5) -> str:
    """One node marker as an SVG element; ``r`` is vis-network's ``size`` (radius or half-width)."""
    paint = f'fill="{fill}" stroke="{darker(fill)}" stroke-width="{stroke_width:g}"'
    if dashed:
        paint += ' stroke-dasharray="4 2"'
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


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _short(name: str, limit: int = 32) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def render_svg(payload: dict, *, width: int = 1400) -> str:
    """The whole picture: title, edges with arrows (and kinds), nodes by kind and size, labels, legend."""
    nodes, edges = payload["nodes"], payload["edges"]
    legend_w, margin, top = 260, 40, 70
    plot_w = width - legend_w - 2 * margin
    xs = [n["x"] for n in nodes] or [0.0]
    ys = [n["y"] for n in nodes] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    scale = plot_w / span
    plot_h = max((max(ys) - min(ys)) * scale, 200.0)
    legend_h = 110 + 24 * len(payload["kinds"])
    height = int(max(plot_h + top + 2 * margin, legend_h + top + margin))

    def place(node: dict) -> tuple[float, float]:
        return margin + (node["x"] - min(xs)) * scale, top + margin + (node["y"] - min(ys)) * scale

    where = {n["id"]: place(n) for n in nodes}
    size = {n["id"]: n["size"] * 0.55 for n in nodes}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{FONT}" role="img">',
           f"<title>{_text(payload['title'])}</title>",
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           f'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{EDGE_COLOUR}"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="{margin}" y="40" font-size="22" font-weight="bold" fill="#222">'
           f"{_text(payload['title'])}</text>",
           '<g class="edges">']
    for edge in edges:
        out.append(_edge_svg(edge, where, size))
    if len(edges) <= EDGE_LABELS_MAX:
        out.append(_halo_text([_edge_label(e, where) for e in edges], 'font-size="9" text-anchor="middle"', "#555"))
    out.append('</g><g class="nodes">')
    shapes = {k["kind"]: k for k in payload["kinds"]}
    for node in nodes:
        kind = shapes[node["kind"]]
        x, y = where[node["id"]]
        out.append(shape_svg(kind["shape"], x, y, size[node["id"]], kind["colour"], dashed=kind["dashes"]))
    ranked = sorted(nodes, key=lambda n: (-n["degree"], n["id"]))
    labelled = ranked if len(nodes) <= LABEL_ALL_NODES else ranked[:LABEL_TOP]
    labels = [(where[n["id"]][0], where[n["id"]][1] + size[n["id"]] + 12, _short(n["name"]))
              for n in sorted(labelled, key=lambda n: n["id"])]
    out.append("</g>" + _halo_text(labels, 'class="labels" font-size="11" text-anchor="middle"', "#222"))
    out.append(_legend_svg(payload, width - legend_w - 10, top))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge_svg(edge: dict, where: dict, size: dict) -> str:
    (x1, y1), (x2, y2) = where[edge["from"]], where[edge["to"]]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    sx, sy = x1 + ux * size[edge["from"]], y1 + uy * size[edge["from"]]
    ex, ey = x2 - ux * (size[edge["to"]] + 1), y2 - uy * (size[edge["to"]] + 1)
    bend = edge.get("curve", 0) * length
    cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    return (f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" fill="none" '
            f'stroke="{EDGE_COLOUR}" stroke-width="1" marker-end="url(#arrow)"/>')


def _edge_label(edge: dict, where: dict) -> tuple[float, float, str]:
    (x1, y1), (x2, y2) = where[edge["from"]], where[edge["to"]]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    bend = edge.get("curve", 0) * length / 2
    return ((x1 + x2) / 2 - (y2 - y1) / length * bend, (y1 + y2) / 2 + (x2 - x1) / length * bend + 3,
            edge["kind"])


def _halo_text(items: list[tuple[float, float, str]], attributes: str, colour: str) -> str:
    """Text with a white halo: a stroked copy under a filled copy (renderers without paint-order)."""
    texts = [f'<text x="{x:.1f}" y="{y:.1f}">{_text(label)}</text>' for x, y, label in items]
    return (f'<g {attributes} fill="#fff" stroke="#fff" stroke-width="3" stroke-linejoin="round">'
            + "".join(texts) + f'</g><g {attributes} fill="{colour}">' + "".join(texts) + "</g>")


def _legend_svg(payload: dict, x: float, y: float) -> str:
    kinds = payload["kinds"]
    rows = [f'<g class="legend" font-size="13" fill="#222"><rect x="{x}" y="{y}" width="250" '
            f'height="{100 + 24 * len(kinds)}" fill="#fafafa" stroke="#ccc" rx="6"/>',
            f'<text x="{x + 12}" y="{y + 22}" font-weight="bold">Legend</text>']
    for i, kind in enumerate(kinds):
        cy = y + 44 + 24 * i
        rows.append(shape_svg(kind["shape"], x + 22, cy - 4, 7, kind["colour"], dashed=kind["dashes"]))
        rows.append(f'<text x="{x + 38}" y="{cy}">{_text(kind["kind"])} ({kind["count"]})</text>')
    cy = y + 44 + 24 * len(kinds)
    rows.append(f'<line x1="{x + 12}" y1="{cy - 4}" x2="{x + 32}" y2="{cy - 4}" stroke="{EDGE_COLOUR}" '
                'marker-end="url(#arrow)"/>')
    rows.append(f'<text x="{x + 38}" y="{cy}">relationship (labelled by kind)</text>')
    rows.append(f'<text x="{x + 12}" y="{cy + 24}" font-size="11" fill="#555">Size: number of '
                'relationships</text>')
    rows.append(f'<text x="{x + 12}" y="{cy + 42}" font-size="11" fill="#555">'
                f'{len(payload["nodes"])} entities, {len(payload["edges"])} relationships</text></g>')
    return "\n".join(rows)


#: what to install for PNG and PDF pictures (the Python package, then the C library it loads)
CAIRO_INSTALL = "pip install 'cjgraph[png]' and, on Debian or Ubuntu, apt-get install libcairo2"


def _cairosvg(what: str):
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the package is there, the Cairo library is not
        raise UsageError(f"{what} output needs CairoSVG and the Cairo library: {CAIRO_INSTALL}; "
                         f"or write an SVG picture instead ({exc})") from None
    return cairosvg


def svg_to_png(svg: str, *, scale: float = 1.0) -> bytes:
    """Rasterise with CairoSVG (see ``CAIRO_INSTALL``)."""
    return _cairosvg("PNG").svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white")


def svg_to_pdf(svg: str) -> bytes:
    """A one-page vector PDF of the SVG, drawn by CairoSVG (see ``CAIRO_INSTALL``)."""
    return _cairosvg("PDF").svg2pdf(bytestring=svg.encode("utf-8"))
