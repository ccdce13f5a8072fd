"""Responsibility chains: project → lead unit → parent agencies → government → region,
and for an agency: the projects it leads and the duties documents assign to it, by year."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.queries.labels import labels_for

if TYPE_CHECKING:
    from policykg.graph.store import Graph


@dataclass
class ProjectChain:
    """Who is responsible for a project: its lead unit as written, the agency chain and regions."""

    project: str
    name: str
    lead_as_written: str | None
    agencies: list[dict[str, Any]]  # lead unit first, then PART_OF parents
    regions: list[dict[str, Any]]  # the lead unit's region first, then its parents
    listed_in: list[dict[str, Any]]
    evidence: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        """The chain as JSON."""
        return {"kind": "project", **asdict(self)}


@dataclass
class AgencyDuties:
    """What an agency is responsible for: the projects it leads and the duties it is given."""

    agency: str
    name: str
    projects: list[dict[str, Any]] = field(default_factory=list)
    duties: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The duties as JSON."""
        return {"kind": "agency", **asdict(self)}


def _up(graph: Graph, query: str, key: str, start: str | None) -> Iterator[tuple[str, dict | None]]:
    """``start``, then each parent ``query`` gives (``$key`` → the row's ``key``), up to the
    top or a loop; each with the row that led to it (None for ``start``)."""
    seen: set[str] = set()
    current, row = start, None
    while current and current not in seen:
        seen.add(current)
        yield current, row
        rows = graph.run(query, {key: current})
        row = rows[0] if rows else None
        current = row[key] if row else None


def _region_chain(graph: Graph, code: str | None, name: str | None) -> list[dict[str, Any]]:
    return [
        {"code": c, "name": row["name"] if row else name}
        for c, row in _up(graph, cypher.REGION_PARENT, "code", code)
    ]


def _agency_chain(graph: Graph, agency_id: str) -> list[dict[str, Any]]:
    return [
        {"id": a, "evidence": row["sentence"] if row else None}
        for a, row in _up(graph, cypher.AGENCY_PARENT, "id", agency_id)
    ]


def project_chain(graph: Graph, project_id: str, name: str) -> ProjectChain:
    """The responsibility chain of one project."""
    leads = graph.run(cypher.PROJECT_LEADS, {"id": project_id})
    lists = graph.run(cypher.PROJECT_LISTS, {"id": project_id})
    if not leads:
        regions = graph.run(cypher.PROJECT_REGION, {"id": project_id})
        chain = _region_chain(graph, regions[0]["code"], regions[0]["name"]) if regions else []
        names = labels_for(graph, [r["document"] for r in lists])
        lists = [{**r, "label": names.get(r["document"], r["document"])} for r in lists]
        return ProjectChain(project_id, name, None, [], chain, lists, None)
    lead = leads[-1]  # the latest year's lead unit
    agencies = _agency_chain(graph, lead["agency"])
    region_rows = graph.run(cypher.AGENCY_REGION, {"id": lead["agency"]}) or graph.run(
        cypher.PROJECT_REGION, {"id": project_id}
    )
    regions = (
        _region_chain(graph, region_rows[0]["code"], region_rows[0]["name"]) if region_rows else []
    )
    ev = {
        "source": lead["source"],
        "sentence": lead["sentence"],
        "start": lead["start"],
        "end": lead["end_"],
    }
    names = labels_for(graph, [lead["source"]] + [r["document"] for r in lists])
    ev["source_label"] = names.get(lead["source"], lead["source"])
    lists = [{**r, "label": names.get(r["document"], r["document"])} for r in lists]
    return ProjectChain(project_id, name, lead["as_written"], agencies, regions, lists, ev)


def _rename_end(row: dict[str, Any]) -> dict[str, Any]:
    return {("end" if k == "end_" else k): v for k, v in row.items()}


def responsible(graph: Graph, name: str) -> ProjectChain | AgencyDuties:
    """For a project: its lead unit → parent agencies → government → region, with evidence.
    For an agency (name or alias): the projects it leads and the duties documents give it.
    Raises ``QueryError`` when ``name`` matches neither."""
    text = (name or "").strip()
    if not text:
        raise QueryError("name a project or an agency")
    agencies = graph.run(cypher.find_agency(graph.dialect), {"text": text})
    if agencies:
        a = agencies[0]
        projects = graph.run(cypher.AGENCY_PROJECTS, {"id": a["id"]})
        duties = [_rename_end(r) for r in graph.run(cypher.AGENCY_DUTIES, {"id": a["id"]})]
        names = labels_for(graph, [p["source"] for p in projects] + [d["document"] for d in duties])
        return AgencyDuties(
            a["id"],
            a["name"],
            [{**p, "source_label": names.get(p["source"], p["source"])} for p in projects],
            [{**d, "label": names.get(d["document"], d["document"])} for d in duties],
        )
    projects = graph.run(cypher.FIND_PROJECT, {"text": text})
    exact = [p for p in projects if p["name"] == text]
    if exact or len(projects) == 1:
        p = (exact or projects)[0]
        return project_chain(graph, p["id"], p["name"])
    if projects:
        many = (
            f"at least {len(projects)}" if len(projects) >= 10 else str(len(projects))
        )  # LIMIT 10
        raise QueryError(
            f"{text!r} matches {many} projects: "
            + "; ".join(p["name"] for p in projects)
            + ("; … (give more of the name)" if len(projects) >= 10 else "")
        )
    raise QueryError(f"no project or agency named {text!r}")
