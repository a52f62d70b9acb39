from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

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
    path("exports/", include("newsapp.articles.urls_exports")),
    path("", include("newsapp.articles.urls_editor")),
    path("", include("newsapp.articles.urls")),
]
