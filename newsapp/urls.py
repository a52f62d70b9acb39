from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import last_modified
from django.views.i18n import JavaScriptCatalog

from newsapp.api import urls as api_urls
from newsapp.articles import urls as article_urls
from newsapp.health import healthz
from newsapp.ops.views import metrics

#: The catalogues change only with a deploy, which restarts the processes.
CATALOG_TIME = timezone.now().replace(microsecond=0)

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
    # The scripts' catalogue: every page loads it before its scripts, so the browser keeps it
    # for a day (it varies on the language cookie and Accept-Language) and a 304 answers a
    # repeat after a deploy's restart.
    path(
        "jsi18n/",
        cache_control(max_age=86400, private=True)(
            last_modified(lambda request: CATALOG_TIME)(
                login_not_required(JavaScriptCatalog.as_view())
            )
        ),
        name="javascript-catalog",
    ),
    path("notifications/", include("newsapp.notifications.urls")),
    path("", include((article_urls.editor_patterns, "editor"))),
    path("", include((article_urls.article_patterns, "articles"))),
]
