"""Secrets never leak, server failures are one clean line, and hostile text stays inert in every format."""

from __future__ import annotations

import csv
import http.server
import io
import json
import re
import socket
import threading

import pytest
from click.testing import CliRunner

from cjgraph.answers import Answer
from cjgraph.cli import main

SECRET = "s3cret-PASSWORD-7f3a"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
            "=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1)", "-2+3", "@cmd", "|pipe|", "`code`", "[link](http://x)"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_neo4j_server_down_is_one_line_exit_2_without_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["query", "reviews-citing-acts", "--backend", "neo4j", "--uri", uri])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: neo4j: cannot reach {uri}")
    assert len(result.output.strip().splitlines()) == 1
    assert SECRET not in result.output and "Traceback" not in result.output


def test_password_given_on_the_command_line_is_not_echoed():
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["load", "--backend", "neo4j", "--uri", uri, "--password", SECRET])
    assert result.exit_code == 2
    assert SECRET not in result.output


def test_password_prompt_is_hidden():
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["load", "--backend", "neo4j", "--uri", uri, "--ask-password"],
                                input=SECRET + "\n")
    assert result.exit_code == 2
    assert "neo4j password:" in result.output
    assert SECRET not in result.output


def test_wrong_neo4j_database(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server["password"])
    result = CliRunner().invoke(main, ["query", "reviews-citing-acts", "--backend", "neo4j", "--uri",
                                       neo4j_server["uri"], "--database", "nosuchdb"])
    assert result.exit_code == 2
    assert result.output == f"Error: neo4j: database 'nosuchdb' does not exist at {neo4j_server['uri']}\n"


class _Refusing(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="x"')
        self.end_headers()
        self.wfile.write(b"unauthorised\n")

    do_PUT = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture()
def refusing_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_sparql_wrong_password_is_one_line_without_the_password(refusing_server, monkeypatch):
    monkeypatch.setenv("CJGRAPH_SPARQL_PASSWORD", SECRET)
    result = CliRunner().invoke(main, ["load", "--backend", "sparql", "--endpoint", refusing_server + "/query",
                                       "--sparql-user", "alice"])
    assert result.exit_code == 2
    assert result.output == (f"Error: sparql: authentication failed (HTTP 401 from {refusing_server}/store?"
                             "graph=https%3A%2F%2Fw3id.org%2Fcjgraph%2Fgraph): unauthorised\n")
    assert SECRET not in result.output


def test_sparql_server_down(monkeypatch):
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(main, ["query", "reviews-citing-acts", "--backend", "sparql", "--endpoint", endpoint])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: sparql: cannot reach {endpoint}")
    assert len(result.output.strip().splitlines()) == 1


def rows():
    return [{"name": p, "n": i} for i, p in enumerate(PAYLOADS)]


def test_csv_neutralises_formulas():
    parsed = list(csv.DictReader(io.StringIO(Answer(["name", "n"], rows()).render("csv"))))
    for row, payload in zip(parsed, PAYLOADS, strict=True):
        if payload[0] in "=+-@":
            assert row["name"] == "'" + payload
        else:
            assert row["name"] == payload


def test_markdown_is_verbatim_but_for_what_would_break_the_table_or_become_markup():
    text = Answer(["name", "n"], rows()).render("markdown")
    assert not re.search(r"(?<!\\)<[A-Za-z/]", text) and "](" not in text  # no tag a renderer would make
    assert "\\<script>alert(1)\\</script>" in text  # a backslash keeps the tag as text, nothing else is added
    assert "\\|pipe\\|" in text
    assert len(text.strip().splitlines()) == len(PAYLOADS) + 2
    plain = Answer(["name"], [{"name": "Change & challenge -> [7] *not* `code` 5 < 6"}]).render("markdown")
    assert plain.splitlines()[2] == "| Change & challenge -> [7] *not* `code` 5 < 6 |"


def test_json_and_table_keep_text_as_text():
    assert [r["name"] for r in json.loads(Answer(["name", "n"], rows()).render("json"))] == PAYLOADS
    table = Answer(["name", "n"], rows()).render("table", width=200)
    assert "[link](http://x)" in table and "<script>alert(1)</script>" in table


def test_wrong_neo4j_password(neo4j_server):
    result = CliRunner().invoke(main, ["query", "reviews-citing-acts", "--backend", "neo4j", "--uri",
                                       neo4j_server["uri"], "--password", SECRET])
    assert result.exit_code == 2
    assert result.output == f"Error: neo4j: authentication failed for user 'neo4j' at {neo4j_server['uri']}\n"
