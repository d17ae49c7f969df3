"""Hypothesis mutates valid seed files: the result is always clean problems or a valid load, never a crash."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjgraph.errors import Problem
from cjgraph.validation import validate_seeds
from tests.conftest import MINI_YAML

LINES = MINI_YAML.splitlines(keepends=True)
NASTY = ["", ":", "- ", "&a", "*a", "!!python/object:os.system", "{", "[", "'", '"', "\t", "\x00", "\ufeff",
         "\u2028", "é", "null", "~", "0x1F", "2017-02-30", "<script>alert(1)</script>", "kind: Act", "- cites: x",
         "evidence: []", "  ", "#", "%YAML 1.1", "---", "...", "? ", "|", ">"]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("truncate"), st.integers(0, len(MINI_YAML))),
    st.tuples(st.just("insert"), st.integers(0, len(MINI_YAML)), st.sampled_from(NASTY)),
    st.tuples(st.just("insert"), st.integers(0, len(MINI_YAML)), st.text(max_size=8)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("retype"), st.integers(0, len(LINES) - 1), st.sampled_from(["[]", "{}", "1", "true", "null"])),
)


def mutate(text: str, steps) -> str:
    for step in steps:
        lines = text.splitlines(keepends=True) or [""]
        if step[0] == "delete":
            del lines[step[1] % len(lines)]
            text = "".join(lines)
        elif step[0] == "truncate":
            text = text[: step[1]]
        elif step[0] == "insert":
            at = step[1] % (len(text) + 1)
            text = text[:at] + step[2] + text[at:]
        elif step[0] == "swap":
            i, j = step[1] % len(lines), step[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        else:
            i = step[1] % len(lines)
            key, sep, _ = lines[i].partition(":")
            lines[i] = f"{key}: {step[2]}\n" if sep else lines[i]
            text = "".join(lines)
    return text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_seeds_give_problems_or_a_valid_dataset(mini_seeds, tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(mini_seeds, folder, dirs_exist_ok=True)
    (folder / "data.yaml").write_text(mutate(MINI_YAML, steps), encoding="utf-8", errors="surrogatepass")
    report = validate_seeds([folder])  # must not raise
    for problem in report.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.message and "Traceback" not in problem.message
    if not report.problems:
        for relation in report.dataset.relations:
            assert relation.source in report.dataset.entities and relation.target in report.dataset.entities
