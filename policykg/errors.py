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
