"""Per-field precision/recall of the extractor on the real-notice corpus.

    python tests/corpus/real/score.py [--show]

``expected.json`` holds hand-checked values (an omitted key means "not checked"; null means
"absent from the document"). The notice texts themselves are not committed (the material
came through a search tool whose terms forbid verbatim copies); put them in ``texts/`` to run.
Scalars: a prediction counts for precision when non-null, a gold value for recall when
non-null. Citations are scored as a set of (文号 or title) keys.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALARS = ("doc_type", "title", "doc_number", "issuer", "date", "region", "plan_year")


def _norm(v):
    if isinstance(v, str):
        return v.replace("（", "(").replace("）", ")").replace(" ", "")
    return v


def score(show: bool = False) -> dict[str, dict[str, float]]:
    import policykg
    from policykg.errors import LoadError

    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["documents"]
    tp, pred, gold = Counter(), Counter(), Counter()
    for exp in expected:
        path = HERE / "texts" / exp["file"]
        if not path.exists():
            continue
        try:
            got = policykg.extract(path).to_json()
        except LoadError as e:
            got = {k: None for k in SCALARS} | {"cites": [], "problem": str(e)}
        for f in SCALARS:
            if f not in exp:
                continue
            g, p = _norm(exp[f]), _norm(got.get(f))
            pred[f] += p is not None
            gold[f] += g is not None
            ok = p is not None and p == g
            tp[f] += ok
            if show and not ok and (p is not None or g is not None):
                print(f"{exp['file']} {f}: got {p!r} want {g!r}")
        if "cites" in exp:
            want = {_norm(c.get("doc_number") or c.get("title")) for c in exp["cites"]}
            have = {_norm(c["doc_number"] or c["title"]) for c in got["cites"]}
            tp["cites"] += len(want & have)
            pred["cites"] += len(have)
            gold["cites"] += len(want)
            if show and want != have:
                print(
                    f"{exp['file']} cites: missing {sorted(want - have)} extra {sorted(have - want)}"
                )
    out = {}
    for f in (*SCALARS, "cites"):
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


if __name__ == "__main__":
    result = score(show="--show" in sys.argv)
    for f, s in result.items():
        print(
            f"{f:11s} precision {s['precision']:.2f} ({s['tp']}/{s['predicted']})  recall {s['recall']:.2f} ({s['tp']}/{s['gold']})"
        )
