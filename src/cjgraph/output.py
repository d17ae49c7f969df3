"""Rendering answers as text: a terminal table or records, JSON, CSV, Markdown or HTML (``xlsx``, a
workbook, is bytes: cjgraph.workbook). Every format is safe for hostile seed text.

JSON and CSV keep the documented row format: one row per passage, every column, ids included. The human
formats (table, Markdown, HTML, xlsx) fold rows that differ only in their passage into one row with its
passages (cjgraph.passages) and, with ``cite``, number them as notes (cjgraph.notes).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .answers import Answer

FORMATS = ("table", "json", "csv", "markdown", "html", "xlsx")
TEXT_FORMATS = FORMATS[:-1]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def render(answer: Answer, fmt: str = "table", *, title: bool = True, width: int | None = None,
           wide: bool = False, cite: bool = False, style: str = "harvard", excel: bool = False) -> str:
    """``answer`` in one of ``TEXT_FORMATS`` (see the module's docstring)."""
    if fmt not in TEXT_FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(TEXT_FORMATS)})", parameter="fmt")
    if excel and fmt != "csv":
        raise UsageError("excel applies to the csv format only", parameter="excel")
    if cite and fmt in ("json", "csv"):
        raise UsageError(f"cite applies to the table, markdown, html and xlsx formats, not {fmt}", parameter="cite")
    if fmt == "json":
        return to_json(answer.columns, answer.rows)
    if fmt == "csv":
        text = to_csv(answer.columns, answer.rows, lineterminator="\r\n" if excel else "\n")
        return BOM + text if excel else text
    from .documents import to_html, to_markdown, to_terminal

    if fmt == "markdown":
        return to_markdown(answer, title=title, cite=cite, style=style)
    if fmt == "html":
        return to_html(answer, title=title, cite=cite, style=style)
    return to_terminal(answer, title=title, width=width, wide=wide, cite=cite, style=style)


def to_json(columns: Sequence[str], rows: Sequence[dict[str, object]]) -> str:
    """A JSON list of row objects keyed by column name, columns in query order."""
    return json.dumps([{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2) + "\n"


def cell_text(value: object) -> str:
    """A cell as text: "" for None, a list's items (passages...) one a line, anything else ``str``."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(cell_text(item) for item in value)
    return str(value)


def spreadsheet_safe(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection guidance)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, object]], *, safe: bool = True,
           lineterminator: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow(columns)
    for row in rows:
        values = [row.get(c) for c in columns]
        values = [cell_text(v) if isinstance(v, list | tuple) else v for v in values]  # a list: an item a line
        writer.writerow(["" if v is None else spreadsheet_safe(v) if safe else v for v in values])
    return buffer.getvalue()
