"""The embedded backend: LadybugDB, a graph in one file, no server.

What LadybugDB allows (0.22): one read-write process at a time; read-only processes may
run beside a writer and see a snapshot from when they opened. A second writer gets a
``BackendError`` that says which file is locked and what to do. Every statement is atomic;
after a crash, the next read-write open replays the WAL. The schema is created on first
open and its version stored in a ``Meta`` node; a file written by another schema version is
refused with a clear message (re-ingest, or ``policykg migrate``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from policykg.errors import BackendError, QueryError, SchemaVersionError
from policykg.graph import cypher
from policykg.graph.schema import EDGES, NODES, SCHEMA_VERSION

DIALECT = cypher.DIALECTS["ladybug"]
BUFFER_POOL = int(os.environ.get("POLICYKG_BUFFER_POOL_MB", "1024")) * 1024 * 1024


def ddl() -> list[str]:
    """CREATE statements for every table of the schema (idempotent)."""
    out = ["CREATE NODE TABLE IF NOT EXISTS Meta(key STRING PRIMARY KEY, value STRING)"]
    for label, props in NODES.items():
        cols = ", ".join(f"`{p}` {t}" for p, t in props.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY(id))")
    for name, et in EDGES.items():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in et.ends)
        from policykg.graph.schema import edge_props

        cols = ", ".join(f"`{p}` {t}" for p, t in edge_props(name).items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {name}({ends}, {cols})")
    return out


class EmbeddedBackend:
    dialect = DIALECT
    kind = "embedded"

    def __init__(
        self, path: str | os.PathLike, read_only: bool = False, timeout_ms: int | None = None
    ) -> None:
        import ladybug

        self.path = str(path)
        self.read_only = read_only
        if read_only and not Path(self.path).exists():
            raise BackendError(
                f"{self.path}: no graph here yet; run `policykg ingest PATH --db {self.path}` first"
            )
        try:
            self._db = ladybug.Database(
                self.path, read_only=read_only, buffer_pool_size=BUFFER_POOL
            )
        except RuntimeError as e:
            msg = str(e)
            if "lock" in msg.lower():
                raise BackendError(
                    f"{self.path} is open for writing by another process ({msg.strip()}). "
                    "LadybugDB allows one writer at a time: wait for that ingest to finish, "
                    "or open read-only (queries do this by default)."
                ) from None
            raise BackendError(f"{self.path}: cannot open the graph: {msg}") from None
        self._conn = ladybug.Connection(self._db)
        if timeout_ms:
            self._conn.set_query_timeout(timeout_ms)
        self._ensure_schema()

    # -- schema ---------------------------------------------------------------------------
    def _table_names(self) -> set[str]:
        return {r[1] for r in self._conn.execute("CALL show_tables() RETURN *").get_all()}

    def _ensure_schema(self) -> None:
        tables = self._table_names()
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
        found = int(rows[0]["value"]) if rows and rows[0]["value"] else None
        if found != SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} has graph schema version {found}; this policykg writes version {SCHEMA_VERSION}. "
                f"Run `policykg migrate --db {self.path}` (rebuilds it from the source files it records), "
                "or delete the file and ingest again."
            )

    def _half_created(self, tables: set[str]) -> bool:
        """Only our own tables, all empty, and no version yet: creation was interrupted."""
        ours = {"Meta", *NODES, *EDGES}
        if not tables <= ours:
            return False
        if "Meta" in tables and self.run(cypher.META_GET, {"key": "schema_version"}):
            return False
        return all(not self.run(cypher.count_nodes(label))[0]["n"] for label in tables & set(NODES))

    # -- running ---------------------------------------------------------------------------
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
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
            raise QueryError(f"query failed: {msg}") from None
        results = res if isinstance(res, list) else [res]
        out: list[dict[str, Any]] = []
        for r in results:
            cols = r.get_column_names()
            while r.has_next():
                out.append(dict(zip(cols, r.get_next(), strict=True)))
        return out

    def run_many(self, query: str, rows: list[dict[str, Any]], batch_size: int = 5000) -> None:
        for i in range(0, len(rows), batch_size):
            self.run(query, {"rows": rows[i : i + batch_size]})

    def begin(self) -> None:
        self._conn.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self._conn.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._conn.execute("ROLLBACK")

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()
        self._conn = self._db = None

    def label_of(self, value: Any) -> str | None:
        return value.get("_LABEL") if isinstance(value, dict) else None
