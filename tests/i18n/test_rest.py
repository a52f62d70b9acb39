"""The rest of the desk in Korean: notifications (stored in English, shown in the reader's
language), feeds with their errors, the translation memory, API tokens and webhooks, the
error pages and the pager; e-mails in the recipient's language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from newsapp.accounts import services as accounts
from newsapp.api.models import ApiToken, WebhookDelivery
from newsapp.api.services import webhooks
from newsapp.feeds import services as feeds
from newsapp.feeds.models import Feed, FeedEntry
from newsapp.memory import services as memory
from newsapp.memory.models import TMEntry
from newsapp.notifications import services as notifications
from newsapp.notifications.models import Notification
from tests.factories import ArticleFactory
from tests.i18n.english import english_left

pytestmark = [pytest.mark.django_db, pytest.mark.backend_independent]


def korean(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    client.force_login(user)
    return client


def no_english(html: str) -> None:
    left = english_left(html)
    assert left == [], "\n".join(left)


def text(html: str) -> str:
    """The page's text without tags (values are marked up as data inside sentences)."""
    return re.sub(r"<[^>]+>", "", html)


def page(client: Client, path: str, status: int = 200, /, **post: Any) -> str:
    response = client.post(path, post) if post else client.get(path)
    assert response.status_code == status, response.status_code
    return response.content.decode()


# --- Notifications ------------------------------------------------------------------------------


def test_a_notification_written_in_english_is_shown_in_korean(
    translator: User, editor: User
) -> None:
    article = ArticleFactory(author=translator, title="Launch")
    # The event runs in English (a worker, an English-speaking editor's request).
    with translation.override("en"):
        notifications.on_article_approved(article_id=article.pk, approved_by=editor.username)
        notifications.on_translation_done(article_id=article.pk, target_language="es")
    stored = list(Notification.objects.filter(recipient=translator).order_by("id"))
    assert [n.message for n in stored] == [
        "“Launch” was approved by eddie.",
        "The Spanish translation of “Launch” is ready for post-editing.",
    ]
    listing = page(korean(translator), reverse("notifications:list"))
    assert '<span translate="no">eddie</span> 님이' in listing
    assert "eddie 님이 “Launch” 기사를 승인했습니다." in text(listing)
    assert "“Launch”의 스페인어 번역이 끝나 후편집할 수 있습니다." in text(listing)
    assert "기사 승인됨" in listing  # the kind
    assert "2개 모두 읽음으로 표시" in listing
    no_english(listing)
    # The same rows read in English by an English reader.
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(translator)
    assert "“Launch” was approved by eddie." in text(page(english, reverse("notifications:list")))


def test_values_in_a_notification_are_escaped(translator: User, editor: User) -> None:
    article = ArticleFactory(author=translator, title="<b>Launch</b>")
    notifications.on_article_approved(article_id=article.pk, approved_by=editor.username)
    listing = page(korean(translator), reverse("notifications:list"))
    assert '“<span translate="no">&lt;b&gt;Launch&lt;/b&gt;</span>”' in listing
    assert "<b>Launch" not in listing


def test_an_old_row_without_params_shows_its_stored_text(translator: User) -> None:
    Notification.objects.create(
        recipient=translator, kind=Notification.Kind.TRANSLATION_DONE, message="Done."
    )
    listing = page(korean(translator), reverse("notifications:list"))
    assert "Done." in listing
    assert "번역 완료" in listing


def test_a_mention_and_marking_read_in_korean(translator: User, editor: User) -> None:
    article = ArticleFactory(author=editor, title="Launch")
    notifications.on_mentioned(segment_id=1, translation_id=1, article_id=article.pk,
                               user_id=translator.pk, by=editor.username)  # fmt: skip
    client = korean(translator)
    listing = page(client, reverse("notifications:list"))
    assert "eddie 님이 “Launch” 기사의 댓글에서 회원님을 언급했습니다." in text(listing)
    assert "댓글에서 언급됨" in listing
    done = client.post(reverse("notifications:read_all"), follow=True).content.decode()
    assert "알림 1개를 읽음으로 표시했습니다." in done
    assert "읽음" in done
    no_english(done)
    no_english(page(client, reverse("notifications:list") + "?unread=1"))


def test_the_empty_list_and_the_pager_in_korean(translator: User) -> None:
    client = korean(translator)
    empty = page(client, reverse("notifications:list"))
    assert "아직 알림이 없습니다." in empty
    no_english(empty)
    Notification.objects.bulk_create(
        Notification(recipient=translator, kind=Notification.Kind.TRANSLATION_DONE,
                     message="Done.", params={"msgid": "Nothing changed.", "args": {}})
        for _ in range(31)
    )  # fmt: skip
    first = page(client, reverse("notifications:list"))
    assert "2쪽 중 1쪽" in first
    assert "바뀐 것이 없습니다." in first
    no_english(first)


def test_an_email_goes_out_in_the_recipients_language(
    settings: Any, translator: User, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFICATIONS_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    translator.email = "tess@example.org"
    translator.save()
    accounts.preferences_save(user=translator, language="ko", time_zone="Asia/Seoul")
    article = ArticleFactory(author=translator, title="Launch")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notifications.on_translation_failed(article_id=article.pk, target_language="es", error="")
    [sent] = mail.outbox
    assert sent.subject == "[뉴스데스크] 번역 실패"
    assert sent.body.startswith("“Launch”의 스페인어 번역이 실패했습니다(이유 없음).")
    # Stored in English all the same.
    assert Notification.objects.get().message == (
        "The Spanish translation of “Launch” failed: no reason given"
    )


# --- Feeds --------------------------------------------------------------------------------------


@pytest.fixture
def feed(editor: User, fake_engine: object) -> Feed:
    feed = feeds.feed_create(user=editor, url="https://example.com/rss", source_language="en",
                             target_languages=["ko"], title="Wire")  # fmt: skip
    Feed.objects.filter(pk=feed.pk).update(
        last_status="error", last_error="The server answered 404 Not Found."
    )
    FeedEntry.objects.create(feed=feed, item_id="1", title="Seoul", status=FeedEntry.Status.NEW)
    FeedEntry.objects.create(feed=feed, item_id="2", title="Tokyo",
                             status=FeedEntry.Status.DUPLICATE,
                             note="Same text as an earlier story.")  # fmt: skip
    return feed


def test_feed_pages_in_korean(feed: Feed, editor: User, translator: User) -> None:
    client = korean(editor)
    listing = page(client, reverse("feeds:list"))
    assert "통신사 피드" in listing
    assert "오류" in listing
    no_english(listing)
    detail = page(client, reverse("feeds:detail", args=[feed.pk]))
    assert "마지막 오류" in detail
    assert "서버가 404 Not Found(으)로 응답했습니다." in detail  # a known error, translated
    assert "앞서 들어온 기사와 내용이 같습니다." in detail
    assert "지금 가져오기" in detail
    # Only the server's own reason phrase stays as it said it.
    assert [word.split()[0] for word in english_left(detail)] == ["Not", "Found"]
    assert len(english_left(page(korean(translator), reverse("feeds:detail", args=[feed.pk])))) == 2
    form = page(client, reverse("feeds:edit", args=[feed.pk]))
    assert "번역 언어" in form
    no_english(form)
    errors = page(client, reverse("feeds:create"), url="", interval_minutes="0")
    assert "피드 추가" in errors
    no_english(errors)
    paused = client.post(reverse("feeds:pause", args=[feed.pk]), follow=True).content.decode()
    assert "피드를 일시 중지했습니다." in paused


def test_an_unknown_feed_error_is_shown_as_stored(feed: Feed, editor: User) -> None:
    Feed.objects.filter(pk=feed.pk).update(last_error="Something odd.")
    assert "Something odd." in page(korean(editor), reverse("feeds:detail", args=[feed.pk]))


# --- Translation memory -------------------------------------------------------------------------


def test_memory_pages_in_korean(translator: User, editor: User) -> None:
    client = korean(editor)
    empty = page(client, reverse("memory:list"))
    assert "번역 메모리가 비어 있습니다." in empty
    no_english(empty)
    memory.memory_record(source_text="The minister said.", target_text="장관이 말했다.",
                         source_language="en", target_language="ko", user=translator,
                         article_id=None)  # fmt: skip
    entry = TMEntry.objects.get()
    listing = page(client, reverse("memory:list"))
    assert "항목 1개." in listing
    assert "데스크에서 확정" in listing
    no_english(listing)
    no_english(page(korean(translator), reverse("memory:list")))
    searched = page(client, reverse("memory:list") + "?q=nothing")
    assert "일치하는 항목이 없습니다." in searched
    no_english(searched)
    shown = page(client, reverse("memory:entry", args=[entry.pk]))
    assert "변경 기록" in shown
    assert "확정된 문장에서 기록" in shown
    no_english(shown)
    unchanged = page(client, reverse("memory:entry", args=[entry.pk]), 400,
                     target_text="장관이 말했다.")  # fmt: skip
    assert "바뀐 것이 없습니다." in unchanged
    no_english(unchanged)
    no_file = page(client, reverse("memory:import"), 400, source_language="")
    no_english(no_file)
    deleted = client.post(reverse("memory:entry-delete", args=[entry.pk]), follow=True)
    assert "번역 메모리 항목을 삭제했습니다." in deleted.content.decode()


# --- API tokens and webhooks --------------------------------------------------------------------


def test_token_pages_in_korean(translator: User) -> None:
    client = korean(translator)
    empty = page(client, reverse("account:tokens"))
    assert "아직 토큰이 없습니다." in empty
    no_english(empty)
    created = page(client, reverse("account:tokens"), name="CMS", expires_in_days="30")
    assert "지금 복사하십시오." in created
    no_english(created)
    refused = page(client, reverse("account:tokens"), name=" ", expires_in_days="30")
    no_english(refused)
    row = ApiToken.objects.get(user=translator)
    revoked = client.post(reverse("account:token-revoke", args=[row.pk]), follow=True)
    assert "토큰 “CMS”을(를) 폐기했습니다." in text(revoked.content.decode())
    no_english(revoked.content.decode())


def test_webhook_pages_in_korean(editor: User, settings: Any) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    client = korean(editor)
    no_english(page(client, reverse("account:webhooks")))
    hook = webhooks.webhook_create(user=editor, url="https://hooks.example/desk",
                                   events=["translation.done"])  # fmt: skip
    WebhookDelivery.objects.create(webhook=hook, event="translation.done", body="{}",
                                   status=WebhookDelivery.Status.FAILED, attempts=1,
                                   last_error="The receiver answered 500.")  # fmt: skip
    listing = page(client, reverse("account:webhooks"))
    assert "활성" in listing
    no_english(listing)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook, event="translation.done", body="{}") for _ in range(25)
    )
    detail = page(client, reverse("account:webhook", args=[hook.pk]))
    assert "대기 중" in detail
    assert "2쪽 중 1쪽" in detail
    no_english(detail)
    detail = page(client, reverse("account:webhook", args=[hook.pk]) + "?page=2")
    assert "받는 쪽이 500(으)로 응답했습니다." in detail
    assert "번역이 끝났습니다." in detail  # the event's meaning
    no_english(detail)
    refused = page(client, reverse("account:webhooks"), url="ftp://x", events="translation.done")
    no_english(refused)


# --- Error pages --------------------------------------------------------------------------------


def test_error_pages_in_korean(translator: User) -> None:
    forbidden = korean(translator).get(reverse("feeds:create"))
    assert forbidden.status_code == 403
    assert "허용되지 않음" in forbidden.content.decode()
    # Left at most: the refusal's own text, until the shared package's catalogue has it.
    left = {word.split()[0] for word in english_left(forbidden.content.decode())}
    assert left <= {"Only", "editors", "can", "do", "this"}
    with translation.override("ko"):
        missing = render_to_string("404.html", {"request_path": "/x/"})
        broken = render_to_string("500.html")
    assert "찾을 수 없음" in missing
    assert "서버 오류" in broken
    no_english(broken)
