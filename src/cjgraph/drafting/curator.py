"""Names a curator spots though they are not capitalised names with a head word: what a body "has published"
("NOMS have published its commissioning intentions from 2014"), a body's own review ("HMPPS's internal review
of resettlement"), a forum between bodies ("the engagement forum between Clinks, HMPPS and MoJ"), what is
commissioned ("commissioning day-one services", "the women's probation grants"), contract lots ("the
accommodation lot"), NHS bodies ("NHS England"), and acronyms whose letters the words spell inside them
("Futurebuilders England (FBE)"). A candidate may carry ``links``: relations to names of the same sentence."""

from __future__ import annotations

import re

from .patterns import CONNECTORS, Candidate, name_before

_LOWER = r"[a-z][\w’'-]*"
_PHRASE_STOP = re.compile(r"\s*(?:[,;:.()\[]|\b(?:which|that|who|along|but|as|in (?:19|20)\d\d\b|and (?:to|then|also|"
                          r"is|are|was|were|has|have|will|considers?|makes?|highlights?|looks?|sets?|provides?|"
                          r"explains?|outlines?|indicates?)\b|"
                          r"in (?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\b)|$)")
_PUBLISHED = re.compile(r"\b(?:has |have )?(?:now |recently |also )?published "
                        r"(?!(?:its|their|the|a|an|new) [^a-z])(?:its |their |the |a |an |new )?(?=[a-z])")
_DOC_KINDS = {"guidance": "Publication", "report": "Publication", "research": "Publication",
              "paper": "Publication", "briefing": "Publication", "findings": "Publication", "response": "Publication",
              "evidence": "Publication", "survey": "Publication", "strategy": "Strategy", "objectives": "Strategy",
              "intentions": "Strategy", "plan": "Strategy", "framework": "Strategy", "review": "Review"}
_OWN_REVIEW = re.compile(r"[’']s ((?:internal |independent |own |recent )?(?:review|inquiry|evaluation) (?:of|into) )")
_N = r"[A-Z][\w&’'-]*(?: (?:of |for )?[A-Z][\w&’'-]*)*"  # a capitalised name
_FORUM = re.compile(r"\b(?:[A-Z][a-z]+[’']s |the |an? )((?:[a-z]+ ){0,2}(?:forum|network|alliance|group|meeting|"
                    rf"board)) between ((?:{_N}(?:, | and | & )){{1,5}}{_N})")
_BETWEEN_NAMES = re.compile(_N)
_COMMISSIONING = re.compile(r"\bcommissioning (?:processes? )?(?:for |of )?(?:the )?")
_COMMISSIONED = re.compile(rf"((?:{_LOWER} ){{0,3}}(?:services|grants|contracts))((?: for (?!the\b)(?:{_LOWER} ){{0,8}}"
                           rf"{_LOWER})?)")
_NOT_COMMISSIONED = re.compile(r"\b(?:and|bodies|body|arrangements|model|process|processes|round|team|these|those|"
                               r"their|its|our|such)\b")
_CLAUSE = re.compile(r" (?:was|were|is|are|has|have|had|will|would|can|could|in|with|to|the|of)\b.*$")
_LOT = re.compile(rf"\bthe ((?:{_LOWER} ){{0,2}}{_LOWER}) lot\b")
_NHS = re.compile(r"\bNHS (?:England|Wales|Scotland|Improvement|Digital|Trust|Providers)\b")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_TYPES = {"Sector", "System", "Systems", "Services"}  # "Voluntary and Community Sector (VCS)": a kind of thing
_IS_A_SCHEME = re.compile(r" (?:is|was) (?:the|a|an) (?:[\w-]+ ){0,2}(?:fund|funding|programme|scheme|initiative)\b")


def curator_candidates(sentence: str) -> list[Candidate]:
    """Every pattern of this module found in ``sentence``."""
    return [*_published(sentence), *_own_reviews(sentence), *_forums(sentence), *_commissioned(sentence),
            *_lots(sentence), *_nhs(sentence), *_spelled_acronyms(sentence)]


def _phrase(sentence: str, start: int, words: int = 12) -> int:
    """Where a lower-case phrase beginning at ``start`` ends: at punctuation, a clause word or a date."""
    stop = _PHRASE_STOP.search(sentence, start)
    end = stop.start() if stop else len(sentence)
    cut = list(re.finditer(r"\S+", sentence[start:end]))[:words]
    while cut and cut[-1].group() in (*CONNECTORS, "the", "a", "an", "with", "by"):
        cut.pop()  # "... transgender people in" (cut short): not ending on a connector
    return start + cut[-1].end() if cut else start


def _body(sentence: str, end: int) -> tuple[str, int] | None:
    """The body named just before ``end``: a capitalised name, or "the government"."""
    end = len(sentence[:end].rstrip())
    start = name_before(sentence, end)
    if start < end:
        return sentence[start:end].strip(), start
    if re.search(r"\bthe government$", sentence[:end], re.IGNORECASE):
        return "Government", end - len("government")
    return None


def _published(sentence: str) -> list[Candidate]:
    """"NOMS have published its commissioning intentions from 2014": *NOMS commissioning intentions from 2014*,
    published by NOMS; what was published as written is an alias."""
    out = []
    for m in _PUBLISHED.finditer(sentence):
        body = _body(sentence, m.start())
        end = _phrase(sentence, m.end())
        phrase = sentence[m.end():end]
        head = next((w for w in re.findall(r"[a-z]+", phrase)[:3] if w in _DOC_KINDS), None)
        if body is None or head is None or len(phrase.split()) < 2:
            continue
        kind = _DOC_KINDS[head]
        out.append(Candidate(f"{body[0]} {phrase}", kind, f"what a body is said to have published ('{head}')", 0.55,
                             aliases=[phrase], start=m.end(), end=end,
                             links=[("published_by" if kind != "Strategy" else "led_by", body[0], False)]))
    return out


def _own_reviews(sentence: str) -> list[Candidate]:
    """"HMPPS's internal review of resettlement": *HMPPS internal review of resettlement*, led by HMPPS."""
    out = []
    for m in _OWN_REVIEW.finditer(sentence):
        body = _body(sentence, m.start())
        end = _phrase(sentence, m.end(), words=8)
        if body is None or end <= m.end():
            continue
        written = sentence[body[1]:end]
        name = f"{body[0]} {sentence[m.start(1):end]}"
        short = f"{body[0]} {m.group(1).split(' review')[0]} review" if not m.group(1).startswith("review") else None
        out.append(Candidate(name[0].upper() + name[1:], "Review", "a body's own review of something", 0.6,
                             type="review", aliases=[a for a in (written, short) if a and a != name],
                             start=body[1], end=end,
                             links=[("led_by", body[0], False)]))
    return out


def _forums(sentence: str) -> list[Candidate]:
    """"March's engagement forum between Clinks, HMPPS and MoJ": a Partnership, each body a partner in it."""
    out = []
    for m in _FORUM.finditer(sentence):
        names = _BETWEEN_NAMES.findall(m.group(2))
        end = m.end()
        name = sentence[m.start(1):end]
        out.append(Candidate(name[0].upper() + name[1:], "Partnership", f"a {m.group(1).split()[-1]} between bodies",
                             0.6, start=m.start(1), end=end, links=[("partner_in", n, True) for n in names]))
    return out


def _commissioned(sentence: str) -> list[Candidate]:
    """"commissioning day-one services", "the commissioning processes for the women's probation grants and the
    probation grants for ...": what was commissioned is a Strategy."""
    out = []
    for m in _COMMISSIONING.finditer(sentence):
        at = m.end()
        while (found := _COMMISSIONED.match(sentence, at)) is not None:
            tail = found.group(2)
            while (clause := _CLAUSE.search(tail, 5)) is not None:  # "for the reunified ... was completed"
                tail = tail[:clause.start()]
            name = found.group(1) + tail
            if len(name.split()) >= 2 and not _NOT_COMMISSIONED.search(found.group(1)):
                out.append(Candidate(name[0].upper() + name[1:], "Strategy", "what is being commissioned", 0.55,
                                     aliases=[name], start=at, end=at + len(name)))
            more = re.match(r" and (?:the )?", sentence[found.end():])
            if more is None:
                break
            at = found.end() + more.end()
    return out


def _lots(sentence: str) -> list[Candidate]:
    """"the accommodation lot": a lot of a commissioning round, a Strategy."""
    return [Candidate(f"{m.group(1)[0].upper()}{m.group(1)[1:]} lot", "Strategy", "a contract lot ('the ... lot')", 0.6,
                      start=m.start(1), end=m.end()) for m in _LOT.finditer(sentence)
            if m.group(1).split()[0] not in ("whole", "same", "first", "last", "other", "new")]


def _nhs(sentence: str) -> list[Candidate]:
    return [Candidate(m.group(), "Organisation", "an NHS body", 0.75, start=m.start(), end=m.end())
            for m in _NHS.finditer(sentence)]


def spells(acronym: str, words: list[str]) -> bool:
    """Whether the words spell the acronym in order (letters inside words too, as "Futurebuilders England" spells
    FBE), each acronym letter found right to left, the first at the start of the first word, every word used."""
    letters = [c.casefold() for c in acronym if c.isalpha()]
    text = " ".join(words).casefold()
    at = len(text)
    used: set[int] = set()
    for i, letter in enumerate(reversed(letters)):
        first = i == len(letters) - 1
        while at > 0:
            at -= 1
            if text[at] == letter and (not first or at == 0):
                used.add(text.count(" ", 0, at))
                break
        else:
            return False
    return at == 0 and used == set(range(len(words)))


def _spelled_acronyms(sentence: str) -> list[Candidate]:
    """A capitalised name before an acronym in brackets whose letters it spells, some inside its words."""
    out = []
    for m in _ACRONYM.finditer(sentence):
        stop = m.start() - 1
        begin = name_before(sentence, stop, limit=6)
        words = sentence[begin:stop].split()
        for i in range(len(words)):
            run = [w for w in words[i:] if w not in CONNECTORS]
            if words[i] in CONNECTORS or not words[i][0].isupper() or len(run) < 2:
                continue
            if words[i][0] == m.group(1)[0] and spells(m.group(1), run):
                start = begin + len(" ".join(words[:i])) + (1 if i else 0)
                if m.group(1).casefold() in ("".join(w[0] for w in words[i:]).casefold(),
                                             "".join(w[0] for w in run).casefold()) or run[-1] in _TYPES:
                    break  # the initials spell it: the pattern of cjgraph.drafting.patterns
                scheme = _IS_A_SCHEME.match(sentence, m.end())
                out.append(Candidate(sentence[start:stop], "Strategy" if scheme else "Organisation",
                                     f"a name whose words spell its acronym ({m.group(1)})", 0.7,
                                     aliases=[m.group(1)], start=start, end=stop))
                break
    return out


def candidate_links(new: dict, known: dict[str, str]) -> list:
    """The relations new entities' candidates carry to names of their sentence ("published by NOMS", the bodies
    a forum is between), where the name is an entity the seeds know or the draft proposes."""
    from ..mentions import comparable
    from .relate import Proposed

    ids = {key: n.id for key, n in new.items()}
    out = []
    for n in new.values():
        for kind, name, reverse in n.candidate.links:
            other = known.get(comparable(name)) or ids.get(comparable(name))
            if other and other != n.id:
                source, target = (other, n.id) if reverse else (n.id, other)
                out.append((Proposed(source, kind, target, 0.6, f"{n.candidate.reason}: {name}"), n.sentence))
    return out


_SPEECH = re.compile(r"\b((?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+)[’']s (speech|lecture|address) (?:at|to) (?:the )?(?=[A-Z])")
_BODY_COMMISSIONED = re.compile(r"\b([A-Z][A-Za-z]{1,9})-commissioned (research|review|study|evaluation) "
                                r"(?:into|on|of) ")
_CONDUCT_REVIEW = re.compile(r"\b(?:conduct|carry out|undertake|lead|launch|launched|announced|commissioned|"
                             r"co-?ordinate) "
                             r"(?:a|an) ((?:extensive |full |major |wide-ranging )?)((?:independent |internal )?"
                             r"(?:review|inquiry) (?:into|of) )")
_AUTHORITIES = re.compile(r"\b(?:[Tt]he |for )((local|police|health|housing|fire) authorities)\b")
_FOOTNOTE = re.compile(r"^(?P<author>[A-Z][\w&’' ]{1,40}?)[.,] (?P<title>[A-Z][^.,;]{3,100})[.,] "
                       r"pp?\. ?\d+(?:-\d+)?\.?$")
_COINED = re.compile(r"(?<![\w-])([A-Z]{2,}[a-z]{2,})(?![\w-])")
_DEFINED = re.compile(r"\b((?:[a-z]+ ){1,3}[a-z]+) \(([A-Z]{2,6})s?\)")
_SET_UP = re.compile(r"\b(?:established|set up|created|formed|runs|convened) (?:a|an)\s*$")
_GROUP_KINDS = {"groups": "Partnership", "group": "Partnership", "panels": "Organisation", "panel": "Organisation",
                "boards": "Organisation", "board": "Organisation", "networks": "Partnership",
                "network": "Partnership", "forums": "Partnership", "forum": "Partnership"}


def more_candidates(sentence: str) -> list[Candidate]:
    """A person's speech at a body, "NOMS-commissioned research into ...", "conduct a review into prison
    education", "local authorities", a coined mixed-case name ("OASys": a tool or system)."""
    out = []
    for m in _SPEECH.finditer(sentence):
        end = _phrase(sentence, m.end(), 8)
        out.append(Candidate(sentence[m.start():end], "Publication", f"a person's {m.group(2)} at a body", 0.6,
                             start=m.start(), end=end, links=[("published_by", m.group(1), False)]))
    for m in _BODY_COMMISSIONED.finditer(sentence):
        end = _phrase(sentence, m.end(), 10)
        out.append(Candidate(sentence[m.start():end], "Publication", f"{m.group(2)} a body commissioned", 0.6,
                             start=m.start(), end=end, links=[("commissioned_by", m.group(1), False)]))
    for m in _CONDUCT_REVIEW.finditer(sentence):
        end = _phrase(sentence, m.end(), 6)
        if end > m.end():
            name = sentence[m.start(2):end]
            out.append(Candidate(name[0].upper() + name[1:], "Review", "a review someone is to conduct or launched",
                                 0.55, type="review", start=m.start(2), end=end))
    if m := _FOOTNOTE.match(sentence):
        out.append(Candidate(m["title"], "Publication", "a footnote citing a title with its author and page", 0.65,
                             start=m.start("title"), end=m.end("title"), links=[("published_by", m["author"], False)]))
    for m in _AUTHORITIES.finditer(sentence):
        out.append(Candidate(m.group(1)[0].upper() + m.group(1)[1:], "Organisation", f"{m.group(2)} authorities, "
                             "the bodies as a class", 0.5, start=m.start(1), end=m.end(1)))
    for m in _COINED.finditer(sentence):
        if not m.group(1).endswith("s") or (m.group(1)[-2].islower() and not m.group(1)[:-1].isupper()):
            out.append(Candidate(m.group(1), "Strategy", "a coined mixed-case name (a tool or system)", 0.5,
                                 start=m.start(1), end=m.end(1)))
    return out


def defined_acronyms(sentences: list[str]) -> dict[str, str]:
    """Acronyms the document defines after lower-case words that spell them ("special interest groups (SIGs)"):
    acronym -> the last word of the definition."""
    found = {}
    for sentence in sentences:
        for m in _DEFINED.finditer(sentence):
            words = m.group(1).split()
            for i in range(len(words)):
                if "".join(w[0] for w in words[i:]).upper() == m.group(2):
                    found[m.group(2)] = words[-1]
                    break
    return found


def acronym_names(sentence: str, defined: dict[str, str]) -> list[Candidate]:
    """"the RR3 established a probation SIG" where the document defines SIG: *probation SIG*, the kind from
    what SIG stands for, the bare acronym an alias (the document's "the SIG" later), led by who set it up."""
    out = []
    for acronym, head in defined.items():
        kind = _GROUP_KINDS.get(head)
        for m in re.finditer(rf"\b(?:a|an|the|its|our) ([a-z]+ {acronym})\b(?! on\b)", sentence):
            if kind is None:
                continue
            links = []
            if set_up := _SET_UP.search(sentence, 0, m.start() + len(m.group().split()[0])):
                end = len(sentence[:set_up.start()].rstrip())
                if (start := name_before(sentence, end)) < end:
                    links = [("led_by", sentence[start:end], False)]
            out.append(Candidate(m.group(1), kind, f"a {head[:-1] if head.endswith('s') else head} the document "
                                 f"calls {acronym} (defined there)", 0.6, aliases=[acronym], start=m.start(1),
                                 end=m.end(1), links=links))
    return out


def page_subject(doc: str, proposed: list, kinds: dict[str, str], projects: dict[int, str]) -> list:
    """The programme a page's title names (the page is about it) is what the page's project and the reports it
    introduces as "our" are about too: *Tracking Transforming Rehabilitation*'s reports are about Transforming
    Rehabilitation."""
    from .relate import Proposed

    subjects = [(p.target, s) for p, s in proposed if p.source == doc and p.kind == "about"
                and p.reason == "the source's title names it" and kinds.get(p.target) == "Strategy"]
    ours = [(p.source, s) for p, s in proposed if p.kind == "published_by" and p.reason.startswith(
        ("introduced as 'our'", "'our' on the page"))]
    ours += [(ident, None) for ident in sorted(set(projects.values()))]
    return [(Proposed(ident, "about", subject, 0.45, "what the page's title names, of the page's own work"), s)
            for subject, s in subjects[:1] for ident in dict(ours)]  # the passage: the first naming it
