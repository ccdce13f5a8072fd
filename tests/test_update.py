"""Change detection of an update: a file whose size, mtime and inode are those recorded is not
read; any other file is read once (in a worker: hash, and extraction only if the bytes
changed); ``rehash`` reads every file; the stored stat is committed only with the facts.

Which files are read is observed by recording what the ingest hands to the extraction
workers (the only place a file's bytes are read during an ingest), not by a clock or atime.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from badinput import synthetic_notice

import policykg
from policykg.graph import ingest as ingest_mod

LIUZHOU = "004_a334c3813ca2a563.txt"  # a sample notice with 柳州市 in its text


class Reads:
    """Records the files each ingest sends to the workers (read there, once each)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs: list[list[str]] = []
        real = ingest_mod.extract_all

        def recording(items, *args, **kwargs):
            self.runs.append([i if isinstance(i, str) else i[0] for i in items])
            return real(items, *args, **kwargs)

        monkeypatch.setattr(ingest_mod, "extract_all", recording)

    def last(self) -> list[str]:
        return self.runs[-1] if self.runs else []


def _ingest(folder: Path, db: Path, reads: Reads, rehash: bool = False):
    before = len(reads.runs)
    report = policykg.ingest([folder], db=db, workers=1, rehash=rehash)
    read = reads.runs[before:]
    return report, [p for run in read for p in run]


def _stored(db: Path, path: Path) -> dict:
    with policykg.open(db, read_only=True) as g:
        rows = g.run(
            "MATCH (d:Document) WHERE d.path = $p AND d.ingested = true "
            "RETURN d.title AS title, d.sha256 AS sha256, d.file_stat AS file_stat",
            {"p": str(path)},
        )
    assert len(rows) == 1, rows
    return rows[0]


def _same_size_edit(f: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same number of UTF-8 bytes) in place: the inode stays."""
    assert len(old.encode()) == len(new.encode())
    data = f.read_bytes()
    assert old.encode() in data
    with open(f, "r+b") as fh:  # in place, not a new file
        fh.write(data.replace(old.encode(), new.encode(), 1))


@pytest.fixture()
def graph(tmp_path, corpus_copy, monkeypatch) -> tuple[Path, Path, Reads]:
    db = tmp_path / "g.db"
    reads = Reads(monkeypatch)
    report, read = _ingest(corpus_copy, db, reads)
    assert len(report.added) == 5 and len(read) == 5
    return corpus_copy, db, reads


def test_nothing_changed_nothing_is_read_and_no_worker_starts(graph):
    folder, db, reads = graph
    report, read = _ingest(folder, db, reads)
    assert len(report.unchanged) == 5 and not report.updated
    assert read == []


def test_touched_file_is_read_once_found_unchanged_and_not_read_again(graph):
    folder, db, reads = graph
    f = folder / LIUZHOU
    before = _stored(db, f)
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touch: a new mtime, same bytes
    report, read = _ingest(folder, db, reads)
    assert read == [str(f)]  # only the touched file is read, to hash it
    assert len(report.unchanged) == 5 and not report.updated and not report.added
    after = _stored(db, f)
    assert after["sha256"] == before["sha256"]
    assert after["file_stat"] != before["file_stat"]  # the new stat is recorded ...
    assert after["file_stat"] == ingest_mod.file_stat(f.stat())
    report, read = _ingest(folder, db, reads)
    assert read == [] and len(report.unchanged) == 5  # ... so the next run does not read it


def test_same_size_edit_with_a_new_mtime_is_updated(graph):
    folder, db, reads = graph
    f = folder / LIUZHOU
    before = _stored(db, f)
    st = f.stat()
    _same_size_edit(f, "柳州市", "柳洲市")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert f.stat().st_size == st.st_size and f.stat().st_ino == st.st_ino
    report, read = _ingest(folder, db, reads)
    assert report.updated == [str(f)] and read == [str(f)]
    after = _stored(db, f)
    assert after["sha256"] != before["sha256"]
    assert after["file_stat"] == ingest_mod.file_stat(f.stat())


def test_edit_that_keeps_size_mtime_and_inode_is_missed_unless_rehash(graph):
    folder, db, reads = graph
    f = folder / LIUZHOU
    before = _stored(db, f)
    st = f.stat()
    _same_size_edit(f, "柳州市", "柳洲市")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # the mtime put back, as some tools do
    assert ingest_mod.file_stat(f.stat()) == before["file_stat"]
    report, read = _ingest(folder, db, reads)
    assert read == [] and not report.updated  # the stat says unchanged: not read
    assert _stored(db, f)["sha256"] == before["sha256"]
    report, read = _ingest(folder, db, reads, rehash=True)
    assert sorted(read) == sorted(str(p) for p in folder.glob("*.txt"))  # every file read
    assert report.updated == [str(f)] and len(report.unchanged) == 4
    assert _stored(db, f)["sha256"] != before["sha256"]


def test_file_replaced_by_another_with_the_same_size_and_mtime_is_updated(graph):
    folder, db, reads = graph
    f = folder / LIUZHOU
    before = _stored(db, f)
    st = f.stat()
    other = folder.parent / "replacement.txt"
    other.write_bytes(f.read_bytes().replace("柳州市".encode(), "柳洲市".encode(), 1))
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, f)  # a new inode under the old name (an editor's save, a checkout)
    assert (f.stat().st_size, f.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert f.stat().st_ino != st.st_ino
    report, read = _ingest(folder, db, reads)
    assert report.updated == [str(f)] and read == [str(f)]
    assert _stored(db, f)["sha256"] != before["sha256"]


def test_renamed_file_moves_its_document_and_is_then_unchanged(graph):
    folder, db, reads = graph
    f = folder / LIUZHOU
    before = _stored(db, f)
    moved = folder / "moved.txt"
    f.rename(moved)
    report, read = _ingest(folder, db, reads)
    assert report.added == [str(moved)] and read == [str(moved)] and not report.failed
    after = _stored(db, moved)
    assert after["sha256"] == before["sha256"] and after["title"] == before["title"]
    assert after["file_stat"] == ingest_mod.file_stat(moved.stat())
    with policykg.open(db, read_only=True) as g:
        assert policykg.stats(g)["documents"]["ingested"] == 5
    report, read = _ingest(folder, db, reads)
    assert read == [] and len(report.unchanged) == 5


def test_the_bulk_load_records_the_stats(tmp_path, monkeypatch):
    folder = tmp_path / "notices"
    folder.mkdir()
    for i in range(12):
        (folder / f"n{i:02d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    monkeypatch.setenv("POLICYKG_BULK_FROM", "10")
    db = tmp_path / "g.db"
    reads = Reads(monkeypatch)
    report, read = _ingest(folder, db, reads)
    assert len(report.added) == 12 and read == []  # the bulk path reads in its own workers
    for f in folder.iterdir():
        assert _stored(db, f)["file_stat"] == ingest_mod.file_stat(f.stat())
    report, read = _ingest(folder, db, reads)
    assert read == [] and len(report.unchanged) == 12


def test_a_kill_before_the_commit_leaves_the_old_stat_so_the_next_run_reads_again(graph):
    folder, db, reads = graph
    f = folder / LIUZHOU
    before = _stored(db, f)
    st = f.stat()
    _same_size_edit(f, "柳州市", "柳洲市")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    cmd = [sys.executable, "-m", "policykg.cli", "ingest", str(folder), "--db", str(db)]
    killed = subprocess.run(
        cmd,
        capture_output=True,
        timeout=180,
        env={**os.environ, "POLICYKG_TEST_KILL_AT": "extracted:1"},
    )
    assert killed.returncode == -signal.SIGKILL
    assert _stored(db, f) == before  # neither the facts nor the new stat were committed
    again = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr[-2000:]
    out = json.loads(again.stdout)
    assert out["updated"] == 1 and out["recovered"].startswith("update run interrupted")
    after = _stored(db, f)
    assert after["sha256"] != before["sha256"]
    assert after["file_stat"] == ingest_mod.file_stat(f.stat())
