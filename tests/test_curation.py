"""The curated data itself: every dated briefing of the index is there, nothing is an orphan."""

from __future__ import annotations

import re

from cjgraph.resources import bundled_seeds
from cjgraph.validation import normalise

MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December"], 1)}
DATED = re.compile(r"^(?P<title>\S.*?)\s*\((?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})\)\s*$")


def dated_briefings() -> list[tuple[str, str]]:
    text = (bundled_seeds() / "sources" / "clinks-policy-briefings-index.txt").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        match = DATED.match(line.strip())
        if match:
            found.append((normalise(match["title"]), f"{match['year']}-{MONTHS[match['month']]:02d}"))
    return found


def test_the_index_lists_the_expected_number_of_briefings():
    assert len(dated_briefings()) == 55


def test_every_dated_briefing_is_a_publication_with_its_title_and_month(bundled_dataset):
    publications = {(normalise(e.name), e.date) for e in bundled_dataset.entities.values() if e.kind == "Publication"}
    missing = [b for b in dated_briefings() if b not in publications]
    assert missing == []


def test_every_briefing_is_published_by_clinks(bundled_dataset):
    titles = {title for title, _ in dated_briefings()}
    briefing_ids = {k for k, e in bundled_dataset.entities.items()
                    if e.kind == "Publication" and normalise(e.name) in titles}
    published = {r.source for r in bundled_dataset.relations if r.kind == "published_by" and r.target == "clinks"}
    assert briefing_ids - published == set()


def test_no_entity_stands_alone(bundled_dataset):
    linked = {r.source for r in bundled_dataset.relations} | {r.target for r in bundled_dataset.relations}
    assert sorted(set(bundled_dataset.entities) - linked) == []


def test_every_source_document_is_quoted_and_is_itself_an_entity(bundled_dataset):
    quoted = {ev.document for item in [*bundled_dataset.entities.values(), *bundled_dataset.relations]
              for ev in item.evidence}
    assert set(bundled_dataset.sources) <= quoted
    assert set(bundled_dataset.sources) <= set(bundled_dataset.entities)


def test_legislation_identifiers_carry_a_url_to_the_same_act(bundled_dataset):
    for entity in bundled_dataset.entities.values():
        if entity.legislation:
            year, chapter = entity.legislation.rsplit("/", 2)[-2:]
            urls = [ev.url for ev in entity.evidence if ev.url]
            assert any(f"/{year}/{chapter}" in url for url in urls), entity.id


def test_every_recommendation_has_a_maker(bundled_dataset):
    made = {r.target for r in bundled_dataset.relations if r.kind == "recommends"}
    recommendations = {k for k, e in bundled_dataset.entities.items() if e.kind == "Recommendation"}
    assert recommendations - made == set()
