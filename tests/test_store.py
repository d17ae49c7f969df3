"""The embedded store: atomic replacement, idempotent loads, locking and clear errors."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.backends import embedded as embedded_module
from cjgraph.backends.embedded import SNAPSHOT, EmbeddedBackend
from cjgraph.cli import main
from cjgraph.errors import EmptyStoreError, StoreError, StoreLockedError
from cjgraph.export import to_json_document
from cjgraph.queries import run_query
from cjgraph.validation import load_dataset


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


# -- failures surface: no silent fallback -----------------------------------------------------------------


@pytest.fixture()
def mini_store(tmp_path, mini_seeds):
    """A store folder holding the mini seeds, and the dataset loaded into it."""
    dataset = load_dataset([mini_seeds])
    EmbeddedBackend(tmp_path / "s").load(dataset)
    return tmp_path / "s", dataset


def damaged(store: Path, reason: str) -> str:
    return (f"the store at {store} is damaged or from another version of cjgraph: its snapshot "
            f"gen-000001/{SNAPSHOT} cannot be read ({reason}); run `cjgraph load` to rebuild it")


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ('{"format":"cjgraph/0"}', "format is 'cjgraph/0', not 'cjgraph/1'"),
    ('{"format":"cjgraph/1","sources":[],"entities":[],"relations":[]}', "no 'source_defined_at'"),
    ('["cjgraph/1"]', "a JSON list, not an object"),
    (b"\xff\xfe", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
])
def test_a_damaged_snapshot_is_an_error_not_a_silent_read_of_the_graph(mini_store, content, reason):
    store, _ = mini_store
    snapshot = store / "gen-000001" / SNAPSHOT
    snapshot.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(StoreError) as info:
        EmbeddedBackend(store).dataset()
    assert str(info.value) == damaged(store, reason)


def test_an_unreadable_snapshot_is_an_error(mini_store, monkeypatch):
    store, _ = mini_store
    real = Path.read_text

    def refuse(self, *args, **kwargs):
        if self.name == SNAPSHOT:
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(StoreError) as info:
        EmbeddedBackend(store).dataset()
    assert str(info.value) == f"cannot read the store at {store}: Permission denied"


def test_the_cli_reports_a_damaged_snapshot(mini_store, monkeypatch):
    store, _ = mini_store
    (store / "gen-000001" / SNAPSHOT).write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CJGRAPH_STORE", str(store))
    result = CliRunner().invoke(main, ["export", "--format", "json"])
    assert result.exit_code == 1
    reason = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    assert result.output == f"Error: {damaged(store, reason)}\n"


def test_a_generation_without_a_snapshot_is_read_from_the_graph(mini_store):
    store, dataset = mini_store
    (store / "gen-000001" / SNAPSHOT).unlink()  # as loaded before cjgraph wrote snapshots
    back = EmbeddedBackend(store).dataset()
    assert json.dumps(to_json_document(back)) == json.dumps(to_json_document(dataset))


def test_an_old_generation_that_cannot_be_removed_is_reported(mini_store, monkeypatch):
    store, dataset = mini_store
    EmbeddedBackend(store).load(dataset)
    real = shutil.rmtree

    def refuse(path, *args, **kwargs):
        if Path(path).name == "gen-000001" and not kwargs.get("ignore_errors"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", refuse)
    with pytest.raises(StoreError) as info:
        EmbeddedBackend(store).load(dataset)
    assert str(info.value) == (f"the graph was loaded and is current in {store}, but old generations could not be "
                               "removed: gen-000001 (Permission denied); they are not current: remove them by hand")
    assert (store / "CURRENT").read_text(encoding="utf-8") == "gen-000003\n"
    assert generations(store) == ["gen-000001", "gen-000002", "gen-000003"]
    monkeypatch.setattr(shutil, "rmtree", real)
    EmbeddedBackend(store).load(dataset)  # the next load removes it
    assert generations(store) == ["gen-000003", "gen-000004"]
