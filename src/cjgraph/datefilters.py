"""Scoped questions answered inside the store, in its own language: a canned query's ``#scope:`` lines
(``//scope HOW:`` in Cypher) become date filters over the dates the store derived at load
(``vocab.ON_RECORD``, ``SAID_FROM``, ``FIRST_SAID``, ``FIRST_MENTIONED``; see cjgraph.asof.stored_dates).
Unscoped, they are comments and the query runs exactly as written. In SPARQL, the line before a scope
line ends its triples with ``.``: the scope may add a BIND. The module also answers, in a scope, which
entities are on record, why one is not, and what ``show`` prints of one, from the store.

A line holds clauses separated by ``;``:

- ``holds R``: relation R holds: within its span on ``as_of``; with a passage said by ``said_by``. In
  SPARQL, R is an assertion variable or a triple ``?s KIND|KIND ?o`` of relation kinds (``?d cites|about
  ?act``), checked through the assertion whose IRI the store built from its ends (vocab.relation_path).
- ``said P``: passage P comes from a document said by ``said_by`` (SPARQL: an evidence variable;
  Cypher: ``r i``, the i-th passage of relationship or node ``r``; a null ``r`` passes).
- ``alive X Y``: the entities exist on ``as_of`` and are said by ``said_by`` (by a passage of their own,
  or of a relation that holds and touches them), what ``Graph.resolve`` accepts.
- ``kept X``: alive, or the far end of a succession that holds (NOMS in a chain after 2017).
- ``chain X A REL``: X is A, or an end of a REL relation that holds. A chain's reach is traced over the
  whole graph (a path cannot be filtered link by link in SPARQL); this keeps out a member that no link
  in scope joins, and every link shown holds.

A relation that holds has both ends on record (a succession its successor), so queries mark the entities
they reach without a relation. In Cypher, ``HOW`` attaches the condition: ``where`` (a clause without a
WHERE), ``and`` (continuing one), ``with`` (a ``WITH * WHERE`` of its own), or ``said-by instead``: the
line's text replaces the line above when ``said_by`` is given, with ``{said_by}`` as the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UsageError
from .vocab import (
    ASSERTION_NS,
    DCT,
    ENTITY_NS,
    FIRST_MENTIONED,
    FIRST_SAID,
    ON_RECORD,
    ONTOLOGY,
    RDF,
    RELATIONS,
    SAID_FROM,
    XSD,
    entity_iri,
)

if TYPE_CHECKING:
    from .asof import Scope

_SPARQL_LINE = re.compile(r"^(?P<indent>\s*)#scope:\s*(?P<body>.*)$")
_CYPHER_LINE = re.compile(r"^(?P<indent>\s*)//scope (?P<how>where|and|with|said-by instead):\s*(?P<body>.*)$")
_SUBJECT, _OBJECT = (f"<{RDF}{p}>" for p in ("subject", "object"))
_SUCCEEDS = f"<{ONTOLOGY}succeeds>"

#: a query for which of the entities ``IDS`` are on record in a scope: a row ``x`` for each that is
ON_RECORD_CHECK = {"sparql": "SELECT ?x WHERE {\n  VALUES ?x { IDS }\n#scope: alive ?x\n}",
                   "cypher": "UNWIND [IDS] AS id\nMATCH (x:Entity {id: id})\n//scope where: alive x\n"
                             "RETURN x.id AS x"}


#: why entity ``IDS`` (one) is not on record: its written and derived dates, then each dated document with a passage
#: about it (its own, or of a relationship of it)
WHY_NOT = {
    "sparql": (
        "SELECT ?start ?end ?date ?from ?until WHERE { VALUES ?x { IDS } "
        f"OPTIONAL {{ ?x <{ONTOLOGY}existsFrom> ?start }} OPTIONAL {{ ?x <{ONTOLOGY}existsUntil> ?end }} "
        f"OPTIONAL {{ ?x <{DCT}date> ?date }} "
        f"OPTIONAL {{ ?x <{ON_RECORD[0].rdf}> ?from }} OPTIONAL {{ ?x <{ON_RECORD[1].rdf}> ?until }} }}",
        f"SELECT DISTINCT ?doc ?docdate WHERE {{ {{ IDS <{ONTOLOGY}evidence> ?ev }} "  # bound: by index
        f"UNION {{ ?a {_SUBJECT} IDS ; <{ONTOLOGY}evidence> ?ev }} "
        f"UNION {{ ?a {_OBJECT} IDS ; <{ONTOLOGY}evidence> ?ev }} "
        f"?ev <{ONTOLOGY}document> ?d . ?d <{DCT}identifier> ?doc ; <{DCT}date> ?docdate }}"),
    "cypher": (
        "MATCH (x:Entity {id: IDS}) RETURN x.exists_from AS start, x.exists_until AS end, x.date AS date, "
        f"x.{ON_RECORD[0].neo4j} AS from, x.{ON_RECORD[1].neo4j} AS until",
        "MATCH (x:Entity {id: IDS}) OPTIONAL MATCH (x)-[r]-(:Entity) WITH x, collect(r) AS rels "
        "UNWIND [x] + rels AS item UNWIND coalesce(item.evidence_documents, []) AS doc WITH DISTINCT doc "
        "MATCH (s:Source {id: doc}) WHERE s.date IS NOT NULL RETURN s.id AS doc, s.date AS docdate"),
}


def why_not_texts(dialect: str, entity_id: str) -> tuple[str, str]:
    """``WHY_NOT`` for one entity id."""
    return tuple(with_ids(dialect, text, [entity_id]) for text in WHY_NOT[dialect])


#: the derived spans of entities ``IDS``, and every source document's id and date
NEIGHBOURHOOD = {
    "sparql": ("SELECT ?x ?from ?until WHERE { VALUES ?x { IDS } "
               f"OPTIONAL {{ ?x <{ON_RECORD[0].rdf}> ?from }} OPTIONAL {{ ?x <{ON_RECORD[1].rdf}> ?until }} }}",
               f"SELECT ?id ?date WHERE {{ ?s a <{ONTOLOGY}SourceDocument> ; <{DCT}identifier> ?id "
               f"OPTIONAL {{ ?s <{DCT}date> ?date }} }}"),
    "cypher": (f"UNWIND [IDS] AS id MATCH (x:Entity {{id: id}}) RETURN x.id AS x, x.{ON_RECORD[0].neo4j} AS from, "
               f"x.{ON_RECORD[1].neo4j} AS until",
               "MATCH (s:Source) RETURN s.id AS id, s.date AS date"),
}


def dated_view(backend, entity_id: str, scope: Scope) -> dict:
    """What ``show`` prints of an entity in ``scope`` (``explore.entity_view``): the backend's indexed
    neighbourhood, dated by cjgraph.asof with the spans the store derived from the whole graph and the
    dates of the source documents, without a copy of the graph."""
    from .asof import scoped
    from .dates import earliest_day
    from .explore import entity_view
    from .model import Source

    data = backend.neighbourhood(entity_id)
    dialect, ids = backend.dialect.name, sorted(data.entities)
    spans_text, sources_text = NEIGHBOURHOOD[dialect]
    spans = {i: (None, None) for i in ids}
    for row in backend.run(with_ids(dialect, spans_text, ids), {}).rows:
        spans[row_id(row["x"])] = tuple(earliest_day(str(row[k])) if row.get(k) else None for k in ("from", "until"))
    if scope.said_by is not None:  # which documents count by then: only the record by a day needs them
        for row in backend.run(sources_text, {}).rows:
            date = str(row["date"]) if row.get("date") else None
            data.sources[str(row["id"])] = Source.model_construct(id=str(row["id"]), date=date)
    return entity_view(scoped(data, scope, spans), entity_id)


def with_ids(dialect: str, text: str, ids: list[str]) -> str:
    """``text`` with ``IDS`` written as the entities ``ids``, slugs (checked, so they can be written into a
    query): IRIs in SPARQL, strings in Cypher."""
    from .vocab import SLUG_RE

    bad = [i for i in ids if not SLUG_RE.match(i)]
    if bad:
        raise UsageError(f"not an entity id: {bad[0]!r}")
    terms = " ".join(f"<{entity_iri(i)}>" for i in ids) if dialect == "sparql" else ", ".join(f"'{i}'" for i in ids)
    return text.replace("IDS", terms)


def row_id(value: object) -> str:
    """The entity id of a value these queries return for ``x``: an entity IRI (SPARQL) or an id (Cypher)."""
    return str(value).rsplit("/", 1)[-1]


def on_record_in_store(backend, ids, scope: Scope) -> set[str]:
    """Those of ``ids`` that ``backend`` holds on record in ``scope``: one query per 500 ids."""
    found, dialect, ids = set(), backend.dialect, list(dict.fromkeys(ids))
    for start in range(0, len(ids), 500):
        text = dialect.scoped(dialect.on_record_check(ids[start:start + 500]), scope)
        found.update(row_id(row["x"]) for row in backend.run(text, {}).rows)
    return found


def on_record_check(dialect: str, ids: list[str]) -> str:
    """``ON_RECORD_CHECK`` for ``ids``."""
    return with_ids(dialect, ON_RECORD_CHECK[dialect], ids)


def sparql(text: str, scope: Scope) -> str:
    """``text`` with its ``#scope:`` lines written as SPARQL patterns and filters for ``scope``."""
    return _expand(text, _SPARQL_LINE, _Sparql(scope))


def cypher(text: str, scope: Scope) -> str:
    """``text`` with its ``//scope HOW:`` lines written as Cypher conditions for ``scope``."""
    return _expand(text, _CYPHER_LINE, _Cypher(scope))


@dataclass(frozen=True)
class Test:
    """A condition, and the patterns that bind its variables (SPARQL: joins on the derived dates, made
    before filtering, which Oxigraph answers by index where an EXISTS would scan)."""

    condition: str
    patterns: tuple[str, ...] = ()


def _expand(text: str, pattern: re.Pattern, writer: _Writer) -> str:
    if not writer.scope:
        return text
    out: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = pattern.match(line)
        if not match:
            out.append(line)
            continue
        how, body = match.groupdict().get("how"), match["body"]
        if how == "said-by instead":
            if writer.scope.said_by is not None:
                out[-1] = match["indent"] + body.replace("{said_by}", writer.said_day)
            continue
        tests = [t for clause in body.split(";") if clause.strip() for t in writer.clause(clause, number)]
        if tests:
            out.append(match["indent"] + writer.attach(tests, how))
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


class _Writer:
    """The tests of one scope in one language; fresh variable names numbered per query."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.count = 0
        self.as_of_day = self.day(scope.as_of) if scope.as_of else ""
        self.said_day = self.day(scope.said_by) if scope.said_by else ""

    def fresh(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def clause(self, clause: str, number: int) -> list[Test]:
        word, *args = clause.split()
        arity = {"holds": (1, 3), "said": (1, 2), "alive": None, "kept": None, "chain": (3,)}
        if word not in arity or not args or (arity[word] and len(args) not in arity[word]):
            raise UsageError(f"line {number}: cannot read scope clause {clause.strip()!r}")
        if word == "holds":
            return self.holds(args)
        if word == "chain":
            return [self.either(self.same(args[0], args[1]), self.touched(args[0], args[2]))]
        if word == "said":
            return [self.passage(args)] if self.scope.said_by else []
        return [t for var in args for t in self.entity(var, kept=word == "kept")]

    def holds(self, args: list[str]) -> list[Test]:
        tests = [self.in_span(args[0])] if self.scope.as_of else []
        return tests + ([self.said_first(args[0], FIRST_SAID)] if self.scope.said_by else [])

    def entity(self, var: str, kept: bool) -> list[Test]:
        tests = []
        if self.scope.as_of:
            tests.append(self.either(self.in_span(var), self.far_end(var)) if kept else self.in_span(var))
        if self.scope.said_by:
            tests.append(self.said_first(var, FIRST_MENTIONED))
            if self.scope.as_of:  # mentioned by a relation of the whole graph: one of the world on as_of?
                tests.append(self.either(self.said_first(var, FIRST_SAID, optional=True), self.touched(var)))
        return tests

    def either(self, a: Test, b: Test) -> Test:
        return Test(f"({a.condition} {self.OR} {b.condition})", a.patterns + b.patterns)

    OR = "OR"

    def day(self, value) -> str: ...
    def attach(self, tests: list[Test], how: str | None) -> str: ...
    def in_span(self, var: str) -> Test: ...
    def said_first(self, var: str, field, optional: bool = False) -> Test: ...
    def passage(self, args: list[str]) -> Test: ...
    def far_end(self, var: str) -> Test: ...
    def touched(self, var: str, kind: str = "") -> Test: ...
    def same(self, a: str, b: str) -> Test: ...


class _Sparql(_Writer):
    """Every test an expression over single triples of a bound subject (Oxigraph answers those by index;
    OPTIONAL and multi-triple EXISTS patterns it evaluates apart and joins, measured 10-100x slower); a
    relation given as a triple is found by its assertion's IRI, computed from its ends."""

    OR = "||"

    def day(self, value) -> str:
        return f'"{value.isoformat()}"^^<{XSD}date>'

    def attach(self, tests: list[Test], how: str | None) -> str:
        binds = " ".join(p for t in tests for p in t.patterns)
        return (binds + " " if binds else "") + f"FILTER({' && '.join(t.condition for t in tests)})"

    def _one(self, subject: str, prop: str, test: str) -> str:
        v = self.fresh("?cj_v")
        return f"EXISTS {{ {subject} {prop} {v} FILTER({v} {test}) }}"

    def in_span(self, var: str) -> Test:
        first, last = (f"<{field.rdf}>" for field in ON_RECORD)
        return Test(f"(!{self._one(var, first, '> ' + self.as_of_day)} && "
                    f"!{self._one(var, last, '< ' + self.as_of_day)})")

    def said_first(self, var: str, field, optional: bool = False) -> Test:
        return Test(self._one(var, f"<{field.rdf}>", "<= " + self.said_day))

    def passage(self, args: list[str]) -> Test:  # the store gives each dated passage its document's day
        return Test(self._one(args[0], f"<{SAID_FROM.rdf}>", "<= " + self.said_day))

    def assertion(self, subject: str, kind: str, obj: str) -> str:
        """An expression for the IRI of the assertion of relation ``subject kind obj`` (vocab.relation_path)."""
        if kind not in RELATIONS:
            raise UsageError(f"unknown relation kind {kind!r} in a scope clause")
        ids = [f'STRAFTER(STR({v}), "{ENTITY_NS}")' for v in (subject, obj)]
        return f'IRI(CONCAT("{ASSERTION_NS}", {ids[0]}, "/{kind}/", {ids[1]}))'

    def held(self, a: str) -> str:
        return " && ".join(t.condition for t in super().holds([a])) or "true"

    def holds(self, args: list[str]) -> list[Test]:
        if len(args) == 1:
            return super().holds(args)
        subject, kinds, obj = args[0], args[1].split("|"), args[2]
        if len(kinds) == 1:  # the query matched the triple: its assertion exists
            a = self.fresh("?cj_assertion")
            return [Test("true", (f"BIND({self.assertion(subject, kinds[0], obj)} AS {a})",)), *super().holds([a])]
        tests = []
        for kind in kinds:  # one of the kinds, whose assertion exists, holds
            a = self.fresh("?cj_assertion")
            exists = f"EXISTS {{ {a} <{RDF}type> <{ONTOLOGY}Assertion> }}"
            tests.append(Test(f"({exists} && {self.held(a)})", (f"BIND({self.assertion(subject, kind, obj)} AS {a})",)))
        result = tests[0]
        for test in tests[1:]:
            result = self.either(result, test)
        return [result]

    def far_end(self, var: str) -> Test:
        later, a = self.fresh("?cj_later"), self.fresh("?cj_assertion")
        return Test(f"EXISTS {{ {later} {_SUCCEEDS} {var} . BIND({self.assertion(later, 'succeeds', var)} AS {a}) "
                    f"FILTER({self.in_span(a).condition}) }}")

    def touched(self, var: str, kind: str = "") -> Test:
        if kind:  # either way round
            other, a = self.fresh("?cj_other"), self.fresh("?cj_assertion")
            prop = f"<{ONTOLOGY}{RELATIONS[kind].property_name}>"
            sides = [f"{{ {var} {prop} {other} . BIND({self.assertion(var, kind, other)} AS {a}) }}",
                     f"{{ {other} {prop} {var} . BIND({self.assertion(other, kind, var)} AS {a}) }}"]
            return Test(f"EXISTS {{ {' UNION '.join(sides)} FILTER({self.held(a)}) }}")
        a = self.fresh("?cj_assertion")
        return Test(f"EXISTS {{ {{ {a} {_SUBJECT} {var} }} UNION {{ {a} {_OBJECT} {var} }} FILTER({self.held(a)}) }}")

    def same(self, a: str, b: str) -> Test:
        return Test(f"{a} = {b}")


class _Cypher(_Writer):
    def day(self, value) -> str:
        return f"'{value.isoformat()}'"

    def attach(self, tests: list[Test], how: str | None) -> str:
        joined = " AND ".join(t.condition for t in tests)
        return {"where": f"WHERE {joined}", "and": f"AND ({joined})"}.get(how or "", f"WITH * WHERE {joined}")

    def in_span(self, var: str) -> Test:
        (f, u), a = (field.neo4j for field in ON_RECORD), self.as_of_day
        return Test(f"(({var}.{f} IS NULL OR {var}.{f} <= {a}) AND ({var}.{u} IS NULL OR {a} <= {var}.{u}))")

    def said_first(self, var: str, field, optional: bool = False) -> Test:
        return Test(f"{var}.{field.neo4j} <= {self.said_day}")  # null (never said): not true

    def passage(self, args: list[str]) -> Test:
        r, i, days, b = *args, SAID_FROM.neo4j, self.said_day
        return Test(f"({r} IS NULL OR ({r}.{days}[{i}] <> '' AND {r}.{days}[{i}] <= {b}))")

    def far_end(self, var: str) -> Test:
        t = self.fresh("cj_rel")
        return Test(f"EXISTS {{ MATCH (:Entity)-[{t}:SUCCEEDS]->({var}) WHERE {self.in_span(t).condition} }}")

    def touched(self, var: str, kind: str = "") -> Test:
        t = self.fresh("cj_rel")
        typed = f":{kind}" if kind else ""
        held = " AND ".join(test.condition for test in self.holds([t])) or "true"
        return Test(f"EXISTS {{ MATCH ({var})-[{t}{typed}]-(:Entity) WHERE {held} }}")

    def same(self, a: str, b: str) -> Test:
        return Test(f"{a} = {b}")
