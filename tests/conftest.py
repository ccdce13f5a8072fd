"""Shared fixtures: the sample corpus, its gold extraction, and one ingested graph per session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["neo4j_server"]  # the session fixture ``neo4j_server`` (a live Neo4j)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "notices"
GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text(encoding="utf-8"))
GOLD_DOCS = {d["file"]: d for d in GOLD["documents"]}


@pytest.fixture(scope="session")
def gold() -> dict:
    return GOLD


@pytest.fixture(scope="session")
def seed_graph_path(tmp_path_factory) -> Path:
    """The five samples ingested once into an embedded graph (read by many tests)."""
    import policykg

    db = tmp_path_factory.mktemp("seedgraph") / "seeds.db"
    report = policykg.ingest([EXAMPLES], db=db)
    assert report.ok, report.failed
    return db


@pytest.fixture()
def seed_graph(seed_graph_path):
    import policykg

    g = policykg.open(seed_graph_path, read_only=True)
    yield g
    g.close()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the sample corpus."""
    dst = tmp_path / "notices"
    shutil.copytree(EXAMPLES, dst)
    return dst


# ---------------------------------------------------------------- both backends


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request) -> str:
    """The backend a parametrised test runs on: the embedded file, then the live Neo4j server."""
    return request.param


@pytest.fixture()
def neo4j_seeds(neo4j_server):
    """The live server's database holding exactly the five samples (ingested once, reused)."""
    import policykg

    def fill() -> None:
        report = policykg.ingest([EXAMPLES], db=neo4j_server.uri)
        assert report.ok, report.failed

    neo4j_server.load("seeds", fill)
    return neo4j_server


@pytest.fixture()
def backend_seed_graph(request, backend, seed_graph_path):
    """The five samples, read-only, on ``backend``."""
    import policykg

    target = seed_graph_path
    if backend == "neo4j":
        target = request.getfixturevalue("neo4j_seeds").uri
    g = policykg.open(target, read_only=True)
    yield g
    g.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """The one loud line when the live Neo4j tests could not run."""
    from neo4j_server import UNAVAILABLE

    if UNAVAILABLE:
        terminalreporter.write_line(
            f"NEO4J LIVE TESTS SKIPPED: {UNAVAILABLE[0]}", red=True, bold=True
        )
