"""The catalogue of canned questions: one ``queries/NAME.rq`` file each (plus a ``NAME.cypher`` twin).

A query file starts with a header of comment lines::

    # title: Documents that cite or discuss Acts
    # description: Every review, briefing, report or strategy that cites or is about an Act.
    # param act: entity(Act) optional -- restrict to one Act (id, name or alias)
    # param from: date = 1900 -- earliest date
    # example: act=offender-rehabilitation-act-2014

Parameter types: ``entity(KIND,...)``, ``string``, ``date`` (earliest day of a partial date),
``date_end`` (latest day), ``int``. A parameter has a default (``= VALUE``), is ``optional`` (unbound
when omitted: the query then ranges over every value) or is required. ``# gather: a b`` joins the values of
columns ``a`` and ``b`` of rows otherwise equal into one row (see ``gather_rows``). ``# grid: ROW COLUMN VALUE...``
declares how the answer is shown as a grid (cjgraph.pivot).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .dates import parse_partial_date
from .dialects import DIALECTS, PARAM_TYPES, Dialect
from .errors import MissingParameterError, NotFoundError, UsageError
from .names import fold
from .resources import queries_dir

if TYPE_CHECKING:
    from .answers import Answer
    from .asof import Scope

_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s*:\s*(?P<type>" + "|".join(sorted(PARAM_TYPES, key=len, reverse=True)) + ")"
    r"(?:\((?P<kinds>[A-Za-z, ]+)\))?\s*"
    r"(?:(?P<optional>optional)|=\s*(?P<default>[^-][^ ]*?))?\s*(?:--\s*(?P<doc>.*))?$"
)
HIDDEN_PARAM_TYPES = ("entity", "date", "date_end")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    kinds: tuple[str, ...] = ()
    default: str | None = None
    optional: bool = False
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def describe(self) -> str:
        kind = f"{self.type}({', '.join(self.kinds)})" if self.kinds else self.type
        when = "optional" if self.optional else f"default {self.default}" if self.default else "required"
        return f"{self.name}: {kind}, {when}" + (f" -- {self.doc}" if self.doc else "")


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    example: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    gather: tuple[str, ...] = ()  # columns whose values for otherwise equal rows are gathered into one row
    grid: tuple[str, ...] = ()  # how to show the answer as a grid: row column value... (cjgraph.pivot)

    def text(self, dialect: Dialect | str) -> str:
        """The query's text in ``dialect`` (its ``NAME.rq`` or twin file)."""
        dialect = DIALECTS[dialect] if isinstance(dialect, str) else dialect
        try:
            return self.texts[dialect.name]
        except KeyError:
            raise UsageError(f"query {self.name!r} has no {dialect.label} version "
                             f"(expected {self.name}{dialect.suffix})") from None

    @property
    def param_types(self) -> dict[str, str]:
        return {p.name: p.type for p in self.params}


def parse_query_file(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its twins; raise UsageError naming the line of a bad header."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    example: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, _, value = line[1:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if key.startswith("param "):
            match = _PARAM.match(key[len("param "):] + ": " + value)
            if not match:
                raise UsageError(f"{path}:{number}: cannot read parameter declaration {line!r}")
            kinds = tuple(k.strip() for k in (match["kinds"] or "").split(",") if k.strip())
            params.append(Param(match["name"], match["type"], kinds, match["default"], bool(match["optional"]),
                                (match["doc"] or "").strip()))
        elif key == "example":
            example = dict(pair.split("=", 1) for pair in value.split() if "=" in pair)
        elif key in ("gather", "grid"):
            meta[key] = value
        elif key in ("title", "description"):
            meta[key] = (meta.get(key, "") + " " + value).strip()
    if "title" not in meta:
        raise UsageError(f"{path}:1: query file has no '# title:' header")
    texts = {}
    for dialect in DIALECTS.values():
        twin = path.with_suffix(dialect.suffix)
        if twin.exists():
            texts[dialect.name] = text if twin == path else twin.read_text(encoding="utf-8")
    return CannedQuery(path.stem, meta["title"], meta.get("description", ""), tuple(params), example, texts,
                       tuple(meta.get("gather", "").split()), tuple(meta.get("grid", "").split()))


def questions_answer() -> Answer:
    """The catalogue as an answer: each question's name, title, parameters and example."""
    from .answers import Answer

    rows = [{"name": q.name, "title": q.title, "parameters": "; ".join(p.describe() for p in q.params) or "-",
             "example": " ".join(f"{k}={v}" for k, v in q.example.items())} for q in catalogue().values()]
    return Answer(["name", "title", "parameters", "example"], rows, "Canned questions")


@cache
def _catalogue(folder: Path) -> dict[str, CannedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def catalogue(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query by name."""
    return _catalogue((folder or queries_dir()).resolve())


def get_query(name: str, folder: Path | None = None) -> CannedQuery:
    queries = catalogue(folder)
    if name not in queries:
        close = difflib.get_close_matches(name, list(queries), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown query {name!r}{hint} (available: {', '.join(queries)})")
    return queries[name]


def parse_param_pairs(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["k=v", ...]`` (as typed on a command line) into a mapping."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"parameter {pair!r} is not of the form key=value")
        if key.strip() in values:
            raise UsageError(f"parameter {key.strip()!r} is given more than once")
        values[key.strip()] = value
    return values


def bind_params(query: CannedQuery, given: dict[str, str], backend, resolved: frozenset[str] = frozenset()
                ) -> dict[str, object]:
    """Check given parameters against the declaration and resolve entity names to ids (except the entity
    parameters named in ``resolved``, whose values are ids already)."""
    declared = {p.name: p for p in query.params}
    extra = sorted(set(given) - set(declared))
    if extra:
        choices = ", ".join(declared) or "none"
        raise UsageError(f"query {query.name!r} has no parameter {extra[0]!r} (parameters: {choices})")
    bound: dict[str, object] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None or value == "":
            if param.required:
                raise MissingParameterError(f"query {query.name!r} needs parameter {param.name!r} "
                                            f"({param.describe()})", param.name)
            bound[param.name] = None
            continue
        bound[param.name] = value if param.name in resolved else _convert(query, param, value, backend)
    return bound


def _convert(query: CannedQuery, param: Param, value: str, backend) -> object:
    if param.type == "entity":
        return resolve_entity(backend, value, param.kinds)
    if param.type in ("date", "date_end"):
        try:
            return parse_partial_date(value, today=_far_future())
        except ValueError as exc:
            raise UsageError(f"parameter {param.name}: {exc}") from None
    if param.type == "int":
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"parameter {param.name}: expected a whole number, got {value!r}") from None
    return value


def resolve_entity(backend, value: str, kinds: tuple[str, ...] = ()) -> str:
    """An entity id from an id, a name or an alias; NotFoundError with close matches otherwise."""
    what = " or ".join(kinds) if kinds else "entity"
    matches = [ref for ref in backend.lookup(value) if not kinds or ref.kind in kinds]
    if len(matches) == 1:
        return matches[0].id
    if len(matches) > 1:
        options = ", ".join(f"{m.id} ({m.kind})" for m in matches[:5])
        raise UsageError(f"{value!r} names several entities: {options}; give an id")
    raise NotFoundError(what, value, close_entities(backend, value, kinds))


def close_entities(backend, value: str, kinds: tuple[str, ...] = (), n: int = 3) -> list[str]:
    """Ids of the entities whose id, name or alias is closest to ``value`` (case- and accent-insensitive)."""
    labels: dict[str, str] = {}
    for ref in backend.entity_index():
        if kinds and ref.kind not in kinds:
            continue
        for label in (ref.id, ref.name, *ref.aliases):
            labels.setdefault(fold(label), ref.id)
    close = difflib.get_close_matches(fold(value), list(labels), n=n * 3, cutoff=0.5)
    return list(dict.fromkeys(labels[c] for c in close))[:n]


def _far_future():
    from datetime import date
    return date.max


def run_query(backend, name: str, params: dict[str, str] | None = None, *, folder: Path | None = None,
              scope: Scope | None = None, resolved: frozenset[str] = frozenset()):
    """Run a canned query by name on a backend with ``key=value`` parameters; returns a Result. With a
    ``scope``, the backend answers it in that scope itself (see cjgraph.datefilters).

    A query may project its parameter variables (the bundled ones do); the columns of ``entity``, ``date``
    and ``date_end`` parameters (entity IRIs, bound dates) are dropped from the result here, while
    ``string`` and ``int`` ones stay as data.
    """
    query = get_query(name, folder)
    bound = bind_params(query, params or {}, backend, resolved)
    text = query.text(backend.dialect)
    if scope:
        text = backend.dialect.scoped(text, scope)
    result = backend.run(text, bound, query.param_types)
    hidden = {p.name for p in query.params if p.type in HIDDEN_PARAM_TYPES}
    if hidden & set(result.columns):
        result.columns = [c for c in result.columns if c not in hidden]
        result.rows = [{k: v for k, v in row.items() if k not in hidden} for row in result.rows]
    if query.gather:
        result.rows = gather_rows(result.columns, result.rows, query.gather)
    return result


def gather_rows(columns: list[str], rows: list[dict], names: tuple[str, ...]) -> list[dict]:
    """One row per combination of the other columns (in order of first appearance), the values of ``names``
    joined with "; " and sorted together (a maker's name stays beside its id): a recommendation made by a
    body and by its document is one row, not two."""
    keys = [c for c in columns if c not in names]
    groups: dict[tuple, set[tuple]] = {}
    for row in rows:
        values = groups.setdefault(tuple(row.get(c) for c in keys), set())
        if any(row.get(n) is not None for n in names):
            values.add(tuple(row.get(n) for n in names))
    out = []
    for key, values in groups.items():
        ordered = sorted(values, key=lambda v: tuple("" if x is None else str(x) for x in v))
        row = dict(zip(keys, key, strict=True))
        for i, name in enumerate(names):
            found = [str(v[i]) for v in ordered if v[i] is not None]
            row[name] = "; ".join(found) if found else None
        out.append({c: row[c] for c in columns})
    return out
