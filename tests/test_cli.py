"""The command line through CliRunner, and a few runs of the installed console script."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjgraph.cli import main
from cjgraph.export import to_json_document
from cjgraph.queries import run_query
from tests.conftest import MINI_YAML, ROOT

HEAVY = ("rdflib", "neo4j", "pyvis", "networkx")


def test_help_imports_no_heavy_library():
    code = ("import sys\nfrom cjgraph.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY="
    assert "Commands:" in out


@pytest.mark.parametrize("command", ["validate", "check", "load", "query", "queries", "export", "show", "search",
                                     "stats"])
def test_command_help_imports_no_heavy_library(command):
    code = (f"import sys\nfrom cjgraph.cli import main\ntry:\n    main([{command!r}, '--help'])\n"
            f"except SystemExit:\n    pass\nprint('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY="


def test_answering_a_query_imports_no_pydantic_nor_rich(loaded_store):
    """The query path stays light: validation (pydantic) and progress bars (rich) are for load only."""
    code = (f"import sys\nfrom cjgraph.cli import main\ntry:\n"
            f"    main(['query', 'recommendations-by', '-p', 'by=clinks', '--store', {str(loaded_store)!r}])\n"
            f"except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            f"print('HEAVY=' + ','.join(m for m in {(*HEAVY, 'pydantic', 'rich')!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY="
    assert "rows" in out.splitlines()[-2]


def test_validate_clean(runner, bundled_dataset):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ok: {len(bundled_dataset.entities)} entities, "
                                    f"{len(bundled_dataset.relations)} relations")
    items = [e for x in [*bundled_dataset.entities.values(), *bundled_dataset.relations] for e in x.evidence]
    quoted, links = sum(1 for e in items if e.quote), sum(1 for e in items if not e.quote)
    assert quoted and links  # a link to a public record is not counted as a quote
    assert result.output.rstrip().endswith(f"{quoted} quoted passages from {len(bundled_dataset.sources)} source "
                                           f"documents and {links} links to public records")


def test_validate_reports_problems_and_exits_1(runner, mini_seeds):
    (mini_seeds / "data.yaml").write_text(MINI_YAML.replace("date: 2001", "date: 2001-02-30"), encoding="utf-8")
    result = runner.invoke(main, ["validate", "--seeds", str(mini_seeds)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("data.yaml:6: entity 'example-act-2001': date: impossible date '2001-02-30': "
                             "February 2001 has no day 30")
    assert lines[-1] == "Error: 1 problem in the seeds; nothing was loaded."
    assert "Traceback" not in result.output


def test_bad_seeds_leave_a_loaded_store_unchanged(tmp_path, mini_seeds, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setenv("CJGRAPH_STORE", str(tmp_path / "store"))
    runner = CliRunner()
    assert runner.invoke(main, ["load", "--seeds", str(mini_seeds)]).exit_code == 0
    before = runner.invoke(main, ["query", "reviews-citing-acts", "-f", "json"]).output
    (mini_seeds / "data.yaml").write_text(MINI_YAML.replace('["The Example Act 2001"]', '["not there"]'),
                                          encoding="utf-8")
    result = runner.invoke(main, ["load", "--seeds", str(mini_seeds)])
    assert result.exit_code == 1
    assert "quote not found verbatim in 'doc'" in result.output
    after = runner.invoke(main, ["query", "reviews-citing-acts", "-f", "json"]).output
    assert after == before
    assert json.loads(after)[0]["act_id"] == "example-act-2001"


def test_load_reports_counts(tmp_path, bundled_dataset, monkeypatch):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"loaded {len(bundled_dataset.entities)} entities and "
                                    f"{len(bundled_dataset.relations)} relations")
    quiet = CliRunner().invoke(main, ["load", "--quiet", "--store", str(tmp_path / "s")])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_query_json_is_a_list_of_row_objects(runner, embedded):
    result = runner.invoke(main, ["query", "reviews-citing-acts", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    expected = run_query(embedded, "reviews-citing-acts")
    assert rows == expected.as_dicts()
    assert len(rows) > 0
    assert list(rows[0]) == expected.columns


def test_query_csv_and_markdown(runner, embedded):
    expected = run_query(embedded, "reviews-citing-acts")
    out = runner.invoke(main, ["query", "reviews-citing-acts", "-f", "csv"]).output
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert len(parsed) == len(expected.rows)
    assert parsed[0]["act_id"] == expected.rows[0]["act_id"]
    from cjgraph.passages import fold

    columns, statements = fold(expected.columns, expected.rows)  # a row per statement, with its passages
    columns = [c for c in columns if not c.endswith("_id")]  # ids are for code: JSON and CSV keep them
    markdown = runner.invoke(main, ["query", "reviews-citing-acts", "-f", "markdown"]).output
    lines = markdown.strip().splitlines()
    assert lines[2] == "| " + " | ".join(columns) + " |" and "passages" in columns
    assert sum(line.startswith("| ") for line in lines) == len(statements) + 1
    count = f"{len(statements)} rows" + (f" ({len(expected.rows)} passages)" if len(statements) != len(expected.rows)
                                         else "")
    assert lines[-1].startswith(f"{count} · question reviews-citing-acts · dataset cj-")


def test_query_output_file(runner, tmp_path):
    target = tmp_path / "acts.csv"
    result = runner.invoke(main, ["query", "reviews-citing-acts", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("act_name,document,")


def test_query_parameter_accepts_a_name_or_an_alias(runner, bundled_dataset):
    act = next(e for e in bundled_dataset.entities.values() if e.kind == "Act")
    by_id = runner.invoke(main, ["query", "reviews-citing-acts", "-p", f"act={act.id}", "-f", "json"]).output
    by_name = runner.invoke(main, ["query", "reviews-citing-acts", "-p", f"act={act.name.upper()}", "-f", "json"])
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(by_id) == json.loads(by_name.output)
    assert {row["act_id"] for row in json.loads(by_id)} <= {act.id}


def test_unknown_query_lists_choices(runner):
    result = runner.invoke(main, ["query", "reviews-citing-act"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: unknown query 'reviews-citing-act'; did you mean reviews-citing-acts?")


def test_unknown_entity_suggests_close_names(runner):
    result = runner.invoke(main, ["query", "partners-of", "-p", "org=clinkz"])
    assert result.exit_code == 2
    assert result.output == "Error: no Organisation matches 'clinkz'; did you mean 'clinks'?\n"


def test_show_lists_evidence_and_relations(runner, bundled_dataset):
    result = runner.invoke(main, ["show", "clinks", "-f", "json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["entity"]["name"] == "Clinks"
    assert info["defined_at"] == bundled_dataset.origin("clinks")
    expected = [r for r in bundled_dataset.relations if "clinks" in (r.source, r.target)]
    assert len(info["relations"]) == len(expected)
    assert all(r["evidence"] for r in info["relations"])
    table = runner.invoke(main, ["show", "Clinks"]).output
    assert "Relationships" in table and "1074546" in table


def test_search_is_case_and_accent_insensitive(runner):
    plain = runner.invoke(main, ["search", "ministry of justice", "-f", "json"])
    accented = runner.invoke(main, ["search", "MÍNISTRY OF JÚSTICE", "-f", "json"])
    assert plain.exit_code == 0
    assert json.loads(plain.output) == json.loads(accented.output)
    assert json.loads(plain.output)[0]["id"] == "ministry-of-justice"


def test_stats_counts_match_the_dataset(runner, bundled_dataset):
    data = json.loads(runner.invoke(main, ["stats", "-f", "json"]).output)
    assert sum(row["count"] for row in data["entities"]) == len(bundled_dataset.entities)
    assert sum(row["count"] for row in data["relations"]) == len(bundled_dataset.relations)
    quotes = sum(len(x.evidence) for x in [*bundled_dataset.entities.values(), *bundled_dataset.relations])
    assert sum(row["quotes"] for row in data["evidence"]) == quotes


def test_export_json_is_the_documented_shape(runner, bundled_dataset):
    data = json.loads(runner.invoke(main, ["export", "--format", "json"]).output)
    assert data == json.loads(json.dumps(to_json_document(bundled_dataset)))
    entity = data["entities"][0]
    assert list(entity)[:7] == ["id", "kind", "name", "aliases", "date", "start", "end"]
    assert set(data["relations"][0]) == {"source", "kind", "target", "start", "end", "evidence", "defined_at"}
    assert set(entity["evidence"][0]) == {"document", "quote", "url", "page"}


def test_export_turtle_to_a_file(runner, tmp_path, embedded, bundled_dataset):
    from rdflib import Graph

    from cjgraph.rdf import dataset_triples, store_triples

    target = tmp_path / "graph.ttl"
    result = runner.invoke(main, ["export", "--format", "ttl", "-o", str(target)])
    assert result.exit_code == 0
    exported = Graph().parse(target)
    stamp = [str(o) for _, p, o in exported if str(p).endswith("#datasetStamp")]
    assert stamp == [bundled_dataset.stamp]  # which data: the stamp, and no other derived triple
    exported = len(exported)
    assert exported == sum(1 for _ in dataset_triples(bundled_dataset)) + 1  # the data, not the derived dates
    assert embedded.triple_count() == sum(1 for _ in store_triples(bundled_dataset)) > exported


def _console_script() -> str:
    found = shutil.which("cjgraph", path=str(Path(sys.executable).parent))
    assert found, "the cjgraph console script is not installed next to this Python"
    return found


def test_console_script_runs_the_flagship_query(loaded_store):
    env = {**os.environ, "CJGRAPH_STORE": str(loaded_store)}
    out = subprocess.run([_console_script(), "query", "reviews-citing-acts", "-f", "json"], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert len(json.loads(out)) > 0


def test_console_script_errors_are_one_line_without_traceback(tmp_path):
    env = {**os.environ, "CJGRAPH_STORE": str(tmp_path / "empty")}
    done = subprocess.run([_console_script(), "query", "reviews-citing-acts"], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert done.stderr == (f"Error: the store at {tmp_path / 'empty'} is empty; load the seeds into it first "
                           "(`cjgraph load` in a terminal, cjgraph.load() in Python)\n")


def test_python_dash_m_works():
    done = subprocess.run([sys.executable, "-m", "cjgraph", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "cjgraph, version 0.1.0"


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "answer.pdf"], "Error: cannot write this as .pdf (answer.pdf): the formats are table (.txt), "
                           "json (.json), csv (.csv), markdown (.md), html (.html), xlsx (.xlsx)"),
    (["-f", "json", "-o", "answer.csv"], "Error: --format json does not match answer.csv, whose suffix means csv"),
])
def test_a_file_suffix_that_is_not_the_format_is_refused(runner, tmp_path, args, message):
    result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", *args])
    assert result.exit_code == 2 and result.stderr.strip().splitlines()[-1] == message
    assert not list(tmp_path.iterdir()) and not Path("answer.pdf").exists()


def test_the_suffix_picks_the_format(runner, tmp_path):
    for name, check in (("a.csv", lambda t: t.startswith("person,role,")), ("a.json", lambda t: json.loads(t)),
                        ("a.md", lambda t: t.startswith("**People and their roles**")),
                        ("a.txt", lambda t: t.startswith("Anne Fox\n  role ")),
                        ("a.html", lambda t: t.startswith("<!DOCTYPE html>") and "<td>Anne Fox</td>" in t)):
        result = runner.invoke(main, ["query", "people-and-roles", "-p", "org=clinks", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert check((tmp_path / name).read_text(encoding="utf-8")), name


def test_kind_names_are_case_insensitive_everywhere(runner, embedded):
    import cjgraph

    analysed = runner.invoke(main, ["analyse", "--kind", "organisation", "--top", "1", "-f", "json"])
    assert analysed.exit_code == 0 and json.loads(analysed.stdout)[0]["kind"] == "Organisation"
    found = runner.invoke(main, ["search", "probation", "--kind", "ORGANISATION", "-f", "json"])
    assert found.exit_code == 0 and {row["kind"] for row in json.loads(found.stdout)} == {"Organisation"}
    refused = runner.invoke(main, ["search", "probation", "--kind", "orgs"])
    assert refused.exit_code == 2 and refused.stderr.startswith("Error: --kind: unknown kind 'orgs' (choose from ")
    with cjgraph.open(embedded.location) as graph:
        assert graph.search("probation", kinds=["organisation"]).rows == graph.search("probation", "Organisation").rows
