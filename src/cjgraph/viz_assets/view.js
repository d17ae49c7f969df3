function cjgraphView(root, vis) {
  // One interactive view. Everything is found from `root`, so views on one page never meet;
  // seed text only ever reaches the page through textContent, vis-network titles (innerText) and
  // attribute values set by DOM calls: never as HTML.
  "use strict";
  var data = decode(JSON.parse(root.querySelector('script[data-role="data"]').textContent));
  var canvas = root.querySelector('[data-role="canvas"]');
  var panel = root.querySelector('[data-role="panel"]');
  var status = root.querySelector('[data-role="status"]');
  var search = root.querySelector('[data-role="search"]');
  var python = data.layout === "python";
  var edgeLabels = data.edges.length <= 600;
  var kinds = {}, byId = {}, edgeById = {}, incident = {}, hay = {}, hidden = {};
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
    var keys = ["date", "type", "aliases", "x", "y"];
    raw.nodes = raw.nodes.map(function (n) {
      var node = {id: n[0], name: n[1], kind: kindNames[n[2]], size: n[3], evidence: evidence(n[4]), degree: 0};
      keys.forEach(function (key, i) { if (n[5 + i] !== undefined && n[5 + i] !== null) node[key] = n[5 + i]; });
      return node;
    });
    raw.edges = raw.edges.map(function (e, i) {
      raw.nodes[e[0]].degree += 1;
      raw.nodes[e[1]].degree += 1;
      return {id: "e" + i, from: raw.nodes[e[0]].id, to: raw.nodes[e[1]].id, kind: raw.relations[e[2]],
              evidence: evidence(e[3]), curve: e[4] || 0};
    });
    return raw;
  }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function short(text) { return text.length > 40 ? text.slice(0, 39) + "\u2026" : text; }
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

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var k = kinds[n.kind], border = darker(k.colour);
    var item = {
      id: n.id, label: short(n.name), title: tooltip(n), shape: k.shape, size: n.size,
      borderWidth: 1.5, borderWidthSelected: 3, shapeProperties: {borderDashes: k.dashes ? [4, 3] : false},
      color: {background: k.colour, border: border, highlight: {background: k.colour, border: "#111111"},
              hover: {background: k.colour, border: "#111111"}}
    };
    if (python) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = {
      id: e.id, from: e.from, to: e.to, arrows: {to: {enabled: true, scaleFactor: 0.6}},
      title: e.kind + ": " + byId[e.from].name + " \u2192 " + byId[e.to].name,
      smooth: e.curve ? {enabled: true, type: "curvedCW", roundness: e.curve} : {enabled: false}
    };
    if (edgeLabels) item.label = e.kind;
    return item;
  }));
  var options = {
    autoResize: true,
    layout: {randomSeed: data.seed, improvedLayout: !python && data.nodes.length <= 150},
    nodes: {font: {size: 13, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: 6}}},
    edges: {width: 1, selectionWidth: 2, hoverWidth: 0.5,
            color: {color: "#9a9a9a", highlight: "#333333", hover: "#555555"},
            font: {size: 10, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"}},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: python, hideEdgesOnZoom: python,
                  navigationButtons: false, keyboard: false},
    physics: python ? {enabled: false} : {
      enabled: true, solver: "barnesHut", minVelocity: 1,
      barnesHut: {gravitationalConstant: -4000, springLength: 130, springConstant: 0.04, damping: 0.3,
                  avoidOverlap: 0.2},
      stabilization: {enabled: true, iterations: 500, updateInterval: 50, fit: true}
    }
  };
  var network = new vis.Network(canvas, {nodes: nodes, edges: edges}, options);
  var stable = python || !data.nodes.length, ready = false;  // nothing to stabilise: ready when drawn

  function overview() {
    status.textContent = network.body.nodeIndices.length + " entities \u00b7 " +
      network.body.edgeIndices.length + " relationships";
  }
  network.on("afterDrawing", function () {
    root.setAttribute("data-nodes", String(network.body.nodeIndices.length));
    root.setAttribute("data-edges", String(network.body.edgeIndices.length));
    if (ready && !search.value.trim()) overview();
    if (stable && !ready) {
      ready = true;
      overview();
      root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
      root.setAttribute("data-state", "ready");
      root.dispatchEvent(new CustomEvent("cjgraph:ready"));
    }
  });
  if (!stable) {
    root.setAttribute("data-state", "stabilising");
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      stable = true;
      network.redraw();
    });
  }

  function clear() { while (panel.firstChild) panel.removeChild(panel.firstChild); }
  function evidenceList(items) {
    var list = el("ol", "cjv-evidence");
    items.forEach(function (item) {
      var li = el("li");
      if (item.quote) li.appendChild(el("blockquote", null, item.quote));
      if (item.document) {
        var src = data.sources[item.document] || {};
        var bits = [src.publisher, src.date].filter(Boolean).join(", ");
        li.appendChild(el("span", "cjv-source", "\u2014 " + (src.title || item.document) +
          (bits ? " (" + bits + ")" : "") + " [" + item.document + "]"));
      }
      if (item.url) {
        var link = el(/^https?:\/\//i.test(item.url) ? "a" : "span", "cjv-source", item.url);
        if (link.tagName === "A") { link.href = item.url; link.target = "_blank"; link.rel = "noopener noreferrer"; }
        li.appendChild(link);
      }
      list.appendChild(li);
    });
    return list;
  }
  function facts(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") return;
      dl.appendChild(el("dt", null, pair[0]));
      var dd = el("dd", null, pair[1]);
      if (pair[2]) { var sw = el("span", "cjv-swatch"); sw.style.backgroundColor = pair[2]; dd.insertBefore(sw, dd.firstChild); }
      dl.appendChild(dd);
    });
    return dl;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    clear();
    panel.appendChild(el("h2", null, n.name));
    panel.appendChild(facts([["Kind", n.kind, kinds[n.kind].colour], ["Id", n.id], ["Date", n.date],
      ["Type", n.type], ["Aliases", (n.aliases || []).join("; ")], ["Relationships", String(n.degree)]]));
    panel.appendChild(el("h3", null, "Evidence (" + n.evidence.length + ")"));
    panel.appendChild(evidenceList(n.evidence));
    var rels = incident[id];
    if (rels.length) {
      panel.appendChild(el("h3", null, "Relationships (" + rels.length + ")"));
      var list = el("ul", "cjv-rels");
      rels.slice(0, 200).forEach(function (e) {
        var out = e.from === id, other = byId[out ? e.to : e.from];
        var button = el("button", null, (out ? "\u2192 " : "\u2190 ") + e.kind + " " + other.name);
        button.type = "button";
        button.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
        var li = el("li");
        li.appendChild(button);
        list.appendChild(li);
      });
      if (rels.length > 200) list.appendChild(el("li", "cjv-hint", "\u2026 and " + (rels.length - 200) + " more"));
      panel.appendChild(list);
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) return;
    clear();
    panel.appendChild(el("h2", null, byId[e.from].name + " \u2014 " + e.kind + " \u2192 " + byId[e.to].name));
    panel.appendChild(facts([["Relationship", e.kind], ["From", byId[e.from].name + " (" + byId[e.from].kind + ")"],
      ["To", byId[e.to].name + " (" + byId[e.to].kind + ")"]]));
    panel.appendChild(el("h3", null, "Evidence (" + e.evidence.length + ")"));
    panel.appendChild(evidenceList(e.evidence));
  }
  function hint() {
    clear();
    panel.appendChild(el("p", "cjv-hint", "Click an entity or a relationship to read its evidence."));
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else hint();
  });

  function find(zoom) {
    var q = fold(search.value.trim());
    if (!q) { network.unselectAll(); overview(); return; }
    var hits = data.nodes.filter(function (n) { return !hidden[n.kind] && hay[n.id].indexOf(q) >= 0; })
      .map(function (n) { return n.id; });
    network.selectNodes(hits, false);
    status.textContent = hits.length + (hits.length === 1 ? " match" : " matches") +
      (hits.length && !zoom ? " \u2013 Enter to zoom" : "");
    if (zoom && hits.length) {
      network.fit({nodes: hits, animation: false});
      showNode(hits[0]);
    }
  }
  search.addEventListener("input", function () { find(false); });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); find(true); }
  });
  root.querySelector('[data-role="fit"]').addEventListener("click", function () { network.fit({animation: false}); });
  Array.prototype.forEach.call(root.querySelectorAll("input[data-kind]"), function (box) {
    box.addEventListener("change", function () {
      var kind = box.getAttribute("data-kind");
      hidden[kind] = !box.checked;
      nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
        .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
      if (search.value.trim()) find(false);
    });
  });
  root.cjgraph = {network: network, nodes: nodes, edges: edges, data: data, showNode: showNode, showEdge: showEdge};
}
