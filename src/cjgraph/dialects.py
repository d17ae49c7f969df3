"""Query languages: one Dialect each picks a canned query's text, binds typed parameters and names
syntax errors the same way on every backend that speaks it.

A backend declares its dialect (``Backend.dialect``); no caller branches on the language. Parameter values
arrive checked and converted by ``cjgraph.queries`` (entity ids, partial dates, whole numbers, strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import earliest_day, parse_as_of
from .errors import QuerySyntaxError, UsageError

if TYPE_CHECKING:
    from .asof import Scope

#: parameter types a canned query may declare (see cjgraph.queries)
PARAM_TYPES = ("entity", "string", "date", "date_end", "int")


@dataclass(frozen=True)
class Dialect:
    """A query language: its name as people write it, its canned-query file suffix (and the other suffixes
    its query files use) and its binding."""

    name: str
    label: str
    suffix: str
    other_suffixes: tuple[str, ...] = ()

    def query_text(self, text: str) -> str:
        """``text``, or the content of the query file it names (``.rq``/``.sparql``, ``.cypher``/``.cql``)."""
        from pathlib import Path

        path = Path(text)
        if len(text) < 4096 and "\n" not in text and path.suffix in (self.suffix, *self.other_suffixes):
            if path.is_file():
                return path.read_text(encoding="utf-8")
            if not any(c in text for c in " {}()"):
                raise UsageError(f"no query file {text!r} (give the query text, or the path of an existing file)")
        return text

    def bind(self, value: object, kind: str) -> object:
        """One parameter value as the backend's driver expects it, by its declared type."""
        raise NotImplementedError

    def bind_all(self, params: dict[str, object], types: dict[str, str] | None = None) -> dict[str, object]:
        """Every bound (not None) parameter, by its declared type (``string`` when undeclared)."""
        types = types or {}
        return {name: self.bind(value, types.get(name, "string")) for name, value in params.items()
                if value is not None}

    def scoped(self, text: str, scope: Scope) -> str:
        """``text`` answering in ``scope`` inside the store: its scope lines as filters (cjgraph.datefilters)."""
        from . import datefilters

        return getattr(datefilters, self.name)(text, scope)

    def on_record_check(self, ids: list[str]) -> str:
        """A query with a row ``x`` for each of the entities ``ids`` on record in the scope it is ``scoped`` to."""
        from .datefilters import on_record_check

        return on_record_check(self.name, ids)

    def syntax_error(self, detail: str) -> QuerySyntaxError:
        """The one error every backend raises for a query it cannot parse."""
        first = (detail.strip().splitlines() or ["(no detail)"])[0]
        return QuerySyntaxError(f"{self.label} syntax error: {first}")


class _Sparql(Dialect):
    def bind(self, value: object, kind: str) -> object:
        """An RDF term (pyoxigraph), serialised escaped into a VALUES block by the backends."""
        from pyoxigraph import Literal, NamedNode

        from .vocab import entity_iri

        xsd = "http://www.w3.org/2001/XMLSchema#"
        if kind == "entity":
            return NamedNode(entity_iri(str(value)))
        if kind == "date":
            return Literal(earliest_day(str(value)).isoformat(), datatype=NamedNode(xsd + "date"))
        if kind == "date_end":
            return Literal(parse_as_of(str(value)).isoformat(), datatype=NamedNode(xsd + "date"))
        if kind == "int":
            return Literal(str(int(value)), datatype=NamedNode(xsd + "integer"))
        return Literal(str(value))


class _Cypher(Dialect):
    def bind(self, value: object, kind: str) -> object:
        """A Bolt value: dates as ISO strings (the graph stores them so), whole numbers as int."""
        if kind == "date":
            return earliest_day(str(value)).isoformat()
        if kind == "date_end":
            return parse_as_of(str(value)).isoformat()
        if kind == "int":
            return int(value)
        return str(value)


SPARQL: Dialect = _Sparql("sparql", "SPARQL", ".rq", (".sparql",))
CYPHER: Dialect = _Cypher("cypher", "Cypher", ".cypher", (".cql",))
DIALECTS: dict[str, Dialect] = {d.name: d for d in (SPARQL, CYPHER)}
