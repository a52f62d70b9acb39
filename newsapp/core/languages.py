"""Language tags and names, in one place.

Tags are BCP 47 as ``langcodes`` standardises them: ISO 639-1 where one exists ("kor" → "ko",
"EN_us" → "en-US"), region and script subtags kept (pt-BR, zh-Hant). Names come from Django's
``LANG_INFO``. Apertium names languages in ISO 639-3, converted here too.
"""

from __future__ import annotations

import re
from functools import lru_cache

import langcodes
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsapp.core.errors import ServiceError

#: Languages offered in filters before any engine is installed (newsroom order).
COMMON = ("en", "ko", "ja", "zh", "es", "fr", "de", "ca", "gl", "pt", "it", "ru", "ar", "eo")

#: What the project stores: a 2-3 letter base and optional subtags.
TAG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class LanguageError(ServiceError):
    """Not a language code; the message says so."""


@lru_cache(maxsize=1024)
def normalise(code: str) -> str:
    """The standard tag for ``code`` ("EN_us" → "en-US", "kor" → "ko"), or LanguageError."""
    raw = (code or "").strip()
    try:
        tag = langcodes.standardize_tag(raw.replace("_", "-")) if raw else ""
    except (ValueError, langcodes.LanguageTagError):
        tag = ""
    if not TAG_RE.match(tag):
        shown = raw[:40]
        raise LanguageError(
            _("“%(code)s” is not a language code (use e.g. en, ko, pt-BR).") % {"code": shown}
        )
    return tag


def base(code: str) -> str:
    """The language without subtags: "en-US", "EN_us" → "en" (no validation)."""
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def name(code: str) -> str:
    """The language's name in the active interface language ("Korean"; "한국어" when the page
    is in Korean): Django's ``LANG_INFO`` (whose names Django's own catalogues translate),
    else langcodes' name ("zh" → "Chinese"), else the code itself."""
    return _name(code, base(get_language() or "en"))


@lru_cache(maxsize=512)
def _name(code: str, interface: str) -> str:
    info = LANG_INFO.get(code) or LANG_INFO.get(code.lower()) or LANG_INFO.get(base(code))
    if info:
        return str(info["name"]) if interface == "en" else _(str(info["name"]))
    try:
        language = langcodes.Language.get(code)
        if not language.is_valid() or language.display_name("en").startswith("Unknown"):
            return code
        return str(language.display_name(interface)) or code
    except (ValueError, LookupError, langcodes.LanguageTagError):
        return code


def label(code: str) -> str:
    """ "Korean (ko)" — how forms and pages name a language."""
    return f"{name(code)} ({code})"


def choice_label(code: str) -> str:
    """How a language choice reads: "Korean (ko)" on English pages; on other pages the name
    alone ("한국어"), since the code is English letters in the middle of a Korean list."""
    if base(get_language() or "en") == "en":
        return label(code)
    return name(code)


def in_message(code: str) -> str:
    """A language inside a sentence: the code on English pages, as the desk writes it ("ko"),
    the name on other pages ("한국어"), where the code is foreign letters."""
    if not code or base(get_language() or "en") == "en":
        return code
    return name(code)


def is_rtl(code: str) -> bool:
    """Written right to left (Arabic, Hebrew, Persian, Urdu …)."""
    return bool((LANG_INFO.get(code) or LANG_INFO.get(base(code)) or {}).get("bidi"))


@lru_cache(maxsize=256)
def from_iso639_3(code: str) -> str:
    """An ISO 639-3 code as the project writes it ("spa" → "es"); unknown codes unchanged."""
    try:
        return langcodes.standardize_tag(code)
    except (ValueError, langcodes.LanguageTagError):
        return code


@lru_cache(maxsize=256)
def to_iso639_3(code: str) -> str:
    """The ISO 639-3 code ("es" → "spa"), as Apertium and its Debian packages name languages."""
    try:
        return str(langcodes.Language.get(code).to_alpha3())
    except (ValueError, LookupError, langcodes.LanguageTagError):
        return code


def normalise_base(code: str) -> str:
    """The checked base language ("en-US" → "en", "kor" → "ko"), or LanguageError."""
    return base(normalise(code))
