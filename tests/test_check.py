"""`cjgraph check`: each warning kind on a small seed folder, acknowledgements, --strict and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.seeds import display_path

SOURCE = ("The Example Review cites the Example Act 2001. They said so. The EA 2001 applies. "
          "We recommend that the EXAMPLE DEPARTMENT funds local services. "
          "Alpha, Beta, Gamma, Delta and Epsilon met the Example Department. "
          "Alpha, Beta, Gamma, Delta and Epsilon met. The Cafe Trust wrote the example review. "
          "So said the Example Review.")

HEAD = """\
document: doc
entities:
  - id: example-act-2001
    kind: Act
    name: Example Act 2001
    evidence: ["the Example Act 2001"]
"""


def seed_folder(tmp_path: Path, text: str) -> Path:
    """A seed folder holding one source document (SOURCE) and ``data.yaml``."""
    folder = tmp_path / "notes"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "doc.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "sources" / "sources.yaml").write_text(
        "sources:\n  - id: doc\n    title: A document\n    publisher: Example Trust\n    kind: report\n"
        "    date: 2001\n    file: doc.txt\n", encoding="utf-8")
    (folder / "data.yaml").write_text(text, encoding="utf-8")
    return folder


def line(text: str, needle: str) -> int:
    """The line of ``data.yaml`` where ``needle`` first appears (1-based)."""
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


def run(folder: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--seeds", str(folder), *args])


def warnings_of(folder: Path, *args: str) -> list[str]:
    result = run(folder, *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def where(folder: Path, number: int) -> str:
    return f"{display_path(folder / 'data.yaml')}:{number}"


# -- each kind ------------------------------------------------------------------------------------------

REVIEW = HEAD + """\
  - id: example-review
    kind: Review
    name: Example Review
    evidence: ["the Example Review"]
    links:
      - cites: example-act-2001
        evidence: ["The Example Review cites the Example Act 2001."]
      - about: example-act-2001
        evidence: ["They said so."]
  - id: cafe-trust
    kind: Organisation
    name: Café Trust
    evidence: ["The Cafe Trust"]
relations:
  - source: example-review
    kind: published_by
    target: cafe-trust
    evidence: ["The Cafe Trust wrote the example review."]
"""


def test_unnamed_ends_fires_where_no_passage_names_either_end(tmp_path):
    folder = seed_folder(tmp_path, REVIEW)
    assert warnings_of(folder, "--kind", "unnamed-ends") == [
        f"{where(folder, line(REVIEW, '- about: example-act-2001'))}: warning: unnamed-ends: example-review about "
        "example-act-2001: no passage names 'Example Review' or 'Example Act 2001' (nor an alias)"]


def test_unnamed_ends_accepts_an_alias_and_any_case_or_accents(tmp_path):
    text = REVIEW.replace('evidence: ["They said so."]', 'evidence: ["The EA 2001 applies."]')
    assert len(warnings_of(seed_folder(tmp_path, text), "--kind", "unnamed-ends")) == 1
    text = text.replace("name: Example Act 2001\n", "name: Example Act 2001\n    aliases: [EA 2001]\n")
    assert warnings_of(seed_folder(tmp_path / "b", text), "--kind", "unnamed-ends") == []
    text = REVIEW.replace("name: Example Review", "name: Exämple RÉVIEW").replace(
        'evidence: ["They said so."]', 'evidence: ["So said the Example Review."]')
    assert warnings_of(seed_folder(tmp_path / "c", text), "--kind", "unnamed-ends") == []


RECOMMENDATIONS = HEAD + """\
  - id: example-department
    kind: Organisation
    name: Example Department
    evidence: ["the Example Department"]
  - id: example-review
    kind: Review
    name: Example Review
    evidence: ["the Example Review"]
    links:
      - recommends: rec-fund-services
        evidence: ["We recommend that the EXAMPLE DEPARTMENT funds local services."]
  - id: rec-fund-services
    kind: Recommendation
    name: Fund local services
    evidence: ["We recommend that the EXAMPLE DEPARTMENT funds local services."]
    links:
      - addressed_to: example-department
        evidence: ["We recommend that the EXAMPLE DEPARTMENT funds local services."]
  - id: rec-orphan
    kind: Recommendation
    name: Local services
    evidence: ["funds local services"]
"""


def test_no_maker_and_no_addressee_fire_on_a_recommendation_without_them(tmp_path):
    folder = seed_folder(tmp_path, RECOMMENDATIONS)
    at = where(folder, line(RECOMMENDATIONS, "- id: rec-orphan"))
    assert warnings_of(folder, "--kind", "no-maker", "--kind", "no-addressee") == [
        f"{at}: warning: no-addressee: recommendation 'rec-orphan' is addressed to nobody: add addressed_to, "
        "or acknowledge no-addressee saying why",
        f"{at}: warning: no-maker: recommendation 'rec-orphan': nothing recommends it (add who makes it)"]


GROUPS = "".join(f"""\
  - id: {name.lower()}
    kind: Organisation
    name: {name}
    evidence: ["Alpha, Beta, Gamma, Delta and Epsilon met."]
""" for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"))

BROAD = HEAD + GROUPS + """\
  - id: example-department
    kind: Organisation
    name: Example Department
    evidence: ["the Example Department"]
  - id: example-review
    kind: Review
    name: Example Review
    evidence: ["the Example Review"]
    links:
      - about: example-department
        evidence: ["Alpha, Beta, Gamma, Delta and Epsilon met the Example Department."]
      - about: example-act-2001
        evidence: ["The Example Review cites the Example Act 2001."]
"""


def test_broad_about_fires_when_the_passage_names_more_than_n_entities(tmp_path):
    folder = seed_folder(tmp_path, BROAD)
    assert warnings_of(folder, "--kind", "broad-about") == [
        f"{where(folder, line(BROAD, '- about: example-department'))}: warning: broad-about: example-review about "
        "example-department: its passage names 6 known entities (more than 4): alpha, beta, delta, epsilon, "
        "example-department, gamma"]
    assert warnings_of(folder, "--kind", "broad-about", "--max-named", "6") == []


DUPLICATES = HEAD + """\
  - id: example-act-2002
    kind: Act
    name: Example Act 2002
    evidence: ["the Example Act 2001"]
  - id: example-department
    kind: Organisation
    name: Example Department
    aliases: [EXD]
    evidence: ["the Example Department"]
  - id: example-dept
    kind: Organisation
    name: Example Dept
    aliases: [EXD]
    evidence: ["the Example Department"]
  - id: example-review
    kind: Review
    name: Example Department
    evidence: ["the Example Review"]
"""


def test_duplicate_fires_once_per_pair_of_one_kind_at_the_later_entity(tmp_path):
    folder = seed_folder(tmp_path, DUPLICATES)
    assert warnings_of(folder, "--kind", "duplicate") == [  # not the Acts (years differ), not the Review
        f"{where(folder, line(DUPLICATES, '- id: example-dept'))}: warning: duplicate: 'example-dept' may be the "
        "same Organisation as 'example-department': 'EXD' ~ 'EXD' (100%)"]
    close = DUPLICATES.replace("    aliases: [EXD]\n", "")
    assert len(warnings_of(seed_folder(tmp_path / "b", close), "--kind", "duplicate", "--similarity", "75")) == 1
    assert warnings_of(seed_folder(tmp_path / "c", close), "--kind", "duplicate") == []


SINGLE = HEAD + """\
  - id: example-department
    kind: Organisation
    name: Example Department
    evidence: ["the Example Department"]
  - id: example-review
    kind: Review
    name: Example Review
    evidence: ["the Example Review", "The Example Review cites"]
  - id: cafe-trust
    kind: Organisation
    name: Café Trust
    evidence: ["The Cafe Trust", {url: "https://example.org/cafe"}]
relations:
  - source: example-review
    kind: cites
    target: example-act-2001
    evidence: ["They said so."]
"""


def test_single_passage_fires_on_an_entity_with_one_passage_in_all(tmp_path):
    folder = seed_folder(tmp_path, SINGLE)
    assert warnings_of(folder, "--kind", "single-passage") == [  # the Act has a second passage through cites
        f"{where(folder, line(SINGLE, '- id: example-department'))}: warning: single-passage: 'example-department' "
        "rests on a single passage in all: doc 'the Example Department'"]


def test_reused_passage_fires_on_a_passage_backing_statements_about_unrelated_entities(tmp_path):
    folder = seed_folder(tmp_path, HEAD + GROUPS)
    assert warnings_of(folder, "--kind", "reused-passage") == []  # 5 groups, not more than 5
    assert warnings_of(folder, "--kind", "reused-passage", "--max-reuse", "4") == [
        f"{where(folder, line(HEAD + GROUPS, '- id: alpha'))}: warning: reused-passage: a passage of "
        "doc backs 5 statements about 5 unrelated groups of entities (more than 4): "
        "'Alpha, Beta, Gamma, Delta and Epsilon met.' for alpha, beta, delta, epsilon, gamma"]


def test_statements_about_related_entities_count_as_one(tmp_path):
    related = HEAD + GROUPS + "relations:\n" + "".join(
        f"  - {{source: {name}, kind: member_of, target: alpha, evidence: [\"They said so.\"]}}\n"
        for name in ("beta", "gamma", "delta", "epsilon"))
    assert warnings_of(seed_folder(tmp_path, related), "--kind", "reused-passage", "--max-reuse", "1") == []


# -- acknowledgements -------------------------------------------------------------------------------------

ACK = '    acknowledge: [{warning: no-addressee, reason: "Addressed to commissioners, a role."}]\n'


def test_an_acknowledgement_silences_exactly_its_kind_on_its_entry(tmp_path):
    text = RECOMMENDATIONS + ACK
    folder = seed_folder(tmp_path, text)
    result = run(folder, "--kind", "no-maker", "--kind", "no-addressee")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{where(folder, line(text, '- id: rec-orphan'))}: warning: no-maker: recommendation 'rec-orphan': "
        "nothing recommends it (add who makes it)"]
    assert result.stderr == "1 warning: no-maker 1 (1 acknowledged)\n"


def test_an_acknowledgement_on_a_link_or_on_either_duplicate_silences_it(tmp_path):
    link = REVIEW.replace('        evidence: ["They said so."]\n', '        evidence: ["They said so."]\n'
                          "        acknowledge: [{warning: unnamed-ends, reason: the passage follows the title}]\n")
    assert warnings_of(seed_folder(tmp_path, link), "--kind", "unnamed-ends") == []
    first = DUPLICATES.replace("    aliases: [EXD]\n", "    aliases: [EXD]\n"
                               "    acknowledge: [{warning: duplicate, reason: two bodies}]\n", 1)
    assert warnings_of(seed_folder(tmp_path / "b", first), "--kind", "duplicate") == []


def test_strict_exits_1_only_while_a_warning_is_unacknowledged(tmp_path):
    folder = seed_folder(tmp_path, RECOMMENDATIONS)
    assert run(folder, "--kind", "no-addressee").exit_code == 0
    assert run(folder, "--kind", "no-addressee", "--strict").exit_code == 1
    folder = seed_folder(tmp_path / "b", RECOMMENDATIONS + ACK)
    assert run(folder, "--kind", "no-addressee", "--strict").exit_code == 0
    assert run(folder, "--kind", "no-maker", "--strict").exit_code == 1


@pytest.mark.parametrize(("ack", "message"), [
    ("{warning: no-addressee, reason: '  '}",
     "acknowledge.0.reason: an acknowledgement needs a reason (why the warning does not call for a change)"),
    ("{warning: no-adressee, reason: why}",
     "acknowledge.0.warning: unknown warning kind 'no-adressee'; expected one of: unnamed-ends, no-maker, "
     "no-addressee, broad-about, duplicate, single-passage, reused-passage; did you mean 'no-addressee'?"),
    ("{warning: unnamed-ends, reason: why}",
     "acknowledge.0.warning: 'unnamed-ends' warns about relationships only, not entities"),
])
def test_a_bad_acknowledgement_is_a_validation_error_at_its_line(tmp_path, ack, message):
    text = RECOMMENDATIONS + f"    acknowledge:\n      - {ack}\n"
    folder = seed_folder(tmp_path, text)
    expected = f"{where(folder, line(text, '      - {warning'))}: entity 'rec-orphan': {message}"
    for command in ("validate", "check"):
        result = CliRunner().invoke(main, [command, "--seeds", str(folder)])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == expected


def test_json_lists_the_warnings_as_objects(tmp_path):
    folder = seed_folder(tmp_path, RECOMMENDATIONS)
    rows = json.loads(run(folder, "--kind", "no-maker", "-f", "json").stdout)
    assert rows == [{"path": display_path(folder / "data.yaml"), "line": line(RECOMMENDATIONS, "- id: rec-orphan"),
                     "kind": "no-maker", "subject": "rec-orphan",
                     "message": "recommendation 'rec-orphan': nothing recommends it (add who makes it)"}]


# -- the Python API -----------------------------------------------------------------------------------------


def test_the_api_returns_warnings_and_keeps_acknowledgements_out_of_the_graph(tmp_path):
    import cjgraph
    from cjgraph.export import export_text
    from cjgraph.validation import load_dataset

    folder = seed_folder(tmp_path, RECOMMENDATIONS + ACK)
    assert [w.kind for w in cjgraph.check(folder, kinds=["no-addressee"])] == []
    [warning] = cjgraph.check(folder, kinds=["no-addressee"], acknowledged=True)  # callable again: no name clash
    assert (warning.subject, warning.acknowledged) == ("rec-orphan", "Addressed to commissioners, a role.")
    dataset = load_dataset([folder])
    assert dataset.acknowledged == {"rec-orphan": {"no-addressee": "Addressed to commissioners, a role."}}
    for fmt in ("json", "ttl"):
        assert b"commissioners" not in export_text(dataset, fmt)
    with pytest.raises(cjgraph.UsageError, match="unknown warning kind 'nope'"):
        cjgraph.check(folder, kinds=["nope"])


def test_names_are_found_as_whole_words_longest_first():
    from cjgraph.mentions import NameFinder

    finder = NameFinder([("act", "Act"), ("pcc", "PCC"), ("moj", "Ministry of Justice"), ("justice", "JUSTICE"),
                         ("clinks", "Clinks"), ("clinks-2", "clinks")])
    assert finder.named("the Actor and Redact met PCCs and Clinks’s staff") == {"pcc", "clinks", "clinks-2"}
    assert finder.named("the Ministry of Justice") == {"moj", "justice"}
    assert finder.distinct("the Ministry of Justice, Clinks and the PCC") == [
        frozenset({"moj"}), frozenset({"clinks", "clinks-2"}), frozenset({"pcc"})]


def test_json_lines_records_carry_acknowledgements_too(tmp_path):
    folder = seed_folder(tmp_path, HEAD + """\
  - id: example-review
    kind: Review
    name: Example Review
    evidence: ["the Example Review"]
""")
    relation = {"source": "example-review", "kind": "about", "target": "example-act-2001",
                "evidence": [{"document": "doc", "quote": "They said so."}]}
    lines = [json.dumps({"relation": relation}),
             json.dumps({"relation": {**relation, "kind": "cites", "acknowledge": [
                 {"warning": "unnamed-ends", "reason": "the sentence before names them"}]}}),
             json.dumps({"entity": {"id": "other-review", "kind": "Review", "name": "Other Review",
                                    "evidence": relation["evidence"], "acknowledge": [
                                        {"warning": "duplicate", "reason": ""}]}})]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(folder)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [f"{display_path(folder / 'more.jsonl')}:3: entity 'other-review': "
                                              "acknowledge.0.reason: an acknowledgement needs a reason (why the "
                                              "warning does not call for a change)", "Error: 1 problem in the seeds; "
                                              "nothing was loaded."]
    (folder / "more.jsonl").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert warnings_of(folder, "--kind", "unnamed-ends") == [
        f"{display_path(folder / 'more.jsonl')}:1: warning: unnamed-ends: example-review about example-act-2001: "
        "no passage names 'Example Review' or 'Example Act 2001' (nor an alias)"]


def test_a_passage_implies_its_own_document_its_first_person_publisher_and_the_recommendation_it_words():
    from cjgraph.checks import unnamed_ends
    from cjgraph.model import Dataset, Entity, Evidence, Relation, Source

    def entity(ident, kind, name, text=None):
        return Entity.model_construct(id=ident, kind=kind, name=name, aliases=[], text=text, evidence=[])

    def relation(source, kind, target, document, quote):
        return Relation.model_construct(source=source, kind=kind, target=target,
                                        evidence=[Evidence.model_construct(document=document, quote=quote, url=None)])

    data = Dataset(sources={d: Source.model_construct(id=d, publisher=p) for d, p in
                            (("letter", "Example Trust"), ("other", "Somebody Else"))})
    for item in (entity("letter", "Publication", "Annual Letter"),
                 entity("example-trust", "Organisation", "Example Trust"), entity("act", "Act", "Example Act 2001"),
                 entity("rec", "Recommendation", "Fund services", "Fund local services fully for three years.")):
        data.entities[item.id] = item
    data.relations = [relation("letter", "about", "act", "letter", "It discusses the statute at length"),  # own
                      relation("letter", "published_by", "example-trust", "letter", "We wrote this for members"),
                      relation("example-trust", "recommends", "rec", "letter", "fund local services fully"),
                      relation("act", "cites", "rec", "other", "We wrote this for members")]  # none applies
    assert [f.at for f in unnamed_ends(data)] == [(("act", "cites", "rec"),)]


def test_the_bundled_seeds_pass_check_strict():
    """Every warning on the shipped seeds is fixed or acknowledged with its reason (issue #15)."""
    import cjgraph

    assert cjgraph.check() == []
    acknowledged = cjgraph.check(acknowledged=True)
    assert len(acknowledged) > 100 and all(w.acknowledged and w.acknowledged.strip() for w in acknowledged)
    assert CliRunner().invoke(main, ["check", "--strict"]).exit_code == 0
