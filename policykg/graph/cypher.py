"""Every Cypher statement policykg sends, as pure builder functions.

Values always travel as parameters; the only names interpolated are labels, edge types and
property names, each validated against ``graph/schema.py``. Where the embedded engine
(LadybugDB) and Neo4j spell something differently, the difference is in ``DIALECTS`` and
nowhere else. ``all_statements()`` lists every statement with example parameters so the
Neo4j linter test can check each one.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.graph.schema import EDGES, NODES, check_edge, check_label, edge_props


@dataclass(frozen=True)
class Dialect:
    """How one engine spells what the engines disagree on; builders format these templates."""

    name: str
    set_all: bool  # SET n += row.props supported
    node_label: str  # a node's (one) label, {v} = the variable
    in_list: str  # {item} is an element of {list}
    typed_param: str  # a parameter column value typed as {type}; "{expr}" = untyped
    shortest: str | None = None  # shortest-path variable-length pattern up to {hi} hops


DIALECTS: dict[str, Dialect] = {
    "ladybug": Dialect(
        "ladybug",
        set_all=False,
        node_label="label({v})",
        in_list="list_contains({list}, {item})",
        # LadybugDB types an all-null parameter column as STRING: cast every non-STRING value
        typed_param="CAST({expr} AS {type})",
        shortest="* SHORTEST 1..{hi}",
    ),
    "neo4j": Dialect(
        "neo4j",
        set_all=True,
        node_label="labels({v})[0]",
        in_list="{item} IN {list}",
        typed_param="{expr}",  # Neo4j values carry their own type
    ),
}


def _q(name: str) -> str:
    """Backtick a property name (``end``, ``count`` … are keywords in some dialects)."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad property name {name!r}")
    return f"`{name}`"


# ---------------------------------------------------------------- writes


def _value(prop: str, type_: str, dialect: Dialect) -> str:
    """``row.prop``, typed where the dialect needs it (``Dialect.typed_param``)."""
    if type_ != "STRING":
        return dialect.typed_param.format(expr=f"row.{_q(prop)}", type=type_)
    return f"row.{_q(prop)}"


def upsert_nodes(label: str, dialect: Dialect, fill_only: bool = False) -> str:
    """MERGE nodes of one label from ``$rows`` (each row has every property of the label)."""
    check_label(label)
    props = [p for p in NODES[label] if p != "id"]
    if dialect.set_all and not fill_only:
        return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"
    types = NODES[label]
    if fill_only:
        sets = ", ".join(
            f"n.{_q(p)} = coalesce(n.{_q(p)}, {_value(p, types[p], dialect)})" for p in props
        )
    else:
        sets = ", ".join(f"n.{_q(p)} = {_value(p, types[p], dialect)}" for p in props)
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {sets}"


def set_node_props(label: str, props: list[str], dialect: Dialect) -> str:
    """Set ``props`` of the existing ``label`` nodes ``$rows`` (each row: id and those props).
    Only these columns change: LadybugDB's checkpoint rewrites each column an update touches."""
    check_label(label)
    types = NODES[label]
    for p in props:
        if p not in types or p == "id":
            raise ValueError(f"{label} has no settable property {p!r}")
    sets = ", ".join(f"n.{_q(p)} = {_value(p, types[p], dialect)}" for p in props)
    return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET {sets}"


def upsert_edges(edge_type: str, src_label: str, dst_label: str, dialect: Dialect) -> str:
    """MERGE edges keyed by (ends, source, span_start) from ``$rows`` (row.src, row.dst, props)."""
    check_edge(edge_type)
    check_label(src_label)
    check_label(dst_label)
    if (src_label, dst_label) not in EDGES[edge_type].ends:
        raise ValueError(f"{edge_type} does not go from {src_label} to {dst_label}")
    props = [p for p in edge_props(edge_type) if p not in ("source", "span_start")]
    head = (
        f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) MATCH (b:{dst_label} {{id: row.dst}}) "
        f"MERGE (a)-[e:{edge_type} {{source: row.source, span_start: row.span_start}}]->(b)"
    )
    if dialect.set_all:
        return head + " SET e += row.props"
    types = edge_props(edge_type)
    sets = ", ".join(f"e.{_q(p)} = {_value(p, types[p], dialect)}" for p in props)
    return f"{head} SET {sets}"


def delete_facts_of(edge_type: str) -> str:
    """Remove the edges documents contributed (their evidence), before they are written again.
    One statement for a whole group of documents: each runs one scan of the edge table."""
    check_edge(edge_type)
    return f"UNWIND $sources AS s MATCH ()-[e:{edge_type}]->() WHERE e.source = s DELETE e"


def facts_by_source(edge_type: str, dialect: Dialect, ends: tuple[str, str] | None = None) -> str:
    """The edges whose evidence is one of ``$sources`` (any source: knowledge tables too),
    with ends and properties as ``facts_of`` returns them; one scan of the edge table, or,
    with ``ends`` (from and to label), of that label pair's part of it."""
    a, b = "(a)", "(b)"
    if ends is not None:
        a, b = f"(a:{check_label(ends[0])})", f"(b:{check_label(ends[1])})"
    return (
        f"UNWIND $sources AS s MATCH {a}-[e:{edge_type}]->{b} WHERE e.source = s "
        f"{_fact_columns(edge_type, dialect)}"
    )


def _fact_columns(edge_type: str, dialect: Dialect) -> str:
    """The RETURN of a fact read: ends (label, id) and every property as ``p_<name>``."""
    check_edge(edge_type)
    la, lb = dialect.node_label.format(v="a"), dialect.node_label.format(v="b")
    props = ", ".join(f"e.{_q(p)} AS {_q('p_' + p)}" for p in edge_props(edge_type))
    return f"RETURN {la} AS la, a.id AS a, {lb} AS lb, b.id AS b, {props}"


def facts_of(edge_type: str, dialect: Dialect, each: bool) -> list[tuple[str, bool]]:
    """Statements that together return the edges documents contributed: ends (label, id) and
    every property, each as ``p_<name>`` (a write compares them, and writes only what changed).

    Each is ``(statement, per_document)``: a per-document statement takes one document id as
    ``$s``, the others every document at once as ``$sources``. Without ``each`` (Neo4j, whose
    index on ``source`` serves ``UNWIND $sources``) that is one statement per edge type. With
    ``each`` (LadybugDB, which looks ``{id: $s}`` up by key for one value but joins ``UNWIND``
    with a scan of the whole edge table, properties included), an edge from a Document is found
    from the document, which is its evidence (tests/test_write_diff.py checks that rule on real
    graphs), and the edges between other labels are scanned, one label pair at a time."""
    if not each:
        return [(facts_by_source(edge_type, dialect), False)]
    ret = _fact_columns(edge_type, dialect)
    out: list[tuple[str, bool]] = []
    for src, dst in EDGES[edge_type].ends:
        if src == "Document":
            match = f"MATCH (a:Document {{id: $s}})-[e:{edge_type}]->(b:{dst}) WHERE e.source = $s"
            out.append((f"{match} {ret}", True))
        else:
            out.append((facts_by_source(edge_type, dialect, (src, dst)), False))
    return out


def nodes_by_ids(label: str) -> str:
    """Every property of the ``label`` nodes ``$ids`` (key lookups)."""
    check_label(label)
    props = ", ".join(f"n.{_q(p)} AS {_q(p)}" for p in NODES[label])
    return f"UNWIND $ids AS x MATCH (n:{label} {{id: x}}) RETURN {props}"


def delete_edges_by_key(edge_type: str, src_label: str, dst_label: str) -> str:
    """Delete the edges ``$rows`` (a, b, source, start) name. LadybugDB plans this as one scan
    of the edge table per statement (it plans no key lookup when both ends are keyed by a
    row's fields), so callers delete only what changed."""
    check_edge(edge_type)
    check_label(src_label)
    check_label(dst_label)
    return (
        f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.a}})-[e:{edge_type}]->(b:{dst_label} {{id: r.b}}) "
        "WHERE e.source = r.source AND (e.span_start = r.start OR (e.span_start IS NULL AND r.start IS NULL)) "
        "DELETE e"
    )


def figures_of_except(dialect: Dialect) -> str:
    """Delete the Figure nodes of documents ``$ids`` that are not in ``$keep``."""
    keep = dialect.in_list.format(list="$keep", item="f.id")
    return (
        "UNWIND $ids AS x MATCH (d:Document {id: x})-[:HAS_FIGURE]->(f:Figure) "
        f"WHERE NOT {keep} DETACH DELETE f"
    )


DELETE_FIGURES_OF = (
    "UNWIND $ids AS x MATCH (d:Document {id: x})-[:HAS_FIGURE]->(f:Figure) DETACH DELETE f"
)
DOCUMENTS_BY_PATHS = "MATCH (d:Document) WHERE d.ingested = true AND d.path IN $paths RETURN d.path AS path, d.id AS id, d.sha256 AS sha256, d.file_stat AS file_stat"
INGESTED_DOCUMENTS = "MATCH (d:Document) WHERE d.ingested = true RETURN d.path AS path, d.id AS id, d.sha256 AS sha256, d.file_stat AS file_stat"
SET_FILE_STATS = "UNWIND $rows AS r MATCH (d:Document {id: r.id}) WHERE d.path = r.path AND d.ingested = true SET d.file_stat = r.stat"
UNINGEST_DOCUMENT = "MATCH (d:Document {id: $id}) SET d.ingested = false, d.path = NULL, d.sha256 = NULL, d.file_stat = NULL, d.series = NULL"
PRUNE_CITED_ONLY = (
    "MATCH (d:Document) WHERE d.ingested = false AND NOT EXISTS { MATCH (:Document)-[:CITES]->(d) } "
    "DETACH DELETE d"
)
PRUNE_PROJECTS = (
    "MATCH (p:Project) WHERE NOT EXISTS { MATCH (:Document)-[:LISTS]->(p) } DETACH DELETE p"
)
PRUNE_SERIES = (
    "MATCH (s:Series) WHERE NOT EXISTS { MATCH (:Document)-[:IN_SERIES]->(s) } DETACH DELETE s"
)
PRUNE_AGENCIES = (
    "MATCH (a:Agency) WHERE NOT EXISTS { MATCH (:Document)-[]->(a) } AND NOT EXISTS { MATCH (a)-[:LEADS]->(:Project) } "
    "AND NOT EXISTS { MATCH (:Agency)-[:PART_OF]->(a) } DETACH DELETE a"
)
PRUNE_REGIONS = (
    "MATCH (r:Region) WHERE NOT EXISTS { MATCH (x)-[:LOCATED_IN]->(r) } "
    "AND NOT EXISTS { MATCH (:Document)-[:LOCATED_IN]->(r) } DETACH DELETE r"
)
SERIES_MEMBERS = (  # for a list of series at once
    "UNWIND $series AS k MATCH (d:Document)-[e:IN_SERIES]->(s:Series {id: k}) "
    "WHERE d.ingested = true AND d.plan_year IS NOT NULL "
    "RETURN s.id AS series, d.id AS id, d.plan_year AS year, e.span_start AS start, e.span_end AS end_, "
    "e.sentence AS sentence ORDER BY series, year, id"
)
ALL_SERIES = "MATCH (s:Series) RETURN s.id AS id ORDER BY id"
COUNT_INGESTED = "MATCH (d:Document) WHERE d.ingested = true RETURN count(d) AS n"
SUCCESSORS_IN_SERIES = (
    "UNWIND $series AS k MATCH (a:Document)-[e:SUCCESSOR_OF]->(b:Document) WHERE a.series = k OR b.series = k "
    "RETURN DISTINCT a.id AS a, b.id AS b, e.source AS source, e.span_start AS start, "
    + ", ".join(f"e.{_q(p)} AS {_q('p_' + p)}" for p in edge_props("SUCCESSOR_OF"))
)
META_GET = "MATCH (m:Meta {key: $key}) RETURN m.value AS value"
META_SET = "MERGE (m:Meta {key: $key}) SET m.value = $value"

# ---------------------------------------------------------------- reads


def count_nodes(label: str) -> str:
    """Count the nodes of a schema label."""
    check_label(label)
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_edges(edge_type: str) -> str:
    """Count the edges of a schema edge type."""
    check_edge(edge_type)
    return f"MATCH ()-[e:{edge_type}]->() RETURN count(e) AS n"


DOCUMENT_BY_ID = "MATCH (d:Document {id: $id}) RETURN d.id AS id"  # primary key: no scan
FIND_DOCUMENT = (
    "MATCH (d:Document) WHERE d.id = $key OR d.doc_number = $key OR d.title_key = $key "
    "RETURN d.id AS id ORDER BY d.ingested DESC LIMIT 5"
)
FIND_DOCUMENT_BY_TEXT = (
    "MATCH (d:Document) WHERE d.title CONTAINS $text RETURN d.id AS id, d.title AS title "
    "ORDER BY d.ingested DESC, d.id LIMIT 20"
)
DOCUMENT_PROPS = (  # UNWIND + key lookup: ~8x faster than `WHERE d.id IN $ids` on a large list
    "UNWIND $ids AS x MATCH (d:Document {id: x}) RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, "
    "d.date AS date, d.issuer AS issuer, d.ingested AS ingested, d.path AS path, d.plan_year AS plan_year, "
    "d.region AS region"
)
# Hops of a trace. No ORDER BY: sorting would read every hop of a document cited tens of
# thousands of times; the caller sorts what it keeps, and LIMIT stops the scan early.
_HOP = (
    "RETURN a.id AS src, b.id AS dst, e.sentence AS sentence, e.span_start AS start, e.span_end AS end_, "
    "e.form AS form, e.cited_title AS cited_title LIMIT $limit"
)
CITES_OUT = "UNWIND $ids AS x MATCH (a:Document {id: x})-[e:CITES]->(b:Document) " + _HOP
CITES_IN = "UNWIND $ids AS x MATCH (a:Document)-[e:CITES]->(b:Document {id: x}) " + _HOP
# the same two for one id: a key lookup, ~50x faster than UNWIND for a frontier of a few ids
CITES_OUT_ONE = "MATCH (a:Document {id: $id})-[e:CITES]->(b:Document) " + _HOP
CITES_IN_ONE = "MATCH (b:Document {id: $id})<-[e:CITES]-(a:Document) " + _HOP


def cites_level(direction: str, level: int, dialect: Dialect) -> str | None:
    """The hops of trace level ``level + 1`` in one statement: CITES edges at the documents
    ``level`` steps (shortest) from the root ``$id``. The engine walks from the root's key
    (LadybugDB: 4–9 ms at 100,000 documents); an UNWIND over the frontier's ids instead scans
    every CITES edge (150–550 ms there). None where the dialect has no shortest-path pattern."""
    if dialect.shortest is None:
        return None
    if direction not in ("in", "out") or not 1 <= int(level) <= 20:
        raise ValueError(f"bad trace level {direction!r} {level!r}")
    pat, k = dialect.shortest.format(hi=int(level)), int(level)
    if direction == "out":
        walk = f"MATCH p = (r:Document {{id: $id}})-[:CITES{pat}]->(a:Document) "
        step = "MATCH (a)-[e:CITES]->(b:Document) "
        end = "a"
    else:
        walk = f"MATCH p = (r:Document {{id: $id}})<-[:CITES{pat}]-(b:Document) "
        step = "MATCH (a:Document)-[e:CITES]->(b) "
        end = "b"
    return f"{walk}WHERE length(p) = {k} AND {end}.id <> $id {step}{_HOP}"


CITED_BY_COUNT = "MATCH (b:Document {id: $id})<-[e:CITES]-(:Document) RETURN count(e) AS n"
CITES_COUNT = "MATCH (a:Document {id: $id})-[e:CITES]->(:Document) RETURN count(e) AS n"
DOCUMENT_PROPS_ONE = (
    "MATCH (d:Document) WHERE d.id = $id RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, "
    "d.date AS date, d.issuer AS issuer, d.ingested AS ingested, d.path AS path, d.plan_year AS plan_year, "
    "d.region AS region"
)
SERIES_OF_DOCUMENT = "MATCH (d:Document {id: $id}) RETURN d.series AS series"
SERIES_BY_TEXT = (
    "MATCH (s:Series) WHERE s.id = $text OR s.name CONTAINS $text OR s.id CONTAINS $text "
    "RETURN s.id AS id ORDER BY id LIMIT 5"
)
LINEAGE = (
    "MATCH (d:Document)-[:IN_SERIES]->(s:Series {id: $series}) "
    "OPTIONAL MATCH (d)-[:HAS_FIGURE]->(f:Figure) "
    "RETURN d.id AS id, d.plan_year AS year, d.title AS title, d.date AS date, "
    "f.category AS category, f.count AS count, f.total_investment_yuan AS total, "
    "f.annual_plan_yuan AS annual, f.approximate AS approximate, f.completed_yuan AS completed "
    "ORDER BY year, category"
)
SUCCESSORS = (
    "MATCH (a:Document)-[e:SUCCESSOR_OF]->(b:Document) WHERE a.series = $series "
    "RETURN a.id AS later, b.id AS earlier, e.gap_years AS gap_years, e.missing_years AS missing_years"
)
FIND_PROJECT = (
    "MATCH (p:Project) WHERE p.name = $text OR p.name_key = $text OR p.id = $text OR p.name CONTAINS $text "
    "RETURN p.id AS id, p.name AS name ORDER BY size(p.name), id LIMIT 10"
)


def find_agency(dialect: Dialect) -> str:
    """An agency by id, name or any alias."""
    alias = dialect.in_list.format(list="a.aliases", item="$text")
    return (
        f"MATCH (a:Agency) WHERE a.id = $text OR a.name = $text OR {alias} "
        "RETURN a.id AS id, a.name AS name LIMIT 10"
    )


PROJECT_LEADS = (
    "MATCH (a:Agency)-[e:LEADS]->(p:Project {id: $id}) "
    "RETURN a.id AS agency, a.name AS name, e.as_written AS as_written, e.year AS year, e.source AS source, "
    "e.sentence AS sentence, e.span_start AS start, e.span_end AS end_ ORDER BY year, source, start, agency"
)
PROJECT_LISTS = (
    "MATCH (d:Document)-[e:LISTS]->(p:Project {id: $id}) "
    "RETURN d.id AS document, d.title AS title, e.year AS year, e.seq AS seq, e.stage AS stage, "
    "e.category_path AS category_path, e.annual_goal AS annual_goal, e.sentence AS sentence "
    "ORDER BY year, document, e.span_start"
)
PROJECT_REGION = (
    "MATCH (p:Project {id: $id})-[:LOCATED_IN]->(r:Region) RETURN r.id AS code, r.name AS name"
)
AGENCY_PARENT = "MATCH (a:Agency {id: $id})-[e:PART_OF]->(p:Agency) RETURN p.id AS id, p.name AS name, e.sentence AS sentence"
AGENCY_REGION = (
    "MATCH (a:Agency {id: $id})-[:LOCATED_IN]->(r:Region) RETURN r.id AS code, r.name AS name"
)
REGION_PARENT = (
    "MATCH (r:Region {id: $code})-[:LOCATED_IN]->(p:Region) RETURN p.id AS code, p.name AS name"
)
AGENCY_PROJECTS = (
    "MATCH (a:Agency {id: $id})-[e:LEADS]->(p:Project) "
    "RETURN p.id AS project, p.name AS name, e.year AS year, e.source AS source "
    "ORDER BY year, name, project, source, e.span_start"
)
AGENCY_DUTIES = (
    "MATCH (d:Document)-[e:ASSIGNS]->(a:Agency {id: $id}) WHERE e.relation <> 'mention' "
    "RETURN d.id AS document, d.title AS title, d.plan_year AS year, e.sentence AS sentence, "
    "e.span_start AS start, e.span_end AS end_, e.relation AS relation ORDER BY year, document, start"
)
# validation
VALIDATE_CITED_AFTER = (
    "MATCH (a:Document)-[e:CITES]->(b:Document) WHERE a.date IS NOT NULL AND b.date IS NOT NULL AND b.date > a.date "
    "RETURN a.id AS citer, b.id AS cited, a.date AS citer_date, b.date AS cited_date ORDER BY citer, cited"
)
VALIDATE_SELF_CITES = "MATCH (a:Document)-[e:CITES]->(a) RETURN a.id AS id, e.sentence AS sentence ORDER BY id, e.span_start"
VALIDATE_DOCS = (
    "MATCH (d:Document) WHERE d.ingested = true RETURN d.id AS id, d.doc_number AS doc_number, d.date AS date, "
    "d.issuer AS issuer, d.title AS title, d.plan_year AS plan_year ORDER BY id"
)
VALIDATE_CITED_TITLES = (
    "MATCH (a:Document)-[e:CITES]->(b:Document) WHERE e.cited_number IS NOT NULL AND e.cited_title IS NOT NULL "
    "RETURN a.id AS citer, e.cited_number AS number, e.cited_title AS title, e.sentence AS sentence "
    "ORDER BY citer, e.span_start"
)
VALIDATE_FIGURES = (
    "MATCH (d:Document)-[:HAS_FIGURE]->(f:Figure) RETURN d.id AS id, f.category AS category, f.count AS count, "
    "f.total_investment_yuan AS total, f.annual_plan_yuan AS annual ORDER BY id, f.id"
)
VALIDATE_UNRESOLVED = (
    "MATCH (a:Agency) WHERE a.resolved = false OPTIONAL MATCH (d:Document)-[e]->(a) "
    "RETURN a.id AS id, a.name AS name, a.jurisdiction_guess AS guess, count(e) AS mentions "
    "ORDER BY mentions DESC, id"
)
# export / networkx


def nodes_of(label: str) -> str:
    """Every node of a label with all its schema properties, by id."""
    check_label(label)
    props = ", ".join(f"n.{_q(p)} AS {_q(p)}" for p in NODES[label])
    return f"MATCH (n:{label}) RETURN {props} ORDER BY n.id"


def edges_of(edge_type: str, dialect: Dialect) -> str:
    """Every edge of a type with its ends' labels and ids and all its schema properties."""
    check_edge(edge_type)
    props = ", ".join(f"e.{_q(p)} AS {_q(p)}" for p in edge_props(edge_type))
    src, dst = dialect.node_label.format(v="a"), dialect.node_label.format(v="b")
    return (
        f"MATCH (a)-[e:{edge_type}]->(b) RETURN a.id AS src, {src} AS src_label, "
        f"b.id AS dst, {dst} AS dst_label, {props}"
    )


# ---------------------------------------------------------------- lookups: filters, search, show

FILTERS = ("since", "until", "issuer", "region")  # the flags of document_filter


def document_filter(
    var: str, since: bool = False, until: bool = False, issuer: bool = False, region: bool = False
) -> str:
    """Conditions on document ``var`` for the filters asked (joined with AND; "" for none).
    Parameters: ``$since``/``$until`` (YYYY-MM-DD, on 成文日期 else publication date),
    ``$issuer`` (part of the name) and ``$issuers`` (canonical names of matching agencies),
    ``$region`` (part of the region text) and ``$region_codes`` (the region and those inside)."""
    if not var.isidentifier():
        raise ValueError(f"bad variable name {var!r}")
    when = f"coalesce({var}.date, {var}.published)"
    conds = []
    if since:
        conds.append(f"{when} >= $since")
    if until:
        conds.append(f"{when} <= $until")
    if issuer:
        conds.append(f"({var}.issuer CONTAINS $issuer OR {var}.issuer IN $issuers)")
    if region:
        conds.append(
            f"(EXISTS {{ MATCH ({var})-[:LOCATED_IN]->(rf:Region) WHERE rf.id IN $region_codes }} "
            f"OR {var}.region CONTAINS $region)"
        )
    return " AND ".join(conds)


def _and(cond: str) -> str:
    return f" AND {cond}" if cond else ""


def _where(cond: str) -> str:
    return f" WHERE {cond}" if cond else ""


def documents_passing(**flags: bool) -> str:
    """Which of ``$ids`` pass the filters (``flags`` as for :func:`document_filter`)."""
    return (
        f"UNWIND $ids AS x MATCH (d:Document {{id: x}}){_where(document_filter('d', **flags))} "
        "RETURN d.id AS id"
    )


def wanted(**flags: bool) -> str:
    """Cited-only documents, most cited first, counting only citing documents that pass."""
    return (
        "MATCH (a:Document)-[e:CITES]->(d:Document) WHERE d.ingested = false"
        f"{_and(document_filter('a', **flags))} "
        "RETURN d.id AS id, d.doc_number AS doc_number, d.title AS title, count(DISTINCT a) AS cited_by, "
        "collect(DISTINCT e.cited_title) AS titles_as_cited, collect(DISTINCT a.id) AS citing "
        "ORDER BY cited_by DESC, id LIMIT $limit"
    )


def wanted_count(**flags: bool) -> str:
    """How many documents :func:`wanted` would list without its limit. Unfiltered: the
    cited-only documents (a node scan; pruning keeps only those something cites), not a
    second pass over every CITES edge."""
    if not any(flags.values()):
        return "MATCH (d:Document) WHERE d.ingested = false RETURN count(d) AS n"
    return (
        "MATCH (a:Document)-[:CITES]->(d:Document) WHERE d.ingested = false"
        f"{_and(document_filter('a', **flags))} RETURN count(DISTINCT d) AS n"
    )


def search_candidates(**flags: bool) -> str:
    """Every document passing the filters: what a search scores (substring, then fuzzy) in
    one scan; the few kept are then read with ``SEARCH_PROPS``."""
    return (
        f"MATCH (d:Document){_where(document_filter('d', **flags))} "
        "RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.ingested AS ingested"
    )


SEARCH_PROPS = (
    "UNWIND $ids AS x MATCH (d:Document {id: x}) "
    "RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.date AS date, "
    "d.published AS published, d.issuer AS issuer, d.region AS region, d.ingested AS ingested, "
    "d.path AS path"
)
REGIONS_NAMED = (
    "MATCH (r:Region) WHERE r.id = $text OR r.name = $text OR r.name CONTAINS $text "
    "RETURN r.id AS code, r.name AS name"
)
REGIONS_INSIDE = (
    "MATCH (c:Region)-[:LOCATED_IN]->(p:Region) WHERE p.id IN $codes RETURN c.id AS code"
)
FIND_DOCUMENT_BY_TEXT_COUNT = "MATCH (d:Document) WHERE d.title CONTAINS $text RETURN count(d) AS n"
SHOW_DOCUMENT = (
    "MATCH (d:Document {id: $id}) RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, "
    "d.doc_type AS doc_type, d.issuer AS issuer, d.issuer_is_inferred AS issuer_is_inferred, "
    "d.date AS date, d.published AS published, d.region AS region, d.plan_year AS plan_year, "
    "d.addressees AS addressees, d.attachments AS attachments, d.transmits AS transmits, "
    "d.series AS series, d.ingested AS ingested, d.path AS path, d.sha256 AS sha256"
)
SHOW_CITES = (
    "MATCH (d:Document {id: $id})-[e:CITES]->(b:Document) "
    "RETURN b.id AS id, b.title AS title, b.doc_number AS doc_number, b.path AS path, "
    "b.ingested AS ingested, e.form AS form, e.cited_title AS cited_title, e.cited_number AS cited_number, "
    "e.status AS status, e.candidates AS candidates, "
    "e.sentence AS sentence, e.span_start AS start, e.span_end AS end_ ORDER BY start, id LIMIT $limit"
)
SHOW_CITED_BY = (
    "MATCH (a:Document)-[e:CITES]->(d:Document {id: $id}) "
    "RETURN a.id AS id, a.title AS title, a.doc_number AS doc_number, a.path AS path, "
    "a.ingested AS ingested, a.date AS date, e.form AS form, e.sentence AS sentence, "
    "e.span_start AS start, e.span_end AS end_ ORDER BY date, id, start LIMIT $limit"
)
SHOW_PROJECTS = (
    "MATCH (d:Document {id: $id})-[e:LISTS]->(p:Project) "
    "RETURN p.id AS id, p.name AS name, e.year AS year, e.seq AS seq, e.stage AS stage, "
    "e.category_path AS category_path, e.lead_unit AS lead_unit, e.sentence AS sentence "
    "ORDER BY seq, name LIMIT $limit"
)
SHOW_ISSUERS = (
    "MATCH (d:Document {id: $id})-[e:ISSUED_BY]->(a:Agency) "
    "RETURN a.id AS id, a.name AS name, e.inferred AS inferred, e.sentence AS sentence, "
    "e.span_start AS start, e.span_end AS end_"
)
SHOW_DUTIES = (
    "MATCH (d:Document {id: $id})-[e:ASSIGNS]->(a:Agency) WHERE e.relation <> 'mention' "
    "RETURN a.id AS id, a.name AS name, e.as_written AS as_written, e.relation AS relation, "
    "e.sentence AS sentence, e.span_start AS start, e.span_end AS end_ "
    "ORDER BY start, id LIMIT $limit"
)
SHOW_FIGURES = (
    "MATCH (d:Document {id: $id})-[e:HAS_FIGURE]->(f:Figure) "
    "RETURN f.category AS category, f.count AS count, f.total_investment_yuan AS total, "
    "f.annual_plan_yuan AS annual, f.completed_yuan AS completed, f.approximate AS approximate, "
    "f.year AS year, e.sentence AS sentence, e.span_start AS start, e.span_end AS end_ "
    "ORDER BY start, category"
)
SHOW_COUNTS = (  # each a key lookup and the document's own edges; summed by the caller
    "MATCH (d:Document {id: $id})-[e:CITES]->(b:Document) "
    "RETURN 'cites' AS k, count(e) AS n, count(DISTINCT b) AS docs "
    "UNION ALL MATCH (a:Document)-[e:CITES]->(d:Document {id: $id}) "
    "RETURN 'cited_by' AS k, count(e) AS n, count(DISTINCT a) AS docs "
    "UNION ALL MATCH (d:Document {id: $id})-[e:LISTS]->(p:Project) "
    "RETURN 'projects' AS k, count(e) AS n, count(DISTINCT p) AS docs "
    "UNION ALL MATCH (d:Document {id: $id})-[e:ASSIGNS]->(a:Agency) WHERE e.relation <> 'mention' "
    "RETURN 'duties' AS k, count(e) AS n, count(DISTINCT a) AS docs"
)
SHOW_SERIES = (
    "MATCH (d:Document {id: $id})-[e:IN_SERIES]->(s:Series) "
    "RETURN s.id AS id, s.name AS name, e.year AS year, e.sentence AS sentence"
)
SHOW_PREVIOUS = (
    "MATCH (d:Document {id: $id})-[e:SUCCESSOR_OF]->(b:Document) "
    "RETURN b.id AS id, b.title AS title, b.doc_number AS doc_number, b.path AS path, "
    "b.plan_year AS year, e.gap_years AS gap_years, e.missing_years AS missing_years"
)
SHOW_NEXT = (
    "MATCH (a:Document)-[e:SUCCESSOR_OF]->(d:Document {id: $id}) "
    "RETURN a.id AS id, a.title AS title, a.doc_number AS doc_number, a.path AS path, "
    "a.plan_year AS year, e.gap_years AS gap_years, e.missing_years AS missing_years"
)


def all_statements(dialect: Dialect) -> list[tuple[str, dict]]:
    """Every statement with example parameters (for linters and tests)."""
    out: list[tuple[str, dict]] = []
    for label in NODES:
        out.append((upsert_nodes(label, dialect), {"rows": []}))
        out.append((upsert_nodes(label, dialect, fill_only=True), {"rows": []}))
        out.append((count_nodes(label), {}))
        out.append((nodes_of(label), {}))
    for t, et in EDGES.items():
        out.append((delete_facts_of(t), {"sources": ["x"]}))
        out.append((facts_by_source(t, dialect), {"sources": ["x"]}))
        for s, d in et.ends:
            out.append((facts_by_source(t, dialect, (s, d)), {"sources": ["x"]}))
        for q, one in facts_of(t, dialect, each=True):
            out.append((q, {"s": "x"} if one else {"sources": ["x"]}))
        out.append((count_edges(t), {}))
        out.append((edges_of(t, dialect), {}))
        for s, d in et.ends:
            out.append((upsert_edges(t, s, d, dialect), {"rows": []}))
    out.append((find_agency(dialect), {"text": "x"}))
    for direction in ("in", "out"):
        for level in (1, 4):
            stmt = cites_level(direction, level, dialect)
            if stmt:
                out.append((stmt, {"id": "x", "limit": 1}))
    every = dict.fromkeys(FILTERS, True)
    filtered = {"since": "2020-01-01", "until": "2020-12-31", "issuer": "x", "issuers": ["x"]}
    filtered |= {"region": "x", "region_codes": ["500000"]}
    out.append((documents_passing(**every), {"ids": ["x"], **filtered}))
    out.append((wanted(**every), {"limit": 1, **filtered}))
    out.append((wanted_count(**every), filtered))
    out.append((wanted_count(), {}))
    out.append((search_candidates(**every), filtered))
    for name, value in globals().items():
        if (
            name.isupper()
            and isinstance(value, str)
            and value.startswith(("MATCH", "MERGE", "UNWIND"))
        ):
            out.append((value, {}))
    return out


# ---------------------------------------------------------------- embedded (LadybugDB) only
# (functions, not constants, so ``all_statements`` does not send them to the Neo4j linter)


def ladybug_ddl() -> list[str]:
    """CREATE statements for every table of the schema on LadybugDB (idempotent)."""
    out = ["CREATE NODE TABLE IF NOT EXISTS Meta(key STRING PRIMARY KEY, value STRING)"]
    for label, props in NODES.items():
        cols = ", ".join(f"`{p}` {t}" for p, t in props.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY(id))")
    for name, et in EDGES.items():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in et.ends)
        cols = ", ".join(f"`{p}` {t}" for p, t in edge_props(name).items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {name}({ends}, {cols})")
    return out


def ladybug_show_tables() -> str:
    """The tables of a LadybugDB file (column 1: the name)."""
    return "CALL show_tables() RETURN *"


def any_version_schema_version() -> str:
    """The schema version, readable in a graph of any policykg schema version (migrate)."""
    return "MATCH (m:Meta) WHERE m.key = 'schema_version' RETURN m.value"


def any_version_source_paths() -> str:
    """The source files of ingested documents, in a graph of any schema version (migrate)."""
    return "MATCH (d:Document) WHERE d.ingested = true RETURN DISTINCT d.path"


def ladybug_begin(read_only: bool = False) -> str:
    """Open an explicit transaction on LadybugDB (a read-only one for proven reads)."""
    return "BEGIN TRANSACTION READ ONLY" if read_only else "BEGIN TRANSACTION"


def ladybug_commit() -> str:
    """Commit LadybugDB's open transaction."""
    return "COMMIT"


def ladybug_rollback() -> str:
    """Roll back LadybugDB's open transaction."""
    return "ROLLBACK"


def ladybug_checkpoint_threshold() -> str:
    """LadybugDB's current checkpoint threshold (bytes of WAL), as ``checkpoint_threshold``."""
    return "CALL current_setting('checkpoint_threshold') RETURN *"


def ladybug_set_checkpoint_threshold(size: int) -> str:
    """Set LadybugDB's checkpoint threshold to ``size`` bytes (an int: nothing user-given)."""
    return f"CALL checkpoint_threshold={int(size)}"


def ladybug_drop_table(name: str) -> str:
    """Drop one data table of the schema (the journal empties a graph before a bulk load)."""
    if name not in NODES and name not in EDGES:
        raise ValueError(f"not a table of the schema: {name!r}")
    return f"DROP TABLE IF EXISTS {name}"


def ladybug_copy_from(
    table: str,
    header: dict[str, str],
    sources: list[str],
    returns: list[str],
    rel: tuple[str, str] | None,
    delim: str,
    quote: str,
) -> str:
    """``COPY table FROM (LOAD WITH HEADERS (…) FROM [files] (…) RETURN …)``: the bulk load of
    CSV part files (``graph/bulk.py``). ``header``: the CSV's columns and the types they are
    read as; ``sources``: the files as quoted string literals (LOAD FROM takes no parameter:
    ``bulk.quote_path``); ``returns``: one expression per table column, in table order, that
    undoes the CSV encoding (``bulk._decode``); ``rel``: (from, to) labels of an edge table."""
    if table not in NODES and table not in EDGES:
        raise ValueError(f"not a table of the schema: {table!r}")
    cols = ", ".join(f"{_q(c)} {t}" for c, t in header.items())
    opts = f" (from='{rel[0]}', to='{rel[1]}')" if rel else ""
    return (
        f"COPY {table} FROM (LOAD WITH HEADERS ({cols}) FROM [{', '.join(sources)}] "
        f"(header=true, delim='{delim}', quote='{quote}', escape='{quote}', parallel=false) "
        f"RETURN {', '.join(returns)}){opts}"
    )


# ---------------------------------------------------------------- Neo4j only
# (functions, for the same reason; ``graph/neo4j.statements()`` hands them to the linter test)


def neo4j_any_node() -> str:
    """One node of any label: is the database empty?"""
    return "MATCH (n) RETURN n.id AS id LIMIT 1"


def neo4j_clear_database() -> str:
    """Every node and edge removed (tests only: ``POLICYKG_NEO4J_TEST_CLEAR=1``)."""
    return "MATCH (n) DETACH DELETE n"


def neo4j_constraint_name(label: str) -> str:
    """The name of the uniqueness constraint on ``label``'s id."""
    return f"policykg_{label.lower()}_id"


def neo4j_constraints() -> list[str]:
    """Named uniqueness constraints, one per node label of the schema plus ``Meta.key``."""
    out = [
        f"CREATE CONSTRAINT {neo4j_constraint_name(label)} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in NODES
    ]
    out.append(
        "CREATE CONSTRAINT policykg_meta_key IF NOT EXISTS FOR (n:Meta) REQUIRE n.key IS UNIQUE"
    )
    return out


def neo4j_indexes() -> list[str]:
    """One index per edge type on ``source`` (the document an edge came from): re-ingesting a
    document first deletes its edges (``delete_facts_of``), which without it scans every edge
    of the type once per document."""
    return [
        *(
            f"CREATE INDEX policykg_{t.lower()}_source IF NOT EXISTS FOR ()-[e:{t}]-() ON (e.source)"
            for t in EDGES
        ),
        # title-only citations are found again by their key when a document of it changes
        "CREATE INDEX policykg_cites_cited_key IF NOT EXISTS FOR ()-[e:CITES]-() ON (e.cited_key)",
        "CREATE INDEX policykg_document_title_key IF NOT EXISTS FOR (d:Document) ON (d.title_key)",
        "CREATE INDEX policykg_document_transmits IF NOT EXISTS FOR (d:Document) ON (d.transmits)",
    ]


def explain(query: str) -> str:
    """The server's plan of ``query`` without running it (Neo4j's read-only gate)."""
    return "EXPLAIN " + query


# ---------------------------------------------------------------- title-only citations
# (graph/titles.py: the rule; Graph._reresolve: its writer)

TITLE_CITATIONS = (  # every title-only citation of $keys, with what the rule reads of its citer
    "MATCH (a:Document)-[e:CITES]->(b:Document) WHERE e.cited_key IN $keys "
    "RETURN a.id AS src, a.date AS citer_date, a.issuer AS citer_issuer, a.region AS citer_region, "
    "b.id AS dst, " + ", ".join(f"e.{_q(p)} AS {_q(p)}" for p in edge_props("CITES"))
)
_CANDIDATE_COLUMNS = (
    "RETURN d.id AS id, d.title AS title, d.title_key AS title_key, d.transmits AS transmits, "
    "d.date AS date, d.issuer AS issuer, d.region AS region, d.ingested AS ingested, "
    "EXISTS { MATCH (:Document)-[c:CITES]->(d) WHERE c.cited_number IS NOT NULL } AS by_number"
)
# documents a title-only citation of $keys may point at: one join per key column (a hash join
# on LadybugDB, an index seek on Neo4j; `d.title_key IN $keys` tests every row against the list:
# 2x slower for 3,000 keys on 164,000 documents)
TITLE_CANDIDATES = (
    f"UNWIND $keys AS k MATCH (d:Document) WHERE d.title_key = k {_CANDIDATE_COLUMNS} "
    f"UNION UNWIND $keys AS k MATCH (d:Document) WHERE d.transmits = k {_CANDIDATE_COLUMNS}"
)
DOCUMENT_CANDIDACY = (  # TITLE_CANDIDATES' columns for documents $ids (key lookups)
    f"UNWIND $ids AS x MATCH (d:Document {{id: x}}) {_CANDIDATE_COLUMNS}"
)
DOCUMENT_KEYS = (
    "UNWIND $ids AS x MATCH (d:Document {id: x}) "
    "RETURN d.id AS id, d.title AS title, d.title_key AS title_key, d.transmits AS transmits"
)
DELETE_ORPHAN_PLACEHOLDERS = (  # title-only nodes nothing cites any more
    "UNWIND $ids AS x MATCH (d:Document {id: x}) "
    "WHERE d.ingested = false AND NOT EXISTS { MATCH (:Document)-[:CITES]->(d) } DETACH DELETE d"
)
AMBIGUOUS_TITLE_CITATIONS = (
    "MATCH (a:Document)-[e:CITES]->(b:Document) WHERE e.status = 'ambiguous-title' "
    "RETURN a.id AS citer, e.cited_title AS title, e.candidates AS candidates, e.sentence AS sentence "
    "ORDER BY citer, e.span_start"
)
