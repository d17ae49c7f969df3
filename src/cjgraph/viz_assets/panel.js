function cjgraphPanel(ctx) {
  // The evidence panel: an entity's or a relationship's facts and every verbatim quote with its source.
  // Built with createElement and textContent only. Focusable, so the keyboard can reach it.
  "use strict";
  var panel = ctx.root.querySelector('[data-role="panel"]'), el = ctx.el, data = ctx.data, byId = ctx.byId;

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
  function button(text, action, role) {
    var b = el("button", null, text);
    b.type = "button";
    if (role) b.setAttribute("data-role", role);
    b.addEventListener("click", action);
    return b;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    clear();
    panel.appendChild(el("h2", null, n.name));
    panel.appendChild(facts([["Kind", n.kind, ctx.kinds[n.kind].colour], ["Id", n.id], ["Date", n.date],
      ["Type", n.type], ["Aliases", (n.aliases || []).join("; ")], ["Relationships", String(n.degree)]]));
    var actions = el("p", "cjv-actions");
    actions.appendChild(button("Focus on this entity", function () { ctx.state.set({focus: id}); }, "focus-here"));
    panel.appendChild(actions);
    panel.appendChild(el("h3", null, "Evidence (" + n.evidence.length + ")"));
    panel.appendChild(evidenceList(n.evidence));
    var rels = ctx.incident[id];
    if (rels.length) {
      panel.appendChild(el("h3", null, "Relationships (" + rels.length + ")"));
      var list = el("ul", "cjv-rels");
      rels.slice(0, 200).forEach(function (e) {
        var out = e.from === id, other = byId[out ? e.to : e.from];
        var li = el("li");
        li.appendChild(button((out ? "\u2192 " : "\u2190 ") + e.kind + " " + other.name + " (" + e.passages + ")",
          function () { ctx.network.selectEdges([e.id]); showEdge(e.id, true); }));
        list.appendChild(li);
      });
      if (rels.length > 200) list.appendChild(el("li", "cjv-hint", "\u2026 and " + (rels.length - 200) + " more"));
      panel.appendChild(list);
    }
  }
  function showEdge(id, focus) {
    var e = ctx.edgeById[id];
    if (!e) return;
    clear();
    panel.appendChild(el("h2", null, byId[e.from].name + " \u2014 " + e.kind + " \u2192 " + byId[e.to].name));
    panel.appendChild(facts([["Relationship", e.kind], ["From", byId[e.from].name + " (" + byId[e.from].kind + ")"],
      ["To", byId[e.to].name + " (" + byId[e.to].kind + ")"],
      ["Passages", e.passages + " from " + e.documents + " source" + (e.documents === 1 ? "" : "s")]]));
    var actions = el("p", "cjv-actions");
    actions.appendChild(button("\u2190 " + byId[e.from].name, function () { ctx.state.select(e.from, true); }));
    actions.appendChild(button("\u2192 " + byId[e.to].name, function () { ctx.state.select(e.to, true); }));
    panel.appendChild(actions);
    panel.appendChild(el("h3", null, "Evidence (" + e.evidence.length + ")"));
    panel.appendChild(evidenceList(e.evidence));
    if (focus) panel.focus();
  }
  function hint() {
    clear();
    panel.appendChild(el("p", "cjv-hint", "Click an entity or a relationship to read its evidence."));
  }
  return {showNode: showNode, showEdge: showEdge, hint: hint, element: panel};
}
