from django.urls import path

from glossary import views

app_name = "glossary"

urlpatterns = [
    path("", views.concept_list, name="list"),
    path("propose/", views.concept_propose, name="propose"),
    path("concepts/<int:pk>/", views.concept_detail, name="concept"),
    path("concepts/<int:pk>/edit/", views.concept_edit, name="concept_edit"),
    path("concepts/<int:pk>/terms/new/", views.term_propose, name="term_propose"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("terms/<int:pk>/review/", views.term_review, name="term_review"),
    path("review/", views.review_queue, name="review"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:batch_id>/", views.import_preview, name="import_preview"),
    path("export/", views.export, name="export"),
]
