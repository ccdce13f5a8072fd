"""How a document is named to people: its 文号, else its title and the file it came from.

Documents without a 文号 have an internal id (``t:8c7cc39914883a90``, a hash of the title);
that id is never shown as a name. JSON keeps ``id`` (stable, for programs) and adds ``label``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from policykg.graph import cypher

if TYPE_CHECKING:
    from policykg.graph.store import Graph


def document_label(
    id: str | None,
    title: str | None = None,
    doc_number: str | None = None,
    path: str | None = None,
) -> str:
    """``渝府办发〔2020〕118号`` for a numbered document; ``《title》 (path)`` otherwise.

    >>> document_label("t:8c7c", "关于做好2022年区级重点项目实施有关工作的通知", None, "a/003.txt")
    '《关于做好2022年区级重点项目实施有关工作的通知》 (a/003.txt)'
    >>> document_label("渝府办发〔2020〕118号", "重庆市…通知", "渝府办发〔2020〕118号")
    '渝府办发〔2020〕118号'
    """
    if doc_number:
        return doc_number
    parts = []
    if title:
        parts.append(f"《{title}》")
    if path:
        parts.append(f"({path})" if parts else path)
    if parts:
        return " ".join(parts)
    if id and not str(id).startswith("t:"):
        return str(id)
    return "(a document with neither 文号 nor title)"


def label_of(row: dict[str, Any], prefix: str = "") -> str:
    """:func:`document_label` of a query row with ``id``, ``title``, ``doc_number``, ``path``
    columns (``prefix`` + those names)."""
    return document_label(
        row.get(prefix + "id"),
        row.get(prefix + "title"),
        row.get(prefix + "doc_number"),
        row.get(prefix + "path"),
    )


def labels_for(graph: Graph, ids: Iterable[str | None]) -> dict[str, str]:
    """The label of each document id (one statement; unknown ids keep their id)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    found = {r["id"]: label_of(r) for r in graph.run(cypher.DOCUMENT_PROPS, {"ids": wanted})}
    return {i: found.get(i, i) for i in wanted}
