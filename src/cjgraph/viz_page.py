"""The page of a picture: where the title, the drawing, the legend and the caption go, and their text.

Sizes are in points. On a page (A4, Letter, a 16:9 slide) the drawing is scaled to fill what the title,
legend and caption leave, in the orientation that lets it be largest (or the one asked for); without a
page the picture takes the drawing's natural size. Text is wrapped with widths measured by Graphviz's text
layout (``cjgraph.gvlayout.measure``), so every line of the caption fits inside the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .captions import caption_lines
from .errors import UsageError
from .viewopts import ORIENTATIONS, PAGES

MARGIN = 24.0
GAP = 14.0
TITLE_SIZE = 14.0
CAPTION_SIZE = 7.5
LEGEND_SIZE = 8.0
LEGEND_ROW = 13.0
LEGEND_ITEM = 19.0  # the marker before a legend item's text
TICK_BAND = 14.0  # above a timeline's drawing: the years
MIN_WIDTH = 560.0  # a picture at natural size is at least this wide, so its caption reads
MAX_SCALE = 1.6  # a small drawing is enlarged on a page at most this much
FIT = 0.97  # a wrapped line uses at most this share of its width (fonts differ a little between renderers)


@dataclass
class Sheet:
    """A composed page: its size, the drawing's origin and scale, and the furniture around the drawing."""

    width: float
    height: float
    size_attributes: str
    scale: float
    x: float
    y: float
    title: list[str]
    caption: list[str]
    legend: list[str]
    heading: str
    placed: object = None
    ticks: list[tuple[float, str]] = field(default_factory=list)
    orientation: str = ""
    aspect: float = 0.0  # height / width of the room left for the drawing

    def open(self) -> str:
        """The ``<svg>`` element's start: size, viewBox, title, description, arrow marker, background."""
        from .viz_svg import EDGE_COLOUR, FONT, text

        return "\n".join([
            f'<svg xmlns="http://www.w3.org/2000/svg" {self.size_attributes} '
            f'viewBox="0 0 {self.width:.1f} {self.height:.1f}" font-family="{FONT}" role="img">',
            f"<title>{text(self.heading)}</title>", f"<desc>{text(' '.join(self.caption))}</desc>",
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" '
            f'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{EDGE_COLOUR}"/></marker></defs>',
            f'<rect width="{self.width:.1f}" height="{self.height:.1f}" fill="#ffffff"/>'])

    def furniture(self) -> str:
        """Title, timeline years, legend and caption."""
        from .viz_svg import text

        out = [f'<g class="title" font-size="{TITLE_SIZE:g}" font-weight="bold" fill="#222">']
        out += [f'<text x="{MARGIN:.1f}" y="{MARGIN + TITLE_SIZE * (0.9 + 1.25 * i):.1f}">{text(line)}</text>'
                for i, line in enumerate(self.title)]
        out.append("</g>")
        if self.ticks:
            out.append(f'<g class="years" font-size="{LEGEND_SIZE:g}" fill="#555" text-anchor="middle">')
            out += [f'<text x="{self.x + self.scale * x:.1f}" y="{self.y - 4:.1f}">{text(year)}</text>'
                    for x, year in self.ticks]
            out.append("</g>")
        out += self.legend
        top = self.height - MARGIN - CAPTION_SIZE * 1.35 * len(self.caption) + CAPTION_SIZE
        out.append(f'<g class="caption" font-size="{CAPTION_SIZE:g}" fill="#333">')
        out += [f'<text x="{MARGIN:.1f}" y="{top + CAPTION_SIZE * 1.35 * i:.1f}">{text(line)}</text>'
                for i, line in enumerate(self.caption)]
        out.append("</g>")
        return "\n".join(out)


def compose(payload: dict, placed, *, page: str | None = None, orientation: str = "auto",
            labelled: int | None = None) -> Sheet:
    """Lay the picture out on ``page`` (or at natural size) in ``orientation``; ``labelled``: how many
    entities (the best connected) have a label, when not all."""
    from .gvlayout import measure

    if page is not None and page not in PAGES:
        raise UsageError(f"unknown page {page!r} (choose from {', '.join(PAGES)})")
    if orientation not in ORIENTATIONS:
        raise UsageError(f"unknown orientation {orientation!r} (choose from {', '.join(ORIENTATIONS)})")
    caption = caption_lines(payload)
    if labelled is not None and labelled < len(payload["nodes"]):
        caption.append(f"Labels: the {labelled} best-connected of the {len(payload['nodes'])} entities are named "
                       + (f"(more would print too small on {page})." if page else "(more would not be legible)."))
    legend_rows = _legend_rows(payload)
    words = {w for line in caption + [r[1] for r in legend_rows] for w in line.split()}
    plain = measure(sorted(words) + [r[1] for r in legend_rows] + ["a b", "ab"], 10.0)
    bold = measure([*payload["title"].split(), "a b", "ab"], 10.0, bold=True)
    band = TICK_BAND if placed.ticks else 0.0
    if page is None:
        width = max(MIN_WIDTH, placed.width + 2 * MARGIN)
        return _sheet(payload, placed, width, None, plain, bold, caption, legend_rows, band, size_attributes=None)
    choices = ["landscape", "portrait"] if orientation == "auto" else [orientation]
    sheets = [_sheet(payload, placed, *PAGES[page].size(o == "portrait"), plain, bold, caption, legend_rows,
                     band, size_attributes=PAGES[page], orientation=o) for o in choices]
    return max(sheets, key=lambda sheet: sheet.scale)


def _sheet(payload, placed, width, height, plain, bold, caption, legend_rows, band, *, size_attributes,
           orientation: str = "") -> Sheet:
    inner = width - 2 * MARGIN
    title = wrap_words(payload["title"], inner, TITLE_SIZE, bold)
    lines = [line for sentence in caption for line in wrap_words(sentence, inner, CAPTION_SIZE, plain)]
    places = _legend_place(legend_rows, plain, inner)
    legend_y = MARGIN + TITLE_SIZE * 1.25 * len(title)
    top = legend_y + LEGEND_ROW * (1 + max(row for _x, row in places)) + GAP / 2 + band
    caption_h = CAPTION_SIZE * 1.35 * len(lines) + GAP / 2
    area_w = inner
    if height is None:
        scale, aspect = 1.0, 0.0
        height = top + placed.height + caption_h + MARGIN
        size = f'width="{width:.1f}pt" height="{height:.1f}pt"'
    else:
        area_h = height - top - caption_h - MARGIN
        if area_w <= 0 or area_h <= 0:
            raise UsageError("the page has no room left for the drawing: its caption or legend is too long")
        scale = min(area_w / max(placed.width, 1.0), area_h / max(placed.height, 1.0), MAX_SCALE)
        aspect = area_h / area_w
        factor = 25.4 / 72 if size_attributes.unit == "mm" else 1 / 72
        size = (f'width="{width * factor:.2f}{size_attributes.unit}" '
                f'height="{height * factor:.2f}{size_attributes.unit}"')
        top += (area_h - placed.height * scale) / 2
    x = MARGIN + (area_w - placed.width * scale) / 2
    legend = _legend_svg(payload, legend_rows, places, MARGIN, legend_y)
    return Sheet(width, height, size, scale, x, top, title, lines, legend, payload["title"], placed, placed.ticks,
                 orientation, aspect)


def wrap_words(sentence: str, width: float, size: float, widths: dict[str, float]) -> list[str]:
    """``sentence`` on lines no wider than ``width`` at font ``size`` (``widths``: words measured at 10 pt)."""
    space = widths["a b"] - widths["ab"]
    limit, lines, current, used = width * FIT * 10 / size, [], [], 0.0
    for word in sentence.split():
        w = widths.get(word, len(word) * 7.5)  # unmeasured (never in practice): a wide estimate
        if current and used + space + w > limit:
            lines.append(" ".join(current))
            current, used = [], 0.0
        used += (space if current else 0.0) + w
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _legend_rows(payload: dict) -> list[tuple[str, str]]:
    rows = [("kind", f"{k['kind']} ({k['count']})") for k in payload["kinds"]]
    rows.append(("edge", "relationship (its kind written on it where it fits)"))
    rows.append(("note", "marker size: number of relationships"))
    return rows


def _legend_place(rows: list[tuple[str, str]], widths: dict[str, float], width: float) -> list[tuple[float, int]]:
    """(x offset, row) of each legend item, flowing left to right on rows no wider than ``width``."""
    places, x, row = [], 0.0, 0
    for _what, label in rows:
        w = LEGEND_ITEM + widths[label] * LEGEND_SIZE / 10
        if x and x + w > width * FIT:
            x, row = 0.0, row + 1
        places.append((x, row))
        x += w + GAP
    return places


def _legend_svg(payload: dict, rows: list[tuple[str, str]], places: list[tuple[float, int]], x: float,
                y: float) -> list[str]:
    from .viz_svg import EDGE_COLOUR, shape_svg, text

    kinds = {f"{k['kind']} ({k['count']})": k for k in payload["kinds"]}
    out = [f'<g class="legend" font-size="{LEGEND_SIZE:g}" fill="#222">']
    for (what, label), (dx, row) in zip(rows, places, strict=True):
        left, cy = x + dx, y + LEGEND_ROW * row + LEGEND_SIZE
        if what == "kind":
            kind = kinds[label]
            out.append(shape_svg(kind["shape"], left + 6, cy - 3, 5, kind["colour"], dashed=kind["dashes"],
                                 stroke_width=1))
        elif what == "edge":
            out.append(f'<line x1="{left:.1f}" y1="{cy - 3:.1f}" x2="{left + 14:.1f}" y2="{cy - 3:.1f}" '
                       f'stroke="{EDGE_COLOUR}" marker-end="url(#arrow)"/>')
        else:
            out.append(f'<circle cx="{left + 3:.1f}" cy="{cy - 3:.1f}" r="2" fill="#999"/>'
                       f'<circle cx="{left + 11:.1f}" cy="{cy - 3:.1f}" r="4" fill="#999"/>')
        out.append(f'<text x="{left + LEGEND_ITEM:.1f}" y="{cy:.1f}">{text(label)}</text>')
    out.append("</g>")
    return out
