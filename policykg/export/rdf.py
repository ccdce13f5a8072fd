"""RDF (Turtle by default, JSON-LD with ``fmt="json-ld"``) with rdflib, on public vocabularies.

* documents: ELI — ``eli:LegalResource``, ``eli:title`` (@zh), ``eli:id_local`` (文号),
  ``eli:date_document`` (xsd:date), ``eli:passed_by`` (ISSUED_BY), ``eli:cites`` (CITES)
* agencies: W3C ORG — ``org:Organization``, ``skos:prefLabel`` @zh, ``org:subOrganizationOf``
  (PART_OF)
* regions: ``dcterms:Location`` with ``dcterms:identifier`` = GB/T 2260 code
* the rest (projects, series, figures, LISTS, LEADS …) in the policykg vocabulary
  ``https://policykg.org/ns#``
* evidence: every edge is also a reified ``rdf:Statement`` (``rdf:subject``/``predicate``/
  ``object``) that ``prov:wasDerivedFrom`` the source document, with the sentence (@zh) and
  the character span; the statement's URI is stable (a hash of the edge).

URIs: ``https://policykg.org/id/{kind}/{url-encoded id}`` (kind in lower case).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from policykg.export import BinaryDestination

ELI = Namespace("http://data.europa.eu/eli/ontology#")
PKG = Namespace("https://policykg.org/ns#")
BASE = "https://policykg.org/id/"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

CLASSES = {
    "Document": ELI.LegalResource,
    "Agency": ORG.Organization,
    "Region": DCTERMS.Location,
    "Project": PKG.Project,
    "Series": PKG.Series,
    "Figure": PKG.Figure,
}
# relation -> predicate (PART_OF between agencies is org:subOrganizationOf)
PREDICATES = {
    "CITES": ELI.cites,
    "ISSUED_BY": ELI.passed_by,
    "PART_OF": ORG.subOrganizationOf,
    "LISTS": PKG.lists,
    "LEADS": PKG.leads,
    "ASSIGNS": PKG.assigns,
    "LOCATED_IN": DCTERMS.spatial,
    "SUCCESSOR_OF": PKG.successorOf,
    "IN_SERIES": PKG.inSeries,
    "HAS_FIGURE": PKG.hasFigure,
}
# node properties with a public property
NODE_PROPS: dict[tuple[str | None, str], tuple[URIRef, str | None]] = {
    ("Document", "title"): (ELI.title, "zh"),
    ("Document", "doc_number"): (ELI.id_local, None),
    ("Agency", "name"): (SKOS.prefLabel, "zh"),
    ("Region", "name"): (RDFS.label, "zh"),
    ("Region", "id"): (DCTERMS.identifier, None),
    ("Project", "name"): (RDFS.label, "zh"),
    ("Series", "name"): (RDFS.label, "zh"),
}
SKIP = {"id", "kind", "path", "sha256", "file_stat", "title_key", "name_key"}
ZH_TEXT = {
    "sentence",
    "as_written",
    "cited_title",
    "content",
    "category",
    "annual_goal",
    "lead_unit",
}


def uri(kind: str, id_: str) -> URIRef:
    """The URI of a node of ``kind`` with graph id ``id_``."""
    return URIRef(f"{BASE}{kind.lower()}/{quote(str(id_), safe='')}")


def node_uri(g: nx.MultiDiGraph, n: str) -> URIRef:
    """The URI of networkx node ``n``."""
    d = g.nodes[n]
    kind = d.get("kind") or n.split(":", 1)[0]
    return uri(kind, d.get("id", n.split(":", 1)[-1]))


def _literal(name: str, v: Any) -> Literal:
    if isinstance(v, str) and name in ZH_TEXT:
        return Literal(v, lang="zh")
    return Literal(v)


def _add_props(rdf: Graph, subject: URIRef, kind: str | None, d: dict[str, Any]) -> None:
    for k, v in d.items():
        if v is None or (k in SKIP and (kind, k) not in NODE_PROPS) or k == "rel":
            continue
        pred, lang = NODE_PROPS.get((kind, k), (PKG[k], None))
        for x in v if isinstance(v, list | tuple) else [v]:
            if x is None:
                continue
            if kind == "Document" and k == "date" and isinstance(x, str) and _DATE.match(x):
                rdf.add((subject, ELI.date_document, Literal(x, datatype=XSD.date)))
            elif lang:
                rdf.add((subject, pred, Literal(str(x), lang=lang)))
            else:
                rdf.add((subject, pred, _literal(k, x)))


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    """The graph as RDF (ELI, ORG, SKOS, PROV vocabularies plus policykg's own terms)."""
    rdf = Graph()
    for prefix, ns in (
        ("eli", ELI),
        ("org", ORG),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("skos", SKOS),
        ("pkg", PKG),
    ):
        rdf.bind(prefix, ns)
    for n, d in g.nodes(data=True):
        kind = d.get("kind")
        s = node_uri(g, n)
        rdf.add((s, RDF.type, CLASSES.get(kind, PKG.Node)))
        _add_props(rdf, s, kind, d)
    seen: dict[str, int] = {}
    for u, v, d in g.edges(data=True):
        rel = d.get("rel", "")
        s, o = node_uri(g, u), node_uri(g, v)
        pred = PREDICATES.get(rel, PKG[rel.lower()])
        if rel == "LOCATED_IN" and g.nodes[u].get("kind") == "Region":
            pred = DCTERMS.isPartOf
        rdf.add((s, pred, o))
        digest = hashlib.sha1(
            "\x1f".join(
                map(str, (u, rel, v, d.get("source"), d.get("span_start"), d.get("span_end")))
            ).encode("utf-8")
        ).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        stmt = URIRef(f"{BASE}evidence/{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else ""))
        rdf.add((stmt, RDF.type, RDF.Statement))
        rdf.add((stmt, RDF.subject, s))
        rdf.add((stmt, RDF.predicate, pred))
        rdf.add((stmt, RDF.object, o))
        rdf.add((stmt, PKG.relation, Literal(rel)))
        src = d.get("source")
        if src is not None:
            if f"Document:{src}" in g:
                rdf.add((stmt, PROV.wasDerivedFrom, uri("Document", src)))
            else:  # e.g. the agency alias table
                rdf.add((stmt, PROV.wasDerivedFrom, Literal(str(src))))
        _add_props(rdf, stmt, None, {k: x for k, x in d.items() if k != "source"})
    return rdf


def write(g: nx.MultiDiGraph, destination: BinaryDestination, fmt: str = "turtle") -> None:
    """Write ``g`` as Turtle (or ``fmt="json-ld"``) to a path or a binary file handle."""
    data = to_rdf(g).serialize(format=fmt, encoding="utf-8")
    if hasattr(destination, "write"):
        destination.write(data)
    else:
        with open(destination, "wb") as f:
            f.write(data)
