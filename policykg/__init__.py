"""policykg: a knowledge graph of Chinese government policy documents.

>>> import policykg
>>> report = policykg.ingest(["examples/notices"], db="policykg.db")
>>> g = policykg.open("policykg.db")
>>> g.trace("渝府办发[2020]118号", direction="in").hops
"""

from __future__ import annotations

import os
from collections.abc import Iterable

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

__all__ = [
    "BackendError",
    "ExportError",
    "Extraction",
    "Graph",
    "IngestReport",
    "LoadError",
    "PolicyKGError",
    "QueryError",
    "ResolveError",
    "SchemaVersionError",
    "extract",
    "ingest",
    "open",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    # heavy modules load on first use, so `import policykg` and the CLI start fast
    if name == "Graph":
        from policykg.graph.store import Graph

        return Graph
    if name == "IngestReport":
        from policykg.graph.ingest import IngestReport

        return IngestReport
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")


def open(target: str | os.PathLike | None = None, read_only: bool = False):  # noqa: A001
    """Open a graph (a ``Graph``): an embedded file path (created on first open) or a Neo4j URI."""
    from policykg.graph.store import open_graph

    return open_graph(target, read_only=read_only)


def extract(path: str | os.PathLike) -> Extraction:
    """Extract one file (no database): metadata, citations, figures, projects, agencies."""
    from policykg.loaders.extract import extract_file

    return extract_file(path)


def ingest(
    paths: Iterable[str | os.PathLike],
    db: str | os.PathLike | None = None,
    workers: int | None = None,
):
    """Ingest files and folders into the graph at ``db``; unchanged files are skipped.
    Returns an ``IngestReport`` (added, updated, unchanged, failed)."""
    from policykg.graph.ingest import ingest as _ingest
    from policykg.graph.store import open_graph

    with open_graph(db) as g:
        return _ingest(g, paths, workers=workers)
