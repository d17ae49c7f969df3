"""docs/benchmarks.md from the figures of one run of benchmarks/run.py."""

from __future__ import annotations

import itertools
import math
import statistics

TARGET_SIZE = "100000"


def secs(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0:
        return "≈ 0 (within noise)"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def mib(value: float | None) -> str:
    return "–" if value is None else (f"{value / 1024:.2f} GiB" if value >= 1024 else f"{value:.0f} MiB")


def ratio(slow: float | None, fast: float | None) -> str:
    return f"{slow / fast:.1f}×" if slow and fast else "–"


def table(head: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def cell(summary: dict | None) -> str:
    """Median (p95 when there were several runs), or why there is no figure."""
    if not summary:
        return "–"
    if summary.get("error"):
        return f"failed: {summary['error']}"
    if summary.get("runs", 0) > 1 and summary.get("p95") is not None:
        return f"{secs(summary['median'])} (p95 {secs(summary['p95'])})"
    return secs(summary.get("median"))


def exponent(t_small: float | None, t_big: float | None, n_small: int, n_big: int) -> float | None:
    if not t_small or not t_big or n_big == n_small:
        return None
    return math.log(t_big / t_small) / math.log(n_big / n_small)


def load_only(size: dict) -> float | None:
    load, validate = (size.get("load") or {}).get("median"), (size.get("validate") or {}).get("median")
    return load - validate if load and validate else None


def _status(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**missed**")


def targets(results: dict) -> str:
    start, sizes = results.get("startup", {}), results["sizes"]
    big = sizes.get(TARGET_SIZE, {})
    rows = []
    help_median = (start.get("help") or {}).get("median")
    rows.append(["`cjgraph --help` ≤ 100 ms", secs(help_median), _status(None if help_median is None
                                                                           else help_median <= 0.1)])
    medians = {k: v.get("median") for k, v in (start.get("queries") or {}).items() if v.get("median")}
    worst = max(medians.items(), key=lambda kv: kv[1]) if medians else None
    rows.append(["any canned query end to end ≤ 300 ms (bundled store)",
                 f"slowest: {worst[0]} {secs(worst[1])}" if worst else "–",
                 _status(None if not worst else worst[1] <= 0.3)])
    load = (big.get("load") or {}).get("median")
    rows.append(["100k: validate + load into the embedded store ≤ 60 s", secs(load),
                 _status(None if load is None else load <= 60)])
    rdf = (big.get("rdflib_parse") or {}).get("wall")
    floor = (big.get("oxigraph_floor") or {}).get("seconds")
    floor_text = f"; Oxigraph's own loader on the written file alone {secs(floor)} = {ratio(rdf, floor)}" \
        if floor and rdf else ""
    rows.append(["100k: ≥ 5× faster than rdflib parsing the same triples",
                 f"{ratio(rdf, load)} (rdflib {secs(rdf)}{floor_text})" if rdf and load else "–",
                 _status(None if not (rdf and load) else rdf / load >= 5)])
    query_medians = {k: v["median"] for k, v in (big.get("queries") or {}).items()
                     if not k.startswith("_") and v.get("median") is not None}
    within = sum(1 for v in query_medians.values() if v <= 0.5)
    slowest = max(query_medians.items(), key=lambda kv: kv[1]) if query_medians else None
    overall = statistics.median(query_medians.values()) if query_medians else None
    rows.append(["100k: canned query median ≤ 500 ms",
                 f"median of the {len(query_medians)} query medians {secs(overall)}; {within} of "
                 f"{len(query_medians)} within; slowest {slowest[0]} {secs(slowest[1])}"
                 if slowest else "–", _status(None if not slowest else within == len(query_medians))])
    peaks = [(big.get(k) or {}).get("peak_mib") for k in ("validate", "load")]
    peak = max((p for p in peaks if p), default=None)
    rows.append(["100k: peak memory (validate, validate + load) ≤ 1.5 GB", mib(peak),
                 _status(None if peak is None else peak <= 1.5 * 1024)])
    neo = big.get("neo4j") or {}
    neo_load = _backend_load_only(neo, big)
    base = (neo.get("merge_baseline") or {}).get("estimated_total_seconds")
    rows.append(["100k: Neo4j load ≥ 30× one-MERGE-per-row", f"{ratio(base, neo_load)}" if base and neo_load
                 else neo.get("skipped") or "–", _status(None if not (base and neo_load) else base / neo_load >= 30)])
    for key, label in BACKENDS:
        ratios = scoped_ratios(big, key)
        rows.append([f"100k, {label}: a canned query with `as_of` within 2× of the same query without",
                     f"slowest {max(ratios):.1f}× ({sum(r <= 2 for r in ratios)} of {len(ratios)} within)"
                     if ratios else "–", _status(None if not ratios else max(ratios) <= 2)])
    exp = exponent((sizes.get("10000", {}).get("load") or {}).get("median"), load, 10_000, 100_000)
    rows.append(["load cost 10k → 100k close to linear (exponent)", f"{exp:.2f}" if exp is not None else "–",
                 _status(None if exp is None else exp <= 1.15)])
    return table(["target", "measured", "status"], rows)


def _backend_load_only(neo: dict, size: dict) -> float | None:
    total = (neo.get("load") or {}).get("median")
    validate = (size.get("validate") or {}).get("median")
    return total - validate if total and validate else None


def machine(results: dict) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m.get("versions", {}).items())
    start, end = results.get("load_average_start"), results.get("load_average_end")
    loads = (f"load average at start {start[0]:.2f}, at end {end[0]:.2f} (1-minute)" if start and end else "")
    return (f"- {m.get('nproc')} CPUs (`nproc`), {m.get('cpu')}, {m.get('memory_gib')} GiB memory\n"
            f"- {m.get('platform')}; Python {m.get('python')}; {m.get('java')}\n"
            f"- {versions}\n- run {results.get('started')} → {results.get('finished')}; {loads}\n")


def startup(results: dict) -> str:
    start = results.get("startup")
    if not start:
        return "Not run.\n"
    out = table(["what", "median (p95)", "peak memory"], [
        ["`cjgraph --help`", cell(start["help"]), mib(start["help"].get("peak_mib"))],
        ["`cjgraph validate` (bundled seeds)", cell(start["validate"]), mib(start["validate"].get("peak_mib"))],
        ["`cjgraph load` (validate + load, bundled seeds)", cell(start["load"]), mib(start["load"].get("peak_mib"))],
    ])
    rows = [[f"`{name}`", cell(s), mib(s.get("peak_mib"))] for name, s in start["queries"].items()]
    return out + "\nEach canned query end to end (`cjgraph query NAME` with its example parameters, a new process " \
                 "each time, table output):\n\n" + table(["query", "median (p95)", "peak memory"], rows)


def scale(results: dict) -> str:
    sizes = results["sizes"]
    rows = []
    for n, s in sizes.items():
        lo = load_only(s)
        rdf = s.get("rdflib_parse") or {}
        rows.append([f"{int(n):,}", f"{s.get('relations', 0):,}", f"{s['triples']:,}" if s.get("triples") else "–",
                     cell(s.get("synth")), cell(s.get("validate")), cell(s.get("load")), secs(lo),
                     mib((s.get("validate") or {}).get("peak_mib")), mib((s.get("load") or {}).get("peak_mib")),
                     f"{secs(rdf.get('wall'))}, {mib(rdf.get('peak_mib'))}" if rdf.get("wall") and not rdf.get("error")
                     else rdf.get("error") or "–", ratio(rdf.get("wall"), (s.get("load") or {}).get("median")),
                     secs((s.get("oxigraph_floor") or {}).get("seconds"))])
    out = table(["entities", "relations", "triples", "synth", "validate", "validate + load", "load only",
                 "peak validate", "peak load", "rdflib parse (peak)", "rdflib ÷ cjgraph",
                 "Oxigraph loader alone"], rows)
    keys = sorted(sizes, key=int)
    lines = []
    for a, b in itertools.pairwise(keys):
        for label, get in (("validate", lambda s: (s.get("validate") or {}).get("median")),
                           ("validate + load", lambda s: (s.get("load") or {}).get("median")),
                           ("load only", load_only)):
            e = exponent(get(sizes[a]), get(sizes[b]), int(a), int(b))
            if e is not None:
                lines.append(f"{label} {int(a):,} → {int(b):,}: exponent {e:.2f}")
    if lines:
        out += "\nMeasured growth, log(t₂/t₁) / log(n₂/n₁) (1.00 = linear):\n\n" + "\n".join(
            f"- {line}" for line in lines) + "\n"
    return out


def queries(results: dict) -> str:
    out = []
    for n, s in results["sizes"].items():
        qs = {k: v for k, v in (s.get("queries") or {}).items() if not k.startswith("_")}
        if not qs:
            continue
        base = s.get("rdflib_queries") or {}
        rows = []
        for name, q in qs.items():
            b = base.get(name) or {}
            theirs = (f"timeout (> {secs(b['timeout'])})" if "timeout" in b else b.get("error")
                      or cell(b) if b else "–")
            speed = (f"> {b['timeout'] / q['median']:.0f}×" if "timeout" in b and q.get("median") else
                     ratio(b.get("median"), q.get("median")))
            params = ", ".join(f"{k}={v}" for k, v in q.get("params", {}).items()) or "–"
            rows.append([f"`{name}`", params, q.get("error") or cell(q), q.get("rows", "–"), theirs, speed])
        proc = s["queries"].get("_process", {})
        out.append(f"### {int(n):,} entities\n\nOne process for all queries (peak {mib(proc.get('peak_mib'))}); each "
                   "query repeated within a time budget, parameters resolved each time as `cjgraph query` does.\n\n"
                   + table(["query", "parameters", "cjgraph median (p95)", "rows", "rdflib in memory",
                            "rdflib ÷ cjgraph"], rows))
    return "\n".join(out) or "Not run.\n"


BACKENDS = (("embedded", "Embedded store"), ("neo4j", "Neo4j"), ("sparql", "SPARQL server"))


def _backend_queries(size: dict, key: str) -> dict:
    holder = size if key == "embedded" else (size.get(key) or {})
    return {k: v for k, v in (holder.get("queries") or {}).items() if not k.startswith("_")}


def scoped_ratios(size: dict, key: str, option: str = "as_of") -> list[float]:
    """Each canned query's median in ``option``'s scope over its plain median, where both ran."""
    return [q[option]["median"] / q["median"] for q in _backend_queries(size, key).values()
            if q.get("median") and (q.get(option) or {}).get("median")]


def scoped(results: dict) -> str:
    out = []
    for n, s in results["sizes"].items():
        for key, label in BACKENDS:
            qs = _backend_queries(s, key)
            if not any("as_of" in q for q in qs.values()):
                continue
            rows = []
            for name, q in qs.items():
                a, b = q.get("as_of") or {}, q.get("said_by") or {}
                rows.append([f"`{name}`", q.get("error") or cell(q), q.get("rows", "–"),
                             a.get("error") or cell(a), a.get("rows", "–"), ratio(a.get("median"), q.get("median")),
                             b.get("error") or cell(b), b.get("rows", "–"), ratio(b.get("median"), q.get("median"))])
            worst = max(scoped_ratios(s, key), default=None)
            out.append(f"### {int(n):,} entities, {label}\n\nSlowest as-of ratio: "
                       f"{f'{worst:.1f}×' if worst else '–'}.\n\n"
                       + table(["query", "plain", "rows", "`as_of`", "rows", "ratio", "`said_by`", "rows", "ratio"],
                               rows))
    return "\n".join(out) or "Not run.\n"


def analytics(results: dict) -> str:
    names: list[str] = []
    for s in results["sizes"].values():
        names += [k for k in (s.get("analytics") or {}) if k not in names]
    rows = []
    for n, s in results["sizes"].items():
        a = s.get("analytics") or {}
        rows.append([f"{int(n):,}", *[cell(a.get(k)) for k in names], cell(s.get("export_json")),
                     cell(s.get("export_nt"))])
    return table(["entities", *[f"`{k}`" for k in names], "`export -f json`", "`export -f nt`"], rows)


def backend_section(results: dict, key: str) -> str:
    rows, out = [], ""
    for n, s in results["sizes"].items():
        b = s.get(key) or {}
        if b.get("skipped"):
            rows.append([f"{int(n):,}", b["skipped"], "", "", ""])
            continue
        qs = {k: v for k, v in (b.get("queries") or {}).items() if not k.startswith("_")}
        meds = [v["median"] for v in qs.values() if v.get("median") is not None]
        lo = _backend_load_only(b, s)
        extra = ""
        if key == "neo4j":
            m = b.get("merge_baseline") or {}
            est = m.get("estimated_total_seconds")
            sample = (f" (extrapolated from {m['entity_rows']} + {m['relation_rows']} rows)"
                      if m.get("extrapolated") else "")
            extra = f"{secs(est)}{sample}; ratio {ratio(est, lo)}" if est else m.get("error", "–")
        rows.append([f"{int(n):,}", cell(b.get("load")), secs(lo),
                     f"{len(meds)} queries: median of medians {secs(sorted(meds)[len(meds) // 2]) if meds else '–'}"
                     f", slowest {secs(max(meds)) if meds else '–'}", extra])
    head = ["entities", "validate + load", "load only", "canned queries"]
    out += table([*head, "one MERGE per row (baseline)" if key == "neo4j" else ""], rows)
    return out


def render(results: dict) -> str:
    parts = [
        "# cjgraph benchmarks\n\n",
        "Written by `make bench` (`python benchmarks/run.py`); every figure below comes from one run on the machine "
        "described, baselines included. Times are wall-clock medians (p95 where a step was repeated); each "
        "cjgraph step runs as the user runs it, in its own process, and its peak memory is that process's "
        "maximum resident set size. Synthetic data: `cjgraph synth --entities N --seed 1` (3 relationships per "
        "entity, kinds and relationships in the proportions of the bundled seeds, every quote checked against "
        "generated source documents), written as JSON Lines seed files.\n\n",
        "## Machine\n\n", machine(results), "\n## Targets\n\n", targets(results),
        "\n## Start-up and the bundled store\n\n", startup(results),
        "\n## Validate and load\n\n", scale(results),
        "\n## Canned queries\n\n", queries(results),
        "\n## path, analyse, viz and export\n\nEnd to end (`cjgraph path publication-000001 person-000001`, "
        "`cjgraph analyse`, `cjgraph viz --focus organisation-000001`, `cjgraph export`), each reading the graph "
        "from the embedded store.\n\n", analytics(results),
        "\n## Answers about the past\n\nEach canned query with its parameters as above, plain (`run_query`), then "
        "as `Graph.as_of(DAY).query` and `Graph.said_by(DAY).query` answer it: the parameters checked to be on "
        "record, then the query with its date filters, answered by the backend itself (cjgraph.datefilters). "
        "DAY is given in the run's arguments below; ratio = scoped median ÷ plain median, in the same "
        "process.\n\n", scoped(results),
        "\n## Neo4j\n\n", backend_section(results, "neo4j"),
        "\n## SPARQL server\n\n", backend_section(results, "sparql"),
        "\n## Notes\n\n", notes(results),
    ]
    return "".join(parts)


def notes(results: dict) -> str:
    lines = [
        "Baselines: *rdflib parse* is `rdflib.Graph().parse()` of the N-Triples that `cjgraph export -f nt` "
        "writes from the loaded store (the same triples), with no validation; *rdflib in memory* runs the same "
        "SPARQL text with the same parameter bindings on that graph, each query stopped at the timeout given.",
        "*validate + load* is `cjgraph load --seeds DIR` (it validates first); *load only* subtracts the "
        "median of `cjgraph validate` on the same folder.",
        "*Oxigraph loader alone* is `Store.bulk_load` of that N-Triples file into a new store plus the same "
        "compaction, all in Rust with no Python per triple and no validation: the floor under cjgraph's load.",
        "Neo4j and the SPARQL server are private instances started by the runner on free ports (the shared test "
        "servers are left alone); the MERGE baseline sends one auto-committed `MERGE` per entity and per "
        "relationship, with the uniqueness constraint in place, for a sample of rows, and scales the rate to all.",
        "Figures depend on what else the machine was doing: see the load averages above.",
        *results.get("notes", []),
    ]
    return "".join(f"- {line}\n" for line in lines)
