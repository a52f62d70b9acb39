/* The segment editor: keyboard shortcuts and focus. htmx does every request; this file only
 * presses the fragment's own buttons, moves the focus, and opens another page of sentences
 * (J/K past the page's edge, N for the next flagged sentence on any page). Loaded by
 * articles/editor.html.
 *
 * The keyboard map (every action also has a control reachable with Tab):
 *   Tab / Shift+Tab        sentences and their controls, in reading order
 *   Enter on a sentence    edit it (the textarea takes the focus)
 *   Ctrl+Enter (⌘+Enter)   in the textarea: confirm, and edit the next sentence
 *   Esc                    in the textarea: cancel (asks first over a changed text); the focus
 *                          goes back to the sentence
 *   Alt+↓ / Alt+↑          in the textarea: save a changed text, edit the next / previous;
 *                          elsewhere: the next / previous sentence (outside them: the first)
 *   J / K                  on a sentence: the next / previous one, across the page's edge
 *   N                      on a sentence: the next flagged one, on any page
 *   L                      on a sentence or with a word selected in them: look the word up
 *   Shift+arrows           in the textarea: select words for the look-up box
 * Single letters act only while the focus is on the sentences, and by the key's place
 * (event.code) when a Korean layout is on. */
(function () {
  "use strict";

  var sheet = document.getElementById("ed-sheet");
  if (!sheet) {
    return;
  }

  // After a save: open the sentence `step` rows away from the row with id `from`.
  var pending = { step: 0, from: "" };
  // The sentence last focused, for "Next flagged" pressed with the mouse.
  var lastRow = null;

  function rows() {
    return Array.prototype.slice.call(sheet.querySelectorAll(".ed-row"));
  }

  function rowOf(el) {
    return el && el.closest ? el.closest(".ed-row") : null;
  }

  function neighbour(row, step) {
    var all = rows();
    var index = all.indexOf(row);
    return index < 0 ? null : all[index + step] || null;
  }

  function press(row, key) {
    var button = row && row.querySelector('[data-key="' + key + '"]');
    if (button) {
      button.click();
    }
    return Boolean(button);
  }

  function focusRow(row) {
    if (!row) {
      return;
    }
    var target = row.querySelector("textarea") || row.querySelector(".ed-text");
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "nearest" });
    }
  }

  function openRow(row) {
    var link = row && row.querySelector("a.ed-text");
    if (link) {
      link.click();
    } else {
      focusRow(row);
    }
  }

  // Past the page's edge: the previous page (its last sentence) or the next (its first).
  function goPast(step) {
    var url = step > 0 ? sheet.getAttribute("data-next") : sheet.getAttribute("data-previous");
    if (!url) {
      return false;
    }
    window.location.assign(url + (step > 0 ? "#ed-first" : "#ed-last"));
    return true;
  }

  // The next sentence needing attention after `row` (the top of the page if none): on this
  // page if there is one below, else the server finds it on whatever page holds it.
  function nextFlagged(row) {
    var all = rows();
    var index = row ? all.indexOf(row) : -1;
    for (var i = index + 1; i < all.length; i++) {
      if (all[i].classList.contains("ed-attention")) {
        focusRow(all[i]);
        return;
      }
    }
    var last = all.length ? all[all.length - 1].getAttribute("data-order") : "-1";
    var query = "?after=" + encodeURIComponent(last);
    var filter = sheet.getAttribute("data-filter");
    if (filter && filter !== "all") {
      query += "&filter=" + encodeURIComponent(filter);
    }
    window.location.assign(sheet.getAttribute("data-next-flagged") + query);
  }

  // Arriving from another page: focus the sentence the address names.
  function focusFromHash() {
    var all = rows();
    var hash = window.location.hash;
    if (hash === "#ed-first") {
      focusRow(all[0]);
    } else if (hash === "#ed-last") {
      focusRow(all[all.length - 1]);
    } else if (hash.indexOf("#seg-") === 0) {
      var row = document.getElementById(hash.slice(1));
      if (row && sheet.contains(row)) {
        focusRow(row);
        row.scrollIntoView({ block: "center" });
      }
    }
  }

  // The letter of a shortcut key, also with a Korean (or any non-Latin) layout switched on:
  // there the key gives ㅓ for J, or "Process" while an input method is on, so the key's place
  // (KeyJ) decides instead.
  function letterOf(event) {
    if (/^[a-z]$/i.test(event.key)) {
      return event.key.toLowerCase();
    }
    var place = /^Key([A-Z])$/.exec(event.code || "");
    return place ? place[1].toLowerCase() : "";
  }

  function selectionInSheet() {
    var selection = window.getSelection ? window.getSelection() : null;
    return Boolean(selection) && !selection.isCollapsed && sheet.contains(selection.anchorNode);
  }

  function isTyping(el) {
    return Boolean(el) && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" ||
      el.tagName === "SELECT" || el.isContentEditable);
  }

  // A 409 (someone else saved meanwhile) comes with a fragment showing both texts, the one
  // the translator typed kept in a textarea: swap it in instead of treating it as a failure.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Clicking "History" or "Comments" again closes the panel instead of loading it twice.
  var toggles = { "ed-history-toggle": ".ed-history", "ed-comments-toggle": ".ed-comments" };
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var panelClass = null;
    Object.keys(toggles).forEach(function (name) {
      if (elt && elt.classList && elt.classList.contains(name)) {
        panelClass = toggles[name];
      }
    });
    if (!panelClass) {
      return;
    }
    var panel = rowOf(elt) && rowOf(elt).querySelector(panelClass);
    if (panel && panel.children.length) {
      event.preventDefault();
      panel.innerHTML = "";
      elt.setAttribute("aria-expanded", "false");
    } else {
      elt.setAttribute("aria-expanded", "true");
    }
  });

  // New content: focus the textarea of an opened editor, or carry on to the next sentence.
  document.body.addEventListener("htmx:load", function (event) {
    var row = event.detail.elt;
    if (!row || !row.classList || !row.classList.contains("ed-row")) {
      return;
    }
    if (row.classList.contains("ed-editing")) {
      if (pending.from === row.id) {
        pending.step = 0; // the save was refused or conflicted: stay here
      }
      var textarea = row.querySelector("textarea");
      if (textarea && document.activeElement !== textarea) {
        textarea.focus({ preventScroll: true });
        textarea.setSelectionRange(textarea.value.length, textarea.value.length);
        textarea.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    if (pending.step && pending.from === row.id) {
      var step = pending.step;
      var next = neighbour(row, step);
      pending.step = 0;
      if (next) {
        openRow(next);
        return;
      }
      if (goPast(step)) {
        return;
      }
    }
    focusRow(row);
  });

  // Cancel (or Esc, which presses it) over a changed text asks before throwing it away.
  // In the capture phase, so that htmx never sees a click the translator took back.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest ? event.target.closest('[data-key="cancel"]') : null;
    var row = rowOf(cancel);
    if (!row || !row.classList.contains("ed-editing") || row.classList.contains("ed-conflict")) {
      return;
    }
    var textarea = row.querySelector("textarea");
    if (textarea && textarea.value !== textarea.getAttribute("data-original") &&
        !window.confirm(gettext("Discard your unsaved change to this sentence?"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      pending.step = 0;
      textarea.focus();
    }
  }, true);

  // The character count under the textarea, and the length warning, as the translator types
  // (the same rule as newsapp/articles/lengths.py; the expected range comes from the server).
  sheet.addEventListener("input", function (event) {
    var textarea = event.target;
    var row = rowOf(textarea);
    var line = row && row.querySelector(".ed-length");
    if (!line || textarea.tagName !== "TEXTAREA" || !textarea.hasAttribute("data-low")) {
      return;
    }
    var chars = Array.from(textarea.value.trim()).length;
    var low = Number(textarea.getAttribute("data-low"));
    var high = Number(textarea.getAttribute("data-high"));
    var message = "";
    if (chars && textarea.getAttribute("data-length-applies") === "1") {
      if (chars < low) {
        message = gettext("Much shorter than the source suggests: is a part missing?");
      } else if (chars > high) {
        message = gettext(
          "Much longer than the source suggests: is something added or left untranslated?"
        );
      }
    }
    line.querySelector(".ed-length-count").textContent = String(chars);
    line.querySelector(".ed-length-warning").textContent = message;
    line.classList.toggle("ed-length-warn", Boolean(message));
  });

  // Concordance: a word selected in a source or translation fills the look-up box (a
  // selection inside the textarea too); the translator presses "Look up", or L.
  var concordance = document.getElementById("ed-concordance-q");
  function selectedWords() {
    var el = document.activeElement;
    var text = "";
    if (el && el.tagName === "TEXTAREA" && sheet.contains(el)) {
      text = el.value.slice(el.selectionStart, el.selectionEnd);
    } else if (window.getSelection) {
      var selection = window.getSelection();
      if (selection.rangeCount && sheet.contains(selection.anchorNode)) {
        text = selection.toString();
      }
    }
    text = text.replace(/\s+/g, " ").trim();
    return text.length <= 200 ? text : "";
  }
  document.addEventListener("mouseup", function () {
    var text = concordance ? selectedWords() : "";
    if (text) {
      concordance.value = text;
    }
  });
  document.addEventListener("keyup", function (event) {
    if (concordance && event.shiftKey) {
      var text = selectedWords();
      if (text) {
        concordance.value = text;
      }
    }
  });

  sheet.addEventListener("focusin", function (event) {
    lastRow = rowOf(event.target) || lastRow;
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('[data-key="next-flagged"]') : null;
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      nextFlagged(lastRow && sheet.contains(lastRow) ? lastRow : null);
    }
  });

  sheet.addEventListener("click", function (event) {
    var use = event.target.closest ? event.target.closest(".ed-use") : null;
    if (!use) {
      return;
    }
    var textarea = rowOf(use).querySelector("textarea");
    textarea.value = use.getAttribute("data-text");
    textarea.focus();
  });

  document.addEventListener("keydown", function (event) {
    var el = document.activeElement;
    var row = rowOf(el);
    var vertical = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;

    if (row && el.tagName === "TEXTAREA" && el.classList.contains("ed-textarea")) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        pending = { step: 1, from: row.id };
        press(row, "confirm");
      } else if (event.key === "Escape") {
        event.preventDefault();
        press(row, "cancel");
      } else if (event.altKey && vertical && !row.classList.contains("ed-conflict")) {
        event.preventDefault();
        pending = { step: vertical, from: row.id };
        var changed = el.value !== el.getAttribute("data-original");
        press(row, changed ? "save" : "cancel");
      }
      return;
    }
    if (isTyping(el) || event.ctrlKey || event.metaKey || !sheet.isConnected) {
      return;
    }
    // Single-key shortcuts act only while the focus is on the sentences (or, for L, a word is
    // selected in them): typing or dictating elsewhere on the page never sets one off (WCAG
    // 2.1.4). Alt+↑/↓ work from anywhere on the page.
    var inSheet = Boolean(row) && sheet.contains(row);
    var letter = !event.altKey && !event.shiftKey ? letterOf(event) : "";
    if (letter === "l" && concordance && concordance.value && (inSheet || selectionInSheet())) {
      event.preventDefault();
      concordance.form.requestSubmit();
      return;
    }
    if (letter === "n" && inSheet) {
      event.preventDefault();
      nextFlagged(row);
      return;
    }
    var step = 0;
    if (event.altKey && vertical) {
      step = vertical;
    } else if (inSheet && (letter === "j" || letter === "k")) {
      step = letter === "j" ? 1 : -1;
    }
    if (!step) {
      return;
    }
    event.preventDefault();
    if (!row || !sheet.contains(row)) {
      focusRow(rows()[0]);
      return;
    }
    var target = neighbour(row, step);
    if (target) {
      focusRow(target);
    } else {
      goPast(step);
    }
  });

  // After the load event: the browser's own scroll to the #seg-… fragment comes first and
  // would otherwise take the focus away again.
  if (document.readyState === "complete") {
    focusFromHash();
  } else {
    window.addEventListener("load", function () {
      window.setTimeout(focusFromHash, 0);
    });
  }
})();
