function cjgraphState(ctx) {
  // What the view shows: kinds, years, focus and depth, the passage filter, grouping and the selected
  // entity. One state, one `apply`; the deep link (view.html#focus=ID&depth=2&years=2010-2015...) and the
  // controls both go through `set`, so a link and the same clicks give the same picture.
  "use strict";
  var root = ctx.root, data = ctx.data, network = ctx.network, byId = ctx.byId;
  var state = {sel: null, focus: null, depth: 1, from: null, to: null, kinds: null, min: 1, docs: 1, group: ""};
  var expanded = {}, shown = {}, grouped = {}, playing = null, home = null, groups = cjgraphGroups(ctx);
  var years = data.nodes.map(function (n) { return n.year; }).filter(function (y) { return y !== null; });
  var first = years.length ? Math.min.apply(null, years) : null, last = years.length ? Math.max.apply(null, years) : null;
  var kindNames = data.kinds.map(function (k) { return k.kind; });
  function q(role) { return root.querySelector('[data-role="' + role + '"]'); }
  function int(value, fallback) { var v = parseInt(value, 10); return isNaN(v) ? fallback : v; }

  function edgeKept(e) { return e.passages >= state.min && e.documents >= state.docs; }
  function nodeKept(n) {
    if (state.kinds && state.kinds.indexOf(n.kind) < 0) return false;
    if (n.year === null) return true;  // undated entities stay whatever the years
    return !(state.from !== null && n.year < state.from) && !(state.to !== null && n.year > state.to);
  }
  function visibleMap() {
    var keep = {};
    data.nodes.forEach(function (n) { if (nodeKept(n)) keep[n.id] = true; });
    if (state.focus === null) return keep;
    keep[state.focus] = true;  // the focus stays, whatever the filters
    var near = {}, frontier = [state.focus];
    near[state.focus] = true;
    for (var step = 0; step < state.depth && frontier.length; step++) {
      var next = [];
      frontier.forEach(function (id) {
        ctx.incident[id].forEach(function (e) {
          var other = e.from === id ? e.to : e.from;
          if (keep[other] && !near[other] && edgeKept(e)) { near[other] = true; next.push(other); }
        });
      });
      frontier = next;
    }
    return near;
  }
  function groupOf(id) {
    var n = byId[id];
    if (!n) return null;
    if (state.group === "kind") return n.kind;
    if (state.group === "community" && n.community !== undefined) return "community " + (n.community + 1);
    return null;
  }
  function apply() {
    shown = visibleMap();
    var layout = groups.plan(shown, groupOf, expanded, state.group, home || network.getPositions());
    var nodeChanges = [], edgeChanges = [];
    var nodeAdds = [];
    data.nodes.forEach(function (n) {
      var hidden = !shown[n.id] || layout.rep[n.id] !== undefined, drawn = ctx.nodes.get(n.id);
      if (!drawn) { if (!hidden) nodeAdds.push(ctx.nodeItem(n)); }  // a crowd's entity, shown for the first time
      else if (!!drawn.hidden !== hidden) nodeChanges.push({id: n.id, hidden: hidden, physics: !hidden});
    });
    if (nodeAdds.length) ctx.nodes.add(nodeAdds);
    var edgeAdds = [];
    data.edges.forEach(function (e) {
      var hidden = !edgeKept(e) || layout.rep[e.from] !== undefined || layout.rep[e.to] !== undefined, drawn = ctx.edges.get(e.id);
      if (!drawn) { if (!hidden && shown[e.from] && shown[e.to]) edgeAdds.push(ctx.edgeItem(e)); }  // added when first shown
      else if (!!drawn.hidden !== hidden) edgeChanges.push({id: e.id, hidden: hidden});
    });
    if (nodeChanges.length) ctx.nodes.update(nodeChanges);
    if (edgeChanges.length) ctx.edges.update(edgeChanges);
    if (edgeAdds.length) ctx.edges.add(edgeAdds);
    groups.draw(layout, edgeKept, shown);
    grouped = layout.rep;
    controls();
    if (ctx.search.value.trim()) ctx.keys.find(false); else ctx.overview();
  }
  function controls() {
    Array.prototype.forEach.call(root.querySelectorAll("input[data-kind]"), function (box) {
      box.checked = !state.kinds || state.kinds.indexOf(box.getAttribute("data-kind")) >= 0;
    });
    var focused = state.focus !== null && byId[state.focus];
    q("focus-name").textContent = focused ? byId[state.focus].name : "none";
    q("depth").textContent = String(state.depth);
    ["focus-in", "focus-out", "focus-clear"].forEach(function (r) { q(r).disabled = !focused; });
    q("focus-out").disabled = !focused || state.depth <= 1;
    q("year-from").value = state.from === null ? "" : String(state.from);
    q("year-to").value = state.to === null ? "" : String(state.to);
    q("min-passages").value = String(state.min);
    q("min-docs").value = String(state.docs);
    q("group").value = state.group;
  }
  function select(id, focusPanel) {
    state.sel = id && byId[id] ? id : null;
    if (state.sel === null) { network.unselectAll(); ctx.panel.hint(); return; }
    if (grouped[id] !== undefined) { expanded[groupOf(id)] = true; apply(); }
    if (shown[id]) network.selectNodes([id], false);
    ctx.panel.showNode(id);
    if (focusPanel) ctx.panel.element.focus();
  }
  function set(change) {
    change = change || {};
    ["focus", "depth", "from", "to", "kinds", "min", "docs", "group"].forEach(function (key) {
      if (change[key] !== undefined) state[key] = change[key];
    });
    if (state.focus !== null && !byId[state.focus]) state.focus = null;
    state.depth = Math.max(1, Math.min(int(state.depth, 1), 9));
    state.min = Math.max(1, int(state.min, 1));
    state.docs = Math.max(1, int(state.docs, 1));
    if (["", "kind", "community"].indexOf(state.group) < 0) state.group = "";
    if (change.group !== undefined) expanded = {};
    var moved = change.focus !== undefined || change.depth !== undefined || change.group !== undefined;
    apply();
    if (moved) relayout();
    if (change.sel !== undefined) select(change.sel);
    else if (change.focus) select(change.focus);
    if (change.fit !== false) ctx.fit();
    return get();
  }
  function relayout() {
    // A focus's neighbourhood is laid out afresh from where the whole view placed it; without a focus,
    // everything goes back to its first place.
    var ids = Object.keys(shown);
    var back = (state.focus === null ? data.nodes.map(function (n) { return n.id; }) : ids)
      .filter(function (id) { return home[id] && ctx.nodes.get(id); })  // (update() would add a crowd's others)
      .map(function (id, i) {
        // a focus starts from its first places, shaken a little (fixed amounts) so that entities the whole
        // view placed on top of each other come apart
        var shake = state.focus === null ? 0 : 1;
        return {id: id, x: home[id].x + shake * ((i * 37) % 21 - 10) * 4, y: home[id].y + shake * ((i * 53) % 21 - 10) * 4};
      });
    ctx.nodes.update(back);
    if ((state.focus !== null || state.group) && network.body.nodeIndices.length > 1 &&
        network.body.nodeIndices.length <= 400) ctx.relayout();
  }
  function get() {
    return JSON.parse(JSON.stringify(state));
  }
  function link() {
    var parts = [];
    if (document.querySelectorAll(".cjgraph-view").length > 1) parts.push("view=" + root.id);
    if (ctx.story.current() !== null) parts.push("step=" + (ctx.story.current() + 1));
    if (state.sel) parts.push("sel=" + encodeURIComponent(state.sel));
    if (state.focus) parts.push("focus=" + encodeURIComponent(state.focus), "depth=" + state.depth);
    if (state.from !== null || state.to !== null)
      parts.push("years=" + (state.from === null ? "" : state.from) + "-" + (state.to === null ? "" : state.to));
    if (state.kinds) parts.push("kinds=" + state.kinds.map(encodeURIComponent).join(","));
    if (state.min > 1) parts.push("min=" + state.min);
    if (state.docs > 1) parts.push("docs=" + state.docs);
    if (state.group) parts.push("group=" + state.group);
    if (root.classList.contains("cjv-embed")) parts.push("embed");
    return location.href.split("#")[0] + (parts.length ? "#" + parts.join("&") : "");
  }
  function fromLink() {
    // The deep link's state: for this view when the link names it, or when it is alone on its page.
    var hash = new URLSearchParams(location.hash.replace(/^#/, "")), query = new URLSearchParams(location.search);
    var target = hash.get("view");
    if (target ? target !== root.id : document.querySelectorAll(".cjgraph-view").length > 1) return null;
    if (hash.has("embed") || query.has("embed")) root.classList.add("cjv-embed");
    var change = {fit: false}, span = /^(\d{4})?-(\d{4})?$/.exec(hash.get("years") || "");
    if (hash.get("focus")) change.focus = hash.get("focus");
    if (hash.get("depth")) change.depth = int(hash.get("depth"), 1);
    if (span) { change.from = span[1] ? int(span[1]) : null; change.to = span[2] ? int(span[2]) : null; }
    if (hash.get("kinds") !== null) change.kinds = hash.get("kinds").split(",").filter(function (k) {
      return kindNames.indexOf(k) >= 0;
    });
    if (hash.get("min")) change.min = hash.get("min");
    if (hash.get("docs")) change.docs = hash.get("docs");
    if (hash.get("group")) change.group = hash.get("group");
    if (hash.get("sel")) change.sel = hash.get("sel");
    if (hash.get("step")) change.step = int(hash.get("step"), 1);
    return Object.keys(change).length > 1 || root.classList.contains("cjv-embed") ? change : null;
  }
  function start() {
    home = network.getPositions();
    data.nodes.forEach(function (n) { if (!home[n.id] && n.x !== undefined) home[n.id] = {x: n.x, y: n.y}; });
    var change = fromLink();
    if (ctx.story.active && !(change && !change.step)) {
      ctx.story.go(change && change.step ? change.step - 1 : 0);  // a story opens at its step (the first)
      return;
    }
    if (!change && data.nodes.length > 3000) change = {group: "kind", fit: false};  // very large: grouped
    if (change) set(change); else apply();
  }
  window.addEventListener("hashchange", function () {  // a link to another state of this page's view
    var change = fromLink();
    if (change && change.step && ctx.story.active) ctx.story.go(change.step - 1);
    else if (change) { change.fit = true; set(change); }
  });
  function expand(groupId) {
    expanded[String(groupId).replace(/^group:/, "")] = true;
    apply();
    if (network.body.nodeIndices.length <= 400) ctx.relayout();
  }
  function describe() {
    var bits = [];
    if (state.focus && byId[state.focus]) bits.push("around " + byId[state.focus].name + " (" + state.depth + ")");
    if (state.from !== null || state.to !== null)
      bits.push((state.from === null ? "\u2026" : state.from) + "\u2013" + (state.to === null ? "\u2026" : state.to));
    return bits.length ? " \u00b7 " + bits.join(" \u00b7 ") : "";
  }
  function play() {
    if (playing) { clearInterval(playing); playing = null; q("play").textContent = "\u25b6 Play"; return; }
    var year = first;
    q("play").textContent = "\u25a0 Stop";
    set({from: state.from === null ? first : state.from, to: year});
    playing = setInterval(function () {
      year += 1;
      if (year > last) { play(); return; }
      set({to: year, fit: false});
    }, 700);
  }

  Array.prototype.forEach.call(root.querySelectorAll("input[data-kind]"), function (box) {
    box.addEventListener("change", function () {
      var chosen = kindNames.filter(function (k) {
        return root.querySelector('input[data-kind="' + k + '"]').checked;
      });
      set({kinds: chosen.length === kindNames.length ? null : chosen, fit: false});
    });
  });
  q("focus-in").addEventListener("click", function () { set({depth: state.depth + 1}); });
  q("focus-out").addEventListener("click", function () { set({depth: state.depth - 1}); });
  q("focus-clear").addEventListener("click", function () { set({focus: null}); });
  q("year-from").addEventListener("change", function () { set({from: int(q("year-from").value, null)}); });
  q("year-to").addEventListener("change", function () { set({to: int(q("year-to").value, null)}); });
  q("min-passages").addEventListener("change", function () { set({min: q("min-passages").value, fit: false}); });
  q("min-docs").addEventListener("change", function () { set({docs: q("min-docs").value, fit: false}); });
  q("group").addEventListener("change", function () { set({group: q("group").value}); });
  q("play").addEventListener("click", play);
  if (!data.nodes.some(function (n) { return n.community !== undefined; })) {
    q("group").removeChild(q("group").querySelector('option[value="community"]'));
  }
  if (first === null) q("timeline").hidden = true;
  else ["year-from", "year-to"].forEach(function (r) { q(r).min = String(first); q(r).max = String(last); });
  q("copy-link").addEventListener("click", function () {
    var text = link(), out = q("link");
    out.hidden = false;
    out.value = text;
    out.select();
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(function () {});
  });
  return {start: start, set: set, get: get, link: link, select: select, expand: expand, describe: describe,
          isGroup: groups.isGroup, groupCount: groups.count, groups: groups.sizes,
          isVisible: function (id) { return !!shown[id]; },
          visible: function () { return Object.keys(shown).sort(); }};
}
