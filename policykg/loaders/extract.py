"""One file → one ``Extraction``: the pure function the ingest maps over files.

    read_source → normalise → find_metadata → citations, figures, projects, agencies, duties
    → resolve → spans mapped back to the original text

Every finder reads the normalised text (:mod:`policykg.loaders.normalise`: simplified script,
no pinyin glosses, half-width digits …); every span of the result indexes the *original*
text (``Extraction.text``), and values found in the text keep their surface form as written
beside the canonical one (``doc_number_as_written``, a citation's ``surface``).

No database is touched; the result depends on the file's bytes only (and the package's
data files), so it runs in worker processes and under distributed engines unchanged.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any, TypedDict, TypeVar

from policykg.loaders import citations as cit
from policykg.loaders import resolve
from policykg.loaders.agencies import (
    find_agency_mentions,
    find_duties,
    guess_issuer,
    guess_jurisdiction,
    is_national,
    region_in_name,
    resolve_agency,
)
from policykg.loaders.docnumber import find_docnumbers
from policykg.loaders.figures import find_figures
from policykg.loaders.metadata import LAW_GENRES, find_metadata, split_lines
from policykg.loaders.national_agencies import resolve_national
from policykg.loaders.normalise import Normalised, normalise
from policykg.loaders.projects import projects_from_tables, projects_from_text
from policykg.loaders.read import Source, read_source
from policykg.loaders.references import resolve_references
from policykg.records import (
    AgencyMention,
    AgencyRef,
    Citation,
    Duty,
    Extraction,
    Figure,
    ProjectRow,
)


class _Context(TypedDict):
    """What the agency and duty finders resolve relative names against (我委, renamed bodies)."""

    issuer: str | None
    date: str | None


PLACEHOLDER = re.compile(r"(XX|××|某[市县区省])")
# an organ named relative to its region (县人大…, 市政府办公室): the region's name is missing
RELATIVE_NAME = re.compile(r"^[省市县区州旗盟](?:人大|政府|人民政府|委|政协)")


def extract_file(path: str | os.PathLike) -> Extraction:
    """Read and extract one file. Raises ``LoadError`` for unreadable input."""
    return extract_source(read_source(path))


def extract_source(src: Source) -> Extraction:
    """Extract a source already read: normalise, find, map spans back to the original, then
    resolve the references the graph needs (ids, regions, parent bodies)."""
    norm = normalise(src.text)
    ex = _extract_normalised(src, norm.text)
    return resolve_references(_to_original(ex, norm))


def _extract_normalised(src: Source, text: str) -> Extraction:
    """Every finder over the normalised ``text``; spans index ``text`` (mapped back later)."""
    lines = split_lines(text)
    numbers = find_docnumbers(text)
    md = find_metadata(text, lines, numbers)
    ex = Extraction(path=src.path, sha256=src.sha256, text=text)
    ex.warnings.extend(md.warnings)
    ex.doc_type = md.doc_type
    ex.title_span = md.title_span
    ex.addressees = md.addressees
    ex.attachments = md.attachments
    ex.transmits = md.transmits
    ex.plan_year = md.plan_year
    ex.date = md.date.isoformat() if md.date else None
    ex.published = md.published.isoformat() if md.published else None
    own = cit.own_numbers(text, md, numbers)
    number = md.number or own.number
    if number:
        ex.doc_number = cit.canonical_number(number, md.doc_type or md.title)
        ex.number_span = (number.start, number.end)
        ex.doc_number_repaired = number.repaired

    # issuer: the title's own words, the signature, the 机关代字, or (flagged) inference
    issuer = md.issuer_in_title or md.signature or md.issuer_label
    if issuer is None and number:
        entry = resolve.lookup_code(number.code)
        issuer = entry.issuer if entry else None
    cites = cit.find_citations(
        text,
        cit.citation_body_start(text, md.title, md.title_span, md.body_start),
        md.title,
        own.numbers | ({ex.doc_number} if ex.doc_number else set()),
        md.transmits,
        numbers,
        attachments=md.attachments,
        own_spans=own.spans,
        own_title_span=md.title_span,
    )
    if issuer is None and md.consent_level:
        issuer = _infer_issuer(md.consent_level, cites)
        ex.issuer_is_inferred = issuer is not None
        if issuer:
            ex.warnings.append(
                f"issuer inferred as {issuer} from '经{md.consent_level}政府同意' and the cited documents"
            )
    if issuer and PLACEHOLDER.search(issuer):
        issuer = None
    ex.issuer = issuer
    title = md.title
    if (
        title
        and issuer
        and not ex.issuer_is_inferred
        and title.startswith("关于")
        and not RELATIVE_NAME.match(issuer)  # 县人大工作评议办公室: not a name to print
    ):
        title = issuer + title
    ex.title = title

    # region: the issuer's own name, else the 文号's 机关代字, else (a document only, not a
    # list page) the page's labels (发文机关 / 发布机构 / 公开责任部门), else the government
    # site it was saved from; a relative issuer (市政府办公厅) is then written in full below
    region = resolve.region_of_issuer(issuer)
    if region is None and number:
        region = resolve.region_of_code(number.code)
    if region is None and issuer is None and md.doc_type in LAW_GENRES and md.title:
        region = resolve.region_of_issuer(md.title)  # 上海市…条例 printed without its history
    if region is None and (md.title or number):
        region = resolve.region_of_labels(md.labels) or resolve.region_of_site(text)
    if region is None and issuer is None and not md.labels:
        region = resolve.region_of_own_frame(text)  # a body-only excerpt: 结合官渡区实际
    if issuer and region is not None and not ex.issuer_is_inferred:
        # 广东省发展改革委 → 广东省发展和改革委员会 (alias table / standard abbreviations only)
        ref = resolve_agency(issuer, region.code)
        if (
            ref.canonical
            and ref.method in ("alias", "rule", "registry")
            and ref.canonical != issuer
        ):
            ex.warnings.append(f"issuer {issuer} written in full as {ref.canonical}")
            issuer = ref.canonical
            ex.issuer = issuer
    if issuer and region is None and not ex.issuer_is_inferred:
        full = _national_full_name(issuer, ex.date)
        if full != issuer:
            ex.warnings.append(f"issuer {issuer} written in full as {full}")
            issuer = ex.issuer = full
    ex.region = region.name if region else None
    jurisdiction = region.code if region else None

    ex.cites = cites
    ex.figures = find_figures(text, md.body_start)

    if src.format in ("text", "html") and not src.tables:
        projects: list[ProjectRow] = list(projects_from_text(text, md.plan_year))
    else:  # attachments and HTML tables: the parsed tables, kept together (a list may span tables)
        projects = list(projects_from_tables(src.tables, md.plan_year))
    # agencies: relative names resolve against the jurisdiction (guessed from the page's own
    # labels when the issuer gave none), 我委/本局 against the issuer, renamed bodies by the date
    agency_jurisdiction = jurisdiction or region_in_name(issuer)
    if agency_jurisdiction is None and not is_national(issuer):
        agency_jurisdiction = guess_jurisdiction(text)
    found = _Context(issuer=issuer or guess_issuer(text), date=ex.date)
    written = find_agency_mentions(text, agency_jurisdiction, include_own=True, **found)
    ex.mentions = [AgencyMention(a, s, e) for a, s, e in written]
    ex.body_start = md.body_start
    mentions = [
        (a, s, e)
        for a, s, e in find_agency_mentions(text, agency_jurisdiction, **found)
        if s >= md.body_start
    ]
    agencies: dict[str, AgencyRef] = {}
    for ref, _, _ in mentions:
        agencies.setdefault(ref.canonical or f"?{ref.name}", ref)
    resolved_projects = []
    for p in projects:
        if p.lead_unit:
            ref = resolve_agency(p.lead_unit, agency_jurisdiction, ex.date)
            agencies.setdefault(ref.canonical or f"?{ref.name}", ref)
            p = dataclasses.replace(p, lead_unit_canonical=ref.canonical, region=ref.region)
        resolved_projects.append(p)
    ex.projects = resolved_projects
    ex.agencies = [a for a in agencies.values() if not PLACEHOLDER.search(a.name)]
    ex.duties = [
        d for d in find_duties(text, agency_jurisdiction, **found) if d.start >= md.body_start
    ]
    return ex


def _national_full_name(issuer: str, date: str | None) -> str:
    """A national organ's name as it is registered: 中华人民共和国国务院 → 国务院, 国家发展改革委 →
    国家发展和改革委员会 (the short forms of policykg/data/national_agencies.json; a name the
    body carried at the time stays, 国土资源部 in 2015 is not renamed)."""
    bare = re.sub(r"^中华人民共和国(?=\S{2,})", "", issuer)
    ref = resolve_national(bare, date)
    if ref is not None and ref.method == "national" and ref.level == "national" and ref.canonical:
        return ref.canonical
    return (
        bare
        if bare != issuer and (bare == "国务院" or ref is not None or is_national(bare))
        else issuer
    )


def _infer_issuer(level: str, cites: list) -> str | None:
    """'经区政府同意' + citations of that district's own documents → its 政府办公室."""
    regions = {}
    for c in cites:
        if not c.doc_number:
            continue
        dn = find_docnumbers(c.doc_number)
        r = resolve.region_of_code(dn[0].code) if dn else None
        if r is not None:
            regions[r.code] = r
    want = {"区": "county", "县": "county", "市": None, "省": "province", "自治区": "province"}.get(
        level
    )
    fitting = [r for r in regions.values() if want is None or r.level == want]
    if len(fitting) != 1:
        return None
    return resolve.government_office(fitting[0])


# the records with a span (and maybe a sentence) into the text
_Spanned = TypeVar("_Spanned", Citation, Duty, Figure, ProjectRow)


def _to_original(ex: Extraction, norm: Normalised) -> Extraction:
    """Spans of ``ex`` (into the normalised text) → spans into the original; surface forms."""
    text = norm.text
    ex.normalised = list(norm.steps)
    if norm.steps:
        ex.cites = [_remap(c, norm) for c in ex.cites]
        ex.figures = [_remap(f, norm) for f in ex.figures]
        ex.duties = [_remap(d, norm) for d in ex.duties]
        ex.projects = [
            _remap(p, norm) if p.where in ("", "text") and p.start >= 0 else p for p in ex.projects
        ]
        ex.title_span = norm.span(*ex.title_span)
        ex.number_span = norm.span(*ex.number_span)
    ex.text = norm.original
    ex.cites = [dataclasses.replace(c, surface=norm.original[c.start : c.end]) for c in ex.cites]
    if ex.number_span[0] >= 0:
        ex.doc_number_as_written = norm.original[ex.number_span[0] : ex.number_span[1]]
    if ex.title_span[0] >= 0:
        ex.title_as_written = norm.original[ex.title_span[0] : ex.title_span[1]]
    if ex.issuer:
        i = text.find(ex.issuer)
        if i >= 0:
            ex.issuer_as_written = norm.surface(i, i + len(ex.issuer))
    return ex


def _remap(rec: _Spanned, norm: Normalised) -> _Spanned:
    """A record with ``start``/``end`` (and maybe ``sentence``) in original coordinates."""
    start, end = norm.span(rec.start, rec.end)
    changes: dict[str, Any] = {"start": start, "end": end}  # sentence too, for records with one
    sentence = getattr(rec, "sentence", None)
    if sentence:
        text = norm.text
        lo = text.find(sentence, max(0, rec.end - len(sentence)))
        if 0 <= lo <= rec.start:
            s, e = norm.span(lo, lo + len(sentence))
            changes["sentence"] = norm.original[s:e]
    return dataclasses.replace(rec, **changes)
