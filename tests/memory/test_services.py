from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from newsapp.articles.models import Translation
from newsapp.articles.services import editing, pipeline
from newsapp.core import errors
from newsapp.memory import services
from newsapp.memory.models import TMEntry, normalise, source_key
from tests.factories import ArticleFactory, TranslationFactory
from tests.memory.samples import BILLION_LAUGHS, SAMPLE_TMX, XXE, record

pytestmark = pytest.mark.django_db
Origin = TMEntry.Origin


def tmx(*units: str, srclang: str = "en") -> bytes:
    body = "\n".join(units)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="{srclang}"/>'
        f"<body>{body}</body></tmx>"
    ).encode()


def tu(source: str, target: str, src: str = "en", tgt: str = "ko", attrs: str = "") -> str:
    return (
        f'<tu {attrs}><tuv xml:lang="{src}"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="{tgt}"><seg>{target}</seg></tuv></tu>'
    )


# --- Normalisation ----------------------------------------------------------------------


def test_normalise_collapses_whitespace_and_keeps_case() -> None:
    assert normalise("  The  UN\tsaid.\n") == "The UN said."
    assert source_key("The UN said.") == source_key("The  UN said.  ")
    assert source_key("The UN said.") != source_key("the un said.")
    assert source_key("The UN said.") != source_key("The UN said")
    # Precomposed and decomposed Hangul are one key.
    assert source_key("한국") == source_key("\u1112\u1161\u11ab\u1100\u116e\u11a8")


# --- memory_record --------------------------------------------------------------------------


def test_record_creates_an_entry(editor: User) -> None:
    article = ArticleFactory()
    entry = services.memory_record(
        source_text=" It should use it. ", target_text="그 영향력을 써야 한다.",
        source_language="en-US", target_language="ko_KR", user=editor, article_id=article.pk,
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.source_text, entry.target_text) == ("It should use it.", "그 영향력을 써야 한다.")
    assert (entry.source_language, entry.target_language) == ("en", "ko")
    assert entry.source_key == source_key("It should use it.")
    assert entry.source_length == len("It should use it.")
    assert entry.origin == Origin.CONFIRMED
    assert entry.created_by == entry.updated_by == editor
    assert entry.article == article


def test_a_newer_confirmation_updates_the_entry(translator: User, editor: User) -> None:
    first = services.memory_record(
        source_text="It should use it.", target_text="old", source_language="en",
        target_language="ko", user=translator, article_id=None,
    )  # fmt: skip
    second = services.memory_record(
        source_text="It  should use it.", target_text="new", source_language="en",
        target_language="ko", user=editor, article_id=None,
    )  # fmt: skip
    assert second.pk == first.pk
    entry = TMEntry.objects.get()
    assert entry.target_text == "new"
    assert entry.source_text == "It  should use it."
    assert (entry.created_by, entry.updated_by) == (translator, editor)
    assert entry.updated_at >= entry.created_at


def test_each_language_pair_has_its_own_entry() -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    record("It should use it.", "それを使うべきだ。", tgt="ja")
    record("그 영향력을 써야 한다.", "It should use it.", src="ko", tgt="en")
    assert TMEntry.objects.count() == 3


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt", "message"),
    [
        ("", "x", "en", "ko", "empty"),
        ("x", "   ", "en", "ko", "empty"),
        ("x", "y", "en", "en-GB", "same"),
        ("x", "y", "english", "ko", "not a language code"),
    ],
)
def test_record_refusals(source: str, target: str, src: str, tgt: str, message: str) -> None:
    with pytest.raises(errors.ServiceError, match=message):
        record(source, target, src, tgt)
    assert not TMEntry.objects.exists()


def test_confirming_a_segment_records_it(translator: User, fake_engine: object) -> None:
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    segment = translation.segments.order_by("order").first()
    assert segment is not None
    editing.segment_save(
        segment_id=segment.pk, user=translator, text="미국은 화요일 북한에 도발 중단을 촉구했다.",
        version=segment.version, confirm=True,
    )  # fmt: skip
    entry = TMEntry.objects.get()
    assert entry.source_text == segment.source
    assert entry.target_text == "미국은 화요일 북한에 도발 중단을 촉구했다."
    assert entry.article_id == translation.article_id
    assert entry.updated_by == translator


# --- TMX import -------------------------------------------------------------------------------


def test_import_reads_pairs_from_tuv_languages(editor: User) -> None:
    result = services.tmx_import(data=SAMPLE_TMX, user=editor)
    assert result == services.ImportResult(created=3, updated=0, skipped=0, errors=())
    pairs = sorted(TMEntry.objects.values_list("source_language", "target_language", "target_text"))
    assert pairs == [
        ("en", "ja", "国連安保理は水曜日に会合を開く予定だ。"),
        ("en", "ko", "그 영향력을 써야 한다."),
        ("en", "ko", "유엔 안보리는 수요일에 회의를 열 예정이다."),
    ]
    entry = TMEntry.objects.get(target_language="ja")
    assert entry.origin == Origin.IMPORTED
    assert entry.created_by == editor
    assert entry.article is None
    assert entry.source_key == source_key(
        "The UN Security Council is expected to meet on Wednesday."
    )


def test_importing_twice_changes_nothing(editor: User) -> None:
    services.tmx_import(data=SAMPLE_TMX, user=editor)
    again = services.tmx_import(data=SAMPLE_TMX, user=editor)
    assert again == services.ImportResult(created=0, updated=0, skipped=3, errors=())
    assert TMEntry.objects.count() == 3


def test_import_updates_imported_entries_but_keeps_confirmed_ones(editor: User) -> None:
    services.tmx_import(data=tmx(tu("Seoul said.", "old import")), user=None)
    record("It should use it.", "desk's own")
    result = services.tmx_import(
        data=tmx(tu("Seoul  said.", "new import"), tu("It should use it.", "vendor's")),
        user=editor,
    )
    assert (result.created, result.updated, result.skipped) == (0, 1, 1)
    imported = TMEntry.objects.get(origin=Origin.IMPORTED)
    assert imported.target_text == "new import"
    assert imported.updated_by == editor
    assert TMEntry.objects.get(origin=Origin.CONFIRMED).target_text == "desk's own"


def test_a_later_unit_for_the_same_source_wins() -> None:
    result = services.tmx_import(data=tmx(tu("Hi.", "first"), tu(" Hi. ", "second")), user=None)
    assert result.created == 1
    assert TMEntry.objects.get().target_text == "second"


def test_srclang_all_needs_the_source_language() -> None:
    data = tmx(tu("Hi.", "안녕."), srclang="*all*")
    refused = services.tmx_import(data=data, user=None)
    assert refused.created == 0
    assert len(refused.errors) == 1
    assert "no source language" in refused.errors[0]
    assert "unit 1" in refused.errors[0]
    done = services.tmx_import(data=data, user=None, source_language="en-GB")
    assert done.created == 1
    assert TMEntry.objects.get().source_language == "en"


def test_unit_srclang_overrides_the_header() -> None:
    data = tmx(tu("안녕.", "Hi.", src="ko", tgt="en", attrs='srclang="ko"'))
    assert services.tmx_import(data=data, user=None).created == 1
    entry = TMEntry.objects.get()
    assert (entry.source_language, entry.target_language, entry.source_text) == (
        "ko",
        "en",
        "안녕.",
    )


def test_unreadable_units_are_reported_and_the_rest_imported() -> None:
    data = tmx(
        tu("Hi.", "안녕."),
        tu("No source here.", "x", src="fr", attrs='tuid="t2"'),
        tu("Bad code.", "x", tgt="not a code"),
        '<tu><tuv xml:lang="en"><seg>Untranslated.</seg></tuv></tu>',
        tu("Empty target.", ""),
    )
    result = services.tmx_import(data=data, user=None)
    assert (result.created, result.skipped) == (1, 2)
    assert len(result.errors) == 2
    assert "unit 2 (tuid t2)" in result.errors[0]
    assert "source language en" in result.errors[0]
    assert "not a language code" in result.errors[1]
    assert result.summary() == "1 created, 0 updated, 2 skipped, 2 with errors."


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(services.TMXFormatError, match="declares the XML entity “lol”"):
        services.tmx_import(data=BILLION_LAUGHS, user=None)
    assert not TMEntry.objects.exists()


def test_external_entities_are_refused() -> None:
    with pytest.raises(services.TMXFormatError, match=r"external entity .*file:///etc/passwd"):
        services.tmx_import(data=XXE, user=None)
    assert not TMEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<tmx><body>", "Not well-formed XML"),
        (b"", "Not well-formed XML"),
        (b'<xliff version="1.2"/>', "Not a TMX file: the root element is <xliff>"),
    ],
)
def test_files_that_are_not_tmx_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(services.TMXFormatError, match=message):
        services.tmx_import(data=data, user=None)


def test_oversized_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_TMX_BYTES", 100)
    with pytest.raises(services.TMXFormatError, match="larger than"):
        services.tmx_import(data=SAMPLE_TMX, user=None)


def test_invalid_source_language_argument() -> None:
    with pytest.raises(errors.ServiceError, match="not a language code"):
        services.tmx_import(data=SAMPLE_TMX, user=None, source_language="english")
