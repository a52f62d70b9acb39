"""Thin views: ``articles`` (intake, list, detail, progress), ``editor`` (the segment editor and
approval) and ``exports`` (downloads, XLIFF exchange)."""
