"""What the Python API returns: rows with their columns (:class:`Answer`) and groups of them (:class:`Report`).

Both render the same way wherever they go: ``render("table" | "json" | "csv" | "markdown")`` for files
and terminals, ``_repr_html_`` / ``_repr_markdown_`` so Jupyter shows them, ``to_pandas()`` for analysis
(pandas is the optional ``pandas`` extra). Every cell is escaped on the way out: seed text is data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape

from .errors import UsageError


@dataclass
class Answer:
    """Rows (one dict each, keyed by column) in column order, with an optional title, and where they came
    from: the dates the answer is scoped to (``scope``: ``as of 2015-12-31``...), the canned ``question`` and
    its ``params``, the ``stamp`` of the dataset (cjgraph.stamp) and its source documents (for citations),
    which every format with room for them states."""

    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
    title: str | None = None
    scope: str | None = None
    question: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    stamp: str | None = None
    grid: tuple[str, ...] = ()  # the canned question's grid (row, column, values...): see pivot()
    chosen: bool = False  # columns chosen with select(): formats for people then show ``*_id`` columns too
    sources: Callable[[], Mapping[str, object]] | Mapping[str, object] | None = field(default=None, repr=False)
    pages: Callable[[], Mapping[tuple, int]] | Mapping[tuple, int] | None = field(default=None, repr=False)

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

    def source_documents(self) -> Mapping[str, object]:
        """The source documents (``Source`` models by id) the answer's passages may cite."""
        return self._resolved("sources")

    def passage_pages(self) -> Mapping[tuple, int]:
        """(document id, quote) -> the page the quote starts on, where known (for citations)."""
        return self._resolved("pages")

    def _resolved(self, name: str) -> Mapping:
        """Field ``name``, read from the store the first time it is asked for when it was given as a callable."""
        value = getattr(self, name)
        if callable(value):
            value = value()
            setattr(self, name, value)
        return value or {}

    def select(self, columns: Sequence[str]) -> Answer:
        """The same answer with only ``columns``, in that order."""
        unknown = [c for c in columns if c not in self.columns]
        if unknown:
            raise UsageError(f"no column {unknown[0]!r} (columns: {', '.join(self.columns)})", parameter="columns")
        return replace(self, columns=list(columns), rows=[{c: row.get(c) for c in columns} for row in self.rows],
                       chosen=True)

    def pivot(self, row: str | None = None, column: str | None = None, *values: str) -> Answer:
        """A grid: one row per value of ``row``, one column per value of ``column``, each cell what the rows at
        that crossing say in the ``values`` columns (none: how many rows meet there); see cjgraph.pivot.
        Without arguments, the grid the canned question declares."""
        from .pivot import pivot

        if row is None:
            if not self.grid:
                raise UsageError("this answer declares no grid: give the row and column to pivot on")
            return replace(pivot(self, *self.grid[:2], self.grid[2:]), title=self.title)
        if column is None:
            raise UsageError("give the column to pivot on as well as the row")
        return pivot(self, row, column, values)

    def render(self, fmt: str = "table", *, title: bool = True, width: int | None = None, wide: bool = False,
               cite: bool = False, style: str = "harvard", excel: bool = False) -> str:
        """The rows as text in one of ``output.FORMATS`` (``xlsx``: see :meth:`to_xlsx`). ``cite`` turns each
        passage into a numbered note with its source document's reference in a CSL ``style``; ``excel`` writes
        CSV for Excel (a byte-order mark and CRLF lines); ``wide`` keeps a terminal table whatever its width."""
        from .output import render

        return render(self, fmt, title=title, width=width, wide=wide, cite=cite, style=style, excel=excel)

    def to_xlsx(self, *, cite: bool = False, style: str = "harvard") -> bytes:
        """An Excel workbook: the rows (wrapped text, frozen header), the sources, the notes when ``cite``, and
        a sheet saying what the answer is (question, parameters, dates, dataset stamp)."""
        from .workbook import to_xlsx

        return to_xlsx(self, cite=cite, style=style)

    def heading(self, title: bool = True) -> str | None:
        """The title with the scope, as a table or a caption states it."""
        heading = self.title if title else None
        if self.scope:
            heading = f"{heading} ({self.scope})" if heading else self.scope[0].upper() + self.scope[1:]
        return heading

    def provenance(self) -> list[tuple[str, str]]:
        """What the answer is, as (label, value) pairs: question, parameters, dates, dataset."""
        facts = []
        if self.question:
            facts.append(("question", self.question))
        if self.params:
            facts.append(("parameters", ", ".join(f"{k}={v}" for k, v in self.params.items())))
        if self.scope:
            facts.append(("dates", self.scope))
        if self.stamp:
            facts.append(("dataset", self.stamp))
        return facts

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
        from .documents import html_fragment

        return html_fragment(self)


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
        """Every part in one text (one HTML page); ``json`` gives the plain data. The dataset's stamp, when
        known, comes first."""
        if fmt == "json":
            return json.dumps(self.data, ensure_ascii=False, indent=2) + "\n"
        stamp = self.data.get("stamp")
        if fmt == "html":
            from .documents import html_fragment, html_page

            parts = [f"<h2>{escape(self.title)}</h2>", *([f"<p>Dataset {escape(stamp)}</p>"] if stamp else []),
                     *(html_fragment(replace(part, stamp=None)) for part in self.parts)]  # stated once, above
            return html_page(self.title, "\n".join(parts))
        head = f"Dataset {stamp}\n\n" if stamp and fmt in ("table", "markdown") else ""
        return head + "\n".join(replace(part, stamp=None).render(fmt, width=width) for part in self.parts)

    def _repr_markdown_(self) -> str:
        return self.render("markdown")

    def _repr_html_(self) -> str:
        from .documents import html_fragment

        return f"<h4>{escape(self.title)}</h4>" + "".join(html_fragment(part) for part in self.parts)
