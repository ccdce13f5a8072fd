"""Canonical ids and jurisdiction: what makes a node the same node across documents.

- a Document is its canonical 文号 when known, else ``t:`` + a hash of its normalised title
  (with the issuer in front when the title does not already name it);
- a Project is ``p:`` + a hash of (region, normalised name): the same project listed in two
  years is one node;
- a recurring notice's series key is its issuer plus its title with the year taken out and
  重大/重点 (used interchangeably in these annual notices) folded together.
"""

from __future__ import annotations

import hashlib
import re

from policykg.loaders.citations import title_key
from policykg.loaders.issuer_codes import all_codes, lookup_code
from policykg.loaders.regions import Region, find_region, region_by_code, regions_in_text

SERIES_FOLD = (("重大", "重点"),)


def short_hash(s: str, n: int = 16) -> str:
    """A short hex SHA-1 of ``s``, for stable ids."""
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:n]


def full_title_key(title: str, issuer: str | None) -> str:
    """The title key of a document, prefixed with its issuer for a generic 关于… title."""
    key = title_key(title)
    if issuer and title.startswith("关于"):
        key = title_key(issuer) + key
    return key


def document_id(doc_number: str | None, title: str | None, issuer: str | None = None) -> str | None:
    """The graph id of a document: its 文号, else a hash of its title key, else None."""
    if doc_number:
        return doc_number
    if title:
        return "t:" + short_hash(full_title_key(title, issuer))
    return None


def project_key(name: str) -> str:
    """A project name without spaces, flags and full-width digits, for matching."""
    s = re.sub(r"[\s★☆▲●]", "", name)
    s = s.translate(str.maketrans("（）０１２３４５６７８９", "()0123456789"))
    return s


def project_id(name: str, region: str | None) -> str:
    """The graph id of a project: a hash of its region and name key."""
    return "p:" + short_hash(f"{region or ''}|{project_key(name)}")


def series_key(title: str | None, issuer: str | None) -> str | None:
    """Issuer + title template, or None when the title names no year (not a recurring notice)."""
    if not title or not issuer or not re.search(r"(19|20)\d\d\s*年", title):
        return None
    t = title_key(title)
    if t.startswith(title_key(issuer)):
        t = t[len(title_key(issuer)) :]
    t = re.sub(r"(19|20)\d\d年", "{year}年", t)
    for a, b in SERIES_FOLD:
        t = t.replace(a, b)
    return f"{issuer}|{t}"


def region_of_issuer(issuer: str | None) -> Region | None:
    """The region an issuing organ governs: registry first, then its name's prefix."""
    if not issuer:
        return None
    for entry in all_codes():
        if entry.issuer == issuer and entry.region_code:
            r = region_by_code(entry.region_code)
            if r:
                return r
    return region_from_name(issuer)


def region_from_name(issuer: str) -> Region | None:
    """The region an organ's name starts with (the registry aside): 广州市花都区科技工业商务和
    信息化局 → 花都区; 广州住房公积金管理中心 → 广州市; None when the name is ambiguous."""
    name = re.sub(r"^中共", "", issuer)
    found = None
    pos = 0
    for region, start, end in regions_in_text(name[:30]):
        if start != pos:
            break
        found, pos = region, end
    if found is None and re.match(r"^[\u4e00-\u9fff]{2,3}省委", name):
        found = find_region(name[: name.index("省委") + 1])
    if found is None:
        found = _full_name_prefix(name) or _short_name_prefix(name)
    return found


def _full_name_prefix(name: str) -> Region | None:
    """寿县人民政府督查室 → 寿县: a full region name (even a two-character county, which
    ``regions_in_text`` leaves alone in running text) leading an organ's name; the longest
    unambiguous one wins (朝阳区 alone is ambiguous: None)."""
    for k in range(min(len(name) - 2, 12), 1, -1):
        head = name[:k]
        if head[-1] in "省市区县州盟旗" and GOVERNMENT_WORDS.search(name[k:]):
            r = find_region(head)
            if r is not None:
                return r
    return None


def _short_name_prefix(name: str) -> Region | None:
    """广州住房公积金管理中心 → 广州市, 长沙住房公积金管理委员会 → 长沙市: a province's or
    prefecture's short name in front (unambiguous names only; a county's short name is too
    often an ordinary word to be trusted here)."""
    for k in (4, 3, 2):
        head, rest = name[:k], name[k:]
        if len(rest) < 2 or head.endswith(("省", "市", "区", "县")) or rest[0] in "省市区县州盟旗":
            continue  # 朝阳区…: the name goes on as a region's (an ambiguous one)
        r = find_region(head)
        if r is None and GOVERNMENT_WORDS.search(rest):
            r = find_region(head + "市")  # 长沙 is also 长沙县: the organ is the city's
        if r is not None and r.level in ("province", "prefecture"):
            return r
    return None


GOVERNMENT_WORDS = re.compile(
    r"(住房|公积金|管理|委员会|政府|办公|发展|人民|督查|委$|局$|厅$|办$|室$|中心$)"
)


LABEL_FIELDS = ("issuer", "publisher", "responsible")
ORGAN_END = re.compile(r"(?:人民政府|政府|办公厅|办公室|委员会|局|厅|委|办|中心|管委会)$")


def region_of_labels(labels: list) -> Region | None:
    """The region a page's labels name (发文机关, then 发布机构 / 来源, then 公开责任部门):
    ``公开责任部门 | 紫阳县政府办公室`` → 紫阳县. Only organ names count (a newspaper named as
    the 来源 does not); ``labels`` are :class:`policykg.loaders.labels.Field` records."""
    for name in LABEL_FIELDS:
        for f in labels:
            value = re.sub(r"\s", "", f.value) if f.field == name else ""
            if value and ORGAN_END.search(value):
                region = region_of_issuer(value)
                if region is not None:
                    return region
    return None


SITE_NAME = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:省|市|自治区|区|县))(?:人民)?政府(?:门户)?网站")


def region_of_site(text: str) -> Region | None:
    """The region whose government runs the site a page was saved from, when the page's head
    names it (``长沙市政府门户网站-关于…`` → 长沙市); None when absent or ambiguous."""
    found = {r.code: r for m in SITE_NAME.finditer(text[:2000]) if (r := find_region(m.group(1)))}
    return next(iter(found.values())) if len(found) == 1 else None


# 结合官渡区实际: a document names its own jurisdiction when it adapts a higher level's policy
OWN_FRAME = re.compile(
    r"结合([\u4e00-\u9fff]{2,12}?(?:省|市|区|县|州|旗|盟))(?:的)?(?:具体|工作)?实际"
)


def region_of_own_frame(text: str) -> Region | None:
    """The region a text adapts policy to (…结合官渡区实际，特制定如下政策措施 → 官渡区), when
    its head names exactly one; for an excerpt that printed no title, 文号 or issuer."""
    found = {
        r.code: r
        for m in OWN_FRAME.finditer(text[:2000])
        if not m.group(1).startswith(("我", "本", "全", "各"))
        and (r := find_region(m.group(1))) is not None
    }
    return next(iter(found.values())) if len(found) == 1 else None


def region_of_code(code: str | None) -> Region | None:
    """The region the 机关代字 registry gives for a code, or None."""
    entry = lookup_code(code) if code else None
    if entry and entry.region_code:
        return region_by_code(entry.region_code)
    return None


def government_office(region: Region) -> str | None:
    """The 政府办公室/办公厅 of a region, from the 机关代字 registry."""
    offices = [
        e.issuer
        for e in all_codes()
        if e.region_code == region.code and re.search(r"(办公厅|办公室)$", e.issuer or "")
    ]
    return sorted(offices, key=len)[0] if offices else None
