"""Every canned question gives the same rows on Neo4j (the .cypher twin) as on the embedded store (the .rq).

The golden tests in test_backends.py check each query with its example parameters only; here each query
runs with a handful of parameter values derived from the bundled dataset (chosen deterministically: the
example, the best-connected entities of the declared kinds, the least-connected one -- which usually gives
no rows --, dates across the dataset's range, common and absent topics) and with its optional parameters
left out, and the Neo4j rows must equal the embedded rows: same columns, same values, same order.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cjgraph.backends.neo4j import Neo4jBackend
from cjgraph.queries import CannedQuery, catalogue, run_query

ENTITY_PICKS = 4  # best-connected entities per entity parameter (plus the least-connected one)


@pytest.fixture(scope="module")
def neo4j(neo4j_server, bundled_dataset):
    """A Neo4j backend holding the bundled dataset, loaded once for the module."""
    backend = Neo4jBackend(neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"],
                           neo4j_server["database"])
    backend.load(bundled_dataset)
    yield backend
    backend.close()


@pytest.fixture()
def neo4j_loaded(neo4j, bundled_dataset):
    """The module's Neo4j backend, reloaded if something else replaced its graph meanwhile (a shared server)."""
    expected = (len(bundled_dataset.entities), len(bundled_dataset.relations))
    if neo4j.node_and_relationship_counts() != expected:
        neo4j.load(bundled_dataset)
    return neo4j


def _degrees(dataset) -> Counter:
    degree: Counter = Counter()
    for rel in dataset.relations:
        degree[rel.source] += 1
        degree[rel.target] += 1
    return degree


def _entity_values(dataset, kinds: tuple[str, ...]) -> list[str]:
    """The best-connected entities of the kinds, then the least connected one (ties broken by id)."""
    degree = _degrees(dataset)
    ids = sorted((e.id for e in dataset.entities.values() if not kinds or e.kind in kinds),
                 key=lambda i: (-degree[i], i))
    return list(dict.fromkeys(ids[:ENTITY_PICKS] + ids[-1:]))


def _date_values(dataset) -> list[str]:
    """Dates across the dataset's range, at every precision: earliest year, a month, a day, latest year."""
    dates = sorted({e.date for e in dataset.entities.values() if e.date})
    years = sorted({d[:4] for d in dates})
    months = [d for d in dates if len(d) == 7]
    days = [d for d in dates if len(d) == 10]
    picks = [years[0], years[len(years) // 2], years[-1]]
    picks += months[len(months) // 2:len(months) // 2 + 1] + days[len(days) // 2:len(days) // 2 + 1]
    return list(dict.fromkeys(picks))


def _string_values(dataset) -> list[str]:
    """The most and least common topic keywords, and one nothing has."""
    counts = Counter(t for e in dataset.entities.values() for t in e.topics)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    return list(dict.fromkeys(ranked[:2] + ranked[-1:] + ["no-such-topic"]))


def _values(dataset, param) -> list[str]:
    if param.type == "entity":
        return _entity_values(dataset, param.kinds)
    if param.type in ("date", "date_end"):
        return _date_values(dataset)
    if param.type == "int":
        return ["0", "1", "5", "100"]
    return _string_values(dataset)


def parameter_sets(query: CannedQuery, dataset) -> list[dict[str, str]]:
    """The example; the example without each optional parameter and without all of them; then each
    parameter in turn set to each derived value, on top of the example and on top of the required
    example values only."""
    example = dict(query.example)
    required = {k: v for k, v in example.items() if any(p.name == k and p.required for p in query.params)}
    sets = [example, required]
    for param in query.params:
        if not param.required:
            sets.append({k: v for k, v in example.items() if k != param.name})
    for param in query.params:
        for value in _values(dataset, param):
            sets.append({**example, param.name: value})
            sets.append({**required, param.name: value})
    unique = {json.dumps(s, sort_keys=True): s for s in sets}
    return [s for s in unique.values() if all(p.name in s for p in query.params if p.required)]


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_cypher_twin_gives_the_rows_of_the_sparql_query(name, embedded, neo4j_loaded, bundled_dataset):
    query = catalogue()[name]
    assert "cypher" in query.texts, f"queries/{name}.cypher is missing"
    problems, rows_seen = [], 0
    for params in parameter_sets(query, bundled_dataset):
        expected = run_query(embedded, name, params)
        got = run_query(neo4j_loaded, name, params)
        rows_seen += len(expected.rows)
        if got.columns != expected.columns:
            problems.append(f"{params}: columns {got.columns} != {expected.columns}")
        elif got.as_dicts() != expected.as_dicts():
            first = next((i for i, (a, b) in enumerate(zip(got.as_dicts(), expected.as_dicts(), strict=False))
                          if a != b), min(len(got.rows), len(expected.rows)))
            problems.append(f"{params}: {len(got.rows)} rows on neo4j, {len(expected.rows)} embedded; "
                            f"first difference at row {first}")
    assert not problems, f"{name}: the Cypher twin differs from the SPARQL query:\n" + "\n".join(problems)
    assert rows_seen, f"{name}: no parameter set gave any row, so the comparison proves nothing"
