"""cjgraph: an evidence-backed knowledge graph of UK criminal-justice policy, organisations and reforms.

    import cjgraph
    g = cjgraph.open()                                  # the embedded store; or a bolt:// or http(s):// URL
    g.query("reviews-citing-acts").to_pandas()
    g.show("noms"), g.search("probation"), g.path("clinks", "noms"), g.analyse("centrality", top=5)
    g.as_of("2013").view(focus="noms")                  # renders inline in Jupyter
    cjgraph.validate("my-notes/"), cjgraph.load(["bundled", "my-notes/"])
    for warning in cjgraph.check("my-notes/"): print(warning)   # the curator's report (`cjgraph check`)
    cjgraph.add_source("report.pdf", "my-notes/")       # a new source document (`cjgraph sources add`)
    cjgraph.recheck("my-notes/").write_fixes("fixes.yaml")   # passages in re-captured texts (`cjgraph recheck`)

The names below are imported on first use, so ``import cjgraph`` (and ``cjgraph --help``) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "open": "cjgraph.api", "validate": "cjgraph.api", "check": "cjgraph.checks", "load": "cjgraph.api",
    "Graph": "cjgraph.api", "SeedWarning": "cjgraph.checks",
    "Answer": "cjgraph.answers", "Report": "cjgraph.answers", "View": "cjgraph.viz",
    "CjgraphError": "cjgraph.errors", "UsageError": "cjgraph.errors", "NotFoundError": "cjgraph.errors",
    "SeedError": "cjgraph.errors", "StoreError": "cjgraph.errors", "BackendError": "cjgraph.errors",
    "QuerySyntaxError": "cjgraph.errors", "SourceFileError": "cjgraph.errors", "add_source": "cjgraph.ingest",
    "recheck": "cjgraph.rechecking", "apply_fixes": "cjgraph.fixes",
}
__all__ = [  # noqa: RUF022 - the order of the docstring
    "open", "validate", "check", "load", "Graph", "Answer", "Report", "View", "CjgraphError", "UsageError",
    "NotFoundError", "SeedError", "StoreError", "BackendError", "QuerySyntaxError", "SeedWarning", "__version__",
    "add_source", "SourceFileError", "recheck", "apply_fixes",
]

if TYPE_CHECKING:
    from .answers import Answer, Report
    from .api import Graph, load, open, validate
    from .checks import SeedWarning, check
    from .errors import (
        BackendError,
        CjgraphError,
        NotFoundError,
        QuerySyntaxError,
        SeedError,
        SourceFileError,
        StoreError,
        UsageError,
    )
    from .fixes import apply_fixes
    from .ingest import add_source
    from .rechecking import recheck
    from .viz import View


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cjgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
