"""XLIFF import: apply a bilingual XLIFF 1.2 file edited in a CAT tool to a translation.

The export side (and the file format) is described in ``newsapp.articles.exports``.

Import (``xliff_import``)
-------------------------
The upload is parsed with defusedxml first (entity declarations and external entities are
refused), must be XLIFF 1.x with one ``<file>`` of this translation (``nd:translation`` or
``original``) and the same language pair, and is then read with translate-toolkit. Each
unit is matched to the segment with that number; its source must equal the segment's
source (whitespace aside). The import is all or nothing: in one transaction, with the article
locked (an approved article refuses it) and the segments locked, every unit is decided first;
if any unit is in conflict or in error, nothing is applied and the report lists them, else
every change is applied with the editor's rules (checks, a new version and an "import"
revision per sentence, memory for clean confirmations). Queries do not grow with the units
beyond a constant per applied unit:

* target equal to the segment's current text → *unchanged* (a unit marked ``final`` or
  ``signed-off`` whose segment is not yet confirmed, at the current version, is confirmed);
* exported at an older version and still holding the text the segment had at that version
  (from its revisions) → *unchanged*: edited here since, not in the CAT tool;
* otherwise, exported at the segment's current version → *applied* (confirmed for
  ``final``/``signed-off``); at an older version → a *conflict* (someone changed the segment
  since the export); an empty or overlong translation → an *error*.

Units that cannot be matched (unknown number, different source, no version) are errors;
segments missing from the file are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from translate.storage.xliff import xlifffile

from glossary.checking import TermChecker
from newsapp.articles.exports import XLIFF_CONFIRMED_STATES, ExportFormatError, _nd
from newsapp.articles.models import Segment, SegmentRevision, Translation
from newsapp.articles.services import editing, workflow
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from newsapp.core import languages
from newsapp.core.safexml import UnsafeXMLError, local_name, xml_bytes_clean, xml_upload
from newsapp.core.users import actor

MAX_XLIFF_BYTES = 20 * 1024 * 1024
State = Segment.State
_NOTE_RE = re.compile(r"newsdesk segment=([0-9]{1,9}) paragraph=([0-9]{1,9}) version=([0-9]{1,9})")
#: A unit id or version we wrote: ASCII digits, small enough for any database integer.
_NUMBER_RE = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class XliffImportResult:
    #: Segment numbers (order + 1).
    applied: tuple[int, ...] = ()
    unchanged: int = 0
    conflicts: tuple[int, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def rejected(self) -> bool:
        """Nothing was applied because some units are in conflict or in error."""
        return bool(self.conflicts or self.errors)

    def summary(self) -> str:
        problems = []
        if self.conflicts:
            problems.append(_("%(count)s in conflict") % {"count": len(self.conflicts)})
        if self.errors:
            problems.append(_("%(count)s with errors") % {"count": len(self.errors)})
        if self.rejected:
            return _(
                "Nothing was imported: %(problems)s. Fix the file, or export again and redo "
                "those sentences, then import it again."
            ) % {"problems": ", ".join(problems)}
        parts = [
            _("%(count)s applied") % {"count": len(self.applied)},
            _("%(count)s unchanged") % {"count": self.unchanged},
            *problems,
        ]
        return ", ".join(parts) + "."


@dataclass(frozen=True)
class _Unit:
    number: int
    source: str
    target: str
    version: int | None
    confirm: bool


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _xliff_units(*, translation: Translation, data: bytes) -> tuple[list[_Unit], list[str]]:
    """Read and check the file; the units with a number, and the errors of the others."""
    data = xml_bytes_clean(data)
    try:
        root = xml_upload(data, max_bytes=MAX_XLIFF_BYTES, roots=("xliff",), kind="an XLIFF file")
    except UnsafeXMLError as exc:
        raise ExportFormatError(str(exc)) from None
    if not root.get("version", "1.2").startswith("1."):
        raise ExportFormatError(
            _("This is XLIFF %(version)s; export XLIFF 1.2 from your tool instead.")
            % {"version": root.get("version")}
        )
    files = [child for child in root if local_name(child.tag) == "file"]
    if len(files) != 1:
        raise ExportFormatError(
            _("Expected one <file> in the XLIFF, found %(count)s.") % {"count": len(files)}
        )
    _check_file(translation, files[0].attrib)
    try:
        store = xlifffile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml, value and assertion errors
        raise ExportFormatError(
            _("The XLIFF file cannot be read: %(error)s.") % {"error": exc}
        ) from None
    units: list[_Unit] = []
    errors: list[str] = []
    for unit in store.getunits():
        local_id = unit.xmlelement.get("id", "")
        # ASCII digits only: "³".isdigit() is true, and int("³") raises (a fuzzing find).
        if not _NUMBER_RE.fullmatch(local_id) or int(local_id) < 1:
            errors.append(
                _("Unit “%(id)s”: not a segment number from our export.") % {"id": local_id}
            )
            continue
        number = int(local_id)
        version_attr = unit.xmlelement.get(_nd("version"), "")
        note = _NOTE_RE.search(unit.getnotes() or "")
        if _NUMBER_RE.fullmatch(version_attr):
            version: int | None = int(version_attr)
        else:
            version = int(note[3]) if note else None
        target_node = unit.getlanguageNode(lang=None, index=1)
        state = target_node.get("state", "") if target_node is not None else ""
        units.append(
            _Unit(
                number=number,
                source=str(unit.source or ""),
                target=str(unit.target or "").strip(),
                version=version,
                confirm=state in XLIFF_CONFIRMED_STATES,
            )
        )
    return units, errors


def _check_file(translation: Translation, attrib: Any) -> None:
    exported_from = attrib.get(_nd("translation"), "")
    if not exported_from:
        match = re.fullmatch(r"translation-(\d+)", attrib.get("original", ""))
        exported_from = match[1] if match else ""
    if exported_from and exported_from != str(translation.pk):
        raise ExportFormatError(
            _(
                "This XLIFF was exported from another translation (#%(id)s); "
                "import it into that one, or export this translation again."
            )
            % {"id": exported_from}
        )
    pairs = (
        ("source-language", translation.article.source_language),
        ("target-language", translation.target_language),
    )
    for name, expected in pairs:
        found = attrib.get(name, "")
        if found and languages.base(found) != languages.base(expected):
            raise ExportFormatError(
                _("The file's %(name)s is %(found)s, but this translation's is %(expected)s.")
                % {"name": name, "found": found, "expected": expected}
            )


def xliff_import(*, translation: Translation, data: bytes, user: Any) -> XliffImportResult:
    """Apply an XLIFF edited elsewhere to ``translation`` (rules in the module docstring).

    Raises ExportFormatError when the file cannot be imported at all, and ServiceError on an
    approved article; per-unit problems are reported in the result (then nothing is applied).
    """
    units, errors = _xliff_units(translation=translation, data=data)
    with transaction.atomic():
        workflow.article_lock_editable(translation.article_id)
        segments = {
            s.order + 1: s
            for s in Segment.objects.select_for_update().filter(translation=translation)
        }
        stale = [
            (segments[u.number].pk, u.version)
            for u in units
            if u.number in segments and u.version is not None
            and u.version != segments[u.number].version
        ]  # fmt: skip
        earlier = _texts_at_versions(stale)
        changes: list[tuple[_Unit, Segment, str]] = []
        conflicts: list[int] = []
        unchanged = 0
        seen: set[int] = set()
        for unit in units:
            segment = segments.get(unit.number)
            where = {"number": unit.number}
            if segment is None:
                errors.append(
                    _("Segment %(number)s: this translation has no such segment.") % where
                )
                continue
            if unit.number in seen:
                errors.append(
                    _("Segment %(number)s: appears twice in the file; the first one was used.")
                    % where
                )
                continue
            seen.add(unit.number)
            if not _same(unit.source, segment.source):
                errors.append(
                    _("Segment %(number)s: the source text differs from this translation's.")
                    % where
                )
                continue
            if unit.version is None:
                errors.append(
                    _("Segment %(number)s: no version in the file (nd:version); export again.")
                    % where
                )
                continue
            current = segment.target_text.strip()
            target = editing.clean_text(unit.target)
            if target == current:
                confirm_now = (
                    unit.confirm and segment.state != State.CONFIRMED
                    and unit.version == segment.version and bool(current)
                )  # fmt: skip
                if confirm_now:
                    changes.append((unit, segment, target))
                else:
                    unchanged += 1
                continue
            if unit.version != segment.version:
                if earlier.get((segment.pk, unit.version)) == unit.target:
                    unchanged += 1  # changed here since the export, not in the file
                else:
                    conflicts.append(unit.number)
                continue
            if not target:
                errors.append(
                    _("Segment %(number)s: the file's translation is empty; not applied.") % where
                )
                continue
            limit = editing.segment_max_chars(segment.source)
            if len(target) > limit:
                errors.append(
                    _("Segment %(number)s: the translation is longer than %(limit)s characters.")
                    % {**where, "limit": f"{limit:,}"}
                )
                continue
            changes.append((unit, segment, target))
        if conflicts or errors:
            return XliffImportResult(
                unchanged=unchanged, conflicts=tuple(conflicts), errors=tuple(errors)
            )
        applied = _apply(translation, changes, user)
    return XliffImportResult(applied=applied, unchanged=unchanged)


def _apply(
    translation: Translation, changes: list[tuple[_Unit, Segment, str]], user: Any
) -> tuple[int, ...]:
    """Write every change in bulk (inside the caller's transaction, segments locked)."""
    if not changes:
        return ()
    source, target = translation.article.source_language, translation.target_language
    checker = TermChecker(source, target)
    author = actor(user)
    now = timezone.now()
    revisions = []
    confirmed = []
    for unit, segment, text in changes:
        checks = sentence_checks(
            source=segment.source, target=text, source_language=source,
            target_language=target, checker=checker, dismissed=segment.qa_dismissed,
        )  # fmt: skip
        segment.target_text = text
        segment.state = State.CONFIRMED if unit.confirm else State.EDITED
        segment.version += 1
        segment.updated_at = now
        for name, value in checks.fields().items():
            setattr(segment, name, value)
        revisions.append(
            SegmentRevision(
                segment=segment,
                version=segment.version,
                text=text,
                state=segment.state,
                kind=SegmentRevision.Kind.IMPORT,
                author=author,
            )
        )
        if segment.state == State.CONFIRMED and not segment.flagged:
            confirmed.append(segment)
    Segment.objects.bulk_update(
        [segment for _, segment, _ in changes],
        [
            "target_text",
            "state",
            "version",
            "updated_at",
            "term_checks",
            "qa_issues",
            "flagged",
            "qa_open",
        ],
        batch_size=500,
    )
    SegmentRevision.objects.bulk_create(revisions, batch_size=500)
    Translation.objects.filter(pk=translation.pk).update(
        compliance=translation_compliance(translation=translation)
    )
    for segment in confirmed:
        editing.remember(segment, text=segment.target_text, user=author)
    return tuple(unit.number for unit, _, _ in changes)


def _texts_at_versions(wanted: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """{(segment id, version): the text it had then}, from revisions; one query."""
    if not wanted:
        return {}
    segment_ids = {segment_id for segment_id, _ in wanted}
    versions = {version for _, version in wanted}
    rows = (
        SegmentRevision.objects.filter(segment_id__in=segment_ids, version__in=versions)
        .order_by("segment_id", "version", "id")
        .values_list("segment_id", "version", "text")
    )
    return {(segment_id, version): text.strip() for segment_id, version, text in rows}
