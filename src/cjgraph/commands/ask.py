"""Commands that ask the graph questions: queries, query, sparql, cypher, show, search."""

from __future__ import annotations

import click

from .common import answer_options, emit, format_options, graph_command, with_dated_graph


@click.command("queries")
@answer_options
def list_queries(fmt, output, present):
    """List the canned questions with their parameters."""
    from ..api import questions

    present(questions(), title=False)


@graph_command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter; entity parameters accept an id, a name or an alias. Repeatable.")
@answer_options
@with_dated_graph
def query(name, params, fmt, output, present, graph):
    """Run the canned question NAME (see `cjgraph queries`)."""
    from ..queries import parse_param_pairs

    present(graph.query(name, parse_param_pairs(params)), title=fmt != "table")


@graph_command()
@click.argument("query_text", metavar="QUERY|FILE")
@answer_options
@with_dated_graph
def sparql(query_text, fmt, output, present, graph):
    """Run an ad-hoc SPARQL SELECT against the graph (text or a .rq file)."""
    present(graph.sparql(query_text))


@graph_command()
@click.argument("query_text", metavar="QUERY|FILE")
@answer_options
@with_dated_graph
def cypher(query_text, fmt, output, present, graph):
    """Run an ad-hoc Cypher query against Neo4j (text or a .cypher file)."""
    present(graph.cypher(query_text))


@graph_command()
@click.argument("ident", metavar="ID|NAME|ALIAS")
@format_options(formats=("table", "json", "markdown", "html"))
@with_dated_graph
def show(ident, fmt, output, graph):
    """Show an entity, its evidence and its relationships both ways."""
    emit(graph.show(ident).render(fmt), output)


@graph_command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, help="Only entities of this kind (repeatable).")
@answer_options
@with_dated_graph
def search(text, kinds, fmt, output, present, graph):
    """Find entities whose id, name or alias contains TEXT (case- and accent-insensitive)."""
    present(graph.search(text, kinds), title=False)
