"""Validation of seed folders: every bad-input case gives `path:line: message`, and clean seeds pass."""

from __future__ import annotations

from datetime import date

import pytest

from cjgraph.dates import parse_partial_date
from cjgraph.errors import SeedError
from cjgraph.validation import load_dataset, validate_seeds
from cjgraph.vocab import ENTITY_KINDS
from tests.conftest import MINI_YAML


def problems_of(folder) -> list[str]:
    report = validate_seeds([folder])
    return [str(p) for p in report.problems]


def rel(folder, name="data.yaml") -> str:
    """The display path validate uses for a file of the mini folder (absolute outside the cwd)."""
    from cjgraph.seeds import display_path

    return display_path(folder / name)


def test_bundled_seeds_are_valid():
    report = validate_seeds()
    assert report.problems == []
    assert len(report.dataset.entities) > 0
    assert report.summary().startswith(f"ok: {len(report.dataset.entities)} entities")


def test_mini_seeds_are_valid(mini_seeds):
    dataset = load_dataset([mini_seeds])
    assert sorted(dataset.entities) == ["example-act-2001", "example-review"]
    assert [r.key for r in dataset.relations] == [("example-review", "cites", "example-act-2001")]
    assert dataset.origin("example-review") == "mini/data.yaml:8"  # the folder's name, not the path as displayed


def write(folder, text, name="data.yaml"):
    (folder / name).write_text(text, encoding="utf-8")


def test_malformed_yaml(mini_seeds):
    import yaml

    from cjgraph import yamlio

    write(mini_seeds, "entities:\n  - id: x\n   kind: Act\n")
    reason = ("did not find expected '-' indicator" if yamlio._Loader is getattr(yaml, "CSafeLoader", None)
              else "expected <block end>, but found '<block mapping start>'")
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:3: invalid YAML: {reason}"]


def test_duplicate_id(mini_seeds):
    write(mini_seeds, MINI_YAML + "  - id: example-act-2001\n    kind: Act\n    name: Again\n"
                                  "    evidence: [\"The Example Act 2001\"]\n")
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds)}:15: duplicate id 'example-act-2001' (first defined at {rel(mini_seeds)}:3)"]


def test_dangling_reference_suggests_close_ids(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("- cites: example-act-2001", "- cites: example-act-2010"))
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds)}:13: cites target 'example-act-2010' is not a known entity id; "
        "did you mean 'example-act-2001'?"]


def test_unknown_entity_kind(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("kind: Review", "kind: Reveiw"))
    [problem] = problems_of(mini_seeds)
    assert problem.startswith(f"{rel(mini_seeds)}:9: entity 'example-review': unknown kind 'Reveiw'; expected one of:")
    assert problem.endswith("did you mean 'Review'?")


def test_unknown_relation_kind(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("- cites:", "- citse:"))
    [problem] = problems_of(mini_seeds)
    assert problem.startswith(f"{rel(mini_seeds)}:13: unknown relation kind 'citse'; expected one of: cites, about")
    assert problem.endswith("did you mean 'cites'?")


def test_relation_between_kinds_it_may_not_join(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("- cites:", "- recommends:"))
    [problem] = problems_of(mini_seeds)
    assert problem == (f"{rel(mini_seeds)}:13: recommends may not join Review 'example-review' to "
                       "Act 'example-act-2001' (allowed: Organisation/Partnership/Person/Publication/Review "
                       "-> Recommendation)")


@pytest.mark.parametrize(("value", "reason"), [
    ("2017-02-30", "impossible date '2017-02-30': February 2017 has no day 30"),
    ("2017-13", "impossible date '2017-13': month 13 does not exist"),
    ("1750", "implausible date '1750': before 1800"),
    ("3017", "implausible date '3017': in the future"),
    ("last year", "expected a date like 2017, 2017-09 or 2017-09-08, got 'last year'"),
])
def test_bad_dates(mini_seeds, value, reason):
    write(mini_seeds, MINI_YAML.replace("date: 2001", f"date: {value}"))
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:6: entity 'example-act-2001': date: {reason}"]


def test_quote_not_found(mini_seeds):
    write(mini_seeds, MINI_YAML.replace('["the Example Review"]', '["the Sample Review"]'))
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds)}:11: quote not found verbatim in 'doc': 'the Sample Review'\n"
        '    matches up to:   "the" (line 1, 4 of 17 characters)\n'
        '    then differs:    quote "Sample", document "Example"\n'
        '    nearest passage: line 1, 88% alike: "the Example Review."']


def test_quote_matching_ignores_whitespace_differences(mini_seeds):
    write(mini_seeds, MINI_YAML.replace('["the Example Review"]', '["the   Example\\n Review"]'))
    assert problems_of(mini_seeds) == []


def test_missing_source_document(mini_seeds):
    (mini_seeds / "sources" / "doc.txt").unlink()
    # reported once, at the source index; quotes that name the document are not reported again
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds, 'sources/sources.yaml')}:7: source document 'doc.txt' is missing"]


def test_unknown_source_document(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("document: doc", "document: dco"))
    problems = problems_of(mini_seeds)
    assert problems[0] == f"{rel(mini_seeds)}:7: unknown source document 'dco'; did you mean 'doc'?"
    assert len(problems) == 3


def test_non_utf8_file(mini_seeds):
    (mini_seeds / "data.yaml").write_bytes(MINI_YAML.encode() + b"  - id: caf\xe9\n")
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:15: not UTF-8 text (invalid byte 0xe9)"]


def test_empty_file(mini_seeds):
    write(mini_seeds, "   \n")
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:1: file is empty"]


def test_binary_file_in_seed_folder(mini_seeds):
    (mini_seeds / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds, 'picture.png')}:1: not a seed file: expected .yaml or .yml "
        "(or move it out of the seed folder)"]


def test_aliases_and_anchors_are_refused(mini_seeds):
    write(mini_seeds, "entities:\n  - &a\n    id: x\n  - *a\n")
    expected = f"{rel(mini_seeds)}:2: anchors and aliases (& and *) are not allowed in seed files"
    assert expected in problems_of(mini_seeds)


def test_duplicate_keys_are_reported(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("    name: Example Act 2001\n",
                                        "    name: Example Act 2001\n    name: Other Act\n"))
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:6: duplicate key 'name' (first at line 5)"]


def test_relation_to_self(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("- cites: example-act-2001", "- cites: example-review"))
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:13: cites: 'example-review' relates to itself"]


def test_every_problem_is_reported_not_just_the_first(mini_seeds):
    broken = MINI_YAML.replace("date: 2001", "date: 2001-02-30").replace('["the Example Review"]', '["nope"]')
    write(mini_seeds, broken)
    assert len(problems_of(mini_seeds)) == 2


def test_unknown_field_is_an_error(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("    date: 2001\n", "    date: 2001\n    dated: 2001\n"))
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:7: entity 'example-act-2001': unknown field 'dated'"]


def test_load_dataset_raises_with_all_problems(mini_seeds):
    write(mini_seeds, "   ")
    with pytest.raises(SeedError) as info:
        load_dataset([mini_seeds])
    assert str(info.value) == f"{rel(mini_seeds)}:1: file is empty"


def test_layering_refers_to_bundled_ids(tmp_path, bundled_dataset):
    notes = tmp_path / "notes"
    notes.mkdir()
    some_org = next(e for e in bundled_dataset.entities.values() if e.kind == "Organisation")
    evidence = some_org.evidence[0]
    (notes / "mine.yaml").write_text(
        f"entities:\n  - id: my-note-review\n    kind: Review\n    name: My review\n"
        f"    evidence:\n      - url: https://example.org/review\n"
        f"    links:\n      - published_by: {some_org.id}\n        evidence:\n"
        f"          - document: {evidence.document}\n            quote: {evidence.quote!r}\n", encoding="utf-8")
    assert problems_of(notes)[0].endswith(f"published_by target '{some_org.id}' is not a known entity id (it is in "
                                          "the bundled seeds, which are not included: give them first, "
                                          f"seeds=['bundled', {str(notes)!r}])")
    report = validate_seeds(["bundled", notes])
    assert report.problems == []
    assert "my-note-review" in report.dataset.entities


def test_partial_dates():
    assert parse_partial_date(2017) == "2017"
    assert parse_partial_date("2017-09") == "2017-09"
    assert parse_partial_date(date(2017, 9, 8)) == "2017-09-08"
    with pytest.raises(ValueError, match="in the future"):
        parse_partial_date("2030", today=date(2026, 1, 1))


def test_the_shipped_json_schema_is_the_models():
    import json

    from cjgraph.model import SeedFile
    from cjgraph.resources import bundled_seeds

    shipped = json.loads((bundled_seeds() / "seed.schema.json").read_text(encoding="utf-8"))
    assert shipped == SeedFile.model_json_schema()
    assert shipped["$defs"]["EntityWithLinks"]["properties"]["kind"]["enum"] == list(ENTITY_KINDS)


def test_paused_gc_restores_the_collector_and_freezes_what_it_built():
    import gc

    from cjgraph.model import paused_gc

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with paused_gc():
            assert not gc.isenabled()
            built = [[i] for i in range(1000)]  # lists: always tracked by the collector
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(built)  # not walked again by the next collection
        gc.disable()
        with paused_gc():
            pass
        assert not gc.isenabled()  # a pause inside a pause leaves the collector as it found it
    finally:
        gc.enable()
        gc.unfreeze()
