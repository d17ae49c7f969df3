"""Rewrite the README's per-question example outputs from a real run on the bundled seeds.

Each ``cjgraph query NAME [-p K=V]... -f markdown`` block of the README's "Questions you can ask" section is
followed by the first rows of its real answer (cells over 90 characters shortened with "…") and a line
saying how many rows there are in all. ``python scripts/readme_questions.py`` prints what differs;
``--write`` rewrites README.md (tests/test_readme.py fails while they differ).
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SHOWN, WIDTH = 4, 90
_BLOCK = re.compile(r"```sh\n(cjgraph query [^\n]*-f markdown)\n```\n\n"
                    r"(?P<table>(?:\|[^\n]*\n)+)(?P<more>\n… and [^\n]*\n)?")


def _short(value: object) -> object:
    text = value if isinstance(value, str) else None
    return value if text is None or len(text) <= WIDTH else text[: WIDTH - 1].rstrip() + "…"


def example(graph, command: str) -> tuple[str, str]:
    """The table (as ``-f markdown`` writes it, long cells shortened) and the row count the README shows
    under ``command``."""
    from cjgraph.answers import Answer
    from cjgraph.passages import PASSAGE_COLUMNS, fold

    words = shlex.split(command)
    name, params = words[2], {}
    for flag, value in pairwise(words):
        if flag == "-p":
            key, _, val = value.partition("=")
            params[key] = val
    answer = graph.query(name, params)
    if answer.grid:  # shown as the command shows it: its declared grid
        answer = answer.pivot()
    groups = len(fold(answer.columns, answer.rows)[1])  # rows as the formats for people show them
    first: dict[tuple, None] = {}
    shown = []
    for row in answer.rows:  # the rows of the first SHOWN statements, with all their passages
        key = tuple(row.get(c) for c in answer.columns if c not in PASSAGE_COLUMNS)
        if key in first or len(first) < SHOWN:
            first.setdefault(key, None)
            shown.append({c: _short(row.get(c)) for c in answer.columns})
    more = groups - SHOWN
    trailer = f"\n… and {more} more row{'s' if more > 1 else ''} ({groups} in all).\n" if more > 0 else ""
    return Answer(answer.columns, shown).render("markdown", title=False), trailer


def rewrite(text: str, graph) -> str:
    """``text`` (the README) with every example block's output replaced by a real run's."""
    def replace(match: re.Match) -> str:
        table, trailer = example(graph, match[1])
        return f"```sh\n{match[1]}\n```\n\n{table}{trailer}"

    return _BLOCK.sub(replace, text)


def main(argv: list[str]) -> int:
    import difflib

    import cjgraph

    readme = ROOT / "README.md"
    with tempfile.TemporaryDirectory() as folder:
        graph = cjgraph.open(Path(folder) / "store")
        graph.load()
        old = readme.read_text(encoding="utf-8")
        new = rewrite(old, graph)
        graph.close()
    if "--write" in argv:
        readme.write_text(new, encoding="utf-8")
    else:
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "README.md", "new"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
