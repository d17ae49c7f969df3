"""Commands that analyse the graph as a network: path and analyse."""

from __future__ import annotations

import click

from ..api import ANALYSES, PATH_LIMIT
from ..vocab import ENTITY_KINDS
from .common import answer_options, graph_command, with_dated_graph


@graph_command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--max-hops", type=click.IntRange(min=1), default=None, help="Longest chain to look for.")
@click.option("--via", "via", multiple=True, type=click.Choice(ENTITY_KINDS, case_sensitive=False), metavar="KIND",
              help="Only pass through entities of this kind (repeatable; the ends may be any kind).")
@click.option("--avoid", multiple=True, metavar="ID|NAME|ALIAS",
              help="Keep this entity out of every chain, e.g. a hub such as clinks (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=PATH_LIMIT, show_default=True,
              help="How many shortest chains to show.")
@answer_options
@with_dated_graph
def path(source, target, max_hops, via, avoid, limit, fmt, output, present, graph):
    """Shortest chains between entities A and B (ids, names or aliases): a row per hop with its relation,
    the direction it runs (forward: from -> to; backward: to -> from) and its evidence passages.

    Relationships are followed in either direction.
    """
    answer = graph.path(source, target, max_hops=max_hops, via=via, avoid=avoid, limit=limit + 1)
    more = any(row["path"] > limit for row in answer.rows)  # one more chain asked for: did --limit cut any?
    answer.rows = [row for row in answer.rows if row["path"] <= limit]
    answer.params["limit"] = str(limit)  # as asked (one more chain was looked for)
    present(answer, title=fmt != "table")
    if more:
        click.echo(f"more shortest chains than the {limit} shown: --limit N shows more", err=True)


@graph_command()
@click.option("--what", type=click.Choice(ANALYSES), default="centrality", show_default=True,
              help="centrality: degree and betweenness per entity, ranked within its kind; communities: "
                   "modularity groups; components: connected components.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(ENTITY_KINDS, case_sensitive=False), metavar="KIND",
              help="Only entities of this kind (repeatable).")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="Centrality: the first N of each kind; communities/components: the first N groups.")
@answer_options
@with_dated_graph
def analyse(what, kinds, top, fmt, output, present, graph):
    """Network analytics: the most connected entities, communities and connected components."""
    present(graph.analyse(what, kinds=kinds, top=top), title=fmt != "table")
