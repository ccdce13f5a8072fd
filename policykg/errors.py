"""The exception tree of policykg. Every error names the file or input and the fix.

PolicyKGError
 ├── LoadError        a file could not be read or understood (names the file)
 ├── ResolveError     a reference could not be resolved
 ├── BackendError     the graph store refused or failed (lock, schema version, server)
 │    └── SchemaVersionError  the database was written by another schema version
 ├── QueryError       a query was refused (not a proven read without --write) or failed
 └── ExportError      an export could not be written
"""

from __future__ import annotations

WITHHELD = (
    "the details of this error are not shown because they contain (part of) the Neo4j password; "
    "check NEO4J_USER, NEO4J_PASSWORD and the URI"
)


def mask_secret(text: str, secret: str | None, window: int = 4) -> str:
    """``text``, or a fixed message when it holds the secret or any piece of it.

    Replacing the secret by ``***`` would show where it stood (next to a user name, in a host),
    which can be enough to guess it; so a message that holds the secret, or any ``window``
    characters of it (case-insensitive; the whole secret if shorter), is not shown at all.
    """
    if not secret:
        return text
    low, sec = text.casefold(), secret.casefold()
    n = min(window, len(sec))
    if any(sec[i : i + n] in low for i in range(len(sec) - n + 1)):
        return WITHHELD
    return text


class PolicyKGError(Exception):
    """Base of every error policykg raises on purpose."""


class LoadError(PolicyKGError):
    """A file could not be read or understood; ``path`` and ``problem`` say which and why."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ResolveError(PolicyKGError):
    """A reference (a 文号, an agency, a region) could not be resolved."""


class BackendError(PolicyKGError):
    """The graph store refused or failed: locked, damaged, foreign, busy, unreachable."""


class SchemaVersionError(BackendError):
    """The graph was written by another schema version (``policykg migrate`` rebuilds it)."""


class QueryError(PolicyKGError):
    """A query was refused (a write without --write, not a proven read) or failed."""


class ExportError(PolicyKGError):
    """An export could not be made or written."""
