"""Exports of the graph for network tools, one module per format.

Every format module has the same signature, ``write(g, destination)``: ``g`` is the
networkx MultiDiGraph of :func:`policykg.queries.networkx.to_networkx` (node keys
``"Label:id"``, attributes ``kind`` + properties; edge attributes ``rel`` + properties and
evidence), ``destination`` a path or a file handle (binary for XML/RDF, text for JSON/HTML).

    export_graph(graph, "gexf", "graph.gexf")                       # whole graph
    export_graph(graph, "html", "view.html", subgraph="渝府办发〔2020〕118号", depth=2)

Formats: graphml, gexf (1.3, dynamic), cyjs (Cytoscape.js), graphology (sigma.js), rdf
(Turtle), jsonld, csv (Gephi spreadsheet: nodes.csv + edges.csv in a folder), neo4j-csv
(neo4j-admin import folder), html (one self-contained file, no network).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

from policykg.errors import ExportError

if TYPE_CHECKING:  # for annotations only: the store would pull in the loaders
    import networkx as nx

    from policykg.graph.store import Graph

# where an export goes: a path, or a file handle (text or binary, as the format writes)
TextDestination = str | os.PathLike[str] | IO[str]
BinaryDestination = str | os.PathLike[str] | IO[bytes]

# format -> (module, what the destination is)
FORMATS: dict[str, str] = {
    "graphml": "graphml",
    "gexf": "gexf",
    "cyjs": "cyjs",
    "graphology": "graphology",
    "rdf": "rdf",
    "jsonld": "rdf",
    "csv": "csv_tables",
    "neo4j-csv": "neo4j_csv",
    "html": "html",
}

# node colour by kind (hex), shared by gexf, graphology and the html view
KIND_COLOURS: dict[str, str] = {
    "Document": "#1f77b4",
    "Project": "#2ca02c",
    "Agency": "#d62728",
    "Region": "#9467bd",
    "Series": "#ff7f0e",
    "Figure": "#8c564b",
}
OTHER_COLOUR = "#7f7f7f"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# the evidence property ``source`` (the document a fact was read from) is written as
# ``evidence_source`` by every export: Cytoscape and Gephi's spreadsheet reserve ``source``
EVIDENCE_SOURCE = "evidence_source"


def colour_of(kind: str | None) -> str:
    return KIND_COLOURS.get(kind or "", OTHER_COLOUR)


def node_label(attrs: dict[str, Any]) -> str:
    """What a person calls a node: its title, else its name, else its id."""
    for k in ("title", "name", "category", "id"):
        v = attrs.get(k)
        if v not in (None, ""):
            return str(v)
    return ""


def edge_props(d: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes with the evidence ``source`` renamed to ``evidence_source``."""
    return {(EVIDENCE_SOURCE if k == "source" else k): v for k, v in d.items()}


def cited_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """How many CITES edges point at each node (0 for nodes never cited)."""
    counts = dict.fromkeys(g.nodes, 0)
    for _, v, rel in g.edges(data="rel"):
        if rel == "CITES":
            counts[v] += 1
    return counts


def xml_safe(s: str) -> str:
    """Replace the characters XML 1.0 cannot hold (control characters) with U+FFFD."""
    return _XML_INVALID.sub("\ufffd", s)


def flat_value(v: Any) -> Any:
    """A list becomes one string joined with "; " (for GraphML, GEXF, CSV)."""
    if isinstance(v, list | tuple | set):
        return "; ".join(str(x) for x in v)
    return v


def xml_attrs(d: dict[str, Any], reserved: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Attributes an XML format can hold: lists flattened, None dropped, text made XML-safe,
    reserved names suffixed with ``_``."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        v = flat_value(v)
        if v is None:
            continue
        out[f"{k}_" if k in reserved else k] = xml_safe(v) if isinstance(v, str) else v
    return out


def write_json(obj: Any, destination: TextDestination) -> None:
    """UTF-8 JSON (no BOM, \\n line ends) to a path or a text file handle."""
    import json

    text = json.dumps(obj, ensure_ascii=False, indent=1)
    if hasattr(destination, "write"):
        destination.write(text)
    else:
        with open(destination, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def node_years(g: nx.MultiDiGraph, node: str) -> tuple[int, int] | None:
    """The years a node lives in, for timelines: plan_year (documents), Figure year, the
    years of the LISTS/LEADS/IN_SERIES edges into a project or series."""
    d = g.nodes[node]
    kind = d.get("kind")
    if kind == "Document" and isinstance(d.get("plan_year"), int):
        return d["plan_year"], d["plan_year"]
    if kind == "Figure" and isinstance(d.get("year"), int):
        return d["year"], d["year"]
    if kind in ("Project", "Series"):
        years = [e.get("year") for _, _, e in g.in_edges(node, data=True)]
        years = [y for y in years if isinstance(y, int)]
        if years:
            return min(years), max(years)
    return None


def _module(fmt: str) -> ModuleType:
    name = f"policykg.export.{FORMATS[fmt]}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        raise ExportError(
            f"the {fmt} export is not available in this installation ({name} is missing)"
        ) from None


def write(
    g: nx.MultiDiGraph, fmt: str, out: str | Path, progress: Callable[[str], None] | None = None
) -> str:
    """Write the networkx graph ``g`` as ``fmt`` to ``out``; a message for the CLI.
    ``progress(message)`` is told each phase (see :mod:`policykg.export.progress`)."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    mod = _module(fmt)
    n, m = g.number_of_nodes(), g.number_of_edges()
    if progress:
        what = "laying out and writing the view" if fmt == "html" else f"writing {fmt}"
        progress(f"{what} ({n} nodes, {m} edges)")
    try:
        result = mod.write(g, out, fmt="json-ld") if fmt == "jsonld" else mod.write(g, out)
    except ExportError:
        raise
    except OSError as e:
        raise ExportError(f"{out}: cannot write the {fmt} export: {e.strerror or e}") from None
    message = f"wrote {fmt} to {out} ({n} nodes, {m} edges)"
    if isinstance(result, str) and result:
        message += f"\n{result}"
    return message


def export_graph(
    graph: Graph,
    fmt: str,
    out: str | Path,
    subgraph: str | None = None,
    depth: int = 2,
    progress: Callable[[str], None] | None = None,
) -> str:
    """Export ``graph`` (a policykg Graph) as ``fmt`` to ``out``; returns a message.

    ``subgraph`` is a document (its citation neighbourhood to ``depth``, see
    :mod:`policykg.export.subgraph`) or a read-only Cypher query returning nodes or ids.
    ``progress(message)`` is told each phase (reading, selecting, writing).
    """
    fmt_key = (fmt or "").strip().lower()
    if fmt_key not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    from policykg.queries.networkx import to_networkx

    if progress:
        progress("reading the graph")
    g = to_networkx(graph)
    if subgraph:
        if progress:
            progress(f"selecting the subgraph of {g.number_of_nodes()} nodes")
        from policykg.export.subgraph import select

        g = select(graph, g, subgraph, depth=depth)
    return write(g, fmt_key, out, progress=progress)


__all__ = ["FORMATS", "KIND_COLOURS", "export_graph", "write"]
