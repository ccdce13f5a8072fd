"""HTML pages → visible text (one block element per line) and their tables.

Scripts, styles, forms and navigation elements are dropped; what remains goes through the
same site-chrome filter as plain-text reposts (``loaders/clean.py``). Truncated or broken
HTML is parsed as far as it goes (lxml recovers), never fatal.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

DROP = ("script", "style", "noscript", "iframe", "form", "nav", "button", "select", "svg", "head")
BLOCK = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "header", "footer", "td", "th", "dd", "dt", "title",
)  # fmt: skip


def html_to_text(html: str, path: str = "") -> tuple[str, list]:
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    tables = []
    try:
        from policykg.loaders.tables import tables_from_html

        tables = tables_from_html(html, Path(path).name or "html")
    except ImportError:  # pragma: no cover - tables module is part of the package
        tables = []
    for tag in soup(DROP):
        tag.decompose()
    for tag in soup.find_all(BLOCK):
        if tag.name in ("td", "th"):
            tag.insert_after("\t")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")
    body = soup.body or soup
    raw = body.get_text("")
    lines = [
        " ".join(line.split()) if "\t" not in line else line.strip() for line in raw.splitlines()
    ]
    text = "\n".join(line for line in lines if line)
    if title and title not in text[:2000]:
        text = title + "\n" + text
    return text, tables
