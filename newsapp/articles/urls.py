from django.urls import path

from newsapp.articles import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.article_create, name="create"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("translations/<int:pk>/progress/", views.translation_progress, name="progress"),
    path("translations/<int:pk>/text/", views.translation_text, name="text"),
    path("translations/<int:pk>/download.txt", views.translation_download, name="download"),
    path("translations/<int:pk>/cancel/", views.translation_cancel, name="cancel"),
    path("translations/<int:pk>/retry/", views.translation_retry, name="retry"),
    path("translations/<int:pk>/reenforce/", views.translation_reenforce, name="reenforce"),
    path("language-packs/", views.langpacks, name="langpacks"),
]
