"""Intake: check a submitted article, save it with one queued translation per target
language, and publish the wake-ups after commit."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsapp import queue
from newsapp.articles import text as text_utils
from newsapp.articles.langdetect import detect
from newsapp.articles.models import Article, Translation
from newsapp.articles.services.candidates import candidates_enqueue
from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.sanitize import text_clean
from newsapp.core.users import AccountUser
from newsapp.intake.model import IntakeError
from newsapp.intake.ninjs import body_text, read_ninjs
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, UnsupportedPairError

logger = logging.getLogger(__name__)

Status = Translation.Status

#: Published by name: services never import tasks (tasks import services).
RUN_TASK = "newsapp.articles.tasks.translation_run_task"


def detect_source_language(*, text: str) -> str:
    candidates = {offer.source for offer in registry.available_pairs()}
    if not candidates:
        raise ServiceError(
            "No translation engine is installed, so the language cannot be detected. "
            "Install a language pack (python manage.py langpacks install en ko)."
        )
    found = detect(text, candidates)
    if found is None:
        raise ServiceError("Could not detect the source language; please choose it.")
    return found


def article_create(
    *,
    author: AccountUser,
    title: str,
    text: str,
    source_language: str,
    target_languages: Sequence[str],
    engine: str = "",
) -> Article:
    """Save an article and queue one translation per target language."""
    text = text_utils.normalise(text).strip()
    if not text:
        raise ServiceError("The article is empty.")
    if len(text) > settings.ARTICLE_MAX_CHARS:
        raise ServiceError(
            f"The article has {len(text):,} characters; the limit is "
            f"{settings.ARTICLE_MAX_CHARS:,} (ARTICLE_MAX_CHARS)."
        )
    if source_language == "detect":
        source_language = detect_source_language(text=text)
    targets = [t for t in dict.fromkeys(target_languages) if t != source_language]
    if not targets:
        raise ServiceError("Choose at least one target language different from the source.")
    engines: dict[str, MTEngine] = {}
    for target in targets:
        try:
            engines[target] = registry.engine_for_pair(source_language, target, engine)
        except UnsupportedPairError as exc:
            raise ServiceError(str(exc)) from None
    with transaction.atomic():
        article = Article.objects.create(
            title=text_clean(title).strip() or text_utils.paragraphs(text)[0][:80],
            source_text=text,
            source_language=source_language,
            author=author,
            status=Article.Status.TRANSLATING,
        )
        for target in targets:
            translation = Translation.objects.create(
                article=article,
                target_language=target,
                requested_engine=engine,
                engine=engines[target].name,
            )
            transaction.on_commit(partial(translation_enqueue, translation_id=translation.pk))
        # Term candidates for the glossary queue, in the background (never fails intake).
        transaction.on_commit(partial(candidates_enqueue, article_id=article.pk))
    return article


@dataclass(frozen=True)
class SourceStory:
    """What intake needs from a story received in a wire format."""

    title: str
    text: str
    #: The base language the item declares ("en" for "en-US"), or "" when it declares none.
    language: str


def ninjs_story(*, data: bytes | str) -> SourceStory:
    """The headline, plain text (paragraphs a blank line apart) and language of an IPTC ninjs
    item, read by ``newsapp.intake.ninjs``; ServiceError with the reader's message."""
    try:
        document = read_ninjs(data)
    except IntakeError as exc:
        raise ServiceError(str(exc)) from None
    try:
        language = languages.normalise_base(document.language) if document.language else ""
    except languages.LanguageError:
        language = ""
    return SourceStory(title=document.headline_plain, text=body_text(document), language=language)


def translation_enqueue(*, translation_id: int) -> bool:
    """Publish a wake-up for a queued translation (after commit). False if Redis is down."""
    published = queue.publish(RUN_TASK, translation_id)
    if published:
        Translation.objects.filter(pk=translation_id).update(enqueued_at=timezone.now())
    return published
