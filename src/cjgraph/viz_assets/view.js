function cjgraphView(root, vis) {
  // One interactive view. Everything is found from `root`, so views on one page never meet;
  // seed text only ever reaches the page through textContent, vis-network titles (innerText) and
  // attribute values set by DOM calls: never as HTML. Navigation, filters and deep links: state.js;
  // search results and keyboard: keys.js; the evidence panel: panel.js.
  "use strict";
  var data = decode(JSON.parse(root.querySelector('script[data-role="data"]').textContent));
  var canvas = root.querySelector('[data-role="canvas"]');
  var status = root.querySelector('[data-role="status"]');
  var search = root.querySelector('[data-role="search"]');
  var python = data.layout === "python";
  var edgeLabels = data.edges.length <= 600;
  var kinds = {}, byId = {}, edgeById = {}, incident = {}, hay = {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    incident[n.id] = [];
    hay[n.id] = fold([n.id, n.name].concat(n.aliases || []).join("\n"));
  });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    if (e.to !== e.from) incident[e.to].push(e);
  });

  function decode(raw) {
    // The compact form written by cjgraph.viz_html.encode_payload, back to plain objects.
    var kindNames = raw.kinds.map(function (k) { return k.kind; });
    function evidence(items) {
      return items.map(function (e) {
        var item = {};
        if (e[0] !== undefined && e[0] !== null) item.document = raw.documents[e[0]];
        if (e[1] !== undefined && e[1] !== null) item.quote = e[1];
        if (e[2] !== undefined && e[2] !== null) item.url = e[2];
        return item;
      });
    }
    var keys = ["date", "type", "aliases", "x", "y", "label", "community"];
    raw.nodes = raw.nodes.map(function (n) {
      var node = {id: n[0], name: n[1], kind: kindNames[n[2]], size: n[3], evidence: evidence(n[4]), degree: 0};
      keys.forEach(function (key, i) { if (n[5 + i] !== undefined && n[5 + i] !== null) node[key] = n[5 + i]; });
      var year = /^(\d{4})/.exec(node.date || "");
      node.year = year ? parseInt(year[1], 10) : null;
      return node;
    });
    raw.edges = raw.edges.map(function (e, i) {
      raw.nodes[e[0]].degree += 1;
      raw.nodes[e[1]].degree += 1;
      var ev = evidence(e[3]), docs = {};
      ev.forEach(function (item) { docs[item.document || item.url || ""] = true; });
      return {id: "e" + i, from: raw.nodes[e[0]].id, to: raw.nodes[e[1]].id, kind: raw.relations[e[2]],
              evidence: ev, passages: ev.length, documents: Object.keys(docs).length, curve: e[4] || 0};
    });
    return raw;
  }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function darker(hex) {
    var out = "#";
    for (var i = 1; i < 7; i += 2) {
      var c = Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.65);
      out += (c < 16 ? "0" : "") + c.toString(16);
    }
    return out;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function tooltip(n) {
    var lines = [n.name, n.kind + (n.date ? " \u00b7 " + n.date : "")];
    if (n.aliases) lines.push("also: " + n.aliases.join("; "));
    lines.push(n.evidence.length + " evidence quote" + (n.evidence.length === 1 ? "" : "s") + " \u2013 click to read");
    return lines.join("\n");
  }

  function fontSize(degree) {
    // Hubs stay labelled when zoomed out; in a crowded view the least connected are labelled once zoomed in.
    var dense = data.nodes.length > 60;
    return Math.round(Math.min((dense ? 6 : 11) + (dense ? 2.5 : 1.5) * Math.sqrt(degree), 16));
  }
  // A very large view (a crowd) opens grouped by kind (state.js): its entities and relationships join the
  // network only once shown (vis-network takes seconds to take in 10,000 entities, even hidden ones).
  var crowd = python && data.nodes.length > 3000;
  function nodeItem(n) {
    var k = kinds[n.kind], border = darker(k.colour);
    var item = {
      id: n.id, label: n.label || n.name, title: tooltip(n), shape: k.shape, size: n.size,
      font: {size: fontSize(n.degree)},
      borderWidth: 1.5, borderWidthSelected: 3, shapeProperties: {borderDashes: k.dashes ? [4, 3] : false},
      color: {background: k.colour, border: border, highlight: {background: k.colour, border: "#111111"},
              hover: {background: k.colour, border: "#111111"}}
    };
    if (python) { item.x = n.x; item.y = n.y; }
    return item;
  }
  var nodes = new vis.DataSet(crowd ? [] : data.nodes.map(nodeItem));
  function edgeItem(e) {
    var item = {
      id: e.id, from: e.from, to: e.to, arrows: {to: {enabled: true, scaleFactor: 0.6}},
      width: Math.min(1 + 1.5 * Math.log(e.passages || 1) / Math.LN2, 7),  // wider with more passages
      title: e.kind + ": " + byId[e.from].name + " \u2192 " + byId[e.to].name + "\n" + e.passages + " passage" +
        (e.passages === 1 ? "" : "s") + " from " + e.documents + " source" + (e.documents === 1 ? "" : "s"),
      smooth: e.curve ? {enabled: true, type: "curvedCW", roundness: e.curve} : {enabled: false}
    };
    if (edgeLabels) item.label = e.kind;
    return item;
  }
  var edges = new vis.DataSet(crowd ? [] : data.edges.map(edgeItem));
  var options = {
    autoResize: true,
    layout: {randomSeed: data.seed, improvedLayout: !python && data.nodes.length <= 150},
    nodes: {font: {size: 13, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: 7}}},
    edges: {selectionWidth: 2, hoverWidth: 1.5,
            color: {color: "#9a9a9a", highlight: "#333333", hover: "#555555"},
            font: {size: 10, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"}},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: python, hideEdgesOnZoom: python,
                  navigationButtons: false, keyboard: false},
    physics: {
      enabled: !python, solver: "barnesHut", minVelocity: 1,
      barnesHut: {gravitationalConstant: -4000, springLength: 130, springConstant: 0.04, damping: 0.3,
                  avoidOverlap: 0.2},
      stabilization: {enabled: !python, iterations: 500, updateInterval: 50, fit: true}
    }
  };
  var network = new vis.Network(canvas, {nodes: nodes, edges: edges}, options);
  var stable = python || !data.nodes.length, settled = false, ready = false;  // ready once settled and drawn
  var started = false, relayouting = false;
  var touched = false;  // the reader moved or zoomed: stop refitting when the canvas changes size
  var ctx = {root: root, data: data, network: network, nodes: nodes, edges: edges, edgeItem: edgeItem, nodeItem: nodeItem, byId: byId, kinds: kinds,
             edgeById: edgeById, incident: incident, hay: hay, fold: fold, el: el, search: search, status: status};

  function fit() { network.fit({animation: false}); }
  ctx.fit = fit;
  function overview() {
    var shown = network.body.nodeIndices.length, groups = ctx.state.groupCount();
    status.textContent = (groups ? groups + " groups, " + (shown - groups) + " entities" : shown + " entities") + " \u00b7 " + network.body.edgeIndices.length + " relationships" +
      ctx.state.describe();
  }
  ctx.overview = overview;
  network.on("afterDrawing", function () {
    root.setAttribute("data-nodes", String(network.body.nodeIndices.length));
    root.setAttribute("data-edges", String(network.body.edgeIndices.length));
    if (ready && !search.value.trim()) overview();
    if (settled && !ready) {
      ready = true;
      overview();
      root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
      root.setAttribute("data-state", "ready");
      root.dispatchEvent(new CustomEvent("cjgraph:ready"));
    }
  });
  function settle() {
    fit();
    settled = true;
    network.redraw();
  }
  function becomeReady() {
    // The deep link's state, then a fit that keeps every entity and label inside the canvas.
    started = true;
    network.setOptions({physics: {enabled: false}});
    ctx.state.start();
    if (!relayouting) settle();
  }
  ctx.relayout = function () {
    // Lay the shown entities out again (physics from their current places, then off): a focus's neighbours.
    relayouting = true;
    settled = ready = false;
    root.setAttribute("data-state", "stabilising");
    network.setOptions({physics: {enabled: true, barnesHut: {avoidOverlap: 1, gravitationalConstant: -6000},
                                  stabilization: {enabled: true, iterations: 300, fit: true}}});
    network.stabilize(300);
  };
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    if (!started) { becomeReady(); return; }
    relayouting = false;
    settle();
  });
  ["dragStart", "zoom"].forEach(function (name) { network.on(name, function () { touched = true; }); });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { if (ready && !touched) fit(); }).observe(canvas);
  }

  ctx.panel = cjgraphPanel(ctx);
  ctx.state = cjgraphState(ctx);
  ctx.keys = cjgraphKeys(ctx);
  ctx.story = cjgraphStory(ctx);

  network.on("click", function (params) {
    var hit = params.nodes.length ? params.nodes[0] : null;
    if (hit !== null && ctx.state.isGroup(hit)) { ctx.state.expand(hit); return; }
    if (hit !== null) { ctx.state.select(hit); return; }
    var edge = params.edges.length ? params.edges[0] : nearEdge(params.pointer.canvas);
    if (edge) { network.selectEdges([edge]); ctx.panel.showEdge(edge); } else { ctx.state.select(null); }
  });
  function nearEdge(point) {
    // A wider, invisible hit area: the nearest drawn relationship within 8 screen pixels of the click.
    var best = null, limit = 8 / network.getScale(), positions = network.getPositions();
    network.body.edgeIndices.forEach(function (id) {
      var edge = network.body.edges[id];
      if (!edge || !edgeById[id] || !positions[edge.fromId] || !positions[edge.toId]) return;
      var a = positions[edge.fromId], b = positions[edge.toId], dx = b.x - a.x, dy = b.y - a.y;
      var t = Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
      var d = Math.hypot(a.x + t * dx - point.x, a.y + t * dy - point.y);
      if (d < limit) { limit = d; best = id; }
    });
    return best;
  }

  root.querySelector('[data-role="fit"]').addEventListener("click", function () { touched = false; fit(); });
  if (stable) {
    becomeReady();
  } else {
    root.setAttribute("data-state", "stabilising");
  }
  root.cjgraph = {network: network, nodes: nodes, edges: edges, data: data, showNode: ctx.panel.showNode,
                  showEdge: ctx.panel.showEdge, state: ctx.state.get, setState: ctx.state.set,
                  link: ctx.state.link, visible: ctx.state.visible, fit: fit, step: ctx.story.go,
                  groups: ctx.state.groups};
}
