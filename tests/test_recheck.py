"""`cjgraph recheck` (issue #18, item 4): a copy of the seeds whose source text is re-captured with a word changed
inside quoted passages, a paragraph moved, a passage deleted, or PDF-like pages added; exact reports, the fix
file, applying it (round trip to a valid seed folder), refusal once a seed file changed, nothing written without
--apply; the bundled seeds recheck clean."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import cjgraph
from cjgraph.anchors import SourceText, anchor, word_diff
from cjgraph.cli import main
from cjgraph.errors import UsageError
from cjgraph.fixes import edit_quotes
from cjgraph.ingest import PageIndex

TEXT = "sources/clinks-tracking-transforming-rehabilitation.txt"
SOURCE = "clinks-tracking-tr"
OLD = "the government’s £900m Transforming Rehabilitation programme"
NEW = "the government’s £950m Transforming Rehabilitation programme"


def recapture(seeds: Path, *, word=False, move=False, delete=False) -> Path:
    """Re-capture the Tracking TR text with the chosen edits; returns the previous text, saved beside the seeds."""
    path = seeds / TEXT
    before = path.read_text(encoding="utf-8")
    previous = seeds.parent / "previous.txt"
    previous.write_text(before, encoding="utf-8")
    lines = before.split("\n")
    if word:  # line 12: £900m becomes £950m, inside three quoted passages
        lines[11] = lines[11].replace("£900m", "£950m")
    if move:  # the "Since 2015" paragraph (line 9) moves after line 13
        lines.insert(12, lines.pop(8))
    if delete:  # Anne Fox's words (lines 14 and 15) are gone
        del lines[13:15]
    path.write_text("\n".join(lines), encoding="utf-8")
    return previous


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["recheck", *args])


def test_word_moved_deleted_report_exactly(seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    previous = recapture(seed_copy, word=True, move=True, delete=True)
    result = run("--seeds", "seeds", "--source", SOURCE, "--previous", f"{SOURCE}={previous}")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[:4] == [
        "seeds/organisations.yaml:111: changed: 'the government’s £900m Transforming Reh…' → nearest "
        "'the government’s £950m Transforming Reh…' (98%)",
        "    in clinks-tracking-tr, line 11",
        "    words: the government’s [-£900m-] {+£950m+} Transforming Rehabilitation programme",
        "seeds/organisations.yaml:120: moved: 'National Council for Voluntary Organisa…' in clinks-tracking-tr, "
        "line 10 → line 9",
    ]
    assert "seeds/partnerships.yaml:17: moved: 'Since 2015, in response to feedback fro…' in clinks-tracking-tr, " \
           "line 9 → line 13" in out
    assert "seeds/people.yaml:9: vanished: 'Anne Fox, CEO of Clinks:' from clinks-tracking-tr (nothing close)" in out
    assert out[out.index("seeds/tracking-tr.yaml:85: changed: '…the government’s £900m Transforming Re…' → "
                         "nearest '…the government’s £950m Transforming Re…' (99%)") + 2] == \
        "    words: … in the government’s [-£900m-] {+£950m+} Transforming Rehabilitation programme."
    assert result.stderr == "54 passages from 1 source: 2 unchanged, 46 moved, 3 changed, 3 vanished\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_moved_against_the_text_committed_in_git(seed_copy):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(seed_copy), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "seeds")
    recapture(seed_copy, move=True)
    result = cjgraph.recheck(seed_copy, sources=[SOURCE])
    assert result.previous == {SOURCE: "git HEAD"}
    assert result.counts() == {"unchanged": 13, "moved": 41, "changed": 0, "vanished": 0}
    assert cjgraph.recheck(seed_copy, sources=[SOURCE], git=False).counts()["moved"] == 0


def test_json_all_and_previous_options(seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    previous = recapture(seed_copy, move=True)
    result = run("--seeds", "seeds", "--source", SOURCE, "--previous", f"{SOURCE}={previous}", "-f", "json")
    assert result.exit_code == 0  # moved passages are still verbatim
    rows = {(row["path"], row["line"]): row for row in json.loads(result.stdout)}
    assert rows["seeds/partnerships.yaml", 17] == {
        "path": "seeds/partnerships.yaml", "line": 17, "status": "moved", "document": SOURCE,
        "quote": "Since 2015, in response to feedback from our members and other voluntary sector organisations, "
                 "Clinks have undertaken in-depth research",
        "source_line": 13, "source_page": None, "previous_line": 9, "previous_page": None}
    listed = run("--seeds", "seeds", "--source", SOURCE, "--all").stdout.splitlines()
    assert len(listed) == 54 and listed[0].startswith("seeds/organisations.yaml:111: unchanged: ")
    bad = run("--seeds", "seeds", "--previous", "nothing")
    assert (bad.exit_code, bad.stderr.splitlines()[-1]) == (
        2, "Error: Invalid value for --previous: expected ID=FILE, got 'nothing'")


def test_without_a_previous_text_nothing_is_moved(seed_copy):
    recapture(seed_copy, move=True)
    result = cjgraph.recheck(seed_copy, sources=[SOURCE], git=False)
    assert result.counts() == {"unchanged": 54, "moved": 0, "changed": 0, "vanished": 0}
    assert result.ok and result.previous == {}


def paginate(path: Path, starts: tuple[int, ...]) -> None:
    """Add a form feed at the start of each line (numbered from 1) in ``starts``: lines stay as they were."""
    lines = path.read_text(encoding="utf-8").replace("\f", "").split("\n")
    path.write_text("\n".join("\f" + line if n in starts else line for n, line in enumerate(lines, 1)),
                    encoding="utf-8")


def test_pages_added_are_reported_and_a_page_change_is_a_move(seed_copy, tmp_path):
    path = seed_copy / TEXT
    paginate(path, (9, 14))
    result = cjgraph.recheck(seed_copy, sources=[SOURCE], git=False)
    assert result.ok and result.counts()["unchanged"] == 54
    found = {(Path(p.path).name, p.line): p.as_data() for p in result.passages}
    assert [found["tracking-tr.yaml", line]["source_page"] for line in (18, 19, 165)] == [1, 2, 3]
    assert str(result.passages[-1]).endswith("tracking-tr.yaml:171: unchanged: 'the government’s £900m "
                                             "Transforming Reh…' in clinks-tracking-tr, line 12, page 2")
    pages = PageIndex(path.read_text(encoding="utf-8"))  # the pages citations use: the same
    assert all(p.anchor.place.page == pages.page_of(p.quote) for p in result.passages)
    previous = tmp_path / "paged.txt"
    previous.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    paginate(path, (9, 12))  # the third page now starts two lines earlier
    moved = cjgraph.recheck(seed_copy, sources=[SOURCE], previous={SOURCE: previous}, git=False)
    assert str(moved.passages[-1]).endswith("tracking-tr.yaml:171: moved: 'the government’s £900m Transforming "
                                            "Reh…' in clinks-tracking-tr, line 12, page 2 → line 12, page 3")
    assert {Path(p.path).name + f":{p.line}" for p in moved.passages if p.status == "moved"} >= {
        "organisations.yaml:111", "tracking-tr.yaml:83", "tracking-tr.yaml:171"}
    assert moved.counts()["vanished"] == moved.counts()["changed"] == 0


def test_fix_file_apply_round_trip(seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    recapture(seed_copy, word=True)
    before = {path: path.read_bytes() for path in seed_copy.glob("*.yaml")}
    result = run("--seeds", "seeds", "--no-git", "--fix-file", "fixes.yaml", "-f", "json")
    assert result.exit_code == 1
    rows = [row for row in json.loads(result.stdout) if row["status"] != "unchanged"]
    assert rows[0] == {"path": "seeds/organisations.yaml", "line": 111, "status": "changed", "document": SOURCE,
                       "quote": OLD, "source_line": 12, "source_page": None, "score": 98.3, "nearest": NEW,
                       "diff": "the government’s [-£900m-] {+£950m+} Transforming Rehabilitation programme"}
    assert result.stderr.splitlines()[-1] == "wrote 3 proposed fixes to fixes.yaml (review it, then: cjgraph " \
                                             "recheck --apply fixes.yaml)"
    assert {path: path.read_bytes() for path in seed_copy.glob("*.yaml")} == before  # nothing written yet
    fixes = Path("fixes.yaml").read_text(encoding="utf-8")
    assert fixes.split("\n", 5)[5] == f"""\
seeds:
- seeds
files:
  seeds/organisations.yaml: {cjgraph.fixes.digest(seed_copy / 'organisations.yaml')}
  seeds/tracking-tr.yaml: {cjgraph.fixes.digest(seed_copy / 'tracking-tr.yaml')}
fixes:
- file: seeds/organisations.yaml
  line: 111
  document: clinks-tracking-tr
  score: 98.3
  old: {OLD}
  proposed: {NEW}
- file: seeds/tracking-tr.yaml
  line: 85
  document: clinks-tracking-tr
  score: 99.2
  old: Our final report confirms that charities are underrepresented in {OLD}.
  proposed: Our final report confirms that charities are underrepresented in {NEW}.
- file: seeds/tracking-tr.yaml
  line: 171
  document: clinks-tracking-tr
  score: 98.3
  old: {OLD}
  proposed: {NEW}
vanished: []
"""
    assert not cjgraph.validate(seed_copy).ok
    applied = run("--apply", "fixes.yaml")
    assert applied.exit_code == 0, applied.output
    assert applied.stdout.splitlines()[0] == "applied 3 fixes to 2 seed files"
    assert applied.stdout.splitlines()[1].startswith("ok: ")
    assert cjgraph.validate(seed_copy).ok
    for path, old in before.items():  # only the quotes' lines changed, in their own style
        changed = [(a, b) for a, b in zip(old.decode().split("\n"), path.read_text().split("\n"), strict=True)
                   if a != b]
        if path.name == "organisations.yaml":
            assert changed == [(f"        quote: {OLD}", f"        quote: {NEW}")]
        elif path.name == "tracking-tr.yaml":
            assert [b for _, b in changed] == [f'        evidence: ["Our final report confirms that charities are '
                                               f'underrepresented in {NEW}."]', f'    evidence: ["{NEW}"]']
        else:
            assert changed == []
    assert run("--seeds", "seeds", "--no-git").exit_code == 0


def test_every_source_recaptured_every_fix_applied(seed_copy, tmp_path):
    """One word in 40 of every source changed: each passage it touches is changed (none vanishes), and applying
    every proposed fix edits only lines holding quotes, in all the seeds' YAML styles, and validates."""
    for path in (seed_copy / "sources").glob("*.txt"):
        count = itertools.count(1)
        path.write_text(re.sub(r"\w+", lambda word, count=count: "XXXX" if next(count) % 40 == 0 else word.group(),
                               path.read_text(encoding="utf-8")), encoding="utf-8")
    before = {path: path.read_text(encoding="utf-8").split("\n") for path in seed_copy.glob("*.yaml")}
    result = cjgraph.recheck(seed_copy, git=False)
    counts = result.counts()
    assert counts["vanished"] == 0 and counts["changed"] > 300
    assert result.write_fixes(tmp_path / "fixes.yaml") == counts["changed"]
    applied = cjgraph.apply_fixes(tmp_path / "fixes.yaml")
    assert applied.fixed == counts["changed"] and applied.report.ok
    proposed = {p.anchor.nearest for p in result.passages if p.status == "changed"}
    for path, lines in before.items():
        after = path.read_text(encoding="utf-8").split("\n")
        assert len(after) == len(lines)
        for old, new in zip(lines, after, strict=True):
            assert old == new or any(fix in new for fix in proposed)
    assert cjgraph.recheck(seed_copy, git=False).counts()["unchanged"] == len(result.passages)


def test_apply_is_refused_once_a_seed_file_changed(seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    recapture(seed_copy, word=True)
    assert run("--seeds", "seeds", "--fix-file", "fixes.yaml").exit_code == 1
    edited = seed_copy / "tracking-tr.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# a curator's note\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in seed_copy.glob("*.yaml")}
    result = run("--apply", "fixes.yaml")
    assert result.exit_code == 2
    assert result.stderr == "Error: fixes.yaml: seed file seeds/tracking-tr.yaml has changed since the fix file " \
                            "was written; run `cjgraph recheck` again\n"
    assert {path: path.read_bytes() for path in seed_copy.glob("*.yaml")} == before


def test_apply_refuses_a_proposal_that_is_not_verbatim(seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    recapture(seed_copy, word=True)
    cjgraph.recheck("seeds", git=False).write_fixes("fixes.yaml")
    Path("fixes.yaml").write_text(Path("fixes.yaml").read_text(encoding="utf-8").replace(
        f"proposed: {NEW}", "proposed: the government’s £999m", 1), encoding="utf-8")
    with pytest.raises(UsageError) as error:
        cjgraph.apply_fixes("fixes.yaml")
    assert str(error.value) == "fixes.yaml: seeds/organisations.yaml:111: the proposed quote is not verbatim in " \
                               "'clinks-tracking-tr'; nothing was changed"


def test_apply_refuses_what_is_not_a_fix_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes.yaml").write_text("fixes: [a]\n", encoding="utf-8")
    result = run("--apply", "notes.yaml")
    assert (result.exit_code, result.stderr) == (2, "Error: notes.yaml is not a fix file written by "
                                                    "`cjgraph recheck --fix-file`\n")
    Path("bomb.yaml").write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    assert run("--apply", "bomb.yaml").stderr == "Error: cannot read the fix file bomb.yaml:1: anchors and " \
                                                 "aliases (& and *) are not allowed in seed files\n"
    assert run("--apply", "missing.yaml").stderr.startswith("Error: cannot read the fix file missing.yaml:1: ")


def test_other_options_with_apply_and_unknown_sources(seed_copy):
    assert run("--apply", "x.yaml", "--no-git").stderr.endswith(
        "Error: --apply FILE takes no other option: the fix file names its seed folders\n")
    result = run("--seeds", str(seed_copy), "--source", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --source: unknown source 'nope'; the seeds' sources are: "
                                    "clinks-briefings-index, ")


def test_a_fix_file_is_not_written_into_a_seed_folder(seed_copy):
    recapture(seed_copy, word=True)
    result = run("--seeds", str(seed_copy), "--fix-file", str(seed_copy / "fixes.yaml"))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: --fix-file: {str(seed_copy / 'fixes.yaml')!r} is inside the seed folder "
                                  f"{str(seed_copy)!r}, where it would be read as seeds; write it elsewhere\n")
    assert not (seed_copy / "fixes.yaml").exists()


def test_json_lines_seeds_are_rechecked_but_fixed_by_hand(mini_seeds, tmp_path):
    (mini_seeds / "data.yaml").unlink()
    (mini_seeds / "data.jsonl").write_text(
        '{"document": "doc"}\n'
        '{"entity": {"id": "example-act-2001", "kind": "Act", "name": "Example Act 2001", '
        '"evidence": ["The Example Act 2001 was discussed"]}}\n', encoding="utf-8")
    (mini_seeds / "sources" / "doc.txt").write_text("The Example Act 2001 was debated by the Example Review.\n",
                                                    encoding="utf-8")
    result = cjgraph.recheck(mini_seeds, git=False)
    [passage] = result.passages
    assert (passage.line, passage.status, passage.anchor.nearest) == (2, "changed", "The Example Act 2001 was debated")
    result.write_fixes(tmp_path / "fixes.yaml")
    with pytest.raises(UsageError) as error:
        cjgraph.apply_fixes(tmp_path / "fixes.yaml")
    assert str(error.value) == "fixes.yaml: data.jsonl is JSON Lines; fix its quotes by hand"


def test_edit_quotes_keeps_each_style_or_quotes_when_it_must():
    text = ("entities:\n  - id: a\n    evidence:\n      - plain one\n      - 'single'\n"
            "    links:\n      - cites: b\n        evidence: [\"flow\", plain two]\n"
            "      - about: c\n        evidence:\n          - document: d\n            quote: >-\n"
            "              folded\n              quote\n        # kept\n")
    assert edit_quotes("evidence:\n  - one\n  - two\n", [{"line": 2, "old": "one", "proposed": "[1] a note"},
                                                            {"line": 3, "old": "two", "proposed": "2013"}],
                       "x.yaml") == 'evidence:\n  - "[1] a note"\n  - "2013"\n'
    fixes = [{"line": 4, "old": "plain one", "proposed": "now: with a colon"},
             {"line": 5, "old": "single", "proposed": "it's"},
             {"line": 8, "old": "plain two", "proposed": "two, with a comma"},
             {"line": 12, "old": "folded quote", "proposed": "refolded"}]
    assert edit_quotes(text, fixes, "x.yaml") == (
        "entities:\n  - id: a\n    evidence:\n      - \"now: with a colon\"\n      - 'it''s'\n"
        "    links:\n      - cites: b\n        evidence: [\"flow\", \"two, with a comma\"]\n"
        "      - about: c\n        evidence:\n          - document: d\n            quote: \"refolded\"\n"
        "        # kept\n")


def test_anchoring_and_word_diff():
    text = SourceText("First line here.\nThe quick brown fox jumps over the lazy dog.\n\fA new page starts.")
    assert anchor("brown fox jumps", text).place.line == 2
    near = anchor("The quick brown cat jumps over the lazy dog.", text)
    assert (near.status, near.nearest, near.place.page) == ("changed", "The quick brown fox jumps over the lazy "
                                                                       "dog.", 1)
    assert near.diff == "The quick brown [-cat-] {+fox+} jumps over the lazy dog."
    assert anchor("A new page", text).place.page == 2
    assert anchor("Nothing of the kind is written anywhere at all", text).status == "vanished"
    assert word_diff("a b c", "a c d") == "a [-b-] c {+d+}"


NOMS = ("Clinks would therefore encourage NOMS to consider drawing upon the available academic evidence base to "
        "design a range of proxy outcome measures in PbR contracts, tailored to the specific offending ‘triggers’ "
        "and need profiles of the group receiving the intervention.")


@pytest.mark.parametrize(("before", "after", "diff"), [
    ("academic evidence base", "research evidence",
     "… upon the available [-academic-] {+research+} evidence [-base-] to design a …"),
    ("would therefore encourage NOMS to consider drawing", "encourages NOMS to draw",
     "Clinks [-would therefore encourage-] {+encourages+} NOMS to [-consider drawing-] {+draw+} upon the available …"),
    ("Clinks would", "We would", "[-Clinks-] {+We+} would therefore encourage …"),
    ("the intervention.", "the service.", "… group receiving the [-intervention.-] {+service.+}"),
])
def test_a_changed_passage_keeps_its_ends_and_no_more(before, after, diff):
    """Words changed at either end are kept in the proposal; words the text goes on with are not."""
    text = SourceText(f"Proxy measures.\nThe MoJ said so. {NOMS.replace(before, after)} The proposals to go on.")
    near = anchor(NOMS, text)
    assert (near.status, near.diff) == ("changed", diff)
    assert near.nearest == NOMS.replace(before, after)


def test_bundled_seeds_recheck_clean():
    result = run("--no-git")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.endswith(" 0 changed, 0 vanished\n")
