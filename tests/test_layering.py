"""The package's layers and its import cycles, checked by import-linter ([tool.importlinter] in
pyproject.toml): cli > export > queries > graph > loaders > errors/records, and no cycle between
the modules of one package. ``make test`` fails on an upward import; the same run over a copy
of the package with one upward import (or one cycle) added must fail, naming it."""

from __future__ import annotations

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
