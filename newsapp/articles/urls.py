"""The articles app's URLs, in three namespaces: "articles", "editor" and "exports".

The root URLconf includes each list with its namespace.
"""

from django.urls import path

from newsapp.articles.views import articles, editor, exports, langpacks

article_patterns = [
    path("", articles.article_list, name="list"),
    path("new/", articles.article_create, name="create"),
    path("<int:pk>/", articles.article_detail, name="detail"),
    path("translations/<int:pk>/progress/", articles.translation_progress, name="progress"),
    path("translations/<int:pk>/text/", articles.translation_text, name="text"),
    path("translations/<int:pk>/download.txt", articles.translation_download, name="download"),
    path("translations/<int:pk>/cancel/", articles.translation_cancel, name="cancel"),
    path("translations/<int:pk>/retry/", articles.translation_retry, name="retry"),
    path("translations/<int:pk>/reenforce/", articles.translation_reenforce, name="reenforce"),
    path("language-packs/", langpacks.langpacks_page, name="langpacks"),
    path("language-packs/upload/", langpacks.langpack_upload, name="langpack_upload"),
    path(
        "language-packs/uploads/<int:pk>/",
        langpacks.langpack_upload_status,
        name="langpack_upload_status",
    ),
    path(
        "language-packs/uploads/<int:pk>/install-here/",
        langpacks.langpack_install_here,
        name="langpack_install_here",
    ),
    path(
        "language-packs/<str:source>/<str:target>/remove/",
        langpacks.langpack_remove,
        name="langpack_remove",
    ),
    path("<int:pk>/candidates/scan/", articles.candidates_scan, name="candidates_scan"),
]

editor_patterns = [
    path("translations/<int:pk>/edit/", editor.translation_editor, name="translation"),
    path("segments/<int:pk>/", editor.segment_row, name="row"),
    path("segments/<int:pk>/edit/", editor.segment_edit, name="edit"),
    path("segments/<int:pk>/save/", editor.segment_save, name="save"),
    path("segments/<int:pk>/retranslate/", editor.segment_retranslate, name="retranslate"),
    path("segments/<int:pk>/history/", editor.segment_history, name="history"),
    path("segments/<int:pk>/dismiss/", editor.segment_dismiss, name="dismiss"),
    path("segments/<int:pk>/propagate/", editor.segment_propagate, name="propagate"),
    path("segments/<int:pk>/comments/", editor.segment_comments, name="comments"),
    path("translations/<int:pk>/replace/", editor.translation_replace, name="replace"),
    path("translations/<int:pk>/concordance/", editor.translation_concordance, name="concordance"),
    path(
        "translations/<int:pk>/confirm-memory/",
        editor.translation_confirm_memory,
        name="confirm-memory",
    ),
    path(
        "translations/<int:pk>/edit/next-flagged/",
        editor.translation_next_flagged,
        name="next-flagged",
    ),
    path("articles/<int:pk>/approval/", editor.article_approval, name="approval"),
    path("articles/<int:pk>/approve/", editor.article_approve, name="approve"),
    path("articles/<int:pk>/send-back/", editor.article_send_back, name="send-back"),
]

export_patterns = [
    path("translations/<int:pk>/", exports.translation_exchange, name="exchange"),
    path("translations/<int:pk>/download/<slug:fmt>/", exports.translation_export, name="download"),
]
