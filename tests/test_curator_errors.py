"""Errors for curators: why a quote is not in its source, and the hint to add the bundled seeds to notes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.quotes import MAX_EXPLAINED
from cjgraph.seeds import display_path
from cjgraph.validation import validate_seeds
from tests.conftest import ROOT

REPORT = """\
Probation services were reorganised in 2014.
The Ministry of Justice said that the new Community Rehabilitation
Companies would be paid partly by results, and that the National
Probation Service would keep the high-risk cases.
"""
BLOG = "Infrastructure bodies help small charities to bid for contracts.\n"
SOURCES = """\
sources:
  - id: report
    title: A report
    publisher: Example Trust
    kind: report
    date: 2014
    file: report.txt
  - id: blog
    title: A blog
    publisher: Example Trust
    kind: blog post
    date: 2015
    file: blog.txt
"""


@pytest.fixture()
def notes(tmp_path) -> Path:
    """A curator's folder with two source documents of its own."""
    folder = tmp_path / "notes"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "sources" / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "sources" / "blog.txt").write_text(BLOG, encoding="utf-8")
    return folder


def with_quote(folder: Path, quote: str) -> list[str]:
    """The problems of ``folder`` when its one entity quotes ``quote`` from the report."""
    (folder / "data.yaml").write_text(
        "document: report\nentities:\n  - id: moj\n    kind: Organisation\n    name: Ministry of Justice\n"
        f"    evidence: [{quote!r}]\n", encoding="utf-8")
    return [str(p) for p in validate_seeds([folder]).problems]


def test_a_quote_with_one_changed_word_says_where_it_stops_matching(notes):
    quote = ("The Ministry of Justice said that the new Community Rehabilitation Companies would be paid "
             "mostly by results")
    assert with_quote(notes, quote) == [
        f"{display_path(notes / 'data.yaml')}:6: quote not found verbatim in 'report': "
        "'The Ministry of Justice said that the new Community Rehab...'\n"
        '    matches up to:   "...y Rehabilitation Companies would be paid" (line 3, 91 of 108 characters)\n'
        '    then differs:    quote "mostly", document "partly"\n'
        '    nearest passage: line 2, 97% alike: "The Ministry of Justice said that the new Community Reh..."']


def test_whitespace_and_line_breaks_in_the_source_are_matched_as_the_checker_does(notes):
    # the source breaks this passage over two lines; the prefix runs across the break, as matching does
    [problem] = with_quote(notes, "would be paid partly by results, and that the National Prison Service")
    assert problem.splitlines()[1:3] == [
        '    matches up to:   "...partly by results, and that the National" (line 4, 55 of 69 characters)',
        '    then differs:    quote "Prison", document "Probation"']


def test_a_difference_of_case_only_is_named(notes):
    [problem] = with_quote(notes, "the ministry of Justice said")
    assert problem.splitlines()[1:3] == [
        "    matches up to:   nothing (line 2, 0 of 28 characters)",
        '    then differs:    quote "the ministry", document "The Ministry" (only upper/lower case differs)']


def test_a_difference_of_quote_marks_only_is_named(notes):
    (notes / "sources" / "report.txt").write_text("The Trust\u2019s board \u2013 its trustees \u2013 met.\n",
                                                  encoding="utf-8")
    [problem] = with_quote(notes, "The Trust's board - its trustees")
    assert problem.splitlines()[1:3] == [
        '    matches up to:   "The" (line 1, 4 of 32 characters)',
        '    then differs:    quote "Trust\'s", document "Trust\u2019s" (only quote marks or dashes differ)']


def test_a_quote_from_another_document_says_none_is_close_and_where_it_is(notes):
    [problem] = with_quote(notes, "Infrastructure bodies help small charities to bid for contracts.")
    assert problem.splitlines()[1:] == [
        '    matches up to:   nothing, not even its first word, "Infrastructure"',
        "    nearest passage: none is close (the best, line 4, is 41% alike)",
        "    found verbatim in 'blog', line 1"]


def test_detail_lines_fit_a_100_column_terminal(notes):
    [problem] = with_quote(notes, "The Ministry of Justice said that the new Community Rehabilitation Companies would "
                                  "be paid partly by outcomes, and that the National Probation Service would keep the "
                                  "high-risk cases and the low-risk ones too")
    details = problem.splitlines()[1:]
    assert len(details) == 3
    assert all(len(line) <= 100 for line in details)


def test_only_the_first_missing_quotes_are_analysed(notes):
    quotes = "".join(f"      - 'quote number {i} is not there'\n" for i in range(MAX_EXPLAINED + 2))
    (notes / "data.yaml").write_text("document: report\nentities:\n  - id: moj\n    kind: Organisation\n"
                                     f"    name: Ministry of Justice\n    evidence:\n{quotes}", encoding="utf-8")
    problems = validate_seeds([notes]).problems
    assert len(problems) == MAX_EXPLAINED + 2
    assert sum(1 for p in problems if p.details) == MAX_EXPLAINED


def test_clean_validation_does_not_import_the_fuzzy_matcher():
    code = "import sys\nfrom cjgraph.validation import validate_seeds\nassert validate_seeds().ok\n" \
           "print('rapidfuzz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src")}).stdout
    assert out == "False\n"


# -- notes that refer to the bundled seeds ------------------------------------------------------------------

NOTE = """\
entities:
  - id: my-local-board
    kind: Organisation
    name: My local board
    evidence:
      - url: https://example.org/board
    links:
      - member_of: ministry-of-justice
        evidence:
          - url: https://example.org/board/members
      - member_of: no-such-body
        evidence:
          - url: https://example.org/board/members
  - id: my-other-board
    kind: Organisation
    name: My other board
    evidence:
      - document: clinks-tracking-tr
        quote: Clinks
"""


@pytest.fixture()
def my_notes(tmp_path, monkeypatch) -> Path:
    """``my-notes/`` in the working directory, written as the README describes, referring to bundled ids."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-notes").mkdir()
    (tmp_path / "my-notes" / "x.yaml").write_text(NOTE, encoding="utf-8")
    return tmp_path / "my-notes"


def test_notes_without_the_bundled_seeds_are_told_to_add_them(my_notes):
    result = CliRunner().invoke(main, ["validate", "--seeds", "my-notes/"])
    assert result.exit_code == 1
    assert result.output == (
        "my-notes/x.yaml:8: member_of target 'ministry-of-justice' is not a known entity id "
        "(it is in the bundled seeds: add --seeds bundled before --seeds my-notes/)\n"
        "my-notes/x.yaml:11: member_of target 'no-such-body' is not a known entity id\n"
        "my-notes/x.yaml:18: unknown source document 'clinks-tracking-tr' "
        "(it is in the bundled seeds: add --seeds bundled before --seeds my-notes/)\n"
        "Error: 3 problems in the seeds; nothing was loaded.\n")


def test_load_gives_the_same_hint(my_notes, tmp_path):
    result = CliRunner().invoke(main, ["load", "--seeds", "my-notes", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "my-notes/x.yaml:8: member_of target 'ministry-of-justice' is not a known entity id "
        "(it is in the bundled seeds: add --seeds bundled before --seeds my-notes)")


def test_the_library_says_it_with_its_parameter_not_an_option(my_notes):
    problems = [str(p) for p in validate_seeds(["my-notes/"]).problems]
    assert problems[0] == ("my-notes/x.yaml:8: member_of target 'ministry-of-justice' is not a known entity id "
                           "(it is in the bundled seeds, which are not included: give them first, "
                           "seeds=['bundled', 'my-notes/'])")
    assert "--" not in "\n".join(problems)


def test_no_hint_when_the_bundled_seeds_are_given(my_notes):
    result = CliRunner().invoke(main, ["validate", "--seeds", "bundled", "--seeds", "my-notes/"])
    assert result.output == ("my-notes/x.yaml:11: member_of target 'no-such-body' is not a known entity id\n"
                             "Error: 1 problem in the seeds; nothing was loaded.\n")


def test_the_readme_layering_example_gives_what_it_shows(tmp_path, monkeypatch):
    """The README's my-notes/boards.yaml and its two commands, run as printed (the store path aside)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("**Layering.**", 1)[1].split("\n## ", 1)[0]
    note = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    session = section.split("```\n$ ", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CJGRAPH_STORE", str(tmp_path / "store"))
    (tmp_path / "my-notes").mkdir()
    (tmp_path / "my-notes" / "boards.yaml").write_text(note, encoding="utf-8")
    steps = session.rstrip("\n").split("\n$ ")
    assert len(steps) == 2
    for step in steps:
        command, _, shown = step.partition("\n")
        output = CliRunner().invoke(main, command.split("#", 1)[0].split()[1:]).output
        assert output == shown.replace("/home/me/.local/share/cjgraph/store", str(tmp_path / "store")) + "\n"


def test_the_readme_quote_example_gives_what_it_shows(tmp_path, monkeypatch, seed_copy):
    """The README's validate example: the bundled seeds with one word of a quote changed."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("A quote that is not in its document", 1)[1]
    command, _, shown = section.split("```\n$ ", 1)[1].split("```", 1)[0].partition("\n")
    organisations = seed_copy / "organisations.yaml"
    text = organisations.read_text(encoding="utf-8")
    changed = "the voluntary sector advisory group for the Ministry of Justice (MoJ)"
    organisations.write_text(text.replace(changed.replace(" for ", " to "), changed, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, command.split()[1:]).output == shown
