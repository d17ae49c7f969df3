"""The choices of a view, declared once: its layouts and the pages a picture can be printed on.

Light on purpose (no imports beyond the standard library): the CLI reads these for ``--help`` and
``click.Choice``; ``cjgraph.viz`` and the picture renderers read them too.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Above this many entities the HTML view's layout is computed in Python and the browser's physics stays off.
PHYSICS_LIMIT = 150
#: layout -> what it does (the HTML view and the pictures; see docs/views.md)
LAYOUTS: dict[str, str] = {
    "auto": f"HTML: browser physics, positions computed here above {PHYSICS_LIMIT} entities; pictures: "
            "Graphviz force layout (neato; sfdp above 400 entities)",
    "browser": "HTML: physics until stable, then off (pictures as auto)",
    "python": "HTML: positions computed here, physics off (pictures as auto)",
    "timeline": "left to right by year (Graphviz dot, one column per year, undated first)",
    "hierarchy": "succession and membership chains top to bottom (Graphviz dot)",
}
#: the layouts placed by Graphviz in the HTML view too (fixed positions, physics off)
ARRANGED = ("timeline", "hierarchy")

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Page:
    """A paper or slide size in points (1/72 inch), landscape first."""

    name: str
    long: float
    short: float
    unit: str  # how the SVG states its size: "mm" or "in"

    def size(self, portrait: bool) -> tuple[float, float]:
        """(width, height) in points."""
        return (self.short, self.long) if portrait else (self.long, self.short)


PAGES: dict[str, Page] = {
    "a4": Page("a4", 297 * MM, 210 * MM, "mm"),
    "letter": Page("letter", 11 * 72, 8.5 * 72, "in"),
    "slide": Page("slide", 960, 540, "in"),  # 16:9, 13.33 x 7.5 inches: a widescreen presentation slide
}
ORIENTATIONS = ("auto", "landscape", "portrait")
