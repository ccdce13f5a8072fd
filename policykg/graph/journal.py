"""The run journal: what an ingest is doing, kept in the graph's own ``Meta`` table.

An ingest writes its journal entry before its first write and clears it after its last; each
entry is one committed statement, so after a kill -9 anywhere the next run finds it and knows
what to redo:

- ``bulk``/``copy``: a first load was copying its tables into the (empty) graph. Part of them
  may be in; the graph is emptied again and the load redone from the files.
- ``update``/``write`` and any ``finish`` phase: groups of documents are each atomic, so what
  was committed stays; series links and pruning are redone for the whole graph.

``kill_point(name)`` is a test hook: with ``POLICYKG_TEST_KILL_AT=name:n`` the process kills
itself (SIGKILL) at the n-th call of that point, so crash tests can hit every phase.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from typing import Any

KEY = "ingest_journal"
LEGACY_KEY = "ingest_pending"  # the marker of earlier versions: "1" while a run was unfinished

_counts: dict[str, int] = {}


def kill_point(name: str) -> None:
    """Test hook: SIGKILL this process at the n-th call if $POLICYKG_TEST_KILL_AT is ``name:n``."""
    spec = os.environ.get("POLICYKG_TEST_KILL_AT")
    if not spec:
        return
    point, _, n = spec.rpartition(":")
    if point != name:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] == int(n):
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class Entry:
    """An unfinished run: ``kind`` is ``bulk`` or ``update``; ``phase`` what it was doing."""

    kind: str
    phase: str

    @property
    def partial_copy(self) -> bool:
        """A bulk load was killed while copying its tables: the graph holds part of them."""
        return self.kind == "bulk" and self.phase == "copy"


class Journal:
    """The journal entry of the graph ``graph`` (a ``store.Graph``)."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def pending(self) -> Entry | None:
        """The entry an interrupted run left behind, if any."""
        raw = self.graph.meta_get(KEY)
        if raw:
            d = json.loads(raw)
            return Entry(d["kind"], d["phase"])
        if self.graph.meta_get(LEGACY_KEY) == "1":
            return Entry("update", "write")
        return None

    def write(self, kind: str, phase: str) -> None:
        """Record that a run of ``kind`` has reached ``phase``."""
        self.graph.meta_set(KEY, json.dumps({"kind": kind, "phase": phase, "pid": os.getpid()}))

    def clear(self) -> None:
        """Record that the run finished: nothing to recover."""
        self.graph.meta_set(KEY, "")
        if self.graph.meta_get(LEGACY_KEY) == "1":
            self.graph.meta_set(LEGACY_KEY, "0")


def empty_graph(graph: Any) -> None:
    """Drop and recreate every data table (not ``Meta``): the state before a bulk load."""
    # imported here: the extraction worker imports this module after its memory cap is set
    # (pipeline._test_hook), so it loads nothing at import time but the standard library
    from policykg.graph import cypher
    from policykg.graph.embedded import ddl
    from policykg.graph.schema import EDGES, NODES

    for name in [*EDGES, *NODES]:
        graph.run(cypher.ladybug_drop_table(name))
    for stmt in ddl():
        graph.run(stmt)
