"""What the Python API returns: rows with their columns (:class:`Answer`) and groups of them (:class:`Report`).

Both render the same way wherever they go: ``render("table" | "json" | "csv" | "markdown")`` for files
and terminals, ``_repr_html_`` / ``_repr_markdown_`` so Jupyter shows them, ``to_pandas()`` for analysis
(pandas is the optional ``pandas`` extra). Every cell is escaped on the way out: seed text is data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html import escape

from .errors import UsageError


@dataclass
class Answer:
    """Rows (one dict each, keyed by column) in column order, with an optional title, and the dates the answer
    is scoped to (``scope``: ``as of 2015-12-31``...), which every format with room for it states."""

    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
    title: str | None = None
    scope: str | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, object]]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> dict[str, object]:
        return self.rows[index]

    def __repr__(self) -> str:
        title = f"{self.title!r}, " if self.title else ""
        title += f"{self.scope}, " if self.scope else ""
        rows = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        return f"<Answer {title}{rows} × {len(self.columns)} columns: {', '.join(self.columns)}>"

    def column(self, name: str) -> list[object]:
        """Every value of one column, in row order."""
        if name not in self.columns:
            raise UsageError(f"no column {name!r} (columns: {', '.join(self.columns)})")
        return [row.get(name) for row in self.rows]

    def render(self, fmt: str = "table", *, title: bool = True, width: int | None = None) -> str:
        """The rows as ``table``, ``json``, ``csv`` or ``markdown`` text (see cjgraph.output). A table or
        Markdown states the answer's scope; JSON and CSV keep their documented row format."""
        from .output import FORMATS, render

        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        heading = self.title if title else None
        if self.scope and fmt in ("table", "markdown"):
            heading = f"{heading} ({self.scope})" if heading else self.scope[0].upper() + self.scope[1:]
        return render(self.columns, self.rows, fmt, title=heading, width=width)

    def to_pandas(self):
        """A pandas DataFrame with the same columns (needs the optional ``pandas`` extra)."""
        try:
            import pandas
        except ImportError:
            raise UsageError("to_pandas() needs pandas: pip install 'cjgraph[pandas]'") from None
        return pandas.DataFrame.from_records(self.rows, columns=self.columns)

    def _repr_markdown_(self) -> str:
        return self.render("markdown")

    def _repr_html_(self) -> str:
        caption = f"{self.title} ({self.scope})" if self.title and self.scope else self.title or self.scope
        return html_table(self.columns, self.rows, title=caption)


@dataclass
class Report:
    """Several answers that belong together (``stats``, ``show``), and their plain data for JSON."""

    title: str
    parts: list[Answer]
    data: dict = field(default_factory=dict)
    scope: str | None = None

    def __getitem__(self, title: str) -> Answer:
        for part in self.parts:
            if part.title == title:
                return part
        raise KeyError(title)

    def __repr__(self) -> str:
        scope = f" ({self.scope})" if self.scope else ""
        return f"<Report {self.title!r}{scope}: {', '.join(f'{p.title} ({len(p)})' for p in self.parts)}>"

    def render(self, fmt: str = "table", *, width: int | None = None) -> str:
        """Every part in one text; ``json`` gives the plain data."""
        if fmt == "json":
            return json.dumps(self.data, ensure_ascii=False, indent=2) + "\n"
        return "\n".join(part.render(fmt, width=width) for part in self.parts)

    def _repr_markdown_(self) -> str:
        return self.render("markdown")

    def _repr_html_(self) -> str:
        return f"<h4>{escape(self.title)}</h4>" + "".join(part._repr_html_() for part in self.parts)


def html_table(columns: Sequence[str], rows: Sequence[dict[str, object]], *, title: str | None = None) -> str:
    """An HTML ``<table>`` of the rows, every cell escaped (seed text can never become markup)."""
    def cell(value: object) -> str:
        if isinstance(value, list | tuple):  # items (passages...) one a line
            return "<br>".join(cell(item) for item in value)
        return "" if value is None else escape(str(value))

    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell(row.get(c))}</td>" for c in columns) + "</tr>" for row in rows)
    caption = f"<caption>{escape(title)}</caption>" if title else ""
    count = f"<p>{len(rows)} row{'s' if len(rows) != 1 else ''}</p>"
    return f'<table class="cjgraph">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{count}'
