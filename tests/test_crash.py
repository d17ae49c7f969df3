"""Crash safety and concurrency of the embedded store, with real processes and real SIGKILLs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.queries import run_query

N = 5_000  # large enough that a load takes a moment (the test waits for phases, not times)


@pytest.fixture(scope="module")
def big_seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    (folder / "sources").mkdir()
    lines = [f"Organisation number {i} published report number {i}." for i in range(N)]
    (folder / "sources" / "gen.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "sources" / "sources.yaml").write_text(
        "sources:\n  - id: gen\n    title: Generated\n    publisher: Tests\n    kind: generated\n"
        "    file: gen.txt\n", encoding="utf-8")
    out = ["document: gen", "entities:"]
    for i in range(N):
        out += [f"  - id: org-{i}", "    kind: Organisation", f"    name: Organisation {i}",
                f'    evidence: ["Organisation number {i}"]',
                f"  - id: report-{i}", "    kind: Publication", f"    name: Report {i}",
                f'    evidence: ["report number {i}."]', "    links:", f"      - published_by: org-{i}",
                f'        evidence: ["Organisation number {i} published report number {i}."]']
    (folder / "big.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def cjgraph(*args: str, store: Path) -> subprocess.Popen:
    env = {**os.environ, "CJGRAPH_STORE": str(store)}
    return subprocess.Popen([sys.executable, "-m", "cjgraph", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def generations(store: Path) -> set[str]:
    return {p.name for p in store.iterdir() if p.name.startswith("gen-")}


def wait_for(predicate, process: subprocess.Popen, limit: float = 120.0) -> bool:
    """Poll until ``predicate()`` holds or the process ends (bounded)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.005)
    return False


def answer(store: Path) -> list[dict]:
    backend = EmbeddedBackend(store)
    try:
        return run_query(backend, "reviews-citing-acts").as_dicts()
    finally:
        backend.close()


@pytest.fixture()
def bundled_store(tmp_path, bundled_dataset) -> Path:
    store = tmp_path / "store"
    EmbeddedBackend(store).load(bundled_dataset)
    return store


@pytest.mark.parametrize("moment", ["validating", "store-created", "writing"])
def test_sigkill_during_a_load_keeps_the_previous_graph(bundled_store, big_seeds, moment):
    before = answer(bundled_store)
    assert before
    old = generations(bundled_store)
    process = cjgraph("load", "--seeds", str(big_seeds), store=bundled_store)
    if moment == "validating":
        time.sleep(0.3)
    else:
        assert wait_for(lambda: generations(bundled_store) - old, process), process.communicate()
        if moment == "writing":
            time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert answer(bundled_store) == before
    # the next load succeeds and removes what the killed one left
    done = cjgraph("load", "--quiet", "--seeds", str(big_seeds), store=bundled_store)
    assert done.wait() == 0, done.communicate()
    assert len(generations(bundled_store)) == 2
    backend = EmbeddedBackend(bundled_store)
    assert len(backend.entity_index()) == 2 * N
    backend.close()


def test_two_loads_at_once_one_fails_cleanly_and_readers_see_old_or_new(bundled_store, big_seeds, mini_seeds):
    before = answer(bundled_store)
    old = generations(bundled_store)
    first = cjgraph("load", "--quiet", "--seeds", str(big_seeds), store=bundled_store)
    assert wait_for(lambda: generations(bundled_store) - old, first), first.communicate()
    second = cjgraph("load", "--seeds", str(mini_seeds), store=bundled_store)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 1
    assert err == (f"Error: the store at {bundled_store} is being loaded by process {first.pid}; "
                   "try again when it finishes\n")
    seen = set()
    while first.poll() is None:  # readers during the load see the old graph or the new one, never a mix
        rows = answer(bundled_store)
        assert rows == before or rows == []
        seen.add("old" if rows else "new")
    assert first.wait() == 0
    assert answer(bundled_store) == []  # the big synthetic graph has no Acts
    assert "old" in seen
