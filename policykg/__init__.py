"""policykg: a knowledge graph of Chinese government policy documents.

Three verbs: ``extract(path)`` (one file, no database), ``ingest(paths, db)`` (files and
folders into a graph) and ``open(db)`` (a ``Graph``, with ``run`` for Cypher with parameters).
The questions are functions taking the graph (from ``policykg.queries``, loaded on first use):
``trace``, ``wanted``, ``lineage``, ``responsible``, ``search``, ``show``, ``validate``,
``stats``, ``to_networkx``; ``DocFilter`` narrows them. Every error is a ``PolicyKGError``
(tree in ``policykg.errors``).

>>> import policykg
>>> report = policykg.ingest(["examples/notices"], db="policykg.db")
>>> g = policykg.open("policykg.db")
>>> policykg.trace(g, "渝府办发[2020]118号", direction="in").hops
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from policykg.errors import (
    BackendError,
    ExportError,
    LoadError,
    PolicyKGError,
    QueryError,
    ResolveError,
    SchemaVersionError,
)
from policykg.records import Extraction

if TYPE_CHECKING:
    from policykg.graph.ingest import IngestReport
    from policykg.graph.store import Graph
    from policykg.queries.citations import trace, wanted
    from policykg.queries.filters import DocFilter
    from policykg.queries.lineage import lineage
    from policykg.queries.networkx import to_networkx
    from policykg.queries.responsibility import responsible
    from policykg.queries.search import search
    from policykg.queries.show import show
    from policykg.queries.stats import stats
    from policykg.queries.validate import validate

# name -> the module that defines it; heavy modules load on first use, so `import policykg`
# and the CLI start fast
_LAZY = {
    "Graph": "graph.store",
    "IngestReport": "graph.ingest",
    "DocFilter": "queries.filters",
    "lineage": "queries.lineage",
    "responsible": "queries.responsibility",
    "search": "queries.search",
    "show": "queries.show",
    "stats": "queries.stats",
    "to_networkx": "queries.networkx",
    "trace": "queries.citations",
    "validate": "queries.validate",
    "wanted": "queries.citations",
}
__all__ = [
    "BackendError",
    "ExportError",
    "Extraction",
    "LoadError",
    "PolicyKGError",
    "QueryError",
    "ResolveError",
    "SchemaVersionError",
    "extract",
    "ingest",
    "open",
    "DocFilter",
    "Graph",
    "IngestReport",
    "lineage",
    "responsible",
    "search",
    "show",
    "stats",
    "to_networkx",
    "trace",
    "validate",
    "wanted",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"policykg.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")


def open(  # noqa: A001 - policykg.open mirrors the builtin on purpose
    target: str | os.PathLike | None = None,
    read_only: bool = False,
    timeout_ms: int | None = None,
) -> Graph:
    """Open a graph and return a ``Graph`` (use it in a ``with`` block, or call ``close()``).

    ``target``: an embedded LadybugDB file path (created on the first read-write open), a
    Neo4j URI (``bolt://``, ``neo4j://``, ``neo4j+s://``; credentials from ``NEO4J_USER`` and
    ``NEO4J_PASSWORD``), or None for ``$POLICYKG_DB`` or ``./policykg.db``.
    ``read_only``: only statements proven to be reads run (``QueryError`` otherwise); several
    readers may run beside one writer, each on a snapshot. ``timeout_ms`` interrupts a query.

    Raises ``BackendError`` (locked, damaged or foreign file, server unreachable, "busy, retry"
    during a first bulk load) or ``SchemaVersionError`` (run ``policykg migrate``).
    """
    from policykg.graph.store import open_graph

    return open_graph(target, read_only=read_only, timeout_ms=timeout_ms)


def extract(path: str | os.PathLike) -> Extraction:
    """Extract one file, without a database: metadata (title, 文号, issuer, date, region …),
    citations, figures, projects, agencies and duties, each with its character span.

    Reads .txt/.html (UTF-8, GBK, GB18030, UTF-16), .xlsx, .xls/.et and .docx. Raises
    ``LoadError`` (naming the file and the problem) for a file that cannot be read."""
    from policykg.loaders.extract import extract_file

    return extract_file(path)


def ingest(
    paths: Iterable[str | os.PathLike],
    db: str | os.PathLike | None = None,
    workers: int | None = None,
    rehash: bool = False,
) -> IngestReport:
    """Ingest files and folders into the graph at ``db`` (see ``open`` for the targets).

    Unchanged files are skipped (same size, mtime and inode as recorded: not read; same
    sha256: not extracted; ``rehash=True`` hashes every file), a changed file replaces its own
    facts, bad files are reported and skipped. Returns an ``IngestReport``: ``added``,
    ``updated``, ``unchanged``, ``failed`` (path and problem each) and ``ok``."""
    from policykg.graph.ingest import ingest as _ingest
    from policykg.graph.store import open_graph

    with open_graph(db) as g:
        return _ingest(g, paths, workers=workers, rehash=rehash)
