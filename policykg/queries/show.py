"""Everything the graph knows about one document: its metadata, what it cites and what cites
it (with counts), the projects it lists, its issuer and the duties it assigns, its figures,
its series with the previous and next year, and each fact's evidence sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.queries.labels import label_of
from policykg.queries.lookup import find_document

if TYPE_CHECKING:
    from policykg.graph.store import Graph

DEFAULT_LIMIT = 500  # items per list (citations, citers, projects, duties) unless asked
_ALL = 2**62  # LIMIT for "no limit"

METADATA = (
    "title",
    "doc_number",
    "doc_type",
    "issuer",
    "date",
    "published",
    "region",
    "plan_year",
    "path",
)


def _span(row: dict[str, Any]) -> dict[str, Any]:
    """``end_`` (a keyword in one dialect) back to ``end``."""
    return {("end" if k == "end_" else k): v for k, v in row.items()}


def _doc(row: dict[str, Any]) -> dict[str, Any]:
    out = _span(row)
    out["label"] = label_of(row)
    return out


@dataclass
class DocumentView:
    """One document with everything the graph holds about it."""

    id: str
    label: str
    document: dict[str, Any]
    cites: list[dict[str, Any]] = field(default_factory=list)
    cited_by: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    issuers: list[dict[str, Any]] = field(default_factory=list)
    duties: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    series: dict[str, Any] | None = None
    limit: int | None = DEFAULT_LIMIT  # at most this many items per list (None: all)
    totals: dict[str, int] = field(default_factory=dict)  # full counts, whatever the limit

    @property
    def counts(self) -> dict[str, int]:
        """Citations (edges) and the distinct documents on each side, projects, duties (edges)
        and figures: all of them, also when a list was cut at ``limit``."""
        return {
            "cites": self.totals.get("cites", len(self.cites)),
            "cites_documents": self.totals.get(
                "cites_documents", len({c["id"] for c in self.cites})
            ),
            "cited_by": self.totals.get("cited_by", len(self.cited_by)),
            "cited_by_documents": self.totals.get(
                "cited_by_documents", len({c["id"] for c in self.cited_by})
            ),
            "projects": self.totals.get("projects", len(self.projects)),
            "duties": self.totals.get("duties", len(self.duties)),
            "figures": len(self.figures),
        }

    def left_out(self, section: str) -> int:
        """How many items of ``section`` the limit left out of its list."""
        return max(0, self.counts[section] - len(getattr(self, section)))

    def to_json(self) -> dict[str, Any]:
        """The view as JSON (see README "JSON output")."""
        return {
            "id": self.id,
            "label": self.label,
            "document": dict(self.document),
            "counts": self.counts,
            "limit": self.limit,
            "cites": self.cites,
            "cited_by": self.cited_by,
            "projects": self.projects,
            "issuers": self.issuers,
            "duties": self.duties,
            "figures": self.figures,
            "series": self.series,
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per fact (the CSV form): section, who/what, 文号, title, detail, sentence."""
        out: list[dict[str, Any]] = [
            {"section": "document", "id": self.id, "label": k, "detail": self.document.get(k)}
            for k in METADATA
        ]
        for section, items in (("cites", self.cites), ("cited_by", self.cited_by)):
            for c in items:
                out.append(
                    {
                        "section": section,
                        "id": c["id"],
                        "label": c["label"],
                        "doc_number": c["doc_number"],
                        "title": c["title"],
                        "detail": c.get("form"),
                        "sentence": c["sentence"],
                        "start": c["start"],
                        "end": c["end"],
                    }
                )
        for p in self.projects:
            out.append(
                {
                    "section": "projects",
                    "id": p["id"],
                    "label": p["name"],
                    "detail": p.get("stage"),
                    "sentence": p["sentence"],
                }
            )
        for section, items in (("issuers", self.issuers), ("duties", self.duties)):
            for a in items:
                out.append(
                    {
                        "section": section,
                        "id": a["id"],
                        "label": a["name"] or a["id"],
                        "detail": a.get("as_written"),
                        "sentence": a["sentence"],
                        "start": a["start"],
                        "end": a["end"],
                    }
                )
        for f in self.figures:
            out.append(
                {
                    "section": "figures",
                    "label": f["category"],
                    "detail": f"count={f['count']} total={f['total']} annual={f['annual']}",
                    "sentence": f["sentence"],
                    "start": f["start"],
                    "end": f["end"],
                }
            )
        if self.series:
            out.append({"section": "series", "id": self.series["id"], "label": self.series["name"]})
            for k in ("previous", "next"):
                if self.series.get(k):
                    s = self.series[k]
                    out.append(
                        {
                            "section": f"series_{k}",
                            "id": s["id"],
                            "label": s["label"],
                            "doc_number": s["doc_number"],
                            "title": s["title"],
                            "detail": s["year"],
                        }
                    )
        return out


def show(graph: Graph, doc: str, limit: int | None = DEFAULT_LIMIT) -> DocumentView:
    """The :class:`DocumentView` of the document ``doc`` names (文号 in any form, or a title).

    The lists of citations, citers, projects and duties hold at most ``limit`` items each
    (None or 0: all; a document cited 50,000 times would otherwise return every citer);
    ``counts`` always counts them all."""
    if limit is not None and int(limit) < 0:
        raise QueryError("limit must be 0 (no limit) or a positive number")
    limit = int(limit) if limit else None
    doc_id = find_document(graph, doc)
    meta = graph.run(cypher.SHOW_DOCUMENT, {"id": doc_id})[0]
    view = DocumentView(doc_id, label_of(meta), dict(meta), limit=limit)
    params = {"id": doc_id}
    cut = {"id": doc_id, "limit": limit if limit is not None else _ALL}
    for r in graph.run(cypher.SHOW_COUNTS, params):
        view.totals[r["k"]] = int(r["n"])
        if r["k"] in ("cites", "cited_by"):
            view.totals[f"{r['k']}_documents"] = int(r["docs"])
    for k in ("cites", "cited_by", "projects", "duties", "cites_documents", "cited_by_documents"):
        view.totals.setdefault(k, 0)
    view.cites = [_doc(r) for r in graph.run(cypher.SHOW_CITES, cut)]
    view.cited_by = [_doc(r) for r in graph.run(cypher.SHOW_CITED_BY, cut)]
    view.projects = graph.run(cypher.SHOW_PROJECTS, cut)
    view.issuers = [_span(r) for r in graph.run(cypher.SHOW_ISSUERS, params)]
    view.duties = [_span(r) for r in graph.run(cypher.SHOW_DUTIES, cut)]
    view.figures = [_span(r) for r in graph.run(cypher.SHOW_FIGURES, params)]
    series = graph.run(cypher.SHOW_SERIES, params)
    if series:
        s = series[0]
        prev = graph.run(cypher.SHOW_PREVIOUS, params)
        nxt = graph.run(cypher.SHOW_NEXT, params)
        view.series = {
            "id": s["id"],
            "name": s["name"],
            "year": s["year"],
            "sentence": s["sentence"],
            "previous": _doc(prev[0]) if prev else None,
            "next": _doc(nxt[0]) if nxt else None,
        }
    return view
