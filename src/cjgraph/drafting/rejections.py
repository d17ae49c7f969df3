"""What a curator rejected, so that it is not proposed again: ``.rejected.yaml`` in a seed folder.

The file is hidden (a dot file), so the loader never reads it as seeds; ``cjgraph review`` appends to it::

    rejected:
      - id: third-sector-research-council        # an entity id, or
        name: Third Sector Research Council      # a name (either one is enough)
        reason: a slip for the Centre
      - source: clinks-tracking-tr                # a relation
        kind: mentions
        target: clinks
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..mentions import comparable

FILE = ".rejected.yaml"


@dataclass
class Rejections:
    ids: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # comparable forms
    relations: set[tuple[str, str, str]] = field(default_factory=set)

    def entity(self, ident: str, name: str) -> bool:
        return ident in self.ids or comparable(name) in self.names

    def relation(self, source: str, kind: str, target: str) -> bool:
        return (source, kind, target) in self.relations

    @classmethod
    def read(cls, paths: Iterable[Path]) -> Rejections:
        """The rejections of every file given that exists (a seed folder means its ``.rejected.yaml``)."""
        import yaml

        out = cls()
        for path in paths:
            path = path / FILE if path.is_dir() else path
            if not path.exists():
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            items = data.get("rejected") if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise UsageError(f"{path}: expected a mapping with a list under 'rejected'")
            for item in items:
                if not isinstance(item, dict):
                    raise UsageError(f"{path}: each rejection must be a mapping")
                if {"source", "kind", "target"} <= set(item):
                    out.relations.add((str(item["source"]), str(item["kind"]), str(item["target"])))
                elif "id" in item or "name" in item:
                    out.ids.update([str(item["id"])] if "id" in item else [])
                    out.names.update([comparable(str(item["name"]))] if "name" in item else [])
                else:
                    raise UsageError(f"{path}: a rejection needs an id or a name, or a source, kind and target")
        return out


def record(folder: Path, items: Iterable[dict]) -> Path:
    """Append rejections (``{"id"|"name"|"source","kind","target", "reason"?}``) to ``folder``'s file."""
    import yaml

    path = folder / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    rejected = (data or {}).get("rejected") or []
    rejected += [dict(item) for item in items]
    path.write_text("# Proposals a curator rejected: `cjgraph draft` does not propose them again.\n"
                    + yaml.safe_dump({"rejected": rejected}, sort_keys=False, allow_unicode=True, width=120),
                    encoding="utf-8")
    return path
