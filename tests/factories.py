"""factory_boy factories, one per model."""

from __future__ import annotations

import factory
from django.contrib.auth.models import User

from newsapp.articles.models import Article, Translation

STORY = (
    "The United States on Tuesday urged North Korea to cease its provocations. "
    "Pentagon Press Secretary John Kirby said Pyongyang's launches threaten the region.\n\n"
    "The UN Security Council is expected to meet on Wednesday. "
    "China has influence over Pyongyang, Kirby said. It should use it.\n\n"
    "President Joe Biden spoke with allies in Seoul and Tokyo, Yonhap reported."
)
STORY_SENTENCES = 6
STORY_PARAGRAPHS = 3


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Story {n}")
    source_text = STORY
    source_language = "en"
    author = factory.SubFactory(UserFactory)


class TranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Translation

    article = factory.SubFactory(ArticleFactory)
    target_language = "ko"
    engine = "fake"
