"""The embedded backend: LadybugDB, a graph in one file, no server.

What LadybugDB allows (0.22): one read-write process at a time; read-only processes may
run beside a writer and see a snapshot from when they opened (measured: a reader keeps its
counts across the writer's commits and checkpoints). A second writer gets a ``BackendError``
that says which file is locked and what to do. Every statement is atomic; after a crash, the
next read-write open replays the WAL. The schema is created on first open and its version
stored in a ``Meta`` node; a file written by another schema version is refused with a clear
message (re-ingest, or ``policykg migrate``).

Readers beside a writer:

* a read-only open that meets the writer's checkpoint ("checkpoint recovery pending") or a WAL
  tail being written ("WAL file is corrupted") is retried with backoff for
  ``POLICYKG_READ_WAIT`` seconds (default 10), then refused with "busy, retry";
* a bulk load (``COPY … FROM`` into an empty graph) commits table by table, so its middle states
  are half-written graphs: the writer sets ``Meta bulk_loading = 1`` before its first ``COPY``
  and clears it when it closes, and a reader that opens while it is set is refused with "busy"
  (the graph before the load was empty). A killed load keeps it set; the next writer (the
  re-run of the ingest) takes it over and clears it when it closes.

Read-only opens run only statements ``graph/readonly.py`` proves to be reads, so no query of
a reader writes a file (``CHECKPOINT``) or reads or writes one outside the graph (``COPY … TO``,
``LOAD FROM``). ``run_capped`` stops after a number of rows (the result is iterated lazily) and
``timeout_ms`` interrupts a query in the engine.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from typing import Any

from policykg.errors import BackendError, QueryError, SchemaVersionError
from policykg.graph import cypher
from policykg.graph.readonly import check_read_only
from policykg.graph.schema import EDGES, NODES, SCHEMA_VERSION

DIALECT = cypher.DIALECTS["ladybug"]


def _buffer_pool() -> int:
    """Bytes of LadybugDB's buffer pool: $POLICYKG_BUFFER_POOL_MB, else a quarter of the
    machine's memory, at least 1 GiB and at most 16 GiB. LadybugDB 0.22 keeps the pages a
    connection has read in the pool (measured: six passes over the same scans fill it once;
    other scans then fail with "buffer pool is full"), so an update of 1,000 notices in a graph
    of 100,000 needs more than 1 GiB. The pool is reserved, not used, until pages are read."""
    env = os.environ.get("POLICYKG_BUFFER_POOL_MB")
    if env:
        return int(env) * 1024 * 1024
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        ram = 0
    return min(max(ram // 4, 1 << 30), 16 << 30)


BUFFER_POOL = _buffer_pool()


def ddl() -> list[str]:
    """CREATE statements for every table of the schema (idempotent; in ``graph/cypher.py``)."""
    return cypher.ladybug_ddl()


# open errors a reader meets beside a writer; retried, then "busy, retry"
TRANSIENT = (
    "checkpoint recovery is pending",
    "wal file is corrupted",
    "corrupted wal",
    "may be checkpointing",
    # the WAL replayed while the writer appends to it (seen once in 2,000 reader opens beside an
    # update whose WAL is checkpointed only at close): the next open reads it whole
    "primary-key index contains an invalid local node offset",
)
BULK_LOADING = "bulk_loading"  # Meta key: a COPY load has started and its writer not closed


def read_wait() -> float:
    """Seconds a reader waits for a writer's checkpoint: $POLICYKG_READ_WAIT, default 10."""
    try:
        return max(0.0, float(os.environ.get("POLICYKG_READ_WAIT", "10")))
    except ValueError:
        return 10.0


def _first_word(query: str) -> str:
    m = re.match(r"\s*(\w+)", query)
    return m.group(1).upper() if m else ""


class EmbeddedBackend:
    """A LadybugDB file: ``read_only`` opens beside a writer and runs only proven reads."""

    dialect = DIALECT
    kind = "embedded"
    concurrent_writers = False  # one writer process per file
    keyed_unwind = False  # UNWIND … {id: x} joins with a scan; {id: $x} is a key lookup

    def __init__(
        self, path: str | os.PathLike, read_only: bool = False, timeout_ms: int | None = None
    ) -> None:
        import ladybug

        self.path = str(path)
        self.read_only = read_only
        self._loading = False  # the busy marker is set: clear it on close
        self._marked = False  # this session set it (before its first COPY)
        self._conn: Any = None
        self._db: Any = None
        p = Path(self.path)
        if read_only and not p.exists():
            raise BackendError(
                f"{self.path}: no graph here yet; run `policykg ingest PATH --db {self.path}` first"
            )
        if p.exists() and not p.is_file():
            raise BackendError(f"{self.path}: is a folder, not a graph file; give a file path")
        self._db = self._open_database(ladybug)
        try:
            self._conn = ladybug.Connection(self._db)
            if timeout_ms:
                self._conn.set_query_timeout(int(timeout_ms))
            self._ensure_schema()
        except BaseException:
            self.close()
            raise

    def _open_database(self, ladybug: Any) -> Any:
        deadline = time.monotonic() + (read_wait() if self.read_only else 0.0)
        delay = 0.05
        while True:
            try:
                return ladybug.Database(
                    self.path, read_only=self.read_only, buffer_pool_size=BUFFER_POOL
                )
            except RuntimeError as e:
                msg = str(e).strip()
                low = msg.lower()
                transient = self.read_only and any(t in low for t in TRANSIENT)
                if transient and time.monotonic() + delay < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.2)  # short steps: a reader goes on soon after
                    continue
                if transient:
                    raise BackendError(
                        f"{self.path}: busy, retry: another process is writing the graph "
                        f"(checkpoint in progress; waited {read_wait():g} s, POLICYKG_READ_WAIT). "
                        "If no ingest is running, an interrupted checkpoint is pending (open it "
                        f"once for writing to finish it: `policykg cypher 'RETURN 1' --write --db "
                        f"{self.path}`) or the file "
                        f"is damaged ({msg.splitlines()[0] if msg else 'no detail'})."
                    ) from None
                if "lock" in low:
                    raise BackendError(
                        f"{self.path} is open for writing by another process ({msg}). "
                        "LadybugDB allows one writer at a time: wait for that ingest to finish, "
                        "or open read-only (queries do this by default)."
                    ) from None
                raise BackendError(
                    f"{self.path}: cannot open the graph: it is not a policykg graph file, or it "
                    f"is damaged ({msg.splitlines()[0] if msg else 'no detail'}). Give another "
                    "--db path; a damaged graph is rebuilt by ingesting into a new file."
                ) from None

    # -- schema ---------------------------------------------------------------------------
    def _table_names(self) -> set[str]:
        return {r["name"] for r in self.run(cypher.ladybug_show_tables())}

    def _ensure_schema(self) -> None:
        try:
            tables = self._table_names()
        except QueryError as e:
            raise BackendError(
                f"{self.path}: not a readable policykg graph ({e}); delete it and ingest again"
            ) from None
        if not tables or self._half_created(tables):
            # a new file, or one whose creation was killed before the version was written
            if self.read_only:
                raise BackendError(f"{self.path}: empty graph; ingest something first")
            for stmt in ddl():
                self._conn.execute(stmt)
            self.run(cypher.META_SET, {"key": "schema_version", "value": str(SCHEMA_VERSION)})
            return
        if "Meta" not in tables:
            raise SchemaVersionError(
                f"{self.path} was not written by policykg (no schema version). Use another --db path."
            )
        rows = self.run(cypher.META_GET, {"key": "schema_version"})
        raw = rows[0]["value"] if rows else None
        try:
            found = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            raise SchemaVersionError(
                f"{self.path}: its schema version {raw!r} is not a number, so it was not written "
                "by policykg or is damaged. Use another --db path, or delete it and ingest again."
            ) from None
        if found != SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} has graph schema version {found}; this policykg writes version {SCHEMA_VERSION}. "
                f"Run `policykg migrate --db {self.path}` (rebuilds it from the source files it records), "
                "or delete the file and ingest again."
            )
        loading = self.meta_value(BULK_LOADING) == "1"
        if loading and not self.read_only:
            self._loading = True  # a killed load: this writer takes it over and clears it on close
        if loading and self.read_only:
            raise BackendError(
                f"{self.path}: busy, retry: a first (bulk) load is writing the graph and its "
                "tables are only partly there. Retry when the ingest finishes; if it was killed, "
                "run the same ingest again."
            )

    def meta_value(self, key: str) -> str | None:
        """A value of the Meta table, or None."""
        rows = self.run(cypher.META_GET, {"key": key})
        return rows[0]["value"] if rows else None

    def _half_created(self, tables: set[str]) -> bool:
        """Only our own tables, all empty, and no version yet: creation was interrupted."""
        ours = {"Meta", *NODES, *EDGES}
        if not tables <= ours:
            return False
        if "Meta" in tables and self.run(cypher.META_GET, {"key": "schema_version"}):
            return False
        return all(not self.run(cypher.count_nodes(label))[0]["n"] for label in tables & set(NODES))

    # -- running ---------------------------------------------------------------------------
    def _execute(self, query: str, params: dict[str, Any] | None) -> list[Any]:
        if self.read_only:
            check_read_only(query)
        elif not self._marked and _first_word(query) == "COPY":
            # a bulk load commits table by table: readers are told to wait until we close
            self._conn.execute(cypher.META_SET, {"key": BULK_LOADING, "value": "1"})
            self._marked = self._loading = True
        try:
            res = self._conn.execute(query, params or {})
        except RuntimeError as e:
            msg = str(e)
            if "read-only" in msg.lower():
                raise QueryError(
                    "this query writes to the graph, and the graph is open read-only. "
                    "Pass --write (CLI) or write=True if you mean to change it."
                ) from None
            if "interrupted" in msg.lower():
                raise QueryError("query interrupted: it ran past the time limit") from None
            if "buffer pool is full" in msg.lower():
                raise QueryError(
                    f"query failed: LadybugDB's buffer pool ({BUFFER_POOL >> 20} MiB) is full; "
                    "set POLICYKG_BUFFER_POOL_MB higher (a quarter of the memory is the default) "
                    "and run the command again"
                ) from None
            raise QueryError(f"query failed: {msg}") from None
        return res if isinstance(res, list) else [res]

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement; its rows as dicts."""
        out: list[dict[str, Any]] = []
        for r in self._execute(query, params):
            cols = r.get_column_names()
            while r.has_next():
                out.append(dict(zip(cols, r.get_next(), strict=True)))
        return out

    def run_capped(
        self, query: str, params: dict[str, Any] | None, max_rows: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """At most ``max_rows`` rows (the engine's result is read lazily), and whether it cut."""
        out: list[dict[str, Any]] = []
        cut = False
        for r in self._execute(query, params):
            cols = r.get_column_names()
            while r.has_next():
                if len(out) >= max_rows:
                    cut = True
                    break
                out.append(dict(zip(cols, r.get_next(), strict=True)))
            r.close()
        return out, cut

    def run_read(
        self, query: str, params: dict[str, Any] | None = None, max_rows: int | None = None
    ) -> list[dict[str, Any]]:
        """A proven read (``graph/readonly.py``), in a read-only transaction if open for writing;
        ``QueryError`` when it returns more than ``max_rows`` rows."""
        check_read_only(query)
        if not self.read_only:
            self._conn.execute(cypher.ladybug_begin(read_only=True))
        try:
            if max_rows is None:
                return self.run(query, params)
            rows, cut = self.run_capped(query, params, max_rows)
        finally:
            if not self.read_only:
                self.rollback()
        if cut:
            raise QueryError(f"the query returned more than {max_rows:,} rows; add a LIMIT")
        return rows

    def run_many(self, query: str, rows: list[dict[str, Any]], batch_size: int = 5000) -> None:
        """Run one ``UNWIND $rows`` statement over ``rows`` in batches."""
        for i in range(0, len(rows), batch_size):
            self.run(query, {"rows": rows[i : i + batch_size]})

    def write_nodes(self, label: str, rows: list[dict[str, Any]], fill_only: bool = False) -> None:
        """MERGE rows of one label (``graph/cypher.upsert_nodes``), 5,000 per statement."""
        self.run_many(cypher.upsert_nodes(label, self.dialect, fill_only), rows)

    def update_nodes(self, label: str, props: list[str], rows: list[dict[str, Any]]) -> None:
        """Set ``props`` of existing nodes (``graph/cypher.set_node_props``), 5,000 per statement."""
        self.run_many(cypher.set_node_props(label, props, self.dialect), rows)

    def write_edges(
        self, edge_type: str, src_label: str, dst_label: str, rows: list[dict[str, Any]]
    ) -> None:
        """MERGE edges of one type between two labels, keyed by (ends, source, span_start)."""
        self.run_many(cypher.upsert_edges(edge_type, src_label, dst_label, self.dialect), rows)

    @property
    def location(self) -> str:
        """The database folder, for messages."""
        return self.path

    def begin(self) -> None:
        """Open a write transaction."""
        self._conn.execute(cypher.ladybug_begin())

    def commit(self) -> None:
        """Commit the open transaction."""
        self._conn.execute(cypher.ladybug_commit())

    def checkpoint_less(self, share: int) -> None:
        """Raise LadybugDB's checkpoint threshold to 1/``share`` of the buffer pool for this
        connection. Committed groups are in the WAL, replayed after a kill like any commit."""
        wanted = BUFFER_POOL // share
        rows = self.run(cypher.ladybug_checkpoint_threshold())
        if rows and int(rows[0]["checkpoint_threshold"]) < wanted:
            self.run(cypher.ladybug_set_checkpoint_threshold(wanted))

    def rollback(self) -> None:
        """Roll the open transaction back (nothing to roll back is not an error)."""
        with contextlib.suppress(RuntimeError):
            self._conn.execute(cypher.ladybug_rollback())

    def close(self) -> None:
        """Close the connection and the database, releasing the file lock."""
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None and getattr(self, "_loading", False):
            with contextlib.suppress(RuntimeError):  # the load is over: readers may open again
                conn.execute(cypher.META_SET, {"key": BULK_LOADING, "value": "0"})
            self._loading = False
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()
        self._conn = self._db = None

    def label_of(self, value: Any) -> str | None:
        """The label of a node value as LadybugDB returns it, or None."""
        return value.get("_LABEL") if isinstance(value, dict) else None
