"""The package's layers and its import cycles, checked by import-linter ([tool.importlinter] in
pyproject.toml): cli > export > queries > graph > loaders > errors/records, and no cycle between
the modules of one package. ``make test`` fails on an upward import; the same run over a copy
of the package with one upward import (or one cycle) added must fail, naming it."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), "import-linter is a test dependency: pip install -e '.[test]'"
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_package_keeps_its_layers_and_has_no_cycles() -> None:
    res = _lint(ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


@pytest.mark.parametrize(
    ("module", "added", "named"),
    [
        # graph reaching up for a query: what Graph's query methods did
        (
            "graph/store.py",
            "from policykg.queries.stats import stats\n",
            "policykg.graph.store -> policykg.queries.stats",
        ),
        # a loader reaching up into the graph layer
        (
            "loaders/dates.py",
            "from policykg.graph import schema\n",
            "policykg.loaders.dates -> policykg.graph.schema",
        ),
        # the cycle that was: the registry importing the grammar that imports it (lazily)
        (
            "loaders/issuer_codes.py",
            "def _parse(s):\n    from policykg.loaders.docnumber import parse_docnumber\n\n"
            "    return parse_docnumber(s)\n",
            "No cycles are allowed in policykg.loaders",
        ),
    ],
)
def test_an_upward_import_or_a_cycle_fails(
    tmp_path: Path, module: str, added: str, named: str
) -> None:
    shutil.copytree(
        ROOT / "policykg",
        tmp_path / "policykg",
        ignore=shutil.ignore_patterns("__pycache__", "data", "vendor"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "policykg" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n\n" + added, encoding="utf-8")
    res = _lint(tmp_path)
    assert res.returncode != 0, res.stdout
    assert named in res.stdout, res.stdout


# a string that starts like a Cypher statement: a clause keyword followed by more text
_STATEMENT = re.compile(
    r"^\s*(OPTIONAL\s+MATCH|MATCH|MERGE|CREATE|COPY|UNWIND|DROP|DETACH|CALL|LOAD|RETURN|WITH"
    r"|BEGIN|COMMIT|ROLLBACK|CHECKPOINT|SET|DELETE|ALTER|FOREACH)\s+\S"
)


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            out.add(id(body[0].value))
    return out


def _statement_literals(path: Path) -> list[tuple[int, str]]:
    """String literals (and f-strings, by their literal text) of ``path`` that begin a Cypher
    statement: a clause keyword and more. Docstrings and lone keywords (``"COPY"`` in a list of
    keywords) are not statements."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):  # its literal text, each {…} a blank
            text = "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
        elif isinstance(node, ast.Constant):
            text = node.value
        else:
            continue
        if isinstance(text, str) and _STATEMENT.match(text):
            found.append((node.lineno, text))
    return found


def test_every_cypher_statement_is_built_in_cypher_py() -> None:
    """The README: every statement policykg sends is built in ``graph/cypher.py``."""
    cypher_py = ROOT / "policykg" / "graph" / "cypher.py"
    assert len(_statement_literals(cypher_py)) > 50  # the scan sees statements where they are
    elsewhere = {
        f"{p.relative_to(ROOT)}:{line}: {text[:60]}"
        for p in sorted((ROOT / "policykg").rglob("*.py"))
        if p != cypher_py
        for line, text in _statement_literals(p)
    }
    assert not elsewhere, "Cypher outside graph/cypher.py:\n" + "\n".join(sorted(elsewhere))
