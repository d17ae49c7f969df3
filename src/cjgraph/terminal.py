"""Answers in a terminal: a table when the columns fit, else one block per row (a record layout).

Both wrap only at spaces: an id, a name or a query name is never broken (a word longer than its room
overflows rather than splits). ``*_id`` columns are left out when there are other columns (JSON and CSV keep
them); control characters in seed text are shown escaped (``\\x1b``), never sent to the terminal. Plain
Python: rich took 100 ms of a 300 ms query.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

#: the width when output goes to a pipe or a file and ``COLUMNS`` is not set
PIPE_WIDTH = 100
MIN_WIDTH = 40
#: a table is kept when no column is squeezed below this or below its longest word
MIN_COLUMN = 10
#: the widest field name a record aligns its values after; a longer one has a line of its own
MAX_LABEL = 20


def terminal_width(width: int | None = None) -> int:
    """``width``, else ``COLUMNS`` or the terminal's width, else ``PIPE_WIDTH`` (a pipe or a file)."""
    if width is None:
        width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns
    return max(MIN_WIDTH, width)


def shown_columns(columns: Sequence[str]) -> list[str]:
    shown = [c for c in columns if not c.endswith("_id")]
    return shown if shown else list(columns)


def cell_text(value: object) -> str:
    """A cell as the terminal shows it (cjgraph.output.cell_text, control characters escaped)."""
    from .output import cell_text as plain

    return printable(plain(value))


def printable(text: str) -> str:
    """Control characters (escape sequences included) as visible escapes; new lines are kept."""
    return "".join(c if c == "\n" or c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text.replace("\r\n", "\n"))


def show(columns: Sequence[str], rows: Sequence[dict[str, object]], *, title: str | None = None,
         width: int | None = None, wide: bool = False, count: str | None = None) -> str:
    """A table if it fits ``width`` (``wide``: always, at its natural width), else records."""
    header = [printable(c) for c in columns]
    body = [[cell_text(row.get(c)) for c in columns] for row in rows]
    natural = [max([len(h), 1] + [_longest_line(cells[i]) for cells in body]) for i, h in enumerate(header)]
    count = count or f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if wide:
        return _table(header, body, natural, title, count)
    width = terminal_width(width)
    room = width - 3 * len(columns) - 1
    if sum(natural) <= room:
        return _table(header, body, natural, title, count)
    floors = [max(min(n, MIN_COLUMN), max(_longest_word(h), *(_longest_word(c[i]) for c in body)))
              for i, (h, n) in enumerate(zip(header, natural, strict=True))]
    if sum(floors) <= room and len(columns) <= 4:
        return _table(header, body, _fit(natural, floors, room), title, count)
    return records(header, body, title=title, width=width, count=count)


def _longest_line(text: str) -> int:
    return max(map(len, text.split("\n")))


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _fit(natural: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths within ``room``: the widest columns give way first, none below its floor."""
    widths = list(natural)
    while sum(widths) > room:
        give = [i for i in range(len(widths)) if widths[i] > floors[i]]
        if not give:
            break
        widest = max(give, key=widths.__getitem__)
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    return [part for line in text.split("\n")
            for part in (textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])]


def _table(header: list[str], body: list[list[str]], widths: list[int], title: str | None, count: str) -> str:
    def lines(cells: list[str], rule: str) -> list[str]:
        wrapped = [_wrap(cell, w) for cell, w in zip(cells, widths, strict=True)]
        height = max(len(part) for part in wrapped)
        return [rule + rule.join(f" {(part[i] if i < len(part) else ''):<{w}} "
                                 for part, w in zip(wrapped, widths, strict=True)) + rule for i in range(height)]

    out = [title.center(sum(widths) + 3 * len(widths) + 1).rstrip()] if title else []
    out.append("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓")
    out.extend(lines(header, "┃"))
    out.append("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
    for cells in body:
        out.extend(lines(cells, "│"))
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    out.append(count)
    return "\n".join(out) + "\n"


def records(header: list[str], body: list[list[str]], *, title: str | None = None, width: int = PIPE_WIDTH,
            count: str = "") -> str:
    """One block per row: the first column as its heading, then ``field  value`` lines wrapped at words
    under the value's column; empty fields are left out."""
    label = min(max((len(h) for h in header[1:]), default=0), MAX_LABEL)  # (a number's header is short)
    indent = 2 + label + 2
    out = [title, "=" * min(len(title), width), ""] if title else []
    numbers = 0  # leading number columns (a path's number and hop) join the heading: "path 1, hop 2"
    while numbers < len(header) - 2 and body and all(cells[numbers].isdigit() for cells in body):
        numbers += 1
    lead = max(numbers, 1)  # the columns the heading shows
    for cells in body:
        if lead > 1 or cells[0].isdigit():
            out.append(", ".join(f"{header[i]} {cells[i]}" for i in range(lead)))
        else:
            out.extend(_wrap(cells[0], width) if cells[0] else ["(no " + header[0] + ")"])
        for name, value in zip(header[lead:], cells[lead:], strict=True):
            if not value:
                continue
            if len(name) > label:  # a long field name (a grid's column) has the line to itself
                out.extend("  " + line for line in _wrap(name, width - 2))
                out.extend("    " + line for line in _wrap(value, max(width - 4, 20)))
                continue
            lines = _wrap(value, max(width - indent, 20))
            out.append(f"  {name:<{label}}  {lines[0]}".rstrip())
            out.extend(" " * indent + line for line in lines[1:])
        out.append("")
    out.append(count)
    return "\n".join(out) + "\n"
