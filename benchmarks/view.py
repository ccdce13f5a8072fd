"""Benchmark of ``policykg view`` on a 2,000-notice graph: the page must be written within 10 s
of the command starting (target), and draw in a browser.

    python benchmarks/view.py                   # N = 2,000, seed 1, in a temporary folder
    python benchmarks/view.py --n 5000 --keep DIR

Steps: generate N notices (``benchmarks/generate.py``), ``policykg ingest`` them, then time,
as a user runs them (a subprocess, from start to exit):

- ``policykg view -o all.html`` (the whole graph: the default view),
- ``policykg view DOC --depth 1`` and ``--depth 2`` for the most cited document.

If Debian chromium + chromedriver are installed, each page is then opened headless (the
driver of ``tests/test_view_browser.py``) and the seconds from navigation to the first drawn
frame are measured (the page's own clock: ``window.policykgView.timings``), with the ForceAtlas2 iterations done by the web worker 15 s later, the
nodes drawn inside the canvas, and a screenshot beside the page. Prints a table and writes
``view-results.json`` in the work folder. Timings depend on the machine's load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_S = 10.0


def policykg_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "policykg.cli"]


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return elapsed


def most_cited(db: Path) -> str:
    import policykg

    with policykg.open(db, read_only=True) as g:
        rows = g.run(
            "MATCH (a:Document)-[:CITES]->(d:Document) WHERE d.doc_number IS NOT NULL "
            "RETURN d.doc_number AS n, count(a) AS c ORDER BY c DESC, n LIMIT 1"
        )
    return rows[0]["n"]


def in_browser(pages: list[Path], settle_s: float = 15.0) -> dict[str, dict]:
    """Seconds to the first drawn frame, worker iterations after ``settle_s``, a screenshot."""
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        from test_view_browser import Driver  # noqa: PLC0415 (skips its module without chromium)
    except BaseException as e:  # pytest.skip raises a BaseException outside pytest
        print(f"browser part skipped: {e}", file=sys.stderr)
        return {}
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="pk-view-bench-") as tmp:
        d = Driver(Path(tmp))
        try:
            for page in pages:
                t = time.perf_counter()
                d.get(page.resolve().as_uri())
                while True:
                    s = d.js("return window.policykgView ? window.policykgView.stats() : null")
                    if s and s["drawn"] > 0:
                        break
                    if time.perf_counter() - t > 120:
                        raise SystemExit(f"{page}: nothing drawn after 120 s")
                    time.sleep(0.05)
                seen = time.perf_counter() - t
                time.sleep(max(0.0, settle_s - seen))
                s = d.js("return window.policykgView.stats()")
                timings = d.js("return window.policykgView.timings")
                shot = page.with_suffix(".png")
                shot.write_bytes(d.screenshot())
                out[page.name] = {
                    # the page's own clock: navigation start → the frame after the first render
                    "first_frame_s": round(timings["first_frame"] / 1000, 2),
                    "seen_by_driver_s": round(seen, 2),
                    "timings_ms": timings,
                    **s,
                    "screenshot": str(shot),
                }
        finally:
            d.quit()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="work folder to keep (default: a temporary one, removed)")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="pk-view-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        cmd = policykg_cmd()
        notices, db = work / "notices", work / "g.db"
        if not db.exists():
            shutil.rmtree(notices, ignore_errors=True)
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), "--n", str(args.n)]
                + ["--seed", str(args.seed), "--out", str(notices)],
                check=True,
                capture_output=True,
            )
            ingest_s = timed([*cmd, "ingest", str(notices), "--db", str(db)])
        else:
            ingest_s = None
        doc = most_cited(db)
        runs = {
            "all.html": ["view", "-o", str(work / "all.html")],
            "doc-depth1.html": ["view", doc, "--depth", "1", "-o", str(work / "doc-depth1.html")],
            "doc-depth2.html": ["view", doc, "--depth", "2", "-o", str(work / "doc-depth2.html")],
        }
        results = {
            "n": args.n,
            "ingest_s": ingest_s and round(ingest_s, 1),
            "doc": doc,
            "load": os.getloadavg(),
            "cpus": os.cpu_count(),
            "views": {},
        }
        for name, a in runs.items():
            s = timed([*cmd, *a, "--db", str(db)])
            page = work / name
            results["views"][name] = {
                "command_s": round(s, 2),
                "mb": round(page.stat().st_size / 1e6, 1),
                "target_met": s <= TARGET_S,
            }
        if not args.no_browser:
            for name, b in in_browser([work / n for n in runs]).items():
                results["views"][name]["browser"] = b
        (work / "view-results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(f"N = {args.n} notices ({doc} is the most cited); load {results['load']}")
        print(f"{'page':18} {'command s':>9} {'MB':>5} {'≤10 s':>5} {'1st frame s':>11} "
              f"{'total s':>7} {'nodes':>6} {'drawn':>6} {'FA2 it.':>7}")  # fmt: skip
        for name, v in results["views"].items():
            b = v.get("browser", {})
            print(
                f"{name:18} {v['command_s']:9.2f} {v['mb']:5.1f} {'✓' if v['target_met'] else '✗':>5} "
                f"{b.get('first_frame_s', '-')!s:>11} "
                f"{round(v['command_s'] + b['first_frame_s'], 2) if b else '-'!s:>7} "
                f"{b.get('nodes', '-')!s:>6} "
                f"{b.get('drawn', '-')!s:>6} {b.get('iterations', '-')!s:>7}"
            )
        return 0 if all(v["target_met"] for v in results["views"].values()) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
