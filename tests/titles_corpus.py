"""Notices that share titles and notices that cite those titles without a 文号: the corpus
part that makes title-only citation resolution matter (``graph/titles.py``)."""

from __future__ import annotations

ISSUER, CODE = "重庆市人民政府办公厅", "渝府办发"


def _notice(title: str, number: str, date: str, body: str) -> str:
    y, m, d = date.split("-")
    return (
        f"{title}\n\n{number}\n\n各区县（自治县）人民政府，市政府有关部门，有关单位：\n\n{body}\n\n"
        f"{ISSUER}\n{int(y)}年{int(m)}月{int(d)}日\n"
    )


def shared_title_notices(n_titles: int = 12) -> dict[str, dict[str, str]]:
    """``{"a": {file name: text}, "b": {…}}``: for each of ``n_titles`` titles, documents of
    that title (one; two, which leaves a citation ambiguous; or one before and one after the
    citers, which leaves one candidate) and two notices citing it by title only. Citers and
    cited documents sit in different halves, so two writers of the halves race on them."""
    out: dict[str, dict[str, str]] = {"a": {}, "b": {}}
    serial = 7000
    for t in range(n_titles):
        title = f"{ISSUER}关于做好第{t + 1}批试点示范项目评估工作的通知"
        dates = (["2019-03-01"], ["2019-03-01", "2020-04-01"], ["2019-03-01", "2023-04-01"])[t % 3]
        docs, citers = ("b", "a") if t % 2 == 0 else ("a", "b")
        for j, date in enumerate(dates):
            serial += 1
            text = _notice(title, f"{CODE}〔{date[:4]}〕{serial}号", date, "请认真组织实施。")
            out[docs][f"same_title_{t:02d}_{j}.txt"] = text
        for j in range(2):
            serial += 1
            out[citers][f"cites_title_{t:02d}_{j}.txt"] = _notice(
                f"{ISSUER}关于落实第{t + 1}批试点工作要求的通知（{j + 1}）",
                f"{CODE}〔2021〕{serial}号",
                f"2021-0{j + 5}-10",
                f"请继续执行《{title}》有关要求。",
            )
    return out
