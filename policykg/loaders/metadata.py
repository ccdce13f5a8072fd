"""Notice metadata: title, 文号, type, issuer, 成文日期, addressees, attachments, plan year.

Works on the original text and returns spans into it. A news repost's own headline and
intro, and site chrome (navigation, share lines, phone numbers), are told apart from the
notice by structure: the official title is the title-shaped line followed by a 文号 line
and/or the 主送机关 line. Nothing is invented: a field that the text does not support
stays None.

Where a page prints a metadata table (``loaders/labels.py``), its fields come first: 标题,
文号 (printed empty: no number is looked for elsewhere), 成文日期, 发布日期, 发文机关. The
issuer is, in order: the organ leading the title (the forwarding office of a 转发 title),
the first signer of the signature block, the table's 发文机关, the red-header masthead, the
table's 发布机构. A page with a table but no title and no 文号 (a news item, a list page)
reports no date and no issuer.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from policykg.loaders import dates
from policykg.loaders.docnumber import find_docnumbers
from policykg.loaders.labels import Field, find_labels
from policykg.loaders.lines import Line, split_lines
from policykg.loaders.national_agencies import CENTRAL_ORGANS, resolve_national
from policykg.loaders.regions import regions_in_text
from policykg.records import DocNumber

DOC_TYPES = (
    "实施意见", "实施方案", "实施细则", "工作方案", "行动方案", "行动计划", "工作要点",
    "通知", "方案", "意见", "办法", "报告", "决定", "规定", "细则", "规划", "纲要", "批复",
    "通报", "公告", "通告", "要点", "计划", "措施", "条例", "决议", "函", "令", "指引", "规则", "预案",
    "答复", "快报", "公示", "法", "解释", "修正案", "安排",
)  # fmt: skip
# the doc_type reported for a compound type (实施方案 is a 方案)
_TYPE_OF = {"实施意见": "意见", "实施方案": "方案", "工作方案": "方案", "行动方案": "方案",
            "实施细则": "细则", "行动计划": "计划", "工作要点": "要点"}  # fmt: skip

ORGAN_SUFFIX = re.compile(
    r"(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理委员会|管委会|"
    r"领导小组|联席会议|中心|局|厅|部|署|院|委|办)$"
)
TYPE_END = re.compile("(" + "|".join(DOC_TYPES) + r")》?$")
# a title's genre word may be followed by a bracketed qualifier: …办法（试行）, …通知（第二批）
# …办法（试行）, …通知（第二批）, …通告（2018年第26期）, …措施（负面清单）（2018年）, …的函（天津）
_QUALIFIER = r"[（(][^（）()《》]{1,14}[）)]"
TITLE_TYPE_END = re.compile(
    "(" + "|".join(DOC_TYPES) + rf")(?:{_QUALIFIER}){{0,2}}》?(?:{_QUALIFIER}){{0,2}}$"
)
SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?：:]")
ENUM_START = re.compile(
    r"^\s*([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
ADDRESSEE_HINT = re.compile(r"(各|有关|人民政府|部门|单位|委员会|管委会|办事处|机关)")
CHROME = re.compile(
    r"(首页|当前位置|返回|登录|注册|用户名|密码|分享|收藏|浏览次数|字体|打印|关闭窗口|微信|扫码|"
    r"Tel|Fax|电话|传真|来源[:：]|发布日期|发布时间|点击|阅读|上一篇|下一篇|责任编辑|【|】)"
)
PUBLISHED_RE = re.compile(
    r"(?:发布日期|发布时间|公布日期|公开日期)[\]】]?[:：\s]*((?:19|20)\d\d[-./年]\d{1,2}[-./月]\d{1,2}日?)"
)
ATTACH_HEAD = re.compile(r"^\s*(附件|附表)\s*(\d*)\s*[:：]\s*(.*)$")
ITEM_RE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*[;；。]?\s*$")
TRANSMIT_RE = re.compile(
    r"(?:关于|[局厅委办府部门]|^)(?:修订)?(?:印发|转发|发布|下达|转下达)《(.+?)》的(?:通知|决定)"
    r"|关于(?:修订)?(?:印发|转发|下达|转下达)([^《》]{4,80}?)的(?:通知|决定)$"
    r"|^[^《》]{2,40}?(?:办公厅|办公室|人民政府)转发([^《》]{4,80}?)的通知$"
)
YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
CONSENT_RE = re.compile(r"经(市|区|县|省|自治区|州|盟|旗)(?:人民)?政府同意")
SPLIT_ADDR = re.compile(r"[，,]")
ORGAN_END = re.compile(
    r"(人民政府|政府|办事处|部门|单位|委员会|管委会|企业|机关|局|厅|委|办公室|办公厅|公司|集团)$"
)


@dataclass
class Metadata:
    """The header and signature fields read from a document's text, with warnings."""

    title: str | None = None
    title_span: tuple[int, int] = (-1, -1)
    doc_type: str | None = None
    number: DocNumber | None = None
    issuer_in_title: str | None = None
    signature: str | None = None
    date: datetime.date | None = None
    date_span: tuple[int, int] = (-1, -1)
    published: datetime.date | None = None
    addressees: list[str] = field(default_factory=list)
    addressee_line: int = -1
    attachments: list[str] = field(default_factory=list)
    transmits: str | None = None
    plan_year: int | None = None
    body_start: int = 0
    consent_level: str | None = None
    issuer_label: str | None = None  # 发文机关 / 发布机构 of a metadata table, or the masthead
    masthead: tuple[str, list[str]] | None = None  # 某市人民政府文件 (red-header layout)
    co_issuers: list[str] = field(default_factory=list)
    labels: list[Field] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_chrome(line: str) -> bool:
    """Site chrome: navigation, share/like lines, phone numbers, ad lines."""
    if len(line) <= 60 and CHROME.search(line):
        return True
    return bool(re.fullmatch(r"[\d\s|»>/·-]+", line))


def doc_type_of(title: str | None) -> str | None:
    """The 公文 genre a title ends in (通知, 意见, 决定 …), or None."""
    if not title:
        return None
    t = re.sub(r"\s", "", title)
    tail = TITLE_NUMBER_TAIL.search(t)
    m = TITLE_TYPE_END.search(t[: tail.start()] if tail else t)
    if not m:
        return None
    return _TYPE_OF.get(m.group(1), m.group(1))


def _title_shaped(s: str, shortest: int = 6, comma: bool = False) -> bool:
    """``comma``: a comma may stand in the title (关于…改革，推动…的指导意见 over the addressees)."""
    if not (shortest <= len(s) <= 150) or not TITLE_TYPE_END.search(s):
        return False
    if PLACEHOLDER_TITLE.search(s):
        return False  # 关于同意设立xx新区的批复(三): a template's or a collection's heading
    if CHAPTER_HEAD.match(s):
        return False  # 第二章　一般规定: a chapter's heading inside a law
    # 《…》 and a quoted slogan (“‘美丽中国，我是行动者’提升…”) may hold a comma
    # (and a qualifier after 《…》: 关于批准《…大纲》（3版，报批稿）的通知)
    outside = re.sub(r"《[^》]*》(?:[（(][^（）()]{1,12}[）)])?|“[^“”]{1,60}”|‘[^‘’]{1,40}’", "", s)
    if comma:
        outside = outside.replace("，", "")
    if SENTENCE_PUNCT.search(outside) or ENUM_START.match(s):
        return False
    return not (s.startswith("《") and s.endswith("》"))


def _strip_prefix_tags(s: str) -> tuple[str, int]:
    """『广西』关于… → 关于… (news sites prepend region tags); # 北京市…条例 → 北京市…条例
    (a Markdown heading: law collections kept as .md files)."""
    m = re.match(r"^\s*(?:『[^』]{1,10}』|【[^】]{1,10}】|\[[^\]]{1,10}\]|#{1,6}(?=\s))\s*", s)
    return (s[m.end() :], m.end()) if m else (s, 0)


CHAPTER_HEAD = re.compile(r"^#*\s*第[一二三四五六七八九十百零\d]+[章节编]")
PLACEHOLDER_TITLE = re.compile(r"[xX]{2}|××|某某")
# 国务院关于…的批复 中华文库, …的通知_国务院文件_中国政府网: the site's name after the title
SITE_TAIL = re.compile(
    r"(?:[ \u3000]+[\u4e00-\u9fff]{2,8}(?:文库|网|百科|门户|网站)|(?:[_｜|][^_｜|]{2,12})+)$"
)
EMPTY_VALUE = re.compile(r"^(?:无|暂无|空|[-—/／]+)?$")
# 关于…的补充通知（东建房〔2017〕33号）: a repost appends the number to the title
TITLE_NUMBER_TAIL = re.compile(
    r"\s*(?:[（(][^（）()]{0,10}?[〔\[［【(（]?(?:19|20)\d\d[〕\]］】)）]?[^（）()]{0,8}号[）)]"
    r"|[\[［【][^\[\]［］【】]{0,10}?[〔(（]?(?:19|20)\d\d[〕)）]?[^\[\]［］【】]{0,8}号[\]］】]"
    r"|[（(][\u4e00-\u9fff]{1,14}令(?:(?:19|20)\d\d\s*年)?第?\s*\d+\s*号[）)]"
    # …的通知 常政发〔2023〕1号 | (a list or a pipe table's cell: the title, a space, its 文号)
    r"|(?<=[知见告定复函报案法则划])[ \u3000]+[\u4e00-\u9fff]{1,10}[〔\[［【]\s*(?:19|20)\d\d\s*[〕\]］】]"
    r"\s*第?\d{1,5}\s*号(?:[ \u3000]*\|)?)$"
)
# 1关于… / 38部门转发…: the index of a 'hot documents' list in the site's chrome
LIST_INDEX = re.compile(r"^\d{1,2}(?![\d年月日号个项万亿元%．.、])(?=[\u4e00-\u9fff])")
_ORGAN_WORDS = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管委会|领导小组|联席会议|"
    r"中心|局|厅|部|署|院|委|办)"
)
# the issuer's name(s) leading a title: 国务院办公厅转发…, 北京市商务局等9部门印发…,
# 自然资源部 中国银行保险监督管理委员会关于…, 北京市人民政府贯彻落实国务院关于…
ISSUER_LEAD = re.compile(
    rf"^(?!关于)((?:[\u4e00-\u9fff]{{2,40}}?{_ORGAN_WORDS}[ \u3000、]?)+?)"
    r"(?:等(?:\d+|[一二三四五六七八九十]+)?个?(?:单位|部门|部委))?"
    r"(?=关于|(?:联合)?(?:修订)?(?:印发|转发|转下达|下达|发布|贯彻))"
)


def issuer_of_title(title: str) -> tuple[str, list[str]] | None:
    """(first issuer, co-issuers) named in front of a title, or None.

    The forwarding office is the issuer of a 转发 title (国务院办公厅转发民政部关于… →
    国务院办公厅); joint titles give their first organ; names glued without a separator
    (中共X市委办公室X市人民政府办公室印发…) are not split by guesswork and give None.
    """
    m = ISSUER_LEAD.match(title)
    if not m:
        return None
    lead = m.group(1).strip()
    names = [x for x in re.split(r"[ \u3000、]+", lead) if x]
    if len(names) == 1 and (
        len(re.findall("办公厅|办公室", lead)) > 1
        or "中共" in lead[1:]
        or lead.count("人民政府") > 1
        or _glued_organs(lead)
    ):
        return None
    return names[0], names[1:]


_ORGAN_WORD = re.compile(r"委员会|管委会|人民政府|总局|部(?!门)|委|局|署|院|中心")


def _glued_organs(name: str) -> bool:
    """市场监管总局生态环境部…: several organs' names run together (no separator to split on).
    An organ's own 办公厅/办公室 and a national bureau's local branch
    (国家税务总局北京市税务局) are one organ."""
    core = re.sub(r"(?:办公厅|办公室)$", "", name)
    core = re.sub(r"^国家税务总局(?=\S+税务局$)", "", core)
    core = re.sub(r"^国务院(?=\S{2,})", "", core)  # 国务院国有资产监督管理委员会
    core = re.sub(r"人民政府(?=[\u4e00-\u9fff]{2,12}指挥部$)", "", core)  # 市人民政府防汛抗旱指挥部
    core = re.sub(
        r"^(?:中共)?\S{0,10}?(?:省|市|区|县|州|中央)委(?=\S)", "", core
    )  # 中共X市委宣传部
    return len(_ORGAN_WORD.findall(core)) > 1


def _label_organ(value: str) -> tuple[str, list[str]] | None:
    """A metadata table's organ field → (first organ, others); relative names are refused."""
    names = [x for x in re.split(r"[ \u3000;；、,，]+", value.strip()) if x]
    if not names or not all(ORGAN_SUFFIX.search(x) for x in names):
        return None
    if len(names[0]) < 5 or re.match(r"^[市县区省州]", names[0]):
        return None  # 县政府, 省住房公积金管理局: the site's shorthand, not the organ's name
    return names[0], names[1:]


# a law site's line under the title: 2000年12月28日 税委会[2000]17号 (成文日期, then the 文号)
DATE_LEAD = re.compile(r"^((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[ \u3000]+$")


def _is_number_line(line: Line, numbers: list[DocNumber]) -> DocNumber | None:
    """The number a line starts with (an opening bracket may stand before it: （兴署发〔2019〕1号）)."""
    for n in numbers:
        if n.start >= line.start and n.end <= line.end:
            lead = line.text[: n.start - line.start]
            if not lead.strip().lstrip("（([【") or DATE_LEAD.match(lead):
                return n
    return None


def _addressee_line(s: str) -> bool:
    return (
        bool(re.search(r"[:：]$", s))
        and bool(ADDRESSEE_HINT.search(s))
        and len(s) < 200
        and "通知如下" not in s
    )


ISSUER_THEN_ABOUT = re.compile(
    r"^[\u4e00-\u9fff]{2,30}?" + ORGAN_SUFFIX.pattern.rstrip("$") + "关于"
)
# 鹤岗市人民政府 鹤岗市中级人民法院印发 / 关于…的意见的通知: the issuers and the issuing verb
# on a title's first line (joint issuers separated by spaces)
ISSUERS_ISSUE = re.compile(
    r"^[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,60}?(?:人民政府|办公厅|办公室|委员会|法院|检察院|局|厅|部)"
    r"(?:联合)?(?:印发|转发)$"
)


# 关于印发2022年《政府工作报告》 / 重点任务…的通知: a genre word inside 《》 at a line's end
# does not end the title (a title wholly in 《》 does)
IN_BRACKETS_END = re.compile(r"(?<=[^\s])《[^《》]+》$")


@dataclass(frozen=True)
class _LineFacts:
    """What title scoring asks of a line, computed once."""

    type_end: bool  # ends with a document type, outside an open 《
    punct: bool
    opener: bool  # may start a title broken over lines (关于… or an organ's name)
    number: bool
    addressee: bool
    listed: bool = False  # a title then its 文号 (…的通知 常政发〔2023〕1号): one of a list's rows


def _facts(ln: Line, numbers: list[DocNumber]) -> _LineFacts:
    t = ln.text
    if len(t) > 200:  # body prose: never part of a title (≤ 150) nor an addressee line (< 200)
        return _LineFacts(False, True, False, _is_number_line(ln, numbers) is not None, False)
    return _LineFacts(
        bool(TITLE_TYPE_END.search(t))
        and t.count("《") <= t.count("》")
        and not IN_BRACKETS_END.search(t),
        bool(SENTENCE_PUNCT.search(t)),
        "关于" in t or bool(ORGAN_SUFFIX.search(t)) or bool(ISSUERS_ISSUE.match(t)),
        _is_number_line(ln, numbers) is not None,
        _addressee_line(t),
        bool(TITLE_NUMBER_TAIL.search(t)) and not SENTENCE_PUNCT.search(t),
    )


def find_title(lines: list[Line], numbers: list[DocNumber]) -> tuple[str, int, int, int] | None:
    """(title, start, end, index of its last line) of the official title, or None."""
    best: tuple[float, int, str, int, int, int] | None = None
    n = len(lines)
    limit = min(n, 80)
    facts = [_facts(ln, numbers) for ln in lines[: limit + 8]]
    for i in range(limit):
        for span in (1, 2, 3, 4):
            if i + span > n:
                break
            parts = lines[i : i + span]
            if span > 1:
                f = facts[i : i + span]
                if (
                    any(x.type_end or x.listed for x in f[:-1])
                    or len(parts[-1].text) > 40
                    or not f[0].opener
                    or any(x.punct for x in f)
                ):
                    if f[-1].punct or len(parts[-1].text) > 40 or f[-2].type_end or f[-2].listed:
                        break  # a longer span would contain the same obstacle
                    continue  # a title broken over lines starts with 关于… or the issuer's name
            joined = "".join(p.text for p in parts)
            cand, cut = _strip_prefix_tags(joined)
            lead_num = next((x for x in numbers if x.start == parts[0].start + cut), None)
            if lead_num is not None and span == 1 and lead_num.end <= parts[0].end:
                # 财科教【2017】6号 财政部 科技部…关于…的通知: the number leads the title line
                rest = joined[lead_num.end - parts[0].start :]
                cut = len(joined) - len(rest.lstrip())
                cand = rest.lstrip()
            site = SITE_TAIL.search(cand)
            site_trim = len(cand) - site.start() if site else 0
            cand = cand[: len(cand) - site_trim]
            tail = TITLE_NUMBER_TAIL.search(cand)
            trim = len(cand) - tail.start() if tail else 0
            cand = cand[: len(cand) - trim]
            after = facts[i + span : i + span + 5]
            if (
                cand.startswith("《")
                and cand.endswith("》")
                and cand.count("《") == 1
                and "关于" in cand
                and any(x.number for x in after[:2])
            ):
                # 《成都市人民政府关于印发〈…办法〉的通知》 over its 文号 (law mirrors): the title
                # quoted whole as a heading; elsewhere a line wholly in 《》 is a citation
                cand, cut, trim = cand[1:-1], cut + 1, trim + 1
            trim += site_trim
            # a Markdown heading (# 博物馆条例) may hold a short title
            shortest = 4 if joined.startswith("#") else 6
            comma = span == 1 and cand.startswith("关于") and i + 1 < n and facts[i + 1].addressee
            if (
                not _title_shaped(cand, shortest, comma)
                or cand.count("《") != cand.count("》")
                or LIST_INDEX.match(cand)
                or IN_BRACKETS_END.search(cand)
            ):
                continue
            before = facts[max(0, i - 5) : i]
            if (
                sum((x.type_end or x.listed) and not x.punct for x in after) >= 3
                or sum((x.type_end or x.listed) and not x.punct for x in before) >= 3
                or (facts[i].listed and any(x.listed for x in (*before, *after)))
            ):
                continue  # one of a list of titles (a list page, 'related documents')
            score = 0.0
            if any(x.number for x in after[:2]) or tail:  # or 办法（…令2024年第13号）
                score += 4
            if any(x.addressee for x in after):
                score += 3
            if "关于" in cand:
                score += 2
            if is_chrome(cand):
                score -= 5
            score -= 0.5 * (span - 1)
            if ISSUER_THEN_ABOUT.match(cand) or (
                span > 1 and ISSUERS_ISSUE.match(parts[0].text) and parts[1].text.startswith("关于")
            ):
                score += 1  # the issuer's name in front, as GB/T 9704 prints it
            if i == 0 and span == 1 and re.match(r"#\s", joined):
                score += (
                    5  # # 标题 opening a law collection's Markdown file, over a chapter's heading
                )
            if best is None or score > best[0]:
                best = (score, i, cand, parts[0].start + cut, parts[-1].end - trim, i + span - 1)
    if best is None:
        return None
    _, _, title, start, end, last = best
    head = _markdown_heading(lines)
    if head is not None and last > 0 and _bare(head[0]) == _bare(title) and head[0] != title:
        # 最高人民法院 最高人民检察院 关于… over its 法释 number, the file's # heading printing the
        # same title with 、 between the issuers: the heading's form is the one titles are cited by
        return head
    q = re.search(rf"\s*{_QUALIFIER}$", title)
    if q:
        # 清远市…的通知(2019修订) / 清远市…的通知: a site's heading annotates the title the
        # document then prints bare; the document's own line is the title
        for k in range(last + 1, min(len(lines), last + 4)):
            if lines[k].text == title[: q.start()]:
                return lines[k].text, lines[k].start, lines[k].end, k
    return title, start, end, last


def _bare(s: str) -> str:
    return re.sub(r"[\s、]", "", s)


def _markdown_heading(lines: list[Line]) -> tuple[str, int, int, int] | None:
    """The text's opening ``# 标题`` line (law collections kept as Markdown), as a title."""
    if not lines:
        return None
    m = re.match(r"#\s+(\S.*?)\s*$", lines[0].text)
    if not m:
        return None
    return m.group(1), lines[0].start + m.start(1), lines[0].start + m.end(1), 0


_RUNON_CHUNK = r"(?:[^。；;，,：:\n《》]|《[^《》\n]{1,80}》)"
RUNON_TITLE = re.compile(
    r"[\u4e00-\u9fff（）()、 \u3000]{0,40}?(?:关于"
    + _RUNON_CHUNK
    + r"{2,140}?的(?:指导|实施|补充|紧急|复|若干)?"
    r"(?:通知|意见|决定|批复|通报|函|报告|公告|通告|答复)(?:[（(]试行[）)])?"
    r"|对[^。；;，,：:\n《》]{4,60}?(?:建议|提案)的答复)"
)
RUNON_HEAD_TITLE = re.compile(
    r"[ \u3000]*(关于[^。；;：:\n《》]{2,140}?的(?:指导|实施|补充)?"
    r"(?:通知|意见|决定|批复|通报|函|报告|公告|通告))(?=\s*各[^。；;\n]{2,120}[:：])"
)
RUNON_ADDRESSEES = re.compile(r"[ \u3000]*各[^。；;:：\n]{2,120}[:：]")
NUMBER_LABEL = re.compile(r"(?:发文字号|文号|文件编号|索引号)\s*[:：]\s*$")


BODY_LEAD = re.compile(r"^[ \u3000]*(?:根据|按照|依据|依照|为了?|经|现将|遵照|贯彻|落实|结合)")


def _number_follows(text: str, end: int) -> bool:
    """A 文号 right after ``end``, only spaces between: a heading's number (…的通知　渝府办发
    〔2021〕25号), not a sentence's citation (…的通知（环办〔2019〕1号）)."""
    window = text[end : end + 40]
    return any(not window[: n.start].strip() for n in find_docnumbers(window))


def _runon_title(text: str, lines: list[Line]) -> tuple[str, int, int, int] | None:
    """A text without line breaks: 'X关于…的通知' near its start is the title."""
    head = RUNON_HEAD_TITLE.match(text)
    if head and not PLACEHOLDER_TITLE.search(head.group(1)):
        # 关于…改革，推动…的指导意见各省、自治区…： a title with a comma opening the text
        return head.group(1), head.start(1), head.end(1), 0
    m = None
    for cand in RUNON_TITLE.finditer(text, 0, min(len(text), 600)):
        before = text[max(0, cand.start() - 40) : cand.start()]
        if before.count("《") > before.count("》") or text[cand.end() : cand.end() + 1] == "》":
            continue  # a title quoted in 《》 is a citation, never the notice's own title
        if BODY_LEAD.match(cand.group(0)):
            continue  # 根据…关于…的通知(中发〔1986〕12号文): a sentence citing another notice
        if PLACEHOLDER_TITLE.search(cand.group(0)):
            continue  # 关于同意设立xx新区的批复: a collection's heading
        if "。" in text[text.rfind("\n", 0, cand.start()) + 1 : cand.start()] and not (
            RUNON_ADDRESSEES.match(text, cand.end()) or _number_follows(text, cand.end())
        ):
            continue  # 王银香代表：您提出的…。我部先后印发关于…的通知: a sentence, not a heading
        m = cand
        break
    if m is None:
        return None
    line = next((ln for ln in lines if ln.start <= m.start() < ln.end), None)
    if line is not None and len(line.text) <= m.end() - m.start() + 20:
        return None  # a line of its own: find_title refused it (chrome, a list of titles)
    start = m.start()
    if text[start] == "号" and start and text[start - 1].isdigit():
        start += 1  # …〔2022〕142号自然资源部…: the number's last character is not the title's
    for n in find_docnumbers(text[: m.end()]):
        if n.start <= start < n.end or (start <= n.start < start + 4 and n.end < m.end()):
            start = max(start, n.end)  # 龙府发〔2009〕23号成都市…: the number is not the title
    idx = next((k for k, ln in enumerate(lines) if ln.start <= start < ln.end), 0)
    return text[start : m.end()], start, m.end(), idx


def find_metadata(
    text: str, lines: list[Line] | None = None, numbers: list[DocNumber] | None = None
) -> Metadata:
    """Title, 文号, genre, issuer, date, addressees and signature of a document's text."""
    md = Metadata()
    lines = lines if lines is not None else split_lines(text)
    numbers = numbers if numbers is not None else find_docnumbers(text)
    md.labels = find_labels(text, lines)
    found = _label_title(text, lines, md.labels) or find_title(lines, numbers)
    if found and _sent_out_above(text, lines, found):
        found = None  # the heading of the document the notice sends out, not the notice's title
    found = found or _pipe_title(text, lines) or _runon_title(text, lines)
    if found and found[3] > 0 and lines and _addressee_line(lines[0].text):
        # an excerpt that starts at the addressees (各省、自治区…：): a title further down is
        # the attached document's (…现转发给你们。国务院办公厅 2015年5月19日 / 关于…的指导意见)
        found = None
    title_idx = -1
    if found:
        md.title, s, e, title_idx = found
        md.title_span = (s, e)
        md.body_start = lines[title_idx].start if title_idx >= 0 else 0
        # the body starts at the title's first line
        for ln in lines:
            if ln.start <= s < ln.end + 1:
                md.body_start = ln.start
                break
        md.doc_type = doc_type_of(md.title)
        t = TRANSMIT_RE.search(md.title)
        if t:
            md.transmits = next(g for g in t.groups() if g)
        lead = issuer_of_title(md.title)
        if lead:
            md.issuer_in_title, md.co_issuers = lead[0], lead[1]
        own = OWN_RULES.match(md.title) or ORGAN_YEAR_REPORT.match(md.title)
        if own and not lead:
            md.issuer_in_title = own.group(1)  # 镇巴县人民政府工作规则: the government's own rules
        y = YEAR_RE.search(md.title)
        if y:
            md.plan_year = int(y.group(1))
    md.masthead = _masthead(lines, title_idx, numbers)
    printed_empty = _number_from_labels(md, numbers)
    if md.number is None:
        md.number = _order_over_two_lines(text, lines)
    if md.number is None:
        _find_number(md, lines, numbers, title_idx, anywhere=not printed_empty)
    _find_addressees(md, lines, title_idx)
    _find_signature_and_date(md, text, lines, title_idx)
    if md.date is None:
        _order_date(md, lines)
    if md.masthead and md.masthead[1] and md.signature in (None, *md.masthead[1]):
        # a joint red header names the lead organ first; a run-on signature block is read
        # from a window and may start at a co-signer (…农业农村部国家能源局2022年6月10日)
        md.signature = md.masthead[0]
        md.co_issuers = md.co_issuers or md.masthead[1]
    _dates_and_issuer_from_labels(md)
    if (
        md.labels
        and md.title is None
        and md.number is None
        and not any(f.field in ("written", "issuer") and f.value for f in md.labels)
    ):
        # a web page with a metadata table but no document in it (a news item, a list):
        # a date or an organ in its body is not a 成文日期 or an issuer
        if md.date is not None or md.signature or md.issuer_label:
            md.warnings.append("no date or issuer reported: the page carries no document")
        md.date, md.date_span = None, (-1, -1)
        md.signature = md.issuer_label = None
        md.co_issuers = []
    if md.title is not None and not (md.issuer_in_title or md.signature or md.issuer_label):
        md.issuer_label = _organ_beside_title(lines, md.title_span, title_idx)
    if md.title is not None and not (md.issuer_in_title or md.signature or md.issuer_label):
        md.issuer_label = _bulletin_masthead(lines, md.title_span)
    md.issuer_in_title = _complete_relative(md.issuer_in_title, text)
    if _signed_in_full(md.issuer_in_title, md.signature):
        md.issuer_in_title = md.signature  # 市政府办关于…的通告 signed 常德市人民政府办公室
    md.signature = _complete_relative(md.signature, text)
    if md.title is None:
        _untitled_notice(md, text, lines)
    if md.title is None and md.doc_type is None and md.date is not None:
        g = GENRE_FORMULA.search(text)
        if g:
            # an untitled excerpt that closes 特此通告 over its signed date (a news item quoting
            # one has no date of its own)
            md.doc_type = g.group(1) or g.group(2)
    _order(md, text, lines)
    _law_history(md, text)
    _find_attachments(md, lines)
    c = CONSENT_RE.search(text, md.body_start)
    if c:
        md.consent_level = c.group(1)
    return md


def _sent_out_above(text: str, lines: list[Line], found: tuple[str, int, int, int]) -> bool:
    """The title found is the heading of an attached document: a 主送 line stands above it and
    the notice's body between them sends that document out (现将《X》印发给你们 … X)."""
    title, start, _, _ = found
    first = next((k for k, ln in enumerate(lines) if ln.start <= start < ln.end + 1), -1)
    addr = next((k for k in range(first) if _addressee_line(lines[k].text)), -1)
    if addr < 0:
        return False
    between = text[lines[addr].end : start]
    return f"《{title}》" in between and bool(NOTICE_FORMULA.search(between))


def _pipe_title(text: str, lines: list[Line]) -> tuple[str, int, int, int] | None:
    """| 德令哈市人民政府办公室关于印发…的通知 | |||| : a table row holding the title alone."""
    for k, ln in enumerate(lines[:40]):
        if not ln.text.startswith("|"):
            continue
        cells = [c.strip() for c in ln.text.split("|") if c.strip()]
        if len(cells) == 1 and _title_shaped(cells[0]) and "关于" in cells[0]:
            start = ln.start + ln.text.index(cells[0])
            return cells[0], start, start + len(cells[0]), k
    return None


def _label_title(
    text: str, lines: list[Line], fields: list[Field]
) -> tuple[str, int, int, int] | None:
    """The title field of a metadata table (标题 / 名称 / 信息名称), located in the text."""
    for f in fields:
        if f.field != "title" or not f.value:
            continue
        v = f.value
        off = 0
        if v.startswith("《") and v.endswith("》") and v.count("《") == 1:
            v, off = v[1:-1], 1
        v2, cut = _strip_prefix_tags(v)
        off += cut
        tail = TITLE_NUMBER_TAIL.search(v2)
        if tail:
            v2 = v2[: tail.start()]
        if (
            not (6 <= len(v2) <= 200)
            or not TITLE_TYPE_END.search(v2)
            or SENTENCE_PUNCT.search(re.sub(r"《[^》]*》", "", v2))
        ):
            continue
        pos = text.find(v2, f.end)  # the same title printed again above the body
        start = pos if pos >= 0 else f.start + off
        end = start + len(v2)
        idx = next((k for k, ln in enumerate(lines) if ln.start <= start < ln.end), 0)
        return v2, start, end, idx
    return None


MASTHEAD = re.compile(r"^(.{2,80}?)\s*文\s*件$")


# a red header run into its 文号 (run-on text): 生态环境部办公厅自然资源部办公厅文件环办生态〔2019〕49号,
# …中央文明办秘书局函环办宣教函〔2023〕57号
MASTHEAD_NUMBER = re.compile(
    r"^([\u4e00-\u9fff \u3000]{4,200}?)[ \u3000]*(?:文[ \u3000]*件|函)[ \u3000]*$"
)


def _masthead(
    lines: list[Line], title_idx: int, numbers: Sequence[DocNumber] = ()
) -> tuple[str, list[str]] | None:
    """The red header above a notice (某市人民政府文件, 某局 某局文件): its first organ."""
    stop = title_idx if title_idx >= 0 else min(len(lines), 15)
    for ln in lines[max(0, stop - 8) : stop]:
        m = MASTHEAD.match(ln.text)
        if m:
            organ = _label_organ(m.group(1))
            if organ:
                return organ
        n = next((x for x in numbers if ln.start < x.start < ln.end and x.end >= ln.end), None)
        m = MASTHEAD_NUMBER.match(ln.text[: n.start - ln.start]) if n else None
        if m:
            names = m.group(1).strip()
            organ = _label_organ(names) if re.search(r"[ \u3000]", names) else None
            if organ is None:
                split = split_glued_organs(names)
                organ = (split[0], split[1:]) if split else None
            if organ:
                return organ
    return None


def split_glued_organs(s: str) -> list[str] | None:
    """生态环境部国家发展和改革委员会国家能源局 → its organs, left to right, when the first is a
    national organ (the only case whose boundaries are known); the rest is split the same way
    as far as it goes and kept whole after that. None when the run does not start with one."""
    out: list[str] = []
    p = 0
    while p < len(s):
        j = next((j for j in range(min(len(s), p + 40), p + 2, -1) if _central_organ(s[p:j])), None)
        if j is None:
            if not out or not ORGAN_SUFFIX.search(s[p:]):
                return out or None
            out.append(s[p:])
            break
        out.append(s[p:j])
        p = j
    return out


def _number_from_labels(md: Metadata, numbers: list[DocNumber]) -> bool:
    """Take the 文号 field of a metadata table; True when the field is printed empty."""
    fields = [f for f in md.labels if f.field == "number"]
    for f in fields:
        if EMPTY_VALUE.match(f.value):
            continue
        for n in numbers:
            if f.start <= n.start < f.end:
                md.number = n
                return False
    return bool(fields) and all(EMPTY_VALUE.match(f.value) for f in fields)


# labels some sites fill with the page's generation date rather than the 成文日期
GENERATED_LABELS = {"生成日期", "公文生成日期", "发文日期"}


GOV_OFFICE = re.compile(r"^([\u4e00-\u9fff]{2,30}?人民政府)(?:办公室|办公厅)$")


def _government_series(number: DocNumber | None) -> bool:
    """A 文号 of a government's own series (宛政, 穗府发, 济政字), not its office's (…办发)."""
    return (
        number is not None
        and number.kind == "standard"
        and "办" not in number.code
        and bool(re.search(r"[政府]", number.code))
    )


def _dates_and_issuer_from_labels(md: Metadata) -> None:
    """成文日期 / 发布日期 / 发文机关 of a metadata table (validated: dates must read)."""
    posted = [
        f
        for prev, f in zip(md.labels, md.labels[1:], strict=False)
        if f.field == "posted" and prev.field == "publisher" and prev.label == "来源"
    ]
    for name, attr in (("written", "date"), ("published", "published"), ("posted", "published")):
        if name == "posted" and md.published is not None:
            break
        for f in md.labels if name != "posted" else posted:
            if f.field != name or not f.value:
                continue
            d = dates.parse_date(f.value)
            if (
                d is not None
                and attr == "date"
                and f.label in GENERATED_LABELS
                and md.date is not None
                and d > md.date
            ):
                break  # 生成日期 2017-03-21 of a notice signed 2017年2月28日: the page's date
            if d is not None:
                setattr(md, attr, d)
                if attr == "date":
                    md.date_span = (f.start, f.end)
                break
    for name in ("issuer", "masthead", "publisher"):
        if name == "masthead":
            organ = md.masthead
        else:
            organ = next(
                (o for f in md.labels if f.field == name and (o := _label_organ(f.value))), None
            )
        if organ and name == "publisher" and _addresses_its_peers(organ[0], md.addressees):
            break  # a township's site posting the county's notice to 各乡镇人民政府
        if organ:
            md.issuer_label = organ[0]
            if not md.co_issuers and name != "publisher":
                md.co_issuers = organ[1]
            office = GOV_OFFICE.match(organ[0])
            if name == "publisher" and office and _government_series(md.number):
                # 发布机构 南阳市人民政府办公室 posting 宛政〔2011〕7号: the office publishes the
                # government's own document (its series has no 办), the government issues it
                md.issuer_label = office.group(1)
            break
    # 市促进…办公室 signed on a 南京市 page: the organ's name carries its city
    if md.signature and md.signature.startswith("市") and md.issuer_label:
        city = re.match(r"^([\u4e00-\u9fff]{2,4}?)市", md.issuer_label)
        if city:
            md.signature = city.group(1) + md.signature


TOWNSHIP_ORGAN = re.compile(r"(?:乡|镇|街道)(?:人民政府|办事处)$")
TOWNSHIPS_ADDRESSED = re.compile(r"^各(?:乡镇|乡|镇|镇街|乡镇街道|镇\(街道\)|镇（街道）)")


def _addresses_its_peers(organ: str, addressees: list[str]) -> bool:
    """A township's government (the page's 发布机构) never sends a notice to 各乡镇人民政府: the
    notice the page posts is the county's, not the township's."""
    return bool(TOWNSHIP_ORGAN.search(organ)) and any(
        TOWNSHIPS_ADDRESSED.match(a) for a in addressees
    )


def _find_number(
    md: Metadata,
    lines: list[Line],
    numbers: list[DocNumber],
    title_idx: int,
    anywhere: bool = True,
) -> None:
    # 0. a number labelled as the document's own (文号: …) or right after the title (run-on text)
    for n in numbers:
        line = next((ln for ln in lines if ln.start <= n.start < ln.end), None)
        if line is not None and NUMBER_LABEL.search(line.text[: n.start - line.start]):
            md.number = n
            return
        if md.title_span[1] >= 0 and (
            0 <= n.start - md.title_span[1] <= 3 or 0 <= md.title_span[0] - n.end <= 1
        ):
            md.number = n
            return
        # a header line 'title 国函〔2001〕80号 issuer date': the title again, then its number
        if line is not None and md.title and line.text[: n.start - line.start].strip() == md.title:
            md.number = n
            return
    # 1. a line that is the number, near the title (GB/T 9704 places it above the title,
    #    reposts below it)
    lo, hi = (
        max(0, title_idx - 4),
        min(len(lines), title_idx + 4) if title_idx >= 0 else min(len(lines), 12),
    )
    for k, ln in enumerate(lines[lo : hi + 4], lo):
        own = _is_number_line(ln, numbers)
        dated = DATE_LEAD.match(ln.text[: own.start - ln.start]) if own else None
        if dated and md.date is None and k < hi:
            d = dates.parse_date(dated.group(1))
            if d is not None:
                md.date, md.date_span = d, (ln.start, ln.start + dated.end(1))
        if own and (
            (len(ln.text) - (dated.end() if dated else 0) <= len(own.raw) + 2 and k < hi)
            # run-on text: '德政办〔2016〕179号 各乡、镇人民政府,…:' the number, then the addressees
            or RUNON_ADDRESSEES.match(ln.text, own.end - ln.start)
        ):
            md.number = own
            return
    # 2. a line starting with the number anywhere (attachment file names: 柳政办〔20225号附表1.et)
    for ln in lines if anywhere else ():
        own = _is_number_line(ln, numbers)
        if (
            own
            and not ln.text[: own.start - ln.start].strip()  # not a dated line far from the title
            and not re.search(r"[《》]", ln.text)
            and not re.search(r"(按照|根据|依据|依照|执行)", ln.text)
        ):
            md.number = own
            md.warnings.append(f"doc_number {own.canonical} taken from the line {ln.text[:40]!r}")
            return


def _split_addressees(s: str) -> list[str]:
    out: list[str] = []
    for part in SPLIT_ADDR.split(s):
        part = part.strip()
        if not part:
            continue
        pieces = part.split("、")
        if len(pieces) > 1 and all(ORGAN_END.search(p.strip()) for p in pieces[:-1]):
            out.extend(p.strip() for p in pieces if p.strip())
        else:
            out.append(part)
    return out


def _find_addressees(md: Metadata, lines: list[Line], title_idx: int) -> None:
    start = max(0, title_idx + 1)
    for idx in range(start, min(len(lines), start + 8)):
        s = lines[idx].text
        if _addressee_line(s) and not is_chrome(s):
            md.addressees = _split_addressees(s[:-1])
            md.addressee_line = idx
            return


def _find_signature_and_date(md: Metadata, text: str, lines: list[Line], title_idx: int) -> None:
    pub = PUBLISHED_RE.search(text)
    if pub:
        md.published = dates.parse_date(pub.group(1))
    issued_on: list[date] = []
    date_lines: list[tuple[int, Line, list[date]]] = []
    for idx, ln in enumerate(lines):
        if idx <= title_idx and title_idx >= 0:
            continue
        s = ln.text
        if PUBLISHED_RE.search(s) or "发布" in s or "来源" in s:
            continue
        m = re.fullmatch(
            # ({ 2017 6 23: a stray brace or bar left where a seal or an image was)
            r"(?:(.{2,40}?)\s+)?[{}|\[\]]?\s*"
            r"((?:19|20)\d\d[\d年月日〇○零一二三四五六七八九十\-./\s]{3,14}?日?)\s*(印发)?",
            s,
        )
        cn = dates.CN_RE.fullmatch(s)
        if not m and not cn:
            continue
        if m and not cn and m.group(1) and DATE_LABEL_END.search(m.group(1)):
            continue  # 索引号 MB1534522/2023-05475 发文日期 2023-01-03: a label row, read as labels
        readings = dates.candidates(m.group(2) if m and not cn else s)
        if not readings:
            continue
        if m and m.group(3):
            issued_on.extend(readings)
            if m.group(1) and ORGAN_SUFFIX.search(m.group(1)):
                md.signature = md.signature or m.group(1)
            continue
        date_lines.append((idx, ln, readings))
    if not date_lines:
        # run-on text: '…请认真贯彻执行。 X办公室 2016年12月7日 X预案 第一章…': the signature
        # right after the body formula, before an attached document
        f = RUNON_FORMULA_SIGNED.search(text, md.body_start)
        if f is None:
            # '…预案。 附件:X预案(修订) 温州市鹿城区山福镇人民政府 2020年10月22日 X预案 1.总则':
            # the attachment's name, then the signature, before the attached document
            f = RUNON_ATTACHMENT_SIGNED.search(text, md.body_start, md.body_start + 4000)
        if f:
            d = dates.parse_date(f.group(2))
            organ = _runon_organ(f.group(1))
            if d and organ:
                md.date, md.date_span = d, (f.start(2), f.end(2))
                md.signature = organ
                return
        # run-on text: 'X局2023年3月7日' near the end, the organ's name then the date
        tail_from = max(0, len(text) - 400)
        for m in RUNON_SIGNED.finditer(text[tail_from:]):
            d = dates.parse_date(m.group(2))
            if d:
                md.date = d
                md.date_span = (tail_from + m.start(2), tail_from + m.end(2))
                # the organ with 40 characters more on its left: joint signers run together
                # are read from their first name, or not at all
                lo = max(0, tail_from + m.start(1) - 40)
                organ = _runon_organ(text[lo : tail_from + m.end(1)], cut_left=lo > 0)
                md.signature = organ or md.signature
        if md.date is None:
            # a notice followed by its attachment: the signature, then （此件…）/抄送/印发
            for dm in SIGNED_DATE.finditer(text):  # anchored on the date: one pass, no backtracking
                before = text[max(0, dm.start() - 30) : dm.start()].rstrip()
                before = SEAL_TAIL.sub("", before)  # …办公厅（环境保护部办公厅代章）
                if not ORGAN_TAIL.search(before):
                    continue
                d = dates.parse_date(dm.group(1))
                if d:
                    md.date = d
                    md.date_span = (dm.start(1), dm.end(1))
                    lead = re.search(r"[\u4e00-\u9fff]{2,40}$", before)
                    md.signature = md.signature or (_runon_organ(lead.group(0)) if lead else None)
                    break
        return
    if (
        len(date_lines) > 1
        and title_idx >= 0
        and date_lines[0][0] - title_idx <= 3
        and ISO_DATE_LINE.fullmatch(date_lines[0][1].text)
    ):
        # a site's block under the title (发布机构 and 2024-03-01 as bare lines, 主动公开): a
        # posting date in ISO form, while the document signs and dates itself further down
        date_lines = date_lines[1:]
    # 成文日期: the first standalone date after the title; GB/T 9704 puts it under the signature
    idx, ln, readings = date_lines[0]
    bound = min(issued_on) if len(issued_on) == 1 else None
    if len(issued_on) > 1:
        bound = dates.pick(issued_on, not_after=md.published) if md.published else None
    if bound is None and md.published:
        bound = md.published
    chosen = readings[0] if len(readings) == 1 else dates.pick(readings, not_after=bound)
    if chosen is None:
        md.warnings.append(f"ambiguous date {ln.text!r}: readings {[str(d) for d in readings]}")
        return
    if len(readings) > 1:
        md.warnings.append(
            f"damaged date {ln.text!r} read as {chosen} (consistent with later dates)"
        )
    md.date = chosen
    md.date_span = (ln.start, ln.end)
    # the signature block: one organ a line (several for a joint notice), then the date;
    # the first signer is the issuer
    top = idx
    if top - 1 > title_idx and SEAL_LINE.match(lines[top - 1].text):
        top -= 1  # (湖南省农业农村厅代章) between the signing office and the date
        idx = top
    while top - 1 > title_idx and _organ_line(lines[top - 1].text):
        top -= 1
    if top < idx:
        names = re.split(r"[ \u3000]+", lines[top].text)
        md.signature = names[0]
        md.co_issuers = (
            md.co_issuers
            or [n for ln2 in lines[top:idx] for n in re.split(r"[ \u3000]+", ln2.text)][1:]
        )
    else:  # 宜宾市人民政府办公室 2023年3月1日: the organ on the date's line
        lead = re.match(r"^(\S{4,40}?)[ \u3000]+(?:19|20)\d\d", ln.text)
        if lead and _organ_line(lead.group(1)):
            md.signature = lead.group(1)


DATE_LABEL_END = re.compile(r"(?:日期|时间|日\s*期)\s*[:：]?$")
ISO_DATE_LINE = re.compile(r"\s*(?:19|20)\d\d-\d{1,2}-\d{1,2}\s*")
SEAL_TAIL = re.compile(r"[（(][\u4e00-\u9fff]{2,30}代章[）)]$")
SEAL_LINE = re.compile(r"^[（(][\u4e00-\u9fff]{2,30}代章[）)]$")


RUNON_FORMULA_SIGNED = re.compile(
    r"(?:请认真贯彻执行|请遵照执行|请认真组织实施|请认真贯彻落实|特此通知)[。.]?[ \u3000]*"
    r"([\u4e00-\u9fff]{4,30}?(?:局|办公室|办公厅|人民政府|委员会|管委会))[ \u3000]*"
    r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)


RUNON_ATTACHMENT_SIGNED = re.compile(
    r"[。.][ \u3000]*附件[:：][^。\n]{2,80}?[ \u3000]+"
    r"([\u4e00-\u9fff]{4,30}?(?:局|办公室|办公厅|人民政府|委员会|管委会))[ \u3000]*"
    r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)


RUNON_SIGNED = re.compile(
    # 生 态 环 境 部 (letter-spaced names), 生态环境部办公厅（环境保护部办公厅代章）2018年3月25日,
    # 生态环境部核电安全监管司 (a ministry's department); not …办公厅2018年8月31日印发 (printing)
    r"([\u4e00-\u9fff][\u4e00-\u9fff \u3000\u2002\u2003\xa0]{1,40}?"
    r"(?:局|办公室|办公厅|人民政府|委员会|管委会|部|署|院|中心|机构|(?<!公)司))\s*"
    r"(?:[（(][\u4e00-\u9fff]{2,30}代章[）)]\s*)?"
    r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?!\s*印发)"
)


SIGNED_DATE = re.compile(
    r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?=（此件|\(此件|抄送|附件|[^。]{2,20}印发)"
)
ORGAN_TAIL = re.compile(
    r"(?:局|办公室|办公厅|人民政府|委员会|管委会|部|署|院|中心|机构|(?<!公)司)$"
)


_NOT_ORGAN = re.compile(r"(清单|名单|目录|附件|问题|情况|通知|意见|报告|如下|工作|项目|表)")
_SIGN_OFF = re.compile(r"^.*(?:特此通知|特此公告|特此通告|特此函告|特此函复|此复|此致|敬礼)")


def _central_organ(s: str) -> bool:
    head = re.sub(r"^中华人民共和国", "", s)
    head = re.sub(r"(?:办公厅|办公室|[^部局署委院厅司]{2,10}司)$", "", head)
    return head in CENTRAL_ORGANS or (len(head) >= 3 and resolve_national(head) is not None)


_SIGNERS_AFTER = re.compile(r"[\u4e00-\u9fff]{2,60}(?:部|委员会|委|局|署|院|厅|办公室|机构|中心)")


# the next of signers run together: another organ's name (公安部办公厅, 最高人民检察院办公厅),
# not a body's own office (第二次全国污染源普查领导小组办公室 after 国务院)
_NEXT_SIGNER = re.compile(
    r"(?!第)[\u4e00-\u9fff]{1,10}?(?:部|委员会|委|总局|局|署|院|办公厅|办|机构|总工会|联|团中央)"
)


def _central_suffix(s: str, cut_left: bool = False) -> str | None:
    """The national organ that signs at the end of ``s``: the whole tail (…名单生态环境部办公厅,
    …论文样章生态环境部核电安全监管司), or the first of joint signers run together
    (生态环境部办公厅自然资源部办公厅, 国家发展改革委生态环境部水利部); None when none is."""
    for k in range(max(0, len(s) - 100), len(s) - 2):
        if k and re.search(r"[部委局署院厅室构会办]$", s[:k]):
            continue  # inside a run of organs: its first name starts further left
        if k == 0 and cut_left:
            return None  # the run may start before the window: its first signer is unknown
        for j in range(len(s), k + 2, -1):
            if not _central_organ(s[k:j]):
                continue
            rest = s[j:]
            if not rest or (
                _SIGNERS_AFTER.fullmatch(rest)
                and not _NOT_ORGAN.search(rest)
                and _NEXT_SIGNER.match(rest) is not None
            ):
                return s[k:j]  # the whole tail, or the first of signers run together
            break
    return None


def _runon_organ(s: str, cut_left: bool = False) -> str | None:
    """The organ before a run-on signature date: what follows the sign-off formula, when it
    starts with a region's name or is a short ministry name (生态环境部)."""
    s = re.sub(r"[ \u3000\u2002\u2003\xa0]+", "", _SIGN_OFF.sub("", s))
    lead = re.search(r"[^\u4e00-\u9fff]", s)  # the window's start cuts nothing when a stop is in it
    central = _central_suffix(s, cut_left and lead is None)
    if central:
        return central  # 辛集市督办问题清单生态环境部办公厅: the ministry's office signs
    if len(s) < 3 or not ORGAN_SUFFIX.search(s) or _NOT_ORGAN.search(s):
        return None  # 辛集市督办问题清单生态环境部办公厅: an attachment's heading runs into it
    if _glued_organs(s):
        return None
    found = regions_in_text(s[:12])
    if found and found[0][1] == 0 and len(s) <= 20:
        return s
    if len(s) <= 10 and re.search(r"(?:部|委员会|总局|署)$", s) and not re.match("[市县区省]", s):
        return s
    return None


# a ministry's or commission's department signing (国家发展改革委环资司, 生态环境部行政体制与人事司;
# not …有限公司)
MINISTRY_DEPARTMENT = re.compile(
    r"[\u4e00-\u9fff]{2,14}(?:部|委|总局|署)[\u4e00-\u9fff]{1,12}(?<!公)司"
)


def _organ_line(s: str) -> bool:
    names = [x for x in re.split(r"[ \u3000]+", s) if x]
    return (
        bool(names)
        and len(s) <= 60
        and not SENTENCE_PUNCT.search(s)
        and all(
            (ORGAN_SUFFIX.search(x) or MINISTRY_DEPARTMENT.fullmatch(x)) and len(x) <= 30
            for x in names
        )
    )


# a province's name in front of a city's: 辽宁省沈阳市人民政府 is 沈阳市人民政府
PROVINCE_BEFORE_CITY = re.compile(
    r"^[\u4e00-\u9fff]{2,3}省(?=[\u4e00-\u9fff]{2,4}市(?:人民政府|委员会|[^市]{1,20}(?:局|委)))"
)
_NOT_ORGAN_LINE = re.compile(r"(清单|名单|目录|附件|通知|意见|报告|如下|项目|[表单]$)")
ORGAN_NAME_LINE = re.compile(  # (河北省人民政府: a province's name is two characters and 省)
    r"^[\u4e00-\u9fff]{2,40}(?:人民政府|人民政府办公厅|人民政府办公室|委员会|常务委员会|办公厅|"
    r"办公室|管委会|总局|局|部|署)$"
)


def _organ_beside_title(
    lines: list[Line], title_span: tuple[int, int], title_idx: int
) -> str | None:
    """Law-site and repost layouts print the issuer on its own line next to the title
    (沈阳市…规定 / 辽宁省沈阳市人民政府 / 沈阳市…规定 / 沈政令[1997]29号): that organ, or None.
    Only a line that is a whole organ's name counts, at most two lines from the title."""
    if title_idx < 0:
        return None
    first = next((k for k, ln in enumerate(lines) if ln.start <= title_span[0] < ln.end + 1), -1)
    if first < 0:
        return None
    near = [*range(max(0, first - 2), first)[::-1], *range(title_idx + 1, title_idx + 3)]
    title = "".join(ln.text for ln in lines[first : title_idx + 1])
    for j in range(title_idx + 1, min(len(lines), title_idx + 8)):
        if lines[j].text == title:  # the title printed again (site header, then the document)
            near += [j - 1, j + 1, j + 2]
    for k in near:
        if k >= len(lines):
            continue
        t = lines[k].text
        if (
            ORGAN_NAME_LINE.match(t)
            and not _NOT_ORGAN_LINE.search(t)
            and not _glued_organs(PROVINCE_BEFORE_CITY.sub("", t))
        ):
            return PROVINCE_BEFORE_CITY.sub("", t)
    return None


STANDALONE_DATE = re.compile(
    r"[〇○零一二OoＯ0０三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
)


def _order_date(md: Metadata, lines: list[Line]) -> None:
    """An order's date stands under its promulgation text, above the regulation's own title
    (达州市人民政府令 / 第48号 / …现予公布 / 市长 / 二○○八年十月十三日 / title): the first date
    line in the ten lines after the order's number."""
    n = md.number
    if n is None or n.kind != "order":
        return
    k = next((i for i, ln in enumerate(lines) if ln.start <= n.start < ln.end + 1), -1)
    for ln in lines[k + 1 : k + 11] if k >= 0 else ():
        if STANDALONE_DATE.fullmatch(ln.text):
            d = dates.parse_date(ln.text)
            if d is not None:
                md.date, md.date_span = d, (ln.start, ln.end)
                return


# 中华人民共和国国务院令 / 第735号; 中华人民共和国交通部令 / 2006 年第 8 号; a standing
# committee's announcement promulgating a regulation: …常务委员会公告 / 第28号
ORDER_HEAD = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{2,40}(?:令|常务委员会公告)$")
ORDER_SERIAL = re.compile(r"^[（(]?(?:(?:19|20)\d\d\s*年\s*)?第\s*[0-9０-９]{1,4}\s*号[）)]?$")
PROMULGATION = re.compile(r"现予(?:以)?(?:公布|发布)|予以公布")
ORDER_SIGNED = re.compile(
    r"(?:总\s*理|部\s*长|主\s*任|署\s*长|局\s*长|行\s*长|省\s*长|市\s*长|主\s*席|州\s*长|县\s*长)"
    r"[ \u3000]*[\u4e00-\u9fff]{2,4}[ \u3000\n]*"
    r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
)
PREMIER = re.compile(r"^总\s*理[ \u3000]+[\u4e00-\u9fff]{2,4}$")


def _order_over_two_lines(text: str, lines: list[Line]) -> DocNumber | None:
    """中华人民共和国国务院令 / 第735号: an order's head printed over two lines."""
    for k, ln in enumerate(lines[:40]):
        if (
            ORDER_HEAD.match(ln.text)
            and k + 1 < len(lines)
            and ORDER_SERIAL.match(lines[k + 1].text)
        ):
            joined = ln.text + " " + lines[k + 1].text.strip("（）()")
            found = find_docnumbers(joined)
            if found and found[0].kind in ("order", "announcement"):
                s, e = ln.start, lines[k + 1].end
                return dataclasses.replace(found[0], raw=text[s:e], start=s, end=e)
    return None


# the genres of 党政机关公文处理工作条例 (art. 8) a title can end in, besides 令 itself
OFFICIAL_GENRES = frozenset(
    (
        "决议",
        "决定",
        "公报",
        "公告",
        "通告",
        "意见",
        "通知",
        "通报",
        "报告",
        "请示",
        "批复",
        "议案",
        "函",
        "纪要",
    )
)


def _order(md: Metadata, text: str, lines: list[Line]) -> None:
    """An order (令): its own number is an order number and its text promulgates
    (…现予公布): the genre is 令; the issuer is the organ named in the number (国务院令 →
    国务院), or the State Council when the premier signs."""
    n = md.number
    if n is None or n.kind != "order" or not PROMULGATION.search(text[:3000]):
        return
    # a title that names one of the official 公文 genres keeps it (…的决定 promulgated by an
    # order is a 决定); a regulation (…条例, …办法) published by an order is the order, 令
    if not (md.title and md.doc_type in OFFICIAL_GENRES and md.title.endswith(md.doc_type)):
        md.doc_type = "令"
    if (
        md.date is None
    ):  # 现予公布，自…起施行。 部 长 李盛霖 二○○六年七月五日: the head signs and dates
        signed = ORDER_SIGNED.search(text, 0, 4000)
        d = dates.parse_date(signed.group(1)) if signed else None
        if signed is not None and d is not None:
            md.date, md.date_span = d, (signed.start(1), signed.end(1))
    if md.issuer_in_title or md.signature or md.issuer_label:
        return
    organ = re.sub(r"^中华人民共和国", "", n.code[:-1])
    if organ == "国务院" or any(PREMIER.match(ln.text) for ln in lines[:60]):
        md.issuer_label = "国务院"
    elif ORGAN_SUFFIX.search(organ) and not re.match(r"^[市县区省州]", organ):
        md.issuer_label = organ


LAW_GENRES = frozenset(
    ("法", "条例", "办法", "规定", "决定", "解释", "细则", "规则", "决议", "修正案", "安排")
)
# a law's history under its title: 2003年9月5日 北京市第十二届人民代表大会常务委员会第六次
# 会议通过 / 2015年2月9日 中华人民共和国国务院令第659号公布 / （1992年12月17日…会议通过）
_HISTORY_END = re.compile(r"第一条|第一章|目\s*录|总\s*则|<!--")
_HISTORY_EVENT = re.compile(
    r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[ \t\u3000]*"
    r"([^\n。；;（）()]{0,80}?)(通过|批准|公布|发布|修正|修订)"
)
_EVENT_LEAD = re.compile(r"(?:^|[\n（(#]|通过|批准|公布|发布|修正|修订|施行)[ \t\u3000]*$")
_MEETING = (
    re.compile(  # (国家互联网信息办公室2021年第20次室务会议: a ministry's meeting of the year)
        r"^([\u4e00-\u9fff]{2,60}?)(?:(?:19|20)\d\d年)?第[\d一二三四五六七八九十百零]+次"
        r"[\u4e00-\u9fff]{0,6}?会议"
    )
)
# a ministry or bureau that promulgates a rule by its order (国家安全部令第2号公布) or publishes one
# the State Council approved (1996年6月14日 国家计划委员会发布)
_RULE_ORGAN = re.compile(r"(?:部|局|总局|署|总署|委员会|银行|办公室)$")
_LAW_ORGAN = re.compile(
    r"(?:人民代表大会常务委员会|人民代表大会|国务院|最高人民法院|最高人民检察院|人民政府)$"
)


_PARTY_ORGANS = frozenset(("中共中央", "中共中央办公厅", "国务院办公厅"))


def _meeting_organ(words: str) -> str | None:
    """北京市第十二届人民代表大会常务委员会第六次会议 → 北京市人民代表大会常务委员会;
    国务院第78次常务会议 → 国务院; 最高人民法院审判委员会第1600次会议 → 最高人民法院."""
    m = _MEETING.match(words)
    if not m:
        return None
    organ = re.sub(r"第?[\d一二三四五六七八九十百零]+届", "", m.group(1))
    organ = re.sub(r"^中华人民共和国(?=第|全国)", "", organ)
    organ = re.sub(r"(?:审判委员会|检察委员会)$", "", organ)
    if re.match(r"^[省市县区州]", organ):
        return None  # 市十四届人民代表大会常务委员会: the body's own short name, no place
    if _LAW_ORGAN.search(organ):
        return organ
    # 国家互联网信息办公室…室务会议, 交通运输部…部务会议: a national body adopting its own rule
    return organ if _central_organ(organ) or resolve_national(organ) else None


def _law_history(md: Metadata, text: str) -> None:
    """A law's adoption history printed under its title gives its issuer (the body that
    adopted it: a people's congress or its standing committee, the State Council, the
    Supreme People's Court) and its date (the promulgation's, else the adoption's). It is
    read before a run-on 'organ + date' found at the text's end (…人民政府1995年10月24日发布的
    《…》同时废止 is a repealed document, not a signature)."""
    if md.doc_type not in LAW_GENRES or md.title_span[1] <= 0:
        return
    # from the text's start: a copy may print the title again under its history (# 标题 /
    # history / 标题 / 法释〔2023〕8号), and the repeated title is the one found
    start = 0 if md.title_span[0] < 1500 else md.title_span[1]
    end = _HISTORY_END.search(text, max(start, md.title_span[1]), md.title_span[1] + 800)
    block = text[start : end.start() if end else md.title_span[1] + 600]
    adopted: list[tuple[str, tuple[int, int]]] = []
    organs: list[str] = []
    promulgated: list[tuple[str, tuple[int, int]]] = []
    late_organs: list[str] = []
    for ev in _HISTORY_EVENT.finditer(block):
        if not _EVENT_LEAD.search(block, 0, ev.start()):
            continue  # 《X》已于2024年12月27日经…会议通过，现予公布: an order's text, not a history
        span = (start + ev.start(1), start + ev.end(1))
        words = ev.group(2)
        if ev.group(3) == "通过":
            adopted.append((ev.group(1), span))
            # 2019年6月3日 最高人民法院审判委员会第1771次会议、2019年9月4日最高人民检察院…通过
            for part in re.split(r"、(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", words):
                organ = _meeting_organ(part.strip())
                if organ and organ not in organs:
                    organs.append(organ)
        elif ev.group(3) in ("公布", "发布") and "修" not in words:
            promulgated.append((ev.group(1), span))
            # 宁波市人民代表大会常务委员会公告第13号公布: the body that promulgates it
            organ = re.sub(r"(?:公告|令)?第?[\d一二三四五六七八九十百零]+号$", "", words.strip())
            organ = re.sub(r"第?[\d一二三四五六七八九十百零]+届", "", organ)
            organ = re.sub(r"^中华人民共和国(?=\S{2,})", "", organ)
            # 中共中央、国务院发布: joint, the first signs
            names = [x for x in re.split(r"[、 \u3000]+", organ) if x]
            by_order = (
                re.search(r"令第?[\d一二三四五六七八九十百零]+号$", words.strip()) is not None
            )
            if (
                names
                and all(
                    _LAW_ORGAN.search(x)
                    or x in _PARTY_ORGANS
                    or _central_organ(x)
                    or (by_order and _RULE_ORGAN.search(x) and len(x) >= 3)
                    for x in names
                )
                and not re.match(r"^[省市县区州]", names[0])
            ):
                late_organs.extend(x for x in names if x not in late_organs)
    if not adopted and not promulgated:
        return
    chosen = (promulgated or adopted)[0]
    d = dates.parse_date(chosen[0])
    if d is not None:
        md.date, md.date_span = d, chosen[1]
    organs = organs or late_organs
    if organs and not (md.issuer_in_title or md.issuer_label):
        md.signature = organs[0]
        md.co_issuers = md.co_issuers or organs[1:]


OWN_RULES = re.compile(
    r"^((?:国务院|[\u4e00-\u9fff]{2,20}?(?:省|市|县|区|州|旗|盟)"
    r"(?:人民政府|人民代表大会常务委员会)))"
    r"(?:机关)?(?:工作规则|议事规则|工作制度|公文处理办法|公文处理实施细则)$"
)
# 南县住房和城乡建设局2018年度整体支出绩效评价报告: an organ's own yearly report, its name first
# (a place's full name opens it: a county, a city …; no 关于)
ORGAN_YEAR_REPORT = re.compile(
    r"^([\u4e00-\u9fff]{1,12}?(?:省|市|县|区|州|旗|盟)[\u4e00-\u9fff]{2,20}?"
    r"(?:局|委员会|人民政府|办公室|办公厅|中心|厅))(?:19|20)\d\d年度?(?:(?!关于)[^\n]){2,40}?"
    r"(?:报告|总结|工作要点)$"
)
RELATIVE_ORGAN = re.compile(r"^[市县区州旗盟](?:人民)?政府(?:办公厅|办公室)?$")


SHORT_RELATIVE = re.compile(r"^([市县区州旗盟])(?:人民)?政府(办公厅|办公室|办)?$")
FULL_GOVERNMENT = re.compile(r"^[\u4e00-\u9fff]{2,20}([市县区州旗盟])人民政府(办公厅|办公室)?$")


def _signed_in_full(organ: str | None, signature: str | None) -> bool:
    """A title's relative organ (市政府办, 县政府) and the signature naming the same organ in
    full (常德市人民政府办公室, X县人民政府): same level, both the government or both its office."""
    rel = SHORT_RELATIVE.match(organ or "")
    full = FULL_GOVERNMENT.match(signature or "")
    return bool(
        rel and full and rel.group(1) == full.group(1) and bool(rel.group(2)) == bool(full.group(2))
    )


def _complete_relative(organ: str | None, text: str) -> str | None:
    """市人民政府办公厅 in a title (筑府办函…: the city names itself 市) → 贵阳市人民政府办公厅
    when the page prints the full name of exactly one such organ (its red header, its
    signature); unchanged otherwise."""
    if not organ or not RELATIVE_ORGAN.match(organ):
        return organ
    level, rest = organ[0], organ[1:]
    rest_re = re.escape(rest).replace("人民政府", "(?:人民)?政府")
    full = {
        m.group(1) + level + "人民" * ("人民" in organ) + rest.replace("人民", "")
        for m in re.finditer(rf"([\u4e00-\u9fff]{{2,6}}?){level}{rest_re}", text[:5000])
        if not re.search(r"[各本我全该]", m.group(1)[-1])
    }
    return full.pop() if len(full) == 1 else organ


BULLETIN_HEAD = re.compile(
    r"^([\u4e00-\u9fff]{4,30}?(?:督查室|办公室|办公厅|局|委员会|人民政府))[ \u3000]{2,}"
    r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?$"
)


def _bulletin_masthead(lines: list[Line], title_span: tuple[int, int]) -> str | None:
    """A bulletin's masthead (寿县政务督查 / 20期 / 寿县人民政府督查室    2022年8月19) above
    the title: the organ printed beside the issue date."""
    first = next((k for k, ln in enumerate(lines) if ln.start <= title_span[0] < ln.end + 1), -1)
    for ln in lines[max(0, first - 6) : first + 8]:  # (a page header may repeat the title above)
        m = BULLETIN_HEAD.match(ln.text)
        if m:
            return m.group(1)
    return None


# the body formula of a notice: what it does with the document it sends out
NOTICE_FORMULA = re.compile(
    r"(?:现将|现予|特此通知|通知如下|印发给你们|下达给你们|转发给你们|印发你们|转发你们|"
    r"请认真贯彻执行|请遵照执行|请认真组织实施)"
)
# the year of the plan/list a notice sends out: 《广东省 2020 年重点建设项目计划》,
# 现将2021年省重大项目调整名单印发
PLAN_OBJECT_YEAR = re.compile(
    r"(?:《[^《》\n]{0,30}?|现将[^。；\n]{0,12}?)((?:19|20)\d\d)\s*年(?:度)?[^。；\n]{0,30}?"
    r"(?:计划|名单|清单|项目|目录|要点)"
)


BACK_REFERENCE = re.compile(
    r"现将(?:[^。；《》\n]{0,8}?)(计划|名单|清单|方案|办法|规划|目录)(?:印发|下达|转发|转下达)"
)


def _untitled_notice(md: Metadata, text: str, lines: list[Line]) -> None:
    """An excerpt that starts at the addressee line (the title and 文号 lost in the repost):
    a 主送 line followed by a notice's body formula is a 通知; the plan year is the year of
    the plan or list it sends out."""
    if md.addressee_line < 0:
        # 国办发[2015]48号各省、自治区…各直属机构:为推进…: the number, then the addressees,
        # then the body, run together
        run = RUNON_ADDRESSEES.match(text, md.number.end) if md.number else None
        if run is None or md.number is None or md.number.start > 200:
            return
        if not md.addressees:
            md.addressees = _split_addressees(run.group(0).strip()[:-1])
        addr_end = run.end()
    else:
        head = lines[: md.addressee_line]
        if md.addressee_line > 3 and not all(
            any(f.start <= ln.end and f.end >= ln.start for f in md.labels) for ln in head
        ):
            return  # only a label block may stand above the addressees of an untitled excerpt
        addr_end = lines[md.addressee_line].end
    body = text[addr_end : addr_end + 600]
    if md.doc_type is None and NOTICE_FORMULA.search(body):
        md.doc_type = "通知"
    if md.doc_type == "通知" and md.plan_year is None:
        y = PLAN_OBJECT_YEAR.search(body[:300])
        if y:
            md.plan_year = int(y.group(1))
    # 《广东省 2020 年重点建设项目计划》业经…审议通过。…现将计划下达给你们: the 《》 named
    # first is what the notice sends out (transmits), not a document it cites
    back = BACK_REFERENCE.search(body)
    if md.doc_type == "通知" and md.transmits is None and back:
        first = re.search(r"《([^《》\n]{4,80})》", body[: back.start()])
        if first and first.group(1).endswith(back.group(1)):
            md.transmits = first.group(1)


# the formula that names a text's genre when its title is lost: 现通告如下 / 特此通告
GENRE_FORMULA = re.compile(r"特此(通告|公告)|现(?:将有关事项)?(通告|公告)如下")


def _find_attachments(md: Metadata, lines: list[Line]) -> None:
    for idx, ln in enumerate(lines):
        m = ATTACH_HEAD.match(ln.text)
        if not m or "下载" in ln.text[:6]:
            continue
        items: list[str] = []
        first = m.group(3).strip()
        if first:
            it = ITEM_RE.match(first)
            items.append(it.group(2) if it else first.rstrip("；;。"))
            if not it:
                md.attachments = items
                return
        for nxt in lines[idx + 1 : idx + 12]:
            it = ITEM_RE.match(nxt.text)
            if not it or len(nxt.text) > 80:
                break
            items.append(it.group(2))
        if items:
            md.attachments = items
            return
