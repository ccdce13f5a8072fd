"""HTML pages → visible text (one block element per line) and their tables.

Scripts, styles, forms and navigation elements are dropped, and so are list items made of
links (menus, 'related documents', share bars); metadata tables stay, one cell or ``label：
value`` a line, for ``loaders/labels.py``. Truncated or broken
HTML is parsed as far as it goes (lxml recovers), never fatal.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

DROP = ("script", "style", "noscript", "iframe", "form", "nav", "button", "select", "svg", "head")
BLOCK = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "header", "footer", "td", "th", "dd", "dt", "title",
)  # fmt: skip


def _drop_link_lists(soup: BeautifulSoup) -> None:
    """List items that are links (menus, 'related documents', 'hot policies', share bars):
    site chrome, never the document. An item counts when its links carry ≥ 70% of its text."""
    for li in soup.find_all("li"):
        if getattr(li, "decomposed", False):
            continue
        total = len(li.get_text(strip=True))
        if not total:
            continue
        linked = sum(len(a.get_text(strip=True)) for a in li.find_all("a"))
        if linked >= 0.7 * total:
            li.decompose()


CHROME_CLASS = re.compile(
    r"(?:^|[-_\s])(?:footer|foot|share|bdshare|breadcrumbs?|crumbs?|copyright|toolbar|"
    r"friendlinks?|relatedlinks?|related|xgwj|xglj|xgxx)(?:$|[-_\s\d])",
    re.IGNORECASE,
)


def _drop_chrome_blocks(soup: BeautifulSoup) -> None:
    """Footers, share bars, breadcrumbs and 'related documents' blocks, named so by their
    class or id; never a block that holds a long paragraph (a page's content wrapper)."""
    for tag in soup.find_all(["div", "ul", "footer", "section", "span", "p"]):
        if getattr(tag, "decomposed", False) or tag.attrs is None:
            continue
        classes: str | list[str] = tag.get("class") or []  # a list: bs4 splits class on spaces
        names = " ".join([*classes, str(tag.get("id") or "")])
        if names and CHROME_CLASS.search(names) and len(tag.get_text(strip=True)) < 600:
            tag.decompose()


def html_to_text(html: str, path: str = "") -> tuple[str, list]:
    """Visible text of a page (one block a line, table cells tab-separated) and its tables."""
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
    _drop_link_lists(soup)
    _drop_chrome_blocks(soup)
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
