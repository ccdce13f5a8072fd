"""National bodies: State Council departments by their short forms, central-bank branches and
regulators' local offices, resolved to their names at the document's date.

Data: ``policykg/data/national_agencies.json`` (each entry with ``examples``).

- ``departments``: 国家发展改革委 → 国家发展和改革委员会, 税务总局 → 国家税务总局 …; a name
  used after its ``valid_to`` resolves to its ``successor`` (国土资源部 in 2019 → 自然资源部).
- ``branches``: 人民银行大连市中心支行 / 人行福州中心支行 → 中国人民银行 + the rest as written.
- ``place_offices``: 大连银保监局 → 中国银行保险监督管理委员会大连监管局 (the place as written);
  银监会北京监管局 → 中国银行业监督管理委员会北京监管局.

``find_national_mentions`` scans text (one regex, linear); ``resolve_national`` resolves one name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from policykg.loaders.regions import find_region
from policykg.records import AgencyRef

__all__ = ["CENTRAL_ORGANS", "find_national_mentions", "load_national_json", "resolve_national"]

_CJK = "\u4e00-\u9fff"
# after a national name: not a word going on (财政部门, 人民银行系统 is fine, 科技部署)
_NOT_AFTER = set("门署属长级内委")
_DOCNUMBER_AFTER = re.compile(r"[发函字秘电令]*\s*[〔\[［【(（]\s*(?:19|20)\d\d")


# the State Council and its ministries and bureaus as they sign (the registry of
# policykg/data/national_agencies.json covers those with short names)
CENTRAL_ORGANS = frozenset(
    [
        "国务院",
        "外交部",
        "国防部",
        "教育部",
        "科学技术部",
        "公安部",
        "国家安全部",
        "民政部",
        "司法部",
        "财政部",
        "商务部",
        "交通运输部",
        "交通部",
        "铁道部",
        "水利部",
        "审计署",
        "海关总署",
        "国家核安全局",
        "国家统计局",
        "国家国防科技工业局",
        "国家烟草专卖局",
        "国家移民管理局",
        "国家铁路局",
        "国家邮政局",
        "国家文物局",
        "国家矿山安全监察局",
        "国家消防救援局",
        "国家乡村振兴局",
        "国家信访局",
        "中国气象局",
        "中国地震局",
        "国家航天局",
        "国家原子能机构",
        "国家国际发展合作署",
        "国际发展合作署",
        "中国科学院",
        "中科院",
        "最高人民法院",
        "最高人民检察院",
    ]
)


@dataclass(frozen=True)
class _Dept:
    full: str
    valid_from: int | None  # year*100+month
    valid_to: int | None
    successor: str | None
    local_offices: bool = (
        False  # 人民银行, 银保监会: bare in a local notice, maybe the local office
    )


@dataclass(frozen=True)
class _National:
    by_name: dict[str, _Dept]  # the latest body a name was used for
    shared: dict[str, tuple[_Dept, ...]]  # names used for several bodies in turn (国家计委)
    branch_heads: dict[str, str]  # head as written → full name of the body
    place_offices: dict[str, tuple[str, int | None, int | None]]  # short → (template, from, to)
    pattern: re.Pattern[str]


def load_national_json() -> dict[str, Any]:
    """The national agencies table (policykg/data/national_agencies.json), parsed."""
    text = (
        resources.files("policykg")
        .joinpath("data/national_agencies.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def _month(value: str | None) -> int | None:
    if not value:
        return None
    year, _, month = value.partition("-")
    return int(year) * 100 + (int(month) if month else 1)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def _data() -> _National:
    raw = load_national_json()
    by_name: dict[str, _Dept] = {}
    shared: dict[str, tuple[_Dept, ...]] = {}
    for e in raw["departments"]:
        dept = _Dept(
            e["full"],
            _month(e.get("valid_from")),
            _month(e.get("valid_to")),
            e.get("successor"),
            bool(e.get("local_offices")),
        )
        for name in [e["full"], *e["short"]]:
            if name in by_name and by_name[name].full != dept.full:
                shared[name] = (*shared.get(name, (by_name[name],)), dept)
                if (dept.valid_from or 0) < (by_name[name].valid_from or 0):
                    continue
            by_name[name] = dept
    heads = {h: b["full"] for b in raw["branches"] for h in b["heads"]}
    offices = {
        s: (o["template"], _month(o.get("valid_from")), _month(o.get("valid_to")))
        for o in raw["place_offices"]
        for s in o["short"]
    }
    regulators = [n for n in by_name if n.endswith("会") and by_name[n].full.endswith("委员会")]
    branch_tail = (
        r"(?:营业管理部|上海总部|[\u4e00-\u9fff]{2,8}?(?:分行营业管理部|中心支行|分行|支行))"
    )
    words = [*heads, *regulators, *offices, *by_name]
    first = "".join(sorted({w[0] for w in words}))
    pattern = re.compile(  # the lookahead on first characters keeps the scan fast
        rf"(?=[{re.escape(first)}])(?:"
        rf"(?P<branch>(?:{_alternation(list(heads))}){branch_tail})"
        rf"|(?P<regoffice>(?:{_alternation(regulators)})[{_CJK}]{{2,4}}?监管(?:分)?局)"
        rf"|(?P<placeoffice>{_alternation(list(offices))})"
        rf"|(?P<dept>{_alternation(list(by_name))}))"
    )
    return _National(by_name, shared, heads, offices, pattern)


def _date_key(date: str | None) -> int | None:
    if not date:
        return None
    m = re.match(r"(\d{4})-(\d{2})", date)
    return int(m.group(1)) * 100 + int(m.group(2)) if m else None


def _short_place(place: str) -> bool:
    """A place written short (大连, 重庆, 北京) naming a province or prefecture."""
    if place.endswith(("市", "省", "区", "县")):
        return False
    for name in (place, place + "市", place + "省"):
        r = find_region(name)
        if r is not None and r.level in ("province", "prefecture"):
            return True
    return False


@lru_cache(maxsize=4096)
def resolve_national(name: str, date: str | None = None, local: bool = False) -> AgencyRef | None:
    """A national body, its branch or its local office; None when ``name`` is not one.

    ``local``: the document is a local government's; a body with local offices written bare
    (人民银行, 银保监会) may then mean its local office, and is not resolved.

    >>> resolve_national("国家发展改革委").canonical
    '国家发展和改革委员会'
    >>> resolve_national("人行福州中心支行").canonical
    '中国人民银行福州中心支行'
    >>> resolve_national("国土资源部", "2019-06-01").canonical
    '自然资源部'
    """
    d = _data()
    when = _date_key(date)
    dept = d.by_name.get(name)
    if name in d.shared:  # 国家计委: 国家计划委员会 until 1998, then 国家发展计划委员会
        if not when:
            return None
        at = [x for x in d.shared[name] if (x.valid_from or 0) <= when < (x.valid_to or 999999)]
        dept = (
            at[0]
            if len(at) == 1
            else (dept if dept is not None and when >= (dept.valid_from or 0) else None)
        )
    if dept is not None:
        if local and dept.local_offices:
            return None
        full = dept.full
        method = "national"
        if when and dept.valid_to and when >= dept.valid_to and dept.successor:
            full, method = dept.successor, "rename"
            nxt = d.by_name.get(full)
            while nxt and nxt.valid_to and when >= nxt.valid_to and nxt.successor:
                full = nxt.successor
                nxt = d.by_name.get(full)
        return AgencyRef(name, full, method, 1.0, "national", None, None)
    for head, full in sorted(d.branch_heads.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(head) and len(name) > len(head):
            tail = name[len(head) :]
            if re.fullmatch(r"营业管理部|上海总部", tail) or _branch_place(tail):
                return AgencyRef(name, full + tail, "national", 1.0, "branch", full, None)
            return None
    for short, (template, start, end) in d.place_offices.items():
        if name.endswith(short) and _short_place(name[: -len(short)]):
            if when and ((start and when < start) or (end and when >= end)):
                return None  # the office did not carry this name then
            canonical = template.format(place=name[: -len(short)])
            return AgencyRef(name, canonical, "national", 1.0, "branch", None, None)
    m = re.fullmatch(
        rf"(?P<reg>[{_CJK}]+?会)(?P<place>[{_CJK}]{{2,4}}?)(?P<kind>监管(?:分)?局)", name
    )
    if m and m.group("reg") in d.by_name and _short_place(m.group("place")):
        reg = d.by_name[m.group("reg")].full
        return AgencyRef(name, reg + m.group("place") + m.group("kind"), "national", 1.0, "branch")
    return None


def _branch_place(tail: str) -> bool:
    m = re.fullmatch(r"(?P<place>.+?)(?:分行营业管理部|中心支行|分行|支行)", tail)
    if not m:
        return False
    place = m.group("place")
    return find_region(place) is not None or _short_place(place)


_LOCAL_OFFICE = re.compile(
    rf"[{_CJK}]{{2,10}}?(?:税务局|监管局|监管分局|分行营业管理部|中心支行|分行|支行|分局|局)"
)


def _region_led(name: str) -> bool:
    return any(find_region(name[:k]) is not None for k in range(min(len(name), 8), 1, -1))


def find_national_mentions(
    text: str, date: str | None = None, local: bool = False
) -> list[tuple[AgencyRef, int, int]]:
    """National bodies named in ``text`` with spans (names in 《》 included; callers filter)."""
    d = _data()
    out: list[tuple[AgencyRef, int, int]] = []
    for m in d.pattern.finditer(text):
        s, e = m.span()
        if e < len(text) and text[e] in _NOT_AFTER:
            continue
        if _DOCNUMBER_AFTER.match(text, e):
            continue  # 国办函〔2020〕109号: a 机关代字, not a mention
        name = m.group()
        if m.group("placeoffice"):
            # the place: the shortest run of characters just before the office that names one
            found = next((k for k in range(2, 5) if s >= k and _short_place(text[s - k : s])), 0)
            if not found or (s - found > 0 and text[s - found - 1] in "省市区县"):
                continue
            s -= found
            name = text[s:e]
        if m.group("dept"):
            longer = _LOCAL_OFFICE.match(text, e)  # 国家税务总局北京市税务局: written in full
            if longer and _region_led(longer.group()):
                full = name + longer.group()
                out.append(
                    (AgencyRef(full, full, "national", 1.0, "branch", name), s, longer.end())
                )
                continue
        ref = resolve_national(name, date, local)
        if ref is not None:
            out.append((ref, s, e))
    return out
