"""Commands that ask the graph questions: queries, query, sparql, cypher, show, search."""

from __future__ import annotations

from pathlib import Path

import click

from .common import as_of_option, emit, emit_rows, format_options, parse_as_of_value, with_backend


@click.command("queries")
@format_options
def list_queries(fmt, output):
    """List the canned questions with their parameters."""
    from ..queries import catalogue

    rows = [{"name": q.name, "title": q.title, "parameters": "; ".join(p.describe() for p in q.params) or "-",
             "example": " ".join(f"{k}={v}" for k, v in q.example.items())}
            for q in catalogue().values()]
    emit_rows(["name", "title", "parameters", "example"], rows, fmt, output)


@click.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter; entity parameters accept an id, a name or an alias. Repeatable.")
@as_of_option
@format_options
@with_backend
def query(name, params, as_of, fmt, output, backend):
    """Run the canned question NAME (see `cjgraph queries`)."""
    from ..asof import scoped
    from ..queries import get_query, parse_param_pairs, run_query

    canned = get_query(name)
    given = parse_param_pairs(params)
    when = parse_as_of_value(as_of)
    result = run_query(scoped(backend, when), name, given)
    emit_rows(result.columns, result.rows, fmt, output, title=canned.title if fmt != "table" else None)


def _read_text_arg(text: str) -> str:
    path = Path(text)
    if len(text) < 4096 and "\n" not in text and path.suffix in (".rq", ".sparql", ".cypher", ".cql") \
            and path.is_file():
        return path.read_text(encoding="utf-8")
    return text


@click.command()
@click.argument("query_text", metavar="QUERY|FILE")
@as_of_option
@format_options
@with_backend
def sparql(query_text, as_of, fmt, output, backend):
    """Run an ad-hoc SPARQL SELECT against the graph (text or a .rq file)."""
    from ..asof import scoped
    from ..errors import UsageError

    target = scoped(backend, parse_as_of_value(as_of))
    if target.query_language != "sparql":
        raise UsageError(f"the {backend.name} backend does not speak SPARQL; use `cjgraph cypher`")
    result = target.run(_read_text_arg(query_text), {})
    emit_rows(result.columns, result.rows, fmt, output)


@click.command()
@click.argument("query_text", metavar="QUERY|FILE")
@format_options
@with_backend
def cypher(query_text, fmt, output, backend):
    """Run an ad-hoc Cypher query against Neo4j (text or a .cypher file)."""
    from ..errors import UsageError

    if backend.query_language != "cypher":
        raise UsageError("`cjgraph cypher` needs --backend neo4j")
    result = backend.run(_read_text_arg(query_text), {})
    emit_rows(result.columns, result.rows, fmt, output)


@click.command()
@click.argument("ident", metavar="ID|NAME|ALIAS")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_backend
def show(ident, fmt, output, backend):
    """Show an entity, its evidence and its relationships both ways."""
    from ..explore import evidence_text, show_entity
    from ..output import render

    info = show_entity(backend, ident)
    if fmt == "json":
        import json

        emit(json.dumps(info, ensure_ascii=False, indent=2) + "\n", output)
        return
    entity = info["entity"]
    fields = [{"field": k, "value": "; ".join(v) if isinstance(v, list) else v}
              for k, v in entity.items() if k != "evidence"]
    fields.append({"field": "defined at", "value": info["defined_at"]})
    evidence = [{"document": e.get("document") or e.get("url"), "quote": e.get("quote")} for e in entity["evidence"]]
    relations = [{"": "->" if r["direction"] == "out" else "<-", "relation": r["relation"], "kind": r["other_kind"],
                  "entity": f"{r['other']} ({r['other_id']})", "evidence": evidence_text(r["evidence"])}
                 for r in info["relations"]]
    emit("\n".join([
        render(["field", "value"], fields, fmt, title=f"{entity['name']} ({entity['kind']})"),
        render(["document", "quote"], evidence, fmt, title="Evidence"),
        render(["", "relation", "kind", "entity", "evidence"], relations, fmt, title="Relationships"),
    ]), output)


@click.command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, help="Only entities of this kind (repeatable).")
@format_options
@with_backend
def search(text, kinds, fmt, output, backend):
    """Find entities whose id, name or alias contains TEXT (case- and accent-insensitive)."""
    from ..explore import search_entities

    rows = search_entities(backend, text, tuple(kinds))
    emit_rows(["id", "kind", "name", "aliases"], rows, fmt, output)
