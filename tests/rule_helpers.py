"""What the rule tests read of a short excerpt (tests/test_*_rules.py): its 文号, its
citations, its whole extraction."""

from __future__ import annotations

from policykg.loaders.citations import find_citations
from policykg.loaders.docnumber import find_docnumbers
from policykg.loaders.extract import extract_source
from policykg.loaders.read import Source


def numbers(text: str) -> list[str]:
    """The canonical 文号 found in ``text``."""
    return [n.canonical for n in find_docnumbers(text)]


def cited(text: str, **kw) -> list[str]:
    """What ``text`` cites: the 文号, else the title, of each citation."""
    return [c.doc_number or c.title for c in find_citations(text, **kw)]


def extract(text: str) -> dict:
    """The extraction of ``text`` as a plain-text file, as JSON."""
    return extract_source(Source("t", text, "0" * 64, "text")).to_json()
