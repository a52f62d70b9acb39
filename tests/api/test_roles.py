"""One permission layer: every operation, as a page and through the API, for each persona.

One table: each row is an operation with its page request, its API request and the role it
needs. The pages answer anonymous visitors with the login redirect and the API with 401;
an account in neither desk group, and a translator asking for an editor's operation, get
403 from both; everyone allowed succeeds in both (from the same desk: the page's change is
rolled back before the API call).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from glossary.models import Concept, Term
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.api.services import tokens
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services import intake, pipeline
from newsapp.core.roles import TRANSLATORS

pytestmark = pytest.mark.django_db

DESK, EDITOR = "desk", "editor"


@dataclass(frozen=True)
class World:
    article: Article
    translation: Translation
    segment: Segment
    concept: Concept
    proposed: Term


Request = Callable[[World], tuple[str, str, dict[str, Any]]]


@dataclass(frozen=True)
class Row:
    name: str
    role: str
    page: Request
    page_ok: int
    api: Request
    api_ok: int


def _story(world: World) -> dict[str, Any]:
    return {"text": "Seoul said so.", "source_language": "en", "target_languages": ["ko"]}


ROWS = [
    Row("list articles", DESK,
        lambda w: ("get", "/", {}), 200,
        lambda w: ("get", "/api/v1/articles/", {}), 200),
    Row("read an article", DESK,
        lambda w: ("get", f"/{w.article.pk}/", {}), 200,
        lambda w: ("get", f"/api/v1/articles/{w.article.pk}/", {}), 200),
    Row("submit an article", DESK,
        lambda w: ("post", "/new/", _story(w)), 302,
        lambda w: ("post", "/api/v1/articles/", _story(w)), 201),
    Row("read a translation", DESK,
        lambda w: ("get", f"/translations/{w.translation.pk}/text/", {}), 200,
        lambda w: ("get", f"/api/v1/translations/{w.translation.pk}/", {}), 200),
    Row("export XLIFF", DESK,
        lambda w: ("get", f"/exports/translations/{w.translation.pk}/download/xliff/", {}), 200,
        lambda w: ("get", f"/api/v1/translations/{w.translation.pk}/export/xliff/", {}), 200),
    Row("edit a sentence", DESK,
        lambda w: ("post", f"/segments/{w.segment.pk}/save/",
                   {"text": "새 문장.", "version": w.segment.version, "action": "save"}), 302,
        lambda w: ("put", f"/api/v1/segments/{w.segment.pk}/",
                   {"text": "새 문장.", "version": w.segment.version}), 200),
    Row("approve an article", EDITOR,
        lambda w: ("post", f"/articles/{w.article.pk}/approve/", {}), 302,
        lambda w: ("post", f"/api/v1/articles/{w.article.pk}/approve/", {}), 200),
    Row("browse the glossary", DESK,
        lambda w: ("get", "/glossary/", {}), 200,
        lambda w: ("get", "/api/v1/glossary/concepts/", {}), 200),
    Row("propose a term", DESK,
        lambda w: ("post", f"/glossary/concepts/{w.concept.pk}/terms/new/",
                   {"language": "ja", "text": "安保理", "usage": "preferred",
                    "term_type": "fullForm"}), 302,
        lambda w: ("post", f"/api/v1/glossary/concepts/{w.concept.pk}/terms/",
                   {"language": "ja", "text": "安保理"}), 201),
    Row("edit a concept", EDITOR,
        lambda w: ("post", f"/glossary/concepts/{w.concept.pk}/edit/",
                   {"definition": "The UN body.", "subject": "diplomacy",
                    "external_url": ""}), 302,
        lambda w: ("patch", f"/api/v1/glossary/concepts/{w.concept.pk}/",
                   {"definition": "The UN body."}), 200),
    Row("see the review queue", EDITOR,
        lambda w: ("get", "/glossary/review/", {}), 200,
        lambda w: ("get", "/api/v1/glossary/review/", {}), 200),
    Row("approve a term", EDITOR,
        lambda w: ("post", f"/glossary/terms/{w.proposed.pk}/review/",
                   {"decision": "approve"}), 302,
        lambda w: ("post", f"/api/v1/glossary/terms/{w.proposed.pk}/approve/", {}), 200),
    Row("reject a term", EDITOR,
        lambda w: ("post", f"/glossary/terms/{w.proposed.pk}/review/",
                   {"decision": "reject"}), 302,
        lambda w: ("post", f"/api/v1/glossary/terms/{w.proposed.pk}/reject/", {}), 200),
    Row("search the memory", DESK,
        lambda w: ("get", "/memory/", {}), 200,
        lambda w: ("get", "/api/v1/memory/entries/", {}), 200),
    Row("see language pairs", DESK,
        lambda w: ("get", "/language-packs/", {}), 200,
        lambda w: ("get", "/api/v1/language-pairs/", {}), 200),
    Row("manage webhooks", EDITOR,
        lambda w: ("get", "/account/webhooks/", {}), 200,
        lambda w: ("get", "/api/v1/webhooks/", {}), 200),
    Row("register a webhook", EDITOR,
        lambda w: ("post", "/account/webhooks/",
                   {"url": "http://127.0.0.1:9/h", "events": ["translation.done"],
                    "active": "on"}), 302,
        lambda w: ("post", "/api/v1/webhooks/",
                   {"url": "http://127.0.0.1:9/h", "events": ["translation.done"]}), 201),
]  # fmt: skip

PERSONAS = ["anonymous", "outsider", "translator", "editor"]


def _expected(row: Row, persona: str, page: bool) -> int:
    if persona == "anonymous":
        return 302 if page else 401
    allowed = persona == "editor" or (persona == "translator" and row.role == DESK)
    if not allowed:
        return 403
    return row.page_ok if page else row.api_ok


@pytest.fixture
def world(translator: User, editor: User, fake_engine: object) -> World:
    article = intake.article_create(
        author=translator, title="Talks", text="The ministers met in Seoul.",
        source_language="en", target_languages=["ko"],
    )  # fmt: skip
    translation = article.translations.get()
    pipeline.translation_run(translation_id=translation.pk, worker="roles")
    concept = term_services.concept_propose(
        user=editor, terms=[TermData("en", "Security Council"), TermData("ko", "안보리")],
        approve=True,
    )  # fmt: skip
    proposed = term_services.term_propose(
        user=translator, concept=concept, data=TermData("es", "Consejo de Seguridad")
    )
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    body = translation.segments.exclude(kind=Segment.Kind.HEADLINE).get()  # "Talks" is segment 0
    return World(article, translation, body, concept, proposed)


def _clients(persona: str, users: dict[str, User]) -> tuple[Client, APIClient]:
    page, api = Client(), APIClient()
    if persona == "anonymous":
        return page, api
    user = users[persona]
    if persona == "outsider":  # a translator who left the desk keeps a token that no longer works
        user.groups.add(Group.objects.get_or_create(name=TRANSLATORS)[0])
        _, raw = tokens.token_create(user=User.objects.get(pk=user.pk), name="old")
        user.groups.clear()
    else:
        _, raw = tokens.token_create(user=user, name="matrix")
    page.force_login(user)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return page, api


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_page_and_the_api_allow_the_same_people(
    row: Row, persona: str, world: World, translator: User, editor: User, outsider: User,
    settings: Any,
) -> None:  # fmt: skip
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    page, api = _clients(persona, {"translator": translator, "editor": editor,
                                   "outsider": outsider})  # fmt: skip
    with transaction.atomic():  # the page's change is undone: the API starts from the same desk
        method, path, data = row.page(world)
        response = getattr(page, method)(path, data)
        transaction.set_rollback(True)
    assert response.status_code == _expected(row, persona, page=True), (
        path, response.content[:300]
    )  # fmt: skip
    if persona == "anonymous":
        assert "/login/" in response["Location"]

    method, path, data = row.api(world)
    response = getattr(api, method)(path, data, format="json")
    expected = _expected(row, persona, page=False)
    assert response.status_code == expected, (path, response.content[:300])
    if expected in (401, 403):
        body = response.json()
        assert body["status"] == expected
        assert body["code"] in ("not_authenticated", "permission_denied")
