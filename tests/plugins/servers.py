"""pytest plugin: real Neo4j and SPARQL 1.1 servers for the test suite.

Load it with ``-p tests.plugins.servers`` or ``pytest_plugins = ["tests.plugins.servers"]``.

Session-scoped fixtures
-----------------------
``neo4j_server``  -> ``{"uri", "user", "password", "database"}``
    Uses ``CJGRAPH_TEST_NEO4J_URI`` (+ ``CJGRAPH_TEST_NEO4J_USER``, ``_PASSWORD``,
    ``_DATABASE``) when set; otherwise runs ``scripts/neo4j-server start`` (Neo4j
    Community 5.26 on 127.0.0.1, user neo4j / password cjgraph-test) and stops it at the end of the session
    if, and only if, this session started it.

``sparql_server`` -> ``{"endpoint", "query", "update", "store"}``
    Uses ``CJGRAPH_TEST_SPARQL_ENDPOINT`` (and optionally ``CJGRAPH_TEST_SPARQL_QUERY``,
    ``_UPDATE``, ``_STORE``; by default ``<endpoint>/query`` etc., Oxigraph's layout) when
    set; otherwise ``scripts/sparql-server start`` (``oxigraph serve``), stopped likewise.

If a server cannot be had (no java/mvn/oxigraph, start failed) the test is skipped with
the reason, or fails when the environment variable ``CI`` is ``true``.

Markers ``neo4j`` and ``sparql`` are registered, so ``-m "not neo4j and not sparql"`` runs the
suite without servers. A test gets the marker when its fixture closure names ``neo4j_server`` /
``sparql_server`` (directly or through other fixtures), or when it is parametrised with
``server_param(kind)``: tests that reach a server at run time through
``request.getfixturevalue(...)`` (a backend fixture parametrised over embedded/sparql/neo4j) are
invisible to the closure, so their parameters must carry the mark::

    @pytest.fixture(params=[server_param(k) for k in ("embedded", "sparql", "neo4j")])

A test that sets up a server fixture without the matching marker fails at teardown, naming the
fixture and the marker, so a missing mark cannot go unnoticed in a run with servers.

Note for pytest-xdist: each worker has its own session; a server started by one worker
would be stopped when that worker ends. Start the servers before the run
(``scripts/neo4j-server start``) -- then no worker stops them -- or use the env vars.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = REPO_ROOT / "scripts"
NEO4J_SCRIPT = SCRIPTS / "neo4j-server"
SPARQL_SCRIPT = SCRIPTS / "sparql-server"
NEO4J_STATE = REPO_ROOT / ".cache" / "neo4j" / "server.json"
SPARQL_STATE = REPO_ROOT / ".cache" / "oxigraph" / "server.json"

# First start may include the Maven download and compile; Bolt itself gets 180 s.
NEO4J_START_TIMEOUT = 900
SPARQL_START_TIMEOUT = 120
STOP_TIMEOUT = 120

FIXTURE_MARKERS = {"neo4j_server": "neo4j", "sparql_server": "sparql"}
SERVER_KINDS = tuple(FIXTURE_MARKERS.values())


def server_param(kind: str) -> Any:
    """A parametrisation value for a backend ``kind``: a server kind carries its marker (id: the kind)."""
    return pytest.param(kind, marks=getattr(pytest.mark, kind), id=kind) if kind in SERVER_KINDS else kind


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "neo4j: needs a Neo4j server (fixture neo4j_server; scripts/neo4j-server)"
    )
    config.addinivalue_line(
        "markers", "sparql: needs a SPARQL 1.1 server (fixture sparql_server; scripts/sparql-server)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in names and item.get_closest_marker(marker) is None:
                item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(autouse=True)
def _server_marker_check(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test: a server fixture it set up (also through ``getfixturevalue``) needs its marker."""
    yield
    missing = [f"{fixture} but is not marked {marker!r}" for fixture, marker in FIXTURE_MARKERS.items()
               if fixture in request.fixturenames and request.node.get_closest_marker(marker) is None]
    if missing:
        pytest.fail(f"{request.node.nodeid} uses " + "; uses ".join(missing)
                    + " (parametrise with tests.plugins.servers.server_param, or mark it)", pytrace=False)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(reason: str) -> NoReturn:
    if _in_ci():
        pytest.fail(f"{reason} (CI=true, so this is an error rather than a skip)", pytrace=False)
    pytest.skip(reason)


def _run(script: Path, command: str, timeout: float) -> subprocess.CompletedProcess[str]:
    # Run with the interpreter running pytest, so that e.g. `oxigraph` next to it is found.
    return subprocess.run(
        [sys.executable, str(script), command],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _start(script: Path, state_file: Path, what: str, timeout: float) -> tuple[dict, bool]:
    """Start (or reuse) a server; return (state, started_by_us)."""
    if not script.is_file():
        _unavailable(f"{what}: {script} is missing")
    try:
        already = _run(script, "status", 60).returncode == 0
        result = _run(script, "start", timeout)
    except subprocess.TimeoutExpired:
        _unavailable(f"{what}: `{script.name} start` did not finish within {timeout:.0f} s")
    except OSError as exc:
        _unavailable(f"{what}: cannot run {script}: {exc}")
    if result.returncode != 0:
        _unavailable(
            f"{what}: `{script.relative_to(REPO_ROOT)} start` failed (exit {result.returncode}):\n"
            f"{_tail(result.stderr or result.stdout)}"
        )
    try:
        state = json.loads(state_file.read_text())
    except (OSError, ValueError) as exc:
        _unavailable(f"{what}: started, but its state file {state_file} is unreadable: {exc}")
    return state, not already


def _stop(script: Path, what: str) -> None:
    try:
        result = _run(script, "stop", STOP_TIMEOUT)
    except (subprocess.TimeoutExpired, OSError) as exc:
        sys.stderr.write(f"\nwarning: could not stop the {what}: {exc}\n")
        return
    if result.returncode != 0:
        sys.stderr.write(f"\nwarning: stopping the {what} failed:\n{_tail(result.stderr)}\n")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[dict]:
    """Connection settings for a real Neo4j server: dict(uri, user, password, database)."""
    uri = os.environ.get("CJGRAPH_TEST_NEO4J_URI", "").strip()
    if uri:
        yield {
            "uri": uri,
            "user": os.environ.get("CJGRAPH_TEST_NEO4J_USER", "neo4j"),
            "password": os.environ.get("CJGRAPH_TEST_NEO4J_PASSWORD", ""),
            "database": os.environ.get("CJGRAPH_TEST_NEO4J_DATABASE", "neo4j"),
        }
        return

    state, started = _start(NEO4J_SCRIPT, NEO4J_STATE, "Neo4j test server", NEO4J_START_TIMEOUT)
    try:
        yield {
            "uri": state["uri"],
            "user": state.get("user", "neo4j"),
            "password": state.get("password", ""),
            "database": state.get("database", "neo4j"),
        }
    finally:
        if started:
            _stop(NEO4J_SCRIPT, "Neo4j test server")


@pytest.fixture(scope="session")
def sparql_server() -> Iterator[dict]:
    """URLs of a real SPARQL 1.1 server: dict(endpoint, query, update, store)."""
    endpoint = os.environ.get("CJGRAPH_TEST_SPARQL_ENDPOINT", "").strip().rstrip("/")
    if endpoint:
        yield {
            "endpoint": endpoint,
            "query": os.environ.get("CJGRAPH_TEST_SPARQL_QUERY", f"{endpoint}/query"),
            "update": os.environ.get("CJGRAPH_TEST_SPARQL_UPDATE", f"{endpoint}/update"),
            "store": os.environ.get("CJGRAPH_TEST_SPARQL_STORE", f"{endpoint}/store"),
        }
        return

    state, started = _start(SPARQL_SCRIPT, SPARQL_STATE, "SPARQL test server", SPARQL_START_TIMEOUT)
    try:
        yield {key: state[key] for key in ("endpoint", "query", "update", "store")}
    finally:
        if started:
            _stop(SPARQL_SCRIPT, "SPARQL test server")
