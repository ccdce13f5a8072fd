"""What a graph store must offer ``Graph``: the ``Backend`` protocol.

Two implementations: ``graph/embedded.py`` (LadybugDB, a file) and ``graph/neo4j.py`` (a Neo4j
server). ``Graph`` (``graph/store.py``) calls only what is declared here, so a third backend
is one class, and mypy checks both against it (``_check`` below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from policykg.graph.cypher import Dialect

Row = dict[str, Any]


class Backend(Protocol):
    """One open connection to a graph store."""

    dialect: Dialect
    kind: str  # "embedded" or "neo4j": what the bulk COPY path and messages need to know
    read_only: bool
    concurrent_writers: bool  # several processes may write (Neo4j): relinking locks a marker
    # whether ``UNWIND $list AS x MATCH (n:L {id: x})`` looks each x up by key (Neo4j) rather
    # than joining with a scan of the whole table (LadybugDB 0.22: one ``{id: $x}`` is a lookup)
    keyed_unwind: bool

    @property
    def location(self) -> str:
        """The file path or server URI (for messages)."""
        ...

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Every row of one statement; values only in ``params``."""
        ...

    def run_capped(
        self, query: str, params: dict[str, Any] | None, max_rows: int
    ) -> tuple[list[Row], bool]:
        """At most ``max_rows`` rows, read lazily, and whether there were more."""
        ...

    def run_read(
        self, query: str, params: dict[str, Any] | None = None, max_rows: int | None = None
    ) -> list[Row]:
        """Rows of a proven read (``graph/readonly.py``), run so that it cannot write whatever
        mode the graph is open in; ``QueryError`` past ``max_rows`` rows (read lazily)."""
        ...

    def run_many(self, query: str, rows: list[Row]) -> None:
        """``query`` once per batch of ``rows`` (as ``$rows``)."""
        ...

    def write_nodes(self, label: str, rows: list[Row], fill_only: bool = False) -> None:
        """Upsert node rows of one label; ``fill_only``: set only properties still null."""
        ...

    def update_nodes(self, label: str, props: list[str], rows: list[Row]) -> None:
        """Set ``props`` of existing nodes of one label (rows: id and those properties)."""
        ...

    def write_edges(self, edge_type: str, src_label: str, dst_label: str, rows: list[Row]) -> None:
        """Upsert edge rows of one type between two labels (keyed by ends, source, span)."""
        ...

    def begin(self) -> None:
        """Open a write transaction."""

    def commit(self) -> None:
        """Commit the open transaction."""

    def rollback(self) -> None:
        """Roll the open transaction back."""

    def close(self) -> None:
        """Release the connection (rolling back an open transaction)."""

    def checkpoint_less(self, share: int) -> None:
        """Checkpoint less often while this connection writes: at most every 1/``share`` of
        the buffer pool (an update's commits then cost one checkpoint, at close); a no-op
        where the engine has no such setting."""

    def label_of(self, value: Any) -> str | None:
        """The label of a node value as this backend returns it, or None."""
        ...


if TYPE_CHECKING:  # mypy checks that both backends are Backends
    from policykg.graph.embedded import EmbeddedBackend
    from policykg.graph.neo4j import Neo4jBackend

    def _both(e: EmbeddedBackend, n: Neo4jBackend) -> list[Backend]:
        return [e, n]
