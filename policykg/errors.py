"""The exception tree of policykg. Every error names the file or input and the fix.

PolicyKGError
 ├── LoadError        a file could not be read or understood (names the file)
 ├── ResolveError     a reference could not be resolved
 ├── BackendError     the graph store refused or failed (lock, schema version, server)
 │    └── SchemaVersionError  the database was written by another schema version
 ├── QueryError       a query was refused (write without --write, bad parameter)
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
    def __init__(self, path: str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ResolveError(PolicyKGError):
    pass


class BackendError(PolicyKGError):
    pass


class SchemaVersionError(BackendError):
    pass


class QueryError(PolicyKGError):
    pass


class ExportError(PolicyKGError):
    pass
