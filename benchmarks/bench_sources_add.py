#!/usr/bin/env python3
"""Time `cjgraph sources add` on a 100-page PDF (and a Word file and web page of the same text), end to end.

The documents are built from the bundled 2013 consultation response repeated (tests/documents.py: 62 lines
of 95 characters a page, about 3,900 characters a page), then each is added to a fresh seed folder by the
installed command, in its own process, ``--repeat`` times; the median and the spread are printed.

    python benchmarks/bench_sources_add.py [--pages 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.documents import LINES_PER_PAGE, docx_from_text, html_from_text, pdf_from_text, wrap  # noqa: E402

SOURCE = ROOT / "seeds" / "sources" / "clinks-2013-response-transforming-rehabilitation-consultation.txt"


def document_text(pages: int) -> str:
    """The bundled text repeated and cut to fill ``pages`` pages as pdf_from_text lays them out."""
    text = SOURCE.read_text(encoding="utf-8")
    lines: list[str] = []
    while len(lines) < pages * LINES_PER_PAGE:
        lines += [line for paragraph in text.split("\n") for line in wrap(paragraph)]
    return "\n".join(lines[: pages * LINES_PER_PAGE])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        text = document_text(args.pages)
        placed = pdf_from_text(text, work / "doc.pdf")
        docx_from_text(text, work / "doc.docx")
        html_from_text(text, work / "doc.html")
        print(f"{placed[-1][1]} PDF pages, {len(text):,} characters")
        for name in ("doc.pdf", "doc.docx", "doc.html"):
            times = []
            for run in range(args.repeat):
                folder = work / f"seeds-{name}-{run}"
                folder.mkdir()
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "cjgraph", "sources", "add", str(work / name), "--seeds",
                                str(folder), "--publisher", "P", "--title", "Benchmark document"],
                               check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            print(f"{name}: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}) "
                  f"over {args.repeat} runs, end to end")


if __name__ == "__main__":
    main()
