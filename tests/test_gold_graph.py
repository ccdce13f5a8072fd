"""Projects, agency aliases, regions and series of tests/gold/seeds.json are in the graph
exactly, and every edge carries evidence."""

from __future__ import annotations

from policykg.graph.schema import EDGES


def test_gold_projects(seed_graph, gold):
    want = [p for d in gold["documents"] for p in d["projects"]]
    rows = seed_graph.run(
        "MATCH (d:Document)-[l:LISTS]->(p:Project) MATCH (a:Agency)-[:LEADS]->(p) "
        "OPTIONAL MATCH (p)-[:LOCATED_IN]->(r:Region) "
        "RETURN p.name AS name, p.start_year AS start_year, p.end_year AS end_year, p.content AS content, "
        "l.seq AS seq, l.stage AS stage, l.flagged AS flagged, l.annual_goal AS annual_goal, "
        "l.category_path AS category_path, l.lead_unit AS lead_unit, a.id AS lead_unit_canonical, r.name AS region"
    )
    assert len(rows) == len(want)
    got = {r["name"]: r for r in rows}
    for p in want:
        g = got[p["name"]]
        for k, v in p.items():
            assert g[k] == v, (p["name"], k, g[k], v)
        if "flagged" not in p:
            assert g["flagged"] is None


def test_gold_aliases_are_agency_nodes(seed_graph, gold):
    agencies = {
        r["id"]: set(r["aliases"] or [])
        for r in seed_graph.run("MATCH (a:Agency) RETURN a.id AS id, a.aliases AS aliases")
    }
    for d in gold["documents"]:
        for alias, canonical in d.get("aliases", {}).items():
            assert canonical in agencies, canonical
            assert alias in agencies[canonical], (alias, canonical)


def test_gold_regions_and_hierarchy(seed_graph, gold):
    regions = {
        r["name"]: r for r in seed_graph.run("MATCH (r:Region) RETURN r.id AS code, r.name AS name")
    }
    parents = {
        r["child"]: r["parent"]
        for r in seed_graph.run(
            "MATCH (c:Region)-[:LOCATED_IN]->(p:Region) RETURN c.name AS child, p.name AS parent"
        )
    }
    for r in gold["regions"]:
        assert regions[r["name"]]["code"] == r["code"]
        assert parents.get(r["name"]) == r["parent"]
    zone = seed_graph.run(
        "MATCH (r:Region {name: '两江新区'})-[:LOCATED_IN]->(p:Region) RETURN r.special_zone AS z, p.name AS p"
    )
    assert zone == [{"z": True, "p": "重庆市"}]


def test_gold_series_and_successor(seed_graph, gold):
    for s in gold["series"]:
        members = seed_graph.run(
            "MATCH (d:Document)-[e:IN_SERIES]->(s:Series) WHERE s.issuer = $issuer AND d.id IN $ids "
            "RETURN s.id AS series, d.id AS id, e.year AS year ORDER BY year",
            {"issuer": s["issuer"], "ids": [m["doc_number"] for m in s["members"]]},
        )
        assert [(m["year"], m["id"]) for m in members] == [
            (m["year"], m["doc_number"]) for m in s["members"]
        ]
        assert len({m["series"] for m in members}) == 1
        links = seed_graph.run(
            "MATCH (a:Document)-[e:SUCCESSOR_OF]->(b:Document) WHERE a.series = $s "
            "RETURN a.id AS later, b.id AS earlier, e.gap_years AS gap, e.missing_years AS missing, e.sentence AS sentence",
            {"s": members[0]["series"]},
        )
        assert links == [
            {
                "later": "渝府办发〔2024〕33号",
                "earlier": "渝府办发〔2021〕25号",
                "gap": 2,
                "missing": [2022, 2023],
                "sentence": "重庆市人民政府办公厅关于做好2024年市级重点项目实施有关工作的通知",
            }
        ]
    district = seed_graph.run("MATCH (d:Document) WHERE d.region = '北碚区' RETURN d.series AS s")
    assert district and district[0]["s"] and district[0]["s"] != members[0]["series"]


def test_every_edge_has_evidence(seed_graph):
    for t in EDGES:
        rows = seed_graph.run(
            f"MATCH ()-[e:{t}]->() RETURN e.source AS source, e.sentence AS sentence, e.span_start AS s, e.span_end AS e"
        )
        for r in rows:
            assert r["source"] and r["sentence"], (t, r)
            assert (r["s"] == -1 and r["e"] == -1) or 0 <= r["s"] < r["e"], (t, r)


def test_responsibility_edges(seed_graph):
    issued = seed_graph.run(
        "MATCH (d:Document)-[e:ISSUED_BY]->(a:Agency) RETURN d.region AS region, a.id AS issuer, e.inferred AS inferred"
    )
    assert {(r["region"], r["issuer"], r["inferred"]) for r in issued} == {
        ("重庆市", "重庆市人民政府办公厅", False),
        ("北碚区", "重庆市北碚区人民政府办公室", True),
        ("柳州市", "柳州市人民政府办公室", False),
    }
    part_of = {
        (r["a"], r["b"])
        for r in seed_graph.run(
            "MATCH (a:Agency)-[:PART_OF]->(b:Agency) RETURN a.id AS a, b.id AS b"
        )
    }
    assert ("重庆市九龙坡区人民政府", "重庆市人民政府") in part_of
    assert ("重庆市发展和改革委员会", "重庆市人民政府") in part_of
    assert ("重庆市北碚区发展和改革委员会", "重庆市北碚区人民政府") in part_of
