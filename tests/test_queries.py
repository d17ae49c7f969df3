"""The canned question catalogue: headers, golden results on the bundled seeds, answers recomputed from the
dataset, parameter errors through the CLI and injection-proof binding.

Regenerate the golden files with ``CJGRAPH_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_queries.py``
(then review them by eye).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from cjgraph import vocab
from cjgraph.cli import main
from cjgraph.dates import earliest_day, parse_as_of
from cjgraph.errors import NotFoundError
from cjgraph.output import to_json
from cjgraph.queries import catalogue, close_entities, run_query
from cjgraph.vocab import DOCUMENT_KINDS, ENTITY_KINDS
from cjgraph.vocab import RELATION_KINDS as RELATIONS

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("CJGRAPH_REGEN_GOLDEN") == "1"
QUERIES = catalogue()
NAMES = sorted(QUERIES)
REQUIRED = {"reviews-citing-acts", "act-document-table", "document-cites", "documents-about", "recommendations-by",
            "recommendations-to", "recommendations-about", "recommendations-unaddressed", "partners-of",
            "partnership-members", "joint-publications", "reform-timeline", "briefings-between",
            "succession-chain", "co-citation"}


def _args(name: str, params: dict[str, str] | None = None) -> list[str]:
    params = QUERIES[name].example if params is None else params
    return ["query", name, *[a for k, v in params.items() for a in ("-p", f"{k}={v}")]]


def _rows(backend, name: str, params: dict[str, str] | None = None) -> list[dict]:
    return run_query(backend, name, QUERIES[name].example if params is None else params).as_dicts()


# -- the catalogue -----------------------------------------------------------------------------------


def test_catalogue_covers_the_issue():
    assert len(QUERIES) >= 15
    assert set(QUERIES) >= REQUIRED


@pytest.mark.parametrize("name", NAMES)
def test_header_declares_everything(name):
    query = QUERIES[name]
    assert query.title and query.description
    declared = {p.name for p in query.params}
    assert set(query.example) <= declared, "example uses an undeclared parameter"
    assert {p.name for p in query.params if p.required} <= set(query.example), "example misses a required parameter"
    for param in query.params:
        assert param.doc, f"parameter {param.name} has no '-- description'"
        assert set(param.kinds) <= set(ENTITY_KINDS)
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", query.text("sparql").split("WHERE", 1)[1]), "parameter unused"
    assert "ORDER BY" in query.text("sparql")


@pytest.mark.parametrize("name", NAMES)
def test_parses_as_standard_sparql(name):
    """A second, independent SPARQL 1.1 parser (rdflib) accepts every query: no Oxigraph extensions."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(QUERIES[name].text("sparql"))


# -- golden results ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_golden(name, embedded):
    result = run_query(embedded, name, QUERIES[name].example)
    text = to_json(result.columns, result.as_dicts())
    path = GOLDEN / f"{name}.json"
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with CJGRAPH_REGEN_GOLDEN=1"
    golden = path.read_text(encoding="utf-8")
    assert text == golden
    rows = json.loads(golden)
    assert rows, f"the example of {name} gives no answer on the bundled seeds"
    assert list(rows[0]) == result.columns
    assert not set(result.columns) & {p.name for p in QUERIES[name].params if p.type != "string"}


@pytest.mark.parametrize("name", NAMES)
def test_cli_json_is_the_golden(name, runner):
    result = runner.invoke(main, [*_args(name), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / f"{name}.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reversed_store(bundled_dataset):
    """The bundled dataset loaded in the opposite order: ties left to the store would come out differently."""
    from cjgraph.backends.embedded import EmbeddedBackend
    from cjgraph.model import Dataset

    ds = bundled_dataset
    flipped = Dataset(dict(reversed(ds.entities.items())), list(reversed(ds.relations)),
                      dict(reversed(ds.sources.items())))
    store = EmbeddedBackend(memory=True)
    store.load(flipped)
    return store


@pytest.mark.parametrize("name", NAMES)
def test_totally_ordered(name, reversed_store):
    rows = _rows(reversed_store, name)
    assert rows == json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    keys = [json.dumps(row) for row in rows]
    assert len(set(keys)) == len(keys), "duplicate rows"


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_other_formats(fmt, runner):
    result = runner.invoke(main, [*_args("partners-of"), "-f", fmt])
    assert result.exit_code == 0, result.output
    rows = json.loads((GOLDEN / "partners-of.json").read_text(encoding="utf-8"))
    if fmt == "csv":
        assert result.stdout.splitlines()[0] == ",".join(rows[0])
    elif fmt == "markdown":
        assert result.stdout.startswith("**Partners of an organisation**")
    else:
        assert result.stdout.rstrip().endswith(f"{len(rows)} rows")
    assert rows[0]["partner"].split()[0] in result.stdout


def test_optional_parameter_left_out_ranges_over_all(embedded):
    every = _rows(embedded, "reviews-citing-acts", {})
    one = _rows(embedded, "reviews-citing-acts")
    assert one and set(map(json.dumps, one)) < set(map(json.dumps, every))


# -- answers recomputed from the dataset -------------------------------------------------------------


def test_act_document_table_counts_passages(embedded, bundled_dataset):
    ds = bundled_dataset
    counts: Counter = Counter()
    kinds: dict = {}
    for r in ds.relations:
        if r.kind in ("cites", "about") and ds.entities[r.target].kind == "Act" \
                and ds.entities[r.source].kind in DOCUMENT_KINDS and _counted(ds, {r.target}):
            counts[(r.target, r.source)] += len(r.evidence)
            kinds.setdefault((r.target, r.source), set()).add(r.kind)
    rows = _rows(embedded, "act-document-table", {})
    assert {(r["act_id"], r["document_id"]): r["passages"] for r in rows} == dict(counts)
    for row in rows:
        assert isinstance(row["passages"], int)
        got = {k for k in ("cites", "about") if row[k] == "yes"}
        assert got == kinds[(row["act_id"], row["document_id"])]


def _linked(ds, kinds, *, target=None, source=None, of_kind=None):
    """Relations of ``kinds`` into ``target`` (or out of ``source``) whose other end is of ``of_kind``."""
    return [r for r in ds.relations if r.kind in kinds and (target is None or r.target == target)
            and (source is None or r.source == source)
            and (of_kind is None or ds.entities[r.source if target else r.target].kind in of_kind)]


def _counted(ds, ids) -> set[str]:
    """Leave out what the recommendation and Acts questions do not count: summaries of recommendations made
    elsewhere (``type: summary``) and statutory instruments (see vocab.KIND_TYPES)."""
    return {i for i in ids if ds.entities[i].type not in (vocab.SUMMARY, vocab.STATUTORY_INSTRUMENT)}


def _joint(ds, ex) -> set[str]:
    return {r.source for r in _linked(ds, ["published_by"], target=ex["a"])} & {
        r.source for r in _linked(ds, ["published_by"], target=ex["b"])}


# query -> (expected set from the dataset and the example parameters, the same key from a result row)
FROM_DATASET = {
    "recommendations-to": (lambda ds, ex: _counted(ds, {r.source for r in _linked(ds, ["addressed_to"],
                                                                                  target=ex["to"])}),
                           lambda row: row["recommendation_id"]),
    "recommendations-about": (lambda ds, ex: _counted(ds, {r.source for r in _linked(
        ds, ["about"], target=ex["subject"], of_kind=["Recommendation"])}),
                              lambda row: row["recommendation_id"]),
    "recommendations-by": (lambda ds, ex: _counted(ds, {r.target for r in _linked(ds, ["recommends"],
                                                                                  source=ex["by"])}),
                           lambda row: row["recommendation_id"]),
    "partnership-members": (lambda ds, ex: {(r.source, r.kind) for r in _linked(
        ds, ["partner_in", "member_of"], target=ex["partnership"], of_kind=["Organisation", "Person"])}
        | {(r.target, r.kind) for r in _linked(ds, ["led_by"], source=ex["partnership"],
                                               of_kind=["Organisation", "Person"])},
        lambda row: (row["member_id"], row["relation"])),
    "reform-timeline": (lambda ds, ex: {(r.target, r.kind, "out") for r in _linked(ds, RELATIONS, source=ex["reform"])}
                        | {(r.source, r.kind, "in") for r in _linked(ds, RELATIONS, target=ex["reform"])},
                        lambda row: (row["entity_id"], row["relation"], row["direction"])),
    "evidence-from": (lambda ds, ex: {(r.source, r.kind, r.target, e.quote) for r in ds.relations
                                      for e in r.evidence if e.document == ex["document"]},
                      lambda row: (row["subject_id"], row["relation"], row["object_id"], row["quote"])),
    "publications-by": (lambda ds, ex: {(r.source, r.kind) for r in _linked(
        ds, ["published_by", "commissioned_by", "led_by"], target=ex["by"], of_kind=DOCUMENT_KINDS)},
        lambda row: (row["document_id"], row["relation"])),
    "document-cites": (lambda ds, ex: {(r.target, r.kind) for r in _linked(
        ds, ["cites", "about", "responds_to", "mentions"], source=ex["document"])},
        lambda row: (row["target_id"], row["relation"])),
    "reviews-citing-acts": (lambda ds, ex: {(r.source, r.kind, e.quote) for r in _linked(
        ds, ["cites", "about"], target=ex["act"], of_kind=DOCUMENT_KINDS) for e in r.evidence},
        lambda row: (row["document_id"], row["relation"], row["quote"])),
    "documents-about": (lambda ds, ex: {(r.source, r.kind, e.quote) for r in _linked(
        ds, ["cites", "about", "responds_to", "mentions"], target=ex["subject"], of_kind=DOCUMENT_KINDS)
        for e in r.evidence},
        lambda row: (row["document_id"], row["relation"], row["quote"])),
    "recommendations-unaddressed": (lambda ds, ex: _counted(ds, {r.target for r in _linked(
        ds, ["recommends"], source=ex["by"])} - {r.source for r in ds.relations if r.kind == "addressed_to"}),
                                    lambda row: row["recommendation_id"]),
    "joint-publications": (lambda ds, ex: {(r.source, r.target) for r in _linked(ds, ["published_by"])
                                           if r.target in (ex["a"], ex["b"]) and r.source in _joint(ds, ex)},
                           lambda row: (row["document_id"], row["publisher_id"])),
}


@pytest.mark.parametrize("name", sorted(FROM_DATASET))
def test_answer_recomputed_from_the_dataset(name, embedded, bundled_dataset):
    expected, key = FROM_DATASET[name]
    want = expected(bundled_dataset, QUERIES[name].example)
    assert want, f"the example of {name} should have an answer"
    assert {key(row) for row in _rows(embedded, name)} == want


def test_documents_about_oldest_first(embedded):
    rows = _rows(embedded, "documents-about")
    starts = [earliest_day(r["date"]) for r in rows if r["date"]]
    assert starts == sorted(starts) and all(r["date"] is None for r in rows[len(starts):]), "undated last"


def test_succession_chain(embedded, bundled_dataset):
    import networkx as nx

    ds = bundled_dataset
    chain = nx.Graph()
    kinds = ("succeeds", "responds_to")
    chain.add_edges_from((r.source, r.target) for r in ds.relations if r.kind in kinds)
    start = QUERIES["succession-chain"].example["entity"]
    members = nx.node_connected_component(chain, start)
    expected = {(r.source, r.kind, r.target) for r in ds.relations if r.kind in kinds and r.source in members}
    rows = _rows(embedded, "succession-chain")
    assert {(r["later_id"], r["relation"], r["earlier_id"]) for r in rows} == expected
    assert len(expected) >= 2


def test_co_citation_counts_shared_documents(embedded, bundled_dataset):
    ds = bundled_dataset
    subject = QUERIES["co-citation"].example["subject"]
    targets: dict[str, set[str]] = {}
    for r in ds.relations:
        if r.kind in ("cites", "about") and ds.entities[r.source].kind in DOCUMENT_KINDS:
            targets.setdefault(r.source, set()).add(r.target)
    shared: Counter = Counter()
    for cited in targets.values():
        if subject in cited:
            for other in cited - {subject}:
                if ds.entities[other].kind in ("Act", "Review", "Strategy") and _counted(ds, {other}):
                    shared[other] += 1
    rows = _rows(embedded, "co-citation")
    assert {r["co_cited_id"]: r["shared"] for r in rows} == dict(shared)
    assert Counter(r["co_cited_id"] for r in rows) == shared


def test_briefings_between(embedded, bundled_dataset):
    example = QUERIES["briefings-between"].example
    low, high = earliest_day(example["from"]), parse_as_of(example["to"])
    params = {"from": example["from"], "to": example["to"]}
    briefings = {e.id: e.topics for e in bundled_dataset.entities.values()
                 if e.kind == "Publication" and e.type and "briefing" in e.type.lower() and e.date
                 and low <= earliest_day(e.date) <= high}
    rows = _rows(embedded, "briefings-between", params)  # one row per briefing, its topics gathered
    assert {(r["briefing_id"], r["topic"]) for r in rows} == {(k, "; ".join(sorted(t)) or None)
                                                               for k, t in briefings.items()}
    one = _rows(embedded, "briefings-between")
    assert {r["topic"] for r in one} == {example["topic"]}
    assert {r["briefing_id"] for r in one} == {k for k, t in briefings.items() if example["topic"] in t}


# -- as of a date ------------------------------------------------------------------------------------


def test_as_of_leaves_out_later_records(runner, bundled_dataset):
    from datetime import date

    from cjgraph.asof import world_on as as_of

    dated = sorted(earliest_day(s.date) for s in bundled_dataset.sources.values() if s.date)
    before = date(dated[-1].year - 1, 12, 31)
    kept = as_of(bundled_dataset, before)
    result = runner.invoke(main, [*_args("reviews-citing-acts", {}), "--as-of", before.isoformat(), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    keys = {(r.target, r.source, r.kind) for r in kept.relations}
    assert all((r["act_id"], r["document_id"], r["relation"]) in keys for r in rows)
    assert all(r["source"] in kept.sources for r in rows if r["source"] and "://" not in r["source"])
    assert all(r["source"] for r in rows), "a passage is never shown without its source document"
    early = runner.invoke(main, [*_args("recommendations-by"), "--as-of", "1800"])
    assert early.exit_code == 0, early.output  # Clinks, undated, exists; none of its recommendations did yet
    assert early.stdout.splitlines()[0].strip() == "As of 1800-12-31" and early.stdout.endswith("\n0 rows\n")


# -- parameter errors --------------------------------------------------------------------------------


def _error(runner, args: list[str]) -> str:
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, "one line"
    return result.stderr


ERRORS = [
    (["query", "partner-of"],
     f"unknown query 'partner-of'; did you mean partners-of? (available: {', '.join(QUERIES)})"),
    (["query", "partners-of"],
     f"query 'partners-of' needs parameter 'org' ({QUERIES['partners-of'].params[0].describe()}); "
     "give it with -p org=VALUE"),
    (["query", "partners-of", "-p", "org=clinks", "-p", "colour=red"],
     "query 'partners-of' has no parameter 'colour' (parameters: org)"),
    (["query", "partners-of", "-p", "org=clinks", "-p", "org=nacro"], "parameter 'org' is given more than once"),
    (["query", "partners-of", "-p", "clinks"], "parameter 'clinks' is not of the form key=value"),
    (["query", "partners-of", "-p", "org=clinks", "--as-of", "2017-02-30"],
     "--as-of: impossible date '2017-02-30': February 2017 has no day 30"),
    *[(["query", "briefings-between", "-p", f"from={value}"], f"parameter from: {reason}") for value, reason in [
        ("2015-13", "impossible date '2015-13': month 13 does not exist"),
        ("2015-02-30", "impossible date '2015-02-30': February 2015 has no day 30"),
        ("last year", "expected a date like 2017, 2017-09 or 2017-09-08, got 'last year'"),
        ("1066", "implausible date '1066': before 1800")]],
]


@pytest.mark.parametrize(("args", "message"), ERRORS)
def test_usage_errors(runner, args, message):
    assert _error(runner, args) == f"Error: {message}\n"


def test_unknown_entity_suggests_close_matches(runner, embedded):
    close = close_entities(embedded, "Clinkz", ("Organisation",))
    assert close[0] == "clinks"
    expected = "Error: no Organisation matches 'Clinkz'; did you mean " + ", ".join(map(repr, close)) + "?\n"
    assert _error(runner, ["query", "partners-of", "-p", "org=Clinkz"]) == expected


def test_entity_of_the_wrong_kind(embedded):
    with pytest.raises(NotFoundError) as caught:
        run_query(embedded, "partners-of", {"org": "transforming-rehabilitation"})
    assert caught.value.value == "transforming-rehabilitation"
    assert all(ref.kind == "Organisation" for ref in embedded.entity_index() if ref.id in caught.value.suggestions)


def test_names_and_aliases_resolve(embedded, bundled_dataset):
    moj = bundled_dataset.entities["ministry-of-justice"]
    by_id = _rows(embedded, "recommendations-to", {"to": "ministry-of-justice"})
    assert by_id == _rows(embedded, "recommendations-to", {"to": moj.name.upper()})
    for alias in moj.aliases:
        assert by_id == _rows(embedded, "recommendations-to", {"to": alias})


# -- injection ---------------------------------------------------------------------------------------

PAYLOADS = ['accommodation" } UNION { ?b ?p ?o } #', "accommodation' . ?b ?p ?topic . #", "} UNION { ?s ?p ?o }",
            "{ }", "accommodation\n} DELETE WHERE { ?s ?p ?o", "<https://w3id.org/cjgraph/id/clinks>",
            "accommodation\u200b", "ac\u00e7ommodation \u2014 \U0001f600", "?topic"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_string_parameter_is_data(embedded, payload):
    before = embedded.triple_count()
    rows = _rows(embedded, "briefings-between", {"topic": payload})
    assert rows == []
    assert embedded.triple_count() == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_entity_parameter_is_data(runner, embedded, payload):
    before = embedded.triple_count()
    with pytest.raises(NotFoundError) as caught:
        run_query(embedded, "partners-of", {"org": payload})
    assert caught.value.value == payload
    message = _error(runner, ["query", "partners-of", "-p", f"org={payload}"])
    assert message.startswith(f"Error: no Organisation matches {payload!r}")
    assert embedded.triple_count() == before


# -- ad-hoc SPARQL -----------------------------------------------------------------------------------


def test_sparql_command_formats_and_as_of(runner, bundled_dataset):
    text = "PREFIX cj: <https://w3id.org/cjgraph/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?s a cj:Act }"
    result = runner.invoke(main, ["sparql", text, "-f", "json"])
    acts = sum(e.kind == "Act" for e in bundled_dataset.entities.values())
    assert (result.exit_code, json.loads(result.stdout)) == (0, [{"n": acts}])
    early = runner.invoke(main, ["sparql", text, "-f", "csv", "--as-of", "1800"])
    assert early.exit_code == 0 and early.stdout.splitlines()[0] == "n"
    assert int(early.stdout.splitlines()[1]) <= acts


def test_gathered_columns_keep_each_name_beside_its_id():
    from cjgraph.queries import gather_rows

    rows = [{"r": "R", "q": "p1", "by": "Zeta", "by_id": "a-zeta"}, {"r": "R", "q": "p1", "by": "Alpha", "by_id": "z"},
            {"r": "R", "q": "p2", "by": None, "by_id": None}, {"r": "S", "q": "p1", "by": "Alpha", "by_id": "z"}]
    assert gather_rows(["r", "q", "by", "by_id"], rows, ("by", "by_id")) == [
        {"r": "R", "q": "p1", "by": "Alpha; Zeta", "by_id": "z; a-zeta"},
        {"r": "R", "q": "p2", "by": None, "by_id": None},
        {"r": "S", "q": "p1", "by": "Alpha", "by_id": "z"}]


def test_a_recommendation_made_by_a_body_and_its_document_is_one_row(embedded, bundled_dataset):
    rows = run_query(embedded, "recommendations-to", {"to": "ministry-of-justice"}).rows
    keys = [(r["recommendation_id"], r["quote"], r["source"]) for r in rows]
    assert len(keys) == len(set(keys)), "one row per recommendation and passage"
    makers = {r.source for r in bundled_dataset.relations
              if r.kind == "recommends" and r.target == "rec-clinks-2013-break-down-reoffending-rates-by-area"}
    row = next(r for r in rows if r["recommendation_id"] == "rec-clinks-2013-break-down-reoffending-rates-by-area")
    assert row["made_by_id"].split("; ") == sorted(makers, key=lambda m: bundled_dataset.entities[m].name)
