"""Citations: 《标题》（文号） pairs, numbers alone, titles alone — each with its span and sentence.

Not citations: the 《》 title a notice transmits (关于印发《…》的通知 and its 《…》已经…同意
sentence), the notice's own title or its short name (《通知》), and 文号 that are the
notice's own number. Only the body (from the official title on) is searched, so a repost's
intro talking about the notice is not read as the notice citing itself.
"""

from __future__ import annotations

import re

from policykg.loaders.docnumber import find_docnumbers
from policykg.loaders.metadata import TYPE_END
from policykg.records import Citation, DocNumber

TITLE_RE = re.compile(r"《([^《》\n]{2,200})》")
# between 》 and the number: an opening bracket and optional spaces
PAIR_GAP = re.compile(r"\s*[（(〔\[]?\s*$")
SENTENCE_END = "。；;！？!?\n"
# 现将《X》印发给你们 / 《X》已经…同意，现印发给你们: X is what the notice issues, not a citation
TRANSMIT_SENTENCE = re.compile(
    r"(印发给你们|转发给你们|下达给你们|现予印发|现予公布|现印发|现转发|现将.{0,60}印发)"
)
SHORT_NAMES = {"通知", "方案", "意见", "办法", "报告", "规划", "纲要", "决定", "实施方案", "规定"}


def title_key(title: str) -> str:
    """Normalised title for matching: no whitespace/《》, half-width brackets and digits."""
    t = title.translate(str.maketrans("（）０１２３４５６７８９", "()0123456789"))
    return re.sub(r"[\s《》“”\"']", "", t)


def sentence_at(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around text[start:end] and its span."""
    lo = start
    while lo > 0 and text[lo - 1] not in SENTENCE_END:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] not in SENTENCE_END:
        hi += 1
    if hi < len(text) and text[hi] not in "\n":
        hi += 1
    while lo < hi and text[lo].isspace():
        lo += 1
    return text[lo:hi], lo, hi


def _is_document_title(t: str) -> bool:
    return bool(TYPE_END.search(t)) and t not in SHORT_NAMES and len(t) >= 4


def find_citations(
    text: str,
    body_start: int = 0,
    own_title: str | None = None,
    own_number: str | None = None,
    transmits: str | None = None,
    numbers: list[DocNumber] | None = None,
) -> list[Citation]:
    numbers = numbers if numbers is not None else find_docnumbers(text)
    own_key = title_key(own_title) if own_title else None
    transmit_key = title_key(transmits) if transmits else None
    by_start = {n.start: n for n in numbers}
    used_numbers: set[int] = set()
    out: list[Citation] = []
    for m in TITLE_RE.finditer(text, body_start):
        title = m.group(1).strip()
        key = title_key(title)
        if transmit_key and key == transmit_key:
            continue
        if own_key and (key == own_key or own_key.endswith(key)) and len(key) >= 8:
            continue
        number = None
        end = m.end()
        gap = text[m.end() : m.end() + 6]
        for n in numbers:
            if m.end() <= n.start <= m.end() + 6 and PAIR_GAP.match(gap[: n.start - m.end()]):
                number = n
                break
        if number is None and not _is_document_title(title):
            continue
        if number is None:
            sent, s_lo, _ = sentence_at(text, m.start(), m.end())
            after = TRANSMIT_SENTENCE.search(sent, m.end() - s_lo)
            if after or re.search(r"现将《[^》]*》$", sent[: m.end() - s_lo]):
                continue
        if number is not None:
            used_numbers.add(number.start)
            end = number.end
            if end < len(text) and text[end] in "）)〕]":
                end += 1
            if number.canonical == own_number:
                continue
        sentence, _, _ = sentence_at(text, m.start(), end)
        out.append(
            Citation(
                doc_number=number.canonical if number else None,
                title=title,
                start=m.start(),
                end=end,
                sentence=sentence,
                form="title+number" if number else "title",
            )
        )
    for n in numbers:
        if n.start < body_start or n.start in used_numbers or n.canonical == own_number:
            continue
        if n.start not in by_start:
            continue
        line_start = text.rfind("\n", 0, n.start) + 1
        if not text[line_start : n.start].strip():
            continue  # a number on its own line (or a file name) is the notice's own, not a citation
        sentence, _, _ = sentence_at(text, n.start, n.end)
        out.append(Citation(n.canonical, None, n.start, n.end, sentence, "number"))
    out.sort(key=lambda c: c.start)
    return out
