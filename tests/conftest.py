"""Shared fixtures: the sample corpus, its gold extraction, and one ingested graph per session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

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
