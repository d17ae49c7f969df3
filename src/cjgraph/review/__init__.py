"""``cjgraph review``: decide, item by item, what a draft file (``cjgraph draft``) proposes.

    from cjgraph.review import Review
    review = Review("seeds/drafts/blog-pdf.yaml", seeds=["seeds"], into="seeds/blog-pdf.yaml")
    for item in review.items():
        where = review.where(item)                      # document, line, page of its passage
        item = review.change(item, passage="...")       # re-checked verbatim at once (RefusedError if not)
        review.accept(item)                             # or review.reject(item, "a slip"); or leave it

Every decision is kept at once: an accepted item is appended, without its ``draft:`` note, to the seed file
``into`` (:mod:`.seedfile`; the seeds are validated after the write and the write is undone, with the
problems raised, when they would be invalid); a rejection is recorded in the ``.rejected.yaml`` of the seed
folder holding the draft (else the last seed folder) through :func:`cjgraph.drafting.rejections.record`; and the
draft file is rewritten without the items decided, so a review stopped half way resumes where it was (a draft
with nothing left is removed). A relation whose end is a drafted entity not yet accepted is refused: accept
the entity first. Rejecting an entity leaves the relations that have it as an end in the draft (:meth:`dependents`),
so that their end can be changed to another entity (a duplicate's original, say) or they can be rejected too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import NotFoundError, RefusedError, SeedError, UsageError
from ..names import fold

__all__ = ["Item", "Review"]


@dataclass(frozen=True)
class Item:
    """One proposal of the draft: its section (``entities`` or ``relations``), its seed data (without the
    note), and the drafter's confidence and reason."""

    section: str
    data: dict = field(hash=False)
    confidence: float | None = None
    reason: str | None = None
    index: int = 0  # its place in the draft as read

    @property
    def key(self) -> tuple[str, ...]:
        d = self.data
        return (d["id"],) if self.section == "entities" else (d["source"], d["kind"], d["target"])

    @property
    def passage(self) -> str | None:
        for item in self.data.get("evidence") or ():
            quote = item if isinstance(item, str) else item.get("quote") if isinstance(item, dict) else None
            if isinstance(quote, str):
                return quote
        return None


class Review:
    """A review of the draft file ``draft`` against seed folders ``seeds`` (default: bundled), writing accepted
    items into the seed file ``into`` (which must lie in one of the seed folders; it may be given later)."""

    def __init__(self, draft: str | os.PathLike, seeds: Sequence[str | os.PathLike] | None = None,
                 into: str | os.PathLike | None = None):
        import yaml

        from ..seeds import resolve_seed_dirs
        from ..validation import load_dataset

        self.path = Path(draft)
        if not self.path.is_file():
            raise UsageError(f"no draft file {str(self.path)!r}")
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("draft") is not True:
            raise UsageError(f"{self.path} is not a draft file (it has no 'draft: true')")
        self.seeds = list(seeds) if seeds else None
        self.dirs = resolve_seed_dirs(self.seeds)
        self.dataset = load_dataset(self.seeds)
        self.document: str | None = data.get("document")
        self._head = _comment_head(self.path.read_text(encoding="utf-8"))
        self._items: list[Item] = []
        for section in ("entities", "relations"):
            rows = data.get(section) or []
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise UsageError(f"{self.path}: '{section}' must be a list of mappings (validate it)")
            for raw in rows:
                raw = dict(raw)
                if not isinstance(raw.get("id" if section == "entities" else "kind"), str) or (
                        section == "relations" and not all(isinstance(raw.get(e), str) for e in ("source", "target"))):
                    raise UsageError(f"{self.path}: an item of '{section}' lacks its "
                                     f"{'id' if section == 'entities' else 'source, kind or target'} (validate it)")
                note = raw.pop("draft", None) or {}
                self._items.append(Item(section, raw, note.get("confidence"), note.get("reason"),
                                        len(self._items)))
        self.into: Path | None = None
        if into is not None:
            self.set_into(into)
        self._texts = None

    # ---------------------------------------------------------------- reading
    def items(self) -> list[Item]:
        """The items not yet decided, entities first, in the draft's order."""
        return list(self._items)

    def set_into(self, into: str | os.PathLike) -> Path:
        """Choose the seed file accepted items go into: inside a seed folder, not in its sources/, not a draft."""
        path = Path(into)
        folder = next((d for d in self.dirs if path.resolve().is_relative_to(d.resolve())), None)
        if folder is None:
            raise UsageError(f"{path} is not inside a seed folder ({', '.join(str(d) for d in self.dirs)}), so "
                             "what is accepted there would never be loaded", parameter="into")
        if path.suffix.lower() not in (".yaml", ".yml") or path.resolve().relative_to(folder.resolve()).parts[0] \
                in ("sources", "coverage") or path.resolve() == self.path.resolve():
            raise UsageError(f"{path} cannot hold seeds: give a .yaml file of the seed folder, outside sources/ "
                             "and not the draft itself", parameter="into")
        if path.exists() and _is_draft(path):
            raise UsageError(f"{path} is a draft file; accepted items go into an ordinary seed file",
                             parameter="into")
        self.into = path
        return path

    def where(self, item: Item) -> tuple[str | None, int | None, int | None]:
        """The document of the item's passage, the line of its source file on which it starts and its page
        (None when the text has no pages, or the passage is not in it)."""
        document, quote = self._document(item), item.passage
        texts = self._source_texts()
        if document not in texts or quote is None:
            return document, None, None
        from ..quotes import normalise

        at = texts.texts[document].find(normalise(quote))
        if at < 0:
            return document, None, None
        pages = texts.pages(document)
        span = pages.span(quote) if pages is not None else None
        return document, texts.line(document, at), span[0] if span else None

    def name(self, ident: str) -> str:
        """An entity's name, from the seeds or the draft (its id when unknown)."""
        if ident in self.dataset.entities:
            return self.dataset.entities[ident].name
        drafted = self._drafted(ident)
        return str(drafted.data.get("name", ident)) if drafted else ident

    def kind_of(self, ident: str) -> str | None:
        if ident in self.dataset.entities:
            return self.dataset.entities[ident].kind
        drafted = self._drafted(ident)
        return str(drafted.data.get("kind")) if drafted else None

    def allowed_kinds(self, item: Item) -> tuple[str, ...]:
        """The kinds the item may take: every entity kind, or the relation kinds its ends' kinds allow."""
        from ..vocab import ENTITY_KINDS, RELATIONS

        if item.section == "entities":
            return ENTITY_KINDS
        kinds = self.kind_of(item.data["source"]), self.kind_of(item.data["target"])
        return tuple(name for name, rule in RELATIONS.items() if None in kinds or rule.allows(*kinds))

    # ---------------------------------------------------------------- changing
    def change(self, item: Item, *, kind: str | None = None, source: str | None = None,
               target: str | None = None, passage: str | None = None) -> Item:
        """The item with another kind, end (an id, name or alias of the seeds or the draft) or passage (checked
        verbatim against its source now: RefusedError with the checker's explanation if not). It replaces
        ``item`` in the review; nothing is written until it is accepted."""
        from ..vocab import ENTITY_KINDS, RELATIONS

        data = dict(item.data)
        if kind is not None:
            choices = ENTITY_KINDS if item.section == "entities" else tuple(RELATIONS)
            match = next((c for c in choices if fold(c) == fold(kind)), None)
            if match is None:
                raise UsageError(f"{kind!r} is not a kind of {'entity' if item.section == 'entities' else 'relation'}"
                                 f" (allowed: {', '.join(choices)})", parameter="kind")
            data["kind"] = match
        for end, ref in (("source", source), ("target", target)):
            if ref is not None:
                if item.section != "relations":
                    raise UsageError("an entity has no ends; change the kind or the passage", parameter=end)
                data[end] = self.resolve(ref)
        if item.section == "relations" and (kind or source or target):
            rule = RELATIONS[data["kind"]]
            kinds = self.kind_of(data["source"]), self.kind_of(data["target"])
            if None not in kinds and not rule.allows(*kinds):
                raise RefusedError(f"{data['kind']} may not join {kinds[0]} {data['source']!r} to {kinds[1]} "
                                   f"{data['target']!r} (allowed: {'/'.join(sorted(rule.sources))} -> "
                                   f"{'/'.join(sorted(rule.targets))})")
        if passage is not None:
            data["evidence"] = self._checked_passage(item, passage)
        changed = replace(item, data=data)
        self._items = [changed if i.index == item.index else i for i in self._items]
        return changed

    def resolve(self, ref: str) -> str:
        """An entity id from an id, name or alias (case- and accent-insensitive) of the seeds or the draft."""
        labels: dict[str, set[str]] = {}
        entries = [(e.id, e.name, e.aliases) for e in self.dataset.entities.values()]
        entries += [(i.data["id"], str(i.data.get("name", "")), i.data.get("aliases") or [])
                    for i in self._items if i.section == "entities"]
        for ident, name, aliases in entries:
            for label in (ident, name, *aliases):
                labels.setdefault(fold(str(label)), set()).add(ident)
        found = labels.get(fold(ref), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise UsageError(f"{ref!r} names several entities: {', '.join(sorted(found))}; give an id")
        import difflib

        close = difflib.get_close_matches(fold(ref), list(labels), n=3, cutoff=0.6)
        raise NotFoundError("entity", ref, list(dict.fromkeys(i for c in close for i in sorted(labels[c]))))

    # ---------------------------------------------------------------- deciding
    def accept(self, item: Item) -> Path:
        """Append the item to the ``into`` seed file and take it off the draft; the seeds are validated after
        the write, which is undone (SeedError with the problems) if they would be invalid."""
        from ..validation import validate_seeds
        from .seedfile import appended

        if self.into is None:
            raise UsageError("no seed file to write accepted items into", parameter="into")
        if item.section == "relations":
            for end in ("source", "target"):
                ident = item.data[end]
                if ident not in self.dataset.entities and self._drafted(ident):
                    raise RefusedError(f"the relation's {end} {ident!r} is a drafted entity not yet accepted: "
                                       "accept the entity first")
        before = self.into.read_text(encoding="utf-8") if self.into.exists() else None
        after = appended(before, item.section, item.data, self.document)
        self.into.parent.mkdir(parents=True, exist_ok=True)
        self.into.write_text(after, encoding="utf-8")
        try:
            report = validate_seeds(self.seeds, drafts=False)
        except BaseException:
            self._restore(before)
            raise
        if report.problems:
            self._restore(before)
            raise SeedError(report.problems)
        self.dataset = report.dataset
        self._decided(item)
        return self.into

    def reject(self, item: Item, reason: str | None = None) -> Path:
        """Record the rejection (so the drafter does not propose it again) and take the item off the draft."""
        from ..drafting.rejections import record

        d = item.data
        entry = {"id": d["id"], "name": d.get("name", d["id"])} if item.section == "entities" else \
            {"source": d["source"], "kind": d["kind"], "target": d["target"]}
        if reason:
            entry["reason"] = reason
        path = record(self._rejections_folder(), [entry])
        self._decided(item)
        return path

    def dependents(self, item: Item) -> list[Item]:
        """The relations left in the draft that have the entity ``item`` as an end."""
        if item.section != "entities":
            return []
        ident = item.data["id"]
        return [i for i in self._items if i.section == "relations" and ident in (i.data["source"], i.data["target"])]

    def save(self) -> Path | None:
        """Rewrite the draft file with the items left (removing it when none is); returns it, or None."""
        if not self._items:
            self.path.unlink(missing_ok=True)
            return None
        from .seedfile import _dump

        def section(name: str) -> list[dict]:
            return [{**i.data, "draft": {"confidence": i.confidence, "reason": i.reason}}
                    if i.confidence is not None else dict(i.data) for i in self._items if i.section == name]

        body = {"draft": True, **({"document": self.document} if self.document is not None else {}),
                "entities": section("entities"), "relations": section("relations")}
        self.path.write_text(self._head + _dump(body), encoding="utf-8")
        return self.path

    # ---------------------------------------------------------------- helpers
    def _restore(self, before: str | None) -> None:
        if before is None:
            self.into.unlink(missing_ok=True)
        else:
            self.into.write_text(before, encoding="utf-8")

    def _decided(self, item: Item) -> None:
        self._items = [i for i in self._items if i.index != item.index]
        self.save()

    def _drafted(self, ident: str) -> Item | None:
        return next((i for i in self._items if i.section == "entities" and i.data.get("id") == ident), None)

    def _document(self, item: Item) -> str | None:
        for ev in item.data.get("evidence") or ():
            if isinstance(ev, dict) and "quote" in ev:
                return ev.get("document", self.document)
            if isinstance(ev, str):
                return self.document
        return self.document

    def _checked_passage(self, item: Item, passage: str) -> list:
        from ..quotes import normalise

        document, texts = self._document(item), self._source_texts()
        if document not in texts:
            raise RefusedError(f"the passage's document {document!r} is not a source of the seeds")
        if not normalise(passage):
            raise RefusedError("an empty passage is not evidence")
        if normalise(passage) not in texts.texts[document]:
            texts.explained = 0  # a review explains every failed edit
            snippet = passage if len(passage) <= 60 else passage[:57] + "..."
            raise RefusedError(f"quote not found verbatim in {document!r}: {snippet!r}",
                               texts.explain(document, passage))
        evidence = list(item.data.get("evidence") or [])
        at = next((n for n, ev in enumerate(evidence) if isinstance(ev, str) or
                   (isinstance(ev, dict) and "quote" in ev)), None)
        new = passage if at is None or isinstance(evidence[at], str) else \
            {**{k: v for k, v in evidence[at].items() if k != "page"}, "quote": passage}
        if at is None:
            return [new, *evidence]
        evidence[at] = new
        return evidence

    def as_written(self, item: Item, passage: str) -> str | None:
        """The document's own text for ``passage`` when only its quote marks or dashes differ (straight ones
        typed for curly ones, say), else None: a way to offer the verbatim passage, never to take it unasked."""
        from ..quotes import _FOLD, normalise

        document, texts = self._document(item), self._source_texts()
        if document not in texts or not normalise(passage):
            return None
        text = texts.texts[document]
        at = text.translate(_FOLD).find(normalise(passage).translate(_FOLD))  # one character for one: same places
        return text[at:at + len(normalise(passage))] if at >= 0 else None

    def _source_texts(self):
        if self._texts is None:
            from ..quotes import SourceTexts

            self._texts = SourceTexts()
            for ident, source in self.dataset.sources.items():
                path = next((d / "sources" / source.file for d in reversed(self.dirs)
                             if (d / "sources" / source.file).exists()), None)
                if path is not None:
                    self._texts.add(ident, path)
        return self._texts

    def _rejections_folder(self) -> Path:
        draft = self.path.resolve()
        return next((d for d in self.dirs if draft.is_relative_to(d.resolve())), self.dirs[-1])


def _comment_head(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def _is_draft(path: Path) -> bool:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("draft") is True
