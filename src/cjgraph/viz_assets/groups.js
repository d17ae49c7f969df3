function cjgraphGroups(ctx) {
  // Grouping: the shown members of a group are hidden behind one node ("Recommendation (70)") and the
  // relationships that cross groups are drawn once per pair of ends, as wide as their number. Plain
  // DataSet changes, linear in the entities and relationships (vis-network's clusters took minutes at
  // 10,000 entities).
  "use strict";
  var data = ctx.data, current = {}, crossing = [];

  function look(group, kind, count) {
    var kindOf = ctx.kinds[kind], colour = group.mode === "kind" ? kindOf.colour : "#8a8a8a";
    return {shape: group.mode === "kind" ? kindOf.shape : "dot", size: Math.min(16 + 3 * Math.sqrt(count), 60),
            borderWidth: 3, label: group.name + " (" + count + ")",
            title: count + " entities (" + group.name + ") \u2013 click to expand",
            color: {background: colour, border: "#333333", highlight: {background: colour, border: "#000000"}},
            font: {size: 15, strokeWidth: 4, strokeColor: "#ffffff"}};
  }
  function plan(shown, groupOf, expanded, mode, home) {
    // Which shown entity stands behind which group node: {entity id: group node id}.
    var members = {}, rep = {}, nodes = [];
    if (mode) {
      data.nodes.forEach(function (n) {
        var g = shown[n.id] ? groupOf(n.id) : null;
        if (g !== null && !expanded[g]) (members[g] = members[g] || []).push(n);
      });
    }
    Object.keys(members).sort().forEach(function (g) {
      var list = members[g];
      if (list.length < 2) return;
      var id = "group:" + g, x = 0, y = 0;
      list.forEach(function (n) { rep[n.id] = id; x += (home[n.id] || {x: 0}).x; y += (home[n.id] || {y: 0}).y; });
      nodes.push(Object.assign({id: id, x: x / list.length, y: y / list.length, members: list.length},
                               look({mode: mode, name: g}, list[0].kind, list.length)));
    });
    return {rep: rep, nodes: nodes};
  }
  function draw(layout, edgeKept, shown) {
    // Replace the group nodes and crossing edges drawn before with those of ``layout`` (from plan).
    var rep = layout.rep, counts = {}, edges = [];
    if (crossing.length) ctx.edges.remove(crossing);
    var old = Object.keys(current);
    if (old.length) ctx.nodes.remove(old);
    current = {};
    layout.nodes.forEach(function (n) { current[n.id] = n.members; });
    if (layout.nodes.length) ctx.nodes.add(layout.nodes);
    data.edges.forEach(function (e) {
      if (!edgeKept(e) || !shown[e.from] || !shown[e.to] || !(rep[e.from] || rep[e.to])) return;
      var a = rep[e.from] || e.from, b = rep[e.to] || e.to;
      if (a !== b) counts[a + "\u0000" + b] = (counts[a + "\u0000" + b] || 0) + 1;
    });
    Object.keys(counts).sort().forEach(function (key, i) {
      var ends = key.split("\u0000"), count = counts[key];
      edges.push({id: "cross:" + i, from: ends[0], to: ends[1], arrows: {to: {enabled: true, scaleFactor: 0.6}},
                  width: Math.min(1 + Math.log(count) / Math.LN2, 8), color: {color: "#b5b5b5"},
                  label: count > 1 ? String(count) : undefined,
                  title: count + " relationship" + (count === 1 ? "" : "s") + " \u2013 expand a group to read them"});
    });
    crossing = edges.map(function (e) { return e.id; });
    if (edges.length) ctx.edges.add(edges);
  }
  return {plan: plan, draw: draw, isGroup: function (id) { return current[id] !== undefined; },
          count: function () { return Object.keys(current).length; },
          sizes: function () { return JSON.parse(JSON.stringify(current)); }};
}
