"""One person cannot fill the workers for everyone (issue 20, finding 4): a new article that
would take the author's queued sentences over USER_QUEUED_SENTENCES_MAX is refused, with the
numbers, and accepted again once some of the work has finished or been cancelled."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from newsapp.articles.models import Article, Translation
from newsapp.articles.services import intake, workflow
from newsapp.core.errors import ServiceError

THREE = "Pyongyang fired a missile. Seoul condemned it.\n\nThe UN will meet on Friday."


def _submit(author: User, targets: list[str]) -> Article:
    return intake.article_create(
        author=author, title="", text=THREE, source_language="en", target_languages=targets
    )


@pytest.mark.django_db
def test_a_person_over_the_limit_is_refused_with_the_numbers(
    translator: User, editor: User, settings: Any, fake_engine: object
) -> None:
    settings.USER_QUEUED_SENTENCES_MAX = 7
    first = _submit(translator, ["ko", "es"])  # 3 sentences into two languages: 6 waiting
    assert intake.queued_sentences(author=translator) == 6
    assert set(first.translations.values_list("segments_total", flat=True)) == {3}
    with pytest.raises(ServiceError) as refused:
        _submit(translator, ["ko"])
    assert "6 sentences waiting" in str(refused.value)
    assert "would add 3" in str(refused.value)
    assert "limit is 7" in str(refused.value)
    assert Article.objects.count() == 1  # nothing saved
    # Someone else is not held back by this translator's queue.
    _submit(editor, ["ko"])
    # Cancelling one language frees its sentences.
    workflow.translation_cancel(translation=first.translations.get(target_language="es"))
    assert intake.queued_sentences(author=translator) == 3
    second = _submit(translator, ["ko"])
    assert second.translations.get().status == Translation.Status.QUEUED


@pytest.mark.django_db
def test_no_limit_when_set_to_zero(translator: User, settings: Any, fake_engine: object) -> None:
    settings.USER_QUEUED_SENTENCES_MAX = 0
    for _ in range(3):
        _submit(translator, ["ko", "es"])
    assert intake.queued_sentences(author=translator) == 18
