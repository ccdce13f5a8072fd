"""Agencies: names as written → official names, relative to the issuer's jurisdiction.

``jurisdiction`` is the GB/T 2260 code of the issuing body's region (500000 for a Chongqing
municipal notice, 500109 for a 北碚区 notice, 450200 for 柳州市). A relative prefix means
the nearest region of that kind: 市 in 500109 is 重庆市, 区 in 500109 is 北碚区.

Resolution, in order (``AgencyRef.method``):

1. ``"alias"`` — ``policykg/data/agency_aliases.json`` ``aliases``: bodies whose official
   name no rule gives (市招商投资局 → 重庆市招商投资促进局, 两江新区管委会 →
   重庆两江新区管理委员会). Relative names are expanded before the lookup.
2. ``"rule"`` — a place or relative prefix + a standard abbreviation from the same file
   (发展改革委 → 发展和改革委员会, 住房城乡建委 → 住房和城乡建设委员会), a 人民政府 and its
   offices (九龙坡区政府 → 重庆市九龙坡区人民政府, 市政府督查办 → 重庆市人民政府督查办公室),
   or a 领导小组 (市重大项目工作领导小组 → 重庆市重大项目工作领导小组).
3. ``"fuzzy"`` — rapidfuzz against the official names of the *same* region only, score ≥ 90,
   same kind of body (局/委/办…), a clear winner; never for party bodies (市委…).
4. ``"unresolved"`` — the name stays as written, ``canonical=None``. Placeholders (XX区,
   某市) and generic addressees (各区县政府, 市政府有关部门, 有关单位) are never agencies.

``find_agency_mentions`` scans text for agency names (one regex over the level characters
省/市/区/县, bounded tails, no nested quantifiers: linear in the text) and
``find_duties`` keeps the sentences in which an agency is the subject of an obligation
(市发展改革委要…牵头…, 由市政府督查办跟踪督办, 市招商投资局会同…).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from policykg.loaders.issuer_codes import all_codes
from policykg.loaders.national_agencies import find_national_mentions, resolve_national
from policykg.loaders.regions import (
    Region,
    _table,
    ancestors,
    chain_name,
    find_region,
    region_by_code,
    short_name,
)
from policykg.records import AgencyRef, Duty

__all__ = [
    "dumps_aliases",
    "find_agency_mentions",
    "find_duties",
    "government_name",
    "resolve_agency",
    "unresolved_mentions",
]

FUZZY_THRESHOLD = 90.0
FUZZY_MARGIN = 3.0

_PLACEHOLDER = re.compile(r"XX|xx|ＸＸ|××|\*\*|某")
_GENERIC = re.compile(
    r"^各|^全(?![市区县])|有关(?:部门|单位)|责任单位$|^项目(?:法人|业主|单位)|^市级|^区县|"
    r"(?:政府)(?:各部门|有关部门|所属部门|直属部门|工作部门)$"
)
# Party, legislature, court and procuracy bodies: never resolved by rule or fuzzy match.
_NOT_GOVERNMENT = re.compile(
    r"^(?:委|人大|政协|纪委|监委|法院|检察院|党|人民代表大会|政治协商|监察委员会|"
    r"(?:中级|高级)?人民法院|人民检察院)"
)

# Characters that, before a bare 市/区/县, make it part of a word (城市, 园区, 区县…).
_BLOCK_BEFORE = {
    "市": set("城都超上股夜集门各该本我全地省县区直闹菜黑楼坊开罢早互入出退花灯书车房债汇期牛熊某"),
    "区": set(
        "城市社园片新辖山景灾库发护范验郊校厂矿林牧商住禁雷误盲疫管分战特专老小各该本我全地县湾"
        "贸风街展营港苏藏边能聚行作载心步中生业选东西南北陵病海湖税济划域体点级位某军"
    ),
    "县": set("区郊各该本我全州市省郡治某"),
    "省": set("各该本我全外某"),
}

_CJK = "\u4e00-\u9fff"
_FORBIDDEN = "某的了在和与及或等各对为将把被是个项年月日要由向从于其该本我全有所之以而并且也都就又还更很最已此这那些每区县省市级"
_UNK_CHAR = rf"(?:市(?=委|政府)|(?![{_FORBIDDEN}])[{_CJK}])"
_GROUP_CHAR = rf"(?![的各有某]|领导小组|联席会议)[{_CJK}]"
_UNK_SUFFIX = (
    r"(?:委员会办公室|常委会办公室|委员会|常委会|管委会|办公室|办公厅|"
    r"局(?![面势部限长])|(?<![举创承主协开兴督查交申代包])办(?![法理事好结件学案成妥完证照实])|"
    r"委(?![托屈派婉身实任员]))"
)


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Alias:
    canonical: str
    region: str | None
    parent: str | None


@dataclass(frozen=True)
class _Data:
    departments: dict[str, str]  # as written (full or short) → full department name
    offices: dict[str, str]  # 人民政府 office as written → full
    aliases: dict[str, _Alias]  # fully qualified name → alias entry
    pattern: re.Pattern[str]
    renames: dict[str, tuple[int, str | None]]  # full name → (last year, successor or None)
    vertical: dict[str, str]  # full name → the national body it belongs to (税务局 → 国家税务总局)
    only_in: dict[str, frozenset[str]]  # full name → the only regions where the rule holds
    province_form: dict[str, str]  # city/直辖市 局 → the province's 厅 (财政局 → 财政厅)
    province_only: frozenset[str]  # full names that exist only in a province (财政厅)
    not_in: dict[str, frozenset[str]]  # full name → regions where the rule does not hold


def load_aliases_json() -> dict[str, Any]:
    text = (
        resources.files("policykg").joinpath("data/agency_aliases.json").read_text(encoding="utf-8")
    )
    return json.loads(text)


def dumps_aliases(data: dict[str, Any]) -> str:
    """The canonical text of agency_aliases.json."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def _data() -> _Data:
    raw = load_aliases_json()
    departments: dict[str, str] = {}
    renames: dict[str, tuple[int, str | None]] = {}
    vertical: dict[str, str] = {}
    only_in: dict[str, frozenset[str]] = {}
    not_in: dict[str, frozenset[str]] = {}
    for entry in raw["abbreviations"]:
        if entry.get("only_in"):
            only_in[entry["full"]] = frozenset(entry["only_in"])
        if entry.get("not_in"):
            not_in[entry["full"]] = frozenset(entry["not_in"])
        for written in [entry["full"], *entry["short"]]:
            departments[written] = entry["full"]
        if entry.get("valid_to"):
            renames[entry["full"]] = (int(entry["valid_to"][:4]), entry.get("successor"))
        if entry.get("vertical"):
            vertical[entry["full"]] = entry["vertical"]
    province_form: dict[str, str] = {}
    for entry in raw.get("province_forms", []):
        province_form[entry["city"]] = entry["province"]
        for written in [entry["province"], *entry["short"]]:
            departments[written] = entry["province"]
        if entry.get("valid_to"):
            renames[entry["province"]] = (int(entry["valid_to"][:4]), entry.get("successor"))
    offices: dict[str, str] = {"办": "办公室"}
    for entry in raw["government_offices"]:
        for written in [entry["full"], *entry["short"]]:
            offices[written] = entry["full"]
    aliases: dict[str, _Alias] = {}
    for entry in raw["aliases"]:
        alias = _Alias(entry["canonical"], entry.get("region"), entry.get("parent"))
        for name in [entry["canonical"], *entry["names"]]:
            aliases[name] = alias
    gov = rf"(?P<gov>(?:人民)?政府(?P<office>{_alternation(list(offices))})?)"
    dept = rf"(?P<dept>{_alternation(list(departments))})"
    pattern = re.compile(
        r"(?P<pre>全市|全区|全县|本市|本区|本县|[省市区县州盟旗])"
        rf"(?:{gov}|{dept}|(?P<zone>管委会|管理委员会)"
        rf"|(?P<group>{_GROUP_CHAR}{{1,20}}?(?:领导小组|联席会议)(?:办公室)?)"
        rf"|(?P<unknown>委?{_UNK_CHAR}{{1,12}}?{_UNK_SUFFIX}))"
    )
    return _Data(
        departments,
        offices,
        aliases,
        pattern,
        renames,
        vertical,
        only_in,
        province_form,
        frozenset(province_form.values()),
        not_in,
    )


# ---------------------------------------------------------------------------- regions


def government_name(region: Region) -> str | None:
    """重庆市人民政府, 重庆市北碚区人民政府, 柳州市柳江区人民政府; None for a zone."""
    if region.level == "zone":
        return None
    if region.name.endswith("特别行政区"):
        return region.name + "政府"  # 香港特别行政区政府
    return chain_name(region) + "人民政府"


def _parent_government(region: Region) -> str | None:
    parent = region_by_code(region.parent_code) if region.parent_code else None
    while parent is not None and parent.level == "zone":
        parent = region_by_code(parent.parent_code) if parent.parent_code else None
    return government_name(parent) if parent is not None else None


@lru_cache(maxsize=4096)
def _bare_region(prefix: str, jurisdiction: str | None) -> Region | None:
    """The region a relative prefix means: 市 in 500109 → 重庆市, 区 in 500109 → 北碚区."""
    if jurisdiction is None:
        return None
    own = region_by_code(jurisdiction)
    if own is None:
        return None
    level = prefix[-1]
    suffix = prefix if prefix in ("自治区", "自治州", "自治县") else level
    for r in [own, *ancestors(own.code)]:
        if r.level == "zone":
            continue
        if not r.name.endswith(suffix):
            continue
        if suffix == "区" and (r.level != "county" or r.name.endswith("自治区")):
            continue
        if suffix == "县" and r.level != "county":
            continue
        if suffix == "省" and r.level != "province":
            continue
        return r
    return None


@lru_cache(maxsize=4096)
def _scope(jurisdiction: str | None) -> str | None:
    if jurisdiction is None:
        return None
    chain = ancestors(jurisdiction)
    return chain[-1].code if chain else jurisdiction


def _place(name: str, within: str | None, scope: str | None, strict: bool = False) -> Region | None:
    """A place name, first inside ``within`` (or the jurisdiction's province), then anywhere.

    ``strict`` (scanning text): a two-character county name outside the province (东区, 城区)
    is too likely an ordinary word to count.
    """
    if within is not None:
        return find_region(name, within)
    found = find_region(name, scope) if scope else None
    if found is None:
        found = find_region(name)
        if strict and found is not None and len(name) < 3 and found.level == "county":
            return None  # 东区, 城区 outside the jurisdiction's province: too likely a word
    return found


@cache
def _place_names() -> frozenset[str]:
    t = _table()
    names = set(t.full)
    for r in t.by_code.values():
        s = short_name(r.name)
        if s and r.level == "province":
            names.add(s)
    return frozenset(names)


def _leading_places(name: str, jurisdiction: str | None) -> tuple[Region | None, str]:
    """Strip place names off the front: 重庆市北碚区发展改革委 → (北碚区, 发展改革委)."""
    names = _place_names()
    scope = _scope(jurisdiction)
    region: Region | None = None
    rest = name
    while True:
        for k in range(min(len(rest) - 1, 14), 1, -1):
            head = rest[:k]
            if head not in names:
                continue
            found = _place(head, region.code if region else None, scope)
            if found is not None and (region is None or found.code != region.code):
                region, rest = found, rest[k:]
                break
        else:
            return region, rest


# ---------------------------------------------------------------------------- resolution


def _ref(
    name: str,
    canonical: str,
    method: str,
    region: Region | None,
    parent: str | None,
    score: float = 1.0,
) -> AgencyRef:
    return AgencyRef(
        name=name,
        canonical=canonical,
        method=method,
        score=score,
        level=region.level if region else None,
        parent=parent if parent != canonical else None,
        region=region.name if region else None,
    )


def _unresolved(name: str) -> AgencyRef:
    return AgencyRef(name=name, canonical=None, method="unresolved", score=0.0)


def _alias_ref(name: str, alias: _Alias) -> AgencyRef:
    region = region_by_code(alias.region) if alias.region else None
    return _ref(name, alias.canonical, "alias", region, alias.parent)


_RELATIVE_PREFIXES = ("全市", "全区", "全县", "本市", "本区", "本县", "自治区", "自治州", "自治县")


def _split(name: str, jurisdiction: str | None) -> tuple[Region | None, str]:
    """(region, tail): the body's region and the rest of its name."""
    region, rest = _leading_places(name, jurisdiction)
    if region is not None:
        return region, rest
    for prefix in (*_RELATIVE_PREFIXES, "省", "市", "区", "县"):
        if name.startswith(prefix) and len(name) > len(prefix):
            return _bare_region(prefix, jurisdiction), name[len(prefix) :]
    return None, name


_GOV_TAIL = re.compile(r"^(?:人民)?政府(?P<office>.*)$")
_GROUP_TAIL = re.compile(
    rf"^(?P<topic>[{_CJK}]{{1,20}}?)(?P<kind>领导小组|联席会议)(?P<office>办公室)?$"
)


def _by_rule(name: str, region: Region, tail: str, year: int | None = None) -> AgencyRef | None:
    d = _data()
    m = _GOV_TAIL.match(tail)
    if m and region.level != "zone":
        gov = government_name(region)
        assert gov is not None
        office = m.group("office")
        if not office:
            return _ref(name, gov, "rule", region, _parent_government(region))
        full = d.offices.get(office)
        if full is None:
            return None
        if office == "办":  # 市政府办: 办公厅 for a province-level government, else 办公室
            full = "办公厅" if region.level == "province" else "办公室"
        return _ref(name, gov + full, "rule", region, gov)
    if tail in d.departments and region.level != "zone":
        full = d.departments[tail]
        method = "rule"
        in_province = region.level == "province" and not region.name.endswith("市")
        if (full in d.province_only and not in_province) or (
            in_province and full in d.province_form
        ):
            return None  # 市财政厅, 省财政局: no such body at that level
        if (
            full in d.only_in
            and not {region.code, *(a.code for a in ancestors(region.code))} & (d.only_in[full])
        ):
            return None  # the name differs by place (北京市人民政府国有资产监督管理委员会)
        if (
            full in d.not_in
            and {region.code, *(a.code for a in ancestors(region.code))} & (d.not_in[full])
        ):
            return None  # 长沙住房公积金管理中心, not 长沙市…: only the alias table knows
        if year is not None and full in d.renames and year > d.renames[full][0]:
            successor = d.renames[full][1]
            if successor is None:
                return None  # renamed since, into names that differ by place: no guess
            if in_province and successor in d.province_form:
                successor = d.province_form[successor]
            full, method = successor, "rename"
        if full in d.vertical:  # 市税务局 → 国家税务总局北京市税务局
            national = d.vertical[full]
            return _ref(name, national + chain_name(region) + full, method, region, national)
        return _ref(name, chain_name(region) + full, method, region, government_name(region))
    m = _GROUP_TAIL.match(tail)
    if m and not _NOT_GOVERNMENT.match(tail):
        group = f"{region.name}{m.group('topic')}{m.group('kind')}"
        if m.group("office"):
            return _ref(name, group + "办公室", "rule", region, group)
        return _ref(name, group, "rule", region, None)
    return None


def _kind(name: str) -> str:
    for suffix, kind in (
        ("局", "局"),
        ("委员会", "委"),
        ("委", "委"),
        ("办公室", "办"),
        ("办", "办"),
        ("厅", "厅"),
        ("政府", "政府"),
    ):
        if name.endswith(suffix):
            return kind
    return ""


@cache
def _candidates(code: str) -> dict[str, tuple[str, str | None]]:
    """Official names of the bodies of one region: canonical → (kind, parent)."""
    region = region_by_code(code)
    if region is None or region.level == "zone":
        return {}
    d = _data()
    gov = government_name(region)
    out: dict[str, tuple[str, str | None]] = {}
    for full in set(d.departments.values()):
        out[chain_name(region) + full] = (_kind(full), gov)
    for full in set(d.offices.values()):
        out[f"{gov}{full}"] = (_kind(full), gov)
    for alias in {a for a in d.aliases.values() if a.region == code}:
        out[alias.canonical] = (_kind(alias.canonical), alias.parent)
    return out


def _by_fuzz(name: str, region: Region, tail: str) -> AgencyRef | None:
    if _NOT_GOVERNMENT.match(tail) or len(tail) < 3:
        return None
    query = chain_name(region) + tail
    kind = _kind(query)
    pool = {c: v for c, v in _candidates(region.code).items() if v[0] == kind and kind}
    if not pool:
        return None
    best = process.extract(query, list(pool), scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < FUZZY_THRESHOLD:
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < FUZZY_MARGIN:
        return None
    canonical = best[0][0]
    return _ref(name, canonical, "fuzzy", region, pool[canonical][1], round(best[0][1] / 100, 3))


_ZONE_TAIL = re.compile(
    rf"^(?P<zone>[{_CJK}]{{2,10}}?(?P<kind>经济技术开发区|高新技术产业开发区|经济开发区|经开区))"
    r"(?:管委会|管理委员会)$"
)
_ZONE_KINDS = {"经开区": "经济技术开发区"}


def _by_zone(written: str, name: str, m: re.Match[str]) -> AgencyRef | None:
    """滁州经济技术开发区管委会 → 滁州经济技术开发区管理委员会: a zone whose name begins with
    its city's or province's name, written out; other zone names (万盛经开区) stay as written."""
    zone = m.group("zone")
    k = _short_led(zone)
    region, rest = _leading_places(zone, None)
    if region is None and not k:
        return None
    if region is None:
        region = next(
            r
            for r in (
                find_region(zone[:k]),
                find_region(zone[:k] + "市"),
                find_region(zone[:k] + "省"),
            )
            if r is not None and r.level in ("province", "prefecture")
        )
    elif region.level not in ("province", "prefecture"):
        return None
    kind = m.group("kind")
    full = zone[: -len(kind)] + _ZONE_KINDS.get(kind, kind) + "管理委员会"
    return _ref(written, full, "rule", region, government_name(region))


@lru_cache(maxsize=4096)  # bounded: memory stays flat over a corpus
def _resolve(name: str, jurisdiction: str | None, year: int | None = None) -> AgencyRef:
    written = name
    name = re.sub(r"\s+", "", name)
    if not name or _PLACEHOLDER.search(name) or _GENERIC.search(name):
        return _unresolved(written)
    d = _data()
    if name in d.aliases:
        return _alias_ref(written, d.aliases[name])
    national = resolve_national(name, f"{year}-12" if year else None, jurisdiction is not None)
    if national is not None:
        return national
    zone = _ZONE_TAIL.match(name)
    if zone:
        return _by_zone(written, name, zone) or _unresolved(written)
    region, tail = _split(name, jurisdiction)
    if region is None:
        return _unresolved(written)
    for expanded in (chain_name(region) + tail, region.name + tail):
        if expanded in d.aliases:
            return _alias_ref(written, d.aliases[expanded])
    guess = AgencyRef(written, None, "unresolved", 0.0, jurisdiction_guess=region.name)
    if _NOT_GOVERNMENT.match(tail):
        return guess
    if tail in d.departments:  # a standard name: the rule decides, never a fuzzy neighbour
        return _by_rule(written, region, tail, year) or guess
    return (
        _by_rule(written, region, tail, year)
        or _by_fuzz(written, region, tail)
        or _written_in_full(written, name, region, tail)
        or guess
    )


_FULL_TAIL = re.compile(rf"^[{_CJK}]{{2,20}}(?:局|委员会|办公室|中心|厅|院|馆|总队|支队)$")


def _written_in_full(written: str, name: str, region: Region, tail: str) -> AgencyRef | None:
    """北京市消防救援局, 沈阳市房产局: a name that carries its place and a body's full ending
    is its own official name (no short form was used)."""
    if (
        region.level == "zone"
        or not _FULL_TAIL.match(tail)
        or _GENERIC.search(tail)
        or re.search(r"(?:领导小组|联席会议)", tail)
    ):
        return None
    full = chain_name(region) + tail
    if not name.endswith(full) and name != region.name + tail:
        return None
    return _ref(
        written, name if name.endswith(full) else full, "written", region, government_name(region)
    )


def resolve_agency(name: str, jurisdiction: str | None, date: str | None = None) -> AgencyRef:
    """Resolve an agency name as written, relative to the issuer's region code.

    ``date`` (YYYY-MM-DD, the document's) picks the name a renamed body carried then
    (国土资源部 in 2019 → 自然资源部); a local name renamed since into names that differ by
    place (市国土局 after 2019) stays unresolved.

    >>> resolve_agency("市发展改革委", "450200").canonical
    '柳州市发展和改革委员会'
    >>> resolve_agency("九龙坡区政府", "500000").parent
    '重庆市人民政府'
    >>> resolve_agency("市重点办", "450200").method
    'unresolved'
    """
    year = int(date[:4]) if date and date[:4].isdigit() else None
    return _resolve(name, str(jurisdiction) if jurisdiction else None, year)


# ---------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class _Mention:
    ref: AgencyRef | None  # None: a span to step over, not an agency
    start: int
    end: int
    own: bool  # the jurisdiction's own government or its general office
    actor: bool = True  # False: named as a function or an owner (履行…办公室职能, 市政府有关部门)


@dataclass(frozen=True)
class _Context:
    """What a document says about itself: its region, issuer and date."""

    jurisdiction: str | None
    issuer: str | None = None
    date: str | None = None


def _book_title_spans(text: str) -> tuple[list[int], list[int]]:
    """Spans of 《…》 (cited titles are citations, not agency mentions)."""
    starts, ends = [], []
    for m in re.finditer(r"《[^《》\n]{0,200}》", text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _in_spans(pos: int, spans: tuple[list[int], list[int]]) -> int:
    """End of the span containing ``pos``, or -1."""
    starts, ends = spans
    i = bisect.bisect_right(starts, pos) - 1
    return ends[i] if i >= 0 and pos < ends[i] else -1


def _place_before(text: str, end: int, jurisdiction: str | None) -> tuple[int, Region] | None:
    """The longest place name (plus the places chained before it) ending at ``end``."""
    names = _place_names()
    scope = _scope(jurisdiction)
    for k in range(min(14, end), 1, -1):
        s = text[end - k : end]
        if s not in names:
            continue
        outer = _place_before(text, end - k, jurisdiction)  # 北京市 before 朝阳区
        inner = find_region(s, outer[1].code) if outer is not None else None
        if outer is not None and inner is not None and inner.code != outer[1].code:
            return outer[0], inner
        region = _place(s, None, scope, strict=True)
        if region is not None:
            return end - k, region
    return None


def _scan(text: str, ctx: _Context) -> list[_Mention]:
    # mentions and duties scan the same text one after the other: scan it once
    return list(_scan_cached(text, ctx))


@functools.lru_cache(maxsize=2)
def _scan_cached(text: str, ctx: _Context) -> tuple[_Mention, ...]:
    return tuple(_scan_uncached(text, ctx))


def _scan_uncached(text: str, ctx: _Context) -> list[_Mention]:
    d = _data()
    jurisdiction = ctx.jurisdiction
    pattern = d.pattern
    titles = _book_title_spans(text)
    own = region_by_code(jurisdiction) if jurisdiction else None
    out: list[_Mention] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = pattern.search(text, pos)
        if m is None:
            break
        skip_to = _in_spans(m.start(), titles)
        if skip_to >= 0:
            pos = skip_to
            continue
        mention = _evaluate(text, m, ctx, own)
        if mention is None:
            pos = m.start() + 1
            continue
        out.append(mention)
        pos = mention.end
    extra = [
        *(
            _Mention(ref, s, e, False)
            for ref, s, e in find_national_mentions(text, ctx.date, jurisdiction is not None)
        ),
        *_zone_mentions(text, ctx),
        *_issuer_mentions(text, ctx),
        *_bare_mentions(text, ctx),
        *_committee_mentions(text, ctx),
    ]
    extra = [x for x in extra if _in_spans(x.start, titles) < 0]
    merged = _merge(out, extra)
    return _merge(merged, _defined_mentions(text, merged, titles))


def _merge(first: list[_Mention], more: list[_Mention]) -> list[_Mention]:
    """Mentions in text order; of two that overlap the longer (then the earlier found) stays."""
    ranked = sorted(
        [(x.start, -(x.end - x.start), i, x) for i, x in enumerate([*first, *more])],
        key=lambda t: t[:3],
    )
    kept: list[_Mention] = []
    for _, _, _, x in ranked:
        if kept and x.start < kept[-1].end:
            continue
        kept.append(x)
    return kept


_ZONE_WRITTEN = re.compile(
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区)(?:管委会|管理委员会)"
)


def _zone_mentions(text: str, ctx: _Context) -> list[_Mention]:
    """A city's development zone written with its name: 滁州经济技术开发区管委会."""
    out = []
    for m in _ZONE_WRITTEN.finditer(text):
        for k in range(max(0, m.start() - 10), m.start() - 1):
            if not re.fullmatch(rf"[{_CJK}]+", text[k : m.start()]):
                continue
            ref = resolve_agency(text[k : m.end()], ctx.jurisdiction, ctx.date)
            if ref.canonical:
                out.append(_Mention(ref, k, m.end(), False))
                break
    return out


_SELF = re.compile(
    r"(?:我|本)(?:委(?![托员屈派婉身任])|局(?![部限面势])|厅|办(?![法理事公好])|中心|机关)"
)
_SELF_KIND = {"委": ("委员会", "委"), "局": ("局",), "厅": ("厅",), "办": ("办公室", "办公厅")}
# a character before a bare name that makes it part of another name or phrase
_FUNCTION_BEFORE = set('在对由经与和及向把被将从给为是即请报至并、，,。；;：:（(“"《 \n\t')


def _issuer_ref(ctx: _Context) -> AgencyRef | None:
    if not ctx.issuer:
        return None
    ref = resolve_agency(ctx.issuer, ctx.jurisdiction, ctx.date)
    if ref.canonical:
        return ref
    if _leading_places(ctx.issuer, ctx.jurisdiction)[0] is None and not _short_led(ctx.issuer):
        return None
    return AgencyRef(ctx.issuer, ctx.issuer, "registry", 1.0)


def _short_led(name: str) -> int:
    """Length of a short place name (广州, 北京) leading ``name``, else 0."""
    for k in (3, 2):
        head = name[:k]
        for full in (head, head + "市", head + "省"):
            r = find_region(full)
            if r is not None and r.level in ("province", "prefecture"):
                return k
    return 0


def _issuer_mentions(text: str, ctx: _Context) -> list[_Mention]:
    """The issuer named by itself: 我委, 本局, 本机关, and its name without its place
    (住房公积金管理中心 in a notice of 广州住房公积金管理中心)."""
    issuer = _issuer_ref(ctx)
    if issuer is None or issuer.canonical is None:
        return []
    full = issuer.canonical
    out = []
    for m in _SELF.finditer(text):
        word = m.group()
        kind = word[1:]
        if kind in ("中心", "机关") or full.endswith(_SELF_KIND.get(kind, ("\0",))):
            if kind == "中心" and not full.endswith("中心"):
                continue
            out.append(
                _Mention(
                    AgencyRef(word, full, "self", 1.0, issuer.level, issuer.parent, issuer.region),
                    m.start(),
                    m.end(),
                    False,
                )
            )
    region, tail = _leading_places(full, ctx.jurisdiction)
    if region is None:
        k = _short_led(full)
        tail = full[k:] if k else ""
    if len(tail) >= 3 and tail != full and re.search(r"(?:局|委员会|中心|办公室|厅)$", tail):
        pos = text.find(tail)
        while pos >= 0:
            prev = text[pos - 1] if pos > 0 else "\n"
            if prev in _FUNCTION_BEFORE or not re.match(rf"[{_CJK}]", prev):
                ref = AgencyRef(tail, full, "self", 1.0, issuer.level, issuer.parent, issuer.region)
                out.append(_Mention(ref, pos, pos + len(tail), False))
            pos = text.find(tail, pos + len(tail))
    return out


@cache
def _bare_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(where a bare name may start: after a function character, before a name's first
    character; the names themselves)."""
    names = [w for w in _data().departments if len(w) >= 3]
    before = re.escape("".join(sorted(_FUNCTION_BEFORE)))
    first = re.escape("".join(sorted({w[0] for w in names})))
    return re.compile(f"(?:[{before}]|^)(?=[{first}])", re.M), re.compile(_alternation(names))


def _bare_mentions(text: str, ctx: _Context) -> list[_Mention]:
    """A department named bare (经住建局核实) in a notice of its own government: that
    government's department. Only where the issuer is the jurisdiction's 人民政府 or its
    office; a bureau's page quoting other places' notices keeps bare names as written."""
    own = region_by_code(ctx.jurisdiction) if ctx.jurisdiction else None
    issuer = _issuer_ref(ctx)
    if own is None or own.level == "zone" or issuer is None or not issuer.canonical:
        return []
    gov = government_name(own)
    if issuer.canonical not in (gov, f"{gov}办公室", f"{gov}办公厅"):
        return []
    prefix = own.name[-1] if own.level != "province" or own.name.endswith("市") else "省"
    out = []
    starts, names = _bare_pattern()
    for at in starts.finditer(text):
        m = names.match(text, at.end())
        if m is None:
            continue
        ref = resolve_agency(prefix + m.group(), ctx.jurisdiction, ctx.date)
        if ref.canonical:
            bare = AgencyRef(
                m.group(), ref.canonical, "bare", 1.0, ref.level, ref.parent, ref.region
            )
            out.append(_Mention(bare, m.start(), m.end(), False))
    return out


_ZONE_NAMED = re.compile(
    rf"[{_CJK}]{{2,10}}?(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区|新区)(?=管委会|管理委员会)"
)
_BARE_COMMITTEE = re.compile(
    r"(?:^|(?<=[在对由经与和及向把被将从给为是即请报至并、，,。；;：:（(\s]))管委会", re.M
)


def _committee_mentions(text: str, ctx: _Context) -> list[_Mention]:
    """管委会 alone: the issuer when it is a 管理委员会, else the one zone the text names with
    its committee (滁州经济技术开发区管委会 … 管委会负责), else nobody."""
    if "管委会" not in text:
        return []
    committee: AgencyRef | None = None
    issuer = _issuer_ref(ctx)
    if issuer is not None and issuer.canonical and issuer.canonical.endswith("管理委员会"):
        committee = issuer
    else:
        found: dict[str, AgencyRef | None] = {}
        for m in _ZONE_NAMED.finditer(text):
            for k in range(m.start(), m.end() - 3):
                ref = resolve_agency(text[k : m.end()] + "管委会", ctx.jurisdiction, ctx.date)
                if ref.canonical:
                    found[ref.canonical] = ref
                    break
            else:
                found[m.group()] = None  # a zone named but not resolved: 管委会 is ambiguous
        if len(found) == 1 and None not in found.values():
            committee = next(iter(found.values()))
    if committee is None or committee.canonical is None:
        return []
    out = []
    for m in _BARE_COMMITTEE.finditer(text):
        ref = AgencyRef(
            "管委会",
            committee.canonical,
            "zone",
            1.0,
            committee.level,
            committee.parent,
            committee.region,
        )
        out.append(_Mention(ref, m.start(), m.end(), False))
    return out


_DEFINITION = re.compile(
    r"\s*[（(]\s*(?:以下|下文)?(?:简称|称)\s*[“\"「『]?(?P<short>[\u4e00-\u9fff]{2,12}?)[”\"」』]?\s*[）)]"
)


def _defined_mentions(
    text: str, mentions: list[_Mention], titles: tuple[list[int], list[int]]
) -> list[_Mention]:
    """Short names a document defines for an agency it names, and their later uses:
    重庆两江新区管理委员会（以下简称"管委会"）… 管委会负责 …"""
    by_end = {x.end: x for x in mentions if x.ref is not None and x.ref.canonical}
    out: list[_Mention] = []
    for m in re.finditer(r"[（(]\s*(?:以下|下文)?(?:简称|称)", text):
        d = _DEFINITION.match(text, m.start())
        if d is None:
            continue
        end = m.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        named = by_end.get(end)
        if named is None or named.ref is None:
            continue
        short = d.group("short")
        base = named.ref
        pos = text.find(short, d.end())
        while pos >= 0:
            if _in_spans(pos, titles) < 0:
                ref = AgencyRef(
                    short, base.canonical, "definition", 1.0, base.level, base.parent, base.region
                )
                out.append(_Mention(ref, pos, pos + len(short), False))
            pos = text.find(short, pos + len(short))
    return out


def _evaluate(text: str, m: re.Match[str], ctx: _Context, own: Region | None) -> _Mention | None:
    """A mention for this match, or None to move on by one character."""
    jurisdiction = ctx.jurisdiction
    pre = m.group("pre")
    p = m.start("pre")
    end = m.end()
    after = text[end : end + 4]
    actor = not (
        m.group("group")
        and m.group("group").endswith("办公室")
        and after.startswith(("职能", "职责"))
    )  # 履行…领导小组办公室职能: the office is named, the duty is someone else's
    place = None
    section: Region | None = None
    region: Region | None
    if len(pre) == 1:
        place = _place_before(text, p + 1, jurisdiction)
    if place is not None:
        start, region = place
    else:
        if pre in ("州", "盟", "旗"):
            return None
        start = p
        if len(pre) == 1 and text[max(0, p - 2) : p] == "自治" and pre in "区州县":
            start, pre = p - 2, "自治" + pre
        if len(pre) == 2 and pre[0] in "全本" and not m.group("group"):
            return None
        prev = text[start - 1] if start > 0 else ""
        if prev and (prev.isascii() and prev.isalnum() or prev in "某×Ｘｘ*＊"):
            return None
        verb = text[max(0, start - 2) : start] in ("履行", "执行", "报送", "提交")
        if len(pre) == 1 and prev in _BLOCK_BEFORE.get(pre, ()) and not verb:
            return None
        if jurisdiction is None:
            return None  # a relative name without a jurisdiction names nobody
        bare = pre[-1] if pre[0] in "全本" else pre
        region = _bare_region(bare, jurisdiction)
        if region is None:  # 区住建局 in a city's page: the district whose section it stands in
            section = _section_region(text, start, jurisdiction, bare)
            if section is None:
                return None  # 区发展改革委 in a municipal notice: each district's, not one body
            region = section
    name = text[start:end]
    if _PLACEHOLDER.search(name):
        return None
    if (
        m.group("gov")
        and not m.group("office")
        and after.startswith(("有关", "各", "所属", "直属", "部门", "工作部门", "组成部门"))
    ):
        actor = False  # 市政府有关部门: the government named as their owner
    ref = resolve_agency(name, section.code if section else jurisdiction, ctx.date)
    if ref.canonical is None and region is not None and region.level != "zone":
        ref = _confirmed_in_text(text, name, region, jurisdiction) or ref
    if ref.canonical and ref.canonical.endswith(("人民政府办公厅", "人民政府办公室")):
        ref = _general_office(text, ref)
    office = m.group("office")
    is_own = bool(
        own is not None
        and m.group("gov")
        and region.code == own.code
        and office in (None, "办公厅", "办公室", "办")
    )
    return _Mention(ref, start, end, is_own, actor)


def _general_office(text: str, ref: AgencyRef) -> AgencyRef:
    """A government's general office is its 办公厅 or its 办公室 by place (长沙市人民政府办公厅,
    大连市人民政府办公室): a form the text or the 机关代字 registry contradicts, or a city's
    办公厅 neither confirms, stays unresolved (市政府办公厅文件 as a site's label)."""
    canonical = ref.canonical
    assert canonical is not None
    gov = canonical[:-3]
    other = gov + ("办公室" if canonical.endswith("办公厅") else "办公厅")
    known = _registry_issuers()
    confirmed = _in_text(text, canonical) or canonical in known
    contradicted = _in_text(text, other) or other in known
    if contradicted and not confirmed:
        return _unresolved(ref.name)
    if canonical.endswith("办公厅") and ref.level != "province" and not confirmed:
        return _unresolved(ref.name)
    return ref


@lru_cache(maxsize=256)  # the text's hash is computed once; a scan asks about few names
def _in_text(text: str, name: str) -> bool:
    return name in text


@cache
def _registry_issuers() -> frozenset[str]:
    return frozenset(e.issuer for e in all_codes() if e.issuer)


_HEADING = re.compile(
    rf"^[ \t\u3000]*((?:[{_CJK}][ \t\u3000]*){{2,8}}?[区县市])[ \t\u3000]*$", re.M
)


@lru_cache(maxsize=4)
def _sections(text: str, jurisdiction: str) -> tuple[tuple[int, Region], ...]:
    """Lines that are nothing but the name of a county of the jurisdiction (富阳区, 临 安 区):
    the headings of a page that quotes several places' notices."""
    out = []
    for m in _HEADING.finditer(text):
        name = re.sub(r"\s", "", m.group(1))
        region = find_region(name, jurisdiction)
        if region is not None and region.level == "county" and region.code != jurisdiction:
            out.append((m.start(), region))
    return tuple(out)


def _section_region(text: str, pos: int, jurisdiction: str | None, level: str) -> Region | None:
    """The county whose heading last precedes ``pos``, when it is of the prefix's kind."""
    if jurisdiction is None or level not in ("区", "县"):
        return None
    sections = _sections(text, jurisdiction)
    if not sections:
        return None
    i = bisect.bisect_right([p for p, _ in sections], pos) - 1
    if i < 0:
        return None
    region = sections[i][1]
    return region if region.name.endswith(level) else None


def _confirmed_in_text(
    text: str, name: str, region: Region, jurisdiction: str | None
) -> AgencyRef | None:
    """市房产局 in a notice that writes 沈阳市房产局 in full: the full name the text gives."""
    rest = _split(name, jurisdiction)[1]
    if (
        len(rest) < 3
        or _NOT_GOVERNMENT.match(rest)
        or _GENERIC.search(rest)
        or not re.search(r"(?:局|委员会|中心|办公室|厅|馆|院|站|所)$", rest)
    ):
        return None
    for full in dict.fromkeys((chain_name(region) + rest, region.name + rest)):
        if full != name and _in_text(text, full):
            return _ref(name, full, "document", region, government_name(region))
    return None


def find_agency_mentions(
    text: str,
    jurisdiction: str | None,
    include_own: bool = False,
    *,
    issuer: str | None = None,
    date: str | None = None,
) -> list[tuple[AgencyRef, int, int]]:
    """Agency names in ``text`` with spans, resolved relative to ``jurisdiction``.

    Unresolved names (市重点办) are included with ``canonical=None``. Left out: names inside
    《》 (citations), generic addressees, placeholders, relative names without a jurisdiction,
    and — unless ``include_own`` — the jurisdiction's own 人民政府 and its 办公厅/办公室
    (the issuer and its principal: 经市政府同意, the signature) and names that are not actors
    (履行…办公室职能, 市政府有关部门). With ``include_own`` every name written is returned.
    ``issuer`` (its name as the document gives it) resolves 我委/本局 and the issuer's name
    without its place; ``date`` (YYYY-MM-DD) picks the names bodies carried then.
    """
    ctx = _Context(str(jurisdiction) if jurisdiction else None, issuer, date)
    return [
        (x.ref, x.start, x.end)
        for x in _scan(text, ctx)
        if x.ref is not None and (include_own or (not x.own and x.actor))
    ]


_LABELLED_ISSUER = re.compile(
    r"(?:发布机构|发文机关|发文机构|发文单位|发布单位|信息来源|来源|主办单位|公开责任部门)\s*[:：]?\s*"
    rf"(?P<name>[{_CJK}]{{4,30}})"
)


def guess_jurisdiction(text: str) -> str | None:
    """The region a page's own labels name (发布机构：滁州市住房和城乡建设局 → 341100), else
    the one region that the full agency names written in its first 3,000 characters agree on.

    For documents whose issuer and region were not found; None when nothing decides.
    """
    head = text[:3000]
    for m in _LABELLED_ISSUER.finditer(head):
        region = _name_region(m.group("name"))
        if region is not None:
            return region.code
    counts: dict[str, int] = {}
    for ref, _, _ in find_agency_mentions(head, None, include_own=True):
        region = _name_region(ref.canonical or ref.name)
        if region is not None:
            counts[region.code] = counts.get(region.code, 0) + 1
    if not counts:
        return None
    best = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(best) > 1 and best[1][1] == best[0][1]:
        return None
    return best[0][0]


def guess_issuer(text: str) -> str | None:
    """The body a page is by, where its head did not say: the name its labels give
    (发布机构：沈阳市房产局), else the full agency name it writes most (three times or more)."""
    head = text[:3000]
    for m in _LABELLED_ISSUER.finditer(head):
        name = m.group("name")
        if _name_region(name) is not None and re.search(
            r"(?:局|委员会|中心|办公室|办公厅|政府)$", name
        ):
            return name
    counts: dict[str, int] = {}
    for ref, _, _ in find_agency_mentions(text, None, include_own=True):
        if _name_region(ref.name) is not None:
            counts[ref.name] = counts.get(ref.name, 0) + 1
    best = sorted(counts.items(), key=lambda kv: -kv[1])
    if best and best[0][1] >= 3 and (len(best) == 1 or best[1][1] < best[0][1]):
        return best[0][0]
    return None


def region_in_name(issuer: str | None) -> str | None:
    """The region a national body's local office names (国家税务总局北京市税务局 → 110000)."""
    if not issuer or not re.match(r"^(?:国家|中国)", issuer) or " " in issuer.strip():
        return None
    for i in range(2, min(len(issuer), 10)):
        region = _name_region(issuer[i:])
        if region is not None:
            return region.code
    return None


def is_national(issuer: str | None) -> bool:
    """An issuer that is a national body (自然资源部, 国务院办公厅): it has no local region."""
    if not issuer:
        return False
    first = issuer.split()[0]
    if region_in_name(first):
        return False
    return (
        resolve_national(first) is not None
        or re.match(r"^(?:国务院|国家|中国|中华人民共和国)", first) is not None
        or re.search(r"(?:部|总局|署)$", first) is not None
    )


def _name_region(name: str) -> Region | None:
    """The region an organ's name begins with (吉林市人民政府 → 吉林市, 广州住房… → 广州市)."""
    region, rest = _leading_places(name, None)
    if region is not None and rest != name and region.level != "zone":
        return region
    k = _short_led(name)
    if k:
        for full in (name[:k] + "市", name[:k] + "省", name[:k]):
            r = find_region(full)
            if r is not None and r.level in ("province", "prefecture"):
                return r
    return None


def unresolved_mentions(text: str, jurisdiction: str | None) -> list[tuple[str, int, int]]:
    """Names that look like agencies but resolve to nothing (市委督查绩效办, 市重点办)."""
    return [
        (ref.name, s, e)
        for ref, s, e in find_agency_mentions(text, jurisdiction)
        if ref.canonical is None
    ]


# ---------------------------------------------------------------------------- duties

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_OBLIGATION = re.compile(
    r"(?:要|应|须|必须|负责|牵头|会同|配合|协同|统筹|组织|适时|定期|及时|加强|做好|抓好|落实|督促|指导|"
    r"承担|履行|研究|制定|编制|建立|开展|推动|推进|跟踪|切实|重点|按照|依据|根据|进一步|全力|积极|认真|"
    r"严格|共同|联合|分别|具体|主动|每月|每季度|每年|对|将|于|在)"
)
_JOINERS = ("、", "和", "与", "及", "会同", "联合", "配合")


def _sentence_bounds(text: str, ends: list[int], pos: int) -> tuple[int, int]:
    """The sentence around ``pos``; ``ends`` are the positions of the sentence ends."""
    i = bisect.bisect_left(ends, pos)
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else len(text)
    if end < len(text) and text[end] != "\n":
        end += 1  # keep 。；！？ with its sentence
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_LIST_LABEL = re.compile(
    r"(?P<label>责任单位|责任部门|牵头单位|牵头部门|主责单位|配合单位|协办单位)\s*[:：]\s*$"
)
_LIST_JOINERS = ("、", "，", ",", "和", "及", "；")


def find_duties(
    text: str,
    jurisdiction: str | None,
    *,
    issuer: str | None = None,
    date: str | None = None,
) -> list[Duty]:
    """Sentences that give an agency a duty, the lead, an approval or a forwarded document.

    A subject opens its clause (after the sentence start, ，or ：), possibly with co-subjects
    (、 和 会同 …), and is followed by an obligation (要, 负责, 牵头, 会同 …); or it follows
    由 (由市政府督查办跟踪督办): ``relation`` ``"duty"`` (``"lead"`` when followed by 牵头).
    Agencies listed after 责任单位：/牵头单位： are ``"duty"``/``"lead"``; 经市政府同意 is an
    ``"approval"``; 转发市发展改革委… a ``"forward"``. One ``Duty`` per agency, sentence and
    relation; the span is the sentence's (split on 。；！？ and line ends).
    """
    ctx = _Context(str(jurisdiction) if jurisdiction else None, issuer, date)
    mentions = [x for x in _scan(text, ctx) if x.ref is not None and x.actor]
    ends = [m.start() for m in _SENTENCE_END.finditer(text)] if mentions else []
    by_start = {x.start: x for x in mentions}
    duties: list[Duty] = []
    seen: set[tuple[str, int, str]] = set()

    def add(sub: _Mention, s_start: int, s_end: int, relation: str) -> None:
        assert sub.ref is not None
        key = (sub.ref.canonical or sub.ref.name, s_start, relation)
        if key not in seen:
            seen.add(key)
            duties.append(Duty(sub.ref, text[s_start:s_end], s_start, s_end, relation))

    for x in mentions:
        s_start, s_end = _sentence_bounds(text, ends, x.start)
        before = text[s_start : x.start].rstrip()
        if before.endswith("经") and text.startswith("同意", x.end):
            add(x, s_start, s_end, "approval")
            continue
        if before.endswith("转发"):
            add(x, s_start, s_end, "forward")
            continue
        label = _LIST_LABEL.search(text[max(s_start, x.start - 12) : x.start])
        if label is not None:
            relation = "lead" if label.group("label").startswith("牵头") else "duty"
            add(x, s_start, s_end, relation)
            pos = x.end
            while True:  # the rest of the list: 、市财政局、市人社局
                for joiner in _LIST_JOINERS:
                    if text.startswith(joiner, pos) and pos + len(joiner) in by_start:
                        nxt = by_start[pos + len(joiner)]
                        add(nxt, s_start, s_end, relation)
                        pos = nxt.end
                        break
                else:
                    break
            continue
        after_by = before.endswith("由")
        if not (before == "" or before.endswith(("，", ",", "：", ":", "由"))):
            continue
        subjects = [x]
        pos = x.end
        while True:
            for joiner in _JOINERS:
                if text.startswith(joiner, pos) and pos + len(joiner) in by_start:
                    nxt = by_start[pos + len(joiner)]
                    subjects.append(nxt)
                    pos = nxt.end
                    break
            else:
                break
        follow = text[pos : pos + 4]
        if after_by:
            ok = (
                bool(follow)
                and re.match(rf"[{_CJK}]", follow) is not None
                and not follow.startswith(("的", "于", "此"))
            )
        else:
            ok = _OBLIGATION.match(follow) is not None
        if not ok:
            continue
        relation = "lead" if follow.startswith("牵头") else "duty"
        for sub in subjects:
            add(sub, s_start, s_end, relation)
    return duties


def _load_tables() -> None:
    """Data tables and patterns load with the module, not inside the first document's time
    limit (a spawned worker imports this module before it reads any file)."""
    _data()
    _bare_pattern()
    _place_names()
    _registry_issuers()
    resolve_national("国家发展改革委")


_load_tables()
