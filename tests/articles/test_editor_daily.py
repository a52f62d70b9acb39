"""The editor's daily features (issue 16): asking before re-translating a confirmed sentence,
the length warning, the word diff in the history, confirming memory matches in bulk and
propagating repeated sentences."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from newsapp.articles.lengths import RATIOS, length_check
from newsapp.articles.models import (
    Article,
    Segment,
    SegmentComment,
    SegmentRevision,
    Translation,
)
from newsapp.articles.selectors import editor as editor_selectors
from newsapp.articles.services import comments, editing, pipeline
from newsapp.articles.worddiff import Piece, word_diff
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.memory.services import memory_record
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms
from tests.qa.pentagon import SENTENCES

pytestmark = pytest.mark.django_db

Kind = SegmentRevision.Kind
State = Segment.State
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def translation(fake_engine: object) -> Translation:
    """A finished machine translation of the six-sentence story (article in review)."""
    created = TranslationFactory(article=ArticleFactory(status=Article.Status.TRANSLATING))
    pipeline.translation_run(translation_id=created.pk, worker="w")
    created.refresh_from_db()
    return created


def seg(translation: Translation, order: int = 0) -> Segment:
    return translation.segments.get(order=order)


def kinds(segment: Segment) -> list[str]:
    return list(segment.revisions.values_list("kind", flat=True))  # newest first


# --- 1. Re-translating a confirmed sentence asks first ----------------------------------------


def test_retranslate_over_a_confirmed_sentence_needs_the_overwrite(
    translation: Translation, translator: User, fake_engine: Any
) -> None:
    segment = seg(translation)
    editing.segment_save(
        segment_id=segment.pk, user=translator, text="사람이 쓴 번역.", version=1, confirm=True
    )
    fake_engine.calls.clear()
    with pytest.raises(editing.RetranslateConfirmed, match="confirmed by a person"):
        editing.segment_retranslate(segment_id=segment.pk, user=translator, version=2)
    assert fake_engine.calls == []  # asked before the engine was called
    segment.refresh_from_db()
    assert (segment.target_text, segment.state, segment.version) == (
        "사람이 쓴 번역.",
        State.CONFIRMED,
        2,
    )
    editing.segment_retranslate(
        segment_id=segment.pk, user=translator, version=2, overwrite_confirmed=True
    )
    segment.refresh_from_db()
    assert (segment.state, segment.version) == (State.MACHINE, 3)
    assert kinds(segment)[:2] == [Kind.RETRANSLATE, Kind.CONFIRM]


def test_retranslate_over_an_edited_sentence_does_not_ask(
    translation: Translation, translator: User
) -> None:
    segment = seg(translation)
    editing.segment_save(segment_id=segment.pk, user=translator, text="고친 번역.", version=1)
    editing.segment_retranslate(segment_id=segment.pk, user=translator, version=2)
    segment.refresh_from_db()
    assert segment.state == State.MACHINE


def test_retranslate_view_asks_then_overwrites(
    translation: Translation, translator: User, translator_client: Client
) -> None:
    segment = seg(translation)
    editing.segment_save(
        segment_id=segment.pk, user=translator, text="사람이 쓴 번역.", version=1, confirm=True
    )
    url = reverse("editor:retranslate", args=[segment.pk])
    asked = translator_client.post(url, {"version": 2, "text": "사람이 쓴 번역."}, **HTMX)
    body = asked.content.decode()
    assert asked.status_code == 200
    assert "confirmed by a person" in body
    assert 'name="overwrite" value="1"' in body
    assert "Re-translate anyway" in body
    assert "사람이 쓴 번역.</textarea>" in body
    segment.refresh_from_db()
    assert segment.version == 2  # nothing written yet
    done = translator_client.post(url, {"version": 2, "overwrite": "1"}, **HTMX)
    assert done.status_code == 200
    assert f"[ko] {segment.source}" in done.content.decode()
    segment.refresh_from_db()
    assert (segment.state, segment.version) == (State.MACHINE, 3)


def test_editor_page_says_esc_asks(translation: Translation, translator_client: Client) -> None:
    body = translator_client.get(reverse("editor:translation", args=[translation.pk])).content
    assert "cancel (asks first if you changed the text)" in body.decode()


# --- 2. Length ------------------------------------------------------------------------------


def test_length_ratio_table_covers_korean_both_ways() -> None:
    assert RATIOS[("en", "ko")] == (0.3, 0.9)
    assert RATIOS[("ko", "en")] == (1.11, 3.33)


def test_korean_ratio_accepts_the_reference_translations() -> None:
    """The hand-checked Pentagon story (the ratios' source): no correct sentence warns."""
    for sentence in SENTENCES:
        check = length_check(source=sentence.english, target=sentence.korean_right,
                             source_language="en", target_language="ko")  # fmt: skip
        assert check.warning == "", sentence.english


@pytest.mark.parametrize(
    ("target", "warning"),
    [
        ("가" * 47, ""),  # 47 of 100: the median of the measured pairs
        ("가" * 25, "Much shorter than the source suggests: 25 characters, expected 30–90."),
        ("가" * 95, "Much longer than the source suggests: 95 characters, expected 30–90."),
        ("", ""),  # not translated yet: no warning
    ],
)
def test_length_check_en_ko(target: str, warning: str) -> None:
    check = length_check(
        source="a" * 100, target=target, source_language="en", target_language="ko-KR"
    )
    assert (check.chars, check.source_chars, check.low, check.high) == (len(target), 100, 30, 90)
    assert check.warning.startswith(warning) if warning else check.warning == ""
    # The short form under the count: the same verdict, without the figures.
    assert check.hint.startswith(warning.split(":")[0]) if warning else check.hint == ""


def test_short_sources_and_unknown_pairs() -> None:
    short = length_check(source="Seoul, AP", target="서울" * 20, source_language="en",
                         target_language="ko")  # fmt: skip
    assert short.warning == ""
    assert not short.applies
    other = length_check(source="a" * 100, target="b" * 210, source_language="xx",
                         target_language="yy")  # fmt: skip
    assert (other.low, other.high) == (50, 200)
    assert other.warning.startswith("Much longer")


def test_edit_fragment_shows_count_and_warning(
    translation: Translation, translator: User, translator_client: Client
) -> None:
    segment = seg(translation)
    editing.segment_save(segment_id=segment.pk, user=translator, text="짧다.", version=1)
    edit = translator_client.get(reverse("editor:edit", args=[segment.pk]), **HTMX)
    body = edit.content.decode()
    check = length_check(source=segment.source, target="짧다.", source_language="en",
                         target_language="ko")  # fmt: skip
    assert check.warning.startswith("Much shorter")
    assert f'data-low="{check.low}" data-high="{check.high}"' in body
    assert '<span class="ed-length-count">3</span> characters' in body
    assert check.hint == "Much shorter than the source suggests: is a part missing?"
    assert f'<span class="ed-length-warning" aria-live="polite">{check.hint}</span>' in body
    page = translator_client.get(reverse("editor:translation", args=[translation.pk]))
    assert check.warning in page.content.decode()  # the row says so too


# --- 3. Word diff in the history -------------------------------------------------------------


def test_word_diff_korean_by_spaces() -> None:
    assert word_diff("미국은 화요일에 촉구했다.", "미국은 수요일에 강하게 촉구했다.") == [
        Piece("equal", "미국은"),
        Piece("delete", "화요일에"),
        Piece("insert", "수요일에 강하게"),
        Piece("equal", "촉구했다."),
    ]
    assert word_diff("same text", "same text") == [Piece("equal", "same text")]
    assert word_diff("", "new words") == [Piece("insert", "new words")]


def test_history_shows_the_word_diff(
    translation: Translation, translator: User, translator_client: Client
) -> None:
    segment = seg(translation)
    editing.segment_save(segment_id=segment.pk, user=translator, text="미국은 화요일에 촉구했다.",
                         version=1)  # fmt: skip
    editing.segment_save(segment_id=segment.pk, user=translator, text="미국은 수요일에 촉구했다.",
                         version=2)  # fmt: skip
    body = translator_client.get(reverse("editor:history", args=[segment.pk]), **HTMX)
    html = body.content.decode()
    assert (
        "<span>미국은</span> <del>화요일에</del> <ins>수요일에</ins> <span>촉구했다.</span>" in html
    )
    assert html.count('class="ed-diff') == 2  # v3 against v2, v2 against v1; v1 has no diff


# --- 4. Confirm all exact memory matches; repeated sentences ----------------------------------


def _memory_filled(translation: Translation, orders: list[int]) -> None:
    """As if the pipeline had filled these from memory with clean, checked sentences."""
    translation.segments.filter(order__in=orders).update(origin="tm", flagged=False, qa_open=0)


def test_confirm_all_memory_matches(translation: Translation, translator: User) -> None:
    _memory_filled(translation, [0, 1, 2, 3])
    edited = seg(translation, 1)
    editing.segment_save(segment_id=edited.pk, user=translator, text="사람의 글.", version=1)
    translation.segments.filter(order=3).update(flagged=True)
    result = editing.translation_confirm_memory_matches(
        translation_id=translation.pk, user=translator
    )
    assert result == {"confirmed": 2, "skipped": 1}
    states = dict(translation.segments.values_list("order", "state"))
    assert states == {0: State.CONFIRMED, 1: State.EDITED, 2: State.CONFIRMED,
                      3: State.MACHINE, 4: State.MACHINE, 5: State.MACHINE}  # fmt: skip
    for order in (0, 2):
        segment = seg(translation, order)
        assert segment.version == 2
        assert kinds(segment) == [Kind.CONFIRM, Kind.MACHINE]
        latest = segment.revisions.first()
        assert latest.author == translator
    # Again: nothing left.
    assert editing.translation_confirm_memory_matches(
        translation_id=translation.pk, user=translator
    ) == {"confirmed": 0, "skipped": 1}


def test_confirm_all_refused_on_an_approved_article(
    translation: Translation, translator: User
) -> None:
    _memory_filled(translation, [0])
    Article.objects.filter(pk=translation.article_id).update(status=Article.Status.APPROVED)
    with pytest.raises(ServiceError, match="approved"):
        editing.translation_confirm_memory_matches(translation_id=translation.pk, user=translator)
    assert seg(translation).state == State.MACHINE


def test_confirm_all_view(translation: Translation, translator_client: Client) -> None:
    url = reverse("editor:translation", args=[translation.pk])
    assert "Confirm all exact memory matches" not in translator_client.get(url).content.decode()
    _memory_filled(translation, [0, 4])
    assert "Confirm all exact memory matches" in translator_client.get(url).content.decode()
    response = translator_client.post(
        reverse("editor:confirm-memory", args=[translation.pk]), follow=True
    )
    assert response.redirect_chain[-1][0].endswith("?filter=memory")
    assert "Confirmed 2 exact memory matches." in response.content.decode()
    assert translation.segments.filter(state=State.CONFIRMED).count() == 2


def _repeat_first_sentence(translation: Translation, orders: list[int]) -> Segment:
    first = seg(translation)
    translation.segments.filter(order__in=orders).update(
        source=first.source, target_text="다른 번역.", machine_text="다른 번역."
    )
    return first


def test_confirming_offers_the_copies_and_propagates(
    translation: Translation, translator: User, translator_client: Client
) -> None:
    first = _repeat_first_sentence(translation, [3, 5])
    saved = translator_client.post(
        reverse("editor:save", args=[first.pk]),
        {"version": 1, "text": "확정한 번역.", "action": "confirm"},
        **HTMX,
    )
    body = saved.content.decode()
    assert "This sentence appears 2 more times in the article." in body
    assert reverse("editor:propagate", args=[first.pk]) in body
    response = translator_client.post(reverse("editor:propagate", args=[first.pk]), follow=True)
    assert "confirmed on 2 identical sentences" in response.content.decode()
    for order in (3, 5):
        copy = seg(translation, order)
        assert (copy.target_text, copy.state, copy.version) == ("확정한 번역.", State.CONFIRMED, 2)
        assert kinds(copy) == [Kind.CONFIRM, Kind.MACHINE]
        assert copy.revisions.first().author == translator
    # Confirming it again offers nothing: the copies hold the text already.
    again = translator_client.post(
        reverse("editor:save", args=[first.pk]),
        {"version": 2, "text": "확정한 번역 둘.", "action": "confirm"},
        **HTMX,
    )
    assert "2 more times" in again.content.decode()  # the text changed: offered again
    assert (
        "more time"
        not in translator_client.post(
            reverse("editor:save", args=[seg(translation, 2).pk]),
            {"version": 1, "text": "혼자인 문장.", "action": "confirm"},
            **HTMX,
        ).content.decode()
    )


def test_propagate_refuses_an_unconfirmed_sentence(
    translation: Translation, translator: User
) -> None:
    first = _repeat_first_sentence(translation, [3])
    with pytest.raises(ServiceError, match="not confirmed"):
        editing.segment_propagate(segment_id=first.pk, user=translator)
    assert seg(translation, 3).version == 1


# --- Permissions ----------------------------------------------------------------------------


def _posts(translation: Translation) -> list[str]:
    return [
        reverse("editor:propagate", args=[seg(translation).pk]),
        reverse("editor:confirm-memory", args=[translation.pk]),
    ]


def test_new_pages_need_a_desk_member(
    translation: Translation, client: Client, outsider_client: Client
) -> None:
    for url in (reverse("editor:replace", args=[translation.pk]),
                reverse("editor:concordance", args=[translation.pk])):  # fmt: skip
        anonymous = client.get(url, {"q": "x", "find": "x"})
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))
        assert outsider_client.get(url, {"q": "x", "find": "x"}).status_code == 403
    posted = outsider_client.post(
        reverse("editor:replace", args=[translation.pk]),
        {"find": "Kirby", "replace": "x", "segment": f"{seg(translation, 1).pk}:1"},
    )
    assert posted.status_code == 403
    assert "Kirby" in seg(translation, 1).target_text


def test_new_posts_need_a_desk_member(
    translation: Translation, client: Client, outsider_client: Client, translator_client: Client
) -> None:
    _memory_filled(translation, [0])
    for url in _posts(translation):
        anonymous = client.post(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))
        assert outsider_client.post(url).status_code == 403
        assert translator_client.get(url).status_code == 405  # POST only
    assert seg(translation).state == State.MACHINE


# --- 5. Find and replace; concordance ---------------------------------------------------------


def _versions(translation: Translation, *orders: int) -> dict[int, int]:
    return {seg(translation, o).pk: seg(translation, o).version for o in orders}


def test_replace_preview_lists_the_sentences_that_change(translation: Translation) -> None:
    preview = editor_selectors.replace_preview(translation=translation, find="Kirby",
                                               replace="커비")  # fmt: skip
    assert [item.segment.order for item in preview] == [1, 3]
    first = preview[0]
    assert first.after == first.before.replace("Kirby", "커비")
    assert (True, "Kirby") in first.pieces
    assert "".join(text for _, text in first.pieces) == first.before
    assert editor_selectors.replace_preview(translation=translation, find="kirby",
                                            replace="x") == []  # fmt: skip
    folded = editor_selectors.replace_preview(translation=translation, find="kirby",
                                              replace="x", ignore_case=True)  # fmt: skip
    assert [item.segment.order for item in folded] == [1, 3]


def test_replace_preview_ignores_case_beyond_ascii(
    translation: Translation, translator: User
) -> None:
    segment = seg(translation, 2)
    editing.segment_save(segment_id=segment.pk, user=translator, text="Été à Séoul.", version=1)
    found = editor_selectors.replace_preview(
        translation=translation, find="été", replace="hiver", ignore_case=True
    )
    assert [(item.segment.order, item.after) for item in found] == [(2, "hiver à Séoul.")]
    exact = editor_selectors.replace_preview(translation=translation, find="été", replace="x")
    assert exact == []


def test_replace_applies_versioned_edits(translation: Translation, translator: User) -> None:
    confirmed = seg(translation, 3)
    editing.segment_confirm(segment_id=confirmed.pk, user=translator, version=1)
    changed = editing.translation_replace(
        translation_id=translation.pk, user=translator, find="Kirby", replace="커비",
        versions=_versions(translation, 1, 3),
    )  # fmt: skip
    assert changed == 2
    for order, version in ((1, 2), (3, 3)):
        segment = seg(translation, order)
        assert "커비" in segment.target_text
        assert "Kirby" not in segment.target_text
        assert (segment.state, segment.version) == (State.EDITED, version)
        assert segment.revisions.first().kind == Kind.EDIT
        assert segment.revisions.first().author == translator


def test_replace_only_the_ticked_sentences(translation: Translation, translator: User) -> None:
    editing.translation_replace(
        translation_id=translation.pk, user=translator, find="Kirby", replace="커비",
        versions=_versions(translation, 3),
    )  # fmt: skip
    assert "Kirby" in seg(translation, 1).target_text
    assert "커비" in seg(translation, 3).target_text


def test_replace_refuses_a_sentence_changed_since_the_preview(
    translation: Translation, translator: User, editor: User
) -> None:
    seen = _versions(translation, 1, 3)
    # Meanwhile the editor rewrote sentence 4 without the word.
    editing.segment_save(segment_id=seg(translation, 3).pk, user=editor, text="새 문장.", version=1)
    with pytest.raises(editing.SegmentConflict):
        editing.translation_replace(
            translation_id=translation.pk, user=translator, find="Kirby", replace="커비",
            versions=seen,
        )  # fmt: skip
    assert "Kirby" in seg(translation, 1).target_text  # nothing half-done
    assert seg(translation, 1).version == 1


@pytest.mark.parametrize(
    ("find", "replace", "message"),
    [("", "x", "Say what to find"), ("Kirby", "Kirby", "same as the text to find"),
     ("x" * 201, "y", "200 characters")],
)  # fmt: skip
def test_replace_refuses_bad_input(
    translation: Translation, translator: User, find: str, replace: str, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        editing.translation_replace(
            translation_id=translation.pk, user=translator, find=find, replace=replace,
            versions=_versions(translation, 1),
        )  # fmt: skip


def test_replace_refuses_to_empty_a_sentence(translation: Translation, translator: User) -> None:
    segment = seg(translation, 5)
    editing.segment_save(segment_id=segment.pk, user=translator, text="Kirby", version=1)
    with pytest.raises(ServiceError, match="empty"):
        editing.translation_replace(
            translation_id=translation.pk, user=translator, find="Kirby", replace="",
            versions=_versions(translation, 1, 3, 5),
        )  # fmt: skip
    assert "Kirby" in seg(translation, 1).target_text


def test_replace_refused_on_an_approved_article(
    translation: Translation, translator: User, translator_client: Client
) -> None:
    Article.objects.filter(pk=translation.article_id).update(status=Article.Status.APPROVED)
    with pytest.raises(ServiceError, match="approved"):
        editing.translation_replace(
            translation_id=translation.pk, user=translator, find="Kirby", replace="커비",
            versions=_versions(translation, 1),
        )  # fmt: skip
    url = reverse("editor:replace", args=[translation.pk])
    page = translator_client.get(url, {"find": "Kirby", "replace": "커비"}).content.decode()
    assert "read-only" in page
    assert "Replace in the ticked sentences" not in page
    posted = translator_client.post(
        url, {"find": "Kirby", "replace": "커비", "segment": f"{seg(translation, 1).pk}:1"}
    )
    assert posted.status_code == 400
    assert "approved" in posted.content.decode()
    assert "Kirby" in seg(translation, 1).target_text


def test_replace_views_preview_then_apply(
    translation: Translation, translator_client: Client
) -> None:
    url = reverse("editor:replace", args=[translation.pk])
    preview = translator_client.get(url, {"find": "Kirby", "replace": "커비"})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "2 occurrences in 2 sentences." in body
    assert "<del>Kirby</del>" in body
    assert "<ins>커비</ins>" in body
    one, three = seg(translation, 1), seg(translation, 3)
    assert f'value="{one.pk}:1" checked' in body
    assert f'value="{three.pk}:1" checked' in body
    done = translator_client.post(
        url, {"find": "Kirby", "replace": "커비", "segment": [f"{one.pk}:1", f"{three.pk}:1"]},
        follow=True,
    )  # fmt: skip
    assert "Replaced “Kirby” with “커비” in 2 sentences." in done.content.decode()
    assert done.redirect_chain[-1][0].endswith("?filter=changed")
    stale = translator_client.post(
        url, {"find": "커비", "replace": "Kirby", "segment": [f"{one.pk}:1"]}
    )
    assert stale.status_code == 409
    assert "Nothing was replaced" in stale.content.decode()
    nothing = translator_client.get(url, {"find": "no such words"}).content.decode()
    assert "No sentence of this translation contains “no such words”." in nothing
    garbled = translator_client.post(url, {"find": "커비", "replace": "K", "segment": "x"})
    assert garbled.status_code == 400


def test_concordance_lists_memory_and_glossary(
    translation: Translation, translator: User, translator_client: Client
) -> None:
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"), ("ja", "平壌"))
    memory_record(
        source_text="Pyongyang fired a missile.", target_text="평양이 미사일을 쐈다.",
        source_language="en", target_language="ko", user=translator, article_id=None,
    )  # fmt: skip
    memory_record(
        source_text="Pyongyang fired a missile.", target_text="Pjöngjang feuerte.",
        source_language="en", target_language="de", user=translator, article_id=None,
    )  # fmt: skip
    url = reverse("editor:concordance", args=[translation.pk])
    body = translator_client.get(url, {"q": "pyongyang"}, **HTMX).content.decode()
    assert "평양이 미사일을 쐈다." in body
    assert "Pjöngjang" not in body  # another pair
    assert "ko 평양" in body
    assert "en Pyongyang" in body
    assert "平壌" not in body  # a language of neither side
    assert "<html" not in body  # the panel only, for htmx
    page = translator_client.get(url, {"q": "평양"})
    assert "<html" in page.content.decode()
    assert "평양이 미사일을 쐈다." in page.content.decode()
    empty = translator_client.get(url, {"q": "zzzz"}, **HTMX).content.decode()
    assert "No memory entry contains “zzzz”." in empty
    assert "No glossary term contains “zzzz”." in empty


def test_editor_page_offers_the_tools(translation: Translation, translator_client: Client) -> None:
    body = translator_client.get(reverse("editor:translation", args=[translation.pk])).content
    html = body.decode()
    assert reverse("editor:replace", args=[translation.pk]) in html
    assert 'id="ed-concordance-q"' in html


# --- 6. Comments per sentence, @mentions --------------------------------------------------------


@pytest.fixture
def mentions() -> Any:
    got: list[dict[str, Any]] = []

    def handler(**payload: Any) -> None:
        got.append(payload)

    events.subscribe("segment.mentioned", handler)
    yield got
    events.unsubscribe("segment.mentioned", handler)


def test_mentioned_names() -> None:
    assert comments.mentioned_names("@eddie, look. cc @tess and @eddie. mail x@example.com") == [
        "eddie",
        "tess",
    ]


def test_comment_with_mentions_emits_one_event_per_other_user(
    translation: Translation,
    translator: User,
    editor: User,
    mentions: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    segment = seg(translation, 2)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comments.segment_comment_add(
            segment_id=segment.pk, user=translator, text="  @Eddie is 'urged' right? @tess  "
        )
    assert (comment.text, comment.author, comment.mentions) == (
        "@Eddie is 'urged' right? @tess",
        translator,
        ["eddie", "tess"],
    )
    assert mentions == [  # not the author, who mentioned herself
        {"comment_id": comment.pk, "segment_id": segment.pk, "translation_id": translation.pk,
         "article_id": translation.article_id, "user_id": editor.pk, "by": "tess"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [("  ", "The comment is empty"), ("x" * 2001, "at most 2,000"),
     ("@olga @nobody see this", "Nobody on the desk is called @olga, @nobody")],
)  # fmt: skip
def test_comment_refuses_bad_input(
    translation: Translation, translator: User, outsider: User, text: str, message: str,
    mentions: list[dict[str, Any]], django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ServiceError, match=message),
    ):
        comments.segment_comment_add(segment_id=seg(translation).pk, user=translator, text=text)
    assert SegmentComment.objects.count() == 0
    assert mentions == []


def test_comment_thread_views(
    translation: Translation, translator_client: Client, editor: User
) -> None:
    segment = seg(translation, 1)
    url = reverse("editor:comments", args=[segment.pk])
    empty = translator_client.get(url, **HTMX).content.decode()
    assert "No comments yet." in empty
    assert "@eddie" in empty  # the desk users one may mention
    added = translator_client.post(url, {"text": "@eddie 이 문장 봐 주세요."}, **HTMX)
    body = added.content.decode()
    assert added.status_code == 200
    assert "@eddie 이 문장 봐 주세요." in body
    assert "<strong>tess</strong>" in body
    assert 'hx-swap-oob="true" aria-expanded="true">Comments (1)</a>' in body  # the row's link
    refused = translator_client.post(url, {"text": "@ghost hi"}, **HTMX).content.decode()
    assert "Nobody on the desk is called @ghost" in refused
    assert "@ghost hi</textarea>" in refused  # the text is kept
    page = translator_client.get(reverse("editor:translation", args=[translation.pk]))
    assert "Comments (1)" in page.content.decode()
    plain = translator_client.post(url, {"text": "Without JavaScript."})
    assert plain.status_code == 302
    assert SegmentComment.objects.filter(segment=segment).count() == 2


def test_comments_allowed_on_an_approved_article(
    translation: Translation, editor_client: Client
) -> None:
    Article.objects.filter(pk=translation.article_id).update(status=Article.Status.APPROVED)
    url = reverse("editor:comments", args=[seg(translation).pk])
    assert editor_client.post(url, {"text": "Published as is."}, **HTMX).status_code == 200
    assert SegmentComment.objects.count() == 1


def test_comments_need_a_desk_member(
    translation: Translation, client: Client, outsider_client: Client
) -> None:
    url = reverse("editor:comments", args=[seg(translation).pk])
    for method in ("get", "post"):
        anonymous = getattr(client, method)(url, {"text": "x"})
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))
        assert getattr(outsider_client, method)(url, {"text": "x"}).status_code == 403
    assert SegmentComment.objects.count() == 0
