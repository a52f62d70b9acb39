"""Thin views: the user's notifications, and marking them read (POST)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from newsapp.core.errors import ServiceError
from newsapp.core.roles import desk_member_required
from newsapp.notifications import selectors, services

PAGE_SIZE = 30


@require_GET
@desk_member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread_only": unread_only}
    return render_page(request, "notifications/list.html", context)


@require_POST
@desk_member_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read; then follow its link when asked (``open``), else back to the list."""
    try:
        services.notification_mark_read(user=request.user, notification_id=pk)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("notifications:list")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@desk_member_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("notifications:list")
