"""One Dialect per query language: binding and syntax errors are the same on every backend; backends
declare their options, the CLI builds its options from them, and a package can register a backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from cjgraph.backends import backend_class, registry
from cjgraph.cli import main
from cjgraph.dialects import CYPHER, DIALECTS, SPARQL
from cjgraph.errors import QuerySyntaxError
from cjgraph.queries import catalogue
from tests.test_backends import BACKENDS, make_backend

BROKEN = {"sparql": "SELEC ?x WHERE { ?x ?y ?z }", "cypher": "MATCH (n RETURN n"}


@pytest.fixture(params=BACKENDS)
def loaded(request, tmp_path, bundled_dataset):
    made = make_backend(request.param, request, tmp_path)
    made.load(bundled_dataset)
    yield made
    made.close()


def test_a_broken_query_is_the_same_error_on_every_backend(loaded):
    with pytest.raises(QuerySyntaxError) as info:
        loaded.run(BROKEN[loaded.dialect.name], {})
    assert str(info.value).startswith(f"{loaded.dialect.label} syntax error: ")
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)


def test_the_cli_exits_2_on_a_broken_query_on_every_backend(loaded, request):
    options, env = _connection(loaded, request)
    result = CliRunner(env=env).invoke(main, [loaded.dialect.name, BROKEN[loaded.dialect.name], *options])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {loaded.dialect.label} syntax error: ")


def test_every_canned_query_has_a_text_in_every_dialect():
    for query in catalogue().values():
        for dialect in DIALECTS.values():
            assert query.text(dialect).strip(), (query.name, dialect.name)


@pytest.mark.parametrize(("kind", "value", "sparql", "cypher"), [
    ("entity", "clinks", "<https://w3id.org/cjgraph/id/clinks>", "clinks"),
    ("date", "2015-04", '"2015-04-01"^^<http://www.w3.org/2001/XMLSchema#date>', "2015-04-01"),
    ("date_end", "2015-04", '"2015-04-30"^^<http://www.w3.org/2001/XMLSchema#date>', "2015-04-30"),
    ("int", "7", '"7"^^<http://www.w3.org/2001/XMLSchema#integer>', 7),
    ("string", 'a"b', '"a\\"b"', 'a"b'),
])
def test_each_dialect_binds_each_parameter_type(kind, value, sparql, cypher):
    assert str(SPARQL.bind(value, kind)) == sparql
    assert CYPHER.bind(value, kind) == cypher


def test_unbound_parameters_are_left_out():
    assert SPARQL.bind_all({"a": None, "b": "x"}, {"b": "string"}) == {"b": SPARQL.bind("x", "string")}


def test_the_cli_offers_every_declared_option():
    result = CliRunner().invoke(main, ["query", "--help"], terminal_width=100)
    assert result.exit_code == 0
    for name in registry():
        for option in backend_class(name).options:
            assert f"--{option.name.replace('_', '-')}" in result.output, option.name
            for variable in option.env:
                assert variable in result.output, variable


def test_a_declared_environment_variable_is_read(monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_USERNAME", "reader")
    values = backend_class("neo4j").resolve_options({})
    assert (values["uri"], values["user"], values["database"]) == ("bolt://127.0.0.1:9", "reader", "neo4j")
    assert backend_class("neo4j").resolve_options({"uri": "bolt://given:1"})["uri"] == "bolt://given:1"


PLUGIN = '''
from cjgraph.backends.base import Option
from cjgraph.backends.embedded import EmbeddedBackend


class MemoryBackend(EmbeddedBackend):
    """An in-memory store filled from the bundled seeds when opened."""

    name = "memory"
    options = (Option("flavour", "What the test passes", env=("MEMORY_FLAVOUR",)),)

    def __init__(self, flavour=None):
        super().__init__(memory=True)
        from cjgraph.validation import load_dataset

        self.flavour = flavour
        self.load(load_dataset())
'''


def test_a_package_registers_a_backend_through_an_entry_point(tmp_path, runner):
    site = tmp_path / "site"
    (site / "cjmemory").mkdir(parents=True)
    (site / "cjmemory" / "__init__.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = site / "cjmemory-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cjmemory\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[cjgraph.backends]\nmemory = cjmemory:MemoryBackend\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    done = subprocess.run([sys.executable, "-m", "cjgraph", "query", "partners-of", "-p", "org=clinks", "-f", "csv",
                           "--backend", "memory", "--flavour", "mint"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    expected = runner.invoke(main, ["query", "partners-of", "-p", "org=clinks", "-f", "csv"]).stdout
    assert done.stdout == expected and len(expected.splitlines()) > 1
    helped = subprocess.run([sys.executable, "-m", "cjgraph", "query", "--backend", "memory", "--help"], env=env,
                            capture_output=True, text=True, check=True).stdout
    assert "--flavour" in helped and "MEMORY_FLAVOUR" in helped
    plain = subprocess.run([sys.executable, "-m", "cjgraph", "query", "--help"], env=env, capture_output=True,
                           text=True, check=True).stdout
    assert "--flavour" not in plain and "--store" in plain  # entry points are read only for a name not built in
    code = ("import cjgraph; g = cjgraph.open(backend='memory', flavour='x'); "
            "print(g.backend.flavour, len(g.search('clinks')))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "x" and int(out.split()[1]) >= 1


def _connection(loaded, request) -> tuple[list[str], dict[str, str]]:
    """CLI options (and environment) that reach the loaded backend."""
    if loaded.name == "embedded":
        return ["--store", str(loaded.path)], {}
    if loaded.name == "sparql":
        return ["--backend", "sparql", "--endpoint", loaded.endpoint, "--graph", loaded.graph], {}
    password = request.getfixturevalue("neo4j_server")["password"]
    return ["--backend", "neo4j", "--uri", loaded.uri, "--user", loaded.user], {"NEO4J_PASSWORD": password}


def test_a_query_imports_no_pydantic_on_any_backend(loaded, request):
    """Answering reads the store; validation (pydantic) and progress bars (rich) are for loading only."""
    options, env = _connection(loaded, request)
    args = ["query", "recommendations-by", "-p", "by=clinks", "-f", "json", *options]
    code = (f"import sys, json\nfrom cjgraph.cli import main\ntry:\n    main({args!r})\n"
            f"except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            f"print('HEAVY=' + ','.join(m for m in ('pydantic', 'rich', 'rdflib', 'networkx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    *answer, heavy = done.stdout.splitlines()
    assert heavy == "HEAVY="
    assert len(json.loads("\n".join(answer))) > 0


def test_an_option_of_another_backend_says_whose_it_is(runner):
    result = runner.invoke(main, ["query", "partners-of", "-p", "org=clinks", "--uri", "bolt://x"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --uri is an option of the neo4j backend, not of embedded "
                                  "(choose the backend with --backend neo4j)\n")


def test_a_run_reads_only_its_own_backends_declarations(loaded_store):
    code = ("import sys\nfrom cjgraph.cli import main\ntry:\n"
            f"    main(['query', 'partners-of', '-p', 'org=clinks', '--store', {str(loaded_store)!r}])\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print('OTHERS=' + ','.join(m for m in ('cjgraph.backends.neo4j', 'cjgraph.backends.sparql') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "OTHERS="
