"""``trace`` with a hop limit: a document cited by thousands of notices answers fast, and says
what it left out. Checked against an independent BFS (networkx) on a generated corpus."""

from __future__ import annotations

import json
import sys

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import ROOT

import policykg
from policykg.cli import main
from policykg.errors import QueryError
from policykg.queries.citations import trace

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.fixture
def run():
    return lambda *args: CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def gen_graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("tracecorpus")
    list(generate(300, 3, root / "corpus"))
    policykg.ingest([root / "corpus"], db=root / "g.db", workers=1)
    with policykg.open(root / "g.db", read_only=True) as g:
        yield g


@pytest.fixture(scope="module")
def cites(gen_graph) -> nx.DiGraph:
    dg = nx.DiGraph()
    dg.add_edges_from(
        (r["s"], r["d"])
        for r in gen_graph.run(
            "MATCH (a:Document)-[:CITES]->(b:Document) RETURN a.id AS s, b.id AS d"
        )
    )
    return dg


def _key(h) -> tuple:
    return (h.citing, h.cited, h.direction, h.depth, h.start)


def _hubs(cites: nx.DiGraph, n: int = 3) -> list[str]:
    return [d for d, _ in sorted(cites.in_degree, key=lambda x: (-x[1], x[0]))[:n]]


def test_unlimited_trace_reaches_what_a_bfs_reaches(gen_graph, cites):
    for hub in _hubs(cites):
        for direction, view in (("in", cites.reverse(copy=False)), ("out", cites)):
            t = trace(gen_graph, hub, direction=direction, depth=3, limit=0)
            assert not t.truncated
            bfs = nx.single_source_shortest_path_length(view, hub, cutoff=3)
            reached = {hub} | {h.citing if direction == "in" else h.cited for h in t.hops}
            assert reached == set(bfs)
            first = {h.citing if direction == "in" else h.cited for h in t.hops if h.depth == 1}
            assert first == {d for d, k in bfs.items() if k == 1}
            assert t.direct[direction] == sum(1 for h in t.hops if h.depth == 1)


def test_limit_keeps_the_nearest_levels_and_flags_the_cut(gen_graph, cites):
    hub = _hubs(cites, 1)[0]
    full = trace(gen_graph, hub, direction="in", depth=3, limit=0)
    n = len(full.hops)
    assert full.direct["in"] > 20  # the generator's Zipf targets: the hub is cited many times
    all_hops = {_key(h) for h in full.hops}
    for k in (1, 7, full.direct["in"] - 1, full.direct["in"] + 3, n - 1, n, n + 5):
        if k < 1:
            continue
        t = trace(gen_graph, hub, direction="in", depth=3, limit=k)
        assert len(t.hops) == min(k, n)
        assert t.truncated is (k < n)
        assert t.direct == full.direct  # counts every citation, whatever the limit
        kept = [_key(h) for h in t.hops]
        assert set(kept) <= all_hops and len(set(kept)) == len(kept)
        depths = [h.depth for h in t.hops]
        assert depths == sorted(depths)  # breadth first: nearer levels first
        for level in set(depths) - {max(depths)}:  # every level before the cut is complete
            assert sum(1 for d in depths if d == level) == sum(
                1 for h in full.hops if h.depth == level
            )
        assert set(t.documents) >= {h.citing for h in t.hops} | {t.root}


def test_limit_must_not_be_negative(gen_graph, cites):
    with pytest.raises(QueryError, match="limit"):
        trace(gen_graph, _hubs(cites, 1)[0], limit=-1)


def test_cli_says_when_it_cut(run, seed_graph_path):
    key = "渝府办发〔2020〕118号"
    full = json.loads(run("trace", key, "--db", str(seed_graph_path), "--json").output)
    assert full["truncated"] is False and full["limit"] == 500
    n = len(full["hops"])
    assert full["direct"] == {"in": n}
    cut = json.loads(
        run("trace", key, "--limit", str(n - 1), "--db", str(seed_graph_path), "--json").output
    )
    assert cut["truncated"] is True and len(cut["hops"]) == n - 1
    human = run("trace", key, "--limit", "1", "--db", str(seed_graph_path))
    assert human.exit_code == 0, human.output
    flat = " ".join(human.output.split())  # rich wraps at the terminal width
    assert f"cited by {n:,} directly" in flat and "--limit 0" in flat
    everything = run("trace", key, "--limit", "0", "--db", str(seed_graph_path))
    assert "Showing the first" not in everything.output


def test_walk_from_the_root_gives_what_lookups_per_id_give(gen_graph, cites, monkeypatch):
    """Large frontiers are fetched by one shortest-path walk from the root (embedded engine);
    the per-id lookups it replaces must give the same hops."""
    from policykg.queries import citations

    calls: list[str] = []
    run = gen_graph.run

    def counting(query, params=None):
        if "SHORTEST" in query:
            calls.append(query)
        return run(query, params)

    hubs = _hubs(cites, 5)
    monkeypatch.setattr(gen_graph, "run", counting)
    walked = {h: trace(gen_graph, h, direction="both", depth=4, limit=0) for h in hubs}
    assert calls, "no frontier was large enough to walk: the test corpus changed?"
    monkeypatch.setattr(citations, "WALK_FROM", 10**9)
    for h, t in walked.items():
        looked_up = trace(gen_graph, h, direction="both", depth=4, limit=0)
        assert sorted(map(_key, t.hops)) == sorted(map(_key, looked_up.hops))
