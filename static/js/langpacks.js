/* The language-pack upload form, with upload progress: the file goes up through XHR and a
 * progress bar shows how much of it has been sent. On success the server answers
 * {"redirect": url} and the page loads it (the install progress is polled there); a refusal
 * (400) replaces the upload section with the server's, which names the problem. Without
 * JavaScript the form posts normally. Loaded by articles/langpacks.html; no inline script. */
(function () {
  "use strict";

  function mb(bytes) {
    return (bytes / 1048576).toFixed(1);
  }

  function bind() {
    var form = document.getElementById("langpack-upload-form");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "1";
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      var bar = document.getElementById("upload-progress");
      var text = document.getElementById("upload-progress-text");
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();

      function fail(message) {
        button.disabled = false;
        bar.hidden = true;
        text.hidden = false;
        text.textContent = message;
        text.classList.add("error");
      }

      var errors = document.getElementById("package-errors");
      if (errors) errors.hidden = true;  // the last refusal is about another file
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      button.disabled = true;
      bar.value = 0;
      bar.hidden = false;
      text.hidden = false;
      text.classList.remove("error");
      text.textContent = gettext("Uploading…");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.floor((100 * e.loaded) / e.total);
        bar.value = percent;
        // The percent sign travels with the number: "42%" (a bare % would read as a format).
        text.textContent = e.loaded < e.total
          ? interpolate(gettext("Uploading: %(percent)s of %(size)s MB"),
            { percent: percent + "%", size: mb(e.total) }, true)
          : interpolate(gettext("Uploaded %(size)s MB; checking the package…"),
            { size: mb(e.total) }, true);
      });
      xhr.addEventListener("load", function () {
        var type = xhr.getResponseHeader("Content-Type") || "";
        if (xhr.status === 200 && type.indexOf("application/json") === 0) {
          window.location.assign(JSON.parse(xhr.responseText).redirect);
          return;
        }
        if (xhr.status === 400) {
          var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
          var fresh = page.getElementById("upload-pack");
          var current = document.getElementById("upload-pack");
          if (fresh && current) {
            current.replaceWith(fresh);
            if (window.htmx) window.htmx.process(fresh);
            bind();
            return;
          }
        }
        if (xhr.status === 200) {  // e.g. sent to the login page: go there
          window.location.assign(xhr.responseURL);
          return;
        }
        fail(interpolate(
          gettext("The server answered %(status)s %(reason)s; nothing was installed. Try again."),
          { status: xhr.status, reason: xhr.statusText }, true
        ));
      });
      xhr.addEventListener("error", function () {
        fail(gettext("The upload was interrupted (network); nothing was installed. Try again."));
      });
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", bind);
})();
