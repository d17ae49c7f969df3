"""`cjgraph draft` (issue #18): the patterns of names a curator spots that are not capitalised names with a head
word (cjgraph.drafting.curator), the relations they carry, and the measurement's one-proposal-per-entity rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjgraph.drafting import draft
from cjgraph.drafting.core import Draft, Item
from cjgraph.drafting.curator import acronym_names, defined_acronyms, more_candidates, spells
from cjgraph.drafting.measure import score
from cjgraph.drafting.patterns import candidates
from cjgraph.drafting.relate import Occurrence, authors, is_recommendation
from cjgraph.model import Entity, Evidence


def found(sentence: str) -> dict[str, tuple]:
    """name -> (kind, aliases, links) of every candidate of the sentence."""
    return {c.name: (c.kind, tuple(c.aliases), tuple(c.links)) for c in [*candidates(sentence),
                                                                        *more_candidates(sentence)]}


def test_what_a_body_has_published():
    got = found("NOMS have published its commissioning intentions from 2014, along with a companion document.")
    assert got["NOMS commissioning intentions from 2014"] == (
        "Strategy", ("commissioning intentions from 2014",), (("led_by", "NOMS", False),))
    got = found("In 2010 the Ministry of Justice published guidance for the VCS on the management of high risk "
                "offenders, largely in recognition of the work.")
    assert got["Ministry of Justice guidance for the VCS on the management of high risk offenders"][0] == "Publication"
    assert not any(n.startswith("Ministry of Justice the") for n in found(
        "The Ministry of Justice has now published the Government response to this report."))


def test_a_bodys_own_review():
    got = found("The NAO report highlighted HMPPS’s internal review of resettlement, which focused on contracts.")
    assert got["HMPPS internal review of resettlement"] == (
        "Review", ("HMPPS’s internal review of resettlement", "HMPPS internal review"), (("led_by", "HMPPS", False),))
    assert found("to inform the government’s review of ROTL, and")["Government review of ROTL"][1] == (
        "government’s review of ROTL",)


def test_a_forum_between_bodies():
    got = found("An update in commissioning following March’s engagement forum between Clinks, HMPPS and MoJ.")
    assert got["Engagement forum between Clinks, HMPPS and MoJ"] == (
        "Partnership", (), (("partner_in", "Clinks", True), ("partner_in", "HMPPS", True), ("partner_in", "MoJ", True)))


def test_what_is_commissioned_and_contract_lots():
    got = found("However, there have been issues around the recent commissioning processes for the women’s probation "
                "grants and the probation grants for organisations led by and for racially minoritised people.[13]")
    assert {"Women’s probation grants", "Probation grants for organisations led by and for racially minoritised people"
            } <= set(got)
    assert "Day-one services" in found("The process for commissioning day-one services for the reunified probation "
                                       "service was completed in 2021.")
    assert not any("odies" in n for n in found("how commissioning bodies and contracted services will work"))
    assert found("There was a particular issue with the accommodation lot, where none")["Accommodation lot"][0] == \
        "Strategy"


def test_nhs_bodies_and_acronyms_spelled_inside_words():
    assert found("Nacro recommend that NHS England and HMPPS adopt a review.")["NHS England"][0] == "Organisation"
    assert found("Futurebuilders England (FBE) is the funding stream established by the government.")[
        "Futurebuilders England"][:2] == ("Strategy", ("FBE",))
    assert spells("FBE", ["Futurebuilders", "England"]) and not spells("FBE", ["Fund", "England"])
    assert "Voluntary and Community Sector" not in found("of interest to Voluntary and Community Sector (VCS) groups")


def test_a_lower_case_name_headed_by_an_acronym_the_document_defines():
    text = ["the RR3 also runs time-limited special interest groups (SIGs).",
            "In March 2020, the RR3 established a probation SIG to provide advice."]
    defined = defined_acronyms(text)
    assert defined == {"SIG": "groups"}
    [sig] = acronym_names(text[1], defined)
    assert (sig.name, sig.kind, sig.aliases, sig.links) == ("probation SIG", "Partnership", ["SIG"],
                                                            [("led_by", "RR3", False)])
    assert acronym_names(text[1], {}) == []  # not defined in the document: not a name


def test_speeches_commissioned_research_reviews_to_conduct_authorities_and_coined_names():
    got = found("This briefing note summarises Ken Clarke’s speech at the Centre for Crime and Justice studies and "
                "considers the impact.")
    assert got["Ken Clarke’s speech at the Centre for Crime and Justice studies"][2] == (
        ("published_by", "Ken Clarke", False),)
    got = found("a piece of NOMS-commissioned research into the involvement of the VCS in IOM.")
    assert got["NOMS-commissioned research into the involvement of the VCS in IOM"][2] == (
        ("commissioned_by", "NOMS", False),)
    assert found("asked Dame Sally Coates to conduct a review into prison education and to make recommendations")[
        "Review into prison education"][0] == "Review"
    assert "Independent review of criminal justice infrastructure support" in found(
        "the Ministry of Justice has asked Clinks to co-ordinate an extensive independent review of criminal justice "
        "infrastructure support.")
    assert found("The police authorities that currently hold the police to account")["Police authorities"][0] == \
        "Organisation"
    assert found("NCVO, The Work Programme, p.12.")["The Work Programme"][2] == (("published_by", "NCVO", False),)
    assert "OASys" in found("‘Risk’ as measured by OASys cannot provide")
    assert "RPDs" not in found("how RPDs can work") and "PDFs" not in found("the PDFs are here")


def test_a_programme_named_with_an_agents_possessive_is_led_by_it():
    text = "charities are underrepresented in the government's £900m transforming rehabilitation programme."
    gov = Occurrence("uk-government", "Organisation", text.index("government"), text.index("government") + 10)
    tr = Occurrence("tr", "Strategy", text.index("transforming"), text.index(" programme"))
    assert [(p.source, p.kind, p.target) for p in authors(text, "doc", "Publication", [gov, tr])] == [
        ("tr", "led_by", "uk-government")]


def test_reiterating_the_importance_of_something_asks_for_it():
    assert is_recommendation("in light of this, clinks wants to reiterate the importance of providing sustainable, "
                             "multi-year funding")
    assert not is_recommendation("in light of this, clinks has noted the importance of providing sustainable funding")


NOTE = """\
Tracking Widget Reform

The project – a partnership between the Example Trust and Widget Works (WW) - ran for a year.
Our first report 'Widgets at Dawn' was launched in May 2004.
The Example Trust has published its widget objectives for 2005, which we welcome.
The commissioning of day-one services began. Then the commissioning of day one services took a year.
"""


@pytest.fixture()
def page(tmp_path) -> Path:
    folder = tmp_path / "page"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "page.txt").write_text(NOTE, encoding="utf-8")
    (folder / "sources" / "sources.yaml").write_text(
        "sources:\n  - id: page\n    title: Tracking Widget Reform\n    publisher: Example Trust\n    kind: webpage\n"
        "    date: 2004\n    file: page.txt\n", encoding="utf-8")
    (folder / "seeds.yaml").write_text(
        "document: page\nentities:\n  - id: example-trust\n    kind: Organisation\n    name: Example Trust\n"
        "    evidence: ['the Example Trust']\n  - id: widget-reform\n    kind: Strategy\n    name: Widget Reform\n"
        "    evidence: ['Widget Reform']\n", encoding="utf-8")
    return folder


def test_a_draft_proposes_the_relations_the_new_patterns_carry(page):
    proposal = draft("page", [page])
    got = {i.key for i in proposal.relations}
    assert ("widgets-at-dawn", "published_by", "tracking-widget-reform-project") in got  # "our" report, project page
    # the page's title names Widget Reform: the page's project and its reports are about it too
    assert {("widgets-at-dawn", "about", "widget-reform"), ("tracking-widget-reform-project", "about",
                                                            "widget-reform")} <= got
    assert ("widgets-at-dawn", "published_by", "example-trust") in got
    assert ("example-trust-widget-objectives-for-2005", "led_by", "example-trust") in got
    day_one = [i.data for i in proposal.entities if "day" in i.data["id"]]
    assert [(d["name"], d["aliases"]) for d in day_one] == [("Day-one services", ["Day one services",
                                                                                   "day-one services"])]


def _entity(ident: str, name: str) -> Entity:
    return Entity(id=ident, kind="Strategy", name=name, evidence=[Evidence(document="d", quote=name)])


def test_an_entity_found_by_its_id_takes_no_second_proposal_by_name():
    gone = [_entity("briefing-x", "X Consultation"), _entity("x-consultation-2", "X Consultation")]
    proposal = Draft("d", entities=[Item({"id": "briefing-x", "kind": "Strategy", "name": "X Consultation"}, 1, "", 1),
                                    Item({"id": "x-consultation", "kind": "Strategy", "name": "X Consultation"}, 1, "",
                                         1)])
    assert score(proposal, gone, []).entities_found == 2
