"""`cjgraph review` (issue #18 item 3): keys on a real pseudo-terminal (pexpect), scripted decisions, the seed
file written as text, and the issue's end to end: a PDF, an HTML page and a DOCX each go through
`sources add` → `draft` → `review` → `load`, and what was accepted answers a canned question."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.errors import UsageError
from cjgraph.resources import bundled_seeds
from cjgraph.review import Review
from cjgraph.review.seedfile import appended
from tests.documents import docx_from_text, html_from_text, pdf_from_text
from tests.test_drafting import NOTE, SEEDS

CURLY = "The Trust’s “Widget Fund” – a pilot – ended."  # curly quotes and dashes, hard to type over SSH
SRC = Path(__file__).resolve().parents[1] / "src"
DRAFT = """\
# Drafted by hand for the tests.
draft: true
document: note
entities:
- id: ministry-of-fairness
  kind: Organisation
  name: Ministry of Fairness
  aliases: [MoF]
  evidence:
  - The Widget Review, chaired by the Example Trust, was funded by the Ministry of Fairness (MoF).
  draft: {confidence: 0.9, reason: a name followed by its acronym in brackets (MoF)}
- id: widget-review
  kind: Review
  name: Widget Review
  evidence:
  - The Widget Review, chaired by the Example Trust
  draft: {confidence: 0.7, reason: a capitalised name ending in 'Review'}
relations:
- source: ministry-of-fairness
  kind: funds
  target: widget-review
  evidence:
  - was funded by the Ministry of Fairness (MoF).
  draft: {confidence: 0.75, reason: '''funded by'' between the two names'}
- source: note
  kind: mentions
  target: fondation-egalite
  evidence:
  - Jane Smith, Chief Executive of the Example Trust, said the fondation egalite agreed.
  draft: {confidence: 0.8, reason: named in the text}
"""


@pytest.fixture()
def notes(tmp_path) -> Path:
    """A seed folder with one source, its seeds and the draft above in drafts/."""
    folder = tmp_path / "notes"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "note.txt").write_text(NOTE + CURLY + "\n", encoding="utf-8")
    (folder / "sources" / "sources.yaml").write_text(
        "sources:\n  - id: note\n    title: A note on widgets\n    publisher: Example Trust\n    kind: note\n"
        "    date: 2004\n    file: note.txt\n", encoding="utf-8")
    (folder / "seeds.yaml").write_text(SEEDS, encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "note.yaml").write_text(DRAFT, encoding="utf-8")
    return folder


def _spawn(folder: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "120", "NO_COLOR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "cjgraph", "review", "notes/drafts/note.yaml", "--seeds", "notes",
                                          *args], cwd=str(folder.parent), env=env, encoding="utf-8", timeout=60,
                         dimensions=(40, 160))


def _shown(child: pexpect.spawn, text: str) -> str:
    child.expect_exact(text)
    return child.before


# ---------------------------------------------------------------- on a real terminal
def test_a_review_on_a_pseudo_terminal_accepts_rejects_quits_and_resumes(notes):
    child = _spawn(notes)
    _shown(child, "[1/4] entity Organisation 'Ministry of Fairness' (id ministry-of-fairness)")
    _shown(child, "confidence 0.90: a name followed by its acronym in brackets (MoF)")
    _shown(child, "passage (note, line 3):")
    _shown(child, "[a] accept  [r] reject")
    child.send("a")
    _shown(child, "seed file for the accepted items:")  # asked once, at the first accept
    child.sendline("notes/accepted.yaml")
    _shown(child, "accepted: appended to notes/accepted.yaml")
    _shown(child, "[2/4] entity Review 'Widget Review' (id widget-review)")
    child.send("r")
    _shown(child, "reason (optional):")
    child.sendline("a slip")
    _shown(child, "rejected: recorded in notes/.rejected.yaml")
    _shown(child, "note: 1 relation of the draft has it as an end (ministry-of-fairness funds widget-review): "
                  "change its end or reject it")
    _shown(child, "[3/4] relation ministry-of-fairness funds widget-review")
    child.send("k")  # then Ctrl-C at the prompt: a quit, with what was decided kept
    _shown(child, "kinds: ")
    _shown(child, "kind [funds]:")
    child.sendintr()
    _shown(child, "2 decided, 2 left in notes/drafts/note.yaml: run `cjgraph review notes/drafts/note.yaml` again "
                  "to resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    accepted = yaml.safe_load((notes / "accepted.yaml").read_text(encoding="utf-8"))
    assert accepted == {"document": "note", "entities": [
        {"id": "ministry-of-fairness", "kind": "Organisation", "name": "Ministry of Fairness", "aliases": ["MoF"],
         "evidence": [NOTE.splitlines()[2]]}]}
    assert yaml.safe_load((notes / ".rejected.yaml").read_text(encoding="utf-8")) == {
        "rejected": [{"id": "widget-review", "name": "Widget Review", "reason": "a slip"}]}
    left = yaml.safe_load((notes / "drafts" / "note.yaml").read_text(encoding="utf-8"))
    assert [r["target"] for r in left["relations"]] == ["widget-review", "fondation-egalite"] and not left["entities"]

    # resumed: the relation to the rejected entity would make the seeds invalid; an edited passage is checked
    child = _spawn(notes, "--into", "notes/accepted.yaml")
    _shown(child, "[1/2] relation ministry-of-fairness funds widget-review")
    child.send("a")
    _shown(child, "funds target 'widget-review' is not a known entity id")
    _shown(child, "refused: the seeds would not validate with it; nothing was written")
    child.send("s")
    _shown(child, "[2/2] relation note mentions fondation-egalite")
    _shown(child, "Fondation Égalité (Organisation)")
    child.send("p")
    _shown(child, "passage (verbatim; Enter keeps it):")
    child.sendline("the fondation egalite agreed to it")
    _shown(child, "refused: quote not found verbatim in 'note': 'the fondation egalite agreed to it'")
    _shown(child, 'matches up to:   "the fondation egalite" (line 8, 22 of 34 characters)')
    _shown(child, 'then differs:    quote "agreed to it", document "agreed. The Widget"')
    _shown(child, "[2/2] relation note mentions fondation-egalite")
    child.send("p")  # straight quotes for the document's curly ones: refused, and the document's text offered
    _shown(child, "passage (verbatim; Enter keeps it):")
    child.sendline("Trust's \"Widget Fund\" - a pilot")
    _shown(child, 'nearest passage: line 10, 87% alike: "Trust’s “Widget Fund” – a pilot"')
    _shown(child, "the document writes “Trust’s “Widget Fund” – a pilot”: press p, then Enter to take it")
    _shown(child, "[2/2] relation note mentions fondation-egalite")
    child.send("p")
    _shown(child, "passage (verbatim; Enter takes the document's):")
    child.sendline("")
    _shown(child, "changed")
    _shown(child, "“Trust’s “Widget Fund” – a pilot”")
    _shown(child, "[q] quit")
    child.send("p")
    _shown(child, "passage (verbatim; Enter keeps it):")
    child.sendline("said the fondation egalite agreed")
    _shown(child, "changed")
    _shown(child, "“said the fondation egalite agreed”")
    child.send("a")
    _shown(child, "accepted: appended to notes/accepted.yaml")
    _shown(child, "1 decided, 1 left in notes/drafts/note.yaml")
    child.expect(pexpect.EOF)
    accepted = yaml.safe_load((notes / "accepted.yaml").read_text(encoding="utf-8"))
    assert accepted["relations"] == [{"source": "note", "kind": "mentions", "target": "fondation-egalite",
                                      "evidence": ["said the fondation egalite agreed"]}]
    assert "draft" not in (notes / "accepted.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--seeds", str(notes)])  # the accepted file is fine, the draft
    assert result.output.splitlines()[0].endswith(  # not until the relation to the rejected entity is decided
        "notes/drafts/note.yaml:8: funds target 'widget-review' is not a known entity id")
    assert CliRunner().invoke(main, ["load", "--seeds", str(notes), "--store", str(notes.parent / "st")]).exit_code == 0


def test_without_a_terminal_or_a_script_it_refuses_in_one_line(notes):
    result = CliRunner().invoke(main, ["review", str(notes / "drafts" / "note.yaml"), "--seeds", str(notes)])
    assert result.exit_code == 2
    assert result.output == "Error: standard input is not a terminal: give the decisions with --script FILE\n"


# ---------------------------------------------------------------- scripted, and the library
def _script(notes: Path, text: str, *args: str):
    script = notes.parent / "decisions.txt"
    script.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["review", str(notes / "drafts" / "note.yaml"), "--seeds", str(notes),
                                     "--into", str(notes / "accepted.yaml"), "--script", str(script), *args])


def test_a_relation_to_a_drafted_entity_waits_for_the_entity(notes):
    result = _script(notes, "@ ministry-of-fairness funds widget-review\naccept\n")
    assert result.exit_code == 1
    assert ("line 2: refused: the relation's source 'ministry-of-fairness' is a drafted entity not yet accepted: "
            "accept the entity first") in result.output
    assert not (notes / "accepted.yaml").exists()
    mine = ("# my own file: the review keeps this\ndocument: note\nentities:\n  # bodies\n  - id: widget-trust\n"
            "    kind: Organisation  # not in the note\n    name: Widget Trust\n"
            "    evidence: [{url: \"https://example.org/wt\"}]\n\n# relations come last\n")
    (notes / "accepted.yaml").write_text(mine, encoding="utf-8")
    result = _script(notes, "accept\naccept\n@ ministry-of-fairness funds widget-review\naccept\n")
    assert result.exit_code == 0, result.output
    text = (notes / "accepted.yaml").read_text(encoding="utf-8")
    assert text.startswith(mine[:-len("\n# relations come last\n")] + "  - id: ministry-of-fairness\n")
    assert "\n# relations come last\nrelations:\n  - source: ministry-of-fairness\n    kind: funds\n" in text
    assert result.output.splitlines()[-1] == "3 decided, 1 left in " + str(notes / "drafts" / "note.yaml") + \
        ": run `cjgraph review " + str(notes / "drafts" / "note.yaml") + "` again to resume"


def test_ends_and_kinds_change_by_name_or_alias_from_the_allowed_ones(notes):
    result = _script(notes, "@ note mentions fondation-egalite\ntarget example trust\nkind Cites\naccept\n")
    assert result.exit_code == 1
    assert "line 3: refused: cites may not join Publication 'note' to Organisation 'example-trust'" in result.output
    result = _script(notes, "@ note mentions fondation-egalite\ntarget example trust\nkind nonsense\n")
    assert result.exit_code == 2
    assert "line 3: refused: 'nonsense' is not a kind of relation (allowed: cites, " in result.output
    review = Review(notes / "drafts" / "note.yaml", [notes], notes / "accepted.yaml")
    assert review.allowed_kinds(review.items()[-1]) == (  # a Publication to an Organisation
        "about", "mentions", "published_by", "commissioned_by", "led_by")
    item = review.change(review.items()[0], kind="Strategy")
    item = review.change(item, kind="Organisation")
    assert review.resolve("MoF") == "ministry-of-fairness"
    assert review.resolve("fondation egalite") == "fondation-egalite"
    review.accept(item)
    relation = review.change(review.items()[-1], target="MoF")
    assert review.accept(relation) == notes / "accepted.yaml"
    assert [r.target for r in review.dataset.relations if r.source == "note" and r.kind == "mentions"] == [
        "ministry-of-fairness"]


def test_the_draft_and_the_file_to_write_into_are_checked(notes, tmp_path):
    result = CliRunner().invoke(main, ["review", str(notes / "seeds.yaml"), "--seeds", str(notes), "--script", "-"],
                                input="accept\n")
    assert result.exit_code == 2
    assert result.output == f"Error: {notes / 'seeds.yaml'} is not a draft file (it has no 'draft: true')\n"
    result = CliRunner().invoke(main, ["review", str(notes / "drafts" / "note.yaml"), "--seeds", str(notes),
                                       "--into", str(tmp_path / "elsewhere.yaml"), "--script", "-"], input="accept\n")
    assert result.exit_code == 2
    assert result.output == (f"Error: --into: {tmp_path / 'elsewhere.yaml'} is not inside a seed folder ({notes}), "
                             "so what is accepted there would never be loaded\n")
    review = Review(notes / "drafts" / "note.yaml", [notes])
    with pytest.raises(UsageError, match=r"^into: .*drafts/other.yaml is a draft file; accepted items go into an "):
        review.set_into(_copy_draft(notes))
    assert review.as_written(review.items()[-1], "Trust's \"Widget Fund\" - a pilot") == CURLY[4:35]
    assert review.as_written(review.items()[-1], "Trust's Widget Fund") is None


def _copy_draft(notes: Path) -> Path:
    copy = notes / "drafts" / "other.yaml"
    shutil.copy(notes / "drafts" / "note.yaml", copy)
    return copy


def test_when_the_draft_is_done_it_is_removed(notes):
    result = _script(notes, "accept\nreject\nreject\nreject no\n")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"4 decided, nothing left: {notes / 'drafts' / 'note.yaml'} removed"
    assert not (notes / "drafts" / "note.yaml").exists()


def test_an_accepted_item_is_appended_as_text_keeping_the_curators_comments():
    mine = ("# my notes: keep this comment\ndocument: other\nentities:\n    # people first\n    - id: a\n"
            "      kind: Person  # trailing comment\n      name: A\n      evidence: [\"a\"]\n\n"
            "# relations below\nrelations: []\n")
    item = {"id": "b", "kind": "Organisation", "name": "B", "evidence": ["b said"]}
    out = appended(mine, "entities", item, "note")
    assert out == mine.replace('evidence: ["a"]\n', 'evidence: ["a"]\n    - id: b\n      kind: Organisation\n'
                                                    '      name: B\n      evidence:\n      - quote: b said\n'
                                                    '        document: note\n')
    with pytest.raises(Exception, match=r"its 'relations' list is written inline"):
        appended(mine, "relations", {"source": "a", "kind": "member_of", "target": "b"}, "note")
    assert appended(None, "relations", {"source": "a"}, "note") == "document: note\nrelations:\n  - source: a\n"


# ---------------------------------------------------------------- the end to end
BLOG = "clinks-blog-funding-specialist-cj-infrastructure.txt"


@pytest.fixture(scope="module")
def bundled_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("e2e") / "seeds"
    shutil.copytree(bundled_seeds(), folder)
    return folder


@pytest.mark.parametrize(("suffix", "build"), [("pdf", pdf_from_text), ("html", html_from_text),
                                                ("docx", docx_from_text)])
def test_a_document_goes_from_sources_add_to_an_answer(suffix, build, bundled_copy, tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(bundled_copy, folder)
    document, ident = tmp_path / f"blog.{suffix}", f"blog-{suffix}"
    kwargs = {"title": "The blog as a PDF", "author": "Clinks"} if suffix == "pdf" else {}
    build((folder / "sources" / BLOG).read_text(encoding="utf-8"), document, **kwargs)
    runner = CliRunner()
    added = runner.invoke(main, ["sources", "add", str(document), "--seeds", str(folder), "--id", ident,
                                 "--date", "2016"])
    assert added.exit_code == 0, added.output
    draft = folder / "drafts" / f"{ident}.yaml"
    drafted = runner.invoke(main, ["draft", ident, "--seeds", str(folder), "-o", str(draft)])
    assert drafted.exit_code == 0, drafted.output
    script = tmp_path / "decisions.txt"
    script.write_text(f"# the document, then who published it\n@ {ident}\naccept\n@ {ident} published_by clinks\n"
                      f"accept\n@ {ident} mentions big-lottery-fund\nreject not the point\n", encoding="utf-8")
    reviewed = runner.invoke(main, ["review", str(draft), "--seeds", str(folder), "--into", str(folder / "mine.yaml"),
                                    "--script", str(script)])
    assert reviewed.exit_code == 0, reviewed.output
    assert reviewed.output.startswith(f"accepted {ident}: appended to {folder / 'mine.yaml'}\n"
                                      f"accepted {ident} published_by clinks: appended to {folder / 'mine.yaml'}\n"
                                      f"rejected {ident} mentions big-lottery-fund: recorded in "
                                      f"{folder / '.rejected.yaml'}\n")
    store = tmp_path / "store"
    loaded = runner.invoke(main, ["load", "--seeds", str(folder), "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    asked = runner.invoke(main, ["query", "publications-by", "-p", "by=clinks", "--cite", "-f", "markdown",
                                 "--store", str(store)])
    assert asked.exit_code == 0, asked.output
    title = yaml.safe_load((folder / "mine.yaml").read_text(encoding="utf-8"))["entities"][0]["name"]
    assert f"| {title} | Publication | 2016 | published_by |" in asked.output
    notes = [line for line in asked.output.splitlines()
             if line[0:1].isdigit() and title in line and "Jessica Mullen" in line]
    assert len(notes) == 1
    assert notes[0].endswith(" p. 1.") == (suffix == "pdf")
    # what was decided is not proposed again: the accepted statements are in the seeds, the rejected one remembered
    redraft = ["draft", ident, "--seeds", str(folder), "-o", str(tmp_path / "again.yaml")]
    assert runner.invoke(main, redraft).exit_code == 0
    again = yaml.safe_load((tmp_path / "again.yaml").read_text(encoding="utf-8"))
    keys = {(r["source"], r["kind"], r["target"]) for r in again["relations"]}
    assert not {(ident, "published_by", "clinks"), (ident, "mentions", "big-lottery-fund")} & keys
    assert (ident, "mentions", "jessica-mullen") in keys and not again["entities"]
