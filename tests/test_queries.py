"""The query layer on the samples: trace, lineage, responsibility chains, wanted, validate.

Every test runs on both backends (conftest's ``backend``: LadybugDB, then the live Neo4j)."""

from __future__ import annotations

import networkx as nx
import pytest

from policykg.errors import QueryError
from policykg.queries.citations import trace, wanted
from policykg.queries.lineage import lineage
from policykg.queries.networkx import to_networkx
from policykg.queries.responsibility import responsible
from policykg.queries.stats import stats
from policykg.queries.validate import validate

BRACKETS = [
    "渝府办发〔2020〕118号",
    "渝府办发[2020]118号",
    "渝府办发(2020)118号",
    "渝府办发（2020）118号",
    "渝府办发【2020】118号",
]


@pytest.fixture()
def seed_graph(backend_seed_graph):
    """The samples on each backend in turn."""
    return backend_seed_graph


@pytest.mark.parametrize("key", BRACKETS)
def test_trace_in_lists_exactly_the_three_citers(seed_graph, gold, key):
    t = trace(seed_graph, key, direction="in")
    assert t.root == "渝府办发〔2020〕118号"
    citers = sorted({h.citing for h in t.hops})
    most = gold["cross_document"]["most_cited"]["cited_by"]
    numbers = sorted(
        t.documents[c].doc_number or t.documents[c].path.rsplit("/", 1)[-1] for c in citers
    )
    assert numbers == sorted(most)
    assert all(h.sentence and "渝府办发〔2020〕118号" in h.sentence for h in t.hops)
    assert t.documents[t.root].ingested is False  # only cited, not in the corpus


def test_trace_out_and_depth(seed_graph):
    t = trace(seed_graph, "渝府办发〔2024〕33号", direction="out")
    assert sorted(h.cited for h in t.hops) == ["渝府办发〔2020〕118号", "渝府办发〔2022〕96号"]
    both = trace(seed_graph, "渝府办发〔2024〕33号", direction="both", depth=3)
    # out: its two citations; in: nobody cites the 2024 notice; depth 2 out: the cited are not ingested
    assert {h.direction for h in both.hops} == {"out"}
    deep = trace(seed_graph, "渝府办发〔2020〕118号", direction="both", depth=2)
    assert {h.depth for h in deep.hops if h.direction == "in"} == {1}
    assert any(h.depth == 2 for h in deep.hops if h.direction == "out") is False


def test_trace_by_title_and_unknown(seed_graph):
    t = trace(
        seed_graph, "重庆市人民政府办公厅关于加快市级政府投资项目前期工作的通知", direction="in"
    )
    assert t.root == "渝府办发〔2020〕118号"
    with pytest.raises(QueryError, match="no document"):
        trace(seed_graph, "国发〔1999〕1号")


def test_lineage_of_the_chongqing_series(seed_graph):
    lin = lineage(seed_graph, "渝府办发〔2024〕33号")
    assert [y.year for y in lin.years] == [2021, 2024]
    assert lin.missing_years == [2022, 2023]
    h21, h24 = lin.years[0].headline, lin.years[1].headline
    assert (h21["count"], h21["total"]) == (894, 2.8e12)
    assert (h24["count"], h24["total"]) == (1189, 2.9e12)
    assert lin.links == [
        {
            "later": "渝府办发〔2024〕33号",
            "earlier": "渝府办发〔2021〕25号",
            "gap_years": 2,
            "missing_years": [2022, 2023],
        }
    ]
    # the same series from the other member, and the district notice is not in it
    assert lineage(seed_graph, "渝府办发〔2021〕25号").series == lin.series
    assert "北碚" not in lin.series


def test_responsibility_chain_of_a_project(seed_graph):
    r = responsible(seed_graph, "九龙坡博世氢材料发动机")
    assert r.lead_as_written == "九龙坡区政府"
    assert [a["id"] for a in r.agencies] == ["重庆市九龙坡区人民政府", "重庆市人民政府"]
    assert [x["name"] for x in r.regions] == ["九龙坡区", "重庆市"]
    assert [x["code"] for x in r.regions] == ["500107", "500000"]
    assert "九龙坡博世氢材料发动机" in r.evidence["sentence"]


def test_responsibility_of_an_agency(seed_graph):
    r = responsible(seed_graph, "重庆市发展和改革委员会")
    years = sorted({d["year"] for d in r.duties})
    assert years == [2021, 2024]
    assert all("发展改革委" in d["sentence"] for d in r.duties)
    by_alias = responsible(seed_graph, "两江新区管委会")
    assert by_alias.agency == "重庆两江新区管理委员会"
    assert [p["name"] for p in by_alias.projects] == ["中国汽研国家氢能动力质检中心"]


def test_wanted_ranks_the_most_cited_first(seed_graph):
    w = wanted(seed_graph)
    assert w[0].id == "渝府办发〔2020〕118号" and w[0].cited_by == 3
    assert all(x.cited_by <= w[0].cited_by for x in w)
    assert "重庆市人民政府办公厅关于加快市级政府投资项目前期工作的通知" in w[0].titles_as_cited


def test_validate_on_the_samples(seed_graph):
    v = validate(seed_graph)
    checks = {f.check for f in v.findings}
    assert "sum-mismatch" not in checks  # 183 + 345 + 140 = 668 in the Liuzhou plan
    assert "self-citation" not in checks and "cited-after-citer" not in checks
    assert not v.failed


def test_to_networkx_pagerank(seed_graph):
    g = to_networkx(seed_graph)
    st = stats(seed_graph)
    assert g.number_of_nodes() == sum(st["nodes"].values())
    assert g.number_of_edges() == sum(st["edges"].values())
    cites = nx.DiGraph([(u, v) for u, v, d in g.edges(data=True) if d["rel"] == "CITES"])
    pr = nx.pagerank(cites)
    assert max(pr, key=pr.get) == "Document:渝府办发〔2020〕118号"
