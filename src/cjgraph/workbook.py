"""An answer as an Excel workbook, written with openpyxl (well kept, pure Python, reads back what it writes).

Sheets: ``Answer`` (one row per statement, passages folded, wrapped text, frozen header, filters),
``Notes`` (with ``cite``: each numbered passage and its reference), ``Sources`` (the source documents the
passages come from) and ``About`` (the question, its parameters, dates, dataset stamp, cjgraph version).
Every cell is text or a number: text that starts like a formula is stored as text, never as a formula.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .documents import count_text, prepared
from .notes import marks
from .passages import passage_columns

if TYPE_CHECKING:
    from .answers import Answer

_WIDEST = 80  # characters: wider columns wrap
_SOURCE_FIELDS = ("id", "title", "publisher", "date", "kind", "url")


def to_xlsx(answer: Answer, *, cite: bool = False, style: str = "harvard") -> bytes:
    from openpyxl import Workbook

    from . import __version__

    columns, rows, notes = prepared(answer, cite_notes=cite, style=style)
    book = Workbook()
    sheet = book.active
    sheet.title = "Answer"
    held = notes.columns if notes is not None else passage_columns(columns, rows)
    cells = [{**row, **{c: marks(row[c]) if notes is not None else "\n".join(p.text() for p in row[c])
                        for c in held if isinstance(row.get(c), list)}} for row in rows]
    _table(sheet, columns, [[r.get(c) for c in columns] for r in cells])
    used = sorted({n.source for n in notes.notes if n.source} if notes is not None else
                  {p.source for row in rows for c in held for p in row.get(c) or [] if p.source})
    if notes is not None:
        _table(book.create_sheet("Notes"), ["note", "quote", "source", "page", "reference"],
               [[n.number, n.quote, n.source or n.url, n.page, n.reference] for n in notes.notes])
    documents = answer.source_documents()
    references = {ident: plain for ident, plain, _ in notes.sources} if notes is not None else {}
    _table(book.create_sheet("Sources"), [*_SOURCE_FIELDS, *(["reference"] if notes is not None else [])],
           [[getattr(documents[i], f, None) for f in _SOURCE_FIELDS] + ([references.get(i)] if notes else [])
            for i in used if i in documents])
    about = [("title", answer.title), *answer.provenance(), ("rows", count_text(answer, rows)),
             *([("citation style", notes.style)] if notes is not None else []),
             ("written by", f"cjgraph {__version__}")]
    _table(book.create_sheet("About"), ["", ""], [[k, v] for k, v in about if v])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(sheet, header: list[str], rows: list[list[object]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append([_cell(v) for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    for i, name in enumerate(header, start=1):
        longest = max([len(str(name))] + [max(map(len, str(r[i - 1]).split("\n"))) for r in rows
                                          if r[i - 1] is not None])
        sheet.column_dimensions[get_column_letter(i)].width = min(_WIDEST, longest + 2)
    sheet.freeze_panes = "A2"
    if rows and any(header):
        sheet.auto_filter.ref = sheet.dimensions


def _cell(value: object) -> object:
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(lambda m: repr(m.group())[1:-1], text)  # control characters shown escaped
