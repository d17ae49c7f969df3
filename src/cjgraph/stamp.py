"""The dataset stamp: a short content id of the seeds and their source texts, so an answer in a report can
be traced to the data it came from and reproduced.

The same seeds and sources give the same stamp on every machine: it hashes the content (entities,
relations, sources and the normalised text of each source document), never paths, line numbers, file
order or time. Any change to a name, a date, a quote or a source text gives another stamp. Model level.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from .model import Dataset
from .records import json_sections

PREFIX = "cj-"
DIGITS = 12  # 48 bits of SHA-256: collisions are not a concern for versions of one dataset


def dataset_stamp(dataset: Dataset, texts: Mapping[str, str] | None = None) -> str:
    """``cj-`` and 12 hex digits of the SHA-256 of the dataset's content and of ``texts`` (source id ->
    normalised text; when None, the dataset's own ``text_digests`` are used)."""
    digest = hashlib.sha256(b"cjgraph-stamp/1\n")
    for name, rows in json_sections(dataset).items():
        digest.update(name.encode() + b"\n")
        for row in rows:
            row.pop("defined_at", None)  # where an item is written is not what it says
            digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    digests = text_digests(texts) if texts is not None else dataset.text_digests
    for ident in sorted(digests):
        digest.update(f"text {ident} {digests[ident]}\n".encode())
    return PREFIX + digest.hexdigest()[:DIGITS]


def text_digests(texts: Mapping[str, str]) -> dict[str, str]:
    """Source id -> SHA-256 of its normalised text."""
    return {ident: hashlib.sha256(text.encode("utf-8")).hexdigest() for ident, text in texts.items()}


def stamp_of(dataset: Dataset) -> str:
    """The stamp the seeds gave ``dataset`` when validated, else one computed from its content, once (a load
    asks for it several times: the store, the snapshot, the Neo4j commit)."""
    if dataset.stamp is None:
        dataset.stamp = dataset_stamp(dataset)
    return dataset.stamp
