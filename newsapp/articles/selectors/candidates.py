"""Reads for term candidates: what people confirmed for a name in earlier translations."""

from __future__ import annotations

from newsapp.articles.models import Segment


def confirmed_sentences(
    *, text: str, source_language: str, target_language: str, limit: int = 20
) -> list[tuple[str, str, str]]:
    """(source sentence, confirmed translation, article title) for confirmed segments whose
    source contains ``text`` (any case), newest first. One query."""
    rows = (
        Segment.objects.filter(
            state=Segment.State.CONFIRMED,
            source__icontains=text,
            translation__target_language=target_language,
            translation__article__source_language=source_language,
        )
        .exclude(target_text="")
        .order_by("-updated_at", "-id")
        .values_list("source", "target_text", "translation__article__title")[:limit]
    )
    return [(source, target, title) for source, target, title in rows]
