"""Glossary template tags.

``{% load glossary_tags %}``

``{% highlight_terms text source_language target_languages %}``
    ``text`` HTML-escaped, with each approved glossary term of ``source_language`` wrapped
    in ``<mark class="term" title="ko: 평양 · ja: 平壌" data-concept="12">…</mark>``.
    ``target_languages`` is a list of codes, a comma-separated string ("ko,ja") or
    translations (anything with ``target_language``, e.g. ``article.translations.all``).
    The tooltip gives each target language's approved preferred term ("keep “X”" for
    do-not-translate terms, "no approved term" when the glossary has none, and "not …" for
    forbidden renderings). A forbidden source term gets ``class="term term-forbidden"``.
    Pass ``linebreaks=True`` to turn newlines into ``<br>`` (like ``linebreaksbr``).
    Uses the cached matcher and ``selectors.approved_terms_by_concept``: no query per call
    once the caches are warm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from glossary import selectors
from glossary.models import ConceptHistory, Term
from glossary.texts import from_json, html_message, language_name, localize

register = template.Library()


def _codes(target_languages: Any) -> list[str]:
    if not target_languages:
        return []
    if isinstance(target_languages, str):
        items: Iterable[Any] = target_languages.split(",")
    else:
        items = target_languages
    codes = [getattr(item, "target_language", item) for item in items]
    return list(dict.fromkeys(str(code).strip() for code in codes if str(code).strip()))


def _tooltip(concept_id: int, source: str, targets: list[str], forbidden_source: bool) -> str:
    parts: list[str] = []
    if forbidden_source:
        known = selectors.approved_terms_by_concept(source, source).get(concept_id)
        if known and known.source_terms:
            parts.append(
                gettext("forbidden %(language)s term; use “%(term)s”")
                % {"language": language_name(source), "term": known.source_terms[0]}
            )
        else:
            parts.append(
                gettext("forbidden %(language)s term") % {"language": language_name(source)}
            )
    for target in targets:
        info = selectors.approved_terms_by_concept(source, target).get(concept_id)
        if info is None:
            continue
        if info.target:
            text = info.target
        elif info.do_not_translate:
            text = gettext("keep “%(term)s”") % {"term": info.source_terms[0]}
        else:
            text = gettext("no approved term")
        if info.forbidden:
            text = gettext("%(text)s (not %(forbidden)s)") % {
                "text": text,
                "forbidden": ", ".join(info.forbidden),
            }
        parts.append(f"{language_name(target)}: {text}")
    return " · ".join(parts)


def highlight(
    text: str, source_language: str, target_languages: Any, *, linebreaks: bool = False
) -> SafeString:
    """The function behind the tag (usable from Python)."""
    text = str(text or "")
    targets = [t for t in _codes(target_languages) if t != source_language]
    pieces: list[str] = []
    cursor = 0

    def plain(chunk: str) -> str:
        escaped = str(escape(chunk))
        return escaped.replace("\n", "<br>\n") if linebreaks else escaped

    for match in selectors.find_terms(text, source_language) if text else []:
        forbidden = match.usage == "forbidden"
        pieces.append(plain(text[cursor : match.start]))
        pieces.append(
            format_html(
                '<mark class="{}" title="{}" data-concept="{}">{}</mark>',
                "term term-forbidden" if forbidden else "term",
                _tooltip(match.concept_id, source_language, targets, forbidden),
                match.concept_id,
                match.text,
            )
        )
        cursor = match.end
    pieces.append(plain(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


@register.simple_tag
def highlight_terms(
    text: str, source_language: str, target_languages: Any = "", linebreaks: bool = False
) -> SafeString:
    return highlight(text, source_language, target_languages, linebreaks=linebreaks)


@register.filter
def username(user: Any, fallback: str = "—") -> str:
    """``{{ term.proposed_by|username:"import" }}``: the username, or ``fallback`` if none."""
    return user.get_username() if user is not None else fallback


#: Characters of context kept on each side of a keyword.
KWIC_WIDTH = 70


@register.simple_tag
def kwic(sentence: str, text: str, others: Iterable[str] = ()) -> SafeString:
    """``{% kwic sentence candidate.text candidate.short_forms %}``: the sentence around the
    first mention of ``text`` (or of one of ``others``), the mention in ``<mark>``, about
    ``KWIC_WIDTH`` characters of context on each side, everything escaped."""
    sentence = " ".join(str(sentence or "").split())
    folded = sentence.casefold()
    found = None
    for needle in [text, *others]:
        at = folded.find(str(needle).casefold()) if needle else -1
        if at >= 0 and (found is None or at < found[0]):
            found = (at, at + len(str(needle)))
    if found is None:
        return format_html("{}", _clip(sentence, KWIC_WIDTH * 2, left=False))
    start, end = found
    return format_html(
        '<span class="kwic-left">{}</span><mark class="kwic">{}</mark>'
        '<span class="kwic-right">{}</span>',
        _clip(sentence[:start], KWIC_WIDTH, left=True),
        sentence[start:end],
        _clip(sentence[end:], KWIC_WIDTH, left=False),
    )


def _clip(text: str, width: int, *, left: bool) -> str:
    if len(text) <= width:
        return text
    return "…" + text[-width:].lstrip() if left else text[:width].rstrip() + "…"


@register.simple_tag
def candidates_open_count() -> int:
    """Open term candidates (the sub-navigation's count; one query)."""
    return selectors.candidate_open_count()


# --- Stored texts, shown in the reader's language ----------------------------------------------

#: Field names of a term or concept change (history, pending changes, the import preview).
#: The msgids are the names themselves, as the English pages have always shown them.
FIELD_LABELS: dict[str, Any] = {
    "language": _("language"),
    "text": _("text"),
    "usage": _("usage"),
    "case_sensitive": _("case_sensitive"),
    "do_not_translate": _("do_not_translate"),
    "part_of_speech": _("part_of_speech"),
    "term_type": _("term_type"),
    "reading": _("reading"),
    "note": _("note"),
    "definition": _("definition"),
    "subject": _("subject"),
    "external_url": _("external_url"),
    "status": _("status"),
}
_CHOICES: dict[str, Any] = {
    "usage": Term.Usage,
    "status": Term.Status,
    "term_type": Term.TermType,
    "part_of_speech": Term.PartOfSpeech,
}


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


register.filter("language_name", language_name)


@register.filter
def field_label(name: str) -> Any:
    """A changed field's name for people (``definition`` → 정의)."""
    return FIELD_LABELS.get(str(name), name)


@register.filter
def field_value(value: Any, name: str) -> Any:
    """A changed field's value for people: a choice's label, yes/no for a flag (English pages
    show the stored value, as they always have)."""
    if _english():
        return value
    choices = _CHOICES.get(str(name))
    if choices is not None and value in choices.values:
        return choices(value).label
    if isinstance(value, bool):
        return gettext("True") if value else gettext("False")
    return value


@register.filter
def stored_text(value: Any, data: Any = None) -> Any:
    """A stored message in the active language: from its msgid and parameters (``data``,
    ``glossary.texts.Text.as_json``) when it has them, else the stored text (translated when
    it is a msgid of ours)."""
    if data:
        try:
            return from_json(data).localized(html=True)
        except (KeyError, TypeError, ValueError):
            pass
    return localize(value, html=True) if value else value


_DETAILS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^in sentence: (?P<output>.*)$", re.S),
     lambda m: (gettext("in sentence: %(output)s"), {"output": m["output"]})),
    (re.compile(r"^memory entry for the term$"),
     lambda m: (gettext("memory entry for the term"), {})),
    (re.compile(r"^(?P<count>\d+) memory sentences?, e\.g\. “(?P<example>.*)”$", re.S),
     lambda m: (ngettext("%(count)s memory sentence, e.g. “%(example)s”",
                         "%(count)s memory sentences, e.g. “%(example)s”", int(m["count"])),
                {"count": int(m["count"]), "example": m["example"]})),
    (re.compile(r"^used in (?P<count>\d+) confirmed sentences? \((?P<titles>.*)\)$", re.S),
     lambda m: (ngettext("used in %(count)s confirmed sentence (%(titles)s)",
                         "used in %(count)s confirmed sentences (%(titles)s)", int(m["count"])),
                {"count": int(m["count"]), "titles": m["titles"]})),
]  # fmt: skip


@register.filter
def suggestion_detail(detail: str, html: bool = False) -> Any:
    """A candidate suggestion's detail (written in English by the articles app) in the
    reader's language; ``html``: its data marked for the page."""
    for pattern, render in _DETAILS:
        if match := pattern.match(detail or ""):
            template, params = render(match)
            return html_message(template, **params) if html else template % params
    return detail


@register.filter
def row_reason(detail: Any) -> Any:
    """An import plan row's reason (``detail``) in the reader's language."""
    detail = detail if isinstance(detail, dict) else {}
    return stored_text(detail.get("reason", ""), detail.get("reason_text"))


@register.filter
def row_where(row: Any) -> Any:
    """Where an import plan row is in the file ("row 5"), in the reader's language."""
    detail = getattr(row, "detail", None)
    detail = detail if isinstance(detail, dict) else {}
    return stored_text(getattr(row, "where", ""), detail.get("where_text"))


@register.simple_tag
def history_summary(entry: ConceptHistory) -> Any:
    """A history entry's summary: as recorded (English), or in another language the action
    and its term."""
    if _english():
        return entry.summary
    label = entry.get_action_display()
    term = entry.term
    if term is None:
        return label
    return format_html(
        '{}: <span translate="no">{}</span> “<span lang="{}">{}</span>” ({})',
        label, language_name(term.language), term.language, term.text, term.get_usage_display(),
    )  # fmt: skip
