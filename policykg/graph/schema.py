"""The one list of node labels, edge types and their properties.

Nothing else in policykg spells a label or an edge type: backends build their DDL from
here, the Cypher builders interpolate only names validated against it, exports read it.

Every edge carries evidence: ``source`` (id of the document the fact was read from),
``span_start``/``span_end`` (character offsets in that document's original text) and
``sentence``. Offsets of -1 mean "from an attachment cell", where ``where`` names the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 4
# 2: ASSIGNS.relation, Agency.jurisdiction_guess; 3: CITES.cited_key/cited_issuer/candidates;
# 4: Document.file_stat

# property types use the engine-neutral names STRING, INT64, DOUBLE, BOOLEAN, STRING[]
NODES: dict[str, dict[str, str]] = {
    "Document": {
        "id": "STRING",
        "title": "STRING",
        "title_key": "STRING",  # normalised title used to resolve title-only citations
        "doc_number": "STRING",
        "doc_type": "STRING",
        "issuer": "STRING",
        "issuer_is_inferred": "BOOLEAN",
        "date": "STRING",
        "published": "STRING",
        "plan_year": "INT64",
        "region": "STRING",
        "addressees": "STRING[]",
        "attachments": "STRING[]",
        "transmits": "STRING",
        "series": "STRING",
        "ingested": "BOOLEAN",
        "path": "STRING",
        "sha256": "STRING",
        "file_stat": "STRING",  # size:mtime_ns:inode of the file when read (change detection)
    },
    "Project": {
        "id": "STRING",
        "name": "STRING",
        "name_key": "STRING",
        "start_year": "INT64",
        "end_year": "INT64",
        "content": "STRING",
        "region": "STRING",
    },
    "Agency": {
        "id": "STRING",
        "name": "STRING",
        "aliases": "STRING[]",
        "level": "STRING",
        "jurisdiction": "STRING",
        "resolved": "BOOLEAN",
        "jurisdiction_guess": "STRING",  # unresolved names: the region their prefix points at
    },
    "Region": {
        "id": "STRING",  # GB/T 2260 code
        "name": "STRING",
        "level": "STRING",  # province / prefecture / county / zone
        "special_zone": "BOOLEAN",
    },
    "Series": {
        "id": "STRING",
        "name": "STRING",
        "issuer": "STRING",
    },
    "Figure": {
        "id": "STRING",
        "category": "STRING",
        "count": "INT64",
        "total_investment_yuan": "DOUBLE",
        "annual_plan_yuan": "DOUBLE",
        "completed_yuan": "DOUBLE",
        "approximate": "BOOLEAN",
        "year": "INT64",
    },
}

EVIDENCE: dict[str, str] = {
    "source": "STRING",
    "span_start": "INT64",
    "span_end": "INT64",
    "sentence": "STRING",
}


@dataclass(frozen=True)
class EdgeType:
    """An edge type: its allowed (from, to) label pairs and typed properties."""

    name: str
    ends: tuple[tuple[str, str], ...]  # allowed (from label, to label) pairs
    props: dict[str, str]


EDGES: dict[str, EdgeType] = {
    e.name: e
    for e in (
        EdgeType(
            "CITES",
            (("Document", "Document"),),
            {
                "form": "STRING",
                "cited_title": "STRING",
                "cited_number": "STRING",
                # cited / resolved-by-title / ambiguous-title (graph/titles.py)
                "status": "STRING",
                "cited_key": "STRING",  # title-only citations: the normalised cited title
                "cited_issuer": "STRING",  # the issuer named in front of the title, if any
                "candidates": "INT64",  # ambiguous-title: documents it could not tell apart
            },
        ),
        EdgeType("ISSUED_BY", (("Document", "Agency"),), {"inferred": "BOOLEAN"}),
        EdgeType(
            "LISTS",
            (("Document", "Project"),),
            {
                "year": "INT64",
                "seq": "INT64",
                "stage": "STRING",
                "category_path": "STRING[]",
                "flagged": "STRING",
                "annual_goal": "STRING",
                "total_investment_yuan": "DOUBLE",
                "annual_plan_yuan": "DOUBLE",
                "lead_unit": "STRING",
                "where": "STRING",
            },
        ),
        EdgeType("LEADS", (("Agency", "Project"),), {"year": "INT64", "as_written": "STRING"}),
        # relation: duty (X要…, 由X负责), lead (牵头单位：X), approval (经X同意), forward (转发X…)
        EdgeType(
            "ASSIGNS", (("Document", "Agency"),), {"as_written": "STRING", "relation": "STRING"}
        ),
        EdgeType(
            "LOCATED_IN",
            (
                ("Project", "Region"),
                ("Agency", "Region"),
                ("Region", "Region"),
                ("Document", "Region"),
            ),
            {},
        ),
        EdgeType("PART_OF", (("Agency", "Agency"),), {}),
        EdgeType(
            "SUCCESSOR_OF",
            (("Document", "Document"),),
            {"gap_years": "INT64", "missing_years": "INT64[]"},
        ),
        EdgeType("IN_SERIES", (("Document", "Series"),), {"year": "INT64"}),
        EdgeType("HAS_FIGURE", (("Document", "Figure"),), {}),
    )
}


def edge_props(edge_type: str) -> dict[str, str]:
    """All properties of an edge type: its own plus the evidence properties."""
    return {**EDGES[edge_type].props, **EVIDENCE}


def check_label(label: str) -> str:
    """``label`` if it is a schema node label, else ValueError."""
    if label not in NODES:
        raise ValueError(f"unknown node label {label!r}; known: {', '.join(NODES)}")
    return label


def check_edge(edge_type: str) -> str:
    """``edge_type`` if it is a schema edge type, else ValueError."""
    if edge_type not in EDGES:
        raise ValueError(f"unknown edge type {edge_type!r}; known: {', '.join(EDGES)}")
    return edge_type
