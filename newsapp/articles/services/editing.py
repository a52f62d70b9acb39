"""Writes for the translator workspace: saving, confirming and re-translating one segment.

No lost updates. Every segment carries a version. A write names the version it started
from and is a single conditional UPDATE (``pk`` and ``version`` match → ``version + 1``), so
of two concurrent writes from the same version exactly one wins; the other raises
:class:`SegmentConflict` carrying the segment as it is now, and nothing is overwritten.
Workers follow the same rule (``services.translation_reenforce`` only rewrites machine
segments whose version it read), so a person's edit is never replaced behind their back.

Every change writes a :class:`SegmentRevision` (who, when, kind, version, text, state), re-runs
the glossary term checks on the new text and refreshes the translation's compliance summary.
Confirming records the segment in translation memory.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from glossary.checking import TermChecker
from glossary.enforcement import Enforcer
from newsapp.articles import text as text_utils
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.services.compliance import translation_compliance
from newsapp.core.errors import ServiceError
from newsapp.core.users import AccountUser, actor
from newsapp.memory import services as memory
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, MTError, MTTransientError, UnsupportedPairError

logger = logging.getLogger(__name__)

#: The longest target text a segment may hold.
SEGMENT_MAX_CHARS = 5000

State = Segment.State
Kind = SegmentRevision.Kind
User = AbstractBaseUser | AnonymousUser


class SegmentConflict(Exception):
    """The segment changed since the writer loaded it; ``segment`` is its current state."""

    def __init__(self, segment: Segment) -> None:
        super().__init__(
            f"Sentence {segment.order + 1} was changed by someone else "
            f"(it is now at version {segment.version})."
        )
        self.segment = segment


# --- Public API ----------------------------------------------------------------------------


def segment_save(
    *,
    segment_id: int,
    user: User,
    text: str,
    version: int,
    confirm: bool = False,
    kind: str = Kind.EDIT,
) -> Segment:
    """Save a person's text for a segment (state edited, or confirmed with ``confirm``).

    ``version`` is the version the person started from; if the segment has moved on since,
    :class:`SegmentConflict` is raised and nothing is written. Saving the text the segment
    already holds (and, for a confirmation, is already confirmed) writes nothing. A
    confirmation recorded with the default kind is recorded as kind "confirm".
    """
    text = clean_text(text)
    if not text:
        raise ServiceError(
            "The translation is empty. Write the sentence, or use Re-translate to get the "
            "machine translation back."
        )
    if len(text) > SEGMENT_MAX_CHARS:
        raise ServiceError(
            f"The translation has {len(text):,} characters; a sentence may have at most "
            f"{SEGMENT_MAX_CHARS:,}."
        )
    if kind not in Kind.values:
        raise ServiceError(f"Unknown revision kind {kind!r}.")
    segment = _load(segment_id)
    _check_editable(segment)
    state = State.CONFIRMED if confirm else State.EDITED
    if text == segment.target_text and (not confirm or segment.state == State.CONFIRMED):
        return segment  # nothing changes: no new version, no revision
    if confirm and kind == Kind.EDIT:
        kind = Kind.CONFIRM
    report = _checker(segment).check(segment.source, text)
    return _apply(
        segment,
        user=user,
        version=version,
        kind=kind,
        target_text=text,
        state=state,
        term_checks=report.as_json(),
        flagged=report.flagged,
    )


def segment_confirm(*, segment_id: int, user: User, version: int) -> Segment:
    """Confirm a segment's current text, as of ``version``."""
    segment = _load(segment_id)
    _check_editable(segment)
    if segment.version != version:
        raise SegmentConflict(segment)
    if not segment.target_text.strip():
        raise ServiceError("This sentence has no translation yet, so it cannot be confirmed.")
    return segment_save(
        segment_id=segment_id, user=user, text=segment.target_text, version=version, confirm=True
    )


def segment_retranslate(*, segment_id: int, user: User, version: int) -> Segment:
    """Translate one sentence again with the engine and the glossary, as of ``version``.

    It is a person's explicit request, so it may replace an edited or confirmed text, but
    only if nobody changed the segment since ``version``. A revision is written even when
    the engine returns the same text. The segment goes back to the "machine" state.
    """
    segment = _load(segment_id)
    _check_editable(segment)
    if segment.version != version:
        raise SegmentConflict(segment)  # stale already: spare the engine call
    translation = segment.translation
    engine = _engine(translation)
    enforcer = Enforcer(engine, translation.article.source_language, translation.target_language)
    try:
        [rendered] = enforcer.translate([segment.source])
    except MTTransientError:
        raise ServiceError("The translation engine is busy; try again in a moment.") from None
    except MTError as exc:
        raise ServiceError(f"The engine could not translate this sentence: {exc}") from None
    return _apply(
        segment,
        user=user,
        version=version,
        kind=Kind.RETRANSLATE,
        machine_text=rendered.text,
        target_text=rendered.text,
        state=State.MACHINE,
        origin="mt",
        term_checks=rendered.report.as_json(),
        flagged=rendered.report.flagged,
    )


def clean_text(text: str) -> str:
    """A sentence as typed into a textarea: one line, no surrounding whitespace."""
    return re.sub(r"[ \t]*\n\s*", " ", text_utils.normalise(text or "")).strip()


# --- Internals -----------------------------------------------------------------------------


def _load(segment_id: int) -> Segment:
    return Segment.objects.select_related("translation__article").get(pk=segment_id)


def _check_editable(segment: Segment) -> None:
    if segment.translation.article.status == Article.Status.APPROVED:
        raise ServiceError(
            "This article is approved. An editor must send it back to review before its "
            "translations can change."
        )


def _apply(segment: Segment, *, user: User, version: int, kind: str, **changes: Any) -> Segment:
    """The conditional write: it wins only if the segment is still at ``version``."""
    now = timezone.now()
    author = actor(user)
    with transaction.atomic():
        won = Segment.objects.filter(pk=segment.pk, version=version).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if not won:
            raise SegmentConflict(Segment.objects.get(pk=segment.pk))
        SegmentRevision.objects.create(
            segment_id=segment.pk,
            version=version + 1,
            text=changes["target_text"],
            state=changes["state"],
            kind=kind,
            author=author,
        )
        # Lock the translation row, then summarise: concurrent saves of other segments of
        # the same translation queue here, so the last summary counts every committed save.
        translation = Translation.objects.select_for_update().get(pk=segment.translation_id)
        Translation.objects.filter(pk=translation.pk).update(
            compliance=translation_compliance(translation=translation)
        )
        if changes["state"] == State.CONFIRMED:
            _remember(segment, text=changes["target_text"], user=author)
    for name, value in changes.items():
        setattr(segment, name, value)
    segment.version = version + 1
    segment.updated_at = now
    return segment


def _remember(segment: Segment, *, text: str, user: AccountUser | None) -> None:
    """Record a confirmed segment in translation memory.

    A failure there is logged and does not undo the confirmation.
    """
    translation = segment.translation
    try:
        with transaction.atomic():
            memory.memory_record(
                source_text=segment.source,
                target_text=text,
                source_language=translation.article.source_language,
                target_language=translation.target_language,
                user=user,
                article_id=translation.article_id,
            )
    except Exception:
        logger.exception("Could not record segment %s in translation memory.", segment.pk)


def _checker(segment: Segment) -> TermChecker:
    translation = segment.translation
    return TermChecker(translation.article.source_language, translation.target_language)


def _engine(translation: Translation) -> MTEngine:
    """The translation's own engine, or the best available one for the pair."""
    source, target = translation.article.source_language, translation.target_language
    try:
        return registry.get_engine(translation.engine)
    except UnsupportedPairError:
        pass
    try:
        return registry.engine_for_pair(source, target)
    except UnsupportedPairError as exc:
        raise ServiceError(str(exc)) from None
