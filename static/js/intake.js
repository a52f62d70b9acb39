// Intake form: the source language is never offered as a target (the server drops it too).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.querySelector("#intake-form select[name=source_language]");
  const targets = document.querySelectorAll("#target-languages [data-lang]");
  if (!source || !targets.length) return;
  const sync = () => {
    targets.forEach((holder) => {
      const same = holder.dataset.lang === source.value;
      holder.hidden = same;
      const box = holder.querySelector("input");
      if (same && box) box.checked = false;
    });
  };
  source.addEventListener("change", sync);
  sync();
});
