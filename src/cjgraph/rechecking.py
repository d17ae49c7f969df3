"""``cjgraph recheck``: every evidence passage of the seeds re-anchored in its source's current text.

:func:`recheck` reads the seed folders as validation does (they need not validate, only read), anchors each
quote once per source text with :func:`cjgraph.anchors.anchor` and reports each passage at its seed file and
line as unchanged, moved, changed or vanished (see :mod:`cjgraph.anchors`). A passage is ``moved`` against
its source's previous text: a file given for it, else the text committed in git when the working file
differs. Nothing is written here; :meth:`Recheck.write_fixes` writes proposed fixes for review.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .anchors import STATUSES, Anchor, SourceText, anchor, clip, clip_pair
from .errors import Problem, SeedError, UsageError
from .quotes import normalise


@dataclass(frozen=True)
class Rechecked:
    """One evidence passage of the seeds and what became of it."""

    path: str  # the seed file as validation shows it
    line: int
    document: str
    quote: str  # as written in the seeds
    file: Path  # the seed file itself
    anchor: Anchor

    @property
    def status(self) -> str:
        return self.anchor.status

    def __str__(self) -> str:
        """``path:line: status: ...``, and detail lines for a changed passage."""
        a, head, quote = self.anchor, f"{self.path}:{self.line}: {self.status}: ", clip(normalise(self.quote))
        if a.status == "unchanged":
            return f"{head}{quote} in {self.document}, {a.place}"
        if a.status == "moved":
            return f"{head}{quote} in {self.document}, {a.before} → {a.place}"
        if a.status == "vanished":
            best = f"; the best, {a.place}, is {a.score:.0f}% alike" if a.place and a.score is not None else ""
            return f"{head}{quote} from {self.document} (nothing close{best})"
        old, new = clip_pair(normalise(self.quote), a.nearest or "")
        return "\n".join([f"{head}{old} → nearest {new} ({a.score:.0f}%)",
                          f"    in {self.document}, {a.place}", f"    words: {a.diff}"])

    def as_data(self) -> dict[str, object]:
        a = self.anchor
        data: dict[str, object] = {"path": self.path, "line": self.line, "status": a.status,
                                   "document": self.document, "quote": self.quote}
        for name, place in (("source", a.place), ("previous", a.before)):
            if place:
                data[f"{name}_line"], data[f"{name}_page"] = place.line, place.page
        if a.score is not None:
            data["score"] = round(a.score, 1)
        if a.nearest is not None:
            data["nearest"], data["diff"] = a.nearest, a.diff
        return data


@dataclass
class Recheck:
    """Every passage rechecked, in seed-file order, with what each previous text was (source id -> where)."""

    passages: list[Rechecked]
    sources: list[str]
    seeds: list[Path]
    previous: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no passage changed or vanished."""
        return not any(p.status in ("changed", "vanished") for p in self.passages)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for passage in self.passages:
            counts[passage.status] += 1
        return counts

    def summary(self) -> str:
        counts = self.counts()
        sources = f"{len(self.sources)} source{'s' if len(self.sources) != 1 else ''}"
        return (f"{len(self.passages):,} passage{'s' if len(self.passages) != 1 else ''} from {sources}: "
                + ", ".join(f"{counts[s]:,} {s}" for s in STATUSES))

    def write_fixes(self, path: str | os.PathLike) -> int:
        """Write the proposed fixes (and the vanished passages) to a YAML file for review; returns how many
        fixes it proposes. See :func:`cjgraph.fixes.write_fixes`."""
        from .fixes import write_fixes

        return write_fixes(self, path)


def recheck(seeds: str | os.PathLike | Sequence[str | os.PathLike] | None = None, *,
            sources: Sequence[str] = (), previous: Mapping[str, str | os.PathLike] | None = None,
            git: bool = True) -> Recheck:
    """Re-anchor every evidence passage of the seed folders (``None`` = bundled) in its source's current text.

    ``sources`` limits it to those source ids. A passage is reported ``moved`` against the previous text of
    its source: ``previous[source id]`` (a file), else with ``git`` the file as committed at ``HEAD`` when
    the working file differs from it. The seeds need not validate, but must read (YAML that parses).
    Raises SeedError when they do not, or when a source's text cannot be read; UsageError for an unknown id.
    """
    from .seeds import read_seed_dirs, resolve_seed_dirs

    if isinstance(seeds, (str, os.PathLike)):
        seeds = [seeds]
    dirs = resolve_seed_dirs(seeds)
    raw = read_seed_dirs(dirs)
    if raw.problems:
        raise SeedError(raw.problems)
    files = source_files(raw)
    wanted = list(dict.fromkeys(sources)) or list(files)
    for name, ids in (("sources", wanted), ("previous", list(previous or ()))):
        unknown = [ident for ident in ids if ident not in files]
        if unknown:
            raise UsageError(f"unknown source {unknown[0]!r}; the seeds' sources are: " + ", ".join(files),
                             parameter=name)
    texts, earlier, described = {}, {}, {}
    for ident in wanted:
        record, path = files[ident]
        current = _read(path, record)
        texts[ident] = SourceText(current)
        before, described[ident] = _previous(ident, path, current, previous or {}, git)
        if before is not None and before != current:
            earlier[ident] = SourceText(before)
    passages: list[Rechecked] = []
    done: dict[tuple[str, str], Anchor] = {}
    resolved: dict[str, Path] = {}
    for record, document, quote, line in _passages(raw):
        if document not in texts or not isinstance(quote, str):
            continue
        key = (document, normalise(quote))
        if key not in done:
            done[key] = anchor(key[1], texts[document], earlier.get(document))
        if record.path not in resolved:
            resolved[record.path] = Path(record.path).resolve()
        passages.append(Rechecked(record.path, line, document, quote, resolved[record.path], done[key]))
    passages.sort(key=lambda p: (p.path, p.line))
    return Recheck(passages, wanted, dirs, {k: v for k, v in described.items() if v})


def source_files(raw) -> dict[str, tuple[object, Path]]:
    """Each source id (first definition) -> its record and text file."""
    files: dict[str, tuple[object, Path]] = {}
    for record, folder in raw.sources:
        ident, name = record.data.get("id"), record.data.get("file")
        if isinstance(ident, str) and isinstance(name, str) and ident not in files:
            files[ident] = (record, folder / name)
    return files


def _read(path: Path, record) -> str:
    from .seeds import location

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = f"source document {path.name!r} is missing"
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read {path.name!r}: {exc}"
    raise SeedError([Problem(record.path, location(record, "file"), message)])


def _previous(ident: str, path: Path, current: str, given: Mapping[str, str | os.PathLike],
              git: bool) -> tuple[str | None, str | None]:
    """The previous text of a source and what it is (a file, or ``git HEAD``), or (None, None)."""
    if ident in given:
        try:
            return Path(given[ident]).read_text(encoding="utf-8"), str(given[ident])
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the previous text of {ident!r}: {exc}", parameter="previous") from exc
    if not git:
        return None, None
    try:
        shown = subprocess.run(["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
                               capture_output=True, timeout=30, check=False)
        before = shown.stdout.decode("utf-8") if shown.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        before = None
    return (before, "git HEAD") if before is not None and before != current else (None, None)


def _passages(raw):
    """(record, document, quote, line) of every evidence passage of entities and relations."""
    from .seeds import location

    for record in [*raw.entities, *raw.relations]:
        evidence = record.data.get("evidence")
        if not isinstance(evidence, list):
            continue
        for i, item in enumerate(evidence):
            if isinstance(item, str):
                yield record, record.default_document, item, location(record, "evidence", i)
            elif isinstance(item, dict) and "quote" in item:  # at the item's line, as validation reports it
                yield record, item.get("document", None), item.get("quote"), location(record, "evidence", i)
