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

from newsapp.core.errors import ServiceError

#: Deepest element nesting accepted in a user's file (TBX, TMX and XLIFF need fewer than 10).
MAX_DEPTH = 64

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
                f"The file declares an external entity (“{exc.name}” → {exc.sysid or exc.pubid})."
                " External entities are refused: they can read files or reach servers."
            ) from None
        raise UnsafeXMLError(
            f"The file declares the XML entity “{exc.name}”. Entity declarations are refused "
            "(they can make a small file expand into gigabytes); remove them from the DOCTYPE."
        ) from None
    except DefusedXmlException as exc:
        raise UnsafeXMLError(f"Refused unsafe XML: {exc}.") from None
    except (LookupError, ValueError) as exc:  # an unknown or multi-byte declared encoding
        raise UnsafeXMLError(
            f"The encoding the file declares cannot be read ({exc}). Save it as UTF-8."
        ) from None
    except ET.ParseError as exc:
        raise UnsafeXMLError(f"Not well-formed XML: {exc}.") from None
    depth_check(root)
    return root


def depth_check(root: ET.Element, *, limit: int = MAX_DEPTH) -> None:
    """Refuse a tree nested deeper than ``limit`` elements (walked with a stack, no recursion)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            raise UnsafeXMLError(
                f"The file nests elements more than {limit} levels deep "
                f"(<{local_name(element.tag)}> and its parents). Such files are refused; no "
                "TBX, TMX or XLIFF needs that."
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
        raise UnsafeXMLError(f"The file is larger than {max_bytes // 2**20} MB.")
    element = xml_check(data)
    if local_name(element.tag) not in roots:
        raise UnsafeXMLError(f"Not {kind}: the root element is <{local_name(element.tag)}>.")
    return element


def local_name(tag: object) -> str:
    """ "{urn:…}trans-unit" → "trans-unit"."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
