"""Curation benchmark (issue #18): how much of what a curator wrote `cjgraph draft` finds again.

For each bundled source document: the seeds' statements whose only evidence is that document are taken out,
the document is drafted against the rest, and the proposals are scored: entity and relationship recall
(cjgraph.drafting.measure explains the matching), and precision on a fixed sample of 25 proposals judged by a
curator in benchmarks/curation-judgements.yaml. Prints a table; `--json` prints the figures as JSON.

    python benchmarks/curation.py            # the table
    python benchmarks/curation.py --sample clinks-tracking-tr   # the sampled proposals, to judge
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

JUDGEMENTS = Path(__file__).with_name("curation-judgements.yaml")
GOALS = {"entity recall": 0.80, "relationship recall": 0.50, "precision": 0.70}


def run() -> list[dict]:
    from cjgraph.drafting.measure import measure, precision, read_judgements
    from cjgraph.resources import bundled_seeds
    from cjgraph.validation import load_dataset

    dataset = load_dataset()
    judgements = read_judgements(JUDGEMENTS)
    rows = []
    for document, source in dataset.sources.items():
        text = (bundled_seeds() / "sources" / source.file).read_text(encoding="utf-8")
        started = time.perf_counter()
        score, proposal = measure(dataset, document, text)
        seconds = time.perf_counter() - started
        accepted, judged, unjudged = precision(proposal, judgements.get(document, {}))
        rows.append({"document": document, "characters": len(text), "entities": score.entities,
                     "entities found": score.entities_found, "relationships": score.relations,
                     "relationships found": score.relations_found, "proposed": score.proposed,
                     "judged": judged, "accepted": accepted, "unjudged": len(unjudged), "seconds": round(seconds, 3)})
    return rows


def table(rows: list[dict]) -> str:
    head = f"{'document':40} {'entities':>13} {'relationships':>15} {'precision':>13} {'proposed':>8} {'draft s':>8}"
    lines = [head, "-" * len(head)]
    total = {k: sum(r[k] for r in rows) for k in ("entities", "entities found", "relationships",
                                                   "relationships found", "judged", "accepted", "proposed")}
    for r in [*rows, {**total, "document": "all five", "seconds": sum(r["seconds"] for r in rows)}]:
        lines.append(f"{r['document']:40} {_ratio(r['entities found'], r['entities']):>13} "
                     f"{_ratio(r['relationships found'], r['relationships']):>15} "
                     f"{_ratio(r['accepted'], r['judged']):>13} {r['proposed']:>8} {r['seconds']:>8.2f}")
    lines.append("goals: " + ", ".join(f"{k} >= {v:.0%}" for k, v in GOALS.items()))
    return "\n".join(lines)


def _ratio(found: int, total: int) -> str:
    return f"{found}/{total} {found / total:4.0%}" if total else "-"


def show_sample(document: str) -> None:
    from cjgraph.drafting.measure import item_label, measure, sample
    from cjgraph.resources import bundled_seeds
    from cjgraph.validation import load_dataset

    dataset = load_dataset()
    text = (bundled_seeds() / "sources" / dataset.sources[document].file).read_text(encoding="utf-8")
    _, proposal = measure(dataset, document, text)
    for item in sample(proposal):
        d = item.data
        extra = f" [{d['kind']}] {d['name']}" if "id" in d else ""
        print(f"- item: {item_label(item)!r}{extra}\n  reason: {item.reason}\n  passage: {d['evidence'][0]}\n")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--sample"]:
        show_sample(argv[1])
        return 0
    rows = run()
    print(json.dumps(rows, indent=2) if "--json" in argv else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
