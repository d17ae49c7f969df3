"""Drafting one source: the known entities it names, the new ones it introduces and the relationships its
sentences state, as seed items with a confidence and a reason, less what the seeds state or a curator rejected."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ..mentions import NameFinder, comparable
from ..model import Dataset, Source
from ..vocab import AGENT_KINDS, DOCUMENT_KINDS, RELATIONS
from .curator import candidate_links, page_subject
from .entities import New, new_entities, page_projects
from .rejections import Rejections
from .relate import (
    ABOUT,
    CITE,
    RESPONSE,
    SUMMARY,
    Occurrence,
    Proposed,
    addressees,
    authors,
    cue_relations,
    is_recommendation,
    makers,
    person_relations,
)
from .text import REFERENCE, Sentence, sentences

_CITED = {"Act", "Review", "Strategy", "Publication"}
_REFERS = {"about", "mentions", "cites"}
_ORDINAL = re.compile(r"\b(first|second|third|fourth|final|next|latest|new)\b[^.]{0,60}$")
_WE = re.compile(r"\b(?:we|our|us)\b")
_OURS = re.compile(r"\b(?:which|that|who) we (?:manage|run|lead|host|chair|co-?ordinate|set up)\b")


def _blank(text: str, occ: list[Occurrence]) -> str:
    for o in occ:
        text = text[:o.start] + " " * (o.end - o.start) + text[o.end:]
    return text


@dataclass
class Item:
    """One proposed entity or relation in seed form, with the drafter's confidence (0-1) and reason."""

    data: dict
    confidence: float
    reason: str
    line: int  # line of the source where its passage starts

    @property
    def key(self) -> tuple[str, ...]:
        d = self.data
        return (d["id"],) if "id" in d else (d["source"], d["kind"], d["target"])


@dataclass
class Draft:
    """What ``cjgraph draft`` proposes for one source document."""

    source: str
    entities: list[Item] = field(default_factory=list)
    relations: list[Item] = field(default_factory=list)
    new_ids: set[str] = field(default_factory=set)  # ids of the entities proposed (not in the seeds)

    @property
    def items(self) -> list[Item]:
        return [*self.entities, *self.relations]

    def write(self, path: str | os.PathLike) -> Path:
        """Write the draft file (UTF-8 YAML, see :mod:`cjgraph.drafting.output`) and return its path."""
        from .output import to_yaml

        out = Path(path)
        out.write_text(to_yaml(self), encoding="utf-8")
        return out


def draft_text(dataset: Dataset, source: Source, raw: str, rejections: Rejections | None = None) -> Draft:
    """Draft ``source`` (its file's text ``raw``) against ``dataset``: the library's core, without files."""
    rejections = rejections or Rejections()
    sents = sentences(raw)
    kinds = {e.id: e.kind for e in dataset.entities.values()}
    known = {comparable(n): e.id for e in dataset.entities.values() for n in (e.name, *e.aliases)}
    new = new_entities(sents, known, kinds, rejections, briefings="briefings" in raw.casefold())
    projects = page_projects(sents, source.title, new, known, kinds, rejections)
    kinds.update({n.id: n.candidate.kind for n in new.values()})
    names = [(e.id, n) for e in dataset.entities.values() for n in (e.name, *e.aliases)]
    names += [(n.id, x) for n in new.values() if not n.same_as for x in (n.candidate.name, *n.candidate.aliases)]
    finder = NameFinder(names)
    doc = source.id
    out = Draft(doc)
    if doc not in dataset.entities:
        kinds[doc] = "Publication"
        out.entities.append(_document_item(source, sents))
    publisher = known.get(comparable(source.publisher))
    proposed: list[tuple[Proposed, Sentence]] = []
    if publisher and doc not in dataset.entities:
        first = next((s for s in sents if source.publisher.casefold() in s.text.casefold()), None)
        if first:
            proposed.append((Proposed(doc, "published_by", publisher, 0.8, "the source's publisher"), first))
    occurrences = {s.index: _occurrences(finder, s.text, kinds) for s in sents}
    proposed += _title_links(source, finder, kinds, sents, occurrences)
    sections: dict[int, str | None] = {}
    section = None
    for s in sents:
        if s.heading:
            section = _heading_document(s, occurrences[s.index], kinds, new)
            if section:  # the title's own name hides the names inside it
                occurrences[s.index] = _occurrences(finder, s.text, kinds, skip=section)
        sections[s.index] = section
    counts = Counter((sections[i], o.id) for i, occ in occurrences.items() for o in {x.id: x for x in occ}.values())
    recs: list[Item] = []
    series = group = previous = None
    stated_recs = [p for e in dataset.entities.values() if e.kind == "Recommendation"
                   for p in [*(ev.quote for ev in e.evidence if ev.quote and ev.document == doc), e.text] if p]
    for s in sents:
        occ = occurrences[s.index]
        text = comparable(s.text)
        plain = _blank(text, occ)  # "we" and "our" of the text, not of a name ("Your Voice | Our Vision")
        section = sections[s.index]
        if s.heading and section:
            listed = next((n for n in new.values() if n.sentence is s and n.id == section), None)
            if listed and publisher:
                proposed.append((Proposed(section, "published_by", publisher, 0.6,
                                          "a dated title listed on a page of the publisher's"), s))
            if listed and listed.same_as:
                proposed.append((Proposed(section, "about", listed.same_as, 0.7, "its title is the name"), s))
        subject = section or doc
        if s.reference:
            proposed += [(p, s) for p in _reference_links(s, doc, known, new)]
        proposed += [(p, s) for p in _subject_links(subject, kinds, occ, text, s,
                                                    lambda i, at=section: counts[(at, i)], publisher,
                                                    titled=section is not None)]
        if s.index in projects:  # "The project – a partnership between ...": the page's project
            group = projects[s.index]
            proposed.append((Proposed(doc, "about", group, 0.5, "the project the page is about"), s))
        proposed += [(p, s) for p in cue_relations(text, occ, group, previous, subject)]
        if publisher and (ours := _OURS.search(plain)):
            proposed += [(Proposed(o.id, "led_by", publisher, 0.7, f"'{ours.group()}'"), s)
                         for o in [o for o in occ if o.end <= ours.start()][-1:]
                         if RELATIONS["led_by"].allows(o.kind, kinds[publisher])]
        group = next((o.id for o in reversed(occ) if o.kind == "Partnership"), None) \
            if not s.heading else None
        previous = next((o for o in reversed(occ) if o.kind in DOCUMENT_KINDS), None) if not s.heading else None
        proposed += [(p, s) for p in authors(text, subject, kinds[subject], occ)]
        if s.reference:
            proposed += [(p, s) for p in _reference_links(s, doc, known, new)]
        for person in (o for o in occ if o.kind == "Person"):
            proposed += [(p, s) for p in person_relations(text, person, occ)]
        introduced = [n for n in new.values() if n.sentence is s and n.candidate.kind in DOCUMENT_KINDS]
        for n in introduced:
            if publisher and _WE.search(plain):
                proposed.append((Proposed(n.id, "published_by", publisher, 0.7, "introduced as 'our'/'we' "
                                          "by the source's publisher"), s))
                proposed += [(Proposed(n.id, "published_by", p, 0.5, "'our' on the page of the project"), s)
                             for p in sorted(set(projects.values()))[:1]]
            before = text[:comparable(s.text[:n.candidate.start]).__len__()]
            if _ORDINAL.search(before):
                if series and kinds[series] == n.candidate.kind:
                    proposed.append((Proposed(n.id, "succeeds", series, 0.6, "the next of a numbered series"), s))
                series = n.id
        summary = SUMMARY.search(text)
        if (summary or is_recommendation(text)) and not s.heading and not _stated_rec(s.text, stated_recs):
            recs.append(_recommendation(doc, s, len(recs), summary is not None))
            rec = recs[-1].data["id"]
            while rec in kinds:
                rec = recs[-1].data["id"] = f"{rec}-2"
            kinds[rec] = "Recommendation"
            reporters = [o for o in occ if summary and o.end <= summary.start() and o.kind in DOCUMENT_KINDS][-1:]
            proposed += [(Proposed(o.id, "recommends", rec, 0.65, "the document said to make them"), s)
                         for o in reporters]
            if not reporters:
                proposed.append((Proposed(subject, "recommends", rec, 0.7, "the document asks for it"), s))
            others = [o for o in makers(text, occ) if o.id != publisher]
            if publisher and (_WE.search(plain) or any(o.id == publisher for o in occ)):
                proposed.append((Proposed(publisher, "recommends", rec, 0.65, "'we' of the publisher asks it"), s))
            elif publisher and subject == doc and not others and not reporters:
                proposed.append((Proposed(publisher, "recommends", rec, 0.55, "asked in the publisher's own document"),
                                 s))
            for o in makers(text, occ):
                proposed.append((Proposed(o.id, "recommends", rec, 0.7, "named as the one who asks it"), s))
            for o in addressees(text, occ, publisher):
                proposed.append((Proposed(rec, "addressed_to", o.id, 0.6, "the agent asked to act"), s))
            for o in occ:
                if o.kind not in AGENT_KINDS and o.kind != "Recommendation" and o.id != subject:
                    proposed.append((Proposed(rec, "about", o.id, 0.5, "named in the recommendation"), s))
    responded = {r.target for r in dataset.relations if r.source == doc and r.kind == "responds_to"}
    responded |= {p.target for p, _ in proposed if p.source == doc and p.kind == "responds_to"}
    writers: dict[str, set[str]] = {}
    for p, _ in proposed:
        if p.kind == "published_by" and p.source != doc:
            writers.setdefault(p.source, set()).add(p.target)
    for rec in recs:
        rec_id = rec.data["id"]
        sentence = next(s for s in sents if s.text == rec.data["text"])
        proposed += [(Proposed(rec_id, "about", target, 0.5, "a recommendation of a response to it"), sentence)
                     for target in sorted(responded)]
        section = sections[sentence.index]
        proposed += [(Proposed(agent, "recommends", rec_id, 0.5, "an author of the document that makes it"),
                      sentence) for agent in sorted(writers.get(section, ())) if section]
    proposed += _yearly_series(new) + candidate_links(new, known) + page_subject(doc, proposed, kinds, projects)
    out.entities += [entity_item(n) for n in new.values()]
    out.entities += [r for r in recs if not rejections.entity(r.data["id"], r.data["name"])]
    out.new_ids = {i.data["id"] for i in out.entities}
    out.relations = _relations(proposed, dataset, kinds, rejections, out.new_ids)
    return out


def _title_links(source: Source, finder: NameFinder, kinds: dict[str, str], sents: list[Sentence],
                 occurrences: dict[int, list[Occurrence]]) -> list[tuple[Proposed, Sentence]]:
    """What the source's title names: the document responds to it (a title saying "response to") or is
    about it; the passage is the first sentence that names it (or, for a response, says "respond")."""
    out = []
    title = comparable(source.title)
    response = RESPONSE.search(title)
    for o in _occurrences(finder, source.title, kinds):
        if o.id == source.id or comparable(source.publisher) == title[o.start:o.end]:
            continue
        responds = bool(response) and o.start > response.start() and RELATIONS["responds_to"].allows(
            "Publication", o.kind)
        if responds:
            first = next((s for s in sents if RESPONSE.search(comparable(s.text)) or re.search(r"\brespond\b",
                                                                                             comparable(s.text))), None)
        else:
            first = next((s for s in sents if any(x.id == o.id for x in occurrences[s.index])), None)
        if first is not None:
            out.append((Proposed(source.id, "responds_to" if responds else "about", o.id, 0.7,
                                 "the source's title names it"), first))
    return out


def _yearly_series(new: dict[str, New]) -> list[tuple[Proposed, Sentence]]:
    """Documents named alike but for the year ("State of the sector 2021", "... 2022"): each succeeds the last."""
    series: dict[tuple[str, str], list[tuple[str, New]]] = {}
    for n in new.values():
        year = re.search(r"\b((?:19|20)\d\d)\b", n.candidate.name)
        if year and n.candidate.kind in DOCUMENT_KINDS:
            stem = comparable(n.candidate.name.replace(year.group(1), "#"))
            series.setdefault((stem, n.candidate.kind), []).append((year.group(1), n))
    out = []
    for members in series.values():
        members.sort(key=lambda m: m[0])
        for (y1, earlier), (y2, later) in pairwise(members):
            if y1 != y2:
                out.append((Proposed(later.id, "succeeds", earlier.id, 0.5, f"the {y2} edition of the {y1} one"),
                            earlier.sentence))
    return out


def _stated_rec(sentence: str, passages: list[str]) -> bool:
    """Whether a recommendation the seeds hold is already stated by this sentence (one passage holds the other)."""
    return any(len(p) > 20 and (p in sentence or sentence in p) for p in passages)


def _reference_links(s: Sentence, doc: str, known: dict[str, str], new: dict[str, New]) -> list[Proposed]:
    """A reference: the source cites the title, which its author published."""
    match = REFERENCE.match(s.text)
    if match is None:
        return []
    def ident(name: str) -> str | None:
        key = comparable(name)
        return known.get(key) or (new[key].id if key in new else None)
    title, author = ident(match["title"]), ident(match["author"])
    out = [Proposed(doc, "cites", title, 0.85, "listed in its references")] if title else []
    if title and author:
        out.append(Proposed(title, "published_by", author, 0.8, "the author of the reference"))
    return out


def _occurrences(finder: NameFinder, sentence: str, kinds: dict[str, str], skip: str | None = None) -> list[Occurrence]:
    """The entities a sentence names, leftmost-longest, a name shared by several entities left out (and the
    names of ``skip``)."""
    out, reached = [], 0
    folded = comparable(sentence)
    for m in finder.mentions(sentence):
        if m.start >= reached and skip not in m.ids:
            if " " not in folded[m.start:m.end] and len(folded) == len(sentence) and sentence[m.start].islower():
                continue  # one ordinary word ("unlock people") is not the name it spells ("Unlock")
            reached = m.end
            if len(m.ids) == 1:
                ident = next(iter(m.ids))
                out.append(Occurrence(ident, kinds[ident], m.start, m.end))
    return out


def _heading_document(s: Sentence, occ: list[Occurrence], kinds: dict[str, str], new: dict[str, New]) -> str | None:
    """The document a title line names (a dated title), which the sentences below it describe."""
    for n in sorted(new.values(), key=lambda n: not n.candidate.listed):
        if n.sentence is s and n.candidate.kind in DOCUMENT_KINDS and n.candidate.start == 0:
            return n.id
    whole = [o for o in occ if o.kind in DOCUMENT_KINDS and o.start == 0]
    return whole[0].id if whole else None


def _subject_links(subject: str, kinds: dict[str, str], occ: list[Occurrence], text: str, s: Sentence,
                   count: Callable[[str], int], publisher: str | None, titled: bool = False) -> list[Proposed]:
    out = []
    listed = len({o.id for o in occ}) >= 4
    response = RESPONSE.search(text)
    about = ABOUT.search(text)
    for o in occ:
        if o.id in (subject, publisher):
            continue
        if response and 0 <= o.start - response.end() < 20 and RELATIONS["responds_to"].allows(kinds[subject], o.kind):
            out.append(Proposed(subject, "responds_to", o.id, 0.7, f"named after '{response.group()}'"))
        elif s.heading and titled and o.start == 0 and RELATIONS["published_by"].allows(kinds[subject], o.kind):
            out.append(Proposed(subject, "published_by", o.id, 0.6, "its title begins with the name"))
        elif s.heading or (count(o.id) >= 3 and not listed and o.kind == "Strategy"):
            out.append(Proposed(subject, "about", o.id, 0.6, "named in its title" if s.heading
                                else f"named in {count(o.id)} sentences"))
        elif about and kinds[subject] in DOCUMENT_KINDS and 0 < o.start - about.start() < 80:
            out.append(Proposed(subject, "about", o.id, 0.65, f"the document's subject ('{about.group()}')"))
        elif o.kind in _CITED and kinds[subject] in DOCUMENT_KINDS and (o.kind != "Strategy" or CITE.search(text)):
            out.append(Proposed(subject, "cites", o.id, 0.6, "a programme named with a citing cue"
                                if o.kind == "Strategy" else f"{'an' if o.kind == 'Act' else 'a'} {o.kind} named by "
                                "the document"))
        else:
            out.append(Proposed(subject, "mentions", o.id, 0.8, "named in the text" if not listed
                                else "one of several names listed"))
    return out


def _document_item(source: Source, sents: list[Sentence]) -> Item:
    title = next((s for s in sents if source.title.casefold() in s.text.casefold()), None)
    evidence = title or next((s for s in sents if s.heading), sents[0])
    data = {"id": source.id, "kind": "Publication", "name": source.title}
    if source.date:
        data["date"] = source.date
    data["evidence"] = [_quote(evidence.text, source.title) if title else evidence.text]
    return Item(data, 0.9 if title else 0.5, "the source document itself" + ("" if title else
                                                                              " (its title is not in the text)"),
                evidence.line)


def _quote(text: str, title: str) -> str:
    at = text.casefold().index(title.casefold())
    return text[at:at + len(title)]


def entity_item(n: New) -> Item:
    c = n.candidate
    data: dict = {"id": n.id, "kind": c.kind, "name": c.name}
    if c.aliases:
        data["aliases"] = list(c.aliases)
    if c.type and (c.kind != "Act" or c.type in ("Act", "Bill")):
        data["type"] = c.type
    if c.date:
        data["date"] = c.date
    data["evidence"] = [n.sentence.text]
    return Item(data, c.confidence, c.reason, n.sentence.line)


def _recommendation(doc: str, s: Sentence, number: int, summary: bool = False) -> Item:
    words = [w for w in re.split(r"[^a-z0-9]+", comparable(s.text)) if len(w) > 3][:6]
    name = " ".join(s.text.split()[:12]) + ("…" if len(s.text.split()) > 12 else "")
    data = {"id": f"rec-{doc}-{'-'.join(words) or number}", "kind": "Recommendation", "name": name}
    if summary:
        data["type"] = "summary"
    data.update(text=s.text, evidence=[s.text])
    if summary:
        return Item(data, 0.55, "a sentence that reports recommendations without stating one: a summary", s.line)
    return Item(data, 0.6, "a sentence that asks for something (recommend, should, call on, urge, must)", s.line)


def _relations(proposed: list[tuple[Proposed, Sentence]], dataset: Dataset, kinds: dict[str, str],
               rejections: Rejections, new_ids: set[str]) -> list[Item]:
    stated = {r.key for r in dataset.relations}
    stated |= {(s, other, t) for s, k, t in stated if k in _REFERS for other in _REFERS}
    chosen: dict[tuple[str, str, str], Item] = {}
    for p, s in proposed:
        key = (p.source, p.kind, p.target)
        if key in stated or p.source == p.target or rejections.relation(*key):
            continue
        if p.kind in ("succeeds", "part_of") and (p.target, p.kind, p.source) in stated | set(chosen):
            continue  # the reverse is stated: this would be a circular chain
        if p.source not in kinds or p.target not in kinds or not RELATIONS[p.kind].allows(kinds[p.source],
                                                                                          kinds[p.target]):
            continue
        if p.kind in _REFERS and any((p.source, k, p.target) in chosen for k in _REFERS - {p.kind}):
            continue  # one of about, mentions, cites per pair: the first found
        if key not in chosen:
            data = {"source": p.source, "kind": p.kind, "target": p.target, "evidence": [s.text]}
            chosen[key] = Item(data, p.confidence, p.reason, s.line)
    return list(chosen.values())
