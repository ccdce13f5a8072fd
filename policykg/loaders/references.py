"""Resolution's last step: an Extraction's references → the graph's identities.

After the finders, ``resolve_references`` fills what the graph layer (``graph/facts/``) maps to
rows, so that layer resolves nothing itself: the document's id, each citation's target id and
registry issuer, the issuer as an agency, the region the document was issued in, every region
a project or an agency names (found within the document's jurisdiction), and the knowledge-table
entry of every body above an agency (PART_OF chains, at most ``MAX_PARENTS`` deep).
"""

from __future__ import annotations

import dataclasses

from policykg.loaders import resolve
from policykg.loaders.agencies import resolve_agency
from policykg.loaders.docnumber import parse_docnumber
from policykg.loaders.regions import find_region
from policykg.records import AgencyRef, Extraction, Place

MAX_PARENTS = 4  # a parent's parents followed at most this far (district → city → province)


def resolve_references(ex: Extraction) -> Extraction:
    """Fill ``ex``'s resolved fields (``doc_id``, ``issuer_ref``, ``region_code``, ``places``,
    ``parent_refs``, each citation's ``target`` and ``target_issuer``); returns ``ex``."""
    within = _code_of(ex.region)
    ex.doc_id = resolve.document_id(ex.doc_number, ex.title, ex.issuer) or "f:" + ex.sha256[:16]
    ex.cites = [
        dataclasses.replace(
            c,
            target=resolve.document_id(c.doc_number, c.title),
            target_issuer=_registry_issuer(c.doc_number),
        )
        for c in ex.cites
    ]
    if ex.issuer:
        region = resolve.region_of_issuer(ex.issuer)
        issuer = resolve_agency(ex.issuer, region.code if region else None)
        if issuer.canonical is None:  # not in the tables: the issuer as written stands for itself
            issuer = AgencyRef(ex.issuer, ex.issuer, "registry", 1.0, None, None, ex.region)
        ex.issuer_ref = issuer
    if ex.region:
        region = resolve.region_of_issuer(ex.issuer) or find_region(ex.region)
        ex.region_code = region.code if region else None
    for p in ex.projects:
        if p.region:
            _place(ex, p.region, within)
    refs = [
        ex.issuer_ref,
        *ex.agencies,
        *(d.agency for d in ex.duties),
        *(m.ref for m in ex.mentions if m.start >= ex.body_start),
    ]
    for ref in dict.fromkeys(refs):
        if ref is None or not ref.canonical:
            continue
        if ref.parent and ref.parent != ref.canonical:
            _parent_chain(ex, ref.parent, within)
        if ref.region:
            _place(ex, ref.region, within)
    return ex


def _code_of(region_name: str | None) -> str | None:
    """The GB/T 2260 code of a region name, or None."""
    r = find_region(region_name) if region_name else None
    return r.code if r else None


def _registry_issuer(doc_number: str | None) -> str | None:
    """The issuer the 机关代字 registry gives for a cited number, or None."""
    if not doc_number:
        return None
    dn = parse_docnumber(doc_number)
    entry = resolve.lookup_code(dn.code) if dn else None
    return entry.issuer if entry else None


def _place(ex: Extraction, name: str, within: str | None) -> None:
    """Remember the region ``name`` stands for inside the document's jurisdiction."""
    if name not in ex.places:
        r = find_region(name, within)
        if r is not None:
            ex.places[name] = Place(r.code, r.name)


def _parent_chain(ex: Extraction, agency: str, within: str | None) -> None:
    """The entries of a parent body and of the bodies above it, and the regions they name."""
    seen = {agency}
    current = agency
    for _ in range(MAX_PARENTS):
        ref = ex.parent_refs.get(current) or resolve_agency(current, within)
        ex.parent_refs[current] = ref
        if not ref.canonical or not ref.parent or ref.parent in seen:
            if ref.canonical and ref.region:
                _place(ex, ref.region, within)
            return
        if ref.region:
            _place(ex, ref.region, within)
        seen.add(ref.parent)
        current = ref.parent
