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
    path("review/bulk/", views.review_bulk, name="review_bulk"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:batch_id>/", views.import_preview, name="import_preview"),
    path("export/", views.export, name="export"),
]

urlpatterns += [
    path("candidates/", views.candidate_queue, name="candidates"),
    path("candidates/bulk-accept/", views.candidates_bulk_accept, name="candidates_bulk_accept"),
    path("candidates/<int:pk>/accept/", views.candidate_accept, name="candidate_accept"),
    path("candidates/<int:pk>/variant/", views.candidate_variant, name="candidate_variant"),
    path("candidates/<int:pk>/dismiss/", views.candidate_dismiss, name="candidate_dismiss"),
    path(
        "candidates/source/<int:source_id>/", views.candidates_for_source, name="candidates_source"
    ),
    path("candidates/ignored/", views.ignored_list, name="ignored"),
    path("candidates/ignored/<int:pk>/remove/", views.ignored_remove, name="ignored_remove"),
]
