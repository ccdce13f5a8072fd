"""Labelled metadata fields as web pages and reposts print them: ``label : value``.

One reader for every layout seen on government sites once the page is text (one block per
line, table cells separated by tabs, see ``loaders/html.py``):

- ``文　　号：京政发〔2023〕14号`` (spaces or ideographic spaces inside the label, half- or
  full-width colon, spaces before it);
- ``[发文字号] 京政发〔2023〕14号`` and ``【成文日期】…`` (bracketed labels);
- ``发文字号：`` on one line and the value on the next (th/td pairs, dt/dd, div/span);
- several pairs on one line, tab-separated or glued (``…10号发布日期：``);
- a bare label line (``发文字号``) followed by its value line (label and value cells with no
  colon);
- table cells flattened to spaces, no colon: ``发布机构 区政府办 生成日期 2021-11-23`` (pairs
  on a line, in a block of such lines), or a header row of labels over the row of values
  (``索引号 文号 发布机构 发布日期`` / ``N001-2011-000627 宛政〔2011〕7号`` / ``南阳市… 2011-03-04``).

A field printed empty (``文　　号：`` followed by the next label) stays empty: a value is
never taken from the next label's line. Values are returned as printed with their spans;
callers validate them (a 文号 must parse, a date must read, a title must be title-shaped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.lines import Line

# field → the labels that print it (several sites, several words)
FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("发文字号", "文号", "文件编号", "发文编号", "备注/文号", "文件字号"),
    "title": ("标题", "名称", "信息名称", "文件名称", "文件标题", "题名"),
    # 颁布单位 / 颁布日期: a law site's table (颁布单位:…人民政府 | 文号: | 颁布日期:2012-05-21)
    "issuer": ("发文机关", "发文机构", "发文单位", "制发机关", "发文部门", "颁布单位", "颁布机关"),
    "publisher": ("发布机构", "发布单位", "信息来源", "来源"),
    # the office answering for the page's publication: its region is the page's when the
    # document names no issuer (紫阳县政府办公室 → 紫阳县); never taken as the issuer
    "responsible": ("公开责任部门", "公开责任单位"),
    # 颁布日期 is the date the organ promulgated the text (a law site's table), not a posting date
    "written": ("成文日期", "成文时间", "公文生成日期", "生成日期", "印发日期", "发文日期", "颁布日期"),
    "published": ("发布日期", "公布日期", "公开日期", "发布时间", "公开时间", "公布时间"),
    "posted": ("时间",),  # 来源：… 时间：… under a reposted title: the posting time
    "other": (
        "索引号", "分类", "信息分类", "主题分类", "主题词", "关键词", "关 键 词", "实施日期",
        "生效日期", "废止日期", "失效日期", "有效性", "时效性", "联合发文单位", "文件来源", "统一登记号",
        "信息时效期", "公开方式", "公开范围", "颁发时间", "效力级别", "类别", "体裁", "主题",
        "内容概览", "备案登记号", "有效期", "浏览次数", "组配分类",
        "在线链接地址", "文件下载", "城市", "公开形式", "文件状态", "所属主题", "有 效 性",
        "施行日期", "公开类别", "文件分类", "所属机构",
    ),
}  # fmt: skip
# a label line with no colon counts only for these (a value cell must follow)
BARE_OK = {"number", "title", "issuer", "publisher", "written", "published"}
BARE_NAMES = {"发文字号", "文号", "标题", "名称", "发文机关", "发文机构", "发布机构",
              "成文日期", "生成日期", "发布日期", "索引号", "体裁", "主题", "实施日期",
              "废止日期", "主题分类"}  # fmt: skip

_SP = "[ \\t\u3000\xa0\u2002\u2003]*"
_FIELD_OF = {re.sub(r"\s", "", lab): f for f, labs in FIELDS.items() for lab in labs}
_ALT = "|".join(
    _SP.join(re.escape(ch) for ch in lab) for lab in sorted(_FIELD_OF, key=len, reverse=True)
)
LABEL_RE = re.compile(rf"(?:[\[【［]{_SP}(?P<b>{_ALT}){_SP}[\]】］]|(?P<c>{_ALT}){_SP}[:：])")
_LINE_START = re.compile(rf"^{_SP}(?:[\[【［]{_SP}(?:{_ALT}){_SP}[\]】］]|(?:{_ALT}){_SP}[:：])")
HEAD_LINES = 220  # metadata blocks sit at the top of the page, after the site's navigation
# list markers a page's text keeps in front of label and value cells (• 发文字号 / 1. [文号])
BULLET = re.compile(r"^(?:[•·●▪◆■◇□○\-*]|\d{1,2}[.．、](?!\d))[ \t\u3000\xa0]*")
VALUE_BULLET = re.compile(r"^[•·●▪◆■◇□○*][ \t\u3000\xa0]*")


@dataclass(frozen=True)
class Field:
    """A labelled field (文号：…) with its value's span."""

    field: str  # "number", "title", …
    label: str  # as normalised (spaces out)
    value: str  # stripped; "" when printed empty
    start: int  # span of the value in the text (start == end when empty)
    end: int


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u3000\xa0\u2002\u2003\u200b":
        s += 1
    while e > s and text[e - 1] in " \t\u3000\xa0\u2002\u2003\u200b":
        e -= 1
    return s, e


def find_labels(text: str, lines: list[Line]) -> list[Field]:
    """Every labelled field in the head of ``text`` (``lines``: ``metadata.split_lines``)."""
    out: list[Field] = []
    n = min(len(lines), HEAD_LINES)
    i = 0
    prev_spaced = False  # the line before held space-separated label/value pairs
    while i < n:
        ln = lines[i]
        b = BULLET.match(ln.text)
        cut = b.end() if b else 0
        t = ln.text[cut:]
        bare = re.sub(r"\s", "", t) if len(t) <= 16 else ""
        if bare in BARE_NAMES and _FIELD_OF[bare] in BARE_OK:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None:
                vb = VALUE_BULLET.match(nxt.text)
                vcut = vb.end() if vb else 0
                value = nxt.text[vcut:]
            if (
                nxt is not None
                and value
                and not _starts_with_label(value)
                and re.sub(r"\s", "", value) not in _FIELD_OF  # the next label: empty field
                and len(value) <= 200
            ):
                out.append(Field(_FIELD_OF[bare], bare, value, nxt.start + vcut, nxt.end))
                i += 2
                continue
            i += 1
            continue
        glued = GLUED.match(t)
        if glued and (
            (i + 1 < n and GLUED.match(lines[i + 1].text)) or (i and GLUED.match(lines[i - 1].text))
        ):
            # law-site blocks with no separator: 发文机关国务院办公厅 / 发文字号国办发〔1986〕53号
            lab = glued.group(1)
            s, e = ln.start + cut + glued.end(1), ln.end
            out.append(Field(_FIELD_OF[lab], lab, text[s:e], s, e))
            i += 1
            continue
        if t.startswith("|") or (t.count("|") >= 2 and _label_of(t.split("|")[0])):
            got, used = _pipe_fields(text, lines, i)
            out.extend(got)
            i += used
            continue
        if not _LINE_START.match(t):
            got, used = _spaced_fields(text, lines, i, cut, prev_spaced)
            prev_spaced = bool(got)
            out.extend(got)
            i += used
            continue
        prev_spaced = False
        matches = list(LABEL_RE.finditer(t))
        used_next = False
        for k, m in enumerate(matches):
            lab = re.sub(r"\s", "", m.group("b") or m.group("c"))
            vs = m.end()
            ve = matches[k + 1].start() if k + 1 < len(matches) else len(t)
            s, e = _strip(t, vs, ve)
            s, e = ln.start + cut + s, ln.start + cut + e
            value = text[s:e]
            last = k + 1 == len(matches)
            if not value and last and m.group("c") and i + 1 < len(lines):
                nxt = lines[i + 1]
                if not _starts_with_label(nxt.text) and len(nxt.text) <= 200:
                    value, s, e = nxt.text, nxt.start, nxt.end
                    used_next = True
            out.append(Field(_FIELD_OF[lab], lab, value, s, e))
        i += 2 if used_next else 1
    return out


_WS = "[ \t\u3000\xa0\u2002\u2003]"
# a label standing as a token of its own: at the line's start or after a space, then a space or
# the line's end (索  引  号 / 文       号: spaces inside a label are allowed)
SPACED_LABEL = re.compile(rf"(?:^|(?<={_WS}))(?:{_ALT})(?={_WS}|$)")
MAX_SPACED_VALUE = 80
HEADER_LABEL = re.compile(rf"(?:{_ALT}){_WS}*")
HEADER_ROW = re.compile(rf"(?:(?:{_ALT}){_WS}*){{3,}}")


def _spaced_fields(
    text: str, lines: list, i: int, cut: int, prev_spaced: bool
) -> tuple[list[Field], int]:
    """Cells flattened to spaces with no colon. ``发布机构 区政府办 生成日期 2021-11-23``: a line
    of label/value pairs (two labels at least, or one in a block of such lines: 文件编号
    浦府〔2022〕1号 over 发布机构 区政府). ``索引号 文号
    发布机构 发布日期`` alone on a line: a header row, its values the next lines' space-separated
    tokens, taken only when their number is exactly the number of labels. Returns the fields
    and the number of lines used (1 when nothing was read)."""
    ln = lines[i]
    t = ln.text[cut:]
    if HEADER_ROW.fullmatch(t):  # (normalising may have removed the spaces between labels)
        ms = list(HEADER_LABEL.finditer(t))
        tokens: list[tuple[str, int, int]] = []
        j = i + 1
        while j < len(lines) and j <= i + 4 and len(tokens) < len(ms):
            nxt = lines[j]
            if SPACED_LABEL.match(nxt.text) or _LINE_START.match(nxt.text):
                break
            tokens += [
                (m.group(0), nxt.start + m.start(), nxt.start + m.end())
                for m in re.finditer(r"\S+", nxt.text)
            ]
            j += 1
        if len(tokens) != len(ms):
            return [], 1
        labs = [re.sub(r"\s", "", m.group(0)) for m in ms]
        return [
            Field(_FIELD_OF[lab], lab, v, s, e) for lab, (v, s, e) in zip(labs, tokens, strict=True)
        ], j - i
    ms = list(SPACED_LABEL.finditer(t))
    if not ms or ms[0].start() != 0 or "。" in t:
        return [], 1
    labs = [re.sub(r"\s", "", m.group(0)) for m in ms]
    gaps = [
        t[m.end() : (ms[k + 1].start() if k + 1 < len(ms) else len(t))] for k, m in enumerate(ms)
    ]
    # a block: the next line holds pairs too (文件编号 浦府〔2022〕1号 / 发布机构 区政府 …)
    nt = lines[i + 1].text if i + 1 < len(lines) else ""
    nm = SPACED_LABEL.match(nt)
    next_spaced = nm is not None and (
        len(SPACED_LABEL.findall(nt)) >= 2
        or (0 < len(nt[nm.end() :].strip()) <= MAX_SPACED_VALUE and "。" not in nt)
    )
    if len(ms) < 2 and not (prev_spaced or next_spaced):
        return [], 1
    if any(len(g.strip()) > MAX_SPACED_VALUE for g in gaps):
        return [], 1
    out = []
    used = 1
    for k, (lab, m) in enumerate(zip(labs, ms, strict=True)):
        ve = ms[k + 1].start() if k + 1 < len(ms) else len(t)
        s, e = _strip(text, ln.start + cut + m.end(), ln.start + cut + ve)
        value = text[s:e]
        if not value and k + 1 == len(ms) and i + 1 < len(lines):
            nxt = lines[i + 1]  # 文号 at the line's end, its value on the next line
            if (
                not _starts_with_label(nxt.text)
                and not SPACED_LABEL.match(nxt.text)
                and len(nxt.text) <= MAX_SPACED_VALUE
            ):
                value, s, e = nxt.text, nxt.start, nxt.end
                used = 2
        out.append(Field(_FIELD_OF[lab], lab, value, s, e))
    return out, used


# a label glued to its value, no colon: only long labels that never start a sentence, and only
# in a block of at least two such lines (a single line could be prose)
GLUED_LABELS = ("发文机关", "发文字号", "发文日期", "成文日期", "发布日期", "施行日期", "发布机构",
                "效力级别", "时效性", "实施日期")  # fmt: skip
GLUED = re.compile(
    r"^(" + "|".join(GLUED_LABELS) + r")(?![ \t\u3000:：])(?=\S)(?!" + "|".join(GLUED_LABELS) + ")"
)
_PIPE_RULE = re.compile(r"^\|?[\s:|-]*-{3,}[\s:|-]*$")


def _pipe_cells(text: str, ln: Line) -> list[tuple[str, int, int]]:
    """Cells of a ``| a | b |`` line with their spans in ``text``."""
    out = []
    pos = ln.start
    parts = ln.text.split("|")
    for k, part in enumerate(parts):
        if 0 < k < len(parts) - 1 or (k in (0, len(parts) - 1) and part.strip()):
            s, e = _strip(text, pos, pos + len(part))
            out.append((text[s:e], s, e))
        pos += len(part) + 1
    while out and not out[-1][0]:  # 文件名称 | X | ||: trailing empty cells of a wide table
        out.pop()
    return out


def _label_of(cell: str) -> str | None:
    bare = re.sub(r"[\s:：]", "", cell)
    return bare if bare in _FIELD_OF else None


def _labels_of(cells: list[tuple[str, int, int]]) -> list[str] | None:
    """The labels of every cell, or None when one of them is not a label."""
    out = [_label_of(c) for c, _, _ in cells]
    return [lab for lab in out if lab is not None] if all(out) else None


def _pipe_fields(text: str, lines: list[Line], i: int) -> tuple[list[Field], int]:
    """``| 标题 | X | 文号 | Y |`` (pairs in a row) or a header row of labels over a row of
    values. Returns the fields and the number of lines used."""
    cells = _pipe_cells(text, lines[i])
    pair_labels = _labels_of(cells[::2])
    if len(cells) >= 2 and pair_labels and not all(_label_of(c) for c, _, _ in cells[1::2]):
        out = [
            Field(_FIELD_OF[lab], lab, v, s, e)
            for lab, (v, s, e) in zip(pair_labels, cells[1::2], strict=False)
        ]
        return out, 1
    header = _labels_of(cells)
    if cells and header:
        j = i + 1
        if j < len(lines) and _PIPE_RULE.match(lines[j].text):
            j += 1
        if j < len(lines) and lines[j].text.startswith("|"):
            values = _pipe_cells(text, lines[j])
            if len(values) == len(cells):
                return [
                    Field(_FIELD_OF[lab], lab, v, s, e)
                    for lab, (v, s, e) in zip(header, values, strict=True)
                ], j + 1 - i
    return [], 1


def _starts_with_label(s: str) -> bool:
    return bool(_LINE_START.match(s)) or re.sub(r"\s", "", s) in BARE_NAMES


def first(fields: list[Field], name: str) -> Field | None:
    """The first non-empty value of a field, else its first (empty) occurrence, else None."""
    found = [f for f in fields if f.field == name]
    return next((f for f in found if f.value), found[0] if found else None)
