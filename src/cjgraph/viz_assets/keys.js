function cjgraphKeys(ctx) {
  // Search by name, alias or id, with a list of results the keyboard can walk: ArrowDown from the box
  // enters the list, ArrowUp/ArrowDown move, Enter opens a result and puts the focus on its evidence
  // panel, Escape goes back to the box.
  "use strict";
  var search = ctx.search, network = ctx.network, el = ctx.el;
  var results = ctx.root.querySelector('[data-role="results"]');
  var LIMIT = 20;

  function hits() {
    var q = ctx.fold(search.value.trim());
    if (!q) return [];
    function rank(n) {  // an exact name, alias or id first, then names that start with it, then the rest
      var lines = ctx.hay[n.id].split("\n");
      return lines.indexOf(q) >= 0 ? 0 : lines[1].indexOf(q) === 0 ? 1 : 2;
    }
    return ctx.data.nodes.filter(function (n) { return ctx.state.isVisible(n.id) && ctx.hay[n.id].indexOf(q) >= 0; })
      .map(function (n) { return [rank(n), -n.degree, n.id]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); })
      .map(function (r) { return r[2]; });
  }
  function list(ids) {
    while (results.firstChild) results.removeChild(results.firstChild);
    results.hidden = !ids.length;
    ids.slice(0, LIMIT).forEach(function (id) {
      var n = ctx.byId[id], li = el("li"), b = el("button", null, n.name);
      b.type = "button";
      b.setAttribute("data-id", id);
      b.appendChild(el("span", "cjv-count", " " + n.kind + (n.date ? ", " + n.date : "")));
      b.addEventListener("click", function () { open(id, true); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (ids.length > LIMIT) results.appendChild(el("li", "cjv-hint", "\u2026 and " + (ids.length - LIMIT) + " more"));
  }
  function open(id, focusPanel) {
    ctx.state.select(id, focusPanel);
    network.fit({nodes: [id], animation: false, maxZoomLevel: 1.2});
    results.hidden = true;
  }
  function find(zoom) {
    var ids = hits();
    if (!search.value.trim()) { network.unselectAll(); list([]); ctx.overview(); return; }
    network.selectNodes(ids.filter(drawn), false);
    list(ids);
    ctx.status.textContent = ids.length + (ids.length === 1 ? " match" : " matches") +
      (ids.length && !zoom ? " \u2013 Enter to zoom, \u2193 for the list" : "");
    if (zoom && ids.length) {
      network.fit({nodes: ids, animation: false});
      ctx.state.select(ids[0]);
      network.selectNodes(ids.filter(drawn), false);
    }
  }
  function drawn(id) { var item = ctx.nodes.get(id); return !!item && !item.hidden; }
  function buttons() { return Array.prototype.slice.call(results.querySelectorAll("button")); }
  search.addEventListener("input", function () { find(false); });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); find(true); }
    else if (event.key === "ArrowDown" && buttons().length) { event.preventDefault(); buttons()[0].focus(); }
    else if (event.key === "Escape") { results.hidden = true; }
  });
  results.addEventListener("keydown", function (event) {
    var all = buttons(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) search.focus(); else if (next < all.length) all[next].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      results.hidden = true;
      search.focus();
    }
  });
  return {find: find};
}
