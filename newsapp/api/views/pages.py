"""Server-rendered pages: personal API tokens (everyone on the desk) and webhooks (editors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from newsapp.api import selectors
from newsapp.api.forms import TokenForm, WebhookForm
from newsapp.api.services import tokens, webhooks
from newsapp.core.errors import ServiceError
from newsapp.core.roles import desk_member_required, editor_required

DELIVERIES_PAGE_SIZE = 25


@desk_member_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; POST creates one and shows it, once."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.token_create(
                user=request.user, name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )  # fmt: skip
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    context = {"form": form, "created": created,
               "tokens": selectors.tokens_of(user=request.user)}  # fmt: skip
    response = render(request, "api/tokens.html", context)
    add_never_cache_headers(response)  # the new token must not stay in a cache
    return response


@require_POST
@desk_member_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        token = tokens.token_revoke(user=request.user, token_id=pk)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("account:tokens")


@editor_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            webhook = webhooks.webhook_create(
                user=request.user, url=data["url"], events=data["events"],
                description=data["description"], active=data["active"],
            )  # fmt: skip
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Webhook saved. Verify deliveries with its secret.")
            return redirect("account:webhook", pk=webhook.pk)
    context = {"form": form, "webhooks": selectors.webhooks_of(user=request.user),
               "events": webhooks.WEBHOOK_EVENTS}  # fmt: skip
    return render(request, "api/webhooks.html", context)


@editor_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The webhook, its settings form, its secret and its delivery log."""
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    initial = {"url": webhook.url, "description": webhook.description,
               "events": webhook.events, "active": webhook.active}  # fmt: skip
    form = WebhookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            webhooks.webhook_update(
                user=request.user, webhook=webhook, url=data["url"], events=data["events"],
                description=data["description"], active=data["active"],
            )  # fmt: skip
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Webhook saved.")
            return redirect("account:webhook", pk=webhook.pk)
    page = Paginator(selectors.webhook_deliveries(webhook=webhook), DELIVERIES_PAGE_SIZE)
    context = {"webhook": webhook, "form": form,
               "page": page.get_page(request.GET.get("page"))}  # fmt: skip
    response = render(request, "api/webhook_detail.html", context)
    add_never_cache_headers(response)  # it shows the secret
    return response


@require_POST
@editor_required
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    webhooks.webhook_delete(user=request.user, webhook=webhook)
    messages.success(request, f"Webhook {webhook.url} deleted.")
    return redirect("account:webhooks")


@require_POST
@editor_required
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponseBase:
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    webhooks.webhook_secret_rotate(user=request.user, webhook=webhook)
    messages.success(request, "New secret made; deliveries from now on are signed with it.")
    return redirect("account:webhook", pk=webhook.pk)


@require_POST
@editor_required
def delivery_redeliver(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponseBase:
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    delivery = selectors.delivery_get(webhook=webhook, pk=delivery_pk)
    webhooks.delivery_redeliver(user=request.user, delivery=delivery)
    messages.success(request, f"The {delivery.event} event is being sent again.")
    return redirect("account:webhook", pk=webhook.pk)
