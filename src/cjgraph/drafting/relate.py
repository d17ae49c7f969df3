"""Relationships a sentence states between the entities it names, from cue words and their order.

Works on the comparable form of the sentence (:func:`cjgraph.mentions.comparable`: folded case and accents),
where the name finder's spans lie. Each rule proposes only what the vocabulary allows between the two kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..vocab import AGENT_KINDS, RELATIONS


@dataclass(frozen=True)
class Occurrence:
    """An entity named in a sentence: its id, kind and span in the comparable sentence."""

    id: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Proposed:
    source: str
    kind: str
    target: str
    confidence: float
    reason: str


_CUES: list[tuple[str, str, str]] = [  # (regex, relation kind, direction: "ba" = before->after, "ab" = after->before)
    (r"\b(?:chaired|led|headed|managed|co-?ordinated|run|hosted) by\b", "led_by", "ba"),
    (r"\bfunded by\b", "funds", "ab"),
    (r"\bcommissioned by\b", "commissioned_by", "ba"),
    (r"\bpublished by\b|\bwritten by\b|\bproduced by\b", "published_by", "ba"),
    (r"\bin partnership with\b", "partner_in", "ab"),
    (r"\b(?:replaced|succeeded|superseded|took over from|is the successor to|follows on from)\b", "succeeds", "ba"),
    (r"\b(?:replaced by|succeeded by|superseded by)\b", "succeeds", "ab"),
    (r"\bformerly(?: known as)?\b", "succeeds", "ba"),
    (r"\bbecame\b", "succeeds", "ab"),
]
_PUBLISHED = re.compile(r"\b(?:published|launched|produced|released|wrote)\b")
_COMMISSIONED = re.compile(r"\b(?:commissioned|asked)\b")
_LED = re.compile(r"\b(?:led|chairs|chaired|leads|manage|manages|co-?ordinate|co-?ordinates)\b")
_LED_GROUP = re.compile(r"\bled (?:a|the) (?:\w+ ){0,2}(?:partnership|project|programme|consortium)\b")
SUMMARY = re.compile(r"\b(?:makes?|made|gives?|sets? out|contains?|provid(?:es|ing)|a series of) "
                     r"(?:[\w’'-]+[ ,]+){0,3}?recommendations\b")
_ANAPHOR = re.compile(r"^the (?:review|report|programme|project|strategy|consultation|inquiry)\b")
_COMMISSIONED_NOUN = re.compile(r"\bcommissioned (?:a|an|the) (?:\w+ ){0,3}(?:exercise|research|study|review|survey|"
                                r"report|evaluation)\b")
_RESPONSE = re.compile(r"\b(?:in response to|responds? to|responding to|response to)\b")
_CITE = re.compile(r"\b(?:found|finds|findings|according to|states?|stated|set out|sets out|cited|cites|highlight"
                   r"(?:s|ed)?|shows?|showed|concluded|recommended|echoes|reported|refers? to|quoted|quotes)\b")
_BETWEEN = re.compile(r"\bpartnership (?:between|of)\b|\bpartners (?:are|were|include)\b|\bincluding\b")
_REC = re.compile(r"\b(?:we (?:would |strongly |also |therefore )*(?:urge|call on|ask|propose|suggest)|"
                  r"recommend(?:s|ed)?|recommendation is that|calls (?:on|for)|(?:we|they) call (?:on|for)|urges?|"
                  r"should(?! be (?:noted|acknowledged|remembered))|must(?! be (?:noted|acknowledged|remembered))|"
                  r"(?<!will )(?<!would )needs? to|"
                  r"would (?:also |therefore )?(?:support|encourage|ask|endorse|welcome|like to see)|"
                  r"ask(?:s|ed)? that|(?:is|are) (?:needed|required)|will require|"
                  r"(?:imperative|crucial|vital|essential|important|necessary) that|there is a case for|"
                  r"would be (?:helpful|beneficial)|could provide|"
                  r"endorses?|(?:wants?|wish(?:es)?) to (?:reiterate|stress|emphasise) the importance of)\b")
_ADDRESS = re.compile(r"\b(?:calls? on|calls? for|urges?|recommend(?:s|ed)? that|asks?(?: that)?|encourages?|should|"
                      r"must|needs? to)\b")
_ROLE_OF = re.compile(r"\b(?:director|chief executive|ceo|chair|policy director|head of policy|trustee),? $")
_LEADER_ROLES = re.compile(r"\b(?:ceo|chief executive|chair|chairman|chairwoman|director|head|president|leader)\b")


def allowed(kind: str, source_kind: str, target_kind: str) -> bool:
    return RELATIONS[kind].allows(source_kind, target_kind)


def cue_relations(text: str, occ: list[Occurrence], group: str | None = None, previous: Occurrence | None = None,
                  subject: str | None = None) -> list[Proposed]:
    """Relations between entities the sentence names, from cue phrases between them; ``group`` is the last
    partnership or programme the sentence before named ("... the X project. Clinks led a partnership of ..."),
    ``previous`` its last document, which "The review was commissioned by ..." speaks of; ``subject`` the
    document the sentence is in, which "A and B commissioned a scoping exercise" is."""
    out: list[Proposed] = []
    agents: set[str] = set()  # the "by" ends found so far: "X, chaired by Y, was funded by Z" is about X, not Y
    for pattern, kind, direction in sorted(_CUES, key=lambda cue: _first(cue[0], text)):
        for cue in re.finditer(pattern, text):
            before = [o for o in occ if o.end <= cue.start() and o.id not in agents] or (
                [previous] if previous and _ANAPHOR.match(text) else [])
            after = [o for o in occ if o.start >= cue.end()]
            pairs = [(b, a) for b in reversed(before[-2:]) for a in after[:2]]
            for b, a in pairs:
                source, target = (b, a) if direction == "ba" else (a, b)
                if source.id != target.id and allowed(kind, source.kind, target.kind):
                    out.append(Proposed(source.id, kind, target.id, 0.75, f"'{cue.group()}' between the two names"))
                    agents.add(a.id)
                    break
            else:
                continue
            break
    _active(text, occ, out, _PUBLISHED, "published_by", "published")
    _active(text, occ, out, _COMMISSIONED, "commissioned_by", "commissioned")
    common = _COMMISSIONED_NOUN.search(text)
    if common and subject:
        for o in occ:
            if o.end <= common.start() and o.kind in AGENT_KINDS:
                out.append(Proposed(subject, "commissioned_by", o.id, 0.55, f"'{common.group()}' (the document's "
                                                                              "work)"))
    _active(text, occ, out, _LED, "led_by", "led")
    between = _BETWEEN.search(text)
    if between:
        groups = [o.id for o in occ if o.kind == "Partnership" or (o.kind == "Strategy" and o.end <= between.start())]
        if not groups and group and re.search(r"\b(?:partnership|project|programme|consortium)\b", text):
            groups = [group]
        members = [o for o in occ if o.kind == "Organisation" and (o.start >= between.end() or (
            o.end <= between.start() and _LED.search(text, o.end, between.start())))]
        for target in groups[:1]:
            for member in members:
                out.append(Proposed(member.id, "partner_in", target, 0.7,
                                    f"named after '{between.group()}' with the partnership"))
            leader = _LED_GROUP.search(text)
            for o in [o for o in occ if leader and o.end <= leader.start() and o.kind in AGENT_KINDS][-1:]:
                out.append(Proposed(target, "led_by", o.id, 0.65, f"'{leader.group()}'"))
    return out


def _first(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return found.start() if found else len(text)


def _active(text: str, occ: list[Occurrence], out: list[Proposed], verb: re.Pattern, kind: str, word: str) -> None:
    """"AGENT <verb> ... DOCUMENT": the document (after the verb) is ``kind`` the agent (just before it)."""
    for cue in verb.finditer(text):
        if text[cue.end():cue.end() + 3] == " by":
            continue  # the passive forms are cue phrases above
        agents = [o for o in occ if o.end <= cue.start() and o.kind in AGENT_KINDS and cue.start() - o.end < 25]
        things = [o for o in occ if o.start >= cue.end() and o.start - cue.end() < 60]
        for thing in things[:1]:
            for agent in agents[-1:]:
                if agent.id != thing.id and allowed(kind, thing.kind, agent.kind):
                    out.append(Proposed(thing.id, kind, agent.id, 0.65,
                                        f"'{agent_name(text, agent)} {word}' before it"))


def agent_name(text: str, o: Occurrence) -> str:
    return text[o.start:o.end]


def is_recommendation(text: str) -> bool:
    """Whether the sentence asks for something: "we recommend", "should", "calls on", "urge", "must" (not in
    an indirect question: "what action members should take", "how it should be funded")."""
    return bool(_REC.search(text)) and not text.rstrip().endswith("?") and len(text) > 40 and \
        not _INDIRECT.search(text)


_INDIRECT = re.compile(r"\b(?:what|how|whether|which)\b[^.;]{0,60}\b(?:should|must)\b")


_MAKES = re.compile(r"^,?(?: (?:therefore|also|would|strongly|has|have),?)* (?:recommend(?:s|ed)?|calls? (?:on|for)|"
                    r"urges?|endorses?|asks?)\b")


def makers(text: str, occ: list[Occurrence]) -> list[Occurrence]:
    """The agents that ask for something: named just before "recommend", "calls for", "urges"."""
    return [o for o in occ if o.kind in AGENT_KINDS and _MAKES.match(text[o.end:o.end + 40])]


def addressees(text: str, occ: list[Occurrence], maker: str | None) -> list[Occurrence]:
    """The agents a recommendation is addressed to: the subject just before "should"/"must", or the agents
    just after "calls on", "urge", "recommend that"."""
    found = []
    for cue in _ADDRESS.finditer(text):
        word = cue.group()
        if word in ("should", "must", "need to", "needs to"):
            near = [o for o in occ if o.end <= cue.start() and cue.start() - o.end < 40]
        else:
            near = [o for o in occ if o.start >= cue.end() and o.start - cue.end() < 60]
        found += [o for o in near if o.kind in AGENT_KINDS and o.id != maker and o not in found]
    return found


def person_relations(text: str, person: Occurrence, occ: list[Occurrence]) -> list[Proposed]:
    """"NAME, ROLE of|at BODY": the person is a member of the body, and leads it when the role is a leader's."""
    rest = text[person.end:person.end + 120]
    role_before = _ROLE_OF.search(text, 0, person.start)
    if role_before:
        bodies = [o for o in occ if o.end == role_before.start() - 1 and o.kind in ("Organisation", "Partnership")]
        role = role_before.group().strip(" ,")
        out = [Proposed(person.id, "member_of", b.id, 0.8, f"'{role}' of the body") for b in bodies]
        if bodies and _LEADER_ROLES.search(role) and "policy" not in role:
            out.append(Proposed(bodies[0].id, "led_by", person.id, 0.6, f"the person is its {role}"))
        return out
    if not rest.startswith(","):
        return []
    bodies = [o for o in occ if o.start > person.end and o.kind in ("Organisation", "Partnership")]
    if not bodies:
        return []
    body = bodies[0]
    role = text[person.end + 1:body.start]
    if not re.search(r"\b(?:of|at)\s*(?:the\s*)?$", role):
        return []
    out = [Proposed(person.id, "member_of", body.id, 0.85, f"named as{role.rstrip()} the body")]
    if _LEADER_ROLES.search(role) and not re.search(r"\b(?:policy|deputy|assistant|programme)\b", role):
        out.append(Proposed(body.id, "led_by", person.id, 0.7, f"the person is its{role.rstrip()[:-3]}"))
    return out


ABOUT = re.compile(r"\b(?:explains?|outlines?|summaris(?:es|ed)|introduces?|examines?|looks at|details|focuses on|"
                   r"provides (?:a |an )?(?:summary|overview)(?: of)?|considers|analyses|is about)\b")
_AUTHORS = re.compile(r"\b(?:briefing|report|paper|document|guidance|response|note)(?: has been)?,? "
                      r"(?:written |produced |published )?(?:by|from)\b|\bwritten by\b|"
                      r"\bproduced (?:by|in partnership with)\b|"
                      r"\bwritten in partnership with\b|\bin collaboration with\b")


_LIST_GAP = re.compile(r"[\s,]*(?:(?:and|&)\s+)?(?:the\s+)?")
_WROTE = re.compile(r"\b(?:contributed|wrote|authored) (?:the following|this) (?:blog|post|article|piece)\b")


def authors(text: str, subject: str, subject_kind: str, occ: list[Occurrence]) -> list[Proposed]:
    """"This joint briefing from A, B and C", "written by A", "produced in partnership with A": the document
    was published by each agent named after the cue (to the end of the sentence or a semicolon), and "A’s Green
    Paper" makes A the publisher of the document named just after."""
    out = []
    cue = _AUTHORS.search(text)
    if cue and subject_kind in RELATIONS["published_by"].sources:
        reached = cue.end()
        for o in (o for o in occ if o.start >= cue.end()):  # the list of names right after the cue
            if not _LIST_GAP.fullmatch(text[reached:o.start]):
                break
            reached = o.end
            if o.kind in AGENT_KINDS and o.id != subject:
                out.append(Proposed(subject, "published_by", o.id, 0.65, f"named after '{cue.group()}'"))
    wrote = _WROTE.search(text)
    for person in [o for o in occ if wrote and o.end <= wrote.start() and o.kind == "Person"][:1]:
        if subject_kind in RELATIONS["published_by"].sources:
            out.append(Proposed(subject, "published_by", person.id, 0.7, f"'{wrote.group()}'"))
    for agent in (o for o in occ if o.kind in AGENT_KINDS and text[o.end:o.end + 2] == "'s"):
        after = [o for o in occ if 0 < o.start - agent.end < 40 and o.kind in RELATIONS["published_by"].sources]
        if after and after[0].kind == "Strategy" and allowed("led_by", after[0].kind, agent.kind):
            out.append(Proposed(after[0].id, "led_by", agent.id, 0.55, "a programme named with the agent's possessive"))
        elif after and allowed("published_by", after[0].kind, agent.kind):
            out.append(Proposed(after[0].id, "published_by", agent.id, 0.55, "named with the agent's possessive"))
    return out


Rule = Callable[[str, list[Occurrence]], list[Proposed]]
CITE = _CITE
RESPONSE = _RESPONSE
