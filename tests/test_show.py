"""``policykg show``: everything about one document, checked against the samples by hand
(001 = 渝府办发〔2021〕25号, 003 = the Beibei 2022 notice without a 文号)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.queries.show import show

INTERNAL_ID = re.compile(r"t:[0-9a-f]{16}")


def test_show_a_numbered_notice(seed_graph):
    v = show(seed_graph, "渝府办发[2021]25号")
    d = v.document
    assert (d["doc_type"], d["issuer"], d["date"], d["region"], d["plan_year"]) == (
        "通知",
        "重庆市人民政府办公厅",
        "2021-03-02",
        "重庆市",
        2021,
    )
    assert d["path"].endswith("001_4d24b685d0f94245.txt")
    assert {c["id"] for c in v.cites} == {"渝府办发〔2020〕8号", "渝府办发〔2020〕118号"}
    assert all("严格执行" in c["sentence"] for c in v.cites)
    assert v.counts["cites"] == 2 and v.counts["cited_by"] == 0
    assert {p["name"] for p in v.projects} == {
        "九龙坡博世氢材料发动机",
        "中国汽研国家氢能动力质检中心",
    }
    assert [a["id"] for a in v.issuers] == ["重庆市人民政府办公厅"]
    assert {a["as_written"] for a in v.duties if a["relation"] == "duty"} == {
        "市发展改革委",
        "市政府督查办",
        "市招商投资局",
    }
    # 经市政府同意: the approval is a relation too, plain mentions are not listed
    assert {(a["as_written"], a["relation"]) for a in v.duties if a["relation"] != "duty"} == {
        ("市政府", "approval")
    }
    figs = {f["category"]: f["count"] for f in v.figures}
    assert figs == {"重大建设项目": 894, "重大前期规划研究项目": 258, "重大招商项目": 100}
    assert v.series["previous"] is None
    assert v.series["next"]["id"] == "渝府办发〔2024〕33号" and v.series["next"]["year"] == 2024


def test_show_a_cited_only_document_counts_its_citers(seed_graph):
    v = show(seed_graph, "渝府办发〔2020〕118号")
    assert v.document["ingested"] is False and v.series is None
    assert v.counts["cited_by"] == 3 and v.counts["cited_by_documents"] == 3
    labels = {c["label"] for c in v.cited_by}
    assert {"渝府办发〔2021〕25号", "渝府办发〔2024〕33号"} <= labels
    assert not any(lbl.startswith("t:") for lbl in labels)


@pytest.fixture()
def cli(seed_graph_path):
    def _run(*args: str):
        return CliRunner().invoke(main, [*args, "--db", str(seed_graph_path)])

    return _run


def test_show_cli_human_never_shows_an_internal_id(cli):
    res = cli("show", "关于做好2022年区级重点项目实施有关工作的通知")
    assert res.exit_code == 0, res.output
    assert not INTERNAL_ID.search(res.output)
    assert "003_3eb0fbf1fa00c0cf.txt" in res.output  # the path names the document
    for section in ("cites 3 documents", "cited by: no document in the graph cites it"):
        assert section in res.output
    assert "projects: none listed" in res.output  # empty sections say so


def test_show_cli_json_and_csv(cli):
    data = json.loads(cli("show", "渝府办发〔2021〕25号", "--json").output)
    assert (
        data["label"] == "渝府办发〔2021〕25号" and data["counts"]["duties"] == 5
    )  # 4 duties + 经市政府同意
    assert data["series"]["next"]["label"] == "渝府办发〔2024〕33号"
    rows = list(csv.DictReader(io.StringIO(cli("show", "渝府办发〔2021〕25号", "--csv").output)))
    sections = [r["section"] for r in rows]
    assert sections.count("cites") == 2 and sections.count("duties") == 5
    assert sections.count("figures") == 3 and "series_next" in sections
    meta = {r["label"]: r["detail"] for r in rows if r["section"] == "document"}
    assert meta["date"] == "2021-03-02" and meta["doc_number"] == "渝府办发〔2021〕25号"
    cite = next(r for r in rows if r["section"] == "cites" and r["id"] == "渝府办发〔2020〕118号")
    assert "渝府办发〔2020〕118号" in cite["sentence"] and int(cite["end"]) > int(cite["start"])


def test_show_limit_cuts_lists_not_counts(seed_graph, cli):
    v = show(seed_graph, "渝府办发〔2020〕118号", limit=1)
    assert len(v.cited_by) == 1 and v.counts["cited_by"] == 3 and v.left_out("cited_by") == 2
    whole = show(seed_graph, "渝府办发〔2020〕118号", limit=0)
    assert v.cited_by[0] == whole.cited_by[0] and len(whole.cited_by) == 3
    res = cli("show", "渝府办发〔2020〕118号", "--limit", "1")
    assert "cited by 3 documents (3 citations)" in res.output and "… and 2 more" in res.output
