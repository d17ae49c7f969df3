"""The embedded store: atomic replacement, idempotent loads, locking and clear errors."""

from __future__ import annotations

import fcntl
import os

import pytest

from cjgraph.backends import embedded as embedded_module
from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.errors import EmptyStoreError, StoreLockedError
from cjgraph.queries import run_query
from cjgraph.validate import load_dataset


def generations(path):
    return sorted(p.name for p in path.iterdir() if p.name.startswith("gen-"))


def test_loading_twice_gives_the_same_triples(tmp_path, bundled_dataset):
    backend = EmbeddedBackend(tmp_path / "s")
    first = backend.load(bundled_dataset).triples
    count_after_first = backend.triple_count()
    second = backend.load(bundled_dataset).triples
    assert first == second == count_after_first == backend.triple_count()
    assert generations(tmp_path / "s") == ["gen-000001", "gen-000002"]
    backend.load(bundled_dataset)
    assert generations(tmp_path / "s") == ["gen-000002", "gen-000003"]  # the one before is kept for readers


def test_a_load_that_fails_midway_keeps_the_previous_content(tmp_path, bundled_dataset, mini_seeds, monkeypatch):
    backend = EmbeddedBackend(tmp_path / "s")
    backend.load(bundled_dataset)
    before = backend.triple_count()

    def explode(store, dataset, progress):
        store.bulk_extend([])
        raise OSError("disk full")

    monkeypatch.setattr(embedded_module, "_fill", explode)
    with pytest.raises(OSError, match="disk full"):
        backend.load(load_dataset([mini_seeds]))
    assert backend.triple_count() == before
    assert generations(tmp_path / "s") == ["gen-000001"]


def test_debris_of_a_killed_load_is_removed_by_the_next_load(tmp_path, bundled_dataset):
    backend = EmbeddedBackend(tmp_path / "s")
    backend.load(bundled_dataset)
    (tmp_path / "s" / "gen-000005").mkdir()  # what a killed load leaves behind
    assert backend.triple_count() > 0
    backend.load(bundled_dataset)
    assert generations(tmp_path / "s") == ["gen-000001", "gen-000006"]


def test_empty_store_says_how_to_load(tmp_path):
    backend = EmbeddedBackend(tmp_path / "nothing")
    with pytest.raises(EmptyStoreError) as info:
        run_query(backend, "reviews-citing-acts")
    assert str(info.value) == (f"the store at {tmp_path / 'nothing'} is empty; load the seeds into it first "
                           "(`cjgraph load` in a terminal, cjgraph.load() in Python)")


def test_a_second_loader_fails_cleanly_while_the_lock_is_held(tmp_path, bundled_dataset):
    path = tmp_path / "s"
    path.mkdir()
    fd = os.open(path / "load.lock", os.O_RDWR | os.O_CREAT)
    os.write(fd, b"process 4242")
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(StoreLockedError) as info:
            EmbeddedBackend(path).load(bundled_dataset)
        assert str(info.value) == f"the store at {path} is being loaded by process 4242; try again when it finishes"
    finally:
        os.close(fd)
    EmbeddedBackend(path).load(bundled_dataset)  # and works once released


def test_dataset_round_trips_through_the_store(embedded, bundled_dataset):
    back = embedded.dataset()
    assert sorted(back.entities) == sorted(bundled_dataset.entities)
    for key, entity in bundled_dataset.entities.items():
        assert back.entities[key].model_dump() == entity.model_dump(), key
    assert sorted(r.model_dump_json() for r in back.relations) == sorted(
        r.model_dump_json() for r in bundled_dataset.relations)
    assert back.origins == bundled_dataset.origins
    assert {k: s.model_dump() for k, s in back.sources.items()} == {
        k: s.model_dump() for k, s in bundled_dataset.sources.items()}
