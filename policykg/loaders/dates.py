"""Dates as printed in notices → ``datetime.date``.

Handles ``2022年4月7日``, ``2022-01-27`` / ``2022.1.27`` / ``2022/01/27``, Chinese numerals
``二〇二二年一月十七日`` (also ``二OO三年``, ``二0二三年``: a letter O or a digit 0 typed for 〇; a table for the day/month numbers) and damaged dates that lost their
年月日: ``2017 6 23`` (one reading), ``2022117`` can be 2022-01-17 or 2022-11-07, so ``candidates()`` returns every
reading and the caller picks the one consistent with the document's other dates.
"""

from __future__ import annotations

import re
from datetime import date

# a year in Chinese numerals is often typed with a letter O or a digit 0 for 〇 (二OO三年, 二0二三年)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "0": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

YMD_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
CN_RE = re.compile(
    r"([一二][〇○零OoＯ0０一二三四五六七八九]{3})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
LOOSE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?!\d)")
# 2017 6 23: 年月日 lost (printed as images, or dropped with a seal), the numbers kept apart
SPACED_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)[ \u3000]+(\d{1,2})[ \u3000]+(\d{1,2})(?!\d)")
FUSED_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d{2,4})(?!\d)")


_CN_SMALL = {
    **{c: i for i, c in enumerate("一二三四五六七八九", 1)},
    "十": 10,
    **{f"十{c}": 10 + i for i, c in enumerate("一二三四五六七八九", 1)},
    "二十": 20,
    **{f"二十{c}": 20 + i for i, c in enumerate("一二三四五六七八九", 1)},
    "三十": 30,
    "三十一": 31,
}


def _cn_small(s: str) -> int | None:
    """一 … 三十一 → int (months and days; a table, far faster than a general parser)."""
    return _CN_SMALL.get(s)


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(s: str) -> date | None:
    """The first unambiguous date in ``s`` (None for a damaged one: see ``candidates``)."""
    s = s.translate(_FULLWIDTH)
    for rx in (YMD_RE, ISO_RE):
        m = rx.search(s)
        if m:
            return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = CN_RE.search(s)
    if m:
        y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        mo, d = _cn_small(m.group(2)), _cn_small(m.group(3))
        if mo and d:
            return _mk(y, mo, d)
    return None


def candidates(s: str) -> list[date]:
    """All readings of a date string, damaged ones included (``2022117`` → two dates)."""
    exact = parse_date(s)
    if exact:
        return [exact]
    s = s.translate(_FULLWIDTH)
    loose = LOOSE_RE.search(s)
    if loose:
        dt = _mk(int(loose.group(1)), int(loose.group(2)), int(loose.group(3)))
        return [dt] if dt else []
    spaced = SPACED_RE.search(s)
    if spaced:
        dt = _mk(int(spaced.group(1)), int(spaced.group(2)), int(spaced.group(3)))
        return [dt] if dt else []
    m = FUSED_RE.search(s)
    if not m:
        return []
    y, rest = int(m.group(1)), m.group(2)
    out: list[date] = []
    for cut in range(1, len(rest)):
        mo, d = rest[:cut], rest[cut:]
        if len(mo) > 2 or len(d) > 2 or mo.startswith("0") and len(mo) == 1:
            continue
        dt = _mk(y, int(mo), int(d))
        if dt and dt not in out:
            out.append(dt)
    return out


def pick(
    readings: list[date], not_after: date | None = None, not_before: date | None = None
) -> date | None:
    """The reading consistent with the bounds; the latest such when several remain."""
    ok = [
        d
        for d in readings
        if (not_after is None or d <= not_after) and (not_before is None or d >= not_before)
    ]
    if len(ok) == 1:
        return ok[0]
    if len(readings) == 1 and not ok:
        return None
    return max(ok) if ok and not_after is not None else (ok[0] if len(ok) == 1 else None)
