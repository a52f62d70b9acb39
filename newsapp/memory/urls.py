from django.urls import path

from newsapp.memory import views

app_name = "memory"

urlpatterns = [
    path("", views.memory_list, name="list"),
    path("import/", views.memory_import, name="import"),
    path("export.tmx", views.memory_export, name="export"),
    path("entries/<int:pk>/", views.memory_entry, name="entry"),
    path("entries/<int:pk>/delete/", views.memory_entry_delete, name="entry-delete"),
]
