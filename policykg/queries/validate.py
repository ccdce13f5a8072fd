"""Integrity checks over the graph: dates, 文号 years, issuers, self-citations, figure sums,
unresolved agency names, title-only citations that several documents could answer. Each finding names the documents involved and what is wrong."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from policykg.graph import cypher
from policykg.loaders.docnumber import parse_docnumber
from policykg.loaders.issuer_codes import lookup_code

if TYPE_CHECKING:
    from policykg.graph.store import Graph

# a whole and the parts that add up to it (柳州: 新开工 + 续建 + 竣工 = 实施项目)
SUM_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("实施项目", ("新开工项目", "续建项目", "竣工项目")),
)
TOLERANCE = 0.005  # relative, for money sums of rounded figures
SEVERE = {
    "cited-after-citer",
    "number-year-vs-date",
    "self-citation",
    "issuer-vs-code",
    "sum-mismatch",
}


@dataclass(frozen=True)
class Finding:
    """One problem a consistency check found, about one subject."""

    check: str
    subject: str
    message: str

    @property
    def severe(self) -> bool:
        """True for the checks whose findings fail ``validate``."""
        return self.check in SEVERE


@dataclass
class Validation:
    """The findings of every consistency check, and which checks ran."""

    findings: list[Finding]
    checks_run: list[str]

    @property
    def failed(self) -> bool:
        """True when a severe finding was made."""
        return any(f.severe for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The validation as JSON."""
        return {
            "failed": self.failed,
            "checks_run": self.checks_run,
            "findings": [asdict(f) | {"severe": f.severe} for f in self.findings],
        }


def _issuer_in_title(title: str | None) -> str | None:
    if not title or "关于" not in title:
        return None
    pre = title.split("关于", 1)[0]
    return (
        pre if re.search(r"(人民政府办公厅|人民政府办公室|人民政府|委员会|局|厅)$", pre) else None
    )


def validate(graph: Graph) -> Validation:
    """Integrity checks (dates, 文号 years, issuers vs 机关代字, self-citations, figure sums,
    unresolved names); ``Validation.failed`` when a severe finding is among them."""
    out: list[Finding] = []
    for r in graph.run(cypher.VALIDATE_CITED_AFTER):
        out.append(
            Finding(
                "cited-after-citer",
                r["citer"],
                f"cites {r['cited']} dated {r['cited_date']}, after its own date {r['citer_date']}",
            )
        )
    for r in graph.run(cypher.VALIDATE_SELF_CITES):
        out.append(Finding("self-citation", r["id"], f"cites itself: {r['sentence']}"))
    for r in graph.run(cypher.VALIDATE_DOCS):
        dn = parse_docnumber(r["doc_number"]) if r["doc_number"] else None
        if dn and dn.year and r["date"] and int(r["date"][:4]) != dn.year:
            out.append(
                Finding(
                    "number-year-vs-date", r["id"], f"文号 year {dn.year} but dated {r['date']}"
                )
            )
        entry = lookup_code(dn.code) if dn else None
        if dn and entry and r["issuer"] and entry.issuer and r["issuer"] != entry.issuer:
            out.append(
                Finding(
                    "issuer-vs-code",
                    r["id"],
                    f"issuer {r['issuer']} but {dn.code} belongs to {entry.issuer}",
                )
            )
    for r in graph.run(cypher.VALIDATE_CITED_TITLES):
        dn = parse_docnumber(r["number"])
        entry = lookup_code(dn.code) if dn else None
        named = _issuer_in_title(r["title"])
        if dn and entry and named and entry.issuer and named != entry.issuer:
            out.append(
                Finding(
                    "issuer-vs-code",
                    r["citer"],
                    f"cites 《{r['title']}》 ({r['number']}): the title names {named}, {dn.code} belongs to {entry.issuer}",
                )
            )
    figures: dict[str, dict[str, dict[str, Any]]] = {}
    for r in graph.run(cypher.VALIDATE_FIGURES):
        figures.setdefault(r["id"], {})[r["category"]] = r
    for doc, cats in figures.items():
        for whole, parts in SUM_RULES:
            if whole not in cats or not all(p in cats for p in parts):
                continue
            for field, label in (
                ("count", "count"),
                ("total", "total investment"),
                ("annual", "annual plan"),
            ):
                w = cats[whole][field]
                ps = [cats[p][field] for p in parts]
                if w is None or any(p is None for p in ps):
                    continue
                if abs(sum(ps) - w) > max(TOLERANCE * abs(w), 0.5 if field == "count" else 0):
                    out.append(
                        Finding(
                            "sum-mismatch",
                            doc,
                            f"{label}: {' + '.join(parts)} = {sum(ps):g}, but {whole} = {w:g}",
                        )
                    )
    for r in graph.run(cypher.VALIDATE_UNRESOLVED):
        out.append(
            Finding(
                "unresolved-agency",
                r["id"],
                f"agency name {r['name']!r} not resolved to an official body ({r['mentions']} mentions"
                + (f"; its prefix points at {r['guess']})" if r.get("guess") else ")"),
            )
        )
    for r in graph.run(cypher.AMBIGUOUS_TITLE_CITATIONS):  # graph/titles.py did not guess
        out.append(
            Finding(
                "ambiguous-title-citation",
                r["citer"],
                f"cites 《{r['title']}》 without a 文号; {r['candidates']} documents of that title "
                "could be meant, so the citation stays on the title-only node",
            )
        )
    checks = [
        "cited-after-citer",
        "self-citation",
        "number-year-vs-date",
        "issuer-vs-code",
        "sum-mismatch",
        "unresolved-agency",
        "ambiguous-title-citation",
    ]
    return Validation(out, checks)
