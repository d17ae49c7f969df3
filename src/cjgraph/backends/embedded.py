"""The default backend: an on-disk Oxigraph store, no server.

Layout of a store folder::

    STORE/CURRENT        name of the generation that queries read (replaced atomically)
    STORE/gen-000007/    an Oxigraph (RocksDB) database, never written after it became current
    STORE/load.lock      held by the one process loading

A load writes a fresh generation, flushes it, then swaps ``CURRENT`` with ``os.replace``: a failed or
killed load leaves the previous generation current, and the next load removes the debris. Queries open
the current generation read-only, so they see the old or the new graph, never a mixture.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Quad, Store

from ..errors import EmptyStoreError, StoreError, StoreLockedError, UsageError
from ..rdf import store_triples
from .base import LoadReport, Option, Progress
from .rdfbase import RdfBackend, with_values

if TYPE_CHECKING:
    from ..model import Dataset

ENV_STORE = "CJGRAPH_STORE"
_GEN = re.compile(r"^gen-(\d{6,})$")
SNAPSHOT = "cjgraph-dataset.json"  # inside the generation folder, so it is swapped and removed with it
BATCH = 50_000  # quads per bulk_extend call: larger batches buy little and hold far more memory


def default_location() -> Path:
    """``$CJGRAPH_STORE``, else ``$XDG_DATA_HOME/cjgraph/store`` (``~/.local/share/cjgraph/store``)."""
    if os.environ.get(ENV_STORE):
        return Path(os.environ[ENV_STORE]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "cjgraph" / "store"


class EmbeddedBackend(RdfBackend):
    """An Oxigraph store on disk (or in memory with ``memory=True``)."""

    name = "embedded"
    options = (Option("store", "Embedded store folder", env=(ENV_STORE,), default=None, path=True),)

    def __init__(self, store: str | os.PathLike | None = None, *, memory: bool = False):
        self.memory = memory
        self.path = None if memory else Path(store).expanduser() if store else default_location()
        self._store: Store | None = Store() if memory else None

    @property
    def location(self) -> str:
        return "memory" if self.memory else str(self.path)

    # -- reading -----------------------------------------------------------------------------------
    def _current(self) -> Path | None:
        try:
            name = (self.path / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None  # no load has finished here: an empty store, which callers report as such
        except OSError as exc:
            raise StoreError(f"cannot read the store at {self.path}: {exc.strerror}") from exc
        gen = self.path / name
        if not _GEN.match(name) or not gen.is_dir():
            raise StoreError(f"the store at {self.path} is damaged (CURRENT names {name!r}); "
                             "run `cjgraph load` to rebuild it")
        return gen

    def _reader(self) -> Store:
        if self._store is None:
            gen = self._current()
            if gen is None:
                raise EmptyStoreError(str(self.path))
            try:
                self._store = Store.read_only(str(gen))
            except OSError as exc:
                raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        return self._store

    def _select(self, query: str, bindings: dict[str, object]):
        store = self._reader()
        try:
            solutions = store.query(with_values(query, bindings) if bindings else query)
        except SyntaxError as exc:
            raise self.dialect.syntax_error(str(exc)) from None
        if not hasattr(solutions, "variables"):
            raise UsageError("only SELECT queries are supported (not ASK, CONSTRUCT or DESCRIBE)")
        columns = [v.value for v in solutions.variables]
        rows = [{c: s[c] for c in columns} for s in solutions]
        return columns, rows

    def dataset(self) -> Dataset:
        """The loaded dataset: from the snapshot the load wrote beside the graph, else read back with SPARQL.

        Only a generation without a snapshot (the in-memory store, or one loaded before cjgraph wrote them)
        is read back with SPARQL; a snapshot that cannot be read is a ``StoreError``, not a silent re-read.
        """
        gen = None if self.memory else self._current()
        snapshot = gen / SNAPSHOT if gen else None
        if snapshot is not None and snapshot.is_file():
            return _read_snapshot(snapshot, self.path)
        return super().dataset()

    def is_empty(self) -> bool:
        if not self.memory and self._current() is None:
            return True
        return super().is_empty()

    def triple_count(self) -> int:
        _, rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
        return int(rows[0]["n"].value)

    # -- writing -----------------------------------------------------------------------------------
    def load(self, dataset: Dataset, progress: Progress | None = None) -> LoadReport:
        if self.memory:
            self._store = Store()
            count = _fill(self._store, dataset, progress)
            return LoadReport(self.name, "memory", len(dataset.entities), len(dataset.relations), count)
        self.close()
        self.path.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.path / "load.lock"):
            current = self._current()
            number = max([int(m.group(1)) for p in self.path.iterdir() if (m := _GEN.match(p.name))] or [0]) + 1
            gen = self.path / f"gen-{number:06d}"
            try:
                store = Store(str(gen))
                count = _fill(store, dataset, progress)
                _compact_and_snapshot(store, gen / SNAPSHOT, dataset)
                del store
                _write_atomically(self.path / "CURRENT", gen.name)
            except BaseException:
                # the load's own error is the one to report; what this removal leaves (if it fails too) is
                # not current and is removed by the next load's _collect_garbage, as a killed load's is
                shutil.rmtree(gen, ignore_errors=True)
                raise
            _collect_garbage(self.path, keep={gen.name, current.name if current else ""})
        return LoadReport(self.name, str(self.path), len(dataset.entities), len(dataset.relations), count)

    def close(self) -> None:
        if not self.memory:
            self._store = None


def _fill(store: Store, dataset: Dataset, progress: Progress | None) -> int:
    from ..model import paused_gc

    total = len(dataset.entities) + len(dataset.relations)
    count = 0
    quads = store_triples(dataset, make=Quad)  # built as quads: converting triples cost a third of the load
    with paused_gc():
        while batch := list(islice(quads, BATCH)):
            store.bulk_extend(batch)
            count += len(batch)
            if progress:
                progress(min(total, count // 8), total)
    if progress:
        progress(total, total)
    return count


def _compact_and_snapshot(store: Store, snapshot: Path, dataset: Dataset) -> None:
    """Compact the bulk-loaded files while this thread writes the snapshot, then flush.

    Compaction makes reads of a large graph 2-10 times faster; it runs in Oxigraph (Rust) without the
    interpreter lock, so the snapshot, which is Python, costs no extra wall time (about 4 s at 100k).
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cjgraph-compact") as pool:
        compacting = pool.submit(store.optimize)
        try:
            _write_snapshot(snapshot, dataset)
        finally:
            error = compacting.exception()  # waits: the generation is removed only once compaction stopped
        if error is not None:
            raise error
    store.flush()


def _write_snapshot(path: Path, dataset: Dataset) -> None:
    """The dataset as exported JSON: reading it back is about 20 times faster than SPARQL at 100k entities.

    Written a row at a time (the document as one string held ~350 MB more at 100k entities), with the
    collector paused (building a million small dicts under it took three times as long).
    """
    from ..model import paused_gc
    from ..records import JSON_FORMAT, json_sections
    from ..stamp import stamp_of

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    with paused_gc(), open(path, "w", encoding="utf-8") as handle:
        handle.write('{"format":' + dumps(JSON_FORMAT) + ',"stamp":' + dumps(stamp_of(dataset)))
        for name, rows in json_sections(dataset).items():
            handle.write("," + dumps(name) + ":[")
            for n, row in enumerate(rows):
                handle.write(("," if n else "") + dumps(row))
            handle.write("]")
        defined_at = {key: dataset.origin(("source", key)) for key in dataset.sources}
        handle.write(',"source_defined_at":' + dumps(defined_at) + "}")
        handle.flush()
        os.fsync(handle.fileno())


def _read_snapshot(path: Path, store: Path) -> Dataset:
    """The dataset in a generation's snapshot; ``StoreError`` if it cannot be read or is not one."""
    from ..model import paused_gc
    from ..records import check_format, dataset_from_json

    with paused_gc():
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(document, dict):
                raise TypeError(f"a JSON {type(document).__name__}, not an object")
            check_format(document)  # before the snapshot's own key: another version may not have it
            return dataset_from_json(document, document["source_defined_at"])
        except OSError as exc:
            raise StoreError(f"cannot read the store at {store}: {exc.strerror or exc}") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # bad JSON, format, key or value
            reason = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
            raise StoreError(f"the store at {store} is damaged or from another version of cjgraph: its snapshot "
                             f"{path.relative_to(store)} cannot be read ({reason}); run `cjgraph load` to rebuild it"
                             ) from exc


@contextlib.contextmanager
def _exclusive(lock_path: Path):
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise StoreLockedError(
                f"the store at {lock_path.parent} is being loaded by {holder}; try again when it finishes"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()}".encode(), 0)
        yield
    finally:
        os.close(fd)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _collect_garbage(folder: Path, keep: set[str]) -> None:
    """Remove generations other than the current one and the one before it (a reader may hold it).

    Runs after the new generation became current, so a generation that cannot be removed does not undo
    the load, but it is reported (``StoreError``) rather than left to fill the disk unnoticed.
    """
    failed = []
    for path in sorted(folder.iterdir()):
        if _GEN.match(path.name) and path.name not in keep:
            try:
                shutil.rmtree(path)
            except FileNotFoundError:
                pass  # removed by hand meanwhile (only the lock holder removes); any rest goes next load
            except OSError as exc:
                failed.append(f"{path.name} ({exc.strerror or exc})")
    if failed:
        raise StoreError(f"the graph was loaded and is current in {folder}, but old generations could not be "
                         f"removed: {', '.join(failed)}; they are not current: remove them by hand")
