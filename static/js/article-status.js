/* Keep an article's status current on its pages without a reload. The approval panel
 * (articles/approval.html) is the source of truth: htmx re-renders it after an approval action,
 * after a save in the editor, and on "translation-finished", sent here when a polled
 * translation card comes back finished (the article may have moved to review). After every
 * swap, the panel's status badge is copied to the article's other status badges (page headers,
 * marked data-article-status). Loaded by base.html. */
(function () {
  "use strict";

  function finishedCard(elt) {
    return Boolean(elt.matches) && elt.matches("article.translation") && !elt.hasAttribute("hx-get");
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (finishedCard(event.target)) {
      htmx.trigger(document.body, "translation-finished");
    }
    document.querySelectorAll(".ed-approval[data-article]").forEach(function (panel) {
      var source = panel.querySelector(".ed-approval-head .badge");
      if (!source) {
        return;
      }
      var selector = '[data-article-status="' + panel.getAttribute("data-article") + '"]';
      document.querySelectorAll(selector).forEach(function (badge) {
        badge.className = source.className;
        badge.textContent = source.textContent;
      });
    });
  });
})();
