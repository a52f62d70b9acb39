"""Thin views: parse, call a service or selector, render (the fragment for htmx)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
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
from newsapp.core.sanitize import text_clean
from newsapp.mt import registry

PAGE_SIZE = 25


@desk_member_required
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.article_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


@desk_member_required
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = intake.article_create(
                author=request.user,  # type: ignore[arg-type]
                title=data["title"],
                text=data["body"],
                source_language=data["source_language"],
                target_languages=data["target_languages"],
                engine=data.get("engine") or "",
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Article saved; translation has started.")
            return redirect("articles:detail", pk=article.pk)
    no_engines = not cast(forms.ChoiceField, form.fields["target_languages"]).choices
    return render(request, "articles/article_form.html", {"form": form, "no_engines": no_engines})


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
        text_clean(selectors.translation_text(translation=translation)) + "\n",
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
