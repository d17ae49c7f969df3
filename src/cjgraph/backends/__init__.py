"""Backends by name, imported only when asked for (so `cjgraph --help` stays fast)."""

from __future__ import annotations

import importlib

from ..errors import UsageError
from .base import Backend, EntityRef, LoadReport, Result

__all__ = ["BACKENDS", "Backend", "EntityRef", "LoadReport", "Result", "open_backend"]

BACKENDS: dict[str, str] = {
    "embedded": "cjgraph.backends.embedded:EmbeddedBackend",
    "neo4j": "cjgraph.backends.neo4j:Neo4jBackend",
    "sparql": "cjgraph.backends.sparql:SparqlServerBackend",
}


def open_backend(name: str = "embedded", **options: object) -> Backend:
    """Open the backend registered as ``name`` with its options (unknown or None options are ignored)."""
    try:
        module_name, class_name = BACKENDS[name].split(":")
    except KeyError:
        raise UsageError(f"unknown backend {name!r}; choose from: {', '.join(BACKENDS)}") from None
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls.from_options(**{k: v for k, v in options.items() if v is not None})
