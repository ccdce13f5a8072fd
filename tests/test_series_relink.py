"""An update links a series again only when its members change, and then every series they
left or joined: the graph is the one a first load of the same files gives.

The corpus: twelve synthetic notices (tests/badinput.py) in which 水利专项建设 has members for
2010, 2011 and 2012 (files 0, 4 and 8), linked 2012 → 2011 → 2010.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from badinput import fingerprint, synthetic_notice

import policykg
from policykg.graph.store import Graph

SERIES_MEMBER = 4  # 2011, between 2010 (file 0) and 2012 (file 8)


@pytest.fixture()
def corpus(tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "notices"
    folder.mkdir()
    for i in range(12):
        (folder / f"n{i:02d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    db = tmp_path / "g.db"
    policykg.ingest([folder], db=db, workers=1)
    return folder, db


@pytest.fixture()
def relinked(monkeypatch) -> list[set[str]]:
    """The series each relink_series call is given."""
    calls: list[set[str]] = []
    real = Graph.relink_series

    def recording(self, series, *args, **kwargs):
        calls.append(set(series))
        return real(self, series, *args, **kwargs)

    monkeypatch.setattr(Graph, "relink_series", recording)
    return calls


def _links(db: Path) -> list[tuple[int, int, int]]:
    with policykg.open(db, read_only=True) as g:
        rows = g.run(
            "MATCH (a:Document)-[e:SUCCESSOR_OF]->(b:Document) WHERE a.title CONTAINS '水利专项' "
            "RETURN a.plan_year AS ya, b.plan_year AS yb, e.gap_years AS gap ORDER BY ya"
        )
    return [(r["ya"], r["yb"], r["gap"]) for r in rows]


def _first_load(folder: Path, tmp_path: Path) -> tuple[dict, str]:
    fresh = tmp_path / "fresh.db"
    policykg.ingest([folder], db=fresh, workers=1)
    return fingerprint(fresh)


def _edit(folder: Path, old: str, new: str) -> None:
    f = folder / f"n{SERIES_MEMBER:02d}.txt"
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new), encoding="utf-8")


def test_the_corpus_has_the_series(corpus):
    _, db = corpus
    assert _links(db) == [(2011, 2010, 0), (2012, 2011, 0)]


def test_a_member_with_one_more_sentence_links_nothing_again(corpus, relinked, tmp_path):
    folder, db = corpus
    _edit(folder, "二、市发展改革委负责", "二、市财政局要做好资金保障。市发展改革委负责")
    report = policykg.ingest([folder], db=db, workers=1)
    assert len(report.updated) == 1
    assert relinked == []  # the members, their years and evidence are as they were
    assert _links(db) == [(2011, 2010, 0), (2012, 2011, 0)]
    assert fingerprint(db) == _first_load(folder, tmp_path)


def test_a_member_that_leaves_its_series_bridges_the_gap(corpus, relinked, tmp_path):
    folder, db = corpus
    title = synthetic_notice(SERIES_MEMBER).split("\n", 1)[0]
    _edit(folder, title, title.replace("水利专项建设", "水利专项规划"))
    policykg.ingest([folder], db=db, workers=1)
    assert len(relinked) == 1 and len(relinked[0]) == 2  # the series it left and the new one
    assert (2012, 2010, 1) in _links(db)  # 2012 now follows 2010, 2011 missing
    assert fingerprint(db) == _first_load(folder, tmp_path)


def test_a_member_whose_year_changes_is_linked_where_it_now_belongs(corpus, relinked, tmp_path):
    folder, db = corpus
    _edit(folder, "2011", "2013")  # title, 文号 and date: another document id
    policykg.ingest([folder], db=db, workers=1)
    assert relinked and all(len(s) == 1 for s in relinked)
    assert _links(db) == [(2012, 2010, 1), (2013, 2012, 0)]
    assert fingerprint(db) == _first_load(folder, tmp_path)
