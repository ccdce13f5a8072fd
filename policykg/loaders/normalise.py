"""Normalisation: original text → the text every finder reads, plus a map back to the original.

eyecite's ``clean_text`` + ``SpanUpdater`` are the model: cleaning is a named, composable
stage before finding, and a finder never computes original offsets itself. ``normalise(text)``
returns a :class:`Normalised` whose ``text`` the finders search and whose ``span()`` turns a
span of that text into the span of the *original* text that holds the same fact as written.

Steps, in order (each is skipped, at the cost of one scan, when it has nothing to do)::

    traditional  國辦發〔2020〕1號 → 国办发〔2020〕1号      OpenCC t2s (1:1 in length)
    width        ２０２０ / ＡＢ → 2020 / AB                full-width digits and letters only
    zero_width   U+200B/C/D, U+2060, U+FEFF, soft hyphen removed
    pinyin       國(guó)辦發 / 国（guó）→ 国办发          a gloss after a CJK character removed
    spacing      文　　号： / 索 引 号 → 文号： / 索引号      letter-spaced single characters joined
    breaks       …〔2022〕58号关于印发… → a line break after the 文号 (run-on text only)
    tags         <p>各市…：</p><p> 现将…</p> → one line a paragraph (HTML markup left in a
                 text file: a crawl's HTML column, a law site's raw field); block tags become
                 line breaks, inline tags go

Length-preserving steps (traditional, width) keep offsets as they are; deletions and the
inserted line breaks are recorded as copied segments, so a span of the normalised text maps
to the original slice that contains it (a deleted gloss inside a span stays inside it; an
inserted break maps to no character). Brackets and CJK punctuation are *not* folded: the
finders accept every bracket form and the seeds keep the full-width punctuation as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["Normalised", "normalise", "STEPS"]

STEPS = ("traditional", "width", "zero_width", "pinyin", "spacing", "breaks", "tags")

# characters OpenCC would change that are also standard simplified characters in place names
# (乾安县, 乾县): never converted. Everything else comes from OpenCC's own dictionary.
_KEEP = frozenset("乾")

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH |= {c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_WIDTH |= {c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_WIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# a pinyin gloss: lower-case latin with at least one tone mark (or a tone digit), in brackets,
# right after a CJK character: 國(guó), 国（guó）, 辦（bàn）. Plain (GDP), (PPP), (试行) stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_ZW = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]*"
_PINYIN_RE = re.compile(
    r"(?<=[\u3400-\u9fff])(?:" + _ZW + "(?:"  # 國(guó)(guó) and zero-width marks between
    r"[(（]\s?(?=[a-z" + _TONED + r"]{0,6}[" + _TONED + r"])[a-zü" + _TONED + r"]{1,7}\s?[)）]"
    r"|[(（]\s?[a-zü]{1,6}[1-5]\s?[)）]))+"
)
# letter-spaced words: 文　　号：, 索 引 号, 通　知, 临 安 区: a run of spaces between two single
# CJK characters (each with no other CJK character on its far side) goes; words of two or more
# characters keep their spaces (财政部 税务总局公告). Found from the spaces, which are rare.
_GAP = re.compile("[ \u3000\xa0]{1,4}")
_PINYIN_HINT = re.compile(r"[(（]\s?[a-zü" + _TONED + r"]")

# run-on text (a page whose line breaks were lost): a break goes after a 文号 that runs into a
# title (…〔2022〕58号关于印发…) and after the addressee line's colon (…兵团：《关于…》)
_RUNON_MIN = 400  # characters per line on average before a text counts as run-on
_TYPE_WORDS = "通知|意见|决定|办法|规定|细则|批复|公告|通告|通报|复函|函|方案|规划|要点|指南|报告"
# Each break is found from a cheap anchor (a literal or a character set the regex engine can
# scan for), then the text before the anchor is checked: one pass per rule, no per-position
# alternation.
_NUMBER_THEN_TITLE = re.compile(
    r"[〕\]]\d{1,4}号(?=关于|各[\u4e00-\u9fff]|[\u4e00-\u9fff]{2,30}关于)"
)  # a 文号 running into the title or the addressees: break after it
_COLON = re.compile("[：:]")
_ADDRESSEES_END = re.compile(
    r"(?:人民政府|各有关单位|有关部门|生产建设兵团|直属单位|派出机构|[厅局]）|公司|[局厅委办])$"
)  # …生产建设兵团生态环境局： the end of the addressee line: break after the colon
_ATTACHMENT = re.compile(r"附件[：:\d一二三四五六七八九]")  # 。附件：… on its own line
_AFTER_TITLE = re.compile(
    r"各(?:省|市|区|县|州|盟|有关|级|地|自治区|直辖市|部门|单位|派出)[^。：:]{0,120}[：:]"
    r"|《[^》\n]{2,100}》已(?:于|经)"
)  # a title running into the addressees (…的意见各省、自治区…：) or its own 《title》已经…
_TYPE_END = re.compile("(?:" + _TYPE_WORDS + ")$")
_REPLY_TO = re.compile(r"(?:批复|复函)(?=[^。：:，,《》]{2,40}[：:]你)")  # …的批复某公司：你公司…


def _breaks(t: str) -> list[int]:
    """Where a line break was lost in run-on text ``t`` (positions, ascending)."""
    out = [m.end() for m in _NUMBER_THEN_TITLE.finditer(t)]
    out += [
        m.end()
        for m in _COLON.finditer(t)
        if _ADDRESSEES_END.search(t, max(0, m.start() - 8), m.start())
    ]
    out += [m.start() for m in _ATTACHMENT.finditer(t) if m.start() and t[m.start() - 1] in "。；"]
    out += [
        m.start()
        for m in _AFTER_TITLE.finditer(t)
        if _TYPE_END.search(t, max(0, m.start() - 2), m.start())
    ]
    out += [m.end() for m in _REPLY_TO.finditer(t)]
    return sorted(set(out))


# HTML markup in a text file: only tags of the elements a document's text is set in (a '<' in
# prose, 《规定》<第3条>, is never one of them); two at least before the step runs
_TAG_RE = re.compile(
    r"</?(?:(?P<block>p|br|div|li|tr|td|th|h[1-6]|table|dd|dt)|strong|span|b|em|i|u|font|a|sup|sub)"
    r"(?:\s[^<>]{0,300})?\s*/?>",
    re.IGNORECASE,
)


# the head of a run-on text: its title (关于…的函（韩城）) running into what follows
_HEAD_TITLE_RE = re.compile(
    r"\s*[\u4e00-\u9fff 、]{0,60}?关于[^。：:；;\n]{2,150}?的(?:若干)?(?:" + _TYPE_WORDS + r")"
    r"(?:[（(][\u4e00-\u9fff]{1,12}[）)])?(?=[ \u3000]?[\u4e00-\u9fff])"
)


@cache
def _converter() -> Any:  # an opencc.OpenCC (the package ships no types)
    import opencc  # imported on first use, once per process

    return opencc.OpenCC("t2s")


@cache
def _traditional_re() -> re.Pattern[str]:
    """One character class of every character that OpenCC t2s changes on its own."""
    chars = "\n".join(chr(i) for i in range(0x3400, 0xA000))
    out = _converter().convert(chars)
    changed = [a for a, b in zip(chars.split("\n"), out.split("\n"), strict=True) if a != b]
    return re.compile("[" + "".join(c for c in changed if c not in _KEEP) + "]")


@dataclass(frozen=True)
class Normalised:
    """The normalised ``text`` of ``original`` and the map between the two.

    ``segments`` lists the copied runs as (start in text, start in original, length); text
    between runs was inserted. ``steps`` names the steps that changed something.
    """

    original: str
    text: str
    segments: tuple[tuple[int, int, int], ...] | None  # None: offsets are unchanged
    steps: tuple[str, ...]

    def _seg(self, i: int) -> int:
        return bisect_right(self._starts, i) - 1

    @property
    def _starts(self) -> list[int]:
        cached = self.__dict__.get("_starts_cache")
        if cached is None:
            cached = [s[0] for s in self.segments or ()]
            object.__setattr__(self, "_starts_cache", cached)
        return cached

    def to_original_start(self, i: int) -> int:
        """Original offset of the character at ``i`` of the normalised text."""
        if self.segments is None or i < 0:
            return i
        k = self._seg(i)
        if k >= 0:
            ns, os_, ln = self.segments[k]
            if i < ns + ln:
                return os_ + i - ns
        # an inserted character: the next copied character's position
        if k + 1 < len(self.segments):
            return self.segments[k + 1][1]
        return len(self.original)

    def to_original_end(self, j: int) -> int:
        """Original offset just after the character at ``j - 1`` of the normalised text."""
        if self.segments is None or j <= 0:
            return j
        k = self._seg(j - 1)
        if k >= 0:
            ns, os_, ln = self.segments[k]
            if j - 1 < ns + ln:
                return os_ + j - ns
            return os_ + ln  # after an inserted character: the end of the run before it
        return 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]`` (-1 stays -1)."""
        if self.segments is None or start < 0 or end < 0:
            return start, end
        s = self.to_original_start(start)
        e = self.to_original_end(end)
        return s, max(s, e)

    def surface(self, start: int, end: int) -> str:
        """The original text at the normalised span ``start:end`` (the fact as written)."""
        s, e = self.span(start, end)
        return self.original[s:e]


# words traditional script writes with 覆 where simplified writes 复 (覆 is itself simplified, so
# t2s keeps it): 批覆, 覆函, 答覆, 函覆 in a traditional-script mirror are 批复, 复函, 答复, 函复
_FU_WORDS = re.compile("批覆|覆函|答覆|函覆|回覆")


# words traditional script writes with 乾 for 干 (dry; OpenCC's s2t also writes 干流 as 乾流): in
# text that is traditional, 乾旱, 乾燥, 乾流 … are 干旱, 干燥, 干流; 乾 alone stays (乾隆, 乾县, 乾安)
_GAN_WORDS = re.compile("乾(?=旱|燥|涸|枯|净|流|渠|洗|货|电池|支流)")


def _traditional(text: str) -> str:
    """t2s, character for character (OpenCC's output is kept only where the length holds)."""
    if not _traditional_re().search(text):
        return text
    out = _FU_WORDS.sub(lambda m: m.group().replace("覆", "复"), _t2s(text))
    return _GAN_WORDS.sub("干", out)


def _t2s(text: str) -> str:
    out = _converter().convert(text)
    if len(out) != len(text):  # a phrase changed length: convert line by line, then per char
        conv = _converter().convert
        parts = []
        for line in text.splitlines(keepends=True):
            c = conv(line)
            parts.append(c if len(c) == len(line) else "".join(conv(ch)[:1] or ch for ch in line))
        out = "".join(parts)
    if _KEEP.isdisjoint(text) and max(out, default=" ") <= "\uffff":
        return out
    # 乾 stays; so does a character OpenCC maps out of the BMP (輋 → 𪨶 in 大輋围, a place name
    # in simplified text: no simplified text is written with the supplementary character)
    return "".join(a if a in _KEEP or b > "\uffff" else b for a, b in zip(text, out, strict=True))


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def _letter_spacing(u: str) -> list[tuple[int, int]]:
    """The space runs of letter-spaced words in ``u`` (文　　号, 索 引 号)."""
    out = []
    n = len(u)
    for m in _GAP.finditer(u):
        s, e = m.span()
        if (
            s >= 1
            and e < n
            and _is_cjk(u[s - 1])
            and _is_cjk(u[e])
            and (s < 2 or not _is_cjk(u[s - 2]))
            and (e + 1 >= n or not _is_cjk(u[e + 1]))
        ):
            out.append((s, e))
    return out


def _is_runon(text: str) -> bool:
    """Lines lost: few line breaks for the length, or a first line of a whole paragraph."""
    if len(text) < 80:
        return False
    first = text.find("\n", 0, _RUNON_MIN)
    return first < 0 or text.count("\n") * _RUNON_MIN < len(text)


def normalise(text: str, steps: tuple[str, ...] = STEPS) -> Normalised:
    """Normalise ``text`` for the finders; see the module docstring for the steps."""
    done: list[str] = []
    t = text
    if "traditional" in steps:
        t2 = _traditional(t)
        if t2 is not t and t2 != t:
            done.append("traditional")
        t = t2
    if "width" in steps and _WIDTH_RE.search(t):
        t = t.translate(_WIDTH)
        done.append("width")
    # deletions and insertions, as positions in t (which is aligned with the original)
    cuts: list[tuple[int, int]] = []
    if "zero_width" in steps and _ZERO_WIDTH_RE.search(t):
        cuts.extend(m.span() for m in _ZERO_WIDTH_RE.finditer(t))
        done.append("zero_width")
    if "pinyin" in steps and _PINYIN_HINT.search(t):
        glosses = [m.span() for m in _PINYIN_RE.finditer(t)]
        if glosses:
            cuts.extend(glosses)
            done.append("pinyin")
    # spacing and breaks look at the text without glosses and zero-width marks (國(guó) 國 is
    # 国 国): found in that text, then carried back to positions in t
    u, back = t, None
    if cuts:
        back = _rebuild(text, t, sorted(cuts), [], ())
        u = back.text
    if "spacing" in steps:
        gaps = _letter_spacing(u)
        if gaps:
            cuts.extend(back.span(a, b) if back else (a, b) for a, b in gaps)
            done.append("spacing")
    inserts: list[int] = []
    if "breaks" in steps and _is_runon(u):
        head = _HEAD_TITLE_RE.match(u)
        found = [head.end()] if head else []
        found += [p for p in _breaks(u) if not head or p != head.end()]
        inserts = [back.to_original_start(p) if back else p for p in found]
        if inserts:
            done.append("breaks")
    if "tags" in steps and "<" in t:
        tags = list(_TAG_RE.finditer(t))
        if len(tags) >= 2:
            cuts.extend(m.span() for m in tags)
            inserts.extend(m.start() for m in tags if m.group("block"))
            done.append("tags")
    if not cuts and not inserts:
        return Normalised(text, t, None, tuple(done))
    return _rebuild(text, t, sorted(cuts), inserts, tuple(done))


def _rebuild(
    original: str, t: str, cuts: list[tuple[int, int]], inserts: list[int], done: tuple[str, ...]
) -> Normalised:
    events: list[tuple[int, int, int]] = [(s, 1, e) for s, e in cuts]  # (pos, kind, end)
    events += [(p, 0, p) for p in inserts]  # an insertion sorts before a cut at the same place
    events.sort()
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0  # in t / original
    npos = 0  # in the normalised text
    for at, kind, end in events:
        if at < pos:  # overlapping cut (a zero-width char inside a gloss): merge
            if kind == 1:
                pos = max(pos, end)
            continue
        if at > pos:
            segments.append((npos, pos, at - pos))
            parts.append(t[pos:at])
            npos += at - pos
        if kind == 0:
            parts.append("\n")
            npos += 1
            pos = at
        else:
            pos = end
    if pos < len(t):
        segments.append((npos, pos, len(t) - pos))
        parts.append(t[pos:])
    return Normalised(original, "".join(parts), tuple(segments), done)
