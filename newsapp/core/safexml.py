"""The one path for XML from users (TBX, TMX, XLIFF): size limit → entity check → nesting
depth → root check.

defusedxml parses first and refuses, with a message a person can act on, entity declarations
(the "billion laughs" expansion) and external entities (which could read files or reach
servers). A plain ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (no entities) is accepted. Only then
may another parser (translate-toolkit's lxml) read the bytes. Elements nested deeper than
``MAX_DEPTH`` are refused (the tree is measured without recursion): no reader of ours, or of
a library, can then recurse into a stack overflow. ``xml_bytes_clean`` removes the control
characters XML cannot hold before any parser sees the bytes (see ``newsapp.core.sanitize``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # for ParseError and the Element type only

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException, EntitiesForbidden
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsapp.core.errors import ServiceError

#: Deepest element nesting accepted in a user's file (TBX, TMX and XLIFF need fewer than 10).
MAX_DEPTH = 64

#: The ``kind`` names callers pass to ``xml_upload``, in the active language.
_KINDS = {
    "an XLIFF file": gettext_lazy("an XLIFF file"),
    "a TMX file": gettext_lazy("a TMX file"),
    "a TBX file": gettext_lazy("a TBX file"),
}

_FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


class UnsafeXMLError(ServiceError, ValueError):
    """The file is too large, not well-formed XML, declares entities, or is not the expected
    kind of document; the message says which."""


def xml_check(data: bytes) -> ET.Element:
    """Parse ``data`` safely and return the root element, or raise UnsafeXMLError."""
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise UnsafeXMLError(
                _(
                    "The file declares an external entity (“%(name)s” → %(target)s). External "
                    "entities are refused: they can read files or reach servers."
                )
                % {"name": exc.name, "target": exc.sysid or exc.pubid}
            ) from None
        raise UnsafeXMLError(
            _(
                "The file declares the XML entity “%(name)s”. Entity declarations are refused "
                "(they can make a small file expand into gigabytes); remove them from the "
                "DOCTYPE."
            )
            % {"name": exc.name}
        ) from None
    except DefusedXmlException as exc:
        raise UnsafeXMLError(_("Refused unsafe XML: %(error)s.") % {"error": exc}) from None
    except (LookupError, ValueError) as exc:  # an unknown or multi-byte declared encoding
        raise UnsafeXMLError(
            _("The encoding the file declares cannot be read (%(error)s). Save it as UTF-8.")
            % {"error": exc}
        ) from None
    except ET.ParseError as exc:
        raise UnsafeXMLError(_("Not well-formed XML: %(error)s.") % {"error": exc}) from None
    depth_check(root)
    return root


def depth_check(root: ET.Element, *, limit: int = MAX_DEPTH) -> None:
    """Refuse a tree nested deeper than ``limit`` elements (walked with a stack, no recursion)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            raise UnsafeXMLError(
                _(
                    "The file nests elements more than %(limit)s levels deep "
                    "(<%(element)s> and its parents). Such files are refused; no "
                    "TBX, TMX or XLIFF needs that."
                )
                % {"limit": limit, "element": local_name(element.tag)}
            )
        stack.extend((child, depth + 1) for child in element)


def xml_bytes_clean(data: bytes) -> bytes:
    """``data`` without the control characters (all but tab, LF, CR) and U+FFFE/U+FFFF that
    XML cannot hold, for UTF-8 and other ASCII-compatible encodings; UTF-16 and UTF-32
    (a byte-order mark or NUL bytes up front) are left to the parser to judge."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        return data
    return _FORBIDDEN_BYTES.sub(b"", data)


def xml_upload(data: bytes, *, max_bytes: int, roots: tuple[str, ...], kind: str) -> ET.Element:
    """Check an uploaded XML file: at most ``max_bytes``, safe, and rooted at one of ``roots``
    (local names). ``kind`` names the format in messages ("a TMX file"). Returns the root."""
    if len(data) > max_bytes:
        raise UnsafeXMLError(
            _("The file is larger than %(limit)s MB.") % {"limit": max_bytes // 2**20}
        )
    element = xml_check(data)
    if local_name(element.tag) not in roots:
        raise UnsafeXMLError(
            _("Not %(kind)s: the root element is <%(root)s>.")
            % {"kind": _KINDS.get(kind, kind), "root": local_name(element.tag)}
        )
    return element


def local_name(tag: object) -> str:
    """ "{urn:…}trans-unit" → "trans-unit"."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
