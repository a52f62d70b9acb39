"""Thin views: the feed list and page (desk members), subscribing, editing, pausing and
polling (editors), making a waiting item an article (desk members)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from newsapp.core.errors import ServiceError
from newsapp.core.roles import desk_member_required, editor_required
from newsapp.feeds import selectors, services
from newsapp.feeds.forms import FeedForm


@require_GET
@desk_member_required
def feed_list(request: HttpRequest) -> HttpResponse:
    return render(request, "feeds/feed_list.html", {"feeds": selectors.feed_list()})


@require_GET
@desk_member_required
def feed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feed = selectors.feed_get(pk=pk)
    context = {"feed": feed, "entries": selectors.feed_entries(feed=feed)}
    return render(request, "feeds/feed_detail.html", context)


@editor_required
def feed_create(request: HttpRequest) -> HttpResponseBase:
    form = FeedForm(request.POST or None, initial={"target_languages": ["ko"]})
    if request.method == "POST" and form.is_valid():
        try:
            feed = services.feed_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            services.feed_poll_request(feed_id=feed.pk)
            messages.success(request, _("Feed added; its first poll has been queued."))
            return redirect("feeds:detail", pk=feed.pk)
    return render(request, "feeds/feed_form.html", {"form": form, "feed": None})


@editor_required
def feed_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    feed = selectors.feed_get(pk=pk)
    initial = {
        "url": feed.url,
        "title": feed.title,
        "source_language": feed.source_language,
        "target_languages": feed.target_languages,
        "auto_translate": feed.auto_translate,
        "interval_minutes": feed.interval_minutes,
    }
    form = FeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feed_update(user=request.user, feed=feed, **form.cleaned_data)  # type: ignore[arg-type]
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Feed saved."))
            return redirect("feeds:detail", pk=feed.pk)
    return render(request, "feeds/feed_form.html", {"form": form, "feed": feed})


def _set_paused(request: HttpRequest, pk: int, *, paused: bool, said: str) -> HttpResponseBase:
    feed = selectors.feed_get(pk=pk)
    services.feed_set_paused(user=request.user, feed=feed, paused=paused)  # type: ignore[arg-type]
    messages.info(request, said)
    return redirect("feeds:detail", pk=pk)


@require_POST
@editor_required
def feed_pause(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _set_paused(
        request, pk, paused=True, said=_("Feed paused: it is not polled until you resume it.")
    )


@require_POST
@editor_required
def feed_resume(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _set_paused(
        request, pk, paused=False, said=_("Feed resumed; it is polled within a minute.")
    )


@require_POST
@editor_required
def feed_poll_now(request: HttpRequest, pk: int) -> HttpResponseBase:
    feed = selectors.feed_get(pk=pk)
    if services.feed_poll_request(feed_id=feed.pk):
        messages.info(request, _("Poll queued; reload in a moment."))
    else:
        messages.warning(request, _("The queue is unavailable; try again in a minute."))
    return redirect("feeds:detail", pk=pk)


@require_POST
@desk_member_required
def entry_translate(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = selectors.entry_get(pk=pk)
    if services.feed_entry_translate(entry=entry, user=request.user):  # type: ignore[arg-type]
        messages.success(request, _("Article created; translation has started."))
    else:
        entry.refresh_from_db()
        messages.warning(
            request,
            _("The item could not become an article: %(reason)s") % {"reason": entry.note_text},
        )
    return redirect("feeds:detail", pk=entry.feed_id)
