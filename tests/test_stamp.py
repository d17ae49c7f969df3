"""The dataset stamp: same seeds and sources, same stamp wherever they lie; any change of content, another."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import cjgraph
from cjgraph.resources import bundled_seeds


@pytest.fixture
def two_copies(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "a" / "seeds", tmp_path / "elsewhere" / "deeper" / "seeds"
    shutil.copytree(bundled_seeds(), first)
    shutil.copytree(bundled_seeds(), second)
    return first, second


def _stamp(folder: Path) -> str:
    report = cjgraph.validate(folder)
    assert report.ok, report.summary()
    return report.dataset.stamp


def test_the_same_seeds_in_two_places_have_one_stamp(two_copies):
    first, second = two_copies
    stamp = _stamp(first)
    assert stamp.startswith("cj-") and len(stamp) == 15
    assert _stamp(second) == stamp == cjgraph.validate().dataset.stamp


def test_changing_one_quote_changes_the_stamp(two_copies):
    first, second = two_copies
    path = next(p for p in sorted(second.glob("*.yaml")) if "quote:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    quote = next(e["quote"] for item in data["entities"] for e in item.get("evidence", []) if len(e["quote"]) > 40)
    shorter = quote[:-3].rstrip()  # still verbatim: a shorter passage of the same text
    path.write_text(text.replace(quote, shorter, 1), encoding="utf-8")
    assert _stamp(second) != _stamp(first)


def test_changing_a_source_text_changes_the_stamp(two_copies):
    first, second = two_copies
    text_file = next(p for p in sorted((second / "sources").iterdir()) if p.name.startswith("clinks-"))
    text_file.write_text(text_file.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert _stamp(second) != _stamp(first)


def test_the_store_keeps_the_stamp_of_what_it_loaded(tmp_path: Path):
    graph = cjgraph.open(tmp_path / "store")
    graph.load()
    assert graph.backend.stamp() == graph.dataset().stamp == cjgraph.validate().dataset.stamp
