"""Round trips of every export, read back with each tool's own parser; hostile titles."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

import policykg
from policykg.errors import ExportError
from policykg.export import FORMATS, export_graph
from policykg.export import write as write_nx
from policykg.export.html import json_for_script
from policykg.queries.networkx import to_networkx
from policykg.queries.stats import stats

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph internally (rdflib 7.x)
JSONLD_PARSE = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)

HOSTILE = '"</script><img src=x onerror=alert(1)>"&\'x]]>'
HOSTILE_TITLE = f"重庆市人民政府办公厅关于{HOSTILE}测试的通知"
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYKG_SHARED") or ROOT.parent / "shared")
GEXF_RNG = SHARED / "schemas" / "gexf-1.3" / "gexf.rng"
JS = Path(__file__).parent / "js"
NO_NUMBER = "Document:t:8c7cc39914883a90"  # a sample notice without a 文号
NO_NUMBER_TITLE = "关于做好2022年区级重点项目实施有关工作的通知"
FILES = {
    "graphml": "g.graphml",
    "gexf": "g.gexf",
    "cyjs": "g.cyjs",
    "graphology": "g.json",
    "rdf": "g.ttl",
    "jsonld": "g.jsonld",
    "csv": "csvdir",
    "html": "g.html",
}


def totals(graph) -> tuple[int, int]:
    s = stats(graph)
    return sum(s["nodes"].values()), sum(s["edges"].values())


@pytest.fixture(scope="module")
def exported(seed_graph_path, tmp_path_factory) -> tuple[Path, tuple[int, int]]:
    out = tmp_path_factory.mktemp("exports")
    with policykg.open(seed_graph_path, read_only=True) as g:
        for fmt, name in FILES.items():
            msg = export_graph(g, fmt, out / name)
            assert msg.startswith(f"wrote {fmt}")
        return out, totals(g)


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory) -> Path:
    """A notice whose title is hostile markup, ingested for real and exported in every format."""
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "n").mkdir()
    (tmp / "n" / "hostile.txt").write_text(
        f"{HOSTILE_TITLE}\n\n渝府办发〔2099〕7号\n\n各区县(自治县)人民政府，市政府有关部门：\n\n"
        "根据《重庆市人民政府办公厅关于做好2020年市级重点项目实施有关工作的通知》（渝府办发〔2020〕118号）要求，"
        "现就有关事项通知如下。\n\n重庆市人民政府办公厅\n2099年1月2日\n",
        encoding="utf-8",
    )
    assert policykg.ingest([tmp / "n"], db=tmp / "g.db").ok
    with policykg.open(tmp / "g.db", read_only=True) as g:
        assert g.run(
            "MATCH (d:Document {id: $id}) RETURN d.title AS t", {"id": "渝府办发〔2099〕7号"}
        ) == [{"t": HOSTILE_TITLE}]
        for fmt, name in FILES.items():
            export_graph(g, fmt, tmp / name)
    return tmp


# ---- round trips over the seed graph ------------------------------------------------------


def test_graphml_round_trip(exported):
    out, (n, m) = exported
    g = nx.read_graphml(out / "g.graphml", force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)
    d = g.nodes["Document:渝府办发〔2021〕25号"]
    assert d["label"] == d["title"] and d["kind"] == "Document"
    assert all(a.get("label") for _, a in g.nodes(data=True))
    assert "; " in d["addressees"]
    rels = {a["rel"] for _, _, a in g.edges(data=True)}
    assert {"CITES", "LISTS", "PART_OF"} <= rels


def test_gexf_round_trip(exported):
    out, (n, m) = exported
    text = (out / "g.gexf").read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.get("version") == "1.3" and root.tag == "{http://gexf.net/1.3}gexf"
    graph = root.find("{http://gexf.net/1.3}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") in ("date", "double")
    titles = {a.get("title") for a in root.iter("{http://gexf.net/1.3}attribute")}
    assert "rel" in titles and not titles & {"type", "label", "id", "weight"}
    g = nx.read_gexf(out / "g.gexf", version="1.3")
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)
    d = g.nodes["Document:渝府办发〔2024〕33号"]
    assert d["label"].startswith("重庆市人民政府办公厅关于做好2024年")
    assert d["start"] == "2024-01-01" and d["end"] == "2024-12-31"
    assert d["viz"]["color"] == {"r": 0x1F, "g": 0x77, "b": 0xB4, "a": 1.0}
    assert (
        g.nodes["Document:渝府办发〔2021〕25号"]["start"] == "2021-01-01"
    )  # the series plays by year
    assert {a["rel"] for _, _, a in g.edges(data=True)} >= {"CITES", "SUCCESSOR_OF"}


def test_cyjs_schema(exported):
    out, (n, m) = exported
    data = json.loads((out / "g.cyjs").read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert (len(nodes), len(edges)) == (n, m)
    ids = {x["data"]["id"] for x in nodes}
    assert len(ids) == n and all(isinstance(i, str) for i in ids)
    assert len({e["data"]["id"] for e in edges}) == m
    for e in edges:
        d = e["data"]
        assert d["source"] in ids and d["target"] in ids
        assert d["interaction"] == d["rel"] and d["name"] and "type" not in d
    assert all(x["data"]["name"] for x in nodes)


def test_graphology_schema(exported):
    out, (n, m) = exported
    data = json.loads((out / "g.json").read_text(encoding="utf-8"))
    assert set(data) >= {"attributes", "nodes", "edges"}
    assert (len(data["nodes"]), len(data["edges"])) == (n, m)
    keys = {x["key"] for x in data["nodes"]}
    for x in data["nodes"]:
        a = x["attributes"]
        assert a["label"] and re.fullmatch(r"#[0-9a-f]{6}", a["color"])
        assert all(isinstance(a[k], int | float) for k in ("x", "y", "size"))
        assert "type" not in a
    assert len({e["key"] for e in data["edges"]}) == m
    for e in data["edges"]:
        assert e["source"] in keys and e["target"] in keys
        assert e["attributes"]["rel"] and "type" not in e["attributes"]
    # positions are spread out, not all at one point
    assert len({(x["attributes"]["x"], x["attributes"]["y"]) for x in data["nodes"]}) == n


@JSONLD_PARSE
def test_rdf_turtle_and_jsonld_are_isomorphic(exported):
    out, (n, m) = exported
    ttl = rdflib.Graph().parse(out / "g.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(out / "g.jsonld", format="json-ld")
    assert isomorphic(ttl, jsonld)
    doc = rdflib.URIRef(
        "https://policykg.org/id/document/%E6%B8%9D%E5%BA%9C%E5%8A%9E%E5%8F%91%E3%80%942021%E3%80%9525%E5%8F%B7"
    )
    assert (doc, rdflib.RDF.type, ELI.LegalResource) in ttl
    assert ttl.value(doc, ELI.id_local) == rdflib.Literal("渝府办发〔2021〕25号")
    date = ttl.value(doc, ELI.date_document)
    assert date.datatype == rdflib.XSD.date
    title = ttl.value(doc, ELI.title)
    assert title.language == "zh" and str(title).startswith("重庆市人民政府办公厅")
    assert len(set(ttl.triples((None, ELI.cites, None)))) == 8
    assert len(set(ttl.subjects(rdflib.RDF.type, rdflib.RDF.Statement))) == m
    # evidence of a citation: reified, derived from the citing document, sentence in Chinese
    stmts = [
        s
        for s in ttl.subjects(rdflib.RDF.predicate, ELI.cites)
        if ttl.value(s, rdflib.RDF.subject) == doc
    ]
    assert stmts
    for s in stmts:
        assert ttl.value(s, PROV.wasDerivedFrom) == doc
        assert ttl.value(s, rdflib.URIRef("https://policykg.org/ns#sentence")).language == "zh"
    assert set(ttl.triples((None, ORG.subOrganizationOf, None)))
    region = rdflib.URIRef("https://policykg.org/id/region/500000")
    assert (region, rdflib.RDF.type, rdflib.namespace.DCTERMS.Location) in ttl
    assert ttl.value(region, rdflib.namespace.DCTERMS.identifier) == rdflib.Literal("500000")
    kinds = [ttl.value(s, rdflib.RDF.type) for s in set(ttl.subjects(rdflib.RDF.type, None))]
    assert len([k for k in kinds if k != rdflib.RDF.Statement]) == n


def test_csv_round_trip(exported):
    out, (n, m) = exported
    with open(out / "csvdir" / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(out / "csvdir" / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert (len(nodes), len(edges)) == (n, m)
    assert list(nodes[0])[:3] == ["Id", "Label", "kind"]
    assert list(edges[0])[:3] == ["Source", "Target", "Type"] and "rel" in edges[0]
    ids = {r["Id"] for r in nodes}
    assert all(e["Type"] == "Directed" and e["Source"] in ids and e["Target"] in ids for e in edges)
    assert all(r["Label"] for r in nodes)


def test_html_is_self_contained(exported):
    out, (n, m) = exported
    text = (out / "g.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "sourceMappingURL" not in text
    data = re.search(
        r'<script type="application/json" id="policykg-data">(.*?)</script>', text, re.S
    ).group(1)
    g = json.loads(data)
    assert (len(g["nodes"]), len(g["edges"])) == (n, m)
    assert "Content-Security-Policy" in text


@pytest.mark.parametrize("name", sorted(FILES.values()))
def test_utf8_without_bom(exported, name):
    out, _ = exported
    paths = (
        [out / name / "nodes.csv", out / name / "edges.csv"] if name == "csvdir" else [out / name]
    )
    for p in paths:
        raw = p.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")


def test_vendored_js_matches_readme():
    vendor = Path(policykg.__file__).parent / "export" / "vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    for digest, name in re.findall(r"^\s+([0-9a-f]{64})\s+(\S+)$", readme, re.M):
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest
    for name in ("sigma", "graphology", "graphology-layout-forceatlas2", "graphology-utils"):
        assert "Permission is hereby granted" in (vendor / f"LICENSE-{name}.txt").read_text(
            encoding="utf-8"
        )
    pinned = set(re.findall(r"^\s+[0-9a-f]{64}\s+(\S+)$", readme, re.M))
    assert pinned == {p.name for p in vendor.glob("*.min.js")}


# ---- options and errors -------------------------------------------------------------------


def test_unknown_format_names_the_choices(seed_graph, tmp_path):
    with pytest.raises(ExportError) as e:
        export_graph(seed_graph, "dot", tmp_path / "x.dot")
    for fmt in FORMATS:
        assert fmt in str(e.value)


def test_subgraph_of_a_document(seed_graph, tmp_path):
    export_graph(seed_graph, "cyjs", tmp_path / "s.cyjs", subgraph="渝府办发[2020]118号", depth=1)
    data = json.loads((tmp_path / "s.cyjs").read_text(encoding="utf-8"))
    ids = {x["data"]["id"] for x in data["elements"]["nodes"]}
    assert "Document:渝府办发〔2020〕118号" in ids
    # the three citers are there, with the nodes their edges touch (issuers, regions …)
    assert {
        "Document:渝府办发〔2021〕25号",
        "Document:渝府办发〔2024〕33号",
        "Document:t:8c7cc39914883a90",
    } <= ids
    assert any(i.startswith("Agency:") for i in ids) and any(i.startswith("Region:") for i in ids)
    # depth 1 does not reach what the citers cite besides 118号 … but depth 2 does
    assert "Document:北碚府发〔2021〕9号" not in ids
    export_graph(
        seed_graph, "cyjs", tmp_path / "s2.cyjs", subgraph="渝府办发〔2020〕118号", depth=2
    )
    data = json.loads((tmp_path / "s2.cyjs").read_text(encoding="utf-8"))
    assert "Document:北碚府发〔2021〕9号" in {x["data"]["id"] for x in data["elements"]["nodes"]}


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (a:Document)-[:CITES]->(d:Document) RETURN a, d",
        "MATCH (a:Document)-[:CITES]->(d:Document) RETURN a.id AS a, d.id AS d",
        "MATCH p = (a:Document)-[:CITES]->(d:Document) RETURN p",
    ],
)
def test_subgraph_from_cypher(seed_graph, tmp_path, query):
    export_graph(seed_graph, "graphology", tmp_path / "q.json", subgraph=query)
    data = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert {x["attributes"]["kind"] for x in data["nodes"]} == {"Document"}
    # the induced subgraph: every edge among those documents (CITES, and SUCCESSOR_OF too)
    rels = [e["attributes"]["rel"] for e in data["edges"]]
    assert rels.count("CITES") == 8 and set(rels) == {"CITES", "SUCCESSOR_OF"}


def test_subgraph_cypher_is_read_only(seed_graph_path, tmp_path):
    import shutil

    db = tmp_path / "w.db"
    shutil.copy(seed_graph_path, db)
    with policykg.open(db) as g, pytest.raises(ExportError):
        export_graph(
            g, "cyjs", tmp_path / "x.cyjs", subgraph="MATCH (d:Document) SET d.title = 'x' RETURN d"
        )
    with policykg.open(db, read_only=True) as g:
        assert not g.run("MATCH (d:Document) WHERE d.title = 'x' RETURN d.id")


def test_subgraph_query_without_nodes(seed_graph, tmp_path):
    with pytest.raises(ExportError, match="no nodes"):
        export_graph(
            seed_graph,
            "cyjs",
            tmp_path / "x.cyjs",
            subgraph="MATCH (d:Document) RETURN count(d) AS n",
        )


def test_write_to_file_handles(seed_graph, tmp_path):
    import io

    g = to_networkx(seed_graph)
    from policykg.export import cyjs, gexf, graphml, rdf

    for mod in (graphml, gexf, rdf):
        buf = io.BytesIO()
        mod.write(g, buf)
        assert buf.getvalue()
    s = io.StringIO()
    cyjs.write(g, s)
    assert json.loads(s.getvalue())["elements"]


# ---- hostile titles -----------------------------------------------------------------------


@JSONLD_PARSE
def test_hostile_title_round_trips_in_every_format(hostile_exports):
    tmp = hostile_exports
    key = "Document:渝府办发〔2099〕7号"
    assert nx.read_graphml(tmp / "g.graphml").nodes[key]["title"] == HOSTILE_TITLE
    assert nx.read_gexf(tmp / "g.gexf", version="1.3").nodes[key]["label"] == HOSTILE_TITLE
    cy = json.loads((tmp / "g.cyjs").read_text(encoding="utf-8"))
    assert {x["data"]["id"]: x["data"]["name"] for x in cy["elements"]["nodes"]}[
        key
    ] == HOSTILE_TITLE
    go = json.loads((tmp / "g.json").read_text(encoding="utf-8"))
    assert {x["key"]: x["attributes"]["label"] for x in go["nodes"]}[key] == HOSTILE_TITLE
    ttl = rdflib.Graph().parse(tmp / "g.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(tmp / "g.jsonld", format="json-ld")
    assert isomorphic(ttl, jsonld)
    assert rdflib.Literal(HOSTILE_TITLE, lang="zh") in set(ttl.objects(None, ELI.title))
    with open(tmp / "csvdir" / "nodes.csv", encoding="utf-8", newline="") as f:
        assert {r["Id"]: r["Label"] for r in csv.DictReader(f)}[key] == HOSTILE_TITLE
    page = (tmp / "g.html").read_text(encoding="utf-8")
    assert HOSTILE not in page and "<img" not in page
    data = re.search(
        r'<script type="application/json" id="policykg-data">(.*?)</script>', page, re.S
    ).group(1)
    assert {x["key"]: x["attributes"].get("title") for x in json.loads(data)["nodes"]}[
        key
    ] == HOSTILE_TITLE


def test_control_characters_and_separators():
    """Characters XML cannot hold become U+FFFD in XML formats; JSON keeps them, escaped."""
    nasty = "a\x01b\x0bc\u2028d\u2029e</script>]]>"
    g = nx.MultiDiGraph()
    g.add_node("Document:x", kind="Document", id="x", title=nasty, addressees=["甲", "乙"])
    g.add_node("Agency:y", kind="Agency", id="y", name="机关")
    g.add_edge(
        "Document:x",
        "Agency:y",
        rel="ISSUED_BY",
        source="x",
        span_start=0,
        span_end=1,
        sentence=nasty,
    )
    import io

    from policykg.export import gexf, graphml, html, rdf

    for mod, reader in (
        (graphml, nx.read_graphml),
        (gexf, lambda b: nx.read_gexf(b, version="1.3")),
    ):
        buf = io.BytesIO()
        mod.write(g, buf)
        buf.seek(0)
        back = reader(buf)
        label = back.nodes["Document:x"].get("title") or back.nodes["Document:x"]["label"]
        assert label == "a\ufffdb\ufffdc\u2028d\u2029e</script>]]>"
    buf = io.BytesIO()
    rdf.write(g, buf)
    assert rdflib.Literal(nasty, lang="zh") in set(
        rdflib.Graph().parse(data=buf.getvalue(), format="turtle").objects()
    )
    safe = json_for_script({"t": nasty})
    assert "<" not in safe and ">" not in safe and "\u2028" not in safe and "\u2029" not in safe
    assert json.loads(safe) == {"t": nasty}
    page = html.render(g)
    assert page.count("</script>") == page.count("<script")


def test_write_dispatch_on_plain_networkx(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("Region:500000", kind="Region", id="500000", name="重庆市")
    assert "1 nodes" in write_nx(g, "gexf", tmp_path / "r.gexf")


# ---- accepted by their consumers as they are ----------------------------------------------


def gexf_schema():
    if not GEXF_RNG.exists():
        pytest.skip(f"the official GEXF 1.3 schema is not at {GEXF_RNG} (../shared/schemas)")
    from lxml import etree

    return etree, etree.RelaxNG(file=str(GEXF_RNG))


def test_gexf_validates_against_the_official_schema(exported, hostile_exports, tmp_path):
    etree, rng = gexf_schema()
    out, _ = exported
    for path in (out / "g.gexf", hostile_exports / "g.gexf"):
        ok = rng.validate(etree.parse(str(path)))
        assert ok, [f"{e.line}: {e.message}" for e in rng.error_log][:5]
    # the check can fail: networkx's own writer does not pass it (graph@name, xsi namespace)
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", rel="CITES")
    nx.write_gexf(g, tmp_path / "nx.gexf", version="1.3")
    assert not rng.validate(etree.parse(str(tmp_path / "nx.gexf")))


def test_gexf_of_control_characters_is_valid(tmp_path):
    etree, rng = gexf_schema()
    g = nx.MultiDiGraph()
    g.add_node("Document:x", kind="Document", id="x", title="a\x01b  c\u2028", plan_year=2020)
    g.add_node("Figure:f", kind="Figure", id="f", year=2020, value=1.5, approximate=True)
    g.add_edge("Document:x", "Figure:f", rel="HAS_FIGURE", source="x", span_start=0, span_end=1)
    from policykg.export import gexf

    gexf.write(g, tmp_path / "c.gexf")
    assert rng.validate(etree.parse(str(tmp_path / "c.gexf"))), rng.error_log
    back = nx.read_gexf(tmp_path / "c.gexf", version="1.3")
    assert back.nodes["Figure:f"]["value"] == 1.5 and back.nodes["Figure:f"]["approximate"] is True
    assert [d["evidence_source"] for _, _, d in back.edges(data=True)] == ["x"]


def cytoscape_load(path: Path) -> dict:
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed: the cytoscape.js load test needs Node.js and npm")
    if not (JS / "node_modules" / "cytoscape").is_dir():
        pytest.skip(
            "cytoscape.js is not installed: run `npm ci --prefix tests/js` (make test does)"
        )
    r = subprocess.run(
        [node, str(JS / "cyjs_load.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _frozen(d: dict) -> frozenset:
    return frozenset((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items())


def test_cyjs_in_cytoscape_keeps_every_evidence_field(exported, seed_graph):
    out, (n, m) = exported
    cy = cytoscape_load(out / "g.cyjs")
    assert (len(cy["nodes"]), len(cy["edges"])) == (n, m)
    # every property of every edge, evidence included, is in cytoscape's data of that edge
    expected = Counter()
    for u, v, d in to_networkx(seed_graph).edges(data=True):
        props = {("evidence_source" if k == "source" else k): val for k, val in d.items()}
        expected[(u, v, _frozen(props))] += 1
    got = Counter()
    for e in cy["edges"]:
        data = dict(e["data"])
        assert (data.pop("source"), data.pop("target")) == (e["source"], e["target"])
        assert data.pop("id") == e["id"] and data.pop("interaction") == data["rel"]
        data.pop("name")
        got[(e["source"], e["target"], _frozen(data))] += 1
    assert got == expected
    # the evidence's document survives where it is not the edge's source node (LEADS, LISTS …)
    differs = [e for e in cy["edges"] if f"Document:{e['data']['evidence_source']}" != e["source"]]
    assert len(differs) > 10
    names = {x["id"]: x["data"]["name"] for x in cy["nodes"]}
    assert names[NO_NUMBER] == NO_NUMBER_TITLE


def test_csv_follows_gephi_spreadsheet_rules(exported):
    out, (n, m) = exported
    with open(out / "csvdir" / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes_head, *nodes = list(csv.reader(f))
    with open(out / "csvdir" / "edges.csv", encoding="utf-8", newline="") as f:
        edges_head, *edges = list(csv.reader(f))
    assert nodes_head[:2] == ["Id", "Label"]
    assert edges_head[:5] == ["Source", "Target", "Type", "Id", "Label"]
    gephi = {"id", "label", "source", "target", "type", "weight", "timeset", "start", "end"}
    for head, fixed in ((nodes_head, 2), (edges_head, 5)):
        assert len({c.lower() for c in head}) == len(head), head
        assert not {c.lower() for c in head[fixed:]} & gephi, head
    assert "evidence_source" in edges_head and "source" not in edges_head
    es = edges_head.index("evidence_source")
    assert all(r[es] for r in edges) and len(edges) == m
    label = {r[0]: r[1] for r in nodes}
    assert label[NO_NUMBER] == NO_NUMBER_TITLE and len(label) == n
    rel = edges_head.index("rel")
    assert all(r[4] == r[rel] and r[2] == "Directed" for r in edges)


def test_graphml_loads_in_networkx_and_igraph_without_warnings(exported):
    igraph = pytest.importorskip("igraph", reason="igraph is in the test extra")
    out, (n, m) = exported
    g = nx.read_graphml(out / "g.graphml", force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)
    assert g.nodes[NO_NUMBER]["label"] == NO_NUMBER_TITLE
    ig = igraph.Graph.Read_GraphML(str(out / "g.graphml"))  # warnings are errors here
    assert (ig.vcount(), ig.ecount()) == (n, m) and ig.is_directed()
    v = ig.vs.find(id=NO_NUMBER)
    assert v["label"] == NO_NUMBER_TITLE and v["node_id"] == "t:8c7cc39914883a90"
    assert all(ig.es["evidence_source"]) and "CITES" in set(ig.es["rel"])


def test_documents_without_a_number_are_labelled_by_title(exported):
    out, _ = exported
    gexf = nx.read_gexf(out / "g.gexf", version="1.3")
    assert gexf.nodes[NO_NUMBER]["label"] == NO_NUMBER_TITLE
    go = json.loads((out / "g.json").read_text(encoding="utf-8"))
    assert {x["key"]: x["attributes"]["label"] for x in go["nodes"]}[NO_NUMBER] == NO_NUMBER_TITLE
    page = (out / "g.html").read_text(encoding="utf-8")
    data = re.search(
        r'<script type="application/json" id="policykg-data">(.*?)</script>', page, re.S
    ).group(1)
    labels = {x["key"]: x["attributes"]["label"] for x in json.loads(data)["nodes"]}
    assert NO_NUMBER_TITLE.startswith(labels[NO_NUMBER].rstrip("…"))
    assert not any(str(v).startswith("t:") for v in labels.values())
    cy = json.loads((out / "g.cyjs").read_text(encoding="utf-8"))
    assert not any("t:" in e["data"]["name"] for e in cy["elements"]["edges"])


# ---- the export and view commands --------------------------------------------------------


def test_view_open_and_progress_on_stderr_only(seed_graph_path, tmp_path, monkeypatch):
    import webbrowser

    from click.testing import CliRunner

    from policykg.cli import main

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "graph.html"
    db = ["--db", str(seed_graph_path)]
    r = CliRunner().invoke(main, ["view", "渝府办发〔2020〕118号", "-o", str(out), "--open", *db])
    assert r.exit_code == 0, r.output
    assert opened == [out.resolve().as_uri()] and out.stat().st_size > 100_000
    assert "wrote" in r.stdout and "reading the graph" not in r.stdout
    assert "reading the graph" in r.stderr and "laying out" in r.stderr
    # without --open nothing is opened; export reports its phases on stderr too
    r = CliRunner().invoke(main, ["view", "-o", str(tmp_path / "all.html"), *db])
    assert r.exit_code == 0 and len(opened) == 1
    r = CliRunner().invoke(main, ["export", "--format", "gexf", str(tmp_path / "g.gexf"), *db])
    assert r.exit_code == 0 and "writing gexf" in r.stderr and "writing gexf" not in r.stdout


def test_export_graph_reports_its_phases(seed_graph, tmp_path):
    phases: list[str] = []
    export_graph(
        seed_graph, "csv", tmp_path / "c", subgraph="渝府办发〔2020〕118号", progress=phases.append
    )
    assert phases[0] == "reading the graph" and phases[1].startswith("selecting the subgraph")
    assert phases[-1].startswith("writing csv (")


def test_seed_layout_is_deterministic_distinct_and_puts_hubs_inside():
    from policykg.export.layout import seed_positions

    g = nx.MultiDiGraph()
    for i in range(300):
        g.add_node(f"Document:{i}", kind="Document")
    for i in range(300):  # document i cites i // 10 and i // 30: a few hubs, many leaves
        for j in {i // 10, i // 30} - {i}:
            g.add_edge(f"Document:{i}", f"Document:{j}", rel="CITES")
    g.add_node("Agency:a", kind="Agency")
    g.add_edge("Document:5", "Agency:a", rel="ISSUED_BY")
    g.add_node("Region:r", kind="Region")  # touches nothing placed: the outer ring
    pos = seed_positions(g)
    assert pos == seed_positions(g) and set(pos) == set(g.nodes)
    assert len(set(pos.values())) == len(pos)

    def radius(n):
        return (pos[n][0] ** 2 + pos[n][1] ** 2) ** 0.5

    from policykg.export import cited_counts

    cited = cited_counts(g)
    hubs = sorted((n for n in g if cited[n] >= 2), key=lambda n: (-cited[n], n))
    assert min(hubs, key=radius) == hubs[0]  # the most cited at the centre
    assert radius("Region:r") > max(radius(n) for n in g if n != "Region:r")
    # a notice starts near what it cites; the agency near the document it issued
    near = (
        (pos["Agency:a"][0] - pos["Document:5"][0]) ** 2
        + (pos["Agency:a"][1] - pos["Document:5"][1]) ** 2
    ) ** 0.5
    assert near < 20
