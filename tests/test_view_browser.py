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


def coloured_pixels(png: bytes, box: tuple[int, int, int, int]) -> int:
    """Pixels in box (x0, y0, x1, y1) that are neither white nor grey: drawn nodes."""
    width, bpp, rows = png_pixels(png)
    x0, y0, x1, y1 = box
    n = 0
    for row in rows[y0:y1]:
        for x in range(x0, min(x1, width)):
            r, g, b = row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]
            if max(r, g, b) - min(r, g, b) > 40:
                n += 1
    return n


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


def test_view_draws_searches_and_stays_offline(driver, seed_graph, tmp_path):
    out = tmp_path / "view.html"
    export_graph(seed_graph, "html", out)
    load(driver, out)
    time.sleep(0.5)
    assert severe(driver) == []
    assert_offline(driver, out)

    # the graph is drawn (sigma on WebGL, else the 2D fallback): coloured node pixels
    renderer = driver.js("return window.policykgView.renderer")
    assert renderer in ("sigma", "canvas")
    rect = driver.js(
        "var r = document.getElementById('pk-graph').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];"
    )
    box = tuple(int(v) for v in rect)
    png = driver.screenshot()
    (tmp_path / "view.png").write_bytes(png)
    assert coloured_pixels(png, box) > 200, f"nothing drawn by the {renderer} renderer"

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
    # title fragment search
    driver.js("document.getElementById('pk-search').value = ''")
    driver.type("#pk-search", "区级重点项目实施\ue007")
    assert driver.js("return window.policykgView.selected") == "Document:t:8c7cc39914883a90"
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
