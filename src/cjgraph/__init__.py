"""cjgraph: an evidence-backed knowledge graph of UK criminal-justice policy, organisations and reforms."""

__version__ = "0.1.0"
