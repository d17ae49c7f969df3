"""``cjgraph draft``: propose seed items for one source document, each with its sentence as a verbatim passage,
a confidence and a reason, in a draft file that ``validate`` checks and ``load`` skips until a curator accepts
the items (see docs/curation.md).

    from cjgraph.drafting import draft
    proposal = draft("clinks-tracking-tr")          # the bundled seeds; or seeds=["bundled", "my-notes"]
    proposal.write("draft.yaml")

pyahocorasick (through :mod:`cjgraph.mentions`) finds the known names; patterns in :mod:`.patterns` find new
entities and cue words in :mod:`.relate` the relationships; :mod:`.rejections` holds what was rejected.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError
from .core import Draft, Item, draft_text
from .output import to_yaml
from .rejections import Rejections

__all__ = ["Draft", "Item", "Rejections", "draft", "draft_text", "to_yaml"]


def draft(source_id: str, seeds: Sequence[str | os.PathLike] | None = None, *,
          rejected: Sequence[str | os.PathLike] = ()) -> Draft:
    """Propose seed items for source ``source_id`` of the seed folders ``seeds`` (default: bundled).

    Leaves out what the seeds state and what the ``.rejected.yaml`` of each folder (and each file in
    ``rejected``) rejects. Raises SeedError when the seeds do not validate, UsageError for an unknown source.
    """
    from ..seeds import resolve_seed_dirs
    from ..validation import load_dataset

    dirs = resolve_seed_dirs(seeds)
    dataset = load_dataset(seeds)
    source = dataset.sources.get(source_id)
    if source is None:
        known = ", ".join(sorted(dataset.sources))
        raise UsageError(f"source_id: {source_id!r} is not a source of the seeds (known: {known})")
    path = next(d / "sources" / source.file for d in reversed(dirs) if (d / "sources" / source.file).exists())
    rejections = Rejections.read([*dirs, *(Path(p) for p in rejected)])
    return draft_text(dataset, source, path.read_text(encoding="utf-8"), rejections)
