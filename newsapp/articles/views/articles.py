"""Thin views: parse, call a service or selector, render (the fragment for htmx)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from newsapp.articles import exports
from newsapp.articles.forms import ArticleForm
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import candidates, intake, reenforce, workflow
from newsapp.core.errors import ServiceError
from newsapp.core.http import download
from newsapp.core.languages import label as language_label
from newsapp.core.roles import desk_member_required, editor_required
from newsapp.mt import registry

PAGE_SIZE = 25


@desk_member_required
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.article_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


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
                messages.success(request, "Article saved; translation has started.")
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
    }
    return render(request, "articles/article_form.html", context)


@desk_member_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(pk=pk)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "paragraphs": article.source_text.split("\n\n")},
    )


@desk_member_required
def translation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled fragment: it stops polling by rendering itself without the trigger."""
    translation = selectors.translation_get(pk=pk)
    return render(
        request, "articles/article_detail.html#translation-card", {"translation": translation}
    )


@desk_member_required
def translation_text(request: HttpRequest, pk: int) -> HttpResponse:
    translation = selectors.translation_get(pk=pk)
    context = {
        "translation": translation,
        "text": selectors.translation_text(translation=translation),
        "language": language_label(translation.target_language),
    }
    return render(request, "articles/translation_text.html", context)


@desk_member_required
def translation_download(request: HttpRequest, pk: int) -> HttpResponse:
    translation = selectors.translation_get(pk=pk)
    return download(
        selectors.translation_text(translation=translation) + "\n",
        content_type="text/plain; charset=utf-8",
        filename=exports.export_filename(translation=translation, extension="txt"),
    )


@require_POST
@desk_member_required
def translation_cancel(request: HttpRequest, pk: int) -> HttpResponseBase:
    translation = selectors.translation_get(pk=pk)
    if workflow.translation_cancel(translation=translation):
        messages.info(request, f"Translation to {translation.target_language} cancelled.")
    else:
        messages.warning(request, "That translation had already finished.")
    return _back_to_article(request, translation.article_id, translation.pk)


@require_POST
@desk_member_required
def translation_retry(request: HttpRequest, pk: int) -> HttpResponseBase:
    translation = selectors.translation_get(pk=pk)
    if workflow.translation_retry(translation=translation):
        messages.info(request, f"Translation to {translation.target_language} queued again.")
    else:
        messages.warning(request, "Only failed or cancelled translations can be retried.")
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
                f"Re-checking the {translation.target_language} translation against the "
                "glossary; edited sentences are flagged, never rewritten.",
            )
        else:
            messages.warning(request, "The queue is unavailable; try again in a minute.")
    return redirect("articles:detail", pk=translation.article_id)


def _back_to_article(
    request: HttpRequest, article_id: int, translation_id: int
) -> HttpResponseBase:
    if request.htmx:  # type: ignore[attr-defined]
        return translation_progress(request, translation_id)
    return redirect("articles:detail", pk=article_id)


@desk_member_required
def langpacks(request: HttpRequest) -> HttpResponse:
    offers = registry.available_pairs()
    rows = [
        {
            "source": language_label(o.source),
            "target": language_label(o.target),
            "engines": o.engines,
        }
        for o in offers
    ]
    return render(request, "articles/langpacks.html", {"rows": rows})


@require_POST
@desk_member_required
def candidates_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """Look for the article's term candidates again (when the background run never came)."""
    article = selectors.article_get(pk=pk)
    if candidates.candidates_enqueue(article_id=article.pk):
        messages.info(request, "Looking for new names in this article; they appear shortly.")
    else:
        messages.warning(request, "The queue is unavailable; try again in a minute.")
    return redirect("articles:detail", pk=article.pk)
