"""Title-only citations (《X》, no 文号): the rule of ``graph/titles.py`` and its promise that
the graph depends on the set of documents, never on the order they were loaded in."""

from __future__ import annotations

import random
import shutil
import sys

import pytest
from conftest import EXAMPLES, ROOT
from test_bulk import assert_same_graph, graph_content

import policykg
from policykg.graph import embedded
from policykg.graph import ingest as ingest_mod
from policykg.graph import store as store_mod
from policykg.graph.titles import (
    AMBIGUOUS,
    RESOLVED,
    UNRESOLVED,
    Candidate,
    CandidateIndex,
    TitleCitation,
    placeholder_id,
    resolve_citation,
)
from policykg.loaders.citations import title_key

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import Pool, generate  # noqa: E402

from policykg.loaders.issuer_codes import all_codes  # noqa: E402

# ---------------------------------------------------------------- the rule, on hand-built cases

KEY = title_key("重庆市人民政府关于加强耕地保护的通知")


def doc(id_, date="2020-01-01", issuer="重庆市人民政府", region="重庆市", **kw) -> Candidate:
    return Candidate(
        id_,
        kw.get("title_key", KEY),
        kw.get("transmits"),
        date,
        issuer,
        region,
        kw.get("ingested", True),
        kw.get("by_number", False),
    )


def cite(date="2021-06-01", issuer=None, citer_issuer="重庆市发展和改革委员会", region="重庆市"):
    return TitleCitation(KEY, issuer, "渝发改〔2021〕1号", date, citer_issuer, region)


def test_one_candidate_resolves():
    r = resolve_citation(cite(), [doc("渝府发〔2019〕3号")])
    assert (r.target, r.status, r.candidates) == ("渝府发〔2019〕3号", RESOLVED, None)


def test_no_candidate_stays_on_the_title_node():
    r = resolve_citation(cite(), [])
    assert (r.target, r.status) == (placeholder_id(KEY), UNRESOLVED)


def test_a_candidate_dated_after_the_citer_is_not_it():
    later = doc("渝府发〔2022〕9号", date="2022-03-01")
    assert resolve_citation(cite(), [later]).status == UNRESOLVED
    r = resolve_citation(cite(), [later, doc("渝府发〔2019〕3号")])
    assert (r.target, r.status) == ("渝府发〔2019〕3号", RESOLVED)
    # a year alone is compared on the year: the same year is not "after"
    assert resolve_citation(cite(date="2022"), [later]).target == "渝府发〔2022〕9号"


def test_two_candidates_the_citers_region_decides():
    here = doc("渝府发〔2019〕3号")
    there = doc("川府发〔2019〕3号", issuer="四川省人民政府", region="四川省")
    r = resolve_citation(cite(), [here, there])
    assert (r.target, r.status) == ("渝府发〔2019〕3号", RESOLVED)


def test_two_candidates_the_citers_issuer_decides():
    own = doc("渝发改〔2018〕7号", issuer="重庆市发展和改革委员会")
    other = doc("渝府发〔2019〕3号")
    r = resolve_citation(cite(), [other, own])
    assert r.target == "渝发改〔2018〕7号"


def test_two_undecidable_candidates_are_not_guessed():
    a, b = doc("渝府发〔2019〕3号"), doc("渝府发〔2020〕5号", date="2020-05-01")
    for order in ([a, b], [b, a]):
        r = resolve_citation(cite(), order)
        assert (r.target, r.status, r.candidates) == (placeholder_id(KEY), AMBIGUOUS, 2)


def test_named_issuer_keeps_its_documents_only():
    city = doc("渝府发〔2019〕3号")
    ministry = doc("国发〔2019〕1号", issuer="国务院", region=None)
    r = resolve_citation(cite(issuer="国务院"), [city, ministry])
    assert r.target == "国发〔2019〕1号"
    unknown = doc("渝府发〔2019〕4号", issuer=None)
    assert resolve_citation(cite(issuer="国务院"), [unknown]).status == UNRESOLVED


def test_a_named_issuer_finds_the_issuer_prefixed_key():
    """国务院《关于…》: an ingested 关于… title is keyed with its issuer in front."""
    bare = title_key("关于加强耕地保护的通知")
    c = TitleCitation(bare, "国务院", "x", "2021-01-01", None, None)
    d = Candidate(
        "国发〔2019〕1号", "国务院" + bare, None, "2019-01-01", "国务院", None, True, False
    )
    assert CandidateIndex([d]).resolve(c).target == "国发〔2019〕1号"


def test_transmitting_notice_only_when_the_document_itself_is_absent():
    transmitter = doc("渝府办发〔2019〕8号", title_key="其他", transmits=KEY)
    original = doc("国发〔2019〕1号", issuer="国务院", region=None)
    assert resolve_citation(cite(), [transmitter]).target == "渝府办发〔2019〕8号"
    assert resolve_citation(cite(), [transmitter, original]).target == "国发〔2019〕1号"


def test_only_documents_the_graph_knows_for_themselves():
    """A title-only node is no candidate; one cited by 文号 is; the citer never is."""
    ghost = doc(placeholder_id(KEY), ingested=False)
    by_number = doc("渝府发〔2019〕3号", ingested=False, by_number=True, date=None, region=None)
    assert resolve_citation(cite(), [ghost]).status == UNRESOLVED
    assert resolve_citation(cite(), [ghost, by_number]).target == "渝府发〔2019〕3号"
    assert resolve_citation(cite(), [doc("渝发改〔2021〕1号")]).status == UNRESOLVED


# ---------------------------------------------------------------- through ingest


def _notice(title: str, number: str, issuer: str, date: str, body: str) -> str:
    y, m, d = date.split("-")
    return (
        f"{title}\n{number}\n各区县(自治县)人民政府，市政府有关部门：\n{body}\n"
        f"{issuer}\n{int(y)}年{int(m)}月{int(d)}日\n"
    )


SHARED = "重庆市人民政府办公厅关于做好测试引用工作的通知"


def _edges_of(db, citer: str) -> list[tuple]:
    with policykg.open(db, read_only=True) as g:
        rows = g.run(
            "MATCH (a:Document {id: $id})-[e:CITES]->(b:Document) WHERE e.cited_key IS NOT NULL "
            "RETURN b.id AS b, e.status AS status, e.candidates AS n",
            {"id": citer},
        )
    return [(r["b"], r["status"], r["n"]) for r in rows]


def test_update_re_resolves_when_a_second_document_of_the_title_arrives(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    issuer = "重庆市人民政府办公厅"
    (folder / "citer.txt").write_text(
        _notice(
            "重庆市人民政府办公厅关于引用测试的通知",
            "渝府办发〔2021〕99号",
            issuer,
            "2021-05-06",
            f"请继续执行《{SHARED}》有关要求。",
        ),
        encoding="utf-8",
    )
    (folder / "first.txt").write_text(
        _notice(SHARED, "渝府办发〔2019〕11号", issuer, "2019-03-01", "请认真落实。"),
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    policykg.ingest([folder], db=db)
    assert _edges_of(db, "渝府办发〔2021〕99号") == [("渝府办发〔2019〕11号", RESOLVED, None)]
    # a second document of the same title, before the citer: the citation can no longer tell
    second = folder / "second.txt"
    second.write_text(
        _notice(SHARED, "渝府办发〔2020〕12号", issuer, "2020-03-01", "请认真落实。"),
        encoding="utf-8",
    )
    policykg.ingest([folder], db=db)
    assert _edges_of(db, "渝府办发〔2021〕99号") == [
        (placeholder_id(title_key(SHARED)), AMBIGUOUS, 2)
    ]
    with policykg.open(db, read_only=True) as g:  # validate and show say so
        findings = [
            f for f in policykg.validate(g).findings if f.check == "ambiguous-title-citation"
        ]
        assert [f.subject for f in findings] == ["渝府办发〔2021〕99号"]
        assert "2 documents of that title" in findings[0].message
        cites = policykg.show(g, "渝府办发〔2021〕99号").cites
        assert [(c["status"], c["candidates"]) for c in cites] == [(AMBIGUOUS, 2)]
    # it is re-dated after the citer: the first one is the only candidate again
    second.write_text(
        _notice(SHARED, "渝府办发〔2022〕12号", issuer, "2022-03-01", "请认真落实。"),
        encoding="utf-8",
    )
    policykg.ingest([folder], db=db)
    assert _edges_of(db, "渝府办发〔2021〕99号") == [("渝府办发〔2019〕11号", RESOLVED, None)]
    with policykg.open(db, read_only=True) as g:
        got = graph_content(g)
        assert not g.run(
            "MATCH (d:Document) WHERE d.id STARTS WITH 't:' AND d.ingested = false RETURN d.id"
        ), "the title-only node went with its last citation"
    fresh = tmp_path / "fresh.db"
    policykg.ingest([folder], db=fresh)
    with policykg.open(fresh, read_only=True) as g:
        assert_same_graph(graph_content(g), got)


# ---------------------------------------------------------------- order independence


@pytest.fixture(scope="module")
def shared_corpus(tmp_path_factory) -> list[str]:
    """The samples, 250 generated notices, and notices that share a title with the documents
    the generated ones cite most (by title only, and by title and 文号): one dated before
    every citer (two candidates: ambiguous), one dated after all of them (not a candidate:
    resolved), two before (three candidates)."""
    root = tmp_path_factory.mktemp("sharedtitles")
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, root / f.name)
    list(generate(250, 11, root / "generated"))
    pool = Pool(all_codes(), 500, 11)  # the documents generate(250, 11) cites
    for i, (title, number) in enumerate(pool.docs[:30]):
        issuer = title.split("关于", 1)[0]
        code = number.split("〔", 1)[0]
        dates = (["2011-02-01"], ["2030-02-01"], ["2011-02-01", "2012-03-01"])[i % 3]
        for j, date in enumerate(dates):
            text = _notice(title, f"{code}〔{date[:4]}〕{5000 + i}号", issuer, date, "请认真落实。")
            (root / f"same_title_{i:02d}_{j}.txt").write_text(text, encoding="utf-8")
    return [str(p) for p in sorted(root.rglob("*.txt"))]


def _statuses(db) -> dict[str, int]:
    with policykg.open(db, read_only=True) as g:
        rows = g.run(
            "MATCH ()-[e:CITES]->() WHERE e.cited_key IS NOT NULL "
            "RETURN e.status AS s, count(*) AS n ORDER BY s"
        )
    return {r["s"]: r["n"] for r in rows}


def test_three_orders_and_the_bulk_load_give_one_graph(shared_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "GROUP_SIZE", 25)
    monkeypatch.setenv("POLICYKG_BULK_FROM", "1000000")
    files = list(shared_corpus)
    contents = []
    # 1. sorted, one run
    policykg.ingest(files, db=tmp_path / "a.db", workers=1)
    # 2. shuffled, one run
    shuffled = files[:]
    random.Random(5).shuffle(shuffled)
    policykg.ingest(shuffled, db=tmp_path / "b.db", workers=1)
    # 3. reversed, in three successive runs (each run's documents loaded after the last's)
    rev = files[::-1]
    third = len(rev) // 3
    for part in (rev[:third], rev[third : 2 * third], rev[2 * third :]):
        policykg.ingest(part, db=tmp_path / "c.db", workers=1)
    # 4. the bulk path (COPY FROM), shuffled another way
    monkeypatch.setenv("POLICYKG_BULK_FROM", "10")
    random.Random(9).shuffle(shuffled)
    policykg.ingest(shuffled, db=tmp_path / "d.db", workers=1)
    for name in "abcd":
        with policykg.open(tmp_path / f"{name}.db", read_only=True) as g:
            contents.append(graph_content(g))
    statuses = _statuses(tmp_path / "a.db")
    assert statuses.get(RESOLVED, 0) > 20 and statuses.get(AMBIGUOUS, 0) > 20, statuses
    for other in contents[1:]:
        # Project and Agency nodes are out of scope here: a project two notices list with
        # different years, an agency two notices of different regions name, keeps the row of
        # the notice written last (full rows overwrite; not a citation matter)
        for c in (contents[0], other):
            c["nodes"].pop("Project", None)
            c["nodes"].pop("Agency", None)
        assert_same_graph(contents[0], other)


# ---------------------------------------------------------------- an update rewrites nothing


@pytest.mark.slow
def test_update_of_100_files_writes_only_what_changed(tmp_path, monkeypatch):
    """2,000 generated notices (shared titles), bulk-loaded; 100 files get one more duty
    sentence (as ``benchmarks/run.py`` changes them). The update deletes no CITES edge and
    writes only what changed: the 100 Documents' hash and file stat, and the facts of the new sentence (each
    deleted or rewritten edge makes LadybugDB rewrite its table at the next checkpoint). No
    other document's title-only citation is resolved again (the 100 keep their title, date,
    issuer and region). The graph is then the one a first load of the changed files gives."""
    corpus = tmp_path / "corpus"
    paths = list(generate(2000, 3, corpus))
    db = tmp_path / "g.db"
    monkeypatch.setenv("POLICYKG_BULK_FROM", "1000")
    first = policykg.ingest([corpus], db=db)
    assert len(first.added) == 2000
    with policykg.open(db, read_only=True) as g:
        before = graph_content(g)["edges"]["CITES"]
        ids = {
            r["path"]: r["id"]
            for r in g.run(
                "MATCH (d:Document) WHERE d.ingested = true RETURN d.path AS path, d.id AS id"
            )
        }
        tables = {  # hierarchy edges read from a knowledge table, not a document
            (t, r["a"], r["b"])
            for t in ("PART_OF", "LOCATED_IN")
            for r in g.run(
                f"MATCH (a)-[e:{t}]->(b) WHERE e.span_start = -1 RETURN a.id AS a, b.id AS b"
            )
        }
    assert _statuses(db).get(AMBIGUOUS, 0) > 100
    appended = "\n市财政局要做好项目资金保障，确保各项工作落到实处。\n"
    changed: dict[str, int] = {}  # document id -> where the new sentence starts
    for p in random.Random(2).sample(paths, 100):
        changed[ids[str(p)]] = len(p.read_text(encoding="utf-8"))
        with open(p, "a", encoding="utf-8") as fh:
            fh.write(appended)
    deleted = []
    backend = embedded.EmbeddedBackend
    run, write_nodes, write_edges = backend.run, backend.write_nodes, backend.write_edges
    update_nodes = backend.update_nodes
    columns_updated: set[str] = set()
    count = "MATCH ()-[e:CITES]->() RETURN count(e) AS n"
    nodes_written: list[tuple[str, dict]] = []
    edges_written: list[tuple[str, dict]] = []
    reresolved: list[str] = []

    def counting(self, query, params=None):
        if "DELETE" not in query:
            return run(self, query, params)
        n = run(self, count)[0]["n"]
        out = run(self, query, params)
        deleted.append(n - run(self, count)[0]["n"])
        return out

    def nodes(self, label, rows, fill_only=False):
        nodes_written.extend((label, r) for r in rows)
        return write_nodes(self, label, rows, fill_only)

    def updates(self, label, props, rows):
        nodes_written.extend((label, r) for r in rows)
        columns_updated.update(f"{label}.{p}" for p in props)
        return update_nodes(self, label, props, rows)

    def edges(self, edge_type, src_label, dst_label, rows):
        edges_written.extend((edge_type, r) for r in rows)
        return write_edges(self, edge_type, src_label, dst_label, rows)

    real_reresolve = store_mod.Graph._reresolve

    def reresolve(self, keys, maybe_orphans=None):
        reresolved.extend(keys)
        return real_reresolve(self, keys, maybe_orphans)

    monkeypatch.setattr(backend, "run", counting)
    monkeypatch.setattr(backend, "write_nodes", nodes)
    monkeypatch.setattr(backend, "write_edges", edges)
    monkeypatch.setattr(backend, "update_nodes", updates)
    monkeypatch.setattr(store_mod.Graph, "_reresolve", reresolve)
    again = policykg.ingest([corpus], db=db)
    assert len(again.updated) == 100
    assert deleted and sum(deleted) == 0, f"{sum(deleted)} CITES edges deleted"
    assert reresolved == [], "no document changed its candidacy"
    assert {r["id"] for label, r in nodes_written if label == "Document"} == set(changed)
    # of a stored node, only the columns that differ are set: the file's hash and stat (a
    # project or agency several notices name keeps the row of the one written last: see above)
    assert {c for c in columns_updated if c.startswith("Document.")} == {
        "Document.sha256",
        "Document.file_stat",
    }
    assert {c.split(".")[0] for c in columns_updated} <= {"Document", "Project", "Agency"}
    assert edges_written, "the new sentence's duty is written"
    for edge_type, r in edges_written:  # the new sentence's facts, and nothing else
        if r["source"] in changed:
            assert r["span_start"] >= changed[r["source"]], (edge_type, r)
        else:  # the hierarchy of an agency the new sentence names for the first time
            assert (edge_type, r["src"], r["dst"]) not in tables, (edge_type, r)
    monkeypatch.undo()
    with policykg.open(db, read_only=True) as g:
        after = graph_content(g)
    assert after["edges"]["CITES"] == before
    fresh = tmp_path / "fresh.db"
    monkeypatch.setenv("POLICYKG_BULK_FROM", "1000")
    policykg.ingest([corpus], db=fresh)
    with policykg.open(fresh, read_only=True) as g:
        loaded = graph_content(g)
    for c in (after, loaded):  # the last notice written keeps a shared node's row (see above)
        c["nodes"].pop("Project", None)
        c["nodes"].pop("Agency", None)
    assert_same_graph(loaded, after)
