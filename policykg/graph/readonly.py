"""Is a Cypher statement a pure read? An allow-list over the statement's tokens.

Two dialects: ``ladybug`` (the embedded engine, below) and ``neo4j`` (the server: its
administration and procedure words too, see ``NEO4J_WORDS``; the server's own plan is checked
after this, in ``graph/neo4j.py``).

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
than the grammar: a query it refuses names the word, and ``--write`` runs it unchecked. A word
is compared after NFKC normalisation, so full-width ``ＣＲＥＡＴＥ`` is ``CREATE``; a character
that is neither a letter, a digit, a symbol of the grammar nor white space (a zero-width space
inside a keyword) makes the query unreadable, hence refused.

On Neo4j (``dialect="neo4j"``) also refused: ``SHOW``, ``TERMINATE``, ``DENY``, ``ENABLE``,
``RENAME``, ``CYPHER`` (query options), ``START``/``STOP DATABASE``, ``… IN TRANSACTIONS``;
``CALL`` only of a subquery (``CALL { … }``) or of the schema procedures in
``NEO4J_READ_CALLS`` (``CALL db.labels()``); a function with a namespace only from
``NEO4J_FUNCTION_NAMESPACES`` (``date.truncate``, ``point.distance`` …), so no ``apoc.*`` or
other plug-in function runs.
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
# Neo4j 5: the first words of administration and other non-read commands beyond the shared ones
NEO4J_WORDS = frozenset(
    {"CYPHER", "DEALLOCATE", "DENY", "DRYRUN", "ENABLE", "REALLOCATE", "RENAME", "SHOW", "TERMINATE", "TRANSACTIONS"}
)  # fmt: skip
# START DATABASE x / STOP DATABASE x; alone, ``start`` is a name (``e.span_start AS start``)
NEO4J_BEFORE_DATABASE = frozenset({"START", "STOP"})
# Neo4j procedures that only read the schema of the graph (mode READ, no file, no setting)
NEO4J_READ_CALLS = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)
# built-in function namespaces of Neo4j 5 (temporal, spatial, vector); anything else with a
# namespace is a plug-in's (apoc.load.json, apoc.import.*) and may read files or the network
NEO4J_FUNCTION_NAMESPACES = frozenset(
    {"date", "datetime", "localdatetime", "time", "localtime", "duration", "point", "vector"}
)
NEO4J_FUNCTIONS = frozenset({"db.nameelementid", "db.namefromelementid"})
DIALECTS = ("ladybug", "neo4j")
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
                "an unterminated string, comment or name, or a character that is not Cypher? "
                "A read-only query must be plain Cypher."
            )
        kind = m.lastgroup or ""
        if kind not in ("space", "comment"):
            out.append((kind, m.group()))
        pos = m.end()
    return out


def refuse(what: str) -> QueryError:
    """The ``QueryError`` of a read-only query that ``what`` (a word, a call) is not allowed in."""
    return QueryError(
        f"{what}: not allowed in a read-only query (the graph is open read-only, and only "
        "MATCH … RETURN reads run; no file is read or written). Pass --write (CLI) or "
        "write=True if you mean to change the graph; backtick-quote a variable spelled like a "
        "keyword."
    )


def _word(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper()


def _dotted(toks: list[tuple[str, str]], i: int) -> tuple[str, int]:
    """The name ``a.b.c`` that starts at token ``i`` (words joined by dots) and the index after it."""
    parts: list[str] = []
    while i < len(toks) and toks[i][0] in ("word", "quoted"):
        parts.append(toks[i][1].strip("`"))
        if i + 2 < len(toks) and toks[i + 1][1] == "." and toks[i + 2][0] in ("word", "quoted"):
            i += 2
            continue
        i += 1
        break
    return ".".join(parts), i


@functools.lru_cache(maxsize=2048)
def check_read_only(query: str, dialect: str = "ladybug") -> None:
    """Raise ``QueryError`` unless ``query`` is one statement made only of reading clauses.

    ``dialect``: ``"ladybug"`` (the embedded engine) or ``"neo4j"`` (the server's words too)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}")
    neo4j = dialect == "neo4j"
    refused = STATEMENT_WORDS | NEO4J_WORDS if neo4j else STATEMENT_WORDS
    toks = _tokens(query)
    if not toks:
        raise QueryError("empty query")
    for i, (kind, text) in enumerate(toks):
        prev = toks[i - 1][1] if i else ""
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if kind == "symbol" and text == ";":
            if i + 1 < len(toks):
                raise refuse("a second statement after ';'")
            continue
        if kind != "word" or prev in (".", ":") or nxt == ":":
            continue  # d.from, (n:Project), {key: 1}: names, not keywords
        word = _word(text)
        if word in refused:
            raise refuse(word)
        if nxt == "(" and (word in WRITING_FUNCTIONS or word.startswith(FILE_FUNCTION_PREFIXES)):
            raise refuse(f"the function {text}()")
        if neo4j:
            _check_neo4j_word(toks, i, word)
        elif word == "CALL":
            name = toks[i + 1] if i + 1 < len(toks) else ("", "")
            after = toks[i + 2][1] if i + 2 < len(toks) else ""
            if name[0] != "word" or name[1].lower() not in READ_CALLS or after != "(":
                raise refuse(
                    f"CALL {name[1] or ''}".strip()
                    + f" (only CALL of {', '.join(sorted(READ_CALLS))})"
                )


def _check_neo4j_word(toks: list[tuple[str, str]], i: int, word: str) -> None:
    """Neo4j's CALL, START/STOP DATABASE and namespaced functions at keyword position ``i``."""
    nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
    if word in NEO4J_BEFORE_DATABASE and _word(nxt) in ("DATABASE", "DATABASES"):
        raise refuse(f"{word} DATABASE")
    if word == "CALL":
        if nxt in ("{", "("):  # CALL { subquery } / CALL (x) { subquery }: checked word by word
            return
        name, _ = _dotted(toks, i + 1)
        if name.lower() not in NEO4J_READ_CALLS:
            raise refuse(
                f"CALL {name}".strip()
                + f" (only CALL {{ … }} and CALL of {', '.join(sorted(NEO4J_READ_CALLS))})"
            )
        return
    if nxt != ".":
        return
    name, end = _dotted(toks, i)
    if end < len(toks) and toks[end][1] == "(" and (i == 0 or _word(toks[i - 1][1]) != "CALL"):
        namespace = name.rsplit(".", 1)[0].lower()
        top = namespace.split(".", 1)[0]
        if top not in NEO4J_FUNCTION_NAMESPACES and name.lower() not in NEO4J_FUNCTIONS:
            raise refuse(f"the function {name}() (only built-in functions)")


def is_read_only(query: str, dialect: str = "ladybug") -> bool:
    """True when ``check_read_only`` accepts the query."""
    try:
        check_read_only(query, dialect)
    except QueryError:
        return False
    return True
