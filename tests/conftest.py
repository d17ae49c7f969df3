"""Shared fixtures: the bundled dataset, a loaded embedded store, a CLI runner and seed-folder factories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.resources import bundled_seeds
from cjgraph.validation import load_dataset

pytest_plugins = ["tests.plugins.servers", "tests.plugins.browser"]

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def bundled_dataset():
    return load_dataset()


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory, bundled_dataset) -> Path:
    """An embedded store folder holding the bundled seeds (shared, read-only by convention)."""
    path = tmp_path_factory.mktemp("store") / "store"
    backend = EmbeddedBackend(path)
    backend.load(bundled_dataset)
    backend.close()
    return path


@pytest.fixture()
def embedded(loaded_store):
    backend = EmbeddedBackend(loaded_store)
    yield backend
    backend.close()


@pytest.fixture()
def runner(monkeypatch, loaded_store) -> CliRunner:
    """A CliRunner whose default store is the loaded bundled store."""
    monkeypatch.setenv("CJGRAPH_STORE", str(loaded_store))
    return CliRunner()


@pytest.fixture()
def seed_copy(tmp_path) -> Path:
    """A writable copy of the bundled seed folder."""
    target = tmp_path / "seeds"
    shutil.copytree(bundled_seeds(), target)
    return target


@pytest.fixture()
def mini_seeds(tmp_path) -> Path:
    """A tiny valid seed folder with its own source document, for bad-input tests."""
    folder = tmp_path / "mini"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "doc.txt").write_text(
        "The Example Act 2001 was discussed by the Example Review.\nThe Example Trust funds it.\n", encoding="utf-8")
    (folder / "sources" / "sources.yaml").write_text(
        "sources:\n  - id: doc\n    title: A document\n    publisher: Example Trust\n    kind: report\n"
        "    date: 2001\n    file: doc.txt\n", encoding="utf-8")
    (folder / "data.yaml").write_text(MINI_YAML, encoding="utf-8")
    return folder


MINI_YAML = """\
document: doc
entities:
  - id: example-act-2001
    kind: Act
    name: Example Act 2001
    date: 2001
    evidence: ["The Example Act 2001"]
  - id: example-review
    kind: Review
    name: Example Review
    evidence: ["the Example Review"]
    links:
      - cites: example-act-2001
        evidence: ["The Example Act 2001 was discussed by the Example Review."]
"""

# MINI_YAML with lifespans: on both entities, on the link (a month, a day) and on a relations: item (a year)
DATED_YAML = MINI_YAML.replace("    date: 2001\n", "    date: 2001\n    start: 2001-03\n    end: 2001-11-30\n").replace(
    "    name: Example Review\n", "    name: Example Review\n    start: 2001-01\n").replace(
    "      - cites: example-act-2001\n",
    "      - cites: example-act-2001\n        start: 2001-05\n        end: 2001-09-30\n") + """relations:
  - source: example-review
    kind: about
    target: example-act-2001
    start: 2001
    evidence: ["the Example Review"]
"""
