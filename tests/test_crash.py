"""kill -9 during an ingest loses nothing; readers beside a writer see a consistent graph; a
second writer is refused clearly; a graph of another schema version is detected and migrated.

The graph after (kill, ingest again) must equal one clean ingest: the same counts per label and
edge type and the same content hash over every node property and edge, computed with Cypher
through the public API.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badinput import SAMPLE, fingerprint, synthetic_notice

import policykg
from policykg.errors import PolicyKGError

pytestmark = pytest.mark.slow

PKG = [sys.executable, "-m", "policykg.cli"]
N_NOTICES = 800


def cli(*args: str, timeout: float = 180, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PKG, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def start_ingest(folder: Path, db: Path) -> subprocess.Popen:
    """The ingest in the background; its stderr goes to ``<db>.stderr`` (read with ``stderr_of``)."""
    with open(f"{db}.stderr", "wb") as log:
        return subprocess.Popen(
            [*PKG, "ingest", str(folder), "--db", str(db), "--workers", "2"],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def stderr_of(db: Path) -> str:
    return Path(f"{db}.stderr").read_text(encoding="utf-8", errors="replace")[-3000:]


def ingested_count(db: Path) -> int | None:
    """Ingested documents seen by a read-only open, or None while there is nothing to read yet."""
    try:
        with policykg.open(db, read_only=True) as g:
            return g.run("MATCH (d:Document) WHERE d.ingested = true RETURN count(d) AS n")[0]["n"]
    except PolicyKGError:
        return None


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "notices"
    for i in range(N_NOTICES):
        sub = folder / f"{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"n{i:04d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean(notices, tmp_path_factory) -> tuple[Path, dict, str, float]:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    t0 = time.perf_counter()
    r = cli("ingest", str(notices), "--db", str(db), "--workers", "2")
    elapsed = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr[-3000:]
    stats, digest = fingerprint(db)
    assert stats["documents"]["ingested"] == N_NOTICES
    assert stats["edges"]["CITES"] > N_NOTICES and stats["edges"]["SUCCESSOR_OF"] > 0
    return db, stats, digest, elapsed


def _kill_when(proc: subprocess.Popen, db: Path, moment: str, budget: float) -> int | None:
    """Poll until ``moment``; kill -9 the ingest. Returns the ingested count seen before the kill."""
    deadline = time.monotonic() + budget
    seen = None
    while time.monotonic() < deadline and proc.poll() is None:
        if moment == "schema-ready":
            if db.exists() and ingested_count(db) is not None:
                break
        else:
            seen = ingested_count(db) if db.exists() else None
            if seen and (moment == "first-commit" or seen >= N_NOTICES // 2):
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return seen


@pytest.mark.parametrize("moment", ["schema-ready", "first-commit", "half-written"])
def test_kill_9_mid_ingest_then_ingest_again_equals_a_clean_ingest(
    notices, clean, tmp_path, moment
):
    _, clean_stats, clean_digest, elapsed = clean
    db = tmp_path / "crash.db"
    proc = start_ingest(notices, db)
    seen = _kill_when(proc, db, moment, budget=elapsed * 3 + 10)
    assert proc.returncode == -signal.SIGKILL, (
        f"the ingest ended before the kill ({moment}); stderr: {stderr_of(db)}"
    )
    if moment != "schema-ready":
        assert seen and 0 < seen < N_NOTICES, f"killed with {seen} documents visible"
    after_kill = ingested_count(
        db
    )  # read-only open of a killed writer's file works or is refused cleanly
    # the last group may commit between the poll and the signal: then the kill hit the final
    # steps (series links, pruning), which the re-run must redo just the same
    assert after_kill is None or after_kill <= N_NOTICES
    r = cli("ingest", str(notices), "--db", str(db), "--workers", "2")
    assert r.returncode == 0, r.stderr[-3000:]
    stats, digest = fingerprint(db)
    assert stats["edges"] == clean_stats["edges"], {
        k: (v, clean_stats["edges"][k])
        for k, v in stats["edges"].items()
        if v != clean_stats["edges"][k]
    }
    assert stats == clean_stats
    assert digest == clean_digest, f"same counts, different content after a kill at {moment}"


def test_a_kill_during_schema_creation_does_not_brick_the_file(tmp_path):
    """Deterministic stand-in for a kill between the first CREATE TABLE and the version write."""
    import ladybug

    from policykg.graph.embedded import ddl

    db = tmp_path / "half.db"
    database = ladybug.Database(str(db))
    conn = ladybug.Connection(database)
    for stmt in ddl()[:4]:
        conn.execute(stmt)
    conn.close()
    database.close()
    r = cli("ingest", str(SAMPLE), "--db", str(db))
    assert r.returncode == 0, r.stderr


# -- every phase, every path: deterministic kill points, then a few at random times -----------
#
# ``POLICYKG_TEST_KILL_AT=point:n`` makes the ingest SIGKILL itself at the n-th ``point``
# (policykg/graph/journal.py). Points: ``extracted`` (a file's extraction arrived), ``group``
# (a group was written), ``copy`` (before a COPY statement of the bulk load), ``relink`` (a chunk
# of series was relinked), ``prune`` (before pruning). POLICYKG_CRASH_KILLS sets the number of
# random-time kills per path (default 2; the 20: POLICYKG_CRASH_KILLS=20).

BULK = {"POLICYKG_BULK_FROM": "100"}  # 800 files into an empty graph: the COPY path
RANDOM_KILLS = int(os.environ.get("POLICYKG_CRASH_KILLS", "2"))


def killed_at(point: str, folder: Path, db: Path, env: dict) -> subprocess.CompletedProcess:
    r = cli(
        "ingest", str(folder), "--db", str(db), "--workers", "2",
        env={**env, "POLICYKG_TEST_KILL_AT": point},
    )  # fmt: skip
    assert r.returncode == -signal.SIGKILL, (point, r.returncode, r.stderr[-2000:])
    return r


def test_the_bulk_load_gives_the_graph_of_the_file_by_file_ingest(notices, clean, tmp_path):
    db = tmp_path / "bulk.db"
    r = cli("ingest", str(notices), "--db", str(db), "--workers", "2", env=BULK)
    assert r.returncode == 0, r.stderr[-3000:]
    assert fingerprint(db) == clean[1:3]


@pytest.mark.parametrize(
    "point", ["extracted:400", "group:2", "copy:1", "copy:5", "copy:12", "relink:1"]
)
def test_kill_9_in_the_bulk_load_then_again_equals_a_clean_ingest(notices, clean, tmp_path, point):
    db = tmp_path / "bulk.db"
    killed_at(point, notices, db, BULK)
    r = cli("ingest", str(notices), "--db", str(db), "--workers", "2", "--json", env=BULK)
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout)["recovered"].startswith("bulk run interrupted")
    assert fingerprint(db) == clean[1:3], f"not the clean graph after a kill at {point}"
    again = cli("ingest", str(notices), "--db", str(db), "--json", env=BULK)
    assert json.loads(again.stdout)["unchanged"] == N_NOTICES


def renumber(folder: Path) -> int:
    """Give two notices in three a new 文号 (changed files whose document id changes)."""
    n = 0
    for f in sorted(folder.rglob("*.txt")):
        i = int(f.stem[1:])
        if i % 3:
            text = f.read_text(encoding="utf-8")
            f.write_text(text.replace(f"〕{1000 + i}号", f"〕{9000 + i}号"), encoding="utf-8")
            n += 1
    return n


@pytest.fixture(scope="module")
def update(notices, tmp_path_factory) -> tuple[Path, Path, Path, tuple]:
    """(old folder, new folder, graph of the old folder, fingerprint after the update)."""
    root = tmp_path_factory.mktemp("update")
    old = root / "notices"
    for sub in ("00", "01", "02", "03"):  # 400 notices
        shutil.copytree(notices / sub, old / sub)
    base = root / "old.db"
    assert cli("ingest", str(old), "--db", str(base), "--workers", "2").returncode == 0
    new = root / "new"
    shutil.copytree(old, new)
    assert renumber(new) > 2 * 100  # more than one group of 200
    ref = root / "ref.db"
    shutil.copyfile(base, ref)
    shutil.rmtree(old)
    new.rename(old)  # the update is an ingest of the same folder, with changed files
    r = cli("ingest", str(old), "--db", str(ref), "--workers", "2", "--json")
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout)["stats"]["documents"]["ingested"] == 400
    return old, base, ref, fingerprint(ref)


@pytest.mark.parametrize("point", ["extracted:50", "group:1", "relink:1", "prune:1"])
def test_kill_9_in_an_update_then_again_equals_an_uninterrupted_update(update, tmp_path, point):
    folder, base, _, expected = update
    db = tmp_path / "up.db"
    shutil.copyfile(base, db)
    killed_at(point, folder, db, {})
    r = cli("ingest", str(folder), "--db", str(db), "--workers", "2", "--json")
    assert r.returncode == 0, r.stderr[-3000:]
    assert fingerprint(db) == expected, f"not the updated graph after a kill at {point}"
    assert fingerprint(db)[0]["documents"]["ingested"] == 400


def _random_kill(folder: Path, db: Path, env: dict, seconds: float) -> None:
    with open(f"{db}.stderr", "wb") as log:
        proc = subprocess.Popen(
            [*PKG, "ingest", str(folder), "--db", str(db), "--workers", "2"],
            stdout=subprocess.DEVNULL,
            stderr=log,
            env={**os.environ, **env},
        )
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


@pytest.mark.parametrize("path", ["bulk", "update"])
def test_kill_9_at_random_times_then_again_equals_the_clean_graph(
    notices, clean, update, tmp_path, path
):
    rnd = random.Random(16)
    folder, env, expected = (
        (notices, BULK, clean[1:3]) if path == "bulk" else (update[0], {}, update[3])
    )
    budget = clean[3] if path == "bulk" else clean[3] / 2
    for k in range(RANDOM_KILLS):
        db = tmp_path / f"{path}{k}.db"
        if path == "update":
            shutil.copyfile(update[1], db)
        _random_kill(folder, db, env, rnd.uniform(0.5, budget))
        r = cli("ingest", str(folder), "--db", str(db), "--workers", "2", env=env)
        assert r.returncode == 0, r.stderr[-3000:]
        assert fingerprint(db) == expected, f"kill {k} on the {path} path: not the clean graph"


# -- concurrency --------------------------------------------------------------------------------


def test_readers_beside_a_writer_see_a_consistent_graph_and_a_second_writer_is_refused(
    notices, clean, tmp_path
):
    clean_db, clean_stats, _, _ = clean
    db = tmp_path / "busy.db"
    first = notices / "00"  # the old state: 100 documents
    r = cli("ingest", str(first), "--db", str(db))
    assert r.returncode == 0, r.stderr
    old = json.loads(cli("stats", "--db", str(db), "--json").stdout)
    proc = start_ingest(notices, db)
    try:
        readings, refusals = [], []
        while proc.poll() is None:
            s = cli("stats", "--db", str(db), "--json", timeout=60)
            assert "Traceback" not in s.stderr, s.stderr
            if s.returncode == 0:
                readings.append(json.loads(s.stdout))
            else:
                assert s.returncode == 2 and s.stderr.startswith("error:"), s.stderr
            t = cli("trace", "国发〔2019〕26号", "--db", str(db), "--json", timeout=60)
            assert "Traceback" not in t.stderr and t.returncode in (0, 2), t.stderr
            if t.returncode == 0:
                assert json.loads(t.stdout)
            if proc.poll() is None and not refusals:
                w = cli("ingest", str(SAMPLE), "--db", str(db), timeout=60)
                if proc.poll() is None:  # the first writer was certainly still running
                    refusals.append(w)
        assert proc.returncode == 0, stderr_of(db)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert readings, "no read succeeded while the writer ran"
    for s in readings:  # each reading is one consistent committed state between old and new
        assert s["documents"]["ingested"] + s["documents"]["cited_only"] == s["nodes"]["Document"]
        assert old["documents"]["ingested"] <= s["documents"]["ingested"] <= N_NOTICES
    counts = [s["documents"]["ingested"] for s in readings]
    assert counts == sorted(counts)
    assert refusals, "the second writer finished before the first one started writing"
    w = refusals[0]
    assert w.returncode == 2, (w.returncode, w.stderr)
    message = " ".join(w.stderr.split())
    assert str(db) in message.replace(" ", "") or str(db) in message
    assert "another process" in message and "one writer at a time" in message
    assert "Traceback" not in w.stderr
    assert json.loads(cli("stats", "--db", str(db), "--json").stdout) == clean_stats


# -- schema version ----------------------------------------------------------------------------


def test_other_schema_version_is_detected_by_every_command_and_migrate_rebuilds(tmp_path):
    import ladybug

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "001.txt").write_bytes(SAMPLE.read_bytes())
    db = tmp_path / "old.db"
    assert policykg.ingest([folder], db=db).ok
    before = fingerprint(db)
    database = ladybug.Database(str(db))
    conn = ladybug.Connection(database)
    conn.execute("MATCH (m:Meta) WHERE m.key = 'schema_version' SET m.value = '0'")
    conn.close()
    database.close()

    commands = [
        ["stats"], ["trace", "渝府办发〔2021〕25号"], ["lineage", "渝府办发〔2021〕25号"], ["responsible", "重庆市发展和改革委员会"],
        ["wanted"], ["validate"], ["cypher", "MATCH (n) RETURN count(n)"], ["export", "--format", "graphml", str(tmp_path / "x.graphml")],
        ["view", "-o", str(tmp_path / "x.html")], ["ingest", str(folder)],
    ]  # fmt: skip
    for args in commands:
        r = cli(*args, "--db", str(db))
        msg = " ".join(r.stderr.split())
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert "schema version 0" in msg and "policykg migrate" in msg, (args, msg)
        assert "Traceback" not in r.stderr
    r = cli("migrate", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "rebuilt" in r.stdout
    assert Path(f"{db}.schema-v0.bak").exists()
    assert fingerprint(db) == before
    assert cli("stats", "--db", str(db)).returncode == 0
    assert "nothing to do" in cli("migrate", "--db", str(db)).stdout
