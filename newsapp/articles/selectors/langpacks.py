"""Reads for the language-packs page: pairs from every engine, Argos packs, recent uploads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from newsapp.articles.models import LanguagePackUpload
from newsapp.core.languages import label as language_label
from newsapp.mt import argos, registry

RECENT_UPLOADS = 10


def pair_rows() -> list[dict[str, Any]]:
    return [
        {
            "source": language_label(o.source),
            "target": language_label(o.target),
            "engines": o.engines,
        }
        for o in registry.available_pairs()
    ]


def argos_packages() -> list[dict[str, str]]:
    return [
        {
            "source": p.source,
            "target": p.target,
            "label": f"{language_label(p.source)} → {language_label(p.target)}",
            "version": p.version,
            "folder": p.path.name,
        }
        for p in argos.installed_packages()
    ]


def recent_uploads() -> QuerySet[LanguagePackUpload]:
    return LanguagePackUpload.objects.select_related("uploaded_by")[:RECENT_UPLOADS]


def max_upload_mb() -> int:
    return int(settings.ARGOS_MAX_DOWNLOAD_MB)
