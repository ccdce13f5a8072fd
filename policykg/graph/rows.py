"""Extractions → node and edge rows, the same for every backend and export.

A ``Batch`` holds what one or more documents contribute to the graph. Every edge row has
its evidence (``source`` = id of the document it was read from, ``span_start``,
``span_end``, ``sentence``); ``source`` is also what re-ingest uses to replace a
document's facts without touching anybody else's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policykg.graph.schema import EDGES, NODES, edge_props
from policykg.loaders import resolve
from policykg.loaders.citations import title_key
from policykg.loaders.docnumber import parse_docnumber
from policykg.loaders.regions import ancestors, find_region
from policykg.records import AgencyRef, Extraction

REGION_TABLE = "GB/T 2260 (policykg/data/regions.json)"
ALIAS_TABLE = "agency alias table (policykg/data/agency_aliases.json)"


@dataclass
class Node:
    label: str
    id: str
    props: dict[str, Any]
    fill_only: bool = False  # True: only fill properties that are still null (cited-only docs)

    def __reduce__(self):  # pickled by the million from workers: a tuple, not a __dict__
        return (Node, (self.label, self.id, self.props, self.fill_only))


@dataclass
class Edge:
    type: str
    src_label: str
    src: str
    dst_label: str
    dst: str
    props: dict[str, Any]


@dataclass
class Batch:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # ids of ingested documents
    series: set[str] = field(default_factory=set)

    def __reduce__(self):
        return (Batch, (self.nodes, self.edges, self.documents, self.series))

    def extend(self, other: Batch) -> None:
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)
        self.documents.extend(other.documents)
        self.series |= other.series


def node_row(label: str, id_: str, props: dict[str, Any]) -> dict[str, Any]:
    """A row with every property of the label (missing → None): rows in one list share keys."""
    row = {k: None for k in NODES[label]}
    row.update({k: v for k, v in props.items() if k in NODES[label]})
    row["id"] = id_
    return row


def dedupe_nodes(
    nodes: list[Node], row_of
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """(full, fill) rows keyed by (label, id), as one write applies them: a later full row
    replaces an earlier one; fill-only rows merge, the first non-null value of each key wins."""
    full: dict[tuple[str, str], dict[str, Any]] = {}
    fill: dict[tuple[str, str], dict[str, Any]] = {}
    for n in nodes:
        row = row_of(n)
        key = (n.label, n.id)
        if not n.fill_only:
            full[key] = row
        elif key in fill:
            old = fill[key]
            fill[key] = {k: (old[k] if old[k] is not None else v) for k, v in row.items()}
        else:
            fill[key] = row
    return full, fill


def edge_row(edge_type: str, props: dict[str, Any]) -> dict[str, Any]:
    row = {k: None for k in edge_props(edge_type)}
    row.update({k: v for k, v in props.items() if k in row})
    return row


def evidence(source: str, start: int, end: int, sentence: str) -> dict[str, Any]:
    return {"source": source, "span_start": start, "span_end": end, "sentence": sentence}


def document_id_of(ex: Extraction) -> str:
    return resolve.document_id(ex.doc_number, ex.title, ex.issuer) or "f:" + ex.sha256[:16]


def batch_for(ex: Extraction) -> Batch:
    b = Batch()
    doc_id = document_id_of(ex)
    b.documents.append(doc_id)
    text = ex.text
    series = resolve.series_key(ex.title, ex.issuer)
    title_ev = evidence(doc_id, *ex.title_span, ex.title or "")
    b.nodes.append(
        Node(
            "Document",
            doc_id,
            {
                "title": ex.title,
                "title_key": resolve.full_title_key(ex.title, ex.issuer) if ex.title else None,
                "doc_number": ex.doc_number,
                "doc_type": ex.doc_type,
                "issuer": ex.issuer,
                "issuer_is_inferred": ex.issuer_is_inferred,
                "date": ex.date,
                "published": ex.published,
                "plan_year": ex.plan_year,
                "region": ex.region,
                "addressees": ex.addressees or None,
                "attachments": ex.attachments or None,
                "transmits": title_key(ex.transmits) if ex.transmits else None,
                "series": series,
                "ingested": True,
                "path": ex.path,
                "sha256": ex.sha256,
            },
        )
    )
    # citations: one Document node per cited document (fill-only: never overwrite an ingested one)
    for c in ex.cites:
        target = resolve.document_id(c.doc_number, c.title)
        if target is None or target == doc_id:
            continue
        issuer = None
        if c.doc_number:  # the 机关代字 registry names the issuer of a cited number
            dn = parse_docnumber(c.doc_number)
            entry = resolve.lookup_code(dn.code) if dn else None
            issuer = entry.issuer if entry else None
        b.nodes.append(
            Node(
                "Document",
                target,
                {
                    "title": c.title,
                    "title_key": title_key(c.title) if c.title else None,
                    "doc_number": c.doc_number,
                    "issuer": issuer,
                    "ingested": False,
                },
                fill_only=True,
            )
        )
        b.edges.append(
            Edge(
                "CITES",
                "Document",
                doc_id,
                "Document",
                target,
                {
                    "form": c.form,
                    "cited_title": c.title,
                    "cited_number": c.doc_number,
                    "cited_issuer": c.issuer,
                    "status": "cited",
                    **evidence(doc_id, c.start, c.end, c.sentence),
                },
            )
        )
    # issuer, region
    agencies_by_name: dict[str, AgencyRef] = {}
    if ex.issuer:
        from policykg.loaders.agencies import resolve_agency

        region = resolve.region_of_issuer(ex.issuer)
        ref = resolve_agency(ex.issuer, region.code if region else None)
        if ref.canonical is None:
            ref = AgencyRef(ex.issuer, ex.issuer, "registry", 1.0, None, None, ex.region)
        agencies_by_name[ref.canonical] = ref
        b.edges.append(
            Edge(
                "ISSUED_BY",
                "Document",
                doc_id,
                "Agency",
                ref.canonical,
                {"inferred": ex.issuer_is_inferred, **title_ev},
            )
        )
    if ex.region:
        region = resolve.region_of_issuer(ex.issuer) or find_region(ex.region)
        if region:
            _region_nodes(b, region.code)
            b.edges.append(Edge("LOCATED_IN", "Document", doc_id, "Region", region.code, title_ev))
    written: dict[str, set[str]] = {}  # agency key → every name the document writes for it

    def agency_key(ref: AgencyRef) -> str:
        key = ref.canonical or f"?{ref.name}@{ex.region or ''}"
        agencies_by_name.setdefault(key, ref)
        written.setdefault(key, set()).add(ref.name)
        return key

    for ref in ex.agencies:
        agency_key(ref)
    related: set[str] = set()
    for d in ex.duties:
        key = agency_key(d.agency)
        related.add(key)
        b.edges.append(_assigns(doc_id, key, d.agency.name, d.relation, d.start, d.end, d.sentence))
    # every other agency the body names: one "mention" per agency, at its first mention
    for m in ex.mentions:
        if m.start < ex.body_start:
            continue
        key = agency_key(m.ref)
        if key in related:
            continue
        related.add(key)
        sentence = _sentence_around(text, m.start, m.end)
        b.edges.append(_assigns(doc_id, key, m.ref.name, "mention", m.start, m.end, sentence))
    # projects
    for p in ex.projects:
        pid = resolve.project_id(p.name, p.region or ex.region)
        b.nodes.append(
            Node(
                "Project",
                pid,
                {
                    "name": p.name,
                    "name_key": resolve.project_key(p.name),
                    "start_year": p.start_year,
                    "end_year": p.end_year,
                    "content": p.content,
                    "region": p.region,
                },
            )
        )
        row_text = text[p.start : p.end] if p.start >= 0 else p.where
        ev = evidence(doc_id, p.start, p.end, row_text)
        b.edges.append(
            Edge(
                "LISTS",
                "Document",
                doc_id,
                "Project",
                pid,
                {
                    "year": ex.plan_year,
                    "seq": p.seq,
                    "stage": p.stage,
                    "category_path": list(p.category_path) or None,
                    "flagged": p.flagged,
                    "annual_goal": p.annual_goal,
                    "total_investment_yuan": p.total_investment_yuan,
                    "annual_plan_yuan": p.annual_plan_yuan,
                    "lead_unit": p.lead_unit,
                    "where": p.where,
                    **ev,
                },
            )
        )
        if p.lead_unit:
            ref = next((a for a in ex.agencies if a.name == p.lead_unit), None)
            key = (ref.canonical if ref else None) or f"?{p.lead_unit}@{ex.region or ''}"
            if ref is not None:
                agencies_by_name.setdefault(key, ref)
            else:
                agencies_by_name.setdefault(key, AgencyRef(p.lead_unit, None, "unresolved"))
            b.edges.append(
                Edge(
                    "LEADS",
                    "Agency",
                    key,
                    "Project",
                    pid,
                    {"year": ex.plan_year, "as_written": p.lead_unit, **ev},
                )
            )
        if p.region:
            region = find_region(p.region, _code_of(ex.region))
            if region:
                _region_nodes(b, region.code)
                b.edges.append(Edge("LOCATED_IN", "Project", pid, "Region", region.code, ev))
    # agencies, their hierarchy and regions: only those some edge of this document points at
    # (a name merely mentioned stays in the extraction, not the graph)
    linked = {e.dst for e in b.edges if e.dst_label == "Agency"} | {
        e.src for e in b.edges if e.src_label == "Agency"
    }
    for key, ref in agencies_by_name.items():
        if key not in linked:
            continue
        aliases = (
            sorted(n for n in written.get(key, {ref.name}) if not n.endswith(ref.canonical))
            if ref.canonical
            else []
        )
        b.nodes.append(
            Node(
                "Agency",
                key,
                {
                    "name": ref.canonical or ref.name,
                    "aliases": aliases or None,
                    "level": ref.level,
                    "jurisdiction": ex.region,
                    "resolved": ref.canonical is not None,
                    "jurisdiction_guess": ref.jurisdiction_guess,
                },
            )
        )
        if ref.canonical and ref.parent and ref.parent != ref.canonical:
            _part_of(b, key, ref.parent)  # key is the canonical name here
            _parent_chain(b, ref.parent, ex.region)
        if ref.canonical and ref.region:
            _agency_in_region(b, key, ref.region, ex.region)  # key is the canonical name here
    # figures
    for f in ex.figures:
        fid = f"{doc_id}#{f.category}"
        b.nodes.append(
            Node(
                "Figure",
                fid,
                {
                    "category": f.category,
                    "count": f.count,
                    "total_investment_yuan": f.total_investment_yuan,
                    "annual_plan_yuan": f.annual_plan_yuan,
                    "completed_yuan": f.completed_yuan,
                    "approximate": f.approximate,
                    "year": ex.plan_year,
                },
            )
        )
        b.edges.append(
            Edge(
                "HAS_FIGURE",
                "Document",
                doc_id,
                "Figure",
                fid,
                evidence(doc_id, f.start, f.end, f.sentence),
            )
        )
    if series:
        b.series.add(series)
        b.nodes.append(
            Node(
                "Series",
                series,
                {"name": series.split("|", 1)[1].replace("{year}", "{年}"), "issuer": ex.issuer},
            )
        )
        b.edges.append(
            Edge(
                "IN_SERIES",
                "Document",
                doc_id,
                "Series",
                series,
                {"year": ex.plan_year, **title_ev},
            )
        )
    _check(b)
    return b


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) a mention stands in, at most 200 characters."""
    left = max(text.rfind(c, 0, start) for c in "。；！？\n") + 1
    rights = [i for i in (text.find(c, end) for c in "。；！？\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[max(left, start - 100) : min(right, end + 100)].strip()


def _code_of(region_name: str | None) -> str | None:
    r = find_region(region_name) if region_name else None
    return r.code if r else None


def _region_nodes(b: Batch, code: str) -> None:
    from policykg.loaders.regions import region_by_code

    r = region_by_code(code)
    chain = [r, *ancestors(code)] if r else []
    for child, parent in zip(chain, chain[1:] + [None], strict=True):
        b.nodes.append(
            Node(
                "Region",
                child.code,
                {"name": child.name, "level": child.level, "special_zone": child.special_zone},
            )
        )
        if parent is not None:
            b.edges.append(
                Edge(
                    "LOCATED_IN",
                    "Region",
                    child.code,
                    "Region",
                    parent.code,
                    evidence(REGION_TABLE, -1, -1, f"{child.name} ⊂ {parent.name}"),
                )
            )


def _part_of(b: Batch, agency: str, parent: str) -> None:
    """PART_OF from an agency to the body it belongs to (a knowledge-table fact)."""
    b.nodes.append(Node("Agency", parent, {"name": parent, "resolved": True}, fill_only=True))
    b.edges.append(
        Edge(
            "PART_OF",
            "Agency",
            agency,
            "Agency",
            parent,
            evidence(ALIAS_TABLE, -1, -1, f"{agency} ⊂ {parent}"),
        )
    )


def _agency_in_region(b: Batch, agency: str, region: str, jurisdiction_name: str | None) -> None:
    """LOCATED_IN from an agency to its region (and the region's own hierarchy)."""
    r = find_region(region, _code_of(jurisdiction_name))
    if r:
        _region_nodes(b, r.code)
        b.edges.append(
            Edge(
                "LOCATED_IN",
                "Agency",
                agency,
                "Region",
                r.code,
                evidence(ALIAS_TABLE, -1, -1, f"{agency} in {r.name}"),
            )
        )


def _parent_chain(b: Batch, agency: str, region_name: str | None) -> None:
    """A parent agency's own parent (a district government → the municipal government)."""
    from policykg.loaders.agencies import resolve_agency

    seen = {agency}
    current = agency
    for _ in range(4):
        ref = resolve_agency(current, _code_of(region_name))
        if not ref.canonical or not ref.parent or ref.parent in seen:
            if ref.canonical and ref.region:
                _agency_in_region(b, current, ref.region, region_name)
            return
        _part_of(b, current, ref.parent)
        if ref.region:
            _agency_in_region(b, current, ref.region, region_name)
        seen.add(ref.parent)
        current = ref.parent


def _check(b: Batch) -> None:
    """Validation at the edge: only schema labels, edge types and allowed end labels."""
    for n in b.nodes:
        if n.label not in NODES:
            raise ValueError(f"node label {n.label!r} is not in graph/schema.py")
    for e in b.edges:
        et = EDGES.get(e.type)
        if et is None or (e.src_label, e.dst_label) not in et.ends:
            raise ValueError(
                f"edge {e.type} {e.src_label}->{e.dst_label} is not allowed by graph/schema.py"
            )


def _assigns(
    doc_id: str, key: str, as_written: str, relation: str, start: int, end: int, sentence: str
) -> Edge:
    """Document -[ASSIGNS {relation}]-> Agency, with the name as written and its evidence."""
    return Edge(
        "ASSIGNS",
        "Document",
        doc_id,
        "Agency",
        key,
        {"as_written": as_written, "relation": relation, **evidence(doc_id, start, end, sentence)},
    )
