"""The API under ``/api/`` (namespace "api") and the account pages under ``/account/``
(namespace "account"). API views authenticate themselves (token or session), so the login
middleware lets them through and they answer 401 instead of redirecting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from newsapp.api.views import articles, desk, glossary, pages, webhooks

app_name = "api"

v1 = [
    path("articles/", articles.ArticleList.as_view(), name="article-list"),
    path("articles/<int:pk>/", articles.ArticleDetail.as_view(), name="article-detail"),
    path("articles/<int:pk>/approve/", articles.ArticleApprove.as_view(), name="article-approve"),
    path("articles/<int:pk>/send-back/", articles.ArticleSendBack.as_view(),
         name="article-send-back"),
    path("translations/<int:pk>/", articles.TranslationDetail.as_view(),
         name="translation-detail"),
    path("translations/<int:pk>/cancel/", articles.TranslationCancel.as_view(),
         name="translation-cancel"),
    path("translations/<int:pk>/retry/", articles.TranslationRetry.as_view(),
         name="translation-retry"),
    path("translations/<int:pk>/segments/", articles.TranslationSegments.as_view(),
         name="translation-segments"),
    path("translations/<int:pk>/export/<str:fmt>/", articles.TranslationExport.as_view(),
         name="translation-export"),
    path("segments/<int:pk>/", articles.SegmentDetail.as_view(), name="segment-detail"),
    path("segments/<int:pk>/retranslate/", articles.SegmentRetranslate.as_view(),
         name="segment-retranslate"),
    path("segments/<int:pk>/revisions/", articles.SegmentRevisions.as_view(),
         name="segment-revisions"),
    path("glossary/concepts/", glossary.ConceptList.as_view(), name="concept-list"),
    path("glossary/concepts/<int:pk>/", glossary.ConceptDetail.as_view(), name="concept-detail"),
    path("glossary/concepts/<int:pk>/terms/", glossary.ConceptTerms.as_view(),
         name="concept-terms"),
    path("glossary/terms/<int:pk>/", glossary.TermDetail.as_view(), name="term-detail"),
    path("glossary/terms/<int:pk>/approve/", glossary.TermApprove.as_view(), name="term-approve"),
    path("glossary/terms/<int:pk>/reject/", glossary.TermReject.as_view(), name="term-reject"),
    path("glossary/review/", glossary.ReviewQueue.as_view(), name="review-queue"),
    path("glossary/lookup/", glossary.Lookup.as_view(), name="glossary-lookup"),
    path("glossary/imports/", glossary.ImportCreate.as_view(), name="import-create"),
    path("glossary/imports/<uuid:batch_id>/apply/", glossary.ImportApply.as_view(),
         name="import-apply"),
    path("glossary/export/", glossary.Export.as_view(), name="glossary-export"),
    path("memory/lookup/", desk.MemoryLookup.as_view(), name="memory-lookup"),
    path("memory/entries/", desk.MemoryEntries.as_view(), name="memory-entries"),
    path("engines/", desk.Engines.as_view(), name="engines"),
    path("language-pairs/", desk.LanguagePairs.as_view(), name="language-pairs"),
    path("translate", desk.Translate.as_view(), name="translate"),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", webhooks.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<int:pk>/deliveries/", webhooks.WebhookDeliveries.as_view(),
         name="webhook-deliveries"),
    path("webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
         webhooks.DeliveryRedeliver.as_view(), name="webhook-redeliver"),
]  # fmt: skip

docs = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="swagger"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]


def _self_authenticating(patterns: list[URLPattern]) -> list[URLPattern]:
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns


urlpatterns = [path("v1/", include(_self_authenticating(v1))), *_self_authenticating(docs)]

account_patterns = [
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token-revoke"),
    path("webhooks/", pages.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", pages.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/delete/", pages.webhook_delete, name="webhook-delete"),
    path("webhooks/<int:pk>/rotate-secret/", pages.webhook_rotate, name="webhook-rotate"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        pages.delivery_redeliver,
        name="webhook-redeliver",
    ),
]
