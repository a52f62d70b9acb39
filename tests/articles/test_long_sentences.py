"""Finding 10: a sentence longer than an engine can decode is translated in parts and
rejoined; output that hit the decoding limit is flagged; a long sentence stays editable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import pytest
from django.contrib.auth.models import User

from glossary.enforcement import MAX_SENTENCE_CHARS, Enforcer, split_for_engine
from glossary.matching import GlossaryIndex, IndexTerm
from glossary.selectors import ApprovedConcept
from newsapp.articles.models import Article
from newsapp.articles.services import editing, pipeline
from newsapp.mt.base import MTText
from tests.factories import ArticleFactory, TranslationFactory

WORDS = ["officials", "said", "the", "talks", "in", "Pyongyang", "would", "continue"]
LONG = " ".join(WORDS[i % len(WORDS)] for i in range(3000))  # ~20,000 chars, no punctuation


def test_split_keeps_every_character_and_never_cuts_a_term() -> None:
    index = GlossaryIndex([IndexTerm(1, 1, "en", "talks in Pyongyang")])
    spans = [(m.start, m.end) for m in index.find(LONG, "en")]
    parts = split_for_engine(LONG, spans, MAX_SENTENCE_CHARS)
    assert "".join(parts) == LONG
    assert len(parts) > 40
    assert max(len(part) for part in parts) <= MAX_SENTENCE_CHARS
    cuts = {sum(len(p) for p in parts[:i]) for i in range(1, len(parts))}
    assert not any(start < cut < end for cut in cuts for start, end in spans)


def test_split_prefers_clause_punctuation() -> None:
    sentence = ("a" * 150 + ", ") + ("b" * 150 + "; ") + "c" * 150
    parts = split_for_engine(sentence, [], 200)
    assert parts == ["a" * 150 + ",", " " + "b" * 150 + ";", " " + "c" * 150]


class Truncating:
    """Decodes at most 60 characters per input, and says so (like a real model at its limit)."""

    placeholder_format: ClassVar[str] = "⟦{n}⟧"
    seen: ClassVar[list[int]] = []

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        type(self).seen += [len(s) for s in sentences]
        return [MTText(s.upper()[:60], truncated=len(s) > 60) for s in sentences]


def test_long_input_is_translated_in_parts_and_truncation_is_reported() -> None:
    rules: dict[int, ApprovedConcept] = {}
    enforcer = Enforcer(Truncating(), "en", "es", rules=rules, find=GlossaryIndex([]).find,
                        max_sentence_chars=50)  # fmt: skip
    [short] = enforcer.translate(["The talks would continue."])
    assert not short.truncated
    [long] = enforcer.translate([LONG[:500]])
    assert max(Truncating.seen) <= 60  # no single engine call past the limit
    assert long.text.startswith("OFFICIALS SAID THE TALKS")
    assert not long.truncated
    [cut] = Enforcer(Truncating(), "en", "es", rules=rules, find=GlossaryIndex([]).find,
                     max_sentence_chars=400).translate([LONG[:500]])  # fmt: skip
    assert cut.truncated


class FakeTruncating:
    name: ClassVar[str] = "fake"
    placeholder_format: ClassVar[str] = "⟦{n}⟧"

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        return [MTText(f"[{target}] {s}"[:80], truncated=len(s) > 80) for s in sentences]


@pytest.mark.django_db
def test_truncated_output_is_flagged_and_a_long_sentence_stays_editable(
    fake_engine: object, translator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsapp.mt import registry

    # An engine that decodes only 80 characters: even the 400-character parts come back cut.
    monkeypatch.setattr(registry, "get_engine", lambda name: FakeTruncating())
    article = ArticleFactory(source_text=LONG, status=Article.Status.TRANSLATING)
    translation = TranslationFactory(article=article, target_language="es")
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    [segment] = translation.segments.all()
    assert len(segment.source) > 19_000
    assert "truncated" in [issue["code"] for issue in segment.qa_issues]
    assert segment.flagged
    # The translator can write the full translation (longer than the old 5,000 limit).
    full = LONG.upper()
    saved = editing.segment_save(
        segment_id=segment.pk, user=translator, text=full, version=segment.version, confirm=True
    )
    assert saved.target_text == full
    assert saved.state == "confirmed"
