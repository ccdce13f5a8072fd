"""Region rows: a region and its chain of parents (GB/T 2260), with LOCATED_IN between them."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node, evidence
from policykg.loaders.regions import ancestors, region_by_code

REGION_TABLE = "GB/T 2260 (policykg/data/regions.json)"


def add_region(b: Batch[Edge], code: str) -> None:
    """A Region node for ``code`` and each of its ancestors, each LOCATED_IN its parent."""
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
                    {**evidence(REGION_TABLE, -1, -1, f"{child.name} ⊂ {parent.name}")},
                )
            )
