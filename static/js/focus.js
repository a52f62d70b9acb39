/* Focus and announcements around htmx swaps (accessibility). Loaded by base.html, on every page.
 *
 * 1. Focus is never dropped on the page's body: when a swap replaces the element that held the
 *    focus (a polled translation card with its Cancel button, the approval panel after Approve),
 *    the focus goes to the same control in the new content (same id, or same name and value, or
 *    same data-key, or same place and words), else to the new content's heading, else to the
 *    new content.
 *    The segment editor's rows are left to editor.js, which moves the focus itself.
 * 2. Changes of state are announced in a polite live region made here (#a11y-status): swapped
 *    content whose status badge changed (a polled card: "→ Korean: Done"; the approval panel:
 *    "Approval: Approved"), and the editor's progress line after a save ("3 of 11 confirmed"). A live region that htmx replaces is not read out by screen
 *    readers, so the text goes through this one, which stays.
 * No inline script, no eval (the Content-Security-Policy forbids both). */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
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
      text: (el.textContent || "").trim(),
      index: all.indexOf(el),
    };
  }

  function find(memo, container) {
    if (memo.id) {
      var found = document.getElementById(memo.id);
      if (found) {
        return found;
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
    // The same place only when it is the same kind of control with the same words: after
    // Cancel, the button now there (Retry) is another action, and the heading is safer.
    var byPlace = memo.index >= 0 ? all[memo.index] : null;
    var alike = byPlace && byPlace.tagName === memo.tag && !byPlace.disabled &&
      (byPlace.textContent || "").trim() === memo.text;
    return alike ? byPlace : null;
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

  // What had the focus inside each swap target, by the target's id (an outerHTML swap brings
  // an element with the same id) or, without one, by the element (an innerHTML swap keeps it).
  // Several requests may be under way at once (a polled card, the approval panel…).
  var byId = {};
  var byElement = new WeakMap();

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    if (!target) {
      return;
    }
    if (target.id && !target.closest("#ed-sheet")) {
      badges[target.id] = badgeText(target);
    }
    if (!active || active === document.body || !target.contains(active) ||
        active.closest(".ed-row")) { // editor.js moves the focus in the editor's rows
      return;
    }
    var memo = describe(active, target);
    if (target.id) {
      byId[target.id] = memo;
    } else {
      byElement.set(target, memo);
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.target; // htmx dispatches it on each settled element
    if (!elt || elt.nodeType !== 1) {
      return;
    }
    if (elt.id && Object.prototype.hasOwnProperty.call(badges, elt.id)) {
      var before = badges[elt.id];
      var now = badgeText(elt);
      delete badges[elt.id];
      if (before && now && before !== now) {
        announce((heading(elt) ? heading(elt) + ": " : "") + now);
      }
    }
    if (elt.id === "ed-progress") {
      var label = elt.querySelector(".ed-progress-label");
      if (label) {
        announce(label.textContent);
      }
    }
    var memo = null;
    if (elt.id && Object.prototype.hasOwnProperty.call(byId, elt.id)) {
      memo = byId[elt.id];
      delete byId[elt.id];
    } else if (byElement.has(elt)) {
      memo = byElement.get(elt);
      byElement.delete(elt);
    }
    if (!memo || !lost() || !elt.isConnected) {
      return;
    }
    focusQuietly(find(memo, elt) || elt.querySelector("h1, h2, h3") || elt);
  });
})();
