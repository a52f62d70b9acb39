"""The translator workspace, namespace "editor".

Included from the root URLconf (newsapp/urls.py), before the articles include:
``path("", include("newsapp.articles.urls_editor"))``.
"""

from django.urls import path

from newsapp.articles import views_editor as views

app_name = "editor"

urlpatterns = [
    path("translations/<int:pk>/edit/", views.translation_editor, name="translation"),
    path("segments/<int:pk>/", views.segment_row, name="row"),
    path("segments/<int:pk>/edit/", views.segment_edit, name="edit"),
    path("segments/<int:pk>/save/", views.segment_save, name="save"),
    path("segments/<int:pk>/retranslate/", views.segment_retranslate, name="retranslate"),
    path("segments/<int:pk>/history/", views.segment_history, name="history"),
    path("articles/<int:pk>/approval/", views.article_approval, name="approval"),
    path("articles/<int:pk>/approve/", views.article_approve, name="approve"),
    path("articles/<int:pk>/send-back/", views.article_send_back, name="send-back"),
]
