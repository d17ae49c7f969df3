#!/usr/bin/env python3
"""cjgraph benchmark runner: `make bench` (or `python benchmarks/run.py`), writes docs/benchmarks.md.

Synthetic seed folders (`cjgraph synth`) at 1k, 10k and 100k entities (3 relationships each) go through
what a user runs, each step a separate process so its peak memory is its own: validate, load into the
embedded store, every canned query (median and p95), path, analyse, viz, export; load into Neo4j and into
a SPARQL server when they can be started here. Baselines measured in the same run: rdflib parsing the same
triples and running the same SPARQL in memory; one MERGE per row for Neo4j.

    python benchmarks/run.py                         all three sizes (about an hour on 2 cores)
    python benchmarks/run.py --sizes 1000,10000      chosen sizes
    python benchmarks/run.py --quick                 a smoke run: tiny size, one repetition, no servers
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import measure, report, servers  # noqa: E402
from benchmarks.measure import Series, cli, repeat, worker  # noqa: E402

#: the day of the scoped query timings: synthetic documents are dated 2000-2023, so about half exist then
SCOPED_DAY = "2012"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def summary(series: Series) -> dict:
    """A series as plain data for the report (and the JSON beside it)."""
    out: dict = {"runs": len(series.values), "median": series.median, "p95": series.p95, "cpu": series.cpu,
                 "peak_mib": series.peak_mib}
    failed = [r for r in series.runs if not r.ok]
    if failed:
        out["error"] = failed[0].failure()
    return out


def plans(synthetic: bool) -> list[dict]:
    """Every canned query with its example parameters; on synthetic data entity parameters name a hub entity."""
    from cjgraph.queries import catalogue
    from cjgraph.vocab import ENTITY_KINDS

    out = []
    for query in catalogue().values():
        item: dict = {"name": query.name, "params": {}, "pick": {}}
        for param in query.params:
            given = query.example.get(param.name)
            if given is None and not param.required:
                continue
            if param.type == "entity" and synthetic:
                item["pick"][param.name] = [f"{k.lower()}-{i:06d}" for i in range(1, 41)
                                            for k in (param.kinds or ENTITY_KINDS)]
            elif given is not None:
                item["params"][param.name] = given
        out.append(item)
    return out


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args, self.quick = args, args.quick
        self.work = Path(args.workdir or tempfile.mkdtemp(prefix="cjgraph-bench-")).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.results: dict = {"started": dt.datetime.now().isoformat(timespec="seconds"),
                              "machine": measure.machine(), "load_average_start": measure.load_average(),
                              "args": {k: v for k, v in vars(args).items() if k != "output"},
                              "sizes": {}, "notes": []}
        self.neo4j: servers.Server | None = None
        self.sparql: servers.Server | None = None

    def reps(self, size: int) -> int:
        return 1 if self.quick or size >= 100_000 else self.args.repeat

    # -- start-up and the bundled store ----------------------------------------------------------------
    def startup(self) -> None:
        log("start-up: cjgraph --help, bundled validate/load, canned queries end to end")
        runs = 3 if self.quick else 15
        out: dict = {"help": summary(repeat(runs, lambda: cli("--help")))}
        store = self.work / "store-bundled"
        reps = 1 if self.quick else 5
        out["validate"] = summary(repeat(reps, lambda: cli("validate")))
        out["load"] = summary(repeat(reps, lambda: cli("load", "--quiet", "--store", str(store))))
        out["queries"] = {}
        for item in plans(synthetic=False):
            argv = ["query", item["name"], "--store", str(store)]
            for key, value in item["params"].items():
                argv += ["-p", f"{key}={value}"]
            out["queries"][item["name"]] = summary(repeat(1 if self.quick else 7, lambda argv=argv: cli(*argv)))
        self.results["startup"] = out

    # -- one size --------------------------------------------------------------------------------------
    def size(self, n: int) -> None:
        res: dict = {"entities": n, "relations": 3 * n}
        self.results["sizes"][str(n)] = res
        seeds, store = self.work / f"seeds-{n}", self.work / f"store-{n}"
        limit = self.args.timeout
        log(f"{n}: synth")
        res["synth"] = summary(repeat(1, lambda: cli("synth", "-n", str(n), "--seed", "1", "-o", str(seeds),
                                                     timeout=limit)))
        if "error" in res["synth"]:
            return
        log(f"{n}: validate")
        res["validate"] = summary(repeat(self.reps(n), lambda: cli("validate", "--seeds", str(seeds),
                                                                   timeout=limit)))
        log(f"{n}: validate + load into the embedded store")
        load = repeat(self.reps(n), lambda: cli("load", "--seeds", str(seeds), "--store", str(store),
                                                timeout=limit))
        res["load"] = summary(load)
        if load.runs and load.runs[-1].ok:
            words = load.runs[-1].stdout.split()
            res["triples"] = int(words[words.index("triples") - 1].rstrip(",")) if "triples" in words else None
        if "error" in res["load"]:
            return
        nt, as_json = self.work / f"graph-{n}.nt", self.work / f"graph-{n}.json"
        if self.args.queries_only:
            log(f"{n}: canned queries on the embedded store")
            res["queries"] = self.queries("embedded", {"store": str(store)}, n)
            self.on_neo4j(n, seeds, res)
            self.on_sparql(n, seeds, res)
            return
        log(f"{n}: export")
        res["export_json"] = summary(repeat(1, lambda: cli("export", "-f", "json", "-o", str(as_json), "--store",
                                                           str(store), timeout=limit)))
        res["export_nt"] = summary(repeat(1, lambda: cli("export", "-f", "nt", "-o", str(nt), "--store",
                                                         str(store), timeout=limit)))
        log(f"{n}: canned queries on the embedded store")
        res["queries"] = self.queries("embedded", {"store": str(store)}, n)
        self.analytics(n, store, res)
        if nt.exists():
            self.rdflib(n, nt, res)
        self.on_neo4j(n, seeds, res)
        self.on_sparql(n, seeds, res)
        if not self.args.keep:
            for path in (nt, as_json):
                path.unlink(missing_ok=True)

    def queries(self, backend: str, options: dict, n: int, light: bool = False) -> dict:
        budget = 2.0 if self.quick else (10.0 if light else 30.0)
        payload = {"backend": backend, "options": options, "plan": plans(synthetic=True),
                   "budget": budget, "max_runs": 2 if self.quick else (3 if light else 7),
                   "min_runs": 1 if self.quick or light else 3, "scoped_day": SCOPED_DAY}
        run, data = worker("queries", payload, timeout=self.args.timeout * 4)
        return {"_process": {"wall": run.wall, "peak_mib": run.peak_mib, "error": None if run.ok else run.failure()},
                **(data or {})}

    def analytics(self, n: int, store: Path, res: dict) -> None:
        limit = self.args.analytics_timeout
        steps = {
            "path": ["path", "publication-000001", "person-000001", "--limit", "3"],
            "analyse components": ["analyse", "--what", "components", "--top", "5"],
            "analyse centrality": ["analyse", "--what", "centrality", "--top", "5"],
            "viz (focus, depth 1)": ["viz", "--focus", "organisation-000001", "--depth", "1", "-o",
                                     str(self.work / f"view-{n}.html")],
        }
        res["analytics"] = {}
        for name, argv in steps.items():
            log(f"{n}: {name}")
            res["analytics"][name] = summary(repeat(self.reps(n), lambda argv=argv: cli(*argv, "--store", str(store),
                                                                                        timeout=limit)))

    def rdflib(self, n: int, nt: Path, res: dict) -> None:
        log(f"{n}: rdflib baseline: parse")
        run, data = worker("rdflib-parse", {"nt": str(nt)}, timeout=self.args.timeout * 2)
        res["rdflib_parse"] = {"wall": run.wall, "seconds": (data or {}).get("seconds"), "cpu": run.cpu,
                               "peak_mib": run.peak_mib, "error": None if run.ok else run.failure()}
        log(f"{n}: Oxigraph's own bulk loader on the same file (the floor)")
        floor = self.work / f"floor-{n}"
        shutil.rmtree(floor, ignore_errors=True)
        run, data = worker("oxigraph-floor", {"nt": str(nt), "store": str(floor)}, timeout=self.args.timeout)
        shutil.rmtree(floor, ignore_errors=True)
        res["oxigraph_floor"] = {"wall": run.wall, "cpu": run.cpu, "peak_mib": run.peak_mib,
                                 **(data or {}), "error": None if run.ok else run.failure()}
        if self.args.no_rdflib_queries:
            return
        log(f"{n}: rdflib baseline: canned queries in memory")
        bindings = {name: q.get("bindings", {}) for name, q in res.get("queries", {}).items()
                    if not name.startswith("_") and "error" not in q}
        payload = {"nt": str(nt), "queries": bindings, "timeout": self.args.rdflib_timeout,
                   "budget": 2.0 if self.quick else 20.0, "max_runs": 2 if self.quick else 5}
        run, data = worker("rdflib-queries", payload, timeout=self.args.timeout * 4 + 40 * self.args.rdflib_timeout)
        res["rdflib_queries"] = data or {"_error": run.failure()}

    # -- servers ------------------------------------------------------------------------------------
    def servers_wanted(self) -> str | None:
        if self.args.no_servers:
            return "skipped (--no-servers)"
        if self.quick and not self.args.servers:
            return "skipped (--quick; add --servers to include them)"
        return None

    def _server(self, key: str, res: dict, start) -> servers.Server | None:
        """The private server ``key`` ("neo4j" or "sparql"), started on first use by ``start``; None, with
        the reason in ``res[key]``, when servers are skipped or this one cannot be had here."""
        skipped = self.servers_wanted()
        if not skipped and getattr(self, key) is None:
            try:
                setattr(self, key, start())
            except (ImportError, servers.Unavailable) as exc:
                setattr(self, key, False)
                self.results[f"{key}_unavailable"] = f"unavailable: {exc}"
        if skipped or getattr(self, key) is False:
            res[key] = {"skipped": skipped or self.results.get(f"{key}_unavailable")}
            return None
        return getattr(self, key)

    def _start_neo4j(self) -> servers.Server:
        import cjgraph.backends.neo4j  # noqa: F401 - the backend under test

        log("starting a private Neo4j server")
        server = servers.start_neo4j(self.work)
        self.results["neo4j_started_in"] = server.started_in
        return server

    def _start_sparql(self) -> servers.Server:
        log("starting a private SPARQL server (oxigraph serve)")
        return servers.start_sparql(self.work)

    def on_neo4j(self, n: int, seeds: Path, res: dict) -> None:
        server = self._server("neo4j", res, self._start_neo4j)
        if server is None:
            return
        uri, password, out = server.address, server.password, {}
        log(f"{n}: Neo4j: validate + load")
        out["load"] = summary(repeat(1, lambda: cli("load", "--backend", "neo4j", "--uri", uri, "--seeds",
                                                    str(seeds), "--quiet", timeout=self.args.timeout,
                                                    env={"NEO4J_PASSWORD": password})))
        log(f"{n}: Neo4j: canned queries")
        out["queries"] = self.queries("neo4j", {"uri": uri, "password": password}, n, light=True)
        if self.args.queries_only:
            res["neo4j"] = out
            return
        log(f"{n}: Neo4j: one-MERGE-per-row baseline")
        run, data = worker("neo4j-merge", {"uri": uri, "password": password, "seeds": str(seeds),
                                           "limit": 300 if self.quick else 1500}, timeout=self.args.timeout * 2)
        out["merge_baseline"] = data or {"error": run.failure()}
        res["neo4j"] = out

    def on_sparql(self, n: int, seeds: Path, res: dict) -> None:
        server = self._server("sparql", res, self._start_sparql)
        if server is None:
            return
        endpoint, out = server.address, {}
        log(f"{n}: SPARQL server: validate + load")
        out["load"] = summary(repeat(1, lambda: cli("load", "--backend", "sparql", "--endpoint", endpoint,
                                                    "--seeds", str(seeds), "--quiet", timeout=self.args.timeout)))
        log(f"{n}: SPARQL server: canned queries")
        out["queries"] = self.queries("sparql", {"endpoint": endpoint}, n, light=True)
        res["sparql"] = out

    def close(self) -> None:
        for server in (self.neo4j, self.sparql):
            if server:
                server.stop()
        if not self.args.keep and not self.args.workdir:
            shutil.rmtree(self.work, ignore_errors=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated entity counts [1000,10000,100000]")
    parser.add_argument("--quick", action="store_true", help="smoke run: 200 entities, one repetition, no servers")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md", help="report to write")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures as JSON here")
    parser.add_argument("--workdir", default=None, help="scratch folder (default: a temporary folder, removed)")
    parser.add_argument("--keep", action="store_true", help="keep seeds, stores and exports in the workdir")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions below 100k entities [3]")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed to one step [1800]")
    parser.add_argument("--analytics-timeout", type=float, default=300, help="seconds for path/analyse/viz [300]")
    parser.add_argument("--rdflib-timeout", type=float, default=30, help="seconds per rdflib query [30]")
    parser.add_argument("--no-rdflib-queries", action="store_true", help="skip the rdflib query baseline")
    parser.add_argument("--servers", action="store_true", help="with --quick: also run Neo4j and SPARQL")
    parser.add_argument("--no-servers", action="store_true", help="skip Neo4j and the SPARQL server")
    parser.add_argument("--queries-only", action="store_true",
                        help="per size: synth, load and the canned queries (plain and scoped) on every backend")
    args = parser.parse_args(argv)
    default = "200" if args.quick else "1000,10000,100000"
    args.sizes = [int(s.replace("_", "")) for s in (args.sizes or default).split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    bench = Bench(args)
    log(f"work folder {bench.work}; sizes {args.sizes}")
    try:
        if not args.queries_only:
            bench.startup()
        for n in args.sizes:
            bench.size(n)
    finally:
        bench.results["load_average_end"] = measure.load_average()
        bench.results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
        bench.close()
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report.render(bench.results), encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps(bench.results, indent=2, default=str) + "\n", encoding="utf-8")
        log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
