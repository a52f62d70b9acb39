"""Glossary exchange: CSV and TBX files in and out, with a preview before anything is written.

Import is two steps: ``load(content, fmt)`` parses a file into ``ParsedConcept``s (a file
that cannot be read at all raises ``GlossaryFormatError``; a bad row is kept with its
error), and ``plan_import(parsed)`` compares them with the glossary, without writing, into
an ``ImportPlan``: per row, *create*, *update*, *unchanged* or *refuse* (with the reason).
``services.glossary_import_apply`` then applies a plan. The web preview stores the file in
an ``ImportBatch`` with the plan's ``digest()`` and the plan itself (``ImportPlanRow``, paged
by the preview, which never re-plans); confirming re-plans the stored file and applies it
only if the digest is unchanged, so what is applied is exactly what was shown. A plan is made
with the importer's rights: for a non-editor, changes to an existing concept's definition,
subject or URL are held back (``PlanItem.held_back``), as on the pages (docs/security.md).

How a row finds its concept: an ``id`` from our own export (``12`` in CSV, ``c12`` in TBX)
names it, provided that concept shares at least one term with the row (a guard against ids
from another glossary); an id this glossary does not have is ignored. Otherwise a
preferred term that is already the preferred term of one concept (same language, same
text ignoring case) makes the row an update of that concept; else the row creates a
concept. So importing the same file twice changes nothing, and an export imports into an
empty glossary as it was. Updates add missing terms, change terms
whose fields differ (an approved term gets a pending change unless the import approves),
and fill in the concept's definition, subject and URL when the file gives them; nothing is
deleted. Fields a format does not carry (term notes in CSV) are left as they are.

CSV convention
--------------
UTF-8 (a BOM is accepted and written), comma-separated (semicolon and tab are detected),
a header row, one concept per row::

    id,subject,definition,url,en,en:admitted,en:forbidden,ko,ko:forbidden
    ,diplomacy,Principal UN organ for peace and security,,UN Security Council {properNoun},
        Security Council,,유엔 안전보장이사회 | 유엔 안보리,안전보장위원회

* ``id``, ``subject``, ``definition`` (or ``note``), ``url`` are optional columns.
* A language column is the language code (``en``, ``ko``, ``pt-BR``) for preferred terms;
  ``<code>:admitted`` and ``<code>:forbidden`` hold the other usages.
* Several terms in one cell are separated by ``|``.
* A term may end with flags in braces: ``{case}`` case-sensitive, ``{dnt}`` do not
  translate, a TBX part of speech (``noun``, ``properNoun``, ``verb``, ``adjective``,
  ``adverb``, ``other``), a term type (``short``, ``acronym``, ``abbrev``, ``variant``;
  full form when absent) and ``reading=…`` (the Hangul reading, spaces as ``_``), e.g.
  ``NATO {case properNoun acronym reading=나토}``.
* Export prefixes a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
  with ``'`` so spreadsheets do not run it as a formula; import removes that quote again.

TBX
---
TBX v3 (TBX-Basic, DCA style) is written: ``conceptEntry`` with ``descrip``
``subjectField``/``definition`` and ``xref`` ``externalCrossReference``; a ``langSec`` per
language; a ``termSec`` per term with ``term``, ``termNote`` ``administrativeStatus``
(``preferredTerm-admn-sts``, ``admittedTerm-admn-sts``, ``deprecatedTerm-admn-sts`` for
forbidden), ``partOfSpeech``, ``termType`` (``shortForm``, ``acronym`` …), ``pronunciation``
(the Hangul reading), ``note``, and two of our own term notes, ``x-caseSensitive``
and ``x-doNotTranslate`` (``true``), which other tools ignore. Reading also accepts TBX v2
(``martif``/``termEntry``/``langSet``/``tig``/``ntig``, ``normativeAuthorization``). A term
without a status is preferred. translate-toolkit's ``tbx`` module models bilingual units and
parses with lxml, so we write with ElementTree and parse user files only with defusedxml:
entity declarations (entity expansion, external entities) are refused with a clear error.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET  # writing only; user files are parsed with defusedxml
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from django.utils.translation import gettext_noop

from glossary import selectors
from glossary.models import Concept, Term, term_key
from glossary.termdata import (
    TERM_FIELDS,
    TermData,
    conflict_message,
    label_for,
    language_normalise,
    term_data_clean,
    url_clean,
)
from glossary.texts import Text
from newsapp.core.errors import ServiceError
from newsapp.core.safexml import UnsafeXMLError, local_name, xml_upload
from newsapp.core.sanitize import text_clean

Usage = Term.Usage
Status = Term.Status
Format = Literal["csv", "tbx"]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
POS_VALUES = frozenset(v for v in Term.PartOfSpeech.values if v)
_POS_LOOKUP = {value.lower(): value for value in POS_VALUES} | {"proper noun": "properNoun"}
_FLAGS_RE = re.compile(r"^(?P<text>.*?)\s*\{(?P<flags>[^{}|]+)\}$")
_TERM_TYPE_FLAGS = {
    "full": "fullForm", "short": "shortForm", "acronym": "acronym", "abbrev": "abbreviation",
    "variant": "variant",
}  # fmt: skip
_TERM_TYPE_NAMES = {value: flag for flag, value in _TERM_TYPE_FLAGS.items()}
_TBX_TERM_TYPES = {value.lower(): value for value in Term.TermType.values}
_CONCEPT_FIELDS = {"id": "id", "subject": "subject", "definition": "definition",
                   "note": "definition", "description": "definition", "url": "url",
                   "reference": "url"}  # fmt: skip
_USAGE_SUFFIXES = {"": Usage.PREFERRED, "preferred": Usage.PREFERRED,
                   "admitted": Usage.ADMITTED, "forbidden": Usage.FORBIDDEN}  # fmt: skip

#: Term fields each format carries; the others keep their current value on update.
CARRIED: dict[str, frozenset[str]] = {
    "csv": frozenset(TERM_FIELDS) - {"note"},
    "tbx": frozenset(TERM_FIELDS),
}

TBX_NS = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_TO_TBX = {
    Usage.PREFERRED: "preferredTerm-admn-sts",
    Usage.ADMITTED: "admittedTerm-admn-sts",
    Usage.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_TBX_TO_STATUS = {
    "preferredterm-admn-sts": Usage.PREFERRED, "preferred": Usage.PREFERRED,
    "preferredterm": Usage.PREFERRED,
    "admittedterm-admn-sts": Usage.ADMITTED, "admitted": Usage.ADMITTED,
    "admittedterm": Usage.ADMITTED,
    "deprecatedterm-admn-sts": Usage.FORBIDDEN, "deprecated": Usage.FORBIDDEN,
    "deprecatedterm": Usage.FORBIDDEN, "supersededterm-admn-sts": Usage.FORBIDDEN,
    "supersededterm": Usage.FORBIDDEN, "notrecommended": Usage.FORBIDDEN,
    "forbidden": Usage.FORBIDDEN,
}  # fmt: skip
_TRUE = frozenset({"true", "yes", "1"})


class GlossaryFormatError(ServiceError):
    """The whole file cannot be read; the message says why."""


# --- Parsed file -------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedConcept:
    row: int
    #: "row 5" (CSV) or "entry 3 (c12)" (TBX): where to look in the file.
    where: str
    ref: str = ""
    definition: str = ""
    subject: str = ""
    external_url: str = ""
    terms: tuple[TermData, ...] = ()
    error: str = ""


def decode_upload(data: bytes) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise GlossaryFormatError(
            Text(
                gettext_noop("The file is larger than %(size)s MB."), size=MAX_UPLOAD_BYTES // 2**20
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryFormatError(
            Text(
                gettext_noop(
                    "The file is not UTF-8 (invalid byte at position %(position)s). "
                    "Save it as UTF-8 and upload it again."
                ),
                position=exc.start,
            )
        ) from None


def detect_format(filename: str, content: str) -> Format:
    name = filename.lower()
    if name.endswith((".tbx", ".xml")):
        return "tbx"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "tbx" if content.lstrip("\ufeff \r\n\t").startswith("<") else "csv"


def load(content: str, fmt: str) -> list[ParsedConcept]:
    if fmt == "csv":
        return parse_csv(content)
    if fmt == "tbx":
        return parse_tbx(content)
    raise GlossaryFormatError(
        Text(gettext_noop("Unknown format “%(format)s” (csv or tbx)."), format=fmt)
    )


# --- CSV ---------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Make a cell safe to open in a spreadsheet (no formula execution)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _flags_suffix(term: Term) -> str:
    flags = [name for name, on in (("case", term.case_sensitive),
                                   ("dnt", term.do_not_translate)) if on]  # fmt: skip
    if term.part_of_speech:
        flags.append(term.part_of_speech)
    if term.term_type and term.term_type != Term.TermType.FULL_FORM:
        flags.append(_TERM_TYPE_NAMES[term.term_type])
    if term.reading:
        flags.append(f"reading={term.reading.replace(' ', '_')}")
    return " {" + " ".join(flags) + "}" if flags else ""


def _parse_term_cell(cell: str, language: str, usage: str) -> list[TermData]:
    terms: list[TermData] = []
    for raw in cell.split("|"):
        raw = raw.strip()
        if not raw:
            continue
        text, case, dnt, pos, kind, reading = raw, False, False, "", "fullForm", ""
        match = _FLAGS_RE.match(raw)
        if match:
            text = match["text"]
            for flag in re.split(r"[ ,]+", match["flags"].strip()):
                lowered = flag.lower()
                if lowered == "case":
                    case = True
                elif lowered == "dnt":
                    dnt = True
                elif lowered in _POS_LOOKUP:
                    pos = _POS_LOOKUP[lowered]
                elif lowered in _TERM_TYPE_FLAGS:
                    kind = _TERM_TYPE_FLAGS[lowered]
                elif lowered.startswith("reading="):
                    reading = flag.partition("=")[2].replace("_", " ")
                else:
                    raise ServiceError(
                        Text(
                            gettext_noop(
                                "Unknown flag “%(flag)s” in “%(cell)s” (use %(case)s, %(dnt)s, a "
                                "part of speech (%(parts)s), a term type (%(types)s) or "
                                "%(reading)s)."
                            ),
                            flag=flag,
                            cell=raw,
                            case="case",
                            dnt="dnt",
                            reading="reading=…",
                            parts=", ".join(sorted(POS_VALUES)),
                            types=", ".join(_TERM_TYPE_FLAGS),
                        )
                    )
        terms.append(term_data_clean(TermData(
            language=language, text=text, usage=usage, case_sensitive=case,
            do_not_translate=dnt, part_of_speech=pos, term_type=kind, reading=reading,
        )))  # fmt: skip
    return terms


def _header(names: list[str]) -> list[tuple[str, str, str]]:
    """Per column: ("field", name, "") or ("lang", code, usage)."""
    columns: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for number, raw in enumerate(names, start=1):
        name = raw.strip()
        lowered = name.lower()
        if lowered in _CONCEPT_FIELDS:
            column = ("field", _CONCEPT_FIELDS[lowered], "")
        else:
            code, _, suffix = name.partition(":")
            if suffix.lower() not in _USAGE_SUFFIXES or not code:
                raise GlossaryFormatError(
                    Text(
                        gettext_noop(
                            "Column %(number)s “%(name)s” is not %(fields)s, a language code "
                            "(%(codes)s) or a language with %(admitted)s or %(forbidden)s."
                        ),
                        number=number,
                        name=name,
                        fields="id, subject, definition, url",
                        codes="en, ko",
                        admitted=":admitted",
                        forbidden=":forbidden",
                    )
                )
            try:
                code = language_normalise(code)
            except ServiceError:
                raise GlossaryFormatError(
                    Text(
                        gettext_noop(
                            "Column %(number)s “%(name)s” is not a language code (%(codes)s)."
                        ),
                        number=number,
                        name=name,
                        codes="en, ko, pt-BR",
                    )
                ) from None
            column = ("lang", code, _USAGE_SUFFIXES[suffix.lower()])
        if column in seen:
            raise GlossaryFormatError(
                Text(gettext_noop("Column “%(name)s” appears twice in the header."), name=name)
            )
        seen.add(column)
        columns.append(column)
    if not any(kind == "lang" for kind, _, _ in columns):
        raise GlossaryFormatError(
            Text(
                gettext_noop(
                    "The header has no language column: name one column per language (%(codes)s)."
                ),
                codes="en, ko, …",
            )
        )
    return columns


def parse_csv(content: str) -> list[ParsedConcept]:
    content = content.removeprefix("\ufeff")
    if not content.strip():
        raise GlossaryFormatError(Text(gettext_noop("The file is empty.")))
    first_line = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        columns = _header(next(reader))
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise GlossaryFormatError(
            Text(
                gettext_noop("Not readable as CSV (line %(line)s): %(error)s"),
                line=reader.line_num,
                error=str(exc),
            )
        ) from None
    parsed: list[ParsedConcept] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        where = Text(gettext_noop("row %(number)s"), number=line)
        if len(row) > len(columns):
            parsed.append(ParsedConcept(row=line, where=where, error=Text(
                gettext_noop("%(cells)s cells for %(columns)s columns (a stray comma or quote?)."),
                cells=len(row), columns=len(columns),
            )))  # fmt: skip
            continue
        fields: dict[str, str] = {}
        terms: list[TermData] = []
        try:
            for (kind, name, usage), cell in zip(columns, row, strict=False):
                cell = unneutralise(cell.strip()).strip()
                if kind == "field":
                    fields[name] = cell
                elif cell:
                    terms += _parse_term_cell(cell, name, usage)
        except ServiceError as exc:
            parsed.append(ParsedConcept(row=line, where=where, error=message_of(exc)))
            continue
        try:
            url = url_clean(fields.get("url", ""))
        except ServiceError as exc:
            parsed.append(ParsedConcept(row=line, where=where, error=message_of(exc)))
            continue
        parsed.append(ParsedConcept(
            row=line, where=where, ref=fields.get("id", ""),
            definition=fields.get("definition", ""), subject=fields.get("subject", ""),
            external_url=url, terms=tuple(terms),
            error="" if terms else Text(gettext_noop("No terms in this row.")),
        ))  # fmt: skip
    return parsed


def export_csv(*, languages: Sequence[str] = ()) -> Iterator[str]:
    """The approved glossary as CSV (with BOM), one concept per row, in chunks of text."""
    pairs = selectors.exported_language_usages(languages=languages)
    columns = ["id", "subject", "definition", "url"]
    lang_columns: list[tuple[str, str]] = []
    for language, usage in pairs:
        suffix = "" if usage == Usage.PREFERRED else f":{usage}"
        columns.append(f"{language}{suffix}")
        lang_columns.append((language, usage))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()
    for concept, terms in selectors.concepts_for_export(languages=languages):
        buffer.seek(0)
        buffer.truncate()
        cells: dict[tuple[str, str], list[str]] = {}
        for term in terms:
            cells.setdefault((term.language, term.usage), []).append(
                term.text + _flags_suffix(term)
            )
        row = [str(concept.pk), concept.subject, concept.definition, concept.external_url]
        row += [" | ".join(cells.get(pair, ())) for pair in lang_columns]
        writer.writerow([neutralise(cell) for cell in row])
        yield buffer.getvalue()


# --- TBX -----------------------------------------------------------------------------------


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _safe_parse(content: str) -> ET.Element:
    try:
        return xml_upload(
            content.encode("utf-8"), max_bytes=MAX_UPLOAD_BYTES, roots=("tbx", "martif"),
            kind="a TBX file",
        )  # fmt: skip
    except UnsafeXMLError as exc:
        raise GlossaryFormatError(str(exc)) from None


def _children(element: ET.Element, *names: str) -> Iterator[ET.Element]:
    """Direct children with these local names, looking through *Grp wrappers (in document
    order, with a stack: wrappers nested any depth never recurse)."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        local = local_name(child.tag)
        if local in names:
            yield child
        elif local.endswith("Grp") and local not in ("termGrp",):
            stack.append(iter(child))


def _parse_term(node: ET.Element, language: str) -> TermData:
    term_nodes = list(_children(node, "term"))
    if not term_nodes:
        group = next(_children(node, "termGrp"), None)
        term_nodes = list(_children(group, "term")) if group is not None else []
    if not term_nodes:
        raise ServiceError(
            Text(
                gettext_noop("A %(language)s term has no %(element)s text."),
                language=language,
                element="<term>",
            )
        )
    text = _text(term_nodes[0])
    usage, pos, case, dnt, notes = Usage.PREFERRED, "", False, False, []
    term_type, reading = "fullForm", ""
    scopes = [node, *_children(node, "termGrp")]
    for scope in scopes:
        for note in _children(scope, "termNote"):
            kind, value = (note.get("type") or "").lower(), _text(note)
            if kind in ("administrativestatus", "normativeauthorization"):
                found = _TBX_TO_STATUS.get(value.lower().replace(" ", ""))
                if found is None:
                    raise ServiceError(Text(
                        gettext_noop("Unknown %(note)s “%(value)s” for “%(text)s”."),
                        note="administrativeStatus", value=value, text=text,
                    ))  # fmt: skip
                usage = found
            elif kind == "partofspeech":
                pos = _POS_LOOKUP.get(value.lower(), "other") if value else ""
            elif kind == "termtype":
                kind_found = _TBX_TERM_TYPES.get(value.lower().replace(" ", ""))
                if kind_found is None:
                    raise ServiceError(
                        Text(
                            gettext_noop("Unknown %(note)s “%(value)s” for “%(text)s”."),
                            note="termType",
                            value=value,
                            text=text,
                        )
                    )
                term_type = kind_found
            elif kind == "pronunciation":
                reading = value
            elif kind == "x-casesensitive":
                case = value.lower() in _TRUE
            elif kind == "x-donottranslate":
                dnt = value.lower() in _TRUE
        notes += [_text(n) for n in _children(scope, "note") if _text(n)]
    return term_data_clean(TermData(
        language=language, text=text, usage=usage, case_sensitive=case,
        do_not_translate=dnt, part_of_speech=pos, term_type=term_type, reading=reading,
        note="\n".join(notes),
    ))  # fmt: skip


def _descrips(element: ET.Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for descrip in _children(element, "descrip"):
        kind = (descrip.get("type") or "").lower()
        if kind in ("subjectfield", "definition") and kind not in found:
            found[kind] = _text(descrip)
    return found


def parse_tbx(content: str) -> list[ParsedConcept]:
    root = _safe_parse(content)
    entries = [el for el in root.iter() if local_name(el.tag) in ("conceptEntry", "termEntry")]
    parsed: list[ParsedConcept] = []
    for number, entry in enumerate(entries, start=1):
        ref = entry.get("id", "")
        where = (
            Text(gettext_noop("entry %(number)s (%(id)s)"), number=number, id=ref)
            if ref
            else Text(gettext_noop("entry %(number)s"), number=number)
        )
        descrips = _descrips(entry)
        url = next((x.get("target", "") for x in _children(entry, "xref")
                    if (x.get("type") or "").lower() == "externalcrossreference"), "")  # fmt: skip
        notes = [_text(n) for n in _children(entry, "note") if _text(n)]
        terms: list[TermData] = []
        try:
            url = url_clean(url)
            for section in _children(entry, "langSec", "langSet"):
                language = language_normalise(section.get(_XML_LANG) or section.get("lang") or "")
                descrips = {**_descrips(section), **descrips}
                for node in _children(section, "termSec", "tig", "ntig"):
                    terms.append(_parse_term(node, language))
        except ServiceError as exc:
            parsed.append(ParsedConcept(row=number, where=where, ref=ref, error=message_of(exc)))
            continue
        parsed.append(ParsedConcept(
            row=number, where=where, ref=ref,
            definition=descrips.get("definition") or "\n".join(notes),
            subject=descrips.get("subjectfield", ""), external_url=url, terms=tuple(terms),
            error="" if terms else Text(gettext_noop("No terms in this entry.")),
        ))  # fmt: skip
    return parsed


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _tbx_entry(concept: Concept, terms: Iterable[Term]) -> ET.Element:
    entry = ET.Element("conceptEntry", {"id": f"c{concept.pk}"})
    if concept.subject:
        _sub(entry, "descrip", concept.subject, type="subjectField")
    if concept.definition:
        _sub(entry, "descrip", concept.definition, type="definition")
    if concept.external_url:
        _sub(entry, "xref", concept.external_url, type="externalCrossReference",
             target=concept.external_url)  # fmt: skip
    sections: dict[str, ET.Element] = {}
    for term in terms:
        section = sections.get(term.language)
        if section is None:
            section = sections[term.language] = ET.SubElement(
                entry, "langSec", {_XML_LANG: term.language}
            )
        node = ET.SubElement(section, "termSec")
        _sub(node, "term", term.text)
        _sub(node, "termNote", _STATUS_TO_TBX[Usage(term.usage)], type="administrativeStatus")
        if term.part_of_speech:
            _sub(node, "termNote", term.part_of_speech, type="partOfSpeech")
        if term.term_type and term.term_type != Term.TermType.FULL_FORM:
            _sub(node, "termNote", term.term_type, type="termType")
        if term.reading:
            _sub(node, "termNote", term.reading, type="pronunciation")
        if term.case_sensitive:
            _sub(node, "termNote", "true", type="x-caseSensitive")
        if term.do_not_translate:
            _sub(node, "termNote", "true", type="x-doNotTranslate")
        if term.note:
            _sub(node, "note", term.note)
    return entry


def export_tbx(*, languages: Sequence[str] = ()) -> Iterator[str]:
    """The approved glossary as TBX-Basic (TBX v3, DCA), in chunks of text."""
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>Newsdesk glossary export (approved terms)</p>"
        "</sourceDesc></fileDesc></tbxHeader>\n<text><body>\n"
    )
    for concept, terms in selectors.concepts_for_export(languages=languages):
        yield ET.tostring(_tbx_entry(concept, terms), encoding="unicode") + "\n"
    yield "</body></text>\n</tbx>\n"


def export(fmt: str, *, languages: Sequence[str] = ()) -> Iterator[str]:
    """CSV or TBX, in chunks, without the characters XML cannot hold (stored data may
    predate the input rule in ``newsapp.core.sanitize``)."""
    if fmt == "csv":
        return map(text_clean, export_csv(languages=languages))
    if fmt == "tbx":
        return map(text_clean, export_tbx(languages=languages))
    raise GlossaryFormatError(
        Text(gettext_noop("Unknown format “%(format)s” (csv or tbx)."), format=fmt)
    )


# --- Planning ------------------------------------------------------------------------------

Action = Literal["create", "update", "unchanged", "refuse"]


@dataclass(frozen=True)
class PlanItem:
    row: int
    where: str
    action: Action
    label: str
    concept_id: int | None = None
    definition: str = ""
    subject: str = ""
    external_url: str = ""
    new_terms: tuple[TermData, ...] = ()
    #: (existing term id, its new data)
    changed_terms: tuple[tuple[int, TermData], ...] = ()
    #: {field: (old, new)} on the existing concept
    concept_changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: concept changes the importer may not make (not an editor): shown, never applied
    held_back: dict[str, tuple[str, str]] = field(default_factory=dict)
    reason: str = ""


@dataclass
class ImportPlan:
    items: list[PlanItem]

    def _of(self, action: Action) -> list[PlanItem]:
        return [item for item in self.items if item.action == action]

    @property
    def creates(self) -> list[PlanItem]:
        return self._of("create")

    @property
    def updates(self) -> list[PlanItem]:
        return self._of("update")

    @property
    def unchanged(self) -> list[PlanItem]:
        return self._of("unchanged")

    @property
    def refused(self) -> list[PlanItem]:
        return self._of("refuse")

    @property
    def has_changes(self) -> bool:
        return any(item.action in ("create", "update") for item in self.items)

    def digest(self) -> str:
        payload = [
            [item.row, item.action, item.concept_id, item.definition, item.subject,
             item.external_url, [asdict(t) for t in item.new_terms],
             [[pk, asdict(t)] for pk, t in item.changed_terms],
             sorted(item.concept_changes.items()), sorted(item.held_back.items()), item.reason]
            for item in self.items
        ]  # fmt: skip
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def _our_id(ref: str) -> int | None:
    match = re.fullmatch(r"c?(\d{1,18})", ref.strip())
    return int(match.group(1)) if match else None


def plan_import(
    parsed: Sequence[ParsedConcept], *, fmt: str, concept_edits: bool = True
) -> ImportPlan:
    """What importing ``parsed`` would do. Reads only.

    ``concept_edits`` False (an importer who is not an editor, as on the pages): changes to
    an existing concept's definition, subject or URL are held back (listed, never applied);
    a row that changes nothing else is refused with the reason.
    """
    carried = CARRIED[fmt]
    keys = {(t.language, term_key(t.text)) for p in parsed for t in p.terms}
    existing = {
        k: [t for t in terms if t.status != Status.REJECTED]
        for k, terms in selectors.live_terms_by_key(keys=keys).items()
    }
    wanted_ids = {pk for p in parsed if p.ref and (pk := _our_id(p.ref)) is not None}
    wanted_ids |= {t.concept_id for terms in existing.values() for t in terms}
    concepts = selectors.concepts_with_terms(ids=wanted_ids)
    claimed: dict[tuple[str, str], tuple[str, int | None]] = {}
    items: list[PlanItem] = []

    def refuse(p: ParsedConcept, reason: str, concept_id: int | None = None) -> None:
        label = p.terms[0].text if p.terms else ""
        items.append(PlanItem(row=p.row, where=p.where, action="refuse", label=label,
                              concept_id=concept_id, reason=reason))  # fmt: skip

    for p in parsed:
        if p.error:
            refuse(p, p.error)
            continue
        concept: Concept | None = None
        pk = _our_id(p.ref) if p.ref else None
        if pk is not None and pk in concepts:
            concept = concepts[pk]
            current = {(t.language, t.key) for t in concept.live_terms}  # type: ignore[attr-defined]
            if not any((t.language, term_key(t.text)) in current for t in p.terms):
                refuse(p, Text(gettext_noop(
                    "Concept #%(id)s has none of this row's terms: is the id from another "
                    "glossary? Remove the id to create a new concept."), id=pk))  # fmt: skip
                continue
        else:
            holders = {
                t.concept_id
                for data in p.terms if data.usage == Usage.PREFERRED
                for t in existing.get((data.language, term_key(data.text)), ())
                if t.usage == Usage.PREFERRED
            }  # fmt: skip
            if len(holders) > 1:
                listed = ", ".join(f"#{pk}" for pk in sorted(holders))
                refuse(
                    p,
                    Text(
                        gettext_noop("Its preferred terms belong to different concepts (%(ids)s)."),
                        ids=listed,
                    ),
                )
                continue
            if holders:
                concept = concepts[holders.pop()]
        item = _plan_row(p, concept, existing, claimed, carried, concept_edits=concept_edits)
        if isinstance(item, str):
            refuse(p, item, concept.pk if concept else None)
            continue
        for data in p.terms:
            if data.usage == Usage.PREFERRED:
                claimed[(data.language, term_key(data.text))] = (p.where, item.concept_id)
        items.append(item)
    return ImportPlan(items)


def _plan_row(
    p: ParsedConcept,
    concept: Concept | None,
    existing: dict[tuple[str, str], list[Term]],
    claimed: dict[tuple[str, str], tuple[str, int | None]],
    carried: frozenset[str],
    *,
    concept_edits: bool = True,
) -> PlanItem | str:
    """The row's plan, or the reason it is refused."""
    seen: set[tuple[str, str]] = set()
    current = {(t.language, t.key): t for t in (concept.live_terms if concept else [])  # type: ignore[attr-defined]
               if t.status != Status.REJECTED}  # fmt: skip
    new_terms: list[TermData] = []
    changed: list[tuple[int, TermData]] = []
    for data in p.terms:
        key = (data.language, term_key(data.text))
        if key in seen:
            return Text(gettext_noop("The %(language)s term “%(text)s” is given twice."),
                        language=data.language, text=data.text)  # fmt: skip
        seen.add(key)
        if data.usage == Usage.PREFERRED and key in claimed:
            where, claimed_concept = claimed[key]
            if concept is None or claimed_concept != concept.pk:
                return Text(
                    gettext_noop("“%(text)s” is also a preferred %(language)s term in %(where)s."),
                    text=data.text, language=data.language, where=where,
                )  # fmt: skip
        term = current.get(key)
        if term is not None:
            merged = replace(data, **{f: getattr(term, f) for f in TERM_FIELDS if f not in carried})
            if merged != TermData.of(term):
                changed.append((term.pk, merged))
            continue
        if data.usage == Usage.PREFERRED:
            holder = next((t for t in existing.get(key, ()) if t.status == Status.APPROVED
                           and t.usage == Usage.PREFERRED
                           and (concept is None or t.concept_id != concept.pk)), None)  # fmt: skip
            if holder is not None:
                return conflict_message(data.text, data.language, holder.concept)
        new_terms.append(data)
    if concept is None:
        return PlanItem(
            row=p.row, where=p.where, action="create", label=label_for(p.terms),
            definition=p.definition, subject=p.subject.lower(), external_url=p.external_url,
            new_terms=tuple(new_terms),
        )  # fmt: skip
    concept_changes = {
        name: (getattr(concept, name), value)
        for name, value in (("definition", p.definition), ("subject", p.subject.lower()),
                            ("external_url", p.external_url))
        if value and value != getattr(concept, name)
    }  # fmt: skip
    held_back: dict[str, tuple[str, str]] = {}
    if not concept_edits and concept_changes:
        held_back, concept_changes = concept_changes, {}
        if not new_terms and not changed:
            names = [_FIELD_NAMES[name] for name in held_back]
            return Text(
                gettext_noop(
                    "Only editors can change a concept's %(names)s, and this row changes "
                    "nothing else. Ask an editor to make it."
                ),
                names=names,
            )
    action: Action = "update" if new_terms or changed or concept_changes else "unchanged"
    return PlanItem(
        row=p.row, where=p.where, action=action, label=str(concept), concept_id=concept.pk,
        new_terms=tuple(new_terms), changed_terms=tuple(changed),
        concept_changes=concept_changes, held_back=held_back,
    )  # fmt: skip


_FIELD_NAMES = {
    "definition": Text(gettext_noop("definition")),
    "subject": Text(gettext_noop("subject")),
    "external_url": Text(gettext_noop("URL")),
}


def message_of(exc: BaseException) -> str:
    """The refusal's message, keeping its msgid and parameters when it has them (``Text``)."""
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Text) else str(exc)
