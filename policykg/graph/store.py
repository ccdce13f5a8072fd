"""The graph object users hold: ``policykg.open(path_or_uri)`` returns a ``Graph``.

It wraps one backend (embedded LadybugDB file, or a Neo4j server for ``bolt://``,
``neo4j://`` and ``neo4j+s://`` URIs) and writes ``Batch`` rows with the statements of
``graph/cypher.py``. The questions asked of a graph are functions that take it:
``policykg.queries`` (``trace(g, ...)``, ``stats(g)``); nothing here imports them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policykg.graph import cypher, titles
from policykg.graph.backend import Backend
from policykg.graph.rows import (
    Batch,
    Edge,
    Node,
    dedupe_nodes,
    edge_row,
    evidence,
    node_row,
)
from policykg.graph.schema import EDGES, edge_props

SERVER_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
DEFAULT_DB = "policykg.db"


def is_server_uri(target: str) -> bool:
    """True for a Neo4j server URI (bolt://, neo4j://, …), False for a database folder."""
    return str(target).startswith(SERVER_SCHEMES)


def open_graph(
    target: str | os.PathLike | None = None, read_only: bool = False, timeout_ms: int | None = None
) -> Graph:
    """Open a graph: a file path (embedded) or a Neo4j URI. Default: $POLICYKG_DB or ./policykg.db."""
    target = str(target or os.environ.get("POLICYKG_DB") or DEFAULT_DB)
    if is_server_uri(target):
        from policykg.graph.neo4j import Neo4jBackend

        return Graph(Neo4jBackend(target, read_only=read_only, timeout_ms=timeout_ms))
    from policykg.graph.embedded import EmbeddedBackend

    return Graph(EmbeddedBackend(target, read_only=read_only, timeout_ms=timeout_ms))


@dataclass(frozen=True)
class StoredFacts:
    """The edges documents ``ids`` contributed, as ``cypher.facts_of`` reads them (by edge
    type), taken before their write (``Graph.stored_facts``): an update reads them while the
    workers extract, and the write uses them if nothing was written in between."""

    ids: frozenset[str]
    rows: dict[str, list[dict[str, Any]]]


class Graph:
    """A graph over one ``Backend`` (``graph/backend.py``): runs statements, writes batches.

    The read-side questions (``trace``, ``lineage``, ``stats`` …) are the functions of
    ``policykg.queries``, each taking a ``Graph`` as its first argument."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.dialect = backend.dialect

    # -- plumbing ---------------------------------------------------------------------------
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of one statement, as dicts; values go in ``params``, never into ``query``."""
        return self.backend.run(query, params or {})

    def run_capped(
        self, query: str, params: dict[str, Any] | None = None, max_rows: int = 10_000
    ) -> tuple[list[dict[str, Any]], bool]:
        """At most ``max_rows`` rows, read lazily, and whether the result had more."""
        return self.backend.run_capped(query, params or {}, max_rows)

    def close(self) -> None:
        """Close the backend (a file's lock is released, a driver's connections closed)."""
        self.backend.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        """The file path or server URI."""
        return self.backend.location

    # -- writing ----------------------------------------------------------------------------
    def write_batch(
        self,
        batch: Batch,
        replace: list[str] | None = None,
        uningest: list[str] | None = None,
        stored: StoredFacts | None = None,
    ) -> set[str]:
        """Write one batch atomically; ``replace``: ids of documents whose old facts go first;
        ``uningest``: documents no file holds any more (in the same transaction); ``stored``:
        the old facts of some of them, read since the last write (the rest are read here).
        Returns the series whose members the write changed (joined, left, or another year or
        evidence): those ``relink_series`` must link again; the others' links still hold."""
        self.backend.begin()
        try:
            if self.backend.concurrent_writers:
                # a server with several writers: title-only citations are resolved from what
                # the graph holds, so one writer's batch must see the other's documents: the
                # first write locks one marker node until commit (extraction stays parallel)
                self.run(cypher.META_SET, {"key": "title_citations", "value": ""})
            gone = sorted(set(replace or []) | set(uningest or []))
            replaced = sorted(set(replace or []))
            facts = self._facts_of(replaced, stored)
            keys = self._resolve_titles(batch, gone, facts)
            stale_targets: set[str] = set()
            held: dict[tuple, dict[str, Any]] = {}
            series: set[str] = set()
            if replace:
                stale_targets, held, series = self._remove_stale_facts(replaced, batch, facts)
            held.update(self._held_table_facts(batch))
            series |= self._write_nodes(batch.nodes)
            series |= self._write_edges(batch.edges, held)
            for doc_id in uningest or ():
                self.run(cypher.UNINGEST_DOCUMENT, {"id": doc_id})
            if stale_targets:  # a document no longer cited by 文号 may stop being a candidate
                keys |= self._keys_of(sorted(stale_targets))
            # the batch's own title-only citations were resolved against the graph as this
            # write leaves it (titles.predict); those of other documents change only through
            # the keys of a changed candidacy or a stale 文号 citation
            self._reresolve(keys, {t for t in stale_targets if t.startswith("t:")})
            self.backend.commit()
        except BaseException:
            self.backend.rollback()
            raise
        return series

    def stored_facts(self, doc_ids: list[str]) -> StoredFacts:
        """The edges documents ``doc_ids`` contributed, with their properties, found from each
        document (``cypher.facts_of``: evidence has no index, and a scan of every edge table
        costs what the graph holds, not what changed)."""
        each = not self.backend.keyed_unwind
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in EDGES}
        for t in EDGES if doc_ids else ():
            for query, per_document in cypher.facts_of(t, self.dialect, each):
                if per_document:
                    for s in doc_ids:
                        rows[t] += self.run(query, {"s": s})
                else:
                    rows[t] += self.run(query, {"sources": doc_ids})
        return StoredFacts(frozenset(doc_ids), rows)

    def _facts_of(self, doc_ids: list[str], stored: StoredFacts | None) -> StoredFacts:
        """The old facts of ``doc_ids``: those ``stored`` holds, the others read now."""
        wanted = set(doc_ids)
        read = [stored] if stored is not None else []
        if unread := sorted(wanted - (stored.ids if stored is not None else frozenset())):
            read.append(self.stored_facts(unread))
        rows = {
            t: [r for facts in read for r in facts.rows[t] if r["p_source"] in wanted]
            for t in EDGES
        }
        return StoredFacts(frozenset(doc_ids), rows)

    def _remove_stale_facts(
        self, doc_ids: list[str], batch: Batch, facts: StoredFacts
    ) -> tuple[set[str], dict[tuple, dict[str, Any]], set[str]]:
        """Remove the facts of ``doc_ids`` that ``batch`` does not write again. The rest stay:
        deleting and re-inserting an unchanged edge costs LadybugDB a rewrite of the edge table
        at the next checkpoint (seconds on a large graph, for a notice whose one sentence
        changed). Returns the documents stale CITES pointed at, the properties of the facts
        kept, by key (``_write_edges`` writes only those that differ), and the series a stale
        IN_SERIES left."""
        stale_targets: set[str] = set()
        held: dict[tuple, dict[str, Any]] = {}
        left: set[str] = set()
        new_keys = set()
        relinked = {
            n.id
            for n in batch.nodes
            if n.label == "Document" and n.props.get("series") in batch.series
        }  # their SUCCESSOR_OF edges are recomputed by relink_series, which keeps what still holds
        for e in batch.edges:
            p = e.props  # (as edge_row reads them: a missing one is None)
            new_keys.add(
                (
                    e.type,
                    e.src_label,
                    e.src,
                    e.dst_label,
                    e.dst,
                    p.get("source"),
                    p.get("span_start"),
                )
            )
        keep_figures = {n.id for n in batch.nodes if n.label == "Figure"}
        held_figures = {r["b"] for r in facts.rows["HAS_FIGURE"]}
        if held_figures - keep_figures:  # (a scan of the figures: only when one goes)
            params = {"ids": doc_ids, "keep": sorted(keep_figures)}
            self.run(cypher.figures_of_except(self.dialect), params)
        for t in EDGES:
            stale: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for r in facts.rows[t]:
                key = _fact_key(t, r)
                if t == "SUCCESSOR_OF" and r["a"] in relinked:
                    continue
                if key in new_keys:
                    held[key] = _fact_props(t, r)
                    continue
                if t == "CITES":
                    stale_targets.add(r["b"])
                if t == "IN_SERIES":
                    left.add(r["b"])
                stale[(r["la"], r["lb"])].append(
                    {"a": r["a"], "b": r["b"], "source": r["p_source"], "start": r["p_span_start"]}
                )
            for (la, lb), rows in stale.items():
                self.backend.run_many(cypher.delete_edges_by_key(t, la, lb), rows)
        return stale_targets, held, left

    def _held_table_facts(self, batch: Batch) -> dict[tuple, dict[str, Any]]:
        """The graph's copies of the batch's edges read from a knowledge table (region and
        agency hierarchies: ``source`` is the table, not a document), by key, so that
        ``_write_edges`` leaves those it holds unchanged alone."""
        docs = {n.id for n in batch.nodes if n.label == "Document"}
        wanted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        keys = set()
        for e in batch.edges:
            source = e.props.get("source")
            if source and source not in docs:
                wanted[(e.type, e.src_label, e.dst_label)].add(source)
                key = (e.type, e.src_label, e.src, e.dst_label, e.dst, source)
                keys.add((*key, e.props.get("span_start")))
        held: dict[tuple, dict[str, Any]] = {}
        for (t, src, dst), sources in wanted.items():
            query = cypher.facts_by_source(t, self.dialect, (src, dst))
            for r in self.run(query, {"sources": sorted(sources)}):
                if (key := _fact_key(t, r)) in keys:
                    held[key] = _fact_props(t, r)
        return held

    def uningest(self, doc_id: str) -> None:
        """Forget an ingested document's facts; the node stays if others cite it (title-only
        citations that pointed at it are resolved again)."""
        self.write_batch(Batch(), replace=[doc_id], uningest=[doc_id])

    def _keys_of(self, ids: list[str]) -> set[str]:
        """The keys whose title-only citations a change of these documents can affect."""
        out: set[str] = set()
        for r in self.run(cypher.DOCUMENT_KEYS, {"ids": ids}):
            out |= titles.document_keys(r)
        return out

    def _resolve_titles(self, batch: Batch, gone: list[str], facts: StoredFacts) -> set[str]:
        """Point the batch's title-only citations where ``graph/titles.py`` says, before they
        are written; returns the keys whose citations ``_reresolve`` checks after the write:
        those of the documents whose candidacy (keys, date, issuer, region, known) the batch
        changes. A notice re-read with one more sentence changes none, and its citations
        stored as they are resolve as stored (``titles.settled``): no candidates are read."""
        titles.prepare(batch)
        docs = {n.id for n in batch.nodes if n.label == "Document" and not n.id.startswith("t:")}
        ids = sorted(docs | set(gone))
        held = self.run(cypher.DOCUMENT_CANDIDACY, {"ids": ids}) if ids else []
        before = {r["id"]: titles.Candidate.of(r) for r in held}
        after, _ = titles.after_write(batch, held, set(gone))
        changed = titles.changed_keys(before, after)
        settled = titles.settled(batch, facts.rows["CITES"], before, after, changed)
        cited = [e for e in batch.edges if e.type == "CITES" and e.props.get("cited_key")]
        mine = {
            k
            for e in cited
            if id(e) not in settled
            for k in titles.lookup_keys(e.props["cited_key"], e.props.get("cited_issuer"))
        }
        rows = self.run(cypher.TITLE_CANDIDATES, {"keys": sorted(mine)}) if mine else []
        if cited:
            titles.predict(batch, rows, set(gone), settled)
        return changed

    def _reresolve(self, keys: set[str], maybe_orphans: set[str] | None = None) -> None:
        """Resolve every title-only citation of ``keys`` again, against the graph as it is now;
        move the edges whose answer changed (only those: a deleted edge costs LadybugDB a
        rewrite of the edge table) and drop title-only nodes nothing cites any more."""
        found = self.run(cypher.TITLE_CITATIONS, {"keys": sorted(keys)}) if keys else []
        lookup = {k for r in found for k in titles.lookup_keys(r["cited_key"], r["cited_issuer"])}
        rows = self.run(cypher.TITLE_CANDIDATES, {"keys": sorted(lookup)}) if lookup else []
        index = titles.CandidateIndex(titles.Candidate.of(r) for r in rows)
        moved: list[dict[str, Any]] = []
        written: list[dict[str, Any]] = []
        placeholders: dict[str, dict[str, Any]] = {}
        orphans = set(maybe_orphans or ())
        for r in found:
            citer = {
                "id": r["src"],
                "date": r["citer_date"],
                "issuer": r["citer_issuer"],
                "region": r["citer_region"],
            }
            res = index.resolve(titles.citation_of(r, citer))
            if (res.target, res.status, res.candidates) == (r["dst"], r["status"], r["candidates"]):
                continue
            row = edge_row("CITES", r)
            row.update(status=res.status, candidates=res.candidates, src=r["src"], dst=res.target)
            written.append(row)
            if res.target != r["dst"]:
                moved.append(
                    {"a": r["src"], "b": r["dst"], "source": r["source"], "start": r["span_start"]}
                )
                if r["dst"].startswith("t:"):
                    orphans.add(r["dst"])
                old = placeholders.get(res.target)
                if res.target.startswith("t:") and (old is None or r["cited_title"] < old["title"]):
                    placeholders[res.target] = node_row(
                        "Document",
                        res.target,
                        {"title": r["cited_title"], "title_key": r["cited_key"], "ingested": False},
                    )
        if moved:
            self.backend.run_many(
                cypher.delete_edges_by_key("CITES", "Document", "Document"), moved
            )
        if placeholders:
            self.backend.write_nodes("Document", list(placeholders.values()), True)
        if written:
            self.backend.write_edges("CITES", "Document", "Document", written)
        if orphans:
            self.run(cypher.DELETE_ORPHAN_PLACEHOLDERS, {"ids": sorted(orphans)})

    def _write_nodes(self, nodes: list[Node]) -> set[str]:
        """Upsert the nodes, leaving out those the graph already holds as they would be
        written (an unchanged node rewritten costs LadybugDB a column rewrite at checkpoint).
        Returns the series (old and new) of stored documents whose series, year or ingested
        flag changed."""
        full, fill = dedupe_nodes(nodes, lambda n: node_row(n.label, n.id, n.props))
        ids: dict[str, set[str]] = defaultdict(set)
        for label, id_ in (*full, *fill):
            ids[label].add(id_)
        held: dict[tuple[str, str], dict[str, Any]] = {}
        for label, some in ids.items():
            for r in self.run(cypher.nodes_by_ids(label), {"ids": sorted(some)}):
                held[(label, r["id"])] = r
        for (label, id_), row in full.items():  # an agency keeps every alias it was seen with
            if label == "Agency":
                stored = (held.get((label, id_)) or {}).get("aliases") or []
                row["aliases"] = sorted(set(row["aliases"] or []) | set(stored)) or None
        new: dict[str, list[dict[str, Any]]] = defaultdict(list)
        changed: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
        series: set[str] = set()
        for key, row in full.items():
            old = held.get(key)
            if old is None:
                new[key[0]].append(row)
            elif props := tuple(k for k, v in row.items() if not _same(v, old.get(k))):
                # only the columns that differ (a re-read notice: its sha256 and file stat)
                changed[(key[0], props)].append({"id": row["id"], **{k: row[k] for k in props}})
                if key[0] == "Document" and _SERIES_PROPS.intersection(props):
                    series |= {v for v in (old.get("series"), row.get("series")) if v}
        for label, lst in new.items():
            self.backend.write_nodes(label, lst, False)
        for (label, props), lst in changed.items():
            self.backend.update_nodes(label, list(props), lst)
        fills: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key, row in fill.items():  # after the full rows, as one write applies them
            now = full.get(key) or held.get(key)  # the node as the full rows leave it
            if now is None or not _fills_nothing(row, now):
                fills[key[0]].append(row)
        for label, lst in fills.items():
            self.backend.write_nodes(label, lst, True)
        return series

    def _write_edges(
        self, edges: list[Edge], held: dict[tuple, dict[str, Any]] | None = None
    ) -> set[str]:
        """Upsert the edges, leaving out those ``held`` (the graph's, by key) has as they are
        (compared after the batch's own repeats of a key are merged: the last one wins).
        Returns the series an IN_SERIES written points at."""
        held = held or {}
        last: dict[tuple, dict[str, Any]] = {}
        for e in edges:
            row = edge_row(e.type, e.props)
            key = (e.type, e.src_label, e.src, e.dst_label, e.dst, row["source"], row["span_start"])
            last.pop(key, None)  # a repeat takes the later place, as the write applies it
            last[key] = row
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for key, row in last.items():
            old = held.get(key)
            if old is not None and _same_values(row, old):
                continue
            t, src_label, src, dst_label, dst = key[:5]
            row["src"], row["dst"] = src, dst
            groups[(t, src_label, dst_label)].append(row)
        for (t, s, d), rows in groups.items():
            self.backend.write_edges(t, s, d, rows)
        return {r["dst"] for r in groups.get(("IN_SERIES", "Document", "Series"), [])}

    def relink_series(self, series: set[str], chunk: int = 2000) -> None:
        """SUCCESSOR_OF: each member of a series → the previous year present, with the gap."""
        keys = sorted(series)
        for i in range(0, len(keys), chunk):
            if not self.backend.concurrent_writers:
                self._relink_part(keys[i : i + chunk])
                continue
            # a server with several writers: one transaction per part, whose first write locks
            # one marker node, so a second writer reads the members after this one committed
            self.backend.begin()
            try:
                self.run(cypher.META_SET, {"key": "relink_series", "value": ""})
                self._relink_part(keys[i : i + chunk])
                self.backend.commit()
            except BaseException:
                self.backend.rollback()
                raise

    def _relink_part(self, part: list[str]) -> None:
        """SUCCESSOR_OF links of the series in ``part``, rebuilt from their members."""
        members: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
        for m in self.run(cypher.SERIES_MEMBERS, {"series": part}):
            members[m["series"]].setdefault(m["year"], m)
        old = self.run(cypher.SUCCESSORS_IN_SERIES, {"series": part})
        rows = []
        for by_year in members.values():
            years = sorted(by_year)
            for earlier, later in zip(years, years[1:], strict=False):
                lm = by_year[later]
                missing = list(range(earlier + 1, later))
                row = edge_row(
                    "SUCCESSOR_OF",
                    {
                        "gap_years": len(missing),
                        "missing_years": missing,
                        **evidence(lm["id"], lm["start"], lm["end_"], lm["sentence"]),
                    },
                )
                row["src"], row["dst"] = lm["id"], by_year[earlier]["id"]
                rows.append(row)
        # only the links that no longer hold are deleted (a deletion costs LadybugDB a rewrite
        # of the edge table at the next checkpoint); the others are overwritten in place
        want = {(r["src"], r["dst"], r["source"], r["span_start"]) for r in rows}
        stale = [r for r in old if (r["a"], r["b"], r["source"], r["start"]) not in want]
        held = {
            (r["a"], r["b"], r["source"], r["start"]): {
                p: r["p_" + p] for p in edge_props("SUCCESSOR_OF")
            }
            for r in old
        }
        unchanged = {
            (r["src"], r["dst"], r["source"], r["span_start"])
            for r in rows
            if (old_row := held.get((r["src"], r["dst"], r["source"], r["span_start"]))) is not None
            and _same_values({p: r[p] for p in edge_props("SUCCESSOR_OF")}, old_row)
        }  # links stored as they are: not written again
        rows = [
            r for r in rows if (r["src"], r["dst"], r["source"], r["span_start"]) not in unchanged
        ]
        if stale:
            self.backend.run_many(
                cypher.delete_edges_by_key("SUCCESSOR_OF", "Document", "Document"), stale
            )
        if rows:
            self.backend.write_edges("SUCCESSOR_OF", "Document", "Document", rows)

    def prune(self) -> None:
        """Remove nodes no document supports any more (after documents were replaced)."""
        for q in (cypher.PRUNE_CITED_ONLY, cypher.PRUNE_PROJECTS, cypher.PRUNE_SERIES):
            self.run(q)
        # agency and region hierarchies: leaves first, up to the root
        for _ in range(6):
            before = self.stats_counts(("Agency", "Region"))
            self.run(cypher.PRUNE_AGENCIES)
            self.run(cypher.PRUNE_REGIONS)
            if self.stats_counts(("Agency", "Region")) == before:
                break

    # -- what the write path reads (the questions people ask are in policykg.queries) -------
    def stats_counts(self, labels: tuple[str, ...]) -> tuple[int, ...]:
        """The number of nodes of each label in ``labels`` (prune's fixpoint, bulk's "empty?")."""
        return tuple(self.run(cypher.count_nodes(label))[0]["n"] for label in labels)

    def meta_get(self, key: str) -> str | None:
        """A value of the graph's ``Meta`` table (schema version, run journal), or None."""
        rows = self.run(cypher.META_GET, {"key": key})
        return rows[0]["value"] if rows else None

    def meta_set(self, key: str, value: str) -> None:
        """Set a value of the ``Meta`` table."""
        self.run(cypher.META_SET, {"key": key, "value": value})

    def all_series(self) -> set[str]:
        """Every series key (relinked in full after an interrupted run)."""
        return {r["id"] for r in self.run(cypher.ALL_SERIES)}

    def ingested_documents(self) -> dict[str, dict[str, Any]]:
        """Every ingested document by source path: ``{path: {id, path, sha256, file_stat}}``
        (one scan)."""
        return {r["path"]: r for r in self.run(cypher.INGESTED_DOCUMENTS)}

    def documents_by_paths(self, paths: list[str]) -> dict[str, dict[str, Any]]:
        """Ingested documents by source path: ``{path: {id, path, sha256}}``."""
        out: dict[str, dict[str, Any]] = {}
        if len(paths) > 500:  # one scan beats long IN lists (membership is checked row by row)
            every = self.ingested_documents()
            return {p: every[p] for p in paths if p in every}
        for i in range(0, len(paths), 5000):
            for r in self.run(cypher.DOCUMENTS_BY_PATHS, {"paths": paths[i : i + 5000]}):
                out[r["path"]] = r
        return out


# what SERIES_MEMBERS reads of a document: a change of one links its series again
_SERIES_PROPS = {"series", "plan_year", "ingested"}


def _fact_key(edge_type: str, r: dict[str, Any]) -> tuple:
    """The key of a ``cypher.facts_of`` row: type, ends (label, id), source, span_start."""
    return (edge_type, r["la"], r["a"], r["lb"], r["b"], r["p_source"], r["p_span_start"])


def _fact_props(edge_type: str, r: dict[str, Any]) -> dict[str, Any]:
    """The edge properties of a ``cypher.facts_of`` row (read as ``p_<name>``)."""
    return {p: r["p_" + p] for p in edge_props(edge_type)}


def _same(v: Any, held: Any) -> bool:
    """Whether a written value ``v`` equals the stored ``held`` (a tuple as the list it is stored as)."""
    if isinstance(v, tuple):
        v = list(v)
    return v == held and (v is None) == (held is None)


def _same_values(row: dict[str, Any], held: dict[str, Any]) -> bool:
    """Whether writing ``row`` would leave ``held`` (a stored node or edge) as it is."""
    return all(_same(v, held.get(k)) for k, v in row.items())


def _fills_nothing(row: dict[str, Any], held: dict[str, Any]) -> bool:
    """Whether a fill-only ``row`` (it sets only the properties the node lacks) changes nothing."""
    return all(v is None or held.get(k) is not None for k, v in row.items())
