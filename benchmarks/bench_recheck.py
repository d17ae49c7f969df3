#!/usr/bin/env python3
"""Time `cjgraph recheck` on the bundled seeds, on a copy whose every source text is re-captured with one word
in 40 changed (so about half the passages must be re-anchored by fuzzy alignment), and on one whose texts
are swapped (nearly every passage vanishes: the slowest case, a full-text alignment for each).

Each case runs ``--repeat`` times in process (``cjgraph.recheck``, after one warm-up) and as the installed
command in its own process (end to end: start-up, reading the seeds, the report); medians and spreads are
printed.

    python benchmarks/bench_recheck.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import cjgraph  # noqa: E402
from cjgraph.resources import bundled_seeds  # noqa: E402


def recaptured(folder: Path, every: int = 40) -> None:
    """Change one word in ``every`` of each source text of ``folder`` (to ``XXXX``)."""
    for path in (folder / "sources").glob("*.txt"):
        count = 0

        def change(match: re.Match) -> str:
            nonlocal count
            count += 1
            return "XXXX" if count % every == 0 else match.group()

        path.write_text(re.sub(r"\w+", change, path.read_text(encoding="utf-8")), encoding="utf-8")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, seeds: Path, repeat: int) -> None:
    """Wall-clock and CPU time (the latter steadier on a shared machine), in process and end to end."""
    cjgraph.recheck(seeds, git=False)  # warm-up: imports, caches
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = cjgraph.recheck(seeds, git=False)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    ends, ends_cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), children_cpu()
        subprocess.run([sys.executable, "-m", "cjgraph", "recheck", "--seeds", str(seeds), "--no-git"],
                       capture_output=True, check=False)
        ends.append(time.perf_counter() - start)
        ends_cpu.append(children_cpu() - start_cpu)
    print(f"{label}: {result.summary()}")
    for name, wall, used in (("in process", times, cpu), ("end to end", ends, ends_cpu)):
        print(f"  {name}: median {statistics.median(wall):.2f} s (min {min(wall):.2f}, max {max(wall):.2f}), "
              f"CPU median {statistics.median(used):.2f} s, over {repeat} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    timed("bundled seeds", bundled_seeds(), args.repeat)
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "seeds"
        shutil.copytree(bundled_seeds(), copy)
        recaptured(copy)
        timed("every source re-captured, 1 word in 40 changed", copy, args.repeat)
        texts = sorted((copy / "sources").glob("*.txt"))
        bodies = [path.read_text(encoding="utf-8") for path in texts]
        for path, body in zip(texts, bodies[1:] + bodies[:1], strict=True):
            path.write_text(body, encoding="utf-8")
        timed("every source replaced by another's text (nearly every passage vanishes)", copy, args.repeat)


if __name__ == "__main__":
    main()
