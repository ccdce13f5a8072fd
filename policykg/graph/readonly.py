"""Is a Cypher statement a pure read? An allow-list over the statement's tokens.

LadybugDB 0.22 opened read-only still runs ``CHECKPOINT`` (it writes ``.wal``/``.shadow`` files
and leaves the graph unreadable), ``COPY … TO`` (overwrites any file), ``LOAD FROM`` (reads any
file), ``EXPORT``/``IMPORT DATABASE``, ``ATTACH``, ``INSTALL``/``LOAD EXTENSION`` and ``CALL``
of settings. Its prepared statements know whether they read only (``isReadOnly`` in C++), but
the Python API does not expose that, so the statement is tokenised here (strings, comments,
backtick names and ``$parameters`` are data) and every keyword must be one a read uses:

* refused wherever they stand: the first word of every clause or statement that is not a
  read (``STATEMENT_WORDS``: ``CREATE``, ``MERGE``, ``SET``, ``DELETE``, ``DETACH``,
  ``REMOVE``, ``DROP``, ``ALTER``, ``COPY``, ``LOAD``, ``CHECKPOINT``, ``BEGIN``, ``COMMIT``,
  ``ROLLBACK``, ``ATTACH``, ``USE``, ``EXPORT``, ``IMPORT``, ``INSTALL``, ``PROFILE``,
  ``EXPLAIN`` …), so what is left is ``MATCH``/``OPTIONAL MATCH``/``WITH``/``UNWIND``/
  ``RETURN``/``UNION`` and their expressions;
* ``CALL`` only of the catalogue functions in ``READ_CALLS`` (``CALL show_tables()`` …), never
  ``CALL setting=…`` or a file function; functions that change state or touch files
  (``nextval``, ``read_*``, ``copy_*``) refused; a second statement after ``;`` refused; text
  that cannot be tokenised refused.

A keyword used as a property (``d.from``), a label (``n:Project``) or a map key (``{key: $k}``)
is a name (no clause keyword ever follows ``.`` or ``:`` or is followed by ``:``); a variable that is spelled
like a refused keyword must be backtick-quoted (```from```). The check is deliberately stricter
than the grammar: a query it refuses names the word, and ``--write`` runs it unchecked.
"""

from __future__ import annotations

import functools
import re

from policykg.errors import QueryError

# Every clause or statement of LadybugDB's grammar (Cypher.g4) that is not a read begins with
# one of these words (the parser lists the statement starters when it fails on the first word;
# tests/test_security.py checks that every one of them but MATCH, OPTIONAL, WITH, UNWIND, RETURN
# and CALL is here): updating clauses, DDL, COPY, LOAD (FROM, EXTENSION), transactions,
# databases, extensions, EXPLAIN/PROFILE prefixes. They are refused wherever they stand (as a
# variable too); the other reserved words (START, TYPE, FROM …) only occur inside such a
# statement, so alone they are names (``e.span_start AS start``).
STATEMENT_WORDS = frozenset(
    {
        "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CHECKPOINT", "COMMENT", "COMMIT", "COMMIT_SKIP_CHECKPOINT",
        "COPY", "CREATE", "DELETE", "DETACH", "DROP", "EXPLAIN", "EXPORT", "FORCE", "FOREACH", "GRANT",
        "IMPORT", "INSTALL", "LOAD", "MERGE", "PROFILE", "REMOVE", "REVOKE", "ROLLBACK",
        "ROLLBACK_SKIP_CHECKPOINT", "SET", "TRUNCATE", "UNINSTALL", "UPDATE", "USE", "VACUUM",
    }
)  # fmt: skip
# table functions that only read the catalogue or the graph (checked in LadybugDB 0.22)
READ_CALLS = frozenset(
    [
        "show_tables",
        "table_info",
        "show_connection",
        "db_version",
        "show_functions",
        "current_setting",
        "show_indexes",
        "show_sequences",
        "show_warnings",
        "show_macros",
        "show_projected_graphs",
        "show_graphs",
        "stats_info",
        "storage_info",
    ]
)
WRITING_FUNCTIONS = frozenset({"NEXTVAL", "SETSEED", "CLEAR_WARNINGS", "FILE_INFO"})
FILE_FUNCTION_PREFIXES = ("READ_", "COPY_")

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<param>\$(?:\w+|`(?:[^`]|``)*`))
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<symbol>\.\.|<>|<=|>=|=~|->|<-|[-+*/%^=<>(){}\[\],.:;|!])
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None:
            raise QueryError(
                f"cannot read the query at character {pos} ({query[pos : pos + 20]!r}): "
                "an unterminated string, comment or name? A read-only query must be plain Cypher."
            )
        kind = m.lastgroup or ""
        if kind not in ("space", "comment"):
            out.append((kind, m.group()))
        pos = m.end()
    return out


def _refuse(what: str) -> QueryError:
    return QueryError(
        f"{what}: not allowed in a read-only query (the graph is open read-only, and only "
        "MATCH … RETURN reads run; no file is read or written). Pass --write (CLI) or "
        "write=True if you mean to change the graph; backtick-quote a variable spelled like a "
        "keyword."
    )


@functools.lru_cache(maxsize=2048)
def check_read_only(query: str) -> None:
    """Raise ``QueryError`` unless ``query`` is one statement made only of reading clauses."""
    toks = _tokens(query)
    if not toks:
        raise QueryError("empty query")
    for i, (kind, text) in enumerate(toks):
        prev = toks[i - 1][1] if i else ""
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if kind == "symbol" and text == ";":
            if i + 1 < len(toks):
                raise _refuse("a second statement after ';'")
            continue
        if kind != "word" or prev in (".", ":") or nxt == ":":
            continue  # d.from, (n:Project), {key: 1}: names, not keywords
        word = text.upper()
        if word in STATEMENT_WORDS:
            raise _refuse(word)
        if nxt == "(" and (word in WRITING_FUNCTIONS or word.startswith(FILE_FUNCTION_PREFIXES)):
            raise _refuse(f"the function {text}()")
        if word == "CALL":
            name = toks[i + 1] if i + 1 < len(toks) else ("", "")
            after = toks[i + 2][1] if i + 2 < len(toks) else ""
            if name[0] != "word" or name[1].lower() not in READ_CALLS or after != "(":
                raise _refuse(
                    f"CALL {name[1] or ''}".strip()
                    + f" (only CALL of {', '.join(sorted(READ_CALLS))})"
                )


def is_read_only(query: str) -> bool:
    """True when ``check_read_only`` accepts the query."""
    try:
        check_read_only(query)
    except QueryError:
        return False
    return True
