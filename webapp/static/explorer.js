/* The explorer (关系图): a search box with suggestions, expansion one relationship type at a time with
   its count shown first, colours by rules (legend from the server: webapp/explorer_style.py), saved
   and shared views, "两者如何关联", and PNG/HTML exports with the legend. Drawn with vis-network
   (served by bangfu). Everything shown comes from webapp/explorer.py, masked for the user. */
(function () {
  "use strict";
  var root = document.getElementById("explorer");
  if (!root) { return; }
  var container = document.getElementById("graph");
  var statusEl = document.getElementById("explorer-status");
  var d = root.dataset;
  var maxNodes = parseInt(d.maxNodes, 10) || 2000;
  var SHAPES = { dot: "dot", diamond: "diamond", triangle: "triangle", square: "square", star: "star", box: "box" };

  /* -- the legend: one table for drawing, the page and the exports -------------------------------- */
  var legend = {};
  var legendOrder = [];
  Array.prototype.forEach.call(document.querySelectorAll("#legend .legend-item"), function (el) {
    var item = { key: el.dataset.key, name: el.textContent.trim(), color: el.dataset.color,
                 border: el.dataset.border || null, dashed: el.dataset.dashed === "1", shape: el.dataset.shape, el: el };
    legend[item.key] = item;
    legendOrder.push(item.key);
    var sw = el.querySelector(".swatch");
    sw.style.setProperty("--c", item.color);
    if (item.border) { sw.style.setProperty("--b", item.border); sw.classList.add(item.dashed ? "dashed" : "bordered"); }
    if (item.shape !== "dot") { sw.classList.add("shape-" + item.shape); }
  });
  var BASE_STYLE = { VillageGap: "Village", HouseholdNoHelper: "Household", PersonFirstSecretary: "Person",
                     PersonTeam: "Person", PersonContact: "Person", PersonSecretary: "Person", PersonHelper: "Person" };
  var hidden = {};
  var colourByRules = true;

  function styleKey(raw) {
    var k = raw.style || raw.label;
    if (!colourByRules) { k = BASE_STYLE[k] || k; }
    return legend[k] ? k : "Other";
  }

  function look(raw) {
    var s = legend[styleKey(raw)];
    var border = s.border || s.color;
    return {
      color: { background: s.color, border: border, highlight: { background: s.color, border: "#101828" } },
      shape: SHAPES[s.shape] || "dot",
      borderWidth: s.border ? 4 : 1,
      shapeProperties: { borderDashes: s.dashed ? [5, 3] : false },
      hidden: !!hidden[styleKey(raw)]
    };
  }

  /* -- the drawing -------------------------------------------------------------------------------- */
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var raws = {};
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    nodes: { font: { size: 13, face: "Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif" }, size: 14 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, font: { size: 10, align: "middle" },
             color: { color: "#98a2b3" }, smooth: false },
    physics: { enabled: false, solver: "forceAtlas2Based",
               forceAtlas2Based: { gravitationalConstant: -40, springLength: 90, avoidOverlap: 0.2 },
               stabilization: { enabled: false } },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, keyboard: { enabled: true, bindToWindow: false },
                   hideEdgesOnDrag: true }
  });
  var selectedId = null;

  function setStatus(text, bad) {
    statusEl.textContent = text || "";
    statusEl.classList.toggle("bad", !!bad);
  }

  function tip(head, facts) {
    var div = document.createElement("div");
    div.innerText = [head].concat((facts || []).map(function (f) { return f[0] + "：" + f[1]; })).join("\n");
    return div;
  }

  function settle(freshIds) {
    container.dataset.settled = "0";
    container.dataset.nodes = String(nodes.length);
    if (!freshIds.length) { container.dataset.settled = "1"; return; }
    var fresh = {};
    freshIds.forEach(function (id) { fresh[id] = true; });
    // the nodes already on screen hold still; the new ones find their place around them
    nodes.update(nodes.getIds().map(function (id) { return { id: id, fixed: !fresh[id] }; }));
    var iterations = nodes.length > 1000 ? 60 : nodes.length > 300 ? 120 : 200;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(iterations);
  }
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    nodes.update(nodes.getIds().map(function (id) { return { id: id, fixed: false }; }));
    if (container.dataset.fit === "1") { network.fit(); container.dataset.fit = "0"; }
    container.dataset.settled = "1";
  });

  /* Add nodes and edges; new nodes start around `near` (or at their saved positions). */
  function add(data, near) {
    var pos = near && nodes.get(near) ? network.getPositions([near])[near] : { x: 0, y: 0 };
    var fresh = [], added = [], changed = [];
    var room = maxNodes - nodes.length;
    var i = 0;
    (data.nodes || []).forEach(function (n) {
      raws[n.id] = n;
      var item = Object.assign({ id: n.id, label: n.caption, title: tip(n.label_name + "：" + n.caption + (n.flag ? "\n" + n.flag : ""), n.facts) }, look(n));
      if (nodes.get(n.id)) { changed.push(item); return; }
      if (room <= 0) { return; }
      room -= 1;
      if (typeof n.x === "number" && data.positioned) { item.x = n.x; item.y = n.y; }
      else { i += 1; var r = 70 + 14 * Math.sqrt(i), a = i * 2.39996; item.x = pos.x + r * Math.cos(a); item.y = pos.y + r * Math.sin(a); }
      added.push(item);
      fresh.push(n.id);
    });
    /* one update each: vis-network redraws on every DataSet change */
    nodes.update(changed);
    nodes.add(added);
    edges.update((data.edges || []).filter(function (e) { return nodes.get(e.from) && nodes.get(e.to); }).map(function (e) {
      return { id: e.id, from: e.from, to: e.to, label: e.caption, title: tip(e.type_name, e.facts) };
    }));
    if (data.positioned) { container.dataset.fit = "0"; network.fit(); settle([]); }
    else {
      if (nodes.length === fresh.length) { container.dataset.fit = "1"; }
      settle(fresh);
    }
    return fresh;
  }

  function restyle() {
    nodes.update(nodes.getIds().map(function (id) { return Object.assign({ id: id }, look(raws[id])); }));
  }

  /* -- requests ----------------------------------------------------------------------------------- */
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(answer);
  }
  function postJSON(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": d.csrf } }).then(answer);
  }
  function answer(r) {
    return r.json().catch(function () { return { error: { message: "服务器返回了无法识别的内容（" + r.status + "）。" } }; })
      .then(function (data) { if (data.error) { throw new Error(data.error.message); } return data; });
  }
  function failed(err) { setStatus(err.message || "出错了，请稍后再试。", true); container.dataset.settled = "1"; }

  /* -- the selected node: facts, expand buttons with counts ---------------------------------------- */
  var entityBase = d.entityBase;
  function select(id) {
    var n = raws[id];
    if (!n) { return; }
    selectedId = id;
    network.selectNodes([id]);
    var box = document.getElementById("explorer-selected");
    box.hidden = false;
    document.getElementById("selected-title").textContent = n.label_name + "：" + n.caption;
    var flag = document.getElementById("selected-flag");
    flag.hidden = !n.flag;
    flag.textContent = n.flag || "";
    flag.classList.toggle("bad", n.style === "VillageGap" || n.style === "HouseholdNoHelper");
    var link = document.getElementById("selected-link");
    link.hidden = !n.ref;
    if (n.ref) { link.href = entityBase.replace("KIND", n.ref[0]).replace("KEY", encodeURIComponent(n.ref[1])); }
    var dl = document.getElementById("selected-facts");
    dl.textContent = "";
    (n.facts || []).forEach(function (f) {  /* [Chinese word, value as people read it], masked by the server */
      var dt = document.createElement("dt"); dt.textContent = f[0];
      var dd = document.createElement("dd"); dd.textContent = f[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    var buttons = document.getElementById("expand-buttons");
    buttons.textContent = "正在统计…";
    getJSON(d.counts + "?id=" + encodeURIComponent(id)).then(function (data) {
      if (selectedId !== id) { return; }
      buttons.textContent = "";
      if (!data.counts.length) { buttons.textContent = "没有可展开的关系。"; }
      data.counts.forEach(function (c) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button secondary expand";
        b.dataset.type = c.type;
        b.dataset.dir = c.outgoing ? "out" : "in";
        b.textContent = c.name + " " + (c.outgoing ? "→" : "←") + " " + c.n;
        b.title = (c.outgoing ? "由此指向：" : "指向此处：") + c.name + "，共 " + c.n + " 个";
        b.addEventListener("click", function () { expand(id, c.type, c.outgoing ? "out" : "in"); });
        buttons.appendChild(b);
      });
    }).catch(failed);
  }

  function expand(id, type, dir) {
    container.dataset.settled = "0";
    setStatus("正在展开…");
    var q = new URLSearchParams({ id: id, type: type, dir: dir, have: String(nodes.length) });
    return getJSON(d.expand + "?" + q.toString()).then(function (data) {
      var fresh = add(data, id);
      setStatus(data.message || ("新增 " + fresh.length + " 个节点，画面上共 " + nodes.length + " 个。"), !!data.message);
    }).catch(failed);
  }

  function addById(ids, selectFirst) {
    container.dataset.settled = "0";
    return postJSON(d.nodes, { ids: ids }).then(function (data) {
      add(data, selectedId);
      if (!data.nodes.length) { setStatus("该对象已不存在或无权查看。", true); return; }
      if (selectFirst) { select(ids[0]); network.focus(ids[0], { scale: 1, animation: false }); }
      setStatus("单击节点查看属性并按关系展开。");
    }).catch(failed);
  }

  network.on("click", function (ev) { if (ev.nodes.length) { select(ev.nodes[0]); } });
  network.on("doubleClick", function (ev) {
    if (!ev.nodes.length) { return; }
    var n = raws[ev.nodes[0]];
    if (n && n.ref) { window.location = entityBase.replace("KIND", n.ref[0]).replace("KEY", encodeURIComponent(n.ref[1])); }
  });
  document.getElementById("selected-remove").addEventListener("click", function () {
    if (!selectedId) { return; }
    edges.remove(network.getConnectedEdges(selectedId));
    nodes.remove(selectedId);
    delete raws[selectedId];
    selectedId = null;
    document.getElementById("explorer-selected").hidden = true;
    container.dataset.nodes = String(nodes.length);
  });
  document.getElementById("clear-all").addEventListener("click", function () {
    nodes.clear(); edges.clear(); raws = {}; selectedId = null;
    document.getElementById("explorer-selected").hidden = true;
    container.dataset.nodes = "0";
  });

  /* -- search with suggestions (keyboard: ↑ ↓ Enter Esc) ------------------------------------------- */
  function combo(input, list, onPick) {
    var timer = null, items = [], active = -1, asked = "";
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function highlight(i) {
      var opts = list.querySelectorAll("[role=option]");
      if (!opts.length) { return; }
      active = (i + opts.length) % opts.length;
      Array.prototype.forEach.call(opts, function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function pick(i) { var it = items[i]; if (!it) { return; } input.value = it.name; close(); onPick(it); }
    function render(data) {
      list.textContent = "";
      items = [];
      data.groups.forEach(function (grp) {
        var head = document.createElement("li");
        head.className = "group"; head.setAttribute("role", "presentation"); head.textContent = grp.kind_name;
        list.appendChild(head);
        grp.items.forEach(function (it) {
          var li = document.createElement("li");
          li.id = list.id + "-" + items.length;
          li.setAttribute("role", "option");
          li.dataset.index = String(items.length);
          var name = document.createElement("strong"); name.textContent = it.name;
          var key = document.createElement("span"); key.className = "muted"; key.textContent = " " + it.key + (it.detail ? " · " + it.detail : "");
          var ctx = document.createElement("div"); ctx.className = "context"; ctx.textContent = it.context || "";
          li.appendChild(name); li.appendChild(key); li.appendChild(ctx);
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(parseInt(li.dataset.index, 10)); });
          list.appendChild(li);
          items.push(it);
        });
      });
      if (!items.length) {
        var none = document.createElement("li"); none.className = "none"; none.textContent = "没有找到匹配的对象";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        asked = q;
        getJSON(d.suggest + "?q=" + encodeURIComponent(q)).then(function (data) {
          if (data.q === asked && input.value.trim() === q) { render(data); }
        }).catch(failed);
      }, 200);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) { return; } highlight(active + 1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); if (list.hidden) { return; } highlight(active - 1); }
      else if (ev.key === "Enter") { if (!list.hidden) { ev.preventDefault(); pick(active < 0 ? 0 : active); } }
      else if (ev.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  combo(document.getElementById("explorer-search"), document.getElementById("explorer-suggestions"), function (it) {
    if (nodes.get(it.id)) { select(it.id); network.focus(it.id, { scale: 1, animation: false }); return; }
    addById([it.id], true);
  });

  /* -- 两者如何关联 -------------------------------------------------------------------------------- */
  var pathEnds = { a: null, b: null };
  combo(document.getElementById("path-a"), document.getElementById("path-a-list"), function (it) { pathEnds.a = it.id; });
  combo(document.getElementById("path-b"), document.getElementById("path-b-list"), function (it) { pathEnds.b = it.id; });
  document.getElementById("path-find").addEventListener("click", function () {
    if (!pathEnds.a || !pathEnds.b) { setStatus("请先在甲、乙两个框中各选定一个对象。", true); return; }
    container.dataset.settled = "0";
    container.dataset.paths = "";
    setStatus("正在查找…");
    getJSON(d.paths + "?" + new URLSearchParams({ from: pathEnds.a, to: pathEnds.b }).toString()).then(function (data) {
      add(data, null);
      edges.forEach(function (e) { if (e.width === 3) { edges.update({ id: e.id, width: 1, color: { color: "#98a2b3" } }); } });
      var onPath = {};
      (data.edges || []).forEach(function (e) { onPath[e.id] = true; });
      edges.update(Object.keys(onPath).map(function (id) { return { id: id, width: 3, color: { color: "#d92d20" } }; }));
      container.dataset.paths = String((data.paths || []).length);
      if (data.paths && data.paths.length) { network.selectNodes([pathEnds.a, pathEnds.b]); network.fit({ nodes: data.paths[0], animation: false }); }
      setStatus(data.message, !(data.paths && data.paths.length));
    }).catch(failed);
  });

  /* -- saved views ---------------------------------------------------------------------------------- */
  var currentView = null;
  function viewState() {
    var pos = network.getPositions();
    return { nodes: nodes.getIds().map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }),
             edges: edges.getIds(),  /* exactly the relationships on screen: a view reopens with these */
             settings: { hidden: Object.keys(hidden), colour_by_rules: colourByRules } };
  }
  function showView(v) {
    currentView = v;
    document.getElementById("view-current").textContent = v ? "当前视图：" + v.name + (v.mine === false ? "（" + v.owner + " 分享）" : "") : "";
    document.getElementById("view-share").disabled = !v || v.mine === false;
    if (v && v.shared) { showLink(v.link); }
  }
  function showLink(link) {
    document.getElementById("view-link-row").hidden = false;
    document.getElementById("view-link").value = new URL(link, window.location.href).href;
  }
  function listViews() {
    getJSON(d.views).then(function (data) {
      var sel = document.getElementById("view-list");
      sel.length = 1;
      data.views.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v.link; o.textContent = v.name + "（" + v.nodes + " 个节点" + (v.shared ? "，已分享" : "") + "）";
        sel.appendChild(o);
      });
    }).catch(failed);
  }
  document.getElementById("view-list").addEventListener("change", function (ev) { if (ev.target.value) { window.location = ev.target.value; } });
  document.getElementById("view-save").addEventListener("click", function () {
    var name = document.getElementById("view-name").value.trim();
    if (!name) { setStatus("请先填写视图名称。", true); document.getElementById("view-name").focus(); return; }
    var body = viewState(); body.name = name;
    postJSON(d.views, body).then(function (v) {
      v.mine = true;
      showView(v);
      setStatus("已保存视图“" + v.name + "”。");
      listViews();
    }).catch(failed);
  });
  document.getElementById("view-share").addEventListener("click", function () {
    if (!currentView) { return; }
    postJSON(d.viewBase + encodeURIComponent(currentView.view_id) + "/share", { shared: true }).then(function (r) {
      currentView.shared = true;
      showLink(r.link);
      setStatus("已生成分享链接（分享已记入审计日志）。");
    }).catch(failed);
  });

  function openView(viewId) {
    container.dataset.settled = "0";
    getJSON(d.viewBase + encodeURIComponent(viewId)).then(function (data) {
      var s = data.view.settings || {};
      colourByRules = s.colour_by_rules !== false;
      document.getElementById("colour-by-rules").checked = colourByRules;
      (s.hidden || []).forEach(function (k) { if (legend[k]) { hidden[k] = true; legend[k].el.querySelector("input").checked = false; } });
      data.positioned = true;
      add(data, null);
      showView(data.view);
      document.getElementById("views-box").open = true;
      document.getElementById("view-name").value = data.view.mine ? data.view.name : "";
      setStatus("已打开视图“" + data.view.name + "”" + (data.view.missing ? "，其中 " + data.view.missing + " 个节点已不存在" : "") + "。");
    }).catch(failed);
  }

  /* -- display filters ------------------------------------------------------------------------------ */
  Array.prototype.forEach.call(document.querySelectorAll("#legend input"), function (box) {
    box.addEventListener("change", function () {
      if (box.checked) { delete hidden[box.value]; } else { hidden[box.value] = true; }
      restyle();
    });
  });
  document.getElementById("colour-by-rules").addEventListener("change", function (ev) { colourByRules = ev.target.checked; restyle(); });

  /* -- exports: the drawing with its legend --------------------------------------------------------- */
  function shownLegend() {
    var used = {};
    nodes.forEach(function (n) { if (!n.hidden) { used[styleKey(raws[n.id])] = true; } });
    return legendOrder.filter(function (k) { return used[k]; }).map(function (k) { return legend[k]; });
  }
  function title() { return (currentView && currentView.name) || document.getElementById("view-name").value.trim() || "关系图"; }
  /* the caption every export carries (the HTML export's head says the same): title, as-of date, size */
  function caption() { return "截至 " + d.asOf + " · " + nodes.length + " 个节点 · 身份证号、电话已脱敏"; }
  var PRINT_SCALE = 3;  // the PNG at three times the screen's pixels: sharp on an A4 page
  function printCanvas() {
    /* vis-network sizes its canvas by window.devicePixelRatio on each redraw: draw once at print
       resolution, copy, and draw again as the screen wants */
    var src = container.querySelector("canvas");
    var screenRatio = window.devicePixelRatio || 1;
    var own = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
    var copy = document.createElement("canvas");
    try {
      Object.defineProperty(window, "devicePixelRatio", { configurable: true, get: function () { return screenRatio * PRINT_SCALE; } });
      network.redraw();
      copy.width = src.width; copy.height = src.height;
      copy.getContext("2d").drawImage(src, 0, 0);
    } finally {
      if (own) { Object.defineProperty(window, "devicePixelRatio", own); } else { delete window.devicePixelRatio; }
      network.redraw();
    }
    return copy;
  }
  function pngDataUrl() {
    var src = printCanvas();
    var items = shownLegend();
    var ratio = src.width / container.querySelector("canvas").clientWidth || 1;
    var font = "px Noto Sans SC, Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif";
    var pad = 14 * ratio, top = 58 * ratio;
    var rowH = 22 * ratio, head = 30 * ratio, colW = 210 * ratio, cols = Math.max(1, Math.floor((src.width - pad - 52 * ratio) / colW));
    var legendH = head + Math.ceil(items.length / cols) * rowH + 10 * ratio;
    var out = document.createElement("canvas");
    out.width = src.width; out.height = top + src.height + legendH;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#1f2933";
    ctx.font = "bold " + (20 * ratio) + font;
    ctx.fillText(title(), pad, 26 * ratio);
    ctx.font = (14 * ratio) + font;
    ctx.fillStyle = "#52606d";
    ctx.fillText(caption(), pad, 48 * ratio);
    ctx.drawImage(src, 0, top);
    var y0 = top + src.height;
    ctx.strokeStyle = "#d9e2ec"; ctx.lineWidth = ratio;
    ctx.beginPath(); ctx.moveTo(pad, y0 + 4 * ratio); ctx.lineTo(out.width - pad, y0 + 4 * ratio); ctx.stroke();
    ctx.fillStyle = "#1f2933";
    ctx.font = "bold " + (13 * ratio) + font;
    ctx.fillText("图例", pad, y0 + head - 4 * ratio);
    ctx.font = (13 * ratio) + font;
    items.forEach(function (it, i) {
      var x = pad + 40 * ratio + (i % cols) * colW, y = y0 + head - 16 * ratio + Math.floor(i / cols) * rowH;
      ctx.beginPath(); ctx.arc(x + 7 * ratio, y + 7 * ratio, 6 * ratio, 0, 2 * Math.PI);
      ctx.fillStyle = it.color; ctx.fill();
      if (it.border) { ctx.lineWidth = 2.5 * ratio; ctx.strokeStyle = it.border; ctx.setLineDash(it.dashed ? [3 * ratio, 2 * ratio] : []); ctx.stroke(); ctx.setLineDash([]); }
      ctx.fillStyle = "#1f2933"; ctx.fillText(it.name, x + 20 * ratio, y + 12 * ratio);
    });
    return out.toDataURL("image/png");
  }
  function download(url, form, name) {
    form.append("csrf_token", d.csrf);
    container.dataset.exported = "";
    return fetch(url, { method: "POST", credentials: "same-origin", body: form }).then(function (r) {
      if (!r.ok) { throw new Error("导出失败（" + r.status + "）。"); }
      return r.blob();
    }).then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = name;
      document.body.appendChild(a); a.click(); a.remove();
      container.dataset.exported = name;
      setStatus("已导出 " + name + "（已记入审计日志）。");
    }).catch(failed);
  }
  var pngButton = document.getElementById("export-png");
  if (pngButton) {
    pngButton.addEventListener("click", function () {
      if (!nodes.length) { setStatus("画面上没有节点可导出。", true); return; }
      var f = new FormData(); f.append("png", pngDataUrl()); f.append("title", title()); f.append("nodes", String(nodes.length));
      download(d.exportPng, f, title() + ".png");
    });
    document.getElementById("export-html").addEventListener("click", function () {
      if (!nodes.length) { setStatus("画面上没有节点可导出。", true); return; }
      var state = viewState(); state.title = title();
      state.nodes = state.nodes.filter(function (p) { return !nodes.get(p.id).hidden; });
      var f = new FormData(); f.append("view", JSON.stringify(state));
      download(d.exportHtml, f, title() + ".html");
    });
  }

  /* -- start ---------------------------------------------------------------------------------------- */
  window.bangfuExplorer = { select: select, expand: expand, count: function () { return nodes.length; } };
  if (d.view) { openView(d.view); }
  else if (d.start) { addById([d.start], true); }
  else { container.dataset.settled = "1"; container.dataset.nodes = "0"; }
  listViews();
})();
