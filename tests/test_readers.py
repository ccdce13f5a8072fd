"""Readers during an ingest see a committed state, or are told 'busy, retry'.

A writer ingests 1,000 synthetic notices (``benchmarks/generate.py``) in a subprocess while
reader subprocesses loop ``policykg stats --json`` and ``policykg trace … --json``:

* a first load of an empty graph (the bulk ``COPY`` path commits table by table; the five
  samples go in too, so ``trace`` has its document): every reader sees the graph before the load (no documents) or after it (equal to the final
  stats), or exits 2 with "busy, retry" (or "no graph here yet" before the file exists);
* an update of a graph that holds the five samples (groups of documents, one transaction
  each): every reader succeeds (a writer's checkpoint is waited for), and the counts it sees
  are those after one of the writer's commits, recorded by running the same ingest again
  in-process with a hook after every commit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

import policykg
from policykg.graph.schema import NODES
from policykg.queries.stats import stats

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

N = 1000
DOC = "渝府办发〔2020〕118号"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "policykg.cli", *args]


def _state(stats: dict) -> tuple[int, int, int]:
    return (
        stats["documents"]["ingested"],
        sum(stats["nodes"].values()),
        sum(stats["edges"].values()),
    )


def _readers_during(ingest_args: list[str], db: Path) -> tuple[list, int]:
    """Run the ingest; loop two readers until it ends. [(command, rc, stdout, stderr)], writer rc."""
    env = {**os.environ, "POLICYKG_READ_WAIT": "30"}
    writer = subprocess.Popen(
        _cli("ingest", *ingest_args, "--db", str(db)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    seen: list[tuple[str, int, str, str]] = []
    lock = threading.Lock()

    def loop(cmd: list[str]) -> None:
        while writer.poll() is None:
            r = subprocess.run(
                _cli(*cmd, "--db", str(db)), capture_output=True, text=True, env=env, timeout=300
            )
            with lock:
                seen.append((cmd[0], r.returncode, r.stdout, r.stderr))

    threads = [
        threading.Thread(target=loop, args=(["stats", "--json"],)),
        threading.Thread(target=loop, args=(["trace", DOC, "--direction", "both", "--json"],)),
    ]
    for t in threads:
        t.start()
    try:
        _, err = writer.communicate(timeout=900)
    finally:
        for t in threads:
            t.join()
    assert writer.returncode == 0, err
    return seen, writer.returncode


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("readers") / "notices"
    for _ in generate(N, 5, out):
        pass
    return out


@pytest.mark.slow
def test_readers_during_a_first_bulk_load_see_before_or_after_or_busy(tmp_path, notices):
    db = tmp_path / "bulk.db"
    seen, _ = _readers_during([str(notices), str(EXAMPLES)], db)
    with policykg.open(db, read_only=True) as g:
        final = _state(stats(g))
    assert final[0] == N + 5
    ok = 0
    for cmd, rc, out, err in seen:
        msg = " ".join(err.split())
        assert "Traceback" not in err, err
        if rc != 0:
            assert rc == 2, (cmd, rc, msg)
            before = ("no graph here yet", "empty graph", "no document")  # the empty graph
            assert "busy, retry" in msg or any(m in msg for m in before), msg
            continue
        ok += 1
        if cmd == "stats":
            state = _state(json.loads(out))
            assert state[0] == 0 or state == final, (state, final)  # never a half-loaded graph
        else:
            assert json.loads(out)["direct"]["in"] == 3  # the full graph: its three citers
    assert len(seen) >= 3, f"only {len(seen)} reads overlapped the load"


def _committed_states(db: Path, notices: Path) -> set[tuple[int, int, int]]:
    """The same update, in-process, with the stats recorded after every commit."""
    from policykg.graph import embedded
    from policykg.graph.readonly import is_read_only

    states: set[tuple[int, int, int]] = set()
    recording = False
    cls = embedded.EmbeddedBackend
    orig_begin, orig_commit, orig_execute = cls.begin, cls.commit, cls._execute

    def record(backend) -> None:
        nonlocal recording
        if recording:
            return
        recording = True
        try:  # the three numbers _state takes from `stats`, in three queries
            run = backend.run
            states.add(
                (
                    run("MATCH (d:Document) WHERE d.ingested RETURN count(d) AS n")[0]["n"],
                    sum(run(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"] for label in NODES),
                    run("MATCH ()-[e]->() RETURN count(e) AS n")[0]["n"],
                )
            )
        finally:
            recording = False

    in_tx: set[int] = set()

    def begin(self) -> None:
        orig_begin(self)
        in_tx.add(id(self))

    def commit(self) -> None:
        orig_commit(self)
        in_tx.discard(id(self))
        record(self)

    def execute(self, query, params):
        res = orig_execute(self, query, params)
        if id(self) not in in_tx and not recording and not is_read_only(query):
            record(self)  # an auto-committed write (series links, pruning, markers)
        return res

    mp = pytest.MonkeyPatch()
    mp.setattr(cls, "begin", begin)
    mp.setattr(cls, "commit", commit)
    mp.setattr(cls, "_execute", execute)
    try:
        with policykg.open(db) as g:
            record(g.backend)
            from policykg.graph.ingest import ingest

            ingest(g, [notices])
    finally:
        mp.undo()
    return states


@pytest.mark.slow
def test_readers_during_an_update_see_committed_states(tmp_path, notices):
    db = tmp_path / "update.db"
    assert policykg.ingest([EXAMPLES], db=db).ok
    seen, _ = _readers_during([str(notices)], db)
    ref = tmp_path / "reference.db"
    assert policykg.ingest([EXAMPLES], db=ref).ok
    committed = _committed_states(ref, notices)
    with policykg.open(db, read_only=True) as g:
        assert _state(stats(g)) in committed
    states = []
    for cmd, rc, out, err in seen:
        assert rc == 0, (cmd, rc, " ".join(err.split()))  # no refusal: checkpoints are waited for
        if cmd == "stats":
            states.append(_state(json.loads(out)))
        else:
            assert json.loads(out)["root"] == DOC
    assert states, "no reader finished while the ingest ran"
    for s in states:
        assert s in committed, (s, sorted(committed))


@pytest.mark.parametrize("killed", [False, True])
def test_a_copy_load_marks_the_graph_busy_until_its_writer_closes(tmp_path, killed):
    """Deterministic: a writer that has run a COPY keeps readers out until it closes; a
    killed one (never closed) keeps them out until a writer opens and closes the file again."""
    from policykg.graph import embedded

    db = tmp_path / "g.db"
    assert policykg.ingest([EXAMPLES / "001_4d24b685d0f94245.txt"], db=db).ok
    part = tmp_path / "meta.csv"
    part.write_text("extra_key,extra_value\n", encoding="utf-8")
    w = embedded.EmbeddedBackend(db)
    w.run(f"COPY Meta FROM '{part}' (header=false)")
    if killed:  # what kill -9 leaves: the marker committed, no close
        w._loading = False
    w.close()
    if not killed:
        with policykg.open(db, read_only=True) as g:  # closed: readers are back
            assert g.meta_get("extra_key") == "extra_value"
        return
    with pytest.raises(policykg.BackendError, match="busy, retry"):
        policykg.open(db, read_only=True)
    res = subprocess.run(_cli("stats", "--json", "--db", str(db)), capture_output=True, text=True)
    assert res.returncode == 2 and "busy, retry" in " ".join(res.stderr.split()), res.stderr
    assert "Traceback" not in res.stderr
    w = embedded.EmbeddedBackend(db)  # the re-run's writer takes the load over
    with pytest.raises(policykg.BackendError, match="busy, retry"):
        policykg.open(db, read_only=True)  # still busy while it writes
    w.close()  # and clears the marker when it ends
    with policykg.open(db, read_only=True) as g:
        assert stats(g)["documents"]["ingested"] == 1
