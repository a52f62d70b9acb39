"""Intake: check a submitted story (plain text or a ``newsapp.intake`` Document), save it
with its headline, byline, dateline and block kinds and one queued translation per target
language, and publish the wake-ups after commit. See ``docs/intake.md``."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from newsapp import queue
from newsapp.articles import text as text_utils
from newsapp.articles.issue_text import intake_error
from newsapp.articles.langdetect import detect, detect_wide, plainly_not
from newsapp.articles.models import Article, Translation
from newsapp.articles.services.candidates import candidates_enqueue
from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.sanitize import text_clean
from newsapp.core.users import AccountUser
from newsapp.intake.cleanup import DroppedLine, clean_pasted_text
from newsapp.intake.inline import escape_inline
from newsapp.intake.model import Block, BlockKind, Document, IntakeError, content_hash
from newsapp.intake.ninjs import body_text, read_ninjs
from newsapp.intake.textfile import text_document
from newsapp.intake.upload import EXTENSIONS, read_upload
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, UnsupportedPairError

logger = logging.getLogger(__name__)

Status = Translation.Status

#: Published by name: services never import tasks (tasks import services).
RUN_TASK = "newsapp.articles.tasks.translation_run_task"


class NoEngineForLanguage(ServiceError):
    """The text is in a language no installed engine translates from."""


class DuplicateStory(ServiceError):
    """The same story (same content hash) came in recently; ``first`` is the earlier one."""

    def __init__(self, message: str, *, first: Article) -> None:
        super().__init__(message)
        self.first = first


def _no_engine_from(code: str, sources: set[str]) -> NoEngineForLanguage:
    name = languages.name(code)
    target = "en" if code != "en" else sorted(sources - {code} or {"ko"})[0]
    return NoEngineForLanguage(
        _(
            "%(name)s detected; no engine translates from %(name)s: install a "
            "%(code)s→%(target)s pack (python manage.py langpacks install %(code)s %(target)s)."
        )
        % {"name": name, "code": code, "target": target}
    )


def detect_source_language(*, text: str) -> str:
    """The source language among those an installed engine translates from; a text in a
    language none translates from names that language and the pack to install."""
    candidates = {offer.source for offer in registry.available_pairs()}
    if not candidates:
        raise ServiceError(
            _(
                "No translation engine is installed, so the language cannot be detected. "
                "Install a language pack (python manage.py langpacks install en ko)."
            )
        )
    wide = detect_wide(text, frozenset(candidates))
    if wide is not None and wide[1] >= 0.5 and wide[0] not in candidates:
        raise _no_engine_from(wide[0], candidates)
    found = detect(text, candidates)
    if found is None:
        raise ServiceError(_("Could not detect the source language; please choose it."))
    return found


def source_language_warning(*, text: str, declared: str) -> str:
    """A warning when the declared source language is plainly not the text's ("" if fine)."""
    if not declared or declared == "detect":
        return ""
    found = plainly_not(text, languages.base(declared))
    if found is None:
        return ""
    return _(
        "The source language is set to %(declared)s, but the text looks like %(found)s. "
        "Check the source language (or choose “Detect”)."
    ) % {"declared": languages.name(declared), "found": languages.name(found)}


def duplicate_of(*, digest: str) -> Article | None:
    """The first article with this content hash within INTAKE_DUPLICATE_WARN_MINUTES."""
    minutes = settings.INTAKE_DUPLICATE_WARN_MINUTES
    if not digest or minutes <= 0:
        return None
    since = timezone.now() - timedelta(minutes=minutes)
    return (
        Article.objects.filter(content_hash=digest, created_at__gte=since)
        .order_by("created_at", "id")
        .first()
    )


@dataclass(frozen=True)
class Story:
    """What an article is saved from: the body's plain paragraphs and each one's block."""

    headline: str
    paragraphs: list[str]
    blocks: list[dict[str, object]]
    byline: str = ""
    dateline: str = ""
    slug: str = ""
    source_uri: str = ""
    content_hash: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


_BLANK_LINES = re.compile(r"\n\s*\n")


def _block_plain(block: Block) -> str:
    return _BLANK_LINES.sub("\n", block.plain).strip()


def story_from_document(document: Document) -> Story:
    """Plain paragraphs (markup removed) and their kinds; empty blocks are left out."""
    paragraphs: list[str] = []
    blocks: list[dict[str, object]] = []
    for block in document.blocks:
        plain = text_utils.normalise(_block_plain(block))
        if not plain:
            continue
        paragraphs.append(plain)
        blocks.append(
            {
                "kind": str(block.kind),
                "level": block.level,
                "ordered": block.ordered,
                "depth": block.depth,
            }
        )
    if len(text_utils.paragraphs("\n\n".join(paragraphs))) != len(paragraphs):
        blocks = []  # cannot happen with normalised blocks; never mislabel a paragraph
    return Story(
        headline=" ".join(document.headline_plain.split()),
        paragraphs=paragraphs,
        blocks=blocks,
        byline=document.byline.strip(),
        dateline=document.dateline.strip(),
        slug=document.slug.strip(),
        source_uri=document.source_uri.strip(),
        content_hash=content_hash(document),
    )


def story_from_text(*, text: str, title: str = "") -> Story:
    """Plain text as it always was: paragraphs at blank lines, all of kind paragraph; a
    given title becomes the headline. The content hash is the one the text reader gives
    (``text_document``), so the same story pasted and previewed, pasted and submitted at
    once, or uploaded as .txt is recognised as the same."""
    paragraphs = text_utils.paragraphs(text)
    try:
        digest = content_hash(text_document(text)) if paragraphs else ""
    except IntakeError:
        digest = ""
    return Story(
        headline=" ".join(title.split()),
        paragraphs=paragraphs,
        blocks=[],
        content_hash=digest,
    )


def article_create(
    *,
    author: AccountUser,
    source_language: str,
    target_languages: Sequence[str],
    engine: str = "",
    document: Document | None = None,
    title: str = "",
    text: str = "",
    source_format: str = "",
    allow_duplicate: bool = True,
) -> Article:
    """Save an article and queue one translation per target language.

    ``document`` (from a ``newsapp.intake`` reader) is the one entry point for structured
    stories; ``text`` (with an optional ``title``, which becomes the headline) still works
    for plain text. With ``allow_duplicate=False`` the same story within
    INTAKE_DUPLICATE_WARN_MINUTES raises :class:`DuplicateStory`.
    """
    if document is not None:
        story = story_from_document(document)
        if title.strip():
            story = replace(story, headline=" ".join(title.split()))
    else:
        story = story_from_text(text=text_utils.normalise(text).strip(), title=title)
    # None of the characters XML cannot hold, whatever reader or caller the story came from.
    story = replace(
        story, headline=text_clean(story.headline),
        paragraphs=[text_clean(p) for p in story.paragraphs], byline=text_clean(story.byline),
        dateline=text_clean(story.dateline), slug=text_clean(story.slug),
    )  # fmt: skip
    body = story.text
    if not body and not story.headline:
        raise ServiceError(_("The article is empty."))
    if not body:
        raise ServiceError(_("The article is empty: it has a headline but no text."))
    if len(body) + len(story.headline) > settings.ARTICLE_MAX_CHARS:
        raise ServiceError(
            _("The article has %(length)s characters; the limit is %(limit)s (ARTICLE_MAX_CHARS).")
            % {
                "length": f"{len(body) + len(story.headline):,}",
                "limit": f"{settings.ARTICLE_MAX_CHARS:,}",
            }
        )
    if source_language == "detect":
        source_language = detect_source_language(text=f"{story.headline}\n\n{body}")
    targets = [t for t in dict.fromkeys(target_languages) if t != source_language]
    if not targets:
        raise ServiceError(_("Choose at least one target language different from the source."))
    engines: dict[str, MTEngine] = {}
    for target in targets:
        try:
            engines[target] = registry.engine_for_pair(source_language, target, engine)
        except UnsupportedPairError as exc:
            raise ServiceError(str(exc)) from None
    if not allow_duplicate and (first := duplicate_of(digest=story.content_hash)) is not None:
        raise DuplicateStory(
            _(
                "The same story came in %(time)s as “%(title)s”. Submit again to translate it "
                "anyway."
            )
            % {"time": f"{timezone.localtime(first.created_at):%H:%M}", "title": first.title},
            first=first,
        )
    title_text = story.headline or text_utils.paragraphs(body)[0][:80]
    planned = len(
        text_utils.segment_article(
            headline=story.headline, text=body, blocks=story.blocks, language=source_language
        )
    )
    _check_queue_share(author=author, adding=planned * len(targets))
    with transaction.atomic():
        article = Article.objects.create(
            title=title_text[:300],
            headline=story.headline,
            byline=story.byline[:300],
            dateline=story.dateline[:200],
            slug=story.slug[:200],
            source_text=body,
            blocks=story.blocks,
            source_format=source_format[:16],
            source_uri=story.source_uri[:1000],
            content_hash=story.content_hash,
            source_language=source_language,
            author=author,
            status=Article.Status.TRANSLATING,
        )
        for target in targets:
            translation = Translation.objects.create(
                article=article,
                target_language=target,
                requested_engine=engine,
                engine=engines[target].name,
                segments_total=planned,
            )
            transaction.on_commit(partial(translation_enqueue, translation_id=translation.pk))
        # Term candidates for the glossary queue, in the background (never fails intake).
        transaction.on_commit(partial(candidates_enqueue, article_id=article.pk))
    return article


def queued_sentences(*, author: AccountUser) -> int:
    """Sentences of ``author``'s articles still waiting for the engine (queued or running)."""
    left = Translation.objects.filter(
        article__author_id=author.pk, status__in=Translation.ACTIVE
    ).aggregate(left=Sum(F("segments_total") - F("segments_done")))["left"]
    return int(left or 0)


def _check_queue_share(*, author: AccountUser, adding: int) -> None:
    """One person cannot fill the workers for everyone: refuse an article that would take
    their queued sentences over USER_QUEUED_SENTENCES_MAX (0: no limit)."""
    limit = settings.USER_QUEUED_SENTENCES_MAX
    if not limit:
        return
    waiting = queued_sentences(author=author)
    if waiting + adding > limit:
        raise ServiceError(
            _(
                "You have %(waiting)s sentences waiting for translation and this article would "
                "add %(adding)s; the limit is %(limit)s per person (USER_QUEUED_SENTENCES_MAX). "
                "Submit it when some of your translations have finished, or cancel one."
            )
            % {"waiting": f"{waiting:,}", "adding": f"{adding:,}", "limit": f"{limit:,}"}
        )


@dataclass(frozen=True)
class SourceStory:
    """What intake needs from a story received in a wire format."""

    title: str
    text: str
    #: The base language the item declares ("en" for "en-US"), or "" when it declares none.
    language: str
    #: The item as read (``document_json``): the intake form's and the API's carrier.
    document: str = ""


def ninjs_story(*, data: bytes | str) -> SourceStory:
    """The headline, plain text (paragraphs a blank line apart) and language of an IPTC ninjs
    item, read by ``newsapp.intake.ninjs``; ServiceError with the reader's message."""
    try:
        document = read_ninjs(data)
    except IntakeError as exc:
        raise ServiceError(intake_error(str(exc))) from None
    try:
        language = languages.normalise_base(document.language) if document.language else ""
    except languages.LanguageError:
        language = ""
    return SourceStory(
        title=document.headline_plain,
        text=body_text(document),
        language=language,
        document=document_json(document),
    )


def translation_enqueue(*, translation_id: int) -> bool:
    """Publish a wake-up for a queued translation (after commit). False if Redis is down."""
    published = queue.publish(RUN_TASK, translation_id)
    if published:
        Translation.objects.filter(pk=translation_id).update(enqueued_at=timezone.now())
    return published


# --- The intake form: read, preview, carry the previewed story to the submit ---------------


@dataclass(frozen=True)
class Preview:
    """What the form shows before submit: the story as read, and what to tell the translator."""

    document: Document
    #: "text", "markdown", "docx", "html", "mhtml", "ninjs".
    source_format: str
    #: Lines the pasted-text clean-up dropped, with their reasons.
    dropped: tuple[DroppedLine, ...]
    #: Reader notes (a converted encoding…) and the source-language warning.
    warnings: tuple[str, ...]
    #: The same story submitted within INTAKE_DUPLICATE_WARN_MINUTES.
    duplicate: Article | None


def _upload_format(filename: str, data: bytes) -> str:
    suffix = PurePath(filename).suffix.lower()
    found = next((k for k, exts in EXTENSIONS.items() if suffix and suffix in exts), "")
    if found and found != "text":
        return found
    head = data[:512].lstrip().lower()
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "ninjs" if head.startswith(b"{") else "text"


def intake_read(
    *, upload: tuple[str, bytes] | None = None, text: str = "", clean_up: bool = False
) -> tuple[Document, str, tuple[DroppedLine, ...]]:
    """The story in an uploaded file (any reader of ``newsapp.intake``) or pasted text
    (optionally cleaned of web-page furniture): (document, format, dropped lines)."""
    dropped: tuple[DroppedLine, ...] = ()
    try:
        if upload is not None:
            name, data = upload
            document = read_upload(name, data, max_bytes=settings.INTAKE_MAX_UPLOAD_BYTES)
            return document, _upload_format(name, data), dropped
        if clean_up:
            cleaned = clean_pasted_text(text)
            text, dropped = cleaned.text, cleaned.dropped
        return text_document(text), "text", dropped
    except IntakeError as exc:
        raise ServiceError(intake_error(str(exc))) from None


def intake_preview(
    *,
    upload: tuple[str, bytes] | None = None,
    text: str = "",
    clean_up: bool = False,
    source_language: str = "",
) -> Preview:
    document, source_format, dropped = intake_read(upload=upload, text=text, clean_up=clean_up)
    story = story_from_document(document)
    warnings = list(document.notes)
    sample = f"{story.headline}\n\n{story.text}"
    if source_language == "detect":
        try:
            found = detect_source_language(text=sample)
        except ServiceError as exc:
            warnings.append(str(exc))
        else:
            warnings.append(
                _("Detected source language: %(name)s.") % {"name": languages.name(found)}
            )
    elif warning := source_language_warning(text=sample, declared=source_language):
        warnings.append(warning)
    return Preview(
        document=document,
        source_format=source_format,
        dropped=dropped,
        warnings=tuple(warnings),
        duplicate=duplicate_of(digest=story.content_hash),
    )


def document_json(document: Document) -> str:
    """The document as JSON, for the form's hidden field between preview and submit."""
    return json.dumps(
        {
            "headline": document.headline,
            "blocks": [_block_json(b) for b in document.blocks],
            "byline": document.byline,
            "dateline": document.dateline,
            "slug": document.slug,
            "language": document.language,
            "versioncreated": document.versioncreated.isoformat()
            if document.versioncreated
            else "",
            "located": document.located,
            "source_uri": document.source_uri,
        },
        ensure_ascii=False,
    )


def _block_json(block: Block) -> dict[str, object]:
    return {
        "kind": str(block.kind),
        "text": block.text,
        "level": block.level,
        "ordered": block.ordered,
        "depth": block.depth,
    }


def document_from_json(data: str) -> Document:
    """The document :func:`document_json` wrote; ServiceError for anything else."""
    try:
        raw = json.loads(data)
        when = raw.get("versioncreated") or ""
        return Document(
            headline=str(raw.get("headline", "")),
            blocks=tuple(
                Block(
                    BlockKind(b["kind"]),
                    str(b["text"]),
                    level=int(b.get("level", 0)),
                    ordered=bool(b.get("ordered", False)),
                    depth=int(b.get("depth", 0)),
                )
                for b in raw.get("blocks", [])
            ),
            byline=str(raw.get("byline", "")),
            dateline=str(raw.get("dateline", "")),
            slug=str(raw.get("slug", "")),
            language=str(raw.get("language", "")),
            versioncreated=datetime.fromisoformat(when) if when else None,
            located=str(raw.get("located", "")),
            source_uri=str(raw.get("source_uri", "")),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ServiceError(
            _("The previewed story could not be read back; upload or paste it again.")
        ) from None


def last_target_languages(*, user: AccountUser) -> list[str]:
    """The target languages of the user's latest article (the form's default next time)."""
    latest = Article.objects.filter(author_id=user.pk).order_by("-created_at", "-id").first()
    if latest is None:
        return []
    return list(latest.translations.order_by("target_language").values_list(
        "target_language", flat=True
    ))  # fmt: skip


def form_story(*, data: Mapping[str, Any]) -> dict[str, Any]:
    """article_create's story arguments from the intake form's cleaned data: the previewed
    document (with the edited headline, byline, dateline and slug), an upload read by its
    reader, or pasted plain text as it always was (``title`` becomes the headline)."""
    title = str(data.get("title") or "")
    if data.get("document"):
        carried = document_from_json(str(data["document"]))
        document = replace(
            carried,
            headline=escape_inline(" ".join(title.split())) or carried.headline,
            byline=str(data.get("byline") or "").strip(),
            dateline=str(data.get("dateline") or "").strip(),
            slug=str(data.get("slug") or "").strip(),
        )
        return {"document": document, "source_format": str(data.get("source_format") or "")}
    upload = data.get("upload")
    if upload is not None:
        document, source_format, _ = intake_read(upload=upload)
        return {"document": document, "title": title, "source_format": source_format}
    return {"text": str(data.get("body") or ""), "title": title, "source_format": "text"}
