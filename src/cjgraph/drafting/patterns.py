"""New entities a curator would spot in a sentence: Acts and Bills with years, named reviews and inquiries,
titles in quotes, bodies with an acronym in brackets, committees, inspectorates, programmes, people with a
role, and dated titles standing on a line of their own. Each is a :class:`Candidate` with its kind, and the
aliases and date the sentence gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import REFERENCE

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH = "|".join(MONTHS)
CONNECTORS = {"of", "for", "and", "on", "in", "to", "&", "into"}
# capitalised words that start a sentence or a phrase rather than a name
_LEADING = {"The", "A", "An", "Our", "Their", "This", "These", "That", "Its", "His", "Her", "In", "On", "Since", "By",
            "For", "From", "With", "And", "But", "As", "At", "To", "Both", "Today", "Today's", "Today’s", "If", "When",
            "While", "Under", "After", "Before", "Following", "New", "Briefing", "Read", "See", "Also", "We", "It",
            "Of", "All", "Many", "Some", "Each", "Every", "Members", "However", "Through", "Recent",
            # words that begin a title about a body, not the body's name ("Introduction of Police and Crime ...")
            "Introduction", "Implications", "Changes", "Summary", "Update", "Proposals", "Guide"}
# the last word of a name -> (kind, type); a name ending so is an entity of that kind
HEADS: dict[str, tuple[str, str | None]] = {
    **{w: ("Organisation", None) for w in (
        "Committee", "Inspectorate", "Ministry", "Department", "Office", "Service", "Agency", "Trust", "Foundation",
        "Council", "Board", "Association", "Alliance", "Network", "Centre", "Society", "Institute", "Commission",
        "Unit", "Federation", "Forum", "Authority", "Executive", "Fund", "Court", "Commissioner", "Ombudsman")},
    **{w: ("Partnership", None) for w in ("Partnership", "Consortium", "Coalition", "Group", "Project")},
    **{w: ("Strategy", None) for w in ("Programme", "Scheme", "Strategy", "Initiative", "Framework", "Lab", "Bond",
                                        "Pilot", "Plan", "Reforms", "Agenda", "Compact", "Standard", "Statement",
                                        "Model")},
    **{w: ("Strategy", "consultation") for w in ("Consultation",)},
    **{w: ("Strategy", "white paper") for w in ("Paper",)},
    "Review": ("Review", "review"), "Inquiry": ("Review", "inquiry"), "Inspection": ("Review", "inspection"),
    "Report": ("Publication", "report"), "Briefing": ("Publication", "briefing"), "Survey": ("Publication", None),
    "Overview": ("Publication", None), "Guidance": ("Publication", "guidance"), "Instruction": ("Strategy", None),
}
_FORWARD_HEADS = {"Review", "Inquiry", "Ministry", "Department", "Inspectorate", "Office", "Commissioner",
                  "Secretary", "Inspection", "Committee", "Council", "Association", "Board", "Commission", "Agency",
                  "Institute", "Fund", "Forum", "Group", "Centre"}
_PLURALS = {"Women", "Children", "People", "Men", "Victims", "Prisoners", "Offenders", "Families"}
_WORD = re.compile(r"[A-Za-z0-9][\w'’&-]*|&")
_DOC_CUE = re.compile(r"\b(report|briefing|paper|guide|publication|consultation|strategy|review|survey|toolkit|"
                      r"document|study|research|called|titled|entitled|response|evidence|bulletin|blog|campaign)\b"
                      r"[^.;‘\"“]{0,40}$",
                      re.IGNORECASE)
_CUE_AFTER = re.compile(r"\W{0,3}(?:an? |the )?(report|briefing|paper|guide|research|study|survey|consultation|"
                        r"strategy|review|toolkit)\b", re.IGNORECASE)
_QUOTED = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())[‘'\"“]([A-Z][^‘’'\"“”]{2,150}?)[’'\"”](?=[\s.,;:)!?]|$)")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_ACT = re.compile(r"\b(Act|Bill)\b(?: \(?(\d{4})\)?)?")
_PERSON = re.compile(r"\b((?:Dame |Sir |Lord |Baroness |Dr )?[A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,2}), "
                     r"((?:[A-Z][\w-]*|of|for|and|the|at)(?: (?:[A-Z][\w-]*|of|for|and|the))*?) (?:of|at) ")
_ROLES = {"CEO", "Chief", "Director", "Chair", "Chairman", "Head", "Manager", "Officer", "Minister", "Secretary",
          "President", "Lead", "Founder", "Coordinator", "Trustee", "Executive", "Policy"}
# words that with a head word make a type, not a name ("Green Paper", "Probation Services", "Local Authority")
_GENERIC = {"Green", "White", "Probation", "Local", "National", "Government", "Final", "Draft", "New", "Joint",
            "Public", "Voluntary", "Prison", "Prisons", "Services", "Service", "Paper", "Authority", "Authorities",
            "Review", "Report", "Strategy", "Programme", "Consultation", "Council", "Councils", "Partnership"}
_DATED_LINE = re.compile(rf"^(?P<title>\S.*?\S) ?\((?P<month>{_MONTH}) (?P<year>\d{{4}})\)$")
_DATE_AFTER = re.compile(rf"\b(?:in|on|of)? ?(?:\d{{1,2}}(?:st|nd|rd|th)? )?({_MONTH}) (\d{{4}})")


@dataclass
class Candidate:
    """A new entity proposed from a sentence."""

    name: str
    kind: str
    reason: str
    confidence: float
    type: str | None = None
    aliases: list[str] = field(default_factory=list)
    date: str | None = None
    start: int = 0  # the name's span in the sentence
    end: int = 0
    listed: bool = False  # a dated title on its own line: a document even when its title names a known entity
    base: str | None = None  # the name without its lower-case head word ("Transforming Rehabilitation")
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # (kind, other name, other is the source)


def candidates(sentence: str, heading: bool = False) -> list[Candidate]:
    """Every new-entity pattern found in ``sentence`` (a title line if ``heading``), overlapping ones included."""
    found = [*_acts(sentence), *_acronyms(sentence), *_quoted(sentence), *_headed(sentence), *_people(sentence)]
    found += _title_case_quotes(sentence, found)
    found += _listed(sentence) + _after_cue(sentence)
    from .curator import curator_candidates
    from .people import agents_after_cue, lower_heads, misc, people

    found += people(sentence) + lower_heads(sentence) + agents_after_cue(sentence) + misc(sentence)
    found += curator_candidates(sentence)
    if reference := REFERENCE.match(sentence):
        title, author = reference["title"], reference["author"]
        found.append(Candidate(title, "Publication", "the title of a reference (Author. (Year). Title.)", 0.85,
                               date=reference["year"], start=reference.start("title"), end=reference.end("title")))
        if "," not in author:
            kind, type_ = HEADS.get(author.split()[-1], ("Organisation", None))
            found.append(Candidate(author, kind, "the author of a reference", 0.6, type=type_,
                                   start=reference.start("author"), end=reference.end("author")))
    if heading and (dated := _DATED_LINE.match(sentence)):
        title = dated["title"].rstrip(" :")
        found.append(Candidate(title, "Publication", "a title on a line of its own, dated (Month Year)", 0.7,
                               date=f"{dated['year']}-{MONTHS.index(dated['month']) + 1:02d}",
                               start=0, end=len(title), listed=True))
    return found


def name_before(sentence: str, end: int, limit: int = 10, commas: bool = False) -> int:
    """Where a name ending at ``end`` begins: the run of capitalised words (and connectors inside it) before it,
    without leading connectors or sentence words ("The", "Our"). A bracketed part followed by a capitalised
    word stays in it ("Public Services (Social Value) Act 2012")."""
    words = list(_WORD.finditer(sentence, 0, end))
    start = end
    depth = 0
    taken: list[str] = []
    for word in reversed(words):
        gap = sentence[word.end():start]
        text = word.group()
        following = sentence[start:].split(" ", 1)[0]
        if gap == ") " and depth == 0 and following[:1].isupper() and following not in CONNECTORS:
            depth = 1
        elif gap == " (" and depth == 1:
            depth = 0
        elif gap != " " and not (start == end and gap == "") and not (commas and gap == ", " and " and " in
                                                                         sentence[start:end]):
            break
        digit = len(text) == 1 and text.isdigit() and bool(taken)  # "the 1 Step Beyond project"
        if not (text[0].isupper() or text in CONNECTORS or digit) or text in MONTHS or len(taken) >= limit:
            break
        if text.endswith(("'s", "’s", "s'", "s’")) and len(text) > 2 and text[:-2] not in _PLURALS:
            break  # "the DWP's Work Programme": the owner is not part of the name ("Women's Aid" is)
        left = sentence[:word.start()].rstrip().rsplit(" ", 1)[-1]
        if text in ("and", "&") and (_is_head(left) or sum(c.isupper() for c in left) >= 2):
            break  # "... Youth Services and National Association ...", "MoJ and HM ...": two names
        start = word.start()
        taken.append(text)
    if depth:  # the bracket opened before the run: the name starts after it
        start = sentence.index(") ", start, end) + 2
    while start < end:  # trim leading connectors and sentence words
        first = _WORD.match(sentence, start)
        if first is None or not (first.group() in CONNECTORS or first.group() in _LEADING):
            break
        rest = sentence[first.end():end]
        start = first.end() + (len(rest) - len(rest.lstrip()))
    return start


def _is_head(word: str) -> bool:
    return word in HEADS or (word.endswith("s") and word[:-1] in HEADS)


def name_after(sentence: str, start: int, limit: int = 8) -> int:
    """Where a name beginning at ``start`` with a head word ("Review") ends, taking "of X Y" after it (and "for
    X, Y and Z")."""
    end = start
    taken: list[str] = []
    for word in _WORD.finditer(sentence, start):
        gap = sentence[end:word.start()]
        listed = gap == ", " and re.match(r"(?:[A-Z]\w* )+and [A-Z]", sentence[word.start():])
        if (gap not in ("", " ") and not listed) or len(taken) >= limit:
            break
        text = word.group()
        the = text == "the" and taken[-1:] and taken[-1] in CONNECTORS  # "Review of the National ..."
        if not (text[0].isupper() or text[0].isdigit() or text in CONNECTORS or the):
            break
        if text in ("and", "&") and _is_head(sentence[:word.start()].rstrip().rsplit(" ", 1)[-1]):
            break
        if text.endswith(("'s", "’s")):  # "the Ministry of Justice's review": the name ends before the 's
            end = word.end() - 2
            break
        end = word.end()
        taken.append(text)
    while True:  # trim trailing connectors
        last = sentence[start:end].rsplit(" ", 1)
        if len(last) == 2 and (last[1] in CONNECTORS or last[1] == "the"):
            end = start + len(last[0])
        else:
            return end


def _acts(sentence: str) -> list[Candidate]:
    out = []
    for match in _ACT.finditer(sentence):
        word, year = match.groups()
        start = name_before(sentence, match.start(), limit=12, commas=True)
        if start == match.start() or (word == "Act" and not year):
            continue
        name = sentence[start:match.end()]
        aliases = [name] if "(" in name[-6:] else []
        name = f"{sentence[start:match.start()]}{word} {year}" if year else name
        out.append(Candidate(name, "Act", f"an {word} named with its year" if year else "a Bill named", 0.9 if year
                             else 0.6, type=word, date=year, aliases=aliases, start=start, end=match.end()))
    return out


def _initials(words: list[str]) -> str:
    return "".join(w if w.isupper() else w[0].upper() for w in words if w not in CONNECTORS and w[0].isupper())


def _acronyms(sentence: str) -> list[Candidate]:
    out = []
    for match in _ACRONYM.finditer(sentence):
        acronym = match.group(1)
        letters = "".join(c for c in acronym if c.isupper())
        stop = match.start() - 1
        for _ in range(2):  # "the Social Impact Bond model (SIB)": a lower-case word may stand before the bracket
            before = sentence[:stop].rsplit(" ", 1)
            if len(before) == 2 and before[1][:1].islower() and before[1] not in CONNECTORS and \
                    name_before(sentence, stop, limit=12) == stop:
                stop = len(before[0])
        begin = name_before(sentence, stop, limit=12)
        words = [w.group() for w in _WORD.finditer(sentence, begin, stop)]
        for i in range(len(words)):  # the shortest run of the words before the bracket whose initials spell it
            if words[i] in CONNECTORS or not words[i][0].isupper():
                continue
            if _initials(words[i:]) == letters and words[-1] not in ("System", "Sector", "Systems"):
                start = begin + sum(len(w) + 1 for w in words[:i])
                name = sentence[start:stop]
                kind, type_ = HEADS.get(words[-1], ("Organisation", None))
                out.append(Candidate(name, kind, f"a name followed by its acronym in brackets ({acronym})", 0.9,
                                     type=type_, aliases=[acronym], start=start, end=stop))
                break
    return out


def _quoted(sentence: str) -> list[Candidate]:
    out = []
    for match in _QUOTED.finditer(sentence):
        cue = _DOC_CUE.search(sentence[max(0, match.start() - 60):match.start()]) or \
            _CUE_AFTER.match(sentence, match.end())
        title = match.group(1).strip().rstrip(",.")
        if cue is None or len(title.split()) > 20:
            continue
        word = cue.group(1).lower()
        kind, type_ = ("Strategy", word) if word in {"consultation", "strategy", "paper", "campaign"} else \
            ("Review", "review") if word == "review" else ("Publication", word if word in {"report", "briefing",
                                                                                          "survey"} else None)
        date = _DATE_AFTER.search(sentence, match.end())
        out.append(Candidate(title, kind, f"a title in quotes after '{cue.group(1)}'", 0.85, type=type_,
                             date=f"{date[2]}-{MONTHS.index(date[1]) + 1:02d}" if date else None,
                             start=match.start(1), end=match.start(1) + len(title)))
    return out


_DOUBLE = re.compile(r"(?:(?<=\s)|(?<=^))[“\"]([A-Z][^“”\"]{2,80}?)[”\"](?=[\s.,;:)!?]|$)")


def _title_case_quotes(sentence: str, found: list[Candidate]) -> list[Candidate]:
    """A short title-case phrase in double quotes (“Draft ISPA”), not found by the other patterns."""
    out = []
    for match in _DOUBLE.finditer(sentence):
        words = match.group(1).split()
        if len(words) > 8 or any(c.start == match.start(1) for c in found):
            continue
        if all(w[0].isupper() or w in CONNECTORS or w in ("the", "a") for w in words):
            out.append(Candidate(match.group(1), "Publication", "a title-case name in double quotes", 0.5,
                                 start=match.start(1), end=match.end(1)))
    return out


_LIST_CUE = re.compile(r"\b(?:including|such as|between|namely|from|by)\s+")
_ITEM = re.compile(r"(?:the )?([A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|of|for|and|on|in|the|to))*)")


_LIST_TYPES_KINDS = {"schemes": ("Strategy", None), "programmes": ("Strategy", None), "bodies": ("Organisation", None),
                     "organisations": ("Organisation", None), "agencies": ("Organisation", None),
                     "charities": ("Organisation", "charity"), "funders": ("Organisation", None)}
_LIST_TYPES = re.compile(r"\b(" + "|".join(_LIST_TYPES_KINDS) + r")\b(?: \w+){0,2}\W*$")


def _listed(sentence: str) -> list[Candidate]:
    """Names in a list after "including", "such as", "between": each item a body when most items end in a head
    word of a body ("Drugscope, Womens Resource Centre, National Council for Voluntary Youth Services and ..."),
    or each item of the type the list follows ("schemes including MAPPA, PPO and DIPs")."""
    out = []
    for cue in _LIST_CUE.finditer(sentence):
        items, at = [], cue.end()
        while True:
            item = _ITEM.match(sentence, at)
            if item is None:
                break
            text = re.sub(r"(?: (?:of|for|and|on|in|the|to))+$", "", item.group(1))
            parts = re.split(r"(?<=\w) and (?=[A-Z])", text)
            parts = _join_unless_head(parts)
            pos = item.start(1)
            for part in parts:
                if all(w[0].isupper() or w in CONNECTORS or w == "the" for w in part.split()):
                    items.append((pos, part))
                pos += len(part) + 5
            at = item.end()
            if sentence.startswith(", ", at):
                at += 2
            elif sentence.startswith(" and ", at):
                at += 5
            else:
                break
        typed = _LIST_TYPES.search(sentence[max(0, cue.start() - 40):cue.start()])
        if len(items) < 2 or (sum(_is_head(t.split()[-1]) for _, t in items) * 2 < len(items) and not typed):
            continue
        for pos, text in items:
            default = _LIST_TYPES_KINDS[typed.group(1)] if typed else ("Organisation", None)
            kind, type_ = HEADS.get(text.split()[-1], HEADS.get(text.split()[-1][:-1], default))
            out.append(Candidate(text, kind, f"one of a list of bodies after '{cue.group().strip()}'", 0.6,
                                 type=type_, start=pos, end=pos + len(text)))
    return out


_NAMED_CUE = re.compile(r"\b(campaign|programme|strategy|report|consultation|scheme|initiative|project|paper|document)"
                        r"[;:,]? (?=[A-Z])")
_CUE_KINDS = {"report": ("Publication", "report"), "paper": ("Publication", None), "document": ("Publication", None)}


def _join_unless_head(parts: list[str]) -> list[str]:
    """Parts split at " and " joined back where the part before does not end in a head word ("Voluntary and
    Community Action" is one name)."""
    out = parts[:1]
    for part in parts[1:]:
        last = out[-1].split()[-1]
        if _is_head(last) or (len(last) > 1 and sum(c.isupper() for c in last) >= 2):  # a head word or an acronym
            out.append(part)
        else:
            out[-1] = f"{out[-1]} and {part}"
    return out


def _after_cue(sentence: str) -> list[Candidate]:
    """A capitalised name just after a word saying what it is: "the campaign Your Voice | Our Vision", "the Cabinet
    Office report Unshackling Good Neighbours"."""
    out = []
    for cue in _NAMED_CUE.finditer(sentence):
        end = cue.end()
        for word in re.finditer(r"\S+", sentence[cue.end():]):
            token = word.group().rstrip(",.;:")
            if not (token[:1].isupper() or token == "|" or token in CONNECTORS) or (word.start() > 0 and \
                    sentence[cue.end() + word.start() - 1] != " "):
                break
            end = cue.end() + word.start() + len(token)
            if token != word.group():
                break
        name = sentence[cue.end():end]
        while name.split()[-1:] and (name.split()[-1] in CONNECTORS or name.split()[-1] == "|"):
            name = name.rsplit(" ", 1)[0]
        if len(name.split()) >= 2:
            kind, type_ = _CUE_KINDS.get(cue.group(1), ("Strategy", cue.group(1)))
            out.append(Candidate(name, kind, f"a name after '{cue.group(1)}'", 0.6, type=type_, start=cue.end(),
                                 end=cue.end() + len(name)))
    return out


def _headed(sentence: str) -> list[Candidate]:
    out = []
    for match in re.finditer(r"\b(" + "|".join(HEADS) + r")s?\b", sentence):
        head = match.group(1)
        start = name_before(sentence, match.start())
        end = match.end()
        if head in _FORWARD_HEADS and sentence.startswith((" of ", " for ", " on ", " into "), end):
            end = name_after(sentence, end + 1)
            if sentence[match.end():end].strip() in CONNECTORS:
                end = match.end()
        name = sentence[start:end]
        if name == head or (len(name.split()) < 2 and start == match.start()):
            continue  # a bare head word is not a name
        generic = len(name.split()) == 2 and set(name.split()) <= _GENERIC
        if generic or set(name.split()) <= _ROLES | CONNECTORS or name.split()[0] in ("Minister", "Secretary",
                                                                                      "Director"):
            continue  # a job title ("Chief Executive", "Minister for Civil Society"), not a body
        if sentence[start - 1:start] in ("‘", "'", '"', "“"):  # a quoted title is found as one
            continue
        if re.match(r" (?:Officers?|Managers?|Directors?|Leads?|Co-?ordinators?|Advis[eo]rs?|Workers?)\b",
                    sentence[end:]):
            continue  # a job title
        kind, type_ = HEADS[head]
        year = re.search(r"\b((?:19|20)\d\d) $", sentence[:start])
        aliases = [f"{year.group(1)} {name}"] if year and kind == "Strategy" else []
        out.append(Candidate(f"{name} {year.group(1)}" if aliases else name, kind,
                             f"a capitalised name ending in '{head}'", 0.7, type=type_, aliases=aliases,
                             start=start, end=end))
    return out


def _people(sentence: str) -> list[Candidate]:
    out = []
    for match in _PERSON.finditer(sentence):
        role = match.group(2)
        if not set(role.split()) & _ROLES:
            continue
        name = match.group(1)
        out.append(Candidate(name, "Person", f"a person named with a role ({role})", 0.85, start=match.start(1),
                             end=match.end(1)))
    return out
