"""Per-field precision/recall of the extractor on a corpus with hand-checked values.

    python tests/corpus/real/score.py [--show]

``score_files`` is shared with tests/corpus/html_pages/score.py (whole web pages).

``expected.json`` holds hand-checked values (an omitted key means "not checked"; null means
"absent from the document"). The notice texts themselves are not committed (the material
came through a search tool whose terms forbid verbatim copies); put them in ``texts/`` to run.
Scalars: a prediction counts for precision when non-null, a gold value for recall when
non-null. Citations are scored as a set of (文号 or title) keys. ``title_with_issuer``,
``title_also`` and ``doc_number_also`` list other printed forms that count as right (the extractor prefixes the
issuer to a title that starts with 关于; a 政府令 is printed both as 令第N号 and 府令〔Y〕N号).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALARS = ("doc_type", "title", "doc_number", "issuer", "date", "region", "plan_year")
ALSO = {"title": ("title_with_issuer", "title_also"), "doc_number": ("doc_number_also",)}


def _norm(v):
    if isinstance(v, str):
        return v.replace("（", "(").replace("）", ")").replace(" ", "")
    return v


def score(show: bool = False) -> dict[str, dict[str, float]]:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["documents"]
    return score_files(expected, HERE / "texts", SCALARS, show)


def _accepted(exp: dict, f: str) -> set:
    out = {_norm(exp[f])}
    for k in ALSO.get(f, ()):
        v = exp.get(k)
        out.update(_norm(x) for x in (v if isinstance(v, list) else [v]) if x)
    return out


def score_files(
    expected: list[dict], folder: Path, fields: tuple[str, ...], show: bool = False
) -> dict[str, dict[str, float]]:
    """Score ``extract`` over ``folder/<file>`` against the expected entries."""
    import policykg

    def run(exp: dict) -> dict | None:
        path = folder / exp["file"]
        return policykg.extract(path).to_json() if path.exists() else None

    return score_docs(expected, run, fields, show)


def score_docs(expected: list[dict], run, fields: tuple[str, ...], show: bool = False):
    """Score ``run(entry)`` (an ``extract --json`` object, or None to skip the entry).

    Entries are named in ``--show`` lines by ``file``, else ``corpus#doc``.
    """
    from policykg.errors import LoadError

    tp, pred, gold = Counter(), Counter(), Counter()
    for exp in expected:
        name = exp.get("file") or f"{exp.get('corpus')}#{exp.get('doc')}"
        try:
            got = run(exp)
        except LoadError as e:
            got = {k: None for k in fields} | {"cites": [], "problem": str(e)}
        if got is None:
            continue
        for f in fields:
            if f not in exp:
                continue
            g, p = _norm(exp[f]), _norm(got.get(f))
            pred[f] += p is not None
            gold[f] += g is not None
            ok = p is not None and p in _accepted(exp, f)
            tp[f] += ok
            if show and not ok and (p is not None or g is not None):
                print(f"{name} {f}: got {p!r} want {g!r}")
        if "cites" in exp:
            want = {_norm(c.get("doc_number") or c.get("title")) for c in exp["cites"]}
            have = {_norm(c["doc_number"] or c["title"]) for c in got["cites"]}
            tp["cites"] += len(want & have)
            pred["cites"] += len(have)
            gold["cites"] += len(want)
            if show and want != have:
                print(f"{name} cites: missing {sorted(want - have)} extra {sorted(have - want)}")
    out = {}
    for f in (*fields, "cites"):
        p = tp[f] / pred[f] if pred[f] else 1.0
        r = tp[f] / gold[f] if gold[f] else 1.0
        out[f] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "tp": tp[f],
            "predicted": pred[f],
            "gold": gold[f],
        }
    return out


def report(result: dict[str, dict[str, float]]) -> None:
    for f, s in result.items():
        print(
            f"{f:11s} precision {s['precision']:.2f} ({s['tp']}/{s['predicted']})  recall {s['recall']:.2f} ({s['tp']}/{s['gold']})"
        )


if __name__ == "__main__":
    report(score(show="--show" in sys.argv))
