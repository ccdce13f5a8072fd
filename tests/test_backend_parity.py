"""The same answers on both backends: the JSON of stats, trace (in/out/both, depths 1–5),
lineage, responsible, wanted and validate is equal on LadybugDB and on a live Neo4j 5.26,
on the five samples and on a 1,000-notice synthetic corpus (``benchmarks/generate.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from policykg.queries.citations import trace, wanted
from policykg.queries.lineage import lineage
from policykg.queries.responsibility import responsible
from policykg.queries.stats import stats
from policykg.queries.validate import validate

pytestmark = pytest.mark.neo4j

SYNTHETIC_N = 1000


def _generate(n: int, out: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert len(list(generate(n, 1, out))) == n
    return out


@pytest.fixture(scope="session")
def synthetic_1k(tmp_path_factory) -> Path:
    return _generate(SYNTHETIC_N, tmp_path_factory.mktemp("synthetic") / "notices")


@pytest.fixture(scope="module", params=["samples", "synthetic"])
def both(request, seed_graph_path, neo4j_server):
    """(embedded graph, Neo4j graph) holding the same corpus, both read-only."""
    import policykg

    if request.param == "samples":
        folder, embedded = EXAMPLES, seed_graph_path
    else:
        folder = request.getfixturevalue("synthetic_1k")
        embedded = folder.parent / "synthetic.db"
        if not embedded.exists():
            report = policykg.ingest([folder], db=embedded)
            assert report.ok and len(report.added) == SYNTHETIC_N, report.failed

    def fill() -> None:
        report = policykg.ingest([folder], db=neo4j_server.uri)
        assert report.ok, report.failed

    neo4j_server.load(request.param, fill)
    a = policykg.open(embedded, read_only=True)
    b = policykg.open(neo4j_server.uri, read_only=True)
    yield a, b
    a.close()
    b.close()


def same(a, b, what, f) -> None:
    """f(graph) as the CLI's --json prints it, equal on both graphs."""
    x = json.dumps(f(a), ensure_ascii=False, sort_keys=True, default=str)
    y = json.dumps(f(b), ensure_ascii=False, sort_keys=True, default=str)
    assert x == y, f"{what}: LadybugDB and Neo4j differ"


def _probes(g) -> tuple[list[str], list[str], list[str]]:
    """Documents (most cited, citing most, a few plain ones), series, project/agency names."""
    docs = [
        r["id"]
        for r in g.run(
            "MATCH (d:Document)<-[:CITES]-() RETURN d.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 3"
        )
    ]
    docs += [
        r["id"]
        for r in g.run(
            "MATCH (d:Document)-[:CITES]->() RETURN d.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 2"
        )
    ]
    docs += [
        r["id"]
        for r in g.run(
            "MATCH (d:Document) WHERE d.ingested = true RETURN d.id AS id ORDER BY id LIMIT 2"
        )
    ]
    series = [r["id"] for r in g.run("MATCH (s:Series) RETURN s.id AS id ORDER BY id LIMIT 4")]
    names = [r["n"] for r in g.run("MATCH (p:Project) RETURN p.name AS n ORDER BY n LIMIT 3")]
    names += [r["n"] for r in g.run("MATCH (a:Agency) RETURN a.name AS n ORDER BY n LIMIT 3")]
    return list(dict.fromkeys(docs)), series, names


def test_stats_wanted_validate_are_equal(both):
    a, b = both
    same(a, b, "stats", lambda g: stats(g))
    same(a, b, "wanted", lambda g: [r.__dict__ for r in wanted(g, limit=200)])
    same(a, b, "validate", lambda g: validate(g).to_json())


def _cut(t) -> dict:
    """A trace that hit its limit: which hops of the last level were kept is the engine's scan
    order (``trace``'s documented contract), so everything but that is compared."""
    j = t.to_json()
    if not j["truncated"]:
        return j
    last = max(h["depth"] for h in j["hops"])
    kept = [h for h in j["hops"] if h["depth"] < last]
    per_depth = [sum(h["depth"] == d for h in j["hops"]) for d in range(1, last + 1)]
    return {**j, "hops": kept, "documents": None, "per_depth": per_depth}


def test_traces_are_equal_in_every_direction_and_depth(both):
    a, b = both
    docs, _, _ = _probes(a)
    assert len(docs) >= 4
    for doc in docs:
        for direction in ("in", "out", "both"):
            for depth in range(1, 6):
                every = f"trace {doc} --direction {direction} --depth {depth} --limit 0"
                same(a, b, every, lambda g, d=doc, r=direction, n=depth: _trace(g, d, r, n, 0))
                cli = f"trace {doc} --direction {direction} --depth {depth}"
                same(a, b, cli, lambda g, d=doc, r=direction, n=depth: _cut(_trace(g, d, r, n)))


def _trace(g, doc: str, direction: str, depth: int, limit: int | None = 500):
    t = trace(g, doc, direction=direction, depth=depth, limit=limit)
    return t.to_json() if limit == 0 else t


def test_lineage_and_responsible_are_equal(both):
    a, b = both
    docs, series, names = _probes(a)
    assert series and names
    members = [
        r["id"]
        for r in a.run(
            "MATCH (d:Document)-[:IN_SERIES]->(:Series) RETURN d.id AS id ORDER BY id LIMIT 3"
        )
    ]
    for key in [*series, *members]:
        same(a, b, f"lineage {key}", lambda g, k=key: lineage(g, k).to_json())
    for name in names:
        same(a, b, f"responsible {name}", lambda g, n=name: responsible(g, n).to_json())
