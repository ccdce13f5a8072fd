"""DocumentFacts: what every kind of fact of one document shares while its rows are built."""

from __future__ import annotations

from dataclasses import dataclass, field

from policykg.graph.batch import Evidence, evidence
from policykg.loaders import resolve
from policykg.records import AgencyRef, Extraction


def document_id_of(ex: Extraction) -> str:
    """The graph id of an extracted document (its 文号 or title key, else its file's hash), as
    resolution set it; an extraction that did not go through resolution is refused."""
    if not ex.doc_id:
        raise ValueError(
            f"{ex.path}: the extraction was not resolved (loaders.references.resolve_references)"
        )
    return ex.doc_id


@dataclass
class DocumentFacts:
    """One document while its rows are built: its id, its title's evidence, its series, and
    the agencies its edges point at (by key, with every name the document writes for each)."""

    ex: Extraction
    doc_id: str
    title_evidence: Evidence
    series: str | None
    agencies: dict[str, AgencyRef] = field(default_factory=dict)  # agency key → its reference
    written: dict[str, set[str]] = field(default_factory=dict)  # agency key → names written

    @classmethod
    def of(cls, ex: Extraction) -> DocumentFacts:
        """The shared state for building ``ex``'s rows."""
        doc_id = document_id_of(ex)
        return cls(
            ex,
            doc_id,
            evidence(doc_id, *ex.title_span, ex.title or ""),
            resolve.series_key(ex.title, ex.issuer),
        )

    def unresolved_key(self, name: str) -> str:
        """The key of an agency name nobody resolved: the name scoped by the document's region."""
        return f"?{name}@{self.ex.region or ''}"

    def agency_key(self, ref: AgencyRef) -> str:
        """The node key of an agency the text writes (its canonical name when resolved),
        remembering the reference and the name as written."""
        key = ref.canonical or self.unresolved_key(ref.name)
        self.agencies.setdefault(key, ref)
        self.written.setdefault(key, set()).add(ref.name)
        return key
