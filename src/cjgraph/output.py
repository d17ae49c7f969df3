"""Rendering rows as table, JSON, CSV or Markdown text. Every format is safe for hostile seed text."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence

FORMATS = ("table", "json", "csv", "markdown")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(columns: Sequence[str], rows: Sequence[dict[str, object]], fmt: str = "table", *,
           title: str | None = None, width: int | None = None) -> str:
    """Render rows (mappings keyed by column) in one of ``FORMATS``."""
    if fmt == "json":
        return to_json(columns, rows)
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "markdown":
        return to_markdown(columns, rows, title=title)
    if fmt == "table":
        return to_table(columns, rows, title=title, width=width)
    raise ValueError(f"unknown format {fmt!r}")


def to_json(columns: Sequence[str], rows: Sequence[dict[str, object]]) -> str:
    """A JSON list of row objects keyed by column name, columns in query order."""
    return json.dumps([{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2) + "\n"


def spreadsheet_safe(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection guidance)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, object]], *, safe: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = [row.get(c) for c in columns]
        writer.writerow(["" if v is None else spreadsheet_safe(v) if safe else v for v in values])
    return buffer.getvalue()


def _md_cell(value: object) -> str:
    if value is None:
        return ""
    text = html.escape(str(value), quote=False)
    return " ".join(text.split()).replace("|", "\\|").replace("`", "\\`").replace("[", "\\[")


def to_markdown(columns: Sequence[str], rows: Sequence[dict[str, object]], *, title: str | None = None) -> str:
    """A GitHub-flavoured Markdown table; cell text is HTML-escaped so payloads stay inert."""
    lines = [f"**{_md_cell(title)}**", ""] if title else []
    lines.append("| " + " | ".join(_md_cell(c) for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines.extend("| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def to_table(columns: Sequence[str], rows: Sequence[dict[str, object]], *, title: str | None = None,
             width: int | None = None) -> str:
    """A terminal table (rich); markup in seed text is shown literally.

    ``*_id`` columns are left out when there are other columns (the json and csv formats keep them), and
    the table fits the terminal's width when printing to one.
    """
    import shutil

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = [c for c in columns if not c.endswith("_id")]
    columns = shown if shown else list(columns)
    if width is None:
        width = max(80, shutil.get_terminal_size((160, 24)).columns)

    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None,
                      soft_wrap=False, legacy_windows=False)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return buffer.getvalue()
