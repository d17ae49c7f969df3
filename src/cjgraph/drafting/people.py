"""More patterns of new entities: people by title or role, names with a lower-case head word ("the Secure Estate
for Young People consultation", "the Making Every Adult Matter coalition") and bodies named after "written by",
"in partnership with"."""

from __future__ import annotations

import re

from .patterns import CONNECTORS, HEADS, Candidate, name_before

_NAME = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|O[’'][A-Z][a-z]+|Mc[A-Z][a-z]+)"
_HONORIFIC = re.compile(rf"\b(Lord|Lady|Dame|Sir|Baroness|Baron|Professor|Dr) ({_NAME}(?: {_NAME}){{0,2}})")
_ROLE_BEFORE = re.compile(
    rf"\b(?:Minister (?:for|of) (?:[A-Z]\w+ ?)+|Secretary of State for \w+|Justice Secretary|[Dd]irector|Chief "
    rf"Executive|CEO|[Cc]hair|Prisons Minister|Lord Chancellor|Policy Director|MP),? ({_NAME} {_NAME})\b")
_PIPE_ROLE = re.compile(rf"\b({_NAME} {_NAME}) \| (?:[A-Z]\w+ ){{0,3}}(?:Officer|Manager|Director|Executive|Lead|"
                        rf"Adviser|Advisor|Coordinator|Chair|Researcher)\b")
_BODY_POSSESSIVE = re.compile(r"\b((?:[A-Z][\w&-]+ ){0,3}[A-Z][\w&-]+)[’']s (?:recommendation|report|research|guidance|"
                              r"evidence|findings|paper|response|survey|briefing)\b")
_POSSESSIVE = re.compile(rf"\b({_NAME} {_NAME})[’']s (?:speech|letter|statement|announcement|foreword|review)\b")
LOWER_HEADS = {"consultation": ("Strategy", "consultation", True), "scheme": ("Strategy", None, True),
                "programme": ("Strategy", None, True), "strategy": ("Strategy", None, True),
                "pilot": ("Strategy", None, True), "coalition": ("Partnership", None, False),
                "project": ("Partnership", None, True),
                "partnership": ("Partnership", None, False), "campaign": ("Strategy", "campaign", False),
                "conferencing": ("Strategy", None, True)}
_AGENT_CUE = re.compile(r"\b(?:(?:written|produced|published|commissioned|funded|led|chaired|run|managed|hosted|"
                        r"conducted|research|report|survey|study|evidence|review) by|"
                        r"in (?:partnership|collaboration) with|guidance with) (?:the )?(?=[A-Z])")


_PRISON = re.compile(r"\b(?:HMP|HMYOI|HMP/YOI) [A-Z][a-z]+(?: [A-Z][a-z]+)?")


def people(sentence: str) -> list[Candidate]:
    """People by title, by a role before or after the name (also "Name | Role"); and prisons ("HMP Doncaster")."""
    out = [Candidate(m.group(), "Organisation", "a prison named (HMP ...)", 0.8, type="prison", start=m.start(),
                     end=m.end()) for m in _PRISON.finditer(sentence)]
    for match in _HONORIFIC.finditer(sentence):
        out.append(Candidate(match.group(0), "Person", f"a person named with a title ({match.group(1)})", 0.8,
                             aliases=[match.group(2)] if " " in match.group(2) else [],
                             start=match.start(), end=match.end()))
    for match in _ROLE_BEFORE.finditer(sentence):
        out.append(Candidate(match.group(1), "Person", "a person named after a role", 0.75,
                             start=match.start(1), end=match.end(1)))
    for match in _PIPE_ROLE.finditer(sentence):
        out.append(Candidate(match.group(1), "Person", "a person named with a role after '|'", 0.8,
                             start=match.start(1), end=match.end(1)))
    for match in _BODY_POSSESSIVE.finditer(sentence):
        start = name_before(sentence, match.end(1))
        name = sentence[start:match.end(1)]
        if name and not name.endswith(tuple(HEADS)) and (" " in name or name.isupper()):
            out.append(Candidate(name, "Organisation", "a body whose report or recommendation is named", 0.55,
                                 start=start, end=match.end(1)))
    for match in _POSSESSIVE.finditer(sentence):
        out.append(Candidate(match.group(1), "Person", "a person whose speech or statement is named", 0.6,
                             start=match.start(1), end=match.end(1)))
    return out


_AT_PLACE = re.compile(r" (?:at|in) (?:HMP |HMYOI )?[A-Z][a-z]+(?: [A-Z][a-z]+)?")
_APPOSITIVE = re.compile(r"\b([A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*), an? (?:[\w-]+ ){0,3}(system|scheme|programme|"
                         r"tool|service|framework|initiative)\b")
_NUMBERED = re.compile(r"\b((?:[A-Z][a-z]+ ){1,4}(?:Instruction|Order|Circular|Framework)) "
                       r"\(([A-Z0-9]{2,5} (\d+/\d{4}))\)")
_YEAR_TITLE = re.compile(r"\b((?:19|20)\d\d) ([A-Z][a-z]+(?: [a-z]+){1,4}) (research|survey|report)\b")


def misc(sentence: str) -> list[Candidate]:
    """"GP2GP, a newly introduced transfer system" (a scheme named by apposition); "Prison Service Instruction
    (PS1 17/2016)" (a numbered instruction); "Clinks' 2022 State of the sector survey" (a yearly title: *State of
    the sector 2022*)."""
    out = []
    for m in _APPOSITIVE.finditer(sentence):
        out.append(Candidate(m.group(1), "Strategy", f"a name explained as a {m.group(2)}", 0.6, start=m.start(1),
                             end=m.end(1)))
    for m in _NUMBERED.finditer(sentence):  # "the new Prison Service Instruction (PS1 17/2016)"
        out.append(Candidate(f"{m.group(1)} {m.group(3)}", "Strategy", "an instruction named with its number", 0.8,
                             aliases=[m.group(2)], start=m.start(1), end=m.end()))
    for m in _YEAR_TITLE.finditer(sentence):
        out.append(Candidate(f"{m.group(2)} {m.group(1)}", "Publication", f"a yearly {m.group(3)} named with its year",
                             0.6, date=m.group(1), aliases=[f"{m.group(1)} {m.group(2)}"], start=m.start(),
                             end=m.end()))
    return out


def lower_heads(sentence: str) -> list[Candidate]:
    """A capitalised name followed by a lower-case word saying what it is."""
    out = []
    for match in re.finditer(r"(?<=[A-Za-z0-9]) (" + "|".join(LOWER_HEADS) + r")\b", sentence):
        if sentence[:match.start()].rsplit(" ", 1)[-1] in CONNECTORS:
            continue  # "in partnership", "and programme": not a name's head
        start = name_before(sentence, match.start(), commas=True)
        words = sentence[start:match.start()].split()
        if re.search(r"[’']s\b", sentence[start:match.start()]):
            continue  # "the Big Lottery Fund’s strategy": the owner is the name
        if not words or start >= match.start() or not any(w[0].isupper() and w not in CONNECTORS for w in words):
            continue
        kind, type_, keep = LOWER_HEADS[match.group(1)]
        end = match.end() if keep else match.start()
        base = sentence[start:match.start()]
        if match.group(1) in ("pilot", "scheme") and (place := _AT_PLACE.match(sentence, end)):  # "PbR pilot at HMP X"
            end, base = place.end(), None  # a pilot somewhere, not the known thing its first words name
        if len(sentence[start:end].split()) < 2:
            continue
        out.append(Candidate(sentence[start:end], kind, f"a capitalised name followed by '{match.group(1)}'", 0.6,
                             type=type_, start=start, end=end, base=base))
    return out


def agents_after_cue(sentence: str) -> list[Candidate]:
    """A body named just after "written by", "in partnership with": the capitalised words that follow."""
    out = []
    for cue in _AGENT_CUE.finditer(sentence):
        end, words = cue.end(), 0
        for word in re.finditer(r"[\w'’&-]+", sentence[cue.end():]):
            text = word.group()
            if sentence[end:cue.end() + word.start()] not in ("", " ") or words >= 6:
                break
            if not (text[0].isupper() or text in CONNECTORS):
                break
            end, words = cue.end() + word.end(), words + 1
        name = re.sub(r"(?: (?:of|for|and|on|in|to|into|&))+$", "", sentence[cue.end():end])
        if name and name.split()[0] not in CONNECTORS:
            kind, type_ = HEADS.get(name.split()[-1], ("Organisation", None))
            out.append(Candidate(name, kind, f"a body named after '{cue.group().strip()}'", 0.6, type=type_,
                                 start=cue.end(), end=cue.end() + len(name)))
    return out
