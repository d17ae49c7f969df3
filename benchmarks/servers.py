"""Private Neo4j and SPARQL servers for the benchmark: own ports, own data, stopped by their own pid.

The shared test servers (scripts/neo4j-server, scripts/sparql-server) may be in use by a test run: a
benchmark load of 100k entities would replace their graph. So the benchmark starts its own instances:
Neo4j from the jars and launcher that ``scripts/neo4j-server fetch`` builds, and ``oxigraph serve``.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


class Unavailable(Exception):
    """A server cannot be had here; the report says why."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _script(name: str):
    """scripts/NAME (a Python file without a suffix) as a module, to reuse its build steps."""
    path = ROOT / "scripts" / name
    loader = importlib.machinery.SourceFileLoader(f"_bench_{name.replace('-', '_')}", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class Server:
    def __init__(self, proc: subprocess.Popen, run_dir: Path, address: str, started_in: float, password: str = ""):
        self.proc, self.run_dir, self.address, self.started_in = proc, run_dir, address, started_in
        self.password = password

    def stop(self, grace: float = 30.0) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group we created with start_new_session
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _wait(proc: subprocess.Popen, ready, timeout: float, log: Path, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
            raise Unavailable(f"{what} exited with status {proc.returncode}: {' / '.join(tail)[:300]}")
        if ready():
            return
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    raise Unavailable(f"{what} was not ready after {timeout:.0f} s")


def start_neo4j(workdir: Path, heap: str = "2g", pagecache_mb: int = 512, timeout: float = 300) -> Server:
    """Neo4j Community 5.26, embedded with Bolt on a free port, user neo4j with a password of its own."""
    try:
        import neo4j  # noqa: F401 - the driver the backend needs
    except ImportError:
        raise Unavailable("the neo4j Python driver is not installed (pip install -e '.[neo4j]')") from None
    try:
        script = _script("neo4j-server")
        build = script.fetch()
        java = script.tool("java")
    except Exception as exc:  # Failure from the script: no java/mvn, Maven offline...
        raise Unavailable(f"Neo4j cannot be built here: {str(exc).splitlines()[0][:300]}") from None
    run_dir = workdir / f"neo4j-{os.getpid()}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port, ready, log = _free_port(), run_dir / "ready", run_dir / "neo4j.log"
    classpath = os.pathsep.join([str(script.LAUNCHER_JAR), *build["classpath"]])
    cmd = [java, "-Xms256m", f"-Xmx{heap}", *script.JVM_FLAGS, "-cp", classpath, script.MAIN_CLASS,
           str(run_dir / "home"), HOST, str(port), str(pagecache_mb), str(ready)]
    password = f"bench-{os.getpid()}-{port}"  # the launcher sets the neo4j user's password from this variable
    start = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=run_dir,
                                start_new_session=True, env={**os.environ, "CJGRAPH_NEO4J_TEST_PASSWORD": password})
    server = Server(proc, run_dir, f"bolt://{HOST}:{port}", 0.0, password)
    try:
        _wait(proc, lambda: ready.is_file() and script.bolt_answers(port), timeout, log, "Neo4j")
    except BaseException:
        server.stop(5)
        raise
    server.started_in = time.monotonic() - start
    return server


def oxigraph_binary() -> str | None:
    for candidate in (Path(sys.executable).parent / "oxigraph", shutil.which("oxigraph")):
        if candidate and os.access(str(candidate), os.X_OK):
            return str(candidate)
    return None


def start_sparql(workdir: Path, timeout: float = 60) -> Server:
    """``oxigraph serve`` in memory on a free port; the query endpoint is ``/query``."""
    binary = oxigraph_binary()
    if not binary:
        raise Unavailable("the oxigraph server binary is not installed (pip install -e '.[server]')")
    run_dir = workdir / f"oxigraph-{os.getpid()}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port, log = _free_port(), run_dir / "oxigraph.log"
    endpoint = f"http://{HOST}:{port}/query"
    start = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen([binary, "serve", "--bind", f"{HOST}:{port}"], stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, cwd=run_dir, start_new_session=True)
    server = Server(proc, run_dir, endpoint, 0.0)

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{endpoint}?query=ASK%7B%7D", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        _wait(proc, answers, timeout, log, "oxigraph serve")
    except BaseException:
        server.stop(5)
        raise
    server.started_in = time.monotonic() - start
    return server
