"""The ``neo4j`` and ``sparql`` markers select exactly the tests that use a server.

A test *uses a server* when its fixture closure names ``neo4j_server``/``sparql_server`` (see
tests/plugins/servers.py), or when it is parametrised with the value ``"neo4j"``/``"sparql"`` (a backend
kind: the backend fixture and the connection-cut test reach the server through
``request.getfixturevalue``, which no closure shows). The suite is collected in subprocesses with a small
plugin that records every selected and deselected test, and the selection is compared with that definition.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cjgraph
from tests.conftest import ROOT
from tests.plugins.servers import FIXTURE_MARKERS, SERVER_KINDS

SRC = Path(cjgraph.__file__).resolve().parents[1]

RECORDER = '''
import json, os

_rows = {"selected": [], "deselected": []}


def _row(item):
    spec = getattr(item, "callspec", None)
    params = {k: v for k, v in (spec.params.items() if spec else ()) if isinstance(v, str)}
    return {"id": item.nodeid, "closure": list(getattr(item, "fixturenames", ())), "params": params}


def pytest_deselected(items):
    _rows["deselected"].extend(_row(item) for item in items)


def pytest_collection_finish(session):
    _rows["selected"] = [_row(item) for item in session.items]
    with open(os.environ["CJ_RECORD"], "w", encoding="utf-8") as handle:
        json.dump(_rows, handle)
'''


def servers_used(row: dict) -> set[str]:
    """The servers a collected test uses, by the definition in this module's docstring."""
    by_fixture = {marker for fixture, marker in FIXTURE_MARKERS.items() if fixture in row["closure"]}
    return by_fixture | {value for value in row["params"].values() if value in SERVER_KINDS}


def collect(tmp_path: Path, expression: str) -> dict[str, list[dict]]:
    (tmp_path / "cj_recorder.py").write_text(RECORDER, encoding="utf-8")
    record = tmp_path / f"record-{len(list(tmp_path.glob('record-*')))}.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(SRC)]), "CJ_RECORD": str(record)}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "-p", "cj_recorder", "-m", expression, str(ROOT / "tests")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(record.read_text(encoding="utf-8"))


def test_the_markers_select_exactly_the_tests_using_each_server(tmp_path):
    found = collect(tmp_path, "not neo4j and not sparql")
    leaking = [row["id"] for row in found["selected"] if servers_used(row)]
    assert leaking == [], f"{len(leaking)} tests use a server but are not deselected, e.g. {leaking[:5]}"
    needless = [row["id"] for row in found["deselected"] if not servers_used(row)]
    assert needless == [], f"{len(needless)} tests are deselected but use no server, e.g. {needless[:5]}"
    assert found["selected"] and found["deselected"]
    dynamic = [row["id"] for row in found["deselected"]
               if not any(fixture in row["closure"] for fixture in FIXTURE_MARKERS)]
    assert dynamic, "no deselected test reaches its server only at run time: the definition has gone vacuous"
    for kind in SERVER_KINDS:
        expected = sorted(row["id"] for row in found["deselected"] if kind in servers_used(row))
        chosen = sorted(row["id"] for row in collect(tmp_path, kind)["selected"])
        assert chosen == expected, kind
        assert any("test_backends.py" in ident and f"[{kind}" in ident for ident in chosen), kind


GUARDED = '''
import pytest

from tests.plugins.servers import server_param


def _reach(request):
    return request.getfixturevalue("sparql_server") if request.param == "sparql" else None


@pytest.fixture(params=["embedded", "sparql"])
def unmarked(request):
    return _reach(request)


@pytest.fixture(params=[server_param("embedded"), server_param("sparql")])
def marked(request):
    return _reach(request)


def test_unmarked(unmarked):
    pass


def test_marked(marked):
    pass
'''


def test_a_server_reached_without_its_marker_fails_the_test(tmp_path):
    (tmp_path / "test_guarded.py").write_text(GUARDED, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(SRC)]),
           "CJGRAPH_TEST_SPARQL_ENDPOINT": "http://127.0.0.1:9"}  # the fixture yields it; nothing is started
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rE", "-p", "no:cacheprovider", "-p",
                           "tests.plugins.servers", "test_guarded.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("4 passed, 1 error"), done.stdout[-3000:]  # the test passed, its teardown not
    assert "ERROR at teardown of test_unmarked[sparql]" in done.stdout
    assert ("test_guarded.py::test_unmarked[sparql] uses sparql_server but is not marked 'sparql' "
            "(parametrise with tests.plugins.servers.server_param, or mark it)") in lines
    deselect = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                               "-p", "tests.plugins.servers", "-m", "not sparql", "test_guarded.py"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert [line for line in deselect.stdout.splitlines() if "::" in line] == [
        "test_guarded.py::test_unmarked[embedded]", "test_guarded.py::test_unmarked[sparql]",
        "test_guarded.py::test_marked[embedded]"]
