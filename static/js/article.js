// Article page: propose the selected source text as a glossary term.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("propose-term");
  if (!button) return;
  button.addEventListener("click", () => {
    const selection = window.getSelection();
    const text = String(selection || "").trim().slice(0, 200);
    const node = selection && selection.anchorNode;
    const holder = node && (node.nodeType === 1 ? node : node.parentElement);
    const lang = (holder && holder.closest("[lang]") && holder.closest("[lang]").lang) || button.dataset.lang;
    const query = new URLSearchParams({ lang, source: button.dataset.article });
    if (text) query.set("text", text);
    window.location = `${button.dataset.url}?${query}`;
  });
});
