"""Every Cypher example in the README runs on the embedded graph and returns rows, and so does
the Python example; the README documents the two commands and every dependency of
pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [b.strip() for b in re.findall(r"```cypher\n(.*?)```", README, flags=re.S)]


def test_readme_has_cypher_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS)
def test_cypher_example_runs(seed_graph, block):
    query = "\n".join(line for line in block.splitlines() if not line.strip().startswith("//"))
    rows = seed_graph.run(query)
    assert rows, f"no rows from README example:\n{query}"


def test_readme_commands_and_dependencies():
    assert "make demo" in README and "make test" in README
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    for dep in deps:
        name = re.split(r"[<>=\[ ]", dep, maxsplit=1)[0]
        assert name in README, f"README does not say why {name} is a dependency"


def test_python_example_runs(tmp_path, monkeypatch):
    """The "From Python" block runs as written (in a fresh folder, on the sample notices), and
    each question in it answers about the samples."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    code = next(b for b in blocks if "policykg.open(" in b)
    code = code.replace('"examples/notices"', repr(str(ROOT / "examples" / "notices")))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICYKG_DB", raising=False)
    env: dict = {}
    try:
        exec(compile(code, "README.md", "exec"), env)
    finally:
        if "g" in env:
            env["g"].close()
    policykg = env["policykg"]
    assert (tmp_path / "policykg.db").exists()
    assert env["nxg"].number_of_nodes() > 0
    with policykg.open(tmp_path / "policykg.db", read_only=True) as g:
        assert policykg.stats(g)["documents"]["ingested"] == 5
        citers = {h.citing for h in policykg.trace(g, "渝府办发〔2020〕118号").hops}
        assert len(citers) == 3
