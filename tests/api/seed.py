"""A small desk for API runs: a finished translation, an approved concept, a memory entry,
a webhook and a token for each persona."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.api.services import tokens, webhooks
from newsapp.articles.models import Article, Translation
from newsapp.articles.services import intake, pipeline
from newsapp.memory.services import memory_record


def seed_desk(*, editor: User, translator: User, webhook_url: str) -> dict[str, Any]:
    """Everything the fuzzer's operations can reach; engines must include "fake"."""
    term_services.concept_propose(
        user=editor, terms=[TermData("en", "Pyongyang"), TermData("ko", "평양")], approve=True
    )
    article = intake.article_create(
        author=translator, title="Talks", source_language="en", target_languages=["ko", "ja"],
        text="Pyongyang fired a missile. Seoul condemned it.\n\nThe UN will meet.",
    )  # fmt: skip
    for translation in Translation.objects.filter(article=article):
        pipeline.translation_run(translation_id=translation.pk, worker="seed")
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
    memory_record(
        source_text="Seoul condemned it.", target_text="서울은 이를 규탄했다.",
        source_language="en", target_language="ko", user=translator, article_id=article.pk,
    )  # fmt: skip
    webhooks.webhook_create(user=editor, url=webhook_url, events=["translation.done"])
    _, editor_token = tokens.token_create(user=editor, name="fuzz")
    _, translator_token = tokens.token_create(user=translator, name="fuzz")
    return {"article": article, "editor_token": editor_token,
            "translator_token": translator_token}  # fmt: skip
