"""`cjgraph recheck`: re-anchor evidence passages in re-captured source texts; `--apply` applies reviewed fixes."""

from __future__ import annotations

from pathlib import Path

import click

from .common import seeds_option


@click.command(help="""Re-anchor every evidence passage in its source's current text, and report what became of it.

Each passage is unchanged (still verbatim), moved (verbatim, on another line or page than in the
previous text: the file as committed in git, or --previous ID=FILE), changed (not verbatim: the nearest
text, its similarity, a word-level diff) or vanished (nothing close). Prints PATH:LINE: STATUS: ... for
every passage but unchanged ones (all with --all), a count on standard error, and exits 1 if any passage
changed or vanished. Nothing in the seeds is changed: --fix-file writes the proposed fixes for review,
and `cjgraph recheck --apply FILE` applies them afterwards, then validates.
""")
@seeds_option
@click.option("--source", "sources", multiple=True, metavar="ID",
              help="Recheck only the passages of this source; repeat for several (default: all).")
@click.option("--previous", "previous", multiple=True, metavar="ID=FILE",
              help="The previous text of source ID, to tell moved passages (default: the text committed in git).")
@click.option("--no-git", is_flag=True, help="Do not compare with the source texts committed in git.")
@click.option("--all", "show_all", is_flag=True, help="text: list unchanged passages too.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per passage; json: a list of objects (path, line, status, document, quote, "
                   "source_line, source_page, ...).")
@click.option("--fix-file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Write the proposed fixes (YAML, for review) to FILE.")
@click.option("--apply", "apply_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Apply the fixes of a reviewed fix file to the seed files, then validate (no other option).")
def recheck(seeds, sources, previous, no_git, show_all, fmt, fix_file, apply_file):
    if apply_file is not None:
        if seeds or sources or previous or no_git or fix_file or show_all:
            raise click.UsageError("--apply FILE takes no other option: the fix file names its seed folders")
        _apply(apply_file)
        return
    import json

    from ..rechecking import recheck as recheck_seeds

    given = {}
    for item in previous:
        ident, sep, file = item.partition("=")
        if not sep or not ident or not file:
            raise click.BadParameter(f"expected ID=FILE, got {item!r}", param_hint="--previous")
        given[ident] = file
    result = recheck_seeds(seeds or None, sources=sources, previous=given, git=not no_git)
    if fmt == "json":
        click.echo(json.dumps([p.as_data() for p in result.passages], indent=2, ensure_ascii=False))
    else:
        for passage in result.passages:
            if show_all or passage.status != "unchanged":
                click.echo(str(passage))
    click.echo(result.summary(), err=True)
    if fix_file is not None:
        count = result.write_fixes(fix_file)
        vanished = result.counts()["vanished"]
        click.echo(f"wrote {count} proposed fix{'es' if count != 1 else ''}"
                   + (f" and {vanished} vanished passage{'s' if vanished != 1 else ''}" if vanished else "")
                   + f" to {fix_file} (review it, then: cjgraph recheck --apply {fix_file})", err=True)
    if not result.ok:
        click.get_current_context().exit(1)


def _apply(fix_file: Path) -> None:
    from ..fixes import apply_fixes

    applied = apply_fixes(fix_file)
    click.echo(applied.summary())
    report = applied.report
    if report.problems:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        count = len(report.problems)
        click.echo(f"Error: {count} problem{'s' if count != 1 else ''} remain in the seeds", err=True)
        click.get_current_context().exit(1)
    click.echo(report.summary())


__all__ = ["recheck"]
