"""Commands that ask the graph questions: queries, query, sparql, cypher, show, search."""

from __future__ import annotations

from pathlib import Path

import click

from .common import emit, format_options, graph_command, with_dated_graph


@click.command("queries")
@format_options
def list_queries(fmt, output):
    """List the canned questions with their parameters."""
    from ..api import questions

    emit(questions().render(fmt, title=False), output)


@graph_command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter; entity parameters accept an id, a name or an alias. Repeatable.")
@format_options
@with_dated_graph
def query(name, params, fmt, output, graph):
    """Run the canned question NAME (see `cjgraph queries`)."""
    from ..queries import parse_param_pairs

    answer = graph.query(name, parse_param_pairs(params))
    emit(answer.render(fmt, title=fmt != "table"), output)


@graph_command()
@click.argument("query_text", metavar="QUERY|FILE")
@format_options
@with_dated_graph
def sparql(query_text, fmt, output, graph):
    """Run an ad-hoc SPARQL SELECT against the graph (text or a .rq file)."""
    emit(graph.sparql(query_text).render(fmt), output)


@graph_command()
@click.argument("query_text", metavar="QUERY|FILE")
@format_options
@with_dated_graph
def cypher(query_text, fmt, output, graph):
    """Run an ad-hoc Cypher query against Neo4j (text or a .cypher file)."""
    emit(graph.cypher(query_text).render(fmt), output)


@graph_command()
@click.argument("ident", metavar="ID|NAME|ALIAS")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_dated_graph
def show(ident, fmt, output, graph):
    """Show an entity, its evidence and its relationships both ways."""
    emit(graph.show(ident).render(fmt), output)


@graph_command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, help="Only entities of this kind (repeatable).")
@format_options
@with_dated_graph
def search(text, kinds, fmt, output, graph):
    """Find entities whose id, name or alias contains TEXT (case- and accent-insensitive)."""
    emit(graph.search(text, kinds).render(fmt, title=False), output)
