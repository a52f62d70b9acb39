"""Server-rendered pages: personal API tokens (everyone on the desk) and webhooks (editors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from newsapp.api import selectors
from newsapp.api.forms import TokenForm, WebhookForm
from newsapp.api.services import tokens, webhooks
from newsapp.core.errors import ServiceError
from newsapp.core.roles import desk_member_required, editor_required
from newsapp.core.stored_text import KnownTexts

DELIVERIES_PAGE_SIZE = 25

#: The token and webhook services' messages (and a delivery's stored error) are English; the
#: pages show these in the reader's language (the first that matches wins).
_KNOWN_TEXTS = KnownTexts(
    [
        gettext_noop("Only translators and editors can create API tokens."),
        gettext_noop("Give the token a name (what uses it, e.g. “CMS export”)."),
        gettext_noop("The name is longer than %(count)s characters."),
        gettext_noop("A token must last at least one day."),
        gettext_noop("A token may last at most %(count)s days (API_TOKEN_MAX_DAYS)."),
        gettext_noop("You have %(count)s live tokens; revoke one first."),
        gettext_noop("No such token."),
        gettext_noop("Only editors can manage webhooks."),
        gettext_noop("Give the address that receives the events."),
        gettext_noop("The address is longer than %(count)s characters."),
        gettext_noop("Use an http:// or https:// address."),
        gettext_noop("Put no user name or password in the address; verify the signature instead."),
        gettext_noop("The host “%(host)s” could not be found."),
        gettext_noop(
            "“%(host)s” is a private or local network address (%(ip)s); webhooks may only be "
            "sent to public addresses."
        ),
        gettext_noop("Unknown event “%(event)s” (use %(events)s)."),
        gettext_noop("Choose at least one event."),
        gettext_noop("The description is longer than %(count)s characters."),
        gettext_noop("You have %(count)s webhooks; delete one first."),
        gettext_noop("This webhook belongs to someone else."),
        gettext_noop("No answer within %(seconds)s s."),
        gettext_noop("The request failed: %(detail)s."),
        gettext_noop(
            "The receiver answered %(code)s (a redirect, not followed); register its final address."
        ),
        gettext_noop("The receiver answered %(code)s."),
        gettext_noop("The webhook is switched off."),
    ]
)


def _data(value: str) -> str:
    """A value inside a message (a token's name, an address): data, not the interface's words."""
    return format_html('<span translate="no">{}</span>', value)


def localised(text: str) -> str:
    """A service's message (or a stored delivery error) in the active language when it is a
    known one; else as it is."""
    return _KNOWN_TEXTS.localised(text)


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
            form.add_error(None, localised(str(exc)))
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
        messages.error(request, localised(str(exc)))
    else:
        messages.success(
            request,
            format_html(_("Token “{name}” revoked; it no longer works."), name=_data(token.name)),
        )
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
            form.add_error(None, localised(str(exc)))
        else:
            messages.success(request, _("Webhook saved. Verify deliveries with its secret."))
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
            form.add_error(None, localised(str(exc)))
        else:
            messages.success(request, _("Webhook saved."))
            return redirect("account:webhook", pk=webhook.pk)
    page = Paginator(selectors.webhook_deliveries(webhook=webhook), DELIVERIES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for delivery in page.object_list:
        delivery.last_error_text = localised(delivery.last_error)
    context = {"webhook": webhook, "form": form, "page": page}
    response = render(request, "api/webhook_detail.html", context)
    add_never_cache_headers(response)  # it shows the secret
    return response


@require_POST
@editor_required
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    webhooks.webhook_delete(user=request.user, webhook=webhook)
    messages.success(request, format_html(_("Webhook {url} deleted."), url=_data(webhook.url)))
    return redirect("account:webhooks")


@require_POST
@editor_required
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponseBase:
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    webhooks.webhook_secret_rotate(user=request.user, webhook=webhook)
    messages.success(request, _("New secret made; deliveries from now on are signed with it."))
    return redirect("account:webhook", pk=webhook.pk)


@require_POST
@editor_required
def delivery_redeliver(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponseBase:
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    delivery = selectors.delivery_get(webhook=webhook, pk=delivery_pk)
    webhooks.delivery_redeliver(user=request.user, delivery=delivery)
    messages.success(
        request,
        format_html(_("The {event} event is being sent again."), event=_data(delivery.event)),
    )
    return redirect("account:webhook", pk=webhook.pk)
