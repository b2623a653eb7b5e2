/* The in-page graph view of entity pages and query results: draws a neighbourhood with vis-network
   (served by bangfu), lays it out once, then holds still. Double-click a node to open its page, click
   to see its properties (`facts`: the Chinese words of graph/vocabulary.py; `properties` keeps the
   API's English keys). The explorer (关系图) is explorer.js. */
(function () {
  "use strict";
  var STYLE = {
    County: { color: "#7f1d1d", shape: "diamond" }, Township: { color: "#b42318", shape: "diamond" },
    Village: { color: "#ef6820", shape: "dot" }, PartyOrg: { color: "#c01048", shape: "triangle" },
    Unit: { color: "#1d4ed8", shape: "square" }, Person: { color: "#047857", shape: "dot" },
    Household: { color: "#a16207", shape: "dot" }, Enterprise: { color: "#6d28d9", shape: "star" },
    Program: { color: "#475467", shape: "box" }
  };
  var container = document.getElementById("graph");
  if (!container || !(container.dataset.key || container.dataset.source)) { return; }
  var api = container.dataset.api;
  var entityBase = container.dataset.entityBase;
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var labelNames = {};
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    nodes: { font: { size: 13 }, size: 14, borderWidth: 1 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, font: { size: 10, align: "middle" },
             color: { color: "#98a2b3" }, smooth: false },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 300, fit: true } },
    interaction: { hover: true, tooltipDelay: 150 }
  });
  network.on("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); container.dataset.settled = "1"; });


  function tip(head, facts) {
    var div = document.createElement("div");
    div.innerText = [head].concat((facts || []).map(function (f) { return f[0] + "：" + f[1]; })).join("\n");
    return div;
  }

  function title(n) { return tip(n.label_name + "：" + n.caption, n.facts); }

  function add(data) {
    labelNames = data.label_names || labelNames;
    var newNodes = data.nodes.filter(function (n) { return !nodes.get(n.id); }).map(function (n) {
      var s = STYLE[n.label] || { color: "#667085", shape: "dot" };
      return { id: n.id, label: n.caption, title: title(n), color: s.color, shape: s.shape, group: n.label, raw: n };
    });
    nodes.add(newNodes);
    edges.update(data.edges.map(function (e) {
      return { id: e.id, from: e.from, to: e.to, label: e.caption, title: tip(e.type_name, e.facts) };
    }));
    if (newNodes.length) { network.setOptions({ physics: true }); network.stabilize(200); }
    legend();
    container.dataset.nodes = String(nodes.length);
    if (data.truncated) { container.dataset.truncated = "1"; }
  }

  function legend() {
    var el = document.getElementById("legend");
    if (!el) { return; }
    var seen = {};
    nodes.forEach(function (n) { seen[n.group] = true; });
    el.innerHTML = "";
    Object.keys(seen).forEach(function (g) {
      var span = document.createElement("span");
      span.className = "legend-item legend-" + g;
      span.style.setProperty("--c", (STYLE[g] || { color: "#667085" }).color);
      span.textContent = labelNames[g] || g;
      el.appendChild(span);
    });
  }

  function load(q) {
    return fetch(api + "?" + q.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { container.textContent = data.error.message; return; }
        add(data);
      });
  }

  if (container.dataset.source) {
    fetch(container.dataset.source, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (data.error) { container.textContent = data.error.message; } else { add(data); } });
  } else {
    load(new URLSearchParams({ kind: container.dataset.kind, key: container.dataset.key, depth: container.dataset.depth || "1" }));
  }

  network.on("doubleClick", function (ev) {
    if (!ev.nodes.length) { return; }
    var n = nodes.get(ev.nodes[0]).raw;
    if (n.ref) {
      window.location = entityBase.replace("KIND", n.ref[0]).replace("KEY", encodeURIComponent(n.ref[1]));
    }
  });
  network.on("click", function (ev) {
    var box = document.getElementById("selection");
    if (!box || !ev.nodes.length) { return; }
    var n = nodes.get(ev.nodes[0]).raw;
    box.innerHTML = "";
    var h = document.createElement("h3");
    h.textContent = n.label_name + "：" + n.caption;
    box.appendChild(h);
    if (n.ref) {
      var a = document.createElement("a");
      a.href = entityBase.replace("KIND", n.ref[0]).replace("KEY", encodeURIComponent(n.ref[1]));
      a.textContent = "打开详情页";
      box.appendChild(a);
    }
    var dl = document.createElement("dl");
    (n.facts || []).forEach(function (f) {  /* [Chinese word, value as people read it] */
      var dt = document.createElement("dt"); dt.textContent = f[0];
      var dd = document.createElement("dd"); dd.textContent = f[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    box.appendChild(dl);
  });
})();
