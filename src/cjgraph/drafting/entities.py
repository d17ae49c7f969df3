"""The new entities of a source: the pattern candidates of each sentence, less the names the seeds know and
what was rejected, merged by name, each with a slug id."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..mentions import comparable
from .curator import acronym_names, defined_acronyms, more_candidates
from .patterns import HEADS, Candidate, candidates
from .people import LOWER_HEADS
from .rejections import Rejections
from .text import Sentence


@dataclass
class New:
    id: str
    candidate: Candidate
    sentence: Sentence
    same_as: str | None = None  # a listed title that is a known entity's name: the document is about it


def slug(text: str) -> str:
    folded = comparable(text).replace("&", " and ").replace("'", "")
    words = [w for w in re.split(r"[^a-z0-9]+", folded) if w]
    if words[:1] == ["the"]:
        words = words[1:]
    return "-".join(words)[:80].strip("-")


def new_entities(sents: list[Sentence], known: dict[str, str], kinds: dict[str, str],
                  rejections: Rejections, briefings: bool = False) -> dict[str, New]:
    """New entities from the patterns, less known names; ``briefings``: dated titles are briefings (ids
    ``briefing-YYYY-MM-title``, as the seeds write them)."""
    new: dict[str, New] = {}
    ids = set(kinds)
    defined = defined_acronyms([s.text for s in sents])
    for s in sents:
        kept: list[Candidate] = []
        found = [*candidates(s.text, s.heading), *more_candidates(s.text), *acronym_names(s.text, defined)]
        for c in sorted(found, key=lambda c: (c.start, -(c.end - c.start), not c.listed)):
            if any(k.start <= c.start and c.end <= k.end and not k.listed and not _object_of(s.text, k, c)
                   for k in kept):
                continue  # inside a longer name found in the same place (not "the Review of the X Service")
            kept.append(c)
            key = comparable(c.name)
            if c.base and known.get(comparable(c.base)) and kinds.get(known[comparable(c.base)]) == c.kind:
                continue  # "the Transforming Rehabilitation programme" is the known Transforming Rehabilitation
            same_as = known.get(key) if c.listed and kinds.get(known.get(key, "")) != "Publication" else None
            if same_as:
                key = f"listed {key}"
            if key in known or len(key) < 3 or any(comparable(a) in known and kinds[known[comparable(a)]] == c.kind
                                                   for a in c.aliases):
                continue
            loose = next((k for k in new if k.replace("-", " ") == key.replace("-", " ") and k != key), None)
            if loose and new[loose].candidate.kind == c.kind:  # "Day one services" is "Day-one services"
                new[loose].candidate.aliases = sorted({*new[loose].candidate.aliases, c.name})
                continue
            plural = key[:-1] if key.endswith("s") and key[:-1] in new else key + "s" if key + "s" in new else None
            if plural and new[plural].candidate.kind == c.kind:
                new[plural].candidate.aliases = sorted({*new[plural].candidate.aliases, c.name})
                continue
            if key in new and new[key].candidate.listed and not c.listed and c.kind not in ("Publication", "Act") \
                    and f"thing {key}" not in new:  # "NOMS have published its commissioning intentions from 2014"
                add(new, f"thing {key}", c, s, None, ids, kinds, known, rejections)  # under that listed title
                continue
            if key in new:
                merged = new[key].candidate
                merged.aliases = sorted(set(merged.aliases) | set(c.aliases))
                merged.date = merged.date or c.date
                continue
            if c.listed and not same_as and (subject := _titled_thing(c)) is not None:
                same_as = add(new, comparable(c.name), subject, s, None, ids, kinds, known, rejections)
                key = f"listed {key}"
            prefix = f"briefing-{c.date}-" if c.listed and briefings else ""
            add(new, key, c, s, same_as, ids, kinds, known, rejections, prefix)
    return new


def _object_of(text: str, outer: Candidate, inner: Candidate) -> bool:
    """Whether ``inner`` is what ``outer`` is of or for: "Best Value Review of the National Probation Service"."""
    between = text[outer.start:inner.start]
    if inner.start == outer.start and re.match(r" (?:Report|Review|Briefing)\b", text[inner.end:outer.end]):
        return True  # "Criminal Justice Joint Inspection Report": the body before its report
    return inner.start > outer.start and bool(re.search(r" (?:of|for|on|into|at|in|following|after)(?: the| [A-Z][a-z]+"
                                                        r"[’']s)? $", between))


def _titled_thing(c: Candidate) -> Candidate | None:
    """The programme, consultation, paper or review a dated title is named after ("Giving Green Paper"), which the
    document listed under it is about: a second entity."""
    last = c.name.split()[-1]
    kind, type_ = HEADS.get(last, HEADS.get(last[:-1], (None, None)))
    if kind is None and last in LOWER_HEADS:
        kind, type_, _ = LOWER_HEADS[last]
    if kind in (None, "Publication", "Act"):
        return None
    return Candidate(c.name, kind, "the thing a dated title is named after", 0.5, type=type_, start=c.start, end=c.end)


def add(new: dict[str, New], key: str, c: Candidate, s: Sentence, same_as: str | None, ids: set[str],
         kinds: dict[str, str], known: dict[str, str], rejections: Rejections, prefix: str = "") -> str | None:
    ident = prefix + slug(c.name)
    if ident == prefix or rejections.entity(ident, c.name):
        return None
    while ident in ids:
        ident += "-2"
    ids.add(ident)
    new[key] = New(ident, c, s, same_as)
    kinds[ident] = c.kind
    for alias in c.aliases:
        known.setdefault(comparable(alias), ident)
    return ident


_THE_PROJECT = re.compile(r"^The (project|programme|initiative)\b")
_PROJECT_KINDS = {"project": "Partnership", "programme": "Strategy", "initiative": "Strategy"}


def page_projects(sents: list[Sentence], title: str, new: dict[str, New], known: dict[str, str],
                  kinds: dict[str, str], rejections: Rejections) -> dict[int, str]:
    """"The project – a partnership between A, B and C" on a page titled *Tracking Transforming Rehabilitation*:
    the project the page is about, *Tracking Transforming Rehabilitation project*. Sentence index -> its id."""
    found: dict[int, str] = {}
    for s in sents:
        match = _THE_PROJECT.match(s.text)
        if match is None:
            continue
        name = f"{title} {match.group(1)}"
        key = comparable(name)
        ident = known.get(key) or (new[key].id if key in new else None)
        if ident is None:
            c = Candidate(name, _PROJECT_KINDS[match.group(1)], f"'The {match.group(1)}' of a page titled '{title}'",
                          0.5, start=0, end=len(match.group()))
            ident = add(new, key, c, s, None, set(kinds), kinds, known, rejections)
        if ident:
            found[s.index] = ident
    return found
