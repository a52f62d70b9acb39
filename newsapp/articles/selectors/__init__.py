"""Reads for articles and translations: ``articles`` (lists, detail, progress cards) and
``editor`` (the segment editor, history, suggestions, approval)."""
