/* Polling that backs off while the tab is hidden. An element with data-poll (and hx-get,
 * hx-trigger="poll") is asked to refresh every second while the page is visible, every 30
 * seconds while it is hidden, and at once when the page becomes visible again. An element
 * re-rendered without data-poll (a finished translation card) stops polling by itself.
 * Loaded by base.html; no inline script, no eval (the Content-Security-Policy forbids both). */
(function () {
  "use strict";
  var VISIBLE_MS = 1000;
  var HIDDEN_MS = 30000;
  var timer = null;

  function poll() {
    if (typeof htmx === "undefined") return;
    document.querySelectorAll("[data-poll]").forEach(function (elt) {
      htmx.trigger(elt, "poll");
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      poll();
      schedule();
    }, document.hidden ? HIDDEN_MS : VISIBLE_MS);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) poll();
    schedule();
  });
  document.addEventListener("DOMContentLoaded", schedule);
})();
