"""The html view in a real browser: Debian chromium driven through chromedriver.

We speak chromedriver's W3C WebDriver HTTP API with urllib (a dozen endpoints) rather than
add selenium to the test dependencies: nothing new to install, and the performance log
(CDP Network events) and browser console log come straight from chromedriver.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest

import policykg
from policykg.export import export_graph

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
HOSTILE = '"</script><img src=x onerror=window.__xss=1>"&\'测试]]>'
HOSTILE_NOTICE = (
    f"重庆市人民政府办公厅关于{HOSTILE}的通知\n\n渝府办发〔2099〕7号\n\n"
    "各区县(自治县)人民政府，市政府有关部门，有关单位：\n\n"
    "根据《重庆市人民政府办公厅关于做好2020年市级重点项目实施有关工作的通知》（渝府办发〔2020〕118号）要求，"
    "现就有关事项通知如下。\n\n重庆市人民政府办公厅\n2099年1月2日\n"
)

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip(
        "needs Debian chromium + chromedriver (apt-get install -y chromium chromium-driver)",
        allow_module_level=True,
    )


class WebDriverError(RuntimeError):
    pass


class Driver:
    """A W3C WebDriver session against a chromedriver we started."""

    def __init__(self, workdir: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status").get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)
        args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,800",
            f"--user-data-dir={workdir / 'profile'}",
        ]
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }
        value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = value["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            value = json.loads(e.read() or b"{}").get("value", {})
            raise WebDriverError(
                f"{value.get('error')}: {value.get('message', '')[:300]}"
            ) from None

    def cmd(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def js(self, script: str, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css: str) -> str:
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def type(self, css: str, text: str) -> None:
        self.cmd("POST", f"/element/{self.find(css)}/value", {"text": text})

    def log(self, kind: str) -> list[dict]:
        return self.cmd("POST", "/se/log", {"type": kind})

    def screenshot(self) -> bytes:
        return base64.b64decode(self.cmd("GET", "/screenshot"))

    def alert_text(self) -> str | None:
        try:
            return self.cmd("GET", "/alert/text")
        except WebDriverError as e:
            if "no such alert" in str(e):
                return None
            raise

    def quit(self) -> None:
        try:
            self.cmd("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait(10)


def png_pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what Chrome's screenshots are) to rows."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, ctype = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if ctype == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif ctype == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def graph_pixels(driver: Driver, png: bytes) -> tuple[int, int]:
    """(non-background, coloured) pixels inside the graph canvas only: the rectangle of
    #pk-graph minus the search bar and the legend drawn over it (the side panel is outside).
    Non-background = not near-white; coloured = saturated (nodes, not grey edges or text)."""
    rects = driver.js(
        "return ['pk-graph', 'pk-bar', 'pk-legend'].map(function (id) {"
        " var r = document.getElementById(id).getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom].map(Math.round); })"
    )
    (x0, y0, x1, y1), overlays = rects[0], rects[1:]
    width, bpp, rows = png_pixels(png)
    drawn = coloured = 0
    for y in range(max(y0, 0), min(y1, len(rows))):
        row = rows[y]
        for x in range(max(x0, 0), min(x1, width)):
            if any(a <= x < c and b <= y < d for a, b, c, d in overlays):
                continue
            r, g, b = row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]
            if min(r, g, b) < 235:
                drawn += 1
                if max(r, g, b) - min(r, g, b) > 40:
                    coloured += 1
    return drawn, coloured


def wait_drawn(driver: Driver, timeout: float = 20) -> dict:
    """The view's own count once the renderer has drawn a frame: nodes inside the canvas."""
    deadline = time.monotonic() + timeout
    while True:
        stats = driver.js("return window.policykgView.stats()")
        if stats["drawn"] > 0 or time.monotonic() > deadline:
            return stats
        time.sleep(0.1)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = Driver(tmp_path_factory.mktemp("chromium"))
    yield d
    d.quit()


def load(driver: Driver, path: Path, fragment: str = "") -> None:
    driver.log("browser")  # drain earlier logs
    driver.log("performance")
    driver.get(path.resolve().as_uri() + fragment)
    deadline = time.monotonic() + 20
    while not driver.js("return document.body && document.body.getAttribute('data-ready')"):
        assert time.monotonic() < deadline, "the view never became ready"
        time.sleep(0.1)


def assert_offline(driver: Driver, page: Path) -> None:
    """The page requested nothing but itself, and the browser nothing on the network."""
    me = page.resolve().as_uri()
    ours, network = [], []
    for entry in driver.log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") != "Network.requestWillBeSent":
            continue
        url = msg["params"]["request"]["url"]
        if msg["params"].get("documentURL", "").split("#")[0] == me:
            ours.append(url)
        if url.split(":", 1)[0].lower() in ("http", "https", "ws", "wss", "ftp"):
            network.append(url)
    assert ours and {u.split("#")[0] for u in ours} == {me}, ours
    assert network == []


def severe(driver: Driver) -> list[dict]:
    return [e for e in driver.log("browser") if e.get("level") == "SEVERE"]


def test_readme_example_draws_on_open(driver, seed_graph_path, tmp_path):
    """`policykg view 渝府办发〔2020〕118号 -o graph.html` (the README's example) draws the
    document's neighbourhood on open, without a search: every shown node inside the canvas,
    and pixels inside the graph canvas itself (not the legend, not the panel)."""
    from click.testing import CliRunner

    from policykg.cli import main

    out = tmp_path / "graph.html"
    result = CliRunner().invoke(
        main, ["view", "渝府办发〔2020〕118号", "-o", str(out), "--db", str(seed_graph_path)]
    )
    assert result.exit_code == 0, result.output
    load(driver, out)
    stats = wait_drawn(driver)
    assert driver.js("return window.policykgView.selected") == "Document:渝府办发〔2020〕118号"
    # figures are hidden by default; every other node of the neighbourhood is drawn in view
    with policykg.open(seed_graph_path, read_only=True) as g:
        from policykg.export.subgraph import select
        from policykg.queries.networkx import to_networkx

        sub = select(g, to_networkx(g), "渝府办发〔2020〕118号", depth=2)
    shown = sum(1 for _, k in sub.nodes(data="kind") if k != "Figure")
    assert stats["nodes"] == sub.number_of_nodes() and stats["shown"] == shown
    assert stats["drawn"] == shown, stats
    # the edges into the selected document stand out, drawn as arrows
    edges = driver.js(
        "var v = window.policykgView, s = v.sigma; if (!s) return null;"
        "return v.graph.inEdges(v.selected).map(function (e) { var d = s.getEdgeDisplayData(e);"
        " return [d.color, d.type, d.hidden]; })"
    )
    if edges is not None:  # sigma (WebGL); the 2D fallback is checked below
        assert len(edges) == 3 and all(e == ["#3a5a8c", "arrow", False] for e in edges), edges
    png = driver.screenshot()
    (tmp_path / "graph.png").write_bytes(png)
    drawn, coloured = graph_pixels(driver, png)
    assert drawn > 2000 and coloured > 500, (drawn, coloured, stats)
    assert severe(driver) == []
    assert_offline(driver, out)


def test_layout_runs_in_a_worker_and_streams_positions(driver, seed_graph, tmp_path):
    out = tmp_path / "view.html"
    export_graph(seed_graph, "html", out)
    load(driver, out)
    wait_drawn(driver)
    key = "Document:渝府办发〔2020〕118号"
    seed = driver.js(
        "var a = window.policykgView.graph.getNodeAttributes(arguments[0]); return [a.x, a.y]", key
    )
    deadline = time.monotonic() + 30
    while driver.js("return window.policykgView.stats().iterations") < 20:
        assert time.monotonic() < deadline, "ForceAtlas2 did not iterate"
        time.sleep(0.1)
    time.sleep(0.5)  # the positions reach the drawn graph a few times a second
    moved = driver.js(
        "var a = window.policykgView.graph.getNodeAttributes(arguments[0]); return [a.x, a.y]", key
    )
    assert driver.js("return window.policykgView.stats().layout") == "worker"
    assert moved != seed
    # the stop button stops it; the nodes stay in view
    driver.js(
        "if (window.policykgView.layout.running) document.getElementById('pk-layout').click()"
    )
    assert driver.js("return document.body.getAttribute('data-layout')") == "done"
    stats = driver.js("return window.policykgView.stats()")
    assert stats["drawn"] == stats["shown"] > 0
    assert severe(driver) == []
    assert_offline(driver, out)


def test_kind_filters(driver, seed_graph, tmp_path):
    out = tmp_path / "view.html"
    export_graph(seed_graph, "html", out)
    load(driver, out)
    wait_drawn(driver)
    kinds = driver.js(
        "var c = {}; window.policykgView.graph.forEachNode(function (k, a) { c[a.kind] = (c[a.kind] || 0) + 1; }); return c"
    )
    total = sum(kinds.values())
    stats = driver.js("return window.policykgView.stats()")
    assert kinds["Figure"] > 0 and stats["shown"] == total - kinds["Figure"]
    assert not driver.js("return document.querySelector('input[data-kind=Figure]').checked")
    driver.js("document.querySelector('input[data-kind=Figure]').click()")
    assert driver.js("return window.policykgView.stats().shown") == total
    driver.js("document.querySelector('input[data-kind=Document]').click()")
    assert driver.js("return window.policykgView.stats().shown") == total - kinds["Document"]
    # a search for a hidden kind shows that kind again
    driver.type("#pk-search", "渝府办发〔2021〕25号\ue007")
    assert driver.js("return document.querySelector('input[data-kind=Document]').checked")
    assert severe(driver) == []


def test_view_draws_searches_and_stays_offline(driver, seed_graph, tmp_path):
    out = tmp_path / "view.html"
    export_graph(seed_graph, "html", out)
    load(driver, out)
    time.sleep(0.5)
    assert severe(driver) == []
    assert_offline(driver, out)

    # the graph is drawn (sigma on WebGL, else the 2D fallback) inside the canvas
    renderer = driver.js("return window.policykgView.renderer")
    assert renderer in ("sigma", "canvas")
    stats = wait_drawn(driver)
    assert stats["drawn"] == stats["shown"] > 0
    png = driver.screenshot()
    (tmp_path / "view.png").write_bytes(png)
    drawn, coloured = graph_pixels(driver, png)
    assert coloured > 500, f"nothing drawn by the {renderer} renderer"

    # search by 文号 (another bracket form works too) -> side panel with its title and evidence
    driver.type("#pk-search", "渝府办发[2020]118号\ue007")
    assert driver.js("return window.policykgView.selected") == "Document:渝府办发〔2020〕118号"
    title = driver.js("return document.getElementById('pk-title').textContent")
    assert title == "重庆市人民政府办公厅关于加快市级政府投资项目前期工作的通知"
    assert (
        driver.js("return document.getElementById('pk-docnumber').textContent")
        == "渝府办发〔2020〕118号"
    )
    sentences = driver.js(
        "return Array.from(document.querySelectorAll('#pk-evidence .sentence')).map(e => e.textContent)"
    )
    assert len(sentences) == 3 and all("渝府办发〔2020〕118号" in s for s in sentences)
    # the evidence names its document by title, never by an internal id
    sources = driver.js(
        "return Array.from(document.querySelectorAll('#pk-evidence .source')).map(e => e.textContent)"
    )
    assert len(sources) == 3 and not any("t:" in s for s in sources)
    assert "来源 source: 关于做好2022年区级重点项目实施有关工作的通知" in sources
    # title fragment search
    driver.js("document.getElementById('pk-search').value = ''")
    driver.type("#pk-search", "区级重点项目实施\ue007")
    assert driver.js("return window.policykgView.selected") == "Document:t:8c7cc39914883a90"
    # a document without a 文号 is labelled by its title
    label = driver.js(
        "return window.policykgView.graph.getNodeAttribute('Document:t:8c7cc39914883a90', 'label')"
    )
    assert label.startswith("关于做好2022年区级重点项目") and "t:" not in label
    assert severe(driver) == []


def test_canvas_fallback_draws_and_selects(driver, seed_graph, tmp_path):
    """Without WebGL (forced with #canvas) the small 2D renderer draws and clicks select."""
    out = tmp_path / "view.html"
    export_graph(seed_graph, "html", out, subgraph="渝府办发〔2020〕118号", depth=1)
    load(driver, out, "#canvas")
    assert driver.js("return window.policykgView.renderer") == "canvas"
    # opened on the --subgraph document
    assert driver.js("return window.policykgView.selected") == "Document:渝府办发〔2020〕118号"
    drawn = driver.js(
        "var c = document.querySelector('#pk-graph canvas'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
        "for (var i = 0; i < d.length; i += 4) { if (Math.max(d[i], d[i+1], d[i+2]) - Math.min(d[i], d[i+1], d[i+2]) > 40) n++; } return n;"
    )
    assert drawn > 200
    stats = driver.js("return window.policykgView.stats()")
    assert stats["drawn"] == stats["shown"] > 0
    driver.type("#pk-search", "渝府办发〔2021〕25号\ue007")
    assert (
        driver.js("return document.getElementById('pk-docnumber').textContent")
        == "渝府办发〔2021〕25号"
    )
    assert severe(driver) == []


def test_hostile_title_does_not_execute(driver, tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE_NOTICE, encoding="utf-8")
    db = tmp_path / "g.db"
    assert policykg.ingest([folder], db=db).ok
    out = tmp_path / "view.html"
    with policykg.open(db, read_only=True) as g:
        export_graph(g, "html", out, subgraph="渝府办发〔2099〕7号")
    load(driver, out)
    time.sleep(0.3)
    assert driver.alert_text() is None
    assert driver.js(
        "return window.__xss === undefined && document.querySelectorAll('img').length === 0"
    )
    # opened on the document; the hostile title is shown as text
    assert driver.js("return window.policykgView.selected") == "Document:渝府办发〔2099〕7号"
    assert (
        driver.js("return document.getElementById('pk-title').textContent")
        == f"重庆市人民政府办公厅关于{HOSTILE}的通知"
    )
    driver.type("#pk-search", "2099\ue007")
    assert driver.js(
        "return window.__xss === undefined && document.querySelectorAll('img').length === 0"
    )
    assert driver.alert_text() is None
    assert severe(driver) == []
    assert_offline(driver, out)


def test_layout_without_workers_runs_in_steps(driver, seed_graph, tmp_path):
    """Where a page may not start workers, ForceAtlas2 runs in small steps on the page."""
    out = tmp_path / "view.html"
    export_graph(seed_graph, "html", out)
    added = driver.cmd(
        "POST",
        "/goog/cdp/execute",
        {
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": {"source": "window.Worker = undefined;"},
        },
    )
    try:
        load(driver, out)
        deadline = time.monotonic() + 30
        while driver.js("return window.policykgView.stats().iterations") < 20:
            assert time.monotonic() < deadline, "the layout did not step"
            time.sleep(0.1)
        stats = driver.js("return window.policykgView.stats()")
        assert stats["layout"] == "steps" and stats["drawn"] == stats["shown"] > 0
        assert severe(driver) == []
    finally:
        driver.cmd(
            "POST",
            "/goog/cdp/execute",
            {
                "cmd": "Page.removeScriptToEvaluateOnNewDocument",
                "params": {"identifier": added["identifier"]},
            },
        )
