"""Successor-year series: each year of a recurring notice with its key figures, gaps named."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.queries.labels import labels_for
from policykg.queries.lookup import DocumentNotFound, find_document

if TYPE_CHECKING:
    from policykg.graph.store import Graph


@dataclass
class Year:
    """One year of a series: the document issued that year."""

    year: int
    document: str
    title: str | None
    date: str | None
    figures: list[dict[str, Any]] = field(default_factory=list)
    label: str | None = None  # the document's 文号, else its title and path

    @property
    def headline(self) -> dict[str, Any] | None:
        """The key figure: the category with an annual plan, else the largest total."""
        figs = [f for f in self.figures if f.get("count") is not None]
        if not figs:
            return None
        with_plan = [f for f in figs if f.get("annual") is not None]
        pool = with_plan or figs
        return max(pool, key=lambda f: (f.get("total") or 0, f.get("count") or 0))


@dataclass
class Lineage:
    """A series by year, with the years missing between the first and the last."""

    series: str
    years: list[Year]
    missing_years: list[int]
    links: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        """The lineage as JSON (see README "JSON output")."""
        return {
            "series": self.series,
            "years": [{**asdict(y), "headline": y.headline} for y in self.years],
            "missing_years": self.missing_years,
            "links": self.links,
        }


def find_series(graph: Graph, key: str) -> str:
    """The series a document id, 文号, title or series key names; DocumentNotFound otherwise."""
    missing: DocumentNotFound | None = None
    try:
        doc = find_document(graph, key)
    except DocumentNotFound as e:
        doc, missing = None, e
    except QueryError:
        doc = None
    if doc:
        rows = graph.run(cypher.SERIES_OF_DOCUMENT, {"id": doc})
        if rows and rows[0]["series"]:
            return rows[0]["series"]
    rows = graph.run(cypher.SERIES_BY_TEXT, {"text": key})
    if len(rows) == 1:
        return rows[0]["id"]
    if rows:
        more = " …, and maybe more (give more of the title)" if len(rows) >= 5 else ""  # LIMIT 5
        raise QueryError(
            f"{key!r} matches several series: " + "; ".join(r["id"] for r in rows) + more
        )
    hint = ""
    if missing is not None and missing.suggestions:
        hint = " Did you mean: " + "; ".join(label for label, _ in missing.suggestions) + "?"
    raise QueryError(
        f"no series for {key!r}: give a 文号 of one member, or words of the series title.{hint}"
    )


def lineage(graph: Graph, doc_or_series: str) -> Lineage:
    """The yearly series a notice belongs to (``doc_or_series``: the 文号 or title of one
    member, or words of the series title): its documents by year, their key figures, the
    missing years and the SUCCESSOR_OF links. Raises ``QueryError`` when nothing matches."""
    series = find_series(graph, doc_or_series)
    years: dict[int, Year] = {}
    for r in graph.run(cypher.LINEAGE, {"series": series}):
        y = years.setdefault(r["year"], Year(r["year"], r["id"], r["title"], r["date"]))
        if r["category"] is not None and r["id"] == y.document:
            y.figures.append(
                {
                    k: r[k]
                    for k in ("category", "count", "total", "annual", "completed", "approximate")
                }
            )
    ordered = [years[k] for k in sorted(years)]
    names = labels_for(graph, [y.document for y in ordered])
    for y in ordered:
        y.label = names.get(y.document, y.document)
    missing = (
        [y for y in range(ordered[0].year, ordered[-1].year + 1) if y not in years]
        if ordered
        else []
    )
    links = [
        {
            "later": r["later"],
            "earlier": r["earlier"],
            "gap_years": r["gap_years"],
            "missing_years": list(r["missing_years"] or []),
        }
        for r in graph.run(cypher.SUCCESSORS, {"series": series})
    ]
    links.sort(key=lambda x: x["later"])
    return Lineage(series, ordered, missing, links)
