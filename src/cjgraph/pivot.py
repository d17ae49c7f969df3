"""Answers as grids: one row per value of a column, one column per value of another, a cell where they meet.

A cell joins what the rows at that crossing say in the ``value`` columns: a ``yes``/``no`` column by its name
when yes (``cites``), a number with its column's name (``2 passages``), other text as it is; without value
columns, how many rows meet there (an empty cell: none). A canned question can declare its grid
(``# grid: ROW COLUMN VALUE...``, as ``act-document-table`` does); ``--pivot ROW,COLUMN[,VALUE]`` makes one of
any answer. Entities that share a name stay apart, told apart by the ``COLUMN_id`` beside the name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .answers import Answer


def pivot(answer: Answer, row: str, column: str, values: str | Sequence[str] | None = None) -> Answer:
    """``answer`` as a grid (see the module's docstring); ``UsageError`` naming a column it does not have."""
    values = [values] if isinstance(values, str) else list(values or [])
    for name in (row, column, *values):
        if name not in answer.columns:
            raise UsageError(f"cannot pivot on {name!r}: the answer's columns are {', '.join(answer.columns)}",
                             parameter="pivot")
    across: dict[str, None] = {}
    grid: dict[str, dict[str, list[str]]] = {}
    downs, overs = _labels(answer, row), _labels(answer, column)
    for item, down, over in zip(answer.rows, downs, overs, strict=True):
        across.setdefault(over, None)
        grid.setdefault(down, {}).setdefault(over, []).append(cell(item, values))
    heads = sorted(across, key=str.casefold)
    def joined(parts: list[str]) -> str | int | None:
        if not values:
            return len(parts) or None
        return "; ".join(dict.fromkeys(p for p in parts if p)) or None

    rows = [{row: down, **{head: joined(cells.get(head, [])) for head in heads}}
            for down, cells in sorted(grid.items(), key=lambda kv: kv[0].casefold())]
    title = f"{answer.title}: {row} × {column}" if answer.title else f"{row} × {column}"
    return replace(answer, columns=[row, *heads], rows=rows, title=title)


def cell(item: dict[str, object], values: Sequence[str]) -> str:
    parts = []
    for name in values:
        value = item.get(name)
        if value is None or value == "no":
            continue
        if value == "yes":
            parts.append(name)
        elif isinstance(value, int) and not isinstance(value, bool):
            parts.append(f"{value} {name[:-1] if value == 1 and name.endswith('s') else name}")
        else:
            parts.append(str(value))
    return ", ".join(parts)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _labels(answer: Answer, column: str) -> list[str]:
    """Each row's value of ``column`` as a grid label: entities are told apart by the ``COLUMN_id`` beside
    them, so two entities sharing a name are two rows (``name (id)``), never one."""
    names = [_text(item.get(column)) for item in answer.rows]
    key = f"{column}_id"
    if key not in answer.columns:
        return names
    ids = [_text(item.get(key)) for item in answer.rows]
    shared: dict[str, set[str]] = {}
    for name, ident in zip(names, ids, strict=True):
        shared.setdefault(name, set()).add(ident)
    return [f"{name} ({ident})" if len(shared[name]) > 1 else name for name, ident in zip(names, ids, strict=True)]


def parse_pivot(text: str) -> tuple[str, str, list[str]]:
    """``ROW,COLUMN[,VALUE...]`` as (row, column, values)."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2 or not all(parts):
        raise UsageError(f"a pivot is ROW,COLUMN or ROW,COLUMN,VALUE (columns of the answer), not {text!r}",
                         parameter="pivot")
    return parts[0], parts[1], parts[2:]
