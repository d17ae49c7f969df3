"""Coverage ledgers (seeds/coverage/<source id>.yaml) stay in step with the sources and the seeds.

A ledger lists every named document, body, programme, Act, tool and person of one source document and says,
for each, which entity of the seeds it is (``seed``) or why it is not one (``left_out``). These tests hold each
ledger to its source text (every name is there, on the line given) and to the seeds (every ``seed`` id exists,
with a compatible kind), and require one ledger per source document. Each check is shown failing on a broken
copy of a ledger in a temporary folder, with the exact message it gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cjgraph.resources import bundled_seeds
from cjgraph.validation import normalise
from cjgraph.vocab import ENTITY_KINDS

COVERAGE = bundled_seeds() / "coverage"
SOURCES = bundled_seeds() / "sources"

# the kinds a ledger entry may have: the cjgraph kinds a named thing can be (not Recommendation), and the
# ledger's own words for things that are not, or not yet, entities
LEDGER_KINDS = ({"Review", "Publication", "Strategy", "Act", "Organisation", "Person", "Partnership"}
                | {"Programme", "Tool", "Role", "StatutoryInstrument", "Other"})
# a ledger kind that is a cjgraph kind must be the seed entity's kind, except that a body may be written as an
# Organisation or a Partnership (RR3 and its special interest groups: seeds/README.md, judgement calls)
COMPATIBLE = {"Organisation": {"Organisation", "Partnership"}, "Partnership": {"Organisation", "Partnership"}}
ENTRY_KEYS = {"name", "kind", "line", "also", "seed", "left_out"}


def ledger_files(folder: Path = COVERAGE) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def missing_ledgers(folder: Path, dataset) -> list[str]:
    """The source ids that have no ledger ``<id>.yaml`` in ``folder``."""
    have = {path.stem for path in ledger_files(folder)}
    return sorted(set(dataset.sources) - have)


def starts_on_line(lines: list[str], line: int, name: str) -> bool:
    """Whether ``name`` (whitespace-normalised) begins on ``line`` (1-based), possibly running onto later lines."""
    if not 1 <= line <= len(lines):
        return False
    head = normalise(lines[line - 1])
    following = normalise(" ".join(lines[line - 1:line - 1 + len(name.split()) + 1]))
    at = following.find(name)
    return 0 <= at < len(head)


def ledger_problems(path: Path, dataset, sources: Path = SOURCES) -> list[str]:
    """Every way the ledger at ``path`` disagrees with its source text or the seeds, one message each."""
    label = path.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list) or not data["entries"]:
        return [f"{label}: a ledger is a mapping with 'source' and a non-empty list of 'entries'"]
    problems = [f"{label}: unknown top-level key {key!r}" for key in data if key not in {"source", "entries"}]
    source_id = data.get("source")
    if source_id not in dataset.sources:
        return [*problems, f"{label}: source {source_id!r} is not a source id in sources/sources.yaml"]
    if path.stem != source_id:
        problems.append(f"{label}: a ledger of {source_id!r} is named {source_id}.yaml")
    raw = (sources / dataset.sources[source_id].file).read_text(encoding="utf-8")
    text, lines = normalise(raw), raw.splitlines()
    seen: set[tuple[str, object]] = set()
    for i, entry in enumerate(data["entries"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(f"{label}: entry {i} has no name")
            continue
        name = normalise(entry["name"])
        where = f"{label}: {name!r}"
        problems += [f"{where}: unknown key {key!r}" for key in entry if key not in ENTRY_KEYS]
        if (name, entry.get("kind")) in seen:  # a briefing may bear the name of the paper it is about
            problems.append(f"{where}: listed twice")
        seen.add((name, entry.get("kind")))
        kind = entry.get("kind")
        if kind not in LEDGER_KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(sorted(LEDGER_KINDS))}")
        if name not in text:
            problems.append(f"{where}: not in the text of {source_id}")
        elif not isinstance(entry.get("line"), int) or not starts_on_line(lines, entry["line"], name):
            problems.append(f"{where}: not on line {entry.get('line')!r} of {dataset.sources[source_id].file}")
        also = entry.get("also", [])
        if not isinstance(also, list) or not all(isinstance(other, str) for other in also):
            problems.append(f"{where}: 'also' must be a list of names")
        else:
            problems += [f"{where}: also {other!r} is not in the text of {source_id}"
                         for other in also if normalise(other) not in text]
        if ("seed" in entry) == ("left_out" in entry):
            problems.append(f"{where}: give exactly one of 'seed' and 'left_out'")
        elif "left_out" in entry:
            if not isinstance(entry["left_out"], str) or not entry["left_out"].strip():
                problems.append(f"{where}: 'left_out' must give a reason")
        elif not isinstance(entry["seed"], str) or (entity := dataset.entities.get(entry["seed"])) is None:
            problems.append(f"{where}: seed {entry['seed']!r} is not an entity id in the seeds")
        elif kind in ENTITY_KINDS and entity.kind not in COMPATIBLE.get(kind, {kind}):
            problems.append(f"{where}: kind {kind} but seed {entity.id!r} is a {entity.kind}")
    return problems


def test_every_source_has_a_ledger(bundled_dataset):
    missing = missing_ledgers(COVERAGE, bundled_dataset)
    assert not missing, f"no coverage ledger for {', '.join(missing)} (expected seeds/coverage/<source id>.yaml)"


@pytest.mark.parametrize("path", ledger_files(), ids=lambda path: path.stem)
def test_ledger_agrees_with_its_source_and_the_seeds(path, bundled_dataset):
    assert ledger_problems(path, bundled_dataset) == []


# ---------------------------------------------------------------- each check can fail

GOOD = """\
source: clinks-tracking-tr
entries:
  - name: "Anne Fox"
    kind: Person
    line: 14
    seed: anne-fox
  - name: "Karl Wilding"
    kind: Person
    line: 16
    also: ["Wilding"]
    seed: karl-wilding
  - name: "CEO"
    kind: Role
    line: 14
    left_out: "a job title"
"""


def write(folder: Path, text: str, name: str = "clinks-tracking-tr.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sound_ledger_has_no_problems(tmp_path, bundled_dataset):
    assert ledger_problems(write(tmp_path, GOOD), bundled_dataset) == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("seed: anne-fox", "seed: anne-foxx", "'Anne Fox': seed 'anne-foxx' is not an entity id in the seeds"),
    ('name: "Anne Fox"', 'name: "Anne Fix"', "'Anne Fix': not in the text of clinks-tracking-tr"),
    ("line: 14\n    seed", "line: 13\n    seed",
     "'Anne Fox': not on line 13 of clinks-tracking-transforming-rehabilitation.txt"),
    ("line: 14\n    seed", "line: 99\n    seed",
     "'Anne Fox': not on line 99 of clinks-tracking-transforming-rehabilitation.txt"),
    ("line: 14\n    seed", "line: '14'\n    seed",
     "'Anne Fox': not on line '14' of clinks-tracking-transforming-rehabilitation.txt"),
    ('also: ["Wilding"]', 'also: ["Wildeng"]',
     "'Karl Wilding': also 'Wildeng' is not in the text of clinks-tracking-tr"),
    ('also: ["Wilding"]', 'also: "Wilding"', "'Karl Wilding': 'also' must be a list of names"),
    ("seed: anne-fox", "seed: anne-fox\n    left_out: x", "'Anne Fox': give exactly one of 'seed' and 'left_out'"),
    ("    seed: anne-fox\n", "", "'Anne Fox': give exactly one of 'seed' and 'left_out'"),
    ('left_out: "a job title"', 'left_out: " "', "'CEO': 'left_out' must give a reason"),
    ("kind: Person\n    line: 14", "kind: Organisation\n    line: 14",
     "'Anne Fox': kind Organisation but seed 'anne-fox' is a Person"),
    ("kind: Person\n    line: 14", "kind: Body\n    line: 14",
     "'Anne Fox': kind 'Body' is not one of " + ", ".join(sorted(LEDGER_KINDS))),
    ('name: "Karl Wilding"', 'name: "Anne  Fox"', "'Anne Fox': listed twice"),
    ("    seed: anne-fox\n", "    seed: anne-fox\n    note: x\n", "'Anne Fox': unknown key 'note'"),
])
def test_each_check_can_fail(tmp_path, bundled_dataset, old, new, message):
    assert GOOD.count(old) == 1
    problems = ledger_problems(write(tmp_path, GOOD.replace(old, new)), bundled_dataset)
    assert f"clinks-tracking-tr.yaml: {message}" in problems


def test_a_compatible_kind_is_accepted_and_other_ledger_kinds_are_not_compared(tmp_path, bundled_dataset):
    text = GOOD.replace('name: "Anne Fox"\n    kind: Person', 'name: "Anne Fox"\n    kind: Other')
    text += '  - name: "TrackTR"\n    kind: Organisation\n    line: 13\n    seed: tracking-tr-project\n'
    assert ledger_problems(write(tmp_path, text), bundled_dataset) == []


def test_a_name_may_run_onto_the_next_line(tmp_path, bundled_dataset):
    """A name wrapped across two lines of the source is on the line where it begins."""
    lines = (SOURCES / "clinks-tracking-transforming-rehabilitation.txt").read_text(encoding="utf-8").splitlines()
    assert starts_on_line(lines, 15, "This approach can’t continue.” Karl Wilding")
    assert not starts_on_line(lines, 16, "This approach can’t continue.” Karl Wilding")


@pytest.mark.parametrize(("text", "name", "message"), [
    (GOOD.replace("source: clinks-tracking-tr", "source: clinks-tracking"), "clinks-tracking-tr.yaml",
     "clinks-tracking-tr.yaml: source 'clinks-tracking' is not a source id in sources/sources.yaml"),
    (GOOD, "tracking.yaml", "tracking.yaml: a ledger of 'clinks-tracking-tr' is named clinks-tracking-tr.yaml"),
    ("source: clinks-tracking-tr\nentries: []\n", "clinks-tracking-tr.yaml",
     "clinks-tracking-tr.yaml: a ledger is a mapping with 'source' and a non-empty list of 'entries'"),
    (GOOD + "notes: x\n", "clinks-tracking-tr.yaml", "clinks-tracking-tr.yaml: unknown top-level key 'notes'"),
    (GOOD + "  - kind: Person\n", "clinks-tracking-tr.yaml", "clinks-tracking-tr.yaml: entry 4 has no name"),
])
def test_a_broken_ledger_file_is_reported(tmp_path, bundled_dataset, text, name, message):
    assert message in ledger_problems(write(tmp_path, text, name), bundled_dataset)


def test_a_missing_ledger_is_named(tmp_path, bundled_dataset):
    write(tmp_path, GOOD)
    assert missing_ledgers(tmp_path, bundled_dataset) == sorted(set(bundled_dataset.sources) - {"clinks-tracking-tr"})
    assert missing_ledgers(tmp_path / "none", bundled_dataset) == sorted(bundled_dataset.sources)


def test_the_seed_reader_does_not_read_the_ledgers_as_seeds(bundled_dataset):
    """seeds/coverage/ is skipped like seeds/sources/ (cjgraph.seeds.seed_files)."""
    from cjgraph.seeds import seed_files

    files, problems = seed_files(bundled_seeds())
    assert problems == []
    assert not [path for path in files if "coverage" in path.relative_to(bundled_seeds()).parts]
