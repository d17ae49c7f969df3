"""Answers for people: a terminal table or records, Markdown and HTML, each with its passages folded per row,
optionally as numbered notes with the sources' references, and a line saying what the answer is.

Markdown is verbatim: only what would break the table or become markup is escaped (``|``, a ``<`` that
would open a tag, ``](`` that would make a link); HTML escapes every cell. Neither carries a script.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from .notes import Notes, cite, marks
from .passages import fold, passage_columns, shortened

if TYPE_CHECKING:
    from .answers import Answer

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ALLOWED_TAG = re.compile(r'</?(?:i|b|u|sup|sub)>|<span style="font-variant:small-caps;">|</span>')
_CSS = ("table.cjgraph{border-collapse:collapse;font-family:sans-serif;font-size:10pt}"
        "table.cjgraph th,table.cjgraph td{border:1px solid #999;padding:3pt 5pt;vertical-align:top;text-align:left}"
        "table.cjgraph caption{font-weight:bold;text-align:left;padding-bottom:4pt}"
        ".cjgraph-about{font-family:sans-serif;font-size:9pt;color:#444}")


def prepared(answer: Answer, *, cite_notes: bool, style: str) -> tuple[list[str], list[dict], Notes | None]:
    """The answer's columns and rows with passages folded (as note numbers when ``cite_notes``)."""
    columns, rows = fold(answer.columns, answer.rows)
    if not answer.chosen:  # ids are for code (JSON, CSV); people read names
        from .terminal import shown_columns

        columns = shown_columns(columns)
    notes = None
    if cite_notes:
        if not passage_columns(columns, rows):
            from .errors import UsageError

            raise UsageError("this answer has no passages to cite (a grid or a count has none: ask for its rows, "
                             "e.g. --pivot off, or the question that lists the passages)", parameter="cite")
        rows, notes = cite(rows, answer.source_documents(), style, answer.passage_pages())
    return columns, rows, notes


def count_text(answer: Answer, rows: list[dict]) -> str:
    text = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if len(rows) != len(answer.rows):
        text += f" ({len(answer.rows)} passages)"
    return text


def about_text(answer: Answer) -> str:
    """What the answer is on one line: question, parameters, dates, dataset."""
    return " · ".join(f"{label} {value}" for label, value in answer.provenance())


def _passage_cells(rows: list[dict], notes: Notes | None, *, short: bool = False) -> list[dict]:
    """Rows with their passages as note marks (citing), else as text: whole in a file, elided where the row
    holds them in full when ``short`` (the terminal)."""
    if notes is not None:
        return [{**row, **{c: marks(row[c]) for c in notes.columns if isinstance(row.get(c), list)}} for row in rows]
    columns = passage_columns(list(rows[0]) if rows else [], rows)
    show = shortened if short else (lambda passage, row: passage.text())
    return [{**row, **{c: [show(p, row) for p in row[c]] for c in columns if isinstance(row.get(c), list)}}
            for row in rows]


# -- terminal -------------------------------------------------------------------------------------------
def to_terminal(answer: Answer, *, title: bool = True, width: int | None = None, wide: bool = False,
                cite: bool = False, style: str = "harvard") -> str:
    from . import terminal

    columns, rows, notes = prepared(answer, cite_notes=cite, style=style)
    cells = _passage_cells(rows, notes, short=True)
    text = terminal.show(columns, cells, title=answer.heading(title), width=width, wide=wide,
                         count=count_text(answer, rows))
    if notes is None:
        return text
    width = terminal.terminal_width(width)
    lines = ["", "Notes"]
    for note in notes.notes:
        lines.extend(_hanging(f"[{note.number}] ", terminal.printable(note.text()), width))
    lines += ["", "Sources"] if notes.sources else []
    for _, plain, _ in notes.sources:
        lines.extend(_hanging("- ", terminal.printable(plain), width))
    return text + "\n".join(lines) + "\n"


def _hanging(mark: str, text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=mark, subsequent_indent=" " * len(mark),
                         break_long_words=False, break_on_hyphens=False) or [mark]


# -- Markdown -------------------------------------------------------------------------------------------
def md_text(value: object) -> str:
    """Text for a Markdown table cell, verbatim but for what would break the table or become markup."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "<br>".join(md_text(item) for item in value)
    text = " ".join(str(value).split()).replace("\\", "\\\\").replace("|", "\\|")
    return _TAG_START.sub("\\\\<", text).replace("](", "]\\(")


def to_markdown(answer: Answer, *, title: bool = True, cite: bool = False, style: str = "harvard") -> str:
    columns, rows, notes = prepared(answer, cite_notes=cite, style=style)
    rows = _passage_cells(rows, notes)
    heading = answer.heading(title)
    lines = [f"**{md_text(heading)}**", ""] if heading else []
    lines.append("| " + " | ".join(md_text(c) for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines.extend("| " + " | ".join(md_text(row.get(c)) for c in columns) + " |" for row in rows)
    about = about_text(answer)
    if about:
        lines += ["", f"{count_text(answer, rows)} · {md_text(about)}"]
    if notes is not None:
        lines += ["", "**Notes**", ""]
        lines.extend(f"{n.number}. {md_text(n.text())}" for n in notes.notes)
        if notes.sources:
            lines += ["", "**Sources**", ""]
            lines.extend(f"- {md_text(plain)}" for _, plain, _ in notes.sources)
    return "\n".join(lines) + "\n"


# -- HTML -----------------------------------------------------------------------------------------------
def _html_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "<br>".join(_html_cell(item) for item in value)
    return escape(str(value))


def html_fragment(answer: Answer, *, title: bool = True, cite: bool = False, style: str = "harvard") -> str:
    """A ``<table>`` (every cell escaped), what the answer is, and its notes and sources when ``cite``."""
    columns, rows, notes = prepared(answer, cite_notes=cite, style=style)
    rows = _passage_cells(rows, notes)
    heading = answer.heading(title)
    caption = f"<caption>{escape(heading)}</caption>" if heading else ""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_html_cell(row.get(c))}</td>" for c in columns) + "</tr>\n"
                   for row in rows)
    about = " · ".join([count_text(answer, rows), *([about_text(answer)] if about_text(answer) else [])])
    out = [f'<table class="cjgraph">{caption}<thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>',
           f'<p class="cjgraph-about">{escape(about)}</p>']
    if notes is not None:
        out.append("<p><b>Notes</b></p><ol class=\"cjgraph-notes\">" + "".join(
            f'<li value="{n.number}">{_note_html(n)}</li>' for n in notes.notes) + "</ol>")
        if notes.sources:
            out.append("<p><b>Sources</b></p><ul class=\"cjgraph-sources\">"
                       + "".join(f"<li>{_safe_reference(html)}</li>" for _, _, html in notes.sources) + "</ul>")
    return "\n".join(out)


def _note_html(note) -> str:
    quote = escape(f"\u201c{note.quote}\u201d ") if note.quote is not None else ""
    where = _safe_reference(note.reference_html) or escape(f"<{note.url}>" if note.url else "")
    return quote + where + (f" p. {note.page}." if note.page else "")


def _safe_reference(html: str) -> str:
    """citeproc's HTML with only its emphasis tags kept: every other part is unescaped and escaped again, so
    a reference can never carry a tag of its own, whatever citeproc does with the text it is given."""
    from html import unescape

    parts = _ALLOWED_TAG.split(html)
    tags = [*_ALLOWED_TAG.findall(html), ""]
    return "".join(escape(unescape(part), quote=False) + tag for part, tag in zip(parts, tags, strict=True))


def to_html(answer: Answer, *, title: bool = True, cite: bool = False, style: str = "harvard") -> str:
    """A self-contained HTML page: no script, no external resource; pastes into Word or Google Docs."""
    return html_page(answer.heading(title) or "cjgraph answer", html_fragment(answer, title=title, cite=cite,
                                                                               style=style))


def html_page(title: str, body: str) -> str:
    """A page around ``body``: UTF-8, a policy that forbids scripts and fetches, the tables' style."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n")
