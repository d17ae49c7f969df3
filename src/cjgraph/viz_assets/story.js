function cjgraphStory(ctx) {
  // A story: named states of the view (focus, filters, years, group, the entity whose evidence the panel
  // shows) with a title and caption each, walked with Previous/Next or the arrow keys.
  "use strict";
  var story = ctx.data.story, at = null;
  if (!story) return {active: false, current: function () { return null; }, go: function () {}};
  var bar = ctx.root.querySelector('[data-role="story"]');
  function q(role) { return bar.querySelector('[data-role="' + role + '"]'); }
  function go(index) {
    at = Math.max(0, Math.min(index, story.steps.length - 1));
    var step = story.steps[at], change = {};
    Object.keys(step.state).forEach(function (key) { change[key] = step.state[key]; });
    q("story-step").textContent = "Step " + (at + 1) + " of " + story.steps.length;
    q("story-title").textContent = step.title;
    q("story-caption").textContent = step.caption;
    q("story-prev").disabled = at === 0;
    q("story-next").disabled = at === story.steps.length - 1;
    ctx.root.setAttribute("data-step", String(at + 1));
    ctx.state.set(change);
  }
  q("story-prev").addEventListener("click", function () { go(at - 1); });
  q("story-next").addEventListener("click", function () { go(at + 1); });
  bar.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      go(at + (event.key === "ArrowRight" ? 1 : -1));
    }
  });
  return {active: true, current: function () { return at; }, go: go};
}
