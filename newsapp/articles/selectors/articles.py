"""Reads for articles and translations, with the related rows they need."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from glossary.sources import SourceRef
from newsapp.articles import text as text_utils
from newsapp.articles.models import Article, Segment, Translation


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("author").prefetch_related(
        Prefetch("translations", queryset=Translation.objects.order_by("target_language"))
    )


def article_search(
    *,
    status: str = "",
    source_language: str = "",
    target_language: str = "",
    author: str = "",
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    q: str = "",
) -> QuerySet[Article]:
    """``article_list`` narrowed by every filter given: status, source language, a target
    language among its translations, the author's user name, creation time (after is
    inclusive, before exclusive) and words that must all appear in the title or the text."""
    articles = article_list()
    if status:
        articles = articles.filter(status=status)
    if source_language:
        articles = articles.filter(source_language=source_language)
    if target_language:
        translated = Translation.objects.filter(
            article_id=OuterRef("pk"), target_language=target_language
        )
        articles = articles.filter(Exists(translated))
    if author:
        articles = articles.filter(author__username=author)
    if created_after is not None:
        articles = articles.filter(created_at__gte=created_after)
    if created_before is not None:
        articles = articles.filter(created_at__lt=created_before)
    for word in q.split():
        articles = articles.filter(Q(title__icontains=word) | Q(source_text__icontains=word))
    return articles


def _flagged_segments() -> Prefetch:
    return Prefetch(
        "segments",
        queryset=Segment.objects.filter(flagged=True).order_by("order"),
        to_attr="flagged_segments",
    )


def article_get(*, pk: int) -> Article:
    translations = Translation.objects.prefetch_related(_flagged_segments())
    return get_object_or_404(
        Article.objects.select_related("author").prefetch_related(
            Prefetch("translations", queryset=translations)
        ),
        pk=pk,
    )


def translation_get(*, pk: int) -> Translation:
    return get_object_or_404(
        Translation.objects.select_related("article").prefetch_related(_flagged_segments()),
        pk=pk,
    )


def translation_segments(*, translation: Translation) -> QuerySet[Segment]:
    return translation.segments.order_by("order")


def translation_text(*, translation: Translation) -> str:
    """The assembled target text, paragraphs as in the source."""
    rows = translation_segments(translation=translation).values_list(
        "paragraph_index", "target_text", "separator"
    )
    return text_utils.assemble(rows)


def article_reference(article_id: int) -> SourceRef | None:
    """The article as the glossary sees a proposal's source (``GLOSSARY_SOURCE_RESOLVER``)."""
    found = Article.objects.filter(pk=article_id).values_list("title", "source_language").first()
    if found is None:
        return None
    title, language = found
    return SourceRef(
        id=article_id,
        title=title,
        url=reverse("articles:detail", args=[article_id]),
        language=language,
    )
