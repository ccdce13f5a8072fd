"""Agency rows: Document -[ASSIGNS]-> the agencies given duties or named in the body, and the
agency nodes with PART_OF their parent bodies and LOCATED_IN their regions."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node, evidence
from policykg.graph.facts.context import DocumentFacts
from policykg.graph.facts.regions import add_region
from policykg.loaders.references import MAX_PARENTS
from policykg.records import Extraction

ALIAS_TABLE = "agency alias table (policykg/data/agency_aliases.json)"


def add_duties(b: Batch[Edge], doc: DocumentFacts) -> None:
    """ASSIGNS for every duty, then one "mention" per other agency the body names (at its first
    mention); every agency the extraction resolved is registered with the document first."""
    ex = doc.ex
    for ref in ex.agencies:
        doc.agency_key(ref)
    related: set[str] = set()
    for d in ex.duties:
        key = doc.agency_key(d.agency)
        related.add(key)
        b.edges.append(
            assigns(doc.doc_id, key, d.agency.name, d.relation, d.start, d.end, d.sentence)
        )
    for m in ex.mentions:
        if m.start < ex.body_start:
            continue
        key = doc.agency_key(m.ref)
        if key in related:
            continue
        related.add(key)
        sentence = sentence_around(ex.text, m.start, m.end)
        b.edges.append(assigns(doc.doc_id, key, m.ref.name, "mention", m.start, m.end, sentence))


def add_agencies(b: Batch[Edge], doc: DocumentFacts) -> None:
    """An Agency node for every agency some edge of the batch points at (a name merely
    mentioned stays in the extraction, not the graph), with its hierarchy and region."""
    linked = {e.dst for e in b.edges if e.dst_label == "Agency"} | {
        e.src for e in b.edges if e.src_label == "Agency"
    }
    ex = doc.ex
    for key, ref in doc.agencies.items():
        if key not in linked:
            continue
        aliases = (
            sorted(n for n in doc.written.get(key, {ref.name}) if not n.endswith(ref.canonical))
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
            _parent_chain(b, ref.parent, ex)
        if ref.canonical and ref.region:
            _agency_in_region(b, key, ref.region, ex)  # key is the canonical name here


def assigns(
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


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) a mention stands in, at most 200 characters."""
    left = max(text.rfind(c, 0, start) for c in "。；！？\n") + 1
    rights = [i for i in (text.find(c, end) for c in "。；！？\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[max(left, start - 100) : min(right, end + 100)].strip()


def _part_of(b: Batch[Edge], agency: str, parent: str) -> None:
    """PART_OF from an agency to the body it belongs to (a knowledge-table fact)."""
    b.nodes.append(Node("Agency", parent, {"name": parent, "resolved": True}, fill_only=True))
    b.edges.append(
        Edge(
            "PART_OF",
            "Agency",
            agency,
            "Agency",
            parent,
            {**evidence(ALIAS_TABLE, -1, -1, f"{agency} ⊂ {parent}")},
        )
    )


def _agency_in_region(b: Batch[Edge], agency: str, region: str, ex: Extraction) -> None:
    """LOCATED_IN from an agency to the region it names (and the region's own hierarchy)."""
    r = ex.places.get(region)
    if r is not None:
        add_region(b, r.code)
        b.edges.append(
            Edge(
                "LOCATED_IN",
                "Agency",
                agency,
                "Region",
                r.code,
                {**evidence(ALIAS_TABLE, -1, -1, f"{agency} in {r.name}")},
            )
        )


def _parent_chain(b: Batch[Edge], agency: str, ex: Extraction) -> None:
    """A parent agency's own parents (a district government → the municipal government), as
    resolution looked them up (``ex.parent_refs``)."""
    seen = {agency}
    current = agency
    for _ in range(MAX_PARENTS):
        ref = ex.parent_refs.get(current)
        if ref is None:  # resolution followed no further
            return
        if not ref.canonical or not ref.parent or ref.parent in seen:
            if ref.canonical and ref.region:
                _agency_in_region(b, current, ref.region, ex)
            return
        _part_of(b, current, ref.parent)
        if ref.region:
            _agency_in_region(b, current, ref.region, ex)
        seen.add(ref.parent)
        current = ref.parent
