"""A write compares each row with what the graph holds and writes only what differs, with the
result one write of every row would give: full rows before fill-only rows, changed values set,
unchanged nodes and edges left alone (LadybugDB's checkpoint rewrites whatever a write touches)."""

from __future__ import annotations

import pytest

import policykg
from policykg.graph import embedded
from policykg.graph.batch import Batch, Edge, Node, evidence


def _doc(doc_id: str, fill_only: bool = False, **props) -> Node:
    return Node("Document", doc_id, props, fill_only=fill_only)


def _assigns(doc_id: str, agency: str, start: int, sentence: str) -> Edge:
    ev = evidence(doc_id, start, start + len(sentence), sentence)
    return Edge(
        "ASSIGNS",
        "Document",
        doc_id,
        "Agency",
        agency,
        {"as_written": agency, "relation": "duty", **ev},
    )


@pytest.fixture
def graph(tmp_path):
    g = policykg.open(tmp_path / "g.db")
    yield g
    g.close()


@pytest.fixture
def writes(monkeypatch) -> list[tuple[str, str, list[str]]]:
    """(kind, label or edge type, ids or properties) of every row list a write sends."""
    out: list[tuple[str, str, list[str]]] = []
    b = embedded.EmbeddedBackend
    nodes, updates, edges = b.write_nodes, b.update_nodes, b.write_edges

    def write_nodes(self, label, rows, fill_only=False):
        out.append(("fill" if fill_only else "nodes", label, [r["id"] for r in rows]))
        return nodes(self, label, rows, fill_only)

    def update_nodes(self, label, props, rows):
        out.append(("update", label, list(props)))
        return updates(self, label, props, rows)

    def write_edges(self, edge_type, src_label, dst_label, rows):
        out.append(("edges", edge_type, [r["sentence"] for r in rows]))
        return edges(self, edge_type, src_label, dst_label, rows)

    monkeypatch.setattr(b, "write_nodes", write_nodes)
    monkeypatch.setattr(b, "update_nodes", update_nodes)
    monkeypatch.setattr(b, "write_edges", write_edges)
    return out


def _row(g, doc_id: str) -> dict:
    return g.run(
        "MATCH (d:Document {id: $id}) RETURN d.title AS title, d.issuer AS issuer, d.date AS date",
        {"id": doc_id},
    )[0]


def test_a_full_row_and_a_fill_row_of_one_node_apply_in_that_order(graph, writes):
    graph.write_batch(Batch(nodes=[_doc("D", title="T", issuer="X", ingested=True)]))
    # the new full row lacks the issuer; a citation in the same batch names one
    graph.write_batch(
        Batch(nodes=[_doc("D", title="T", ingested=True), _doc("D", True, issuer="Y")]),
        replace=["D"],
    )
    assert _row(graph, "D")["issuer"] == "Y"


def test_only_the_changed_column_of_a_stored_node_is_set(graph, writes):
    graph.write_batch(Batch(nodes=[_doc("D", title="T", date="2020-01-02", ingested=True)]))
    writes.clear()
    graph.write_batch(
        Batch(nodes=[_doc("D", title="T", date="2021-03-04", ingested=True)]), replace=["D"]
    )
    assert [w for w in writes if w[1] == "Document"] == [("update", "Document", ["date"])]
    assert _row(graph, "D") == {"title": "T", "issuer": None, "date": "2021-03-04"}
    writes.clear()  # the same row again: nothing to write
    graph.write_batch(
        Batch(nodes=[_doc("D", title="T", date="2021-03-04", ingested=True)]), replace=["D"]
    )
    assert [w for w in writes if w[1] == "Document"] == []


def test_an_edge_is_written_again_only_when_a_property_changed(graph, writes):
    agency = Node("Agency", "市财政局", {"name": "市财政局"})
    first = Batch(nodes=[_doc("D", title="T", ingested=True), agency])
    first.edges = [_assigns("D", "市财政局", 10, "市财政局要做好保障。")]
    graph.write_batch(first)
    writes.clear()
    same = Batch(nodes=[_doc("D", title="T", ingested=True), agency])
    same.edges = [_assigns("D", "市财政局", 10, "市财政局要做好保障。")]
    graph.write_batch(same, replace=["D"])
    assert [w for w in writes if w[0] == "edges"] == []
    changed = Batch(nodes=[_doc("D", title="T", ingested=True), agency])
    changed.edges = [_assigns("D", "市财政局", 10, "市财政局要做好资金保障。")]
    graph.write_batch(changed, replace=["D"])
    assert [w for w in writes if w[0] == "edges"] == [
        ("edges", "ASSIGNS", ["市财政局要做好资金保障。"])
    ]
    rows = graph.run("MATCH (:Document {id: 'D'})-[e:ASSIGNS]->(:Agency) RETURN e.sentence AS s")
    assert rows == [{"s": "市财政局要做好资金保障。"}]


def test_old_facts_found_from_each_document_are_every_fact_it_contributed(tmp_path):
    """``Graph.stored_facts`` finds an edge from a Document from the document (a key lookup
    per document on LadybugDB): that must be exactly what a scan of every edge table by
    evidence finds, on the sample notices and 300 generated ones (projects, series, figures,
    title-only citations, lead units)."""
    import sys

    from conftest import EXAMPLES, ROOT

    from policykg.graph import cypher
    from policykg.graph.schema import EDGES

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    folder = tmp_path / "corpus"
    list(generate(300, 5, folder))
    db = tmp_path / "g.db"
    policykg.ingest([EXAMPLES, folder], db=db, workers=1)
    with policykg.open(db, read_only=True) as g:
        ids = sorted(r["id"] for r in g.run(cypher.INGESTED_DOCUMENTS))
        found = g.stored_facts(ids)
        for t in EDGES:
            scanned = g.run(cypher.facts_by_source(t, g.dialect), {"sources": ids})
            key = lambda r: sorted((k, repr(v)) for k, v in r.items())  # noqa: E731
            assert sorted(map(key, found.rows[t])) == sorted(map(key, scanned)), t
        for t in ("CITES", "ISSUED_BY", "LISTS", "LEADS", "ASSIGNS", "LOCATED_IN", "IN_SERIES"):
            assert found.rows[t], t  # every kind of fact is there to compare
