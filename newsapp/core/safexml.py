"""The one path for XML from users (TBX, TMX, XLIFF): size limit → entity check → root check.

defusedxml parses first and refuses, with a message a person can act on, entity declarations
(the "billion laughs" expansion) and external entities (which could read files or reach
servers). A plain ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (no entities) is accepted. Only then
may another parser (translate-toolkit's lxml) read the bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # for ParseError and the Element type only

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException, EntitiesForbidden

from newsapp.core.errors import ServiceError


class UnsafeXMLError(ServiceError, ValueError):
    """The file is too large, not well-formed XML, declares entities, or is not the expected
    kind of document; the message says which."""


def xml_check(data: bytes) -> ET.Element:
    """Parse ``data`` safely and return the root element, or raise UnsafeXMLError."""
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        return root
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
    except ET.ParseError as exc:
        raise UnsafeXMLError(f"Not well-formed XML: {exc}.") from None


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
