"""Commands that analyse the graph as a network: path and analyse."""

from __future__ import annotations

import click

from ..api import ANALYSES
from ..vocab import ENTITY_KINDS
from .common import answer_options, graph_command, with_dated_graph


@graph_command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--max-hops", type=click.IntRange(min=1), default=None, help="Longest chain to look for.")
@click.option("--via", "via", multiple=True, type=click.Choice(ENTITY_KINDS, case_sensitive=False), metavar="KIND",
              help="Only pass through entities of this kind (repeatable; the ends may be any kind).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many shortest chains to show.")
@answer_options
@with_dated_graph
def path(source, target, max_hops, via, limit, fmt, output, present, graph):
    """Shortest chains between entities A and B (ids, names or aliases), each hop with its evidence.

    Relationships are followed in either direction; each hop shows the relationship's true direction.
    """
    present(graph.path(source, target, max_hops=max_hops, via=via, limit=limit), title=fmt != "table")


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
