"""The hint for seed folders given without the bundled seeds that they refer to."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .errors import LayerHint
from .resources import bundled_seeds
from .seeds import BUNDLED, read_seed_dirs


class LeftOut:
    """Whether an entity or source id that the given seeds lack is defined in the bundled seeds, when those
    were not given. The bundled seeds are read on the first question only, so clean seeds never pay for it."""

    def __init__(self, given: Sequence[str | os.PathLike], dirs: Sequence[Path]):
        bundled = bundled_seeds().resolve()
        self.active = bool(given) and all(path.resolve() != bundled for path in dirs)
        self.given = tuple(str(value) for value in given)
        self._ids: set[str] | None = None

    def hint(self, ident: str) -> LayerHint | None:
        """A hint to add the bundled seeds if they define ``ident``, else None."""
        if not self.active:
            return None
        if self._ids is None:
            raw = read_seed_dirs([bundled_seeds()])
            records = [*raw.entities, *(record for record, _ in raw.sources)]
            self._ids = {ident for ident in (r.data.get("id") for r in records) if isinstance(ident, str)}
        return LayerHint("the bundled seeds", BUNDLED, self.given) if ident in self._ids else None

