"""Options and helpers shared by the CLI commands. Only click is imported here, to keep start-up fast."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import click

FORMATS = ("table", "json", "csv", "markdown")
BACKEND_NAMES = ("embedded", "neo4j", "sparql")


def seeds_option(func):
    return click.option(
        "--seeds", "seeds", multiple=True, metavar="DIR",
        help="Seed folder to use; repeat to layer folders in order. 'bundled' names the shipped seeds "
             "(the default when no --seeds is given).",
    )(func)


def backend_options(func):
    """--backend plus the connection options of every backend (each backend ignores the others)."""
    options = [
        click.option("--backend", type=click.Choice(BACKEND_NAMES), default=None, envvar="CJGRAPH_BACKEND",
                     help="Where the graph lives [default: embedded; env CJGRAPH_BACKEND]."),
        click.option("--store", type=click.Path(path_type=Path), default=None,
                     help="Embedded store folder [env CJGRAPH_STORE; default ~/.local/share/cjgraph/store]."),
        click.option("--uri", default=None, help="Neo4j URI [env NEO4J_URI; default bolt://localhost:7687]."),
        click.option("--user", default=None, help="Neo4j user [env NEO4J_USERNAME; default neo4j]."),
        click.option("--password", default=None, help="Neo4j password [prefer env NEO4J_PASSWORD or --ask-password]."),
        click.option("--ask-password", is_flag=True, help="Prompt for the Neo4j or SPARQL password."),
        click.option("--database", default=None, help="Neo4j database [env NEO4J_DATABASE; default neo4j]."),
        click.option("--endpoint", default=None, help="SPARQL query endpoint URL [env CJGRAPH_SPARQL_ENDPOINT]."),
        click.option("--update-endpoint", default=None, help="SPARQL update endpoint URL (default: guessed)."),
        click.option("--graph-store", default=None, help="Graph Store Protocol URL (default: guessed)."),
        click.option("--graph", default=None, help="Named graph IRI to load into and query."),
        click.option("--sparql-user", default=None, help="HTTP basic-auth user [env CJGRAPH_SPARQL_USER]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


_BACKEND_KEYS = ("backend", "store", "uri", "user", "password", "ask_password", "database", "endpoint",
                 "update_endpoint", "graph_store", "graph", "sparql_user")


def pop_backend_options(kwargs: dict) -> dict:
    return {k: kwargs.pop(k, None) for k in _BACKEND_KEYS}


def open_from_options(options: dict):
    """Open the backend named by the options, prompting for a password when asked to."""
    from ..backends import open_backend

    options = dict(options)
    name = options.pop("backend") or "embedded"
    if options.pop("ask_password", False):
        options["password"] = click.prompt(f"{name} password", hide_input=True)
    options["sparql_password"] = os.environ.get("CJGRAPH_SPARQL_PASSWORD") if name == "sparql" else None
    if name == "sparql" and options.get("password"):
        options["sparql_password"] = options.pop("password")
    return open_backend(name, **options)


def format_options(func):
    func = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Write the result to FILE instead of the terminal.")(func)
    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(func)


def as_of_option(func):
    return click.option("--as-of", "as_of", default=None, metavar="DATE",
                        help="Answer as the record stood at DATE (2017, 2017-09 or 2017-09-08).")(func)


def parse_as_of_value(value: str | None):
    if value is None:
        return None
    from ..dates import parse_as_of
    from ..errors import UsageError

    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def emit(text: str, output: Path | None) -> None:
    """Write command output to a file (reporting where) or to standard output."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


def emit_rows(columns, rows, fmt: str, output: Path | None, title: str | None = None) -> None:
    from ..output import render

    emit(render(columns, rows, fmt, title=title), output)


def with_backend(func):
    """Open the backend from the options, pass it as ``backend`` and close it afterwards."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        backend = open_from_options(pop_backend_options(kwargs))
        try:
            return func(*args, backend=backend, **kwargs)
        finally:
            backend.close()

    return backend_options(wrapper)
