"""Hardening: every bad input gives exit 1 and `path:line: message`, no traceback, and the store unchanged."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.cli import main
from cjgraph.seeds import display_path
from tests.conftest import MINI_YAML


@pytest.fixture()
def loaded_mini(tmp_path, mini_seeds):
    """A store loaded with the mini seeds, and a function returning its full content."""
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["load", "--seeds", str(mini_seeds), "--store", str(store)])
    assert result.exit_code == 0, result.output

    def content() -> str:
        backend = EmbeddedBackend(store)
        try:
            data = backend.dataset()
            return json.dumps([sorted(data.entities), sorted(map(str, data.relations))])
        finally:
            backend.close()

    return store, content


def load_fails(store, folder, expected_first_line: str) -> list[str]:
    result = CliRunner().invoke(main, ["load", "--seeds", str(folder), "--store", str(store)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[0] == expected_first_line
    assert lines[-1].startswith("Error: ") and lines[-1].endswith("in the seeds; nothing was loaded.")
    return lines


def where(folder, name="data.yaml") -> str:
    return display_path(folder / name)


CASES = {
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
                   "1: anchors and aliases (& and *) are not allowed in seed files"),
    "deep nesting": ("entities: " + "[" * 5000 + "]" * 5000 + "\n", "1: nesting deeper than 40 levels"),
    "moderately deep nesting": ("entities: " + "[" * 60 + "]" * 60 + "\n", "1: nesting deeper than 40 levels"),
    "tab indentation": ("entities:\n\t- id: x\n", "2: invalid YAML: found character that cannot start any token"),
    "id differing by case": (MINI_YAML.replace("id: example-review", "id: Example-Review"),
                             "8: entity 'Example-Review': id 'Example-Review' is not a slug (lower-case letters, "
                             "digits and single hyphens)"),
    "id with accents": (MINI_YAML.replace("id: example-review", "id: exampl\u00e9-review"),
                        "8: entity 'exampl\u00e9-review': id 'exampl\u00e9-review' is not a slug (lower-case "
                        "letters, digits and single hyphens)"),
    "circular succeeds": (MINI_YAML + "  - id: review-two\n    kind: Review\n    name: Two\n"
                          "    evidence: [\"the Example Review\"]\n    links:\n"
                          "      - succeeds: example-review\n        evidence: [\"the Example Review\"]\n"
                          "relations:\n  - source: example-review\n    kind: succeeds\n    target: review-two\n"
                          "    evidence: [\"the Example Review\"]\n",
                          "23: circular succeeds chain: example-review -> review-two -> example-review"),
    "future date": (MINI_YAML.replace("date: 2001", "date: 2999-01"),
                    "6: entity 'example-act-2001': date: implausible date '2999-01': in the future"),
    "ten megabyte quote": (MINI_YAML.replace('["the Example Review"]', '["' + "x" * 10_000_000 + '"]'),
                           "11: quote not found verbatim in 'doc': '" + "x" * 57 + "...'"),
    "NUL bytes in a yaml file": ("entities:\n  - id: x\x00\n", "2: binary file (contains NUL bytes), not UTF-8 text"),
    "id is a list (found by the fuzzer)": (MINI_YAML.replace("id: example-review", "id: []"),
                                           "8: entity: id: Input should be a valid string"),
    "top level is a list": ("- id: x\n", "1: a seed file must be a mapping with 'entities' and/or 'relations'"),
    "entities is not a list": ("entities: 3\n", "1: 'entities' must be a list"),
    "a bare quote without a document": (MINI_YAML.replace("document: doc\n", ""),
                                        "6: a bare quote needs a top-level 'document:' in this file"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_seed_file(loaded_mini, mini_seeds, name):
    store, content = loaded_mini
    before = content()
    text, message = CASES[name]
    (mini_seeds / "data.yaml").write_text(text, encoding="utf-8")
    line, _, rest = message.partition(": ")
    load_fails(store, mini_seeds, f"{where(mini_seeds)}:{line}: {rest}")
    assert content() == before


def test_binary_file_in_the_seed_folder(loaded_mini, mini_seeds):
    store, content = loaded_mini
    before = content()
    (mini_seeds / "photo.jpg").write_bytes(bytes(range(256)))
    load_fails(store, mini_seeds, f"{where(mini_seeds, 'photo.jpg')}:1: not a seed file: expected .yaml or .yml "
                                  "(or move it out of the seed folder)")
    assert content() == before


def test_a_source_changed_after_curation_reports_every_lost_quote(loaded_mini, mini_seeds):
    store, content = loaded_mini
    before = content()
    (mini_seeds / "sources" / "doc.txt").write_text("Rewritten entirely.\n", encoding="utf-8")
    lines = load_fails(store, mini_seeds, f"{where(mini_seeds)}:7: quote not found verbatim in 'doc': "
                                          "'The Example Act 2001'")
    assert len([line for line in lines if not line.startswith("    ")]) == 4  # three lost quotes and the summary
    assert lines[1:4] == ['    matches up to:   nothing, not even its first word, "The"',
                          "    nearest passage: none is close (the best, line 1, is 24% alike)",
                          f"{where(mini_seeds)}:11: quote not found verbatim in 'doc': 'the Example Review'"]
    assert content() == before


def test_a_reference_to_a_layer_that_was_not_given(loaded_mini, tmp_path, mini_seeds):
    store, content = loaded_mini
    before = content()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "n.yaml").write_text(
        "relations:\n  - source: example-review\n    kind: about\n    target: example-act-2001\n"
        "    evidence:\n      - url: https://example.org/note\n", encoding="utf-8")
    # example-review is in the mini seeds, not in the bundled ones: no hint to add them
    load_fails(store, notes, f"{where(notes, 'n.yaml')}:2: about source 'example-review' is not a known entity id")
    assert content() == before
    ok = CliRunner().invoke(main, ["load", "--seeds", str(mini_seeds), "--seeds", str(notes), "--store", str(store)])
    assert ok.exit_code == 0, ok.output


def test_missing_seed_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--seeds", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.output == f"Error: seed folder {str(tmp_path / 'nope')!r} does not exist or is not a folder\n"
