"""Schema migration for the embedded graph: rebuild from the source files it records.

The source files are the truth (a rebuild takes seconds for thousands of notices), so a
graph of another schema version is moved aside (``<db>.schema-v<N>.bak``) and the files its
documents came from are ingested into a new graph of the current version.

Nothing is moved before the rebuild is known to be possible: a file that is not a policykg
graph (or is damaged, or has a version that is not a number) is refused, and so is a graph
whose recorded source files cannot be found from here (paths recorded relative to the folder
the ingest ran in are resolved against the current folder; run migrate from there).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from policykg.errors import BackendError
from policykg.graph import cypher
from policykg.graph.ingest import ingest
from policykg.graph.schema import SCHEMA_VERSION
from policykg.graph.store import open_graph


def _not_a_graph(db: str, why: str) -> BackendError:
    return BackendError(
        f"{db}: cannot migrate: {why}. Nothing was changed. If it is a damaged policykg graph, "
        "ingest the source files again into a new --db path."
    )


def _rows(conn: Any, query: str) -> list[list[Any]]:
    res = conn.execute(query)
    return (res[0] if isinstance(res, list) else res).get_all()


def recorded_paths(db: str) -> tuple[int | None, list[str]]:
    """(schema version, source paths) read from a graph of any policykg schema version."""
    import ladybug

    if Path(db).is_dir():
        raise _not_a_graph(db, "it is a folder, not a graph file")
    try:
        database = ladybug.Database(db, read_only=True)
    except RuntimeError as e:
        first = (str(e).strip().splitlines() or ["no detail"])[0]
        raise _not_a_graph(db, f"not a policykg graph file, or damaged ({first})") from None
    conn = ladybug.Connection(database)
    try:
        try:
            rows = _rows(conn, cypher.any_version_schema_version())
        except RuntimeError:
            raise _not_a_graph(
                db, "it has no schema version, so policykg did not write it"
            ) from None
        raw = rows[0][0] if rows else None
        try:
            version = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            raise _not_a_graph(db, f"its schema version {raw!r} is not a number") from None
        try:
            rows = _rows(conn, cypher.any_version_source_paths())
        except RuntimeError as e:
            raise _not_a_graph(db, f"cannot read the source paths it recorded ({e})") from None
        return version, sorted(r[0] for r in rows if r[0])
    finally:
        conn.close()
        database.close()


def migrate(db: str) -> str:
    """Rebuild ``db`` at the current schema version from the source files it records."""
    if not Path(db).exists():
        raise BackendError(f"{db}: no such graph")
    version, paths = recorded_paths(db)
    if version == SCHEMA_VERSION:
        return f"{db} is already at schema version {SCHEMA_VERSION}; nothing to do"
    present = [p for p in paths if Path(p).exists()]
    missing = [p for p in paths if not Path(p).exists()]
    if paths and not present:
        relative = sum(not Path(p).is_absolute() for p in paths)
        hint = (
            f"; {relative} of them are relative paths, read from the current folder "
            f"({Path.cwd()}): run migrate from the folder the ingest ran in"
            if relative
            else ""
        )
        raise BackendError(
            f"{db}: cannot migrate: none of the {len(paths)} source files it records exists "
            f"here (first: {paths[0]}){hint}. Nothing was changed."
        )
    if not paths:
        raise BackendError(
            f"{db}: cannot migrate: it records no source files, so there is nothing to rebuild "
            "from. Nothing was changed; ingest the source files into a new --db path."
        )
    backup = f"{db}.schema-v{version}.bak"
    if Path(backup).exists():
        raise BackendError(f"{db}: cannot migrate: {backup} exists already; move it away first")
    shutil.move(db, backup)
    for extra in (".wal", ".shadow", ".lock"):
        if Path(db + extra).exists():
            shutil.move(db + extra, backup + extra)
    with open_graph(db) as g:
        report = ingest(g, present)
    return (
        f"rebuilt {db} at schema version {SCHEMA_VERSION} from {len(report.added)} source files "
        f"(old graph kept as {backup}); {len(missing)} recorded files no longer exist, {len(report.failed)} failed"
    )
