"""IPTC ninjs (News in JSON) in and out.

Reads ninjs 2.x (``headlines``, ``bodies``, ``by``) and the 1.x field names (``headline``,
``body_html``/``body_text``, ``byline``). Writes ninjs 2.2: the translated headline and
body (plain text and HTML), language, ``versioncreated``, and the original as an
association named "original".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from newsapp.intake.htmlblocks import blocks_from_html
from newsapp.intake.inline import escape_inline, parse_inline
from newsapp.intake.model import Block, BlockKind, Document, IntakeError, assemble
from newsapp.intake.textfile import blocks_from_text, decode_text, split_paragraphs
from newsapp.intake.webpage import blocks_html

NINJS_VERSION = "2.2"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/nitf+xml")


# --- Reading ------------------------------------------------------------------------------


def _string(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _pick(entries: object, preferred_roles: tuple[str, ...]) -> Mapping[str, Any] | None:
    candidates = [e for e in entries if isinstance(e, Mapping)] if isinstance(entries, list) else []
    candidates = [e for e in candidates if isinstance(e.get("value"), str) and e["value"].strip()]
    for role in preferred_roles:
        for entry in candidates:
            if entry.get("role") == role:
                return entry
    return candidates[0] if candidates else None


def _is_html(contenttype: str, value: str) -> bool:
    return contenttype.split(";")[0].strip().lower() in _HTML_TYPES or (
        not contenttype and value.lstrip().startswith("<")
    )


def _body_blocks(value: str, *, html: bool) -> list[Block]:
    if html:
        return blocks_from_html(value)
    return blocks_from_text(split_paragraphs(value))


def _datetime(value: str, notes: list[str]) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        notes.append(f"The time “{value}” (versioncreated) was not understood; it was left out.")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_ninjs(data: bytes | str) -> Document:
    """A ninjs news item (2.x or 1.x field names)."""
    text = data if isinstance(data, str) else decode_text(data).text
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IntakeError(
            f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise IntakeError("This JSON file is nested too deeply to be a news item.") from None
    if not isinstance(item, dict):
        raise IntakeError("This JSON file is not a ninjs news item (it is not an object).")
    notes: list[str] = []
    headline = ""
    blocks: list[Block] = []
    if "headlines" in item or "bodies" in item:  # ninjs 2.x and 3.x
        entry = _pick(item.get("headlines"), ("main", "default", "simple"))
        if entry is not None:
            headline = escape_inline(" ".join(entry["value"].split()))
        html = _pick(
            [
                b
                for b in item.get("bodies") or []
                if isinstance(b, Mapping)
                and _is_html(str(b.get("contenttype") or ""), str(b.get("value") or ""))
            ],
            ("richtext", "main", "html"),
        )
        plain = _pick(item.get("bodies"), ("main", "plain", "text"))
        if html is not None:
            blocks = _body_blocks(html["value"], html=True)
        elif plain is not None:
            blocks = _body_blocks(plain["value"], html=False)
        byline = _string(item, "by")
        if not blocks:
            description = _pick(item.get("descriptions"), ("text", "summary", "main"))
            if description is not None:
                blocks = _body_blocks(
                    description["value"],
                    html=_is_html(str(description.get("contenttype") or ""), description["value"]),
                )
                notes.append("The item has no body: its description was used as the text.")
    else:  # ninjs 1.x: headline, headline_<role>, body_<format or role>
        roles = sorted(k for k in item if k.startswith("headline_") and k != "headline_main")
        text = next(
            (_string(item, k) for k in ["headline", "headline_main", *roles] if _string(item, k)),
            "",
        )
        headline = escape_inline(" ".join(text.split())) if text else ""
        bodies = [k for k in item if k.startswith("body_") and _string(item, k)]
        html_keys = sorted(
            (k for k in bodies if _is_html("", item[k])),
            key=lambda k: ("html" not in k and "richtext" not in k, k),
        )
        text_keys = sorted(
            (k for k in bodies if k not in html_keys),
            key=lambda k: (k not in ("body_text", "body_main"), k),
        )
        if html_keys:
            blocks = _body_blocks(item[html_keys[0]], html=True)
        elif text_keys:
            blocks = _body_blocks(item[text_keys[0]], html=False)
        byline = _string(item, "byline")
    if not headline and not blocks:
        raise IntakeError(
            "This JSON file is not a ninjs news item: it has no headline and no body "
            "(ninjs 2: “headlines”, “bodies”; ninjs 1: “headline”, “body_text”, “body_html”)."
        )
    return assemble(
        blocks,
        headline=headline,
        byline=byline,
        located=_string(item, "located"),
        language=_string(item, "language"),
        slug=_string(item, "slugline"),
        versioncreated=_datetime(_string(item, "versioncreated"), notes),
        source_uri=_string(item, "uri"),
        notes=notes,
    )


# --- Writing ------------------------------------------------------------------------------


def body_text(document: Document) -> str:
    """Plain text: paragraphs a blank line apart; list items as "- " or "1. " lines."""
    chunks: list[str] = []
    numbers: dict[int, int] = {}
    previous: Block | None = None
    for block in document.body_blocks():
        plain = parse_inline(block.text).plain
        if block.kind is BlockKind.LIST_ITEM:
            for deeper in [d for d in numbers if d > block.depth]:
                del numbers[deeper]
            numbers[block.depth] = numbers.get(block.depth, 0) + 1 if block.ordered else 0
            marker = f"{numbers[block.depth]}." if block.ordered else "-"
            line = "  " * block.depth + f"{marker} {plain}"
            if previous is not None and previous.kind is BlockKind.LIST_ITEM:
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
        else:
            numbers.clear()
            chunks.append(plain)
        previous = block
    return "\n\n".join(chunks)


def _timestamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_ninjs(
    document: Document,
    *,
    uri: str,
    original_uri: str = "",
    original_language: str = "",
    original_headline: str = "",
    versioncreated: datetime | None = None,
) -> dict[str, Any]:
    """A ninjs 2.2 item for ``document`` (a translation), identified by ``uri``.

    ``original_uri`` (with its language and headline) links the item to the story it was
    translated from, as an association named "original". ``versioncreated`` defaults to the
    document's own, then to now.
    """
    text = body_text(document)
    html = "\n".join(blocks_html(document.body_blocks()))
    created = versioncreated or document.versioncreated or datetime.now(UTC)
    item: dict[str, Any] = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full",
        "versioncreated": _timestamp(created),
    }
    if document.language:
        item["language"] = document.language
    if document.headline:
        item["headlines"] = [
            {"role": "main", "contenttype": "text/plain", "value": document.headline_plain}
        ]
    item["bodies"] = [
        {
            "role": "main",
            "contenttype": "text/plain",
            "value": text,
            "charcount": len(text),
            "wordcount": len(text.split()),
        },
        {"role": "richtext", "contenttype": "text/html", "value": html},
    ]
    if document.byline:
        item["by"] = document.byline
    if document.located:
        item["located"] = document.located
    if document.slug:
        item["slugline"] = document.slug
    if original_uri:
        original: dict[str, Any] = {"name": "original", "uri": original_uri, "type": "text"}
        if original_language:
            original["language"] = original_language
        if original_headline:
            original["headlines"] = [{"role": "main", "value": original_headline}]
        item["associations"] = [original]
    return item


def ninjs_json(document: Document, **options: Any) -> str:
    """:func:`write_ninjs` as UTF-8 JSON text."""
    return json.dumps(write_ninjs(document, **options), ensure_ascii=False, indent=2) + "\n"
