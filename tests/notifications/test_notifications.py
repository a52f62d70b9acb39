"""Notifications: made from the domain events, never for one's own action; bell, list, read."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from glossary.models import Term
from glossary.services import review
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article, Translation
from newsapp.articles.services import freshness, pipeline, workflow
from newsapp.core import events
from newsapp.notifications.models import Notification
from newsapp.notifications.services import notification_create
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import ConceptFactory, TermFactory

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
STORY = "Pyongyang fired a missile on Tuesday.\n\nOfficials in Seoul condemned it."


def _inbox(user: User) -> list[tuple[str, str]]:
    return [(n.kind, n.message) for n in Notification.objects.filter(recipient=user)]


@pytest.fixture
def finished(
    translator: User, fake_engine: object, django_capture_on_commit_callbacks: Any
) -> Translation:
    """The translator's article, translated by a (fake) worker run: in review."""
    article = ArticleFactory(source_text=STORY, author=translator, status="translating",
                             title="Launch")  # fmt: skip
    translation = TranslationFactory(article=article, target_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.refresh_from_db()
    return translation


def test_a_finished_translation_tells_its_author(finished: Translation, translator: User) -> None:
    assert finished.status == "done"
    assert _inbox(translator) == [
        (Kind.TRANSLATION_DONE, "The Spanish translation of “Launch” is ready for post-editing.")
    ]


def test_a_failed_translation_tells_its_author_why(
    translator: User, django_capture_on_commit_callbacks: Any
) -> None:
    translation = TranslationFactory(article=ArticleFactory(author=translator, title="Quake"))
    with django_capture_on_commit_callbacks(execute=True):
        events.emit("translation.failed", translation_id=translation.pk,
                    article_id=translation.article_id, target_language="ko",
                    error="No ko package installed.")  # fmt: skip
    assert _inbox(translator) == [
        (Kind.TRANSLATION_FAILED,
         "The Korean translation of “Quake” failed: No ko package installed.")
    ]  # fmt: skip


def test_approval_and_send_back_tell_the_author_not_the_editor(
    finished: Translation, translator: User, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    article = finished.article
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_approve(article=article, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_send_back(article=Article.objects.get(pk=article.pk), user=editor)
    kinds = [kind for kind, _ in _inbox(translator)]
    assert kinds == [Kind.ARTICLE_SENT_BACK, Kind.ARTICLE_APPROVED, Kind.TRANSLATION_DONE]
    assert "“Launch” was approved by eddie." in dict(_inbox(translator)).values()
    assert _inbox(editor) == []


def test_an_editor_approving_their_own_article_is_not_told(
    editor: User, fake_engine: object, django_capture_on_commit_callbacks: Any
) -> None:
    article = ArticleFactory(source_text=STORY, author=editor, status="translating")
    translation = TranslationFactory(article=article, target_language="es")
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_approve(article=Article.objects.get(pk=article.pk), user=editor)
    assert Notification.objects.filter(kind=Kind.ARTICLE_APPROVED).count() == 0


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_term_review_tells_the_proposer_with_the_comment(
    decision: str, translator: User, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    concept = ConceptFactory()
    term = term_services.term_propose(
        user=translator, concept=concept, data=TermData(language="ko", text="평양")
    )
    action = review.term_approve if decision == "approve" else review.term_reject
    with django_capture_on_commit_callbacks(execute=True):
        action(user=editor, term=term, comment="  Use the Yonhap spelling. ")
    verb = "approved" if decision == "approve" else "rejected"
    assert _inbox(translator) == [
        (f"term_{verb}",
         f"Your Korean term “평양” was {verb} by eddie: “Use the Yonhap spelling.”")
    ]  # fmt: skip
    note = Notification.objects.get(recipient=translator)
    assert note.link == reverse("glossary:concept", args=[concept.pk])


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_reviewed_change_tells_whoever_proposed_the_change(
    decision: str, translator: User, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    original = TermFactory(language="ko", text="평양", proposed_by=editor)
    change = term_services.term_update(
        user=translator, term=original, data=TermData(language="ko", text="평양시")
    )
    assert change.revision_of_id == original.pk
    action = review.term_approve if decision == "approve" else review.term_reject
    with django_capture_on_commit_callbacks(execute=True):
        action(user=editor, term=change, comment="ok")
    verb = "approved" if decision == "approve" else "rejected"
    assert _inbox(translator) == [
        (f"term_{verb}", f"Your Korean term “평양시” was {verb} by eddie: “ok”")
    ]
    assert _inbox(editor) == []


def test_an_editor_reviewing_their_own_term_is_not_told(
    editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    term = TermFactory(status=Term.Status.PROPOSED, proposed_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        review.term_reject(user=editor, term=term)
    assert Notification.objects.count() == 0


def test_a_glossary_change_affecting_the_article_tells_its_author_once(
    finished: Translation, translator: User, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    concept = term_services.concept_propose(
        user=editor,
        terms=[TermData(language="en", text="Pyongyang"), TermData(language="es", text="Pionyang")],
    )
    for term in concept.terms.all():
        review.term_approve(user=editor, term=term)
    with django_capture_on_commit_callbacks(execute=True):
        freshness.translations_recheck()
    affected = [m for kind, m in _inbox(translator) if kind == Kind.GLOSSARY_CHANGED]
    assert affected == [
        "A glossary change affects the Spanish translation of “Launch”: re-run the glossary "
        "(or say why not) before approval."
    ]
    # Another change while it is still marked: no second notice.
    other = ConceptFactory()
    TermFactory(concept=other, language="en", text="Seoul")
    TermFactory(concept=other, language="es", text="Seúl")
    with django_capture_on_commit_callbacks(execute=True):
        freshness.translations_recheck()
    assert Notification.objects.filter(kind=Kind.GLOSSARY_CHANGED).count() == 1


def test_no_email_without_an_address_or_when_off(
    settings: Any, editor: User, translator: User, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    translator.email = "tess@example.org"
    translator.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_create(recipient=translator, kind=Kind.TRANSLATION_DONE, message="x")
    settings.NOTIFICATIONS_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_create(recipient=editor, kind=Kind.TRANSLATION_DONE, message="x")
    assert mail.outbox == []


def test_email_goes_out_after_commit(
    settings: Any, translator: User, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFICATIONS_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    translator.email = "tess@example.org"
    translator.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=translator, kind=Kind.TRANSLATION_DONE,
                            message="Done.", link="/1/")  # fmt: skip
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["tess@example.org"], "[Newsdesk] Translation finished", "Done.\n\n/1/")
    ]


def test_bell_list_and_mark_read(translator_client: Client, translator: User, editor: User) -> None:
    first = notification_create(recipient=translator, kind=Kind.TRANSLATION_DONE,
                                message="First.", link="/1/")  # fmt: skip
    notification_create(recipient=translator, kind=Kind.TRANSLATION_DONE, message="Second.")
    theirs = notification_create(recipient=editor, kind=Kind.TRANSLATION_DONE, message="Hers.")
    assert first is not None
    assert theirs is not None
    page = translator_client.get(reverse("articles:list")).content.decode()
    assert 'aria-label="Notifications: 2 unread"' in page
    listing = translator_client.get(reverse("notifications:list")).content.decode()
    assert "First." in listing
    assert "Second." in listing
    assert "Hers." not in listing
    assert "Mark all 2 read" in listing
    response = translator_client.post(reverse("notifications:read", args=[first.pk]),
                                      {"next": "/1/"})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    response = translator_client.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None  # someone else's: refused, with a message
    listing = translator_client.get(reverse("notifications:list")).content.decode()
    assert "does not exist (or is someone else&#x27;s)" in listing
    translator_client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(recipient=translator, read_at__isnull=True).count() == 0
    page = translator_client.get(reverse("articles:list")).content.decode()
    assert 'aria-label="Notifications: 0 unread"' in page


def test_mark_read_needs_post(translator_client: Client) -> None:
    assert translator_client.get(reverse("notifications:read_all")).status_code == 405


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("outsider", 403), ("translator", 200), ("editor", 200)],
)
def test_the_list_needs_a_desk_member(
    who: str, expected: int, client: Client, outsider: User, translator: User, editor: User
) -> None:
    users = {"outsider": outsider, "translator": translator, "editor": editor}
    if who in users:
        client.force_login(users[who])
    assert client.get(reverse("notifications:list")).status_code == expected
    assert client.post(reverse("notifications:read_all")).status_code == (
        302 if who in ("anonymous", "translator", "editor") else 403
    )


def test_a_mention_in_a_comment_tells_the_mentioned_user_with_a_link_to_the_sentence(
    finished: Translation, translator: User, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    from newsapp.articles.services.comments import segment_comment_add

    segment = finished.segments.order_by("order").first()
    assert segment is not None
    before = _inbox(translator)
    with django_capture_on_commit_callbacks(execute=True):
        segment_comment_add(
            segment_id=segment.pk, user=editor, text=f"@{translator.username} check the date"
        )
    new = Notification.objects.filter(recipient=translator, kind=Kind.MENTIONED).get()
    assert new.message == f"{editor.username} mentioned you in a comment on “Launch”."
    assert new.link == (
        reverse("editor:translation", args=[finished.pk]) + f"?at={segment.pk}#seg-{segment.pk}"
    )
    assert len(_inbox(translator)) == len(before) + 1
    # Mentioning oneself tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        segment_comment_add(segment_id=segment.pk, user=editor, text=f"@{editor.username} note")
    assert not Notification.objects.filter(recipient=editor, kind=Kind.MENTIONED).exists()
