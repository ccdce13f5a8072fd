"""Citations by title only (《X》, no 文号): which document they point at.

The rule is a function of the citation and of the set of documents in the graph, never of the
order they were loaded in, and it does not guess ("a wrong edge is worse than a missing one"):

1. Candidates: documents other than the citer whose ``title_key`` equals the cited key
   (``title_key`` of the cited title; for 国务院《关于…》 also the issuer-prefixed key, the way
   an ingested 关于… title is keyed). Only documents the graph knows for themselves count: an
   ingested one, or one some document cites by 文号 (a title-only placeholder ``t:…`` is not
   a candidate). When no title matches, documents that *transmit* the cited title
   (``transmits``, 关于转发《X》的通知) are the candidates instead.
2. A candidate dated after the citing document is dropped (both dates known; compared on the
   precision both have).
3. A citation that names its issuer (国务院办公厅《…》) keeps only candidates of that issuer
   (an unknown issuer does not match).
4. One candidate left: the citation resolves to it (``status`` ``resolved-by-title``).
5. Several left, each with a known issuer: those of the citer's own issuer are preferred;
   then, each with a known region, those of the citer's region; when exactly one remains it
   wins (a candidate of unknown issuer or region might be the citer's as well: no preference).
6. Otherwise the edge stays on the title-only node ``t:<hash of the key>``: ``status``
   ``ambiguous-title`` with ``candidates`` = how many could not be told apart, or ``cited``
   when there was no candidate at all.

Writers keep it true under updates: when a document whose key is k is added, changed or
removed (or starts or stops being cited by 文号), every title-only citation of k is resolved
again (``Graph.write_batch``); the bulk loader resolves all of them once at the end (the same
function), so both paths give the same graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policykg.loaders.citations import title_key
from policykg.loaders.resolve import short_hash

if TYPE_CHECKING:
    from policykg.graph.rows import Batch

RESOLVED = "resolved-by-title"
AMBIGUOUS = "ambiguous-title"
UNRESOLVED = "cited"  # no candidate: the edge stays on the title-only node


def placeholder_id(key: str) -> str:
    """The id of the title-only node of a cited key (``resolve.document_id(None, title)``)."""
    return "t:" + short_hash(key)


def lookup_keys(key: str, issuer: str | None) -> tuple[str, ...]:
    """Keys a title-only citation matches: its own, and with a named issuer in front of a 关于
    title, the issuer-prefixed key an ingested document of that issuer has."""
    if issuer and key.startswith("关于"):
        return (key, title_key(issuer) + key)
    return (key,)


def document_keys(row: dict[str, Any]) -> set[str]:
    """Keys whose title-only citations a change of this document can affect: its title key,
    the title it transmits, and its bare title (cited as 国务院《关于…》)."""
    out = {row.get("title_key"), row.get("transmits")}
    if row.get("title"):
        out.add(title_key(row["title"]))
    out.discard(None)
    out.discard("")
    return out  # type: ignore[return-value]


@dataclass(frozen=True)
class Candidate:
    """A document a title-only citation may point at (the properties the rule reads)."""

    id: str
    title_key: str | None
    transmits: str | None
    date: str | None
    issuer: str | None
    region: str | None
    ingested: bool
    by_number: bool  # some document cites it by 文号
    title: str | None = None  # its bare title's key is matched by 国务院《关于…》 (document_keys)

    @property
    def known(self) -> bool:
        """The graph knows this document for itself: ingested, or cited somewhere by 文号."""
        return self.ingested or self.by_number

    @classmethod
    def of(cls, row: dict[str, Any], by_number: bool | None = None) -> Candidate:
        """A candidate from a ``TITLE_CANDIDATES`` row."""
        return cls(
            row["id"],
            row.get("title_key"),
            row.get("transmits"),
            row.get("date"),
            row.get("issuer"),
            row.get("region"),
            bool(row.get("ingested")),
            bool(row.get("by_number")) if by_number is None else by_number,
            row.get("title"),
        )


@dataclass(frozen=True)
class TitleCitation:
    """A title-only citation and what the rule reads of its citing document."""

    key: str
    issuer: str | None  # named in front of the title
    citer: str
    citer_date: str | None
    citer_issuer: str | None
    citer_region: str | None

    @property
    def placeholder(self) -> str:
        """The id of the title-only node of this citation's key."""
        return placeholder_id(self.key)


@dataclass(frozen=True)
class Resolution:
    """Where one title-only citation points, and why (``status``, ``candidates``)."""

    target: str  # a document id, or the title-only node's
    status: str
    candidates: int | None  # how many could not be told apart (ambiguous only)


_SPLIT = re.compile(r"[、，,和及与]")


def _issuers(name: str | None) -> set[str]:
    if not name:
        return set()
    return {title_key(p) for p in _SPLIT.split(name) if len(p.strip()) >= 2}


def _after(date: str | None, citer_date: str | None) -> bool:
    """Whether ``date`` is later than ``citer_date``, on the precision both have."""
    if not date or not citer_date:
        return False
    n = min(len(date), len(citer_date))
    return date[:n] > citer_date[:n]


def resolve_citation(cit: TitleCitation, candidates: Iterable[Candidate]) -> Resolution:
    """The rule of this module's docstring. ``candidates``: documents whose ``title_key`` or
    ``transmits`` is one of ``lookup_keys(cit.key, cit.issuer)`` (others are ignored)."""
    keys = set(lookup_keys(cit.key, cit.issuer))
    named = _issuers(cit.issuer)

    def keep(c: Candidate) -> bool:
        if c.id == cit.citer or not c.known or _after(c.date, cit.citer_date):
            return False
        return not named or bool(named & _issuers(c.issuer))

    pool = {c.id: c for c in candidates if keep(c)}
    found = [c for c in pool.values() if c.title_key in keys]
    if not found:
        found = [c for c in pool.values() if c.transmits in keys]
    for attr, own in (("issuer", cit.citer_issuer), ("region", cit.citer_region)):
        # a preference only between candidates whose issuer (region) is known: one of unknown
        # region may be in the citer's region as well
        if len(found) < 2 or not own or any(getattr(c, attr) is None for c in found):
            continue
        narrowed = [c for c in found if getattr(c, attr) == own]
        if narrowed:
            found = narrowed
    if len(found) == 1:
        target = found[0].id
        return Resolution(target, UNRESOLVED if target == cit.placeholder else RESOLVED, None)
    if found:
        return Resolution(cit.placeholder, AMBIGUOUS, len(found))
    return Resolution(cit.placeholder, UNRESOLVED, None)


class CandidateIndex:
    """Candidates by key (title key and transmitted title), for many citations at once."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.by_key: dict[str, list[Candidate]] = defaultdict(list)
        for c in candidates:
            for k in {c.title_key, c.transmits} - {None}:
                self.by_key[k].append(c)  # type: ignore[index]

    def resolve(self, cit: TitleCitation) -> Resolution:
        """``resolve_citation`` over the candidates of the citation's lookup keys."""
        found: dict[str, Candidate] = {}
        for k in lookup_keys(cit.key, cit.issuer):
            for c in self.by_key.get(k, ()):
                found[c.id] = c
        return resolve_citation(cit, found.values())


def is_title_citation(props: dict[str, Any]) -> bool:
    """A CITES edge's properties: cited by title, without a 文号."""
    return not props.get("cited_number") and bool(props.get("cited_title"))


def prepare(batch: Batch) -> None:
    """Give every title-only CITES edge of ``batch`` its normalised cited key (``cited_key``),
    the handle by which it is found again when a document of that key changes."""
    for e in batch.edges:
        if e.type == "CITES" and is_title_citation(e.props):
            e.props["cited_key"] = title_key(e.props["cited_title"])


def batch_keys(batch: Batch) -> set[str]:
    """Keys ``batch`` can change the resolution of: those it cites by title, and those of
    every document it writes (ingested or cited by 文号)."""
    out: set[str] = set()
    for e in batch.edges:
        if e.type == "CITES" and e.props.get("cited_key"):
            out.add(e.props["cited_key"])
    for n in batch.nodes:
        if n.label == "Document" and not (n.fill_only and n.id.startswith("t:")):
            out |= document_keys(n.props)
    return out


def candidacy(c: Candidate | None) -> tuple[frozenset[str], Any, Any, Any] | None:
    """What the rule reads of a document as a candidate (None: not one): keys, date, issuer,
    region. Equal before and after a write, every citation resolves as it did."""
    if c is None or not c.known:
        return None
    keys = document_keys({"title_key": c.title_key, "transmits": c.transmits, "title": c.title})
    return (frozenset(keys), c.date, c.issuer, c.region)


def changed_keys(before: dict[str, Candidate], after: dict[str, Candidate]) -> set[str]:
    """Keys whose title-only citations may resolve differently after a write: those of every
    document whose ``candidacy`` the write changes (its keys before and after)."""
    out: set[str] = set()
    for id_ in before.keys() | after.keys():
        was, now = candidacy(before.get(id_)), candidacy(after.get(id_))
        if was != now:
            out |= (was[0] if was else frozenset()) | (now[0] if now else frozenset())
    return out


def citation_of(edge_props: dict[str, Any], citer: dict[str, Any] | None) -> TitleCitation:
    """The title-only citation an edge's properties hold, with its citer's row (id, date,
    issuer, region)."""
    citer = citer or {}
    return TitleCitation(
        edge_props["cited_key"],
        edge_props.get("cited_issuer"),
        citer.get("id") or "",
        citer.get("date"),
        citer.get("issuer"),
        citer.get("region"),
    )


def after_write(
    batch: Batch, graph_rows: list[dict[str, Any]], gone: set[str]
) -> tuple[dict[str, Candidate], dict[str, dict[str, Any]]]:
    """The candidates of ``graph_rows`` (``TITLE_CANDIDATES`` rows) as they are once ``batch``
    is written and the documents in ``gone`` are no longer ingested, by id; and the batch's
    full Document rows (its ingested documents), by id."""
    cands: dict[str, Candidate] = {}
    for r in graph_rows:
        c = Candidate.of(r)
        if c.id in gone:
            c = Candidate.of({**r, "ingested": False})
        cands[c.id] = c
    full: dict[str, dict[str, Any]] = {}
    fill: dict[str, dict[str, Any]] = {}
    for n in batch.nodes:
        if n.label != "Document":
            continue
        if not n.fill_only:
            full[n.id] = {**n.props, "id": n.id}
        elif not n.id.startswith("t:"):
            first = fill.get(n.id, {})
            fill[n.id] = {
                k: (first.get(k) if first.get(k) is not None else v) for k, v in n.props.items()
            }
    for id_, props in full.items():
        cands[id_] = Candidate.of({**props, "ingested": True}, by_number=False)
    for id_, props in fill.items():
        if id_ in full:
            continue
        held = cands.get(id_)
        if held is None:
            cands[id_] = Candidate.of({**props, "id": id_}, by_number=True)
        else:  # fill-only: what the graph holds wins
            cands[id_] = Candidate(
                id_,
                held.title_key if held.title_key is not None else props.get("title_key"),
                held.transmits,
                held.date,
                held.issuer if held.issuer is not None else props.get("issuer"),
                held.region,
                held.ingested,
                True,
                held.title if held.title is not None else props.get("title"),
            )
    return cands, full


def settled(
    batch: Batch,
    stored_cites: list[dict[str, Any]],
    before: dict[str, Candidate],
    after: dict[str, Candidate],
    changed: set[str],
) -> dict[int, Resolution]:
    """The batch's title-only citations that resolve as the graph holds them, by ``id`` of
    the edge: the same citation (citer, source, span, key, named issuer) is stored
    (``stored_cites``: the citer's old CITES rows, as ``cypher.facts_of`` reads them), the
    citer's date, issuer and region are unchanged (``before``/``after``: candidacy rows of
    the batch's documents) and no candidate of its keys changes (``changed``: keys of
    ``changed_keys``). The graph's resolutions are kept current by every write, so these need
    no candidates read; the keys of a 文号 citation that goes are checked after the write
    (``Graph._reresolve``), as for every citation."""
    by_key = {
        (r["a"], r["p_source"], r["p_span_start"], r["p_cited_key"], r["p_cited_issuer"]): r
        for r in stored_cites
        if r["p_cited_key"]
    }
    out: dict[int, Resolution] = {}
    for e in batch.edges:
        key = e.props.get("cited_key") if e.type == "CITES" else None
        if not key:
            continue
        issuer = e.props.get("cited_issuer")
        r = by_key.get((e.src, e.props.get("source"), e.props.get("span_start"), key, issuer))
        was, now = before.get(e.src), after.get(e.src)
        if r is None or was is None or now is None:
            continue
        if (was.date, was.issuer, was.region) != (now.date, now.issuer, now.region):
            continue
        if changed.intersection(lookup_keys(key, issuer)):
            continue
        out[id(e)] = Resolution(r["b"], r["p_status"], r["p_candidates"])
    return out


def predict(
    batch: Batch,
    graph_rows: list[dict[str, Any]],
    gone: set[str],
    known: dict[int, Resolution] | None = None,
) -> None:
    """Resolve the batch's own title-only citations before they are written, against the
    graph's candidates (``graph_rows``, as ``TITLE_CANDIDATES`` returns them) with the batch
    written over them and the documents in ``gone`` no longer ingested; ``known``: those
    resolved already (``settled``), by ``id`` of the edge. The writer checks every answer
    against the graph afterwards (``Graph._reresolve``); a right guess here means an edge is
    written once, where it belongs (no delete, no rewrite)."""
    known = known or {}
    cands, full = after_write(batch, graph_rows, gone)
    index = CandidateIndex(cands.values())
    targeted: set[str] = set()
    for e in batch.edges:
        if e.type != "CITES" or not e.props.get("cited_key"):
            if e.dst_label == "Document":
                targeted.add(e.dst)
            continue
        res = known.get(id(e)) or index.resolve(citation_of(e.props, full.get(e.src)))
        e.dst = res.target
        e.props["status"] = res.status
        e.props["candidates"] = res.candidates
        targeted.add(e.dst)
    batch.nodes = [
        n
        for n in batch.nodes
        if not (
            n.label == "Document"
            and n.fill_only
            and n.id.startswith("t:")
            and n.id not in targeted
            and n.id not in full
        )
    ]
