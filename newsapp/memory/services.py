"""Writes to the translation memory: record a confirmed sentence, import a TMX file.

Import rules (``tmx_import``):

* The file is checked with defusedxml first (``newsapp.core.safexml.xml_upload``): entity
  declarations and external entities are refused with a message, then translate-toolkit
  reads the TMX.
* Source language: the ``source_language`` argument if given, else the ``<tu srclang>``,
  else the header's ``srclang``. ``*all*`` means "none": such a unit is reported as an
  error unless the argument names the language. Every other ``<tuv>`` of the unit with
  text gives one entry (source → that language). Codes are reduced to their base
  ("en-US" → "en").
* Per entry: a new source creates an entry; an imported entry with a different target is
  updated; an identical one is *skipped*, and so is an entry a translator confirmed on
  the desk (the desk's own confirmation outranks an imported file). Within one file a later
  unit for the same source wins.
* ``errors`` lists units that could not be read (with their position in the file);
  they are counted neither as created, updated nor skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from translate.misc.xml_helpers import getXMLlang, getXMLspace
from translate.storage.tmx import tmxfile

from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor
from newsapp.core.safexml import UnsafeXMLError, xml_bytes_clean, xml_upload
from newsapp.core.users import actor as acting_user
from newsapp.memory.models import TMEntry, TMEntryChange, normalise, source_key

MAX_TMX_BYTES = 50 * 1024 * 1024
_CHUNK = 500


class TMXFormatError(ServiceError):
    """The whole file cannot be read; the message says why."""


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: tuple[str, ...] = ()

    def summary(self) -> str:
        """ "3 created, 0 updated, 1 skipped." (in the active language)."""
        values = {"created": self.created, "updated": self.updated, "skipped": self.skipped,
                  "errors": len(self.errors)}  # fmt: skip
        if self.errors:
            return (
                gettext(
                    "%(created)s created, %(updated)s updated, %(skipped)s skipped, "
                    "%(errors)s with errors."
                )
                % values
            )
        return gettext("%(created)s created, %(updated)s updated, %(skipped)s skipped.") % values


def memory_record(
    *,
    source_text: str,
    target_text: str,
    source_language: str,
    target_language: str,
    user: Any,
    article_id: int | None,
) -> TMEntry:
    """Upsert the pair: the latest confirmation of a source sentence wins (recorded).

    Called when a translator confirms a segment with no open problem. Refuses (ServiceError)
    an empty text or a pair of one language.
    """
    source, target = source_text.strip(), target_text.strip()
    if not source or not target:
        raise ServiceError(gettext("An empty sentence cannot go into the translation memory."))
    src, tgt = languages.normalise_base(source_language), languages.normalise_base(target_language)
    if src == tgt:
        raise ServiceError(gettext("Source and target language are the same."))
    actor = acting_user(user)
    before = (
        TMEntry.objects.filter(
            source_language=src, target_language=tgt, source_key=source_key(source)
        )
        .values_list("target_text", flat=True)
        .first()
    )
    values = {
        "source_text": source,
        "target_text": target,
        "source_length": len(normalise(source)),
        "origin": TMEntry.Origin.CONFIRMED,
        "updated_by": actor,
        "article_id": article_id,
    }
    entry, _ = TMEntry.objects.update_or_create(
        source_language=src,
        target_language=tgt,
        source_key=source_key(source),
        defaults=values,
        create_defaults={**values, "created_by": actor},
    )
    if before != target:
        _record_change(entry, TMEntryChange.Action.CONFIRMED, before or "", user=actor)
    return entry


def memory_entry_update(*, entry: TMEntry, user: Any, target_text: str) -> TMEntry:
    """An editor corrects an entry's translation (recorded; editors only)."""
    _require_editor(user, gettext("Only editors can edit translation memory entries."))
    target = " ".join((target_text or "").split())
    if not target:
        raise ServiceError(gettext("The translation is empty. Delete the entry instead."))
    if target == entry.target_text:
        raise ServiceError(gettext("Nothing changed."))
    before = entry.target_text
    with transaction.atomic():
        entry.target_text = target
        entry.updated_by = acting_user(user)
        entry.save(update_fields=["target_text", "updated_by", "updated_at"])
        _record_change(entry, TMEntryChange.Action.EDITED, before, user=entry.updated_by)
    return entry


def memory_entry_delete(*, entry: TMEntry, user: Any) -> None:
    """An editor removes an entry (recorded, with its texts, after it is gone)."""
    _require_editor(user, gettext("Only editors can delete translation memory entries."))
    with transaction.atomic():
        _record_change(entry, TMEntryChange.Action.DELETED, entry.target_text, user=user,
                       after="")  # fmt: skip
        entry.delete()


def _require_editor(user: Any, refusal: str) -> None:
    if not is_editor(user):
        raise PermissionDenied(refusal)


def _record_change(
    entry: TMEntry, action: str, before: str, *, user: Any, after: str | None = None
) -> None:
    TMEntryChange.objects.create(
        entry=entry if action != TMEntryChange.Action.DELETED else None,
        action=action,
        source_language=entry.source_language,
        target_language=entry.target_language,
        source_text=entry.source_text,
        target_before=before,
        target_after=entry.target_text if after is None else after,
        user=acting_user(user),
    )


# --- TMX import ------------------------------------------------------------------------------


@dataclass
class _Parsed:
    #: (source_language, target_language) → source key → (source, target)
    pairs: dict[tuple[str, str], dict[str, tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _tmx_store(data: bytes) -> tmxfile:
    data = xml_bytes_clean(data)
    try:
        xml_upload(data, max_bytes=MAX_TMX_BYTES, roots=("tmx",), kind="a TMX file")
    except UnsafeXMLError as exc:
        raise TMXFormatError(str(exc)) from None
    try:
        return tmxfile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml, value and assertion errors
        raise TMXFormatError(
            gettext("The TMX file cannot be read: %(error)s.") % {"error": exc}
        ) from None


def _declared(code: str | None) -> str | None:
    """A srclang attribute's base code; None for a missing one or ``*all*``."""
    if not code or code.strip().lower() == "*all*":
        return None
    return languages.base(code)


def _parse_tmx(store: tmxfile, default_source: str | None, explicit: bool) -> _Parsed:
    parsed = _Parsed()
    for position, unit in enumerate(store.getunits(), start=1):
        tuid = unit.xmlelement.get("tuid")
        where = (
            gettext("unit %(position)s (tuid %(tuid)s)") % {"position": position, "tuid": tuid}
            if tuid
            else gettext("unit %(position)s") % {"position": position}
        )
        source_lang = default_source
        if not explicit:
            source_lang = _declared(unit.xmlelement.get("srclang")) or default_source
        if source_lang is None:
            parsed.errors.append(
                gettext(
                    "%(where)s: no source language (srclang is missing or *all*); "
                    "import again naming the source language."
                )
                % {"where": where}
            )
            continue
        space = getXMLspace(unit.xmlelement, unit._default_xml_space)
        variants: list[tuple[str, str]] = []
        bad = ""
        for node in unit.getlanguageNodes():
            raw = getXMLlang(node) or ""
            try:
                code = languages.normalise_base(raw)
            except languages.LanguageError:
                bad = gettext("%(where)s: “%(code)s” is not a language code.") % {
                    "where": where,
                    "code": raw,
                }
                break
            variants.append((code, (unit.getNodeText(node, space) or "").strip()))
        if bad:
            parsed.errors.append(bad)
            continue
        source = next((text for code, text in variants if code == source_lang), None)
        if source is None:
            parsed.errors.append(
                gettext("%(where)s: no <tuv> in the source language %(language)s.")
                % {"where": where, "language": source_lang}
            )
            continue
        targets = [(code, text) for code, text in variants if code != source_lang and text]
        if not source or not targets:
            parsed.skipped += 1  # nothing to learn: no source text or no translation
            continue
        key = source_key(source)
        for code, text in targets:
            parsed.pairs[(source_lang, code)][key] = (source, text)
    return parsed


def tmx_import(*, data: bytes, user: Any, source_language: str | None = None) -> ImportResult:
    """Import a TMX file (see the module docstring for the rules). One transaction."""
    store = _tmx_store(data)
    if source_language:
        default_source: str | None = languages.normalise_base(source_language)
    else:
        header = store.document.getroot().find(store.namespaced("header"))
        default_source = _declared(header.get("srclang") if header is not None else None)
    parsed = _parse_tmx(store, default_source, explicit=bool(source_language))
    actor = acting_user(user)
    created = updated = 0
    skipped = parsed.skipped
    now = timezone.now()
    with transaction.atomic():
        for (src, tgt), entries in parsed.pairs.items():
            keys = list(entries)
            existing: dict[str, TMEntry] = {}
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                existing.update(
                    (entry.source_key, entry)
                    for entry in TMEntry.objects.filter(
                        source_language=src, target_language=tgt, source_key__in=chunk
                    ).only("pk", "source_key", "target_text", "origin")
                )
            new: list[TMEntry] = []
            changed: list[TMEntry] = []
            befores: dict[int, str] = {}
            for key, (source, target) in entries.items():
                entry = existing.get(key)
                if entry is None:
                    new.append(
                        TMEntry(
                            source_text=source, target_text=target, source_language=src,
                            target_language=tgt, source_key=key,
                            source_length=len(normalise(source)),
                            origin=TMEntry.Origin.IMPORTED, created_by=actor, updated_by=actor,
                        )
                    )  # fmt: skip
                elif entry.origin == TMEntry.Origin.CONFIRMED or entry.target_text == target:
                    skipped += 1
                else:
                    befores[entry.pk] = entry.target_text
                    entry.source_text, entry.target_text = source, target
                    entry.source_length = len(normalise(source))
                    entry.updated_by, entry.updated_at = actor, now
                    changed.append(entry)
            TMEntry.objects.bulk_create(new, batch_size=_CHUNK)
            TMEntry.objects.bulk_update(
                changed,
                ["source_text", "target_text", "source_length", "updated_by", "updated_at"],
                batch_size=_CHUNK,
            )
            TMEntryChange.objects.bulk_create(
                [
                    TMEntryChange(
                        entry=entry, action=TMEntryChange.Action.IMPORTED,
                        source_language=src, target_language=tgt, source_text=entry.source_text,
                        target_before=befores.get(entry.pk, ""), target_after=entry.target_text,
                        user=actor,
                    )
                    for entry in [*new, *changed]
                ],
                batch_size=_CHUNK,
            )  # fmt: skip
            created += len(new)
            updated += len(changed)
    return ImportResult(
        created=created, updated=updated, skipped=skipped, errors=tuple(parsed.errors)
    )
