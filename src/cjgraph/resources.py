"""Where the data shipped with cjgraph lives: bundled seeds, canned queries and the ontology."""

from __future__ import annotations

from pathlib import Path

from .errors import CjgraphError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (seeds, queries, ontology) from the wheel, or from the source tree."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise CjgraphError(f"cjgraph's {name} folder is missing from this installation")


def bundled_seeds() -> Path:
    return data_dir("seeds")


def queries_dir() -> Path:
    return data_dir("queries")


def ontology_file() -> Path:
    return data_dir("ontology") / "cjgraph.ttl"
