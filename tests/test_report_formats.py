"""Answers that go into a report: they fit a terminal, fold their passages, cite them, open in Excel and Word,
pivot into grids and say which data they came from (issue #16)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cjgraph
from cjgraph.cli import main
from cjgraph.passages import fold


def run(runner, *args: str, columns: int = 100):
    result = runner.invoke(main, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def graph(loaded_store):
    with cjgraph.open(loaded_store) as opened:
        yield opened


# -- the terminal ---------------------------------------------------------------------------------------
def test_recommendations_by_clinks_fit_100_columns_whole_and_short(runner, graph):
    answer = graph.query("recommendations-by", by="clinks")
    text = run(runner, "query", "recommendations-by", "-p", "by=clinks")
    lines = text.splitlines()
    assert max(map(len, lines)) <= 100
    assert len(lines) <= 1636 // 3  # a third of the table this replaced (seven columns of ~13 characters)
    words = set(text.split())
    for source in {row["source"] for row in answer.rows}:
        assert f"[{source}]" in words  # an id is never broken across lines
    statements = fold(answer.columns, answer.rows)[1]
    assert lines[-1] == f"{len(statements)} rows ({len(answer.rows)} passages)"
    for statement in statements:  # one block per recommendation
        assert statement["recommendation"].split("\n")[0][:60] in text


def test_every_query_name_is_whole_at_80_columns(runner):
    names = [q["name"] for q in json.loads(run(runner, "queries", "-f", "json"))]
    text = run(runner, "queries", columns=80)
    assert max(map(len, text.splitlines())) <= 80
    headings = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert headings[:-1] == names  # each name alone on its heading line, then the count


def test_a_table_that_fits_stays_a_table_and_wide_keeps_one(runner):
    narrow = run(runner, "query", "people-and-roles", "-p", "org=clinks", "--columns", "person,role")
    assert narrow.startswith("┏") and "passages" not in narrow
    wide = run(runner, "query", "recommendations-by", "-p", "by=clinks", "--wide")
    assert wide.startswith("┏") and max(map(len, wide.splitlines())) > 100


def test_unknown_column_and_bad_pivot_are_refused(runner):
    result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "--columns", "person,rank"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --columns: no column 'rank' (columns: person, role, body, ")
    result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "--pivot", "person"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: --pivot: a pivot is ROW,COLUMN or ROW,COLUMN,VALUE (columns of the answer), "
                             "not 'person'\n")


# -- citations ------------------------------------------------------------------------------------------
def _notes_from_markdown(text: str) -> list[tuple[int, str]]:
    part = text.split("**Notes**", 1)[1].split("**Sources**", 1)[0]
    return [(int(m[1]), m[2]) for m in re.finditer(r"^(\d+)\. “(.*?)” ", part, re.M)]


def test_cite_gives_the_same_notes_and_sources_in_markdown_html_and_xlsx(runner, graph, tmp_path):
    args = ["query", "recommendations-to", "-p", "to=ministry-of-justice", "--cite", "--cite-style", "apa"]
    markdown = run(runner, *args, "-f", "markdown")
    html = run(runner, *args, "-f", "html")
    run(runner, *args, "-o", str(tmp_path / "a.xlsx"))
    book = load_workbook(tmp_path / "a.xlsx")
    answer = graph.query("recommendations-to", to="ministry-of-justice")
    passages = list(dict.fromkeys((row["quote"], row["source"]) for row in answer.rows))
    expected = [(i, quote) for i, (quote, _) in enumerate(passages, start=1)]
    assert _notes_from_markdown(markdown) == expected
    from html import unescape

    html_notes = [(int(n), unescape(q)) for n, q in re.findall(r'<li value="(\d+)">“(.*?)” ', html)]
    assert html_notes == expected
    notes = [(row[0], row[1]) for row in book["Notes"].iter_rows(min_row=2, values_only=True)]
    assert notes == expected
    sources = sorted({source for _, source in passages})
    titles = {ident: graph.sources()[ident].title for ident in sources}
    md_sources = markdown.split("**Sources**", 1)[1].strip().splitlines()
    html_sources = re.findall(r"<ul class=\"cjgraph-sources\">(.*?)</ul>", html)[0]
    xlsx_sources = {row[0]: row[-1] for row in book["Sources"].iter_rows(min_row=2, values_only=True)}
    assert set(xlsx_sources) == set(sources) and len(md_sources) == len(sources)
    for ident, title in titles.items():
        assert any(title in line for line in md_sources) and title in unescape(html_sources)
        year = str(graph.sources()[ident].date)[:4]
        assert title in xlsx_sources[ident] and f"Clinks. ({year}" in xlsx_sources[ident]  # APA: Author. (Year...
    header = [cell.value for cell in book["Answer"][1]]
    marks = " ".join(str(row[header.index("passages")] or "") for row in
                     book["Answer"].iter_rows(min_row=2, values_only=True))
    assert sorted(int(n) for n in re.findall(r"\[(\d+)\]", marks)) == [n for n, _ in expected]


def test_an_unknown_citation_style_is_refused(runner):
    result = runner.invoke(main, ["query", "recommendations-to", "-p", "to=MoJ", "--cite", "--cite-style", "vancouverx",
                                  "-f", "markdown"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --cite-style: unknown citation style 'vancouverx' (try harvard, apa, ")


# -- spreadsheets and Word --------------------------------------------------------------------------------
def test_xlsx_has_wrapped_rows_a_frozen_header_sources_and_what_the_answer_is(runner, graph, tmp_path):
    target = tmp_path / "answer.xlsx"
    result = runner.invoke(main, ["query", "recommendations-by", "-p", "by=clinks", "-o", str(target)])
    assert result.exit_code == 0 and result.stderr == f"wrote {target}\n"
    book = load_workbook(target)
    assert book.sheetnames == ["Answer", "Sources", "About"]
    sheet = book["Answer"]
    answer = graph.query("recommendations-by", by="clinks")
    assert sheet.freeze_panes == "A2" and sheet["A2"].alignment.wrap_text
    header = [c.value for c in sheet[1]]
    assert header == ["recommendation", "text", "addressed_to", "date", "passages"]
    assert sheet.max_row - 1 == len(fold(answer.columns, answer.rows)[1])
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["question"] == "recommendations-by" and about["parameters"] == "by=clinks"
    assert about["dataset"] == graph.stamp and about["title"] == answer.title
    sources = [row[0] for row in book["Sources"].iter_rows(min_row=2, values_only=True)]
    assert sources == sorted({row["source"] for row in answer.rows})


def test_xlsx_needs_a_file(runner):
    result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "-f", "xlsx"])
    assert result.exit_code == 2
    assert result.stderr.endswith("an xlsx workbook is written to a file: give -o FILE.xlsx\n")


def test_xlsx_keeps_formula_like_seed_text_as_text(tmp_path):
    from cjgraph.answers import Answer

    payload = '=HYPERLINK("http://evil","x")'
    book = load_workbook(io.BytesIO(Answer(["name"], [{"name": payload}, {"name": "+1"}]).to_xlsx()))
    cells = [row[0] for row in book["Answer"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == [payload, "+1"] and [c.data_type for c in cells] == ["s", "s"]


def test_excel_csv_has_a_byte_order_mark_and_crlf(runner, tmp_path):
    target = tmp_path / "a.csv"
    runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "--excel", "-o", str(target)])
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    plain = list(csv.DictReader(io.StringIO(run(runner, "query", "people-and-roles", "-p", "org=clinks", "-f", "csv"))))
    assert rows == plain and "Governmentâ" not in raw.decode("utf-8-sig")
    refused = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "--excel", "-f", "json"])
    assert refused.exit_code == 2 and refused.stderr == "Error: --excel: excel applies to the csv format only\n"


def test_html_answer_opens_with_no_script_and_no_request_and_payloads_stay_text(browser, xss_seeds, tmp_path):
    from tests.plugins.browser import console_errors, drain_logs, external, requests_made

    store = tmp_path / "store"
    graph = cjgraph.open(store)
    graph.load([xss_seeds])
    page = tmp_path / "answer.html"
    answer = graph.query("documents-about", subject="hostile-act")
    assert answer.rows
    page.write_text(answer.render("html", cite=True), encoding="utf-8")
    drain_logs(browser)
    browser.get(page.as_uri())
    assert browser.execute_script("return window.__xss") is None
    assert browser.execute_script("return document.scripts.length") == 0
    assert console_errors(browser) == [] and external(requests_made(browser)) == []
    text = browser.execute_script("return document.body.innerText")
    assert "<script>window.__xss=7</script>" in text  # the hostile source title, shown as text
    assert browser.execute_script("return document.querySelectorAll('table.cjgraph tbody tr').length") == len(
        fold(answer.columns, answer.rows)[1])
    graph.close()


# -- grids ----------------------------------------------------------------------------------------------
def test_act_document_table_is_a_grid_of_acts_by_documents(runner, graph):
    flat = graph.query("act-document-table")
    grid = json.loads(run(runner, "query", "act-document-table", "-f", "json", "--pivot", "act_name,document,cites,"
                          "about,passages"))
    assert [row["act_name"] for row in grid] == sorted({r["act_name"] for r in flat.rows}, key=str.casefold)
    by_act = {row["act_name"]: row for row in grid}
    for row in flat.rows:
        links = [name for name in ("cites", "about") if row[name] == "yes"]
        passages = f"{row['passages']} passage{'s' if row['passages'] != 1 else ''}"
        assert by_act[row["act_name"]][row["document"]] == ", ".join([*links, passages])
    cells = sum(1 for row in grid for key, value in row.items() if key != "act_name" and value)
    assert cells == len(flat.rows)
    markdown = run(runner, "query", "act-document-table", "-f", "markdown")  # the declared grid, by default
    assert markdown.splitlines()[2].startswith("| act_name | ") and len(markdown.splitlines()[2].split(" | ")) == \
        len({r["document"] for r in flat.rows}) + 1
    rows = run(runner, "query", "act-document-table", "-f", "markdown", "--pivot", "off")
    assert rows.splitlines()[2].startswith("| act_name | document | kind |")


def test_pivot_any_answer_counts_without_a_value(graph):
    answer = graph.query("people-and-roles", org="clinks")
    grid = answer.pivot("person", "role")
    assert grid.columns[0] == "person"
    total = sum(v for row in grid.rows for k, v in row.items() if k != "person" and v)
    assert total == len(answer.rows)


# -- the dataset stamp ----------------------------------------------------------------------------------
def test_every_file_answer_says_which_data_it_came_from(runner, graph, tmp_path):
    stamp = graph.stamp
    assert stamp and stamp == cjgraph.validate().dataset.stamp
    assert run(runner, "stats").startswith(f"Dataset {stamp}\n")
    assert json.loads(run(runner, "stats", "-f", "json"))["stamp"] == stamp
    args = ["query", "recommendations-to", "-p", "to=MoJ", "--as-of", "2015"]
    markdown = run(runner, *args, "-f", "markdown")
    assert re.search(rf"^\d+ rows.* · question recommendations-to · parameters to=MoJ · dates as of "
                     rf"2015-12-31 · dataset {stamp}$", markdown, re.M)
    assert f"dataset {stamp}" in run(runner, *args, "-f", "html")


def test_a_file_suffix_picks_html_and_xlsx(runner, tmp_path: Path):
    for name in ("a.html", "a.htm", "a.xlsx"):
        result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "a.xlsx").read_bytes()[:2] == b"PK"


def test_a_paths_evidence_is_cited_like_a_questions_passages(runner, graph):
    answer = graph.path("transforming-rehabilitation", "clinks", limit=1)
    quotes = list(dict.fromkeys(p["quote"] for row in answer.rows for p in row["evidence"]))
    markdown = run(runner, "path", "transforming-rehabilitation", "clinks", "--limit", "1", "--cite", "-f", "markdown")
    assert [q for _, q in _notes_from_markdown(markdown)] == quotes
    assert "**Sources**" in markdown and "Clinks policy briefings" in markdown.split("**Sources**")[1]


def test_show_lists_relationships_by_the_entity_at_the_other_end(graph):
    card = graph.show("transforming-rehabilitation")
    relationships = card["Relationships"]
    assert relationships.columns == ["entity", "kind", "relation", "evidence"]
    out = {r["relation"] for r in relationships.rows}
    assert "led_by \u2192" in out and "\u2190 about" in out
    text = card.render("table", width=100)
    assert "UK Government (uk-government)\n  kind      Organisation\n  relation  led_by \u2192\n" in text


def test_note_marks_are_one_form_in_every_format(runner, tmp_path):
    args = ["query", "evidence-from", "-p", "document=clinks-tracking-tr", "--cite"]
    markdown = run(runner, *args, "-f", "markdown")
    table = [line for line in markdown.splitlines() if line.startswith("| ") and "[" in line]
    assert table and all(re.search(r"\| (\[\d+\]( \[\d+\])*) \|", line) for line in table)
    assert "**Sources**" in markdown and "Tracking Transforming Rehabilitation" in markdown.split("**Sources**")[1]
    run(runner, *args, "-o", str(tmp_path / "e.xlsx"))
    sheet = load_workbook(tmp_path / "e.xlsx")["Answer"]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("passages")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(re.fullmatch(r"\[\d+\]( \[\d+\])*", c) for c in cells)
    notes = list(load_workbook(tmp_path / "e.xlsx")["Notes"].iter_rows(min_row=2, values_only=True))
    assert notes and all(row[2] == "clinks-tracking-tr" and row[4] for row in notes)  # each names its source


def test_a_fact_known_from_a_url_is_a_passage_too(graph):
    answer = graph.query("lineage", body="NOMS", on="2019")
    urls = [row["source"] for row in answer.rows if row["quote"] is None]
    assert urls and all(u.startswith("https://") for u in urls)
    markdown = answer.render("markdown")
    assert all(f"\\<{u}>" in markdown for u in urls)  # shown, as a link that stays text
    cited = answer.render("markdown", cite=True)
    assert all(re.search(rf"^\d+\. \\<{re.escape(u)}>$", cited, re.M) for u in urls)
    assert "**Sources**" not in cited  # links are not documents


def test_cite_with_nothing_to_cite_and_a_style_without_cite_are_refused(runner):
    grid = runner.invoke(main, ["query", "act-document-table", "--cite"])
    assert grid.exit_code == 2 and grid.stderr.startswith("Error: --cite: this answer has no passages to cite")
    style = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "--cite-style", "apa"])
    assert style.exit_code == 2 and style.stderr.endswith("Error: --cite-style goes with --cite\n")


def test_a_file_that_cannot_be_written_is_one_line(runner, tmp_path):
    target = tmp_path / "missing" / "x.csv"
    result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "-o", str(target)])
    assert result.exit_code == 2 and result.stderr == f"Error: cannot write {target}: No such file or directory\n"
    exported = runner.invoke(main, ["export", "--format", "bibtex", "-o", str(tmp_path / "missing" / "x.bib")])
    assert exported.exit_code == 2 and "Traceback" not in exported.output


def test_a_grid_keeps_entities_that_share_a_name_apart(graph):
    answer = graph.query("reform-timeline", reform="titan-prisons")
    named = {}
    for row in answer.rows:
        named.setdefault(row["entity"], set()).add(row["entity_id"])
    shared = [name for name, ids in named.items() if len(ids) > 1]
    assert shared  # the bundled seeds have such names (a consultation and the briefing about it)
    grid = answer.pivot("entity", "relation")
    labels = [row["entity"] for row in grid.rows]
    assert len(labels) == sum(len(ids) for ids in named.values())
    assert all(f"{name} ({ident})" in labels for name in shared for ident in named[name])
