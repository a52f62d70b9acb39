"""What a glossary term says (``TermData``) and the rules that clean it, shared by the services,
the forms and the CSV/TBX readers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_noop

from glossary.models import Concept, Term
from glossary.texts import Text
from newsapp.core import languages
from newsapp.core.errors import ServiceError

Status = Term.Status
Usage = Term.Usage

MAX_TERM_LENGTH = 200
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
#: Fields a term edit can change (the review "diff").
TERM_FIELDS = ("language", "text", "usage", "case_sensitive", "do_not_translate",
               "part_of_speech", "term_type", "reading", "note")  # fmt: skip
MAX_READING_LENGTH = 100
_SHORT_TYPES = (Term.TermType.SHORT_FORM, Term.TermType.ACRONYM, Term.TermType.ABBREVIATION)


@dataclass(frozen=True)
class TermData:
    """What a term says, as proposed, edited or imported."""

    language: str
    text: str
    usage: str = Usage.PREFERRED
    case_sensitive: bool = False
    do_not_translate: bool = False
    part_of_speech: str = ""
    term_type: str = Term.TermType.FULL_FORM
    reading: str = ""
    note: str = ""

    @classmethod
    def of(cls, term: Term) -> TermData:
        return cls(**{name: getattr(term, name) for name in TERM_FIELDS})


def language_normalise(code: str) -> str:
    """A language tag as the glossary stores it (``newsapp.core.languages.normalise``)."""
    return languages.normalise(code)


def term_text_normalise(text: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text:
        raise ServiceError(Text(gettext_noop("The term is empty.")))
    if len(text) > MAX_TERM_LENGTH:
        raise ServiceError(
            Text(gettext_noop("The term is longer than %(max)s characters."), max=MAX_TERM_LENGTH)
        )
    if "|" in text:
        raise ServiceError(
            Text(
                gettext_noop("“%(text)s”: a term cannot contain “|” (it separates terms in CSV)."),
                text=text,
            )
        )
    if _CONTROL_RE.search(text):
        raise ServiceError(Text(gettext_noop("“%(text)s” contains control characters."), text=text))
    if not any(char.isalnum() for char in text):
        raise ServiceError(Text(gettext_noop("“%(text)s” has no letter or digit."), text=text))
    return text


def url_clean(url: str) -> str:
    """An http(s) URL or "" (other schemes, e.g. javascript:, would be unsafe as links)."""
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ServiceError(
            Text(gettext_noop("“%(url)s” is not an http(s) URL."), url=url[:100])
        ) from None
    if len(url) > 500:
        raise ServiceError(Text(gettext_noop("The URL is longer than 500 characters.")))
    return url


def term_data_clean(data: TermData) -> TermData:
    if data.usage not in Usage.values:
        raise ServiceError(
            Text(gettext_noop("Unknown usage status “%(value)s”."), value=data.usage)
        )
    if data.part_of_speech not in Term.PartOfSpeech.values:
        raise ServiceError(
            Text(gettext_noop("Unknown part of speech “%(value)s”."), value=data.part_of_speech)
        )
    if data.term_type not in Term.TermType.values:
        raise ServiceError(
            Text(gettext_noop("Unknown term type “%(value)s”."), value=data.term_type)
        )
    return replace(
        data,
        language=language_normalise(data.language),
        text=term_text_normalise(data.text),
        reading=reading_clean(data.reading),
        note=data.note.strip(),
    )


def reading_clean(reading: str) -> str:
    """A Hangul reading ("나토"), or "" for none."""
    reading = " ".join(unicodedata.normalize("NFC", reading or "").split())
    if not reading:
        return ""
    if len(reading) > MAX_READING_LENGTH:
        raise ServiceError(
            Text(
                gettext_noop("The reading is longer than %(max)s characters."),
                max=MAX_READING_LENGTH,
            )
        )
    if not any("\uac00" <= char <= "\ud7a3" for char in reading):
        raise ServiceError(
            Text(
                gettext_noop(
                    "“%(reading)s” is not a reading: write how the term is read, in Hangul "
                    "(NATO: 나토)."
                ),
                reading=reading,
            )
        )
    if _CONTROL_RE.search(reading) or "|" in reading or "}" in reading:
        raise ServiceError(
            Text(
                gettext_noop("“%(reading)s” contains characters a reading cannot have."),
                reading=reading,
            )
        )
    return reading


def label_for(terms: Sequence[Term | TermData], *, approved_only: bool = True) -> str:
    """Headword: approved preferred English term, else any approved preferred term, else any."""

    def rank(term: Term | TermData) -> tuple[int, int, int, int]:
        status = getattr(term, "status", Status.APPROVED)
        return (
            0 if status == Status.APPROVED else 1,
            0 if term.usage == Usage.PREFERRED else 1 if term.usage == Usage.ADMITTED else 2,
            0 if term.language == "en" else 1,
            1 if term.term_type in _SHORT_TYPES else 0,  # John Kirby, not Kirby
        )

    usable = [t for t in terms if getattr(t, "status", Status.APPROVED) != Status.REJECTED]
    if not usable:
        return ""
    return min(usable, key=rank).text[:300]


def conflict_message(text: str, language: str, holder: Concept) -> str:
    return Text(
        gettext_noop(
            "“%(text)s” is already the approved preferred %(language)s term of concept "
            "#%(id)s “%(concept)s”."
        ),
        text=text,
        language=language,
        id=holder.pk,
        concept=str(holder),
    )
