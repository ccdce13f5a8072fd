"""Find documents by words of a title or a 文号: substring matches first, then fuzzy ones.

Ranking, best first:

1. exact: the 文号 (in any bracket form, or repaired when its brackets were lost:
   ``渝府办发2020118号`` → ``渝府办发〔2020〕118号``) or the whole title;
2. substring of the title or the 文号, scored 80–99 by how much of the field the text covers;
3. fuzzy (rapidfuzz): ``partial_ratio`` of the text against each title and ``ratio`` of the
   bracket-free 文号 against each number; kept from ``FUZZY_CUTOFF`` up.

The same ranking answers "did you mean" when a lookup finds nothing
(:func:`policykg.queries.lookup.find_document`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.loaders.docnumber import normalize_docnumber
from policykg.queries.filters import DocFilter
from policykg.queries.labels import label_of

if TYPE_CHECKING:
    from policykg.graph.store import Graph

FUZZY_CUTOFF = 70.0  # below this a fuzzy match is noise (two notices share 关于, 通知, 重庆市 …)
DEFAULT_LIMIT = 20

_OPEN = "〔\\[(（【〈［﹝〖"
_CLOSE = "〕\\])）】〉］﹞〗"
_LOOSE_RE = re.compile(
    rf"^(?P<code>[^\d{_OPEN}{_CLOSE}\s]+?)\s*[{_OPEN}]?\s*(?P<year>(?:19|20)\d\d)\s*[{_CLOSE}]?\s*年?\s*第?\s*"
    r"(?P<serial>\d{1,6})\s*号?$"
)
_NOT_KEY_RE = re.compile(r"[^\w]|[号第年_]")


def repair_docnumber(text: str) -> str | None:
    """The canonical 文号 a user meant, brackets lost or digits run together included.

    >>> repair_docnumber("渝府办发2020118号")
    '渝府办发〔2020〕118号'
    >>> repair_docnumber("渝府办发[2020]118号")
    '渝府办发〔2020〕118号'
    >>> repair_docnumber("重点项目") is None
    True
    """
    text = unicodedata.normalize("NFKC", (text or "").strip())
    found = normalize_docnumber(text)
    if found:
        return found
    m = _LOOSE_RE.match(text)
    if not m:
        return None
    return normalize_docnumber(f"{m['code']}〔{m['year']}〕{int(m['serial'])}号")


def number_key(text: str | None) -> str:
    """A 文号 without brackets, 第, 年, 号 or spaces (what fuzzy matching of numbers compares).

    >>> number_key("渝府办发〔2020〕118号")
    '渝府办发2020118'
    """
    return _NOT_KEY_RE.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Hit:
    """One search result: a document with its display fields."""

    id: str
    label: str
    doc_number: str | None
    title: str | None
    date: str | None
    issuer: str | None
    region: str | None
    ingested: bool
    path: str | None
    score: float  # 0–100
    match: str  # "exact" | "substring" | "fuzzy"


_TIER = {"exact": 0, "substring": 1, "fuzzy": 2}


@dataclass
class SearchResult:
    """The hits of a search, with the total before the limit and the filters applied."""

    query: str
    hits: list[Hit]
    total: int  # every match, before --limit
    limit: int | None
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def more(self) -> int:
        """How many matches the limit left out."""
        return self.total - len(self.hits)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON (see README "JSON output")."""
        return {
            "query": self.query,
            "filters": dict(self.filters),
            "limit": self.limit,
            "total": self.total,
            "more": self.more,
            "hits": [asdict(h) for h in self.hits],
        }


def _hit(row: dict[str, Any], score: float, match: str) -> Hit:
    return Hit(
        row["id"],
        label_of(row),
        row["doc_number"],
        row["title"],
        row["date"] or row.get("published"),
        row["issuer"],
        row["region"],
        bool(row["ingested"]),
        row["path"],
        round(float(score), 1),
        match,
    )


def _substring_score(
    texts: tuple[str, ...], title: str, num: str, number: str | None
) -> tuple[float, int]:
    """(score, tier) of a substring match of any form of the text; (0, 0) when there is none."""
    if num and (num == number or num in texts) or title in texts:
        return 100.0, _TIER["exact"]
    best = 0.0
    folded = ""
    if (len(texts) > 1 or _foldable(texts[0])) and not unicodedata.is_normalized("NFKC", title):
        folded = unicodedata.normalize("NFKC", title)
    for text in texts:
        for value in (num, title, folded):
            if value and text in value:
                best = max(best, 80.0 + 19.0 * len(text) / len(value))
    return best, _TIER["substring"]


def _foldable(text: str) -> bool:
    """Has characters with a full- and a half-width form (digits, Latin, brackets …): titles
    are then compared width-folded too."""
    return any(c.isascii() or "\uff00" <= c <= "\uffef" for c in text)


def _stored_key(num: str) -> str:
    """:func:`number_key` of a stored (canonical) 文号, by plain replaces: ~10x faster."""
    for ch in "〔〕号第年":
        num = num.replace(ch, "")
    return num


def search(
    graph: Graph, text: str, limit: int | None = DEFAULT_LIMIT, filters: DocFilter | None = None
) -> SearchResult:
    """Documents whose title or 文号 matches ``text``, best first; at most ``limit`` (None: all).
    ``filters`` narrows by date, issuer and region (see :mod:`policykg.queries.filters`).

    One scan of the documents that pass the filters (id, title, 文号), scored here: substring
    tests, then rapidfuzz over the rest in C; only the kept matches are then read in full."""
    text = (text or "").strip()
    if not text:
        raise QueryError("search for words of a title or a 文号")
    # as typed, and width-folded (（试行） and (试行), ２０２２ and 2022): titles keep either form
    texts = tuple(dict.fromkeys((text, unicodedata.normalize("NFKC", text))))
    if limit is not None and int(limit) < 1:
        raise QueryError("limit must be 1 or more")
    f = (filters or DocFilter()).resolve(graph)
    number = repair_docnumber(text)
    rows = graph.run(cypher.search_candidates(**f.flags()), f.params())
    scored: dict[int, tuple[int, float]] = {}  # row index → (tier, score)
    rest: list[int] = []
    for i, r in enumerate(rows):
        score, tier = _substring_score(texts, r["title"] or "", r["doc_number"] or "", number)
        if score:
            scored[i] = (tier, score)
        else:
            rest.append(i)
    fuzzy = _TIER["fuzzy"]
    titles = [rows[i]["title"] or "" for i in rest]
    for _, score, k in process.extract(
        text, titles, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
    ):
        if len(titles[k]) < len(text):  # a short title inside a long query is no match
            score = fuzz.ratio(text, titles[k], score_cutoff=FUZZY_CUTOFF)
        if score >= FUZZY_CUTOFF:
            scored[rest[k]] = (fuzzy, float(score))
    key = number_key(number or text)
    if any(c.isdigit() for c in key):  # only a query with digits can be a 文号
        keys = [_stored_key(rows[i]["doc_number"] or "") for i in rest]
        for _, score, k in process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            if keys[k] and score > scored.get(rest[k], (fuzzy, 0.0))[1]:
                scored[rest[k]] = (fuzzy, float(score))

    def rank(i: int) -> tuple:
        r = rows[i]
        return (*scored[i][:1], -scored[i][1], not r["ingested"], r["doc_number"] or "", r["id"])

    ranked = sorted(scored, key=rank)
    kept = ranked if limit is None else ranked[: int(limit)]
    props = {
        r["id"]: r for r in graph.run(cypher.SEARCH_PROPS, {"ids": [rows[i]["id"] for i in kept]})
    }
    names = {v: k for k, v in _TIER.items()}
    hits = [
        _hit(props[rows[i]["id"]], scored[i][1], names[scored[i][0]])
        for i in kept
        if rows[i]["id"] in props
    ]
    asked = {k: v for k, v in asdict(f.asked).items() if v}
    return SearchResult(text, hits, len(ranked), limit, asked)
