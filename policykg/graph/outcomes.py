"""What an ingest reports about one file it could not take: ``Failure`` (path and problem),
with the path made ``printable``; and ``stamp``, the file's stat on its document's row. Shared by the file-by-file ingest (``graph/ingest.py``) and
the bulk load (``graph/bulk.py``), so that neither imports the other's module for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykg.graph.batch import Batch


@dataclass
class Failure:
    """A file that was not ingested, and why (the problem names no path; ``path`` does)."""

    path: str
    problem: str

    def to_json(self) -> dict[str, str]:
        """The failure as a report line."""
        return {"path": self.path, "problem": self.problem}


def printable(path: str) -> str:
    """A path fit for a report: bytes that are not UTF-8 shown as \\xNN escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def stamp(batch: Batch, doc_id: str, file_stat: str | None) -> None:
    """Put the file's stat on its document's row: committed with the document's facts, so a
    kill before the commit leaves the old stat and the next run reads the file again."""
    for n in batch.nodes:
        if n.label == "Document" and n.id == doc_id and not n.fill_only:
            n.props["file_stat"] = file_stat
