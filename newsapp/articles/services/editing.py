"""Writes for the translator workspace: saving, confirming and re-translating one segment.

No lost updates. Every segment carries a version. A write names the version it started
from and is a single conditional UPDATE (``pk`` and ``version`` match → ``version + 1``), so
of two concurrent writes from the same version exactly one wins; the other raises
:class:`SegmentConflict` carrying the segment as it is now, and nothing is overwritten.
Workers follow the same rule (``services.reenforce.translation_reenforce`` only rewrites machine
segments whose version it read), so a person's edit is never replaced behind their back.

Every change writes a :class:`SegmentRevision` (who, when, kind, version, text, state), re-runs
the glossary term checks and the fact checks (``services.checks``) on the new text and refreshes
the translation's summary. Approved articles are frozen: the check runs inside the write's
transaction, with the article row locked (``workflow.article_lock_editable``), so an edit
cannot commit just after an approval. Confirming a sentence with no open problem records it
in translation memory.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from glossary.enforcement import Enforcer
from newsapp.articles import text as text_utils
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.selectors.editor import SEARCH_MAX_CHARS, replace_preview, segment_copies
from newsapp.articles.services import workflow
from newsapp.articles.services.checks import dismissal_key, sentence_checks, translation_compliance
from newsapp.core.errors import ServiceError
from newsapp.core.users import AccountUser, actor
from newsapp.memory import services as memory
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, MTError, MTTransientError, UnsupportedPairError

logger = logging.getLogger(__name__)

#: A sentence's translation may be this long, or ``SEGMENT_LENGTH_FACTOR`` times its source
#: (a 20,000-character unpunctuated paragraph is one sentence and must stay editable).
SEGMENT_MAX_CHARS = 5000
SEGMENT_LENGTH_FACTOR = 4
DISMISS_REASON_MAX_CHARS = 500


def segment_max_chars(source: str) -> int:
    return max(SEGMENT_MAX_CHARS, SEGMENT_LENGTH_FACTOR * len(source))


State = Segment.State
Kind = SegmentRevision.Kind
User = AbstractBaseUser | AnonymousUser


class SegmentConflict(Exception):
    """The segment changed since the writer loaded it; ``segment`` is its current state."""

    def __init__(self, segment: Segment) -> None:
        super().__init__(
            _("Sentence %(number)s was changed by someone else (it is now at version %(version)s).")
            % {"number": segment.order + 1, "version": segment.version}
        )
        self.segment = segment


class RetranslateConfirmed(ServiceError):
    """Re-translating would replace a sentence a person confirmed: the caller must ask first
    and call again with ``overwrite_confirmed=True``."""


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
            _(
                "The translation is empty. Write the sentence, or use Re-translate to get the "
                "machine translation back."
            )
        )
    if kind not in Kind.values:
        raise ServiceError(_("Unknown revision kind %(kind)r.") % {"kind": kind})
    segment = _load(segment_id)
    limit = segment_max_chars(segment.source)
    if len(text) > limit:
        raise ServiceError(
            _(
                "The translation has %(length)s characters; this sentence's translation may "
                "have at most %(limit)s."
            )
            % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    _check_editable(segment)
    state = State.CONFIRMED if confirm else State.EDITED
    if text == segment.target_text and (not confirm or segment.state == State.CONFIRMED):
        return segment  # nothing changes: no new version, no revision
    if confirm and kind == Kind.EDIT:
        kind = Kind.CONFIRM
    checks = _checks(segment, text)
    return _apply(
        segment, user=user, version=version, kind=kind, target_text=text, state=state,
        **checks.fields(),
    )  # fmt: skip


def segment_confirm(*, segment_id: int, user: User, version: int) -> Segment:
    """Confirm a segment's current text, as of ``version``."""
    segment = _load(segment_id)
    _check_editable(segment)
    if segment.version != version:
        raise SegmentConflict(segment)
    if not segment.target_text.strip():
        raise ServiceError(_("This sentence has no translation yet, so it cannot be confirmed."))
    return segment_save(
        segment_id=segment_id, user=user, text=segment.target_text, version=version, confirm=True
    )


def segment_retranslate(
    *, segment_id: int, user: User, version: int, overwrite_confirmed: bool = False
) -> Segment:
    """Translate one sentence again with the engine and the glossary, as of ``version``.

    It is a person's explicit request, so it may replace an edited or confirmed text, but
    only if nobody changed the segment since ``version``. Over a confirmed sentence it
    raises :class:`RetranslateConfirmed` unless ``overwrite_confirmed`` says the person was
    asked. A revision is written even when the engine returns the same text. The segment
    goes back to the "machine" state.
    """
    segment = _load(segment_id)
    _check_editable(segment)
    if segment.version != version:
        raise SegmentConflict(segment)  # stale already: spare the engine call
    if segment.state == State.CONFIRMED and not overwrite_confirmed:
        raise RetranslateConfirmed(
            _(
                "Sentence %(number)s was confirmed by a person. Re-translating replaces "
                "their text with the engine's (it stays in the history). Re-translate anyway?"
            )
            % {"number": segment.order + 1}
        )
    translation = segment.translation
    engine = _engine(translation)
    enforcer = Enforcer(engine, translation.article.source_language, translation.target_language)
    try:
        [rendered] = enforcer.translate([segment.source])
    except MTTransientError:
        raise ServiceError(_("The translation engine is busy; try again in a moment.")) from None
    except MTError as exc:
        raise ServiceError(
            _("The engine could not translate this sentence: %(error)s") % {"error": exc}
        ) from None
    checks = _checks(segment, rendered.text, terms=rendered.report, truncated=rendered.truncated)
    return _apply(
        segment, user=user, version=version, kind=Kind.RETRANSLATE,
        machine_text=rendered.text, target_text=rendered.text, state=State.MACHINE,
        origin="mt", **checks.fields(),
    )  # fmt: skip


def translation_confirm_memory_matches(*, translation_id: int, user: User) -> dict[str, int]:
    """Confirm, in one transaction, every sentence still holding its exact translation-memory
    match (origin "tm", state machine), each as :func:`segment_confirm` would: versioned, with
    a "confirm" revision. A sentence needing attention (a term or fact problem) is left for a
    person to look at. Returns ``{"confirmed": n, "skipped": m}``."""
    translation = Translation.objects.select_related("article").get(pk=translation_id)
    if translation.article.status == Article.Status.APPROVED:
        raise ServiceError(str(workflow.APPROVED_MESSAGE))
    confirmed = skipped = 0
    with transaction.atomic():
        workflow.article_lock_editable(translation.article_id)
        matches = Segment.objects.filter(
            translation_id=translation_id, origin="tm", state=State.MACHINE
        ).values_list("pk", "version", "flagged", "qa_open")
        for pk, version, flagged, qa_open in list(matches):
            if flagged or qa_open:
                skipped += 1
                continue
            segment_confirm(segment_id=pk, user=user, version=version)
            confirmed += 1
    return {"confirmed": confirmed, "skipped": skipped}


def segment_propagate(*, segment_id: int, user: User) -> int:
    """Confirm ``segment``'s confirmed text on its identical copies (same source, same
    translation), in one transaction, each a versioned confirmation with a revision.

    Refused unless the sentence is confirmed. A copy changed concurrently aborts the whole
    propagation (:class:`SegmentConflict`); nothing is half-done. Returns how many changed."""
    segment = _load(segment_id)
    _check_editable(segment)
    if segment.state != State.CONFIRMED:
        raise ServiceError(
            _(
                "Sentence %(number)s is not confirmed: confirm it before copying its "
                "translation to its repeats."
            )
            % {"number": segment.order + 1}
        )
    with transaction.atomic():
        workflow.article_lock_editable(segment.translation.article_id)
        copies = segment_copies(segment=segment)
        for copy in copies:
            segment_save(
                segment_id=copy.pk,
                user=user,
                text=segment.target_text,
                version=copy.version,
                confirm=True,
            )
    return len(copies)


def translation_replace(
    *,
    translation_id: int,
    user: User,
    find: str,
    replace: str,
    versions: dict[int, int],
    ignore_case: bool = False,
) -> int:
    """Replace ``find`` by ``replace`` in the sentences the person saw in the preview
    (``versions``: segment id → the version previewed), in one transaction, each a versioned
    edit with a revision (a confirmed sentence becomes edited: it changed).

    A sentence changed since the preview aborts the whole replacement (:class:`SegmentConflict`),
    so nothing is replaced that the person did not see; an approved article refuses it. A
    sentence the replacement would empty refuses it too. Returns how many sentences changed.
    """
    find, replace = clean_text(find), clean_text(replace)
    if not find:
        raise ServiceError(_("Say what to find."))
    if len(find) > SEARCH_MAX_CHARS or len(replace) > SEARCH_MAX_CHARS:
        raise ServiceError(
            _("The texts to find and replace may have %(limit)s characters.")
            % {"limit": SEARCH_MAX_CHARS}
        )
    if find == replace:
        raise ServiceError(
            _("The replacement is the same as the text to find: nothing would change.")
        )
    if not versions:
        raise ServiceError(_("No sentence was chosen: preview the replacement first."))
    translation = Translation.objects.select_related("article").get(pk=translation_id)
    if translation.article.status == Article.Status.APPROVED:
        raise ServiceError(str(workflow.APPROVED_MESSAGE))
    changed = 0
    with transaction.atomic():
        workflow.article_lock_editable(translation.article_id)
        preview = replace_preview(
            translation=translation, find=find, replace=replace, ignore_case=ignore_case
        )
        gone = set(versions) - {item.segment.pk for item in preview}
        for moved in translation.segments.filter(pk__in=gone):
            if moved.version != versions[moved.pk]:
                raise SegmentConflict(moved)  # changed since the preview: no longer matches
        for item in preview:
            if item.segment.pk not in versions:
                continue  # not chosen, or not there when the person looked
            if item.segment.version != versions[item.segment.pk]:
                raise SegmentConflict(item.segment)
            segment_save(
                segment_id=item.segment.pk, user=user, text=item.after,
                version=item.segment.version,
            )  # fmt: skip
            changed += 1
    return changed


def segment_dismiss_issue(
    *, segment_id: int, user: User, code: str, params: dict[str, Any], reason: str
) -> Segment:
    """Dismiss one QA issue of a sentence, with a reason (recorded with who and when).

    The text does not change, so the version does not either; the dismissal lasts while the
    same issue (code and values) is raised, and the sentence is no longer flagged for it.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(_("Say why this is not a problem: the reason is recorded."))
    if len(reason) > DISMISS_REASON_MAX_CHARS:
        raise ServiceError(
            _("The reason is longer than %(limit)s characters.")
            % {"limit": DISMISS_REASON_MAX_CHARS}
        )
    author = actor(user)
    with transaction.atomic():
        segment = _load(segment_id)
        workflow.article_lock_editable(segment.translation.article_id)
        segment = (
            Segment.objects.select_for_update()
            .select_related("translation__article")
            .get(pk=segment_id)
        )
        key = dismissal_key({"code": code, "params": params})
        if not any(dismissal_key(issue) == key for issue in segment.qa_issues):
            raise ServiceError(_("That issue is no longer raised for this sentence."))
        dismissed = [d for d in segment.qa_dismissed if dismissal_key(d) != key]
        dismissed.append({
            "code": code, "params": params, "reason": reason,
            "by": author.get_username() if author else "", "at": timezone.now().isoformat(),
        })  # fmt: skip
        checks = _checks(segment, segment.target_text, dismissed=dismissed)
        Segment.objects.filter(pk=segment.pk).update(
            qa_dismissed=dismissed, flagged=checks.flagged, qa_open=checks.qa_open,
            updated_at=timezone.now(),
        )  # fmt: skip
        _summarise(segment.translation_id)
    segment.qa_dismissed, segment.flagged = dismissed, checks.flagged
    segment.qa_open = checks.qa_open
    return segment


def clean_text(text: str) -> str:
    """A sentence as typed into a textarea: one line, no surrounding whitespace."""
    return re.sub(r"[ \t]*\n\s*", " ", text_utils.normalise(text or "")).strip()


# --- Internals -----------------------------------------------------------------------------


def _load(segment_id: int) -> Segment:
    return Segment.objects.select_related("translation__article").get(pk=segment_id)


def _check_editable(segment: Segment) -> None:
    """A quick refusal before slow work (an engine call); the write checks again, locked."""
    if segment.translation.article.status == Article.Status.APPROVED:
        raise ServiceError(str(workflow.APPROVED_MESSAGE))


def _checks(
    segment: Segment,
    text: str,
    *,
    terms: Any = None,
    truncated: bool = False,
    dismissed: list[dict[str, Any]] | None = None,
) -> Any:
    translation = segment.translation
    return sentence_checks(
        source=segment.source, target=text,
        source_language=translation.article.source_language,
        target_language=translation.target_language, terms=terms, truncated=truncated,
        dismissed=segment.qa_dismissed if dismissed is None else dismissed,
    )  # fmt: skip


def _summarise(translation_id: int) -> None:
    """Refresh the translation's summary. The row is locked first: concurrent saves of other
    segments of the same translation queue here, so the last summary counts every save."""
    translation = Translation.objects.select_for_update().get(pk=translation_id)
    Translation.objects.filter(pk=translation.pk).update(
        compliance=translation_compliance(translation=translation)
    )


def _apply(segment: Segment, *, user: User, version: int, kind: str, **changes: Any) -> Segment:
    """The conditional write: it wins only if the segment is still at ``version``."""
    now = timezone.now()
    author = actor(user)
    with transaction.atomic():
        workflow.article_lock_editable(segment.translation.article_id)
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
        _summarise(segment.translation_id)
        if changes["state"] == State.CONFIRMED and not changes.get("flagged"):
            # Only a confirmed sentence with no open problem is trusted for reuse.
            remember(segment, text=changes["target_text"], user=author)
    for name, value in changes.items():
        setattr(segment, name, value)
    segment.version = version + 1
    segment.updated_at = now
    return segment


def remember(segment: Segment, *, text: str, user: AccountUser | None) -> None:
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
