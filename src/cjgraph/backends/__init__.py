"""Backends by name, imported only when asked for (so `cjgraph --help` stays fast).

The built-in backends are listed here; another package can add one through the ``cjgraph.backends`` entry
point group (``name = "package.module:BackendClass"``, a subclass of :class:`Backend`).
"""

from __future__ import annotations

import importlib
import os
from functools import cache

from ..errors import UsageError
from .base import Backend, EntityRef, LoadReport, Option, Result

__all__ = ["BACKENDS", "Backend", "EntityRef", "LoadReport", "Option", "Result", "backend_class", "open_backend",
           "registry",
           "target_backend"]

BACKENDS: dict[str, str] = {
    "embedded": "cjgraph.backends.embedded:EmbeddedBackend",
    "neo4j": "cjgraph.backends.neo4j:Neo4jBackend",
    "sparql": "cjgraph.backends.sparql:SparqlServerBackend",
}
ENTRY_POINT_GROUP = "cjgraph.backends"
_URL_SCHEMES = {"bolt": "neo4j", "bolt+s": "neo4j", "bolt+ssc": "neo4j", "neo4j": "neo4j", "neo4j+s": "neo4j",
                "neo4j+ssc": "neo4j", "http": "sparql", "https": "sparql"}
_URL_OPTION = {"neo4j": "uri", "sparql": "endpoint", "embedded": "store"}


def target_backend(target: str | os.PathLike | None, backend: str | None, options: dict[str, object]) -> str:
    """The backend ``cjgraph.open(target, backend=...)`` means (a URL's scheme or a folder names it, else
    ``backend``, ``CJGRAPH_BACKEND`` or the embedded store); the target is put into ``options`` as the
    backend's location option."""
    name = backend or os.environ.get("CJGRAPH_BACKEND") or None
    if target is not None:
        text = os.fspath(target)
        scheme = text.split("://", 1)[0].lower() if "://" in text else None
        implied = _URL_SCHEMES.get(scheme, "embedded") if scheme is None or scheme in _URL_SCHEMES else None
        if implied is None:
            raise UsageError(f"cannot open {text!r}: use a bolt://, neo4j://, http(s):// URL or a store folder")
        if backend is not None and backend != implied:
            raise UsageError(f"target {text!r} is a {implied} location, but backend={backend!r} was given")
        name = implied
        if options.get(_URL_OPTION[name]) is not None:
            raise UsageError(f"give the location once: as target or as {_URL_OPTION[name]}=")
        options[_URL_OPTION[name]] = text
    return name or "embedded"


@cache
def registry() -> dict[str, str]:
    """Every backend name with its ``module:Class``: the built-ins, then those packages register."""
    from importlib.metadata import entry_points

    found = dict(BACKENDS)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(entry.name, entry.value)
    return found


def backend_class(name: str) -> type[Backend]:
    """The class registered as ``name``; UsageError listing the choices otherwise. Entry points are read
    only for a name that is not built in (reading them costs ~90 ms)."""
    targets = BACKENDS if name in BACKENDS else registry()
    if name not in targets:
        raise UsageError(f"unknown backend {name!r}; choose from: {', '.join(targets)}")
    module_name, _, class_name = targets[name].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Backend)):
        raise UsageError(f"backend {name!r} ({targets[name]}) is not a cjgraph Backend")
    return cls


def open_backend(name: str = "embedded", **options: object) -> Backend:
    """Open the backend registered as ``name`` with its declared options (None means not given)."""
    return backend_class(name).from_options(**options)
