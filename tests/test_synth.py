"""Synthetic seeds (cjgraph synth), the JSON Lines bulk seed format, and a smoke run of the benchmark runner."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.export import to_json_document
from cjgraph.seeds import display_path
from cjgraph.synth import bundled_profile, synthesise
from cjgraph.validation import load_dataset, validate_seeds
from cjgraph.vocab import RELATIONS

ROOT = Path(__file__).resolve().parents[1]
SIZE = 200


@pytest.fixture(scope="module")
def synth_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "seeds"
    synthesise(folder, SIZE, seed=7)
    return folder


@pytest.fixture(scope="module")
def synth_dataset(synth_folder):
    return load_dataset([synth_folder])


def test_synthetic_seeds_pass_the_normal_validator(synth_folder, synth_dataset):
    report = validate_seeds([synth_folder])
    assert report.problems == []
    assert len(synth_dataset.entities) == SIZE
    assert len(synth_dataset.relations) == 3 * SIZE
    assert any(p.suffix == ".jsonl" for p in synth_folder.iterdir())
    # every evidence quote was checked against a generated source document
    quoted = [e for item in [*synth_dataset.entities.values(), *synth_dataset.relations] for e in item.evidence
              if e.quote]
    assert quoted and {e.document for e in quoted} <= set(synth_dataset.sources)


def test_synthetic_relations_respect_the_vocabulary(synth_dataset):
    kinds = {e.id: e.kind for e in synth_dataset.entities.values()}
    keys = [r.key for r in synth_dataset.relations]
    assert len(keys) == len(set(keys))
    for source, kind, target in keys:
        assert source != target
        assert RELATIONS[kind].allows(kinds[source], kinds[target])
    linked = {r.source for r in synth_dataset.relations} | {r.target for r in synth_dataset.relations}
    assert linked == set(kinds)  # no orphans


def test_kind_and_relation_mix_follow_the_bundled_data(synth_dataset):
    profile = bundled_profile()
    kinds = Counter(e.kind for e in synth_dataset.entities.values())
    for kind, share in profile.kinds.items():
        assert abs(kinds[kind] / SIZE - share) < 0.02, kind
    wanted: Counter = Counter()
    for (_, kind, _), share in profile.triples.items():
        wanted[kind] += share
    got = Counter(r.kind for r in synth_dataset.relations)
    for kind, share in wanted.items():
        assert abs(got[kind] / len(synth_dataset.relations) - share) < 0.06, kind


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_folder(tmp_path, synth_folder):
    synthesise(tmp_path / "again", SIZE, seed=7)
    assert _files(tmp_path / "again") == _files(synth_folder)
    synthesise(tmp_path / "other", SIZE, seed=8)
    assert _files(tmp_path / "other") != _files(synth_folder)


def _comparable(dataset) -> dict:
    document = to_json_document(dataset)
    for row in [*document["entities"], *document["relations"], *document["sources"]]:
        row.pop("defined_at", None)
    return document


def test_jsonl_and_yaml_give_the_same_dataset(tmp_path, synth_dataset):
    synthesise(tmp_path / "yaml", SIZE, seed=7, fmt="yaml")
    assert not list((tmp_path / "yaml").glob("*.jsonl"))
    assert _comparable(load_dataset([tmp_path / "yaml"])) == _comparable(synth_dataset)


def test_synth_command(tmp_path):
    out = tmp_path / "cli"
    result = CliRunner().invoke(main, ["synth", "--entities", "40", "--relations", "90", "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote 40 entities, 90 relations")
    assert validate_seeds([out]).problems == []
    again = CliRunner().invoke(main, ["synth", "-n", "10", "-o", str(out)])  # its own earlier output: replaced
    assert again.exit_code == 0, again.output
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = CliRunner().invoke(main, ["synth", "-n", "10", "-o", str(tmp_path / "mine")])
    assert refused.exit_code == 2 and "not written by `cjgraph synth`" in refused.output
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_store_snapshot_and_sparql_read_back_agree(tmp_path, synth_dataset):
    from cjgraph.backends.embedded import SNAPSHOT, EmbeddedBackend
    from cjgraph.backends.rdfbase import RdfBackend

    backend = EmbeddedBackend(tmp_path / "store")
    backend.load(synth_dataset)
    snapshot = backend.dataset()
    by_sparql = RdfBackend.dataset(backend)
    assert to_json_document(snapshot) == to_json_document(by_sparql) == to_json_document(synth_dataset)
    assert snapshot.origins == by_sparql.origins == synth_dataset.origins
    backend.close()
    generation = next((tmp_path / "store").glob("gen-*"))
    (generation / SNAPSHOT).unlink()  # no snapshot (a store loaded before they were written): the graph is read
    assert to_json_document(EmbeddedBackend(tmp_path / "store").dataset()) == to_json_document(synth_dataset)


# -- JSON Lines: bad input is reported as path:line like YAML -----------------------------------------------

GOOD_LINES = [
    {"document": "doc"},
    {"entity": {"id": "example-act-2001", "kind": "Act", "name": "Example Act 2001", "date": 2001,
                "evidence": ["The Example Act 2001"]}},
    {"entity": {"id": "example-review", "kind": "Review", "name": "Example Review",
                "evidence": ["the Example Review"],
                "links": [{"cites": "example-act-2001",
                           "evidence": ["The Example Act 2001 was discussed by the Example Review."]}]}},
]


def write_jsonl(folder: Path, lines: list, name: str = "bulk.jsonl") -> str:
    (folder / "data.yaml").unlink(missing_ok=True)
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    (folder / name).write_text(text, encoding="utf-8")
    return display_path(folder / name)


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in validate_seeds([folder]).problems]


def test_jsonl_mini_seeds_are_valid(mini_seeds):
    write_jsonl(mini_seeds, [*GOOD_LINES[:2], "", *GOOD_LINES[2:]])
    path = "mini/bulk.jsonl"  # defined_at: the folder's name, then the path inside it
    dataset = load_dataset([mini_seeds])
    assert [r.key for r in dataset.relations] == [("example-review", "cites", "example-act-2001")]
    assert dataset.origin("example-review") == f"{path}:4"
    assert dataset.origin(("example-review", "cites", "example-act-2001")) == f"{path}:4"


def test_jsonl_malformed_line(mini_seeds):
    path = write_jsonl(mini_seeds, [*GOOD_LINES, '{"entity": ', '{"entity": {"id": "x",}}'])
    first, second = problems_of(mini_seeds)
    assert first == f"{path}:4: invalid JSON: Expecting value (column 12)"
    assert second.startswith(f"{path}:5: invalid JSON: ") and second.endswith("(column 23)")  # wording varies


def test_jsonl_line_shapes(mini_seeds):
    path = write_jsonl(mini_seeds, [*GOOD_LINES, "[1, 2]", {"entity": {}, "relation": {}}, {"entitty": {}},
                                    {"entity": "x"}, {"document": 3}])
    shape = ('each line must be one JSON object with one key: {"entity": {...}}, {"relation": {...}} '
             'or {"document": "source-id"}')
    assert problems_of(mini_seeds) == [f"{path}:4: {shape}", f"{path}:5: {shape}", f"{path}:6: {shape}",
                                       f"{path}:7: 'entity' must be a JSON object",
                                       f"{path}:8: 'document' must be a source id"]


def test_jsonl_problems_are_located_at_their_line(mini_seeds):
    path = write_jsonl(mini_seeds, [
        *GOOD_LINES,
        {"entity": {"id": "another", "kind": "Act", "name": "Another", "colour": "red",
                    "evidence": ["The Example Act 2001"]}},
        {"relation": {"source": "example-review", "kind": "cites", "target": "nowhere",
                      "evidence": [{"document": "doc", "quote": "not in the text"}]}},
        '{"entity": {"id": "dup", "id": "dup", "kind": "Act", "name": "D", "evidence": ["The Example Act 2001"]}}',
        {"entity": {"id": "late", "kind": "Act", "name": "Late", "evidence": ["not there at all"]}},
    ])
    assert problems_of(mini_seeds) == [
        f"{path}:4: entity 'another': unknown field 'colour'",
        f"{path}:5: cites target 'nowhere' is not a known entity id",
        f"{path}:6: duplicate key 'id' (first at line 6)",
        f"{path}:7: quote not found verbatim in 'doc': 'not there at all'\n"
        '    matches up to:   nothing, not even its first word, "not"\n'
        "    nearest passage: none is close (the best, line 1, is 44% alike)",
    ]


def test_jsonl_bare_quote_needs_a_document_line(mini_seeds):
    path = write_jsonl(mini_seeds, GOOD_LINES[1:])
    problems = problems_of(mini_seeds)
    assert f"{path}:1: a bare quote needs a top-level 'document:' in this file" in problems


def test_empty_jsonl_file(mini_seeds):
    path = write_jsonl(mini_seeds, [" "])
    assert problems_of(mini_seeds) == [f"{path}:1: file is empty"]


# -- the benchmark runner, at a tiny size: sections only, never timings ----------------------------------

def test_benchmark_runner_smoke(tmp_path):
    report = tmp_path / "bench.md"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sizes", "60",
                             "--output", str(report), "--workdir", str(tmp_path / "work")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    for heading in ("# cjgraph benchmarks", "## Machine", "## Targets", "## Start-up and the bundled store",
                    "## Validate and load", "## Canned queries", "## path, analyse, viz and export",
                    "## Neo4j", "## SPARQL server", "## Notes"):
        assert heading in text, heading
    assert "rdflib" in text
    header = next(line for line in text.splitlines() if "| Oxigraph loader alone |" in line)
    row = text.splitlines()[text.splitlines().index(header) + 2].split("|")
    assert row[-2].strip().endswith(("ms", " s")), row  # the floor was measured, not left blank
    assert not (ROOT / "docs" / "bench.md").exists()
