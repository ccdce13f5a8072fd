"""Document filters shared by ``trace``, ``wanted`` and ``search``: date range, issuer, region.

A filter is resolved once against the graph (an issuer's aliases → canonical agency names; a
region → its GB/T 2260 code and every region inside it), then becomes WHERE conditions built
by :func:`policykg.graph.cypher.document_filter`, values always as parameters.

- ``since`` / ``until``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive, on the 成文日期
  (else the publication date); a document with neither is left out when a date is asked for.
- ``issuer``: part of the issuer's name (重庆市人民政府办公厅 ← 人民政府办公厅), or an alias of an
  agency (市发展改革委 → 重庆市发展和改革委员会).
- ``region``: a region name or code; documents located in it or in any region inside it
  (重庆市 → 北碚区, 九龙坡区 …), or whose region text contains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policykg.errors import QueryError
from policykg.graph import cypher

if TYPE_CHECKING:
    from policykg.graph.store import Graph

_DATE_RE = re.compile(r"^(\d{4})(?:[-./年](\d{1,2}))?(?:[-./月](\d{1,2}))?日?$")


def parse_date_bound(text: str, end: bool) -> str:
    """``2022`` → ``2022-01-01`` (start) or ``2022-12-31`` (end); ``2022-4`` → ``2022-04-01`` /
    ``2022-04-31`` (a string bound: every day of the month compares below it).

    >>> parse_date_bound("2022", end=True)
    '2022-12-31'
    >>> parse_date_bound("2022年4月7日", end=False)
    '2022-04-07'
    """
    m = _DATE_RE.match((text or "").strip())
    if not m:
        raise QueryError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return f"{year}-12-31" if end else f"{year}-01-01"
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        raise QueryError(f"{text!r} is not a date: month 1–12, day 1–31")
    if day is None:
        return f"{year}-{int(month):02d}-31" if end else f"{year}-{int(month):02d}-01"
    return f"{year}-{int(month):02d}-{int(day):02d}"


@dataclass(frozen=True)
class DocFilter:
    """What the user asked for (as typed)."""

    since: str | None = None
    until: str | None = None
    issuer: str | None = None
    region: str | None = None

    def __bool__(self) -> bool:
        return any((self.since, self.until, self.issuer, self.region))

    def describe(self) -> str:
        """``since 2022, issuer 发展改革委`` (for messages such as "no document matches …")."""
        parts = [
            f"{k} {v}"
            for k, v in (
                ("since", self.since),
                ("until", self.until),
                ("issuer", self.issuer),
                ("region", self.region),
            )
            if v
        ]
        return ", ".join(parts)

    def resolve(self, graph: Graph) -> ResolvedFilter:
        """Dates parsed, the issuer's agencies and the region's codes looked up."""
        since = parse_date_bound(self.since, end=False) if self.since else None
        until = parse_date_bound(self.until, end=True) if self.until else None
        if since and until and since > until:
            raise QueryError(f"--since {self.since} is after --until {self.until}")
        issuer = (self.issuer or "").strip() or None
        region = (self.region or "").strip() or None
        issuers: list[str] = []
        if issuer:
            rows = graph.run(cypher.find_agency(graph.dialect), {"text": issuer})
            issuers = sorted({r["name"] or r["id"] for r in rows} | {r["id"] for r in rows})
        codes: list[str] = []
        if region:
            found = {r["code"] for r in graph.run(cypher.REGIONS_NAMED, {"text": region})}
            frontier = sorted(found)
            for _ in range(6):  # province → prefecture → county → …: a few levels at most
                if not frontier:
                    break
                rows = graph.run(cypher.REGIONS_INSIDE, {"codes": frontier})
                frontier = sorted({r["code"] for r in rows} - found)
                found.update(frontier)
            codes = sorted(found)
        return ResolvedFilter(self, since, until, issuer, issuers, region, codes)


@dataclass(frozen=True)
class ResolvedFilter:
    """A filter with its names resolved: the issuer's aliases and the region's codes."""

    asked: DocFilter
    since: str | None
    until: str | None
    issuer: str | None
    issuers: list[str] = field(default_factory=list)
    region: str | None = None
    region_codes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.asked)

    def flags(self) -> dict[str, bool]:
        """Which filters are asked: the arguments of the builders in ``graph/cypher.py``."""
        return {
            "since": self.since is not None,
            "until": self.until is not None,
            "issuer": self.issuer is not None,
            "region": self.region is not None,
        }

    def params(self) -> dict[str, Any]:
        """The parameters the filtered statements take."""
        out: dict[str, Any] = {}
        if self.since is not None:
            out["since"] = self.since
        if self.until is not None:
            out["until"] = self.until
        if self.issuer is not None:
            out["issuer"], out["issuers"] = self.issuer, list(self.issuers)
        if self.region is not None:
            out["region"], out["region_codes"] = self.region, list(self.region_codes)
        return out

    def keep(self, graph: Graph, ids: list[str]) -> set[str]:
        """The documents among ``ids`` that pass (one statement, ids as a parameter)."""
        if not self or not ids:
            return set(ids)
        rows = graph.run(cypher.documents_passing(**self.flags()), {"ids": ids, **self.params()})
        return {r["id"] for r in rows}
