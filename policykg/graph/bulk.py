"""First load of an empty embedded graph with ``COPY … FROM`` (20-70× faster than MERGE).

The result is the graph the incremental ingest (``Graph.write_batch`` group after group)
would build from the same files in the same order, node for node and edge for edge. To get
there, the write steps of ``graph/store.py`` are replayed on an in-memory node table instead
of the database:

- groups of ``GROUP_SIZE`` extractions, one file per document id inside a group (last wins);
- a document id written again in a later group replaces its facts (edges whose ``source`` is
  that id, and its Figure nodes), as ``Graph._remove_stale_facts`` does;
- nodes: full rows overwrite, fill-only rows fill nulls, agency aliases accumulate;
- edges: keyed by (ends, source, span_start), the last write wins;
- title-only citations are resolved once, at the end, by the rule of ``graph/titles.py``
  against the final set of documents (the incremental writer re-resolves a key whenever a
  document of that key changes, so it reaches the same answer); title-only nodes nothing
  cites after that are dropped, as ``Graph._reresolve`` drops them.

Extractions are never kept: each group's edge rows go to a part file on disk as soon as the
group is done; only the deduplicated node table and a few indexes stay in memory. At the
end, one CSV per node label and per (edge type, from, to) is written and loaded with
``COPY X FROM (LOAD WITH HEADERS (…) FROM 'f.csv' RETURN …)``: typed columns, list columns
joined with U+001F and split back, empty strings marked with U+001E (a bare empty CSV field
is NULL); newlines and the control characters the format uses are escaped (U+001A + a digit)
and unescaped in the COPY, so any value loads as it is. File paths in the statements are
quoted literals (``quote_path``: LOAD FROM takes no parameter). Extraction runs in the
supervised workers of ``graph/pipeline.py``; the scratch folder is one per graph, under
$TMPDIR. Series are relinked by the caller, as after an incremental ingest.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from policykg.errors import BackendError
from policykg.graph import cypher, titles
from policykg.graph.outcomes import Failure, printable, stamp
from policykg.graph.pipeline import extract_all, extract_one
from policykg.graph.rows import (
    Batch,
    Edge,
    Node,
    batch_for,
    dedupe_nodes,
    document_id_of,
    edge_row,
    node_row,
)
from policykg.graph.schema import NODES, edge_props

# The CSV files use control characters that policy text does not contain, so no field is ever
# quoted (quoted fields across read blocks were misread now and then by COPY's CSV reader):
DELIM = "\x1d"  # between fields
QUOTE = "\x1b"  # declared as the quote character, never written
LIST_SEP = "\x1f"  # joins list items in a cell
EMPTY = "\x1e"  # an empty string (or empty list); a bare empty cell is NULL
NL = "\x1c"  # unused by the format now; escaped in values like the others
CHUNK_BYTES = int(os.environ.get("POLICYKG_BULK_CHUNK_MB", "4")) * 2**20
DEFAULT_BULK_FROM = 1000


def bulk_from() -> int:
    """Files needed (into an empty graph) for the bulk path: $POLICYKG_BULK_FROM, default 1000."""
    return int(os.environ.get("POLICYKG_BULK_FROM", str(DEFAULT_BULK_FROM)))


def should_bulk(graph: Any, n_files: int) -> bool:
    """Bulk when the target is an embedded graph with no nodes yet and enough files come."""
    if n_files < bulk_from() or getattr(graph.backend, "kind", None) != "embedded":
        return False
    return not any(graph.stats_counts(tuple(NODES)))


class PackedEdge:
    """An edge as the bulk loader moves it from a worker: its ends, the properties the replay
    reads (``source``, ``span_start``, the ``status`` and ``candidates`` a title resolution
    sets, and for CITES what the resolution reads) and all other properties already encoded
    as CSV cells (``tail``), so the loading process never touches them."""

    __slots__ = ("type", "src_label", "src", "dst_label", "dst", "props", "tail")

    def __init__(
        self,
        type_: str,
        src_label: str,
        src: str,
        dst_label: str,
        dst: str,
        props: dict[str, Any],
        tail: str,
    ) -> None:
        self.type, self.src_label, self.src = type_, src_label, src
        self.dst_label, self.dst, self.props, self.tail = dst_label, dst, props, tail

    def __reduce__(self) -> tuple[type[PackedEdge], tuple[Any, ...]]:
        return (
            PackedEdge,
            (self.type, self.src_label, self.src, self.dst_label, self.dst, self.props, self.tail),
        )


RESOLVED_COLUMNS = {"status": "STRING", "candidates": "INT64"}  # set by the title resolution
READ_BY_RESOLUTION = ("cited_key", "cited_issuer", "cited_number")


@cache
def _tail_columns(edge_type: str) -> tuple[tuple[str, str], ...]:
    """The properties of an edge type that travel pre-encoded (all but ``RESOLVED_COLUMNS``)."""
    return tuple((c, t) for c, t in edge_props(edge_type).items() if c not in RESOLVED_COLUMNS)


def _csv_columns(edge_type: str) -> dict[str, str]:
    """Column order of an edge CSV part: ends, the resolved columns the type has, the tail."""
    cols = {"src": "STRING", "dst": "STRING"}
    props = edge_props(edge_type)
    cols.update({c: t for c, t in RESOLVED_COLUMNS.items() if c in props})
    cols.update(_tail_columns(edge_type))
    return cols


def pack_edge(e: Edge) -> PackedEdge:
    """An edge for the bulk loader: what the replay reads, the rest already CSV cells."""
    row = edge_row(e.type, e.props)
    keep = {"source": row["source"], "span_start": row["span_start"]}
    for c in (*RESOLVED_COLUMNS, *READ_BY_RESOLUTION):
        if c in row:
            keep[c] = row[c]
    tail = DELIM.join([_cell(row[c], t) for c, t in _tail_columns(e.type)])
    return PackedEdge(e.type, e.src_label, e.src, e.dst_label, e.dst, keep, tail)


class _Replay:
    """The write steps of ``store.Graph``, on an in-memory node table; edges go to disk."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.nodes: dict[tuple[str, str], dict[str, Any]] = {}
        self.generation: dict[str, int] = {}  # document id → group that last replaced its facts
        self.written: set[str] = set()  # document ids whose facts were written
        self.figures: dict[str, set[str]] = defaultdict(set)
        # per citing document (its latest facts): title-only citations and documents cited by 文号
        self.title_cites: dict[str, list[tuple[str, int, dict[str, Any]]]] = {}
        self.by_number: dict[str, set[str]] = {}
        self.resolved: dict[tuple[str, int], titles.Resolution] = {}
        self.group_no = 0
        self.series: set[str] = set()

    # -- the steps of Graph.write_batch ----------------------------------------------------
    def write_batch(self, batch: Batch[PackedEdge], replace: list[str]) -> None:
        g = self.group_no
        for doc_id in replace:
            self.title_cites.pop(doc_id, None)
            self.by_number.pop(doc_id, None)
            if doc_id in self.written:
                self.generation[doc_id] = g
                for fid in self.figures.pop(doc_id, set()):
                    self.nodes.pop(("Figure", fid), None)
        self._write_nodes(batch.nodes)
        self._write_edges(batch.edges)
        self.written.update(replace)
        self.series |= batch.series
        self.group_no += 1

    def _write_nodes(self, nodes: list[Node]) -> None:
        # full node_rows, built in the worker; each Node owns its dict (no copy needed)
        full, fill = dedupe_nodes(nodes, lambda n: n.props)
        for (label, id_), row in full.items():
            if label == "Agency":
                old = self.nodes.get((label, id_))
                merged = sorted(set(row["aliases"] or []) | set((old or {}).get("aliases") or []))
                row["aliases"] = merged or None
            self.nodes[(label, id_)] = row
        for (label, id_), row in fill.items():
            old = self.nodes.get((label, id_))
            if old is None:
                self.nodes[(label, id_)] = row
            else:
                self.nodes[(label, id_)] = {
                    k: (v if v is not None else row[k]) for k, v in old.items()
                }

    def _write_edges(self, edges: list[PackedEdge]) -> None:
        groups: dict[tuple[str, str, str], dict[tuple, tuple]] = defaultdict(dict)
        nodes = self.nodes
        for e in edges:
            if (e.src_label, e.src) not in nodes or (e.dst_label, e.dst) not in nodes:
                continue  # MATCH finds no end: the incremental write creates nothing either
            source, start = e.props["source"], e.props["span_start"]
            groups[(e.type, e.src_label, e.dst_label)][(e.src, e.dst, source, start)] = (
                e.src,
                e.dst,
                source,
                start,
                e.props.get("status"),
                e.props.get("candidates"),
                e.tail,
            )
            if e.type == "HAS_FIGURE":
                self.figures[e.src].add(e.dst)
            elif e.type == "CITES":
                if e.props.get("cited_key"):
                    self.title_cites.setdefault(source, []).append((e.src, start, e.props))
                elif e.props.get("cited_number"):
                    self.by_number.setdefault(source, set()).add(e.dst)
        with open(self.workdir / f"edges-{self.group_no:07d}.pickle", "wb") as fh:
            pickle.dump(
                {k: list(v.values()) for k, v in groups.items()},
                fh,
                protocol=pickle.HIGHEST_PROTOCOL,
            )

    # -- title-only citations, once, against the final documents -----------------------------
    def resolve_titles(self) -> None:
        """Resolve every title-only citation (``graph/titles.py``) and drop the title-only
        nodes nothing points at afterwards."""
        by_number = set().union(*self.by_number.values()) if self.by_number else set()
        keys: set[str] = set()
        for cites in self.title_cites.values():
            for _src, _start, props in cites:
                keys.update(titles.lookup_keys(props["cited_key"], props.get("cited_issuer")))
        index = titles.CandidateIndex(
            titles.Candidate.of(row, by_number=row["id"] in by_number)
            for (label, _), row in self.nodes.items()
            if label == "Document" and (row["title_key"] in keys or row["transmits"] in keys)
        )
        targeted: set[str] = set()
        for source, cites in self.title_cites.items():
            for src, start, props in cites:
                res = index.resolve(titles.citation_of(props, self.nodes.get(("Document", src))))
                self.resolved[(source, start)] = res
                targeted.add(res.target)
        for (label, id_), row in list(self.nodes.items()):
            if (
                label == "Document"
                and id_.startswith("t:")
                and not row["ingested"]
                and id_ not in targeted
            ):
                del self.nodes[(label, id_)]

    # -- final edges ------------------------------------------------------------------------
    def final_edges(self) -> Iterable[tuple[tuple[str, str, str], tuple]]:
        """Surviving edges as (src, dst, source, span_start, status, candidates, tail), the
        last write of each key winning (groups read newest first)."""
        seen: set[tuple] = set()
        nodes, generation, resolved = self.nodes, self.generation, self.resolved
        for part in sorted(self.workdir.glob("edges-*.pickle"), reverse=True):
            g = int(part.stem.split("-")[1])
            with open(part, "rb") as fh:
                groups = pickle.load(fh)
            part.unlink()
            for (t, s, d), rows in groups.items():
                for row in rows:
                    src, dst, source, start = row[0], row[1], row[2], row[3]
                    if generation.get(source, -1) > g:
                        continue  # the document was written again later: its old facts went
                    if t == "CITES" and dst.startswith("t:"):
                        res = resolved.get((source, start))
                        if res is not None:
                            dst = res.target
                            row = (src, dst, source, start, res.status, res.candidates, row[6])
                    if (s, src) not in nodes or (d, dst) not in nodes:
                        continue
                    key = (t, s, d, src, dst, source, start)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield (t, s, d), row


# ------------------------------------------------------------------------------ CSV + COPY


# Values may hold any character, the reserved ones included (an ESC in a title, a file name):
# ESCAPE + a digit stands for each of them and for ESCAPE itself; ``_decode`` undoes it in COPY.
ESCAPE = "\x1a"
_ESCAPES = {
    ESCAPE: "0",
    "\n": "1",
    "\r": "2",
    QUOTE: "3",
    NL: "4",
    DELIM: "5",
    EMPTY: "6",
    LIST_SEP: "7",
}
_ESCAPE_RE = re.compile("[" + "".join(_ESCAPES) + "]")


def _text(value: str) -> str:
    if not _ESCAPE_RE.search(value):
        return value
    return _ESCAPE_RE.sub(lambda m: ESCAPE + _ESCAPES[m.group()], value)


def _unescape(expr: str, guard: bool = True) -> str:
    """Cypher that undoes ``_text`` on the string expression ``expr`` (ESCAPE0 last).
    ``guard``: skip the replacements for values without ESCAPE (not inside a list lambda:
    LadybugDB 0.22 mixes up the items of a list when a CASE nests in a CASE there)."""
    out = expr
    for ch, digit in sorted(_ESCAPES.items(), key=lambda kv: kv[1], reverse=True):
        out = f"replace({out}, '{ESCAPE}{digit}', {_literal(ch)})"
    return f"CASE WHEN contains({expr}, '{ESCAPE}') THEN {out} ELSE {expr} END" if guard else out


def _literal(ch: str) -> str:
    return {"\n": "'\\n'", "\r": "'\\r'"}.get(ch, f"'{ch}'")


def quote_path(path: Path | str) -> str:
    """A file path as a Cypher string literal (LOAD FROM takes no parameter): \\ and ' escaped."""
    return "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _cell(value: Any, type_: str) -> str:
    if value is None:
        return ""
    if type_.endswith("[]"):
        items = [_text(str(v)) or EMPTY for v in value]
        return LIST_SEP.join(items) if items else EMPTY + EMPTY
    if type_ == "STRING":
        return _text(value) if value != "" else EMPTY
    if type_ == "BOOLEAN":
        return "true" if value else "false"
    if type_ == "DOUBLE":
        return repr(float(value))
    return str(int(value))


def _decode(col: str, type_: str) -> str:
    q = f"`{col}`"
    if type_ == "STRING":
        return f"CASE WHEN {q} = '{EMPTY}' THEN '' ELSE {_unescape(q)} END"
    if type_.endswith("[]"):
        split = f"list_transform(string_split({q}, '{LIST_SEP}'), x -> CASE WHEN x = '{EMPTY}' THEN '' ELSE {_unescape('x', guard=False)} END)"
        if type_ != "STRING[]":
            split = f"CAST(string_split({q}, '{LIST_SEP}') AS {type_})"
        return f"CASE WHEN {q} IS NULL THEN NULL WHEN {q} = '{EMPTY}{EMPTY}' THEN CAST([] AS {type_}) ELSE {split} END"
    return q


def _copy_statement(
    table: str,
    paths: list[Path],
    columns: dict[str, str],
    rel: tuple[str, str] | None,
    table_order: dict[str, str] | None = None,
) -> str:
    """``columns``: the CSV's columns in file order; ``table_order``: the table's (default: same)."""
    return cypher.ladybug_copy_from(
        table,
        {c: ("STRING" if t.endswith("[]") else t) for c, t in columns.items()},
        [quote_path(p) for p in paths],
        [_decode(c, t) for c, t in (table_order or columns).items()],
        rel,
        DELIM,
        QUOTE,
    )


class _Parts:
    """CSV part files of one table, each at most ``CHUNK_BYTES``: LadybugDB 0.22 misreads a CSV
    larger than its read block inside ``COPY … FROM (LOAD …)`` (rows read twice, or a hang)."""

    def __init__(self, workdir: Path, name: str, columns: dict[str, str]) -> None:
        self.workdir, self.name, self.columns = workdir, name, columns
        self.paths: list[Path] = []
        self.fh: Any = None
        self.size = 0
        self.rows = 0

    table_order: dict[str, str] | None = None  # RETURN order when it differs from the CSV's

    def write(self, row: dict[str, Any]) -> None:
        self._write_line(DELIM.join([_cell(row[c], t) for c, t in self.columns.items()]))

    def _write_line(self, line: str) -> None:
        if self.fh is None or self.size >= CHUNK_BYTES:
            self.close()
            path = self.workdir / f"{self.name}-{len(self.paths):05d}.csv"
            self.paths.append(path)
            self.fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            self.size = self.fh.write(DELIM.join(self.columns) + "\n")
        self.size += self.fh.write(line + "\n")
        self.rows += 1

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None

    def copy(self, graph: Any, table: str, rel: tuple[str, str] | None) -> None:
        """Relationship tables: one COPY over all parts, because each COPY into a relationship
        table rewrites what it holds already (1M edges: one COPY 4.5 s, ten 13.5 s). Node
        tables: one COPY per part, because LadybugDB 0.22 deadlocks on a single COPY of more
        than ~130k nodes (seen at 150k; the process waits on a futex for ever)."""
        self.close()
        batches = [self.paths] if rel else [[p] for p in self.paths]
        from policykg.graph.journal import kill_point  # not at import: see pipeline._test_hook

        for paths in batches:
            if paths:
                kill_point("copy")
                graph.run(_copy_statement(table, paths, self.columns, rel, self.table_order))
        for path in self.paths:
            path.unlink()


class _EdgeParts(_Parts):
    """CSV parts of one (edge type, from, to): rows written from packed edges."""

    def __init__(self, workdir: Path, name: str, edge_type: str) -> None:
        super().__init__(workdir, name, _csv_columns(edge_type))
        self.table_order = {"src": "STRING", "dst": "STRING", **edge_props(edge_type)}
        self.has_status = "status" in self.columns
        self.has_candidates = "candidates" in self.columns

    def write_packed(self, row: tuple) -> None:
        src, dst, _source, _start, status, candidates, tail = row
        cells = [_text(src), _text(dst)]
        if self.has_status:
            cells.append(_cell(status, "STRING"))
        if self.has_candidates:
            cells.append(_cell(candidates, "INT64"))
        cells.append(tail)
        self._write_line(DELIM.join(cells))


def copy_into(graph: Any, replay: _Replay, workdir: Path) -> dict[str, int]:
    """Write the node and edge tables as CSV parts and COPY them into the (empty) graph."""
    counts: dict[str, int] = {}
    nodes: dict[str, _Parts] = {}
    for (label, _), row in replay.nodes.items():
        if label not in nodes:
            nodes[label] = _Parts(workdir, f"node-{label}", NODES[label])
        nodes[label].write(row)
    for label, parts in nodes.items():
        parts.copy(graph, label, None)
        counts[label] = parts.rows
    edges: dict[tuple[str, str, str], _EdgeParts] = {}
    try:
        for (t, s, d), packed in replay.final_edges():
            if (t, s, d) not in edges:
                edges[(t, s, d)] = _EdgeParts(workdir, f"edge-{t}-{s}-{d}", t)
            edges[(t, s, d)].write_packed(packed)
    finally:
        for parts in edges.values():
            parts.close()
    for (t, s, d), parts in edges.items():
        parts.copy(graph, t, (s, d))
        counts[t] = counts.get(t, 0) + parts.rows
    return counts


def extract_batch(path: str) -> tuple[str, tuple[str, Batch[PackedEdge]] | None, str | None]:
    """Worker task: path → (path, (document id, its Batch) | None, problem). The rows are built
    in the worker, so only the rows (not the document's text) travel back to the loader."""
    path, ex, problem = extract_one(path)
    if ex is None:
        return path, None, problem
    try:
        b = batch_for(ex)
        titles.prepare(b)
        for n in b.nodes:  # full rows already here (idempotent), to spare the loading process
            n.props = node_row(n.label, n.id, n.props)
        packed = Batch(b.nodes, [pack_edge(e) for e in b.edges], b.documents, b.series)
        return path, (document_id_of(ex), packed), None  # edges encoded here, in parallel
    except Exception as e:  # noqa: BLE001 - one bad document must not stop the corpus
        return path, None, f"extraction failed: {type(e).__name__}: {e}"


OWNER = "owner.pid"


def _sweep(base: Path) -> None:
    """Remove the scratch folders of bulk loads whose process is gone (killed)."""
    for d in base.glob("policykg-bulk-*"):
        try:
            pid = int((d / OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not ours to judge
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:
            pass  # alive, another user's


def workdir_for(graph: Any, base: str | os.PathLike | None = None) -> Path:
    """The bulk load's scratch folder: one per graph file, under $TMPDIR (or ``base``). A
    killed load's folder is found and emptied by the next load of the same graph."""
    import hashlib

    key = hashlib.sha256(os.path.abspath(str(graph.location)).encode()).hexdigest()[:16]
    return Path(base or tempfile.gettempdir()) / f"policykg-bulk-{key}"


def bulk_ingest(
    graph: Any,
    paths: list[str],
    workers: int | None,
    report: Any,
    group_size: int,
    progress: Callable[[int, int], None] | None = None,
    done: int = 0,
    total: int = 0,
    workdir: str | os.PathLike | None = None,
    holders: Any = None,
    stats: dict[str, str] | None = None,
) -> set[str]:
    """Load the files into an empty graph; returns the series keys (the caller relinks them).

    ``report`` gets ``added`` paths and ``failed`` entries as the incremental ingest would;
    ``holders`` (``ingest._Holders``) chooses between two files that are one document;
    ``stats``: each file's ``ingest.file_stat``, stored on its document.
    """
    # not at import time: a worker imports this module before its memory cap, and must import
    # the journal after it (pipeline._test_hook)
    from policykg.graph.journal import Journal, kill_point

    tmp = workdir_for(graph, workdir)
    shutil.rmtree(tmp, ignore_errors=True)  # what a killed load of this graph left
    _sweep(tmp.parent)  # and killed loads of other graphs
    tmp.mkdir(parents=True)
    (tmp / OWNER).write_text(str(os.getpid()), encoding="ascii")
    # The replay holds a million small acyclic objects; the cyclic collector would walk them all
    # again and again (superlinear in N). Reference counting frees them; collect once at the end.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        replay = _Replay(tmp)
        group: list[tuple[str, str, Batch[PackedEdge]]] = []

        order = {p: i for i, p in enumerate(paths)}

        def flush() -> None:
            if not group:
                return
            kept = [
                (path, doc_id, b)
                for path, doc_id, b in sorted(group)
                if holders is None or holders.keep(doc_id, path, None)
            ]
            kept.sort(key=lambda t: order[t[0]])
            by_id = {doc_id: (path, b) for path, doc_id, b in kept}
            batch: Batch[PackedEdge] = Batch()
            for doc_id, (path, b) in by_id.items():
                stamp(b, doc_id, (stats or {}).get(path))
                batch.extend(b)
            replay.write_batch(batch, list(by_id))
            report.added.extend(path for path, _ in by_id.values())
            group.clear()
            kill_point("group")

        for path, result, problem in extract_all(
            paths, "policykg.graph.bulk:extract_batch", workers
        ):
            done += 1
            kill_point("extracted")
            if progress:
                progress(done, total)
            if result is None:
                report.failed.append(Failure(printable(path), problem or "unknown problem"))
                continue
            doc_id, b = result
            group.append((path, doc_id, b))
            if len(group) >= group_size:
                flush()
        flush()
        if graph.run(cypher.count_nodes("Document"))[0]["n"]:
            raise BackendError(
                f"{graph.location}: the graph was written to during the bulk load; ingest again"
            )
        replay.resolve_titles()
        Journal(graph).write("bulk", "copy")  # from here on a kill leaves part of the tables
        copy_into(graph, replay, tmp)
        return replay.series
    finally:
        if gc_was_on:
            gc.enable()
        shutil.rmtree(tmp, ignore_errors=True)
