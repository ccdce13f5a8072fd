"""A cheap, deterministic starting layout: O(nodes + edges), no force simulation.

The HTML view refines it in the browser with ForceAtlas2 (a web worker); GEXF and graphology
exports carry it as a starting point for Gephi's or sigma's own layouts.

* Documents cited at least twice lie on a sunflower (golden-angle) spiral, the most cited at
  the centre: hubs start where ForceAtlas2 will pull them anyway, and no two share a point.
* Every other node starts beside the mean of its already placed neighbours (a notice between
  the documents it cites, a project by the documents that list it, an agency by what it
  issued), at an offset whose angle and length come from a hash of its key, so the same graph
  always lands the same way: one round of barycentric placement, a few rounds deep.
* Nodes with no placed neighbour go on a ring outside the spiral.

spring_layout over 6,000 nodes took minutes; this takes milliseconds.
"""

from __future__ import annotations

import math
import zlib

import networkx as nx

from policykg.export import cited_counts

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 10.0  # distance between neighbouring documents on the spiral


def _angle(key: str) -> float:
    return (zlib.crc32(key.encode("utf-8")) / 0xFFFFFFFF) * 2 * math.pi


def seed_positions(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for every node of ``g`` (keys as in ``g``), distinct for distinct nodes."""
    cited = cited_counts(g)
    docs = sorted(
        (n for n, k in g.nodes(data="kind") if k == "Document"), key=lambda n: (-cited[n], n)
    )
    core = [n for n in docs if cited[n] >= 2]
    docs = core if len(core) >= 3 else docs
    pos: dict[str, tuple[float, float]] = {}
    for i, n in enumerate(docs):
        r = SPACING * math.sqrt(i + 0.5)
        pos[n] = (r * math.cos(i * GOLDEN_ANGLE), r * math.sin(i * GOLDEN_ANGLE))
    rest = sorted(n for n in g.nodes if n not in pos)
    for _ in range(4):  # hubs → notices, projects, agencies, figures → regions → …
        placed: dict[str, tuple[float, float]] = {}
        for n in rest:
            near = [pos[m] for m in nx.all_neighbors(g, n) if m in pos]
            if not near:
                continue
            a = _angle(n)
            r = SPACING * (0.5 + ((zlib.crc32(n.encode("utf-8")) >> 8) % 100) / 100)
            placed[n] = (
                sum(p[0] for p in near) / len(near) + r * math.cos(a),
                sum(p[1] for p in near) / len(near) + r * math.sin(a),
            )
        pos.update(placed)
        rest = [n for n in rest if n not in pos]
        if not placed or not rest:
            break
    outer = SPACING * (math.sqrt(len(docs) + 1) + 2)
    for i, n in enumerate(rest):
        a = 2 * math.pi * i / len(rest)
        pos[n] = (outer * math.cos(a), outer * math.sin(a))
    return pos
