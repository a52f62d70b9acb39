"""Wire intake: read stories from the formats newsrooms use, write translations back out.

Pure Python (no Django, no project app): readers return a neutral :class:`Document`,
writers take one. Feeds live in ``newsapp.intake.feeds`` (the only module that makes
HTTP requests). See ``docs/intake.md``.
"""

from newsapp.intake.cleanup import Cleaned, DroppedLine, clean_pasted_text
from newsapp.intake.docx_format import read_docx, write_docx
from newsapp.intake.inline import (
    InlineTag,
    InlineText,
    Masked,
    TagKind,
    Unmasked,
    escape_inline,
    join_inline,
    mask,
    normalise,
    parse_inline,
    plain_text,
    render_inline,
    text_to_html,
    unmask,
)
from newsapp.intake.markdown_format import read_markdown, write_markdown
from newsapp.intake.model import (
    Block,
    BlockKind,
    Document,
    IntakeError,
    content_hash,
    split_dateline,
)
from newsapp.intake.ninjs import body_text, ninjs_json, read_ninjs, write_ninjs
from newsapp.intake.textfile import Decoded, decode_text, read_text, text_document
from newsapp.intake.upload import DEFAULT_MAX_BYTES, SUPPORTED_EXTENSIONS, read_upload
from newsapp.intake.webpage import is_rtl, read_html, read_mhtml, write_html

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "Block",
    "BlockKind",
    "Cleaned",
    "Decoded",
    "Document",
    "DroppedLine",
    "InlineTag",
    "InlineText",
    "IntakeError",
    "Masked",
    "TagKind",
    "Unmasked",
    "body_text",
    "clean_pasted_text",
    "content_hash",
    "decode_text",
    "escape_inline",
    "is_rtl",
    "join_inline",
    "mask",
    "ninjs_json",
    "normalise",
    "parse_inline",
    "plain_text",
    "read_docx",
    "read_html",
    "read_markdown",
    "read_mhtml",
    "read_ninjs",
    "read_text",
    "read_upload",
    "render_inline",
    "split_dateline",
    "text_document",
    "text_to_html",
    "unmask",
    "write_docx",
    "write_html",
    "write_markdown",
    "write_ninjs",
]
