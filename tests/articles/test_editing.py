"""The translator workspace: editing, confirming, re-translating, conflicts, history, the page."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from glossary.checking import TermChecker
from glossary.enforcement import Enforcer
from glossary.models import Term
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.selectors import editor as editor_selectors
from newsapp.articles.services import editing, pipeline, reenforce
from newsapp.core.errors import ServiceError
from tests.factories import STORY_SENTENCES, ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db

Kind = SegmentRevision.Kind
State = Segment.State
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def glossary() -> None:
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"), ("ko", "평향", Term.Usage.FORBIDDEN))


@pytest.fixture
def translation(fake_engine: object) -> Translation:
    """A finished machine translation of the six-sentence story (article in review)."""
    created = TranslationFactory(article=ArticleFactory(status=Article.Status.TRANSLATING))
    pipeline.translation_run(translation_id=created.pk, worker="w")
    created.refresh_from_db()
    assert created.article.status == Article.Status.IN_REVIEW
    return created


def seg(translation: Translation, order: int = 0) -> Segment:
    return translation.segments.get(order=order)


def kinds(segment: Segment) -> list[str]:
    return list(segment.revisions.values_list("kind", flat=True))  # newest first


# --- Services --------------------------------------------------------------------------------


def test_save_writes_text_version_and_revision(translation: Translation, translator: User) -> None:
    segment = seg(translation)
    assert (segment.state, segment.version, kinds(segment)) == (State.MACHINE, 1, [Kind.MACHINE])
    saved = editing.segment_save(
        segment_id=segment.pk, user=translator, text="  미국은\n화요일에 촉구했다.  ", version=1
    )
    assert (saved.target_text, saved.state, saved.version) == (
        "미국은 화요일에 촉구했다.",
        State.EDITED,
        2,
    )
    segment.refresh_from_db()
    assert (segment.target_text, segment.state, segment.version) == (
        "미국은 화요일에 촉구했다.",
        State.EDITED,
        2,
    )
    assert segment.machine_text.startswith("[ko] ")  # the machine output is kept
    latest = segment.revisions.first()
    assert (latest.kind, latest.version, latest.text, latest.state, latest.author) == (
        Kind.EDIT,
        2,
        "미국은 화요일에 촉구했다.",
        State.EDITED,
        translator,
    )
    assert latest.created_at is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "The translation is empty"), (" \n ", "The translation is empty"),
     ("가" * 5001, "at most 5,000")],
)  # fmt: skip
def test_save_refuses_bad_text(
    translation: Translation, translator: User, text: str, message: str
) -> None:
    segment = seg(translation)
    with pytest.raises(ServiceError, match=message):
        editing.segment_save(segment_id=segment.pk, user=translator, text=text, version=1)
    segment.refresh_from_db()
    assert (segment.version, kinds(segment)) == (1, [Kind.MACHINE])


def test_save_of_unchanged_text_writes_nothing(translation: Translation, translator: User) -> None:
    segment = seg(translation)
    editing.segment_save(
        segment_id=segment.pk, user=translator, text=segment.target_text, version=1
    )
    segment.refresh_from_db()
    assert (segment.state, segment.version, kinds(segment)) == (State.MACHINE, 1, [Kind.MACHINE])


def test_confirm_and_save_with_confirm(translation: Translation, translator: User) -> None:
    first, second = seg(translation, 0), seg(translation, 1)
    confirmed = editing.segment_confirm(segment_id=first.pk, user=translator, version=1)
    assert (confirmed.state, confirmed.version, confirmed.target_text) == (
        State.CONFIRMED,
        2,
        first.target_text,
    )
    assert kinds(first) == [Kind.CONFIRM, Kind.MACHINE]
    # Confirming again changes nothing.
    editing.segment_confirm(segment_id=first.pk, user=translator, version=2)
    assert kinds(first) == [Kind.CONFIRM, Kind.MACHINE]
    # Edit and confirm at once (Ctrl+Enter): one revision, kind confirm, the new text.
    editing.segment_save(
        segment_id=second.pk, user=translator, text="새 문장.", version=1, confirm=True
    )
    second.refresh_from_db()
    assert (second.state, second.target_text, kinds(second)) == (
        State.CONFIRMED,
        "새 문장.",
        [Kind.CONFIRM, Kind.MACHINE],
    )
    # Editing a confirmed sentence makes it "edited" again.
    editing.segment_save(segment_id=second.pk, user=translator, text="고친 문장.", version=2)
    second.refresh_from_db()
    assert (second.state, second.version) == (State.EDITED, 3)


def test_save_records_the_given_kind(translation: Translation, translator: User) -> None:
    segment = seg(translation)
    editing.segment_save(
        segment_id=segment.pk, user=translator, text="가져온 문장.", version=1, kind=Kind.IMPORT
    )
    assert kinds(segment)[0] == Kind.IMPORT
    with pytest.raises(ServiceError, match="Unknown revision kind"):
        editing.segment_save(
            segment_id=segment.pk, user=translator, text="x", version=2, kind="bogus"
        )


def test_confirm_refuses_a_stale_version(translation: Translation, translator: User) -> None:
    segment = seg(translation)
    editing.segment_save(segment_id=segment.pk, user=translator, text="사람의 번역.", version=1)
    with pytest.raises(editing.SegmentConflict) as caught:
        editing.segment_confirm(segment_id=segment.pk, user=translator, version=1)
    assert caught.value.segment.version == 2
    assert caught.value.segment.target_text == "사람의 번역."
    segment.refresh_from_db()
    assert segment.state == State.EDITED


def test_retranslate_replaces_text_and_records_a_revision(
    translation: Translation, translator: User, fake_engine: Any
) -> None:
    segment = seg(translation, 2)
    editing.segment_save(segment_id=segment.pk, user=translator, text="사람의 번역.", version=1)
    fake_engine.calls.clear()
    result = editing.segment_retranslate(segment_id=segment.pk, user=translator, version=2)
    assert fake_engine.calls == [((segment.source,), "en", "ko")]  # that one sentence only
    segment.refresh_from_db()
    assert segment.target_text == segment.machine_text == f"[ko] {segment.source}"
    assert (segment.state, segment.version, result.version) == (State.MACHINE, 3, 3)
    latest = segment.revisions.first()
    assert (latest.kind, latest.author, latest.text) == (
        Kind.RETRANSLATE,
        translator,
        segment.target_text,
    )
    # Re-translating again gives the same text, and is still recorded.
    editing.segment_retranslate(segment_id=segment.pk, user=translator, version=3)
    assert kinds(segment)[:2] == [Kind.RETRANSLATE, Kind.RETRANSLATE]


def test_retranslate_never_overwrites_a_newer_human_edit(
    translation: Translation, translator: User, editor: User, fake_engine: Any
) -> None:
    segment = seg(translation)
    # The translator opened the sentence at version 1; meanwhile the editor rewrote it.
    editing.segment_save(segment_id=segment.pk, user=editor, text="편집자의 번역.", version=1)
    fake_engine.calls.clear()
    with pytest.raises(editing.SegmentConflict):
        editing.segment_retranslate(segment_id=segment.pk, user=translator, version=1)
    assert fake_engine.calls == []
    segment.refresh_from_db()
    assert (segment.target_text, segment.state, segment.version) == (
        "편집자의 번역.",
        State.EDITED,
        2,
    )


def test_retranslate_loses_to_an_edit_saved_while_the_engine_ran(
    translation: Translation, translator: User, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version check is the conditional UPDATE itself, not the early read."""
    segment = seg(translation)
    real = Enforcer.translate

    def slow_translate(self: Enforcer, sentences: list[str]) -> list[Any]:
        editing.segment_save(segment_id=segment.pk, user=editor, text="그사이 저장.", version=1)
        return real(self, sentences)

    monkeypatch.setattr(Enforcer, "translate", slow_translate)
    with pytest.raises(editing.SegmentConflict) as caught:
        editing.segment_retranslate(segment_id=segment.pk, user=translator, version=1)
    assert caught.value.segment.target_text == "그사이 저장."
    segment.refresh_from_db()
    assert (segment.target_text, segment.version, kinds(segment)) == (
        "그사이 저장.",
        2,
        [Kind.EDIT, Kind.MACHINE],
    )


def test_worker_rerun_never_overwrites_an_edit_saved_while_it_translated(
    fake_engine: object, translator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    china = translation.segments.get(source__contains="China")
    concept_with_terms(("en", "China"), ("ko", "중국"))  # the glossary changed: a re-run is due
    real = Enforcer.translate

    def translate_while_a_person_saves(self: Enforcer, sentences: list[str]) -> list[Any]:
        editing.segment_save(
            segment_id=china.pk, user=translator, text="사람이 고친 문장.", version=1
        )
        return real(self, sentences)

    monkeypatch.setattr(Enforcer, "translate", translate_while_a_person_saves)
    report = reenforce.translation_reenforce(translation_id=translation.pk)
    assert report.retranslated == 0
    china.refresh_from_db()
    assert (china.target_text, china.state, china.version) == ("사람이 고친 문장.", State.EDITED, 2)


def test_stale_save_is_refused_by_the_conditional_update(
    translation: Translation, translator: User, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the read happens before the rival write, the UPDATE decides."""
    segment = seg(translation)
    real_load = editing._load

    def load_then_rival_saves(segment_id: int) -> Segment:
        loaded = real_load(segment_id)
        Segment.objects.filter(pk=segment_id).update(target_text="경쟁자.", version=2)
        return loaded

    monkeypatch.setattr(editing, "_load", load_then_rival_saves)
    with pytest.raises(editing.SegmentConflict) as caught:
        editing.segment_save(segment_id=segment.pk, user=translator, text="나의 번역.", version=1)
    assert caught.value.segment.target_text == "경쟁자."
    segment.refresh_from_db()
    assert (segment.target_text, segment.version) == ("경쟁자.", 2)
    assert kinds(segment) == [Kind.MACHINE]


def test_term_checks_rerun_on_every_save(
    fake_engine: object, glossary: None, translator: User
) -> None:
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.refresh_from_db()
    assert translation.compliance["missed"] == 0
    segment = translation.segments.get(order=1)  # "... Pyongyang's launches ..."
    assert "평양" in segment.target_text
    assert not segment.flagged

    missed = editing.segment_save(
        segment_id=segment.pk, user=translator, text="북한의 발사는 위협이다.", version=1
    )
    assert missed.flagged
    assert missed.term_checks["reasons"] == ["Missed term: 평양 (for “Pyongyang”)"]
    translation.refresh_from_db()
    assert (translation.compliance["missed"], translation.term_status) == (1, "flagged")

    forbidden = editing.segment_save(
        segment_id=segment.pk, user=translator, text="평향의 발사는 위협이다.", version=2
    )
    assert forbidden.flagged
    assert forbidden.term_checks["forbidden"] == ["평향"]
    assert "Forbidden term present: 평향" in forbidden.term_checks["reasons"]

    fixed = editing.segment_save(
        segment_id=segment.pk, user=translator, text="평양의 발사는 위협이다.", version=3
    )
    assert not fixed.flagged
    assert fixed.term_checks["checks"][0]["rendered"] is True
    segment.refresh_from_db()
    assert not segment.flagged
    translation.refresh_from_db()
    assert (translation.compliance["missed"], translation.compliance["forbidden"]) == (0, 0)
    assert translation.term_status == "ok"


def test_approved_articles_cannot_change(translation: Translation, translator: User) -> None:
    Article.objects.filter(pk=translation.article_id).update(status=Article.Status.APPROVED)
    segment = seg(translation)
    for call in (
        lambda: editing.segment_save(segment_id=segment.pk, user=translator, text="x", version=1),
        lambda: editing.segment_confirm(segment_id=segment.pk, user=translator, version=1),
        lambda: editing.segment_retranslate(segment_id=segment.pk, user=translator, version=1),
    ):
        with pytest.raises(ServiceError, match="approved"):
            call()
    segment.refresh_from_db()
    assert segment.version == 1


# --- Concurrency -----------------------------------------------------------------------------


def test_two_saves_from_one_version_one_wins_and_nothing_is_lost(
    translation: Translation, translator_client: Client, editor_client: Client
) -> None:
    segment = seg(translation)
    edit_url = reverse("editor:edit", args=[segment.pk])
    save_url = reverse("editor:save", args=[segment.pk])
    for client in (translator_client, editor_client):  # both open the sentence at version 1
        assert 'name="version" value="1"' in client.get(edit_url, **HTMX).content.decode()

    won = translator_client.post(
        save_url, {"text": "번역가의 문장.", "version": 1, "action": "save"}, **HTMX
    )
    lost = editor_client.post(
        save_url, {"text": "편집자의 문장.", "version": 1, "action": "confirm"}, **HTMX
    )
    assert won.status_code == 200
    assert lost.status_code == 409
    body = lost.content.decode()
    assert "편집자의 문장.</textarea>" in body  # yours, kept in a textarea
    assert "번역가의 문장." in body  # theirs
    assert "by <strong>tess</strong> at" in body  # who saved theirs
    assert 'name="version" value="2"' in body  # "overwrite" re-submits with the current version
    assert 'name="action" value="confirm"' in body
    segment.refresh_from_db()
    assert (segment.target_text, segment.version) == ("번역가의 문장.", 2)
    assert kinds(segment) == [Kind.EDIT, Kind.MACHINE]

    # "Overwrite with mine" posts the current version and wins.
    overwrite = editor_client.post(
        save_url, {"text": "편집자의 문장.", "version": 2, "action": "confirm"}, **HTMX
    )
    assert overwrite.status_code == 200
    segment.refresh_from_db()
    assert (segment.target_text, segment.state, segment.version) == (
        "편집자의 문장.",
        State.CONFIRMED,
        3,
    )
    # "Keep theirs" just reloads the row.
    row = editor_client.get(reverse("editor:row", args=[segment.pk]), **HTMX)
    assert "편집자의 문장." in row.content.decode()


@pytest.mark.django_db(transaction=True)
def test_racing_threads_exactly_one_save_wins(fake_engine: object) -> None:
    """Two threads, two database connections, one version: one write, one conflict."""
    from django.contrib.auth.models import Group

    from newsapp.core.roles import TRANSLATORS

    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    segment = seg(translation)
    users = [User.objects.create_user(f"racer{i}") for i in range(2)]
    for user in users:
        user.groups.add(Group.objects.get_or_create(name=TRANSLATORS)[0])  # a flush drops groups
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user: User, text: str) -> None:
        try:
            barrier.wait(timeout=10)
            editing.segment_save(segment_id=segment.pk, user=user, text=text, version=1)
            outcomes[text] = "won"
        except editing.SegmentConflict:
            outcomes[text] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, f"{user.username}의 번역.")) for user in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "won"]
    winner = next(text for text, outcome in outcomes.items() if outcome == "won")
    segment.refresh_from_db()
    assert (segment.target_text, segment.version) == (winner, 2)
    assert kinds(segment) == [Kind.EDIT, Kind.MACHINE]


# --- Views -----------------------------------------------------------------------------------


def test_editor_page(fake_engine: object, glossary: None, translator_client: Client) -> None:
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    response = translator_client.get(reverse("editor:translation", args=[translation.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"0 of {STORY_SENTENCES} confirmed" in body
    assert body.count('class="ed-para"') == 3
    assert body.count('class="ed-row ') == STORY_SENTENCES
    assert 'title="ko: 평양 (not 평향)"' in body  # the glossary term, highlighted in the source
    assert '<mark class="term-ok" title="Glossary: Pyongyang → 평양">평양</mark>' in body
    assert "js/editor.js" in body
    for shortcut in ("Ctrl</kbd>+<kbd>Enter", "Esc", "Alt</kbd>+<kbd>↓", "J</kbd> / <kbd>K"):
        assert shortcut in body
    assert reverse("editor:approval", args=[translation.article_id]) in body


def test_edit_fragment_and_save_show_term_checks_at_once(
    fake_engine: object, glossary: None, translator_client: Client
) -> None:
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    segment = translation.segments.get(order=1)
    edit = translator_client.get(reverse("editor:edit", args=[segment.pk]), **HTMX)
    body = edit.content.decode()
    assert "<html" not in body
    assert f'id="text-{segment.pk}"' in body
    assert 'name="version" value="1"' in body

    save_url = reverse("editor:save", args=[segment.pk])
    response = translator_client.post(
        save_url, {"text": "북한의 발사는 위협이다.", "version": 1, "action": "save"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "segment-saved"  # the approval panel reloads
    body = response.content.decode()
    assert "ed-flagged" in body
    assert "Missed term: 평양 (for “Pyongyang”)" in body
    assert 'id="ed-progress"' in body
    assert 'hx-swap-oob="true"' in body
    assert "1 flagged sentence" in body

    response = translator_client.post(
        save_url, {"text": "평양의 발사는 위협이다.", "version": 2, "action": "confirm"}, **HTMX
    )
    body = response.content.decode()
    assert "ed-flagged" not in body
    assert '<mark class="term-ok" title="Glossary: Pyongyang → 평양">평양</mark>의 발사는' in body
    assert f"1 of {STORY_SENTENCES} confirmed" in body


def test_refused_save_keeps_the_text(translation: Translation, translator_client: Client) -> None:
    segment = seg(translation)
    save_url = reverse("editor:save", args=[segment.pk])
    response = translator_client.post(
        save_url, {"text": "   ", "version": 1, "action": "save"}, **HTMX
    )
    assert response.status_code == 200
    assert "The translation is empty" in response.content.decode()
    too_long = "가" * 5001
    response = translator_client.post(
        save_url, {"text": too_long, "version": 1, "action": "save"}, **HTMX
    )
    assert response.status_code == 200
    assert f"{too_long}</textarea>" in response.content.decode()
    assert translator_client.post(save_url, {"text": "x", "version": "v1"}).status_code == 400
    assert (
        translator_client.post(save_url, {"text": "x", "version": 1, "action": "nuke"}).status_code
        == 400
    )


def test_retranslate_view(
    translation: Translation, translator_client: Client, editor: User
) -> None:
    segment = seg(translation)
    url = reverse("editor:retranslate", args=[segment.pk])
    editing.segment_save(segment_id=segment.pk, user=editor, text="편집자의 번역.", version=1)
    stale = translator_client.post(url, {"version": 1, "text": "내가 쓰던 글."}, **HTMX)
    assert stale.status_code == 409
    assert "내가 쓰던 글.</textarea>" in stale.content.decode()
    fresh = translator_client.post(url, {"version": 2, "text": "편집자의 번역."}, **HTMX)
    assert fresh.status_code == 200
    assert f"[ko] {segment.source}" in fresh.content.decode()


def test_history_lists_revisions_newest_first(
    translation: Translation, translator: User, editor: User, translator_client: Client
) -> None:
    segment = seg(translation)
    editing.segment_save(segment_id=segment.pk, user=translator, text="첫 수정.", version=1)
    editing.segment_save(segment_id=segment.pk, user=editor, text="둘째 수정.", version=2)
    editing.segment_confirm(segment_id=segment.pk, user=editor, version=3)
    response = translator_client.get(reverse("editor:history", args=[segment.pk]), **HTMX)
    body = response.content.decode()
    markers = [f"<strong>v{version}</strong>" for version in (4, 3, 2, 1)]
    order = [body.index(marker) for marker in markers]
    assert order == sorted(order)
    assert "Confirmed · eddie" in body
    assert "Edited · tess" in body
    assert "Machine translation · system" in body
    assert segment.machine_text in body


def test_without_htmx_fragments_come_in_pages_and_saves_redirect(
    translation: Translation, translator_client: Client
) -> None:
    segment = seg(translation)
    page = translator_client.get(reverse("editor:edit", args=[segment.pk]))
    assert "<html" in page.content.decode()
    assert f'id="text-{segment.pk}"' in page.content.decode()
    saved = translator_client.post(
        reverse("editor:save", args=[segment.pk]), {"text": "새 글.", "version": 1}
    )
    assert saved.status_code == 302
    expected = (
        reverse("editor:translation", args=[translation.pk]) + f"?at={segment.pk}#seg-{segment.pk}"
    )
    assert saved["Location"] == expected
    conflict = translator_client.post(
        reverse("editor:save", args=[segment.pk]), {"text": "옛 글.", "version": 1}
    )
    assert conflict.status_code == 409
    assert "<html" in conflict.content.decode()
    assert translator_client.get(reverse("editor:row", args=[segment.pk])).status_code == 302


def test_approved_article_is_read_only_in_the_editor(
    translation: Translation, translator_client: Client
) -> None:
    Article.objects.filter(pk=translation.article_id).update(status=Article.Status.APPROVED)
    segment = seg(translation)
    page = translator_client.get(reverse("editor:translation", args=[translation.pk]))
    assert "read-only" in page.content.decode()
    assert reverse("editor:edit", args=[segment.pk]) not in page.content.decode()
    edit = translator_client.get(reverse("editor:edit", args=[segment.pk]), **HTMX)
    assert "<textarea" not in edit.content.decode()
    response = translator_client.post(
        reverse("editor:save", args=[segment.pk]), {"text": "x", "version": 1}, **HTMX
    )
    assert "An editor must send it back to review" in response.content.decode()


def _translation_with(count: int) -> Translation:
    """A finished translation of ``count`` sentences, five per paragraph, with glossary terms."""
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    concept_with_terms(("en", "Seoul"), ("ko", "서울"))
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    translation = TranslationFactory(
        article=article, status=Translation.Status.DONE, segments_total=count, segments_done=count
    )
    checker = TermChecker("en", "ko")
    segments = []
    for i in range(count):
        source = f"Pyongyang and Seoul met for round {i}."
        target = f"평양과 서울이 {i}차 회담을 했다." if i % 3 else f"평향과 서울 {i}."
        report = checker.check(source, target)
        segments.append(
            Segment(
                translation=translation, order=i, paragraph_index=i // 5, source=source,
                machine_text=target, target_text=target, term_checks=report.as_json(),
                flagged=report.flagged, state=[State.MACHINE, State.EDITED, State.CONFIRMED][i % 3],
            )
        )  # fmt: skip
    Segment.objects.bulk_create(segments)
    return translation


#: Session, user, groups, translation, progress and filter counts, the page's segments;
#: glossary stamp, terms, approved renderings.
QUERY_BOUND = 9


def _cold_glossary_caches() -> None:
    from glossary import selectors as glossary_selectors

    glossary_selectors.matcher_cache_clear()
    glossary_selectors.approved_cache_clear()
    glossary_selectors.glossary_stamp_expire()


@pytest.mark.parametrize("count", [30, 600])
def test_editor_page_queries_do_not_grow_with_the_article(
    count: int, translator_client: Client, django_assert_max_num_queries: Any, settings: Any
) -> None:
    settings.EDITOR_PAGE_SEGMENTS = 200
    translation = _translation_with(count)
    url = reverse("editor:translation", args=[translation.pk])
    _cold_glossary_caches()  # count the glossary's own queries too
    with django_assert_max_num_queries(QUERY_BOUND):
        response = translator_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="ed-row ') == min(count, 200)  # one page of 200
    assert f"{count // 3} of {count} confirmed" in body  # the whole translation's progress


# --- Translation memory ----------------------------------------------------------------------


@pytest.fixture
def fake_memory(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Stand-ins for newsapp.memory.services / selectors, as the editor uses them."""
    recorded: list[dict[str, Any]] = []
    match = SimpleNamespace
    memory = SimpleNamespace(
        recorded=recorded,
        services=SimpleNamespace(memory_record=lambda **kwargs: recorded.append(kwargs)),
        selectors=SimpleNamespace(
            fuzzy_matches=lambda **kwargs: [
                match(source="China has influence over Seoul.", target="중국은 서울에 영향력.",
                      score=82.4),
                match(source="Something else.", target="다른 것.", score=60.0),
            ]
        ),
    )  # fmt: skip

    monkeypatch.setattr(editor_selectors, "memory", memory.selectors)
    monkeypatch.setattr(editing, "memory", memory.services)
    return memory


def test_confirming_records_the_segment_in_memory(
    translation: Translation, translator: User, fake_memory: SimpleNamespace
) -> None:
    segment = seg(translation)
    editing.segment_save(segment_id=segment.pk, user=translator, text="편집만.", version=1)
    assert fake_memory.recorded == []  # an edit is not a confirmation
    editing.segment_confirm(segment_id=segment.pk, user=translator, version=2)
    assert fake_memory.recorded == [
        {
            "source_text": segment.source,
            "target_text": "편집만.",
            "source_language": "en",
            "target_language": "ko",
            "user": translator,
            "article_id": translation.article_id,
        }
    ]


def test_memory_failure_does_not_undo_the_confirmation(
    translation: Translation, translator: User, fake_memory: SimpleNamespace, caplog: Any
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("memory is down")

    fake_memory.services.memory_record = broken
    segment = seg(translation)
    editing.segment_confirm(segment_id=segment.pk, user=translator, version=1)
    segment.refresh_from_db()
    assert segment.state == State.CONFIRMED
    assert "Could not record segment" in caplog.text


def test_edit_fragment_shows_fuzzy_suggestions_with_scores(
    translation: Translation, translator_client: Client, fake_memory: SimpleNamespace
) -> None:
    segment = seg(translation, 3)
    body = translator_client.get(reverse("editor:edit", args=[segment.pk]), **HTMX).content
    body = body.decode()
    assert "Translation memory" in body
    assert "82%" in body
    assert 'data-text="중국은 서울에 영향력."' in body
    assert "다른 것." not in body  # below 75 %


def test_confirmed_segments_come_back_as_suggestions(
    translation: Translation, translator: User
) -> None:
    segment = seg(translation)
    editing.segment_save(
        segment_id=segment.pk, user=translator, text="확정된 번역.", version=1, confirm=True
    )
    found = editor_selectors.segment_suggestions(
        source=segment.source, source_language="en", target_language="ko"
    )
    assert found
    assert found[0].target == "확정된 번역."
    assert found[0].score >= 99


# --- Permissions -----------------------------------------------------------------------------


def _urls(translation: Translation) -> list[tuple[str, str]]:
    segment = seg(translation)
    article = translation.article_id
    return [
        ("get", reverse("editor:translation", args=[translation.pk])),
        ("get", reverse("editor:row", args=[segment.pk])),
        ("get", reverse("editor:edit", args=[segment.pk])),
        ("post", reverse("editor:save", args=[segment.pk])),
        ("post", reverse("editor:retranslate", args=[segment.pk])),
        ("get", reverse("editor:history", args=[segment.pk])),
        ("post", reverse("editor:dismiss", args=[segment.pk])),
        ("get", reverse("editor:next-flagged", args=[translation.pk])),
        ("get", reverse("editor:approval", args=[article])),
        ("post", reverse("editor:approve", args=[article])),
        ("post", reverse("editor:send-back", args=[article])),
    ]


def test_anonymous_is_sent_to_login_everywhere(translation: Translation, client: Client) -> None:
    for method, url in _urls(translation):
        response = getattr(client, method)(url, {"text": "x", "version": 1})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_outsider_is_refused_everywhere(translation: Translation, outsider_client: Client) -> None:
    for method, url in _urls(translation):
        response = getattr(outsider_client, method)(url, {"text": "x", "version": 1})
        assert response.status_code == 403, url
    segment = seg(translation)
    assert (segment.version, kinds(segment)) == (1, [Kind.MACHINE])
