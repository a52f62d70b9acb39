from django.urls import path

from newsapp.articles import views_exports

app_name = "exports"

urlpatterns = [
    path("translations/<int:pk>/", views_exports.translation_exchange, name="exchange"),
    path(
        "translations/<int:pk>/download/<slug:fmt>/",
        views_exports.translation_export,
        name="download",
    ),
]
