"""The `cjgraph` command line: it parses options, calls the library and formats the result.

Heavy libraries (rdflib, pyoxigraph, neo4j, networkx, pyvis, pydantic) are imported inside commands only,
so `cjgraph --help` stays fast. Library errors become clean messages here, in one place.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click

from . import __version__

if TYPE_CHECKING:
    from .errors import LayerHint

# command name -> "module:attribute", imported when the command runs or help lists it
COMMANDS: dict[str, str] = {
    "validate": "cjgraph.commands.data:validate",
    "check": "cjgraph.commands.data:check",
    "load": "cjgraph.commands.data:load",
    "export": "cjgraph.commands.data:export",
    "stats": "cjgraph.commands.data:stats",
    "schema": "cjgraph.commands.data:schema",
    "queries": "cjgraph.commands.ask:list_queries",
    "query": "cjgraph.commands.ask:query",
    "sparql": "cjgraph.commands.ask:sparql",
    "cypher": "cjgraph.commands.ask:cypher",
    "show": "cjgraph.commands.ask:show",
    "search": "cjgraph.commands.ask:search",
    "viz": "cjgraph.commands.views:viz",
    "path": "cjgraph.commands.analysis:path",
    "analyse": "cjgraph.commands.analysis:analyse",
    "synth": "cjgraph.commands.scale:synth",
    "sources": "cjgraph.commands.sources:sources",  # #18: sources add
    "draft": "cjgraph.commands.draft:draft",  # #18: drafts of seeds from a source
    "recheck": "cjgraph.commands.recheck:recheck",  # #18: re-anchor passages in re-captured texts
    "review": "cjgraph.commands.review:review",  # #18: decide a draft's items, on a terminal or from a script
}


class CjgraphCliError(click.ClickException):
    """A library error shown without a traceback, with the library's exit code."""

    def __init__(self, error: Exception, command: click.Command | None = None):
        from .errors import MissingParameterError

        parameter = getattr(error, "parameter", None)  # an API parameter is shown as the option that sets it
        message = f"{_option(parameter, command)}: {error.detail}" if parameter else str(error)
        if isinstance(error, MissingParameterError):
            message += f"; give it with -p {error.name}=VALUE"
        super().__init__(message)
        self.exit_code = getattr(error, "exit_code", 1)
        self.problems = getattr(error, "problems", None)

    def show(self, file=None) -> None:
        if self.problems:
            for problem in self.problems:
                click.echo(problem.text(_hint(problem.hint)), err=True)
            count = len(self.problems)
            click.echo(f"Error: {count} problem{'s' if count != 1 else ''} in the seeds; nothing was loaded.",
                       err=True)
        else:
            click.echo(f"Error: {self.message}", err=True)


def _option(parameter: str, command: click.Command | None = None) -> str:
    """The command-line option that sets an API parameter: ``command``'s option with that name (``kinds``
    is ``--kind`` on ``search``), else the parameter spelt as an option (``as_of`` is ``--as-of``)."""
    for param in command.params if command is not None else ():
        if param.name == parameter and isinstance(param, click.Option):
            return max(param.opts, key=len)
    return "--" + parameter.replace("_", "-")


def _hint(hint: LayerHint | None) -> str | None:
    """A problem's LayerHint in terms of options: add ``--seeds bundled`` before the first ``--seeds``."""
    if hint is None:
        return None
    option = _option(hint.parameter)
    return f"it is in {hint.found_in}: add {option} {hint.layer} before {option} {hint.given[0]}"


class LazyGroup(click.Group):
    """A group whose commands live in other modules and whose library errors are translated here."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx: click.Context):
        from .errors import CjgraphError

        try:
            return super().invoke(ctx)
        except CjgraphError as error:
            command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
            raise CjgraphCliError(error, command) from error


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="cjgraph")
def main():
    """cjgraph: an evidence-backed knowledge graph of UK criminal-justice policy.

    Every entity and relationship carries the verbatim passage of a source document that supports it.
    Start with `cjgraph load`, then `cjgraph queries` and `cjgraph query reviews-citing-acts`.
    """
