"""The server backend: the same graph and queries on Neo4j 5, through the official driver.

``policykg.open("bolt://localhost:7687")`` (or ``neo4j://``, ``neo4j+s://`` …) returns a
``Graph`` over this backend. ``docker-compose.yml`` starts a matching server.

- Credentials: ``NEO4J_USER`` (default ``neo4j``) and ``NEO4J_PASSWORD``; without the
  variable, an interactive terminal is asked (input hidden). A password is never taken from the
  URI or the command line, and never appears in a log line or an error message.
- Database: ``NEO4J_DATABASE`` (default ``neo4j``).
- Writes: ``begin()`` holds one explicit transaction, so a batch of documents is atomic; rows
  go in chunks of ``POLICYKG_NEO4J_BATCH`` (default 1000) within it.
- Schema: on the first read-write open, one named uniqueness constraint per node label
  (``policykg_document_id`` …) and one on ``Meta.key``, all ``IF NOT EXISTS``; the schema
  version lives in a ``Meta`` node, with the same checks as the embedded backend.
- Read-only: READ routing and READ access mode, so the server itself refuses writes
  (``QueryError``: pass --write). READ mode alone still runs ``LOAD CSV FROM 'file:///…'``
  (reads any file the server can), ``SHOW USERS``, ``TERMINATE TRANSACTIONS``, ``CALL dbms.*``
  and ``CALL { … } IN TRANSACTIONS``, so every query of a read-only open (and every
  ``run_read``) first passes ``graph/readonly.py``'s token check in the Neo4j dialect, then the
  server's own answer: ``EXPLAIN`` of it must report the statement type ``r`` (read; not
  ``rw``/``w`` writes or ``s`` schema and administration) and a plan with no operator of
  ``REFUSED_OPERATORS`` (``LoadCSV``, ``Show…``, ``Terminate…``, ``Transaction…`` …) and no
  ``ProcedureCall`` but of the schema procedures in ``READ_PROCEDURES``, all on this database.
  A query text found to be a read is not planned again by this process (the plan's shape does
  not depend on parameter values): one more round trip per distinct query, ``stats`` on the
  samples 37 → 108 ms on a loaded 2-core machine.
- Time and size: ``timeout_ms`` is the server-side transaction timeout of every query (the
  server interrupts it: "ran past the time limit"); ``run_capped`` streams records and stops
  reading at the cap, and closing the session discards the rest on the server.
- Several writers at once (the reason to use a server): each statement of an explicit
  transaction is kept, and when the server reports a transient error (a deadlock between two
  ingests MERGE-ing the same agency, a lock timeout) the transaction is rolled back and replayed
  whole, up to ``MAX_REPLAYS`` times with a jittered backoff. Rows are written sorted by key, so
  two writers take their locks in the same order and deadlock rarely to begin with. Statements
  outside a transaction go through the driver's ``execute_query``, which retries by itself.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sys
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from policykg.errors import BackendError, QueryError, SchemaVersionError, mask_secret
from policykg.graph import cypher
from policykg.graph.readonly import check_read_only, refuse
from policykg.graph.schema import NODES, SCHEMA_VERSION, edge_props

if TYPE_CHECKING:  # the driver is imported on first use (an optional dependency)
    from neo4j import Driver, Session, Transaction

DIALECT = cypher.DIALECTS["neo4j"]
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH = 1000
MAX_REPLAYS = 8  # transient failures of one explicit transaction before giving up

ANY_NODE = cypher.neo4j_any_node()
CLEAR_DATABASE = cypher.neo4j_clear_database()  # tests only (POLICYKG_NEO4J_TEST_CLEAR=1)

# server error codes that mean "this session may not write"
READ_ONLY_CODES = (
    "Neo.ClientError.Statement.AccessMode",
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
    "Neo.ClientError.General.ReadOnly",
)
# the plan of a read-only query (EXPLAIN): statement type "r" only ("rw" and "w" write, "s"
# is schema or administration), and none of these operators (a name that starts with one):
# files and URLs (LoadCSV), commands on the server (SHOW …, TERMINATE TRANSACTIONS, ALTER …:
# AdministrationCommand), batches that commit (CALL { … } IN TRANSACTIONS), and, should the
# statement type ever say "r" for one, every updating operator
REFUSED_OPERATORS = (
    "LoadCSV",
    "Show",
    "Terminate",
    "Transaction",
    "AdministrationCommand",
    "SystemProcedureCall",
    "Create",
    "Merge",
    "Set",
    "Delete",
    "DetachDelete",
    "Remove",
    "Foreach",
    "Drop",
    "Alter",
    "Grant",
    "Deny",
    "Revoke",
    "Assert",
)
# procedures a read-only query may CALL: they read the graph's schema, nothing else
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)
# (uri, database, query text) the server planned as a plain read, for every open of this process
_PROVEN: set[tuple[str, str, str]] = set()
PROVEN_MAX = 4096
QUERY_TYPES = {"rw": "a read-write", "w": "a write", "s": "a schema or administration"}
_PROCEDURE = re.compile(r"\s*([\w.`]+)\s*\(")

TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)


def upsert_nodes(label: str, fill_only: bool) -> str:
    """The dialect's node upsert (``graph/cypher.upsert_nodes``)."""
    return cypher.upsert_nodes(label, DIALECT, fill_only)


def statements() -> list[str]:
    """Every statement this module sends itself (the linter test checks each one)."""
    return [
        *cypher.neo4j_constraints(),
        *cypher.neo4j_indexes(),
        upsert_nodes("Document", False),
        upsert_nodes("Document", True),
        cypher.set_node_props("Document", [p for p in NODES["Document"] if p != "id"], DIALECT),
        ANY_NODE,
        CLEAR_DATABASE,
    ]


def credentials(uri: str) -> tuple[str, str]:
    """(user, password) from NEO4J_USER/NEO4J_PASSWORD, or a hidden prompt on a terminal."""
    user = os.environ.get("NEO4J_USER") or "neo4j"
    password = os.environ.get("NEO4J_PASSWORD")
    if password:
        return user, password
    if sys.stdin is not None and sys.stdin.isatty():
        import click

        password = click.prompt(f"Neo4j password for {user} at {uri}", hide_input=True, err=True)
        if password:
            return user, password
    raise BackendError(
        f"{uri}: no Neo4j password. Set NEO4J_PASSWORD (and NEO4J_USER if not 'neo4j') in the "
        "environment, or run in a terminal to be asked for it."
    )


def refused_by_plan(
    query_type: str | None, plan: dict[str, Any] | None, database: str
) -> str | None:
    """What makes a query not a plain read, from the server's ``EXPLAIN`` of it (its statement
    type and plan, as the driver's ``ResultSummary`` gives them), or None for a plain read."""
    if query_type != "r":
        kind = QUERY_TYPES.get(query_type or "", "an unknown")
        return f"{kind} statement (the server's plan says type {query_type!r}, not 'r' for read)"
    todo = [plan] if plan else []
    while todo:
        op = todo.pop()
        todo.extend(op.get("children") or [])
        name, _, where = str(op.get("operatorType") or "").partition("@")
        if where and where.lower() != database.lower():
            return f"the operator {name} on database {where!r} (only {database!r} is read)"
        details = str((op.get("args") or {}).get("Details") or "")
        if name == "ProcedureCall":
            m = _PROCEDURE.match(details)
            proc = m.group(1).replace("`", "") if m else details
            if proc not in READ_PROCEDURES:
                return f"procedure CALL {proc} (only CALL of {', '.join(sorted(READ_PROCEDURES))})"
        elif name == "LoadCSV":
            return "the clause LOAD CSV (reads a file or URL)"
        elif name.startswith(REFUSED_OPERATORS):
            return f"the plan operator {name}" + (f" ({details[:60]})" if details else "")
    return None


def _code(e: BaseException) -> str:
    return getattr(e, "code", None) or ""


def _message(e: BaseException) -> str:
    return getattr(e, "message", None) or str(e) or type(e).__name__


class Neo4jBackend:
    """A Neo4j server as a backend (bolt/neo4j URIs), with transient errors retried."""

    dialect = DIALECT
    kind = "neo4j"
    concurrent_writers = True  # Graph.relink_series serialises its read-delete-write
    keyed_unwind = True  # UNWIND … {id: x} uses the id constraint's index

    def __init__(self, uri: str, read_only: bool = False, timeout_ms: int | None = None) -> None:
        import neo4j

        self._neo4j = neo4j
        self.uri = str(uri)
        self.read_only = read_only
        self.timeout = timeout_ms / 1000 if timeout_ms else None
        self.database = os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
        self.batch_size = int(os.environ.get("POLICYKG_NEO4J_BATCH") or DEFAULT_BATCH)
        self._driver: Driver | None = None
        self._session: Session | None = None
        self._tx: Transaction | None = None
        self._tx_log: list[tuple[str, dict[str, Any]]] = []  # statements of the open transaction
        parts = urlsplit(self.uri)
        if parts.username or parts.password:
            where = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
            raise BackendError(
                f"{where}: put no user or password in the URI; set NEO4J_USER and NEO4J_PASSWORD instead"
            )
        user, password = credentials(self.uri)
        self._secret = password  # only to scrub it from messages that might echo it
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri,
                auth=(user, password),
                # no notifications at all: the driver would log each ("label does not exist" on
                # an empty graph …) as a WARNING on stderr
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
                warn_notification_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
            self._driver.verify_connectivity()
        except Exception as e:  # the driver raises several families; all become BackendError
            self.close()
            raise self._backend_error(e, user) from None
        del password
        self._ensure_schema()

    # -- errors ---------------------------------------------------------------------------
    def _scrub(self, text: str) -> str:
        return mask_secret(text, getattr(self, "_secret", None))

    def _backend_error(self, e: BaseException, user: str | None = None) -> BackendError:
        ex = self._neo4j.exceptions
        if isinstance(e, ex.AuthError):
            msg = (
                f"{self.uri}: the server refused the credentials of user {user!r}. "
                "Check NEO4J_USER and NEO4J_PASSWORD (docker-compose.yml sets the password from NEO4J_PASSWORD)."
            )
        elif isinstance(e, ex.ServiceUnavailable | OSError):
            msg = (
                f"{self.uri}: cannot reach a Neo4j server ({type(e).__name__}). "
                "Start one (`docker compose up -d --wait`) or check the URI."
            )
        elif isinstance(e, ex.ConfigurationError | ValueError):
            msg = f"{self.uri}: not a usable Neo4j URI or driver setting ({_message(e)})"
        else:
            msg = f"{self.uri}: the Neo4j server failed ({_code(e) or type(e).__name__}: {_message(e)})"
        return BackendError(self._scrub(msg))

    def _query_error(self, e: BaseException) -> Exception:
        ex = self._neo4j.exceptions
        code, msg = _code(e), _message(e)
        if (
            code in READ_ONLY_CODES
            or "read access mode" in msg.lower()
            or isinstance(e, ex.ForbiddenOnReadOnlyDatabase)
        ):
            return QueryError(
                "this query writes to the graph, and the graph is open read-only. "
                "Pass --write (CLI) or write=True if you mean to change it."
            )
        if code in TIMEOUT_CODES:
            return QueryError("query interrupted: it ran past the time limit")
        if isinstance(e, ex.Neo4jError) and code.startswith("Neo.ClientError"):
            return QueryError(f"query failed: {code}: {self._scrub(msg)}")
        return self._backend_error(e)

    # -- schema ---------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        rows = self.run(cypher.META_GET, {"key": "schema_version"})
        found = int(rows[0]["value"]) if rows and rows[0]["value"] else None
        where = f"{self.uri} (database {self.database!r})"
        if found is None:
            if self.run(ANY_NODE):
                raise SchemaVersionError(
                    f"{where} holds nodes not written by policykg (no schema version). "
                    "Use another database (NEO4J_DATABASE) or an empty server."
                )
            if self.read_only:
                raise BackendError(
                    f"{where}: empty graph; ingest something first (`policykg ingest PATH --db {self.uri}`)"
                )
        elif found != SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{where} has graph schema version {found}; this policykg writes version {SCHEMA_VERSION}. "
                f"Clear the database and ingest again (`policykg ingest PATH --db {self.uri}`)."
            )
        if self.read_only:
            return
        for stmt in (*cypher.neo4j_constraints(), *cypher.neo4j_indexes()):
            self.run(stmt)
        if found is None:
            self.run(cypher.META_SET, {"key": "schema_version", "value": str(SCHEMA_VERSION)})

    # -- running ---------------------------------------------------------------------------
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement (in the open transaction if any); its rows as dicts."""
        params = params or {}
        neo4j = self._neo4j
        if self.read_only:
            self.check_read(query, params)
        if self._tx is not None:
            self._tx_log.append((query, params))
            try:
                return [r.data() for r in self._tx.run(query, params)]
            except Exception as e:
                if not _transient(e):
                    raise self._query_error(e) from None
                return self._replay(e)
        try:
            routing = neo4j.RoutingControl.READ if self.read_only else neo4j.RoutingControl.WRITE
            assert self._driver is not None  # set by __init__, None only after close()
            records, _, _ = self._driver.execute_query(
                neo4j.Query(query, timeout=self.timeout),
                params,
                database_=self.database,
                routing_=routing,
            )
            return [r.data() for r in records]
        except Exception as e:
            if isinstance(e, QueryError | BackendError):
                raise
            raise self._query_error(e) from None

    def run_capped(
        self, query: str, params: dict[str, Any] | None, max_rows: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """At most ``max_rows`` records, streamed from the server, and whether it had more."""
        if self._tx is not None:
            rows = self.run(query, params)
            return rows[:max_rows], len(rows) > max_rows
        neo4j = self._neo4j
        if self.read_only:
            self.check_read(query, params)
        mode = neo4j.READ_ACCESS if self.read_only else neo4j.WRITE_ACCESS
        return self._capped(query, params, max_rows, mode)

    def check_read(self, query: str, params: dict[str, Any] | None = None) -> None:
        """Raise ``QueryError`` unless ``query`` is a plain read: the token check
        (``graph/readonly.py``, Neo4j dialect), then the server's ``EXPLAIN`` of it
        (``refused_by_plan``); a query text found to be a read is not planned again."""
        check_read_only(query, "neo4j")
        key = (self.uri, self.database, query)
        if key in _PROVEN:
            return
        neo4j = self._neo4j
        try:
            assert self._driver is not None
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as s:
                summary = s.run(
                    neo4j.Query(cypher.explain(query), timeout=self.timeout), params or {}
                ).consume()
        except Exception as e:
            raise self._query_error(e) from None
        why = refused_by_plan(summary.query_type, summary.plan, summary.database or self.database)
        if why:
            raise refuse(why)
        if len(_PROVEN) >= PROVEN_MAX:
            _PROVEN.clear()
        _PROVEN.add(key)

    def _capped(
        self, query: str, params: dict[str, Any] | None, max_rows: int | None, mode: str
    ) -> tuple[list[dict[str, Any]], bool]:
        neo4j = self._neo4j
        out: list[dict[str, Any]] = []
        try:
            assert self._driver is not None
            with self._driver.session(database=self.database, default_access_mode=mode) as s:
                result = s.run(neo4j.Query(query, timeout=self.timeout), params or {})
                for record in result:
                    if max_rows is not None and len(out) >= max_rows:
                        return out, True
                    out.append(record.data())
        except Exception as e:
            if isinstance(e, QueryError | BackendError):
                raise
            raise self._query_error(e) from None
        return out, False

    def run_read(
        self, query: str, params: dict[str, Any] | None = None, max_rows: int | None = None
    ) -> list[dict[str, Any]]:
        """A proven read (``check_read``: tokens, then the server's plan) in a READ-access
        session, whatever mode the graph is open in; ``QueryError`` past ``max_rows`` rows."""
        self.check_read(query, params)
        rows, cut = self._capped(query, params, max_rows, self._neo4j.READ_ACCESS)
        if cut:
            raise QueryError(f"the query returned more than {max_rows:,} rows; add a LIMIT")
        return rows

    @property
    def location(self) -> str:
        """The server URI, for messages."""
        return self.uri

    def run_many(self, query: str, rows: list[dict[str, Any]]) -> None:
        """Run one ``UNWIND $rows`` statement over ``rows`` in batches."""
        for i in range(0, len(rows), self.batch_size):
            self.run(query, {"rows": rows[i : i + self.batch_size]})

    def write_nodes(self, label: str, rows: list[dict[str, Any]], fill_only: bool = False) -> None:
        """MERGE rows of one label: ``{id, props}`` for ``SET n += row.props``; fill-only rows stay flat."""
        types = NODES[label]
        rows = [_typed(r, types) for r in rows]
        query = upsert_nodes(label, fill_only)
        # sorted: concurrent writers lock shared nodes in one order (fewer deadlocks)
        rows.sort(key=lambda r: str(r["id"]))
        if not fill_only:
            rows = [
                {"id": r["id"], "props": {k: v for k, v in r.items() if k != "id"}} for r in rows
            ]
        self.run_many(query, rows)

    def update_nodes(self, label: str, props: list[str], rows: list[dict[str, Any]]) -> None:
        """Set ``props`` of existing nodes of one label (rows sorted by id, as ``write_nodes``)."""
        types = NODES[label]
        typed = sorted((_typed(r, types) for r in rows), key=lambda r: str(r["id"]))
        self.run_many(cypher.set_node_props(label, props, DIALECT), typed)

    def write_edges(
        self, edge_type: str, src_label: str, dst_label: str, rows: list[dict[str, Any]]
    ) -> None:
        """MERGE edges keyed by (ends, source, span_start); the rest goes in ``row.props``."""
        types = edge_props(edge_type)
        shaped = []
        for r in rows:
            r = _typed(r, types)
            props = {k: v for k, v in r.items() if k not in ("src", "dst", "source", "span_start")}
            shaped.append(
                {
                    "src": r["src"],
                    "dst": r["dst"],
                    "source": r["source"],
                    "span_start": r["span_start"],
                    "props": props,
                }
            )
        shaped.sort(
            key=lambda r: (str(r["src"]), str(r["dst"]), str(r["source"]), r["span_start"] or 0)
        )
        self.run_many(cypher.upsert_edges(edge_type, src_label, dst_label, DIALECT), shaped)

    def begin(self) -> None:
        """Open a write transaction (its statements logged, replayed after a transient error)."""
        if self._tx is not None:
            raise BackendError(f"{self.uri}: a transaction is already open")
        self._tx_log = []
        self._open_tx()

    def _open_tx(self) -> None:
        neo4j = self._neo4j
        mode = neo4j.READ_ACCESS if self.read_only else neo4j.WRITE_ACCESS
        try:
            assert self._driver is not None  # set by __init__, None only after close()
            session = self._driver.session(database=self.database, default_access_mode=mode)
            self._session = session
            self._tx = session.begin_transaction(timeout=self.timeout)
        except Exception as e:
            self._tx = None
            self._end_session()
            raise self._query_error(e) from None

    def _drop_tx(self) -> None:
        try:
            if self._tx is not None:
                self._tx.rollback()
        except Exception:
            pass  # the server rolls back a broken transaction itself
        finally:
            self._tx = None
            self._end_session()

    def _replay(self, error: BaseException) -> list[dict[str, Any]]:
        """Roll back and run every statement of the transaction again (after a transient error);
        returns the rows of the last one, the statement the caller is waiting for."""
        for attempt in range(MAX_REPLAYS):
            self._drop_tx()
            time.sleep(random.uniform(0.05, 0.2) * 2 ** min(attempt, 5))
            self._open_tx()
            tx = self._tx
            assert tx is not None  # _open_tx opened it or raised
            try:
                rows: list[dict[str, Any]] = []
                for query, params in self._tx_log:
                    rows = [r.data() for r in tx.run(query, params)]
                return rows
            except Exception as e:
                if not _transient(e):
                    raise self._query_error(e) from None
                error = e
        raise self._query_error(error)

    def commit(self) -> None:
        """Commit the open transaction, replaying it after a transient error."""
        try:
            for _ in range(MAX_REPLAYS + 1):
                if self._tx is None:
                    return
                try:
                    self._tx.commit()
                    return
                except Exception as e:
                    if not _transient(e):
                        raise self._query_error(e) from None
                    self._replay(e)
            raise BackendError(f"{self.uri}: the transaction kept failing with transient errors")
        finally:
            self._tx = None
            self._tx_log = []
            self._end_session()

    def checkpoint_less(self, share: int) -> None:
        """Nothing to do: the server schedules its own checkpoints."""

    def rollback(self) -> None:
        """Roll the open transaction back."""
        self._tx_log = []
        self._drop_tx()

    def _end_session(self) -> None:
        if self._session is not None:
            with contextlib.suppress(Exception):
                self._session.close()
            self._session = None

    def close(self) -> None:
        """Roll back an open transaction and close the session and the driver."""
        if self._tx is not None:
            self.rollback()
        self._end_session()
        if self._driver is not None:
            self._driver.close()
        self._driver = None

    def label_of(self, value: Any) -> str | None:
        """The label of a node value as the driver returns it, or None."""
        labels = getattr(value, "labels", None)
        return next(iter(labels), None) if labels else None


def _transient(e: BaseException) -> bool:
    """A failure that a new attempt of the same transaction may not meet (deadlock, lock wait,
    leader switch); the driver's own classification."""
    check = getattr(e, "is_retryable", None)
    return bool(check and check())


def _typed(row: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """Numbers as the schema types them (an int total_investment_yuan becomes a float), as in the embedded graph."""
    out = dict(row)
    for k, v in row.items():
        t = types.get(k)
        if v is None or t is None or isinstance(v, bool):
            continue
        if t == "DOUBLE" and isinstance(v, int):
            out[k] = float(v)
        elif t == "INT64" and isinstance(v, float) and v.is_integer():
            out[k] = int(v)
    return out


__all__ = ["Neo4jBackend", "credentials", "statements"]
