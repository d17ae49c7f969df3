"""Measuring helpers: a child process with its own wall time, CPU time and peak memory, and simple statistics."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
CJGRAPH = str(VENV_BIN / "cjgraph") if (VENV_BIN / "cjgraph").exists() else None


@dataclass
class Run:
    """One child process: wall seconds, CPU seconds (user + system), peak resident memory (MiB)."""

    argv: list[str]
    wall: float
    cpu: float
    peak_mib: float
    returncode: int
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        if self.timed_out:
            return f"timed out after {self.wall:.0f} s"
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-1:] or ["no output"]
        return f"exit {self.returncode}: {tail[0][:200]}"


def run(argv: list[str], *, timeout: float = 3600, env: dict | None = None, cwd: Path = ROOT) -> Run:
    """Run ``argv`` to completion and read its own resource usage with ``wait4`` (not the sum of all children)."""
    stdout_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"cjbench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{stdout_path}.out", "w+b") as out, open(f"{stdout_path}.err", "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                                env={**os.environ, **(env or {})}, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group only

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # blocking: the wall time is not rounded to a polling step
        timer.cancel()
        timed_out = killed.is_set()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        texts = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    for suffix in (".out", ".err"):
        Path(f"{stdout_path}{suffix}").unlink(missing_ok=True)
    return Run(argv, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
               texts[0], texts[1], timed_out)


def cli(*args: str, timeout: float = 3600, env: dict | None = None) -> Run:
    """``cjgraph ARGS`` as a user runs it (the console script, or ``python -m cjgraph``)."""
    head = [CJGRAPH] if CJGRAPH else [sys.executable, "-m", "cjgraph"]
    return run([*head, *args], timeout=timeout, env=env)


def worker(task: str, payload: dict, *, timeout: float = 3600) -> tuple[Run, dict | None]:
    """Run ``benchmarks/workers.py TASK`` with a JSON payload; its last stdout line is a JSON result."""
    result = run([sys.executable, str(ROOT / "benchmarks" / "workers.py"), task, json.dumps(payload)],
                 timeout=timeout)
    data = None
    if result.ok:
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        data = json.loads(lines[-1]) if lines else None
    return result, data


@dataclass
class Series:
    """Repeated measurements of one thing (seconds)."""

    values: list[float] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def p95(self) -> float | None:
        return percentile(self.values, 95) if self.values else None

    @property
    def peak_mib(self) -> float | None:
        return max((r.peak_mib for r in self.runs), default=None)

    @property
    def cpu(self) -> float | None:
        return statistics.median([r.cpu for r in self.runs]) if self.runs else None


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of few runs is their maximum)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def repeat(times: int, make_run) -> Series:
    series = Series()
    for _ in range(times):
        result = make_run()
        series.runs.append(result)
        if not result.ok:
            break
        series.values.append(result.wall)
    return series


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    info: dict[str, object] = {"nproc": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform()}
    with contextlib.suppress(OSError, ValueError):
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        total = next(line for line in meminfo if line.startswith("MemTotal:"))
        info["memory_gib"] = round(int(total.split()[1]) / 1024 / 1024, 1)
        cpu = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        info["cpu"] = cpu[0].split(":", 1)[1].strip() if cpu else platform.processor()
    except (OSError, StopIteration):
        info["cpu"] = platform.processor()
    from importlib import metadata

    versions = {}
    for name in ("cjgraph", "pyoxigraph", "rdflib", "pydantic", "PyYAML", "click", "networkx", "neo4j", "oxigraph"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    info["versions"] = versions
    try:
        info["java"] = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        info["java"] = "not found"
    return info


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()
