"""``defined_at`` names a seed file by its folder's name and the path inside it, whatever the working directory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cjgraph
from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.backends.rdfbase import RdfBackend
from cjgraph.resources import bundled_seeds
from cjgraph.seeds import seed_folder_names
from cjgraph.validation import load_dataset, validate_seeds

SRC = Path(cjgraph.__file__).resolve().parents[1]  # the code under test, also for subprocesses


def line_of_id(path: Path, ident: str, key: str = "id") -> int:
    """The line of ``- <key>: <ident>`` (an entity, a source, a link) in a YAML seed file, read from the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, text in enumerate(lines, 1) if re.fullmatch(rf"\s*- {key}: {re.escape(ident)}\s*", text)]
    assert len(found) == 1, (path, ident, found)
    return found[0]


def defined_at(document: dict) -> dict:
    """Every ``defined_at`` of a JSON export, by entity id and relation key."""
    return {**{("entity", e["id"]): e["defined_at"] for e in document["entities"]},
            **{("relation", r["source"], r["kind"], r["target"]): r["defined_at"] for r in document["relations"]}}


@pytest.fixture()
def notes(mini_seeds, tmp_path) -> Path:
    """The mini seed folder under a user's name, with a working directory below it and one beside it."""
    folder = tmp_path / "work" / "my-notes"
    folder.parent.mkdir()
    mini_seeds.rename(folder)
    (tmp_path / "work" / "deeper").mkdir()
    (tmp_path / "elsewhere").mkdir()
    return folder


def test_the_bundled_seeds_are_named_seeds_from_any_working_directory(tmp_path, monkeypatch):
    organisations = bundled_seeds() / "organisations.yaml"
    expected = f"seeds/organisations.yaml:{line_of_id(organisations, 'clinks')}"
    monkeypatch.chdir(tmp_path)
    here = load_dataset()
    monkeypatch.chdir(bundled_seeds())
    inside = load_dataset(["bundled"])
    assert here.origin("clinks") == inside.origin("clinks") == expected
    assert here.origins == inside.origins
    assert {path for path, _ in here.origins.values()} <= {f"seeds/{p.relative_to(bundled_seeds()).as_posix()}"
                                                          for p in bundled_seeds().rglob("*.y*ml")}


def test_a_user_folder_is_named_as_typed_from_any_working_directory(notes, tmp_path, monkeypatch):
    expected = f"my-notes/data.yaml:{line_of_id(notes / 'data.yaml', 'example-review')}"
    link = f"my-notes/data.yaml:{line_of_id(notes / 'data.yaml', 'example-act-2001', key='cites')}"
    source = f"my-notes/sources/sources.yaml:{line_of_id(notes / 'sources' / 'sources.yaml', 'doc')}"
    seen = []
    for cwd, typed in ((notes.parent, "my-notes/"), (notes.parent / "deeper", "../my-notes"), (notes, "."),
                       (tmp_path / "elsewhere", str(notes))):
        monkeypatch.chdir(cwd)
        dataset = load_dataset([typed])
        assert dataset.origin("example-review") == expected, typed
        assert dataset.origin(("example-review", "cites", "example-act-2001")) == link, typed
        assert dataset.origin(("source", "doc")) == source, typed
        seen.append(dataset.origins)
    assert all(origins == seen[0] for origins in seen)


def test_stored_rdf_reads_back_the_same_defined_at_from_two_working_directories(notes, tmp_path, monkeypatch):
    stored = []
    for number, (cwd, typed) in enumerate(((notes.parent, "my-notes"), (tmp_path / "elsewhere", str(notes)))):
        monkeypatch.chdir(cwd)
        backend = EmbeddedBackend(tmp_path / f"store-{number}")
        backend.load(load_dataset(["bundled", typed]))
        snapshot, from_rdf = backend.dataset(), RdfBackend.dataset(backend)  # the snapshot and cj:definedAt
        backend.close()
        assert snapshot.origins == from_rdf.origins
        stored.append(from_rdf)
    assert stored[0].origins == stored[1].origins
    clinks = line_of_id(bundled_seeds() / "organisations.yaml", "clinks")
    assert stored[0].origin("clinks") == f"seeds/organisations.yaml:{clinks}"
    review = line_of_id(notes / "data.yaml", "example-review")
    assert stored[0].origin("example-review") == f"my-notes/data.yaml:{review}"


def cli(*args: str, cwd: Path, store: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC), "CJGRAPH_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "cjgraph", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout


def test_cli_load_and_export_give_the_same_defined_at_from_two_working_directories(notes, tmp_path):
    exported, triples, sources = [], [], 0
    for cwd, typed in ((notes.parent, "my-notes/"), (tmp_path / "elsewhere", "../work/my-notes")):
        store = cwd / "store"
        cli("load", "--quiet", "--seeds", "bundled", "--seeds", typed, cwd=cwd, store=store)
        document = json.loads(cli("export", "-f", "json", cwd=cwd, store=store))
        exported.append(defined_at(document))
        sources = len(document["sources"])
        triples.append(cli("export", "-f", "nt", cwd=cwd, store=store))
    assert exported[0] == exported[1]
    assert exported[0][("entity", "example-review")] == "my-notes/data.yaml:" + str(
        line_of_id(notes / "data.yaml", "example-review"))
    assert exported[0][("entity", "clinks")] == "seeds/organisations.yaml:" + str(
        line_of_id(bundled_seeds() / "organisations.yaml", "clinks"))
    values = [line.split(" ", 2)[2] for line in triples[0].splitlines() if "definedAt>" in line]
    assert len(values) == len(exported[0]) + sources  # each entity, relation and source document
    assert all(re.fullmatch(r'"(seeds|my-notes)/[\w/.-]+\.yaml:\d+" \.', v) for v in values), values[:3]
    assert str(tmp_path) not in triples[0] + triples[1]


def test_the_bundled_seeds_are_named_seeds_wherever_installed(tmp_path, monkeypatch):
    installed = tmp_path / "venv" / "lib" / "site-packages" / "cjgraph" / "data" / "shipped"
    shutil.copytree(bundled_seeds(), installed)
    expected = load_dataset().origins
    monkeypatch.setattr("cjgraph.seeds.bundled_seeds", lambda: installed)
    monkeypatch.chdir(tmp_path / "venv")
    assert load_dataset().origins == expected


@pytest.mark.parametrize(("folders", "names"), [
    (["my-notes"], ["my-notes"]),
    (["my-notes/"], ["my-notes"]),
    (["./x/../my-notes"], ["my-notes"]),
    (["/tmp/abc/my-notes"], ["my-notes"]),
    (["a/notes", "b/notes"], ["a/notes", "b/notes"]),
    (["a/notes", "a/notes/", "c/d"], ["notes", "notes", "d"]),
    (["x/a/notes", "y/a/notes", "z/other"], ["x/a/notes", "y/a/notes", "other"]),
    (["/notes", "/a/notes"], ["/notes", "a/notes"]),
    (["<bundled>", "mine/seeds"], ["seeds", "mine/seeds"]),
    (["<bundled>", "/seeds"], ["seeds", "/seeds"]),
    (["<bundled>", "<bundled>", "other"], ["seeds", "seeds", "other"]),
])
def test_seed_folder_names(folders, names, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = [bundled_seeds() if f == "<bundled>" else Path(f) for f in folders]
    assert seed_folder_names(paths) == names


def test_the_current_folder_is_named_by_its_own_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert seed_folder_names([Path("."), Path("sub")]) == [tmp_path.name, "sub"]


def test_messages_keep_the_path_as_displayed(notes, monkeypatch):
    (notes / "more.yaml").write_text("document: doc\nentities:\n  - id: example-review\n    kind: Review\n"
                                     "    name: Again\n    evidence: [\"the Example Review\"]\n", encoding="utf-8")
    monkeypatch.chdir(notes.parent)
    line = line_of_id(notes / "data.yaml", "example-review")
    assert [str(p) for p in validate_seeds(["my-notes"]).problems] == [
        f"my-notes/more.yaml:3: duplicate id 'example-review' (first defined at my-notes/data.yaml:{line})"]
    monkeypatch.chdir(notes / "sources")
    assert [str(p) for p in validate_seeds([".."]).problems] == [
        f"../more.yaml:3: duplicate id 'example-review' (first defined at ../data.yaml:{line})"]
