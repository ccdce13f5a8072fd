"""Figures: project counts and money per category, money normalised to yuan.

``重点建设项目1189个,总投资约2.9万亿元,年度计划投资约4500亿元`` → one Figure. A clause is
read only when the category (a noun phrase ending in 项目) stands right before the count;
breakdown lists (``按行业分:基础设施项目40项…``) are sub-figures of the figure before them
and are not reported as categories of their own. The same category twice in one notice is
one figure (fields merged). ``约/估算`` set ``approximate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policykg.loaders.money import MONEY_RE, scale, to_halfwidth
from policykg.loaders.regions import regions_in_text
from policykg.records import Figure

SEGMENT_END = re.compile(r"[。；;\n]")
COUNT_RE = re.compile(
    r"([\u4e00-\u9fff、]{2,40}?项目)(?:分为[^，,。；;]{0,30}?共|共计?|合计)?\s*(\d+)\s*(个|项)"
)
# cut a leading verb phrase (今年我市共实施|重点推进) but leave at least two characters before 项目
VERB_CUT = re.compile(
    r"^.*(?:实施|推进|包括|安排|其中|共有|纳入|列入|涉及)(?=[\u4e00-\u9fff、]{2,}项目$)"
)
# 我市省重点建设项目 → 省重点建设项目; 开展前期工作的省重点…项目 → 省重点…项目 (the place the
# notice speaks from, and a relative clause, are not part of the category)
PLACE_CUT = re.compile(r"^(?:我|全|本|该)(?:省|市|区|县|州|旗)(?=[\u4e00-\u9fff]{3,}项目$)")
CLAUSE_CUT = re.compile(r"^[\u4e00-\u9fff]{2,12}的(?=[\u4e00-\u9fff]{4,}项目$)")
# 名单共列项目680个: the category is the list's, named before it (2023年郑州市重点建设项目名单)
GENERIC_CAT = re.compile(r"^(?:名单|清单|计划)?(?:共列|共有|共安排|共计|共)?项目$")
LIST_NAME = re.compile(r"((?:[省市区县]级?)?[\u4e00-\u9fff]{2,12}?项目)(?:名单|清单|计划)")
# 总投资为3.2万亿元, 总投资达 3.2 万亿元, 总投资合计…: a linking word may stand before the amount
_LINK = r"(?:为|达到?|共计?|合计|约为|超过)?"
TOTAL_RE = re.compile(r"(?:估算)?(?:项目)?总投资(?:约|估算)?" + _LINK + r"\s*" + MONEY_RE.pattern)
ANNUAL_RE = re.compile(
    r"(?:年度计划(?:完成)?投资|年度投资计划|年度计划|(?:19|20)\d\d年度?计划(?:完成)?投资|年计划投资)"
    r"(?:约)?" + _LINK + r"\s*" + MONEY_RE.pattern
)
COMPLETED_RE = re.compile(
    r"(?:累计)?完成(?:年度|全年)?投资(?:约)?" + _LINK + r"\s*" + MONEY_RE.pattern
)
BREAKDOWN = re.compile(r"^\s*按[\u4e00-\u9fff]{1,6}分\s*[:：]")


def _money(m: re.Match) -> tuple[float, bool]:
    approx = (
        bool(m.group("approx") or m.group("more"))
        or "约" in m.group(0)[:12]
        or "估算" in m.group(0)[:6]
    )
    return scale(m.group("num"), m.group("unit") or ""), approx


def find_figures(text: str, body_start: int = 0, year: int | None = None) -> list[Figure]:
    """Summary figures (重点项目N个，总投资X亿元) in the body, one per category."""
    s = to_halfwidth(text)  # same length as text: offsets stay valid
    out: dict[str, Figure] = {}
    order: list[str] = []
    pos = body_start
    segments: list[tuple[int, int]] = []
    soft_end: list[bool] = []  # segment ended by ；/; (the sentence goes on)
    for m in SEGMENT_END.finditer(s, body_start):
        segments.append((pos, m.start()))
        soft_end.append(m.group(0) in "；;")
        pos = m.end()
    segments.append((pos, len(s)))
    soft_end.append(False)
    in_breakdown = False
    for si, (a, b) in enumerate(segments):
        seg = s[a:b]
        if BREAKDOWN.match(seg) or in_breakdown:
            # 按行业分:A…；B…；C…。 — the whole sentence breaks down the figure before it
            in_breakdown = soft_end[si]
            continue
        if "项目" not in seg:
            continue
        for cm in _counts(seg):
            cat = VERB_CUT.sub("", cm.group(1))
            cat = cat.lstrip("、")
            cat = CLAUSE_CUT.sub("", PLACE_CUT.sub("", cat))
            if GENERIC_CAT.match(cat):
                named = _list_name(s, a, cm.start())
                cat = named or cat
            if len(cat) < 3 or not cat.endswith("项目") or cat == "项目":
                continue
            count = int(cm.group(2))
            rest = seg[cm.end() :]
            nxt = ANCHOR_RE.search(rest)
            rest = rest[: nxt.start()] if nxt else rest
            total = annual = completed = None
            approx = False
            t = TOTAL_RE.search(rest)
            if t:
                total, ap = _money(t)
                approx |= ap
            an = ANNUAL_RE.search(rest)
            if an:
                annual, ap = _money(an)
                approx |= ap
            done = COMPLETED_RE.search(rest)
            if done and (an is None or done.start() >= an.end() or done.end() <= an.start()):
                completed = _money(done)[0]  # 1-6月累计完成投资…, in the same sentence
            elif total is not None:
                completed = _completed_after(s, segments, si)
            end = (
                a
                + cm.end()
                + (max(x.end() for x in (t, an, done) if x) if (t or an or done) else 0)
            )
            fig = Figure(
                cat,
                count,
                total,
                annual,
                completed,
                approx,
                a + cm.start(1) + (len(cm.group(1)) - len(cat)),
                end,
                text[a:b].strip(),
                cm.group(3),
            )
            if cat in out:
                old = out[cat]
                out[cat] = Figure(
                    cat,
                    old.count if old.count is not None else fig.count,
                    old.total_investment_yuan
                    if old.total_investment_yuan is not None
                    else fig.total_investment_yuan,
                    old.annual_plan_yuan
                    if old.annual_plan_yuan is not None
                    else fig.annual_plan_yuan,
                    old.completed_yuan if old.completed_yuan is not None else fig.completed_yuan,
                    old.approximate or fig.approximate,
                    old.start if old.total_investment_yuan is not None else fig.start,
                    old.end if old.total_investment_yuan is not None else fig.end,
                    old.sentence if old.total_investment_yuan is not None else fig.sentence,
                    old.unit,
                )
            else:
                out[cat] = fig
                order.append(cat)
    return [out[c] for c in order]


ANCHOR_RE = re.compile(r"项目(?:分为[^，,。；;]{0,30}?共|共计?|合计)?\s*\d+\s*(?:个|项)")


def _counts(seg: str) -> Iterator[re.Match[str]]:
    """COUNT_RE matches, found from their anchor (项目N个) instead of trying every start."""
    pos = 0
    while True:
        a = ANCHOR_RE.search(seg, pos)
        if a is None:
            return
        lo = a.start()
        while (
            lo > 0
            and a.start() - lo < 40
            and ("\u4e00" <= seg[lo - 1] <= "\u9fff" or seg[lo - 1] == "、")
        ):
            lo -= 1
        m = COUNT_RE.match(seg, lo) or COUNT_RE.search(seg, lo, a.end())
        if m is not None and m.end() <= a.end():
            yield m
            pos = m.end()
        else:
            pos = a.end()


def _list_name(s: str, seg_start: int, offset: int) -> str | None:
    """The category of a list named just before a generic count (…重点建设项目名单…名单共列
    项目680个): the last 'X项目名单/清单/计划' within the 200 characters before, with the year
    and the region's name taken off."""
    before = s[max(0, seg_start + offset - 200) : seg_start + offset]
    found = list(LIST_NAME.finditer(before))
    if not found:
        return None
    name = re.sub(r"^年度?", "", found[-1].group(1))  # 2023年…: the digits are not captured
    lead = regions_in_text(name[:12])
    if lead and lead[0][1] == 0:
        name = name[lead[0][2] :]
    return name if len(name) >= 4 else None


def _completed_after(s: str, segments: list[tuple[int, int]], si: int) -> float | None:
    """完成投资 reported in the sentence right after a figure (same paragraph) belongs to it."""
    if si + 1 >= len(segments):
        return None
    a, b = segments[si + 1]
    if s[segments[si][1] : segments[si][1] + 1] == "\n":
        return None
    seg = s[a:b]
    if COUNT_RE.search(seg):
        return None
    m = COMPLETED_RE.search(seg)
    return _money(m)[0] if m else None
