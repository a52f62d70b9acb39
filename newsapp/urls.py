from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from newsapp.api import urls as api_urls
from newsapp.articles import urls as article_urls
from newsapp.health import healthz
from newsapp.ops.views import metrics

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("glossary/", include("glossary.urls")),
    path("memory/", include("newsapp.memory.urls")),
    path("feeds/", include("newsapp.feeds.urls")),  # --- feeds ---
    path("api/", include("newsapp.api.urls")),
    path("account/", include((api_urls.account_patterns, "account"))),
    path("exports/", include((article_urls.export_patterns, "exports"))),
    path("preferences/", include("newsapp.accounts.urls")),
    path(
        "jsi18n/",
        login_not_required(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
    path("notifications/", include("newsapp.notifications.urls")),
    path("", include((article_urls.editor_patterns, "editor"))),
    path("", include((article_urls.article_patterns, "articles"))),
]
