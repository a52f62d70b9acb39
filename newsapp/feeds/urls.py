"""Feed pages, namespace "feeds"."""

from django.urls import path

from newsapp.feeds import views

app_name = "feeds"

urlpatterns = [
    path("", views.feed_list, name="list"),
    path("new/", views.feed_create, name="create"),
    path("<int:pk>/", views.feed_detail, name="detail"),
    path("<int:pk>/edit/", views.feed_edit, name="edit"),
    path("<int:pk>/pause/", views.feed_pause, name="pause"),
    path("<int:pk>/resume/", views.feed_resume, name="resume"),
    path("<int:pk>/poll/", views.feed_poll_now, name="poll"),
    path("entries/<int:pk>/translate/", views.entry_translate, name="entry-translate"),
]
