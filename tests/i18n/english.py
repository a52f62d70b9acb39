"""What English is left on a page rendered in Korean.

``english_left(html)`` returns the English words a reader sees (text and the attributes people
read: title, aria-label, placeholder, alt, button values) outside data. Data is what the desk
does not translate, and the templates mark it:

- an element with a ``lang`` attribute in another language (article text in its source language,
  a translation in its target language, the switcher's "English");
- an element with ``translate="no"`` (usernames, codes, file names);
- ``<code>``, ``<kbd>``, ``<pre>``, ``<script>``, ``<style>``, ``<svg>``, form values, textareas;
- an ``<option>`` whose text is its value (a time zone, a language code).

Names of formats and products (XLIFF, TBX, API, Argos…) are allowed in Korean text.
"""

from __future__ import annotations

import re

import lxml.html

#: Product, format and protocol names a Korean interface writes as they are.
ALLOWED = {
    "API", "REST", "XLIFF", "TBX", "TMX", "CSV", "DOCX", "HTML", "Markdown", "ninjs", "URL", "URLs",
    "Argos", "Apertium", "Redis", "Celery", "JSON", "PDF", "TXT", "txt", "md", "html", "docx",
    "xliff", "tbx", "csv", "tmx", "json", "ID", "Bearer", "Authorization", "Swagger", "ReDoc",
    "OpenAPI", "CTranslate", "RSS", "Atom", "HTTP", "HTTPS", "UTC", "Enter", "Ctrl", "Alt",
    "Shift", "Esc", "Tab", "PostgreSQL", "SQLite", "Newsdesk", "QA", "UTF", "HMAC", "SHA",
    "argosmodel", "GPU", "CPU", "KST",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "code", "kbd", "pre", "svg", "textarea", "template", "noscript"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWED and w.strip("'’") not in ALLOWED]


def _skipped(element: lxml.html.HtmlElement) -> bool:
    """Never read: code, scripts, values, identifiers, option lists of data."""
    if element.tag in SKIP_TAGS or element.get("translate") == "no":
        return True
    option_is_value = (element.get("value") or "") == (element.text or "").strip()
    return element.tag == "option" and option_is_value


def english_left(html: str, *, page_language: str = "ko") -> list[str]:
    """The English words people read on the page, each with a little context. Text inside an
    element marked with another language is data, except where an element inside it is marked
    with the page's language again (a heading of the interface inside an article's text)."""
    root = lxml.html.document_fromstring(html)
    left: list[str] = []

    def visit(element: lxml.html.HtmlElement, in_data: bool) -> None:
        if not isinstance(element.tag, str) or _skipped(element):
            return
        lang = element.get("lang")
        if lang and element.tag != "html":
            in_data = lang.split("-")[0].lower() != page_language
        if not in_data:
            for name in READ_ATTRIBUTES:
                for word in _words(element.get(name) or ""):
                    left.append(f"{word} ({element.tag}@{name}: {element.get(name)!r})")
            if element.tag == "input" and element.get("type") in {"submit", "button", "reset"}:
                for word in _words(element.get("value") or ""):
                    left.append(f"{word} (input value {element.get('value')!r})")
            if element.text:
                for word in _words(element.text):
                    left.append(f"{word} (<{element.tag}>: {element.text.strip()[:60]!r})")
        for child in element:
            visit(child, in_data)
            if child.tail and not in_data:
                for word in _words(child.tail):
                    left.append(f"{word} (after <{child.tag}> in <{element.tag}>: "
                                f"{child.tail.strip()[:60]!r})")  # fmt: skip

    head_title = root.find(".//title")
    if head_title is not None and head_title.text:
        left.extend(f"{w} (<title>)" for w in _words(head_title.text))
    body = root.find("body")
    visit(body if body is not None else root, False)
    return left
