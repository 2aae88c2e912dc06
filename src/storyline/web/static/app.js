// storyline: the one script. Press "/" to jump to the search box from anywhere on a page.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var box = document.getElementById("q") || document.getElementById("site-q");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();

// "Since my last visit": the story page remembers when this browser last opened it (there are no
// user accounts); opening it again keeps the visit before as "previous", which the change list
// offers as its "since".
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  var seen = function (story) { return "storyline.seen." + story; };
  var previous = function (story) { return "storyline.previous." + story; };
  var form = document.querySelector("form.since[data-story]");
  if (form) {
    var id = form.getAttribute("data-story");
    var since = store.getItem(previous(id)) || store.getItem(seen(id));
    var link = form.querySelector("a.last-visit");
    if (since && link) {
      link.href = "?since=" + encodeURIComponent(since);
      link.hidden = false;
    }
    return;
  }
  var story = document.querySelector("a.story-changes[data-story]");
  if (!story) return;
  var sid = story.getAttribute("data-story");
  var last = store.getItem(seen(sid));
  if (last) store.setItem(previous(sid), last);
  store.setItem(seen(sid), new Date().toISOString().slice(0, 19));
})();
