"""records: a dataset as the JSON rows of the export and the store's snapshot, and back."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cjgraph import export
from cjgraph.export import export_text, to_json_document
from cjgraph.records import JSON_FORMAT, dataset_from_json, evidence_text


def test_a_json_export_round_trips_through_records(bundled_dataset):
    exported = export_text(bundled_dataset, "json")
    back = dataset_from_json(json.loads(exported))
    assert export_text(back, "json") == exported
    assert back.entities == bundled_dataset.entities
    assert sorted(back.relations, key=lambda r: r.key) == sorted(bundled_dataset.relations, key=lambda r: r.key)
    assert back.sources == bundled_dataset.sources
    entity_and_relation_origins = {k: v for k, v in bundled_dataset.origins.items()
                                   if not (isinstance(k, tuple) and k[0] == "source")}
    assert back.origins == entity_and_relation_origins  # the export has no source origins...


def test_source_origins_are_given_beside_the_rows(bundled_dataset):
    origins = {key: bundled_dataset.origin(("source", key)) for key in bundled_dataset.sources}
    back = dataset_from_json(to_json_document(bundled_dataset), origins)
    assert back.origins == bundled_dataset.origins  # ...the snapshot carries them beside the rows


def test_a_document_of_another_format_is_refused(bundled_dataset):
    document = dict(to_json_document(bundled_dataset), format="cjgraph/0")
    with pytest.raises(ValueError, match="format is 'cjgraph/0', not 'cjgraph/1'"):
        dataset_from_json(document)


def test_the_export_keeps_the_old_names_of_the_moved_rows():
    assert export.JSON_FORMAT is JSON_FORMAT == "cjgraph/1"
    assert export.json_sections.__module__ == "cjgraph.records"


def test_the_store_writes_and_reads_its_snapshot_without_the_export_module(tmp_path):
    code = ("import sys; from cjgraph.validation import load_dataset; from cjgraph.backends.embedded import "
            f"EmbeddedBackend as E; E({str(tmp_path / 's')!r}).load(load_dataset()); "
            f"E({str(tmp_path / 's')!r}).dataset(); print('cjgraph.export' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


QUOTED = {"document": "doc", "quote": "a passage", "url": None}
LINKED = {"url": "https://example.org/act"}


def test_evidence_text_quotes_then_source_and_urls_in_angle_brackets():
    assert evidence_text([QUOTED, LINKED]) == "\u201ca passage\u201d [doc] | <https://example.org/act>"
    assert evidence_text([{"quote": "said", "url": "https://example.org/x"}]) == "\u201csaid\u201d <https://example.org/x>"
    assert evidence_text([QUOTED, LINKED], sep="\n") == "\u201ca passage\u201d [doc]\n<https://example.org/act>"
    assert evidence_text([]) == evidence_text(None) == ""


def test_every_caller_shares_the_one_evidence_text():
    from cjgraph import analytics, graphio

    assert graphio.evidence_text is evidence_text
    rows = analytics.path_rows([[{"from": "a", "to": "b", "from_name": "A", "to_name": "B",
                                  "relations": [{"direction": "forward", "relation": "cites",
                                                 "evidence": [QUOTED, LINKED]}]}]])
    assert [str(passage) for passage in rows[0]["evidence"]] == [evidence_text([QUOTED]), evidence_text([LINKED])]
