"""`cjgraph review`: decide a draft file's items one at a time, on a terminal (a key each) or from a script.

The loop only translates keys and script lines into calls of :class:`cjgraph.review.Review`.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click

from .common import seeds_option

KEYS = (("a", "accept"), ("r", "reject"), ("k", "kind"), ("f", "from (source)"), ("t", "to (target)"),
        ("p", "passage"), ("s", "skip"), ("q", "quit"))
KEY_LINE = "  ".join(f"[{k}] {what}" for k, what in KEYS)
SCRIPT_WORDS = {"a": "accept", "r": "reject", "k": "kind", "f": "source", "t": "target", "p": "passage", "s": "skip",
                "q": "quit", "from": "source", "to": "target", "@": "goto"}
WIDTH = 100


@click.command()
@click.argument("draft_file", metavar="DRAFT", type=click.Path(path_type=Path, dir_okay=False))
@seeds_option
@click.option("--into", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Seed file (in a seed folder) that accepted items are appended to [default: asked at the first "
                   "accept].")
@click.option("--script", type=click.File("r", encoding="utf-8"), default=None, metavar="FILE",
              help="Take the decisions from FILE ('-': standard input), one a line, instead of keys: accept, "
                   "reject [REASON], skip, quit, kind KIND, source REF, target REF, passage TEXT, @ KEY (go to "
                   "the item KEY: an entity id, or 'source kind target').")
def review(draft_file, seeds, into, script):
    """Review the items of a draft file (from `cjgraph draft`) one at a time: accept, reject, change the kind or
    an end, edit the passage (checked verbatim at once), skip or quit.

    Accepted items are appended, without their draft notes, to the --into seed file, and the seeds are
    validated after each write (a write that would make them invalid is undone and shown); rejections go
    to the seed folder's .rejected.yaml, so `cjgraph draft` does not propose them again. The draft file is
    rewritten without the items decided after each decision: run the review again to resume.
    """
    from ..errors import UsageError
    from ..review import Review

    if script is None and not sys.stdin.isatty():
        raise UsageError("standard input is not a terminal: give the decisions with --script FILE")
    session = Review(draft_file, seeds or None, into)
    if script is not None:
        return _scripted(session, script)
    _interactive(session)


# ---------------------------------------------------------------- showing
def show(session, item, position: int, total: int) -> str:
    """The item as the terminal shows it: what it is, its passage with its place, the drafter's note."""
    d = item.data
    note = f"confidence {item.confidence:.2f}: {item.reason}" if item.confidence is not None else "no note"
    if item.section == "entities":
        head = f"entity {d.get('kind')} {d.get('name', '')!r} (id {d['id']})"
        extra = [f"aliases: {', '.join(map(str, d['aliases']))}"] if d.get("aliases") else []
        extra += [f"date: {d['date']}"] if d.get("date") else []
    else:
        head = f"relation {d['source']} {d['kind']} {d['target']}"
        extra = [f"{session.name(d['source'])} ({session.kind_of(d['source']) or '?'}) {d['kind']} "
                 f"{session.name(d['target'])} ({session.kind_of(d['target']) or '?'})"]
    document, line, page = session.where(item)
    place = f"{document}" + (f", line {line}" if line else "") + (f", p. {page}" if page else "")
    passage = item.passage
    lines = [f"[{position}/{total}] {head}", *(f"  {e}" for e in extra), f"  {note}",
             f"  passage ({place}):" if passage else "  no passage"]
    lines += textwrap.wrap(f"“{passage}”", WIDTH, initial_indent="    ", subsequent_indent="    ") if passage else []
    return "\n".join(lines)


def _failure(error) -> str:
    from ..errors import SeedError, UsageError

    if isinstance(error, SeedError):
        return "\n".join([*(p.text() for p in error.problems),
                          "refused: the seeds would not validate with it; nothing was written"])
    text = error.detail if isinstance(error, UsageError) else str(error)
    return f"refused: {text}"


# ---------------------------------------------------------------- on a terminal
def _interactive(session) -> None:
    from ..errors import CjgraphError

    position, decided = 0, 0
    while position < len(items := session.items()):
        item = items[position]
        click.echo(show(session, item, position + 1 + decided, len(items) + decided))
        click.echo(KEY_LINE)
        try:
            key = click.getchar()
        except (EOFError, KeyboardInterrupt):
            key = "q"
        action = dict(KEYS).get(key)
        if action is None:
            click.echo(f"unknown key {key!r}: press one of {', '.join(k for k, _ in KEYS)}")
            continue
        click.echo(f"> {action}")
        if key == "q":
            break
        if key == "s":
            position += 1
            continue
        try:
            if key == "a":
                if session.into is None:
                    _ask_into(session)
                written = session.accept(item)
                decided += 1
                click.echo(f"accepted: appended to {written}")
            elif key == "r":
                reason = click.prompt("reason (optional)", default="", show_default=False).strip()
                left = session.dependents(item)
                written = session.reject(item, reason or None)
                decided += 1
                click.echo(f"rejected: recorded in {written}")
                if left:
                    click.echo(_dependents(left))
            else:
                _ask_change(session, item, key)
        except click.Abort:  # Ctrl-C or Ctrl-D at a prompt: every decision so far is kept
            click.echo("")
            break
        except CjgraphError as error:
            click.echo(_failure(error))
            if key == "p" and item.index in _offers:
                click.echo(f"the document writes “{_offers[item.index]}”: press p, then Enter to take it")
        click.echo("")
    _summary(session, decided)


def _ask_into(session) -> None:
    from ..errors import UsageError

    while session.into is None:
        answer = click.prompt("seed file for the accepted items").strip()
        try:
            session.set_into(answer)
        except UsageError as error:
            click.echo(f"refused: {error.detail}")


def _ask_change(session, item, key: str) -> None:
    from ..errors import RefusedError, UsageError

    if key == "k":
        click.echo("kinds: " + ", ".join(session.allowed_kinds(item)))
        session.change(item, kind=click.prompt("kind", default=item.data["kind"]))
    elif key in "ft":
        if item.section == "entities":
            raise UsageError("an entity has no ends: change its kind (k) or its passage (p)")
        end = "source" if key == "f" else "target"
        session.change(item, **{end: click.prompt(f"{end} (id, name or alias)", default=item.data.get(end))})
    else:
        offered = _offers.pop(item.index, None)
        question = "passage (verbatim; Enter takes the document's)" if offered else "passage (verbatim; Enter keeps it)"
        typed = click.prompt(question, default=offered or item.passage or "", show_default=False)
        try:
            session.change(item, passage=typed)
        except RefusedError:
            written = session.as_written(item, typed)
            if written:
                _offers[item.index] = written
            raise
    click.echo("changed")


_offers: dict[int, str] = {}  # the document's own text for an item, offered after a passage edit was refused


# ---------------------------------------------------------------- from a script
def _scripted(session, script) -> None:
    """Apply the script's lines to the items in turn; stop at the first refusal (exit 1), progress kept."""
    from ..errors import CjgraphError

    position, decided = 0, 0
    for number, raw in enumerate(script, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, argument = line.partition(" ")
        word, argument = SCRIPT_WORDS.get(word.lower(), word.lower()), argument.strip()
        if word == "quit":
            break
        items = session.items()
        try:
            if word == "goto":
                position = _find(items, argument)
                continue
            if position >= len(items):
                raise _script_error(f"{word}: no item left in the draft")
            item = items[position]
            if word == "skip":
                position += 1
            elif word == "accept":
                click.echo(f"accepted {' '.join(item.key)}: appended to {session.accept(item)}")
                decided += 1
            elif word == "reject":
                left = session.dependents(item)
                click.echo(f"rejected {' '.join(item.key)}: recorded in {session.reject(item, argument or None)}")
                decided += 1
                if left:
                    click.echo(_dependents(left))
            elif word in ("kind", "source", "target", "passage"):
                if not argument:
                    raise _script_error(f"{word} needs a value")
                session.change(item, **{word: argument})
            else:
                raise _script_error(f"unknown decision {word!r} (accept, reject, skip, quit, kind, "
                                            "source, target, passage, @)")
        except CjgraphError as error:
            click.echo(f"line {number}: {_failure(error)}", err=True)
            _summary(session, decided)
            raise SystemExit(error.exit_code) from None
    _summary(session, decided)


def _dependents(items) -> str:
    many = len(items) != 1
    return (f"note: {len(items)} relation{'s' if many else ''} of the draft {'have' if many else 'has'} it as an "
            f"end ({'; '.join(' '.join(i.key) for i in items)}): change {'their' if many else 'its'} end or "
            f"reject {'them' if many else 'it'}")


def _find(items, key: str) -> int:
    from ..errors import UsageError

    wanted = tuple(key.split())
    for n, item in enumerate(items):
        if item.key == wanted:
            return n
    raise UsageError(f"no item {key!r} left in the draft")


def _script_error(message: str):
    from ..errors import UsageError

    return UsageError(message)


def _summary(session, decided: int) -> None:
    left = len(session.items())
    if left:
        click.echo(f"{decided} decided, {left} left in {session.path}: run `cjgraph review {session.path}` again "
                   "to resume")
    else:
        click.echo(f"{decided} decided, nothing left: {session.path} removed")
