/* Focus and announcements around htmx swaps (accessibility). Loaded by base.html, on every page.
 *
 * 1. Focus is never dropped on the page's body: when a swap replaces the element that held the
 *    focus (a polled translation card with its Cancel button, the approval panel after Approve),
 *    the focus goes to the same control in the new content (same id, or same name and value, or
 *    same data-key, or same position), else to the new content's heading, else to the new content.
 *    The segment editor's rows are left to editor.js, which moves the focus itself.
 * 2. Changes of state are announced in a polite live region made here (#a11y-status): a polled
 *    card whose status badge changed ("→ Korean: Done"), and the editor's progress line after a
 *    save ("3 of 11 confirmed"). A live region that htmx replaces is not read out by screen
 *    readers, so the text goes through this one, which stays.
 * No inline script, no eval (the Content-Security-Policy forbids both). */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  var remembered = null;
  var badges = {};
  var live = null;

  function announce(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!text) {
      return;
    }
    if (!live) {
      live = document.createElement("div");
      live.id = "a11y-status";
      live.className = "sr-only";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    // A new text node each time, so that the same words said twice are read twice.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  function describe(el, container) {
    var all = Array.prototype.slice.call(container.querySelectorAll(FOCUSABLE));
    return {
      id: el.id || "",
      name: el.getAttribute("name") || "",
      value: el.getAttribute("value") || "",
      key: el.getAttribute("data-key") || "",
      tag: el.tagName,
      index: all.indexOf(el),
    };
  }

  function find(memo, container) {
    if (memo.id) {
      var byId = document.getElementById(memo.id);
      if (byId) {
        return byId;
      }
    }
    var all = Array.prototype.slice.call(container.querySelectorAll(FOCUSABLE));
    var same = all.filter(function (el) {
      return el.tagName === memo.tag && !el.disabled &&
        (memo.key ? el.getAttribute("data-key") === memo.key :
          memo.name ? el.getAttribute("name") === memo.name &&
            (el.getAttribute("value") || "") === memo.value : false);
    });
    if (same.length) {
      return same[0];
    }
    var byPlace = memo.index >= 0 ? all[memo.index] : null;
    return byPlace && byPlace.tagName === memo.tag && !byPlace.disabled ? byPlace : null;
  }

  function focusQuietly(el) {
    if (!el) {
      return;
    }
    if (!el.matches(FOCUSABLE)) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus({ preventScroll: true });
  }

  function lost() {
    var el = document.activeElement;
    return !el || el === document.body || !el.isConnected;
  }

  function badgeText(el) {
    var badge = el.querySelector ? el.querySelector(".badge") : null;
    return badge ? badge.textContent.trim() : "";
  }

  function heading(el) {
    var h = el.querySelector ? el.querySelector("h1, h2, h3") : null;
    return h ? h.textContent.trim() : "";
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    remembered = null;
    if (target && target.id && target.hasAttribute("data-poll")) {
      badges[target.id] = badgeText(target);
    }
    if (!target || !active || active === document.body || !target.contains(active)) {
      return;
    }
    if (active.closest(".ed-row")) {
      return; // editor.js decides
    }
    remembered = { container: target.id || "", memo: describe(active, target) };
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.target; // htmx dispatches it on each settled element
    if (elt && elt.id && Object.prototype.hasOwnProperty.call(badges, elt.id)) {
      var before = badges[elt.id];
      var now = badgeText(elt);
      delete badges[elt.id];
      if (before && now && before !== now) {
        announce((heading(elt) ? heading(elt) + ": " : "") + now);
      }
    }
    if (elt && elt.id === "ed-progress") {
      var label = elt.querySelector(".ed-progress-label");
      if (label) {
        announce(label.textContent);
      }
    }
    if (!remembered || !lost()) {
      return;
    }
    var memo = remembered;
    remembered = null;
    var container = (memo.container && document.getElementById(memo.container)) ||
      (elt && elt.isConnected ? elt : null);
    if (!container) {
      return;
    }
    var target = find(memo.memo, container);
    if (!target) {
      target = container.querySelector("h1, h2, h3") || container;
    }
    focusQuietly(target);
  });
})();
