"""Getting ahead of the walk (``graph/ingest._WalkWatch``): the graph's documents are read
while the walk goes on, and the extraction workers start as soon as a changed file is found,
not after the walk; nothing starts when nothing changed or the graph is empty.

The thresholds are lowered to the five sample notices, and the lookup's thread runs each task
at once (a finished future), so what starts when does not depend on timing.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future
from pathlib import Path

import pytest

import policykg
from policykg.graph import ingest as ingest_mod
from policykg.graph import pipeline


class _AtOnce:
    """A ThreadPoolExecutor stand-in that runs each task when it is submitted."""

    def __init__(self, *_args) -> None:
        pass

    def submit(self, fn, *args) -> Future:
        f: Future = Future()
        try:
            f.set_result(fn(*args))
        except Exception as e:  # noqa: BLE001 - handed to the caller, as a thread would
            f.set_exception(e)
        return f

    def shutdown(self, wait: bool = True) -> None:
        pass


@pytest.fixture()
def events(monkeypatch) -> list[str]:
    """'workers', 'walked' and 'lookup' in the order they happened."""
    log: list[str] = []
    monkeypatch.setattr(ingest_mod, "LOOKUP_AT", 2)
    monkeypatch.setattr(ingest_mod, "WATCH_EVERY", 1)
    monkeypatch.setattr(ingest_mod, "ThreadPoolExecutor", _AtOnce)
    real_walk, real_workers = ingest_mod._walk, pipeline.Workers.__init__
    real_lookup = ingest_mod.Graph.ingested_documents

    def walk(*args, **kwargs):
        out = real_walk(*args, **kwargs)
        log.append("walked")
        return out

    def workers(self, *args, **kwargs):
        log.append("workers")
        real_workers(self, *args, **kwargs)

    def lookup(self):
        log.append("lookup")
        return real_lookup(self)

    monkeypatch.setattr(ingest_mod, "_walk", walk)
    monkeypatch.setattr(pipeline.Workers, "__init__", workers)
    monkeypatch.setattr(ingest_mod.Graph, "ingested_documents", lookup)
    return log


def _started(monkeypatch) -> list[int]:
    """Counts the worker processes started."""
    count = [0]
    real = pipeline._Worker.__init__

    def counting(self, *args, **kwargs):
        count[0] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(pipeline._Worker, "__init__", counting)
    return count


def test_a_first_load_starts_its_workers_after_the_walk(corpus_copy: Path, tmp_path, events):
    report = policykg.ingest([corpus_copy], db=tmp_path / "g.db", workers=1)
    assert len(report.added) == 5
    assert events == ["lookup", "walked"]  # an empty graph: nothing to get ahead of


def test_nothing_changed_starts_no_worker(corpus_copy: Path, tmp_path, events, monkeypatch):
    db = tmp_path / "g.db"
    policykg.ingest([corpus_copy], db=db, workers=1)
    events.clear()
    started = _started(monkeypatch)
    report = policykg.ingest([corpus_copy], db=db, workers=1)
    assert len(report.unchanged) == 5
    assert events == ["lookup", "walked"] and started == [0]


def test_a_changed_file_starts_the_workers_during_the_walk(
    corpus_copy: Path, tmp_path, events, monkeypatch
):
    db = tmp_path / "g.db"
    policykg.ingest([corpus_copy], db=db, workers=1)
    last = sorted(corpus_copy.glob("*.txt"))[-1]
    last.write_text(last.read_text(encoding="utf-8") + "\n市财政局要做好资金保障。\n", "utf-8")
    events.clear()
    started = _started(monkeypatch)
    report = policykg.ingest([corpus_copy], db=db, workers=1)
    assert report.updated == [str(last)] and len(report.unchanged) == 4
    assert events == ["lookup", "workers", "walked"]  # found as the walk told of it
    assert started == [1]  # the worker started ahead is the one that extracted it
    with policykg.open(db, read_only=True) as g:
        rows = g.run(
            "MATCH (d:Document) WHERE d.path = $p AND d.ingested = true RETURN d.sha256 AS h",
            {"p": str(last)},
        )
    assert [r["h"] for r in rows] == [hashlib.sha256(last.read_bytes()).hexdigest()]
