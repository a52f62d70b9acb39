"""Thin views: parse, call a service or selector, render (the fragment for htmx)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from newsapp.articles import exports
from newsapp.articles.forms import ArticleFilterForm, ArticleForm
from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.selectors import desk
from newsapp.articles.services import candidates, intake, reenforce, workflow
from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.http import download
from newsapp.core.languages import label as language_label
from newsapp.core.roles import desk_member_required, editor_required, is_editor
from newsapp.core.sanitize import text_clean

PAGE_SIZE = 25


@require_safe
@desk_member_required
def article_list(request: HttpRequest) -> HttpResponse:
    """The desk's home page: the dashboard for the user's role (unless a filter is set),
    then the articles, searched, filtered and sorted."""
    used = desk.languages_and_engines_used()
    form = ArticleFilterForm(
        request.GET or None,
        statuses=list(Article.Status.choices),
        languages_used=used.languages,
        engines_used=used.engines,
        sorts=[(key, label) for key, (label, _) in selectors.SORTS.items()],
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"], "status": data["status"], "target_language": data["language"],
            "engine": data["engine"], "problems": data["problems"], "sort": data["sort"],
            "author_id": request.user.pk if data["mine"] else None,
            "created_after": _day_start(data["after"]),
            "created_before": _day_start(data["before"], next_day=True),
        }  # fmt: skip
    articles = selectors.desk_articles(**filters)
    if form.is_bound and not form.is_valid():
        articles = articles.none()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    filtering = any(key != "page" for key in request.GET)
    context: dict[str, Any] = {
        "page": page, "form": form, "filtering": filtering,
        "translator_board": None, "editor_board": None,
    }  # fmt: skip
    if not filtering:
        context["translator_board"] = desk.translator_dashboard(user=request.user)
        if is_editor(request.user):
            context["editor_board"] = desk.editor_dashboard()
    return render(request, "articles/article_list.html", context)


def _day_start(day: date | None, *, next_day: bool = False) -> datetime | None:
    """Midnight (in the desk's time zone) starting ``day``, or the day after it."""
    if day is None:
        return None
    if next_day:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


@desk_member_required
def article_create(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST with ``action=preview``: read the upload or pasted text and show
    the story as it will be saved (headline, byline, dateline and slug editable, dropped
    furniture, warnings). Any other POST: save it and start translating."""
    user = request.user
    last = intake.last_target_languages(user=user)  # type: ignore[arg-type]
    form = ArticleForm(request.POST or None, request.FILES or None, last_targets=last)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "preview":
                preview = _preview(form, data)
            else:
                article = intake.article_create(
                    author=user,  # type: ignore[arg-type]
                    source_language=data["source_language"],
                    target_languages=data["target_languages"],
                    engine=data.get("engine") or "",
                    allow_duplicate=data.get("confirm_duplicate", False),
                    **intake.form_story(data=data),
                )
                messages.success(request, _("Article saved; translation has started."))
                return redirect("articles:detail", pk=article.pk)
        except intake.DuplicateStory as exc:
            form.add_error(None, str(exc))
            _set_data(form, {"confirm_duplicate": "True"})
            return _form_page(request, form, None, exc.first)
        except ServiceError as exc:
            form.add_error(None, str(exc))
    return _form_page(request, form, preview, None)


def _preview(form: ArticleForm, data: dict[str, object]) -> intake.Preview:
    preview = intake.intake_preview(
        upload=cast("tuple[str, bytes] | None", data.get("upload")),
        text=str(data.get("body") or ""),
        clean_up=bool(data.get("clean_up")),
        source_language=str(data.get("source_language") or ""),
    )
    document = preview.document
    values = {
        # A headline typed before the preview wins over the one read from the text.
        "title": " ".join(str(data.get("title") or "").split()) or document.headline_plain,
        "byline": document.byline,
        "dateline": document.dateline,
        "slug": document.slug,
        "document": intake.document_json(document),
        "source_format": preview.source_format,
        "text": "",
    }
    if preview.duplicate is not None:
        values["confirm_duplicate"] = "True"
    _set_data(form, values)
    return preview


def _set_data(form: ArticleForm, values: dict[str, str]) -> None:
    """Replace bound values (the previewed story; the duplicate confirmation)."""
    data = cast(QueryDict, form.data).copy()
    for name, value in values.items():
        data[name] = value
    form.data = data


def _form_page(
    request: HttpRequest,
    form: ArticleForm,
    preview: intake.Preview | None,
    duplicate: object,
) -> HttpResponse:
    no_engines = not cast(forms.ChoiceField, form.fields["target_languages"]).choices
    context = {
        "form": form,
        "no_engines": no_engines,
        "preview": preview,
        "duplicate": duplicate or (preview.duplicate if preview else None),
        "previewed": bool(form.data.get("document")) if form.is_bound else False,
        "source_lang": _source_lang(form),
        "format_name": _format_name(preview.source_format) if preview else "",
    }
    return render(request, "articles/article_form.html", context)


def _format_name(source_format: str) -> str:
    """How the preview names the format it read ("plain text", "Markdown", "DOCX"…)."""
    if source_format == "text":
        return _("plain text")
    return {"markdown": "Markdown", "ninjs": "ninjs"}.get(source_format, source_format.upper())


def _source_lang(form: ArticleForm) -> str:
    """The ``lang`` of the previewed text: the chosen source language ("und" if detected)."""
    chosen = str(form.data.get("source_language") or "") if form.is_bound else ""
    return chosen if chosen and chosen != "detect" else "und"


@require_safe
@desk_member_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(pk=pk)
    context = {"article": article, "paragraphs": article.source_text.split("\n\n")}
    context |= _waiting(request, list(article.translations.all()))
    return render(request, "articles/article_detail.html", context)


@require_safe
@desk_member_required
def translation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled fragment: it stops polling by rendering itself without the trigger."""
    return _progress_card(request, pk)


def _progress_card(request: HttpRequest, pk: int) -> HttpResponse:
    translation = selectors.translation_get(pk=pk)
    context = {"translation": translation} | _waiting(request, [translation])
    return render(request, "articles/article_detail.html#translation-card", context)


def _waiting(request: HttpRequest, translations: list[Translation]) -> dict[str, Any]:
    """Mark each translation no worker has picked up yet (``waits_for_worker``); for
    editors, say whether any worker is alive (``worker_status``, else None)."""
    now = timezone.now()
    for translation in translations:
        translation.waits_for_worker = selectors.translation_waits_for_worker(  # type: ignore[attr-defined]
            translation=translation, now=now
        )
    waiting = any(t.waits_for_worker for t in translations)  # type: ignore[attr-defined]
    status = selectors.worker_status() if waiting and is_editor(request.user) else None
    return {"worker_status": status}


@require_safe
@desk_member_required
def translation_text(request: HttpRequest, pk: int) -> HttpResponse:
    translation = selectors.translation_get(pk=pk)
    context = {
        "translation": translation,
        "text": selectors.translation_text(translation=translation),
        "language": language_label(translation.target_language),
    }
    return render(request, "articles/translation_text.html", context)


@require_safe
@desk_member_required
def translation_download(request: HttpRequest, pk: int) -> HttpResponse:
    translation = selectors.translation_get(pk=pk)
    return download(
        text_clean(selectors.translation_text(translation=translation)) + "\n",
        content_type="text/plain; charset=utf-8",
        filename=exports.export_filename(translation=translation, extension="txt"),
    )


@require_POST
@desk_member_required
def translation_cancel(request: HttpRequest, pk: int) -> HttpResponseBase:
    translation = selectors.translation_get(pk=pk)
    try:
        cancelled = workflow.translation_cancel(translation=translation)
    except ServiceError as exc:  # the article is approved
        messages.error(request, str(exc))
    else:
        if cancelled:
            messages.info(
                request,
                _("Translation to %(language)s cancelled.")
                % {"language": languages.in_message(translation.target_language)},
            )
        else:
            messages.warning(request, _("That translation had already finished."))
    return _back_to_article(request, translation.article_id, translation.pk)


@require_POST
@desk_member_required
def translation_retry(request: HttpRequest, pk: int) -> HttpResponseBase:
    translation = selectors.translation_get(pk=pk)
    try:
        retried = workflow.translation_retry(translation=translation)
    except ServiceError as exc:  # the article is approved
        messages.error(request, str(exc))
    else:
        if retried:
            messages.info(
                request,
                _("Translation to %(language)s queued again.")
                % {"language": languages.in_message(translation.target_language)},
            )
        else:
            messages.warning(request, _("Only failed or cancelled translations can be retried."))
    return _back_to_article(request, translation.article_id, translation.pk)


@require_POST
@editor_required
def translation_reenforce(request: HttpRequest, pk: int) -> HttpResponse:
    translation = selectors.translation_get(pk=pk)
    try:
        queued = reenforce.translation_reenforce_request(translation=translation)
    except ServiceError as exc:
        messages.warning(request, str(exc))
    else:
        if queued:
            messages.info(
                request,
                _(
                    "Re-checking the %(language)s translation against the glossary; edited "
                    "sentences are flagged, never rewritten."
                )
                % {"language": languages.in_message(translation.target_language)},
            )
        else:
            messages.warning(request, _("The queue is unavailable; try again in a minute."))
    return redirect("articles:detail", pk=translation.article_id)


def _back_to_article(
    request: HttpRequest, article_id: int, translation_id: int
) -> HttpResponseBase:
    if request.htmx:  # type: ignore[attr-defined]
        return _progress_card(request, translation_id)
    return redirect("articles:detail", pk=article_id)


@require_POST
@desk_member_required
def candidates_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """Look for the article's term candidates again (when the background run never came)."""
    article = selectors.article_get(pk=pk)
    if candidates.candidates_enqueue(article_id=article.pk):
        messages.info(request, _("Looking for new names in this article; they appear shortly."))
    else:
        messages.warning(request, _("The queue is unavailable; try again in a minute."))
    return redirect("articles:detail", pk=article.pk)
