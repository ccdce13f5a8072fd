"""One self-contained HTML file that shows the graph: no CDN, no network, works from file://.

The vendored sigma.js 3, graphology and graphology-layout-forceatlas2 bundles (``vendor/``,
MIT, versions and sha256 in ``vendor/README.md``) are inlined. The graph is embedded as
graphology JSON in a ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, so no title can end the script; only what the page shows travels (label,
title, 文号, date, issuer, kind, citation count; relation, evidence sentence and document).

Layout: nodes start where the cheap seed layout of :mod:`policykg.export.layout` puts them
(computed in Python in milliseconds) and ForceAtlas2 refines them in a web worker (a Blob
worker, the only thing the Content-Security-Policy allows besides inline code), the positions
streamed to the renderer as they come; it stops after a time budget, and the "layout" button
runs it again. Without workers it runs in small steps on the page.

Readable by default: the whole graph is framed on open (for ``view DOC`` the document's
neighbourhood, the document selected), figures hidden (kind checkboxes in the legend), node
size by the number of documents citing it, the most cited documents always labelled, edges
drawn as arrows. Search by 文号 (any bracket form) or a title fragment; the side panel shows
the clicked node and the evidence of its edges, filled with ``textContent`` only. If WebGL is
unavailable a small 2D canvas renderer draws the same graph (``#canvas`` forces it).

``window.policykgView`` exposes the graph, the renderer and ``stats()`` (nodes drawn inside
the canvas, layout iterations) for tests.
"""

from __future__ import annotations

import html
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.export import (
    EVIDENCE_SOURCE,
    KIND_COLOURS,
    TextDestination,
    cited_counts,
    colour_of,
    node_label,
)
from policykg.export.graphology import node_size
from policykg.export.layout import seed_positions

VENDOR = Path(__file__).parent / "vendor"
VENDOR_FILES = ("graphology.umd.min.js", "sigma.min.js", "graphology-layout-forceatlas2.min.js")
KIND_NAMES = {
    "Document": "文件",
    "Project": "项目",
    "Agency": "机关",
    "Region": "地区",
    "Series": "系列",
    "Figure": "数据",
}
HIDDEN_KINDS = ("Figure",)  # unticked in the legend when the page opens
TOP_LABELS = 4  # the most cited documents whose labels are always drawn (sigma's label grid
# adds the next most cited where there is room)
LABEL_CHARS = 22
LAYOUT_SECONDS = 15  # ForceAtlas2 budget before it stops by itself …
LAYOUT_ITERATIONS = 2000  # … or after this many iterations
SMALL_GRAPH = 1000  # edges: up to this, thicker edges (bigger arrows) and every label

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; worker-src blob:"
)

NODE_FIELDS = ("title", "name", "doc_number", "date", "issuer", "path", "year", "level")
EDGE_FIELDS = ("sentence", "year")


def json_for_script(obj: Any) -> str:
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
    """The vendored JavaScript libraries, concatenated for inlining in the page."""
    parts = []
    for name in VENDOR_FILES:
        code = (VENDOR / name).read_text(encoding="utf-8")
        code = re.sub(r"//[#@] sourceMappingURL=\S*", "", code)
        parts.append(code.replace("</script", "<\\/script").replace("<!--", "<\\!--"))
    return "\n;\n".join(parts)


def short_label(d: dict[str, Any]) -> str:
    """What the canvas writes beside a node: the 文号 of a document, else its title (never its
    internal id), cut to ``LABEL_CHARS``."""
    text = str(d.get("doc_number") or node_label(d))
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def view_data(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The graphology JSON the page imports: seed positions, sizes, colours, labels."""
    pos = seed_positions(g)
    cited = cited_counts(g)
    degree = dict(g.degree())
    top = sorted(
        (n for n, k in g.nodes(data="kind") if k == "Document" and cited[n] > 0),
        key=lambda n: (-cited[n], n),
    )[:TOP_LABELS]
    top_set = set(top)
    shown = sum(1 for _, k in g.nodes(data="kind") if k not in HIDDEN_KINDS)
    scale = 1.0 if shown <= 500 else max(0.35, math.sqrt(500 / shown))
    nodes = []
    for n, d in g.nodes(data=True):
        kind = d.get("kind")
        a: dict[str, Any] = {k: d[k] for k in NODE_FIELDS if d.get(k) not in (None, "")}
        x, y = pos[n]
        a.update(
            kind=kind,
            label=short_label(d),
            x=round(x, 2),
            y=round(y, 2),
            size=round(node_size(kind, cited[n], degree[n]) * scale, 2),
            color=colour_of(kind),
            cited=cited[n],
        )
        if kind == "Region" and "id" in d:
            a["code"] = str(d["id"])
        if cited[n]:  # the most cited drawn on top
            a["zIndex"] = round(math.log2(1 + cited[n]))
        if n in top_set:
            a["forceLabel"] = True
        nodes.append({"key": str(n), "attributes": a})
    edges = []
    small = g.number_of_edges() <= SMALL_GRAPH
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        rel = d.get("rel", "")
        e: dict[str, Any] = {k: d[k] for k in EDGE_FIELDS if d.get(k) not in (None, "")}
        e["rel"] = rel
        if d.get("source"):
            e[EVIDENCE_SOURCE] = d["source"]
        if small:
            e["size"], e["color"] = (2.4, "#8c9db5") if rel == "CITES" else (1.2, "#d3d3d3")
        else:  # thin and pale, so thousands of edges leave the nodes visible
            e["size"], e["color"] = (1.0, "#b9c4d6") if rel == "CITES" else (0.6, "#e4e4e4")
        edges.append({"key": f"e{i}", "source": str(u), "target": str(v), "attributes": e})
    return {
        "attributes": {"name": "policykg"},
        "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
        "nodes": nodes,
        "edges": edges,
    }


STYLE = """
html,body{margin:0;height:100%;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;font-size:14px;color:#222}
#pk-wrap{display:flex;height:100%}
#pk-main{position:relative;flex:1;min-width:0}
#pk-graph{position:absolute;inset:0;background:#fff}
#pk-graph canvas.pk-fallback{width:100%;height:100%;display:block}
#pk-bar{position:absolute;top:8px;left:8px;z-index:10;background:rgba(255,255,255,.92);padding:6px;border:1px solid #ccc;border-radius:4px}
#pk-search{width:260px;padding:4px}
#pk-status{font-size:12px;color:#a00;margin-left:6px}
#pk-layout{margin-left:6px;font-size:12px}
#pk-side{width:360px;display:flex;flex-direction:column;border-left:1px solid #ccc;background:#fafafa}
#pk-legend{padding:8px 10px;border-bottom:1px solid #ddd;font-size:12px}
#pk-legend label{display:block;cursor:pointer}
#pk-legend .sw{display:inline-block;width:10px;height:10px;border-radius:50%;margin:0 4px;vertical-align:middle}
#pk-legend .hint{color:#666;margin-top:4px}
#pk-panel{flex:1;overflow:auto;padding:10px}
#pk-panel h2{font-size:16px;margin:0 0 8px}
#pk-panel dt{font-weight:bold;color:#555}
#pk-panel dd{margin:0 0 6px 0}
#pk-panel li{margin-bottom:8px;line-height:1.4}
#pk-panel .rel{font-size:11px;color:#fff;background:#666;border-radius:3px;padding:0 4px;margin-right:4px}
#pk-panel .source{font-size:12px;color:#555}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var timings = {script: Math.round(performance.now())};  // ms since navigation, for benchmarks
  var data = JSON.parse(document.getElementById("policykg-data").textContent);
  var meta = JSON.parse(document.getElementById("policykg-meta").textContent);
  timings.parsed = Math.round(performance.now());
  var G = new graphology.MultiDirectedGraph({allowSelfLoops: true});
  G.import({attributes: data.attributes, nodes: data.nodes, edges: data.edges});
  data = null;
  timings.imported = Math.round(performance.now());
  var container = document.getElementById("pk-graph");
  var hiddenKinds = {};
  meta.hidden_kinds.forEach(function (k) { hiddenKinds[k] = true; });
  var view = {renderer: null, sigma: null, graph: G, selected: null, hiddenKinds: hiddenKinds, timings: timings,
              layout: {mode: "none", running: false, iterations: 0}};
  window.policykgView = view;
  var renderer = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function isHidden(a) { return !!hiddenKinds[a.kind]; }

  // ---- legend with kind filters -------------------------------------------------------
  var legend = document.getElementById("pk-legend");
  var kinds = {};
  G.forEachNode(function (k, a) { kinds[a.kind] = (kinds[a.kind] || 0) + 1; });
  Object.keys(meta.colours).forEach(function (kind) {
    if (!kinds[kind]) return;
    var row = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = !hiddenKinds[kind]; box.setAttribute("data-kind", kind);
    box.addEventListener("change", function () { setKind(kind, box.checked); });
    row.appendChild(box);
    var sw = el("span", null, "sw");
    sw.style.background = meta.colours[kind];
    row.appendChild(sw);
    row.appendChild(el("span", (meta.names[kind] || kind) + " " + kind + " (" + kinds[kind] + ")"));
    legend.appendChild(row);
  });
  legend.appendChild(el("div", "节点大小＝被引次数 size = times cited · 箭头＝方向 arrows = direction", "hint"));
  var hint = el("div", null, "hint");
  [["选中节点指向 selected → ", meta.out_colour], ["  指向选中节点 → selected ", meta.in_colour]].forEach(function (p) {
    hint.appendChild(el("span", p[0]));
    var sw = el("span", null, "sw"); sw.style.background = p[1]; sw.style.borderRadius = "0"; sw.style.height = "3px";
    hint.appendChild(sw);
  });
  legend.appendChild(hint);
  function setKind(kind, shown) {
    if (shown && hiddenKinds[kind]) {  // laid out while hidden: start beside their neighbours
      G.forEachNode(function (k, a) {
        if (a.kind !== kind) return;
        var sx = 0, sy = 0, n = 0;
        G.forEachNeighbor(k, function (m, b) { if (b.kind !== kind) { sx += b.x; sy += b.y; n += 1; } });
        if (n) G.mergeNodeAttributes(k, {x: sx / n + (a.x % 7), y: sy / n + (a.y % 7)});
      });
    }
    if (shown) delete hiddenKinds[kind]; else hiddenKinds[kind] = true;
    var box = legend.querySelector('input[data-kind="' + kind + '"]');
    if (box) box.checked = shown;
    if (renderer) renderer.redraw();
  }
  view.setKind = setKind;

  // edges of the selected node stand out: what it points to, what points to it
  function edgeColour(edge, attrs) {
    if (!view.selected) return attrs.color;
    if (G.source(edge) === view.selected) return meta.out_colour;
    if (G.target(edge) === view.selected) return meta.in_colour;
    return attrs.color;
  }

  // ---- renderers ----------------------------------------------------------------------
  function sigmaRenderer() {
    var r = new Sigma(G, container, {
      defaultEdgeType: "arrow", renderEdgeLabels: false, zIndex: true,
      labelRenderedSizeThreshold: meta.small ? 0 : 4, labelDensity: 0.4, labelGridCellSize: 140,
      hideEdgesOnMove: G.size > 5000,
      labelFont: "Noto Sans CJK SC, Source Han Sans SC, sans-serif",
      edgeReducer: function (edge, attrs) {
        var c = edgeColour(edge, attrs);
        return c === attrs.color ? attrs : Object.assign({}, attrs, {color: c, size: Math.max(attrs.size, 1.2) * 1.8, zIndex: 1});
      },
      nodeReducer: function (key, attrs) {
        if (isHidden(attrs)) return Object.assign({}, attrs, {hidden: true});
        if (key !== view.selected) return attrs;
        return Object.assign({}, attrs, {highlighted: true, forceLabel: true, zIndex: 100, size: attrs.size * 1.6 + 2});
      }
    });
    r.on("clickNode", function (e) { select(e.node); });
    view.sigma = r;
    return {
      name: "sigma",
      redraw: function () { r.refresh(); },
      focus: function (key) {
        r.refresh();  // display data are in camera coordinates only after a refresh
        var d = r.getNodeDisplayData(key);
        if (d) r.getCamera().animate({x: d.x, y: d.y, ratio: 0.5}, {duration: 300});
      },
      stats: function () {
        var dims = r.getDimensions(), drawn = 0;
        G.forEachNode(function (k) {
          var d = r.getNodeDisplayData(k);
          if (!d || d.hidden) return;
          var p = r.framedGraphToViewport(d);
          if (p.x >= 0 && p.y >= 0 && p.x <= dims.width && p.y <= dims.height) drawn += 1;
        });
        return drawn;
      }
    };
  }

  function canvasRenderer() {  // small 2D fallback when WebGL is not available
    container.textContent = "";
    var cv = document.createElement("canvas");
    cv.className = "pk-fallback";
    container.appendChild(cv);
    var ctx = cv.getContext("2d");
    var cam = {cx: null, cy: null, zoom: 1}, frame = null, drawn = 0, box = null;
    function bounds() {
      var b = {minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity};
      G.forEachNode(function (k, a) {
        if (isHidden(a)) return;
        b.minX = Math.min(b.minX, a.x); b.maxX = Math.max(b.maxX, a.x);
        b.minY = Math.min(b.minY, a.y); b.maxY = Math.max(b.maxY, a.y);
      });
      if (b.minX === Infinity) b = {minX: -1, maxX: 1, minY: -1, maxY: 1};
      return b;
    }
    function scale() {
      return 0.9 * Math.min(cv.width / Math.max(box.maxX - box.minX, 1e-9), cv.height / Math.max(box.maxY - box.minY, 1e-9)) * cam.zoom;
    }
    function toScreen(a, s) {
      var cx = cam.cx === null ? (box.minX + box.maxX) / 2 : cam.cx, cy = cam.cy === null ? (box.minY + box.maxY) / 2 : cam.cy;
      return [cv.width / 2 + (a.x - cx) * s, cv.height / 2 - (a.y - cy) * s];
    }
    function draw() {
      frame = null;
      cv.width = container.clientWidth || 800; cv.height = container.clientHeight || 600;
      box = bounds();
      var s = scale();
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, cv.width, cv.height);
      G.forEachEdge(function (e, ea, src, tgt, sa, ta) {
        if (isHidden(sa) || isHidden(ta)) return;
        var p = toScreen(sa, s), q = toScreen(ta, s);
        var colour = edgeColour(e, ea);
        ctx.strokeStyle = colour; ctx.lineWidth = colour === ea.color ? ea.size : 2;
        ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]); ctx.stroke();
        var ang = Math.atan2(q[1] - p[1], q[0] - p[0]), tip = [q[0] - Math.cos(ang) * ta.size, q[1] - Math.sin(ang) * ta.size];
        ctx.fillStyle = colour; ctx.beginPath(); ctx.moveTo(tip[0], tip[1]);
        ctx.lineTo(tip[0] - 7 * Math.cos(ang - 0.4), tip[1] - 7 * Math.sin(ang - 0.4));
        ctx.lineTo(tip[0] - 7 * Math.cos(ang + 0.4), tip[1] - 7 * Math.sin(ang + 0.4)); ctx.fill();
      });
      ctx.font = "12px Noto Sans CJK SC, sans-serif";
      drawn = 0;
      G.forEachNode(function (k, a) {
        if (isHidden(a)) return;
        var p = toScreen(a, s), r = a.size * (k === view.selected ? 1.6 : 1);
        if (p[0] >= 0 && p[1] >= 0 && p[0] <= cv.width && p[1] <= cv.height) drawn += 1;
        ctx.beginPath(); ctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
        ctx.fillStyle = a.color; ctx.fill();
        if (k === view.selected) { ctx.lineWidth = 3; ctx.strokeStyle = "#000"; ctx.stroke(); }
        if (a.forceLabel || k === view.selected) { ctx.fillStyle = "#222"; ctx.fillText(a.label, p[0] + r + 2, p[1] + 4); }
      });
    }
    function schedule() { if (frame === null) frame = requestAnimationFrame(draw); }
    cv.addEventListener("click", function (ev) {
      var rect = cv.getBoundingClientRect(), s = scale();
      var x = (ev.clientX - rect.left) * cv.width / rect.width, y = (ev.clientY - rect.top) * cv.height / rect.height;
      var best = null, bestD = Infinity;
      G.forEachNode(function (k, a) {
        if (isHidden(a)) return;
        var p = toScreen(a, s), d = Math.hypot(p[0] - x, p[1] - y);
        if (d < bestD && d <= a.size + 4) { best = k; bestD = d; }
      });
      if (best) select(best);
    });
    window.addEventListener("resize", schedule);
    G.on("eachNodeAttributesUpdated", schedule);
    draw();
    return {
      name: "canvas",
      redraw: draw,
      focus: function (key) {
        var a = G.getNodeAttributes(key);
        cam.cx = a.x; cam.cy = a.y; cam.zoom = 2; draw();
      },
      stats: function () { return drawn; }
    };
  }

  var webgl = false;
  try {
    var probe = document.createElement("canvas");
    webgl = !!(probe.getContext("webgl2") || probe.getContext("webgl"));
  } catch (e) { webgl = false; }
  if (webgl && typeof Sigma === "function" && location.hash !== "#canvas") {
    try { renderer = sigmaRenderer(); } catch (e) { renderer = null; view.sigma = null; container.textContent = ""; }
  }
  if (!renderer) renderer = canvasRenderer();
  view.renderer = renderer.name;

  // ---- side panel ---------------------------------------------------------------------
  var panel = document.getElementById("pk-panel");
  function docName(id) {  // the evidence's document: its title, never an internal id
    var k = "Document:" + id;
    if (G.hasNode(k)) { var a = G.getNodeAttributes(k); return a.title || a.doc_number || a.label; }
    return /^t:/.test(id) ? "（未收录的文件 a document not in this view）" : id;
  }
  function other(k) { var a = G.getNodeAttributes(k); return a.title || a.name || a.label; }
  function select(key) {
    if (!G.hasNode(key)) return;
    var a = G.getNodeAttributes(key);
    if (isHidden(a)) setKind(a.kind, true);
    view.selected = key;
    panel.textContent = "";
    var h = el("h2", a.title || a.name || a.label); h.id = "pk-title"; panel.appendChild(h);
    var dl = el("dl");
    [["类型 kind", (meta.names[a.kind] || "") + " " + a.kind], ["文号", a.doc_number], ["日期 date", a.date],
     ["发文机关 issuer", a.issuer], ["被引 cited by", a.kind === "Document" ? a.cited : null],
     ["代码 code", a.code], ["年份 year", a.year], ["文件 file", a.path]].forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") return;
      dl.appendChild(el("dt", row[0]));
      var dd = el("dd", row[1]);
      if (row[0] === "文号") dd.id = "pk-docnumber";
      dl.appendChild(dd);
    });
    panel.appendChild(dl);
    panel.appendChild(el("h3", "证据 evidence"));
    var ul = el("ul"); ul.id = "pk-evidence";
    var n = 0, more = 0;
    G.forEachEdge(key, function (e, ea, s, t) {
      if (!ea.sentence) return;
      if (n >= 100) { more += 1; return; }
      n += 1;
      var li = el("li");
      li.appendChild(el("span", ea.rel, "rel"));
      li.appendChild(el("span", (s === key ? "→ " + other(t) : "← " + other(s)) + "："));
      li.appendChild(el("div", ea.sentence, "sentence"));
      if (ea.evidence_source) li.appendChild(el("div", "来源 source: " + docName(ea.evidence_source), "source"));
      ul.appendChild(li);
    });
    if (!n) ul.appendChild(el("li", "（无）"));
    if (more) ul.appendChild(el("li", "… 另有 " + more + " 条 (" + more + " more)"));
    panel.appendChild(ul);
    renderer.redraw();
  }
  view.select = function (key) { select(key); if (view.selected === key) renderer.focus(key); };

  // ---- search -------------------------------------------------------------------------
  function norm(s) {
    return String(s || "").replace(/\s+/g, "").replace(/[\[(（【［]/g, "〔").replace(/[\])）】］]/g, "〕").toLowerCase();
  }
  function find(q) {
    var nq = norm(q), hit = null, partial = null;
    if (!nq) return null;
    G.forEachNode(function (k, a) {
      if (hit) return;
      if (norm(a.doc_number) === nq || norm(a.code) === nq || norm(k) === nq) { hit = k; return; }
      if (!partial && [a.label, a.title, a.name, a.doc_number].some(function (v) { return v && norm(v).indexOf(nq) >= 0; })) partial = k;
    });
    return hit || partial;
  }
  view.find = find;
  var box = document.getElementById("pk-search"), status = document.getElementById("pk-status");
  function run() {
    var k = find(box.value);
    status.textContent = k ? "" : (box.value ? "未找到 not found" : "");
    if (k) view.select(k);
  }
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") run(); });
  box.addEventListener("change", run);

  // ---- ForceAtlas2: a web worker on a bare copy of the graph (kinds shown when the page
  // opened), its positions streamed into the drawn graph a few times a second; steps on the
  // page where workers are unavailable ---------------------------------------------------
  var button = document.getElementById("pk-layout");
  var FA = window.graphologyLayoutForceAtlas2, supervisor = null, timer = null, pump = null, started = 0;
  var settings = null, L = null;
  function layoutGraph() {
    var h = new graphology.MultiDirectedGraph({allowSelfLoops: true});
    G.forEachNode(function (k, a) { if (!isHidden(a)) h.addNode(k, {x: a.x, y: a.y, size: a.size}); });
    G.forEachEdge(function (e, ea, s, t) { if (h.hasNode(s) && h.hasNode(t) && s !== t) h.addEdgeWithKey(e, s, t); });
    return h;
  }
  function copyPositions() {
    G.updateEachNodeAttributes(function (k, a) {
      if (!L.hasNode(k)) return a;
      a.x = L.getNodeAttribute(k, "x"); a.y = L.getNodeAttribute(k, "y");
      return a;
    }, {attributes: ["x", "y"]});
  }
  function pumpPositions() {  // copy, let the renderer draw, wait twice as long as that took
    pump = null;
    if (!view.layout.running) return;
    var t0 = performance.now();
    copyPositions();
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (view.layout.running) pump = setTimeout(pumpPositions, Math.max(meta.small ? 30 : 250, 2 * (performance.now() - t0)));
      });
    });
  }
  function setLayoutState(running) {
    view.layout.running = running;
    button.textContent = running ? "停止布局 stop layout" : "重新布局 run layout";
    document.body.setAttribute("data-layout", running ? "running" : "done");
  }
  function stopLayout() {
    if (supervisor) supervisor.stop();
    if (timer !== null) { clearTimeout(timer); timer = null; }
    if (pump !== null) { clearTimeout(pump); pump = null; }
    if (L) copyPositions();
    setLayoutState(false);
  }
  function tick() {
    view.layout.iterations += 1;
    if (performance.now() - started > meta.layout_ms || view.layout.iterations >= meta.layout_iterations) stopLayout();
  }
  function syncStep() {
    timer = null;
    FA.forceAtlas2.assign(L, {iterations: 1, settings: settings});
    tick();
    if (view.layout.running) timer = setTimeout(syncStep, 0);
  }
  function startLayout() {
    if (!FA) { view.layout.mode = "none"; setLayoutState(false); return; }
    if (!L) {
      L = layoutGraph();
      if (L.order < 2) { view.layout.mode = "none"; setLayoutState(false); return; }
      settings = FA.forceAtlas2.inferSettings(L);
      settings.barnesHutOptimize = L.order > 300;
      settings.gravity = 1;
      settings.slowDown = 1 + Math.log(L.order);
      L.on("eachNodeAttributesUpdated", function () { if (view.layout.mode === "worker") tick(); });
    }
    started = performance.now();
    view.layout.iterations = 0;
    setLayoutState(true);
    if (!supervisor && view.layout.mode !== "steps") {
      try {
        supervisor = new FA.FA2Layout(L, {settings: settings});
        view.layout.mode = "worker";
        supervisor.worker.addEventListener("error", function (ev) {  // refused after creation
          ev.preventDefault();
          supervisor.kill(); supervisor = null; view.layout.mode = "steps";
          if (view.layout.running) syncStep();
        });
      } catch (e) { supervisor = null; view.layout.mode = "steps"; }
    }
    pumpPositions();
    if (supervisor) supervisor.start(); else syncStep();
  }
  button.addEventListener("click", function () { if (view.layout.running) stopLayout(); else startLayout(); });

  view.stats = function () {
    var shown = 0;
    G.forEachNode(function (k, a) { if (!isHidden(a)) shown += 1; });
    return {nodes: G.order, edges: G.size, shown: shown, drawn: renderer.stats(), layout: view.layout.mode,
            running: view.layout.running, iterations: view.layout.iterations};
  };

  if (meta.focus && G.hasNode(meta.focus)) select(meta.focus);
  timings.ready = Math.round(performance.now());
  requestAnimationFrame(function () { timings.first_frame = Math.round(performance.now()); });
  document.body.setAttribute("data-ready", view.renderer);
  // the first frame shows the seed layout; ForceAtlas2 starts once it is on screen
  requestAnimationFrame(function () { setTimeout(startLayout, 0); });
})();
"""


def render(g: nx.MultiDiGraph, focus: str | None = None) -> str:
    """The self-contained interactive HTML view of the graph, optionally focused on one node."""
    data = view_data(g)
    meta = {
        "colours": KIND_COLOURS,
        "names": KIND_NAMES,
        "focus": focus,
        "hidden_kinds": list(HIDDEN_KINDS),
        "out_colour": "#e6550d",
        "in_colour": "#3a5a8c",
        "layout_ms": LAYOUT_SECONDS * 1000,
        "layout_iterations": LAYOUT_ITERATIONS,
        "small": g.number_of_edges() <= SMALL_GRAPH,
    }
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>policykg 政策文件图谱</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        '<div id="pk-wrap"><div id="pk-main"><div id="pk-graph"></div>\n'
        '<div id="pk-bar"><input id="pk-search" type="search" placeholder="文号或标题 (e.g. 渝府办发〔2020〕118号)" '
        'autocomplete="off"><button id="pk-layout" type="button">布局 layout</button>'
        '<span id="pk-status"></span></div>\n'
        '</div>\n<aside id="pk-side"><div id="pk-legend"></div>\n'
        '<div id="pk-panel"><p>点击节点查看详情；在搜索框输入文号或标题。Click a node, or search by 文号 or title.</p></div></aside></div>\n'
        f'<script type="application/json" id="policykg-data">{json_for_script(data)}</script>\n'
        f'<script type="application/json" id="policykg-meta">{json_for_script(meta)}</script>\n'
        f"<script>\n{vendored_js()}\n</script>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def write(g: nx.MultiDiGraph, destination: TextDestination) -> None:
    """Write the view of ``g`` as one HTML file to a path or a text file handle."""
    text = render(g, focus=g.graph.get("focus"))
    if hasattr(destination, "write"):
        destination.write(text)
    else:
        with open(destination, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
