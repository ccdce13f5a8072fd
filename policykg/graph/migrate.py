"""Schema migration for the embedded graph: rebuild from the source files it records.

The source files are the truth (a rebuild takes seconds for thousands of notices), so a
graph of another schema version is moved aside (``<db>.schema-v<N>.bak``) and the files its
documents came from are ingested into a new graph of the current version.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from policykg.errors import BackendError
from policykg.graph.schema import SCHEMA_VERSION


def recorded_paths(db: str) -> tuple[int | None, list[str]]:
    """(schema version, source paths) read from a graph of any policykg schema version."""
    import ladybug

    database = ladybug.Database(db, read_only=True)
    conn = ladybug.Connection(database)
    try:
        version = None
        try:
            rows = conn.execute(
                "MATCH (m:Meta) WHERE m.key = 'schema_version' RETURN m.value"
            ).get_all()
            version = int(rows[0][0]) if rows else None
        except RuntimeError:
            pass
        try:
            rows = conn.execute(
                "MATCH (d:Document) WHERE d.ingested = true RETURN DISTINCT d.path"
            ).get_all()
        except RuntimeError as e:
            raise BackendError(
                f"{db}: cannot read the source paths it recorded ({e}); delete it and ingest again"
            ) from None
        return version, sorted(r[0] for r in rows if r[0])
    finally:
        conn.close()
        database.close()


def migrate(db: str) -> str:
    from policykg.graph.ingest import ingest
    from policykg.graph.store import open_graph

    if not Path(db).exists():
        raise BackendError(f"{db}: no such graph")
    version, paths = recorded_paths(db)
    if version == SCHEMA_VERSION:
        return f"{db} is already at schema version {SCHEMA_VERSION}; nothing to do"
    backup = f"{db}.schema-v{version}.bak"
    shutil.move(db, backup)
    for extra in (".wal", ".lock"):
        if Path(db + extra).exists():
            shutil.move(db + extra, backup + extra)
    missing = [p for p in paths if not Path(p).exists()]
    with open_graph(db) as g:
        report = ingest(g, [p for p in paths if Path(p).exists()])
    return (
        f"rebuilt {db} at schema version {SCHEMA_VERSION} from {len(report.added)} source files "
        f"(old graph kept as {backup}); {len(missing)} recorded files no longer exist, {len(report.failed)} failed"
    )
