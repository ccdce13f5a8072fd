"""One self-contained HTML file that shows the graph: no CDN, no network, works from file://.

The vendored sigma.js 3 and graphology UMD bundles (``vendor/``, MIT, versions in
``vendor/README.md``) are inlined; the graph (graphology JSON with positions from a networkx
layout, see :mod:`policykg.export.graphology`) is embedded in a
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no
title can end the script. The page: nodes coloured by kind with a legend, a search box (文号
in any bracket form, or a title/name fragment; Enter focuses the node), and a side panel for
the clicked node (title, 文号, date, issuer and the evidence sentences of its edges), filled
with ``textContent`` only. If WebGL is unavailable (headless browsers, old GPUs) a small 2D
canvas renderer draws the same graph (``#canvas`` at the end of the URL forces it). A
Content-Security-Policy forbids every fetch.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import networkx as nx

from policykg.export import KIND_COLOURS
from policykg.export.graphology import to_graphology

VENDOR = Path(__file__).parent / "vendor"
VENDOR_FILES = ("graphology.umd.min.js", "sigma.min.js")
KIND_NAMES = {
    "Document": "文件",
    "Project": "项目",
    "Agency": "机关",
    "Region": "地区",
    "Series": "系列",
    "Figure": "数据",
}

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


def json_for_script(obj) -> str:
    """JSON that is safe inside <script>: no <, >, & or line/paragraph separators left raw."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


@cache
def vendored_js() -> str:
    parts = []
    for name in VENDOR_FILES:
        code = (VENDOR / name).read_text(encoding="utf-8")
        code = re.sub(r"//[#@] sourceMappingURL=\S*", "", code)
        parts.append(code.replace("</script", "<\\/script").replace("<!--", "<\\!--"))
    return "\n;\n".join(parts)


STYLE = """
html,body{margin:0;height:100%;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;font-size:14px;color:#222}
#pk-wrap{display:flex;height:100%}
#pk-main{position:relative;flex:1;min-width:0}
#pk-graph{position:absolute;inset:0;background:#fff}
#pk-graph canvas.pk-fallback{width:100%;height:100%;display:block}
#pk-bar{position:absolute;top:8px;left:8px;z-index:10;background:rgba(255,255,255,.92);padding:6px;border:1px solid #ccc;border-radius:4px}
#pk-search{width:260px;padding:4px}
#pk-status{font-size:12px;color:#a00;margin-left:6px}
#pk-legend{position:absolute;bottom:8px;left:8px;z-index:10;background:rgba(255,255,255,.92);padding:6px 8px;border:1px solid #ccc;border-radius:4px;font-size:12px}
#pk-legend .sw{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
#pk-panel{width:340px;overflow:auto;border-left:1px solid #ccc;padding:10px;background:#fafafa}
#pk-panel h2{font-size:16px;margin:0 0 8px}
#pk-panel dt{font-weight:bold;color:#555}
#pk-panel dd{margin:0 0 6px 0}
#pk-panel li{margin-bottom:8px;line-height:1.4}
#pk-panel .rel{font-size:11px;color:#fff;background:#666;border-radius:3px;padding:0 4px;margin-right:4px}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("policykg-data").textContent);
  var meta = JSON.parse(document.getElementById("policykg-meta").textContent);
  var G = new graphology.MultiDirectedGraph({allowSelfLoops: true});
  G.import({attributes: data.attributes, nodes: data.nodes, edges: data.edges});
  var container = document.getElementById("pk-graph");
  var view = {renderer: null, selected: null, data: data};
  window.policykgView = view;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // ---- legend -------------------------------------------------------------------------
  var legend = document.getElementById("pk-legend");
  var kinds = {};
  G.forEachNode(function (k, a) { kinds[a.kind] = (kinds[a.kind] || 0) + 1; });
  Object.keys(meta.colours).forEach(function (kind) {
    if (!kinds[kind]) return;
    var row = el("div");
    var sw = el("span", null, "sw");
    sw.style.background = meta.colours[kind];
    row.appendChild(sw);
    row.appendChild(el("span", (meta.names[kind] || kind) + " " + kind + " (" + kinds[kind] + ")"));
    legend.appendChild(row);
  });

  // ---- renderers ----------------------------------------------------------------------
  function sigmaRenderer() {
    var r = new Sigma(G, container, {
      defaultEdgeType: "arrow", renderEdgeLabels: false, labelRenderedSizeThreshold: 9,
      labelFont: "Noto Sans CJK SC, Source Han Sans SC, sans-serif"
    });
    r.on("clickNode", function (e) { select(e.node); });
    r.setSetting("nodeReducer", function (key, attrs) {
      if (key !== view.selected) return attrs;
      var o = Object.assign({}, attrs);
      o.highlighted = true; o.forceLabel = true; o.size = attrs.size * 1.6;
      return o;
    });
    return {
      name: "sigma",
      focus: function (key) {
        var d = r.getNodeDisplayData(key);
        if (d) r.getCamera().animate({x: d.x, y: d.y, ratio: 0.35}, {duration: 300});
        r.refresh();
      }
    };
  }

  function canvasRenderer() {  // small 2D fallback when WebGL is not available
    container.textContent = "";
    var cv = document.createElement("canvas");
    cv.className = "pk-fallback";
    container.appendChild(cv);
    var ctx = cv.getContext("2d");
    var xs = [], ys = [];
    G.forEachNode(function (k, a) { xs.push(a.x); ys.push(a.y); });
    var minX = Math.min.apply(null, xs.concat([0])), maxX = Math.max.apply(null, xs.concat([0]));
    var minY = Math.min.apply(null, ys.concat([0])), maxY = Math.max.apply(null, ys.concat([0]));
    var cam = {cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, zoom: 1};
    function scale() {
      var w = cv.width, h = cv.height;
      return 0.9 * Math.min(w / Math.max(maxX - minX, 1e-9), h / Math.max(maxY - minY, 1e-9)) * cam.zoom;
    }
    function toScreen(a) {
      var s = scale();
      return [cv.width / 2 + (a.x - cam.cx) * s, cv.height / 2 - (a.y - cam.cy) * s];
    }
    function draw() {
      cv.width = container.clientWidth || 800; cv.height = container.clientHeight || 600;
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, cv.width, cv.height);
      ctx.strokeStyle = "#bbbbbb"; ctx.lineWidth = 1;
      G.forEachEdge(function (e, a, s, t, sa, ta) {
        var p = toScreen(sa), q = toScreen(ta);
        ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]); ctx.stroke();
      });
      ctx.font = "12px " + "Noto Sans CJK SC, sans-serif";
      G.forEachNode(function (k, a) {
        var p = toScreen(a), r = a.size * (k === view.selected ? 1.6 : 1);
        ctx.beginPath(); ctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
        ctx.fillStyle = a.color; ctx.fill();
        if (k === view.selected) { ctx.lineWidth = 3; ctx.strokeStyle = "#000"; ctx.stroke(); ctx.lineWidth = 1; ctx.strokeStyle = "#bbbbbb"; }
        if (a.kind === "Document" || k === view.selected) {
          ctx.fillStyle = "#222";
          ctx.fillText(String(a.label).slice(0, 24), p[0] + r + 2, p[1] + 4);
        }
      });
    }
    cv.addEventListener("click", function (ev) {
      var rect = cv.getBoundingClientRect();
      var x = (ev.clientX - rect.left) * cv.width / rect.width, y = (ev.clientY - rect.top) * cv.height / rect.height;
      var best = null, bestD = Infinity;
      G.forEachNode(function (k, a) {
        var p = toScreen(a), d = Math.hypot(p[0] - x, p[1] - y);
        if (d < bestD && d <= a.size + 4) { best = k; bestD = d; }
      });
      if (best) select(best);
    });
    window.addEventListener("resize", draw);
    draw();
    return {
      name: "canvas",
      focus: function (key) {
        var a = G.getNodeAttributes(key);
        cam.cx = a.x; cam.cy = a.y; cam.zoom = 2; draw();
      },
      redraw: draw
    };
  }

  var webgl = false;
  try {
    var probe = document.createElement("canvas");
    webgl = !!(probe.getContext("webgl2") || probe.getContext("webgl"));
  } catch (e) { webgl = false; }
  var renderer = null;
  if (webgl && typeof Sigma === "function" && location.hash !== "#canvas") {
    try { renderer = sigmaRenderer(); } catch (e) { renderer = null; container.textContent = ""; }
  }
  if (!renderer) renderer = canvasRenderer();
  view.renderer = renderer.name;

  // ---- side panel ---------------------------------------------------------------------
  var panel = document.getElementById("pk-panel");
  function other(k) { return G.getNodeAttribute(k, "label") || k; }
  function select(key) {
    if (!G.hasNode(key)) return;
    view.selected = key;
    var a = G.getNodeAttributes(key);
    panel.textContent = "";
    var h = el("h2", a.label || key); h.id = "pk-title"; panel.appendChild(h);
    var dl = el("dl");
    [["类型 kind", (meta.names[a.kind] || "") + " " + a.kind], ["文号", a.doc_number], ["日期 date", a.date],
     ["发文机关 issuer", a.issuer], ["id", a.node_id]].forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") return;
      dl.appendChild(el("dt", row[0]));
      var dd = el("dd", row[1]);
      if (row[0] === "文号") dd.id = "pk-docnumber";
      dl.appendChild(dd);
    });
    panel.appendChild(dl);
    panel.appendChild(el("h3", "证据 evidence"));
    var ul = el("ul"); ul.id = "pk-evidence";
    var n = 0;
    G.forEachEdge(key, function (e, ea, s, t) {
      if (n >= 100 || !ea.sentence) return;
      n += 1;
      var li = el("li");
      li.appendChild(el("span", ea.rel, "rel"));
      li.appendChild(el("span", (s === key ? "→ " + other(t) : "← " + other(s)) + "："));
      li.appendChild(el("div", ea.sentence, "sentence"));
      if (ea.source) li.appendChild(el("div", "来源 source: " + ea.source, "source"));
      ul.appendChild(li);
    });
    if (!n) ul.appendChild(el("li", "（无）"));
    panel.appendChild(ul);
    renderer.focus(key);
  }
  view.select = select;

  // ---- search -------------------------------------------------------------------------
  function norm(s) {
    return String(s || "").replace(/\s+/g, "").replace(/[\[(（【［]/g, "〔").replace(/[\])）】］]/g, "〕").toLowerCase();
  }
  function find(q) {
    var nq = norm(q), hit = null, partial = null;
    if (!nq) return null;
    G.forEachNode(function (k, a) {
      if (hit) return;
      if (norm(a.doc_number) === nq || norm(a.node_id) === nq || norm(k) === nq) { hit = k; return; }
      if (!partial && [a.label, a.title, a.name, a.doc_number].some(function (v) { return v && norm(v).indexOf(nq) >= 0; })) partial = k;
    });
    return hit || partial;
  }
  view.find = find;
  var box = document.getElementById("pk-search"), status = document.getElementById("pk-status");
  function run() {
    var k = find(box.value);
    status.textContent = k ? "" : (box.value ? "未找到 not found" : "");
    if (k) select(k);
  }
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") run(); });
  box.addEventListener("change", run);
  if (meta.focus && G.hasNode(meta.focus)) select(meta.focus);
  document.body.setAttribute("data-ready", view.renderer);
})();
"""


def render(g: nx.MultiDiGraph, focus: str | None = None) -> str:
    data = to_graphology(g)
    meta = {"colours": KIND_COLOURS, "names": KIND_NAMES, "focus": focus}
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>policykg 政策文件图谱</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        '<div id="pk-wrap"><div id="pk-main"><div id="pk-graph"></div>\n'
        '<div id="pk-bar"><input id="pk-search" type="search" placeholder="文号或标题 (e.g. 渝府办发〔2020〕118号)" '
        'autocomplete="off"><span id="pk-status"></span></div>\n'
        '<div id="pk-legend"></div></div>\n'
        '<aside id="pk-panel"><p>点击节点查看详情；在搜索框输入文号或标题。Click a node, or search by 文号 or title.</p></aside></div>\n'
        f'<script type="application/json" id="policykg-data">{json_for_script(data)}</script>\n'
        f'<script type="application/json" id="policykg-meta">{json_for_script(meta)}</script>\n'
        f"<script>\n{vendored_js()}\n</script>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def write(g: nx.MultiDiGraph, destination) -> None:
    """Write the view of ``g`` as one HTML file to a path or a text file handle."""
    text = render(g, focus=g.graph.get("focus"))
    if hasattr(destination, "write"):
        destination.write(text)
    else:
        with open(destination, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
