"""Ingest the samples into the embedded graph: gold citations, idempotence, incremental updates."""

from __future__ import annotations

import shutil

from conftest import EXAMPLES, GOLD

import policykg
from policykg.graph.rows import document_id_of
from policykg.queries.stats import stats


def _cited(g) -> dict[str, set[str]]:
    rows = g.run(
        "MATCH (a:Document)-[:CITES]->(b:Document) RETURN a.path AS path, b.doc_number AS n, b.title AS t"
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["path"].rsplit("/", 1)[-1], set()).add(r["n"] or r["t"])
    return out


def test_gold_citations_per_sample(seed_graph):
    got = _cited(seed_graph)
    for doc in GOLD["documents"]:
        want = {c["doc_number"] or c["title"] for c in doc["cites"]}
        assert got.get(doc["file"], set()) == want, doc["file"]


def test_distinct_cited_documents_are_nodes(seed_graph):
    want = {c["doc_number"] or c["title"] for d in GOLD["documents"] for c in d["cites"]}
    rows = seed_graph.run(
        "MATCH (d:Document) WHERE d.ingested = false RETURN d.doc_number AS n, d.title AS t"
    )
    assert {r["n"] or r["t"] for r in rows} == want
    st = stats(seed_graph)
    assert st["documents"]["ingested"] == 5
    assert st["documents"]["cited_only"] == len(want)
    assert st["edges"]["CITES"] == sum(len(d["cites"]) for d in GOLD["documents"])


def test_cites_edges_carry_evidence(seed_graph):
    rows = seed_graph.run(
        "MATCH (a:Document)-[e:CITES]->(b:Document) RETURN a.id AS src, a.path AS path, e.source AS source, "
        "e.span_start AS s, e.span_end AS e, e.sentence AS sentence, b.title AS title"
    )
    assert rows
    for r in rows:
        assert r["source"] == r["src"]
        text = policykg.extract(r["path"]).text
        assert r["sentence"] and text[r["s"] : r["e"]] in r["sentence"]
        assert f"《{r['title']}》" in text[r["s"] : r["e"]]


def test_most_cited_document_has_its_three_citers(seed_graph, gold):
    most = gold["cross_document"]["most_cited"]
    rows = seed_graph.run(
        "MATCH (a:Document)-[:CITES]->(b:Document {id: $id}) RETURN a.doc_number AS n, a.path AS p",
        {"id": most["doc_number"]},
    )
    got = sorted(r["n"] or r["p"].rsplit("/", 1)[-1] for r in rows)
    assert got == sorted(most["cited_by"])


def test_ingest_twice_changes_nothing(tmp_path):
    db = tmp_path / "g.db"
    first = policykg.ingest([EXAMPLES], db=db)
    with policykg.open(db) as g:
        before = stats(g)
    second = policykg.ingest([EXAMPLES], db=db)
    with policykg.open(db) as g:
        after = stats(g)
    assert len(first.added) == 5 and len(second.unchanged) == 5 and not second.added
    assert before == after


def test_changed_file_replaces_only_its_own_facts(tmp_path, corpus_copy):
    db = tmp_path / "g.db"
    policykg.ingest([corpus_copy], db=db)
    with policykg.open(db) as g:
        before = stats(g)
    f = corpus_copy / "004_a334c3813ca2a563.txt"
    # the Liuzhou notice loses its only citation
    f.write_text(
        f.read_text(encoding="utf-8").replace("依据《柳州市重大项目建设管理暂行办法》,", ""),
        encoding="utf-8",
    )
    report = policykg.ingest([corpus_copy], db=db)
    assert report.updated == [str(f)] and len(report.unchanged) == 4
    with policykg.open(db) as g:
        after = stats(g)
        assert after["edges"]["CITES"] == before["edges"]["CITES"] - 1
        assert (
            after["documents"]["cited_only"] == before["documents"]["cited_only"] - 1
        )  # the 办法 node is gone
        assert after["documents"]["ingested"] == 5
    # and a fresh ingest of the changed corpus gives the same graph
    fresh = tmp_path / "fresh.db"
    policykg.ingest([corpus_copy], db=fresh)
    with policykg.open(fresh) as g:
        assert stats(g) == after


def test_title_only_citation_and_numbered_citation_are_one_node(tmp_path):
    """Cited by title in one notice, by 文号 + title in another: one Document node."""
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(EXAMPLES / "001_4d24b685d0f94245.txt", folder)
    title_only = (
        "重庆市人民政府办公厅关于测试引用的通知\n渝府办发〔2021〕99号\n各区县(自治县)人民政府：\n"
        "请继续执行《重庆市人民政府办公厅关于加快市级政府投资项目前期工作的通知》有关要求。\n"
        "重庆市人民政府办公厅\n2021年5月6日\n"
    )
    (folder / "title_only.txt").write_text(title_only, encoding="utf-8")
    db = tmp_path / "g.db"
    # title-only citer first, then the numbered citer: the title node merges into the numbered one
    policykg.ingest([folder / "title_only.txt"], db=db)
    policykg.ingest([folder], db=db)
    with policykg.open(db) as g:
        rows = g.run(
            "MATCH (a:Document)-[:CITES]->(b:Document) WHERE b.title = $t RETURN DISTINCT b.id AS id, count(a) AS n",
            {"t": "重庆市人民政府办公厅关于加快市级政府投资项目前期工作的通知"},
        )
    assert rows == [{"id": "渝府办发〔2020〕118号", "n": 2}]


def test_document_ids(gold):
    for d in gold["documents"]:
        ex = policykg.extract(EXAMPLES / d["file"])
        if d["doc_number"]:
            assert document_id_of(ex) == d["doc_number"]
        else:
            assert document_id_of(ex).startswith("t:")
