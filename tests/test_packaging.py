"""The wheel carries the seeds, queries, ontology and view assets: an installed cjgraph works anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import IN_CI, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The project built as a wheel and unpacked into a folder that shadows the editable install."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    [wheel] = dist.glob("cjgraph-*.whl")
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return wheel, target


def test_the_wheel_holds_the_data(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    for query in (ROOT / "queries").glob("*.rq"):
        assert f"cjgraph/data/queries/{query.name}" in names
        assert f"cjgraph/data/queries/{query.stem}.cypher" in names
    for seed in (ROOT / "seeds").rglob("*.*"):
        assert f"cjgraph/data/seeds/{seed.relative_to(ROOT / 'seeds').as_posix()}" in names
    assert "cjgraph/data/ontology/cjgraph.ttl" in names and "cjgraph/data/ontology/shapes.ttl" in names
    assert "cjgraph/viz_assets/view.js" in names


def test_the_installed_package_works_outside_the_repository(installed, tmp_path):
    _, target = installed
    env = {**os.environ, "PYTHONPATH": str(target), "CJGRAPH_STORE": str(tmp_path / "store")}

    def run(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "cjgraph", *args], env=env, cwd=tmp_path, check=True,
                              capture_output=True, text=True).stdout

    where = subprocess.run([sys.executable, "-c", "import cjgraph; print(cjgraph.__file__)"], env=env,
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(target))
    assert run("validate").startswith("ok: ")
    run("load", "--quiet")
    rows = json.loads(run("query", "reviews-citing-acts", "-f", "json"))
    assert rows and all(row["quote"] for row in rows)


def test_the_installed_package_answers_from_python_as_a_dataframe(installed, tmp_path):
    """The Python API from the wheel: cjgraph.load() into the default store, then an answer as a pandas
    DataFrame with as many rows as the command's JSON."""
    if not IN_CI:
        pytest.importorskip("pandas", reason="pandas is in the test extra: pip install -e '.[test]'")
    _, target = installed
    env = {**os.environ, "PYTHONPATH": str(target), "CJGRAPH_STORE": str(tmp_path / "store")}
    env.pop("CJGRAPH_BACKEND", None)

    def run(*args: str) -> str:
        return subprocess.run([sys.executable, *args], env=env, cwd=tmp_path, check=True, capture_output=True,
                              text=True).stdout

    where, loaded = run("-c", "import cjgraph; print(cjgraph.__file__); print(cjgraph.load().entities)").split()
    assert where.startswith(str(target)) and int(loaded) > 0
    count = run("-c", "import cjgraph; print(len(cjgraph.open().query('reviews-citing-acts').to_pandas()))")
    rows = json.loads(run("-m", "cjgraph", "query", "reviews-citing-acts", "-f", "json"))
    assert int(count) == len(rows) > 0
