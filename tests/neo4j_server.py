"""A real Neo4j 5.26 Community server for the test suite, built from Maven artifacts.

``tests/neo4j/`` holds a ``pom.xml`` and one Java class (``TestServer``): the embedded DBMS
(``DatabaseManagementServiceBuilder``) with its Bolt connector on 127.0.0.1 and a free port,
authentication on, the data in a temporary directory. The session fixture ``neo4j_server``
builds it once (``mvn -q package``; reused while ``target/`` is newer than the sources), starts
it, waits for Bolt, and always stops it: at the end of the session, from ``atexit``, and, if
pytest is killed outright, by the Java side itself, which exits when its stdin closes.

``NEO4J_URI`` (with ``NEO4J_PASSWORD``) points the suite at a server of your own instead; its
database is cleared only with ``POLICYKG_NEO4J_TEST_CLEAR=1``.

Without Java or Maven, or when the build fails, the live tests skip, and
``pytest_terminal_summary`` (conftest.py) prints one line saying why.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "neo4j"
TARGET = HERE / "target"
CLASSPATH_FILE = TARGET / "classpath.txt"
MAIN_CLASS = "policykg.testserver.TestServer"
CLASS_FILE = TARGET / "classes" / "policykg" / "testserver" / "TestServer.class"
READY = "POLICYKG-NEO4J-READY"
START_TIMEOUT = float(os.environ.get("POLICYKG_NEO4J_START_TIMEOUT") or 300)
# heap: enough for the live tests' 1,000-notice transactions; override for benchmarks
HEAP = os.environ.get("POLICYKG_NEO4J_HEAP") or "1g"

# why the live tests skipped (read by conftest's pytest_terminal_summary); None = they ran
UNAVAILABLE: list[str] = []


class Unavailable(Exception):
    """No server can be had here (no Java, no Maven, a failed build or start)."""


def _sources() -> list[Path]:
    return [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]


def built() -> bool:
    """The launcher class and classpath exist and are newer than pom.xml and the sources."""
    if not (CLASS_FILE.exists() and CLASSPATH_FILE.exists()):
        return False
    newest = max(p.stat().st_mtime for p in _sources())
    if min(CLASS_FILE.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime) < newest:
        return False
    return all(Path(j).exists() for j in CLASSPATH_FILE.read_text().strip().split(os.pathsep))


def build() -> Path:
    """``mvn -q package`` in tests/neo4j (offline first: the jars are usually in ~/.m2)."""
    if built():
        return CLASSPATH_FILE
    mvn = shutil.which("mvn")
    if not mvn:
        raise Unavailable("Maven (mvn) is not on PATH: cannot build tests/neo4j")
    log = HERE / "target-build.log"
    for offline in (["-o"], []):
        with log.open("wb") as out:
            done = subprocess.run(
                [mvn, "-q", "-B", *offline, "package"],
                cwd=HERE,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=1200,
            )
        if done.returncode == 0 and built():
            log.unlink(missing_ok=True)
            return CLASSPATH_FILE
    tail = log.read_text(errors="replace").strip().splitlines()[-3:]
    raise Unavailable(f"`mvn package` in {HERE} failed (see {log}): {' | '.join(tail)}")


@dataclass
class Neo4jServer:
    """A Neo4j server the tests may use: its URI, credentials, and what its database holds."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"
    process: subprocess.Popen | None = None
    home: Path | None = None
    loaded: str | None = field(default=None)  # tag of the content now in the database
    reader: threading.Thread | None = None  # drains the launcher's stdout

    def env(self) -> dict[str, str]:
        """Environment for a subprocess (CLI) that talks to this server."""
        return {
            **os.environ,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    def driver(self):
        import neo4j

        return neo4j.GraphDatabase.driver(
            self.uri,
            auth=(self.user, self.password),
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            warn_notification_severity=neo4j.NotificationMinimumSeverity.OFF,
        )

    def clear(self) -> None:
        """Empty the database: data, then policykg's constraints (batched, so memory stays low)."""
        with self.driver() as d:
            while True:
                records, _, _ = d.execute_query(
                    "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n",
                    database_=self.database,
                )
                if not records or records[0]["n"] == 0:
                    break
            records, _, _ = d.execute_query(
                "SHOW CONSTRAINTS YIELD name RETURN name", database_=self.database
            )
            for r in records:
                if r["name"].startswith("policykg_"):
                    # a name from SHOW CONSTRAINTS, checked above: not user text
                    d.execute_query(
                        f"DROP CONSTRAINT {r['name']} IF EXISTS", database_=self.database
                    )
        self.loaded = None

    def load(self, tag: str, fill: Callable[[], None]) -> None:
        """Make the database hold ``tag``: clear it and run ``fill`` unless it already does."""
        if self.loaded == tag:
            return
        self.clear()
        fill()
        self.loaded = tag

    def stop(self) -> None:
        """Close the launcher's stdin (it shuts Neo4j down and exits); escalate if it hangs."""
        p, self.process = self.process, None
        if p is None:
            return
        with contextlib.suppress(OSError):
            p.stdin.close()
        for escalate in (None, p.terminate, p.kill):
            if escalate:
                escalate()
            try:
                p.wait(timeout=60 if escalate is None else 20)
                break
            except subprocess.TimeoutExpired:
                continue
        if self.reader is not None:
            self.reader.join(timeout=10)
        with contextlib.suppress(OSError):
            p.stdout.close()


def java_command(home: Path, classpath_file: Path, heap: str = HEAP) -> list[str]:
    java = shutil.which("java")
    if not java:
        raise Unavailable("Java (java) is not on PATH: cannot start Neo4j")
    # the classpath travels in an @argfile so `ps` stays readable
    argfile = home / "java.args"
    argfile.write_text(
        f'-cp "{CLASS_FILE.parents[2]}{os.pathsep}{classpath_file.read_text().strip()}"\n'
    )
    return [
        java,
        "-Xms128m",
        f"-Xmx{heap}",
        "-XX:+UseSerialGC",  # the smallest footprint; 2 shared cores gain nothing from G1
        "-XX:+ExitOnOutOfMemoryError",
        "-Dfile.encoding=UTF-8",
        f"@{argfile}",
        MAIN_CLASS,
        str(home / "server"),
    ]


def start(home: Path, heap: str = HEAP, user_password: str | None = None) -> Neo4jServer:
    """Build if needed, start the launcher with its data under ``home``, wait for Bolt."""
    classpath = build()
    home.mkdir(parents=True, exist_ok=True)
    password = user_password or "pk-" + secrets.token_urlsafe(16)
    cmd = java_command(home, classpath, heap)
    err = (home / "server.err").open("wb")
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=err,
        env={**os.environ, "POLICYKG_NEO4J_PASSWORD": password},
        text=True,
        encoding="utf-8",
    )
    err.close()
    server = Neo4jServer(uri="", user="neo4j", password=password, process=proc, home=home)
    atexit.register(server.stop)
    lines: queue.Queue[str | None] = queue.Queue()

    def drain() -> None:  # the launcher prints one line; keep its pipe from ever filling
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    server.reader = threading.Thread(target=drain, name="neo4j-stdout", daemon=True)
    server.reader.start()
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            server.stop()
            raise Unavailable(f"Neo4j did not start within {START_TIMEOUT:.0f} s") from None
        if line is None:
            proc.wait()
            tail = (home / "server.err").read_text(errors="replace").strip().splitlines()[-3:]
            server.stop()
            raise Unavailable(
                f"the Neo4j launcher exited with {proc.returncode}: {' | '.join(tail)}"
            )
        if line.startswith(READY):
            server.uri = line.split()[1]
            return server


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory) -> Iterator[Neo4jServer]:
    """A live Neo4j: the one of NEO4J_URI, or one built and started here for the session.

    NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE are set for the session, so ``policykg.open(uri)``
    and the CLI reach it."""
    if UNAVAILABLE:
        pytest.skip(UNAVAILABLE[0])
    mp = pytest.MonkeyPatch()
    uri = os.environ.get("NEO4J_URI")
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            UNAVAILABLE.append("NEO4J_URI is set but NEO4J_PASSWORD is not")
            pytest.skip(UNAVAILABLE[0])
        server = Neo4jServer(
            uri=uri,
            user=os.environ.get("NEO4J_USER") or "neo4j",
            password=password,
            database=os.environ.get("NEO4J_DATABASE") or "neo4j",
        )
        if os.environ.get("POLICYKG_NEO4J_TEST_CLEAR") != "1":
            with server.driver() as d:
                records, _, _ = d.execute_query(
                    "MATCH (n) RETURN n LIMIT 1", database_=server.database
                )
            if records:
                UNAVAILABLE.append(
                    f"{uri} database {server.database!r} is not empty; set "
                    "POLICYKG_NEO4J_TEST_CLEAR=1 to let the tests clear it"
                )
                pytest.skip(UNAVAILABLE[0])
    else:
        try:
            server = start(tmp_path_factory.mktemp("neo4j"))
        except (Unavailable, OSError, subprocess.SubprocessError) as e:
            UNAVAILABLE.append(str(e))
            pytest.skip(UNAVAILABLE[0])
    for k, v in server.env().items():
        if k.startswith("NEO4J_"):
            mp.setenv(k, v)
    try:
        yield server
    finally:
        mp.undo()
        server.stop()
