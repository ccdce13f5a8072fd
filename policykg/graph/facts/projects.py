"""Project rows: Document -[LISTS]-> each project of a project list, the lead unit -[LEADS]->
it and the project LOCATED_IN its region."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node, evidence
from policykg.graph.facts.context import DocumentFacts
from policykg.graph.facts.regions import add_region
from policykg.loaders import resolve
from policykg.records import AgencyRef


def add_projects(b: Batch[Edge], doc: DocumentFacts) -> None:
    """A Project node per listed row, LISTS with the row's values and evidence, LEADS from its
    lead unit (registered with the document's agencies) and LOCATED_IN its region."""
    ex = doc.ex
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
        row_text = ex.text[p.start : p.end] if p.start >= 0 else p.where
        ev = evidence(doc.doc_id, p.start, p.end, row_text)
        b.edges.append(
            Edge(
                "LISTS",
                "Document",
                doc.doc_id,
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
            lead = next((a for a in ex.agencies if a.name == p.lead_unit), None)
            key = (lead.canonical if lead else None) or doc.unresolved_key(p.lead_unit)
            doc.agencies.setdefault(
                key, lead if lead is not None else AgencyRef(p.lead_unit, None, "unresolved")
            )
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
        place = ex.places.get(p.region) if p.region else None
        if place is not None:
            add_region(b, place.code)
            b.edges.append(Edge("LOCATED_IN", "Project", pid, "Region", place.code, {**ev}))
