"""文号 (document numbers): find them in text, parse one, give the canonical GB/T 9704 form.

Forms understood (any bracket pair 〔〕 [] () （） 【】 〈〉 ［］ ﹝﹞ 〖〗, spaces inside,
half- or full-width digits, optional 第, zero padding)::

    渝府办发〔2020〕118号        standard   → 渝府办发〔2020〕118号
    渝府办发[2020]第008号       standard   → 渝府办发〔2020〕8号
    渝府令〔2020〕3号            order      → 渝府令〔2020〕3号
    国家税务总局公告〔2018〕31号 announcement → 国家税务总局公告2018年第31号
    渝府令第345号               order      → 渝府令第345号 (also 主席令第三十一号)
    国家发展改革委令2014年第7号 order      → 国家发展改革委令〔2014〕7号
    国家税务总局公告2018年第31号 announcement → 国家税务总局公告2018年第31号
    柳政办〔20225号             repaired   → 柳政办〔2022〕5号 (year and serial fused)
    柳政办〔2022 5号            repaired   → 柳政办〔2022〕5号 (closing bracket lost)
    柳政办2022〕5号             repaired   → 柳政办〔2022〕5号 (opening bracket lost)

How a number is found, in linear time: one regular expression with bounded quantifiers only
finds the tail (bracket, year, serial, 号); the 机关代字 is then read backwards from the tail
over at most ``MAX_RUN`` CJK characters. Lead-in words (按照, 根据 …), fused titles
(…的通知国发〔2009〕12号) and agency names in front (国务院国发…) are cut off; the registry of
known codes (:mod:`policykg.loaders.issuer_codes`) trims what the rules cannot. A candidate
that still does not look like a code is dropped: a missing number is better than a wrong one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from policykg.loaders.issuer_codes import IssuerCode, known_codes, lookup_code
from policykg.loaders.national_agencies import CENTRAL_ORGANS, load_national_json
from policykg.records import DocNumber

__all__ = ["find_docnumbers", "normalize_docnumber", "parse_docnumber"]

YEAR_MIN = 1949
YEAR_MAX = 2100
MAX_RUN = 24  # CJK characters read backwards from the bracket
MAX_CODE = 8  # longest 机关代字 of the standard form (北碚府办发, 发改办环资 …)
MAX_NAME = 24  # longest issuer name in front of 令 / 公告 (中华人民共和国国家发展和改革委员会)
MAX_JOINT = 8  # agencies of a joint announcement or order (财政部 税务总局 海关总署公告…, six ministries' 令)

_D = "[0-9０-９]"
_SP = "[ \t\u3000\u00a0]{0,3}"  # spaces inside a number; bounded so nothing can backtrack far
_OPEN = "[〔\\[(（【〈［﹝〖⦅﹙„〘]"
_CLOSE = "[〕\\])）】〉］﹞〗⦆﹚‟〙”]"
_CLOSE_SQUARE = "[〕\\]】〉］﹞〗]"  # a lost opening bracket is only repaired before these
_CN = "[〇零一二三四五六七八九十百千两]"
_PLACEHOLDER = "XxＸｘ×*＊○□"  # XX府发〔2020〕1号 is a template, not a number
_HAO = "[号號]"  # 號: traditional script (normalised text has 号 already)
# what a 号 may not be followed by: 5号楼, 3号线, 2号院 are addresses, not documents
_NOT_AFTER = "(?![楼线院街路巷栋幢井车库]|地块|泊位|机组|厂房)"

TAIL_RE = re.compile(
    # one character test per position before any branch is tried (the branches start there)
    f"(?=[〔\\[(（【〈［﹝〖⦅﹙„〘令公通0-9０-９])(?:"
    # 〔2020〕118号, [2020]第8号
    # 闽政〔1996〕文39号, 〔1993〕字第12号: the code's last character printed after the year
    f"(?P<s_open>{_OPEN}){_SP}(?P<s_year>{_D}{{4}}){_SP}{_CLOSE}{_SP}(?P<s_word>[文字])?{_SP}第?{_SP}"
    f"(?P<s_ser>{_D}{{1,6}}){_SP}{_HAO}{_NOT_AFTER}"
    # 〔20225号 (fused) or 〔2022 5号 (closing bracket lost)
    f"|(?P<r_open>{_OPEN}){_SP}(?P<r_year>{_D}{{4}}){_SP}(?P<r_ser>{_D}{{1,6}}){_SP}{_HAO}{_NOT_AFTER}"
    # 公告2018年第31号, 令2014年第7号
    f"|(?P<y_word>令|公告|通告){_SP}(?P<y_year>{_D}{{4}}){_SP}年{_SP}第?{_SP}"
    f"(?P<y_ser>{_D}{{1,6}}){_SP}{_HAO}{_NOT_AFTER}"
    # 令第345号, 令第三十一号, 主席令\n第三十七号 (the order's head over two lines)
    f"|(?P<o_word>令|公告|通告){_SP}\n?{_SP}第{_SP}(?P<o_ser>{_D}{{1,6}}|{_CN}{{1,8}}){_SP}{_HAO}"
    f"{_NOT_AFTER}"
    # 2022〕5号 (opening bracket lost)
    f"|(?P<n_year>(?<![0-9０-９]){_D}{{4}}){_SP}{_CLOSE_SQUARE}{_SP}第?{_SP}"
    f"(?P<n_ser>{_D}{{1,6}}){_SP}{_HAO}{_NOT_AFTER}"
    # 农业农村部2019年第4号 (公告/令 left out): the issuer's name, the year, the serial
    f"|(?P<a_year>(?<=[部局署委会院行办厅府室关]){_D}{{4}}){_SP}年{_SP}第{_SP}"
    f"(?P<a_ser>{_D}{{1,6}}){_SP}{_HAO}(?P<a_word>公告|通告|令)?{_NOT_AFTER}"
    # 某府发〔201915 (closing bracket and 号 lost) or 某府发〔2019〕15 (号 lost): repaired
    # only when nothing follows that could continue a number
    f"|(?P<d_open>{_OPEN})(?P<d_year>{_D}{{4}})(?:{_CLOSE_SQUARE})?(?P<d_ser>{_D}{{1,4}})"
    f"(?![0-9０-９号號〕\\])）】年月日.．%％万亿元个件项]))"
)

# Words after which a code starts: lead-ins, the end of a fused title, connectives.
_STOP_WORDS = (
    "按照|根据|依据|依照|参照|遵照|执行|印发|转发|下发|发布|颁布|公布|出台|制定|通知|意见|"
    "方案|办法|规定|决定|细则|纲要|批复|通报|报告|请示|要求|精神|文件|关于|贯彻|落实|详见|"
    "参见|以及|实施|施行|有关|相关|通告|条例|规则|措施|指南|名单|目录|清单|废止|修订|修改|停止"
)
# Single characters that never occur in a code. Left out on purpose, because they start local
# codes: 同 (大同 同政发), 日 (日照 日政发), 本 (本溪 本政发), 即 (即墨), 和 (和田), 都, 如, 从, 于, 依,
# 若 (若羌 若政办发).
_STOP_CHARS = "年月的号及与或见按据将在对为是由以了等并向给之请被把其该此各另又也还而且则"
# 就 is a stop (现就…), except in 就办 (就业工作领导小组办公室: 沪崇就办〔2023〕2号)
_STOP_RE_STANDARD = re.compile(
    # a title's last word fused to a code: …的公告粤府, …的函粤府函, …嘉奖令豫政 (but 国能综函煤炭)
    f"{_STOP_WORDS}|[{_STOP_CHARS}]|就(?!办)|公告|通告|命令|决议|请示|(?<=[的复])函|令(?=[\u4e00-\u9fff]{{2}})"
)
# in front of 令 / 公告 a date may be fused (2019年9月19日市政府令第1号), and 本公告 is no name
# (a 和 that opens the run or follows 号 joins two numbers: …第3号）和农业农村部公告…, but 和田地区, 和平区;
# 所称 / 简称 introduce a name)
_STOP_RE = re.compile(
    f"{_STOP_WORDS}|[{_STOP_CHARS}日本]|就(?!办)|已|(?:^|(?<=号))和(?![田平国])|所称|简称"
)
# agency names fused in front of a code: 重庆市人民政府办公厅渝府办发, 国务院国发
_AGENCY_RE = re.compile("人民政府|办公厅|办公室|委员会|管委会|国务院|政府|总局|发展改革委|发改委")
# the 函 of a letter's red header after the organs' names (…秘书局函环办宣教函〔2023〕57号)
# (an organ's whole name before it: 办函护字 of 国家林业局办公室 is a code)
_LETTER_HEAD_RE = re.compile(
    "(?<=[\u4e00-\u9fff]{2})(?:(?<=办公厅)|(?<=办公室)|(?<=委员会)|(?<=[局部署院]))函"
    "(?=[\u4e00-\u9fff]{2})"
)
# the last character of an agency taking part in a joint announcement
_AGENCY_END = "部局署委会院行办厅府室"
# the last character of an issuer's name in front of 令 / 公告 longer than MAX_SHORT_NAME
_NAME_END = _AGENCY_END + "政席关"
MAX_SHORT_NAME = 4  # 渝府, 市政府, 苏政 … need no agency ending
# one-character abbreviations that prefix a central code to make a local one (渝财建, 川财建)
_REGION_ABBR = set("京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新港澳")
_REGION_ABBR |= set("柳邕穗深厦甬榕蓉筑昆杭锡汉郑济连沈哈")
_NATION = "中华人民共和国"  # dropped from the code of orders and announcements
# a code that may be repaired without being in the registry looks like one
_CODE_SHAPE_RE = re.compile("[\u4e00-\u9fff]{1,5}[发办函字电规令文复]")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_BRACKET_PAIRS = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕", "［": "］", "〈": "〉"}


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _cjk_run(text: str, end: int) -> int:
    """Start of the run of CJK characters ending at ``end`` (at most MAX_RUN long)."""
    i = end
    lo = max(0, end - MAX_RUN)
    while i > lo and _is_cjk(text[i - 1]):
        i -= 1
    return i


def _after_stop(run: str, standard: bool) -> int:
    """Offset in ``run`` just after its last stop word (0 when there is none).

    In a standard number a stop *word* that ends the run is part of the code when a code
    of at least two characters stands before it (沪科指南〔2022〕39号: 指南 is the code's end).
    """
    cut = 0
    prev = 0
    for m in (_STOP_RE_STANDARD if standard else _STOP_RE).finditer(run):
        prev, cut = cut, m.end()
        if standard and m.end() == len(run) and m.end() - m.start() >= 2 and m.start() - prev >= 2:
            return prev
    return cut


def _cn_number(s: str) -> int | None:
    """三十一 → 31, 一〇八 → 108; None for what is not a well-formed numeral."""
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, digit, last_unit = 0, None, 10_000
    for c in s:
        if c in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[c] != 0:
                return None
            digit = _CN_DIGITS[c] or None
        else:
            unit = _CN_UNITS[c]
            if unit >= last_unit:
                return None
            total += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


@cache
def _national_names() -> re.Pattern[str]:
    """Full names of national bodies (and their short forms of four characters or more) that
    a masthead glues in front of a joint document's code: 国家发展改革委生态环境部水利部发改振兴.
    Shorter short forms (工信部, 人社部) begin codes themselves (工信部联装) and are left out."""
    names = [
        n
        for e in load_national_json()["departments"]
        for n in (e["full"], *e["short"])
        if (n == e["full"] or len(n) >= 4) and n[-1] in _AGENCY_END
    ]
    names += [n for n in CENTRAL_ORGANS if len(n) >= 3 and n not in ("国务院", "中科院")]
    return re.compile("|".join(re.escape(n) for n in sorted(set(names), key=lambda n: -len(n))))


def _standard_code(run: str, known: frozenset[str]) -> tuple[str, int] | None:
    """Pick the 机关代字 at the end of ``run``; returns it and its offset in ``run``."""
    cut = _after_stop(run, standard=True)
    if (
        cut == 2
        and run[0] in _REGION_ABBR
        and run[1] in _STOP_CHARS
        and len(run) <= MAX_CODE
        and _STOP_RE_STANDARD.fullmatch(run[1])
    ):
        cut = 0  # 渝向水司文: 向 inside a local code after the region's one-character name
    for m in _AGENCY_RE.finditer(run, cut):
        if len(run) - m.end() >= 2:
            cut = m.end()
    # …自然资源部办公厅函环办环评函: a letter's red header (X办公厅函), then the code
    for m in _LETTER_HEAD_RE.finditer(run, max(cut, 1)):
        if len(run) - m.end() >= 2:
            cut = m.end()
    if len(run) - cut > MAX_CODE or run[cut:] not in known:
        names = _national_names()
        # 生态环境部水利部发改振兴: the joint issuers' names, then the code
        while (name := names.match(run, cut)) is not None and len(run) - name.end() >= 2:
            cut = name.end()
    cand = run[cut:]
    if cand in known:
        return cand, cut
    for n in range(min(len(cand) - 1, MAX_CODE), 1, -1):
        if cand[-n:] not in known:
            continue
        prefix = cand[:-n]
        # 渝财建 (a region's own code built on 财建), 北碚财建, 沪卫计中发 and 发改办财金 stay
        # whole; 经国办发 and 加快推进工作国发 are a known code with stray characters in front
        if len(prefix) in (2, 3) or (len(prefix) == 1 and prefix in _REGION_ABBR):
            break
        return cand[-n:], len(run) - n
    if 2 <= len(cand) <= MAX_CODE:
        return cand, cut
    return None


def _name_start(text: str, end: int) -> int | None:
    """Start of the issuer name in front of 令/公告 at ``end`` (joint issuers joined by spaces)."""
    start = _cjk_run(text, end)
    run = text[start:end]
    cut = _after_stop(run, standard=False)
    if len(run) - cut < 2:
        return None
    if not cut and start > 0 and _is_cjk(text[start - 1]):
        return None  # the run was cut at MAX_RUN: where the name starts is unknown
    if len(run) - cut > MAX_SHORT_NAME and run[-1] not in _NAME_END:
        return None
    if cut:
        return start + cut
    for _ in range(MAX_JOINT - 1):
        # 财政部 税务总局公告: one space, then another agency name
        if start < 2 or text[start - 1] not in " \u3000" or text[start - 2] not in _AGENCY_END:
            break
        prev_start = _cjk_run(text, start - 1)
        prev = text[prev_start : start - 1]
        prev_cut = _after_stop(prev, standard=False)
        if len(prev) - prev_cut < 2 or end - (prev_start + prev_cut) > MAX_NAME * 3:
            break
        if not prev_cut and prev_start > 0 and _is_cjk(text[prev_start - 1]):
            break
        start = prev_start + prev_cut
        if prev_cut:
            break
    return start


def _year_ok(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def _skip_spaces_back(text: str, i: int) -> int:
    j = i
    while j > 0 and i - j < 2 and text[j - 1] in " \u3000":
        j -= 1
    return j


def _issuer_name(text: str, word_start: int, word: str) -> tuple[int, str] | None:
    """Start and code (name + 令/公告) of the issuer named in front of ``word``."""
    start = _name_start(text, word_start)
    if start is None:
        return None
    name = text[start:word_start]
    if name.startswith(_NATION) and len(name) - len(_NATION) >= 2:
        name = name[len(_NATION) :]  # kept in the span, dropped from the code
    bare = name.replace(" ", "").replace("\u3000", "")
    if len(bare) > (MAX_NAME * 3 if len(bare) < len(name) else MAX_NAME):
        return None  # (joint issuers, one space between each, may run longer)
    return start, name + word


def _serial(s: str) -> int | None:
    n = int(s) if s[0] in "0123456789０１２３４５６７８９" else _cn_number(s)
    return n if n is not None and n > 0 else None


def _build(text: str, m: re.Match[str], known: frozenset[str]) -> DocNumber | None:
    """The record for one tail match, or None when no acceptable code stands in front of it."""
    end = m.end()
    g = m.groupdict()
    if g["s_open"] is not None or g["r_open"] is not None:
        code_end = _skip_spaces_back(text, m.start())
        year, serial = g["s_year"] or g["r_year"], g["s_ser"] or g["r_ser"]
        dn = _bracketed(text, code_end, end, year, serial, g["s_open"] is None, known)
        if dn is not None and g["s_word"] and dn.kind == "standard":
            # 闽政〔1996〕文39号 is 闽政文〔1996〕39号: one series, the canonical form of today
            dn = DocNumber(
                dn.code + g["s_word"], dn.year, dn.serial, dn.kind, dn.raw, dn.start, end
            )
        elif dn is not None and g["s_word"]:
            return None
        return dn
    if g["n_year"] is not None:
        return _bracketed(text, m.start(), end, g["n_year"], g["n_ser"], True, known)
    if g["d_open"] is not None:
        code_end = _skip_spaces_back(text, m.start())
        dn = _bracketed(text, code_end, end, g["d_year"], g["d_ser"], True, known)
        if dn is None or (dn.code not in known and not _CODE_SHAPE_RE.fullmatch(dn.code)):
            return None
        return dn
    if g["a_year"] is not None:
        return _yearly(text, m, known)
    word = g["y_word"] or g["o_word"]
    named = _issuer_name(text, m.start(), word)
    if named is None and word == "令" and _short_state_council(text, m.start()):
        named = (m.start() - 1, "国务院令")  # 国令第588号: the State Council's own short form
    serial = _serial(g["y_ser"] or g["o_ser"])
    if named is None or serial is None:
        return None
    start, code = named
    year = None
    if g["y_year"] is not None:
        year = int(g["y_year"])
        if not _year_ok(year):
            return None
    kind = "order" if word == "令" else "announcement"
    return DocNumber(code, year, serial, kind, text[start:end], start, end)


def _short_state_council(text: str, word_start: int) -> bool:
    """国令 (国务院令): 国 right before 令, and no other CJK character before it (or a stop)."""
    if word_start < 1 or text[word_start - 1] != "国":
        return False
    if word_start < 2 or not _is_cjk(text[word_start - 2]):
        return True
    return bool(_STOP_RE.fullmatch(text[word_start - 2]))


def _yearly(text: str, m: re.Match[str], known: frozenset[str]) -> DocNumber | None:
    """农业农村部2019年第4号 (and …号公告): the issuer's name right before the year."""
    g = m.groupdict()
    year, serial = int(g["a_year"]), _serial(g["a_ser"])
    if not _year_ok(year) or serial is None:
        return None
    word = g["a_word"] or ""
    named = _issuer_name(text, m.start(), "")
    if named is None:
        return None
    start, name = named
    for k in range(3, len(_NATION)):  # 共和国交通运输部: a cut-off 中华人民共和国
        if name.startswith(_NATION[-k:]) and len(name) - k >= 2:
            name = name[k:]
            break
    if word == "令":
        return DocNumber(name + "令", year, serial, "order", text[start : m.end()], start, m.end())
    if word:
        code = name + word
        return DocNumber(code, year, serial, "announcement", text[start : m.end()], start, m.end())
    return DocNumber(name, year, serial, "numbered", text[start : m.end()], start, m.end())


def _bracketed(
    text: str,
    code_end: int,
    end: int,
    year_s: str,
    serial_s: str,
    repaired: bool,
    known: frozenset[str],
) -> DocNumber | None:
    """A number of the 代字〔年〕号 shape whose code ends at ``code_end``."""
    year, serial = int(year_s), _serial(serial_s)
    if not _year_ok(year) or serial is None:
        return None
    run_start = _cjk_run(text, code_end)
    run = text[run_start:code_end]
    if not run or "某" in run or (run_start > 0 and text[run_start - 1] in _PLACEHOLDER):
        return None  # a template: XX府发〔2020〕1号, 某府发〔2020〕1号
    word = (
        "令"
        if run.endswith("令")
        else "公告"
        if run.endswith("公告")
        else "通告"
        if run.endswith("通告")
        else None
    )
    if word is not None:
        # 渝府令〔2020〕3号, 国家税务总局公告〔2018〕31号: the issuer's name may be long
        named = _issuer_name(text, code_end - len(word), word)
        if named is None:
            return None
        start, code = named
        kind = "order" if word == "令" else "announcement"
    else:
        picked = _standard_code(run, known)
        if picked is None:
            return None
        code, offset = picked
        start = run_start + offset
        kind = "standard"
    if repaired and code not in known and not _CODE_SHAPE_RE.fullmatch(code):
        return None
    return DocNumber(code, year, serial, kind, text[start:end], start, end, repaired)


def find_docnumbers(text: str) -> list[DocNumber]:
    """Every 文号 in ``text``, in order; spans cover exactly the number in the original text."""
    out: list[DocNumber] = []
    if "号" not in text and "號" not in text and "〔" not in text:
        return out
    known = known_codes()
    pos = 0
    n = len(text)
    while pos < n:
        m = TAIL_RE.search(text, pos)
        if m is None:
            break
        # No other tail can start inside this one (each starts at a bracket, 令/公告, or four
        # digits before a closing bracket), so the scan moves past it whether it is kept or not.
        pos = m.end()
        dn = _build(text, m, known)
        if dn is None and out and m.group("s_open") is not None:
            dn = _elided(text, m, out[-1])
        if dn is not None and not (out and dn.start < out[-1].end):
            out.append(dn)
    return out


_LIST_GAP = re.compile(r"[、和及与，,\s]{1,3}")


def _elided(text: str, m: re.Match[str], prev: DocNumber) -> DocNumber | None:
    """发改办气候〔2013〕2526号、〔2014〕2920号: a code left out in a list takes the one before."""
    if prev.kind != "standard" or not _LIST_GAP.fullmatch(text, prev.end, m.start()):
        return None
    year, serial = int(m.group("s_year")), _serial(m.group("s_ser"))
    if not _year_ok(year) or serial is None:
        return None
    return DocNumber(prev.code, year, serial, "standard", m.group(0), m.start(), m.end())


@lru_cache(maxsize=65536)  # cited numbers repeat across a corpus; DocNumber is frozen
def parse_docnumber(s: str) -> DocNumber | None:
    """Parse a string that should be exactly one 文号 (whitespace and （…） around it allowed).

    Returns None when the string holds anything more or less than one number.
    ``start``/``end`` are offsets into ``s``.
    """
    lo, hi = 0, len(s)
    while True:
        while lo < hi and s[lo].isspace():
            lo += 1
        while hi > lo and s[hi - 1].isspace():
            hi -= 1
        if hi - lo >= 2 and _BRACKET_PAIRS.get(s[lo]) == s[hi - 1]:
            lo, hi = lo + 1, hi - 1
            continue
        break
    found = find_docnumbers(s[lo:hi])
    if len(found) != 1 or found[0].start != 0 or found[0].end != hi - lo:
        return None
    dn = found[0]
    return DocNumber(dn.code, dn.year, dn.serial, dn.kind, dn.raw, lo, hi, dn.repaired)


def normalize_docnumber(s: str) -> str | None:
    """The canonical form (渝府办发〔2020〕118号) of a 文号 string, None if it is not one."""
    dn = parse_docnumber(s)
    return dn.canonical if dn else None


def issuer_for(docnumber: str | DocNumber) -> IssuerCode | None:
    """The registry entry (``issuer_codes``) for the code of a 文号; a string is parsed first.
    None when the string is not one 文号 or its code is unknown."""
    if isinstance(docnumber, str):
        parsed = parse_docnumber(docnumber)
        if parsed is None:
            return None
        docnumber = parsed
    return lookup_code(docnumber.code)
