"""The API under ``/api/`` (namespace "api") and the account pages under ``/account/``
(namespace "account"). API views authenticate themselves (token or session), so the login
middleware lets them through and they answer 401 instead of redirecting."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from newsapp.api.views import articles, desk, glossary, pages, webhooks
from newsapp.api.views.errors import ApiNotFound


class IdConverter:
    """A database id: 1 to 18 digits (a longer number is no id, and overflows SQLite)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "api_id")

app_name = "api"

v1 = [
    path("articles/", articles.ArticleList.as_view(), name="article-list"),
    path("articles/<api_id:pk>/", articles.ArticleDetail.as_view(), name="article-detail"),
    path("articles/<api_id:pk>/approve/", articles.ArticleApprove.as_view(),
         name="article-approve"),
    path("articles/<api_id:pk>/send-back/", articles.ArticleSendBack.as_view(),
         name="article-send-back"),
    path("translations/<api_id:pk>/", articles.TranslationDetail.as_view(),
         name="translation-detail"),
    path("translations/<api_id:pk>/cancel/", articles.TranslationCancel.as_view(),
         name="translation-cancel"),
    path("translations/<api_id:pk>/retry/", articles.TranslationRetry.as_view(),
         name="translation-retry"),
    path("translations/<api_id:pk>/segments/", articles.TranslationSegments.as_view(),
         name="translation-segments"),
    path("translations/<api_id:pk>/export/<str:fmt>/", articles.TranslationExport.as_view(),
         name="translation-export"),
    path("segments/<api_id:pk>/", articles.SegmentDetail.as_view(), name="segment-detail"),
    path("segments/<api_id:pk>/retranslate/", articles.SegmentRetranslate.as_view(),
         name="segment-retranslate"),
    path("segments/<api_id:pk>/revisions/", articles.SegmentRevisions.as_view(),
         name="segment-revisions"),
    path("glossary/concepts/", glossary.ConceptList.as_view(), name="concept-list"),
    path("glossary/concepts/<api_id:pk>/", glossary.ConceptDetail.as_view(), name="concept-detail"),
    path("glossary/concepts/<api_id:pk>/terms/", glossary.ConceptTerms.as_view(),
         name="concept-terms"),
    path("glossary/terms/<api_id:pk>/", glossary.TermDetail.as_view(), name="term-detail"),
    path("glossary/terms/<api_id:pk>/approve/", glossary.TermApprove.as_view(),
         name="term-approve"),
    path("glossary/terms/<api_id:pk>/reject/", glossary.TermReject.as_view(), name="term-reject"),
    path("glossary/review/", glossary.ReviewQueue.as_view(), name="review-queue"),
    path("glossary/lookup/", glossary.Lookup.as_view(), name="glossary-lookup"),
    path("glossary/imports/", glossary.ImportCreate.as_view(), name="import-create"),
    path("glossary/imports/<uuid:batch_id>/", glossary.ImportDetail.as_view(),
         name="import-detail"),
    path("glossary/imports/<uuid:batch_id>/apply/", glossary.ImportApply.as_view(),
         name="import-apply"),
    path("glossary/export/", glossary.Export.as_view(), name="glossary-export"),
    path("memory/lookup/", desk.MemoryLookup.as_view(), name="memory-lookup"),
    path("memory/entries/", desk.MemoryEntries.as_view(), name="memory-entries"),
    path("engines/", desk.Engines.as_view(), name="engines"),
    path("language-pairs/", desk.LanguagePairs.as_view(), name="language-pairs"),
    path("translate", desk.Translate.as_view(), name="translate"),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<api_id:pk>/", webhooks.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<api_id:pk>/deliveries/", webhooks.WebhookDeliveries.as_view(),
         name="webhook-deliveries"),
    path("webhooks/<api_id:pk>/deliveries/<api_id:delivery_pk>/redeliver/",
         webhooks.DeliveryRedeliver.as_view(), name="webhook-redeliver"),
]  # fmt: skip

#: Swagger UI and ReDoc start from static scripts (templates in newsapp/api/templates/api/).
#: ReDoc styles itself with injected <style> elements and searches in a blob: worker: that
#: one page's Content-Security-Policy allows both (docs/security.md).
_redoc = SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
docs = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="swagger",
    ),
    path(
        "redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(_redoc),
        name="redoc",
    ),
]


def _self_authenticating(patterns: list[URLPattern]) -> list[URLPattern]:
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns


urlpatterns = [
    path("v1/", include(_self_authenticating(v1))),
    *_self_authenticating(docs),
    # Anything else under /api/ answers the API's JSON 404, not the site's HTML page.
    *_self_authenticating([re_path(r"^.*$", ApiNotFound.as_view(), name="not-found")]),
]

account_patterns = [
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<api_id:pk>/revoke/", pages.token_revoke, name="token-revoke"),
    path("webhooks/", pages.webhook_list, name="webhooks"),
    path("webhooks/<api_id:pk>/", pages.webhook_detail, name="webhook"),
    path("webhooks/<api_id:pk>/delete/", pages.webhook_delete, name="webhook-delete"),
    path("webhooks/<api_id:pk>/rotate-secret/", pages.webhook_rotate, name="webhook-rotate"),
    path(
        "webhooks/<api_id:pk>/deliveries/<api_id:delivery_pk>/redeliver/",
        pages.delivery_redeliver,
        name="webhook-redeliver",
    ),
]
