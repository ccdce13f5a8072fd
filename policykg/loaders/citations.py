"""Citations: 《标题》（文号） pairs, numbers alone, titles alone — each with its span and sentence.

Citation units understood (on the normalised text, see :mod:`policykg.loaders.normalise`)::

    《某办法》（渝府办发〔2020〕118号）        title + number
    渝府办发〔2020〕118号《某办法》            number + title
    《某条例》（国务院令第588号）              title + order number
    国务院关于…的通知（国发〔2019〕1号）       a title printed without 《》, then its number
    国务院办公厅《关于…的意见》                title; issuer kept apart (``Citation.issuer``)
    中共中央办公厅、国务院办公厅印发的《…》    title; both issuers
    《关于印发〈…〉的通知》 / 《…<…>…》        nested brackets are part of the title
    …（以下简称《办法》） … 《办法》            the short name is the same citation
    国发〔2019〕1号 … 国发〔2019〕1号文件      the same number again: one citation

Not citations (own vs cited): the document's own 文号 wherever it appears (header, metadata,
the line before the title, a law's promulgation line ``YYYY年M月D日…令第N号公布``), its own
title or short name (《通知》), the 《》 title a notice transmits (关于印发《…》的通知 and its
``《…》已经…同意，现印发给你们`` sentence), its own attachments, and forms, tables, lists
and systems in 《》 (《…申请表》, 《…名单》 …) unless a 文号 names them as documents. Only the
body (from the official title on) is searched, so a repost's intro about the notice is not
read as the notice citing itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from policykg.loaders.docnumber import find_docnumbers, parse_docnumber
from policykg.loaders.metadata import TYPE_END, Metadata
from policykg.loaders.regions import find_region
from policykg.records import Citation, DocNumber

__all__ = [
    "OwnNumbers",
    "canonical_number",
    "citation_body_start",
    "find_citations",
    "number_key",
    "own_numbers",
    "sentence_at",
    "title_key",
]

# between a number and the 《title》 it names: 国务院令第709号公布的《…》, 国办发〔2021〕9号《…》
REVERSE_GAP = re.compile(r"\s*(?:(?:公布|发布|印发|颁布)的?)?\s*")
# between 》 and the number: an opening bracket and optional spaces (or the end of a title whose
# 《 was closed too early: 《自治州关于…的实施方案》的通知》（巴政办发﹝2022﹞22号）)
PAIR_GAP = re.compile(r"\s*(?:的(?:通知|决定|意见|批复|函)》)?\s*[（(〔\[]?\s*$")
SENTENCE_END = "。；;！？!?\n"
# 现将《X》印发给你们 / 《X》已经…同意，现印发给你们: X is what the notice issues, not a citation
TRANSMIT_SENTENCE = re.compile(
    r"(印发给你们|转发给你们|下达给你们|转下达给你们|现予印发|现予公布|现印发|现转发|现将.{0,60}(?:印发|转发|下达)"
    r"|并予发布|现予发布|予以发布|并予公布|予以公布|现予公告)"
)
SHORT_NAMES = {"通知", "方案", "意见", "办法", "报告", "规划", "纲要", "决定", "实施方案", "规定"}
# a generic short name (《暂行办法》, 《实施细则》): the document named in full before, or itself
GENERIC_NAME = re.compile(
    r"^(?:暂行|试行|实施|管理|工作|若干|补充|有关|本)?"
    r"(?:规定|办法|细则|方案|意见|通知|决定|条例|措施|规则|纲要|规划|计划|报告|公告|通告)$"
)
# a kind of document named without its subject: the plant's 《最终安全分析报告》, a firm's
# 《突发环境应急预案》 — the operator's own papers of that kind, not one document cited
GENERIC_KIND = re.compile(
    r"^(?:(?:最终|初步|中期|年度)?(?:安全分析|环境影响|可行性研究|竣工验收)报告[书表]?"
    r"|(?:突发)?(?:环境)?(?:事件)?应急预案)$"
)
# a line that is another document's title, as in a page's related-links list:
# 3. 某区人民政府办公室关于印发《某办法》的通知
LINK_LINE_BEFORE = re.compile(r"(?:关于|[\u4e00-\u9fff）])(?:修订)?(?:印发|转发|发布|公布)$")
LINK_LINE_AFTER = re.compile(
    r"的(?:通知|通告|公告|决定)\s*(?:\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)?\s*$"
)
# the document itself, named in its own body: 制定了《…》，具体内容如下 / 信息名称：《…》
SELF_AFTER = re.compile(r"[，,]?\s*(?:具体内容|具体事项|有关事项|现将有关事项)?(?:如下|通知如下)")
LABEL_BEFORE = re.compile(
    r"(?:标\s*题|名\s*称|信息名称|文件名称|主\s*题|题\s*名|关\s*键\s*词)\s*[:：]\s*$"
)
# forms, tables, lists and systems: not documents unless a 文号 says so
NOT_A_DOCUMENT = re.compile(
    r"(表|名单|名录|清单|目录|一览|申请书|承诺书|证明|证书|模板|样本|样表|格式|系统|平台|软件|"
    r"数据库|网站|APP|app|手册|图|卡|单|书)$"
)
# an issuer in front of 《: 国务院办公厅《…》, 中共中央办公厅、国务院办公厅印发的《…》
_ORGAN = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理委员会|管委会|"
    r"领导小组|常委会|国务院|中共中央|党中央|中央|总局|局|厅|部|署|院|委|办|政府|银行|法院|检察院)"
)
ISSUER_BEFORE = re.compile(
    r"((?:[\u4e00-\u9fff]{2,20}?"
    + _ORGAN
    + r"[、和与及]){0,4}[\u4e00-\u9fff]{1,20}?"
    + _ORGAN
    + r"(?:等[\d一二三四五六七八九十]{1,3}个?(?:部门|单位))?)"  # 商务部等7部门
    r"(?:联合)?(?:印发|发布|出台|制定|颁布|转发|下发)?(?:了)?(?:的)?$"
)
# the last character before 《 when an issuer stands there
_ISSUER_LAST = frozenset("厅室府会委组局部署院办央行法发布台定了的门位")
# lead-in words cut from the front of an issuer or an unquoted title
LEAD_IN = re.compile(
    r".*(?:根据|按照|依据|依照|参照|遵照|对照|贯彻落实|贯彻|落实|执行|结合|认真|学习|转发|印发|"
    r"以及|并且|日|月|年|是|将|对|为|在|于)"
)
_TYPES = "通知|意见|决定|批复|通报|函|报告|公告|通告|办法|规定|方案|细则|纲要|规划|条例|复函"
UNQUOTED_TITLE = re.compile(
    r"((?:[\u4e00-\u9fff、]{2,40}?"
    + _ORGAN
    + r")?关于[^，,。；;：:、《》“”\"\n（）()]{2,100}?的(?:"
    + _TYPES
    + r"))[”\"]?\s*[（(〔\[]\s*$"
)
SHORT_NAME_RE = re.compile(r"[，,\s（(]*(?:以下简称|下称|简称)[“\"《]([^”\"》]{1,30})[”\"》]")
# a law's promulgation line: 2014年4月25日 中华人民共和国国务院令第652号公布
# The date may be in Chinese numerals (二〇〇〇年十月三十一日), and the line may sit inside the
# law's history bracket after its adoption clause: （…会议通过 2000年10月31日…主席令第三十七号公布）.
# 根据2019年3月2日国务院令第709号修订 (another order amending the law) does not match.
_PROMULGATION_DATE = (
    r"(?:(?:19|20)\d\d年\d{1,2}月\d{1,2}日"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
)
PROMULGATION_BEFORE = re.compile(
    r"(?:^|\n|[（(]|(?:通过|公布|施行|修正|修订)[ \t\u3000]+)[ \t\u3000#>*]*"
    + _PROMULGATION_DATE
    + r"[ \t\u3000]*"
    r"(?:[\u4e00-\u9fff]{2,24}[、和][ \t\u3000]*){0,3}$"  # joint issuers: 国务院、中央军事委员会令
)
# the number line itself (the date opens the line), as opposed to the law's history bracket
PROMULGATION_LINE = re.compile(r"\n?[ \t\u3000#>*]*[\d〇零一二三四五六七八九]")
# between two order numbers of one joint promulgation line (…令第8号、…令第11号发布)
PROMULGATION_JOINT = re.compile(r"[ \t\u3000]*[、和及与][ \t\u3000]*$")
PROMULGATION_AFTER = re.compile(
    r"[ \t\u3000]*(?:公布|发布|颁布|修订|修正|通过)(?:通过|公布|发布|施行)?(?![的之])"
)


# a page's links to interpretations of the document itself: 一图读懂《X》, 就《X》答记者问
INTERPRETATION_BEFORE = re.compile(r"(?:一图读懂|图解|解读|解读[:：]|解读\d[:：])\s*$")
INTERPRETATION_AFTER = re.compile(r"\s*的?(?:发布|有关问题|出台)?(?:答记者问|政策解读|解读|问答)")
COPY_AFTER = re.compile(
    r"\s*[（(](?:复印件|原件|扫描件)"
)  # 《…证书》（复印件）: a paper to hand in
FILE_AFTER = re.compile(r"\.(?:docx?|pdf|xlsx?|wps|et|ofd|zip|rar|txt)\b", re.IGNORECASE)  # a file
NUMBER_LABEL = re.compile(r"(?:文\s*号|发文字号|文件编号|发文号)\s*[:：]")
# a red-header number: …办公厅文件环办宣教〔2019〕19号
RED_HEADER_BEFORE = re.compile(r"(?:文件|[局部厅室委办]函|^|\n)\s*$")


# a title the sentence is based on, not the one it transmits: 根据《X》…, 贯彻落实《X》…,
# 以《X》为引领/为指导/为依据
CITING_BEFORE = re.compile(
    r"(?:根据|依据|按照|依照|参照|遵照|遵循|贯彻|落实|执行|对照|对标|衔接)"
    r"[^，,。；;：:《》\n]{0,20}$"
)
# 关于贯彻落实《广东省进一步稳定和扩大就业若干政策措施》的实施意见: a title naming the document
# it implements cites it (the body may name only the notice that issued it)
IMPLEMENTS_BEFORE = re.compile(r"(?:贯彻|落实|实施|执行)$")
LIST_JOINER = re.compile(r"》\s*(?:、|和|及|与|以及|，|,)?\s*$")
CITING_FRAME_AFTER = re.compile(
    r"\s*(?:[^，,。；;《》\n]{0,12}?精神|的?(?:要求|规定|部署|精神))"
    r"|\s*为(?:引领|指导|指引|依据|遵循|统领|基础|主线|蓝本|准则|标准|参考|纲|导向|框架|根本)"
)
# a sentence about the page or the work itself (a mirror's licence footer, a copyright line):
# 根据《著作权法》第五条，本作品不适用于该法 — site chrome, not the document citing a law
CHROME_SENTENCE = re.compile(
    r"本作品|本站|本网站|版权所有|转载|公有领域|知识共享|[Cc]opyright|©|免责声明"
)
# a draft in 《》: 《X（征求意见稿）》, 《X（送审稿）》, 《X（草案）》 …
DRAFT_TITLE = re.compile(r"征求意见稿|意见稿|送审稿|讨论稿|代拟稿|草案|草稿")
# … that the notice sends out for comment (关于征求《X（征求意见稿）》意见的函, 现公开征求意见)
CONSULTING = re.compile(r"征求|征集|意见|建议|反馈|审议|审查")
_CONSULT_WINDOW = 200  # characters after the draft's title searched for the request


_KEY_FOLD = str.maketrans("（）０１２３４５６７８９", "()0123456789")
_KEY_DROP = re.compile(r"[\s《》〈〉<>“”\"']")


def title_key(title: str) -> str:
    """Normalised title for matching: no whitespace/《》〈〉<>, half-width brackets and digits."""
    return _KEY_DROP.sub("", title.translate(_KEY_FOLD))


SENTENCE_PUNCT_RE = re.compile("[，,。；;：:！？!?]")
_SENTENCE_END_RE = re.compile("[" + re.escape(SENTENCE_END) + "]")
_SENTENCE_WINDOW = 3000  # a sentence longer than this is cut (run-on text without punctuation)


def sentence_at(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around text[start:end] and its span."""
    w = max(0, start - _SENTENCE_WINDOW)
    lo = max(text.rfind(c, w, start) for c in SENTENCE_END) + 1
    if lo == 0:
        lo = w
    m = _SENTENCE_END_RE.search(text, end, end + _SENTENCE_WINDOW)
    hi = m.start() if m else min(len(text), end + _SENTENCE_WINDOW)
    if hi < len(text) and text[hi] not in "\n" and m is not None:
        hi += 1
    while lo < hi and text[lo].isspace():
        lo += 1
    return text[lo:hi], lo, hi


_TRAILING_NOTE = re.compile(
    r"\s*[（(][^（）()]{1,24}[)）]\s*$"
)  # （试行）, （2025-2030年）, （2017版）
# 标准: national and sector standards cited by name (《环境空气质量标准》《…指导标准（2020年版）》)
# 指南 / 导则 / 限值 / 技术要求: guides and standards (《…核查指南（试行）》, 《电磁环境控制限值》);
# a catalogue that rules (《建设项目环境影响评价分类管理名录》, 《国家重点保护野生植物名录》, not a
# list of firms); a statistical or reporting system (《绿色信贷统计制度》, 《…营运单位报告制度》)
EXTRA_TYPE_END = re.compile(
    r"(?:法典|通则|章程|守则|准则|规范|标准|指南|导则|限值|技术要求|的请示|功能区划"
    r"|(?:指导|负面|禁止|限制|淘汰|鼓励|准入|权力|责任)[\u4e00-\u9fff]{0,4}(?:目录|清单)"
    r"|(?:管理|保护|污染物)[\u4e00-\u9fff]{0,6}(?:目录|清单|名录)"
    r"|(?:统计|调查|报表|报告|工作)制度)$"
)
TECHNICAL_REPORT = re.compile(r"(?:检验|检测|鉴定|审计|评估|体检|化验|监测|验收)报告$")


def _is_document_title(t: str) -> bool:
    core = t
    for _ in range(3):  # 《…规划（2025-2030年）》, 《…办法（试行）（2025年版）》
        m = _TRAILING_NOTE.search(core)
        if not m or m.start() < 2:
            break
        core = core[: m.start()]
    if len(core) < 3 or core in SHORT_NAMES or TECHNICAL_REPORT.search(core):
        return False
    if len(core) <= 4 and not re.search("(?:法典?|通则)$", core):
        return False  # 《应急预案》: a short name; 《森林法》, 《民法典》, 《贷款通则》 are rules
    if EXTRA_TYPE_END.search(core):
        return True
    if not TYPE_END.search(core) or NOT_A_DOCUMENT.search(core):
        return False
    return len(core) >= 4 or core.endswith("法")  # 《森林法》


@dataclass
class OwnNumbers:
    """The document's own 文号: ``number`` (its 文号 when the metadata found none) and every
    canonical form and span that must never be read as a citation."""

    number: DocNumber | None = None
    numbers: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _own_title_core(title: str | None) -> str | None:
    """关于对…的函 of 生态环境部办公厅关于对…的函（西安）: the title from 关于, without a bracketed
    tail; None when too short to be told apart from another document's."""
    if not title or "关于" not in title:
        return None
    core = re.sub(r"[（(][^（）()]{1,12}[）)]$", "", title[title.index("关于") :])
    return core if len(core) >= 10 else None


def own_numbers(text: str, md: Metadata, numbers: list[DocNumber]) -> OwnNumbers:
    """The document's own numbers: the metadata's 文号 and a law's promulgation lines."""
    own = OwnNumbers()
    if md.number is not None:
        own.numbers.add(md.number.canonical)
        own.spans.append((md.number.start, md.number.end))
    for m in NUMBER_LABEL.finditer(text, 0, 4000):  # 文 号：琼公积金贷〔2026〕10号
        n = next((x for x in numbers if x.start >= m.end()), None)
        if n is not None and n.start - m.end() <= 4:
            own.numbers.add(n.canonical)
            own.spans.append((n.start, n.end))
            if own.number is None and md.number is None:
                own.number = n
    title_start = md.title_span[0] if md.title else -1
    for n in numbers[:8]:
        if n.start >= 400:
            break
        header = RED_HEADER_BEFORE.search(text, max(0, n.start - 4), n.start)
        # the number just above the title (a line break may have been lost and restored)
        above_title = 0 <= title_start - n.end <= 3 and not text[n.end : title_start].strip()
        if header or above_title:
            own.numbers.add(n.canonical)
            own.spans.append((n.start, n.end))
            if own.number is None and md.number is None:
                own.number = n
    # …抄送：…。中华人民共和国生态环境部办公厅环督函〔2020〕10号关于对…的函西安市人民政府：
    # a page holding several copies of the letter: each copy's red header, its number followed
    # by the document's own title, is the document's own (not a citation)
    core = _own_title_core(md.title)
    if core:
        for n in numbers:
            if text.startswith(core, n.end) or text[
                n.end : n.end + len(core) + 2
            ].lstrip().startswith(core):
                own.numbers.add(n.canonical)
                own.spans.append((n.start, n.end))
    # 令 and 公告 (宁波市人民代表大会常务委员会公告第13号公布)
    orders = [n for n in numbers if n.kind in ("order", "announcement")]
    k = 0
    while k < len(orders):
        n = orders[k]
        line_start = text.rfind("\n", 0, n.start) + 1
        before = PROMULGATION_BEFORE.search(text[max(line_start - 1, 0) : n.start])
        if not before:
            k += 1
            continue
        chain = [n]  # 国家教育委员会令第8号、国家体育运动委员会令第11号发布
        while k + len(chain) < len(orders) and PROMULGATION_JOINT.fullmatch(
            text, chain[-1].end, orders[k + len(chain)].start
        ):
            chain.append(orders[k + len(chain)])
        k += len(chain)
        if not PROMULGATION_AFTER.match(text, chain[-1].end):
            continue
        for c in chain:
            own.numbers.add(c.canonical)
            own.spans.append((c.start, c.end))
        # a history bracket names the order but is not the document's number line: never a
        # citation, yet not read as the 文号 either (its issuer would come from it)
        in_history = not PROMULGATION_LINE.match(before.group(0))
        if own.number is None and md.number is None and not in_history:
            after = text[chain[-1].end : chain[-1].end + 6]
            if "公布" in after or "发布" in after or "颁布" in after:
                own.number = n
    return own


# an outer 《…》 with inner 《…》: each alternative starts with a different character, so the
# regex cannot backtrack into itself (linear in the window)
NESTED_TITLE = re.compile(r"《(?:[^《》\n]|《[^《》\n]{0,200}》){1,260}》")


def _wrapped_title(text: str, i: int, close: int) -> bool:
    """《关于…\n…的通知》: a title wrapped over at most two lines (no sentence end inside)."""
    inner = text[i + 1 : close]
    return close - i <= 120 and inner.count("\n") <= 2 and not re.search("[。；;！？]", inner)


_TITLE_IN_QUOTES_OR_ATTACHMENT = re.compile(r"(?:附件|《)[^\n]{0,12}$")
_MAX_WRAPPED_TITLE = 120


def citation_body_start(
    text: str, title: str | None, title_span: tuple[int, int], body_start: int
) -> int:
    """Where citations are searched from. When the title was matched inside an attachment
    line or a 《》 near the foot (附件：《<title>》政策解读) while the head prints it wrapped
    over lines, the body starts at the last head printed before it."""
    if not title or title_span[0] < 0 or body_start <= 0 or len(title) > _MAX_WRAPPED_TITLE:
        return body_start
    line_start = text.rfind("\n", 0, title_span[0]) + 1
    if not _TITLE_IN_QUOTES_OR_ATTACHMENT.search(text, line_start, title_span[0]):
        return body_start
    wrapped = re.compile(r"[ \t\u3000]*\n?[ \t\u3000]*".join(map(re.escape, title)))
    heads = list(wrapped.finditer(text, 0, line_start))
    if not heads:
        return body_start
    # the head printed last before the foot (not the page's <title> line at the top)
    return text.rfind("\n", 0, heads[-1].start()) + 1


def _nested_titles(text: str, start: int) -> Iterable[tuple[int, int]]:
    """(start, end) of every outermost 《…》 from ``start`` on; inner 《》, 〈〉, <> belong to it."""
    i = text.find("《", start)
    while i >= 0:
        close = text.find("》", i + 1, i + 262)
        if close > 0 and text.find("《", i + 1, close) < 0:  # not nested: the common case
            if text.find("\n", i + 1, close) < 0 or _wrapped_title(text, i, close):
                yield i, close + 1
                i = text.find("《", close + 1)
            else:
                i = text.find("《", i + 1)
            continue
        if close < 0:
            i = text.find("《", i + 1)
            continue
        m = NESTED_TITLE.match(text, i)  # one level of 《》 inside: 《关于印发《…》的通知》
        if m:
            yield i, m.end()
            i = text.find("《", m.end())
        else:
            i = text.find("《", i + 1)


def _issuer_before(text: str, at: int) -> str | None:
    """The issuer named right in front of the 《 at ``at``, lead-in words cut off."""
    if at == 0 or text[at - 1] not in _ISSUER_LAST:
        return None
    before = text[max(0, at - 50) : at]
    m = ISSUER_BEFORE.search(before)
    if not m:
        return None
    issuer = m.group(1)
    cut = LEAD_IN.match(issuer)
    if cut:
        issuer = issuer[cut.end() :]
    issuer = issuer.strip("、和与及")
    if (
        len(issuer) < 2
        or not re.search(_ORGAN + "(?:等[\\d一二三四五六七八九十]{1,3}个?(?:部门|单位))?$", issuer)
        or issuer in ("局", "部", "委", "办")
    ):
        return None
    return issuer


def _unquoted_title(text: str, number_start: int) -> tuple[str, int] | None:
    """国务院关于…的通知（国发〔2019〕1号）: the title printed before the bracketed number."""
    lo = max(0, number_start - 150)
    m = UNQUOTED_TITLE.search(text, lo, number_start)
    if not m:
        return None
    title, t_start = m.group(1), m.start(1)
    k = title.find("关于")
    if k > 0:  # the issuer in front: cut the lead-in words (根据国务院关于… → 国务院关于…)
        head = title[:k]
        cut = LEAD_IN.match(head)
        if cut:
            title, t_start = title[cut.end() :], t_start + cut.end()
            if not title.startswith("关于") and not re.match(
                r"[\u4e00-\u9fff、]{1,40}?" + _ORGAN + "关于", title
            ):
                k2 = title.find("关于")
                title, t_start = title[k2:], t_start + k2
    if len(title) < 6:
        return None
    return title, t_start


TRANSMITTED_IN_TITLE = re.compile(r"(?:印发|转发|转下达|下达|发布|公布|颁布)《([^》]{2,150})》")
# 关于征求《X》意见的函, 关于《X》公开征求意见的公告: X is what the notice sends out for comment
CONSULTED_IN_TITLE = re.compile(
    r"征求《([^》]{2,150})》|《([^》]{2,150})》[^《》]{0,8}?(?:征求|征集)[^《》]{0,8}?(?:意见|建议)"
)
TRANSMITTED_BARE = re.compile(r"(?:转发|转下达|印发)([^《》]{4,150}?)的(?:通知|决定)$")


LABELLED_TITLE = re.compile(
    r"(?:信息名称|文件名称|标\s*题|名\s*称)\s*[:：][ \t\u3000\xa0]*《?([^《》\n\t]{4,150}?)》?[ \t\u3000\xa0]*(?:\n|$)"
)


def _labelled_titles(text: str) -> set[str]:
    """Titles a page's metadata block gives the document (信息名称：《…》, 标题：…)."""
    return {title_key(m.group(1)) for m in LABELLED_TITLE.finditer(text, 0, 4000)}


def _transmitted_keys(own_title: str | None) -> set[str]:
    """What the document's own title says it 印发/转发/转下达 or sends out for comment:
    never a citation of it."""
    if not own_title:
        return set()
    keys = {title_key(m.group(1)) for m in TRANSMITTED_IN_TITLE.finditer(own_title)}
    keys |= {title_key(m.group(1) or m.group(2)) for m in CONSULTED_IN_TITLE.finditer(own_title)}
    m = TRANSMITTED_BARE.search(own_title)
    if m and "《" not in m.group(1):
        keys.add(title_key(m.group(1)))
    return keys


# a request (请示, 申请) an answer names: never the answer itself, however alike the titles
REQUEST_END = re.compile(r"(?:请示|申请|申请函)$")
# an issuing verb in the notice's own title before a 《title》 (no 的 between)
ISSUED_IN_TITLE = re.compile(
    r"(?:印发|发布|公布|颁布|批准|颁发|转发)[^的《》]*(?:《[^《》]*》[^的《》]*)*$"
)
REPEALED_AFTER = re.compile(r"[ \t\u3000]*(?:同时)?(?:废止|予以废止|停止执行|不再执行)")


def _regional_namesake(key: str, own_key: str) -> bool:
    """``own_key`` is a region's full name, then ``key`` (德州市 + 优化营商环境条例): a region's
    own text of the name of the national one it implements, so 《key》 is that national text.
    (A title from 关于 under its issuer's name, 重庆市人民政府 + 关于…, is the document itself.)"""
    if len(key) < 6 or key == own_key or not own_key.endswith(key) or key.startswith("关于"):
        return False
    prefix = own_key[: -len(key)]
    region = find_region(prefix)
    return region is not None and region.name == prefix  # a full name: 德州市, not 德州


def _copy_of_own_title(
    text: str, key: str, own_key: str | None, line_start: int, line_end: int
) -> bool:
    """The line holding 《key》 is the document's own title printed again, and 《key》 only a
    part of it (关于修改《X》的决定 over the body of the decision)."""
    if not own_key or key == own_key or line_end - line_start > 2 * len(own_key) + 20:
        return False
    return title_key(text[line_start:line_end]) == own_key


def _narrower_namesake(key: str, own_key: str) -> bool:
    """``own_key`` is ``key`` with words inserted in one place (…关于[知识产权]民事诉讼证据的
    若干规定): a narrower text citing the general one, not the document itself. (Digits or
    brackets inserted are a year, an edition or a qualifier of the same text.)"""
    extra = len(own_key) - len(key)
    if extra < 2 or len(key) < 8:
        return False
    i = 0
    while i < len(key) and key[i] == own_key[i]:
        i += 1
    inserted = own_key[i : i + extra]
    return own_key[i + extra :] == key[i:] and all("\u4e00" <= c <= "\u9fff" for c in inserted)


def _names_itself(
    text: str,
    key: str,
    own_key: str | None,
    transmit_keys: set[str],
    t_start: int,
    t_end: int,
    line_start: int,
    line_end: int,
) -> bool:
    """《key》 names the document itself or what it transmits (its title, a variant of it, the
    title line repeated, 制定了《…》，具体内容如下)."""
    if key in transmit_keys:
        return True
    if not own_key:
        return False
    if _regional_namesake(key, own_key):
        return False  # 德州市优化营商环境条例 citing 《优化营商环境条例》: the national text
    if len(key) >= 8 and (key == own_key or own_key.endswith(key)):
        return True
    if REPEALED_AFTER.match(text, t_end):
        return False  # …通过的《X监察条例》同时废止: the earlier text this one replaces
    if REQUEST_END.search(key) and not REQUEST_END.search(own_key):
        return False  # 你单位《关于审查〈X〉的请示》收悉 in 关于X的批复: the request it answers
    if _narrower_namesake(key, own_key):
        return False  # 《最高人民法院关于民事诉讼证据的若干规定》 in …关于知识产权民事诉讼证据的若干规定
    if len(key) >= 8 and fuzz.ratio(key, own_key) >= 90:
        return True  # a word changed (我市 / 北京市)
    if line_end - line_start > 2 * len(own_key) + 20:
        return bool(SELF_AFTER.match(text, t_end, t_end + 12)) and fuzz.ratio(key, own_key) >= 80
    line_key = title_key(text[line_start:line_end])
    if len(line_key) >= 8 and (line_key == own_key or own_key.endswith(line_key)):
        return True  # the title line printed again (page header, then the document)
    return bool(SELF_AFTER.match(text, t_end, t_end + 12)) and fuzz.ratio(key, own_key) >= 80


def find_citations(
    text: str,
    body_start: int = 0,
    own_title: str | None = None,
    own_number: str | Iterable[str] | None = None,
    transmits: str | None = None,
    numbers: list[DocNumber] | None = None,
    *,
    attachments: Iterable[str] = (),
    own_spans: Iterable[tuple[int, int]] = (),
    own_title_span: tuple[int, int] = (-1, -1),
) -> list[Citation]:
    """Every document ``text`` cites from ``body_start`` on, one Citation per cited document."""
    numbers = numbers if numbers is not None else find_docnumbers(text)
    own = {own_number} if isinstance(own_number, str) else set(own_number or ())
    own_span_starts = {s for s, _ in own_spans}
    # 重庆市人民政府令第361号 beside its own title, when the metadata gave 渝府令〔2023〕361号
    own_serials = {p.serial for p in map(parse_docnumber, own) if p is not None}
    own_key = title_key(own_title) if own_title else None
    transmit_key = title_key(transmits) if transmits else None
    transmit_keys = _transmitted_keys(own_title) | ({transmit_key} if transmit_key else set())
    transmit_keys |= _labelled_titles(text)  # the page's metadata names the document itself
    attachment_keys = {title_key(a) for a in attachments if a}
    starts = [n.start for n in numbers]
    used_numbers: set[int] = set()
    short_names: set[str] = set()
    transmitted_here: set[str] = set()
    out: list[Citation] = []

    own_keys = {number_key(o) for o in own}

    def is_own(n: DocNumber) -> bool:
        if n.canonical in own or n.start in own_span_starts:
            return True  # 农业农村部2019年第4号 when its own is 农业农村部公告2019年第4号
        return n.kind == "numbered" and number_key(n.canonical) in own_keys

    for t_start, t_end in _nested_titles(text, body_start):
        title = text[t_start + 1 : t_end - 1].strip()
        if "\n" in title:  # wrapped over lines
            title = re.sub(r"\s*\n\s*", "", title)
        key = title_key(title)
        if not key or key in short_names:
            continue
        number = None
        end = t_end
        gap = text[t_end : t_end + 6]
        k = bisect_left(starts, t_end)
        if k < len(numbers) and numbers[k].start <= t_end + 6:
            n = numbers[k]
            if PAIR_GAP.match(gap[: n.start - t_end]):
                number = n
        start = t_start
        if number is None and k > 0:  # 国办发〔2020〕1号《…》: the number right in front
            n = numbers[k - 1]
            if 0 <= t_start - n.end <= 4 and REVERSE_GAP.fullmatch(text, n.end, t_start):
                number = n
                start = n.start
        line_start = text.rfind("\n", 0, t_start) + 1
        line_end = text.find("\n", t_end)
        line_end = len(text) if line_end < 0 else line_end
        in_own_title = own_title_span[0] <= t_start < own_title_span[1]
        title_lo = own_title_span[0]
        if not in_own_title and _copy_of_own_title(text, key, own_key, line_start, line_end):
            # the title printed again over the body (law sites): 关于修改《X》的决定 there is
            # still the document's own title, and X in it neither cited there nor published
            in_own_title, title_lo = True, line_start
        if (
            in_own_title
            and number is None
            and ISSUED_IN_TITLE.search(text, title_lo, t_start) is not None
        ):
            # 关于发布《A》《B》和《C》的公告, 关于批准《X》的通知: what the title issues is never cited
            # in the body (关于《X》引用的…问题的复函 and 关于修改《X》的决定 are about X: cited there)
            transmitted_here.add(key)
        implements = in_own_title and bool(
            IMPLEMENTS_BEFORE.search(text, max(title_lo, t_start - 6), t_start)
        )
        # 《X》（HAD102/15-2007）同时废止: the earlier text of a title the notice publishes anew
        code = STANDARD_CODE_AFTER.match(text, t_end)
        repealed = REPEALED_AFTER.match(text, code.end() if code else t_end) is not None
        # (its own title repealed is its own earlier text: still itself, as the law tests ask)
        repealed = repealed and key != own_key
        names_itself = not repealed and (
            key in attachment_keys
            or (
                key in transmit_keys
                if implements
                else _names_itself(
                    text, key, own_key, transmit_keys, t_start, t_end, line_start, line_end
                )
            )
        )
        # the same title with another 文号 is the earlier version it revises or replaces
        if names_itself and (
            number is None or is_own(number) or (key == own_key and number.serial in own_serials)
        ):
            if number is not None:
                used_numbers.add(number.start)
            elif key != own_key and not in_own_title:
                transmitted_here.add(key)  # what it publishes, wherever it is named again
            continue
        if (
            GENERIC_NAME.match(key)
            or (number is None and GENERIC_KIND.match(key))
            or FILE_AFTER.match(text, t_end)
            or COPY_AFTER.match(text, t_end)
        ):
            continue
        if in_own_title and not implements:
            continue  # inside the document's own title (关于修改《…》的决定): the body names it again
        if (
            LINK_LINE_BEFORE.search(text, max(line_start, t_start - 8), t_start)
            and LINK_LINE_AFTER.match(text, t_end, line_end)
            and not SENTENCE_PUNCT_RE.search(text, line_start, t_start)
        ):
            continue  # a line that is another document's title: a link, not running text
        if LABEL_BEFORE.search(text, max(line_start, t_start - 20), t_start) or (
            own_key is None and SELF_AFTER.match(text, t_end, t_end + 12)
        ):
            continue
        if INTERPRETATION_BEFORE.search(text, max(0, t_start - 6), t_start) or (
            INTERPRETATION_AFTER.match(text, t_end)
        ):
            continue  # a link to an interpretation of a document, on the page of that document
        if number is None and not (
            _is_document_title(title)
            or STANDARD_CODE_AFTER.match(text, t_end)  # 《…格式和内容》（HJ808-2016）: a standard
            or _framed_as_basis(text, t_start, t_end)
            or _list_with_rules(title, text, t_end)
            or _listed_with_documents(title, text, t_start, t_end)
        ):
            continue
        if number is None and _consulted_draft(text, title, own_title, t_start, t_end):
            continue  # the draft the notice sends out for comment: what it transmits
        if _in_chrome(text, t_start, t_end):
            continue
        if (
            number is None
            and not repealed
            and (key in transmitted_here or _transmitted_in_sentence(text, t_start, t_end))
        ):
            transmitted_here.add(key)  # 《X》…现予公布: X is the text itself wherever it is named
            continue
        if number is None and _published_or_approved(text, own_title, t_start, t_end):
            continue
        sm = SHORT_NAME_RE.match(text, t_end)
        if sm:
            short_names.add(title_key(sm.group(1)))
        if number is not None:
            used_numbers.add(number.start)
            if number.start > t_start:
                end = number.end
                if end < len(text) and text[end] in "）)〕]":
                    end += 1
                sm = SHORT_NAME_RE.match(text, end)
                if sm:
                    short_names.add(title_key(sm.group(1)))
            if is_own(number):
                continue
        sentence, _, _ = sentence_at(text, start, end)
        out.append(
            Citation(
                doc_number=canonical_number(number, title) if number else None,
                title=title,
                start=start,
                end=end,
                sentence=sentence,
                form="title+number" if number else "title",
                issuer=_issuer_before(text, t_start),
                repaired=number.repaired if number else False,
            )
        )
    for n in numbers:
        if n.start < body_start or n.start in used_numbers or is_own(n):
            continue
        line_start = text.rfind("\n", 0, n.start) + 1
        if not text[line_start : n.start].strip():
            continue  # a number on its own line (or a file name) is the notice's own, not a citation
        start, form = n.start, "number"
        cited: str | None = None
        unq = _unquoted_title(text, n.start)
        if unq is not None and unq[1] >= body_start:
            cited, start = unq
            form = "title+number"
            if title_key(cited) == own_key or title_key(cited) in transmit_keys:
                continue
        if _in_chrome(text, n.start, n.end):
            continue
        end = n.end
        if form == "title+number" and end < len(text) and text[end] in "）)〕]":
            end += 1
        sentence, _, _ = sentence_at(text, start, end)
        canonical = canonical_number(n, cited)
        out.append(Citation(canonical, cited, start, end, sentence, form, repaired=n.repaired))
    out.sort(key=lambda c: c.start)
    return _one_per_document(out)


# 《…重大行政执法决定法制审核目录》相关规定: a list or catalogue that lays down rules
RULES_AFTER = re.compile(r"\s*(?:的|中的|相关|有关|等)?(?:规定|条款)")
RULE_LIST = re.compile(r"(?:目录|清单|名录)$")


# a mechanism, a body or a working arrangement named in 《》 beside documents
NOT_LISTED_DOCUMENT = re.compile(r"(?:机制|小组|体系|工作|活动|专栏|栏目|预案|意见|规定)$")
_NEXT_IN_LIST = re.compile(r"\s*(?:、|和|及|与|以及|，|,)?\s*《([^《》\n]{2,100})》")


def _listed_with_documents(title: str, text: str, t_start: int, t_end: int) -> bool:
    """《中国制造2025》《某某规划》及《某某条例》: a name in a run of titles whose neighbour is a
    document is one too (whatever it ends in), unless it is a form, list or system."""
    core = _TRAILING_NOTE.sub("", title)
    if (
        len(core) < 6
        or NOT_A_DOCUMENT.search(core)
        or GENERIC_NAME.match(title_key(core))
        or NOT_LISTED_DOCUMENT.search(core)
        or "<" in core
        or "〈" in core
    ):
        return False
    nxt = _NEXT_IN_LIST.match(text, t_end)
    if nxt and _is_document_title(nxt.group(1)):
        return True
    m = LIST_JOINER.search(text, max(0, t_start - 4), t_start)
    if m is None:
        return False
    prev = text.rfind("《", max(0, m.start() - 100), m.start())
    return prev >= 0 and _is_document_title(text[prev + 1 : m.start()])


def _list_with_rules(title: str, text: str, t_end: int) -> bool:
    """A catalogue or list the text cites for its rules (参照《…审核目录》相关规定执行)."""
    return bool(RULE_LIST.search(title)) and RULES_AFTER.match(text, t_end) is not None


BASIS_FRAME = re.compile(r"\s*为(?:引领|指导|指引|依据|遵循|统领|蓝本|准则|根本|纲)")


def _framed_as_basis(text: str, t_start: int, t_end: int) -> bool:
    """以《中国制造2025》为引领: a plan or strategy named as the basis, whatever its name ends in."""
    title = text[t_start + 1 : t_end - 1]
    return (
        t_start > 0
        and text[t_start - 1] == "以"
        and len(title) >= 4
        and not NOT_A_DOCUMENT.search(title)
        and BASIS_FRAME.match(text, t_end) is not None
    )


def _transmitted_in_sentence(text: str, t_start: int, t_end: int) -> bool:
    """《X》 is what the sentence 印发/转发 (现将《X》印发给你们, 《X》已经…同意，现印发给你们),
    not a document it is based on (以《X》为引领, 根据《X》…, 《A》《B》及《C》，现将《X》印发)."""
    sent, s_lo, _ = sentence_at(text, t_start, t_end)
    if re.search(r"现将《[^》]*》$", sent[: t_end - s_lo]):
        return True
    after = TRANSMIT_SENTENCE.search(sent, t_end - s_lo)
    if after is None:
        return False
    if "《" in sent[t_end - s_lo : after.end()]:
        return False  # another title stands between: that one is transmitted
    first = t_start  # 依据《A》《B》及《C》: C is read with the verb in front of A
    while (m := LIST_JOINER.search(text, max(s_lo, first - 4), first)) is not None:
        prev = text.rfind("《", s_lo, m.start())
        if prev < 0:
            break
        first = prev
    if re.search(r"现将[^《》。；;]*$", sent[: first - s_lo]):
        return True  # 现将…名单，以及《X》予以公布
    based_on = CITING_BEFORE.search(sent, 0, first - s_lo) or CITING_FRAME_AFTER.match(text, t_end)
    return not based_on


# a standard's or a nuclear safety rule's code: （GB 15848-2009）, （HJ 1004-2018）, （HAD102/02-2019）
STANDARD_CODE_AFTER = re.compile(
    r"\s*[（(]\s*(?:GB|HJ|GBZ|HJ/T|GB/T|[A-Z]{2}/T|HAD|HAF)\s*\d[\d./]*(?:-\d{2,4})?\s*[)）]"
)
PUBLISHES_SEVERAL = re.compile(r"(?:发布|批准)《[^《》]+》等[\d一二两三四五六七八九十]+项")
APPROVAL_END = re.compile(r"(?:现予|予以)批准[。.]?$")
SUBMITTED_BEFORE = re.compile(r"(?:认为|提交的|报送的|上报的|编制的)")
REVIEWED_AFTER = re.compile(
    r"(?:及(?:其)?(?:相关|有关)?(?:文件|材料|附件))?进行了[\u4e00-\u9fff]{0,8}(?:审查|审评|评审|审核)"
)


def _published_or_approved(text: str, own_title: str | None, t_start: int, t_end: int) -> bool:
    """What a 公告/通知 publishes or approves, beyond the title its own title names:
    关于发布《X》等3项国家环境保护标准的公告 … 一、《Y》（HJ 1098-2020）, and 关于批准…的通知 …
    认为你公司提交的《Y》（12版）…是可以接受的，现予批准."""
    if REVIEWED_AFTER.match(text, t_end) and re.search(
        r"(?:你|贵)(?:公司|单位|院|局|厂)提交的$", text[max(0, t_start - 8) : t_start]
    ):
        # 我局对你公司提交的《X选址安全分析报告》及相关文件进行了核安全技术审查: the operator's
        # application under review, not a document the notice relies on
        return True
    if not own_title:
        return False
    if PUBLISHES_SEVERAL.search(own_title) and STANDARD_CODE_AFTER.match(text, t_end):
        # …和《Y》（HAD102/04-1986）同时废止: the one the new standard replaces is cited
        _, _, s_hi = sentence_at(text, t_start, t_end)
        return not REPEALED_AFTER.search(text, t_end, s_hi)
    if "批准" not in own_title:
        return False
    sent, s_lo, _ = sentence_at(text, t_start, t_end)
    if not APPROVAL_END.search(sent.rstrip()):
        return False
    clause_start = max(sent.rfind(c, 0, t_start - s_lo) for c in "，,；;") + 1
    return bool(SUBMITTED_BEFORE.search(sent, clause_start, t_start - s_lo))


def _in_chrome(text: str, start: int, end: int) -> bool:
    """The sentence around text[start:end] is about the page or the work itself."""
    sent, _, _ = sentence_at(text, start, end)
    return bool(CHROME_SENTENCE.search(sent))


def _consulted_draft(
    text: str, title: str, own_title: str | None, t_start: int, t_end: int
) -> bool:
    """《X（征求意见稿）》 the notice consults on: a draft, and its own title or the text around
    it asks for comments (关于征求《X》意见的函, 起草了《X》，现公开征求意见)."""
    if not DRAFT_TITLE.search(title):
        return False
    if own_title and re.search("征求|征集", own_title):
        return True
    _, s_lo, _ = sentence_at(text, t_start, t_end)
    return bool(CONSULTING.search(text, s_lo, t_end + _CONSULT_WINDOW))


_YEARLY = re.compile(r"^(.+?)(公告|通告)?(\d{4})年第(\d+)号$")


def canonical_number(n: DocNumber, kind_word: str | None = None) -> str:
    """The canonical 文号, one form per document: a ``numbered`` 文号 (农业农村部2019年第4号,
    公告 or 令 not printed) of a document the title or genre says is a 公告/通告 takes the
    announcement form, 农业农村部公告2019年第4号 (the form the issuer numbers it by)."""
    if n.kind == "numbered" and n.year is not None and kind_word:
        core = _TRAILING_NOTE.sub("", kind_word)
        word = next((w for w in ("公告", "通告") if core.endswith(w)), None)
        if word:
            return f"{n.code}{word}{n.year}年第{n.serial}号"
    return n.canonical


def number_key(canonical: str) -> str:
    """Key under which ``X2019年第4号`` and ``X公告2019年第4号`` / ``X通告2019年第4号`` meet."""
    m = _YEARLY.match(canonical)
    return f"{m.group(1)}|{m.group(3)}|{m.group(4)}" if m else canonical


def _rank(c: Citation) -> int:
    return {"title+number": 0, "number": 1, "title": 2}[c.form]


_NUMERALS = re.compile(r"[\d〇零一二三四五六七八九十百]+")
_NEAR_RATIO = 95  # a character dropped in 10+, changed in 20+: the same title printed again
_NEAR_MIN = 12
_NEAR_MAX_TITLES = 300  # past this many titles in one document, exact matches only


def _near_title(
    key: str, by_title: dict[str, int], groups: list[list[Citation]], *, numbered: bool
) -> int | None:
    """The group whose title is this one printed again with a small slip, one side with its
    文号 and the other without; never one that differs in a number (2021年 / 2022年, 十三五 / 十四五) or in its
    genre (…的意见 / …的通知), and never a title cited without a number (laws: 水污染防治法 /
    大气污染防治法 are two documents)."""
    if len(key) < _NEAR_MIN or len(by_title) > _NEAR_MAX_TITLES:
        return None
    numerals = _NUMERALS.findall(key)
    for other, g in by_title.items():
        if (
            len(other) >= _NEAR_MIN
            and abs(len(other) - len(key)) <= 2
            and other[-2:] == key[-2:]
            and any(c.doc_number for c in groups[g]) != numbered
            and fuzz.ratio(key, other) >= _NEAR_RATIO
            and _NUMERALS.findall(other) == numerals
        ):
            return g
    return None


_STATE_PREFIX = "中华人民共和国"


def _one_per_document(cites: list[Citation]) -> list[Citation]:
    """The same document cited again (…号文件, its title again, 农业农村部2019年第4号 after
    农业农村部公告2019年第4号): one Citation, the fullest, with the fullest 文号."""
    by_number: dict[str, int] = {}
    by_title: dict[str, int] = {}
    groups: list[list[Citation]] = []
    for c in cites:
        k = title_key(c.title) if c.title else None
        nk = number_key(c.doc_number) if c.doc_number else None
        g = None
        if nk and nk in by_number:
            g = by_number[nk]
        elif k and k in by_title:
            g = by_title[k]
            other = next((x.doc_number for x in groups[g] if x.doc_number), None)
            if nk and other and number_key(other) != nk:
                g = None  # the same title with another number: another year's notice
        if g is None and k:  # 《…的通知》 again with a character dropped or changed
            g = _near_title(k, by_title, groups, numbered=bool(nk))
        if g is None and k and not nk:  # 《矿产资源法》 after 《中华人民共和国矿产资源法》
            g = by_title.get(_STATE_PREFIX + k)
            if g is None and k.startswith(_STATE_PREFIX):
                g = by_title.get(k.removeprefix(_STATE_PREFIX))
        if g is None:
            g = len(groups)
            groups.append([])
        groups[g].append(c)
        if nk:
            by_number.setdefault(nk, g)
        if k:
            by_title.setdefault(k, g)
    out = []
    for group in groups:
        best = min(group, key=lambda c: (_rank(c), c.start))
        full = next((c for c in group if c.title and c.title.startswith(_STATE_PREFIX)), None)
        if full and best.title and not best.title.startswith(_STATE_PREFIX):
            # the law's full name, as cited once: that citation (its span holds the name), with
            # the 文号 another mention gave
            best = replace(full, doc_number=full.doc_number or best.doc_number)
        # the announcement form when one citation printed it (X公告2019年第4号)
        fullest = max((c.doc_number for c in group if c.doc_number), key=len, default=None)
        if (
            best.doc_number
            and fullest
            and fullest != best.doc_number
            and number_key(fullest) == number_key(best.doc_number)
        ):
            best = replace(best, doc_number=fullest)
        out.append(best)
    out.sort(key=lambda c: c.start)
    return out
