"""The bulk path (COPY FROM into an empty graph) builds the graph the incremental ingest builds."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

import policykg
from policykg.graph import ingest as ingest_mod
from policykg.graph.schema import EDGES, NODES

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def graph_content(g) -> dict:
    """Every node (label, properties) and edge (type, ends, properties), sorted; internal ids dropped."""

    def clean(d: dict) -> dict:
        return {k: v for k, v in d.items() if not k.startswith("_")}

    nodes = {
        label: sorted(
            json.dumps(clean(r["n"]), sort_keys=True, ensure_ascii=False)
            for r in g.run(f"MATCH (n:{label}) RETURN n")
        )
        for label in NODES
    }
    edges = {
        t: sorted(
            json.dumps(
                [r["sl"], r["s"], r["dl"], r["d"], clean(r["e"])],
                sort_keys=True,
                ensure_ascii=False,
            )
            for r in g.run(
                f"MATCH (a)-[e:{t}]->(b) RETURN label(a) AS sl, a.id AS s, label(b) AS dl, b.id AS d, e"
            )
        )
        for t in EDGES
    }
    return {"nodes": nodes, "edges": edges}


def content_hash(content: dict) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def assert_same_graph(a: dict, b: dict) -> None:
    for kind in ("nodes", "edges"):
        counts_a = {k: len(v) for k, v in a[kind].items()}
        counts_b = {k: len(v) for k, v in b[kind].items()}
        assert counts_a == counts_b, f"{kind} counts differ"
        for k in a[kind]:
            only_a = sorted(set(a[kind][k]) - set(b[kind][k]))[:3]
            only_b = sorted(set(b[kind][k]) - set(a[kind][k]))[:3]
            assert a[kind][k] == b[kind][k], (
                f"{kind} {k}: incremental only {only_a}; bulk only {only_b}"
            )
    assert content_hash(a) == content_hash(b)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bulkcorpus")
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, root / f.name)
    shutil.copy(
        next(iter(sorted(EXAMPLES.glob("*.txt")))), root / "zz_duplicate_of_first.txt"
    )  # one document, two files
    list(generate(300, 7, root / "generated"))
    return root


def _both_ways(corpus: Path, tmp_path: Path, monkeypatch) -> tuple[dict, dict]:
    monkeypatch.setenv("POLICYKG_BULK_FROM", "1000000")
    inc = policykg.ingest([corpus], db=tmp_path / "inc.db", workers=1)
    monkeypatch.setenv("POLICYKG_BULK_FROM", "10")
    bulk = policykg.ingest([corpus], db=tmp_path / "bulk.db", workers=1)
    assert inc.to_json() == bulk.to_json()
    with (
        policykg.open(tmp_path / "inc.db", read_only=True) as g1,
        policykg.open(tmp_path / "bulk.db", read_only=True) as g2,
    ):
        return graph_content(g1), graph_content(g2)


def test_bulk_equals_incremental(corpus, tmp_path, monkeypatch):
    a, b = _both_ways(corpus, tmp_path, monkeypatch)
    assert len(a["nodes"]["Document"]) > 300 and len(a["edges"]["CITES"]) > 1000
    assert a["edges"]["SUCCESSOR_OF"], "the generated series should link years"
    assert_same_graph(a, b)


def test_bulk_equals_incremental_small_groups(corpus, tmp_path, monkeypatch):
    """Small groups: documents written again, title nodes merged across groups."""
    monkeypatch.setattr(ingest_mod, "GROUP_SIZE", 7)
    a, b = _both_ways(corpus, tmp_path, monkeypatch)
    assert_same_graph(a, b)


def test_bulk_equals_incremental_from_many_small_parts(corpus, tmp_path, monkeypatch):
    """Tables split over many CSV parts, loaded by one COPY each: no row lost or read twice."""
    from policykg.graph import bulk

    monkeypatch.setattr(bulk, "CHUNK_BYTES", 16 * 1024)
    parts: list[int] = []
    copy = bulk._Parts.copy

    def counting(self, graph, table, rel):
        parts.append(len(self.paths))
        return copy(self, graph, table, rel)

    monkeypatch.setattr(bulk._Parts, "copy", counting)
    a, b = _both_ways(corpus, tmp_path, monkeypatch)
    assert max(parts) >= 5  # the CITES table alone spans several parts
    assert_same_graph(a, b)


def test_bulk_only_into_an_empty_graph(corpus, tmp_path, monkeypatch):
    from policykg.graph import bulk

    monkeypatch.setenv("POLICYKG_BULK_FROM", "3")
    with policykg.open(tmp_path / "g.db") as g:
        assert bulk.should_bulk(g, 3) and not bulk.should_bulk(g, 2)
    policykg.ingest([EXAMPLES], db=tmp_path / "g.db", workers=1)
    with policykg.open(tmp_path / "g.db") as g:
        assert not bulk.should_bulk(g, 10_000)  # not empty: the incremental path


def test_then_incremental_reingest_touches_only_changed(corpus, tmp_path, monkeypatch):
    """After a bulk load, a changed file is re-ingested by the incremental path, alone."""
    work = tmp_path / "generated"
    shutil.copytree(corpus / "generated", work)
    monkeypatch.setenv("POLICYKG_BULK_FROM", "10")
    db = tmp_path / "g.db"
    first = policykg.ingest([work], db=db, workers=1)
    assert first.ok and len(first.added) == 300
    target = sorted(work.glob("*.txt"))[0]
    target.write_text(
        target.read_text(encoding="utf-8") + "\n市财政局要做好项目资金保障。\n", encoding="utf-8"
    )
    again = policykg.ingest([work], db=db, workers=1)
    assert again.updated == [str(target)] and not again.added and len(again.unchanged) == 299
