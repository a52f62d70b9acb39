"""The authorization matrix (issue 20): every URL pattern × {anonymous, no group, translator,
editor} × {GET, POST} → the expected status, with real objects.

The patterns come from the URLconf (``get_resolver()``, walked recursively): a URL name that is
not in ``TABLE`` (or the generated admin rows) fails ``test_every_url_pattern_has_a_row``, and a
row whose URL no longer exists fails it too.

How to add a URL
----------------
Add one line to ``TABLE``, keyed by the URL's full name (``"namespace:name"``)::

    "glossary:concept": Row({"pk": "concept"}, get="302 403 200 200", post="302 403 405 405"),

- ``kwargs`` maps each URL argument to an object of ``World`` (its id is used) or, for a
  literal, to a string starting with ``=`` (``{"fmt": "=txt"}``).
- ``get`` and ``post`` list the expected status for anonymous, no group (logged in, in
  neither desk group), translator (tess) and editor (eddie, who also holds
  ``articles.manage_langpacks``), in that order; ``200|503`` allows either. The POST carries
  no form data unless the row gives ``data=``: a form page answers with its errors (200 or
  400), an action with its refusal.
- A second case for the same URL (another user's object, an approved article, a valid save)
  is another key, ``"name@case"``, with its own kwargs. ``unchanged=True`` makes every request
  of the case, allowed or not, leave the database as it was.
- Admin URLs are generated (``admin_rows``): the admin is for superusers only.

Every request runs in a transaction that is rolled back, so each one starts from the same
desk. A refused request (a redirect to a login page, or a 4xx) must change nothing: every row
of the desk's tables is compared before and after. Every HTML response must carry the
Content-Security-Policy (no ``'unsafe-inline'``/``'unsafe-eval'``; ReDoc's inline styles are
the one documented exception).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone

from glossary.models import CandidateOccurrence, IgnoredTerm, ImportBatch, Term, TermCandidate
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.api.models import WebhookDelivery
from newsapp.api.services import tokens, webhooks
from newsapp.articles.models import Article, LanguagePackUpload, Segment, Translation
from newsapp.articles.services import intake, pipeline, workflow
from newsapp.feeds.models import Feed, FeedEntry
from newsapp.memory.services import memory_record
from newsapp.notifications.models import Notification
from tests.conftest import _user

ROLES = ("anonymous", "no group", "translator", "editor")
METHODS = ("GET", "POST")
#: Apps whose rows a refused request must leave alone (sessions, axes and admin logs aside).
WATCHED_APPS = ("auth", "articles", "glossary", "memory", "api", "notifications", "feeds")


@dataclass(frozen=True)
class Row:
    kwargs: dict[str, str] = field(default_factory=dict)
    get: str = ""
    post: str = ""
    #: For a pattern without a name (keyed by its route): the path to request.
    path: str = ""
    #: Form data for the POST; ``{name}`` in a value is replaced by ``World.ids[name]``.
    data: dict[str, str] = field(default_factory=dict)
    #: No request of this case may change the database, whatever its status (another user's
    #: object, an approved article).
    unchanged: bool = False

    def expected(self, method: str) -> tuple[frozenset[int], ...]:
        """Per role, the statuses allowed (``200|503``: either, for a health probe)."""
        text = self.get if method == "GET" else self.post
        codes = tuple(frozenset(int(c) for c in code.split("|")) for code in text.split())
        assert len(codes) == len(ROLES), f"{text!r}: one status per role {ROLES}"
        return codes


# fmt: off
#: One row per URL name (and per extra case). Columns: anonymous, no group, translator, editor.
TABLE: dict[str, Row] = {
    "login": Row(get="200 200 200 200", post="200 200 200 200"),
    "logout": Row(get="302 405 405 405", post="302 302 302 302"),
    # 503 while the suite's Redis or a worker is missing; details need a token either way.
    "healthz": Row(get="200|503 200|503 200|503 200|503", post="405 405 405 405"),
    "metrics": Row(get="401 401 401 401", post="405 405 405 405"),
    # Anyone may switch the interface language (the login page has the switcher too); a
    # signed-in user's choice is saved. The JavaScript catalogue is public strings.
    "accounts:language": Row(get="405 405 405 405", post="302 302 302 302",
                             data={"language": "ko"}),
    "accounts:preferences": Row(get="302 200 200 200", post="302 302 302 302",
                                data={"language": "ko", "time_zone": "Asia/Seoul"}),
    "javascript-catalog": Row(get="200 200 200 200", post="405 405 405 405"),

    "glossary:list": Row(get="302 403 200 200", post="302 405 405 405"),
    "glossary:propose": Row(get="302 403 200 200", post="302 403 200 200"),
    "glossary:review": Row(get="302 403 403 200", post="302 405 405 405"),
    "glossary:review_bulk": Row(get="302 405 405 405", post="302 403 403 302"),
    "glossary:import": Row(get="302 403 200 200", post="302 403 200 200"),
    "glossary:export": Row(get="302 403 302 302", post="302 405 405 405"),
    "glossary:candidates": Row(get="302 403 403 200", post="302 405 405 405"),
    "glossary:candidates_bulk_accept": Row(get="302 405 405 405", post="302 403 403 302"),
    "glossary:ignored": Row(get="302 403 403 200", post="302 403 403 200"),
    "glossary:concept": Row({"pk": "concept"}, get="302 403 200 200", post="302 405 405 405"),
    "glossary:concept_edit": Row({"pk": "concept"}, get="302 403 403 200", post="302 403 403 200"),
    "glossary:term_propose": Row({"pk": "concept"}, get="302 403 200 200", post="302 403 200 200"),
    "glossary:term_edit": Row({"pk": "term"}, get="302 403 200 200", post="302 403 200 200"),
    "glossary:term_review": Row({"pk": "proposed"}, get="302 405 405 405", post="302 403 403 302"),
    "glossary:import_preview": Row(
        {"batch_id": "batch"}, get="302 403 200 404", post="302 403 302 404"),
    "glossary:import_preview@other": Row(
        {"batch_id": "other_batch"}, get="302 403 404 404", post="302 403 404 404", unchanged=True),
    "glossary:candidate_accept": Row(
        {"pk": "candidate"}, get="302 405 405 405", post="302 403 403 302"),
    "glossary:candidate_variant": Row(
        {"pk": "candidate"}, get="302 403 403 200", post="302 403 403 200"),
    "glossary:candidate_dismiss": Row(
        {"pk": "candidate"}, get="302 405 405 405", post="302 403 403 302"),
    "glossary:candidates_source": Row(
        {"source_id": "article"}, get="302 403 200 200", post="302 405 405 405"),
    "glossary:ignored_remove": Row(
        {"pk": "ignored"}, get="302 405 405 405", post="302 403 403 302"),

    "notifications:list": Row(get="302 403 200 200", post="302 405 405 405"),
    "notifications:read": Row(
        {"pk": "notification"}, get="302 405 405 405", post="302 403 302 302"),
    "notifications:read@other": Row(
        {"pk": "other_notification"}, get="302 405 405 405", post="302 403 302 302",
        unchanged=True),
    "notifications:read_all": Row(get="302 405 405 405", post="302 403 302 302"),

    "feeds:list": Row(get="302 403 200 200", post="302 405 405 405"),
    "feeds:detail": Row({"pk": "feed"}, get="302 403 200 200", post="302 405 405 405"),
    "feeds:create": Row(get="302 403 403 200", post="302 403 403 200"),
    "feeds:edit": Row({"pk": "feed"}, get="302 403 403 200", post="302 403 403 200"),
    "feeds:pause": Row({"pk": "feed"}, get="302 405 405 405", post="302 403 403 302"),
    "feeds:resume": Row({"pk": "feed"}, get="302 405 405 405", post="302 403 403 302"),
    "feeds:poll": Row({"pk": "feed"}, get="302 405 405 405", post="302 403 403 302"),
    "feeds:entry-translate": Row(
        {"pk": "feed_entry"}, get="302 405 405 405", post="302 403 302 302"),

    "memory:list": Row(get="302 403 200 200", post="302 405 405 405"),
    "memory:import": Row(get="302 405 405 405", post="302 403 403 400"),
    "memory:export": Row(get="302 403 200 200", post="302 405 405 405"),
    "memory:entry": Row({"pk": "entry"}, get="302 403 200 200", post="302 403 400 400"),
    "memory:entry-delete": Row({"pk": "entry"}, get="302 405 405 405", post="302 403 403 302"),

    "api:article-list": Row(get="401 403 200 200", post="401 403 400 400"),
    "api:article-detail": Row({"pk": "article"}, get="401 403 200 200", post="401 403 405 405"),
    "api:article-approve": Row({"pk": "article"}, get="401 403 403 405", post="401 403 403 200"),
    "api:article-approve@approved": Row(
        {"pk": "approved"}, get="401 403 403 405", post="401 403 403 400", unchanged=True),
    "api:article-send-back": Row({"pk": "article"}, get="401 403 403 405", post="401 403 403 400"),
    "api:article-send-back@approved": Row(
        {"pk": "approved"}, get="401 403 403 405", post="401 403 403 200"),
    "api:translation-detail": Row(
        {"pk": "translation"}, get="401 403 200 200", post="401 403 405 405"),
    "api:translation-cancel": Row(
        {"pk": "translation"}, get="401 403 405 405", post="401 403 409 409"),
    "api:translation-retry": Row(
        {"pk": "translation"}, get="401 403 405 405", post="401 403 409 409"),
    "api:translation-segments": Row(
        {"pk": "translation"}, get="401 403 200 200", post="401 403 405 405"),
    "api:translation-export": Row(
        {"pk": "translation", "fmt": "=txt"}, get="401 403 200 200", post="401 403 405 405"),
    "api:segment-detail": Row({"pk": "segment"}, get="401 403 200 200", post="401 403 405 405"),
    "api:segment-detail@approved": Row(
        {"pk": "approved_segment"}, get="401 403 200 200", post="401 403 405 405", unchanged=True),
    "api:segment-retranslate": Row(
        {"pk": "segment"}, get="401 403 405 405", post="401 403 400 400"),
    "api:segment-retranslate@approved": Row(
        {"pk": "approved_segment"}, get="401 403 405 405", post="401 403 400 400", unchanged=True),
    "api:segment-revisions": Row({"pk": "segment"}, get="401 403 200 200", post="401 403 405 405"),
    "api:concept-list": Row(get="401 403 200 200", post="401 403 400 400"),
    "api:concept-detail": Row({"pk": "concept"}, get="401 403 200 200", post="401 403 405 405"),
    "api:concept-terms": Row({"pk": "concept"}, get="401 403 405 405", post="401 403 400 400"),
    "api:term-detail": Row({"pk": "term"}, get="401 403 200 200", post="401 403 405 405"),
    "api:term-approve": Row({"pk": "proposed"}, get="401 403 403 405", post="401 403 403 200"),
    "api:term-reject": Row({"pk": "proposed"}, get="401 403 403 405", post="401 403 403 200"),
    "api:review-queue": Row(get="401 403 403 200", post="401 403 403 405"),
    "api:glossary-lookup": Row(get="401 403 405 405", post="401 403 400 400"),
    "api:import-create": Row(get="401 403 405 405", post="401 403 400 400"),
    "api:import-detail": Row({"batch_id": "batch"}, get="401 403 200 404", post="401 403 405 405"),
    "api:import-detail@other": Row(
        {"batch_id": "other_batch"}, get="401 403 404 404", post="401 403 405 405",
        unchanged=True),
    "api:import-apply": Row({"batch_id": "batch"}, get="401 403 405 405", post="401 403 400 404"),
    "api:import-apply@other": Row(
        {"batch_id": "other_batch"}, get="401 403 405 405", post="401 403 404 404", unchanged=True),
    "api:glossary-export": Row(get="401 403 200 200", post="401 403 405 405"),
    "api:memory-lookup": Row(get="401 403 405 405", post="401 403 400 400"),
    "api:memory-entries": Row(get="401 403 200 200", post="401 403 405 405"),
    "api:engines": Row(get="401 403 200 200", post="401 403 405 405"),
    "api:language-pairs": Row(get="401 403 200 200", post="401 403 405 405"),
    "api:translate": Row(get="401 403 405 405", post="401 403 400 400"),
    "api:webhook-list": Row(get="401 403 403 200", post="401 403 403 400"),
    "api:webhook-detail": Row({"pk": "webhook"}, get="401 403 403 200", post="401 403 403 405"),
    "api:webhook-detail@other": Row(
        {"pk": "other_webhook"}, get="401 403 403 404", post="401 403 403 405", unchanged=True),
    "api:webhook-deliveries": Row({"pk": "webhook"}, get="401 403 403 200", post="401 403 403 405"),
    "api:webhook-deliveries@other": Row(
        {"pk": "other_webhook"}, get="401 403 403 404", post="401 403 403 405", unchanged=True),
    "api:webhook-redeliver": Row(
        {"pk": "webhook", "delivery_pk": "delivery"},
        get="401 403 403 405", post="401 403 403 202"),
    "api:webhook-redeliver@other": Row(
        {"pk": "other_webhook", "delivery_pk": "other_delivery"}, get="401 403 403 405",
        post="401 403 403 404", unchanged=True),
    "api:schema": Row(get="200 200 200 200", post="405 405 405 405"),
    "api:swagger": Row(get="200 200 200 200", post="405 405 405 405"),
    "api:redoc": Row(get="200 200 200 200", post="405 405 405 405"),
    "api:not-found": Row(get="404 404 404 404", post="404 404 404 404"),

    "account:tokens": Row(get="302 403 200 200", post="302 403 200 200"),
    "account:token-revoke": Row({"pk": "token"}, get="302 405 405 405", post="302 403 302 302"),
    "account:token-revoke@other": Row(
        {"pk": "other_token"}, get="302 405 405 405", post="302 403 302 302", unchanged=True),
    "account:webhooks": Row(get="302 403 403 200", post="302 403 403 200"),
    "account:webhook": Row({"pk": "webhook"}, get="302 403 403 200", post="302 403 403 200"),
    "account:webhook@other": Row(
        {"pk": "other_webhook"}, get="302 403 403 404", post="302 403 403 404", unchanged=True),
    "account:webhook-delete": Row({"pk": "webhook"}, get="302 405 405 405", post="302 403 403 302"),
    "account:webhook-delete@other": Row(
        {"pk": "other_webhook"}, get="302 405 405 405", post="302 403 403 404", unchanged=True),
    "account:webhook-rotate": Row({"pk": "webhook"}, get="302 405 405 405", post="302 403 403 302"),
    "account:webhook-rotate@other": Row(
        {"pk": "other_webhook"}, get="302 405 405 405", post="302 403 403 404", unchanged=True),
    "account:webhook-redeliver": Row(
        {"pk": "webhook", "delivery_pk": "delivery"},
        get="302 405 405 405", post="302 403 403 302"),
    "account:webhook-redeliver@other": Row(
        {"pk": "other_webhook", "delivery_pk": "other_delivery"}, get="302 405 405 405",
        post="302 403 403 404", unchanged=True),

    "exports:exchange": Row({"pk": "translation"}, get="302 403 200 200", post="302 403 400 400"),
    "exports:exchange@approved": Row(
        {"pk": "approved_translation"}, get="302 403 200 200", post="302 403 400 400",
        unchanged=True),
    "exports:download": Row(
        {"pk": "translation", "fmt": "=txt"}, get="302 403 200 200", post="302 405 405 405"),
    "exports:download@approved": Row(
        {"pk": "approved_translation", "fmt": "=txt"}, get="302 403 200 200",
        post="302 405 405 405", unchanged=True),

    "editor:translation": Row({"pk": "translation"}, get="302 403 200 200", post="302 405 405 405"),
    "editor:translation@approved": Row(
        {"pk": "approved_translation"}, get="302 403 200 200", post="302 405 405 405",
        unchanged=True),
    "editor:row": Row({"pk": "segment"}, get="302 403 302 302", post="302 405 405 405"),
    "editor:edit": Row({"pk": "segment"}, get="302 403 200 200", post="302 405 405 405"),
    "editor:edit@approved": Row(
        {"pk": "approved_segment"}, get="302 403 200 200", post="302 405 405 405", unchanged=True),
    "editor:save": Row({"pk": "segment"}, get="302 405 405 405", post="302 403 400 400"),
    "editor:save@approved": Row(
        {"pk": "approved_segment"},
        data={"text": "changed", "version": "{approved_segment_version}", "action": "save"},
        get="302 405 405 405", post="302 403 200 200", unchanged=True),
    "editor:save@valid": Row(
        {"pk": "segment"},
        data={"text": "changed", "version": "{segment_version}", "action": "save"},
        get="302 405 405 405", post="302 403 302 302"),
    "editor:retranslate": Row({"pk": "segment"}, get="302 405 405 405", post="302 403 400 400"),
    "editor:retranslate@approved": Row(
        {"pk": "approved_segment"}, data={"version": "{approved_segment_version}"},
        get="302 405 405 405", post="302 403 200 200", unchanged=True),
    "editor:dismiss": Row({"pk": "segment"}, get="302 405 405 405", post="302 403 400 400"),
    "editor:next-flagged": Row(
        {"pk": "translation"}, get="302 403 302 302", post="302 405 405 405"),
    "editor:replace": Row({"pk": "translation"}, get="302 403 200 200", post="302 403 400 400"),
    "editor:replace@approved": Row(
        {"pk": "approved_translation"}, get="302 403 200 200", post="302 403 400 400",
        unchanged=True),
    "editor:concordance": Row(
        {"pk": "translation"}, get="302 403 200 200", post="302 405 405 405"),
    "editor:confirm-memory": Row(
        {"pk": "translation"}, get="302 405 405 405", post="302 403 302 302"),
    "editor:confirm-memory@approved": Row(
        {"pk": "approved_translation"}, get="302 405 405 405", post="302 403 302 302",
        unchanged=True),
    "editor:propagate": Row({"pk": "segment"}, get="302 405 405 405", post="302 403 302 302"),
    "editor:propagate@approved": Row(
        {"pk": "approved_segment"}, get="302 405 405 405", post="302 403 302 302",
        unchanged=True),
    "editor:comments": Row({"pk": "segment"}, get="302 403 200 200", post="302 403 302 302"),
    "editor:history": Row({"pk": "segment"}, get="302 403 200 200", post="302 405 405 405"),
    "editor:approval": Row({"pk": "article"}, get="302 403 200 200", post="302 405 405 405"),
    "editor:approve": Row({"pk": "article"}, get="302 405 405 405", post="302 403 403 302"),
    "editor:approve@approved": Row(
        {"pk": "approved"}, get="302 405 405 405", post="302 403 403 302", unchanged=True),
    "editor:send-back": Row({"pk": "article"}, get="302 405 405 405", post="302 403 403 302"),
    "editor:send-back@approved": Row(
        {"pk": "approved"}, get="302 405 405 405", post="302 403 403 302"),

    "articles:list": Row(get="302 403 200 200", post="302 405 405 405"),
    "articles:create": Row(get="302 403 200 200", post="302 403 200 200"),
    "articles:langpacks": Row(get="302 403 200 200", post="302 405 405 405"),
    "articles:langpack_upload": Row(get="302 405 405 405", post="302 403 403 400"),
    "articles:langpack_upload_status": Row(
        {"pk": "upload"}, get="302 403 403 200", post="302 405 405 405"),
    "articles:langpack_install_here": Row(
        {"pk": "upload"}, get="302 405 405 405", post="302 403 403 302", unchanged=True),
    "articles:langpack_remove": Row(
        {"source": "=xx", "target": "=yy"}, get="302 403 403 302", post="302 403 403 302",
        unchanged=True),
    "articles:detail": Row({"pk": "article"}, get="302 403 200 200", post="302 405 405 405"),
    "articles:detail@approved": Row(
        {"pk": "approved"}, get="302 403 200 200", post="302 405 405 405", unchanged=True),
    "articles:progress": Row({"pk": "translation"}, get="302 403 200 200", post="302 405 405 405"),
    "articles:text": Row({"pk": "translation"}, get="302 403 200 200", post="302 405 405 405"),
    "articles:download": Row({"pk": "translation"}, get="302 403 200 200", post="302 405 405 405"),
    "articles:cancel": Row({"pk": "translation"}, get="302 405 405 405", post="302 403 302 302"),
    "articles:cancel@approved": Row(
        {"pk": "approved_translation"}, get="302 405 405 405", post="302 403 302 302",
        unchanged=True),
    "articles:retry": Row({"pk": "translation"}, get="302 405 405 405", post="302 403 302 302"),
    "articles:retry@approved": Row(
        {"pk": "approved_translation"}, get="302 405 405 405", post="302 403 302 302",
        unchanged=True),
    "articles:reenforce": Row({"pk": "translation"}, get="302 405 405 405", post="302 403 403 302"),
    "articles:reenforce@approved": Row(
        {"pk": "approved_translation"}, get="302 405 405 405", post="302 403 403 302",
        unchanged=True),
    "articles:candidates_scan": Row(
        {"pk": "article"}, get="302 405 405 405", post="302 403 302 302"),
}
# fmt: on


def admin_rows() -> dict[str, Row]:
    """The admin is for superusers only: every admin URL sends all four roles to its login
    page, except the login page itself (and logout, which needs POST)."""
    rows = {
        "admin:login": Row(get="200 200 200 200", post="200 200 200 200"),
        "admin:logout": Row(get="302 302 302 302", post="302 302 302 302"),
    }
    redirect = "302 302 302 302"
    simple = ["index", "password_change", "password_change_done", "autocomplete", "jsi18n"]
    for name in simple:
        rows[f"admin:{name}"] = Row(get=redirect, post=redirect)
    rows["admin:app_list"] = Row({"app_label": "=glossary"}, get=redirect, post=redirect)
    rows["admin:view_on_site"] = Row(
        {"content_type_id": "=1", "object_id": "=1"}, get=redirect, post=redirect
    )
    rows["admin:auth_user_password_change"] = Row({"id": "=1"}, get=redirect, post=redirect)
    # Unnamed: the catch-all, and each model's old-style change URL.
    rows["/admin/(?P<url>.*)$"] = Row(path="/admin/no/such/page/", get=redirect, post=redirect)
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        prefix = f"admin:{app_label}_{model_name}"
        rows[f"{prefix}_changelist"] = Row(get=redirect, post=redirect)
        rows[f"{prefix}_add"] = Row(get=redirect, post=redirect)
        for action in ("history", "delete", "change"):
            rows[f"{prefix}_{action}"] = Row({"object_id": "=1"}, get=redirect, post=redirect)
        route = f"/admin/{app_label}/{model_name}/<path:object_id>/"
        rows[route] = Row(path=f"/admin/{app_label}/{model_name}/1/", get=redirect, post=redirect)
    return rows


def all_rows() -> dict[str, Row]:
    return {**admin_rows(), **TABLE}


def url_names() -> dict[str, str]:
    """Every pattern of the URLconf: its full name (or its route, when it has none)."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, space, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                key = f"{namespace}{entry.name}" if entry.name else route
                found.setdefault(key, route)

    walk(get_resolver().url_patterns, "", "/")
    return found


@dataclass
class World:
    """The desk the matrix runs against: real rows made through the services."""

    ids: dict[str, Any]
    users: dict[str, User | None]

    def clients(self) -> dict[str, Callable[[], Client]]:
        """A fresh client per request, logged in to the role's one session: a request that
        logs out (or rotates the session) cannot change who the next one is."""
        cookies: dict[str, str] = {}
        for role, user in self.users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

        def make(role: str) -> Callable[[], Client]:
            def client() -> Client:
                fresh = Client()
                if role in cookies:
                    fresh.cookies[settings.SESSION_COOKIE_NAME] = cookies[role]
                return fresh

            return client

        return {role: make(role) for role in self.users}


def build_world() -> World:
    tess = _user("tess", "Translators")
    eddie = _user("eddie", "Editors")
    olga = _user("olga", None)
    edna = _user("edna", "Editors")

    def translated(title: str) -> Article:
        article = intake.article_create(
            author=tess, title=title, source_language="en", target_languages=["ko"],
            text="Pyongyang fired a missile. Seoul condemned it.\n\nThe UN will meet.",
        )  # fmt: skip
        for translation in Translation.objects.filter(article=article):
            pipeline.translation_run(translation_id=translation.pk, worker="matrix")
        return Article.objects.get(pk=article.pk)

    concept = term_services.concept_propose(
        user=eddie, terms=[TermData("en", "Pyongyang"), TermData("ko", "평양")], approve=True
    )
    article = translated("Talks")
    approved = translated("Approved talks")
    workflow.article_approve(article=approved, user=eddie, override_reason="matrix")
    assert Article.objects.get(pk=approved.pk).status == Article.Status.APPROVED
    translation = article.translations.get()
    approved_translation = approved.translations.get()
    proposal = term_services.concept_propose(
        user=tess, terms=[TermData("en", "Seoul"), TermData("ko", "서울")]
    )
    proposed = Term.objects.get(concept=proposal, language="ko")
    entry = memory_record(
        source_text="Seoul condemned it.", target_text="서울은 이를 규탄했다.",
        source_language="en", target_language="ko", user=tess, article_id=article.pk,
    )  # fmt: skip
    now = timezone.now()
    candidate = TermCandidate.objects.create(
        language="en", text="Kim Yo Jong", key="kim yo jong", first_seen=now, last_seen=now
    )
    CandidateOccurrence.objects.create(
        candidate=candidate, source_id=article.pk, source_title=article.title, seen_at=now
    )
    ignored = IgnoredTerm.objects.create(language="en", text="Tuesday", key="tuesday")
    batch = ImportBatch.objects.create(
        created_by=tess, filename="terms.csv", format="csv", content="en,ko\nSeoul,서울\n"
    )
    other_batch = ImportBatch.objects.create(
        created_by=edna, filename="theirs.csv", format="csv", content="en,ko\nTokyo,도쿄\n"
    )
    tess_token, _ = tokens.token_create(user=tess, name="matrix")
    edna_token, _ = tokens.token_create(user=edna, name="matrix")
    hook = webhooks.webhook_create(
        user=eddie, url="http://127.0.0.1:9/hook", events=["translation.done"]
    )
    other_hook = webhooks.webhook_create(
        user=edna, url="http://127.0.0.1:9/theirs", events=["translation.done"]
    )
    # Language packs: the editor may manage them; the upload failed its checks (nothing to
    # install), and no pack xx→yy exists (nothing on disk to remove).
    eddie.user_permissions.add(Permission.objects.get(codename="manage_langpacks"))
    upload = LanguagePackUpload.objects.create(
        uploaded_by=eddie, filename="bad.argosmodel", status=LanguagePackUpload.Status.FAILED
    )
    delivery = WebhookDelivery.objects.create(webhook=hook, event="translation.done", body="{}")
    feed = Feed.objects.create(
        url="http://127.0.0.1:9/wire.xml", title="Wire", source_language="en",
        target_languages=["ko"], auto_translate=False, created_by=eddie,
    )  # fmt: skip
    feed_entry = FeedEntry.objects.create(
        feed=feed, item_id="item-1", title="Waiting item", link="http://127.0.0.1:9/item-1"
    )
    notification = Notification.objects.create(
        recipient=tess, kind=Notification.Kind.TRANSLATION_DONE, message="Done.", link="/"
    )
    other_notification = Notification.objects.create(
        recipient=edna, kind=Notification.Kind.TRANSLATION_DONE, message="Theirs.", link="/"
    )
    other_delivery = WebhookDelivery.objects.create(
        webhook=other_hook, event="translation.done", body="{}"
    )
    ids = {
        "article": article.pk, "approved": approved.pk,
        "translation": translation.pk, "approved_translation": approved_translation.pk,
        "segment": translation.segments.order_by("order").first().pk,  # type: ignore[union-attr]
        "approved_segment":
            approved_translation.segments.order_by("order").first().pk,  # type: ignore[union-attr]
        "concept": concept.pk, "term": concept.terms.get(language="en").pk,
        "proposed": proposed.pk, "candidate": candidate.pk, "ignored": ignored.pk,
        "entry": entry.pk, "batch": batch.pk, "other_batch": other_batch.pk,
        "token": tess_token.pk, "other_token": edna_token.pk,
        "webhook": hook.pk, "other_webhook": other_hook.pk,
        "delivery": delivery.pk, "other_delivery": other_delivery.pk, "upload": upload.pk,
        "notification": notification.pk, "other_notification": other_notification.pk,
        "feed": feed.pk, "feed_entry": feed_entry.pk,
    }  # fmt: skip
    for name in ("segment", "approved_segment"):
        ids[f"{name}_version"] = Segment.objects.get(pk=ids[name]).version
    return World(ids=ids, users={"anonymous": None, "no group": olga,
                                 "translator": tess, "editor": eddie})  # fmt: skip


def resolve(world: World, row: Row) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, source in row.kwargs.items():
        kwargs[name] = source[1:] if source.startswith("=") else world.ids[source]
    return kwargs


def snapshot() -> list[Any]:
    rows: list[Any] = []
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            rows.append((model._meta.label, list(model.objects.order_by("pk").values_list())))
    return rows


LOGIN_PAGES = ("/login/", "/admin/login/")


def refused(status: int, location: str) -> bool:
    return status >= 400 or (status == 302 and location.startswith(LOGIN_PAGES))


def check_csp(key: str, response: Any) -> str | None:
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    policy = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in policy or "'unsafe-eval'" in policy:
        return f"{key}: HTML without a strict Content-Security-Policy: {policy!r}"
    if "'unsafe-inline'" in policy and not key.startswith("api:redoc"):
        return f"{key}: 'unsafe-inline' in {policy!r}"
    return None


@pytest.fixture
def world(db: None, fake_engine: object, settings: Any) -> World:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def test_every_url_pattern_has_a_row() -> None:
    names = url_names()
    declared = {key.split("@", 1)[0] for key in all_rows()}
    missing = sorted(set(names) - declared)
    stale = sorted(declared - set(names))
    assert not missing, (
        "URLs without a row in tests/security/test_authz_matrix.py TABLE (see the module's "
        f"docstring): {[f'{name} ({names[name]})' for name in missing]}"
    )
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# Who may do what is decided by the views' decorators and the services' role checks, the same
# on either database; on PostgreSQL the 1,384 requests and their snapshots took 100 s against
# 27 s on SQLite, for no new finding, so the matrix runs in the SQLite pass only.
@pytest.mark.backend_independent
@pytest.mark.django_db
def test_authorization_matrix(world: World) -> None:
    clients = world.clients()
    before = snapshot()
    problems: list[str] = []
    requests = 0
    for key, row in sorted(all_rows().items()):
        url = row.path or reverse(key.split("@", 1)[0], kwargs=resolve(world, row))
        for method in METHODS:
            for role, expected in zip(ROLES, row.expected(method), strict=True):
                cache.clear()  # API throttles
                with transaction.atomic():
                    client = clients[role]()
                    if method == "GET":
                        response = client.get(url)
                    else:
                        data = {k: v.format(**world.ids) for k, v in row.data.items()}
                        response = client.post(url, data)
                    requests += 1
                    status = response.status_code
                    location = response.get("Location", "")
                    if status not in expected:
                        wanted = "|".join(map(str, sorted(expected)))
                        problems.append(f"{key} {method} as {role}: {status}, expected {wanted}")
                    elif (row.unchanged or refused(status, location)) and snapshot() != before:
                        why = "unchanged case" if row.unchanged else f"refused ({status})"
                        problems.append(f"{key} {method} as {role}: {why}, but the database "
                                        "changed")  # fmt: skip
                    csp = check_csp(key, response)
                    if csp:
                        problems.append(csp)
                    transaction.set_rollback(True)
    assert requests == len(all_rows()) * len(ROLES) * len(METHODS)
    assert not problems, f"{len(problems)} of {requests} requests:\n" + "\n".join(problems)


def surprise(request: Any) -> Any:  # pragma: no cover - never requested
    raise AssertionError


#: The desk's URLconf plus one URL nobody declared (for the test below).
urlpatterns = [*get_resolver("newsapp.urls").url_patterns, path("surprise/", surprise, name="new")]


@pytest.mark.urls(__name__)
def test_a_url_without_a_row_fails() -> None:
    with pytest.raises(AssertionError, match=r"without a row.*'new \(/surprise/\)'"):
        test_every_url_pattern_has_a_row()


@pytest.mark.django_db
def test_the_snapshot_sees_a_changed_field(world: World) -> None:
    before = snapshot()
    Article.objects.filter(pk=world.ids["approved"]).update(title="Changed")
    assert snapshot() != before
