"""Text from people and files, made safe to store and to write into any export.

``text_clean`` removes the C0 control characters (all but tab, newline and carriage return),
the non-characters U+FFFE and U+FFFF, and lone surrogates (which JSON can carry): none of them
is allowed in XML 1.0, so an XLIFF, TBX, TMX or DOCX holding one is not well-formed, and none
means anything in a news text. Applied on every input path (forms, imports, the API) and again
in every export, so data stored before this rule never breaks a file or a page.
"""

from __future__ import annotations

import re
from typing import Any

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text_clean(value: str) -> str:
    """``value`` without the characters XML cannot hold (tab, newline, CR kept)."""
    return _FORBIDDEN.sub("", value)


def text_has_forbidden(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def data_clean(value: Any) -> Any:
    """``text_clean`` through nested lists, tuples and dicts (keys too); other values kept."""
    if isinstance(value, str):
        return text_clean(value)
    if isinstance(value, dict):
        return {data_clean(k): data_clean(v) for k, v in value.items()}
    if type(value) in (list, tuple):  # exactly: a named tuple keeps its values as they are
        return type(value)(data_clean(v) for v in value)
    return value
