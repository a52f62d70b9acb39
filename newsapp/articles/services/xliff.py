"""XLIFF import: apply a bilingual XLIFF 1.2 file edited in a CAT tool to a translation.

The export side (and the file format) is described in ``newsapp.articles.exports``.

Import (``xliff_import``)
-------------------------
The upload is parsed with defusedxml first (entity declarations and external entities are
refused), must be XLIFF 1.x with one ``<file>`` of this translation (``nd:translation`` or
``original``) and the same language pair, and is then read with translate-toolkit. Each
unit is matched to the segment with that number; its source must equal the segment's
source (whitespace aside). Only changes are applied, through the editor's own rule
(``newsapp.articles.services.editing.segment_save`` with ``kind="import"``), which refuses a unit
whose version is stale:

* target equal to the segment's current text → *unchanged* (a unit marked ``final`` or
  ``signed-off`` whose segment is not yet confirmed, at the current version, is confirmed);
* exported at an older version and still holding the text the segment had at that version
  (from its revisions) → *unchanged*: edited here since, not in the CAT tool;
* otherwise ``segment_save(version=<file's version>, confirm=<state final/signed-off>)``:
  *applied*, or a *conflict* (someone changed the segment since the export; nothing is
  overwritten), or an *error* (``ServiceError``: e.g. an empty translation).

Units that cannot be matched (unknown number, different source, no version) are errors;
segments missing from the file are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from translate.storage.xliff import xlifffile

from newsapp.articles.exports import XLIFF_CONFIRMED_STATES, ExportFormatError, _nd
from newsapp.articles.models import Segment, SegmentRevision, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import editing
from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.safexml import UnsafeXMLError, local_name, xml_upload

MAX_XLIFF_BYTES = 20 * 1024 * 1024
State = Segment.State
_NOTE_RE = re.compile(r"newsdesk segment=(\d+) paragraph=(\d+) version=(\d+)")


@dataclass(frozen=True)
class XliffImportResult:
    #: Segment numbers (order + 1).
    applied: tuple[int, ...] = ()
    unchanged: int = 0
    conflicts: tuple[int, ...] = ()
    errors: tuple[str, ...] = ()

    def summary(self) -> str:
        parts = [f"{len(self.applied)} applied", f"{self.unchanged} unchanged"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} in conflict")
        if self.errors:
            parts.append(f"{len(self.errors)} with errors")
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
    try:
        root = xml_upload(data, max_bytes=MAX_XLIFF_BYTES, roots=("xliff",), kind="an XLIFF file")
    except UnsafeXMLError as exc:
        raise ExportFormatError(str(exc)) from None
    if not root.get("version", "1.2").startswith("1."):
        raise ExportFormatError(
            f"This is XLIFF {root.get('version')}; export XLIFF 1.2 from your tool instead."
        )
    files = [child for child in root if local_name(child.tag) == "file"]
    if len(files) != 1:
        raise ExportFormatError(f"Expected one <file> in the XLIFF, found {len(files)}.")
    _check_file(translation, files[0].attrib)
    try:
        store = xlifffile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml, value and assertion errors
        raise ExportFormatError(f"The XLIFF file cannot be read: {exc}.") from None
    units: list[_Unit] = []
    errors: list[str] = []
    for unit in store.getunits():
        local_id = unit.xmlelement.get("id", "")
        if not local_id.isdigit() or int(local_id) < 1:
            errors.append(f"Unit “{local_id}”: not a segment number from our export.")
            continue
        number = int(local_id)
        version_attr = unit.xmlelement.get(_nd("version"), "")
        note = _NOTE_RE.search(unit.getnotes() or "")
        if version_attr.isdigit():
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
            f"This XLIFF was exported from another translation (#{exported_from}); "
            "import it into that one, or export this translation again."
        )
    pairs = (
        ("source-language", translation.article.source_language),
        ("target-language", translation.target_language),
    )
    for name, expected in pairs:
        found = attrib.get(name, "")
        if found and languages.base(found) != languages.base(expected):
            raise ExportFormatError(
                f"The file's {name} is {found}, but this translation's is {expected}."
            )


def xliff_import(*, translation: Translation, data: bytes, user: Any) -> XliffImportResult:
    """Apply an XLIFF edited elsewhere to ``translation`` (rules in the module docstring).

    Raises ExportFormatError when the file cannot be imported at all; per-unit problems are
    reported in the result. Each applied unit is saved on its own (``segment_save``).
    """
    units, errors = _xliff_units(translation=translation, data=data)
    segments = {s.order + 1: s for s in selectors.translation_segments(translation=translation)}
    stale = [
        (segments[u.number].pk, u.version)
        for u in units
        if u.number in segments and u.version is not None
        and u.version != segments[u.number].version
    ]  # fmt: skip
    earlier = _texts_at_versions(stale)
    applied: list[int] = []
    conflicts: list[int] = []
    unchanged = 0
    seen: set[int] = set()
    for unit in units:
        segment = segments.get(unit.number)
        where = f"Segment {unit.number}"
        if segment is None:
            errors.append(f"{where}: this translation has no such segment.")
            continue
        if unit.number in seen:
            errors.append(f"{where}: appears twice in the file; the first one was used.")
            continue
        seen.add(unit.number)
        if not _same(unit.source, segment.source):
            errors.append(f"{where}: the source text differs from this translation's.")
            continue
        if unit.version is None:
            errors.append(f"{where}: no version in the file (nd:version); export again.")
            continue
        current = segment.target_text.strip()
        if unit.target == current:
            confirm_now = (
                unit.confirm and segment.state != State.CONFIRMED
                and unit.version == segment.version and bool(current)
            )  # fmt: skip
            if not confirm_now:
                unchanged += 1
                continue
        elif unit.version != segment.version and earlier.get((segment.pk, unit.version)) == (
            unit.target
        ):
            unchanged += 1  # changed here since the export, not in the file
            continue
        elif not unit.target:
            errors.append(f"{where}: the file's translation is empty; not applied.")
            continue
        try:
            editing.segment_save(
                segment_id=segment.pk,
                user=user,
                text=unit.target,
                version=unit.version,
                confirm=unit.confirm,
                kind="import",
            )
        except editing.SegmentConflict:
            conflicts.append(unit.number)
        except (ServiceError, PermissionDenied) as exc:
            errors.append(f"{where}: {exc}")
        else:
            applied.append(unit.number)
    return XliffImportResult(
        applied=tuple(applied),
        unchanged=unchanged,
        conflicts=tuple(conflicts),
        errors=tuple(errors),
    )


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
